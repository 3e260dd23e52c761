/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * Data-plane benchmark: what MLD adds to each multicast data packet, on the hosts and on
 * a forwarding router, against ns-3 without MLD doing the same delivery.
 *
 *   --scenario=lan     one CSMA LAN: a UDP multicast source and N receivers joined to
 *                      the group.
 *   --scenario=routed  source LAN (source, router) - router - receiver LAN (router, N
 *                      receivers): the router forwards the group's packets.
 *
 *   --mld=true   MLD on every node (MldHelper::ConfigureStack, Install; the router runs
 *                the router part, and MldRouting forwards by its listener table); the
 *                receivers join with MldProtocol::Join.
 *   --mld=false  ns-3 as it comes: plain Ipv6StaticRouting on every node, the receivers
 *                register the group with Ipv6L3Protocol::AddMulticastAddress, and the
 *                router forwards with a static multicast route
 *                (Ipv6StaticRouting::AddMulticastRoute) and IPv6 forwarding on.
 *
 * The receivers join at 1 s; the source sends one UDP packet (--packetSize octets) every
 * --interval from 2 s on. The measurement window is the --packets packets sent from 3 s
 * on, before the MLD router's second startup General Query (31.25 s with the default
 * Query Interval): in the window only data flows, in both modes.
 *
 * Instructions per node: --measure=source|receivers|router makes the simulator's
 * scheduler (a MapScheduler that looks at each event it hands out) switch callgrind's
 * collection on for the events of those nodes inside the window and off for every other
 * event; run it under
 *   valgrind --tool=callgrind --collect-atstart=no ...
 * and divide the instructions collected by the packets of the window (printed: sent by
 * the source, forwarded by the router, delivered to the receivers' sockets). No trace is
 * connected on the measured nodes but the receivers' socket callbacks, in both modes.
 * Before the run one packet of --poolBuffer real octets (default 1500) goes through ns-3's
 * packet buffer pool, in both modes, so that both compare from the same pool state (see
 * the comment in main). scripts/dataplane-cost.sh does that for both scenarios and modes,
 * and prints the ratios against the targets. Without callgrind (or without its header at
 * build time) --measure changes nothing.
 */

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/map-scheduler.h"
#include "ns3/mld-module.h"
#include "ns3/network-module.h"

#include <chrono>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define MLD_BENCH_CALLGRIND 1
#else
#define MLD_BENCH_CALLGRIND 0
#endif

using namespace ns3;

namespace
{

/**
 * A MapScheduler that switches callgrind's collection on for the events of chosen nodes
 * inside a time window, and off for every other event. The default simulator takes each
 * event from its scheduler (RemoveNext) just before it runs it, and the event's context
 * is the node it runs for (CSMA delivers a frame to each device in that device's node's
 * context).
 */
class AccountingScheduler : public MapScheduler
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::MldBenchAccountingScheduler")
                                .SetParent<MapScheduler>()
                                .SetGroupName("Mld")
                                .AddConstructor<AccountingScheduler>();
        return tid;
    }

    Scheduler::Event RemoveNext() override
    {
        Scheduler::Event event = MapScheduler::RemoveNext();
        bool measured = event.key.m_ts >= s_from && event.key.m_ts < s_to &&
                        event.key.m_context < s_measured.size() && s_measured[event.key.m_context];
        Collect(measured);
        return event;
    }

    /// Switch collection on or off (no-op when already so).
    static void Collect(bool on)
    {
        if (on != s_collecting)
        {
#if MLD_BENCH_CALLGRIND
            CALLGRIND_TOGGLE_COLLECT;
#endif
            s_collecting = on;
        }
    }

    static std::vector<bool> s_measured; //!< by node id: events counted
    static uint64_t s_from;              //!< window start, time steps
    static uint64_t s_to;                //!< window end, time steps
    static bool s_collecting;            //!< collection state
};

std::vector<bool> AccountingScheduler::s_measured;
uint64_t AccountingScheduler::s_from = 0;
uint64_t AccountingScheduler::s_to = 0;
bool AccountingScheduler::s_collecting = false;

NS_OBJECT_ENSURE_REGISTERED(AccountingScheduler);

Time g_windowStart; //!< first packet of the window
Time g_windowEnd;   //!< after the last one
uint64_t g_sent = 0;
uint64_t g_sentInWindow = 0;
uint64_t g_delivered = 0;
uint64_t g_deliveredInWindow = 0;

bool
InWindow()
{
    Time now = Simulator::Now();
    return now >= g_windowStart && now < g_windowEnd;
}

/// Send one packet and schedule the next (in the source's context).
void
SendData(Ptr<Socket> socket, uint32_t size, Time interval, Time stop)
{
    if (Simulator::Now() >= stop)
    {
        return;
    }
    if (InWindow())
    {
        ++g_sentInWindow;
    }
    ++g_sent;
    socket->Send(Create<Packet>(size));
    Simulator::Schedule(interval, &SendData, socket, size, interval, stop);
}

/// A receiver's socket: count and drop every datagram.
void
ReceiveData(Ptr<Socket> socket)
{
    while (Ptr<Packet> p = socket->Recv())
    {
        ++g_delivered;
        if (InWindow())
        {
            ++g_deliveredInWindow;
        }
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string scenario = "lan";
    bool mld = true;
    uint32_t receivers = 10;
    uint32_t version = 1;
    uint32_t packets = 2000;
    uint32_t packetSize = 512;
    double intervalMs = 1;
    std::string measure = "none";
    bool header = false;
    uint32_t poolBuffer = 1500;

    CommandLine cmd(__FILE__);
    cmd.AddValue("scenario",
                 "lan (one LAN) or routed (source LAN - router - receiver LAN)",
                 scenario);
    cmd.AddValue("mld", "MLD on every node (false: ns-3 without MLD, static routes)", mld);
    cmd.AddValue("receivers", "Number of receivers N", receivers);
    cmd.AddValue("mldVersion", "MLD version of hosts and router (1 or 2)", version);
    cmd.AddValue("packets", "Data packets in the measurement window", packets);
    cmd.AddValue("packetSize", "UDP payload octets", packetSize);
    cmd.AddValue("interval", "Milliseconds between two data packets", intervalMs);
    cmd.AddValue("measure",
                 "Nodes whose events callgrind collects inside the window: none, source, "
                 "receivers, router",
                 measure);
    cmd.AddValue("header", "Print the column header", header);
    cmd.AddValue("poolBuffer",
                 "Octets of the one packet of real bytes that goes through ns-3's buffer pool "
                 "before the run, in both modes (0: none)",
                 poolBuffer);
    cmd.Parse(argc, argv);
    NS_ABORT_MSG_IF(scenario != "lan" && scenario != "routed", "unknown scenario " << scenario);
    NS_ABORT_MSG_IF(measure != "none" && measure != "source" && measure != "receivers" &&
                        measure != "router",
                    "unknown --measure " << measure);
    NS_ABORT_MSG_IF(measure == "router" && scenario != "routed", "the lan scenario has no router");

    ObjectFactory schedulerFactory;
    schedulerFactory.SetTypeId(AccountingScheduler::GetTypeId());
    Simulator::SetScheduler(schedulerFactory);

    if (header)
    {
        std::cout << "scenario mode   ver N     packets  sent_w   fwd_w    deliv_w  events     "
                     "wall_s  measure\n";
    }

    bool routed = scenario == "routed";
    Ptr<Node> source = CreateObject<Node>();
    Ptr<Node> router = routed ? CreateObject<Node>() : nullptr;
    NodeContainer hosts(receivers);
    NodeContainer all(source);
    if (routed)
    {
        all.Add(router);
    }
    all.Add(hosts);

    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("1Gbps")));
    csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(1)));
    NetDeviceContainer sourceLan;
    NetDeviceContainer receiverLan;
    if (routed)
    {
        sourceLan = csma.Install(NodeContainer(source, router));
        receiverLan = csma.Install(NodeContainer(NodeContainer(router), hosts));
    }
    else
    {
        receiverLan = csma.Install(NodeContainer(NodeContainer(source), hosts));
    }

    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    if (mld)
    {
        MldHelper::ConfigureStack(stack);
    }
    stack.Install(all);
    Ipv6AddressHelper addresses;
    if (routed)
    {
        addresses.SetBase(Ipv6Address("2001:db8:1::"), Ipv6Prefix(64));
        addresses.Assign(sourceLan);
        addresses.SetBase(Ipv6Address("2001:db8:2::"), Ipv6Prefix(64));
    }
    else
    {
        addresses.SetBase(Ipv6Address("2001:db8:1::"), Ipv6Prefix(64));
    }
    addresses.Assign(receiverLan);

    Ipv6Address group("ff1e::1");
    const uint16_t port = 9;
    Ipv6StaticRoutingHelper staticRouting;
    // The source sends multicast out of its only interface.
    staticRouting.GetStaticRouting(source->GetObject<Ipv6>())
        ->AddNetworkRouteTo(Ipv6Address("ff00::"), Ipv6Prefix(8), 1);

    if (mld)
    {
        MldHelper helper;
        helper.SetListenerAttribute("Version", StringValue(version == 1 ? "MLDv1" : "MLDv2"));
        helper.SetQuerierAttribute("Version", StringValue(version == 1 ? "MLDv1" : "MLDv2"));
        helper.Install(all);
        if (routed)
        {
            helper.SetRouter(router);
        }
        helper.AssignStreams(all, 1);
    }
    else if (routed)
    {
        // The same forwarding without MLD: a static multicast route, forwarding on.
        Ptr<Ipv6> ipv6 = router->GetObject<Ipv6>();
        ipv6->SetForwarding(1, true);
        ipv6->SetForwarding(2, true);
        Ipv6Address origin = source->GetObject<Ipv6>()->GetAddress(1, 1).GetAddress();
        staticRouting.GetStaticRouting(ipv6)->AddMulticastRoute(origin, group, 1, {2});
    }

    // Receivers: a UDP socket each, the group joined at 1 s.
    for (uint32_t h = 0; h < hosts.GetN(); ++h)
    {
        Ptr<Node> host = hosts.Get(h);
        Ptr<Socket> socket = Socket::CreateSocket(host, UdpSocketFactory::GetTypeId());
        socket->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), port));
        socket->SetRecvCallback(MakeCallback(&ReceiveData));
        if (mld)
        {
            Simulator::ScheduleWithContext(host->GetId(),
                                           Seconds(1),
                                           &MldProtocol::Join,
                                           host->GetObject<MldProtocol>(),
                                           1,
                                           group);
        }
        else
        {
            Simulator::ScheduleWithContext(
                host->GetId(),
                Seconds(1),
                static_cast<void (Ipv6L3Protocol::*)(Ipv6Address, uint32_t)>(
                    &Ipv6L3Protocol::AddMulticastAddress),
                host->GetObject<Ipv6L3Protocol>(),
                group,
                1);
        }
    }

    // The source: one packet every interval from 2 s; the window is `packets` of them.
    Time interval = MicroSeconds(static_cast<uint64_t>(intervalMs * 1000));
    g_windowStart = Seconds(3);
    g_windowEnd = g_windowStart + interval * packets;
    Time stop = g_windowEnd + Seconds(1);
    Ptr<Socket> sender = Socket::CreateSocket(source, UdpSocketFactory::GetTypeId());
    sender->Connect(Inet6SocketAddress(group, port));
    Simulator::ScheduleWithContext(source->GetId(),
                                   Seconds(2),
                                   &SendData,
                                   sender,
                                   packetSize,
                                   interval,
                                   stop);

    AccountingScheduler::s_measured.assign(NodeList::GetNNodes(), false);
    if (measure == "source")
    {
        AccountingScheduler::s_measured[source->GetId()] = true;
    }
    else if (measure == "router")
    {
        AccountingScheduler::s_measured[router->GetId()] = true;
    }
    else if (measure == "receivers")
    {
        for (uint32_t h = 0; h < hosts.GetN(); ++h)
        {
            AccountingScheduler::s_measured[hosts.Get(h)->GetId()] = true;
        }
    }
    AccountingScheduler::s_from = g_windowStart.GetTimeStep();
    AccountingScheduler::s_to = g_windowEnd.GetTimeStep();

    // ns-3's Buffer keeps for reuse only buffers of the largest size it has seen, and a
    // packet's zero-filled payload takes no room in it: data from a socket fits small
    // buffers, and the first larger packet of real bytes (an MLDv2 Report, a Router
    // Advertisement, any application that writes its payload) turns that reuse off for
    // them from then on. Both modes start from the same pool: as after one Ethernet-sized
    // packet of real bytes, which any simulation with such traffic has seen.
    if (poolBuffer > 0)
    {
        std::vector<uint8_t> bytes(poolBuffer, 0);
        Create<Packet>(bytes.data(), bytes.size());
    }

    Simulator::Stop(stop + Seconds(0.5));
    auto start = std::chrono::steady_clock::now();
    Simulator::Run();
    AccountingScheduler::Collect(false);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    uint64_t events = Simulator::GetEventCount();
    Simulator::Destroy();

    // Every packet of the window reached every receiver; so the router (no trace on it:
    // a trace would add to what is measured) forwarded each once.
    NS_ABORT_MSG_IF(g_deliveredInWindow != static_cast<uint64_t>(g_sentInWindow) * receivers,
                    "delivered " << g_deliveredInWindow << " of " << g_sentInWindow << " x "
                                 << receivers);
    uint64_t forwardedInWindow = routed ? g_sentInWindow : 0;
    std::cout << std::left << std::setw(9) << scenario << std::setw(7)
              << (mld ? "mld" : (routed ? "static" : "none")) << std::setw(4) << (mld ? version : 0)
              << std::setw(6) << receivers << std::setw(9) << packets << std::setw(9)
              << g_sentInWindow << std::setw(9) << forwardedInWindow << std::setw(9)
              << g_deliveredInWindow << std::setw(11) << events << std::fixed
              << std::setprecision(2) << std::setw(8) << wall << measure << "\n";
    return 0;
}
