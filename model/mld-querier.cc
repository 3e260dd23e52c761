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
                            "ns3::MldQuerier::SourceTracedCallback")
            .AddTraceSource("FilterModeChanged",
                            "MLDv2: a group's router filter mode changed (RFC 9777 §7.4, "
                            "§7.5).",
                            MakeTraceSourceAccessor(&MldQuerier::m_filterModeTrace),
                            "ns3::MldQuerier::FilterModeTracedCallback");
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
    ++m_generation; // an entry point: see m_generation
    Halt(false);    // disposal is not a protocol event: no ListenerRemoved, no QuerierChanged
    m_interface = nullptr;
    Object::DoDispose();
}

void
MldQuerier::Attach(MldInterface* interface)
{
    ++m_generation; // an entry point: see m_generation
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
    ++m_generation; // an entry point: see m_generation
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
    ++m_generation; // an entry point: see m_generation
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
    ++m_generation; // an entry point: see m_generation
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
    ++m_generation; // an entry point: see m_generation
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
    ++m_generation; // an entry point: see m_generation
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
    ++m_generation; // an entry point: see m_generation
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
    ++m_generation; // an entry point: see m_generation
    if (!m_running)
    {
        return;
    }
    if (m_version == MldVersion::MLDV2)
    {
        V2HandleV1Report(group);
    }
    else
    {
        V1HandleReport(group);
    }
}

void
MldQuerier::HandleDone(Ipv6Address group)
{
    ++m_generation; // an entry point: see m_generation
    if (m_version == MldVersion::MLDV2)
    {
        V2HandleDone(group);
    }
    else
    {
        V1HandleDone(group);
    }
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
