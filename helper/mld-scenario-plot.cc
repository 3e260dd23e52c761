/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-scenario-plot.h"

#include "ns3/gnuplot.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/mld-protocol.h"
#include "ns3/mld-querier.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldScenarioPlot");

namespace
{

/// ICMPv6 types of the MLD messages (RFC 2710 section 3, RFC 9777 section 5.2).
const uint8_t QUERY = 130;
const uint8_t REPORT = 131;
const uint8_t DONE = 132;
const uint8_t V2_REPORT = 143;

/// UDP's Next Header value: the scenario's data.
const uint8_t UDP = 17;

/// Text for a gnuplot double-quoted string.
std::string
GnuplotString(const std::string& text)
{
    std::string out;
    for (char c : text)
    {
        if (c == '"' || c == '\\')
        {
            out += '\\';
        }
        out += c;
    }
    return out;
}

/// Text as one word for the shell.
std::string
ShellQuote(const std::string& text)
{
    std::string out = "'";
    for (char c : text)
    {
        out += (c == '\'') ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

/// A scenario name as a file name: letters, digits, '.', '_' and '-' (others become '_').
std::string
FileName(const std::string& name)
{
    std::string out;
    for (char c : name)
    {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        out += ok ? c : '_';
    }
    return out.empty() ? std::string("scenario") : out;
}

/// \return the address as text
std::string
AddressText(Ipv6Address a)
{
    std::ostringstream os;
    os << a;
    return os.str();
}

/// mkdir -p without aborting (SystemPath::MakeDirectories aborts on failure).
/// \return true if the folder exists afterwards
bool
MakeFolder(const std::string& dir)
{
    for (size_t slash = dir.find('/', 1); true; slash = dir.find('/', slash + 1))
    {
        std::string part = dir.substr(0, slash);
        if (!part.empty() && mkdir(part.c_str(), 0755) != 0 && errno != EEXIST)
        {
            return false;
        }
        if (slash == std::string::npos)
        {
            break;
        }
    }
    struct stat info;
    return stat(dir.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

/// \return true if the file exists and is not empty
bool
NonEmptyFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    return in && in.tellg() > 0;
}

} // namespace

MldScenarioTimeline::MldScenarioTimeline(const MldScenario& scenario)
    : m_scenario(scenario)
{
}

void
MldScenarioTimeline::Attach(uint32_t nodeIndex,
                            Ptr<Node> node,
                            const std::vector<std::pair<uint32_t, uint32_t>>& interfaces)
{
    Ptr<MldProtocol> mld = node->GetObject<MldProtocol>();
    Ptr<Ipv6L3Protocol> ipv6 = node->GetObject<Ipv6L3Protocol>();
    if (!mld || !ipv6)
    {
        NS_LOG_LOGIC("node " << nodeIndex << " has no MLD or no IPv6 (a switch?): not recorded");
        return;
    }
    for (const auto& [link, interface] : interfaces)
    {
        m_linkOf[{nodeIndex, interface}] = link;
        Ptr<MldQuerier> querier = mld->GetQuerier(interface);
        if (querier)
        {
            // ns-3.35 binds at most three arguments: one sink per trace.
            querier->TraceConnectWithoutContext(
                "ListenerAdded",
                MakeBoundCallback(&MldScenarioTimeline::OnListenerAdded, this, nodeIndex, link));
            querier->TraceConnectWithoutContext(
                "ListenerRemoved",
                MakeBoundCallback(&MldScenarioTimeline::OnListenerRemoved, this, nodeIndex, link));
        }
    }
    mld->TraceConnectWithoutContext("Tx",
                                    MakeBoundCallback(&MldScenarioTimeline::OnTx, this, nodeIndex));
    if (m_scenario.nodes[nodeIndex].role == MldScenarioNode::HOST)
    {
        // The node's id, not a Ptr<Node>: the callback is kept by the node's own IPv6 stack.
        ipv6->TraceConnectWithoutContext("LocalDeliver",
                                         MakeBoundCallback(&MldScenarioTimeline::OnLocalDeliver,
                                                           this,
                                                           nodeIndex,
                                                           node->GetId()));
    }
}

void
MldScenarioTimeline::OnListenerAdded(MldScenarioTimeline* t,
                                     uint32_t node,
                                     uint32_t link,
                                     uint32_t interface,
                                     Ipv6Address group)
{
    OnListener(t, node, link, true, group);
}

void
MldScenarioTimeline::OnListenerRemoved(MldScenarioTimeline* t,
                                       uint32_t node,
                                       uint32_t link,
                                       uint32_t interface,
                                       Ipv6Address group)
{
    OnListener(t, node, link, false, group);
}

void
MldScenarioTimeline::OnListener(MldScenarioTimeline* t,
                                uint32_t node,
                                uint32_t link,
                                bool added,
                                Ipv6Address group)
{
    if (group.IsSolicitedMulticast())
    {
        return; // every host has these for its addresses: left out of the picture
    }
    Key key{node, link, group};
    if (added)
    {
        t->m_open.emplace(key, Simulator::Now()); // an add while open keeps the first start
    }
    else
    {
        auto open = t->m_open.find(key);
        if (open != t->m_open.end())
        {
            t->m_listeners[key].push_back({open->second, Simulator::Now()});
            t->m_open.erase(open);
        }
    }
}

void
MldScenarioTimeline::OnTx(MldScenarioTimeline* t,
                          uint32_t node,
                          uint32_t interface,
                          uint8_t type,
                          Ipv6Address group,
                          Ipv6Address source,
                          Ipv6Address destination)
{
    auto link = t->m_linkOf.find({node, interface});
    if (link != t->m_linkOf.end())
    {
        t->m_messages.push_back({Simulator::Now(), link->second, node, type, group});
    }
}

void
MldScenarioTimeline::OnLocalDeliver(MldScenarioTimeline* t,
                                    uint32_t node,
                                    uint32_t nodeId,
                                    const Ipv6Header& header,
                                    Ptr<const Packet> packet,
                                    uint32_t interface)
{
    // ns-3 hands every multicast packet that arrives to the local stack, member or not: data
    // counts as delivered only while the host holds a membership of the group on the
    // interface, as the runner's DataSink (the "receives" expectation) counts it.
    Ipv6Address group = header.GetDestination();
    if (header.GetNextHeader() != UDP || !group.IsMulticast())
    {
        return;
    }
    auto link = t->m_linkOf.find({node, interface});
    Ptr<MldProtocol> mld = NodeList::GetNode(nodeId)->GetObject<MldProtocol>();
    if (link != t->m_linkOf.end() && mld && mld->HasRecord(interface, group))
    {
        t->m_deliveries[Key{node, link->second, group}].push_back(Simulator::Now());
    }
}

void
MldScenarioTimeline::Close(Time end)
{
    for (const auto& [key, start] : m_open)
    {
        m_listeners[key].push_back({start, end});
    }
    m_open.clear();
    for (auto& [key, intervals] : m_listeners)
    {
        std::sort(intervals.begin(), intervals.end(), [](const Interval& a, const Interval& b) {
            return a.start < b.start;
        });
    }
}

const std::map<MldScenarioTimeline::Key, std::vector<MldScenarioTimeline::Interval>>&
MldScenarioTimeline::GetListenerIntervals() const
{
    return m_listeners;
}

const std::map<MldScenarioTimeline::Key, std::vector<Time>>&
MldScenarioTimeline::GetDeliveries() const
{
    return m_deliveries;
}

const std::vector<MldScenarioTimeline::Message>&
MldScenarioTimeline::GetMessages() const
{
    return m_messages;
}

std::vector<MldScenarioTimeline::Lane>
MldScenarioTimeline::GetLanes() const
{
    // Delivery rows: every (host, link, group) a join event names if some node sends to the
    // group, and any data seen.
    std::set<Ipv6Address> sent;
    for (const MldScenarioEvent& e : m_scenario.events)
    {
        if (e.kind == MldScenarioEvent::SEND)
        {
            sent.insert(e.group);
        }
    }
    std::set<Key> receivers;
    for (const auto& [key, times] : m_deliveries)
    {
        receivers.insert(key);
    }
    std::map<std::string, uint32_t> nodeIndex;
    for (uint32_t n = 0; n < m_scenario.nodes.size(); ++n)
    {
        nodeIndex[m_scenario.nodes[n].name] = n;
    }
    for (const MldScenarioEvent& e : m_scenario.events)
    {
        auto n = nodeIndex.find(e.node);
        if (e.kind != MldScenarioEvent::JOIN || n == nodeIndex.end() ||
            m_scenario.nodes[n->second].role != MldScenarioNode::HOST || sent.count(e.group) == 0)
        {
            continue;
        }
        for (const auto& [nodeInterface, link] : m_linkOf)
        {
            if (nodeInterface.first == n->second &&
                (e.link.empty() || m_scenario.links[link].name == e.link))
            {
                receivers.insert(Key{n->second, link, e.group});
                break;
            }
        }
    }

    std::vector<Lane> lanes;
    for (uint32_t l = 0; l < m_scenario.links.size(); ++l)
    {
        const std::string& link = m_scenario.links[l].name;
        lanes.push_back(
            {Lane::MESSAGES, Key{0, l, Ipv6Address::GetAny()}, link + ": MLD messages"});
        for (const auto& [key, intervals] : m_listeners)
        {
            if (std::get<1>(key) == l)
            {
                lanes.push_back({Lane::LISTENERS,
                                 key,
                                 m_scenario.nodes[std::get<0>(key)].name + " on " + link +
                                     ": listeners of " + AddressText(std::get<2>(key))});
            }
        }
        for (const Key& key : receivers)
        {
            if (std::get<1>(key) == l)
            {
                lanes.push_back({Lane::DELIVERY,
                                 key,
                                 m_scenario.nodes[std::get<0>(key)].name + ": data of " +
                                     AddressText(std::get<2>(key))});
            }
        }
    }
    return lanes;
}

MldScenarioTimeline::PlotResult
MldScenarioTimeline::WritePlot(const std::string& dir, const std::string& gnuplot) const
{
    PlotResult result;
    std::string name = FileName(m_scenario.name);
    result.plt = dir + "/" + name + ".plt";
    result.png = dir + "/" + name + ".png";
    result.svg = dir + "/" + name + ".svg";
    std::string dat = name + ".dat"; // relative: gnuplot runs in `dir`

    if (dir.empty() || !MakeFolder(dir))
    {
        result.message = "cannot make the folder '" + dir + "'";
        return result;
    }

    std::vector<Lane> lanes = GetLanes();
    const double n = lanes.size();
    std::map<std::pair<Lane::Kind, Key>, double> y; // row -> y (top row: n)
    std::ostringstream tics;
    for (size_t i = 0; i < lanes.size(); ++i)
    {
        y[{lanes[i].kind, lanes[i].key}] = n - i;
        tics << (i ? ", " : "") << "\"" << GnuplotString(lanes[i].label) << "\" " << (n - i);
    }

    // One dataset per kind of mark, so that the legend explains each once.
    Gnuplot2dDataset listeners("router has listeners");
    // Bars as x error bars without end ticks (each bar its own stroke: the cairo terminals
    // draw a blob where a thick polyline restarts after a gap).
    listeners.SetStyle(Gnuplot2dDataset::POINTS);
    listeners.SetErrorBars(Gnuplot2dDataset::X);
    listeners.SetExtra("lw 12 ps 0 lc rgb '#7fb2e5'");
    Gnuplot2dDataset delivered("data delivered");
    delivered.SetStyle(Gnuplot2dDataset::POINTS);
    delivered.SetExtra("pt 7 ps 0.4 lc rgb '#2ca02c'");

    struct Marker
    {
        uint8_t type;     //!< ICMPv6 type
        const char* name; //!< legend
        const char* look; //!< gnuplot point style
        double offset;    //!< within the row
    };

    const Marker markers[] = {
        {QUERY, "Query", "pt 9 ps 1.3 lc rgb '#d62728'", 0.22},
        {REPORT, "Report (MLDv1)", "pt 5 ps 0.9 lc rgb '#1f4e99'", 0.0},
        {V2_REPORT, "Report (MLDv2)", "pt 4 ps 1.0 lc rgb '#8e44ad'", 0.0},
        {DONE, "Done", "pt 11 ps 1.3 lc rgb '#ff7f0e'", -0.22},
    };
    std::vector<Gnuplot2dDataset> messages;
    for (const Marker& m : markers)
    {
        messages.emplace_back(m.name);
        messages.back().SetStyle(Gnuplot2dDataset::POINTS);
        messages.back().SetExtra(m.look);
    }

    for (const auto& [key, intervals] : m_listeners)
    {
        double row = y.at({Lane::LISTENERS, key});
        for (const Interval& i : intervals)
        {
            double start = i.start.GetSeconds();
            double end = i.end.GetSeconds();
            listeners.Add((start + end) / 2, row, (end - start) / 2);
        }
    }
    for (const auto& [key, times] : m_deliveries)
    {
        double row = y.at({Lane::DELIVERY, key});
        for (Time t : times)
        {
            delivered.Add(t.GetSeconds(), row);
        }
    }
    for (const Message& m : m_messages)
    {
        double row = y.at({Lane::MESSAGES, Key{0, m.link, Ipv6Address::GetAny()}});
        for (size_t k = 0; k < messages.size(); ++k)
        {
            if (markers[k].type == m.type)
            {
                messages[k].Add(m.time.GetSeconds(), row + markers[k].offset);
            }
        }
    }

    // Picture size: 1100 pixels wide, a row every 34 pixels.
    const int width = 1100;
    const int height = 170 + 34 * static_cast<int>(lanes.size());
    std::ostringstream size;
    size << width << "," << height;
    std::ostringstream extra;
    extra << "# Rendered by mld-scenario --plot=DIR; by hand: cd DIR && gnuplot " << name
          << ".plt\n"
          << "if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) {\n"
          << "    set terminal pngcairo size " << size.str()
          << " noenhanced butt font \"Sans,10\"\n"
          << "} else {\n"
          << "    set terminal png size " << size.str() << " noenhanced\n"
          << "}\n"
          << "set output \"" << GnuplotString(name) << ".png\"\n"
          << "set xrange [0:" << m_scenario.duration.GetSeconds() << "]\n"
          << "set yrange [0.4:" << n + 0.6 << "]\n"
          << "set ytics (" << tics.str() << ")\n"
          << "set errorbars 0\n"
          << "set grid xtics\n"
          << "set key outside right top vertical Left reverse samplen 2\n"
          << "set border 3\n"
          << "set xtics nomirror\n"
          << "set ytics nomirror";
    Gnuplot plot;
    plot.SetTitle(GnuplotString("Scenario " + m_scenario.name + ": MLD timeline"));
    plot.SetLegend("time (s)", "");
    plot.SetExtra(extra.str());
    plot.AddDataset(listeners);
    plot.AddDataset(delivered);
    for (const Gnuplot2dDataset& d : messages)
    {
        plot.AddDataset(d);
    }
    bool empty = m_listeners.empty() && m_deliveries.empty() && m_messages.empty();
    if (empty)
    {
        // gnuplot needs something to plot: one point outside the rows.
        Gnuplot2dDataset nothing("nothing recorded");
        nothing.SetStyle(Gnuplot2dDataset::POINTS);
        nothing.Add(0, 0);
        plot.AddDataset(nothing);
    }

    {
        std::ofstream pltFile(result.plt);
        std::ofstream datFile(dir + "/" + dat);
        plot.GenerateOutput(pltFile, datFile, dat);
        pltFile << "set terminal svg size " << size.str()
                << " dynamic noenhanced butt font \"Sans,10\"\n"
                << "set output \"" << GnuplotString(name) << ".svg\"\n"
                << "replot\n"
                << "unset output\n";
        if (!pltFile || !datFile)
        {
            result.message = "cannot write " + result.plt + " or its data file";
            return result;
        }
    }
    result.written = true;

    std::remove(result.png.c_str());
    std::remove(result.svg.c_str());
    std::string how = "render by hand with: cd " + ShellQuote(dir) + " && gnuplot " +
                      ShellQuote(name + ".plt") + " (Debian: apt-get install gnuplot-nox)";
    if (std::system(("command -v " + ShellQuote(gnuplot) + " >/dev/null 2>&1").c_str()) != 0)
    {
        result.message = "gnuplot not found (" + gnuplot + "): wrote " + result.plt + "; " + how;
        return result;
    }
    std::string log = name + ".gnuplot.log";
    std::string command = "cd " + ShellQuote(dir) + " && " + ShellQuote(gnuplot) + " " +
                          ShellQuote(name + ".plt") + " >" + ShellQuote(log) + " 2>&1";
    NS_LOG_INFO("rendering: " << command);
    int status = std::system(command.c_str());
    if (status != 0 || !NonEmptyFile(result.png) || !NonEmptyFile(result.svg))
    {
        result.message = "gnuplot failed on " + result.plt + " (see " + dir + "/" + log + ")";
        return result;
    }
    std::remove((dir + "/" + log).c_str());
    result.rendered = true;
    return result;
}

} // namespace ns3
