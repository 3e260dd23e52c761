/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_PROTOCOL_H
#define MLD_PROTOCOL_H

#include "mld-header.h"
#include "mld-interface.h"
#include "mld-ipv6-adapter.h"
#include "mld-types.h"

#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/ipv6-interface-address.h"
#include "ns3/object-factory.h"
#include "ns3/object.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/traced-callback.h"

#include <set>
#include <string>
#include <vector>

namespace ns3
{

class Node;
class Ipv6L3Protocol;
class Packet;
class MldListener;
class MldQuerier;
class MldRouting;
class MldProxy;

/**
 * \defgroup mld Multicast Listener Discovery
 *
 * MLDv1 (RFC 2710) and MLDv2 (RFC 9777) listeners and queriers for IPv6 nodes,
 * modelled on the BSD/KAME implementation (netinet6/mld6.c).
 */

/**
 * \ingroup mld
 * \brief MLD on one node: the public API, and the owner of the per-interface parts.
 *
 * It is aggregated to the Node (one per node) and holds:
 * - an MldIpv6Adapter, the only code that touches Ipv6L3Protocol (receive at the Router
 *   Alert, send, source choice, registration);
 * - one MldInterface per IPv6 interface MLD runs on, each with its host part
 *   (MldListener) and, on router interfaces, its router part (MldQuerier).
 *
 * A received packet goes once through MldInput (decoded, or a drop reason) and then to
 * the receiving interface, which checks it is addressed to it and hands it to its parts.
 * The API calls (Join, Leave, source filters, SetRouter, SetVersion) go to the interface
 * named. Refused calls return false, log a warning and fire the "Refused" trace with an
 * MldRefusal.
 *
 * Nothing is sent before the simulation starts: until DoInitialize() every interface
 * counts as down, so joins made while configuring are reported when the node starts, as
 * a host reports its groups when it boots.
 *
 * It needs an Ipv6L3Protocol whose routing protocol lets MldRouting see interface and
 * address events (MldHelper puts an MldRouting into an Ipv6ListRouting); MldRouting also
 * does the router's multicast forwarding.
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
     * \brief Set the factory of the host parts (MldListener), one per interface; only
     * before Attach().
     * \param factory the factory (its TypeId must be MldListener's or a subclass')
     */
    void SetListenerFactory(const ObjectFactory& factory);

    /// \name Memberships (RFC 3678 API)
    /// @{
    /**
     * \brief Join a group on an interface (in6_joingroup): the refcount grows by one.
     *
     * The first join creates the record, registers the group with IPv6 and sends an
     * unsolicited report at once (RFC 2710 §4).
     * \param interface IPv6 interface index
     * \param group multicast address
     * \return false (nothing changes; "Refused" fires) if the interface has no MLD, the
     *         address is not multicast, or it is in the source-specific range ff3x::/96
     *         (RFC 4604: use JoinSource)
     */
    bool Join(uint32_t interface, Ipv6Address group);

    /**
     * \brief Leave a group on an interface (in6_leavegroup): the refcount drops by one.
     *
     * The last leave sends a Done if this node reported last (RFC 2710 §4) and removes
     * the record.
     * \param interface IPv6 interface index
     * \param group multicast address
     * \return false (nothing changes; "Refused" fires) if there is no such join: the
     *         memberships MLD holds itself (ff02::1, ff02::2 on routers, solicited-node
     *         groups) cannot be left
     */
    bool Leave(uint32_t interface, Ipv6Address group);

    /**
     * \brief Set one socket's source filter on a group (RFC 3678 setsourcefilter).
     *
     * INCLUDE with an empty list removes the socket's state. The socket is any identifier
     * the caller keeps (an application uses its own). EXCLUDE mode is refused in the
     * source-specific range ff3x::/96 (RFC 4604 §2.2.1).
     * \param interface IPv6 interface index
     * \param group multicast address
     * \param socket the socket identifier
     * \param exclude EXCLUDE mode (else INCLUDE)
     * \param sources the source list
     * \return false (nothing changed; "Refused" fires) if refused
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
    /// @}

    /// \name Roles and versions
    /// @{
    /**
     * \brief Choose an interface's host version (RFC 9777 §8.2), like Linux's
     * force_mld_version.
     * \param interface IPv6 interface index
     * \param version the version
     * \return false if the interface has no MLD
     */
    bool SetVersion(uint32_t interface, MldHostVersion version);

    /**
     * \param interface IPv6 interface index
     * \return the host version in use now (MLDv1 while in compatibility mode); MLDv1 if
     *         the interface has no MLD
     */
    MldVersion GetVersion(uint32_t interface) const;

    /**
     * \brief Make an interface a router interface (RFC 2710 §6-7) or a host one.
     *
     * A router interface runs an MldQuerier, forwards, and joins ff02::2.
     * \param interface IPv6 interface index
     * \param enable true to run the router part
     * \param querier the querier to use (nullptr: one with default attributes)
     * \return false if the interface has no MLD
     */
    bool SetRouter(uint32_t interface, bool enable, Ptr<MldQuerier> querier = nullptr);

    /**
     * \param interface IPv6 interface index
     * \return the querier of a router interface, or nullptr
     */
    Ptr<MldQuerier> GetQuerier(uint32_t interface) const;

    /**
     * \param interface IPv6 interface index
     * \return the host part of the interface, or nullptr if it has no MLD
     */
    Ptr<MldListener> GetListener(uint32_t interface) const;

    /**
     * \param interface IPv6 interface index
     * \return the interface's MLD, or nullptr (loopback, unknown, not enabled)
     */
    Ptr<MldInterface> GetInterface(uint32_t interface) const;

    /// \return the routing hook (forwarding counters and traces)
    Ptr<MldRouting> GetRouting() const;

    /**
     * \brief Make the node an MLD proxy (RFC 4605); MldProxy::Configure calls it.
     *
     * While it is set, SetRouter refuses to make the upstream interface a router
     * interface or a downstream one a host interface.
     * \param proxy the proxy
     */
    void SetProxy(Ptr<MldProxy> proxy);

    /// \return the node's proxy, or nullptr
    Ptr<MldProxy> GetProxy() const;
    /// @}

    /// \name State and counters
    /// @{
    /**
     * \param interface IPv6 interface index
     * \param group multicast address
     * \return true if the interface has a record for the group
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
     * \brief Write every record, like ifmcstat: interface, group, refcount, flag, timer
     * remaining, link-layer address and refs.
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
    /// @}

    /**
     * \brief Assign fixed random variable streams.
     * \param stream first stream index to use
     * \return the number of streams assigned
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief A received packet that may hold an MLD message: decoded once (MldInput),
     * then handed to the receiving interface.
     *
     * MldIpv6Adapter calls it for every MLD message; tests use it to inject crafted
     * packets.
     * \param packet the packet, IPv6 header included
     * \param interface the receiving IPv6 interface
     */
    void Receive(Ptr<const Packet> packet, uint32_t interface);

    /**
     * \brief Receive() on the bytes of a packet, which is how MldIpv6Adapter hands
     * every MLD message over (no Packet is copied on the way).
     * \param data the bytes, from the IPv6 header on
     * \param size their number
     * \param interface the receiving IPv6 interface
     */
    void ReceiveBytes(const uint8_t* data, uint32_t size, uint32_t interface);

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

    /**
     * TracedCallback signature for refused API calls.
     * \param interface IPv6 interface index
     * \param group the group
     * \param refusal why
     */
    typedef void (*RefusedTracedCallback)(uint32_t interface,
                                          Ipv6Address group,
                                          MldRefusal refusal);

  protected:
    void DoInitialize() override;
    void DoDispose() override;

  private:
    /// \brief The simulation has started: bring up every interface that is up.
    void Start();

    /**
     * \brief Create the MLD of an interface (lazily for interfaces added later).
     * \param interface the interface
     * \return it, or nullptr for the loopback and interfaces MLD was not installed on
     */
    Ptr<MldInterface> EnsureInterface(uint32_t interface);

    /**
     * \brief Log, trace and return a refusal.
     * \param interface the interface
     * \param group the group
     * \param refusal why
     * \return false
     */
    bool Refuse(uint32_t interface, Ipv6Address group, MldRefusal refusal);

    Ptr<Node> m_node;                            //!< the node
    Ptr<MldIpv6Adapter> m_ipv6;                  //!< the IPv6 boundary
    Ptr<MldRouting> m_routing;                   //!< the routing hook
    Ptr<MldProxy> m_proxy;                       //!< the proxy, if the node is one
    ObjectFactory m_listenerFactory;             //!< host parts
    std::vector<Ptr<MldInterface>> m_interfaces; //!< per IPv6 interface index
    std::set<uint32_t> m_enabled;                //!< interfaces MLD runs on (empty: all)
    bool m_strictCode;                           //!< drop messages with a non-zero code
    bool m_started{false};                       //!< the simulation has started (Start)
    EventId m_startEvent;                        //!< Start(), scheduled by DoInitialize()

    TracedCallback<uint32_t, uint8_t, Ipv6Address, Ipv6Address, Ipv6Address> m_txTrace; //!< Tx
    TracedCallback<uint32_t, uint8_t, Ipv6Address, Ipv6Address, Ipv6Address> m_rxTrace; //!< Rx
    TracedCallback<Ptr<const Packet>, uint32_t, MldDropReason> m_dropTrace;             //!< Drop
    TracedCallback<uint32_t, const MldV2ReportHeader&, Ipv6Address> m_v2TxTrace; //!< V2ReportTx
    TracedCallback<uint32_t, const MldV2ReportHeader&, Ipv6Address> m_v2RxTrace; //!< V2ReportRx
    TracedCallback<uint32_t, Ipv6Address, MldRefusal> m_refusedTrace;            //!< Refused
};

} // namespace ns3

#endif /* MLD_PROTOCOL_H */
