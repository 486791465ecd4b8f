// SPDX-License-Identifier: Apache-2.0
// sim/network_program.hpp: a network layer's program and its compressed-ifmap DRAM bytes.
#include "sim/network_program.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "compiler/dram_traffic.hpp"
#include "compiler/layer_data.hpp"
#include "compiler/rlc_image.hpp"
#include "sim/dram.hpp"

namespace sim::net {

compiler::LayerProgram compile_net_layer(const Network& net, const Layer& l, int n,
                                         compiler::HwConfig hw, const NetLayerOptions& opt) {
    if (hw.data_width != net.numerics.data_width || hw.acc_width != net.numerics.acc_width)
        throw std::runtime_error(fmt::format(
            "{}: the network is {}-bit (A = {}), this accelerator model {}-bit (A = {})", l.name,
            net.numerics.data_width, net.numerics.acc_width, hw.data_width, hw.acc_width));
    const golden::LayerShape L = l.shape(n);
    hw.dram_bytes_per_cycle = DramConfig{}.bytes_per_cycle;  // as the RTL run's DRAM model
    compiler::Mapping mapping;
    try {
        compiler::CostOptions co;  // a bias, as compiled below
        co.cycles_within = opt.cycles_within;
        mapping = compiler::map_layer(L, hw, opt.objective, co);
    } catch (const std::exception& e) {
        throw std::runtime_error(fmt::format("{}: does not map: {}", l.name, e.what()));
    }
    compiler::LayerOptions lo;
    lo.shift = l.shift;
    lo.relu = l.relu;
    lo.bias = true;
    // Only tensors whose rows can shrink (one-word rows, as FC layers have, never do).
    lo.rlc = opt.rlc && compiler::rlc_can_shrink(compiler::row_pitch_words(L.W, hw));
    lo.rlc_ofmap = opt.rlc && compiler::rlc_can_shrink(compiler::row_pitch_words(L.F(), hw));
    return compiler::compile_layer(L, mapping, hw, lo);
}

RlcLayerBytes rlc_layer_bytes(const compiler::LayerProgram& prog, const Layer& l,
                              const golden::ActTensor& x) {
    const compiler::DramTraffic t = compiler::command_list_traffic(prog.commands);
    RlcLayerBytes b;
    b.ifmap_compressed = prog.options.rlc;
    b.ofmap_compressed = prog.options.rlc_ofmap;
    b.ifmap_uncompressed = t.read[size_t(contract::DataType::Ifmap)];
    b.total_uncompressed = t.total();
    b.ifmap_rlc = int64_t(compiler::rlc_ifmap_fill_bytes(prog, prog.image(x, l.qweight, l.qbias)));
    b.ofmap_uncompressed = t.write[size_t(contract::DataType::Ofmap)];
    const compiler::LayerData data{x, l.qweight, l.qbias};
    const golden::ActTensor y = compiler::reference_ofmap(prog.layer, prog.hw, data,
                                                          {prog.options.shift, prog.options.relu});
    b.ofmap_rlc = int64_t(compiler::rlc_ofmap_drain_bytes(prog, y));
    return b;
}

}  // namespace sim::net
