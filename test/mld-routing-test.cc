/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// MldRouting as the node's IPv6 routing protocol: an Ipv6ListRouting that holds the
// node's Ipv6StaticRouting (MldHelper::ConfigureStack) and routes as that protocol alone,
// or an empty member of the user's own list; its forwarding route cache (RFC 2710 §4,
// RFC 9777 §7: forwarding follows the listener table).

#include "mld-test-util.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <sstream>
#include <vector>

using namespace ns3;
using namespace mldtest;

namespace
{

/// Group g: ff1e::2:g (global scope), port 2000 + g.
Ipv6Address
RoutedGroup(uint32_t g)
{
    std::ostringstream s;
    s << "ff1e::2:" << std::hex << (g + 1);
    return Ipv6Address(s.str().c_str());
}

/// How the nodes' IPv6 routing is set up.
enum class Stack
{
    MLD,       ///< MldHelper::ConfigureStack, MLD on every node, the router part on R
    USER_LIST, ///< the user's own Ipv6ListRouting (static at 0), MLD installed after
    PLAIN,     ///< ns-3's default (a plain Ipv6StaticRouting), no MLD
};

/// LAN A: the router R and a source S; LAN B: R and two receivers.
struct Routed
{
    Ptr<Node> router;                      //!< R
    Ptr<Node> source;                      //!< S
    NodeContainer receivers;               //!< on LAN B
    NodeContainer all;                     //!< R, S, receivers
    std::map<uint32_t, uint64_t> received; //!< by port, every receiver together
    uint64_t ipv6Drops{0};                 //!< Ipv6L3Protocol Drop traces on the receivers
};

void
CountReceived(Routed* net, Ptr<Socket> socket)
{
    Address local;
    socket->GetSockName(local);
    uint16_t port = Inet6SocketAddress::ConvertFrom(local).GetPort();
    while (socket->Recv())
    {
        ++net->received[port];
    }
}

void
CountDrop(Routed* net,
          const Ipv6Header& header,
          Ptr<const Packet> p,
          Ipv6L3Protocol::DropReason reason,
          Ptr<Ipv6> ipv6,
          uint32_t interface)
{
    ++net->ipv6Drops;
}

/// Build the two LANs; `groups` sockets (ports 2000 + g) on each receiver.
Routed
MakeRouted(Stack stackKind, uint32_t groups, MldHelper helper = MldHelper())
{
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    Routed net;
    net.router = CreateObject<Node>();
    net.source = CreateObject<Node>();
    net.receivers.Create(2);
    net.all.Add(net.router);
    net.all.Add(net.source);
    net.all.Add(net.receivers);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(10)));
    NetDeviceContainer devA = csma.Install(NodeContainer(net.router, net.source));
    NetDeviceContainer devB = csma.Install(NodeContainer(NodeContainer(net.router), net.receivers));

    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    Ipv6ListRoutingHelper list;
    Ipv6StaticRoutingHelper staticHelper;
    if (stackKind == Stack::MLD)
    {
        MldHelper::ConfigureStack(stack);
    }
    else if (stackKind == Stack::USER_LIST)
    {
        list.Add(staticHelper, 0);
        stack.SetRoutingHelper(list);
    }
    stack.Install(net.all);
    Ipv6AddressHelper addresses;
    addresses.SetBase(Ipv6Address("2001:db8:a::"), Ipv6Prefix(64));
    addresses.Assign(devA);
    addresses.SetBase(Ipv6Address("2001:db8:b::"), Ipv6Prefix(64));
    addresses.Assign(devB);
    if (stackKind != Stack::PLAIN)
    {
        helper.SetQuerierAttribute("LastListenerQueryInterval", TimeValue(MilliSeconds(100)));
        helper.Install(net.all);
        helper.SetRouter(net.router);
        helper.AssignStreams(net.all, 3000);
    }
    staticHelper.GetStaticRouting(net.source->GetObject<Ipv6>())
        ->AddNetworkRouteTo(Ipv6Address("ff00::"), Ipv6Prefix(8), 1);
    for (uint32_t r = 0; r < net.receivers.GetN(); ++r)
    {
        Ptr<Node> host = net.receivers.Get(r);
        host->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
            "Drop",
            MakeBoundCallback(&CountDrop, &net));
        for (uint32_t g = 0; g < groups; ++g)
        {
            Ptr<Socket> socket = Socket::CreateSocket(host, UdpSocketFactory::GetTypeId());
            socket->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 2000 + g));
            socket->SetRecvCallback(MakeBoundCallback(&CountReceived, &net));
        }
    }
    return net;
}

/// Send one datagram to group g (port 2000 + g) from the source.
void
SendTo(Ptr<Socket> socket, uint32_t g)
{
    socket->SendTo(Create<Packet>(64), 0, Inet6SocketAddress(RoutedGroup(g), 2000 + g));
}

/// Send `rounds` rounds of one datagram per group, 1 ms apart, from `start`.
void
ScheduleRounds(Ptr<Socket> socket, uint32_t groups, Time start, uint32_t rounds)
{
    Time t = start;
    for (uint32_t k = 0; k < rounds; ++k)
    {
        for (uint32_t g = 0; g < groups; ++g)
        {
            Simulator::Schedule(t, &SendTo, socket, g);
            t += MilliSeconds(1);
        }
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(mld_routing)

BOOST_FIXTURE_TEST_SUITE(routing, SeededSimulationFixture)

// MldHelper::ConfigureStack gives every node an MldRouting holding one
// Ipv6StaticRouting, which ns-3's helper finds; MLD attaches to that same object.
BOOST_AUTO_TEST_CASE(node_routing_holds_static_routing)
{
    Routed net = MakeRouted(Stack::MLD, 1);
    for (uint32_t i = 0; i < net.all.GetN(); ++i)
    {
        Ptr<Ipv6> ipv6 = net.all.Get(i)->GetObject<Ipv6>();
        Ptr<MldRouting> routing = DynamicCast<MldRouting>(ipv6->GetRoutingProtocol());
        BOOST_REQUIRE(routing);
        BOOST_CHECK(routing == net.all.Get(i)->GetObject<MldProtocol>()->GetRouting());
        BOOST_CHECK_EQUAL(routing->GetNRoutingProtocols(), 1U);
        int16_t priority;
        Ptr<Ipv6StaticRouting> inner =
            DynamicCast<Ipv6StaticRouting>(routing->GetRoutingProtocol(0, priority));
        BOOST_CHECK(inner);
        BOOST_CHECK(Ipv6StaticRoutingHelper().GetStaticRouting(ipv6) == inner);
    }
}

// A receiving host routes multicast data as with Ipv6StaticRouting alone: delivered, and
// no ns-3 drop (an Ipv6ListRouting refused it on a host, DROP_ROUTE_ERROR). The same
// traffic without MLD (static multicast route on R) gives the same deliveries.
BOOST_AUTO_TEST_CASE(hosts_route_as_static_routing_alone)
{
    std::map<Stack, std::pair<uint64_t, uint64_t>> outcome; // received, drops
    for (Stack kind : {Stack::MLD, Stack::PLAIN})
    {
        Routed net = MakeRouted(kind, 1);
        for (uint32_t r = 0; r < net.receivers.GetN(); ++r)
        {
            Ptr<Node> host = net.receivers.Get(r);
            if (kind == Stack::MLD)
            {
                Simulator::Schedule(Seconds(1),
                                    &MldProtocol::Join,
                                    host->GetObject<MldProtocol>(),
                                    1,
                                    RoutedGroup(0));
            }
            else
            {
                host->GetObject<Ipv6L3Protocol>()->AddMulticastAddress(RoutedGroup(0), 1);
            }
        }
        if (kind == Stack::PLAIN)
        {
            Ptr<Ipv6> ipv6 = net.router->GetObject<Ipv6>();
            ipv6->SetForwarding(1, true);
            ipv6->SetForwarding(2, true);
            Ipv6Address origin = net.source->GetObject<Ipv6>()->GetAddress(1, 1).GetAddress();
            Ipv6StaticRoutingHelper().GetStaticRouting(ipv6)->AddMulticastRoute(origin,
                                                                                RoutedGroup(0),
                                                                                1,
                                                                                {2});
        }
        Ptr<Socket> socket = Socket::CreateSocket(net.source, UdpSocketFactory::GetTypeId());
        socket->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 0));
        ScheduleRounds(socket, 1, Seconds(3), 50);
        Simulator::Stop(Seconds(4));
        Simulator::Run();
        outcome[kind] = {net.received[2000], net.ipv6Drops};
        Simulator::Destroy();
    }
    BOOST_CHECK_EQUAL(outcome[Stack::MLD].first, 100U); // 50 datagrams x 2 receivers
    BOOST_CHECK_EQUAL(outcome[Stack::MLD].first, outcome[Stack::PLAIN].first);
    BOOST_CHECK_EQUAL(outcome[Stack::MLD].second, 0U);
    // Plain ns-3 drops nothing here up to 3.48; ns-3-dev's own stack drops some packets of
    // this traffic (113 in July 2026), which MLD's stack does not. Not compared, reported.
    BOOST_TEST_MESSAGE("IPv6 drops without MLD: " << outcome[Stack::PLAIN].second);
}

// A node with MLD but without the router part still forwards by its static multicast
// routes: MldRouting hands the packet to the Ipv6StaticRouting inside.
BOOST_AUTO_TEST_CASE(static_multicast_route_through_mld_routing)
{
    MldHelper helper;
    Routed net = MakeRouted(Stack::MLD, 1, helper);
    // R's router part is on, but the group is routed statically on the way back: the
    // receivers' LAN has no listener for it in R's table (nobody joined through MLD),
    // so MldRouting declines (NO_LISTENERS) and the static route forwards.
    Ptr<Ipv6> ipv6 = net.router->GetObject<Ipv6>();
    Ipv6Address origin = net.source->GetObject<Ipv6>()->GetAddress(1, 1).GetAddress();
    Ipv6StaticRoutingHelper().GetStaticRouting(ipv6)->AddMulticastRoute(origin,
                                                                        RoutedGroup(0),
                                                                        1,
                                                                        {2});
    for (uint32_t r = 0; r < net.receivers.GetN(); ++r)
    {
        net.receivers.Get(r)->GetObject<Ipv6L3Protocol>()->AddMulticastAddress(RoutedGroup(0), 1);
    }
    Ptr<Socket> socket = Socket::CreateSocket(net.source, UdpSocketFactory::GetTypeId());
    socket->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 0));
    ScheduleRounds(socket, 1, Seconds(3), 20);
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    Ptr<MldRouting> routing = net.router->GetObject<MldProtocol>()->GetRouting();
    BOOST_CHECK_EQUAL(net.received[2000], 40U);
    BOOST_CHECK_EQUAL(routing->GetForwardedCount(), 0U);
    BOOST_CHECK_EQUAL(routing->GetForwardDropCount(MldRouting::NO_LISTENERS), 20U);
}

// The user's own Ipv6ListRouting: MldHelper::Install adds an empty MldRouting to it,
// which forwards by the listener table and routes nothing else.
BOOST_AUTO_TEST_CASE(member_of_the_users_list)
{
    Routed net = MakeRouted(Stack::USER_LIST, 1);
    Ptr<Ipv6ListRouting> list =
        DynamicCast<Ipv6ListRouting>(net.router->GetObject<Ipv6>()->GetRoutingProtocol());
    BOOST_REQUIRE(list);
    BOOST_CHECK(!DynamicCast<MldRouting>(list));
    BOOST_CHECK_EQUAL(list->GetNRoutingProtocols(), 2U);
    Ptr<MldRouting> routing = net.router->GetObject<MldProtocol>()->GetRouting();
    BOOST_CHECK_EQUAL(routing->GetNRoutingProtocols(), 0U);
    for (uint32_t r = 0; r < net.receivers.GetN(); ++r)
    {
        Simulator::Schedule(Seconds(1),
                            &MldProtocol::Join,
                            net.receivers.Get(r)->GetObject<MldProtocol>(),
                            1,
                            RoutedGroup(0));
    }
    Ptr<Socket> socket = Socket::CreateSocket(net.source, UdpSocketFactory::GetTypeId());
    socket->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 0));
    ScheduleRounds(socket, 1, Seconds(3), 20);
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    BOOST_CHECK_EQUAL(net.received[2000], 40U);
    BOOST_CHECK_EQUAL(routing->GetForwardedCount(), 20U);
    // The member declines what it does not forward, and routes nothing that is sent.
    Socket::SocketErrno error;
    Ipv6Header header;
    header.SetDestination(Ipv6Address("2001:db8:b::200"));
    BOOST_CHECK(!routing->RouteOutput(Create<Packet>(), header, nullptr, error));
    BOOST_CHECK_EQUAL(error, Socket::ERROR_NOROUTETOHOST);
}

// More groups than the route cache holds, interleaved, and listeners that come and go:
// forwarding follows the listener table packet by packet (a cached route is only handed
// out again with the same output interfaces).
BOOST_AUTO_TEST_CASE(route_cache_follows_listeners)
{
    const uint32_t groups = 12;
    Routed net = MakeRouted(Stack::MLD, groups);
    Ptr<MldProtocol> first = net.receivers.Get(0)->GetObject<MldProtocol>();
    for (uint32_t g = 0; g < groups; ++g)
    {
        Simulator::Schedule(Seconds(1), &MldProtocol::Join, first, 1, RoutedGroup(g));
        if (g % 2 == 1)
        {
            // Left at 4 s; R stops forwarding after its last-listener queries (0.2 s).
            Simulator::Schedule(Seconds(4), &MldProtocol::Leave, first, 1, RoutedGroup(g));
        }
    }
    Ptr<Socket> socket = Socket::CreateSocket(net.source, UdpSocketFactory::GetTypeId());
    socket->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 0));
    ScheduleRounds(socket, groups, Seconds(3), 10); // 3.00 s to 3.12 s: all wanted
    ScheduleRounds(socket, groups, Seconds(5), 10); // 5.00 s to 5.12 s: even groups only
    Ptr<MldRouting> routing = net.router->GetObject<MldProtocol>()->GetRouting();
    uint64_t forwardedFirst = 0;
    uint64_t noListenersFirst = 0;
    mldcompat::ScheduleCallable(Seconds(4), [&]() {
        forwardedFirst = routing->GetForwardedCount();
        noListenersFirst = routing->GetForwardDropCount(MldRouting::NO_LISTENERS);
    });
    Simulator::Stop(Seconds(6));
    Simulator::Run();
    BOOST_CHECK_EQUAL(forwardedFirst, groups * 10);
    BOOST_CHECK_EQUAL(noListenersFirst, 0U);
    BOOST_CHECK_EQUAL(routing->GetForwardedCount() - forwardedFirst, groups / 2 * 10);
    BOOST_CHECK_EQUAL(routing->GetForwardDropCount(MldRouting::NO_LISTENERS), groups / 2 * 10);
    for (uint32_t g = 0; g < groups; ++g)
    {
        BOOST_TEST_CONTEXT("group " << g)
        {
            BOOST_CHECK_EQUAL(net.received[2000 + g], g % 2 == 1 ? 10U : 20U);
        }
    }
}

// The router keeps its forwarding decisions while no listener table changes. A table also
// changes with no message at all, when a timer runs out: the MLDv1 group timer, the MLDv2
// source timer. A receiver that falls silent (its device stops sending) is forgotten after
// the Multicast Listener Interval (260 s), and the data that follows is no longer
// forwarded, though no router event but that timer ran since it was last forwarded.
BOOST_AUTO_TEST_CASE(forwarding_follows_timers_that_run_out)
{
    for (const char* version : {"MLDv1", "MLDv2"})
    {
        BOOST_TEST_CONTEXT(version)
        {
            MldHelper helper;
            helper.SetListenerAttribute("Version", StringValue(version));
            helper.SetQuerierAttribute("Version", StringValue(version));
            Routed net = MakeRouted(Stack::MLD, 1, helper);
            Ptr<Node> host = net.receivers.Get(0);
            Ipv6Address origin = net.source->GetObject<Ipv6>()->GetAddress(1, 1).GetAddress();
            Ptr<MldProtocol> mld = host->GetObject<MldProtocol>();
            mldcompat::ScheduleCallable(Seconds(1), [&]() {
                BOOST_TEST((std::string(version) == "MLDv1"
                                ? mld->Join(1, RoutedGroup(0))
                                : mld->JoinSource(1, RoutedGroup(0), origin, 1)));
            });
            // Its reports (and their repetitions) are sent by 2.5 s; then it falls silent.
            Ptr<CsmaNetDevice> device = DynamicCast<CsmaNetDevice>(host->GetDevice(0));
            Simulator::Schedule(Seconds(2.5), &CsmaNetDevice::SetSendEnable, device, false);
            Ptr<Socket> socket = Socket::CreateSocket(net.source, UdpSocketFactory::GetTypeId());
            socket->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 0));
            // General queries at 0, 31.25, 156.25 and 281.25 s: none between 200 s and 265 s.
            ScheduleRounds(socket, 1, Seconds(200), 10);
            ScheduleRounds(socket, 1, Seconds(265), 10);
            Ptr<MldRouting> routing = net.router->GetObject<MldProtocol>()->GetRouting();
            uint64_t forwardedBefore = 0;
            mldcompat::ScheduleCallable(Seconds(201),
                                        [&]() { forwardedBefore = routing->GetForwardedCount(); });
            Simulator::Stop(Seconds(266));
            Simulator::Run();
            BOOST_CHECK_EQUAL(forwardedBefore, 10U);
            BOOST_CHECK_EQUAL(routing->GetForwardedCount(), 10U);
            BOOST_CHECK_EQUAL(routing->GetForwardDropCount(MldRouting::NO_LISTENERS), 10U);
            BOOST_CHECK(
                !net.router->GetObject<MldProtocol>()->GetQuerier(2)->HasListeners(RoutedGroup(0)));
            Simulator::Destroy();
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END() // mld_routing
