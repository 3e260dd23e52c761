/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-listener.h"

#include "mld-protocol.h"

#include "ns3/ipv6-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldListener");

NS_OBJECT_ENSURE_REGISTERED(MldListener);

TypeId
MldListener::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MldListener")
            .SetParent<Object>()
            .SetGroupName("Mld")
            .AddConstructor<MldListener>()
            .AddAttribute("Robustness",
                          "Robustness Variable: an unsolicited report is sent this many "
                          "times in all (RFC 2710 §7.1).",
                          UintegerValue(2),
                          MakeUintegerAccessor(&MldListener::m_robustness),
                          MakeUintegerChecker<uint32_t>(1, 255))
            .AddAttribute("UnsolicitedReportInterval",
                          "Upper bound of the random delay before each repeat of an "
                          "unsolicited report (RFC 2710 §7.10).",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&MldListener::m_unsolicitedReportInterval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("SolicitedNodeJoinDelay",
                          "Upper bound of the random delay before the first report for a "
                          "solicited-node group (RFC 4862 §5.4.2, MAX_RTR_SOLICITATION_DELAY).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MldListener::m_solicitedNodeJoinDelay),
                          MakeTimeChecker(Time(0)))
            .AddTraceSource("RecordCreated",
                            "A membership record was created.",
                            MakeTraceSourceAccessor(&MldListener::m_recordCreatedTrace),
                            "ns3::MldListener::RecordTracedCallback")
            .AddTraceSource("RecordDestroyed",
                            "A membership record was removed.",
                            MakeTraceSourceAccessor(&MldListener::m_recordDestroyedTrace),
                            "ns3::MldListener::RecordTracedCallback")
            .AddTraceSource("FlagChanged",
                            "A record's flag changed.",
                            MakeTraceSourceAccessor(&MldListener::m_flagChangedTrace),
                            "ns3::MldListener::FlagTracedCallback");
    return tid;
}

MldListener::MldListener()
    : m_rng(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

MldListener::~MldListener()
{
    NS_LOG_FUNCTION(this);
}

void
MldListener::DoDispose()
{
    m_protocol = nullptr;
    m_rng = nullptr;
    Object::DoDispose();
}

void
MldListener::SetProtocol(MldProtocol* protocol)
{
    m_protocol = protocol;
}

int64_t
MldListener::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

bool
MldListener::IsReportable(Ipv6Address group)
{
    // RFC 2710 §5: never for the link-scope all-nodes address, nor for scope 0 or 1.
    uint8_t bytes[16];
    group.GetBytes(bytes);
    uint8_t scope = bytes[1] & 0x0f;
    return !group.IsAllNodesMulticast() && scope >= 2;
}

Time
MldListener::RandomDelay(Time max)
{
    return NanoSeconds(
        static_cast<int64_t>(m_rng->GetValue(0.0, static_cast<double>(max.GetNanoSeconds()))));
}

void
MldListener::SetFlag(MldInterface& mif,
                     Ipv6Address group,
                     MldMembershipRecord& rec,
                     MldListenerFlag flag)
{
    if (rec.flag != flag)
    {
        MldListenerFlag old = rec.flag;
        rec.flag = flag;
        m_flagChangedTrace(mif.GetIndex(), group, old, flag);
    }
}

void
MldListener::StartTimer(MldInterface& mif,
                        Ipv6Address group,
                        MldMembershipRecord& rec,
                        Time delay)
{
    rec.timer.Cancel();
    rec.timer = Simulator::Schedule(delay, &MldListener::TimerExpired, this, mif.GetIndex(), group);
}

void
MldListener::SendReport(MldInterface& mif, Ipv6Address group, MldMembershipRecord& rec)
{
    // RFC 2710 §8: a report goes to the group it reports.
    m_protocol->SendV1(mif.GetIndex(), MldHeader::LISTENER_REPORT, group, group);
    SetFlag(mif, group, rec, MldListenerFlag::I_REPORTED_LAST);
}

void
MldListener::StartListening(MldInterface& mif, Ipv6Address group, MldMembershipRecord& rec)
{
    rec.timer.Cancel();
    rec.unsolicitedLeft = 0;
    if (!IsReportable(group) || !mif.up)
    {
        // Nothing is reported: a later query or interface-up does it.
        SetFlag(mif, group, rec, MldListenerFlag::OTHER_LISTENER);
        return;
    }
    // RFC 2710 §4: report at once, then repeat (Robustness - 1) times.
    SendReport(mif, group, rec);
    rec.unsolicitedLeft = static_cast<uint8_t>(m_robustness - 1);
    if (rec.unsolicitedLeft > 0)
    {
        StartTimer(mif, group, rec, RandomDelay(m_unsolicitedReportInterval));
    }
}

void
MldListener::Join(MldInterface& mif, Ipv6Address group, bool delayFirstReport)
{
    NS_LOG_FUNCTION(this << mif.GetIndex() << group << delayFirstReport);
    auto it = mif.records.find(group);
    if (it != mif.records.end())
    {
        ++it->second.refCount;
        return;
    }
    MldMembershipRecord& rec = mif.records[group];
    rec.refCount = 1;
    mif.AddLinkLayerRef(group);
    // The IPv6 layer takes the group's traffic exactly while the record exists.
    m_protocol->GetIpv6()->AddMulticastAddress(group, mif.GetIndex());
    m_recordCreatedTrace(mif.GetIndex(), group);

    if (delayFirstReport && IsReportable(group) && mif.up)
    {
        rec.flag = MldListenerFlag::REPORT_PENDING;
        StartTimer(mif, group, rec, RandomDelay(m_solicitedNodeJoinDelay));
        return;
    }
    StartListening(mif, group, rec);
}

bool
MldListener::Leave(MldInterface& mif, Ipv6Address group)
{
    NS_LOG_FUNCTION(this << mif.GetIndex() << group);
    auto it = mif.records.find(group);
    if (it == mif.records.end())
    {
        return false;
    }
    MldMembershipRecord& rec = it->second;
    if (--rec.refCount > 0)
    {
        return true;
    }
    rec.timer.Cancel();
    // RFC 2710 §4 (mld_stop_listening): Done only from the last reporter.
    if (rec.flag == MldListenerFlag::I_REPORTED_LAST && IsReportable(group) && mif.up)
    {
        m_protocol->SendV1(mif.GetIndex(),
                           MldHeader::LISTENER_DONE,
                           group,
                           Ipv6Address::GetAllRoutersMulticast());
    }
    mif.records.erase(it);
    mif.ReleaseLinkLayerRef(group);
    m_protocol->GetIpv6()->RemoveMulticastAddress(group, mif.GetIndex());
    m_recordDestroyedTrace(mif.GetIndex(), group);
    return true;
}

void
MldListener::TimerExpired(uint32_t interface, Ipv6Address group)
{
    Ptr<MldInterface> mif = m_protocol->GetInterface(interface);
    MldMembershipRecord* rec = mif ? mif->Find(group) : nullptr;
    NS_ASSERT_MSG(rec, "a record's timer outlived the record");
    NS_LOG_FUNCTION(this << interface << group << rec->flag);
    if (rec->flag == MldListenerFlag::REPORT_PENDING)
    {
        StartListening(*mif, group, *rec);
        return;
    }
    SendReport(*mif, group, *rec);
    if (rec->unsolicitedLeft > 0 && --rec->unsolicitedLeft > 0)
    {
        StartTimer(*mif, group, *rec, RandomDelay(m_unsolicitedReportInterval));
    }
}

void
MldListener::HandleQuery(MldInterface& mif, Ipv6Address group, Time maxResponseDelay)
{
    NS_LOG_FUNCTION(this << mif.GetIndex() << group << maxResponseDelay);
    for (auto& [g, rec] : mif.records)
    {
        if (!IsReportable(g) || rec.flag == MldListenerFlag::REPORT_PENDING)
        {
            continue; // never reported, or not yet ready (seeds: REPORTPENDING)
        }
        if (!group.IsAny() && group != g)
        {
            continue;
        }
        if (maxResponseDelay.IsZero())
        {
            rec.timer.Cancel();
            rec.unsolicitedLeft = 0;
            SendReport(mif, g, rec);
        }
        else if (rec.timer.IsExpired() ||
                 Simulator::GetDelayLeft(rec.timer) > maxResponseDelay)
        {
            // RFC 2710 §4: reset only a timer longer than the Maximum Response Delay.
            rec.unsolicitedLeft = 0;
            StartTimer(mif, g, rec, RandomDelay(maxResponseDelay));
        }
    }
}

void
MldListener::HandleReport(MldInterface& mif, Ipv6Address group)
{
    MldMembershipRecord* rec = mif.Find(group);
    if (!rec || !IsReportable(group))
    {
        return;
    }
    NS_LOG_FUNCTION(this << mif.GetIndex() << group);
    // RFC 2710 §5: suppression; the seeds also cancel a pending first report.
    rec->timer.Cancel();
    rec->unsolicitedLeft = 0;
    SetFlag(mif, group, *rec, MldListenerFlag::OTHER_LISTENER);
}

void
MldListener::InterfaceUp(MldInterface& mif)
{
    for (auto& [g, rec] : mif.records)
    {
        if (IsReportable(g) && !(rec.flag == MldListenerFlag::REPORT_PENDING && !rec.timer.IsExpired()))
        {
            StartListening(mif, g, rec);
        }
    }
}

void
MldListener::InterfaceDown(MldInterface& mif)
{
    for (auto& [g, rec] : mif.records)
    {
        rec.timer.Cancel();
        rec.unsolicitedLeft = 0;
    }
}

void
MldListener::Purge(MldInterface& mif)
{
    for (auto& [g, rec] : mif.records)
    {
        rec.timer.Cancel();
    }
    mif.records.clear();
}

} // namespace ns3
