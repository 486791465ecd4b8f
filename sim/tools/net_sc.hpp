// SPDX-License-Identifier: Apache-2.0
// rsacc-net sc-accuracy: an 8-bit network's top-1 with the stochastic-computing MAC's bit-true
// model (docs/stochastic.md) for every stream setting, against exact int8 and float.
#pragma once
#include <string>
#include <vector>

namespace sim::net {

struct ScAccuracyArgs {
    std::string dir;  // quantised 8-bit network (e.g. models/fashion_lenet/int8)
    std::string data, report_dir;
    int images = 10000;
    std::vector<int> lengths{16, 32, 64, 128};
    std::vector<std::string> rngs{"sobol", "lfsr"}, sharings{"array", "column"};
};

// Prints a table and writes <report_dir>/<name>_sc.json, _sc.csv and _sc.png; returns the exit
// code. Throws std::runtime_error (one line) on bad input.
int run_sc_accuracy(const ScAccuracyArgs& a);

}  // namespace sim::net
