/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The bridge from ns-3's test runner to the module's Boost.Test suites.
//
// The tests are written once, with Boost.Test (test/mld-*-test.cc). The standalone build
// runs each file as its own executable under CTest. Inside an ns-3 source tree, the same
// files are compiled into the module's test library, and this file registers the ns-3
// TestSuite "mld": one TestCase per file, which runs that file's Boost.Test suite in
// process and reports each failed Boost.Test case, with the failed checks' messages, as
// an ns-3 test failure. `./test.py -s mld` (waf: `./test.py -s mld`) therefore runs every
// test case of the module and fails when one fails.

#include "mld-test-util.h"

#include "ns3/test.h"

#include <boost/test/results_collector.hpp>
#include <boost/test/tree/observer.hpp>
#include <boost/test/tree/traverse.hpp>
#include <boost/test/tree/visitor.hpp>
#include <boost/test/unit_test.hpp>
#include <boost/test/unit_test_log.hpp>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace
{

using namespace ns3;
namespace utf = boost::unit_test;

/// Boost.Test's initialisation function: the suites register themselves.
bool
InitBoostTest()
{
    return true;
}

/// Sets Boost.Test up, once per process. Crashes are left to ns-3's runner
/// (--catch_system_errors=no); failed checks are logged at level "error", and
/// reported to ns-3 by BoostSuiteTestCase (no Boost.Test report of its own).
void
EnsureBoostTestReady()
{
    static bool ready = false;
    if (ready)
    {
        return;
    }
    static char name[] = "mld";
    static char logLevel[] = "--log_level=error";
    static char reportLevel[] = "--report_level=no";
    static char systemErrors[] = "--catch_system_errors=no";
    static char* argv[] = {name, logLevel, reportLevel, systemErrors, nullptr};
    utf::framework::init(&InitBoostTest, 4, argv);
    utf::framework::finalize_setup_phase();
    ready = true;
}

/// Keeps what Boost.Test logged during each test case, by test case.
class CaseLogs : public utf::test_observer
{
  public:
    /// \param log the stream Boost.Test logs into
    explicit CaseLogs(std::ostringstream& log)
        : m_log(log)
    {
    }

    void test_unit_start(const utf::test_unit& unit) override
    {
        if (unit.p_type == utf::TUT_CASE)
        {
            m_log.str("");
        }
    }

    void test_unit_finish(const utf::test_unit& unit, unsigned long /* elapsed */) override
    {
        if (unit.p_type == utf::TUT_CASE)
        {
            m_logs[unit.p_id] = m_log.str();
        }
    }

    /// \param id a test case
    /// \return what was logged while it ran
    std::string Get(utf::test_unit_id id) const
    {
        auto it = m_logs.find(id);
        return it == m_logs.end() ? std::string() : it->second;
    }

  private:
    std::ostringstream& m_log;                       //!< Boost.Test's log stream
    std::map<utf::test_unit_id, std::string> m_logs; //!< per test case
};

/// Collects the test cases of a Boost.Test suite.
class CaseCollector : public utf::test_tree_visitor
{
  public:
    void visit(const utf::test_case& tc) override
    {
        cases.push_back(&tc);
    }

    std::vector<const utf::test_case*> cases; //!< in the suite's order
};

/// One file's Boost.Test suite, run as one ns-3 test case.
class BoostSuiteTestCase : public TestCase
{
  public:
    /// \param suite the name of the file's top-level Boost.Test suite
    explicit BoostSuiteTestCase(const std::string& suite)
        : TestCase("Boost.Test suite " + suite),
          m_suite(suite)
    {
    }

  private:
    void DoRun() override
    {
        EnsureBoostTestReady();
        mldtest::SetTracesDir(CreateDataDirFilename("data"));
        utf::test_unit_id id = utf::framework::master_test_suite().get(m_suite);
        NS_TEST_ASSERT_MSG_NE(id, utf::INV_TEST_UNIT_ID, "no Boost.Test suite " << m_suite);
        if (id == utf::INV_TEST_UNIT_ID)
        {
            return;
        }

        std::ostringstream log;
        CaseLogs logs(log);
        utf::unit_test_log.set_stream(log);
        utf::framework::register_observer(logs);
        utf::framework::run(id, false);
        utf::framework::deregister_observer(logs);
        utf::unit_test_log.set_stream(std::cout);

        CaseCollector collector;
        utf::traverse_test_tree(id, collector, true);
        std::size_t failed = 0;
        for (const utf::test_case* tc : collector.cases)
        {
            const utf::test_results& result = utf::results_collector.results(tc->p_id);
            if (result.passed() || result.p_skipped)
            {
                continue;
            }
            ++failed;
            ReportTestFailure("Boost.Test case " + tc->full_name() + " passes",
                              std::to_string(result.p_assertions_failed) + " failed check(s)" +
                                  (result.p_aborted ? ", aborted" : ""),
                              "0 failed checks",
                              logs.Get(tc->p_id),
                              std::string(tc->p_file_name.begin(), tc->p_file_name.end()),
                              static_cast<int32_t>(tc->p_line_num));
        }
        std::cout << m_suite << ": " << collector.cases.size() - failed << " passed, " << failed
                  << " failed" << std::endl;
    }

    std::string m_suite; //!< the Boost.Test suite this case runs
};

/// The ns-3 test suite "mld": every Boost.Test suite of the module.
class MldTestSuite : public TestSuite
{
  public:
    MldTestSuite()
        : TestSuite("mld", TestSuite::Type::UNIT)
    {
        SetDataDir(NS_TEST_SOURCEDIR);
        for (const char* suite : {"mld_header",
                                  "mld_listener",
                                  "mld_listener_v2",
                                  "mld_router",
                                  "mld_router_v2",
                                  "mld_scenario",
                                  "mld_scenario_file",
                                  "mld_scenario_plot",
                                  "mld_queue",
                                  "mld_routing",
                                  "mld_proxy",
                                  "mld_snooping",
                                  "mld_soak"})
        {
            AddTestCase(new BoostSuiteTestCase(suite));
        }
    }
};

/// Static instance: registers the suite with ns-3's test runner.
MldTestSuite g_mldTestSuite;

} // namespace
