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
 * --mode=proxy: the node is an MLD proxy (RFC 4605, MldProxyHelper) whose upstream
 * interface is --device and whose downstream interface is a simulated CSMA LAN with
 * --listeners ns-3 hosts (MLDv2 with fallback, named L1, L2, ...). Host k (from 0)
 * joins --group (with --source: source-specifically) at --joinAt + k x --stagger and
 * leaves at --leaveAt - (listeners - 1 - k) x --stagger: the first to join is the
 * first to leave, the last leave is at --leaveAt. The proxy's upstream host part
 * (--hostVersion) reports the merged membership to the Linux bridge; its downstream
 * router part is an MLDv1 or MLDv2 querier (--querierVersion, --queryInterval, ...).
 *
 * Needs root (a PF_PACKET socket; exit status 77 without one); give the
 * interface no IPv6 of its own. scripts/linux-interop-test.sh builds the
 * topology, runs the modes and parses the output: START epoch=<wall clock at
 * time 0>, then "<KIND> t=<s> node=ns3 key=value..." lines (MldTraceLogger):
 * TX, RX, V2TX, V2RX, DROP, LISTENER_ADDED/REMOVED, SOURCE, QUERIER, PROXY_DB (of the
 * ns-3 node: "ns3", the proxy in proxy mode, whose lines carry if=1 upstream and
 * if=2 downstream); JOIN and LEAVE (host and proxy modes: group=.. [source=..]
 * version=1|2|none, of the message the call sent, [REFUSED]; node=ns3, or the
 * listener L1, L2, ...); HAS_LISTENERS group=.. yes|no and ENTRY every --tableEvery s
 * (querier mode); at the end TABLE lines (FormatEntry, querier mode), the proxy's
 * database (proxy mode), records.
 *
 *   ip netns exec <ns> build/bin/mld-linux-interop --device=<veth> --mode=querier
 *   ip netns exec <ns> build/bin/mld-linux-interop --device=<veth> --mode=proxy \
 *       --querierVersion=2 --joinAt=2 --leaveAt=12
 */

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
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
 * \brief Host and proxy modes: a host joins (or leaves) on its interface 1, and JOIN
 * (LEAVE) is printed with the version of the message the call sent.
 * \param logger the output \param name the host's name in the output
 * \param mld the host's MLD \param c what to join \param join join (else leave)
 */
void
Change(Ptr<MldTraceLogger> logger,
       std::string name,
       Ptr<MldProtocol> mld,
       Subscription c,
       bool join)
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
    logger->Print(join ? "JOIN" : "LEAVE", name, os.str());
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
    uint32_t listeners = 2;
    double stagger = 1;

    CommandLine cmd(__FILE__);
    cmd.AddValue("device", "Linux interface to take over (packet socket, needs root)", device);
    cmd.AddValue("mode",
                 "host (join and leave --group), querier (MLD router) or proxy (MLD proxy, "
                 "upstream --device, downstream a CSMA LAN of ns-3 listeners)",
                 mode);
    cmd.AddValue("group", "Group to join (host, proxy) or to watch (querier)", group);
    cmd.AddValue("mac", "MAC address of the ns-3 node", mac);
    cmd.AddValue("source",
                 "Host, proxy modes: join --group from this source only (empty: any)",
                 source);
    cmd.AddValue("joinAt", "Host, proxy modes: when (the first) to join, in seconds", joinAt);
    cmd.AddValue("leaveAt",
                 "Host, proxy modes: when (the last) to leave, in seconds (0: never)",
                 leaveAt);
    cmd.AddValue("listeners", "Proxy mode: ns-3 listeners on the downstream LAN", listeners);
    cmd.AddValue("stagger", "Proxy mode: seconds between the listeners' joins", stagger);
    cmd.AddValue("duration", "Seconds of real time to run", duration);
    cmd.AddValue("tableEvery", "Querier mode: print HAS_LISTENERS every so many s", tableEvery);
    cmd.AddValue("queryInterval", "Querier's (proxy: downstream) Query Interval", queryInterval);
    cmd.AddValue("queryResponseInterval", "Querier's QRI", queryResponseInterval);
    cmd.AddValue("lastListenerQueryInterval", "Querier's LLQI", lastListenerQueryInterval);
    cmd.AddValue("hostVersion",
                 "Host (proxy: upstream) version: 1, 2, or 0 (MLDv2 with fallback)",
                 hostVersion);
    cmd.AddValue("querierVersion",
                 "Querier (proxy: downstream) router version, 1 or 2",
                 querierVersion);
    cmd.Parse(argc, argv);

    in6_addr parsed{}; // Ipv6Address does not validate its input
    const bool proxyMode = mode == "proxy";
    if ((mode != "host" && mode != "querier" && !proxyMode) || hostVersion > 2 ||
        querierVersion < 1 || querierVersion > 2 || !Ipv6Address(group.c_str()).IsMulticast() ||
        (proxyMode && (listeners < 1 || stagger < 0)) ||
        (!source.empty() &&
         (mode == "querier" || inet_pton(AF_INET6, source.c_str(), &parsed) != 1 ||
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

    // Proxy mode: the downstream LAN, the proxy's interface 2 and the listeners' 1.
    NodeContainer hosts;
    NetDeviceContainer lan;
    if (proxyMode)
    {
        hosts.Create(listeners);
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
        lan = csma.Install(NodeContainer(NodeContainer(node), hosts));
    }

    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(node);
    stack.Install(hosts);
    Ipv6AddressHelper().AssignWithoutAddress(devices); // link-local only, interface 1
    Ipv6AddressHelper().AssignWithoutAddress(lan);

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
    Ptr<MldProxy> proxy;
    if (mode == "querier")
    {
        mld.SetRouter(node);
        querier = protocol->GetQuerier(1);
    }
    else if (proxyMode)
    {
        // The listeners follow their querier's version (the proxy's downstream part).
        mld.SetListenerAttribute("Version", StringValue("MLDv2Fallback"));
        mld.Install(hosts);
        MldProxyHelper proxyHelper;
        proxyHelper.SetQuerierAttribute("Version",
                                        StringValue(querierVersion == 1 ? "MLDv1" : "MLDv2"));
        proxyHelper.SetQuerierAttribute("QueryInterval", TimeValue(queryInterval));
        proxyHelper.SetQuerierAttribute("QueryResponseInterval", TimeValue(queryResponseInterval));
        proxyHelper.SetQuerierAttribute("LastListenerQueryInterval",
                                        TimeValue(lastListenerQueryInterval));
        proxy = proxyHelper.Install(node, 1, {2});
    }

    Ptr<MldTraceLogger> logger = Create<MldTraceLogger>(std::cout);
    logger->Connect(node, NAME);
    for (double t = tableEvery; querier && tableEvery > 0 && t < duration; t += tableEvery)
    {
        Simulator::Schedule(Seconds(t), &ReportListeners, logger, querier, subscription.group);
    }
    // Host mode: the node joins and leaves. Proxy mode: listener k from 0 joins at
    // joinAt + k x stagger and leaves at leaveAt - (listeners - 1 - k) x stagger.
    const uint32_t joiners = proxyMode ? listeners : 1;
    for (uint32_t k = 0; !querier && k < joiners; ++k)
    {
        Ptr<Node> host = proxyMode ? hosts.Get(k) : node;
        std::string name = proxyMode ? "L" + std::to_string(k + 1) : NAME;
        Ptr<MldProtocol> hostMld = host->GetObject<MldProtocol>();
        Simulator::Schedule(Seconds(joinAt + k * stagger),
                            &Change,
                            logger,
                            name,
                            hostMld,
                            subscription,
                            true);
        if (leaveAt > 0) // --leaveAt 0: never
        {
            Simulator::Schedule(Seconds(leaveAt - (joiners - 1 - k) * stagger),
                                &Change,
                                logger,
                                name,
                                hostMld,
                                subscription,
                                false);
        }
    }

    std::cout << "# mld-linux-interop mode=" << mode << " device=" << device << " mac=" << mac
              << " group=" << group << (source.empty() ? "" : " source=" + source)
              << " hostVersion=" << hostVersion << " querierVersion=" << querierVersion;
    if (proxyMode)
    {
        std::cout << " listeners=" << listeners << " stagger=" << stagger;
    }
    std::cout << " duration=" << duration << std::endl;
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
    if (proxy)
    {
        std::cout << "== Proxy database" << std::endl;
        proxy->PrintDatabase(Create<OutputStreamWrapper>(&std::cout));
    }
    std::cout << "== Records" << std::endl;
    protocol->PrintRecords(Create<OutputStreamWrapper>(&std::cout));
    logger->Print("END", NAME, "");
    logger->SetEnabled(false); // what Simulator::Destroy() tears down is no event
    Simulator::Destroy();
    return 0;
}
