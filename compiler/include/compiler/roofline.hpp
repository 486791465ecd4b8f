// SPDX-License-Identifier: Apache-2.0
// The roofline of one layer on one accelerator: the two bounds no run can beat, and a run's
// cycles against the larger (docs/performance.md, "The roofline").
//
//   compulsory DRAM bytes = (needed ifmap elements + filter weights + ofmap elements) * D/8
//                           + M bias words * psum container bytes (with a bias)
//     needed ifmap elements: N * C * (ifmap rows read by at least one ofmap row) * (ifmap
//     columns read by at least one ofmap column); padding is not stored, and rows or columns
//     that no filter window touches (a stride larger than the filter) need not move. Every
//     element exactly once, packed at D bits: the DRAM image pads each ifmap and ofmap row and
//     each PE's filter block to whole 64-bit words, and the schedule re-reads data; neither is
//     compulsory. Bias words have the buffer's psum container width (32 bits, 64 when A > 32),
//     as the DRAM image stores them.
//   compute-bound cycles  = ceil(MACs / PEs) * cycles per MAC (HwConfig::mac_cycles)
//   DRAM-bound cycles     = ceil(compulsory bytes / DRAM bytes per cycle)
//   bound                 = max of the two; the binding one is "compute" or "dram" (ties:
//                           compute)
//   % of roofline         = bound / cycles of a run or an estimate (100 % = at the roofline)
// With run-length compression the DRAM bytes depend on the data, so the bound above stays the
// uncompressed one; a run that compresses (rsacc-sim --rlc) adds rlc_bytes: the ifmap and ofmap
// as their rows are stored compressed or raw (every row once, whole words) with their length
// tables, plus the filters and biases (compiler::rlc_compulsory_bytes), and its DRAM bound.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/hw_config.hpp"
#include "golden/layer.hpp"

namespace compiler {

struct Roofline {
    // Compulsory DRAM bytes by data type, and in all.
    int64_t ifmap_bytes = 0, filter_bytes = 0, bias_bytes = 0, ofmap_bytes = 0;
    int64_t compulsory_bytes = 0;
    int64_t macs = 0;
    int pes = 0, mac_cycles = 1;
    double dram_bytes_per_cycle = 0;
    int64_t compute_cycles = 0;  // ceil(macs / pes) * mac_cycles
    int64_t dram_cycles = 0;     // ceil(compulsory_bytes / dram_bytes_per_cycle)
    int64_t rlc_bytes = 0;       // with RLC, for a run's data (0: not known)
    int64_t rlc_dram_cycles() const;
    int64_t bound_cycles() const {
        return compute_cycles >= dram_cycles ? compute_cycles : dram_cycles;
    }
    // "compute" or "dram".
    const char* binding() const { return compute_cycles >= dram_cycles ? "compute" : "dram"; }
    // bound / cycles: 1 = at the roofline; 0 when cycles is 0.
    double fraction_of(int64_t cycles) const {
        return cycles > 0 ? double(bound_cycles()) / double(cycles) : 0.0;
    }
    // The report's "roofline" object; with cycles > 0 also "cycles" and "fraction_of_roofline".
    nlohmann::json to_json(int64_t cycles = 0) const;
    // One line: "compute 3.56 M cycles, DRAM 1.1 M cycles (compulsory 2.64 MB at 2.4 B/cycle;
    // with RLC: n/a, depends on the data): compute-bound" (with rlc_bytes: "with RLC: 1.9 MB,
    // 792 k cycles")
    std::string describe() const;
};

// Throws std::invalid_argument (one line) for an invalid layer or hardware config.
Roofline roofline(const golden::LayerShape& layer, const HwConfig& hw, bool bias);

}  // namespace compiler
