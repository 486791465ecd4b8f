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

}  // namespace testutil
