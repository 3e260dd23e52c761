/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-interface.h"

#include "mld-querier.h"

namespace ns3
{

std::ostream&
operator<<(std::ostream& os, MldListenerFlag flag)
{
    switch (flag)
    {
    case MldListenerFlag::REPORT_PENDING:
        return os << "REPORTPENDING";
    case MldListenerFlag::I_REPORTED_LAST:
        return os << "IREPORTEDLAST";
    case MldListenerFlag::OTHER_LISTENER:
        return os << "OTHERLISTENER";
    }
    return os << "?";
}

std::ostream&
operator<<(std::ostream& os, MldDropReason reason)
{
    switch (reason)
    {
    case MldDropReason::BAD_SOURCE:
        return os << "BAD_SOURCE";
    case MldDropReason::BAD_HOP_LIMIT:
        return os << "BAD_HOP_LIMIT";
    case MldDropReason::NO_ROUTER_ALERT:
        return os << "NO_ROUTER_ALERT";
    case MldDropReason::TOO_SHORT:
        return os << "TOO_SHORT";
    case MldDropReason::BAD_LENGTH:
        return os << "BAD_LENGTH";
    case MldDropReason::BAD_CHECKSUM:
        return os << "BAD_CHECKSUM";
    case MldDropReason::UNKNOWN_TYPE:
        return os << "UNKNOWN_TYPE";
    case MldDropReason::BAD_CODE:
        return os << "BAD_CODE";
    case MldDropReason::SOURCE_OVERRUN:
        return os << "SOURCE_OVERRUN";
    case MldDropReason::BAD_ADDRESS:
        return os << "BAD_ADDRESS";
    case MldDropReason::QUERY_SOURCES:
        return os << "QUERY_SOURCES";
    case MldDropReason::UNKNOWN_RECORD:
        return os << "UNKNOWN_RECORD";
    case MldDropReason::BAD_DESTINATION:
        return os << "BAD_DESTINATION";
    case MldDropReason::COUNT:
        break;
    }
    return os << "?";
}

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

MldInterface::MldInterface(uint32_t index)
    : m_index(index)
{
}

MldInterface::~MldInterface() = default;

uint32_t
MldInterface::GetIndex() const
{
    return m_index;
}

uint32_t
MldInterface::AddLinkLayerRef(Ipv6Address group)
{
    return ++m_linkLayer[Mac48Address::GetMulticast(group)];
}

uint32_t
MldInterface::ReleaseLinkLayerRef(Ipv6Address group)
{
    auto it = m_linkLayer.find(Mac48Address::GetMulticast(group));
    if (it == m_linkLayer.end())
    {
        return 0;
    }
    if (--it->second == 0)
    {
        m_linkLayer.erase(it);
        return 0;
    }
    return it->second;
}

uint32_t
MldInterface::GetLinkLayerRefs(Mac48Address mac) const
{
    auto it = m_linkLayer.find(mac);
    return it == m_linkLayer.end() ? 0 : it->second;
}

const std::map<Mac48Address, uint32_t>&
MldInterface::GetLinkLayerList() const
{
    return m_linkLayer;
}

MldMembershipRecord*
MldInterface::Find(Ipv6Address group)
{
    auto it = records.find(group);
    return it == records.end() ? nullptr : &it->second;
}

void
MldInterface::CountDrop(MldDropReason reason)
{
    ++m_drops[static_cast<size_t>(reason)];
}

uint64_t
MldInterface::GetDropCount(MldDropReason reason) const
{
    return reason == MldDropReason::COUNT ? 0 : m_drops[static_cast<size_t>(reason)];
}

} // namespace ns3
