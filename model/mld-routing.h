/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_ROUTING_H
#define MLD_ROUTING_H

#include "mld-ns3-compat.h"

#include "ns3/ipv6-header.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/traced-callback.h"

namespace ns3
{

class MldProtocol;

/**
 * \ingroup mld
 * \brief MLD's place in an Ipv6ListRouting: interface and address events,
 * and multicast forwarding that follows the listener tables.
 *
 * ns-3 tells routing protocols, and nobody else, when an interface goes up
 * or down and when an address is added or removed; this protocol passes those
 * events to MldProtocol. It routes no unicast (RouteOutput always declines).
 *
 * Multicast forwarding (RouteInput): data to a group of scope wider than
 * link-local that arrives on an interface goes out of every *other* MLD
 * router interface whose listener table has the group, with the hop limit
 * decremented by Ipv6L3Protocol's multicast forwarding path. Link-scope
 * traffic is never forwarded (nor counted: it is
 * the link's own business), nor are MLD messages (they carry a Router Alert
 * and hop limit 1: control traffic for this router, not data), nor data from
 * a link-local source; a packet whose hop limit would reach zero is
 * dropped. Counters and trace sources report both outcomes.
 */
class MldRouting : public Ipv6RoutingProtocol
{
  public:
    /// Why multicast data was not forwarded.
    enum ForwardDropReason : uint8_t
    {
        NO_LISTENERS,      ///< no other router interface has listeners for the group
        HOP_LIMIT,         ///< hop limit would reach zero
        NOT_ROUTER_IIF,    ///< arrived on an interface without the MLD router part
        LINK_LOCAL_SOURCE, ///< link-local source: never forwarded (RFC 4291 §2.5.6)
        REASON_COUNT,      ///< number of reasons (not a reason)
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MldRouting();
    ~MldRouting() override;

    /// \param protocol the node's MLD protocol (nullptr to detach)
    void SetProtocol(MldProtocol* protocol);

    Ptr<Ipv6Route> RouteOutput(Ptr<Packet> p,
                               const Ipv6Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv6Header& header,
                    Ptr<const NetDevice> idev,
                    mldcompat::RouteInputArg<3> ucb,
                    mldcompat::RouteInputArg<4> mcb,
                    mldcompat::RouteInputArg<5> lcb,
                    mldcompat::RouteInputArg<6> ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv6InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv6InterfaceAddress address) override;
    void NotifyAddRoute(Ipv6Address dst,
                        Ipv6Prefix mask,
                        Ipv6Address nextHop,
                        uint32_t interface,
                        Ipv6Address prefixToUse = Ipv6Address::GetZero()) override;
    void NotifyRemoveRoute(Ipv6Address dst,
                           Ipv6Prefix mask,
                           Ipv6Address nextHop,
                           uint32_t interface,
                           Ipv6Address prefixToUse = Ipv6Address::GetZero()) override;
    void SetIpv6(Ptr<Ipv6> ipv6) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

    /// \return number of packet copies forwarded
    uint64_t GetForwardedCount() const;
    /**
     * \param reason a reason
     * \return number of multicast data packets not forwarded for it
     */
    uint64_t GetForwardDropCount(ForwardDropReason reason) const;

    /**
     * TracedCallback signature for forwarded multicast data.
     * \param header the IPv6 header as received
     * \param packet the payload
     * \param inInterface arrival interface
     * \param outInterface departure interface
     */
    typedef void (*ForwardTracedCallback)(const Ipv6Header& header,
                                          Ptr<const Packet> packet,
                                          uint32_t inInterface,
                                          uint32_t outInterface);

    /**
     * TracedCallback signature for multicast data not forwarded.
     * \param header the IPv6 header as received
     * \param packet the payload
     * \param inInterface arrival interface
     * \param reason why
     */
    typedef void (*ForwardDropTracedCallback)(const Ipv6Header& header,
                                              Ptr<const Packet> packet,
                                              uint32_t inInterface,
                                              ForwardDropReason reason);

  protected:
    void DoDispose() override;

  private:
    /**
     * \param p the payload (after the IPv6 header)
     * \param header the IPv6 header
     * \return true if the packet is an MLD message
     */
    static bool IsMldMessage(Ptr<const Packet> p, const Ipv6Header& header);

    /**
     * \brief Count and trace data that is not forwarded.
     * \param header IPv6 header
     * \param p payload
     * \param iif arrival interface
     * \param reason why
     */
    void DropData(const Ipv6Header& header,
                  Ptr<const Packet> p,
                  uint32_t iif,
                  ForwardDropReason reason);

    MldProtocol* m_protocol{nullptr};   //!< the node's MLD (owns this object's lifetime link)
    Ptr<Ipv6> m_ipv6;                   //!< IPv6 stack
    uint64_t m_forwarded{0};            //!< copies forwarded
    uint64_t m_dropped[REASON_COUNT]{}; //!< per ForwardDropReason

    TracedCallback<const Ipv6Header&, Ptr<const Packet>, uint32_t, uint32_t>
        m_forwardTrace; //!< Forward
    TracedCallback<const Ipv6Header&, Ptr<const Packet>, uint32_t, ForwardDropReason>
        m_forwardDropTrace; //!< ForwardDrop
};

} // namespace ns3

#endif /* MLD_ROUTING_H */
