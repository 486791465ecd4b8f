// SPDX-License-Identifier: Apache-2.0
// Command compiler: turns a layer and its mapping into the accelerator's own command list
// (docs/commands.md) and lays commands and tensors out in a DRAM image. The RTL then runs the
// layer by itself; nothing here moves data during the run.
//
// DRAM layout (every region 4 KB aligned, rows padded to whole 64-bit words):
//   commands  header word (number of commands) + 8 words per command
//   ifmap     [N][C][H][in_pitch words]        natural layout, what a previous layer writes
//   ifmap lengths (only with LayerOptions::rlc) [N][C][H] 16-bit little-endian entries: the
//             compressed words of each ifmap row (ifmap_lens_base; a region of type Ifmap)
//   filters   blocks in pass order, each in the filter streamer's order (an offline weight
//             layout, as accelerators store weights): for group g, filter chunk, channel chunk:
//             for ti < t', h < R*r', s < S, c < q', k < p': w[m][ch][i][s] (zero beyond m', c'),
//             each (ti, h) block of p'*q'*S weights padded to whole words (one PE's filters;
//             the filter network moves 64-bit words)
//   biases    per (group, filter chunk): m' PsumW-bit containers
//   ofmap     [N][M][E][out_pitch words]       written by the accelerator
//   ofmap lengths (only with LayerOptions::rlc_ofmap) [N][M][E] 16-bit entries, written by the
//             drains (ofmap_lens_base; a region of type Ofmap): the ofmap is then stored as a
//             compressed ifmap is (below), the layout the next layer's fill with rlc reads
//
// Run-length compressed ifmap (LayerOptions::rlc; docs/commands.md "Run-length compression"):
// every row keeps its slot of in_pitch_words words in the ifmap region; its in_pitch_words * 64/D
// values (the zero padding to whole words included) are one block of compiler/rlc.hpp's codec,
// stored at the start of the slot (the rest of the slot is zero), and the row's number of
// compressed words is its entry in the length table. A row's compressed words must fit its slot
// (image() refuses data with too few zeros). The ifmap fills then carry rlc = 1 with the table
// address of their first row (lens, lstride1 = H*2 between channels, lstride2 = C*H*2 between
// images), row_words = in_pitch_words and rows = the tile's rows; count0 and the buffer layout
// stay those of the uncompressed fill. Filter and bias fills are never compressed. The DRAM
// bytes such fills move depend on the data: compiler/rlc_image.hpp counts them for an image; the
// mapper and DramTraffic count the uncompressed bytes.
//
// Pass order (Mapping::order, compiler/mapper.hpp LoopOrder): for group, for filter chunk, for
// image chunk, for row chunk, for channel chunk (FiltersOuter), or for group, for image chunk,
// for row chunk, for filter chunk, for channel chunk (TilesOuter: the row chunk's ifmap tiles
// stay while the filter chunks cycle); channel chunks innermost either way, so psums stay in the
// buffer between channel passes. Each pass is preceded by the
// fills whose data changed (the ifmap tile is not reloaded when only the filters change, and the
// filter block not when only the rows or images change) and, after its last channel pass,
// followed by a drain of its ofmap.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "compiler/buffer_plan.hpp"
#include "compiler/dram_image.hpp"
#include "compiler/hw_config.hpp"
#include "compiler/mapper.hpp"
#include "golden/layer.hpp"
#include "golden/tensor.hpp"
#include "rsacc/contract.hpp"

namespace compiler {

struct LayerOptions {
    int shift = 0;  // requantisation shift, 0 <= shift < AccWidth
    bool relu = false;
    bool bias = false;  // add one A-bit bias per filter
    // The layer's ifmap is stored run-length compressed in DRAM (rows in their slots, a length
    // table after the ifmap region); the ifmap fills decode it.
    bool rlc = false;
    // The ofmap is written run-length compressed (rows in their slots, compressed or raw, a
    // length table after the ofmap region): what the next layer's fill with rlc reads.
    bool rlc_ofmap = false;
};

struct LayerProgram {
    golden::LayerShape layer;
    Mapping mapping;
    HwConfig hw;
    LayerOptions options;
    GlbPlan glb;
    std::vector<contract::Command> commands;  // ends with OpEnd
    uint64_t cmd_base = 0, ifmap_base = 0, filter_base = 0, bias_base = 0, ofmap_base = 0;
    uint64_t ifmap_lens_base = 0;  // with options.rlc: the ifmap length table (else 0)
    uint64_t ofmap_lens_base = 0;  // with options.rlc_ofmap: the ofmap length table (else 0)
    uint64_t dram_bytes = 0;       // end of the image
    int64_t in_pitch_words = 0, out_pitch_words = 0;
    int64_t passes = 0, fills = 0, drains = 0;

    // Filter blocks in DRAM, in the order the passes use them.
    struct FilterBlock {
        int g, m0, mm, c0, cc, p, t, q, r;
        uint64_t addr;
        int64_t words;
    };
    std::vector<FilterBlock> filter_blocks;
    struct BiasBlock {
        int g, m0, mm;
        uint64_t addr;
        int64_t words;
    };
    std::vector<BiasBlock> bias_blocks;

    std::vector<DramRegion> regions() const;
    std::vector<uint64_t> command_words() const;  // header + commands, as stored in DRAM
    // Commands and tensors laid out in DRAM, with the regions. Throws std::invalid_argument if a
    // tensor's shape does not match the layer, or (with options.rlc) if an ifmap row's
    // compressed words do not fit its slot.
    DramImage image(const golden::ActTensor& ifmap, const golden::ActTensor& filter,
                    const std::vector<int64_t>& bias) const;
    // The ofmap from the bytes of its region (ofmap_bytes() bytes from ofmap_base).
    uint64_t ofmap_bytes() const;
    // With options.rlc_ofmap the rows are decoded with their entries from `ofmap_lens`
    // (ofmap_lens_bytes() bytes from ofmap_lens_base); std::invalid_argument for an entry or a
    // row that does not decode.
    golden::ActTensor read_ofmap(const std::vector<uint8_t>& ofmap_region,
                                 const std::vector<uint8_t>& ofmap_lens = {}) const;
    uint64_t ofmap_lens_bytes() const;  // [N][M][E] 16-bit entries (0 without rlc_ofmap)
    nlohmann::json to_json() const;
};

// 64-bit words of a DRAM row slot holding `values` activations of hw.data_width bits (the
// program's in_pitch_words for W values, out_pitch_words for F).
inline int64_t row_pitch_words(int64_t values, const HwConfig& hw) {
    const int64_t per_word = contract::kBeatBytes / hw.data_bytes();
    return (values + per_word - 1) / per_word;
}

// Throws std::invalid_argument ("layer NAME: ...") when the layer, mapping or options do not
// fit the command format or the buffer. Steps (compiler/src/layer_program.cpp): check, plan the
// buffer (plan_buffer), lay out the DRAM image, schedule the fills, passes and drains, emit them
// through the contract's encoders.
LayerProgram compile_layer(const golden::LayerShape& layer, const Mapping& mapping,
                           const HwConfig& hw, const LayerOptions& options);

}  // namespace compiler
