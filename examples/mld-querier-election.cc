/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * Querier election (RFC 2710 §6): two MLD routers on one LAN. Both start as
 * querier; the one that hears a query from a lower link-local address stops
 * being querier. When the querier's interface goes down, the other router
 * takes over once its Other Querier Present timer expires, that is OQPI
 * (Robustness x QueryInterval + QueryResponseInterval / 2) after the last
 * query it heard.
 *
 *    R1     R2     H1     H2
 *    |      |      |      |
 *   ===========================  CSMA, 100 Mb/s, 2001:db8:1::/64
 *
 * R1 is fe80::200:ff:fe00:1 and R2 fe80::200:ff:fe00:2 (ns-3 autoconfigures
 * link-local addresses from the MACs, given in creation order): R1 wins.
 *
 *  t(s)  event (QueryInterval 10 s, QueryResponseInterval 2 s: OQPI 21 s)
 *   0    R1 and R2 start as querier
 *  ~1    DAD ends; both send a General Query; R2 hears R1's and yields
 *   2    H1 joins ff1e::1; 3 H2 joins ff1e::2 (both routers learn them)
 *  30    R1's interface goes down (Ipv6::SetDown)
 *  ~44.5 R2 becomes querier: last query heard from R1 (23.5 s) + OQPI
 *  60    H1 leaves ff1e::1: R2, now querier, sends the address-specific queries
 *  70    R1's interface comes back up: it queries and R2 yields again
 *  80    end
 *
 * Checksums are on and every device writes a pcap:
 * <outputDir>/mld-querier-election-<node>-<device>.pcap.
 * The summary lists the QuerierChanged events, the expected and measured
 * takeover times, the queries each router sent, and both listener tables
 * before and after the takeover.
 */

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/mld-module.h"
#include "ns3/network-module.h"

#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <sys/stat.h>
#include <vector>

using namespace ns3;

namespace
{
std::vector<std::pair<Time, std::string>> g_timeline; //!< events, in time order
std::map<std::string, std::pair<uint32_t, uint32_t>>
    g_queries;              //!< General and address-specific queries sent, by router
Time g_lastHeardFromR1(-1); //!< last query R2 heard from R1 while R1 was up
Time g_r1DownAt(-1);        //!< when R1's interface went down
Time g_takeover(-1);        //!< when R2 became querier after that
Time g_r1UpAt(-1);          //!< when R1's interface came back up
Time g_heardAfterUp(-1);    //!< first query R2 heard from R1 after that
Time g_yield(-1);           //!< when R2 gave the role back
Ipv6Address g_r1Address;    //!< R1's link-local address

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
 * \brief MldQuerier QuerierChanged sink.
 * \param name the router
 * \param interface IPv6 interface index
 * \param isQuerier true when the router became querier
 * \param querier the querier's address as far as the router knows
 */
void
QuerierChanged(std::string name, uint32_t interface, bool isQuerier, Ipv6Address querier)
{
    std::ostringstream os;
    os << "QuerierChanged " << name << " if " << interface << ": "
       << (isQuerier ? "querier" : "non-querier") << ", querier " << querier;
    Log(os.str());
    if (name == "R2" && isQuerier && g_r1DownAt.IsPositive() && g_takeover.IsNegative())
    {
        g_takeover = Simulator::Now();
    }
    if (name == "R2" && !isQuerier && g_r1UpAt.IsPositive() && g_yield.IsNegative())
    {
        g_yield = Simulator::Now();
    }
}

/**
 * \brief MldProtocol Tx sink of a router: count and log its queries.
 * \param name the router
 * \param verbose log general queries too
 * \param interface IPv6 interface index
 * \param type ICMPv6 type
 * \param group the Multicast Address field
 * \param source IPv6 source
 * \param destination IPv6 destination
 */
void
RouterTx(std::string name,
         bool verbose,
         uint32_t interface,
         uint8_t type,
         Ipv6Address group,
         Ipv6Address source,
         Ipv6Address destination)
{
    if (type != MldHeader::LISTENER_QUERY)
    {
        return;
    }
    auto& [general, specific] = g_queries[name];
    ++(group.IsAny() ? general : specific);
    if (verbose || !group.IsAny())
    {
        std::ostringstream os;
        os << name << " sends " << (group.IsAny() ? "General Query" : "Query for ");
        if (!group.IsAny())
        {
            os << group;
        }
        os << " from " << source;
        Log(os.str());
    }
}

/**
 * \brief MldQuerier ListenerAdded / ListenerRemoved sink: log groups wider than link scope.
 * \param name the router
 * \param added true for ListenerAdded
 * \param interface IPv6 interface index
 * \param group the group
 */
void
ListenerChange(std::string name, bool added, uint32_t interface, Ipv6Address group)
{
    uint8_t bytes[16];
    group.GetBytes(bytes);
    if ((bytes[1] & 0x0f) > 2)
    {
        std::ostringstream os;
        os << name << (added ? " adds " : " removes ") << group;
        Log(os.str());
    }
}

/**
 * \brief R2's MldProtocol Rx sink: remember the last query heard from R1.
 * \param interface IPv6 interface index
 * \param type ICMPv6 type
 * \param group the Multicast Address field
 * \param source IPv6 source
 * \param destination IPv6 destination
 */
void
R2Rx(uint32_t interface,
     uint8_t type,
     Ipv6Address group,
     Ipv6Address source,
     Ipv6Address destination)
{
    if (type != MldHeader::LISTENER_QUERY || source != g_r1Address)
    {
        return;
    }
    if (g_r1DownAt.IsNegative())
    {
        g_lastHeardFromR1 = Simulator::Now();
    }
    else if (g_r1UpAt.IsPositive() && g_heardAfterUp.IsNegative())
    {
        g_heardAfterUp = Simulator::Now();
    }
}

/**
 * \brief Take R1's interface down or up.
 * \param r1 the router
 * \param up true to bring it up
 */
void
SetR1(Ptr<Node> r1, bool up)
{
    Ptr<Ipv6> ipv6 = r1->GetObject<Ipv6>();
    Log(up ? "R1 interface 1 up" : "R1 interface 1 down");
    if (up)
    {
        g_r1UpAt = Simulator::Now();
        ipv6->SetUp(1);
    }
    else
    {
        g_r1DownAt = Simulator::Now();
        ipv6->SetDown(1);
    }
}

/**
 * \brief Join or leave a group, and log it.
 * \param name the host
 * \param node the host's node
 * \param group the group
 * \param join true to join
 */
void
Membership(std::string name, Ptr<Node> node, Ipv6Address group, bool join)
{
    if (join)
    {
        MldHelper::Join(node, 1, group);
    }
    else
    {
        MldHelper::Leave(node, 1, group);
    }
    std::ostringstream os;
    os << name << (join ? " joins " : " leaves ") << group;
    Log(os.str());
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string outputDir = "mld-output";
    double stopTime = 80;
    double downTime = 30;
    double upTime = 70;
    Time queryInterval = Seconds(10);
    Time queryResponseInterval = Seconds(2);
    uint32_t seed = 1;
    uint32_t run = 1;
    bool verbose = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("outputDir", "Folder for the pcaps", outputDir);
    cmd.AddValue("stopTime", "Simulated seconds", stopTime);
    cmd.AddValue("downTime", "When R1's interface goes down (s)", downTime);
    cmd.AddValue("upTime", "When R1's interface comes back up (s); negative: never", upTime);
    cmd.AddValue("queryInterval", "Routers' Query Interval", queryInterval);
    cmd.AddValue("queryResponseInterval",
                 "Routers' Query Response Interval",
                 queryResponseInterval);
    cmd.AddValue("seed", "RngSeed", seed);
    cmd.AddValue("run", "RngRun", run);
    cmd.AddValue("verbose", "Timeline shows every General Query", verbose);
    cmd.Parse(argc, argv);

    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    mkdir(outputDir.c_str(), 0755);

    NodeContainer routers(2);
    NodeContainer hosts(2);
    NodeContainer all(routers, hosts);
    Ptr<Node> r1 = routers.Get(0);
    Ptr<Node> r2 = routers.Get(1);

    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    csma.SetChannelAttribute("Delay", TimeValue(NanoSeconds(6560)));
    NetDeviceContainer devices = csma.Install(all);

    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(all);
    Ipv6AddressHelper addresses;
    addresses.SetBase(Ipv6Address("2001:db8:1::"), Ipv6Prefix(64));
    addresses.Assign(devices);

    MldHelper mld;
    mld.SetQuerierAttribute("QueryInterval", TimeValue(queryInterval));
    mld.SetQuerierAttribute("QueryResponseInterval", TimeValue(queryResponseInterval));
    std::vector<Ptr<MldProtocol>> protocols;
    for (uint32_t i = 0; i < all.GetN(); ++i)
    {
        protocols.push_back(mld.Install(all.Get(i)));
    }
    mld.SetRouter(routers);
    mld.AssignStreams(all, 100);

    g_r1Address = r1->GetObject<Ipv6>()->GetAddress(1, 0).GetAddress();
    Ipv6Address r2Address = r2->GetObject<Ipv6>()->GetAddress(1, 0).GetAddress();
    for (uint32_t i = 0; i < routers.GetN(); ++i)
    {
        std::string name = i == 0 ? "R1" : "R2";
        Ptr<MldProtocol> protocol = protocols[i];
        protocol->GetQuerier(1)->TraceConnectWithoutContext(
            "QuerierChanged",
            MakeBoundCallback(&QuerierChanged, name));
        protocol->GetQuerier(1)->TraceConnectWithoutContext(
            "ListenerAdded",
            MakeBoundCallback(&ListenerChange, name, true));
        protocol->GetQuerier(1)->TraceConnectWithoutContext(
            "ListenerRemoved",
            MakeBoundCallback(&ListenerChange, name, false));
        protocol->TraceConnectWithoutContext("Tx", MakeBoundCallback(&RouterTx, name, verbose));
    }
    protocols[1]->TraceConnectWithoutContext("Rx", MakeCallback(&R2Rx));

    Ipv6Address g1("ff1e::1");
    Ipv6Address g2("ff1e::2");
    Simulator::Schedule(Seconds(2), &Membership, "H1", hosts.Get(0), g1, true);
    Simulator::Schedule(Seconds(3), &Membership, "H2", hosts.Get(1), g2, true);
    Simulator::Schedule(Seconds(60), &Membership, "H1", hosts.Get(0), g1, false);
    Simulator::Schedule(Seconds(downTime), &SetR1, r1, false);
    if (upTime >= 0)
    {
        Simulator::Schedule(Seconds(upTime), &SetR1, r1, true);
    }

    std::ostringstream tables;
    tables << std::fixed << std::setprecision(3);
    Ptr<OutputStreamWrapper> tableStream = Create<OutputStreamWrapper>(&tables);
    for (double t : {downTime - 5, downTime + 20})
    {
        MldHelper::PrintListenerTablesAt(Seconds(t), r1, tableStream);
        MldHelper::PrintListenerTablesAt(Seconds(t), r2, tableStream);
    }

    csma.EnablePcapAll(outputDir + "/mld-querier-election");

    Simulator::Stop(Seconds(stopTime));
    Simulator::Run();

    Ptr<MldQuerier> q2 = protocols[1]->GetQuerier(1);
    Time oqpi = q2->GetOtherQuerierPresentInterval();
    std::cout << "Querier election: R1 " << g_r1Address << ", R2 " << r2Address
              << ". QueryInterval " << Sec(q2->GetQueryInterval()) << ", QueryResponseInterval "
              << Sec(q2->GetQueryResponseInterval()) << ", Robustness " << q2->GetRobustness()
              << ": Other Querier Present Interval " << Sec(oqpi) << ".\n";

    std::cout << "\n== Timeline\n";
    for (const auto& [t, text] : g_timeline)
    {
        std::cout << "  " << std::setw(9) << Sec(t) << "  " << text << "\n";
    }

    std::cout << "\n== Takeover after R1 went down at " << Sec(Seconds(downTime)) << "\n";
    if (g_lastHeardFromR1.IsNegative())
    {
        std::cout << "  R2 never heard a query from R1 (it is "
                  << (q2->IsQuerier() ? "querier" : "non-querier") << " at the end)\n";
    }
    else
    {
        Time expected = g_lastHeardFromR1 + oqpi;
        std::cout << "  last query R2 heard from R1    " << Sec(g_lastHeardFromR1) << "\n"
                  << "  expected takeover (+ OQPI)     " << Sec(expected) << "\n"
                  << "  upper bound (down + OQPI)      " << Sec(Seconds(downTime) + oqpi) << "\n";
        if (g_takeover.IsNegative())
        {
            std::cout << "  measured: R2 did not become querier before " << Sec(Seconds(stopTime))
                      << "\n";
        }
        else
        {
            std::cout << "  measured takeover              " << Sec(g_takeover) << " ("
                      << (g_takeover == expected ? "as expected" : "differs from expected") << "; "
                      << Sec(g_takeover - Seconds(downTime)) << " without a querier)\n";
        }
    }

    if (g_r1UpAt.IsPositive())
    {
        std::cout << "\n== R1 back up at " << Sec(g_r1UpAt) << "\n";
        if (g_heardAfterUp.IsPositive())
        {
            std::cout << "  R1's first query (after DAD)   " << Sec(g_heardAfterUp) << "\n";
        }
        std::cout << "  R2 non-querier again           "
                  << (g_yield.IsPositive() ? Sec(g_yield) : std::string("no")) << "\n";
    }

    std::cout << "\n== Queries sent (general, address-specific)\n";
    for (const auto& [name, count] : g_queries)
    {
        std::cout << "  " << name << "  " << count.first << ", " << count.second << "\n";
    }
    std::cout << "\n== Listener tables (both routers keep one; only the querier sends queries)\n"
              << tables.str();
    std::cout << "\npcaps: " << outputDir
              << "/mld-querier-election-<node>-0.pcap (R1 node 0, R2 1, H1 2, H2 3)\n";
    Simulator::Destroy();
    return 0;
}
