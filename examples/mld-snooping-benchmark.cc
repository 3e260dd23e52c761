/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * Cost of an MLD-snooping switch against flooding: one switch with a router port and
 * --ports host ports. The router R (MLDv1 querier) sends one group at --rate pkt/s for
 * --simTime seconds; --members hosts (MLD hosts with a stack) listen to it; the other
 * hosts are plain CSMA devices without a stack, which receive what the switch sends them.
 *
 * It prints one line: ports, members, snooping on or off, data frames R sent, data frames
 * that reached hosts (members and the others), packets the members' receivers got, wall
 * time of the run, peak RSS of the process (getrusage, MiB). Run it twice, --snooping=true
 * and --snooping=false (scripts/benchmark.sh snooping runs the grid):
 *
 *   ./ns3 run "mld-snooping-benchmark --ports=1000 --members=10 --snooping=false"
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/mld-module.h"
#include "ns3/network-module.h"

#include <chrono>
#include <iostream>
#include <sys/resource.h>

using namespace ns3;

namespace
{

uint64_t g_dataDelivered = 0; //!< data frames received by hosts (members or not)
uint64_t g_dataSent = 0;      //!< data frames R sent

/**
 * MacRx or MacTx of a device: count UDP frames (the frame has its Ethernet header).
 * \param counter what to count into
 * \param packet the frame
 */
void
CountUdp(uint64_t* counter, Ptr<const Packet> packet)
{
    uint8_t bytes[14 + 40];
    if (packet->GetSize() >= sizeof(bytes))
    {
        packet->CopyData(bytes, sizeof(bytes));
        if (bytes[12] == 0x86 && bytes[13] == 0xdd && bytes[14 + 6] == 17)
        {
            (*counter)++;
        }
    }
}

/// \return the peak resident set size of the process, in MiB (getrusage, as mld-benchmark)
double
PeakRssMiB()
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t hostPorts = 100;
    uint32_t members = 10;
    uint32_t rate = 100;
    double simTime = 30;
    bool snooping = true;

    CommandLine cmd(__FILE__);
    cmd.AddValue("ports", "Host ports of the switch (plus one router port)", hostPorts);
    cmd.AddValue("members", "Hosts that listen to the group (the first ones)", members);
    cmd.AddValue("rate", "Data packets per second", rate);
    cmd.AddValue("simTime", "Simulated seconds", simTime);
    cmd.AddValue("snooping", "Snoop MLD (false: flood, as BridgeNetDevice)", snooping);
    cmd.Parse(argc, argv);
    NS_ABORT_MSG_UNLESS(members <= hostPorts, "more members than host ports");

    auto wallStart = std::chrono::steady_clock::now();
    NodeContainer ends(hostPorts + 1); // R, then the hosts
    Ptr<Node> sw = CreateObject<Node>();
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("1Gbps")));
    csma.SetChannelAttribute("Delay", TimeValue(NanoSeconds(500)));
    NetDeviceContainer endDevices;
    MldSnoopingBridgeHelper bridgeHelper;
    bridgeHelper.SetDeviceAttribute("Snooping", BooleanValue(snooping));
    Ptr<MldSnoopingBridgeNetDevice> bridge = DynamicCast<MldSnoopingBridgeNetDevice>(
        bridgeHelper.InstallStar(sw, ends, csma, &endDevices).Get(0));

    // R and the members have IPv6 and MLD; the other hosts no stack at all.
    NodeContainer stacked;
    NetDeviceContainer stackedDevices;
    for (uint32_t i = 0; i <= members; ++i)
    {
        stacked.Add(ends.Get(i));
        stackedDevices.Add(endDevices.Get(i));
    }
    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(stacked);
    Ipv6AddressHelper addresses;
    addresses.SetBase(Ipv6Address("2001:db8::"), Ipv6Prefix(64));
    addresses.Assign(stackedDevices);
    MldHelper mld;
    mld.Install(stacked);
    mld.SetRouter(ends.Get(0));
    mld.AssignStreams(stacked, 100);

    const Ipv6Address group("ff1e::1");
    Ipv6StaticRoutingHelper staticRouting;
    staticRouting.GetStaticRouting(ends.Get(0)->GetObject<Ipv6>())
        ->AddNetworkRouteTo(Ipv6Address("ff00::"), Ipv6Prefix(8), 1);
    OnOffHelper onoff("ns3::UdpSocketFactory", Inet6SocketAddress(group, 9));
    onoff.SetConstantRate(DataRate(100 * 8 * rate), 100);
    ApplicationContainer source = onoff.Install(ends.Get(0));
    source.Start(Seconds(5));
    source.Stop(Seconds(simTime));

    std::vector<Ptr<MldReceiver>> receivers;
    for (uint32_t i = 1; i <= members; ++i)
    {
        Ptr<MldReceiver> receiver = CreateObject<MldReceiver>();
        receiver->SetAttribute("Group", Ipv6AddressValue(group));
        receiver->SetAttribute("Port", UintegerValue(9));
        ends.Get(i)->AddApplication(receiver);
        receiver->SetStartTime(Seconds(1));
        receivers.push_back(receiver);
    }
    endDevices.Get(0)->TraceConnectWithoutContext("MacTx",
                                                  MakeBoundCallback(&CountUdp, &g_dataSent));
    for (uint32_t i = 1; i < ends.GetN(); ++i)
    {
        endDevices.Get(i)->TraceConnectWithoutContext(
            "MacRx",
            MakeBoundCallback(&CountUdp, &g_dataDelivered));
    }

    Simulator::Stop(Seconds(simTime + 1));
    Simulator::Run();
    uint64_t received = 0;
    for (const auto& receiver : receivers)
    {
        received += receiver->GetReceived();
    }
    const MldSnoopingStatistics& stats = bridge->GetStatistics();
    uint64_t byMdb = stats.dataSnooped;
    uint64_t flooded = stats.dataFlooded;
    Simulator::Destroy();
    double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    std::cout << "ports=" << hostPorts << " members=" << members
              << " snooping=" << (snooping ? "on" : "off") << " sent=" << g_dataSent
              << " delivered=" << g_dataDelivered << " switch_by_mdb=" << byMdb
              << " switch_flooded=" << flooded << " received=" << received << " wall_s=" << wall
              << " peak_rss_mib=" << PeakRssMiB() << "\n";
    return 0;
}
