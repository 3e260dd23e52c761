/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-querier.h"

#include "mld-header.h"
#include "mld-interface.h"
#include "mld-ns3-compat.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iterator>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldQuerier");

NS_OBJECT_ENSURE_REGISTERED(MldQuerier);

std::ostream&
operator<<(std::ostream& os, MldGroupState state)
{
    switch (state)
    {
    case MldGroupState::NO_LISTENERS:
        return os << "NoListeners";
    case MldGroupState::LISTENERS_PRESENT:
        return os << "ListenersPresent";
    case MldGroupState::CHECKING_LISTENERS:
        return os << "CheckingListeners";
    }
    return os << "?";
}

std::ostream&
operator<<(std::ostream& os, MldFilterMode mode)
{
    return os << (mode == MldFilterMode::INCLUDE ? "INCLUDE" : "EXCLUDE");
}

std::set<Ipv6Address>
MldListenerEntry::RunningSources() const
{
    std::set<Ipv6Address> out;
    for (const auto& s : sources)
    {
        if (s.running)
        {
            out.insert(s.source);
        }
    }
    return out;
}

std::set<Ipv6Address>
MldListenerEntry::StoppedSources() const
{
    std::set<Ipv6Address> out;
    for (const auto& s : sources)
    {
        if (!s.running)
        {
            out.insert(s.source);
        }
    }
    return out;
}

const MldRouterSourceEntry*
MldListenerEntry::FindSource(Ipv6Address source) const
{
    for (const auto& s : sources)
    {
        if (s.source == source)
        {
            return &s;
        }
    }
    return nullptr;
}

TypeId
MldQuerier::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MldQuerier")
            .SetParent<Object>()
            .SetGroupName("Mld")
            .AddConstructor<MldQuerier>()
            .AddAttribute("Robustness",
                          "Robustness Variable (RFC 2710 §7.1).",
                          UintegerValue(2),
                          MakeUintegerAccessor(&MldQuerier::m_robustness),
                          MakeUintegerChecker<uint32_t>(1, 255))
            .AddAttribute("QueryInterval",
                          "Interval between General Queries sent by the querier (RFC 2710 §7.2).",
                          TimeValue(Seconds(125)),
                          MakeTimeAccessor(&MldQuerier::m_queryInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("QueryResponseInterval",
                          "Maximum Response Delay in General Queries (RFC 2710 §7.3). "
                          "Must be below QueryInterval and at most 65535 ms.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&MldQuerier::m_queryResponseInterval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("LastListenerQueryInterval",
                          "Maximum Response Delay in, and interval between, "
                          "Multicast-Address-Specific Queries after a Done (RFC 2710 §7.8).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MldQuerier::m_lastListenerQueryInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MulticastListenerInterval",
                          "Time without reports after which a group has no listeners "
                          "(RFC 2710 §7.4). 0: Robustness * QueryInterval + "
                          "QueryResponseInterval.",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&MldQuerier::m_multicastListenerInterval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("OtherQuerierPresentInterval",
                          "Time without queries from a lower address after which this router "
                          "becomes querier again (RFC 2710 §7.5). 0: Robustness * "
                          "QueryInterval + QueryResponseInterval / 2.",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&MldQuerier::m_otherQuerierPresentInterval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("StartupQueryInterval",
                          "Interval between the startup General Queries (RFC 2710 §7.6). "
                          "0: QueryInterval / 4.",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&MldQuerier::m_startupQueryInterval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("StartupQueryCount",
                          "Number of startup General Queries (RFC 2710 §7.7). 0: Robustness.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&MldQuerier::m_startupQueryCount),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("LastListenerQueryCount",
                          "Number of Multicast-Address-Specific Queries sent after a Done "
                          "(RFC 2710 §7.9). 0: Robustness.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&MldQuerier::m_lastListenerQueryCount),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Version",
                          "Router version of the interface: MLDv1 (RFC 2710) or MLDv2 (RFC "
                          "9777 §7: MLDv2 queries, source filter state, MLDv1 compatibility "
                          "per group, §8.3.2). Set it before the interface starts.",
                          mldcompat::MakeEnumValue(MldVersion::MLDV1),
                          mldcompat::MakeEnumAccessorFor<MldVersion>(&MldQuerier::m_version),
                          mldcompat::MakeEnumCheckerFor(MldVersion::MLDV1,
                                                        "MLDv1",
                                                        MldVersion::MLDV2,
                                                        "MLDv2"))
            .AddTraceSource("ListenerAdded",
                            "A group got listeners on this link.",
                            MakeTraceSourceAccessor(&MldQuerier::m_listenerAddedTrace),
                            "ns3::MldQuerier::ListenerTracedCallback")
            .AddTraceSource("ListenerRemoved",
                            "A group has no listeners left on this link.",
                            MakeTraceSourceAccessor(&MldQuerier::m_listenerRemovedTrace),
                            "ns3::MldQuerier::ListenerTracedCallback")
            .AddTraceSource("QuerierChanged",
                            "This router became querier or non-querier.",
                            MakeTraceSourceAccessor(&MldQuerier::m_querierTrace),
                            "ns3::MldQuerier::QuerierTracedCallback")
            .AddTraceSource("SourceChanged",
                            "MLDv2: a source record of a group was created or deleted, or "
                            "its source timer started or stopped.",
                            MakeTraceSourceAccessor(&MldQuerier::m_sourceTrace),
                            "ns3::MldQuerier::SourceTracedCallback");
    return tid;
}

MldQuerier::MldQuerier()
{
    NS_LOG_FUNCTION(this);
}

MldQuerier::~MldQuerier()
{
    NS_LOG_FUNCTION(this);
}

void
MldQuerier::DoDispose()
{
    Halt(false); // disposal is not a protocol event: no ListenerRemoved, no QuerierChanged
    m_interface = nullptr;
    Object::DoDispose();
}

void
MldQuerier::Attach(MldInterface* interface)
{
    m_interface = interface;
}

int64_t
MldQuerier::AssignStreams(int64_t stream)
{
    return 0; // the querier (MLDv1 and MLDv2) draws no random numbers
}

MldVersion
MldQuerier::GetVersion() const
{
    return m_version;
}

uint32_t
MldQuerier::GetRobustness() const
{
    // RFC 9777 §5.1.8: an MLDv2 router adopts the querier's non-zero QRV.
    return !m_isQuerier && m_learnedRobustness > 0 ? m_learnedRobustness : m_robustness;
}

Time
MldQuerier::GetQueryInterval() const
{
    // RFC 9777 §5.1.9: a non-querier MLDv2 router adopts the querier's non-zero QQI.
    return !m_isQuerier && m_learnedQueryInterval.IsStrictlyPositive() ? m_learnedQueryInterval
                                                                       : m_queryInterval;
}

Time
MldQuerier::GetQueryResponseInterval() const
{
    return m_queryResponseInterval;
}

Time
MldQuerier::GetMulticastListenerInterval() const
{
    return m_multicastListenerInterval.IsStrictlyPositive()
               ? m_multicastListenerInterval
               : GetQueryInterval() * GetRobustness() + m_queryResponseInterval;
}

Time
MldQuerier::GetOtherQuerierPresentInterval() const
{
    return m_otherQuerierPresentInterval.IsStrictlyPositive()
               ? m_otherQuerierPresentInterval
               : GetQueryInterval() * GetRobustness() + m_queryResponseInterval / 2;
}

Time
MldQuerier::GetStartupQueryInterval() const
{
    return m_startupQueryInterval.IsStrictlyPositive() ? m_startupQueryInterval
                                                       : m_queryInterval / 4;
}

uint32_t
MldQuerier::GetStartupQueryCount() const
{
    return m_startupQueryCount > 0 ? m_startupQueryCount : m_robustness;
}

Time
MldQuerier::GetLastListenerQueryInterval() const
{
    return m_lastListenerQueryInterval;
}

uint32_t
MldQuerier::GetLastListenerQueryCount() const
{
    return m_lastListenerQueryCount > 0 ? m_lastListenerQueryCount : GetRobustness();
}

Time
MldQuerier::GetLastListenerQueryTime() const
{
    return m_lastListenerQueryInterval * GetLastListenerQueryCount();
}

Time
MldQuerier::GetOlderVersionHostPresentTimeout() const
{
    // RFC 9777 §9.13: Robustness * Query Interval + Query Response Interval.
    return GetQueryInterval() * GetRobustness() + m_queryResponseInterval;
}

std::string
MldQuerier::GetConfigurationError() const
{
    std::ostringstream err;
    // MLDv1: a 16-bit Maximum Response Delay; MLDv2: the Maximum Response Code's
    // floating-point range (RFC 9777 §5.1.3).
    const bool v2 = m_version == MldVersion::MLDV2;
    const Time maxCode = MilliSeconds(v2 ? MldV2QueryHeader::DecodeMaxResponseCode(0xffff) : 65535);
    const std::string codeName =
        v2 ? "the Maximum Response Code (" : "the 16-bit Maximum Response Delay (";
    if (m_queryResponseInterval >= m_queryInterval)
    {
        err << "QueryResponseInterval (" << m_queryResponseInterval.As(Time::S)
            << ") must be less than QueryInterval (" << m_queryInterval.As(Time::S)
            << ") (RFC 2710 §7.3)";
    }
    else if (m_queryResponseInterval > maxCode)
    {
        err << "QueryResponseInterval (" << m_queryResponseInterval.As(Time::S) << ") does not fit "
            << codeName << maxCode.GetMilliSeconds() << " ms)";
    }
    else if (m_lastListenerQueryInterval > maxCode)
    {
        err << "LastListenerQueryInterval (" << m_lastListenerQueryInterval.As(Time::S)
            << ") does not fit " << codeName << maxCode.GetMilliSeconds() << " ms)";
    }
    else if (GetMulticastListenerInterval() <= m_queryResponseInterval)
    {
        err << "MulticastListenerInterval (" << GetMulticastListenerInterval().As(Time::S)
            << ") must exceed QueryResponseInterval, or every group expires before "
               "listeners can answer";
    }
    else if (GetStartupQueryInterval() > m_queryInterval)
    {
        err << "StartupQueryInterval (" << GetStartupQueryInterval().As(Time::S)
            << ") must not exceed QueryInterval (RFC 2710 §7.6)";
    }
    return err.str();
}

bool
MldQuerier::IsQuerier() const
{
    return m_isQuerier;
}

Ipv6Address
MldQuerier::GetQuerierAddress() const
{
    return m_querierAddress;
}

void
MldQuerier::SetQuerier(bool querier, Ipv6Address address)
{
    bool changed = querier != m_isQuerier || address != m_querierAddress;
    if (querier)
    {
        // A querier uses its own Robustness and Query Interval (RFC 9777 §5.1.8, §5.1.9).
        m_learnedRobustness = 0;
        m_learnedQueryInterval = Time(0);
    }
    m_isQuerier = querier;
    m_querierAddress = address;
    if (changed)
    {
        NS_LOG_INFO("interface " << m_interface->GetIndex() << (querier ? " is" : " is not")
                                 << " querier; querier " << address);
        m_querierTrace(m_interface->GetIndex(), querier, address);
    }
}

void
MldQuerier::Start()
{
    NS_LOG_FUNCTION(this);
    std::string error = GetConfigurationError();
    NS_ABORT_MSG_IF(!error.empty(), "MldQuerier: " << error);
    if (m_running)
    {
        return;
    }
    m_running = true;
    // RFC 2710 §6: a router starts as querier and sends Startup Query Count queries.
    // While DAD runs its address is not known yet; SendQuery() announces it then.
    Ipv6Address own = m_interface->SelectSource();
    if (own.IsAny())
    {
        m_isQuerier = true;
        m_querierAddress = own;
    }
    else
    {
        SetQuerier(true, own);
    }
    m_startupLeft = GetStartupQueryCount();
    MldStopTimer(m_generalQueryTimer);
    m_generalQueryTimer = Simulator::ScheduleNow(&MldQuerier::GeneralQueryTimerExpired, this);
}

void
MldQuerier::Stop()
{
    NS_LOG_FUNCTION(this);
    Halt(true);
}

void
MldQuerier::Halt(bool traced)
{
    m_running = false;
    MldStopTimer(m_generalQueryTimer);
    MldStopTimer(m_otherQuerierTimer);
    while (!m_groups.empty())
    {
        RemoveGroup(m_groups.begin()->first, traced);
    }
    if (m_interface && traced)
    {
        SetQuerier(false, Ipv6Address::GetAny());
    }
    else
    {
        m_isQuerier = false;
        m_querierAddress = Ipv6Address::GetAny();
    }
}

bool
MldQuerier::SendQuery(Ipv6Address group, Time maxDelay)
{
    Ipv6Address source = m_interface->SelectSource();
    if (source.IsAny())
    {
        // RFC 3590 §4: queries need a valid link-local source.
        return false;
    }
    if (m_isQuerier && m_querierAddress != source)
    {
        SetQuerier(true, source);
    }
    if (m_version == MldVersion::MLDV2)
    {
        return SendV2Query(group, {}, maxDelay, false);
    }
    // RFC 2710 §8: a general query goes to ff02::1, a specific one to the group.
    Ipv6Address destination = group.IsAny() ? Ipv6Address::GetAllNodesMulticast() : group;
    return m_interface->SendV1(MldHeader::LISTENER_QUERY, group, destination, maxDelay);
}

void
MldQuerier::GeneralQueryTimerExpired()
{
    if (!m_running || !m_isQuerier)
    {
        return;
    }
    if (!SendQuery(Ipv6Address::GetAny(), m_queryResponseInterval))
    {
        // No usable link-local address yet: try again once DAD can have ended.
        if (m_interface->IsLinkLocalTentative())
        {
            m_generalQueryTimer = Simulator::Schedule(m_interface->GetDadTimeout(),
                                                      &MldQuerier::GeneralQueryTimerExpired,
                                                      this);
        }
        else
        {
            NS_LOG_WARN("interface " << m_interface->GetIndex()
                                     << ": no link-local address, no queries");
        }
        return;
    }
    Time next = m_queryInterval;
    if (m_startupLeft > 0 && --m_startupLeft > 0)
    {
        next = GetStartupQueryInterval(); // RFC 2710 §7.6
    }
    m_generalQueryTimer = Simulator::Schedule(next, &MldQuerier::GeneralQueryTimerExpired, this);
}

void
MldQuerier::OtherQuerierTimerExpired()
{
    NS_LOG_FUNCTION(this);
    // RFC 2710 §6: no query from a lower address for the OQPI: querier again.
    SetQuerier(true, m_interface->SelectSource());
    m_startupLeft = 0;
    MldStopTimer(m_generalQueryTimer);
    m_generalQueryTimer = Simulator::ScheduleNow(&MldQuerier::GeneralQueryTimerExpired, this);
}

void
MldQuerier::Elect(Ipv6Address source)
{
    // RFC 2710 §6, RFC 9777 §7.6.2: the lowest address wins; a router that hears a
    // lower one yields. MLDv1 and MLDv2 queries take part in the same election. The
    // router compares with its own link-local address even while DAD runs: it cannot
    // send from it yet, but it will be the address of its queries.
    Ipv6Address own = m_interface->GetLinkLocalAddress();
    if (own.IsAny() || source < own)
    {
        if (m_isQuerier || m_querierAddress != source)
        {
            SetQuerier(false, source);
        }
        MldStopTimer(m_generalQueryTimer);
        MldStopTimer(m_otherQuerierTimer);
        m_otherQuerierTimer = Simulator::Schedule(GetOtherQuerierPresentInterval(),
                                                  &MldQuerier::OtherQuerierTimerExpired,
                                                  this);
    }
}

void
MldQuerier::HandleV1Query(Ipv6Address source, Ipv6Address group, Time maxResponseDelay)
{
    if (!m_running)
    {
        return;
    }
    Elect(source);
    if (m_version == MldVersion::MLDV2)
    {
        // RFC 9777 §8.3.1: an MLDv1 router on the link needs every router in MLDv1 mode.
        NS_LOG_WARN("interface " << m_interface->GetIndex() << ": MLDv1 query from " << source
                                 << " on an MLDv2 router interface (RFC 9777 §8.3.1)");
        // An MLDv1 query has no S flag: §7.6.1 timer updates as for a clear one.
        LowerTimersForQuery(group, {}, maxResponseDelay);
        return;
    }
    // RFC 2710 §4 (non-querier): an address-specific query lowers the group's timer
    // to Last Listener Query Count * its Maximum Response Delay, if it is above that.
    if (!m_isQuerier && !group.IsAny())
    {
        auto it = m_groups.find(group);
        Time lowered = maxResponseDelay * GetLastListenerQueryCount();
        if (it != m_groups.end() && it->second.state == MldGroupState::LISTENERS_PRESENT &&
            Left(it->second.timer) > lowered)
        {
            it->second.state = MldGroupState::CHECKING_LISTENERS;
            MldStopTimer(it->second.timer);
            it->second.timer =
                Simulator::Schedule(lowered, &MldQuerier::GroupTimerExpired, this, group);
        }
    }
}

void
MldQuerier::HandleV2Query(Ipv6Address source, const MldV2QueryHeader& query)
{
    Time maxDelay = MilliSeconds(query.GetMaxResponseDelayMs());
    if (m_version != MldVersion::MLDV2)
    {
        HandleV1Query(source, query.GetMulticastAddress(), maxDelay);
        return;
    }
    if (!m_running)
    {
        return;
    }
    Elect(source);
    if (!m_isQuerier && source == m_querierAddress)
    {
        // RFC 9777 §5.1.8, §5.1.9: adopt the querier's QRV and QQI; zero: our default.
        m_learnedRobustness = query.GetQrv();
        m_learnedQueryInterval = Seconds(MldV2QueryHeader::DecodeQqic(query.GetQqic()));
    }
    if (!query.GetSuppressRouterProcessing())
    {
        const auto& list = query.GetSources();
        LowerTimersForQuery(query.GetMulticastAddress(),
                            SourceSet(list.begin(), list.end()),
                            maxDelay);
    }
}

void
MldQuerier::LowerTimersForQuery(Ipv6Address group, const SourceSet& sources, Time maxResponseDelay)
{
    auto it = m_groups.find(group);
    if (group.IsAny() || it == m_groups.end())
    {
        return;
    }
    GroupEntry& entry = it->second;
    // RFC 9777 §7.6.1: Q(MA): the filter timer is lowered to LLQT; Q(MA,A): the source
    // timers of A are. The querier's LLQI is the query's Maximum Response Delay.
    Time llqt = maxResponseDelay * GetLastListenerQueryCount();
    if (sources.empty())
    {
        if (entry.exclude && Left(entry.timer) > llqt)
        {
            SetFilterTimer(group, entry, llqt);
            entry.state = MldGroupState::CHECKING_LISTENERS;
        }
        return;
    }
    for (const auto& s : sources)
    {
        auto sit = entry.sources.find(s);
        if (sit != entry.sources.end() && Left(sit->second.timer) > llqt)
        {
            SetSourceTimer(group, entry, s, llqt);
        }
    }
}

void
MldQuerier::HandleV2Record(const MldAddressRecord& record)
{
    if (m_version != MldVersion::MLDV2)
    {
        NS_LOG_LOGIC("interface " << m_interface->GetIndex() << ": MLDv1 router ignores "
                                  << MldAddressRecord::TypeName(record.type) << " "
                                  << record.group);
        return;
    }
    if (!m_running)
    {
        return;
    }
    Ipv6Address group = record.group;
    uint8_t type = record.type;
    SourceSet b(record.sources.begin(), record.sources.end());
    auto it = m_groups.find(group);
    if (it != m_groups.end() && mldcompat::IsPending(it->second.olderHost))
    {
        // RFC 9777 §8.3.2: MLDv1 compatibility mode: BLOCK records are ignored, and
        // the source list of TO_EX records.
        if (type == MldAddressRecord::BLOCK_OLD_SOURCES)
        {
            NS_LOG_LOGIC("MLDv1 compatibility mode: BLOCK for " << group << " ignored");
            return;
        }
        if (type == MldAddressRecord::CHANGE_TO_EXCLUDE_MODE)
        {
            b.clear();
        }
    }
    if (MldIsSourceSpecific(group) && (type == MldAddressRecord::MODE_IS_EXCLUDE ||
                                       type == MldAddressRecord::CHANGE_TO_EXCLUDE_MODE))
    {
        // RFC 4604 §2.2.2: EXCLUDE mode does not apply to SSM addresses.
        NS_LOG_LOGIC(MldAddressRecord::TypeName(type) << " for SSM group " << group << " ignored");
        return;
    }
    ProcessRecord(group, type, b);
}

Time
MldQuerier::Left(const EventId& event)
{
    return mldcompat::IsPending(event) ? Simulator::GetDelayLeft(event) : Time(0);
}

void
MldQuerier::SetSourceTimer(Ipv6Address group, GroupEntry& entry, Ipv6Address source, Time delay)
{
    auto [sit, added] = entry.sources.try_emplace(source);
    bool wasRunning = !added && mldcompat::IsPending(sit->second.timer);
    MldStopTimer(sit->second.timer);
    if (delay.IsStrictlyPositive())
    {
        sit->second.timer =
            Simulator::Schedule(delay, &MldQuerier::SourceTimerExpired, this, group, source);
    }
    else
    {
        sit->second.queriesLeft = 0;
    }
    bool running = mldcompat::IsPending(sit->second.timer);
    if (added || running != wasRunning)
    {
        m_sourceTrace(m_interface->GetIndex(), group, source, true, running);
    }
}

void
MldQuerier::DeleteSource(Ipv6Address group, GroupEntry& entry, Ipv6Address source)
{
    auto sit = entry.sources.find(source);
    if (sit == entry.sources.end())
    {
        return;
    }
    MldStopTimer(sit->second.timer);
    entry.sources.erase(sit);
    m_sourceTrace(m_interface->GetIndex(), group, source, false, false);
}

void
MldQuerier::SetFilterTimer(Ipv6Address group, GroupEntry& entry, Time delay)
{
    MldStopTimer(entry.timer);
    entry.timer = Simulator::Schedule(delay, &MldQuerier::FilterTimerExpired, this, group);
    entry.state = MldGroupState::LISTENERS_PRESENT;
}

void
MldQuerier::ProcessRecord(Ipv6Address group, uint8_t type, const SourceSet& b)
{
    using R = MldAddressRecord;
    auto it = m_groups.find(group);
    if (it == m_groups.end())
    {
        // No state is INCLUDE({}) (RFC 9777 §7.2.1): only records that add sources or
        // switch to EXCLUDE create an entry.
        bool creates = type == R::MODE_IS_EXCLUDE || type == R::CHANGE_TO_EXCLUDE_MODE ||
                       ((type == R::MODE_IS_INCLUDE || type == R::ALLOW_NEW_SOURCES ||
                         type == R::CHANGE_TO_INCLUDE_MODE) &&
                        !b.empty());
        if (!creates)
        {
            return;
        }
        it = m_groups.try_emplace(group).first;
        it->second.exclude = false;
        NS_LOG_INFO("interface " << m_interface->GetIndex() << " listeners for " << group);
        m_listenerAddedTrace(m_interface->GetIndex(), group);
    }
    GroupEntry& entry = it->second;
    const Time mali = GetMulticastListenerInterval();
    // Only the querier sends queries and lowers timers for them; the others lower
    // theirs when they hear its queries (§7.6.1).
    const bool querier = m_isQuerier;
    bool send = false;

    auto minus = [](const SourceSet& x, const SourceSet& y) {
        SourceSet out;
        std::set_difference(x.begin(), x.end(), y.begin(), y.end(), std::inserter(out, out.end()));
        return out;
    };
    auto times = [](const SourceSet& x, const SourceSet& y) {
        SourceSet out;
        std::set_intersection(x.begin(),
                              x.end(),
                              y.begin(),
                              y.end(),
                              std::inserter(out, out.end()));
        return out;
    };

    if (!entry.exclude)
    {
        // Router state INCLUDE (A).
        SourceSet a;
        for (const auto& [s, src] : entry.sources)
        {
            a.insert(s);
        }
        switch (type)
        {
        case R::MODE_IS_INCLUDE:   // §7.4.1: INCLUDE (A+B); (B) = MALI
        case R::ALLOW_NEW_SOURCES: // §7.4.2: INCLUDE (A+B); (B) = MALI
            for (const auto& s : b)
            {
                SetSourceTimer(group, entry, s, mali);
            }
            break;
        case R::BLOCK_OLD_SOURCES: // §7.4.2: INCLUDE (A); Send Q(MA,A*B)
            send |= querier && ScheduleSourceQuery(group, entry, times(a, b));
            break;
        case R::CHANGE_TO_INCLUDE_MODE: // §7.4.2: INCLUDE (A+B); (B) = MALI; Send Q(MA,A-B)
            for (const auto& s : b)
            {
                SetSourceTimer(group, entry, s, mali);
            }
            send |= querier && ScheduleSourceQuery(group, entry, minus(a, b));
            break;
        case R::MODE_IS_EXCLUDE:        // §7.4.1, §7.4.2 (TO_EX): EXCLUDE (A*B, B-A); (B-A) = 0;
        case R::CHANGE_TO_EXCLUDE_MODE: // Delete (A-B); [TO_EX: Send Q(MA,A*B)];
                                        // Filter Timer = MALI
            entry.exclude = true;
            for (const auto& s : minus(a, b))
            {
                DeleteSource(group, entry, s);
            }
            for (const auto& s : minus(b, a))
            {
                SetSourceTimer(group, entry, s, Time(0));
            }
            if (type == R::CHANGE_TO_EXCLUDE_MODE)
            {
                send |= querier && ScheduleSourceQuery(group, entry, times(a, b));
            }
            SetFilterTimer(group, entry, mali);
            break;
        default:
            break;
        }
    }
    else
    {
        // Router state EXCLUDE (X, Y): X running source timers, Y stopped ones.
        SourceSet x;
        SourceSet y;
        for (const auto& [s, src] : entry.sources)
        {
            (mldcompat::IsPending(src.timer) ? x : y).insert(s);
        }
        const SourceSet& a = b; // the tables call the record's list A here
        switch (type)
        {
        case R::MODE_IS_INCLUDE:   // §7.4.1: EXCLUDE (X+A, Y-A); (A) = MALI
        case R::ALLOW_NEW_SOURCES: // §7.4.2: EXCLUDE (X+A, Y-A); (A) = MALI
            for (const auto& s : a)
            {
                SetSourceTimer(group, entry, s, mali);
            }
            break;
        case R::BLOCK_OLD_SOURCES: { // §7.4.2: EXCLUDE (X+(A-Y), Y); (A-X-Y) = Filter Timer;
                                     // Send Q(MA,A-Y)
            Time filter = Left(entry.timer);
            for (const auto& s : minus(minus(a, x), y))
            {
                SetSourceTimer(group, entry, s, filter);
            }
            send |= querier && ScheduleSourceQuery(group, entry, minus(a, y));
            break;
        }
        case R::CHANGE_TO_INCLUDE_MODE: // §7.4.2: EXCLUDE (X+A, Y-A); (A) = MALI;
                                        // Send Q(MA,X-A); Send Q(MA)
            for (const auto& s : a)
            {
                SetSourceTimer(group, entry, s, mali);
            }
            if (querier)
            {
                send |= ScheduleSourceQuery(group, entry, minus(x, a));
                send |= ScheduleGroupQuery(group, entry);
            }
            break;
        case R::MODE_IS_EXCLUDE: // §7.4.1: EXCLUDE (A-Y, Y*A); (A-X-Y) = MALI; Delete (X-A);
                                 // Delete (Y-A); Filter Timer = MALI
        case R::CHANGE_TO_EXCLUDE_MODE: { // §7.4.2: EXCLUDE (A-Y, Y*A); (A-X-Y) = Filter Timer;
                                          // Delete (X-A); Delete (Y-A); Send Q(MA,A-Y);
                                          // Filter Timer = MALI
            Time fresh = type == R::MODE_IS_EXCLUDE ? mali : Left(entry.timer);
            for (const auto& s : minus(minus(a, x), y))
            {
                SetSourceTimer(group, entry, s, fresh);
            }
            for (const auto& s : minus(x, a))
            {
                DeleteSource(group, entry, s);
            }
            for (const auto& s : minus(y, a))
            {
                DeleteSource(group, entry, s);
            }
            if (type == R::CHANGE_TO_EXCLUDE_MODE)
            {
                send |= querier && ScheduleSourceQuery(group, entry, minus(a, y));
            }
            SetFilterTimer(group, entry, mali);
            break;
        }
        default:
            break;
        }
    }
    if (send)
    {
        SendSpecificQueries(group);
    }
    RemoveIfEmpty(group);
}

bool
MldQuerier::ScheduleGroupQuery(Ipv6Address group, GroupEntry& entry)
{
    // RFC 9777 §7.6.3.1: lower the filter timer to LLQT, then send Q(MA) now and
    // LLQC - 1 times more, LLQI apart. A timer already at or below LLQT is being
    // queried (or about to expire): nothing new.
    Time llqt = GetLastListenerQueryTime();
    if (!entry.exclude || Left(entry.timer) <= llqt)
    {
        return false;
    }
    SetFilterTimer(group, entry, llqt);
    entry.state = MldGroupState::CHECKING_LISTENERS;
    entry.queriesLeft = GetLastListenerQueryCount();
    return true;
}

bool
MldQuerier::ScheduleSourceQuery(Ipv6Address group, GroupEntry& entry, const SourceSet& sources)
{
    // RFC 9777 §7.6.3.2: for each source with a timer above LLQT: LLQC retransmissions,
    // and the timer lowered to LLQT.
    Time llqt = GetLastListenerQueryTime();
    bool any = false;
    for (const auto& s : sources)
    {
        auto sit = entry.sources.find(s);
        if (sit == entry.sources.end() || Left(sit->second.timer) <= llqt)
        {
            continue;
        }
        SetSourceTimer(group, entry, s, llqt);
        sit->second.queriesLeft = GetLastListenerQueryCount();
        any = true;
    }
    return any;
}

bool
MldQuerier::SendV2Query(Ipv6Address group,
                        const std::vector<Ipv6Address>& sources,
                        Time maxDelay,
                        bool suppress)
{
    Ipv6Address own = m_interface->SelectSource();
    if (own.IsAny())
    {
        return false; // RFC 9777 §5.1.14: queries need a valid link-local source
    }
    if (m_isQuerier && m_querierAddress != own)
    {
        SetQuerier(true, own);
    }
    MldV2QueryHeader query;
    query.SetMulticastAddress(group);
    query.SetMaxResponseDelayMs(static_cast<uint32_t>(maxDelay.GetMilliSeconds()));
    query.SetSuppressRouterProcessing(suppress);
    uint32_t robustness = GetRobustness();
    query.SetQrv(robustness <= 7 ? static_cast<uint8_t>(robustness) : 0); // §5.1.8
    query.SetQqic(MldV2QueryHeader::EncodeQqic(
        static_cast<uint32_t>(std::lround(GetQueryInterval().GetSeconds())))); // §5.1.9
    // Split a long source list so that each query fits the link MTU (RFC 9777 §5.1.10):
    // IPv6 header, Hop-by-Hop Router Alert, query without sources.
    uint32_t mtu = m_interface->GetMtu();
    uint32_t room = mtu > 40 + 8 + MldV2QueryHeader::MIN_SIZE
                        ? (mtu - 40 - 8 - MldV2QueryHeader::MIN_SIZE) / 16
                        : 1;
    room = std::max<uint32_t>(room, 1);
    if (sources.size() <= room)
    {
        query.SetSources(sources);
        return m_interface->SendV2Query(query);
    }
    bool sent = true;
    for (size_t i = 0; i < sources.size(); i += room)
    {
        query.SetSources(
            std::vector<Ipv6Address>(sources.begin() + i,
                                     sources.begin() + std::min<size_t>(sources.size(), i + room)));
        sent &= m_interface->SendV2Query(query);
    }
    return sent;
}

void
MldQuerier::SendSpecificQueries(Ipv6Address group)
{
    auto it = m_groups.find(group);
    if (it == m_groups.end())
    {
        return;
    }
    GroupEntry& entry = it->second;
    MldStopTimer(entry.retransmit);
    const Time llqt = GetLastListenerQueryTime();
    const Time llqi = m_lastListenerQueryInterval;
    // RFC 9777 §7.6.3.1: the S flag is set when the filter timer is above LLQT (a
    // report raised it since the first query).
    if (entry.queriesLeft > 0)
    {
        SendV2Query(group, {}, llqi, Left(entry.timer) > llqt);
        --entry.queriesLeft;
    }
    // RFC 9777 §7.6.3.2: two queries: S set with the sources whose timers are above
    // LLQT, S clear with the others; an empty one is not sent.
    std::vector<Ipv6Address> above;
    std::vector<Ipv6Address> below;
    bool more = entry.queriesLeft > 0;
    for (auto& [s, src] : entry.sources)
    {
        if (src.queriesLeft == 0)
        {
            continue;
        }
        (Left(src.timer) > llqt ? above : below).push_back(s);
        more |= --src.queriesLeft > 0;
    }
    if (!above.empty())
    {
        SendV2Query(group, above, llqi, true);
    }
    if (!below.empty())
    {
        SendV2Query(group, below, llqi, false);
    }
    if (more)
    {
        entry.retransmit = Simulator::Schedule(llqi, &MldQuerier::SendSpecificQueries, this, group);
    }
}

void
MldQuerier::FilterTimerExpired(Ipv6Address group)
{
    NS_LOG_FUNCTION(this << group);
    auto it = m_groups.find(group);
    if (it == m_groups.end() || !it->second.exclude)
    {
        return;
    }
    GroupEntry& entry = it->second;
    // RFC 9777 §7.5: EXCLUDE -> INCLUDE with the sources whose timers run; those
    // with stopped timers are deleted; no source left: the group is deleted.
    entry.exclude = false;
    entry.queriesLeft = 0;
    entry.state = MldGroupState::LISTENERS_PRESENT;
    SourceSet stopped;
    for (const auto& [s, src] : entry.sources)
    {
        if (!mldcompat::IsPending(src.timer))
        {
            stopped.insert(s);
        }
    }
    for (const auto& s : stopped)
    {
        DeleteSource(group, entry, s);
    }
    NS_LOG_INFO("interface " << m_interface->GetIndex() << " " << group << " to INCLUDE with "
                             << entry.sources.size() << " sources");
    RemoveIfEmpty(group);
}

void
MldQuerier::SourceTimerExpired(Ipv6Address group, Ipv6Address source)
{
    NS_LOG_FUNCTION(this << group << source);
    auto it = m_groups.find(group);
    if (it == m_groups.end())
    {
        return;
    }
    GroupEntry& entry = it->second;
    auto sit = entry.sources.find(source);
    if (sit == entry.sources.end())
    {
        return;
    }
    sit->second.queriesLeft = 0;
    if (!entry.exclude)
    {
        // RFC 9777 §7.2.3: INCLUDE mode: the source is deleted, and the group with
        // its last source.
        DeleteSource(group, entry, source);
        RemoveIfEmpty(group);
    }
    else
    {
        // EXCLUDE mode: the source stays, with a stopped timer (not forwarded).
        m_sourceTrace(m_interface->GetIndex(), group, source, true, false);
    }
}

void
MldQuerier::OlderHostTimerExpired(Ipv6Address group)
{
    // RFC 9777 §8.3.2: no MLDv1 report for the timeout: back to MLDv2 mode.
    NS_LOG_INFO("interface " << m_interface->GetIndex() << " " << group
                             << ": no MLDv1 listener any more, MLDv2 mode");
}

void
MldQuerier::RemoveIfEmpty(Ipv6Address group)
{
    auto it = m_groups.find(group);
    if (it != m_groups.end() && !it->second.exclude && it->second.sources.empty())
    {
        RemoveGroup(group);
    }
}

bool
MldQuerier::ShouldForward(Ipv6Address group, Ipv6Address source) const
{
    if (m_version != MldVersion::MLDV2)
    {
        return HasListeners(group) && !MldIsSourceSpecific(group);
    }
    auto it = m_groups.find(group);
    if (it == m_groups.end())
    {
        return false;
    }
    const GroupEntry& entry = it->second;
    auto sit = entry.sources.find(source);
    bool listed = sit != entry.sources.end();
    bool running = listed && mldcompat::IsPending(sit->second.timer);
    if (!entry.exclude)
    {
        return running; // RFC 9777 §7.3: INCLUDE: only sources with running timers
    }
    if (MldIsSourceSpecific(group))
    {
        return false; // RFC 4604 §2.2.2: no any-source (EXCLUDE) state in ff3x::/96
    }
    return !listed || running; // EXCLUDE: all but the sources with stopped timers
}

void
MldQuerier::HandleReport(Ipv6Address group)
{
    if (!m_running)
    {
        return;
    }
    if (m_version == MldVersion::MLDV2)
    {
        if (MldIsSourceSpecific(group))
        {
            // An MLDv1 report asks for every source, i.e. IS_EX({}), which an SSM-aware
            // router ignores in ff3x::/96 (RFC 4604 §2.2.2): no any-source state there.
            NS_LOG_LOGIC("MLDv1 report for SSM group " << group << " ignored");
            return;
        }
        // RFC 9777 §8.3.2: an MLDv1 report is IS_EX({}) and (re)starts the group's
        // Older Version Host Present timer.
        ProcessRecord(group, MldAddressRecord::MODE_IS_EXCLUDE, {});
        auto it = m_groups.find(group);
        if (it != m_groups.end())
        {
            if (!mldcompat::IsPending(it->second.olderHost))
            {
                NS_LOG_INFO("interface " << m_interface->GetIndex() << " " << group
                                         << ": MLDv1 listener, MLDv1 compatibility mode");
            }
            MldStopTimer(it->second.olderHost);
            it->second.olderHost = Simulator::Schedule(GetOlderVersionHostPresentTimeout(),
                                                       &MldQuerier::OlderHostTimerExpired,
                                                       this,
                                                       group);
        }
        return;
    }
    auto [it, added] = m_groups.try_emplace(group);
    GroupEntry& entry = it->second;
    // RFC 2710 §7: any state + report -> Listeners Present, timer = MLI.
    entry.state = MldGroupState::LISTENERS_PRESENT;
    MldStopTimer(entry.retransmit);
    entry.queriesLeft = 0;
    MldStopTimer(entry.timer);
    entry.timer = Simulator::Schedule(GetMulticastListenerInterval(),
                                      &MldQuerier::GroupTimerExpired,
                                      this,
                                      group);
    if (added)
    {
        NS_LOG_INFO("interface " << m_interface->GetIndex() << " listeners for " << group);
        m_listenerAddedTrace(m_interface->GetIndex(), group);
    }
}

void
MldQuerier::HandleDone(Ipv6Address group)
{
    if (m_version == MldVersion::MLDV2)
    {
        // RFC 9777 §8.3.2: in MLDv1 compatibility mode a Done is TO_IN({}).
        auto v2 = m_groups.find(group);
        if (m_running && v2 != m_groups.end() && mldcompat::IsPending(v2->second.olderHost))
        {
            ProcessRecord(group, MldAddressRecord::CHANGE_TO_INCLUDE_MODE, {});
        }
        return;
    }
    auto it = m_groups.find(group);
    // RFC 2710 §7: only the querier acts, and only from Listeners Present.
    if (!m_running || !m_isQuerier || it == m_groups.end() ||
        it->second.state != MldGroupState::LISTENERS_PRESENT)
    {
        return;
    }
    GroupEntry& entry = it->second;
    entry.state = MldGroupState::CHECKING_LISTENERS;
    entry.queriesLeft = GetLastListenerQueryCount();
    Time checking = m_lastListenerQueryInterval * GetLastListenerQueryCount();
    if (Simulator::GetDelayLeft(entry.timer) > checking)
    {
        // Lowered to Last Listener Query Count * Last Listener Query Interval, never raised.
        MldStopTimer(entry.timer);
        entry.timer = Simulator::Schedule(checking, &MldQuerier::GroupTimerExpired, this, group);
    }
    SendLastListenerQuery(group);
}

void
MldQuerier::SendLastListenerQuery(Ipv6Address group)
{
    auto it = m_groups.find(group);
    // RFC 2710 §6: a router that stops being querier keeps a Checking Listeners
    // group on its course, queries included.
    if (it == m_groups.end() || it->second.queriesLeft == 0)
    {
        return;
    }
    GroupEntry& entry = it->second;
    SendQuery(group, m_lastListenerQueryInterval);
    if (--entry.queriesLeft > 0)
    {
        entry.retransmit = Simulator::Schedule(m_lastListenerQueryInterval,
                                               &MldQuerier::SendLastListenerQuery,
                                               this,
                                               group);
    }
}

void
MldQuerier::GroupTimerExpired(Ipv6Address group)
{
    NS_LOG_FUNCTION(this << group);
    RemoveGroup(group);
}

void
MldQuerier::RemoveGroup(Ipv6Address group, bool traced)
{
    auto it = m_groups.find(group);
    if (it == m_groups.end())
    {
        return;
    }
    GroupEntry& entry = it->second;
    MldStopTimer(entry.timer);
    MldStopTimer(entry.retransmit);
    MldStopTimer(entry.olderHost);
    while (!entry.sources.empty())
    {
        if (traced)
        {
            DeleteSource(group, entry, entry.sources.begin()->first);
        }
        else
        {
            MldStopTimer(entry.sources.begin()->second.timer);
            entry.sources.erase(entry.sources.begin());
        }
    }
    m_groups.erase(it);
    NS_LOG_INFO("interface " << m_interface->GetIndex() << " no listeners for " << group);
    if (traced)
    {
        m_listenerRemovedTrace(m_interface->GetIndex(), group);
    }
}

bool
MldQuerier::HasListeners(Ipv6Address group) const
{
    return m_groups.count(group) > 0;
}

std::vector<MldListenerEntry>
MldQuerier::GetListenerTable() const
{
    std::vector<MldListenerEntry> out;
    for (const auto& [group, entry] : m_groups)
    {
        out.push_back(*GetListenerEntry(group));
    }
    return out;
}

std::optional<MldListenerEntry>
MldQuerier::GetListenerEntry(Ipv6Address group) const
{
    auto it = m_groups.find(group);
    if (it == m_groups.end())
    {
        return std::nullopt;
    }
    const GroupEntry& entry = it->second;
    MldListenerEntry e;
    e.interface = m_interface->GetIndex();
    e.group = group;
    e.state = entry.state;
    e.timerRemaining = Left(entry.timer);
    e.queriesLeft = entry.queriesLeft;
    e.routerVersion = m_version;
    if (m_version == MldVersion::MLDV2)
    {
        e.filterMode = entry.exclude ? MldFilterMode::EXCLUDE : MldFilterMode::INCLUDE;
        e.olderVersionHostPresent = mldcompat::IsPending(entry.olderHost);
        e.olderHostRemaining = Left(entry.olderHost);
        for (const auto& [s, src] : entry.sources)
        {
            MldRouterSourceEntry r;
            r.source = s;
            r.running = mldcompat::IsPending(src.timer);
            r.timerRemaining = Left(src.timer);
            r.queriesLeft = src.queriesLeft;
            e.sources.push_back(r);
            if (!entry.exclude)
            {
                // INCLUDE mode: the group goes with its last source.
                e.timerRemaining = std::max(e.timerRemaining, r.timerRemaining);
            }
        }
    }
    return e;
}

void
MldQuerier::PrintListenerTable(Ptr<OutputStreamWrapper> stream) const
{
    std::ostream& os = *stream->GetStream();
    std::ios::fmtflags flags = os.flags(); // restored at the end: the caller's stream
    std::streamsize precision = os.precision();
    os << "Interface " << m_interface->GetIndex() << (m_isQuerier ? " querier" : " non-querier")
       << " (querier " << m_querierAddress << ") at " << Simulator::Now().As(Time::S) << "\n";
    for (const auto& e : GetListenerTable())
    {
        std::ostringstream group;
        group << e.group;
        std::ostringstream state;
        state << e.state;
        os << "  " << std::left << std::setw(26) << group.str() << std::setw(19) << state.str()
           << std::fixed << std::setprecision(3) << e.timerRemaining.GetSeconds() << "s";
        if (e.routerVersion == MldVersion::MLDV2)
        {
            // MLDv2 (RFC 9777 §7.2): filter mode, compatibility mode, sources and timers.
            os << (e.filterMode == MldFilterMode::EXCLUDE ? " EX" : " IN")
               << (e.olderVersionHostPresent ? " v1" : " v2") << " {";
            bool first = true;
            for (const auto& s : e.sources)
            {
                os << (first ? "" : " ") << s.source << "(";
                if (s.running)
                {
                    os << s.timerRemaining.GetSeconds() << "s";
                }
                else
                {
                    os << "stopped";
                }
                os << ")";
                first = false;
            }
            os << "}";
        }
        os << std::right << "\n";
    }
    os.flags(flags);
    os.precision(precision);
}

} // namespace ns3
