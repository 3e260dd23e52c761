/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_INTERFACE_H
#define MLD_INTERFACE_H

#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/mac48-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <set>

namespace ns3
{

class MldQuerier;

/**
 * \ingroup mld
 * \brief The per-record flag of the seeds' in6_multi (in6m_state).
 *
 * RFC 2710 §5 keeps one flag, "I am the last host to report"; the BSD
 * implementation adds a state for a join whose first report is delayed
 * (RFC 4862 §5.4.2).
 */
enum class MldListenerFlag : uint8_t
{
    REPORT_PENDING,  ///< joined, first report delayed (seeds: MLD_REPORTPENDING)
    I_REPORTED_LAST, ///< this node sent the last report (seeds: MLD_IREPORTEDLAST)
    OTHER_LISTENER,  ///< another node reported last, or no report is ever sent (seeds:
                     ///< MLD_OTHERLISTENER)
};

/**
 * \param os output stream
 * \param flag the flag
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, MldListenerFlag flag);

/**
 * \ingroup mld
 * \brief Why a received MLD message was dropped.
 */
enum class MldDropReason : uint8_t
{
    BAD_SOURCE,      ///< source address not link-local (seeds' rule, RFC 2710 §5, RFC 3590)
    BAD_HOP_LIMIT,   ///< hop limit other than 1 (RFC 2710 §3; receivers: RFC 9777 §6.2, §7.4)
    NO_ROUTER_ALERT, ///< no Hop-by-Hop Router Alert for MLD (same sections)
    TOO_SHORT,       ///< shorter than the message type needs, or IPv6 headers cut short
    BAD_LENGTH,      ///< a query length no MLD version uses (RFC 9777 §8.1)
    BAD_CHECKSUM,    ///< ICMPv6 checksum wrong (checked when ChecksumEnabled)
    UNKNOWN_TYPE,    ///< Router Alert for MLD on an ICMPv6 type that is not MLD
    BAD_CODE,        ///< non-zero ICMPv6 code (MldProtocol::StrictCodeCheck)
    SOURCE_OVERRUN,  ///< MLDv2 count of sources or records larger than the payload
    BAD_ADDRESS,     ///< query for a unicast address, report/done for a non-multicast
                     ///< group or a group of scope below link-local
    QUERY_SOURCES,   ///< MLDv2 general query that carries sources (RFC 9777 §5.1.10)
    UNKNOWN_RECORD,  ///< MLDv2 report record of unknown type: that record is skipped,
                     ///< the others are processed (RFC 9777 §5.2.12)
    BAD_DESTINATION, ///< MLDv1 Report not sent to its group (RFC 2710 §4), Done not sent to
                     ///< ff02::2 (RFC 2710 §4), MLDv2 Report not sent to ff02::16 nor to an
                     ///< address of the interface (RFC 9777 §5.2.14)
    COUNT            ///< number of reasons (not a reason)
};

/**
 * \param os output stream
 * \param reason the reason
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, MldDropReason reason);

/**
 * \ingroup mld
 * \brief Stop a timer: take its event out of the scheduler and let go of it.
 *
 * Two ns-3 habits would otherwise keep memory per stopped timer: a cancelled event stays in
 * the scheduler until its time comes (a router restarting a 260 s timer on every report would
 * pile up one per report), and an EventId keeps its event object alive until reassigned,
 * even once the event has run. Every MLD timer is stopped through this function.
 *
 * \param event the event (pending, run or empty); empty on return
 */
inline void
MldStopTimer(EventId& event)
{
    event.Remove(); // nothing for an expired event, the one being run included
    event = EventId();
}

/**
 * \ingroup mld
 * \brief Message counters of one interface, like BSD's icmp6 ifstat
 * (ifs6_in_mldquery, ifs6_out_mldreport, ...). Only accepted messages count
 * as "in"; drops are counted apart, per reason.
 */
struct MldInterfaceStatistics
{
    uint64_t inQueries{0};    //!< queries received (v1 and v2)
    uint64_t inReports{0};    //!< MLDv1 reports received
    uint64_t inDones{0};      //!< dones received
    uint64_t inV2Reports{0};  //!< MLDv2 reports received
    uint64_t outQueries{0};   //!< queries sent
    uint64_t outReports{0};   //!< MLDv1 reports sent
    uint64_t outDones{0};     //!< dones sent
    uint64_t outV2Reports{0}; //!< MLDv2 reports sent
};

/**
 * \ingroup mld
 * \brief A filter mode and source list (RFC 9777 §4): of one socket, or of an interface.
 */
struct MldSourceFilter
{
    bool exclude{true};            //!< EXCLUDE mode (else INCLUDE)
    std::set<Ipv6Address> sources; //!< source list

    /// \return true for INCLUDE {}, which means "no reception state"
    bool IsEmpty() const
    {
        return !exclude && sources.empty();
    }

    /**
     * \param other another filter
     * \return true if equal
     */
    bool operator==(const MldSourceFilter& other) const
    {
        return exclude == other.exclude && sources == other.sources;
    }
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

/**
 * \ingroup mld
 * \brief A group that left while MLDv2 still had to repeat its state-change
 * report (TO_IN {}, RFC 9777 §6.1).
 */
struct MldLeavingGroup
{
    MldV2RecordState pending; //!< what is still to be sent, and when
};

/**
 * \ingroup mld
 * \brief A copy of one record, for dumps (ifmcstat, net.inet6.multicast).
 */
struct MldRecordInfo
{
    uint32_t interface {
        0
    };                      //!< IPv6 interface index
    Ipv6Address group;      //!< multicast address
    uint32_t refCount{0};   //!< reference count (any-source joins and socket filters)
    MldSourceFilter filter; //!< interface state (mode and sources)
    MldListenerFlag flag{MldListenerFlag::OTHER_LISTENER}; //!< flag
    bool timerRunning{false};                              //!< a report timer is pending
    Time timerRemaining;       //!< time until it fires (zero when not running)
    Mac48Address linkLayer;    //!< the 33:33:xx:xx:xx:xx address of the group
    uint32_t linkLayerRefs{0}; //!< refcount of that link-layer entry
};

/**
 * \ingroup mld
 * \brief MLD state of one IPv6 interface: records, link-layer list, counters.
 *
 * It holds state only; MldListener and MldQuerier act on it. The link-layer
 * list mirrors if.c's ifmultiaddr list of AF_LINK entries: one refcounted
 * entry per 33:33:xx:xx:xx:xx address, shared by every group that maps to it.
 */
class MldInterface : public SimpleRefCount<MldInterface>
{
  public:
    /**
     * \param index the IPv6 interface index
     */
    explicit MldInterface(uint32_t index);
    ~MldInterface();

    /// \return the IPv6 interface index
    uint32_t GetIndex() const;

    /**
     * \brief Take a reference on the link-layer entry of a group (if_addmulti).
     * \param group the IPv6 multicast address
     * \return the entry's refcount after the call
     */
    uint32_t AddLinkLayerRef(Ipv6Address group);

    /**
     * \brief Drop a reference on the link-layer entry of a group (if_delmulti).
     * \param group the IPv6 multicast address
     * \return the entry's refcount after the call (0: entry removed)
     */
    uint32_t ReleaseLinkLayerRef(Ipv6Address group);

    /**
     * \param mac a link-layer multicast address
     * \return its refcount, 0 if absent
     */
    uint32_t GetLinkLayerRefs(Mac48Address mac) const;

    /// \return the link-layer list: address and refcount
    const std::map<Mac48Address, uint32_t>& GetLinkLayerList() const;

    /**
     * \param group a multicast address
     * \return the record, or nullptr
     */
    MldMembershipRecord* Find(Ipv6Address group);

    /**
     * \brief Count a dropped message.
     * \param reason the reason
     */
    void CountDrop(MldDropReason reason);

    /**
     * \param reason a reason
     * \return how many messages were dropped for it
     */
    uint64_t GetDropCount(MldDropReason reason) const;

    bool up{false};                     //!< IPv6 interface is up
    bool forwarding{false};             //!< interface forwards (joins ff02::2)
    bool forwardingBeforeRouter{false}; //!< IPv6 forwarding flag before SetRouter(true)
    /// configured host version: 1, 2, or 0 (MLDv2 with fallback to MLDv1, RFC 9777 §8.2)
    uint8_t version{1};
    EventId olderQuerierPresent;  //!< RFC 9777 §8.2.1 Older Version Querier Present timer
    EventId generalResponse;      //!< RFC 9777 §6.2: pending response to a general query
    uint8_t querierRobustness{0}; //!< QRV adopted from the querier (0: none heard)
    /// groups whose TO_IN {} is still being repeated (MLDv2)
    std::map<Ipv6Address, MldLeavingGroup> leaving;
    /// membership records, by group
    std::map<Ipv6Address, MldMembershipRecord> records;
    /// unicast addresses whose solicited-node group we joined, and that group
    std::map<Ipv6Address, Ipv6Address> solicitedJoins;
    MldInterfaceStatistics stats; //!< message counters
    Ptr<MldQuerier> querier;      //!< router part, null on host interfaces

    /// \return the host version in use now: 1 or 2
    uint8_t GetHostVersion() const
    {
        return version == 1 || (version == 0 && !olderQuerierPresent.IsExpired()) ? 1 : 2;
    }

  private:
    uint32_t m_index;                             //!< IPv6 interface index
    std::map<Mac48Address, uint32_t> m_linkLayer; //!< link-layer list
    std::array<uint64_t, static_cast<size_t>(MldDropReason::COUNT)> m_drops{}; //!< drops
};

} // namespace ns3

#endif /* MLD_INTERFACE_H */
