/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-routing.h"

#include "mld-protocol.h"
#include "mld-querier.h"

#include "ns3/ipv6-route.h"
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
            .SetParent<Ipv6RoutingProtocol>()
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
    Ipv6RoutingProtocol::DoDispose();
}

void
MldRouting::SetProtocol(MldProtocol* protocol)
{
    m_protocol = protocol;
}

void
MldRouting::SetIpv6(Ptr<Ipv6> ipv6)
{
    m_ipv6 = ipv6;
}

Ptr<Ipv6Route>
MldRouting::RouteOutput(Ptr<Packet> p,
                        const Ipv6Header& header,
                        Ptr<NetDevice> oif,
                        Socket::SocketErrno& sockerr)
{
    sockerr = Socket::ERROR_NOROUTETOHOST;
    return nullptr; // MLD routes nothing that is sent; other protocols do
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

bool
MldRouting::RouteInput(Ptr<const Packet> p,
                       const Ipv6Header& header,
                       Ptr<const NetDevice> idev,
                       mldcompat::RouteInputArg<3> ucb,
                       mldcompat::RouteInputArg<4> mcb,
                       mldcompat::RouteInputArg<5> lcb,
                       mldcompat::RouteInputArg<6> ecb)
{
    Ipv6Address group = header.GetDestination();
    if (!m_protocol || !group.IsMulticast())
    {
        return false;
    }
    uint8_t bytes[16];
    group.GetBytes(bytes);
    if ((bytes[1] & 0x0f) <= 2)
    {
        return false; // RFC 4291 §2.7: link scope stays on the link
    }
    if (IsMldMessage(p, header))
    {
        return false; // MLD's own messages are for this router, not data to forward
    }
    uint32_t iif = m_ipv6->GetInterfaceForDevice(idev);
    if (!m_protocol->GetQuerier(iif))
    {
        DropData(header, p, iif, NOT_ROUTER_IIF);
        return false;
    }
    if (header.GetSource().IsLinkLocal() || header.GetSource().IsAny())
    {
        DropData(header, p, iif, LINK_LOCAL_SOURCE); // RFC 4291 §2.5.6, §2.5.2
        return true;
    }
    Ptr<Ipv6MulticastRoute> route = Create<Ipv6MulticastRoute>();
    route->SetGroup(group);
    route->SetOrigin(header.GetSource());
    route->SetParent(iif);
    std::vector<uint32_t> out;
    for (uint32_t j = 0; j < m_ipv6->GetNInterfaces(); ++j)
    {
        Ptr<MldQuerier> querier = m_protocol->GetQuerier(j);
        if (j != iif && m_ipv6->IsUp(j) && querier &&
            querier->ShouldForward(group, header.GetSource()))
        {
            route->SetOutputTtl(j, 1);
            out.push_back(j);
        }
    }
    if (out.empty())
    {
        DropData(header, p, iif, NO_LISTENERS);
        return false; // nobody downstream wants it; static multicast routes may still
    }
    if (header.GetHopLimit() <= 1)
    {
        DropData(header, p, iif, HOP_LIMIT);
        return true;
    }
    for (uint32_t j : out)
    {
        ++m_forwarded;
        m_forwardTrace(header, p, iif, j);
    }
    mcb(idev, route, p, header);
    return true;
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
}

void
MldRouting::NotifyInterfaceDown(uint32_t interface)
{
    if (m_protocol)
    {
        m_protocol->NotifyInterfaceDown(interface);
    }
}

void
MldRouting::NotifyAddAddress(uint32_t interface, Ipv6InterfaceAddress address)
{
    if (m_protocol)
    {
        m_protocol->NotifyAddAddress(interface, address);
    }
}

void
MldRouting::NotifyRemoveAddress(uint32_t interface, Ipv6InterfaceAddress address)
{
    if (m_protocol)
    {
        m_protocol->NotifyRemoveAddress(interface, address);
    }
}

void
MldRouting::NotifyAddRoute(Ipv6Address dst,
                           Ipv6Prefix mask,
                           Ipv6Address nextHop,
                           uint32_t interface,
                           Ipv6Address prefixToUse)
{
}

void
MldRouting::NotifyRemoveRoute(Ipv6Address dst,
                              Ipv6Prefix mask,
                              Ipv6Address nextHop,
                              uint32_t interface,
                              Ipv6Address prefixToUse)
{
}

void
MldRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream& os = *stream->GetStream();
    os << "MLD multicast forwarding, node " << (m_ipv6 ? m_ipv6->GetObject<Node>()->GetId() : 0)
       << ": forwarded " << m_forwarded << ", not forwarded " << m_dropped[NO_LISTENERS]
       << " (no listeners) " << m_dropped[HOP_LIMIT] << " (hop limit) " << m_dropped[NOT_ROUTER_IIF]
       << " (not a router interface) " << m_dropped[LINK_LOCAL_SOURCE] << " (link-local source)\n";
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
