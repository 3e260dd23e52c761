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
 * packets as the MLD run sent, at the same average rate: Echo Replies to ff02::1,
 * which every node takes up to its ICMPv6 layer and none answers (an Echo
 * Request to ff02::1 would draw N replies and their neighbor discovery). The
 * difference is what MLD costs beyond ns-3's own packet handling.
 *
 * Idle probe (no event scheduled by an idle membership): --churnMean=0 (no
 * churn), --queryInterval=100000 (one startup query only), --idleFrom=30: after
 * the initial reports nothing should happen, so idle_events should be 0 for any
 * N x G. idle_events counts the events strictly between two probe events at
 * idleFrom and at simTime (the probes and the final Stop event are not counted).
 *
 * Memory: B/record is the heap growth (operator new, in glibc chunk sizes) while the N x G records
 * are created before the run, ns3_B/record the part of it that is ns-3's own
 * (Ipv6L3Protocol's multicast address entry, measured by adding and removing as
 * many entries directly), heapIdle_B the heap in use at idleFrom (read after
 * SettlePacketBufferPool); the difference of heapIdle between G = 20 and G = 1
 * runs divided by N x 19 is the steady-state cost of a record once the run has
 * allocated all its state (scripts/benchmark.sh memory solves it from four runs). With
 * ns-3's default FqCoDel root queue disc an MLDv1 host also keeps one child queue
 * disc per group it has reported (reports go to the group address: one flow per
 * group), several KiB of ns-3 state per record; --queueDisc=false removes the
 * queue discs so that the difference is MLD's (and the IPv6 layer's) own.
 *
 * scripts/benchmark.sh runs the whole grid (N = 10, 100, 1000; G = 1, 20;
 * MLDv1 and MLDv2), each scenario in its own process so that peak RSS is its own.
 */

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/mld-module.h"
#include "ns3/network-module.h"
#include "ns3/traffic-control-module.h"

#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <malloc.h>
#include <new>
#include <sys/resource.h>

using namespace ns3;

namespace
{
/**
 * Heap bytes allocated with operator new and not yet deleted, counted as glibc's
 * chunk sizes (usable size + the 8-byte chunk header). glibc's mallinfo2() cannot
 * be used for this: it counts chunks parked in the per-thread cache (tcache) as
 * in use, so an allocation that reuses one does not show.
 */
size_t g_heapLive = 0;

size_t
ChunkSize(void* p)
{
    return malloc_usable_size(p) + sizeof(size_t);
}

void*
CountedNew(std::size_t size)
{
    void* p = std::malloc(size ? size : 1);
    if (!p)
    {
        throw std::bad_alloc();
    }
    g_heapLive += ChunkSize(p);
    return p;
}

void
CountedDelete(void* p) noexcept
{
    if (p)
    {
        g_heapLive -= ChunkSize(p);
        std::free(p);
    }
}
} // namespace

// Replaced for the whole process, ns-3 and MLD libraries included.
void*
operator new(std::size_t size)
{
    return CountedNew(size);
}

void*
operator new[](std::size_t size)
{
    return CountedNew(size);
}

void
operator delete(void* p) noexcept
{
    CountedDelete(p);
}

void
operator delete[](void* p) noexcept
{
    CountedDelete(p);
}

void
operator delete(void* p, std::size_t) noexcept
{
    CountedDelete(p);
}

void
operator delete[](void* p, std::size_t) noexcept
{
    CountedDelete(p);
}

namespace
{
uint64_t g_mldSent = 0; //!< MLD messages sent by every node

void
CountTx(uint32_t, uint8_t, Ipv6Address, Ipv6Address, Ipv6Address)
{
    ++g_mldSent;
}

/// Heap bytes in use (operator new, see g_heapLive).
size_t
HeapInUse()
{
    return g_heapLive;
}

/**
 * Bring ns-3's packet-buffer pool to the same state in every run. ns-3's Buffer keeps up
 * to 1001 data blocks of finished packets for reuse (buffer.cc, BUFFER_FREE_LIST): how many
 * depends on the traffic peak of the run, not on what is alive, and would add up to
 * ~100 KiB of noise to a heap reading. Empty packets take every pooled block; one large
 * packet then raises the pool's minimum block size, so that only its own block goes back
 * to the pool and the others are freed as the empty packets go.
 */
void
SettlePacketBufferPool()
{
    std::vector<Ptr<Packet>> takers;
    for (int i = 0; i < 1100; ++i)
    {
        takers.push_back(Create<Packet>());
    }
    std::vector<uint8_t> bytes(65536, 0);
    Create<Packet>(bytes.data(), bytes.size()); // pooled as it goes: the one block left
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

/// Send one ICMPv6 Echo Reply to ff02::1 from a host (baseline traffic: every node
/// receives it up to ICMPv6, none answers it).
void
SendEcho(Ptr<Socket> socket)
{
    Icmpv6Echo echo(false);
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
    double queryInterval = 0;
    double idleFrom = -1;
    bool queueDisc = true;

    CommandLine cmd(__FILE__);
    cmd.AddValue("hosts", "Number of hosts N", hosts);
    cmd.AddValue("groups", "Groups per host G", groups);
    cmd.AddValue("mldVersion", "MLD version of hosts and querier (1 or 2)", version);
    cmd.AddValue("simTime", "Simulated seconds", simTime);
    cmd.AddValue("churnMean",
                 "Mean seconds between a host's leave/rejoin (0: no churn)",
                 churnMean);
    cmd.AddValue("queryInterval",
                 "Querier QueryInterval in seconds (0: the default, 125 s)",
                 queryInterval);
    cmd.AddValue("idleFrom",
                 "Start of the idle window counted in idle_events, seconds (default: "
                 "5/6 of simTime)",
                 idleFrom);
    cmd.AddValue("baseline", "Run without MLD, sending baselinePackets ICMPv6 packets", baseline);
    cmd.AddValue("baselinePackets", "Plain ICMPv6 packets in the baseline run", baselinePackets);
    cmd.AddValue("queueDisc",
                 "Keep ns-3's default root queue disc (FqCoDel) on the devices; false "
                 "removes it (memory probe: FqCoDel keeps a child queue disc per flow, "
                 "i.e. per group address an MLDv1 host reports to)",
                 queueDisc);
    cmd.AddValue("header", "Print the column header", header);
    cmd.Parse(argc, argv);

    if (header)
    {
        std::cout << "mode      ver N     G   wall_s  events      sim/real  peakRSS_MiB "
                     "B/record  ns3_B/rec  mld_msgs  idle_events  heapIdle_B\n";
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
    if (!queueDisc)
    {
        TrafficControlHelper().Uninstall(devices);
    }

    size_t heapBefore = 0;
    size_t heapAfter = 0;
    double ns3PerRecord = 0;
    Time until = Seconds(simTime);
    if (!baseline)
    {
        MldHelper mld;
        mld.SetListenerAttribute("Version", StringValue(version == 1 ? "MLDv1" : "MLDv2"));
        mld.SetQuerierAttribute("Version", StringValue(version == 1 ? "MLDv1" : "MLDv2"));
        if (queryInterval > 0)
        {
            mld.SetQuerierAttribute("QueryInterval", TimeValue(Seconds(queryInterval)));
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
        // packets are in flight). One join and leave first, so that one-time
        // allocations and releases of the first call do not count.
        std::vector<Ipv6Address> groupAddresses;
        for (uint32_t g = 0; g < groups; ++g)
        {
            groupAddresses.push_back(Group(g));
        }
        Ptr<MldProtocol> first = nodes.Get(1)->GetObject<MldProtocol>();
        first->Join(1, Group(0x7fff));
        first->Leave(1, Group(0x7fff));
        heapBefore = HeapInUse();
        for (uint32_t h = 1; h <= hosts; ++h)
        {
            Ptr<MldProtocol> protocol = nodes.Get(h)->GetObject<MldProtocol>();
            for (const auto& group : groupAddresses)
            {
                protocol->Join(1, group);
            }
        }
        heapAfter = HeapInUse();
        // ns-3's own part of it: the IPv6 layer's multicast address entry of each
        // record, added and removed directly (other groups, the same count).
        size_t ns3Before = HeapInUse();
        for (uint32_t h = 1; h <= hosts; ++h)
        {
            Ptr<Ipv6L3Protocol> ipv6 = nodes.Get(h)->GetObject<Ipv6L3Protocol>();
            for (uint32_t g = 0; g < groups; ++g)
            {
                ipv6->AddMulticastAddress(Group(g + 0x8000), 1);
            }
        }
        size_t ns3After = HeapInUse();
        for (uint32_t h = 1; h <= hosts; ++h)
        {
            Ptr<Ipv6L3Protocol> ipv6 = nodes.Get(h)->GetObject<Ipv6L3Protocol>();
            for (uint32_t g = 0; g < groups; ++g)
            {
                ipv6->RemoveMulticastAddress(Group(g + 0x8000), 1);
            }
        }
        ns3PerRecord = ns3After > ns3Before ? static_cast<double>(ns3After - ns3Before) /
                                                  (static_cast<double>(hosts) * groups)
                                            : 0;
        // Churn during the first two thirds; the last third is idle but for queries.
        for (uint32_t h = 1; h <= hosts && churnMean > 0; ++h)
        {
            Ptr<UniformRandomVariable> pick = CreateObject<UniformRandomVariable>();
            Ptr<ExponentialRandomVariable> gap = CreateObject<ExponentialRandomVariable>();
            gap->SetAttribute("Mean", DoubleValue(churnMean));
            pick->SetStream(10000 + 2 * h);
            gap->SetStream(10001 + 2 * h);
            Time first = Seconds(2 + gap->GetValue());
            if (first < until * 2 / 3)
            {
                Simulator::Schedule(first,
                                    &Churn,
                                    nodes.Get(h)->GetObject<MldProtocol>(),
                                    pick,
                                    gap,
                                    groups,
                                    until * 2 / 3);
            }
        }
    }
    else
    {
        // The same number of plain ICMPv6 packets, spread evenly over the run.
        std::vector<Ptr<Socket>> sockets;
        for (uint32_t h = 1; h <= hosts; ++h)
        {
            Ptr<Socket> s = Socket::CreateSocket(nodes.Get(h), Ipv6RawSocketFactory::GetTypeId());
            s->SetAttribute("Protocol", UintegerValue(iana::internetprotocolnumbers::ICMPV6));
            s->Bind6();
            s->BindToNetDevice(devices.Get(h));
            s->ShutdownRecv(); // the senders do not queue the others' packets
            sockets.push_back(s);
        }
        for (uint64_t k = 0; k < baselinePackets; ++k)
        {
            Time at = Seconds(simTime * (k + 0.5) / std::max<uint64_t>(baselinePackets, 1));
            Simulator::Schedule(at, &SendEcho, sockets[k % sockets.size()]);
        }
    }

    // Events executed in the idle window [idleFrom, simTime): by default the last
    // sixth (no churn, queries only). Both probes read the count inside an event;
    // the count includes the event being executed, hence the - 1 below.
    Time idleStart = idleFrom >= 0 ? Seconds(idleFrom) : until * 5 / 6;
    uint64_t idleStartEvents = 0;
    uint64_t idleEndEvents = 0;
    size_t heapIdle = 0;
    mldcompat::ScheduleCallable(idleStart, [&idleStartEvents, &heapIdle]() {
        idleStartEvents = Simulator::GetEventCount();
        SettlePacketBufferPool();
        heapIdle = HeapInUse();
    });
    // Scheduled before Stop(until), so it runs before the Stop event at the same time.
    mldcompat::ScheduleCallable(until,
                                [&idleEndEvents]() { idleEndEvents = Simulator::GetEventCount(); });

    Simulator::Stop(until);
    auto start = std::chrono::steady_clock::now();
    Simulator::Run();
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    uint64_t events = Simulator::GetEventCount();
    uint64_t idleEvents = idleEndEvents - idleStartEvents - 1;
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
              << std::setw(10) << ns3PerRecord << " " << std::setw(9)
              << (baseline ? baselinePackets : g_mldSent) << " " << std::setw(12) << idleEvents
              << " " << std::setw(11) << heapIdle << "\n";
    return 0;
}
