// SPDX-License-Identifier: Apache-2.0
// DRAM bytes of run-length compressed fills (compiler/rlc_image.hpp).
#include "compiler/rlc_image.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace compiler {

uint64_t fill_read_words(const contract::FillCmd& c, const DramImage& img) {
    if (!c.rlc) return c.count0 * c.count1 * c.count2;
    const uint64_t beat = contract::kBeatBytes;
    uint64_t words = 0;
    for (uint64_t i2 = 0; i2 < c.count2; ++i2)
        for (uint64_t i1 = 0; i1 < c.count1; ++i1) {
            const uint64_t s = c.lens + i2 * c.lstride2 + i1 * c.lstride1;
            if (c.rows == 0) continue;
            const uint64_t first = s / beat, last = (s + 2 * c.rows - 1) / beat;
            words += last - first + 1;  // the table words of the block's entries
            const std::vector<uint8_t> t = img.read(s, 2 * c.rows);
            for (uint64_t k = 0; k < c.rows; ++k) {
                const uint64_t len = uint64_t(t[2 * k]) | uint64_t(t[2 * k + 1]) << 8;
                if (len == 0)
                    throw std::invalid_argument(
                        fmt::format("rlc: the length entry at 0x{:x} is 0", s + 2 * k));
                words += len;
            }
        }
    return words;
}

uint64_t rlc_ifmap_fill_bytes(const LayerProgram& prog, const DramImage& img) {
    uint64_t words = 0;
    for (const auto& cmd : prog.commands)
        if (cmd.op() == contract::FillCmd::kOpcode) {
            const auto c = contract::FillCmd::decode(cmd);
            if (c.dtype == contract::DataType::Ifmap) words += fill_read_words(c, img);
        }
    return words * contract::kBeatBytes;
}

}  // namespace compiler
