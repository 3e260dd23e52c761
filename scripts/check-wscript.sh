#!/usr/bin/env bash
# Check that the waf build files (wscript, examples/wscript) list the same
# sources, headers and examples as the CMake ones (CMakeLists.txt,
# examples/CMakeLists.txt). Prints the differences; exits non-zero on any.
#
#   bash scripts/check-wscript.sh
set -uo pipefail
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

# cmake_list FILE START: the words after the line matching START up to the
# closing parenthesis, one a line, comments dropped.
cmake_list() {
  sed -n "/$2/,/)/p" "$1" | sed '1d; s/#.*//; s/)//' | tr -s ' \t\n' '\n' | sed '/^$/d' | sort
}
# wscript_list FILE START: the quoted strings of the Python list after START.
wscript_list() {
  sed -n "/$2/,/]/p" "$1" | grep -o "'[^']*'" | tr -d "'" | sort
}

failed=0
compare() {
  local what=$1 cmake=$2 waf=$3 diff
  if [ -z "$cmake" ]; then
    echo "FAIL $what: nothing found in the CMake file"
    failed=1
  elif diff=$(diff <(echo "$cmake") <(echo "$waf")); then
    echo "PASS $what: $(echo "$cmake" | wc -l) entries"
  else
    echo "FAIL $what differ (< CMake, > waf):"
    echo "$diff" | grep '^[<>]' | sed 's/^/    /'
    failed=1
  fi
}

# cmake_optional FILE LIST: the files of "list(APPEND LIST FILE)" lines (yaml-cpp's).
cmake_optional() {
  grep -o "list(APPEND $2 [^)]*" "$1" | awk '{print $3}'
}
# wscript_optional FILE TARGET: the files of "TARGET.source.append('FILE')" lines.
wscript_optional() {
  grep -o "$2\.source\.append('[^']*'" "$1" | cut -d"'" -f2
}

compare "module sources" \
  "$( (cmake_list CMakeLists.txt 'set(mld_sources'; cmake_optional CMakeLists.txt mld_sources) | sort)" \
  "$( (wscript_list wscript 'module.source = \['; wscript_optional wscript module) | sort)"
compare "module headers" \
  "$( (cmake_list CMakeLists.txt 'set(mld_headers'; cmake_optional CMakeLists.txt mld_headers) | sort)" \
  "$( (wscript_list wscript 'headers.source = \['; wscript_optional wscript headers) | sort)"
# Examples: the foreach list of examples/CMakeLists.txt plus the examples
# built alone (NAME <literal>); in examples/wscript, the "for name in" list
# plus create_ns3_program('<literal>', ...).
cmake_examples=$( (cmake_list examples/CMakeLists.txt '^foreach(' | sed '/^example$/d'
  grep -o 'NAME  *[A-Za-z0-9_-][A-Za-z0-9_.-]*' examples/CMakeLists.txt | awk '{print $2}') | sort)
waf_examples=$( (wscript_list examples/wscript 'for name in'
  grep -o "create_ns3_program('[^']*'" examples/wscript | cut -d"'" -f2) | sort)
compare "examples" "$cmake_examples" "$waf_examples"
exit $failed
