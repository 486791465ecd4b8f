// SPDX-License-Identifier: Apache-2.0
// A quantised network's conv and FC layers on a Verilated accelerator (docs/network.md): each
// layer mapped and compiled like make sim's, run from a fresh model and DRAM with the previous
// layer's ofmap as its ifmap, and checked bit for bit against the golden engine on that input.
#pragma once
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "compiler/energy.hpp"
#include "compiler/mapper.hpp"
#include "sim/layer_runner.hpp"
#include "sim/network.hpp"

namespace sim::net {

struct RtlLayerRun {
    nlohmann::json report;  // layer_report(): cycles, utilisation, DRAM bytes, energy, status
    golden::ActTensor ofmap;
};

// Throws std::runtime_error naming the layer when it does not map, or its run does not PASS.
template <class Model>
RtlLayerRun run_rtl_layer(const Network& net, const Layer& l, const golden::ActTensor& x,
                          compiler::HwConfig hw, const compiler::EnergyCosts& costs) {
    if (hw.data_width != net.numerics.data_width || hw.acc_width != net.numerics.acc_width)
        throw std::runtime_error(fmt::format(
            "{}: the network is {}-bit (A = {}), this accelerator model {}-bit (A = {})", l.name,
            net.numerics.data_width, net.numerics.acc_width, hw.data_width, hw.acc_width));
    const golden::LayerShape L = l.shape(x.dim[0]);
    DramConfig dcfg;
    hw.dram_bytes_per_cycle = dcfg.bytes_per_cycle;
    compiler::Mapping mapping;
    try {
        mapping = compiler::map_layer(L, hw);
    } catch (const std::exception& e) {
        throw std::runtime_error(fmt::format("{}: does not map: {}", l.name, e.what()));
    }
    compiler::LayerOptions opt;
    opt.shift = l.shift;
    opt.relu = l.relu;
    opt.bias = true;
    const compiler::LayerProgram prog = compiler::compile_layer(L, mapping, hw, opt);
    compiler::LayerData data;
    data.ifmap = x;
    data.filter = l.qweight;
    data.bias = l.qbias;
    LayerOutcome o = simulate_layer<Model>(prog, data, dcfg);
    RtlLayerRun r{layer_report(o, costs), std::move(o.check.got)};
    if (!o.pass())
        throw std::runtime_error(fmt::format("{}: the RTL run is {} ({} mismatches against golden)",
                                             l.name, o.status(), o.check.mismatches));
    return r;
}

}  // namespace sim::net
