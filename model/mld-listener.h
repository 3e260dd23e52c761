/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_LISTENER_H
#define MLD_LISTENER_H

#include "mld-header.h"
#include "mld-interface.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <string>

namespace ns3
{

class MldProtocol;

/**
 * \ingroup mld
 * \brief The MLDv1 host part (RFC 2710 §4–5), after the seeds' mld6.c.
 *
 * It owns the life of membership records: refcounted joins and leaves
 * (in6_addmulti/in6_delmulti), the report timer of each record (mld_timeo),
 * query handling, report suppression and the Done from the last reporter.
 *
 * State machine of one record (RFC 2710 §5, with the seeds' REPORTPENDING):
 * \verbatim
   join (delayed) -> REPORTPENDING --timer--> report, IREPORTEDLAST
   join           -> report, IREPORTEDLAST, repeat timer (Robustness - 1 times)
   query          -> timer = rand[0, MRD] unless running and <= MRD; MRD 0: report now
   timer fires    -> report, IREPORTEDLAST
   other's report -> stop timer, OTHERLISTENER
   last leave     -> Done to ff02::2 if IREPORTEDLAST; record gone
 * \endverbatim
 * ff02::1 and groups of scope 0 or 1 never get a report or a Done; their
 * records stay OTHERLISTENER with no timer.
 *
 * MLDv2 (RFC 9777), on interfaces whose version is 2 or 0 (negotiated):
 * sockets set source filters (RFC 3678); they merge into the interface state
 * (§4.2); every change of that state sends a State Change Report at once and
 * Robustness - 1 more times (§6.1, later changes merged into the pending
 * ones); general queries are answered through one interface timer,
 * group-specific and group-and-source-specific ones through the record's
 * timer and a pending source list (§6.2, §6.3). An interface in version 0
 * falls back to MLDv1 while an MLDv1 querier is present (§8.2.1).
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

    /// \param protocol the owning protocol
    void SetProtocol(MldProtocol* protocol);

    /**
     * \brief Add a reference to a group's record, creating it if needed (in6_addmulti).
     * \param mif the interface
     * \param group multicast address
     * \param delayFirstReport true for the RFC 4862 §5.4.2 delayed (REPORTPENDING) join
     */
    void Join(MldInterface& mif, Ipv6Address group, bool delayFirstReport);

    /**
     * \brief Drop a reference; the last one removes the record (in6_delmulti).
     * \param mif the interface
     * \param group multicast address
     * \return false if there was no record
     */
    bool Leave(MldInterface& mif, Ipv6Address group);

    /**
     * \brief Set, replace or remove (INCLUDE {}) one socket's source filter (RFC 3678
     * setsourcefilter), creating or removing the record as needed.
     * \param mif the interface
     * \param group multicast address
     * \param socket an identifier of the socket or application owning the filter
     * \param filter the filter; INCLUDE {} removes the socket's state
     * \return empty on success, else why it was refused (nothing changed)
     */
    std::string SetSourceFilter(MldInterface& mif,
                                Ipv6Address group,
                                uint64_t socket,
                                const MldSourceFilter& filter);

    /**
     * \param mif the interface
     * \param group multicast address
     * \param socket a socket identifier
     * \return the socket's filter (INCLUDE {} if none)
     */
    MldSourceFilter GetSourceFilter(const MldInterface& mif,
                                    Ipv6Address group,
                                    uint64_t socket) const;

    /**
     * \brief Choose the host version of an interface (like Linux's force_mld_version).
     *
     * Pending reports and timers of the old version are cancelled.
     * \param mif the interface
     * \param version 1, 2, or 0 (MLDv2, falling back to MLDv1 while an MLDv1 querier is present)
     */
    void SetVersion(MldInterface& mif, uint8_t version);

    /**
     * \brief An MLDv2 query arrived (RFC 9777 §6.2; in MLDv1 mode, answered as MLDv1).
     * \param mif the interface
     * \param query the query
     */
    void HandleV2Query(MldInterface& mif, const MldV2QueryHeader& query);

    /**
     * \brief An MLDv1 query arrived on an interface that negotiates its version:
     * start or restart the Older Version Querier Present timer (RFC 9777 §8.2.1).
     * \param mif the interface
     * \param maxResponseDelay the query's Maximum Response Delay
     */
    void OlderQuerierHeard(MldInterface& mif, Time maxResponseDelay);

    /// \return the Version attribute: the version new interfaces start with
    uint8_t GetDefaultVersion() const;

    /**
     * \param group a multicast address
     * \return true if it is in the source-specific range ff3x::/96 (RFC 4607 §1, RFC 4604)
     */
    static bool IsSourceSpecific(Ipv6Address group);

    /**
     * \brief A query arrived (mld_input, MLD_LISTENER_QUERY).
     * \param mif the interface
     * \param group :: for a general query, else the group
     * \param maxResponseDelay the Maximum Response Delay
     */
    void HandleQuery(MldInterface& mif, Ipv6Address group, Time maxResponseDelay);

    /**
     * \brief Another node's report arrived (mld_input, MLD_LISTENER_REPORT).
     * \param mif the interface
     * \param group the reported group
     */
    void HandleReport(MldInterface& mif, Ipv6Address group);

    /**
     * \brief The interface came up: report every reportable group again.
     * \param mif the interface
     */
    void InterfaceUp(MldInterface& mif);

    /**
     * \brief The interface went down: stop every timer, keep the records.
     * \param mif the interface
     */
    void InterfaceDown(MldInterface& mif);

    /**
     * \brief Stop every timer and forget the records (purge on detach).
     * \param mif the interface
     */
    void Purge(MldInterface& mif);

    /**
     * \param group a multicast address
     * \return true if MLD messages are ever sent for it: not ff02::1,
     *         scope link-local or wider (RFC 2710 §5)
     */
    static bool IsReportable(Ipv6Address group);

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
    /**
     * \brief After a change of a record's references: report it (v1 or v2) and remove
     * a record left with no reference.
     * \param mif the interface
     * \param group the group
     * \param before the interface state before the change (INCLUDE {}: no record)
     * \param created the record was created by this change
     * \param delayFirstReport RFC 4862 §5.4.2 delayed first report
     */
    void Apply(MldInterface& mif,
               Ipv6Address group,
               const MldSourceFilter& before,
               bool created,
               bool delayFirstReport);

    /**
     * \brief Create a record (in6_addmulti's allocation part).
     * \param mif the interface
     * \param group the group
     * \return the record
     */
    MldMembershipRecord& CreateRecord(MldInterface& mif, Ipv6Address group);

    /**
     * \brief Remove a record (in6m_destroy).
     * \param mif the interface
     * \param group the group
     */
    void DestroyRecord(MldInterface& mif, Ipv6Address group);

    /**
     * \brief Fold a change of interface state into the pending state-change report
     * (RFC 9777 §6.1) and send it now.
     * \param mif the interface
     * \param group the group
     * \param before state before
     * \param after state after
     * \param pending the pending report
     */
    void QueueStateChange(MldInterface& mif,
                          Ipv6Address group,
                          const MldSourceFilter& before,
                          const MldSourceFilter& after,
                          MldV2RecordState& pending);

    /**
     * \brief Send what is pending for a group, and schedule the next repeat.
     * \param mif the interface
     * \param group the group
     * \param current the interface state now
     * \param pending the pending report
     */
    void SendStateChange(MldInterface& mif,
                         Ipv6Address group,
                         const MldSourceFilter& current,
                         MldV2RecordState& pending);

    /**
     * \brief A state-change repeat timer fired.
     * \param interface IPv6 interface index
     * \param group the group
     */
    void RetransmitExpired(uint32_t interface, Ipv6Address group);

    /**
     * \brief The Older Version Querier Present timer fired: back to MLDv2 (RFC 9777 §8.2.1).
     * \param interface IPv6 interface index
     */
    void OlderQuerierExpired(uint32_t interface);

    /**
     * \brief The interface timer for a general query fired (RFC 9777 §6.3 rule 1).
     * \param interface IPv6 interface index
     */
    void GeneralResponseExpired(uint32_t interface);

    /**
     * \brief The current-state record of a group (RFC 9777 §6.3).
     * \param group the group
     * \param rec its record
     * \param record the record to fill
     * \return false if there is nothing to report
     */
    bool CurrentStateRecord(Ipv6Address group,
                            const MldMembershipRecord& rec,
                            MldAddressRecord& record) const;

    /**
     * \brief Cancel every MLDv2 timer and pending report of an interface.
     * \param mif the interface
     */
    void CancelV2(MldInterface& mif);

    /**
     * \brief Cancel every MLDv1 report timer of an interface.
     * \param mif the interface
     */
    void CancelV1(MldInterface& mif);

    /**
     * \param mif the interface
     * \return the Robustness Variable in use there (the querier's QRV if heard)
     */
    uint32_t GetRobustness(const MldInterface& mif) const;

    /**
     * \param rec the record
     * \return the MLDv2 part of the record, created if needed
     */
    static MldV2RecordState& V2(MldMembershipRecord& rec);

    /**
     * \brief Free the MLDv2 part of a record once it holds nothing: no socket filter, no
     * state-change transmission left, no pending source-specific response.
     *
     * A record whose reports have all gone out then costs what an MLDv1 record costs.
     * \param rec the record
     */
    static void ReleaseIdleV2(MldMembershipRecord& rec);

    /**
     * \brief Send the first report and arm the repeats (mld_start_listening).
     * \param mif the interface
     * \param group the group
     * \param rec its record
     */
    void StartListening(MldInterface& mif, Ipv6Address group, MldMembershipRecord& rec);

    /**
     * \brief A record's timer fired (mld_timeo).
     * \param interface IPv6 interface index
     * \param group the group
     */
    void TimerExpired(uint32_t interface, Ipv6Address group);

    /**
     * \brief Send a report and note that this node reported last.
     * \param mif the interface
     * \param group the group
     * \param rec its record
     */
    void SendReport(MldInterface& mif, Ipv6Address group, MldMembershipRecord& rec);

    /**
     * \brief Arm a record's timer.
     * \param mif the interface
     * \param group the group
     * \param rec its record
     * \param delay time until it fires
     */
    void StartTimer(MldInterface& mif, Ipv6Address group, MldMembershipRecord& rec, Time delay);

    /**
     * \brief Change a record's flag, tracing the change.
     * \param mif the interface
     * \param group the group
     * \param rec its record
     * \param flag the new flag
     */
    void SetFlag(MldInterface& mif,
                 Ipv6Address group,
                 MldMembershipRecord& rec,
                 MldListenerFlag flag);

    /**
     * \param max upper bound
     * \return a uniform random time in [0, max]
     */
    Time RandomDelay(Time max);

    MldProtocol* m_protocol{nullptr};   //!< owner (not a Ptr: it owns this object)
    uint32_t m_robustness;              //!< Robustness Variable
    Time m_unsolicitedReportInterval;   //!< Unsolicited Report Interval
    Time m_solicitedNodeJoinDelay;      //!< MAX_RTR_SOLICITATION_DELAY (RFC 4862)
    Time m_v2UnsolicitedReportInterval; //!< MLDv2 Unsolicited Report Interval
    Time m_queryInterval;               //!< assumed Query Interval (§9.2) for §8.2.1
    uint8_t m_version;                  //!< default version of new interfaces
    Ptr<UniformRandomVariable> m_rng;   //!< report delays

    TracedCallback<uint32_t, Ipv6Address> m_recordCreatedTrace;   //!< RecordCreated
    TracedCallback<uint32_t, Ipv6Address> m_recordDestroyedTrace; //!< RecordDestroyed
    TracedCallback<uint32_t, Ipv6Address, MldListenerFlag, MldListenerFlag>
        m_flagChangedTrace; //!< FlagChanged
};

} // namespace ns3

#endif /* MLD_LISTENER_H */
