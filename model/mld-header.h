/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_HEADER_H
#define MLD_HEADER_H

#include "ns3/header.h"
#include "ns3/ipv6-address.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup mld
 * \brief Common part of every MLD message: ICMPv6 type, code and checksum.
 *
 * Every MLD header class holds a whole ICMPv6 message (the fixed part and,
 * for MLDv2, the variable part), so the checksum is computed over the
 * header's own bytes plus the IPv6 pseudo-header (RFC 4443 §2.3,
 * RFC 2460 §8.1).
 *
 * Deserialize() never asserts on wire input: a message that is too short or
 * carries the wrong type returns 0 (nothing consumed) and IsValid() turns
 * false. Use MldMessage::Inspect() to classify raw bytes first.
 */
class MldHeader : public Header
{
  public:
    /// ICMPv6 types used by MLD (RFC 2710 §3, RFC 9777 §5).
    enum Type : uint8_t
    {
        LISTENER_QUERY = 130,     ///< Multicast Listener Query (v1 and v2)
        LISTENER_REPORT = 131,    ///< MLDv1 Multicast Listener Report
        LISTENER_DONE = 132,      ///< MLDv1 Multicast Listener Done
        V2_LISTENER_REPORT = 143, ///< MLDv2 Multicast Listener Report
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \brief Constructor.
     * \param type the ICMPv6 type
     */
    explicit MldHeader(uint8_t type);

    /// \return the ICMPv6 type
    uint8_t GetType() const;
    /// \return the ICMPv6 code (zero on send, RFC 2710 §3.2)
    uint8_t GetCode() const;
    /// \param code the ICMPv6 code to send (tests use it to forge messages)
    void SetCode(uint8_t code);
    /// \return the checksum as read by Deserialize() or written by Serialize()
    uint16_t GetChecksum() const;

    /**
     * \brief Compute the checksum in Serialize() with this pseudo-header.
     * \param src IPv6 source address of the packet
     * \param dst IPv6 destination address of the packet
     */
    void EnableChecksum(Ipv6Address src, Ipv6Address dst);

    /// \return true unless the last Deserialize() rejected its input
    bool IsValid() const;

    /**
     * \brief Internet checksum over the IPv6 pseudo-header and an ICMPv6 message.
     * \param src IPv6 source address
     * \param dst IPv6 destination address
     * \param data the ICMPv6 message, its checksum field included
     * \param length message length in octets
     * \return the one's-complement sum: 0 when \p data carries a correct checksum
     *         (RFC 1071); with a zero checksum field, the value to write there
     */
    static uint16_t ComputeChecksum(Ipv6Address src,
                                    Ipv6Address dst,
                                    const uint8_t* data,
                                    uint32_t length);

    void Serialize(Buffer::Iterator start) const final;

  protected:
    /**
     * \brief Write the message after the four-octet ICMPv6 prefix.
     * \param i iterator placed at offset 4
     */
    virtual void SerializeBody(Buffer::Iterator i) const = 0;

    /**
     * \brief Read the common prefix; reject a wrong type or a short message.
     * \param start the iterator
     * \param minLength minimum message length
     * \return true when the prefix was read
     */
    bool DeserializePrefix(Buffer::Iterator& start, uint32_t minLength);

    /**
     * \brief Check that a type is acceptable for this class.
     * \param type the ICMPv6 type read from the wire
     * \return true if this class can hold a message of that type
     */
    virtual bool AcceptsType(uint8_t type) const;

    /// \param valid new validity flag
    void SetValid(bool valid);

    uint8_t m_type; //!< ICMPv6 type

  private:
    uint8_t m_code{0};              //!< ICMPv6 code
    mutable uint16_t m_checksum{0}; //!< checksum read or written
    bool m_calcChecksum{false};     //!< compute the checksum in Serialize()
    Ipv6Address m_src;              //!< pseudo-header source
    Ipv6Address m_dst;              //!< pseudo-header destination
    bool m_valid{true};             //!< false after a rejected Deserialize()
};

/**
 * \ingroup mld
 * \brief An MLDv1 message (RFC 2710 §3): Query, Report or Done, 24 octets.
 *
 * \verbatim
    0                   1                   2                   3
    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |     Type      |     Code      |          Checksum             |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |     Maximum Response Delay    |          Reserved             |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |                       Multicast Address (128 bits)            |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 *
 * Deserialize() reads the first 24 octets and ignores anything after them,
 * as RFC 2710 §3 requires of an MLDv1 implementation; telling an MLDv2
 * query apart by its length is MldMessage::Inspect()'s job.
 */
class MldV1Header : public MldHeader
{
  public:
    /// Size of an MLDv1 message in octets.
    static constexpr uint32_t SIZE = 24;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Default constructor: a Report.
    MldV1Header();

    /**
     * \brief Constructor.
     * \param type LISTENER_QUERY, LISTENER_REPORT or LISTENER_DONE
     */
    explicit MldV1Header(uint8_t type);

    /// \return the Maximum Response Delay in milliseconds
    uint16_t GetMaxResponseDelay() const;
    /// \param ms the Maximum Response Delay in milliseconds
    void SetMaxResponseDelay(uint16_t ms);
    /// \return the Reserved field
    uint16_t GetReserved() const;
    /// \param reserved the Reserved field (zero on send)
    void SetReserved(uint16_t reserved);
    /// \return the Multicast Address field
    Ipv6Address GetMulticastAddress() const;
    /// \param group the Multicast Address field
    void SetMulticastAddress(Ipv6Address group);

    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

  protected:
    void SerializeBody(Buffer::Iterator i) const override;
    bool AcceptsType(uint8_t type) const override;

  private:
    uint16_t m_maxResponseDelay{0}; //!< milliseconds
    uint16_t m_reserved{0};         //!< reserved field
    Ipv6Address m_group;            //!< multicast address field
};

/**
 * \ingroup mld
 * \brief MLDv1 Multicast Listener Query (type 130, RFC 2710 §3.6).
 *
 * General query: multicast address ::, sent to ff02::1.
 * Multicast-Address-Specific query: the group, sent to the group.
 */
class MldQueryHeader : public MldV1Header
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    MldQueryHeader();
    TypeId GetInstanceTypeId() const override;
};

/**
 * \ingroup mld
 * \brief MLDv1 Multicast Listener Report (type 131, RFC 2710 §3.7), sent to the group.
 */
class MldReportHeader : public MldV1Header
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    MldReportHeader();
    TypeId GetInstanceTypeId() const override;
};

/**
 * \ingroup mld
 * \brief MLDv1 Multicast Listener Done (type 132, RFC 2710 §3.8), sent to ff02::2.
 */
class MldDoneHeader : public MldV1Header
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    MldDoneHeader();
    TypeId GetInstanceTypeId() const override;
};

/**
 * \ingroup mld
 * \brief MLDv2 Multicast Listener Query (type 130, 28 octets or more; RFC 9777 §5.1).
 *
 * The first 24 octets are those of an MLDv1 query, which is why an MLDv1
 * host can answer it (RFC 9777 §8.2). The Maximum Response Code and the
 * QQIC use the exponential encodings of §5.1.3 and §5.1.9; the raw fields
 * are kept as read, the helpers below convert.
 * \verbatim
   | Type = 130 | Code | Checksum | Maximum Response Code | Reserved |
   | Multicast Address (16) |
   | Resv |S| QRV | QQIC | Number of Sources (N) | Source Address [1..N] (16 each) |
   \endverbatim
 */
class MldV2QueryHeader : public MldQueryHeader
{
  public:
    /// Size without sources.
    static constexpr uint32_t MIN_SIZE = 28;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    MldV2QueryHeader();

    /**
     * \brief Encode a Maximum Response Delay (RFC 9777 §5.1.3).
     * \param ms delay in milliseconds; values past the largest code are clamped
     * \return the Maximum Response Code
     */
    static uint16_t EncodeMaxResponseCode(uint32_t ms);
    /**
     * \brief Decode a Maximum Response Code (RFC 9777 §5.1.3).
     * \param code the code
     * \return the delay in milliseconds
     */
    static uint32_t DecodeMaxResponseCode(uint16_t code);
    /**
     * \brief Encode a Querier's Query Interval (RFC 9777 §5.1.9).
     * \param seconds interval in seconds; values past the largest code are clamped
     * \return the QQIC
     */
    static uint8_t EncodeQqic(uint32_t seconds);
    /**
     * \brief Decode a QQIC (RFC 9777 §5.1.9).
     * \param qqic the code
     * \return the interval in seconds
     */
    static uint32_t DecodeQqic(uint8_t qqic);

    /// \param ms the Maximum Response Delay, encoded into the Maximum Response Code
    void SetMaxResponseDelayMs(uint32_t ms);
    /// \return the decoded Maximum Response Delay in milliseconds
    uint32_t GetMaxResponseDelayMs() const;
    /// \param s the S flag (Suppress Router-Side Processing)
    void SetSuppressRouterProcessing(bool s);
    /// \return the S flag
    bool GetSuppressRouterProcessing() const;
    /// \param qrv the Querier's Robustness Variable (0 to 7; larger values are sent as 0)
    void SetQrv(uint8_t qrv);
    /// \return the QRV field
    uint8_t GetQrv() const;
    /// \param qqic the raw QQIC field
    void SetQqic(uint8_t qqic);
    /// \return the raw QQIC field
    uint8_t GetQqic() const;
    /// \param sources the source list
    void SetSources(const std::vector<Ipv6Address>& sources);
    /// \return the source list
    const std::vector<Ipv6Address>& GetSources() const;

    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

  protected:
    void SerializeBody(Buffer::Iterator i) const override;

  private:
    uint8_t m_flags{0};                 //!< Resv (4 bits), S (1 bit), QRV (3 bits)
    uint8_t m_qqic{0};                  //!< QQIC
    std::vector<Ipv6Address> m_sources; //!< source addresses
};

/**
 * \ingroup mld
 * \brief One Multicast Address Record of an MLDv2 report (RFC 9777 §5.2.4).
 */
struct MldAddressRecord
{
    /// Record types (RFC 9777 §5.2.12).
    enum Type : uint8_t
    {
        MODE_IS_INCLUDE = 1,        ///< current state, INCLUDE
        MODE_IS_EXCLUDE = 2,        ///< current state, EXCLUDE
        CHANGE_TO_INCLUDE_MODE = 3, ///< filter mode change to INCLUDE
        CHANGE_TO_EXCLUDE_MODE = 4, ///< filter mode change to EXCLUDE
        ALLOW_NEW_SOURCES = 5,      ///< source list change: allow
        BLOCK_OLD_SOURCES = 6,      ///< source list change: block
    };

    uint8_t type{MODE_IS_INCLUDE};    //!< record type (unknown types are kept as read)
    Ipv6Address group;                //!< multicast address
    std::vector<Ipv6Address> sources; //!< source addresses
    std::vector<uint8_t> auxData;     //!< auxiliary data (a multiple of 4 octets)

    /// \return the record's size on the wire
    uint32_t GetSerializedSize() const;

    /**
     * \param type a record type
     * \return its RFC name, or "UNKNOWN"
     */
    static const char* TypeName(uint8_t type);

    /**
     * \param type a record type
     * \return its short name as in RFC 9777 §6.1 and §7.4 (IS_IN, IS_EX, TO_IN,
     *         TO_EX, ALLOW, BLOCK), or "UNKNOWN"
     */
    static std::string ShortName(uint8_t type);
};

/**
 * \ingroup mld
 * \brief MLDv2 Multicast Listener Report (type 143, RFC 9777 §5.2), sent to ff02::16.
 * \verbatim
   | Type = 143 | Reserved | Checksum | Reserved | Nr of Mcast Address Records (M) |
   | Multicast Address Record [1..M] |
   \endverbatim
 * Deserialize() rejects (returns 0) a record count or source count that
 * overruns the message; auxiliary data is kept and skipped correctly.
 */
class MldV2ReportHeader : public MldHeader
{
  public:
    /// Size without records.
    static constexpr uint32_t MIN_SIZE = 8;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    MldV2ReportHeader();

    /// \param record a record to append
    void AddRecord(const MldAddressRecord& record);
    /// \return the records
    const std::vector<MldAddressRecord>& GetRecords() const;
    /// \return the second Reserved field
    uint16_t GetReserved() const;

    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

  protected:
    void SerializeBody(Buffer::Iterator i) const override;

  private:
    uint16_t m_reserved{0};                  //!< second Reserved field
    std::vector<MldAddressRecord> m_records; //!< the records
};

/**
 * \ingroup mld
 * \brief Classification of raw bytes: which MLD message, if any, they hold.
 *
 * This is the single place where bytes from the wire are judged. It walks the
 * IPv6 extension headers, finds the Router Alert option, picks the MLD
 * version by ICMPv6 type and length (RFC 9777 §8.1) and verifies the checksum.
 */
class MldMessage
{
  public:
    /// What the inspected bytes are.
    enum Kind : uint8_t
    {
        NOT_MLD,     ///< not an MLD message (other protocol or ICMPv6 type)
        V1_QUERY,    ///< MLDv1 query: exactly 24 octets
        V2_QUERY,    ///< MLDv2 query: 28 octets or more
        V1_REPORT,   ///< MLDv1 report
        V1_DONE,     ///< MLDv1 done
        V2_REPORT,   ///< MLDv2 report (type 143)
        MALFORMED,   ///< an MLD type whose bytes cannot be accepted, see #error
        UNKNOWN_TYPE ///< ICMPv6 with a Router Alert for MLD but a non-MLD type
    };

    /// Why MALFORMED bytes were rejected.
    enum Error : uint8_t
    {
        NONE,           ///< no error
        TOO_SHORT,      ///< shorter than the message type needs
        BAD_LENGTH,     ///< a length no version allows (query of 25 to 27 octets)
        TRUNCATED_IPV6, ///< IPv6 or extension headers cut short
        BAD_CHECKSUM,   ///< ICMPv6 checksum wrong
        SOURCE_OVERRUN, ///< MLDv2: a source or record count larger than the payload
    };

    /// The result of Inspect().
    struct Info
    {
        Kind kind{NOT_MLD};          //!< classification
        Error error{NONE};           //!< reason when kind == MALFORMED
        Ipv6Address source;          //!< IPv6 source address
        Ipv6Address destination;     //!< IPv6 destination address
        uint8_t hopLimit{0};         //!< IPv6 hop limit
        bool routerAlert{false};     //!< a Hop-by-Hop Router Alert option with value 0 (MLD)
        uint8_t icmpType{0};         //!< ICMPv6 type
        uint8_t icmpCode{0};         //!< ICMPv6 code
        uint32_t icmpOffset{0};      //!< offset of the ICMPv6 message in the inspected bytes
        uint32_t icmpLength{0};      //!< ICMPv6 message length (from the payload length)
        Ipv6Address group;           //!< Multicast Address field (queries, v1 report, done)
        uint16_t maxResponseCode{0}; //!< Maximum Response Code/Delay field of a query
    };

    /**
     * \brief Inspect an IPv6 packet.
     * \param data bytes starting at the IPv6 header
     * \param length number of bytes
     * \param verifyChecksum check the ICMPv6 checksum
     * \return the classification
     */
    static Info Inspect(const uint8_t* data, uint32_t length, bool verifyChecksum);

    /**
     * \param type an ICMPv6 type
     * \return true for the MLD types: 130, 131, 132 (RFC 2710 §3) and 143 (RFC 9777 §5)
     */
    static bool IsMldType(int32_t type);

    /**
     * \brief The ICMPv6 type of a packet that starts with a Hop-by-Hop Options header.
     * \param packet the packet, from the Hop-by-Hop header on
     * \return the type of the ICMPv6 message right behind that header, or -1 when the
     *         header's next header is not ICMPv6 or the packet is too short
     */
    static int32_t HopByHopIcmpv6Type(Ptr<const Packet> packet);

    /**
     * \param kind a kind
     * \return its name
     */
    static const char* KindName(Kind kind);

    /**
     * \param error an error
     * \return its name
     */
    static const char* ErrorName(Error error);
};

} // namespace ns3

#endif /* MLD_HEADER_H */
