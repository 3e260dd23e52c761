/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_MEMBERSHIP_H
#define MLD_MEMBERSHIP_H

#include "mld-types.h"

#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"

#include <map>
#include <memory>
#include <set>

namespace ns3
{

/**
 * \ingroup mld
 * \brief The RFC 9777 §4.2 merge of source filters into one interface state.
 *
 * EXCLUDE if any filter excludes, with the intersection of the EXCLUDE lists minus the
 * union of the INCLUDE lists; else INCLUDE the union of the INCLUDE lists. An any-source
 * join, or an MLDv1 listener (RFC 4605 §4.1), is EXCLUDE {}. Used for the sockets of one
 * record (MldMembershipRecord::GetFilter) and for the downstream interfaces of a proxy
 * (MldProxy's membership database).
 */
class MldFilterMerge
{
  public:
    /**
     * \brief Merge one more filter in.
     * \param filter the filter (INCLUDE {} changes nothing)
     */
    void Add(const MldSourceFilter& filter);

    /// \return the merged state (INCLUDE {} if nothing was added)
    MldSourceFilter Get() const;

  private:
    bool m_anyExclude{false};         //!< some filter excludes
    std::set<Ipv6Address> m_excluded; //!< intersection of the EXCLUDE lists
    std::set<Ipv6Address> m_included; //!< union of the INCLUDE lists
};

/**
 * \ingroup mld
 * \brief MLDv2 part of a record: per-socket filters, the merged interface
 * state, and what is still to be reported (RFC 9777 §4, §6).
 *
 * Allocated only for records that use source filtering or run MLDv2, so a
 * plain MLDv1 record stays small.
 */
struct MldV2RecordState
{
    std::map<uint64_t, MldSourceFilter> sockets; //!< RFC 3678 per-socket filters
    /// §6.1: transmissions left of the filter-mode-change record
    uint8_t modeChangeLeft{0};
    std::map<Ipv6Address, uint8_t> allowLeft; //!< §6.1: ALLOW transmissions left, per source
    std::map<Ipv6Address, uint8_t> blockLeft; //!< §6.1: BLOCK transmissions left, per source
    EventId retransmit;                       //!< next state-change report
    bool sourceQuery{false};                  //!< §6.2: pending response is source-specific
    std::set<Ipv6Address> queriedSources;     //!< §6.2: sources of pending G&S queries
};

/**
 * \ingroup mld
 * \brief One group membership on one interface: the seeds' in6_multi.
 *
 * The interface state (RFC 9777 §4.2) merges every any-source join
 * (EXCLUDE {}) and every socket filter of the MLDv2 part.
 */
struct MldMembershipRecord
{
    uint32_t refCount{0};                                  //!< any-source joins not yet left
    MldListenerFlag flag{MldListenerFlag::OTHER_LISTENER}; //!< in6m_state
    EventId timer;                        //!< the one pending report timer (in6m_timer)
    uint8_t unsolicitedLeft{0};           //!< unsolicited report repeats still to send
    std::unique_ptr<MldV2RecordState> v2; //!< source filters and MLDv2 state, if any

    /// \return any-source joins plus socket filters
    uint32_t GetReferences() const
    {
        return refCount + (v2 ? v2->sockets.size() : 0);
    }

    /// \return the interface state: RFC 9777 §4.2 merge of every socket's filter
    MldSourceFilter GetFilter() const;
};

} // namespace ns3

#endif /* MLD_MEMBERSHIP_H */
