/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The scenario runner: reads a YAML scenario file (doc/mld.rst, "Scenario files"), runs it and
// judges its expectations.
//
//   mld-scenario FILE.yaml [--junit=REPORT.xml] [--pcap=DIR] [--plot=DIR] [--quiet]
//
// --plot=DIR: a timeline picture of the run, DIR/<scenario>.png and .svg, drawn by gnuplot
// from DIR/<scenario>.plt (doc/mld.rst, "Pictures"). Without gnuplot, the .plt and its data are
// written and a note says how to render them; the exit code does not change. If the .plt
// cannot be written at all, the exit code is 2.
//
// Exit code: 0 every expectation holds; 1 one or more failed; 2 the file is bad (the message
// names file:line:column) or the command line is.

#include "ns3/mld-scenario.h"

#include "ns3/mld-scenario-plot.h"
#include "ns3/mld-scenario-yaml.h"

#include <fstream>
#include <iostream>
#include <string>

using namespace ns3;

namespace
{

/// Print the usage and return the exit code of a bad command line.
int
Usage(const std::string& problem)
{
    if (!problem.empty())
    {
        std::cerr << "mld-scenario: " << problem << "\n";
    }
    std::cerr << "usage: mld-scenario FILE.yaml [--junit=REPORT.xml] [--pcap=DIR] [--plot=DIR] "
                 "[--quiet]\n"
                 "exit code: 0 all expectations hold, 1 some failed, 2 bad file or arguments "
                 "(or --plot's folder cannot be written)\n";
    return 2;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string file;
    std::string junit;
    std::string pcap;
    std::string plot;
    bool quiet = false;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg.rfind("--junit=", 0) == 0)
        {
            junit = arg.substr(8);
        }
        else if (arg.rfind("--pcap=", 0) == 0)
        {
            pcap = arg.substr(7);
        }
        else if (arg.rfind("--plot=", 0) == 0)
        {
            plot = arg.substr(7);
            if (plot.empty())
            {
                return Usage("--plot needs a folder");
            }
        }
        else if (arg == "--quiet")
        {
            quiet = true;
        }
        else if (arg == "--help" || arg == "-h")
        {
            Usage("");
            return 0;
        }
        else if (arg.rfind("--", 0) == 0)
        {
            return Usage("unknown option " + arg);
        }
        else if (file.empty())
        {
            file = arg;
        }
        else
        {
            return Usage("one scenario file at a time");
        }
    }
    if (file.empty())
    {
        return Usage("no scenario file");
    }

    try
    {
        MldScenario scenario = MldScenarioReadFile(file);
        MldScenarioTimeline timeline(scenario);
        std::vector<MldScenarioVerdict> verdicts =
            MldScenarioRunner::Run(scenario, pcap, plot.empty() ? nullptr : &timeline);
        if (!plot.empty())
        {
            MldScenarioTimeline::PlotResult picture = timeline.WritePlot(plot);
            if (picture.rendered && !quiet)
            {
                std::cout << "plot: " << picture.png << ", " << picture.svg << "\n";
            }
            else if (!picture.rendered)
            {
                std::cerr << "mld-scenario: plot: " << picture.message << "\n";
            }
            if (!picture.written)
            {
                return 2; // --plot's folder or files cannot be written
            }
        }
        if (!quiet)
        {
            MldScenarioRunner::PrintSummary(std::cout, scenario, verdicts);
        }
        if (!junit.empty())
        {
            std::ofstream out(junit);
            MldScenarioRunner::WriteJUnit(out, scenario, verdicts);
            if (!out)
            {
                std::cerr << "mld-scenario: cannot write " << junit << "\n";
                return 2;
            }
        }
        return MldScenarioRunner::AllPassed(verdicts) ? 0 : 1;
    }
    catch (const MldScenarioError& e)
    {
        std::cerr << e.what() << "\n";
        return 2;
    }
}
