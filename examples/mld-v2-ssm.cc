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
 *          S1        S2       (both send to ff3e::1234, port 9, --rate pkt/s each)
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
 *   1    S1 and S2 start sending; R forwards nothing (no listeners)
 *   2    L tries an any-source Join of ff3e::1234, and an EXCLUDE {} filter:
 *        both refused in the SSM range ff3x::/96 (RFC 4604 §2.2.1)
 *   3    L: JoinSource(ff3e::1234, S1) (--joinTime) -> ALLOW(S1), sent
 *        Robustness times; R: INCLUDE {S1} -> S1's data onto LAN B
 *  ...   L answers each General Query with IS_IN(S1): S1's timer restarts
 *  20    L: LeaveSource(ff3e::1234, S1) (--leaveTime) -> BLOCK(S1); R sends
 *        Multicast Address and Source Specific Queries Q(ff3e::1234, {S1})
 *        (LastListenerQueryCount x LastListenerQueryInterval), nobody answers,
 *        S1's timer expires: the group leaves the table, S1's data stops
 *  30    S1 and S2 stop; 32 end
 *
 * S2's data reaches R all along and is never forwarded: R's listener table
 * for LAN B never holds S2, and in the SSM range R keeps no any-source state.
 *
 * Output: L's calls, L's MLDv2 records for the group, R's queries for it, its
 * source records, listener table changes and the start of each forwarded
 * flow (MldTraceLogger); R's listener tables during the subscription and
 * during the source-specific queries; what L received from each source.
 * Checksums are on and every device writes a pcap:
 * <outputDir>/mld-v2-ssm-<node>-<device>.pcap. test/mld-scenario-test.cc
 * checks this scenario (suite mld_scenario).
 *
 *   ./ns3 run "mld-v2-ssm --outputDir=mld-output"
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/mld-module.h"
#include "ns3/network-module.h"

#include <iostream>
#include <map>
#include <sstream>

using namespace ns3;

namespace
{
const Ipv6Address GROUP("ff3e::1234"); //!< the SSM group
const uint64_t SOCKET = 1;             //!< L's socket identifier for its source filter

/**
 * \brief L tries what the SSM range refuses: an any-source join, an EXCLUDE filter.
 * \param logger the output
 * \param mld L's MLD
 */
void
TryAnySource(Ptr<MldTraceLogger> logger, Ptr<MldProtocol> mld)
{
    bool joined = mld->Join(1, GROUP);
    logger->Print("CALL",
                  "L",
                  std::string("Join(ff3e::1234) ") + (joined ? "accepted" : "refused"));
    bool excluded = mld->SetSourceFilter(1, GROUP, SOCKET, true, {});
    logger->Print("CALL",
                  "L",
                  std::string("SetSourceFilter(ff3e::1234, EXCLUDE {}) ") +
                      (excluded ? "accepted" : "refused"));
}

/**
 * \brief L joins or leaves one source of the group.
 * \param logger the output
 * \param mld L's MLD
 * \param source the source
 * \param join JoinSource (else LeaveSource)
 */
void
ChangeSource(Ptr<MldTraceLogger> logger, Ptr<MldProtocol> mld, Ipv6Address source, bool join)
{
    bool ok = join ? mld->JoinSource(1, GROUP, source, SOCKET)
                   : mld->LeaveSource(1, GROUP, source, SOCKET);
    std::ostringstream os;
    os << (join ? "JoinSource(" : "LeaveSource(") << GROUP << ", " << source << ") "
       << (ok ? "accepted" : "refused");
    logger->Print("CALL", "L", os.str());
}

/**
 * \brief L's socket: count the data received, by source.
 * \param received packets by source
 * \param socket the socket
 */
void
Receive(std::map<Ipv6Address, uint32_t>* received, Ptr<Socket> socket)
{
    Address from;
    while (socket->RecvFrom(from))
    {
        ++(*received)[Inet6SocketAddress::ConvertFrom(from).GetIpv6()];
    }
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string outputDir = "mld-output";
    double stopTime = 32;
    double joinTime = 3;
    double leaveTime = 20;
    uint32_t rate = 10;
    Time queryInterval = Seconds(10);
    Time queryResponseInterval = Seconds(2);
    Time lastListenerQueryInterval = Seconds(1);

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
    cmd.Parse(argc, argv);

    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    SystemPath::MakeDirectories(outputDir);

    // Nodes 0 to 3: R, S1, S2, L.
    NodeContainer all(4);
    Ptr<Node> router = all.Get(0);
    Ptr<Node> listener = all.Get(3);

    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    csma.SetChannelAttribute("Delay", TimeValue(NanoSeconds(6560)));
    NetDeviceContainer devA = csma.Install(NodeContainer(router, all.Get(1), all.Get(2)));
    NetDeviceContainer devB = csma.Install(NodeContainer(router, listener));

    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(all);
    Ipv6AddressHelper addresses;
    addresses.SetBase(Ipv6Address("2001:db8:a::"), Ipv6Prefix(64));
    Ipv6InterfaceContainer lanA = addresses.Assign(devA);
    addresses.SetBase(Ipv6Address("2001:db8:b::"), Ipv6Prefix(64));
    addresses.Assign(devB);

    // Every node runs MLDv2: hosts (listener Version 2) and router interfaces.
    MldHelper mld;
    mld.SetListenerAttribute("Version", StringValue("MLDv2"));
    mld.SetQuerierAttribute("Version", StringValue("MLDv2"));
    mld.SetQuerierAttribute("QueryInterval", TimeValue(queryInterval));
    mld.SetQuerierAttribute("QueryResponseInterval", TimeValue(queryResponseInterval));
    mld.SetQuerierAttribute("LastListenerQueryInterval", TimeValue(lastListenerQueryInterval));
    mld.Install(all);
    mld.SetRouter(router);
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
        app.Stop(Seconds(30));
    }
    Ipv6Address s1 = lanA.GetAddress(1, 1); // S1's global address
    Ipv6Address s2 = lanA.GetAddress(2, 1);

    // L receives on a UDP socket; its MLD state comes from the source calls
    // (MldReceiver makes any-source joins, which the SSM range refuses).
    std::map<Ipv6Address, uint32_t> received;
    Ptr<Socket> socket = Socket::CreateSocket(listener, UdpSocketFactory::GetTypeId());
    socket->Bind(Inet6SocketAddress(GROUP, port));
    socket->SetRecvCallback(MakeBoundCallback(&Receive, &received));

    Ptr<MldTraceLogger> logger = Create<MldTraceLogger>(std::cout);
    logger->AddGroup(GROUP);
    logger->ShowGeneralQueries(false);
    logger->Connect(listener, "L", MldTraceLogger::V2_REPORT_TX);
    logger->Connect(router,
                    "R",
                    MldTraceLogger::TX | MldTraceLogger::LISTENER | MldTraceLogger::SOURCE |
                        MldTraceLogger::FORWARD);

    Ptr<MldProtocol> listenerMld = listener->GetObject<MldProtocol>();
    Simulator::Schedule(Seconds(2), &TryAnySource, logger, listenerMld);
    Simulator::Schedule(Seconds(joinTime), &ChangeSource, logger, listenerMld, s1, true);
    Simulator::Schedule(Seconds(leaveTime), &ChangeSource, logger, listenerMld, s1, false);
    Ptr<OutputStreamWrapper> out = Create<OutputStreamWrapper>(&std::cout);
    MldHelper::PrintListenerTablesAt(Seconds((joinTime + leaveTime) / 2), router, out);
    MldHelper::PrintListenerTablesAt(Seconds(leaveTime + 0.5), router, out);
    csma.EnablePcapAll(outputDir + "/mld-v2-ssm");

    std::cout << "S1 is " << s1 << ", S2 " << s2 << "; L subscribes to (S1, " << GROUP << ") from "
              << joinTime << " s to " << leaveTime << " s.\n";
    Simulator::Stop(Seconds(stopTime));
    Simulator::Run();
    logger->SetEnabled(false);

    Ptr<MldRouting> routing = router->GetObject<MldProtocol>()->GetRouting();
    std::cout << "\n== L received " << received[s1] << " packets from S1 and " << received[s2]
              << " from S2; R forwarded " << routing->GetForwardedCount()
              << " copies and did not forward "
              << routing->GetForwardDropCount(MldRouting::NO_LISTENERS) << " (no listeners)\n";
    std::cout << "\npcaps: " << outputDir << "/mld-v2-ssm-<node>-<device>.pcap (R is node 0, "
              << "S1 1, S2 2, L 3; R's devices 0 and 1 are on LANs A and B)\n";
    Simulator::Destroy();
    return 0;
}
