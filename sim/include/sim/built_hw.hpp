// SPDX-License-Identifier: Apache-2.0
// The hardware configuration a tool's Verilated accelerator (top_model) was built with: the
// RSACC_ROWS / RSACC_COLS / RSACC_GLB_KB / RSACC_DATA_WIDTH / RSACC_ACC_WIDTH / RSACC_*_WORDS /
// RSACC_MAC_KIND / RSACC_SC_* definitions top_model passes to whatever links it; the other
// parameters are the contract's defaults (compiler::HwConfig). The stochastic MAC's run-time
// settings (hw.sc length, rng, sharing) are the caller's.
#pragma once
#include "compiler/hw_config.hpp"

namespace sim {

inline compiler::HwConfig built_hw() {
    compiler::HwConfig hw;
    hw.rows = RSACC_ROWS;
    hw.cols = RSACC_COLS;
    hw.glb_bytes = int64_t{RSACC_GLB_KB} * 1024;
    hw.data_width = RSACC_DATA_WIDTH;
    hw.acc_width = RSACC_ACC_WIDTH;
    hw.filter_words = RSACC_FILTER_WORDS;
    hw.ifmap_words = RSACC_IFMAP_WORDS;
    hw.psum_words = RSACC_PSUM_WORDS;
    hw.mac_kind = RSACC_MAC_KIND;
    hw.sc.lanes = RSACC_SC_LANES;
    hw.sc_max_log2_length = RSACC_SC_MAX_LOG2L;
    return hw;
}

}  // namespace sim
