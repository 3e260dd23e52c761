/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * One ns-3 node on a real Linux interface, in real time: MLD against the
 * Linux kernel (a bridge doing MLD snooping and querying, or Linux hosts).
 *
 *   ns-3 node (MLD host or querier)
 *      |  FdNetDevice on a packet socket
 *   --device (a veth end; its peer is a port of a Linux bridge)
 *      |
 *   Linux bridge (mcast_snooping, maybe mcast_querier) --- Linux hosts
 *
 * Modes:
 *   host     joins --group at --joinAt and leaves it at --leaveAt (0: never),
 *            as an MLDv1 or MLDv2 host (--hostVersion 1, 2, or 0: MLDv2 falling
 *            back to MLDv1 while an MLDv1 querier is present). With --source it
 *            joins source-specifically (RFC 3678 join-source-group: INCLUDE
 *            {source}) and leaves that source, in the SSM range ff3x::/96 or not.
 *            A querier on the link (the Linux bridge) should learn the group
 *            (bridge mdb show) and forget it after the Done (MLDv2: TO_IN {} or
 *            BLOCK {source}).
 *   querier  runs the router part on the interface, MLDv1 (RFC 2710) or MLDv2
 *            (RFC 9777, --querierVersion 2), and prints its listener table:
 *            Linux hosts that join a group through the socket API should show
 *            up in it, with their filter mode and sources (MLDv2).
 *
 * Needs root (a PF_PACKET socket). Give the interface no IPv6 of its own
 * (sysctl net.ipv6.conf.<dev>.disable_ipv6=1) so that only ns-3 speaks on it.
 * scripts/linux-interop-test.sh builds the topology and runs both modes.
 *
 * Output, one event per line, times in seconds since the start:
 *   START epoch=<wall clock at simulated time 0>
 *   TX|RX t=.. type=130|131|132|143 group=.. src=.. dst=..
 *   DROP t=.. reason=..
 *   V2TX|V2RX t=.. src=.. records=TYPE:group{source,..};..  (MLDv2 reports)
 *   JOIN|LEAVE t=.. group=.. [source=..] version=1|2     (host mode; version in use)
 *   LISTENER_ADDED|LISTENER_REMOVED t=.. group=..      (querier mode)
 *   SOURCE t=.. group=.. source=.. present=0|1 running=0|1 (querier mode, MLDv2)
 *   QUERIER t=.. isQuerier=0|1 querier=..                (querier mode)
 *   HAS_LISTENERS t=.. group=.. yes|no                   (querier mode)
 *   ENTRY t=.. group=.. state=.. mode=INCLUDE|EXCLUDE sources=a(left|stopped),..|-
 *         older=0|1 expires_in=..                        (querier mode, group listed)
 * then the node's records (host mode) or its listener table (querier mode):
 *   TABLE group=.. state=.. expires_in=.. version=1|2 mode=.. sources=.. older=0|1
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
#include <optional>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace ns3;

namespace
{
/// Exit code when the machine cannot run the example (no packet socket, no device).
constexpr int EXIT_UNAVAILABLE = 77;

/// Set once the simulation is over: traces fired by Simulator::Destroy() are not events.
bool g_ended = false;

/// \return the simulated time as "t=S.mmm"
std::string
Stamp()
{
    std::ostringstream os;
    os << "t=" << std::fixed << std::setprecision(3) << Simulator::Now().GetSeconds();
    return os.str();
}

/**
 * \brief Open a PF_PACKET socket on a Linux interface: bound to it, promiscuous,
 * blind to what the kernel itself sends there.
 * \param device the interface name
 * \param mtu set to the interface's MTU
 * \return the descriptor; exits the program on failure
 */
int
OpenPacketSocket(const std::string& device, uint16_t& mtu)
{
    int fd = socket(PF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    if (fd < 0)
    {
        std::cerr << "mld-linux-interop: socket(PF_PACKET): " << strerror(errno)
                  << " (needs root or CAP_NET_RAW)" << std::endl;
        exit(EXIT_UNAVAILABLE);
    }
    unsigned ifindex = if_nametoindex(device.c_str());
    if (ifindex == 0)
    {
        std::cerr << "mld-linux-interop: no interface " << device << " in this network namespace"
                  << std::endl;
        exit(EXIT_UNAVAILABLE);
    }
    sockaddr_ll ll{};
    ll.sll_family = AF_PACKET;
    ll.sll_ifindex = static_cast<int>(ifindex);
    ll.sll_protocol = htons(ETH_P_ALL);
    if (bind(fd, reinterpret_cast<sockaddr*>(&ll), sizeof(ll)) < 0)
    {
        std::cerr << "mld-linux-interop: bind(" << device << "): " << strerror(errno) << std::endl;
        exit(EXIT_UNAVAILABLE);
    }
    packet_mreq mr{};
    mr.mr_ifindex = static_cast<int>(ifindex);
    mr.mr_type = PACKET_MR_PROMISC;
    if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)) < 0)
    {
        std::cerr << "mld-linux-interop: PACKET_MR_PROMISC on " << device << ": " << strerror(errno)
                  << std::endl;
        exit(EXIT_UNAVAILABLE);
    }
#ifdef PACKET_IGNORE_OUTGOING
    // Frames the kernel itself sends on this interface are not ns-3's input.
    int one = 1;
    setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one));
#endif
    ifreq ifr{};
    strncpy(ifr.ifr_name, device.c_str(), IFNAMSIZ - 1);
    mtu = 1500;
    if (ioctl(fd, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu > 0 && ifr.ifr_mtu <= 65535)
    {
        mtu = static_cast<uint16_t>(ifr.ifr_mtu);
    }
    return fd;
}

/// ICMPv6 type number to a short name.
const char*
TypeName(uint8_t type)
{
    switch (type)
    {
    case 130:
        return "query";
    case 131:
        return "v1-report";
    case 132:
        return "done";
    case 143:
        return "v2-report";
    default:
        return "other";
    }
}

void
LogMessage(std::string direction,
           uint32_t interface,
           uint8_t type,
           Ipv6Address group,
           Ipv6Address source,
           Ipv6Address destination)
{
    if (g_ended)
    {
        return;
    }
    std::cout << direction << " " << Stamp() << " type=" << unsigned(type) << " (" << TypeName(type)
              << ") group=" << group << " src=" << source << " dst=" << destination << std::endl;
}

void
LogV2Report(std::string direction,
            uint32_t interface,
            const MldV2ReportHeader& report,
            Ipv6Address source)
{
    if (g_ended)
    {
        return;
    }
    std::cout << direction << " " << Stamp() << " src=" << source << " records=";
    bool firstRecord = true;
    for (const auto& record : report.GetRecords())
    {
        std::cout << (firstRecord ? "" : ";") << MldAddressRecord::ShortName(record.type) << ":"
                  << record.group << "{";
        bool firstSource = true;
        for (const auto& s : record.sources)
        {
            std::cout << (firstSource ? "" : ",") << s;
            firstSource = false;
        }
        std::cout << "}";
        firstRecord = false;
    }
    std::cout << std::endl;
}

void
LogSource(uint32_t interface, Ipv6Address group, Ipv6Address source, bool present, bool running)
{
    if (g_ended)
    {
        return;
    }
    std::cout << "SOURCE " << Stamp() << " group=" << group << " source=" << source
              << " present=" << present << " running=" << running << std::endl;
}

/// \return an MLDv2 router's view of a group: "mode=.. sources=..|- older=0|1"
std::string
DescribeEntry(const MldListenerEntry& entry)
{
    std::ostringstream os;
    os << "mode=" << entry.filterMode << " sources=";
    if (entry.sources.empty())
    {
        os << "-";
    }
    bool first = true;
    for (const auto& s : entry.sources)
    {
        os << (first ? "" : ",") << s.source << "(";
        if (s.running)
        {
            os << std::fixed << std::setprecision(3) << s.timerRemaining.GetSeconds();
        }
        else
        {
            os << "stopped";
        }
        os << ")";
        first = false;
    }
    os << " older=" << entry.olderVersionHostPresent;
    return os.str();
}

void
LogDrop(Ptr<const Packet> packet, uint32_t interface, MldDropReason reason)
{
    if (g_ended)
    {
        return;
    }
    std::cout << "DROP " << Stamp() << " reason=" << reason << " size=" << packet->GetSize()
              << std::endl;
}

void
LogListener(std::string what, uint32_t interface, Ipv6Address group)
{
    if (g_ended)
    {
        return;
    }
    std::cout << what << " " << Stamp() << " group=" << group << std::endl;
}

void
LogQuerier(uint32_t interface, bool isQuerier, Ipv6Address querier)
{
    if (g_ended)
    {
        return;
    }
    std::cout << "QUERIER " << Stamp() << " isQuerier=" << isQuerier << " querier=" << querier
              << std::endl;
}

void
PrintStart()
{
    auto wall = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch());
    std::cout << "START epoch=" << std::fixed << std::setprecision(6) << wall.count() << std::endl;
}

void
PrintAddresses(Ptr<Node> node, uint32_t interface)
{
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    for (uint32_t i = 0; i < ipv6->GetNAddresses(interface); ++i)
    {
        std::cout << "ADDR " << Stamp() << " " << ipv6->GetAddress(interface, i).GetAddress()
                  << std::endl;
    }
}

/// The identifier of the one "socket" whose source filter --source sets.
constexpr uint64_t SOURCE_SOCKET = 1;

/**
 * \brief Join --group: any-source (Join), or source-specific (JoinSource) if a
 * source is given.
 */
void
DoJoin(Ptr<MldProtocol> protocol,
       uint32_t interface,
       Ipv6Address group,
       std::optional<Ipv6Address> source)
{
    bool ok = source ? protocol->JoinSource(interface, group, *source, SOURCE_SOCKET)
                     : protocol->Join(interface, group);
    std::cout << "JOIN " << Stamp() << " group=" << group;
    if (source)
    {
        std::cout << " source=" << *source;
    }
    std::cout << " version=" << static_cast<unsigned>(protocol->GetVersion(interface))
              << (ok ? "" : " REFUSED") << std::endl;
}

/// \brief Leave what DoJoin joined.
void
DoLeave(Ptr<MldProtocol> protocol,
        uint32_t interface,
        Ipv6Address group,
        std::optional<Ipv6Address> source)
{
    bool ok = source ? protocol->LeaveSource(interface, group, *source, SOURCE_SOCKET)
                     : protocol->Leave(interface, group);
    std::cout << "LEAVE " << Stamp() << " group=" << group;
    if (source)
    {
        std::cout << " source=" << *source;
    }
    std::cout << " version=" << static_cast<unsigned>(protocol->GetVersion(interface))
              << (ok ? "" : " REFUSED") << std::endl;
}

void
ReportListeners(Ptr<MldQuerier> querier, Ipv6Address group, Time every)
{
    std::cout << "HAS_LISTENERS " << Stamp() << " group=" << group << " "
              << (querier->HasListeners(group) ? "yes" : "no") << std::endl;
    if (auto entry = querier->GetListenerEntry(group))
    {
        std::cout << "ENTRY " << Stamp() << " group=" << group << " state=" << entry->state << " "
                  << DescribeEntry(*entry) << " expires_in=" << std::fixed << std::setprecision(3)
                  << entry->timerRemaining.GetSeconds() << std::endl;
    }
    if (every.IsStrictlyPositive())
    {
        Simulator::Schedule(every, &ReportListeners, querier, group, every);
    }
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string device = "mldi-n3";
    std::string mode = "host";
    std::string group = "ff15::1234";
    std::string mac = "02:4d:4c:44:00:01";
    double joinAt = 3;
    double leaveAt = 0;
    double duration = 20;
    double tableEvery = 0;
    Time queryInterval = Seconds(5);
    Time queryResponseInterval = Seconds(2);
    Time lastListenerQueryInterval = Seconds(1);
    Time unsolicitedReportInterval = Seconds(10);
    uint32_t hostVersion = 1;
    uint32_t querierVersion = 1;
    std::string source;
    bool verbose = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("device", "Linux interface to take over (packet socket, needs root)", device);
    cmd.AddValue("mode", "host (join and leave --group) or querier (MLD router)", mode);
    cmd.AddValue("group",
                 "Group to join (host) or to watch in the listener table (querier)",
                 group);
    cmd.AddValue("mac", "MAC address of the ns-3 node", mac);
    cmd.AddValue("joinAt", "Host mode: when to join, in seconds", joinAt);
    cmd.AddValue("leaveAt", "Host mode: when to leave, in seconds (0: never)", leaveAt);
    cmd.AddValue("duration", "Seconds of real time to run", duration);
    cmd.AddValue("tableEvery",
                 "Querier mode: print HAS_LISTENERS every so many seconds (0: at "
                 "the end only)",
                 tableEvery);
    cmd.AddValue("queryInterval", "Querier's Query Interval", queryInterval);
    cmd.AddValue("queryResponseInterval",
                 "Querier's Query Response Interval",
                 queryResponseInterval);
    cmd.AddValue("lastListenerQueryInterval",
                 "Querier's Last Listener Query Interval",
                 lastListenerQueryInterval);
    cmd.AddValue("unsolicitedReportInterval",
                 "Host's Unsolicited Report Interval",
                 unsolicitedReportInterval);
    cmd.AddValue("hostVersion",
                 "Host version of the interface: 1 (MLDv1), 2 (MLDv2), 0 (MLDv2 falling back "
                 "to MLDv1 while an MLDv1 querier is present)",
                 hostVersion);
    cmd.AddValue("querierVersion",
                 "Querier mode: router version, 1 (MLDv1) or 2 (MLDv2)",
                 querierVersion);
    cmd.AddValue("source",
                 "Host mode: join --group source-specifically, INCLUDE {source} (RFC 3678 "
                 "join-source-group); empty: any-source join",
                 source);
    cmd.AddValue("verbose", "Enable MLD logging", verbose);
    cmd.Parse(argc, argv);

    if (mode != "host" && mode != "querier")
    {
        std::cerr << "mld-linux-interop: --mode must be host or querier" << std::endl;
        return 2;
    }
    Ipv6Address groupAddress(group.c_str());
    if (!groupAddress.IsMulticast())
    {
        std::cerr << "mld-linux-interop: --group must be a multicast address" << std::endl;
        return 2;
    }
    if (hostVersion > 2)
    {
        std::cerr << "mld-linux-interop: --hostVersion must be 0, 1 or 2" << std::endl;
        return 2;
    }
    if (querierVersion != 1 && querierVersion != 2)
    {
        std::cerr << "mld-linux-interop: --querierVersion must be 1 or 2" << std::endl;
        return 2;
    }
    std::optional<Ipv6Address> sourceAddress;
    if (!source.empty())
    {
        if (mode != "host")
        {
            std::cerr << "mld-linux-interop: --source is for host mode" << std::endl;
            return 2;
        }
        // Ipv6Address does not validate its input: check the text with inet_pton.
        in6_addr parsed{};
        if (inet_pton(AF_INET6, source.c_str(), &parsed) != 1)
        {
            std::cerr << "mld-linux-interop: --source is not an IPv6 address" << std::endl;
            return 2;
        }
        sourceAddress = Ipv6Address(source.c_str());
        if (sourceAddress->IsMulticast() || sourceAddress->IsAny())
        {
            std::cerr << "mld-linux-interop: --source must be a unicast address" << std::endl;
            return 2;
        }
    }
    if (verbose)
    {
        LogComponentEnable("MldProtocol", LOG_LEVEL_LOGIC);
        LogComponentEnable("MldListener", LOG_LEVEL_LOGIC);
        LogComponentEnable("MldQuerier", LOG_LEVEL_LOGIC);
    }

    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    uint16_t mtu = 1500;
    int fd = OpenPacketSocket(device, mtu);
    // First event at time 0 (before the node's own initialization): the wall clock
    // there lets the driver script line its own observations up with ours.
    Simulator::ScheduleNow(&PrintStart);

    Ptr<Node> node = CreateObject<Node>();
    FdNetDeviceHelper fdHelper;
    NetDeviceContainer devices = fdHelper.Install(node);
    Ptr<FdNetDevice> fdDevice = DynamicCast<FdNetDevice>(devices.Get(0));
    fdDevice->SetAddress(Mac48Address(mac.c_str()));
    fdDevice->SetIsBroadcast(true);
    fdDevice->SetIsMulticast(true);
    fdDevice->SetMtu(mtu);
    fdDevice->SetFileDescriptor(fd);

    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(node);
    Ipv6AddressHelper addresses;
    addresses.AssignWithoutAddress(devices); // link-local only
    const uint32_t interface = 1;            // 0 is the loopback

    MldHelper mld;
    mld.SetQuerierAttribute("QueryInterval", TimeValue(queryInterval));
    mld.SetQuerierAttribute("QueryResponseInterval", TimeValue(queryResponseInterval));
    mld.SetQuerierAttribute("LastListenerQueryInterval", TimeValue(lastListenerQueryInterval));
    mld.SetListenerAttribute("UnsolicitedReportInterval", TimeValue(unsolicitedReportInterval));
    // 0: MLDv2 falling back to MLDv1 while an MLDv1 querier is present (RFC 9777 §8.2.1).
    mld.SetListenerAttribute(
        "Version",
        StringValue(hostVersion == 0 ? "MLDv2Fallback" : (hostVersion == 1 ? "MLDv1" : "MLDv2")));
    mld.SetQuerierAttribute("Version", StringValue(querierVersion == 1 ? "MLDv1" : "MLDv2"));
    mld.Install(NodeContainer(node));
    Ptr<MldProtocol> protocol = node->GetObject<MldProtocol>();
    protocol->TraceConnectWithoutContext("Tx", MakeBoundCallback(&LogMessage, std::string("TX")));
    protocol->TraceConnectWithoutContext("Rx", MakeBoundCallback(&LogMessage, std::string("RX")));
    protocol->TraceConnectWithoutContext("Drop", MakeCallback(&LogDrop));
    protocol->TraceConnectWithoutContext("V2ReportTx",
                                         MakeBoundCallback(&LogV2Report, std::string("V2TX")));
    protocol->TraceConnectWithoutContext("V2ReportRx",
                                         MakeBoundCallback(&LogV2Report, std::string("V2RX")));

    Ptr<MldQuerier> querier;
    if (mode == "querier")
    {
        mld.SetRouter(node);
        querier = protocol->GetQuerier(interface);
        NS_ABORT_MSG_IF(!querier, "no querier on interface " << interface);
        querier->TraceConnectWithoutContext(
            "ListenerAdded",
            MakeBoundCallback(&LogListener, std::string("LISTENER_ADDED")));
        querier->TraceConnectWithoutContext(
            "ListenerRemoved",
            MakeBoundCallback(&LogListener, std::string("LISTENER_REMOVED")));
        querier->TraceConnectWithoutContext("QuerierChanged", MakeCallback(&LogQuerier));
        querier->TraceConnectWithoutContext("SourceChanged", MakeCallback(&LogSource));
        if (tableEvery > 0)
        {
            Simulator::Schedule(Seconds(tableEvery),
                                &ReportListeners,
                                querier,
                                groupAddress,
                                Seconds(tableEvery));
        }
    }
    else
    {
        Simulator::Schedule(Seconds(joinAt),
                            &DoJoin,
                            protocol,
                            interface,
                            groupAddress,
                            sourceAddress);
        if (leaveAt > 0)
        {
            Simulator::Schedule(Seconds(leaveAt),
                                &DoLeave,
                                protocol,
                                interface,
                                groupAddress,
                                sourceAddress);
        }
    }

    std::cout << "# mld-linux-interop mode=" << mode << " device=" << device << " mac=" << mac
              << " group=" << group << (source.empty() ? "" : " source=" + source)
              << " hostVersion=" << hostVersion
              << " (in use: " << static_cast<unsigned>(protocol->GetVersion(interface)) << ")";
    if (querier)
    {
        std::cout << " querierVersion=" << static_cast<unsigned>(querier->GetVersion());
    }
    std::cout << " duration=" << duration << std::endl;
    Simulator::ScheduleNow(&PrintAddresses, node, interface);
    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    Ptr<OutputStreamWrapper> out = Create<OutputStreamWrapper>(&std::cout);
    if (querier)
    {
        ReportListeners(querier, groupAddress, Time(0));
        std::cout << "== Listener table at " << Stamp() << " (querier "
                  << querier->GetQuerierAddress() << ", this node "
                  << (querier->IsQuerier() ? "is" : "is not") << " the querier)" << std::endl;
        querier->PrintListenerTable(out);
        for (const auto& entry : querier->GetListenerTable())
        {
            std::cout << "TABLE group=" << entry.group << " state=" << entry.state
                      << " expires_in=" << std::fixed << std::setprecision(3)
                      << entry.timerRemaining.GetSeconds()
                      << " version=" << unsigned(entry.routerVersion) << " " << DescribeEntry(entry)
                      << std::endl;
        }
    }
    std::cout << "== Records at " << Stamp() << std::endl;
    protocol->PrintRecords(out);
    MldInterfaceStatistics stats = protocol->GetStatistics(interface);
    std::cout << "STATS in: queries=" << stats.inQueries << " v1-reports=" << stats.inReports
              << " dones=" << stats.inDones << " v2-reports=" << stats.inV2Reports
              << " | out: queries=" << stats.outQueries << " v1-reports=" << stats.outReports
              << " dones=" << stats.outDones << " v2-reports=" << stats.outV2Reports << std::endl;
    std::cout << "END " << Stamp() << std::endl;
    g_ended = true;
    Simulator::Destroy();
    return 0;
}
