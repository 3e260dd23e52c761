/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-packet-filter.h"

#include "mld-header.h"
#include "mld-ns3-compat.h"

#include "ns3/fq-cobalt-queue-disc.h"
#include "ns3/fq-codel-queue-disc.h"
#include "ns3/fq-pie-queue-disc.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-queue-disc-item.h"
#include "ns3/log.h"
#include "ns3/mq-queue-disc.h"
#include "ns3/packet.h"
#include "ns3/uinteger.h"

#include <typeinfo>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldPacketFilter");

NS_OBJECT_ENSURE_REGISTERED(MldPacketFilter);

TypeId
MldPacketFilter::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MldPacketFilter")
                            .SetParent<PacketFilter>()
                            .SetGroupName("Mld")
                            .AddConstructor<MldPacketFilter>();
    return tid;
}

MldPacketFilter::MldPacketFilter()
{
    NS_LOG_FUNCTION(this);
}

MldPacketFilter::~MldPacketFilter()
{
    NS_LOG_FUNCTION(this);
}

void
MldPacketFilter::SetQueueDisc(QueueDisc* queueDisc)
{
    m_queueDisc = queueDisc;
    m_ready = false;
}

bool
MldPacketFilter::IsFlowQueueDisc(Ptr<const QueueDisc> queueDisc)
{
    if (!queueDisc)
    {
        return false;
    }
    // The three flow queue discs of ns-3 3.35 to ns-3-dev: with packet filters, each takes
    // the filters' value as the flow hash and drops what they leave unclassified.
    TypeId tid = queueDisc->GetInstanceTypeId();
    for (TypeId flowQueueDisc : {FqCoDelQueueDisc::GetTypeId(),
                                 FqPieQueueDisc::GetTypeId(),
                                 FqCobaltQueueDisc::GetTypeId()})
    {
        if (tid == flowQueueDisc || tid.IsChildOf(flowQueueDisc))
        {
            return true;
        }
    }
    return false;
}

uint32_t
MldPacketFilter::AddTo(Ptr<QueueDisc> root)
{
    if (!root)
    {
        return 0;
    }
    if (DynamicCast<MqQueueDisc>(root))
    {
        // A multi-queue device: one child queue disc per transmission queue.
        uint32_t added = 0;
        for (std::size_t i = 0; i < root->GetNQueueDiscClasses(); ++i)
        {
            added += AddTo(root->GetQueueDiscClass(i)->GetQueueDisc());
        }
        return added;
    }
    if (!IsFlowQueueDisc(root) || root->GetNPacketFilters() > 0)
    {
        return 0; // not a flow queue disc, or its classification is the user's
    }
    Ptr<MldPacketFilter> filter = CreateObject<MldPacketFilter>();
    filter->SetQueueDisc(PeekPointer(root));
    root->AddPacketFilter(filter);
    NS_LOG_LOGIC("MLD packet filter added to " << root->GetInstanceTypeId().GetName());
    return 1;
}

bool
MldPacketFilter::IsMldMessage(const QueueDiscItem& item)
{
    // Only ns-3's own IPv6 item (the header is kept apart from the packet until the
    // device takes it); an item of another class is hashed as the queue disc does.
    if (typeid(item) != typeid(Ipv6QueueDiscItem))
    {
        return false;
    }
    const auto& ipv6 = static_cast<const Ipv6QueueDiscItem&>(item);
    return ipv6.GetHeader().GetNextHeader() == Ipv6Header::IPV6_EXT_HOP_BY_HOP &&
           MldMessage::IsMldType(MldMessage::HopByHopIcmpv6Type(ipv6.GetPacket()));
}

void
MldPacketFilter::ReadSettings() const
{
    if (m_queueDisc)
    {
        UintegerValue value;
        if (m_queueDisc->GetAttributeFailSafe("Perturbation", value))
        {
            m_perturbation = static_cast<uint32_t>(value.Get());
        }
        if (m_queueDisc->GetAttributeFailSafe("Flows", value) && value.Get() > 0)
        {
            m_flows = static_cast<uint32_t>(value.Get());
        }
    }
    // The flow the queue disc itself gives an MLDv2 Report sent from :: (RFC 3590 §4) to
    // ff02::16 (RFC 9777 §5.2.14): every MLD message of the interface goes there.
    Ipv6Header header;
    header.SetSource(Ipv6Address::GetAny());
    header.SetDestination(Ipv6Address("ff02::16"));
    header.SetNextHeader(Ipv6Header::IPV6_EXT_HOP_BY_HOP);
    Ptr<Ipv6QueueDiscItem> report =
        Create<Ipv6QueueDiscItem>(Create<Packet>(), Address(), iana::ieee802numbers::IPV6, header);
    m_mldFlow = ToResult(report->Hash(m_perturbation));
    m_ready = true;
}

int32_t
MldPacketFilter::ToResult(uint32_t hash) const
{
    if (static_cast<int32_t>(hash) == PacketFilter::PF_NO_MATCH)
    {
        // The one hash a filter cannot return; the same flow (hash modulo Flows).
        return static_cast<int32_t>(hash - m_flows);
    }
    return static_cast<int32_t>(hash);
}

bool
MldPacketFilter::CheckProtocol(Ptr<QueueDiscItem> item) const
{
    return true; // every packet: the queue disc drops what no filter classifies
}

int32_t
MldPacketFilter::DoClassify(Ptr<QueueDiscItem> item) const
{
    if (!m_ready)
    {
        ReadSettings();
    }
    if (IsMldMessage(*item))
    {
        return m_mldFlow;
    }
    return ToResult(item->Hash(m_perturbation));
}

} // namespace ns3
