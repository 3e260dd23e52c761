/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-proxy-helper.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/mld-protocol.h"
#include "ns3/mld-proxy.h"
#include "ns3/mld-querier.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldProxyHelper");

MldProxyHelper::MldProxyHelper()
{
    m_proxyFactory.SetTypeId(MldProxy::GetTypeId());
    m_querierFactory.SetTypeId(MldQuerier::GetTypeId());
}

void
MldProxyHelper::SetProxyAttribute(std::string name, const AttributeValue& value)
{
    m_proxyFactory.Set(name, value);
}

void
MldProxyHelper::SetQuerierAttribute(std::string name, const AttributeValue& value)
{
    m_querierFactory.Set(name, value);
}

void
MldProxyHelper::AddUpstream(uint32_t interface)
{
    m_upstream.push_back(interface);
}

void
MldProxyHelper::AddDownstream(uint32_t interface)
{
    m_downstream.push_back(interface);
}

void
MldProxyHelper::ClearInterfaces()
{
    m_upstream.clear();
    m_downstream.clear();
}

std::string
MldProxyHelper::Check(Ptr<Node> node) const
{
    std::string error = MldProxy::CheckConfiguration(node, m_upstream, m_downstream);
    if (error.empty())
    {
        Ptr<MldQuerier> querier = m_querierFactory.Create<MldQuerier>();
        error = querier->GetConfigurationError();
    }
    return error;
}

Ptr<MldProxy>
MldProxyHelper::Install(Ptr<Node> node) const
{
    return DoInstall(node, m_upstream, m_downstream);
}

Ptr<MldProxy>
MldProxyHelper::Install(Ptr<Node> node,
                        uint32_t upstream,
                        const std::set<uint32_t>& downstream) const
{
    return DoInstall(node, {upstream}, std::vector<uint32_t>(downstream.begin(), downstream.end()));
}

Ptr<MldProxy>
MldProxyHelper::DoInstall(Ptr<Node> node,
                          const std::vector<uint32_t>& upstream,
                          const std::vector<uint32_t>& downstream) const
{
    std::string error = MldProxy::CheckConfiguration(node, upstream, downstream);
    NS_ABORT_MSG_IF(!error.empty(), "MldProxyHelper::Install: " << error);
    Ptr<MldProtocol> mld = node->GetObject<MldProtocol>();
    // RFC 4605 §3: the router part on every downstream interface.
    for (uint32_t i : downstream)
    {
        if (!mld->GetQuerier(i))
        {
            Ptr<MldQuerier> querier = m_querierFactory.Create<MldQuerier>();
            error = querier->GetConfigurationError();
            NS_ABORT_MSG_IF(!error.empty(), "MldProxyHelper::Install: " << error);
            mld->SetRouter(i, true, querier);
        }
    }
    Ptr<MldProxy> proxy = m_proxyFactory.Create<MldProxy>();
    error = proxy->Configure(mld,
                             upstream[0],
                             std::set<uint32_t>(downstream.begin(), downstream.end()));
    NS_ABORT_MSG_IF(!error.empty(), "MldProxyHelper::Install: " << error);
    NS_LOG_INFO("node " << node->GetId() << " is an MLD proxy, upstream " << upstream[0]);
    return proxy;
}

void
MldProxyHelper::PrintDatabaseNow(Ptr<Node> node, Ptr<OutputStreamWrapper> stream)
{
    Ptr<MldProtocol> mld = node->GetObject<MldProtocol>();
    if (Ptr<MldProxy> proxy = mld ? mld->GetProxy() : nullptr)
    {
        proxy->PrintDatabase(stream);
    }
}

void
MldProxyHelper::PrintDatabaseAt(Time printTime, Ptr<Node> node, Ptr<OutputStreamWrapper> stream)
{
    Simulator::Schedule(printTime, &MldProxyHelper::PrintDatabaseNow, node, stream);
}

} // namespace ns3
