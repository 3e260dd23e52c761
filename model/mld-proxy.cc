/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-proxy.h"

#include "mld-interface.h"
#include "mld-listener.h"
#include "mld-membership.h"
#include "mld-ns3-compat.h"
#include "mld-protocol.h"
#include "mld-querier.h"

#include "ns3/abort.h"
#include "ns3/channel.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <functional>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldProxy");

NS_OBJECT_ENSURE_REGISTERED(MldProxy);

namespace
{
/// \param group a multicast address \return true if its scope is link-local or less
bool
IsLinkScope(Ipv6Address group)
{
    uint8_t bytes[16];
    group.GetBytes(bytes);
    return (bytes[1] & 0x0f) <= 2; // RFC 4291 §2.7
}

/// \param filter a filter \return it as text: "EXCLUDE {a, b}"
std::string
FilterText(const MldSourceFilter& filter)
{
    std::ostringstream os;
    os << (filter.exclude ? "EXCLUDE {" : "INCLUDE {");
    const char* sep = "";
    for (const auto& s : filter.sources)
    {
        os << sep << s;
        sep = ", ";
    }
    os << "}";
    return os.str();
}
} // namespace

TypeId
MldProxy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MldProxy")
            .SetParent<Object>()
            .SetGroupName("Mld")
            .AddConstructor<MldProxy>()
            .AddAttribute("UpstreamSocket",
                          "The socket identifier under which the membership database is "
                          "the upstream host part's state (MldListener::SetSourceFilter); "
                          "it must differ from the applications' sockets on that interface.",
                          UintegerValue(0xFFFF'FFFF'0000'4605ULL),
                          MakeUintegerAccessor(&MldProxy::m_socket),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute(
                "UpstreamVersion",
                "Host version of the upstream interface (RFC 4605 §4.1: MLDv2 host part, "
                "MLDv1 while the upstream querier is MLDv1, RFC 9777 §8.2.1). Applied by "
                "Configure(); MldProtocol::SetVersion changes it later.",
                mldcompat::MakeEnumValue(MldHostVersion::MLDV2_FALLBACK),
                mldcompat::MakeEnumAccessorFor<MldHostVersion>(&MldProxy::m_upstreamVersion),
                MldListener::MakeVersionChecker())
            .AddTraceSource("DatabaseChanged",
                            "A record of the membership database changed (RFC 4605 §4.1).",
                            MakeTraceSourceAccessor(&MldProxy::m_databaseTrace),
                            "ns3::MldProxy::DatabaseTracedCallback");
    return tid;
}

MldProxy::MldProxy()
{
    NS_LOG_FUNCTION(this);
}

MldProxy::~MldProxy()
{
    NS_LOG_FUNCTION(this);
}

void
MldProxy::DoInitialize()
{
    NS_LOG_FUNCTION(this);
    // Set-up is over: every proxy of the simulation is configured now.
    std::string loop = FindLoop();
    NS_ABORT_MSG_IF(!loop.empty(), "MldProxy: " << loop);
    Object::DoInitialize();
}

void
MldProxy::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Simulator::Cancel(m_update);
    m_database.clear();
    m_changed.clear();
    m_mld = nullptr;
    Object::DoDispose();
}

std::string
MldProxy::CheckConfiguration(Ptr<Node> node,
                             const std::vector<uint32_t>& upstream,
                             const std::vector<uint32_t>& downstream)
{
    std::ostringstream err;
    Ptr<MldProtocol> mld = node ? node->GetObject<MldProtocol>() : nullptr;
    if (!mld)
    {
        err << "node " << (node ? node->GetId() : 0) << " has no MLD: install MldHelper first";
        return err.str();
    }
    if (Ptr<MldProxy> existing = mld->GetProxy())
    {
        err << "node " << node->GetId() << " is already a proxy (upstream interface "
            << existing->GetUpstream() << "): a proxy has one upstream interface";
        return err.str();
    }
    // RFC 4605 §3: a single upstream interface and one or more downstream interfaces.
    if (upstream.empty())
    {
        return "no upstream interface: a proxy needs exactly one (RFC 4605 §3)";
    }
    if (upstream.size() > 1)
    {
        err << upstream.size() << " upstream interfaces (" << upstream[0] << ", " << upstream[1]
            << "): a proxy has exactly one (RFC 4605 §3)";
        return err.str();
    }
    if (downstream.empty())
    {
        return "no downstream interface: a proxy needs one or more (RFC 4605 §3)";
    }
    std::set<uint32_t> seen;
    for (uint32_t i : downstream)
    {
        if (i == upstream[0])
        {
            err << "interface " << i << " is both upstream and downstream";
            return err.str();
        }
        if (!seen.insert(i).second)
        {
            err << "downstream interface " << i << " is named twice";
            return err.str();
        }
    }
    seen.insert(upstream[0]);
    for (uint32_t i : seen)
    {
        if (!mld->GetInterface(i))
        {
            err << "node " << node->GetId() << " has no MLD interface " << i;
            return err.str();
        }
    }
    if (mld->GetQuerier(upstream[0]))
    {
        err << "upstream interface " << upstream[0]
            << " runs the MLD router part; a proxy MUST NOT (RFC 4605 §3)";
        return err.str();
    }
    return "";
}

std::string
MldProxy::Configure(Ptr<MldProtocol> mld, uint32_t upstream, const std::set<uint32_t>& downstream)
{
    NS_LOG_FUNCTION(this << upstream);
    NS_ABORT_MSG_IF(m_mld, "MldProxy::Configure: this proxy is configured already");
    std::string error =
        CheckConfiguration(mld ? mld->GetObject<Node>() : nullptr,
                           {upstream},
                           std::vector<uint32_t>(downstream.begin(), downstream.end()));
    for (auto it = downstream.begin(); error.empty() && it != downstream.end(); ++it)
    {
        if (!mld->GetQuerier(*it))
        {
            error = "downstream interface " + std::to_string(*it) +
                    " does not run the MLD router part (MldHelper::SetRouter)";
        }
    }
    if (!error.empty())
    {
        return error;
    }
    m_mld = PeekPointer(mld);
    m_upstream = upstream;
    m_downstream = downstream;
    mld->SetProxy(this);
    mld->SetVersion(m_upstream, m_upstreamVersion);
    for (uint32_t i : m_downstream)
    {
        ConnectQuerier(i);
    }
    return "";
}

void
MldProxy::ConnectQuerier(uint32_t interface)
{
    NS_LOG_FUNCTION(this << interface);
    Ptr<MldQuerier> querier = m_mld->GetQuerier(interface);
    if (!querier || !m_downstream.count(interface))
    {
        return;
    }
    querier->TraceConnectWithoutContext("ListenerAdded", MakeCallback(&MldProxy::OnListener, this));
    querier->TraceConnectWithoutContext("ListenerRemoved",
                                        MakeCallback(&MldProxy::OnListener, this));
    querier->TraceConnectWithoutContext("SourceChanged", MakeCallback(&MldProxy::OnSource, this));
    querier->TraceConnectWithoutContext("FilterModeChanged",
                                        MakeCallback(&MldProxy::OnFilterMode, this));
    for (const auto& entry : querier->GetListenerTable())
    {
        GroupChanged(entry.group); // a table that is not empty already
    }
}

uint32_t
MldProxy::GetUpstream() const
{
    return m_upstream;
}

const std::set<uint32_t>&
MldProxy::GetDownstream() const
{
    return m_downstream;
}

bool
MldProxy::IsProxyInterface(uint32_t interface) const
{
    return m_mld && (interface == m_upstream || m_downstream.count(interface));
}

void
MldProxy::OnListener(uint32_t interface, Ipv6Address group)
{
    GroupChanged(group);
}

void
MldProxy::OnSource(uint32_t interface,
                   Ipv6Address group,
                   Ipv6Address source,
                   bool present,
                   bool running)
{
    GroupChanged(group);
}

void
MldProxy::OnFilterMode(uint32_t interface, Ipv6Address group, MldFilterMode mode)
{
    GroupChanged(group);
}

void
MldProxy::GroupChanged(Ipv6Address group)
{
    if (IsLinkScope(group))
    {
        return; // link-scope traffic is never forwarded: nothing to ask upstream for
    }
    m_changed.insert(group);
    if (!mldcompat::IsPending(m_update))
    {
        // One merge per instant, after the querier has finished with the message or timer
        // (a record may change the mode and several sources).
        m_update = Simulator::ScheduleNow(&MldProxy::UpdateDatabase, this);
    }
}

MldSourceFilter
MldProxy::InterfaceFilter(const MldListenerEntry& entry)
{
    MldSourceFilter filter{false, {}};
    if (entry.routerVersion != MldVersion::MLDV2)
    {
        // RFC 4605 §4.1: an MLDv1 subscription is EXCLUDE {}; an MLDv1 router forwards
        // nothing in the source-specific range (RFC 4604 §2.2.1).
        filter.exclude = !MldIsSourceSpecific(entry.group);
    }
    else if (entry.filterMode == MldFilterMode::INCLUDE)
    {
        filter.sources = entry.RunningSources(); // RFC 9777 §7.2.1: INCLUDE (A)
    }
    else if (!MldIsSourceSpecific(entry.group)) // RFC 4604 §2.2.2: no EXCLUDE in ff3x::/96
    {
        filter.exclude = true;
        filter.sources = entry.StoppedSources(); // EXCLUDE (X, Y): all but Y
    }
    return filter;
}

void
MldProxy::UpdateDatabase()
{
    NS_LOG_FUNCTION(this);
    std::set<Ipv6Address> changed;
    changed.swap(m_changed);
    for (const auto& group : changed)
    {
        // RFC 4605 §4.1: the merge of the group's subscriptions on every downstream
        // interface, by the RFC 9777 §4.2 rules.
        MldFilterMerge merge;
        std::set<uint32_t> interfaces;
        for (uint32_t i : m_downstream)
        {
            Ptr<MldQuerier> querier = m_mld->GetQuerier(i);
            auto entry = querier ? querier->GetListenerEntry(group) : std::nullopt;
            if (!entry)
            {
                continue;
            }
            MldSourceFilter f = InterfaceFilter(*entry);
            if (!f.IsEmpty())
            {
                merge.Add(f);
                interfaces.insert(i);
            }
        }
        MldSourceFilter merged = merge.Get();
        auto it = m_database.find(group);
        bool same = it != m_database.end() ? it->second.filter == merged : merged.IsEmpty();
        if (merged.IsEmpty())
        {
            if (it != m_database.end())
            {
                m_database.erase(it);
            }
        }
        else
        {
            m_database[group] = MldProxyRecord{group, merged, interfaces};
        }
        if (same)
        {
            continue;
        }
        NS_LOG_INFO("proxy database " << group << " " << FilterText(merged));
        m_databaseTrace(group, merged);
        // RFC 4605 §4.1: the database is the upstream host part's interface state; the
        // host part reports the change (RFC 9777 §6.1, or RFC 2710 §4 in MLDv1 mode).
        m_mld->SetSourceFilter(m_upstream, group, m_socket, merged.exclude, merged.sources);
    }
}

std::vector<MldProxyRecord>
MldProxy::GetDatabase() const
{
    std::vector<MldProxyRecord> records;
    records.reserve(m_database.size());
    for (const auto& [group, record] : m_database)
    {
        records.push_back(record);
    }
    return records;
}

MldSourceFilter
MldProxy::GetMembership(Ipv6Address group) const
{
    auto it = m_database.find(group);
    return it == m_database.end() ? MldSourceFilter{false, {}} : it->second.filter;
}

void
MldProxy::PrintDatabase(Ptr<OutputStreamWrapper> stream) const
{
    std::ostream& os = *stream->GetStream();
    os << "MLD proxy";
    if (m_mld)
    {
        os << " node " << m_mld->GetObject<Node>()->GetId();
    }
    os << " upstream " << m_upstream << " downstream";
    for (uint32_t i : m_downstream)
    {
        os << " " << i;
    }
    os << ": " << m_database.size() << " record(s) at " << Simulator::Now().As(Time::S) << "\n";
    for (const auto& [group, record] : m_database)
    {
        os << "  " << group << " " << FilterText(record.filter) << " from";
        for (uint32_t i : record.interfaces)
        {
            os << " " << i;
        }
        os << "\n";
    }
}

bool
MldProxy::IsSilentDownstream(uint32_t iif) const
{
    Ptr<MldQuerier> querier = m_downstream.count(iif) ? m_mld->GetQuerier(iif) : nullptr;
    return querier && !querier->IsQuerier();
}

bool
MldProxy::GetOutputInterfaces(uint32_t iif,
                              Ipv6Address group,
                              Ipv6Address source,
                              std::vector<uint32_t>& out) const
{
    if (!m_mld || (iif != m_upstream && !m_downstream.count(iif)))
    {
        return false;
    }
    out.clear();
    if (iif != m_upstream)
    {
        // RFC 4605 §4.2: only the querier of a downstream link forwards for it; data from
        // a link where another proxy is querier is that proxy's to forward.
        if (IsSilentDownstream(iif))
        {
            return true;
        }
        Ptr<MldInterface> up = m_mld->GetInterface(m_upstream);
        if (up && up->IsUp())
        {
            out.push_back(m_upstream); // RFC 4605 §4.2: downstream data always goes upstream
        }
    }
    for (uint32_t j : m_downstream)
    {
        if (j == iif)
        {
            continue; // never back out of the arrival interface
        }
        // RFC 4605 §4.2: by the interface's subscriptions, and only where this proxy is the
        // querier (several proxies on a LAN: one copy).
        Ptr<MldInterface> mif = m_mld->GetInterface(j);
        Ptr<MldQuerier> querier = mif ? mif->GetQuerier() : nullptr;
        if (querier && mif->IsUp() && querier->IsQuerier() && querier->ShouldForward(group, source))
        {
            out.push_back(j);
        }
    }
    std::sort(out.begin(), out.end());
    return true;
}

std::string
MldProxy::FindLoop()
{
    // Membership (and downstream data) flows from a proxy's downstream links to its
    // upstream link: one edge per (downstream link, upstream link) pair, labelled with the
    // node. A cycle of these edges is a loop of proxies.
    struct Edge
    {
        Ptr<Channel> to; //!< upstream link
        uint32_t node;   //!< the proxy's node
    };

    std::map<Ptr<Channel>, std::vector<Edge>> edges;
    for (uint32_t n = 0; n < NodeList::GetNNodes(); ++n)
    {
        Ptr<Node> node = NodeList::GetNode(n);
        Ptr<MldProtocol> mld = node->GetObject<MldProtocol>();
        Ptr<MldProxy> proxy = mld ? mld->GetProxy() : nullptr;
        Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
        if (!proxy || !ipv6)
        {
            continue;
        }
        Ptr<Channel> up = ipv6->GetNetDevice(proxy->GetUpstream())->GetChannel();
        for (uint32_t i : proxy->GetDownstream())
        {
            Ptr<Channel> down = ipv6->GetNetDevice(i)->GetChannel();
            if (up && down)
            {
                edges[down].push_back(Edge{up, node->GetId()});
            }
        }
    }
    // Depth-first search; path: the edges followed (from link, node).
    std::map<Ptr<Channel>, int> state; // absent: new, 1: on the path, 2: done
    std::vector<std::pair<Ptr<Channel>, uint32_t>> path;
    std::string found;
    std::function<bool(Ptr<Channel>)> visit = [&](Ptr<Channel> c) {
        state[c] = 1;
        auto out = edges.find(c);
        for (std::size_t k = 0; out != edges.end() && k < out->second.size(); ++k)
        {
            const Edge& e = out->second[k];
            path.emplace_back(c, e.node);
            auto seen = state.find(e.to);
            if (seen != state.end() && seen->second == 1)
            {
                // The loop: the edges from the first one that leaves e.to.
                std::size_t first = 0;
                while (path[first].first != e.to)
                {
                    ++first;
                }
                std::ostringstream os;
                os << "proxies in a loop (RFC 4605 §1: the topology must be a tree): node";
                for (std::size_t j = first; j < path.size(); ++j)
                {
                    os << " " << path[j].second << (j + 1 < path.size() ? " ->" : "");
                }
                os << ", each with its upstream interface on a downstream link of the next";
                found = os.str();
                return true;
            }
            if (seen == state.end() && visit(e.to))
            {
                return true;
            }
            path.pop_back();
        }
        state[c] = 2;
        return false;
    };
    for (const auto& [channel, out] : edges)
    {
        if (!state.count(channel) && visit(channel))
        {
            break;
        }
    }
    return found;
}

} // namespace ns3
