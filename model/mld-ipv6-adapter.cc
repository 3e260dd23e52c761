/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-ipv6-adapter.h"

#include "mld-header.h"
#include "mld-hop-by-hop.h"
#include "mld-ns3-compat.h"

#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/ipv6-extension-demux.h"
#include "ns3/ipv6-extension-header.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-option-header.h"
#include "ns3/ipv6-route.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/socket.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldIpv6Adapter");

MldIpv6Adapter::MldIpv6Adapter()
{
    NS_LOG_FUNCTION(this);
}

MldIpv6Adapter::~MldIpv6Adapter()
{
    NS_LOG_FUNCTION(this);
}

void
MldIpv6Adapter::Attach(Ptr<Node> node, ReceiveCallback receive)
{
    NS_LOG_FUNCTION(this << node);
    m_node = node;
    m_ipv6 = node->GetObject<Ipv6L3Protocol>();
    NS_ABORT_MSG_IF(!m_ipv6,
                    "MLD: node " << node->GetId()
                                 << " has no IPv6 stack; install InternetStackHelper first");
    m_receive = receive;
    m_ipv6->TraceConnectWithoutContext("Rx", MakeCallback(&MldIpv6Adapter::ReceiveTap, this));

    // The demux holds one extension per header number: MLD's replaces ns-3's (which it
    // extends), as a kernel's Router Alert chain sits in its Hop-by-Hop processing.
    Ptr<Ipv6ExtensionDemux> demux = node->GetObject<Ipv6ExtensionDemux>();
    NS_ABORT_MSG_IF(!demux, "MLD: node " << node->GetId() << " has no Ipv6ExtensionDemux");
    if (Ptr<Ipv6Extension> current = demux->GetExtension(Ipv6ExtensionHopByHop::EXT_NUMBER))
    {
        demux->Remove(current);
    }
    m_hopByHop = CreateObject<MldHopByHopExtension>();
    m_hopByHop->SetNode(node);
    m_hopByHop->SetAdapter(this);
    demux->Insert(m_hopByHop);
}

void
MldIpv6Adapter::Detach()
{
    NS_LOG_FUNCTION(this);
    if (m_ipv6)
    {
        m_ipv6->TraceDisconnectWithoutContext("Rx",
                                              MakeCallback(&MldIpv6Adapter::ReceiveTap, this));
    }
    if (m_hopByHop)
    {
        m_hopByHop->SetAdapter(nullptr); // from now on, ns-3's Hop-by-Hop processing
        m_hopByHop = nullptr;
    }
    m_hopByHopPacket = nullptr;
    m_receive = ReceiveCallback();
    m_ipv6 = nullptr;
    m_node = nullptr;
}

Ptr<Ipv6L3Protocol>
MldIpv6Adapter::GetIpv6() const
{
    return m_ipv6;
}

uint32_t
MldIpv6Adapter::GetNInterfaces() const
{
    return m_ipv6 ? m_ipv6->GetNInterfaces() : 0;
}

bool
MldIpv6Adapter::IsLoopback(uint32_t interface) const
{
    return DynamicCast<LoopbackNetDevice>(m_ipv6->GetNetDevice(interface)) != nullptr;
}

bool
MldIpv6Adapter::IsUp(uint32_t interface) const
{
    return m_ipv6->IsUp(interface);
}

bool
MldIpv6Adapter::IsForwarding(uint32_t interface) const
{
    return m_ipv6->IsForwarding(interface);
}

void
MldIpv6Adapter::SetForwarding(uint32_t interface, bool forwarding)
{
    m_ipv6->SetForwarding(interface, forwarding);
}

uint32_t
MldIpv6Adapter::GetMtu(uint32_t interface) const
{
    return m_ipv6->GetMtu(interface);
}

std::vector<Ipv6Address>
MldIpv6Adapter::GetUnicastAddresses(uint32_t interface) const
{
    std::vector<Ipv6Address> out;
    for (uint32_t j = 0; j < m_ipv6->GetNAddresses(interface); ++j)
    {
        Ipv6Address a = m_ipv6->GetAddress(interface, j).GetAddress();
        if (!a.IsMulticast() && !a.IsAny() && !a.IsLocalhost())
        {
            out.push_back(a);
        }
    }
    return out;
}

Ipv6Address
MldIpv6Adapter::SelectSource(uint32_t interface) const
{
    // RFC 3590 §4: a link-local address, or :: while none is usable (DAD not done).
    for (uint32_t j = 0; j < m_ipv6->GetNAddresses(interface); ++j)
    {
        Ipv6InterfaceAddress a = m_ipv6->GetAddress(interface, j);
        if (!a.GetAddress().IsLinkLocal())
        {
            continue;
        }
        switch (a.GetState())
        {
        case Ipv6InterfaceAddress::PREFERRED:
        case Ipv6InterfaceAddress::PERMANENT:
        case Ipv6InterfaceAddress::DEPRECATED:
            return a.GetAddress();
        default:
            break; // tentative, optimistic or invalid
        }
    }
    return Ipv6Address::GetAny();
}

Ipv6Address
MldIpv6Adapter::GetLinkLocalAddress(uint32_t interface) const
{
    for (uint32_t j = 0; j < m_ipv6->GetNAddresses(interface); ++j)
    {
        Ipv6Address address = m_ipv6->GetAddress(interface, j).GetAddress();
        if (address.IsLinkLocal())
        {
            return address;
        }
    }
    return Ipv6Address::GetAny();
}

bool
MldIpv6Adapter::IsLinkLocalTentative(uint32_t interface) const
{
    for (uint32_t j = 0; j < m_ipv6->GetNAddresses(interface); ++j)
    {
        Ipv6InterfaceAddress a = m_ipv6->GetAddress(interface, j);
        if (a.GetAddress().IsLinkLocal() &&
            (a.GetState() == Ipv6InterfaceAddress::TENTATIVE ||
             a.GetState() == Ipv6InterfaceAddress::TENTATIVE_OPTIMISTIC))
        {
            return true;
        }
    }
    return false;
}

Time
MldIpv6Adapter::GetDadTimeout() const
{
    Ptr<Icmpv6L4Protocol> icmp = m_ipv6->GetIcmpv6();
    return icmp ? mldcompat::DadTimeout(icmp) : MilliSeconds(100);
}

int32_t
MldIpv6Adapter::GetInterfaceForAddress(Ipv6Address address) const
{
    return m_ipv6->GetInterfaceForAddress(address);
}

bool
MldIpv6Adapter::IsNodeAddress(Ipv6Address address) const
{
    if (!m_addressesKnown)
    {
        m_addresses.clear();
        for (uint32_t i = 0; i < m_ipv6->GetNInterfaces(); ++i)
        {
            for (uint32_t j = 0; j < m_ipv6->GetNAddresses(i); ++j)
            {
                m_addresses.push_back(m_ipv6->GetAddress(i, j).GetAddress());
            }
        }
        m_addressesKnown = true;
    }
    return std::find(m_addresses.begin(), m_addresses.end(), address) != m_addresses.end();
}

void
MldIpv6Adapter::NotifyAddressesChanged()
{
    m_addressesKnown = false;
}

void
MldIpv6Adapter::AddMulticastAddress(uint32_t interface, Ipv6Address group)
{
    m_ipv6->AddMulticastAddress(group, interface);
}

void
MldIpv6Adapter::RemoveMulticastAddress(uint32_t interface, Ipv6Address group)
{
    m_ipv6->RemoveMulticastAddress(group, interface);
}

void
MldIpv6Adapter::Send(uint32_t interface,
                     MldHeader& message,
                     Ipv6Address source,
                     Ipv6Address destination)
{
    if (Node::ChecksumEnabled())
    {
        message.EnableChecksum(source, destination);
    }
    Ptr<Packet> packet = Create<Packet>();
    packet->AddHeader(message);

    // RFC 2710 §3, RFC 9777 §5: Hop-by-Hop header with a Router Alert (value 0: MLD).
    Ipv6ExtensionHopByHopHeader hopByHop;
    hopByHop.SetNextHeader(Ipv6Header::IPV6_ICMPV6);
    Ipv6OptionRouterAlertHeader routerAlert;
    routerAlert.SetValue(0);
    hopByHop.AddOption(routerAlert);
    packet->AddHeader(hopByHop);

    // Hop limit 1.
    SocketIpv6HopLimitTag hopLimit;
    hopLimit.SetHopLimit(1);
    packet->AddPacketTag(hopLimit);

    Ptr<Ipv6Route> route = Create<Ipv6Route>();
    route->SetSource(source);
    route->SetDestination(destination);
    route->SetGateway(Ipv6Address::GetZero());
    route->SetOutputDevice(m_ipv6->GetNetDevice(interface));
    NS_LOG_LOGIC("node " << m_node->GetId() << " if " << interface << " sends type "
                         << +message.GetType() << " " << source << " -> " << destination);
    m_ipv6->Send(packet, source, destination, Ipv6Header::IPV6_EXT_HOP_BY_HOP, route);
}

void
MldIpv6Adapter::Deliver(const Ipv6Header& header, Ptr<const Packet> payload, uint32_t interface)
{
    // The bytes, without a Packet copy: the IPv6 header as Ipv6Header::Serialize writes
    // it, then the payload. Most MLD messages fit the stack buffer.
    uint32_t size = 40 + payload->GetSize();
    uint8_t local[1280];
    std::vector<uint8_t> large;
    uint8_t* bytes = local;
    if (size > sizeof(local))
    {
        large.resize(size);
        bytes = large.data();
    }
    uint32_t first = (6U << 28) | (static_cast<uint32_t>(header.GetTrafficClass()) << 20) |
                     (header.GetFlowLabel() & 0xfffff);
    bytes[0] = first >> 24;
    bytes[1] = (first >> 16) & 0xff;
    bytes[2] = (first >> 8) & 0xff;
    bytes[3] = first & 0xff;
    bytes[4] = header.GetPayloadLength() >> 8;
    bytes[5] = header.GetPayloadLength() & 0xff;
    bytes[6] = header.GetNextHeader();
    bytes[7] = header.GetHopLimit();
    header.GetSource().Serialize(bytes + 8);
    header.GetDestination().Serialize(bytes + 24);
    payload->CopyData(bytes + 40, size - 40);
    m_receive(bytes, size, interface);
}

void
MldIpv6Adapter::ReceiveTap(Ptr<const Packet> packet, Ptr<Ipv6> ipv6, uint32_t interface)
{
    // The IPv6 next header (octet 6) and the octet after the fixed header (octet 40).
    m_hopByHopPacket = nullptr;
    uint8_t head[41];
    if (packet->GetSize() < sizeof(head))
    {
        return; // too short for any MLD message
    }
    packet->CopyData(head, sizeof(head));
    switch (head[6])
    {
    case Ipv6Header::IPV6_EXT_HOP_BY_HOP:
        // ReceiveHopByHop follows within this same Ipv6L3Protocol::Receive call.
        m_hopByHopPacket = PeekPointer(packet);
        m_hopByHopInterface = interface;
        break;
    case Ipv6Header::IPV6_ICMPV6:
        if (!MldMessage::IsMldType(head[40]))
        {
            break; // data
        }
        [[fallthrough]]; // no Router Alert: counted and dropped there
    case Ipv6Header::IPV6_EXT_DESTINATION:
    case Ipv6Header::IPV6_EXT_ROUTING: {
        // Rare; the decoder walks to a possible MLD message.
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        m_receive(bytes.data(), bytes.size(), interface);
        break;
    }
    default:
        break; // data
    }
}

bool
MldIpv6Adapter::ReceiveHopByHop(Ptr<const Packet> packet, const Ipv6Header& header)
{
    if (PeekPointer(packet) != m_hopByHopPacket)
    {
        return false; // not a packet the Rx trace announced (LocalDeliver's second pass)
    }
    m_hopByHopPacket = nullptr;
    int32_t type = MldMessage::HopByHopIcmpv6Type(packet);
    if (type < 0)
    {
        return false; // not ICMPv6: ns-3's extension processes it
    }
    Deliver(header, packet, m_hopByHopInterface);
    return MldMessage::IsMldType(type);
}

} // namespace ns3
