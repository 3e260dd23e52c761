/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-snooping-bridge.h"

#include "mld-input.h"
#include "mld-ns3-compat.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/ipv6-extension-header.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-interface-address.h"
#include "ns3/ipv6-option-header.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <iomanip>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldSnoopingBridgeNetDevice");

NS_OBJECT_ENSURE_REGISTERED(MldSnoopingBridgeNetDevice);

namespace
{

/// EtherType of IPv6.
constexpr uint16_t IPV6_ETHERTYPE = 0x86dd;
/// Size of the fixed IPv6 header.
constexpr uint32_t IPV6_HEADER_SIZE = 40;

/**
 * \param reason a drop reason of MldInput::Decode
 * \return true for the integrity errors of RFC 4541 §2.1.1 (4): the message cannot be
 *         trusted, so it is neither used nor sent on
 */
bool
IsIntegrityError(MldDropReason reason)
{
    return reason == MldDropReason::TOO_SHORT || reason == MldDropReason::BAD_LENGTH ||
           reason == MldDropReason::BAD_CHECKSUM || reason == MldDropReason::SOURCE_OVERRUN;
}

} // namespace

TypeId
MldSnoopingBridgeNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MldSnoopingBridgeNetDevice")
            .SetParent<NetDevice>()
            .SetGroupName("Mld")
            .AddConstructor<MldSnoopingBridgeNetDevice>()
            .AddAttribute("Mtu",
                          "The MAC-level Maximum Transmission Unit",
                          UintegerValue(1500),
                          MakeUintegerAccessor(&MldSnoopingBridgeNetDevice::SetMtu,
                                               &MldSnoopingBridgeNetDevice::GetMtu),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("EnableLearning",
                          "Learn the ports of unicast MAC addresses (as BridgeNetDevice)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MldSnoopingBridgeNetDevice::m_enableLearning),
                          MakeBooleanChecker())
            .AddAttribute("ExpirationTime",
                          "Lifetime of a learnt unicast MAC address (as BridgeNetDevice)",
                          TimeValue(Seconds(300)),
                          MakeTimeAccessor(&MldSnoopingBridgeNetDevice::m_macExpiration),
                          MakeTimeChecker())
            .AddAttribute("Snooping",
                          "Snoop MLD and forward IPv6 multicast by the MDB (false: flood every "
                          "multicast frame, as BridgeNetDevice; Linux's multicast_snooping)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MldSnoopingBridgeNetDevice::m_snooping),
                          MakeBooleanChecker())
            .AddAttribute("MulticastListenerInterval",
                          "How long a report keeps a port a member: Robustness x Query Interval "
                          "+ Query Response Interval (RFC 2710 §7.4, RFC 9777 §9.4; Linux's "
                          "multicast_membership_interval)",
                          TimeValue(Seconds(260)),
                          MakeTimeAccessor(&MldSnoopingBridgeNetDevice::m_listenerInterval),
                          MakeTimeChecker())
            .AddAttribute("OtherQuerierPresentInterval",
                          "How long a query keeps its port a router port and the querier known "
                          "present (RFC 9777 §9.5; Linux's multicast_querier_interval)",
                          TimeValue(Seconds(255)),
                          MakeTimeAccessor(&MldSnoopingBridgeNetDevice::m_otherQuerierInterval),
                          MakeTimeChecker())
            .AddAttribute(
                "LastListenerQueryCount",
                "Queries the querier sends after a leave (RFC 9777 §9.14; Linux's "
                "multicast_last_member_count)",
                UintegerValue(2),
                MakeUintegerAccessor(&MldSnoopingBridgeNetDevice::m_lastListenerQueryCount),
                MakeUintegerChecker<uint32_t>(1))
            .AddAttribute(
                "LastListenerQueryInterval",
                "Their interval (RFC 9777 §9.8; Linux's multicast_last_member_interval)",
                TimeValue(Seconds(1)),
                MakeTimeAccessor(&MldSnoopingBridgeNetDevice::m_lastListenerQueryInterval),
                MakeTimeChecker())
            .AddAttribute(
                "FloodUnknownWithoutQuerier",
                "While no querier is present, flood data for groups no port has "
                "joined (else: router ports only, RFC 4541 §2.1.2 (3))",
                BooleanValue(true),
                MakeBooleanAccessor(&MldSnoopingBridgeNetDevice::m_floodUnknownWithoutQuerier),
                MakeBooleanChecker())
            .AddAttribute("FloodLinkScope",
                          "Flood every group of link scope or narrower (ff02::/16, ff12::/16 ...); "
                          "false: flood only ff02::1 and snoop the others (RFC 4541 §3, Linux)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MldSnoopingBridgeNetDevice::m_floodLinkScope),
                          MakeBooleanChecker())
            .AddAttribute("Querier",
                          "Be the snooping querier (RFC 4541 §2.1.1; Linux's mcast_querier): "
                          "send queries while no querier with a lower address is heard",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MldSnoopingBridgeNetDevice::SetQuerierEnabled,
                                              &MldSnoopingBridgeNetDevice::GetQuerierEnabled),
                          MakeBooleanChecker())
            .AddAttribute("QuerierVersion",
                          "Version of the snooping querier's queries, 1 (MLDv1) or 2 (MLDv2) "
                          "(Linux's mcast_mld_version)",
                          UintegerValue(2),
                          MakeUintegerAccessor(&MldSnoopingBridgeNetDevice::m_querierVersion),
                          MakeUintegerChecker<uint8_t>(1, 2))
            .AddAttribute("QueryInterval",
                          "Interval of the querier's general queries (RFC 9777 §9.2; Linux's "
                          "mcast_query_interval)",
                          TimeValue(Seconds(125)),
                          MakeTimeAccessor(&MldSnoopingBridgeNetDevice::m_queryInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("QueryResponseInterval",
                          "Maximum Response Delay of the querier's general queries (RFC 9777 §9.3; "
                          "Linux's mcast_query_response_interval)",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&MldSnoopingBridgeNetDevice::m_queryResponseInterval),
                          MakeTimeChecker())
            .AddAttribute(
                "StartupQueryInterval",
                "Interval of the querier's startup general queries (RFC 9777 §9.6; Linux's "
                "mcast_startup_query_interval)",
                TimeValue(MilliSeconds(31250)),
                MakeTimeAccessor(&MldSnoopingBridgeNetDevice::m_startupQueryInterval),
                MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("StartupQueryCount",
                          "Number of startup general queries (RFC 9777 §9.7; Linux's "
                          "mcast_startup_query_count)",
                          UintegerValue(2),
                          MakeUintegerAccessor(&MldSnoopingBridgeNetDevice::m_startupQueryCount),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("Robustness",
                          "Robustness Variable, sent as the QRV of MLDv2 queries (RFC 9777 §9.1)",
                          UintegerValue(2),
                          MakeUintegerAccessor(&MldSnoopingBridgeNetDevice::m_robustness),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("MdbEntryAdded",
                            "A port became a member of a group",
                            MakeTraceSourceAccessor(&MldSnoopingBridgeNetDevice::m_mdbAddTrace),
                            "ns3::MldSnoopingBridgeNetDevice::MdbTracedCallback")
            .AddTraceSource("MdbEntryRemoved",
                            "A port stopped being a member of a group",
                            MakeTraceSourceAccessor(&MldSnoopingBridgeNetDevice::m_mdbRemoveTrace),
                            "ns3::MldSnoopingBridgeNetDevice::MdbTracedCallback")
            .AddTraceSource("RouterPortAdded",
                            "A port became a router port",
                            MakeTraceSourceAccessor(&MldSnoopingBridgeNetDevice::m_routerAddTrace),
                            "ns3::MldSnoopingBridgeNetDevice::RouterPortTracedCallback")
            .AddTraceSource(
                "RouterPortRemoved",
                "A router port aged out or was unconfigured",
                MakeTraceSourceAccessor(&MldSnoopingBridgeNetDevice::m_routerRemoveTrace),
                "ns3::MldSnoopingBridgeNetDevice::RouterPortTracedCallback")
            .AddTraceSource("Drop",
                            "A snooped MLD message (or record) was invalid",
                            MakeTraceSourceAccessor(&MldSnoopingBridgeNetDevice::m_dropTrace),
                            "ns3::MldSnoopingBridgeNetDevice::DropTracedCallback")
            .AddTraceSource("QuerierChanged",
                            "The bridge became the snooping querier, or stopped being it",
                            MakeTraceSourceAccessor(&MldSnoopingBridgeNetDevice::m_querierTrace),
                            "ns3::MldSnoopingBridgeNetDevice::QuerierTracedCallback")
            .AddTraceSource("QuerySent",
                            "The snooping querier sent a query",
                            MakeTraceSourceAccessor(&MldSnoopingBridgeNetDevice::m_queryTrace),
                            "ns3::MldSnoopingBridgeNetDevice::QuerySentTracedCallback");
    return tid;
}

MldSnoopingBridgeNetDevice::MldSnoopingBridgeNetDevice()
{
    NS_LOG_FUNCTION(this);
    m_channel = CreateObject<BridgeChannel>();
}

MldSnoopingBridgeNetDevice::~MldSnoopingBridgeNetDevice()
{
    NS_LOG_FUNCTION(this);
}

void
MldSnoopingBridgeNetDevice::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (auto& group : m_mdb)
    {
        for (auto& port : group.second)
        {
            MldStopTimer(port.second.timer);
            MldStopTimer(port.second.groupQuery);
            MldStopTimer(port.second.sourceQuery);
        }
    }
    m_mdb.clear();
    MldStopTimer(m_generalQueryTimer);
    MldStopTimer(m_otherQuerierTimer);
    for (auto& event : m_portStartup)
    {
        MldStopTimer(event);
    }
    m_portStartup.clear();
    m_isQuerier = false;
    for (auto& router : m_routerPorts)
    {
        MldStopTimer(router.second.timer);
    }
    m_routerPorts.clear();
    m_learnt.clear();
    m_rxCallback.Nullify();
    m_promiscRxCallback.Nullify();
    m_ports.clear();
    m_channel = nullptr;
    m_node = nullptr;
    NetDevice::DoDispose();
}

uint32_t
MldSnoopingBridgeNetDevice::AddBridgePort(Ptr<NetDevice> port)
{
    NS_LOG_FUNCTION(this << port);
    NS_ASSERT(port != this);
    NS_ABORT_MSG_UNLESS(m_node, "add the bridge to its node before its ports");
    NS_ABORT_MSG_UNLESS(Mac48Address::IsMatchingType(port->GetAddress()),
                        "a bridge port needs 48-bit MAC addresses");
    NS_ABORT_MSG_UNLESS(port->SupportsSendFrom(), "a bridge port needs SendFrom");
    if (m_address == Mac48Address())
    {
        m_address = Mac48Address::ConvertFrom(port->GetAddress());
    }
    m_node->RegisterProtocolHandler(
        MakeCallback(&MldSnoopingBridgeNetDevice::ReceiveFromDevice, this),
        0,
        port,
        true);
    m_ports.push_back(port);
    m_fastLeave.push_back(false);
    m_portUp.push_back(port->IsLinkUp());
    m_staticRouter.push_back(false);
    m_portStartup.emplace_back();
    // Linux's br_port_carrier_check: a port's carrier enables or disables it.
    port->AddLinkChangeCallback(MakeCallback(&MldSnoopingBridgeNetDevice::PortLinkChanged, this));
    m_channel->AddChannel(port->GetChannel());
    return m_ports.size() - 1;
}

uint32_t
MldSnoopingBridgeNetDevice::GetNBridgePorts() const
{
    return m_ports.size();
}

Ptr<NetDevice>
MldSnoopingBridgeNetDevice::GetBridgePort(uint32_t n) const
{
    NS_ASSERT(n < m_ports.size());
    return m_ports[n];
}

void
MldSnoopingBridgeNetDevice::SetFastLeave(uint32_t port, bool enable)
{
    NS_LOG_FUNCTION(this << port << enable);
    NS_ABORT_MSG_UNLESS(port < m_ports.size(), "no bridge port " << port);
    m_fastLeave[port] = enable;
}

void
MldSnoopingBridgeNetDevice::SetStaticRouterPort(uint32_t port, bool isStatic)
{
    NS_LOG_FUNCTION(this << port << isStatic);
    NS_ABORT_MSG_UNLESS(port < m_ports.size(), "no bridge port " << port);
    auto it = m_routerPorts.find(port);
    m_staticRouter[port] = isStatic;
    if (isStatic && !m_portUp[port])
    {
        return; // a router port again when its link comes up (PortUp)
    }
    if (isStatic)
    {
        bool added = it == m_routerPorts.end();
        RouterPort& router = m_routerPorts[port];
        router.isStatic = true;
        MldStopTimer(router.timer);
        if (added)
        {
            m_routerAddTrace(port);
        }
    }
    else if (it != m_routerPorts.end() && it->second.isStatic)
    {
        m_routerPorts.erase(it);
        m_routerRemoveTrace(port);
    }
}

std::vector<uint32_t>
MldSnoopingBridgeNetDevice::GetRouterPorts() const
{
    std::vector<uint32_t> ports;
    for (const auto& router : m_routerPorts)
    {
        ports.push_back(router.first);
    }
    return ports;
}

bool
MldSnoopingBridgeNetDevice::IsQuerierPresent() const
{
    // Linux's __br_multicast_querier_exists: another querier heard, or the own querier on,
    // once its first query's Maximum Response Delay has passed (delay_time), so that the
    // hosts have answered before unregistered groups stop being flooded.
    Time now = Simulator::Now();
    return now < m_querierExpiry || (m_isQuerier && now >= m_ownQuerierPresentFrom);
}

bool
MldSnoopingBridgeNetDevice::IsQuerier() const
{
    return m_isQuerier;
}

bool
MldSnoopingBridgeNetDevice::IsPortUp(uint32_t port) const
{
    NS_ASSERT(port < m_portUp.size());
    return m_portUp[port];
}

const MldSnoopingStatistics&
MldSnoopingBridgeNetDevice::GetStatistics() const
{
    return m_stats;
}

uint32_t
MldSnoopingBridgeNetDevice::PortIndex(Ptr<NetDevice> device) const
{
    auto it = std::find(m_ports.begin(), m_ports.end(), device);
    NS_ASSERT_MSG(it != m_ports.end(), "a frame from a device that is not a port");
    return it - m_ports.begin();
}

std::vector<uint32_t>
MldSnoopingBridgeNetDevice::AllPorts() const
{
    std::vector<uint32_t> ports(m_ports.size());
    for (uint32_t i = 0; i < ports.size(); ++i)
    {
        ports[i] = i;
    }
    return ports;
}

void
MldSnoopingBridgeNetDevice::ReceiveFromDevice(Ptr<NetDevice> device,
                                              Ptr<const Packet> packet,
                                              uint16_t protocol,
                                              const Address& src,
                                              const Address& dst,
                                              PacketType packetType)
{
    NS_LOG_FUNCTION(this << device << packet << protocol << src << dst << packetType);
    uint32_t in = PortIndex(device);
    Mac48Address src48 = Mac48Address::ConvertFrom(src);
    Mac48Address dst48 = Mac48Address::ConvertFrom(dst);
    if (!m_promiscRxCallback.IsNull())
    {
        m_promiscRxCallback(this, packet, protocol, src, dst, packetType);
    }
    if (m_enableLearning)
    {
        m_learnt[src48] = Learned{in, Simulator::Now() + m_macExpiration};
    }
    switch (packetType)
    {
    case PACKET_BROADCAST:
    case PACKET_MULTICAST:
        if (!m_rxCallback.IsNull())
        {
            m_rxCallback(this, packet, protocol, src);
        }
        ForwardMulticast(in, packet, protocol, src48, dst48);
        break;
    case PACKET_HOST:
    case PACKET_OTHERHOST:
        if (dst48 == m_address)
        {
            if (!m_rxCallback.IsNull())
            {
                m_rxCallback(this, packet, protocol, src);
            }
        }
        else
        {
            ForwardUnicast(in, packet, protocol, src48, dst48);
        }
        break;
    }
}

void
MldSnoopingBridgeNetDevice::ForwardUnicast(uint32_t in,
                                           Ptr<const Packet> packet,
                                           uint16_t protocol,
                                           Mac48Address src,
                                           Mac48Address dst)
{
    NS_LOG_FUNCTION(this << in << packet << src << dst);
    auto it = m_learnt.find(dst);
    if (m_enableLearning && it != m_learnt.end())
    {
        if (it->second.expiry > Simulator::Now())
        {
            // 802.1D filtering: a destination learnt on the arrival port is not sent on.
            SendOut({it->second.port}, in, packet, protocol, src, dst);
            return;
        }
        m_learnt.erase(it);
    }
    SendOut(AllPorts(), in, packet, protocol, src, dst);
}

void
MldSnoopingBridgeNetDevice::ForwardMulticast(uint32_t in,
                                             Ptr<const Packet> packet,
                                             uint16_t protocol,
                                             Mac48Address src,
                                             Mac48Address dst)
{
    NS_LOG_FUNCTION(this << in << packet << protocol << src << dst);
    uint32_t size = packet->GetSize();
    // RFC 4541 §2.1.2 (4): what is not IPv6 multicast is bridged as usual: flooded.
    if (!m_snooping || protocol != IPV6_ETHERTYPE || dst.IsBroadcast() || size < IPV6_HEADER_SIZE)
    {
        m_stats.dataFlooded++;
        m_stats.copiesSent += SendOut(AllPorts(), in, packet, protocol, src, dst);
        return;
    }
    uint8_t header[IPV6_HEADER_SIZE];
    packet->CopyData(header, IPV6_HEADER_SIZE);
    Ipv6Address source(header + 8);
    Ipv6Address group(header + 24);
    uint8_t nextHeader = header[6];

    // An MLD message has a Hop-by-Hop header (Router Alert); ICMPv6 right behind the IPv6
    // header is looked at too, so that an MLD message without Router Alert is seen as one.
    MldInput::Result decoded;
    if (nextHeader == 0 || nextHeader == 58)
    {
        std::vector<uint8_t> bytes(size);
        packet->CopyData(bytes.data(), size);
        // Checksums are verified when the simulation computes them, as MldProtocol does.
        decoded = MldInput::Decode(bytes.data(), size, Node::ChecksumEnabled(), false);
    }
    const MldReceivedMessage& message = decoded.message;
    if (decoded.verdict == MldInput::NOT_MLD)
    {
        bool flooded = false;
        std::vector<uint32_t> ports = DataPorts(group, source, flooded);
        flooded ? m_stats.dataFlooded++ : m_stats.dataSnooped++;
        m_stats.copiesSent += SendOut(ports, in, packet, protocol, src, dst);
        return;
    }
    if (decoded.verdict == MldInput::DROPPED)
    {
        CountDrop(in, decoded.reason);
        if (IsIntegrityError(decoded.reason))
        {
            // RFC 4541 §2.1.1 (4): not used, and not flooded.
            m_stats.malformed++;
            return;
        }
        if (decoded.reason == MldDropReason::UNKNOWN_TYPE)
        {
            // RFC 4541 §2.1.1 (3): unrecognized messages are flooded.
            m_stats.dataFlooded++;
            m_stats.copiesSent += SendOut(AllPorts(), in, packet, protocol, src, dst);
            return;
        }
        // Intact but invalid (hop limit, Router Alert, source, address): not learnt from,
        // sent on as its type says, so that routers and hosts judge it themselves.
    }
    bool accepted = decoded.verdict == MldInput::ACCEPTED && in != NO_PORT;
    switch (message.kind)
    {
    case MldMessage::V1_QUERY:
    case MldMessage::V2_QUERY:
        m_stats.queries++;
        if (decoded.verdict == MldInput::ACCEPTED)
        {
            if (in != NO_PORT)
            {
                HearQuerier(message.source); // before SnoopQuery, which may query back
            }
            bool v2 = message.kind == MldMessage::V2_QUERY;
            SnoopQuery(in,
                       message.group,
                       message.maxResponseDelay,
                       v2 && message.query.GetSuppressRouterProcessing(),
                       v2 && !message.query.GetSources().empty());
        }
        // RFC 4541 §2.1.1: queries go to every port.
        m_stats.copiesSent += SendOut(AllPorts(), in, packet, protocol, src, dst);
        return;
    case MldMessage::V1_REPORT:
        if (accepted)
        {
            // RFC 9777 §8.3.2: an MLDv1 Report is IS_EX({}).
            ApplyRecord(in,
                        MldAddressRecord::MODE_IS_EXCLUDE,
                        message.group,
                        {},
                        MldVersion::MLDV1);
        }
        break;
    case MldMessage::V1_DONE:
        if (accepted)
        {
            // RFC 9777 §8.3.2: an MLDv1 Done is TO_IN({}).
            ApplyRecord(in,
                        MldAddressRecord::CHANGE_TO_INCLUDE_MODE,
                        message.group,
                        {},
                        MldVersion::MLDV1);
        }
        break;
    case MldMessage::V2_REPORT:
        if (accepted)
        {
            for (const MldAddressRecord& record : message.report.GetRecords())
            {
                if (record.type < MldAddressRecord::MODE_IS_INCLUDE ||
                    record.type > MldAddressRecord::BLOCK_OLD_SOURCES)
                {
                    CountDrop(in, MldDropReason::UNKNOWN_RECORD); // RFC 9777 §5.2.12
                }
                else if (!record.group.IsMulticast() || !MldIsReportable(record.group))
                {
                    CountDrop(in, MldDropReason::BAD_ADDRESS);
                }
                else
                {
                    ApplyRecord(in, record.type, record.group, record.sources, MldVersion::MLDV2);
                }
            }
        }
        break;
    default:
        // MALFORMED bytes with another fault found first (source, hop limit, Router Alert):
        // an integrity error all the same.
        m_stats.malformed++;
        return;
    }
    // RFC 4541 §2.1.1 (1): reports (and dones) go to router ports only.
    m_stats.reports++;
    m_stats.copiesSent += SendOut(GetRouterPorts(), in, packet, protocol, src, dst);
}

uint32_t
MldSnoopingBridgeNetDevice::SendOut(const std::vector<uint32_t>& ports,
                                    uint32_t in,
                                    Ptr<const Packet> packet,
                                    uint16_t protocol,
                                    Mac48Address src,
                                    Mac48Address dst)
{
    uint32_t copies = 0;
    for (uint32_t port : ports)
    {
        if (port != in && m_portUp[port]) // nothing out of a port whose link is down
        {
            m_ports[port]->SendFrom(packet->Copy(), src, dst, protocol);
            copies++;
        }
    }
    return copies;
}

bool
MldSnoopingBridgeNetDevice::IsFlooded(Ipv6Address group) const
{
    if (group == Ipv6Address::GetAllNodesMulticast())
    {
        return true; // RFC 4541 §3: no listener ever reports ff02::1
    }
    uint8_t bytes[16];
    group.GetBytes(bytes);
    return m_floodLinkScope && (bytes[1] & 0x0f) <= 2;
}

bool
MldSnoopingBridgeNetDevice::Admits(const PortGroup& state, Ipv6Address source)
{
    Time now = Simulator::Now();
    if (source.IsAny())
    {
        if (state.exclude)
        {
            return true;
        }
        for (const auto& entry : state.sources)
        {
            if (entry.second > now)
            {
                return true;
            }
        }
        return false;
    }
    auto it = state.sources.find(source);
    // RFC 9777 §7.2.1: INCLUDE forwards the sources with running timers; EXCLUDE forwards
    // all but the sources whose timers are zero.
    if (state.exclude)
    {
        return it == state.sources.end() || it->second > now;
    }
    return it != state.sources.end() && it->second > now;
}

std::vector<uint32_t>
MldSnoopingBridgeNetDevice::DataPorts(Ipv6Address group, Ipv6Address source, bool& flooded) const
{
    flooded = false;
    auto entry = m_mdb.find(group);
    // RFC 4541 §2.1.2 (2) and §3: link-scope groups are flooded; §2.1.2 (3): unregistered
    // data may be flooded, which Linux does while no querier is present.
    if (!m_snooping || !group.IsMulticast() || IsFlooded(group) ||
        (entry == m_mdb.end() && m_floodUnknownWithoutQuerier && !IsQuerierPresent()))
    {
        flooded = true;
        return AllPorts();
    }
    // RFC 4541 §2.1.2 (1): member ports, and always the router ports.
    std::set<uint32_t> ports;
    for (const auto& router : m_routerPorts)
    {
        ports.insert(router.first);
    }
    if (entry != m_mdb.end())
    {
        for (const auto& port : entry->second)
        {
            if (Admits(port.second, source))
            {
                ports.insert(port.first);
            }
        }
    }
    return std::vector<uint32_t>(ports.begin(), ports.end());
}

std::vector<uint32_t>
MldSnoopingBridgeNetDevice::GetOutputPorts(Ipv6Address group, Ipv6Address source) const
{
    bool flooded;
    return DataPorts(group, source, flooded);
}

void
MldSnoopingBridgeNetDevice::SnoopQuery(uint32_t in,
                                       Ipv6Address group,
                                       Time maxResponseDelay,
                                       bool suppress,
                                       bool sourceSpecific)
{
    NS_LOG_FUNCTION(this << in << group << maxResponseDelay << suppress << sourceSpecific);
    m_querierExpiry = Simulator::Now() + m_otherQuerierInterval;
    if (in != NO_PORT)
    {
        MarkRouterPort(in); // RFC 4541 §2.1.1: ports where queries are heard
    }
    if (group.IsAny() || suppress || sourceSpecific)
    {
        return;
    }
    // Linux's br_ip6_multicast_query: a Multicast-Address-Specific Query lowers the group
    // timers of the members to LastListenerQueryCount x its Maximum Response Delay, so that
    // the ports whose listeners stay silent leave (RFC 9777 §7.6.1 for the querier's side).
    auto entry = m_mdb.find(group);
    if (entry == m_mdb.end())
    {
        return;
    }
    Time limit = Simulator::Now() + maxResponseDelay * m_lastListenerQueryCount;
    std::vector<uint32_t> ports;
    for (auto& port : entry->second)
    {
        if (port.second.exclude && port.second.groupExpiry > limit)
        {
            port.second.groupExpiry = limit;
            ports.push_back(port.first);
        }
    }
    for (uint32_t port : ports)
    {
        Refresh(group, port);
    }
}

void
MldSnoopingBridgeNetDevice::ApplyRecord(uint32_t port,
                                        uint8_t type,
                                        Ipv6Address group,
                                        const std::vector<Ipv6Address>& sources,
                                        MldVersion version)
{
    NS_LOG_FUNCTION(this << port << MldAddressRecord::ShortName(type) << group << sources.size());
    bool toExclude = type == MldAddressRecord::MODE_IS_EXCLUDE ||
                     type == MldAddressRecord::CHANGE_TO_EXCLUDE_MODE;
    if (toExclude && MldIsSourceSpecific(group))
    {
        return; // RFC 4604 §2.2.1: no EXCLUDE (nor MLDv1) state in the SSM range
    }
    Time now = Simulator::Now();
    Time mali = now + m_listenerInterval;
    std::set<Ipv6Address> b(sources.begin(), sources.end());
    auto& ports = m_mdb[group];
    bool added = ports.find(port) == ports.end();
    PortGroup& s = ports[port]; // no state is INCLUDE {} (RFC 9777 §7.2)
    if (version == MldVersion::MLDV1)
    {
        s.olderHostExpiry = now + m_listenerInterval; // RFC 9777 §9.13
    }
    else if (s.olderHostExpiry > now)
    {
        // RFC 9777 §8.3.2: while an MLDv1 host is present on the port, BLOCK(x) is ignored
        // and TO_EX(x) is taken as TO_EX({}), so that the MLDv1 host keeps its data.
        NS_ASSERT(!added); // the MLDv1 host's report made the state
        if (type == MldAddressRecord::BLOCK_OLD_SOURCES)
        {
            return;
        }
        if (type == MldAddressRecord::CHANGE_TO_EXCLUDE_MODE)
        {
            b.clear();
        }
    }
    s.version = version;
    auto alive = [now](Time t) { return t > now; };
    std::set<Ipv6Address> lower; // the sources of Q(MA, ...)

    switch (type)
    {
    case MldAddressRecord::MODE_IS_INCLUDE:
    case MldAddressRecord::ALLOW_NEW_SOURCES:
        // INCLUDE (A+B), (B)=MALI; EXCLUDE (X+A, Y-A), (A)=MALI.
        for (const Ipv6Address& source : b)
        {
            s.sources[source] = mali;
        }
        break;
    case MldAddressRecord::CHANGE_TO_INCLUDE_MODE:
        // INCLUDE: Q(MA, A-B); EXCLUDE: Q(MA, X-A), Q(MA).
        for (const auto& entry : s.sources)
        {
            if (b.count(entry.first) == 0 && alive(entry.second))
            {
                lower.insert(entry.first);
            }
        }
        for (const Ipv6Address& source : b)
        {
            s.sources[source] = mali;
        }
        LowerTimers(group, port, s, &lower);
        if (s.exclude)
        {
            LowerTimers(group, port, s, nullptr);
        }
        break;
    case MldAddressRecord::MODE_IS_EXCLUDE:
    case MldAddressRecord::CHANGE_TO_EXCLUDE_MODE: {
        // INCLUDE(A): EXCLUDE (A*B, B-A), (B-A)=0, delete (A-B) [TO_EX: Q(MA, A*B)].
        // EXCLUDE(X,Y): EXCLUDE (A-Y, Y*A), delete (X-A), (Y-A); IS_EX: (A-X-Y)=MALI;
        // TO_EX: (A-X-Y)=GT, Q(MA, A-Y). Both: GT=MALI.
        std::map<Ipv6Address, Time> kept;
        for (const Ipv6Address& source : b)
        {
            auto old = s.sources.find(source);
            if (old != s.sources.end())
            {
                kept[source] = old->second;
                if (alive(old->second))
                {
                    lower.insert(source); // A*B from INCLUDE, A*X from EXCLUDE
                }
            }
            else if (!s.exclude)
            {
                kept[source] = Time(0);
            }
            else
            {
                bool isEx = type == MldAddressRecord::MODE_IS_EXCLUDE;
                kept[source] = isEx ? mali : s.groupExpiry;
                lower.insert(source); // A-X-Y
            }
        }
        s.sources.swap(kept);
        s.exclude = true;
        s.groupExpiry = mali;
        if (type == MldAddressRecord::CHANGE_TO_EXCLUDE_MODE)
        {
            LowerTimers(group, port, s, &lower);
        }
        break;
    }
    case MldAddressRecord::BLOCK_OLD_SOURCES:
        // INCLUDE(A): Q(MA, A*B). EXCLUDE(X,Y): EXCLUDE (X+(A-Y), Y), (A-X-Y)=GT, Q(MA, A-Y).
        for (const Ipv6Address& source : b)
        {
            auto old = s.sources.find(source);
            if (old != s.sources.end())
            {
                if (alive(old->second))
                {
                    lower.insert(source);
                }
            }
            else if (s.exclude)
            {
                s.sources[source] = s.groupExpiry;
                lower.insert(source);
            }
        }
        LowerTimers(group, port, s, &lower);
        break;
    default:
        NS_ASSERT_MSG(false, "unknown record type " << +type);
        break;
    }

    if (added)
    {
        if (!s.exclude && s.sources.empty())
        {
            ports.erase(port);
            if (ports.empty())
            {
                m_mdb.erase(group);
            }
            return;
        }
        NS_LOG_INFO("port " << port << " joins " << group);
        m_mdbAddTrace(group, port);
    }
    Refresh(group, port);
}

void
MldSnoopingBridgeNetDevice::LowerTimers(Ipv6Address group,
                                        uint32_t port,
                                        PortGroup& state,
                                        const std::set<Ipv6Address>* sources)
{
    // Where an MLD router sends Q(MA) or Q(MA,S) (RFC 9777 §7.4), Linux's bridge, querier
    // or not, lowers the timers to the Last Listener Query Time (br_multicast.c:
    // __grp_send_query_and_rexmit, __grp_src_query_marked_and_rexmit) and lets the
    // querier's queries refresh them. A fast-leave port expires them at once.
    // As the querier, the bridge also sends the queries (RFC 9777 §7.6.3), out of the port
    // the leave came from, as Linux does (a port's own query).
    Time limit = Simulator::Now();
    if (!m_fastLeave[port])
    {
        limit += m_lastListenerQueryInterval * m_lastListenerQueryCount;
    }
    bool query = m_isQuerier && !m_fastLeave[port];
    if (!sources)
    {
        if (state.exclude && state.groupExpiry > limit)
        {
            state.groupExpiry = limit;
        }
        if (query && state.exclude)
        {
            // Sent from an event at once, not from here: this record may still change the
            // state (or drop a new, empty one), and GroupQuery looks it up again.
            MldStopTimer(state.groupQuery);
            state.groupQuery = mldcompat::ScheduleCallable(Time(0), [this, port, group]() {
                GroupQuery(group, port, m_lastListenerQueryCount);
            });
        }
        return;
    }
    std::set<Ipv6Address> queried;
    for (const Ipv6Address& source : *sources)
    {
        auto it = state.sources.find(source);
        if (it != state.sources.end() && it->second > limit)
        {
            it->second = limit;
        }
        if (it != state.sources.end())
        {
            queried.insert(source);
        }
    }
    // An MLDv1 querier cannot ask for sources: their timers are only lowered.
    if (query && m_querierVersion == 2 && !queried.empty())
    {
        MldStopTimer(state.sourceQuery);
        state.sourceQuery = mldcompat::ScheduleCallable(Time(0), [this, port, group, queried]() {
            SourceQuery(group, port, queried, m_lastListenerQueryCount);
        });
    }
}

void
MldSnoopingBridgeNetDevice::Refresh(Ipv6Address group, uint32_t port)
{
    NS_LOG_FUNCTION(this << group << port);
    auto entry = m_mdb.find(group);
    if (entry == m_mdb.end() || entry->second.find(port) == entry->second.end())
    {
        return;
    }
    PortGroup& s = entry->second[port];
    MldStopTimer(s.timer);
    Time now = Simulator::Now();
    if (s.exclude && s.groupExpiry <= now)
    {
        // RFC 9777 §7.5: the group timer expires in EXCLUDE mode: INCLUDE with the sources
        // whose timers run (X); the others (Y) are deleted.
        s.exclude = false;
    }
    Time next = s.groupExpiry;
    if (!s.exclude)
    {
        // RFC 9777 §7.2.3: in INCLUDE mode an expired source is deleted.
        for (auto it = s.sources.begin(); it != s.sources.end();)
        {
            it = it->second <= now ? s.sources.erase(it) : std::next(it);
        }
        if (s.sources.empty())
        {
            RemoveState(group, port);
            return;
        }
        next = Time::Max();
        for (const auto& source : s.sources)
        {
            next = std::min(next, source.second);
        }
    }
    s.timer =
        Simulator::Schedule(next - now, &MldSnoopingBridgeNetDevice::Refresh, this, group, port);
}

void
MldSnoopingBridgeNetDevice::RemoveState(Ipv6Address group, uint32_t port)
{
    NS_LOG_INFO("port " << port << " leaves " << group);
    auto entry = m_mdb.find(group);
    PortGroup& state = entry->second[port];
    MldStopTimer(state.timer);
    MldStopTimer(state.groupQuery);
    MldStopTimer(state.sourceQuery);
    entry->second.erase(port);
    if (entry->second.empty())
    {
        m_mdb.erase(entry);
    }
    m_mdbRemoveTrace(group, port);
}

void
MldSnoopingBridgeNetDevice::MarkRouterPort(uint32_t port)
{
    bool added = m_routerPorts.find(port) == m_routerPorts.end();
    RouterPort& router = m_routerPorts[port];
    if (!router.isStatic)
    {
        // Linux's br_multicast_mark_router: multicast_querier_interval from the last query.
        router.expiry = Simulator::Now() + m_otherQuerierInterval;
        MldStopTimer(router.timer);
        router.timer = Simulator::Schedule(m_otherQuerierInterval,
                                           &MldSnoopingBridgeNetDevice::ExpireRouterPort,
                                           this,
                                           port);
    }
    if (added)
    {
        NS_LOG_INFO("router port " << port);
        m_routerAddTrace(port);
    }
}

void
MldSnoopingBridgeNetDevice::ExpireRouterPort(uint32_t port)
{
    auto it = m_routerPorts.find(port);
    if (it == m_routerPorts.end() || it->second.isStatic)
    {
        return;
    }
    it->second.timer = EventId();
    m_routerPorts.erase(it);
    NS_LOG_INFO("router port " << port << " aged out");
    m_routerRemoveTrace(port);
}

void
MldSnoopingBridgeNetDevice::CountDrop(uint32_t port, MldDropReason reason)
{
    NS_LOG_INFO("port " << port << ": " << reason);
    m_stats.drops[static_cast<size_t>(reason)]++;
    m_dropTrace(port, reason);
}

std::vector<MldSnoopingMdbEntry>
MldSnoopingBridgeNetDevice::GetMdb() const
{
    std::vector<MldSnoopingMdbEntry> lines;
    Time now = Simulator::Now();
    for (const auto& group : m_mdb)
    {
        for (const auto& port : group.second)
        {
            const PortGroup& s = port.second;
            MldSnoopingMdbEntry line;
            line.group = group.first;
            line.port = port.first;
            line.source = Ipv6Address::GetAny();
            line.exclude = s.exclude;
            line.timer = s.exclude ? std::max(s.groupExpiry - now, Time(0)) : Time(0);
            line.version = s.version;
            lines.push_back(line);
            for (const auto& source : s.sources)
            {
                // A source line's mode says whether the source is forwarded (include) or
                // blocked (exclude: a zero timer in EXCLUDE mode).
                line.source = source.first;
                line.exclude = source.second <= now;
                line.timer = std::max(source.second - now, Time(0));
                lines.push_back(line);
            }
        }
    }
    return lines;
}

void
MldSnoopingBridgeNetDevice::PrintMdb(std::ostream& os) const
{
    std::ios_base::fmtflags flags = os.flags();
    std::streamsize precision = os.precision();
    os << std::fixed << std::setprecision(2);
    for (const MldSnoopingMdbEntry& line : GetMdb())
    {
        os << "dev br" << m_ifIndex << " port " << line.port << " grp " << line.group;
        if (!line.source.IsAny())
        {
            os << " src " << line.source;
        }
        os << " temp filter_mode " << (line.exclude ? "exclude" : "include") << " proto "
           << (line.version == MldVersion::MLDV1 ? "mldv1" : "mldv2") << " " << std::setw(7)
           << line.timer.GetSeconds() << "\n";
    }
    os << "router ports on br" << m_ifIndex << ":";
    for (const auto& router : m_routerPorts)
    {
        os << " " << router.first;
        if (router.second.isStatic)
        {
            os << " (permanent)";
        }
        else
        {
            os << " (" << (router.second.expiry - Simulator::Now()).GetSeconds() << ")";
        }
    }
    os << "\n";
    os.flags(flags);
    os.precision(precision);
}

// ---- Snooping querier (RFC 4541 §2.1.1; Linux's mcast_querier)

void
MldSnoopingBridgeNetDevice::DoInitialize()
{
    NS_LOG_FUNCTION(this);
    m_started = true;
    if (m_querier)
    {
        StartQuerier();
    }
    NetDevice::DoInitialize();
}

void
MldSnoopingBridgeNetDevice::SetQuerierEnabled(bool enable)
{
    NS_LOG_FUNCTION(this << enable);
    bool was = m_querier;
    m_querier = enable;
    if (!m_started || was == enable)
    {
        return; // DoInitialize starts it
    }
    if (enable)
    {
        StartQuerier();
    }
    else
    {
        MldStopTimer(m_otherQuerierTimer);
        m_otherQuerier = Ipv6Address::GetAny();
        if (m_isQuerier)
        {
            StopQuerier(Ipv6Address::GetAny());
        }
    }
}

bool
MldSnoopingBridgeNetDevice::GetQuerierEnabled() const
{
    return m_querier;
}

Ipv6Address
MldSnoopingBridgeNetDevice::GetQuerierSource() const
{
    // Linux takes the bridge device's address (ipv6_dev_get_saddr) and sends no MLD query
    // without one; a bridge without IPv6 takes a link-local address made from its MAC.
    Ptr<Ipv6> ipv6 = m_node ? m_node->GetObject<Ipv6>() : nullptr;
    if (ipv6)
    {
        int32_t interface = ipv6->GetInterfaceForDevice(this);
        if (interface >= 0)
        {
            for (uint32_t i = 0; i < ipv6->GetNAddresses(interface); ++i)
            {
                Ipv6InterfaceAddress address = ipv6->GetAddress(interface, i);
                if (address.GetScope() == Ipv6InterfaceAddress::LINKLOCAL)
                {
                    return address.GetAddress();
                }
            }
        }
    }
    return Ipv6Address::MakeAutoconfiguredLinkLocalAddress(m_address);
}

void
MldSnoopingBridgeNetDevice::StartQuerier()
{
    NS_LOG_FUNCTION(this);
    if (!m_querier || m_isQuerier || mldcompat::IsPending(m_otherQuerierTimer))
    {
        return; // RFC 9777 §7.6.2: a lower querier is present
    }
    m_isQuerier = true;
    m_startupSent = 0;
    m_ownQuerierPresentFrom = Simulator::Now() + m_queryResponseInterval;
    NS_LOG_INFO("snooping querier " << GetQuerierSource());
    m_querierTrace(true, GetQuerierSource());
    MldStopTimer(m_generalQueryTimer);
    m_generalQueryTimer =
        Simulator::ScheduleNow(&MldSnoopingBridgeNetDevice::GeneralQueryTimer, this);
}

void
MldSnoopingBridgeNetDevice::StopQuerier(Ipv6Address querier)
{
    NS_LOG_FUNCTION(this << querier);
    m_isQuerier = false;
    MldStopTimer(m_generalQueryTimer);
    for (auto& event : m_portStartup)
    {
        MldStopTimer(event);
    }
    for (auto& group : m_mdb)
    {
        for (auto& port : group.second)
        {
            MldStopTimer(port.second.groupQuery);
            MldStopTimer(port.second.sourceQuery);
        }
    }
    m_querierTrace(false, querier);
}

void
MldSnoopingBridgeNetDevice::GeneralQueryTimer()
{
    NS_LOG_FUNCTION(this);
    if (!m_isQuerier)
    {
        return;
    }
    // RFC 9777 §7.6.1 (RFC 2710 §7.6): Startup Query Count queries at Startup Query
    // Interval, then one every Query Interval (Linux's br_multicast_send_query).
    SendQuery(BuildQuery(Ipv6Address::GetAny(), {}, m_queryResponseInterval), ALL_PORTS);
    if (m_startupSent < m_startupQueryCount)
    {
        m_startupSent++;
    }
    Time next = m_startupSent < m_startupQueryCount ? m_startupQueryInterval : m_queryInterval;
    m_generalQueryTimer =
        Simulator::Schedule(next, &MldSnoopingBridgeNetDevice::GeneralQueryTimer, this);
}

void
MldSnoopingBridgeNetDevice::HearQuerier(Ipv6Address source)
{
    if (!m_querier)
    {
        return;
    }
    // RFC 2710 §5, RFC 9777 §7.6.2: a query from a lower address makes (or keeps) the bridge
    // a non-querier for Other Querier Present Interval; higher addresses are no querier for
    // the election (they are still snooped: router port, querier present).
    if (!(source < GetQuerierSource()))
    {
        return;
    }
    m_otherQuerier = source;
    MldStopTimer(m_otherQuerierTimer);
    m_otherQuerierTimer = Simulator::Schedule(m_otherQuerierInterval,
                                              &MldSnoopingBridgeNetDevice::OtherQuerierExpired,
                                              this);
    if (m_isQuerier)
    {
        NS_LOG_INFO("querier " << source << " is lower: the bridge stops querying");
        StopQuerier(source);
    }
}

void
MldSnoopingBridgeNetDevice::OtherQuerierExpired()
{
    NS_LOG_FUNCTION(this);
    m_otherQuerierTimer = EventId();
    m_otherQuerier = Ipv6Address::GetAny();
    StartQuerier(); // startup queries again, as Linux's br_multicast_start_querier
}

Ptr<Packet>
MldSnoopingBridgeNetDevice::BuildQuery(Ipv6Address group,
                                       const std::vector<Ipv6Address>& sources,
                                       Time maxDelay) const
{
    Ipv6Address source = GetQuerierSource();
    // RFC 9777 §5.1.15 (RFC 2710 §5): general queries to ff02::1, specific ones to the group.
    Ipv6Address destination = group.IsAny() ? Ipv6Address::GetAllNodesMulticast() : group;
    Ptr<Packet> packet = Create<Packet>();
    int64_t ms = std::max<int64_t>(0, maxDelay.GetMilliSeconds());
    if (m_querierVersion == 2)
    {
        MldV2QueryHeader query;
        query.SetMulticastAddress(group);
        query.SetMaxResponseDelayMs(static_cast<uint32_t>(std::min<int64_t>(ms, 0xffffffff)));
        query.SetQrv(m_robustness <= 7 ? static_cast<uint8_t>(m_robustness) : 0); // §5.1.8
        query.SetQqic(MldV2QueryHeader::EncodeQqic(
            static_cast<uint32_t>(std::lround(m_queryInterval.GetSeconds())))); // §5.1.9
        query.SetSources(sources);
        query.EnableChecksum(source, destination); // always: the bridge writes whole packets
        packet->AddHeader(query);
    }
    else
    {
        MldQueryHeader query;
        query.SetMulticastAddress(group);
        query.SetMaxResponseDelay(static_cast<uint16_t>(std::min<int64_t>(ms, 0xffff)));
        query.EnableChecksum(source, destination);
        packet->AddHeader(query);
    }
    // RFC 2710 §3, RFC 9777 §5: Hop-by-Hop Router Alert (MLD, RFC 2711), hop limit 1.
    Ipv6ExtensionHopByHopHeader hopByHop;
    hopByHop.SetNextHeader(58);
    hopByHop.AddOption(Ipv6OptionRouterAlertHeader());
    packet->AddHeader(hopByHop);
    Ipv6Header ip;
    ip.SetSource(source);
    ip.SetDestination(destination);
    ip.SetNextHeader(0);
    ip.SetHopLimit(1);
    ip.SetPayloadLength(packet->GetSize());
    packet->AddHeader(ip);
    return packet;
}

void
MldSnoopingBridgeNetDevice::SendQuery(Ptr<Packet> packet, uint32_t port)
{
    uint8_t header[IPV6_HEADER_SIZE];
    packet->CopyData(header, IPV6_HEADER_SIZE);
    Mac48Address dst = Mac48Address::ConvertFrom(GetMulticast(Ipv6Address(header + 24)));
    m_stats.queriesSent++;
    m_queryTrace(packet, port);
    if (port != ALL_PORTS)
    {
        m_stats.copiesSent += SendOut({port}, NO_PORT, packet, IPV6_ETHERTYPE, m_address, dst);
        return;
    }
    // The bridge itself sends: out of every port, and up its own node's stack as a frame it
    // floods (Linux's __br_multicast_send_query: netif_rx of the bridge's own query).
    m_stats.copiesSent += SendOut(AllPorts(), NO_PORT, packet, IPV6_ETHERTYPE, m_address, dst);
    if (!m_promiscRxCallback.IsNull())
    {
        m_promiscRxCallback(this, packet->Copy(), IPV6_ETHERTYPE, m_address, dst, PACKET_MULTICAST);
    }
    if (!m_rxCallback.IsNull())
    {
        m_rxCallback(this, packet->Copy(), IPV6_ETHERTYPE, m_address);
    }
}

void
MldSnoopingBridgeNetDevice::GroupQuery(Ipv6Address group, uint32_t port, uint32_t left)
{
    auto entry = m_mdb.find(group);
    if (!m_isQuerier || left == 0 || entry == m_mdb.end())
    {
        return;
    }
    auto state = entry->second.find(port);
    if (state == entry->second.end() || !state->second.exclude)
    {
        return; // left already, or answered by an INCLUDE report: nothing to ask for
    }
    SendQuery(BuildQuery(group, {}, m_lastListenerQueryInterval), port);
    if (left > 1)
    {
        state->second.groupQuery =
            mldcompat::ScheduleCallable(m_lastListenerQueryInterval, [this, group, port, left]() {
                GroupQuery(group, port, left - 1);
            });
    }
}

void
MldSnoopingBridgeNetDevice::SourceQuery(Ipv6Address group,
                                        uint32_t port,
                                        std::set<Ipv6Address> sources,
                                        uint32_t left)
{
    auto entry = m_mdb.find(group);
    if (!m_isQuerier || left == 0 || entry == m_mdb.end())
    {
        return;
    }
    auto state = entry->second.find(port);
    if (state == entry->second.end())
    {
        return;
    }
    // RFC 9777 §7.6.3.2: retransmissions ask only for the sources still lowered (a report
    // since has set their timers back to MALI).
    Time limit = Simulator::Now() + m_lastListenerQueryInterval * m_lastListenerQueryCount;
    for (auto it = sources.begin(); it != sources.end();)
    {
        auto source = state->second.sources.find(*it);
        bool lowered = source != state->second.sources.end() && source->second > Simulator::Now() &&
                       source->second <= limit;
        it = lowered ? std::next(it) : sources.erase(it);
    }
    if (sources.empty())
    {
        return;
    }
    // RFC 9777 §5.1.10: as many sources as fit the MTU in each query.
    size_t room =
        std::max<size_t>(1, (m_mtu - IPV6_HEADER_SIZE - 8 - MldV2QueryHeader::MIN_SIZE) / 16);
    std::vector<Ipv6Address> all(sources.begin(), sources.end());
    for (size_t i = 0; i < all.size(); i += room)
    {
        std::vector<Ipv6Address> part(all.begin() + i,
                                      all.begin() + std::min(all.size(), i + room));
        SendQuery(BuildQuery(group, part, m_lastListenerQueryInterval), port);
    }
    if (left > 1)
    {
        state->second.sourceQuery = mldcompat::ScheduleCallable(
            m_lastListenerQueryInterval,
            [this, group, port, sources, left]() { SourceQuery(group, port, sources, left - 1); });
    }
}

// ---- Port links

void
MldSnoopingBridgeNetDevice::PortLinkChanged()
{
    NS_LOG_FUNCTION(this);
    // Callback<void> says not which port: every port is compared with what was known.
    for (uint32_t port = 0; port < m_ports.size(); ++port)
    {
        bool up = m_ports[port]->IsLinkUp();
        if (up != m_portUp[port])
        {
            m_portUp[port] = up;
            up ? PortUp(port) : PortDown(port);
        }
    }
}

void
MldSnoopingBridgeNetDevice::PortDown(uint32_t port)
{
    NS_LOG_INFO("port " << port << " link down");
    // Linux's __br_multicast_disable_port_ctx: the port's groups (not permanent ones, which
    // this bridge has not) and its router port state go; its own queries stop.
    std::vector<Ipv6Address> groups;
    for (const auto& group : m_mdb)
    {
        if (group.second.find(port) != group.second.end())
        {
            groups.push_back(group.first);
        }
    }
    for (const Ipv6Address& group : groups)
    {
        RemoveState(group, port);
    }
    auto router = m_routerPorts.find(port);
    if (router != m_routerPorts.end())
    {
        MldStopTimer(router->second.timer);
        m_routerPorts.erase(router);
        m_routerRemoveTrace(port);
    }
    MldStopTimer(m_portStartup[port]);
    for (auto it = m_learnt.begin(); it != m_learnt.end();)
    {
        it = it->second.port == port ? m_learnt.erase(it) : std::next(it); // br_fdb_delete_by_port
    }
}

void
MldSnoopingBridgeNetDevice::PortUp(uint32_t port)
{
    NS_LOG_INFO("port " << port << " link up");
    // Linux's __br_multicast_enable_port_ctx: a permanent router port is one again, and the
    // port's own query restarts with its startup queries (br_multicast_enable).
    if (m_staticRouter[port])
    {
        SetStaticRouterPort(port, true);
    }
    if (m_isQuerier)
    {
        MldStopTimer(m_portStartup[port]);
        PortStartupQuery(port, m_startupQueryCount);
    }
}

void
MldSnoopingBridgeNetDevice::PortStartupQuery(uint32_t port, uint32_t left)
{
    if (!m_isQuerier || !m_portUp[port] || left == 0)
    {
        return;
    }
    SendQuery(BuildQuery(Ipv6Address::GetAny(), {}, m_queryResponseInterval), port);
    if (left > 1)
    {
        m_portStartup[port] = Simulator::Schedule(m_startupQueryInterval,
                                                  &MldSnoopingBridgeNetDevice::PortStartupQuery,
                                                  this,
                                                  port,
                                                  left - 1);
    }
}

// ---- NetDevice, as BridgeNetDevice

void
MldSnoopingBridgeNetDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
MldSnoopingBridgeNetDevice::GetIfIndex() const
{
    return m_ifIndex;
}

Ptr<Channel>
MldSnoopingBridgeNetDevice::GetChannel() const
{
    return m_channel;
}

void
MldSnoopingBridgeNetDevice::SetAddress(Address address)
{
    m_address = Mac48Address::ConvertFrom(address);
}

Address
MldSnoopingBridgeNetDevice::GetAddress() const
{
    return m_address;
}

bool
MldSnoopingBridgeNetDevice::SetMtu(const uint16_t mtu)
{
    m_mtu = mtu;
    return true;
}

uint16_t
MldSnoopingBridgeNetDevice::GetMtu() const
{
    return m_mtu;
}

bool
MldSnoopingBridgeNetDevice::IsLinkUp() const
{
    return true;
}

void
MldSnoopingBridgeNetDevice::AddLinkChangeCallback(Callback<void> callback)
{
}

bool
MldSnoopingBridgeNetDevice::IsBroadcast() const
{
    return true;
}

Address
MldSnoopingBridgeNetDevice::GetBroadcast() const
{
    return Mac48Address::GetBroadcast();
}

bool
MldSnoopingBridgeNetDevice::IsMulticast() const
{
    return true;
}

Address
MldSnoopingBridgeNetDevice::GetMulticast(Ipv4Address multicastGroup) const
{
    return Mac48Address::GetMulticast(multicastGroup);
}

Address
MldSnoopingBridgeNetDevice::GetMulticast(Ipv6Address addr) const
{
    return Mac48Address::GetMulticast(addr);
}

bool
MldSnoopingBridgeNetDevice::IsPointToPoint() const
{
    return false;
}

bool
MldSnoopingBridgeNetDevice::IsBridge() const
{
    return true;
}

bool
MldSnoopingBridgeNetDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    return SendFrom(packet, m_address, dest, protocolNumber);
}

bool
MldSnoopingBridgeNetDevice::SendFrom(Ptr<Packet> packet,
                                     const Address& source,
                                     const Address& dest,
                                     uint16_t protocolNumber)
{
    NS_LOG_FUNCTION(this << packet << source << dest << protocolNumber);
    Mac48Address src = Mac48Address::ConvertFrom(source);
    Mac48Address dst = Mac48Address::ConvertFrom(dest);
    if (dst.IsGroup())
    {
        ForwardMulticast(NO_PORT, packet, protocolNumber, src, dst);
    }
    else
    {
        ForwardUnicast(NO_PORT, packet, protocolNumber, src, dst);
    }
    return true;
}

Ptr<Node>
MldSnoopingBridgeNetDevice::GetNode() const
{
    return m_node;
}

void
MldSnoopingBridgeNetDevice::SetNode(Ptr<Node> node)
{
    m_node = node;
}

bool
MldSnoopingBridgeNetDevice::NeedsArp() const
{
    return true;
}

void
MldSnoopingBridgeNetDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
    m_rxCallback = cb;
}

void
MldSnoopingBridgeNetDevice::SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb)
{
    m_promiscRxCallback = cb;
}

bool
MldSnoopingBridgeNetDevice::SupportsSendFrom() const
{
    return true;
}

} // namespace ns3
