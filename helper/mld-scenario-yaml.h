/*
 * Copyright (c) 2026 The ns-3 MLD module authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MLD_SCENARIO_YAML_H
#define MLD_SCENARIO_YAML_H

// Built only where yaml-cpp is found (MLD_HAVE_YAML_CPP): see doc/mld.rst, "Scenario files".

#include "mld-scenario.h"

#include <string>

namespace ns3
{

/**
 * \ingroup mld
 * \brief Read a scenario from YAML text.
 *
 * Checks the syntax, the keys (an unknown key is an error) and the type of every value, then
 * MldScenarioRunner::Validate() (unknown nodes, times out of order, attributes).
 * \param text the YAML document
 * \param file the name errors give as the file
 * \return the scenario
 * \throws MldScenarioError "file:line:column: problem"
 */
MldScenario MldScenarioParse(const std::string& text, const std::string& file);

/**
 * \ingroup mld
 * \brief Read a scenario file (see MldScenarioParse()).
 * \param path the file
 * \return the scenario
 * \throws MldScenarioError also when the file cannot be read
 */
MldScenario MldScenarioReadFile(const std::string& path);

} // namespace ns3

#endif /* MLD_SCENARIO_YAML_H */
