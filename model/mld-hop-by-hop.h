/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_HOP_BY_HOP_H
#define MLD_HOP_BY_HOP_H

#include "ns3/ipv6-extension.h"

namespace ns3
{

class MldIpv6Adapter;

/**
 * \ingroup mld
 * \brief The node's Hop-by-Hop Options extension, with MLD taken off at the Router Alert.
 *
 * Real kernels hand packets that carry a Router Alert to the protocol that asked for
 * them before routing (Linux's ip6_ra_chain, BSD's ip6_input). This extension takes the
 * place of ns-3's Ipv6ExtensionHopByHop in the node's Ipv6ExtensionDemux. Ipv6L3Protocol
 * processes the Hop-by-Hop header of every received packet through it, before local
 * delivery and routing. A Hop-by-Hop header whose next header is ICMPv6 goes to MLD
 * (MldIpv6Adapter::ReceiveHopByHop), which validates it. When it is an MLD message (types
 * 130, 131, 132, 143), processing stops there: the message never reaches LocalDeliver,
 * ICMPv6 (which ignores these types) nor RouteInput, and its options are not parsed a
 * second time. Every other packet is processed exactly as ns-3's extension does.
 */
class MldHopByHopExtension : public Ipv6ExtensionHopByHop
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MldHopByHopExtension();
    ~MldHopByHopExtension() override;

    /// \param adapter the node's MLD IPv6 adapter (nullptr: behave as ns-3's extension)
    void SetAdapter(MldIpv6Adapter* adapter);

    uint8_t Process(Ptr<Packet>& packet,
                    uint8_t offset,
                    const Ipv6Header& ipv6Header,
                    Ipv6Address dst,
                    uint8_t* nextHeader,
                    bool& stopProcessing,
                    bool& isDropped,
                    Ipv6L3Protocol::DropReason& dropReason) override;

  private:
    MldIpv6Adapter* m_adapter{nullptr}; //!< the node's MLD adapter (cleared on detach)
};

} // namespace ns3

#endif /* MLD_HOP_BY_HOP_H */
