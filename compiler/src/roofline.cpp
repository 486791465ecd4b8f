// SPDX-License-Identifier: Apache-2.0
// The roofline of compiler/roofline.hpp.
#include "compiler/roofline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace compiler {

namespace {

// Positions of an unpadded ifmap dimension of `size` that at least one of `outputs` windows of
// `window` (padded coordinates, first window at 0, `stride` apart) reads; `pad` leading pads.
int64_t covered(int size, int pad, int window, int stride, int outputs) {
    int64_t count = 0, done = -1;  // positions up to `done` are counted
    for (int64_t o = 0; o < outputs; ++o) {
        const int64_t first = o * stride - pad;
        const int64_t lo = std::max<int64_t>({first, 0, done + 1});
        const int64_t hi = std::min<int64_t>(first + window - 1, size - 1);
        if (hi >= lo) count += hi - lo + 1, done = hi;
    }
    return count;
}

}  // namespace

Roofline roofline(const golden::LayerShape& L, const HwConfig& hw, bool bias) {
    L.validate();
    hw.validate();
    Roofline r;
    const int64_t db = hw.data_bytes();
    const int64_t rows = covered(L.H, L.pad_top, L.R, L.stride_v, L.E());
    const int64_t cols = covered(L.W, L.pad_left, L.S, L.stride_h, L.F());
    r.ifmap_bytes = int64_t{L.N} * L.C * rows * cols * db;
    r.filter_bytes = int64_t{L.M} * L.C_per_group() * L.R * L.S * db;
    r.bias_bytes = bias ? int64_t{L.M} * hw.psum_container_bytes() : 0;
    r.ofmap_bytes = int64_t{L.N} * L.M * L.E() * L.F() * db;
    r.compulsory_bytes = r.ifmap_bytes + r.filter_bytes + r.bias_bytes + r.ofmap_bytes;
    r.macs = L.macs();
    r.pes = hw.pes();
    r.mac_cycles = hw.mac_cycles();
    r.dram_bytes_per_cycle = hw.dram_bytes_per_cycle;
    r.compute_cycles = (r.macs + r.pes - 1) / r.pes * r.mac_cycles;
    r.dram_cycles = int64_t(std::ceil(double(r.compulsory_bytes) / hw.dram_bytes_per_cycle));
    return r;
}

nlohmann::json Roofline::to_json(int64_t cycles) const {
    nlohmann::json j = {{"compute_cycles", compute_cycles},
                        {"dram_cycles", dram_cycles},
                        {"bound_cycles", bound_cycles()},
                        {"binding", binding()},
                        {"compulsory_dram_bytes", compulsory_bytes},
                        {"compulsory_by_type",
                         {{"ifmap", ifmap_bytes},
                          {"filter", filter_bytes},
                          {"bias", bias_bytes},
                          {"ofmap", ofmap_bytes}}},
                        {"dram_bytes_per_cycle", dram_bytes_per_cycle},
                        {"pes", pes},
                        {"mac_cycles", mac_cycles},
                        // With RLC the bytes depend on the data: known for a run that compresses.
                        {"rlc", rlc_bytes ? nlohmann::json{{"compulsory_dram_bytes", rlc_bytes},
                                                           {"dram_cycles", rlc_dram_cycles()}}
                                          : nlohmann::json()}};
    if (cycles > 0) {
        j["cycles"] = cycles;
        j["fraction_of_roofline"] = fraction_of(cycles);
    }
    return j;
}

std::string Roofline::describe() const {
    // 3 significant figures with an SI prefix (M, k), or the number itself below 1000; `unit`
    // " cycles" or "B".
    const auto si = [](double v, const std::string& unit) {
        return v >= 1e6   ? fmt::format("{:.3g} M{}", v / 1e6, unit)
               : v >= 1e3 ? fmt::format("{:.3g} k{}", v / 1e3, unit)
                          : fmt::format("{}{}{}", v, unit[0] == ' ' ? "" : " ", unit);
    };
    const std::string rlc = rlc_bytes ? fmt::format("{}, {}", si(double(rlc_bytes), "B"),
                                                    si(double(rlc_dram_cycles()), " cycles"))
                                      : std::string("n/a, depends on the data");
    return fmt::format(
        "compute {}, DRAM {} (compulsory {} at {:g} B/cycle; with RLC: {}): {}-bound",
        si(double(compute_cycles), " cycles"), si(double(dram_cycles), " cycles"),
        si(double(compulsory_bytes), "B"), dram_bytes_per_cycle, rlc, binding());
}

int64_t Roofline::rlc_dram_cycles() const {
    return dram_bytes_per_cycle > 0 ? int64_t(std::ceil(double(rlc_bytes) / dram_bytes_per_cycle))
                                    : 0;
}

}  // namespace compiler
