/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-snooping-bridge-helper.h"

#include "ns3/csma-helper.h"
#include "ns3/log.h"
#include "ns3/mld-snooping-bridge.h"
#include "ns3/names.h"
#include "ns3/node.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldSnoopingBridgeHelper");

MldSnoopingBridgeHelper::MldSnoopingBridgeHelper()
{
    m_factory.SetTypeId("ns3::MldSnoopingBridgeNetDevice");
}

void
MldSnoopingBridgeHelper::SetDeviceAttribute(std::string name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

NetDeviceContainer
MldSnoopingBridgeHelper::Install(Ptr<Node> node, NetDeviceContainer ports)
{
    NS_LOG_FUNCTION(this << node);
    Ptr<MldSnoopingBridgeNetDevice> bridge = m_factory.Create<MldSnoopingBridgeNetDevice>();
    node->AddDevice(bridge);
    for (auto it = ports.Begin(); it != ports.End(); ++it)
    {
        bridge->AddBridgePort(*it);
    }
    return NetDeviceContainer(bridge);
}

NetDeviceContainer
MldSnoopingBridgeHelper::Install(std::string nodeName, NetDeviceContainer ports)
{
    return Install(Names::Find<Node>(nodeName), ports);
}

NetDeviceContainer
MldSnoopingBridgeHelper::InstallStar(Ptr<Node> switchNode,
                                     NodeContainer ends,
                                     const CsmaHelper& csma,
                                     NetDeviceContainer* endDevices)
{
    NS_LOG_FUNCTION(this << switchNode);
    NetDeviceContainer ports;
    for (auto it = ends.Begin(); it != ends.End(); ++it)
    {
        NetDeviceContainer link = csma.Install(NodeContainer(*it, switchNode));
        if (endDevices)
        {
            endDevices->Add(link.Get(0));
        }
        ports.Add(link.Get(1));
    }
    return Install(switchNode, ports);
}

} // namespace ns3
