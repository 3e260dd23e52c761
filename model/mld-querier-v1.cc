/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The MLDv1 router's listener state machine (RFC 2710 §7): per group Listeners Present or
// Checking Listeners, the group timer, and the last-listener queries after a Done.

#include "mld-interface.h"
#include "mld-querier.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldQuerierV1");

void
MldQuerier::V1HandleReport(Ipv6Address group)
{
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
MldQuerier::V1HandleDone(Ipv6Address group)
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
    ++m_generation; // an entry point: see m_generation
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
    ++m_generation; // an entry point: see m_generation
    NS_LOG_FUNCTION(this << group);
    RemoveGroup(group);
}

} // namespace ns3
