/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The MLDv1 host state machine (RFC 2710 §4-5), after the seeds' mld6.c: one timer and one
// flag per record (mld_start_listening, mld_stop_listening, mld_timeo, report suppression).

#include "mld-interface.h"
#include "mld-listener.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldListenerV1");

void
MldListener::V1Apply(Ipv6Address group, bool created, bool removed, bool delayFirstReport)
{
    MldMembershipRecord& rec = m_records.find(group)->second;
    bool reportable = MldIsReportable(group) && m_interface->IsUp();
    if (created)
    {
        if (delayFirstReport && reportable)
        {
            rec.flag = MldListenerFlag::REPORT_PENDING; // initial flag, set with the record
            StartTimer(group, rec, RandomDelay(m_solicitedNodeJoinDelay));
        }
        else
        {
            V1StartListening(group, rec);
        }
    }
    if (removed)
    {
        MldStopTimer(rec.timer);
        // RFC 2710 §4 (mld_stop_listening): Done only from the last reporter.
        if (rec.flag == MldListenerFlag::I_REPORTED_LAST && reportable)
        {
            m_interface->SendV1(MldHeader::LISTENER_DONE,
                                group,
                                Ipv6Address::GetAllRoutersMulticast());
        }
        DestroyRecord(group);
    }
}

void
MldListener::V1SendReport(Ipv6Address group, MldMembershipRecord& rec)
{
    // RFC 2710 §8: a report goes to the group it reports.
    m_interface->SendV1(MldHeader::LISTENER_REPORT, group, group);
    SetFlag(group, rec, MldListenerFlag::I_REPORTED_LAST);
}

void
MldListener::V1StartListening(Ipv6Address group, MldMembershipRecord& rec)
{
    MldStopTimer(rec.timer);
    rec.unsolicitedLeft = 0;
    if (!MldIsReportable(group) || !m_interface->IsUp())
    {
        // Nothing is reported: a later query or interface-up does it.
        SetFlag(group, rec, MldListenerFlag::OTHER_LISTENER);
        return;
    }
    // RFC 2710 §4: report at once, then repeat (Robustness - 1) times.
    V1SendReport(group, rec);
    rec.unsolicitedLeft = static_cast<uint8_t>(m_robustness - 1);
    if (rec.unsolicitedLeft > 0)
    {
        StartTimer(group, rec, RandomDelay(m_unsolicitedReportInterval));
    }
}

void
MldListener::V1TimerExpired(Ipv6Address group, MldMembershipRecord& rec)
{
    if (rec.flag == MldListenerFlag::REPORT_PENDING)
    {
        V1StartListening(group, rec);
        return;
    }
    V1SendReport(group, rec);
    if (rec.unsolicitedLeft > 0 && --rec.unsolicitedLeft > 0)
    {
        StartTimer(group, rec, RandomDelay(m_unsolicitedReportInterval));
    }
}

void
MldListener::V1HandleQuery(Ipv6Address group, Time maxResponseDelay)
{
    NS_LOG_FUNCTION(this << m_index << group << maxResponseDelay);
    for (auto& [g, rec] : m_records)
    {
        if (!MldIsReportable(g) || rec.flag == MldListenerFlag::REPORT_PENDING)
        {
            continue; // never reported, or not yet ready (seeds: REPORTPENDING)
        }
        if (!group.IsAny() && group != g)
        {
            continue;
        }
        if (maxResponseDelay.IsZero())
        {
            MldStopTimer(rec.timer);
            rec.unsolicitedLeft = 0;
            V1SendReport(g, rec);
        }
        else if (rec.timer.IsExpired() || Simulator::GetDelayLeft(rec.timer) > maxResponseDelay)
        {
            // RFC 2710 §4: reset only a timer longer than the Maximum Response Delay.
            rec.unsolicitedLeft = 0;
            StartTimer(g, rec, RandomDelay(maxResponseDelay));
        }
    }
}

void
MldListener::HandleReport(Ipv6Address group)
{
    auto it = m_records.find(group);
    if (it == m_records.end() || !MldIsReportable(group) || GetVersion() != MldVersion::MLDV1)
    {
        return; // MLDv2 hosts do not suppress (RFC 9777 §6)
    }
    NS_LOG_FUNCTION(this << m_index << group);
    // RFC 2710 §5: suppression; the seeds also cancel a pending first report.
    MldStopTimer(it->second.timer);
    it->second.unsolicitedLeft = 0;
    SetFlag(group, it->second, MldListenerFlag::OTHER_LISTENER);
}

void
MldListener::V1Cancel()
{
    for (auto& [g, rec] : m_records)
    {
        if (rec.flag != MldListenerFlag::REPORT_PENDING)
        {
            MldStopTimer(rec.timer);
        }
        rec.unsolicitedLeft = 0;
    }
}

void
MldListener::V1InterfaceUp()
{
    for (auto& [g, rec] : m_records)
    {
        if (MldIsReportable(g) &&
            !(rec.flag == MldListenerFlag::REPORT_PENDING && !rec.timer.IsExpired()))
        {
            V1StartListening(g, rec);
        }
    }
}

} // namespace ns3
