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

#include <boost/test/unit_test.hpp>
#include <dirent.h>
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

BOOST_AUTO_TEST_CASE(missing_file_is_an_error)
{
    BOOST_CHECK_EXCEPTION(MldScenarioReadFile("/nonexistent/x.yaml"),
                          MldScenarioError,
                          [](const MldScenarioError& e) {
                              return std::string(e.what()) ==
                                     "/nonexistent/x.yaml: cannot read the file";
                          });
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

#endif // MLD_HAVE_YAML_CPP

BOOST_AUTO_TEST_SUITE_END()
