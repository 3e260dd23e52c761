/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_SNOOPING_BRIDGE_HELPER_H
#define MLD_SNOOPING_BRIDGE_HELPER_H

#include "ns3/attribute.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

class CsmaHelper;
class Node;

/**
 * \ingroup mld
 * \brief Makes MLD-snooping bridges (MldSnoopingBridgeNetDevice), as BridgeHelper makes
 * BridgeNetDevices.
 * \code
 *   MldSnoopingBridgeHelper bridge;
 *   bridge.SetDeviceAttribute("FloodUnknownWithoutQuerier", BooleanValue(false));
 *   NetDeviceContainer br = bridge.Install(switchNode, switchPorts);
 * \endcode
 */
class MldSnoopingBridgeHelper
{
  public:
    MldSnoopingBridgeHelper();

    /**
     * \brief Set an attribute of the bridges Install() creates.
     * \param name attribute name
     * \param value attribute value
     */
    void SetDeviceAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Create a bridge on a node, add it to the node, and add the ports in order
     * (port i is ports.Get(i)).
     * \param node the node
     * \param ports its devices to bridge
     * \return the bridge
     */
    NetDeviceContainer Install(Ptr<Node> node, NetDeviceContainer ports);

    /**
     * \param nodeName the name of a node (Names)
     * \param ports its devices to bridge
     * \return the bridge
     */
    NetDeviceContainer Install(std::string nodeName, NetDeviceContainer ports);

    /**
     * \brief Build a switch: one CSMA link (two devices, made by \p csma) between the
     * switch node and each end node, and a bridge over the switch's devices; port i links
     * ends.Get(i).
     * \param switchNode the switch
     * \param ends the nodes around it
     * \param csma makes the links (its channel attributes apply)
     * \param endDevices when not null, gets the end nodes' devices, in the order of \p ends
     * \return the bridge
     */
    NetDeviceContainer InstallStar(Ptr<Node> switchNode,
                                   NodeContainer ends,
                                   const CsmaHelper& csma,
                                   NetDeviceContainer* endDevices = nullptr);

  private:
    ObjectFactory m_factory; //!< the bridges' factory
};

} // namespace ns3

#endif /* MLD_SNOOPING_BRIDGE_HELPER_H */
