/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * One CSMA LAN: a querier (an MLD router) and four hosts whose applications
 * join and leave two groups over 70 s (MLDv1, RFC 2710).
 *
 *   querier   h1   h2   h3   h4
 *      |      |    |    |    |
 *   ==========================  CSMA, 100 Mb/s, 2001:db8:1::/64
 *
 *  t(s)  event
 *   2    h1 joins ff15::1234
 *   3    h2 joins ff15::1234   (a second listener: its report suppresses h1's next one)
 *   4    h3 joins ff15::abcd
 *   5    h4 joins ff15::1234 from two sockets (refcount 2)
 *  30    h4 leaves from one socket (the membership stays: no Done)
 *  35    the querier's listener table is printed
 *  40    h1 leaves ff15::1234
 *  50    h2 leaves ff15::1234
 *  55    h4 leaves from its second socket (last reference)
 *  60    h3 leaves ff15::abcd
 *
 * The querier sends General Queries every --queryInterval and, after each
 * Done, Multicast-Address-Specific Queries; a group leaves its listener table
 * when they go unanswered. The output has one line per message about the two
 * groups and per change of the listener table (MldTraceLogger), then each
 * host's records and message counters at the end. Checksums are on and every
 * device writes a pcap: <outputDir>/mld-lan-<node>-<device>.pcap.
 * test/mld-scenario-test.cc checks this scenario (suite mld_scenario).
 *
 *   ./ns3 run "mld-lan --outputDir=mld-output"     (standalone: build/bin/mld-lan)
 */

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/mld-module.h"
#include "ns3/network-module.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    std::string outputDir = "mld-output";
    double stopTime = 70;
    Time queryInterval = Seconds(20);
    Time queryResponseInterval = Seconds(5);

    CommandLine cmd(__FILE__);
    cmd.AddValue("outputDir", "Folder for the pcaps", outputDir);
    cmd.AddValue("stopTime", "Simulated seconds", stopTime);
    cmd.AddValue("queryInterval", "Querier's Query Interval", queryInterval);
    cmd.AddValue("queryResponseInterval",
                 "Querier's Query Response Interval",
                 queryResponseInterval);
    cmd.Parse(argc, argv);

    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    SystemPath::MakeDirectories(outputDir);

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

    // Each membership is an application that joins when it starts and leaves when it
    // stops (MldReceiver); h4's two, on two ports, are two sockets joined to one group.
    const Ipv6Address g1("ff15::1234");
    const Ipv6Address g2("ff15::abcd");

    struct Membership
    {
        uint32_t host;     //!< index in hosts
        Ipv6Address group; //!< the group
        uint16_t port;     //!< the receiving socket's port
        double start;      //!< join time (s)
        double stop;       //!< leave time (s)
    };

    for (const Membership& m : {Membership{0, g1, 9, 2, 40},
                                Membership{1, g1, 9, 3, 50},
                                Membership{2, g2, 9, 4, 60},
                                Membership{3, g1, 9, 5, 30},
                                Membership{3, g1, 10, 5, 55}})
    {
        Ptr<MldReceiver> receiver = CreateObject<MldReceiver>();
        receiver->SetAttribute("Group", Ipv6AddressValue(m.group));
        receiver->SetAttribute("Port", UintegerValue(m.port));
        hosts.Get(m.host)->AddApplication(receiver);
        receiver->SetStartTime(Seconds(m.start));
        receiver->SetStopTime(Seconds(m.stop));
    }

    // One line per message about the two groups (General Queries included) and per
    // change of the querier's listener table.
    Ptr<MldTraceLogger> logger = Create<MldTraceLogger>(std::cout);
    logger->AddGroup(g1);
    logger->AddGroup(g2);
    logger->Connect(querier.Get(0), "querier", MldTraceLogger::TX | MldTraceLogger::LISTENER);
    for (uint32_t i = 0; i < hosts.GetN(); ++i)
    {
        logger->Connect(hosts.Get(i), "h" + std::to_string(i + 1), MldTraceLogger::TX);
    }

    csma.EnablePcapAll(outputDir + "/mld-lan");
    Ptr<OutputStreamWrapper> out = Create<OutputStreamWrapper>(&std::cout);
    MldHelper::PrintListenerTablesAt(Seconds(35), querier.Get(0), out);

    Simulator::Stop(Seconds(stopTime));
    Simulator::Run();
    logger->SetEnabled(false);

    std::cout << "\n== Records and messages at " << Simulator::Now().As(Time::S) << "\n";
    for (uint32_t i = 0; i < all.GetN(); ++i)
    {
        Ptr<MldProtocol> node = all.Get(i)->GetObject<MldProtocol>();
        node->PrintRecords(out);
        MldInterfaceStatistics s = node->GetStatistics(1);
        std::cout << "  sent: " << s.outQueries << " queries, " << s.outReports << " reports, "
                  << s.outDones << " dones; received: " << s.inQueries << " queries, "
                  << s.inReports << " reports, " << s.inDones << " dones\n";
    }
    std::cout << "\npcaps: " << outputDir << "/mld-lan-<node>-<device>.pcap (node 0 is the "
              << "querier, 1 to 4 are h1 to h4)\n";
    Simulator::Destroy();
    return 0;
}
