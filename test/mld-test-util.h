/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Shared fixtures for the Boost.Test suites: small topologies with MLD
// installed, a log of every MLD message sent, and a packet forger.

#ifndef MLD_TEST_UTIL_H
#define MLD_TEST_UTIL_H

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/mld-module.h"
#include "ns3/network-module.h"

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace mldtest
{

using namespace ns3;

/// Seeds each case alike (RngSeed 1, RngRun 1: ns-3's defaults) and leaves a clean simulator
/// (nodes, events, node ids) behind, also when a critical check ends the case early, so that
/// no stale event of one case runs in the next.
struct SeededSimulationFixture
{
    SeededSimulationFixture()
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
    }

    ~SeededSimulationFixture()
    {
        Simulator::Destroy();
    }
};

/// One MLD message seen by a Tx or Rx trace.
struct Message
{
    Time time;               //!< when
    uint32_t node;           //!< node id
    uint32_t interface;      //!< IPv6 interface
    uint8_t type;            //!< ICMPv6 type
    Ipv6Address group;       //!< Multicast Address field
    Ipv6Address source;      //!< IPv6 source
    Ipv6Address destination; //!< IPv6 destination
};

/// A drop seen by the Drop trace.
struct DropEvent
{
    Time time;            //!< when
    uint32_t node;        //!< node id
    uint32_t interface;   //!< IPv6 interface
    MldDropReason reason; //!< reason
};

/**
 * Records every message sent (Tx) and accepted (Rx), and every drop, on the
 * nodes it is attached to.
 */
class MessageLog
{
  public:
    /// Attach to every node with MLD.
    void Attach(NodeContainer nodes);

    std::vector<Message> sent;     //!< Tx, in order
    std::vector<Message> received; //!< Rx, in order
    std::vector<DropEvent> drops;  //!< drops, in order

    /// Messages sent of a type (and group, unless :: is given meaning any), optionally by a node.
    std::vector<Message> Sent(uint8_t type,
                              Ipv6Address group = Ipv6Address::GetAny(),
                              int32_t node = -1) const;

  private:
    static void OnTx(MessageLog* log,
                     uint32_t node,
                     uint32_t interface,
                     uint8_t type,
                     Ipv6Address group,
                     Ipv6Address source,
                     Ipv6Address destination);
    static void OnRx(MessageLog* log,
                     uint32_t node,
                     uint32_t interface,
                     uint8_t type,
                     Ipv6Address group,
                     Ipv6Address source,
                     Ipv6Address destination);
    static void OnDrop(MessageLog* log,
                       uint32_t node,
                       Ptr<const Packet> packet,
                       uint32_t interface,
                       MldDropReason reason);
};

/// Options for MakeLan().
struct LanOptions
{
    uint32_t hosts{2};            //!< number of nodes
    Time delay{MicroSeconds(10)}; //!< CSMA channel delay
    bool checksums{true};         //!< ChecksumEnabled
    bool dad{true};               //!< Icmpv6L4Protocol::DAD
    uint32_t routers{0};          //!< the first `routers` nodes run the router part
    std::string pcapPrefix;       //!< non-empty: write pcaps with this prefix
};

/// A CSMA LAN of IPv6 nodes with MLD installed on interface 1 of each.
struct Lan
{
    NodeContainer nodes;        //!< all nodes (routers first)
    NetDeviceContainer devices; //!< their CSMA devices
    Ptr<CsmaChannel> channel;   //!< the channel

    /// MldProtocol of node i.
    Ptr<MldProtocol> Mld(uint32_t i) const;
    /// Link-local address of node i (interface 1).
    Ipv6Address LinkLocal(uint32_t i) const;
};

/**
 * Build a LAN. Call RngSeedManager::SetSeed/SetRun before if needed.
 * Installs MLD with the given helper (its attributes apply).
 */
Lan MakeLan(const LanOptions& options, MldHelper helper = MldHelper());

/// Fields of a forged MLD packet, with sane defaults for a valid v1 report.
struct Forge
{
    Ipv6Address source{"fe80::99"};     //!< IPv6 source
    Ipv6Address destination{"ff02::1"}; //!< IPv6 destination
    uint8_t hopLimit{1};                //!< hop limit
    bool routerAlert{true};             //!< add the Hop-by-Hop Router Alert
    uint8_t type{131};                  //!< ICMPv6 type
    uint8_t code{0};                    //!< ICMPv6 code
    uint16_t maxDelay{0};               //!< Maximum Response Delay
    uint16_t reserved{0};               //!< Reserved field (octets 6-7)
    Ipv6Address group{"ff02::1"};       //!< Multicast Address field
    std::vector<uint8_t> extra;         //!< bytes appended after the 24-octet message
    int32_t truncateTo{-1};             //!< >= 0: keep only this many ICMPv6 octets
    bool goodChecksum{true};            //!< write a correct checksum (else a wrong one)
};

/// Build the IPv6 packet (IPv6 header included) described by a Forge.
Ptr<Packet> BuildForged(const Forge& f);

/// Put an MLD message (a packet holding an MLD header, checksum set) behind an IPv6 header
/// (hop limit 1) and a Hop-by-Hop Router Alert for MLD.
Ptr<Packet> WrapMld(Ptr<Packet> message, Ipv6Address source, Ipv6Address destination);

/// Hand a forged packet to a node's MLD as if received on interface 1.
void Inject(Ptr<Node> node, const Forge& f);

/// Every packet of a pcap file: the bytes after the link-layer header (Ethernet), in order.
/// A file that cannot be opened fails the calling test case.
std::vector<std::vector<uint8_t>> ReadPcapIpv6(const std::string& path);

/// Path of the Linux captures, test/data: the MLD_TRACES_DIR compile definition of the
/// standalone build, or what SetTracesDir() set (ns-3's test-runner, mld-test-suite.cc).
std::string TracesDir();

/// \param dir the folder TracesDir() returns from now on
void SetTracesDir(const std::string& dir);

/// Whole file as bytes.
std::vector<uint8_t> ReadFileBytes(const std::string& path);

// ---- Networks of CSMA LANs with sources, receivers and the logs of what routers do
// (the scenario and proxy suites).

/// Nodes on CSMA LANs, IPv6 only, with the routing MLD needs; no MLD yet.
struct Topology
{
    NodeContainer nodes;                     //!< every node
    std::vector<Ipv6InterfaceContainer> lan; //!< the addresses of each LAN's interfaces
};

/**
 * \brief Build CSMA LANs (100 Mb/s, 6560 ns, as the examples): LAN i is
 * 2001:db8:<a + i>::/64. A node's IPv6 interfaces follow the order of the LANs it is on.
 * \param count number of nodes
 * \param lans the nodes of each LAN, by index
 * \return the topology
 */
Topology MakeTopology(uint32_t count, const std::vector<std::vector<uint32_t>>& lans);

/// A source that sends `rate` packets per second to a group from start to stop (OnOff, as the
/// examples), out of its interface 1, to UDP port `port`.
void AddSource(Ptr<Node> node,
               Ipv6Address group,
               Time start,
               Time stop,
               uint16_t port = 9,
               uint32_t rate = 10);

/// An MldReceiver on interface 1 from start to stop.
Ptr<MldReceiver> AddReceiver(Ptr<Node> node,
                             Ipv6Address group,
                             Time start,
                             Time stop,
                             uint16_t port = 9);

/// A copy of data a router forwarded (MldRouting Forward).
struct DataCopy
{
    Time time;          //!< when
    uint32_t node;      //!< the router's node id
    uint32_t in;        //!< arrival interface
    uint32_t out;       //!< output interface
    Ipv6Address group;  //!< destination
    Ipv6Address source; //!< IPv6 source
};

/// A query a router sent, read back from its Ipv6L3Protocol Tx trace.
struct Query
{
    Time time;                     //!< when
    uint32_t interface;            //!< output interface
    bool v2;                       //!< MLDv2 (else MLDv1)
    Ipv6Address group;             //!< :: for a General Query
    std::set<Ipv6Address> sources; //!< MLDv2 source list
};

/// An address record of an MLDv2 report a node sent (MldProtocol V2ReportTx).
struct Record
{
    Time time;                     //!< when
    uint32_t node;                 //!< node id
    std::string type;              //!< IS_IN, IS_EX, TO_IN, TO_EX, ALLOW, BLOCK
    Ipv6Address group;             //!< group
    std::set<Ipv6Address> sources; //!< sources
};

/**
 * Per-case fixture: seeds like SeededSimulationFixture, holds the logs that trace sinks
 * write to, and destroys the simulation before them (disposal may fire traces).
 */
struct ScenarioFixture : public SeededSimulationFixture
{
    ~ScenarioFixture()
    {
        Simulator::Destroy();
    }

    /// Follow a router's forwarding and the queries it sends.
    void WatchRouter(Ptr<Node> router)
    {
        router->GetObject<MldProtocol>()->GetRouting()->TraceConnectWithoutContext(
            "Forward",
            MakeBoundCallback(&ScenarioFixture::OnForward, this, router->GetId()));
        router->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
            "Tx",
            MakeBoundCallback(&ScenarioFixture::OnIpTx, this));
    }

    /// Follow the MLDv2 reports a node sends.
    void WatchReports(Ptr<Node> node)
    {
        node->GetObject<MldProtocol>()->TraceConnectWithoutContext(
            "V2ReportTx",
            MakeBoundCallback(&ScenarioFixture::OnV2ReportTx, this, node->GetId()));
    }

    /// Copies onto an interface for a group (and a source, unless ::), in [from, to).
    std::vector<Time> Copies(uint32_t out,
                             Ipv6Address group,
                             Ipv6Address source = Ipv6Address::GetAny(),
                             Time from = Seconds(0),
                             Time to = Seconds(1e6)) const
    {
        std::vector<Time> times;
        for (const DataCopy& c : copies)
        {
            if (c.out == out && c.group == group && (source.IsAny() || c.source == source) &&
                c.time >= from && c.time < to)
            {
                times.push_back(c.time);
            }
        }
        return times;
    }

    /// Queries sent on an interface for a group (:: General Queries) in [from, to).
    std::vector<Query> Queries(uint32_t interface, Ipv6Address group, Time from, Time to) const
    {
        std::vector<Query> out;
        for (const Query& q : queries)
        {
            if (q.interface == interface && q.group == group && q.time >= from && q.time < to)
            {
                out.push_back(q);
            }
        }
        return out;
    }

    /// Records a node sent for a group, of a type (empty: any).
    std::vector<Record> Records(uint32_t node, Ipv6Address group, std::string type = "") const
    {
        std::vector<Record> out;
        for (const Record& r : records)
        {
            if (r.node == node && r.group == group && (type.empty() || r.type == type))
            {
                out.push_back(r);
            }
        }
        return out;
    }

    MessageLog messages;          //!< MLD messages sent and received
    std::vector<DataCopy> copies; //!< forwarded data
    std::vector<Query> queries;   //!< queries sent
    std::vector<Record> records;  //!< MLDv2 records sent
    std::ostringstream output;    //!< what an MldTraceLogger printed

  private:
    static void OnForward(ScenarioFixture* f,
                          uint32_t node,
                          const Ipv6Header& header,
                          Ptr<const Packet> packet,
                          uint32_t in,
                          uint32_t out)
    {
        f->copies.push_back(
            {Simulator::Now(), node, in, out, header.GetDestination(), header.GetSource()});
    }

    static void OnIpTx(ScenarioFixture* f,
                       Ptr<const Packet> packet,
                       Ptr<Ipv6> ipv6,
                       uint32_t interface)
    {
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        MldMessage::Info info = MldMessage::Inspect(bytes.data(), bytes.size(), false);
        if (info.kind != MldMessage::V1_QUERY && info.kind != MldMessage::V2_QUERY)
        {
            return;
        }
        Query q{Simulator::Now(), interface, info.kind == MldMessage::V2_QUERY, info.group, {}};
        if (q.v2)
        {
            MldV2QueryHeader header;
            Create<Packet>(bytes.data() + info.icmpOffset, info.icmpLength)->RemoveHeader(header);
            q.sources.insert(header.GetSources().begin(), header.GetSources().end());
        }
        f->queries.push_back(q);
    }

    static void OnV2ReportTx(ScenarioFixture* f,
                             uint32_t node,
                             uint32_t interface,
                             const MldV2ReportHeader& report,
                             Ipv6Address source)
    {
        for (const MldAddressRecord& r : report.GetRecords())
        {
            f->records.push_back({Simulator::Now(),
                                  node,
                                  MldAddressRecord::ShortName(r.type),
                                  r.group,
                                  {r.sources.begin(), r.sources.end()}});
        }
    }
};

} // namespace mldtest

#endif /* MLD_TEST_UTIL_H */
