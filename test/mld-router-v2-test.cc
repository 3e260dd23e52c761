/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The MLDv2 router part (MldQuerier attribute Version = 2): RFC 9777 §7
// (router state, the report tables of §7.4.1 and §7.4.2, filter mode switches
// of §7.5, specific queries and timer updates of §7.6) and §8.3 (MLDv1
// compatibility), and the source-specific forwarding rules (§7.3, RFC 4604).
//
// Reports are either applied straight to a querier (MldQuerier::HandleV2Record,
// as MldProtocol::Receive does for each valid record) or sent by real hosts;
// the queries the router sends are read back from its Ipv6L3Protocol Tx trace.

#include "mld-test-util.h"

#include "ns3/traffic-control-layer.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

using namespace ns3;
using namespace mldtest;

namespace
{

using SourceSet = std::set<Ipv6Address>;
using R = MldAddressRecord;

/// An any-source group of global scope.
const Ipv6Address GROUP("ff1e::10");
/// A source-specific group (ff3x::/96, RFC 4607).
const Ipv6Address SSM_GROUP("ff3e::8000:1");

const Ipv6Address S1("2001:db8::1");
const Ipv6Address S2("2001:db8::2");
const Ipv6Address S3("2001:db8::3");
const Ipv6Address S4("2001:db8::4");
const Ipv6Address S5("2001:db8::5");
const Ipv6Address S6("2001:db8::6");

/// Slack for two events scheduled from the same timer arithmetic.
const Time EXACT = MicroSeconds(1);

bool
Near(Time a, Time b, Time tolerance = EXACT)
{
    return Abs(a - b) <= tolerance;
}

std::string
Str(const SourceSet& set)
{
    std::ostringstream os;
    os << "{";
    bool first = true;
    for (const auto& s : set)
    {
        os << (first ? "" : ",") << s;
        first = false;
    }
    return os.str() + "}";
}

/// Initialize the TrafficControlLayers before the start (MldProtocol sends in DoInitialize).
void
InitializeTrafficControl(NodeContainer nodes)
{
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        nodes.Get(i)->GetObject<TrafficControlLayer>()->Initialize();
    }
}

/// An MLDv2 router helper with the given Last Listener Query settings.
MldHelper
V2Helper(Time llqi = Seconds(1), uint32_t llqc = 0)
{
    MldHelper helper;
    helper.SetQuerierAttribute("Version", StringValue("MLDv2"));
    helper.SetQuerierAttribute("LastListenerQueryInterval", TimeValue(llqi));
    helper.SetQuerierAttribute("LastListenerQueryCount", UintegerValue(llqc));
    return helper;
}

/// A LAN whose first `routers` nodes are MLDv2 routers; no DAD so queries go at once.
Lan
MakeV2Lan(uint32_t hosts, uint32_t routers, const MldHelper& helper)
{
    LanOptions options;
    options.hosts = hosts;
    options.routers = routers;
    options.dad = false;
    Lan lan = MakeLan(options, helper);
    InitializeTrafficControl(lan.nodes);
    return lan;
}

/// An MLDv2 query seen on the wire.
struct SentQuery
{
    Time time;               //!< when
    uint32_t interface;      //!< interface
    Ipv6Address destination; //!< IPv6 destination
    Ipv6Address group;       //!< Multicast Address field
    SourceSet sources;       //!< sources
    bool s{false};           //!< Suppress Router-Side Processing
    uint32_t mrdMs{0};       //!< decoded Maximum Response Delay
    uint8_t qrv{0};          //!< QRV
    uint8_t qqic{0};         //!< QQIC
};

/// Every MLDv2 (and MLDv1) query one node sends, from Ipv6L3Protocol's Tx trace.
class QueryLog
{
  public:
    void Attach(Ptr<Node> node)
    {
        node->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
            "Tx",
            MakeCallback(&QueryLog::OnTx, this));
    }

    std::vector<SentQuery> v2; //!< MLDv2 queries, in order
    uint32_t v1{0};            //!< MLDv1 queries

    /// Queries for a group (:: : general) sent in [from, to).
    std::vector<SentQuery> For(Ipv6Address group, Time from, Time to) const
    {
        std::vector<SentQuery> out;
        for (const auto& q : v2)
        {
            if (q.group == group && q.time >= from && q.time < to)
            {
                out.push_back(q);
            }
        }
        return out;
    }

  private:
    void OnTx(Ptr<const Packet> packet, Ptr<Ipv6> ipv6, uint32_t interface)
    {
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        MldMessage::Info info = MldMessage::Inspect(bytes.data(), bytes.size(), false);
        if (info.kind == MldMessage::V1_QUERY)
        {
            ++v1;
            return;
        }
        if (info.kind != MldMessage::V2_QUERY)
        {
            return;
        }
        Ptr<Packet> message = Create<Packet>(bytes.data() + info.icmpOffset, info.icmpLength);
        MldV2QueryHeader query;
        message->RemoveHeader(query);
        SentQuery q;
        q.time = Simulator::Now();
        q.interface = interface;
        q.destination = info.destination;
        q.group = query.GetMulticastAddress();
        q.sources = SourceSet(query.GetSources().begin(), query.GetSources().end());
        q.s = query.GetSuppressRouterProcessing();
        q.mrdMs = query.GetMaxResponseDelayMs();
        q.qrv = query.GetQrv();
        q.qqic = query.GetQqic();
        v2.push_back(q);
    }
};

/// Build a record.
MldAddressRecord
Rec(uint8_t type, Ipv6Address group, const SourceSet& sources)
{
    MldAddressRecord r;
    r.type = type;
    r.group = group;
    r.sources.assign(sources.begin(), sources.end());
    return r;
}

/// Apply a record to a querier at a time, as MldProtocol::Receive does.
void
ApplyAt(Time t, Ptr<MldQuerier> querier, const MldAddressRecord& record)
{
    mldcompat::ScheduleCallable(t, [querier, record]() { querier->HandleV2Record(record); });
}

/// A snapshot of a querier's entry for a group, taken at a time.
struct Snapshot
{
    bool present{false};                 //!< the group is in the table
    MldListenerEntry entry;              //!< its entry
    std::map<Ipv6Address, bool> forward; //!< ShouldForward for S1..S6
};

void
SnapshotAt(Time t, Ptr<MldQuerier> querier, Ipv6Address group, Snapshot* out)
{
    mldcompat::ScheduleCallable(t, [=]() {
        auto e = querier->GetListenerEntry(group);
        out->present = e.has_value();
        if (e)
        {
            out->entry = *e;
        }
        for (const auto& s : {S1, S2, S3, S4, S5, S6})
        {
            out->forward[s] = querier->ShouldForward(group, s);
        }
    });
}

// ---------------------------------------------------------------------------
// The report tables, RFC 9777 §7.4.1 and §7.4.2.
//
// Starting states (defaults: Robustness 2, QI 125 s, QRI 10 s, so MALI 260 s;
// LLQI 1 s, LLQC 2, so LLQT 2 s), built at t = 1 s:
//   INCLUDE (A)    A = {S1, S2}          ALLOW(A)
//   EXCLUDE (X, Y) X = {S1, S2}, Y = {S3, S4}: IS_EX(Y), then ALLOW(X)
// The record under test is applied at t = 10 s: with the INCLUDE start its
// list is B = {S2, S3}; with the EXCLUDE start it is A = {S2, S3, S5}.
// The state is read at 10.5 s (before any retransmission) and at 13 s (after
// LLQT), the queries in [10 s, 10.5 s) and [10 s, 13 s).
// ---------------------------------------------------------------------------

/// Expected timer of a source (or the filter timer) at 10.5 s.
enum class Timer
{
    NONE,    ///< INCLUDE mode: no filter timer
    STOPPED, ///< source timer stopped (an excluded source)
    OLD,     ///< untouched since the setup at 1 s: MALI - 9.5 s
    MALI,    ///< set to MALI by the record at 10 s: MALI - 0.5 s
    LLQT,    ///< lowered to LLQT by the query at 10 s: LLQT - 0.5 s
};

/// One row of the tables.
struct Row
{
    bool startExclude;                               //!< EXCLUDE (X,Y) start, else INCLUDE (A)
    uint8_t type;                                    //!< record type
    MldFilterMode mode;                              //!< new router filter mode
    std::map<Ipv6Address, Timer> sources;            //!< the new source records, exactly
    Timer filter;                                    //!< the new filter timer
    std::vector<std::pair<SourceSet, bool>> queries; //!< first queries: sources ({}: Q(MA)), S flag
    MldFilterMode afterMode;                         //!< mode after LLQT
    SourceSet afterRunning;                          //!< running sources after LLQT
    SourceSet afterStopped;                          //!< stopped sources after LLQT
    /// On a non-querier: the timers the querier lowers to LLQT (:: for the filter timer).
    std::map<Ipv6Address, Timer> unlowered;
};

/**
 * Run one row on the querier of a one-router LAN, or (asQuerier false) on the
 * non-querier of a two-router LAN, which applies the same state changes but
 * neither sends the queries nor lowers timers for them (§7.4: "Send Q" is the
 * querier's; §7.6.1: the others lower their timers when they hear its queries).
 */
void
RunRow(const Row& row, bool asQuerier)
{
    const SourceSet a = {S1, S2};            // INCLUDE start
    const SourceSet x = {S1, S2};            // EXCLUDE start, requested
    const SourceSet y = {S3, S4};            // EXCLUDE start, excluded
    const SourceSet bInclude = {S2, S3};     // record list with the INCLUDE start
    const SourceSet bExclude = {S2, S3, S5}; // record list with the EXCLUDE start

    const uint32_t node = asQuerier ? 0 : 1;
    Lan lan = MakeV2Lan(node + 1, node + 1, V2Helper());
    Ptr<MldQuerier> querier = lan.Mld(node)->GetQuerier(1);
    QueryLog log;
    log.Attach(lan.nodes.Get(node));

    if (row.startExclude)
    {
        ApplyAt(Seconds(1), querier, Rec(R::MODE_IS_EXCLUDE, GROUP, y));
        ApplyAt(Seconds(1), querier, Rec(R::ALLOW_NEW_SOURCES, GROUP, x));
    }
    else
    {
        ApplyAt(Seconds(1), querier, Rec(R::ALLOW_NEW_SOURCES, GROUP, a));
    }
    Snapshot start;
    SnapshotAt(Seconds(9), querier, GROUP, &start);
    ApplyAt(Seconds(10), querier, Rec(row.type, GROUP, row.startExclude ? bExclude : bInclude));
    Snapshot now;
    SnapshotAt(MilliSeconds(10500), querier, GROUP, &now);
    Snapshot after;
    SnapshotAt(Seconds(13), querier, GROUP, &after);
    Simulator::Stop(Seconds(14));
    Simulator::Run();

    BOOST_TEST(querier->IsQuerier() == asQuerier);
    const Time mali = querier->GetMulticastListenerInterval();
    const Time llqt = querier->GetLastListenerQueryTime();
    BOOST_TEST(mali == Seconds(260));
    BOOST_TEST(llqt == Seconds(2));

    // The starting state is what the setup claims.
    BOOST_REQUIRE(start.present);
    BOOST_TEST(start.entry.routerVersion == MldVersion::MLDV2);
    BOOST_TEST(start.entry.filterMode ==
               (row.startExclude ? MldFilterMode::EXCLUDE : MldFilterMode::INCLUDE));
    BOOST_TEST(Str(start.entry.RunningSources()) == Str(row.startExclude ? x : a));
    BOOST_TEST(Str(start.entry.StoppedSources()) == Str(row.startExclude ? y : SourceSet{}));

    // New router state.
    BOOST_REQUIRE(now.present);
    BOOST_TEST(now.entry.filterMode == row.mode);
    auto expected = [&](Timer t) {
        switch (t)
        {
        case Timer::OLD:
            return mali - MilliSeconds(9500);
        case Timer::MALI:
            return mali - MilliSeconds(500);
        case Timer::LLQT:
            return llqt - MilliSeconds(500);
        default:
            return Time(0);
        }
    };
    auto timerOf = [&](Ipv6Address s, Timer t) {
        auto u = row.unlowered.find(s);
        return !asQuerier && u != row.unlowered.end() ? u->second : t;
    };
    SourceSet expectedSources;
    for (const auto& [s, tq] : row.sources)
    {
        Timer t = timerOf(s, tq);
        expectedSources.insert(s);
        const MldRouterSourceEntry* src = now.entry.FindSource(s);
        BOOST_TEST_CONTEXT("source " << s)
        {
            BOOST_TEST_REQUIRE(src != nullptr);
            BOOST_TEST(src->running == (t != Timer::STOPPED));
            BOOST_TEST(Near(src->timerRemaining, expected(t)),
                       "timer " << src->timerRemaining.As(Time::S) << ", expected "
                                << expected(t).As(Time::S));
        }
    }
    SourceSet actualSources;
    for (const auto& src : now.entry.sources)
    {
        actualSources.insert(src.source);
    }
    BOOST_TEST(Str(actualSources) == Str(expectedSources));
    if (row.filter != Timer::NONE)
    {
        Timer t = timerOf(Ipv6Address::GetAny(), row.filter);
        BOOST_TEST(Near(now.entry.timerRemaining, expected(t)),
                   "filter timer " << now.entry.timerRemaining.As(Time::S) << ", expected "
                                   << expected(t).As(Time::S));
    }

    // §7.3: forwarding follows the new state.
    for (const auto& [s, fwd] : now.forward)
    {
        const MldRouterSourceEntry* src = now.entry.FindSource(s);
        bool want =
            row.mode == MldFilterMode::INCLUDE ? (src && src->running) : (!src || src->running);
        BOOST_TEST(fwd == want, "ShouldForward(" << s << ") = " << fwd);
    }

    // Actions: the queries sent at once (§7.6.3), each to the group, MRD = LLQI.
    auto first = log.For(GROUP, Seconds(10), MilliSeconds(10500));
    std::multiset<std::pair<std::string, bool>> sent;
    for (const auto& q : first)
    {
        sent.insert({Str(q.sources), q.s});
        BOOST_TEST(q.destination == GROUP);
        BOOST_TEST(q.mrdMs == 1000u);
        BOOST_TEST(Near(q.time, Seconds(10)));
    }
    std::multiset<std::pair<std::string, bool>> want;
    for (const auto& [sources, s] : asQuerier ? row.queries : decltype(row.queries){})
    {
        want.insert({Str(sources), s});
    }
    BOOST_TEST(sent.size() == want.size());
    BOOST_TEST((sent == want), "queries sent at 10 s differ from the table's actions");
    // LLQC = 2 transmissions, LLQI apart, nothing else.
    auto all = log.For(GROUP, Seconds(10), Seconds(13));
    BOOST_TEST(all.size() == 2 * want.size());
    for (const auto& q : all)
    {
        BOOST_TEST((Near(q.time, Seconds(10)) || Near(q.time, Seconds(11))),
                   "query at " << q.time.As(Time::S));
    }
    if (!asQuerier)
    {
        // No query, so nothing ran out.
        BOOST_REQUIRE(after.present);
        BOOST_TEST(after.entry.filterMode == row.mode);
        BOOST_TEST(Str(after.entry.RunningSources()) == Str(now.entry.RunningSources()));
        BOOST_TEST(Str(after.entry.StoppedSources()) == Str(now.entry.StoppedSources()));
    }
    // Nobody answers: after LLQT the queried timers have run out.
    else if (row.afterRunning.empty() && row.afterStopped.empty() &&
             row.afterMode == MldFilterMode::INCLUDE)
    {
        BOOST_TEST(!after.present);
    }
    else
    {
        BOOST_REQUIRE(after.present);
        BOOST_TEST(after.entry.filterMode == row.afterMode);
        BOOST_TEST(Str(after.entry.RunningSources()) == Str(row.afterRunning));
        BOOST_TEST(Str(after.entry.StoppedSources()) == Str(row.afterStopped));
    }
    Simulator::Destroy();
}

using T = Timer;
const auto IN = MldFilterMode::INCLUDE;
const auto EX = MldFilterMode::EXCLUDE;

} // namespace

// ---------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(mld_router_v2)

BOOST_FIXTURE_TEST_SUITE(current_state_records, SeededSimulationFixture)

// §7.4.1: INCLUDE (A) + IS_IN (B) -> INCLUDE (A+B); (B) = MALI.
BOOST_AUTO_TEST_CASE(include_is_in)
{
    const Row row = {false,
                     R::MODE_IS_INCLUDE,
                     IN,
                     {{S1, T::OLD}, {S2, T::MALI}, {S3, T::MALI}},
                     T::NONE,
                     {},
                     IN,
                     {S1, S2, S3},
                     {},
                     {}};
    RunRow(row, true);
    RunRow(row, false);
}

// §7.4.1: INCLUDE (A) + IS_EX (B) -> EXCLUDE (A*B, B-A); (B-A) = 0; Delete (A-B);
// Filter Timer = MALI.
BOOST_AUTO_TEST_CASE(include_is_ex)
{
    const Row row = {false,
                     R::MODE_IS_EXCLUDE,
                     EX,
                     {{S2, T::OLD}, {S3, T::STOPPED}},
                     T::MALI,
                     {},
                     EX,
                     {S2},
                     {S3},
                     {}};
    RunRow(row, true);
    RunRow(row, false);
}

// §7.4.1: EXCLUDE (X,Y) + IS_IN (A) -> EXCLUDE (X+A, Y-A); (A) = MALI.
BOOST_AUTO_TEST_CASE(exclude_is_in)
{
    const Row row = {true,
                     R::MODE_IS_INCLUDE,
                     EX,
                     {{S1, T::OLD}, {S2, T::MALI}, {S3, T::MALI}, {S4, T::STOPPED}, {S5, T::MALI}},
                     T::OLD,
                     {},
                     EX,
                     {S1, S2, S3, S5},
                     {S4},
                     {}};
    RunRow(row, true);
    RunRow(row, false);
}

// §7.4.1: EXCLUDE (X,Y) + IS_EX (A) -> EXCLUDE (A-Y, Y*A); (A-X-Y) = MALI;
// Delete (X-A); Delete (Y-A); Filter Timer = MALI.
BOOST_AUTO_TEST_CASE(exclude_is_ex)
{
    const Row row = {true,
                     R::MODE_IS_EXCLUDE,
                     EX,
                     {{S2, T::OLD}, {S3, T::STOPPED}, {S5, T::MALI}},
                     T::MALI,
                     {},
                     EX,
                     {S2, S5},
                     {S3},
                     {}};
    RunRow(row, true);
    RunRow(row, false);
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(state_change_records, SeededSimulationFixture)

// §7.4.2: INCLUDE (A) + ALLOW (B) -> INCLUDE (A+B); (B) = MALI.
BOOST_AUTO_TEST_CASE(include_allow)
{
    const Row row = {false,
                     R::ALLOW_NEW_SOURCES,
                     IN,
                     {{S1, T::OLD}, {S2, T::MALI}, {S3, T::MALI}},
                     T::NONE,
                     {},
                     IN,
                     {S1, S2, S3},
                     {},
                     {}};
    RunRow(row, true);
    RunRow(row, false);
}

// §7.4.2: INCLUDE (A) + BLOCK (B) -> INCLUDE (A); Send Q(MA, A*B).
BOOST_AUTO_TEST_CASE(include_block)
{
    const Row row = {false,
                     R::BLOCK_OLD_SOURCES,
                     IN,
                     {{S1, T::OLD}, {S2, T::LLQT}},
                     T::NONE,
                     {{{S2}, false}},
                     IN,
                     {S1},
                     {},
                     {{S2, T::OLD}}};
    RunRow(row, true);
    RunRow(row, false);
}

// §7.4.2: INCLUDE (A) + TO_EX (B) -> EXCLUDE (A*B, B-A); (B-A) = 0; Delete (A-B);
// Send Q(MA, A*B); Filter Timer = MALI.
BOOST_AUTO_TEST_CASE(include_to_ex)
{
    const Row row = {false,
                     R::CHANGE_TO_EXCLUDE_MODE,
                     EX,
                     {{S2, T::LLQT}, {S3, T::STOPPED}},
                     T::MALI,
                     {{{S2}, false}},
                     EX,
                     {},
                     {S2, S3},
                     {{S2, T::OLD}}};
    RunRow(row, true);
    RunRow(row, false);
}

// §7.4.2: INCLUDE (A) + TO_IN (B) -> INCLUDE (A+B); (B) = MALI; Send Q(MA, A-B).
BOOST_AUTO_TEST_CASE(include_to_in)
{
    const Row row = {false,
                     R::CHANGE_TO_INCLUDE_MODE,
                     IN,
                     {{S1, T::LLQT}, {S2, T::MALI}, {S3, T::MALI}},
                     T::NONE,
                     {{{S1}, false}},
                     IN,
                     {S2, S3},
                     {},
                     {{S1, T::OLD}}};
    RunRow(row, true);
    RunRow(row, false);
}

// §7.4.2: EXCLUDE (X,Y) + ALLOW (A) -> EXCLUDE (X+A, Y-A); (A) = MALI.
BOOST_AUTO_TEST_CASE(exclude_allow)
{
    const Row row = {true,
                     R::ALLOW_NEW_SOURCES,
                     EX,
                     {{S1, T::OLD}, {S2, T::MALI}, {S3, T::MALI}, {S4, T::STOPPED}, {S5, T::MALI}},
                     T::OLD,
                     {},
                     EX,
                     {S1, S2, S3, S5},
                     {S4},
                     {}};
    RunRow(row, true);
    RunRow(row, false);
}

// §7.4.2: EXCLUDE (X,Y) + BLOCK (A) -> EXCLUDE (X+(A-Y), Y); (A-X-Y) = Filter Timer;
// Send Q(MA, A-Y). S5 gets the filter timer, then the query lowers it to LLQT.
BOOST_AUTO_TEST_CASE(exclude_block)
{
    const Row row = {
        true,
        R::BLOCK_OLD_SOURCES,
        EX,
        {{S1, T::OLD}, {S2, T::LLQT}, {S3, T::STOPPED}, {S4, T::STOPPED}, {S5, T::LLQT}},
        T::OLD,
        {{{S2, S5}, false}},
        EX,
        {S1},
        {S2, S3, S4, S5},
        {{S2, T::OLD}, {S5, T::OLD}}};
    RunRow(row, true);
    RunRow(row, false);
}

// §7.4.2: EXCLUDE (X,Y) + TO_EX (A) -> EXCLUDE (A-Y, Y*A); (A-X-Y) = Filter Timer;
// Delete (X-A); Delete (Y-A); Send Q(MA, A-Y); Filter Timer = MALI.
BOOST_AUTO_TEST_CASE(exclude_to_ex)
{
    const Row row = {true,
                     R::CHANGE_TO_EXCLUDE_MODE,
                     EX,
                     {{S2, T::LLQT}, {S3, T::STOPPED}, {S5, T::LLQT}},
                     T::MALI,
                     {{{S2, S5}, false}},
                     EX,
                     {},
                     {S2, S3, S5},
                     {{S2, T::OLD}, {S5, T::OLD}}};
    RunRow(row, true);
    RunRow(row, false);
}

// §7.4.2: EXCLUDE (X,Y) + TO_IN (A) -> EXCLUDE (X+A, Y-A); (A) = MALI;
// Send Q(MA, X-A); Send Q(MA). After LLQT the filter timer expires (§7.5):
// INCLUDE with the running sources.
BOOST_AUTO_TEST_CASE(exclude_to_in)
{
    const Row row = {true,
                     R::CHANGE_TO_INCLUDE_MODE,
                     EX,
                     {{S1, T::LLQT}, {S2, T::MALI}, {S3, T::MALI}, {S4, T::STOPPED}, {S5, T::MALI}},
                     T::LLQT,
                     {{{}, false}, {{S1}, false}},
                     IN,
                     {S2, S3, S5},
                     {},
                     {{S1, T::OLD}, {Ipv6Address::GetAny(), T::OLD}}};
    RunRow(row, true);
    RunRow(row, false);
}

// No state is INCLUDE ({}): records that add nothing create no entry.
BOOST_AUTO_TEST_CASE(no_state_is_include_empty)
{
    Lan lan = MakeV2Lan(1, 1, V2Helper());
    Ptr<MldQuerier> querier = lan.Mld(0)->GetQuerier(1);
    QueryLog log;
    log.Attach(lan.nodes.Get(0));
    std::vector<Ipv6Address> added;
    querier->TraceConnectWithoutContext(
        "ListenerAdded",
        MakeBoundCallback(
            +[](std::vector<Ipv6Address>* out, uint32_t, Ipv6Address g) { out->push_back(g); },
            &added));
    ApplyAt(Seconds(1), querier, Rec(R::BLOCK_OLD_SOURCES, GROUP, {S1}));
    ApplyAt(Seconds(1), querier, Rec(R::CHANGE_TO_INCLUDE_MODE, GROUP, {}));
    ApplyAt(Seconds(1), querier, Rec(R::MODE_IS_INCLUDE, GROUP, {}));
    Snapshot none;
    SnapshotAt(Seconds(2), querier, GROUP, &none);
    ApplyAt(Seconds(3), querier, Rec(R::CHANGE_TO_EXCLUDE_MODE, GROUP, {}));
    Snapshot ex;
    SnapshotAt(Seconds(4), querier, GROUP, &ex);
    Simulator::Stop(Seconds(5));
    Simulator::Run();

    BOOST_TEST(!none.present);
    BOOST_TEST(log.For(GROUP, Seconds(0), Seconds(5)).size() == 0u);
    BOOST_REQUIRE(ex.present);
    BOOST_TEST(ex.entry.filterMode == EX);
    BOOST_TEST(ex.entry.sources.empty());
    BOOST_TEST(added.size() == 1u);
    BOOST_TEST(ex.forward[S1]); // EXCLUDE ({}): every source
    Simulator::Destroy();
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(timers, SeededSimulationFixture)

// §7.5: the filter timer of an EXCLUDE-mode group expires: INCLUDE mode with the
// sources whose timers run, the stopped ones deleted; then the last source timer
// expires in INCLUDE mode (§7.2.3) and the group goes.
BOOST_AUTO_TEST_CASE(filter_timer_switches_to_include)
{
    Lan lan = MakeV2Lan(1, 1, V2Helper());
    Ptr<MldQuerier> querier = lan.Mld(0)->GetQuerier(1);
    std::vector<std::pair<Time, Ipv6Address>> removed;
    querier->TraceConnectWithoutContext(
        "ListenerRemoved",
        MakeBoundCallback(
            +[](std::vector<std::pair<Time, Ipv6Address>>* out, uint32_t, Ipv6Address g) {
                out->push_back({Simulator::Now(), g});
            },
            &removed));
    std::vector<std::tuple<Time, Ipv6Address, bool, bool>> changes;
    querier->TraceConnectWithoutContext(
        "SourceChanged",
        MakeBoundCallback(
            +[](std::vector<std::tuple<Time, Ipv6Address, bool, bool>>* out,
                uint32_t,
                Ipv6Address,
                Ipv6Address s,
                bool present,
                bool running) {
                out->push_back({Simulator::Now(), s, present, running});
            },
            &changes));

    // t = 1: EXCLUDE ({}, {S3}), filter timer until 261 s; t = 100: S1 requested until 360 s.
    ApplyAt(Seconds(1), querier, Rec(R::MODE_IS_EXCLUDE, GROUP, {S3}));
    ApplyAt(Seconds(100), querier, Rec(R::ALLOW_NEW_SOURCES, GROUP, {S1}));
    Snapshot before;
    SnapshotAt(Seconds(260), querier, GROUP, &before);
    Snapshot switched;
    SnapshotAt(Seconds(262), querier, GROUP, &switched);
    Snapshot gone;
    SnapshotAt(Seconds(361), querier, GROUP, &gone);
    Simulator::Stop(Seconds(362));
    Simulator::Run();

    BOOST_REQUIRE(before.present);
    BOOST_TEST(before.entry.filterMode == EX);
    BOOST_TEST(before.forward[S2]);
    BOOST_TEST(!before.forward[S3]);
    BOOST_REQUIRE(switched.present);
    BOOST_TEST(switched.entry.filterMode == IN);
    BOOST_TEST(Str(switched.entry.RunningSources()) == Str({S1}));
    BOOST_TEST(switched.entry.StoppedSources().empty());
    BOOST_TEST(Near(switched.entry.timerRemaining, Seconds(98)),
               "INCLUDE mode: the group lasts as long as its last source, "
                   << switched.entry.timerRemaining.As(Time::S));
    BOOST_TEST(switched.forward[S1]);
    BOOST_TEST(!switched.forward[S2]);
    BOOST_TEST(!switched.forward[S3]);
    BOOST_TEST(!gone.present);
    BOOST_REQUIRE(removed.size() == 1u);
    BOOST_TEST(Near(removed[0].first, Seconds(360)));
    // SourceChanged: S3 created stopped, S1 created running, S3 deleted at 261, S1 at 360.
    BOOST_REQUIRE(changes.size() == 4u);
    BOOST_TEST(
        (std::get<1>(changes[0]) == S3 && std::get<2>(changes[0]) && !std::get<3>(changes[0])));
    BOOST_TEST((std::get<1>(changes[1]) == S1 && std::get<3>(changes[1])));
    BOOST_TEST((std::get<1>(changes[2]) == S3 && !std::get<2>(changes[2])));
    BOOST_TEST(Near(std::get<0>(changes[2]), Seconds(261)));
    BOOST_TEST((std::get<1>(changes[3]) == S1 && !std::get<2>(changes[3])));
    BOOST_TEST(Near(std::get<0>(changes[3]), Seconds(360)));
    Simulator::Destroy();
}

// §7.5: the filter timer expires with no running source: the group is deleted.
BOOST_AUTO_TEST_CASE(filter_timer_deletes_group_without_sources)
{
    Lan lan = MakeV2Lan(1, 1, V2Helper());
    Ptr<MldQuerier> querier = lan.Mld(0)->GetQuerier(1);
    ApplyAt(Seconds(1), querier, Rec(R::MODE_IS_EXCLUDE, GROUP, {S3}));
    Snapshot before;
    SnapshotAt(Seconds(260), querier, GROUP, &before);
    Snapshot after;
    SnapshotAt(Seconds(261) + EXACT, querier, GROUP, &after);
    Simulator::Stop(Seconds(262));
    Simulator::Run();
    BOOST_TEST(before.present);
    BOOST_TEST(!after.present);
    BOOST_TEST(!querier->HasListeners(GROUP));
    Simulator::Destroy();
}

// §7.2.3: in EXCLUDE mode an expiring source timer stops (the source is then
// excluded); in INCLUDE mode the source is deleted.
BOOST_AUTO_TEST_CASE(source_timer_expiry)
{
    Lan lan = MakeV2Lan(1, 1, V2Helper());
    Ptr<MldQuerier> querier = lan.Mld(0)->GetQuerier(1);
    const Ipv6Address other("ff1e::11");
    // EXCLUDE: S1 requested from 1 s (until 261 s), EXCLUDE from 100 s (until 360 s).
    ApplyAt(Seconds(1), querier, Rec(R::ALLOW_NEW_SOURCES, GROUP, {S1}));
    ApplyAt(Seconds(100), querier, Rec(R::MODE_IS_EXCLUDE, GROUP, {S1}));
    // INCLUDE: S1 until 261 s, S2 until 300 s.
    ApplyAt(Seconds(1), querier, Rec(R::MODE_IS_INCLUDE, other, {S1}));
    ApplyAt(Seconds(40), querier, Rec(R::MODE_IS_INCLUDE, other, {S2}));
    Snapshot ex;
    SnapshotAt(Seconds(262), querier, GROUP, &ex);
    Snapshot in;
    SnapshotAt(Seconds(262), querier, other, &in);
    Snapshot inGone;
    SnapshotAt(Seconds(301), querier, other, &inGone);
    Simulator::Stop(Seconds(302));
    Simulator::Run();

    BOOST_REQUIRE(ex.present);
    BOOST_TEST(ex.entry.filterMode == EX);
    BOOST_TEST(Str(ex.entry.StoppedSources()) == Str({S1}));
    BOOST_TEST(!ex.forward[S1]);
    BOOST_TEST(ex.forward[S2]);
    BOOST_REQUIRE(in.present);
    BOOST_TEST(Str(in.entry.RunningSources()) == Str({S2}));
    BOOST_TEST(in.entry.StoppedSources().empty());
    BOOST_TEST(!inGone.present);
    Simulator::Destroy();
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(queries, SeededSimulationFixture)

// The querier's General Queries are MLDv2 queries (RFC 9777 §5.1): MRC from the
// Query Response Interval, QRV = Robustness, QQIC = Query Interval, S clear,
// to ff02::1 (§5.1.15).
BOOST_AUTO_TEST_CASE(general_queries_are_mldv2)
{
    MldHelper helper = V2Helper();
    helper.SetQuerierAttribute("Robustness", UintegerValue(3));
    helper.SetQuerierAttribute("QueryInterval", TimeValue(Seconds(200)));
    helper.SetQuerierAttribute("QueryResponseInterval", TimeValue(Seconds(40)));
    Lan lan = MakeV2Lan(1, 1, helper);
    QueryLog log;
    log.Attach(lan.nodes.Get(0));
    Simulator::Stop(Seconds(120));
    Simulator::Run();

    auto general = log.For(Ipv6Address::GetAny(), Seconds(0), Seconds(120));
    BOOST_TEST(log.v1 == 0u);
    // Startup: Robustness queries, QueryInterval / 4 apart (RFC 9777 §9.6, §9.7).
    BOOST_REQUIRE(general.size() == 3u);
    BOOST_TEST(Near(general[1].time - general[0].time, Seconds(50)));
    for (const auto& q : general)
    {
        BOOST_TEST(q.destination == Ipv6Address::GetAllNodesMulticast());
        BOOST_TEST(q.sources.empty());
        BOOST_TEST(!q.s);
        BOOST_TEST(q.qrv == 3);
        BOOST_TEST(MldV2QueryHeader::DecodeQqic(q.qqic) == 200u);
        // 40000 ms needs the exponential Maximum Response Code (RFC 9777 §5.1.3).
        BOOST_TEST(q.mrdMs == 40000u);
    }
    Simulator::Destroy();
}

// §7.6.3.1: "Send Q(MA)": LLQC queries, LLQI apart, MRD = LLQI, S clear while the
// filter timer is at or below LLQT; the group goes after LLQT if nobody answers.
BOOST_AUTO_TEST_CASE(multicast_address_specific_queries)
{
    Lan lan = MakeV2Lan(1, 1, V2Helper(MilliSeconds(500), 3));
    Ptr<MldQuerier> querier = lan.Mld(0)->GetQuerier(1);
    QueryLog log;
    log.Attach(lan.nodes.Get(0));
    ApplyAt(Seconds(1), querier, Rec(R::MODE_IS_EXCLUDE, GROUP, {}));
    ApplyAt(Seconds(10), querier, Rec(R::CHANGE_TO_INCLUDE_MODE, GROUP, {}));
    Snapshot checking;
    SnapshotAt(MilliSeconds(10100), querier, GROUP, &checking);
    Snapshot gone;
    SnapshotAt(MilliSeconds(11501), querier, GROUP, &gone);
    Simulator::Stop(Seconds(13));
    Simulator::Run();

    BOOST_TEST(querier->GetLastListenerQueryTime() == MilliSeconds(1500));
    auto q = log.For(GROUP, Seconds(2), Seconds(13));
    BOOST_REQUIRE(q.size() == 3u);
    for (size_t i = 0; i < q.size(); ++i)
    {
        BOOST_TEST(Near(q[i].time, Seconds(10) + MilliSeconds(500) * i));
        BOOST_TEST(q[i].mrdMs == 500u);
        BOOST_TEST(!q[i].s);
        BOOST_TEST(q[i].sources.empty());
        BOOST_TEST(q[i].destination == GROUP);
    }
    BOOST_REQUIRE(checking.present);
    BOOST_TEST(checking.entry.state == MldGroupState::CHECKING_LISTENERS);
    BOOST_TEST(Near(checking.entry.timerRemaining, MilliSeconds(1400)));
    BOOST_TEST(checking.entry.queriesLeft == 2u);
    BOOST_TEST(!gone.present);
    Simulator::Destroy();
}

// §7.6.3.1: a report raises the filter timer above LLQT during the queries: the
// retransmissions carry the S flag, and the group stays.
BOOST_AUTO_TEST_CASE(retransmission_sets_s_flag)
{
    Lan lan = MakeV2Lan(1, 1, V2Helper(MilliSeconds(500), 3));
    Ptr<MldQuerier> querier = lan.Mld(0)->GetQuerier(1);
    QueryLog log;
    log.Attach(lan.nodes.Get(0));
    ApplyAt(Seconds(1), querier, Rec(R::MODE_IS_EXCLUDE, GROUP, {}));
    ApplyAt(Seconds(10), querier, Rec(R::CHANGE_TO_INCLUDE_MODE, GROUP, {}));
    // A listener answers the first query.
    ApplyAt(MilliSeconds(10200), querier, Rec(R::MODE_IS_EXCLUDE, GROUP, {}));
    Snapshot kept;
    SnapshotAt(Seconds(12), querier, GROUP, &kept);
    Simulator::Stop(Seconds(13));
    Simulator::Run();

    auto q = log.For(GROUP, Seconds(2), Seconds(13));
    BOOST_REQUIRE(q.size() == 3u);
    BOOST_TEST(!q[0].s);
    BOOST_TEST(q[1].s);
    BOOST_TEST(q[2].s);
    BOOST_REQUIRE(kept.present);
    BOOST_TEST(kept.entry.filterMode == EX);
    BOOST_TEST(kept.entry.state == MldGroupState::LISTENERS_PRESENT);
    BOOST_TEST(Near(kept.entry.timerRemaining, Seconds(260) - MilliSeconds(1800)));
    Simulator::Destroy();
}

// §7.6.3.2: "Send Q(MA,X)": the sources' timers are lowered to LLQT and LLQC
// queries are sent; when a report raises one source above LLQT, each
// retransmission is split: S set with that source, S clear with the others.
BOOST_AUTO_TEST_CASE(source_specific_queries_split_by_s_flag)
{
    Lan lan = MakeV2Lan(1, 1, V2Helper(MilliSeconds(500), 3));
    Ptr<MldQuerier> querier = lan.Mld(0)->GetQuerier(1);
    QueryLog log;
    log.Attach(lan.nodes.Get(0));
    ApplyAt(Seconds(1), querier, Rec(R::ALLOW_NEW_SOURCES, GROUP, {S1, S2, S3}));
    ApplyAt(Seconds(10), querier, Rec(R::BLOCK_OLD_SOURCES, GROUP, {S1, S2}));
    ApplyAt(MilliSeconds(10200), querier, Rec(R::MODE_IS_INCLUDE, GROUP, {S2}));
    Snapshot lowered;
    SnapshotAt(MilliSeconds(10100), querier, GROUP, &lowered);
    Snapshot after;
    SnapshotAt(Seconds(12), querier, GROUP, &after);
    Simulator::Stop(Seconds(13));
    Simulator::Run();

    auto q = log.For(GROUP, Seconds(2), Seconds(13));
    BOOST_REQUIRE(q.size() == 5u);
    // 10 s: one query, both sources, S clear (their timers were just lowered).
    BOOST_TEST(Near(q[0].time, Seconds(10)));
    BOOST_TEST(Str(q[0].sources) == Str({S1, S2}));
    BOOST_TEST(!q[0].s);
    // 10.5 s and 11 s: S set with S2 (refreshed to MALI), S clear with S1.
    for (size_t i : {1u, 3u})
    {
        BOOST_TEST(Near(q[i].time, Seconds(10) + MilliSeconds(500) * ((i + 1) / 2)));
        BOOST_TEST(Str(q[i].sources) == Str({S2}));
        BOOST_TEST(q[i].s);
        BOOST_TEST(Near(q[i + 1].time, q[i].time));
        BOOST_TEST(Str(q[i + 1].sources) == Str({S1}));
        BOOST_TEST(!q[i + 1].s);
    }
    for (const auto& x : q)
    {
        BOOST_TEST(x.mrdMs == 500u);
    }
    BOOST_REQUIRE(lowered.present);
    BOOST_TEST(lowered.entry.FindSource(S1)->queriesLeft == 2u);
    BOOST_TEST(Near(lowered.entry.FindSource(S1)->timerRemaining, MilliSeconds(1400)));
    BOOST_TEST(lowered.entry.FindSource(S3)->queriesLeft == 0u);
    BOOST_REQUIRE(after.present);
    BOOST_TEST(Str(after.entry.RunningSources()) == Str({S2, S3}));
    Simulator::Destroy();
}

// §7.6.1, §7.6.2, §5.1.8, §5.1.9: two MLDv2 routers; the lower address is querier.
// The other adopts its QRV and QQI, sends no query, does not act on "Send Q"
// itself, and lowers its timers when it hears a query with S clear, not when S is set.
BOOST_AUTO_TEST_CASE(non_querier_timer_updates)
{
    Lan lan = MakeV2Lan(2, 2, V2Helper());
    Ptr<MldQuerier> q0 = lan.Mld(0)->GetQuerier(1);
    Ptr<MldQuerier> q1 = lan.Mld(1)->GetQuerier(1);
    q0->SetAttribute("Robustness", UintegerValue(3));
    q0->SetAttribute("QueryInterval", TimeValue(Seconds(60)));
    QueryLog log1;
    log1.Attach(lan.nodes.Get(1));
    const Ipv6Address g2("ff1e::11");
    const Ipv6Address g3("ff1e::12");
    auto both = [&](Time t, const MldAddressRecord& r) {
        ApplyAt(t, q0, r);
        ApplyAt(t, q1, r);
    };
    both(Seconds(5), Rec(R::MODE_IS_EXCLUDE, GROUP, {}));
    both(Seconds(5), Rec(R::MODE_IS_INCLUDE, g2, {S1, S2}));
    ApplyAt(Seconds(5), q1, Rec(R::MODE_IS_INCLUDE, g3, {S1}));
    // Q(MA) with S clear at 10 s, then a listener answers: S set at 11 s and 12 s.
    both(Seconds(10), Rec(R::CHANGE_TO_INCLUDE_MODE, GROUP, {}));
    Snapshot lowered;
    SnapshotAt(MilliSeconds(10100), q1, GROUP, &lowered);
    both(MilliSeconds(10500), Rec(R::MODE_IS_EXCLUDE, GROUP, {}));
    Snapshot kept;
    SnapshotAt(MilliSeconds(12100), q1, GROUP, &kept);
    // Q(MA,{S1}) with S clear.
    both(Seconds(20), Rec(R::BLOCK_OLD_SOURCES, g2, {S1}));
    Snapshot sourceLowered;
    SnapshotAt(MilliSeconds(20100), q1, g2, &sourceLowered);
    // Only the non-querier hears this BLOCK: it neither queries nor lowers.
    ApplyAt(Seconds(30), q1, Rec(R::BLOCK_OLD_SOURCES, g3, {S1}));
    Snapshot untouched;
    SnapshotAt(MilliSeconds(30100), q1, g3, &untouched);
    Simulator::Stop(Seconds(31));
    Simulator::Run();

    BOOST_TEST(q0->IsQuerier());
    BOOST_TEST(!q1->IsQuerier());
    BOOST_TEST(q1->GetQuerierAddress() == lan.LinkLocal(0));
    BOOST_TEST(q1->GetRobustness() == 3u);
    BOOST_TEST(q1->GetQueryInterval() == Seconds(60));
    const Time mali1 = Seconds(3 * 60 + 10);
    BOOST_TEST(q1->GetMulticastListenerInterval() == mali1);
    // Nothing but its own startup query before it yielded.
    for (const auto& q : log1.v2)
    {
        BOOST_TEST(q.time < Seconds(1), "non-querier query at " << q.time.As(Time::S));
    }
    // LLQT = MRD (1 s) * LLQC (the learnt Robustness, 3).
    BOOST_REQUIRE(lowered.present);
    BOOST_TEST(Near(lowered.entry.timerRemaining, Seconds(3) - MilliSeconds(100), MilliSeconds(1)),
               "filter timer " << lowered.entry.timerRemaining.As(Time::S));
    BOOST_TEST(lowered.entry.state == MldGroupState::CHECKING_LISTENERS);
    BOOST_REQUIRE(kept.present);
    BOOST_TEST(Near(kept.entry.timerRemaining, mali1 - MilliSeconds(1600), MilliSeconds(1)),
               "filter timer " << kept.entry.timerRemaining.As(Time::S)
                               << ": a query with S set must not lower it");
    BOOST_REQUIRE(sourceLowered.present);
    BOOST_TEST(Near(sourceLowered.entry.FindSource(S1)->timerRemaining,
                    Seconds(3) - MilliSeconds(100),
                    MilliSeconds(1)));
    BOOST_TEST(Near(sourceLowered.entry.FindSource(S2)->timerRemaining,
                    mali1 - MilliSeconds(15100),
                    MilliSeconds(1)));
    BOOST_REQUIRE(untouched.present);
    BOOST_TEST(Near(untouched.entry.FindSource(S1)->timerRemaining,
                    mali1 - MilliSeconds(25100),
                    MilliSeconds(1)));
    Simulator::Destroy();
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(compatibility, SeededSimulationFixture)

// §8.3.2 with real hosts: h1 runs MLDv1, h2 MLDv2. h1's reports put the group in
// MLDv1 compatibility mode (IS_EX({})); meanwhile BLOCK is ignored and TO_EX(x)
// acts as TO_EX({}); h1's Done acts as TO_IN({}) (a Q(MA), answered by h2); once
// the Older Version Host Present timer has run out BLOCK is processed again.
BOOST_AUTO_TEST_CASE(mldv1_host_on_mldv2_router)
{
    MldHelper helper = V2Helper();
    helper.SetQuerierAttribute("QueryInterval", TimeValue(Seconds(10)));
    helper.SetQuerierAttribute("QueryResponseInterval", TimeValue(Seconds(2)));
    Lan lan = MakeV2Lan(3, 1, helper);
    Ptr<MldQuerier> querier = lan.Mld(0)->GetQuerier(1);
    lan.Mld(1)->SetVersion(1, MldHostVersion::MLDV1);
    lan.Mld(2)->SetVersion(1, MldHostVersion::MLDV2);
    QueryLog log;
    log.Attach(lan.nodes.Get(0));
    MessageLog messages;
    messages.Attach(lan.nodes);
    const Ipv6Address source = S1;

    mldcompat::ScheduleCallable(Seconds(1), [&]() { lan.Mld(1)->Join(1, GROUP); });
    mldcompat::ScheduleCallable(Seconds(2), [&]() { lan.Mld(2)->JoinSource(1, GROUP, source, 7); });
    Snapshot compat;
    SnapshotAt(Seconds(3), querier, GROUP, &compat);
    ApplyAt(Seconds(4), querier, Rec(R::BLOCK_OLD_SOURCES, GROUP, {source}));
    Snapshot afterBlock;
    SnapshotAt(MilliSeconds(4100), querier, GROUP, &afterBlock);
    ApplyAt(MilliSeconds(4500), querier, Rec(R::CHANGE_TO_EXCLUDE_MODE, GROUP, {S3}));
    Snapshot afterToEx;
    SnapshotAt(MilliSeconds(4600), querier, GROUP, &afterToEx);
    mldcompat::ScheduleCallable(Seconds(6), [&]() { lan.Mld(1)->Leave(1, GROUP); });
    Snapshot included;
    SnapshotAt(Seconds(10), querier, GROUP, &included);
    ApplyAt(Seconds(12), querier, Rec(R::BLOCK_OLD_SOURCES, GROUP, {source}));
    Snapshot v2again;
    SnapshotAt(Seconds(40), querier, GROUP, &v2again);
    ApplyAt(Seconds(41), querier, Rec(R::BLOCK_OLD_SOURCES, GROUP, {source}));
    Snapshot answered;
    SnapshotAt(Seconds(45), querier, GROUP, &answered);
    Simulator::Stop(Seconds(46));
    Simulator::Run();

    const Time ovhpt = querier->GetOlderVersionHostPresentTimeout();
    BOOST_TEST(ovhpt == Seconds(22)); // RFC 9777 §9.13: 2 * 10 s + 2 s
    auto v1Reports = messages.Sent(MldHeader::LISTENER_REPORT, GROUP, lan.nodes.Get(1)->GetId());
    BOOST_REQUIRE(!v1Reports.empty());
    auto dones = messages.Sent(MldHeader::LISTENER_DONE, GROUP, lan.nodes.Get(1)->GetId());
    BOOST_REQUIRE(dones.size() == 1u);

    // A v1 report: IS_EX({}) in MLDv1 compatibility mode; h2's ALLOW adds S1.
    BOOST_REQUIRE(compat.present);
    BOOST_TEST(compat.entry.olderVersionHostPresent);
    BOOST_TEST(compat.entry.filterMode == EX);
    BOOST_TEST(Str(compat.entry.RunningSources()) == Str({source}));
    BOOST_TEST(compat.forward[S2]);
    // BLOCK ignored: S1 not lowered, no Q(MA,S).
    BOOST_REQUIRE(afterBlock.present);
    BOOST_TEST(afterBlock.entry.FindSource(source) != nullptr);
    BOOST_TEST(afterBlock.entry.FindSource(source)->timerRemaining > Seconds(10));
    BOOST_TEST(afterBlock.entry.FindSource(source)->queriesLeft == 0u);
    // TO_EX({S3}) as TO_EX({}): S3 not excluded.
    BOOST_REQUIRE(afterToEx.present);
    BOOST_TEST(afterToEx.entry.FindSource(S3) == nullptr);
    BOOST_TEST(afterToEx.forward[S3]);
    // The Done: TO_IN({}) -> Q(MA) at once, S clear.
    auto specific = log.For(GROUP, dones[0].time, dones[0].time + MilliSeconds(1500));
    BOOST_REQUIRE(specific.size() == 2u);
    BOOST_TEST(Near(specific[0].time, dones[0].time, MilliSeconds(1)));
    BOOST_TEST(specific[0].sources.empty());
    BOOST_TEST(!specific[0].s);
    // After LLQT: INCLUDE with h2's source, still in compatibility mode.
    BOOST_REQUIRE(included.present);
    BOOST_TEST(included.entry.filterMode == IN);
    BOOST_TEST(Str(included.entry.RunningSources()) == Str({source}));
    BOOST_TEST(included.entry.olderVersionHostPresent);
    BOOST_TEST(included.forward[source]);
    BOOST_TEST(!included.forward[S3]);
    BOOST_TEST(log.For(GROUP, Seconds(12), Seconds(13)).empty()); // BLOCK still ignored
    // Back to MLDv2 22 s after h1's last report.
    const Time lastV1 = v1Reports.back().time;
    BOOST_TEST(lastV1 < Seconds(18));
    BOOST_REQUIRE(v2again.present);
    BOOST_TEST(!v2again.entry.olderVersionHostPresent);
    // Now BLOCK is processed: Q(MA,{S1}), which h2 answers, so S1 stays.
    auto q = log.For(GROUP, Seconds(41), Seconds(42));
    BOOST_REQUIRE(!q.empty());
    BOOST_TEST(Str(q[0].sources) == Str({source}));
    BOOST_TEST(!q[0].s);
    BOOST_REQUIRE(answered.present);
    BOOST_TEST(answered.entry.FindSource(source) != nullptr);
    BOOST_TEST(answered.entry.FindSource(source)->timerRemaining > Seconds(10));
    Simulator::Destroy();
}

// §8.3.2: a Done outside MLDv1 compatibility mode changes nothing; a v1 report
// starts the Older Version Host Present timer, which expires after OVHPT.
BOOST_AUTO_TEST_CASE(older_version_host_present_timer)
{
    Lan lan = MakeV2Lan(1, 1, V2Helper());
    Ptr<MldQuerier> querier = lan.Mld(0)->GetQuerier(1);
    QueryLog log;
    log.Attach(lan.nodes.Get(0));
    ApplyAt(Seconds(1), querier, Rec(R::MODE_IS_EXCLUDE, GROUP, {}));
    mldcompat::ScheduleCallable(Seconds(2), [=]() { querier->HandleDone(GROUP); });
    Snapshot v2;
    SnapshotAt(Seconds(3), querier, GROUP, &v2);
    mldcompat::ScheduleCallable(Seconds(5), [=]() { querier->HandleReport(GROUP); });
    Snapshot v1;
    SnapshotAt(Seconds(6), querier, GROUP, &v1);
    Snapshot expired;
    SnapshotAt(Seconds(266), querier, GROUP, &expired);
    Simulator::Stop(Seconds(267));
    Simulator::Run();

    BOOST_TEST(log.For(GROUP, Seconds(0), Seconds(5)).empty());
    BOOST_REQUIRE(v2.present);
    BOOST_TEST(!v2.entry.olderVersionHostPresent);
    BOOST_TEST(v2.entry.state == MldGroupState::LISTENERS_PRESENT);
    BOOST_REQUIRE(v1.present);
    BOOST_TEST(v1.entry.olderVersionHostPresent);
    BOOST_TEST(Near(v1.entry.olderHostRemaining, Seconds(259)));
    BOOST_TEST(Near(v1.entry.timerRemaining, Seconds(259))); // IS_EX({}): filter = MALI
    BOOST_TEST(!expired.present); // the filter timer expired at 265 s with no source
    Simulator::Destroy();
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(forwarding, SeededSimulationFixture)

// §7.3 and RFC 4604 §2.2.2: the ShouldForward truth table.
BOOST_AUTO_TEST_CASE(should_forward_truth_table)
{
    Lan lan = MakeV2Lan(1, 1, V2Helper());
    Ptr<MldQuerier> querier = lan.Mld(0)->GetQuerier(1);
    const Ipv6Address in("ff1e::20");
    const Ipv6Address ex("ff1e::21");
    const Ipv6Address none("ff1e::22");
    const Ipv6Address ssm2("ff3e::8000:2");
    const Ipv6Address ssm3("ff3e::8000:3");
    ApplyAt(Seconds(1), querier, Rec(R::ALLOW_NEW_SOURCES, in, {S1}));
    ApplyAt(Seconds(1), querier, Rec(R::MODE_IS_EXCLUDE, ex, {S2}));
    ApplyAt(Seconds(1), querier, Rec(R::ALLOW_NEW_SOURCES, ex, {S1}));
    ApplyAt(Seconds(1), querier, Rec(R::ALLOW_NEW_SOURCES, SSM_GROUP, {S1}));
    // EXCLUDE-mode records for SSM groups are ignored: no any-source state.
    ApplyAt(Seconds(1), querier, Rec(R::MODE_IS_EXCLUDE, SSM_GROUP, {S2}));
    ApplyAt(Seconds(1), querier, Rec(R::CHANGE_TO_EXCLUDE_MODE, ssm2, {}));
    // So is an MLDv1 report (IS_EX({})) for an SSM group.
    mldcompat::ScheduleCallable(Seconds(1), [=]() { querier->HandleReport(ssm3); });
    // An MLDv1 report for an ASM group: EXCLUDE ({}) in compatibility mode.
    mldcompat::ScheduleCallable(Seconds(1), [=]() { querier->HandleReport(none); });
    std::map<std::string, bool> got;
    mldcompat::ScheduleCallable(Seconds(2), [&]() {
        got["in S1"] = querier->ShouldForward(in, S1);
        got["in S2"] = querier->ShouldForward(in, S2);
        got["ex S1"] = querier->ShouldForward(ex, S1);
        got["ex S2"] = querier->ShouldForward(ex, S2);
        got["ex S3"] = querier->ShouldForward(ex, S3);
        got["v1 S3"] = querier->ShouldForward(none, S3);
        got["ssm S1"] = querier->ShouldForward(SSM_GROUP, S1);
        got["ssm S2"] = querier->ShouldForward(SSM_GROUP, S2);
        got["ssm2 S1"] = querier->ShouldForward(ssm2, S1);
        got["ssm3 S1"] = querier->ShouldForward(ssm3, S1);
        got["nothing"] = querier->ShouldForward(Ipv6Address("ff1e::99"), S1);
        got["ssm INCLUDE"] = querier->GetListenerEntry(SSM_GROUP).has_value() &&
                             querier->GetListenerEntry(SSM_GROUP)->filterMode == IN;
        got["ssm2 state"] = querier->HasListeners(ssm2);
        got["ssm3 state"] = querier->HasListeners(ssm3);
    });
    Simulator::Stop(Seconds(3));
    Simulator::Run();

    const std::map<std::string, bool> want = {
        {"in S1", true},       // INCLUDE, running timer
        {"in S2", false},      // INCLUDE, not listed
        {"ex S1", true},       // EXCLUDE, running timer
        {"ex S2", false},      // EXCLUDE, stopped timer (excluded)
        {"ex S3", true},       // EXCLUDE, not listed
        {"v1 S3", true},       // MLDv1 report: every source
        {"ssm S1", true},      // SSM, INCLUDE, running
        {"ssm S2", false},     // SSM: IS_EX ignored
        {"ssm2 S1", false},    // SSM: TO_EX({}) ignored
        {"ssm3 S1", false},    // SSM: MLDv1 report ignored
        {"nothing", false},    // no state
        {"ssm INCLUDE", true}, // still INCLUDE
        {"ssm2 state", false}, // no entry
        {"ssm3 state", false}, // no entry
    };
    for (const auto& [name, value] : want)
    {
        BOOST_TEST(got[name] == value, name << ": " << got[name]);
    }
    Simulator::Destroy();
}

/// Router R between LAN A (two sources) and LAN B (one MLDv2 receiver).
struct TwoLans
{
    Ptr<Node> router;
    NodeContainer a; //!< sources
    Ptr<Node> receiver;
    NodeContainer all;
};

TwoLans
MakeTwoLans()
{
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    TwoLans net;
    net.router = CreateObject<Node>();
    net.a.Create(2);
    net.receiver = CreateObject<Node>();
    net.all.Add(net.router);
    net.all.Add(net.a);
    net.all.Add(net.receiver);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(10)));
    NetDeviceContainer devA = csma.Install(NodeContainer(NodeContainer(net.router), net.a));
    NetDeviceContainer devB = csma.Install(NodeContainer(net.router, net.receiver));
    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(net.all);
    Ipv6AddressHelper addresses;
    addresses.SetBase(Ipv6Address("2001:db8:a::"), Ipv6Prefix(64));
    addresses.Assign(devA);
    addresses.NewNetwork();
    addresses.Assign(devB);
    MldHelper helper = V2Helper();
    helper.Install(net.all);
    helper.SetRouter(net.router);
    helper.AssignStreams(net.all, 3000);
    InitializeTrafficControl(net.all);
    Ipv6StaticRoutingHelper staticRouting;
    for (uint32_t i = 1; i < net.all.GetN(); ++i)
    {
        staticRouting.GetStaticRouting(net.all.Get(i)->GetObject<Ipv6>())
            ->AddNetworkRouteTo(Ipv6Address("ff00::"), Ipv6Prefix(8), 1);
    }
    net.receiver->GetObject<MldProtocol>()->SetVersion(1, MldHostVersion::MLDV2);
    return net;
}

Ipv6Address
GlobalOf(Ptr<Node> node)
{
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    for (uint32_t j = 0; j < ipv6->GetNAddresses(1); ++j)
    {
        if (!ipv6->GetAddress(1, j).GetAddress().IsLinkLocal())
        {
            return ipv6->GetAddress(1, j).GetAddress();
        }
    }
    return Ipv6Address::GetAny();
}

/// Send a UDP datagram to a group every `interval` in [start, stop).
void
SendData(Ptr<Node> node, Ipv6Address group, Time start, Time stop, Time interval)
{
    Ptr<Socket> socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    socket->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 0));
    socket->BindToNetDevice(node->GetObject<Ipv6>()->GetNetDevice(1));
    for (Time t = start; t < stop; t += interval)
    {
        mldcompat::ScheduleCallable(t, [socket, group]() {
            socket->SendTo(Create<Packet>(100), 0, Inet6SocketAddress(group, 9));
        });
    }
}

/// Forwarded copies (time, source) from MldRouting's Forward trace.
using Forwards = std::vector<std::pair<Time, Ipv6Address>>;

void
OnForward(Forwards* out, const Ipv6Header& header, Ptr<const Packet>, uint32_t, uint32_t)
{
    out->push_back({Simulator::Now(), header.GetSource()});
}

uint32_t
Count(const Forwards& f, Ipv6Address source, Time from, Time to)
{
    return std::count_if(f.begin(), f.end(), [&](const auto& x) {
        return x.second == source && x.first >= from && x.first < to;
    });
}

// End to end, SSM: two sources send to one SSM group; a v2 host joins one source
// (JoinSource: ALLOW/INCLUDE); only that source's data crosses the router.
BOOST_AUTO_TEST_CASE(ssm_join_source_end_to_end)
{
    TwoLans net = MakeTwoLans();
    const Ipv6Address s1 = GlobalOf(net.a.Get(0));
    const Ipv6Address s2 = GlobalOf(net.a.Get(1));
    Forwards forwards;
    net.router->GetObject<MldProtocol>()->GetRouting()->TraceConnectWithoutContext(
        "Forward",
        MakeBoundCallback(&OnForward, &forwards));
    mldcompat::ScheduleCallable(Seconds(3), [&]() {
        BOOST_TEST(net.receiver->GetObject<MldProtocol>()->JoinSource(1, SSM_GROUP, s1, 1));
    });
    SendData(net.a.Get(0), SSM_GROUP, Seconds(5), Seconds(10), MilliSeconds(500));
    SendData(net.a.Get(1), SSM_GROUP, Seconds(5), Seconds(10), MilliSeconds(500));
    Snapshot state;
    SnapshotAt(Seconds(10), net.router->GetObject<MldProtocol>()->GetQuerier(2), SSM_GROUP, &state);
    Simulator::Stop(Seconds(11));
    Simulator::Run();

    BOOST_TEST(Count(forwards, s1, Seconds(5), Seconds(11)) == 10u);
    BOOST_TEST(Count(forwards, s2, Seconds(0), Seconds(11)) == 0u);
    BOOST_REQUIRE(state.present);
    BOOST_TEST(state.entry.filterMode == IN);
    BOOST_TEST(Str(state.entry.RunningSources()) == Str({s1}));
    Simulator::Destroy();
}

// End to end, ASM: a v2 host receives from every source (EXCLUDE {}), then
// blocks S2: BLOCK, Q(MA,{S2}) unanswered, S2's timer runs out after LLQT and
// only S1's data is forwarded.
BOOST_AUTO_TEST_CASE(asm_exclude_end_to_end)
{
    TwoLans net = MakeTwoLans();
    const Ipv6Address s1 = GlobalOf(net.a.Get(0));
    const Ipv6Address s2 = GlobalOf(net.a.Get(1));
    Forwards forwards;
    net.router->GetObject<MldProtocol>()->GetRouting()->TraceConnectWithoutContext(
        "Forward",
        MakeBoundCallback(&OnForward, &forwards));
    Ptr<MldProtocol> rx = net.receiver->GetObject<MldProtocol>();
    mldcompat::ScheduleCallable(Seconds(3),
                                [&]() { BOOST_TEST(rx->SetSourceFilter(1, GROUP, 1, true, {})); });
    mldcompat::ScheduleCallable(Seconds(8), [&]() {
        BOOST_TEST(rx->SetSourceFilter(1, GROUP, 1, true, {s2}));
    });
    SendData(net.a.Get(0), GROUP, Seconds(5), Seconds(16), MilliSeconds(250));
    SendData(net.a.Get(1), GROUP, Seconds(5), Seconds(16), MilliSeconds(250));
    Snapshot state;
    SnapshotAt(Seconds(15), net.router->GetObject<MldProtocol>()->GetQuerier(2), GROUP, &state);
    Simulator::Stop(Seconds(17));
    Simulator::Run();

    BOOST_TEST(Count(forwards, s1, Seconds(5), Seconds(8)) == 12u);
    BOOST_TEST(Count(forwards, s2, Seconds(5), Seconds(8)) == 12u);
    BOOST_TEST(Count(forwards, s1, Seconds(11), Seconds(16)) == 20u);
    BOOST_TEST(Count(forwards, s2, Seconds(11), Seconds(16)) == 0u);
    BOOST_REQUIRE(state.present);
    BOOST_TEST(state.entry.filterMode == EX);
    BOOST_TEST(Str(state.entry.StoppedSources()) == Str({s2}));
    Simulator::Destroy();
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_FIXTURE_TEST_SUITE(configuration, SeededSimulationFixture)

BOOST_AUTO_TEST_CASE(version_and_limits)
{
    Ptr<MldQuerier> q = CreateObject<MldQuerier>();
    BOOST_TEST(q->GetVersion() == MldVersion::MLDV1);
    BOOST_TEST(q->GetConfigurationError().empty());
    // 100 s does not fit MLDv1's 16-bit delay but does fit MLDv2's Maximum Response Code.
    q->SetAttribute("QueryInterval", TimeValue(Seconds(300)));
    q->SetAttribute("QueryResponseInterval", TimeValue(Seconds(100)));
    q->SetAttribute("Version", StringValue("MLDv1"));
    BOOST_TEST(!q->GetConfigurationError().empty());
    q->SetAttribute("Version", StringValue("MLDv2"));
    BOOST_TEST(q->GetConfigurationError().empty(), q->GetConfigurationError());
    BOOST_TEST(q->GetVersion() == MldVersion::MLDV2);
    StringValue name;
    q->GetAttribute("Version", name);
    BOOST_TEST(name.Get() == "MLDv2", "the enum attribute reads back by name");
    BOOST_TEST(q->GetOlderVersionHostPresentTimeout() == Seconds(2 * 300 + 100));
    BOOST_TEST(q->GetLastListenerQueryTime() == Seconds(2));
}

// The table print shows the MLDv2 state; MLDv1 lines stay as they were.
BOOST_AUTO_TEST_CASE(print_listener_table)
{
    Lan lan = MakeV2Lan(1, 1, V2Helper());
    Ptr<MldQuerier> querier = lan.Mld(0)->GetQuerier(1);
    ApplyAt(Seconds(1), querier, Rec(R::MODE_IS_EXCLUDE, GROUP, {S3}));
    ApplyAt(Seconds(1), querier, Rec(R::ALLOW_NEW_SOURCES, GROUP, {S1}));
    std::ostringstream text;
    mldcompat::ScheduleCallable(Seconds(2), [&]() {
        querier->PrintListenerTable(Create<OutputStreamWrapper>(&text));
    });
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    BOOST_TEST(text.str().find("EX v2 {2001:db8::1(259.000s) 2001:db8::3(stopped)}") !=
                   std::string::npos,
               text.str());
    auto table = querier->GetListenerTable();
    BOOST_REQUIRE(table.size() == 1u);
    BOOST_TEST(table[0].group == GROUP);
    BOOST_TEST(table[0].routerVersion == MldVersion::MLDV2);
    Simulator::Destroy();
}

// RFC 9777 §5.2.14: an MLDv2 Report goes to ff02::16, and one sent to any address of
// the interface (unicast, or a multicast address it listens to) is accepted as well.
// One sent elsewhere is dropped and counted (BAD_DESTINATION) and changes no state.
BOOST_AUTO_TEST_CASE(report_destinations)
{
    Lan lan = MakeV2Lan(1, 1, V2Helper());
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<MldQuerier> querier = mld->GetQuerier(1);
    const Ipv6Address source("fe80::99");
    auto reportTo = [&](Ipv6Address group, Ipv6Address destination) {
        MldV2ReportHeader report;
        report.AddRecord(Rec(R::MODE_IS_EXCLUDE, group, {}));
        if (Node::ChecksumEnabled())
        {
            report.EnableChecksum(source, destination);
        }
        Ptr<Packet> p = Create<Packet>();
        p->AddHeader(report);
        mld->Receive(WrapMld(p, source, destination), 1);
    };
    const Ipv6Address toV2Routers("ff1e::a1");
    const Ipv6Address toUnicast("ff1e::a2");
    const Ipv6Address toAllNodes("ff1e::a3");
    const Ipv6Address toElsewhere("ff1e::a4");
    mldcompat::ScheduleCallable(Seconds(1), [&]() {
        reportTo(toV2Routers, Ipv6Address("ff02::16"));
        reportTo(toUnicast, lan.LinkLocal(0));
        reportTo(toAllNodes, Ipv6Address::GetAllNodesMulticast());
        reportTo(toElsewhere, Ipv6Address("ff02::1234"));
    });
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    BOOST_TEST(querier->HasListeners(toV2Routers));
    BOOST_TEST(querier->HasListeners(toUnicast));
    BOOST_TEST(querier->HasListeners(toAllNodes));
    BOOST_TEST(!querier->HasListeners(toElsewhere));
    BOOST_TEST(mld->GetDropCount(1, MldDropReason::BAD_DESTINATION) == 1u);
    BOOST_TEST(mld->GetStatistics(1).inV2Reports == 3u);
    Simulator::Destroy();
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END() // mld_router_v2
