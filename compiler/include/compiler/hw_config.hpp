// SPDX-License-Identifier: Apache-2.0
// The hardware the compiler targets: one struct for the mapper, the buffer plan, the command
// compiler, the PE jobs and the harness. Every default is the contract's (contract/
// rsacc_contract.json, via the generated rsacc/contract.hpp); a build of the accelerator with
// other parameters (sim/built_hw.hpp) or a test's own PE model overrides them.
#pragma once
#include <cstdint>

#include "golden/numerics.hpp"
#include "golden/sc.hpp"
#include "rsacc/contract.hpp"

namespace compiler {

struct HwConfig {
    int rows = contract::kDefaultRows;                 // PE rows
    int cols = contract::kDefaultCols;                 // PE columns
    int filter_words = contract::kDefaultFilterWords;  // filter scratchpad per PE (D-bit words)
    int ifmap_words = contract::kDefaultIfmapWords;    // ifmap scratchpad per PE
    int psum_words = contract::kDefaultPsumWords;      // psum scratchpad per PE (A-bit words)
    int data_width = contract::kDefaultDataWidth;      // D (docs/numerics.md)
    int acc_width = contract::kDefaultAccWidth;        // A
    // Global buffer: banks of glb_bank_words 64-bit words (rtl/glb/glb.sv), glb_bytes in all.
    int glb_bank_words = contract::kDefaultGlbBankWords;
    int64_t glb_bytes =
        int64_t{contract::kDefaultGlbBanks} * contract::kDefaultGlbBankWords * contract::kBeatBytes;
    // DRAM bandwidth the cost model assumes (bytes per core cycle; Eyeriss's 64-bit link at
    // 60 MHz against a 200 MHz core). It changes which mapping wins, never what the RTL computes.
    double dram_bytes_per_cycle = 2.4;
    // PE multiplier (docs/stochastic.md): 0 exact, 1 stochastic computing (data_width 8). Built
    // in: mac_kind, sc_max_log2_length and sc.lanes (SC_LANES). Run-time settings of a
    // stochastic MAC, carried in every pass command: sc.length, sc.rng, sc.sharing.
    int mac_kind = contract::kDefaultMacKind;
    int sc_max_log2_length = contract::kDefaultScMaxLog2L;
    golden::sc::ScConfig sc{64, golden::sc::Rng::Sobol, golden::sc::Sharing::Column,
                            contract::kDefaultScLanes};

    int pes() const { return rows * cols; }
    int data_bytes() const { return (data_width + 7) / 8; }
    int acc_bytes() const { return (acc_width + 7) / 8; }
    // Psums and biases sit in the global buffer in 32-bit containers (64-bit when A > 32).
    int psum_container_bytes() const { return acc_width <= 32 ? 4 : 8; }
    int64_t glb_bank_bytes() const { return int64_t{glb_bank_words} * contract::kBeatBytes; }
    int glb_banks() const { return int(glb_bytes / glb_bank_bytes()); }
    golden::Numerics numerics() const { return {data_width, acc_width}; }
    bool stochastic() const { return mac_kind == 1; }
    // Cycles one MAC holds a PE: 1 exact, max(1, L / SC_LANES) stochastic (operands 0: 1).
    int mac_cycles() const { return stochastic() ? sc.cycles_per_mac() : 1; }
    // Throws std::invalid_argument, one line: "array config: field 'rows' = 0 must be >= 1".
    void validate() const;
};

}  // namespace compiler
