// SPDX-License-Identifier: Apache-2.0
// Runs a compiled layer on a Verilated accelerator (any rsacc_top build): fresh model and DRAM,
// load the image, run until done, read back and check the ofmap against the golden engine (its
// stochastic-MAC model on a stochastic accelerator).
#pragma once
#include "compiler/layer_data.hpp"
#include "compiler/rlc_image.hpp"
#include "golden/conv.hpp"
#include "sim/accel.hpp"
#include "sim/dut.hpp"
#include "sim/layer_report.hpp"

namespace sim {

// The ofmap of `prog` as the accelerator left it in `dram`.
inline golden::ActTensor read_ofmap(const compiler::LayerProgram& prog, const Dram& dram) {
    return prog.read_ofmap(dram.read_bytes(prog.ofmap_base, prog.ofmap_bytes()),
                           dram.read_bytes(prog.ofmap_lens_base, prog.ofmap_lens_bytes()));
}

// Runs `prog` with `data` on a fresh Verilated accelerator. The expected ofmap comes from the
// golden engine on the same data; with a run-length compressed ifmap, the ifmap bytes the fills
// must read from the image (LayerOutcome::rlc_expected_ifmap_bytes).
template <class Model>
LayerOutcome simulate_layer(const compiler::LayerProgram& prog, const compiler::LayerData& data,
                            DramConfig dcfg, const TraceOptions& trace = {},
                            const AccelRunOptions& ropt = {}) {
    LayerOutcome o{prog, {}, {}, {}};
    const golden::Numerics nx{prog.hw.data_width, prog.hw.acc_width};
    dcfg.size_bytes = prog.dram_bytes;
    Dram dram(dcfg);
    {
        const compiler::DramImage image = prog.image(data.ifmap, data.filter, data.bias);
        dram.load(image);
        if (prog.options.rlc)
            o.rlc_expected_ifmap_bytes = compiler::rlc_ifmap_fill_bytes(prog, image);
    }
    {
        Dut<Model> dut(trace, PowerUp{ropt.power_up_seed != 0, ropt.power_up_seed});
        o.run = run_accelerator(dut, dram, prog.cmd_base, ropt);
    }
    o.dram = dram.stats();
    const golden::OutputStage out{prog.options.shift, prog.options.relu};
    auto expected = compiler::reference_ofmap(prog.layer, prog.hw, data, out);
    if (prog.options.rlc_ofmap)
        o.rlc_expected_ofmap_bytes = compiler::rlc_ofmap_drain_bytes(prog, expected);
    if (prog.options.rlc || prog.options.rlc_ofmap)
        o.rlc_activation_bytes = compiler::rlc_activation_bytes(prog, data.ifmap, expected);
    golden::ActTensor got;
    try {
        got = read_ofmap(prog, dram);
    } catch (const std::invalid_argument&) {
        // A compressed row that does not decode: every value counts as a mismatch.
        got = expected;
        for (auto& v : got.data) v = ~v;
    }
    o.check = compiler::compare_ofmaps(std::move(expected), std::move(got));
    return o;
}

}  // namespace sim
