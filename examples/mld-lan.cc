/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * One CSMA LAN: a querier (an MLD router) and four hosts that join and leave
 * groups over time.
 *
 *   querier   h1   h2   h3   h4
 *      |      |    |    |    |
 *   ==========================  CSMA, 100 Mb/s, 6560 ns
 *
 *  t(s)  event
 *   2    h1 joins ff15::1234
 *   3    h2 joins ff15::1234   (a second listener: its report suppresses h1's next one)
 *   4    h3 joins ff15::abcd
 *   5    h4 joins ff15::1234 twice (refcount 2)
 *  30    h4 leaves once        (membership stays)
 *  40    h1 leaves ff15::1234
 *  50    h2 leaves ff15::1234
 *  55    h4 leaves ff15::1234 (last reference)
 *  60    h3 leaves ff15::abcd
 *
 * The querier sends General Queries every QueryInterval and, after each
 * Done, Multicast-Address-Specific Queries. Checksums are on and every
 * device writes a pcap: <outputDir>/mld-lan-<node>-<device>.pcap.
 * The summary lists messages by type, each host's records at the end, and
 * the time from each join to its first report.
 */

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/mld-module.h"
#include "ns3/network-module.h"

#include <iomanip>
#include <iostream>
#include <map>
#include <sys/stat.h>

using namespace ns3;

namespace
{
/// Messages sent, by ICMPv6 type.
std::map<uint8_t, uint32_t> g_sentByType;
/// Join time of (node, group) waiting for its first report.
std::map<std::pair<uint32_t, Ipv6Address>, Time> g_pendingJoin;
/// Lines of the join-to-first-report table.
std::vector<std::string> g_latency;

void
CountTx(uint32_t node,
        uint32_t interface,
        uint8_t type,
        Ipv6Address group,
        Ipv6Address source,
        Ipv6Address destination)
{
    ++g_sentByType[type];
    auto it = g_pendingJoin.find({node, group});
    if ((type == MldHeader::LISTENER_REPORT || type == MldHeader::V2_LISTENER_REPORT) &&
        it != g_pendingJoin.end())
    {
        std::ostringstream line;
        std::ostringstream groupText;
        groupText << group;
        line << "  node " << node << " " << std::left << std::setw(14) << groupText.str()
             << std::right << " joined " << std::fixed << std::setprecision(3)
             << it->second.GetSeconds() << " s, first report " << Simulator::Now().GetSeconds()
             << " s, latency " << (Simulator::Now() - it->second).GetMicroSeconds()
             << " us, source " << source;
        g_latency.push_back(line.str());
        g_pendingJoin.erase(it);
    }
}

void
Join(Ptr<Node> node, Ipv6Address group)
{
    if (!node->GetObject<MldProtocol>()->HasRecord(1, group))
    {
        g_pendingJoin[{node->GetId(), group}] = Simulator::Now();
    }
    MldHelper::Join(node, 1, group);
}

void
Leave(Ptr<Node> node, Ipv6Address group)
{
    MldHelper::Leave(node, 1, group);
}

const char*
TypeName(uint8_t type)
{
    switch (type)
    {
    case MldHeader::LISTENER_QUERY:
        return "Query (130)";
    case MldHeader::LISTENER_REPORT:
        return "Report (131)";
    case MldHeader::LISTENER_DONE:
        return "Done (132)";
    case MldHeader::V2_LISTENER_REPORT:
        return "v2 Report (143)";
    default:
        return "other";
    }
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string outputDir = "mld-output";
    double stopTime = 70;
    Time queryInterval = Seconds(20);
    Time queryResponseInterval = Seconds(5);
    uint32_t seed = 1;
    uint32_t run = 1;

    CommandLine cmd(__FILE__);
    cmd.AddValue("outputDir", "Folder for the pcaps", outputDir);
    cmd.AddValue("stopTime", "Simulated seconds", stopTime);
    cmd.AddValue("queryInterval", "Querier's Query Interval", queryInterval);
    cmd.AddValue("queryResponseInterval",
                 "Querier's Query Response Interval",
                 queryResponseInterval);
    cmd.AddValue("seed", "RngSeed", seed);
    cmd.AddValue("run", "RngRun", run);
    cmd.Parse(argc, argv);

    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    mkdir(outputDir.c_str(), 0755);

    NodeContainer querier(1);
    NodeContainer hosts(4);
    NodeContainer all(querier, hosts);

    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    csma.SetChannelAttribute("Delay", TimeValue(NanoSeconds(6560)));
    NetDeviceContainer devices = csma.Install(all);

    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(all);
    Ipv6AddressHelper addresses;
    addresses.SetBase(Ipv6Address("2001:db8:1::"), Ipv6Prefix(64));
    addresses.Assign(devices);

    MldHelper mld;
    mld.SetQuerierAttribute("QueryInterval", TimeValue(queryInterval));
    mld.SetQuerierAttribute("QueryResponseInterval", TimeValue(queryResponseInterval));
    mld.Install(all);
    mld.SetRouter(querier);
    mld.AssignStreams(all, 100);

    for (uint32_t i = 0; i < all.GetN(); ++i)
    {
        all.Get(i)->GetObject<MldProtocol>()->TraceConnectWithoutContext(
            "Tx",
            MakeBoundCallback(&CountTx, all.Get(i)->GetId()));
    }

    Ipv6Address g1("ff15::1234");
    Ipv6Address g2("ff15::abcd");
    Simulator::Schedule(Seconds(2), &Join, hosts.Get(0), g1);
    Simulator::Schedule(Seconds(3), &Join, hosts.Get(1), g1);
    Simulator::Schedule(Seconds(4), &Join, hosts.Get(2), g2);
    Simulator::Schedule(Seconds(5), &Join, hosts.Get(3), g1);
    Simulator::Schedule(Seconds(5), &Join, hosts.Get(3), g1);
    Simulator::Schedule(Seconds(30), &Leave, hosts.Get(3), g1);
    Simulator::Schedule(Seconds(40), &Leave, hosts.Get(0), g1);
    Simulator::Schedule(Seconds(50), &Leave, hosts.Get(1), g1);
    Simulator::Schedule(Seconds(55), &Leave, hosts.Get(3), g1);
    Simulator::Schedule(Seconds(60), &Leave, hosts.Get(2), g2);

    csma.EnablePcapAll(outputDir + "/mld-lan");
    Ptr<OutputStreamWrapper> out = Create<OutputStreamWrapper>(&std::cout);
    MldHelper::PrintListenerTablesAt(Seconds(35), querier.Get(0), out);

    Simulator::Stop(Seconds(stopTime));
    Simulator::Run();

    std::cout << "\n== MLD messages sent, by type\n";
    for (const auto& [type, count] : g_sentByType)
    {
        std::cout << "  " << std::left << std::setw(14) << TypeName(type) << std::right << count
                  << "\n";
    }
    std::cout << "\n== Records at " << Simulator::Now().As(Time::S) << "\n";
    for (uint32_t i = 0; i < hosts.GetN(); ++i)
    {
        hosts.Get(i)->GetObject<MldProtocol>()->PrintRecords(out);
    }
    std::cout << "\n== Join to first report\n";
    for (const auto& line : g_latency)
    {
        std::cout << line << "\n";
    }
    std::cout << "\npcaps: " << outputDir << "/mld-lan-<node>-<device>.pcap\n";
    Simulator::Destroy();
    return 0;
}
