/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer target over the MLD parsers: the raw-packet classifier, the decoder and every
// header class's Deserialize(), fed the same bytes. A parser must never read
// past its input, assert, or accept what it cannot re-serialize to the same
// length. Build: cmake -DMLD_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ (see doc/mld.rst).

#include "ns3/mld-header.h"
#include "ns3/mld-input.h"
#include "ns3/packet.h"

#include <cstdint>
#include <cstdlib>
#include <vector>

using namespace ns3;

namespace
{
/**
 * Deserialize with one header class; if accepted, serialize again and check the size.
 * \param data the bytes
 * \param size their number
 */
template <typename H>
void
RoundTrip(const uint8_t* data, size_t size)
{
    Ptr<Packet> p = Create<Packet>(data, size);
    H header;
    uint32_t read = p->RemoveHeader(header);
    if (read == 0)
    {
        return;
    }
    if (!header.IsValid() || read > size || header.GetSerializedSize() != read)
    {
        abort();
    }
    Ptr<Packet> again = Create<Packet>();
    again->AddHeader(header);
    if (again->GetSize() != read)
    {
        abort();
    }
}
} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // The bytes as a whole IPv6 packet, with and without checksum verification.
    for (bool checksum : {false, true})
    {
        MldMessage::Info info = MldMessage::Inspect(data, static_cast<uint32_t>(size), checksum);
        if (info.kind != MldMessage::NOT_MLD && info.kind != MldMessage::MALFORMED &&
            info.kind != MldMessage::UNKNOWN_TYPE &&
            (info.icmpOffset + info.icmpLength > size || info.icmpLength < 8))
        {
            abort(); // an accepted message must lie inside the input
        }
        // The one input path: decoded, or a drop reason, never anything else.
        MldInput::Result result =
            MldInput::Decode(data, static_cast<uint32_t>(size), checksum, false);
        if (result.verdict == MldInput::DROPPED && result.reason >= MldDropReason::COUNT)
        {
            abort();
        }
    }
    // The bytes as an ICMPv6 message.
    RoundTrip<MldV1Header>(data, size);
    RoundTrip<MldQueryHeader>(data, size);
    RoundTrip<MldReportHeader>(data, size);
    RoundTrip<MldDoneHeader>(data, size);
    RoundTrip<MldV2QueryHeader>(data, size);
    RoundTrip<MldV2ReportHeader>(data, size);
    return 0;
}
