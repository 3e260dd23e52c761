/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-snooping-bridge-helper.h"

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

} // namespace ns3
