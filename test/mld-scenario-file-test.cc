/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Scenario files (helper/mld-scenario*.h): every scenario of examples/scenarios/ runs with all
// its expectations holding; bad files get an error naming file, line and problem; a scenario
// built in C++ (no YAML) gives a failing verdict when its expectation does not hold.

#include "mld-test-util.h"

#include "ns3/mld-scenario.h"

#ifdef MLD_HAVE_YAML_CPP
#include "ns3/mld-scenario-yaml.h"
#endif

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace mldtest;

namespace
{

/// A LAN of a router and two hosts, built in C++: h1 joins ff1e::1 at 1 s.
MldScenario
SmallLan()
{
    MldScenario s;
    s.name = "small-lan";
    s.duration = Seconds(10);
    MldScenarioNode router;
    router.name = "r";
    router.role = MldScenarioNode::ROUTER;
    MldScenarioNode h1;
    h1.name = "h1";
    MldScenarioNode h2;
    h2.name = "h2";
    s.nodes = {router, h1, h2};
    MldScenarioLink lan;
    lan.name = "lan";
    lan.nodes = {"r", "h1", "h2"};
    s.links = {lan};
    MldScenarioEvent join;
    join.kind = MldScenarioEvent::JOIN;
    join.node = "h1";
    join.group = Ipv6Address("ff1e::1");
    join.at = Seconds(1);
    s.events = {join};
    return s;
}

/// A listeners expectation on r for ff1e::1 at `at`.
MldScenarioExpectation
Listeners(Time at, bool present)
{
    MldScenarioExpectation e;
    e.kind = MldScenarioExpectation::LISTENERS;
    e.node = "r";
    e.group = Ipv6Address("ff1e::1");
    e.at = at;
    e.present = present;
    e.text = present ? "present" : "absent";
    return e;
}

} // namespace

BOOST_AUTO_TEST_SUITE(mld_scenario_file)

BOOST_FIXTURE_TEST_CASE(cxx_scenario_verdicts_follow_the_run, SeededSimulationFixture)
{
    MldScenario s = SmallLan();
    s.expectations = {Listeners(Seconds(5), true),   // holds: h1 joined at 1 s
                      Listeners(Seconds(0.5), true), // fails: nobody has joined yet
                      Listeners(Seconds(5), false)}; // fails: the group is there
    std::vector<MldScenarioVerdict> v = MldScenarioRunner::Run(s);
    BOOST_REQUIRE_EQUAL(v.size(), 3u);
    BOOST_CHECK_MESSAGE(v[0].passed, v[0].detail);
    BOOST_CHECK_MESSAGE(!v[1].passed, v[1].detail);
    BOOST_CHECK_MESSAGE(!v[2].passed, v[2].detail);
    BOOST_CHECK(!MldScenarioRunner::AllPassed(v));

    std::ostringstream summary;
    MldScenarioRunner::PrintSummary(summary, s, v);
    BOOST_CHECK_NE(summary.str().find("FAIL small-lan: 1 of 3 expectations hold"),
                   std::string::npos);
    std::ostringstream junit;
    MldScenarioRunner::WriteJUnit(junit, s, v);
    BOOST_CHECK_NE(junit.str().find("tests=\"3\" failures=\"2\""), std::string::npos);
    BOOST_CHECK_NE(junit.str().find("<failure message=\"no entry\"/>"), std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(cxx_scenario_counts_messages_and_data, SeededSimulationFixture)
{
    MldScenario s = SmallLan();
    MldScenarioEvent send;
    send.kind = MldScenarioEvent::SEND;
    send.node = "r";
    send.group = Ipv6Address("ff1e::1");
    send.start = Seconds(2);
    send.stop = Seconds(4);
    send.rate = 10;
    s.events.push_back(send);
    MldScenarioExpectation reports;
    reports.kind = MldScenarioExpectation::MESSAGES;
    reports.link = "lan";
    reports.messageType = "report";
    reports.checkGroup = true;
    reports.group = Ipv6Address("ff1e::1");
    reports.from = Seconds(0);
    reports.to = Seconds(2);
    reports.min = 1; // the unsolicited report at 1 s (its repetition comes later, at random)
    reports.max = 1;
    MldScenarioExpectation h1;
    h1.kind = MldScenarioExpectation::RECEIVES;
    h1.node = "h1";
    h1.group = Ipv6Address("ff1e::1");
    h1.from = Seconds(0);
    h1.to = Seconds(10);
    h1.min = 19; // 10 packets a second from 2 s to 4 s (OnOff: 19 or 20)
    h1.max = 20;
    MldScenarioExpectation h2 = h1;
    h2.node = "h2";
    h2.min = 0;
    h2.max = 0;
    s.expectations = {reports, h1, h2};
    std::vector<MldScenarioVerdict> v = MldScenarioRunner::Run(s);
    BOOST_REQUIRE_EQUAL(v.size(), 3u);
    for (const MldScenarioVerdict& verdict : v)
    {
        BOOST_CHECK_MESSAGE(verdict.passed, verdict.name << ": " << verdict.detail);
    }
}

BOOST_AUTO_TEST_CASE(cxx_scenario_validation_names_the_problem)
{
    MldScenario s = SmallLan();
    s.events[0].node = "h9";
    s.events[0].where = {"x.yaml", 7, 5};
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s),
                          MldScenarioError,
                          [](const MldScenarioError& e) {
                              return std::string(e.what()) == "x.yaml:7:5: unknown node 'h9'";
                          });
    s = SmallLan();
    s.events[0].at = Seconds(11);
    BOOST_CHECK_THROW(MldScenarioRunner::Validate(s), MldScenarioError);
}

BOOST_FIXTURE_TEST_CASE(given_addresses_are_used_and_the_others_numbered, SeededSimulationFixture)
{
    // h1's address is given, h2's is <prefix>::3 (the third node); both send data, whose
    // IPv6 source addresses the pcaps then show.
    MldScenario s = SmallLan();
    s.links[0].prefix = "2001:db8:77::";
    s.links[0].addresses = {{"h1", "2001:db8:77::abcd", {}}};
    for (const char* sender : {"h1", "h2"})
    {
        MldScenarioEvent send;
        send.kind = MldScenarioEvent::SEND;
        send.node = sender;
        send.group = Ipv6Address("ff1e::1");
        send.start = Seconds(2);
        send.stop = Seconds(3);
        s.events.push_back(send);
    }
    char dirTemplate[] = "/tmp/mld-scenario-addresses-XXXXXX";
    BOOST_REQUIRE(mkdtemp(dirTemplate) != nullptr);
    const std::string dir = dirTemplate;
    MldScenarioRunner::Run(s, dir);
    std::vector<uint8_t> bytes;
    if (DIR* d = opendir(dir.c_str()))
    {
        while (dirent* entry = readdir(d))
        {
            if (entry->d_name[0] == '.')
            {
                continue;
            }
            std::vector<uint8_t> file = ReadFileBytes(dir + "/" + entry->d_name);
            bytes.insert(bytes.end(), file.begin(), file.end());
        }
        closedir(d);
    }
    BOOST_REQUIRE(!bytes.empty());
    auto seen = [&bytes](const char* text) {
        uint8_t address[16];
        Ipv6Address(text).GetBytes(address);
        return std::search(bytes.begin(), bytes.end(), address, address + 16) != bytes.end();
    };
    BOOST_CHECK(seen("2001:db8:77::abcd"));
    BOOST_CHECK(seen("2001:db8:77::3"));
    BOOST_CHECK(!seen("2001:db8:77::2")); // h1's numbered address, which the given one replaces
    std::system(("rm -rf '" + dir + "'").c_str());
}

BOOST_AUTO_TEST_CASE(given_address_validation_names_the_problem)
{
    auto errorOf = [](const MldScenarioLinkAddress& a) {
        MldScenario s = SmallLan();
        s.links[0].addresses = {a};
        try
        {
            MldScenarioRunner::Validate(s);
        }
        catch (const MldScenarioError& e)
        {
            return std::string(e.what());
        }
        return std::string();
    };
    const MldScenarioPosition at{"x.yaml", 9, 3};
    BOOST_CHECK_EQUAL(errorOf({"h1", "2001:db8:1::99", at}), "");
    BOOST_CHECK_EQUAL(errorOf({"h9", "2001:db8:1::99", at}),
                      "x.yaml:9:3: node 'h9' is not on link 'lan'");
    BOOST_CHECK_EQUAL(errorOf({"h1", "ff1e::1", at}), "x.yaml:9:3: bad unicast address 'ff1e::1'");
    BOOST_CHECK_EQUAL(errorOf({"h1", "::", at}), "x.yaml:9:3: bad unicast address '::'");
    BOOST_CHECK_EQUAL(
        errorOf({"h1", "2001:db8:2::1", at}),
        "x.yaml:9:3: address '2001:db8:2::1' is not in the prefix of link 'lan' (2001:db8:1::/64)");
    // h1 given r's numbered address (<prefix>::1)
    BOOST_CHECK_EQUAL(errorOf({"h1", "2001:db8:1::1", at}),
                      "<scenario>: nodes 'r' and 'h1' would both have 2001:db8:1::1 on link 'lan'");
    BOOST_CHECK_EQUAL(errorOf({"h1", "2001:db8:1::2", at}), ""); // its own numbered address
}

namespace
{

/// SmallLan plus a LEAVE of ff1e::1 by h1 at `at`.
MldScenarioEvent
Leave(Time at)
{
    MldScenarioEvent leave;
    leave.kind = MldScenarioEvent::LEAVE;
    leave.node = "h1";
    leave.group = Ipv6Address("ff1e::1");
    leave.at = at;
    return leave;
}

/// A listeners expectation on r for ff1e::1 throughout [from, to].
MldScenarioExpectation
ListenersWindow(Time from, Time to, bool present)
{
    MldScenarioExpectation e = Listeners(Seconds(0), present);
    e.window = true;
    e.from = from;
    e.to = to;
    return e;
}

/// A latency expectation of h1 for ff1e::1 (router r, unless to data).
MldScenarioExpectation
Latency(MldScenarioExpectation::Kind kind, Time bound, bool untilData = false)
{
    MldScenarioExpectation e;
    e.kind = kind;
    e.node = "h1";
    e.group = Ipv6Address("ff1e::1");
    e.router = untilData ? "" : "r";
    e.untilData = untilData;
    e.bound = bound;
    e.text = "latency";
    return e;
}

} // namespace

BOOST_FIXTURE_TEST_CASE(listeners_window_is_checked_at_every_change, SeededSimulationFixture)
{
    // h1 joins at 1 s, leaves at 4 s (the router removes the group about 2 s later, after its
    // Last Listener Queries) and joins again at 7 s. Sampled at 3 s and 9 s the group is
    // there; checked at every change, the window [2 s, 9 s] fails when the group goes.
    MldScenario s = SmallLan();
    s.events.push_back(Leave(Seconds(4)));
    MldScenarioEvent rejoin = s.events[0];
    rejoin.at = Seconds(7);
    s.events.push_back(rejoin);
    s.expectations = {ListenersWindow(Seconds(2), Seconds(9), true),      // fails: gone at ~6 s
                      ListenersWindow(Seconds(2), Seconds(4), true),      // holds
                      ListenersWindow(Seconds(6.5), Seconds(6.9), false), // holds: gone
                      ListenersWindow(Seconds(7.5), Seconds(10), true),   // holds: back
                      ListenersWindow(Seconds(0), Seconds(10), false),    // fails: at 1 s
                      Listeners(Seconds(3), true),                        // sampled: holds
                      Listeners(Seconds(9), true)};                       // sampled: holds
    std::vector<MldScenarioVerdict> v = MldScenarioRunner::Run(s);
    BOOST_REQUIRE_EQUAL(v.size(), 7u);
    BOOST_CHECK_MESSAGE(!v[0].passed, v[0].detail);
    BOOST_CHECK_MESSAGE(v[0].detail.rfind("at 6.", 0) == 0, v[0].detail);
    BOOST_CHECK_NE(v[0].detail.find("no entry"), std::string::npos);
    BOOST_CHECK_MESSAGE(v[1].passed, v[1].detail);
    BOOST_CHECK_MESSAGE(v[2].passed, v[2].detail);
    BOOST_CHECK_MESSAGE(v[3].passed, v[3].detail);
    BOOST_CHECK_MESSAGE(!v[4].passed, v[4].detail);
    BOOST_CHECK_MESSAGE(v[4].detail.rfind("at 1.0000", 0) == 0, v[4].detail);
    BOOST_CHECK_MESSAGE(v[5].passed && v[6].passed, v[5].detail << "; " << v[6].detail);
}

BOOST_FIXTURE_TEST_CASE(join_and_leave_latencies_are_measured, SeededSimulationFixture)
{
    MldScenario s = SmallLan();
    s.events.push_back(Leave(Seconds(5)));
    MldScenarioEvent send;
    send.kind = MldScenarioEvent::SEND;
    send.node = "r";
    send.group = Ipv6Address("ff1e::1");
    send.start = Seconds(0.55); // packets 100 ms apart, none at the join (1 s)
    send.stop = Seconds(9);
    send.rate = 10;
    s.events.push_back(send);
    using K = MldScenarioExpectation;
    s.expectations = {
        Latency(K::JOIN_LATENCY, MilliSeconds(10)),        // the unsolicited report: microseconds
        Latency(K::JOIN_LATENCY, MicroSeconds(1)),         // fails
        Latency(K::JOIN_LATENCY, MilliSeconds(150), true), // next packet of 10 a second
        Latency(K::JOIN_LATENCY, MilliSeconds(1), true),   // fails: the packets are 100 ms apart
        Latency(K::LEAVE_LATENCY, Seconds(2.5)), // Last Listener Query: 2 x 1 s, then removal
        Latency(K::LEAVE_LATENCY, Seconds(1.5)), // fails
    };
    std::vector<MldScenarioVerdict> v = MldScenarioRunner::Run(s);
    BOOST_REQUIRE_EQUAL(v.size(), 6u);
    std::vector<bool> expected{true, false, true, false, true, false};
    for (size_t i = 0; i < v.size(); ++i)
    {
        BOOST_CHECK_MESSAGE(v[i].passed == expected[i], i << ": " << v[i].detail);
        BOOST_CHECK_MESSAGE(v[i].detail.rfind("latency ", 0) == 0, i << ": " << v[i].detail);
    }
    // RFC 2710 §7.8: removal after Last Listener Query Count x Last Listener Query Interval.
    BOOST_CHECK_MESSAGE(v[4].detail.rfind("latency 2.0", 0) == 0, v[4].detail);

    // No leave of a group that stays: the latency is not measured, and says so.
    s = SmallLan();
    s.events.push_back(Leave(Seconds(5)));
    MldScenarioEvent h2 = s.events[0];
    h2.node = "h2";
    s.events.push_back(h2);
    s.expectations = {Latency(K::LEAVE_LATENCY, Seconds(5))};
    v = MldScenarioRunner::Run(s);
    BOOST_REQUIRE_EQUAL(v.size(), 1u);
    BOOST_CHECK(!v[0].passed);
    BOOST_CHECK_MESSAGE(v[0].detail.rfind("not removed before the end of the run", 0) == 0,
                        v[0].detail);
}

BOOST_FIXTURE_TEST_CASE(stopped_router_is_silent_and_forgets, SeededSimulationFixture)
{
    // r stops at 3 s and starts at 8 s: no queries and no table while stopped; after the
    // start its Startup Query brings h1's report and the group back.
    MldScenario s = SmallLan();
    s.duration = Seconds(25);
    MldScenarioEvent stop;
    stop.kind = MldScenarioEvent::STOP;
    stop.node = "r";
    stop.at = Seconds(3);
    MldScenarioEvent start = stop;
    start.kind = MldScenarioEvent::START;
    start.at = Seconds(8);
    s.events.push_back(stop);
    s.events.push_back(start);
    MldScenarioExpectation queries;
    queries.kind = MldScenarioExpectation::MESSAGES;
    queries.link = "lan";
    queries.messageType = "query";
    queries.from = Seconds(3);
    queries.to = Seconds(8);
    queries.max = 0;
    MldScenarioExpectation restartQueries = queries;
    restartQueries.from = Seconds(8);
    restartQueries.to = Seconds(11); // after DAD of its link-local address (1 s)
    restartQueries.min = 1;
    restartQueries.max = 1;
    s.expectations = {ListenersWindow(Seconds(3), Seconds(8), false),
                      queries,
                      restartQueries,
                      ListenersWindow(Seconds(19), Seconds(25), true),
                      ListenersWindow(Seconds(2), Seconds(25), true)}; // fails: gone at 3 s
    std::vector<MldScenarioVerdict> v = MldScenarioRunner::Run(s);
    BOOST_REQUIRE_EQUAL(v.size(), 5u);
    for (size_t i = 0; i < 4; ++i)
    {
        BOOST_CHECK_MESSAGE(v[i].passed, i << ": " << v[i].detail);
    }
    BOOST_CHECK_MESSAGE(!v[4].passed, v[4].detail);
    BOOST_CHECK_MESSAGE(v[4].detail.rfind("at 3 s: no entry", 0) == 0, v[4].detail);
}

BOOST_AUTO_TEST_CASE(stop_and_start_validation)
{
    MldScenario s = SmallLan();
    MldScenarioEvent stop;
    stop.kind = MldScenarioEvent::STOP;
    stop.node = "h1";
    stop.at = Seconds(0.5);
    stop.where = {"x.yaml", 9, 5};
    s.events.push_back(stop);
    // h1's join at 1 s falls while it is stopped
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s),
                          MldScenarioError,
                          [](const MldScenarioError& e) {
                              return std::string(e.what()).find("node 'h1' is stopped from 0.5") !=
                                     std::string::npos;
                          });
    MldScenarioEvent start = stop;
    start.kind = MldScenarioEvent::START;
    start.at = Seconds(0.9);
    s.events.push_back(start);
    BOOST_CHECK_NO_THROW(MldScenarioRunner::Validate(s));
    s.events.back().at = Seconds(1); // the join at the start's time is refused too
    BOOST_CHECK_THROW(MldScenarioRunner::Validate(s), MldScenarioError);
    s.events.back().at = Seconds(0.9);
    s.events.push_back(start); // started twice
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s),
                          MldScenarioError,
                          [](const MldScenarioError& e) {
                              return std::string(e.what()).find("is running already") !=
                                     std::string::npos;
                          });
    s.events.pop_back();
    stop.node = "r";
    stop.at = Seconds(2); // a send of r from 3 s meets r's stop (to the end of the run)
    s.events.push_back(stop);
    MldScenarioEvent send;
    send.kind = MldScenarioEvent::SEND;
    send.node = "r";
    send.group = Ipv6Address("ff1e::1");
    send.start = Seconds(3);
    send.stop = Seconds(4);
    s.events.push_back(send);
    BOOST_CHECK_THROW(MldScenarioRunner::Validate(s), MldScenarioError);
}

BOOST_FIXTURE_TEST_CASE(interface_attributes_apply_to_that_interface_only, SeededSimulationFixture)
{
    // r on two LANs; a 4 s Query Interval on lan2 only: General Queries every 4 s there,
    // none on lan (default 125 s, Startup Queries 31.25 s apart) after the first.
    MldScenario s = SmallLan();
    s.duration = Seconds(30);
    MldScenarioNode h3;
    h3.name = "h3";
    s.nodes.push_back(h3);
    MldScenarioLink lan2;
    lan2.name = "lan2";
    lan2.nodes = {"r", "h3"};
    s.links.push_back(lan2);
    MldScenarioInterface fast;
    fast.link = "lan2";
    fast.attributes = {{"ns3::MldQuerier::QueryInterval", "4s", {}},
                       {"ns3::MldQuerier::QueryResponseInterval", "1s", {}}};
    s.nodes[0].interfaces = {fast};
    MldScenarioExpectation queries;
    queries.kind = MldScenarioExpectation::MESSAGES;
    queries.link = "lan2";
    queries.messageType = "query";
    queries.checkGroup = true;
    queries.group = Ipv6Address::GetAny();
    queries.from = Seconds(10);
    queries.to = Seconds(30);
    queries.min = 5;
    queries.max = 5;
    MldScenarioExpectation other = queries;
    other.link = "lan";
    other.min = 0;
    other.max = 0;
    s.expectations = {queries, other};
    std::vector<MldScenarioVerdict> v = MldScenarioRunner::Run(s);
    BOOST_REQUIRE_EQUAL(v.size(), 2u);
    BOOST_CHECK_MESSAGE(v[0].passed, v[0].detail);
    BOOST_CHECK_MESSAGE(v[1].passed, v[1].detail);

    // What an interface may not take.
    MldScenario bad = s;
    bad.nodes[0].interfaces[0].attributes.push_back(
        {"ns3::MldProtocol::StrictCodeCheck", "true", {}});
    auto says = [](const std::string& what) {
        return [what](const MldScenarioError& e) {
            return std::string(e.what()).find(what) != std::string::npos;
        };
    };
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(bad),
                          MldScenarioError,
                          says("is one per node"));
    bad = s;
    bad.nodes[3].interfaces = {fast}; // h3 is a host: no querier
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(bad),
                          MldScenarioError,
                          says("has no router part on link 'lan2'"));
    bad = s;
    bad.nodes[1].interfaces = {fast}; // h1 is not on lan2
    bad.nodes[1].interfaces[0].attributes = {{"ns3::MldListener::Version", "MLDv2", {}}};
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(bad),
                          MldScenarioError,
                          says("node 'h1' is not on link 'lan2'"));
    bad = s;
    bad.nodes[0].interfaces[0].attributes[1].value = "5s"; // longer than the Query Interval
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(bad),
                          MldScenarioError,
                          says("impossible querier timers"));
    bad = s;
    bad.nodes[0].interfaces.push_back(fast);
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(bad), MldScenarioError, says("twice"));
}

namespace
{

/// A router and three hosts around a snooping switch sw; h1 joins ff1e::1 at 1 s, r sends
/// to it from 2 s to 6 s.
MldScenario
SmallSwitch()
{
    MldScenario s = SmallLan();
    MldScenarioNode h3;
    h3.name = "h3";
    MldScenarioNode sw;
    sw.name = "sw";
    sw.role = MldScenarioNode::BRIDGE;
    s.nodes.push_back(h3);
    s.nodes.push_back(sw);
    s.links[0].type = MldScenarioLink::SWITCH;
    s.links[0].bridge = "sw";
    s.links[0].nodes = {"r", "h1", "h2", "h3"};
    MldScenarioEvent send;
    send.kind = MldScenarioEvent::SEND;
    send.node = "r";
    send.group = Ipv6Address("ff1e::1");
    send.start = Seconds(2);
    send.stop = Seconds(6);
    s.events.push_back(send);
    return s;
}

/// An expectation about the port of sw that leads to `port`.
MldScenarioExpectation
OnPort(MldScenarioExpectation::Kind kind, const std::string& port, bool present)
{
    MldScenarioExpectation e;
    e.kind = kind;
    e.node = "sw";
    e.port = port;
    e.group = Ipv6Address("ff1e::1");
    e.at = Seconds(5);
    e.present = present;
    e.from = Seconds(0);
    e.to = Seconds(10);
    if (kind == MldScenarioExpectation::FORWARDS)
    {
        e.min = present ? 35 : 0; // 10 a second from 2 s to 6 s
        e.max = present ? 40 : 0;
    }
    e.text = port;
    return e;
}

} // namespace

BOOST_FIXTURE_TEST_CASE(switch_link_snoops_and_forwards_to_members_only, SeededSimulationFixture)
{
    using K = MldScenarioExpectation;
    MldScenario s = SmallSwitch();
    s.expectations = {OnPort(K::MDB, "h1", true),
                      OnPort(K::MDB, "h2", false),
                      OnPort(K::FORWARDS, "h1", true),
                      OnPort(K::FORWARDS, "h2", false),
                      OnPort(K::FORWARDS, "h3", false),
                      OnPort(K::MDB, "h3", true)}; // fails: h3 never joins
    std::vector<MldScenarioVerdict> v = MldScenarioRunner::Run(s);
    BOOST_REQUIRE_EQUAL(v.size(), 6u);
    for (size_t i = 0; i < 5; ++i)
    {
        BOOST_CHECK_MESSAGE(v[i].passed, i << ": " << v[i].detail);
    }
    BOOST_CHECK_MESSAGE(!v[5].passed && v[5].detail == "port 3 not a member", v[5].detail);

    // The bridge's attributes by name: without snooping it floods (h2's and h3's ports too).
    s.nodes.back().attributes = {{"ns3::MldSnoopingBridgeNetDevice::Snooping", "false", {}}};
    s.expectations = {OnPort(K::FORWARDS, "h3", true), OnPort(K::MDB, "h1", false)};
    v = MldScenarioRunner::Run(s);
    BOOST_REQUIRE_EQUAL(v.size(), 2u);
    BOOST_CHECK_MESSAGE(v[0].passed, v[0].detail);
    BOOST_CHECK_MESSAGE(v[1].passed, v[1].detail);
}

BOOST_FIXTURE_TEST_CASE(bridge_drops_are_recorded, SeededSimulationFixture)
{
    // The hosts' first reports go from :: while DAD runs (RFC 3590); the bridge does not
    // learn from them and traces them as BAD_SOURCE drops, which `drops` on sw counts.
    using K = MldScenarioExpectation;
    MldScenario s = SmallSwitch();
    MldScenarioExpectation drops;
    drops.kind = K::DROPS;
    drops.node = "sw";
    drops.dropReason = "BAD_SOURCE";
    drops.from = Seconds(0);
    drops.to = Seconds(10);
    drops.min = 1;
    drops.text = "sw BAD_SOURCE";
    MldScenarioExpectation none = drops;
    none.dropReason = "any";
    none.from = Seconds(5);
    none.min = 0;
    none.max = 0;
    none.text = "sw none after 5 s";
    s.expectations = {drops, none};
    std::vector<MldScenarioVerdict> v = MldScenarioRunner::Run(s);
    BOOST_REQUIRE_EQUAL(v.size(), 2u);
    BOOST_CHECK_MESSAGE(v[0].passed, v[0].detail);
    BOOST_CHECK_MESSAGE(v[0].detail.find("BAD_SOURCE on sw") != std::string::npos, v[0].detail);
    BOOST_CHECK_MESSAGE(v[1].passed, v[1].detail);

    // A port is for mdb and forwards; drops on a bridge count all its ports.
    drops.port = "h1";
    s.expectations = {drops};
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s),
                          MldScenarioError,
                          [](const MldScenarioError& e) {
                              return std::string(e.what()).find(
                                         "'port' is for mdb and forwards expectations") !=
                                     std::string::npos;
                          });
}

BOOST_AUTO_TEST_CASE(switch_validation_names_the_problem)
{
    using K = MldScenarioExpectation;
    auto says = [](const std::string& what) {
        return [what](const MldScenarioError& e) {
            return std::string(e.what()).find(what) != std::string::npos;
        };
    };
    MldScenario good = SmallSwitch();
    good.expectations = {OnPort(K::MDB, "h1", true)};
    BOOST_CHECK_NO_THROW(MldScenarioRunner::Validate(good));
    MldScenario s = good;
    s.links[0].nodes.push_back("sw");
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s), MldScenarioError, says("is a bridge"));
    s = good;
    s.links[0].bridge = "";
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s),
                          MldScenarioError,
                          says("needs a 'bridge' node"));
    s = good;
    s.links[0].bridge = "r";
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s), MldScenarioError, says("not a bridge"));
    s = good;
    s.nodes.back().attributes = {{"ns3::MldQuerier::QueryInterval", "5s", {}}};
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s),
                          MldScenarioError,
                          says("is not for a bridge"));
    s = good;
    s.nodes[0].attributes = {{"ns3::MldSnoopingBridgeNetDevice::Snooping", "false", {}}};
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s), MldScenarioError, says("bridges only"));
    s = good;
    s.expectations[0].port = "h9";
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s), MldScenarioError, says("no port to"));
    s = good;
    s.expectations[0].node = "r";
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s),
                          MldScenarioError,
                          says("needs a bridge node"));
    s = good;
    s.events[0].node = "sw";
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s),
                          MldScenarioError,
                          says("it has no IP, no events"));
}

#ifdef MLD_HAVE_WIFI
BOOST_FIXTURE_TEST_CASE(wifi_links_carry_mld_and_data, SeededSimulationFixture)
{
    // SmallLan on Wi-Fi: infrastructure (r the access point), then ad hoc. h1 joins at 2 s,
    // r sends from 3 s to 5 s: h1 gets the data, h2 does not count it, r lists the group.
    for (bool infrastructure : {true, false})
    {
        const std::string mode = infrastructure ? "infrastructure" : "ad hoc";
        BOOST_TEST_CONTEXT(mode)
        {
            MldScenario s = SmallLan();
            s.links[0].type = MldScenarioLink::WIFI;
            s.links[0].ap = infrastructure ? "r" : "";
            s.events[0].at = Seconds(2); // after DAD (reports from :: are dropped)
            MldScenarioEvent send;
            send.kind = MldScenarioEvent::SEND;
            send.node = "r";
            send.group = Ipv6Address("ff1e::1");
            send.start = Seconds(3);
            send.stop = Seconds(5);
            s.events.push_back(send);
            MldScenarioExpectation h1;
            h1.kind = MldScenarioExpectation::RECEIVES;
            h1.node = "h1";
            h1.group = Ipv6Address("ff1e::1");
            h1.from = Seconds(0);
            h1.to = Seconds(10);
            h1.min = 19;
            h1.max = 20;
            MldScenarioExpectation h2 = h1;
            h2.node = "h2";
            h2.min = 0;
            h2.max = 0;
            s.expectations = {h1, h2, ListenersWindow(Seconds(2.5), Seconds(10), true)};
            std::vector<MldScenarioVerdict> v = MldScenarioRunner::Run(s);
            BOOST_REQUIRE_EQUAL(v.size(), 3u);
            for (const MldScenarioVerdict& verdict : v)
            {
                BOOST_CHECK_MESSAGE(verdict.passed, verdict.name << ": " << verdict.detail);
            }
        }
    }
}
#endif

BOOST_AUTO_TEST_CASE(wifi_and_send_validation)
{
    auto says = [](const std::string& what) {
        return [what](const MldScenarioError& e) {
            return std::string(e.what()).find(what) != std::string::npos;
        };
    };
    MldScenario s = SmallLan();
    s.links[0].type = MldScenarioLink::WIFI;
#ifdef MLD_HAVE_WIFI
    BOOST_CHECK_NO_THROW(MldScenarioRunner::Validate(s));
    s.links[0].ap = "h9";
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s), MldScenarioError, says("not on link"));
    s.links[0].ap = "r";
    s.links[0].spacing = 0;
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s), MldScenarioError, says("'spacing'"));
    s.links[0].spacing = 5;
    MldScenarioLink other = s.links[0];
    other.name = "other";
    other.nodes = {"h1", "h2"};
    other.ap = "";
    s.links.push_back(other);
    s.events[0].link = "lan";
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s),
                          MldScenarioError,
                          says("is on two Wi-Fi links"));
#else
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s), MldScenarioError, says("no Wi-Fi"));
#endif
    // A sender's multicast route is out of one interface.
    s = SmallLan();
    MldScenarioLink lan2 = s.links[0];
    lan2.name = "lan2";
    lan2.nodes = {"r", "h2"};
    s.links.push_back(lan2);
    s.events[0].link = "lan";
    MldScenarioEvent send;
    send.kind = MldScenarioEvent::SEND;
    send.node = "r";
    send.link = "lan";
    send.group = Ipv6Address("ff1e::1");
    send.start = Seconds(2);
    send.stop = Seconds(4);
    s.events.push_back(send);
    BOOST_CHECK_NO_THROW(MldScenarioRunner::Validate(s));
    send.link = "lan2";
    s.events.push_back(send);
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s),
                          MldScenarioError,
                          says("sends out of another interface already"));
}

BOOST_AUTO_TEST_CASE(latency_validation_names_the_problem)
{
    using K = MldScenarioExpectation;
    MldScenario s = SmallLan();
    s.expectations = {Latency(K::LEAVE_LATENCY, Seconds(1))};
    s.expectations[0].where = {"x.yaml", 3, 4};
    BOOST_CHECK_EXCEPTION(MldScenarioRunner::Validate(s),
                          MldScenarioError,
                          [](const MldScenarioError& e) {
                              return std::string(e.what()) ==
                                     "x.yaml:3:4: no leave of ff1e::1 by node 'h1' to measure from";
                          });
    s.expectations = {Latency(K::JOIN_LATENCY, Seconds(1))};
    s.events.push_back(s.events[0]);
    s.events.back().at = Seconds(2);
    BOOST_CHECK_THROW(MldScenarioRunner::Validate(s), MldScenarioError); // two joins
    s.expectations[0].hasEventAt = true;
    s.expectations[0].at = Seconds(2);
    BOOST_CHECK_NO_THROW(MldScenarioRunner::Validate(s));
    s.expectations[0].router = "h2";
    BOOST_CHECK_THROW(MldScenarioRunner::Validate(s), MldScenarioError); // a host
    s.expectations[0].router = "r";
    s.expectations[0].bound = Seconds(0);
    BOOST_CHECK_THROW(MldScenarioRunner::Validate(s), MldScenarioError);
}

#ifdef MLD_HAVE_YAML_CPP

namespace
{

/// Folder of the scenario library.
std::string
ScenariosDir()
{
#ifdef MLD_SCENARIOS_DIR
    return MLD_SCENARIOS_DIR;
#else
    return TracesDir() + "/../../examples/scenarios"; // <module>/test/data in an ns-3 tree
#endif
}

/// The error MldScenarioParse gives for a text ("" if none).
std::string
ErrorOf(const std::string& text)
{
    try
    {
        MldScenarioParse(text, "bad.yaml");
    }
    catch (const MldScenarioError& e)
    {
        return e.what();
    }
    return "";
}

/// A valid scenario; tests replace one line to break it.
const std::string GOOD = "name: good\n"                                        // 1
                         "duration: 10s\n"                                     // 2
                         "nodes:\n"                                            // 3
                         "  - {name: r, role: router}\n"                       // 4
                         "  - {name: h1}\n"                                    // 5
                         "links:\n"                                            // 6
                         "  - {name: lan, nodes: [r, h1]}\n"                   // 7
                         "events:\n"                                           // 8
                         "  - {at: 1s, join: ff1e::1, node: h1}\n"             // 9
                         "  - {send: ff1e::1, node: r, start: 2s, stop: 5s}\n" // 10
                         "expect:\n"                                           // 11
                         "  - {listeners: ff1e::1, node: r, at: 5s}\n";        // 12

/// GOOD with line `line` (1-based) replaced.
std::string
WithLine(uint32_t line, const std::string& text)
{
    std::istringstream in(GOOD);
    std::ostringstream out;
    std::string l;
    for (uint32_t i = 1; std::getline(in, l); ++i)
    {
        out << (i == line ? text : l) << "\n";
    }
    return out.str();
}

/// Check that a broken file's error starts with bad.yaml:<line>: and says `what`.
void
CheckError(const std::string& text, uint32_t line, const std::string& what)
{
    std::string error = ErrorOf(text);
    std::string where = "bad.yaml:" + std::to_string(line) + ":";
    BOOST_CHECK_MESSAGE(error.rfind(where, 0) == 0,
                        "'" << error << "' does not start with " << where);
    BOOST_CHECK_MESSAGE(error.find(what) != std::string::npos,
                        "'" << error << "' does not say '" << what << "'");
}

} // namespace

BOOST_AUTO_TEST_CASE(good_text_parses)
{
    BOOST_CHECK_EQUAL(ErrorOf(GOOD), "");
    MldScenario s = MldScenarioParse(GOOD, "good.yaml");
    BOOST_CHECK_EQUAL(s.nodes.size(), 2u);
    BOOST_CHECK_EQUAL(s.events.size(), 2u);
    BOOST_REQUIRE_EQUAL(s.expectations.size(), 1u);
    BOOST_CHECK_EQUAL(s.expectations[0].where.line, 12u);
    BOOST_CHECK(s.expectations[0].at == Seconds(5));
}

BOOST_AUTO_TEST_CASE(bad_file_unknown_key)
{
    CheckError(WithLine(5, "  - {name: h1, colour: red}"), 5, "unknown key 'colour' in a node");
    CheckError(WithLine(2, "durration: 10s"), 2, "unknown key 'durration'");
    CheckError(WithLine(5, "  - {name: h1, name: h2}"), 5, "key 'name' given twice in a node");
}

BOOST_AUTO_TEST_CASE(bad_file_unknown_node)
{
    CheckError(WithLine(9, "  - {at: 1s, join: ff1e::1, node: h9}"), 9, "unknown node 'h9'");
    CheckError(WithLine(7, "  - {name: lan, nodes: [r, h1, h7]}"), 7, "unknown node 'h7'");
}

BOOST_AUTO_TEST_CASE(bad_file_time_out_of_order)
{
    CheckError(WithLine(10, "  - {send: ff1e::1, node: r, start: 5s, stop: 2s}"),
               10,
               "time out of order");
    CheckError(WithLine(12, "  - {listeners: ff1e::1, node: r, at: 11s}"),
               12,
               "after the end of the run");
}

BOOST_AUTO_TEST_CASE(bad_file_attribute)
{
    CheckError(WithLine(4,
                        "  - {name: r, role: router, attributes: "
                        "{\"ns3::MldQuerier::QueryInterval\": banana}}"),
               4,
               "impossible value 'banana' for attribute 'ns3::MldQuerier::QueryInterval'");
    CheckError(WithLine(4,
                        "  - {name: r, role: router, attributes: "
                        "{\"ns3::MldQuerier::QueryIntervall\": 1s}}"),
               4,
               "unknown attribute 'ns3::MldQuerier::QueryIntervall'");
    CheckError(WithLine(4,
                        "  - {name: r, role: router, attributes: "
                        "{\"ns3::MldQuerier::Version\": MLDv3}}"),
               4,
               "impossible value 'MLDv3' for attribute 'ns3::MldQuerier::Version'");
    // ns-3 aborts on an integer it cannot read whole: the reader must refuse it first.
    CheckError(WithLine(4,
                        "  - {name: r, role: router, attributes: "
                        "{\"ns3::MldQuerier::Robustness\": 2x}}"),
               4,
               "impossible value '2x' for attribute 'ns3::MldQuerier::Robustness'");
    // Each value is possible, together they are not (Query Response Interval > Query Interval).
    CheckError(WithLine(4,
                        "  - {name: r, role: router, attributes: "
                        "{\"ns3::MldQuerier::QueryInterval\": 1s, "
                        "\"ns3::MldQuerier::QueryResponseInterval\": 5s}}"),
               4,
               "impossible querier timers");
}

BOOST_AUTO_TEST_CASE(bad_file_values_and_syntax)
{
    CheckError(WithLine(9, "  - {at: soon, join: ff1e::1, node: h1}"), 9, "'at' must be a time");
    CheckError(WithLine(9, "  - {at: 1s, join: 2001:db8::1, node: h1}"),
               9,
               "not a multicast address");
    CheckError(WithLine(9, "  - {at: 1s, join: ff1e::1, node: h1}]"), 9, "YAML syntax error");
    CheckError(WithLine(12, "  - {listens: ff1e::1, node: r, at: 5s}"), 12, "unknown expectation");
}

BOOST_AUTO_TEST_CASE(listeners_window_and_latency_keys)
{
    MldScenario s = MldScenarioParse(
        WithLine(12,
                 "  - {listeners: ff1e::1, node: r, from: 2s, to: 8s}\n"
                 "  - {listeners: ff1e::1, node: r, from: 2s}\n"
                 "  - {join-latency: ff1e::1, node: h1, router: r, max: 50ms, at: 1s}\n"
                 "  - {join-latency: ff1e::1, node: h1, until: data, max: 2s}"),
        "good.yaml");
    BOOST_REQUIRE_EQUAL(s.expectations.size(), 4u);
    BOOST_CHECK(s.expectations[0].window);
    BOOST_CHECK(s.expectations[0].from == Seconds(2) && s.expectations[0].to == Seconds(8));
    BOOST_CHECK(s.expectations[1].window && s.expectations[1].to == Seconds(10));
    BOOST_CHECK(s.expectations[2].kind == MldScenarioExpectation::JOIN_LATENCY);
    BOOST_CHECK(s.expectations[2].bound == MilliSeconds(50));
    BOOST_CHECK(s.expectations[2].hasEventAt && s.expectations[2].at == Seconds(1));
    BOOST_CHECK(s.expectations[3].untilData);

    CheckError(WithLine(12, "  - {listeners: ff1e::1, node: r, to: 8s}"),
               12,
               "needs either 'at' or 'from'");
    CheckError(WithLine(12, "  - {listeners: ff1e::1, node: r, from: 8s, to: 2s}"),
               12,
               "time out of order");
    CheckError(WithLine(12, "  - {join-latency: ff1e::1, node: h1, router: r}"), 12, "needs 'max'");
    CheckError(WithLine(12, "  - {join-latency: ff1e::1, node: h1, max: 1s}"),
               12,
               "needs 'router'");
    CheckError(WithLine(12, "  - {join-latency: ff1e::1, node: h1, router: h1, max: 1s}"),
               12,
               "is a host");
    CheckError(WithLine(12, "  - {join-latency: ff1e::1, node: h1, router: r, max: 1s, at: 3s}"),
               12,
               "no join of ff1e::1 by node 'h1' at that time");
    CheckError(WithLine(12, "  - {join-latency: ff1e::1, node: h1, until: soon, max: 1s}"),
               12,
               "'until' must be listed or data");
    CheckError(
        WithLine(12, "  - {join-latency: ff1e::1, node: h1, until: data, router: r, max: 1s}"),
        12,
        "'until: data' is for join-latency");
}

BOOST_AUTO_TEST_CASE(stop_and_start_keys)
{
    MldScenario s = MldScenarioParse(WithLine(10,
                                              "  - {at: 2s, stop: r}\n"
                                              "  - {at: 4s, start: r}"),
                                     "good.yaml");
    BOOST_REQUIRE_EQUAL(s.events.size(), 3u);
    BOOST_CHECK(s.events[1].kind == MldScenarioEvent::STOP && s.events[1].node == "r");
    BOOST_CHECK(s.events[2].kind == MldScenarioEvent::START && s.events[2].at == Seconds(4));
    CheckError(WithLine(10, "  - {at: 2s, stop: r, node: r}"), 10, "unknown key 'node' in a stop");
    CheckError(WithLine(10, "  - {at: 2s, stop: r9}"), 10, "unknown node 'r9'");
    CheckError(WithLine(10, "  - {at: 2s, start: r}"), 10, "node 'r' is running already at 2");
    CheckError(WithLine(10, "  - {at: 0.5s, stop: h1}"), 9, "node 'h1' is stopped from 0.5");
}

BOOST_AUTO_TEST_CASE(interface_keys)
{
    MldScenario s =
        MldScenarioParse(WithLine(4,
                                  "  - {name: r, role: router, interfaces: {lan: {attributes: "
                                  "{\"ns3::MldQuerier::Version\": MLDv2}}}}"),
                         "good.yaml");
    BOOST_REQUIRE_EQUAL(s.nodes[0].interfaces.size(), 1u);
    BOOST_CHECK_EQUAL(s.nodes[0].interfaces[0].link, "lan");
    BOOST_REQUIRE_EQUAL(s.nodes[0].interfaces[0].attributes.size(), 1u);
    BOOST_CHECK_EQUAL(s.nodes[0].interfaces[0].attributes[0].value, "MLDv2");
    CheckError(WithLine(4, "  - {name: r, role: router, interfaces: {lan: {colour: red}}}"),
               4,
               "unknown key 'colour' in an interface");
    CheckError(WithLine(4, "  - {name: r, role: router, interfaces: [lan]}"),
               4,
               "'interfaces' must be a map");
    CheckError(WithLine(4,
                        "  - {name: r, role: router, interfaces: {wan: {attributes: "
                        "{\"ns3::MldQuerier::Version\": MLDv2}}}}"),
               4,
               "unknown link 'wan'");
    CheckError(WithLine(5,
                        "  - {name: h1, interfaces: {lan: {attributes: "
                        "{\"ns3::MldListener::Version\": MLDv3}}}}"),
               5,
               "impossible value 'MLDv3'");
}

BOOST_AUTO_TEST_CASE(switch_keys)
{
    const std::string text = "name: sw\n"
                             "duration: 10s\n"
                             "nodes:\n"
                             "  - {name: r, role: router}\n"
                             "  - {name: h1}\n"
                             "  - {name: sw, role: bridge, attributes: "
                             "{\"ns3::MldSnoopingBridgeNetDevice::Snooping\": false}}\n"
                             "links:\n"
                             "  - {name: lan, type: switch, bridge: sw, nodes: [r, h1]}\n"
                             "expect:\n"
                             "  - {listeners: ff1e::1, node: r, at: 5s, present: false}\n"
                             "  - {mdb: ff1e::1, node: sw, port: h1, at: 5s, present: false}\n"
                             "  - {forwards: ff1e::1, node: sw, port: r, min: 3}\n";
    MldScenario s = MldScenarioParse(text, "good.yaml");
    BOOST_REQUIRE_EQUAL(s.nodes.size(), 3u);
    BOOST_CHECK(s.nodes[2].role == MldScenarioNode::BRIDGE);
    BOOST_CHECK(s.links[0].type == MldScenarioLink::SWITCH && s.links[0].bridge == "sw");
    BOOST_REQUIRE_EQUAL(s.expectations.size(), 3u);
    BOOST_CHECK(s.expectations[1].kind == MldScenarioExpectation::MDB);
    BOOST_CHECK(!s.expectations[1].present && s.expectations[1].port == "h1");
    BOOST_CHECK_EQUAL(s.expectations[2].port, "r");
    CheckError(WithLine(7, "  - {name: lan, type: hub, nodes: [r, h1]}"),
               7,
               "unknown link type 'hub' (csma, p2p, switch, wifi)");
    CheckError(WithLine(12, "  - {mdb: ff1e::1, node: r, at: 5s}"), 12, "needs 'port'");
    CheckError(WithLine(12, "  - {mdb: ff1e::1, node: r, port: h1, at: 5s}"),
               12,
               "an mdb expectation needs a bridge node");
}

BOOST_AUTO_TEST_CASE(wifi_keys)
{
    const std::string wifi =
        WithLine(7, "  - {name: lan, type: wifi, ap: r, spacing: 2.5, nodes: [r, h1]}");
#ifdef MLD_HAVE_WIFI
    MldScenario s = MldScenarioParse(wifi, "good.yaml");
    BOOST_CHECK(s.links[0].type == MldScenarioLink::WIFI);
    BOOST_CHECK_EQUAL(s.links[0].ap, "r");
    BOOST_CHECK_EQUAL(s.links[0].spacing, 2.5);
#else
    CheckError(wifi, 7, "link 'lan': this build has no Wi-Fi");
#endif
    CheckError(WithLine(7, "  - {name: lan, type: wifi, spacing: far, nodes: [r, h1]}"),
               7,
               "'spacing' must be a distance in metres");
    CheckError(WithLine(7, "  - {name: lan, ap: r, nodes: [r, h1]}"),
               7,
               "'ap' is for links of type wifi");
}

BOOST_AUTO_TEST_CASE(addresses_keys)
{
    MldScenario s = MldScenarioParse(
        WithLine(7, "  - {name: lan, nodes: [r, h1], addresses: {h1: \"2001:db8:1::99\"}}"),
        "good.yaml");
    BOOST_REQUIRE_EQUAL(s.links[0].addresses.size(), 1u);
    BOOST_CHECK_EQUAL(s.links[0].addresses[0].node, "h1");
    BOOST_CHECK_EQUAL(s.links[0].addresses[0].address, "2001:db8:1::99");
    BOOST_CHECK_EQUAL(s.links[0].addresses[0].where.column, 45u);
    CheckError(WithLine(7, "  - {name: lan, nodes: [r, h1], addresses: [h1]}"),
               7,
               "'addresses' must be a map of node: address");
    CheckError(WithLine(7, "  - {name: lan, nodes: [r, h1], addresses: {h1: here}}"),
               7,
               "the address of 'h1': 'here' is not an IPv6 address");
    CheckError(WithLine(7, "  - {name: lan, nodes: [r, h1], addresses: {h2: \"2001:db8:1::9\"}}"),
               7,
               "node 'h2' is not on link 'lan'");
    CheckError(WithLine(7,
                        "  - {name: lan, nodes: [r, h1], addresses: {h1: \"2001:db8:1::9\", "
                        "h1: \"2001:db8:1::8\"}}"),
               7,
               "address of node 'h1' given twice");
}

BOOST_AUTO_TEST_CASE(missing_file_is_an_error)
{
    BOOST_CHECK_EXCEPTION(MldScenarioReadFile("/nonexistent/x.yaml"),
                          MldScenarioError,
                          [](const MldScenarioError& e) {
                              return std::string(e.what()) ==
                                     "/nonexistent/x.yaml: cannot read the file";
                          });
}

namespace
{

/// Folder of the bad scenario files.
std::string
BadScenariosDir()
{
#ifdef MLD_BAD_SCENARIOS_DIR
    return MLD_BAD_SCENARIOS_DIR;
#else
    return TracesDir() + "/../bad-scenarios"; // <module>/test/data in an ns-3 tree
#endif
}

/// The .yaml files of a folder, sorted.
std::vector<std::string>
YamlFiles(const std::string& folder)
{
    std::vector<std::string> files;
    if (DIR* dir = opendir(folder.c_str()))
    {
        while (dirent* entry = readdir(dir))
        {
            std::string name = entry->d_name;
            if (name.size() > 5 && name.compare(name.size() - 5, 5, ".yaml") == 0)
            {
                files.push_back(folder + "/" + name);
            }
        }
        closedir(dir);
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

BOOST_AUTO_TEST_CASE(bad_scenario_files_give_their_announced_error)
{
    // Each file says, on a line "# error: LINE:COLUMN: message", the error it must give; a
    // file with Wi-Fi links also says, on "# error without Wi-Fi: ...", the one it gives in a
    // build without ns-3's wifi module.
    std::vector<std::string> files = YamlFiles(BadScenariosDir());
    BOOST_REQUIRE_MESSAGE(files.size() >= 2, "bad scenarios not found in " << BadScenariosDir());
#ifdef MLD_HAVE_WIFI
    const std::string noWifiKey = "";
#else
    const std::string noWifiKey = "# error without Wi-Fi: ";
#endif
    for (const std::string& file : files)
    {
        BOOST_TEST_CONTEXT(file)
        {
            std::ifstream in(file);
            std::string line;
            std::string want;
            std::string wantWithoutWifi;
            while (std::getline(in, line))
            {
                if (line.rfind("# error: ", 0) == 0)
                {
                    want = file + ":" + line.substr(9);
                }
                if (!noWifiKey.empty() && line.rfind(noWifiKey, 0) == 0)
                {
                    wantWithoutWifi = file + ":" + line.substr(noWifiKey.size());
                }
            }
            BOOST_REQUIRE_MESSAGE(!want.empty(), "no '# error: ' line");
            if (!wantWithoutWifi.empty())
            {
                want = wantWithoutWifi;
            }
            std::string got;
            try
            {
                MldScenarioReadFile(file);
            }
            catch (const MldScenarioError& e)
            {
                got = e.what();
            }
            BOOST_CHECK_EQUAL(got, want);
        }
    }
}

BOOST_AUTO_TEST_CASE(library_scenarios_all_pass)
{
    std::vector<std::string> files;
    if (DIR* dir = opendir(ScenariosDir().c_str()))
    {
        while (dirent* entry = readdir(dir))
        {
            std::string name = entry->d_name;
            if (name.size() > 5 && name.compare(name.size() - 5, 5, ".yaml") == 0)
            {
                files.push_back(ScenariosDir() + "/" + name);
            }
        }
        closedir(dir);
    }
    std::sort(files.begin(), files.end());
    BOOST_REQUIRE_MESSAGE(files.size() >= 2, "scenarios not found in " << ScenariosDir());
    for (const std::string& file : files)
    {
        BOOST_TEST_CONTEXT(file)
        {
            bool needsWifi = false;
#ifndef MLD_HAVE_WIFI
            // wifi.yaml is an error in a build without ns-3's wifi module: nothing to run
            try
            {
                MldScenarioReadFile(file);
            }
            catch (const MldScenarioError& e)
            {
                needsWifi =
                    std::string(e.what()).find("this build has no Wi-Fi") != std::string::npos;
            }
#endif
            if (!needsWifi)
            {
                MldScenario s;
                BOOST_REQUIRE_NO_THROW(s = MldScenarioReadFile(file));
                BOOST_CHECK(!s.expectations.empty());
                std::vector<MldScenarioVerdict> verdicts = MldScenarioRunner::Run(s);
                for (const MldScenarioVerdict& v : verdicts)
                {
                    BOOST_CHECK_MESSAGE(v.passed,
                                        v.where.ToString()
                                            << ": " << v.name << " (" << v.detail << ")");
                }
            }
        }
    }
}

#endif // MLD_HAVE_YAML_CPP

BOOST_AUTO_TEST_SUITE_END()
