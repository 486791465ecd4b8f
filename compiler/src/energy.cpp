// SPDX-License-Identifier: Apache-2.0
// Energy costs and estimate of compiler/energy.hpp.
#include "compiler/energy.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>
#include <stdexcept>

namespace compiler {

EnergyCosts EnergyCosts::parse(const std::string& spec) {
    EnergyCosts c;
    std::stringstream ss(spec);
    std::string item;
    std::set<std::string> seen;
    while (std::getline(ss, item, ',')) {
        const auto eq = item.find('=');
        auto bad = [&](const char* why) {
            throw std::invalid_argument(fmt::format("energy costs: item '{}' {}", item, why));
        };
        if (eq == std::string::npos) bad("is not key=value");
        const std::string key = item.substr(0, eq), val = item.substr(eq + 1);
        if (!seen.insert(key).second) bad("sets a key a second time");
        char* end = nullptr;
        const double v = std::strtod(val.c_str(), &end);
        if (val.empty() || *end != '\0' || !std::isfinite(v) || v < 0)
            bad("needs a finite number >= 0");
        if (key == "dram") c.dram = v;
        else if (key == "glb") c.glb = v;
        else if (key == "noc") c.noc = v;
        else if (key == "spad") c.spad = v;
        else if (key == "mac") c.mac = v;
        else if (key == "sc_lane") c.sc_lane = v;
        else bad("has an unknown key (dram, glb, noc, spad, mac, sc_lane)");
    }
    return c;
}

nlohmann::json EnergyCosts::to_json() const {
    return {{"dram", dram}, {"glb", glb}, {"noc", noc},
            {"spad", spad}, {"mac", mac}, {"sc_lane", sc_lane}};
}

EnergyBreakdown energy_breakdown(const std::array<uint64_t, contract::kNumPerf>& perf,
                                 const EnergyCosts& costs, bool stochastic_mac) {
    using namespace contract;
    EnergyBreakdown e;
    // 16-bit words: a 64-bit DRAM beat or buffer word is 4.
    for (int t = 0; t < kNumDataTypes; ++t) {
        e.dram_by_type[size_t(t)] =
            costs.dram * double(perf[kPerfDramRead + t] + perf[kPerfDramWrite + t]) * 4.0;
        e.glb_by_type[size_t(t)] =
            costs.glb * double(perf[kPerfGlbRead + t] + perf[kPerfGlbWrite + t]) * 4.0;
        e.dram += e.dram_by_type[size_t(t)];
        e.glb += e.glb_by_type[size_t(t)];
    }
    e.noc_filter = costs.noc * double(perf[kPerfNocFilter]);
    e.noc_ifmap = costs.noc * double(perf[kPerfNocIfmap]);
    e.noc_psum = costs.noc * double(perf[kPerfNocPsum] + perf[kPerfArrayOut]);
    e.spad_filter = costs.spad * double(perf[kPerfFilterSpadRead] + perf[kPerfFilterSpadWrite]);
    e.spad_ifmap = costs.spad * double(perf[kPerfIfmapSpadRead] + perf[kPerfIfmapSpadWrite]);
    e.spad_psum = costs.spad * double(perf[kPerfPsumSpadRead] + perf[kPerfPsumSpadWrite]);
    e.mac = stochastic_mac ? costs.sc_lane * double(perf[kPerfScLaneCycles])
                           : costs.mac * double(perf[kPerfMac]);
    return e;
}

nlohmann::json energy_estimate(const std::array<uint64_t, contract::kNumPerf>& perf,
                               const EnergyCosts& costs, int64_t macs, bool stochastic_mac) {
    using namespace contract;
    const EnergyBreakdown e = energy_breakdown(perf, costs, stochastic_mac);
    nlohmann::json e_dram, e_glb;
    for (int t = 0; t < kNumDataTypes; ++t) {
        const char* name = to_string(DataType(t));
        e_dram[name] = e.dram_by_type[size_t(t)];
        e_glb[name] = e.glb_by_type[size_t(t)];
    }
    const double total = e.total();
    nlohmann::json e_mac = {{"total", e.mac}, {"model", "exact: mac per MAC"}};
    if (stochastic_mac) {
        e_mac["model"] =
            "stochastic: sc_lane per lane-cycle (uSystolic's unary vs binary PE power, a borrowed "
            "estimate)";
        e_mac["lane_cycles"] = perf[kPerfScLaneCycles];
    }
    return {
        {"units",
         "normalised to one MAC (Eyeriss JSSC 2017 costs); an estimate from access "
         "counts, not a circuit model"},
        {"costs", costs.to_json()},
        {"dram", {{"total", e.dram}, {"by_type", e_dram}}},
        {"glb", {{"total", e.glb}, {"by_type", e_glb}}},
        {"noc",
         {{"total", e.noc()},
          {"by_type", {{"filter", e.noc_filter}, {"ifmap", e.noc_ifmap}, {"psum", e.noc_psum}}}}},
        {"spad",
         {{"total", e.spad()},
          {"by_type", {{"filter", e.spad_filter}, {"ifmap", e.spad_ifmap}, {"psum", e.spad_psum}}}}},
        {"mac", e_mac},
        {"total", total},
        {"per_mac", macs ? total / double(macs) : 0.0}};
}

}  // namespace compiler
