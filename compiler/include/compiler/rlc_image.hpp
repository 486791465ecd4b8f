// SPDX-License-Identifier: Apache-2.0
// DRAM bytes of run-length compressed fills (LayerOptions::rlc, docs/commands.md "Run-length
// compression"): they depend on the data, so they are counted on a DRAM image, not from the
// commands alone. compiler/dram_traffic.hpp (DramTraffic, command_list_traffic, the mapper's
// schedule_traffic) counts every fill uncompressed: count0 * count1 * count2 words.
#pragma once
#include <cstdint>

#include "compiler/dram_image.hpp"
#include "compiler/layer_program.hpp"
#include "golden/tensor.hpp"
#include "rsacc/contract.hpp"

namespace compiler {

// The 64-bit words the fill DMA reads for fill `c` from a memory holding `img`. Without rlc:
// count0 * count1 * count2. With rlc, per block (i2, i1) with s = lens + i2*lstride2 +
// i1*lstride1: the table words spanning its `rows` 16-bit entries (addresses floor(s/8)*8 ..
// floor((s + 2*rows - 1)/8)*8, read once per block even when a neighbouring block shares a
// word), then each row's words: its entry, or row_words for a raw row (bit kRlcRawBit).
// Throws std::invalid_argument ("rlc: ...") for an entry of 0 or a raw entry whose length is not
// row_words (the accelerator stops with status BadRlc on either).
uint64_t fill_read_words(const contract::FillCmd& c, const DramImage& img);

// The DRAM bytes the accelerator reads for the ifmap fills (dtype Ifmap) of `prog` with its image
// `img` (prog.image(...)): fill_read_words over them, times 8. What the ifmap read counter
// (kPerfDramRead + Ifmap) must show after the run. Without options.rlc it equals the
// uncompressed count, DramTraffic's read[Ifmap].
uint64_t rlc_ifmap_fill_bytes(const LayerProgram& prog, const DramImage& img);

// The DRAM bytes the accelerator writes for the ofmap drains (dtype Ofmap) of `prog` when they
// write `ofmap` (the layer's expected output): with options.rlc_ofmap, per drain and row in the
// drain's order (image, filter, row), the row's stored words (rlc::store_row: compressed, or the
// slot raw), plus one table word per run of consecutive rows whose entries share a 64-bit word
// (the drain merges them and writes each word once, with byte strobes); without, every row's
// slot. What the ofmap write counter (kPerfDramWrite + Ofmap) must show after the run.
uint64_t rlc_ofmap_drain_bytes(const LayerProgram& prog, const golden::ActTensor& ofmap);

// Whether compressing rows of `pitch_words` 64-bit words (LayerProgram::in_pitch_words or
// out_pitch_words) can ever move fewer bytes: a stored row takes at least one word and adds a
// 16-bit length entry, so one-word rows (FC layers' 1 x 1 activations) never shrink.
inline bool rlc_can_shrink(int64_t pitch_words) { return pitch_words > 1; }

// The activations' share of the compulsory DRAM bytes with RLC for this data (the roofline's
// rlc_bytes adds the filters and biases): every ifmap row and every ofmap row once, as
// rlc::store_row stores it in a slot of the program's pitch (compressed, or raw), plus each
// length table ([N][C][H] and [N][M][E] 16-bit entries) in whole 64-bit words.
uint64_t rlc_activation_bytes(const LayerProgram& prog, const golden::ActTensor& ifmap,
                              const golden::ActTensor& ofmap);

}  // namespace compiler
