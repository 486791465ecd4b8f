// SPDX-License-Identifier: Apache-2.0
// Random layers for the soak test (rsacc-soak, docs/soak.md): layer `index` of soak `seed` is
// drawn from (seed, index) alone, so any one of them can be rerun by itself. A draw covers the
// shapes the mapper accepts, their edges (1 x 1 inputs, filters as tall as the array, strides
// larger than the filter, asymmetric padding, groups and depthwise, FC, batch 1-4), the output
// stage (bias, ReLU, a shift that saturates), the data's zero fraction, a compressed ifmap, the DRAM link (latency,
// bandwidth, stalls) and the power-up state of the model. A draw that does not map or compile,
// or whose estimated run is over the cycle budget, is drawn again from the same random stream.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/buffer_plan.hpp"
#include "compiler/hw_config.hpp"
#include "compiler/layer_data.hpp"
#include "compiler/layer_program.hpp"
#include "compiler/mapper.hpp"
#include "golden/layer.hpp"
#include "sim/accel_types.hpp"
#include "sim/dram.hpp"

namespace sim {

struct SoakLimits {
    // Estimated cycles of one layer at most (mapper estimate at the link's effective rate, plus
    // latency per DRAM transaction stream); bigger draws are redrawn. Sized so a layer averages
    // a few seconds on the 12 x 14 model with assertions (docs/soak.md).
    int64_t budget_cycles = 150'000;
    int max_redraws = 20'000;
};

struct SoakDraw {
    uint64_t seed = 0, index = 0;
    std::string kind;  // conv, grouped, depthwise, fc, pointwise, input1x1
    golden::LayerShape layer;
    compiler::Mapping mapping;
    bool random_mapping = false;  // a random legal mapping, not the mapper's best
    bool bias = false, relu = false;
    // The ifmap and ofmap run-length compressed in DRAM (LayerOptions::rlc and rlc_ofmap). Drawn
    // from (seed, index) on a
    // stream of its own, so the other fields are those of draws made before it existed.
    bool rlc = false;
    int shift_reduction = 0;  // > 0: shift = max(0, auto_shift - this) (saturates)
    double zero_fraction = 0;
    DramConfig dram;             // latency, bandwidth, stall probability, stall seed
    uint32_t power_up_seed = 0;  // 0: all-zero power-up
    uint64_t data_seed = 0;
    double effective_bytes_per_cycle = 0;  // the link's rate after stalls and latency (estimate)
    int64_t est_cycles = 0;                // estimate the budget was checked against
    uint64_t max_cycles = 0;               // cycle limit of the run (a hang ends as TIMEOUT)
    int redraws_unmappable = 0;            // draws refused by the mapper or the compiler
    int redraws_budget = 0;                // draws over the cycle budget
    compiler::GlbPlan glb;  // the compiled program's buffer plan (for the distribution)
    int64_t passes = 0, fills = 0, drains = 0;

    // Data with this draw's seed, zero fraction and bias.
    compiler::LayerData make_data(const compiler::HwConfig& hw) const;
    // Options with the shift for `auto_shift_value` (auto_shift() of the data).
    compiler::LayerOptions options(int auto_shift_value) const;
    // Everything a run of the draw on `hw` needs: its data, the options with the shift from that
    // data, the program (its mapping, compiled for the link's effective rate) and the run
    // options (cycle limit, power-up state).
    struct Prepared {
        compiler::LayerData data;
        int auto_shift = 0;
        compiler::LayerOptions options;
        compiler::LayerProgram program;
        AccelRunOptions run;
    };
    Prepared prepare(const compiler::HwConfig& hw) const;
    // "N=2 C=8 H=13 W=9 M=16 R=3 S=3 U=2/1 pad=1,0,2,1 G=1 (conv) | DRAM lat 37 bw 0.83 stall
    //  0.61 | zeros 0.42 bias relu sat-4 | power-up 0x1234abcd"
    std::string describe() const;
    // Edge categories of the draw (booleans, the zero-fraction bucket): summary distribution.
    nlohmann::json categories(const compiler::HwConfig& hw) const;
    nlohmann::json to_json() const;
};

// Layer `index` of soak `seed` on `hw`. Throws std::runtime_error when max_redraws draws in a
// row were refused (never expected).
SoakDraw draw_soak_layer(uint64_t seed, uint64_t index, const compiler::HwConfig& hw,
                         const SoakLimits& limits = {});

}  // namespace sim
