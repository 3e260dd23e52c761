/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-header.h"

#include "ns3/abort.h"
#include "ns3/ipv6-header.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MldHeader");

NS_OBJECT_ENSURE_REGISTERED(MldHeader);
NS_OBJECT_ENSURE_REGISTERED(MldV1Header);
NS_OBJECT_ENSURE_REGISTERED(MldQueryHeader);
NS_OBJECT_ENSURE_REGISTERED(MldReportHeader);
NS_OBJECT_ENSURE_REGISTERED(MldDoneHeader);
NS_OBJECT_ENSURE_REGISTERED(MldV2QueryHeader);
NS_OBJECT_ENSURE_REGISTERED(MldV2ReportHeader);

namespace
{
/// ICMPv6 next-header value.
constexpr uint8_t PROTO_ICMPV6 = 58;
/// IPv6 extension headers that MLD packets may carry before the ICMPv6 message.
constexpr uint8_t EXT_HOP_BY_HOP = 0;
constexpr uint8_t EXT_ROUTING = 43;       //!< Routing header
constexpr uint8_t EXT_DESTINATION = 60;   //!< Destination Options header
constexpr uint8_t OPT_PAD1 = 0;           //!< Pad1 option
constexpr uint8_t OPT_ROUTER_ALERT = 5;   //!< Router Alert option (RFC 2711)
constexpr uint32_t IPV6_HEADER_SIZE = 40; //!< fixed IPv6 header

/**
 * Read a big-endian 16-bit value.
 * \param p the bytes
 * \return the value
 */
uint16_t
ReadBe16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}
} // namespace

// ---------------------------------------------------------------- MldHeader

TypeId
MldHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MldHeader").SetParent<Header>().SetGroupName("Mld");
    return tid;
}

MldHeader::MldHeader(uint8_t type)
    : m_type(type)
{
}

uint8_t
MldHeader::GetType() const
{
    return m_type;
}

uint8_t
MldHeader::GetCode() const
{
    return m_code;
}

void
MldHeader::SetCode(uint8_t code)
{
    m_code = code;
}

uint16_t
MldHeader::GetChecksum() const
{
    return m_checksum;
}

void
MldHeader::EnableChecksum(Ipv6Address src, Ipv6Address dst)
{
    m_calcChecksum = true;
    m_src = src;
    m_dst = dst;
}

bool
MldHeader::IsValid() const
{
    return m_valid;
}

void
MldHeader::SetValid(bool valid)
{
    m_valid = valid;
}

bool
MldHeader::AcceptsType(uint8_t type) const
{
    return type == m_type;
}

uint16_t
MldHeader::ComputeChecksum(Ipv6Address src, Ipv6Address dst, const uint8_t* data, uint32_t length)
{
    // RFC 2460 §8.1 pseudo-header: source, destination, upper-layer length, next header.
    uint8_t pseudo[40] = {};
    src.Serialize(pseudo);
    dst.Serialize(pseudo + 16);
    pseudo[32] = static_cast<uint8_t>(length >> 24);
    pseudo[33] = static_cast<uint8_t>(length >> 16);
    pseudo[34] = static_cast<uint8_t>(length >> 8);
    pseudo[35] = static_cast<uint8_t>(length);
    pseudo[39] = PROTO_ICMPV6;

    uint32_t sum = 0;
    for (uint32_t i = 0; i < sizeof(pseudo); i += 2)
    {
        sum += ReadBe16(pseudo + i);
    }
    for (uint32_t i = 0; i + 1 < length; i += 2)
    {
        sum += ReadBe16(data + i);
    }
    if (length % 2 == 1)
    {
        sum += static_cast<uint32_t>(data[length - 1]) << 8;
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<uint16_t>(~sum & 0xffff);
}

void
MldHeader::Serialize(Buffer::Iterator start) const
{
    Buffer::Iterator i = start;
    i.WriteU8(m_type);
    i.WriteU8(m_code);
    i.WriteHtonU16(0);
    SerializeBody(i);

    uint16_t checksum = 0;
    if (m_calcChecksum)
    {
        uint32_t size = GetSerializedSize();
        std::vector<uint8_t> bytes(size);
        Buffer::Iterator r = start;
        r.Read(bytes.data(), size);
        checksum = ComputeChecksum(m_src, m_dst, bytes.data(), size);
    }
    Buffer::Iterator c = start;
    c.Next(2);
    c.WriteHtonU16(checksum);
    m_checksum = checksum;
}

bool
MldHeader::DeserializePrefix(Buffer::Iterator& start, uint32_t minLength)
{
    m_valid = false;
    if (start.GetRemainingSize() < minLength)
    {
        return false;
    }
    uint8_t type = start.ReadU8();
    if (!AcceptsType(type))
    {
        return false;
    }
    m_type = type;
    m_code = start.ReadU8();
    m_checksum = start.ReadNtohU16();
    m_valid = true;
    return true;
}

// ---------------------------------------------------------------- MldV1Header

TypeId
MldV1Header::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MldV1Header")
                            .SetParent<MldHeader>()
                            .SetGroupName("Mld")
                            .AddConstructor<MldV1Header>();
    return tid;
}

MldV1Header::MldV1Header()
    : MldHeader(LISTENER_REPORT)
{
}

MldV1Header::MldV1Header(uint8_t type)
    : MldHeader(type)
{
    NS_ASSERT_MSG(type == LISTENER_QUERY || type == LISTENER_REPORT || type == LISTENER_DONE,
                  "MldV1Header: type " << +type << " is not an MLDv1 type");
}

TypeId
MldV1Header::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint16_t
MldV1Header::GetMaxResponseDelay() const
{
    return m_maxResponseDelay;
}

void
MldV1Header::SetMaxResponseDelay(uint16_t ms)
{
    m_maxResponseDelay = ms;
}

uint16_t
MldV1Header::GetReserved() const
{
    return m_reserved;
}

void
MldV1Header::SetReserved(uint16_t reserved)
{
    m_reserved = reserved;
}

Ipv6Address
MldV1Header::GetMulticastAddress() const
{
    return m_group;
}

void
MldV1Header::SetMulticastAddress(Ipv6Address group)
{
    m_group = group;
}

uint32_t
MldV1Header::GetSerializedSize() const
{
    return SIZE;
}

bool
MldV1Header::AcceptsType(uint8_t type) const
{
    // The generic class takes any MLDv1 type; the subclasses take their own.
    if (GetInstanceTypeId() == MldV1Header::GetTypeId())
    {
        return type == LISTENER_QUERY || type == LISTENER_REPORT || type == LISTENER_DONE;
    }
    return MldHeader::AcceptsType(type);
}

void
MldV1Header::SerializeBody(Buffer::Iterator i) const
{
    i.WriteHtonU16(m_maxResponseDelay);
    i.WriteHtonU16(m_reserved);
    uint8_t buf[16];
    m_group.Serialize(buf);
    i.Write(buf, 16);
}

uint32_t
MldV1Header::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    if (!DeserializePrefix(i, SIZE))
    {
        return 0;
    }
    m_maxResponseDelay = i.ReadNtohU16();
    m_reserved = i.ReadNtohU16();
    uint8_t buf[16];
    i.Read(buf, 16);
    m_group = Ipv6Address::Deserialize(buf);
    // RFC 2710 §3: ignore anything past the first 24 octets.
    return SIZE;
}

void
MldV1Header::Print(std::ostream& os) const
{
    const char* name = m_type == LISTENER_QUERY    ? "Query"
                       : m_type == LISTENER_REPORT ? "Report"
                                                   : "Done";
    os << "MLDv1 " << name << " (type=" << +m_type << " code=" << +GetCode() << " checksum=0x"
       << std::hex << GetChecksum() << std::dec;
    if (m_type == LISTENER_QUERY)
    {
        os << " maxDelay=" << m_maxResponseDelay << "ms";
    }
    os << " group=" << m_group << ")";
}

// ---------------------------------------------------------------- subclasses

TypeId
MldQueryHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MldQueryHeader")
                            .SetParent<MldV1Header>()
                            .SetGroupName("Mld")
                            .AddConstructor<MldQueryHeader>();
    return tid;
}

MldQueryHeader::MldQueryHeader()
    : MldV1Header(LISTENER_QUERY)
{
}

TypeId
MldQueryHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

TypeId
MldReportHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MldReportHeader")
                            .SetParent<MldV1Header>()
                            .SetGroupName("Mld")
                            .AddConstructor<MldReportHeader>();
    return tid;
}

MldReportHeader::MldReportHeader()
    : MldV1Header(LISTENER_REPORT)
{
}

TypeId
MldReportHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

TypeId
MldDoneHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MldDoneHeader")
                            .SetParent<MldV1Header>()
                            .SetGroupName("Mld")
                            .AddConstructor<MldDoneHeader>();
    return tid;
}

MldDoneHeader::MldDoneHeader()
    : MldV1Header(LISTENER_DONE)
{
}

TypeId
MldDoneHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

// ---------------------------------------------------------------- MldV2QueryHeader

TypeId
MldV2QueryHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MldV2QueryHeader")
                            .SetParent<MldQueryHeader>()
                            .SetGroupName("Mld")
                            .AddConstructor<MldV2QueryHeader>();
    return tid;
}

MldV2QueryHeader::MldV2QueryHeader()
{
}

TypeId
MldV2QueryHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint16_t
MldV2QueryHeader::EncodeMaxResponseCode(uint32_t ms)
{
    // RFC 9777 §5.1.3: below 32768 the code is the delay; above, 1|exp(3)|mant(12)
    // stands for (mant | 0x1000) << (exp + 3).
    if (ms < 32768)
    {
        return static_cast<uint16_t>(ms);
    }
    for (uint32_t exp = 0; exp < 8; ++exp)
    {
        uint32_t value = ms >> (exp + 3);
        if (value <= 0x1fff)
        {
            return static_cast<uint16_t>(0x8000 | (exp << 12) | (value & 0x0fff));
        }
    }
    return 0xffff;
}

uint32_t
MldV2QueryHeader::DecodeMaxResponseCode(uint16_t code)
{
    if (code < 32768)
    {
        return code;
    }
    uint32_t mant = code & 0x0fff;
    uint32_t exp = (code >> 12) & 0x7;
    return (mant | 0x1000) << (exp + 3);
}

uint8_t
MldV2QueryHeader::EncodeQqic(uint32_t seconds)
{
    // RFC 9777 §5.1.9: below 128 the code is the interval; above, 1|exp(3)|mant(4)
    // stands for (mant | 0x10) << (exp + 3).
    if (seconds < 128)
    {
        return static_cast<uint8_t>(seconds);
    }
    for (uint32_t exp = 0; exp < 8; ++exp)
    {
        uint32_t value = seconds >> (exp + 3);
        if (value <= 0x1f)
        {
            return static_cast<uint8_t>(0x80 | (exp << 4) | (value & 0x0f));
        }
    }
    return 0xff;
}

uint32_t
MldV2QueryHeader::DecodeQqic(uint8_t qqic)
{
    if (qqic < 128)
    {
        return qqic;
    }
    uint32_t mant = qqic & 0x0f;
    uint32_t exp = (qqic >> 4) & 0x7;
    return (mant | 0x10) << (exp + 3);
}

void
MldV2QueryHeader::SetMaxResponseDelayMs(uint32_t ms)
{
    SetMaxResponseDelay(EncodeMaxResponseCode(ms));
}

uint32_t
MldV2QueryHeader::GetMaxResponseDelayMs() const
{
    return DecodeMaxResponseCode(GetMaxResponseDelay());
}

void
MldV2QueryHeader::SetSuppressRouterProcessing(bool s)
{
    m_flags = static_cast<uint8_t>((m_flags & ~0x08) | (s ? 0x08 : 0));
}

bool
MldV2QueryHeader::GetSuppressRouterProcessing() const
{
    return (m_flags & 0x08) != 0;
}

void
MldV2QueryHeader::SetQrv(uint8_t qrv)
{
    // RFC 9777 §5.1.8: a Robustness Variable above 7 is sent as 0.
    m_flags = static_cast<uint8_t>((m_flags & ~0x07) | (qrv <= 7 ? qrv : 0));
}

uint8_t
MldV2QueryHeader::GetQrv() const
{
    return m_flags & 0x07;
}

void
MldV2QueryHeader::SetQqic(uint8_t qqic)
{
    m_qqic = qqic;
}

uint8_t
MldV2QueryHeader::GetQqic() const
{
    return m_qqic;
}

void
MldV2QueryHeader::SetSources(const std::vector<Ipv6Address>& sources)
{
    NS_ABORT_MSG_IF(sources.size() > 0xffff, "MldV2QueryHeader: too many sources");
    m_sources = sources;
}

const std::vector<Ipv6Address>&
MldV2QueryHeader::GetSources() const
{
    return m_sources;
}

uint32_t
MldV2QueryHeader::GetSerializedSize() const
{
    return MIN_SIZE + 16 * m_sources.size();
}

void
MldV2QueryHeader::SerializeBody(Buffer::Iterator i) const
{
    MldV1Header::SerializeBody(i);
    i.Next(MldV1Header::SIZE - 4);
    i.WriteU8(m_flags);
    i.WriteU8(m_qqic);
    i.WriteHtonU16(static_cast<uint16_t>(m_sources.size()));
    uint8_t buf[16];
    for (const auto& source : m_sources)
    {
        source.Serialize(buf);
        i.Write(buf, 16);
    }
}

uint32_t
MldV2QueryHeader::Deserialize(Buffer::Iterator start)
{
    SetValid(false);
    uint32_t available = start.GetRemainingSize();
    if (available < MIN_SIZE || MldV1Header::Deserialize(start) == 0)
    {
        return 0; // still invalid: set above, or by the MLDv1 part
    }
    Buffer::Iterator i = start;
    i.Next(MldV1Header::SIZE);
    m_flags = i.ReadU8();
    m_qqic = i.ReadU8();
    uint32_t count = i.ReadNtohU16();
    if (MIN_SIZE + 16 * count > available)
    {
        SetValid(false); // RFC 9777 §5.1.10: the count overruns the message
        return 0;
    }
    m_sources.clear();
    uint8_t buf[16];
    for (uint32_t k = 0; k < count; ++k)
    {
        i.Read(buf, 16);
        m_sources.push_back(Ipv6Address::Deserialize(buf));
    }
    SetValid(true);
    return MIN_SIZE + 16 * count;
}

void
MldV2QueryHeader::Print(std::ostream& os) const
{
    os << "MLDv2 Query (checksum=0x" << std::hex << GetChecksum() << std::dec
       << " maxDelay=" << GetMaxResponseDelayMs() << "ms group=" << GetMulticastAddress()
       << " S=" << GetSuppressRouterProcessing() << " QRV=" << +GetQrv()
       << " QQI=" << DecodeQqic(m_qqic) << "s sources=" << m_sources.size();
    for (const auto& source : m_sources)
    {
        os << " " << source;
    }
    os << ")";
}

// ---------------------------------------------------------------- MldV2ReportHeader

uint32_t
MldAddressRecord::GetSerializedSize() const
{
    return 20 + 16 * sources.size() + auxData.size();
}

const char*
MldAddressRecord::TypeName(uint8_t type)
{
    switch (type)
    {
    case MODE_IS_INCLUDE:
        return "MODE_IS_INCLUDE";
    case MODE_IS_EXCLUDE:
        return "MODE_IS_EXCLUDE";
    case CHANGE_TO_INCLUDE_MODE:
        return "CHANGE_TO_INCLUDE_MODE";
    case CHANGE_TO_EXCLUDE_MODE:
        return "CHANGE_TO_EXCLUDE_MODE";
    case ALLOW_NEW_SOURCES:
        return "ALLOW_NEW_SOURCES";
    case BLOCK_OLD_SOURCES:
        return "BLOCK_OLD_SOURCES";
    default:
        return "UNKNOWN";
    }
}

std::string
MldAddressRecord::ShortName(uint8_t type)
{
    switch (type)
    {
    case MODE_IS_INCLUDE:
        return "IS_IN";
    case MODE_IS_EXCLUDE:
        return "IS_EX";
    case CHANGE_TO_INCLUDE_MODE:
        return "TO_IN";
    case CHANGE_TO_EXCLUDE_MODE:
        return "TO_EX";
    case ALLOW_NEW_SOURCES:
        return "ALLOW";
    case BLOCK_OLD_SOURCES:
        return "BLOCK";
    default:
        return "UNKNOWN";
    }
}

TypeId
MldV2ReportHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MldV2ReportHeader")
                            .SetParent<MldHeader>()
                            .SetGroupName("Mld")
                            .AddConstructor<MldV2ReportHeader>();
    return tid;
}

MldV2ReportHeader::MldV2ReportHeader()
    : MldHeader(V2_LISTENER_REPORT)
{
}

TypeId
MldV2ReportHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
MldV2ReportHeader::AddRecord(const MldAddressRecord& record)
{
    NS_ABORT_MSG_IF(record.auxData.size() % 4 != 0 || record.auxData.size() > 255 * 4,
                    "MldAddressRecord: aux data must be a multiple of 4 octets, at most 1020");
    NS_ABORT_MSG_IF(record.sources.size() > 0xffff || m_records.size() >= 0xffff,
                    "MldV2ReportHeader: too many sources or records");
    m_records.push_back(record);
}

const std::vector<MldAddressRecord>&
MldV2ReportHeader::GetRecords() const
{
    return m_records;
}

uint16_t
MldV2ReportHeader::GetReserved() const
{
    return m_reserved;
}

uint32_t
MldV2ReportHeader::GetSerializedSize() const
{
    uint32_t size = MIN_SIZE;
    for (const auto& r : m_records)
    {
        size += r.GetSerializedSize();
    }
    return size;
}

void
MldV2ReportHeader::SerializeBody(Buffer::Iterator i) const
{
    i.WriteHtonU16(m_reserved);
    i.WriteHtonU16(static_cast<uint16_t>(m_records.size()));
    uint8_t buf[16];
    for (const auto& r : m_records)
    {
        i.WriteU8(r.type);
        i.WriteU8(static_cast<uint8_t>(r.auxData.size() / 4));
        i.WriteHtonU16(static_cast<uint16_t>(r.sources.size()));
        r.group.Serialize(buf);
        i.Write(buf, 16);
        for (const auto& source : r.sources)
        {
            source.Serialize(buf);
            i.Write(buf, 16);
        }
        if (!r.auxData.empty())
        {
            i.Write(r.auxData.data(), r.auxData.size());
        }
    }
}

uint32_t
MldV2ReportHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    uint32_t available = start.GetRemainingSize();
    if (!DeserializePrefix(i, MIN_SIZE))
    {
        return 0;
    }
    SetValid(false);
    m_reserved = i.ReadNtohU16();
    uint32_t count = i.ReadNtohU16();
    std::vector<MldAddressRecord> records;
    uint32_t used = MIN_SIZE;
    uint8_t buf[16];
    for (uint32_t k = 0; k < count; ++k)
    {
        if (used + 20 > available)
        {
            return 0; // RFC 9777 §5.2.12: the record count overruns the message
        }
        MldAddressRecord r;
        r.type = i.ReadU8();
        uint32_t auxLength = i.ReadU8() * 4;
        uint32_t sources = i.ReadNtohU16();
        i.Read(buf, 16);
        r.group = Ipv6Address::Deserialize(buf);
        used += 20;
        if (used + 16 * sources + auxLength > available)
        {
            return 0; // a source count or aux length that overruns the message
        }
        for (uint32_t s = 0; s < sources; ++s)
        {
            i.Read(buf, 16);
            r.sources.push_back(Ipv6Address::Deserialize(buf));
        }
        r.auxData.resize(auxLength);
        if (auxLength > 0)
        {
            i.Read(r.auxData.data(), auxLength); // RFC 9777 §5.2.10: kept, not interpreted
        }
        used += 16 * sources + auxLength;
        records.push_back(std::move(r));
    }
    m_records = std::move(records);
    SetValid(true);
    return used;
}

void
MldV2ReportHeader::Print(std::ostream& os) const
{
    os << "MLDv2 Report (checksum=0x" << std::hex << GetChecksum() << std::dec
       << " records=" << m_records.size();
    for (const auto& r : m_records)
    {
        os << " [" << MldAddressRecord::TypeName(r.type) << " " << r.group;
        for (const auto& source : r.sources)
        {
            os << " " << source;
        }
        os << "]";
    }
    os << ")";
}

// ---------------------------------------------------------------- MldMessage

MldMessage::Info
MldMessage::Inspect(const uint8_t* data, uint32_t length, bool verifyChecksum)
{
    Info info;
    if (length < IPV6_HEADER_SIZE || (data[0] >> 4) != 6)
    {
        return info; // not IPv6: not ours to judge
    }
    uint32_t payloadLength = ReadBe16(data + 4);
    uint8_t next = data[6];
    info.hopLimit = data[7];
    info.source = Ipv6Address::Deserialize(const_cast<uint8_t*>(data + 8));
    info.destination = Ipv6Address::Deserialize(const_cast<uint8_t*>(data + 24));

    // Ignore link-layer padding past the payload (short Ethernet frames).
    uint32_t end = IPV6_HEADER_SIZE + payloadLength;
    bool truncated = end > length;
    if (truncated)
    {
        end = length;
    }

    uint32_t offset = IPV6_HEADER_SIZE;
    bool firstHeader = true;
    while (next == EXT_HOP_BY_HOP || next == EXT_ROUTING || next == EXT_DESTINATION)
    {
        if (next == EXT_HOP_BY_HOP && !firstHeader)
        {
            return info; // RFC 8200 §4.1: Hop-by-Hop only first; not a packet we model
        }
        if (offset + 2 > end)
        {
            return info; // cut short before its payload can be known: not ours to judge
        }
        uint8_t headerNext = data[offset];
        uint32_t headerLength = (static_cast<uint32_t>(data[offset + 1]) + 1) * 8;
        if (offset + headerLength > end)
        {
            return info;
        }
        if (next == EXT_HOP_BY_HOP)
        {
            // Scan the TLV options for a Router Alert (RFC 2711) with value 0 (MLD).
            uint32_t opt = offset + 2;
            uint32_t optEnd = offset + headerLength;
            while (opt < optEnd)
            {
                if (data[opt] == OPT_PAD1)
                {
                    ++opt;
                    continue;
                }
                if (opt + 2 > optEnd || opt + 2 + data[opt + 1] > optEnd)
                {
                    break; // malformed option list: no Router Alert found
                }
                if (data[opt] == OPT_ROUTER_ALERT && data[opt + 1] == 2 &&
                    ReadBe16(data + opt + 2) == 0)
                {
                    info.routerAlert = true;
                }
                opt += 2 + data[opt + 1];
            }
        }
        next = headerNext;
        offset += headerLength;
        firstHeader = false;
    }
    if (next != PROTO_ICMPV6 || offset >= end)
    {
        return info;
    }
    info.icmpOffset = offset;
    info.icmpLength = end - offset;
    info.icmpType = data[offset];
    info.icmpCode = info.icmpLength > 1 ? data[offset + 1] : 0;

    const uint8_t* msg = data + offset;
    uint32_t len = info.icmpLength;
    switch (info.icmpType)
    {
    case MldHeader::LISTENER_QUERY:
    case MldHeader::LISTENER_REPORT:
    case MldHeader::LISTENER_DONE:
    case MldHeader::V2_LISTENER_REPORT:
        break;
    default:
        // RFC 2711: Router Alert value 0 announces an MLD message.
        info.kind = info.routerAlert ? UNKNOWN_TYPE : NOT_MLD;
        return info;
    }

    auto malformed = [&info](Error e) {
        info.kind = MALFORMED;
        info.error = e;
        return info;
    };
    if (truncated)
    {
        return malformed(TRUNCATED_IPV6);
    }
    uint32_t minimum = info.icmpType == MldHeader::V2_LISTENER_REPORT ? 8 : MldV1Header::SIZE;
    if (len < minimum)
    {
        return malformed(TOO_SHORT);
    }
    if (verifyChecksum && MldHeader::ComputeChecksum(info.source, info.destination, msg, len) != 0)
    {
        return malformed(BAD_CHECKSUM);
    }

    switch (info.icmpType)
    {
    case MldHeader::LISTENER_QUERY:
        info.maxResponseCode = ReadBe16(msg + 4);
        info.group = Ipv6Address::Deserialize(const_cast<uint8_t*>(msg + 8));
        if (len == MldV1Header::SIZE)
        {
            info.kind = V1_QUERY;
        }
        else if (len >= 28)
        {
            // RFC 9777 §5.1.10: the source count must fit the message.
            uint32_t sources = ReadBe16(msg + 26);
            if (28 + sources * 16 > len)
            {
                return malformed(SOURCE_OVERRUN);
            }
            info.kind = V2_QUERY;
        }
        else
        {
            // RFC 9777 §8.1: neither 24 octets nor 28 or more: ignore.
            return malformed(BAD_LENGTH);
        }
        break;
    case MldHeader::LISTENER_REPORT:
        info.group = Ipv6Address::Deserialize(const_cast<uint8_t*>(msg + 8));
        info.kind = V1_REPORT;
        break;
    case MldHeader::LISTENER_DONE:
        info.group = Ipv6Address::Deserialize(const_cast<uint8_t*>(msg + 8));
        info.kind = V1_DONE;
        break;
    case MldHeader::V2_LISTENER_REPORT: {
        // RFC 9777 §5.2: walk every record so a count that overruns is caught here.
        uint32_t records = ReadBe16(msg + 6);
        uint32_t pos = 8;
        for (uint32_t r = 0; r < records; ++r)
        {
            if (pos + 20 > len)
            {
                return malformed(SOURCE_OVERRUN);
            }
            uint32_t auxWords = msg[pos + 1];
            uint32_t sources = ReadBe16(msg + pos + 2);
            pos += 20 + sources * 16 + auxWords * 4;
            if (pos > len)
            {
                return malformed(SOURCE_OVERRUN);
            }
        }
        info.kind = V2_REPORT;
        break;
    }
    default:
        break;
    }
    return info;
}

const char*
MldMessage::KindName(Kind kind)
{
    switch (kind)
    {
    case NOT_MLD:
        return "NOT_MLD";
    case V1_QUERY:
        return "V1_QUERY";
    case V2_QUERY:
        return "V2_QUERY";
    case V1_REPORT:
        return "V1_REPORT";
    case V1_DONE:
        return "V1_DONE";
    case V2_REPORT:
        return "V2_REPORT";
    case MALFORMED:
        return "MALFORMED";
    case UNKNOWN_TYPE:
        return "UNKNOWN_TYPE";
    }
    return "?";
}

const char*
MldMessage::ErrorName(Error error)
{
    switch (error)
    {
    case NONE:
        return "NONE";
    case TOO_SHORT:
        return "TOO_SHORT";
    case BAD_LENGTH:
        return "BAD_LENGTH";
    case TRUNCATED_IPV6:
        return "TRUNCATED_IPV6";
    case BAD_CHECKSUM:
        return "BAD_CHECKSUM";
    case SOURCE_OVERRUN:
        return "SOURCE_OVERRUN";
    }
    return "?";
}

bool
MldMessage::IsMldType(int32_t type)
{
    return type == MldHeader::LISTENER_QUERY || type == MldHeader::LISTENER_REPORT ||
           type == MldHeader::LISTENER_DONE || type == MldHeader::V2_LISTENER_REPORT;
}

int32_t
MldMessage::HopByHopIcmpv6Type(Ptr<const Packet> packet)
{
    // RFC 8200 §4.3: next header, then the header's length in 8-octet units, not
    // counting the first 8 octets.
    uint8_t start[2];
    if (packet->GetSize() < sizeof(start))
    {
        return -1;
    }
    packet->CopyData(start, sizeof(start));
    uint32_t length = (start[1] + 1) * 8;
    if (start[0] != Ipv6Header::IPV6_ICMPV6 || packet->GetSize() <= length)
    {
        return -1;
    }
    uint8_t bytes[2048 + 1]; // the longest Hop-by-Hop header, and the ICMPv6 type
    packet->CopyData(bytes, length + 1);
    return bytes[length];
}

} // namespace ns3
