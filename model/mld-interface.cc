/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-interface.h"

#include "mld-input.h"
#include "mld-ipv6-adapter.h"
#include "mld-listener.h"
#include "mld-querier.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldInterface");

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

MldInterface::MldInterface(uint32_t index,
                           MldIpv6Adapter& ipv6,
                           const MldMessageTraces& traces,
                           Ptr<MldListener> listener)
    : m_index(index),
      m_ipv6(ipv6),
      m_traces(traces),
      m_listener(listener)
{
    m_listener->Attach(this);
    // All-nodes is joined on every interface and never reported (RFC 2710 §5).
    m_listener->Join(Ipv6Address::GetAllNodesMulticast());
}

MldInterface::~MldInterface() = default;

uint32_t
MldInterface::GetIndex() const
{
    return m_index;
}

Ptr<MldListener>
MldInterface::GetListener() const
{
    return m_listener;
}

Ptr<MldQuerier>
MldInterface::GetQuerier() const
{
    return m_querier;
}

bool
MldInterface::IsUp() const
{
    return m_up;
}

void
MldInterface::StartRouter(Ptr<MldQuerier> querier)
{
    if (m_querier)
    {
        return;
    }
    m_forwardingBefore = m_ipv6.IsForwarding(m_index);
    m_ipv6.SetForwarding(m_index, true);
    m_querier = querier;
    m_querier->Attach(this);
    SyncAutomaticGroups();
    if (m_up)
    {
        m_querier->Start();
    }
}

void
MldInterface::StopRouter()
{
    if (!m_querier)
    {
        return;
    }
    m_querier->Dispose();
    m_querier = nullptr;
    m_ipv6.SetForwarding(m_index, m_forwardingBefore);
    SyncAutomaticGroups();
}

void
MldInterface::Up()
{
    if (m_up)
    {
        return;
    }
    // Memberships of addresses lost while down go first and silently (the interface
    // still counts as down); then every group is reported; then the solicited-node
    // groups of new addresses are joined with their delayed first report.
    m_started = true;
    SyncAutomaticGroups(false);
    m_up = true;
    m_listener->InterfaceUp();
    SyncAutomaticGroups(true);
    if (m_querier)
    {
        m_querier->Start();
    }
}

void
MldInterface::Down()
{
    if (!m_up)
    {
        return;
    }
    m_up = false;
    m_listener->InterfaceDown();
    if (m_querier)
    {
        m_querier->Stop();
    }
}

void
MldInterface::SyncAutomaticGroups(bool joinNew)
{
    if (m_started && m_ipv6.IsUp(m_index))
    {
        // Solicited-node group of every unicast address (RFC 4861 §7.2.1), first report
        // delayed (RFC 4862 §5.4.2). Addresses lost while down are released here.
        std::map<Ipv6Address, Ipv6Address> present;
        for (const auto& a : m_ipv6.GetUnicastAddresses(m_index))
        {
            present[a] = Ipv6Address::MakeSolicitedAddress(a);
        }
        for (auto it = m_solicitedJoins.begin(); it != m_solicitedJoins.end();)
        {
            if (present.count(it->first) == 0)
            {
                m_listener->Leave(it->second);
                it = m_solicitedJoins.erase(it);
            }
            else
            {
                ++it;
            }
        }
        for (const auto& [address, solicited] : present)
        {
            if (joinNew && m_solicitedJoins.emplace(address, solicited).second)
            {
                m_listener->Join(solicited, true);
            }
        }
    }
    if (!joinNew)
    {
        return;
    }
    // All-routers on forwarding interfaces (RFC 4291 §2.7.1).
    bool forwarding = m_ipv6.IsForwarding(m_index) || m_querier;
    if (forwarding != m_forwarding)
    {
        m_forwarding = forwarding;
        if (forwarding)
        {
            m_listener->Join(Ipv6Address::GetAllRoutersMulticast());
        }
        else
        {
            m_listener->Leave(Ipv6Address::GetAllRoutersMulticast());
        }
    }
}

void
MldInterface::Start()
{
    m_started = true;
}

void
MldInterface::RemoveAddress(Ipv6Address address)
{
    // Only the solicited-node membership of that address goes; the others stay, even
    // when it was the last address (the seeds' multicast kludge).
    auto it = m_solicitedJoins.find(address);
    if (it != m_solicitedJoins.end())
    {
        m_listener->Leave(it->second);
        m_solicitedJoins.erase(it);
    }
}

uint32_t
MldInterface::GetAutomaticReferences(Ipv6Address group) const
{
    uint32_t count = group == Ipv6Address::GetAllNodesMulticast() ? 1 : 0;
    count += group == Ipv6Address::GetAllRoutersMulticast() && m_forwarding ? 1 : 0;
    for (const auto& [address, solicited] : m_solicitedJoins)
    {
        count += solicited == group ? 1 : 0;
    }
    return count;
}

void
MldInterface::Purge()
{
    if (m_querier)
    {
        m_querier->Dispose(); // disposal is not a protocol event: no trace fires
        m_querier = nullptr;
    }
    m_listener->Dispose();
}

// ------------------------------------------------------------------ send path

bool
MldInterface::SendV1(uint8_t type,
                     Ipv6Address group,
                     Ipv6Address destination,
                     Time maxResponseDelay)
{
    if (!m_up)
    {
        return false; // nothing is sent on a down interface
    }
    Ipv6Address source = SelectSource();
    auto maxResponseDelayMs = static_cast<uint16_t>(maxResponseDelay.GetMilliSeconds());
    MldV1Header header(type);
    header.SetMulticastAddress(group);
    header.SetMaxResponseDelay(maxResponseDelayMs);
    switch (type)
    {
    case MldHeader::LISTENER_QUERY:
        ++m_stats.outQueries;
        break;
    case MldHeader::LISTENER_REPORT:
        ++m_stats.outReports;
        break;
    default:
        ++m_stats.outDones;
        break;
    }
    (*m_traces.tx)(m_index, type, group, source, destination);
    m_ipv6.Send(m_index, header, source, destination);
    if (type == MldHeader::LISTENER_QUERY)
    {
        // A multicast router hears its own queries (the seeds loop MLD back to an
        // mrouter), so its host part reports its groups to the other routers too.
        m_listener->HandleV1Query(group, MilliSeconds(maxResponseDelayMs));
    }
    return true;
}

bool
MldInterface::SendV2Query(MldV2QueryHeader query)
{
    Ipv6Address source = SelectSource();
    if (!m_up || source.IsAny())
    {
        return false; // RFC 9777 §5.1.14: queries need a link-local source
    }
    Ipv6Address group = query.GetMulticastAddress();
    // RFC 9777 §5.1.15: general queries to ff02::1, the others to the group.
    Ipv6Address destination = group.IsAny() ? Ipv6Address::GetAllNodesMulticast() : group;
    ++m_stats.outQueries;
    (*m_traces.tx)(m_index, MldHeader::LISTENER_QUERY, group, source, destination);
    m_ipv6.Send(m_index, query, source, destination);
    m_listener->HandleV2Query(query); // the router hears its own query, as above
    return true;
}

uint32_t
MldInterface::SendV2Report(const std::vector<MldAddressRecord>& records)
{
    if (!m_up || records.empty())
    {
        return 0;
    }
    // RFC 9777 §5.2.15: as many reports as the link MTU needs; a record is not split.
    uint32_t mtu = m_ipv6.GetMtu(m_index);
    uint32_t room =
        mtu > 40 + 8 + MldV2ReportHeader::MIN_SIZE ? mtu - 40 - 8 - MldV2ReportHeader::MIN_SIZE : 0;
    Ipv6Address source = SelectSource();
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
        ++m_stats.outV2Reports;
        (*m_traces.tx)(m_index,
                       MldHeader::V2_LISTENER_REPORT,
                       Ipv6Address::GetAny(),
                       source,
                       destination);
        (*m_traces.v2Tx)(m_index, report, source);
        m_ipv6.Send(m_index, report, source, destination);
        ++sent;
    }
    return sent;
}

Ipv6Address
MldInterface::SelectSource() const
{
    return m_ipv6.SelectSource(m_index);
}

Ipv6Address
MldInterface::GetLinkLocalAddress() const
{
    return m_ipv6.GetLinkLocalAddress(m_index);
}

bool
MldInterface::IsLinkLocalTentative() const
{
    return m_ipv6.IsLinkLocalTentative(m_index);
}

Time
MldInterface::GetDadTimeout() const
{
    return m_ipv6.GetDadTimeout();
}

uint32_t
MldInterface::GetMtu() const
{
    return m_ipv6.GetMtu(m_index);
}

void
MldInterface::AddMulticastAddress(Ipv6Address group)
{
    m_ipv6.AddMulticastAddress(m_index, group);
}

void
MldInterface::RemoveMulticastAddress(Ipv6Address group)
{
    m_ipv6.RemoveMulticastAddress(m_index, group);
}

// ------------------------------------------------------------------ receive path

bool
MldInterface::IsInterfaceAddress(Ipv6Address address) const
{
    if (address.IsMulticast())
    {
        return address == Ipv6Address::GetAllNodesMulticast() ||
               (m_querier && address == Ipv6Address::GetAllRoutersMulticast()) ||
               m_listener->FindRecord(address) != nullptr;
    }
    return m_ipv6.GetInterfaceForAddress(address) == static_cast<int32_t>(m_index);
}

bool
MldInterface::IsReceivable(Ipv6Address destination) const
{
    // A router interface receives every MLD message (all-multicast, like a BSD mrouter).
    return m_querier || IsInterfaceAddress(destination);
}

void
MldInterface::Drop(const uint8_t* data, uint32_t size, MldDropReason reason)
{
    NS_LOG_LOGIC("if " << m_index << " drops: " << reason);
    ++m_drops[static_cast<size_t>(reason)];
    if (!m_traces.drop->IsEmpty())
    {
        (*m_traces.drop)(Create<Packet>(data, size), m_index, reason);
    }
}

void
MldInterface::ReceiveDropped(const uint8_t* data,
                             uint32_t size,
                             Ipv6Address destination,
                             MldDropReason reason)
{
    if (m_up && IsReceivable(destination))
    {
        Drop(data, size, reason);
    }
}

void
MldInterface::Receive(const uint8_t* data, uint32_t size, const MldReceivedMessage& m)
{
    if (!m_up || !IsReceivable(m.destination))
    {
        return;
    }
    if (m_ipv6.IsNodeAddress(m.source))
    {
        return; // our own message looped back: ignored (seeds: M_LOOP)
    }
    switch (m.kind)
    {
    case MldMessage::V1_QUERY:
        ++m_stats.inQueries;
        (*m_traces.rx)(m_index, m.icmpType, m.group, m.source, m.destination);
        if (m_querier)
        {
            m_querier->HandleV1Query(m.source, m.group, m.maxResponseDelay);
        }
        m_listener->HandleV1Query(m.group, m.maxResponseDelay);
        break;
    case MldMessage::V2_QUERY:
        ++m_stats.inQueries;
        (*m_traces.rx)(m_index, m.icmpType, m.group, m.source, m.destination);
        if (m_querier)
        {
            m_querier->HandleV2Query(m.source, m.query);
        }
        m_listener->HandleV2Query(m.query);
        break;
    case MldMessage::V1_REPORT:
        ++m_stats.inReports;
        (*m_traces.rx)(m_index, m.icmpType, m.group, m.source, m.destination);
        if (m_querier)
        {
            m_querier->HandleReport(m.group);
        }
        m_listener->HandleReport(m.group);
        break;
    case MldMessage::V1_DONE:
        ++m_stats.inDones;
        (*m_traces.rx)(m_index, m.icmpType, m.group, m.source, m.destination);
        if (m_querier)
        {
            m_querier->HandleDone(m.group);
        }
        break;
    case MldMessage::V2_REPORT:
        // RFC 9777 §5.2.14: sent to ff02::16; a report to any address of the interface
        // (unicast, or a multicast address it listens to) is accepted too.
        if (m.destination != AllMldv2Routers() && !IsInterfaceAddress(m.destination))
        {
            return Drop(data, size, MldDropReason::BAD_DESTINATION);
        }
        ++m_stats.inV2Reports;
        (*m_traces.rx)(m_index, m.icmpType, Ipv6Address::GetAny(), m.source, m.destination);
        (*m_traces.v2Rx)(m_index, m.report, m.source);
        // Hosts ignore MLDv2 reports (RFC 9777 §6); routers take them record by record.
        if (m_querier)
        {
            for (const auto& record : m.report.GetRecords())
            {
                if (record.type < MldAddressRecord::MODE_IS_INCLUDE ||
                    record.type > MldAddressRecord::BLOCK_OLD_SOURCES)
                {
                    // RFC 9777 §5.2.12: an unknown record type is skipped.
                    Drop(data, size, MldDropReason::UNKNOWN_RECORD);
                }
                else if (!record.group.IsMulticast() || !MldIsReportable(record.group))
                {
                    Drop(data, size, MldDropReason::BAD_ADDRESS);
                }
                else
                {
                    m_querier->HandleV2Record(record);
                }
            }
        }
        break;
    default:
        break;
    }
}

// ------------------------------------------------------------------ counters

const MldInterfaceStatistics&
MldInterface::GetStatistics() const
{
    return m_stats;
}

uint64_t
MldInterface::GetDropCount(MldDropReason reason) const
{
    return reason < MldDropReason::COUNT ? m_drops[static_cast<size_t>(reason)] : 0;
}

} // namespace ns3
