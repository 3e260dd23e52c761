/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-scenario.h"

#include "mld-helper.h"
#include "mld-proxy-helper.h"
#include "mld-scenario-plot.h"
#include "mld-snooping-bridge-helper.h"

#include "ns3/boolean.h"
#include "ns3/csma-helper.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/global-value.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-interface-container.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/mld-listener.h"
#include "ns3/mld-ns3-compat.h"
#include "ns3/mld-protocol.h"
#include "ns3/mld-proxy.h"
#include "ns3/mld-querier.h"
#include "ns3/mld-routing.h"
#include "ns3/mld-snooping-bridge.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/on-off-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/system-path.h"
#include "ns3/udp-socket-factory.h"

#ifdef MLD_HAVE_WIFI
#include "ns3/mobility-helper.h"
#include "ns3/ssid.h"
#include "ns3/wifi-helper.h"
#include "ns3/wifi-mac-helper.h"
#include "ns3/yans-wifi-helper.h"
#endif

#include <algorithm>
#include <arpa/inet.h>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldScenario");

std::string
MldScenarioPosition::ToString() const
{
    std::ostringstream os;
    os << (file.empty() ? "<scenario>" : file);
    if (line > 0)
    {
        os << ":" << line;
        if (column > 0)
        {
            os << ":" << column;
        }
    }
    return os.str();
}

MldScenarioError::MldScenarioError(const MldScenarioPosition& where, const std::string& what)
    : std::runtime_error(where.ToString() + ": " + what)
{
}

void
MldAssignMacAddresses(const NetDeviceContainer& devices, uint8_t firstOctet, uint32_t& counter)
{
    for (uint32_t d = 0; d < devices.GetN(); ++d)
    {
        ++counter;
        uint8_t bytes[6] = {firstOctet,
                            0,
                            0,
                            0,
                            static_cast<uint8_t>(counter >> 8),
                            static_cast<uint8_t>(counter)};
        Mac48Address address;
        address.CopyFrom(bytes);
        devices.Get(d)->SetAddress(address);
    }
}

bool
MldScenarioParseAddress(const std::string& text, Ipv6Address& address)
{
    uint8_t bytes[16];
    if (inet_pton(AF_INET6, text.c_str(), bytes) != 1)
    {
        return false;
    }
    address.Set(bytes);
    return true;
}

namespace
{

/// UDP port of the scenario's data.
const uint16_t DATA_PORT = 9;

/// The object types whose attributes a scenario may set, and what sets them.
enum class AttributeTarget
{
    PROTOCOL,
    LISTENER,
    QUERIER,
    PROXY,
    BRIDGE,
};

/// ns3::Class::Attribute split, or an error.
AttributeTarget
CheckAttribute(const MldScenarioAttribute& a)
{
    const std::string prefix = "ns3::";
    size_t last = a.name.rfind("::");
    if (a.name.compare(0, prefix.size(), prefix) != 0 || last == std::string::npos ||
        last < prefix.size())
    {
        throw MldScenarioError(a.where,
                               "attribute '" + a.name +
                                   "' is not of the form ns3::Class::Attribute");
    }
    std::string type = a.name.substr(0, last);
    std::string attribute = a.name.substr(last + 2);
    static const std::map<std::string, AttributeTarget> targets{
        {"ns3::MldProtocol", AttributeTarget::PROTOCOL},
        {"ns3::MldListener", AttributeTarget::LISTENER},
        {"ns3::MldQuerier", AttributeTarget::QUERIER},
        {"ns3::MldProxy", AttributeTarget::PROXY},
        {"ns3::MldSnoopingBridgeNetDevice", AttributeTarget::BRIDGE},
    };
    auto target = targets.find(type);
    if (target == targets.end())
    {
        throw MldScenarioError(a.where,
                               "attribute '" + a.name +
                                   "': only ns3::MldProtocol, ns3::MldListener, "
                                   "ns3::MldQuerier, ns3::MldProxy and "
                                   "ns3::MldSnoopingBridgeNetDevice attributes can be set");
    }
    TypeId tid = TypeId::LookupByName(type);
    TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(attribute, &info))
    {
        throw MldScenarioError(a.where, "unknown attribute '" + a.name + "'");
    }
    // ns-3 aborts on a number or a Time it cannot read whole: look at the text first. Only
    // the value types the MLD classes use are accepted.
    static const std::string number = "([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?";
    static const std::map<std::string, std::regex> forms{
        {"TimeValue", std::regex("[+-]?" + number + "(y|d|h|min|s|ms|us|ns|ps|fs)?")},
        {"UintegerValue", std::regex("\\+?[0-9]{1,19}")},
        {"IntegerValue", std::regex("[+-]?[0-9]{1,18}")},
        {"DoubleValue", std::regex("[+-]?" + number)},
        {"BooleanValue", std::regex("true|false|1|0")},
    };
    std::string valueType = info.checker->GetValueTypeName(); // "ns3::TimeValue", "BooleanValue"
    if (valueType.rfind("ns3::", 0) == 0)
    {
        valueType = valueType.substr(5);
    }
    auto form = forms.find(valueType);
    bool isEnum = valueType.rfind("EnumValue", 0) == 0;
    if (form == forms.end() && !isEnum)
    {
        throw MldScenarioError(a.where,
                               "attribute '" + a.name + "' is of type " + valueType +
                                   ", which scenario files cannot set");
    }
    // ns-3.37 reads an unknown enum name as some value (it only asserts): look at the names.
    bool badEnum = false;
    if (isEnum)
    {
        std::istringstream names(info.checker->GetUnderlyingTypeInformation());
        std::string name;
        badEnum = true;
        while (std::getline(names, name, '|'))
        {
            badEnum = badEnum && name != a.value;
        }
    }
    if (badEnum || (!isEnum && !std::regex_match(a.value, form->second)) ||
        !info.checker->CreateValidValue(StringValue(a.value)))
    {
        throw MldScenarioError(a.where,
                               "impossible value '" + a.value + "' for attribute '" + a.name +
                                   "' (expected " + info.checker->GetUnderlyingTypeInformation() +
                                   ")");
    }
    return target->second;
}

/// The attributes that apply to a node: the scenario's, then the node's own.
std::vector<MldScenarioAttribute>
NodeAttributes(const MldScenario& s, const MldScenarioNode& node)
{
    std::vector<MldScenarioAttribute> all = s.attributes;
    all.insert(all.end(), node.attributes.begin(), node.attributes.end());
    return all;
}

/// \return the attribute's name without "ns3::Class::"
std::string
ShortAttribute(const std::string& name)
{
    return name.substr(name.rfind("::") + 2);
}

/// Name lookups shared by Validate() and the builder.
struct Names
{
    std::map<std::string, uint32_t> nodes; //!< node name -> index
    std::map<std::string, uint32_t> links; //!< link name -> index
    /// (node index, link index) pairs of the nodes on each link
    std::map<std::pair<uint32_t, uint32_t>, bool> onLink;
    std::vector<std::vector<uint32_t>> nodeLinks; //!< node index -> its links, in order

    explicit Names(const MldScenario& s)
    {
        for (uint32_t i = 0; i < s.nodes.size(); ++i)
        {
            if (s.nodes[i].name.empty())
            {
                throw MldScenarioError(s.nodes[i].where, "a node needs a name");
            }
            if (!nodes.emplace(s.nodes[i].name, i).second)
            {
                throw MldScenarioError(s.nodes[i].where,
                                       "node '" + s.nodes[i].name + "' is defined twice");
            }
        }
        nodeLinks.resize(s.nodes.size());
        for (uint32_t l = 0; l < s.links.size(); ++l)
        {
            const MldScenarioLink& link = s.links[l];
            if (link.name.empty())
            {
                throw MldScenarioError(link.where, "a link needs a name");
            }
            if (!links.emplace(link.name, l).second)
            {
                throw MldScenarioError(link.where, "link '" + link.name + "' is defined twice");
            }
            if (link.type == MldScenarioLink::P2P && link.nodes.size() != 2)
            {
                throw MldScenarioError(link.where,
                                       "point-to-point link '" + link.name +
                                           "' needs exactly two nodes");
            }
            if (link.nodes.empty())
            {
                throw MldScenarioError(link.where, "link '" + link.name + "' has no nodes");
            }
            for (const std::string& n : link.nodes)
            {
                uint32_t node = Node(n, link.where);
                if (!onLink.emplace(std::make_pair(node, l), true).second)
                {
                    throw MldScenarioError(link.where,
                                           "node '" + n + "' is twice on link '" + link.name + "'");
                }
                nodeLinks[node].push_back(l);
            }
        }
    }

    /// Index of a node, or an error at `where`.
    uint32_t Node(const std::string& name, const MldScenarioPosition& where) const
    {
        auto it = nodes.find(name);
        if (it == nodes.end())
        {
            throw MldScenarioError(where, "unknown node '" + name + "'");
        }
        return it->second;
    }

    /// Index of a link, or an error at `where`.
    uint32_t Link(const std::string& name, const MldScenarioPosition& where) const
    {
        auto it = links.find(name);
        if (it == links.end())
        {
            throw MldScenarioError(where, "unknown link '" + name + "'");
        }
        return it->second;
    }

    /// The link of a node's interface: the one named (the node must be on it), or its only one.
    uint32_t NodeLink(uint32_t node,
                      const std::string& nodeName,
                      const std::string& link,
                      const MldScenarioPosition& where) const
    {
        if (link.empty())
        {
            if (nodeLinks[node].size() != 1)
            {
                throw MldScenarioError(where,
                                       "node '" + nodeName + "' is on " +
                                           std::to_string(nodeLinks[node].size()) +
                                           " links: say which with 'link'");
            }
            return nodeLinks[node][0];
        }
        uint32_t l = Link(link, where);
        if (onLink.count({node, l}) == 0)
        {
            throw MldScenarioError(where, "node '" + nodeName + "' is not on link '" + link + "'");
        }
        return l;
    }
};

/// A time in [0, duration], or an error.
void
CheckTime(const MldScenario& s, Time t, const std::string& what, const MldScenarioPosition& where)
{
    if (t.IsStrictlyNegative())
    {
        throw MldScenarioError(where, what + " is negative");
    }
    if (t > s.duration)
    {
        throw MldScenarioError(where,
                               what + " (" + std::to_string(t.GetSeconds()) +
                                   " s) is after the end of the run (duration " +
                                   std::to_string(s.duration.GetSeconds()) + " s)");
    }
}

/// from < to, both within the run.
void
CheckWindow(const MldScenario& s, Time from, Time to, const MldScenarioPosition& where)
{
    CheckTime(s, from, "'from'", where);
    CheckTime(s, to, "'to'", where);
    if (from >= to)
    {
        throw MldScenarioError(where, "time out of order: 'from' must come before 'to'");
    }
}

/// The known message types and their ICMPv6 types.
const std::map<std::string, uint8_t>&
MessageTypes()
{
    static const std::map<std::string, uint8_t> types{
        {"query", 130},
        {"report", 131},
        {"done", 132},
        {"v2-report", 143},
    };
    return types;
}

/// Drop reason by name; COUNT for "any".
bool
LookupDropReason(const std::string& name, MldDropReason& reason)
{
    if (name == "any")
    {
        reason = MldDropReason::COUNT;
        return true;
    }
    for (uint8_t r = 0; r < static_cast<uint8_t>(MldDropReason::COUNT); ++r)
    {
        std::ostringstream os;
        os << static_cast<MldDropReason>(r);
        if (os.str() == name)
        {
            reason = static_cast<MldDropReason>(r);
            return true;
        }
    }
    return false;
}

/// "[min, max]" for messages.
std::string
Range(uint64_t min, uint64_t max)
{
    std::ostringstream os;
    os << "[" << min << ", ";
    if (max == std::numeric_limits<uint64_t>::max())
    {
        os << "inf";
    }
    else
    {
        os << max;
    }
    os << "]";
    return os.str();
}

/// An MLD message sent.
struct SentMessage
{
    Time time;          //!< when
    uint32_t node;      //!< node index
    uint32_t interface; //!< IPv6 interface
    uint8_t type;       //!< ICMPv6 type
    Ipv6Address group;  //!< Multicast Address field
};

/// A drop.
struct Dropped
{
    Time time;            //!< when
    uint32_t node;        //!< node index
    MldDropReason reason; //!< why
};

/// What a run records (trace sinks write here).
struct Recorder
{
    std::vector<SentMessage> sent;                                    //!< MLD messages sent
    std::vector<Dropped> drops;                                       //!< MLD messages dropped
    std::map<std::pair<uint32_t, Ipv6Address>, std::vector<Time>> rx; //!< data received
    std::vector<Ptr<Socket>> sockets;                                 //!< data sockets
    std::vector<SentMessage> forwarded;         //!< data copies routers forwarded (type unused)
    std::map<size_t, MldScenarioVerdict> timed; //!< verdicts made in the run
    std::vector<SentMessage> portData;          //!< data frames bridges sent out of ports (node:
                                                //!< bridge, interface: port, type unused)

    /// MacTx of a CSMA port device: the frame with its Ethernet header; UDP over IPv6 to a
    /// multicast address counts.
    static void OnPortTx(Recorder* r, uint32_t bridge, uint32_t port, Ptr<const Packet> packet)
    {
        uint8_t bytes[14 + 40];
        if (packet->GetSize() < sizeof(bytes))
        {
            return;
        }
        packet->CopyData(bytes, sizeof(bytes));
        if (bytes[12] == 0x86 && bytes[13] == 0xdd && bytes[14 + 6] == 17 && bytes[14 + 24] == 0xff)
        {
            Ipv6Address destination;
            destination.Set(bytes + 14 + 24);
            r->portData.push_back({Simulator::Now(), bridge, port, 0, destination});
        }
    }

    static void OnTx(Recorder* r,
                     uint32_t node,
                     uint32_t interface,
                     uint8_t type,
                     Ipv6Address group,
                     Ipv6Address source,
                     Ipv6Address destination)
    {
        r->sent.push_back({Simulator::Now(), node, interface, type, group});
    }

    static void OnDrop(Recorder* r,
                       uint32_t node,
                       Ptr<const Packet> packet,
                       uint32_t interface,
                       MldDropReason reason)
    {
        r->drops.push_back({Simulator::Now(), node, reason});
    }

    /// A snooping bridge's Drop trace: a snooped MLD message it found invalid.
    static void OnBridgeDrop(Recorder* r, uint32_t node, uint32_t port, MldDropReason reason)
    {
        r->drops.push_back({Simulator::Now(), node, reason});
    }

    static void OnForward(Recorder* r,
                          uint32_t node,
                          const Ipv6Header& header,
                          Ptr<const Packet> packet,
                          uint32_t in,
                          uint32_t out)
    {
        r->forwarded.push_back({Simulator::Now(), node, out, 0, header.GetDestination()});
    }
};

/**
 * Data a host's socket gets for a group. ns-3's Ipv6ListRouting hands every multicast packet
 * that arrives to the local sockets, member or not; a packet counts only while the host holds a
 * membership of the group on the interface, as a real host's stack would deliver it.
 */
class DataSink : public SimpleRefCount<DataSink>
{
  public:
    /**
     * \param times where to add reception times
     * \param mld the host's MLD
     * \param interface its interface
     * \param group the group
     */
    DataSink(std::vector<Time>* times, Ptr<MldProtocol> mld, uint32_t interface, Ipv6Address group)
        : m_times(times),
          m_mld(mld),
          m_interface(interface),
          m_group(group)
    {
    }

    /// Socket receive callback.
    void OnData(Ptr<Socket> socket)
    {
        Address from;
        while (socket->RecvFrom(from))
        {
            if (m_mld->HasRecord(m_interface, m_group))
            {
                m_times->push_back(Simulator::Now());
            }
        }
    }

  private:
    std::vector<Time>* m_times; //!< reception times
    Ptr<MldProtocol> m_mld;     //!< the host's MLD
    uint32_t m_interface;       //!< interface
    Ipv6Address m_group;        //!< group
};

/// "{a, b}"
std::string
SetText(const std::set<Ipv6Address>& sources)
{
    std::ostringstream os;
    os << "{";
    bool first = true;
    for (const Ipv6Address& a : sources)
    {
        os << (first ? "" : ", ") << a;
        first = false;
    }
    os << "}";
    return os.str();
}

/// Judge a LISTENERS expectation now.
MldScenarioVerdict
CheckListeners(const MldScenarioExpectation& e, Ptr<MldQuerier> querier)
{
    MldScenarioVerdict v{e.text, false, "", e.where};
    if (!querier)
    {
        v.detail = "no MLD router part on that interface";
        return v;
    }
    std::optional<MldListenerEntry> entry = querier->GetListenerEntry(e.group);
    if (!entry)
    {
        v.passed = !e.present;
        v.detail = "no entry";
        return v;
    }
    bool exclude = entry->filterMode == MldFilterMode::EXCLUDE;
    std::set<Ipv6Address> sources = exclude ? entry->StoppedSources() : entry->RunningSources();
    std::ostringstream seen;
    seen << "entry " << entry->state << ", " << (exclude ? "EXCLUDE " : "INCLUDE ")
         << SetText(sources);
    v.detail = seen.str();
    v.passed = e.present && (!e.checkMode || e.exclude == exclude) &&
               (!e.checkSources || e.sources == sources);
    return v;
}

/**
 * The event a latency expectation measures from: the join (JOIN_LATENCY) or leave
 * (LEAVE_LATENCY) of the group by the node, the one at `at` if the file says, else the only one.
 * \return its index in s.events, or an error at the expectation
 */
size_t
LatencyEvent(const MldScenario& s, const MldScenarioExpectation& e)
{
    const MldScenarioEvent::Kind kind = e.kind == MldScenarioExpectation::JOIN_LATENCY
                                            ? MldScenarioEvent::JOIN
                                            : MldScenarioEvent::LEAVE;
    const std::string what = kind == MldScenarioEvent::JOIN ? "join" : "leave";
    std::vector<size_t> found;
    for (size_t k = 0; k < s.events.size(); ++k)
    {
        const MldScenarioEvent& ev = s.events[k];
        if (ev.kind == kind && ev.node == e.node && ev.group == e.group &&
            (!e.hasEventAt || ev.at == e.at))
        {
            found.push_back(k);
        }
    }
    std::ostringstream group;
    group << e.group;
    if (found.empty())
    {
        throw MldScenarioError(e.where,
                               "no " + what + " of " + group.str() + " by node '" + e.node + "'" +
                                   (e.hasEventAt ? " at that time" : "") + " to measure from");
    }
    if (found.size() > 1)
    {
        throw MldScenarioError(e.where,
                               "node '" + e.node + "' has " + std::to_string(found.size()) + " " +
                                   what + "s of " + group.str() + ": say which with 'at'");
    }
    return found[0];
}

/**
 * A listeners expectation over a window: checked at `from`, then after every change of the
 * querier's table for the group (ListenerAdded, ListenerRemoved, SourceChanged,
 * FilterModeChanged traces), up to `to`. A change is judged once the event that made it is
 * over (ScheduleNow), so that a report that changes several sources is judged as a whole.
 */
class ListenerWindow
{
  public:
    /**
     * \param e the expectation
     * \param mld the node's MLD
     * \param interface the interface
     */
    ListenerWindow(const MldScenarioExpectation& e, Ptr<MldProtocol> mld, uint32_t interface)
        : m_e(e),
          m_mld(mld),
          m_interface(interface)
    {
        m_verdict = {e.text, false, "not checked (the run ended before)", e.where};
    }

    /// At `from`: first check, then follow the table.
    void Start()
    {
        m_querier = m_mld->GetQuerier(m_interface);
        if (m_querier)
        {
            m_querier->TraceConnectWithoutContext(
                "ListenerAdded",
                MakeBoundCallback(&ListenerWindow::OnListener, this));
            m_querier->TraceConnectWithoutContext(
                "ListenerRemoved",
                MakeBoundCallback(&ListenerWindow::OnListener, this));
            m_querier->TraceConnectWithoutContext(
                "SourceChanged",
                MakeBoundCallback(&ListenerWindow::OnSource, this));
            m_querier->TraceConnectWithoutContext("FilterModeChanged",
                                                  MakeBoundCallback(&ListenerWindow::OnMode, this));
        }
        m_started = true;
        Check();
    }

    /// \return the verdict once the run is over
    MldScenarioVerdict Verdict() const
    {
        MldScenarioVerdict v = m_verdict;
        if (m_started && !m_failed)
        {
            v.passed = true;
            std::ostringstream os;
            os << "held from " << m_e.from.GetSeconds() << " s to " << m_e.to.GetSeconds() << " s, "
               << m_checks << " checks; last: " << m_last;
            v.detail = os.str();
        }
        return v;
    }

  private:
    static void OnListener(ListenerWindow* w, uint32_t interface, Ipv6Address group)
    {
        w->Changed(group);
    }

    static void OnSource(ListenerWindow* w,
                         uint32_t interface,
                         Ipv6Address group,
                         Ipv6Address source,
                         bool present,
                         bool running)
    {
        w->Changed(group);
    }

    static void OnMode(ListenerWindow* w, uint32_t interface, Ipv6Address group, MldFilterMode)
    {
        w->Changed(group);
    }

    /// A change of the table: judge it once the current event is over.
    void Changed(Ipv6Address group)
    {
        if (group != m_e.group || m_pending || Simulator::Now() > m_e.to)
        {
            return;
        }
        m_pending = true;
        mldcompat::ScheduleCallable(Time(0), [this]() {
            m_pending = false;
            Check();
        });
    }

    void Check()
    {
        ++m_checks;
        MldScenarioVerdict now = CheckListeners(m_e, m_querier);
        m_last = now.detail;
        if (!now.passed && !m_failed)
        {
            m_failed = true;
            std::ostringstream os;
            os << "at " << Simulator::Now().GetSeconds() << " s: " << now.detail;
            m_verdict.detail = os.str();
        }
    }

    MldScenarioExpectation m_e;   //!< the expectation
    Ptr<MldProtocol> m_mld;       //!< the node's MLD
    uint32_t m_interface;         //!< interface
    Ptr<MldQuerier> m_querier;    //!< its querier (null: none)
    MldScenarioVerdict m_verdict; //!< the first failure, if any
    bool m_started{false};        //!< `from` has come
    bool m_failed{false};         //!< a check failed
    bool m_pending{false};        //!< a check is scheduled
    uint64_t m_checks{0};         //!< checks made
    std::string m_last;           //!< what the last check saw
};

/**
 * A join or leave latency: from the event's time to the first time the router's querier lists
 * (join) or no longer lists (leave) the group on the interface; 0 when it already does at the
 * event's time. A join measured to data is judged after the run, from the host's receptions.
 */
class LatencyProbe
{
  public:
    /**
     * \param e the expectation
     * \param eventAt the time of the join or leave
     * \param mld the router's MLD (null when measured to data)
     * \param interface the router's interface
     */
    LatencyProbe(const MldScenarioExpectation& e,
                 Time eventAt,
                 Ptr<MldProtocol> mld,
                 uint32_t interface)
        : m_e(e),
          m_eventAt(eventAt),
          m_mld(mld),
          m_interface(interface)
    {
    }

    /// At the event's time: measure 0 if the table is already there, else follow it.
    void Start()
    {
        Ptr<MldQuerier> querier = m_mld->GetQuerier(m_interface);
        if (!querier)
        {
            m_problem = "no MLD router part on that interface";
            return;
        }
        if (querier->HasListeners(m_e.group) == Joining())
        {
            Done();
            return;
        }
        querier->TraceConnectWithoutContext(Joining() ? "ListenerAdded" : "ListenerRemoved",
                                            MakeBoundCallback(&LatencyProbe::OnListener, this));
    }

    /**
     * \param firstData JOIN_LATENCY to data: the first reception at or after the join
     *        (negative: none)
     * \return the verdict
     */
    MldScenarioVerdict Verdict(Time firstData = Time(-1)) const
    {
        MldScenarioVerdict v{m_e.text, false, "", m_e.where};
        bool measured = m_measured;
        Time latency = m_latency;
        if (m_e.untilData && !firstData.IsStrictlyNegative())
        {
            measured = true;
            latency = firstData - m_eventAt;
        }
        std::ostringstream os;
        if (!m_problem.empty())
        {
            os << m_problem;
        }
        else if (!measured)
        {
            os << (m_e.untilData ? "no data received" : (Joining() ? "not listed" : "not removed"))
               << " before the end of the run (" << (Joining() ? "join" : "leave") << " at "
               << m_eventAt.GetSeconds() << " s), bound " << m_e.bound.GetSeconds() << " s";
        }
        else
        {
            v.passed = latency <= m_e.bound;
            os << "latency " << latency.GetSeconds() << " s, bound " << m_e.bound.GetSeconds()
               << " s";
        }
        v.detail = os.str();
        return v;
    }

    /// \return the group
    Ipv6Address Group() const
    {
        return m_e.group;
    }

  private:
    bool Joining() const
    {
        return m_e.kind == MldScenarioExpectation::JOIN_LATENCY;
    }

    static void OnListener(LatencyProbe* p, uint32_t interface, Ipv6Address group)
    {
        if (group == p->m_e.group && !p->m_measured)
        {
            p->Done();
        }
    }

    void Done()
    {
        m_measured = true;
        m_latency = Simulator::Now() - m_eventAt;
    }

    MldScenarioExpectation m_e; //!< the expectation
    Time m_eventAt;             //!< the join or leave
    Ptr<MldProtocol> m_mld;     //!< the router's MLD
    uint32_t m_interface;       //!< its interface
    bool m_measured{false};     //!< the table changed
    Time m_latency;             //!< how long after the event
    std::string m_problem;      //!< a reason it cannot be measured
};

/// The checks of a run that follow traces (owned here; the traces hold plain pointers).
struct TimedChecks
{
    std::map<size_t, std::unique_ptr<ListenerWindow>> windows; //!< by expectation
    std::map<size_t, std::unique_ptr<LatencyProbe>> probes;    //!< by expectation
    std::map<size_t, Time> eventAt;  //!< latency: the time of the event measured
    std::map<size_t, uint32_t> host; //!< latency to data: the host's index
};

/// The IPv6 interface of node n on link l.
using InterfaceOf = std::function<uint32_t(uint32_t n, uint32_t l)>;

/// Count the data a host receives for a group (once per host and group).
void
AddDataSink(Recorder& recorder,
            std::set<std::pair<uint32_t, Ipv6Address>>& listening,
            Ptr<Node> node,
            uint32_t n,
            uint32_t interface,
            Ipv6Address group)
{
    if (!listening.insert({n, group}).second)
    {
        return;
    }
    Ptr<Socket> socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    socket->Bind(Inet6SocketAddress(group, DATA_PORT));
    Ptr<DataSink> sink = Create<DataSink>(&recorder.rx[{n, group}],
                                          node->GetObject<MldProtocol>(),
                                          interface,
                                          group);
    socket->SetRecvCallback(MakeCallback(&DataSink::OnData, sink));
    recorder.sockets.push_back(socket);
}

/// Schedule a listeners expectation over a window, or a join or leave latency.
void
ScheduleTracedCheck(const MldScenario& s,
                    const Names& names,
                    const NodeContainer& nodes,
                    const InterfaceOf& interfaceOf,
                    size_t i,
                    Recorder& recorder,
                    std::set<std::pair<uint32_t, Ipv6Address>>& listening,
                    TimedChecks& checks)
{
    const MldScenarioExpectation& e = s.expectations[i];
    if (e.kind == MldScenarioExpectation::LISTENERS)
    {
        uint32_t n = names.nodes.at(e.node);
        uint32_t interface = interfaceOf(n, names.NodeLink(n, e.node, e.link, e.where));
        auto window =
            std::make_unique<ListenerWindow>(e, nodes.Get(n)->GetObject<MldProtocol>(), interface);
        ListenerWindow* w = window.get();
        checks.windows[i] = std::move(window);
        mldcompat::ScheduleCallable(e.from, [w]() { w->Start(); });
        return;
    }
    const MldScenarioEvent& ev = s.events[LatencyEvent(s, e)];
    uint32_t host = names.nodes.at(e.node);
    uint32_t hostLink = names.NodeLink(host, e.node, ev.link, ev.where);
    checks.eventAt[i] = ev.at;
    if (e.untilData)
    {
        AddDataSink(recorder,
                    listening,
                    nodes.Get(host),
                    host,
                    interfaceOf(host, hostLink),
                    e.group);
        checks.host[i] = host;
        checks.probes[i] = std::make_unique<LatencyProbe>(e, ev.at, nullptr, 0);
        return;
    }
    uint32_t r = names.nodes.at(e.router);
    uint32_t routerLink =
        e.routerLink.empty() ? hostLink : names.NodeLink(r, e.router, e.routerLink, e.where);
    auto probe = std::make_unique<LatencyProbe>(e,
                                                ev.at,
                                                nodes.Get(r)->GetObject<MldProtocol>(),
                                                interfaceOf(r, routerLink));
    LatencyProbe* p = probe.get();
    checks.probes[i] = std::move(probe);
    mldcompat::ScheduleCallable(ev.at, [p]() { p->Start(); });
}

/// The verdict of a check made by ScheduleTracedCheck, after the run.
MldScenarioVerdict
TracedVerdict(size_t i, Recorder& recorder, const TimedChecks& checks)
{
    if (checks.windows.count(i))
    {
        return checks.windows.at(i)->Verdict();
    }
    const LatencyProbe& probe = *checks.probes.at(i);
    auto host = checks.host.find(i);
    if (host == checks.host.end())
    {
        return probe.Verdict();
    }
    Time first(-1);
    Time eventAt = checks.eventAt.at(i);
    for (Time t : recorder.rx[{host->second, probe.Group()}])
    {
        if (t >= eventAt)
        {
            first = t;
            break;
        }
    }
    return probe.Verdict(first);
}

/// \return true for the events that stop or start a node
bool
IsNodeState(const MldScenarioEvent& e)
{
    return e.kind == MldScenarioEvent::STOP || e.kind == MldScenarioEvent::START;
}

/**
 * Stops and starts alternate (a node starts only if stopped, stops only if running), and no
 * other event of a node falls while it is stopped: from its stop to its start, both included
 * (a send's [start, stop) must not meet that period).
 */
void
CheckStoppedNodes(const MldScenario& s)
{
    std::map<std::string, std::vector<const MldScenarioEvent*>> changes; // by node, in time
    for (const MldScenarioEvent& e : s.events)
    {
        if (IsNodeState(e))
        {
            changes[e.node].push_back(&e);
        }
    }
    // stopped periods [stop, start] per node (start: end of the run if none)
    std::map<std::string, std::vector<std::pair<Time, Time>>> stopped;
    for (auto& [node, list] : changes)
    {
        std::stable_sort(
            list.begin(),
            list.end(),
            [](const MldScenarioEvent* a, const MldScenarioEvent* b) { return a->at < b->at; });
        bool running = true;
        for (const MldScenarioEvent* e : list)
        {
            bool stop = e->kind == MldScenarioEvent::STOP;
            if (stop != running)
            {
                std::ostringstream os;
                os << "node '" << node << "' is " << (running ? "running" : "stopped")
                   << " already at " << e->at.GetSeconds() << " s";
                throw MldScenarioError(e->where, os.str());
            }
            if (stop)
            {
                stopped[node].emplace_back(e->at, s.duration);
            }
            else
            {
                stopped[node].back().second = e->at;
            }
            running = !stop;
        }
    }
    for (const MldScenarioEvent& e : s.events)
    {
        auto periods = stopped.find(e.node);
        if (IsNodeState(e) || periods == stopped.end())
        {
            continue;
        }
        for (const auto& [from, to] : periods->second)
        {
            bool inside = e.kind == MldScenarioEvent::SEND ? e.start <= to && e.stop > from
                                                           : e.at >= from && e.at <= to;
            if (inside)
            {
                std::ostringstream os;
                os << "node '" << e.node << "' is stopped from " << from.GetSeconds() << " s to "
                   << to.GetSeconds() << " s: no event of a stopped node";
                throw MldScenarioError(e.where, os.str());
            }
        }
    }
}

/**
 * Stop or start a node at the event's time: every IPv6 interface but the loopback goes down
 * (Ipv6::SetDown) or comes up (SetUp). Down, the node sends and receives nothing and its MLD
 * is silent: MldProtocol hears of each interface going down, its listener part stops
 * reporting and its router part stops querying and forgets its listener table (as on a
 * single interface going down). Up again, MLD starts over on each interface (a router as
 * querier with its Startup Queries, RFC 2710 §7.6 / RFC 9777 §7.6; a host reports its
 * memberships again), as when a powered-off box is switched on with the same configuration.
 */
void
ScheduleNodeState(const MldScenarioEvent& e, Ptr<Node> node)
{
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    bool up = e.kind == MldScenarioEvent::START;
    mldcompat::ScheduleCallable(e.at, [ipv6, up]() {
        for (uint32_t i = 1; i < ipv6->GetNInterfaces(); ++i)
        {
            if (up)
            {
                ipv6->SetUp(i);
            }
            else
            {
                ipv6->SetDown(i);
            }
        }
    });
}

/**
 * Check a node's per-interface attributes: known interfaces, each once, only MldListener and
 * MldQuerier attributes (MldProtocol and MldProxy are one per node), querier attributes only
 * where the node has a router part (a router, a proxy's downstream interface), and querier
 * timers that fit together with the node's own.
 */
void
CheckInterfaceAttributes(const MldScenario& s, const Names& names, uint32_t n)
{
    const MldScenarioNode& node = s.nodes[n];
    std::set<uint32_t> seen;
    for (const MldScenarioInterface& i : node.interfaces)
    {
        uint32_t l = names.NodeLink(n, node.name, i.link, i.where);
        if (!seen.insert(l).second)
        {
            throw MldScenarioError(i.where,
                                   "interface of node '" + node.name + "' on link '" + i.link +
                                       "' given twice");
        }
        bool routerPart = node.role == MldScenarioNode::ROUTER ||
                          (node.role == MldScenarioNode::PROXY &&
                           std::find(node.downstream.begin(), node.downstream.end(), i.link) !=
                               node.downstream.end());
        ObjectFactory querier("ns3::MldQuerier");
        bool querierSet = false;
        for (const MldScenarioAttribute& a : NodeAttributes(s, node))
        {
            if (CheckAttribute(a) == AttributeTarget::QUERIER)
            {
                querier.Set(ShortAttribute(a.name), StringValue(a.value));
            }
        }
        for (const MldScenarioAttribute& a : i.attributes)
        {
            AttributeTarget target = CheckAttribute(a);
            if (target == AttributeTarget::PROTOCOL || target == AttributeTarget::PROXY)
            {
                throw MldScenarioError(a.where,
                                       "attribute '" + a.name +
                                           "' is one per node: set it in the node's "
                                           "'attributes'; an interface takes ns3::MldListener "
                                           "and ns3::MldQuerier attributes");
            }
            if (target == AttributeTarget::QUERIER)
            {
                if (!routerPart)
                {
                    throw MldScenarioError(a.where,
                                           "attribute '" + a.name + "': node '" + node.name +
                                               "' has no router part on link '" + i.link + "'");
                }
                querier.Set(ShortAttribute(a.name), StringValue(a.value));
                querierSet = true;
            }
        }
        std::string error = querier.Create<MldQuerier>()->GetConfigurationError();
        if (querierSet && !error.empty())
        {
            throw MldScenarioError(i.where,
                                   "node '" + node.name + "' on link '" + i.link +
                                       "': impossible querier timers: " + error);
        }
    }
}

/**
 * Set a node's per-interface attributes on the MLD objects of those interfaces (its
 * MldListener, and its MldQuerier if it has one there), before the simulation starts. They
 * are set on the objects the helpers made with the node's attributes, so they come last.
 */
void
ApplyInterfaceAttributes(const MldScenario& s,
                         const Names& names,
                         uint32_t n,
                         Ptr<Node> node,
                         const std::function<uint32_t(uint32_t, uint32_t)>& interfaceOf)
{
    const MldScenarioNode& spec = s.nodes[n];
    Ptr<MldProtocol> mld = node->GetObject<MldProtocol>();
    for (const MldScenarioInterface& i : spec.interfaces)
    {
        uint32_t interface = interfaceOf(n, names.NodeLink(n, spec.name, i.link, i.where));
        for (const MldScenarioAttribute& a : i.attributes)
        {
            StringValue value(a.value);
            if (CheckAttribute(a) == AttributeTarget::LISTENER)
            {
                mld->GetListener(interface)->SetAttribute(ShortAttribute(a.name), value);
            }
            else
            {
                mld->GetQuerier(interface)->SetAttribute(ShortAttribute(a.name), value);
            }
        }
    }
}

/// The bridge of a switch link: its node index and device; port k leads to link.nodes[k].
struct ScenarioBridge
{
    uint32_t link{0};                       //!< its switch link
    Ptr<MldSnoopingBridgeNetDevice> device; //!< the bridge
};

/**
 * Build a switch link: a CSMA link of its own from each node to a port of the bridge node
 * (MldSnoopingBridgeHelper::InstallStar, port k to the k-th node), the bridge's attributes
 * (the scenario's, then the node's, of class ns3::MldSnoopingBridgeNetDevice) set by name.
 * \return the nodes' devices, in the link's order
 */
NetDeviceContainer
BuildSwitch(const MldScenario& s,
            const Names& names,
            uint32_t l,
            const NodeContainer& nodes,
            const std::string& pcapPrefix,
            uint32_t& mac,
            std::map<uint32_t, ScenarioBridge>& bridges)
{
    const MldScenarioLink& link = s.links[l];
    uint32_t b = names.nodes.at(link.bridge);
    NodeContainer ends;
    for (const std::string& n : link.nodes)
    {
        ends.Add(nodes.Get(names.nodes.at(n)));
    }
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue(link.dataRate));
    csma.SetChannelAttribute("Delay", TimeValue(link.delay));
    MldSnoopingBridgeHelper helper;
    for (const MldScenarioAttribute& a : NodeAttributes(s, s.nodes[b]))
    {
        if (CheckAttribute(a) == AttributeTarget::BRIDGE)
        {
            helper.SetDeviceAttribute(ShortAttribute(a.name), StringValue(a.value));
        }
    }
    NetDeviceContainer endDevices;
    Ptr<MldSnoopingBridgeNetDevice> bridge = DynamicCast<MldSnoopingBridgeNetDevice>(
        helper.InstallStar(nodes.Get(b), ends, csma, &endDevices).Get(0));
    NetDeviceContainer ports;
    for (uint32_t k = 0; k < bridge->GetNBridgePorts(); ++k)
    {
        ports.Add(bridge->GetBridgePort(k));
    }
    MldAssignMacAddresses(ports, 0x06, mac);
    if (!pcapPrefix.empty())
    {
        csma.EnablePcap(pcapPrefix, endDevices, false);
    }
    bridges[b] = {l, bridge};
    return endDevices;
}

/// Count the data frames each port of the bridges sends (MacTx of the port devices).
void
TraceBridgePorts(const std::map<uint32_t, ScenarioBridge>& bridges, Recorder* recorder)
{
    for (const auto& [b, bridge] : bridges)
    {
        bridge.device->TraceConnectWithoutContext(
            "Drop",
            MakeBoundCallback(&Recorder::OnBridgeDrop, recorder, b));
        for (uint32_t k = 0; k < bridge.device->GetNBridgePorts(); ++k)
        {
            bridge.device->GetBridgePort(k)->TraceConnectWithoutContext(
                "MacTx",
                MakeBoundCallback(&Recorder::OnPortTx, recorder, b, k));
        }
    }
}

/// The port of a bridge that leads to a node (its position on the switch link).
uint32_t
BridgePort(const MldScenario& s, const Names& names, uint32_t b, const std::string& node)
{
    for (const MldScenarioLink& link : s.links)
    {
        if (link.type == MldScenarioLink::SWITCH && link.bridge == s.nodes[b].name)
        {
            for (uint32_t k = 0; k < link.nodes.size(); ++k)
            {
                if (link.nodes[k] == node)
                {
                    return k;
                }
            }
        }
    }
    return 0;
}

/// Judge an MDB expectation now: the port has a line for the group in the bridge's MDB.
MldScenarioVerdict
CheckMdb(const MldScenarioExpectation& e, Ptr<MldSnoopingBridgeNetDevice> bridge, uint32_t port)
{
    MldScenarioVerdict v{e.text, false, "", e.where};
    bool member = false;
    std::ostringstream seen;
    for (const MldSnoopingMdbEntry& entry : bridge->GetMdb())
    {
        if (entry.group == e.group && entry.port == port)
        {
            if (!member)
            {
                seen << "port " << port << " member, " << (entry.exclude ? "EXCLUDE" : "INCLUDE");
            }
            member = true;
            if (entry.source != Ipv6Address::GetAny())
            {
                seen << " " << entry.source;
            }
        }
    }
    v.detail = member ? seen.str() : "port " + std::to_string(port) + " not a member";
    v.passed = member == e.present;
    return v;
}

/// Bridges: roles, switch links, their attributes, and what may name them.
void
CheckBridges(const MldScenario& s, const Names& names)
{
    std::map<std::string, uint32_t> served; // bridge -> switch links naming it
    for (const MldScenarioLink& link : s.links)
    {
        for (const std::string& n : link.nodes)
        {
            if (s.nodes[names.nodes.at(n)].role == MldScenarioNode::BRIDGE)
            {
                throw MldScenarioError(link.where,
                                       "node '" + n +
                                           "' is a bridge: it is a link's 'bridge' (type: "
                                           "switch), not one of its nodes");
            }
        }
        if (link.type != MldScenarioLink::SWITCH)
        {
            if (!link.bridge.empty())
            {
                throw MldScenarioError(link.where, "'bridge' is for links of type switch");
            }
            continue;
        }
        if (link.bridge.empty())
        {
            throw MldScenarioError(link.where,
                                   "switch link '" + link.name + "' needs a 'bridge' node");
        }
        uint32_t b = names.Node(link.bridge, link.where);
        if (s.nodes[b].role != MldScenarioNode::BRIDGE)
        {
            throw MldScenarioError(link.where,
                                   "node '" + link.bridge + "' is not a bridge (role: bridge)");
        }
        if (++served[link.bridge] > 1)
        {
            throw MldScenarioError(link.where,
                                   "bridge '" + link.bridge + "' serves two switch links");
        }
    }
    for (const MldScenarioNode& node : s.nodes)
    {
        bool bridge = node.role == MldScenarioNode::BRIDGE;
        for (const MldScenarioAttribute& a : node.attributes)
        {
            if ((CheckAttribute(a) == AttributeTarget::BRIDGE) != bridge)
            {
                throw MldScenarioError(
                    a.where,
                    "attribute '" + a.name + "' is not for " +
                        (bridge ? "a bridge" : "node '" + node.name + "'") +
                        (bridge ? " (ns3::MldSnoopingBridgeNetDevice only)" : " (bridges only)"));
            }
        }
        if (bridge && served.count(node.name) == 0)
        {
            throw MldScenarioError(node.where,
                                   "bridge '" + node.name + "' is the bridge of no switch link");
        }
        if (bridge &&
            (!node.upstream.empty() || !node.downstream.empty() || !node.interfaces.empty()))
        {
            throw MldScenarioError(node.where,
                                   "bridge '" + node.name +
                                       "': no upstream, downstream or interfaces");
        }
    }
    for (const MldScenarioEvent& e : s.events)
    {
        if (s.nodes[names.Node(e.node, e.where)].role == MldScenarioNode::BRIDGE)
        {
            throw MldScenarioError(e.where,
                                   "node '" + e.node + "' is a bridge: it has no IP, no events");
        }
    }
    for (const MldScenarioExpectation& e : s.expectations)
    {
        bool onBridge =
            !e.node.empty() && s.nodes[names.Node(e.node, e.where)].role == MldScenarioNode::BRIDGE;
        // drops: the bridge's own (its Drop trace), from every port
        bool portKind =
            e.kind == MldScenarioExpectation::MDB || e.kind == MldScenarioExpectation::FORWARDS;
        bool bridgeKind = portKind || e.kind == MldScenarioExpectation::DROPS;
        if (onBridge != (e.kind == MldScenarioExpectation::MDB) && !(onBridge && bridgeKind))
        {
            throw MldScenarioError(e.where,
                                   onBridge ? "node '" + e.node +
                                                  "' is a bridge: only mdb, forwards and drops "
                                                  "expectations"
                                            : "an mdb expectation needs a bridge node");
        }
        if ((onBridge && portKind) != !e.port.empty())
        {
            throw MldScenarioError(e.where,
                                   e.port.empty()
                                       ? "a bridge expectation needs 'port' (a node)"
                                       : "'port' is for mdb and forwards expectations on "
                                         "a bridge");
        }
        if (onBridge && portKind)
        {
            uint32_t b = names.nodes.at(e.node);
            const MldScenarioLink* link = nullptr;
            for (const MldScenarioLink& l : s.links)
            {
                if (l.type == MldScenarioLink::SWITCH && l.bridge == e.node)
                {
                    link = &l;
                }
            }
            if (std::find(link->nodes.begin(), link->nodes.end(), e.port) == link->nodes.end())
            {
                throw MldScenarioError(e.where,
                                       "bridge '" + s.nodes[b].name + "' has no port to '" +
                                           e.port + "'");
            }
            if (!e.link.empty())
            {
                throw MldScenarioError(e.where,
                                       "a bridge expectation names a 'port', not a 'link'");
            }
        }
    }
}

/**
 * The IPv6 address of each node of a link, in the link's order: the one given in the file,
 * else <prefix>::k for the k-th node (from 1). RFC 4291 §2.5.1: an interface ID is the
 * low 64 bits, so a given address must be in the link's /64; it must be a unicast
 * address no other node of the link has.
 */
std::vector<Ipv6Address>
LinkAddresses(const MldScenarioLink& link, uint32_t index)
{
    std::string text = link.prefix;
    if (text.empty())
    {
        std::ostringstream os;
        os << "2001:db8:" << std::hex << (index + 1) << "::";
        text = os.str();
    }
    Ipv6Address base;
    if (!MldScenarioParseAddress(text, base) || base.IsMulticast())
    {
        throw MldScenarioError(link.where, "bad prefix '" + link.prefix + "'");
    }
    const Ipv6Prefix slash64(64);
    uint8_t prefix[16];
    base.CombinePrefix(slash64).GetBytes(prefix);
    std::vector<Ipv6Address> result;
    for (uint32_t k = 0; k < link.nodes.size(); ++k)
    {
        uint8_t bytes[16];
        std::copy(prefix, prefix + 16, bytes);
        bytes[14] = static_cast<uint8_t>((k + 1) >> 8);
        bytes[15] = static_cast<uint8_t>(k + 1);
        result.emplace_back(bytes);
    }
    std::set<std::string> given;
    for (const MldScenarioLinkAddress& a : link.addresses)
    {
        auto it = std::find(link.nodes.begin(), link.nodes.end(), a.node);
        if (it == link.nodes.end())
        {
            throw MldScenarioError(a.where,
                                   "node '" + a.node + "' is not on link '" + link.name + "'");
        }
        if (!given.insert(a.node).second)
        {
            throw MldScenarioError(a.where, "address of node '" + a.node + "' given twice");
        }
        Ipv6Address address;
        if (!MldScenarioParseAddress(a.address, address) || address.IsMulticast() ||
            address.IsAny() || address.IsLocalhost())
        {
            throw MldScenarioError(a.where, "bad unicast address '" + a.address + "'");
        }
        if (address.CombinePrefix(slash64) != Ipv6Address(prefix))
        {
            std::ostringstream os;
            os << "address '" << a.address << "' is not in the prefix of link '" << link.name
               << "' (" << Ipv6Address(prefix) << "/64)";
            throw MldScenarioError(a.where, os.str());
        }
        result[it - link.nodes.begin()] = address;
    }
    for (uint32_t k = 0; k < result.size(); ++k)
    {
        for (uint32_t j = 0; j < k; ++j)
        {
            if (result[j] == result[k])
            {
                std::ostringstream os;
                os << "nodes '" << link.nodes[j] << "' and '" << link.nodes[k]
                   << "' would both have " << result[k] << " on link '" << link.name << "'";
                throw MldScenarioError(link.where, os.str());
            }
        }
    }
    return result;
}

/// Wi-Fi links: the module is there, the AP is on the link, a node on one Wi-Fi link only.
void
CheckWifi(const MldScenario& s, const Names& names)
{
    std::map<std::string, std::string> onWifi; // node -> its Wi-Fi link
    for (const MldScenarioLink& link : s.links)
    {
        if (link.type != MldScenarioLink::WIFI)
        {
            if (!link.ap.empty())
            {
                throw MldScenarioError(link.where, "'ap' is for links of type wifi");
            }
            continue;
        }
#ifndef MLD_HAVE_WIFI
        throw MldScenarioError(link.where,
                               "link '" + link.name +
                                   "': this build has no Wi-Fi (it was built without ns-3's "
                                   "wifi and mobility modules)");
#endif
        if (!link.ap.empty() &&
            std::find(link.nodes.begin(), link.nodes.end(), link.ap) == link.nodes.end())
        {
            throw MldScenarioError(link.where,
                                   "the access point '" + link.ap + "' is not on link '" +
                                       link.name + "'");
        }
        if (!(link.spacing > 0 && link.spacing <= 1000))
        {
            throw MldScenarioError(link.where, "'spacing' must be from 0 (excluded) to 1000 m");
        }
        for (const std::string& n : link.nodes)
        {
            if (!onWifi.emplace(n, link.name).second)
            {
                throw MldScenarioError(link.where,
                                       "node '" + n + "' is on two Wi-Fi links ('" + onWifi[n] +
                                           "' too): a node has one position");
            }
        }
    }
}

#ifdef MLD_HAVE_WIFI
/**
 * Build a Wi-Fi link: 802.11a, Yans channel (log-distance loss, constant-speed delay), a
 * constant 6 Mbps rate (ConstantRateWifiManager) so that nothing adapts at random; with an
 * `ap`, an infrastructure BSS (ApWifiMac, StaWifiMac without active probing); without, ad hoc
 * (AdhocWifiMac). Every node of the link stands still (ConstantPositionMobilityModel) on the x
 * axis, `spacing` metres apart in the link's order. The Wi-Fi objects' random streams are
 * fixed (AssignStreams), so a run is the same every time.
 * \return the nodes' devices, in the link's order
 */
NetDeviceContainer
BuildWifi(const MldScenario& s,
          const Names& names,
          uint32_t l,
          const NodeContainer& nodes,
          const std::string& pcapPrefix,
          uint32_t& mac)
{
    const MldScenarioLink& link = s.links[l];
    YansWifiChannelHelper channel = YansWifiChannelHelper::Default();
    YansWifiPhyHelper phy;
    phy.SetChannel(channel.Create());
    phy.SetPcapDataLinkType(WifiPhyHelper::DLT_IEEE802_11_RADIO);
    WifiHelper wifi;
    wifi.SetStandard(WIFI_STANDARD_80211a);
    wifi.SetRemoteStationManager("ns3::ConstantRateWifiManager",
                                 "DataMode",
                                 StringValue("OfdmRate6Mbps"),
                                 "ControlMode",
                                 StringValue("OfdmRate6Mbps"));
    WifiMacHelper macHelper;
    Ssid ssid("mld-" + link.name);
    NetDeviceContainer devices;
    for (const std::string& name : link.nodes)
    {
        Ptr<Node> node = nodes.Get(names.nodes.at(name));
        if (link.ap.empty())
        {
            macHelper.SetType("ns3::AdhocWifiMac");
        }
        else if (name == link.ap)
        {
            macHelper.SetType("ns3::ApWifiMac", "Ssid", SsidValue(ssid));
        }
        else
        {
            macHelper.SetType("ns3::StaWifiMac",
                              "Ssid",
                              SsidValue(ssid),
                              "ActiveProbing",
                              BooleanValue(false));
        }
        devices.Add(wifi.Install(phy, macHelper, node));
    }
    wifi.AssignStreams(devices, 10000 + 100 * l);
    MobilityHelper mobility;
    Ptr<ListPositionAllocator> positions = CreateObject<ListPositionAllocator>();
    for (uint32_t k = 0; k < link.nodes.size(); ++k)
    {
        positions->Add(Vector(link.spacing * k, 0, 0));
    }
    mobility.SetPositionAllocator(positions);
    mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    for (const std::string& name : link.nodes)
    {
        mobility.Install(nodes.Get(names.nodes.at(name)));
    }
    // Ad hoc: numbered as on other links. Infrastructure: ns-3's own addresses
    // (Mac48Address::Allocate): the MACs of a BSS keep the address they were made with (the
    // AP's is its BSSID, a station's is what it associates with), and a later SetAddress
    // breaks the association in ns-3.37.
    if (link.ap.empty())
    {
        MldAssignMacAddresses(devices, 0x02, mac);
    }
    if (!pcapPrefix.empty())
    {
        phy.EnablePcap(pcapPrefix, devices, false);
    }
    return devices;
}
#endif

} // namespace

void
MldScenarioRunner::Validate(const MldScenario& s)
{
    if (!s.duration.IsStrictlyPositive())
    {
        throw MldScenarioError(s.where, "'duration' must be positive");
    }
    Names names(s);
    for (const MldScenarioAttribute& a : s.attributes)
    {
        CheckAttribute(a);
    }
    for (uint32_t l = 0; l < s.links.size(); ++l)
    {
        const MldScenarioLink& link = s.links[l];
        LinkAddresses(link, l);
        DataRateValue rate;
        if (!rate.DeserializeFromString(link.dataRate, MakeDataRateChecker()))
        {
            throw MldScenarioError(link.where, "bad data rate '" + link.dataRate + "'");
        }
        if (link.delay.IsStrictlyNegative())
        {
            throw MldScenarioError(link.where, "negative delay");
        }
    }
    CheckBridges(s, names);
    CheckWifi(s, names);
    for (uint32_t i = 0; i < s.nodes.size(); ++i)
    {
        const MldScenarioNode& node = s.nodes[i];
        if (node.role == MldScenarioNode::BRIDGE)
        {
            continue; // CheckBridges
        }
        ObjectFactory querier("ns3::MldQuerier");
        for (const MldScenarioAttribute& a : NodeAttributes(s, node))
        {
            if (CheckAttribute(a) == AttributeTarget::QUERIER)
            {
                querier.Set(ShortAttribute(a.name), StringValue(a.value));
            }
        }
        std::string error = querier.Create<MldQuerier>()->GetConfigurationError();
        if (!error.empty() && node.role != MldScenarioNode::HOST)
        {
            throw MldScenarioError(node.where,
                                   "node '" + node.name + "': impossible querier timers: " + error);
        }
        if (names.nodeLinks[i].empty())
        {
            throw MldScenarioError(node.where, "node '" + node.name + "' is on no link");
        }
        CheckInterfaceAttributes(s, names, i);
        if (node.role == MldScenarioNode::PROXY)
        {
            if (node.upstream.empty() || node.downstream.empty())
            {
                throw MldScenarioError(node.where,
                                       "proxy '" + node.name +
                                           "' needs an 'upstream' link and 'downstream' links");
            }
            uint32_t up = names.NodeLink(i, node.name, node.upstream, node.where);
            for (const std::string& d : node.downstream)
            {
                if (names.NodeLink(i, node.name, d, node.where) == up)
                {
                    throw MldScenarioError(node.where,
                                           "proxy '" + node.name + "': link '" + d +
                                               "' is both upstream and downstream");
                }
            }
        }
        else if (!node.upstream.empty() || !node.downstream.empty())
        {
            throw MldScenarioError(node.where,
                                   "node '" + node.name +
                                       "': 'upstream' and 'downstream' are for proxies");
        }
    }
    std::map<uint32_t, uint32_t> sendLink; // a sender's one multicast route: its first send's
    for (const MldScenarioEvent& e : s.events)
    {
        uint32_t node = names.Node(e.node, e.where);
        if (e.kind != MldScenarioEvent::STOP && e.kind != MldScenarioEvent::START &&
            s.nodes[node].role != MldScenarioNode::BRIDGE)
        {
            names.NodeLink(node, e.node, e.link, e.where);
        }
        if (e.kind == MldScenarioEvent::SEND && s.nodes[node].role != MldScenarioNode::BRIDGE &&
            sendLink.emplace(node, names.NodeLink(node, e.node, e.link, e.where)).first->second !=
                names.NodeLink(node, e.node, e.link, e.where))
        {
            throw MldScenarioError(e.where,
                                   "node '" + e.node +
                                       "' sends out of another interface already: a node "
                                       "sends multicast out of one interface");
        }
        if (e.kind == MldScenarioEvent::SEND)
        {
            CheckTime(s, e.start, "'start'", e.where);
            CheckTime(s, e.stop, "'stop'", e.where);
            if (e.start >= e.stop)
            {
                throw MldScenarioError(e.where,
                                       "time out of order: 'start' must come before 'stop'");
            }
            if (e.rate == 0 || e.rate > 1000000 || e.size == 0 || e.size > 65000)
            {
                throw MldScenarioError(e.where,
                                       "'rate' must be 1 to 1000000 packets a second and "
                                       "'size' 1 to 65000 octets");
            }
        }
        else
        {
            CheckTime(s, e.at, "'at'", e.where);
        }
        if ((e.kind == MldScenarioEvent::JOIN || e.kind == MldScenarioEvent::LEAVE ||
             e.kind == MldScenarioEvent::SEND) &&
            !e.group.IsMulticast())
        {
            throw MldScenarioError(e.where, "the group must be a multicast address");
        }
    }
    CheckStoppedNodes(s);
    for (const MldScenarioExpectation& e : s.expectations)
    {
        switch (e.kind)
        {
        case MldScenarioExpectation::LISTENERS: {
            uint32_t node = names.Node(e.node, e.where);
            names.NodeLink(node, e.node, e.link, e.where);
            if (s.nodes[node].role == MldScenarioNode::HOST)
            {
                throw MldScenarioError(e.where,
                                       "node '" + e.node +
                                           "' is a host: listener tables are on routers and "
                                           "proxies");
            }
            if (e.window)
            {
                CheckTime(s, e.from, "'from'", e.where);
                CheckTime(s, e.to, "'to'", e.where);
                if (e.from > e.to)
                {
                    throw MldScenarioError(e.where,
                                           "time out of order: 'from' must not come after 'to'");
                }
            }
            else
            {
                CheckTime(s, e.at, "'at'", e.where);
            }
            break;
        }
        case MldScenarioExpectation::JOIN_LATENCY:
        case MldScenarioExpectation::LEAVE_LATENCY: {
            names.Node(e.node, e.where);
            const MldScenarioEvent& ev = s.events[LatencyEvent(s, e)];
            if (!e.bound.IsStrictlyPositive())
            {
                throw MldScenarioError(e.where, "the latency bound 'max' must be positive");
            }
            if (e.untilData)
            {
                if (e.kind != MldScenarioExpectation::JOIN_LATENCY || !e.router.empty() ||
                    !e.routerLink.empty())
                {
                    throw MldScenarioError(e.where,
                                           "'until: data' is for join-latency, without "
                                           "'router' and 'router-link'");
                }
                break;
            }
            if (e.router.empty())
            {
                throw MldScenarioError(e.where, "a latency expectation needs 'router'");
            }
            uint32_t router = names.Node(e.router, e.where);
            if (s.nodes[router].role == MldScenarioNode::HOST)
            {
                throw MldScenarioError(e.where,
                                       "node '" + e.router +
                                           "' is a host: listener tables are on routers and "
                                           "proxies");
            }
            uint32_t host = names.nodes.at(e.node);
            std::string link = e.routerLink.empty()
                                   ? s.links[names.NodeLink(host, e.node, ev.link, ev.where)].name
                                   : e.routerLink;
            names.NodeLink(router, e.router, link, e.where);
            break;
        }
        case MldScenarioExpectation::MDB:
            CheckTime(s, e.at, "'at'", e.where); // the rest: CheckBridges
            break;
        case MldScenarioExpectation::RECEIVES:
        case MldScenarioExpectation::FORWARDS: {
            uint32_t node = names.Node(e.node, e.where);
            if (s.nodes[node].role != MldScenarioNode::BRIDGE)
            {
                names.NodeLink(node, e.node, e.link, e.where);
            }
            if (e.kind == MldScenarioExpectation::FORWARDS &&
                s.nodes[node].role == MldScenarioNode::HOST)
            {
                throw MldScenarioError(e.where,
                                       "node '" + e.node + "' is a host: hosts do not forward");
            }
            CheckWindow(s, e.from, e.to, e.where);
            break;
        }
        case MldScenarioExpectation::MESSAGES:
            names.Link(e.link, e.where);
            if (MessageTypes().count(e.messageType) == 0)
            {
                throw MldScenarioError(e.where,
                                       "unknown message type '" + e.messageType +
                                           "' (query, report, done, v2-report)");
            }
            CheckWindow(s, e.from, e.to, e.where);
            break;
        case MldScenarioExpectation::DROPS: {
            if (!e.node.empty())
            {
                names.Node(e.node, e.where);
            }
            MldDropReason reason;
            if (!LookupDropReason(e.dropReason, reason))
            {
                throw MldScenarioError(e.where, "unknown drop reason '" + e.dropReason + "'");
            }
            CheckWindow(s, e.from, e.to, e.where);
            break;
        }
        }
        if ((e.kind == MldScenarioExpectation::LISTENERS ||
             e.kind == MldScenarioExpectation::JOIN_LATENCY ||
             e.kind == MldScenarioExpectation::LEAVE_LATENCY ||
             e.kind == MldScenarioExpectation::RECEIVES || e.kind == MldScenarioExpectation::MDB ||
             e.kind == MldScenarioExpectation::FORWARDS) &&
            !e.group.IsMulticast())
        {
            throw MldScenarioError(e.where, "the group must be a multicast address");
        }
        if (e.min > e.max)
        {
            throw MldScenarioError(e.where, "'min' is larger than 'max'");
        }
    }
}

std::vector<MldScenarioVerdict>
MldScenarioRunner::Run(const MldScenario& s,
                       const std::string& pcapDir,
                       MldScenarioTimeline* timeline)
{
    Validate(s);
    Names names(s);
    RngSeedManager::SetSeed(s.seed);
    RngSeedManager::SetRun(s.run);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    if (!pcapDir.empty())
    {
        SystemPath::MakeDirectories(pcapDir);
    }
    NodeContainer nodes;
    nodes.Create(s.nodes.size());
    // devices[l][k]: the device of the k-th node of link l
    std::vector<NetDeviceContainer> devices;
    std::map<uint32_t, ScenarioBridge> bridges; // by node index
    uint32_t mac = 0;
    for (const MldScenarioLink& link : s.links)
    {
        NodeContainer members;
        for (const std::string& n : link.nodes)
        {
            members.Add(nodes.Get(names.nodes.at(n)));
        }
        std::string prefix = pcapDir.empty() ? "" : pcapDir + "/" + s.name + "-" + link.name;
        if (link.type == MldScenarioLink::SWITCH)
        {
            devices.push_back(BuildSwitch(s, names, devices.size(), nodes, prefix, mac, bridges));
        }
#ifdef MLD_HAVE_WIFI
        else if (link.type == MldScenarioLink::WIFI)
        {
            devices.push_back(BuildWifi(s, names, devices.size(), nodes, prefix, mac));
            continue; // its MAC addresses are numbered already
        }
#endif
        else if (link.type == MldScenarioLink::CSMA)
        {
            CsmaHelper csma;
            csma.SetChannelAttribute("DataRate", StringValue(link.dataRate));
            csma.SetChannelAttribute("Delay", TimeValue(link.delay));
            devices.push_back(csma.Install(members));
            if (!prefix.empty())
            {
                csma.EnablePcap(prefix, devices.back(), false);
            }
        }
        else
        {
            PointToPointHelper p2p;
            p2p.SetDeviceAttribute("DataRate", StringValue(link.dataRate));
            p2p.SetChannelAttribute("Delay", TimeValue(link.delay));
            devices.push_back(p2p.Install(members));
            if (!prefix.empty())
            {
                p2p.EnablePcap(prefix, devices.back(), false);
            }
        }
        // The same MAC addresses (hence link-local addresses and querier elections) in
        // every run, whatever ran before in the process.
        MldAssignMacAddresses(devices.back(), 0x02, mac);
    }
    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    NodeContainer ipNodes; // all but bridges
    for (uint32_t n = 0; n < s.nodes.size(); ++n)
    {
        if (s.nodes[n].role != MldScenarioNode::BRIDGE)
        {
            ipNodes.Add(nodes.Get(n));
        }
    }
    stack.Install(ipNodes);
    // Interfaces up (and ns-3's default queue discs) without autoconfigured addresses; each
    // node then gets its address on the link: given, or <prefix>::k (LinkAddresses).
    Ipv6AddressHelper addresses;
    for (uint32_t l = 0; l < s.links.size(); ++l)
    {
        std::vector<Ipv6Address> linkAddresses = LinkAddresses(s.links[l], l);
        Ipv6InterfaceContainer interfaces =
            addresses.Assign(devices[l], std::vector<bool>(devices[l].GetN(), false));
        for (uint32_t k = 0; k < devices[l].GetN(); ++k)
        {
            Ptr<Ipv6> ipv6 = devices[l].Get(k)->GetNode()->GetObject<Ipv6>();
            ipv6->AddAddress(interfaces.GetInterfaceIndex(k),
                             Ipv6InterfaceAddress(linkAddresses[k], Ipv6Prefix(64)));
        }
    }
    // The IPv6 interface of node n on link l.
    auto interfaceOf = [&](uint32_t n, uint32_t l) {
        const std::vector<std::string>& members = s.links[l].nodes;
        uint32_t k = 0;
        while (members[k] != s.nodes[n].name)
        {
            ++k;
        }
        return static_cast<uint32_t>(
            nodes.Get(n)->GetObject<Ipv6>()->GetInterfaceForDevice(devices[l].Get(k)));
    };

    auto recorder = std::make_shared<Recorder>();
    TraceBridgePorts(bridges, recorder.get());
    for (uint32_t n = 0; n < s.nodes.size(); ++n)
    {
        const MldScenarioNode& spec = s.nodes[n];
        Ptr<Node> node = nodes.Get(n);
        if (spec.role == MldScenarioNode::BRIDGE)
        {
            continue; // no IP, no MLD: BuildSwitch
        }
        MldHelper mld;
        MldProxyHelper proxy;
        for (const MldScenarioAttribute& a : NodeAttributes(s, spec))
        {
            StringValue value(a.value);
            switch (CheckAttribute(a))
            {
            case AttributeTarget::PROTOCOL:
                mld.SetProtocolAttribute(ShortAttribute(a.name), value);
                break;
            case AttributeTarget::LISTENER:
                mld.SetListenerAttribute(ShortAttribute(a.name), value);
                break;
            case AttributeTarget::QUERIER:
                mld.SetQuerierAttribute(ShortAttribute(a.name), value);
                proxy.SetQuerierAttribute(ShortAttribute(a.name), value);
                break;
            case AttributeTarget::PROXY:
                proxy.SetProxyAttribute(ShortAttribute(a.name), value);
                break;
            case AttributeTarget::BRIDGE:
                break; // BuildSwitch
            }
        }
        mld.Install(node);
        if (spec.role == MldScenarioNode::ROUTER)
        {
            mld.SetRouter(node);
        }
        else if (spec.role == MldScenarioNode::PROXY)
        {
            std::set<uint32_t> downstream;
            for (const std::string& d : spec.downstream)
            {
                downstream.insert(interfaceOf(n, names.links.at(d)));
            }
            uint32_t upstream = interfaceOf(n, names.links.at(spec.upstream));
            std::string error = MldProxy::CheckConfiguration(
                node,
                {upstream},
                std::vector<uint32_t>(downstream.begin(), downstream.end()));
            if (!error.empty())
            {
                Simulator::Destroy();
                throw MldScenarioError(spec.where, "proxy '" + spec.name + "': " + error);
            }
            proxy.Install(node, upstream, downstream);
        }
        ApplyInterfaceAttributes(s, names, n, node, interfaceOf);
        mld.AssignStreams(NodeContainer(node), 100 + 1000 * n);
        Ptr<MldProtocol> protocol = node->GetObject<MldProtocol>();
        protocol->TraceConnectWithoutContext("Tx",
                                             MakeBoundCallback(&Recorder::OnTx, recorder.get(), n));
        if (spec.role != MldScenarioNode::HOST)
        {
            protocol->GetRouting()->TraceConnectWithoutContext(
                "Forward",
                MakeBoundCallback(&Recorder::OnForward, recorder.get(), n));
        }
        protocol->TraceConnectWithoutContext(
            "Drop",
            MakeBoundCallback(&Recorder::OnDrop, recorder.get(), n));
        if (timeline)
        {
            std::vector<std::pair<uint32_t, uint32_t>> interfaces; // (link, IPv6 interface)
            for (uint32_t l : names.nodeLinks[n])
            {
                interfaces.emplace_back(l, interfaceOf(n, l));
            }
            timeline->Attach(n, node, interfaces);
        }
    }

    // ns-3.37 keeps a host's Router Solicitation timer running while its interface is down,
    // and the RS it then sends crashes Ipv6L3Protocol::Send (doc/mld.rst, Limitations): with
    // interface events, keep to the first RS, as the tests do.
    for (const MldScenarioEvent& e : s.events)
    {
        if (e.kind == MldScenarioEvent::DOWN || e.kind == MldScenarioEvent::UP || IsNodeState(e))
        {
            for (uint32_t n = 0; n < nodes.GetN(); ++n)
            {
                if (!nodes.Get(n)->GetObject<Icmpv6L4Protocol>())
                {
                    continue; // a bridge
                }
                nodes.Get(n)->GetObject<Icmpv6L4Protocol>()->SetAttributeFailSafe(
                    "RsMaxRetransmissionDuration",
                    TimeValue(NanoSeconds(1)));
            }
            break;
        }
    }

    // Events.
    std::set<uint32_t> routed; // senders given a multicast route
    for (const MldScenarioEvent& e : s.events)
    {
        uint32_t n = names.nodes.at(e.node);
        Ptr<Node> node = nodes.Get(n);
        if (IsNodeState(e))
        {
            ScheduleNodeState(e, node);
            continue;
        }
        uint32_t interface = interfaceOf(n, names.NodeLink(n, e.node, e.link, e.where));
        Ptr<MldProtocol> mld = node->GetObject<MldProtocol>();
        Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
        // A source filter is set for socket 1 of the node; plain joins use the refcount.
        const uint64_t socket = 1;
        switch (e.kind)
        {
        case MldScenarioEvent::JOIN:
            mldcompat::ScheduleCallable(e.at, [mld, interface, e]() {
                if (e.hasFilter)
                {
                    mld->SetSourceFilter(interface, e.group, socket, e.exclude, e.sources);
                }
                else
                {
                    mld->Join(interface, e.group);
                }
            });
            break;
        case MldScenarioEvent::LEAVE:
            mldcompat::ScheduleCallable(e.at, [mld, interface, e]() {
                if (!mld->Leave(interface, e.group))
                {
                    // no any-source join: drop the source filter instead
                    mld->SetSourceFilter(interface, e.group, socket, false, {});
                }
            });
            break;
        case MldScenarioEvent::DOWN:
            mldcompat::ScheduleCallable(e.at, [ipv6, interface]() { ipv6->SetDown(interface); });
            break;
        case MldScenarioEvent::UP:
            mldcompat::ScheduleCallable(e.at, [ipv6, interface]() { ipv6->SetUp(interface); });
            break;
        case MldScenarioEvent::STOP:
        case MldScenarioEvent::START:
            break; // ScheduleNodeState, above
        case MldScenarioEvent::SEND: {
            if (routed.insert(n).second)
            {
                Ipv6StaticRoutingHelper staticRouting;
                staticRouting.GetStaticRouting(ipv6)->AddNetworkRouteTo(Ipv6Address("ff00::"),
                                                                        Ipv6Prefix(8),
                                                                        interface);
            }
            OnOffHelper onoff("ns3::UdpSocketFactory", Inet6SocketAddress(e.group, DATA_PORT));
            onoff.SetConstantRate(DataRate(uint64_t{8} * e.size * e.rate), e.size);
            ApplicationContainer app = onoff.Install(node);
            app.Start(e.start);
            app.Stop(e.stop);
            break;
        }
        }
    }

    // Expectations that need sockets or checks during the run.
    std::set<std::pair<uint32_t, Ipv6Address>> listening;
    TimedChecks checks;
    for (size_t i = 0; i < s.expectations.size(); ++i)
    {
        const MldScenarioExpectation& e = s.expectations[i];
        if (e.kind == MldScenarioExpectation::RECEIVES)
        {
            uint32_t n = names.nodes.at(e.node);
            uint32_t interface = interfaceOf(n, names.NodeLink(n, e.node, e.link, e.where));
            AddDataSink(*recorder, listening, nodes.Get(n), n, interface, e.group);
        }
        else if ((e.kind == MldScenarioExpectation::LISTENERS && e.window) ||
                 e.kind == MldScenarioExpectation::JOIN_LATENCY ||
                 e.kind == MldScenarioExpectation::LEAVE_LATENCY)
        {
            ScheduleTracedCheck(s, names, nodes, interfaceOf, i, *recorder, listening, checks);
        }
        else if (e.kind == MldScenarioExpectation::MDB)
        {
            uint32_t b = names.nodes.at(e.node);
            Ptr<MldSnoopingBridgeNetDevice> bridge = bridges.at(b).device;
            uint32_t port = BridgePort(s, names, b, e.port);
            Recorder* r = recorder.get();
            mldcompat::ScheduleCallable(e.at, [r, i, e, bridge, port]() {
                r->timed[i] = CheckMdb(e, bridge, port);
            });
        }
        else if (e.kind == MldScenarioExpectation::LISTENERS)
        {
            uint32_t n = names.nodes.at(e.node);
            uint32_t interface = interfaceOf(n, names.NodeLink(n, e.node, e.link, e.where));
            Ptr<MldProtocol> mld = nodes.Get(n)->GetObject<MldProtocol>();
            Recorder* r = recorder.get();
            mldcompat::ScheduleCallable(e.at, [r, i, e, mld, interface]() {
                r->timed[i] = CheckListeners(e, mld->GetQuerier(interface));
            });
        }
    }

    Simulator::Stop(s.duration + NanoSeconds(1)); // events and checks at `duration` run too
    Simulator::Run();
    if (timeline)
    {
        timeline->Close(s.duration);
    }

    std::vector<MldScenarioVerdict> verdicts;
    for (size_t i = 0; i < s.expectations.size(); ++i)
    {
        const MldScenarioExpectation& e = s.expectations[i];
        MldScenarioVerdict v{e.text, false, "", e.where};
        uint64_t count = 0;
        switch (e.kind)
        {
        case MldScenarioExpectation::JOIN_LATENCY:
        case MldScenarioExpectation::LEAVE_LATENCY:
            verdicts.push_back(TracedVerdict(i, *recorder, checks));
            continue;
        case MldScenarioExpectation::MDB:
        case MldScenarioExpectation::LISTENERS:
            if (e.window)
            {
                verdicts.push_back(TracedVerdict(i, *recorder, checks));
                continue;
            }
            if (recorder->timed.count(i))
            {
                v = recorder->timed.at(i);
            }
            else
            {
                v.detail = "not checked (the run ended before)";
            }
            verdicts.push_back(v);
            continue;
        case MldScenarioExpectation::RECEIVES:
            for (Time t : recorder->rx[{names.nodes.at(e.node), e.group}])
            {
                count += (t >= e.from && t < e.to) ? 1 : 0;
            }
            v.detail = std::to_string(count) + " packets, expected " + Range(e.min, e.max);
            break;
        case MldScenarioExpectation::FORWARDS: {
            uint32_t n = names.nodes.at(e.node);
            if (s.nodes[n].role == MldScenarioNode::BRIDGE)
            {
                uint32_t port = BridgePort(s, names, n, e.port);
                for (const SentMessage& m : recorder->portData)
                {
                    count += (m.node == n && m.interface == port && m.group == e.group &&
                              m.time >= e.from && m.time < e.to)
                                 ? 1
                                 : 0;
                }
                v.detail = std::to_string(count) + " frames out of port " + std::to_string(port) +
                           ", expected " + Range(e.min, e.max);
                break;
            }
            uint32_t interface = interfaceOf(n, names.NodeLink(n, e.node, e.link, e.where));
            for (const SentMessage& m : recorder->forwarded)
            {
                count += (m.node == n && m.interface == interface && m.group == e.group &&
                          m.time >= e.from && m.time < e.to)
                             ? 1
                             : 0;
            }
            v.detail = std::to_string(count) + " copies, expected " + Range(e.min, e.max);
            break;
        }
        case MldScenarioExpectation::MESSAGES: {
            uint32_t l = names.links.at(e.link);
            uint8_t type = MessageTypes().at(e.messageType);
            for (const SentMessage& m : recorder->sent)
            {
                if (m.type == type && m.time >= e.from && m.time < e.to &&
                    (!e.checkGroup || m.group == e.group) && names.onLink.count({m.node, l}) &&
                    interfaceOf(m.node, l) == m.interface)
                {
                    ++count;
                }
            }
            v.detail = std::to_string(count) + " sent, expected " + Range(e.min, e.max);
            break;
        }
        case MldScenarioExpectation::DROPS: {
            MldDropReason reason;
            LookupDropReason(e.dropReason, reason);
            std::map<std::string, uint64_t> byReason;
            for (const Dropped& d : recorder->drops)
            {
                if ((reason == MldDropReason::COUNT || d.reason == reason) &&
                    (e.node.empty() || d.node == names.nodes.at(e.node)) && d.time >= e.from &&
                    d.time < e.to)
                {
                    ++count;
                    std::ostringstream name;
                    name << d.reason << " on " << s.nodes[d.node].name;
                    ++byReason[name.str()];
                }
            }
            v.detail = std::to_string(count) + " drops, expected " + Range(e.min, e.max);
            for (const auto& [name, n] : byReason)
            {
                v.detail += "; " + name + ": " + std::to_string(n);
            }
            break;
        }
        }
        v.passed = count >= e.min && count <= e.max;
        verdicts.push_back(v);
    }
    for (Ptr<Socket> socket : recorder->sockets)
    {
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
    Simulator::Destroy();
    return verdicts;
}

bool
MldScenarioRunner::AllPassed(const std::vector<MldScenarioVerdict>& verdicts)
{
    for (const MldScenarioVerdict& v : verdicts)
    {
        if (!v.passed)
        {
            return false;
        }
    }
    return true;
}

void
MldScenarioRunner::PrintSummary(std::ostream& os,
                                const MldScenario& s,
                                const std::vector<MldScenarioVerdict>& verdicts)
{
    uint32_t passed = 0;
    for (const MldScenarioVerdict& v : verdicts)
    {
        passed += v.passed ? 1 : 0;
        os << (v.passed ? "PASS " : "FAIL ") << v.where.ToString() << ": " << v.name << " ("
           << v.detail << ")\n";
    }
    os << (passed == verdicts.size() ? "PASS " : "FAIL ") << s.name << ": " << passed << " of "
       << verdicts.size() << " expectations hold\n";
}

namespace
{
/// XML-escaped text.
std::string
Xml(const std::string& text)
{
    std::string out;
    for (char c : text)
    {
        switch (c)
        {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}
} // namespace

void
MldScenarioRunner::WriteJUnit(std::ostream& os,
                              const MldScenario& s,
                              const std::vector<MldScenarioVerdict>& verdicts)
{
    uint32_t failures = 0;
    for (const MldScenarioVerdict& v : verdicts)
    {
        failures += v.passed ? 0 : 1;
    }
    os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
       << "<testsuites>\n"
       << "  <testsuite name=\"" << Xml(s.name) << "\" tests=\"" << verdicts.size()
       << "\" failures=\"" << failures << "\" errors=\"0\">\n";
    for (const MldScenarioVerdict& v : verdicts)
    {
        os << "    <testcase classname=\"" << Xml(s.name) << "\" name=\""
           << Xml(v.where.ToString() + " " + v.name) << "\"";
        if (v.passed)
        {
            os << "/>\n";
        }
        else
        {
            os << ">\n      <failure message=\"" << Xml(v.detail) << "\"/>\n    </testcase>\n";
        }
    }
    os << "  </testsuite>\n</testsuites>\n";
}

} // namespace ns3
