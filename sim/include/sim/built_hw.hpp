// The hardware configuration a tool's Verilated accelerator (top_model) was built with: the
// RSACC_ROWS / RSACC_COLS / RSACC_GLB_KB definitions top_model passes to whatever links it.
#pragma once
#include "sim/mapper.hpp"

namespace sim {

inline ArrayConfig built_hw() {
    ArrayConfig hw;
    hw.rows = RSACC_ROWS;
    hw.cols = RSACC_COLS;
    hw.glb_bytes = int64_t{RSACC_GLB_KB} * 1024;
    return hw;
}

}  // namespace sim
