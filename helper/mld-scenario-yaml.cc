/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-scenario-yaml.h"

#include "ns3/log.h"

#include <cstdlib>
#include <fstream>
#include <limits>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>
#include <yaml-cpp/yaml.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldScenarioYaml");

namespace
{

/// Reads one document, keeping the file name for positions.
class Reader
{
  public:
    explicit Reader(const std::string& file)
        : m_file(file)
    {
    }

    /// Position of a YAML node.
    MldScenarioPosition Where(const YAML::Node& node) const
    {
        return Where(node.Mark());
    }

    /// Position of a YAML mark.
    MldScenarioPosition Where(const YAML::Mark& mark) const
    {
        MldScenarioPosition p;
        p.file = m_file;
        if (mark.line >= 0)
        {
            p.line = mark.line + 1;
            p.column = mark.column + 1;
        }
        return p;
    }

    /// An error at a node.
    [[noreturn]] void Fail(const YAML::Node& node, const std::string& what) const
    {
        throw MldScenarioError(Where(node), what);
    }

    /// The node must be a map whose keys are all in `allowed`.
    void Keys(const YAML::Node& node,
              const std::string& what,
              const std::set<std::string>& allowed) const
    {
        if (!node.IsMap())
        {
            Fail(node, what + " must be a map (key: value)");
        }
        std::set<std::string> seen;
        for (const auto& kv : node)
        {
            std::string key = Scalar(kv.first, "a key");
            if (!seen.insert(key).second)
            {
                // yaml-cpp 0.7 keeps the first of two equal keys without a word
                Fail(kv.first, "key '" + key + "' given twice in " + what);
            }
            if (allowed.count(key) == 0)
            {
                std::string list;
                for (const std::string& a : allowed)
                {
                    list += (list.empty() ? "" : ", ") + a;
                }
                Fail(kv.first, "unknown key '" + key + "' in " + what + " (known: " + list + ")");
            }
        }
    }

    /// A required entry.
    YAML::Node Need(const YAML::Node& map, const std::string& key, const std::string& what) const
    {
        YAML::Node value = map[key];
        if (!value)
        {
            Fail(map, what + " needs '" + key + "'");
        }
        return value;
    }

    /// A scalar's text.
    std::string Scalar(const YAML::Node& node, const std::string& what) const
    {
        if (!node.IsScalar())
        {
            Fail(node, what + " must be a single value");
        }
        return node.Scalar();
    }

    /// A non-negative integer of 32 bits.
    uint32_t Unsigned(const YAML::Node& node, const std::string& what) const
    {
        std::string text = Scalar(node, what);
        if (!std::regex_match(text, std::regex("[0-9]{1,10}")) ||
            std::stoull(text) > std::numeric_limits<uint32_t>::max())
        {
            Fail(node, what + " must be an integer from 0 to 4294967295, not '" + text + "'");
        }
        return std::stoul(text);
    }

    /// true or false.
    bool Bool(const YAML::Node& node, const std::string& what) const
    {
        std::string text = Scalar(node, what);
        if (text == "true" || text == "yes")
        {
            return true;
        }
        if (text == "false" || text == "no")
        {
            return false;
        }
        Fail(node, what + " must be true or false, not '" + text + "'");
    }

    /// A time: a number and a unit (s, ms, us, ns, min); a bare number is seconds.
    Time TimeOf(const YAML::Node& node, const std::string& what) const
    {
        std::string text = Scalar(node, what);
        std::smatch m;
        if (!std::regex_match(text,
                              m,
                              std::regex("([0-9]+(\\.[0-9]*)?|\\.[0-9]+) *(min|s|ms|us|ns)?")))
        {
            Fail(node,
                 what + " must be a time such as 2s, 500ms or 1.5 (seconds), not '" + text + "'");
        }
        double value = std::strtod(m[1].str().c_str(), nullptr);
        std::string unit = m[3].str();
        if (unit == "min")
        {
            return Seconds(value * 60);
        }
        if (unit == "ms")
        {
            return MilliSeconds(value);
        }
        if (unit == "us")
        {
            return MicroSeconds(value);
        }
        if (unit == "ns")
        {
            return NanoSeconds(value);
        }
        return Seconds(value);
    }

    /// An IPv6 address.
    Ipv6Address Address(const YAML::Node& node, const std::string& what) const
    {
        std::string text = Scalar(node, what);
        Ipv6Address address;
        if (!MldScenarioParseAddress(text, address))
        {
            Fail(node, what + ": '" + text + "' is not an IPv6 address");
        }
        return address;
    }

    /// A multicast address.
    Ipv6Address Group(const YAML::Node& node, const std::string& what) const
    {
        Ipv6Address group = Address(node, what);
        if (!group.IsMulticast())
        {
            Fail(node, what + ": " + node.Scalar() + " is not a multicast address");
        }
        return group;
    }

    /// A list of addresses.
    std::set<Ipv6Address> Addresses(const YAML::Node& node, const std::string& what) const
    {
        if (!node.IsSequence())
        {
            Fail(node, what + " must be a list, e.g. [2001:db8:1::1]");
        }
        std::set<Ipv6Address> out;
        for (const YAML::Node& a : node)
        {
            out.insert(Address(a, what));
        }
        return out;
    }

    /// A list of names (a single name is a list of one).
    std::vector<std::string> Names(const YAML::Node& node, const std::string& what) const
    {
        std::vector<std::string> out;
        if (node.IsScalar())
        {
            out.push_back(node.Scalar());
            return out;
        }
        if (!node.IsSequence())
        {
            Fail(node, what + " must be a list of names");
        }
        for (const YAML::Node& n : node)
        {
            out.push_back(Scalar(n, what));
        }
        return out;
    }

    /// A map of attributes.
    std::vector<MldScenarioAttribute> Attributes(const YAML::Node& node) const
    {
        if (!node.IsMap())
        {
            Fail(node, "'attributes' must be a map of \"ns3::Class::Attribute\": value");
        }
        std::vector<MldScenarioAttribute> out;
        std::set<std::string> seen;
        for (const auto& kv : node)
        {
            if (!seen.insert(Scalar(kv.first, "an attribute name")).second)
            {
                Fail(kv.first, "attribute '" + kv.first.Scalar() + "' given twice");
            }
            out.push_back({Scalar(kv.first, "an attribute name"),
                           Scalar(kv.second, "an attribute value"),
                           Where(kv.first)});
        }
        return out;
    }

    /// The item as one line of flow YAML, for the summary.
    static std::string Text(const YAML::Node& node)
    {
        YAML::Emitter out;
        out << YAML::Flow << node;
        return out.c_str();
    }

    MldScenario Document(const YAML::Node& root) const;

  private:
    void Node(MldScenario& s, const YAML::Node& item) const;
    void Link(MldScenario& s, const YAML::Node& item) const;
    void Event(MldScenario& s, const YAML::Node& item) const;
    void Expectation(MldScenario& s, const YAML::Node& item) const;

    std::string m_file; //!< file name for positions
};

MldScenario
Reader::Document(const YAML::Node& root) const
{
    MldScenario s;
    s.file = m_file;
    s.where = Where(root);
    if (!root || root.IsNull())
    {
        throw MldScenarioError(s.where, "empty scenario");
    }
    Keys(root,
         "the scenario",
         {"name", "duration", "seed", "run", "attributes", "nodes", "links", "events", "expect"});
    s.name = root["name"] ? Scalar(root["name"], "'name'") : "scenario";
    s.duration = TimeOf(Need(root, "duration", "the scenario"), "'duration'");
    if (root["seed"])
    {
        s.seed = Unsigned(root["seed"], "'seed'");
        if (s.seed == 0)
        {
            Fail(root["seed"], "'seed' must be positive");
        }
    }
    if (root["run"])
    {
        s.run = Unsigned(root["run"], "'run'");
    }
    if (root["attributes"])
    {
        s.attributes = Attributes(root["attributes"]);
    }
    using Item = void (Reader::*)(MldScenario&, const YAML::Node&) const;
    const std::vector<std::tuple<std::string, bool, Item>> lists{
        {"nodes", true, &Reader::Node},
        {"links", true, &Reader::Link},
        {"events", false, &Reader::Event},
        {"expect", false, &Reader::Expectation},
    };
    for (const auto& [list, required, read] : lists)
    {
        YAML::Node items = root[list];
        if (!items)
        {
            if (required)
            {
                Fail(root, "the scenario needs '" + list + "'");
            }
            continue;
        }
        if (!items.IsSequence())
        {
            Fail(items, "'" + list + "' must be a list (items start with '- ')");
        }
        for (const YAML::Node& item : items)
        {
            (this->*read)(s, item);
        }
    }
    return s;
}

void
Reader::Node(MldScenario& s, const YAML::Node& item) const
{
    Keys(item, "a node", {"name", "role", "attributes", "upstream", "downstream", "interfaces"});
    MldScenarioNode n;
    n.where = Where(item);
    n.name = Scalar(Need(item, "name", "a node"), "'name'");
    if (item["role"])
    {
        std::string role = Scalar(item["role"], "'role'");
        if (role == "host")
        {
            n.role = MldScenarioNode::HOST;
        }
        else if (role == "router")
        {
            n.role = MldScenarioNode::ROUTER;
        }
        else if (role == "proxy")
        {
            n.role = MldScenarioNode::PROXY;
        }
        else if (role == "bridge")
        {
            n.role = MldScenarioNode::BRIDGE;
        }
        else
        {
            Fail(item["role"], "unknown role '" + role + "' (host, router, proxy, bridge)");
        }
    }
    if (item["attributes"])
    {
        n.attributes = Attributes(item["attributes"]);
    }
    if (item["upstream"])
    {
        n.upstream = Scalar(item["upstream"], "'upstream'");
    }
    if (item["downstream"])
    {
        n.downstream = Names(item["downstream"], "'downstream'");
    }
    if (item["interfaces"])
    {
        // interfaces: {LINK: {attributes: {...}}, ...}
        const YAML::Node& interfaces = item["interfaces"];
        if (!interfaces.IsMap())
        {
            Fail(interfaces, "'interfaces' must be a map of link: {attributes: {...}}");
        }
        std::set<std::string> seen;
        for (const auto& kv : interfaces)
        {
            MldScenarioInterface i;
            i.link = Scalar(kv.first, "a link name");
            i.where = Where(kv.first);
            if (!seen.insert(i.link).second)
            {
                Fail(kv.first, "interface '" + i.link + "' given twice");
            }
            Keys(kv.second, "an interface", {"attributes"});
            if (kv.second["attributes"])
            {
                i.attributes = Attributes(kv.second["attributes"]);
            }
            n.interfaces.push_back(i);
        }
    }
    s.nodes.push_back(n);
}

void
Reader::Link(MldScenario& s, const YAML::Node& item) const
{
    Keys(item,
         "a link",
         {"name",
          "type",
          "nodes",
          "prefix",
          "addresses",
          "data-rate",
          "delay",
          "bridge",
          "ap",
          "spacing"});
    MldScenarioLink l;
    l.where = Where(item);
    l.name = Scalar(Need(item, "name", "a link"), "'name'");
    if (item["type"])
    {
        std::string type = Scalar(item["type"], "'type'");
        if (type == "csma")
        {
            l.type = MldScenarioLink::CSMA;
        }
        else if (type == "p2p" || type == "point-to-point")
        {
            l.type = MldScenarioLink::P2P;
        }
        else if (type == "switch")
        {
            l.type = MldScenarioLink::SWITCH;
        }
        else if (type == "wifi")
        {
            l.type = MldScenarioLink::WIFI;
        }
        else
        {
            Fail(item["type"], "unknown link type '" + type + "' (csma, p2p, switch, wifi)");
        }
    }
    if (item["ap"])
    {
        l.ap = Scalar(item["ap"], "'ap'");
    }
    if (item["spacing"])
    {
        std::string text = Scalar(item["spacing"], "'spacing'");
        if (!std::regex_match(text, std::regex("[0-9]{1,6}(\\.[0-9]{0,6})?")))
        {
            Fail(item["spacing"], "'spacing' must be a distance in metres, not '" + text + "'");
        }
        l.spacing = std::strtod(text.c_str(), nullptr);
    }
    if (item["bridge"])
    {
        l.bridge = Scalar(item["bridge"], "'bridge'");
    }
    l.nodes = Names(Need(item, "nodes", "a link"), "'nodes'");
    if (item["prefix"])
    {
        l.prefix = Scalar(item["prefix"], "'prefix'");
        Address(item["prefix"], "'prefix'");
    }
    if (item["addresses"])
    {
        const YAML::Node& addresses = item["addresses"];
        if (!addresses.IsMap())
        {
            Fail(addresses, "'addresses' must be a map of node: address");
        }
        for (const auto& kv : addresses)
        {
            MldScenarioLinkAddress a;
            a.node = Scalar(kv.first, "a node name");
            a.where = Where(kv.first);
            a.address = Scalar(kv.second, "an address");
            Address(kv.second, "the address of '" + a.node + "'");
            l.addresses.push_back(a);
        }
    }
    if (item["data-rate"])
    {
        l.dataRate = Scalar(item["data-rate"], "'data-rate'");
    }
    if (item["delay"])
    {
        l.delay = TimeOf(item["delay"], "'delay'");
    }
    s.links.push_back(l);
}

void
Reader::Event(MldScenario& s, const YAML::Node& item) const
{
    if (!item.IsMap())
    {
        Fail(item, "an event must be a map");
    }
    MldScenarioEvent e;
    e.where = Where(item);
    if (item["join"])
    {
        Keys(item, "a join", {"join", "at", "node", "link", "mode", "sources"});
        e.kind = MldScenarioEvent::JOIN;
        e.group = Group(item["join"], "'join'");
        if (item["mode"] || item["sources"])
        {
            e.hasFilter = true;
            std::string mode = item["mode"] ? Scalar(item["mode"], "'mode'") : "include";
            if (mode != "include" && mode != "exclude")
            {
                Fail(item["mode"], "'mode' must be include or exclude, not '" + mode + "'");
            }
            e.exclude = mode == "exclude";
            if (item["sources"])
            {
                e.sources = Addresses(item["sources"], "'sources'");
            }
        }
    }
    else if (item["leave"])
    {
        Keys(item, "a leave", {"leave", "at", "node", "link"});
        e.kind = MldScenarioEvent::LEAVE;
        e.group = Group(item["leave"], "'leave'");
    }
    else if (item["send"])
    {
        Keys(item, "a send", {"send", "node", "link", "start", "stop", "rate", "size"});
        e.kind = MldScenarioEvent::SEND;
        e.group = Group(item["send"], "'send'");
        e.start = TimeOf(Need(item, "start", "a send"), "'start'");
        e.stop = TimeOf(Need(item, "stop", "a send"), "'stop'");
        if (item["rate"])
        {
            e.rate = Unsigned(item["rate"], "'rate'");
        }
        if (item["size"])
        {
            e.size = Unsigned(item["size"], "'size'");
        }
    }
    else if (item["down"] || item["up"])
    {
        bool down = bool(item["down"]);
        Keys(item, down ? "a down" : "an up", {down ? "down" : "up", "at", "node"});
        e.kind = down ? MldScenarioEvent::DOWN : MldScenarioEvent::UP;
        e.link = Scalar(item[down ? "down" : "up"], "the link");
    }
    else if (item["stop"] || item["start"])
    {
        // {at: T, stop: NODE}: the whole node, so no 'node' and no 'link'
        bool stop = bool(item["stop"]);
        Keys(item, stop ? "a stop" : "a start", {stop ? "stop" : "start", "at"});
        e.kind = stop ? MldScenarioEvent::STOP : MldScenarioEvent::START;
        e.node = Scalar(item[stop ? "stop" : "start"], "the node");
    }
    else
    {
        Fail(item,
             "unknown event: an event has one of the keys join, leave, send, down, up, stop, "
             "start");
    }
    if (e.kind != MldScenarioEvent::STOP && e.kind != MldScenarioEvent::START)
    {
        e.node = Scalar(Need(item, "node", "an event"), "'node'");
    }
    if (item["link"])
    {
        e.link = Scalar(item["link"], "'link'");
    }
    if (e.kind != MldScenarioEvent::SEND)
    {
        e.at = TimeOf(Need(item, "at", "this event"), "'at'");
    }
    s.events.push_back(e);
}

void
Reader::Expectation(MldScenario& s, const YAML::Node& item) const
{
    if (!item.IsMap())
    {
        Fail(item, "an expectation must be a map");
    }
    MldScenarioExpectation e;
    e.where = Where(item);
    e.text = Text(item);
    e.from = Seconds(0);
    e.to = s.duration;
    const std::set<std::string> counted{"from", "to", "min", "max"};
    auto with = [&counted](std::set<std::string> keys) {
        keys.insert(counted.begin(), counted.end());
        return keys;
    };
    if (item["listeners"])
    {
        Keys(item,
             "a listeners expectation",
             {"listeners", "node", "link", "at", "from", "to", "present", "mode", "sources"});
        e.kind = MldScenarioExpectation::LISTENERS;
        e.group = Group(item["listeners"], "'listeners'");
        e.node = Scalar(Need(item, "node", "a listeners expectation"), "'node'");
        // At one time, or throughout a window (from `from` to `to` or to the end).
        if (bool(item["at"]) == bool(item["from"]))
        {
            Fail(item, "a listeners expectation needs either 'at' or 'from' (and maybe 'to')");
        }
        if (item["to"] && !item["from"])
        {
            Fail(item["to"], "'to' needs 'from' in a listeners expectation");
        }
        e.window = bool(item["from"]);
        if (item["at"])
        {
            e.at = TimeOf(item["at"], "'at'");
        }
        if (item["present"])
        {
            e.present = Bool(item["present"], "'present'");
        }
        if (item["mode"])
        {
            std::string mode = Scalar(item["mode"], "'mode'");
            if (mode != "include" && mode != "exclude")
            {
                Fail(item["mode"], "'mode' must be include or exclude, not '" + mode + "'");
            }
            e.checkMode = true;
            e.exclude = mode == "exclude";
        }
        if (item["sources"])
        {
            e.checkSources = true;
            e.sources = Addresses(item["sources"], "'sources'");
        }
    }
    else if (item["receives"] || item["forwards"])
    {
        // Data counts at a node: delivered to its sockets, or forwarded by it.
        const std::string key = item["receives"] ? "receives" : "forwards";
        const std::string what = "a " + key + " expectation";
        Keys(item, what, with({key, "node", "link", "none", "port"}));
        e.kind =
            key == "receives" ? MldScenarioExpectation::RECEIVES : MldScenarioExpectation::FORWARDS;
        e.group = Group(item[key], "'" + key + "'");
        e.node = Scalar(Need(item, "node", what), "'node'");
        e.min = 1;
        if (item["none"] && Bool(item["none"], "'none'"))
        {
            e.min = 0;
            e.max = 0;
        }
    }
    else if (item["mdb"])
    {
        Keys(item, "an mdb expectation", {"mdb", "node", "port", "at", "present"});
        e.kind = MldScenarioExpectation::MDB;
        e.group = Group(item["mdb"], "'mdb'");
        e.node = Scalar(Need(item, "node", "an mdb expectation"), "'node'");
        e.port = Scalar(Need(item, "port", "an mdb expectation"), "'port'");
        e.at = TimeOf(Need(item, "at", "an mdb expectation"), "'at'");
        if (item["present"])
        {
            e.present = Bool(item["present"], "'present'");
        }
    }
    else if (item["join-latency"] || item["leave-latency"])
    {
        const std::string key = item["join-latency"] ? "join-latency" : "leave-latency";
        const std::string what = "a " + key + " expectation";
        Keys(item, what, {key, "node", "router", "router-link", "at", "max", "until"});
        e.kind = key == "join-latency" ? MldScenarioExpectation::JOIN_LATENCY
                                       : MldScenarioExpectation::LEAVE_LATENCY;
        e.group = Group(item[key], "'" + key + "'");
        e.node = Scalar(Need(item, "node", what), "'node'");
        e.bound = TimeOf(Need(item, "max", what), "'max'");
        if (item["router"])
        {
            e.router = Scalar(item["router"], "'router'");
        }
        if (item["router-link"])
        {
            e.routerLink = Scalar(item["router-link"], "'router-link'");
        }
        if (item["at"])
        {
            e.hasEventAt = true;
            e.at = TimeOf(item["at"], "'at'");
        }
        if (item["until"])
        {
            std::string until = Scalar(item["until"], "'until'");
            if (until != "listed" && until != "data")
            {
                Fail(item["until"], "'until' must be listed or data, not '" + until + "'");
            }
            e.untilData = until == "data";
        }
    }
    else if (item["messages"])
    {
        Keys(item, "a messages expectation", with({"messages", "link", "group"}));
        e.kind = MldScenarioExpectation::MESSAGES;
        if (item["group"])
        {
            // :: counts General Queries
            e.checkGroup = true;
            e.group = Address(item["group"], "'group'");
        }
        e.messageType = Scalar(item["messages"], "'messages'");
        e.link = Scalar(Need(item, "link", "a messages expectation"), "'link'");
    }
    else if (item["drops"])
    {
        Keys(item, "a drops expectation", with({"drops", "node"}));
        e.kind = MldScenarioExpectation::DROPS;
        e.dropReason = Scalar(item["drops"], "'drops'");
        e.max = 0;
    }
    else
    {
        Fail(item,
             "unknown expectation: an expectation has one of the keys listeners, receives, "
             "forwards, messages, drops, join-latency, leave-latency, mdb");
    }
    if (item["port"] && e.kind == MldScenarioExpectation::FORWARDS)
    {
        e.port = Scalar(item["port"], "'port'");
    }
    if (item["link"] && e.kind != MldScenarioExpectation::MESSAGES)
    {
        e.link = Scalar(item["link"], "'link'");
    }
    if (item["node"] && e.kind == MldScenarioExpectation::DROPS)
    {
        e.node = Scalar(item["node"], "'node'");
    }
    if (item["from"])
    {
        e.from = TimeOf(item["from"], "'from'");
    }
    if (item["to"])
    {
        e.to = TimeOf(item["to"], "'to'");
    }
    if (item["min"])
    {
        e.min = Unsigned(item["min"], "'min'");
    }
    if (item["max"] && e.kind != MldScenarioExpectation::JOIN_LATENCY &&
        e.kind != MldScenarioExpectation::LEAVE_LATENCY)
    {
        e.max = Unsigned(item["max"], "'max'");
    }
    s.expectations.push_back(e);
}

} // namespace

MldScenario
MldScenarioParse(const std::string& text, const std::string& file)
{
    Reader reader(file);
    YAML::Node root;
    try
    {
        root = YAML::Load(text);
    }
    catch (const YAML::ParserException& e)
    {
        throw MldScenarioError(reader.Where(e.mark), "YAML syntax error: " + e.msg);
    }
    MldScenario s;
    try
    {
        s = reader.Document(root);
    }
    catch (const YAML::Exception& e)
    {
        // yaml-cpp's own errors (e.g. a duplicate key) still name the place.
        throw MldScenarioError(reader.Where(e.mark), e.msg);
    }
    MldScenarioRunner::Validate(s);
    return s;
}

MldScenario
MldScenarioReadFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
    {
        MldScenarioPosition where;
        where.file = path;
        throw MldScenarioError(where, "cannot read the file");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return MldScenarioParse(text.str(), path);
}

} // namespace ns3
