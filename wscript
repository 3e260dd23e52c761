# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-

# Build of the mld module inside a waf-based ns-3 (<= 3.35): put this folder
# at contrib/mld. ns-3 >= 3.36 and the standalone build use CMakeLists.txt;
# the lists below must stay the same as its mld_sources and mld_headers
# (scripts/check-wscript.sh, run by CTest, compares them).
# The Boost.Test suites of test/ are built by the standalone CMake build only.


def configure(conf):
    pass


def build(bld):
    module = bld.create_ns3_module('mld', ['core', 'network', 'internet', 'applications'])
    module.source = [
        'model/mld-header.cc',
        'model/mld-interface.cc',
        'model/mld-listener.cc',
        'model/mld-protocol.cc',
        'model/mld-querier.cc',
        'model/mld-receiver.cc',
        'model/mld-routing.cc',
        'helper/mld-helper.cc',
        ]

    headers = bld(features='ns3header')
    headers.module = 'mld'
    headers.source = [
        'model/mld-header.h',
        'model/mld-interface.h',
        'model/mld-listener.h',
        'model/mld-protocol.h',
        'model/mld-querier.h',
        'model/mld-receiver.h',
        'model/mld-routing.h',
        'helper/mld-helper.h',
        ]

    if bld.env.ENABLE_EXAMPLES:
        bld.recurse('examples')

    # bld.ns3_python_bindings()
