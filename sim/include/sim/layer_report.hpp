// SPDX-License-Identifier: Apache-2.0
// One CNN layer run on the accelerator (sim/layer_runner.hpp runs it): the compiled program, the
// run's counters, the DRAM model's statistics and the comparison with the golden engine; and the
// machine-readable report built from them (cycles, traffic, energy estimate).
#pragma once
#include <nlohmann/json.hpp>

#include "compiler/compare.hpp"
#include "compiler/energy.hpp"
#include "compiler/layer_program.hpp"
#include "sim/accel_types.hpp"
#include "sim/dram.hpp"

namespace sim {

struct LayerOutcome {
    compiler::LayerProgram program;
    AccelRunResult run;
    DramStats dram;
    compiler::LayerCheck check;
    bool pass() const {
        return run.done && !run.timed_out && !run.assertion_failed &&
               run.status == int(contract::Status::Ok) && check.mismatches == 0;
    }
    // PASS; TIMEOUT (stopped by max_cycles); FAIL (mismatches, an assertion, an error status).
    const char* status() const { return pass() ? "PASS" : run.timed_out ? "TIMEOUT" : "FAIL"; }
};

// A layer's sizes as the reports give them: N C H W M R S, E F, stride_v stride_h and groups (each
// report adds the padding, and the name or the MACs, in its own layout).
nlohmann::json layer_sizes_json(const golden::LayerShape& L);

// A stochastic MAC's stream settings (length, rng, sharing, lanes, max_length, cycles_per_mac):
// the "stochastic_mac" object of rsacc-sim's and rsacc-net's reports. hw must be stochastic.
nlohmann::json stochastic_mac_json(const compiler::HwConfig& hw);

// Machine-readable report (README "reports/<layer>.json").
nlohmann::json layer_report(const LayerOutcome& o, const compiler::EnergyCosts& costs);

// The summary line scripts parse, from the outcome and its report:
// "RESULT layer=NAME status=PASS cycles=N utilization=0.1234" (utilization n/a when unfinished).
std::string result_line(const LayerOutcome& o, const nlohmann::json& report);

}  // namespace sim
