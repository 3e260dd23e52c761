/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The MLDv1 host part (MldListener and the receive path of MldProtocol):
// refcounted records, the link-layer list, report timers, suppression, Done,
// special groups, RFC 3590 sources, address and interface events, input
// validation, and determinism.
//
// Every case builds its own CSMA LAN (MakeLan), runs a few simulated seconds
// and leaves a clean simulator behind (SeededSimulationFixture). MLD runs on IPv6
// interface 1 of each node; nothing is sent before t = 0; link-local
// addresses stay tentative (DAD) until t = 1 s.

#include "mld-test-util.h"

#include <algorithm>
#include <array>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <sstream>

using namespace ns3;
using namespace mldtest;

namespace
{

/// A site-local group (scope 5), used by most cases.
const Ipv6Address g_group("ff15::1234");
/// Another group mapping to the same link-layer address as g_group (33:33:00:00:12:34).
const Ipv6Address g_sameMac("ff1e::1234");
/// An unrelated group.
const Ipv6Address g_other("ff15::abcd");

/// Records created and destroyed, and flag changes, seen by the MldListener traces.
struct ListenerLog
{
    /// One FlagChanged event.
    struct FlagChange
    {
        Time time;            //!< when
        uint32_t node;        //!< node id
        Ipv6Address group;    //!< group
        MldListenerFlag from; //!< old flag
        MldListenerFlag to;   //!< new flag
    };

    /// One RecordCreated or RecordDestroyed event.
    struct RecordEvent
    {
        Time time;         //!< when
        uint32_t node;     //!< node id
        Ipv6Address group; //!< group
        bool created;      //!< true: created, false: destroyed
    };

    std::vector<FlagChange> flags;    //!< flag changes, in order
    std::vector<RecordEvent> records; //!< record events, in order

    /// Connect to the listener of every node.
    void Attach(NodeContainer nodes)
    {
        for (uint32_t i = 0; i < nodes.GetN(); ++i)
        {
            Ptr<MldListener> listener = nodes.Get(i)->GetObject<MldProtocol>()->GetListener(1);
            uint32_t id = nodes.Get(i)->GetId();
            BOOST_REQUIRE(
                listener->TraceConnectWithoutContext("FlagChanged",
                                                     MakeBoundCallback(&OnFlag, this, id)));
            BOOST_REQUIRE(
                listener->TraceConnectWithoutContext("RecordCreated",
                                                     MakeBoundCallback(&OnCreated, this, id)));
            BOOST_REQUIRE(
                listener->TraceConnectWithoutContext("RecordDestroyed",
                                                     MakeBoundCallback(&OnDestroyed, this, id)));
        }
    }

    /// Flag changes of one node and group.
    std::vector<FlagChange> FlagsOf(uint32_t node, Ipv6Address group) const
    {
        std::vector<FlagChange> out;
        for (const auto& c : flags)
        {
            if (c.node == node && c.group == group)
            {
                out.push_back(c);
            }
        }
        return out;
    }

    /// Record events of one node and group.
    std::vector<RecordEvent> RecordsOf(uint32_t node, Ipv6Address group) const
    {
        std::vector<RecordEvent> out;
        for (const auto& r : records)
        {
            if (r.node == node && r.group == group)
            {
                out.push_back(r);
            }
        }
        return out;
    }

  private:
    static void OnFlag(ListenerLog* log,
                       uint32_t node,
                       uint32_t interface,
                       Ipv6Address group,
                       MldListenerFlag from,
                       MldListenerFlag to)
    {
        log->flags.push_back({Simulator::Now(), node, group, from, to});
    }

    static void OnCreated(ListenerLog* log, uint32_t node, uint32_t interface, Ipv6Address group)
    {
        log->records.push_back({Simulator::Now(), node, group, true});
    }

    static void OnDestroyed(ListenerLog* log, uint32_t node, uint32_t interface, Ipv6Address group)
    {
        log->records.push_back({Simulator::Now(), node, group, false});
    }
};

/// The record of a group on interface 1, if there is one.
std::optional<MldRecordInfo>
FindRecord(Ptr<MldProtocol> mld, Ipv6Address group)
{
    for (const auto& r : mld->GetRecords(1))
    {
        if (r.group == group)
        {
            return r;
        }
    }
    return std::nullopt;
}

/// Does IPv6 on node i take the group's traffic on interface 1?
bool
Registered(const Lan& lan, uint32_t i, Ipv6Address group)
{
    return lan.nodes.Get(i)->GetObject<Ipv6L3Protocol>()->IsRegisteredMulticastAddress(group, 1);
}

/// Messages of a type and group sent by a node at or after a time.
std::vector<Message>
SentSince(const MessageLog& log, uint8_t type, Ipv6Address group, uint32_t node, Time from)
{
    std::vector<Message> out;
    for (const auto& m : log.Sent(type, group, node))
    {
        if (m.time >= from)
        {
            out.push_back(m);
        }
    }
    return out;
}

/// Messages of a type (and group, unless ::) received and accepted by a node.
std::vector<Message>
ReceivedBy(const MessageLog& log, uint8_t type, Ipv6Address group, uint32_t node)
{
    std::vector<Message> out;
    for (const auto& m : log.received)
    {
        if (m.node == node && m.type == type && (group.IsAny() || m.group == group))
        {
            out.push_back(m);
        }
    }
    return out;
}

/// Everything the drop/loopback checks must leave alone: group, refcount, flag,
/// timer (running and remaining) and link-layer refs of every record on interface 1.
std::string
Snapshot(Ptr<MldProtocol> mld)
{
    std::ostringstream os;
    for (const auto& r : mld->GetRecords(1))
    {
        os << r.group << " ref=" << r.refCount << " flag=" << r.flag << " timer="
           << (r.timerRunning ? std::to_string(r.timerRemaining.GetNanoSeconds()) : "-")
           << " ll=" << r.linkLayerRefs << "\n";
    }
    return os.str();
}

/// Drop counters of interface 1, one per reason.
std::array<uint64_t, static_cast<size_t>(MldDropReason::COUNT)>
DropCounts(Ptr<MldProtocol> mld)
{
    std::array<uint64_t, static_cast<size_t>(MldDropReason::COUNT)> out{};
    for (size_t r = 0; r < out.size(); ++r)
    {
        out[r] = mld->GetDropCount(1, static_cast<MldDropReason>(r));
    }
    return out;
}

/// A forged Report for a group, sent to that group by another node (fe80::99).
Forge
ForgedReport(Ipv6Address group, Ipv6Address source = Ipv6Address("fe80::99"))
{
    Forge f;
    f.type = MldHeader::LISTENER_REPORT;
    f.group = group;
    f.destination = group;
    f.source = source;
    return f;
}

/// A forged Query (general when the group is ::) from fe80::99.
Forge
ForgedQuery(Ipv6Address group, uint16_t maxDelayMs)
{
    Forge f;
    f.type = MldHeader::LISTENER_QUERY;
    f.group = group;
    f.destination = group.IsAny() ? Ipv6Address::GetAllNodesMulticast() : group;
    f.maxDelay = maxDelayMs;
    return f;
}

/// A fresh folder under the system temporary folder.
std::string
MakeTempDir()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "mld-listener-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    const char* dir = mkdtemp(buffer.data());
    BOOST_REQUIRE_MESSAGE(dir, "mkdtemp failed");
    return dir;
}

/**
 * Two hosts that both reported g_group last, then a General Query with a 10 s
 * Maximum Response Delay injected into both at t = 2 s.
 *
 * Both join at t = 0.5 s, while DAD still runs: their reports go out from ::
 * (RFC 3590) and each host drops the other's as BAD_SOURCE, so both keep
 * I_REPORTED_LAST. Robustness 1: no unsolicited repeats.
 */
Lan
MakeSuppressionLan()
{
    MldHelper helper;
    helper.SetListenerAttribute("Robustness", UintegerValue(1));
    LanOptions options;
    options.hosts = 2;
    options.delay = MicroSeconds(10);
    Lan lan = MakeLan(options, helper);
    mldcompat::ScheduleCallable(Seconds(0.5), [lan]() {
        for (uint32_t i = 0; i < 2; ++i)
        {
            lan.Mld(i)->Join(1, g_group);
        }
    });
    mldcompat::ScheduleCallable(Seconds(2), [lan]() {
        for (uint32_t i = 0; i < 2; ++i)
        {
            auto rec = FindRecord(lan.Mld(i), g_group);
            // Precondition of the scenario, not the behaviour under test.
            BOOST_TEST((rec && rec->flag == MldListenerFlag::I_REPORTED_LAST),
                       "host " << i << " should have reported g_group last before the query");
            Inject(lan.nodes.Get(i), ForgedQuery(Ipv6Address::GetAny(), 10000));
        }
    });
    return lan;
}

/// The host that answered the query of MakeSuppressionLan() (or -1 if not exactly one did).
int32_t
SuppressionResponder(const MessageLog& log)
{
    int32_t responder = -1;
    uint32_t answers = 0;
    for (const auto& m : log.Sent(MldHeader::LISTENER_REPORT, g_group))
    {
        if (m.time >= Seconds(2))
        {
            responder = m.node;
            ++answers;
        }
    }
    return answers == 1 ? responder : -1;
}

} // namespace

BOOST_AUTO_TEST_SUITE(mld_listener)

BOOST_FIXTURE_TEST_SUITE(listener, SeededSimulationFixture)

// RFC 2710 §4 (a node starts/stops listening) with the seeds' in6_joingroup /
// in6_leavegroup refcounts: only the first join and the last leave are seen on the wire.
BOOST_AUTO_TEST_CASE(refcount_join_leave)
{
    LanOptions options;
    options.hosts = 1;
    Lan lan = MakeLan(options);
    MessageLog log;
    log.Attach(lan.nodes);
    ListenerLog events;
    events.Attach(lan.nodes);
    Ptr<MldProtocol> mld = lan.Mld(0);

    mldcompat::ScheduleCallable(Seconds(2), [&]() {
        BOOST_TEST(!Registered(lan, 0, g_group));
        BOOST_TEST(!mld->Leave(1, g_group), "Leave without a record must fail");
        BOOST_TEST(mld->Join(1, g_group));
        BOOST_TEST(mld->Join(1, g_group));
        auto rec = FindRecord(mld, g_group);
        BOOST_TEST(rec.has_value());
        BOOST_TEST((rec && rec->refCount == 2u));
        BOOST_TEST(Registered(lan, 0, g_group));
        BOOST_TEST(log.Sent(MldHeader::LISTENER_REPORT, g_group).size() == 1u,
                   "the second join must not send another report");

        BOOST_TEST(mld->Leave(1, g_group));
        rec = FindRecord(mld, g_group);
        BOOST_TEST(rec.has_value(), "one reference left: the record stays");
        BOOST_TEST((rec && rec->refCount == 1u));
        BOOST_TEST(Registered(lan, 0, g_group));
        BOOST_TEST(log.Sent(MldHeader::LISTENER_DONE).empty());
    });
    mldcompat::ScheduleCallable(Seconds(3), [&]() {
        BOOST_TEST(log.Sent(MldHeader::LISTENER_DONE).empty());
        BOOST_TEST(mld->Leave(1, g_group));
        BOOST_TEST(!mld->HasRecord(1, g_group));
        BOOST_TEST(!Registered(lan, 0, g_group));
        BOOST_TEST(log.Sent(MldHeader::LISTENER_DONE, g_group).size() == 1u);
        BOOST_TEST(!mld->Leave(1, g_group), "the record is gone: Leave must fail");
        BOOST_TEST(!mld->Leave(1, g_other));
        BOOST_TEST(log.Sent(MldHeader::LISTENER_DONE).size() == 1u);

        // Refused joins change nothing: not multicast, the loopback, no such interface.
        BOOST_TEST(!mld->Join(1, Ipv6Address("2001:db8::1")));
        BOOST_TEST(!mld->Join(0, g_group));
        BOOST_TEST(!mld->Join(7, g_group));
        BOOST_TEST(!mld->HasRecord(1, g_group));
        BOOST_TEST(!mld->HasRecord(1, Ipv6Address("2001:db8::1")));
    });
    Simulator::Stop(Seconds(4));
    Simulator::Run();

    auto recordEvents = events.RecordsOf(0, g_group);
    BOOST_TEST_REQUIRE(recordEvents.size() == 2u);
    BOOST_TEST(recordEvents[0].created);
    BOOST_TEST(recordEvents[0].time == Seconds(2));
    BOOST_TEST(!recordEvents[1].created);
    BOOST_TEST(recordEvents[1].time == Seconds(3));
    Simulator::Destroy();
}

// RFC 2710 §4 joins, mapped to link-layer addresses as RFC 2464 §7 says
// (33:33 + the low 32 bits): one refcounted entry per MAC, one reference per record.
BOOST_AUTO_TEST_CASE(link_layer_list_shared)
{
    LanOptions options;
    options.hosts = 1;
    Lan lan = MakeLan(options);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<MldListener> mif = mld->GetListener(1);
    BOOST_TEST_REQUIRE(mif);
    const Mac48Address mac = Mac48Address::GetMulticast(g_group);
    BOOST_TEST_REQUIRE(Mac48Address::GetMulticast(g_sameMac) == mac);
    BOOST_TEST_REQUIRE(Mac48Address::GetMulticast(g_other) != mac);

    mldcompat::ScheduleCallable(Seconds(2), [&]() {
        BOOST_TEST(mif->GetLinkLayerRefs(mac) == 0u);
        mld->Join(1, g_group);
        BOOST_TEST(mif->GetLinkLayerRefs(mac) == 1u);
        mld->Join(1, g_group); // a second join of the same group: same record, same entry
        BOOST_TEST(mif->GetLinkLayerRefs(mac) == 1u);
        mld->Join(1, g_sameMac);
        BOOST_TEST(mif->GetLinkLayerRefs(mac) == 2u);
        mld->Join(1, g_other);
        BOOST_TEST(mif->GetLinkLayerRefs(Mac48Address::GetMulticast(g_other)) == 1u);
        BOOST_TEST(mif->GetLinkLayerRefs(mac) == 2u);

        auto a = FindRecord(mld, g_group);
        auto b = FindRecord(mld, g_sameMac);
        BOOST_TEST((a && b));
        BOOST_TEST((a && a->linkLayer == mac && a->linkLayerRefs == 2u && a->refCount == 2u));
        BOOST_TEST((b && b->linkLayer == mac && b->linkLayerRefs == 2u && b->refCount == 1u));

        // Link-local and global addresses share the low 24 bits: one solicited-node
        // record with refcount 2, and a single reference on its link-layer entry.
        Ipv6Address solicited = Ipv6Address::MakeSolicitedAddress(lan.LinkLocal(0));
        auto s = FindRecord(mld, solicited);
        BOOST_TEST((s && s->refCount == 2u && s->linkLayerRefs == 1u));

        mld->Leave(1, g_sameMac);
        BOOST_TEST(mif->GetLinkLayerRefs(mac) == 1u);
        a = FindRecord(mld, g_group);
        BOOST_TEST((a && a->linkLayerRefs == 1u));
        mld->Leave(1, g_group); // refcount 2 -> 1: the record and its entry stay
        BOOST_TEST(mif->GetLinkLayerRefs(mac) == 1u);
        mld->Leave(1, g_group);
        BOOST_TEST(mif->GetLinkLayerRefs(mac) == 0u);
        const auto& list = mif->GetLinkLayerList();
        BOOST_TEST(std::none_of(list.begin(),
                                list.end(),
                                [&mac](const auto& entry) { return entry.first == mac; }),
                   "the entry must be removed");
        BOOST_TEST(mif->GetLinkLayerRefs(Mac48Address::GetMulticast(g_other)) == 1u);
    });
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    Simulator::Destroy();
}

// RFC 2710 §5 (a record is reported only once ready) with RFC 4862 §5.4.2: the
// first report for a solicited-node group is delayed by rand[0, 1 s]
// (REPORTPENDING), and queries do not touch a pending record.
BOOST_AUTO_TEST_CASE(report_pending_solicited_node)
{
    LanOptions options;
    options.hosts = 1;
    Lan lan = MakeLan(options);
    MessageLog log;
    log.Attach(lan.nodes);
    ListenerLog events;
    events.Attach(lan.nodes);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<Node> node = lan.nodes.Get(0);

    std::map<Ipv6Address, Time> expiry; // when each pending first report is due
    mldcompat::ScheduleCallable(NanoSeconds(1), [&]() {
        mld->Join(1, g_group); // reported at once: shows below that the queries are heard
        for (const auto& r : mld->GetRecords(1))
        {
            if (!r.group.IsSolicitedMulticast())
            {
                continue;
            }
            BOOST_TEST_CONTEXT("solicited-node group " << r.group)
            {
                BOOST_TEST(r.flag == MldListenerFlag::REPORT_PENDING);
                BOOST_TEST(r.timerRunning);
                BOOST_TEST(r.timerRemaining <= Seconds(1));
                BOOST_TEST(
                    SentSince(log, MldHeader::LISTENER_REPORT, r.group, 0, Seconds(0)).empty());
                expiry[r.group] = Simulator::Now() + r.timerRemaining;
            }
        }
        BOOST_TEST(!expiry.empty(), "no solicited-node record after start");

        // A general query with MRD 0 answers every ready group at once...
        Inject(node, ForgedQuery(Ipv6Address::GetAny(), 0));
        // (two reports now: the join's and the answer)
        BOOST_TEST(
            SentSince(log, MldHeader::LISTENER_REPORT, g_group, 0, Simulator::Now()).size() == 2u);
        // ...but not a pending one, whatever the query: general or specific, any MRD.
        Inject(node, ForgedQuery(Ipv6Address::GetAny(), 500));
        for (const auto& [group, due] : expiry)
        {
            Inject(node, ForgedQuery(group, 0));
            Inject(node, ForgedQuery(group, 300));
        }
        for (const auto& [group, due] : expiry)
        {
            auto rec = FindRecord(mld, group);
            BOOST_TEST((rec && rec->flag == MldListenerFlag::REPORT_PENDING));
            BOOST_TEST((rec && rec->timerRunning && Simulator::Now() + rec->timerRemaining == due),
                       "a query changed the pending timer of " << group);
            BOOST_TEST(SentSince(log, MldHeader::LISTENER_REPORT, group, 0, Seconds(0)).empty());
        }
        BOOST_TEST(ReceivedBy(log, MldHeader::LISTENER_QUERY, Ipv6Address::GetAny(), 0).size() ==
                   2 + 2 * expiry.size());
    });
    Simulator::Stop(Seconds(2));
    Simulator::Run();

    for (const auto& [group, due] : expiry)
    {
        BOOST_TEST_CONTEXT("solicited-node group " << group)
        {
            auto reports = log.Sent(MldHeader::LISTENER_REPORT, group, 0);
            BOOST_TEST_REQUIRE(!reports.empty());
            BOOST_TEST(reports[0].time >= Seconds(0));
            BOOST_TEST(reports[0].time <= Seconds(1));
            BOOST_TEST(reports[0].time == due, "the first report must come when the timer fires");
            auto changes = events.FlagsOf(0, group);
            BOOST_TEST_REQUIRE(!changes.empty());
            BOOST_TEST(changes[0].from == MldListenerFlag::REPORT_PENDING);
            BOOST_TEST(changes[0].to == MldListenerFlag::I_REPORTED_LAST);
            BOOST_TEST(changes[0].time == due);
        }
    }
    Simulator::Destroy();
}

// RFC 2710 §4 and §7.10: on a join the report goes out at once, then is repeated
// (Robustness - 1) times, each after rand[0, Unsolicited Report Interval].
BOOST_AUTO_TEST_CASE(unsolicited_report_repeats)
{
    const Time interval = Seconds(2);
    MldHelper helper;
    helper.SetListenerAttribute("Robustness", UintegerValue(3));
    helper.SetListenerAttribute("UnsolicitedReportInterval", TimeValue(interval));
    LanOptions options;
    options.hosts = 1;
    Lan lan = MakeLan(options, helper);
    MessageLog log;
    log.Attach(lan.nodes);
    Ptr<MldProtocol> mld = lan.Mld(0);

    mldcompat::ScheduleCallable(Seconds(2), [&]() {
        mld->Join(1, g_group);
        BOOST_TEST(log.Sent(MldHeader::LISTENER_REPORT, g_group).size() == 1u,
                   "the first report must be sent by the join itself");
        auto rec = FindRecord(mld, g_group);
        BOOST_TEST((rec && rec->timerRunning && rec->timerRemaining <= interval));
    });
    // Two repeats take at most 2 * interval; leave time for a wrong extra one.
    Simulator::Stop(Seconds(2) + 4 * interval);
    Simulator::Run();

    auto reports = log.Sent(MldHeader::LISTENER_REPORT, g_group, 0);
    BOOST_TEST_REQUIRE(reports.size() == 3u);
    BOOST_TEST(reports[0].time == Seconds(2));
    for (const auto& m : reports)
    {
        BOOST_TEST(m.destination == g_group, "RFC 2710 §8: a report goes to its group");
    }
    for (size_t k = 1; k < reports.size(); ++k)
    {
        Time gap = reports[k].time - reports[k - 1].time;
        BOOST_TEST(gap >= Time(0));
        BOOST_TEST(gap <= interval, "repeat " << k << " came " << gap.As(Time::S) << " late");
    }
    auto rec = FindRecord(mld, g_group);
    BOOST_TEST((rec && !rec->timerRunning && rec->flag == MldListenerFlag::I_REPORTED_LAST));
    Simulator::Destroy();
}

// RFC 2710 §4: "If a node receives another node's Report [...] while it has a timer
// running for that same address, it stops its timer and does not send a Report";
// the host then no longer holds the "I am the last reporter" flag.
BOOST_AUTO_TEST_CASE(report_suppression)
{
    Lan lan = MakeSuppressionLan();
    MessageLog log;
    log.Attach(lan.nodes);
    ListenerLog events;
    events.Attach(lan.nodes);

    bool bothTimers = false;
    mldcompat::ScheduleCallable(Seconds(2) + NanoSeconds(1), [&]() {
        auto a = FindRecord(lan.Mld(0), g_group);
        auto b = FindRecord(lan.Mld(1), g_group);
        bothTimers = a && b && a->timerRunning && b->timerRunning;
    });
    Simulator::Stop(Seconds(12.5)); // past the 10 s Maximum Response Delay
    Simulator::Run();

    BOOST_TEST(bothTimers, "the query must start a report timer on both hosts");
    int32_t responder = SuppressionResponder(log);
    BOOST_TEST_REQUIRE(responder >= 0, "exactly one report for the group must answer the query");
    uint32_t suppressed = 1 - responder;
    Message answer = SentSince(log, MldHeader::LISTENER_REPORT, g_group, responder, Seconds(2))[0];
    BOOST_TEST(answer.source == lan.LinkLocal(responder));

    // The suppressed host heard it, stopped its timer and gave up the flag.
    auto heard = ReceivedBy(log, MldHeader::LISTENER_REPORT, g_group, suppressed);
    BOOST_TEST_REQUIRE(heard.size() == 1u);
    BOOST_TEST(heard[0].source == lan.LinkLocal(responder));
    auto rec = FindRecord(lan.Mld(suppressed), g_group);
    BOOST_TEST_REQUIRE(rec.has_value());
    BOOST_TEST(rec->flag == MldListenerFlag::OTHER_LISTENER);
    BOOST_TEST(!rec->timerRunning);
    // (the join at 0.5 s traced OTHER_LISTENER -> I_REPORTED_LAST: look after the query)
    std::vector<ListenerLog::FlagChange> changes;
    for (const auto& c : events.FlagsOf(suppressed, g_group))
    {
        if (c.time >= Seconds(2))
        {
            changes.push_back(c);
        }
    }
    BOOST_TEST_REQUIRE(changes.size() == 1u);
    BOOST_TEST(changes[0].from == MldListenerFlag::I_REPORTED_LAST);
    BOOST_TEST(changes[0].to == MldListenerFlag::OTHER_LISTENER);
    BOOST_TEST(changes[0].time == heard[0].time);
    BOOST_TEST(changes[0].time > answer.time);

    auto kept = FindRecord(lan.Mld(responder), g_group);
    BOOST_TEST((kept && kept->flag == MldListenerFlag::I_REPORTED_LAST));
    Simulator::Destroy();
}

// A stopped report timer lets go of its event: the suppressed host's record, and the
// responder's once its timer has run, hold no simulator event object (an EventId keeps
// one alive until reassigned: ~60 bytes per record, issue 5's memory target).
BOOST_AUTO_TEST_CASE(stopped_timers_hold_no_event)
{
    Lan lan = MakeSuppressionLan();
    MessageLog log;
    log.Attach(lan.nodes);
    bool bothHeld = false;
    mldcompat::ScheduleCallable(Seconds(2) + NanoSeconds(1), [&]() {
        auto a = lan.Mld(0)->GetListener(1)->FindRecord(g_group);
        auto b = lan.Mld(1)->GetListener(1)->FindRecord(g_group);
        bothHeld = a && b && a->timer.PeekEventImpl() && b->timer.PeekEventImpl();
    });
    Simulator::Stop(Seconds(12.5));
    Simulator::Run();

    BOOST_TEST(bothHeld, "a running timer holds its event");
    int32_t responder = SuppressionResponder(log);
    BOOST_TEST_REQUIRE(responder >= 0);
    for (uint32_t host = 0; host < 2; ++host)
    {
        BOOST_TEST_CONTEXT((host == static_cast<uint32_t>(responder) ? "responder" : "suppressed"))
        {
            const MldMembershipRecord* rec = lan.Mld(host)->GetListener(1)->FindRecord(g_group);
            BOOST_TEST_REQUIRE(rec);
            BOOST_TEST(!rec->timer.PeekEventImpl());
        }
    }
    Simulator::Destroy();
}

// RFC 2710 §4: a query sets each timer to a random value in [0, Maximum Response
// Delay]; with a Maximum Response Delay of 0 the report goes out the moment the
// query arrives (the seeds send it from mld_input at once).
BOOST_AUTO_TEST_CASE(max_response_delay_zero)
{
    LanOptions options;
    options.hosts = 2;
    Lan lan = MakeLan(options);
    MessageLog log;
    log.Attach(lan.nodes);
    Ptr<MldProtocol> querier = lan.Mld(0); // a host sending queries by hand
    Ptr<MldProtocol> host = lan.Mld(1);

    mldcompat::ScheduleCallable(Seconds(1.5), [&]() { host->Join(1, g_group); });
    mldcompat::ScheduleCallable(Seconds(3), [&]() {
        BOOST_TEST(querier->GetInterface(1)->SendV1(MldHeader::LISTENER_QUERY, g_group, g_group));
    });
    mldcompat::ScheduleCallable(Seconds(4), [&]() {
        BOOST_TEST(querier->GetInterface(1)->SendV1(MldHeader::LISTENER_QUERY,
                                                    Ipv6Address::GetAny(),
                                                    Ipv6Address::GetAllNodesMulticast()));
    });
    Simulator::Stop(Seconds(5));
    Simulator::Run();

    auto queries = ReceivedBy(log, MldHeader::LISTENER_QUERY, Ipv6Address::GetAny(), 1);
    BOOST_TEST_REQUIRE(queries.size() == 2u);
    BOOST_TEST(queries[0].group == g_group);
    BOOST_TEST(queries[1].group == Ipv6Address::GetAny());
    BOOST_TEST(queries[0].time > Seconds(3), "the query should take time to cross the link");

    // Multicast-Address-Specific Query: exactly one report, at the arrival time.
    auto specific = SentSince(log, MldHeader::LISTENER_REPORT, g_group, 1, Seconds(3));
    BOOST_TEST_REQUIRE(specific.size() >= 1u);
    BOOST_TEST(specific[0].time == queries[0].time);
    BOOST_TEST(std::count_if(specific.begin(), specific.end(), [](const Message& m) {
                   return m.time < Seconds(4);
               }) == 1);

    // General Query: every reportable group at the arrival time (g_group and the
    // solicited-node group), nothing for ff02::1.
    std::set<Ipv6Address> expected;
    for (const auto& r : host->GetRecords(1))
    {
        if (MldListener::IsReportable(r.group))
        {
            expected.insert(r.group);
        }
    }
    std::set<Ipv6Address> answered;
    for (const auto& m : log.Sent(MldHeader::LISTENER_REPORT, Ipv6Address::GetAny(), 1))
    {
        if (m.time == queries[1].time)
        {
            answered.insert(m.group);
        }
    }
    BOOST_TEST(expected.count(g_group) == 1u);
    BOOST_TEST((answered == expected), "not every reportable group answered at once");
    Simulator::Destroy();
}

// RFC 2710 §4: "If the node's most recent Report message was suppressed by hearing
// another Report message, it MAY send nothing" (the seeds send nothing); the last
// reporter sends a Done to the link-scope all-routers address (§8).
BOOST_AUTO_TEST_CASE(done_only_from_last_reporter)
{
    Lan lan = MakeSuppressionLan();
    MessageLog log;
    log.Attach(lan.nodes);

    Simulator::Stop(Seconds(12.5));
    Simulator::Run();
    int32_t responder = SuppressionResponder(log);
    BOOST_TEST_REQUIRE(responder >= 0);
    uint32_t suppressed = 1 - responder;
    auto rec = FindRecord(lan.Mld(suppressed), g_group);
    BOOST_TEST_REQUIRE((rec && rec->flag == MldListenerFlag::OTHER_LISTENER));

    mldcompat::ScheduleCallable(Seconds(0.5), [&]() {
        BOOST_TEST(lan.Mld(suppressed)->Leave(1, g_group));
        BOOST_TEST(log.Sent(MldHeader::LISTENER_DONE).empty(),
                   "a host that did not report last must leave silently");
    });
    mldcompat::ScheduleCallable(Seconds(1),
                                [&]() { BOOST_TEST(lan.Mld(responder)->Leave(1, g_group)); });
    Simulator::Stop(Seconds(1.5));
    Simulator::Run();

    auto dones = log.Sent(MldHeader::LISTENER_DONE);
    BOOST_TEST_REQUIRE(dones.size() == 1u);
    BOOST_TEST(dones[0].node == static_cast<uint32_t>(responder));
    BOOST_TEST(dones[0].group == g_group);
    BOOST_TEST(dones[0].destination == Ipv6Address::GetAllRoutersMulticast());
    BOOST_TEST(dones[0].source == lan.LinkLocal(responder));
    BOOST_TEST(dones[0].time == Seconds(13.5));
    Simulator::Destroy();
}

// RFC 2710 §5: "The link-scope all-nodes address (FF02::1) is handled as a special
// case. The node never sends a Report or Done for that address", and "MLD messages
// are never sent for multicast addresses whose scope is 0 (reserved) or 1
// (node-local)". The memberships themselves still exist.
BOOST_AUTO_TEST_CASE(no_mld_for_all_nodes_and_small_scopes)
{
    LanOptions options;
    options.hosts = 1;
    Lan lan = MakeLan(options);
    MessageLog log;
    log.Attach(lan.nodes);
    Ptr<MldProtocol> mld = lan.Mld(0);
    const Ipv6Address allNodes = Ipv6Address::GetAllNodesMulticast();
    const std::vector<Ipv6Address> silent = {allNodes,
                                             Ipv6Address("ff01::1234"),
                                             Ipv6Address("ff01::1"),
                                             Ipv6Address("ff00::1234")};

    auto checkRecords = [&](const char* when) {
        for (const auto& g : silent)
        {
            BOOST_TEST_CONTEXT(when << ", group " << g)
            {
                auto rec = FindRecord(mld, g);
                BOOST_TEST(rec.has_value());
                BOOST_TEST((rec && rec->flag == MldListenerFlag::OTHER_LISTENER));
                BOOST_TEST((rec && !rec->timerRunning));
                BOOST_TEST(Registered(lan, 0, g));
            }
        }
    };
    mldcompat::ScheduleCallable(Seconds(2), [&]() {
        BOOST_TEST(FindRecord(mld, allNodes).has_value(), "ff02::1 is joined automatically");
        for (const auto& g : silent)
        {
            BOOST_TEST(mld->Join(1, g));
        }
        checkRecords("after the joins");
    });
    mldcompat::ScheduleCallable(Seconds(2.5), [&]() {
        Inject(lan.nodes.Get(0), ForgedQuery(Ipv6Address::GetAny(), 0));
        Inject(lan.nodes.Get(0), ForgedQuery(Ipv6Address::GetAny(), 1000));
        for (const auto& g : silent)
        {
            Inject(lan.nodes.Get(0), ForgedQuery(g, 0));
        }
        checkRecords("after the queries");
        // Proof that the general query was heard: the solicited-node group answered.
        BOOST_TEST(SentSince(log,
                             MldHeader::LISTENER_REPORT,
                             Ipv6Address::MakeSolicitedAddress(lan.LinkLocal(0)),
                             0,
                             Seconds(2.5))
                       .size() == 1u);
    });
    mldcompat::ScheduleCallable(Seconds(3.5), [&]() {
        for (const auto& g : silent)
        {
            BOOST_TEST(mld->Leave(1, g));
        }
        auto all = FindRecord(mld, allNodes);
        BOOST_TEST((all && all->refCount == 1u), "the automatic ff02::1 membership stays");
        BOOST_TEST(Registered(lan, 0, allNodes));
        for (const auto& g : {Ipv6Address("ff01::1234"), Ipv6Address("ff00::1234")})
        {
            BOOST_TEST(!FindRecord(mld, g).has_value());
            BOOST_TEST(!Registered(lan, 0, g));
        }
    });
    Simulator::Stop(Seconds(4));
    Simulator::Run();

    for (const auto& m : log.sent)
    {
        BOOST_TEST(std::count(silent.begin(), silent.end(), m.group) == 0,
                   "MLD message type " << +m.type << " sent for " << m.group << " at "
                                       << m.time.As(Time::S));
    }
    BOOST_TEST(log.Sent(MldHeader::LISTENER_DONE).empty());
    Simulator::Destroy();
}

// RFC 2710 §3 (the source is a link-local address) with RFC 3590 §4: while the
// link-local address is tentative (DAD), MLD messages are sent from ::.
// Checked on the wire, in the sender's pcap.
BOOST_AUTO_TEST_CASE(rfc3590_source_before_and_after_dad)
{
    const std::string dir = MakeTempDir();
    const Ipv6Address early("ff15::1");
    const Ipv6Address late("ff15::2");
    Ipv6Address linkLocal;
    {
        LanOptions options;
        options.hosts = 2;
        options.pcapPrefix = dir + "/dad";
        Lan lan = MakeLan(options);
        MessageLog log;
        log.Attach(lan.nodes);
        Ptr<MldProtocol> mld = lan.Mld(0);
        linkLocal = lan.LinkLocal(0);

        mldcompat::ScheduleCallable(Seconds(0.5), [&]() {
            BOOST_TEST(mld->GetInterface(1)->SelectSource() == Ipv6Address::GetAny());
            mld->Join(1, early);
        });
        mldcompat::ScheduleCallable(Seconds(1.5), [&]() {
            BOOST_TEST(mld->GetInterface(1)->SelectSource() == linkLocal);
            mld->Join(1, late);
        });
        Simulator::Stop(Seconds(2));
        Simulator::Run();

        auto first = log.Sent(MldHeader::LISTENER_REPORT, early, 0);
        auto second = log.Sent(MldHeader::LISTENER_REPORT, late, 0);
        BOOST_TEST_REQUIRE(!first.empty());
        BOOST_TEST_REQUIRE(!second.empty());
        BOOST_TEST(first[0].time == Seconds(0.5));
        BOOST_TEST(first[0].source == Ipv6Address::GetAny());
        BOOST_TEST(second[0].time == Seconds(1.5));
        BOOST_TEST(second[0].source == linkLocal);
        BOOST_TEST(linkLocal.IsLinkLocal());
    }
    Simulator::Destroy(); // closes the pcap files

    // On the wire: IPv6 source (octets 8-23) of the reports for each group. The
    // report follows the 40-octet IPv6 header and the 8-octet Hop-by-Hop header
    // (RFC 2710 §3: hop limit 1, Router Alert option 05 02 00 00).
    std::map<Ipv6Address, std::set<Ipv6Address>> sources;
    for (const auto& frame : ReadPcapIpv6(dir + "/dad-0-0.pcap"))
    {
        if (frame.size() >= 72 && frame[6] == 0 && frame[40] == 58 &&
            frame[48] == MldHeader::LISTENER_REPORT)
        {
            BOOST_TEST(frame[7] == 1u, "hop limit");
            BOOST_TEST((frame[42] == 5 && frame[43] == 2 && frame[44] == 0 && frame[45] == 0),
                       "router alert");
            Ipv6Address group = Ipv6Address::Deserialize(const_cast<uint8_t*>(&frame[56]));
            Ipv6Address source = Ipv6Address::Deserialize(const_cast<uint8_t*>(&frame[8]));
            sources[group].insert(source);
        }
    }
    BOOST_TEST((sources[early] == std::set<Ipv6Address>{Ipv6Address::GetAny()}));
    BOOST_TEST(sources[late].count(linkLocal) == 1u);
    BOOST_TEST(sources[late].count(Ipv6Address::GetAny()) == 0u);
    std::filesystem::remove_all(dir);
}

// RFC 2710 §5 with RFC 4861 §7.2.1 and RFC 4862 §5.4.2: an address added while
// running brings its solicited-node membership, first reported after rand[0, 1 s];
// removing the address ends it (a Done, as this node reported last, §4).
BOOST_AUTO_TEST_CASE(solicited_node_follows_addresses)
{
    LanOptions options;
    options.hosts = 1;
    Lan lan = MakeLan(options);
    MessageLog log;
    log.Attach(lan.nodes);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<Ipv6> ipv6 = lan.nodes.Get(0)->GetObject<Ipv6>();
    const Ipv6Address address("2001:db8:1::abcd:ef01");
    const Ipv6Address solicited("ff02::1:ffcd:ef01");
    BOOST_TEST_REQUIRE(Ipv6Address::MakeSolicitedAddress(address) == solicited);

    Time due;
    mldcompat::ScheduleCallable(Seconds(5), [&]() {
        BOOST_TEST(!FindRecord(mld, solicited).has_value());
        BOOST_TEST(ipv6->AddAddress(1, Ipv6InterfaceAddress(address, Ipv6Prefix(64))));
        auto rec = FindRecord(mld, solicited);
        BOOST_TEST(rec.has_value(), "no solicited-node record for the new address");
        if (rec)
        {
            BOOST_TEST(rec->refCount == 1u);
            BOOST_TEST(rec->flag == MldListenerFlag::REPORT_PENDING);
            BOOST_TEST(rec->timerRunning);
            BOOST_TEST(rec->timerRemaining <= Seconds(1));
            due = Simulator::Now() + rec->timerRemaining;
        }
        BOOST_TEST(Registered(lan, 0, solicited));
        BOOST_TEST(SentSince(log, MldHeader::LISTENER_REPORT, solicited, 0, Seconds(0)).empty());
    });
    mldcompat::ScheduleCallable(Seconds(7), [&]() {
        auto reports = log.Sent(MldHeader::LISTENER_REPORT, solicited, 0);
        BOOST_TEST(!reports.empty());
        if (!reports.empty())
        {
            BOOST_TEST(reports[0].time >= Seconds(5));
            BOOST_TEST(reports[0].time <= Seconds(6));
            BOOST_TEST(reports[0].time == due);
        }
        auto rec = FindRecord(mld, solicited);
        BOOST_TEST((rec && rec->flag == MldListenerFlag::I_REPORTED_LAST));

        // Every other record, as it is now (same instant: same timers).
        std::ostringstream line;
        line << solicited << " ";
        std::istringstream before(Snapshot(mld));
        std::string others;
        for (std::string l; std::getline(before, l);)
        {
            if (l.rfind(line.str(), 0) != 0)
            {
                others += l + "\n";
            }
        }

        BOOST_TEST(ipv6->RemoveAddress(1, address));
        BOOST_TEST(!FindRecord(mld, solicited).has_value(), "the record must go with the address");
        BOOST_TEST(!Registered(lan, 0, solicited));
        BOOST_TEST(Snapshot(mld) == others, "removing the address changed other records");
        auto dones = log.Sent(MldHeader::LISTENER_DONE, solicited, 0);
        BOOST_TEST(dones.size() == 1u);
    });
    Simulator::Stop(Seconds(7.5));
    Simulator::Run();

    auto rec = FindRecord(mld, Ipv6Address::MakeSolicitedAddress(lan.LinkLocal(0)));
    BOOST_TEST((rec && rec->refCount == 2u), "the other solicited-node record must stay");
    Simulator::Destroy();
}

// RFC 2710 §4 (a node reports its groups when it starts listening on an
// interface), applied to interface down/up as the seeds do: records survive a
// down interface, their timers do not, nothing is sent while down, and coming
// up reports every reportable group again.
BOOST_AUTO_TEST_CASE(interface_down_and_up)
{
    const Ipv6Address joinedWhileDown("ff15::d0");
    LanOptions options;
    options.hosts = 2;
    Lan lan = MakeLan(options);
    MessageLog log;
    log.Attach(lan.nodes);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<Ipv6> ipv6 = lan.nodes.Get(0)->GetObject<Ipv6>();
    // ns-3.37 keeps the Router Solicitation retransmission timer running while the
    // interface is down; the RS it then sends from the vanished link-local address
    // crashes Ipv6L3Protocol::Send (GetNetDevice(-1)). Keep to the first RS only.
    // (FailSafe: ns-3 before 3.37 does not retransmit Router Solicitations.)
    lan.nodes.Get(0)->GetObject<Icmpv6L4Protocol>()->SetAttributeFailSafe(
        "RsMaxRetransmissionDuration",
        TimeValue(NanoSeconds(1)));

    auto noTimer = [&](const char* when) {
        for (const auto& r : mld->GetRecords(1))
        {
            BOOST_TEST(!r.timerRunning, when << ": timer running for " << r.group);
        }
    };
    auto refCount = [&](Ipv6Address g) {
        auto rec = FindRecord(mld, g);
        return rec ? rec->refCount : 0u;
    };

    size_t sentBeforeDown = 0;
    std::set<Ipv6Address> reportableAtUp;
    mldcompat::ScheduleCallable(Seconds(2), [&]() {
        mld->Join(1, g_group);
        mld->Join(1, g_group);
        mld->Join(1, g_other);
    });
    mldcompat::ScheduleCallable(Seconds(3), [&]() {
        // A query with a long delay: report timers are running when the interface goes down.
        Inject(lan.nodes.Get(0), ForgedQuery(Ipv6Address::GetAny(), 10000));
        uint32_t running = 0;
        for (const auto& r : mld->GetRecords(1))
        {
            running += r.timerRunning ? 1 : 0;
        }
        BOOST_TEST(running >= 2u, "report timers should be running before down");
        auto other = FindRecord(mld, g_other);
        BOOST_TEST((other && other->flag == MldListenerFlag::I_REPORTED_LAST));
        sentBeforeDown = log.sent.size();
        ipv6->SetDown(1);
        noTimer("right after down");
        BOOST_TEST(refCount(g_group) == 2u);
        BOOST_TEST(refCount(g_other) == 1u);
    });
    mldcompat::ScheduleCallable(Seconds(3.5), [&]() {
        // The last leave of a group this node reported last: no Done while down.
        BOOST_TEST(mld->Leave(1, g_other));
        BOOST_TEST(!FindRecord(mld, g_other).has_value());
        // A join while down: a record, but no report.
        BOOST_TEST(mld->Join(1, joinedWhileDown));
        BOOST_TEST(refCount(joinedWhileDown) == 1u);
        // Queries are not heard while down.
        Inject(lan.nodes.Get(0), ForgedQuery(Ipv6Address::GetAny(), 0));
        Inject(lan.nodes.Get(0), ForgedQuery(Ipv6Address::GetAny(), 1000));
        noTimer("after a join and queries while down");
    });
    mldcompat::ScheduleCallable(Seconds(5) - NanoSeconds(1), [&]() {
        noTimer("just before up");
        BOOST_TEST(log.sent.size() == sentBeforeDown, "MLD messages were sent while down");
        BOOST_TEST(refCount(g_group) == 2u);
        for (const auto& r : mld->GetRecords(1))
        {
            if (MldListener::IsReportable(r.group))
            {
                reportableAtUp.insert(r.group);
            }
        }
    });
    mldcompat::ScheduleCallable(Seconds(5), [&]() {
        ipv6->SetUp(1);
        BOOST_TEST(refCount(g_group) == 2u);
        BOOST_TEST(refCount(joinedWhileDown) == 1u);
        auto rec = FindRecord(mld, g_group);
        BOOST_TEST((rec && rec->flag == MldListenerFlag::I_REPORTED_LAST));
    });
    Simulator::Stop(Seconds(5.5));
    Simulator::Run();

    std::set<Ipv6Address> reportedAtUp;
    for (const auto& m : log.Sent(MldHeader::LISTENER_REPORT, Ipv6Address::GetAny(), 0))
    {
        if (m.time == Seconds(5))
        {
            reportedAtUp.insert(m.group);
        }
    }
    BOOST_TEST(reportableAtUp.count(g_group) == 1u);
    BOOST_TEST(reportableAtUp.count(joinedWhileDown) == 1u);
    BOOST_TEST((reportedAtUp == reportableAtUp), "coming up must report every reportable group");
    BOOST_TEST(log.Sent(MldHeader::LISTENER_DONE).empty());
    Simulator::Destroy();
}

// RFC 2710 §3 and §5 (validation: link-local source, hop limit 1, Router Alert,
// length, checksum, code, address, destination) and RFC 9777 §8.1 (query lengths):
// every bad message is dropped, counted and traced once, and changes no record.
BOOST_AUTO_TEST_CASE(every_drop_reason)
{
    LanOptions options;
    options.hosts = 1;
    Lan lan = MakeLan(options);
    MessageLog log;
    log.Attach(lan.nodes);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<Node> node = lan.nodes.Get(0);
    // The opt-in strict mode, so that a non-zero code is a drop reason too.
    mld->SetAttribute("StrictCodeCheck", BooleanValue(true));

    struct Case
    {
        const char* name;
        Forge forge;
        MldDropReason reason;
    };

    // A valid report for g_group (which the host reported last) would set
    // OTHER_LISTENER and stop its repeat timer; a valid general query with a 10 s
    // delay would start timers: either shows in the snapshot.
    std::vector<Case> cases;
    {
        Forge f = ForgedReport(g_group);
        f.source = Ipv6Address("2001:db8:1::99");
        cases.push_back({"global source", f, MldDropReason::BAD_SOURCE});
        f.source = Ipv6Address::GetAny();
        cases.push_back({"unspecified source", f, MldDropReason::BAD_SOURCE});
        Forge q = ForgedQuery(Ipv6Address::GetAny(), 10000);
        q.source = Ipv6Address("2001:db8:1::99");
        cases.push_back({"query from a global source", q, MldDropReason::BAD_SOURCE});
    }
    {
        Forge f = ForgedReport(g_group);
        f.hopLimit = 255;
        cases.push_back({"hop limit 255", f, MldDropReason::BAD_HOP_LIMIT});
    }
    {
        Forge f = ForgedReport(g_group);
        f.routerAlert = false;
        cases.push_back({"no router alert", f, MldDropReason::NO_ROUTER_ALERT});
    }
    {
        Forge f = ForgedReport(g_group);
        f.truncateTo = 20;
        cases.push_back({"report of 20 octets", f, MldDropReason::TOO_SHORT});
    }
    {
        Forge f = ForgedQuery(Ipv6Address::GetAny(), 10000);
        f.extra = {0, 0};
        cases.push_back({"query of 26 octets", f, MldDropReason::BAD_LENGTH});
    }
    {
        Forge f = ForgedReport(g_group);
        f.goodChecksum = false;
        cases.push_back({"bad checksum", f, MldDropReason::BAD_CHECKSUM});
    }
    {
        Forge f;
        f.type = 128; // echo request, with a Router Alert for MLD
        f.destination = Ipv6Address::GetAllNodesMulticast();
        cases.push_back({"echo request with router alert", f, MldDropReason::UNKNOWN_TYPE});
    }
    {
        Forge f = ForgedReport(g_group);
        f.code = 1;
        cases.push_back({"code 1", f, MldDropReason::BAD_CODE});
    }
    {
        Forge f = ForgedQuery(Ipv6Address("2001:db8::1"), 10000);
        f.destination = Ipv6Address::GetAllNodesMulticast();
        cases.push_back({"query for a unicast address", f, MldDropReason::BAD_ADDRESS});
        Forge r = ForgedReport(Ipv6Address("ff01::1234"));
        r.destination = Ipv6Address::GetAllNodesMulticast();
        cases.push_back({"report for a node-local group", r, MldDropReason::BAD_ADDRESS});
    }
    {
        Forge f = ForgedReport(g_group);
        f.destination = Ipv6Address::GetAllNodesMulticast();
        cases.push_back({"report not sent to its group", f, MldDropReason::BAD_DESTINATION});
        Forge d = ForgedReport(g_group);
        d.type = MldHeader::LISTENER_DONE;
        cases.push_back({"done sent to its group, not ff02::2", d, MldDropReason::BAD_DESTINATION});
    }

    std::set<MldDropReason> covered;
    mldcompat::ScheduleCallable(Seconds(2), [&]() {
        // Joined just now: reported last, and its repeat timer is surely running.
        mld->Join(1, g_group);
        auto rec = FindRecord(mld, g_group);
        BOOST_TEST((rec && rec->flag == MldListenerFlag::I_REPORTED_LAST && rec->timerRunning));
        for (const auto& c : cases)
        {
            BOOST_TEST_CONTEXT(c.name)
            {
                const std::string before = Snapshot(mld);
                const auto countsBefore = DropCounts(mld);
                const size_t dropsBefore = log.drops.size();
                const size_t sentBefore = log.sent.size();
                const size_t receivedBefore = log.received.size();
                const MldInterfaceStatistics statsBefore = mld->GetStatistics(1);

                Inject(node, c.forge);

                auto expected = countsBefore;
                ++expected[static_cast<size_t>(c.reason)];
                BOOST_TEST(DropCounts(mld) == expected, boost::test_tools::per_element());
                BOOST_TEST_REQUIRE(log.drops.size() == dropsBefore + 1);
                BOOST_TEST(log.drops.back().reason == c.reason);
                BOOST_TEST(log.drops.back().interface == 1u);
                BOOST_TEST(log.drops.back().node == 0u);
                BOOST_TEST(log.sent.size() == sentBefore);
                BOOST_TEST(log.received.size() == receivedBefore);
                BOOST_TEST(Snapshot(mld) == before);
                const MldInterfaceStatistics stats = mld->GetStatistics(1);
                BOOST_TEST(stats.inQueries == statsBefore.inQueries);
                BOOST_TEST(stats.inReports == statsBefore.inReports);
                BOOST_TEST(stats.inDones == statsBefore.inDones);
                covered.insert(c.reason);
            }
        }

        // Control: the same report, valid, does change the record (the snapshot
        // comparison above can fail).
        const std::string before = Snapshot(mld);
        const uint64_t inReports = mld->GetStatistics(1).inReports;
        Inject(node, ForgedReport(g_group));
        BOOST_TEST(Snapshot(mld) != before);
        BOOST_TEST(mld->GetStatistics(1).inReports == inReports + 1);
        rec = FindRecord(mld, g_group);
        BOOST_TEST((rec && rec->flag == MldListenerFlag::OTHER_LISTENER && !rec->timerRunning));
    });
    Simulator::Stop(Seconds(2.5));
    Simulator::Run();

    // Every reason an MLDv1 message can be dropped for has a case above.
    for (auto reason : {MldDropReason::BAD_SOURCE,
                        MldDropReason::BAD_HOP_LIMIT,
                        MldDropReason::NO_ROUTER_ALERT,
                        MldDropReason::TOO_SHORT,
                        MldDropReason::BAD_LENGTH,
                        MldDropReason::BAD_CHECKSUM,
                        MldDropReason::UNKNOWN_TYPE,
                        MldDropReason::BAD_CODE,
                        MldDropReason::BAD_ADDRESS,
                        MldDropReason::BAD_DESTINATION})
    {
        BOOST_TEST(covered.count(reason) == 1u, "no case for " << reason);
    }
    Simulator::Destroy();
}

// The other half of the malformed-input corpus: oddities the RFCs say a receiver must
// accept. RFC 2710 §3.5: Reserved is "ignored by receivers"; the Maximum Response Delay
// takes any 16-bit value (0 is max_response_delay_zero); octets past the 24 of an
// MLDv1 Report are ignored (§3.7). Each is processed as its valid twin, nothing is dropped.
BOOST_AUTO_TEST_CASE(accepted_oddities)
{
    LanOptions options;
    options.hosts = 1;
    Lan lan = MakeLan(options);
    MessageLog log;
    log.Attach(lan.nodes);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<Node> node = lan.nodes.Get(0);

    enum class Effect
    {
        TIMER_STARTED, //!< a query: the idle record's report timer starts within the MRD
        SUPPRESSED,    //!< a report: the running timer stops, another listener reported
    };

    struct Case
    {
        const char* name;
        Forge forge;
        Effect effect;
        Time maxDelay; //!< TIMER_STARTED: the latest the report may be due
    };

    std::vector<Case> cases;
    {
        Forge f = ForgedQuery(Ipv6Address::GetAny(), 10000);
        f.reserved = 0xffff;
        cases.push_back({"query, Reserved 0xffff", f, Effect::TIMER_STARTED, Seconds(10)});
        Forge m = ForgedQuery(Ipv6Address::GetAny(), 65535);
        cases.push_back({"query, MRD 65535 ms", m, Effect::TIMER_STARTED, MilliSeconds(65535)});
        // (No trailing octets on queries: RFC 9777 §8.1 tells the version by length.)
        Forge g = ForgedQuery(g_group, 3000);
        g.reserved = 1;
        cases.push_back({"group query, Reserved 1", g, Effect::TIMER_STARTED, Seconds(3)});
    }
    {
        Forge r = ForgedReport(g_group);
        r.reserved = 0xffff;
        cases.push_back({"report, Reserved 0xffff", r, Effect::SUPPRESSED, Time(0)});
        Forge t = ForgedReport(g_group);
        t.extra = {0xde, 0xad, 0xbe, 0xef};
        cases.push_back({"report, 4 trailing octets", t, Effect::SUPPRESSED, Time(0)});
    }

    mldcompat::ScheduleCallable(Seconds(2), [&]() {
        mld->Join(1, g_group);
        for (const auto& c : cases)
        {
            BOOST_TEST_CONTEXT(c.name)
            {
                // Precondition: suppressed (idle) before a query, timer running before a report.
                Inject(node,
                       c.effect == Effect::SUPPRESSED ? ForgedQuery(g_group, 10000)
                                                      : ForgedReport(g_group));
                auto pre = FindRecord(mld, g_group);
                BOOST_TEST_REQUIRE(pre.has_value());
                BOOST_TEST_REQUIRE(pre->timerRunning == (c.effect == Effect::SUPPRESSED));
                const auto dropsBefore = DropCounts(mld);
                const MldInterfaceStatistics statsBefore = mld->GetStatistics(1);

                Inject(node, c.forge);

                BOOST_TEST(DropCounts(mld) == dropsBefore, boost::test_tools::per_element());
                const MldInterfaceStatistics stats = mld->GetStatistics(1);
                auto rec = FindRecord(mld, g_group);
                BOOST_TEST_REQUIRE(rec.has_value());
                switch (c.effect)
                {
                case Effect::TIMER_STARTED:
                    BOOST_TEST(stats.inQueries == statsBefore.inQueries + 1);
                    BOOST_TEST(rec->timerRunning);
                    BOOST_TEST(rec->timerRemaining <= c.maxDelay);
                    break;
                case Effect::SUPPRESSED:
                    BOOST_TEST(stats.inReports == statsBefore.inReports + 1);
                    BOOST_TEST(!rec->timerRunning);
                    BOOST_TEST(rec->flag == MldListenerFlag::OTHER_LISTENER);
                    break;
                }
            }
        }
    });
    Simulator::Stop(Seconds(2.5));
    Simulator::Run();
    BOOST_TEST(log.drops.empty());
    Simulator::Destroy();
}

// RFC 2710 §3: the checksum is checked only when ns-3 computes checksums
// (ChecksumEnabled); with checksums off a wrong one is accepted.
BOOST_AUTO_TEST_CASE(bad_checksum_accepted_when_checksums_off)
{
    LanOptions options;
    options.hosts = 1;
    options.checksums = false;
    Lan lan = MakeLan(options);
    MessageLog log;
    log.Attach(lan.nodes);
    Ptr<MldProtocol> mld = lan.Mld(0);

    mldcompat::ScheduleCallable(Seconds(2), [&]() { mld->Join(1, g_group); });
    mldcompat::ScheduleCallable(Seconds(3), [&]() {
        Forge f = ForgedReport(g_group);
        f.goodChecksum = false;
        Inject(lan.nodes.Get(0), f);
        BOOST_TEST(mld->GetDropCount(1, MldDropReason::BAD_CHECKSUM) == 0u);
        BOOST_TEST(log.drops.empty());
        BOOST_TEST(ReceivedBy(log, MldHeader::LISTENER_REPORT, g_group, 0).size() == 1u);
        auto rec = FindRecord(mld, g_group);
        BOOST_TEST((rec && rec->flag == MldListenerFlag::OTHER_LISTENER));
    });
    Simulator::Stop(Seconds(3.5));
    Simulator::Run();
    Simulator::Destroy();
}

// RFC 2710 §3.2: the Code is "initialized to zero by the sender; ignored by
// receivers". By default (StrictCodeCheck false) a query and a report with a non-zero
// code are processed as their twins with code 0.
BOOST_AUTO_TEST_CASE(nonzero_code_accepted_by_default)
{
    LanOptions options;
    options.hosts = 1;
    Lan lan = MakeLan(options);
    MessageLog log;
    log.Attach(lan.nodes);
    Ptr<MldProtocol> mld = lan.Mld(0);
    const Ipv6Address other("ff1e::4321");

    mldcompat::ScheduleCallable(Seconds(2), [&]() {
        mld->Join(1, g_group);
        mld->Join(1, other);
    });
    mldcompat::ScheduleCallable(Seconds(3), [&]() {
        Forge f = ForgedReport(g_group);
        f.code = 1;
        Inject(lan.nodes.Get(0), f);
        BOOST_TEST(mld->GetDropCount(1, MldDropReason::BAD_CODE) == 0u);
        BOOST_TEST(log.drops.empty());
        BOOST_TEST(ReceivedBy(log, MldHeader::LISTENER_REPORT, g_group, 0).size() == 1u);
        auto rec = FindRecord(mld, g_group);
        BOOST_TEST((rec && rec->flag == MldListenerFlag::OTHER_LISTENER));
    });
    // A general query with code 255 starts the idle record's report timer (its unsolicited
    // repeat came at most 10 s after the join).
    mldcompat::ScheduleCallable(Seconds(13), [&]() {
        auto idle = FindRecord(mld, other);
        BOOST_TEST_REQUIRE(idle.has_value());
        BOOST_TEST(!idle->timerRunning);
        Forge q = ForgedQuery(Ipv6Address::GetAny(), 1000);
        q.code = 255;
        Inject(lan.nodes.Get(0), q);
        BOOST_TEST(log.drops.empty());
        idle = FindRecord(mld, other);
        BOOST_TEST((idle && idle->timerRunning));
    });
    Simulator::Stop(Seconds(13.5));
    Simulator::Run();
    Simulator::Destroy();
}

/// Counts Ipv6L3Protocol's Drop trace and its ICMPv6 transmissions.
struct Ipv6Counts
{
    uint32_t drops{0};  //!< Drop trace
    uint32_t icmpTx{0}; //!< Tx trace, ICMPv6 packets

    static void OnDrop(Ipv6Counts* c,
                       const Ipv6Header& header,
                       Ptr<const Packet> packet,
                       Ipv6L3Protocol::DropReason reason,
                       Ptr<Ipv6> ipv6,
                       uint32_t interface)
    {
        ++c->drops;
    }

    static void OnTx(Ipv6Counts* c, Ptr<const Packet> packet, Ptr<Ipv6> ipv6, uint32_t interface)
    {
        Ipv6Header header;
        packet->PeekHeader(header);
        c->icmpTx += header.GetNextHeader() == Ipv6Header::IPV6_ICMPV6 ? 1 : 0;
    }
};

// The real receive path (Ipv6L3Protocol::Receive): MLD takes its messages off at the
// Hop-by-Hop Router Alert, as kernels do, so they never reach local delivery or
// routing; everything else goes on as in ns-3 without MLD.
BOOST_AUTO_TEST_CASE(receive_path_takes_mld_at_router_alert)
{
    LanOptions options;
    options.hosts = 1;
    Lan lan = MakeLan(options);
    MessageLog log;
    log.Attach(lan.nodes);
    Ptr<Node> node = lan.nodes.Get(0);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<Ipv6L3Protocol> ipv6 = node->GetObject<Ipv6L3Protocol>();
    Ipv6Counts counts;
    ipv6->TraceConnectWithoutContext("Drop", MakeBoundCallback(&Ipv6Counts::OnDrop, &counts));
    ipv6->TraceConnectWithoutContext("Tx", MakeBoundCallback(&Ipv6Counts::OnTx, &counts));
    Ptr<NetDevice> device = lan.devices.Get(0);
    auto receive = [&](const Forge& f) {
        ipv6->Receive(device,
                      BuildForged(f),
                      0x86dd, // IPv6
                      Mac48Address("00:00:00:00:00:99"),
                      device->GetAddress(),
                      NetDevice::PACKET_MULTICAST);
    };

    uint32_t dropsAfterV2Report = 0;
    uint32_t icmpTxBeforeEcho = 0;
    mldcompat::ScheduleCallable(Seconds(2), [&]() { mld->Join(1, g_group); });
    mldcompat::ScheduleCallable(Seconds(2.1), [&]() {
        // A Report for a joined group: MLD receives it (another listener reported).
        receive(ForgedReport(g_group));
        auto rec = FindRecord(mld, g_group);
        BOOST_TEST((rec && rec->flag == MldListenerFlag::OTHER_LISTENER));
        BOOST_TEST(ReceivedBy(log, MldHeader::LISTENER_REPORT, g_group, 0).size() == 1u);

        // An MLDv2 Report to ff02::16, which a host does not listen to: taken off at the
        // Router Alert, it reaches neither ICMPv6 nor routing (where a host's
        // Ipv6ListRouting refused it, a drop of ns-3's).
        Forge v2 = ForgedReport(Ipv6Address::GetAny());
        v2.type = MldHeader::V2_LISTENER_REPORT;
        v2.destination = Ipv6Address("ff02::16");
        receive(v2);
        dropsAfterV2Report = counts.drops;

        // The same Report without its Hop-by-Hop header: MLD counts it, NO_ROUTER_ALERT.
        Forge plain = ForgedReport(g_group);
        plain.routerAlert = false;
        receive(plain);
        BOOST_TEST(mld->GetDropCount(1, MldDropReason::NO_ROUTER_ALERT) == 1u);

        // An Echo Request with a Router Alert for MLD: MLD counts it (UNKNOWN_TYPE), and
        // ns-3 processes it as ever: ICMPv6 answers (Neighbor Solicitation, then reply).
        icmpTxBeforeEcho = counts.icmpTx;
        Forge echo;
        echo.type = 128;
        echo.destination = Ipv6Address::GetAllNodesMulticast();
        receive(echo);
        BOOST_TEST(mld->GetDropCount(1, MldDropReason::UNKNOWN_TYPE) == 1u);
    });
    Simulator::Stop(Seconds(2.2));
    Simulator::Run();

    BOOST_TEST(dropsAfterV2Report == 0u);
    BOOST_TEST(counts.icmpTx > icmpTxBeforeEcho);
    Simulator::Destroy();
}

// RFC 2710 §4: a Report is sent to the group it reports. One for g_group sent to
// another group the host listens to is dropped (as FreeBSD does): it must not suppress
// the host's own pending report for g_group.
BOOST_AUTO_TEST_CASE(report_to_another_group_does_not_suppress)
{
    LanOptions options;
    options.hosts = 1;
    Lan lan = MakeLan(options);
    MessageLog log;
    log.Attach(lan.nodes);
    Ptr<MldProtocol> mld = lan.Mld(0);
    const Ipv6Address other("ff1e::4321");

    mldcompat::ScheduleCallable(Seconds(2), [&]() {
        mld->Join(1, other);
        mld->Join(1, g_group); // reported now, repeat timer running
    });
    mldcompat::ScheduleCallable(Seconds(2.1), [&]() {
        Forge f = ForgedReport(g_group);
        f.destination = other;
        Inject(lan.nodes.Get(0), f);
        BOOST_TEST(mld->GetDropCount(1, MldDropReason::BAD_DESTINATION) == 1u);
        BOOST_TEST(ReceivedBy(log, MldHeader::LISTENER_REPORT, g_group, 0).empty());
        auto rec = FindRecord(mld, g_group);
        BOOST_TEST((rec && rec->flag == MldListenerFlag::I_REPORTED_LAST && rec->timerRunning));
    });
    Simulator::Stop(Seconds(2.2));
    Simulator::Run();
    Simulator::Destroy();
}

// RFC 2710 §4 timers are random: the same seed and run must give byte-identical
// captures, another run different ones.
BOOST_AUTO_TEST_CASE(deterministic_captures)
{
    const std::string dir = MakeTempDir();
    // One small scenario; returns the bytes of every node's pcap.
    auto runOnce = [&dir](uint32_t run, const std::string& name) {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(run);
        {
            LanOptions options;
            options.hosts = 3;
            options.routers = 1;
            options.pcapPrefix = dir + "/" + name;
            Lan lan = MakeLan(options);
            // MakeLan fixes MLD's streams; fix those of ns-3's own random variables
            // (DAD/RS jitter, CSMA backoff) too: streams given automatically count
            // up across the runs of this one process.
            InternetStackHelper().AssignStreams(lan.nodes, 0);
            CsmaHelper().AssignStreams(lan.devices, 100);
            mldcompat::ScheduleCallable(Seconds(1.5), [lan]() { lan.Mld(1)->Join(1, g_group); });
            mldcompat::ScheduleCallable(Seconds(1.7), [lan]() { lan.Mld(2)->Join(1, g_group); });
            mldcompat::ScheduleCallable(Seconds(3), [lan]() { lan.Mld(1)->Leave(1, g_group); });
            Simulator::Stop(Seconds(4));
            Simulator::Run();
        }
        Simulator::Destroy(); // closes the pcap files
        std::vector<std::vector<uint8_t>> files;
        for (uint32_t i = 0; i < 3; ++i)
        {
            files.push_back(ReadFileBytes(dir + "/" + name + "-" + std::to_string(i) + "-0.pcap"));
        }
        return files;
    };

    auto first = runOnce(1, "a");
    auto again = runOnce(1, "b");
    auto other = runOnce(2, "c");
    BOOST_TEST_REQUIRE(first.size() == 3u);
    for (uint32_t i = 0; i < 3; ++i)
    {
        BOOST_TEST_CONTEXT("node " << i)
        {
            BOOST_TEST(first[i].size() > 24u + 10 * 16, "the capture is (nearly) empty");
            BOOST_TEST((first[i] == again[i]), "same seed and run, different capture");
        }
    }
    BOOST_TEST(ReadPcapIpv6(dir + "/a-1-0.pcap").size() > 5u);
    BOOST_TEST((first != other), "another run gave byte-identical captures");
    std::filesystem::remove_all(dir);
}

// RFC 2710 §4/§5 suppression applies to other nodes' reports; like the seeds
// (M_LOOP), a node ignores its own looped-back messages: no suppression, no drop.
BOOST_AUTO_TEST_CASE(own_looped_back_report_ignored)
{
    LanOptions options;
    options.hosts = 1;
    Lan lan = MakeLan(options);
    MessageLog log;
    log.Attach(lan.nodes);
    ListenerLog events;
    events.Attach(lan.nodes);
    Ptr<MldProtocol> mld = lan.Mld(0);
    Ptr<Node> node = lan.nodes.Get(0);

    mldcompat::ScheduleCallable(Seconds(2), [&]() {
        // Joined just now: reported last, and its repeat timer is surely running.
        mld->Join(1, g_group);
        const std::string before = Snapshot(mld);
        const auto counts = DropCounts(mld);
        const size_t sent = log.sent.size();
        const size_t flagChanges = events.flags.size();

        Inject(node, ForgedReport(g_group, lan.LinkLocal(0)));
        Forge query = ForgedQuery(Ipv6Address::GetAny(), 0);
        query.source = lan.LinkLocal(0);
        Inject(node, query);

        BOOST_TEST(Snapshot(mld) == before, "our own report or query changed a record");
        BOOST_TEST(DropCounts(mld) == counts, boost::test_tools::per_element());
        BOOST_TEST(log.drops.empty());
        BOOST_TEST(log.received.empty());
        BOOST_TEST(log.sent.size() == sent, "our own query was answered");
        BOOST_TEST(events.flags.size() == flagChanges);
        auto rec = FindRecord(mld, g_group);
        BOOST_TEST((rec && rec->flag == MldListenerFlag::I_REPORTED_LAST && rec->timerRunning));

        // The same report from another node does suppress.
        Inject(node, ForgedReport(g_group));
        rec = FindRecord(mld, g_group);
        BOOST_TEST((rec && rec->flag == MldListenerFlag::OTHER_LISTENER && !rec->timerRunning));
    });
    Simulator::Stop(Seconds(3.5));
    Simulator::Run();
    Simulator::Destroy();
}

// RFC 2710 §4 for joins made while configuring: nothing is sent before the
// simulation starts, and the node reports such a group when it starts (t = 0,
// from :: as DAD runs, RFC 3590), as a host reports its groups when it boots.
// Kept last: if MldProtocol sends from DoInitialize before the node's devices
// and traffic control are initialized, this crashes and would abort later cases.
BOOST_AUTO_TEST_CASE(join_before_start_reported_at_start)
{
    LanOptions options;
    options.hosts = 2;
    Lan lan = MakeLan(options);
    MessageLog log;
    log.Attach(lan.nodes);
    for (uint32_t i = 0; i < 2; ++i)
    {
        BOOST_TEST(lan.Mld(i)->Join(1, g_group));
        auto rec = FindRecord(lan.Mld(i), g_group);
        BOOST_TEST((rec && rec->refCount == 1u && !rec->timerRunning));
    }
    BOOST_TEST(log.sent.empty(), "MLD sent before the simulation started");

    Simulator::Stop(Seconds(0.5));
    Simulator::Run();
    for (uint32_t i = 0; i < 2; ++i)
    {
        BOOST_TEST_CONTEXT("node " << i)
        {
            auto reports = log.Sent(MldHeader::LISTENER_REPORT, g_group, i);
            BOOST_TEST_REQUIRE(!reports.empty());
            BOOST_TEST(reports[0].time == Seconds(0));
            BOOST_TEST(reports[0].source == Ipv6Address::GetAny());
            auto rec = FindRecord(lan.Mld(i), g_group);
            BOOST_TEST((rec && rec->flag == MldListenerFlag::I_REPORTED_LAST));
        }
    }
    Simulator::Destroy();
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END() // mld_listener
