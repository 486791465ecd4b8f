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
        else bad("has an unknown key (dram, glb, noc, spad, mac)");
    }
    return c;
}

nlohmann::json EnergyCosts::to_json() const {
    return {{"dram", dram}, {"glb", glb}, {"noc", noc}, {"spad", spad}, {"mac", mac}};
}

nlohmann::json energy_estimate(const std::array<uint64_t, contract::kNumPerf>& perf,
                               const EnergyCosts& costs, int64_t macs) {
    using namespace contract;
    // 16-bit words: a 64-bit DRAM beat or buffer word is 4.
    auto dram_words = [&](int t) {
        return double(perf[kPerfDramRead + t] + perf[kPerfDramWrite + t]) * 4.0;
    };
    auto glb_words = [&](int t) {
        return double(perf[kPerfGlbRead + t] + perf[kPerfGlbWrite + t]) * 4.0;
    };
    nlohmann::json e_dram, e_glb;
    double dram_total = 0, glb_total = 0;
    for (int t = 0; t < kNumDataTypes; ++t) {
        const char* name = to_string(DataType(t));
        e_dram[name] = costs.dram * dram_words(t);
        e_glb[name] = costs.glb * glb_words(t);
        dram_total += costs.dram * dram_words(t);
        glb_total += costs.glb * glb_words(t);
    }
    const double noc_f = costs.noc * double(perf[kPerfNocFilter]);
    const double noc_i = costs.noc * double(perf[kPerfNocIfmap]);
    const double noc_p = costs.noc * double(perf[kPerfNocPsum] + perf[kPerfArrayOut]);
    const double sp_f = costs.spad * double(perf[kPerfFilterSpadRead] + perf[kPerfFilterSpadWrite]);
    const double sp_i = costs.spad * double(perf[kPerfIfmapSpadRead] + perf[kPerfIfmapSpadWrite]);
    const double sp_p = costs.spad * double(perf[kPerfPsumSpadRead] + perf[kPerfPsumSpadWrite]);
    const double mac = costs.mac * double(perf[kPerfMac]);
    const double total = dram_total + glb_total + noc_f + noc_i + noc_p + sp_f + sp_i + sp_p + mac;
    return {{"units",
             "normalised to one MAC (Eyeriss JSSC 2017 costs); an estimate from access "
             "counts, not a circuit model"},
            {"costs", costs.to_json()},
            {"dram", {{"total", dram_total}, {"by_type", e_dram}}},
            {"glb", {{"total", glb_total}, {"by_type", e_glb}}},
            {"noc",
             {{"total", noc_f + noc_i + noc_p},
              {"by_type", {{"filter", noc_f}, {"ifmap", noc_i}, {"psum", noc_p}}}}},
            {"spad",
             {{"total", sp_f + sp_i + sp_p},
              {"by_type", {{"filter", sp_f}, {"ifmap", sp_i}, {"psum", sp_p}}}}},
            {"mac", {{"total", mac}}},
            {"total", total},
            {"per_mac", macs ? total / double(macs) : 0.0}};
}

}  // namespace compiler
