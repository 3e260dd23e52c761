/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Wire format: golden bytes, round trips, strict checks, and the Linux captures.

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

BOOST_AUTO_TEST_SUITE(mld_header)

BOOST_AUTO_TEST_CASE(golden_report_matches_linux)
{
    // Frame 16 of linux-mldv1-bridge-querier.pcap: fe80::4cf:bcff:fea2:5949 reports ff15::1234.
    MldReportHeader report;
    report.SetMulticastAddress(Ipv6Address("ff15::1234"));
    report.EnableChecksum(Ipv6Address("fe80::4cf:bcff:fea2:5949"), Ipv6Address("ff15::1234"));
    BOOST_TEST(Bytes(report) == Hex("8300 41dd 0000 0000 ff15 0000 0000 0000 0000 0000 0000 1234"),
               boost::test_tools::per_element());
    BOOST_TEST(report.GetChecksum() == 0x41dd);
}

BOOST_AUTO_TEST_CASE(golden_query_and_done)
{
    MldQueryHeader query;
    query.SetMaxResponseDelay(10000);
    BOOST_TEST(Bytes(query) == Hex("8200 0000 2710 0000 0000 0000 0000 0000 0000 0000 0000 0000"),
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
    for (uint8_t type :
         {MldHeader::LISTENER_QUERY, MldHeader::LISTENER_REPORT, MldHeader::LISTENER_DONE})
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
        cases.push_back({"v2 query, 1 source announced, none present",
                         f,
                         MldMessage::MALFORMED,
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
        cases.push_back(
            {"echo request with MLD router alert", f, MldMessage::UNKNOWN_TYPE, MldMessage::NONE});
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

// ------------------------------------------------------------------ MLDv2 (RFC 9777 §5)

BOOST_AUTO_TEST_CASE(v2_max_response_code_boundaries)
{
    // RFC 9777 §5.1.3: linear below 32768, exponential from there.
    BOOST_TEST(MldV2QueryHeader::EncodeMaxResponseCode(0) == 0);
    BOOST_TEST(MldV2QueryHeader::EncodeMaxResponseCode(32767) == 32767);
    BOOST_TEST(MldV2QueryHeader::EncodeMaxResponseCode(32768) == 0x8000);
    BOOST_TEST(MldV2QueryHeader::DecodeMaxResponseCode(32767) == 32767u);
    BOOST_TEST(MldV2QueryHeader::DecodeMaxResponseCode(0x8000) == 32768u);
    BOOST_TEST(MldV2QueryHeader::DecodeMaxResponseCode(0xffff) == 8387584u);  // 0x1fff << 10
    BOOST_TEST(MldV2QueryHeader::EncodeMaxResponseCode(100000000) == 0xffff); // clamped
    // Every code decodes to a delay that encodes back to the same code.
    for (uint32_t code = 0; code <= 0xffff; ++code)
    {
        uint32_t ms = MldV2QueryHeader::DecodeMaxResponseCode(static_cast<uint16_t>(code));
        if (MldV2QueryHeader::EncodeMaxResponseCode(ms) != code)
        {
            BOOST_FAIL("code " << code << " -> " << ms << " ms does not encode back");
        }
    }
    // Encoding rounds down: never a longer delay than asked.
    for (uint32_t ms : {32769u, 40000u, 65535u, 65536u, 1000000u, 8387583u})
    {
        uint32_t back =
            MldV2QueryHeader::DecodeMaxResponseCode(MldV2QueryHeader::EncodeMaxResponseCode(ms));
        BOOST_TEST(back <= ms);
        BOOST_TEST(back > ms - (ms >> 12) - 8); // within one mantissa step
    }
}

BOOST_AUTO_TEST_CASE(v2_qqic_boundaries)
{
    // RFC 9777 §5.1.9: linear below 128, exponential from there.
    BOOST_TEST(MldV2QueryHeader::EncodeQqic(127) == 127);
    BOOST_TEST(MldV2QueryHeader::EncodeQqic(128) == 0x80);
    BOOST_TEST(MldV2QueryHeader::DecodeQqic(127) == 127u);
    BOOST_TEST(MldV2QueryHeader::DecodeQqic(0x80) == 128u);
    BOOST_TEST(MldV2QueryHeader::DecodeQqic(0xff) == 31744u); // 0x1f << 10
    BOOST_TEST(MldV2QueryHeader::EncodeQqic(125) == 125);
    for (uint32_t code = 0; code <= 0xff; ++code)
    {
        uint32_t s = MldV2QueryHeader::DecodeQqic(static_cast<uint8_t>(code));
        BOOST_TEST(MldV2QueryHeader::EncodeQqic(s) == code);
    }
}

BOOST_AUTO_TEST_CASE(v2_query_golden_and_round_trip)
{
    MldV2QueryHeader q;
    q.SetMaxResponseDelayMs(10000);
    q.SetMulticastAddress(Ipv6Address("ff35::beef"));
    q.SetSuppressRouterProcessing(true);
    q.SetQrv(2);
    q.SetQqic(MldV2QueryHeader::EncodeQqic(125));
    q.SetSources({Ipv6Address("2001:db8::5"), Ipv6Address("2001:db8::6")});
    std::vector<uint8_t> bytes = Bytes(q);
    BOOST_TEST(bytes == Hex("8200 0000 2710 0000 ff35 0000 0000 0000 0000 0000 0000 beef"
                            "0a 7d 0002"
                            "2001 0db8 0000 0000 0000 0000 0000 0005"
                            "2001 0db8 0000 0000 0000 0000 0000 0006"),
               boost::test_tools::per_element());

    Ptr<Packet> p = Create<Packet>(bytes.data(), bytes.size());
    MldV2QueryHeader back;
    BOOST_TEST(p->RemoveHeader(back) == 60u);
    BOOST_TEST(back.GetMaxResponseDelayMs() == 10000u);
    BOOST_TEST(back.GetSuppressRouterProcessing());
    BOOST_TEST(back.GetQrv() == 2);
    BOOST_TEST(MldV2QueryHeader::DecodeQqic(back.GetQqic()) == 125u);
    BOOST_TEST(back.GetSources().size() == 2u);
    BOOST_TEST(back.GetSources()[1] == Ipv6Address("2001:db8::6"));

    // A source count larger than the payload is refused.
    bytes[27] = 3;
    Ptr<Packet> overrun = Create<Packet>(bytes.data(), bytes.size());
    MldV2QueryHeader bad;
    BOOST_TEST(overrun->RemoveHeader(bad) == 0u);
    BOOST_TEST(!bad.IsValid());
}

BOOST_AUTO_TEST_CASE(v2_report_round_trip_with_aux_data)
{
    MldV2ReportHeader report;
    MldAddressRecord a;
    a.type = MldAddressRecord::ALLOW_NEW_SOURCES;
    a.group = Ipv6Address("ff35::beef");
    a.sources = {Ipv6Address("2001:db8::5")};
    a.auxData = {1, 2, 3, 4};
    MldAddressRecord b;
    b.type = MldAddressRecord::CHANGE_TO_EXCLUDE_MODE;
    b.group = Ipv6Address("ff15::1234");
    report.AddRecord(a);
    report.AddRecord(b);
    report.EnableChecksum(Ipv6Address("fe80::1"), Ipv6Address("ff02::16"));
    std::vector<uint8_t> bytes = Bytes(report);
    BOOST_TEST(bytes.size() == 8u + 20 + 16 + 4 + 20);
    BOOST_TEST(bytes[0] == 143);
    BOOST_TEST(MldHeader::ComputeChecksum(Ipv6Address("fe80::1"),
                                          Ipv6Address("ff02::16"),
                                          bytes.data(),
                                          bytes.size()) == 0);

    Ptr<Packet> p = Create<Packet>(bytes.data(), bytes.size());
    MldV2ReportHeader back;
    BOOST_TEST(p->RemoveHeader(back) == bytes.size());
    BOOST_REQUIRE(back.GetRecords().size() == 2u);
    BOOST_TEST(back.GetRecords()[0].auxData.size() == 4u);
    BOOST_TEST(back.GetRecords()[1].group == Ipv6Address("ff15::1234")); // aux data skipped
    BOOST_TEST(back.GetRecords()[1].type == MldAddressRecord::CHANGE_TO_EXCLUDE_MODE);

    // Truncated in the middle of the second record, and a record count that overruns.
    Ptr<Packet> cut = Create<Packet>(bytes.data(), bytes.size() - 1);
    MldV2ReportHeader truncated;
    BOOST_TEST(cut->RemoveHeader(truncated) == 0u);
    BOOST_TEST(!truncated.IsValid());
    bytes[7] = 3;
    Ptr<Packet> overrun = Create<Packet>(bytes.data(), bytes.size());
    MldV2ReportHeader tooMany;
    BOOST_TEST(overrun->RemoveHeader(tooMany) == 0u);
}

namespace
{
/// Re-serialize a received message with our classes; the bytes must be Linux's bytes.
template <typename H>
void
CheckReserialization(const std::vector<uint8_t>& frame, const MldMessage::Info& info)
{
    const uint8_t* icmp = frame.data() + info.icmpOffset;
    Ptr<Packet> p = Create<Packet>(icmp, info.icmpLength);
    H header;
    BOOST_TEST(p->RemoveHeader(header) == info.icmpLength);
    header.EnableChecksum(info.source, info.destination);
    std::vector<uint8_t> ours = Bytes(header);
    std::vector<uint8_t> theirs(icmp, icmp + info.icmpLength);
    BOOST_TEST(ours == theirs, boost::test_tools::per_element());
}
} // namespace

BOOST_AUTO_TEST_CASE(linux_messages_reserialize_byte_for_byte)
{
    for (const char* file :
         {"/linux-mldv1-bridge-querier.pcap", "/linux-mldv2-bridge-querier.pcap"})
    {
        auto frames = ReadPcapIpv6(TracesDir() + file);
        BOOST_REQUIRE(!frames.empty());
        for (size_t i = 0; i < frames.size(); ++i)
        {
            MldMessage::Info info = MldMessage::Inspect(frames[i].data(), frames[i].size(), true);
            BOOST_TEST_CONTEXT(file << " frame " << i + 1)
            {
                switch (info.kind)
                {
                case MldMessage::V1_QUERY:
                case MldMessage::V1_REPORT:
                case MldMessage::V1_DONE:
                    CheckReserialization<MldV1Header>(frames[i], info);
                    break;
                case MldMessage::V2_QUERY:
                    CheckReserialization<MldV2QueryHeader>(frames[i], info);
                    break;
                case MldMessage::V2_REPORT:
                    CheckReserialization<MldV2ReportHeader>(frames[i], info);
                    break;
                default:
                    break;
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(linux_v2_records_match_tshark)
{
    // tshark -r linux-mldv2-bridge-querier.pcap -Y icmpv6.type==143 -T fields -e frame.number
    //   -e icmpv6.mldr.mar.record_type -e icmpv6.mldr.mar.multicast_address
    //   -e icmpv6.mldr.mar.source_address
    const std::map<int, std::string> expected = {
        {1, "4 ff02::1:ff9a:c5c7;4 ff02::6a;"},
        {2, "4 ff02::1:ffc0:6fa9;"},
        {3, "4 ff02::1:ffd8:7982;"},
        {5, "4 ff02::1:ff9a:c5c7;4 ff02::6a;"},
        {8, "4 ff02::1:ffd8:7982;"},
        {9, "4 ff02::1:ffc0:6fa9;"},
        {10, "4 ff02::1:ff9a:c5c7;4 ff02::6a;"},
        {12, "4 ff02::1:ff9a:c5c7;4 ff02::6a;"},
        {13, "4 ff02::1:ffc0:6fa9;"},
        {15, "4 ff02::1:ffd8:7982;"},
        {17, "4 ff02::1:ffd8:7982;"},
        {18, "4 ff02::1:ffc0:6fa9;"},
        {20, "4 ff15::1234;"},
        {21, "2 ff02::1:ffc0:6fa9;"},
        {22, "4 ff15::1234;"},
        {23, "2 ff02::1:ff9a:c5c7;2 ff02::6a;"},
        {24, "4 ff15::1234;"},
        {25, "5 ff35::beef 2001:db8::5;4 ff15::1234;"},
        {26, "5 ff35::beef 2001:db8::5;"},
        {28, "2 ff15::1234;2 ff02::1:ffd8:7982;"},
        {31, "3 ff15::1234;"},
        {32, "6 ff35::beef 2001:db8::5;3 ff15::1234;"},
        {34, "6 ff35::beef 2001:db8::5;"},
        {35, "2 ff02::1:ffc0:6fa9;"},
        {36, "2 ff02::1:ff9a:c5c7;2 ff02::6a;"},
        {37, "3 ff15::1234;"},
        {38, "3 ff15::1234;"},
        {39, "2 ff02::1:ffd8:7982;"},
        {42, "2 ff02::1:ffc0:6fa9;"},
        {44, "2 ff02::1:ff9a:c5c7;2 ff02::6a;"},
        {46, "2 ff02::1:ffd8:7982;"},
    };
    auto frames = ReadPcapIpv6(TracesDir() + "/linux-mldv2-bridge-querier.pcap");
    std::map<int, std::string> seen;
    for (size_t i = 0; i < frames.size(); ++i)
    {
        MldMessage::Info info = MldMessage::Inspect(frames[i].data(), frames[i].size(), true);
        if (info.kind != MldMessage::V2_REPORT)
        {
            continue;
        }
        Ptr<Packet> p = Create<Packet>(frames[i].data() + info.icmpOffset, info.icmpLength);
        MldV2ReportHeader report;
        p->RemoveHeader(report);
        std::ostringstream text;
        for (const auto& r : report.GetRecords())
        {
            text << +r.type << " " << r.group;
            for (const auto& s : r.sources)
            {
                text << " " << s;
            }
            text << ";";
        }
        seen[static_cast<int>(i + 1)] = text.str();
    }
    BOOST_TEST(seen.size() == expected.size());
    for (const auto& [frame, text] : expected)
    {
        BOOST_TEST_CONTEXT("frame " << frame)
        {
            BOOST_TEST(seen[frame] == text);
        }
    }

    // The three v2 queries: Maximum Response Code 2000, QRV 2, QQIC 5, no sources.
    for (int frame : {19, 33, 40})
    {
        const auto& bytes = frames[frame - 1];
        MldMessage::Info info = MldMessage::Inspect(bytes.data(), bytes.size(), true);
        BOOST_REQUIRE(info.kind == MldMessage::V2_QUERY);
        Ptr<Packet> p = Create<Packet>(bytes.data() + info.icmpOffset, info.icmpLength);
        MldV2QueryHeader q;
        BOOST_TEST(p->RemoveHeader(q) == 28u);
        BOOST_TEST(q.GetMaxResponseDelayMs() == 2000u);
        BOOST_TEST(q.GetQrv() == 2);
        BOOST_TEST(q.GetQqic() == 5);
        BOOST_TEST(q.GetSources().empty());
        BOOST_TEST(q.GetMulticastAddress().IsAny());
    }
}

BOOST_AUTO_TEST_SUITE_END() // mld_header
