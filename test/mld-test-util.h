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

} // namespace mldtest

#endif /* MLD_TEST_UTIL_H */
