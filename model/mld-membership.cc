/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-membership.h"

namespace ns3
{

void
MldFilterMerge::Add(const MldSourceFilter& filter)
{
    if (!filter.exclude)
    {
        m_included.insert(filter.sources.begin(), filter.sources.end());
        return;
    }
    if (!m_anyExclude)
    {
        m_excluded = filter.sources;
        m_anyExclude = true;
        return;
    }
    std::set<Ipv6Address> both;
    for (const auto& s : filter.sources)
    {
        if (m_excluded.count(s))
        {
            both.insert(s);
        }
    }
    m_excluded = std::move(both);
}

MldSourceFilter
MldFilterMerge::Get() const
{
    // RFC 9777 §4.2: EXCLUDE (intersection of the EXCLUDE lists) - (union of the INCLUDE
    // lists) if any filter excludes, else INCLUDE (union of the INCLUDE lists).
    MldSourceFilter merged;
    merged.exclude = m_anyExclude;
    if (!m_anyExclude)
    {
        merged.sources = m_included;
        return merged;
    }
    for (const auto& s : m_excluded)
    {
        if (!m_included.count(s))
        {
            merged.sources.insert(s);
        }
    }
    return merged;
}

MldSourceFilter
MldMembershipRecord::GetFilter() const
{
    // An any-source join is EXCLUDE {}.
    MldFilterMerge merge;
    if (refCount > 0)
    {
        merge.Add(MldSourceFilter{true, {}});
    }
    if (v2)
    {
        for (const auto& [socket, f] : v2->sockets)
        {
            merge.Add(f);
        }
    }
    return merge.Get();
}

} // namespace ns3
