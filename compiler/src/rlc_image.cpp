// SPDX-License-Identifier: Apache-2.0
// DRAM bytes of run-length compressed fills (compiler/rlc_image.hpp).
#include "compiler/rlc_image.hpp"

#include "compiler/rlc.hpp"

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
                const uint16_t e = uint16_t(t[2 * k] | t[2 * k + 1] << 8);
                const bool raw = (e >> contract::kRlcRawBit) & 1;
                if (e == 0 || (raw && (e & 0x7fff) != c.row_words))
                    throw std::invalid_argument(fmt::format(
                        "rlc: the length entry 0x{:04x} at 0x{:x} is not a row of {} words", e,
                        s + 2 * k, c.row_words));
                words += rlc::entry_words(e, c.row_words);
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

uint64_t rlc_ofmap_drain_bytes(const LayerProgram& prog, const golden::ActTensor& y) {
    const auto& L = prog.layer;
    const int E = L.E(), F = L.F();
    const int epw = contract::kBeatBytes / prog.hw.data_bytes();
    const uint64_t slot = uint64_t(prog.out_pitch_words) * contract::kBeatBytes;
    std::vector<int32_t> row(size_t(prog.out_pitch_words * epw), 0);
    uint64_t words = 0;
    for (const auto& cmd : prog.commands) {
        if (cmd.op() != contract::DrainCmd::kOpcode) continue;
        const auto d = contract::DrainCmd::decode(cmd);
        if (!d.rlc) {
            words += d.n * d.m * d.e * d.pitch;
            continue;
        }
        const uint64_t r0 = (d.dram - prog.ofmap_base) / slot;
        const int e0 = int(r0 % uint64_t(E));
        const int m0 = int(r0 / uint64_t(E) % uint64_t(L.M)), b0 = int(r0 / uint64_t(E) / L.M);
        uint64_t table_word = ~uint64_t{0};
        for (uint64_t b = 0; b < d.n; ++b)
            for (uint64_t m = 0; m < d.m; ++m)
                for (uint64_t e = 0; e < d.e; ++e) {
                    for (int f = 0; f < F; ++f)
                        row[size_t(f)] = y(b0 + int(b), m0 + int(m), e0 + int(e), f);
                    words += rlc::store_row(row, prog.hw.data_width).words.size();
                    const uint64_t entry = d.lens + b * d.lstride_n + m * d.lstride_m + 2 * e;
                    if (entry / 8 != table_word) ++words;
                    table_word = entry / 8;
                }
    }
    return words * contract::kBeatBytes;
}

uint64_t rlc_activation_bytes(const LayerProgram& prog, const golden::ActTensor& x,
                              const golden::ActTensor& y) {
    const int epw = contract::kBeatBytes / prog.hw.data_bytes();
    uint64_t words = 0;
    const auto tensor = [&](const golden::ActTensor& t, int64_t pitch) {
        std::vector<int32_t> row(size_t(pitch * epw), 0);
        for (int b = 0; b < t.dim[0]; ++b)
            for (int c = 0; c < t.dim[1]; ++c)
                for (int r = 0; r < t.dim[2]; ++r) {
                    for (int i = 0; i < t.dim[3]; ++i) row[size_t(i)] = t(b, c, r, i);
                    words += rlc::store_row(row, prog.hw.data_width).words.size();
                }
        words += (uint64_t(t.dim[0]) * t.dim[1] * t.dim[2] * 2 + 7) / 8;  // the length table
    };
    tensor(x, prog.in_pitch_words);
    tensor(y, prog.out_pitch_words);
    return words * contract::kBeatBytes;
}

}  // namespace compiler
