/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * Benchmark: one CSMA LAN with a querier and N hosts, each joined to G groups,
 * with churn (leave and rejoin), for a fixed simulated time. Prints one line of
 * figures per run:
 *
 *   wall time, events executed, simulated/real speed, peak RSS, heap bytes per
 *   membership record, MLD messages sent, events executed while idle.
 *
 * --baseline runs the same topology without MLD, carrying as many plain ICMPv6
 * packets (echo requests to ff02::1) as the MLD run sent, at the same average
 * rate: the difference is what MLD costs beyond ns-3's own packet handling.
 *
 * scripts/benchmark.sh runs the whole grid (N = 10, 100, 1000; G = 1, 20;
 * MLDv1 and MLDv2), each scenario in its own process so that peak RSS is its own.
 */

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/mld-module.h"
#include "ns3/network-module.h"

#include <chrono>
#include <iomanip>
#include <iostream>
#include <malloc.h>
#include <sys/resource.h>

using namespace ns3;

namespace
{
uint64_t g_mldSent = 0; //!< MLD messages sent by every node

void
CountTx(uint32_t, uint8_t, Ipv6Address, Ipv6Address, Ipv6Address)
{
    ++g_mldSent;
}

/// Heap bytes in use (glibc).
size_t
HeapInUse()
{
    struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

/// Peak resident set size in MiB.
double
PeakRssMiB()
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

/// Group number g (ff15::1:g).
Ipv6Address
Group(uint32_t g)
{
    std::ostringstream s;
    s << "ff15::1:" << std::hex << (g + 1);
    return Ipv6Address(s.str().c_str());
}

/// Leave a group and join it again one second later.
void
Churn(Ptr<MldProtocol> mld,
      Ptr<UniformRandomVariable> pick,
      Ptr<ExponentialRandomVariable> gap,
      uint32_t groups,
      Time until)
{
    Ipv6Address group = Group(pick->GetInteger(0, groups - 1));
    mld->Leave(1, group);
    Simulator::Schedule(Seconds(1), &MldProtocol::Join, mld, 1, group);
    Time next = Seconds(gap->GetValue());
    if (Simulator::Now() + next < until)
    {
        Simulator::Schedule(next, &Churn, mld, pick, gap, groups, until);
    }
}

/// Send one ICMPv6 echo request to ff02::1 from a host (baseline traffic).
void
SendEcho(Ptr<Socket> socket)
{
    Icmpv6Echo echo(true);
    echo.SetId(1);
    echo.SetSeq(1);
    Ptr<Packet> p = Create<Packet>(16);
    p->AddHeader(echo);
    socket->SendTo(p, 0, Inet6SocketAddress(Ipv6Address::GetAllNodesMulticast(), 0));
}
} // namespace

int
main(int argc, char* argv[])
{
    uint32_t hosts = 100;
    uint32_t groups = 1;
    uint32_t version = 1;
    double simTime = 300;
    double churnMean = 30;
    bool baseline = false;
    uint64_t baselinePackets = 0;
    bool header = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("hosts", "Number of hosts N", hosts);
    cmd.AddValue("groups", "Groups per host G", groups);
    cmd.AddValue("mldVersion", "MLD version of hosts and querier (1 or 2)", version);
    cmd.AddValue("simTime", "Simulated seconds", simTime);
    cmd.AddValue("churnMean", "Mean seconds between a host's leave/rejoin", churnMean);
    cmd.AddValue("baseline", "Run without MLD, sending baselinePackets ICMPv6 packets", baseline);
    cmd.AddValue("baselinePackets", "Plain ICMPv6 packets in the baseline run", baselinePackets);
    cmd.AddValue("header", "Print the column header", header);
    cmd.Parse(argc, argv);

    if (header)
    {
        std::cout << "mode      ver N     G   wall_s  events      sim/real  peakRSS_MiB "
                     "B/record  mld_msgs  idle_events\n";
    }

    NodeContainer nodes(hosts + 1);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("1Gbps")));
    csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(1)));
    NetDeviceContainer devices = csma.Install(nodes);
    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(nodes);
    Ipv6AddressHelper addresses;
    addresses.SetBase(Ipv6Address("2001:db8:1::"), Ipv6Prefix(64));
    addresses.Assign(devices);

    size_t heapBefore = 0;
    size_t heapAfter = 0;
    Time until = Seconds(simTime);
    if (!baseline)
    {
        MldHelper mld;
        mld.SetListenerAttribute("Version", UintegerValue(version));
        TypeId querierType = MldQuerier::GetTypeId();
        TypeId::AttributeInformation info;
        if (querierType.LookupAttributeByName("Version", &info))
        {
            mld.SetQuerierAttribute("Version", UintegerValue(version));
        }
        mld.Install(nodes);
        mld.SetRouter(nodes.Get(0));
        mld.AssignStreams(nodes, 1);
        for (uint32_t i = 0; i < nodes.GetN(); ++i)
        {
            nodes.Get(i)->GetObject<MldProtocol>()->TraceConnectWithoutContext(
                "Tx",
                MakeCallback(&CountTx));
        }
        // Memory: heap growth while N x G records are created (before the run, so no
        // packets are in flight).
        heapBefore = HeapInUse();
        for (uint32_t h = 1; h <= hosts; ++h)
        {
            for (uint32_t g = 0; g < groups; ++g)
            {
                nodes.Get(h)->GetObject<MldProtocol>()->Join(1, Group(g));
            }
        }
        heapAfter = HeapInUse();
        // Churn during the first two thirds; the last third is idle but for queries.
        for (uint32_t h = 1; h <= hosts; ++h)
        {
            Ptr<UniformRandomVariable> pick = CreateObject<UniformRandomVariable>();
            Ptr<ExponentialRandomVariable> gap = CreateObject<ExponentialRandomVariable>();
            gap->SetAttribute("Mean", DoubleValue(churnMean));
            pick->SetStream(10000 + 2 * h);
            gap->SetStream(10001 + 2 * h);
            Simulator::Schedule(Seconds(2 + gap->GetValue()),
                                &Churn,
                                nodes.Get(h)->GetObject<MldProtocol>(),
                                pick,
                                gap,
                                groups,
                                until * 2 / 3);
        }
    }
    else
    {
        // The same number of plain ICMPv6 packets, spread evenly over the run.
        std::vector<Ptr<Socket>> sockets;
        for (uint32_t h = 1; h <= hosts; ++h)
        {
            Ptr<Socket> s = Socket::CreateSocket(nodes.Get(h), Ipv6RawSocketFactory::GetTypeId());
            s->SetAttribute("Protocol", UintegerValue(Icmpv6L4Protocol::PROT_NUMBER));
            s->Bind6();
            s->BindToNetDevice(devices.Get(h));
            sockets.push_back(s);
        }
        for (uint64_t k = 0; k < baselinePackets; ++k)
        {
            Time at = Seconds(simTime * (k + 0.5) / std::max<uint64_t>(baselinePackets, 1));
            Simulator::Schedule(at, &SendEcho, sockets[k % sockets.size()]);
        }
    }

    // Events executed in the idle last sixth (no churn, queries only).
    uint64_t idleStartEvents = 0;
    Simulator::Schedule(until * 5 / 6,
                        [&idleStartEvents]() { idleStartEvents = Simulator::GetEventCount(); });

    Simulator::Stop(until);
    auto start = std::chrono::steady_clock::now();
    Simulator::Run();
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    uint64_t events = Simulator::GetEventCount();
    uint64_t idleEvents = events - idleStartEvents;
    Simulator::Destroy();

    uint64_t records = static_cast<uint64_t>(hosts) * groups;
    double perRecord = records && heapAfter > heapBefore
                           ? static_cast<double>(heapAfter - heapBefore) / records
                           : 0;
    std::cout << std::left << std::setw(10) << (baseline ? "baseline" : "mld") << std::setw(4)
              << (baseline ? 0 : version) << std::setw(6) << hosts << std::setw(4) << groups
              << std::right << std::fixed << std::setprecision(2) << std::setw(7) << wall << " "
              << std::setw(11) << events << " " << std::setw(8) << std::setprecision(1)
              << (wall > 0 ? simTime / wall : 0) << " " << std::setw(11) << std::setprecision(1)
              << PeakRssMiB() << " " << std::setw(9) << std::setprecision(0) << perRecord << " "
              << std::setw(9) << (baseline ? baselinePackets : g_mldSent) << " " << std::setw(12)
              << idleEvents << "\n";
    return 0;
}
