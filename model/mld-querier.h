/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_QUERIER_H
#define MLD_QUERIER_H

#include "mld-header.h"
#include "mld-interface.h"

#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

class MldProtocol;

/**
 * \ingroup mld
 * \brief Listener state of one group on a router interface (RFC 2710 §7).
 */
enum class MldGroupState : uint8_t
{
    NO_LISTENERS,       ///< No Listeners Present (the group is not in the table)
    LISTENERS_PRESENT,  ///< Listeners Present
    CHECKING_LISTENERS, ///< Checking Listeners (after a Done, or a last-listener query)
};

/**
 * \param os output stream
 * \param state the state
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, MldGroupState state);

/**
 * \ingroup mld
 * \brief A copy of one listener-table entry.
 */
struct MldListenerEntry
{
    uint32_t interface{0};                             //!< IPv6 interface index
    Ipv6Address group;                                 //!< multicast address
    MldGroupState state{MldGroupState::NO_LISTENERS}; //!< state
    Time timerRemaining;                               //!< until the group expires
    uint32_t queriesLeft{0}; //!< last-listener queries still to send
};

/**
 * \ingroup mld
 * \brief The MLDv1 router part of one interface (RFC 2710 §6–7): querier
 * election, general and address-specific queries, and the listener table.
 *
 * Every timer is an attribute with the RFC default; the derived ones
 * (Multicast Listener Interval, Other Querier Present Interval, Startup
 * Query Interval and Count, Last Listener Query Count) follow the others
 * unless set to a non-zero value. Start() refuses an inconsistent set with
 * the message of GetConfigurationError().
 */
class MldQuerier : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MldQuerier();
    ~MldQuerier() override;

    /**
     * \param protocol the node's MLD protocol
     * \param mif the interface this querier serves
     */
    void Attach(MldProtocol* protocol, Ptr<MldInterface> mif);

    /// \brief Interface up: become querier and send the startup queries (RFC 2710 §6).
    void Start();

    /// \brief Interface down: stop every timer and empty the listener table.
    void Stop();

    /**
     * \brief A query from another router arrived (election, RFC 2710 §6).
     * \param source its source address
     * \param group :: or the queried group
     * \param maxResponseDelay its Maximum Response Delay
     */
    void HandleQuery(Ipv6Address source, Ipv6Address group, Time maxResponseDelay);

    /**
     * \brief An MLDv2 query from another router arrived (election).
     * \param source its source address
     * \param query the query
     */
    void HandleV2Query(Ipv6Address source, const MldV2QueryHeader& query);

    /**
     * \brief One valid record of an MLDv2 report arrived.
     *
     * This router part implements MLDv1 (RFC 2710); like an MLDv1 router it
     * ignores MLDv2 reports (RFC 9777 §8.3.2), so MLDv2-only hosts are not
     * seen. The MLDv2 router part (RFC 9777 §7) is not implemented yet.
     * \param record the record
     */
    void HandleV2Record(const MldAddressRecord& record);

    /**
     * \param group a multicast group
     * \param source the data's source
     * \return true if data (source, group) is wanted on this link: the group has
     *         listeners, and is not in the source-specific range (an MLDv1 report
     *         says nothing about sources, RFC 4604 §2.2.1)
     */
    bool ShouldForward(Ipv6Address group, Ipv6Address source) const;

    /**
     * \param group a reported group
     */
    void HandleReport(Ipv6Address group);

    /**
     * \param group the group of a Done
     */
    void HandleDone(Ipv6Address group);

    /// \return true while this router is the querier of its link
    bool IsQuerier() const;

    /// \return the address of the link's querier as far as this router knows (:: if none yet)
    Ipv6Address GetQuerierAddress() const;

    /**
     * \param group a multicast address
     * \return true if the group has listeners on this link (Listeners Present or Checking)
     */
    bool HasListeners(Ipv6Address group) const;

    /// \return the listener table
    std::vector<MldListenerEntry> GetListenerTable() const;

    /**
     * \brief Write the listener table.
     * \param stream the output
     */
    void PrintListenerTable(Ptr<OutputStreamWrapper> stream) const;

    /// \return empty if the timers are consistent, else what is wrong
    std::string GetConfigurationError() const;

    /// \name Effective timer values (derived ones computed from the others)
    /// @{
    /// \return the Robustness Variable
    uint32_t GetRobustness() const;
    /// \return the Query Interval
    Time GetQueryInterval() const;
    /// \return the Query Response Interval
    Time GetQueryResponseInterval() const;
    /// \return the Multicast Listener Interval
    Time GetMulticastListenerInterval() const;
    /// \return the Other Querier Present Interval
    Time GetOtherQuerierPresentInterval() const;
    /// \return the Startup Query Interval
    Time GetStartupQueryInterval() const;
    /// \return the Startup Query Count
    uint32_t GetStartupQueryCount() const;
    /// \return the Last Listener Query Interval
    Time GetLastListenerQueryInterval() const;
    /// \return the Last Listener Query Count
    uint32_t GetLastListenerQueryCount() const;
    /// @}

    /**
     * \brief Assign fixed random variable streams.
     * \param stream first stream index to use
     * \return the number of streams assigned
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * TracedCallback signature for listener-table changes.
     * \param interface IPv6 interface index
     * \param group multicast address
     */
    typedef void (*ListenerTracedCallback)(uint32_t interface, Ipv6Address group);

    /**
     * TracedCallback signature for querier changes.
     * \param interface IPv6 interface index
     * \param isQuerier true when this router became the querier
     * \param querier the querier's address as far as this router knows
     */
    typedef void (*QuerierTracedCallback)(uint32_t interface, bool isQuerier, Ipv6Address querier);

  protected:
    void DoDispose() override;

  private:
    /// One group of the listener table.
    struct GroupEntry
    {
        MldGroupState state{MldGroupState::LISTENERS_PRESENT}; //!< state
        EventId timer;        //!< expiry (Multicast Listener Interval)
        EventId retransmit;   //!< next last-listener query
        uint32_t queriesLeft{0}; //!< last-listener queries still to send
    };

    /// Send a general query and schedule the next one.
    void GeneralQueryTimerExpired();

    /// The Other Querier Present timer expired: become querier again.
    void OtherQuerierTimerExpired();

    /**
     * \param group a group whose listener timer expired
     */
    void GroupTimerExpired(Ipv6Address group);

    /**
     * \param group a group being checked: send the next address-specific query
     */
    void SendLastListenerQuery(Ipv6Address group);

    /**
     * \brief Send a query, if this router has a usable link-local source.
     * \param group :: or the group
     * \param maxDelay the Maximum Response Delay
     * \return true if sent
     */
    bool SendQuery(Ipv6Address group, Time maxDelay);

    /**
     * \brief Change querier status and fire the trace.
     * \param querier new status
     * \param address the querier's address
     */
    void SetQuerier(bool querier, Ipv6Address address);

    /**
     * \brief Remove a group from the table.
     * \param group the group
     */
    void RemoveGroup(Ipv6Address group);

    MldProtocol* m_protocol{nullptr}; //!< the node's MLD (owns the interface)
    Ptr<MldInterface> m_interface;    //!< the interface served

    uint32_t m_robustness;              //!< Robustness Variable
    Time m_queryInterval;               //!< Query Interval
    Time m_queryResponseInterval;       //!< Query Response Interval
    Time m_lastListenerQueryInterval;   //!< Last Listener Query Interval
    Time m_multicastListenerInterval;   //!< set value, zero: derived
    Time m_otherQuerierPresentInterval; //!< set value, zero: derived
    Time m_startupQueryInterval;        //!< set value, zero: derived
    uint32_t m_startupQueryCount;       //!< set value, zero: derived
    uint32_t m_lastListenerQueryCount;  //!< set value, zero: derived

    bool m_running{false};         //!< started and not stopped
    bool m_isQuerier{false};       //!< querier state
    Ipv6Address m_querierAddress;  //!< the known querier
    uint32_t m_startupLeft{0};     //!< startup queries still to send
    EventId m_generalQueryTimer;   //!< next general query
    EventId m_otherQuerierTimer;   //!< Other Querier Present timer
    std::map<Ipv6Address, GroupEntry> m_groups; //!< listener table

    TracedCallback<uint32_t, Ipv6Address> m_listenerAddedTrace;   //!< ListenerAdded
    TracedCallback<uint32_t, Ipv6Address> m_listenerRemovedTrace; //!< ListenerRemoved
    TracedCallback<uint32_t, bool, Ipv6Address> m_querierTrace;   //!< QuerierChanged
};

} // namespace ns3

#endif /* MLD_QUERIER_H */
