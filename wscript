# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-

# Build of the mld module inside a waf-based ns-3 (<= 3.35): put this folder
# at contrib/mld. ns-3 >= 3.36 and the standalone build use CMakeLists.txt;
# the lists below must stay the same as its mld_sources and mld_headers
# (scripts/check-wscript.sh, run by CTest, compares them).
# The Boost.Test suites of test/ form the module's test library, which
# test/mld-test-suite.cc runs under ns-3's test runner: ./test.py -s mld.

import os

# Boost.Test, for the test library (ns-3's boost waf tool finds it).
REQUIRED_BOOST_LIBS = ['unit_test_framework']


def required_boost_libs(conf):
    conf.env['REQUIRED_BOOST_LIBS'] += REQUIRED_BOOST_LIBS


def configure(conf):
    conf.missing_boost_libs('mld', 'MLD tests (Boost.Test)', REQUIRED_BOOST_LIBS,
                            required=False)
    # Scenario files: the YAML reader and the mld-scenario runner need yaml-cpp
    # (Debian: libyaml-cpp-dev), as in CMakeLists.txt. Optional.
    conf.env['MLD_YAML_CPP'] = conf.check_cfg(package='yaml-cpp', uselib_store='YAMLCPP',
                                              args=['--cflags', '--libs'], mandatory=False)
    conf.report_optional_feature('MldScenarioFiles', 'MLD scenario files (mld-scenario)',
                                 conf.env['MLD_YAML_CPP'], "library 'yaml-cpp' not found")


def build(bld):
    # csma: the examples' and the tests' LANs; bridge: MldSnoopingBridgeNetDevice's channel;
    # point-to-point: scenario links (MldScenarioRunner); stats: ns-3's Gnuplot classes
    # (MldScenarioTimeline's pictures); wifi and mobility: scenarios' Wi-Fi links, where
    # the configured tree enables wifi (MLD_HAVE_WIFI), as in CMakeLists.txt.
    dependencies = ['core', 'network', 'internet', 'applications', 'csma', 'bridge',
                    'point-to-point', 'traffic-control', 'stats']
    have_wifi = 'ns3-wifi' in bld.env['NS3_ENABLED_MODULES']  # wifi needs mobility
    if have_wifi:
        dependencies += ['wifi', 'mobility']
    defines = (['MLD_HAVE_YAML_CPP'] if bld.env['MLD_YAML_CPP'] else []) + \
        (['MLD_HAVE_WIFI'] if have_wifi else [])
    module = bld.create_ns3_module('mld', dependencies)
    module.source = [
        'model/mld-header.cc',
        'model/mld-hop-by-hop.cc',
        'model/mld-input.cc',
        'model/mld-interface.cc',
        'model/mld-ipv6-adapter.cc',
        'model/mld-listener.cc',
        'model/mld-listener-v1.cc',
        'model/mld-listener-v2.cc',
        'model/mld-membership.cc',
        'model/mld-packet-filter.cc',
        'model/mld-proxy.cc',
        'model/mld-protocol.cc',
        'model/mld-querier.cc',
        'model/mld-querier-v1.cc',
        'model/mld-querier-v2.cc',
        'model/mld-receiver.cc',
        'model/mld-routing.cc',
        'model/mld-snooping-bridge.cc',
        'model/mld-types.cc',
        'helper/mld-helper.cc',
        'helper/mld-proxy-helper.cc',
        'helper/mld-snooping-bridge-helper.cc',
        'helper/mld-scenario.cc',
        'helper/mld-scenario-plot.cc',
        'helper/mld-trace-logger.cc',
        ]
    if bld.env['MLD_YAML_CPP']:
        module.source.append('helper/mld-scenario-yaml.cc')
        module.use.append('YAMLCPP')
    module.env.append_value('DEFINES', defines)

    headers = bld(features='ns3header')
    headers.module = 'mld'
    headers.source = [
        'model/mld-header.h',
        'model/mld-hop-by-hop.h',
        'model/mld-input.h',
        'model/mld-interface.h',
        'model/mld-ipv6-adapter.h',
        'model/mld-listener.h',
        'model/mld-membership.h',
        'model/mld-ns3-compat.h',
        'model/mld-packet-filter.h',
        'model/mld-protocol.h',
        'model/mld-proxy.h',
        'model/mld-querier.h',
        'model/mld-receiver.h',
        'model/mld-routing.h',
        'model/mld-snooping-bridge.h',
        'model/mld-types.h',
        'helper/mld-helper.h',
        'helper/mld-proxy-helper.h',
        'helper/mld-snooping-bridge-helper.h',
        'helper/mld-scenario.h',
        'helper/mld-scenario-plot.h',
        'helper/mld-trace-logger.h',
        ]
    if bld.env['MLD_YAML_CPP']:
        headers.source.append('helper/mld-scenario-yaml.h')

    if bld.env.ENABLE_TESTS and not bld.missing_boost_libs('mld', REQUIRED_BOOST_LIBS):
        module_test = bld.create_ns3_module_test_library('mld')
        suites = sorted(f for f in os.listdir(os.path.join(bld.path.abspath(), 'test'))
                        if f.startswith('mld-') and f.endswith('-test.cc'))
        module_test.source = ['test/mld-test-suite.cc', 'test/mld-test-util.cc'] + \
            ['test/' + f for f in suites]
        module_test.use.append('BOOST')
        module_test.env.append_value('DEFINES', ['BOOST_TEST_DYN_LINK'] + defines)

    if bld.env.ENABLE_EXAMPLES:
        bld.env['MLD_DEFINES'] = defines
        bld.recurse('examples')

    # bld.ns3_python_bindings()
