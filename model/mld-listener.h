/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_LISTENER_H
#define MLD_LISTENER_H

#include "mld-header.h"
#include "mld-membership.h"
#include "mld-types.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace ns3
{

class MldInterface;

/**
 * \ingroup mld
 * \brief The host part of one interface: its membership records and the host state
 * machines of MLDv1 (RFC 2710 §4-5, after the seeds' mld6.c) and MLDv2 (RFC 9777 §4-6).
 *
 * One object per interface, like the router part (MldQuerier). Its code is in three
 * files, one per state machine, around the state they share:
 * - mld-listener.cc: the membership table (refcounted joins and leaves, in6_addmulti /
 *   in6_delmulti; RFC 3678 socket filters merged by RFC 9777 §4.2, MldMembershipRecord;
 *   the link-layer multicast list of if.c), the version choice and the MLDv1
 *   compatibility mode of RFC 9777 §8.2, interface up and down;
 * - mld-listener-v1.cc: the MLDv1 host, one timer and one flag per record;
 * - mld-listener-v2.cc: the MLDv2 host, state-change reports and query responses.
 *
 * Every event is handed to the state machine of the version in use at one place.
 *
 * MLDv1 state machine of one record (RFC 2710 §5, with the seeds' REPORTPENDING):
 * \verbatim
   join (delayed) -> REPORTPENDING --timer--> report, IREPORTEDLAST
   join           -> report, IREPORTEDLAST, repeat timer (Robustness - 1 times)
   query          -> timer = rand[0, MRD] unless running and <= MRD; MRD 0: report now
   timer fires    -> report, IREPORTEDLAST
   other's report -> stop timer, OTHERLISTENER
   last leave     -> Done to ff02::2 if IREPORTEDLAST; record gone
 * \endverbatim
 * ff02::1 and groups of scope 0 or 1 never get a report or a Done; their records stay
 * OTHERLISTENER with no timer.
 *
 * MLDv2: every change of a record's interface state sends a State Change Report at once
 * and Robustness - 1 more times (§6.1, later changes merged into the pending ones);
 * general queries are answered through one interface timer, group-specific and
 * group-and-source-specific ones through the record's timer and a pending source list
 * (§6.2, §6.3).
 */
class MldListener : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MldListener();
    ~MldListener() override;

    /**
     * \brief Serve an interface; its version is the Version attribute's.
     * \param interface the interface (owns this object)
     */
    void Attach(MldInterface* interface);

    /// \name Membership (in6_joingroup, in6_leavegroup, RFC 3678 setsourcefilter)
    /// @{
    /**
     * \brief Add an any-source reference to a group's record, creating it if needed.
     * \param group multicast address
     * \param delayFirstReport true for the RFC 4862 §5.4.2 delayed (REPORTPENDING) join
     */
    void Join(Ipv6Address group, bool delayFirstReport = false);

    /**
     * \brief Drop an any-source reference; the last reference removes the record.
     * \param group multicast address
     * \return false if there was no any-source reference
     */
    bool Leave(Ipv6Address group);

    /**
     * \brief Set, replace or remove (INCLUDE {}) one socket's source filter, creating or
     * removing the record as needed.
     * \param group multicast address
     * \param socket an identifier of the socket or application owning the filter
     * \param filter the filter; INCLUDE {} removes the socket's state
     * \return nothing on success, else why it was refused (nothing changed)
     */
    std::optional<MldRefusal> SetSourceFilter(Ipv6Address group,
                                              uint64_t socket,
                                              const MldSourceFilter& filter);

    /**
     * \param group multicast address
     * \param socket a socket identifier
     * \return the socket's filter (INCLUDE {} if none)
     */
    MldSourceFilter GetSourceFilter(Ipv6Address group, uint64_t socket) const;
    /// @}

    /// \name Version (RFC 9777 §8.2)
    /// @{
    /**
     * \brief Choose the host version; pending reports and timers of the old one are
     * cancelled.
     * \param version the version
     */
    void SetVersion(MldHostVersion version);

    /// \return the configured host version
    MldHostVersion GetConfiguredVersion() const;

    /// \return the version in use now (MLDv1 while in compatibility mode)
    MldVersion GetVersion() const;

    /// \return true while the Older Version Querier Present timer runs (§8.2.1)
    bool IsOlderVersionQuerierPresent() const;
    /// @}

    /// \name Messages heard on the interface
    /// @{
    /**
     * \brief An MLDv1 query: the §8.2.1 fallback, then the answer of the version in use
     * (an MLDv2-only host answers it as the same MLDv2 query).
     * \param group :: for a general query, else the group
     * \param maxResponseDelay the Maximum Response Delay
     */
    void HandleV1Query(Ipv6Address group, Time maxResponseDelay);

    /**
     * \brief An MLDv2 query (RFC 9777 §6.2); an MLDv1 host reads it as MLDv1 (§8.2.1).
     * \param query the query
     */
    void HandleV2Query(const MldV2QueryHeader& query);

    /**
     * \brief Another node's MLDv1 report (suppression, RFC 2710 §5; MLDv2 hosts do not
     * suppress).
     * \param group the reported group
     */
    void HandleReport(Ipv6Address group);
    /// @}

    /// \name Interface events
    /// @{
    /// \brief The interface came up: report every reportable group again.
    void InterfaceUp();
    /// \brief The interface went down: stop every timer, keep the records.
    void InterfaceDown();
    /// \brief Stop every timer and forget the records (purge on detach); no trace fires.
    void Purge();
    /// @}

    /// \name Inspection
    /// @{
    /**
     * \param group a multicast address
     * \return its record, or nullptr
     */
    const MldMembershipRecord* FindRecord(Ipv6Address group) const;

    /// \return every record, by group
    const std::map<Ipv6Address, MldMembershipRecord>& GetRecordTable() const;

    /**
     * \param group a multicast address
     * \return the MLDv2 state-change repeats still pending for a group that was left, or
     *         nullptr
     */
    const MldV2RecordState* FindLeaving(Ipv6Address group) const;

    /// \return the number of left groups whose state-change report is still repeated
    std::size_t GetNLeaving() const;

    /// \return the pending MLDv2 response to a general query (RFC 9777 §6.2), or an empty
    ///         event
    const EventId& GetGeneralResponse() const;

    /// \return the querier's Robustness Variable adopted (RFC 9777 §5.1.8), 0 if none
    uint8_t GetQuerierRobustness() const;

    /**
     * \param mac a link-layer multicast address
     * \return its refcount, 0 if absent
     */
    uint32_t GetLinkLayerRefs(Mac48Address mac) const;

    /// The link-layer list (if.c's ifmultiaddr AF_LINK entries): address and refcount,
    /// in address order.
    using LinkLayerList = std::vector<std::pair<Mac48Address, uint32_t>>;

    /// \return the link-layer list
    const LinkLayerList& GetLinkLayerList() const;

    /// \return the number of events this host part has scheduled (an idle host has none)
    uint32_t GetNPendingEvents() const;
    /// @}

    /**
     * \param group a multicast address
     * \return true if MLD messages are ever sent for it (MldIsReportable)
     */
    static bool IsReportable(Ipv6Address group);

    /**
     * \param group a multicast address
     * \return true if it is in the source-specific range ff3x::/96 (MldIsSourceSpecific)
     */
    static bool IsSourceSpecific(Ipv6Address group);

    /// \return the checker of an MldHostVersion attribute: "MLDv1", "MLDv2", "MLDv2Fallback"
    static Ptr<const AttributeChecker> MakeVersionChecker();

    /**
     * \brief Assign fixed random variable streams.
     * \param stream first stream index to use
     * \return the number of streams assigned
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * TracedCallback signature for record creation and removal.
     * \param interface IPv6 interface index
     * \param group multicast address
     */
    typedef void (*RecordTracedCallback)(uint32_t interface, Ipv6Address group);

    /**
     * TracedCallback signature for flag changes.
     * \param interface IPv6 interface index
     * \param group multicast address
     * \param oldFlag flag before
     * \param newFlag flag after
     */
    typedef void (*FlagTracedCallback)(uint32_t interface,
                                       Ipv6Address group,
                                       MldListenerFlag oldFlag,
                                       MldListenerFlag newFlag);

  protected:
    void DoDispose() override;

  private:
    /// The records, by group.
    using RecordTable = std::map<Ipv6Address, MldMembershipRecord>;

    // ---- the membership table (mld-listener.cc)

    /**
     * \brief Create a record (in6_addmulti's allocation part): the IPv6 layer takes the
     * group's traffic, the link-layer entry gets a reference.
     * \param group the group
     * \return the record
     */
    MldMembershipRecord& CreateRecord(Ipv6Address group);

    /**
     * \brief Remove a record (in6m_destroy).
     * \param group the group
     */
    void DestroyRecord(Ipv6Address group);

    /**
     * \brief After a change of a record's references: hand the change to the state
     * machine of the version in use.
     * \param group the group
     * \param before the interface state before the change (INCLUDE {}: no record)
     * \param created the record was created by this change
     * \param delayFirstReport RFC 4862 §5.4.2 delayed first report
     */
    void Apply(Ipv6Address group,
               const MldSourceFilter& before,
               bool created,
               bool delayFirstReport);

    /**
     * \brief A record's timer fired (mld_timeo): the version in use answers.
     * \param group the group
     */
    void TimerExpired(Ipv6Address group);

    /**
     * \brief Arm a record's timer.
     * \param group the group
     * \param rec its record
     * \param delay time until it fires
     */
    void StartTimer(Ipv6Address group, MldMembershipRecord& rec, Time delay);

    /**
     * \brief Change a record's flag, tracing the change.
     * \param group the group
     * \param rec its record
     * \param flag the new flag
     */
    void SetFlag(Ipv6Address group, MldMembershipRecord& rec, MldListenerFlag flag);

    /**
     * \param max upper bound
     * \return a uniform random time in [0, max]
     */
    Time RandomDelay(Time max);

    /// \return the Robustness Variable in use (the querier's QRV if one was heard)
    uint32_t GetRobustness() const;

    /**
     * \brief The Older Version Querier Present timer fired: back to MLDv2 (§8.2.1).
     */
    void OlderQuerierExpired();

    // ---- MLDv1 host (mld-listener-v1.cc)

    /**
     * \brief MLDv1 meaning of a change of references: report on creation, Done from the
     * last reporter on removal (RFC 2710 §4).
     * \param group the group
     * \param created the record was created
     * \param removed the record lost its last reference
     * \param delayFirstReport RFC 4862 §5.4.2 delayed first report
     */
    void V1Apply(Ipv6Address group, bool created, bool removed, bool delayFirstReport);

    /**
     * \brief Send the first report and arm the repeats (mld_start_listening).
     * \param group the group
     * \param rec its record
     */
    void V1StartListening(Ipv6Address group, MldMembershipRecord& rec);

    /**
     * \brief Send a report and note that this node reported last.
     * \param group the group
     * \param rec its record
     */
    void V1SendReport(Ipv6Address group, MldMembershipRecord& rec);

    /**
     * \brief A record's timer fired, MLDv1.
     * \param group the group
     * \param rec its record
     */
    void V1TimerExpired(Ipv6Address group, MldMembershipRecord& rec);

    /**
     * \brief A query, MLDv1 (RFC 2710 §4).
     * \param group :: or the group
     * \param maxResponseDelay the Maximum Response Delay
     */
    void V1HandleQuery(Ipv6Address group, Time maxResponseDelay);

    /// \brief Cancel every MLDv1 report timer.
    void V1Cancel();

    /// \brief The interface came up, MLDv1: every reportable record reported again.
    void V1InterfaceUp();

    // ---- MLDv2 host (mld-listener-v2.cc)

    /**
     * \brief MLDv2 meaning of a change of references (RFC 9777 §6.1).
     * \param group the group
     * \param before the interface state before
     * \param after the interface state after
     * \param created the record was created
     * \param removed the record lost its last reference
     * \param delayFirstReport RFC 4862 §5.4.2 delayed first report
     */
    void V2Apply(Ipv6Address group,
                 const MldSourceFilter& before,
                 const MldSourceFilter& after,
                 bool created,
                 bool removed,
                 bool delayFirstReport);

    /**
     * \brief Fold a change of interface state into the pending state-change report
     * (RFC 9777 §6.1) and send it now.
     * \param group the group
     * \param before state before
     * \param after state after
     * \param pending the pending report
     */
    void V2QueueStateChange(Ipv6Address group,
                            const MldSourceFilter& before,
                            const MldSourceFilter& after,
                            MldV2RecordState& pending);

    /**
     * \brief Send what is pending for a group, and schedule the next repeat.
     * \param group the group
     * \param current the interface state now
     * \param pending the pending report
     */
    void V2SendStateChange(Ipv6Address group,
                           const MldSourceFilter& current,
                           MldV2RecordState& pending);

    /**
     * \brief A state-change repeat timer fired.
     * \param group the group
     */
    void V2RetransmitExpired(Ipv6Address group);

    /// \brief The interface timer for a general query fired (RFC 9777 §6.3 rule 1).
    void V2GeneralResponseExpired();

    /**
     * \brief A record's timer fired, MLDv2: the delayed first report, or the answer to a
     * group or group-and-source query (§6.3 rules 2, 3).
     * \param group the group
     * \param rec its record
     */
    void V2TimerExpired(Ipv6Address group, MldMembershipRecord& rec);

    /**
     * \brief A query, MLDv2 (RFC 9777 §6.2).
     * \param query the query
     */
    void V2HandleQuery(const MldV2QueryHeader& query);

    /**
     * \brief The current-state record of a group (RFC 9777 §6.3).
     * \param group the group
     * \param rec its record
     * \param record the record to fill
     * \return false if there is nothing to report
     */
    bool V2CurrentStateRecord(Ipv6Address group,
                              const MldMembershipRecord& rec,
                              MldAddressRecord& record) const;

    /// \brief Cancel every MLDv2 timer and pending report.
    void V2Cancel();

    /// \brief The interface came up, MLDv2: every state reported again as a change.
    void V2InterfaceUp();

    /**
     * \param rec the record
     * \return the MLDv2 part of the record, created if needed
     */
    static MldV2RecordState& V2State(MldMembershipRecord& rec);

    /**
     * \brief Free the MLDv2 part of a record once it holds nothing: no socket filter, no
     * state-change transmission left, no pending source-specific response. A record whose
     * reports have all gone out then costs what an MLDv1 record costs.
     * \param rec the record
     */
    static void ReleaseIdleV2(MldMembershipRecord& rec);

    MldInterface* m_interface{nullptr}; //!< the interface served (it owns this object)
    uint32_t m_index{0};                //!< its IPv6 interface index

    // Configuration (attributes)
    uint32_t m_robustness;              //!< Robustness Variable
    Time m_unsolicitedReportInterval;   //!< Unsolicited Report Interval
    Time m_solicitedNodeJoinDelay;      //!< MAX_RTR_SOLICITATION_DELAY (RFC 4862)
    Time m_v2UnsolicitedReportInterval; //!< MLDv2 Unsolicited Report Interval
    Time m_queryInterval;               //!< assumed Query Interval (§9.2) for §8.2.1
    MldHostVersion m_version;           //!< configured version
    Ptr<UniformRandomVariable> m_rng;   //!< report delays

    // State
    RecordTable m_records; //!< membership records
    /**
     * \param mac a link-layer multicast address
     * \return the entry of the link-layer list with that address, or where it would go
     */
    LinkLayerList::iterator FindLinkLayer(Mac48Address mac);

    /// Link-layer list, refcounted: a sorted vector (12 octets an entry, where a map node
    /// took 64 with its allocation; joins and leaves are rare, lookups are binary).
    LinkLayerList m_linkLayer;
    std::map<Ipv6Address, MldV2RecordState> m_leaving; //!< left groups, TO_IN {} repeated
    EventId m_olderQuerierPresent;  //!< RFC 9777 §8.2.1 Older Version Querier Present timer
    EventId m_generalResponse;      //!< RFC 9777 §6.2: pending response to a general query
    uint8_t m_querierRobustness{0}; //!< QRV adopted from the querier (0: none heard)

    TracedCallback<uint32_t, Ipv6Address> m_recordCreatedTrace;   //!< RecordCreated
    TracedCallback<uint32_t, Ipv6Address> m_recordDestroyedTrace; //!< RecordDestroyed
    TracedCallback<uint32_t, Ipv6Address, MldListenerFlag, MldListenerFlag>
        m_flagChangedTrace; //!< FlagChanged
};

} // namespace ns3

#endif /* MLD_LISTENER_H */
