/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The MLDv2 router's state machine (RFC 9777 §7): per group a filter mode, a filter timer
// and source records with source timers, updated by report records (§7.4) and by queries
// (§7.6.1); Multicast Address (and Source) Specific Queries (§7.6.3); the MLDv1
// compatibility of a group (§8.3.2).

#include "mld-interface.h"
#include "mld-ns3-compat.h"
#include "mld-querier.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldQuerierV2");

void
MldQuerier::V2HandleV1Report(Ipv6Address group)
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
}

void
MldQuerier::V2HandleDone(Ipv6Address group)
{
    // RFC 9777 §8.3.2: in MLDv1 compatibility mode a Done is TO_IN({}).
    auto v2 = m_groups.find(group);
    if (m_running && v2 != m_groups.end() && mldcompat::IsPending(v2->second.olderHost))
    {
        ProcessRecord(group, MldAddressRecord::CHANGE_TO_INCLUDE_MODE, {});
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
    ++m_generation; // an entry point: see m_generation
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
            m_filterModeTrace(m_interface->GetIndex(), group, MldFilterMode::EXCLUDE);
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
    ++m_generation; // an entry point: see m_generation
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
    ++m_generation; // an entry point: see m_generation
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
    m_filterModeTrace(m_interface->GetIndex(), group, MldFilterMode::INCLUDE);
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
    ++m_generation; // an entry point: see m_generation
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
    ++m_generation; // an entry point: see m_generation
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

} // namespace ns3
