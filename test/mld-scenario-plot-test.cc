/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Timeline pictures of scenario runs (helper/mld-scenario-plot.h): what the timeline records
// agrees with the scenario and with the runner's own counts, recording does not change the run,
// the gnuplot script has a row per lane and a series per kind of mark (both derived from the
// scenario), and gnuplot turns it into a valid PNG (signature, chunk CRCs, IHDR size) and SVG.
// Without gnuplot the rendering case prints "gnuplot not installed: skipped", which CTest
// reports as a skip (test/CMakeLists.txt); setup.sh installs gnuplot-nox, so CI runs it.

#include "mld-test-util.h"

#include "ns3/mld-scenario-plot.h"
#include "ns3/mld-scenario.h"

#ifdef MLD_HAVE_YAML_CPP
#include "ns3/mld-scenario-yaml.h"
#endif

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

using namespace ns3;
using namespace mldtest;

namespace
{

const Ipv6Address G1("ff1e::1");
const Ipv6Address G2("ff1e::2");

/// A source behind a router (point-to-point "up"), a LAN of the router and two hosts. h1 joins
/// G1 at 1 s and leaves at 5 s; h2 joins G2 at 2 s; the source sends G1 from 1 s to 9 s.
MldScenario
RoutedLan()
{
    MldScenario s;
    s.name = "routed-lan";
    s.duration = Seconds(10);
    MldScenarioNode src;
    src.name = "src";
    MldScenarioNode r;
    r.name = "r";
    r.role = MldScenarioNode::ROUTER;
    MldScenarioNode h1;
    h1.name = "h1";
    MldScenarioNode h2;
    h2.name = "h2";
    s.nodes = {src, r, h1, h2};
    MldScenarioLink up;
    up.name = "up";
    up.type = MldScenarioLink::P2P;
    up.nodes = {"src", "r"};
    MldScenarioLink lan;
    lan.name = "lan";
    lan.nodes = {"r", "h1", "h2"};
    s.links = {up, lan};
    MldScenarioEvent join1;
    join1.kind = MldScenarioEvent::JOIN;
    join1.node = "h1";
    join1.group = G1;
    join1.at = Seconds(1);
    MldScenarioEvent leave1 = join1;
    leave1.kind = MldScenarioEvent::LEAVE;
    leave1.at = Seconds(5);
    MldScenarioEvent join2 = join1;
    join2.node = "h2";
    join2.group = G2;
    join2.at = Seconds(2);
    MldScenarioEvent send;
    send.kind = MldScenarioEvent::SEND;
    send.node = "src";
    send.group = G1;
    send.start = Seconds(1);
    send.stop = Seconds(9);
    send.rate = 10;
    s.events = {join1, leave1, join2, send};

    // The runner's own counts, to compare with the timeline's.
    MldScenarioExpectation receives;
    receives.kind = MldScenarioExpectation::RECEIVES;
    receives.node = "h1";
    receives.group = G1;
    receives.from = Seconds(0);
    receives.to = Seconds(10);
    receives.text = "h1 receives";
    MldScenarioExpectation reports;
    reports.kind = MldScenarioExpectation::MESSAGES;
    reports.link = "lan";
    reports.messageType = "report";
    reports.from = Seconds(0);
    reports.to = Seconds(10);
    reports.text = "reports on lan";
    MldScenarioExpectation queries = reports;
    queries.link = "up";
    queries.messageType = "query";
    queries.text = "queries on up";
    s.expectations = {receives, reports, queries};
    return s;
}

/// The leading number of a verdict's detail ("37 packets, expected ...").
uint64_t
CountOf(const MldScenarioVerdict& v)
{
    return std::strtoull(v.detail.c_str(), nullptr, 10);
}

/// The rows and series the picture of a scenario must have, from the scenario alone.
struct Expected
{
    size_t lanes{0};  //!< rows
    size_t series{0}; //!< plotted datasets
};

/**
 * Rows: one messages row per link; one listener row per (router on a link, group a host joins
 * on that link); one delivery row per (host, group) joined that some node sends. Series: listener
 * bars if there is a listener row; deliveries if a group sent is joined; Queries if there is a
 * router; MLDv1 Reports if a host joins (MLDv1 hosts: no Version attribute set); Dones if one
 * leaves.
 */
Expected
ExpectedPicture(const MldScenario& s)
{
    std::map<std::string, const MldScenarioNode*> nodes;
    for (const MldScenarioNode& n : s.nodes)
    {
        nodes[n.name] = &n;
    }
    auto linkOf = [&s](const MldScenarioEvent& e) {
        for (const MldScenarioLink& l : s.links)
        {
            for (const std::string& n : l.nodes)
            {
                if (n == e.node && (e.link.empty() || e.link == l.name))
                {
                    return l;
                }
            }
        }
        return MldScenarioLink();
    };
    std::set<std::tuple<std::string, std::string, Ipv6Address>> listenerRows;
    std::set<std::pair<std::string, Ipv6Address>> deliveryRows;
    std::set<Ipv6Address> joined;
    std::set<Ipv6Address> sent;
    bool router = false;
    bool leave = false;
    for (const MldScenarioNode& n : s.nodes)
    {
        router = router || n.role == MldScenarioNode::ROUTER;
    }
    for (const MldScenarioEvent& e : s.events)
    {
        if (e.kind == MldScenarioEvent::JOIN)
        {
            MldScenarioLink l = linkOf(e);
            for (const std::string& n : l.nodes)
            {
                if (nodes.at(n)->role == MldScenarioNode::ROUTER)
                {
                    listenerRows.insert({n, l.name, e.group});
                }
            }
            joined.insert(e.group);
        }
        leave = leave || e.kind == MldScenarioEvent::LEAVE;
        if (e.kind == MldScenarioEvent::SEND)
        {
            sent.insert(e.group);
        }
    }
    bool delivered = false;
    for (const MldScenarioEvent& e : s.events)
    {
        if (e.kind == MldScenarioEvent::JOIN && sent.count(e.group))
        {
            deliveryRows.insert({e.node, e.group});
            delivered = true;
        }
    }
    Expected x;
    x.lanes = s.links.size() + listenerRows.size() + deliveryRows.size();
    x.series = (listenerRows.empty() ? 0 : 1) + (delivered ? 1 : 0) + (router ? 1 : 0) +
               (joined.empty() ? 0 : 1) + (leave ? 1 : 0);
    return x;
}

/// The whole file.
std::string
ReadAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Occurrences of `what` in `text`.
size_t
Count(const std::string& text, const std::string& what)
{
    size_t n = 0;
    for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + what.size()))
    {
        ++n;
    }
    return n;
}

/// The "plot ..." command of a gnuplot script.
std::string
PlotCommand(const std::string& script)
{
    std::istringstream in(script);
    std::string line;
    while (std::getline(in, line))
    {
        if (line.rfind("plot ", 0) == 0)
        {
            return line;
        }
    }
    return "";
}

/// The number of labels in the script's "set ytics (...)" line.
size_t
YticsLabels(const std::string& script)
{
    std::istringstream in(script);
    std::string line;
    while (std::getline(in, line))
    {
        if (line.rfind("set ytics (", 0) == 0)
        {
            return Count(line, "\"") / 2;
        }
    }
    return 0;
}

/// CRC-32 of PNG chunks (ISO 3309, as in the PNG specification's annex D).
uint32_t
Crc32(const std::string& bytes, size_t from, size_t length)
{
    uint32_t crc = 0xffffffffu;
    for (size_t i = from; i < from + length; ++i)
    {
        crc ^= static_cast<uint8_t>(bytes[i]);
        for (int k = 0; k < 8; ++k)
        {
            crc = (crc & 1) ? (0xedb88320u ^ (crc >> 1)) : (crc >> 1);
        }
    }
    return crc ^ 0xffffffffu;
}

/// A big-endian 32-bit number at `at`.
uint32_t
Be32(const std::string& bytes, size_t at)
{
    return (uint32_t{static_cast<uint8_t>(bytes[at])} << 24) |
           (uint32_t{static_cast<uint8_t>(bytes[at + 1])} << 16) |
           (uint32_t{static_cast<uint8_t>(bytes[at + 2])} << 8) |
           uint32_t{static_cast<uint8_t>(bytes[at + 3])};
}

/**
 * Check a PNG by hand: signature, then chunks (length, type, data, CRC) each with a good CRC,
 * IHDR first, at least one IDAT, IEND last and nothing after it.
 * \return "" if valid, else what is wrong; width and height set from IHDR
 */
std::string
CheckPng(const std::string& png, uint32_t& width, uint32_t& height)
{
    const std::string signature("\x89PNG\r\n\x1a\n", 8);
    if (png.compare(0, 8, signature) != 0)
    {
        return "no PNG signature";
    }
    size_t at = 8;
    bool first = true;
    bool idat = false;
    while (at + 12 <= png.size())
    {
        uint32_t length = Be32(png, at);
        if (length > png.size() - at - 12)
        {
            return "a chunk runs past the end of the file";
        }
        std::string type = png.substr(at + 4, 4);
        if (Crc32(png, at + 4, 4 + length) != Be32(png, at + 8 + length))
        {
            return "bad CRC in chunk " + type;
        }
        if (first && (type != "IHDR" || length != 13))
        {
            return "the first chunk is not a 13-octet IHDR";
        }
        if (first)
        {
            width = Be32(png, at + 8);
            height = Be32(png, at + 12);
        }
        first = false;
        idat = idat || type == "IDAT";
        at += 12 + length;
        if (type == "IEND")
        {
            if (at != png.size())
            {
                return "data after IEND";
            }
            return idat ? "" : "no IDAT chunk";
        }
    }
    return "no IEND chunk";
}

/// A new empty folder.
std::string
TempDir()
{
    std::string pattern = "/tmp/mld-plot-test.XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    const char* dir = mkdtemp(buffer.data());
    BOOST_REQUIRE_MESSAGE(dir, "mkdtemp failed");
    return dir;
}

/// Index of a node or link by name.
template <typename T>
uint32_t
IndexOf(const std::vector<T>& items, const std::string& name)
{
    for (uint32_t i = 0; i < items.size(); ++i)
    {
        if (items[i].name == name)
        {
            return i;
        }
    }
    BOOST_FAIL("no item named " + name);
    return 0;
}

} // namespace

BOOST_AUTO_TEST_SUITE(mld_scenario_plot)

BOOST_FIXTURE_TEST_CASE(timeline_records_what_the_runner_counts, SeededSimulationFixture)
{
    MldScenario s = RoutedLan();
    const uint32_t r = IndexOf(s.nodes, "r");
    const uint32_t h1 = IndexOf(s.nodes, "h1");
    const uint32_t up = IndexOf(s.links, "up");
    const uint32_t lan = IndexOf(s.links, "lan");

    std::vector<MldScenarioVerdict> plain = MldScenarioRunner::Run(s);
    MldScenarioTimeline timeline(s);
    std::vector<MldScenarioVerdict> recorded = MldScenarioRunner::Run(s, "", &timeline);
    BOOST_REQUIRE_EQUAL(plain.size(), 3u);
    BOOST_REQUIRE_EQUAL(recorded.size(), 3u);
    for (size_t i = 0; i < plain.size(); ++i)
    {
        // recording changes nothing in the run
        BOOST_CHECK_EQUAL(plain[i].detail, recorded[i].detail);
    }

    // Listener table of r on the LAN: G1 from h1's report at 1 s until the Last Listener
    // Queries after its Done at 5 s have gone unanswered (2 x 1 s, RFC 2710 section 7.8);
    // G2 from 2 s to the end of the run.
    const auto& intervals = timeline.GetListenerIntervals();
    BOOST_CHECK_EQUAL(intervals.size(), 2u);
    auto g1 = intervals.find({r, lan, G1});
    BOOST_REQUIRE(g1 != intervals.end());
    BOOST_REQUIRE_EQUAL(g1->second.size(), 1u);
    BOOST_CHECK_GE(g1->second[0].start, Seconds(1));
    BOOST_CHECK_LT(g1->second[0].start, Seconds(1.1));
    BOOST_CHECK_GE(g1->second[0].end, Seconds(6.9));
    BOOST_CHECK_LT(g1->second[0].end, Seconds(7.2));
    auto g2 = intervals.find({r, lan, G2});
    BOOST_REQUIRE(g2 != intervals.end());
    BOOST_REQUIRE_EQUAL(g2->second.size(), 1u);
    BOOST_CHECK_GE(g2->second[0].start, Seconds(2));
    BOOST_CHECK_EQUAL(g2->second[0].end, s.duration);

    // Deliveries to h1: while it is a member (1 s to 5 s), as many as the runner counts.
    const auto& deliveries = timeline.GetDeliveries();
    BOOST_CHECK_EQUAL(deliveries.size(), 1u); // h2 never gets G1's data counted
    auto got = deliveries.find({h1, lan, G1});
    BOOST_REQUIRE(got != deliveries.end());
    BOOST_CHECK_EQUAL(got->second.size(), CountOf(recorded[0]));
    BOOST_CHECK_GE(got->second.size(), 35u);
    for (Time t : got->second)
    {
        BOOST_CHECK(t >= Seconds(1) && t <= Seconds(5));
    }

    // Messages per link: as many Reports on the LAN and Queries on the uplink as the runner's
    // message expectations count; Dones only on the LAN, after 5 s.
    uint64_t reports = 0;
    uint64_t queries = 0;
    uint64_t dones = 0;
    for (const MldScenarioTimeline::Message& m : timeline.GetMessages())
    {
        reports += (m.link == lan && m.type == 131) ? 1 : 0;
        queries += (m.link == up && m.type == 130) ? 1 : 0;
        if (m.type == 132)
        {
            ++dones;
            BOOST_CHECK_EQUAL(m.link, lan);
            BOOST_CHECK_GE(m.time, Seconds(5));
        }
    }
    BOOST_CHECK_EQUAL(reports, CountOf(recorded[1]));
    BOOST_CHECK_EQUAL(queries, CountOf(recorded[2]));
    BOOST_CHECK_GE(reports, 2u);
    BOOST_CHECK_GE(queries, 1u);
    BOOST_CHECK_EQUAL(dones, 1u);
}

BOOST_FIXTURE_TEST_CASE(plot_script_has_a_row_per_lane_and_a_series_per_mark,
                        SeededSimulationFixture)
{
    MldScenario s = RoutedLan();
    MldScenarioTimeline timeline(s);
    MldScenarioRunner::Run(s, "", &timeline);
    const Expected expected = ExpectedPicture(s);
    BOOST_CHECK_EQUAL(timeline.GetLanes().size(), expected.lanes);

    // Without gnuplot: the script and its data are written, and the note says how to render.
    const std::string dir = TempDir();
    MldScenarioTimeline::PlotResult result = timeline.WritePlot(dir, "no-such-gnuplot-mld");
    BOOST_CHECK(result.written);
    BOOST_CHECK(!result.rendered);
    BOOST_CHECK_EQUAL(result.plt, dir + "/routed-lan.plt");
    BOOST_CHECK_NE(result.message.find("gnuplot not found"), std::string::npos);
    BOOST_CHECK_NE(result.message.find("gnuplot 'routed-lan.plt'"), std::string::npos);

    std::string script = ReadAll(result.plt);
    std::string plot = PlotCommand(script);
    BOOST_TEST_MESSAGE("plot command: " << plot);
    BOOST_CHECK_EQUAL(Count(plot, "\"routed-lan.dat\" index "), expected.series);
    BOOST_CHECK_EQUAL(YticsLabels(script), expected.lanes);
    for (const char* legend :
         {"router has listeners", "data delivered", "Query", "Report (MLDv1)", "Done"})
    {
        BOOST_CHECK_MESSAGE(plot.find(legend) != std::string::npos, "no series " << legend);
    }
    BOOST_CHECK_EQUAL(plot.find("MLDv2"), std::string::npos); // no MLDv2 Report was sent
    BOOST_CHECK_NE(script.find("set output \"routed-lan.svg\""), std::string::npos);
    // The data file holds one block per series (two blank lines after each).
    BOOST_CHECK_EQUAL(Count(ReadAll(dir + "/routed-lan.dat"), "\n\n\n"), expected.series);

    // A folder that cannot be made: an error in the result, no abort.
    std::ofstream(dir + "/a-file") << "x";
    MldScenarioTimeline::PlotResult bad = timeline.WritePlot(dir + "/a-file/pictures");
    BOOST_CHECK(!bad.written);
    BOOST_CHECK_NE(bad.message.find("cannot make the folder"), std::string::npos);
    std::system(("rm -rf '" + dir + "'").c_str());
}

BOOST_FIXTURE_TEST_CASE(gnuplot_renders_a_valid_png_and_svg, SeededSimulationFixture)
{
    if (std::system("command -v gnuplot >/dev/null 2>&1") != 0)
    {
        BOOST_TEST_MESSAGE("gnuplot not installed: skipped");
        std::cout << "gnuplot not installed: skipped" << std::endl;
        return;
    }
    MldScenario s = RoutedLan();
    MldScenarioTimeline timeline(s);
    MldScenarioRunner::Run(s, "", &timeline);
    const std::string dir = TempDir();
    MldScenarioTimeline::PlotResult result = timeline.WritePlot(dir);
    BOOST_REQUIRE_MESSAGE(result.rendered, result.message);

    std::string png = ReadAll(result.png);
    uint32_t width = 0;
    uint32_t height = 0;
    std::string problem = CheckPng(png, width, height);
    BOOST_CHECK_MESSAGE(problem.empty(), result.png << ": " << problem);
    BOOST_CHECK_EQUAL(width, 1100u);
    BOOST_CHECK_EQUAL(height, 170u + 34u * ExpectedPicture(s).lanes);

    // The checker itself rejects a broken copy: one bit flipped in the last chunk's data.
    std::string broken = png;
    broken[broken.size() - 20] ^= 0x01;
    BOOST_CHECK_NE(CheckPng(broken, width, height), "");
    BOOST_CHECK_EQUAL(CheckPng(png.substr(0, png.size() - 12), width, height), "no IEND chunk");

    std::string svg = ReadAll(result.svg);
    BOOST_CHECK_NE(svg.find("<svg"), std::string::npos);
    BOOST_CHECK_NE(svg.find("</svg>"), std::string::npos);
    for (const MldScenarioTimeline::Lane& lane : timeline.GetLanes())
    {
        BOOST_CHECK_MESSAGE(svg.find(lane.label) != std::string::npos, "no row " << lane.label);
    }
    std::system(("rm -rf '" + dir + "'").c_str());
}

#ifdef MLD_HAVE_YAML_CPP

BOOST_FIXTURE_TEST_CASE(flagship_scenario_picture_rows, SeededSimulationFixture)
{
#ifdef MLD_SCENARIOS_DIR
    const std::string file = std::string(MLD_SCENARIOS_DIR) + "/flagship-lan.yaml";
#else
    const std::string file = TracesDir() + "/../../examples/scenarios/flagship-lan.yaml";
#endif
    MldScenario s = MldScenarioReadFile(file);
    MldScenarioTimeline timeline(s);
    std::vector<MldScenarioVerdict> v = MldScenarioRunner::Run(s, "", &timeline);
    BOOST_CHECK(MldScenarioRunner::AllPassed(v));
    const Expected expected = ExpectedPicture(s);
    BOOST_CHECK_EQUAL(timeline.GetLanes().size(), expected.lanes);
    const std::string dir = TempDir();
    MldScenarioTimeline::PlotResult result = timeline.WritePlot(dir, "no-such-gnuplot-mld");
    BOOST_REQUIRE(result.written);
    std::string script = ReadAll(result.plt);
    BOOST_CHECK_EQUAL(Count(PlotCommand(script), "\"flagship-lan.dat\" index "), expected.series);
    BOOST_CHECK_EQUAL(YticsLabels(script), expected.lanes);
    std::system(("rm -rf '" + dir + "'").c_str());
}

#endif // MLD_HAVE_YAML_CPP

BOOST_AUTO_TEST_SUITE_END()
