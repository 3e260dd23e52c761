/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// MldSnoopingBridgeNetDevice (RFC 4541): learning and ageing, router ports, what goes where,
// bad input, the MDB dump; forged frames from hosts without a stack, and whole MLD hosts
// and routers behind the bridge.

#include "mld-test-util.h"

#include "ns3/mld-snooping-bridge-helper.h"
#include "ns3/mld-snooping-bridge.h"

#include <boost/test/unit_test.hpp>
#include <sstream>

namespace
{

using namespace ns3;
using namespace mldtest;

const Ipv6Address G1("ff0e::1");
const Ipv6Address G2("ff0e::2");
const Ipv6Address S1("2001:db8::a");
const Ipv6Address S2("2001:db8::b");

/// A frame a host received: the IPv6 fields the tests look at.
struct Frame
{
    Time time;               //!< when
    Ipv6Address source;      //!< IPv6 source
    Ipv6Address destination; //!< IPv6 destination
    uint8_t icmpType;        //!< ICMPv6 type of an MLD message (behind Hop-by-Hop), else 0
};

/// Frames received by each host (MacRx of its CSMA device).
using Inbox = std::vector<std::vector<Frame>>;

/// MacRx sink: the frame still has its Ethernet header.
void
OnHostRx(Inbox* inbox, uint32_t host, Ptr<const Packet> packet)
{
    std::vector<uint8_t> bytes(packet->GetSize());
    packet->CopyData(bytes.data(), bytes.size());
    if (bytes.size() < 14 + 40 || bytes[12] != 0x86 || bytes[13] != 0xdd)
    {
        return;
    }
    const uint8_t* ip = bytes.data() + 14;
    Frame frame{Simulator::Now(),
                Ipv6Address(const_cast<uint8_t*>(ip + 8)),
                Ipv6Address(const_cast<uint8_t*>(ip + 24)),
                0};
    if (ip[6] == 0 && bytes.size() >= 14 + 40 + 8 + 1 && ip[40] == 58)
    {
        frame.icmpType = ip[48];
    }
    (*inbox)[host].push_back(frame);
}

/// Send an IPv6 packet (header included) out of a device to the MAC of its destination.
void
SendFrame(Ptr<NetDevice> device, Ptr<Packet> packet)
{
    uint8_t header[40];
    packet->CopyData(header, 40);
    device->Send(packet, Mac48Address::GetMulticast(Ipv6Address(header + 24)), 0x86dd);
}

/// A UDP datagram's IPv6 packet.
Ptr<Packet>
Data(Ipv6Address source, Ipv6Address group)
{
    std::vector<uint8_t> bytes(40 + 8 + 20, 0);
    bytes[0] = 0x60;
    bytes[5] = 28;
    bytes[6] = 17;
    bytes[7] = 64;
    source.Serialize(bytes.data() + 8);
    group.Serialize(bytes.data() + 24);
    return Create<Packet>(bytes.data(), bytes.size());
}

/// An MLDv2 report (IPv6 header, Router Alert) from a link-local source to ff02::16.
Ptr<Packet>
V2Report(Ipv6Address source, const std::vector<MldAddressRecord>& records)
{
    Ipv6Address destination("ff02::16");
    MldV2ReportHeader report;
    for (const auto& record : records)
    {
        report.AddRecord(record);
    }
    report.EnableChecksum(source, destination);
    Ptr<Packet> packet = Create<Packet>();
    packet->AddHeader(report);
    return WrapMld(packet, source, destination);
}

/// One record.
MldAddressRecord
Rec(uint8_t type, Ipv6Address group, std::vector<Ipv6Address> sources = {})
{
    MldAddressRecord record;
    record.type = type;
    record.group = group;
    record.sources = sources;
    return record;
}

/// Link-local address of host i.
Ipv6Address
LinkLocal(uint32_t i)
{
    std::ostringstream s;
    s << "fe80::" << (i + 1);
    return Ipv6Address(s.str().c_str());
}

/**
 * A CSMA device whose link the test takes down and up (CsmaNetDevice has no link down:
 * CsmaChannel::Detach neither changes IsLinkUp nor calls the link change callbacks).
 */
class FlapCsmaNetDevice : public CsmaNetDevice
{
  public:
    bool IsLinkUp() const override
    {
        return m_up && CsmaNetDevice::IsLinkUp();
    }

    void AddLinkChangeCallback(Callback<void> callback) override
    {
        m_callbacks.push_back(callback);
        CsmaNetDevice::AddLinkChangeCallback(callback);
    }

    /// Take the link down or up, and tell the link change callbacks.
    void SetLink(bool up)
    {
        m_up = up;
        for (auto& callback : m_callbacks)
        {
            callback();
        }
    }

  private:
    bool m_up{true};                         //!< link state
    std::vector<Callback<void>> m_callbacks; //!< link change callbacks
};

/**
 * A switch (one node, one MldSnoopingBridgeNetDevice) with one CSMA link per host; host i
 * is on port i. Hosts have no stack by default: frames are forged and sent by hand.
 */
struct SwitchFixture : public SeededSimulationFixture
{
    /// \param hosts number of hosts
    /// \param attributes bridge attributes
    /// \param flap the switch's ports are FlapCsmaNetDevice (see flapPorts)
    explicit SwitchFixture(uint32_t hosts = 4,
                           std::vector<std::pair<std::string, std::string>> attributes = {},
                           bool flap = false)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        sw = CreateObject<Node>();
        hostNodes.Create(hosts);
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
        csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(1)));
        MldSnoopingBridgeHelper helper;
        for (const auto& attribute : attributes)
        {
            helper.SetDeviceAttribute(attribute.first, StringValue(attribute.second));
        }
        if (flap)
        {
            // The links by hand, as CsmaHelper makes them, with FlapCsmaNetDevice ports.
            NetDeviceContainer ports;
            for (uint32_t i = 0; i < hosts; ++i)
            {
                Ptr<CsmaChannel> channel = CreateObject<CsmaChannel>();
                channel->SetAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
                channel->SetAttribute("Delay", TimeValue(MicroSeconds(1)));
                Ptr<CsmaNetDevice> host = CreateObject<CsmaNetDevice>();
                Ptr<FlapCsmaNetDevice> port = CreateObject<FlapCsmaNetDevice>();
                for (Ptr<CsmaNetDevice> device : {host, DynamicCast<CsmaNetDevice>(port)})
                {
                    device->SetAddress(Mac48Address::Allocate());
                    device->SetQueue(CreateObject<DropTailQueue<Packet>>());
                }
                hostNodes.Get(i)->AddDevice(host);
                sw->AddDevice(port);
                host->Attach(channel);
                port->Attach(channel);
                hostDevices.Add(host);
                ports.Add(port);
                flapPorts.push_back(port);
            }
            bridge = DynamicCast<MldSnoopingBridgeNetDevice>(helper.Install(sw, ports).Get(0));
        }
        else
        {
            bridge = DynamicCast<MldSnoopingBridgeNetDevice>(
                helper.InstallStar(sw, hostNodes, csma, &hostDevices).Get(0));
        }
        inbox.resize(hosts);
        for (uint32_t i = 0; i < hosts; ++i)
        {
            hostDevices.Get(i)->TraceConnectWithoutContext("MacRx",
                                                           MakeBoundCallback(&OnHostRx, &inbox, i));
        }
        bridge->TraceConnectWithoutContext("MdbEntryAdded",
                                           MakeBoundCallback(&SwitchFixture::OnMdb, &added));
        bridge->TraceConnectWithoutContext("MdbEntryRemoved",
                                           MakeBoundCallback(&SwitchFixture::OnMdb, &removed));
    }

    /// Host i sends an IPv6 packet at time t.
    void At(double t, uint32_t host, Ptr<Packet> packet)
    {
        Simulator::Schedule(Seconds(t) - Simulator::Now(),
                            &SendFrame,
                            hostDevices.Get(host),
                            packet);
    }

    /// An MLDv1 report for a group from host i at t.
    void Report(double t, uint32_t host, Ipv6Address group)
    {
        Forge f;
        f.source = LinkLocal(host);
        f.destination = group;
        f.group = group;
        At(t, host, BuildForged(f));
    }

    /// An MLDv1 done for a group from host i at t.
    void Done(double t, uint32_t host, Ipv6Address group)
    {
        Forge f;
        f.source = LinkLocal(host);
        f.type = 132;
        f.destination = Ipv6Address::GetAllRoutersMulticast();
        f.group = group;
        At(t, host, BuildForged(f));
    }

    /// An MLDv1 query (group :: for a general one) from host i at t.
    void Query(double t,
               uint32_t host,
               Ipv6Address group = Ipv6Address::GetAny(),
               uint16_t ms = 1000)
    {
        Forge f;
        f.source = LinkLocal(host);
        f.type = 130;
        f.destination = group.IsAny() ? Ipv6Address::GetAllNodesMulticast() : group;
        f.group = group;
        f.maxDelay = ms;
        At(t, host, BuildForged(f));
    }

    /// Take port i's link down (false) or up at t.
    void Link(double t, uint32_t port, bool up)
    {
        Simulator::Schedule(Seconds(t) - Simulator::Now(),
                            &FlapCsmaNetDevice::SetLink,
                            flapPorts[port],
                            up);
    }

    /// Run until t.
    void RunUntil(double t)
    {
        Simulator::Stop(Seconds(t) - Simulator::Now());
        Simulator::Run();
    }

    /// Frames host i received to a destination, optionally of an ICMPv6 type (0: data).
    size_t Count(uint32_t host,
                 Ipv6Address destination,
                 int type = -1,
                 Ipv6Address source = Ipv6Address::GetAny()) const
    {
        size_t n = 0;
        for (const Frame& frame : inbox[host])
        {
            if (frame.destination == destination && (type < 0 || frame.icmpType == type) &&
                (source.IsAny() || frame.source == source))
            {
                n++;
            }
        }
        return n;
    }

    /// \return the MDB's ports for a group (group lines only)
    std::set<uint32_t> Members(Ipv6Address group) const
    {
        std::set<uint32_t> ports;
        for (const auto& line : bridge->GetMdb())
        {
            if (line.group == group && line.source.IsAny())
            {
                ports.insert(line.port);
            }
        }
        return ports;
    }

    /// \return the MDB line of a group, port and source (:: for the group line); fails the
    /// case when there is none
    MldSnoopingMdbEntry Line(Ipv6Address group,
                             uint32_t port,
                             Ipv6Address source = Ipv6Address::GetAny()) const
    {
        for (const auto& line : bridge->GetMdb())
        {
            if (line.group == group && line.port == port && line.source == source)
            {
                return line;
            }
        }
        BOOST_FAIL("no MDB line " << group << " port " << port << " src " << source);
        return {};
    }

    /// MDB trace sink.
    static void OnMdb(std::vector<std::pair<Ipv6Address, uint32_t>>* log,
                      Ipv6Address group,
                      uint32_t port)
    {
        log->emplace_back(group, port);
    }

    Ptr<Node> sw;                                          //!< the switch
    NodeContainer hostNodes;                               //!< the hosts
    NetDeviceContainer hostDevices;                        //!< their devices
    Ptr<MldSnoopingBridgeNetDevice> bridge;                //!< the bridge
    std::vector<Ptr<FlapCsmaNetDevice>> flapPorts;         //!< the ports, when flap
    Inbox inbox;                                           //!< what each host received
    std::vector<std::pair<Ipv6Address, uint32_t>> added;   //!< MdbEntryAdded
    std::vector<std::pair<Ipv6Address, uint32_t>> removed; //!< MdbEntryRemoved
};

} // namespace

BOOST_AUTO_TEST_SUITE(mld_snooping)

BOOST_FIXTURE_TEST_CASE(v1_report_learnt_and_sent_to_router_ports_only, SwitchFixture)
{
    Query(1, 0);      // host 0 is the querier: port 0 a router port
    Report(2, 1, G1); // host 1 joins G1
    RunUntil(3);
    BOOST_TEST(bridge->GetRouterPorts() == std::vector<uint32_t>{0});
    BOOST_TEST(Members(G1) == std::set<uint32_t>{1});
    BOOST_TEST(Line(G1, 1).exclude);
    BOOST_TEST(Line(G1, 1).version == MldVersion::MLDV1);
    BOOST_TEST(added.size() == 1u);
    // RFC 4541 §2.1.1 (1): the report reaches the router port only.
    BOOST_TEST(Count(0, G1, 131) == 1u);
    BOOST_TEST(Count(2, G1, 131) == 0u);
    BOOST_TEST(Count(3, G1, 131) == 0u);
    // Queries go to every port.
    BOOST_TEST(Count(1, Ipv6Address::GetAllNodesMulticast(), 130) == 1u);
    BOOST_TEST(Count(3, Ipv6Address::GetAllNodesMulticast(), 130) == 1u);
}

BOOST_FIXTURE_TEST_CASE(data_only_to_members_and_router_ports, SwitchFixture)
{
    Query(1, 0);
    Report(2, 1, G1);
    At(3, 3, Data(S1, G1));
    At(3.1, 0, Data(S1, G1));
    RunUntil(4);
    BOOST_TEST(Count(0, G1, 0) == 1u); // router port, from host 3
    BOOST_TEST(Count(1, G1, 0) == 2u); // member, both
    BOOST_TEST(Count(2, G1, 0) == 0u);
    BOOST_TEST(Count(3, G1, 0) == 0u); // neither member nor router port: its own not back
    BOOST_TEST(bridge->GetOutputPorts(G1, S1) == (std::vector<uint32_t>{0, 1}));
}

BOOST_FIXTURE_TEST_CASE(membership_expires_after_listener_interval, SwitchFixture)
{
    Query(1, 0);
    Report(2, 1, G1);
    RunUntil(2 + 259.9);
    BOOST_TEST(Members(G1) == std::set<uint32_t>{1});
    BOOST_TEST(Line(G1, 1).timer > Seconds(0));
    RunUntil(2 + 260.1);
    BOOST_TEST(Members(G1).empty());
    BOOST_TEST(removed.size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(report_restarts_the_timer, SwitchFixture)
{
    Query(1, 0);
    Report(2, 1, G1);
    Report(200, 1, G1);
    RunUntil(2 + 261);
    BOOST_TEST(Members(G1) == std::set<uint32_t>{1});
    RunUntil(200 + 261);
    BOOST_TEST(Members(G1).empty());
}

BOOST_FIXTURE_TEST_CASE(done_waits_last_listener_query_time, SwitchFixture)
{
    Query(1, 0);
    Report(2, 1, G1);
    Report(2, 2, G1);
    Done(10, 1, G1);
    RunUntil(11.9);
    // Linux's br_multicast_leave_group: timer lowered to 2 x 1 s, the port still a member.
    BOOST_TEST(Members(G1) == (std::set<uint32_t>{1, 2}));
    BOOST_TEST(Line(G1, 1).timer <= Seconds(2));
    BOOST_TEST(Count(0, Ipv6Address::GetAllRoutersMulticast(), 132) == 1u); // to the router
    BOOST_TEST(Count(2, Ipv6Address::GetAllRoutersMulticast(), 132) == 0u);
    RunUntil(12.1);
    BOOST_TEST(Members(G1) == std::set<uint32_t>{2});
}

BOOST_FIXTURE_TEST_CASE(report_after_done_keeps_the_port, SwitchFixture)
{
    Query(1, 0);
    Report(2, 1, G1);
    Done(10, 1, G1);
    Report(11, 1, G1); // another listener behind port 1 answers the querier
    RunUntil(20);
    BOOST_TEST(Members(G1) == std::set<uint32_t>{1});
    BOOST_TEST(Line(G1, 1).timer > Seconds(250));
}

BOOST_FIXTURE_TEST_CASE(fast_leave_removes_at_once, SwitchFixture)
{
    bridge->SetFastLeave(1, true);
    Query(1, 0);
    Report(2, 1, G1);
    Report(2, 2, G1);
    Done(10, 1, G1);
    Done(10, 2, G1);
    RunUntil(10.01);
    BOOST_TEST(Members(G1) == std::set<uint32_t>{2}); // port 2 has no fast leave
}

BOOST_FIXTURE_TEST_CASE(group_specific_query_lowers_member_timers, SwitchFixture)
{
    Query(1, 0);
    Report(2, 1, G1);
    Report(2, 2, G2);
    Query(10, 0, G1, 500); // Linux: last_member_count x Maximum Response Delay = 1 s
    RunUntil(10.9);
    BOOST_TEST(Members(G1) == std::set<uint32_t>{1});
    RunUntil(11.1);
    BOOST_TEST(Members(G1).empty());
    BOOST_TEST(Members(G2) == std::set<uint32_t>{2}); // other groups untouched
    BOOST_TEST(Count(1, G1, 130) == 1u);              // the query went to every port
    BOOST_TEST(Count(3, G1, 130) == 1u);
}

BOOST_FIXTURE_TEST_CASE(router_port_learnt_and_aged_out, SwitchFixture)
{
    bridge->SetStaticRouterPort(3, true);
    Query(1, 0);
    RunUntil(2);
    BOOST_TEST(bridge->GetRouterPorts() == (std::vector<uint32_t>{0, 3}));
    BOOST_TEST(bridge->IsQuerierPresent());
    RunUntil(1 + 254.9);
    BOOST_TEST(bridge->GetRouterPorts() == (std::vector<uint32_t>{0, 3}));
    RunUntil(1 + 255.1);
    BOOST_TEST(bridge->GetRouterPorts() == std::vector<uint32_t>{3}); // static stays
    BOOST_TEST(!bridge->IsQuerierPresent());
}

BOOST_FIXTURE_TEST_CASE(link_scope_flooded, SwitchFixture)
{
    Query(1, 0);
    At(2, 1, Data(S1, Ipv6Address("ff02::fb")));
    At(2, 1, Data(S1, Ipv6Address::GetAllNodesMulticast()));
    RunUntil(3);
    for (uint32_t host : {0u, 2u, 3u})
    {
        BOOST_TEST(Count(host, Ipv6Address("ff02::fb"), 0) == 1u);
        BOOST_TEST(Count(host, Ipv6Address::GetAllNodesMulticast(), 0) == 1u);
    }
}

struct StrictLinkScopeFixture : public SwitchFixture
{
    StrictLinkScopeFixture()
        : SwitchFixture(4, {{"FloodLinkScope", "false"}})
    {
    }
};

BOOST_FIXTURE_TEST_CASE(link_scope_snooped_when_asked, StrictLinkScopeFixture)
{
    Query(1, 0);
    Report(2, 2, Ipv6Address("ff02::fb"));
    At(3, 1, Data(S1, Ipv6Address("ff02::fb")));
    At(3, 1, Data(S1, Ipv6Address::GetAllNodesMulticast()));
    RunUntil(4);
    BOOST_TEST(Count(0, Ipv6Address("ff02::fb"), 0) == 1u); // router port
    BOOST_TEST(Count(2, Ipv6Address("ff02::fb"), 0) == 1u); // member
    BOOST_TEST(Count(3, Ipv6Address("ff02::fb"), 0) == 0u);
    BOOST_TEST(Count(3, Ipv6Address::GetAllNodesMulticast(), 0) == 1u); // RFC 4541 §3
}

BOOST_FIXTURE_TEST_CASE(querier_less_lan_floods_unknown_groups, SwitchFixture)
{
    Report(1, 1, G1); // no querier: learnt all the same, sent nowhere (no router port)
    At(2, 3, Data(S1, G2));
    At(2, 3, Data(S1, G1));
    RunUntil(3);
    BOOST_TEST(!bridge->IsQuerierPresent());
    BOOST_TEST(Count(0, G1, 131) + Count(2, G1, 131) + Count(3, G1, 131) == 0u);
    for (uint32_t host : {0u, 1u, 2u})
    {
        BOOST_TEST(Count(host, G2, 0) == 1u); // unknown: flooded
    }
    BOOST_TEST(Count(1, G1, 0) == 1u); // known: members only
    BOOST_TEST(Count(0, G1, 0) + Count(2, G1, 0) == 0u);
    BOOST_TEST(bridge->GetStatistics().dataFlooded == 1u);
}

struct NoUnknownFloodFixture : public SwitchFixture
{
    NoUnknownFloodFixture()
        : SwitchFixture(4, {{"FloodUnknownWithoutQuerier", "false"}})
    {
    }
};

BOOST_FIXTURE_TEST_CASE(querier_less_lan_without_flooding, NoUnknownFloodFixture)
{
    At(2, 3, Data(S1, G2));
    RunUntil(3);
    BOOST_TEST(Count(0, G2, 0) + Count(1, G2, 0) + Count(2, G2, 0) == 0u);
}

BOOST_FIXTURE_TEST_CASE(unknown_group_with_querier_to_router_ports, SwitchFixture)
{
    Query(1, 0);
    At(2, 3, Data(S1, G2));
    RunUntil(3);
    BOOST_TEST(Count(0, G2, 0) == 1u);
    BOOST_TEST(Count(1, G2, 0) + Count(2, G2, 0) == 0u);
}

BOOST_FIXTURE_TEST_CASE(v2_source_filters, SwitchFixture)
{
    Query(1, 0);
    At(2, 1, V2Report(LinkLocal(1), {Rec(MldAddressRecord::ALLOW_NEW_SOURCES, G1, {S1})}));
    At(2, 2, V2Report(LinkLocal(2), {Rec(MldAddressRecord::CHANGE_TO_EXCLUDE_MODE, G1, {S1})}));
    At(3, 3, Data(S1, G1));
    At(3, 3, Data(S2, G1));
    RunUntil(4);
    BOOST_TEST(!Line(G1, 1).exclude);
    BOOST_TEST(Line(G1, 2).exclude);
    BOOST_TEST(Line(G1, 2, S1).exclude); // blocked source
    BOOST_TEST(Count(1, G1, 0, S1) == 1u);
    BOOST_TEST(Count(1, G1, 0, S2) == 0u);
    BOOST_TEST(Count(2, G1, 0, S1) == 0u);
    BOOST_TEST(Count(2, G1, 0, S2) == 1u);
    BOOST_TEST(Count(0, G1, 0) == 2u); // router port: all
    BOOST_TEST(Count(0, Ipv6Address("ff02::16"), 143) == 2u);
    BOOST_TEST(Count(3, Ipv6Address("ff02::16"), 143) == 0u);
}

BOOST_FIXTURE_TEST_CASE(v2_block_lowers_source_timers, SwitchFixture)
{
    Query(1, 0);
    At(2, 1, V2Report(LinkLocal(1), {Rec(MldAddressRecord::MODE_IS_INCLUDE, G1, {S1, S2})}));
    At(5, 1, V2Report(LinkLocal(1), {Rec(MldAddressRecord::BLOCK_OLD_SOURCES, G1, {S1})}));
    RunUntil(6.9);
    BOOST_TEST(bridge->GetOutputPorts(G1, S1) == (std::vector<uint32_t>{0, 1}));
    RunUntil(7.1);
    BOOST_TEST(bridge->GetOutputPorts(G1, S1) == std::vector<uint32_t>{0});
    BOOST_TEST(bridge->GetOutputPorts(G1, S2) == (std::vector<uint32_t>{0, 1}));
    RunUntil(2 + 260.1); // S2 ages out: no source left, no state
    BOOST_TEST(Members(G1).empty());
}

BOOST_FIXTURE_TEST_CASE(v2_to_in_empty_is_a_leave, SwitchFixture)
{
    Query(1, 0);
    At(2, 1, V2Report(LinkLocal(1), {Rec(MldAddressRecord::CHANGE_TO_EXCLUDE_MODE, G1)}));
    At(10, 1, V2Report(LinkLocal(1), {Rec(MldAddressRecord::CHANGE_TO_INCLUDE_MODE, G1)}));
    RunUntil(11.9);
    BOOST_TEST(Members(G1) == std::set<uint32_t>{1});
    RunUntil(12.1);
    BOOST_TEST(Members(G1).empty());
}

BOOST_FIXTURE_TEST_CASE(v2_exclude_group_timer_expiry_keeps_requested_sources, SwitchFixture)
{
    Query(1, 0);
    At(2, 1, V2Report(LinkLocal(1), {Rec(MldAddressRecord::MODE_IS_EXCLUDE, G1, {S2})}));
    At(100, 1, V2Report(LinkLocal(1), {Rec(MldAddressRecord::ALLOW_NEW_SOURCES, G1, {S1})}));
    RunUntil(2 + 260.1);
    // RFC 9777 §7.5: EXCLUDE -> INCLUDE with the sources whose timers run (S1 until 360).
    // (The router port has aged out by now: no query since 1 s.)
    BOOST_TEST(!Line(G1, 1).exclude);
    BOOST_TEST(bridge->GetOutputPorts(G1, S1) == std::vector<uint32_t>{1});
    BOOST_TEST(bridge->GetOutputPorts(G1, S2).empty());
    RunUntil(100 + 260.1);
    BOOST_TEST(Members(G1).empty());
}

// RFC 9777 §8.3.2: an MLDv1 host and an MLDv2 host behind one port.
BOOST_FIXTURE_TEST_CASE(v1_host_present_on_port, SwitchFixture)
{
    Query(1, 0);
    Report(2, 1, G1);
    At(3, 1, V2Report(LinkLocal(1), {Rec(MldAddressRecord::CHANGE_TO_EXCLUDE_MODE, G1, {S1})}));
    At(4, 1, V2Report(LinkLocal(1), {Rec(MldAddressRecord::BLOCK_OLD_SOURCES, G1, {S2})}));
    At(2, 2, V2Report(LinkLocal(2), {Rec(MldAddressRecord::MODE_IS_EXCLUDE, G1)})); // MLDv2 only
    At(3, 2, V2Report(LinkLocal(2), {Rec(MldAddressRecord::BLOCK_OLD_SOURCES, G1, {S2})}));
    RunUntil(10);
    // Port 1 still forwards S1 (TO_EX({S1}) taken as TO_EX({})) and S2 (BLOCK ignored).
    BOOST_TEST(bridge->GetOutputPorts(G1, S1) == (std::vector<uint32_t>{0, 1, 2}));
    BOOST_TEST(bridge->GetOutputPorts(G1, S2) == (std::vector<uint32_t>{0, 1}));
    // After the MLDv1 host's Older Version Host Present timer (260 s), the MLDv2 rules.
    Report(300, 1, G1); // Older Version Host Present until 560
    At(550, 1, V2Report(LinkLocal(1), {Rec(MldAddressRecord::MODE_IS_EXCLUDE, G1)}));
    At(600, 1, V2Report(LinkLocal(1), {Rec(MldAddressRecord::CHANGE_TO_EXCLUDE_MODE, G1, {S1})}));
    RunUntil(601);
    // (The router port has aged out: no query since 1 s.) TO_EX: (A-X-Y)=GT, then Q(MA,A-Y).
    BOOST_TEST(bridge->GetOutputPorts(G1, S1) == std::vector<uint32_t>{1});
    RunUntil(603);
    BOOST_TEST(bridge->GetOutputPorts(G1, S1).empty()); // Q(MA, A-Y): lowered, then out
}

BOOST_FIXTURE_TEST_CASE(ssm_exclude_ignored, SwitchFixture)
{
    Ipv6Address ssm("ff3e::1234");
    Query(1, 0);
    Report(2, 1, ssm);
    At(2, 2, V2Report(LinkLocal(2), {Rec(MldAddressRecord::MODE_IS_INCLUDE, ssm, {S1})}));
    RunUntil(3);
    BOOST_TEST(Members(ssm) == std::set<uint32_t>{2}); // RFC 4604 §2.2.1
}

BOOST_FIXTURE_TEST_CASE(malformed_mld_dropped_and_counted, SwitchFixture)
{
    Query(1, 0);
    Forge bad;
    bad.source = LinkLocal(1);
    bad.destination = G1;
    bad.group = G1;
    bad.goodChecksum = false;
    At(2, 1, BuildForged(bad));
    Forge shortReport = bad;
    shortReport.goodChecksum = true;
    shortReport.truncateTo = 12;
    At(2, 1, BuildForged(shortReport));
    RunUntil(3);
    const auto& stats = bridge->GetStatistics();
    BOOST_TEST(stats.drops[static_cast<size_t>(MldDropReason::BAD_CHECKSUM)] == 1u);
    BOOST_TEST(stats.drops[static_cast<size_t>(MldDropReason::TOO_SHORT)] == 1u);
    BOOST_TEST(stats.malformed == 2u);
    BOOST_TEST(Members(G1).empty()); // not used (RFC 4541 §2.1.1 (4))
    BOOST_TEST(Count(0, G1) == 0u);  // not sent on
}

// Without ns-3's ChecksumEnabled, nodes send MLD with a zero checksum: the bridge checks
// checksums only when the simulation computes them, as MldProtocol does.
BOOST_FIXTURE_TEST_CASE(checksums_follow_the_simulation, SwitchFixture)
{
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
    Query(1, 0);
    Forge report;
    report.source = LinkLocal(1);
    report.destination = G1;
    report.group = G1;
    report.goodChecksum = false;
    At(2, 1, BuildForged(report));
    RunUntil(3);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    BOOST_TEST(Members(G1) == std::set<uint32_t>{1});
    BOOST_TEST(bridge->GetStatistics().malformed == 0u);
}

BOOST_FIXTURE_TEST_CASE(invalid_but_intact_mld_not_learnt_but_forwarded, SwitchFixture)
{
    Query(1, 0);
    Forge hop;
    hop.source = LinkLocal(1);
    hop.destination = G1;
    hop.group = G1;
    hop.hopLimit = 2;
    At(2, 1, BuildForged(hop));
    Forge unknown;
    unknown.source = LinkLocal(1);
    unknown.type = 200; // Router Alert for MLD, not an MLD type
    unknown.destination = G2;
    At(2, 1, BuildForged(unknown));
    RunUntil(3);
    const auto& stats = bridge->GetStatistics();
    BOOST_TEST(stats.drops[static_cast<size_t>(MldDropReason::BAD_HOP_LIMIT)] == 1u);
    BOOST_TEST(stats.drops[static_cast<size_t>(MldDropReason::UNKNOWN_TYPE)] == 1u);
    BOOST_TEST(Members(G1).empty());
    BOOST_TEST(Count(0, G1, 131) == 1u); // as a report: router ports
    BOOST_TEST(Count(2, G1, 131) == 0u);
    for (uint32_t host : {0u, 2u, 3u})
    {
        BOOST_TEST(Count(host, G2, 200) == 1u); // unrecognized: flooded (§2.1.1 (3))
    }
}

BOOST_FIXTURE_TEST_CASE(v2_unknown_record_skipped_others_learnt, SwitchFixture)
{
    Query(1, 0);
    At(2, 1, V2Report(LinkLocal(1), {Rec(9, G2), Rec(MldAddressRecord::MODE_IS_EXCLUDE, G1)}));
    RunUntil(3);
    BOOST_TEST(bridge->GetStatistics().drops[static_cast<size_t>(MldDropReason::UNKNOWN_RECORD)] ==
               1u);
    BOOST_TEST(Members(G1) == std::set<uint32_t>{1});
    BOOST_TEST(Members(G2).empty());
}

BOOST_FIXTURE_TEST_CASE(mdb_printed_like_bridge_mdb_show, SwitchFixture)
{
    Query(1, 0);
    Report(2, 1, G1);
    At(2, 2, V2Report(LinkLocal(2), {Rec(MldAddressRecord::MODE_IS_INCLUDE, G1, {S1})}));
    RunUntil(12);
    std::ostringstream os;
    bridge->PrintMdb(os);
    std::string text = os.str();
    BOOST_TEST_MESSAGE(text);
    // The bridge is the switch's fifth device (ifIndex 4), after its four ports.
    BOOST_TEST(
        text.find("dev br4 port 1 grp ff0e::1 temp filter_mode exclude proto mldv1  250.00") !=
        std::string::npos);
    BOOST_TEST(
        text.find("port 2 grp ff0e::1 src 2001:db8::a temp filter_mode include proto mldv2") !=
        std::string::npos);
    BOOST_TEST(text.find("router ports on br4: 0 (244.00)") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(snooping_off_floods, SwitchFixture)
{
    bridge->SetAttribute("Snooping", BooleanValue(false));
    Query(1, 0);
    Report(2, 1, G1);
    At(3, 3, Data(S1, G1));
    RunUntil(4);
    BOOST_TEST(Count(2, G1, 131) == 1u);
    BOOST_TEST(Count(2, G1, 0) == 1u);
}

/// Whole MLD nodes behind the switch: a router (port 0, MLDv1 querier) and hosts.
struct StackFixture : public SwitchFixture
{
    /// \param attributes bridge attributes
    explicit StackFixture(std::vector<std::pair<std::string, std::string>> attributes = {})
        : SwitchFixture(3, attributes)
    {
        InternetStackHelper stack;
        stack.SetIpv4StackInstall(false);
        MldHelper::ConfigureStack(stack);
        stack.Install(hostNodes);
        Ipv6AddressHelper addresses;
        addresses.SetBase(Ipv6Address("2001:db8::"), Ipv6Prefix(64));
        addresses.Assign(hostDevices);
        mld.SetQuerierAttribute("Version", StringValue("MLDv1"));
        mld.SetQuerierAttribute("QueryInterval", TimeValue(Seconds(10)));
        mld.SetQuerierAttribute("QueryResponseInterval", TimeValue(Seconds(2)));
    }

    MldHelper mld; //!< the helper
};

BOOST_FIXTURE_TEST_CASE(v2_host_behind_v1_querier, StackFixture)
{
    mld.SetListenerAttribute("Version", StringValue("MLDv2Fallback"));
    mld.Install(hostNodes.Get(1));
    mld.SetListenerAttribute("Version", StringValue("MLDv2"));
    mld.Install(hostNodes.Get(2));
    mld.SetListenerAttribute("Version", StringValue("MLDv1"));
    mld.Install(hostNodes.Get(0));
    mld.SetRouter(hostNodes.Get(0));
    Ptr<MldReceiver> r1 = AddReceiver(hostNodes.Get(1), G1, Seconds(5), Seconds(60));
    Ptr<MldReceiver> r2 = AddReceiver(hostNodes.Get(2), G2, Seconds(5), Seconds(60));
    AddSource(hostNodes.Get(0), G1, Seconds(20), Seconds(30));
    AddSource(hostNodes.Get(0), G2, Seconds(20), Seconds(30));
    RunUntil(31);
    BOOST_TEST(bridge->GetRouterPorts() == std::vector<uint32_t>{0});
    // The fallback host speaks MLDv1 to the MLDv1 querier; the MLDv2-only one MLDv2.
    BOOST_TEST(Line(G1, 1).version == MldVersion::MLDV1);
    BOOST_TEST(Line(G2, 2).version == MldVersion::MLDV2);
    BOOST_TEST(r1->GetReceived() > 90u);
    BOOST_TEST(r2->GetReceived() > 90u);
    BOOST_TEST(Count(2, G1, 0) == 0u); // host 2 never sees G1's data
    BOOST_TEST(Count(1, G2, 0) == 0u);
}

BOOST_FIXTURE_TEST_CASE(hosts_leave_through_the_querier, StackFixture)
{
    mld.Install(hostNodes);
    mld.SetRouter(hostNodes.Get(0));
    AddReceiver(hostNodes.Get(1), G1, Seconds(5), Seconds(40));
    AddReceiver(hostNodes.Get(2), G1, Seconds(5), Seconds(80));
    RunUntil(39);
    BOOST_TEST(Members(G1) == (std::set<uint32_t>{1, 2}));
    // Host 1 leaves at 40: its Done reaches the querier, whose Multicast-Address-Specific
    // Queries (2 x 1 s) go unanswered on port 1.
    RunUntil(44);
    BOOST_TEST(Members(G1) == std::set<uint32_t>{2});
    RunUntil(85);
    BOOST_TEST(Members(G1).empty());
}

// ---- Snooping querier (RFC 4541 §2.1.1, Linux's mcast_querier)

/// Querier timers of the querier tests: startup queries at 0 and 5 s, then every 20 s.
std::vector<std::pair<std::string, std::string>>
QuerierAttributes(std::string version = "2", std::string querier = "true")
{
    return {{"Querier", querier},
            {"QuerierVersion", version},
            {"QueryInterval", "20s"},
            {"QueryResponseInterval", "2s"},
            {"StartupQueryInterval", "5s"}};
}

/// The queries a bridge sent (QuerySent trace).
struct SentQueries
{
    std::vector<std::pair<Ptr<const Packet>, uint32_t>> queries; //!< packet, port

    /// Connect to a bridge's QuerySent.
    void Connect(Ptr<MldSnoopingBridgeNetDevice> bridge)
    {
        bridge->TraceConnectWithoutContext("QuerySent", MakeCallback(&SentQueries::On, this));
    }

    /// The trace sink.
    void On(Ptr<const Packet> packet, uint32_t port)
    {
        queries.emplace_back(packet, port);
    }
};

/// A QuerierChanged event.
struct QuerierChange
{
    Time time;           //!< when
    bool isQuerier;      //!< the bridge queries now
    Ipv6Address querier; //!< the querier
};

/// Querier state changes (QuerierChanged trace).
void
OnQuerierChanged(std::vector<QuerierChange>* log, bool isQuerier, Ipv6Address querier)
{
    log->push_back({Simulator::Now(), isQuerier, querier});
}

/// Whole MLD hosts (MLDv2 with fallback), no router, and the bridge as querier or not.
struct QuerierStackFixture : public StackFixture
{
    /// \param version QuerierVersion
    /// \param querier Querier
    explicit QuerierStackFixture(std::string version = "2", std::string querier = "true")
        : StackFixture(QuerierAttributes(version, querier))
    {
        mld.SetListenerAttribute("Version", StringValue("MLDv2Fallback"));
        mld.Install(hostNodes);
        sent.Connect(bridge);
    }

    SentQueries sent; //!< the bridge's queries
};

struct QuerierOffStackFixture : public QuerierStackFixture
{
    QuerierOffStackFixture()
        : QuerierStackFixture("2", "false")
    {
    }
};

BOOST_FIXTURE_TEST_CASE(querier_less_lan_without_snooping_querier_floods, QuerierOffStackFixture)
{
    AddReceiver(hostNodes.Get(1), G1, Seconds(3), Seconds(60));
    AddSource(hostNodes.Get(0), G2, Seconds(30), Seconds(31));
    RunUntil(32);
    BOOST_TEST(!bridge->IsQuerier());
    BOOST_TEST(!bridge->IsQuerierPresent());
    BOOST_TEST(bridge->GetStatistics().queriesSent == 0u);
    BOOST_TEST(sent.queries.empty());
    BOOST_TEST(Count(1, Ipv6Address::GetAllNodesMulticast(), 130) == 0u);
    BOOST_TEST(Members(G1) == std::set<uint32_t>{1}); // unsolicited reports learnt
    BOOST_TEST(Count(1, G2, 0) >= 9u);                // unregistered: flooded
    BOOST_TEST(Count(2, G2, 0) == Count(1, G2, 0));
}

BOOST_FIXTURE_TEST_CASE(snooping_querier_lan, QuerierStackFixture)
{
    std::vector<QuerierChange> changes;
    bridge->TraceConnectWithoutContext("QuerierChanged",
                                       MakeBoundCallback(&OnQuerierChanged, &changes));
    AddReceiver(hostNodes.Get(1), G1, Seconds(3), Seconds(60));
    AddSource(hostNodes.Get(0), G1, Seconds(30), Seconds(31));
    AddSource(hostNodes.Get(0), G2, Seconds(30), Seconds(31));
    RunUntil(1);
    // Linux's delay_time: unregistered groups flooded until the first query's Maximum
    // Response Delay has passed.
    BOOST_TEST(bridge->IsQuerier());
    BOOST_TEST(!bridge->IsQuerierPresent());
    RunUntil(29);
    BOOST_TEST(bridge->IsQuerierPresent());
    BOOST_TEST(changes.size() == 1u);
    BOOST_TEST((changes.size() == 1u && changes[0].isQuerier &&
                changes[0].querier == bridge->GetQuerierSource()));
    // Startup queries at 0 and 5 s, then 25 s: to every host.
    BOOST_TEST(bridge->GetStatistics().queriesSent == 3u);
    for (uint32_t host : {0u, 1u, 2u})
    {
        BOOST_TEST(Count(host, Ipv6Address::GetAllNodesMulticast(), 130) == 3u);
    }
    BOOST_TEST(bridge->GetRouterPorts().empty()); // its own queries make no router port
    BOOST_TEST(Members(G1) == std::set<uint32_t>{1});
    BOOST_TEST(Line(G1, 1).version == MldVersion::MLDV2);
    RunUntil(32);
    BOOST_TEST(Count(1, G1, 0) >= 9u);
    BOOST_TEST(Count(2, G1, 0) == 0u);
    BOOST_TEST(Count(1, G2, 0) + Count(2, G2, 0) == 0u); // unregistered: not flooded
    // Host 1 leaves at 60 (TO_IN({})): the bridge asks port 1 with Multicast-Address-
    // Specific Queries, unanswered, and the port leaves after 2 x 1 s.
    RunUntil(61.9);
    BOOST_TEST(Members(G1) == std::set<uint32_t>{1});
    BOOST_TEST(Count(1, G1, 130) >= 2u);
    BOOST_TEST(Count(0, G1, 130) + Count(2, G1, 130) == 0u);
    RunUntil(62.2);
    BOOST_TEST(Members(G1).empty());
}

BOOST_FIXTURE_TEST_CASE(snooping_querier_queries_decode_cleanly, QuerierStackFixture)
{
    AddReceiver(hostNodes.Get(1), G1, Seconds(3), Seconds(10));
    RunUntil(12);
    BOOST_TEST_REQUIRE(sent.queries.size() >= 3u);
    bool general = false;
    bool specific = false;
    for (const auto& query : sent.queries)
    {
        std::vector<uint8_t> bytes(query.first->GetSize());
        query.first->CopyData(bytes.data(), bytes.size());
        BOOST_TEST(bytes[7] == 1u);  // hop limit 1
        BOOST_TEST(bytes[6] == 0u);  // Hop-by-Hop ...
        BOOST_TEST(bytes[42] == 5u); // ... with Router Alert (RFC 2711)
        MldInput::Result result = MldInput::Decode(query.first, true, true);
        BOOST_TEST(result.verdict == MldInput::ACCEPTED);
        BOOST_TEST(result.message.kind == MldMessage::V2_QUERY);
        BOOST_TEST(result.message.source == bridge->GetQuerierSource());
        BOOST_TEST(result.message.source.IsLinkLocal());
        if (result.message.group.IsAny())
        {
            general = true;
            BOOST_TEST(query.second == MldSnoopingBridgeNetDevice::ALL_PORTS);
            BOOST_TEST(result.message.destination == Ipv6Address::GetAllNodesMulticast());
            BOOST_TEST(result.message.maxResponseDelay == Seconds(2));
            BOOST_TEST(result.message.query.GetQrv() == 2u);
        }
        else
        {
            specific = true;
            BOOST_TEST(query.second == 1u);
            BOOST_TEST(result.message.group == G1);
            BOOST_TEST(result.message.destination == G1);
            BOOST_TEST(result.message.maxResponseDelay == Seconds(1));
        }
    }
    BOOST_TEST(general);
    BOOST_TEST(specific);
    // The hosts' MLD took them as valid queries, from the bridge's source.
    Ptr<MldProtocol> host2 = hostNodes.Get(2)->GetObject<MldProtocol>();
    BOOST_TEST(host2->GetStatistics(1).inQueries == 2u); // general queries at 0 and 5 s
}

BOOST_FIXTURE_TEST_CASE(snooping_querier_v1, QuerierStackFixture)
{
    bridge->SetAttribute("QuerierVersion", UintegerValue(1));
    AddReceiver(hostNodes.Get(1), G1, Seconds(3), Seconds(60));
    RunUntil(10);
    BOOST_TEST_REQUIRE(!sent.queries.empty());
    for (const auto& query : sent.queries)
    {
        MldInput::Result result = MldInput::Decode(query.first, true, true);
        BOOST_TEST(result.verdict == MldInput::ACCEPTED);
        BOOST_TEST(result.message.kind == MldMessage::V1_QUERY);
    }
    // The MLDv2 host with fallback speaks MLDv1 to the MLDv1 bridge querier.
    BOOST_TEST(Line(G1, 1).version == MldVersion::MLDV1);
    BOOST_TEST(Count(0, G1, 143) + Count(0, Ipv6Address("ff02::16"), 143) == 0u);
    // Its Done at 60: MLDv1 Multicast-Address-Specific Queries out of port 1.
    RunUntil(61.9);
    BOOST_TEST(Members(G1) == std::set<uint32_t>{1});
    BOOST_TEST(Count(1, G1, 130) >= 2u);
    RunUntil(62.2);
    BOOST_TEST(Members(G1).empty());
}

/// Ipv6L3Protocol Rx sink: count the MLD queries (the packet has its IPv6 header).
void
OnStackRx(uint32_t* queries, Ptr<const Packet> packet, Ptr<Ipv6> ipv6, uint32_t interface)
{
    MldInput::Result result = MldInput::Decode(packet, true, true);
    if (result.verdict == MldInput::ACCEPTED && (result.message.kind == MldMessage::V1_QUERY ||
                                                 result.message.kind == MldMessage::V2_QUERY))
    {
        (*queries)++;
    }
}

// The switch node has IPv6 on the bridge device: the queries come from its link-local
// address and reach its own stack, as any frame the bridge floods.
BOOST_FIXTURE_TEST_CASE(snooping_querier_on_a_node_with_ipv6, QuerierStackFixture)
{
    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    stack.Install(sw);
    Ipv6AddressHelper addresses;
    addresses.SetBase(Ipv6Address("2001:db8:1::"), Ipv6Prefix(64));
    addresses.Assign(NetDeviceContainer(bridge));
    Ptr<Ipv6> ipv6 = sw->GetObject<Ipv6>();
    int32_t interface = ipv6->GetInterfaceForDevice(bridge);
    BOOST_TEST_REQUIRE(interface > 0);
    Ipv6Address linkLocal = ipv6->GetAddress(interface, 0).GetAddress();
    BOOST_TEST_REQUIRE(linkLocal.IsLinkLocal());
    // Another MAC: its EUI-64 address is no longer the node's link-local address.
    bridge->SetAddress(Mac48Address("00:00:5e:00:53:01"));
    BOOST_TEST(bridge->GetQuerierSource() == linkLocal);
    uint32_t received = 0;
    sw->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
        "Rx",
        MakeBoundCallback(&OnStackRx, &received));
    RunUntil(6);
    BOOST_TEST(sent.queries.size() == 2u); // startup queries at 0 and 5 s
    BOOST_TEST(received == 2u);            // both reached the node's own stack
    for (const auto& query : sent.queries)
    {
        BOOST_TEST(MldInput::Decode(query.first, true, true).message.source == linkLocal);
    }
    BOOST_TEST(Count(1, Ipv6Address::GetAllNodesMulticast(), 130, linkLocal) == 2u);
}

/// Forged hosts (no stack) and the bridge as MLDv2 querier.
struct QuerierSwitchFixture : public SwitchFixture
{
    QuerierSwitchFixture()
        : SwitchFixture(4, QuerierAttributes())
    {
        sent.Connect(bridge);
    }

    SentQueries sent; //!< the bridge's queries
};

BOOST_FIXTURE_TEST_CASE(snooping_querier_done_answered_by_specific_queries, QuerierSwitchFixture)
{
    Report(2, 1, G1);
    Report(2, 2, G1);
    Done(10, 1, G1);
    RunUntil(11.9);
    // Queries at 10 and 11 out of port 1 only (LastListenerQueryCount 2, Interval 1 s).
    BOOST_TEST(Count(1, G1, 130) == 2u);
    BOOST_TEST(Count(0, G1, 130) + Count(2, G1, 130) + Count(3, G1, 130) == 0u);
    BOOST_TEST(Members(G1) == (std::set<uint32_t>{1, 2}));
    RunUntil(12.1);
    BOOST_TEST(Members(G1) == std::set<uint32_t>{2});
    // Fast leave: the state goes at once, no query.
    bridge->SetFastLeave(2, true);
    Done(20, 2, G1);
    RunUntil(21);
    BOOST_TEST(Members(G1).empty());
    BOOST_TEST(Count(2, G1, 130) == 0u);
}

BOOST_FIXTURE_TEST_CASE(snooping_querier_block_answered_by_source_queries, QuerierSwitchFixture)
{
    At(2, 1, V2Report(LinkLocal(1), {Rec(MldAddressRecord::MODE_IS_INCLUDE, G1, {S1, S2})}));
    At(5, 1, V2Report(LinkLocal(1), {Rec(MldAddressRecord::BLOCK_OLD_SOURCES, G1, {S1})}));
    RunUntil(6.9);
    BOOST_TEST(Count(1, G1, 130) == 2u);
    std::vector<Ipv6Address> asked;
    for (const auto& query : sent.queries)
    {
        MldInput::Result result = MldInput::Decode(query.first, true, true);
        BOOST_TEST(result.verdict == MldInput::ACCEPTED);
        if (!result.message.group.IsAny())
        {
            BOOST_TEST(query.second == 1u);
            BOOST_TEST(result.message.group == G1);
            for (const Ipv6Address& source : result.message.query.GetSources())
            {
                asked.push_back(source);
            }
        }
    }
    BOOST_TEST(asked == (std::vector<Ipv6Address>{S1, S1}));
    RunUntil(7.1);
    BOOST_TEST(bridge->GetOutputPorts(G1, S1).empty());
    BOOST_TEST(bridge->GetOutputPorts(G1, S2) == std::vector<uint32_t>{1});
}

/// Election: the bridge's MAC decides its address against the MLDv1 router on port 0.
struct ElectionFixture : public StackFixture
{
    /// \param bridgeMac the bridge's MAC address
    explicit ElectionFixture(std::string bridgeMac)
        : StackFixture({{"Querier", "true"}, {"OtherQuerierPresentInterval", "25s"}})
    {
        bridge->SetAddress(Mac48Address(bridgeMac.c_str()));
        mld.Install(hostNodes);
        mld.SetRouter(hostNodes.Get(0));
        bridge->TraceConnectWithoutContext("QuerierChanged",
                                           MakeBoundCallback(&OnQuerierChanged, &changes));
        Ptr<Ipv6> ipv6 = hostNodes.Get(0)->GetObject<Ipv6>();
        router = ipv6->GetAddress(1, 0).GetAddress(); // the link-local address
    }

    Ipv6Address router;                 //!< the router's address
    std::vector<QuerierChange> changes; //!< QuerierChanged
};

struct HigherBridgeFixture : public ElectionFixture
{
    HigherBridgeFixture()
        : ElectionFixture("00:ff:ff:ff:ff:fe") // fe80::2ff:ffff:feff:fffe
    {
    }
};

struct LowerBridgeFixture : public ElectionFixture
{
    LowerBridgeFixture()
        : ElectionFixture("02:00:00:00:00:01") // fe80::ff:fe00:1
    {
    }
};

BOOST_FIXTURE_TEST_CASE(election_lower_router_wins, HigherBridgeFixture)
{
    BOOST_TEST_REQUIRE(router.IsLinkLocal());
    BOOST_TEST_REQUIRE(router < bridge->GetQuerierSource());
    AddReceiver(hostNodes.Get(1), G1, Seconds(3), Seconds(200));
    RunUntil(5);
    BOOST_TEST(!bridge->IsQuerier());
    uint64_t sent = bridge->GetStatistics().queriesSent;
    BOOST_TEST(sent <= 1u); // at most its first query, at 0, before it heard the router
    BOOST_TEST_REQUIRE(!changes.empty());
    BOOST_TEST(!changes.back().isQuerier);
    BOOST_TEST(changes.back().querier == router);
    size_t stopped = changes.size();
    RunUntil(40.5);
    BOOST_TEST(!bridge->IsQuerier());
    BOOST_TEST(bridge->GetStatistics().queriesSent == sent);
    BOOST_TEST(bridge->GetRouterPorts() == std::vector<uint32_t>{0});
    // The router stops: Other Querier Present Interval (25 s) after its last query the
    // bridge takes over.
    hostNodes.Get(0)->GetObject<MldProtocol>()->SetRouter(1, false);
    Time last;
    for (const Frame& frame : inbox[1])
    {
        if (frame.icmpType == 130 && frame.source == router)
        {
            last = frame.time;
        }
    }
    BOOST_TEST(last > Seconds(25));
    RunUntil(100);
    BOOST_TEST(bridge->IsQuerier());
    BOOST_TEST_REQUIRE(changes.size() == stopped + 1);
    BOOST_TEST(changes.back().isQuerier);
    BOOST_TEST(changes.back().time >= last + Seconds(25) - MilliSeconds(1));
    BOOST_TEST(changes.back().time <= last + Seconds(25) + MilliSeconds(1));
    BOOST_TEST(bridge->GetStatistics().queriesSent >= sent + 2); // startup queries again
    BOOST_TEST(Members(G1) == std::set<uint32_t>{1});            // the hosts answer the bridge now
}

BOOST_FIXTURE_TEST_CASE(election_higher_router_ignored, LowerBridgeFixture)
{
    BOOST_TEST_REQUIRE(bridge->GetQuerierSource() < router);
    RunUntil(40);
    BOOST_TEST(bridge->IsQuerier());
    BOOST_TEST(changes.size() == 1u);
    // Startup queries at 0 and 31.25 s.
    BOOST_TEST(bridge->GetStatistics().queriesSent == 2u);
    // The router heard the lower bridge and stopped querying (RFC 2710 §5).
    BOOST_TEST(!hostNodes.Get(0)->GetObject<MldProtocol>()->GetQuerier(1)->IsQuerier());
    // The router's queries were snooped all the same.
    BOOST_TEST(bridge->GetRouterPorts() == std::vector<uint32_t>{0});
}

// ---- Port links

struct FlapFixture : public SwitchFixture
{
    FlapFixture()
        : SwitchFixture(4, {}, true)
    {
        bridge->TraceConnectWithoutContext("RouterPortRemoved",
                                           MakeBoundCallback(&FlapFixture::OnRouter, &routerGone));
    }

    /// RouterPortRemoved sink.
    static void OnRouter(std::vector<uint32_t>* log, uint32_t port)
    {
        log->push_back(port);
    }

    std::vector<uint32_t> routerGone; //!< RouterPortRemoved
};

BOOST_FIXTURE_TEST_CASE(link_down_drops_port_state, FlapFixture)
{
    Query(1, 0);
    Report(2, 1, G1);
    Report(2, 2, G1);
    Report(2, 1, G2);
    Link(5, 1, false);
    Link(5, 0, false);
    At(6, 3, Data(S1, G1));
    At(6, 3, Data(S1, Ipv6Address("ff02::fb"))); // flooded, but not out of ports 0 and 1
    RunUntil(7);
    BOOST_TEST(!bridge->IsPortUp(1));
    BOOST_TEST(bridge->IsPortUp(2));
    BOOST_TEST(Count(2, Ipv6Address("ff02::fb"), 0) == 1u);
    BOOST_TEST(Count(0, Ipv6Address("ff02::fb"), 0) + Count(1, Ipv6Address("ff02::fb"), 0) == 0u);
    BOOST_TEST(Members(G1) == std::set<uint32_t>{2});
    BOOST_TEST(Members(G2).empty());
    BOOST_TEST(removed.size() == 2u); // MdbEntryRemoved fired for G1 and G2 on port 1
    BOOST_TEST(bridge->GetRouterPorts().empty());
    BOOST_TEST(routerGone == std::vector<uint32_t>{0});
    BOOST_TEST(Count(2, G1, 0) == 1u);
    BOOST_TEST(Count(1, G1, 0) == 0u); // not out of a port whose link is down
    BOOST_TEST(Count(0, G1, 0) == 0u);
    // Up again: learnt anew from the next report.
    Link(8, 1, true);
    Report(9, 1, G1);
    At(10, 3, Data(S1, G1));
    RunUntil(11);
    BOOST_TEST(Members(G1) == (std::set<uint32_t>{1, 2}));
    BOOST_TEST(Count(1, G1, 0) == 1u);
}

BOOST_FIXTURE_TEST_CASE(link_down_static_router_port_back_on_up, FlapFixture)
{
    bridge->SetStaticRouterPort(3, true);
    Link(5, 3, false);
    RunUntil(6);
    BOOST_TEST(bridge->GetRouterPorts().empty());
    Link(7, 3, true);
    RunUntil(8);
    BOOST_TEST(bridge->GetRouterPorts() == std::vector<uint32_t>{3});
}

struct QuerierFlapFixture : public SwitchFixture
{
    QuerierFlapFixture()
        : SwitchFixture(4, {{"Querier", "true"}}, true)
    {
    }
};

BOOST_FIXTURE_TEST_CASE(link_up_sends_startup_queries, QuerierFlapFixture)
{
    Ipv6Address all = Ipv6Address::GetAllNodesMulticast();
    // General queries at 0 and 31.25 s (startup), then 156.25 s.
    Link(40, 2, false);
    Link(50, 2, true);
    RunUntil(49);
    BOOST_TEST(Count(2, all, 130) == 2u);
    RunUntil(90);
    // Port 2's own startup queries at 50 and 81.25 s; the other ports get none.
    BOOST_TEST(Count(2, all, 130) == 4u);
    BOOST_TEST(Count(1, all, 130) == 2u);
    BOOST_TEST(bridge->GetStatistics().queriesSent == 4u);
    // A general query while port 1 is down does not go out of it.
    Link(150, 1, false);
    RunUntil(160);
    BOOST_TEST(Count(1, all, 130) == 2u);
    BOOST_TEST(Count(3, all, 130) == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
