/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_PROXY_H
#define MLD_PROXY_H

#include "mld-querier.h"
#include "mld-types.h"

#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/object.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/traced-callback.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

class MldProtocol;
class Node;

/**
 * \ingroup mld
 * \brief One record of a proxy's membership database (RFC 4605 §4.1).
 */
struct MldProxyRecord
{
    Ipv6Address group;             //!< multicast address
    MldSourceFilter filter;        //!< merged filter mode and source list
    std::set<uint32_t> interfaces; //!< downstream interfaces with listeners for the group
};

/**
 * \ingroup mld
 * \brief An MLD proxy (RFC 4605): IGMP/MLD-based multicast forwarding without a
 * multicast routing protocol.
 *
 * One upstream interface (towards the root of the tree) and one or more downstream
 * interfaces, chosen by configuration (RFC 4605 §3). It reuses the module's parts and
 * has no state machine of its own:
 * - each downstream interface runs the router part (MldQuerier): election, queries and
 *   the listener table, MLDv1 or MLDv2;
 * - the membership database (§4.1) merges, per group, the downstream listener tables by
 *   the RFC 9777 §4.2 rules (MldFilterMerge; an MLDv1 listener is EXCLUDE {}). It is
 *   brought up to date on the queriers' ListenerAdded, ListenerRemoved, SourceChanged and
 *   FilterModeChanged trace sources, once per group and instant (one event);
 * - the upstream interface runs the host part (MldListener) for the database: the proxy
 *   is one socket of it (the UpstreamSocket attribute) and hands it each change of a
 *   record with SetSourceFilter. The host part sends the state-change report (MLDv2) or
 *   the report or Done (MLDv1), answers the upstream queries and follows the upstream
 *   querier's version (RFC 9777 §8.2);
 * - MldRouting asks GetOutputInterfaces() where multicast data goes (§4.2).
 *
 * Groups of link-local scope or less are never put in the database: their traffic never
 * leaves the link.
 */
class MldProxy : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MldProxy();
    ~MldProxy() override;

    /**
     * \brief Check a proxy configuration of a node, without changing anything.
     *
     * Refused: a node without MLD, or already a proxy; not exactly one upstream interface;
     * no downstream interface; an index that is not an MLD interface of the node; an
     * interface named twice, or both upstream and downstream; an upstream interface that
     * runs the router part (RFC 4605 §3: the proxy MUST NOT be a router there).
     * \param node the node
     * \param upstream the upstream interfaces given (one is right)
     * \param downstream the downstream interfaces given
     * \return empty if the configuration is right, else what is wrong
     */
    static std::string CheckConfiguration(Ptr<Node> node,
                                          const std::vector<uint32_t>& upstream,
                                          const std::vector<uint32_t>& downstream);

    /**
     * \brief Become the proxy of a node (MldProxyHelper::Install calls it).
     *
     * The downstream interfaces must run the router part already; the proxy listens to
     * their queriers' trace sources.
     * \param mld the node's MLD
     * \param upstream the upstream interface
     * \param downstream the downstream interfaces
     * \return empty on success, else what is wrong (CheckConfiguration; nothing changed)
     */
    std::string Configure(Ptr<MldProtocol> mld,
                          uint32_t upstream,
                          const std::set<uint32_t>& downstream);

    /// \return the upstream interface
    uint32_t GetUpstream() const;

    /// \return the downstream interfaces
    const std::set<uint32_t>& GetDownstream() const;

    /**
     * \param interface an interface index
     * \return true if it is the upstream or a downstream interface of this proxy
     */
    bool IsProxyInterface(uint32_t interface) const;

    /**
     * \brief A downstream interface got its router part (Configure, or
     * MldProtocol::SetRouter on an interface that had none): listen to its querier.
     * \param interface the downstream interface
     */
    void ConnectQuerier(uint32_t interface);

    /// \name Membership database (RFC 4605 §4.1)
    /// @{
    /// \return every record, ordered by group
    std::vector<MldProxyRecord> GetDatabase() const;

    /**
     * \param group a multicast address
     * \return its merged filter (INCLUDE {}: not in the database)
     */
    MldSourceFilter GetMembership(Ipv6Address group) const;

    /**
     * \brief Write the database: group, filter mode, sources, downstream interfaces.
     * \param stream the output
     */
    void PrintDatabase(Ptr<OutputStreamWrapper> stream) const;
    /// @}

    /**
     * \brief Where multicast data goes (RFC 4605 §4.2).
     *
     * From the upstream interface: to each downstream interface whose listeners want
     * (source, group) and where this proxy is the querier. From a downstream interface
     * where this proxy is the querier: upstream, and to each other such downstream
     * interface that wants it. From a downstream interface where another router is the
     * querier: nowhere (that querier forwards it), so that two proxies on a LAN neither
     * duplicate nor loop its data. Never back out of the arrival interface; only
     * interfaces that are up.
     * \param iif the arrival interface
     * \param group the destination
     * \param source the origin
     * \param out filled with the output interfaces, ascending (cleared first)
     * \return false if iif is not an interface of this proxy (then out is untouched)
     */
    bool GetOutputInterfaces(uint32_t iif,
                             Ipv6Address group,
                             Ipv6Address source,
                             std::vector<uint32_t>& out) const;

    /**
     * \param iif a downstream interface
     * \return true if data arriving there is not forwarded because another router is the
     *         link's querier
     */
    bool IsSilentDownstream(uint32_t iif) const;

    /**
     * \brief Look for loops among the proxies of the simulation: a chain of proxies, each
     * with its upstream interface on a link where the next has a downstream interface,
     * that comes back to its first link. Links are the interfaces' channels.
     * \return empty if none, else a description of the first loop found
     */
    static std::string FindLoop();

    /**
     * TracedCallback signature for database changes.
     * \param group the group
     * \param filter its merged filter now (INCLUDE {}: removed from the database)
     */
    typedef void (*DatabaseTracedCallback)(Ipv6Address group, const MldSourceFilter& filter);

  protected:
    void DoInitialize() override;
    void DoDispose() override;

  private:
    /**
     * \param entry a downstream listener-table entry
     * \return what the interface asks for (RFC 4605 §4.1: MLDv1 listeners are EXCLUDE {})
     */
    static MldSourceFilter InterfaceFilter(const MldListenerEntry& entry);

    /**
     * \brief A downstream querier's state of a group changed: bring the database up to
     * date once all the changes of this instant are done.
     * \param group the group
     */
    void GroupChanged(Ipv6Address group);

    /// \brief Merge the groups that changed and apply the changes upstream.
    void UpdateDatabase();

    /// \name Trace sinks of the downstream queriers
    /// @{
    /// \param interface the interface \param group the group
    void OnListener(uint32_t interface, Ipv6Address group);
    /// \param interface the interface \param group the group \param source the source
    /// \param present record present \param running timer running
    void OnSource(uint32_t interface,
                  Ipv6Address group,
                  Ipv6Address source,
                  bool present,
                  bool running);
    /// \param interface the interface \param group the group \param mode the mode now
    void OnFilterMode(uint32_t interface, Ipv6Address group, MldFilterMode mode);
    /// @}

    MldProtocol* m_mld{nullptr};                      //!< the node's MLD (owns this object)
    uint32_t m_upstream{0};                           //!< upstream interface
    std::set<uint32_t> m_downstream;                  //!< downstream interfaces
    uint64_t m_socket;                                //!< the proxy's socket upstream
    MldHostVersion m_upstreamVersion;                 //!< host version upstream
    std::map<Ipv6Address, MldProxyRecord> m_database; //!< membership database
    std::set<Ipv6Address> m_changed;                  //!< groups to merge again
    EventId m_update;                                 //!< UpdateDatabase, pending

    TracedCallback<Ipv6Address, const MldSourceFilter&> m_databaseTrace; //!< DatabaseChanged
};

} // namespace ns3

#endif /* MLD_PROXY_H */
