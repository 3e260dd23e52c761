/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_HELPER_H
#define MLD_HELPER_H

#include "ns3/attribute.h"
#include "ns3/ipv6-address.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/output-stream-wrapper.h"

#include <set>
#include <string>

namespace ns3
{

class InternetStackHelper;
class MldProtocol;

/**
 * \ingroup mld
 * \brief Installs MLD on nodes, turns on the router part, joins and leaves groups.
 *
 * MLD learns of interface and address changes through the node's IPv6 routing
 * protocol (ns-3 tells nobody else). Give the nodes an MldRouting before installing the
 * internet stack:
 * \code
 *   InternetStackHelper stack;
 *   MldHelper::ConfigureStack(stack); // MldRouting holding Ipv6StaticRouting
 *   stack.Install(nodes);
 *   ... assign addresses ...
 *   MldHelper mld;
 *   mld.Install(nodes);
 * \endcode
 * Nodes that already use an Ipv6ListRouting (RIPng, for example) need no
 * ConfigureStack(); Install() adds an MldRouting to their list.
 */
class MldHelper
{
  public:
    MldHelper();

    /**
     * \brief Make a stack helper give IPv6 an MldRouting (an Ipv6ListRouting) holding
     * Ipv6StaticRouting, so that MLD can be installed later. Until then, and on hosts
     * afterwards, the node routes as with Ipv6StaticRouting alone, ns-3's default:
     * MldRouting hands every packet straight to it.
     * \param stack the helper to configure (its IPv6 routing helper is replaced)
     */
    static void ConfigureStack(InternetStackHelper& stack);

    /**
     * \brief Set an attribute of the MldProtocol objects created by Install().
     * \param name attribute name
     * \param value attribute value
     */
    void SetProtocolAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Set an attribute of the MldListener objects created by Install().
     * \param name attribute name
     * \param value attribute value
     */
    void SetListenerAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Set an attribute of the MldQuerier objects created by SetRouter().
     * \param name attribute name
     * \param value attribute value
     */
    void SetQuerierAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Install MLD on every IPv6 interface (but the loopback) of each node.
     *
     * Also adds an MldPacketFilter to the flow queue discs (ns-3's default FqCoDel) of
     * those interfaces, unless SetPacketFilter(false): MLD messages then share one flow
     * per interface, and every other packet is classified as without the filter.
     * \param nodes the nodes
     */
    void Install(NodeContainer nodes) const;

    /**
     * \brief Install MLD on chosen IPv6 interfaces of one node (and the packet filter on
     * their flow queue discs, as Install(NodeContainer)).
     * \param node the node
     * \param interfaces IPv6 interface indices; empty: all but the loopback
     * \return the node's MldProtocol
     */
    Ptr<MldProtocol> Install(Ptr<Node> node, const std::set<uint32_t>& interfaces = {}) const;

    /**
     * \brief Choose whether Install() adds an MldPacketFilter to the flow queue discs
     * (FqCoDel, FqPie, FqCobalt; FqCoDel is ns-3's default root queue disc) of the
     * interfaces it installs MLD on. On by default: without it, MLDv1 reports and
     * Multicast-Address-Specific Queries, which go to each group's address, make those
     * queue discs create one flow and child queue disc per group.
     * \param enable true to add the filters (the default)
     */
    void SetPacketFilter(bool enable);

    /**
     * \brief Add an MldPacketFilter to the flow queue discs of a node's IPv6 interfaces
     * (MldPacketFilter::AddTo: only those without packet filters). Install() does it for
     * the queue discs present then; call this for queue discs installed later.
     * \param node the node
     * \param interfaces IPv6 interface indices; empty: all but the loopback
     * \return the number of filters added
     */
    static uint32_t AddPacketFilters(Ptr<Node> node, const std::set<uint32_t>& interfaces = {});

    /**
     * \brief Run the router part (querier, listener table, forwarding) on every
     * MLD interface of each node. Install() first.
     * \param nodes the nodes
     */
    void SetRouter(NodeContainer nodes) const;

    /**
     * \brief Run the router part on chosen interfaces of one node.
     * \param node the node
     * \param interfaces IPv6 interface indices; empty: every MLD interface
     */
    void SetRouter(Ptr<Node> node, const std::set<uint32_t>& interfaces = {}) const;

    /**
     * \brief Join a group (in6_joingroup semantics: refcounted).
     * \param node the node
     * \param interface IPv6 interface index
     * \param group the multicast address
     * \return false if refused (no MLD on the node or interface, address not multicast,
     *         or in the source-specific range ff3x::/96: use MldProtocol::JoinSource)
     */
    static bool Join(Ptr<Node> node, uint32_t interface, Ipv6Address group);

    /**
     * \brief Leave a group (in6_leavegroup semantics: the last leave ends the membership).
     * \param node the node
     * \param interface IPv6 interface index
     * \param group the multicast address
     * \return false if there was no such membership
     */
    static bool Leave(Ptr<Node> node, uint32_t interface, Ipv6Address group);

    /**
     * \brief Assign fixed random variable streams to MLD on these nodes.
     *
     * The streams are numbered on from \p stream over the nodes that have MLD, in the
     * container's order: a node's streams depend on the nodes before it. Where only some
     * nodes have MLD (a distributed run, where each rank installs it on its own nodes),
     * call it node by node with a base taken from the node id, so that every rank count
     * gives a node the same streams (examples/mld-proxy-tree-distributed.cc).
     * \param nodes the nodes
     * \param stream first stream index to use
     * \return the number of streams assigned
     */
    int64_t AssignStreams(NodeContainer nodes, int64_t stream) const;

    /**
     * \brief Write the records of a node at a given simulated time.
     * \param printTime when
     * \param node the node
     * \param stream the output
     */
    static void PrintRecordsAt(Time printTime, Ptr<Node> node, Ptr<OutputStreamWrapper> stream);

    /**
     * \brief Write the records of every node at a given simulated time.
     * \param printTime when
     * \param stream the output
     */
    static void PrintRecordsAllAt(Time printTime, Ptr<OutputStreamWrapper> stream);

    /**
     * \brief Write the listener tables of a router at a given simulated time.
     * \param printTime when
     * \param node the node
     * \param stream the output
     */
    static void PrintListenerTablesAt(Time printTime,
                                      Ptr<Node> node,
                                      Ptr<OutputStreamWrapper> stream);

  private:
    /**
     * \param node a node
     * \param stream the output
     */
    static void PrintRecordsNow(Ptr<Node> node, Ptr<OutputStreamWrapper> stream);
    /**
     * \param node a node
     * \param stream the output
     */
    static void PrintListenerTablesNow(Ptr<Node> node, Ptr<OutputStreamWrapper> stream);

    ObjectFactory m_protocolFactory; //!< MldProtocol factory
    ObjectFactory m_listenerFactory; //!< MldListener attributes
    ObjectFactory m_querierFactory;  //!< MldQuerier attributes
    bool m_packetFilter{true};       //!< add MldPacketFilter to flow queue discs
};

} // namespace ns3

#endif /* MLD_HELPER_H */
