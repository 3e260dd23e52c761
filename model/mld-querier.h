/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_QUERIER_H
#define MLD_QUERIER_H

#include "mld-header.h"
#include "mld-types.h"

#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

class MldInterface;

/**
 * \ingroup mld
 * \brief Listener state of one group on a router interface (RFC 2710 §6).
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
 * \brief Router filter mode of a group (RFC 9777 §7.2.1).
 */
enum class MldFilterMode : uint8_t
{
    INCLUDE, ///< only the listed sources with running timers are wanted
    EXCLUDE, ///< every source is wanted but those whose source timer is stopped
};

/**
 * \param os output stream
 * \param mode the mode
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, MldFilterMode mode);

/**
 * \ingroup mld
 * \brief A copy of one source record of an MLDv2 router (RFC 9777 §7.2.3).
 */
struct MldRouterSourceEntry
{
    Ipv6Address source;      //!< source address
    bool running{false};     //!< source timer running (else stopped: an excluded source)
    Time timerRemaining;     //!< source timer left (zero when stopped)
    uint32_t queriesLeft{0}; //!< Multicast Address and Source Specific Queries still to send
};

/**
 * \ingroup mld
 * \brief A copy of one listener-table entry.
 *
 * On an MLDv1 router (and for the MLDv2 fields' defaults) a group is
 * EXCLUDE {}: every source wanted. On an MLDv2 router (RFC 9777 §7.2) the
 * entry also carries the filter mode and the source records; timerRemaining
 * is then the filter timer in EXCLUDE mode, and in INCLUDE mode (where the
 * filter timer is not used) the longest source timer; queriesLeft counts the
 * Multicast Address Specific Queries still to send.
 */
struct MldListenerEntry
{
    uint32_t interface {
        0
    };                                                //!< IPv6 interface index
    Ipv6Address group;                                //!< multicast address
    MldGroupState state{MldGroupState::NO_LISTENERS}; //!< state
    Time timerRemaining;                              //!< until the group expires
    uint32_t queriesLeft{0}; //!< last-listener (Multicast Address Specific) queries still to send

    /// \name MLDv2 router state (RFC 9777 §7.2, §8.3.2)
    /// @{
    MldVersion routerVersion{MldVersion::MLDV1};      //!< version of the router interface
    MldFilterMode filterMode{MldFilterMode::EXCLUDE}; //!< router filter mode
    std::vector<MldRouterSourceEntry> sources;        //!< source records, ordered by address
    bool olderVersionHostPresent{
        false}; //!< MLDv1 compatibility mode (Older Version Host Present timer running)
    Time olderHostRemaining; //!< Older Version Host Present timer left
    /// @}

    /// \return the sources whose timer runs (INCLUDE: the include list; EXCLUDE: the "Requested
    /// List" X)
    std::set<Ipv6Address> RunningSources() const;
    /// \return the sources whose timer is stopped (EXCLUDE mode: the "Exclude List" Y)
    std::set<Ipv6Address> StoppedSources() const;
    /**
     * \param source a source
     * \return its record, or nullptr
     */
    const MldRouterSourceEntry* FindSource(Ipv6Address source) const;
};

/**
 * \ingroup mld
 * \brief The router part of one interface: MLDv1 (RFC 2710 §6–7) or MLDv2
 * (RFC 9777 §7, §8.3), chosen by the Version attribute.
 *
 * Version 1 (default): querier election, general and address-specific
 * queries, and a listener table of groups (Listeners Present / Checking
 * Listeners); MLDv2 reports are ignored, as an MLDv1 router does.
 *
 * Version 2: MLDv2 queries (Maximum Response Code, QRV = Robustness, QQIC =
 * QueryInterval), and per group a filter mode, a filter timer and source
 * records with source timers, updated by every report record as the tables
 * of RFC 9777 §7.4.1 and §7.4.2 say; Multicast Address Specific and
 * Multicast Address and Source Specific Queries (§7.6.3) with the S flag and
 * the timer updates of §7.6.1; filter mode switches (§7.5); and the MLDv1
 * compatibility mode of a group while its Older Version Host Present timer
 * runs (§8.3.2): MLDv1 reports act as IS_EX({}), Dones as TO_IN({}), BLOCK
 * records are ignored and TO_EX(x) acts as TO_EX({}). In the source-specific
 * range ff3x::/96 EXCLUDE-mode records (IS_EX, TO_EX) are ignored (RFC 4604
 * §2.2.2) and no any-source state is ever forwarded.
 *
 * The shared part (configuration, election, general queries, table views) is in
 * mld-querier.cc; the MLDv1 listener state machine in mld-querier-v1.cc; the MLDv2 one in
 * mld-querier-v2.cc. Each event is handed to the version's state machine at one place.
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
     * \param interface the interface this querier serves (it owns this object), and its
     *        narrow path to the link
     */
    void Attach(MldInterface* interface);

    /// \brief Interface up: become querier and send the startup queries (RFC 2710 §6).
    void Start();

    /// \brief Interface down: stop every timer and empty the listener table.
    void Stop();

    /**
     * \brief An MLDv1 query from another router arrived (election, RFC 2710 §6).
     *
     * A Version 2 router takes part in the election the same way (RFC 9777
     * §7.6.2, §8.3.1) and applies the timer updates of a query with a clear
     * S flag (§7.6.1).
     * \param source its source address
     * \param group :: or the queried group
     * \param maxResponseDelay its Maximum Response Delay
     */
    void HandleV1Query(Ipv6Address source, Ipv6Address group, Time maxResponseDelay);

    /**
     * \brief An MLDv2 query from another router arrived.
     *
     * Election (RFC 9777 §7.6.2, lowest address wins, one election with the
     * MLDv1 queries). A Version 2 router also lowers its timers when the S
     * flag is clear (§7.6.1) and, while not querier, adopts the querier's
     * QRV and QQIC (§5.1.8, §5.1.9).
     * \param source its source address
     * \param query the query
     */
    void HandleV2Query(Ipv6Address source, const MldV2QueryHeader& query);

    /**
     * \brief One valid record of an MLDv2 report arrived.
     *
     * Version 1: ignored, as an MLDv1 router does (RFC 9777 §8.3.2), so
     * MLDv2-only hosts are not seen. Version 2: processed as the tables of
     * RFC 9777 §7.4.1 (current state) and §7.4.2 (state change) say, with the
     * restrictions of the group's MLDv1 compatibility mode (§8.3.2).
     * \param record the record
     */
    void HandleV2Record(const MldAddressRecord& record);

    /**
     * \param group a multicast group
     * \param source the data's source
     * \return true if data (source, group) is wanted on this link.
     *         Version 1: the group has listeners, and is not in the source-specific
     *         range (an MLDv1 report says nothing about sources, RFC 4604 §2.2.1).
     *         Version 2 (RFC 9777 §7.3): INCLUDE mode: the source has a running
     *         source timer; EXCLUDE mode: the source is not excluded (no record,
     *         or a running timer); in the source-specific range only INCLUDE-mode
     *         sources are forwarded.
     */
    bool ShouldForward(Ipv6Address group, Ipv6Address source) const;

    /**
     * \return a number that changes whenever what ShouldForward answers may change (it
     *         grows at every message handled, every timer run, start and stop); a
     *         forwarding cache is valid while it stays the same
     */
    uint64_t GetGeneration() const
    {
        return m_generation;
    }

    /**
     * \brief An MLDv1 report arrived.
     *
     * Version 2: the group's Older Version Host Present timer is (re)started
     * and the report acts as IS_EX({}) (RFC 9777 §8.3.2); in the source-specific
     * range it is ignored, as IS_EX records are there (RFC 4604 §2.2.2).
     * \param group a reported group
     */
    void HandleReport(Ipv6Address group);

    /**
     * \brief An MLDv1 Done arrived.
     *
     * Version 2: while the group is in MLDv1 compatibility mode it acts as
     * TO_IN({}) (RFC 9777 §8.3.2); otherwise it is ignored.
     * \param group the group of a Done
     */
    void HandleDone(Ipv6Address group);

    /// \return the router version of this interface (the Version attribute: 1 or 2)
    MldVersion GetVersion() const;

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
     * \param group a multicast address
     * \return the group's entry, if it is in the listener table
     */
    std::optional<MldListenerEntry> GetListenerEntry(Ipv6Address group) const;

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
    /// \return the Last Listener Query Time (LLQI * LLQC, RFC 9777 §9.14)
    Time GetLastListenerQueryTime() const;
    /// \return the Older Version Host Present Timeout (RFC 9777 §9.13: the MALI)
    Time GetOlderVersionHostPresentTimeout() const;
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

    /**
     * TracedCallback signature for source-record changes of an MLDv2 router.
     * \param interface IPv6 interface index
     * \param group multicast address
     * \param source the source
     * \param present true if the group still has a record for the source
     * \param running true if its source timer runs (false: stopped, or the record is gone)
     */
    typedef void (*SourceTracedCallback)(uint32_t interface,
                                         Ipv6Address group,
                                         Ipv6Address source,
                                         bool present,
                                         bool running);

    /**
     * TracedCallback signature for filter mode changes of an MLDv2 router (RFC 9777 §7.5).
     * \param interface IPv6 interface index
     * \param group multicast address
     * \param mode the router filter mode now
     */
    typedef void (*FilterModeTracedCallback)(uint32_t interface,
                                             Ipv6Address group,
                                             MldFilterMode mode);

  protected:
    void DoDispose() override;

  private:
    /// An MLDv2 source record (RFC 9777 §7.2.3).
    struct SourceEntry
    {
        EventId timer;           //!< source timer (not running: stopped)
        uint32_t queriesLeft{0}; //!< source-specific query retransmissions left
    };

    /// One group of the listener table.
    struct GroupEntry
    {
        MldGroupState state{MldGroupState::LISTENERS_PRESENT}; //!< state
        EventId timer;           //!< v1: expiry (Multicast Listener Interval); v2: filter timer
        EventId retransmit;      //!< next last-listener query (v2: next specific queries)
        uint32_t queriesLeft{0}; //!< last-listener (v2: Multicast Address Specific) queries left
        bool exclude{true};      //!< v2: router filter mode EXCLUDE (else INCLUDE)
        std::map<Ipv6Address, SourceEntry> sources; //!< v2: source records
        EventId olderHost; //!< v2: Older Version Host Present timer (RFC 9777 §8.3.2)
    };

    /// The set type of the RFC 9777 §7.4 tables.
    using SourceSet = std::set<Ipv6Address>;

    /**
     * \brief Election part of a received query (RFC 2710 §6, RFC 9777 §7.6.2).
     * \param source the query's source
     */
    void Elect(Ipv6Address source);

    /**
     * \brief An MLDv1 report, MLDv1 router (RFC 2710 §7): Listeners Present, timer MLI.
     * \param group the group
     */
    void V1HandleReport(Ipv6Address group);

    /**
     * \brief A Done, MLDv1 router (RFC 2710 §7): Checking Listeners, last-listener queries.
     * \param group the group
     */
    void V1HandleDone(Ipv6Address group);

    /**
     * \brief An MLDv1 report on an MLDv2 router (RFC 9777 §8.3.2): IS_EX({}) and the
     * Older Version Host Present timer.
     * \param group the group
     */
    void V2HandleV1Report(Ipv6Address group);

    /**
     * \brief A Done on an MLDv2 router (RFC 9777 §8.3.2): TO_IN({}) in compatibility mode.
     * \param group the group
     */
    void V2HandleDone(Ipv6Address group);

    /**
     * \brief MLDv2: timer updates for a received query with a clear S flag (RFC 9777 §7.6.1).
     * \param group the queried group
     * \param sources the queried sources
     * \param maxResponseDelay the query's Maximum Response Delay
     */
    void LowerTimersForQuery(Ipv6Address group, const SourceSet& sources, Time maxResponseDelay);

    /**
     * \brief MLDv2: apply one record to a group (RFC 9777 §7.4.1, §7.4.2).
     * \param group the group
     * \param type the record type
     * \param b the record's sources
     */
    void ProcessRecord(Ipv6Address group, uint8_t type, const SourceSet& b);

    /**
     * \brief MLDv2: "Send Q(MA)": lower the filter timer to LLQT and start the queries (§7.6.3.1).
     * \param group the group
     * \param entry its entry
     * \return true if queries are to be sent
     */
    bool ScheduleGroupQuery(Ipv6Address group, GroupEntry& entry);

    /**
     * \brief MLDv2: "Send Q(MA,S)": lower the source timers above LLQT and start
     * the queries (§7.6.3.2).
     * \param group the group
     * \param entry its entry
     * \param sources the sources to query
     * \return true if queries are to be sent
     */
    bool ScheduleSourceQuery(Ipv6Address group, GroupEntry& entry, const SourceSet& sources);

    /**
     * \brief MLDv2: send the pending specific queries of a group now, and schedule the next.
     * \param group the group
     */
    void SendSpecificQueries(Ipv6Address group);

    /**
     * \brief MLDv2: send one query.
     * \param group :: or the group
     * \param sources the sources
     * \param maxDelay Maximum Response Delay
     * \param suppress the S flag
     * \return true if sent
     */
    bool SendV2Query(Ipv6Address group,
                     const std::vector<Ipv6Address>& sources,
                     Time maxDelay,
                     bool suppress);

    /**
     * \brief MLDv2: set (create) a source's timer.
     * \param group the group
     * \param entry its entry
     * \param source the source
     * \param delay the new timer (zero or negative: stopped)
     */
    void SetSourceTimer(Ipv6Address group, GroupEntry& entry, Ipv6Address source, Time delay);

    /**
     * \brief MLDv2: delete a source record.
     * \param group the group
     * \param entry its entry
     * \param source the source
     */
    void DeleteSource(Ipv6Address group, GroupEntry& entry, Ipv6Address source);

    /**
     * \brief MLDv2: set the filter timer.
     * \param group the group
     * \param entry its entry
     * \param delay the new timer
     */
    void SetFilterTimer(Ipv6Address group, GroupEntry& entry, Time delay);

    /**
     * \param group a group whose filter timer expired (RFC 9777 §7.5)
     */
    void FilterTimerExpired(Ipv6Address group);

    /**
     * \param group the group
     * \param source a source whose timer expired (RFC 9777 §7.2.3, §7.5)
     */
    void SourceTimerExpired(Ipv6Address group, Ipv6Address source);

    /**
     * \param group a group whose Older Version Host Present timer expired (§8.3.2)
     */
    void OlderHostTimerExpired(Ipv6Address group);

    /**
     * \brief MLDv2: remove the group if it holds no state any more (INCLUDE {}).
     * \param group the group
     */
    void RemoveIfEmpty(Ipv6Address group);

    /**
     * \param event a timer
     * \return the time left, zero if it does not run
     */
    static Time Left(const EventId& event);

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
     * \param traced fire ListenerRemoved and SourceChanged (false only when the querier is
     *        disposed of)
     */
    void RemoveGroup(Ipv6Address group, bool traced = true);

    /**
     * \brief Stop every timer and empty the listener table.
     * \param traced fire ListenerRemoved and QuerierChanged: true for interface down (a
     *        protocol event), false for disposal at the end of the simulation
     */
    void Halt(bool traced);

    MldInterface* m_interface{nullptr}; //!< the interface served (owns this object)
    /// Grows at the top of every public entry point and every scheduled callback, the
    /// only places where the listener table (and so ShouldForward) can change: a new
    /// entry point or timer callback must grow it too.
    uint64_t m_generation{0};

    uint32_t m_robustness;              //!< Robustness Variable
    Time m_queryInterval;               //!< Query Interval
    Time m_queryResponseInterval;       //!< Query Response Interval
    Time m_lastListenerQueryInterval;   //!< Last Listener Query Interval
    Time m_multicastListenerInterval;   //!< set value, zero: derived
    Time m_otherQuerierPresentInterval; //!< set value, zero: derived
    Time m_startupQueryInterval;        //!< set value, zero: derived
    uint32_t m_startupQueryCount;       //!< set value, zero: derived
    uint32_t m_lastListenerQueryCount;  //!< set value, zero: derived
    MldVersion m_version;               //!< router version
    uint8_t m_learnedRobustness{0};     //!< v2 non-querier: the querier's QRV (0: none)
    Time m_learnedQueryInterval;        //!< v2 non-querier: the querier's QQI (0: none)

    bool m_running{false};                      //!< started and not stopped
    bool m_isQuerier{false};                    //!< querier state
    Ipv6Address m_querierAddress;               //!< the known querier
    uint32_t m_startupLeft{0};                  //!< startup queries still to send
    EventId m_generalQueryTimer;                //!< next general query
    EventId m_otherQuerierTimer;                //!< Other Querier Present timer
    std::map<Ipv6Address, GroupEntry> m_groups; //!< listener table

    TracedCallback<uint32_t, Ipv6Address> m_listenerAddedTrace;   //!< ListenerAdded
    TracedCallback<uint32_t, Ipv6Address> m_listenerRemovedTrace; //!< ListenerRemoved
    TracedCallback<uint32_t, bool, Ipv6Address> m_querierTrace;   //!< QuerierChanged
    TracedCallback<uint32_t, Ipv6Address, Ipv6Address, bool, bool> m_sourceTrace; //!< SourceChanged
    TracedCallback<uint32_t, Ipv6Address, MldFilterMode> m_filterModeTrace; //!< FilterModeChanged
};

} // namespace ns3

#endif /* MLD_QUERIER_H */
