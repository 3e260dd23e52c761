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

#include <algorithm>

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
                          "times in all (RFC 2710 §7.1, RFC 9777 §9.1). A querier's QRV "
                          "replaces it on MLDv2 interfaces.",
                          UintegerValue(2),
                          MakeUintegerAccessor(&MldListener::m_robustness),
                          MakeUintegerChecker<uint32_t>(1, 255))
            .AddAttribute("UnsolicitedReportInterval",
                          "MLDv1: upper bound of the random delay before each repeat of an "
                          "unsolicited report (RFC 2710 §7.10).",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&MldListener::m_unsolicitedReportInterval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("V2UnsolicitedReportInterval",
                          "MLDv2: upper bound of the random delay before each repeat of a "
                          "State Change Report (RFC 9777 §9.11).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MldListener::m_v2UnsolicitedReportInterval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("SolicitedNodeJoinDelay",
                          "Upper bound of the random delay before the first report for a "
                          "solicited-node group (RFC 4862 §5.4.2, MAX_RTR_SOLICITATION_DELAY).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MldListener::m_solicitedNodeJoinDelay),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("QueryInterval",
                          "Query Interval assumed for the Older Version Querier Present "
                          "timeout, Robustness * QueryInterval + the MLDv1 query's Maximum "
                          "Response Delay (RFC 9777 §9.12).",
                          TimeValue(Seconds(125)),
                          MakeTimeAccessor(&MldListener::m_queryInterval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("Version",
                          "Host version of the interfaces: 1 (MLDv1, as the BSD seeds), 2 "
                          "(MLDv2 only), or 0 (MLDv2, falling back to MLDv1 while an MLDv1 "
                          "querier is present, RFC 9777 §8.2). MldProtocol::SetVersion "
                          "changes one interface.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&MldListener::m_version),
                          MakeUintegerChecker<uint8_t>(0, 2))
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

uint8_t
MldListener::GetDefaultVersion() const
{
    return m_version;
}

bool
MldListener::IsReportable(Ipv6Address group)
{
    // RFC 2710 §5, RFC 9777 §6: never for the link-scope all-nodes address, nor for
    // scope 0 (reserved) or 1 (interface-local).
    uint8_t bytes[16];
    group.GetBytes(bytes);
    uint8_t scope = bytes[1] & 0x0f;
    return group != Ipv6Address::GetAllNodesMulticast() && scope >= 2;
}

bool
MldListener::IsSourceSpecific(Ipv6Address group)
{
    // RFC 4607 §1: FF3x::/96, i.e. flags P and T set, plen 0, network prefix 0.
    uint8_t b[16];
    group.GetBytes(b);
    return b[0] == 0xff && (b[1] & 0xf0) == 0x30 &&
           std::all_of(b + 2, b + 12, [](uint8_t x) { return x == 0; });
}

Time
MldListener::RandomDelay(Time max)
{
    return NanoSeconds(
        static_cast<int64_t>(m_rng->GetValue(0.0, static_cast<double>(max.GetNanoSeconds()))));
}

uint32_t
MldListener::GetRobustness(const MldInterface& mif) const
{
    // RFC 9777 §5.1.8: hosts adopt the querier's non-zero QRV.
    return mif.querierRobustness > 0 ? mif.querierRobustness : m_robustness;
}

MldV2RecordState&
MldListener::V2(MldMembershipRecord& rec)
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
MldListener::StartTimer(MldInterface& mif, Ipv6Address group, MldMembershipRecord& rec, Time delay)
{
    MldStopTimer(rec.timer);
    rec.timer = Simulator::Schedule(delay, &MldListener::TimerExpired, this, mif.GetIndex(), group);
}

// ------------------------------------------------------------------ records

MldMembershipRecord&
MldListener::CreateRecord(MldInterface& mif, Ipv6Address group)
{
    MldMembershipRecord& rec = mif.records[group];
    mif.AddLinkLayerRef(group);
    // The IPv6 layer takes the group's traffic exactly while the record exists.
    m_protocol->GetIpv6()->AddMulticastAddress(group, mif.GetIndex());
    // A group re-joined while its MLDv2 leave is still repeated takes over what is pending.
    auto leaving = mif.leaving.find(group);
    if (leaving != mif.leaving.end())
    {
        MldV2RecordState& pending = leaving->second.pending;
        MldStopTimer(pending.retransmit);
        MldV2RecordState& v2 = V2(rec);
        v2.modeChangeLeft = pending.modeChangeLeft;
        v2.allowLeft = std::move(pending.allowLeft);
        v2.blockLeft = std::move(pending.blockLeft);
        mif.leaving.erase(leaving);
    }
    m_recordCreatedTrace(mif.GetIndex(), group);
    return rec;
}

void
MldListener::DestroyRecord(MldInterface& mif, Ipv6Address group)
{
    auto it = mif.records.find(group);
    MldStopTimer(it->second.timer);
    if (it->second.v2)
    {
        MldStopTimer(it->second.v2->retransmit);
    }
    mif.records.erase(it);
    mif.ReleaseLinkLayerRef(group);
    m_protocol->GetIpv6()->RemoveMulticastAddress(group, mif.GetIndex());
    m_recordDestroyedTrace(mif.GetIndex(), group);
}

void
MldListener::Join(MldInterface& mif, Ipv6Address group, bool delayFirstReport)
{
    NS_LOG_FUNCTION(this << mif.GetIndex() << group << delayFirstReport);
    auto it = mif.records.find(group);
    bool created = it == mif.records.end();
    MldMembershipRecord& rec = created ? CreateRecord(mif, group) : it->second;
    MldSourceFilter before = created ? MldSourceFilter{false, {}} : rec.GetFilter();
    ++rec.refCount;
    Apply(mif, group, before, created, delayFirstReport);
}

bool
MldListener::Leave(MldInterface& mif, Ipv6Address group)
{
    NS_LOG_FUNCTION(this << mif.GetIndex() << group);
    auto it = mif.records.find(group);
    if (it == mif.records.end() || it->second.refCount == 0)
    {
        return false;
    }
    MldSourceFilter before = it->second.GetFilter();
    --it->second.refCount;
    Apply(mif, group, before, false, false);
    return true;
}

std::string
MldListener::SetSourceFilter(MldInterface& mif,
                             Ipv6Address group,
                             uint64_t socket,
                             const MldSourceFilter& filter)
{
    NS_LOG_FUNCTION(this << mif.GetIndex() << group << socket << filter.exclude
                         << filter.sources.size());
    if (!group.IsMulticast())
    {
        return "not a multicast address";
    }
    if (filter.exclude && IsSourceSpecific(group))
    {
        // RFC 4604 §2.2.1: no EXCLUDE-mode (any-source) reception in the SSM range.
        return "EXCLUDE-mode filter refused in the source-specific range ff3x::/96 (RFC 4604)";
    }
    auto it = mif.records.find(group);
    bool exists = it != mif.records.end();
    bool hasSocket = exists && it->second.v2 && it->second.v2->sockets.count(socket) > 0;
    if (filter.IsEmpty() && !hasSocket)
    {
        return "no such socket filter";
    }
    bool created = !exists;
    MldMembershipRecord& rec = created ? CreateRecord(mif, group) : it->second;
    MldSourceFilter before = created ? MldSourceFilter{false, {}} : rec.GetFilter();
    if (filter.IsEmpty())
    {
        V2(rec).sockets.erase(socket);
    }
    else
    {
        V2(rec).sockets[socket] = filter;
    }
    Apply(mif, group, before, created, false);
    return "";
}

MldSourceFilter
MldListener::GetSourceFilter(const MldInterface& mif, Ipv6Address group, uint64_t socket) const
{
    auto it = mif.records.find(group);
    if (it == mif.records.end() || !it->second.v2)
    {
        return MldSourceFilter{false, {}};
    }
    auto s = it->second.v2->sockets.find(socket);
    return s == it->second.v2->sockets.end() ? MldSourceFilter{false, {}} : s->second;
}

void
MldListener::Apply(MldInterface& mif,
                   Ipv6Address group,
                   const MldSourceFilter& before,
                   bool created,
                   bool delayFirstReport)
{
    MldMembershipRecord& rec = mif.records.find(group)->second;
    bool exists = rec.GetReferences() > 0;
    MldSourceFilter after = exists ? rec.GetFilter() : MldSourceFilter{false, {}};
    bool reportable = IsReportable(group) && mif.up;

    if (mif.GetHostVersion() == 1)
    {
        // MLDv1 knows membership only: report on creation, Done on removal (RFC 9777 §8.2.1).
        if (created)
        {
            if (delayFirstReport && reportable)
            {
                rec.flag = MldListenerFlag::REPORT_PENDING; // initial flag, set with the record
                StartTimer(mif, group, rec, RandomDelay(m_solicitedNodeJoinDelay));
            }
            else
            {
                StartListening(mif, group, rec);
            }
        }
        if (!exists)
        {
            MldStopTimer(rec.timer);
            // RFC 2710 §4 (mld_stop_listening): Done only from the last reporter.
            if (rec.flag == MldListenerFlag::I_REPORTED_LAST && reportable)
            {
                m_protocol->SendV1(mif.GetIndex(),
                                   MldHeader::LISTENER_DONE,
                                   group,
                                   Ipv6Address::GetAllRoutersMulticast());
            }
            DestroyRecord(mif, group);
        }
        return;
    }

    // MLDv2.
    if (created && delayFirstReport && reportable)
    {
        rec.flag = MldListenerFlag::REPORT_PENDING; // initial flag, set with the record
        StartTimer(mif, group, rec, RandomDelay(m_solicitedNodeJoinDelay));
        return;
    }
    if (!exists)
    {
        bool pendingFirst = rec.flag == MldListenerFlag::REPORT_PENDING;
        MldV2RecordState pending;
        if (rec.v2)
        {
            pending.modeChangeLeft = rec.v2->modeChangeLeft;
            pending.allowLeft = std::move(rec.v2->allowLeft);
            pending.blockLeft = std::move(rec.v2->blockLeft);
        }
        DestroyRecord(mif, group);
        if (reportable && !pendingFirst && !(before == after))
        {
            // The leave is repeated after the record is gone (RFC 9777 §6.1).
            MldLeavingGroup& leaving = mif.leaving[group];
            leaving.pending = std::move(pending);
            QueueStateChange(mif, group, before, after, leaving.pending);
        }
        return;
    }
    if (reportable && rec.flag != MldListenerFlag::REPORT_PENDING && !(before == after))
    {
        SetFlag(mif, group, rec, MldListenerFlag::I_REPORTED_LAST);
        QueueStateChange(mif, group, before, after, V2(rec));
    }
    else if (created && !reportable)
    {
        SetFlag(mif, group, rec, MldListenerFlag::OTHER_LISTENER);
    }
    ReleaseIdleV2(rec); // all sent at once (Robustness 1), or a socket filter removed
}

// ------------------------------------------------------------------ MLDv1 host

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
    MldStopTimer(rec.timer);
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
MldListener::TimerExpired(uint32_t interface, Ipv6Address group)
{
    Ptr<MldInterface> mif = m_protocol->GetInterface(interface);
    MldMembershipRecord* rec = mif ? mif->Find(group) : nullptr;
    NS_ASSERT_MSG(rec, "a record's timer outlived the record");
    rec->timer = EventId(); // let go of the spent event: an idle record holds none
    NS_LOG_FUNCTION(this << interface << group << rec->flag);
    if (mif->GetHostVersion() == 2)
    {
        if (rec->flag == MldListenerFlag::REPORT_PENDING)
        {
            // Delayed first report (RFC 4862 §5.4.2): the change from INCLUDE {}.
            SetFlag(*mif, group, *rec, MldListenerFlag::I_REPORTED_LAST);
            QueueStateChange(*mif, group, MldSourceFilter{false, {}}, rec->GetFilter(), V2(*rec));
            ReleaseIdleV2(*rec);
            return;
        }
        // RFC 9777 §6.3 rules 2 and 3: answer a group or group-and-source query.
        MldAddressRecord record;
        bool any = CurrentStateRecord(group, *rec, record);
        if (any && rec->v2 && rec->v2->sourceQuery)
        {
            const MldSourceFilter current = rec->GetFilter();
            std::vector<Ipv6Address> answer;
            for (const auto& s : rec->v2->queriedSources)
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
        if (rec->v2)
        {
            rec->v2->sourceQuery = false;
            rec->v2->queriedSources.clear();
            ReleaseIdleV2(*rec);
        }
        if (any)
        {
            m_protocol->SendV2Report(interface, {record});
        }
        return;
    }
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
            MldStopTimer(rec.timer);
            rec.unsolicitedLeft = 0;
            SendReport(mif, g, rec);
        }
        else if (rec.timer.IsExpired() || Simulator::GetDelayLeft(rec.timer) > maxResponseDelay)
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
    if (!rec || !IsReportable(group) || mif.GetHostVersion() != 1)
    {
        return; // MLDv2 hosts do not suppress (RFC 9777 §6)
    }
    NS_LOG_FUNCTION(this << mif.GetIndex() << group);
    // RFC 2710 §5: suppression; the seeds also cancel a pending first report.
    MldStopTimer(rec->timer);
    rec->unsolicitedLeft = 0;
    SetFlag(mif, group, *rec, MldListenerFlag::OTHER_LISTENER);
}

// ------------------------------------------------------------------ MLDv2 host

void
MldListener::QueueStateChange(MldInterface& mif,
                              Ipv6Address group,
                              const MldSourceFilter& before,
                              const MldSourceFilter& after,
                              MldV2RecordState& pending)
{
    // RFC 9777 §6.1: the records that express the change, merged into the pending ones,
    // each to be sent Robustness times.
    uint8_t robustness = static_cast<uint8_t>(GetRobustness(mif));
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
    SendStateChange(mif, group, after, pending);
}

void
MldListener::SendStateChange(MldInterface& mif,
                             Ipv6Address group,
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
        m_protocol->SendV2Report(mif.GetIndex(), records);
    }
    MldStopTimer(pending.retransmit);
    bool more =
        pending.modeChangeLeft > 0 || !pending.allowLeft.empty() || !pending.blockLeft.empty();
    if (more)
    {
        pending.retransmit = Simulator::Schedule(RandomDelay(m_v2UnsolicitedReportInterval),
                                                 &MldListener::RetransmitExpired,
                                                 this,
                                                 mif.GetIndex(),
                                                 group);
    }
    else if (!mif.Find(group))
    {
        mif.leaving.erase(group); // the leave has been repeated enough: forget it
    }
}

void
MldListener::RetransmitExpired(uint32_t interface, Ipv6Address group)
{
    Ptr<MldInterface> mif = m_protocol->GetInterface(interface);
    if (!mif)
    {
        return;
    }
    if (MldMembershipRecord* rec = mif->Find(group))
    {
        V2(*rec).retransmit = EventId(); // the spent event
        SendStateChange(*mif, group, rec->GetFilter(), V2(*rec));
        ReleaseIdleV2(*rec);
        return;
    }
    auto leaving = mif->leaving.find(group);
    if (leaving != mif->leaving.end())
    {
        SendStateChange(*mif, group, MldSourceFilter{false, {}}, leaving->second.pending);
    }
}

bool
MldListener::CurrentStateRecord(Ipv6Address group,
                                const MldMembershipRecord& rec,
                                MldAddressRecord& record) const
{
    if (rec.GetReferences() == 0 || !IsReportable(group) ||
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
MldListener::GeneralResponseExpired(uint32_t interface)
{
    Ptr<MldInterface> mif = m_protocol->GetInterface(interface);
    if (!mif)
    {
        return;
    }
    mif->generalResponse = EventId(); // the spent event
    // RFC 9777 §6.3 rule 1: one Current State Record per group with state.
    std::vector<MldAddressRecord> records;
    for (const auto& [group, rec] : mif->records)
    {
        MldAddressRecord r;
        if (CurrentStateRecord(group, rec, r))
        {
            records.push_back(r);
        }
    }
    if (!records.empty())
    {
        m_protocol->SendV2Report(interface, records);
    }
}

void
MldListener::HandleV2Query(MldInterface& mif, const MldV2QueryHeader& query)
{
    Ipv6Address group = query.GetMulticastAddress();
    Time maxDelay = MilliSeconds(query.GetMaxResponseDelayMs());
    if (mif.GetHostVersion() == 1)
    {
        // An MLDv1 host reads the first 24 octets (RFC 9777 §8.2.1); with the decoded delay.
        HandleQuery(mif, group, maxDelay);
        return;
    }
    NS_LOG_FUNCTION(this << mif.GetIndex() << group << maxDelay << query.GetSources().size());
    if (query.GetQrv() != 0)
    {
        mif.querierRobustness = query.GetQrv(); // RFC 9777 §5.1.8
    }
    Time delay = RandomDelay(maxDelay);
    // Rule 1: a pending general response that comes first covers everything.
    if (!mif.generalResponse.IsExpired() && Simulator::GetDelayLeft(mif.generalResponse) <= delay)
    {
        return;
    }
    if (group.IsAny())
    {
        // Rule 2: general query.
        MldStopTimer(mif.generalResponse);
        mif.generalResponse =
            Simulator::Schedule(delay, &MldListener::GeneralResponseExpired, this, mif.GetIndex());
        return;
    }
    MldMembershipRecord* rec = mif.Find(group);
    if (!rec || !IsReportable(group) || rec->flag == MldListenerFlag::REPORT_PENDING)
    {
        return;
    }
    MldV2RecordState& v2 = V2(*rec);
    const auto& sources = query.GetSources();
    if (rec->timer.IsExpired())
    {
        // §6.2 rule 3: no pending response for the group: record the sources, if any.
        v2.sourceQuery = !sources.empty();
        v2.queriedSources = std::set<Ipv6Address>(sources.begin(), sources.end());
        StartTimer(mif, group, *rec, delay);
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
    if (Simulator::GetDelayLeft(rec->timer) > delay)
    {
        StartTimer(mif, group, *rec, delay);
    }
}

void
MldListener::OlderQuerierHeard(MldInterface& mif, Time maxResponseDelay)
{
    if (mif.version != 0)
    {
        return;
    }
    bool wasV2 = mif.GetHostVersion() == 2;
    // RFC 9777 §9.12: Robustness * Query Interval + Query Response Interval.
    Time timeout = m_queryInterval * GetRobustness(mif) + maxResponseDelay;
    MldStopTimer(mif.olderQuerierPresent);
    mif.olderQuerierPresent =
        Simulator::Schedule(timeout, &MldListener::OlderQuerierExpired, this, mif.GetIndex());
    if (wasV2)
    {
        NS_LOG_INFO("interface " << mif.GetIndex() << ": MLDv1 querier present, MLDv1 mode");
        CancelV2(mif);
    }
}

void
MldListener::OlderQuerierExpired(uint32_t interface)
{
    if (Ptr<MldInterface> mif = m_protocol->GetInterface(interface))
    {
        NS_LOG_INFO("interface " << interface << ": no MLDv1 querier any more, MLDv2 mode");
        CancelV1(*mif);
    }
}

void
MldListener::SetVersion(MldInterface& mif, uint8_t version)
{
    NS_ABORT_MSG_IF(version > 2, "MldListener::SetVersion: version " << +version);
    MldStopTimer(mif.olderQuerierPresent);
    mif.version = version;
    CancelV1(mif);
    CancelV2(mif);
}

void
MldListener::CancelV1(MldInterface& mif)
{
    for (auto& [g, rec] : mif.records)
    {
        if (rec.flag != MldListenerFlag::REPORT_PENDING)
        {
            MldStopTimer(rec.timer);
        }
        rec.unsolicitedLeft = 0;
    }
}

void
MldListener::CancelV2(MldInterface& mif)
{
    MldStopTimer(mif.generalResponse);
    for (auto& [g, rec] : mif.records)
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
    for (auto& [g, leaving] : mif.leaving)
    {
        MldStopTimer(leaving.pending.retransmit);
    }
    mif.leaving.clear();
}

// ------------------------------------------------------------------ interface events

void
MldListener::InterfaceUp(MldInterface& mif)
{
    for (auto& [g, rec] : mif.records)
    {
        if (!IsReportable(g) ||
            (rec.flag == MldListenerFlag::REPORT_PENDING && !rec.timer.IsExpired()))
        {
            continue;
        }
        if (mif.GetHostVersion() == 1)
        {
            StartListening(mif, g, rec);
        }
        else
        {
            // Report the whole state again, as a change from INCLUDE {}.
            SetFlag(mif, g, rec, MldListenerFlag::I_REPORTED_LAST);
            QueueStateChange(mif, g, MldSourceFilter{false, {}}, rec.GetFilter(), V2(rec));
            ReleaseIdleV2(rec);
        }
    }
}

void
MldListener::InterfaceDown(MldInterface& mif)
{
    CancelV1(mif);
    CancelV2(mif);
    for (auto& [g, rec] : mif.records)
    {
        MldStopTimer(rec.timer);
    }
}

void
MldListener::Purge(MldInterface& mif)
{
    InterfaceDown(mif);
    MldStopTimer(mif.olderQuerierPresent);
    mif.records.clear();
}

} // namespace ns3
