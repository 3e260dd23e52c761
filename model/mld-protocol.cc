/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-protocol.h"

#include "mld-input.h"
#include "mld-listener.h"
#include "mld-proxy.h"
#include "mld-querier.h"
#include "mld-routing.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"

#include <iomanip>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldProtocol");

NS_OBJECT_ENSURE_REGISTERED(MldProtocol);

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
                            "ns3::MldProtocol::V2ReportTracedCallback")
            .AddTraceSource("Refused",
                            "A join, leave or source filter was refused (nothing changed).",
                            MakeTraceSourceAccessor(&MldProtocol::m_refusedTrace),
                            "ns3::MldProtocol::RefusedTracedCallback");
    return tid;
}

MldProtocol::MldProtocol()
    : m_ipv6(Create<MldIpv6Adapter>()),
      m_strictCode(false)
{
    NS_LOG_FUNCTION(this);
    m_listenerFactory.SetTypeId(MldListener::GetTypeId());
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
            mif->Purge();
        }
    }
    m_interfaces.clear();
    if (m_proxy)
    {
        m_proxy->Dispose();
        m_proxy = nullptr;
    }
    m_ipv6->Detach();
    if (m_routing)
    {
        m_routing->SetProtocol(nullptr);
    }
    m_routing = nullptr;
    m_node = nullptr;
    Object::DoDispose();
}

void
MldProtocol::SetListenerFactory(const ObjectFactory& factory)
{
    NS_ABORT_MSG_IF(m_node, "MldProtocol::SetListenerFactory: already attached");
    m_listenerFactory = factory;
}

void
MldProtocol::Attach(Ptr<Node> node, Ptr<MldRouting> routing, const std::set<uint32_t>& interfaces)
{
    NS_LOG_FUNCTION(this << node);
    NS_ABORT_MSG_IF(m_node, "MldProtocol: already attached to node " << m_node->GetId());
    m_node = node;
    m_routing = routing;
    m_enabled = interfaces;
    m_ipv6->Attach(node, MakeCallback(&MldProtocol::ReceiveBytes, this));
    for (uint32_t i = 0; i < m_ipv6->GetNInterfaces(); ++i)
    {
        EnsureInterface(i);
    }
}

Ptr<MldInterface>
MldProtocol::EnsureInterface(uint32_t interface)
{
    if (interface >= m_ipv6->GetNInterfaces())
    {
        return nullptr;
    }
    if (interface < m_interfaces.size() && m_interfaces[interface])
    {
        return m_interfaces[interface];
    }
    if (m_ipv6->IsLoopback(interface) || (!m_enabled.empty() && m_enabled.count(interface) == 0))
    {
        return nullptr; // no MLD on the loopback, nor where it was not installed
    }
    if (m_interfaces.size() <= interface)
    {
        m_interfaces.resize(interface + 1);
    }
    MldMessageTraces traces;
    traces.tx = &m_txTrace;
    traces.rx = &m_rxTrace;
    traces.drop = &m_dropTrace;
    traces.v2Tx = &m_v2TxTrace;
    traces.v2Rx = &m_v2RxTrace;
    Ptr<MldInterface> mif =
        Create<MldInterface>(interface, *m_ipv6, traces, m_listenerFactory.Create<MldListener>());
    m_interfaces[interface] = mif;
    if (m_started)
    {
        mif->Start();
        if (m_ipv6->IsUp(interface))
        {
            mif->Up(); // an interface added while the simulation runs
            return mif;
        }
    }
    mif->SyncAutomaticGroups();
    return mif;
}

bool
MldProtocol::Refuse(uint32_t interface, Ipv6Address group, MldRefusal refusal)
{
    NS_LOG_WARN("node " << (m_node ? m_node->GetId() : 0) << " interface " << interface << " group "
                        << group << ": refused, " << refusal);
    m_refusedTrace(interface, group, refusal);
    return false;
}

bool
MldProtocol::Join(uint32_t interface, Ipv6Address group)
{
    NS_LOG_FUNCTION(this << interface << group);
    Ptr<MldInterface> mif = GetInterface(interface);
    if (!mif)
    {
        return Refuse(interface, group, MldRefusal::NO_INTERFACE);
    }
    if (!group.IsMulticast())
    {
        return Refuse(interface, group, MldRefusal::NOT_MULTICAST);
    }
    if (MldIsSourceSpecific(group))
    {
        // RFC 4604 §2.2.1: an any-source join is an EXCLUDE {} filter, refused for SSM.
        return Refuse(interface, group, MldRefusal::SOURCE_SPECIFIC);
    }
    mif->GetListener()->Join(group);
    return true;
}

bool
MldProtocol::Leave(uint32_t interface, Ipv6Address group)
{
    NS_LOG_FUNCTION(this << interface << group);
    Ptr<MldInterface> mif = GetInterface(interface);
    if (!mif)
    {
        return Refuse(interface, group, MldRefusal::NO_INTERFACE);
    }
    const MldMembershipRecord* rec = mif->GetListener()->FindRecord(group);
    // The memberships MLD holds itself are not the caller's to leave.
    if (!rec || rec->refCount <= mif->GetAutomaticReferences(group) ||
        !mif->GetListener()->Leave(group))
    {
        return Refuse(interface, group, MldRefusal::NO_SUCH_JOIN);
    }
    return true;
}

bool
MldProtocol::SetSourceFilter(uint32_t interface,
                             Ipv6Address group,
                             uint64_t socket,
                             bool exclude,
                             const std::set<Ipv6Address>& sources)
{
    NS_LOG_FUNCTION(this << interface << group << socket << exclude << sources.size());
    Ptr<MldInterface> mif = GetInterface(interface);
    if (!mif)
    {
        return Refuse(interface, group, MldRefusal::NO_INTERFACE);
    }
    for (const auto& s : sources)
    {
        if (s.IsMulticast() || s.IsAny())
        {
            return Refuse(interface, group, MldRefusal::BAD_SOURCE);
        }
    }
    if (auto refusal = mif->GetListener()->SetSourceFilter(group, socket, {exclude, sources}))
    {
        return Refuse(interface, group, *refusal);
    }
    return true;
}

bool
MldProtocol::JoinSource(uint32_t interface, Ipv6Address group, Ipv6Address source, uint64_t socket)
{
    Ptr<MldInterface> mif = GetInterface(interface);
    if (!mif)
    {
        return Refuse(interface, group, MldRefusal::NO_INTERFACE);
    }
    MldSourceFilter f = mif->GetListener()->GetSourceFilter(group, socket);
    if (f.exclude)
    {
        return Refuse(interface, group, MldRefusal::SOCKET_EXCLUDES);
    }
    f.sources.insert(source);
    return SetSourceFilter(interface, group, socket, false, f.sources);
}

bool
MldProtocol::LeaveSource(uint32_t interface, Ipv6Address group, Ipv6Address source, uint64_t socket)
{
    Ptr<MldInterface> mif = GetInterface(interface);
    if (!mif)
    {
        return Refuse(interface, group, MldRefusal::NO_INTERFACE);
    }
    MldSourceFilter f = mif->GetListener()->GetSourceFilter(group, socket);
    if (f.exclude || f.sources.erase(source) == 0)
    {
        return Refuse(interface, group, MldRefusal::SOURCE_NOT_INCLUDED);
    }
    return SetSourceFilter(interface, group, socket, false, f.sources);
}

bool
MldProtocol::SetVersion(uint32_t interface, MldHostVersion version)
{
    Ptr<MldInterface> mif = GetInterface(interface);
    if (!mif)
    {
        return false;
    }
    mif->GetListener()->SetVersion(version);
    return true;
}

MldVersion
MldProtocol::GetVersion(uint32_t interface) const
{
    Ptr<MldInterface> mif = GetInterface(interface);
    return mif ? mif->GetListener()->GetVersion() : MldVersion::MLDV1;
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
    if (m_proxy && m_proxy->IsProxyInterface(interface) &&
        enable != (interface != m_proxy->GetUpstream()))
    {
        // RFC 4605 §3: host part only upstream, router part on every downstream interface.
        NS_LOG_WARN("interface " << interface << " is "
                                 << (enable ? "the upstream" : "a downstream")
                                 << " interface of the node's MLD proxy: SetRouter refused");
        return false;
    }
    if (enable)
    {
        Ptr<MldQuerier> before = mif->GetQuerier();
        mif->StartRouter(querier ? querier : CreateObject<MldQuerier>());
        if (m_proxy && mif->GetQuerier() != before)
        {
            m_proxy->ConnectQuerier(interface); // a downstream interface's new router part
        }
    }
    else
    {
        mif->StopRouter();
    }
    if (m_routing)
    {
        m_routing->NotifyRoutersChanged();
    }
    return true;
}

Ptr<MldQuerier>
MldProtocol::GetQuerier(uint32_t interface) const
{
    Ptr<MldInterface> mif = GetInterface(interface);
    return mif ? mif->GetQuerier() : nullptr;
}

Ptr<MldListener>
MldProtocol::GetListener(uint32_t interface) const
{
    Ptr<MldInterface> mif = GetInterface(interface);
    return mif ? mif->GetListener() : nullptr;
}

Ptr<MldRouting>
MldProtocol::GetRouting() const
{
    return m_routing;
}

void
MldProtocol::SetProxy(Ptr<MldProxy> proxy)
{
    m_proxy = proxy;
    if (m_routing)
    {
        m_routing->NotifyRoutersChanged(); // forwarding decided before are stale
    }
}

Ptr<MldProxy>
MldProtocol::GetProxy() const
{
    return m_proxy;
}

Ptr<MldInterface>
MldProtocol::GetInterface(uint32_t interface) const
{
    return interface < m_interfaces.size() ? m_interfaces[interface] : nullptr;
}

bool
MldProtocol::HasRecord(uint32_t interface, Ipv6Address group) const
{
    Ptr<MldInterface> mif = GetInterface(interface);
    return mif && mif->GetListener()->FindRecord(group);
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
    Ptr<MldListener> listener = mif->GetListener();
    for (const auto& [group, rec] : listener->GetRecordTable())
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
        info.linkLayerRefs = listener->GetLinkLayerRefs(info.linkLayer);
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
    return mif ? mif->GetStatistics() : MldInterfaceStatistics();
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
    int64_t used = 0;
    for (const auto& mif : m_interfaces)
    {
        if (mif)
        {
            used += mif->GetListener()->AssignStreams(stream + used);
            if (mif->GetQuerier())
            {
                used += mif->GetQuerier()->AssignStreams(stream + used);
            }
        }
    }
    return used;
}

void
MldProtocol::Receive(Ptr<const Packet> packet, uint32_t interface)
{
    std::vector<uint8_t> bytes(packet->GetSize());
    packet->CopyData(bytes.data(), bytes.size());
    ReceiveBytes(bytes.data(), bytes.size(), interface);
}

void
MldProtocol::ReceiveBytes(const uint8_t* data, uint32_t size, uint32_t interface)
{
    MldInterface* mif =
        interface < m_interfaces.size() ? PeekPointer(m_interfaces[interface]) : nullptr;
    if (!mif || !mif->IsUp())
    {
        return;
    }
    MldInput::Result result = MldInput::Decode(data, size, Node::ChecksumEnabled(), m_strictCode);
    switch (result.verdict)
    {
    case MldInput::ACCEPTED:
        mif->Receive(data, size, result.message);
        break;
    case MldInput::DROPPED:
        mif->ReceiveDropped(data, size, result.message.destination, result.reason);
        break;
    default:
        break; // not MLD
    }
}

void
MldProtocol::DoInitialize()
{
    NS_LOG_FUNCTION(this);
    // Start in an event of its own: the node's other aggregated objects (the traffic
    // control layer among them) are not all initialized yet while this runs.
    m_startEvent = Simulator::ScheduleNow(&MldProtocol::Start, this); // in the node's context
    if (m_proxy)
    {
        m_proxy->Initialize();
    }
    Object::DoInitialize();
}

void
MldProtocol::Start()
{
    NS_LOG_FUNCTION(this);
    m_started = true;
    for (const auto& mif : m_interfaces)
    {
        if (mif)
        {
            mif->Start();
            if (m_ipv6->IsUp(mif->GetIndex()))
            {
                mif->Up();
            }
        }
    }
}

void
MldProtocol::NotifyInterfaceUp(uint32_t interface)
{
    NS_LOG_FUNCTION(this << interface);
    Ptr<MldInterface> mif = EnsureInterface(interface);
    if (mif && m_started)
    {
        mif->Up();
    }
}

void
MldProtocol::NotifyInterfaceDown(uint32_t interface)
{
    NS_LOG_FUNCTION(this << interface);
    if (Ptr<MldInterface> mif = GetInterface(interface))
    {
        mif->Down();
    }
}

void
MldProtocol::NotifyAddAddress(uint32_t interface, Ipv6InterfaceAddress address)
{
    NS_LOG_FUNCTION(this << interface << address);
    m_ipv6->NotifyAddressesChanged();
    if (Ptr<MldInterface> mif = EnsureInterface(interface))
    {
        mif->SyncAutomaticGroups();
    }
}

void
MldProtocol::NotifyRemoveAddress(uint32_t interface, Ipv6InterfaceAddress address)
{
    NS_LOG_FUNCTION(this << interface << address);
    m_ipv6->NotifyAddressesChanged();
    if (Ptr<MldInterface> mif = GetInterface(interface))
    {
        mif->RemoveAddress(address.GetAddress());
    }
}

} // namespace ns3
