/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The host part's shared pieces: the membership table, the version choice (RFC 9777 §8.2)
// and interface events. The state machines are in mld-listener-v1.cc and mld-listener-v2.cc.

#include "mld-listener.h"

#include "mld-interface.h"
#include "mld-ns3-compat.h"

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
                          "Host version (RFC 9777 §8.2): MLDv1 (as the BSD seeds), MLDv2 "
                          "(MLDv2 only; an MLDv1 query is answered as MLDv2), or "
                          "MLDv2Fallback (MLDv2, in MLDv1 compatibility mode while an MLDv1 "
                          "querier is present). MldProtocol::SetVersion changes one "
                          "interface.",
                          mldcompat::MakeEnumValue(MldHostVersion::MLDV1),
                          mldcompat::MakeEnumAccessorFor<MldHostVersion>(&MldListener::m_version),
                          MakeVersionChecker())
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

Ptr<const AttributeChecker>
MldListener::MakeVersionChecker()
{
    return mldcompat::MakeEnumCheckerFor(MldHostVersion::MLDV1,
                                         "MLDv1",
                                         MldHostVersion::MLDV2,
                                         "MLDv2",
                                         MldHostVersion::MLDV2_FALLBACK,
                                         "MLDv2Fallback");
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
    Purge();
    m_interface = nullptr;
    m_rng = nullptr;
    Object::DoDispose();
}

void
MldListener::Attach(MldInterface* interface)
{
    m_interface = interface;
    m_index = interface->GetIndex();
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
    return MldIsReportable(group);
}

bool
MldListener::IsSourceSpecific(Ipv6Address group)
{
    return MldIsSourceSpecific(group);
}

Time
MldListener::RandomDelay(Time max)
{
    return NanoSeconds(
        static_cast<int64_t>(m_rng->GetValue(0.0, static_cast<double>(max.GetNanoSeconds()))));
}

uint32_t
MldListener::GetRobustness() const
{
    // RFC 9777 §5.1.8: hosts adopt the querier's non-zero QRV.
    return m_querierRobustness > 0 ? m_querierRobustness : m_robustness;
}

void
MldListener::SetFlag(Ipv6Address group, MldMembershipRecord& rec, MldListenerFlag flag)
{
    if (rec.flag != flag)
    {
        MldListenerFlag old = rec.flag;
        rec.flag = flag;
        m_flagChangedTrace(m_index, group, old, flag);
    }
}

void
MldListener::StartTimer(Ipv6Address group, MldMembershipRecord& rec, Time delay)
{
    MldStopTimer(rec.timer);
    rec.timer = Simulator::Schedule(delay, &MldListener::TimerExpired, this, group);
}

// ------------------------------------------------------------------ membership table

MldMembershipRecord&
MldListener::CreateRecord(Ipv6Address group)
{
    MldMembershipRecord& rec = m_records[group];
    Mac48Address mac = Mac48Address::GetMulticast(group); // if_addmulti
    auto ll = FindLinkLayer(mac);
    if (ll == m_linkLayer.end() || ll->first != mac)
    {
        ll = m_linkLayer.emplace(ll, mac, 0);
    }
    ++ll->second;
    // The IPv6 layer takes the group's traffic exactly while the record exists.
    m_interface->AddMulticastAddress(group);
    // A group re-joined while its MLDv2 leave is still repeated takes over what is pending.
    auto leaving = m_leaving.find(group);
    if (leaving != m_leaving.end())
    {
        MldV2RecordState& pending = leaving->second;
        MldStopTimer(pending.retransmit);
        MldV2RecordState& v2 = V2State(rec);
        v2.modeChangeLeft = pending.modeChangeLeft;
        v2.allowLeft = std::move(pending.allowLeft);
        v2.blockLeft = std::move(pending.blockLeft);
        m_leaving.erase(leaving);
    }
    m_recordCreatedTrace(m_index, group);
    return rec;
}

void
MldListener::DestroyRecord(Ipv6Address group)
{
    auto it = m_records.find(group);
    MldStopTimer(it->second.timer);
    if (it->second.v2)
    {
        MldStopTimer(it->second.v2->retransmit);
    }
    m_records.erase(it);
    Mac48Address mac = Mac48Address::GetMulticast(group); // if_delmulti
    auto ll = FindLinkLayer(mac);
    if (ll != m_linkLayer.end() && ll->first == mac && --ll->second == 0)
    {
        m_linkLayer.erase(ll);
    }
    m_interface->RemoveMulticastAddress(group);
    m_recordDestroyedTrace(m_index, group);
}

void
MldListener::Join(Ipv6Address group, bool delayFirstReport)
{
    NS_LOG_FUNCTION(this << m_index << group << delayFirstReport);
    auto it = m_records.find(group);
    bool created = it == m_records.end();
    MldMembershipRecord& rec = created ? CreateRecord(group) : it->second;
    MldSourceFilter before = created ? MldSourceFilter{false, {}} : rec.GetFilter();
    ++rec.refCount;
    Apply(group, before, created, delayFirstReport);
}

bool
MldListener::Leave(Ipv6Address group)
{
    NS_LOG_FUNCTION(this << m_index << group);
    auto it = m_records.find(group);
    if (it == m_records.end() || it->second.refCount == 0)
    {
        return false;
    }
    MldSourceFilter before = it->second.GetFilter();
    --it->second.refCount;
    Apply(group, before, false, false);
    return true;
}

std::optional<MldRefusal>
MldListener::SetSourceFilter(Ipv6Address group, uint64_t socket, const MldSourceFilter& filter)
{
    NS_LOG_FUNCTION(this << m_index << group << socket << filter.exclude << filter.sources.size());
    if (!group.IsMulticast())
    {
        return MldRefusal::NOT_MULTICAST;
    }
    if (filter.exclude && MldIsSourceSpecific(group))
    {
        // RFC 4604 §2.2.1: no EXCLUDE-mode (any-source) reception in the SSM range.
        return MldRefusal::SOURCE_SPECIFIC;
    }
    auto it = m_records.find(group);
    bool exists = it != m_records.end();
    bool hasSocket = exists && it->second.v2 && it->second.v2->sockets.count(socket) > 0;
    if (filter.IsEmpty() && !hasSocket)
    {
        return MldRefusal::NO_SUCH_FILTER;
    }
    bool created = !exists;
    MldMembershipRecord& rec = created ? CreateRecord(group) : it->second;
    MldSourceFilter before = created ? MldSourceFilter{false, {}} : rec.GetFilter();
    if (filter.IsEmpty())
    {
        V2State(rec).sockets.erase(socket);
    }
    else
    {
        V2State(rec).sockets[socket] = filter;
    }
    Apply(group, before, created, false);
    return std::nullopt;
}

MldSourceFilter
MldListener::GetSourceFilter(Ipv6Address group, uint64_t socket) const
{
    auto it = m_records.find(group);
    if (it == m_records.end() || !it->second.v2)
    {
        return MldSourceFilter{false, {}};
    }
    auto s = it->second.v2->sockets.find(socket);
    return s == it->second.v2->sockets.end() ? MldSourceFilter{false, {}} : s->second;
}

void
MldListener::Apply(Ipv6Address group,
                   const MldSourceFilter& before,
                   bool created,
                   bool delayFirstReport)
{
    const MldMembershipRecord& rec = m_records.find(group)->second;
    bool removed = rec.GetReferences() == 0;
    if (GetVersion() == MldVersion::MLDV1)
    {
        // MLDv1 knows membership only: source lists never go on the wire (RFC 9777 §8.2.1).
        V1Apply(group, created, removed, delayFirstReport);
    }
    else
    {
        MldSourceFilter after = removed ? MldSourceFilter{false, {}} : rec.GetFilter();
        V2Apply(group, before, after, created, removed, delayFirstReport);
    }
}

void
MldListener::TimerExpired(Ipv6Address group)
{
    auto it = m_records.find(group);
    NS_ASSERT_MSG(it != m_records.end(), "a record's timer outlived the record");
    MldMembershipRecord& rec = it->second;
    rec.timer = EventId(); // let go of the spent event: an idle record holds none
    NS_LOG_FUNCTION(this << m_index << group << rec.flag);
    if (GetVersion() == MldVersion::MLDV1)
    {
        V1TimerExpired(group, rec);
    }
    else
    {
        V2TimerExpired(group, rec);
    }
}

// ------------------------------------------------------------------ version (RFC 9777 §8.2)

void
MldListener::SetVersion(MldHostVersion version)
{
    MldStopTimer(m_olderQuerierPresent);
    m_version = version;
    V1Cancel();
    V2Cancel();
}

MldHostVersion
MldListener::GetConfiguredVersion() const
{
    return m_version;
}

MldVersion
MldListener::GetVersion() const
{
    bool v1 = m_version == MldHostVersion::MLDV1 || (m_version == MldHostVersion::MLDV2_FALLBACK &&
                                                     mldcompat::IsPending(m_olderQuerierPresent));
    return v1 ? MldVersion::MLDV1 : MldVersion::MLDV2;
}

bool
MldListener::IsOlderVersionQuerierPresent() const
{
    return mldcompat::IsPending(m_olderQuerierPresent);
}

void
MldListener::HandleV1Query(Ipv6Address group, Time maxResponseDelay)
{
    if (m_version == MldHostVersion::MLDV2_FALLBACK)
    {
        // RFC 9777 §8.2.1: an MLDv1 querier turns the interface to MLDv1 for
        // Robustness * Query Interval + the query's Maximum Response Delay (§9.12).
        bool wasV2 = GetVersion() == MldVersion::MLDV2;
        MldStopTimer(m_olderQuerierPresent);
        m_olderQuerierPresent =
            Simulator::Schedule(m_queryInterval * GetRobustness() + maxResponseDelay,
                                &MldListener::OlderQuerierExpired,
                                this);
        if (wasV2)
        {
            NS_LOG_INFO("interface " << m_index << ": MLDv1 querier present, MLDv1 mode");
            V2Cancel();
        }
    }
    if (GetVersion() == MldVersion::MLDV1)
    {
        V1HandleQuery(group, maxResponseDelay);
        return;
    }
    // A host forced to MLDv2 answers an MLDv1 query as the same MLDv2 query.
    MldV2QueryHeader asV2;
    asV2.SetMulticastAddress(group);
    asV2.SetMaxResponseDelayMs(static_cast<uint32_t>(maxResponseDelay.GetMilliSeconds()));
    V2HandleQuery(asV2);
}

void
MldListener::HandleV2Query(const MldV2QueryHeader& query)
{
    if (GetVersion() == MldVersion::MLDV1)
    {
        // An MLDv1 host reads the first 24 octets (RFC 9777 §8.2.1), with the decoded delay.
        V1HandleQuery(query.GetMulticastAddress(), MilliSeconds(query.GetMaxResponseDelayMs()));
        return;
    }
    V2HandleQuery(query);
}

void
MldListener::OlderQuerierExpired()
{
    NS_LOG_INFO("interface " << m_index << ": no MLDv1 querier any more, MLDv2 mode");
    m_olderQuerierPresent = EventId();
    V1Cancel();
}

// ------------------------------------------------------------------ interface events

void
MldListener::InterfaceUp()
{
    if (GetVersion() == MldVersion::MLDV1)
    {
        V1InterfaceUp();
    }
    else
    {
        V2InterfaceUp();
    }
}

void
MldListener::InterfaceDown()
{
    V1Cancel();
    V2Cancel();
    for (auto& [g, rec] : m_records)
    {
        MldStopTimer(rec.timer);
    }
}

void
MldListener::Purge()
{
    InterfaceDown();
    MldStopTimer(m_olderQuerierPresent);
    m_records.clear();
    m_linkLayer.clear();
}

// ------------------------------------------------------------------ inspection

const MldMembershipRecord*
MldListener::FindRecord(Ipv6Address group) const
{
    auto it = m_records.find(group);
    return it == m_records.end() ? nullptr : &it->second;
}

const std::map<Ipv6Address, MldMembershipRecord>&
MldListener::GetRecordTable() const
{
    return m_records;
}

const MldV2RecordState*
MldListener::FindLeaving(Ipv6Address group) const
{
    auto it = m_leaving.find(group);
    return it == m_leaving.end() ? nullptr : &it->second;
}

std::size_t
MldListener::GetNLeaving() const
{
    return m_leaving.size();
}

const EventId&
MldListener::GetGeneralResponse() const
{
    return m_generalResponse;
}

uint8_t
MldListener::GetQuerierRobustness() const
{
    return m_querierRobustness;
}

uint32_t
MldListener::GetLinkLayerRefs(Mac48Address mac) const
{
    auto it = std::lower_bound(m_linkLayer.begin(),
                               m_linkLayer.end(),
                               mac,
                               [](const auto& entry, Mac48Address m) { return entry.first < m; });
    return it == m_linkLayer.end() || it->first != mac ? 0 : it->second;
}

MldListener::LinkLayerList::iterator
MldListener::FindLinkLayer(Mac48Address mac)
{
    return std::lower_bound(m_linkLayer.begin(),
                            m_linkLayer.end(),
                            mac,
                            [](const auto& entry, Mac48Address m) { return entry.first < m; });
}

const MldListener::LinkLayerList&
MldListener::GetLinkLayerList() const
{
    return m_linkLayer;
}

uint32_t
MldListener::GetNPendingEvents() const
{
    uint32_t pending = 0;
    for (const auto& [group, rec] : m_records)
    {
        pending += mldcompat::IsPending(rec.timer) ? 1 : 0;
        pending += rec.v2 && mldcompat::IsPending(rec.v2->retransmit) ? 1 : 0;
    }
    for (const auto& [group, leaving] : m_leaving)
    {
        pending += mldcompat::IsPending(leaving.retransmit) ? 1 : 0;
    }
    pending += mldcompat::IsPending(m_generalResponse) ? 1 : 0;
    pending += mldcompat::IsPending(m_olderQuerierPresent) ? 1 : 0;
    return pending;
}

} // namespace ns3
