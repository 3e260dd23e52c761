/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-input.h"

#include "ns3/buffer.h"
#include "ns3/packet.h"

#include <vector>

namespace ns3
{

namespace
{

/**
 * \param data the ICMPv6 message
 * \param length its length
 * \param header the header to fill
 * \return false if the body does not parse
 */
bool
ParseBody(const uint8_t* data, uint32_t length, Header& header)
{
    Buffer buffer;
    buffer.AddAtStart(length);
    buffer.Begin().Write(data, length);
    return header.Deserialize(buffer.Begin()) != 0;
}

/**
 * \param group a Multicast Address field
 * \return true if it may name a group a report or done is about (RFC 2710 §5)
 */
bool
IsReportableGroup(Ipv6Address group)
{
    return group.IsMulticast() && MldIsReportable(group);
}

} // namespace

MldInput::Result
MldInput::Decode(Ptr<const Packet> packet, bool verifyChecksum, bool strictCode)
{
    uint32_t size = packet->GetSize();
    std::vector<uint8_t> bytes(size);
    packet->CopyData(bytes.data(), size);
    return Decode(bytes.data(), size, verifyChecksum, strictCode);
}

MldInput::Result
MldInput::Decode(const uint8_t* data, uint32_t length, bool verifyChecksum, bool strictCode)
{
    Result result;
    DecodeInto(data, length, verifyChecksum, strictCode, result);
    return result;
}

void
MldInput::DecodeInto(const uint8_t* data,
                     uint32_t length,
                     bool verifyChecksum,
                     bool strictCode,
                     Result& result)
{
    MldMessage::Info info = MldMessage::Inspect(data, length, verifyChecksum);
    if (info.kind == MldMessage::NOT_MLD)
    {
        return;
    }
    MldReceivedMessage& m = result.message;
    m.kind = info.kind;
    m.icmpType = info.icmpType;
    m.source = info.source;
    m.destination = info.destination;
    m.group = info.group;
    auto drop = [&result](MldDropReason reason) {
        result.verdict = DROPPED;
        result.reason = reason;
    };

    // The seeds' mld_input() and RFC 2710 §3/§5 (RFC 9777 §6.2, §7.4 for MLDv2).
    if (info.kind == MldMessage::UNKNOWN_TYPE)
    {
        return drop(MldDropReason::UNKNOWN_TYPE);
    }
    if (!info.source.IsLinkLocal())
    {
        return drop(MldDropReason::BAD_SOURCE);
    }
    if (info.hopLimit != 1)
    {
        return drop(MldDropReason::BAD_HOP_LIMIT);
    }
    if (!info.routerAlert)
    {
        return drop(MldDropReason::NO_ROUTER_ALERT);
    }
    if (info.kind == MldMessage::MALFORMED)
    {
        switch (info.error)
        {
        case MldMessage::BAD_CHECKSUM:
            return drop(MldDropReason::BAD_CHECKSUM);
        case MldMessage::BAD_LENGTH:
            return drop(MldDropReason::BAD_LENGTH);
        case MldMessage::SOURCE_OVERRUN:
            return drop(MldDropReason::SOURCE_OVERRUN);
        default:
            return drop(MldDropReason::TOO_SHORT);
        }
    }
    if (strictCode && info.icmpCode != 0)
    {
        return drop(MldDropReason::BAD_CODE);
    }

    const uint8_t* body = data + info.icmpOffset;
    switch (info.kind)
    {
    case MldMessage::V1_QUERY:
    case MldMessage::V2_QUERY:
        // RFC 2710 §3.6: the address is :: (general) or a multicast group.
        if (!info.group.IsAny() && !info.group.IsMulticast())
        {
            return drop(MldDropReason::BAD_ADDRESS);
        }
        if (info.kind == MldMessage::V1_QUERY)
        {
            m.maxResponseDelay = MilliSeconds(info.maxResponseCode);
            break;
        }
        if (!ParseBody(body, info.icmpLength, m.query))
        {
            return drop(MldDropReason::SOURCE_OVERRUN);
        }
        if (info.group.IsAny() && !m.query.GetSources().empty())
        {
            return drop(MldDropReason::QUERY_SOURCES); // RFC 9777 §5.1.10
        }
        m.maxResponseDelay = MilliSeconds(m.query.GetMaxResponseDelayMs());
        break;
    case MldMessage::V1_REPORT:
    case MldMessage::V1_DONE:
        if (!IsReportableGroup(info.group))
        {
            return drop(MldDropReason::BAD_ADDRESS);
        }
        // RFC 2710 §4: a Report goes to the group it reports (FreeBSD drops it otherwise,
        // so that it neither suppresses the group's reports nor creates router state), a
        // Done to the link-scope all-routers address.
        if (info.kind == MldMessage::V1_REPORT
                ? info.destination != info.group
                : info.destination != Ipv6Address::GetAllRoutersMulticast())
        {
            return drop(MldDropReason::BAD_DESTINATION);
        }
        break;
    case MldMessage::V2_REPORT:
        m.group = Ipv6Address::GetAny();
        if (!ParseBody(body, info.icmpLength, m.report))
        {
            return drop(MldDropReason::SOURCE_OVERRUN);
        }
        break;
    default:
        return; // not reached: every other kind is handled above
    }
    result.verdict = ACCEPTED;
    return;
}

} // namespace ns3
