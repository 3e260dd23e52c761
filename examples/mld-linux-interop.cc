/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * One ns-3 node on a real Linux interface, in real time: MLD against the
 * Linux kernel. Its FdNetDevice uses a packet socket on --device (MTU 1500),
 * a veth end whose peer is a port of a Linux bridge doing MLD snooping (and
 * maybe querying), with Linux hosts on other ports.
 *
 * --mode=host: join --group at --joinAt and leave it at --leaveAt (0: never)
 * as an MLDv1 or MLDv2 host (--hostVersion 1, 2, or 0: MLDv2 falling back to
 * MLDv1 under an MLDv1 querier); with --source, source-specifically (RFC 3678
 * join-source-group: INCLUDE {source}). The bridge should learn the group
 * (bridge mdb show) and forget it after the leave. --mode=querier: the router
 * part, MLDv1 or MLDv2 (--querierVersion); groups that Linux hosts join should
 * enter its listener table, with their filter mode and sources in MLDv2.
 *
 * Needs root (a PF_PACKET socket; exit status 77 without one); give the
 * interface no IPv6 of its own. scripts/linux-interop-test.sh builds the
 * topology, runs both modes and parses the output: START epoch=<wall clock at
 * time 0>, then "<KIND> t=<s> node=ns3 key=value..." lines (MldTraceLogger):
 * TX, RX, V2TX, V2RX, DROP, LISTENER_ADDED/REMOVED, SOURCE, QUERIER; JOIN and
 * LEAVE (host mode: group=.. [source=..] version=1|2|none, of the message the
 * call sent, [REFUSED]); HAS_LISTENERS group=.. yes|no and ENTRY every
 * --tableEvery s (querier mode); at the end TABLE lines (FormatEntry), records.
 *
 *   ip netns exec <ns> build/bin/mld-linux-interop --device=<veth> --mode=querier
 */

#include "ns3/core-module.h"
#include "ns3/fd-net-device-module.h"
#include "ns3/internet-module.h"
#include "ns3/mld-module.h"
#include "ns3/network-module.h"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <sys/socket.h>

using namespace ns3;

namespace
{
const std::string NAME = "ns3"; //!< the node's name in the output

/**
 * \param device a Linux interface
 * \return a promiscuous PF_PACKET socket bound to it, blind to what the kernel itself
 *         sends there; exits with 77 if there can be none
 */
int
OpenPacketSocket(const std::string& device)
{
    int fd = socket(PF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    unsigned ifindex = if_nametoindex(device.c_str());
    sockaddr_ll ll{AF_PACKET, htons(ETH_P_ALL), static_cast<int>(ifindex), 0, 0, 0, {}};
    packet_mreq mr{static_cast<int>(ifindex), PACKET_MR_PROMISC, 0, {}};
    if (fd < 0 || ifindex == 0 || bind(fd, reinterpret_cast<sockaddr*>(&ll), sizeof(ll)) < 0 ||
        setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)) < 0)
    {
        std::cerr << "mld-linux-interop: no packet socket on " << device << ": "
                  << (ifindex == 0 ? "no such interface" : strerror(errno))
                  << " (needs root and the interface in this network namespace)" << std::endl;
        exit(77);
    }
#ifdef PACKET_IGNORE_OUTGOING
    int one = 1; // frames the kernel itself sends on this interface are not ns-3's input
    setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one));
#endif
    return fd;
}

/// \brief Print the wall clock at simulated time 0, for the driver script.
void
PrintStart()
{
    auto wall = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch());
    std::cout << "START epoch=" << std::fixed << std::setprecision(6) << wall.count() << std::endl;
}

/// What host mode joins: a group, from one source or (::) from any.
struct Subscription
{
    Ipv6Address group;  //!< the group
    Ipv6Address source; //!< the source, :: for any
};

/**
 * \brief Host mode: join (or leave), and print JOIN (LEAVE) with the version of the
 * message the call sent. \param logger the output \param mld the node's MLD
 * \param c what to join \param join join (else leave)
 */
void
Change(Ptr<MldTraceLogger> logger, Ptr<MldProtocol> mld, Subscription c, bool join)
{
    MldInterfaceStatistics before = mld->GetStatistics(1);
    bool ok = c.source.IsAny() ? (join ? mld->Join(1, c.group) : mld->Leave(1, c.group))
                               : (join ? mld->JoinSource(1, c.group, c.source, 1)
                                       : mld->LeaveSource(1, c.group, c.source, 1));
    MldInterfaceStatistics after = mld->GetStatistics(1);
    bool v1 = after.outReports > before.outReports || after.outDones > before.outDones;
    std::ostringstream os;
    os << "group=" << c.group;
    if (!c.source.IsAny())
    {
        os << " source=" << c.source;
    }
    os << " version=" << (v1 ? "1" : (after.outV2Reports > before.outV2Reports ? "2" : "none"))
       << (ok ? "" : " REFUSED");
    logger->Print(join ? "JOIN" : "LEAVE", NAME, os.str());
}

/**
 * \brief Querier mode: print whether the group has listeners, and its entry.
 * \param logger the output \param querier the querier \param group the group
 */
void
ReportListeners(Ptr<MldTraceLogger> logger, Ptr<MldQuerier> querier, Ipv6Address group)
{
    std::ostringstream os;
    os << "group=" << group << " " << (querier->HasListeners(group) ? "yes" : "no");
    logger->Print("HAS_LISTENERS", NAME, os.str());
    logger->PrintEntry(querier, NAME, group);
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string device = "mldi-n3";
    std::string mode = "host";
    std::string group = "ff15::1234";
    std::string mac = "02:4d:4c:44:00:01";
    std::string source;
    double joinAt = 3;
    double leaveAt = 0;
    double duration = 20;
    double tableEvery = 0;
    Time queryInterval = Seconds(5);
    Time queryResponseInterval = Seconds(2);
    Time lastListenerQueryInterval = Seconds(1);
    uint32_t hostVersion = 1;
    uint32_t querierVersion = 1;

    CommandLine cmd(__FILE__);
    cmd.AddValue("device", "Linux interface to take over (packet socket, needs root)", device);
    cmd.AddValue("mode", "host (join and leave --group) or querier (MLD router)", mode);
    cmd.AddValue("group", "Group to join (host) or to watch (querier)", group);
    cmd.AddValue("mac", "MAC address of the ns-3 node", mac);
    cmd.AddValue("source", "Host mode: join --group from this source only (empty: any)", source);
    cmd.AddValue("joinAt", "Host mode: when to join, in seconds", joinAt);
    cmd.AddValue("leaveAt", "Host mode: when to leave, in seconds (0: never)", leaveAt);
    cmd.AddValue("duration", "Seconds of real time to run", duration);
    cmd.AddValue("tableEvery", "Querier mode: print HAS_LISTENERS every so many s", tableEvery);
    cmd.AddValue("queryInterval", "Querier's Query Interval", queryInterval);
    cmd.AddValue("queryResponseInterval", "Querier's QRI", queryResponseInterval);
    cmd.AddValue("lastListenerQueryInterval", "Querier's LLQI", lastListenerQueryInterval);
    cmd.AddValue("hostVersion", "Host version: 1, 2, or 0 (MLDv2 with fallback)", hostVersion);
    cmd.AddValue("querierVersion", "Querier mode: router version, 1 or 2", querierVersion);
    cmd.Parse(argc, argv);

    in6_addr parsed{}; // Ipv6Address does not validate its input
    if ((mode != "host" && mode != "querier") || hostVersion > 2 || querierVersion < 1 ||
        querierVersion > 2 || !Ipv6Address(group.c_str()).IsMulticast() ||
        (!source.empty() && (mode != "host" || inet_pton(AF_INET6, source.c_str(), &parsed) != 1 ||
                             Ipv6Address(source.c_str()).IsMulticast())))
    {
        std::cerr << "mld-linux-interop: bad option (see --PrintHelp)" << std::endl;
        return 2;
    }
    Subscription subscription{Ipv6Address(group.c_str()),
                              source.empty() ? Ipv6Address::GetAny() : Ipv6Address(source.c_str())};
    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    Simulator::ScheduleNow(&PrintStart); // before the node's own initialization
    Ptr<Node> node = CreateObject<Node>();
    NetDeviceContainer devices = FdNetDeviceHelper().Install(node);
    Ptr<FdNetDevice> fdDevice = DynamicCast<FdNetDevice>(devices.Get(0));
    fdDevice->SetAddress(Mac48Address(mac.c_str()));
    fdDevice->SetIsMulticast(true);
    fdDevice->SetFileDescriptor(OpenPacketSocket(device));

    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(node);
    Ipv6AddressHelper().AssignWithoutAddress(devices); // link-local only, interface 1

    MldHelper mld;
    mld.SetQuerierAttribute("QueryInterval", TimeValue(queryInterval));
    mld.SetQuerierAttribute("QueryResponseInterval", TimeValue(queryResponseInterval));
    mld.SetQuerierAttribute("LastListenerQueryInterval", TimeValue(lastListenerQueryInterval));
    // 0: MLDv2 that falls back to MLDv1 while an MLDv1 querier is present (RFC 9777 §8.2.1).
    mld.SetListenerAttribute(
        "Version",
        StringValue(hostVersion == 0 ? "MLDv2Fallback" : (hostVersion == 1 ? "MLDv1" : "MLDv2")));
    mld.SetQuerierAttribute("Version", StringValue(querierVersion == 1 ? "MLDv1" : "MLDv2"));
    Ptr<MldProtocol> protocol = mld.Install(node);
    Ptr<MldQuerier> querier;
    if (mode == "querier")
    {
        mld.SetRouter(node);
        querier = protocol->GetQuerier(1);
    }

    Ptr<MldTraceLogger> logger = Create<MldTraceLogger>(std::cout);
    logger->Connect(node, NAME);
    for (double t = tableEvery; querier && tableEvery > 0 && t < duration; t += tableEvery)
    {
        Simulator::Schedule(Seconds(t), &ReportListeners, logger, querier, subscription.group);
    }
    for (auto [at, join] : {std::make_pair(joinAt, true), std::make_pair(leaveAt, false)})
    {
        if (!querier && (join || at > 0)) // --leaveAt 0: never
        {
            Simulator::Schedule(Seconds(at), &Change, logger, protocol, subscription, join);
        }
    }

    std::cout << "# mld-linux-interop mode=" << mode << " device=" << device << " mac=" << mac
              << " group=" << group << (source.empty() ? "" : " source=" + source)
              << " hostVersion=" << hostVersion << " querierVersion=" << querierVersion
              << " duration=" << duration << std::endl;
    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    if (querier)
    {
        ReportListeners(logger, querier, subscription.group);
        for (const MldListenerEntry& entry : querier->GetListenerTable())
        {
            std::cout << "TABLE " << MldTraceLogger::FormatEntry(entry) << std::endl;
        }
    }
    std::cout << "== Records" << std::endl;
    protocol->PrintRecords(Create<OutputStreamWrapper>(&std::cout));
    logger->Print("END", NAME, "");
    logger->SetEnabled(false); // what Simulator::Destroy() tears down is no event
    Simulator::Destroy();
    return 0;
}
