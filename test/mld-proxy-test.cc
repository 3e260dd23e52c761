/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The MLD proxy (RFC 4605): its membership database (§4.1) merged from the downstream
// listener tables, the upstream host part that reports it and answers queries, its
// forwarding (§4.2) with the querier rule on shared LANs, a tree of proxies, and the
// configurations it refuses.

#include "mld-test-util.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace mldtest;

namespace
{

const Ipv6Address GROUP("ff1e::4605");  //!< the group of most cases (global scope)
const Ipv6Address GROUP2("ff1e::4606"); //!< a second group
const Ipv6Address SA("2001:db8:99::a"); //!< sources named in filters
const Ipv6Address SB("2001:db8:99::b");
const Ipv6Address SC("2001:db8:99::c");
const Ipv6Address SD("2001:db8:99::d");
const Time LLQI = MilliSeconds(200); //!< Last Listener Query Interval of every router
const uint16_t PORT = 9;             //!< data port
const Time SLACK = MilliSeconds(20); //!< two packets at 100/s: more than a hop takes

/// A multicast data packet seen by a node's IPv6 layer (Ipv6L3Protocol Rx): on its LAN.
struct Seen
{
    Time time;          //!< when
    uint32_t node;      //!< the node that saw it
    Ipv6Address group;  //!< destination
    Ipv6Address source; //!< origin
    uint8_t hopLimit;   //!< hop limit as received
};

/// Options of the basic proxy network.
struct Options
{
    std::string upstreamRouter{"MLDv2"}; //!< version of R, the upstream querier
    std::string down1{"MLDv2"};          //!< router version of the proxy on LAN1
    std::string down2{"MLDv2"};          //!< router version of the proxy on LAN2
    std::string hosts{"MLDv2Fallback"};  //!< host version of every node
};

/**
 * The basic network: R, the upstream querier, with a source S and a listener U on LAN0;
 * the proxy P with its upstream interface 1 on LAN0 and downstream interfaces 2 (LAN1:
 * H1, H1b) and 3 (LAN2: H2).
 */
struct ProxyFixture : public ScenarioFixture
{
    Topology t;             //!< the nodes and addresses
    Ptr<Node> R;            //!< upstream router (node 0)
    Ptr<Node> P;            //!< the proxy (node 1)
    Ptr<Node> S;            //!< source on LAN0 (node 2)
    Ptr<Node> U;            //!< listener on LAN0 (node 3)
    Ptr<Node> H1;           //!< host on LAN1 (node 4)
    Ptr<Node> H1b;          //!< host on LAN1 (node 5)
    Ptr<Node> H2;           //!< host on LAN2 (node 6)
    Ptr<MldProxy> proxy;    //!< P's proxy
    std::vector<Seen> seen; //!< data seen by the watched nodes

    /// A helper with the timers of these cases.
    static MldHelper Helper(const Options& o)
    {
        MldHelper mld;
        mld.SetListenerAttribute("Version", StringValue(o.hosts));
        mld.SetQuerierAttribute("Version", StringValue(o.upstreamRouter));
        mld.SetQuerierAttribute("QueryInterval", TimeValue(Seconds(10)));
        mld.SetQuerierAttribute("QueryResponseInterval", TimeValue(Seconds(1)));
        mld.SetQuerierAttribute("LastListenerQueryInterval", TimeValue(LLQI));
        return mld;
    }

    /// A downstream querier of a version.
    static Ptr<MldQuerier> Querier(const std::string& version)
    {
        Ptr<MldQuerier> q = CreateObject<MldQuerier>();
        q->SetAttribute("Version", StringValue(version));
        q->SetAttribute("QueryInterval", TimeValue(Seconds(10)));
        q->SetAttribute("QueryResponseInterval", TimeValue(Seconds(1)));
        q->SetAttribute("LastListenerQueryInterval", TimeValue(LLQI));
        return q;
    }

    /// Build the network.
    void Build(const Options& o = Options())
    {
        t = MakeTopology(7, {{0, 1, 2, 3}, {1, 4, 5}, {1, 6}});
        R = t.nodes.Get(0);
        P = t.nodes.Get(1);
        S = t.nodes.Get(2);
        U = t.nodes.Get(3);
        H1 = t.nodes.Get(4);
        H1b = t.nodes.Get(5);
        H2 = t.nodes.Get(6);
        MldHelper mld = Helper(o);
        mld.Install(t.nodes);
        mld.SetRouter(R);
        Mld(P)->SetRouter(2, true, Querier(o.down1));
        Mld(P)->SetRouter(3, true, Querier(o.down2));
        proxy = MldProxyHelper().Install(P, 1, {2, 3});
        mld.AssignStreams(t.nodes, 100);
        messages.Attach(t.nodes);
        WatchRouter(P);
        WatchRouter(R);
        WatchReports(P);
    }

    /// \param node a node \return its MLD
    static Ptr<MldProtocol> Mld(Ptr<Node> node)
    {
        return node->GetObject<MldProtocol>();
    }

    /// Record the multicast data a node's IPv6 layer receives.
    void WatchData(Ptr<Node> node)
    {
        node->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
            "Rx",
            MakeBoundCallback(&ProxyFixture::OnRx, this, node->GetId()));
    }

    /// Data seen by a node for a group in [from, to).
    std::vector<Seen> Data(Ptr<Node> node, Ipv6Address group, Time from, Time to) const
    {
        std::vector<Seen> out;
        for (const Seen& s : seen)
        {
            if (s.node == node->GetId() && s.group == group && s.time >= from && s.time < to)
            {
                out.push_back(s);
            }
        }
        return out;
    }

    /// Copies a router forwarded (from `in` onto `out`, 0: any) for a group.
    std::vector<DataCopy> Forwarded(Ptr<Node> router,
                                    Ipv6Address group,
                                    uint32_t in,
                                    uint32_t out) const
    {
        std::vector<DataCopy> result;
        for (const DataCopy& c : copies)
        {
            if (c.node == router->GetId() && c.group == group && (in == 0 || c.in == in) &&
                (out == 0 || c.out == out))
            {
                result.push_back(c);
            }
        }
        return result;
    }

    /// Set a host's filter on interface 1 at a time (socket 1).
    void Filter(Ptr<Node> host,
                Time at,
                bool exclude,
                std::set<Ipv6Address> sources,
                Ipv6Address group = GROUP)
    {
        Ptr<MldProtocol> mld = Mld(host);
        mldcompat::ScheduleCallable(at, [mld, group, exclude, sources]() {
            BOOST_TEST(mld->SetSourceFilter(1, group, 1, exclude, sources));
        });
    }

    /// First record the proxy sent upstream for GROUP in [from, to), or an empty one.
    Record FirstRecord(Time from, Time to) const
    {
        for (const Record& r : records)
        {
            if (r.node == P->GetId() && r.group == GROUP && r.time >= from && r.time < to)
            {
                return r;
            }
        }
        return Record{Seconds(-1), 0, "", GROUP, {}};
    }

  private:
    static void OnRx(ProxyFixture* f, uint32_t node, Ptr<const Packet> p, Ptr<Ipv6>, uint32_t)
    {
        Ipv6Header h;
        p->PeekHeader(h);
        if (h.GetDestination().IsMulticast() && h.GetNextHeader() == 17 /* UDP */)
        {
            f->seen.push_back(
                {Simulator::Now(), node, h.GetDestination(), h.GetSource(), h.GetHopLimit()});
        }
    }
};

/// One downstream subscription of a merge case.
struct Sub
{
    /// What the listener does.
    enum Kind
    {
        NONE,  ///< no listener
        V1,    ///< an MLDv1 host (any source)
        V2_IN, ///< MLDv2 INCLUDE sources
        V2_EX, ///< MLDv2 EXCLUDE sources
    };

    /// \param k what \param s its sources
    Sub(Kind k = NONE, std::set<Ipv6Address> s = {})
        : kind(k),
          sources(std::move(s))
    {
    }

    Kind kind;                     //!< what
    std::set<Ipv6Address> sources; //!< its sources
};

/// A merge case: LAN1's and LAN2's subscriptions, the router versions there, and the
/// expected database record (INCLUDE {}: none).
struct MergeCase
{
    std::string name;         //!< for the messages
    std::string down1;        //!< router version on LAN1
    Sub lan1;                 //!< LAN1's listener (H1)
    std::string down2;        //!< router version on LAN2
    Sub lan2;                 //!< LAN2's listener (H2)
    MldSourceFilter expected; //!< the database record
};

/// Apply a subscription on a host at 1 s.
void
Subscribe(ProxyFixture& f, Ptr<Node> host, const Sub& sub)
{
    Ptr<MldProtocol> mld = ProxyFixture::Mld(host);
    switch (sub.kind)
    {
    case Sub::V1:
        mld->SetVersion(1, MldHostVersion::MLDV1);
        mldcompat::ScheduleCallable(Seconds(1), [mld]() { BOOST_TEST(mld->Join(1, GROUP)); });
        break;
    case Sub::V2_IN:
    case Sub::V2_EX:
        mld->SetVersion(1, MldHostVersion::MLDV2);
        f.Filter(host, Seconds(1), sub.kind == Sub::V2_EX, sub.sources);
        break;
    default:
        break;
    }
}

/// \param s a set \return it as text
std::string
Text(const std::set<Ipv6Address>& s)
{
    std::ostringstream os;
    for (const auto& a : s)
    {
        os << a << " ";
    }
    return os.str();
}

} // namespace

BOOST_AUTO_TEST_SUITE(mld_proxy)

// ---------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(database)

// RFC 4605 §4.1: the database merges the downstream interfaces' state by the RFC 9777 §4.2
// rules, an MLDv1 listener being EXCLUDE {}; the upstream host part holds it as the
// proxy's socket, and the upstream MLDv2 router ends with the same filter.
BOOST_AUTO_TEST_CASE(merge_of_two_downstream_interfaces)
{
    const std::string v1 = "MLDv1";
    const std::string v2 = "MLDv2";
    const std::vector<MergeCase> cases = {
        {"nothing", v2, {}, v2, {}, {false, {}}},
        {"v1 alone", v2, {Sub::V1, {}}, v2, {}, {true, {}}},
        {"v1 on an MLDv1 router", v1, {Sub::V1, {}}, v2, {}, {true, {}}},
        {"v1 + IN{a,b}", v2, {Sub::V1, {}}, v2, {Sub::V2_IN, {SA, SB}}, {true, {}}},
        {"v1 router + IN{a}", v1, {Sub::V1, {}}, v2, {Sub::V2_IN, {SA}}, {true, {}}},
        {"v1 + EX{a,c}", v2, {Sub::V1, {}}, v2, {Sub::V2_EX, {SA, SC}}, {true, {}}},
        {"IN{a,b} + IN{b,c}",
         v2,
         {Sub::V2_IN, {SA, SB}},
         v2,
         {Sub::V2_IN, {SB, SC}},
         {false, {SA, SB, SC}}},
        {"IN{a,b} + EX{a,c}", v2, {Sub::V2_IN, {SA, SB}}, v2, {Sub::V2_EX, {SA, SC}}, {true, {SC}}},
        {"EX{a,c} + EX{c,d}", v2, {Sub::V2_EX, {SA, SC}}, v2, {Sub::V2_EX, {SC, SD}}, {true, {SC}}},
        {"EX{a} alone", v2, {Sub::V2_EX, {SA}}, v2, {}, {true, {SA}}},
        {"IN{a} alone", v2, {}, v2, {Sub::V2_IN, {SA}}, {false, {SA}}},
    };
    for (const MergeCase& c : cases)
    {
        BOOST_TEST_CONTEXT("case " << c.name)
        {
            ProxyFixture f;
            Options o;
            o.down1 = c.down1;
            o.down2 = c.down2;
            f.Build(o);
            Subscribe(f, f.H1, c.lan1);
            Subscribe(f, f.H2, c.lan2);
            Simulator::Stop(Seconds(2));
            Simulator::Run();

            MldSourceFilter db = f.proxy->GetMembership(GROUP);
            BOOST_TEST(db.exclude == c.expected.exclude);
            BOOST_TEST(Text(db.sources) == Text(c.expected.sources));
            std::set<uint32_t> contributing;
            if (c.lan1.kind != Sub::NONE)
            {
                contributing.insert(2);
            }
            if (c.lan2.kind != Sub::NONE)
            {
                contributing.insert(3);
            }
            std::vector<MldProxyRecord> records = f.proxy->GetDatabase();
            BOOST_TEST(records.size() == (contributing.empty() ? 0U : 1U));
            if (!records.empty())
            {
                BOOST_TEST(records[0].group == GROUP);
                BOOST_TEST((records[0].interfaces == contributing));
            }
            // The upstream host part holds the database as the proxy's socket...
            uint64_t socket = 0;
            UintegerValue value;
            f.proxy->GetAttribute("UpstreamSocket", value);
            socket = value.Get();
            MldSourceFilter held = f.Mld(f.P)->GetListener(1)->GetSourceFilter(GROUP, socket);
            BOOST_TEST(held.exclude == c.expected.exclude);
            BOOST_TEST(Text(held.sources) == Text(c.expected.sources));
            // ... and R, the upstream MLDv2 router, learnt it from the proxy's reports.
            auto entry = f.Mld(f.R)->GetQuerier(1)->GetListenerEntry(GROUP);
            BOOST_TEST(entry.has_value() == !c.expected.IsEmpty());
            if (entry && c.expected.exclude)
            {
                BOOST_TEST((entry->filterMode == MldFilterMode::EXCLUDE));
                BOOST_TEST(Text(entry->StoppedSources()) == Text(c.expected.sources));
            }
            else if (entry)
            {
                BOOST_TEST((entry->filterMode == MldFilterMode::INCLUDE));
                BOOST_TEST(Text(entry->RunningSources()) == Text(c.expected.sources));
            }
        }
    }
}

// The database is printable like the other tables, and link-scope groups stay out of it.
BOOST_FIXTURE_TEST_CASE(print_and_link_scope, ProxyFixture)
{
    Build();
    Filter(H1, Seconds(1), false, {SA});
    Filter(H2, Seconds(1), true, {SB});
    Ptr<MldProtocol> h1 = Mld(H1);
    mldcompat::ScheduleCallable(Seconds(1), [h1]() { h1->Join(1, Ipv6Address("ff02::4605")); });
    std::ostringstream os;
    Ptr<OutputStreamWrapper> stream = Create<OutputStreamWrapper>(&os);
    MldProxyHelper::PrintDatabaseAt(Seconds(2), P, stream);
    std::ostringstream lines; // MldTraceLogger's PROXY_DB lines
    Ptr<MldTraceLogger> logger = Create<MldTraceLogger>(lines);
    logger->Connect(P, "P", MldTraceLogger::PROXY);
    Simulator::Stop(Seconds(2.5));
    Simulator::Run();
    BOOST_TEST(os.str().find("upstream 1 downstream 2 3") != std::string::npos, os.str());
    BOOST_TEST(os.str().find("ff1e::4605 EXCLUDE {2001:db8:99::b} from 2 3") != std::string::npos,
               os.str());
    BOOST_TEST(proxy->GetDatabase().size() == 1U);
    logger->SetEnabled(false);
    // Both reports arrive in the same instant: one merge, one change.
    BOOST_TEST(lines.str() == "PROXY_DB t=1.000 node=P group=ff1e::4605 "
                              "filter=EXCLUDE{2001:db8:99::b}\n");
    BOOST_TEST(Mld(P)->GetQuerier(2)->HasListeners(Ipv6Address("ff02::4605")));
    BOOST_TEST(proxy->GetMembership(Ipv6Address("ff02::4605")).IsEmpty());
}

BOOST_AUTO_TEST_SUITE_END() // database

// ---------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(upstream)

// Every change of the database sends, at once, the MLDv2 state-change record RFC 9777
// §6.1 gives for it; R's listener table follows.
BOOST_FIXTURE_TEST_CASE(mldv2_report_on_each_change, ProxyFixture)
{
    Build();
    Filter(H1, Seconds(1), false, {SA}); // {} -> IN{a}: ALLOW{a}
    Filter(H2, Seconds(2), false, {SB}); // -> IN{a,b}: ALLOW{b}
    Filter(H2, Seconds(3), true, {});    // -> EX{}: TO_EX{}
    Filter(H2, Seconds(4), false, {});   // LAN2 gone after its LLQT -> IN{a}: TO_IN{a}
    Filter(H1, Seconds(5), false, {});   // LAN1 gone after its LLQT -> {}: BLOCK{a}
    std::map<double, MldSourceFilter> atR;
    Ptr<MldQuerier> r = Mld(R)->GetQuerier(1);
    for (double at : {1.5, 2.5, 3.5, 4.95, 6.5})
    {
        mldcompat::ScheduleCallable(Seconds(at), [&atR, r, at]() {
            auto e = r->GetListenerEntry(GROUP);
            MldSourceFilter f{false, {}};
            if (e)
            {
                f.exclude = e->filterMode == MldFilterMode::EXCLUDE;
                f.sources = f.exclude ? e->StoppedSources() : e->RunningSources();
            }
            atR[at] = f;
        });
    }
    Simulator::Stop(Seconds(7));
    Simulator::Run();

    const Time llqt = Mld(P)->GetQuerier(2)->GetLastListenerQueryTime();

    struct Step
    {
        Time change;                   // when the database changes
        std::string type;              // the record sent then
        std::set<Ipv6Address> sources; // its sources
    };

    const std::vector<Step> steps = {{Seconds(1), "ALLOW", {SA}},
                                     {Seconds(2), "ALLOW", {SB}},
                                     {Seconds(3), "TO_EX", {}},
                                     {Seconds(4) + llqt, "TO_IN", {SA}},
                                     {Seconds(5) + llqt, "BLOCK", {SA}}};
    for (const Step& s : steps)
    {
        BOOST_TEST_CONTEXT("change at " << s.change.As(Time::S))
        {
            Record r = FirstRecord(s.change, s.change + SLACK);
            BOOST_TEST(r.type == s.type);
            BOOST_TEST(Text(r.sources) == Text(s.sources));
        }
    }
    // Nothing else was reported in between but the RFC 9777 §6.1 repeats.
    BOOST_TEST(FirstRecord(Seconds(0), Seconds(1)).type == "");
    const std::vector<std::pair<double, MldSourceFilter>> expected = {{1.5, {false, {SA}}},
                                                                      {2.5, {false, {SA, SB}}},
                                                                      {3.5, {true, {}}},
                                                                      {4.95, {false, {SA}}},
                                                                      {6.5, {false, {}}}};
    for (const auto& [at, filter] : expected)
    {
        BOOST_TEST_CONTEXT("R at " << at << " s")
        {
            BOOST_TEST(atR[at].exclude == filter.exclude);
            BOOST_TEST(Text(atR[at].sources) == Text(filter.sources));
        }
    }
}

// A downstream group that switches from EXCLUDE to INCLUDE when its filter timer expires
// (RFC 9777 §7.5), keeping a source, changes the database (the querier's
// FilterModeChanged trace): EX{} -> IN{a}, reported as TO_IN{a}.
BOOST_FIXTURE_TEST_CASE(filter_mode_switch_downstream, ProxyFixture)
{
    Build();
    Filter(H1b, Seconds(1), false, {SA});
    Filter(H1, Seconds(2), true, {});
    Filter(H1, Seconds(3), false, {});
    Simulator::Stop(Seconds(4));
    Simulator::Run();

    const Time llqt = Mld(P)->GetQuerier(2)->GetLastListenerQueryTime();
    Record r = FirstRecord(Seconds(3) + llqt, Seconds(3) + llqt + SLACK);
    BOOST_TEST(r.type == "TO_IN");
    BOOST_TEST(Text(r.sources) == Text({SA}));
    MldSourceFilter db = proxy->GetMembership(GROUP);
    BOOST_TEST(!db.exclude);
    BOOST_TEST(Text(db.sources) == Text({SA}));
}

// The upstream host part answers R's General, Multicast Address Specific and Multicast
// Address and Source Specific Queries from the database (RFC 9777 §6.2, §6.3).
BOOST_FIXTURE_TEST_CASE(mldv2_answers_each_query_type, ProxyFixture)
{
    Build();
    Filter(H1, Seconds(1), false, {SA, SB});
    // U's leave makes R query the group, and the group and sources (RFC 9777 §7.4.2).
    Filter(U, Seconds(3), true, {});
    Filter(U, Seconds(4), false, {});
    // U's BLOCK{a} makes R query (G, {a}).
    Filter(U, Seconds(6), false, {SA});
    Filter(U, Seconds(7), false, {});
    Simulator::Stop(Seconds(12));
    Simulator::Run();

    auto answer = [this](const Query& q, Time within) {
        for (const Record& r : records)
        {
            if (r.node == P->GetId() && r.group == GROUP && r.type == "IS_IN" && r.time > q.time &&
                r.time <= q.time + within)
            {
                return r;
            }
        }
        return Record{Seconds(-1), 0, "", GROUP, {}};
    };
    // General Query: answered within the Query Response Interval with the whole state.
    std::vector<Query> general = Queries(1, Ipv6Address::GetAny(), Seconds(1.1), Seconds(12));
    BOOST_TEST_REQUIRE(!general.empty());
    Record r = answer(general[0], Seconds(1));
    BOOST_TEST(r.type == "IS_IN");
    BOOST_TEST(Text(r.sources) == Text({SA, SB}));
    // Multicast Address Specific Query.
    std::vector<Query> specific;
    for (const Query& q : Queries(1, GROUP, Seconds(4), Seconds(5)))
    {
        if (q.sources.empty())
        {
            specific.push_back(q);
        }
    }
    BOOST_TEST_REQUIRE(!specific.empty());
    r = answer(specific[0], LLQI);
    BOOST_TEST(r.type == "IS_IN");
    BOOST_TEST(Text(r.sources) == Text({SA, SB}));
    // Multicast Address and Source Specific Query for {a}: the answer names a only.
    std::vector<Query> sourceSpecific = Queries(1, GROUP, Seconds(7), Seconds(8));
    BOOST_TEST_REQUIRE(!sourceSpecific.empty());
    BOOST_TEST(Text(sourceSpecific[0].sources) == Text({SA}));
    r = answer(sourceSpecific[0], LLQI);
    BOOST_TEST(r.type == "IS_IN");
    BOOST_TEST(Text(r.sources) == Text({SA}));
}

// With an MLDv1 querier upstream the host part is in compatibility mode (RFC 9777 §8.2.1):
// a Report when the group enters the database, Reports to General and Multicast Address
// Specific Queries, a Done when it leaves the database.
BOOST_FIXTURE_TEST_CASE(mldv1_querier_upstream, ProxyFixture)
{
    Options o;
    o.upstreamRouter = "MLDv1";
    Build(o);
    Filter(H1, Seconds(1), false, {SA}); // an MLDv2 listener on an MLDv2 downstream router
    Ptr<MldProtocol> u = Mld(U);
    mldcompat::ScheduleCallable(Seconds(3), [u]() { u->Join(1, GROUP); });
    mldcompat::ScheduleCallable(Seconds(4), [u]() { u->Leave(1, GROUP); });
    Filter(H1, Seconds(6), false, {});
    Simulator::Stop(Seconds(12));
    Simulator::Run();

    BOOST_TEST((Mld(P)->GetVersion(1) == MldVersion::MLDV1));
    auto reports = [this](Time from, Time to) {
        std::vector<Time> times;
        for (const Message& m : messages.Sent(MldHeader::LISTENER_REPORT, GROUP, P->GetId()))
        {
            if (m.interface == 1 && m.time >= from && m.time < to)
            {
                times.push_back(m.time);
            }
        }
        return times;
    };
    BOOST_TEST(reports(Seconds(1), Seconds(1) + SLACK).size() == 1U);
    std::vector<Query> general = Queries(1, Ipv6Address::GetAny(), Seconds(1.1), Seconds(12));
    BOOST_TEST_REQUIRE(!general.empty());
    BOOST_TEST(!reports(general[0].time, general[0].time + Seconds(1)).empty());
    std::vector<Query> specific = Queries(1, GROUP, Seconds(4), Seconds(5));
    BOOST_TEST_REQUIRE(!specific.empty());
    BOOST_TEST(!reports(specific[0].time, specific[0].time + LLQI + MicroSeconds(1)).empty());
    const Time llqt = Mld(P)->GetQuerier(2)->GetLastListenerQueryTime();
    std::vector<Message> dones = messages.Sent(MldHeader::LISTENER_DONE, GROUP, P->GetId());
    BOOST_TEST_REQUIRE(dones.size() == 1U);
    BOOST_TEST(dones[0].interface == 1U);
    BOOST_TEST(dones[0].time >= Seconds(6) + llqt);
    BOOST_TEST(dones[0].time <= Seconds(6) + llqt + SLACK);
}

BOOST_AUTO_TEST_SUITE_END() // upstream

// ---------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(configuration)

// Bad configurations are refused with a reason (the helper aborts with it).
BOOST_FIXTURE_TEST_CASE(bad_configurations_are_refused, SeededSimulationFixture)
{
    // Node 0 (the proxy to be) and node 1 on LAN0 and LAN1; node 2 on LAN1.
    Topology t = MakeTopology(3, {{0, 1}, {0, 1, 2}});
    Ptr<Node> p = t.nodes.Get(0);
    BOOST_TEST(MldProxy::CheckConfiguration(p, {1}, {2}).find("has no MLD") != std::string::npos);
    MldHelper mld;
    mld.Install(t.nodes);
    mld.SetRouter(t.nodes.Get(1));

    struct Bad
    {
        std::vector<uint32_t> up;
        std::vector<uint32_t> down;
        std::string reason;
    };

    const std::vector<Bad> bad = {{{}, {2}, "no upstream interface"},
                                  {{1, 2}, {2}, "2 upstream interfaces"},
                                  {{1}, {}, "no downstream interface"},
                                  {{1}, {1}, "both upstream and downstream"},
                                  {{1}, {2, 2}, "named twice"},
                                  {{1}, {7}, "has no MLD interface 7"},
                                  {{0}, {2}, "has no MLD interface 0"},
                                  {{9}, {2}, "has no MLD interface 9"}};
    for (const Bad& b : bad)
    {
        std::string error = MldProxy::CheckConfiguration(p, b.up, b.down);
        BOOST_TEST(error.find(b.reason) != std::string::npos, error << " / " << b.reason);
        MldProxyHelper helper;
        for (uint32_t i : b.up)
        {
            helper.AddUpstream(i);
        }
        for (uint32_t i : b.down)
        {
            helper.AddDownstream(i);
        }
        BOOST_TEST(helper.Check(p) == error);
    }
    // The upstream interface must not run the router part (RFC 4605 §3).
    BOOST_TEST(MldProxy::CheckConfiguration(t.nodes.Get(1), {1}, {2}).find("MUST NOT") !=
               std::string::npos);
    // Configure wants the router part downstream already (the helper starts it).
    Ptr<MldProxy> proxy = CreateObject<MldProxy>();
    BOOST_TEST(proxy->Configure(p->GetObject<MldProtocol>(), 1, {2}).find("router part") !=
               std::string::npos);
    BOOST_TEST(!p->GetObject<MldProtocol>()->GetProxy());
    // A good one, then a second proxy on the same node: refused.
    MldProxyHelper helper;
    helper.AddUpstream(1);
    helper.AddDownstream(2);
    BOOST_TEST(helper.Check(p).empty());
    Ptr<MldProxy> installed = helper.Install(p);
    BOOST_TEST(p->GetObject<MldProtocol>()->GetProxy() == installed);
    BOOST_TEST(p->GetObject<MldProtocol>()->GetQuerier(2));
    BOOST_TEST(MldProxy::CheckConfiguration(p, {2}, {1}).find("already a proxy") !=
               std::string::npos);
    // The roles cannot be changed under the proxy.
    BOOST_TEST(!p->GetObject<MldProtocol>()->SetRouter(1, true));
    BOOST_TEST(!p->GetObject<MldProtocol>()->SetRouter(2, false));
    BOOST_TEST(p->GetObject<MldProtocol>()->GetQuerier(2));
    BOOST_TEST(!p->GetObject<MldProtocol>()->GetQuerier(1));
}

// A loop of proxies (each one's upstream link a downstream link of the next) is found;
// a tree is not a loop.
BOOST_FIXTURE_TEST_CASE(loop_of_proxies_is_found, SeededSimulationFixture)
{
    // Nodes 0 and 1 on LAN0 and LAN1; node 2 on LAN1 and LAN2.
    Topology t = MakeTopology(3, {{0, 1}, {0, 1, 2}, {2}});
    MldHelper mld;
    mld.Install(t.nodes);
    MldProxyHelper helper;
    helper.Install(t.nodes.Get(2), 1, {2}); // tree so far: 2 up on LAN1
    helper.Install(t.nodes.Get(0), 1, {2}); // 0: up LAN0, down LAN1
    BOOST_TEST(MldProxy::FindLoop().empty());
    helper.Install(t.nodes.Get(1), 2, {1}); // 1: up LAN1, down LAN0: 0 -> 1 -> 0
    std::string loop = MldProxy::FindLoop();
    BOOST_TEST(loop.find("loop") != std::string::npos, loop);
    BOOST_TEST((loop.find("node 0 -> 1") != std::string::npos ||
                loop.find("node 1 -> 0") != std::string::npos),
               loop);
}

BOOST_AUTO_TEST_SUITE_END() // configuration

// ---------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(forwarding)

// RFC 4605 §4.2: data from upstream goes to each downstream interface whose listeners
// want (S, G), MLDv2 source filters included, never back upstream; hop limit - 1.
BOOST_FIXTURE_TEST_CASE(from_upstream_to_the_interfaces_that_want_it, ProxyFixture)
{
    Build();
    WatchData(U);
    WatchData(H1);
    WatchData(H2);
    const Ipv6Address s = t.lan[0].GetAddress(2, 1); // S's address
    Filter(H1, Seconds(1), false, {s});              // LAN1 wants S
    Filter(H2, Seconds(1), true, {s});               // LAN2 wants all but S
    Filter(H2, Seconds(3.5), true, {});              // then everything
    AddSource(S, GROUP, Seconds(2), Seconds(3));
    AddSource(S, GROUP, Seconds(4), Seconds(5));
    Simulator::Stop(Seconds(6));
    Simulator::Run();

    std::vector<Seen> sent = Data(U, GROUP, Seconds(0), Seconds(6)); // on LAN0
    BOOST_TEST_REQUIRE(sent.size() >= 18U);
    std::size_t first = Data(U, GROUP, Seconds(0), Seconds(3.5)).size();
    BOOST_TEST(Forwarded(P, GROUP, 1, 2).size() == sent.size());
    BOOST_TEST(Forwarded(P, GROUP, 1, 3).size() == sent.size() - first);
    BOOST_TEST(Forwarded(P, GROUP, 0, 1).empty()); // never back upstream
    BOOST_TEST(Data(H1, GROUP, Seconds(0), Seconds(6)).size() == sent.size());
    BOOST_TEST(Data(H2, GROUP, Seconds(0), Seconds(3.5)).empty());
    BOOST_TEST(Data(H2, GROUP, Seconds(3.5), Seconds(6)).size() == sent.size() - first);
    for (const Seen& x : Data(H1, GROUP, Seconds(0), Seconds(6)))
    {
        BOOST_TEST(x.hopLimit + 1 == sent[0].hopLimit);
    }
    Ptr<MldRouting> routing = Mld(P)->GetRouting();
    BOOST_TEST(routing->GetForwardedCount() == Forwarded(P, GROUP, 0, 0).size());
}

// RFC 4605 §4.2: data from a downstream interface goes upstream whatever the listeners,
// and to the other downstream interfaces that want it; never back where it came from.
BOOST_FIXTURE_TEST_CASE(from_downstream_up_and_across, ProxyFixture)
{
    Build();
    WatchData(U);
    WatchData(H1);
    WatchData(H2);
    Filter(H2, Seconds(1), true, {}, GROUP2);
    Filter(H1, Seconds(1), true, {}, GROUP2); // the arrival LAN wants it too
    AddSource(H1b, GROUP2, Seconds(2), Seconds(3));
    Simulator::Stop(Seconds(4));
    Simulator::Run();

    std::vector<Seen> sent = Data(H1, GROUP2, Seconds(0), Seconds(4)); // on LAN1
    BOOST_TEST_REQUIRE(sent.size() >= 9U);
    BOOST_TEST(Forwarded(P, GROUP2, 2, 1).size() == sent.size());
    BOOST_TEST(Forwarded(P, GROUP2, 2, 3).size() == sent.size());
    BOOST_TEST(Forwarded(P, GROUP2, 0, 2).empty()); // never back out of LAN1
    for (const Seen& x : sent)
    {
        BOOST_TEST(x.hopLimit == sent[0].hopLimit); // only H1b's own copies on LAN1
    }
    std::vector<Seen> up = Data(U, GROUP2, Seconds(0), Seconds(4));
    BOOST_TEST(up.size() == sent.size());
    BOOST_TEST(Data(H2, GROUP2, Seconds(0), Seconds(4)).size() == sent.size());
    BOOST_TEST_REQUIRE(!up.empty());
    BOOST_TEST(up[0].hopLimit + 1 == sent[0].hopLimit);
}

// RFC 4605 §4.2: with two proxies on one downstream LAN only the querier forwards onto
// it, and only the querier forwards its data: one copy each way, no loop.
BOOST_FIXTURE_TEST_CASE(two_proxies_on_one_lan_one_copy, ProxyFixture)
{
    // R, S, PA, PB and U on LAN0; PA, PB, H and H2 on LAN1.
    t = MakeTopology(7, {{0, 1, 2, 3, 4}, {2, 3, 5, 6}});
    Ptr<Node> pa = t.nodes.Get(2);
    Ptr<Node> pb = t.nodes.Get(3);
    Ptr<Node> u = t.nodes.Get(4);
    Ptr<Node> h = t.nodes.Get(5);
    Ptr<Node> h2 = t.nodes.Get(6);
    MldHelper mld = Helper(Options());
    mld.Install(t.nodes);
    mld.SetRouter(t.nodes.Get(0));
    MldProxyHelper proxies;
    proxies.SetQuerierAttribute("Version", StringValue("MLDv2"));
    proxies.SetQuerierAttribute("LastListenerQueryInterval", TimeValue(LLQI));
    proxies.Install(pa, 1, {2});
    proxies.Install(pb, 1, {2});
    mld.AssignStreams(t.nodes, 100);
    WatchRouter(pa);
    WatchRouter(pb);
    WatchData(u);
    WatchData(h2);
    Filter(h, Seconds(1), true, {});         // LAN1 wants GROUP
    Filter(u, Seconds(1), true, {}, GROUP2); // LAN0 and LAN1 want GROUP2
    Filter(h2, Seconds(1), true, {}, GROUP2);
    AddSource(t.nodes.Get(1), GROUP, Seconds(3), Seconds(5));
    AddSource(h, GROUP2, Seconds(6), Seconds(8));
    Simulator::Stop(Seconds(9));
    Simulator::Run();

    Ptr<MldQuerier> qa = Mld(pa)->GetQuerier(2);
    Ptr<MldQuerier> qb = Mld(pb)->GetQuerier(2);
    BOOST_TEST_REQUIRE(qa->IsQuerier() != qb->IsQuerier());
    Ptr<Node> querier = qa->IsQuerier() ? pa : pb;
    Ptr<Node> other = qa->IsQuerier() ? pb : pa;
    // Both learnt LAN1's listeners.
    BOOST_TEST(!Mld(pa)->GetProxy()->GetMembership(GROUP).IsEmpty());
    BOOST_TEST(!Mld(pb)->GetProxy()->GetMembership(GROUP).IsEmpty());
    // Down: S's packets cross once.
    std::vector<Seen> sent = Data(u, GROUP, Seconds(0), Seconds(9));
    BOOST_TEST_REQUIRE(sent.size() >= 19U);
    BOOST_TEST(Data(h2, GROUP, Seconds(0), Seconds(9)).size() == sent.size());
    BOOST_TEST(Forwarded(querier, GROUP, 1, 2).size() == sent.size());
    BOOST_TEST(Forwarded(other, GROUP, 0, 0).empty());
    // Up: H's packets cross once, and none comes back down.
    std::vector<Seen> onLan1 = Data(h2, GROUP2, Seconds(0), Seconds(9));
    BOOST_TEST_REQUIRE(onLan1.size() >= 19U);
    BOOST_TEST(Data(u, GROUP2, Seconds(0), Seconds(9)).size() == onLan1.size());
    BOOST_TEST(Forwarded(querier, GROUP2, 2, 1).size() == onLan1.size());
    BOOST_TEST(Forwarded(other, GROUP2, 0, 0).empty());
    BOOST_TEST(Forwarded(querier, GROUP2, 1, 2).empty());
}

BOOST_AUTO_TEST_SUITE_END() // forwarding

// ---------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(tree)

/// A chain R - LAN0 - P1 - LAN1 - P2 - LAN2 - H: H joins at 2 s and leaves at 5 s; data
/// must reach LAN2 at once and stop on LAN2 and LAN1 one Last Listener Query Time apart.
void
LeaveThroughTwoLevels(ProxyFixture& f, const std::string& version)
{
    // R, S on LAN0 with P1; P1, P2 and M on LAN1; P2 and H on LAN2.
    f.t = MakeTopology(6, {{0, 1, 2}, {2, 3, 5}, {3, 4}});
    Ptr<Node> p1 = f.t.nodes.Get(2);
    Ptr<Node> p2 = f.t.nodes.Get(3);
    Ptr<Node> h = f.t.nodes.Get(4);
    Ptr<Node> m = f.t.nodes.Get(5);
    Options o;
    o.upstreamRouter = version;
    o.hosts = version == "MLDv1" ? "MLDv1" : "MLDv2Fallback";
    MldHelper mld = ProxyFixture::Helper(o);
    mld.Install(f.t.nodes);
    mld.SetRouter(f.t.nodes.Get(0));
    MldProxyHelper proxies;
    proxies.SetQuerierAttribute("Version", StringValue(version));
    proxies.SetQuerierAttribute("LastListenerQueryInterval", TimeValue(LLQI));
    proxies.Install(p1, 1, {2});
    proxies.Install(p2, 1, {2});
    mld.AssignStreams(f.t.nodes, 100);
    f.WatchData(h);
    f.WatchData(m);
    Ptr<MldProtocol> hm = ProxyFixture::Mld(h);
    mldcompat::ScheduleCallable(Seconds(2), [hm]() { BOOST_TEST(hm->Join(1, GROUP)); });
    mldcompat::ScheduleCallable(Seconds(5), [hm]() { BOOST_TEST(hm->Leave(1, GROUP)); });
    AddSource(f.t.nodes.Get(1), GROUP, Seconds(1), Seconds(9), PORT, 100);
    Simulator::Stop(Seconds(10));
    Simulator::Run();

    const Time llqt2 = ProxyFixture::Mld(p2)->GetQuerier(2)->GetLastListenerQueryTime();
    const Time llqt1 = ProxyFixture::Mld(p1)->GetQuerier(2)->GetLastListenerQueryTime();
    BOOST_TEST(llqt1 == LLQI * 2);
    std::vector<Seen> lan2 = f.Data(h, GROUP, Seconds(0), Seconds(10));
    std::vector<Seen> lan1 = f.Data(m, GROUP, Seconds(0), Seconds(10));
    BOOST_TEST_REQUIRE(!lan2.empty());
    BOOST_TEST_REQUIRE(!lan1.empty());
    // Join: one report per level, in the same instant; the next packet comes through.
    BOOST_TEST(lan2.front().time >= Seconds(2));
    BOOST_TEST(lan2.front().time <= Seconds(2) + SLACK);
    BOOST_TEST(lan1.front().time <= lan2.front().time);
    // Leave: LAN2 keeps the data for P2's LLQT, LAN1 for P1's after that.
    BOOST_TEST(lan2.back().time >= Seconds(5) + llqt2 - SLACK);
    BOOST_TEST(lan2.back().time <= Seconds(5) + llqt2 + SLACK);
    BOOST_TEST(lan1.back().time >= Seconds(5) + llqt2 + llqt1 - SLACK);
    BOOST_TEST(lan1.back().time <= Seconds(5) + llqt2 + llqt1 + SLACK);
}

BOOST_FIXTURE_TEST_CASE(leave_latency_two_levels_mldv1, ProxyFixture)
{
    LeaveThroughTwoLevels(*this, "MLDv1");
}

BOOST_FIXTURE_TEST_CASE(leave_latency_two_levels_mldv2, ProxyFixture)
{
    LeaveThroughTwoLevels(*this, "MLDv2");
}

BOOST_AUTO_TEST_SUITE_END() // tree

BOOST_AUTO_TEST_SUITE_END() // mld_proxy
