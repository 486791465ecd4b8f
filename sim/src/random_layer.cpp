// SPDX-License-Identifier: Apache-2.0
// Random soak layers (sim/random_layer.hpp).
#include "sim/random_layer.hpp"

#include "sim/layer_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>
#include <stdexcept>

namespace sim {

using namespace compiler;

namespace {

uint64_t splitmix64(uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

class Picker {
public:
    explicit Picker(uint64_t seed) : rng_(seed) {}
    std::mt19937_64& rng() { return rng_; }
    int uni(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
    double real(double lo, double hi) {
        return std::uniform_real_distribution<double>(lo, hi)(rng_);
    }
    bool chance(double p) { return real(0, 1) < p; }
    // Integer in [lo, hi], log-uniform (small values as likely per octave as large ones).
    int logint(int lo, int hi) {
        const double v = std::exp(real(std::log(double(lo)), std::log(double(hi) + 1)));
        return std::clamp(int(v), lo, hi);
    }
    // Integer in [0, hi], log-uniform over [1, hi + 1] shifted down by one.
    int logint0(int hi) { return logint(1, hi + 1) - 1; }
    double logreal(double lo, double hi) { return std::exp(real(std::log(lo), std::log(hi))); }
    uint64_t bits() { return rng_(); }

private:
    std::mt19937_64 rng_;
};

// Stride of one dimension: mostly 1, some 2, a few 3-4.
int draw_stride(Picker& pk) {
    const double u = pk.real(0, 1);
    return u < 0.6 ? 1 : u < 0.85 ? 2 : pk.uni(3, 4);
}

// Pads before/after for a filter of size k: none, symmetric, or independent (asymmetric).
std::pair<int, int> draw_pads(Picker& pk, int k) {
    if (k == 1) return {0, 0};
    const double u = pk.real(0, 1);
    if (u < 0.4) return {0, 0};
    if (u < 0.6) {
        const int p = pk.uni(0, k - 1);
        return {p, p};
    }
    return {pk.uni(0, k - 1), pk.uni(0, k - 1)};
}

// Ifmap size for a filter of size k with pads a + b: at least what the filter needs, at least 1.
int draw_extent(Picker& pk, int k, int a, int b, int extra_max) {
    return std::max(1, k - a - b) + pk.logint0(extra_max);
}

void draw_shape(Picker& pk, SoakDraw& d, const HwConfig& hw) {
    golden::LayerShape& L = d.layer;
    L = golden::LayerShape{};
    L.name = fmt::format("soak{}", d.index);
    L.N = pk.chance(0.45) ? 1 : pk.uni(2, 4);
    const double k = pk.real(0, 1);
    d.kind = k < 0.36   ? "conv"
             : k < 0.48 ? "grouped"
             : k < 0.60 ? "depthwise"
             : k < 0.74 ? "fc"
             : k < 0.86 ? "pointwise"
             : k < 0.94 ? "input1x1"
                        : "buffer";
    const int max_s = hw.ifmap_words;  // q*S <= ifmap scratchpad words
    if (d.kind == "fc") {
        // The filter covers the whole padded input: a 1 x 1 ofmap.
        const bool pad = pk.chance(0.3);
        L.H = pk.logint(1, hw.rows);
        L.W = pk.logint(1, max_s);
        if (pad) {
            L.pad_top = pk.uni(0, std::min(2, hw.rows - L.H));
            L.pad_bottom = pk.uni(0, std::min(2, hw.rows - L.H - L.pad_top));
            L.pad_left = pk.uni(0, std::min(2, max_s - L.W));
            L.pad_right = pk.uni(0, std::min(2, max_s - L.W - L.pad_left));
        }
        L.R = L.H + L.pad_top + L.pad_bottom;
        L.S = L.W + L.pad_left + L.pad_right;
        L.C = pk.logint(1, 192);
        L.M = pk.logint(1, 192);
        return;
    }
    if (d.kind == "pointwise") {
        L.R = L.S = 1;
        L.stride_v = draw_stride(pk);
        L.stride_h = draw_stride(pk);
        // Now and then long rows and many channels: with a random mapping, ifmap tiles or psum
        // regions too big for double buffering or for an ofmap region of their own.
        const bool wide = pk.chance(0.3);
        L.C = pk.logint(1, wide ? 256 : 128);
        L.M = pk.logint(1, 128);
        L.H = pk.logint(1, wide ? 32 : 24);
        L.W = pk.logint(wide ? 24 : 1, wide ? 160 : 24);
        return;
    }
    if (d.kind == "buffer") {
        // Cheap layers whose big passes (a random mapping, draw_soak_layer) fill the buffer:
        // many channels of long rows (an ifmap tile too big to double-buffer), or many
        // filters of long rows (psums leaving no room for an ofmap region of their own).
        // They move tens of KB per pass: a fast link keeps them within the cycle budget.
        d.dram.bytes_per_cycle = pk.logreal(1.0, 8.0);
        d.dram.latency_cycles = std::min<int64_t>(d.dram.latency_cycles, 200);
        L.R = L.S = pk.chance(0.7) ? 1 : 3;
        std::tie(L.pad_top, L.pad_bottom) = draw_pads(pk, L.R);
        std::tie(L.pad_left, L.pad_right) = draw_pads(pk, L.S);
        if (pk.chance(0.5)) {
            L.C = pk.uni(48, 192);
            L.H = pk.uni(std::max(1, L.R - L.pad_top - L.pad_bottom), 6);
            L.W = pk.uni(40, 128);
            L.M = pk.uni(1, 4);
        } else {
            L.C = pk.uni(1, 3);
            L.H = pk.uni(8, 30);
            L.W = pk.uni(64, 128);
            L.M = pk.uni(12, 32);
        }
        return;
    }
    if (d.kind == "input1x1") {
        // H = W = 1: the filter fits only thanks to padding (pads still < filter size).
        L.H = L.W = 1;
        L.R = pk.uni(1, 3);
        L.S = pk.uni(1, 3);
        L.pad_top = pk.uni(0, L.R - 1);
        L.pad_bottom = pk.uni(L.R - 1 - L.pad_top, L.R - 1);
        L.pad_left = pk.uni(0, L.S - 1);
        L.pad_right = pk.uni(L.S - 1 - L.pad_left, L.S - 1);
        L.stride_v = draw_stride(pk);
        L.stride_h = draw_stride(pk);
        L.C = pk.logint(1, 64);
        L.M = pk.logint(1, 64);
        return;
    }
    // conv, grouped, depthwise: filters as tall as the array now and then, strides larger than
    // the filter now and then.
    const bool tall = pk.chance(0.12);
    L.R = tall ? hw.rows : pk.uni(1, std::min(7, hw.rows));
    L.S = tall ? pk.uni(1, 5) : pk.chance(0.1) ? pk.uni(1, max_s) : pk.uni(1, std::min(7, max_s));
    L.stride_v = draw_stride(pk);
    L.stride_h = draw_stride(pk);
    if (pk.chance(0.12)) {  // stride > filter size in one or both directions (skipped pixels)
        const int which = pk.uni(0, 2);
        if (which != 1) L.stride_v = L.R + pk.uni(1, 3);
        if (which != 0) L.stride_h = L.S + pk.uni(1, 3);
    }
    std::tie(L.pad_top, L.pad_bottom) = draw_pads(pk, L.R);
    std::tie(L.pad_left, L.pad_right) = draw_pads(pk, L.S);
    const bool wide = pk.chance(0.1);  // long rows: several row chunks, big ifmap tiles
    L.H = draw_extent(pk, L.R, L.pad_top, L.pad_bottom, wide ? 30 : 40);
    L.W = draw_extent(pk, L.S, L.pad_left, L.pad_right, wide ? 250 : 40);
    if (d.kind == "conv") {
        L.C = pk.logint(1, 48);
        L.M = pk.logint(1, 64);
    } else if (d.kind == "grouped") {
        L.groups = pk.uni(2, 8);
        L.C = L.groups * pk.logint(1, 8);
        L.M = L.groups * pk.logint(1, 8);
    } else {  // depthwise
        L.groups = L.C = L.M = pk.logint(2, 64);
    }
}

// Rough sustained rate of the link in bytes per cycle: one 8-byte beat per 8/bw cycles of
// credit plus the wait for a cycle without a forced stall, and at most 64 reads in flight per
// latency (responses are held back with the stall probability too).
double effective_rate(const DramConfig& c) {
    const double p = c.stall_probability;
    const double per_beat = 8.0 / c.bytes_per_cycle + p / (1 - p);
    const double by_rate = 8.0 / per_beat;
    const double by_latency =
        double(c.max_outstanding_reads) * 8.0 / (double(c.latency_cycles) / (1 - p) + 1);
    return std::min(by_rate, by_latency);
}

// A random legal mapping of L (evaluate_mapping accepts it), or none after some tries.
// Half the time (always with `big`) uniform (big passes: buffer plans without double buffering
// or with the ofmap in place), else log-uniform (small passes: many of them, edge passes).
std::optional<Mapping> draw_mapping(Picker& pk, const golden::LayerShape& L, const HwConfig& hw,
                                    bool force_big = false) {
    const int Mg = L.M_per_group(), Cg = L.C_per_group();
    const bool big = force_big || pk.chance(0.5);
    auto draw = [&](int hi) {
        return big ? pk.uni(1, std::max(1, hi)) : pk.logint(1, std::max(1, hi));
    };
    for (int k = 0; k < 40; ++k) {
        const int n = pk.uni(1, L.N);
        const int e = draw(L.E());
        const int p = draw(std::min(Mg, hw.psum_words));
        const int q = draw(std::min(Cg, hw.ifmap_words / L.S));
        const int r = draw(std::min(hw.rows / L.R, Cg));
        const int bands = std::max(1, hw.rows / (L.R * r));
        const int t = draw(std::min(bands * hw.cols / e, Mg));
        try {
            Mapping m = evaluate_mapping(L, hw, n, e, p, q, r, t);
            // Now and then the tiles_outer order, where the buffer holds every channel chunk's
            // tile (two regions, or one per chunk).
            if (pk.chance(0.3)) {
                try {
                    return evaluate_mapping(L, hw, n, e, p, q, r, t, {}, LoopOrder::TilesOuter);
                } catch (const std::invalid_argument&) {
                }
            }
            return m;
        } catch (const std::invalid_argument&) {
        }
    }
    return std::nullopt;
}

}  // namespace

LayerData SoakDraw::make_data(const HwConfig& hw) const {
    std::mt19937_64 rng(data_seed);
    return random_layer_data(layer, golden::Numerics{hw.data_width, hw.acc_width}, bias,
                             zero_fraction, rng);
}

LayerOptions SoakDraw::options(int auto_shift_value) const {
    LayerOptions o;
    o.bias = bias;
    o.relu = relu;
    o.rlc = o.rlc_ofmap = rlc;
    o.shift =
        shift_reduction > 0 ? std::max(0, auto_shift_value - shift_reduction) : auto_shift_value;
    return o;
}

SoakDraw::Prepared SoakDraw::prepare(const HwConfig& hw) const {
    Prepared p;
    p.data = make_data(hw);
    p.auto_shift = auto_shift(layer, hw.numerics(), p.data);
    p.options = options(p.auto_shift);
    HwConfig mhw = hw;
    mhw.dram_bytes_per_cycle = effective_bytes_per_cycle;
    p.program = compile_layer(layer, mapping, mhw, p.options);
    p.run.max_cycles = max_cycles;
    p.run.power_up_seed = power_up_seed;
    return p;
}

std::string SoakDraw::describe() const {
    const auto& L = layer;
    return fmt::format(
        "N={} C={} H={} W={} M={} R={} S={} U={}/{} pad={},{},{},{} G={} ({}) | DRAM lat {} bw {:.3g} "
        "stall {:.2f} | zeros {:.2f}{}{}{}{} | power-up {}{}",
        L.N, L.C, L.H, L.W, L.M, L.R, L.S, L.stride_v, L.stride_h, L.pad_top, L.pad_bottom,
        L.pad_left, L.pad_right, L.groups, kind, dram.latency_cycles, dram.bytes_per_cycle,
        dram.stall_probability, zero_fraction, rlc ? " rlc" : "", bias ? " bias" : "",
        relu ? " relu" : "",
        shift_reduction ? fmt::format(" shift-{}", shift_reduction) : std::string(),
        power_up_seed ? fmt::format("{:#x}", power_up_seed) : std::string("zeros"),
        random_mapping ? " | random mapping" : "");
}

nlohmann::json SoakDraw::categories(const HwConfig& hw) const {
    const auto& L = layer;
    const double z = zero_fraction;
    return {
        {"groups", L.groups > 1},
        {"depthwise", L.groups > 1 && L.groups == L.C && L.groups == L.M},
        {"stride_gt1", L.stride_v > 1 || L.stride_h > 1},
        {"stride_gt_filter", L.stride_v > L.R || L.stride_h > L.S},
        {"batch_gt1", L.N > 1},
        {"fc",
         L.E() == 1 && L.F() == 1 && L.R == L.H_padded() && L.S == L.W_padded() && L.H * L.W > 1},
        {"input_1x1", L.H == 1 && L.W == 1},
        {"filter_1x1", L.R == 1 && L.S == 1},
        {"r_eq_rows", L.R == hw.rows},
        {"padding", L.pad_top + L.pad_bottom + L.pad_left + L.pad_right > 0},
        {"asymmetric_padding", L.pad_top != L.pad_bottom || L.pad_left != L.pad_right},
        {"saturating_shift", shift_reduction > 0},
        {"relu", relu},
        {"bias", bias},
        {"rlc", rlc},
        {"zero_fraction", z < 0.25   ? "0-0.25"
                          : z < 0.5  ? "0.25-0.5"
                          : z < 0.75 ? "0.5-0.75"
                                     : "0.75-0.95"},
        {"dram_stall_gt_0.5", dram.stall_probability > 0.5},
        {"dram_stall_0", dram.stall_probability == 0},
        {"dram_latency_gt_500", dram.latency_cycles > 500},
        {"dram_bandwidth_lt_0.5", dram.bytes_per_cycle < 0.5},
        {"dram_bandwidth_gt_4", dram.bytes_per_cycle > 4},
        {"random_power_up", power_up_seed != 0},
        {"random_mapping", random_mapping},
        {"channel_passes_gt1", mapping.channel_passes > 1},
        {"filter_passes_gt1", mapping.filter_passes > 1},
        {"row_passes_gt1", mapping.row_passes > 1},
        {"image_passes_gt1", mapping.image_passes > 1},
        {"glb_double_buffered", glb.double_buffered},
        {"glb_ofmap_separate", glb.ofmap_separate},
        {"glb_ofmap_ping_pong", glb.ofmap_ping_pong},
        {"glb_filters_resident", glb.filters_resident},
        {"glb_ifmap_resident", glb.ifmap_resident},
        {"tiles_outer", mapping.order == LoopOrder::TilesOuter},
        {"kind", kind},
    };
}

nlohmann::json SoakDraw::to_json() const {
    const auto& L = layer;
    auto layer_json = layer_sizes_json(L);
    layer_json.update({{"pad_top", L.pad_top},
                       {"pad_bottom", L.pad_bottom},
                       {"pad_left", L.pad_left},
                       {"pad_right", L.pad_right},
                       {"macs", L.macs()}});
    return {{"seed", seed},
            {"index", index},
            {"kind", kind},
            {"layer", layer_json},
            {"mapping", mapping.to_string()},
            {"random_mapping", random_mapping},
            {"program", {{"passes", passes}, {"fills", fills}, {"drains", drains}}},
            {"bias", bias},
            {"relu", relu},
            {"rlc", rlc},
            {"shift_reduction", shift_reduction},
            {"zero_fraction", zero_fraction},
            {"dram",
             {{"latency", dram.latency_cycles},
              {"bytes_per_cycle", dram.bytes_per_cycle},
              {"stall", dram.stall_probability},
              {"seed", dram.seed},
              {"effective_bytes_per_cycle", effective_bytes_per_cycle}}},
            {"power_up_seed", power_up_seed},
            {"data_seed", data_seed},
            {"est_cycles", est_cycles},
            {"max_cycles", max_cycles},
            {"redraws_unmappable", redraws_unmappable},
            {"redraws_budget", redraws_budget}};
}

SoakDraw draw_soak_layer(uint64_t seed, uint64_t index, const HwConfig& hw_in,
                         const SoakLimits& limits) {
    Picker pk(splitmix64(seed ^ splitmix64(index ^ 0x736f616b00000000ULL)));  // "soak"
    int unmappable = 0, over_budget = 0;
    for (int attempt = 0; attempt < limits.max_redraws; ++attempt) {
        SoakDraw d;
        d.seed = seed;
        d.index = index;
        // DRAM link: latency and bandwidth log-uniform, stalls none / light / heavy.
        d.dram.latency_cycles = std::clamp<int64_t>(std::llround(pk.logreal(1, 1000)), 1, 1000);
        d.dram.bytes_per_cycle = pk.logreal(0.05, 8.0);
        const double su = pk.real(0, 1);
        d.dram.stall_probability = su < 0.2 ? 0.0 : su < 0.6 ? pk.real(0, 0.5) : pk.real(0.5, 0.9);
        d.dram.seed = pk.bits();
        d.power_up_seed = pk.chance(0.85) ? uint32_t(pk.bits()) | 1u : 0u;
        const double zu = pk.real(0, 1);
        d.zero_fraction = zu < 0.1 ? 0.0 : zu < 0.2 ? 0.95 : pk.real(0, 0.95);
        d.bias = pk.chance(0.5);
        d.relu = pk.chance(0.5);
        d.shift_reduction = pk.chance(0.2) ? pk.uni(1, 6) : 0;
        draw_shape(pk, d, hw_in);
        d.data_seed = pk.bits();
        const bool want_random_mapping = pk.chance(0.25);

        HwConfig hw = hw_in;
        d.effective_bytes_per_cycle = effective_rate(d.dram);
        hw.dram_bytes_per_cycle =
            d.effective_bytes_per_cycle;  // the mapper weighs DRAM time with it
        LayerProgram prog;
        try {
            d.layer.validate();
            LayerOptions opt;
            opt.bias = d.bias;
            opt.relu = d.relu;
            std::optional<Mapping> m;
            if (d.kind == "buffer") {
                // The first big random mapping whose plan is not the roomy one, else the last.
                for (int k = 0; k < 30; ++k) {
                    auto mk = draw_mapping(pk, d.layer, hw, true);
                    if (!mk) continue;
                    m = mk;
                    const LayerProgram pk_prog = compile_layer(d.layer, *mk, hw, opt);
                    if (!pk_prog.glb.double_buffered || !pk_prog.glb.ofmap_separate) break;
                }
            } else if (want_random_mapping) {
                m = draw_mapping(pk, d.layer, hw);
            }
            d.random_mapping = m.has_value();
            d.mapping = m ? *m : map_layer(d.layer, hw);
            prog = compile_layer(d.layer, d.mapping, hw, opt);
        } catch (const std::invalid_argument&) {
            ++unmappable;
            continue;
        }
        // Latency: every fill and drain starts with a round trip, the command fetch too.
        d.est_cycles = d.mapping.cycles + d.dram.latency_cycles * (prog.fills + prog.drains + 2) +
                       int64_t(double(prog.commands.size()) * 64 / d.effective_bytes_per_cycle);
        if (d.est_cycles > limits.budget_cycles) {
            ++over_budget;
            continue;
        }
        d.max_cycles = uint64_t(20 * d.est_cycles + 200'000);
        d.glb = prog.glb;
        d.passes = prog.passes;
        d.fills = prog.fills;
        d.drains = prog.drains;
        d.redraws_unmappable = unmappable;
        d.redraws_budget = over_budget;
        d.rlc = splitmix64(seed ^ splitmix64(index ^ 0x726c630000000000ULL)) % 3 == 0;  // "rlc"
        return d;
    }
    throw std::runtime_error(fmt::format("soak seed {} index {}: no draw mapped within {} tries",
                                         seed, index, limits.max_redraws));
}

}  // namespace sim
