/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_LISTENER_H
#define MLD_LISTENER_H

#include "mld-interface.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

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
    void SetFlag(MldInterface& mif, Ipv6Address group, MldMembershipRecord& rec, MldListenerFlag flag);

    /**
     * \param max upper bound
     * \return a uniform random time in [0, max]
     */
    Time RandomDelay(Time max);

    MldProtocol* m_protocol{nullptr};          //!< owner (not a Ptr: it owns this object)
    uint32_t m_robustness;                     //!< Robustness Variable
    Time m_unsolicitedReportInterval;          //!< Unsolicited Report Interval
    Time m_solicitedNodeJoinDelay;             //!< MAX_RTR_SOLICITATION_DELAY (RFC 4862)
    Ptr<UniformRandomVariable> m_rng;          //!< report delays

    TracedCallback<uint32_t, Ipv6Address> m_recordCreatedTrace;   //!< RecordCreated
    TracedCallback<uint32_t, Ipv6Address> m_recordDestroyedTrace; //!< RecordDestroyed
    TracedCallback<uint32_t, Ipv6Address, MldListenerFlag, MldListenerFlag>
        m_flagChangedTrace; //!< FlagChanged
};

} // namespace ns3

#endif /* MLD_LISTENER_H */
