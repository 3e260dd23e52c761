/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * Source-Specific Multicast with MLDv2 (RFC 9777, RFC 4604, RFC 4607): two
 * sources send to the same SSM group; the listener subscribes to one source
 * only, and only that source's data crosses the router.
 *
 *          S1        S2       (both send to ff3e::1234, port 9, 10 pkt/s each)
 *          |         |
 *   LAN A  ===================  2001:db8:a::/64
 *               |
 *               R   (MLDv2 router: querier and forwarder on both LANs)
 *               |
 *   LAN B  ===================  2001:db8:b::/64
 *               |
 *               L   (MLDv2 host)
 *
 *  t(s)  event
 *   ~1   R's first MLDv2 General Queries (as soon as DAD ends), then every
 *        QueryInterval (startup queries every QueryInterval / 4)
 *   1    S1 and S2 start sending; R forwards nothing (no listeners)
 *   2    L tries an any-source Join of ff3e::1234, and an EXCLUDE {} filter:
 *        both refused in the SSM range ff3x::/96 (RFC 4604 §2.2.1)
 *   3    L: JoinSource(ff3e::1234, S1) -> ALLOW(S1), sent Robustness times;
 *        R: INCLUDE {S1}, S1's source timer = MALI -> S1's data onto LAN B
 *  ...   L answers each General Query with IS_IN(S1): the timer restarts
 *  20    L: LeaveSource(ff3e::1234, S1) -> BLOCK(S1); R sends
 *        Multicast Address and Source Specific Queries Q(ff3e::1234, {S1})
 *        (LastListenerQueryCount x LastListenerQueryInterval), nobody answers,
 *        S1's timer expires: the group leaves the table, S1's data stops
 *  30    S1 and S2 stop
 *  32    end
 *
 * S2's data reaches R all along and is never forwarded: R's listener table
 * for LAN B never holds S2, and in the SSM range R keeps no any-source state.
 * Checksums are on and every device writes a pcap:
 * <outputDir>/mld-v2-ssm-<node>-<device>.pcap.
 * The summary shows, per source, the packets sent, forwarded onto LAN B and
 * received by L, with times; the MLDv2 records L sent for the group; R's
 * listener table for LAN B at a few times (filter mode, sources and their
 * timers); and a few checks of the expected behaviour.
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/mld-module.h"
#include "ns3/network-module.h"

#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <sys/stat.h>
#include <vector>

using namespace ns3;

namespace
{
Ipv6Address g_group("ff3e::1234");                    //!< the SSM group
std::vector<std::pair<Time, std::string>> g_timeline; //!< events, in time order
std::map<Ipv6Address, std::vector<Time>> g_sent;      //!< data sent, by source
std::map<Ipv6Address, std::vector<Time>> g_forwarded; //!< data R put onto LAN B, by source
std::map<Ipv6Address, uint32_t> g_notForwarded;       //!< data R did not forward, by source
std::map<Ipv6Address, std::vector<Time>> g_received;  //!< data L received, by source
std::map<Ipv6Address, std::string> g_names;           //!< "S1", "S2" by address
uint32_t g_otherRecords = 0;                          //!< L's records for other groups
uint32_t g_lanB = 2;                                  //!< R's interface on LAN B
bool g_verbose = false;                               //!< timeline shows every message

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
 * \brief Add a line to the timeline.
 * \param text what happened now
 */
void
Log(std::string text)
{
    g_timeline.emplace_back(Simulator::Now(), text);
}

/**
 * \param address a source address
 * \return "S1" or "S2" for a known source, else the address
 */
std::string
Name(Ipv6Address address)
{
    auto it = g_names.find(address);
    if (it != g_names.end())
    {
        return it->second;
    }
    std::ostringstream os;
    os << address;
    return os.str();
}

/**
 * \param record an MLDv2 address record
 * \return it as "ALLOW(ff3e::1234, {S1})"
 */
std::string
RecordText(const MldAddressRecord& record)
{
    std::ostringstream os;
    os << MldAddressRecord::ShortName(record.type) << "(" << record.group << ", {";
    for (size_t i = 0; i < record.sources.size(); ++i)
    {
        os << (i ? " " : "") << Name(record.sources[i]);
    }
    os << "})";
    return os.str();
}

/**
 * \brief L's V2ReportTx sink: log its records for the SSM group.
 * \param interface IPv6 interface index
 * \param report the report
 * \param source IPv6 source
 */
void
ListenerReportTx(uint32_t interface, const MldV2ReportHeader& report, Ipv6Address source)
{
    std::ostringstream os;
    for (const MldAddressRecord& r : report.GetRecords())
    {
        if (r.group != g_group)
        {
            ++g_otherRecords; // solicited-node groups and the like
            continue;
        }
        os << (os.tellp() > 0 ? ", " : "") << RecordText(r);
    }
    if (os.tellp() > 0)
    {
        Log("L sends MLDv2 Report: " + os.str());
    }
}

/**
 * \brief R's Ipv6L3Protocol Tx sink: log its queries for the SSM group, with their
 * source lists (all queries when verbose).
 * \param packet the packet, IPv6 header included
 * \param ipv6 the IPv6 stack
 * \param interface the interface it leaves by
 */
void
RouterIpTx(Ptr<const Packet> packet, Ptr<Ipv6> ipv6, uint32_t interface)
{
    std::vector<uint8_t> bytes(packet->GetSize());
    packet->CopyData(bytes.data(), bytes.size());
    MldMessage::Info info = MldMessage::Inspect(bytes.data(), bytes.size(), false);
    if (info.kind != MldMessage::V2_QUERY || interface != g_lanB ||
        (info.group != g_group && !g_verbose))
    {
        return;
    }
    MldV2QueryHeader query;
    Create<Packet>(bytes.data() + info.icmpOffset, info.icmpLength)->RemoveHeader(query);
    std::ostringstream os;
    os << "R if " << interface << " sends ";
    if (info.group.IsAny())
    {
        os << "General Query";
    }
    else
    {
        os << "Query Q(" << info.group << ", {";
        const std::vector<Ipv6Address>& sources = query.GetSources();
        for (size_t i = 0; i < sources.size(); ++i)
        {
            os << (i ? " " : "") << Name(sources[i]);
        }
        os << "})";
    }
    os << ", Maximum Response Delay " << query.GetMaxResponseDelayMs() << " ms, S flag "
       << query.GetSuppressRouterProcessing();
    Log(os.str());
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
    if (group != g_group)
    {
        return;
    }
    std::ostringstream os;
    os << "R if " << interface << (added ? " adds " : " removes ") << group
       << (added ? " to its listener table" : " from its listener table");
    Log(os.str());
}

/**
 * \brief MldQuerier SourceChanged sink.
 * \param interface IPv6 interface index
 * \param group the group
 * \param source the source
 * \param present the group still has a record for the source
 * \param running its source timer runs
 */
void
SourceChange(uint32_t interface, Ipv6Address group, Ipv6Address source, bool present, bool running)
{
    if (group != g_group)
    {
        return;
    }
    std::ostringstream os;
    os << "R if " << interface << " " << group << ": source " << Name(source)
       << (present ? (running ? " recorded, timer running" : " recorded, timer stopped")
                   : " deleted");
    Log(os.str());
}

/**
 * \brief MldRouting Forward sink: record data put onto LAN B, by source.
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
    if (header.GetDestination() == g_group && outInterface == g_lanB)
    {
        g_forwarded[header.GetSource()].push_back(Simulator::Now());
    }
}

/**
 * \brief MldRouting ForwardDrop sink: count data not forwarded, by source.
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
    if (header.GetDestination() == g_group &&
        header.GetNextHeader() == iana::internetprotocolnumbers::UDP)
    {
        ++g_notForwarded[header.GetSource()];
    }
}

/**
 * \brief OnOffApplication Tx sink: count data sent.
 * \param source the sender's address
 * \param packet the packet
 */
void
DataSent(Ipv6Address source, Ptr<const Packet> packet)
{
    g_sent[source].push_back(Simulator::Now());
}

/**
 * \brief L's socket: count data received, by source.
 * \param socket the socket
 */
void
DataReceived(Ptr<Socket> socket)
{
    Address from;
    while (socket->RecvFrom(from))
    {
        g_received[Inet6SocketAddress::ConvertFrom(from).GetIpv6()].push_back(Simulator::Now());
    }
}

/**
 * \param node a node
 * \param interface an IPv6 interface index
 * \return the interface's first global address
 */
Ipv6Address
GlobalAddress(Ptr<Node> node, uint32_t interface)
{
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    for (uint32_t j = 0; j < ipv6->GetNAddresses(interface); ++j)
    {
        Ipv6Address a = ipv6->GetAddress(interface, j).GetAddress();
        if (!a.IsLinkLocal() && !a.IsLocalhost())
        {
            return a;
        }
    }
    return Ipv6Address::GetAny();
}

/**
 * \brief Write R's listener-table entry for the SSM group on LAN B, and what it forwards.
 * \param querier R's querier on LAN B
 * \param sources the data sources
 * \param os the output
 */
void
PrintEntry(Ptr<MldQuerier> querier, std::vector<Ipv6Address> sources, std::ostringstream* os)
{
    *os << "  at " << Sec(Simulator::Now()) << ": ";
    std::optional<MldListenerEntry> e = querier->GetListenerEntry(g_group);
    if (!e)
    {
        *os << g_group << " not in the table (INCLUDE {}: nothing forwarded)\n";
        return;
    }
    *os << g_group << " " << e->filterMode << " {";
    for (size_t i = 0; i < e->sources.size(); ++i)
    {
        const MldRouterSourceEntry& s = e->sources[i];
        *os << (i ? ", " : "") << Name(s.source) << " timer ";
        if (s.running)
        {
            *os << Sec(s.timerRemaining);
        }
        else
        {
            *os << "stopped";
        }
        if (s.queriesLeft > 0)
        {
            *os << ", " << s.queriesLeft << " queries left";
        }
    }
    *os << "}, " << (e->olderVersionHostPresent ? "MLDv1" : "MLDv2") << " mode; forwards:";
    for (Ipv6Address s : sources)
    {
        *os << " " << g_names[s] << (querier->ShouldForward(g_group, s) ? " yes" : " no");
    }
    *os << "\n";
}

/**
 * \brief L tries what the SSM range refuses, and logs the errors.
 * \param mld L's MLD
 * \param socket a socket identifier
 */
void
TryAnySource(Ptr<MldProtocol> mld, uint64_t socket)
{
    bool joined = mld->Join(1, g_group);
    Log(std::string("L: Join(ff3e::1234) ") +
        (joined ? "accepted (UNEXPECTED)" : "refused (RFC 4604)"));
    bool excluded = mld->SetSourceFilter(1, g_group, socket, true, {});
    Log(std::string("L: SetSourceFilter(EXCLUDE {}) ") +
        (excluded ? "accepted (UNEXPECTED)" : "refused (RFC 4604)"));
}

/**
 * \brief L joins or leaves one source of the SSM group.
 * \param mld L's MLD
 * \param source the source
 * \param socket a socket identifier
 * \param join JoinSource (else LeaveSource)
 */
void
ChangeSource(Ptr<MldProtocol> mld, Ipv6Address source, uint64_t socket, bool join)
{
    std::ostringstream os;
    os << "L: " << (join ? "JoinSource(" : "LeaveSource(") << g_group << ", " << g_names[source]
       << ")";
    Log(os.str());
    bool ok = join ? mld->JoinSource(1, g_group, source, socket)
                   : mld->LeaveSource(1, g_group, source, socket);
    if (!ok)
    {
        Log("L: refused (UNEXPECTED)");
    }
}

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

/**
 * \param times packet times
 * \param maxGap the largest gap inside a run
 * \return "N (from a to b)" or "0"
 */
std::string
Describe(const std::vector<Time>& times, Time maxGap)
{
    std::ostringstream os;
    os << times.size();
    std::vector<std::pair<Time, Time>> runs = Runs(times, maxGap);
    for (size_t i = 0; i < runs.size(); ++i)
    {
        os << (i ? ", " : " (") << Sec(runs[i].first) << " to " << Sec(runs[i].second);
    }
    os << (runs.empty() ? "" : ")");
    return os.str();
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string outputDir = "mld-output";
    double stopTime = 32;
    double sourceStart = 1;
    double sourceStop = 30;
    double joinTime = 3;
    double leaveTime = 20;
    uint32_t rate = 10;
    Time queryInterval = Seconds(10);
    Time queryResponseInterval = Seconds(2);
    Time lastListenerQueryInterval = Seconds(1);
    uint32_t seed = 1;
    uint32_t run = 1;

    CommandLine cmd(__FILE__);
    cmd.AddValue("outputDir", "Folder for the pcaps", outputDir);
    cmd.AddValue("stopTime", "Simulated seconds", stopTime);
    cmd.AddValue("rate", "Packets per second each source sends", rate);
    cmd.AddValue("joinTime", "When L subscribes to (S1, ff3e::1234) (s)", joinTime);
    cmd.AddValue("leaveTime", "When L unsubscribes (s)", leaveTime);
    cmd.AddValue("queryInterval", "Querier's Query Interval", queryInterval);
    cmd.AddValue("queryResponseInterval",
                 "Querier's Query Response Interval",
                 queryResponseInterval);
    cmd.AddValue("lastListenerQueryInterval",
                 "Querier's Last Listener Query Interval",
                 lastListenerQueryInterval);
    cmd.AddValue("seed", "RngSeed", seed);
    cmd.AddValue("run", "RngRun", run);
    cmd.AddValue("verbose", "Timeline shows every General Query", g_verbose);
    cmd.Parse(argc, argv);

    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    mkdir(outputDir.c_str(), 0755);

    Ptr<Node> router = CreateObject<Node>();
    Ptr<Node> s1 = CreateObject<Node>();
    Ptr<Node> s2 = CreateObject<Node>();
    Ptr<Node> listener = CreateObject<Node>();
    NodeContainer all(router, s1, s2, listener);

    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    csma.SetChannelAttribute("Delay", TimeValue(NanoSeconds(6560)));
    NetDeviceContainer devA = csma.Install(NodeContainer(router, s1, s2));
    NetDeviceContainer devB = csma.Install(NodeContainer(router, listener));

    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(all);
    Ipv6AddressHelper addresses;
    addresses.SetBase(Ipv6Address("2001:db8:a::"), Ipv6Prefix(64));
    addresses.Assign(devA);
    addresses.SetBase(Ipv6Address("2001:db8:b::"), Ipv6Prefix(64));
    addresses.Assign(devB);

    // Every node runs MLDv2 (hosts: Version 2, router interfaces: Version 2).
    MldHelper mld;
    mld.SetListenerAttribute("Version", StringValue("MLDv2"));
    mld.SetQuerierAttribute("Version", StringValue("MLDv2"));
    mld.SetQuerierAttribute("QueryInterval", TimeValue(queryInterval));
    mld.SetQuerierAttribute("QueryResponseInterval", TimeValue(queryResponseInterval));
    mld.SetQuerierAttribute("LastListenerQueryInterval", TimeValue(lastListenerQueryInterval));
    mld.Install(all);
    mld.SetRouter(router);
    mld.AssignStreams(all, 100);
    Ptr<MldProtocol> routerMld = router->GetObject<MldProtocol>();
    Ptr<MldProtocol> listenerMld = listener->GetObject<MldProtocol>();

    // The sources send multicast out of their only interface, with a 33:33 MAC.
    Ipv6StaticRoutingHelper staticRouting;
    const uint16_t port = 9;
    const uint32_t packetSize = 100;
    std::vector<Ipv6Address> sources;
    for (Ptr<Node> s : {s1, s2})
    {
        staticRouting.GetStaticRouting(s->GetObject<Ipv6>())
            ->AddNetworkRouteTo(Ipv6Address("ff00::"), Ipv6Prefix(8), 1);
        Ipv6Address address = GlobalAddress(s, 1);
        sources.push_back(address);
        g_names[address] = s == s1 ? "S1" : "S2";
        OnOffHelper onoff("ns3::UdpSocketFactory", Inet6SocketAddress(g_group, port));
        onoff.SetConstantRate(DataRate(packetSize * 8 * rate), packetSize);
        ApplicationContainer app = onoff.Install(s);
        app.Start(Seconds(sourceStart));
        app.Stop(Seconds(sourceStop));
        app.Get(0)->TraceConnectWithoutContext("Tx", MakeBoundCallback(&DataSent, address));
    }
    Ipv6Address s1Address = sources[0];

    // L: a UDP socket on (group, port) receives; MLD state comes from the source calls.
    // MldReceiver only makes any-source joins, which the SSM range refuses.
    const uint64_t socketId = 1;
    Ptr<Socket> socket = Socket::CreateSocket(listener, UdpSocketFactory::GetTypeId());
    socket->Bind(Inet6SocketAddress(g_group, port));
    socket->SetRecvCallback(MakeCallback(&DataReceived));
    Simulator::Schedule(Seconds(2), &TryAnySource, listenerMld, socketId);
    Simulator::Schedule(Seconds(joinTime), &ChangeSource, listenerMld, s1Address, socketId, true);
    Simulator::Schedule(Seconds(leaveTime), &ChangeSource, listenerMld, s1Address, socketId, false);

    // Traces.
    listenerMld->TraceConnectWithoutContext("V2ReportTx", MakeCallback(&ListenerReportTx));
    router->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext("Tx",
                                                                    MakeCallback(&RouterIpTx));
    Ptr<MldQuerier> querier = routerMld->GetQuerier(g_lanB);
    querier->TraceConnectWithoutContext("ListenerAdded", MakeBoundCallback(&ListenerChange, true));
    querier->TraceConnectWithoutContext("ListenerRemoved",
                                        MakeBoundCallback(&ListenerChange, false));
    querier->TraceConnectWithoutContext("SourceChanged", MakeCallback(&SourceChange));
    Ptr<MldRouting> routing = router->GetObject<MldProtocol>()->GetRouting();
    routing->TraceConnectWithoutContext("Forward", MakeCallback(&Forwarded));
    routing->TraceConnectWithoutContext("ForwardDrop", MakeCallback(&NotForwarded));
    Simulator::Schedule(Seconds(sourceStart), &Log, std::string("S1 and S2 start sending"));
    Simulator::Schedule(Seconds(sourceStop), &Log, std::string("S1 and S2 stop sending"));

    std::ostringstream tables;
    for (double t : {2.5,
                     joinTime + 0.5,
                     (joinTime + leaveTime) / 2,
                     leaveTime + 0.5,
                     leaveTime + 1.5,
                     leaveTime + 2.5})
    {
        Simulator::Schedule(Seconds(t), &PrintEntry, querier, sources, &tables);
    }

    csma.EnablePcapAll(outputDir + "/mld-v2-ssm");

    Simulator::Stop(Seconds(stopTime));
    Simulator::Run();

    Time maxGap = Seconds(3.0 / rate);
    std::cout << "MLDv2 Source-Specific Multicast through a router, " << stopTime
              << " s. QueryInterval " << Sec(querier->GetQueryInterval())
              << ", QueryResponseInterval " << Sec(querier->GetQueryResponseInterval())
              << ", source-specific queries " << querier->GetLastListenerQueryCount() << " x "
              << Sec(querier->GetLastListenerQueryInterval()) << ", MALI "
              << Sec(querier->GetMulticastListenerInterval()) << ".\n"
              << "S1 " << s1Address << " and S2 " << sources[1] << " send " << rate
              << " pkt/s each to " << g_group << " from " << Sec(Seconds(sourceStart)) << " to "
              << Sec(Seconds(sourceStop)) << ". L (host version " << listenerMld->GetVersion(1)
              << ") subscribes to (S1, " << g_group << ") from " << Sec(Seconds(joinTime)) << " to "
              << Sec(Seconds(leaveTime)) << ".\n";

    std::cout << "\n== Timeline\n";
    for (const auto& [t, text] : g_timeline)
    {
        std::cout << "  " << std::setw(9) << Sec(t) << "  " << text << "\n";
    }
    std::cout << "  (L also sent " << g_otherRecords
              << " records for other groups: its solicited-node groups)\n";

    std::cout << "\n== R's listener table for LAN B (interface " << g_lanB << "), " << g_group
              << "\n"
              << tables.str();

    std::cout << "\n== Data, by source\n";
    for (Ipv6Address s : sources)
    {
        std::cout << "  " << Name(s) << " (" << s << ")\n"
                  << "    sent                 " << Describe(g_sent[s], maxGap) << "\n"
                  << "    forwarded onto LAN B " << Describe(g_forwarded[s], maxGap) << "\n"
                  << "    not forwarded by R   " << g_notForwarded[s] << "\n"
                  << "    received by L        " << Describe(g_received[s], maxGap) << "\n";
    }

    // Checks of what the example is meant to show (with the default options).
    const std::vector<Time>& fwd1 = g_forwarded[s1Address];
    Time llqt = querier->GetLastListenerQueryInterval() * querier->GetLastListenerQueryCount();
    bool s2Blocked = g_forwarded[sources[1]].empty() && g_received[sources[1]].empty();
    bool s1Flowed = !fwd1.empty() && fwd1.front() >= Seconds(joinTime) &&
                    fwd1.front() < Seconds(joinTime) + maxGap;
    bool s1Stopped = !fwd1.empty() && fwd1.back() > Seconds(leaveTime) &&
                     fwd1.back() <= Seconds(leaveTime) + llqt;
    bool delivered = g_received[s1Address].size() == fwd1.size();
    std::cout << "\n== Checks (default options)\n";
    for (const auto& [ok, text] : std::vector<std::pair<bool, std::string>>{
             {s2Blocked, "S2's data never crossed R"},
             {s1Flowed, "S1's data crossed R from the JoinSource on (within 3 packet times)"},
             {s1Stopped,
              "S1's data stopped within LLQC x LLQI (" + Sec(llqt) + ") of the LeaveSource"},
             {delivered, "L received every packet forwarded onto LAN B"}})
    {
        std::cout << "  " << (ok ? "yes  " : "NO   ") << text << "\n";
    }

    std::cout << "\npcaps: " << outputDir << "/mld-v2-ssm-<node>-<device>.pcap (R is node 0, "
              << "S1 1, S2 2, L 3; R's devices 0 and 1 are on LANs A and B)\n";
    Simulator::Destroy();
    return 0;
}
