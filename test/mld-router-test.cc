/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The router part of MLDv1 (RFC 2710): startup and periodic queries, querier
// election and takeover, the listener table and its state machine, multicast
// forwarding between LANs, bad input, and the timer configuration.
//
// Sections cited: RFC 2710 §3 (message format), §4 (protocol description),
// §6 (router state transition diagram), §7.x (timers), §8 (destinations).

#include "mld-test-util.h"

#include "ns3/traffic-control-layer.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <csignal>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace ns3;
using namespace mldtest;

namespace
{

/// The group used by most cases: global scope, so routers forward it.
const Ipv6Address GROUP("ff1e::1");
/// UDP port of the data.
constexpr uint16_t PORT = 9;
/// Slack for "as soon as the link carries it": CSMA at 100 Mb/s with a 10 us delay
/// takes well under 100 us per hop for the frames used here.
const Time WIRE = MilliSeconds(1);
/// Slack for two events scheduled from the same timer arithmetic.
const Time EXACT = MicroSeconds(1);

/// |a - b| <= tolerance.
bool
Near(Time a, Time b, Time tolerance)
{
    return Abs(a - b) <= tolerance;
}

/**
 * Initialize the nodes' TrafficControlLayer now, before the simulation starts.
 *
 * Workaround for the initialization-order bug that
 * start_does_not_depend_on_aggregate_order exposes: MldProtocol::DoInitialize()
 * sends at once, and ns-3 initializes a node's aggregates in order of GetObject()
 * use, so a test that looks MldProtocol up a few times would crash in
 * TrafficControlLayer::Send(). The other cases test something else.
 */
void
InitializeTrafficControl(NodeContainer nodes)
{
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        nodes.Get(i)->GetObject<TrafficControlLayer>()->Initialize();
    }
}

/// MakeLan(), with the TrafficControlLayer workaround.
Lan
MakeRouterLan(const LanOptions& options, const MldHelper& helper)
{
    Lan lan = MakeLan(options, helper);
    InitializeTrafficControl(lan.nodes);
    return lan;
}

// ---------------------------------------------------------------------------
// What went over the wire, from Ipv6L3Protocol's Tx/Rx trace sources (IPv6
// header included), so that fields the MLD traces do not carry (Maximum
// Response Delay, hop limit, UDP data) can be checked.
// ---------------------------------------------------------------------------

/// One IPv6 packet seen sent or received by a node.
struct WireRecord
{
    Time time;              //!< when
    uint32_t node{0};       //!< node id
    uint32_t interface = 0; //!< IPv6 interface
    Ipv6Header ip;          //!< IPv6 header
    MldMessage::Info mld;   //!< kind NOT_MLD unless an MLD message
    bool udp{false};        //!< UDP datagram
    uint16_t dstPort{0};    //!< UDP destination port
};

/// Records every IPv6 packet sent (Tx) or received (Rx) by chosen nodes.
class WireLog
{
  public:
    /// \param node record what it sends
    void AttachTx(Ptr<Node> node)
    {
        node->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
            "Tx",
            MakeBoundCallback(&WireLog::OnPacket, &tx, node->GetId()));
    }

    /// \param node record what it receives (every frame CSMA hands up: no MAC filtering)
    void AttachRx(Ptr<Node> node)
    {
        node->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
            "Rx",
            MakeBoundCallback(&WireLog::OnPacket, &rx, node->GetId()));
    }

    std::vector<WireRecord> tx; //!< sent, in order
    std::vector<WireRecord> rx; //!< received, in order

    /// Queries (v1) among records, optionally of one node and one interface.
    static std::vector<WireRecord> Queries(const std::vector<WireRecord>& records,
                                           int32_t node = -1,
                                           int32_t interface = -1)
    {
        std::vector<WireRecord> out;
        for (const auto& r : records)
        {
            if (r.mld.kind == MldMessage::V1_QUERY &&
                (node < 0 || r.node == static_cast<uint32_t>(node)) &&
                (interface < 0 || r.interface == static_cast<uint32_t>(interface)))
            {
                out.push_back(r);
            }
        }
        return out;
    }

    /// UDP datagrams among records to a destination, optionally of one node.
    static std::vector<WireRecord> Data(const std::vector<WireRecord>& records,
                                        Ipv6Address destination,
                                        int32_t node = -1)
    {
        std::vector<WireRecord> out;
        for (const auto& r : records)
        {
            if (r.udp && r.ip.GetDestination() == destination &&
                (node < 0 || r.node == static_cast<uint32_t>(node)))
            {
                out.push_back(r);
            }
        }
        return out;
    }

  private:
    static void OnPacket(std::vector<WireRecord>* out,
                         uint32_t node,
                         Ptr<const Packet> packet,
                         Ptr<Ipv6> ipv6,
                         uint32_t interface)
    {
        WireRecord r;
        r.time = Simulator::Now();
        r.node = node;
        r.interface = interface;
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        r.mld = MldMessage::Inspect(bytes.data(), bytes.size(), false);
        Ptr<Packet> copy = packet->Copy();
        copy->RemoveHeader(r.ip);
        if (r.ip.GetNextHeader() == iana::internetprotocolnumbers::UDP)
        {
            UdpHeader udp;
            copy->PeekHeader(udp);
            r.udp = true;
            r.dstPort = udp.GetDestinationPort();
        }
        out->push_back(r);
    }
};

// ---------------------------------------------------------------------------
// MldQuerier trace sources.
// ---------------------------------------------------------------------------

/// Listener-table and querier changes of one or more queriers.
struct QuerierLog
{
    /// ListenerAdded / ListenerRemoved.
    struct Entry
    {
        Time time;          //!< when
        uint32_t interface; //!< IPv6 interface
        Ipv6Address group;  //!< group
    };

    /// QuerierChanged.
    struct Change
    {
        Time time;           //!< when
        uint32_t interface;  //!< IPv6 interface
        bool querier;        //!< became querier
        Ipv6Address address; //!< the querier's address
    };

    std::vector<Entry> added;    //!< ListenerAdded
    std::vector<Entry> removed;  //!< ListenerRemoved
    std::vector<Change> changes; //!< QuerierChanged

    /// \param querier the querier to follow
    void Attach(Ptr<MldQuerier> querier)
    {
        querier->TraceConnectWithoutContext("ListenerAdded",
                                            MakeBoundCallback(&QuerierLog::OnEntry, &added));
        querier->TraceConnectWithoutContext("ListenerRemoved",
                                            MakeBoundCallback(&QuerierLog::OnEntry, &removed));
        querier->TraceConnectWithoutContext("QuerierChanged",
                                            MakeBoundCallback(&QuerierLog::OnChange, this));
    }

    /// Entries of a list for one group (and interface, unless 0).
    static std::vector<Entry> Of(const std::vector<Entry>& entries,
                                 Ipv6Address group,
                                 uint32_t interface = 0)
    {
        std::vector<Entry> out;
        for (const auto& e : entries)
        {
            if (e.group == group && (interface == 0 || e.interface == interface))
            {
                out.push_back(e);
            }
        }
        return out;
    }

  private:
    static void OnEntry(std::vector<Entry>* out, uint32_t interface, Ipv6Address group)
    {
        out->push_back({Simulator::Now(), interface, group});
    }

    static void OnChange(QuerierLog* log, uint32_t interface, bool querier, Ipv6Address address)
    {
        log->changes.push_back({Simulator::Now(), interface, querier, address});
    }
};

/// The listener-table entry of a group, if any.
bool
FindEntry(Ptr<MldQuerier> querier, Ipv6Address group, MldListenerEntry& entry)
{
    for (const auto& e : querier->GetListenerTable())
    {
        if (e.group == group)
        {
            entry = e;
            return true;
        }
    }
    return false;
}

/// The listener table as text: group and state of each entry, in order.
std::string
TableString(Ptr<MldQuerier> querier)
{
    std::ostringstream os;
    for (const auto& e : querier->GetListenerTable())
    {
        os << e.group << " " << e.state << "; ";
    }
    return os.str();
}

/// Messages of a MessageLog vector of one type, node and group (:: = any group).
std::vector<Message>
Filter(const std::vector<Message>& messages, uint8_t type, uint32_t node, Ipv6Address group)
{
    std::vector<Message> out;
    for (const auto& m : messages)
    {
        if (m.type == type && m.node == node && (group.IsAny() || m.group == group))
        {
            out.push_back(m);
        }
    }
    return out;
}

/// A forged query with the fields that matter here.
Forge
ForgedQuery(Ipv6Address source, Ipv6Address group, uint16_t maxDelayMs)
{
    Forge f;
    f.type = MldHeader::LISTENER_QUERY;
    f.source = source;
    f.group = group;
    f.destination = group.IsAny() ? Ipv6Address::GetAllNodesMulticast() : group;
    f.maxDelay = maxDelayMs;
    return f;
}

/// A forged report or done.
Forge
ForgedListenerMessage(uint8_t type, Ipv6Address group, Ipv6Address destination)
{
    Forge f;
    f.type = type;
    f.source = Ipv6Address("fe80::99");
    f.group = group;
    f.destination = destination;
    return f;
}

// ---------------------------------------------------------------------------
// Three LANs around one router, for forwarding:
//
//      A: S  A2            B: B1  B2            C: C1  C2
//      ======+====         ====+======          ====+======
//            |                 |                    |
//            +------------- router R ---------------+
//        R's IPv6 interface 1 = A, 2 = B, 3 = C
// ---------------------------------------------------------------------------

/// The three-LAN topology.
struct Net
{
    Ptr<Node> router;        //!< R
    NodeContainer a;         //!< LAN A hosts: S (source), A2
    NodeContainer b;         //!< LAN B hosts
    NodeContainer c;         //!< LAN C hosts
    NodeContainer all;       //!< every node
    Ptr<MldRouting> routing; //!< R's MLD forwarding

    /// R's querier on an interface (1 = A, 2 = B, 3 = C).
    Ptr<MldQuerier> Querier(uint32_t interface) const
    {
        return router->GetObject<MldProtocol>()->GetQuerier(interface);
    }
};

/// Build the three LANs, MLD everywhere, the router part on R.
Net
MakeNet(const MldHelper& helper)
{
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    Net net;
    net.router = CreateObject<Node>();
    net.a.Create(2);
    net.b.Create(2);
    net.c.Create(2);
    net.all.Add(net.router);
    net.all.Add(net.a);
    net.all.Add(net.b);
    net.all.Add(net.c);

    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(10)));
    NetDeviceContainer devA = csma.Install(NodeContainer(NodeContainer(net.router), net.a));
    NetDeviceContainer devB = csma.Install(NodeContainer(NodeContainer(net.router), net.b));
    NetDeviceContainer devC = csma.Install(NodeContainer(NodeContainer(net.router), net.c));

    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(net.all);

    // One /64 per LAN; assigning A, then B, then C makes them R's interfaces 1, 2, 3.
    Ipv6AddressHelper addresses;
    addresses.SetBase(Ipv6Address("2001:db8:a::"), Ipv6Prefix(64));
    addresses.Assign(devA);
    addresses.NewNetwork();
    addresses.Assign(devB);
    addresses.NewNetwork();
    addresses.Assign(devC);

    helper.Install(net.all);
    helper.SetRouter(net.router);
    helper.AssignStreams(net.all, 2000);
    net.routing = net.router->GetObject<MldProtocol>()->GetRouting();
    InitializeTrafficControl(net.all);

    // Every host sends multicast out of its LAN interface.
    Ipv6StaticRoutingHelper staticRouting;
    for (uint32_t i = 1; i < net.all.GetN(); ++i)
    {
        Ptr<Node> host = net.all.Get(i);
        staticRouting.GetStaticRouting(host->GetObject<Ipv6>())
            ->AddNetworkRouteTo(Ipv6Address("ff00::"), Ipv6Prefix(8), 1);
    }
    return net;
}

/// The link-local or the global address of a host's interface 1.
Ipv6Address
AddressOf(Ptr<Node> node, bool linkLocal)
{
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    for (uint32_t j = 0; j < ipv6->GetNAddresses(1); ++j)
    {
        Ipv6Address a = ipv6->GetAddress(1, j).GetAddress();
        if (a.IsLinkLocal() == linkLocal)
        {
            return a;
        }
    }
    return Ipv6Address::GetAny();
}

/// Sends UDP datagrams to a group at a fixed rate and notes when.
class DataSource
{
  public:
    /**
     * \param node the sender
     * \param group destination group
     * \param port destination port
     * \param hopLimit 0: the default (64), else the multicast hop limit
     * \param bindTo :: or the source address to bind to
     */
    DataSource(Ptr<Node> node,
               Ipv6Address group,
               uint16_t port,
               uint8_t hopLimit = 0,
               Ipv6Address bindTo = Ipv6Address::GetAny())
        : m_group(group),
          m_port(port)
    {
        m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        if (hopLimit != 0)
        {
            m_socket->SetAttribute("IpMulticastTtl", UintegerValue(hopLimit));
        }
        m_socket->Bind(Inet6SocketAddress(bindTo, 0));
        // Out of the LAN interface (Ipv6StaticRouting needs it for link-scope groups).
        m_socket->BindToNetDevice(node->GetObject<Ipv6>()->GetNetDevice(1));
    }

    /// Send one datagram every interval in [start, stop).
    void Schedule(Time start, Time stop, Time interval)
    {
        for (Time t = start; t < stop; t += interval)
        {
            Simulator::Schedule(t, &DataSource::Send, this);
        }
    }

    std::vector<Time> sent; //!< send times

  private:
    void Send()
    {
        if (m_socket->SendTo(Create<Packet>(100), 0, Inet6SocketAddress(m_group, m_port)) >= 0)
        {
            sent.push_back(Simulator::Now());
        }
    }

    Ptr<Socket> m_socket; //!< the socket
    Ipv6Address m_group;  //!< destination
    uint16_t m_port;      //!< destination port
};

/// A forwarded copy, from MldRouting's Forward trace.
struct ForwardEvent
{
    Time time;               //!< when
    Ipv6Address destination; //!< group
    uint8_t hopLimit;        //!< hop limit as received
    uint32_t in;             //!< arrival interface
    uint32_t out;            //!< departure interface
};

/// Data not forwarded, from MldRouting's ForwardDrop trace.
struct ForwardDropEvent
{
    Time time;                            //!< when
    Ipv6Address destination;              //!< destination
    uint8_t nextHeader;                   //!< IPv6 next header (17: UDP data)
    uint8_t hopLimit;                     //!< hop limit as received
    MldRouting::ForwardDropReason reason; //!< why
};

/// Follows MldRouting's trace sources.
struct RoutingLog
{
    std::vector<ForwardEvent> forwards;  //!< Forward
    std::vector<ForwardDropEvent> drops; //!< ForwardDrop

    /// \param routing the routing protocol to follow
    void Attach(Ptr<MldRouting> routing)
    {
        routing->TraceConnectWithoutContext("Forward",
                                            MakeBoundCallback(&RoutingLog::OnForward, this));
        routing->TraceConnectWithoutContext("ForwardDrop",
                                            MakeBoundCallback(&RoutingLog::OnDrop, this));
    }

  private:
    static void OnForward(RoutingLog* log,
                          const Ipv6Header& header,
                          Ptr<const Packet> packet,
                          uint32_t in,
                          uint32_t out)
    {
        log->forwards.push_back(
            {Simulator::Now(), header.GetDestination(), header.GetHopLimit(), in, out});
    }

    static void OnDrop(RoutingLog* log,
                       const Ipv6Header& header,
                       Ptr<const Packet> packet,
                       uint32_t in,
                       MldRouting::ForwardDropReason reason)
    {
        log->drops.push_back({Simulator::Now(),
                              header.GetDestination(),
                              header.GetNextHeader(),
                              header.GetHopLimit(),
                              reason});
    }
};

/// Querier timers small enough for short simulations.
MldHelper
ShortTimers(Time queryInterval, Time queryResponseInterval)
{
    MldHelper helper;
    helper.SetQuerierAttribute("QueryInterval", TimeValue(queryInterval));
    helper.SetQuerierAttribute("QueryResponseInterval", TimeValue(queryResponseInterval));
    return helper;
}

/// A querier with some attributes set.
Ptr<MldQuerier>
MakeQuerier(const std::vector<std::pair<std::string, Ptr<AttributeValue>>>& attributes)
{
    Ptr<MldQuerier> q = CreateObject<MldQuerier>();
    for (const auto& [name, value] : attributes)
    {
        q->SetAttribute(name, *value);
    }
    return q;
}

/// Shorthand for a TimeValue attribute.
std::pair<std::string, Ptr<AttributeValue>>
T(const std::string& name, Time value)
{
    return {name, Create<TimeValue>(value)};
}

/// Shorthand for a UintegerValue attribute.
std::pair<std::string, Ptr<AttributeValue>>
U(const std::string& name, uint64_t value)
{
    return {name, Create<UintegerValue>(value)};
}

/// Does the configuration error mention a word?
bool
Mentions(Ptr<MldQuerier> q, const std::string& word)
{
    return q->GetConfigurationError().find(word) != std::string::npos;
}

/**
 * Per-case fixture: keeps the objects that trace sinks point to alive until
 * Simulator::Destroy(), which it also calls when a case ends early (a failed
 * BOOST_REQUIRE): disposing queriers fires their traces.
 */
class SimulationFixture
{
  public:
    ~SimulationFixture()
    {
        Simulator::Destroy();
    }

    /// Construct an object owned by the fixture.
    template <typename T, typename... Args>
    T& Keep(Args&&... args)
    {
        auto object = std::make_shared<T>(std::forward<Args>(args)...);
        m_kept.push_back(object);
        return *object;
    }

  private:
    std::vector<std::shared_ptr<void>> m_kept; //!< owned objects
};

} // namespace

// ===========================================================================
BOOST_AUTO_TEST_SUITE(mld_router)

BOOST_FIXTURE_TEST_SUITE(general_queries, SimulationFixture)

// RFC 2710 §6: a router starts as querier and queries; and nothing may be sent
// before the node's stack is ready (MldProtocol: "Nothing is sent before the
// simulation starts"). ns-3 initializes a node's aggregated objects in order
// of GetObject() use, so MldProtocol::DoInitialize() can run before the
// TrafficControlLayer's: sending from there then crashes. Run in a child
// process so that a crash fails this case only.
BOOST_AUTO_TEST_CASE(start_does_not_depend_on_aggregate_order)
{
    std::cout.flush();
    std::cerr.flush();
    pid_t pid = fork();
    BOOST_REQUIRE(pid >= 0);
    if (pid == 0)
    {
        for (int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL})
        {
            signal(sig, SIG_DFL);
        }
        int code = 3;
        try
        {
            LanOptions options;
            options.hosts = 2;
            options.routers = 1;
            Lan lan = MakeLan(options, ShortTimers(Seconds(4), Seconds(1)));
            // A scenario that looks MLD up often (traces, joins, tables) during setup.
            for (uint32_t i = 0; i < lan.nodes.GetN(); ++i)
            {
                for (int k = 0; k < 20; ++k)
                {
                    lan.nodes.Get(i)->GetObject<MldProtocol>();
                }
            }
            Simulator::Stop(Seconds(3));
            Simulator::Run();
            bool ok = lan.Mld(0)->GetStatistics(1).outQueries > 0 &&
                      lan.Mld(0)->GetStatistics(1).outReports > 0;
            Simulator::Destroy();
            code = ok ? 0 : 1;
        }
        catch (...)
        {
            code = 2;
        }
        _exit(code);
    }
    int status = 0;
    BOOST_REQUIRE(waitpid(pid, &status, 0) == pid);
    BOOST_TEST(!WIFSIGNALED(status),
               "the simulation died with signal "
                   << (WIFSIGNALED(status) ? WTERMSIG(status) : 0)
                   << ": MldProtocol::DoInitialize() sent before the node's "
                      "TrafficControlLayer was initialized");
    BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 0),
               "child status " << status << " (1: no query or report sent)");
    Simulator::Destroy();
}

// RFC 2710 §7.6/§7.7: a starting querier sends [Startup Query Count] General
// Queries [Startup Query Interval] apart, then one every [Query Interval]
// (§7.2), each with Maximum Response Delay = [Query Response Interval] (§3.4,
// §7.3), Multicast Address :: (§3.6), to ff02::1 (§8), from its link-local
// address with hop limit 1 and a Router Alert (§3; RFC 3590: not before DAD).
BOOST_AUTO_TEST_CASE(startup_queries_then_query_interval)
{
    struct Config
    {
        const char* name;
        uint32_t robustness;
        uint32_t startupCount; // 0: derived
        Time startupInterval;  // 0: derived
        uint32_t expectedCount;
        Time expectedInterval;
    };

    const Time qi = Seconds(8);
    const Time qri = Seconds(2);
    for (const Config& c :
         {Config{"explicit SQC 3, SQI 1.5 s", 2, 3, MilliSeconds(1500), 3, MilliSeconds(1500)},
          Config{"derived from RV 3: SQC 3, SQI QI/4", 3, 0, Time(0), 3, Seconds(2)}})
    {
        BOOST_TEST_CONTEXT(c.name)
        {
            MldHelper helper = ShortTimers(qi, qri);
            helper.SetQuerierAttribute("Robustness", UintegerValue(c.robustness));
            helper.SetQuerierAttribute("StartupQueryCount", UintegerValue(c.startupCount));
            helper.SetQuerierAttribute("StartupQueryInterval", TimeValue(c.startupInterval));
            LanOptions options;
            options.hosts = 2;
            options.routers = 1;
            Lan lan = MakeRouterLan(options, helper);
            Ptr<Node> router = lan.nodes.Get(0);
            Ptr<MldQuerier> querier = lan.Mld(0)->GetQuerier(1);
            BOOST_REQUIRE(querier);
            BOOST_TEST(querier->GetStartupQueryCount() == c.expectedCount);
            BOOST_TEST(querier->GetStartupQueryInterval() == c.expectedInterval);

            WireLog& wire = Keep<WireLog>();
            wire.AttachTx(router);
            wire.AttachRx(lan.nodes.Get(1));
            // The startup queries, then two steady ones.
            const Time last = Seconds(1) + c.expectedInterval * (c.expectedCount - 1) + qi * 2;
            Simulator::Stop(last + qi / 2);
            Simulator::Run();

            auto queries = WireLog::Queries(wire.tx, router->GetId());
            BOOST_REQUIRE(queries.size() == c.expectedCount + 2);
            // The link-local address is tentative for DadTimeout (1 s): the first query
            // waits for it, and goes out as soon as it is valid.
            BOOST_TEST(queries[0].time >= Seconds(1));
            BOOST_TEST(queries[0].time <= Seconds(1) + MilliSeconds(10));
            for (size_t i = 1; i < queries.size(); ++i)
            {
                Time expected = i < c.expectedCount ? c.expectedInterval : qi;
                BOOST_TEST_CONTEXT("query " << i)
                {
                    BOOST_TEST(Near(queries[i].time - queries[i - 1].time, expected, EXACT),
                               "gap " << (queries[i].time - queries[i - 1].time).As(Time::S)
                                      << ", expected " << expected.As(Time::S));
                }
            }
            for (size_t i = 0; i < queries.size(); ++i)
            {
                BOOST_TEST_CONTEXT("query " << i)
                {
                    const WireRecord& q = queries[i];
                    BOOST_TEST(q.interface == 1u);
                    BOOST_TEST(q.mld.maxResponseCode == 2000u);
                    BOOST_TEST(q.mld.group == Ipv6Address::GetAny());
                    BOOST_TEST(q.ip.GetDestination() == Ipv6Address::GetAllNodesMulticast());
                    BOOST_TEST(q.ip.GetSource() == lan.LinkLocal(0));
                    BOOST_TEST(int(q.ip.GetHopLimit()) == 1);
                    BOOST_TEST(q.mld.routerAlert);
                }
            }
            // And the host really got them, with a correct checksum.
            auto heard = WireLog::Queries(wire.rx);
            BOOST_TEST(heard.size() == queries.size());
            BOOST_TEST(lan.Mld(1)->GetStatistics(1).inQueries == queries.size());
            Simulator::Destroy();
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ===========================================================================
BOOST_FIXTURE_TEST_SUITE(election, SimulationFixture)

// RFC 2710 §6: the election compares a query's source with the router's own link-local
// address, also while DAD runs on it. A query from a higher address heard then must not
// make the router yield (it did, the tentative address counting as ::): the router
// sends its first General Query as soon as DAD ends.
BOOST_AUTO_TEST_CASE(higher_query_during_dad_does_not_win)
{
    LanOptions options;
    options.hosts = 2;
    options.routers = 1;
    Lan lan = MakeRouterLan(options, ShortTimers(Seconds(4), Seconds(1)));
    Ptr<Node> router = lan.nodes.Get(0);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<MldQuerier> querier = mld->GetQuerier(1);
    WireLog& wire = Keep<WireLog>();
    wire.AttachTx(router);
    bool tentative = false;
    bool querierAfter = false;
    // DAD of the router's link-local address lasts 1 s from the start.
    mldcompat::ScheduleCallable(MilliSeconds(500), [&]() {
        tentative = mld->GetInterface(1)->SelectSource().IsAny() &&
                    mld->GetInterface(1)->GetLinkLocalAddress().IsLinkLocal();
        const Ipv6Address higher("fe80::ffff:ffff:ffff:ffff");
        BOOST_TEST_REQUIRE(mld->GetInterface(1)->GetLinkLocalAddress() < higher);
        Inject(router, ForgedQuery(higher, Ipv6Address::GetAny(), 1000));
        querierAfter = querier->IsQuerier();
    });
    Simulator::Stop(Seconds(3));
    Simulator::Run();

    BOOST_TEST(tentative);
    BOOST_TEST(querierAfter);
    BOOST_TEST(querier->IsQuerier());
    auto queries = WireLog::Queries(wire.tx);
    BOOST_TEST_REQUIRE(!queries.empty());
    BOOST_TEST(queries.front().time < Seconds(2), "first query at " << queries.front().time);
    Simulator::Destroy();
}

/// Brings a router's interface 1 up once, QI - 0.5 s after the other router's first
/// General Query from 6 s on (startup over): its DAD (1 s) then spans that router's next
/// query. 1.5 s after coming up it notes who is querier.
struct LateStart
{
    Ptr<Ipv6> ipv6;              //!< the late router's IPv6
    Ptr<MldQuerier> late;        //!< the late router's querier
    Ptr<MldQuerier> running;     //!< the querier of the router already running
    Time delay;                  //!< QI - 0.5 s
    Time upAt{-1};               //!< when it came up (negative: not yet)
    bool lateIsQuerier{false};   //!< at upAt + 1.5 s
    bool runningIsQuerier{true}; //!< at upAt + 1.5 s

    /// MldProtocol Tx trace of the router already running.
    static void OnTx(LateStart* self,
                     uint32_t interface,
                     uint8_t type,
                     Ipv6Address group,
                     Ipv6Address source,
                     Ipv6Address destination)
    {
        if (self->upAt.IsNegative() && type == MldHeader::LISTENER_QUERY && group.IsAny() &&
            Simulator::Now() >= Seconds(6))
        {
            self->upAt = Simulator::Now() + self->delay;
            Simulator::Schedule(self->delay, &Ipv6::SetUp, self->ipv6, 1);
            Simulator::Schedule(self->delay + MilliSeconds(1500), &LateStart::Check, self);
        }
    }

    /// Notes who is querier.
    static void Check(LateStart* self)
    {
        self->lateIsQuerier = self->late->IsQuerier();
        self->runningIsQuerier = self->running->IsQuerier();
    }
};

// Routers that start at different times: the lower-addressed one comes up while the
// higher one is querier, and hears its query during DAD. It does not yield (RFC 2710 §6
// compares addresses): it becomes querier with its first query after DAD, and the higher
// router yields then, not an Other Querier Present Interval (8.5 s) later.
BOOST_AUTO_TEST_CASE(lower_router_starting_later_takes_over_after_dad)
{
    const Time qi = Seconds(4);
    LanOptions options;
    options.hosts = 3;
    options.routers = 2;
    Lan lan = MakeRouterLan(options, ShortTimers(qi, Seconds(1)));
    const uint32_t low = lan.LinkLocal(0) < lan.LinkLocal(1) ? 0 : 1;
    const uint32_t high = 1 - low;
    // ns-3.37 would send a Router Solicitation retransmission from the vanished address.
    lan.nodes.Get(low)->GetObject<Icmpv6L4Protocol>()->SetAttributeFailSafe(
        "RsMaxRetransmissionDuration",
        TimeValue(NanoSeconds(1)));
    LateStart& late = Keep<LateStart>();
    late.ipv6 = lan.nodes.Get(low)->GetObject<Ipv6>();
    late.late = lan.Mld(low)->GetQuerier(1);
    late.running = lan.Mld(high)->GetQuerier(1);
    late.delay = qi - MilliSeconds(500);
    // The lower router is down from before its first query (its DAD ends at 1 s).
    mldcompat::ScheduleCallable(MilliSeconds(500), [&]() { late.ipv6->SetDown(1); });
    lan.Mld(high)->TraceConnectWithoutContext("Tx", MakeBoundCallback(&LateStart::OnTx, &late));
    Simulator::Stop(Seconds(20));
    Simulator::Run();

    BOOST_TEST_REQUIRE(!late.upAt.IsNegative());
    BOOST_TEST(late.lateIsQuerier, "came up at " << late.upAt.As(Time::S));
    BOOST_TEST(!late.runningIsQuerier);
    BOOST_TEST(late.late->IsQuerier());
    BOOST_TEST(late.running->GetQuerierAddress() == lan.LinkLocal(low));
    Simulator::Destroy();
}

// RFC 2710 §4 (and the §6 diagram): every router starts as querier; one that
// hears a query from a lower address becomes non-querier and stops sending
// General Queries.
BOOST_AUTO_TEST_CASE(lowest_link_local_address_wins)
{
    LanOptions options;
    options.hosts = 3;
    options.routers = 2;
    Lan lan = MakeRouterLan(options, ShortTimers(Seconds(4), Seconds(1)));
    const uint32_t low = lan.LinkLocal(0) < lan.LinkLocal(1) ? 0 : 1;
    const uint32_t high = 1 - low;
    const Ipv6Address lowAddress = lan.LinkLocal(low);
    Ptr<MldQuerier> lowQuerier = lan.Mld(low)->GetQuerier(1);
    Ptr<MldQuerier> highQuerier = lan.Mld(high)->GetQuerier(1);
    QuerierLog& lowLog = Keep<QuerierLog>();
    QuerierLog& highLog = Keep<QuerierLog>();
    lowLog.Attach(lowQuerier);
    highLog.Attach(highQuerier);
    WireLog& wire = Keep<WireLog>();
    wire.AttachTx(lan.nodes.Get(0));
    wire.AttachTx(lan.nodes.Get(1));

    // Stop before the Other Querier Present Interval (8.5 s) could end.
    Simulator::Stop(Seconds(8));
    Simulator::Run();

    BOOST_TEST(lowQuerier->IsQuerier());
    BOOST_TEST(!highQuerier->IsQuerier());
    BOOST_TEST(lowQuerier->GetQuerierAddress() == lowAddress);
    BOOST_TEST(highQuerier->GetQuerierAddress() == lowAddress);

    // The higher one yielded once, to the lower one, when it heard the first query.
    std::vector<QuerierLog::Change> yields;
    for (const auto& c : highLog.changes)
    {
        if (!c.querier)
        {
            yields.push_back(c);
        }
    }
    BOOST_REQUIRE(yields.size() == 1u);
    BOOST_TEST(yields[0].address == lowAddress);
    BOOST_TEST(yields[0].time <= Seconds(1) + WIRE);
    for (const auto& c : lowLog.changes)
    {
        BOOST_TEST(c.querier,
                   "the lowest address never yields (change at " << c.time.As(Time::S) << ")");
    }

    // Both sent the first startup query at once (DAD ends together); after it only the
    // lower one queries: at 1, 2 (startup, SQI = QI/4) and 6 s.
    auto highQueries = WireLog::Queries(wire.tx, lan.nodes.Get(high)->GetId());
    auto lowQueries = WireLog::Queries(wire.tx, lan.nodes.Get(low)->GetId());
    BOOST_TEST(highQueries.size() <= 1u);
    for (const auto& q : highQueries)
    {
        BOOST_TEST(q.time <= Seconds(1) + WIRE, "non-querier queried at " << q.time.As(Time::S));
    }
    BOOST_TEST(lowQueries.size() == 3u);
    BOOST_TEST(lan.Mld(high)->GetStatistics(1).outQueries == highQueries.size());
    Simulator::Destroy();
}

// RFC 2710 §4, §7.5: a non-querier that hears no query from a lower address
// for [Other Querier Present Interval] becomes querier again and sends a
// General Query.
BOOST_AUTO_TEST_CASE(takeover_after_other_querier_present_interval)
{
    LanOptions options;
    options.hosts = 3;
    options.routers = 2;
    const Time qi = Seconds(4);
    const Time qri = Seconds(1);
    Lan lan = MakeRouterLan(options, ShortTimers(qi, qri));
    const uint32_t low = lan.LinkLocal(0) < lan.LinkLocal(1) ? 0 : 1;
    const uint32_t high = 1 - low;
    const Ipv6Address lowAddress = lan.LinkLocal(low);
    const Ipv6Address highAddress = lan.LinkLocal(high);
    Ptr<MldQuerier> highQuerier = lan.Mld(high)->GetQuerier(1);
    const Time oqpi = highQuerier->GetOtherQuerierPresentInterval();
    BOOST_TEST(oqpi == MilliSeconds(8500)); // 2 * 4 s + 1 s / 2
    QuerierLog& highLog = Keep<QuerierLog>();
    highLog.Attach(highQuerier);
    MessageLog& messages = Keep<MessageLog>();
    messages.Attach(lan.nodes);
    WireLog& wire = Keep<WireLog>();
    wire.AttachTx(lan.nodes.Get(high));

    // The querier (queries at 1, 2, 6 s) goes away at 6.5 s.
    const Time down = MilliSeconds(6500);
    mldcompat::ScheduleCallable(down, [&]() { lan.nodes.Get(low)->GetObject<Ipv6>()->SetDown(1); });
    Simulator::Stop(Seconds(20));
    Simulator::Run();

    // The last query the higher router heard from the lower one.
    Time lastHeard(-1);
    for (const auto& m : messages.received)
    {
        if (m.node == lan.nodes.Get(high)->GetId() && m.type == MldHeader::LISTENER_QUERY &&
            m.source == lowAddress)
        {
            lastHeard = m.time;
        }
    }
    BOOST_REQUIRE(lastHeard.IsPositive());
    BOOST_TEST(lastHeard < down);

    std::vector<QuerierLog::Change> takeovers;
    for (const auto& c : highLog.changes)
    {
        if (c.querier && c.time > Seconds(2))
        {
            takeovers.push_back(c);
        }
    }
    BOOST_REQUIRE(takeovers.size() == 1u);
    const Time takeover = takeovers[0].time;
    BOOST_TEST(takeovers[0].address == highAddress);
    BOOST_TEST(Near(takeover, lastHeard + oqpi, EXACT),
               "took over at " << takeover.As(Time::S) << ", expected last query heard "
                               << lastHeard.As(Time::S) << " + OQPI");
    // Within one query interval of "OQPI after the querier vanished".
    BOOST_TEST(takeover <= down + oqpi);
    BOOST_TEST(takeover >= down + oqpi - qi);
    BOOST_TEST(highQuerier->IsQuerier());
    BOOST_TEST(highQuerier->GetQuerierAddress() == highAddress);

    // It sends a General Query at once, then every Query Interval.
    std::vector<WireRecord> after;
    for (const auto& q : WireLog::Queries(wire.tx))
    {
        if (q.time >= takeover)
        {
            after.push_back(q);
        }
    }
    BOOST_REQUIRE(after.size() >= 2u);
    BOOST_TEST(Near(after[0].time, takeover, EXACT));
    BOOST_TEST(after[0].mld.group == Ipv6Address::GetAny());
    BOOST_TEST(after[0].ip.GetDestination() == Ipv6Address::GetAllNodesMulticast());
    BOOST_TEST(after[0].mld.maxResponseCode == 1000u);
    BOOST_TEST(Near(after[1].time - after[0].time, qi, EXACT));
    // And nothing between its yield at ~1 s and the takeover.
    for (const auto& q : WireLog::Queries(wire.tx))
    {
        BOOST_TEST((q.time <= Seconds(1) + WIRE || q.time >= takeover),
                   "query at " << q.time.As(Time::S));
    }
    Simulator::Destroy();
}

// RFC 2710 §6: "any groups in 'Checking Listeners' state continue with the
// same state transition diagram until the 'Checking Listeners' state is
// exited": a querier that yields after a Done keeps sending the
// Multicast-Address-Specific Queries for that group.
BOOST_AUTO_TEST_CASE(yielding_querier_finishes_checking_listeners)
{
    MldHelper helper = ShortTimers(Seconds(20), Seconds(5));
    helper.SetQuerierAttribute("LastListenerQueryCount", UintegerValue(3));
    LanOptions options;
    options.hosts = 2;
    options.routers = 1;
    Lan lan = MakeRouterLan(options, helper);
    Ptr<Node> router = lan.nodes.Get(0);
    Ptr<MldQuerier> querier = lan.Mld(0)->GetQuerier(1);
    QuerierLog& log = Keep<QuerierLog>();
    log.Attach(querier);
    WireLog& wire = Keep<WireLog>();
    wire.AttachTx(router);
    MessageLog& messages = Keep<MessageLog>();
    messages.Attach(lan.nodes);

    mldcompat::ScheduleCallable(Seconds(2), [&]() { MldHelper::Join(lan.nodes.Get(1), 1, GROUP); });
    mldcompat::ScheduleCallable(Seconds(4),
                                [&]() { MldHelper::Leave(lan.nodes.Get(1), 1, GROUP); });
    // Between the first and the second address-specific query, a lower router appears.
    mldcompat::ScheduleCallable(MilliSeconds(4500), [&]() {
        Inject(router, ForgedQuery(Ipv6Address("fe80::1"), Ipv6Address::GetAny(), 5000));
    });
    Simulator::Stop(Seconds(9));
    Simulator::Run();

    BOOST_TEST(!querier->IsQuerier());
    auto dones = Filter(messages.received, MldHeader::LISTENER_DONE, router->GetId(), GROUP);
    BOOST_REQUIRE(dones.size() == 1u);
    std::vector<WireRecord> specific;
    for (const auto& q : WireLog::Queries(wire.tx))
    {
        if (q.mld.group == GROUP)
        {
            specific.push_back(q);
        }
    }
    BOOST_TEST(specific.size() == 3u,
               "address-specific queries for " << GROUP << ": " << specific.size()
                                               << ", expected Last Listener Query Count (3) "
                                                  "even though the router yielded at 4.5 s");
    auto removed = QuerierLog::Of(log.removed, GROUP);
    BOOST_REQUIRE(removed.size() == 1u);
    BOOST_TEST(Near(removed[0].time, dones[0].time + Seconds(3), EXACT));
    Simulator::Destroy();
}

BOOST_AUTO_TEST_SUITE_END()

// ===========================================================================
BOOST_FIXTURE_TEST_SUITE(listener_table, SimulationFixture)

// Disposal is not a protocol event: destroying the simulation fires no ListenerRemoved
// and no QuerierChanged for the groups and the querier still there (a trace consumer
// counting removals would count removals that never happened).
BOOST_AUTO_TEST_CASE(disposal_removes_no_listener)
{
    LanOptions options;
    options.hosts = 2;
    options.routers = 1;
    Lan lan = MakeRouterLan(options, ShortTimers(Seconds(4), Seconds(1)));
    Ptr<MldQuerier> querier = lan.Mld(0)->GetQuerier(1);
    QuerierLog& log = Keep<QuerierLog>();
    log.Attach(querier);
    const Ipv6Address group("ff1e::68");
    mldcompat::ScheduleCallable(Seconds(2), [&]() { lan.Mld(1)->Join(1, group); });
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    BOOST_TEST_REQUIRE(querier->HasListeners(group));
    BOOST_TEST_REQUIRE(querier->IsQuerier());
    const size_t removed = log.removed.size();
    const size_t changes = log.changes.size();

    Simulator::Destroy();
    BOOST_TEST(log.removed.size() == removed);
    BOOST_TEST(log.changes.size() == changes);
}

// RFC 2710 §4 and the §6 diagram (querier):
//   No Listeners --report--> Listeners Present (timer = MLI)
//   Listeners Present --done--> Checking Listeners (timer = LLQI * LLQC,
//       [LLQC] Multicast-Address-Specific Queries [LLQI] apart, MRD = LLQI, to the group, §8)
//   Checking Listeners --report--> Listeners Present (queries stop)
//   Checking Listeners --timer--> No Listeners
BOOST_AUTO_TEST_CASE(state_transitions)
{
    const Time qi = Seconds(20);
    const Time qri = Seconds(5);
    const Time llqi = Seconds(1);
    LanOptions options;
    options.hosts = 3;
    options.routers = 1;
    Lan lan = MakeRouterLan(options, ShortTimers(qi, qri));
    Ptr<Node> router = lan.nodes.Get(0);
    Ptr<Node> h1 = lan.nodes.Get(1);
    Ptr<Node> h2 = lan.nodes.Get(2);
    Ptr<MldQuerier> querier = lan.Mld(0)->GetQuerier(1);
    const Time mli = querier->GetMulticastListenerInterval();
    BOOST_TEST(mli == Seconds(45));
    BOOST_TEST(querier->GetLastListenerQueryCount() == 2u);
    QuerierLog& log = Keep<QuerierLog>();
    log.Attach(querier);
    WireLog& wire = Keep<WireLog>();
    wire.AttachTx(router);
    MessageLog& messages = Keep<MessageLog>();
    messages.Attach(lan.nodes);

    struct Snapshot
    {
        bool present{false};
        MldListenerEntry entry;
    };

    Snapshot afterJoin;
    Snapshot checking;
    Snapshot backPresent;
    auto take = [&](Snapshot* s) { s->present = FindEntry(querier, GROUP, s->entry); };

    mldcompat::ScheduleCallable(Seconds(2), [&]() { MldHelper::Join(h1, 1, GROUP); });
    mldcompat::ScheduleCallable(Seconds(3), [&]() { take(&afterJoin); });
    mldcompat::ScheduleCallable(Seconds(4), [&]() { MldHelper::Leave(h1, 1, GROUP); });
    mldcompat::ScheduleCallable(MilliSeconds(4200), [&]() { take(&checking); });
    mldcompat::ScheduleCallable(MilliSeconds(4500), [&]() { MldHelper::Join(h2, 1, GROUP); });
    mldcompat::ScheduleCallable(MilliSeconds(4600), [&]() { take(&backPresent); });
    mldcompat::ScheduleCallable(Seconds(10), [&]() { MldHelper::Leave(h2, 1, GROUP); });
    Simulator::Stop(Seconds(14));
    Simulator::Run();

    auto reports = Filter(messages.received, MldHeader::LISTENER_REPORT, router->GetId(), GROUP);
    auto dones = Filter(messages.received, MldHeader::LISTENER_DONE, router->GetId(), GROUP);
    BOOST_REQUIRE(!reports.empty());
    BOOST_REQUIRE(dones.size() == 2u); // h1 at 4 s, h2 at 10 s
    const Time firstReport = reports[0].time;
    BOOST_TEST(Near(firstReport, Seconds(2), WIRE));

    // No Listeners -> Listeners Present.
    auto added = QuerierLog::Of(log.added, GROUP);
    BOOST_REQUIRE(added.size() == 1u);
    BOOST_TEST(added[0].interface == 1u);
    BOOST_TEST(Near(added[0].time, firstReport, EXACT));
    BOOST_REQUIRE(afterJoin.present);
    BOOST_TEST(afterJoin.entry.state == MldGroupState::LISTENERS_PRESENT);
    Time refreshed = firstReport; // h1 may repeat its report (RFC 2710 §4) before 3 s
    for (const auto& r : reports)
    {
        refreshed = r.time <= Seconds(3) ? r.time : refreshed;
    }
    BOOST_TEST(Near(afterJoin.entry.timerRemaining, mli - (Seconds(3) - refreshed), EXACT));

    // Listeners Present -> Checking Listeners on h1's Done.
    BOOST_REQUIRE(checking.present);
    BOOST_TEST(checking.entry.state == MldGroupState::CHECKING_LISTENERS);
    BOOST_TEST(checking.entry.queriesLeft == 1u);
    BOOST_TEST(Near(checking.entry.timerRemaining,
                    llqi * 2 - (MilliSeconds(4200) - dones[0].time),
                    EXACT));

    // Checking Listeners -> Listeners Present on h2's report: timer MLI again, queries stop.
    BOOST_REQUIRE(backPresent.present);
    BOOST_TEST(backPresent.entry.state == MldGroupState::LISTENERS_PRESENT);
    BOOST_TEST(backPresent.entry.queriesLeft == 0u);
    BOOST_TEST(backPresent.entry.timerRemaining > mli - Seconds(1));

    std::vector<WireRecord> specific;
    for (const auto& q : WireLog::Queries(wire.tx))
    {
        if (!q.mld.group.IsAny())
        {
            specific.push_back(q);
        }
    }
    // One query after h1's Done (h2's report cancels the second), two after h2's Done.
    BOOST_REQUIRE(specific.size() == 3u);
    BOOST_TEST(Near(specific[0].time, dones[0].time, EXACT));
    BOOST_TEST(Near(specific[1].time, dones[1].time, EXACT));
    BOOST_TEST(Near(specific[2].time, dones[1].time + llqi, EXACT));
    for (const auto& q : specific)
    {
        BOOST_TEST_CONTEXT("query at " << q.time.As(Time::S))
        {
            BOOST_TEST(q.mld.group == GROUP);
            BOOST_TEST(q.ip.GetDestination() == GROUP);
            BOOST_TEST(q.mld.maxResponseCode == 1000u);
            BOOST_TEST(int(q.ip.GetHopLimit()) == 1);
            BOOST_TEST(q.ip.GetSource() == lan.LinkLocal(0));
        }
    }

    // Checking Listeners -> No Listeners, LLQI * LLQC after the last Done.
    auto removed = QuerierLog::Of(log.removed, GROUP);
    BOOST_REQUIRE(removed.size() == 1u);
    BOOST_TEST(Near(removed[0].time, dones[1].time + llqi * 2, EXACT),
               "removed at " << removed[0].time.As(Time::S) << ", Done at "
                             << dones[1].time.As(Time::S));
    MldListenerEntry gone;
    BOOST_TEST(!querier->HasListeners(GROUP));
    BOOST_TEST(!FindEntry(querier, GROUP, gone));
    Simulator::Destroy();
}

// RFC 2710 §4, §7.4: a listener that vanishes without a Done (here: its
// cable is pulled) is forgotten [Multicast Listener Interval] after its last
// report, RV * QI + QRI.
BOOST_AUTO_TEST_CASE(silent_listener_expires_after_mli)
{
    MldHelper helper = ShortTimers(Seconds(4), Seconds(1));
    helper.SetListenerAttribute("UnsolicitedReportInterval", TimeValue(Seconds(1)));
    LanOptions options;
    options.hosts = 2;
    options.routers = 1;
    Lan lan = MakeRouterLan(options, helper);
    Ptr<Node> router = lan.nodes.Get(0);
    Ptr<Node> host = lan.nodes.Get(1);
    Ptr<MldQuerier> querier = lan.Mld(0)->GetQuerier(1);
    const Time mli = querier->GetMulticastListenerInterval();
    BOOST_TEST(mli == Seconds(9));
    QuerierLog& log = Keep<QuerierLog>();
    log.Attach(querier);
    MessageLog& messages = Keep<MessageLog>();
    messages.Attach(lan.nodes);

    const Time down = MilliSeconds(7500);
    mldcompat::ScheduleCallable(MilliSeconds(1500), [&]() { MldHelper::Join(host, 1, GROUP); });
    // Unplugged: Ipv6::SetDown() would do too, but ns-3.37 then crashes in the host's next
    // Router Solicitation retransmission (Icmpv6L4Protocol::DelayedSendMessage).
    mldcompat::ScheduleCallable(down, [&]() {
        lan.channel->Detach(DynamicCast<CsmaNetDevice>(lan.devices.Get(1)));
    });
    Simulator::Stop(down + mli + Seconds(2));
    Simulator::Run();

    auto reports = Filter(messages.received, MldHeader::LISTENER_REPORT, router->GetId(), GROUP);
    BOOST_REQUIRE(reports.size() >= 2u); // the join's report and answers to queries
    const Time lastReport = reports.back().time;
    BOOST_TEST(lastReport < down);
    BOOST_TEST(Filter(messages.received, MldHeader::LISTENER_DONE, router->GetId(), GROUP).empty());

    auto removed = QuerierLog::Of(log.removed, GROUP);
    BOOST_REQUIRE(removed.size() == 1u);
    BOOST_TEST(Near(removed[0].time, lastReport + mli, EXACT),
               "removed at " << removed[0].time.As(Time::S) << ", last report "
                             << lastReport.As(Time::S));
    BOOST_TEST(removed[0].time > down);
    BOOST_TEST(!querier->HasListeners(GROUP));
    Simulator::Destroy();
}

// RFC 2710 §4: a non-querier keeps the listener table from the reports it
// hears but sends no queries; "When a router in Non-Querier state receives a
// Multicast-Address-Specific Query, if its timer value for the identified
// multicast address is greater than [Last Listener Query Count] times the
// Maximum Response Delay specified in the message, it sets the address's
// timer to that latter value."
BOOST_AUTO_TEST_CASE(non_querier_follows_reports_and_specific_queries)
{
    LanOptions options;
    options.hosts = 4;
    options.routers = 2;
    Lan lan = MakeRouterLan(options, ShortTimers(Seconds(20), Seconds(5)));
    const uint32_t low = lan.LinkLocal(0) < lan.LinkLocal(1) ? 0 : 1;
    const uint32_t high = 1 - low;
    const Ipv6Address lowAddress = lan.LinkLocal(low);
    Ptr<Node> nonQuerierNode = lan.nodes.Get(high);
    Ptr<MldQuerier> nonQuerier = lan.Mld(high)->GetQuerier(1);
    Ptr<MldQuerier> querier = lan.Mld(low)->GetQuerier(1);
    const Time mli = nonQuerier->GetMulticastListenerInterval();
    QuerierLog& nqLog = Keep<QuerierLog>();
    nqLog.Attach(nonQuerier);
    WireLog& wire = Keep<WireLog>();
    wire.AttachTx(nonQuerierNode);
    MessageLog& messages = Keep<MessageLog>();
    messages.Attach(lan.nodes);

    const Ipv6Address lowered("ff1e::3"); // forged query, short MRD: timer lowered
    const Ipv6Address kept("ff1e::2");    // forged query, long MRD: timer kept
    Ptr<Node> h1 = lan.nodes.Get(2);
    Ptr<Node> h2 = lan.nodes.Get(3);
    MldListenerEntry learnt;
    bool learntPresent = false;
    MldListenerEntry checking;
    bool checkingPresent = false;
    MldListenerEntry keptEntry;
    bool keptPresent = false;

    mldcompat::ScheduleCallable(Seconds(3), [&]() {
        MldHelper::Join(h1, 1, GROUP);
        MldHelper::Join(h2, 1, kept);
        MldHelper::Join(h2, 1, lowered);
    });
    const Time learntAt = MilliSeconds(3500);
    const Time keptAt = MilliSeconds(8100);
    mldcompat::ScheduleCallable(learntAt,
                                [&]() { learntPresent = FindEntry(nonQuerier, GROUP, learnt); });
    mldcompat::ScheduleCallable(Seconds(5), [&]() { MldHelper::Leave(h1, 1, GROUP); });
    mldcompat::ScheduleCallable(MilliSeconds(5500), [&]() {
        checkingPresent = FindEntry(nonQuerier, GROUP, checking);
    });
    // Queries as if from the querier: 2 x 300 ms < remaining timer; 2 x 30 s > remaining timer.
    mldcompat::ScheduleCallable(Seconds(8), [&]() {
        Inject(nonQuerierNode, ForgedQuery(lowAddress, lowered, 300));
        Inject(nonQuerierNode, ForgedQuery(lowAddress, kept, 30000));
    });
    mldcompat::ScheduleCallable(keptAt,
                                [&]() { keptPresent = FindEntry(nonQuerier, kept, keptEntry); });
    Simulator::Stop(Seconds(10));
    Simulator::Run();

    BOOST_TEST(querier->IsQuerier());
    BOOST_TEST(!nonQuerier->IsQuerier());

    // The last report a router heard for a group before a time.
    auto lastReportBefore = [&](Ipv6Address group, Time t) {
        Time last(-1);
        for (const auto& m :
             Filter(messages.received, MldHeader::LISTENER_REPORT, nonQuerierNode->GetId(), group))
        {
            last = m.time <= t ? m.time : last;
        }
        return last;
    };

    // Learnt from h1's reports, with the full Multicast Listener Interval.
    const Time learntReport = lastReportBefore(GROUP, learntAt);
    BOOST_REQUIRE(learntReport.IsPositive());
    BOOST_REQUIRE(learntPresent);
    BOOST_TEST(learnt.state == MldGroupState::LISTENERS_PRESENT);
    BOOST_TEST(Near(learnt.timerRemaining, mli - (learntAt - learntReport), EXACT));
    auto added = QuerierLog::Of(nqLog.added, GROUP);
    BOOST_TEST(added.size() == 1u);

    // It sends no query at all after yielding at ~1 s, not even after h1's Done.
    for (const auto& q : WireLog::Queries(wire.tx))
    {
        BOOST_TEST(q.time <= Seconds(1) + WIRE, "non-querier queried at " << q.time.As(Time::S));
    }

    // The querier's address-specific query (MRD = LLQI = 1 s) lowers the timer to
    // LLQC * MRD = 2 s; nobody answers, so the group goes 2 s after that query.
    Time firstSpecific(-1);
    for (const auto& m : messages.received)
    {
        if (m.node == nonQuerierNode->GetId() && m.type == MldHeader::LISTENER_QUERY &&
            m.group == GROUP)
        {
            firstSpecific = m.time;
            break;
        }
    }
    BOOST_REQUIRE(firstSpecific.IsPositive());
    BOOST_REQUIRE(checkingPresent);
    BOOST_TEST(
        Near(checking.timerRemaining, Seconds(2) - (MilliSeconds(5500) - firstSpecific), EXACT));
    auto removed = QuerierLog::Of(nqLog.removed, GROUP);
    BOOST_REQUIRE(removed.size() == 1u);
    BOOST_TEST(Near(removed[0].time, firstSpecific + Seconds(2), EXACT));

    // Forged query, MRD 300 ms: 2 x 300 ms is below the timer: lowered to 600 ms.
    auto removedLowered = QuerierLog::Of(nqLog.removed, lowered);
    BOOST_REQUIRE(removedLowered.size() == 1u);
    BOOST_TEST(Near(removedLowered[0].time, Seconds(8) + MilliSeconds(600), EXACT));
    BOOST_TEST(querier->HasListeners(lowered)); // the querier itself sent no such query

    // Forged query, MRD 30 s: 2 x 30 s exceeds the ~40 s left: the timer stays.
    BOOST_REQUIRE(keptPresent);
    const Time keptReport = lastReportBefore(kept, keptAt);
    BOOST_REQUIRE(keptReport.IsPositive());
    BOOST_REQUIRE(keptReport < Seconds(8)); // the query came after it
    const Time expectedLeft = keptReport + mli - keptAt;
    BOOST_TEST(keptEntry.timerRemaining <= expectedLeft + EXACT,
               "timer " << keptEntry.timerRemaining.As(Time::S) << " after a query with MRD 30 s"
                        << ", was " << expectedLeft.As(Time::S)
                        << ": a non-querier must only lower it (RFC 2710 §4)");
    Simulator::Destroy();
}

BOOST_AUTO_TEST_SUITE_END()

// ===========================================================================
BOOST_FIXTURE_TEST_SUITE(forwarding, SimulationFixture)

// RFC 2710 §2, §4: the router forwards a group onto a link as soon as it
// knows of a listener there: the first data packet sent after the report
// reaches the router is forwarded.
BOOST_AUTO_TEST_CASE(join_latency)
{
    Net net = MakeNet(ShortTimers(Seconds(10), Seconds(2)));
    Ptr<Node> source = net.a.Get(0);
    QuerierLog& bLog = Keep<QuerierLog>();
    bLog.Attach(net.Querier(2));
    RoutingLog& routing = Keep<RoutingLog>();
    routing.Attach(net.routing);
    WireLog& wire = Keep<WireLog>();
    wire.AttachRx(net.b.Get(1)); // B2 never joins: it sees what is on LAN B
    MessageLog& messages = Keep<MessageLog>();
    messages.Attach(net.all);

    const Time gap = MilliSeconds(10);
    const Time join = Seconds(3);
    DataSource& data = Keep<DataSource>(source, GROUP, PORT);
    data.Schedule(MilliSeconds(1500), Seconds(4), gap);
    Ptr<MldReceiver> receiver = AddReceiver(net.b.Get(0), GROUP, join, Seconds(10));
    Simulator::Stop(MilliSeconds(4500));
    Simulator::Run();

    auto reports = Filter(messages.sent, MldHeader::LISTENER_REPORT, net.b.Get(0)->GetId(), GROUP);
    BOOST_REQUIRE(!reports.empty());
    BOOST_TEST(Near(reports[0].time, join, EXACT)); // an unsolicited report at once
    auto added = QuerierLog::Of(bLog.added, GROUP, 2);
    BOOST_REQUIRE(added.size() == 1u);
    const Time listening = added[0].time;
    BOOST_TEST(listening - reports[0].time <= WIRE);

    // Nothing reached LAN B before, something right after.
    for (const auto& f : routing.forwards)
    {
        BOOST_TEST(f.time >= listening, "forwarded at " << f.time.As(Time::S));
    }
    auto onB = WireLog::Data(wire.rx, GROUP);
    BOOST_REQUIRE(!onB.empty());
    BOOST_TEST(onB[0].time >= listening);
    auto firstAfter =
        std::find_if(data.sent.begin(), data.sent.end(), [&](Time t) { return t >= listening; });
    BOOST_REQUIRE(firstAfter != data.sent.end());
    BOOST_TEST(onB[0].time <= *firstAfter + WIRE,
               "first packet on LAN B at " << onB[0].time.As(Time::S)
                                           << ", first one sent after the report reached the "
                                              "router at "
                                           << firstAfter->As(Time::S));
    BOOST_TEST_MESSAGE("join latency: report "
                       << (listening - join).As(Time::US) << " after the join, data "
                       << (receiver->GetFirstReceived() - join).As(Time::MS) << " after it");
    // So the receiver waits at most one data gap after joining.
    BOOST_TEST(receiver->GetFirstReceived() >= join);
    BOOST_TEST(receiver->GetFirstReceived() - join <= gap + WIRE,
               "join-to-data latency " << (receiver->GetFirstReceived() - join).As(Time::MS));
    // And from then on it gets every packet.
    const uint64_t expected =
        std::count_if(data.sent.begin(), data.sent.end(), [&](Time t) { return t >= listening; });
    BOOST_TEST(receiver->GetReceived() >= expected);
    BOOST_TEST(receiver->GetReceived() <= expected + 1);
    Simulator::Destroy();
}

// RFC 2710 §4, §7.8/§7.9: after the last listener's Done the router forwards
// for at most [Last Listener Query Interval] * [Last Listener Query Count]
// (plus the channel delay and one data gap), and keeps forwarding until then.
BOOST_AUTO_TEST_CASE(leave_latency)
{
    MldHelper helper = ShortTimers(Seconds(10), Seconds(2));
    const Time llqi = MilliSeconds(500);
    const uint32_t llqc = 3;
    helper.SetQuerierAttribute("LastListenerQueryInterval", TimeValue(llqi));
    helper.SetQuerierAttribute("LastListenerQueryCount", UintegerValue(llqc));
    Net net = MakeNet(helper);
    QuerierLog& bLog = Keep<QuerierLog>();
    bLog.Attach(net.Querier(2));
    RoutingLog& routing = Keep<RoutingLog>();
    routing.Attach(net.routing);
    WireLog& wire = Keep<WireLog>();
    wire.AttachRx(net.b.Get(1)); // B2: what is on LAN B
    wire.AttachTx(net.router);
    MessageLog& messages = Keep<MessageLog>();
    messages.Attach(net.all);

    const Time gap = MilliSeconds(10);
    DataSource& data = Keep<DataSource>(net.a.Get(0), GROUP, PORT);
    data.Schedule(MilliSeconds(1500), Seconds(6), gap);
    AddReceiver(net.b.Get(0), GROUP, Seconds(2), Seconds(3)); // leaves at 3 s
    Ptr<MldReceiver> onC = AddReceiver(net.c.Get(0), GROUP, Seconds(2), Seconds(10));
    Simulator::Stop(MilliSeconds(6500));
    Simulator::Run();

    auto dones = Filter(messages.received, MldHeader::LISTENER_DONE, net.router->GetId(), GROUP);
    BOOST_REQUIRE(dones.size() == 1u);
    BOOST_TEST(dones[0].interface == 2u);
    const Time done = dones[0].time;
    const Time check = llqi * llqc;

    // LLQC address-specific queries on LAN B, LLQI apart, MRD = LLQI.
    std::vector<WireRecord> specific;
    for (const auto& q : WireLog::Queries(wire.tx, net.router->GetId(), 2))
    {
        if (q.mld.group == GROUP)
        {
            specific.push_back(q);
        }
    }
    BOOST_REQUIRE(specific.size() == llqc);
    for (uint32_t i = 0; i < llqc; ++i)
    {
        BOOST_TEST(Near(specific[i].time, done + llqi * i, EXACT));
        BOOST_TEST(specific[i].mld.maxResponseCode == 500u);
    }

    auto removed = QuerierLog::Of(bLog.removed, GROUP, 2);
    BOOST_REQUIRE(removed.size() == 1u);
    BOOST_TEST(Near(removed[0].time, done + check, EXACT));

    Time lastForward(-1);
    for (const auto& f : routing.forwards)
    {
        if (f.out == 2)
        {
            lastForward = f.time;
        }
    }
    auto onB = WireLog::Data(wire.rx, GROUP);
    BOOST_REQUIRE(!onB.empty());
    const Time lastOnB = onB.back().time;
    BOOST_TEST_MESSAGE("leave latency: last data on LAN B "
                       << (lastOnB - done).As(Time::MS)
                       << " after the Done (LLQI x LLQC = " << check.As(Time::MS) << ")");
    BOOST_TEST(lastForward <= removed[0].time);
    BOOST_TEST(lastOnB <= done + check + WIRE + gap,
               "data on LAN B until " << lastOnB.As(Time::S) << ", Done at " << done.As(Time::S));
    // Checking Listeners still forwards: the traffic stops only with the timer.
    BOOST_TEST(lastOnB >= done + check - gap,
               "data on LAN B stopped at " << lastOnB.As(Time::S) << ", Done at "
                                           << done.As(Time::S));
    // LAN C keeps its traffic.
    BOOST_TEST(onC->GetLastReceived() >= Seconds(6) - gap - WIRE);
    Simulator::Destroy();
}

// RFC 2710 §2, §4; RFC 4291 §2.7; RFC 8200 §3: data goes only where there are
// listeners, never back to the link it came from, never for link-scope
// groups; each forwarded copy has its hop limit decremented, and a packet
// that arrives with hop limit 1 is not forwarded (and is counted).
BOOST_AUTO_TEST_CASE(forwarding_scope_and_hop_limit)
{
    Net net = MakeNet(ShortTimers(Seconds(10), Seconds(2)));
    RoutingLog& routing = Keep<RoutingLog>();
    routing.Attach(net.routing);
    WireLog& wire = Keep<WireLog>();
    wire.AttachRx(net.a.Get(1)); // A2: what is on LAN A
    wire.AttachRx(net.b.Get(0)); // B1
    wire.AttachRx(net.b.Get(1)); // B2
    wire.AttachRx(net.c.Get(0)); // C1: what is on LAN C
    const Ipv6Address linkScope("ff02::abc");

    // Listeners for GROUP on LAN B and on the source LAN A; nobody on C; a link-scope
    // listener on B.
    Ptr<MldReceiver> b1 = AddReceiver(net.b.Get(0), GROUP, Seconds(2), Seconds(10));
    Ptr<MldReceiver> a2 = AddReceiver(net.a.Get(1), GROUP, Seconds(2), Seconds(10));
    Ptr<MldReceiver> b2 = AddReceiver(net.b.Get(1), linkScope, Seconds(2), Seconds(10));

    Ptr<Node> source = net.a.Get(0);
    DataSource& data = Keep<DataSource>(source, GROUP, PORT);
    data.Schedule(Seconds(3), Seconds(4), MilliSeconds(20));
    // From S's global address: the link scope of the group alone must keep it on LAN A.
    DataSource& local = Keep<DataSource>(source, linkScope, PORT, 0, AddressOf(source, false));
    local.Schedule(Seconds(3), Seconds(4), MilliSeconds(20));
    DataSource& lastHop = Keep<DataSource>(source, GROUP, PORT + 1, 1); // hop limit 1
    lastHop.Schedule(MilliSeconds(4100), MilliSeconds(4200), MilliSeconds(20));
    Simulator::Stop(Seconds(5));
    Simulator::Run();

    const uint64_t n = data.sent.size();
    const uint64_t n1 = lastHop.sent.size();
    BOOST_REQUIRE(n == 50u);
    BOOST_REQUIRE(n1 == 5u);
    BOOST_REQUIRE(local.sent.size() == 50u);
    BOOST_TEST(net.Querier(2)->HasListeners(GROUP));
    BOOST_TEST(net.Querier(2)->HasListeners(linkScope));
    BOOST_TEST(!net.Querier(3)->HasListeners(GROUP));

    // LAN B gets each packet once, hop limit 64 - 1.
    BOOST_TEST(b1->GetReceived() == n);
    auto onB = WireLog::Data(wire.rx, GROUP, net.b.Get(0)->GetId());
    BOOST_TEST(onB.size() == n);
    for (const auto& r : onB)
    {
        BOOST_TEST(int(r.ip.GetHopLimit()) == 63);
    }

    // LAN A: S's own transmissions only, no copy sent back (n + n1 on the wire, once each).
    auto onA = WireLog::Data(wire.rx, GROUP, net.a.Get(1)->GetId());
    BOOST_TEST(onA.size() == n + n1);
    BOOST_TEST(a2->GetReceived() == n);
    uint64_t sentWith64 = 0;
    for (const auto& r : onA)
    {
        sentWith64 += r.ip.GetHopLimit() == 64 ? 1 : 0;
    }
    BOOST_TEST(sentWith64 == n);

    // LAN C: no listeners, no data.
    BOOST_TEST(WireLog::Data(wire.rx, GROUP, net.c.Get(0)->GetId()).empty());
    BOOST_TEST(WireLog::Data(wire.rx, linkScope, net.c.Get(0)->GetId()).empty());

    // Link scope stays on LAN A although B has a listener.
    auto localOnA = WireLog::Data(wire.rx, linkScope, net.a.Get(1)->GetId());
    BOOST_REQUIRE(localOnA.size() == local.sent.size());
    BOOST_TEST(!localOnA[0].ip.GetSource().IsLinkLocal());
    BOOST_TEST(WireLog::Data(wire.rx, linkScope, net.b.Get(1)->GetId()).empty());
    BOOST_TEST(b2->GetReceived() == 0u);

    // The router's own account: every copy A -> B, none elsewhere.
    BOOST_TEST(routing.forwards.size() == n);
    for (const auto& f : routing.forwards)
    {
        BOOST_TEST_CONTEXT("forward at " << f.time.As(Time::S))
        {
            BOOST_TEST(f.destination == GROUP);
            BOOST_TEST(f.in == 1u);
            BOOST_TEST(f.out == 2u);
            BOOST_TEST(int(f.hopLimit) > 1);
        }
    }
    BOOST_TEST(net.routing->GetForwardedCount() == n);

    // Hop limit 1: not forwarded (B saw no packet for PORT + 1), counted as HOP_LIMIT.
    for (const auto& r : WireLog::Data(wire.rx, GROUP, net.b.Get(1)->GetId()))
    {
        BOOST_TEST(r.dstPort == PORT);
    }
    uint64_t dataHopLimitDrops = 0;
    uint64_t mldHopLimitDrops = 0; // Hop-by-Hop first: MLD messages
    uint64_t allHopLimitDrops = 0;
    for (const auto& d : routing.drops)
    {
        if (d.reason == MldRouting::HOP_LIMIT)
        {
            ++allHopLimitDrops;
            dataHopLimitDrops += d.nextHeader == iana::internetprotocolnumbers::UDP ? 1 : 0;
            mldHopLimitDrops += d.nextHeader == 0 ? 1 : 0;
        }
    }
    BOOST_TEST(dataHopLimitDrops == n1);
    // The counter is of multicast *data* (MldRouting::GetForwardDropCount): MLD messages
    // to GROUP (reports, hop limit 1 by RFC 2710 §3) are not data and must not be in it.
    BOOST_TEST(net.routing->GetForwardDropCount(MldRouting::HOP_LIMIT) == n1,
               "HOP_LIMIT drops " << net.routing->GetForwardDropCount(MldRouting::HOP_LIMIT)
                                  << ", of which UDP data " << dataHopLimitDrops
                                  << ", MLD messages " << mldHopLimitDrops << ", other "
                                  << allHopLimitDrops - dataHopLimitDrops - mldHopLimitDrops);
    Simulator::Destroy();
}

// RFC 4291 §2.5.6: "Routers must not forward any packets with Link-Local
// source or destination addresses to other links." Multicast data sent from
// a link-local source stays on its link even if another link has listeners.
BOOST_AUTO_TEST_CASE(link_local_source_not_forwarded)
{
    Net net = MakeNet(ShortTimers(Seconds(10), Seconds(2)));
    RoutingLog& routing = Keep<RoutingLog>();
    routing.Attach(net.routing);
    WireLog& wire = Keep<WireLog>();
    wire.AttachRx(net.a.Get(1));
    wire.AttachRx(net.b.Get(0));
    Ptr<Node> source = net.a.Get(0);
    const Ipv6Address sourceLinkLocal = AddressOf(source, true);
    BOOST_REQUIRE(sourceLinkLocal.IsLinkLocal());

    Ptr<MldReceiver> b1 = AddReceiver(net.b.Get(0), GROUP, Seconds(2), Seconds(10));
    DataSource& data = Keep<DataSource>(source, GROUP, PORT, 0, sourceLinkLocal);
    data.Schedule(Seconds(3), MilliSeconds(3200), MilliSeconds(20));
    Simulator::Stop(Seconds(4));
    Simulator::Run();

    BOOST_REQUIRE(data.sent.size() == 10u);
    auto onA = WireLog::Data(wire.rx, GROUP, net.a.Get(1)->GetId());
    BOOST_REQUIRE(onA.size() == 10u); // they were sent, from the link-local address
    BOOST_TEST(onA[0].ip.GetSource() == sourceLinkLocal);
    BOOST_TEST(net.Querier(2)->HasListeners(GROUP));
    BOOST_TEST(routing.forwards.size() == 0u);
    BOOST_TEST(WireLog::Data(wire.rx, GROUP, net.b.Get(0)->GetId()).size() == 0u);
    BOOST_TEST(b1->GetReceived() == 0u);
    Simulator::Destroy();
}

BOOST_AUTO_TEST_SUITE_END()

// ===========================================================================
BOOST_FIXTURE_TEST_SUITE(bad_input, SimulationFixture)

// RFC 2710 §3/§4, RFC 3590 §4: messages from a non-link-local source are
// ignored; reports for a non-multicast address or for scopes 0/1 are invalid
// (§3.6, §5); ff02::1 is never reported (§5); a Done for a group without
// listeners changes nothing (§6: Done is only an event in Listeners Present).
BOOST_AUTO_TEST_CASE(invalid_messages_change_nothing)
{
    LanOptions options;
    options.hosts = 2;
    options.routers = 1;
    Lan lan = MakeRouterLan(options, ShortTimers(Seconds(4), Seconds(1)));
    Ptr<Node> router = lan.nodes.Get(0);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<MldQuerier> querier = mld->GetQuerier(1);
    QuerierLog& log = Keep<QuerierLog>();
    log.Attach(querier);
    WireLog& wire = Keep<WireLog>();
    wire.AttachTx(router);

    const Ipv6Address goneGroup("ff1e::77");
    const Ipv6Address validGroup("ff1e::55");
    uint64_t badSourceBefore = 0;
    uint64_t badSourceAfter = 0;
    uint64_t badAddressBefore = 0;
    uint64_t badAddressAfter = 0;
    bool querierAfterBadQuery = false;
    Ipv6Address querierAddressAfterBadQuery;
    // The hosts' own groups (solicited-node) are in the table too: compare before and after.
    std::string tableBefore;
    std::string tableAfterBadReports;
    std::string tableAfterDone;

    // After the startup queries (1 and 2 s) and DAD.
    mldcompat::ScheduleCallable(MilliSeconds(2500), [&]() {
        tableBefore = TableString(querier);
        badSourceBefore = mld->GetDropCount(1, MldDropReason::BAD_SOURCE);
        // A query from a global address, lower than any fe80:: one.
        Forge q = ForgedQuery(Ipv6Address("2001:db8::1"), Ipv6Address::GetAny(), 1000);
        Inject(router, q);
        badSourceAfter = mld->GetDropCount(1, MldDropReason::BAD_SOURCE);
        querierAfterBadQuery = querier->IsQuerier();
        querierAddressAfterBadQuery = querier->GetQuerierAddress();
    });
    mldcompat::ScheduleCallable(MilliSeconds(2600), [&]() {
        badAddressBefore = mld->GetDropCount(1, MldDropReason::BAD_ADDRESS);
        for (const char* group : {"2001:db8::5", "ff01::5", "ff00::5", "ff02::1"})
        {
            Inject(router,
                   ForgedListenerMessage(MldHeader::LISTENER_REPORT,
                                         Ipv6Address(group),
                                         Ipv6Address::GetAllNodesMulticast()));
        }
        badAddressAfter = mld->GetDropCount(1, MldDropReason::BAD_ADDRESS);
        tableAfterBadReports = TableString(querier);
    });
    mldcompat::ScheduleCallable(MilliSeconds(2700), [&]() {
        Inject(router,
               ForgedListenerMessage(MldHeader::LISTENER_DONE,
                                     goneGroup,
                                     Ipv6Address::GetAllRoutersMulticast()));
        tableAfterDone = TableString(querier);
    });
    // Control: the same path accepts a valid report.
    mldcompat::ScheduleCallable(MilliSeconds(2800), [&]() {
        Inject(router, ForgedListenerMessage(MldHeader::LISTENER_REPORT, validGroup, validGroup));
    });
    Simulator::Stop(Seconds(4));
    Simulator::Run();

    BOOST_TEST(badSourceAfter == badSourceBefore + 1);
    BOOST_TEST(querierAfterBadQuery);
    BOOST_TEST(querierAddressAfterBadQuery == lan.LinkLocal(0));
    for (const auto& c : log.changes)
    {
        BOOST_TEST(c.time < Seconds(2), "querier change at " << c.time.As(Time::S));
    }
    BOOST_TEST(querier->IsQuerier());

    BOOST_TEST(badAddressAfter == badAddressBefore + 4);
    BOOST_TEST(!tableBefore.empty());
    BOOST_TEST(tableAfterBadReports == tableBefore);
    for (const auto& a : log.added)
    {
        BOOST_TEST((a.time < MilliSeconds(2500) || a.group == validGroup),
                   "listener entry for " << a.group << " at " << a.time.As(Time::S));
    }

    BOOST_TEST(tableAfterDone == tableBefore);
    for (const auto& q : WireLog::Queries(wire.tx))
    {
        BOOST_TEST(q.mld.group.IsAny(), "query for " << q.mld.group);
    }
    BOOST_TEST(log.removed.empty());

    BOOST_TEST(querier->HasListeners(validGroup));
    BOOST_TEST(!querier->HasListeners(goneGroup));
    Simulator::Destroy();
}

// RFC 2710 §4: a Report is sent to the group it reports, a Done to ff02::2. A Report
// for G sent elsewhere creates no listener entry, and a Done for G sent to G starts no
// last-listener queries: both are dropped and counted (BAD_DESTINATION).
BOOST_AUTO_TEST_CASE(report_and_done_to_wrong_destination)
{
    LanOptions options;
    options.hosts = 2;
    options.routers = 1;
    Lan lan = MakeRouterLan(options, ShortTimers(Seconds(4), Seconds(1)));
    Ptr<Node> router = lan.nodes.Get(0);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<MldQuerier> querier = mld->GetQuerier(1);
    WireLog& wire = Keep<WireLog>();
    wire.AttachTx(router);
    const Ipv6Address group("ff1e::66");
    const Ipv6Address other("ff1e::67");
    bool listedAfterMisdirected = true;
    bool listedAfterReport = false;
    mldcompat::ScheduleCallable(MilliSeconds(2500), [&]() {
        Inject(router, ForgedListenerMessage(MldHeader::LISTENER_REPORT, group, other));
        Inject(router,
               ForgedListenerMessage(MldHeader::LISTENER_REPORT,
                                     group,
                                     Ipv6Address::GetAllNodesMulticast()));
        listedAfterMisdirected = querier->HasListeners(group);
        // Control: the same report, sent to its group.
        Inject(router, ForgedListenerMessage(MldHeader::LISTENER_REPORT, group, group));
        listedAfterReport = querier->HasListeners(group);
    });
    mldcompat::ScheduleCallable(MilliSeconds(2600), [&]() {
        Inject(router, ForgedListenerMessage(MldHeader::LISTENER_DONE, group, group));
    });
    Simulator::Stop(Seconds(4));
    Simulator::Run();

    BOOST_TEST(!listedAfterMisdirected);
    BOOST_TEST(listedAfterReport);
    BOOST_TEST(querier->HasListeners(group));
    BOOST_TEST(mld->GetDropCount(1, MldDropReason::BAD_DESTINATION) == 3u);
    BOOST_TEST(mld->GetStatistics(1).inDones == 0u);
    for (const auto& q : WireLog::Queries(wire.tx))
    {
        BOOST_TEST(q.mld.group.IsAny(), "query for " << q.mld.group);
    }
    Simulator::Destroy();
}

// RFC 2710 §4: a query from a lower address, even a forged one, makes the
// querier yield; it takes over again [Other Querier Present Interval] later
// (§7.5). A query from a higher address changes nothing.
BOOST_AUTO_TEST_CASE(forged_lower_query_yields_until_oqpi)
{
    const Time qi = Seconds(4);
    LanOptions options;
    options.hosts = 2;
    options.routers = 1;
    Lan lan = MakeRouterLan(options, ShortTimers(qi, Seconds(1)));
    Ptr<Node> router = lan.nodes.Get(0);
    Ptr<MldQuerier> querier = lan.Mld(0)->GetQuerier(1);
    const Time oqpi = querier->GetOtherQuerierPresentInterval();
    QuerierLog& log = Keep<QuerierLog>();
    log.Attach(querier);
    WireLog& wire = Keep<WireLog>();
    wire.AttachTx(router);

    const Ipv6Address higher("fe80::ffff:ffff:ffff:ffff");
    const Ipv6Address lower("fe80::1");
    BOOST_REQUIRE(lan.LinkLocal(0) < higher);
    BOOST_REQUIRE(lower < lan.LinkLocal(0));
    bool querierAfterHigher = false;
    bool querierAfterLower = true;
    Ipv6Address querierAddressAfterLower;
    const Time forged = MilliSeconds(2500);

    mldcompat::ScheduleCallable(MilliSeconds(2200), [&]() {
        Inject(router, ForgedQuery(higher, Ipv6Address::GetAny(), 1000));
        querierAfterHigher = querier->IsQuerier();
    });
    mldcompat::ScheduleCallable(forged, [&]() {
        Inject(router, ForgedQuery(lower, Ipv6Address::GetAny(), 1000));
        querierAfterLower = querier->IsQuerier();
        querierAddressAfterLower = querier->GetQuerierAddress();
    });
    Simulator::Stop(forged + oqpi + qi / 2);
    Simulator::Run();

    BOOST_TEST(querierAfterHigher);
    BOOST_TEST(!querierAfterLower);
    BOOST_TEST(querierAddressAfterLower == lower);

    std::vector<QuerierLog::Change> later;
    for (const auto& c : log.changes)
    {
        if (c.time >= Seconds(2))
        {
            later.push_back(c);
        }
    }
    BOOST_REQUIRE(later.size() == 2u);
    BOOST_TEST(!later[0].querier);
    BOOST_TEST(later[0].address == lower);
    BOOST_TEST(Near(later[0].time, forged, EXACT));
    BOOST_TEST(later[1].querier);
    BOOST_TEST(later[1].address == lan.LinkLocal(0));
    BOOST_TEST(Near(later[1].time, forged + oqpi, EXACT));
    BOOST_TEST(querier->IsQuerier());

    // Silent while yielding; a General Query as soon as it takes over.
    bool sentAtTakeover = false;
    for (const auto& q : WireLog::Queries(wire.tx))
    {
        BOOST_TEST((q.time < forged || q.time >= forged + oqpi),
                   "query while non-querier at " << q.time.As(Time::S));
        sentAtTakeover |= Near(q.time, forged + oqpi, EXACT) && q.mld.group.IsAny();
    }
    BOOST_TEST(sentAtTakeover);
    Simulator::Destroy();
}

BOOST_AUTO_TEST_SUITE_END()

// ===========================================================================
BOOST_FIXTURE_TEST_SUITE(configuration, SimulationFixture)

// RFC 2710 §7.3: the Query Response Interval must be less than the Query
// Interval; §3.4: the Maximum Response Delay field (QRI, LLQI) is 16 bits of
// milliseconds.
BOOST_AUTO_TEST_CASE(validation)
{
    BOOST_TEST(MakeQuerier({})->GetConfigurationError().empty());

    for (Time qri : {Seconds(125), Seconds(130)})
    {
        Ptr<MldQuerier> q = MakeQuerier({T("QueryResponseInterval", qri)});
        BOOST_TEST(Mentions(q, "QueryResponseInterval"), q->GetConfigurationError());
        BOOST_TEST(Mentions(q, "QueryInterval"), q->GetConfigurationError());
    }
    BOOST_TEST(MakeQuerier({T("QueryInterval", Seconds(10)),
                            T("QueryResponseInterval", MilliSeconds(9999))})
                   ->GetConfigurationError()
                   .empty());

    Ptr<MldQuerier> qriTooBig = MakeQuerier({T("QueryResponseInterval", MilliSeconds(65536))});
    BOOST_TEST(Mentions(qriTooBig, "QueryResponseInterval"), qriTooBig->GetConfigurationError());
    BOOST_TEST(Mentions(qriTooBig, "65535"), qriTooBig->GetConfigurationError());
    BOOST_TEST(MakeQuerier({T("QueryResponseInterval", MilliSeconds(65535))})
                   ->GetConfigurationError()
                   .empty());

    Ptr<MldQuerier> llqiTooBig = MakeQuerier({T("LastListenerQueryInterval", MilliSeconds(65536))});
    BOOST_TEST(Mentions(llqiTooBig, "LastListenerQueryInterval"),
               llqiTooBig->GetConfigurationError());
    BOOST_TEST(Mentions(llqiTooBig, "65535"), llqiTooBig->GetConfigurationError());
    BOOST_TEST(MakeQuerier({T("LastListenerQueryInterval", MilliSeconds(65535))})
                   ->GetConfigurationError()
                   .empty());
    Simulator::Destroy();
}

// RFC 2710 §7.1-§7.9: defaults and derived values; explicit values override.
BOOST_AUTO_TEST_CASE(derived_values)
{
    Ptr<MldQuerier> d = MakeQuerier({});
    BOOST_TEST(d->GetRobustness() == 2u);
    BOOST_TEST(d->GetQueryInterval() == Seconds(125));
    BOOST_TEST(d->GetQueryResponseInterval() == Seconds(10));
    BOOST_TEST(d->GetMulticastListenerInterval() == Seconds(260));   // 2 * 125 + 10
    BOOST_TEST(d->GetOtherQuerierPresentInterval() == Seconds(255)); // 2 * 125 + 10 / 2
    BOOST_TEST(d->GetStartupQueryInterval() == MilliSeconds(31250)); // 125 / 4
    BOOST_TEST(d->GetStartupQueryCount() == 2u);                     // RV
    BOOST_TEST(d->GetLastListenerQueryInterval() == Seconds(1));
    BOOST_TEST(d->GetLastListenerQueryCount() == 2u); // RV

    Ptr<MldQuerier> rv3 = MakeQuerier({U("Robustness", 3),
                                       T("QueryInterval", Seconds(20)),
                                       T("QueryResponseInterval", Seconds(4))});
    BOOST_TEST(rv3->GetConfigurationError().empty());
    BOOST_TEST(rv3->GetMulticastListenerInterval() == Seconds(64));   // 3 * 20 + 4
    BOOST_TEST(rv3->GetOtherQuerierPresentInterval() == Seconds(62)); // 3 * 20 + 2
    BOOST_TEST(rv3->GetStartupQueryInterval() == Seconds(5));
    BOOST_TEST(rv3->GetStartupQueryCount() == 3u);
    BOOST_TEST(rv3->GetLastListenerQueryCount() == 3u);

    Ptr<MldQuerier> set = MakeQuerier({U("Robustness", 3),
                                       T("QueryInterval", Seconds(20)),
                                       T("QueryResponseInterval", Seconds(4)),
                                       T("MulticastListenerInterval", Seconds(30)),
                                       T("OtherQuerierPresentInterval", Seconds(25)),
                                       T("StartupQueryInterval", Seconds(2)),
                                       U("StartupQueryCount", 5),
                                       U("LastListenerQueryCount", 4),
                                       T("LastListenerQueryInterval", MilliSeconds(700))});
    BOOST_TEST(set->GetConfigurationError().empty());
    BOOST_TEST(set->GetMulticastListenerInterval() == Seconds(30));
    BOOST_TEST(set->GetOtherQuerierPresentInterval() == Seconds(25));
    BOOST_TEST(set->GetStartupQueryInterval() == Seconds(2));
    BOOST_TEST(set->GetStartupQueryCount() == 5u);
    BOOST_TEST(set->GetLastListenerQueryCount() == 4u);
    BOOST_TEST(set->GetLastListenerQueryInterval() == MilliSeconds(700));
    Simulator::Destroy();
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END() // mld_router
