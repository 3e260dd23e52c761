/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The MLDv2 host state machine (RFC 9777 §6): State Change Reports repeated Robustness
// times with later changes merged in (§6.1), and the responses to queries (§6.2, §6.3).

#include "mld-interface.h"
#include "mld-listener.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldListenerV2");

MldV2RecordState&
MldListener::V2State(MldMembershipRecord& rec)
{
    if (!rec.v2)
    {
        rec.v2 = std::make_unique<MldV2RecordState>();
    }
    return *rec.v2;
}

void
MldListener::ReleaseIdleV2(MldMembershipRecord& rec)
{
    const MldV2RecordState* v2 = rec.v2.get();
    if (v2 && v2->sockets.empty() && v2->modeChangeLeft == 0 && v2->allowLeft.empty() &&
        v2->blockLeft.empty() && v2->retransmit.IsExpired() && !v2->sourceQuery &&
        v2->queriedSources.empty())
    {
        rec.v2.reset();
    }
}

void
MldListener::V2Apply(Ipv6Address group,
                     const MldSourceFilter& before,
                     const MldSourceFilter& after,
                     bool created,
                     bool removed,
                     bool delayFirstReport)
{
    MldMembershipRecord& rec = m_records.find(group)->second;
    bool reportable = MldIsReportable(group) && m_interface->IsUp();
    if (created && delayFirstReport && reportable)
    {
        rec.flag = MldListenerFlag::REPORT_PENDING; // initial flag, set with the record
        StartTimer(group, rec, RandomDelay(m_solicitedNodeJoinDelay));
        return;
    }
    if (removed)
    {
        bool pendingFirst = rec.flag == MldListenerFlag::REPORT_PENDING;
        MldV2RecordState pending;
        if (rec.v2)
        {
            pending.modeChangeLeft = rec.v2->modeChangeLeft;
            pending.allowLeft = std::move(rec.v2->allowLeft);
            pending.blockLeft = std::move(rec.v2->blockLeft);
        }
        DestroyRecord(group);
        if (reportable && !pendingFirst && !(before == after))
        {
            // The leave is repeated after the record is gone (RFC 9777 §6.1).
            MldV2RecordState& leaving = m_leaving[group];
            leaving = std::move(pending);
            V2QueueStateChange(group, before, after, leaving);
        }
        return;
    }
    if (reportable && rec.flag != MldListenerFlag::REPORT_PENDING && !(before == after))
    {
        SetFlag(group, rec, MldListenerFlag::I_REPORTED_LAST);
        V2QueueStateChange(group, before, after, V2State(rec));
    }
    else if (created && !reportable)
    {
        SetFlag(group, rec, MldListenerFlag::OTHER_LISTENER);
    }
    ReleaseIdleV2(rec); // all sent at once (Robustness 1), or a socket filter removed
}

void
MldListener::V2QueueStateChange(Ipv6Address group,
                                const MldSourceFilter& before,
                                const MldSourceFilter& after,
                                MldV2RecordState& pending)
{
    // RFC 9777 §6.1: the records that express the change, merged into the pending ones,
    // each to be sent Robustness times.
    uint8_t robustness = static_cast<uint8_t>(GetRobustness());
    if (before.exclude != after.exclude)
    {
        pending.modeChangeLeft = robustness; // TO_IN/TO_EX carries the whole new list
        pending.allowLeft.clear();
        pending.blockLeft.clear();
    }
    else
    {
        const std::set<Ipv6Address>& gained = after.exclude ? before.sources : after.sources;
        const std::set<Ipv6Address>& lost = after.exclude ? after.sources : before.sources;
        for (const auto& s : gained)
        {
            if (!(after.exclude ? after.sources : before.sources).count(s))
            {
                pending.allowLeft[s] = robustness;
                pending.blockLeft.erase(s);
            }
        }
        for (const auto& s : lost)
        {
            if (!(after.exclude ? before.sources : after.sources).count(s))
            {
                pending.blockLeft[s] = robustness;
                pending.allowLeft.erase(s);
            }
        }
        // A pending filter-mode change keeps its own count: its record goes in the next
        // [Robustness] reports from the mode change, whatever source changes follow.
    }
    V2SendStateChange(group, after, pending);
}

void
MldListener::V2SendStateChange(Ipv6Address group,
                               const MldSourceFilter& current,
                               MldV2RecordState& pending)
{
    std::vector<MldAddressRecord> records;
    if (pending.modeChangeLeft > 0)
    {
        MldAddressRecord r;
        r.type = current.exclude ? MldAddressRecord::CHANGE_TO_EXCLUDE_MODE
                                 : MldAddressRecord::CHANGE_TO_INCLUDE_MODE;
        r.group = group;
        r.sources.assign(current.sources.begin(), current.sources.end());
        records.push_back(r);
        --pending.modeChangeLeft;
        // Each report sent counts for every pending source too: TO_IN/TO_EX carries it.
        for (auto* list : {&pending.allowLeft, &pending.blockLeft})
        {
            for (auto it = list->begin(); it != list->end();)
            {
                it = --it->second == 0 ? list->erase(it) : std::next(it);
            }
        }
    }
    else
    {
        for (auto* list : {&pending.allowLeft, &pending.blockLeft})
        {
            MldAddressRecord r;
            r.type = list == &pending.allowLeft ? MldAddressRecord::ALLOW_NEW_SOURCES
                                                : MldAddressRecord::BLOCK_OLD_SOURCES;
            r.group = group;
            for (auto it = list->begin(); it != list->end();)
            {
                r.sources.push_back(it->first);
                it = --it->second == 0 ? list->erase(it) : std::next(it);
            }
            if (!r.sources.empty())
            {
                records.push_back(r);
            }
        }
    }
    if (!records.empty())
    {
        m_interface->SendV2Report(records);
    }
    MldStopTimer(pending.retransmit);
    bool more =
        pending.modeChangeLeft > 0 || !pending.allowLeft.empty() || !pending.blockLeft.empty();
    if (more)
    {
        pending.retransmit = Simulator::Schedule(RandomDelay(m_v2UnsolicitedReportInterval),
                                                 &MldListener::V2RetransmitExpired,
                                                 this,
                                                 group);
    }
    else if (m_records.count(group) == 0)
    {
        m_leaving.erase(group); // the leave has been repeated enough: forget it
    }
}

void
MldListener::V2RetransmitExpired(Ipv6Address group)
{
    auto it = m_records.find(group);
    if (it != m_records.end())
    {
        MldMembershipRecord& rec = it->second;
        V2State(rec).retransmit = EventId(); // the spent event
        V2SendStateChange(group, rec.GetFilter(), V2State(rec));
        ReleaseIdleV2(rec);
        return;
    }
    auto leaving = m_leaving.find(group);
    if (leaving != m_leaving.end())
    {
        V2SendStateChange(group, MldSourceFilter{false, {}}, leaving->second);
    }
}

bool
MldListener::V2CurrentStateRecord(Ipv6Address group,
                                  const MldMembershipRecord& rec,
                                  MldAddressRecord& record) const
{
    if (rec.GetReferences() == 0 || !MldIsReportable(group) ||
        rec.flag == MldListenerFlag::REPORT_PENDING)
    {
        return false;
    }
    MldSourceFilter f = rec.GetFilter();
    record.type = f.exclude ? MldAddressRecord::MODE_IS_EXCLUDE : MldAddressRecord::MODE_IS_INCLUDE;
    record.group = group;
    record.sources.assign(f.sources.begin(), f.sources.end());
    return true;
}

void
MldListener::V2GeneralResponseExpired()
{
    m_generalResponse = EventId(); // the spent event
    // RFC 9777 §6.3 rule 1: one Current State Record per group with state.
    std::vector<MldAddressRecord> records;
    for (const auto& [group, rec] : m_records)
    {
        MldAddressRecord r;
        if (V2CurrentStateRecord(group, rec, r))
        {
            records.push_back(r);
        }
    }
    if (!records.empty())
    {
        m_interface->SendV2Report(records);
    }
}

void
MldListener::V2TimerExpired(Ipv6Address group, MldMembershipRecord& rec)
{
    if (rec.flag == MldListenerFlag::REPORT_PENDING)
    {
        // Delayed first report (RFC 4862 §5.4.2): the change from INCLUDE {}.
        SetFlag(group, rec, MldListenerFlag::I_REPORTED_LAST);
        V2QueueStateChange(group, MldSourceFilter{false, {}}, rec.GetFilter(), V2State(rec));
        ReleaseIdleV2(rec);
        return;
    }
    // RFC 9777 §6.3 rules 2 and 3: answer a group or group-and-source query.
    MldAddressRecord record;
    bool any = V2CurrentStateRecord(group, rec, record);
    if (any && rec.v2 && rec.v2->sourceQuery)
    {
        const MldSourceFilter current = rec.GetFilter();
        std::vector<Ipv6Address> answer;
        for (const auto& s : rec.v2->queriedSources)
        {
            bool listening =
                current.exclude ? current.sources.count(s) == 0 : current.sources.count(s) > 0;
            if (listening)
            {
                answer.push_back(s);
            }
        }
        record.type = MldAddressRecord::MODE_IS_INCLUDE;
        record.sources = answer;
        any = !answer.empty();
    }
    if (rec.v2)
    {
        rec.v2->sourceQuery = false;
        rec.v2->queriedSources.clear();
        ReleaseIdleV2(rec);
    }
    if (any)
    {
        m_interface->SendV2Report({record});
    }
}

void
MldListener::V2HandleQuery(const MldV2QueryHeader& query)
{
    Ipv6Address group = query.GetMulticastAddress();
    Time maxDelay = MilliSeconds(query.GetMaxResponseDelayMs());
    NS_LOG_FUNCTION(this << m_index << group << maxDelay << query.GetSources().size());
    if (query.GetQrv() != 0)
    {
        m_querierRobustness = query.GetQrv(); // RFC 9777 §5.1.8
    }
    Time delay = RandomDelay(maxDelay);
    // Rule 1: a pending general response that comes first covers everything.
    if (!m_generalResponse.IsExpired() && Simulator::GetDelayLeft(m_generalResponse) <= delay)
    {
        return;
    }
    if (group.IsAny())
    {
        // Rule 2: general query.
        MldStopTimer(m_generalResponse);
        m_generalResponse =
            Simulator::Schedule(delay, &MldListener::V2GeneralResponseExpired, this);
        return;
    }
    auto it = m_records.find(group);
    if (it == m_records.end() || !MldIsReportable(group) ||
        it->second.flag == MldListenerFlag::REPORT_PENDING)
    {
        return;
    }
    MldMembershipRecord& rec = it->second;
    MldV2RecordState& v2 = V2State(rec);
    const auto& sources = query.GetSources();
    if (rec.timer.IsExpired())
    {
        // §6.2 rule 3: no pending response for the group: record the sources, if any.
        v2.sourceQuery = !sources.empty();
        v2.queriedSources = std::set<Ipv6Address>(sources.begin(), sources.end());
        StartTimer(group, rec, delay);
        return;
    }
    // §6.2 rule 4: a pending response: the earlier delay, and the union of the source lists
    // unless either query was group-specific.
    if (sources.empty() || !v2.sourceQuery)
    {
        v2.sourceQuery = false;
        v2.queriedSources.clear();
    }
    else
    {
        v2.queriedSources.insert(sources.begin(), sources.end());
    }
    if (Simulator::GetDelayLeft(rec.timer) > delay)
    {
        StartTimer(group, rec, delay);
    }
}

void
MldListener::V2Cancel()
{
    MldStopTimer(m_generalResponse);
    for (auto& [g, rec] : m_records)
    {
        if (rec.flag != MldListenerFlag::REPORT_PENDING)
        {
            MldStopTimer(rec.timer);
        }
        if (rec.v2)
        {
            MldStopTimer(rec.v2->retransmit);
            rec.v2->modeChangeLeft = 0;
            rec.v2->allowLeft.clear();
            rec.v2->blockLeft.clear();
            rec.v2->sourceQuery = false;
            rec.v2->queriedSources.clear();
            ReleaseIdleV2(rec);
        }
    }
    for (auto& [g, leaving] : m_leaving)
    {
        MldStopTimer(leaving.retransmit);
    }
    m_leaving.clear();
}

void
MldListener::V2InterfaceUp()
{
    for (auto& [g, rec] : m_records)
    {
        if (!MldIsReportable(g) ||
            (rec.flag == MldListenerFlag::REPORT_PENDING && !rec.timer.IsExpired()))
        {
            continue;
        }
        // Report the whole state again, as a change from INCLUDE {}.
        SetFlag(g, rec, MldListenerFlag::I_REPORTED_LAST);
        V2QueueStateChange(g, MldSourceFilter{false, {}}, rec.GetFilter(), V2State(rec));
        ReleaseIdleV2(rec);
    }
}

} // namespace ns3
