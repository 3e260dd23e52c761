/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-protocol.h"

#include "mld-hop-by-hop.h"
#include "mld-listener.h"
#include "mld-querier.h"
#include "mld-routing.h"

#include "ns3/boolean.h"
#include "ns3/ipv6-extension-demux.h"
#include "ns3/ipv6-extension-header.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-option-header.h"
#include "ns3/ipv6-route.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"

#include <iomanip>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldProtocol");

NS_OBJECT_ENSURE_REGISTERED(MldProtocol);

namespace
{

/// \return ff02::16, all MLDv2-capable routers (RFC 9777 §5.2.14)
Ipv6Address
AllMldv2Routers()
{
    static const Ipv6Address address("ff02::16");
    return address;
}
} // namespace

TypeId
MldProtocol::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MldProtocol")
            .SetParent<Object>()
            .SetGroupName("Mld")
            .AddConstructor<MldProtocol>()
            .AddAttribute("StrictCodeCheck",
                          "Drop received MLD messages whose ICMPv6 code is not zero. "
                          "Off by default: RFC 2710 §3.2 says receivers ignore the code.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MldProtocol::m_strictCode),
                          MakeBooleanChecker())
            .AddAttribute("Listener",
                          "The host part (MldListener), read-only.",
                          TypeId::ATTR_GET,
                          PointerValue(),
                          MakePointerAccessor(&MldProtocol::GetListener),
                          MakePointerChecker<MldListener>())
            .AddTraceSource("Tx",
                            "An MLD message was sent.",
                            MakeTraceSourceAccessor(&MldProtocol::m_txTrace),
                            "ns3::MldProtocol::MessageTracedCallback")
            .AddTraceSource("Rx",
                            "An MLD message was received and accepted.",
                            MakeTraceSourceAccessor(&MldProtocol::m_rxTrace),
                            "ns3::MldProtocol::MessageTracedCallback")
            .AddTraceSource("Drop",
                            "A received MLD message was dropped.",
                            MakeTraceSourceAccessor(&MldProtocol::m_dropTrace),
                            "ns3::MldProtocol::DropTracedCallback")
            .AddTraceSource("V2ReportTx",
                            "An MLDv2 report was sent (with its records).",
                            MakeTraceSourceAccessor(&MldProtocol::m_v2TxTrace),
                            "ns3::MldProtocol::V2ReportTracedCallback")
            .AddTraceSource("V2ReportRx",
                            "An MLDv2 report was received and accepted (with its records).",
                            MakeTraceSourceAccessor(&MldProtocol::m_v2RxTrace),
                            "ns3::MldProtocol::V2ReportTracedCallback");
    return tid;
}

MldProtocol::MldProtocol()
    : m_listener(CreateObject<MldListener>()),
      m_strictCode(false)
{
    NS_LOG_FUNCTION(this);
    m_listener->SetProtocol(this);
}

MldProtocol::~MldProtocol()
{
    NS_LOG_FUNCTION(this);
}

void
MldProtocol::DoDispose()
{
    NS_LOG_FUNCTION(this);
    MldStopTimer(m_startEvent);
    for (auto& mif : m_interfaces)
    {
        if (mif)
        {
            if (mif->querier)
            {
                mif->querier->Dispose();
                mif->querier = nullptr;
            }
            m_listener->Purge(*mif);
        }
    }
    m_interfaces.clear();
    if (m_ipv6)
    {
        m_ipv6->TraceDisconnectWithoutContext("Rx", MakeCallback(&MldProtocol::ReceiveTap, this));
    }
    if (m_hopByHop)
    {
        m_hopByHop->SetProtocol(nullptr); // from now on, ns-3's Hop-by-Hop processing
        m_hopByHop = nullptr;
    }
    m_hopByHopPacket = nullptr;
    if (m_routing)
    {
        m_routing->SetProtocol(nullptr);
    }
    m_listener->Dispose();
    m_listener = nullptr;
    m_routing = nullptr;
    m_ipv6 = nullptr;
    m_node = nullptr;
    Object::DoDispose();
}

void
MldProtocol::Attach(Ptr<Node> node, Ptr<MldRouting> routing, const std::set<uint32_t>& interfaces)
{
    NS_LOG_FUNCTION(this << node);
    NS_ABORT_MSG_IF(m_node, "MldProtocol: already attached to node " << m_node->GetId());
    m_node = node;
    m_ipv6 = node->GetObject<Ipv6L3Protocol>();
    NS_ABORT_MSG_IF(!m_ipv6,
                    "MldProtocol: node " << node->GetId() << " has no IPv6 stack; install "
                                         << "InternetStackHelper first");
    m_routing = routing;
    m_enabled = interfaces;
    m_ipv6->TraceConnectWithoutContext("Rx", MakeCallback(&MldProtocol::ReceiveTap, this));
    InstallHopByHopExtension();
    for (uint32_t i = 0; i < m_ipv6->GetNInterfaces(); ++i)
    {
        EnsureInterface(i);
    }
}

void
MldProtocol::InstallHopByHopExtension()
{
    // The demux holds one extension per header number: MLD's replaces ns-3's (which it
    // extends), as a kernel's Router Alert chain sits in its Hop-by-Hop processing.
    Ptr<Ipv6ExtensionDemux> demux = m_node->GetObject<Ipv6ExtensionDemux>();
    NS_ABORT_MSG_IF(!demux,
                    "MldProtocol: node " << m_node->GetId() << " has no Ipv6ExtensionDemux");
    Ptr<Ipv6Extension> current = demux->GetExtension(Ipv6ExtensionHopByHop::EXT_NUMBER);
    if (current)
    {
        demux->Remove(current);
    }
    m_hopByHop = CreateObject<MldHopByHopExtension>();
    m_hopByHop->SetNode(m_node);
    m_hopByHop->SetProtocol(this);
    demux->Insert(m_hopByHop);
}

Ptr<MldInterface>
MldProtocol::EnsureInterface(uint32_t interface)
{
    if (!m_ipv6 || interface >= m_ipv6->GetNInterfaces())
    {
        return nullptr;
    }
    if (interface < m_interfaces.size() && m_interfaces[interface])
    {
        return m_interfaces[interface];
    }
    if (DynamicCast<LoopbackNetDevice>(m_ipv6->GetNetDevice(interface)) ||
        (!m_enabled.empty() && m_enabled.count(interface) == 0))
    {
        return nullptr; // no MLD on the loopback, nor where it was not installed
    }
    if (m_interfaces.size() <= interface)
    {
        m_interfaces.resize(interface + 1);
    }
    Ptr<MldInterface> mif = Create<MldInterface>(interface);
    m_interfaces[interface] = mif;
    mif->version = m_listener->GetDefaultVersion();
    mif->up = m_started && m_ipv6->IsUp(interface);
    // All-nodes is joined on every interface and never reported (RFC 2710 §5).
    m_listener->Join(*mif, Ipv6Address::GetAllNodesMulticast(), false);
    SyncAutomaticGroups(*mif);
    return mif;
}

void
MldProtocol::SyncAutomaticGroups(MldInterface& mif, bool joinNew)
{
    uint32_t i = mif.GetIndex();
    if (m_started && m_ipv6->IsUp(i))
    {
        // Solicited-node group of every unicast address (RFC 4861 §7.2.1), first
        // report delayed (RFC 4862 §5.4.2). Addresses lost while down are released here.
        std::map<Ipv6Address, Ipv6Address> present;
        for (uint32_t j = 0; j < m_ipv6->GetNAddresses(i); ++j)
        {
            Ipv6Address a = m_ipv6->GetAddress(i, j).GetAddress();
            if (!a.IsMulticast() && !a.IsAny() && !a.IsLocalhost())
            {
                present[a] = Ipv6Address::MakeSolicitedAddress(a);
            }
        }
        for (auto it = mif.solicitedJoins.begin(); it != mif.solicitedJoins.end();)
        {
            if (present.count(it->first) == 0)
            {
                m_listener->Leave(mif, it->second);
                it = mif.solicitedJoins.erase(it);
            }
            else
            {
                ++it;
            }
        }
        for (const auto& [address, solicited] : present)
        {
            if (joinNew && mif.solicitedJoins.emplace(address, solicited).second)
            {
                m_listener->Join(mif, solicited, true);
            }
        }
    }
    if (!joinNew)
    {
        return;
    }
    // All-routers on forwarding interfaces (RFC 4291 §2.7.1).
    bool forwarding = m_ipv6->IsForwarding(i) || mif.querier;
    if (forwarding != mif.forwarding)
    {
        mif.forwarding = forwarding;
        if (forwarding)
        {
            m_listener->Join(mif, Ipv6Address::GetAllRoutersMulticast(), false);
        }
        else
        {
            m_listener->Leave(mif, Ipv6Address::GetAllRoutersMulticast());
        }
    }
}

namespace
{
/**
 * \param ok result
 * \param error where to store the reason
 * \param reason the reason when !ok
 * \return ok
 */
bool
Refuse(std::string& error, const std::string& reason)
{
    error = reason;
    NS_LOG_WARN(reason);
    return false;
}
} // namespace

bool
MldProtocol::Join(uint32_t interface, Ipv6Address group)
{
    NS_LOG_FUNCTION(this << interface << group);
    std::ostringstream where;
    where << "Join " << group << " on interface " << interface << ": ";
    Ptr<MldInterface> mif = GetInterface(interface);
    if (!mif)
    {
        return Refuse(m_lastError, where.str() + "no MLD on that interface");
    }
    if (!group.IsMulticast())
    {
        return Refuse(m_lastError, where.str() + "not a multicast address");
    }
    if (MldListener::IsSourceSpecific(group))
    {
        // RFC 4604 §2.2.1: an any-source join is an EXCLUDE {} filter, refused for SSM.
        return Refuse(m_lastError,
                      where.str() + "any-source join refused in the source-specific range "
                                    "ff3x::/96 (RFC 4604); use JoinSource");
    }
    m_listener->Join(*mif, group, false);
    m_lastError.clear();
    return true;
}

bool
MldProtocol::Leave(uint32_t interface, Ipv6Address group)
{
    NS_LOG_FUNCTION(this << interface << group);
    Ptr<MldInterface> mif = GetInterface(interface);
    MldMembershipRecord* rec = mif ? mif->Find(group) : nullptr;
    // The memberships MLD holds itself are not the caller's to leave.
    uint32_t automatic = rec ? AutomaticReferences(*mif, group) : 0;
    if (!rec || rec->refCount <= automatic || !m_listener->Leave(*mif, group))
    {
        std::ostringstream reason;
        reason << "Leave " << group << " on interface " << interface << ": no such join";
        return Refuse(m_lastError, reason.str());
    }
    m_lastError.clear();
    return true;
}

uint32_t
MldProtocol::AutomaticReferences(const MldInterface& mif, Ipv6Address group) const
{
    uint32_t count = group == Ipv6Address::GetAllNodesMulticast() ? 1 : 0;
    count += group == Ipv6Address::GetAllRoutersMulticast() && mif.forwarding ? 1 : 0;
    for (const auto& [address, solicited] : mif.solicitedJoins)
    {
        count += solicited == group ? 1 : 0;
    }
    return count;
}

bool
MldProtocol::SetSourceFilter(uint32_t interface,
                             Ipv6Address group,
                             uint64_t socket,
                             bool exclude,
                             const std::set<Ipv6Address>& sources)
{
    NS_LOG_FUNCTION(this << interface << group << socket << exclude << sources.size());
    std::ostringstream where;
    where << "SetSourceFilter " << group << " on interface " << interface << ": ";
    Ptr<MldInterface> mif = GetInterface(interface);
    if (!mif)
    {
        return Refuse(m_lastError, where.str() + "no MLD on that interface");
    }
    for (const auto& s : sources)
    {
        if (s.IsMulticast() || s.IsAny())
        {
            return Refuse(m_lastError, where.str() + "a source must be a unicast address");
        }
    }
    std::string error = m_listener->SetSourceFilter(*mif, group, socket, {exclude, sources});
    if (!error.empty())
    {
        return Refuse(m_lastError, where.str() + error);
    }
    m_lastError.clear();
    return true;
}

bool
MldProtocol::JoinSource(uint32_t interface, Ipv6Address group, Ipv6Address source, uint64_t socket)
{
    Ptr<MldInterface> mif = GetInterface(interface);
    MldSourceFilter f =
        mif ? m_listener->GetSourceFilter(*mif, group, socket) : MldSourceFilter{false, {}};
    if (f.exclude)
    {
        return Refuse(m_lastError, "JoinSource: the socket is in EXCLUDE mode on that group");
    }
    f.sources.insert(source);
    return SetSourceFilter(interface, group, socket, false, f.sources);
}

bool
MldProtocol::LeaveSource(uint32_t interface, Ipv6Address group, Ipv6Address source, uint64_t socket)
{
    Ptr<MldInterface> mif = GetInterface(interface);
    MldSourceFilter f =
        mif ? m_listener->GetSourceFilter(*mif, group, socket) : MldSourceFilter{false, {}};
    if (f.exclude || f.sources.erase(source) == 0)
    {
        return Refuse(m_lastError, "LeaveSource: the socket does not include that source");
    }
    return SetSourceFilter(interface, group, socket, false, f.sources);
}

std::string
MldProtocol::GetLastError() const
{
    return m_lastError;
}

bool
MldProtocol::SetVersion(uint32_t interface, uint8_t version)
{
    Ptr<MldInterface> mif = GetInterface(interface);
    if (!mif || version > 2)
    {
        return false;
    }
    m_listener->SetVersion(*mif, version);
    return true;
}

uint8_t
MldProtocol::GetVersion(uint32_t interface) const
{
    Ptr<MldInterface> mif = GetInterface(interface);
    return mif ? mif->GetHostVersion() : 0;
}

void
MldProtocol::SetListener(Ptr<MldListener> listener)
{
    NS_ABORT_MSG_IF(m_node, "MldProtocol::SetListener: already attached");
    NS_ABORT_MSG_IF(!listener, "MldProtocol::SetListener: null listener");
    m_listener->Dispose();
    m_listener = listener;
    m_listener->SetProtocol(this);
}

bool
MldProtocol::SetRouter(uint32_t interface, bool enable, Ptr<MldQuerier> querier)
{
    NS_LOG_FUNCTION(this << interface << enable);
    Ptr<MldInterface> mif = GetInterface(interface);
    if (!mif)
    {
        return false;
    }
    if (enable && !mif->querier)
    {
        mif->forwardingBeforeRouter = m_ipv6->IsForwarding(interface);
        m_ipv6->SetForwarding(interface, true);
        mif->querier = querier ? querier : CreateObject<MldQuerier>();
        mif->querier->Attach(this, mif);
        SyncAutomaticGroups(*mif);
        if (mif->up)
        {
            mif->querier->Start();
        }
    }
    else if (!enable && mif->querier)
    {
        mif->querier->Dispose();
        mif->querier = nullptr;
        m_ipv6->SetForwarding(interface, mif->forwardingBeforeRouter);
        SyncAutomaticGroups(*mif);
    }
    return true;
}

Ptr<MldQuerier>
MldProtocol::GetQuerier(uint32_t interface) const
{
    Ptr<MldInterface> mif = GetInterface(interface);
    return mif ? mif->querier : nullptr;
}

Ptr<MldListener>
MldProtocol::GetListener() const
{
    return m_listener;
}

Ptr<MldRouting>
MldProtocol::GetRouting() const
{
    return m_routing;
}

Ptr<MldInterface>
MldProtocol::GetInterface(uint32_t interface) const
{
    return interface < m_interfaces.size() ? m_interfaces[interface] : nullptr;
}

Ptr<Ipv6L3Protocol>
MldProtocol::GetIpv6() const
{
    return m_ipv6;
}

bool
MldProtocol::HasRecord(uint32_t interface, Ipv6Address group) const
{
    Ptr<MldInterface> mif = GetInterface(interface);
    return mif && mif->records.count(group) > 0;
}

std::vector<MldRecordInfo>
MldProtocol::GetRecords(uint32_t interface) const
{
    std::vector<MldRecordInfo> out;
    Ptr<MldInterface> mif = GetInterface(interface);
    if (!mif)
    {
        return out;
    }
    for (const auto& [group, rec] : mif->records)
    {
        MldRecordInfo info;
        info.interface = interface;
        info.group = group;
        info.refCount = rec.GetReferences();
        info.filter = rec.GetFilter();
        info.flag = rec.flag;
        info.timerRunning = !rec.timer.IsExpired();
        info.timerRemaining = info.timerRunning ? Simulator::GetDelayLeft(rec.timer) : Time(0);
        info.linkLayer = Mac48Address::GetMulticast(group);
        info.linkLayerRefs = mif->GetLinkLayerRefs(info.linkLayer);
        out.push_back(info);
    }
    return out;
}

std::vector<MldRecordInfo>
MldProtocol::GetRecords() const
{
    std::vector<MldRecordInfo> out;
    for (uint32_t i = 0; i < m_interfaces.size(); ++i)
    {
        auto part = GetRecords(i);
        out.insert(out.end(), part.begin(), part.end());
    }
    return out;
}

void
MldProtocol::PrintRecords(Ptr<OutputStreamWrapper> stream) const
{
    std::ostream& os = *stream->GetStream();
    os << "Node " << (m_node ? m_node->GetId() : 0) << " MLD records at "
       << Simulator::Now().As(Time::S) << "\n";
    os << std::left << std::setw(4) << "If" << std::setw(26) << "Group" << std::setw(5) << "Ref"
       << std::setw(15) << "Flag" << std::setw(12) << "Timer" << std::setw(19) << "Link-layer"
       << std::setw(7) << "LLRefs"
       << "Filter\n";
    for (const auto& r : GetRecords())
    {
        std::ostringstream group;
        group << r.group;
        std::ostringstream timer;
        if (r.timerRunning)
        {
            timer << std::fixed << std::setprecision(3) << r.timerRemaining.GetSeconds() << "s";
        }
        else
        {
            timer << "-";
        }
        std::ostringstream flag;
        flag << r.flag;
        std::ostringstream mac;
        mac << r.linkLayer;
        os << std::left << std::setw(4) << r.interface << std::setw(26) << group.str()
           << std::setw(5) << r.refCount << std::setw(15) << flag.str() << std::setw(12)
           << timer.str() << std::setw(19) << mac.str() << std::setw(7) << r.linkLayerRefs
           << (r.filter.exclude ? "EX{" : "IN{");
        bool first = true;
        for (const auto& s : r.filter.sources)
        {
            os << (first ? "" : " ") << s;
            first = false;
        }
        os << "}\n";
    }
    os << std::right;
}

MldInterfaceStatistics
MldProtocol::GetStatistics(uint32_t interface) const
{
    Ptr<MldInterface> mif = GetInterface(interface);
    return mif ? mif->stats : MldInterfaceStatistics();
}

uint64_t
MldProtocol::GetDropCount(uint32_t interface, MldDropReason reason) const
{
    Ptr<MldInterface> mif = GetInterface(interface);
    return mif ? mif->GetDropCount(reason) : 0;
}

int64_t
MldProtocol::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    int64_t used = m_listener->AssignStreams(stream);
    for (const auto& mif : m_interfaces)
    {
        if (mif && mif->querier)
        {
            used += mif->querier->AssignStreams(stream + used);
        }
    }
    return used;
}

Ipv6Address
MldProtocol::SelectSource(uint32_t interface) const
{
    // RFC 3590 §4: a link-local address, or :: while none is usable (DAD not done).
    for (uint32_t j = 0; j < m_ipv6->GetNAddresses(interface); ++j)
    {
        Ipv6InterfaceAddress a = m_ipv6->GetAddress(interface, j);
        if (!a.GetAddress().IsLinkLocal())
        {
            continue;
        }
        switch (a.GetState())
        {
        case Ipv6InterfaceAddress::PREFERRED:
        case Ipv6InterfaceAddress::PERMANENT:
        case Ipv6InterfaceAddress::DEPRECATED:
            return a.GetAddress();
        default:
            break; // tentative, optimistic or invalid
        }
    }
    return Ipv6Address::GetAny();
}

Ipv6Address
MldProtocol::GetLinkLocalAddress(uint32_t interface) const
{
    for (uint32_t j = 0; j < m_ipv6->GetNAddresses(interface); ++j)
    {
        Ipv6Address address = m_ipv6->GetAddress(interface, j).GetAddress();
        if (address.IsLinkLocal())
        {
            return address;
        }
    }
    return Ipv6Address::GetAny();
}

void
MldProtocol::SendMessage(uint32_t interface,
                         MldHeader& message,
                         Ipv6Address source,
                         Ipv6Address destination)
{
    if (Node::ChecksumEnabled())
    {
        message.EnableChecksum(source, destination);
    }
    Ptr<Packet> packet = Create<Packet>();
    packet->AddHeader(message);

    // RFC 2710 §3, RFC 9777 §5: Hop-by-Hop header with a Router Alert (value 0: MLD).
    Ipv6ExtensionHopByHopHeader hopByHop;
    hopByHop.SetNextHeader(Ipv6Header::IPV6_ICMPV6);
    Ipv6OptionRouterAlertHeader routerAlert;
    routerAlert.SetValue(0);
    hopByHop.AddOption(routerAlert);
    packet->AddHeader(hopByHop);

    // Hop limit 1.
    SocketIpv6HopLimitTag hopLimit;
    hopLimit.SetHopLimit(1);
    packet->AddPacketTag(hopLimit);

    Ptr<Ipv6Route> route = Create<Ipv6Route>();
    route->SetSource(source);
    route->SetDestination(destination);
    route->SetGateway(Ipv6Address::GetZero());
    route->SetOutputDevice(m_ipv6->GetNetDevice(interface));
    NS_LOG_LOGIC("node " << m_node->GetId() << " if " << interface << " sends type "
                         << +message.GetType() << " " << source << " -> " << destination);
    m_ipv6->Send(packet, source, destination, Ipv6Header::IPV6_EXT_HOP_BY_HOP, route);
}

bool
MldProtocol::SendV1(uint32_t interface,
                    uint8_t type,
                    Ipv6Address group,
                    Ipv6Address destination,
                    uint16_t maxResponseDelayMs)
{
    Ptr<MldInterface> mif = GetInterface(interface);
    if (!mif || !mif->up)
    {
        return false; // nothing is sent on a down interface
    }
    Ipv6Address source = SelectSource(interface);
    MldV1Header header(type);
    header.SetMulticastAddress(group);
    header.SetMaxResponseDelay(maxResponseDelayMs);
    switch (type)
    {
    case MldHeader::LISTENER_QUERY:
        ++mif->stats.outQueries;
        break;
    case MldHeader::LISTENER_REPORT:
        ++mif->stats.outReports;
        break;
    default:
        ++mif->stats.outDones;
        break;
    }
    m_txTrace(interface, type, group, source, destination);
    SendMessage(interface, header, source, destination);
    if (type == MldHeader::LISTENER_QUERY)
    {
        // A multicast router hears its own queries (the seeds loop MLD back to an
        // mrouter), so its host part reports its groups to the other routers too.
        ListenerHearsV1Query(*mif, group, maxResponseDelayMs);
    }
    return true;
}

bool
MldProtocol::SendV2Query(uint32_t interface, MldV2QueryHeader query)
{
    Ptr<MldInterface> mif = GetInterface(interface);
    Ipv6Address source = SelectSource(interface);
    if (!mif || !mif->up || source.IsAny())
    {
        return false; // RFC 9777 §5.1.14: queries need a link-local source
    }
    Ipv6Address group = query.GetMulticastAddress();
    // RFC 9777 §5.1.15: general queries to ff02::1, the others to the group.
    Ipv6Address destination = group.IsAny() ? Ipv6Address::GetAllNodesMulticast() : group;
    ++mif->stats.outQueries;
    m_txTrace(interface, MldHeader::LISTENER_QUERY, group, source, destination);
    SendMessage(interface, query, source, destination);
    m_listener->HandleV2Query(*mif, query); // the router hears its own query, as above
    return true;
}

uint32_t
MldProtocol::SendV2Report(uint32_t interface, const std::vector<MldAddressRecord>& records)
{
    Ptr<MldInterface> mif = GetInterface(interface);
    if (!mif || !mif->up || records.empty())
    {
        return 0;
    }
    // RFC 9777 §5.2.15: as many reports as the link MTU needs; a record is not split.
    uint32_t mtu = m_ipv6->GetMtu(interface);
    uint32_t room =
        mtu > 40 + 8 + MldV2ReportHeader::MIN_SIZE ? mtu - 40 - 8 - MldV2ReportHeader::MIN_SIZE : 0;
    Ipv6Address source = SelectSource(interface);
    Ipv6Address destination = AllMldv2Routers();
    uint32_t sent = 0;
    size_t next = 0;
    while (next < records.size())
    {
        MldV2ReportHeader report;
        uint32_t used = 0;
        while (next < records.size() &&
               (report.GetRecords().empty() || used + records[next].GetSerializedSize() <= room))
        {
            used += records[next].GetSerializedSize();
            report.AddRecord(records[next++]);
        }
        ++mif->stats.outV2Reports;
        m_txTrace(interface,
                  MldHeader::V2_LISTENER_REPORT,
                  Ipv6Address::GetAny(),
                  source,
                  destination);
        m_v2TxTrace(interface, report, source);
        SendMessage(interface, report, source, destination);
        ++sent;
    }
    return sent;
}

void
MldProtocol::ListenerHearsV1Query(MldInterface& mif, Ipv6Address group, uint16_t maxDelayMs)
{
    // RFC 9777 §8.2.1: an MLDv1 querier turns a negotiating interface to MLDv1.
    m_listener->OlderQuerierHeard(mif, MilliSeconds(maxDelayMs));
    if (mif.GetHostVersion() == 1)
    {
        m_listener->HandleQuery(mif, group, MilliSeconds(maxDelayMs));
        return;
    }
    // A host forced to MLDv2 answers an MLDv1 query as the same MLDv2 query.
    MldV2QueryHeader asV2;
    asV2.SetMulticastAddress(group);
    asV2.SetMaxResponseDelayMs(maxDelayMs);
    m_listener->HandleV2Query(mif, asV2);
}

bool
MldProtocol::IsOwnAddress(Ipv6Address address) const
{
    return m_ipv6->GetInterfaceForAddress(address) >= 0;
}

bool
MldProtocol::IsInterfaceAddress(const MldInterface& mif, Ipv6Address address) const
{
    if (address.IsMulticast())
    {
        return address == Ipv6Address::GetAllNodesMulticast() ||
               (mif.querier && address == Ipv6Address::GetAllRoutersMulticast()) ||
               mif.records.count(address) > 0;
    }
    return m_ipv6->GetInterfaceForAddress(address) == static_cast<int32_t>(mif.GetIndex());
}

bool
MldProtocol::IsReceivable(const MldInterface& mif, Ipv6Address destination) const
{
    // A router interface receives every MLD message (all-multicast, like a BSD mrouter).
    return mif.querier || IsInterfaceAddress(mif, destination);
}

void
MldProtocol::ReceiveTap(Ptr<const Packet> packet, Ptr<Ipv6> ipv6, uint32_t interface)
{
    // The IPv6 next header (octet 6) and the octet after the fixed header (octet 40).
    m_hopByHopPacket = nullptr;
    uint8_t head[41];
    if (packet->GetSize() < sizeof(head))
    {
        return; // too short for any MLD message
    }
    packet->CopyData(head, sizeof(head));
    switch (head[6])
    {
    case Ipv6Header::IPV6_EXT_HOP_BY_HOP:
        // ReceiveHopByHop follows within this same Ipv6L3Protocol::Receive call.
        m_hopByHopPacket = PeekPointer(packet);
        m_hopByHopInterface = interface;
        break;
    case Ipv6Header::IPV6_ICMPV6:
        if (MldMessage::IsMldType(head[40]))
        {
            Receive(packet, interface); // no Router Alert: counted and dropped there
        }
        break;
    case Ipv6Header::IPV6_EXT_DESTINATION:
    case Ipv6Header::IPV6_EXT_ROUTING:
        Receive(packet, interface); // rare; Inspect walks to a possible MLD message
        break;
    default:
        break; // data
    }
}

bool
MldProtocol::ReceiveHopByHop(Ptr<const Packet> packet, const Ipv6Header& header)
{
    if (PeekPointer(packet) != m_hopByHopPacket)
    {
        return false; // not a packet the Rx trace announced (LocalDeliver's second pass)
    }
    m_hopByHopPacket = nullptr;
    int32_t type = MldMessage::HopByHopIcmpv6Type(packet);
    if (type < 0)
    {
        return false; // not ICMPv6: ns-3's extension processes it
    }
    Ptr<Packet> whole = packet->Copy();
    whole->AddHeader(header);
    Receive(whole, m_hopByHopInterface);
    return MldMessage::IsMldType(type);
}

void
MldProtocol::Drop(Ptr<const Packet> packet, MldInterface& mif, MldDropReason reason)
{
    NS_LOG_LOGIC("node " << m_node->GetId() << " if " << mif.GetIndex() << " drops: " << reason);
    mif.CountDrop(reason);
    m_dropTrace(packet, mif.GetIndex(), reason);
}

void
MldProtocol::Receive(Ptr<const Packet> packet, uint32_t interface)
{
    Ptr<MldInterface> mif = GetInterface(interface);
    if (!mif || !mif->up)
    {
        return;
    }
    uint32_t size = packet->GetSize();
    std::vector<uint8_t> bytes(size);
    packet->CopyData(bytes.data(), size);
    MldMessage::Info info = MldMessage::Inspect(bytes.data(), size, Node::ChecksumEnabled());
    if (info.kind == MldMessage::NOT_MLD || !IsReceivable(*mif, info.destination))
    {
        return;
    }

    // Validation, in the order of RFC 2710 §3/§5 and the seeds' mld_input().
    if (info.kind == MldMessage::UNKNOWN_TYPE)
    {
        return Drop(packet, *mif, MldDropReason::UNKNOWN_TYPE);
    }
    if (!info.source.IsLinkLocal())
    {
        return Drop(packet, *mif, MldDropReason::BAD_SOURCE);
    }
    if (info.hopLimit != 1)
    {
        return Drop(packet, *mif, MldDropReason::BAD_HOP_LIMIT);
    }
    if (!info.routerAlert)
    {
        return Drop(packet, *mif, MldDropReason::NO_ROUTER_ALERT);
    }
    if (info.kind == MldMessage::MALFORMED)
    {
        switch (info.error)
        {
        case MldMessage::BAD_CHECKSUM:
            return Drop(packet, *mif, MldDropReason::BAD_CHECKSUM);
        case MldMessage::BAD_LENGTH:
            return Drop(packet, *mif, MldDropReason::BAD_LENGTH);
        case MldMessage::SOURCE_OVERRUN:
            return Drop(packet, *mif, MldDropReason::SOURCE_OVERRUN);
        default:
            return Drop(packet, *mif, MldDropReason::TOO_SHORT);
        }
    }
    if (m_strictCode && info.icmpCode != 0)
    {
        return Drop(packet, *mif, MldDropReason::BAD_CODE);
    }
    if (IsOwnAddress(info.source))
    {
        return; // our own message looped back: ignored (seeds: M_LOOP)
    }

    switch (info.kind)
    {
    case MldMessage::V1_QUERY: {
        // RFC 2710 §3.6: the address is :: (general) or a multicast group.
        if (!info.group.IsAny() && !info.group.IsMulticast())
        {
            return Drop(packet, *mif, MldDropReason::BAD_ADDRESS);
        }
        ++mif->stats.inQueries;
        m_rxTrace(interface, info.icmpType, info.group, info.source, info.destination);
        Time maxDelay = MilliSeconds(info.maxResponseCode);
        if (mif->querier)
        {
            mif->querier->HandleQuery(info.source, info.group, maxDelay);
        }
        ListenerHearsV1Query(*mif, info.group, info.maxResponseCode);
        break;
    }
    case MldMessage::V2_QUERY: {
        MldV2QueryHeader query;
        Ptr<Packet> message = Create<Packet>(bytes.data() + info.icmpOffset, info.icmpLength);
        if (message->RemoveHeader(query) == 0)
        {
            return Drop(packet, *mif, MldDropReason::SOURCE_OVERRUN);
        }
        if (!info.group.IsAny() && !info.group.IsMulticast())
        {
            return Drop(packet, *mif, MldDropReason::BAD_ADDRESS);
        }
        if (info.group.IsAny() && !query.GetSources().empty())
        {
            return Drop(packet, *mif, MldDropReason::QUERY_SOURCES); // RFC 9777 §5.1.10
        }
        ++mif->stats.inQueries;
        m_rxTrace(interface, info.icmpType, info.group, info.source, info.destination);
        if (mif->querier)
        {
            mif->querier->HandleV2Query(info.source, query);
        }
        m_listener->HandleV2Query(*mif, query);
        break;
    }
    case MldMessage::V1_REPORT:
    case MldMessage::V1_DONE: {
        if (!info.group.IsMulticast() || !MldListener::IsReportable(info.group))
        {
            return Drop(packet, *mif, MldDropReason::BAD_ADDRESS);
        }
        bool report = info.kind == MldMessage::V1_REPORT;
        // RFC 2710 §4: a Report goes to the group it reports (FreeBSD drops it otherwise,
        // so that it neither suppresses the group's reports nor creates router state),
        // a Done to the link-scope all-routers address.
        if (report ? info.destination != info.group
                   : info.destination != Ipv6Address::GetAllRoutersMulticast())
        {
            return Drop(packet, *mif, MldDropReason::BAD_DESTINATION);
        }
        ++(report ? mif->stats.inReports : mif->stats.inDones);
        m_rxTrace(interface, info.icmpType, info.group, info.source, info.destination);
        if (mif->querier)
        {
            if (report)
            {
                mif->querier->HandleReport(info.group);
            }
            else
            {
                mif->querier->HandleDone(info.group);
            }
        }
        if (report)
        {
            m_listener->HandleReport(*mif, info.group);
        }
        break;
    }
    case MldMessage::V2_REPORT: {
        // RFC 9777 §5.2.14: sent to ff02::16; a report to any address of the interface
        // (unicast, or a multicast address it listens to) is accepted too.
        if (info.destination != AllMldv2Routers() && !IsInterfaceAddress(*mif, info.destination))
        {
            return Drop(packet, *mif, MldDropReason::BAD_DESTINATION);
        }
        MldV2ReportHeader report;
        Ptr<Packet> message = Create<Packet>(bytes.data() + info.icmpOffset, info.icmpLength);
        if (message->RemoveHeader(report) == 0)
        {
            return Drop(packet, *mif, MldDropReason::SOURCE_OVERRUN);
        }
        ++mif->stats.inV2Reports;
        m_rxTrace(interface, info.icmpType, Ipv6Address::GetAny(), info.source, info.destination);
        m_v2RxTrace(interface, report, info.source);
        // Hosts ignore MLDv2 reports (RFC 9777 §6); routers take them record by record.
        if (mif->querier)
        {
            for (const auto& record : report.GetRecords())
            {
                if (record.type < MldAddressRecord::MODE_IS_INCLUDE ||
                    record.type > MldAddressRecord::BLOCK_OLD_SOURCES)
                {
                    // RFC 9777 §5.2.12: an unknown record type is skipped.
                    Drop(packet, *mif, MldDropReason::UNKNOWN_RECORD);
                }
                else if (!record.group.IsMulticast() || !MldListener::IsReportable(record.group))
                {
                    Drop(packet, *mif, MldDropReason::BAD_ADDRESS);
                }
                else
                {
                    mif->querier->HandleV2Record(record);
                }
            }
        }
        break;
    }
    default:
        break;
    }
}

void
MldProtocol::DoInitialize()
{
    NS_LOG_FUNCTION(this);
    // Start in an event of its own: the node's other aggregated objects (the traffic
    // control layer among them) are not all initialized yet while this runs.
    m_startEvent = Simulator::ScheduleNow(&MldProtocol::Start, this); // in the node's context
    Object::DoInitialize();
}

void
MldProtocol::Start()
{
    NS_LOG_FUNCTION(this);
    m_started = true;
    for (const auto& mif : m_interfaces)
    {
        if (mif && m_ipv6->IsUp(mif->GetIndex()))
        {
            BringUp(*mif);
        }
    }
}

void
MldProtocol::BringUp(MldInterface& mif)
{
    if (mif.up)
    {
        return;
    }
    // Memberships of addresses lost while down go first and silently (the interface
    // still counts as down); then every group is reported; then the solicited-node
    // groups of new addresses are joined with their delayed first report.
    SyncAutomaticGroups(mif, false);
    mif.up = true;
    m_listener->InterfaceUp(mif);
    SyncAutomaticGroups(mif, true);
    if (mif.querier)
    {
        mif.querier->Start();
    }
}

void
MldProtocol::NotifyInterfaceUp(uint32_t interface)
{
    NS_LOG_FUNCTION(this << interface);
    Ptr<MldInterface> mif = EnsureInterface(interface);
    if (mif && m_started)
    {
        BringUp(*mif);
    }
}

void
MldProtocol::NotifyInterfaceDown(uint32_t interface)
{
    NS_LOG_FUNCTION(this << interface);
    Ptr<MldInterface> mif = GetInterface(interface);
    if (!mif || !mif->up)
    {
        return;
    }
    mif->up = false;
    m_listener->InterfaceDown(*mif);
    if (mif->querier)
    {
        mif->querier->Stop();
    }
}

void
MldProtocol::NotifyAddAddress(uint32_t interface, Ipv6InterfaceAddress address)
{
    NS_LOG_FUNCTION(this << interface << address);
    Ptr<MldInterface> mif = EnsureInterface(interface);
    if (mif)
    {
        SyncAutomaticGroups(*mif);
    }
}

void
MldProtocol::NotifyRemoveAddress(uint32_t interface, Ipv6InterfaceAddress address)
{
    NS_LOG_FUNCTION(this << interface << address);
    Ptr<MldInterface> mif = GetInterface(interface);
    if (!mif)
    {
        return;
    }
    // Only the solicited-node membership of that address goes; the others stay,
    // even when it was the last address (the seeds' multicast kludge).
    auto it = mif->solicitedJoins.find(address.GetAddress());
    if (it != mif->solicitedJoins.end())
    {
        m_listener->Leave(*mif, it->second);
        mif->solicitedJoins.erase(it);
    }
}

} // namespace ns3
