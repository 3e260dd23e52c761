/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-trace-logger.h"

#include "ns3/abort.h"
#include "ns3/callback.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6.h"
#include "ns3/mld-header.h"
#include "ns3/mld-protocol.h"
#include "ns3/mld-proxy.h"
#include "ns3/mld-querier.h"
#include "ns3/mld-routing.h"
#include "ns3/names.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"

#include <iomanip>
#include <optional>
#include <sstream>

namespace ns3
{

MldTraceLogger::MldTraceLogger(std::ostream& os)
    : m_os(&os),
      m_forwardQuiet(Seconds(1))
{
}

void
MldTraceLogger::Connect(Ptr<Node> node, const std::string& name, uint32_t events)
{
    std::string label = name;
    if (label.empty())
    {
        label = Names::FindName(node);
    }
    if (label.empty())
    {
        label = "node" + std::to_string(node->GetId());
    }
    Ptr<MldProtocol> mld = node->GetObject<MldProtocol>();
    NS_ABORT_MSG_IF(!mld, "MldTraceLogger: node " << node->GetId() << " has no MLD");
    Ptr<MldTraceLogger> self(this);
    if (events & TX)
    {
        mld->TraceConnectWithoutContext(
            "Tx",
            MakeBoundCallback(&MldTraceLogger::Message, self, std::string("TX"), label));
    }
    if (events & RX)
    {
        mld->TraceConnectWithoutContext(
            "Rx",
            MakeBoundCallback(&MldTraceLogger::Message, self, std::string("RX"), label));
    }
    if (events & DROP)
    {
        mld->TraceConnectWithoutContext("Drop",
                                        MakeBoundCallback(&MldTraceLogger::Drop, self, label));
    }
    if (events & V2_REPORT_TX)
    {
        mld->TraceConnectWithoutContext(
            "V2ReportTx",
            MakeBoundCallback(&MldTraceLogger::V2Report, self, std::string("V2TX"), label));
    }
    if (events & V2_REPORT_RX)
    {
        mld->TraceConnectWithoutContext(
            "V2ReportRx",
            MakeBoundCallback(&MldTraceLogger::V2Report, self, std::string("V2RX"), label));
    }
    if (events & QUERIERS)
    {
        Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
        for (uint32_t i = 0; ipv6 && i < ipv6->GetNInterfaces(); ++i)
        {
            if (Ptr<MldQuerier> querier = mld->GetQuerier(i))
            {
                ConnectQuerier(querier, label, events);
            }
        }
    }
    if (events & FORWARD)
    {
        mld->GetRouting()->TraceConnectWithoutContext(
            "Forward",
            MakeBoundCallback(&MldTraceLogger::Forward, self, label));
    }
    if ((events & PROXY) && mld->GetProxy())
    {
        mld->GetProxy()->TraceConnectWithoutContext(
            "DatabaseChanged",
            MakeBoundCallback(&MldTraceLogger::Database, self, label));
    }
}

void
MldTraceLogger::ConnectQuerier(Ptr<MldQuerier> querier, const std::string& name, uint32_t events)
{
    Ptr<MldTraceLogger> self(this);
    if (events & LISTENER)
    {
        querier->TraceConnectWithoutContext("ListenerAdded",
                                            MakeBoundCallback(&MldTraceLogger::Listener,
                                                              self,
                                                              std::string("LISTENER_ADDED"),
                                                              name));
        querier->TraceConnectWithoutContext("ListenerRemoved",
                                            MakeBoundCallback(&MldTraceLogger::Listener,
                                                              self,
                                                              std::string("LISTENER_REMOVED"),
                                                              name));
    }
    if (events & SOURCE)
    {
        querier->TraceConnectWithoutContext("SourceChanged",
                                            MakeBoundCallback(&MldTraceLogger::Source, self, name));
    }
    if (events & QUERIER)
    {
        querier->TraceConnectWithoutContext(
            "QuerierChanged",
            MakeBoundCallback(&MldTraceLogger::Querier, self, name));
    }
}

void
MldTraceLogger::AddGroup(Ipv6Address group)
{
    m_groups.insert(group);
}

void
MldTraceLogger::ShowGeneralQueries(bool show)
{
    m_generalQueries = show;
}

void
MldTraceLogger::SetForwardQuietTime(Time quiet)
{
    m_forwardQuiet = quiet;
}

void
MldTraceLogger::SetEnabled(bool enabled)
{
    m_enabled = enabled;
}

void
MldTraceLogger::Print(const std::string& kind,
                      const std::string& node,
                      const std::string& text) const
{
    if (!m_enabled)
    {
        return;
    }
    std::ostringstream line;
    line << kind << " t=" << std::fixed << std::setprecision(3) << Simulator::Now().GetSeconds()
         << " node=" << node << (text.empty() ? "" : " ") << text << "\n";
    *m_os << line.str() << std::flush;
}

void
MldTraceLogger::PrintEntry(Ptr<MldQuerier> querier,
                           const std::string& name,
                           Ipv6Address group) const
{
    if (std::optional<MldListenerEntry> entry = querier->GetListenerEntry(group))
    {
        Print("ENTRY", name, FormatEntry(*entry));
    }
}

void
MldTraceLogger::PrintEntryAt(Time delay,
                             Ptr<MldQuerier> querier,
                             const std::string& name,
                             Ipv6Address group)
{
    Simulator::Schedule(delay,
                        &MldTraceLogger::PrintEntry,
                        Ptr<MldTraceLogger>(this),
                        querier,
                        name,
                        group);
}

std::string
MldTraceLogger::FormatEntry(const MldListenerEntry& entry)
{
    std::ostringstream os;
    os << std::fixed << std::setprecision(3) << "if=" << entry.interface << " group=" << entry.group
       << " state=" << entry.state << " mode=" << entry.filterMode
       << " sources=" << (entry.sources.empty() ? "-" : "");
    for (size_t i = 0; i < entry.sources.size(); ++i)
    {
        const MldRouterSourceEntry& source = entry.sources[i];
        os << (i ? "," : "") << source.source << "(";
        if (source.running)
        {
            os << source.timerRemaining.GetSeconds() << ")";
        }
        else
        {
            os << "stopped)";
        }
    }
    os << " older=" << entry.olderVersionHostPresent
       << " expires_in=" << entry.timerRemaining.GetSeconds()
       << " version=" << unsigned(entry.routerVersion);
    return os.str();
}

std::string
MldTraceLogger::TypeName(uint8_t type)
{
    switch (type)
    {
    case MldHeader::LISTENER_QUERY:
        return "query";
    case MldHeader::LISTENER_REPORT:
        return "v1-report";
    case MldHeader::LISTENER_DONE:
        return "done";
    case MldHeader::V2_LISTENER_REPORT:
        return "v2-report";
    default:
        return "other";
    }
}

bool
MldTraceLogger::Shows(Ipv6Address group) const
{
    if (m_groups.empty())
    {
        return true;
    }
    return group.IsAny() ? m_generalQueries : m_groups.count(group) > 0;
}

void
MldTraceLogger::Message(Ptr<MldTraceLogger> logger,
                        std::string kind,
                        std::string name,
                        uint32_t interface,
                        uint8_t type,
                        Ipv6Address group,
                        Ipv6Address source,
                        Ipv6Address destination)
{
    // With a group filter, an MLDv2 report (group ::) shows in its V2TX/V2RX line.
    if (!logger->Shows(group) ||
        (!logger->m_groups.empty() && type == MldHeader::V2_LISTENER_REPORT))
    {
        return;
    }
    std::ostringstream os;
    os << "if=" << interface << " type=" << unsigned(type) << " (" << TypeName(type)
       << ") group=" << group << " src=" << source << " dst=" << destination;
    logger->Print(kind, name, os.str());
}

void
MldTraceLogger::V2Report(Ptr<MldTraceLogger> logger,
                         std::string kind,
                         std::string name,
                         uint32_t interface,
                         const MldV2ReportHeader& report,
                         Ipv6Address source)
{
    std::ostringstream records;
    for (const MldAddressRecord& record : report.GetRecords())
    {
        if (logger->m_groups.empty() || logger->m_groups.count(record.group))
        {
            records << (records.tellp() > 0 ? ";" : "") << MldAddressRecord::ShortName(record.type)
                    << ":" << record.group << "{";
            for (size_t i = 0; i < record.sources.size(); ++i)
            {
                records << (i ? "," : "") << record.sources[i];
            }
            records << "}";
        }
    }
    if (records.tellp() > 0)
    {
        std::ostringstream os;
        os << "if=" << interface << " src=" << source << " records=" << records.str();
        logger->Print(kind, name, os.str());
    }
}

void
MldTraceLogger::Drop(Ptr<MldTraceLogger> logger,
                     std::string name,
                     Ptr<const Packet> packet,
                     uint32_t interface,
                     MldDropReason reason)
{
    std::ostringstream os;
    os << "if=" << interface << " reason=" << reason << " size=" << packet->GetSize();
    logger->Print("DROP", name, os.str());
}

void
MldTraceLogger::Listener(Ptr<MldTraceLogger> logger,
                         std::string kind,
                         std::string name,
                         uint32_t interface,
                         Ipv6Address group)
{
    if (logger->Shows(group))
    {
        std::ostringstream os;
        os << "if=" << interface << " group=" << group;
        logger->Print(kind, name, os.str());
    }
}

void
MldTraceLogger::Source(Ptr<MldTraceLogger> logger,
                       std::string name,
                       uint32_t interface,
                       Ipv6Address group,
                       Ipv6Address source,
                       bool present,
                       bool running)
{
    if (logger->Shows(group))
    {
        std::ostringstream os;
        os << "if=" << interface << " group=" << group << " source=" << source
           << " present=" << present << " running=" << running;
        logger->Print("SOURCE", name, os.str());
    }
}

void
MldTraceLogger::Querier(Ptr<MldTraceLogger> logger,
                        std::string name,
                        uint32_t interface,
                        bool isQuerier,
                        Ipv6Address querier)
{
    std::ostringstream os;
    os << "if=" << interface << " isQuerier=" << isQuerier << " querier=" << querier;
    logger->Print("QUERIER", name, os.str());
}

void
MldTraceLogger::Database(Ptr<MldTraceLogger> logger,
                         std::string name,
                         Ipv6Address group,
                         const MldSourceFilter& filter)
{
    if (logger->Shows(group))
    {
        std::ostringstream os;
        os << "group=" << group << " filter=" << (filter.exclude ? "EXCLUDE{" : "INCLUDE{");
        const char* sep = "";
        for (const auto& s : filter.sources)
        {
            os << sep << s;
            sep = ",";
        }
        logger->Print("PROXY_DB", name, os.str() + "}");
    }
}

void
MldTraceLogger::Forward(Ptr<MldTraceLogger> logger,
                        std::string name,
                        const Ipv6Header& header,
                        Ptr<const Packet> packet,
                        uint32_t in,
                        uint32_t out)
{
    Ipv6Address group = header.GetDestination();
    if (!logger->Shows(group))
    {
        return;
    }
    Time now = Simulator::Now();
    auto [it, fresh] =
        logger->m_lastForward.emplace(Flow{name, out, group, header.GetSource()}, now);
    bool quiet = fresh || now - it->second > logger->m_forwardQuiet;
    it->second = now;
    if (quiet || logger->m_forwardQuiet.IsZero())
    {
        std::ostringstream os;
        os << "in=" << in << " out=" << out << " group=" << group << " src=" << header.GetSource();
        logger->Print("FORWARD", name, os.str());
    }
}

} // namespace ns3
