/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mld-types.h"

#include <algorithm>

namespace ns3
{

std::ostream&
operator<<(std::ostream& os, MldListenerFlag flag)
{
    switch (flag)
    {
    case MldListenerFlag::REPORT_PENDING:
        return os << "REPORTPENDING";
    case MldListenerFlag::I_REPORTED_LAST:
        return os << "IREPORTEDLAST";
    case MldListenerFlag::OTHER_LISTENER:
        return os << "OTHERLISTENER";
    }
    return os << "?";
}

std::ostream&
operator<<(std::ostream& os, MldDropReason reason)
{
    switch (reason)
    {
    case MldDropReason::BAD_SOURCE:
        return os << "BAD_SOURCE";
    case MldDropReason::BAD_HOP_LIMIT:
        return os << "BAD_HOP_LIMIT";
    case MldDropReason::NO_ROUTER_ALERT:
        return os << "NO_ROUTER_ALERT";
    case MldDropReason::TOO_SHORT:
        return os << "TOO_SHORT";
    case MldDropReason::BAD_LENGTH:
        return os << "BAD_LENGTH";
    case MldDropReason::BAD_CHECKSUM:
        return os << "BAD_CHECKSUM";
    case MldDropReason::UNKNOWN_TYPE:
        return os << "UNKNOWN_TYPE";
    case MldDropReason::BAD_CODE:
        return os << "BAD_CODE";
    case MldDropReason::SOURCE_OVERRUN:
        return os << "SOURCE_OVERRUN";
    case MldDropReason::BAD_ADDRESS:
        return os << "BAD_ADDRESS";
    case MldDropReason::QUERY_SOURCES:
        return os << "QUERY_SOURCES";
    case MldDropReason::UNKNOWN_RECORD:
        return os << "UNKNOWN_RECORD";
    case MldDropReason::BAD_DESTINATION:
        return os << "BAD_DESTINATION";
    case MldDropReason::COUNT:
        break;
    }
    return os << "?";
}

std::ostream&
operator<<(std::ostream& os, MldHostVersion version)
{
    switch (version)
    {
    case MldHostVersion::MLDV1:
        return os << "MLDv1";
    case MldHostVersion::MLDV2:
        return os << "MLDv2";
    case MldHostVersion::MLDV2_FALLBACK:
        return os << "MLDv2Fallback";
    }
    return os << "?";
}

std::ostream&
operator<<(std::ostream& os, MldVersion version)
{
    return os << (version == MldVersion::MLDV1 ? "MLDv1" : "MLDv2");
}

std::ostream&
operator<<(std::ostream& os, MldRefusal refusal)
{
    switch (refusal)
    {
    case MldRefusal::NO_INTERFACE:
        return os << "NO_INTERFACE";
    case MldRefusal::NOT_MULTICAST:
        return os << "NOT_MULTICAST";
    case MldRefusal::SOURCE_SPECIFIC:
        return os << "SOURCE_SPECIFIC";
    case MldRefusal::BAD_SOURCE:
        return os << "BAD_SOURCE";
    case MldRefusal::NO_SUCH_JOIN:
        return os << "NO_SUCH_JOIN";
    case MldRefusal::NO_SUCH_FILTER:
        return os << "NO_SUCH_FILTER";
    case MldRefusal::SOCKET_EXCLUDES:
        return os << "SOCKET_EXCLUDES";
    case MldRefusal::SOURCE_NOT_INCLUDED:
        return os << "SOURCE_NOT_INCLUDED";
    }
    return os << "?";
}

bool
MldIsReportable(Ipv6Address group)
{
    // RFC 2710 §5, RFC 9777 §6: never for the link-scope all-nodes address, nor for
    // scope 0 (reserved) or 1 (interface-local).
    uint8_t bytes[16];
    group.GetBytes(bytes);
    uint8_t scope = bytes[1] & 0x0f;
    return group != Ipv6Address::GetAllNodesMulticast() && scope >= 2;
}

bool
MldIsSourceSpecific(Ipv6Address group)
{
    // RFC 4607 §1: FF3x::/96, i.e. flags P and T set, plen 0, network prefix 0.
    uint8_t b[16];
    group.GetBytes(b);
    return b[0] == 0xff && (b[1] & 0xf0) == 0x30 &&
           std::all_of(b + 2, b + 12, [](uint8_t x) { return x == 0; });
}

} // namespace ns3
