// SPDX-License-Identifier: Apache-2.0
// A quantised network's conv and FC layers on a Verilated accelerator (docs/network.md): each
// layer mapped and compiled like make sim's, run from a fresh model and DRAM with the previous
// layer's ofmap as its ifmap, and checked bit for bit against the golden engine on that input.
#pragma once
#include <fmt/format.h>

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "compiler/energy.hpp"
#include "compiler/mapper.hpp"
#include "sim/layer_runner.hpp"
#include "sim/network.hpp"
#include "sim/network_program.hpp"

namespace sim::net {

struct RtlLayerRun {
    nlohmann::json report;  // layer_report(): cycles, utilisation, DRAM bytes, energy, status
    golden::ActTensor ofmap;
};

// Throws std::runtime_error naming the layer when it does not map, or its run does not PASS
// (with opt.rlc: also when the ifmap bytes the fills read differ from the image's,
// LayerOutcome::rlc_bytes_ok).
template <class Model>
RtlLayerRun run_rtl_layer(const Network& net, const Layer& l, const golden::ActTensor& x,
                          const compiler::HwConfig& hw, const compiler::EnergyCosts& costs,
                          const NetLayerOptions& opt = {}) {
    DramConfig dcfg;
    const compiler::LayerProgram prog = compile_net_layer(net, l, x.dim[0], hw, opt);
    compiler::LayerData data;
    data.ifmap = x;
    data.filter = l.qweight;
    data.bias = l.qbias;
    LayerOutcome o = simulate_layer<Model>(prog, data, dcfg);
    RtlLayerRun r{layer_report(o, costs), std::move(o.check.got)};
    if (!o.pass())
        throw std::runtime_error(fmt::format(
            "{}: the RTL run is {} ({} mismatches against golden{})", l.name, o.status(),
            o.check.mismatches,
            o.rlc_bytes_ok() ? ""
                             : fmt::format("; ifmap bytes read {}, the compressed image's {}",
                                           o.ifmap_read_bytes(), *o.rlc_expected_ifmap_bytes)));
    return r;
}

// One layer's figures summed over every image of a network run.
struct RtlLayerTotals {
    int64_t cycles = 0, macs = 0, zero_skipped = 0, dram_bytes = 0;
    int64_t input_zeros = 0, inputs = 0;  // of the layer's input (host layers too)
    double energy = 0;
    // With NetLayerOptions::rlc (the report's rlc object): ifmap bytes the fills read, and what
    // the uncompressed fills would.
    int64_t rlc_ifmap_bytes = 0, ifmap_bytes_uncompressed = 0;
};

struct RtlNetworkRun {
    std::vector<RtlLayerTotals> layers;  // one per network layer
    std::vector<int> predictions;        // argmax of the last layer, per image
    double wall_seconds = 0;
};

// The first input.dim[0] images through the network, `batch` at a time: every conv and FC layer
// on a fresh Model (run_rtl_layer: bit-exact against golden or it throws), pooling on the host.
// `progress` (if given) gets one line per layer run.
template <class Model>
RtlNetworkRun run_network_rtl(const Network& q, const golden::ActTensor& input, int batch,
                              const compiler::HwConfig& hw, const compiler::EnergyCosts& costs,
                              const std::function<void(const std::string&)>& progress = {},
                              const NetLayerOptions& opt = {}) {
    using Clock = std::chrono::steady_clock;
    const int n = input.dim[0];
    const size_t per = input.size() / size_t(n);
    RtlNetworkRun run;
    run.layers.resize(q.layers.size());
    const auto t0 = Clock::now();
    for (int first = 0; first < n; first += batch) {
        const int m = std::min(batch, n - first);
        golden::ActTensor x(m, input.dim[1], input.dim[2], input.dim[3]);
        std::copy(input.data.begin() + first * per, input.data.begin() + (first + m) * per,
                  x.data.begin());
        for (size_t i = 0; i < q.layers.size(); ++i) {
            const Layer& l = q.layers[i];
            RtlLayerTotals& t = run.layers[i];
            for (int32_t v : x.data) t.input_zeros += v == 0;
            t.inputs += int64_t(x.size());
            if (!l.on_accelerator()) {
                x = run_golden_layer(q, l, x);
                continue;
            }
            RtlLayerRun r = run_rtl_layer<Model>(q, l, x, hw, costs, opt);
            const int64_t cycles = r.report["cycles"].get<int64_t>();
            t.cycles += cycles;
            t.macs += r.report["macs"].get<int64_t>();
            t.zero_skipped += r.report["zero_skipped_macs"].get<int64_t>();
            for (const char* k : {"dram_read_bytes", "dram_write_bytes"})
                for (const auto& [type, v] : r.report[k].items())
                    t.dram_bytes += v.template get<int64_t>();
            t.energy += r.report["energy"]["total"].get<double>();
            if (const auto& rj = r.report["rlc"];
                rj.is_object() && rj.contains("ifmap_bytes_moved")) {
                t.rlc_ifmap_bytes += rj["ifmap_bytes_moved"].get<int64_t>();
                t.ifmap_bytes_uncompressed += rj["ifmap_bytes_uncompressed"].get<int64_t>();
            }
            x = std::move(r.ofmap);
            if (progress)
                progress(fmt::format("images {}-{} of {}: {} bit-exact, {} cycles, {:.0f} s",
                                     first + 1, first + m, n, l.name, cycles,
                                     std::chrono::duration<double>(Clock::now() - t0).count()));
        }
        const auto p = argmax(x);
        run.predictions.insert(run.predictions.end(), p.begin(), p.end());
    }
    run.wall_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return run;
}

}  // namespace sim::net
