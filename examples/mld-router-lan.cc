/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * A multicast router and three LANs. The router R forwards a group onto a
 * LAN only while its MLD listener table for that LAN has the group: hosts
 * join and leave over time, and the data follows them.
 *
 *                S  (source of ff1e::1 and ff1e::2, 10 pkt/s each)
 *                |
 *   LAN A  ==============  2001:db8:a::/64
 *                |
 *                R  (MLD router: querier and forwarder on all three LANs)
 *              /   \
 *   LAN B  =======  =======  LAN C      2001:db8:b::/64, 2001:db8:c::/64
 *          |    |    |    |
 *          B1   B2   C1   C2
 *
 *  t(s)  event
 *   ~1   R's first General Queries (as soon as DAD ends), then every
 *        QueryInterval (startup queries every QueryInterval / 4)
 *   1    S starts sending; R forwards nothing (no listeners)
 *   2    B1 joins ff1e::1          -> R forwards ff1e::1 onto B
 *   5    B2 joins ff1e::1
 *  10    C1 joins ff1e::1          -> R forwards ff1e::1 onto C
 *  15    C2 joins ff1e::1, ff1e::2 -> R forwards ff1e::2 onto C too
 *  20    B1 leaves ff1e::1         (B2 still listens: data keeps flowing)
 *  25    C2 leaves both groups     (ff1e::1 stays, C1 listens; ff1e::2 stops on C)
 *        (a host sends a Done only if it sent the group's last report, so
 *        the Done for ff1e::1 depends on who answered the last query)
 *  30    B2 leaves ff1e::1         (B's last listener: ff1e::1 stops on B)
 *  40    S stops
 *  45    end
 *
 * A leave that ends a LAN's listeners stops the data after the querier's
 * Multicast-Address-Specific Queries go unanswered (LastListenerQueryCount x
 * LastListenerQueryInterval, 2 s here). Checksums are on and every device
 * writes a pcap: <outputDir>/mld-router-lan-<node>-<device>.pcap.
 * The summary shows, per LAN and group, each host's join, leave and packets,
 * when data started and stopped arriving on the LAN, the join and leave
 * latencies, the router's listener tables at a few times, MLD messages by
 * LAN and type, and the router's forwarding counters.
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/mld-module.h"
#include "ns3/network-module.h"

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <vector>

using namespace ns3;

namespace
{
/// (router interface, group)
using IfGroup = std::pair<uint32_t, Ipv6Address>;

std::vector<std::pair<Time, std::string>> g_timeline;      //!< events, in time order
std::map<IfGroup, std::vector<Time>> g_forwarded;          //!< data put onto each LAN
std::map<IfGroup, std::vector<Time>> g_doneRx;             //!< Dones heard by the router
std::map<IfGroup, std::vector<Time>> g_added;              //!< listener-table additions
std::map<IfGroup, std::vector<Time>> g_removed;            //!< listener-table removals
std::map<std::string, std::map<uint8_t, uint32_t>> g_sent; //!< MLD messages by LAN and type
std::set<IfGroup> g_checking;                              //!< Done heard, no report since
std::set<Ipv6Address> g_groups;                            //!< the data groups
std::map<MldRouting::ForwardDropReason, std::map<bool, uint32_t>>
    g_notForwarded;     //!< not forwarded, by reason and is-UDP
bool g_verbose = false; //!< timeline shows every message

/**
 * \param t a time
 * \return it in seconds, three decimals
 */
std::string
Sec(Time t)
{
    std::ostringstream os;
    os << std::fixed << std::setprecision(3) << t.GetSeconds() << " s";
    return os.str();
}

/**
 * \param t a latency
 * \return it in microseconds below 1 ms, else in milliseconds
 */
std::string
Latency(Time t)
{
    std::ostringstream os;
    if (t < MilliSeconds(1))
    {
        os << t.GetMicroSeconds() << " us";
    }
    else
    {
        os << std::fixed << std::setprecision(1) << t.GetSeconds() * 1000 << " ms";
    }
    return os.str();
}

/**
 * \brief Add a line to the timeline.
 * \param text what happened now
 */
void
Log(std::string text)
{
    g_timeline.emplace_back(Simulator::Now(), text);
}

/**
 * \param type ICMPv6 type
 * \return its MLD name
 */
std::string
TypeName(uint8_t type)
{
    switch (type)
    {
    case MldHeader::LISTENER_QUERY:
        return "Query";
    case MldHeader::LISTENER_REPORT:
        return "Report";
    case MldHeader::LISTENER_DONE:
        return "Done";
    default:
        return "type " + std::to_string(type);
    }
}

/**
 * \brief MldProtocol Tx sink: count messages by LAN and type.
 * \param lanOfInterface LAN name of each IPv6 interface of the sending node
 * \param interface IPv6 interface index
 * \param type ICMPv6 type
 * \param group the Multicast Address field
 * \param source IPv6 source
 * \param destination IPv6 destination
 */
void
MldTx(std::vector<std::string> lanOfInterface,
      uint32_t interface,
      uint8_t type,
      Ipv6Address group,
      Ipv6Address source,
      Ipv6Address destination)
{
    ++g_sent[lanOfInterface.at(interface)][type];
}

/**
 * \brief The router's MldProtocol Rx sink: record Dones, log messages about the data groups.
 * \param interface IPv6 interface index
 * \param type ICMPv6 type
 * \param group the Multicast Address field
 * \param source IPv6 source
 * \param destination IPv6 destination
 */
void
RouterRx(uint32_t interface,
         uint8_t type,
         Ipv6Address group,
         Ipv6Address source,
         Ipv6Address destination)
{
    IfGroup key{interface, group};
    bool log = g_verbose;
    if (type == MldHeader::LISTENER_DONE && g_groups.count(group))
    {
        g_doneRx[key].push_back(Simulator::Now());
        g_checking.insert(key);
        log = true;
    }
    else if (type == MldHeader::LISTENER_REPORT && g_checking.erase(key))
    {
        log = true; // an answer to the last-listener queries: listeners remain
    }
    if (log)
    {
        std::ostringstream os;
        os << "R if " << interface << " hears " << TypeName(type) << " " << group << " from "
           << source;
        Log(os.str());
    }
}

/**
 * \brief The router's MldProtocol Tx sink: log the queries it sends.
 * \param interface IPv6 interface index
 * \param type ICMPv6 type
 * \param group the Multicast Address field
 * \param source IPv6 source
 * \param destination IPv6 destination
 */
void
RouterTx(uint32_t interface,
         uint8_t type,
         Ipv6Address group,
         Ipv6Address source,
         Ipv6Address destination)
{
    if (type == MldHeader::LISTENER_QUERY && (g_verbose || !group.IsAny()))
    {
        std::ostringstream os;
        os << "R if " << interface << " sends " << (group.IsAny() ? "General Query" : "Query for ");
        if (!group.IsAny())
        {
            os << group;
        }
        Log(os.str());
    }
}

/**
 * \brief MldQuerier ListenerAdded / ListenerRemoved sink.
 * \param added true for ListenerAdded
 * \param interface IPv6 interface index
 * \param group the group
 */
void
ListenerChange(bool added, uint32_t interface, Ipv6Address group)
{
    if (!g_groups.count(group))
    {
        return;
    }
    (added ? g_added : g_removed)[{interface, group}].push_back(Simulator::Now());
    g_checking.erase({interface, group});
    std::ostringstream os;
    os << "R if " << interface << (added ? " adds " : " removes ") << group
       << (added ? " (listeners present)" : " (no listeners left)");
    Log(os.str());
}

/**
 * \brief MldRouting Forward sink: record when data goes onto each LAN.
 * \param header IPv6 header
 * \param packet payload
 * \param inInterface arrival interface
 * \param outInterface departure interface
 */
void
Forwarded(const Ipv6Header& header,
          Ptr<const Packet> packet,
          uint32_t inInterface,
          uint32_t outInterface)
{
    g_forwarded[{outInterface, header.GetDestination()}].push_back(Simulator::Now());
}

/**
 * \brief MldRouting ForwardDrop sink: tell UDP data from other packets (MLD reports sent to
 * the group itself, with hop limit 1, reach RouteInput too).
 * \param header IPv6 header
 * \param packet payload
 * \param inInterface arrival interface
 * \param reason why it was not forwarded
 */
void
NotForwarded(const Ipv6Header& header,
             Ptr<const Packet> packet,
             uint32_t inInterface,
             MldRouting::ForwardDropReason reason)
{
    ++g_notForwarded[reason][header.GetNextHeader() == iana::internetprotocolnumbers::UDP];
}

/// One membership: a host listens to a group from start to stop.
struct Membership
{
    std::string host;            //!< host name
    uint32_t lan;                //!< index of its LAN
    Ipv6Address group;           //!< the group
    double start;                //!< join time (s)
    double stop;                 //!< leave time (s), negative: never
    Ptr<MldReceiver> receiver{}; //!< the receiving application
};

/// One LAN as the router sees it.
struct Lan
{
    std::string name;   //!< "A", "B", "C"
    uint32_t interface; //!< the router's IPv6 interface on it
    std::string prefix; //!< its /64
};

/**
 * \brief Split packet times into runs with gaps below a threshold.
 * \param times packet times, increasing
 * \param maxGap the largest gap inside a run
 * \return first and last time of each run
 */
std::vector<std::pair<Time, Time>>
Runs(const std::vector<Time>& times, Time maxGap)
{
    std::vector<std::pair<Time, Time>> runs;
    for (Time t : times)
    {
        if (runs.empty() || t - runs.back().second > maxGap)
        {
            runs.emplace_back(t, t);
        }
        runs.back().second = t;
    }
    return runs;
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string outputDir = "mld-output";
    double stopTime = 45;
    double sourceStart = 1;
    double sourceStop = 40;
    uint32_t rate = 10;
    Time queryInterval = Seconds(10);
    Time queryResponseInterval = Seconds(2);
    uint32_t seed = 1;
    uint32_t run = 1;

    CommandLine cmd(__FILE__);
    cmd.AddValue("outputDir", "Folder for the pcaps", outputDir);
    cmd.AddValue("stopTime", "Simulated seconds", stopTime);
    cmd.AddValue("rate", "Packets per second the source sends to each group", rate);
    cmd.AddValue("queryInterval", "Querier's Query Interval", queryInterval);
    cmd.AddValue("queryResponseInterval",
                 "Querier's Query Response Interval",
                 queryResponseInterval);
    cmd.AddValue("seed", "RngSeed", seed);
    cmd.AddValue("run", "RngRun", run);
    cmd.AddValue("verbose", "Timeline shows every query, report and done", g_verbose);
    cmd.Parse(argc, argv);

    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    mkdir(outputDir.c_str(), 0755);

    Ptr<Node> router = CreateObject<Node>();
    Ptr<Node> source = CreateObject<Node>();
    NodeContainer lanB(2);
    NodeContainer lanC(2);
    NodeContainer all(router, source);
    all.Add(lanB);
    all.Add(lanC);
    std::vector<std::string> names{"R", "S", "B1", "B2", "C1", "C2"};

    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    csma.SetChannelAttribute("Delay", TimeValue(NanoSeconds(6560)));
    NetDeviceContainer devA = csma.Install(NodeContainer(router, source));
    NetDeviceContainer devB = csma.Install(NodeContainer(NodeContainer(router), lanB));
    NetDeviceContainer devC = csma.Install(NodeContainer(NodeContainer(router), lanC));

    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(all);
    Ipv6AddressHelper addresses;
    std::vector<Lan> lans{{"A", 1, "2001:db8:a::/64"},
                          {"B", 2, "2001:db8:b::/64"},
                          {"C", 3, "2001:db8:c::/64"}};
    addresses.SetBase(Ipv6Address("2001:db8:a::"), Ipv6Prefix(64));
    addresses.Assign(devA);
    addresses.SetBase(Ipv6Address("2001:db8:b::"), Ipv6Prefix(64));
    addresses.Assign(devB);
    addresses.SetBase(Ipv6Address("2001:db8:c::"), Ipv6Prefix(64));
    addresses.Assign(devC);

    MldHelper mld;
    mld.SetQuerierAttribute("QueryInterval", TimeValue(queryInterval));
    mld.SetQuerierAttribute("QueryResponseInterval", TimeValue(queryResponseInterval));
    std::vector<Ptr<MldProtocol>> protocols;
    for (uint32_t i = 0; i < all.GetN(); ++i)
    {
        protocols.push_back(mld.Install(all.Get(i)));
    }
    mld.SetRouter(router);
    mld.AssignStreams(all, 100);

    // The source sends multicast out of its only interface, with a 33:33 MAC.
    Ipv6StaticRoutingHelper staticRouting;
    staticRouting.GetStaticRouting(source->GetObject<Ipv6>())
        ->AddNetworkRouteTo(Ipv6Address("ff00::"), Ipv6Prefix(8), 1);

    Ipv6Address g1("ff1e::1");
    Ipv6Address g2("ff1e::2");
    g_groups = {g1, g2};
    const uint16_t port = 9;
    const uint32_t packetSize = 100;
    for (Ipv6Address group : g_groups)
    {
        OnOffHelper onoff("ns3::UdpSocketFactory", Inet6SocketAddress(group, port));
        onoff.SetConstantRate(DataRate(packetSize * 8 * rate), packetSize);
        ApplicationContainer app = onoff.Install(source);
        app.Start(Seconds(sourceStart));
        app.Stop(Seconds(sourceStop));
    }

    // LAN indices: 0 = A, 1 = B, 2 = C.
    std::vector<Membership> memberships{{"B1", 1, g1, 2, 20},
                                        {"B2", 1, g1, 5, 30},
                                        {"C1", 2, g1, 10, -1},
                                        {"C2", 2, g1, 15, 25},
                                        {"C2", 2, g2, 15, 25}};
    std::map<std::string, Ptr<Node>> byName;
    for (uint32_t i = 0; i < all.GetN(); ++i)
    {
        byName[names[i]] = all.Get(i);
    }
    for (Membership& m : memberships)
    {
        m.receiver = CreateObject<MldReceiver>();
        m.receiver->SetAttribute("Group", Ipv6AddressValue(m.group));
        m.receiver->SetAttribute("Port", UintegerValue(port));
        byName[m.host]->AddApplication(m.receiver);
        m.receiver->SetStartTime(Seconds(m.start));
        std::ostringstream join;
        join << m.host << " joins " << m.group;
        Simulator::Schedule(Seconds(m.start), &Log, join.str());
        if (m.stop >= 0)
        {
            m.receiver->SetStopTime(Seconds(m.stop));
            std::ostringstream leave;
            leave << m.host << " leaves " << m.group;
            Simulator::Schedule(Seconds(m.stop), &Log, leave.str());
        }
    }

    // Traces: messages by LAN, the router's view, and data put onto each LAN.
    for (uint32_t i = 0; i < all.GetN(); ++i)
    {
        std::vector<std::string> lanOfInterface{"lo", "A", "B", "C"};
        if (i > 0)
        {
            lanOfInterface = {"lo", i == 1 ? "A" : (i < 4 ? "B" : "C")};
        }
        protocols[i]->TraceConnectWithoutContext("Tx", MakeBoundCallback(&MldTx, lanOfInterface));
    }
    Ptr<MldProtocol> routerMld = protocols[0];
    routerMld->TraceConnectWithoutContext("Rx", MakeCallback(&RouterRx));
    routerMld->TraceConnectWithoutContext("Tx", MakeCallback(&RouterTx));
    for (const Lan& lan : lans)
    {
        Ptr<MldQuerier> querier = routerMld->GetQuerier(lan.interface);
        querier->TraceConnectWithoutContext("ListenerAdded",
                                            MakeBoundCallback(&ListenerChange, true));
        querier->TraceConnectWithoutContext("ListenerRemoved",
                                            MakeBoundCallback(&ListenerChange, false));
    }
    Ptr<MldRouting> routing = router->GetObject<MldProtocol>()->GetRouting();
    routing->TraceConnectWithoutContext("Forward", MakeCallback(&Forwarded));
    routing->TraceConnectWithoutContext("ForwardDrop", MakeCallback(&NotForwarded));
    Simulator::Schedule(Seconds(sourceStart), &Log, std::string("S starts sending"));
    Simulator::Schedule(Seconds(sourceStop), &Log, std::string("S stops sending"));

    std::ostringstream tables;
    tables << std::fixed << std::setprecision(3);
    Ptr<OutputStreamWrapper> tableStream = Create<OutputStreamWrapper>(&tables);
    for (double t : {17.0, 25.5, 30.5, 35.0})
    {
        MldHelper::PrintListenerTablesAt(Seconds(t), router, tableStream);
    }

    csma.EnablePcapAll(outputDir + "/mld-router-lan");

    Simulator::Stop(Seconds(stopTime));
    Simulator::Run();

    Ptr<MldQuerier> q = routerMld->GetQuerier(1);
    Time maxGap = Seconds(3.0 / rate);
    std::cout << "MLD router and three LANs, " << stopTime << " s. QueryInterval "
              << Sec(q->GetQueryInterval()) << ", QueryResponseInterval "
              << Sec(q->GetQueryResponseInterval()) << ", last-listener queries "
              << q->GetLastListenerQueryCount() << " x " << Sec(q->GetLastListenerQueryInterval())
              << ".\nS sends " << rate << " pkt/s to each of ff1e::1, ff1e::2 from "
              << Sec(Seconds(sourceStart)) << " to " << Sec(Seconds(sourceStop)) << ".\n";

    std::cout << "\n== Timeline\n";
    for (const auto& [t, text] : g_timeline)
    {
        std::cout << "  " << std::setw(9) << Sec(t) << "  " << text << "\n";
    }

    for (const Lan& lan : lans)
    {
        if (lan.name == "A")
        {
            continue;
        }
        for (Ipv6Address group : g_groups)
        {
            IfGroup key{lan.interface, group};
            std::cout << "\n== LAN " << lan.name << " (" << lan.prefix << ", R interface "
                      << lan.interface << "), " << group << "\n";
            for (const Membership& m : memberships)
            {
                if (lans[m.lan].name == lan.name && m.group == group)
                {
                    std::cout << "  " << std::left << std::setw(3) << m.host << std::right
                              << " joins " << Sec(Seconds(m.start)) << ", leaves "
                              << (m.stop >= 0 ? Sec(Seconds(m.stop)) : std::string("never"))
                              << ", received " << m.receiver->GetReceived() << " packets\n";
                }
            }
            const std::vector<Time>& fwd = g_forwarded[key];
            for (const auto& [first, last] : Runs(fwd, maxGap))
            {
                std::cout << "  data arrived on LAN " << lan.name << " from " << Sec(first)
                          << " to " << Sec(last) << "\n";
            }
            if (fwd.empty())
            {
                std::cout << "  no data arrived on LAN " << lan.name << "\n";
            }
            // One listening period per listener-table addition.
            const std::vector<Time>& added = g_added[key];
            const std::vector<Time>& removed = g_removed[key];
            for (size_t i = 0; i < added.size(); ++i)
            {
                Time a = added[i];
                Time r = i < removed.size() ? removed[i] : Simulator::Now();
                auto first = std::lower_bound(fwd.begin(), fwd.end(), a);
                std::cout << "  join latency  (first report " << Sec(a) << " -> first packet ";
                if (first != fwd.end() && *first <= r)
                {
                    std::cout << Sec(*first) << "): " << Latency(*first - a) << "\n";
                }
                else
                {
                    std::cout << "none)\n";
                }
                if (i >= removed.size())
                {
                    std::cout << "  leave latency: listeners still present at the end\n";
                    continue;
                }
                auto last = std::upper_bound(fwd.begin(), fwd.end(), r);
                Time lastDone(-1);
                for (Time d : g_doneRx[key])
                {
                    if (d >= a && d <= r)
                    {
                        lastDone = d;
                    }
                }
                if (lastDone.IsNegative() || last == fwd.begin())
                {
                    std::cout << "  leave latency: no Done heard; removed at " << Sec(r)
                              << " when the listener timer expired\n";
                    continue;
                }
                --last;
                std::cout << "  leave latency (last Done " << Sec(lastDone) << " -> last packet "
                          << Sec(*last) << "): " << Latency(*last - lastDone) << "; removed from "
                          << "the table at " << Sec(r) << "\n";
            }
        }
    }
    std::cout << "\n  Expected: join latency under one packet interval ("
              << Latency(Seconds(1.0 / rate))
              << "; usually a few us here, as the joins coincide with packet times);\n"
                 "  leave latency about LastListenerQueryCount x LastListenerQueryInterval ("
              << Latency(q->GetLastListenerQueryInterval() * q->GetLastListenerQueryCount())
              << ") minus up to one packet interval.\n";

    std::cout << "\n== Receivers\n";
    for (const Membership& m : memberships)
    {
        std::cout << "  " << std::left << std::setw(3) << m.host << std::right << " " << m.group
                  << ": " << m.receiver->GetReceived() << " packets";
        if (m.receiver->GetReceived() > 0)
        {
            std::cout << ", first " << Sec(m.receiver->GetFirstReceived()) << ", last "
                      << Sec(m.receiver->GetLastReceived());
        }
        std::cout << "\n";
    }

    std::cout << "\n== Router listener tables\n" << tables.str();

    std::cout << "\n== MLD messages sent, by LAN (all groups, link-scope ones included)\n";
    std::cout << "  LAN     Query   Report     Done\n";
    for (const Lan& lan : lans)
    {
        auto& count = g_sent[lan.name];
        std::cout << "  " << std::left << std::setw(4) << lan.name << std::right << std::setw(8)
                  << count[MldHeader::LISTENER_QUERY] << std::setw(9)
                  << count[MldHeader::LISTENER_REPORT] << std::setw(9)
                  << count[MldHeader::LISTENER_DONE] << "\n";
    }

    std::cout << "\n== Router forwarding (MldRouting counters)\n"
              << "  copies forwarded                  " << routing->GetForwardedCount() << "\n";
    for (const auto& [reason, label] : std::map<MldRouting::ForwardDropReason, std::string>{
             {MldRouting::NO_LISTENERS, "no listeners      "},
             {MldRouting::HOP_LIMIT, "hop limit         "},
             {MldRouting::NOT_ROUTER_IIF, "not a router iface"}})
    {
        std::cout << "  not forwarded: " << label << " " << std::setw(4)
                  << routing->GetForwardDropCount(reason) << "  (UDP data "
                  << g_notForwarded[reason][true] << ", other " << g_notForwarded[reason][false]
                  << ")\n";
    }
    std::cout << "  (\"other\": MLD reports for ff1e::1 and ff1e::2, which go to the group "
                 "itself with hop limit 1)\n";
    for (const Lan& lan : lans)
    {
        std::cout << "  onto LAN " << lan.name << ":";
        for (Ipv6Address group : g_groups)
        {
            std::cout << " " << group << " " << g_forwarded[{lan.interface, group}].size();
        }
        std::cout << "\n";
    }
    std::cout << "\npcaps: " << outputDir << "/mld-router-lan-<node>-<device>.pcap (R is node 0, "
              << "S 1, B1 2, B2 3, C1 4, C2 5; R's devices 0, 1, 2 are on LANs A, B, C)\n";
    Simulator::Destroy();
    return 0;
}
