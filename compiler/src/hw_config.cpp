// SPDX-License-Identifier: Apache-2.0
// Checks of compiler/hw_config.hpp.
#include "compiler/hw_config.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <tuple>

namespace compiler {

void HwConfig::validate() const {
    auto fail = [](const char* field, int64_t v, const std::string& rule) {
        throw std::invalid_argument(
            fmt::format("array config: field '{}' = {} must be {}", field, v, rule));
    };
    // Scratchpad sizes end up in fields of the PE configuration word (contract::PeCfg).
    const int filt_max = (1 << contract::kFiltAddrW) - 1, cnt_max = (1 << contract::kPeCntW) - 1;
    const std::string filt_why =
        fmt::format(" ({}-bit field of the PE configuration word)", contract::kFiltAddrW);
    const std::string cnt_why =
        fmt::format(" ({}-bit field of the PE configuration word)", contract::kPeCntW);
    const std::tuple<const char*, int, int, std::string> ranges[] = {
        {"rows", rows, 4096, ""},
        {"cols", cols, 4096, ""},
        {"filter_words", filter_words, filt_max, filt_why},
        {"ifmap_words", ifmap_words, cnt_max, cnt_why},
        {"psum_words", psum_words, cnt_max, cnt_why},
        {"glb_bank_words", glb_bank_words, 1 << 30, ""}};
    for (const auto& [field, v, max, why] : ranges) {
        if (v < 1) fail(field, v, ">= 1");
        if (v > max) fail(field, v, fmt::format("<= {}{}", max, why));
    }
    if (data_width != 8 && data_width != 16) fail("data_width", data_width, "8 or 16");
    if (acc_width < 2 * data_width || acc_width > 62)
        fail("acc_width", acc_width,
             fmt::format("in [2*data_width, 62] = [{}, 62]", 2 * data_width));
    if (glb_bytes < contract::kBeatBytes || glb_bytes % contract::kBeatBytes != 0)
        fail("glb_bytes", glb_bytes, "a positive multiple of 8 (64-bit buffer words)");
    if (mac_kind != 0 && mac_kind != 1) fail("mac_kind", mac_kind, "0 (exact) or 1 (stochastic)");
    if (stochastic()) {
        if (data_width != golden::sc::kDataWidth)
            fail("data_width", data_width, "8 with the stochastic MAC (mac_kind 1)");
        if (sc_max_log2_length < 4 || sc_max_log2_length > 7)
            fail("sc_max_log2_length", sc_max_log2_length, "in [4, 7]");
        try {
            sc.validate();
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(fmt::format("array config: stochastic MAC: {}", e.what()));
        }
        if (sc.length > (1 << sc_max_log2_length))
            fail("sc.length", sc.length,
                 fmt::format("<= {}, the longest stream this accelerator is built for (ScMaxLog2L "
                             "{})",
                             1 << sc_max_log2_length, sc_max_log2_length));
    }
    if (!(dram_bytes_per_cycle >= 0.01 && dram_bytes_per_cycle <= 1024))
        throw std::invalid_argument(
            fmt::format("array config: field 'dram_bytes_per_cycle' = {} must be in [0.01, 1024]",
                        dram_bytes_per_cycle));
}

}  // namespace compiler
