/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_SCENARIO_PLOT_H
#define MLD_SCENARIO_PLOT_H

#include "mld-scenario.h"

#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace ns3
{

class Node;
class Packet;
class Ipv6Header;

/**
 * \ingroup mld
 * \brief What a scenario run did, over time, for a timeline picture (mld-scenario --plot=DIR).
 *
 * MldScenarioRunner::Run() attaches it to every node (Attach()) and closes it at the end of the
 * run (Close()). It records, from trace sources the module and ns-3 already have:
 *  - per router or proxy interface (a LAN) and group, the intervals during which the listener
 *    table had the group (MldQuerier ListenerAdded / ListenerRemoved); solicited-node groups
 *    (ff02::1:ffXX:XXXX), which every host has for its addresses, are left out;
 *  - per host and group, the times UDP data of the group was delivered to the host while it
 *    held a membership of the group on that interface (Ipv6L3Protocol LocalDeliver, the same
 *    rule as the runner's "receives" expectation);
 *  - per link, the MLD messages sent on it: Queries, Reports (MLDv1), MLDv2 Reports and Dones
 *    (MldProtocol Tx).
 * Recording adds no socket, application or event to the simulation: a run with a timeline
 * is the same run as one without.
 *
 * WritePlot() then writes a gnuplot script made with ns-3's Gnuplot classes and renders it
 * with the gnuplot program into a PNG and an SVG picture (doc/mld.rst, "Pictures").
 */
class MldScenarioTimeline
{
  public:
    /// An interval [start, end) during which a listener table had a group.
    struct Interval
    {
        Time start; //!< the group was added
        Time end;   //!< the group was removed (or the run ended)
    };

    /// An MLD message sent on a link.
    struct Message
    {
        Time time;         //!< when
        uint32_t link;     //!< link index in the scenario
        uint32_t node;     //!< sender's node index
        uint8_t type;      //!< ICMPv6 type: 130 Query, 131 Report, 132 Done, 143 MLDv2 Report
        Ipv6Address group; //!< Multicast Address field
    };

    /// (node index, link index, group): a router's or a host's interface and a group.
    using Key = std::tuple<uint32_t, uint32_t, Ipv6Address>;

    /// One row of the picture.
    struct Lane
    {
        /// The kind of row.
        enum Kind
        {
            MESSAGES,  //!< the MLD messages sent on a link
            LISTENERS, //!< a router interface's listener table entry for a group
            DELIVERY,  //!< the data of a group a host got
        };

        Kind kind{MESSAGES}; //!< kind
        Key key;             //!< (node, link, group); MESSAGES: (0, link, ::)
        std::string label;   //!< label on the y axis
    };

    /// The outcome of WritePlot().
    struct PlotResult
    {
        bool written{false};  //!< the .plt and .dat files were written
        bool rendered{false}; //!< gnuplot made the .png and .svg files
        std::string plt;      //!< path of the gnuplot script
        std::string png;      //!< path of the PNG picture
        std::string svg;      //!< path of the SVG picture
        std::string message;  //!< what went wrong, or how to render by hand
    };

    /**
     * \param scenario the scenario about to run (kept by reference: it must outlive this)
     */
    explicit MldScenarioTimeline(const MldScenario& scenario);

    /**
     * \brief Connect to a node's trace sources. Call after its MLD parts are installed. A node
     * without MldProtocol or IPv6 (a switch) is left out.
     * \param nodeIndex the node's index in the scenario
     * \param node the node
     * \param interfaces (link index, IPv6 interface index) of each of its interfaces
     */
    void Attach(uint32_t nodeIndex,
                Ptr<Node> node,
                const std::vector<std::pair<uint32_t, uint32_t>>& interfaces);

    /**
     * \brief End the recording: intervals still open end at `end`.
     * \param end the end of the run
     */
    void Close(Time end);

    /// \return the listener intervals, by (router node, link, group)
    const std::map<Key, std::vector<Interval>>& GetListenerIntervals() const;

    /// \return the delivery times, by (host node, link, group)
    const std::map<Key, std::vector<Time>>& GetDeliveries() const;

    /// \return the MLD messages sent, in time order
    const std::vector<Message>& GetMessages() const;

    /**
     * \brief The rows of the picture, top to bottom: for each link, its messages row, then
     * the listener rows of its routers, then the delivery rows of its hosts (every group a
     * host joins in the scenario's events that some node sends to, and any group it got data
     * of).
     * \return the lanes
     */
    std::vector<Lane> GetLanes() const;

    /**
     * \brief Write DIR/NAME.plt (gnuplot script made with ns-3's Gnuplot class) and
     * DIR/NAME.dat (its data), then run gnuplot in DIR to make NAME.png and NAME.svg. NAME is
     * the scenario's name. A missing gnuplot is not an error: the result says how to render.
     * \param dir the folder (made if missing)
     * \param gnuplot the gnuplot program
     * \return what was written
     */
    PlotResult WritePlot(const std::string& dir, const std::string& gnuplot = "gnuplot") const;

  private:
    /// Trace sink: MldQuerier ListenerAdded of one router interface.
    static void OnListenerAdded(MldScenarioTimeline* t,
                                uint32_t node,
                                uint32_t link,
                                uint32_t interface,
                                Ipv6Address group);
    /// Trace sink: MldQuerier ListenerRemoved of one router interface.
    static void OnListenerRemoved(MldScenarioTimeline* t,
                                  uint32_t node,
                                  uint32_t link,
                                  uint32_t interface,
                                  Ipv6Address group);
    /// A listener table change of (node, link, group): an interval opens or closes.
    static void OnListener(MldScenarioTimeline* t,
                           uint32_t node,
                           uint32_t link,
                           bool added,
                           Ipv6Address group);
    /// Trace sink: MldProtocol Tx.
    static void OnTx(MldScenarioTimeline* t,
                     uint32_t node,
                     uint32_t interface,
                     uint8_t type,
                     Ipv6Address group,
                     Ipv6Address source,
                     Ipv6Address destination);
    /// Trace sink: Ipv6L3Protocol LocalDeliver of a host.
    static void OnLocalDeliver(MldScenarioTimeline* t,
                               uint32_t node,
                               uint32_t nodeId,
                               const Ipv6Header& header,
                               Ptr<const Packet> packet,
                               uint32_t interface);

    const MldScenario& m_scenario;                              //!< the scenario
    std::map<std::pair<uint32_t, uint32_t>, uint32_t> m_linkOf; //!< (node, interface) -> link
    std::map<Key, std::vector<Interval>> m_listeners;           //!< listener intervals
    std::map<Key, Time> m_open;                                 //!< intervals not yet closed
    std::map<Key, std::vector<Time>> m_deliveries;              //!< data delivered
    std::vector<Message> m_messages;                            //!< MLD messages sent
};

} // namespace ns3

#endif /* MLD_SCENARIO_PLOT_H */
