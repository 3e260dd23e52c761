/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_INTERFACE_H
#define MLD_INTERFACE_H

#include "mld-header.h"
#include "mld-types.h"

#include "ns3/ipv6-address.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"
#include "ns3/traced-callback.h"

#include <array>
#include <map>
#include <vector>

namespace ns3
{

class MldIpv6Adapter;
class MldListener;
class MldQuerier;
class Packet;
struct MldReceivedMessage;

/**
 * \ingroup mld
 * \brief The node-wide trace sources of messages, which every interface fires
 * (MldProtocol's Tx, Rx, Drop, V2ReportTx and V2ReportRx).
 */
struct MldMessageTraces
{
    /// Tx: interface, type, group, source, destination
    TracedCallback<uint32_t, uint8_t, Ipv6Address, Ipv6Address, Ipv6Address>* tx{nullptr};
    /// Rx: interface, type, group, source, destination
    TracedCallback<uint32_t, uint8_t, Ipv6Address, Ipv6Address, Ipv6Address>* rx{nullptr};
    /// Drop: packet, interface, reason
    TracedCallback<Ptr<const Packet>, uint32_t, MldDropReason>* drop{nullptr};
    /// V2ReportTx: interface, report, source
    TracedCallback<uint32_t, const MldV2ReportHeader&, Ipv6Address>* v2Tx{nullptr};
    /// V2ReportRx: interface, report, source
    TracedCallback<uint32_t, const MldV2ReportHeader&, Ipv6Address>* v2Rx{nullptr};
};

/**
 * \ingroup mld
 * \brief MLD on one IPv6 interface: its host part, its router part if any, and the
 * narrow path both use to reach the link.
 *
 * - Roles: an MldListener (host part, always) and an MldQuerier (router part, on router
 *   interfaces). Each keeps its own state; each reaches the link only through this
 *   object's Send and registration methods, which count and trace.
 * - Receive: a message decoded by MldInput is checked against this interface (is it
 *   addressed to it, is it our own looped back), counted, traced and handed to the roles.
 * - The memberships MLD holds itself: ff02::1 always, ff02::2 while forwarding, the
 *   solicited-node group of every unicast address (RFC 4861 §7.2.1, first report delayed
 *   by RFC 4862 §5.4.2).
 * - Message counters and drop counters.
 */
class MldInterface : public SimpleRefCount<MldInterface>
{
  public:
    /**
     * \param index the IPv6 interface index
     * \param ipv6 the node's IPv6 adapter (outlives this object)
     * \param traces the node's message trace sources (outlive this object)
     * \param listener the host part (attached here)
     */
    MldInterface(uint32_t index,
                 MldIpv6Adapter& ipv6,
                 const MldMessageTraces& traces,
                 Ptr<MldListener> listener);
    ~MldInterface();

    /// \return the IPv6 interface index
    uint32_t GetIndex() const;

    /// \return the host part
    Ptr<MldListener> GetListener() const;

    /// \return the router part, or nullptr on a host interface
    Ptr<MldQuerier> GetQuerier() const;

    /**
     * \brief Make this a router interface (RFC 2710 §6-7): IPv6 forwarding on, ff02::2
     * joined, the querier started if the interface is up.
     * \param querier the router part
     */
    void StartRouter(Ptr<MldQuerier> querier);

    /// \brief Back to a host interface: the querier goes, forwarding as it was before.
    void StopRouter();

    /// \return true while MLD runs on the interface (the simulation started, IPv6 up)
    bool IsUp() const;

    /// \brief The simulation has started: from now on the interface may join and report.
    void Start();

    /**
     * \brief The interface came up: memberships of lost addresses go first and silently,
     * then every group is reported, then new solicited-node groups are joined.
     */
    void Up();

    /// \brief The interface went down: timers stop, records stay.
    void Down();

    /**
     * \brief Bring the memberships MLD holds itself in line with the interface's
     * addresses and forwarding flag.
     * \param joinNew also join what is missing (false: only release what is stale)
     */
    void SyncAutomaticGroups(bool joinNew = true);

    /**
     * \brief An address was removed: only its solicited-node membership goes.
     * \param address the address
     */
    void RemoveAddress(Ipv6Address address);

    /**
     * \param group a group
     * \return how many of the group's any-source references MLD holds itself
     */
    uint32_t GetAutomaticReferences(Ipv6Address group) const;

    /// \brief Stop everything and forget every record (purge on detach). No trace fires.
    void Purge();

    /// \name The narrow path of the roles to the link
    /// @{
    /**
     * \brief Send an MLDv1 message. A query is also heard by this interface's host
     * part, as a BSD multicast router hears its own queries.
     * \param type LISTENER_QUERY, LISTENER_REPORT or LISTENER_DONE
     * \param group the Multicast Address field
     * \param destination the IPv6 destination (RFC 2710 §8)
     * \param maxResponseDelay Maximum Response Delay of a query
     * \return true if handed to IPv6 (false while down)
     */
    bool SendV1(uint8_t type,
                Ipv6Address group,
                Ipv6Address destination,
                Time maxResponseDelay = Time(0));

    /**
     * \brief Send MLDv2 reports to ff02::16 (RFC 9777 §5.2.14), as many as the MTU needs;
     * a record is not split (§5.2.15).
     * \param records the records
     * \return the number of reports handed to IPv6
     */
    uint32_t SendV2Report(const std::vector<MldAddressRecord>& records);

    /**
     * \brief Send an MLDv2 query (RFC 9777 §5.1.15: general to ff02::1, others to the
     * group); this interface's host part hears it too.
     * \param query the query
     * \return true if handed to IPv6 (false while down or without a link-local source)
     */
    bool SendV2Query(MldV2QueryHeader query);

    /// \return the source of MLD messages (RFC 3590 §4): a usable link-local address, or ::
    Ipv6Address SelectSource() const;

    /// \return the link-local address in any DAD state (the election compares with it)
    Ipv6Address GetLinkLocalAddress() const;

    /// \return true while the link-local address is tentative
    bool IsLinkLocalTentative() const;

    /// \return how long DAD lasts on this node
    Time GetDadTimeout() const;

    /// \return the link MTU
    uint32_t GetMtu() const;

    /**
     * \brief The IPv6 layer takes a group's traffic (a record was created).
     * \param group the group
     */
    void AddMulticastAddress(Ipv6Address group);

    /**
     * \brief The IPv6 layer stops taking a group's traffic (a record was removed).
     * \param group the group
     */
    void RemoveMulticastAddress(Ipv6Address group);
    /// @}

    /**
     * \brief A decoded message arrived on this interface.
     * \param data the packet's bytes, IPv6 header on (for the Drop trace)
     * \param size their number
     * \param message the decoded message
     */
    void Receive(const uint8_t* data, uint32_t size, const MldReceivedMessage& message);

    /**
     * \brief A message MldInput dropped arrived on this interface: counted and traced
     * if it was addressed to this interface.
     * \param data the packet's bytes, IPv6 header on
     * \param size their number
     * \param destination its IPv6 destination
     * \param reason why
     */
    void ReceiveDropped(const uint8_t* data,
                        uint32_t size,
                        Ipv6Address destination,
                        MldDropReason reason);

    /**
     * \brief Would this interface receive a packet to this destination?
     * \param destination IPv6 destination
     * \return true for an address of the interface, or any on a router interface (a BSD
     *         multicast router listens to every group)
     */
    bool IsReceivable(Ipv6Address destination) const;

    /**
     * \brief Is this address one of the interface's (RFC 9777 §5.2.14)?
     * \param address an IPv6 address
     * \return true for a unicast address of the interface, ff02::1, ff02::2 on a router
     *         interface, or a group the interface has a record for
     */
    bool IsInterfaceAddress(Ipv6Address address) const;

    /// \return the message counters
    const MldInterfaceStatistics& GetStatistics() const;

    /**
     * \param reason a reason
     * \return how many received messages were dropped for it
     */
    uint64_t GetDropCount(MldDropReason reason) const;

  private:
    /**
     * \brief Count and trace a drop (the traced Packet is made only for a connected
     * trace).
     * \param data the packet's bytes, IPv6 header on
     * \param size their number
     * \param reason the reason
     */
    void Drop(const uint8_t* data, uint32_t size, MldDropReason reason);

    /**
     * \brief The host part hears an MLDv1 query (received, or this router's own).
     * \param group :: or the queried group
     * \param maxResponseDelay the Maximum Response Delay
     */
    void HearV1Query(Ipv6Address group, Time maxResponseDelay);

    uint32_t m_index;               //!< IPv6 interface index
    MldIpv6Adapter& m_ipv6;         //!< the node's IPv6 boundary
    MldMessageTraces m_traces;      //!< the node's message traces
    Ptr<MldListener> m_listener;    //!< host part
    Ptr<MldQuerier> m_querier;      //!< router part, null on host interfaces
    bool m_started{false};          //!< the simulation has started
    bool m_up{false};               //!< MLD runs (simulation started, IPv6 up)
    bool m_forwarding{false};       //!< the interface forwards (ff02::2 joined)
    bool m_forwardingBefore{false}; //!< IPv6 forwarding flag before StartRouter
    MldInterfaceStatistics m_stats; //!< message counters
    /// unicast addresses whose solicited-node group MLD joined, and that group
    std::map<Ipv6Address, Ipv6Address> m_solicitedJoins;
    std::array<uint64_t, static_cast<size_t>(MldDropReason::COUNT)> m_drops{}; //!< drops
};

} // namespace ns3

#endif /* MLD_INTERFACE_H */
