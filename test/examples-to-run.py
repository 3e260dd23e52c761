#! /usr/bin/env python3

# The examples that ns-3's test.py runs (ns-3 source tree, --enable-examples; test.py
# reads this file at <module>/test/examples-to-run.py):
# (example and its arguments, do_run condition, do_valgrind_run condition).
# Each writes its pcaps into test.py's working folder.

cpp_examples = [
    ("mld-lan", "True", "True"),
    ("mld-router-lan", "True", "False"),
    ("mld-querier-election", "True", "False"),
    ("mld-v2-ssm", "True", "False"),
    ("mld-mixed-versions", "True", "False"),
    ("mld-proxy-tree", "True", "False"),
    ("mld-snooping-lan", "True", "False"),
    ("mld-snooping-benchmark --ports=20 --simTime=8", "True", "True"),
    ("mld-snooping-compare", "True", "False"),
    ("mld-benchmark --hosts=10 --groups=2 --simTime=10", "True", "True"),
]

python_examples = []
