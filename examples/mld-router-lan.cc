/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * A multicast router and three LANs (MLDv1): the router R forwards a group
 * onto a LAN only while its listener table for that LAN has the group. Hosts
 * join and leave over time, and the data follows them.
 *
 *                S  (source of ff1e::1 and ff1e::2, --rate pkt/s each)
 *                |
 *   LAN A  ==============  2001:db8:a::/64
 *                |
 *                R  (MLD router: querier and forwarder on all three LANs)
 *              /   \
 *   LAN B  =======  =======  LAN C      2001:db8:b::/64, 2001:db8:c::/64
 *          |    |    |    |
 *          B1   B2   C1   C2
 *
 *  t(s)  event
 *   1    S starts sending; R forwards nothing (no listeners)
 *   2    B1 joins ff1e::1          -> R forwards ff1e::1 onto B
 *   5    B2 joins ff1e::1
 *  10    C1 joins ff1e::1          -> R forwards ff1e::1 onto C
 *  15    C2 joins ff1e::1, ff1e::2 -> R forwards ff1e::2 onto C too
 *  20    B1 leaves ff1e::1         (B2 still listens: data keeps flowing)
 *  25    C2 leaves both groups     (ff1e::1 stays, C1 listens; ff1e::2 stops on C)
 *  30    B2 leaves ff1e::1         (B's last listener: ff1e::1 stops on B)
 *  40    S stops; 45 end
 *
 * A host sends a Done only if it sent the group's last report. After a Done
 * R sends Multicast-Address-Specific Queries; when LastListenerQueryCount x
 * LastListenerQueryInterval (2 s) pass unanswered, the group leaves the table
 * and its data stops on that LAN. A join starts the data at once.
 *
 * Output: one line per message about ff1e::1 and ff1e::2 (General Queries
 * with --verbose), per change of R's listener tables, and per start of data
 * on a LAN (MldTraceLogger); R's tables at 17 s and 35 s; what each receiver
 * got and R's forwarding counters. Checksums are on and every device writes a
 * pcap: <outputDir>/mld-router-lan-<node>-<device>.pcap. This is the flagship
 * example (scripts/run-flagship.sh); test/mld-scenario-test.cc checks it.
 *
 *   ./ns3 run "mld-router-lan --outputDir=mld-output"
 */

#include "ns3/applications-module.h"
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
    double stopTime = 45;
    uint32_t rate = 10;
    Time queryInterval = Seconds(10);
    Time queryResponseInterval = Seconds(2);
    bool verbose = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("outputDir", "Folder for the pcaps", outputDir);
    cmd.AddValue("stopTime", "Simulated seconds", stopTime);
    cmd.AddValue("rate", "Packets per second the source sends to each group", rate);
    cmd.AddValue("queryInterval", "Querier's Query Interval", queryInterval);
    cmd.AddValue("queryResponseInterval",
                 "Querier's Query Response Interval",
                 queryResponseInterval);
    cmd.AddValue("verbose", "Print the General Queries too", verbose);
    cmd.Parse(argc, argv);

    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    SystemPath::MakeDirectories(outputDir);

    // Nodes 0 to 5: R, S, B1, B2, C1, C2.
    NodeContainer all(6);
    std::vector<std::string> names{"R", "S", "B1", "B2", "C1", "C2"};
    Ptr<Node> router = all.Get(0);
    Ptr<Node> source = all.Get(1);

    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    csma.SetChannelAttribute("Delay", TimeValue(NanoSeconds(6560)));
    NetDeviceContainer devA = csma.Install(NodeContainer(router, source));
    NetDeviceContainer devB = csma.Install(NodeContainer(router, all.Get(2), all.Get(3)));
    NetDeviceContainer devC = csma.Install(NodeContainer(router, all.Get(4), all.Get(5)));

    // R's IPv6 interfaces 1, 2, 3 are on LANs A, B, C.
    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(all);
    Ipv6AddressHelper addresses;
    addresses.SetBase(Ipv6Address("2001:db8:a::"), Ipv6Prefix(64));
    addresses.Assign(devA);
    addresses.SetBase(Ipv6Address("2001:db8:b::"), Ipv6Prefix(64));
    addresses.Assign(devB);
    addresses.SetBase(Ipv6Address("2001:db8:c::"), Ipv6Prefix(64));
    addresses.Assign(devC);

    MldHelper mld;
    mld.SetQuerierAttribute("QueryInterval", TimeValue(queryInterval));
    mld.SetQuerierAttribute("QueryResponseInterval", TimeValue(queryResponseInterval));
    mld.Install(all);
    mld.SetRouter(router);
    mld.AssignStreams(all, 100);

    // The source sends multicast out of its only interface, with a 33:33 MAC.
    Ipv6StaticRoutingHelper staticRouting;
    staticRouting.GetStaticRouting(source->GetObject<Ipv6>())
        ->AddNetworkRouteTo(Ipv6Address("ff00::"), Ipv6Prefix(8), 1);
    const Ipv6Address g1("ff1e::1");
    const Ipv6Address g2("ff1e::2");
    const uint16_t port = 9;
    const uint32_t packetSize = 100;
    for (Ipv6Address group : {g1, g2})
    {
        OnOffHelper onoff("ns3::UdpSocketFactory", Inet6SocketAddress(group, port));
        onoff.SetConstantRate(DataRate(packetSize * 8 * rate), packetSize);
        ApplicationContainer app = onoff.Install(source);
        app.Start(Seconds(1));
        app.Stop(Seconds(40));
    }

    // Each membership is an MldReceiver: it joins when it starts, leaves when it stops.
    struct Membership
    {
        uint32_t node;     //!< index in all
        Ipv6Address group; //!< the group
        double start;      //!< join time (s)
        double stop;       //!< leave time (s); after the end: never
    };

    std::vector<Membership> memberships{{2, g1, 2, 20},
                                        {3, g1, 5, 30},
                                        {4, g1, 10, 1000},
                                        {5, g1, 15, 25},
                                        {5, g2, 15, 25}};
    std::vector<Ptr<MldReceiver>> receivers;
    for (const Membership& m : memberships)
    {
        Ptr<MldReceiver> receiver = CreateObject<MldReceiver>();
        receiver->SetAttribute("Group", Ipv6AddressValue(m.group));
        receiver->SetAttribute("Port", UintegerValue(port));
        all.Get(m.node)->AddApplication(receiver);
        receiver->SetStartTime(Seconds(m.start));
        receiver->SetStopTime(Seconds(m.stop));
        receivers.push_back(receiver);
    }

    // The hosts' Reports and Dones, R's queries, listener tables and forwarding.
    Ptr<MldTraceLogger> logger = Create<MldTraceLogger>(std::cout);
    logger->AddGroup(g1);
    logger->AddGroup(g2);
    logger->ShowGeneralQueries(verbose);
    logger->Connect(router,
                    "R",
                    MldTraceLogger::TX | MldTraceLogger::LISTENER | MldTraceLogger::FORWARD);
    for (uint32_t i = 2; i < all.GetN(); ++i)
    {
        logger->Connect(all.Get(i), names[i], MldTraceLogger::TX);
    }

    Ptr<OutputStreamWrapper> out = Create<OutputStreamWrapper>(&std::cout);
    MldHelper::PrintListenerTablesAt(Seconds(17), router, out);
    MldHelper::PrintListenerTablesAt(Seconds(35), router, out);
    csma.EnablePcapAll(outputDir + "/mld-router-lan");

    Simulator::Stop(Seconds(stopTime));
    Simulator::Run();
    logger->SetEnabled(false);

    std::cout << "\n== Receivers\n";
    for (size_t i = 0; i < memberships.size(); ++i)
    {
        std::cout << "  " << names[memberships[i].node] << " " << memberships[i].group << ": "
                  << receivers[i]->GetReceived() << " packets";
        if (receivers[i]->GetReceived() > 0)
        {
            std::cout << ", first at " << receivers[i]->GetFirstReceived().As(Time::S)
                      << ", last at " << receivers[i]->GetLastReceived().As(Time::S);
        }
        std::cout << "\n";
    }
    Ptr<MldRouting> routing = router->GetObject<MldProtocol>()->GetRouting();
    std::cout << "\n== R forwarded " << routing->GetForwardedCount()
              << " copies; not forwarded, no listeners: "
              << routing->GetForwardDropCount(MldRouting::NO_LISTENERS) << "\n";
    std::cout << "\npcaps: " << outputDir << "/mld-router-lan-<node>-<device>.pcap (nodes 0 to "
              << "5: R, S, B1, B2, C1, C2; R's devices 0, 1, 2 are on LANs A, B, C)\n";
    Simulator::Destroy();
    return 0;
}
