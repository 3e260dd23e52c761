/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-hop-by-hop.h"

#include "mld-ipv6-adapter.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldHopByHopExtension");

NS_OBJECT_ENSURE_REGISTERED(MldHopByHopExtension);

TypeId
MldHopByHopExtension::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MldHopByHopExtension")
                            .SetParent<Ipv6ExtensionHopByHop>()
                            .SetGroupName("Mld")
                            .AddConstructor<MldHopByHopExtension>();
    return tid;
}

MldHopByHopExtension::MldHopByHopExtension()
{
    NS_LOG_FUNCTION(this);
}

MldHopByHopExtension::~MldHopByHopExtension()
{
    NS_LOG_FUNCTION(this);
}

void
MldHopByHopExtension::SetAdapter(MldIpv6Adapter* adapter)
{
    m_adapter = adapter;
}

uint8_t
MldHopByHopExtension::Process(Ptr<Packet>& packet,
                              uint8_t offset,
                              const Ipv6Header& ipv6Header,
                              Ipv6Address dst,
                              uint8_t* nextHeader,
                              bool& stopProcessing,
                              bool& isDropped,
                              Ipv6L3Protocol::DropReason& dropReason)
{
    // Ipv6L3Protocol::Receive calls this for the first extension header with offset 0 and
    // no next-header pointer (ns-3.35 to ns-3-dev); LocalDeliver's own pass over the
    // headers (non-MLD packets only) passes one, and goes to the base.
    if (m_adapter && offset == 0 && !nextHeader && m_adapter->ReceiveHopByHop(packet, ipv6Header))
    {
        stopProcessing = true;
        return 0;
    }
    return Ipv6ExtensionHopByHop::Process(packet,
                                          offset,
                                          ipv6Header,
                                          dst,
                                          nextHeader,
                                          stopProcessing,
                                          isDropped,
                                          dropReason);
}

} // namespace ns3
