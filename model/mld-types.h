/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_TYPES_H
#define MLD_TYPES_H

#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/mac48-address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <ostream>
#include <set>

namespace ns3
{

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
 * \brief The host version of an interface and how it meets MLDv1 queriers (RFC 9777 §8.2).
 */
enum class MldHostVersion : uint8_t
{
    MLDV1,          ///< MLDv1 (RFC 2710), as the BSD seeds
    MLDV2,          ///< MLDv2 only: an MLDv1 query is answered as the same MLDv2 query (as
                    ///< Linux's force_mld_version=2)
    MLDV2_FALLBACK, ///< MLDv2, in MLDv1 compatibility mode while an MLDv1 querier is present
                    ///< (RFC 9777 §8.2.1; as Linux's default)
};

/**
 * \param os output stream
 * \param version the host version
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, MldHostVersion version);

/**
 * \ingroup mld
 * \brief A version of the protocol: what a host interface speaks now, or what a router
 * interface runs (an MLDv2 router keeps the MLDv1 compatibility of RFC 9777 §8.3.2).
 */
enum class MldVersion : uint8_t
{
    MLDV1 = 1, ///< MLDv1, RFC 2710
    MLDV2 = 2, ///< MLDv2, RFC 9777
};

/**
 * \param os output stream
 * \param version the version
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, MldVersion version);

/**
 * \ingroup mld
 * \brief Why MldProtocol refused a join, leave or source filter (traced as "Refused").
 */
enum class MldRefusal : uint8_t
{
    NO_INTERFACE,        ///< no MLD on that interface (unknown, the loopback, or not enabled)
    NOT_MULTICAST,       ///< the group is not a multicast address
    SOURCE_SPECIFIC,     ///< any-source (EXCLUDE) reception asked in ff3x::/96 (RFC 4604 §2.2.1)
    BAD_SOURCE,          ///< a source that is not a unicast address
    NO_SUCH_JOIN,        ///< a leave without a join (MLD's own memberships included)
    NO_SUCH_FILTER,      ///< INCLUDE {} for a socket that has no filter on the group
    SOCKET_EXCLUDES,     ///< JoinSource on a socket in EXCLUDE mode on the group
    SOURCE_NOT_INCLUDED, ///< LeaveSource of a source the socket does not include
};

/**
 * \param os output stream
 * \param refusal the reason
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, MldRefusal refusal);

/**
 * \ingroup mld
 * \param group a multicast address
 * \return true if MLD messages are ever sent for it: not ff02::1, scope link-local or
 *         wider (RFC 2710 §5, RFC 9777 §6)
 */
bool MldIsReportable(Ipv6Address group);

/**
 * \ingroup mld
 * \param group a multicast address
 * \return true if it is in the source-specific range ff3x::/96 (RFC 4607 §1, RFC 4604)
 */
bool MldIsSourceSpecific(Ipv6Address group);

} // namespace ns3

#endif /* MLD_TYPES_H */
