// SPDX-License-Identifier: Apache-2.0
// rsacc-net sc-accuracy: an 8-bit network's top-1 with the stochastic-computing MAC's bit-true
// model (docs/stochastic.md) for every stream setting, against exact int8 and float. An
// up-scaled network (rsacc-net import --sc-upscale: DIR/int8sc) reports its extra bits and the
// plain DIR/int8's exact top-1 beside its own.
#pragma once
#include <string>
#include <vector>

#include "golden/sc.hpp"

namespace sim::net {

struct ScAccuracyArgs {
    std::string dir;  // quantised 8-bit network (e.g. models/fashion_lenet/int8)
    std::string data, report_dir;
    int images = 10000;
    std::vector<int> lengths{16, 32, 64, 128};
    std::vector<std::string> rngs{"sobol", "lfsr"}, sharings{"array", "column"};
};

// Every combination of the stream lengths, random sources and start rules (validated; throws
// std::invalid_argument naming a bad one), sources outermost.
std::vector<golden::sc::ScConfig> sc_configs(const std::vector<int>& lengths,
                                             const std::vector<std::string>& rngs,
                                             const std::vector<std::string>& sharings);

// Prints a table and writes <report_dir>/<name>_sc.json, _sc.csv and _sc.png (<name>_sc_upscaled.*
// for an up-scaled network); returns the exit code. Throws std::runtime_error (one line) on bad input.
int run_sc_accuracy(const ScAccuracyArgs& a);

}  // namespace sim::net
