/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-querier.h"

#include "mld-header.h"
#include "mld-listener.h"
#include "mld-protocol.h"

#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <iomanip>
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
                            "ns3::MldQuerier::QuerierTracedCallback");
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
    Stop();
    m_protocol = nullptr;
    m_interface = nullptr;
    Object::DoDispose();
}

void
MldQuerier::Attach(MldProtocol* protocol, Ptr<MldInterface> mif)
{
    m_protocol = protocol;
    m_interface = mif;
}

int64_t
MldQuerier::AssignStreams(int64_t stream)
{
    return 0; // the MLDv1 querier draws no random numbers
}

uint32_t
MldQuerier::GetRobustness() const
{
    return m_robustness;
}

Time
MldQuerier::GetQueryInterval() const
{
    return m_queryInterval;
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
               : m_queryInterval * m_robustness + m_queryResponseInterval;
}

Time
MldQuerier::GetOtherQuerierPresentInterval() const
{
    return m_otherQuerierPresentInterval.IsStrictlyPositive()
               ? m_otherQuerierPresentInterval
               : m_queryInterval * m_robustness + m_queryResponseInterval / 2;
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
    return m_lastListenerQueryCount > 0 ? m_lastListenerQueryCount : m_robustness;
}

std::string
MldQuerier::GetConfigurationError() const
{
    std::ostringstream err;
    const Time maxCode = MilliSeconds(65535);
    if (m_queryResponseInterval >= m_queryInterval)
    {
        err << "QueryResponseInterval (" << m_queryResponseInterval.As(Time::S)
            << ") must be less than QueryInterval (" << m_queryInterval.As(Time::S)
            << ") (RFC 2710 §7.3)";
    }
    else if (m_queryResponseInterval > maxCode)
    {
        err << "QueryResponseInterval (" << m_queryResponseInterval.As(Time::S)
            << ") does not fit the 16-bit Maximum Response Delay (65535 ms)";
    }
    else if (m_lastListenerQueryInterval > maxCode)
    {
        err << "LastListenerQueryInterval (" << m_lastListenerQueryInterval.As(Time::S)
            << ") does not fit the 16-bit Maximum Response Delay (65535 ms)";
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
    SetQuerier(true, m_protocol->SelectSource(m_interface->GetIndex()));
    m_startupLeft = GetStartupQueryCount();
    m_generalQueryTimer.Cancel();
    m_generalQueryTimer = Simulator::ScheduleNow(&MldQuerier::GeneralQueryTimerExpired, this);
}

void
MldQuerier::Stop()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    m_generalQueryTimer.Cancel();
    m_otherQuerierTimer.Cancel();
    while (!m_groups.empty())
    {
        RemoveGroup(m_groups.begin()->first);
    }
    if (m_interface)
    {
        SetQuerier(false, Ipv6Address::GetAny());
    }
}

bool
MldQuerier::SendQuery(Ipv6Address group, Time maxDelay)
{
    uint32_t interface = m_interface->GetIndex();
    Ipv6Address source = m_protocol->SelectSource(interface);
    if (source.IsAny())
    {
        // RFC 3590 §4: queries need a valid link-local source.
        return false;
    }
    if (m_isQuerier && m_querierAddress != source)
    {
        SetQuerier(true, source);
    }
    // RFC 2710 §8: a general query goes to ff02::1, a specific one to the group.
    Ipv6Address destination = group.IsAny() ? Ipv6Address::GetAllNodesMulticast() : group;
    return m_protocol->SendV1(interface,
                              MldHeader::LISTENER_QUERY,
                              group,
                              destination,
                              static_cast<uint16_t>(maxDelay.GetMilliSeconds()));
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
        Ptr<Ipv6L3Protocol> ipv6 = m_protocol->GetIpv6();
        uint32_t interface = m_interface->GetIndex();
        bool tentative = false;
        for (uint32_t j = 0; j < ipv6->GetNAddresses(interface); ++j)
        {
            Ipv6InterfaceAddress a = ipv6->GetAddress(interface, j);
            tentative |= a.GetAddress().IsLinkLocal() &&
                         (a.GetState() == Ipv6InterfaceAddress::TENTATIVE ||
                          a.GetState() == Ipv6InterfaceAddress::TENTATIVE_OPTIMISTIC);
        }
        if (tentative)
        {
            Time retry = MilliSeconds(100);
            Ptr<Icmpv6L4Protocol> icmp = ipv6->GetIcmpv6();
            if (icmp)
            {
                retry = icmp->GetDadTimeout();
            }
            m_generalQueryTimer =
                Simulator::Schedule(retry, &MldQuerier::GeneralQueryTimerExpired, this);
        }
        else
        {
            NS_LOG_WARN("interface " << interface << ": no link-local address, no queries");
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
    SetQuerier(true, m_protocol->SelectSource(m_interface->GetIndex()));
    m_startupLeft = 0;
    m_generalQueryTimer.Cancel();
    m_generalQueryTimer = Simulator::ScheduleNow(&MldQuerier::GeneralQueryTimerExpired, this);
}

void
MldQuerier::HandleQuery(Ipv6Address source, Ipv6Address group, Time maxResponseDelay)
{
    if (!m_running)
    {
        return;
    }
    Ipv6Address own = m_protocol->SelectSource(m_interface->GetIndex());
    // RFC 2710 §6: the lowest address wins; a router that hears a lower one yields.
    if (own.IsAny() || source < own)
    {
        if (m_isQuerier || m_querierAddress != source)
        {
            SetQuerier(false, source);
        }
        m_generalQueryTimer.Cancel();
        m_otherQuerierTimer.Cancel();
        m_otherQuerierTimer = Simulator::Schedule(GetOtherQuerierPresentInterval(),
                                                  &MldQuerier::OtherQuerierTimerExpired,
                                                  this);
    }
    // RFC 2710 §7 (non-querier): an address-specific query lowers the group's timer
    // to Last Listener Query Count * its Maximum Response Delay.
    if (!m_isQuerier && !group.IsAny())
    {
        auto it = m_groups.find(group);
        if (it != m_groups.end() && it->second.state == MldGroupState::LISTENERS_PRESENT)
        {
            it->second.state = MldGroupState::CHECKING_LISTENERS;
            it->second.timer.Cancel();
            it->second.timer = Simulator::Schedule(maxResponseDelay * GetLastListenerQueryCount(),
                                                   &MldQuerier::GroupTimerExpired,
                                                   this,
                                                   group);
        }
    }
}

void
MldQuerier::HandleV2Query(Ipv6Address source, const MldV2QueryHeader& query)
{
    HandleQuery(source, query.GetMulticastAddress(), MilliSeconds(query.GetMaxResponseDelayMs()));
}

void
MldQuerier::HandleV2Record(const MldAddressRecord& record)
{
    NS_LOG_LOGIC("interface " << m_interface->GetIndex() << ": MLDv1 router ignores "
                              << MldAddressRecord::TypeName(record.type) << " " << record.group);
}

bool
MldQuerier::ShouldForward(Ipv6Address group, Ipv6Address source) const
{
    return HasListeners(group) && !MldListener::IsSourceSpecific(group);
}

void
MldQuerier::HandleReport(Ipv6Address group)
{
    if (!m_running)
    {
        return;
    }
    auto [it, added] = m_groups.try_emplace(group);
    GroupEntry& entry = it->second;
    // RFC 2710 §7: any state + report -> Listeners Present, timer = MLI.
    entry.state = MldGroupState::LISTENERS_PRESENT;
    entry.retransmit.Cancel();
    entry.queriesLeft = 0;
    entry.timer.Cancel();
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
    entry.timer.Cancel();
    entry.timer = Simulator::Schedule(m_lastListenerQueryInterval * GetLastListenerQueryCount(),
                                      &MldQuerier::GroupTimerExpired,
                                      this,
                                      group);
    SendLastListenerQuery(group);
}

void
MldQuerier::SendLastListenerQuery(Ipv6Address group)
{
    auto it = m_groups.find(group);
    if (it == m_groups.end() || it->second.queriesLeft == 0 || !m_isQuerier)
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
MldQuerier::RemoveGroup(Ipv6Address group)
{
    auto it = m_groups.find(group);
    if (it == m_groups.end())
    {
        return;
    }
    it->second.timer.Cancel();
    it->second.retransmit.Cancel();
    m_groups.erase(it);
    NS_LOG_INFO("interface " << m_interface->GetIndex() << " no listeners for " << group);
    m_listenerRemovedTrace(m_interface->GetIndex(), group);
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
        MldListenerEntry e;
        e.interface = m_interface->GetIndex();
        e.group = group;
        e.state = entry.state;
        e.timerRemaining = entry.timer.IsExpired() ? Time(0) : Simulator::GetDelayLeft(entry.timer);
        e.queriesLeft = entry.queriesLeft;
        out.push_back(e);
    }
    return out;
}

void
MldQuerier::PrintListenerTable(Ptr<OutputStreamWrapper> stream) const
{
    std::ostream& os = *stream->GetStream();
    os << "Interface " << m_interface->GetIndex() << (m_isQuerier ? " querier" : " non-querier")
       << " (querier " << m_querierAddress << ") at " << Simulator::Now().As(Time::S) << "\n";
    for (const auto& e : GetListenerTable())
    {
        std::ostringstream group;
        group << e.group;
        std::ostringstream state;
        state << e.state;
        os << "  " << std::left << std::setw(26) << group.str() << std::setw(19) << state.str()
           << std::fixed << std::setprecision(3) << e.timerRemaining.GetSeconds() << "s"
           << std::right << "\n";
    }
}

} // namespace ns3
