// SPDX-License-Identifier: Apache-2.0
// Energy estimate of a run from the accelerator's performance counters (contract::PerfCounter).
#pragma once
#include <array>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "rsacc/contract.hpp"

namespace compiler {

// Normalised energy per access (Eyeriss, JSSC 2017: DRAM 200, buffer 6, NoC 2, scratchpad 1,
// MAC 1). Accesses are counted per 16-bit word moved for DRAM and the buffer (a 64-bit buffer
// word = 4), per transfer for the networks, per access for scratchpads, per MAC done.
// A stochastic MAC (docs/stochastic.md, "Energy") costs `sc_lane` per lane-cycle (one lane's
// comparators and count step for one cycle) instead of `mac` per MAC: 0.394 is uSystolic's
// (HPCA 2022) unary PE dynamic power over its binary 8-bit PE's at one MAC per cycle, 70.3 /
// 178.4 uW; an estimate borrowed from a published design, not a model of this RTL.
struct EnergyCosts {
    double dram = 200, glb = 6, noc = 2, spad = 1, mac = 1, sc_lane = 0.394;
    // "dram=200,glb=6,noc=2,spad=1,mac=1,sc_lane=0.394" (any subset); std::invalid_argument
    // naming the item.
    static EnergyCosts parse(const std::string& spec);
    nlohmann::json to_json() const;
};

// Energy of counters `perf` by level (and by data type for DRAM and the buffer). The one formula:
// accesses x cost per access; energy_estimate reports it, the mapper's objective adds it up.
// `stochastic_mac`: the hardware's MAC is stochastic (HwConfig::stochastic()), so the MAC level
// is sc_lane x perf[sc_lane_cycles] rather than mac x perf[mac].
struct EnergyBreakdown {
    double dram = 0, glb = 0, mac = 0;
    std::array<double, contract::kNumDataTypes> dram_by_type{}, glb_by_type{};
    double noc_filter = 0, noc_ifmap = 0, noc_psum = 0;
    double spad_filter = 0, spad_ifmap = 0, spad_psum = 0;
    double noc() const { return noc_filter + noc_ifmap + noc_psum; }
    double spad() const { return spad_filter + spad_ifmap + spad_psum; }
    double total() const { return dram + glb + noc() + spad() + mac; }
};
EnergyBreakdown energy_breakdown(const std::array<uint64_t, contract::kNumPerf>& perf,
                                 const EnergyCosts& costs, bool stochastic_mac);

// The report's "energy" object (README "reports/<layer>.json"): totals by level and data type
// for counters `perf` of a layer of `macs` MACs.
nlohmann::json energy_estimate(const std::array<uint64_t, contract::kNumPerf>& perf,
                               const EnergyCosts& costs, int64_t macs, bool stochastic_mac);

}  // namespace compiler
