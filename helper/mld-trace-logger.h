/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_TRACE_LOGGER_H
#define MLD_TRACE_LOGGER_H

#include "ns3/ipv6-address.h"
#include "ns3/mld-interface.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <iostream>
#include <map>
#include <set>
#include <string>
#include <tuple>

namespace ns3
{

class Ipv6Header;
class MldQuerier;
class MldV2ReportHeader;
struct MldListenerEntry;
class Node;
class Packet;

/**
 * \ingroup mld
 * \brief Prints the MLD events of nodes to a stream, one line per event.
 *
 * Each line is the event's kind, the simulated time in seconds, the node's
 * name, then the event's fields as key=value:
 * \verbatim
   TX t=2.000 node=h1 if=1 type=131 (v1-report) group=ff1e::1 src=fe80::2 dst=ff1e::1
   LISTENER_ADDED t=2.000 node=R if=2 group=ff1e::1
   FORWARD t=2.012 node=R in=1 out=2 group=ff1e::1 src=2001:db8:a::1
   \endverbatim
 * Kinds: TX and RX (MldProtocol Tx, Rx: every MLD message), V2TX and V2RX
 * (MldProtocol V2ReportTx, V2ReportRx: an MLDv2 report's records, as
 * records=TYPE:group{source,...};...), DROP (MldProtocol Drop), LISTENER_ADDED
 * and LISTENER_REMOVED (MldQuerier ListenerAdded, ListenerRemoved), SOURCE
 * (MldQuerier SourceChanged), QUERIER (MldQuerier QuerierChanged), FORWARD
 * (MldRouting Forward: the first copy of a flow, see SetForwardQuietTime) and PROXY_DB
 * (MldProxy DatabaseChanged: a record of a proxy's membership database, as
 * group=G filter=EXCLUDE{source,...}).
 * Print() adds lines of the caller's own kinds in the same format.
 *
 * \code
 *   Ptr<MldTraceLogger> logger = Create<MldTraceLogger>(std::cout);
 *   logger->AddGroup(Ipv6Address("ff1e::1"));      // only events about ff1e::1
 *   logger->Connect(router, "R");                  // every event of the router
 *   logger->Connect(host, "h1", MldTraceLogger::TX); // what the host sends
 * \endcode
 *
 * The stream must outlive the logger's connections: the trace sinks hold
 * the logger until the nodes are destroyed (Simulator::Destroy()); call
 * SetEnabled(false) before then to print nothing more.
 */
class MldTraceLogger : public SimpleRefCount<MldTraceLogger>
{
  public:
    /// The trace sources Connect() can connect to (a bit mask).
    enum Event : uint32_t
    {
        TX = 1 << 0,           ///< MldProtocol Tx
        RX = 1 << 1,           ///< MldProtocol Rx
        DROP = 1 << 2,         ///< MldProtocol Drop
        V2_REPORT_TX = 1 << 3, ///< MldProtocol V2ReportTx
        V2_REPORT_RX = 1 << 4, ///< MldProtocol V2ReportRx
        LISTENER = 1 << 5,     ///< MldQuerier ListenerAdded and ListenerRemoved
        SOURCE = 1 << 6,       ///< MldQuerier SourceChanged
        QUERIER = 1 << 7,      ///< MldQuerier QuerierChanged
        FORWARD = 1 << 8,      ///< MldRouting Forward
        PROXY = 1 << 9,        ///< MldProxy DatabaseChanged (on a proxy node)
        PROTOCOL = TX | RX | DROP | V2_REPORT_TX | V2_REPORT_RX, ///< every MldProtocol trace
        QUERIERS = LISTENER | SOURCE | QUERIER,                  ///< every MldQuerier trace
        ALL = PROTOCOL | QUERIERS | FORWARD | PROXY,             ///< everything
    };

    /**
     * \param os the stream to print to; it must outlive the logger's connections
     */
    explicit MldTraceLogger(std::ostream& os = std::cout);

    /**
     * \brief Connect to the trace sources of a node's MldProtocol, of the queriers
     * of its router interfaces (those running now), and of its MldRouting.
     * \param node a node with MLD installed
     * \param name the name printed in its lines; empty: the node's name in ns3::Names,
     *        else "node<id>"
     * \param events which trace sources (a mask of Event values)
     */
    void Connect(Ptr<Node> node, const std::string& name = "", uint32_t events = ALL);

    /**
     * \brief Connect to the trace sources of one querier, for example one given to
     * MldProtocol::SetRouter after Connect().
     * \param querier the querier
     * \param name the name of its node, as printed
     * \param events which of LISTENER, SOURCE and QUERIER (a mask of Event values)
     */
    void ConnectQuerier(Ptr<MldQuerier> querier, const std::string& name, uint32_t events = ALL);

    /**
     * \brief Print only the events about these groups: messages and records whose
     * group is one of them, and General Queries (see ShowGeneralQueries). Without
     * any group added, every event is printed.
     * \param group a multicast address
     */
    void AddGroup(Ipv6Address group);

    /**
     * \brief Whether General Queries (and their answers' lines of group ::) are
     * printed once groups are added with AddGroup (default true).
     * \param show print them
     */
    void ShowGeneralQueries(bool show);

    /**
     * \brief Print a forwarded copy only if the same flow (output interface, group,
     * source) had no copy for this long: each line then marks the start of data on a
     * link. Zero prints every copy. Default: 1 s.
     * \param quiet the quiet time
     */
    void SetForwardQuietTime(Time quiet);

    /**
     * \brief Print events or not (default: print); for example nothing of what the
     * nodes do while Simulator::Destroy() tears them down.
     * \param enabled print the events
     */
    void SetEnabled(bool enabled);

    /**
     * \brief Print a line of the caller's own in the same format:
     * "<kind> t=<now> node=<node> <text>".
     * \param kind the line's first word, e.g. JOIN
     * \param node the node's name
     * \param text the rest of the line
     */
    void Print(const std::string& kind, const std::string& node, const std::string& text) const;

    /**
     * \brief Print a querier's listener-table entry for a group now, as one line:
     * "ENTRY t=<now> node=<name> " followed by FormatEntry(). Nothing is printed if the
     * group is not in the table (no listeners).
     * \param querier the querier
     * \param name the name of its node, as printed
     * \param group the group
     */
    void PrintEntry(Ptr<MldQuerier> querier, const std::string& name, Ipv6Address group) const;

    /**
     * \brief Schedule PrintEntry().
     * \param delay when, from now
     * \param querier the querier
     * \param name the name of its node, as printed
     * \param group the group
     */
    void PrintEntryAt(Time delay,
                      Ptr<MldQuerier> querier,
                      const std::string& name,
                      Ipv6Address group);

    /**
     * \param entry a group of a querier's listener table
     * \return its fields as key=value: "if=.. group=.. state=.. mode=INCLUDE|EXCLUDE
     *         sources=<source>(<timer left in s>|stopped),...|- older=0|1 expires_in=<s>
     *         version=1|2" (older: MLDv1 compatibility mode; version: the router's)
     */
    static std::string FormatEntry(const MldListenerEntry& entry);

    /**
     * \param type an ICMPv6 type
     * \return a short name of an MLD message type: query, v1-report, done, v2-report
     *         (else "other")
     */
    static std::string TypeName(uint8_t type);

  private:
    /**
     * \param group a group (:: for General Queries and MLDv2 reports)
     * \return true if events about it are printed
     */
    bool Shows(Ipv6Address group) const;

    /**
     * \brief MldProtocol Tx and Rx sink.
     * \param logger the logger
     * \param kind TX or RX
     * \param name the node
     * \param interface IPv6 interface index
     * \param type ICMPv6 type
     * \param group the Multicast Address field
     * \param source IPv6 source
     * \param destination IPv6 destination
     */
    static void Message(Ptr<MldTraceLogger> logger,
                        std::string kind,
                        std::string name,
                        uint32_t interface,
                        uint8_t type,
                        Ipv6Address group,
                        Ipv6Address source,
                        Ipv6Address destination);

    /**
     * \brief MldProtocol V2ReportTx and V2ReportRx sink.
     * \param logger the logger
     * \param kind V2TX or V2RX
     * \param name the node
     * \param interface IPv6 interface index
     * \param report the report
     * \param source IPv6 source
     */
    static void V2Report(Ptr<MldTraceLogger> logger,
                         std::string kind,
                         std::string name,
                         uint32_t interface,
                         const MldV2ReportHeader& report,
                         Ipv6Address source);

    /**
     * \brief MldProtocol Drop sink.
     * \param logger the logger
     * \param name the node
     * \param packet the packet, IPv6 header included
     * \param interface IPv6 interface index
     * \param reason why it was dropped
     */
    static void Drop(Ptr<MldTraceLogger> logger,
                     std::string name,
                     Ptr<const Packet> packet,
                     uint32_t interface,
                     MldDropReason reason);

    /**
     * \brief MldQuerier ListenerAdded and ListenerRemoved sink.
     * \param logger the logger
     * \param kind LISTENER_ADDED or LISTENER_REMOVED
     * \param name the node
     * \param interface IPv6 interface index
     * \param group the group
     */
    static void Listener(Ptr<MldTraceLogger> logger,
                         std::string kind,
                         std::string name,
                         uint32_t interface,
                         Ipv6Address group);

    /**
     * \brief MldQuerier SourceChanged sink.
     * \param logger the logger
     * \param name the node
     * \param interface IPv6 interface index
     * \param group the group
     * \param source the source
     * \param present the group still has a record for the source
     * \param running its source timer runs
     */
    static void Source(Ptr<MldTraceLogger> logger,
                       std::string name,
                       uint32_t interface,
                       Ipv6Address group,
                       Ipv6Address source,
                       bool present,
                       bool running);

    /**
     * \brief MldQuerier QuerierChanged sink.
     * \param logger the logger
     * \param name the node
     * \param interface IPv6 interface index
     * \param isQuerier this router is the querier now
     * \param querier the querier's address as far as it knows
     */
    static void Querier(Ptr<MldTraceLogger> logger,
                        std::string name,
                        uint32_t interface,
                        bool isQuerier,
                        Ipv6Address querier);

    /**
     * \brief MldProxy DatabaseChanged sink.
     * \param logger the logger
     * \param name the node's name
     * \param group the group
     * \param filter its merged filter
     */
    static void Database(Ptr<MldTraceLogger> logger,
                         std::string name,
                         Ipv6Address group,
                         const MldSourceFilter& filter);

    /**
     * \brief MldRouting Forward sink.
     * \param logger the logger
     * \param name the node
     * \param header IPv6 header
     * \param packet the payload
     * \param in arrival interface
     * \param out departure interface
     */
    static void Forward(Ptr<MldTraceLogger> logger,
                        std::string name,
                        const Ipv6Header& header,
                        Ptr<const Packet> packet,
                        uint32_t in,
                        uint32_t out);

    /// A flow of forwarded data: node, output interface, group, source.
    using Flow = std::tuple<std::string, uint32_t, Ipv6Address, Ipv6Address>;

    std::ostream* m_os;                 //!< where lines go
    std::set<Ipv6Address> m_groups;     //!< groups shown (empty: all)
    bool m_generalQueries{true};        //!< show group :: with a group filter
    Time m_forwardQuiet;                //!< see SetForwardQuietTime
    bool m_enabled{true};               //!< print at all
    std::map<Flow, Time> m_lastForward; //!< last copy of each flow
};

} // namespace ns3

#endif /* MLD_TRACE_LOGGER_H */
