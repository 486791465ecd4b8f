// SPDX-License-Identifier: Apache-2.0
// One CNN layer run on the accelerator (sim/layer_runner.hpp runs it): the compiled program, the
// run's counters, the DRAM model's statistics and the comparison with the golden engine; and the
// machine-readable report built from them (cycles, traffic, energy estimate).
#pragma once
#include <optional>

#include <nlohmann/json.hpp>

#include "compiler/compare.hpp"
#include "compiler/energy.hpp"
#include "compiler/layer_program.hpp"
#include "compiler/roofline.hpp"
#include "sim/accel_types.hpp"
#include "sim/dram.hpp"

namespace sim {

struct LayerOutcome {
    compiler::LayerProgram program;
    AccelRunResult run;
    DramStats dram;
    compiler::LayerCheck check;
    // With a run-length compressed ifmap (program.options.rlc): the ifmap bytes the fills must
    // read from the image the run was loaded with (compiler::rlc_ifmap_fill_bytes). The run
    // fails unless the ifmap read counter shows exactly these.
    std::optional<uint64_t> rlc_expected_ifmap_bytes{};
    // With a run-length compressed ofmap (program.options.rlc_ofmap): the ofmap bytes the drains
    // must write for the expected ofmap (compiler::rlc_ofmap_drain_bytes); checked the same way.
    std::optional<uint64_t> rlc_expected_ofmap_bytes{};
    // With RLC: the activations' compulsory bytes for this data (compiler::rlc_activation_bytes),
    // for the roofline's bound with RLC.
    std::optional<uint64_t> rlc_activation_bytes{};
    // Ifmap bytes the accelerator read (its counter kPerfDramRead + Ifmap, in bytes).
    uint64_t ifmap_read_bytes() const {
        return run.perf[contract::kPerfDramRead + int(contract::DataType::Ifmap)] *
               contract::kBeatBytes;
    }
    // Ofmap bytes the accelerator wrote (kPerfDramWrite + Ofmap, in bytes).
    uint64_t ofmap_write_bytes() const {
        return run.perf[contract::kPerfDramWrite + int(contract::DataType::Ofmap)] *
               contract::kBeatBytes;
    }
    bool rlc_bytes_ok() const {
        return (!rlc_expected_ifmap_bytes || ifmap_read_bytes() == *rlc_expected_ifmap_bytes) &&
               (!rlc_expected_ofmap_bytes || ofmap_write_bytes() == *rlc_expected_ofmap_bytes);
    }
    bool pass() const {
        return run.done && !run.timed_out && !run.assertion_failed &&
               run.status == int(contract::Status::Ok) && check.mismatches == 0 && rlc_bytes_ok();
    }
    // PASS; TIMEOUT (stopped by max_cycles); FAIL (mismatches, an assertion, an error status, or
    // compressed ifmap bytes other than expected).
    const char* status() const { return pass() ? "PASS" : run.timed_out ? "TIMEOUT" : "FAIL"; }
};

// A layer's sizes as the reports give them: N C H W M R S, E F, stride_v stride_h and groups (each
// report adds the padding, and the name or the MACs, in its own layout).
nlohmann::json layer_sizes_json(const golden::LayerShape& L);

// A stochastic MAC's stream settings (length, rng, sharing, lanes, max_length, cycles_per_mac):
// the "stochastic_mac" object of rsacc-sim's and rsacc-net's reports. hw must be stochastic.
nlohmann::json stochastic_mac_json(const compiler::HwConfig& hw);

// The "rlc" object of the report when the ifmap or the ofmap is run-length compressed (else
// null). Ifmap (options.rlc): ifmap_bytes_moved (the counter), ifmap_bytes_uncompressed (the
// commands' count0 * count1 * count2 words, compiler::command_list_traffic, what the mapper
// assumes), ratio (moved / uncompressed), expected_ifmap_bytes (compiler::rlc_ifmap_fill_bytes on
// the image). Ofmap (options.rlc_ofmap): ofmap_bytes_moved, ofmap_bytes_uncompressed,
// ofmap_ratio, expected_ofmap_bytes (compiler::rlc_ofmap_drain_bytes). bytes_match: moved ==
// expected for both (the run fails otherwise).
nlohmann::json rlc_report(const LayerOutcome& o);

// The run's roofline (compiler/roofline.hpp), with the bound with RLC when the run compressed
// (rlc_activation_bytes plus the filters and biases): what the report and the summary line give.
compiler::Roofline outcome_roofline(const LayerOutcome& o);

// Machine-readable report (README "reports/<layer>.json").
nlohmann::json layer_report(const LayerOutcome& o, const compiler::EnergyCosts& costs);

// The summary line scripts parse, from the outcome and its report:
// "RESULT layer=NAME status=PASS cycles=N utilization=0.1234" (utilization n/a when unfinished).
std::string result_line(const LayerOutcome& o, const nlohmann::json& report);

}  // namespace sim
