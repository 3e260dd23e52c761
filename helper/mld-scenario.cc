/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-scenario.h"

#include "mld-helper.h"
#include "mld-proxy-helper.h"
#include "mld-scenario-plot.h"

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
#include "ns3/mld-ns3-compat.h"
#include "ns3/mld-protocol.h"
#include "ns3/mld-proxy.h"
#include "ns3/mld-querier.h"
#include "ns3/mld-routing.h"
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

#include <arpa/inet.h>
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
    };
    auto target = targets.find(type);
    if (target == targets.end())
    {
        throw MldScenarioError(a.where,
                               "attribute '" + a.name +
                                   "': only ns3::MldProtocol, ns3::MldListener, "
                                   "ns3::MldQuerier and ns3::MldProxy attributes can be set");
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
        if (!link.prefix.empty())
        {
            Ipv6Address prefix;
            if (!MldScenarioParseAddress(link.prefix, prefix) || prefix.IsMulticast())
            {
                throw MldScenarioError(link.where, "bad prefix '" + link.prefix + "'");
            }
        }
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
    for (uint32_t i = 0; i < s.nodes.size(); ++i)
    {
        const MldScenarioNode& node = s.nodes[i];
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
    for (const MldScenarioEvent& e : s.events)
    {
        uint32_t node = names.Node(e.node, e.where);
        names.NodeLink(node, e.node, e.link, e.where);
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
        if (e.kind != MldScenarioEvent::DOWN && e.kind != MldScenarioEvent::UP &&
            !e.group.IsMulticast())
        {
            throw MldScenarioError(e.where, "the group must be a multicast address");
        }
    }
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
            CheckTime(s, e.at, "'at'", e.where);
            break;
        }
        case MldScenarioExpectation::RECEIVES:
        case MldScenarioExpectation::FORWARDS: {
            uint32_t node = names.Node(e.node, e.where);
            names.NodeLink(node, e.node, e.link, e.where);
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
             e.kind == MldScenarioExpectation::RECEIVES ||
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
    uint32_t mac = 0;
    for (const MldScenarioLink& link : s.links)
    {
        NodeContainer members;
        for (const std::string& n : link.nodes)
        {
            members.Add(nodes.Get(names.nodes.at(n)));
        }
        std::string prefix = pcapDir.empty() ? "" : pcapDir + "/" + s.name + "-" + link.name;
        if (link.type == MldScenarioLink::CSMA)
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
    stack.Install(nodes);
    // Interfaces up (and ns-3's default queue discs) without autoconfigured addresses; the
    // k-th node of a link (from 1) then gets <prefix>::k.
    Ipv6AddressHelper addresses;
    for (uint32_t l = 0; l < s.links.size(); ++l)
    {
        std::string text = s.links[l].prefix;
        if (text.empty())
        {
            std::ostringstream os;
            os << "2001:db8:" << std::hex << (l + 1) << "::";
            text = os.str();
        }
        Ipv6Address prefix;
        MldScenarioParseAddress(text, prefix);
        uint8_t bytes[16];
        Ipv6Prefix(64).GetBytes(bytes);
        uint8_t address[16];
        prefix.GetBytes(address);
        Ipv6InterfaceContainer interfaces =
            addresses.Assign(devices[l], std::vector<bool>(devices[l].GetN(), false));
        for (uint32_t k = 0; k < devices[l].GetN(); ++k)
        {
            for (uint32_t b = 0; b < 16; ++b)
            {
                address[b] &= bytes[b];
            }
            address[14] = static_cast<uint8_t>((k + 1) >> 8);
            address[15] = static_cast<uint8_t>(k + 1);
            Ipv6Address a;
            a.Set(address);
            Ptr<Ipv6> ipv6 = devices[l].Get(k)->GetNode()->GetObject<Ipv6>();
            ipv6->AddAddress(interfaces.GetInterfaceIndex(k),
                             Ipv6InterfaceAddress(a, Ipv6Prefix(64)));
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
    for (uint32_t n = 0; n < s.nodes.size(); ++n)
    {
        const MldScenarioNode& spec = s.nodes[n];
        Ptr<Node> node = nodes.Get(n);
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
        if (e.kind == MldScenarioEvent::DOWN || e.kind == MldScenarioEvent::UP)
        {
            for (uint32_t n = 0; n < nodes.GetN(); ++n)
            {
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
    for (size_t i = 0; i < s.expectations.size(); ++i)
    {
        const MldScenarioExpectation& e = s.expectations[i];
        if (e.kind == MldScenarioExpectation::RECEIVES)
        {
            uint32_t n = names.nodes.at(e.node);
            if (listening.insert({n, e.group}).second)
            {
                uint32_t interface = interfaceOf(n, names.NodeLink(n, e.node, e.link, e.where));
                Ptr<Socket> socket =
                    Socket::CreateSocket(nodes.Get(n), UdpSocketFactory::GetTypeId());
                socket->Bind(Inet6SocketAddress(e.group, DATA_PORT));
                Ptr<DataSink> sink = Create<DataSink>(&recorder->rx[{n, e.group}],
                                                      nodes.Get(n)->GetObject<MldProtocol>(),
                                                      interface,
                                                      e.group);
                socket->SetRecvCallback(MakeCallback(&DataSink::OnData, sink));
                recorder->sockets.push_back(socket);
            }
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
        case MldScenarioExpectation::LISTENERS:
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
