/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * MLDv1 and MLDv2 together (RFC 9777 §8): an MLDv2 router's MLDv1
 * compatibility mode for a group while an MLDv1 host listens to it, the
 * return to MLDv2 after that host leaves, and a host of Version 0 (MLDv2
 * falling back to MLDv1 while an MLDv1 querier is present) that returns to
 * MLDv2 after its router is upgraded.
 *
 *          S1        S2        (both send to ff1e::5, port 9, --rate pkt/s each)
 *          |         |
 *   LAN A  ===================  2001:db8:a::/64
 *               |
 *               R      querier on each LAN: MLDv2 on A and B; MLDv1 on C,
 *              / \     upgraded to MLDv2 at --upgradeTime (28 s)
 *   LAN B  =======   =======  LAN C     2001:db8:b::/64, 2001:db8:c::/64
 *          |    |       |
 *          H2   H1      H0     H2: MLDv2 host, H1: MLDv1 host, H0: Version 0
 *
 * QueryInterval 10 s, QueryResponseInterval 2 s, Robustness 2: the Older
 * Version Host Present (§9.13) and Querier Present (§9.12) Timeouts are 22 s.
 *
 *  t(s)  LAN B (router compatibility mode, §8.3.2)
 *   2    H2 sets EXCLUDE {S1} on ff1e::5: TO_EX(S1) -> S2 onto LAN B, S1 not
 *   8    H1 (MLDv1) joins: MLDv1 compatibility mode, S1 onto LAN B too
 *  14    H2 excludes S2 too: BLOCK(S2), ignored in compatibility mode
 *  24    H1 leaves (its Done is TO_IN({})): with the default RngRun both sources
 *        stop 2 s later; compatibility mode ends 22 s after H1's last Report
 *  50    H2 allows S2 again: ALLOW(S2) -> S2 onto LAN B
 *  55    H2 excludes S2 again: BLOCK(S2), now honoured: R queries
 *        Q(ff1e::5, {S2}), nobody answers, S2 stops 2 s later
 *  t(s)  LAN C (host compatibility mode, §8.2.1)
 *   ~1   R's first MLDv1 General Query: H0 falls back to MLDv1
 *   5    H0 joins ff1e::5: an MLDv1 Report -> ff1e::5 onto LAN C
 *  28    R's LAN C querier is replaced by an MLDv2 one (empty table): H0 answers
 *        it with MLDv1 Reports, which put the group in compatibility mode
 *  ~46   22 s after the last MLDv1 query H0 is back to MLDv2: IS_EX({}) answers
 *  ~63   compatibility mode of the group on LAN C ends
 *  72    H0 leaves: an MLDv2 TO_IN({}), not a Done; 75 S1, S2 stop; 80 end
 *
 * R's own host part runs Version 0 too (MLDv1 on LAN C until 22 s after the
 * upgrade). Output: the hosts' messages about ff1e::5, R's queries for it,
 * source records, listener table changes and each start of forwarded data
 * (MldTraceLogger); R's listener tables at 20, 40 and 65 s. Checksums are on
 * and every device writes a pcap: <outputDir>/mld-mixed-versions-<node>-<device>.pcap.
 * test/mld-scenario-test.cc checks this scenario (suite mld_scenario).
 *
 *   ./ns3 run "mld-mixed-versions --outputDir=mld-output"
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/mld-module.h"
#include "ns3/network-module.h"

#include <iostream>
#include <sstream>

using namespace ns3;

namespace
{
const Ipv6Address GROUP("ff1e::5"); //!< the data group
const uint32_t LAN_C = 3;           //!< R's interface on LAN C

/**
 * \brief H2 sets its socket's filter on the group to EXCLUDE some sources.
 * \param logger the output
 * \param mld H2's MLD
 * \param excluded the sources to exclude
 */
void
SetExclude(Ptr<MldTraceLogger> logger, Ptr<MldProtocol> mld, std::set<Ipv6Address> excluded)
{
    std::ostringstream os;
    os << "SetSourceFilter(" << GROUP << ", EXCLUDE {";
    for (Ipv6Address s : excluded)
    {
        os << " " << s;
    }
    os << " }) " << (mld->SetSourceFilter(1, GROUP, 1, true, excluded) ? "accepted" : "refused");
    logger->Print("CALL", "H2", os.str());
}

/**
 * \brief Replace R's MLDv1 querier on LAN C by an MLDv2 one.
 * \param logger the output
 * \param mld R's MLD
 */
void
UpgradeLanC(Ptr<MldTraceLogger> logger, Ptr<MldProtocol> mld)
{
    logger->Print("UPGRADE", "R", "if=3 MLDv1 querier replaced by an MLDv2 one");
    Ptr<MldQuerier> querier = CreateObject<MldQuerier>(); // the timers set in main()
    querier->SetAttribute("Version", StringValue("MLDv2"));
    logger->ConnectQuerier(querier, "R");
    mld->SetRouter(LAN_C, false);
    mld->SetRouter(LAN_C, true, querier);
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string outputDir = "mld-output";
    double stopTime = 80;
    uint32_t rate = 10;
    Time queryInterval = Seconds(10);
    Time queryResponseInterval = Seconds(2);
    Time lastListenerQueryInterval = Seconds(1);
    double upgradeTime = 28;

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
    cmd.Parse(argc, argv);

    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    SystemPath::MakeDirectories(outputDir);

    // Nodes 0 to 5: R, S1, S2, H2, H1, H0.
    NodeContainer all(6);
    Ptr<Node> router = all.Get(0);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    csma.SetChannelAttribute("Delay", TimeValue(NanoSeconds(6560)));
    NetDeviceContainer devA = csma.Install(NodeContainer(router, all.Get(1), all.Get(2)));
    NetDeviceContainer devB = csma.Install(NodeContainer(router, all.Get(3), all.Get(4)));
    NetDeviceContainer devC = csma.Install(NodeContainer(router, all.Get(5)));

    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(all);
    Ipv6AddressHelper addresses;
    addresses.SetBase(Ipv6Address("2001:db8:a::"), Ipv6Prefix(64));
    Ipv6InterfaceContainer lanA = addresses.Assign(devA);
    addresses.SetBase(Ipv6Address("2001:db8:b::"), Ipv6Prefix(64));
    addresses.Assign(devB);
    addresses.SetBase(Ipv6Address("2001:db8:c::"), Ipv6Prefix(64));
    addresses.Assign(devC);

    // The timers of every querier (the upgraded one too) and the hosts' QueryInterval,
    // which sets their Older Version Querier Present Timeout (§9.12).
    Config::SetDefault("ns3::MldQuerier::QueryInterval", TimeValue(queryInterval));
    Config::SetDefault("ns3::MldQuerier::QueryResponseInterval", TimeValue(queryResponseInterval));
    Config::SetDefault("ns3::MldQuerier::LastListenerQueryInterval",
                       TimeValue(lastListenerQueryInterval));
    Config::SetDefault("ns3::MldListener::QueryInterval", TimeValue(queryInterval));

    // Host versions: R and H0 MLDv2Fallback, S1, S2 and H2 MLDv2, H1 MLDv1.
    MldHelper mld;
    for (uint32_t i = 0; i < all.GetN(); ++i)
    {
        std::string version = (i == 0 || i == 5) ? "MLDv2Fallback" : (i == 4 ? "MLDv1" : "MLDv2");
        mld.SetListenerAttribute("Version", StringValue(version));
        mld.Install(all.Get(i));
    }
    // Router interfaces: MLDv2 on LANs A and B, MLDv1 on LAN C until the upgrade.
    mld.SetQuerierAttribute("Version", StringValue("MLDv2"));
    mld.SetRouter(router, {1, 2});
    mld.SetQuerierAttribute("Version", StringValue("MLDv1"));
    mld.SetRouter(router, {LAN_C});
    mld.AssignStreams(all, 100);

    // S1 and S2 send multicast out of their only interface, with a 33:33 MAC.
    Ipv6StaticRoutingHelper staticRouting;
    const uint16_t port = 9;
    const uint32_t packetSize = 100;
    for (uint32_t i = 1; i <= 2; ++i)
    {
        staticRouting.GetStaticRouting(all.Get(i)->GetObject<Ipv6>())
            ->AddNetworkRouteTo(Ipv6Address("ff00::"), Ipv6Prefix(8), 1);
        OnOffHelper onoff("ns3::UdpSocketFactory", Inet6SocketAddress(GROUP, port));
        onoff.SetConstantRate(DataRate(packetSize * 8 * rate), packetSize);
        ApplicationContainer app = onoff.Install(all.Get(i));
        app.Start(Seconds(1));
        app.Stop(Seconds(75));
    }
    Ipv6Address s1 = lanA.GetAddress(1, 1); // global addresses
    Ipv6Address s2 = lanA.GetAddress(2, 1);

    // H1 (MLDv1) from 8 s to 24 s and H0 (Version 0) from 5 s to 72 s: any-source
    // joins through MldReceiver.
    std::vector<Ptr<MldReceiver>> receivers;
    for (const auto& [node, start, stop] : {std::make_tuple(4, 8, 24), std::make_tuple(5, 5, 72)})
    {
        Ptr<MldReceiver> receiver = CreateObject<MldReceiver>();
        receiver->SetAttribute("Group", Ipv6AddressValue(GROUP));
        all.Get(node)->AddApplication(receiver);
        receiver->SetStartTime(Seconds(start));
        receiver->SetStopTime(Seconds(stop));
        receivers.push_back(receiver);
    }

    Ptr<MldTraceLogger> logger = Create<MldTraceLogger>(std::cout);
    logger->AddGroup(GROUP);
    logger->ShowGeneralQueries(false);
    logger->Connect(router,
                    "R",
                    MldTraceLogger::TX | MldTraceLogger::QUERIERS | MldTraceLogger::FORWARD);
    uint32_t hostEvents = MldTraceLogger::TX | MldTraceLogger::V2_REPORT_TX;
    logger->Connect(all.Get(3), "H2", hostEvents);
    logger->Connect(all.Get(4), "H1", hostEvents);
    logger->Connect(all.Get(5), "H0", hostEvents);

    // H2 (MLDv2) changes its socket's filter; R's LAN C is upgraded.
    Ptr<MldProtocol> h2 = all.Get(3)->GetObject<MldProtocol>();
    Simulator::Schedule(Seconds(2), &SetExclude, logger, h2, std::set<Ipv6Address>{s1});
    Simulator::Schedule(Seconds(14), &SetExclude, logger, h2, std::set<Ipv6Address>{s1, s2});
    Simulator::Schedule(Seconds(50), &SetExclude, logger, h2, std::set<Ipv6Address>{s1});
    Simulator::Schedule(Seconds(55), &SetExclude, logger, h2, std::set<Ipv6Address>{s1, s2});
    Ptr<MldProtocol> routerMld = router->GetObject<MldProtocol>();
    Simulator::Schedule(Seconds(upgradeTime), &UpgradeLanC, logger, routerMld);
    Ptr<OutputStreamWrapper> out = Create<OutputStreamWrapper>(&std::cout);
    for (double t : {20.0, 40.0, 65.0})
    {
        MldHelper::PrintListenerTablesAt(Seconds(t), router, out);
    }
    csma.EnablePcapAll(outputDir + "/mld-mixed-versions");

    std::cout << "S1 is " << s1 << ", S2 " << s2 << ".\n";
    Simulator::Stop(Seconds(stopTime));
    Simulator::Run();
    logger->SetEnabled(false);

    std::cout << "\n== H1 received " << receivers[0]->GetReceived() << " packets, H0 "
              << receivers[1]->GetReceived() << "; R forwarded "
              << routerMld->GetRouting()->GetForwardedCount() << " copies\n";
    std::cout << "\npcaps: " << outputDir << "/mld-mixed-versions-<node>-<device>.pcap (R is "
              << "node 0, S1 1, S2 2, H2 3, H1 4, H0 5; R's devices 0, 1, 2 are on LANs A, B, C)\n";
    Simulator::Destroy();
    return 0;
}
