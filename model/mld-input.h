/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_INPUT_H
#define MLD_INPUT_H

#include "mld-header.h"
#include "mld-types.h"

#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

namespace ns3
{

class Packet;

/**
 * \ingroup mld
 * \brief A received MLD message, decoded once.
 */
struct MldReceivedMessage
{
    MldMessage::Kind kind{MldMessage::NOT_MLD}; //!< V1_QUERY, V2_QUERY, V1_REPORT, V1_DONE
                                                //!< or V2_REPORT
    uint8_t icmpType{0};                        //!< ICMPv6 type
    Ipv6Address source;                         //!< IPv6 source (link-local)
    Ipv6Address destination;                    //!< IPv6 destination
    Ipv6Address group;        //!< Multicast Address field (:: for general queries, v2 reports)
    Time maxResponseDelay;    //!< a query's Maximum Response Delay (decoded for MLDv2)
    MldV2QueryHeader query;   //!< V2_QUERY: the query
    MldV2ReportHeader report; //!< V2_REPORT: the report
};

/**
 * \ingroup mld
 * \brief The one input path of MLD: the bytes of a received packet in, a decoded message
 * or a drop reason out.
 *
 * Decode() classifies the bytes (MldMessage::Inspect: extension headers, Router Alert,
 * version by type and length as RFC 9777 §8.1 says, checksum), then applies every rule
 * that needs nothing but the packet, in the order of RFC 2710 §3 and §5 and the seeds'
 * mld_input(), and parses an MLDv2 message body once. The rules that need the receiving
 * interface (is it addressed to it, is the source our own, an MLDv2 report to one of its
 * addresses) are MldInterface's.
 */
class MldInput
{
  public:
    /// What Decode() made of a packet.
    enum Verdict : uint8_t
    {
        NOT_MLD,  ///< not an MLD message at all: ignored, not counted
        ACCEPTED, ///< a valid MLD message: see #message
        DROPPED,  ///< an MLD message to drop: see #reason (#message has its addresses)
    };

    /// The result of Decode().
    struct Result
    {
        Verdict verdict{NOT_MLD};                   //!< the verdict
        MldDropReason reason{MldDropReason::COUNT}; //!< why, when DROPPED
        MldReceivedMessage message;                 //!< the message (addresses always)
    };

    /**
     * \param packet a received packet, IPv6 header included
     * \param verifyChecksum check the ICMPv6 checksum
     * \param strictCode drop messages whose ICMPv6 code is not zero
     * \return the verdict
     */
    static Result Decode(Ptr<const Packet> packet, bool verifyChecksum, bool strictCode);

    /**
     * \param data bytes starting at the IPv6 header
     * \param length number of bytes
     * \param verifyChecksum check the ICMPv6 checksum
     * \param strictCode drop messages whose ICMPv6 code is not zero
     * \return the verdict
     */
    static Result Decode(const uint8_t* data,
                         uint32_t length,
                         bool verifyChecksum,
                         bool strictCode);

  private:
    /**
     * \brief Decode() into a result the caller holds (no copy of the message).
     * \param data bytes starting at the IPv6 header
     * \param length number of bytes
     * \param verifyChecksum check the ICMPv6 checksum
     * \param strictCode drop messages whose ICMPv6 code is not zero
     * \param result filled in
     */
    static void DecodeInto(const uint8_t* data,
                           uint32_t length,
                           bool verifyChecksum,
                           bool strictCode,
                           Result& result);
};

} // namespace ns3

#endif /* MLD_INPUT_H */
