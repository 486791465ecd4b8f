// SPDX-License-Identifier: Apache-2.0
// Where the RTL is: the source list of rtl/CMakeLists.txt (RSACC_RTL_SOURCES), compiled in.
#pragma once
#include <string>
#include <vector>

namespace synth {

inline std::vector<std::string> rtl_sources() {
    return {
#include "synth/rtl_sources.inc"
    };
}

}  // namespace synth
