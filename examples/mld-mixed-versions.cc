/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * MLDv1 and MLDv2 hosts together (RFC 9777 §8): an MLDv2 router's MLDv1
 * compatibility mode for a group while an MLDv1 host listens to it, the
 * return to MLDv2 after the older host leaves, and a negotiating host
 * (Version 0) falling back to MLDv1 under an MLDv1 querier and returning to
 * MLDv2 when the router is upgraded.
 *
 *          S1        S2        (both send to ff1e::5, port 9, 10 pkt/s each)
 *          |         |
 *   LAN A  ===================  2001:db8:a::/64
 *               |
 *               R      querier on each LAN: MLDv2 on A and B; MLDv1 on C,
 *              / \     upgraded to MLDv2 at 28 s
 *   LAN B  =======   =======  LAN C     2001:db8:b::/64, 2001:db8:c::/64
 *          |    |       |
 *          H2   H1      H0
 *
 *   H2: MLDv2 host (Version 2); H1: MLDv1 host (Version 1); H0: Version 0,
 *   MLDv2 falling back to MLDv1 while an MLDv1 querier is present (§8.2.1).
 *
 * Timers: QueryInterval 10 s, QueryResponseInterval 2 s, Robustness 2,
 * LastListenerQueryInterval 1 s: the Older Version Host Present Timeout of
 * the router (RFC 9777 §9.13) and the Older Version Querier Present Timeout
 * of the hosts (§9.12, with their QueryInterval set to 10 s) are both
 * 2 x 10 s + 2 s = 22 s.
 *
 *  t(s)  LAN B (router compatibility mode, §8.3.2)
 *   1    S1 and S2 start sending
 *   2    H2 (MLDv2) sets the filter EXCLUDE {S1} on ff1e::5: TO_EX(S1);
 *        R: EXCLUDE, S1's timer stopped -> S2 onto LAN B, S1 not
 *   8    H1 (MLDv1) joins ff1e::5: MLDv1 Report = IS_EX({}), the group enters
 *        MLDv1 compatibility mode (Older Version Host Present timer 22 s);
 *        S1's record is deleted -> S1 onto LAN B too (H1 wants every source)
 *  14    H2 excludes S2 too: BLOCK(S2), ignored in compatibility mode
 *        (no source-specific query; S2 keeps flowing, as H1 wants it)
 *  24    H1 leaves: Done = TO_IN({}): R sends Q(ff1e::5), and Q(ff1e::5, X)
 *        for the sources X with running timers. With the default seed
 *        X = {S1, S2} (H2's IS_EX came after H1's last Report): nobody asks
 *        for them and both stop 2 s later (LastListenerQueryCount x
 *        LastListenerQueryInterval). Had H1's Report come last (other --run
 *        values), X would be empty and H2's answer IS_EX(S1, S2) would give
 *        S1 and S2 new timers (A-X-Y = MALI, RFC 9777 §7.4.1): they would
 *        flow 22 s more. The group stays in compatibility mode until 22 s
 *        after H1's last MLDv1 Report (~36 s)
 *  50    H2 allows S2 again: ALLOW(S2) -> S2 onto LAN B
 *  55    H2 excludes S2 again: BLOCK(S2), now honoured: R sends
 *        Q(ff1e::5, {S2}) twice, nobody answers, S2 stops after
 *        LastListenerQueryCount x LastListenerQueryInterval (2 s)
 *
 *  t(s)  LAN C (host compatibility mode, §8.2.1)
 *   ~1   R's first MLDv1 General Query: H0 falls back to MLDv1 (its Older
 *        Version Querier Present timer: 22 s, restarted by every MLDv1 query)
 *   5    H0 joins ff1e::5: an MLDv1 Report (an MLDv1 router would ignore an
 *        MLDv2 one) -> R forwards ff1e::5 onto LAN C
 *  28    R's LAN C interface is upgraded to MLDv2 (a new querier, empty
 *        table): H0, still in MLDv1 mode, answers the MLDv2 queries with
 *        MLDv1 Reports, so R puts the group in compatibility mode
 *  ~46   H0's Older Version Querier Present timer (22 s after the last MLDv1
 *        query, 23.5 s) expires: back to MLDv2, it answers with IS_EX({})
 *  ~64   R's Older Version Host Present timer for the group on LAN C expires
 *  72    H0 leaves: an MLDv2 TO_IN({}) Report, not an MLDv1 Done
 *  75    S1 and S2 stop; 80 end
 *
 * ns-3 sockets do not apply source filters: H2's socket counts whatever
 * data reaches LAN B, while a real host would drop what it excludes.
 * Checksums are on and every device writes a pcap:
 * <outputDir>/mld-mixed-versions-<node>-<device>.pcap.
 * The summary shows a timeline (messages for ff1e::5, the router's listener
 * state for it on LANs B and C whenever it changes, sampled every 50 ms, the
 * hosts' version), the data forwarded onto LANs B and C by source, what each
 * host received, and a few checks of the expected behaviour.
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
#include <optional>
#include <sstream>
#include <sys/stat.h>
#include <tuple>
#include <vector>

using namespace ns3;

namespace
{
const Ipv6Address g_group("ff1e::5");                 //!< the data group
const uint32_t g_lanB = 2;                            //!< R's interface on LAN B
const uint32_t g_lanC = 3;                            //!< R's interface on LAN C
std::vector<std::pair<Time, std::string>> g_timeline; //!< events, in time order
std::map<Ipv6Address, std::string> g_names;           //!< "S1", "S2" by address
std::vector<Ipv6Address> g_sources;                   //!< S1's and S2's addresses
/// data R put onto a LAN, by (interface, source)
std::map<std::pair<uint32_t, Ipv6Address>, std::vector<Time>> g_forwarded;
/// data received by a host, by (host, source)
std::map<std::pair<std::string, Ipv6Address>, uint32_t> g_received;
/// queries R sent for the group, by interface: time and source list
std::map<uint32_t, std::vector<std::pair<Time, std::vector<Ipv6Address>>>> g_specificQueries;
std::map<std::string, std::vector<Time>> g_v1Reports; //!< MLDv1 Reports for the group, by host
std::map<uint32_t, std::vector<Time>> g_v1Queries;    //!< MLDv1 General Queries, by interface
uint32_t g_ignoredBlocks = 0;                 //!< BLOCK records R ignored in compatibility mode
bool g_verbose = false;                       //!< timeline shows general queries too
Ptr<MldProtocol> g_routerMld;                 //!< R's MLD
std::map<uint32_t, std::string> g_lastState;  //!< last sampled state, by interface
std::map<std::string, uint8_t> g_lastVersion; //!< last sampled host version, by host
std::map<uint32_t, std::vector<std::pair<Time, bool>>> g_compat; //!< compatibility mode changes
std::map<std::string, std::vector<std::pair<Time, uint8_t>>> g_versions; //!< version changes

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
 * \param interface R's interface
 * \return the name of the LAN
 */
std::string
Lan(uint32_t interface)
{
    return interface == 1 ? "A" : (interface == g_lanB ? "B" : "C");
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
 * \tparam Container a container of Ipv6Address
 * \param sources addresses
 * \return them as "{S1 S2}"
 */
template <typename Container>
std::string
List(const Container& sources)
{
    std::string out = "{";
    for (const Ipv6Address& s : sources)
    {
        out += (out.size() > 1 ? " " : "") + Name(s);
    }
    return out + "}";
}

/**
 * \brief A host's V2ReportTx sink: log its records for the group.
 * \param host the host's name
 * \param interface IPv6 interface index
 * \param report the report
 * \param source IPv6 source
 */
void
HostV2ReportTx(std::string host,
               uint32_t interface,
               const MldV2ReportHeader& report,
               Ipv6Address source)
{
    std::string records;
    for (const MldAddressRecord& r : report.GetRecords())
    {
        if (r.group == g_group)
        {
            records += (records.empty() ? "" : ", ") + MldAddressRecord::ShortName(r.type) +
                       List(r.sources);
        }
    }
    if (!records.empty())
    {
        Log(host + " sends MLDv2 Report: " + records);
    }
}

/**
 * \brief A host's Tx sink: log its MLDv1 messages for the group.
 * \param host the host's name
 * \param interface IPv6 interface index
 * \param type ICMPv6 type
 * \param group the Multicast Address field
 * \param source IPv6 source
 * \param destination IPv6 destination
 */
void
HostTx(std::string host,
       uint32_t interface,
       uint8_t type,
       Ipv6Address group,
       Ipv6Address source,
       Ipv6Address destination)
{
    if (group != g_group)
    {
        return;
    }
    if (type == MldHeader::LISTENER_REPORT)
    {
        g_v1Reports[host].push_back(Simulator::Now());
        Log(host + " sends MLDv1 Report");
    }
    else if (type == MldHeader::LISTENER_DONE)
    {
        Log(host + " sends MLDv1 Done");
    }
}

/**
 * \brief R's V2ReportRx sink: note the records its compatibility mode ignores.
 * \param interface IPv6 interface index
 * \param report the report
 * \param source IPv6 source
 */
void
RouterV2ReportRx(uint32_t interface, const MldV2ReportHeader& report, Ipv6Address source)
{
    Ptr<MldQuerier> querier = g_routerMld->GetQuerier(interface);
    if (!querier)
    {
        return;
    }
    std::optional<MldListenerEntry> e = querier->GetListenerEntry(g_group);
    for (const MldAddressRecord& r : report.GetRecords())
    {
        if (r.group != g_group)
        {
            continue;
        }
        std::string what = MldAddressRecord::ShortName(r.type) + List(r.sources);
        if (querier->GetVersion() == MldVersion::MLDV1)
        {
            Log("R if " + std::to_string(interface) + " (MLDv1 router) ignores " + what);
        }
        else if (e && e->olderVersionHostPresent && r.type == MldAddressRecord::BLOCK_OLD_SOURCES)
        {
            ++g_ignoredBlocks;
            Log("R if " + std::to_string(interface) + " ignores " + what +
                ": MLDv1 compatibility mode");
        }
        else if (e && e->olderVersionHostPresent &&
                 r.type == MldAddressRecord::CHANGE_TO_EXCLUDE_MODE && !r.sources.empty())
        {
            Log("R if " + std::to_string(interface) + " takes " + what +
                " as TO_EX{}: MLDv1 compatibility mode");
        }
    }
}

/**
 * \brief R's Ipv6L3Protocol Tx sink: log its queries (general ones on LAN C, or all when
 * verbose) with their version and source lists.
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
    if ((info.kind != MldMessage::V1_QUERY && info.kind != MldMessage::V2_QUERY) ||
        interface == 1 || (!info.group.IsAny() && info.group != g_group))
    {
        return;
    }
    bool v2 = info.kind == MldMessage::V2_QUERY;
    std::vector<Ipv6Address> sources;
    bool suppress = false;
    std::ostringstream os;
    os << "R if " << interface << " sends MLDv" << (v2 ? 2 : 1);
    if (v2)
    {
        MldV2QueryHeader query;
        Create<Packet>(bytes.data() + info.icmpOffset, info.icmpLength)->RemoveHeader(query);
        sources = query.GetSources();
        suppress = query.GetSuppressRouterProcessing();
    }
    if (info.group.IsAny())
    {
        if (!v2)
        {
            g_v1Queries[interface].push_back(Simulator::Now());
        }
        if (!g_verbose && interface == g_lanB)
        {
            return;
        }
        os << " General Query";
    }
    else
    {
        g_specificQueries[interface].emplace_back(Simulator::Now(), sources);
        os << " Query Q(" << info.group << (sources.empty() ? "" : ", " + List(sources)) << ")";
    }
    if (v2)
    {
        os << ", S flag " << suppress;
    }
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
    if (group == g_group)
    {
        Log("R if " + std::to_string(interface) + (added ? " adds " : " removes ") + "ff1e::5 " +
            (added ? "to" : "from") + " its listener table");
    }
}

/**
 * \brief MldRouting Forward sink: record data put onto each LAN, by source.
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
    if (header.GetDestination() == g_group)
    {
        g_forwarded[{outInterface, header.GetSource()}].push_back(Simulator::Now());
    }
}

/**
 * \brief Count data a host received, by source.
 * \param host the host's name
 * \param packet the packet
 * \param from its sender
 */
void
HostRx(std::string host, Ptr<const Packet> packet, const Address& from)
{
    ++g_received[{host, Inet6SocketAddress::ConvertFrom(from).GetIpv6()}];
}

/**
 * \brief H2's socket: count data received, by source.
 * \param socket the socket
 */
void
SocketRx(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        HostRx("H2", packet, from);
    }
}

/**
 * \param querier a querier (or nullptr)
 * \param timers include the timers
 * \return the group's state on its link, and what R forwards there
 */
std::string
EntryText(Ptr<MldQuerier> querier, bool timers)
{
    std::ostringstream os;
    std::optional<MldListenerEntry> e = querier->GetListenerEntry(g_group);
    if (querier->GetVersion() == MldVersion::MLDV1)
    {
        os << "MLDv1 router: ";
        if (!e)
        {
            os << "no listeners";
        }
        else
        {
            os << e->state;
            if (timers)
            {
                os << ", timer " << Sec(e->timerRemaining);
            }
        }
    }
    else if (!e)
    {
        os << "no state (INCLUDE {})";
    }
    else
    {
        os << e->filterMode;
        if (e->filterMode == MldFilterMode::EXCLUDE)
        {
            os << " X " << List(e->RunningSources()) << " Y " << List(e->StoppedSources());
            if (timers)
            {
                os << ", filter timer " << Sec(e->timerRemaining);
            }
        }
        else
        {
            os << " " << List(e->RunningSources());
        }
        if (timers)
        {
            for (const MldRouterSourceEntry& s : e->sources)
            {
                if (s.running)
                {
                    os << ", " << Name(s.source) << " timer " << Sec(s.timerRemaining);
                }
            }
        }
        os << (e->olderVersionHostPresent ? ", MLDv1 compatibility mode" : ", MLDv2 mode");
        if (timers && e->olderVersionHostPresent)
        {
            os << " (" << Sec(e->olderHostRemaining) << " left)";
        }
    }
    os << " -> forwards";
    for (Ipv6Address s : g_sources)
    {
        os << " " << Name(s) << (querier->ShouldForward(g_group, s) ? " yes" : " no");
    }
    return os.str();
}

/**
 * \brief Sample R's state for the group on LANs B and C and the hosts' versions; log changes.
 * \param hosts the hosts' names and MLD
 * \param period the sampling period
 */
void
Sample(std::vector<std::pair<std::string, Ptr<MldProtocol>>> hosts, Time period)
{
    for (uint32_t interface : {g_lanB, g_lanC})
    {
        Ptr<MldQuerier> querier = g_routerMld->GetQuerier(interface);
        if (!querier)
        {
            continue;
        }
        std::string key = EntryText(querier, false);
        if (key != g_lastState[interface])
        {
            g_lastState[interface] = key;
            Log("[LAN " + Lan(interface) + " state] " + EntryText(querier, true));
        }
        std::optional<MldListenerEntry> e = querier->GetListenerEntry(g_group);
        bool compat = e && e->olderVersionHostPresent;
        std::vector<std::pair<Time, bool>>& changes = g_compat[interface];
        if (changes.empty() ? compat : changes.back().second != compat)
        {
            changes.emplace_back(Simulator::Now(), compat);
        }
    }
    for (const auto& [name, mld] : hosts)
    {
        auto version = static_cast<uint8_t>(mld->GetVersion(1));
        auto it = g_lastVersion.find(name);
        if (it == g_lastVersion.end() || it->second != version)
        {
            g_lastVersion[name] = version;
            g_versions[name].emplace_back(Simulator::Now(), version);
            Log("[" + name + "] host version now MLDv" + std::to_string(version));
        }
    }
    Simulator::Schedule(period, &Sample, hosts, period);
}

/**
 * \brief H2 sets its socket's filter on the group.
 * \param mld H2's MLD
 * \param socket the socket identifier
 * \param excluded the sources to exclude
 */
void
SetExclude(Ptr<MldProtocol> mld, uint64_t socket, std::vector<Ipv6Address> excluded)
{
    Log("H2: SetSourceFilter(ff1e::5, EXCLUDE " + List(excluded) + ")");
    if (!mld->SetSourceFilter(1, g_group, socket, true, {excluded.begin(), excluded.end()}))
    {
        Log("H2: refused (UNEXPECTED)");
    }
}

/**
 * \brief Replace R's MLDv1 querier on LAN C by an MLDv2 one.
 * \param querier the new querier
 */
void
UpgradeLanC(Ptr<MldQuerier> querier)
{
    Log("R's LAN C interface is upgraded: MLDv1 querier replaced by an MLDv2 one");
    g_routerMld->SetRouter(g_lanC, false);
    g_routerMld->SetVersion(g_lanC, MldHostVersion::MLDV2); // R's own host part follows
    querier->TraceConnectWithoutContext("ListenerAdded", MakeBoundCallback(&ListenerChange, true));
    querier->TraceConnectWithoutContext("ListenerRemoved",
                                        MakeBoundCallback(&ListenerChange, false));
    g_routerMld->SetRouter(g_lanC, true, querier);
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
 * \param from start of an interval
 * \param to end of an interval
 * \return how many are in [from, to)
 */
size_t
CountIn(const std::vector<Time>& times, Time from, Time to)
{
    size_t n = 0;
    for (Time t : times)
    {
        n += t >= from && t < to ? 1 : 0;
    }
    return n;
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string outputDir = "mld-output";
    double stopTime = 80;
    double sourceStart = 1;
    double sourceStop = 75;
    uint32_t rate = 10;
    Time queryInterval = Seconds(10);
    Time queryResponseInterval = Seconds(2);
    Time lastListenerQueryInterval = Seconds(1);
    double upgradeTime = 28;
    uint32_t seed = 1;
    uint32_t run = 1;

    CommandLine cmd(__FILE__);
    cmd.AddValue("outputDir", "Folder for the pcaps", outputDir);
    cmd.AddValue("stopTime", "Simulated seconds", stopTime);
    cmd.AddValue("rate", "Packets per second each source sends", rate);
    cmd.AddValue("queryInterval", "Queriers' Query Interval (and the hosts')", queryInterval);
    cmd.AddValue("queryResponseInterval",
                 "Queriers' Query Response Interval",
                 queryResponseInterval);
    cmd.AddValue("lastListenerQueryInterval",
                 "Queriers' Last Listener Query Interval",
                 lastListenerQueryInterval);
    cmd.AddValue("upgradeTime", "When R's LAN C interface turns to MLDv2 (s)", upgradeTime);
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
    Ptr<Node> h2 = CreateObject<Node>();
    Ptr<Node> h1 = CreateObject<Node>();
    Ptr<Node> h0 = CreateObject<Node>();
    NodeContainer all(router, s1, s2, h2);
    all.Add(h1);
    all.Add(h0);

    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    csma.SetChannelAttribute("Delay", TimeValue(NanoSeconds(6560)));
    NetDeviceContainer devA = csma.Install(NodeContainer(router, s1, s2));
    NetDeviceContainer devB = csma.Install(NodeContainer(router, h2, h1));
    NetDeviceContainer devC = csma.Install(NodeContainer(router, h0));

    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(all);
    Ipv6AddressHelper addresses;
    addresses.SetBase(Ipv6Address("2001:db8:a::"), Ipv6Prefix(64));
    addresses.Assign(devA);
    addresses.SetBase(Ipv6Address("2001:db8:b::"), Ipv6Prefix(64));
    addresses.Assign(devB);
    addresses.SetBase(Ipv6Address("2001:db8:c::"), Ipv6Prefix(64));
    addresses.Assign(devC);

    // Host versions: R, the sources and H2 run MLDv2, H1 MLDv1, H0 negotiates (0). The
    // hosts' QueryInterval sets their Older Version Querier Present Timeout (§9.12).
    MldHelper mld;
    mld.SetListenerAttribute("QueryInterval", TimeValue(queryInterval));
    mld.SetQuerierAttribute("QueryInterval", TimeValue(queryInterval));
    mld.SetQuerierAttribute("QueryResponseInterval", TimeValue(queryResponseInterval));
    mld.SetQuerierAttribute("LastListenerQueryInterval", TimeValue(lastListenerQueryInterval));
    mld.SetListenerAttribute("Version", StringValue("MLDv2"));
    g_routerMld = mld.Install(router);
    mld.Install(s1);
    mld.Install(s2);
    Ptr<MldProtocol> h2Mld = mld.Install(h2);
    mld.SetListenerAttribute("Version", StringValue("MLDv1"));
    Ptr<MldProtocol> h1Mld = mld.Install(h1);
    mld.SetListenerAttribute("Version", StringValue("MLDv2Fallback"));
    Ptr<MldProtocol> h0Mld = mld.Install(h0);
    // Router interfaces: MLDv2 on LANs A and B, MLDv1 on LAN C (until the upgrade).
    mld.SetQuerierAttribute("Version", StringValue("MLDv2"));
    mld.SetRouter(router, {1, g_lanB});
    mld.SetQuerierAttribute("Version", StringValue("MLDv1"));
    mld.SetRouter(router, {g_lanC});
    g_routerMld->SetVersion(g_lanC, MldHostVersion::MLDV1); // R's own host part on LAN C: MLDv1 too
    mld.AssignStreams(all, 100);

    Ptr<MldQuerier> upgraded = CreateObject<MldQuerier>();
    upgraded->SetAttribute("Version", StringValue("MLDv2"));
    upgraded->SetAttribute("QueryInterval", TimeValue(queryInterval));
    upgraded->SetAttribute("QueryResponseInterval", TimeValue(queryResponseInterval));
    upgraded->SetAttribute("LastListenerQueryInterval", TimeValue(lastListenerQueryInterval));
    Simulator::Schedule(Seconds(upgradeTime), &UpgradeLanC, upgraded);

    // The sources send multicast out of their only interface, with a 33:33 MAC.
    Ipv6StaticRoutingHelper staticRouting;
    const uint16_t port = 9;
    const uint32_t packetSize = 100;
    for (Ptr<Node> s : {s1, s2})
    {
        staticRouting.GetStaticRouting(s->GetObject<Ipv6>())
            ->AddNetworkRouteTo(Ipv6Address("ff00::"), Ipv6Prefix(8), 1);
        Ipv6Address address = GlobalAddress(s, 1);
        g_sources.push_back(address);
        g_names[address] = s == s1 ? "S1" : "S2";
        OnOffHelper onoff("ns3::UdpSocketFactory", Inet6SocketAddress(g_group, port));
        onoff.SetConstantRate(DataRate(packetSize * 8 * rate), packetSize);
        ApplicationContainer app = onoff.Install(s);
        app.Start(Seconds(sourceStart));
        app.Stop(Seconds(sourceStop));
    }
    Ipv6Address s1Address = g_sources[0];
    Ipv6Address s2Address = g_sources[1];

    // H2 (MLDv2): a socket on (group, port) and filters set through MldProtocol.
    const uint64_t socketId = 1;
    Ptr<Socket> socket = Socket::CreateSocket(h2, UdpSocketFactory::GetTypeId());
    socket->Bind(Inet6SocketAddress(g_group, port));
    socket->SetRecvCallback(MakeCallback(&SocketRx));
    const double excludeS2 = 14;
    const double allowS2 = 50;
    const double blockS2 = 55;
    Simulator::Schedule(Seconds(2), &SetExclude, h2Mld, socketId, std::vector{s1Address});
    Simulator::Schedule(Seconds(excludeS2),
                        &SetExclude,
                        h2Mld,
                        socketId,
                        std::vector{s1Address, s2Address});
    Simulator::Schedule(Seconds(allowS2), &SetExclude, h2Mld, socketId, std::vector{s1Address});
    Simulator::Schedule(Seconds(blockS2),
                        &SetExclude,
                        h2Mld,
                        socketId,
                        std::vector{s1Address, s2Address});

    // H1 (MLDv1) and H0 (Version 0): any-source joins through MldReceiver.
    const double h1Join = 8;
    const double h1Leave = 24;
    const double h0Join = 5;
    const double h0Leave = 72;
    for (const auto& [node, name, start, stop] :
         std::vector<std::tuple<Ptr<Node>, std::string, double, double>>{
             {h1, "H1", h1Join, h1Leave},
             {h0, "H0", h0Join, h0Leave}})
    {
        Ptr<MldReceiver> receiver = CreateObject<MldReceiver>();
        receiver->SetAttribute("Group", Ipv6AddressValue(g_group));
        receiver->SetAttribute("Port", UintegerValue(port));
        node->AddApplication(receiver);
        receiver->SetStartTime(Seconds(start));
        receiver->SetStopTime(Seconds(stop));
        receiver->TraceConnectWithoutContext("Rx", MakeBoundCallback(&HostRx, name));
        Simulator::Schedule(Seconds(start), &Log, name + " joins ff1e::5 (any source)");
        Simulator::Schedule(Seconds(stop), &Log, name + " leaves ff1e::5");
    }

    // Traces.
    for (const auto& [name, m] :
         std::vector<std::pair<std::string, Ptr<MldProtocol>>>{{"H2", h2Mld},
                                                               {"H1", h1Mld},
                                                               {"H0", h0Mld}})
    {
        m->TraceConnectWithoutContext("Tx", MakeBoundCallback(&HostTx, name));
        m->TraceConnectWithoutContext("V2ReportTx", MakeBoundCallback(&HostV2ReportTx, name));
    }
    g_routerMld->TraceConnectWithoutContext("V2ReportRx", MakeCallback(&RouterV2ReportRx));
    router->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext("Tx",
                                                                    MakeCallback(&RouterIpTx));
    for (uint32_t interface : {g_lanB, g_lanC})
    {
        Ptr<MldQuerier> querier = g_routerMld->GetQuerier(interface);
        querier->TraceConnectWithoutContext("ListenerAdded",
                                            MakeBoundCallback(&ListenerChange, true));
        querier->TraceConnectWithoutContext("ListenerRemoved",
                                            MakeBoundCallback(&ListenerChange, false));
    }
    g_routerMld->GetRouting()->TraceConnectWithoutContext("Forward", MakeCallback(&Forwarded));
    Simulator::Schedule(Seconds(sourceStart), &Log, std::string("S1 and S2 start sending"));
    Simulator::Schedule(Seconds(sourceStop), &Log, std::string("S1 and S2 stop sending"));
    const Time period = MilliSeconds(50);
    Simulator::Schedule(period,
                        &Sample,
                        std::vector<std::pair<std::string, Ptr<MldProtocol>>>{{"H2", h2Mld},
                                                                              {"H1", h1Mld},
                                                                              {"H0", h0Mld}},
                        period);

    csma.EnablePcapAll(outputDir + "/mld-mixed-versions");

    Simulator::Stop(Seconds(stopTime));
    Simulator::Run();

    Ptr<MldQuerier> querierB = g_routerMld->GetQuerier(g_lanB);
    Time maxGap = Seconds(3.0 / rate);
    Time ovhpt = querierB->GetOlderVersionHostPresentTimeout();
    Time llqt = querierB->GetLastListenerQueryTime();
    std::cout << "MLDv1 and MLDv2 hosts, " << stopTime << " s. QueryInterval "
              << Sec(querierB->GetQueryInterval()) << ", QueryResponseInterval "
              << Sec(querierB->GetQueryResponseInterval()) << ", Robustness "
              << querierB->GetRobustness() << ", LastListenerQueryInterval "
              << Sec(querierB->GetLastListenerQueryInterval()) << ": Older Version Host "
              << "Present Timeout " << Sec(ovhpt) << ".\n"
              << "S1 " << s1Address << " and S2 " << s2Address << " send " << rate
              << " pkt/s each to " << g_group << " from " << Sec(Seconds(sourceStart)) << " to "
              << Sec(Seconds(sourceStop)) << ".\n";

    std::cout << "\n== Timeline (messages for ff1e::5; [state] lines: R's state for it, "
                 "sampled every "
              << period.GetMilliSeconds() << " ms; General Queries on LAN B: --verbose)\n";
    for (const auto& [t, text] : g_timeline)
    {
        std::cout << "  " << std::setw(9) << Sec(t) << "  " << text << "\n";
    }

    std::cout << "\n== Data forwarded by R, by LAN and source\n";
    for (uint32_t interface : {g_lanB, g_lanC})
    {
        for (Ipv6Address s : g_sources)
        {
            const std::vector<Time>& fwd = g_forwarded[{interface, s}];
            std::cout << "  LAN " << Lan(interface) << " " << Name(s) << ": " << std::setw(4)
                      << fwd.size() << " packets";
            std::vector<std::pair<Time, Time>> runs = Runs(fwd, maxGap);
            for (size_t i = 0; i < runs.size(); ++i)
            {
                std::cout << (i ? ", " : " (") << Sec(runs[i].first) << " to "
                          << Sec(runs[i].second);
            }
            std::cout << (runs.empty() ? "" : ")") << "\n";
        }
    }
    std::cout << "\n== Data received, by host and source\n";
    for (std::string host : {"H2", "H1", "H0"})
    {
        std::cout << "  " << host << ":";
        for (Ipv6Address s : g_sources)
        {
            std::cout << " " << Name(s) << " " << g_received[{host, s}];
        }
        std::cout << (host == "H2" ? "   (its socket does not drop excluded sources)" : "") << "\n";
    }

    std::cout << "\n== MLDv1 compatibility mode of ff1e::5 at R\n";
    for (uint32_t interface : {g_lanB, g_lanC})
    {
        std::cout << "  LAN " << Lan(interface) << ":";
        for (const auto& [t, on] : g_compat[interface])
        {
            std::cout << " " << (on ? "on " : "off ") << Sec(t) << ";";
        }
        std::cout << "\n";
    }
    std::cout << "  MLDv1 Reports for ff1e::5: H1 last at "
              << (g_v1Reports["H1"].empty() ? "never" : Sec(g_v1Reports["H1"].back()))
              << ", H0 last at "
              << (g_v1Reports["H0"].empty() ? "never" : Sec(g_v1Reports["H0"].back())) << "\n";
    std::cout << "\n== Host versions\n";
    for (std::string host : {"H2", "H1", "H0"})
    {
        std::cout << "  " << host << ":";
        for (const auto& [t, v] : g_versions[host])
        {
            std::cout << " MLDv" << +v << " from " << Sec(t) << ";";
        }
        std::cout << "\n";
    }
    Time lastV1QueryC = g_v1Queries[g_lanC].empty() ? Seconds(-1) : g_v1Queries[g_lanC].back();
    std::cout << "  last MLDv1 General Query on LAN C at " << Sec(lastV1QueryC)
              << "; H0's Older Version Querier Present Timeout "
              << Sec(queryInterval * 2 + queryResponseInterval) << "\n";

    // Checks of what the example is meant to show (with the default options).
    const std::vector<Time>& s1B = g_forwarded[{g_lanB, s1Address}];
    const std::vector<Time>& s2B = g_forwarded[{g_lanB, s2Address}];
    auto compatEnd = [](uint32_t interface) {
        const auto& c = g_compat[interface];
        return c.size() >= 2 && !c.back().second ? c.back().first : Seconds(-1);
    };
    Time endB = compatEnd(g_lanB);
    Time endC = compatEnd(g_lanC);
    Time expectB = g_v1Reports["H1"].empty() ? Seconds(-1) : g_v1Reports["H1"].back() + ovhpt;
    Time expectC = g_v1Reports["H0"].empty() ? Seconds(-1) : g_v1Reports["H0"].back() + ovhpt;
    bool queriedS2InCompat = false;
    bool queriedS2After = false;
    for (const auto& [t, sources] : g_specificQueries[g_lanB])
    {
        bool s2 = std::find(sources.begin(), sources.end(), s2Address) != sources.end();
        queriedS2InCompat |= s2 && t >= Seconds(excludeS2) && t < Seconds(excludeS2 + 2);
        queriedS2After |= s2 && t >= Seconds(blockS2) && t < Seconds(blockS2) + llqt;
    }
    const auto& h0Versions = g_versions["H0"];
    bool h0FellBack = h0Versions.size() >= 3 && h0Versions[0].second == 2 &&
                      h0Versions[1].second == 1 && h0Versions[2].second == 2;
    Time h0Back = h0FellBack ? h0Versions[2].first : Seconds(-1);
    Time expectH0 = lastV1QueryC + queryInterval * 2 + queryResponseInterval;
    Time tolerance = period + MilliSeconds(1);
    std::cout << "\n== Checks (default options)\n";
    for (const auto& [ok, text] : std::vector<std::pair<bool, std::string>>{
             {CountIn(s1B, Seconds(2.1), Seconds(h1Join)) == 0 &&
                  CountIn(s2B, Seconds(2.1), Seconds(h1Join)) > 0,
              "MLDv2 only (2-8 s): S1 excluded, not forwarded onto LAN B; S2 forwarded"},
             {CountIn(s1B, Seconds(h1Join + 0.1), Seconds(h1Leave)) > 0,
              "H1 (MLDv1) listening: S1 forwarded onto LAN B as well"},
             {g_ignoredBlocks > 0 && !queriedS2InCompat &&
                  CountIn(s2B, Seconds(excludeS2), Seconds(h1Leave)) >=
                      (h1Leave - excludeS2) * rate - 1,
              "compatibility mode: BLOCK(S2) ignored, no query for S2, S2 kept flowing"},
             {endB.IsPositive() && Abs(endB - expectB) <= tolerance,
              "LAN B back to MLDv2 " + Sec(ovhpt) + " after H1's last MLDv1 Report (at " +
                  Sec(endB) + ")"},
             {queriedS2After && CountIn(s2B, Seconds(blockS2) + llqt, Seconds(sourceStop)) == 0 &&
                  CountIn(s2B, Seconds(allowS2) + maxGap, Seconds(blockS2)) > 0,
              "MLDv2 again: ALLOW(S2) honoured, BLOCK(S2) queried and S2 stopped within " +
                  Sec(llqt)},
             {h0FellBack && Abs(h0Back - expectH0) <= tolerance,
              "H0 fell back to MLDv1 under the MLDv1 querier, back to MLDv2 22 s after the "
              "last MLDv1 query (at " +
                  Sec(h0Back) + ")"},
             {endC.IsPositive() && Abs(endC - expectC) <= tolerance,
              "LAN C (upgraded) back to MLDv2 " + Sec(ovhpt) +
                  " after H0's last MLDv1 Report (at " + Sec(endC) + ")"}})
    {
        std::cout << "  " << (ok ? "yes  " : "NO   ") << text << "\n";
    }

    std::cout << "\npcaps: " << outputDir << "/mld-mixed-versions-<node>-<device>.pcap (R is "
              << "node 0, S1 1, S2 2, H2 3, H1 4, H0 5; R's devices 0, 1, 2 are on LANs A, B, C)\n";
    Simulator::Destroy();
    g_routerMld = nullptr;
    return 0;
}
