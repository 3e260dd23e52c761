/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_RECEIVER_H
#define MLD_RECEIVER_H

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

namespace ns3
{

class Socket;
class Packet;

/**
 * \ingroup mld
 * \brief Joins a multicast group through MLD, receives its UDP packets and counts them.
 *
 * ns-3's Socket::Ipv6JoinGroup only registers the address with
 * Ipv6L3Protocol, which tells nobody, so it cannot drive MLD records. This
 * application is the socket-level equivalent: StartApplication() joins the
 * group with MldProtocol::Join() (in6_joingroup) and binds a UDP socket to
 * the group and port; StopApplication() leaves (in6_leavegroup).
 * The node needs MLD installed (MldHelper).
 */
class MldReceiver : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MldReceiver();
    ~MldReceiver() override;

    /// \return UDP packets received for the group
    uint64_t GetReceived() const;
    /// \return time of the first packet (negative if none)
    Time GetFirstReceived() const;
    /// \return time of the last packet (negative if none)
    Time GetLastReceived() const;

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /**
     * \param socket the socket with data
     */
    void HandleRead(Ptr<Socket> socket);

    Ipv6Address m_group;    //!< group to join
    uint16_t m_port;        //!< UDP port
    uint32_t m_interface;   //!< IPv6 interface to join on
    Ptr<Socket> m_socket;   //!< receiving socket
    bool m_joined{false};   //!< joined through MLD
    uint64_t m_received{0}; //!< packets received
    Time m_first{-1};       //!< first reception
    Time m_last{-1};        //!< last reception

    TracedCallback<Ptr<const Packet>, const Address&> m_rxTrace; //!< Rx
};

} // namespace ns3

#endif /* MLD_RECEIVER_H */
