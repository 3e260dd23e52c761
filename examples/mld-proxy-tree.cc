/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * A tree of MLD proxies (RFC 4605) below a core MLD router, no multicast routing protocol:
 * each proxy runs the router part downstream, merges the listeners into its membership
 * database and reports that upstream as a host.
 *
 *                 S  (source of ff1e::1, --rate pkt/s)
 *   LAN S  ==============  2001:db8:a::/64
 *                 R  (core MLD router, querier of LAN A)
 *   LAN A  ==============  2001:db8:b::/64
 *                 P1 (proxy: upstream LAN A; downstream LANs B and C)
 *   LAN B  =======   =======  LAN C      2001:db8:c::/64, 2001:db8:d::/64
 *            P2         P3    (proxies: upstream B or C; downstream D or E)
 *   LAN D  =======   =======  LAN E      2001:db8:e::/64, 2001:db8:f::/64
 *          D1  D2       E1    (listeners)
 *
 *  t(s)  event
 *   1    S starts sending: R forwards nothing (no listeners on LAN A)
 *   2    D1 joins: its report climbs D -> P2 -> B -> P1 -> A -> R, data comes down
 *   5    E1 joins: data onto C and E too (A already has it)
 *   8    D2 joins; 12 D1 leaves (D2 stays: nothing stops)
 *  16    D2 leaves: data stops on D, then B (one Last Listener Query Time each)
 *  20    E1 leaves: data stops on E, C, then A; 26 end
 *
 * A leave costs each level its Last Listener Query Time (LLQI x LLQC, --llqi x 2): the
 * proxy below reports the change upstream only when its own downstream group expires.
 * Output: the proxies' database changes and upstream messages (MldTraceLogger), a line
 * when data starts or stops on a LAN, then each join's and leave's latency per LAN.
 * Pcaps (--pcap=false: none): <outputDir>/mld-proxy-tree-<node>-<device>.pcap, nodes 0 to 7.
 *   ./ns3 run "mld-proxy-tree --outputDir=mld-output"
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
#include <tuple>

using namespace ns3;

namespace
{

/// Data on each LAN, from the copies forwarded onto it: it starts at the first copy after
/// a silence, and has stopped when no copy followed the last one for `gap`.
struct LanWatch
{
    /// \param l prints the lines \param g silence that means stopped
    LanWatch(Ptr<MldTraceLogger> l, Time g)
        : logger(l),
          gap(g)
    {
    }

    Ptr<MldTraceLogger> logger;                                //!< prints the lines
    Time gap;                                                  //!< silence meaning stopped
    std::map<std::pair<uint32_t, uint32_t>, std::string> lans; //!< (node, interface) -> LAN
    std::map<std::string, Time> last;                          //!< last copy; -1 s: stopped
    std::map<std::string, std::vector<Time>> starts;           //!< per LAN
    std::map<std::string, std::vector<Time>> stops;            //!< per LAN: last copies

    /// Follow a forwarder's copies onto interfaces (interface -> LAN name).
    void Watch(Ptr<Node> node, const std::map<uint32_t, std::string>& names)
    {
        for (const auto& [interface, lan] : names)
        {
            lans[{node->GetId(), interface}] = lan;
        }
        node->GetObject<MldProtocol>()->GetRouting()->TraceConnectWithoutContext(
            "Forward",
            MakeBoundCallback(&LanWatch::OnForward, this, node->GetId()));
    }

    static void OnForward(LanWatch* w,
                          uint32_t node,
                          const Ipv6Header& header,
                          Ptr<const Packet> packet,
                          uint32_t in,
                          uint32_t out)
    {
        std::string lan = w->lans[{node, out}];
        if (w->last.count(lan) == 0 || w->last[lan].IsNegative())
        {
            w->starts[lan].push_back(Simulator::Now());
            w->logger->Print("DATA_START", "LAN_" + lan, "");
        }
        w->last[lan] = Simulator::Now();
        Simulator::Schedule(w->gap, &LanWatch::Check, w, lan, Simulator::Now());
    }

    void Check(std::string lan, Time copy)
    {
        if (last[lan] == copy) // no copy since
        {
            stops[lan].push_back(copy);
            last[lan] = Seconds(-1);
            std::ostringstream os;
            os << "last_copy=" << std::fixed << std::setprecision(3) << copy.GetSeconds();
            logger->Print("DATA_STOP", "LAN_" + lan, os.str());
        }
    }
};

} // namespace

int
main(int argc, char* argv[])
{
    std::string outputDir = "mld-output";
    uint32_t rate = 50;
    Time llqi = MilliSeconds(500);
    bool pcap = true;

    CommandLine cmd(__FILE__);
    cmd.AddValue("outputDir", "Folder for the pcaps", outputDir);
    cmd.AddValue("rate", "Packets per second the source sends", rate);
    cmd.AddValue("llqi", "Last Listener Query Interval of every router and proxy", llqi);
    cmd.AddValue("pcap", "Write a pcap per device into outputDir", pcap);
    cmd.Parse(argc, argv);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    // Nodes 0 to 7: S, R, P1, P2, P3, D1, D2, E1.
    NodeContainer all(8);
    std::vector<std::string> names{"S", "R", "P1", "P2", "P3", "D1", "D2", "E1"};
    auto n = [&all](uint32_t i) { return all.Get(i); };
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    csma.SetChannelAttribute("Delay", TimeValue(NanoSeconds(6560)));
    // A node's IPv6 interfaces follow the order of the LANs it is put on.
    std::vector<NetDeviceContainer> lans{csma.Install(NodeContainer(n(0), n(1))),       // S
                                         csma.Install(NodeContainer(n(1), n(2))),       // A
                                         csma.Install(NodeContainer(n(2), n(3))),       // B
                                         csma.Install(NodeContainer(n(2), n(4))),       // C
                                         csma.Install(NodeContainer(n(3), n(5), n(6))), // D
                                         csma.Install(NodeContainer(n(4), n(7)))};      // E
    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(all);
    Ipv6AddressHelper addresses;
    for (size_t i = 0; i < lans.size(); ++i)
    {
        addresses.SetBase(Ipv6Address(("2001:db8:" + std::string(1, 'a' + i) + "::").c_str()),
                          Ipv6Prefix(64));
        addresses.Assign(lans[i]);
    }

    // MLDv2 everywhere; R routes between LANs S and A; the proxies' upstream interface is
    // their first, the others are downstream.
    MldHelper mld;
    mld.SetListenerAttribute("Version", StringValue("MLDv2Fallback"));
    mld.SetQuerierAttribute("Version", StringValue("MLDv2"));
    mld.SetQuerierAttribute("LastListenerQueryInterval", TimeValue(llqi));
    mld.Install(all);
    mld.SetRouter(n(1));
    MldProxyHelper proxies;
    proxies.SetQuerierAttribute("Version", StringValue("MLDv2"));
    proxies.SetQuerierAttribute("LastListenerQueryInterval", TimeValue(llqi));
    proxies.Install(n(2), 1, {2, 3});
    proxies.Install(n(3), 1, {2});
    proxies.Install(n(4), 1, {2});
    mld.AssignStreams(all, 100);

    Ipv6StaticRoutingHelper staticRouting;
    staticRouting.GetStaticRouting(n(0)->GetObject<Ipv6>())
        ->AddNetworkRouteTo(Ipv6Address("ff00::"), Ipv6Prefix(8), 1);
    const Ipv6Address group("ff1e::1");
    OnOffHelper onoff("ns3::UdpSocketFactory", Inet6SocketAddress(group, 9));
    onoff.SetConstantRate(DataRate(100 * 8 * rate), 100);
    ApplicationContainer app = onoff.Install(n(0));
    app.Start(Seconds(1));
    app.Stop(Seconds(25));

    // Listeners (node, join, leave): an MldReceiver joins when it starts, leaves when it stops.
    for (auto [node, join, leave] :
         std::vector<std::tuple<uint32_t, double, double>>{{5, 2, 12}, {7, 5, 20}, {6, 8, 16}})
    {
        Ptr<MldReceiver> receiver = CreateObject<MldReceiver>();
        receiver->SetAttribute("Group", Ipv6AddressValue(group));
        receiver->SetAttribute("Port", UintegerValue(9));
        n(node)->AddApplication(receiver);
        receiver->SetStartTime(Seconds(join));
        receiver->SetStopTime(Seconds(leave));
    }

    Ptr<MldTraceLogger> logger = Create<MldTraceLogger>(std::cout);
    logger->AddGroup(group);
    logger->ShowGeneralQueries(false);
    for (uint32_t i : {2, 3, 4}) // the proxies' database changes and upstream reports
    {
        logger->Connect(n(i), names[i], MldTraceLogger::PROXY | MldTraceLogger::V2_REPORT_TX);
    }
    LanWatch watch{logger, Seconds(3.0 / rate)};
    watch.Watch(n(1), {{2, "A"}});
    watch.Watch(n(2), {{2, "B"}, {3, "C"}});
    watch.Watch(n(3), {{2, "D"}});
    watch.Watch(n(4), {{2, "E"}});
    if (pcap)
    {
        SystemPath::MakeDirectories(outputDir);
        csma.EnablePcapAll(outputDir + "/mld-proxy-tree");
    }

    Simulator::Stop(Seconds(26));
    Simulator::Run();
    logger->SetEnabled(false);

    // Latency of each membership change, LAN by LAN from the leaves up.
    const Time llqt = n(3)->GetObject<MldProtocol>()->GetQuerier(2)->GetLastListenerQueryTime();
    std::cout << "\n== Latency (Last Listener Query Time " << llqt.As(Time::S) << " per level)\n";
    const std::vector<std::tuple<std::string, double, bool, std::vector<std::string>>> changes{
        {"D1 joins", 2, true, {"D", "B", "A"}},
        {"E1 joins", 5, true, {"E", "C"}},
        {"D2 leaves", 16, false, {"D", "B"}},
        {"E1 leaves", 20, false, {"E", "C", "A"}}};
    for (const auto& [what, at, join, path] : changes)
    {
        std::cout << "  " << what << " at " << at << " s:";
        for (uint32_t level = 0; level < path.size(); ++level)
        {
            const std::string& lan = path[level];
            Time when = Seconds(-1); // the first start or stop on the LAN after the change
            for (Time t : join ? watch.starts[lan] : watch.stops[lan])
            {
                when = (when.IsNegative() && t >= Seconds(at)) ? t : when;
            }
            std::cout << "  LAN " << lan << " " << (when - Seconds(at)).As(Time::MS);
            if (!join) // a leave: at most one LLQT per level, and a packet
            {
                std::cout << " (bound " << (llqt * (level + 1) + watch.gap).As(Time::MS) << ")";
            }
        }
        std::cout << "\n";
    }
    Simulator::Destroy();
    return 0;
}
