// SPDX-License-Identifier: Apache-2.0
// The small accelerator the randomised layer tests run on (Vrsacc_top_small, rtl/CMakeLists.txt):
// 4 x 5 PEs, 16 KB buffer.
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

}  // namespace testutil
