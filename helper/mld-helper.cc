/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-helper.h"

#include "ns3/abort.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-list-routing.h"
#include "ns3/ipv6-routing-helper.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/log.h"
#include "ns3/mld-listener.h"
#include "ns3/mld-packet-filter.h"
#include "ns3/mld-protocol.h"
#include "ns3/mld-querier.h"
#include "ns3/mld-routing.h"
#include "ns3/node-list.h"
#include "ns3/simulator.h"
#include "ns3/traffic-control-layer.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldHelper");

namespace
{
/// Priority of MldRouting in a node's own Ipv6ListRouting: asked before static routing.
constexpr int16_t MLD_ROUTING_PRIORITY = 10;

/// Gives each node an MldRouting holding an Ipv6StaticRouting (ns-3's default protocol).
class MldRoutingHelper : public Ipv6RoutingHelper
{
  public:
    MldRoutingHelper* Copy() const override
    {
        return new MldRoutingHelper(*this);
    }

    Ptr<Ipv6RoutingProtocol> Create(Ptr<Node> node) const override
    {
        Ptr<MldRouting> routing = CreateObject<MldRouting>();
        routing->AddRoutingProtocol(Ipv6StaticRoutingHelper().Create(node), 0);
        return routing;
    }
};
} // namespace

MldHelper::MldHelper()
{
    m_protocolFactory.SetTypeId(MldProtocol::GetTypeId());
    m_listenerFactory.SetTypeId(MldListener::GetTypeId());
    m_querierFactory.SetTypeId(MldQuerier::GetTypeId());
}

void
MldHelper::ConfigureStack(InternetStackHelper& stack)
{
    stack.SetRoutingHelper(MldRoutingHelper());
}

void
MldHelper::SetProtocolAttribute(std::string name, const AttributeValue& value)
{
    m_protocolFactory.Set(name, value);
}

void
MldHelper::SetListenerAttribute(std::string name, const AttributeValue& value)
{
    m_listenerFactory.Set(name, value);
}

void
MldHelper::SetQuerierAttribute(std::string name, const AttributeValue& value)
{
    m_querierFactory.Set(name, value);
}

void
MldHelper::Install(NodeContainer nodes) const
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Install(*it);
    }
}

Ptr<MldProtocol>
MldHelper::Install(Ptr<Node> node, const std::set<uint32_t>& interfaces) const
{
    NS_ABORT_MSG_IF(node->GetObject<MldProtocol>(),
                    "MldHelper: MLD is already installed on node " << node->GetId());
    Ptr<Ipv6L3Protocol> ipv6 = node->GetObject<Ipv6L3Protocol>();
    NS_ABORT_MSG_IF(!ipv6,
                    "MldHelper: node " << node->GetId()
                                       << " has no IPv6 stack; install InternetStackHelper first");
    // The node's own MldRouting (ConfigureStack), or a new one in the node's list.
    Ptr<MldRouting> routing = DynamicCast<MldRouting>(ipv6->GetRoutingProtocol());
    Ptr<Ipv6ListRouting> list = DynamicCast<Ipv6ListRouting>(ipv6->GetRoutingProtocol());
    NS_ABORT_MSG_IF(!list,
                    "MldHelper: node "
                        << node->GetId() << " routes IPv6 with "
                        << ipv6->GetRoutingProtocol()->GetInstanceTypeId().GetName()
                        << "; MLD needs an Ipv6ListRouting to learn of interface and address "
                           "changes. Call MldHelper::ConfigureStack(stack) before "
                           "stack.Install(nodes), or give the stack an Ipv6ListRoutingHelper");
    for (uint32_t i : interfaces)
    {
        NS_ABORT_MSG_IF(i == 0 || i >= ipv6->GetNInterfaces(),
                        "MldHelper: node " << node->GetId() << " has no IPv6 interface " << i
                                           << " to run MLD on");
    }

    Ptr<MldProtocol> mld = m_protocolFactory.Create<MldProtocol>();
    mld->SetListenerFactory(m_listenerFactory);
    node->AggregateObject(mld);
    if (!routing)
    {
        routing = CreateObject<MldRouting>();
        list->AddRoutingProtocol(routing, MLD_ROUTING_PRIORITY);
    }
    routing->SetProtocol(PeekPointer(mld));
    mld->Attach(node, routing, interfaces);
    if (m_packetFilter)
    {
        AddPacketFilters(node, interfaces);
    }
    return mld;
}

uint32_t
MldHelper::AddPacketFilters(Ptr<Node> node, const std::set<uint32_t>& interfaces)
{
    Ptr<Ipv6L3Protocol> ipv6 = node->GetObject<Ipv6L3Protocol>();
    Ptr<TrafficControlLayer> tc = node->GetObject<TrafficControlLayer>();
    if (!ipv6 || !tc)
    {
        return 0;
    }
    uint32_t added = 0;
    for (uint32_t i = 1; i < ipv6->GetNInterfaces(); ++i)
    {
        if (interfaces.empty() || interfaces.count(i))
        {
            added += MldPacketFilter::AddTo(tc->GetRootQueueDiscOnDevice(ipv6->GetNetDevice(i)));
        }
    }
    return added;
}

void
MldHelper::SetPacketFilter(bool enable)
{
    m_packetFilter = enable;
}

void
MldHelper::SetRouter(NodeContainer nodes) const
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        SetRouter(*it);
    }
}

void
MldHelper::SetRouter(Ptr<Node> node, const std::set<uint32_t>& interfaces) const
{
    Ptr<MldProtocol> mld = node->GetObject<MldProtocol>();
    NS_ABORT_MSG_IF(!mld,
                    "MldHelper::SetRouter: install MLD on node " << node->GetId() << " first");
    std::set<uint32_t> chosen = interfaces;
    if (chosen.empty())
    {
        for (uint32_t i = 0; i < node->GetObject<Ipv6>()->GetNInterfaces(); ++i)
        {
            if (mld->GetInterface(i))
            {
                chosen.insert(i);
            }
        }
    }
    for (uint32_t i : chosen)
    {
        NS_ABORT_MSG_IF(!mld->GetInterface(i),
                        "MldHelper::SetRouter: node " << node->GetId()
                                                      << " runs no MLD on interface " << i);
        Ptr<MldQuerier> querier = m_querierFactory.Create<MldQuerier>();
        std::string error = querier->GetConfigurationError();
        NS_ABORT_MSG_IF(!error.empty(), "MldHelper::SetRouter: " << error);
        mld->SetRouter(i, true, querier);
    }
}

bool
MldHelper::Join(Ptr<Node> node, uint32_t interface, Ipv6Address group)
{
    Ptr<MldProtocol> mld = node->GetObject<MldProtocol>();
    return mld && mld->Join(interface, group);
}

bool
MldHelper::Leave(Ptr<Node> node, uint32_t interface, Ipv6Address group)
{
    Ptr<MldProtocol> mld = node->GetObject<MldProtocol>();
    return mld && mld->Leave(interface, group);
}

int64_t
MldHelper::AssignStreams(NodeContainer nodes, int64_t stream) const
{
    int64_t current = stream;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        if (Ptr<MldProtocol> mld = (*it)->GetObject<MldProtocol>())
        {
            current += mld->AssignStreams(current);
        }
    }
    return current - stream;
}

void
MldHelper::PrintRecordsNow(Ptr<Node> node, Ptr<OutputStreamWrapper> stream)
{
    if (Ptr<MldProtocol> mld = node->GetObject<MldProtocol>())
    {
        mld->PrintRecords(stream);
    }
}

void
MldHelper::PrintRecordsAt(Time printTime, Ptr<Node> node, Ptr<OutputStreamWrapper> stream)
{
    Simulator::Schedule(printTime, &MldHelper::PrintRecordsNow, node, stream);
}

void
MldHelper::PrintRecordsAllAt(Time printTime, Ptr<OutputStreamWrapper> stream)
{
    for (uint32_t i = 0; i < NodeList::GetNNodes(); ++i)
    {
        PrintRecordsAt(printTime, NodeList::GetNode(i), stream);
    }
}

void
MldHelper::PrintListenerTablesNow(Ptr<Node> node, Ptr<OutputStreamWrapper> stream)
{
    Ptr<MldProtocol> mld = node->GetObject<MldProtocol>();
    if (!mld)
    {
        return;
    }
    *stream->GetStream() << "Node " << node->GetId() << " MLD listener tables\n";
    for (uint32_t i = 0; i < node->GetObject<Ipv6>()->GetNInterfaces(); ++i)
    {
        if (Ptr<MldQuerier> querier = mld->GetQuerier(i))
        {
            querier->PrintListenerTable(stream);
        }
    }
}

void
MldHelper::PrintListenerTablesAt(Time printTime, Ptr<Node> node, Ptr<OutputStreamWrapper> stream)
{
    Simulator::Schedule(printTime, &MldHelper::PrintListenerTablesNow, node, stream);
}

} // namespace ns3
