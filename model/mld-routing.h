/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_ROUTING_H
#define MLD_ROUTING_H

#include "mld-ns3-compat.h"

#include "ns3/ipv6-header.h"
#include "ns3/ipv6-list-routing.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/traced-callback.h"

#include <vector>

namespace ns3
{

class MldInterface;
class MldProtocol;
class MldQuerier;

/**
 * \ingroup mld
 * \brief MLD's place in a node's IPv6 routing: interface and address events, and
 * multicast forwarding that follows the listener tables.
 *
 * ns-3 tells routing protocols, and nobody else, when an interface goes up or down and
 * when an address is added or removed; this protocol passes those events to MldProtocol.
 *
 * It is an Ipv6ListRouting, in one of two roles:
 *  - the node's own routing protocol (MldHelper::ConfigureStack): it holds the node's
 *    routing protocols (Ipv6StaticRouting, ns-3's default) and answers for them. With
 *    one protocol inside, RouteInput and RouteOutput go straight to it, so that the node
 *    routes exactly, and at nearly the same cost, as with that protocol alone (ns-3's
 *    default: a plain Ipv6StaticRouting); with several, as Ipv6ListRouting. When that one
 *    protocol is an Ipv6StaticRouting without multicast routes, multicast data that MLD
 *    does not forward is declined at once, which is what Ipv6StaticRouting::RouteInput
 *    would answer (a host's data path: no copies of the four callbacks). ns-3's helpers
 *    that look for a protocol in a list (Ipv6StaticRoutingHelper::GetStaticRouting)
 *    find them;
 *  - an empty member of another Ipv6ListRouting (MldHelper::Install on a node that
 *    already has one, with RIPng for example): it then routes nothing but the
 *    multicast it forwards, and RouteOutput always declines.
 *
 * Multicast forwarding (RouteInput, before the protocols inside): data to a group of
 * scope wider than link-local that arrives on an MLD router interface goes out of every
 * *other* MLD router interface whose listener table wants it, with the hop limit
 * decremented by Ipv6L3Protocol's multicast forwarding path. Link-scope traffic is never
 * forwarded (nor counted: it is the link's own business), nor are MLD messages (they
 * carry a Router Alert and hop limit 1: control traffic for this router, not data), nor
 * data from a link-local source; a packet whose hop limit would reach zero is dropped.
 * On a node without the router part, and for packets that arrive on an interface that
 * does not forward, nothing is forwarded or counted. Counters and trace sources report
 * both outcomes. The route of the
 * last few (source, group, input interface) is kept and handed out again while its
 * output interfaces stay the same (they are computed for every packet).
 */
class MldRouting : public Ipv6ListRouting
{
  public:
    /// Why multicast data was not forwarded.
    enum ForwardDropReason : uint8_t
    {
        NO_LISTENERS,      ///< no other router interface has listeners for the group
        HOP_LIMIT,         ///< hop limit would reach zero
        NOT_ROUTER_IIF,    ///< arrived on an interface without the MLD router part
        LINK_LOCAL_SOURCE, ///< link-local source: never forwarded (RFC 4291 §2.5.6)
        NOT_QUERIER,       ///< a proxy's downstream link where another router is querier
                           ///< (RFC 4605 §4.2: that querier forwards its data)
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

    /**
     * \brief Read again which interfaces run the router part (MldProtocol calls this
     * whenever one starts or stops): a node without one forwards nothing and pays
     * nothing for it.
     */
    void NotifyRoutersChanged();

    /// \return the node's MLD protocol (nullptr before SetProtocol or once detached)
    MldProtocol* GetProtocol() const;

    void AddRoutingProtocol(Ptr<Ipv6RoutingProtocol> routingProtocol, int16_t priority) override;

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
    /// What Forward() did with a packet.
    enum ForwardResult : uint8_t
    {
        NOT_FORWARDED, ///< not MLD's: the protocols inside may route it
        CLAIMED,       ///< forwarded, or dropped for good (hop limit, link-local source)
    };

    /**
     * \brief MLD's multicast forwarding of one packet.
     * \param p the payload
     * \param header the IPv6 header
     * \param idev the input device
     * \param mcb the multicast forwarding callback
     * \return what became of the packet
     */
    ForwardResult Forward(const Ptr<const Packet>& p,
                          const Ipv6Header& header,
                          const Ptr<const NetDevice>& idev,
                          const MulticastForwardCallback& mcb);

    /// What forwarding does with the packets of one (input device, source, group).
    struct Decision
    {
        const NetDevice* idev{nullptr}; //!< input device (the key, with source and group)
        Ipv6Address source;             //!< origin
        Ipv6Address group;              //!< destination
        uint64_t generation{0};         //!< Generation() when decided

        enum : uint8_t
        {
            IGNORE,       ///< not MLD's to forward, nor to count
            DROP,         ///< not forwarded, counted with reason
            FORWARD,      ///< forwarded out of `out` (hop limit permitting)
        } action{IGNORE}; //!< what to do

        ForwardDropReason reason{NO_LISTENERS}; //!< DROP: why
        bool claimed{false};                    //!< DROP: no other protocol may route it
        uint32_t iif{0};                        //!< input interface (DROP, FORWARD)
        std::vector<uint32_t> out;              //!< FORWARD: output interfaces, ascending
        Ptr<Ipv6MulticastRoute> route;          //!< FORWARD: the route handed to ns-3
    };

    /**
     * \brief The forwarding decision for a packet: from the cache while no listener
     * table changed since it was made (Generation()), else worked out and cached.
     * \param header the IPv6 header
     * \param idev the input device
     * \return the decision (valid until the next call)
     */
    const Decision& Decide(const Ipv6Header& header, const Ptr<const NetDevice>& idev);

    /**
     * \brief Work a decision out from the router parts' listener tables.
     * \param decision key filled in; the rest is set here
     */
    void Work(Decision& decision);

    /**
     * \return a number that changes whenever a forwarding decision may change: the sum
     *         of the router parts' generations and this object's own
     */
    uint64_t Generation() const;

    /**
     * \param p the payload (after the IPv6 header)
     * \param header the IPv6 header
     * \return true if the packet is an MLD message
     */
    static bool IsMldMessage(const Ptr<const Packet>& p, const Ipv6Header& header);

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

    /// Decisions kept: a few concurrent streams (a miss works one out, as without cache).
    static constexpr std::size_t CACHE_SIZE = 8;

    MldProtocol* m_protocol{nullptr}; //!< the node's MLD (owns this object's lifetime link)

    /// An interface's router part, as forwarding reads it.
    struct RouterPart
    {
        MldInterface* mif{nullptr};   //!< the interface (null: no router part)
        MldQuerier* querier{nullptr}; //!< its router part
    };

    std::vector<RouterPart> m_queriers;    //!< by interface
    bool m_router{false};                  //!< some interface runs the router part
    Ptr<Ipv6> m_ipv6;                      //!< IPv6 stack
    Ptr<Ipv6RoutingProtocol> m_single;     //!< the one protocol inside, if there is exactly one
    Ptr<Ipv6StaticRouting> m_singleStatic; //!< m_single, if it is an Ipv6StaticRouting
    std::vector<Decision> m_cache;         //!< decisions (kernels' multicast forwarding cache)
    std::size_t m_nextEntry{0};            //!< the cache entry a miss replaces when full
    std::size_t m_lastHit{0};              //!< the entry looked at first
    Decision m_uncached;                   //!< a decision not cached (non-router interface)
    uint64_t m_generation{0};              //!< grows on interface up and down
    uint64_t m_forwarded{0};               //!< copies forwarded
    uint64_t m_dropped[REASON_COUNT]{};    //!< per ForwardDropReason

    TracedCallback<const Ipv6Header&, Ptr<const Packet>, uint32_t, uint32_t>
        m_forwardTrace; //!< Forward
    TracedCallback<const Ipv6Header&, Ptr<const Packet>, uint32_t, ForwardDropReason>
        m_forwardDropTrace; //!< ForwardDrop
};

} // namespace ns3

#endif /* MLD_ROUTING_H */
