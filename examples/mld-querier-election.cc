/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * Querier election (RFC 2710 §6): two MLD routers on one LAN. Both start as
 * querier; the one that hears a query from a lower link-local address stops
 * being querier. When the querier's interface goes down, the other router
 * takes over once its Other Querier Present timer expires, OQPI (Robustness x
 * QueryInterval + QueryResponseInterval / 2) after the last query it heard.
 *
 *    R1     R2     H1     H2
 *    |      |      |      |
 *   ===========================  CSMA, 100 Mb/s, 2001:db8:1::/64
 *
 * R1 is fe80::200:ff:fe00:1 and R2 fe80::200:ff:fe00:2 (ns-3 makes link-local
 * addresses from the MACs, given in creation order): R1 wins.
 *
 *  t(s)  event (QueryInterval 10 s, QueryResponseInterval 2 s: OQPI 21 s)
 *   0    R1 and R2 start as querier
 *  ~1    DAD ends; both send a General Query; R2 hears R1's and yields
 *   2    H1 joins ff1e::1; 3 H2 joins ff1e::2 (both routers learn them)
 *  30    R1's interface goes down (--downTime, Ipv6::SetDown)
 *  44.5  R2 becomes querier: last query heard from R1 (23.5 s) + OQPI
 *  60    H1 leaves ff1e::1: R2, now querier, sends the address-specific queries
 *  70    R1's interface comes back up (--upTime): it queries and R2 yields again
 *  80    end
 *
 * Output: one line per QuerierChanged event, per query, per message about
 * ff1e::1 and ff1e::2 and per change of the routers' listener tables
 * (MldTraceLogger); both listener tables 5 s before and 20 s after the
 * interface goes down; the queries each router sent. Checksums are on and
 * every device writes a pcap: <outputDir>/mld-querier-election-<node>-0.pcap.
 * test/mld-scenario-test.cc checks this scenario (suite mld_scenario).
 *
 *   ./ns3 run "mld-querier-election --outputDir=mld-output"
 */

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/mld-module.h"
#include "ns3/network-module.h"

#include <iostream>

using namespace ns3;

/**
 * \brief Take a node's interface 1 down or up, and say so.
 * \param logger the output
 * \param node the node
 * \param name its name
 * \param up true to bring it up
 */
void
SetInterface(Ptr<MldTraceLogger> logger, Ptr<Node> node, std::string name, bool up)
{
    logger->Print("INTERFACE", name, up ? "if=1 up" : "if=1 down");
    if (up)
    {
        node->GetObject<Ipv6>()->SetUp(1);
    }
    else
    {
        node->GetObject<Ipv6>()->SetDown(1);
    }
}

int
main(int argc, char* argv[])
{
    std::string outputDir = "mld-output";
    double stopTime = 80;
    double downTime = 30;
    double upTime = 70;
    Time queryInterval = Seconds(10);
    Time queryResponseInterval = Seconds(2);

    CommandLine cmd(__FILE__);
    cmd.AddValue("outputDir", "Folder for the pcaps", outputDir);
    cmd.AddValue("stopTime", "Simulated seconds", stopTime);
    cmd.AddValue("downTime", "When R1's interface goes down (s)", downTime);
    cmd.AddValue("upTime", "When R1's interface comes back up (s); negative: never", upTime);
    cmd.AddValue("queryInterval", "Routers' Query Interval", queryInterval);
    cmd.AddValue("queryResponseInterval",
                 "Routers' Query Response Interval",
                 queryResponseInterval);
    cmd.Parse(argc, argv);

    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    SystemPath::MakeDirectories(outputDir);

    NodeContainer routers(2);
    NodeContainer hosts(2);
    NodeContainer all(routers, hosts);
    Ptr<Node> r1 = routers.Get(0);
    Ptr<Node> r2 = routers.Get(1);

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
    mld.SetRouter(routers);
    mld.AssignStreams(all, 100);

    // H1 listens to ff1e::1 from 2 s to 60 s, H2 to ff1e::2 from 3 s on.
    const Ipv6Address g1("ff1e::1");
    const Ipv6Address g2("ff1e::2");
    for (uint32_t i = 0; i < hosts.GetN(); ++i)
    {
        Ptr<MldReceiver> receiver = CreateObject<MldReceiver>();
        receiver->SetAttribute("Group", Ipv6AddressValue(i == 0 ? g1 : g2));
        hosts.Get(i)->AddApplication(receiver);
        receiver->SetStartTime(Seconds(2 + i));
        receiver->SetStopTime(Seconds(i == 0 ? 60 : stopTime + 1));
    }

    // The routers' queries and elections, every message about the two groups.
    Ptr<MldTraceLogger> logger = Create<MldTraceLogger>(std::cout);
    logger->AddGroup(g1);
    logger->AddGroup(g2);
    uint32_t routerEvents = MldTraceLogger::TX | MldTraceLogger::QUERIER | MldTraceLogger::LISTENER;
    logger->Connect(r1, "R1", routerEvents);
    logger->Connect(r2, "R2", routerEvents);
    logger->Connect(hosts.Get(0), "H1", MldTraceLogger::TX);
    logger->Connect(hosts.Get(1), "H2", MldTraceLogger::TX);

    Simulator::Schedule(Seconds(downTime), &SetInterface, logger, r1, "R1", false);
    if (upTime >= 0)
    {
        Simulator::Schedule(Seconds(upTime), &SetInterface, logger, r1, "R1", true);
    }
    Ptr<OutputStreamWrapper> out = Create<OutputStreamWrapper>(&std::cout);
    for (double t : {downTime - 5, downTime + 20})
    {
        MldHelper::PrintListenerTablesAt(Seconds(t), r1, out);
        MldHelper::PrintListenerTablesAt(Seconds(t), r2, out);
    }
    csma.EnablePcapAll(outputDir + "/mld-querier-election");

    Ptr<MldQuerier> q2 = r2->GetObject<MldProtocol>()->GetQuerier(1);
    std::cout << "R1 " << r1->GetObject<Ipv6>()->GetAddress(1, 0).GetAddress() << ", R2 "
              << r2->GetObject<Ipv6>()->GetAddress(1, 0).GetAddress() << ". QueryInterval "
              << q2->GetQueryInterval().As(Time::S) << ", QueryResponseInterval "
              << q2->GetQueryResponseInterval().As(Time::S) << ", Robustness "
              << q2->GetRobustness() << ": R2 takes over "
              << q2->GetOtherQuerierPresentInterval().As(Time::S)
              << " (OQPI) after the last query it heard from R1.\n";

    Simulator::Stop(Seconds(stopTime));
    Simulator::Run();
    logger->SetEnabled(false);

    std::cout << "\n== Queries sent: R1 "
              << r1->GetObject<MldProtocol>()->GetStatistics(1).outQueries << ", R2 "
              << r2->GetObject<MldProtocol>()->GetStatistics(1).outQueries << "\n";
    std::cout << "\npcaps: " << outputDir
              << "/mld-querier-election-<node>-0.pcap (R1 node 0, R2 1, H1 2, H2 3)\n";
    Simulator::Destroy();
    return 0;
}
