/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * The ns-3 half of the side-by-side comparison with Linux's snooping bridge
 * (scripts/linux-interop-test.sh, cases s-*): an MLD-snooping bridge whose port 0 links
 * an MLD router R (the LAN's querier) and whose ports 1 to --hosts link hosts H1, H2 ...
 * of one MLD version (--mldVersion), which join and leave groups as --script says.
 *
 *            R  (MldQuerier, --mldVersion, --queryInterval ...)
 *            |  port 0
 *   +------------------------+
 *   |  SW (snooping bridge)  |   MulticastListenerInterval --memberInterval,
 *   +------------------------+   LastListenerQueryCount --lastMemberCount,
 *     |  port 1 |  port 2 |  3   LastListenerQueryInterval --lastListenerQueryInterval
 *     H1        H2        H3
 *
 * --script: actions separated by ';', each "TIME hK join|leave GROUP [SOURCE]" (a
 * source: join-source-group, RFC 3678), e.g. "1 h1 join ff15::1; 8 h1 leave ff15::1",
 * words separated by spaces or commas: ns-3's CommandLine (3.37) cuts a string option at
 * its first space, so write "1,h1,join,ff15::1;8,h1,leave,ff15::1" on a command line.
 * "TIME hK mute": the host falls silent (its device sends nothing more) without leaving,
 * so that its port's memberships age out after the membership interval.
 * The Linux half runs the same script with Linux hosts in network namespaces.
 *
 * Output, every --sample s from 0 to --duration: "MDB t=<s>" and then the MDB's lines as
 * "port/group/source/mode" (source * for the port's group line; sources blocked in
 * EXCLUDE mode are left out, as Linux lists no (S,G) entry for them); also "ADD"/"REMOVE"
 * lines from the MdbEntryAdded/MdbEntryRemoved traces and "JOIN"/"LEAVE" lines, all with
 * t=<s>; at the end the MDB as `bridge mdb show` prints it.
 *
 *   ./ns3 run "mld-snooping-compare --mldVersion=2 --script=1,h1,join,ff15::1;8,h1,leave,ff15::1"
 */

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/mld-module.h"
#include "ns3/network-module.h"

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("MldSnoopingCompare");

namespace
{

/// One action of the script.
struct Action
{
    double at{0};       //!< when, in seconds
    uint32_t host{0};   //!< host number, from 1 (port number)
    std::string verb;   //!< join, leave or mute
    Ipv6Address group;  //!< the group
    Ipv6Address source; //!< the source, :: for any
    std::string text;   //!< the action as written
};

/**
 * \brief Parse --script.
 * \param script actions separated by ';': "TIME hK join|leave GROUP [SOURCE]" or
 *        "TIME hK mute", words separated by spaces or commas
 * \param hosts the number of hosts
 * \param actions the actions, in the order written
 * \return an empty string, or what is wrong
 */
std::string
ParseScript(const std::string& script, uint32_t hosts, std::vector<Action>& actions)
{
    std::istringstream all(script);
    std::string item;
    while (std::getline(all, item, ';'))
    {
        std::replace(item.begin(), item.end(), ',', ' ');
        std::istringstream words(item);
        std::string host;
        std::string group;
        std::string source;
        std::string extra;
        Action a;
        if (!(words >> a.at))
        {
            if (item.find_first_not_of(" \t\n") == std::string::npos)
            {
                continue; // an empty item, as after a final ';'
            }
            return "no time in '" + item + "'";
        }
        words >> host >> a.verb >> group >> source >> extra;
        a.text = item.substr(item.find_first_not_of(" \t\n"));
        a.host = host.size() > 1 && host[0] == 'h' ? std::atoi(host.c_str() + 1) : 0;
        a.source = Ipv6Address::GetAny();
        bool mute = a.verb == "mute" && group.empty();
        bool change = (a.verb == "join" || a.verb == "leave") &&
                      MldScenarioParseAddress(group, a.group) && a.group.IsMulticast() &&
                      extra.empty() &&
                      (source.empty() ||
                       (MldScenarioParseAddress(source, a.source) && !a.source.IsMulticast()));
        if (a.at < 0 || a.host < 1 || a.host > hosts || (!mute && !change))
        {
            return "bad action '" + a.text +
                   "' (TIME hK join|leave GROUP [SOURCE], or TIME hK mute; K from 1 to " +
                   std::to_string(hosts) + ")";
        }
        actions.push_back(a);
    }
    return actions.empty() ? "no action" : "";
}

/**
 * \brief Run one action on its host's interface 1.
 * \param mld the host's MLD
 * \param device the host's device
 * \param a the action
 */
void
Act(Ptr<MldProtocol> mld, Ptr<CsmaNetDevice> device, Action a)
{
    std::cout << (a.verb == "join" ? "JOIN" : (a.verb == "leave" ? "LEAVE" : "MUTE"))
              << " t=" << std::fixed << std::setprecision(3) << Simulator::Now().GetSeconds()
              << " host=h" << a.host;
    if (a.verb == "mute")
    {
        // The host falls silent, as if gone without a leave: its memberships stay, but
        // nothing it sends leaves its device (on Linux: a blackhole qdisc).
        device->SetSendEnable(false);
        std::cout << "\n";
        return;
    }
    const bool join = a.verb == "join";
    bool ok = a.source.IsAny() ? (join ? mld->Join(1, a.group) : mld->Leave(1, a.group))
                               : (join ? mld->JoinSource(1, a.group, a.source, 1)
                                       : mld->LeaveSource(1, a.group, a.source, 1));
    std::cout << " group=" << a.group;
    if (!a.source.IsAny())
    {
        std::cout << " source=" << a.source;
    }
    std::cout << (ok ? "" : " REFUSED") << "\n";
}

/**
 * \brief Print one sample of the MDB, on one line.
 * \param bridge the bridge
 */
void
Sample(Ptr<MldSnoopingBridgeNetDevice> bridge)
{
    std::cout << "MDB t=" << std::fixed << std::setprecision(3) << Simulator::Now().GetSeconds();
    for (const MldSnoopingMdbEntry& line : bridge->GetMdb())
    {
        if (!line.source.IsAny() && line.exclude)
        {
            continue; // a blocked source (EXCLUDE mode, timer 0)
        }
        std::cout << " " << line.port << "/" << line.group << "/";
        if (line.source.IsAny())
        {
            std::cout << "*";
        }
        else
        {
            std::cout << line.source;
        }
        std::cout << "/" << (line.exclude ? "exclude" : "include");
    }
    std::cout << "\n";
}

/**
 * \brief MdbEntryAdded / MdbEntryRemoved sink.
 * \param what ADD or REMOVE
 * \param group the group
 * \param port the port
 */
void
OnMdb(std::string what, Ipv6Address group, uint32_t port)
{
    std::cout << what << " t=" << std::fixed << std::setprecision(3)
              << Simulator::Now().GetSeconds() << " port=" << port << " group=" << group << "\n";
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t version = 2;
    uint32_t hosts = 3;
    std::string script = "1 h1 join ff15::1; 2 h2 join ff15::1; 8 h1 leave ff15::1; 12 h2 "
                         "leave ff15::1";
    Time queryInterval = Seconds(4);
    Time queryResponseInterval = Seconds(1);
    Time lastListenerQueryInterval = Seconds(1);
    Time memberInterval = Seconds(9);
    uint32_t lastMemberCount = 2;
    double sample = 0.2;
    double duration = 16;

    CommandLine cmd(__FILE__);
    cmd.AddValue("mldVersion", "MLD version of the querier and the hosts: 1 or 2", version);
    cmd.AddValue("hosts", "Hosts, on ports 1 to hosts", hosts);
    cmd.AddValue("script",
                 "Actions 'TIME,hK,join|leave,GROUP[,SOURCE]' or 'TIME,hK,mute', separated by ';'",
                 script);
    cmd.AddValue("queryInterval", "Querier's Query Interval", queryInterval);
    cmd.AddValue("queryResponseInterval",
                 "Querier's Query Response Interval",
                 queryResponseInterval);
    cmd.AddValue("lastListenerQueryInterval",
                 "Querier's and bridge's Last Listener Query Interval",
                 lastListenerQueryInterval);
    cmd.AddValue("memberInterval",
                 "Bridge's MulticastListenerInterval (Linux mcast_membership_interval)",
                 memberInterval);
    cmd.AddValue("lastMemberCount",
                 "Bridge's LastListenerQueryCount (Linux mcast_last_member_count)",
                 lastMemberCount);
    cmd.AddValue("sample", "Seconds between two MDB samples", sample);
    cmd.AddValue("duration", "Simulated seconds", duration);
    cmd.Parse(argc, argv);

    std::vector<Action> actions;
    std::string error = ParseScript(script, hosts, actions);
    if (version < 1 || version > 2 || hosts < 1 || sample <= 0 || lastMemberCount < 1 ||
        !error.empty())
    {
        std::cerr << "mld-snooping-compare: bad option"
                  << (error.empty() ? " (see --PrintHelp)" : ": " + error) << std::endl;
        return 2;
    }
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    NodeContainer ends(hosts + 1); // R, H1 ...
    Ptr<Node> sw = CreateObject<Node>();
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    MldSnoopingBridgeHelper bridgeHelper;
    bridgeHelper.SetDeviceAttribute("MulticastListenerInterval", TimeValue(memberInterval));
    bridgeHelper.SetDeviceAttribute("LastListenerQueryCount", UintegerValue(lastMemberCount));
    bridgeHelper.SetDeviceAttribute("LastListenerQueryInterval",
                                    TimeValue(lastListenerQueryInterval));
    NetDeviceContainer endDevices;
    Ptr<MldSnoopingBridgeNetDevice> bridge = DynamicCast<MldSnoopingBridgeNetDevice>(
        bridgeHelper.InstallStar(sw, ends, csma, &endDevices).Get(0));

    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(ends);
    Ipv6AddressHelper().AssignWithoutAddress(endDevices); // link-local only, as the Linux peers

    const std::string v = version == 1 ? "MLDv1" : "MLDv2";
    MldHelper mld;
    mld.SetQuerierAttribute("Version", StringValue(v));
    mld.SetQuerierAttribute("QueryInterval", TimeValue(queryInterval));
    mld.SetQuerierAttribute("QueryResponseInterval", TimeValue(queryResponseInterval));
    mld.SetQuerierAttribute("LastListenerQueryInterval", TimeValue(lastListenerQueryInterval));
    mld.SetListenerAttribute("Version", StringValue(v));
    mld.Install(ends);
    mld.SetRouter(ends.Get(0));
    mld.AssignStreams(ends, 100);

    for (const Action& a : actions)
    {
        Simulator::Schedule(Seconds(a.at),
                            &Act,
                            ends.Get(a.host)->GetObject<MldProtocol>(),
                            DynamicCast<CsmaNetDevice>(endDevices.Get(a.host)),
                            a);
    }
    for (uint64_t k = 0; k * sample <= duration + 1e-9; ++k)
    {
        Simulator::Schedule(Seconds(k * sample), &Sample, bridge);
    }
    bridge->TraceConnectWithoutContext("MdbEntryAdded",
                                       MakeBoundCallback(&OnMdb, std::string("ADD")));
    bridge->TraceConnectWithoutContext("MdbEntryRemoved",
                                       MakeBoundCallback(&OnMdb, std::string("REMOVE")));

    std::cout << "# mld-snooping-compare version=" << version << " hosts=" << hosts
              << " queryInterval=" << queryInterval.GetSeconds()
              << " queryResponseInterval=" << queryResponseInterval.GetSeconds()
              << " lastListenerQueryInterval=" << lastListenerQueryInterval.GetSeconds()
              << " memberInterval=" << memberInterval.GetSeconds()
              << " lastMemberCount=" << lastMemberCount << " script=" << script << "\n";
    Simulator::Stop(Seconds(duration + sample / 2));
    Simulator::Run();
    std::cout << "== MDB at the end\n";
    bridge->PrintMdb(std::cout);
    Simulator::Destroy();
    return 0;
}
