/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-test-util.h"

#include "ns3/applications-module.h"
#include "ns3/pcap-file.h"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <iterator>

namespace mldtest
{

void
MessageLog::OnTx(MessageLog* log,
                 uint32_t node,
                 uint32_t interface,
                 uint8_t type,
                 Ipv6Address group,
                 Ipv6Address source,
                 Ipv6Address destination)
{
    log->sent.push_back({Simulator::Now(), node, interface, type, group, source, destination});
}

void
MessageLog::OnRx(MessageLog* log,
                 uint32_t node,
                 uint32_t interface,
                 uint8_t type,
                 Ipv6Address group,
                 Ipv6Address source,
                 Ipv6Address destination)
{
    log->received.push_back({Simulator::Now(), node, interface, type, group, source, destination});
}

void
MessageLog::OnDrop(MessageLog* log,
                   uint32_t node,
                   Ptr<const Packet> packet,
                   uint32_t interface,
                   MldDropReason reason)
{
    log->drops.push_back({Simulator::Now(), node, interface, reason});
}

void
MessageLog::Attach(NodeContainer nodes)
{
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Ptr<MldProtocol> mld = nodes.Get(i)->GetObject<MldProtocol>();
        if (!mld)
        {
            continue;
        }
        uint32_t id = nodes.Get(i)->GetId();
        mld->TraceConnectWithoutContext("Tx", MakeBoundCallback(&MessageLog::OnTx, this, id));
        mld->TraceConnectWithoutContext("Rx", MakeBoundCallback(&MessageLog::OnRx, this, id));
        mld->TraceConnectWithoutContext("Drop", MakeBoundCallback(&MessageLog::OnDrop, this, id));
    }
}

std::vector<Message>
MessageLog::Sent(uint8_t type, Ipv6Address group, int32_t node) const
{
    std::vector<Message> out;
    for (const auto& m : sent)
    {
        if (m.type == type && (group.IsAny() || m.group == group) &&
            (node < 0 || m.node == static_cast<uint32_t>(node)))
        {
            out.push_back(m);
        }
    }
    return out;
}

Ptr<MldProtocol>
Lan::Mld(uint32_t i) const
{
    return nodes.Get(i)->GetObject<MldProtocol>();
}

Ipv6Address
Lan::LinkLocal(uint32_t i) const
{
    Ptr<Ipv6> ipv6 = nodes.Get(i)->GetObject<Ipv6>();
    for (uint32_t j = 0; j < ipv6->GetNAddresses(1); ++j)
    {
        if (ipv6->GetAddress(1, j).GetAddress().IsLinkLocal())
        {
            return ipv6->GetAddress(1, j).GetAddress();
        }
    }
    return Ipv6Address::GetAny();
}

Lan
MakeLan(const LanOptions& options, MldHelper helper)
{
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(options.checksums));
    Lan lan;
    lan.nodes.Create(options.hosts);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    csma.SetChannelAttribute("Delay", TimeValue(options.delay));
    lan.devices = csma.Install(lan.nodes);
    lan.channel = DynamicCast<CsmaChannel>(lan.devices.Get(0)->GetChannel());
    // MAC addresses (and so link-local addresses) from node ids, which restart with every
    // simulation: ns-3 before 3.37 never resets Mac48Address::Allocate's counter, so the
    // second simulation of one process would get other addresses.
    for (uint32_t i = 0; i < lan.devices.GetN(); ++i)
    {
        uint32_t id = lan.nodes.Get(i)->GetId() + 1;
        uint8_t mac[6] = {0,
                          0,
                          static_cast<uint8_t>(id >> 24),
                          static_cast<uint8_t>(id >> 16),
                          static_cast<uint8_t>(id >> 8),
                          static_cast<uint8_t>(id)};
        Mac48Address address;
        address.CopyFrom(mac);
        lan.devices.Get(i)->SetAddress(address);
    }

    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(lan.nodes);
    if (!options.dad)
    {
        for (uint32_t i = 0; i < lan.nodes.GetN(); ++i)
        {
            lan.nodes.Get(i)->GetObject<Icmpv6L4Protocol>()->SetAttribute("DAD",
                                                                          BooleanValue(false));
        }
    }
    Ipv6AddressHelper addresses;
    addresses.SetBase(Ipv6Address("2001:db8:1::"), Ipv6Prefix(64));
    addresses.Assign(lan.devices);

    helper.Install(lan.nodes);
    for (uint32_t i = 0; i < options.routers; ++i)
    {
        helper.SetRouter(lan.nodes.Get(i));
    }
    helper.AssignStreams(lan.nodes, 1000);
    if (!options.pcapPrefix.empty())
    {
        csma.EnablePcapAll(options.pcapPrefix);
    }
    return lan;
}

Ptr<Packet>
BuildForged(const Forge& f)
{
    std::vector<uint8_t> icmp(24, 0);
    icmp[0] = f.type;
    icmp[1] = f.code;
    icmp[4] = static_cast<uint8_t>(f.maxDelay >> 8);
    icmp[5] = static_cast<uint8_t>(f.maxDelay);
    icmp[6] = static_cast<uint8_t>(f.reserved >> 8);
    icmp[7] = static_cast<uint8_t>(f.reserved);
    f.group.Serialize(icmp.data() + 8);
    icmp.insert(icmp.end(), f.extra.begin(), f.extra.end());
    uint16_t sum = MldHeader::ComputeChecksum(f.source, f.destination, icmp.data(), icmp.size());
    if (!f.goodChecksum)
    {
        sum ^= 0x5555;
    }
    icmp[2] = static_cast<uint8_t>(sum >> 8);
    icmp[3] = static_cast<uint8_t>(sum);
    if (f.truncateTo >= 0 && static_cast<size_t>(f.truncateTo) < icmp.size())
    {
        icmp.resize(f.truncateTo);
    }

    std::vector<uint8_t> bytes(40, 0);
    std::vector<uint8_t> hbh = {58, 0, 5, 2, 0, 0, 1, 0};
    uint32_t payload = icmp.size() + (f.routerAlert ? hbh.size() : 0);
    bytes[0] = 0x60;
    bytes[4] = static_cast<uint8_t>(payload >> 8);
    bytes[5] = static_cast<uint8_t>(payload);
    bytes[6] = f.routerAlert ? 0 : 58;
    bytes[7] = f.hopLimit;
    f.source.Serialize(bytes.data() + 8);
    f.destination.Serialize(bytes.data() + 24);
    if (f.routerAlert)
    {
        bytes.insert(bytes.end(), hbh.begin(), hbh.end());
    }
    bytes.insert(bytes.end(), icmp.begin(), icmp.end());
    return Create<Packet>(bytes.data(), bytes.size());
}

Ptr<Packet>
WrapMld(Ptr<Packet> message, Ipv6Address source, Ipv6Address destination)
{
    Ipv6ExtensionHopByHopHeader hopByHop;
    hopByHop.SetNextHeader(58);
    hopByHop.AddOption(Ipv6OptionRouterAlertHeader()); // value 0: MLD (RFC 2711)
    message->AddHeader(hopByHop);
    Ipv6Header ip;
    ip.SetSource(source);
    ip.SetDestination(destination);
    ip.SetNextHeader(0);
    ip.SetHopLimit(1);
    ip.SetPayloadLength(message->GetSize());
    message->AddHeader(ip);
    return message;
}

void
Inject(Ptr<Node> node, const Forge& f)
{
    node->GetObject<MldProtocol>()->Receive(BuildForged(f), 1);
}

std::vector<std::vector<uint8_t>>
ReadPcapIpv6(const std::string& path)
{
    std::vector<std::vector<uint8_t>> out;
    PcapFile pcap;
    pcap.Open(path, std::ios::in);
    BOOST_REQUIRE_MESSAGE(!pcap.Fail(), "cannot read the capture " << path);
    uint32_t linkType = pcap.GetDataLinkType();
    std::vector<uint8_t> buf(pcap.GetSnapLen() > 0 ? pcap.GetSnapLen() : 65535);
    while (true)
    {
        uint32_t sec;
        uint32_t usec;
        uint32_t inclLen;
        uint32_t origLen;
        uint32_t readLen;
        pcap.Read(buf.data(), buf.size(), sec, usec, inclLen, origLen, readLen);
        if (pcap.Fail() || pcap.Eof())
        {
            break;
        }
        uint32_t offset = 0;
        if (linkType == iana::linktype::ETHERNET)
        {
            if (readLen < 14)
            {
                continue;
            }
            uint16_t etherType = (buf[12] << 8) | buf[13];
            offset = 14;
            if (etherType == 0x8100 && readLen >= 18)
            {
                etherType = (buf[16] << 8) | buf[17];
                offset = 18;
            }
            if (etherType != 0x86dd)
            {
                continue;
            }
        }
        out.emplace_back(buf.begin() + offset, buf.begin() + readLen);
    }
    pcap.Close();
    return out;
}

namespace
{
/// Where TracesDir() points: the build's MLD_TRACES_DIR until SetTracesDir() is called.
std::string&
TracesDirSetting()
{
#ifdef MLD_TRACES_DIR
    static std::string dir = MLD_TRACES_DIR;
#else
    static std::string dir = "test/data";
#endif
    return dir;
}
} // namespace

std::string
TracesDir()
{
    return TracesDirSetting();
}

void
SetTracesDir(const std::string& dir)
{
    TracesDirSetting() = dir;
}

std::vector<uint8_t>
ReadFileBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in),
                                std::istreambuf_iterator<char>());
}

/**
 * \brief Build CSMA LANs (100 Mb/s, 6560 ns, as the examples): LAN i is
 * 2001:db8:<a + i>::/64. A node's IPv6 interfaces follow the order of the LANs it is on.
 * \param count number of nodes
 * \param lans the nodes of each LAN, by index
 * \return the topology
 */
Topology
MakeTopology(uint32_t count, const std::vector<std::vector<uint32_t>>& lans)
{
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    Topology t;
    t.nodes.Create(count);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
    csma.SetChannelAttribute("Delay", TimeValue(NanoSeconds(6560)));
    std::vector<NetDeviceContainer> devices;
    uint32_t mac = 0;
    for (const auto& members : lans)
    {
        NodeContainer lanNodes;
        for (uint32_t i : members)
        {
            lanNodes.Add(t.nodes.Get(i));
        }
        devices.push_back(csma.Install(lanNodes));
        MldAssignMacAddresses(devices.back(), 0, mac);
    }
    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    MldHelper::ConfigureStack(stack);
    stack.Install(t.nodes);
    Ipv6AddressHelper addresses;
    for (size_t i = 0; i < devices.size(); ++i)
    {
        std::ostringstream prefix;
        prefix << "2001:db8:" << std::hex << (0xa + i) << "::";
        addresses.SetBase(Ipv6Address(prefix.str().c_str()), Ipv6Prefix(64));
        t.lan.push_back(addresses.Assign(devices[i]));
    }
    return t;
}

/// A source that sends `rate` packets per second to a group from start to stop (OnOff, as the
/// examples), out of its interface 1, to UDP port `port`.
void
AddSource(Ptr<Node> node, Ipv6Address group, Time start, Time stop, uint16_t port, uint32_t rate)
{
    Ipv6StaticRoutingHelper staticRouting;
    staticRouting.GetStaticRouting(node->GetObject<Ipv6>())
        ->AddNetworkRouteTo(Ipv6Address("ff00::"), Ipv6Prefix(8), 1);
    OnOffHelper onoff("ns3::UdpSocketFactory", Inet6SocketAddress(group, port));
    onoff.SetConstantRate(DataRate(100 * 8 * rate), 100);
    ApplicationContainer app = onoff.Install(node);
    app.Start(start);
    app.Stop(stop);
}

/// An MldReceiver on interface 1 from start to stop.
Ptr<MldReceiver>
AddReceiver(Ptr<Node> node, Ipv6Address group, Time start, Time stop, uint16_t port)
{
    Ptr<MldReceiver> receiver = CreateObject<MldReceiver>();
    receiver->SetAttribute("Group", Ipv6AddressValue(group));
    receiver->SetAttribute("Port", UintegerValue(port));
    node->AddApplication(receiver);
    receiver->SetStartTime(start);
    receiver->SetStopTime(stop);
    return receiver;
}

} // namespace mldtest
