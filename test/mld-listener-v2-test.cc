/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The MLDv2 host part (RFC 9777 §4–6, §8.2): the merge of socket filters into
// the interface state (§4.2), State Change Reports and their retransmission
// (§6.1), answers to General, Multicast Address Specific and Multicast
// Address and Source Specific Queries (§6.2, §6.3), the fallback to MLDv1
// (§8.2), the source-specific range (RFC 4604), bad queries, and the memory
// kept by records that only MLDv1 uses.
//
// Each case builds a one-host CSMA LAN (MakeLan) whose listener runs the
// version under test, acts at t >= 3 s (the solicited-node groups have been
// reported by then; link-local addresses left DAD at ~1 s), reads the
// V2ReportTx trace and the Tx trace, and ends with Simulator::Destroy().
// Queries are injected with MldProtocol::Receive() from fe80::99.

#include "mld-test-util.h"

#include <algorithm>
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <functional>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace mldtest;
namespace bdata = boost::unit_test::data;

// A named namespace (not an anonymous one): data test cases are templates, and
// their lambdas must not hold types of internal linkage (-Wsubobject-linkage).
namespace mldv2test
{

/// Groups used by the cases (global scope, reportable).
const Ipv6Address g1("ff15::1");
const Ipv6Address g2("ff15::2");
const Ipv6Address g3("ff15::3");
/// A group nobody joins.
const Ipv6Address gNone("ff15::99");

/// A source: "a" -> 2001:db8::a (names are up to four hex digits).
Ipv6Address
Src(const std::string& name)
{
    BOOST_REQUIRE(!name.empty() && name.size() <= 4 &&
                  name.find_first_not_of("0123456789abcdef") == std::string::npos);
    return Ipv6Address(("2001:db8::" + name).c_str());
}

/// A source set from names.
std::set<Ipv6Address>
Srcs(const std::vector<std::string>& names)
{
    std::set<Ipv6Address> out;
    for (const auto& n : names)
    {
        out.insert(Src(n));
    }
    return out;
}

/// "TO_EX{2001:db8::a,2001:db8::b}": type and sorted sources.
std::string
Str(uint8_t type, const std::set<Ipv6Address>& sources)
{
    std::ostringstream os;
    os << MldAddressRecord::ShortName(type) << "{";
    bool first = true;
    for (const auto& s : sources)
    {
        os << (first ? "" : ",") << s;
        first = false;
    }
    os << "}";
    return os.str();
}

/// A record as a string (its group left out).
std::string
Str(const MldAddressRecord& r)
{
    return Str(r.type, std::set<Ipv6Address>(r.sources.begin(), r.sources.end()));
}

/// An interface state as a string: "EX{...}" or "IN{...}".
std::string
Str(const MldSourceFilter& f)
{
    std::string s = Str(0, f.sources);
    return (f.exclude ? "EX" : "IN") + s.substr(s.find('{'));
}

/// Expected interface state as a string.
std::string
FilterStr(bool exclude, const std::vector<std::string>& sources)
{
    return Str(MldSourceFilter{exclude, Srcs(sources)});
}

/// Expected record as a string.
std::string
RecStr(uint8_t type, const std::vector<std::string>& sources)
{
    return Str(type, Srcs(sources));
}

/// Strings sorted and joined by spaces.
std::string
Joined(std::vector<std::string> items)
{
    std::sort(items.begin(), items.end());
    std::string out;
    for (const auto& i : items)
    {
        out += (out.empty() ? "" : " ") + i;
    }
    return out;
}

/// One MLDv2 report seen by the V2ReportTx trace.
struct SentReport
{
    Time time;                //!< when
    uint32_t interface;       //!< interface
    MldV2ReportHeader report; //!< the report
    Ipv6Address source;       //!< IPv6 source
};

/// The MLDv2 reports a node sends.
struct V2Log
{
    std::vector<SentReport> sent; //!< in order

    /// Connect to node 0 of a LAN.
    void Attach(Ptr<MldProtocol> mld)
    {
        mld->TraceConnectWithoutContext("V2ReportTx", MakeBoundCallback(&V2Log::OnTx, this));
    }

    /// Reports sent at or after a time that carry a record for the group.
    std::vector<SentReport> With(Ipv6Address group, Time from = Time(0)) const
    {
        std::vector<SentReport> out;
        for (const auto& r : sent)
        {
            if (r.time < from)
            {
                continue;
            }
            for (const auto& rec : r.report.GetRecords())
            {
                if (rec.group == group)
                {
                    out.push_back(r);
                    break;
                }
            }
        }
        return out;
    }

    /// Reports sent at or after a time (any group).
    std::vector<SentReport> Since(Time from) const
    {
        std::vector<SentReport> out;
        for (const auto& r : sent)
        {
            if (r.time >= from)
            {
                out.push_back(r);
            }
        }
        return out;
    }

    /// The records of one report for one group, as sorted strings.
    static std::vector<std::string> RecordList(const SentReport& r, Ipv6Address group)
    {
        std::vector<std::string> out;
        for (const auto& rec : r.report.GetRecords())
        {
            if (rec.group == group)
            {
                out.push_back(Str(rec));
            }
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    /// The records of one report for one group, sorted, joined by spaces.
    static std::string Records(const SentReport& r, Ipv6Address group)
    {
        return Joined(RecordList(r, group));
    }

    /// How many times a record (type, sources) of a group was sent at or after a time.
    size_t Count(Ipv6Address group, const std::string& record, Time from = Time(0)) const
    {
        size_t n = 0;
        for (const auto& r : With(group, from))
        {
            for (const auto& s : RecordList(r, group))
            {
                n += s == record ? 1 : 0;
            }
        }
        return n;
    }

    /// How many times a source was carried in a record of a type for a group since a time.
    size_t CountSource(Ipv6Address group, uint8_t type, Ipv6Address source, Time from) const
    {
        size_t n = 0;
        for (const auto& r : With(group, from))
        {
            for (const auto& rec : r.report.GetRecords())
            {
                if (rec.group == group && rec.type == type &&
                    std::count(rec.sources.begin(), rec.sources.end(), source) > 0)
                {
                    ++n;
                }
            }
        }
        return n;
    }

  private:
    static void OnTx(V2Log* log,
                     uint32_t interface,
                     const MldV2ReportHeader& report,
                     Ipv6Address source)
    {
        log->sent.push_back({Simulator::Now(), interface, report, source});
    }
};

/// A one-host LAN whose listener runs a version, with extra listener attributes.
Lan
MakeHost(MldHostVersion version,
         uint32_t robustness = 2,
         Time v2Interval = Seconds(1),
         Time queryInterval = Seconds(125))
{
    MldHelper helper;
    std::ostringstream name;
    name << version; // the attribute's names: MLDv1, MLDv2, MLDv2Fallback
    helper.SetListenerAttribute("Version", StringValue(name.str()));
    helper.SetListenerAttribute("Robustness", UintegerValue(robustness));
    helper.SetListenerAttribute("V2UnsolicitedReportInterval", TimeValue(v2Interval));
    helper.SetListenerAttribute("QueryInterval", TimeValue(queryInterval));
    LanOptions options;
    options.hosts = 1;
    return MakeLan(options, helper);
}

/// Fields of an injected MLDv2 query.
struct V2Query
{
    /**
     * \param g the Multicast Address field (:: for a general query)
     * \param mrd Maximum Response Delay in ms
     * \param s the source list
     */
    explicit V2Query(Ipv6Address g = Ipv6Address::GetAny(),
                     uint32_t mrd = 1000,
                     std::vector<Ipv6Address> s = {})
        : group(g),
          mrdMs(mrd),
          sources(std::move(s))
    {
    }

    Ipv6Address group;                      //!< :: for a general query
    uint32_t mrdMs;                         //!< Maximum Response Delay
    std::vector<Ipv6Address> sources;       //!< source list
    uint8_t qrv{2};                         //!< QRV
    uint8_t qqic{125};                      //!< QQIC
    Ipv6Address source{"fe80::99"};         //!< IPv6 source
    std::optional<Ipv6Address> destination; //!< default: ff02::1 if general, else the group
};

/// The IPv6 packet (IPv6 header, Hop-by-Hop Router Alert, MLDv2 query) of a V2Query.
Ptr<Packet>
BuildV2Query(const V2Query& q)
{
    Ipv6Address dst = q.destination
                          ? *q.destination
                          : (q.group.IsAny() ? Ipv6Address::GetAllNodesMulticast() : q.group);
    MldV2QueryHeader header;
    header.SetMulticastAddress(q.group);
    header.SetMaxResponseDelayMs(q.mrdMs);
    header.SetQrv(q.qrv);
    header.SetQqic(q.qqic);
    header.SetSources(q.sources);
    if (Node::ChecksumEnabled())
    {
        header.EnableChecksum(q.source, dst);
    }
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(header);
    return WrapMld(p, q.source, dst);
}

/// Hand an MLDv2 query to node 0's MLD on interface 1.
void
InjectV2(const Lan& lan, const V2Query& q)
{
    lan.Mld(0)->Receive(BuildV2Query(q), 1);
}

/// A forged MLDv1 query (24 octets) from fe80::99.
Forge
V1Query(Ipv6Address group, uint16_t maxDelayMs)
{
    Forge f;
    f.type = MldHeader::LISTENER_QUERY;
    f.group = group;
    f.destination = group.IsAny() ? Ipv6Address::GetAllNodesMulticast() : group;
    f.maxDelay = maxDelayMs;
    return f;
}

/// The record of a group on interface 1 of node 0, if any.
std::optional<MldRecordInfo>
FindRecord(Ptr<MldProtocol> mld, Ipv6Address group)
{
    for (const auto& r : mld->GetRecords())
    {
        if (r.interface == 1 && r.group == group)
        {
            return r;
        }
    }
    return std::nullopt;
}

/// Interface state of a group as a string ("none" without record).
std::string
StateOf(Ptr<MldProtocol> mld, Ipv6Address group)
{
    auto r = FindRecord(mld, group);
    return r ? Str(r->filter) : "none";
}

/// Schedule at an absolute time (the simulation has not started yet: now is 0).
void
At(Time t, std::function<void()> f)
{
    mldcompat::ScheduleCallable(t - Simulator::Now(), std::move(f));
}

/// Check the gaps between consecutive reports: each in [0, interval].
void
CheckSpacing(const std::vector<SentReport>& reports, Time interval)
{
    for (size_t k = 1; k < reports.size(); ++k)
    {
        Time gap = reports[k].time - reports[k - 1].time;
        BOOST_TEST(gap >= Time(0));
        BOOST_TEST(gap <= interval,
                   "repeat " << k << " came " << gap.As(Time::MS) << " after the previous one");
    }
}

// ---------------------------------------------------------------- §4.2 merge table

/// One socket operation: ASM join/leave, or a socket's filter (INCLUDE {} removes it).
struct Op
{
    enum Kind
    {
        JOIN,
        LEAVE,
        FILTER
    } kind; //!< what

    uint64_t socket{0};               //!< FILTER: socket id
    bool exclude{false};              //!< FILTER: mode
    std::vector<std::string> sources; //!< FILTER: sources
};

/// A row of the §4.2 merge table.
struct MergeRow
{
    std::string name;                  //!< rule
    std::vector<Op> ops;               //!< socket operations, in order
    bool exclude;                      //!< expected interface mode
    std::vector<std::string> expected; //!< expected interface source list
    uint32_t references;               //!< expected references (joins + socket filters)
};

std::ostream&
operator<<(std::ostream& os, const MergeRow& row)
{
    return os << row.name;
}

Op
Join()
{
    return {Op::JOIN, 0, false, {}};
}

Op
Leave()
{
    return {Op::LEAVE, 0, false, {}};
}

Op
Include(uint64_t socket, std::vector<std::string> sources)
{
    return {Op::FILTER, socket, false, std::move(sources)};
}

Op
Exclude(uint64_t socket, std::vector<std::string> sources)
{
    return {Op::FILTER, socket, true, std::move(sources)};
}

const std::vector<MergeRow> g_mergeRows = {
    // Only INCLUDE sockets: INCLUDE, union of the lists.
    {"one INCLUDE socket", {Include(1, {"a", "b"})}, false, {"a", "b"}, 1},
    {"INCLUDE union", {Include(1, {"a", "b"}), Include(2, {"b", "c"})}, false, {"a", "b", "c"}, 2},
    // Any EXCLUDE socket: EXCLUDE, intersection of the EXCLUDE lists...
    {"one EXCLUDE socket", {Exclude(1, {"a", "b"})}, true, {"a", "b"}, 1},
    {"EXCLUDE intersection",
     {Exclude(1, {"a", "b", "c"}), Exclude(2, {"b", "c", "d"})},
     true,
     {"b", "c"},
     2},
    {"EXCLUDE disjoint lists", {Exclude(1, {"a"}), Exclude(2, {"b"})}, true, {}, 2},
    // ... minus the union of the INCLUDE lists.
    {"EXCLUDE minus INCLUDE",
     {Exclude(1, {"a", "b", "c"}), Include(2, {"b"})},
     true,
     {"a", "c"},
     2},
    {"EXCLUDE intersection minus INCLUDE union",
     {Exclude(1, {"a", "b", "c"}),
      Exclude(2, {"a", "b", "d"}),
      Include(3, {"b"}),
      Include(4, {"e"})},
     true,
     {"a"},
     4},
    // An any-source join is EXCLUDE {}: it empties every EXCLUDE list.
    {"ASM join", {Join()}, true, {}, 1},
    {"ASM join and EXCLUDE", {Join(), Exclude(1, {"a", "b"})}, true, {}, 2},
    {"ASM join and INCLUDE", {Include(1, {"a"}), Join()}, true, {}, 2},
    // Removing sockets goes back to what the others say.
    {"EXCLUDE socket removed",
     {Exclude(1, {"a"}), Include(2, {"a", "b"}), Include(1, {})},
     false,
     {"a", "b"},
     1},
    {"ASM leave, EXCLUDE remains", {Join(), Exclude(1, {"a", "b"}), Leave()}, true, {"a", "b"}, 1},
    {"ASM leave, INCLUDE remains", {Join(), Include(1, {"c"}), Leave()}, false, {"c"}, 1},
    {"filter replaced", {Exclude(1, {"a"}), Include(1, {"b"})}, false, {"b"}, 1},
};

} // namespace mldv2test

using namespace mldv2test;

BOOST_AUTO_TEST_SUITE(mld_listener_v2)

BOOST_FIXTURE_TEST_SUITE(listener_v2, SeededSimulationFixture)

// RFC 9777 §4.2: the interface state is EXCLUDE if any socket excludes, with the
// intersection of the EXCLUDE lists minus the union of the INCLUDE lists; else
// INCLUDE with the union of the INCLUDE lists. An any-source join counts as EXCLUDE {}.
BOOST_DATA_TEST_CASE(merge_rule, bdata::make(g_mergeRows), row)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2);
    Ptr<MldProtocol> mld = lan.Mld(0);
    At(Seconds(3), [&]() {
        for (const auto& op : row.ops)
        {
            switch (op.kind)
            {
            case Op::JOIN:
                BOOST_TEST_REQUIRE(mld->Join(1, g1));
                break;
            case Op::LEAVE:
                BOOST_TEST_REQUIRE(mld->Leave(1, g1));
                break;
            case Op::FILTER:
                BOOST_TEST_REQUIRE(
                    mld->SetSourceFilter(1, g1, op.socket, op.exclude, Srcs(op.sources)));
                break;
            }
        }
        auto rec = FindRecord(mld, g1);
        BOOST_TEST_REQUIRE(rec.has_value());
        BOOST_TEST(Str(rec->filter) == FilterStr(row.exclude, row.expected));
        BOOST_TEST(rec->refCount == row.references);
    });
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    Simulator::Destroy();
}

// ---------------------------------------------------------------- §6.1 table

/// A row of the §6.1 state-change table: one socket's filter goes from `before` to `after`.
struct ChangeRow
{
    std::string name;                  //!< row of the table
    bool beforeExclude;                //!< old mode
    std::vector<std::string> before;   //!< old sources
    bool afterExclude;                 //!< new mode
    std::vector<std::string> after;    //!< new sources
    std::vector<std::string> expected; //!< records sent for the change, sorted strings
};

std::ostream&
operator<<(std::ostream& os, const ChangeRow& row)
{
    return os << row.name;
}

const std::vector<ChangeRow> g_changeRows = {
    {"INCLUDE(A) to INCLUDE(B): ALLOW(B-A), BLOCK(A-B)",
     false,
     {"a", "b"},
     false,
     {"b", "c"},
     {RecStr(MldAddressRecord::ALLOW_NEW_SOURCES, {"c"}),
      RecStr(MldAddressRecord::BLOCK_OLD_SOURCES, {"a"})}},
    {"INCLUDE(A) to INCLUDE(B), B-A empty: BLOCK only",
     false,
     {"a", "b"},
     false,
     {"b"},
     {RecStr(MldAddressRecord::BLOCK_OLD_SOURCES, {"a"})}},
    {"INCLUDE(A) to INCLUDE(B), A-B empty: ALLOW only",
     false,
     {"a"},
     false,
     {"a", "b", "c"},
     {RecStr(MldAddressRecord::ALLOW_NEW_SOURCES, {"b", "c"})}},
    {"EXCLUDE(A) to EXCLUDE(B): ALLOW(A-B), BLOCK(B-A)",
     true,
     {"a", "b"},
     true,
     {"b", "c"},
     {RecStr(MldAddressRecord::ALLOW_NEW_SOURCES, {"a"}),
      RecStr(MldAddressRecord::BLOCK_OLD_SOURCES, {"c"})}},
    {"EXCLUDE(A) to EXCLUDE(B), B-A empty: ALLOW only",
     true,
     {"a", "b"},
     true,
     {"b"},
     {RecStr(MldAddressRecord::ALLOW_NEW_SOURCES, {"a"})}},
    {"INCLUDE(A) to EXCLUDE(B): TO_EX(B)",
     false,
     {"a"},
     true,
     {"b", "c"},
     {RecStr(MldAddressRecord::CHANGE_TO_EXCLUDE_MODE, {"b", "c"})}},
    {"EXCLUDE(A) to INCLUDE(B): TO_IN(B)",
     true,
     {"a"},
     false,
     {"b", "c"},
     {RecStr(MldAddressRecord::CHANGE_TO_INCLUDE_MODE, {"b", "c"})}},
    {"EXCLUDE(A) to INCLUDE(A): TO_IN(A)",
     true,
     {"a"},
     false,
     {"a"},
     {RecStr(MldAddressRecord::CHANGE_TO_INCLUDE_MODE, {"a"})}},
};

// RFC 9777 §6.1: a change of the interface state is reported at once with the
// records of the table (ALLOW/BLOCK for a source-list change, TO_IN/TO_EX with the
// new list for a filter-mode change), each sent [Robustness] times in all.
BOOST_DATA_TEST_CASE(state_change_row, bdata::make(g_changeRows), row)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2);
    Ptr<MldProtocol> mld = lan.Mld(0);
    V2Log v2;
    v2.Attach(mld);
    const Time change = Seconds(6);
    At(Seconds(3), [&]() {
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g1, 7, row.beforeExclude, Srcs(row.before)));
    });
    At(change, [&]() {
        BOOST_TEST_REQUIRE(v2.With(g1, Seconds(3)).size() == 2u,
                           "the report of the first state must be over (2 transmissions)");
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g1, 7, row.afterExclude, Srcs(row.after)));
        BOOST_TEST(StateOf(mld, g1) == FilterStr(row.afterExclude, row.after));
        auto now = v2.With(g1, change);
        BOOST_TEST_REQUIRE(now.size() == 1u, "the change must be reported at once");
        BOOST_TEST(V2Log::Records(now[0], g1) == Joined(row.expected));
    });
    Simulator::Stop(Seconds(12));
    Simulator::Run();

    auto reports = v2.With(g1, change);
    BOOST_TEST_REQUIRE(reports.size() == 2u, "Robustness 2: two transmissions of the change");
    for (const auto& r : reports)
    {
        BOOST_TEST(V2Log::Records(r, g1) == Joined(row.expected));
    }
    CheckSpacing(reports, Seconds(1));
    Simulator::Destroy();
}

// ---------------------------------------------------------------- §6.1 retransmissions

/// Robustness and V2UnsolicitedReportInterval of a retransmission case.
struct RepeatRow
{
    uint32_t robustness; //!< Robustness attribute
    Time interval;       //!< V2UnsolicitedReportInterval
};

std::ostream&
operator<<(std::ostream& os, const RepeatRow& row)
{
    return os << "Robustness " << row.robustness << ", interval " << row.interval.As(Time::MS);
}

const std::vector<RepeatRow> g_repeatRows = {
    {2, Seconds(1)},
    {3, Seconds(1)},
    {4, MilliSeconds(300)},
};

// RFC 9777 §6.1: a State Change Report is sent at once and retransmitted
// [Robustness Variable] - 1 times, each after rand(0, [Unsolicited Report Interval]).
// Leaving (last reference) is reported as TO_IN {} the same number of times,
// although the record is gone at once.
BOOST_DATA_TEST_CASE(state_change_retransmissions, bdata::make(g_repeatRows), row)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2, row.robustness, row.interval);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<MldListener> mif = mld->GetListener(1);
    V2Log v2;
    v2.Attach(mld);
    const Time join = Seconds(3);
    const Time leave = Seconds(10);
    At(join, [&]() {
        BOOST_TEST_REQUIRE(mld->Join(1, g1));
        BOOST_TEST(v2.With(g1).size() == 1u, "the first report must be sent by the join itself");
    });
    At(leave, [&]() {
        BOOST_TEST_REQUIRE(mld->Leave(1, g1));
        BOOST_TEST(!mld->HasRecord(1, g1), "the last leave removes the record at once");
        BOOST_TEST(v2.With(g1, leave).size() == 1u, "the leave must be reported at once");
        BOOST_TEST((mif->FindLeaving(g1) != nullptr) == (row.robustness > 1));
    });
    Simulator::Stop(Seconds(20));
    Simulator::Run();

    auto joined = v2.With(g1, join);
    joined.erase(std::remove_if(joined.begin(),
                                joined.end(),
                                [&](const SentReport& r) { return r.time >= leave; }),
                 joined.end());
    BOOST_TEST_REQUIRE(joined.size() == row.robustness);
    BOOST_TEST(joined[0].time == join);
    for (const auto& r : joined)
    {
        BOOST_TEST(V2Log::Records(r, g1) ==
                   Joined({RecStr(MldAddressRecord::CHANGE_TO_EXCLUDE_MODE, {})}));
    }
    CheckSpacing(joined, row.interval);

    auto left = v2.With(g1, leave);
    BOOST_TEST_REQUIRE(left.size() == row.robustness);
    BOOST_TEST(left[0].time == leave);
    for (const auto& r : left)
    {
        BOOST_TEST(V2Log::Records(r, g1) ==
                   Joined({RecStr(MldAddressRecord::CHANGE_TO_INCLUDE_MODE, {})}));
    }
    CheckSpacing(left, row.interval);
    BOOST_TEST(mif->GetNLeaving() == 0u, "the leave state must be forgotten after its repeats");
    Simulator::Destroy();
}

// RFC 9777 §6.1: a change while the repeats of an earlier one are pending is sent at
// once, merged with what is pending: each source keeps its own retransmission
// counter (ALLOW(s1) pending, then ALLOW(s2): the next reports carry both until s1
// has been sent [Robustness] times). A source that moves from ALLOW to BLOCK is no
// longer allowed.
BOOST_DATA_TEST_CASE(pending_source_changes_merged,
                     bdata::make(std::vector<uint32_t>{2, 3}),
                     robustness)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2, robustness);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<MldListener> mif = mld->GetListener(1);
    V2Log v2;
    v2.Attach(mld);
    const Ipv6Address s1 = Src("1");
    const Ipv6Address s2 = Src("2");
    const Ipv6Address s3 = Src("3");
    const Time first = Seconds(3);
    Time second;
    At(first, [&]() {
        BOOST_TEST_REQUIRE(mld->JoinSource(1, g1, s1, 5));
        const MldMembershipRecord* rec = mif->FindRecord(g1);
        BOOST_TEST_REQUIRE((rec && rec->v2 && !rec->v2->retransmit.IsExpired()));
        // The second change comes before the first repeat.
        Time delay = Simulator::GetDelayLeft(rec->v2->retransmit) / 2;
        second = first + delay;
        mldcompat::ScheduleCallable(delay, [&]() {
            BOOST_TEST_REQUIRE(v2.With(g1, first).size() == 1u, "no repeat yet");
            BOOST_TEST_REQUIRE(mld->JoinSource(1, g1, s2, 5));
            auto now = v2.With(g1, Simulator::Now());
            BOOST_TEST_REQUIRE(now.size() == 1u, "the second change must be sent at once");
            BOOST_TEST(V2Log::Records(now[0], g1) ==
                       Joined({RecStr(MldAddressRecord::ALLOW_NEW_SOURCES, {"1", "2"})}));
        });
    });
    Simulator::Stop(Seconds(9));
    Simulator::Run();

    BOOST_TEST(StateOf(mld, g1) == FilterStr(false, {"1", "2"}));
    BOOST_TEST(v2.CountSource(g1, MldAddressRecord::ALLOW_NEW_SOURCES, s1, first) == robustness);
    BOOST_TEST(v2.CountSource(g1, MldAddressRecord::ALLOW_NEW_SOURCES, s2, first) == robustness);
    auto reports = v2.With(g1, first);
    // s1: once alone, then with s2 until its counter runs out; s2: the rest alone.
    BOOST_TEST(reports.size() == robustness + 1);
    for (const auto& r : reports)
    {
        for (const auto& rec : V2Log::RecordList(r, g1))
        {
            BOOST_TEST(rec.rfind("ALLOW", 0) == 0u, "unexpected record " << rec);
        }
    }
    CheckSpacing(reports, Seconds(1));

    // A source allowed and then blocked before its repeats end.
    const Time third = Seconds(12);
    Simulator::Stop(Seconds(20));
    At(third, [&]() {
        BOOST_TEST_REQUIRE(mld->JoinSource(1, g1, s3, 5));
        BOOST_TEST_REQUIRE(mld->LeaveSource(1, g1, s3, 5));
        BOOST_TEST(StateOf(mld, g1) == FilterStr(false, {"1", "2"}));
    });
    Simulator::Run();
    BOOST_TEST(v2.CountSource(g1, MldAddressRecord::ALLOW_NEW_SOURCES, s3, third) == 1u,
               "ALLOW(s3) must stop once s3 is blocked");
    BOOST_TEST(v2.CountSource(g1, MldAddressRecord::BLOCK_OLD_SOURCES, s3, third) == robustness);
    Simulator::Destroy();
}

// RFC 9777 §6.1: a filter-mode change supersedes the pending source-list changes:
// the TO_EX record carries the whole new state and is sent [Robustness] times; the
// pending ALLOW is not sent any more.
BOOST_AUTO_TEST_CASE(mode_change_supersedes_pending_sources)
{
    const uint32_t robustness = 3;
    Lan lan = MakeHost(MldHostVersion::MLDV2, robustness);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<MldListener> mif = mld->GetListener(1);
    V2Log v2;
    v2.Attach(mld);
    const Time first = Seconds(3);
    Time second;
    At(first, [&]() {
        BOOST_TEST_REQUIRE(mld->JoinSource(1, g1, Src("a"), 5));
        const MldMembershipRecord* rec = mif->FindRecord(g1);
        BOOST_TEST_REQUIRE((rec && rec->v2 && !rec->v2->retransmit.IsExpired()));
        Time delay = Simulator::GetDelayLeft(rec->v2->retransmit) / 2;
        second = first + delay;
        mldcompat::ScheduleCallable(delay, [&]() {
            BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g1, 6, true, Srcs({"a", "b"})));
            BOOST_TEST(StateOf(mld, g1) == FilterStr(true, {"b"}));
            auto now = v2.With(g1, Simulator::Now());
            BOOST_TEST_REQUIRE(now.size() == 1u, "the mode change must be sent at once");
            BOOST_TEST(V2Log::Records(now[0], g1) ==
                       Joined({RecStr(MldAddressRecord::CHANGE_TO_EXCLUDE_MODE, {"b"})}));
        });
    });
    Simulator::Stop(Seconds(10));
    Simulator::Run();

    auto reports = v2.With(g1, first);
    BOOST_TEST_REQUIRE(reports.size() == robustness + 1);
    BOOST_TEST(V2Log::Records(reports[0], g1) ==
               Joined({RecStr(MldAddressRecord::ALLOW_NEW_SOURCES, {"a"})}));
    for (size_t k = 1; k < reports.size(); ++k)
    {
        BOOST_TEST(V2Log::Records(reports[k], g1) ==
                   Joined({RecStr(MldAddressRecord::CHANGE_TO_EXCLUDE_MODE, {"b"})}));
    }
    CheckSpacing(reports, Seconds(1));
    Simulator::Destroy();
}

// RFC 9777 §6.1 (wording of RFC 3810 §6.1): "If the interface reception state
// change that triggers the new report is a filter mode change, then the next
// [Robustness Variable] State Change Reports will include a Filter Mode Change
// Record. This applies even if any number of source list changes occur in that
// period." A source is kept in the retransmission state until [Robustness
// Variable] State Change Reports have been sent. With Robustness 2: TO_EX(b) at
// the mode change, TO_EX(b, c) at the source change, then BLOCK(c) once: c is in
// two reports, the TO_EX in two.
BOOST_DATA_TEST_CASE(source_change_during_pending_mode_change,
                     bdata::make(std::vector<uint32_t>{2, 3}),
                     robustness)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2, robustness);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<MldListener> mif = mld->GetListener(1);
    V2Log v2;
    v2.Attach(mld);
    const Time modeChange = Seconds(6);
    At(Seconds(3),
       [&]() { BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g1, 1, false, Srcs({"a"}))); });
    At(modeChange, [&]() {
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g1, 1, true, Srcs({"b"})));
        const MldMembershipRecord* rec = mif->FindRecord(g1);
        BOOST_TEST_REQUIRE((rec && rec->v2 && !rec->v2->retransmit.IsExpired()));
        Time delay = Simulator::GetDelayLeft(rec->v2->retransmit) / 2;
        mldcompat::ScheduleCallable(delay, [&]() {
            BOOST_TEST_REQUIRE(v2.With(g1, modeChange).size() == 1u, "no repeat yet");
            BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g1, 1, true, Srcs({"b", "c"})));
            auto now = v2.With(g1, Simulator::Now());
            BOOST_TEST_REQUIRE(now.size() == 1u, "the source change must be sent at once");
            BOOST_TEST(V2Log::Records(now[0], g1) ==
                           RecStr(MldAddressRecord::CHANGE_TO_EXCLUDE_MODE, {"b", "c"}),
                       "while the mode change is pending, the report is a TO_EX of the new state");
        });
    });
    Simulator::Stop(Seconds(15));
    Simulator::Run();

    auto reports = v2.With(g1, modeChange);
    std::string sequence;
    for (const auto& r : reports)
    {
        sequence += "[" + V2Log::Records(r, g1) + "]";
    }
    BOOST_TEST_MESSAGE("reports: " << sequence);
    size_t toEx =
        v2.Count(g1, RecStr(MldAddressRecord::CHANGE_TO_EXCLUDE_MODE, {"b"}), modeChange) +
        v2.Count(g1, RecStr(MldAddressRecord::CHANGE_TO_EXCLUDE_MODE, {"b", "c"}), modeChange);
    BOOST_TEST(
        toEx == robustness,
        "the Filter Mode Change Record goes in the next [Robustness] reports only: " << sequence);
    size_t withC =
        v2.CountSource(g1, MldAddressRecord::CHANGE_TO_EXCLUDE_MODE, Src("c"), modeChange) +
        v2.CountSource(g1, MldAddressRecord::BLOCK_OLD_SOURCES, Src("c"), modeChange);
    BOOST_TEST(withC == robustness,
               "c stays in the retransmission state for [Robustness] reports: " << sequence);
    BOOST_TEST_REQUIRE(!reports.empty());
    BOOST_TEST(V2Log::Records(reports.back(), g1) ==
               RecStr(MldAddressRecord::BLOCK_OLD_SOURCES, {"c"}));
    BOOST_TEST(StateOf(mld, g1) == FilterStr(true, {"b", "c"}));
    Simulator::Destroy();
}

/// A leave case: how the group was joined and what the leave must report.
struct LeaveRow
{
    std::string name;                 //!< case
    bool asm_;                        //!< ASM join (else an INCLUDE socket filter)
    std::vector<std::string> sources; //!< INCLUDE sources
    std::string expected;             //!< the record that reports the leave
};

std::ostream&
operator<<(std::ostream& os, const LeaveRow& row)
{
    return os << row.name;
}

const std::vector<LeaveRow> g_leaveRows = {
    {"EXCLUDE {} to nothing: TO_IN {}",
     true,
     {},
     RecStr(MldAddressRecord::CHANGE_TO_INCLUDE_MODE, {})},
    {"INCLUDE(A) to nothing: BLOCK(A)",
     false,
     {"a", "b"},
     RecStr(MldAddressRecord::BLOCK_OLD_SOURCES, {"a", "b"})},
};

// RFC 9777 §6.1: the last leave is a change to INCLUDE {} (TO_IN {} from EXCLUDE,
// BLOCK(A) from INCLUDE(A)), sent [Robustness] times although the record is gone;
// a re-join during those repeats takes over what is pending.
BOOST_DATA_TEST_CASE(leave_repeats_and_rejoin, bdata::make(g_leaveRows), row)
{
    const uint32_t robustness = 3;
    Lan lan = MakeHost(MldHostVersion::MLDV2, robustness);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<MldListener> mif = mld->GetListener(1);
    V2Log v2;
    v2.Attach(mld);
    auto join = [&]() {
        return row.asm_ ? mld->Join(1, g1)
                        : mld->SetSourceFilter(1, g1, 9, false, Srcs(row.sources));
    };
    auto leave = [&]() {
        return row.asm_ ? mld->Leave(1, g1) : mld->SetSourceFilter(1, g1, 9, false, {});
    };

    // Part 1: leave, all repeats.
    const Time leave1 = Seconds(6);
    At(Seconds(3), [&]() { BOOST_TEST_REQUIRE(join()); });
    At(leave1, [&]() {
        BOOST_TEST_REQUIRE(leave());
        BOOST_TEST(!mld->HasRecord(1, g1));
        BOOST_TEST(mif->FindLeaving(g1) != nullptr);
    });
    // Part 2: leave, then re-join before the first repeat.
    const Time leave2 = Seconds(12);
    Time rejoin;
    At(Seconds(9), [&]() { BOOST_TEST_REQUIRE(join()); });
    At(leave2, [&]() {
        BOOST_TEST_REQUIRE(leave());
        const MldV2RecordState* it = mif->FindLeaving(g1);
        BOOST_TEST_REQUIRE((it && !it->retransmit.IsExpired()));
        Time delay = Simulator::GetDelayLeft(it->retransmit) / 2;
        rejoin = leave2 + delay;
        mldcompat::ScheduleCallable(delay, [&]() {
            BOOST_TEST_REQUIRE(mif->FindLeaving(g1) != nullptr, "the leave must still be repeated");
            BOOST_TEST_REQUIRE(join());
            BOOST_TEST(mif->FindLeaving(g1) == nullptr,
                       "the re-join takes over the leave's repeats");
        });
    });
    Simulator::Stop(Seconds(20));
    Simulator::Run();

    auto left = v2.With(g1, leave1);
    left.erase(std::remove_if(left.begin(),
                              left.end(),
                              [&](const SentReport& r) { return r.time >= Seconds(9); }),
               left.end());
    BOOST_TEST_REQUIRE(left.size() == robustness);
    BOOST_TEST(left[0].time == leave1);
    for (const auto& r : left)
    {
        BOOST_TEST(V2Log::Records(r, g1) == Joined({row.expected}));
    }
    CheckSpacing(left, Seconds(1));

    // After the re-join: nothing more of the leave but what the merge keeps.
    auto after = v2.With(g1, leave2);
    BOOST_TEST_REQUIRE(after.size() >= 2u);
    BOOST_TEST(V2Log::Records(after[0], g1) == Joined({row.expected}));
    BOOST_TEST(after[1].time == rejoin, "the re-join is reported at once");
    if (row.asm_)
    {
        // TO_EX {} supersedes the pending TO_IN {}: Robustness TO_EX {}, no more TO_IN.
        BOOST_TEST(after.size() == 1 + robustness);
        for (size_t k = 1; k < after.size(); ++k)
        {
            BOOST_TEST(V2Log::Records(after[k], g1) ==
                       Joined({RecStr(MldAddressRecord::CHANGE_TO_EXCLUDE_MODE, {})}));
        }
    }
    else
    {
        // INCLUDE {} -> INCLUDE(A): ALLOW(A) replaces the pending BLOCK(A).
        for (const auto& s : row.sources)
        {
            BOOST_TEST(v2.CountSource(g1, MldAddressRecord::BLOCK_OLD_SOURCES, Src(s), leave2) ==
                       1u);
            BOOST_TEST(v2.CountSource(g1, MldAddressRecord::ALLOW_NEW_SOURCES, Src(s), leave2) ==
                       robustness);
        }
    }
    BOOST_TEST(StateOf(mld, g1) ==
               (row.asm_ ? FilterStr(true, {}) : FilterStr(false, row.sources)));
    Simulator::Destroy();
}

// RFC 9777 §6.1: the leave of one source of several is a BLOCK of that source,
// while a re-join of part of a left INCLUDE list keeps the BLOCK of the rest
// pending with its own counter.
BOOST_AUTO_TEST_CASE(rejoin_keeps_other_pending_blocks)
{
    const uint32_t robustness = 2;
    Lan lan = MakeHost(MldHostVersion::MLDV2, robustness);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<MldListener> mif = mld->GetListener(1);
    V2Log v2;
    v2.Attach(mld);
    const Time leave = Seconds(6);
    At(Seconds(3), [&]() {
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g1, 9, false, Srcs({"a", "b"})));
    });
    At(leave, [&]() {
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g1, 9, false, {}));
        const MldV2RecordState* it = mif->FindLeaving(g1);
        BOOST_TEST_REQUIRE((it && !it->retransmit.IsExpired()));
        Time delay = Simulator::GetDelayLeft(it->retransmit) / 2;
        mldcompat::ScheduleCallable(delay, [&]() {
            BOOST_TEST_REQUIRE(mld->JoinSource(1, g1, Src("a"), 9));
            auto now = v2.With(g1, Simulator::Now());
            BOOST_TEST_REQUIRE(now.size() == 1u);
            // a: ALLOW (new counter); b: BLOCK, its last transmission.
            BOOST_TEST(V2Log::Records(now[0], g1) ==
                       (Joined({RecStr(MldAddressRecord::ALLOW_NEW_SOURCES, {"a"}),
                                RecStr(MldAddressRecord::BLOCK_OLD_SOURCES, {"b"})})));
        });
    });
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    BOOST_TEST(v2.CountSource(g1, MldAddressRecord::BLOCK_OLD_SOURCES, Src("b"), leave) ==
               robustness);
    BOOST_TEST(v2.CountSource(g1, MldAddressRecord::BLOCK_OLD_SOURCES, Src("a"), leave) == 1u);
    BOOST_TEST(v2.CountSource(g1, MldAddressRecord::ALLOW_NEW_SOURCES, Src("a"), leave) ==
               robustness);
    BOOST_TEST(v2.With(g1, leave).size() == 3u);
    Simulator::Destroy();
}

// ---------------------------------------------------------------- §6.2/§6.3 queries

// RFC 9777 §6.2 rules 1–2 and §6.3 rule 1: a General Query is answered by one
// report with a Current State Record (IS_IN/IS_EX) for every group with reception
// state, sent within the Maximum Response Delay; a second General Query does not
// add a second report.
BOOST_AUTO_TEST_CASE(general_query_one_report)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<MldListener> mif = mld->GetListener(1);
    V2Log v2;
    v2.Attach(mld);
    const Time query = Seconds(6);
    const uint32_t mrd = 2000;
    At(Seconds(3), [&]() {
        BOOST_TEST_REQUIRE(mld->Join(1, g1));
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g2, 1, false, Srcs({"a", "b"})));
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g3, 1, true, Srcs({"c"})));
    });
    At(query, [&]() {
        BOOST_TEST_REQUIRE(v2.Since(query).empty());
        InjectV2(lan, V2Query(Ipv6Address::GetAny(), mrd));
        BOOST_TEST(!mif->GetGeneralResponse().IsExpired());
        BOOST_TEST(v2.Since(query).empty(), "the answer must wait a random delay");
    });
    At(query + MilliSeconds(300), [&]() { InjectV2(lan, V2Query(Ipv6Address::GetAny(), mrd)); });
    Simulator::Stop(Seconds(15));
    Simulator::Run();

    BOOST_TEST(mld->GetStatistics(1).inQueries == 2u);
    auto reports = v2.Since(query);
    BOOST_TEST_REQUIRE(reports.size() == 1u, "one report for two General Queries");
    const SentReport& r = reports[0];
    BOOST_TEST(r.time > query);
    BOOST_TEST(r.time <= query + MilliSeconds(mrd));
    BOOST_TEST(V2Log::Records(r, g1) == Joined({RecStr(MldAddressRecord::MODE_IS_EXCLUDE, {})}));
    BOOST_TEST(V2Log::Records(r, g2) ==
               Joined({RecStr(MldAddressRecord::MODE_IS_INCLUDE, {"a", "b"})}));
    BOOST_TEST(V2Log::Records(r, g3) == Joined({RecStr(MldAddressRecord::MODE_IS_EXCLUDE, {"c"})}));
    // Every reportable group (the solicited-node ones too), nothing else, current state only.
    std::set<Ipv6Address> expected;
    for (const auto& rec : mld->GetRecords(1))
    {
        if (MldListener::IsReportable(rec.group))
        {
            expected.insert(rec.group);
        }
    }
    std::set<Ipv6Address> reported;
    for (const auto& rec : r.report.GetRecords())
    {
        BOOST_TEST((rec.type == MldAddressRecord::MODE_IS_INCLUDE ||
                    rec.type == MldAddressRecord::MODE_IS_EXCLUDE),
                   "not a current-state record: " << Str(rec));
        BOOST_TEST(reported.insert(rec.group).second, "group reported twice: " << rec.group);
    }
    BOOST_TEST(expected.size() >= 4u); // g1, g2, g3 and at least one solicited-node group
    BOOST_TEST((reported == expected));
    BOOST_TEST(reported.count(Ipv6Address::GetAllNodesMulticast()) == 0u);
    Simulator::Destroy();
}

// RFC 9777 §6.2 rules 1–2: a General Query whose delay comes before the pending
// General Query response replaces it ("Any previously pending response to a
// General Query is canceled"): one report, at the earlier time.
BOOST_AUTO_TEST_CASE(sooner_general_query_replaces_pending_response)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<MldListener> mif = mld->GetListener(1);
    V2Log v2;
    v2.Attach(mld);
    const Time query = Seconds(6);
    At(Seconds(3), [&]() { BOOST_TEST_REQUIRE(mld->Join(1, g1)); });
    At(query, [&]() {
        InjectV2(lan, V2Query(Ipv6Address::GetAny(), 10000));
        BOOST_TEST_REQUIRE(!mif->GetGeneralResponse().IsExpired());
        BOOST_TEST_REQUIRE(Simulator::GetDelayLeft(mif->GetGeneralResponse()) > MilliSeconds(20),
                           "the scenario needs a first delay longer than the second query's");
        InjectV2(lan, V2Query(Ipv6Address::GetAny(), 10));
        BOOST_TEST(Simulator::GetDelayLeft(mif->GetGeneralResponse()) <= MilliSeconds(10));
    });
    Simulator::Stop(Seconds(20));
    Simulator::Run();

    auto reports = v2.Since(query);
    BOOST_TEST_REQUIRE(reports.size() == 1u, "the first response must have been cancelled");
    BOOST_TEST(reports[0].time <= query + MilliSeconds(10));
    BOOST_TEST(V2Log::Records(reports[0], g1) == RecStr(MldAddressRecord::MODE_IS_EXCLUDE, {}));
    Simulator::Destroy();
}

// RFC 9777 §6.2 rule 3 and §6.3 rule 2: a Multicast Address Specific Query is
// answered with the Current State Record of that group only, within the delay.
BOOST_AUTO_TEST_CASE(group_specific_query)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2);
    Ptr<MldProtocol> mld = lan.Mld(0);
    V2Log v2;
    v2.Attach(mld);
    At(Seconds(3), [&]() {
        BOOST_TEST_REQUIRE(mld->Join(1, g1));
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g2, 1, false, Srcs({"a"})));
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g3, 1, true, Srcs({"c", "d"})));
    });
    for (const auto& tg : std::vector<std::pair<Time, Ipv6Address>>{{Seconds(6), g3},
                                                                    {Seconds(9), g2},
                                                                    {Seconds(12), g1}})
    {
        Ipv6Address group = tg.second;
        At(tg.first, [&lan, group]() { InjectV2(lan, V2Query(group, 1000)); });
    }
    Simulator::Stop(Seconds(15));
    Simulator::Run();

    auto reports = v2.Since(Seconds(6));
    BOOST_TEST_REQUIRE(reports.size() == 3u);
    std::vector<std::pair<Ipv6Address, std::string>> expected = {
        {g3, RecStr(MldAddressRecord::MODE_IS_EXCLUDE, {"c", "d"})},
        {g2, RecStr(MldAddressRecord::MODE_IS_INCLUDE, {"a"})},
        {g1, RecStr(MldAddressRecord::MODE_IS_EXCLUDE, {})},
    };
    for (size_t k = 0; k < 3; ++k)
    {
        BOOST_TEST_CONTEXT("query for " << expected[k].first)
        {
            Time sent = Seconds(6.0 + 3.0 * k);
            BOOST_TEST(reports[k].time >= sent);
            BOOST_TEST(reports[k].time <= sent + Seconds(1));
            BOOST_TEST_REQUIRE(reports[k].report.GetRecords().size() == 1u);
            BOOST_TEST(reports[k].report.GetRecords()[0].group == expected[k].first);
            BOOST_TEST(Str(reports[k].report.GetRecords()[0]) == expected[k].second);
        }
    }
    Simulator::Destroy();
}

/// A row of the §6.3 source-specific table.
struct SourceQueryRow
{
    std::string name;                  //!< case
    bool asm_;                         //!< ASM join instead of a socket filter
    bool exclude;                      //!< socket mode
    std::vector<std::string> filter;   //!< socket sources
    std::vector<std::string> queried;  //!< query sources
    std::vector<std::string> expected; //!< IS_IN sources; empty: no answer
};

std::ostream&
operator<<(std::ostream& os, const SourceQueryRow& row)
{
    return os << row.name;
}

const std::vector<SourceQueryRow> g_sourceQueryRows = {
    {"INCLUDE(A), Q: IS_IN(A*Q)", false, false, {"a", "b"}, {"b", "c"}, {"b"}},
    {"INCLUDE(A), Q within A: IS_IN(Q)", false, false, {"a", "b", "c"}, {"a", "c"}, {"a", "c"}},
    {"INCLUDE(A), A*Q empty: no answer", false, false, {"a"}, {"c"}, {}},
    {"EXCLUDE(X), Q: IS_IN(Q-X)", false, true, {"a"}, {"a", "c"}, {"c"}},
    {"EXCLUDE(X), Q within X: no answer", false, true, {"a", "b"}, {"a", "b"}, {}},
    {"ASM join (EXCLUDE {}): IS_IN(Q)", true, true, {}, {"a", "d"}, {"a", "d"}},
};

// RFC 9777 §6.3 rule 3: a Multicast Address and Source Specific Query is answered
// with IS_IN of the queried sources the interface state lets through (INCLUDE(A):
// A*Q, EXCLUDE(X): Q-X); nothing is sent if that set is empty.
BOOST_DATA_TEST_CASE(source_specific_query, bdata::make(g_sourceQueryRows), row)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2);
    Ptr<MldProtocol> mld = lan.Mld(0);
    V2Log v2;
    v2.Attach(mld);
    const Time query = Seconds(6);
    At(Seconds(3), [&]() {
        BOOST_TEST_REQUIRE((row.asm_
                                ? mld->Join(1, g1)
                                : mld->SetSourceFilter(1, g1, 1, row.exclude, Srcs(row.filter))));
    });
    At(query, [&]() {
        auto q = Srcs(row.queried);
        InjectV2(lan, V2Query(g1, 1000, std::vector<Ipv6Address>(q.begin(), q.end())));
    });
    Simulator::Stop(Seconds(10));
    Simulator::Run();

    BOOST_TEST(mld->GetStatistics(1).inQueries == 1u, "the query must have been accepted");
    auto reports = v2.Since(query);
    if (row.expected.empty())
    {
        BOOST_TEST(reports.empty(), "no answer expected");
    }
    else
    {
        BOOST_TEST_REQUIRE(reports.size() == 1u);
        BOOST_TEST(reports[0].time <= query + Seconds(1));
        BOOST_TEST_REQUIRE(reports[0].report.GetRecords().size() == 1u);
        BOOST_TEST(V2Log::Records(reports[0], g1) ==
                   Joined({RecStr(MldAddressRecord::MODE_IS_INCLUDE, row.expected)}));
    }
    Simulator::Destroy();
}

/// Two queries for g1 in a row and the one answer expected.
struct MergeQueryRow
{
    std::string name;                //!< case
    std::vector<std::string> first;  //!< sources of the first query (empty: group-specific)
    std::vector<std::string> second; //!< sources of the second query
    std::string expected;            //!< the one record answered
};

std::ostream&
operator<<(std::ostream& os, const MergeQueryRow& row)
{
    return os << row.name;
}

// The state of g1 in these cases: EXCLUDE {f}.
const std::vector<MergeQueryRow> g_mergeQueryRows = {
    {"group-specific pending absorbs a source-specific query",
     {},
     {"a"},
     RecStr(MldAddressRecord::MODE_IS_EXCLUDE, {"f"})},
    {"source-specific pending, then group-specific: full record",
     {"a"},
     {},
     RecStr(MldAddressRecord::MODE_IS_EXCLUDE, {"f"})},
    {"source-specific pending, then source-specific: union",
     {"a", "f"},
     {"b"},
     RecStr(MldAddressRecord::MODE_IS_INCLUDE, {"a", "b"})},
};

// RFC 9777 §6.2 rules 4–5: a query for a group with a pending response is merged
// into it: a group-specific query (pending or new) makes the answer the full
// Current State Record; two source-specific queries add up their sources. One
// answer, no later than the first query's delay.
BOOST_DATA_TEST_CASE(pending_group_response_merges_queries, bdata::make(g_mergeQueryRows), row)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<MldListener> mif = mld->GetListener(1);
    V2Log v2;
    v2.Attach(mld);
    const Time query = Seconds(6);
    const uint32_t mrd = 5000;
    Time due;
    auto list = [](const std::vector<std::string>& names) {
        auto s = Srcs(names);
        return std::vector<Ipv6Address>(s.begin(), s.end());
    };
    At(Seconds(3),
       [&]() { BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g1, 1, true, Srcs({"f"}))); });
    At(query, [&]() {
        InjectV2(lan, V2Query(g1, mrd, list(row.first)));
        const MldMembershipRecord* rec = mif->FindRecord(g1);
        BOOST_TEST_REQUIRE((rec && !rec->timer.IsExpired()));
        due = Simulator::Now() + Simulator::GetDelayLeft(rec->timer);
        InjectV2(lan, V2Query(g1, mrd, list(row.second)));
        BOOST_TEST(Simulator::Now() + Simulator::GetDelayLeft(rec->timer) <= due,
                   "the merged answer must not come later than the pending one");
    });
    Simulator::Stop(Seconds(15));
    Simulator::Run();

    BOOST_TEST(mld->GetStatistics(1).inQueries == 2u);
    auto reports = v2.Since(query);
    BOOST_TEST_REQUIRE(reports.size() == 1u, "one answer for both queries");
    BOOST_TEST(reports[0].time <= due);
    BOOST_TEST(V2Log::Records(reports[0], g1) == Joined({row.expected}));
    Simulator::Destroy();
}

// RFC 9777 §6.2 rule 1: "If there is a pending response to a previous General
// Query scheduled sooner than the selected delay, no additional response needs to
// be scheduled": a group-specific query then starts no group timer.
BOOST_AUTO_TEST_CASE(pending_general_response_covers_group_query)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<MldListener> mif = mld->GetListener(1);
    V2Log v2;
    v2.Attach(mld);
    const Time query = Seconds(6);
    At(Seconds(3), [&]() { BOOST_TEST_REQUIRE(mld->Join(1, g1)); });
    At(query, [&]() {
        InjectV2(lan, V2Query(Ipv6Address::GetAny(), 10)); // answer within 10 ms
        BOOST_TEST_REQUIRE(!mif->GetGeneralResponse().IsExpired());
        // A delay drawn in [0, 30 s] is all but surely later than the general response.
        InjectV2(lan, V2Query(g1, 30000));
        InjectV2(lan, V2Query(g1, 30000, {Src("a")}));
        BOOST_TEST(mif->FindRecord(g1)->timer.IsExpired(), "no group response must be scheduled");
    });
    Simulator::Stop(Seconds(40));
    Simulator::Run();

    BOOST_TEST(mld->GetStatistics(1).inQueries == 3u);
    auto reports = v2.Since(query);
    BOOST_TEST_REQUIRE(reports.size() == 1u, "the general response covers the group query");
    BOOST_TEST(reports[0].time <= query + MilliSeconds(10));
    BOOST_TEST(V2Log::Records(reports[0], g1) == RecStr(MldAddressRecord::MODE_IS_EXCLUDE, {}));
    Simulator::Destroy();
}

// RFC 9777 §6: MLDv2 hosts do not suppress their reports: another node's MLDv1
// report for the group does not cancel a pending answer.
BOOST_AUTO_TEST_CASE(no_report_suppression_in_v2)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<Node> node = lan.nodes.Get(0);
    V2Log v2;
    v2.Attach(mld);
    const Time query = Seconds(6);
    At(Seconds(3), [&]() { BOOST_TEST_REQUIRE(mld->Join(1, g1)); });
    At(query, [&]() {
        InjectV2(lan, V2Query(g1, 5000));
        BOOST_TEST_REQUIRE(!mld->GetListener(1)->FindRecord(g1)->timer.IsExpired());
        Forge report;
        report.type = MldHeader::LISTENER_REPORT;
        report.group = g1;
        report.destination = g1;
        Inject(node, report);
        BOOST_TEST(mld->GetStatistics(1).inReports == 1u);
        BOOST_TEST(!mld->GetListener(1)->FindRecord(g1)->timer.IsExpired());
    });
    Simulator::Stop(Seconds(15));
    Simulator::Run();

    auto reports = v2.With(g1, query);
    BOOST_TEST_REQUIRE(reports.size() == 1u);
    BOOST_TEST(V2Log::Records(reports[0], g1) == RecStr(MldAddressRecord::MODE_IS_EXCLUDE, {}));
    Simulator::Destroy();
}

// RFC 9777 §6.3: only groups with reception state are reported: no answer to a
// query for a group the host has not joined (sent to ff02::1 so that the host
// takes it in, or sent to the group), nor to a source-specific one.
BOOST_AUTO_TEST_CASE(no_response_for_unjoined_group)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2);
    Ptr<MldProtocol> mld = lan.Mld(0);
    V2Log v2;
    v2.Attach(mld);
    At(Seconds(3), [&]() { BOOST_TEST_REQUIRE(mld->Join(1, g1)); });
    At(Seconds(6), [&]() {
        V2Query toAll(gNone, 1000);
        toAll.destination = Ipv6Address::GetAllNodesMulticast();
        InjectV2(lan, toAll);
        toAll.sources = {Src("a")};
        InjectV2(lan, toAll);
        InjectV2(lan, V2Query(gNone, 1000));
        BOOST_TEST(!mld->HasRecord(1, gNone), "a query must not create a record");
    });
    // Control: the joined group is answered.
    At(Seconds(9), [&]() { InjectV2(lan, V2Query(g1, 1000)); });
    Simulator::Stop(Seconds(12));
    Simulator::Run();

    BOOST_TEST(mld->GetStatistics(1).inQueries == 3u,
               "the two queries to ff02::1 and the control were taken in");
    BOOST_TEST(v2.With(gNone).empty());
    BOOST_TEST(v2.Since(Seconds(6)).size() == 1u);
    BOOST_TEST(v2.With(g1, Seconds(9)).size() == 1u);
    Simulator::Destroy();
}

/// A QRV and the number of transmissions of a later State Change Report.
struct QrvRow
{
    uint8_t qrv;            //!< QRV of the query
    uint32_t transmissions; //!< expected transmissions (the host's own Robustness is 2)
};

std::ostream&
operator<<(std::ostream& os, const QrvRow& row)
{
    return os << "QRV " << +row.qrv;
}

const std::vector<QrvRow> g_qrvRows = {{3, 3}, {5, 5}, {1, 1}, {0, 2}};

// RFC 9777 §5.1.8 and §9.1: a host adopts the querier's non-zero QRV as its
// Robustness Variable: the next State Change Report is sent QRV times in all.
BOOST_DATA_TEST_CASE(qrv_adopted_as_robustness, bdata::make(g_qrvRows), row)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2, 2);
    Ptr<MldProtocol> mld = lan.Mld(0);
    V2Log v2;
    v2.Attach(mld);
    const Time join = Seconds(6);
    At(Seconds(3), [&]() {
        V2Query q;
        q.mrdMs = 100;
        q.qrv = row.qrv;
        InjectV2(lan, q);
    });
    At(join, [&]() { BOOST_TEST_REQUIRE(mld->Join(1, g1)); });
    Simulator::Stop(Seconds(15));
    Simulator::Run();

    BOOST_TEST(mld->GetStatistics(1).inQueries == 1u);
    auto reports = v2.With(g1, join);
    BOOST_TEST(reports.size() == row.transmissions);
    CheckSpacing(reports, Seconds(1));
    Simulator::Destroy();
}

// ---------------------------------------------------------------- §8.2 compatibility

// RFC 9777 §8.2.1: an interface that negotiates its version (0) switches to MLDv1
// when it hears an MLDv1 query: it answers with MLDv1 reports, reports joins with
// MLDv1 reports and leaves with Dones, answers MLDv2 queries as MLDv1; it goes
// back to MLDv2 when the Older Version Querier Present timer
// ([Robustness] * [Query Interval] + the query's Maximum Response Delay) expires.
BOOST_AUTO_TEST_CASE(negotiated_version_falls_back_and_returns)
{
    const Time queryInterval = Seconds(10);
    Lan lan = MakeHost(MldHostVersion::MLDV2_FALLBACK, 2, Seconds(1), queryInterval);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<Node> node = lan.nodes.Get(0);
    MessageLog log;
    log.Attach(lan.nodes);
    V2Log v2;
    v2.Attach(mld);
    const Time v1Query = Seconds(5);
    const Time timeout = 2 * queryInterval + MilliSeconds(1000);
    const Time back = v1Query + timeout;
    auto count = [&](uint8_t type, Ipv6Address group, Time from, Time to) {
        size_t n = 0;
        for (const auto& m : log.Sent(type, group, 0))
        {
            n += m.time >= from && m.time < to ? 1 : 0;
        }
        return n;
    };

    BOOST_TEST(mld->GetVersion(1) == MldVersion::MLDV2, "version 0 starts in MLDv2");
    At(Seconds(3), [&]() { BOOST_TEST_REQUIRE(mld->Join(1, g1)); });
    At(v1Query, [&]() {
        BOOST_TEST(mld->GetVersion(1) == MldVersion::MLDV2);
        // MLDv2 work pending when the MLDv1 querier shows up: a General Query
        // response and the repeats of a State Change Report.
        InjectV2(lan, V2Query(Ipv6Address::GetAny(), 10000));
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g3, 1, false, Srcs({"a"})));
        Ptr<MldListener> mif = mld->GetListener(1);
        BOOST_TEST_REQUIRE(!mif->GetGeneralResponse().IsExpired());
        BOOST_TEST_REQUIRE(!mif->FindRecord(g3)->v2->retransmit.IsExpired());
        Inject(node, V1Query(Ipv6Address::GetAny(), 1000));
        BOOST_TEST(mld->GetVersion(1) == MldVersion::MLDV1,
                   "an MLDv1 query must switch the interface to MLDv1");
        BOOST_TEST(mif->GetGeneralResponse().IsExpired(), "MLDv2 timers are cancelled");
        BOOST_TEST(mif->FindRecord(g3)->v2->retransmit.IsExpired(), "MLDv2 repeats are cancelled");
    });
    At(Seconds(8), [&]() {
        BOOST_TEST_REQUIRE(mld->Join(1, g2));
        BOOST_TEST(count(MldHeader::LISTENER_REPORT, g2, Seconds(8), Seconds(9)) == 1u,
                   "a join in MLDv1 mode sends an MLDv1 report at once");
    });
    At(Seconds(9), [&]() {
        BOOST_TEST_REQUIRE(mld->Leave(1, g2));
        BOOST_TEST(count(MldHeader::LISTENER_DONE, g2, Seconds(9), Seconds(10)) == 1u,
                   "a leave in MLDv1 mode sends a Done");
    });
    At(Seconds(12), [&]() { InjectV2(lan, V2Query(Ipv6Address::GetAny(), 1000)); });
    At(back - MilliSeconds(1), [&]() { BOOST_TEST(mld->GetVersion(1) == MldVersion::MLDV1); });
    At(back + MilliSeconds(1), [&]() {
        BOOST_TEST(mld->GetVersion(1) == MldVersion::MLDV2,
                   "the Older Version Querier Present timer expired");
    });
    At(back + Seconds(2), [&]() { BOOST_TEST_REQUIRE(mld->Join(1, g3)); });
    const Ipv6Address g4("ff15::4");
    At(back + Seconds(2), [&]() { BOOST_TEST_REQUIRE(mld->Join(1, g4)); });
    At(back + Seconds(5), [&]() { InjectV2(lan, V2Query(g1, 1000)); });
    Simulator::Stop(back + Seconds(8));
    Simulator::Run();

    // MLDv1 answers to the MLDv1 query and to the MLDv2 query, nothing of MLDv2.
    BOOST_TEST(count(MldHeader::LISTENER_REPORT, g1, v1Query, v1Query + Seconds(1)) == 1u);
    BOOST_TEST(count(MldHeader::LISTENER_REPORT, g1, Seconds(12), Seconds(13)) == 1u);
    BOOST_TEST(count(MldHeader::V2_LISTENER_REPORT,
                     Ipv6Address::GetAny(),
                     v1Query + NanoSeconds(1),
                     back) == 0u);
    auto dones = log.Sent(MldHeader::LISTENER_DONE, g2, 0);
    BOOST_TEST_REQUIRE(dones.size() == 1u);
    BOOST_TEST(dones[0].destination == Ipv6Address::GetAllRoutersMulticast());
    // Back in MLDv2: a join is a TO_EX {}, a query is answered with IS_EX {}.
    auto joined = v2.With(g4, back);
    BOOST_TEST_REQUIRE(!joined.empty());
    BOOST_TEST(V2Log::Records(joined[0], g4) ==
               Joined({RecStr(MldAddressRecord::CHANGE_TO_EXCLUDE_MODE, {})}));
    BOOST_TEST(count(MldHeader::LISTENER_REPORT, g4, back, back + Seconds(8)) == 0u);
    joined = v2.With(g3, back);
    BOOST_TEST_REQUIRE(!joined.empty());
    BOOST_TEST(V2Log::Records(joined[0], g3) ==
                   Joined({RecStr(MldAddressRecord::CHANGE_TO_EXCLUDE_MODE, {})}),
               "INCLUDE {a} + any-source join: EXCLUDE {}");
    auto answer = v2.With(g1, back + Seconds(5));
    BOOST_TEST_REQUIRE(answer.size() == 1u);
    BOOST_TEST(V2Log::Records(answer[0], g1) ==
               Joined({RecStr(MldAddressRecord::MODE_IS_EXCLUDE, {})}));
    BOOST_TEST(count(MldHeader::LISTENER_REPORT, g1, back, back + Seconds(8)) == 0u);
    Simulator::Destroy();
}

// RFC 9777 §8.2.1: each MLDv1 query restarts the Older Version Querier Present timer.
BOOST_AUTO_TEST_CASE(older_querier_timer_restarted)
{
    const Time queryInterval = Seconds(10);
    Lan lan = MakeHost(MldHostVersion::MLDV2_FALLBACK, 2, Seconds(1), queryInterval);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<Node> node = lan.nodes.Get(0);
    const Time timeout = 2 * queryInterval + MilliSeconds(500);
    At(Seconds(3), [&]() { Inject(node, V1Query(Ipv6Address::GetAny(), 500)); });
    At(Seconds(13), [&]() { Inject(node, V1Query(Ipv6Address::GetAny(), 500)); });
    At(Seconds(3) + timeout + MilliSeconds(1), [&]() {
        BOOST_TEST(mld->GetVersion(1) == MldVersion::MLDV1, "the second query restarted the timer");
    });
    At(Seconds(13) + timeout - MilliSeconds(1),
       [&]() { BOOST_TEST(mld->GetVersion(1) == MldVersion::MLDV1); });
    At(Seconds(13) + timeout + MilliSeconds(1),
       [&]() { BOOST_TEST(mld->GetVersion(1) == MldVersion::MLDV2); });
    Simulator::Stop(Seconds(40));
    Simulator::Run();
    Simulator::Destroy();
}

// RFC 9777 §8.2 (like Linux's force_mld_version=2): an interface forced to MLDv2
// does not fall back: it answers an MLDv1 query with an MLDv2 report.
BOOST_AUTO_TEST_CASE(forced_v2_ignores_v1_querier)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<Node> node = lan.nodes.Get(0);
    MessageLog log;
    log.Attach(lan.nodes);
    V2Log v2;
    v2.Attach(mld);
    At(Seconds(3), [&]() { BOOST_TEST_REQUIRE(mld->Join(1, g1)); });
    At(Seconds(6), [&]() {
        Inject(node, V1Query(Ipv6Address::GetAny(), 1000));
        BOOST_TEST(mld->GetVersion(1) == MldVersion::MLDV2);
        BOOST_TEST(!mld->GetListener(1)->IsOlderVersionQuerierPresent());
    });
    At(Seconds(9), [&]() {
        BOOST_TEST_REQUIRE(mld->Join(1, g2));
        BOOST_TEST(v2.With(g2, Seconds(9)).size() == 1u);
    });
    Simulator::Stop(Seconds(12));
    Simulator::Run();

    BOOST_TEST(mld->GetStatistics(1).inQueries == 1u);
    BOOST_TEST(log.Sent(MldHeader::LISTENER_REPORT).empty(), "no MLDv1 report from a v2 host");
    BOOST_TEST(log.Sent(MldHeader::LISTENER_DONE).empty());
    auto answer = v2.With(g1, Seconds(6));
    BOOST_TEST_REQUIRE(answer.size() == 1u);
    BOOST_TEST(answer[0].time <= Seconds(7));
    BOOST_TEST(V2Log::Records(answer[0], g1) ==
               Joined({RecStr(MldAddressRecord::MODE_IS_EXCLUDE, {})}));
    Simulator::Destroy();
}

// RFC 9777 §8.2: a host in MLDv1 (Version 1) never sends an MLDv2 report (type
// 143), whatever it is asked: joins, source filters, leaves, MLDv2 queries of each
// kind (answered as MLDv1, from their first 24 octets).
BOOST_AUTO_TEST_CASE(version1_never_sends_v2)
{
    Lan lan = MakeHost(MldHostVersion::MLDV1);
    Ptr<MldProtocol> mld = lan.Mld(0);
    MessageLog log;
    log.Attach(lan.nodes);
    V2Log v2;
    v2.Attach(mld);
    BOOST_TEST(mld->GetVersion(1) == MldVersion::MLDV1);
    At(Seconds(3), [&]() {
        BOOST_TEST_REQUIRE(mld->Join(1, g1));
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g2, 1, false, Srcs({"a"})));
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g2, 1, true, Srcs({"b"})));
        BOOST_TEST_REQUIRE(mld->JoinSource(1, g3, Src("c"), 2));
    });
    At(Seconds(15), [&]() { InjectV2(lan, V2Query(Ipv6Address::GetAny(), 1000)); });
    At(Seconds(18), [&]() { InjectV2(lan, V2Query(g1, 1000)); });
    At(Seconds(21), [&]() { InjectV2(lan, V2Query(g2, 1000, {Src("a")})); });
    At(Seconds(24), [&]() {
        BOOST_TEST_REQUIRE(mld->Leave(1, g1));
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g2, 1, false, {}));
        BOOST_TEST_REQUIRE(mld->LeaveSource(1, g3, Src("c"), 2));
    });
    Simulator::Stop(Seconds(30));
    Simulator::Run();

    BOOST_TEST(v2.sent.empty());
    BOOST_TEST(log.Sent(MldHeader::V2_LISTENER_REPORT).empty());
    BOOST_TEST(mld->GetStatistics(1).outV2Reports == 0u);
    BOOST_TEST(mld->GetStatistics(1).inQueries == 3u);
    // The MLDv2 queries were answered in MLDv1.
    auto answered = [&](Ipv6Address g, Time from) {
        for (const auto& m : log.Sent(MldHeader::LISTENER_REPORT, g, 0))
        {
            if (m.time >= from && m.time <= from + Seconds(1))
            {
                return true;
            }
        }
        return false;
    };
    BOOST_TEST(answered(g1, Seconds(15)));
    BOOST_TEST(answered(g1, Seconds(18)));
    BOOST_TEST(answered(g2, Seconds(21)));
    BOOST_TEST(log.Sent(MldHeader::LISTENER_DONE, g1, 0).size() == 1u);
    Simulator::Destroy();
}

// ---------------------------------------------------------------- SSM (RFC 4604)

// RFC 4604 §2.2.1 (RFC 9777 §4): in the source-specific range ff3x::/96 an
// any-source join and EXCLUDE-mode filters are refused; an INCLUDE join of one
// source is accepted and reported with that source.
/// Keep a refusal of MldProtocol's "Refused" trace.
void
RecordRefusal(std::vector<MldRefusal>* refusals, uint32_t, Ipv6Address, MldRefusal refusal)
{
    refusals->push_back(refusal);
}

BOOST_AUTO_TEST_CASE(ssm_range)
{
    const Ipv6Address ssm("ff35::beef");
    const Ipv6Address ssm2("ff3e::1");
    const Ipv6Address source("2001:db8::5");
    Lan lan = MakeHost(MldHostVersion::MLDV2);
    Ptr<MldProtocol> mld = lan.Mld(0);
    V2Log v2;
    v2.Attach(mld);
    std::vector<MldRefusal> refusals;
    mld->TraceConnectWithoutContext("Refused", MakeBoundCallback(&RecordRefusal, &refusals));
    const Time join = Seconds(3);
    At(join, [&]() {
        BOOST_TEST(!mld->Join(1, ssm));
        BOOST_TEST_REQUIRE(refusals.size() == 1u);
        BOOST_TEST((refusals.back() == MldRefusal::SOURCE_SPECIFIC));
        BOOST_TEST(!mld->HasRecord(1, ssm));

        BOOST_TEST(!mld->SetSourceFilter(1, ssm2, 1, true, Srcs({"a"})));
        BOOST_TEST_REQUIRE(refusals.size() == 2u);
        BOOST_TEST((refusals.back() == MldRefusal::SOURCE_SPECIFIC));
        BOOST_TEST(!mld->SetSourceFilter(1, ssm2, 1, true, {}));
        BOOST_TEST(!mld->HasRecord(1, ssm2));

        BOOST_TEST(mld->JoinSource(1, ssm, source, 1));
        BOOST_TEST(StateOf(mld, ssm) == Str(MldSourceFilter{false, {source}}));
        // Still no any-source join on top of it.
        BOOST_TEST(!mld->Join(1, ssm));
        BOOST_TEST(StateOf(mld, ssm) == Str(MldSourceFilter{false, {source}}));
    });
    Simulator::Stop(Seconds(6));
    Simulator::Run();

    BOOST_TEST(v2.With(ssm2).empty());
    auto reports = v2.With(ssm, join);
    BOOST_TEST_REQUIRE(reports.size() == 2u);
    BOOST_TEST(reports[0].time == join);
    for (const auto& r : reports)
    {
        auto records = V2Log::RecordList(r, ssm);
        BOOST_TEST_REQUIRE(records.size() == 1u);
        bool allow = records[0] == Str(MldAddressRecord::ALLOW_NEW_SOURCES, {source});
        bool toIn = records[0] == Str(MldAddressRecord::CHANGE_TO_INCLUDE_MODE, {source});
        BOOST_TEST((allow || toIn), "got " << records[0]);
    }
    Simulator::Destroy();
}

// ---------------------------------------------------------------- bad input

// RFC 9777 §5.1.10: a General Query with sources is invalid: dropped
// (QUERY_SOURCES), it changes nothing (no answer, no QRV adopted). The same query
// without sources is the control.
BOOST_AUTO_TEST_CASE(general_query_with_sources_dropped)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<MldListener> mif = mld->GetListener(1);
    V2Log v2;
    v2.Attach(mld);
    At(Seconds(3), [&]() { BOOST_TEST_REQUIRE(mld->Join(1, g1)); });
    At(Seconds(6), [&]() {
        V2Query q;
        q.sources = {Src("a")};
        q.qrv = 6;
        InjectV2(lan, q);
        BOOST_TEST(mld->GetDropCount(1, MldDropReason::QUERY_SOURCES) == 1u);
        BOOST_TEST(mif->GetGeneralResponse().IsExpired());
        BOOST_TEST(mif->GetQuerierRobustness() == 0u);
        BOOST_TEST(mld->GetStatistics(1).inQueries == 0u);
    });
    At(Seconds(9), [&]() {
        BOOST_TEST_REQUIRE(mld->Leave(1, g1)); // two transmissions: Robustness not changed
    });
    At(Seconds(12), [&]() {
        V2Query q;
        q.qrv = 6;
        InjectV2(lan, q);
        BOOST_TEST(mld->GetDropCount(1, MldDropReason::QUERY_SOURCES) == 1u);
        BOOST_TEST(mif->GetQuerierRobustness() == 6u);
    });
    Simulator::Stop(Seconds(15));
    Simulator::Run();

    BOOST_TEST(v2.Since(Seconds(6)).size() == 3u, "2 TO_IN {} and the control's answer");
    BOOST_TEST(v2.Count(g1, RecStr(MldAddressRecord::CHANGE_TO_INCLUDE_MODE, {}), Seconds(6)) ==
               2u);
    Simulator::Destroy();
}

/// A raw MLDv2 query (28 octets + `present` sources) whose count says `count`.
Forge
RawV2Query(Ipv6Address group, uint16_t count, uint16_t present)
{
    Forge f;
    f.type = MldHeader::LISTENER_QUERY;
    f.group = group;
    f.destination = Ipv6Address::GetAllNodesMulticast();
    f.maxDelay = 1000;
    f.extra = {0x02, 125, static_cast<uint8_t>(count >> 8), static_cast<uint8_t>(count)};
    for (uint16_t k = 0; k < present; ++k)
    {
        uint8_t bytes[16];
        Src("a").GetBytes(bytes);
        bytes[15] = static_cast<uint8_t>(k + 1);
        f.extra.insert(f.extra.end(), bytes, bytes + 16);
    }
    return f;
}

// RFC 9777 §5.1.10: a query whose Number of Sources overruns the message is
// dropped (SOURCE_OVERRUN) and answers nothing; the same bytes with a right count
// are the control.
BOOST_AUTO_TEST_CASE(source_count_overrun_dropped)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<Node> node = lan.nodes.Get(0);
    Ptr<MldListener> mif = mld->GetListener(1);
    V2Log v2;
    v2.Attach(mld);
    At(Seconds(3), [&]() { BOOST_TEST_REQUIRE(mld->Join(1, g1)); });
    At(Seconds(6), [&]() {
        Inject(node, RawV2Query(g1, 2, 0));
        Inject(node, RawV2Query(g1, 2, 1));
        Inject(node, RawV2Query(Ipv6Address::GetAny(), 1, 0));
        BOOST_TEST(mld->GetDropCount(1, MldDropReason::SOURCE_OVERRUN) == 3u);
        BOOST_TEST(mld->GetStatistics(1).inQueries == 0u);
        BOOST_TEST(mif->FindRecord(g1)->timer.IsExpired());
        BOOST_TEST(mif->GetGeneralResponse().IsExpired());
    });
    At(Seconds(9), [&]() {
        Inject(node, RawV2Query(g1, 1, 1)); // control: a valid source-specific query
        BOOST_TEST(mld->GetStatistics(1).inQueries == 1u);
    });
    Simulator::Stop(Seconds(12));
    Simulator::Run();

    BOOST_TEST(mld->GetDropCount(1, MldDropReason::SOURCE_OVERRUN) == 3u);
    BOOST_TEST(v2.Since(Seconds(6)).size() == 1u, "only the control is answered");
    BOOST_TEST(v2.With(g1, Seconds(9)).size() == 1u);
    Simulator::Destroy();
}

// ---------------------------------------------------------------- memory

// MldV2RecordState is allocated only for records that use source filtering or run
// MLDv2: an any-source join on an MLDv1 interface (and its queries) leaves it
// null. Controls: the same join on an MLDv2 interface, and a source filter on the
// MLDv1 one, do allocate it.
BOOST_AUTO_TEST_CASE(v1_records_have_no_v2_state)
{
    Lan lan = MakeHost(MldHostVersion::MLDV1);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<Node> node = lan.nodes.Get(0);
    Ptr<MldListener> mif = mld->GetListener(1);
    At(Seconds(3), [&]() {
        BOOST_TEST_REQUIRE(mld->Join(1, g1));
        BOOST_TEST_REQUIRE(mif->FindRecord(g1));
        BOOST_TEST(!mif->FindRecord(g1)->v2);
        Inject(node, V1Query(Ipv6Address::GetAny(), 1000));
        InjectV2(lan, V2Query(g1, 1000));
        InjectV2(lan, V2Query(g1, 1000, {Src("a")}));
    });
    At(Seconds(6), [&]() {
        for (const auto& [group, rec] : mif->GetRecordTable())
        {
            BOOST_TEST_CONTEXT("group " << group)
            {
                BOOST_TEST(!rec.v2);
            }
        }
        BOOST_TEST(mif->GetRecordTable().size() >= 3u); // ff02::1, solicited-node, g1
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g2, 1, false, Srcs({"a"})));
        BOOST_TEST(static_cast<bool>(mif->FindRecord(g2)->v2));
        BOOST_TEST(!mif->FindRecord(g1)->v2);
        // Switching the interface to MLDv2: the next change needs MLDv2 state.
        BOOST_TEST_REQUIRE(mld->SetVersion(1, MldHostVersion::MLDV2));
        BOOST_TEST(mld->GetVersion(1) == MldVersion::MLDV2);
        BOOST_TEST_REQUIRE(mld->Join(1, g3));
        BOOST_TEST(static_cast<bool>(mif->FindRecord(g3)->v2));
    });
    Simulator::Stop(Seconds(7));
    Simulator::Run();
    Simulator::Destroy();
}

// Steady-state memory: once its state-change reports and query responses have gone out,
// an any-source MLDv2 record frees its MLDv2 part and keeps no event, so that it costs
// what an MLDv1 record costs (issue 5: at most 256 bytes per record). A record with a
// socket filter keeps the part (the filter lives there).
BOOST_AUTO_TEST_CASE(idle_v2_record_frees_its_state)
{
    Lan lan = MakeHost(MldHostVersion::MLDV2);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<MldListener> mif = mld->GetListener(1);
    At(Seconds(3), [&]() {
        BOOST_TEST_REQUIRE(mld->Join(1, g1));
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g2, 1, false, Srcs({"a"})));
        // The repeat of the state-change report is pending (Robustness 2).
        BOOST_TEST_REQUIRE(static_cast<bool>(mif->FindRecord(g1)->v2));
        BOOST_TEST(!mif->FindRecord(g1)->v2->retransmit.IsExpired());
    });
    At(Seconds(5), [&]() {
        BOOST_TEST(!mif->FindRecord(g1)->v2,
                   "both state-change reports sent: nothing left to hold");
        BOOST_TEST(!mif->FindRecord(g1)->timer.PeekEventImpl());
        BOOST_TEST_REQUIRE(static_cast<bool>(mif->FindRecord(g2)->v2));
        BOOST_TEST(mif->FindRecord(g2)->v2->sockets.size() == 1u);
        BOOST_TEST(!mif->FindRecord(g2)->v2->retransmit.PeekEventImpl());
        // A group-and-source query needs the part again until its response is sent.
        InjectV2(lan, V2Query(g1, 1000, {Src("a")}));
        BOOST_TEST_REQUIRE(static_cast<bool>(mif->FindRecord(g1)->v2));
        BOOST_TEST(mif->FindRecord(g1)->v2->sourceQuery);
    });
    At(Seconds(7), [&]() {
        BOOST_TEST(!mif->FindRecord(g1)->v2, "the source-specific response has been sent");
        BOOST_TEST(!mif->FindRecord(g1)->timer.PeekEventImpl());
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g2, 1, false, {})); // drop the filter...
        BOOST_TEST(!mif->FindRecord(g2), "...and with it the record");
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g3, 1, false, Srcs({"a"})));
        BOOST_TEST_REQUIRE(mld->Join(1, g3));
        BOOST_TEST_REQUIRE(mld->SetSourceFilter(1, g3, 1, false, {}));
    });
    At(Seconds(9), [&]() {
        BOOST_TEST_REQUIRE(mif->FindRecord(g3));
        BOOST_TEST(!mif->FindRecord(g3)->v2, "socket filter removed, any-source join left");
    });
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    Simulator::Destroy();
}

// MldProtocol::SetVersion/GetVersion (like Linux's force_mld_version).
BOOST_AUTO_TEST_CASE(set_version_api)
{
    Lan lan = MakeHost(MldHostVersion::MLDV1);
    Ptr<MldProtocol> mld = lan.Mld(0);
    BOOST_TEST(mld->GetVersion(1) == MldVersion::MLDV1);
    BOOST_TEST(mld->SetVersion(1, MldHostVersion::MLDV2));
    BOOST_TEST(mld->GetVersion(1) == MldVersion::MLDV2);
    BOOST_TEST(mld->SetVersion(1, MldHostVersion::MLDV2_FALLBACK));
    BOOST_TEST(mld->GetVersion(1) == MldVersion::MLDV2,
               "version 0 runs MLDv2 until an MLDv1 querier is heard");
    BOOST_TEST(!mld->SetVersion(7, MldHostVersion::MLDV2), "no interface 7");
    BOOST_TEST(mld->SetVersion(1, MldHostVersion::MLDV1));
    BOOST_TEST(mld->GetVersion(1) == MldVersion::MLDV1);
    Simulator::Destroy();
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END() // mld_listener_v2
