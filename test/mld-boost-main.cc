/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The main() of each standalone Boost.Test executable (one per mld-*-test.cc, run by
// CTest). Inside an ns-3 source tree the same suites run in ns-3's test-runner instead,
// through mld-test-suite.cc.

#define BOOST_TEST_MODULE mld
#include <boost/test/unit_test.hpp>
