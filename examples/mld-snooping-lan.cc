/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * An MLD-snooping switch (RFC 4541): one router port and 8 host ports. The router R is
 * the MLDv2 querier of the LAN and sends ff1e::1 and ff1e::2 (--rate pkt/s each); the
 * switch sends each group's data only out of the ports whose hosts listen, and H8 sends
 * ff1e::3, which nobody joins, so that it goes to the router port only.
 *
 *                        R   (MLDv2 querier, source of ff1e::1 and ff1e::2)
 *                        |   port 0: a router port once R's first query is heard
 *   +--------------------------------------------+
 *   |  SW  (MldSnoopingBridgeNetDevice, 9 ports)  |
 *   +--------------------------------------------+
 *     |    |    |    |    |    |    |    |         ports 1 to 8
 *     H1   H2   H3   H4   H5   H6   H7   H8        (H3: MLDv1 host; port 3: fast leave)
 *
 *  t(s)  event
 *   1    R starts sending; nobody listens yet: nothing leaves the switch but to R
 *   2    H1 joins ff1e::1
 *   4    H2 joins ff1e::1, H3 joins ff1e::2
 *   6    H4 joins ff1e::2
 *  15    H1 leaves ff1e::1    (R's Multicast-Address-Specific Queries: port 1 out ~2 s later)
 *  20    H3 leaves ff1e::2    (fast leave: port 3 out at once)
 *  25    H8 sends ff1e::3 until 30 (nobody listens: router port only)
 *  35    R stops; 40 end
 *
 * Output: the MDB changes and router ports as the switch's traces see them, the MDB as
 * `bridge mdb show` prints it at 10, 18 and 32 s, and how many data frames left each port.
 * Every port of the switch writes a pcap, <outputDir>/mld-snooping-lan-<node>-<device>.pcap
 * (node 9 is the switch, its device i is port i): data appears only on member and router
 * ports. --snooping=false floods like BridgeNetDevice, for comparison.
 *
 * --querier: a LAN without a router. R is a plain host (still the source) and the switch is
 * the snooping querier (MLDv2 queries every 10 s, from a link-local address made from its
 * MAC): it learns the members from the answers to its own queries, sends H1's leave its
 * Multicast-Address-Specific Queries out of port 1, and, having no router port, sends
 * ff1e::3 nowhere.
 *
 *   ./ns3 run "mld-snooping-lan --outputDir=mld-output"
 *   ./ns3 run "mld-snooping-lan --querier --outputDir=mld-output"
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/mld-module.h"
#include "ns3/network-module.h"

#include <iomanip>
#include <iostream>

using namespace ns3;

namespace
{

/// Data frames (UDP) sent out of each switch port.
std::vector<uint32_t> g_dataOut;

/// MacTx of a switch port: the frame has its Ethernet header.
void
CountData(uint32_t port, Ptr<const Packet> packet)
{
    uint8_t bytes[14 + 40];
    if (packet->GetSize() >= sizeof(bytes))
    {
        packet->CopyData(bytes, sizeof(bytes));
        if (bytes[12] == 0x86 && bytes[13] == 0xdd && bytes[14 + 6] == 17)
        {
            g_dataOut[port]++;
        }
    }
}

/// MdbEntryAdded / MdbEntryRemoved sink.
void
OnMdb(std::string what, Ipv6Address group, uint32_t port)
{
    std::cout << std::fixed << std::setprecision(3) << Simulator::Now().GetSeconds()
              << "s  SW  port " << port << " " << what << " " << group << "\n";
}

/// RouterPortAdded / RouterPortRemoved sink.
void
OnRouterPort(std::string what, uint32_t port)
{
    std::cout << std::fixed << std::setprecision(3) << Simulator::Now().GetSeconds()
              << "s  SW  port " << port << " " << what << "\n";
}

/// QuerierChanged sink.
void
OnQuerier(bool isQuerier, Ipv6Address querier)
{
    std::cout << std::fixed << std::setprecision(3) << Simulator::Now().GetSeconds() << "s  SW  "
              << (isQuerier ? "is the querier, from " : "is no querier; querier ") << querier
              << "\n";
}

/// Print the MDB.
void
PrintMdb(Ptr<MldSnoopingBridgeNetDevice> bridge)
{
    std::cout << "\n== MDB at " << Simulator::Now().GetSeconds() << " s\n";
    bridge->PrintMdb(std::cout);
    std::cout << "\n";
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string outputDir = "mld-output";
    double stopTime = 40;
    uint32_t rate = 10;
    bool snooping = true;
    bool querier = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("outputDir", "Folder for the pcaps", outputDir);
    cmd.AddValue("stopTime", "Simulated seconds", stopTime);
    cmd.AddValue("rate", "Packets per second sent to each group", rate);
    cmd.AddValue("snooping", "Snoop MLD (false: flood, as BridgeNetDevice)", snooping);
    cmd.AddValue("querier", "No MLD router: the switch is the snooping querier", querier);
    cmd.Parse(argc, argv);

    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    SystemPath::MakeDirectories(outputDir);

    const uint32_t hosts = 8;
    NodeContainer ends(hosts + 1); // R, H1 ... H8
    Ptr<Node> router = ends.Get(0);
    Ptr<Node> sw = CreateObject<Node>();

    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    csma.SetChannelAttribute("Delay", TimeValue(NanoSeconds(6560)));
    NetDeviceContainer endDevices;
    MldSnoopingBridgeHelper bridgeHelper;
    bridgeHelper.SetDeviceAttribute("Snooping", BooleanValue(snooping));
    bridgeHelper.SetDeviceAttribute("Querier", BooleanValue(querier));
    bridgeHelper.SetDeviceAttribute("QueryInterval", TimeValue(Seconds(10)));
    bridgeHelper.SetDeviceAttribute("QueryResponseInterval", TimeValue(Seconds(2)));
    bridgeHelper.SetDeviceAttribute("StartupQueryInterval", TimeValue(Seconds(2.5)));
    Ptr<MldSnoopingBridgeNetDevice> bridge = DynamicCast<MldSnoopingBridgeNetDevice>(
        bridgeHelper.InstallStar(sw, ends, csma, &endDevices).Get(0));
    NetDeviceContainer ports;
    for (uint32_t i = 0; i < bridge->GetNBridgePorts(); ++i)
    {
        ports.Add(bridge->GetBridgePort(i));
    }
    bridge->SetFastLeave(3, true);

    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(ends);
    Ipv6AddressHelper addresses;
    addresses.SetBase(Ipv6Address("2001:db8::"), Ipv6Prefix(64));
    addresses.Assign(endDevices);

    MldHelper mld;
    mld.SetQuerierAttribute("Version", StringValue("MLDv2"));
    mld.SetQuerierAttribute("QueryInterval", TimeValue(Seconds(10)));
    mld.SetQuerierAttribute("QueryResponseInterval", TimeValue(Seconds(2)));
    for (uint32_t i = 0; i < ends.GetN(); ++i)
    {
        mld.SetListenerAttribute("Version", StringValue(i == 3 ? "MLDv1" : "MLDv2"));
        mld.Install(ends.Get(i));
    }
    if (!querier)
    {
        mld.SetRouter(router);
    }
    mld.AssignStreams(ends, 100);

    // Sources: R (ff1e::1, ff1e::2) and H8 (ff1e::3), out of their only interface.
    const Ipv6Address g1("ff1e::1");
    const Ipv6Address g2("ff1e::2");
    const Ipv6Address g3("ff1e::3");
    const uint16_t udpPort = 9;
    Ipv6StaticRoutingHelper staticRouting;

    struct Source
    {
        uint32_t node;     //!< index in ends
        Ipv6Address group; //!< the group
        double start;      //!< start (s)
        double stop;       //!< stop (s)
    };

    for (const Source& s : std::vector<Source>{{0, g1, 1, 35}, {0, g2, 1, 35}, {8, g3, 25, 30}})
    {
        Ptr<Node> node = ends.Get(s.node);
        staticRouting.GetStaticRouting(node->GetObject<Ipv6>())
            ->AddNetworkRouteTo(Ipv6Address("ff00::"), Ipv6Prefix(8), 1);
        OnOffHelper onoff("ns3::UdpSocketFactory", Inet6SocketAddress(s.group, udpPort));
        onoff.SetConstantRate(DataRate(100 * 8 * rate), 100);
        ApplicationContainer app = onoff.Install(node);
        app.Start(Seconds(s.start));
        app.Stop(Seconds(s.stop));
    }

    struct Membership
    {
        uint32_t node;     //!< index in ends
        Ipv6Address group; //!< the group
        double start;      //!< join (s)
        double stop;       //!< leave (s)
    };

    std::vector<Membership> memberships{{1, g1, 2, 15},
                                        {2, g1, 4, 1000},
                                        {3, g2, 4, 20},
                                        {4, g2, 6, 1000}};
    std::vector<Ptr<MldReceiver>> receivers;
    for (const Membership& m : memberships)
    {
        Ptr<MldReceiver> receiver = CreateObject<MldReceiver>();
        receiver->SetAttribute("Group", Ipv6AddressValue(m.group));
        receiver->SetAttribute("Port", UintegerValue(udpPort));
        ends.Get(m.node)->AddApplication(receiver);
        receiver->SetStartTime(Seconds(m.start));
        receiver->SetStopTime(Seconds(m.stop));
        receivers.push_back(receiver);
    }

    bridge->TraceConnectWithoutContext("MdbEntryAdded",
                                       MakeBoundCallback(&OnMdb, std::string("joins")));
    bridge->TraceConnectWithoutContext("MdbEntryRemoved",
                                       MakeBoundCallback(&OnMdb, std::string("leaves")));
    bridge->TraceConnectWithoutContext(
        "RouterPortAdded",
        MakeBoundCallback(&OnRouterPort, std::string("is a router port")));
    bridge->TraceConnectWithoutContext(
        "RouterPortRemoved",
        MakeBoundCallback(&OnRouterPort, std::string("is no router port")));
    bridge->TraceConnectWithoutContext("QuerierChanged", MakeCallback(&OnQuerier));
    g_dataOut.assign(ports.GetN(), 0);
    for (uint32_t i = 0; i < ports.GetN(); ++i)
    {
        ports.Get(i)->TraceConnectWithoutContext("MacTx", MakeBoundCallback(&CountData, i));
    }
    for (double t : {10.0, 18.0, 32.0})
    {
        Simulator::Schedule(Seconds(t), &PrintMdb, bridge);
    }
    csma.EnablePcap(outputDir + "/mld-snooping-lan", ports);

    Simulator::Stop(Seconds(stopTime));
    Simulator::Run();

    std::cout << "\n== Data frames out of each switch port (snooping " << (snooping ? "on" : "off")
              << ")\n";
    uint32_t total = 0;
    for (uint32_t i = 0; i < g_dataOut.size(); ++i)
    {
        std::cout << "  port " << i << (i == 0 ? " (R)" : " (H" + std::to_string(i) + ")") << ": "
                  << g_dataOut[i] << "\n";
        total += g_dataOut[i];
    }
    std::cout << "  total: " << total << "\n\n== Receivers\n";
    for (size_t i = 0; i < memberships.size(); ++i)
    {
        std::cout << "  H" << memberships[i].node << " " << memberships[i].group << ": "
                  << receivers[i]->GetReceived() << " packets\n";
    }
    const MldSnoopingStatistics& stats = bridge->GetStatistics();
    std::cout << "\n== SW: " << stats.queries << " queries, " << stats.reports
              << " reports and dones snooped; " << stats.dataSnooped << " data frames by the MDB, "
              << stats.dataFlooded << " flooded; " << stats.malformed << " malformed; "
              << stats.queriesSent << " queries sent as snooping querier\n";
    std::cout << "\npcaps: " << outputDir
              << "/mld-snooping-lan-9-<port>.pcap (node 9: the switch; device i: port i)\n";
    Simulator::Destroy();
    return 0;
}
