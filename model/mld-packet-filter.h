/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_PACKET_FILTER_H
#define MLD_PACKET_FILTER_H

#include "ns3/packet-filter.h"
#include "ns3/ptr.h"
#include "ns3/queue-disc.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup mld
 * \brief Puts every MLD message of an interface into one flow of ns-3's flow queue discs
 * (FqCoDel, FqPie, FqCobalt), and every other packet where the queue disc would put it.
 *
 * A flow queue disc hashes each packet's addresses, next header and ports into a flow,
 * and creates a flow with its own child queue disc the first time a hash comes (ns-3
 * keeps it until the queue disc goes). MLD messages go to many destinations: an MLDv1
 * Report and a Multicast-Address-Specific Query go to the group itself (RFC 2710 §8), so
 * an MLDv1 host would make its root FqCoDel create one flow per group it reports, and a
 * router one per group it queries: ~185,000 instructions and ~4.3 KB each. Linux's
 * fq_codel has a fixed array of flows and creates nothing; in ns-3 the cost is the
 * model's, not the protocol's.
 *
 * With this filter, the queue disc classifies through it (a flow queue disc with packet
 * filters takes the filter's value as the flow hash):
 *  - an MLD message (an IPv6 packet whose Hop-by-Hop header is followed by ICMPv6 of
 *    type 130, 131, 132 or 143) gets one fixed hash: the one the queue disc itself gives
 *    an MLDv2 Report from :: to ff02::16 (all MLDv2-capable routers). All the MLD
 *    messages of the interface share that flow;
 *  - every other packet gets QueueDiscItem::Hash with the queue disc's Perturbation,
 *    which is exactly what the queue disc computes without filters. The one exception
 *    is the hash value 0xffffffff, which a filter cannot return (it is
 *    PacketFilter::PF_NO_MATCH, and the queue disc drops what no filter classifies):
 *    it becomes 0xffffffff - Flows, which falls into the same flow (the flow is the hash
 *    modulo Flows).
 *
 * The filter reads the queue disc's Perturbation and Flows attributes when it classifies
 * its first packet, so it follows values set after it was added, up to then.
 *
 * MldHelper::Install adds one to the flow queue discs of every MLD interface
 * (AddTo()). A queue disc that already has packet filters gets none: its classification
 * is the user's, and a filter added after theirs would change what happens to the
 * packets theirs leave unclassified (dropped).
 */
class MldPacketFilter : public PacketFilter
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MldPacketFilter();
    ~MldPacketFilter() override;

    /**
     * \brief Classify with the Perturbation and Flows of this queue disc (read at the first
     * packet). Without a queue disc, Perturbation 0 and Flows 1024 (FqCoDel's defaults).
     * \param queueDisc the flow queue disc that holds this filter (it owns the filter, so
     *        a plain pointer; nullptr to forget it)
     */
    void SetQueueDisc(QueueDisc* queueDisc);

    /**
     * \brief Add an MldPacketFilter to a flow queue disc (FqCoDel, FqPie, FqCobalt) that
     * has no packet filter yet: to \p root itself, or, when \p root is an MqQueueDisc, to
     * each of its child queue discs.
     * \param root a device's root queue disc (may be null)
     * \return the number of filters added
     */
    static uint32_t AddTo(Ptr<QueueDisc> root);

    /**
     * \param queueDisc a queue disc (may be null)
     * \return true if it is a flow queue disc that classifies through its packet filters
     *         (FqCoDel, FqPie, FqCobalt or a subclass)
     */
    static bool IsFlowQueueDisc(Ptr<const QueueDisc> queueDisc);

    /**
     * \param item a packet about to be queued
     * \return true if it is an MLD message: an IPv6 packet whose Hop-by-Hop header is
     *         followed by ICMPv6 of type 130, 131, 132 or 143
     */
    static bool IsMldMessage(const QueueDiscItem& item);

  private:
    bool CheckProtocol(Ptr<QueueDiscItem> item) const override;
    int32_t DoClassify(Ptr<QueueDiscItem> item) const override;

    /// Read Perturbation and Flows from the queue disc, and compute the MLD flow's hash.
    void ReadSettings() const;

    /**
     * \param hash a flow hash
     * \return \p hash as a classification result: itself, but for PF_NO_MATCH's value
     */
    int32_t ToResult(uint32_t hash) const;

    QueueDisc* m_queueDisc{nullptr};     //!< the queue disc that holds this filter
    mutable bool m_ready{false};         //!< settings read
    mutable uint32_t m_perturbation{0};  //!< the queue disc's Perturbation
    mutable uint32_t m_flows{1024};      //!< the queue disc's Flows
    mutable int32_t m_mldFlow{0};        //!< the classification of every MLD message
};

} // namespace ns3

#endif /* MLD_PACKET_FILTER_H */
