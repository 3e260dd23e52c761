/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_PROTOCOL_H
#define MLD_PROTOCOL_H

#include "mld-header.h"
#include "mld-interface.h"

#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/ipv6-interface-address.h"
#include "ns3/object.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/traced-callback.h"

#include <set>
#include <string>
#include <vector>

namespace ns3
{

class Node;
class Ipv6;
class Ipv6L3Protocol;
class Packet;
class MldListener;
class MldQuerier;
class MldRouting;
class MldHopByHopExtension;
class Ipv6Header;

/**
 * \defgroup mld Multicast Listener Discovery
 *
 * MLDv1 (RFC 2710) and MLDv2 (RFC 9777) listeners and queriers for IPv6 nodes,
 * modelled on the BSD/KAME implementation (netinet6/mld6.c).
 */

/**
 * \ingroup mld
 * \brief The MLD protocol of one node: the hook into IPv6, the send path and
 * the per-interface state.
 *
 * It plays the part of the kernel's mld_input()/mld_sendpkt(): every MLD
 * message an interface receives is validated here (source, hop limit, Router
 * Alert, length, checksum, code), counted, traced, and handed to the
 * MldListener and, on router interfaces, to the interface's MldQuerier.
 *
 * Nothing is sent before the simulation starts: until DoInitialize() every
 * interface counts as down, so joins made while configuring are reported
 * when the node starts, as a host reports its groups when it boots.
 *
 * It is aggregated to the Node (one per node) and needs an Ipv6L3Protocol
 * whose routing protocol is an Ipv6ListRouting: MldHelper inserts an
 * MldRouting there, which brings interface and address events here and does
 * the router's multicast forwarding.
 *
 * Received packets are seen through the Ipv6L3Protocol "Rx" trace source,
 * before ns-3's own processing; a message counts only if the interface would
 * really receive it (its destination is ff02::1, a group with a record on the
 * interface, or an address of the interface; on router interfaces, every MLD
 * message, as a BSD multicast router listens in all-multicast mode).
 */
class MldProtocol : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MldProtocol();
    ~MldProtocol() override;

    /**
     * \brief Attach to the node's IPv6 stack and create the state of every interface.
     *
     * The node must have an Ipv6L3Protocol. Called by MldHelper::Install().
     * \param node the node (this object must be aggregated to it)
     * \param routing the MldRouting already added to the node's Ipv6ListRouting
     * \param interfaces the IPv6 interfaces MLD runs on; empty: all but the loopback
     */
    void Attach(Ptr<Node> node, Ptr<MldRouting> routing, const std::set<uint32_t>& interfaces = {});

    /**
     * \brief Join a group on an interface (in6_joingroup): the refcount grows by one.
     *
     * The first join creates the record, registers the group with IPv6 and
     * sends an unsolicited report at once (RFC 2710 §4).
     * \param interface IPv6 interface index
     * \param group multicast address
     * \return false (and nothing changes; see GetLastError()) if the interface is unknown
     *         or the loopback, the address is not multicast, or it is in the
     *         source-specific range ff3x::/96 (RFC 4604: use JoinSource)
     */
    bool Join(uint32_t interface, Ipv6Address group);

    /**
     * \brief Set one socket's source filter on a group (RFC 3678 setsourcefilter).
     *
     * INCLUDE with an empty list removes the socket's state. The socket is any
     * identifier the caller keeps (an application uses its own). EXCLUDE mode is
     * refused in the source-specific range ff3x::/96 (RFC 4604 §2.2.1).
     * \param interface IPv6 interface index
     * \param group multicast address
     * \param socket the socket identifier
     * \param exclude EXCLUDE mode (else INCLUDE)
     * \param sources the source list
     * \return false (nothing changed; see GetLastError()) if refused
     */
    bool SetSourceFilter(uint32_t interface,
                         Ipv6Address group,
                         uint64_t socket,
                         bool exclude,
                         const std::set<Ipv6Address>& sources);

    /**
     * \brief RFC 3678 join-source-group: add a source to the socket's INCLUDE list.
     * \param interface IPv6 interface index
     * \param group multicast address
     * \param source the source to receive from
     * \param socket the socket identifier
     * \return false if refused (the socket is in EXCLUDE mode, or bad arguments)
     */
    bool JoinSource(uint32_t interface, Ipv6Address group, Ipv6Address source, uint64_t socket);

    /**
     * \brief RFC 3678 leave-source-group: remove a source from the socket's INCLUDE list.
     * \param interface IPv6 interface index
     * \param group multicast address
     * \param source the source
     * \param socket the socket identifier
     * \return false if the socket did not include that source
     */
    bool LeaveSource(uint32_t interface, Ipv6Address group, Ipv6Address source, uint64_t socket);

    /// \return why the last Join, Leave or filter call returned false
    std::string GetLastError() const;

    /**
     * \brief Choose an interface's host version, like Linux's force_mld_version.
     * \param interface IPv6 interface index
     * \param version 1, 2, or 0 (MLDv2 falling back to MLDv1 while an MLDv1 querier is present)
     * \return false if the interface is unknown or the version invalid
     */
    bool SetVersion(uint32_t interface, uint8_t version);

    /**
     * \param interface IPv6 interface index
     * \return the host version in use now (1 or 2), 0 if the interface is unknown
     */
    uint8_t GetVersion(uint32_t interface) const;

    /**
     * \brief Leave a group on an interface (in6_leavegroup): the refcount drops by one.
     *
     * The last leave sends a Done if this node reported last (RFC 2710 §4)
     * and removes the record.
     * \param interface IPv6 interface index
     * \param group multicast address
     * \return false (and nothing changes) if there is no such join: the memberships MLD
     *         holds itself (ff02::1, ff02::2 on routers, solicited-node groups) cannot be left
     */
    bool Leave(uint32_t interface, Ipv6Address group);

    /**
     * \brief Make an interface a router interface (RFC 2710 §6–7) or a host one.
     *
     * A router interface runs an MldQuerier, forwards, and joins ff02::2.
     * \param interface IPv6 interface index
     * \param enable true to run the router part
     * \param querier the querier to use (nullptr: one with default attributes)
     * \return false if the interface is unknown or the loopback
     */
    bool SetRouter(uint32_t interface, bool enable, Ptr<MldQuerier> querier = nullptr);

    /**
     * \brief Replace the listener (host part); only before Attach().
     * \param listener the listener
     */
    void SetListener(Ptr<MldListener> listener);

    /**
     * \param interface IPv6 interface index
     * \return the querier of a router interface, or nullptr
     */
    Ptr<MldQuerier> GetQuerier(uint32_t interface) const;

    /// \return the listener (host part)
    Ptr<MldListener> GetListener() const;

    /// \return the routing hook (forwarding counters and traces)
    Ptr<MldRouting> GetRouting() const;

    /**
     * \param interface IPv6 interface index
     * \return true if the interface has a record for the group
     * \param group multicast address
     */
    bool HasRecord(uint32_t interface, Ipv6Address group) const;

    /// \return a copy of every record of every interface, ordered by interface and group
    std::vector<MldRecordInfo> GetRecords() const;

    /**
     * \param interface IPv6 interface index
     * \return a copy of the interface's records
     */
    std::vector<MldRecordInfo> GetRecords(uint32_t interface) const;

    /**
     * \brief Write every record, like ifmcstat: interface, group, refcount,
     * flag, timer remaining, link-layer address and refs.
     * \param stream the output
     */
    void PrintRecords(Ptr<OutputStreamWrapper> stream) const;

    /**
     * \param interface IPv6 interface index
     * \return the interface's message counters (zeros if unknown)
     */
    MldInterfaceStatistics GetStatistics(uint32_t interface) const;

    /**
     * \param interface IPv6 interface index
     * \param reason a drop reason
     * \return how many received messages were dropped for that reason
     */
    uint64_t GetDropCount(uint32_t interface, MldDropReason reason) const;

    /**
     * \param interface IPv6 interface index
     * \return the interface's state, or nullptr (loopback, unknown)
     */
    Ptr<MldInterface> GetInterface(uint32_t interface) const;

    /// \return the node's Ipv6L3Protocol
    Ptr<Ipv6L3Protocol> GetIpv6() const;

    /**
     * \brief Assign fixed random variable streams.
     * \param stream first stream index to use
     * \return the number of streams assigned
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Send an MLDv1 message with hop limit 1, a Router Alert and an RFC 3590 source.
     *
     * Nothing is sent while the interface is down.
     * \param interface IPv6 interface index
     * \param type LISTENER_QUERY, LISTENER_REPORT or LISTENER_DONE
     * \param group the Multicast Address field
     * \param destination the IPv6 destination (RFC 2710 §8)
     * \param maxResponseDelayMs Maximum Response Delay of a query
     * \return true if the message was handed to IPv6
     */
    bool SendV1(uint32_t interface,
                uint8_t type,
                Ipv6Address group,
                Ipv6Address destination,
                uint16_t maxResponseDelayMs = 0);

    /**
     * \brief Send MLDv2 reports to ff02::16 (RFC 9777 §5.2.14), as many as the MTU needs.
     * \param interface IPv6 interface index
     * \param records the records
     * \return number of messages handed to IPv6
     */
    uint32_t SendV2Report(uint32_t interface, const std::vector<MldAddressRecord>& records);

    /**
     * \brief Send an MLDv2 query (router part).
     * \param interface IPv6 interface index
     * \param query the query (checksum is filled here)
     * \return true if handed to IPv6
     */
    bool SendV2Query(uint32_t interface, MldV2QueryHeader query);

    /**
     * \brief Choose the source of an MLD message (RFC 3590 §4).
     * \param interface IPv6 interface index
     * \return a link-local address of the interface that is not tentative, else ::
     */
    Ipv6Address SelectSource(uint32_t interface) const;

    /**
     * \param interface IPv6 interface index
     * \return the interface's link-local address in whatever state (tentative during
     *         DAD included), else ::; the address a querier election compares with
     */
    Ipv6Address GetLinkLocalAddress(uint32_t interface) const;

    /**
     * \brief Validate a received MLD message and hand it to the host and router parts.
     *
     * The receive path calls it for every MLD message (see ReceiveHopByHop); tests
     * use it to inject crafted packets.
     * \param packet the packet, IPv6 header included
     * \param interface the receiving IPv6 interface
     */
    void Receive(Ptr<const Packet> packet, uint32_t interface);

    /**
     * \brief A received packet's Hop-by-Hop header, from MldHopByHopExtension.
     *
     * Called by Ipv6L3Protocol::Receive, through the extension, for every packet with a
     * Hop-by-Hop header, after the Rx trace told the receiving interface. A header whose
     * next header is ICMPv6 is handed to Receive (which counts, for example, a Router
     * Alert for MLD on another ICMPv6 type).
     * \param packet the packet, from the Hop-by-Hop header on
     * \param header its IPv6 header
     * \return true if it is an MLD message (types 130, 131, 132, 143), which MLD took:
     *         IPv6 processing stops there. false: ns-3 goes on as without MLD.
     */
    bool ReceiveHopByHop(Ptr<const Packet> packet, const Ipv6Header& header);

    /// \name Events from IPv6, delivered by MldRouting
    /// @{
    /// \param interface the interface
    void NotifyInterfaceUp(uint32_t interface);
    /// \param interface the interface
    void NotifyInterfaceDown(uint32_t interface);
    /// \param interface the interface \param address the address
    void NotifyAddAddress(uint32_t interface, Ipv6InterfaceAddress address);
    /// \param interface the interface \param address the address
    void NotifyRemoveAddress(uint32_t interface, Ipv6InterfaceAddress address);
    /// @}

    /**
     * TracedCallback signature for messages sent and received.
     * \param interface IPv6 interface index
     * \param type ICMPv6 type
     * \param group the Multicast Address field (:: for a general query and v2 reports)
     * \param source IPv6 source address
     * \param destination IPv6 destination address
     */
    typedef void (*MessageTracedCallback)(uint32_t interface,
                                          uint8_t type,
                                          Ipv6Address group,
                                          Ipv6Address source,
                                          Ipv6Address destination);

    /**
     * TracedCallback signature for MLDv2 reports sent and received.
     * \param interface IPv6 interface index
     * \param report the report
     * \param source IPv6 source address
     */
    typedef void (*V2ReportTracedCallback)(uint32_t interface,
                                           const MldV2ReportHeader& report,
                                           Ipv6Address source);

    /**
     * TracedCallback signature for dropped messages.
     * \param packet the packet, IPv6 header included
     * \param interface IPv6 interface index
     * \param reason why it was dropped
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet,
                                       uint32_t interface,
                                       MldDropReason reason);

  protected:
    void DoInitialize() override;
    void DoDispose() override;

  private:
    /// \brief The simulation has started: bring up every interface that is up.
    void Start();

    /**
     * \brief Bring an interface up: report every group, start the querier.
     * \param mif the interface
     */
    void BringUp(MldInterface& mif);

    /**
     * \brief The Ipv6L3Protocol Rx trace sink: notes the receiving interface of a packet
     * with a Hop-by-Hop header for ReceiveHopByHop, and hands an ICMPv6 MLD message
     * without one (which will be dropped, NO_ROUTER_ALERT) to Receive. It looks at two
     * octets of every packet, and at nothing else.
     * \param packet the packet, IPv6 header included
     * \param ipv6 the IPv6 stack
     * \param interface the receiving interface
     */
    void ReceiveTap(Ptr<const Packet> packet, Ptr<Ipv6> ipv6, uint32_t interface);

    /// Replace the node's Hop-by-Hop extension with MldHopByHopExtension.
    void InstallHopByHopExtension();

    /**
     * \brief Would this interface receive a packet to this destination?
     * \param mif the interface
     * \param destination IPv6 destination
     * \return true for ff02::1, a joined group, an own address, or any on a router interface
     */
    bool IsReceivable(const MldInterface& mif, Ipv6Address destination) const;

    /**
     * \brief Is this address one of the interface's (RFC 9777 §5.2.14)?
     * \param mif the interface
     * \param address an IPv6 address
     * \return true for a unicast address of the interface, ff02::1, ff02::2 on a router
     *         interface, or a group the interface has a record for
     */
    bool IsInterfaceAddress(const MldInterface& mif, Ipv6Address address) const;

    /**
     * \param address an IPv6 address
     * \return true if it is one of this node's addresses
     */
    bool IsOwnAddress(Ipv6Address address) const;

    /**
     * \brief Create the state of an interface (lazily for interfaces added later).
     * \param interface the interface
     * \return the state, or nullptr for the loopback
     */
    Ptr<MldInterface> EnsureInterface(uint32_t interface);

    /**
     * \param mif an interface
     * \param group a group
     * \return how many of the group's any-source references MLD holds itself
     *         (all-nodes, all-routers on forwarding interfaces, solicited-node)
     */
    uint32_t AutomaticReferences(const MldInterface& mif, Ipv6Address group) const;

    /**
     * \brief The host part hears an MLDv1 query (received, or this router's own):
     * version fallback (RFC 9777 §8.2.1), then the answer of the version in use.
     * \param mif the interface
     * \param group :: or the queried group
     * \param maxDelayMs the Maximum Response Delay
     */
    void ListenerHearsV1Query(MldInterface& mif, Ipv6Address group, uint16_t maxDelayMs);

    /**
     * \brief Hand a packet to IPv6 with a Hop-by-Hop Router Alert and hop limit 1.
     * \param interface IPv6 interface index
     * \param message the MLD message, checksum not yet computed
     * \param source IPv6 source
     * \param destination IPv6 destination
     */
    void SendMessage(uint32_t interface,
                     MldHeader& message,
                     Ipv6Address source,
                     Ipv6Address destination);

    /**
     * \brief Count and trace a drop.
     * \param packet the packet
     * \param mif the interface
     * \param reason the reason
     */
    void Drop(Ptr<const Packet> packet, MldInterface& mif, MldDropReason reason);

    /**
     * \brief Bring solicited-node and all-routers memberships in line with the
     * interface's addresses and forwarding flag.
     * \param mif the interface
     * \param joinNew also join what is missing (false: only release what is stale)
     */
    void SyncAutomaticGroups(MldInterface& mif, bool joinNew = true);

    Ptr<Node> m_node;                            //!< the node
    Ptr<Ipv6L3Protocol> m_ipv6;                  //!< its IPv6 stack
    Ptr<MldRouting> m_routing;                   //!< the routing hook
    Ptr<MldListener> m_listener;                 //!< host part
    std::vector<Ptr<MldInterface>> m_interfaces; //!< per IPv6 interface index
    std::set<uint32_t> m_enabled;                //!< interfaces MLD runs on (empty: all)
    bool m_strictCode;                           //!< drop messages with a non-zero code
    bool m_started{false};                       //!< the simulation has started (Start)
    EventId m_startEvent;                        //!< Start(), scheduled by DoInitialize()
    Ptr<MldHopByHopExtension> m_hopByHop;        //!< MLD's Hop-by-Hop extension
    const Packet* m_hopByHopPacket{nullptr};     //!< last packet with Hop-by-Hop received
    uint32_t m_hopByHopInterface{0};             //!< and its interface (see ReceiveTap)

    TracedCallback<uint32_t, uint8_t, Ipv6Address, Ipv6Address, Ipv6Address> m_txTrace; //!< Tx
    TracedCallback<uint32_t, uint8_t, Ipv6Address, Ipv6Address, Ipv6Address> m_rxTrace; //!< Rx
    TracedCallback<Ptr<const Packet>, uint32_t, MldDropReason> m_dropTrace;             //!< Drop
    TracedCallback<uint32_t, const MldV2ReportHeader&, Ipv6Address> m_v2TxTrace; //!< V2ReportTx
    TracedCallback<uint32_t, const MldV2ReportHeader&, Ipv6Address> m_v2RxTrace; //!< V2ReportRx
    std::string m_lastError; //!< why the last API call was refused
};

} // namespace ns3

#endif /* MLD_PROTOCOL_H */
