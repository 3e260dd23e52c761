/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Wire format: golden bytes, round trips, strict checks, and the Linux captures.

#define BOOST_TEST_MODULE mld_header
#include "mld-test-util.h"

#include <boost/test/unit_test.hpp>

#include <map>

using namespace ns3;
using namespace mldtest;

namespace
{
/// Serialize a header into bytes.
std::vector<uint8_t>
Bytes(const Header& h)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    std::vector<uint8_t> out(p->GetSize());
    p->CopyData(out.data(), out.size());
    return out;
}

/// Hex string to bytes.
std::vector<uint8_t>
Hex(const std::string& hex)
{
    std::vector<uint8_t> out;
    for (size_t i = 0; i + 1 < hex.size();)
    {
        if (hex[i] == ' ')
        {
            ++i;
            continue;
        }
        out.push_back(static_cast<uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
        i += 2;
    }
    return out;
}
} // namespace

BOOST_AUTO_TEST_CASE(golden_report_matches_linux)
{
    // Frame 16 of linux-mldv1-bridge-querier.pcap: fe80::4cf:bcff:fea2:5949 reports ff15::1234.
    MldReportHeader report;
    report.SetMulticastAddress(Ipv6Address("ff15::1234"));
    report.EnableChecksum(Ipv6Address("fe80::4cf:bcff:fea2:5949"), Ipv6Address("ff15::1234"));
    BOOST_TEST(Bytes(report) ==
                   Hex("8300 41dd 0000 0000 ff15 0000 0000 0000 0000 0000 0000 1234"),
               boost::test_tools::per_element());
    BOOST_TEST(report.GetChecksum() == 0x41dd);
}

BOOST_AUTO_TEST_CASE(golden_query_and_done)
{
    MldQueryHeader query;
    query.SetMaxResponseDelay(10000);
    BOOST_TEST(Bytes(query) ==
                   Hex("8200 0000 2710 0000 0000 0000 0000 0000 0000 0000 0000 0000"),
               boost::test_tools::per_element());

    MldDoneHeader done;
    done.SetMulticastAddress(Ipv6Address("ff15::1234"));
    done.EnableChecksum(Ipv6Address("fe80::a442:dbff:fe47:e73e"), Ipv6Address("ff02::2"));
    std::vector<uint8_t> bytes = Bytes(done);
    BOOST_TEST(bytes.size() == 24u);
    BOOST_TEST(bytes[0] == 132);
    // The checksum Linux put on frame 23 of the v1 capture, same source, group and destination.
    std::vector<std::vector<uint8_t>> frames =
        ReadPcapIpv6(TracesDir() + "/linux-mldv1-bridge-querier.pcap");
    BOOST_REQUIRE(frames.size() >= 23);
    const std::vector<uint8_t>& linuxDone = frames[22];
    std::vector<uint8_t> linuxIcmp(linuxDone.end() - 24, linuxDone.end());
    BOOST_TEST(bytes == linuxIcmp, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(round_trip_each_type)
{
    for (uint8_t type : {MldHeader::LISTENER_QUERY, MldHeader::LISTENER_REPORT,
                         MldHeader::LISTENER_DONE})
    {
        MldV1Header h(type);
        h.SetMaxResponseDelay(type == MldHeader::LISTENER_QUERY ? 1234 : 0);
        h.SetMulticastAddress(Ipv6Address("ff1e::42"));
        h.EnableChecksum(Ipv6Address("fe80::1"), Ipv6Address("ff1e::42"));
        Ptr<Packet> p = Create<Packet>();
        p->AddHeader(h);
        MldV1Header back;
        BOOST_TEST(p->RemoveHeader(back) == 24u);
        BOOST_TEST(back.IsValid());
        BOOST_TEST(back.GetType() == type);
        BOOST_TEST(back.GetMaxResponseDelay() == h.GetMaxResponseDelay());
        BOOST_TEST(back.GetMulticastAddress() == Ipv6Address("ff1e::42"));
        BOOST_TEST(back.GetChecksum() == h.GetChecksum());
        std::ostringstream printed;
        back.Print(printed);
        BOOST_TEST(printed.str().find("ff1e::42") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(deserialize_is_strict)
{
    // Too short: 23 octets.
    uint8_t raw[23] = {131};
    Ptr<Packet> shortPacket = Create<Packet>(raw, sizeof(raw));
    MldReportHeader report;
    BOOST_TEST(shortPacket->RemoveHeader(report) == 0u);
    BOOST_TEST(!report.IsValid());

    // Wrong type for the class.
    MldQueryHeader query;
    query.SetMulticastAddress(Ipv6Address("ff15::1"));
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(query);
    MldDoneHeader done;
    BOOST_TEST(p->RemoveHeader(done) == 0u);
    BOOST_TEST(!done.IsValid());

    // A query longer than 24 octets: the first 24 are read, the rest ignored (RFC 2710 §3).
    uint8_t longer[28] = {130, 0, 0, 0, 0x03, 0xe8};
    Ptr<Packet> v2 = Create<Packet>(longer, sizeof(longer));
    MldQueryHeader asV1;
    BOOST_TEST(v2->RemoveHeader(asV1) == 24u);
    BOOST_TEST(asV1.GetMaxResponseDelay() == 1000);
}

BOOST_AUTO_TEST_CASE(checksum_verifies_and_detects_errors)
{
    Forge f;
    f.type = 131;
    f.group = Ipv6Address("ff15::1234");
    f.destination = f.group;
    Ptr<Packet> good = BuildForged(f);
    std::vector<uint8_t> bytes(good->GetSize());
    good->CopyData(bytes.data(), bytes.size());
    MldMessage::Info info = MldMessage::Inspect(bytes.data(), bytes.size(), true);
    BOOST_TEST(info.kind == MldMessage::V1_REPORT);
    bytes.back() ^= 1;
    info = MldMessage::Inspect(bytes.data(), bytes.size(), true);
    BOOST_TEST(info.kind == MldMessage::MALFORMED);
    BOOST_TEST(info.error == MldMessage::BAD_CHECKSUM);
    info = MldMessage::Inspect(bytes.data(), bytes.size(), false);
    BOOST_TEST(info.kind == MldMessage::V1_REPORT);
}

BOOST_AUTO_TEST_CASE(inspect_classifies_lengths_and_types)
{
    struct Case
    {
        const char* name;
        Forge forge;
        MldMessage::Kind kind;
        MldMessage::Error error;
    };
    std::vector<Case> cases;
    {
        Forge f;
        f.type = 130;
        cases.push_back({"v1 query, 24 octets", f, MldMessage::V1_QUERY, MldMessage::NONE});
        f.extra = {0x02, 0x7d, 0, 0};
        cases.push_back({"v2 query, 28 octets", f, MldMessage::V2_QUERY, MldMessage::NONE});
        f.extra = {0x02, 0x7d, 0, 1};
        cases.push_back({"v2 query, 1 source announced, none present", f, MldMessage::MALFORMED,
                         MldMessage::SOURCE_OVERRUN});
        f.extra = {0x02, 0x7d};
        cases.push_back({"query of 26 octets", f, MldMessage::MALFORMED, MldMessage::BAD_LENGTH});
    }
    {
        Forge f;
        f.truncateTo = 20;
        cases.push_back({"report of 20 octets", f, MldMessage::MALFORMED, MldMessage::TOO_SHORT});
    }
    {
        Forge f;
        f.type = 128; // echo request with a Router Alert for MLD
        cases.push_back({"echo request with MLD router alert", f, MldMessage::UNKNOWN_TYPE,
                         MldMessage::NONE});
        f.routerAlert = false;
        cases.push_back({"plain echo request", f, MldMessage::NOT_MLD, MldMessage::NONE});
    }
    {
        Forge f;
        f.type = 132;
        f.routerAlert = false;
        cases.push_back({"done without router alert", f, MldMessage::V1_DONE, MldMessage::NONE});
    }
    for (const auto& c : cases)
    {
        BOOST_TEST_CONTEXT(c.name)
        {
            Ptr<Packet> p = BuildForged(c.forge);
            std::vector<uint8_t> bytes(p->GetSize());
            p->CopyData(bytes.data(), bytes.size());
            MldMessage::Info info = MldMessage::Inspect(bytes.data(), bytes.size(), true);
            BOOST_TEST(MldMessage::KindName(info.kind) == MldMessage::KindName(c.kind));
            BOOST_TEST(MldMessage::ErrorName(info.error) == MldMessage::ErrorName(c.error));
            BOOST_TEST(info.routerAlert == c.forge.routerAlert);
        }
    }
}

BOOST_AUTO_TEST_CASE(linux_v1_capture_parses)
{
    auto frames = ReadPcapIpv6(TracesDir() + "/linux-mldv1-bridge-querier.pcap");
    BOOST_REQUIRE(!frames.empty());
    std::map<MldMessage::Kind, int> kinds;
    for (size_t i = 0; i < frames.size(); ++i)
    {
        MldMessage::Info info = MldMessage::Inspect(frames[i].data(), frames[i].size(), true);
        if (info.kind == MldMessage::NOT_MLD)
        {
            continue;
        }
        BOOST_TEST_CONTEXT("frame " << i + 1)
        {
            BOOST_TEST(info.kind != MldMessage::MALFORMED);
            BOOST_TEST(info.kind != MldMessage::UNKNOWN_TYPE);
            BOOST_TEST(info.routerAlert);
            BOOST_TEST(info.hopLimit == 1);
            BOOST_TEST((info.source.IsLinkLocal() || info.source.IsAny()));
        }
        ++kinds[info.kind];
    }
    // Counted with: tshark -r linux-mldv1-bridge-querier.pcap -Y 'icmpv6.type == N'
    // (the v1 queries carry 32-octet payloads: 24 of MLD after 8 of Hop-by-Hop).
    BOOST_TEST(kinds[MldMessage::V1_QUERY] == 3);
    BOOST_TEST(kinds[MldMessage::V1_REPORT] == 17);
    BOOST_TEST(kinds[MldMessage::V1_DONE] == 2);
    BOOST_TEST(kinds[MldMessage::V2_REPORT] == 4);
    BOOST_TEST(kinds[MldMessage::V2_QUERY] == 0);
}

BOOST_AUTO_TEST_CASE(linux_v2_capture_is_read_as_v2)
{
    auto frames = ReadPcapIpv6(TracesDir() + "/linux-mldv2-bridge-querier.pcap");
    BOOST_REQUIRE(!frames.empty());
    std::map<MldMessage::Kind, int> kinds;
    for (size_t i = 0; i < frames.size(); ++i)
    {
        MldMessage::Info info = MldMessage::Inspect(frames[i].data(), frames[i].size(), true);
        if (info.kind == MldMessage::NOT_MLD)
        {
            continue;
        }
        BOOST_TEST_CONTEXT("frame " << i + 1)
        {
            BOOST_TEST(info.kind != MldMessage::MALFORMED);
            // Never misread as v1: every query is 28+ octets, every report type 143.
            BOOST_TEST(info.kind != MldMessage::V1_QUERY);
            BOOST_TEST(info.kind != MldMessage::V1_REPORT);
        }
        ++kinds[info.kind];
    }
    BOOST_TEST(kinds[MldMessage::V2_QUERY] == 3);
    BOOST_TEST(kinds[MldMessage::V2_REPORT] == 31);
}
