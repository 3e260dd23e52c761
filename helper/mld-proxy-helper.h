/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_PROXY_HELPER_H
#define MLD_PROXY_HELPER_H

#include "ns3/attribute.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/output-stream-wrapper.h"

#include <set>
#include <string>
#include <vector>

namespace ns3
{

class MldProxy;
class Node;

/**
 * \ingroup mld
 * \brief Makes nodes MLD proxies (RFC 4605): one upstream interface, one or more
 * downstream interfaces.
 *
 * MLD must be installed on the node first (MldHelper::Install, on the proxy's interfaces
 * at least). Install() starts the router part (MldQuerier, with this helper's querier
 * attributes) on every downstream interface that does not run it yet, and the proxy.
 * \code
 *   MldHelper mld;
 *   mld.Install(nodes);
 *   MldProxyHelper proxy;
 *   proxy.SetQuerierAttribute("Version", StringValue("MLDv2")); // optional
 *   proxy.Install(node, 1, {2, 3}); // upstream 1, downstream 2 and 3
 * \endcode
 * or, interface by interface: AddUpstream(1); AddDownstream(2); AddDownstream(3);
 * Install(node). A bad configuration (no upstream interface, two, none downstream, an
 * interface both upstream and downstream or named twice, an index that is not an MLD
 * interface of the node, an upstream interface that runs the router part, a node that is
 * a proxy already) stops the program with the reason (NS_ABORT_MSG); Check() gives the
 * same reason without stopping. A loop of proxies stops the program when the simulation
 * starts (MldProxy::FindLoop).
 */
class MldProxyHelper
{
  public:
    MldProxyHelper();

    /**
     * \brief Set an attribute of the MldProxy objects created by Install().
     * \param name attribute name
     * \param value attribute value
     */
    void SetProxyAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Set an attribute of the MldQuerier objects Install() starts on downstream
     * interfaces.
     * \param name attribute name
     * \param value attribute value
     */
    void SetQuerierAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Name the upstream interface of the next Install(node) (exactly one is right).
     * \param interface IPv6 interface index
     */
    void AddUpstream(uint32_t interface);

    /**
     * \brief Name a downstream interface of the next Install(node).
     * \param interface IPv6 interface index
     */
    void AddDownstream(uint32_t interface);

    /// \brief Forget the interfaces named.
    void ClearInterfaces();

    /**
     * \param node a node
     * \return empty if Install(node) would succeed with the interfaces named, else why not
     */
    std::string Check(Ptr<Node> node) const;

    /**
     * \brief Make a node a proxy with the interfaces named by AddUpstream and
     * AddDownstream; a bad configuration aborts with the reason.
     * \param node the node (MLD installed)
     * \return its proxy
     */
    Ptr<MldProxy> Install(Ptr<Node> node) const;

    /**
     * \brief Make a node a proxy; a bad configuration aborts with the reason.
     * \param node the node (MLD installed)
     * \param upstream the upstream interface
     * \param downstream the downstream interfaces
     * \return its proxy
     */
    Ptr<MldProxy> Install(Ptr<Node> node,
                          uint32_t upstream,
                          const std::set<uint32_t>& downstream) const;

    /**
     * \brief Write the membership database of a proxy at a given simulated time.
     * \param printTime when
     * \param node the node
     * \param stream the output
     */
    static void PrintDatabaseAt(Time printTime, Ptr<Node> node, Ptr<OutputStreamWrapper> stream);

  private:
    /**
     * \param upstream the upstream interfaces named
     * \param downstream the downstream interfaces named
     * \param node the node
     * \return the proxy
     */
    Ptr<MldProxy> DoInstall(Ptr<Node> node,
                            const std::vector<uint32_t>& upstream,
                            const std::vector<uint32_t>& downstream) const;

    /**
     * \param node a node
     * \param stream the output
     */
    static void PrintDatabaseNow(Ptr<Node> node, Ptr<OutputStreamWrapper> stream);

    ObjectFactory m_proxyFactory;       //!< MldProxy attributes
    ObjectFactory m_querierFactory;     //!< MldQuerier attributes
    std::vector<uint32_t> m_upstream;   //!< upstream interfaces named
    std::vector<uint32_t> m_downstream; //!< downstream interfaces named
};

} // namespace ns3

#endif /* MLD_PROXY_HELPER_H */
