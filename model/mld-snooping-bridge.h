/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_SNOOPING_BRIDGE_H
#define MLD_SNOOPING_BRIDGE_H

#include "mld-header.h"
#include "mld-types.h"

#include "ns3/bridge-channel.h"
#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <array>
#include <map>
#include <ostream>
#include <set>
#include <vector>

namespace ns3
{

class Node;

/**
 * \ingroup mld
 * \brief One line of the snooping bridge's multicast database, as `bridge mdb show`
 * prints it: a port's state for a group, or one source of that state.
 */
struct MldSnoopingMdbEntry
{
    Ipv6Address group;                     //!< the group
    uint32_t port{0};                      //!< the bridge port (index of AddBridgePort order)
    Ipv6Address source;                    //!< a source, or :: for the port's group line
    bool exclude{true};                    //!< the port's filter mode (EXCLUDE, else INCLUDE)
    Time timer;                            //!< time left: group timer, or source timer
    MldVersion version{MldVersion::MLDV2}; //!< last report version heard for the entry
};

/**
 * \ingroup mld
 * \brief Counters of a snooping bridge.
 */
struct MldSnoopingStatistics
{
    uint64_t queries{0};     //!< queries snooped (flooded)
    uint64_t reports{0};     //!< reports and dones snooped (sent to router ports)
    uint64_t dataSnooped{0}; //!< IPv6 multicast data frames forwarded by the MDB
    uint64_t dataFlooded{0}; //!< multicast frames flooded (link scope, no querier, not IPv6)
    uint64_t copiesSent{0};  //!< frame copies sent out of ports for multicast frames
    uint64_t malformed{0};   //!< MLD messages with integrity errors: not used, not sent on
    uint64_t queriesSent{0}; //!< queries the bridge sent as snooping querier (one per packet
                             //!< built, whatever the number of ports it went out of)
    std::array<uint64_t, static_cast<size_t>(MldDropReason::COUNT)> drops{}; //!< by reason
};

/**
 * \ingroup mld
 * \brief A bridge (like BridgeNetDevice) that snoops MLD (RFC 4541) and forwards IPv6
 * multicast data only to the ports with listeners and to router ports.
 *
 * Unicast and broadcast frames are bridged as BridgeNetDevice does (MAC learning, flooding
 * of unknown destinations). Every IPv6 multicast frame is classified by MldInput::Decode,
 * the module's one MLD parser:
 * - queries are flooded; their arrival port becomes a router port, and a querier is known
 *   to be present, for OtherQuerierPresentInterval;
 * - reports and dones are learnt from and sent to router ports only (RFC 4541 §2.1.1);
 * - MLD messages with integrity errors (truncated, bad length, bad checksum, counts past the
 *   end) are counted and neither used nor sent on (RFC 4541 §2.1.1 (4)); other invalid MLD
 *   messages are counted, not learnt from, and sent on as their type says; unrecognized
 *   MLD types are flooded (RFC 4541 §2.1.1 (3));
 * - data: to the member ports whose filter lets its source through and to the router
 *   ports, never out of its arrival port; link-scope groups (ff02::/16, or only ff02::1 with
 *   FloodLinkScope false) are flooded; a group without listeners is flooded while no querier
 *   is present (FloodUnknownWithoutQuerier), else sent to router ports only.
 *
 * The MDB keeps, for each group and port, the router-side state of RFC 9777 §7 (filter mode,
 * group timer, sources with timers), updated by the tables of RFC 9777 §7.4 with MLDv1
 * messages mapped as §8.3.2 says. Where a router would send a query (Q(MA), Q(MA,S)), the
 * bridge lowers the timers to LastListenerQueryCount × LastListenerQueryInterval and waits
 * for the querier's queries, as Linux's bridge does when it is not the querier; on a
 * fast-leave port it removes the state at once.
 *
 * Snooping querier (RFC 4541 §2.1.1, Linux's mcast_querier), with the Querier attribute:
 * the bridge builds MLDv1 or MLDv2 (QuerierVersion) queries itself, from the node's IPv6
 * link-local address on the bridge device or else a link-local address made from the
 * bridge's MAC address (EUI-64). General queries (StartupQueryCount at
 * StartupQueryInterval, then every QueryInterval) go out of every port whose link is up and
 * to the node's own stack; after a leave, LastListenerQueryCount Multicast-Address-Specific
 * (and, MLDv2, Multicast-Address-and-Source-Specific) queries go out of the leave's port.
 * A query heard from a lower address makes the bridge a non-querier until
 * OtherQuerierPresentInterval passes without one (RFC 2710 §5, RFC 9777 §7.6.2).
 *
 * Port links: on a port's link going down its MDB state and router port state go (Linux's
 * br_multicast_disable_port) and nothing is sent out of it; on its coming up, the querier
 * sends its startup queries out of it (Linux's br_multicast_enable_port).
 */
class MldSnoopingBridgeNetDevice : public NetDevice
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    MldSnoopingBridgeNetDevice();
    ~MldSnoopingBridgeNetDevice() override;

    MldSnoopingBridgeNetDevice(const MldSnoopingBridgeNetDevice&) = delete;
    MldSnoopingBridgeNetDevice& operator=(const MldSnoopingBridgeNetDevice&) = delete;

    /**
     * \brief Add a port, as BridgeNetDevice::AddBridgePort.
     * \param port a device on the same node, with 48-bit addresses and SendFrom
     * \return the port's index
     */
    uint32_t AddBridgePort(Ptr<NetDevice> port);
    /// \return the number of ports
    uint32_t GetNBridgePorts() const;
    /**
     * \param n a port index
     * \return that port
     */
    Ptr<NetDevice> GetBridgePort(uint32_t n) const;

    /**
     * \brief Fast leave on a port (Linux's multicast_fast_leave): a leave removes the port's
     * state at once instead of waiting for the querier's queries. For ports with one host.
     * \param port a port index
     * \param enable on or off
     */
    void SetFastLeave(uint32_t port, bool enable);
    /**
     * \brief Make a port a router port by hand (Linux's multicast_router 2), or give it back
     * to learning from queries.
     * \param port a port index
     * \param isStatic true: a router port for good; false: learnt from queries again
     */
    void SetStaticRouterPort(uint32_t port, bool isStatic);
    /// \return the router ports, in index order
    std::vector<uint32_t> GetRouterPorts() const;
    /**
     * \return true while a querier has been heard within OtherQuerierPresentInterval, or
     *         while the bridge is the querier and QueryResponseInterval has passed since it
     *         started (Linux's br_multicast_querier_exists)
     */
    bool IsQuerierPresent() const;
    /// \return true while the bridge is the snooping querier (Querier on, no lower querier)
    bool IsQuerier() const;
    /**
     * \return the address the bridge's own queries come from: the node's link-local
     *         address on the bridge device, else one made from the bridge's MAC (EUI-64)
     */
    Ipv6Address GetQuerierSource() const;
    /**
     * \param port a port index
     * \return true if the port's link is up, as the bridge last saw it
     */
    bool IsPortUp(uint32_t port) const;

    /// \return every line of the MDB, by group, port and source
    std::vector<MldSnoopingMdbEntry> GetMdb() const;
    /**
     * \brief Print the MDB as `bridge -d -s mdb show` does, then the router ports.
     * \param os output stream
     */
    void PrintMdb(std::ostream& os) const;
    /**
     * \param group a group
     * \param source a source (:: for any)
     * \return the ports a data frame from \p source to \p group goes out of, for a frame
     *         that arrives on no port (the decision Forward makes, arrival port aside)
     */
    std::vector<uint32_t> GetOutputPorts(Ipv6Address group, Ipv6Address source) const;
    /// \return the counters
    const MldSnoopingStatistics& GetStatistics() const;

    /**
     * TracedCallback signature for MDB changes.
     * \param group the group
     * \param port the port index
     */
    typedef void (*MdbTracedCallback)(Ipv6Address group, uint32_t port);
    /**
     * TracedCallback signature for router port changes.
     * \param port the port index
     */
    typedef void (*RouterPortTracedCallback)(uint32_t port);
    /**
     * TracedCallback signature for drops.
     * \param port the arrival port
     * \param reason why
     */
    typedef void (*DropTracedCallback)(uint32_t port, MldDropReason reason);
    /**
     * TracedCallback signature for querier state changes.
     * \param isQuerier true: the bridge now queries; false: it stopped
     * \param querier the querier's address: the bridge's own, or the lower one it heard
     *        (:: when the Querier attribute is turned off)
     */
    typedef void (*QuerierTracedCallback)(bool isQuerier, Ipv6Address querier);
    /**
     * TracedCallback signature for the queries the bridge sends.
     * \param packet the IPv6 packet (IPv6 header, Hop-by-Hop Router Alert, MLD query)
     * \param port the port it goes out of, or ALL_PORTS for a general query sent out of
     *        every port whose link is up (and to the node's own stack)
     */
    typedef void (*QuerySentTracedCallback)(Ptr<const Packet> packet, uint32_t port);

    /// The port argument of QuerySent for a query sent out of every port.
    static constexpr uint32_t ALL_PORTS = 0xffffffff;

    // NetDevice
    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    Ptr<Channel> GetChannel() const override;
    void SetAddress(Address address) override;
    Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    bool IsLinkUp() const override;
    void AddLinkChangeCallback(Callback<void> callback) override;
    bool IsBroadcast() const override;
    Address GetBroadcast() const override;
    bool IsMulticast() const override;
    Address GetMulticast(Ipv4Address multicastGroup) const override;
    Address GetMulticast(Ipv6Address addr) const override;
    bool IsPointToPoint() const override;
    bool IsBridge() const override;
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    bool SendFrom(Ptr<Packet> packet,
                  const Address& source,
                  const Address& dest,
                  uint16_t protocolNumber) override;
    Ptr<Node> GetNode() const override;
    void SetNode(Ptr<Node> node) override;
    bool NeedsArp() const override;
    void SetReceiveCallback(NetDevice::ReceiveCallback cb) override;
    void SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb) override;
    bool SupportsSendFrom() const override;

  protected:
    void DoDispose() override;
    void DoInitialize() override;

  private:
    /// A port's router-side state for one group (RFC 9777 §7.2).
    struct PortGroup
    {
        bool exclude{false};                   //!< filter mode
        Time groupExpiry;                      //!< group timer, as an absolute time
        std::map<Ipv6Address, Time> sources;   //!< source timers (absolute; past: excluded)
        MldVersion version{MldVersion::MLDV2}; //!< version of the last report
        Time olderHostExpiry; //!< Older Version Host Present timer (RFC 9777 §8.3.2), absolute
        EventId timer;        //!< the next expiry of this state
        EventId groupQuery;   //!< querier: the next Multicast-Address-Specific Query
        EventId sourceQuery;  //!< querier: the next Multicast-Address-and-Source-Specific one
    };

    /// A router port.
    struct RouterPort
    {
        bool isStatic{false}; //!< configured by hand
        Time expiry;          //!< learnt: when it ages out
        EventId timer;        //!< learnt: the ageing event
    };

    /// A unicast MAC address learnt on a port.
    struct Learned
    {
        uint32_t port{0}; //!< where it was seen
        Time expiry;      //!< when it ages out
    };

    /**
     * \brief The receive callback of every port.
     * \param device the port
     * \param packet the frame's payload
     * \param protocol the EtherType
     * \param src source MAC
     * \param dst destination MAC
     * \param packetType the kind of destination
     */
    void ReceiveFromDevice(Ptr<NetDevice> device,
                           Ptr<const Packet> packet,
                           uint16_t protocol,
                           const Address& src,
                           const Address& dst,
                           PacketType packetType);
    /**
     * \brief Bridge a multicast or broadcast frame (also one the node sends: \p in = none).
     * \param in arrival port index, or NO_PORT
     * \param packet the payload
     * \param protocol EtherType
     * \param src source MAC
     * \param dst destination MAC
     */
    void ForwardMulticast(uint32_t in,
                          Ptr<const Packet> packet,
                          uint16_t protocol,
                          Mac48Address src,
                          Mac48Address dst);
    /**
     * \brief Bridge a unicast frame by the MAC learning table.
     * \param in arrival port index, or NO_PORT
     * \param packet the payload
     * \param protocol EtherType
     * \param src source MAC
     * \param dst destination MAC
     */
    void ForwardUnicast(uint32_t in,
                        Ptr<const Packet> packet,
                        uint16_t protocol,
                        Mac48Address src,
                        Mac48Address dst);
    /**
     * \brief Send copies out of ports.
     * \param ports the port indexes (the arrival port is skipped)
     * \param in arrival port index, or NO_PORT
     * \param packet the payload
     * \param protocol EtherType
     * \param src source MAC
     * \param dst destination MAC
     * \return the number of copies sent
     */
    uint32_t SendOut(const std::vector<uint32_t>& ports,
                     uint32_t in,
                     Ptr<const Packet> packet,
                     uint16_t protocol,
                     Mac48Address src,
                     Mac48Address dst);
    /// \return every port index
    std::vector<uint32_t> AllPorts() const;
    /**
     * \brief The forwarding decision for IPv6 multicast data (RFC 4541 §2.1.2, §3).
     * \param group the destination group
     * \param source the IPv6 source (:: for any)
     * \param flooded set to true when the frame is flooded
     * \return the output ports, arrival port not yet taken out
     */
    std::vector<uint32_t> DataPorts(Ipv6Address group, Ipv6Address source, bool& flooded) const;
    /**
     * \brief Learn from a snooped query (RFC 4541 §2.1.1: router ports; Linux's
     * br_ip6_multicast_query: timers of a group-specific query's group lowered).
     * \param in arrival port
     * \param group the query's group (:: for a general query)
     * \param maxResponseDelay the query's Maximum Response Delay
     * \param suppress the MLDv2 S flag
     * \param sourceSpecific an MLDv2 query with sources
     */
    void SnoopQuery(uint32_t in,
                    Ipv6Address group,
                    Time maxResponseDelay,
                    bool suppress,
                    bool sourceSpecific);
    /**
     * \brief Apply one record (RFC 9777 §7.4; MLDv1 messages as §8.3.2 maps them) to the
     * state of a port.
     * \param port the port index
     * \param type the record type
     * \param group the group
     * \param sources the record's sources
     * \param version the version of the message
     */
    void ApplyRecord(uint32_t port,
                     uint8_t type,
                     Ipv6Address group,
                     const std::vector<Ipv6Address>& sources,
                     MldVersion version);
    /**
     * \brief The bridge's answer to a Q(MA) or Q(MA,S) of RFC 9777 §7.4: lower the timers
     * (or, on a fast-leave port, expire them), and as the querier send the queries.
     * \param group the group
     * \param port the port index
     * \param state the port's state
     * \param sources the sources to lower; nullptr: the group timer
     */
    void LowerTimers(Ipv6Address group,
                     uint32_t port,
                     PortGroup& state,
                     const std::set<Ipv6Address>* sources);
    /**
     * \brief Expire what is due in a port's state, remove it when empty, else schedule the
     * next expiry (RFC 9777 §7.2.2, §7.5).
     * \param group the group
     * \param port the port index
     */
    void Refresh(Ipv6Address group, uint32_t port);
    /**
     * \brief Remove a port's state for a group.
     * \param group the group
     * \param port the port index
     */
    void RemoveState(Ipv6Address group, uint32_t port);
    /**
     * \brief Make a port a learnt router port for OtherQuerierPresentInterval more.
     * \param port the port index
     */
    void MarkRouterPort(uint32_t port);
    /**
     * \brief A learnt router port ages out.
     * \param port the port index
     */
    void ExpireRouterPort(uint32_t port);
    /**
     * \param state a port's state
     * \param source a data source
     * \return true if the state lets data from \p source through (RFC 9777 §7.2)
     */
    static bool Admits(const PortGroup& state, Ipv6Address source);
    /**
     * \param group a group
     * \return true for the groups always flooded: ff02::1, and all of ff02::/16 with
     *         FloodLinkScope
     */
    bool IsFlooded(Ipv6Address group) const;
    /**
     * \brief Count a drop and fire the trace.
     * \param port the arrival port
     * \param reason why
     */
    void CountDrop(uint32_t port, MldDropReason reason);
    /**
     * \param device a port device
     * \return its index
     */
    uint32_t PortIndex(Ptr<NetDevice> device) const;

    /**
     * \brief The Querier attribute's setter: start or stop the snooping querier.
     * \param enable on or off
     */
    void SetQuerierEnabled(bool enable);
    /// \return the Querier attribute
    bool GetQuerierEnabled() const;
    /**
     * \brief Become the querier, unless a lower querier is present, and send the startup
     * queries (RFC 9777 §7.6.1; Linux's br_multicast_start_querier).
     */
    void StartQuerier();
    /**
     * \brief Stop querying.
     * \param querier the address of the querier that takes over (:: for none)
     */
    void StopQuerier(Ipv6Address querier);
    /// \brief The general query timer: send one, then rearm (startup or query interval).
    void GeneralQueryTimer();
    /**
     * \brief The Other Querier Present timer expired: start querying again (RFC 9777
     * §7.6.2; Linux's br_multicast_querier_expired).
     */
    void OtherQuerierExpired();
    /**
     * \brief Querier election on a snooped query (RFC 2710 §5, RFC 9777 §7.6.2).
     * \param source the query's IPv6 source
     */
    void HearQuerier(Ipv6Address source);
    /**
     * \brief Build a query: IPv6 header (hop limit 1), Hop-by-Hop Router Alert, MLD query
     * of QuerierVersion with its checksum.
     * \param group the group (:: for a general query)
     * \param sources the sources (MLDv2 only)
     * \param maxDelay the Maximum Response Delay
     * \return the IPv6 packet
     */
    Ptr<Packet> BuildQuery(Ipv6Address group,
                           const std::vector<Ipv6Address>& sources,
                           Time maxDelay) const;
    /**
     * \brief Send an IPv6 packet the bridge built out of one port, or out of every port and
     * to the node's stack.
     * \param packet the IPv6 packet
     * \param port a port index, or ALL_PORTS
     */
    void SendQuery(Ptr<Packet> packet, uint32_t port);
    /**
     * \brief A Multicast-Address-Specific Query out of a port, then LastListenerQueryCount
     * - 1 more at LastListenerQueryInterval while the port's state lasts (RFC 9777 §7.6.3;
     * Linux's __grp_send_query_and_rexmit).
     * \param group the group
     * \param port the port index
     * \param left queries left to send, this one included
     */
    void GroupQuery(Ipv6Address group, uint32_t port, uint32_t left);
    /**
     * \brief The same for a Multicast-Address-and-Source-Specific Query (MLDv2): the
     * sources whose timers are still lowered are queried.
     * \param group the group
     * \param port the port index
     * \param sources the sources
     * \param left queries left to send, this one included
     */
    void SourceQuery(Ipv6Address group,
                     uint32_t port,
                     std::set<Ipv6Address> sources,
                     uint32_t left);
    /// \brief A port's link changed (any port): compare every port with what was known.
    void PortLinkChanged();
    /**
     * \brief A port's link went down: its MDB and router port state go (Linux's
     * br_multicast_disable_port).
     * \param port the port index
     */
    void PortDown(uint32_t port);
    /**
     * \brief A port's link came up: a static router port is one again, and the querier
     * sends its startup queries out of it (Linux's br_multicast_enable_port).
     * \param port the port index
     */
    void PortUp(uint32_t port);
    /**
     * \brief One of a port's startup queries.
     * \param port the port index
     * \param left queries left to send, this one included
     */
    void PortStartupQuery(uint32_t port, uint32_t left);

    /// No port: a frame the bridge's own node sends.
    static constexpr uint32_t NO_PORT = 0xffffffff;

    Ptr<Node> m_node;                                      //!< the node
    Ptr<BridgeChannel> m_channel;                          //!< the bridged channel
    std::vector<Ptr<NetDevice>> m_ports;                   //!< the ports
    std::vector<bool> m_fastLeave;                         //!< fast leave, by port
    std::vector<bool> m_portUp;                            //!< link state, by port
    std::vector<bool> m_staticRouter;                      //!< static router port, by port
    std::vector<EventId> m_portStartup;                    //!< per-port startup queries
    Mac48Address m_address;                                //!< the bridge's address
    uint32_t m_ifIndex{0};                                 //!< interface index
    uint16_t m_mtu{1500};                                  //!< MTU
    NetDevice::ReceiveCallback m_rxCallback;               //!< up the stack
    NetDevice::PromiscReceiveCallback m_promiscRxCallback; //!< promiscuous up the stack
    std::map<Mac48Address, Learned> m_learnt;              //!< MAC learning table

    std::map<Ipv6Address, std::map<uint32_t, PortGroup>> m_mdb; //!< the MDB
    std::map<uint32_t, RouterPort> m_routerPorts;               //!< the router ports
    Time m_querierExpiry;                                       //!< a querier is present until
    MldSnoopingStatistics m_stats;                              //!< counters

    bool m_started{false};        //!< DoInitialize has run
    bool m_isQuerier{false};      //!< the bridge is the querier now
    uint32_t m_startupSent{0};    //!< startup general queries sent
    Time m_ownQuerierPresentFrom; //!< when the own querier counts as present
    EventId m_generalQueryTimer;  //!< the next general query
    EventId m_otherQuerierTimer;  //!< Other Querier Present timer
    Ipv6Address m_otherQuerier;   //!< the lower querier heard (:: for none)

    // Attributes
    bool m_enableLearning;             //!< MAC learning
    Time m_macExpiration;              //!< MAC learning lifetime
    bool m_snooping;                   //!< snooping on (else flood like BridgeNetDevice)
    Time m_listenerInterval;           //!< Multicast Listener Interval (MALI)
    Time m_otherQuerierInterval;       //!< Other Querier Present Interval, router port ageing
    uint32_t m_lastListenerQueryCount; //!< LLQC (Linux last_member_count)
    Time m_lastListenerQueryInterval;  //!< LLQI (Linux last_member_interval)
    bool m_floodUnknownWithoutQuerier; //!< flood unregistered groups while no querier
    bool m_floodLinkScope;             //!< flood all of ff02::/16 (else only ff02::1)
    bool m_querier{false};             //!< snooping querier on (Linux's mcast_querier)
    uint8_t m_querierVersion;          //!< 1: MLDv1 queries, 2: MLDv2 (mcast_mld_version)
    Time m_queryInterval;              //!< Query Interval
    Time m_queryResponseInterval;      //!< Query Response Interval
    Time m_startupQueryInterval;       //!< Startup Query Interval
    uint32_t m_startupQueryCount;      //!< Startup Query Count
    uint32_t m_robustness;             //!< Robustness Variable (QRV of MLDv2 queries)

    TracedCallback<Ipv6Address, uint32_t> m_mdbAddTrace;      //!< a port joins a group
    TracedCallback<Ipv6Address, uint32_t> m_mdbRemoveTrace;   //!< a port leaves a group
    TracedCallback<uint32_t> m_routerAddTrace;                //!< a port becomes a router port
    TracedCallback<uint32_t> m_routerRemoveTrace;             //!< a router port ages out
    TracedCallback<uint32_t, MldDropReason> m_dropTrace;      //!< a bad MLD message
    TracedCallback<bool, Ipv6Address> m_querierTrace;         //!< querier state changes
    TracedCallback<Ptr<const Packet>, uint32_t> m_queryTrace; //!< a query the bridge sent
};

} // namespace ns3

#endif /* MLD_SNOOPING_BRIDGE_H */
