/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_SCENARIO_H
#define MLD_SCENARIO_H

#include "ns3/ipv6-address.h"
#include "ns3/net-device-container.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <limits>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{

class MldScenarioTimeline;

/**
 * \ingroup mld
 * \brief Where an item of a scenario file is: file, line and column (1-based; 0: unknown).
 */
struct MldScenarioPosition
{
    std::string file;   //!< file name as given
    uint32_t line{0};   //!< line, 1-based (0: unknown)
    uint32_t column{0}; //!< column, 1-based (0: unknown)

    /// \return "file:line:column" (the parts known)
    std::string ToString() const;
};

/**
 * \ingroup mld
 * \brief A bad scenario: the message starts with the position ("file:line:column: ").
 */
class MldScenarioError : public std::runtime_error
{
  public:
    /**
     * \param where the position of the offending item
     * \param what what is wrong
     */
    MldScenarioError(const MldScenarioPosition& where, const std::string& what);
};

/// \ingroup mld
/// \brief An attribute set by name ("ns3::MldQuerier::QueryInterval") to a value ("10s").
struct MldScenarioAttribute
{
    std::string name;          //!< ns3::Class::Attribute
    std::string value;         //!< value, as a string
    MldScenarioPosition where; //!< position
};

/// \ingroup mld
/// \brief Attributes of a node's MLD objects on one of its interfaces only.
struct MldScenarioInterface
{
    std::string link;                             //!< the interface: the node's on this link
    std::vector<MldScenarioAttribute> attributes; //!< ns3::MldListener and ns3::MldQuerier only
    MldScenarioPosition where;                    //!< position
};

/// \ingroup mld
/// \brief A node of a scenario.
struct MldScenarioNode
{
    /// The role of the node.
    enum Role
    {
        HOST,   //!< MLD host part only
        ROUTER, //!< MLD router part on every interface (MldHelper::SetRouter)
        PROXY,  //!< MLD proxy (MldProxyHelper)
        BRIDGE, //!< MLD-snooping bridge of a switch link (MldSnoopingBridgeHelper): no IP
    };

    std::string name;                             //!< unique name
    Role role{HOST};                              //!< role
    std::vector<MldScenarioAttribute> attributes; //!< attributes of this node's MLD objects
    std::string upstream;                         //!< PROXY: the upstream link
    std::vector<std::string> downstream;          //!< PROXY: the downstream links
    std::vector<MldScenarioInterface> interfaces; //!< attributes of single interfaces (they
                                                  //!< come after the node's, so they win)
    MldScenarioPosition where;                    //!< position
};

/// \ingroup mld
/// \brief A node's address on a link, given in the file (instead of <prefix>::k).
struct MldScenarioLinkAddress
{
    std::string node;          //!< the node, by name
    std::string address;       //!< its IPv6 address on the link, in the link's /64
    MldScenarioPosition where; //!< position
};

/// \ingroup mld
/// \brief A link of a scenario: a CSMA LAN or a point-to-point link.
struct MldScenarioLink
{
    /// The kind of link.
    enum Type
    {
        CSMA,   //!< CSMA LAN (CsmaHelper)
        P2P,    //!< point-to-point link (PointToPointHelper), two nodes
        SWITCH, //!< a switch: each node on a CSMA link of its own to a port of `bridge`
        WIFI,   //!< an 802.11a Wi-Fi link (WifiHelper, Yans), nodes at fixed positions; only
                //!< where the build has ns-3's wifi module (MLD_HAVE_WIFI)
    };

    std::string name;               //!< unique name
    Type type{CSMA};                //!< kind
    std::vector<std::string> nodes; //!< the nodes on it, by name
    std::string bridge;             //!< SWITCH: the bridge node (role BRIDGE)
    std::string ap;                 //!< WIFI: the access point (empty: ad hoc)
    double spacing{5};              //!< WIFI: metres between nodes, on a line in their order
    std::string prefix;             //!< IPv6 /64 prefix (empty: 2001:db8:<index + 1>::)
    std::vector<MldScenarioLinkAddress> addresses; //!< given addresses (others: <prefix>::k)
    std::string dataRate{"100Mbps"};               //!< data rate
    Time delay{NanoSeconds(6560)};                 //!< propagation delay
    MldScenarioPosition where;                     //!< position
};

/// \ingroup mld
/// \brief Something that happens during the run.
struct MldScenarioEvent
{
    /// The kind of event.
    enum Kind
    {
        JOIN,  //!< a host joins a group (with sources: a source filter)
        LEAVE, //!< a host leaves a group (or drops its source filter)
        SEND,  //!< a node sends data to a group from start to stop
        DOWN,  //!< an interface goes down
        UP,    //!< an interface comes up
        STOP,  //!< a node stops: every interface of it goes down (Ipv6::SetDown)
        START, //!< a stopped node starts again: every interface of it comes up
    };

    Kind kind{JOIN};               //!< kind
    std::string node;              //!< the node
    std::string link;              //!< the node's interface on this link (empty: its only one)
    Ipv6Address group;             //!< JOIN, LEAVE, SEND: the group
    bool hasFilter{false};         //!< JOIN: a source filter (mode and sources) was given
    bool exclude{false};           //!< JOIN with a filter: EXCLUDE (else INCLUDE)
    std::set<Ipv6Address> sources; //!< JOIN with a filter: the sources
    Time at;                       //!< JOIN, LEAVE, DOWN, UP, STOP, START: when
    Time start;                    //!< SEND: first packet
    Time stop;                     //!< SEND: end of sending
    uint32_t rate{10};             //!< SEND: packets per second
    uint32_t size{100};            //!< SEND: UDP payload octets
    MldScenarioPosition where;     //!< position
};

/// \ingroup mld
/// \brief Something the run must show.
struct MldScenarioExpectation
{
    /// The kind of expectation.
    enum Kind
    {
        LISTENERS, //!< a router or proxy interface's listener table has (or lacks) a group at a
                   //!< time
        RECEIVES,  //!< a host receives data of a group between two times (count in [min, max])
        FORWARDS,  //!< a router or proxy forwards data of a group onto an interface (count in
                   //!< [min, max])
        MESSAGES, //!< MLD messages of a type sent on a link between two times (count in [min, max])
        DROPS,    //!< MLD messages dropped for a reason (count in [min, max])
        JOIN_LATENCY,  //!< from a join event to the router listing the group (or to the
                       //!< host's first data) within `bound`
        LEAVE_LATENCY, //!< from a leave event to the group's removal from the router's
                       //!< table within `bound`
        MDB,           //!< a bridge port is (or is not) a member of a group at a time
    };

    Kind kind{LISTENERS};     //!< kind
    std::string node;         //!< LISTENERS, RECEIVES, FORWARDS: the node; DROPS: a node
                              //!< (empty: all)
    std::string link;         //!< LISTENERS, RECEIVES, FORWARDS: interface (empty: the
                              //!< only one);
                              //!< MESSAGES: the link
    Ipv6Address group;        //!< LISTENERS, RECEIVES, FORWARDS; MESSAGES if checkGroup: the group
    bool checkGroup{false};   //!< MESSAGES: count only messages about `group`
    Time at;                  //!< LISTENERS (not window): when; JOIN_LATENCY, LEAVE_LATENCY
                              //!< with hasEventAt: the time of the event measured
    std::string port;         //!< MDB, FORWARDS of a bridge: the port, by the node it leads to
    bool window{false};       //!< LISTENERS: holds from `from` to `to` (both included), checked
                              //!< at `from` and at every change of the table
    std::string router;       //!< JOIN_LATENCY, LEAVE_LATENCY: the router or proxy
    std::string routerLink;   //!< JOIN_LATENCY, LEAVE_LATENCY: its interface's link (empty:
                              //!< the event's link)
    bool untilData{false};    //!< JOIN_LATENCY: measured to the host's first data packet
    bool hasEventAt{false};   //!< JOIN_LATENCY, LEAVE_LATENCY: `at` picks the event
    Time bound;               //!< JOIN_LATENCY, LEAVE_LATENCY: largest latency that passes
    bool present{true};       //!< LISTENERS: the group is in the table (else absent)
    bool checkMode{false};    //!< LISTENERS: the filter mode is checked
    bool exclude{true};       //!< LISTENERS: expected mode EXCLUDE (else INCLUDE)
    bool checkSources{false}; //!< LISTENERS: the source list is checked
    std::set<Ipv6Address> sources; //!< LISTENERS: INCLUDE: sources with a running timer;
                                   //!< EXCLUDE: the excluded (stopped) sources
    Time from;               //!< RECEIVES, FORWARDS, MESSAGES, DROPS: window start (inclusive)
    Time to;                 //!< RECEIVES, FORWARDS, MESSAGES, DROPS: window end (exclusive)
    std::string messageType; //!< MESSAGES: query, report, done or v2-report
    std::string dropReason;  //!< DROPS: an MldDropReason name (BAD_CHECKSUM, ...) or any
    uint64_t min{0};         //!< least count
    uint64_t max{std::numeric_limits<uint64_t>::max()}; //!< largest count
    std::string text;                                   //!< how the file put it, for the summary
    MldScenarioPosition where;                          //!< position
};

/// \ingroup mld
/// \brief A whole scenario, as read from a file (MldScenarioReadFile) or built in C++.
struct MldScenario
{
    std::string name;                                 //!< name
    std::string file;                                 //!< file it came from (may be empty)
    Time duration{Seconds(30)};                       //!< simulated time
    uint32_t seed{1};                                 //!< RngSeedManager seed
    uint32_t run{1};                                  //!< RngSeedManager run
    std::vector<MldScenarioAttribute> attributes;     //!< attributes of every node
    std::vector<MldScenarioNode> nodes;               //!< nodes
    std::vector<MldScenarioLink> links;               //!< links
    std::vector<MldScenarioEvent> events;             //!< events
    std::vector<MldScenarioExpectation> expectations; //!< expectations
    MldScenarioPosition where;                        //!< position of the document
};

/// \ingroup mld
/// \brief The outcome of one expectation.
struct MldScenarioVerdict
{
    std::string name;          //!< the expectation, as text
    bool passed{false};        //!< it holds
    std::string detail;        //!< what was seen
    MldScenarioPosition where; //!< the expectation's position
};

/**
 * \ingroup mld
 * \brief Read an IPv6 address without aborting on a bad one.
 * \param text the address, e.g. "ff1e::1"
 * \param address set when the text is an address
 * \return true if it is
 */
bool MldScenarioParseAddress(const std::string& text, Ipv6Address& address);

/**
 * \ingroup mld
 * \brief Give devices MAC addresses numbered from a counter, so that a topology has the
 * same MAC (hence link-local) addresses, and the same querier elections, in every run,
 * whatever ran before in the process (Mac48Address::Allocate is never reset).
 * \param devices the devices, numbered in order
 * \param firstOctet the first octet of every address (0x02: locally administered)
 * \param counter the last number given; incremented once per device
 */
void MldAssignMacAddresses(const NetDeviceContainer& devices,
                           uint8_t firstOctet,
                           uint32_t& counter);

/**
 * \ingroup mld
 * \brief Checks a scenario, builds its ns-3 simulation, runs it and judges its expectations.
 *
 * Validate() finds what is wrong before anything is built: unknown nodes and links, times out
 * of order or after the end of the run, unknown attributes and impossible values. Run()
 * validates, builds the topology (CSMA LANs, point-to-point links, IPv6 with automatic
 * addresses, MLD on every node: hosts, routers, proxies), schedules the events, records MLD
 * messages, drops and data receptions, runs the simulation and returns one verdict per
 * expectation. Run() leaves the simulator destroyed, so several scenarios run one after another
 * in one process.
 */
class MldScenarioRunner
{
  public:
    /**
     * \brief Check a scenario without building it.
     * \param scenario the scenario
     * \throws MldScenarioError naming the position of the first problem
     */
    static void Validate(const MldScenario& scenario);

    /**
     * \brief Validate, build, run and judge.
     * \param scenario the scenario
     * \param pcapDir non-empty: write a pcap per link and device there (made if missing)
     *        (<dir>/<scenario>-<link>-<node id>-<device>.pcap)
     * \param timeline non-null: record the run's timeline there, for a picture
     *        (helper/mld-scenario-plot.h); it must outlive the call
     * \return one verdict per expectation, in the file's order
     * \throws MldScenarioError if Validate() finds a problem
     */
    static std::vector<MldScenarioVerdict> Run(const MldScenario& scenario,
                                               const std::string& pcapDir = "",
                                               MldScenarioTimeline* timeline = nullptr);

    /**
     * \param verdicts verdicts
     * \return true if every verdict passed
     */
    static bool AllPassed(const std::vector<MldScenarioVerdict>& verdicts);

    /**
     * \brief One line per expectation ("PASS ..." / "FAIL ...: detail"), then a total.
     * \param os stream
     * \param scenario the scenario
     * \param verdicts its verdicts
     */
    static void PrintSummary(std::ostream& os,
                             const MldScenario& scenario,
                             const std::vector<MldScenarioVerdict>& verdicts);

    /**
     * \brief A JUnit XML report: one testsuite, one testcase per expectation.
     * \param os stream
     * \param scenario the scenario
     * \param verdicts its verdicts
     */
    static void WriteJUnit(std::ostream& os,
                           const MldScenario& scenario,
                           const std::vector<MldScenarioVerdict>& verdicts);
};

} // namespace ns3

#endif /* MLD_SCENARIO_H */
