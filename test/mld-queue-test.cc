/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// MLD and ns-3's flow queue discs (MldPacketFilter): MLD messages, which go to each
// group's address (RFC 2710 §8), no longer make FqCoDel create one flow per group, and
// every other packet is classified exactly as FqCoDel classifies it without the filter.

#include "mld-test-util.h"

#include "ns3/fq-codel-queue-disc.h"
#include "ns3/ipv4-queue-disc-item.h"
#include "ns3/ipv6-queue-disc-item.h"
#include "ns3/mld-ns3-compat.h"
#include "ns3/mq-queue-disc.h"
#include "ns3/pfifo-fast-queue-disc.h"
#include "ns3/tcp-header.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/udp-header.h"

#include <boost/test/unit_test.hpp>
#include <set>
#include <sstream>
#include <vector>

using namespace ns3;
using namespace mldtest;

namespace
{

/// Group g of the flow test: ff1e::1:g (global scope).
Ipv6Address
TestGroup(uint32_t g)
{
    std::ostringstream s;
    s << "ff1e::1:" << std::hex << (g + 1);
    return Ipv6Address(s.str().c_str());
}

/// An IPv6 item as Ipv6Interface hands it to the traffic control layer (header apart).
Ptr<Ipv6QueueDiscItem>
Ipv6Item(Ptr<Packet> payload, Ipv6Address source, Ipv6Address destination, uint8_t nextHeader)
{
    Ipv6Header header;
    header.SetSource(source);
    header.SetDestination(destination);
    header.SetNextHeader(nextHeader);
    header.SetPayloadLength(payload->GetSize());
    header.SetHopLimit(64);
    return Create<Ipv6QueueDiscItem>(payload, Address(), iana::ieee802numbers::IPV6, header);
}

/// A UDP datagram over IPv6.
Ptr<Ipv6QueueDiscItem>
UdpItem(Ipv6Address source, Ipv6Address destination, uint16_t sourcePort, uint16_t port)
{
    Ptr<Packet> p = Create<Packet>(100);
    UdpHeader udp;
    udp.SetSourcePort(sourcePort);
    udp.SetDestinationPort(port);
    p->AddHeader(udp);
    return Ipv6Item(p, source, destination, Ipv6Header::IPV6_UDP);
}

/// A TCP segment over IPv6.
Ptr<Ipv6QueueDiscItem>
TcpItem(Ipv6Address source, Ipv6Address destination, uint16_t sourcePort, uint16_t port)
{
    Ptr<Packet> p = Create<Packet>(10);
    TcpHeader tcp;
    tcp.SetSourcePort(sourcePort);
    tcp.SetDestinationPort(port);
    p->AddHeader(tcp);
    return Ipv6Item(p, source, destination, Ipv6Header::IPV6_TCP);
}

/**
 * A Hop-by-Hop header with a Router Alert (RFC 2711), then an ICMPv6 message of a type:
 * an MLD message for types 130, 131, 132 and 143.
 */
Ptr<Ipv6QueueDiscItem>
HopByHopIcmpItem(uint8_t type, Ipv6Address source, Ipv6Address destination, Ipv6Address group)
{
    std::vector<uint8_t> bytes = {58, 0, 5, 2, 0, 0, 1, 0}; // Hop-by-Hop, Router Alert, PadN
    std::vector<uint8_t> icmp(24, 0);
    icmp[0] = type;
    group.Serialize(icmp.data() + 8);
    bytes.insert(bytes.end(), icmp.begin(), icmp.end());
    return Ipv6Item(Create<Packet>(bytes.data(), bytes.size()),
                    source,
                    destination,
                    Ipv6Header::IPV6_EXT_HOP_BY_HOP);
}

/// UDP behind a Hop-by-Hop header (with a Router Alert): data, not MLD.
Ptr<Ipv6QueueDiscItem>
HopByHopUdpItem(Ipv6Address source, Ipv6Address destination)
{
    std::vector<uint8_t> bytes = {17, 0, 5, 2, 0, 0, 1, 0};
    std::vector<uint8_t> udp(8 + 20, 0);
    udp[1] = 9;
    udp[3] = 9;
    bytes.insert(bytes.end(), udp.begin(), udp.end());
    return Ipv6Item(Create<Packet>(bytes.data(), bytes.size()),
                    source,
                    destination,
                    Ipv6Header::IPV6_EXT_HOP_BY_HOP);
}

/// Every kind of non-MLD packet the filter must classify as FqCoDel does.
std::vector<Ptr<QueueDiscItem>>
DataItems()
{
    std::vector<Ptr<QueueDiscItem>> items;
    Ipv6Address a("2001:db8:1::1");
    Ipv6Address b("2001:db8:1::2");
    for (uint16_t port = 1000; port < 1040; ++port)
    {
        items.push_back(UdpItem(a, b, port, 9));
        items.push_back(UdpItem(a, TestGroup(port % 7), 49153, port));
        items.push_back(TcpItem(b, a, port, 80));
    }
    items.push_back(Ipv6Item(Create<Packet>(24), a, b, Ipv6Header::IPV6_ICMPV6));
    items.push_back(Ipv6Item(Create<Packet>(24), Ipv6Address("fe80::1"), "ff02::1", 58));
    // ICMPv6 Echo Request (128) behind a Router Alert: not MLD.
    items.push_back(HopByHopIcmpItem(128, Ipv6Address("fe80::1"), b, Ipv6Address::GetAny()));
    items.push_back(HopByHopUdpItem(a, TestGroup(3)));
    items.push_back(HopByHopUdpItem(b, TestGroup(4)));
    // IPv4: hashed by Ipv4QueueDiscItem, as FqCoDel does.
    Ipv4Header v4;
    v4.SetSource(Ipv4Address("10.0.0.1"));
    v4.SetDestination(Ipv4Address("10.0.0.2"));
    v4.SetProtocol(17);
    Ptr<Packet> p4 = Create<Packet>(20);
    UdpHeader udp;
    udp.SetSourcePort(5000);
    udp.SetDestinationPort(9);
    p4->AddHeader(udp);
    items.push_back(Create<Ipv4QueueDiscItem>(p4, Address(), 0x0800, v4));
    return items;
}

/// Every MLD message type, to many groups, from :: and from a link-local address.
std::vector<Ptr<QueueDiscItem>>
MldItems()
{
    std::vector<Ptr<QueueDiscItem>> items;
    for (uint32_t g = 0; g < 30; ++g)
    {
        Ipv6Address group = TestGroup(g);
        Ipv6Address source = g % 3 ? Ipv6Address("fe80::1") : Ipv6Address::GetAny();
        items.push_back(HopByHopIcmpItem(131, source, group, group));    // v1 Report
        items.push_back(HopByHopIcmpItem(130, "fe80::2", group, group)); // MAS Query
    }
    items.push_back(HopByHopIcmpItem(130, "fe80::2", "ff02::1", Ipv6Address::GetAny()));
    items.push_back(HopByHopIcmpItem(132, "fe80::1", "ff02::2", TestGroup(1))); // Done
    items.push_back(HopByHopIcmpItem(143, "fe80::1", "ff02::16", Ipv6Address::GetAny()));
    items.push_back(HopByHopIcmpItem(143, Ipv6Address::GetAny(), "ff02::16", "::"));
    return items;
}

/// A FqCoDel that can be initialized without a device (its quantum set).
Ptr<FqCoDelQueueDisc>
MakeFqCoDel(uint32_t perturbation, bool setAssociative)
{
    Ptr<FqCoDelQueueDisc> qd = CreateObject<FqCoDelQueueDisc>();
    qd->SetAttribute("Perturbation", UintegerValue(perturbation));
    qd->SetQuantum(1500);
    qd->SetAttribute("EnableSetAssociativeHash", BooleanValue(setAssociative));
    qd->Initialize();
    return qd;
}

/// The flow indices of a FqCoDel, in the order it created them.
std::vector<uint32_t>
FlowIndices(Ptr<QueueDisc> qd)
{
    std::vector<uint32_t> indices;
    for (std::size_t i = 0; i < qd->GetNQueueDiscClasses(); ++i)
    {
        indices.push_back(DynamicCast<FqCoDelFlow>(qd->GetQueueDiscClass(i))->GetIndex());
    }
    return indices;
}

/// A filter a user could have added: everything into one flow.
class FixedFilter : public PacketFilter
{
  private:
    bool CheckProtocol(Ptr<QueueDiscItem> item) const override
    {
        return true;
    }

    int32_t DoClassify(Ptr<QueueDiscItem> item) const override
    {
        return 7;
    }
};

/// An item whose flow hash is the one value a filter cannot return (PF_NO_MATCH).
class AllOnesItem : public QueueDiscItem
{
  public:
    AllOnesItem()
        : QueueDiscItem(Create<Packet>(10), Address(), 0)
    {
    }

    void AddHeader() override
    {
    }

    bool Mark() override
    {
        return false;
    }

    uint32_t Hash(uint32_t perturbation) const override
    {
        return 0xffffffff;
    }
};

/**
 * A LAN of a router and three hosts (MLDv1 or v2): each host joins `groups` groups of its
 * own at 1 s and leaves half of them at 4 s (the router then queries each of those groups
 * at its address); the number of flows of each node's root FqCoDel at 10 s.
 */
std::vector<std::size_t>
FlowsPerNode(uint32_t groups, bool filter, uint32_t version)
{
    LanOptions options;
    options.hosts = 4;
    options.routers = 1;
    MldHelper helper;
    helper.SetPacketFilter(filter);
    helper.SetListenerAttribute("Version", StringValue(version == 1 ? "MLDv1" : "MLDv2"));
    helper.SetQuerierAttribute("Version", StringValue(version == 1 ? "MLDv1" : "MLDv2"));
    Lan lan = MakeLan(options, helper);
    for (uint32_t h = 1; h < lan.nodes.GetN(); ++h)
    {
        Ptr<MldProtocol> mld = lan.Mld(h);
        for (uint32_t g = 0; g < groups; ++g)
        {
            // Groups of its own: an MLDv1 host that left the last reporter sends a Done.
            Ipv6Address group = TestGroup(100 * h + g);
            Simulator::Schedule(Seconds(1), &MldProtocol::Join, mld, 1, group);
            if (g % 2 == 1)
            {
                Simulator::Schedule(Seconds(4), &MldProtocol::Leave, mld, 1, group);
            }
        }
    }
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    std::vector<std::size_t> flows;
    for (uint32_t i = 0; i < lan.nodes.GetN(); ++i)
    {
        Ptr<QueueDisc> root =
            lan.nodes.Get(i)->GetObject<TrafficControlLayer>()->GetRootQueueDiscOnDevice(
                lan.devices.Get(i));
        BOOST_REQUIRE(DynamicCast<FqCoDelQueueDisc>(root));
        BOOST_CHECK_EQUAL(root->GetNPacketFilters(), filter ? 1U : 0U);
        flows.push_back(root->GetNQueueDiscClasses());
    }
    Simulator::Destroy();
    return flows;
}

} // namespace

BOOST_AUTO_TEST_SUITE(mld_queue)

BOOST_FIXTURE_TEST_SUITE(queue, SeededSimulationFixture)

// With the filter, a node's FqCoDel has as many flows with 20 groups as with 1: MLD adds
// one flow per interface, not one per group. Without it, each MLDv1 host has one more
// flow per group it reported, and the router one per group it queried.
BOOST_AUTO_TEST_CASE(flows_bounded_with_many_groups)
{
    for (uint32_t version : {1U, 2U})
    {
        BOOST_TEST_CONTEXT("MLDv" << version)
        {
            std::vector<std::size_t> one = FlowsPerNode(1, true, version);
            std::vector<std::size_t> twenty = FlowsPerNode(20, true, version);
            std::vector<std::size_t> unfiltered = FlowsPerNode(20, false, version);
            BOOST_REQUIRE_EQUAL(one.size(), twenty.size());
            std::ostringstream counts;
            for (std::size_t i = 0; i < one.size(); ++i)
            {
                counts << " node " << i << ": " << one[i] << " / " << twenty[i] << " / "
                       << unfiltered[i] << ";";
            }
            BOOST_TEST_MESSAGE(
                "MLDv" << version << " flows, G=1 / G=20 / G=20 without filter:" << counts.str());
            for (std::size_t i = 0; i < one.size(); ++i)
            {
                BOOST_TEST_CONTEXT("node " << i)
                {
                    BOOST_CHECK_EQUAL(twenty[i], one[i]);
                    BOOST_CHECK_LE(twenty[i], 5U); // ND, Router Solicitations, MLD
                    if (i == 0)
                    {
                        // The router's Multicast-Address-Specific Queries, one flow per group
                        // left (10 per host).
                        BOOST_CHECK_GE(unfiltered[i], twenty[i] + 29);
                    }
                    else if (version == 1)
                    {
                        BOOST_CHECK_GE(unfiltered[i], twenty[i] + 19); // one Report per group
                    }
                }
            }
        }
    }
}

// Every non-MLD packet gets the hash FqCoDel computes without filters (Perturbation
// included, also when set after the filter was added); every MLD message one fixed hash.
BOOST_AUTO_TEST_CASE(classification_as_without_filter)
{
    Ptr<FqCoDelQueueDisc> qd = MakeFqCoDel(0, false);
    BOOST_CHECK_EQUAL(MldPacketFilter::AddTo(qd), 1U);
    BOOST_CHECK_EQUAL(MldPacketFilter::AddTo(qd), 0U);     // one is enough
    qd->SetAttribute("Perturbation", UintegerValue(4242)); // before the first packet
    Ptr<PacketFilter> filter = qd->GetPacketFilter(0);
    for (const auto& item : DataItems())
    {
        BOOST_CHECK(!MldPacketFilter::IsMldMessage(*item));
        BOOST_CHECK_EQUAL(static_cast<uint32_t>(filter->Classify(item)), item->Hash(4242));
    }
    Ptr<QueueDiscItem> report =
        HopByHopIcmpItem(143, Ipv6Address::GetAny(), "ff02::16", Ipv6Address::GetAny());
    std::set<int32_t> mldFlows;
    for (const auto& item : MldItems())
    {
        BOOST_CHECK(MldPacketFilter::IsMldMessage(*item));
        mldFlows.insert(filter->Classify(item));
    }
    BOOST_CHECK_EQUAL(mldFlows.size(), 1U);
    BOOST_CHECK_EQUAL(static_cast<uint32_t>(*mldFlows.begin()), report->Hash(4242));
}

// End to end: the same packets into a FqCoDel with the filter and one without make the
// same flows, in the same order, but for the MLD messages, which make one flow instead of
// one per destination; with and without the set-associative hash.
BOOST_AUTO_TEST_CASE(same_flows_as_without_filter)
{
    for (bool setAssociative : {false, true})
    {
        BOOST_TEST_CONTEXT("set-associative hash " << setAssociative)
        {
            Ptr<FqCoDelQueueDisc> plain = MakeFqCoDel(99, setAssociative);
            Ptr<FqCoDelQueueDisc> filtered = MakeFqCoDel(99, setAssociative);
            BOOST_REQUIRE_EQUAL(MldPacketFilter::AddTo(filtered), 1U);
            for (const auto& item : DataItems())
            {
                plain->Enqueue(item);
            }
            for (const auto& item : DataItems())
            {
                filtered->Enqueue(item);
            }
            std::vector<uint32_t> dataFlows = FlowIndices(plain);
            BOOST_CHECK(FlowIndices(filtered) == dataFlows);
            BOOST_CHECK_GT(dataFlows.size(), 50U);
            for (const auto& item : MldItems())
            {
                plain->Enqueue(item);
            }
            for (const auto& item : MldItems())
            {
                filtered->Enqueue(item);
            }
            BOOST_CHECK_GE(plain->GetNQueueDiscClasses(), dataFlows.size() + 25);
            BOOST_CHECK_LE(filtered->GetNQueueDiscClasses(), dataFlows.size() + 1);
            BOOST_CHECK_EQUAL(plain->GetNPackets(), filtered->GetNPackets()); // none dropped
        }
    }
}

// The hash 0xffffffff, which a filter cannot return, still lands in its flow.
BOOST_AUTO_TEST_CASE(all_ones_hash)
{
    Ptr<FqCoDelQueueDisc> qd = MakeFqCoDel(0, false);
    MldPacketFilter::AddTo(qd);
    int32_t result = qd->GetPacketFilter(0)->Classify(Create<AllOnesItem>());
    const int32_t noMatch = PacketFilter::PF_NO_MATCH; // a copy: the constant has no definition
    BOOST_CHECK_NE(result, noMatch);
    BOOST_CHECK_EQUAL(static_cast<uint32_t>(result) % 1024, 0xffffffffU % 1024);
}

// Only flow queue discs without filters of their own get one; MqQueueDisc's children do.
BOOST_AUTO_TEST_CASE(where_the_filter_goes)
{
    Ptr<FqCoDelQueueDisc> user = MakeFqCoDel(0, false);
    user->AddPacketFilter(CreateObject<FixedFilter>());
    BOOST_CHECK_EQUAL(MldPacketFilter::AddTo(user), 0U);
    BOOST_CHECK_EQUAL(user->GetNPacketFilters(), 1U);

    BOOST_CHECK_EQUAL(MldPacketFilter::AddTo(CreateObject<PfifoFastQueueDisc>()), 0U);
    BOOST_CHECK_EQUAL(MldPacketFilter::AddTo(nullptr), 0U);

    Ptr<MqQueueDisc> mq = CreateObject<MqQueueDisc>();
    for (int i = 0; i < 2; ++i)
    {
        Ptr<QueueDiscClass> c = CreateObject<QueueDiscClass>();
        c->SetQueueDisc(CreateObject<FqCoDelQueueDisc>());
        mq->AddQueueDiscClass(c);
    }
    BOOST_CHECK_EQUAL(MldPacketFilter::AddTo(mq), 2U);
    BOOST_CHECK_EQUAL(mq->GetNPacketFilters(), 0U);
    BOOST_CHECK_EQUAL(mq->GetQueueDiscClass(1)->GetQueueDisc()->GetNPacketFilters(), 1U);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END() // mld_queue
