/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-membership.h"

namespace ns3
{

MldSourceFilter
MldMembershipRecord::GetFilter() const
{
    // RFC 9777 §4.2: EXCLUDE if any socket excludes, with the intersection of the
    // EXCLUDE lists minus the union of the INCLUDE lists; else INCLUDE the union.
    // An any-source join is EXCLUDE {}.
    MldSourceFilter merged;
    bool anyExclude = refCount > 0;
    bool firstExclude = refCount == 0;
    std::set<Ipv6Address> excluded;
    std::set<Ipv6Address> included;
    if (v2)
    {
        for (const auto& [socket, f] : v2->sockets)
        {
            if (f.exclude)
            {
                if (firstExclude)
                {
                    excluded = f.sources;
                    firstExclude = false;
                }
                else
                {
                    std::set<Ipv6Address> both;
                    for (const auto& s : f.sources)
                    {
                        if (excluded.count(s))
                        {
                            both.insert(s);
                        }
                    }
                    excluded = std::move(both);
                }
                anyExclude = true;
            }
            else
            {
                included.insert(f.sources.begin(), f.sources.end());
            }
        }
    }
    merged.exclude = anyExclude;
    if (anyExclude)
    {
        for (const auto& s : excluded)
        {
            if (!included.count(s))
            {
                merged.sources.insert(s);
            }
        }
    }
    else
    {
        merged.sources = included;
    }
    return merged;
}

} // namespace ns3
