// SPDX-License-Identifier: Apache-2.0
// The small accelerators the randomised layer tests run on (rtl/CMakeLists.txt): Vrsacc_top_small,
// 4 x 5 PEs, 16 KB buffer; Vrsacc_top_small8, the 8-bit one, 5 x 6 PEs, 16 KB buffer, D = 8.
#pragma once
#include "compiler/hw_config.hpp"

namespace testutil {

inline compiler::HwConfig small_hw() {
    compiler::HwConfig hw;
    hw.rows = 4;
    hw.cols = 5;
    hw.glb_bytes = 16 * 1024;
    return hw;
}

inline compiler::HwConfig small8_hw() {
    compiler::HwConfig hw;
    hw.rows = 5;
    hw.cols = 6;
    hw.glb_bytes = 16 * 1024;
    hw.data_width = 8;
    hw.acc_width = 32;
    return hw;
}

// Vrsacc_top_small_sc: small8_hw() with the stochastic MAC, 8 lanes, streams up to 128; the
// stream settings (hw.sc length, rng, sharing) are the caller's.
inline compiler::HwConfig small_sc_hw() {
    compiler::HwConfig hw = small8_hw();
    hw.mac_kind = 1;
    hw.sc.lanes = 8;
    hw.sc_max_log2_length = 7;
    return hw;
}

}  // namespace testutil
