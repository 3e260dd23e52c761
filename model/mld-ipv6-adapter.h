/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_IPV6_ADAPTER_H
#define MLD_IPV6_ADAPTER_H

#include "ns3/callback.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <vector>

namespace ns3
{

class Ipv6;
class Ipv6Header;
class Ipv6L3Protocol;
class MldHeader;
class MldHopByHopExtension;
class Node;
class Packet;

/**
 * \ingroup mld
 * \brief The IPv6 boundary of MLD: the only code that touches Ipv6L3Protocol and its
 * extension demux.
 *
 * - Receive: MLD messages are taken off at the Hop-by-Hop Router Alert, before local
 *   delivery and routing, as real kernels do (Linux's ip6_ra_chain): MldHopByHopExtension
 *   replaces ns-3's Hop-by-Hop extension and hands every Hop-by-Hop header whose next
 *   header is ICMPv6 here. The Ipv6L3Protocol "Rx" trace tells the receiving interface
 *   (the extension does not know it) and catches the rare MLD message without a
 *   Hop-by-Hop header (to be counted and dropped). Every message goes to one receive
 *   callback, IPv6 header included.
 * - Send: hop limit 1, a Router Alert with value 0 (RFC 2710 §3, RFC 9777 §5), the
 *   checksum, the source chosen by the caller, the route pinned to the interface.
 * - What MLD needs to know of an interface: RFC 3590 source choice, the link-local
 *   address in any DAD state, MTU, up state, forwarding flag, unicast addresses.
 * - Multicast address registration (the IPv6 layer takes a group's traffic exactly while
 *   MLD holds a record for it).
 *
 * Non-MLD packets are processed by ns-3 exactly as without MLD.
 */
class MldIpv6Adapter : public SimpleRefCount<MldIpv6Adapter>
{
  public:
    /**
     * Where received MLD messages go.
     * Arguments: the bytes of the packet from the IPv6 header on (valid during the call
     * only), their number, and the receiving interface.
     */
    using ReceiveCallback = Callback<void, const uint8_t*, uint32_t, uint32_t>;

    MldIpv6Adapter();
    ~MldIpv6Adapter();

    /**
     * \brief Hook into a node's IPv6 stack: the Rx trace and the Hop-by-Hop extension.
     *
     * Aborts if the node has no Ipv6L3Protocol (install InternetStackHelper first).
     * \param node the node
     * \param receive where received MLD messages go
     */
    void Attach(Ptr<Node> node, ReceiveCallback receive);

    /// \brief Unhook: from now on, IPv6 processes every packet as ns-3 does without MLD.
    void Detach();

    /// \return the node's Ipv6L3Protocol (null before Attach)
    Ptr<Ipv6L3Protocol> GetIpv6() const;

    /// \return the number of IPv6 interfaces
    uint32_t GetNInterfaces() const;

    /**
     * \param interface IPv6 interface index
     * \return true for the loopback interface
     */
    bool IsLoopback(uint32_t interface) const;

    /**
     * \param interface IPv6 interface index
     * \return true if the interface is up
     */
    bool IsUp(uint32_t interface) const;

    /**
     * \param interface IPv6 interface index
     * \return the interface's IPv6 forwarding flag
     */
    bool IsForwarding(uint32_t interface) const;

    /**
     * \param interface IPv6 interface index
     * \param forwarding the new forwarding flag
     */
    void SetForwarding(uint32_t interface, bool forwarding);

    /**
     * \param interface IPv6 interface index
     * \return the link MTU
     */
    uint32_t GetMtu(uint32_t interface) const;

    /**
     * \param interface IPv6 interface index
     * \return every unicast address of the interface (link-local included, loopback not)
     */
    std::vector<Ipv6Address> GetUnicastAddresses(uint32_t interface) const;

    /**
     * \brief The source of an MLD message (RFC 3590 §4).
     * \param interface IPv6 interface index
     * \return a link-local address of the interface that is not tentative, else ::
     */
    Ipv6Address SelectSource(uint32_t interface) const;

    /**
     * \param interface IPv6 interface index
     * \return the interface's link-local address in whatever state (tentative during DAD
     *         included), else ::; the address a querier election compares with
     */
    Ipv6Address GetLinkLocalAddress(uint32_t interface) const;

    /**
     * \param address an IPv6 address
     * \return the interface that has it, or -1
     */
    int32_t GetInterfaceForAddress(Ipv6Address address) const;

    /**
     * \param address an IPv6 address
     * \return true if an interface of the node has it (as GetInterfaceForAddress(address)
     *         >= 0, from a list kept until the node's addresses change)
     */
    bool IsNodeAddress(Ipv6Address address) const;

    /// \brief The node's addresses changed (an address was added or removed).
    void NotifyAddressesChanged();

    /**
     * \param interface IPv6 interface index
     * \return true while the interface's link-local address is tentative (DAD running)
     */
    bool IsLinkLocalTentative(uint32_t interface) const;

    /// \return how long Duplicate Address Detection lasts on this node
    Time GetDadTimeout() const;

    /**
     * \brief Let the IPv6 layer take a group's traffic on an interface.
     * \param interface IPv6 interface index
     * \param group multicast address
     */
    void AddMulticastAddress(uint32_t interface, Ipv6Address group);

    /**
     * \brief Stop taking a group's traffic on an interface.
     * \param interface IPv6 interface index
     * \param group multicast address
     */
    void RemoveMulticastAddress(uint32_t interface, Ipv6Address group);

    /**
     * \brief Send an MLD message: Hop-by-Hop Router Alert (value 0), hop limit 1, checksum.
     * \param interface IPv6 interface index
     * \param message the MLD message, checksum not yet computed
     * \param source IPv6 source
     * \param destination IPv6 destination
     */
    void Send(uint32_t interface, MldHeader& message, Ipv6Address source, Ipv6Address destination);

    /**
     * \brief A received packet's Hop-by-Hop header, from MldHopByHopExtension.
     *
     * Called within Ipv6L3Protocol::Receive, after the Rx trace told the receiving
     * interface. A header whose next header is ICMPv6 goes to the receive callback.
     * \param packet the packet, from the Hop-by-Hop header on
     * \param header its IPv6 header
     * \return true if it is an MLD message (types 130, 131, 132, 143), which MLD took:
     *         IPv6 processing stops there. false: ns-3 goes on as without MLD.
     */
    bool ReceiveHopByHop(Ptr<const Packet> packet, const Ipv6Header& header);

  private:
    /**
     * \brief The Ipv6L3Protocol Rx trace sink. It looks at two octets of every packet:
     * notes the receiving interface of a packet with a Hop-by-Hop header for
     * ReceiveHopByHop, and hands on an ICMPv6 MLD message without one.
     * \param packet the packet, IPv6 header included
     * \param ipv6 the IPv6 stack
     * \param interface the receiving interface
     */
    void ReceiveTap(Ptr<const Packet> packet, Ptr<Ipv6> ipv6, uint32_t interface);

    /**
     * \brief Hand a packet to the receive callback as bytes.
     * \param header its IPv6 header
     * \param payload what follows the IPv6 header
     * \param interface the receiving interface
     */
    void Deliver(const Ipv6Header& header, Ptr<const Packet> payload, uint32_t interface);

    Ptr<Node> m_node;                             //!< the node
    Ptr<Ipv6L3Protocol> m_ipv6;                   //!< its IPv6 stack
    Ptr<MldHopByHopExtension> m_hopByHop;         //!< MLD's Hop-by-Hop extension
    ReceiveCallback m_receive;                    //!< where MLD messages go
    const Packet* m_hopByHopPacket{nullptr};      //!< last packet with Hop-by-Hop received
    uint32_t m_hopByHopInterface{0};              //!< and its interface (see ReceiveTap)
    mutable std::vector<Ipv6Address> m_addresses; //!< the node's addresses (IsNodeAddress)
    mutable bool m_addressesKnown{false};         //!< m_addresses is up to date
};

} // namespace ns3

#endif /* MLD_IPV6_ADAPTER_H */
