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
    m_ipv6 = nullptr;
    m_single = nullptr;
    m_singleStatic = nullptr;
    m_routes.clear();
    Ipv6ListRouting::DoDispose();
}

void
MldRouting::SetProtocol(MldProtocol* protocol)
{
    m_protocol = protocol;
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
        if (m_protocol && Forward(p, header, idev, mcb) == CLAIMED)
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
MldRouting::Forward(Ptr<const Packet> p,
                    const Ipv6Header& header,
                    Ptr<const NetDevice> idev,
                    const MulticastForwardCallback& mcb)
{
    Ipv6Address group = header.GetDestination();
    uint8_t bytes[16];
    group.GetBytes(bytes);
    if ((bytes[1] & 0x0f) <= 2)
    {
        return NOT_FORWARDED; // RFC 4291 §2.7: link scope stays on the link
    }
    // A node without the router part (a host) forwards and counts nothing. Interface 0 is
    // the loopback, where MLD never runs.
    uint32_t n = m_ipv6->GetNInterfaces();
    bool router = false;
    for (uint32_t j = 1; j < n && !router; ++j)
    {
        router = m_protocol->GetQuerier(j) != nullptr;
    }
    if (!router)
    {
        return NOT_FORWARDED;
    }
    int32_t found = m_ipv6->GetInterfaceForDevice(idev);
    if (found < 0)
    {
        return NOT_FORWARDED;
    }
    uint32_t iif = static_cast<uint32_t>(found);
    Ptr<MldQuerier> querier = m_protocol->GetQuerier(iif);
    Ptr<MldProxy> proxy = m_protocol->GetProxy();
    bool proxied = proxy && proxy->IsProxyInterface(iif); // RFC 4605: its upstream too
    if (!proxied && !querier && !m_ipv6->IsForwarding(iif))
    {
        return NOT_FORWARDED; // an interface that does not forward: not counted
    }
    if (IsMldMessage(p, header))
    {
        return NOT_FORWARDED; // MLD's own messages are for this router, not data to forward
    }
    if (!proxied && !querier)
    {
        DropData(header, p, iif, NOT_ROUTER_IIF);
        return NOT_FORWARDED;
    }
    Ipv6Address source = header.GetSource();
    source.GetBytes(bytes);
    bool linkLocal = bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80; // fe80::/10
    if (linkLocal || source.IsAny())
    {
        DropData(header, p, iif, LINK_LOCAL_SOURCE); // RFC 4291 §2.5.6, §2.5.2
        return CLAIMED;
    }
    // A proxy's interfaces: where the proxy sends it (RFC 4605 §4.2).
    if (proxied)
    {
        proxy->GetOutputInterfaces(iif, group, source, m_out);
        if (m_out.empty() && proxy->IsSilentDownstream(iif))
        {
            DropData(header, p, iif, NOT_QUERIER);
            return CLAIMED;
        }
    }
    // Every other router interface that is up and whose listener table wants (S, G).
    else
    {
        m_out.clear();
    }
    for (uint32_t j = 1; j < n && !proxied; ++j)
    {
        if (j == iif)
        {
            continue;
        }
        Ptr<MldInterface> mif = m_protocol->GetInterface(j);
        if (mif && mif->IsUp() && mif->GetQuerier() &&
            mif->GetQuerier()->ShouldForward(group, source))
        {
            m_out.push_back(j);
        }
    }
    if (m_out.empty())
    {
        DropData(header, p, iif, NO_LISTENERS);
        return NOT_FORWARDED; // nobody downstream wants it; static multicast routes may still
    }
    if (header.GetHopLimit() <= 1)
    {
        DropData(header, p, iif, HOP_LIMIT);
        return CLAIMED;
    }
    Ptr<Ipv6MulticastRoute> route = GetRoute(group, source, iif, m_out);
    m_forwarded += m_out.size();
    if (!m_forwardTrace.IsEmpty())
    {
        for (uint32_t j : m_out)
        {
            m_forwardTrace(header, p, iif, j);
        }
    }
    mcb(idev, route, p, header);
    return CLAIMED;
}

Ptr<Ipv6MulticastRoute>
MldRouting::GetRoute(const Ipv6Address& group,
                     const Ipv6Address& source,
                     uint32_t iif,
                     const std::vector<uint32_t>& out)
{
    for (const CachedRoute& cached : m_routes)
    {
        if (cached.iif == iif && cached.out == out && cached.group == group &&
            cached.source == source)
        {
            return cached.route;
        }
    }
    // The route Ipv6L3Protocol::IpMulticastForward reads: one copy per output interface.
    Ptr<Ipv6MulticastRoute> route = Create<Ipv6MulticastRoute>();
    route->SetGroup(group);
    route->SetOrigin(source);
    route->SetParent(iif);
    for (uint32_t j : out)
    {
        route->SetOutputTtl(j, 1);
    }
    CachedRoute entry{group, source, iif, out, route};
    if (m_routes.size() < ROUTE_CACHE_SIZE)
    {
        m_routes.push_back(entry);
    }
    else
    {
        m_routes[m_nextRoute] = entry;
        m_nextRoute = (m_nextRoute + 1) % ROUTE_CACHE_SIZE;
    }
    return route;
}

bool
MldRouting::IsMldMessage(Ptr<const Packet> p, const Ipv6Header& header)
{
    // An MLD message: Hop-by-Hop (with its Router Alert) then ICMPv6 of an MLD type.
    return header.GetNextHeader() == Ipv6Header::IPV6_EXT_HOP_BY_HOP &&
           MldMessage::IsMldType(MldMessage::HopByHopIcmpv6Type(p));
}

void
MldRouting::NotifyInterfaceUp(uint32_t interface)
{
    if (m_protocol)
    {
        m_protocol->NotifyInterfaceUp(interface);
    }
    Ipv6ListRouting::NotifyInterfaceUp(interface);
}

void
MldRouting::NotifyInterfaceDown(uint32_t interface)
{
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
