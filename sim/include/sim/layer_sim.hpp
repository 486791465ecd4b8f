// One CNN layer on the accelerator: compile (sim/layer_program.hpp), load the DRAM
// image, run the RTL until done, read the ofmap back and compare every element with the golden
// engine (sim/layer_runner.hpp runs it); plus the report (cycles, traffic, energy estimate) built from the RTL's counters.
#pragma once
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "golden/conv.hpp"
#include "golden/numerics.hpp"
#include "sim/accel_types.hpp"
#include "sim/dram.hpp"
#include "sim/layer_program.hpp"

namespace sim {

struct LayerData {
    golden::ActTensor ifmap, filter;
    std::vector<int64_t> bias;  // empty: no bias
};

// Uniform D-bit values, each zero with probability zero_fraction (activations after a ReLU are
// mostly zeros; zero gating is then visible). Biases are uniform in +-2^(A-2) when wanted.
LayerData random_layer_data(const golden::LayerShape& L, const golden::Numerics& nx, bool bias,
                            double zero_fraction, std::mt19937_64& rng);

// Smallest shift for which no golden accumulator saturates the D-bit output (so random data
// gives informative outputs): max(0, bits(max |acc|) + 1 - D).
int auto_shift(const golden::LayerShape& L, const golden::Numerics& nx, const LayerData& d);

struct Mismatch {
    int n, m, e, f;
    int64_t expected, got;
};

struct LayerCheck {
    golden::ActTensor expected, got;
    int64_t mismatches = 0;
    std::vector<Mismatch> first;  // up to 10
};
LayerCheck compare_ofmaps(golden::ActTensor expected, golden::ActTensor got);

// Normalised energy per access (Eyeriss, JSSC 2017: DRAM 200, buffer 6, NoC 2, scratchpad 1,
// MAC 1). Accesses are counted per 16-bit word moved for DRAM and the buffer (a 64-bit buffer
// word = 4), per transfer for the networks, per access for scratchpads, per MAC done.
struct EnergyCosts {
    double dram = 200, glb = 6, noc = 2, spad = 1, mac = 1;
    // "dram=200,glb=6,noc=2,spad=1,mac=1" (any subset); std::invalid_argument naming the item.
    static EnergyCosts parse(const std::string& spec);
    nlohmann::json to_json() const;
};

struct LayerOutcome {
    LayerProgram program;
    AccelRunResult run;
    DramStats dram;
    LayerCheck check;
    bool pass() const {
        return run.done && !run.timed_out && !run.assertion_failed && run.status == 0 &&
               check.mismatches == 0;
    }
    // PASS; TIMEOUT (stopped by max_cycles); FAIL (mismatches, an assertion, an error status).
    const char* status() const { return pass() ? "PASS" : run.timed_out ? "TIMEOUT" : "FAIL"; }
};

// Machine-readable report (README "reports/<layer>.json").
nlohmann::json layer_report(const LayerOutcome& o, const EnergyCosts& costs);

}  // namespace sim
