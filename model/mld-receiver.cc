/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-receiver.h"

#include "mld-protocol.h"

#include "ns3/inet6-socket-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldReceiver");

NS_OBJECT_ENSURE_REGISTERED(MldReceiver);

TypeId
MldReceiver::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MldReceiver")
                            .SetParent<Application>()
                            .SetGroupName("Mld")
                            .AddConstructor<MldReceiver>()
                            .AddAttribute("Group",
                                          "The multicast group to join.",
                                          Ipv6AddressValue(Ipv6Address("ff1e::1")),
                                          MakeIpv6AddressAccessor(&MldReceiver::m_group),
                                          MakeIpv6AddressChecker())
                            .AddAttribute("Port",
                                          "The UDP port to receive on.",
                                          UintegerValue(9),
                                          MakeUintegerAccessor(&MldReceiver::m_port),
                                          MakeUintegerChecker<uint16_t>())
                            .AddAttribute("Interface",
                                          "The IPv6 interface index to join on.",
                                          UintegerValue(1),
                                          MakeUintegerAccessor(&MldReceiver::m_interface),
                                          MakeUintegerChecker<uint32_t>())
                            .AddTraceSource("Rx",
                                            "A packet for the group was received.",
                                            MakeTraceSourceAccessor(&MldReceiver::m_rxTrace),
                                            "ns3::Packet::AddressTracedCallback");
    return tid;
}

MldReceiver::MldReceiver()
{
    NS_LOG_FUNCTION(this);
}

MldReceiver::~MldReceiver()
{
    NS_LOG_FUNCTION(this);
}

void
MldReceiver::DoDispose()
{
    m_socket = nullptr;
    Application::DoDispose();
}

uint64_t
MldReceiver::GetReceived() const
{
    return m_received;
}

Time
MldReceiver::GetFirstReceived() const
{
    return m_first;
}

Time
MldReceiver::GetLastReceived() const
{
    return m_last;
}

void
MldReceiver::StartApplication()
{
    NS_LOG_FUNCTION(this);
    Ptr<MldProtocol> mld = GetNode()->GetObject<MldProtocol>();
    NS_ABORT_MSG_IF(!mld, "MldReceiver: node " << GetNode()->GetId() << " has no MLD");
    m_joined = mld->Join(m_interface, m_group);
    NS_ABORT_MSG_IF(!m_joined,
                    "MldReceiver: cannot join " << m_group << " on interface " << m_interface);
    if (!m_socket)
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        m_socket->Bind(Inet6SocketAddress(m_group, m_port));
        m_socket->SetRecvCallback(MakeCallback(&MldReceiver::HandleRead, this));
    }
}

void
MldReceiver::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_joined)
    {
        GetNode()->GetObject<MldProtocol>()->Leave(m_interface, m_group);
        m_joined = false;
    }
    if (m_socket)
    {
        m_socket->Close();
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket = nullptr;
    }
}

void
MldReceiver::HandleRead(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        ++m_received;
        if (m_first.IsNegative())
        {
            m_first = Simulator::Now();
        }
        m_last = Simulator::Now();
        m_rxTrace(packet, from);
    }
}

} // namespace ns3
