/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * mld-proxy-tree's nodes, one site per MPI rank: the links between sites are point-to-point
 * (the only links ns-3 lets cross ranks), each site's LANs stay on its rank.
 *
 *   site 0                 site 1         site 2
 *   S ==LAN S== R ---A--- P1 ---B--- P2 ==LAN D== D1 D2
 *                          +----C--- P3 ==LAN E== E1        (site 3)
 *
 * Site k runs on rank k % ranks. D1 is in ff1e::1 from 2 to 12 s, E1 5 to 20 s, D2 8 to
 * 16 s; S sends from 1 to 25 s. Each rank prints for its own nodes: at chosen times the
 * listener tables of R and the proxies and the proxies' databases, at the end each
 * receiver's delivery count and first and last times. Sorted, all ranks' lines are the
 * sequential run's (scripts/mpi-proxy-check.sh). Only a rank's own nodes get IPv6, MLD and
 * applications (another rank's node is a shell that must not send); random streams are
 * numbered by node id, whatever the ranks.
 *   ./ns3 run mld-proxy-tree-distributed                                    # one process
 *   ./ns3 run mld-proxy-tree-distributed --command-template="mpirun -np 4 %s --mpi"
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/mld-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#ifdef NS3_MPI
#include "ns3/mpi-interface.h"
#endif

#include <iomanip>
#include <iostream>
#include <sstream>

using namespace ns3;

namespace
{

/// \param items addresses or interfaces \return them between braces
template <typename T>
std::string
Str(const std::set<T>& items)
{
    std::ostringstream os;
    os << "{";
    for (const T& item : items)
    {
        os << " " << item;
    }
    os << " }";
    return os.str();
}

/// Print a node's listener tables and proxy database. \param node the node \param name its name
void
PrintState(Ptr<Node> node, const std::string& name)
{
    Ptr<MldProtocol> mld = node->GetObject<MldProtocol>();
    for (uint32_t i = 1; i < node->GetObject<Ipv6>()->GetNInterfaces(); ++i)
    {
        for (const MldListenerEntry& e : mld->GetQuerier(i) ? mld->GetQuerier(i)->GetListenerTable()
                                                            : std::vector<MldListenerEntry>{})
        {
            std::cout << "TABLE t=" << Simulator::Now().As(Time::S) << " " << name
                      << " if=" << e.interface << " " << e.group << " " << e.state << " "
                      << e.filterMode << " run=" << Str(e.RunningSources())
                      << " stopped=" << Str(e.StoppedSources())
                      << " timer=" << e.timerRemaining.As(Time::S) << "\n";
        }
    }
    if (Ptr<MldProxy> proxy = mld->GetProxy())
    {
        for (const MldProxyRecord& r : proxy->GetDatabase())
        {
            std::cout << "DATABASE t=" << Simulator::Now().As(Time::S) << " " << name << " "
                      << r.group << (r.filter.exclude ? " EXCLUDE " : " INCLUDE ")
                      << Str(r.filter.sources) << " interfaces " << Str(r.interfaces) << "\n";
        }
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    bool mpi = false;
    bool nullmsg = false;
    uint32_t rate = 50;
    Time delay = MilliSeconds(5);

    CommandLine cmd(__FILE__);
    cmd.AddValue("mpi", "Distribute the sites over the MPI ranks (run under mpirun)", mpi);
    cmd.AddValue("nullmsg", "With --mpi: null-message synchronisation", nullmsg);
    cmd.AddValue("rate", "Packets per second the source sends", rate);
    cmd.AddValue("delay", "Delay of the point-to-point links between sites", delay);
    cmd.Parse(argc, argv);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    std::cout << std::fixed << std::setprecision(9); // times (Time::As) to the nanosecond

    uint32_t rank = 0;
    uint32_t ranks = 1;
    if (mpi)
    {
#ifdef NS3_MPI
        GlobalValue::Bind("SimulatorImplementationType",
                          StringValue(nullmsg ? "ns3::NullMessageSimulatorImpl"
                                              : "ns3::DistributedSimulatorImpl"));
        MpiInterface::Enable(&argc, &argv);
        rank = MpiInterface::GetSystemId();
        ranks = MpiInterface::GetSize();
#else
        NS_FATAL_ERROR("--mpi: this ns-3 is built without MPI (./ns3 configure --enable-mpi)");
#endif
    }

    const std::vector<std::string> names{"S", "R", "P1", "P2", "P3", "D1", "D2", "E1"};
    const std::vector<uint32_t> sites{0, 0, 1, 2, 3, 2, 2, 3}; // node i on rank sites[i] % ranks
    NodeContainer all;
    NodeContainer local; // this rank's nodes
    for (uint32_t i = 0; i < names.size(); ++i)
    {
        all.Add(CreateObject<Node>(sites[i] % ranks));
        if (sites[i] % ranks == rank)
        {
            local.Add(all.Get(i));
        }
    }
    auto n = [&all](uint32_t i) { return all.Get(i); };

    // Every rank builds every link (same node, device and MAC numbering everywhere).
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    csma.SetChannelAttribute("Delay", TimeValue(NanoSeconds(6560)));
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    p2p.SetChannelAttribute("Delay", TimeValue(delay));
    std::vector<NetDeviceContainer> links{csma.Install(NodeContainer(n(0), n(1))),       // S
                                          p2p.Install(n(1), n(2)),                       // A
                                          p2p.Install(n(2), n(3)),                       // B
                                          p2p.Install(n(2), n(4)),                       // C
                                          csma.Install(NodeContainer(n(3), n(5), n(6))), // D
                                          csma.Install(NodeContainer(n(4), n(7)))};      // E

    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(local);
    Ipv6AddressHelper addresses; // addresses from the MACs: the same with or without peers
    for (size_t i = 0; i < links.size(); ++i)
    {
        NetDeviceContainer mine;
        for (uint32_t d = 0; d < links[i].GetN(); ++d)
        {
            if (links[i].Get(d)->GetNode()->GetSystemId() == rank)
            {
                mine.Add(links[i].Get(d));
            }
        }
        addresses.SetBase(Ipv6Address(("2001:db8:" + std::string(1, 'a' + i) + "::").c_str()),
                          Ipv6Prefix(64));
        addresses.Assign(mine);
    }

    // As in mld-proxy-tree: MLDv2, R routes between LANs S and A, proxies P1 to P3.
    MldHelper mld;
    mld.SetListenerAttribute("Version", StringValue("MLDv2Fallback"));
    mld.SetQuerierAttribute("Version", StringValue("MLDv2"));
    mld.Install(local);
    MldProxyHelper proxies;
    proxies.SetQuerierAttribute("Version", StringValue("MLDv2"));
    const Ipv6Address group("ff1e::1");
    OnOffHelper onoff("ns3::UdpSocketFactory", Inet6SocketAddress(group, 9));
    onoff.SetConstantRate(DataRate(100 * 8 * rate), 100);
    // Listeners D1, D2 and E1 (nodes 5 to 7): join and leave times (s).
    const std::vector<int> join{0, 0, 0, 0, 0, 2, 8, 5};
    const std::vector<int> leave{0, 0, 0, 0, 0, 12, 16, 20};
    std::vector<std::pair<std::string, Ptr<MldReceiver>>> receivers; // this rank's
    for (uint32_t k = 0; k < local.GetN(); ++k)
    {
        Ptr<Node> node = local.Get(k);
        const uint32_t i = node->GetId(); // index in names
        if (i == 0)                       // the source: multicast out of its only interface
        {
            Ipv6StaticRoutingHelper()
                .GetStaticRouting(node->GetObject<Ipv6>())
                ->AddNetworkRouteTo(Ipv6Address("ff00::"), Ipv6Prefix(8), 1);
            ApplicationContainer app = onoff.Install(node);
            app.Start(Seconds(1));
            app.Stop(Seconds(25));
        }
        if (i == 1)
        {
            mld.SetRouter(node);
        }
        if (i >= 2 && i <= 4) // upstream 1; downstream: P1 2 and 3, P2 and P3 2
        {
            proxies.Install(node, 1, i == 2 ? std::set<uint32_t>{2, 3} : std::set<uint32_t>{2});
        }
        if (i >= 1 && i <= 4) // listener tables while the members change
        {
            for (double t : {1.5, 3.0, 6.0, 10.0, 13.0, 17.0, 21.0, 25.5})
            {
                Simulator::Schedule(Seconds(t), &PrintState, node, names[i]);
            }
        }
        if (join[i] > 0)
        {
            Ptr<MldReceiver> receiver = CreateObject<MldReceiver>();
            receiver->SetAttribute("Group", Ipv6AddressValue(group));
            receiver->SetAttribute("Port", UintegerValue(9));
            node->AddApplication(receiver);
            receiver->SetStartTime(Seconds(join[i]));
            receiver->SetStopTime(Seconds(leave[i]));
            receivers.emplace_back(names[i], receiver);
        }
        // Streams by node id: the same draws on any number of ranks.
        int64_t stream = 1000 * int64_t(i);
        stream += stack.AssignStreams(NodeContainer(node), stream);
        stream += mld.AssignStreams(NodeContainer(node), stream);
        for (uint32_t d = 0; d < node->GetNDevices(); ++d)
        {
            stream += csma.AssignStreams(NetDeviceContainer(node->GetDevice(d)), stream);
        }
    }

    Simulator::Stop(Seconds(26));
    Simulator::Run();
    for (const auto& [name, r] : receivers) // packets, first and last (-1 s: none)
    {
        std::cout << "RECEIVER " << name << " " << group << " count=" << r->GetReceived()
                  << " first=" << r->GetFirstReceived().As(Time::S)
                  << " last=" << r->GetLastReceived().As(Time::S) << std::endl;
    }
    Simulator::Destroy();
#ifdef NS3_MPI
    if (mpi)
    {
        MpiInterface::Disable();
    }
#endif
    return 0;
}
