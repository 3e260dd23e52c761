/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-routing.h"

#include "mld-interface.h"
#include "mld-protocol.h"
#include "mld-proxy.h"
#include "mld-querier.h"

#include "ns3/ipv6-static-routing.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldRouting");

NS_OBJECT_ENSURE_REGISTERED(MldRouting);

TypeId
MldRouting::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MldRouting")
            .SetParent<Ipv6ListRouting>()
            .SetGroupName("Mld")
            .AddConstructor<MldRouting>()
            .AddTraceSource("Forward",
                            "A copy of multicast data was forwarded out of an interface.",
                            MakeTraceSourceAccessor(&MldRouting::m_forwardTrace),
                            "ns3::MldRouting::ForwardTracedCallback")
            .AddTraceSource("ForwardDrop",
                            "Multicast data was not forwarded.",
                            MakeTraceSourceAccessor(&MldRouting::m_forwardDropTrace),
                            "ns3::MldRouting::ForwardDropTracedCallback");
    return tid;
}

MldRouting::MldRouting()
{
    NS_LOG_FUNCTION(this);
}

MldRouting::~MldRouting()
{
    NS_LOG_FUNCTION(this);
}

void
MldRouting::DoDispose()
{
    m_protocol = nullptr;
    m_queriers.clear();
    m_router = false;
    m_ipv6 = nullptr;
    m_single = nullptr;
    m_singleStatic = nullptr;
    m_cache.clear();
    m_uncached = Decision();
    Ipv6ListRouting::DoDispose();
}

void
MldRouting::SetProtocol(MldProtocol* protocol)
{
    m_protocol = protocol;
    NotifyRoutersChanged();
}

void
MldRouting::NotifyRoutersChanged()
{
    m_queriers.clear();
    m_router = false;
    m_cache.clear(); // the generations summed change set
    uint32_t n = m_protocol && m_ipv6 ? m_ipv6->GetNInterfaces() : 0;
    for (uint32_t j = 0; j < n; ++j)
    {
        Ptr<MldInterface> mif = m_protocol->GetInterface(j);
        Ptr<MldQuerier> querier = mif ? mif->GetQuerier() : nullptr;
        m_queriers.push_back(querier ? RouterPart{PeekPointer(mif), PeekPointer(querier)}
                                     : RouterPart{});
        m_router = m_router || querier;
    }
}

MldProtocol*
MldRouting::GetProtocol() const
{
    return m_protocol;
}

void
MldRouting::SetIpv6(Ptr<Ipv6> ipv6)
{
    Ipv6ListRouting::SetIpv6(ipv6); // and to the protocols inside
    m_ipv6 = ipv6;
}

void
MldRouting::AddRoutingProtocol(Ptr<Ipv6RoutingProtocol> routingProtocol, int16_t priority)
{
    Ipv6ListRouting::AddRoutingProtocol(routingProtocol, priority);
    int16_t ignored;
    m_single = GetNRoutingProtocols() == 1 ? GetRoutingProtocol(0, ignored) : nullptr;
    // Only ns-3's own class: a subclass may route multicast otherwise.
    m_singleStatic = m_single && m_single->GetInstanceTypeId() == Ipv6StaticRouting::GetTypeId()
                         ? DynamicCast<Ipv6StaticRouting>(m_single)
                         : nullptr;
}

Ptr<Ipv6Route>
MldRouting::RouteOutput(Ptr<Packet> p,
                        const Ipv6Header& header,
                        Ptr<NetDevice> oif,
                        Socket::SocketErrno& sockerr)
{
    // MLD routes nothing that is sent; the protocols inside do.
    if (m_single)
    {
        return m_single->RouteOutput(p, header, oif, sockerr);
    }
    return Ipv6ListRouting::RouteOutput(p, header, oif, sockerr); // none: declines
}

bool
MldRouting::RouteInput(Ptr<const Packet> p,
                       const Ipv6Header& header,
                       Ptr<const NetDevice> idev,
                       mldcompat::RouteInputArg<3> ucb,
                       mldcompat::RouteInputArg<4> mcb,
                       mldcompat::RouteInputArg<5> lcb,
                       mldcompat::RouteInputArg<6> ecb)
{
    if (header.GetDestination().IsMulticast())
    {
        if (m_router && Forward(p, header, idev, mcb) == CLAIMED)
        {
            return true;
        }
        if (m_singleStatic && m_singleStatic->GetNMulticastRoutes() == 0)
        {
            // Exactly what Ipv6StaticRouting::RouteInput returns for multicast when it has
            // no multicast route, without the copies of the call (a host's data path).
            return false;
        }
    }
    if (m_single)
    {
        // As the node would route with that protocol alone (Ipv6ListRouting would first
        // refuse, through ecb, every packet that arrives on an interface that does not
        // forward: a drop of ns-3's that the protocol alone does not make).
        return m_single->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
    }
    if (GetNRoutingProtocols() == 0)
    {
        return false; // a member of another list: the next protocol there
    }
    return Ipv6ListRouting::RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
}

void
MldRouting::DropData(const Ipv6Header& header,
                     Ptr<const Packet> p,
                     uint32_t iif,
                     ForwardDropReason reason)
{
    ++m_dropped[reason];
    m_forwardDropTrace(header, p, iif, reason);
}

MldRouting::ForwardResult
MldRouting::Forward(const Ptr<const Packet>& p,
                    const Ipv6Header& header,
                    const Ptr<const NetDevice>& idev,
                    const MulticastForwardCallback& mcb)
{
    if (IsMldMessage(p, header))
    {
        return NOT_FORWARDED; // MLD's own messages are for this router, not data to forward
    }
    const Decision& decision = Decide(header, idev);
    uint32_t iif = decision.iif;
    switch (decision.action)
    {
    case Decision::IGNORE:
        return NOT_FORWARDED;
    case Decision::DROP: {
        bool claimed = decision.claimed;
        DropData(header, p, iif, decision.reason);
        return claimed ? CLAIMED : NOT_FORWARDED;
    }
    case Decision::FORWARD:
        break;
    }
    if (header.GetHopLimit() <= 1)
    {
        DropData(header, p, iif, HOP_LIMIT);
        return CLAIMED;
    }
    Ptr<Ipv6MulticastRoute> route = decision.route;
    m_forwarded += decision.out.size();
    if (!m_forwardTrace.IsEmpty())
    {
        std::vector<uint32_t> out = decision.out; // a trace sink may change the tables
        for (uint32_t j : out)
        {
            m_forwardTrace(header, p, iif, j);
        }
    }
    mcb(idev, route, p, header);
    return CLAIMED;
}

uint64_t
MldRouting::Generation() const
{
    uint64_t generation = m_generation;
    for (const RouterPart& part : m_queriers)
    {
        if (part.querier)
        {
            generation += part.querier->GetGeneration();
        }
    }
    return generation;
}

const MldRouting::Decision&
MldRouting::Decide(const Ipv6Header& header, const Ptr<const NetDevice>& idev)
{
    uint64_t generation = Generation();
    Ipv6Address group = header.GetDestination();
    Ipv6Address source = header.GetSource();
    const NetDevice* device = PeekPointer(idev);
    // Most packets belong to the stream of the packet before.
    std::size_t n = m_cache.size();
    for (std::size_t k = 0; k < n; ++k)
    {
        std::size_t e = (m_lastHit + k) % n;
        const Decision& cached = m_cache[e];
        if (cached.idev == device && cached.generation == generation && cached.group == group &&
            cached.source == source)
        {
            m_lastHit = e;
            return cached;
        }
    }
    Decision decision;
    decision.idev = device;
    decision.group = group;
    decision.source = source;
    decision.generation = generation;
    Work(decision);
    if (decision.action != Decision::FORWARD && decision.iif < m_queriers.size() &&
        !m_queriers[decision.iif].querier)
    {
        m_uncached = decision; // a non-router interface: its forwarding flag may change
        return m_uncached;
    }
    // Replace the entry of the same stream (decided before a change), else the oldest.
    std::size_t e = m_nextEntry;
    bool same = false;
    for (std::size_t k = 0; k < n && !same; ++k)
    {
        same =
            m_cache[k].idev == device && m_cache[k].group == group && m_cache[k].source == source;
        e = same ? k : e;
    }
    if (!same && n < CACHE_SIZE)
    {
        m_cache.push_back(decision);
        e = n;
    }
    else
    {
        m_cache[e] = decision;
        m_nextEntry = same ? m_nextEntry : (m_nextEntry + 1) % CACHE_SIZE;
    }
    m_lastHit = e;
    return m_cache[e];
}

void
MldRouting::Work(Decision& decision)
{
    uint8_t bytes[16];
    decision.group.GetBytes(bytes);
    if ((bytes[1] & 0x0f) <= 2)
    {
        return; // IGNORE. RFC 4291 §2.7: link scope stays on the link
    }
    int32_t found = m_ipv6->GetInterfaceForDevice(decision.idev);
    if (found < 0)
    {
        return;
    }
    uint32_t iif = static_cast<uint32_t>(found);
    decision.iif = iif;
    MldQuerier* querier = iif < m_queriers.size() ? m_queriers[iif].querier : nullptr;
    MldProxy* proxy = m_protocol ? PeekPointer(m_protocol->GetProxy()) : nullptr;
    proxy = proxy && proxy->IsProxyInterface(iif) ? proxy : nullptr; // RFC 4605: upstream too
    if (!querier && !proxy)
    {
        if (m_ipv6->IsForwarding(iif))
        {
            decision.action = Decision::DROP; // counted; static multicast routes may still
            decision.reason = NOT_ROUTER_IIF;
        }
        return; // an interface that does not forward: not counted
    }
    decision.source.GetBytes(bytes);
    bool linkLocal = bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80; // fe80::/10
    if (linkLocal || decision.source.IsAny())
    {
        decision.action = Decision::DROP; // RFC 4291 §2.5.6, §2.5.2
        decision.reason = LINK_LOCAL_SOURCE;
        decision.claimed = true;
        return;
    }
    if (proxy)
    {
        // RFC 4605 §4.2: where the proxy sends it; nowhere from a downstream link where
        // another router is querier (that one forwards it).
        proxy->GetOutputInterfaces(iif, decision.group, decision.source, decision.out);
        if (decision.out.empty() && proxy->IsSilentDownstream(iif))
        {
            decision.action = Decision::DROP;
            decision.reason = NOT_QUERIER;
            decision.claimed = true;
            return;
        }
    }
    // Every other router interface that is up and whose listener table wants (S, G).
    for (uint32_t j = 1; j < m_queriers.size() && !proxy; ++j)
    {
        const RouterPart& out = m_queriers[j];
        if (j != iif && out.querier && out.mif->IsUp() &&
            out.querier->ShouldForward(decision.group, decision.source))
        {
            decision.out.push_back(j);
        }
    }
    if (decision.out.empty())
    {
        decision.action = Decision::DROP; // nobody downstream; static multicast routes may
        decision.reason = NO_LISTENERS;
        return;
    }
    // The route Ipv6L3Protocol::IpMulticastForward reads: one copy per output interface.
    decision.action = Decision::FORWARD;
    decision.route = Create<Ipv6MulticastRoute>();
    decision.route->SetGroup(decision.group);
    decision.route->SetOrigin(decision.source);
    decision.route->SetParent(iif);
    for (uint32_t j : decision.out)
    {
        decision.route->SetOutputTtl(j, 1);
    }
}

bool
MldRouting::IsMldMessage(const Ptr<const Packet>& p, const Ipv6Header& header)
{
    // An MLD message: Hop-by-Hop (with its Router Alert) then ICMPv6 of an MLD type.
    return header.GetNextHeader() == Ipv6Header::IPV6_EXT_HOP_BY_HOP &&
           MldMessage::IsMldType(MldMessage::HopByHopIcmpv6Type(p));
}

void
MldRouting::NotifyInterfaceUp(uint32_t interface)
{
    ++m_generation;
    if (m_protocol)
    {
        m_protocol->NotifyInterfaceUp(interface);
    }
    Ipv6ListRouting::NotifyInterfaceUp(interface);
}

void
MldRouting::NotifyInterfaceDown(uint32_t interface)
{
    ++m_generation;
    if (m_protocol)
    {
        m_protocol->NotifyInterfaceDown(interface);
    }
    Ipv6ListRouting::NotifyInterfaceDown(interface);
}

void
MldRouting::NotifyAddAddress(uint32_t interface, Ipv6InterfaceAddress address)
{
    if (m_protocol)
    {
        m_protocol->NotifyAddAddress(interface, address);
    }
    Ipv6ListRouting::NotifyAddAddress(interface, address);
}

void
MldRouting::NotifyRemoveAddress(uint32_t interface, Ipv6InterfaceAddress address)
{
    if (m_protocol)
    {
        m_protocol->NotifyRemoveAddress(interface, address);
    }
    Ipv6ListRouting::NotifyRemoveAddress(interface, address);
}

void
MldRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    if (m_ipv6 && GetNRoutingProtocols() > 0)
    {
        Ipv6ListRouting::PrintRoutingTable(stream, unit); // the protocols inside
    }
    std::ostream& os = *stream->GetStream();
    os << "MLD multicast forwarding, node " << (m_ipv6 ? m_ipv6->GetObject<Node>()->GetId() : 0)
       << ": forwarded " << m_forwarded << ", not forwarded " << m_dropped[NO_LISTENERS]
       << " (no listeners) " << m_dropped[HOP_LIMIT] << " (hop limit) " << m_dropped[NOT_ROUTER_IIF]
       << " (not a router interface) " << m_dropped[LINK_LOCAL_SOURCE] << " (link-local source) "
       << m_dropped[NOT_QUERIER] << " (proxy not querier of the arrival link)\n";
    if (!m_protocol)
    {
        return;
    }
    for (uint32_t j = 0; m_ipv6 && j < m_ipv6->GetNInterfaces(); ++j)
    {
        if (Ptr<MldQuerier> querier = m_protocol->GetQuerier(j))
        {
            querier->PrintListenerTable(stream);
        }
    }
}

uint64_t
MldRouting::GetForwardedCount() const
{
    return m_forwarded;
}

uint64_t
MldRouting::GetForwardDropCount(ForwardDropReason reason) const
{
    return m_dropped[reason];
}

} // namespace ns3
