// SPDX-License-Identifier: Apache-2.0
// A network layer's accelerator program (Verilator-free): the mapping and command list an RTL
// run of the layer uses (sim/network_runner.hpp runs it), and the DRAM bytes of its ifmap fills
// with the ifmap run-length compressed, computed from the image (compiler/rlc_image.hpp) for a
// golden-engine run (rsacc-net run --rlc).
#pragma once
#include <cstdint>

#include "compiler/hw_config.hpp"
#include "compiler/layer_program.hpp"
#include "compiler/mapper.hpp"
#include "sim/network.hpp"

namespace sim::net {

// How rsacc-net maps and compiles a network's accelerator layers.
struct NetLayerOptions {
    compiler::Objective objective = compiler::Objective::Cycles;
    double cycles_within = 0;  // compiler::CostOptions::cycles_within (dram, energy, edp)
    // LayerOptions::rlc and rlc_ofmap: ifmap and ofmap run-length compressed, each where its rows
    // can shrink (compiler::rlc_can_shrink: not the one-word rows of FC layers).
    bool rlc = false;
};

// Layer `l` of `net` at batch `n`, mapped (map_layer with `objective`, DRAM time weighed at the
// DRAM model's link rate, sim::DramConfig) and compiled for `hw` with the layer's shift, ReLU, a
// bias and `rlc` (per tensor, see NetLayerOptions). Throws std::runtime_error naming the layer
// when it does not map or compile.
compiler::LayerProgram compile_net_layer(const Network& net, const Layer& l, int n,
                                         compiler::HwConfig hw, const NetLayerOptions& opt);

// The DRAM bytes of one accelerator layer with and without a compressed ifmap and ofmap,
// computed from its program (compiled with rlc), the DRAM image of its input `x` and its golden
// output, not simulated.
struct RlcLayerBytes {
    bool ifmap_compressed = false, ofmap_compressed = false;  // the program's options
    int64_t ifmap_uncompressed = 0;  // the ifmap fills as commanded (DramTraffic read[Ifmap])
    int64_t ifmap_rlc = 0;           // compiler::rlc_ifmap_fill_bytes: table + row words read
    int64_t ofmap_uncompressed = 0;  // the drains as commanded (DramTraffic write[Ofmap])
    int64_t ofmap_rlc = 0;           // compiler::rlc_ofmap_drain_bytes: row + table words written
    int64_t total_uncompressed = 0;  // every fill, drain and the command list (DramTraffic)
    int64_t total_rlc() const {
        return total_uncompressed - ifmap_uncompressed + ifmap_rlc - ofmap_uncompressed + ofmap_rlc;
    }
};
// A tensor compiled without compression moves its uncompressed bytes. Equal to what the RTL's
// counters show for the run (tests/top "[rlc]" holds them to these functions on random layers).
RlcLayerBytes rlc_layer_bytes(const compiler::LayerProgram& prog, const Layer& l,
                              const golden::ActTensor& x);

}  // namespace sim::net
