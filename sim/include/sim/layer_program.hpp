// Command compiler: turns a layer and its mapping into the accelerator's own command list
// (docs/commands.md) and lays commands and tensors out in a DRAM image. The RTL then runs the
// layer by itself; nothing here moves data during the run.
//
// DRAM layout (every region 4 KB aligned, rows padded to whole 64-bit words):
//   commands  header word (number of commands) + 8 words per command
//   ifmap     [N][C][H][in_pitch words]        natural layout, what a previous layer writes
//   filters   blocks in pass order, each in the filter streamer's order (an offline weight
//             layout, as accelerators store weights): for group g, filter chunk, channel chunk:
//             for ti < t', h < R*r', s < S, c < q', k < p': w[m][ch][i][s] (zero beyond m', c'),
//             each (ti, h) block of p'*q'*S weights padded to whole words (one PE's filters;
//             the filter network moves 64-bit words)
//   biases    per (group, filter chunk): m' PsumW-bit containers
//   ofmap     [N][M][E][out_pitch words]       written by the accelerator
//
// Pass order: for group, for filter chunk, for image chunk, for row chunk, for channel chunk
// (innermost, so psums stay in the buffer between channel passes). Each pass is preceded by the
// fills whose data changed (the ifmap tile is not reloaded when only the filters change, and the
// filter block not when only the rows or images change) and, after its last channel pass,
// followed by a drain of its ofmap.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "golden/layer.hpp"
#include "golden/numerics.hpp"
#include "golden/tensor.hpp"
#include "sim/dram.hpp"
#include "sim/mapper.hpp"

namespace sim {

// Command opcodes and fields (rtl/acc_pkg.sv, docs/commands.md).
enum class Opcode : uint32_t { End = 0, Fill = 1, Pass = 2, Drain = 3 };
constexpr int kCmdWords = 8;
constexpr int kFillAfterRunBit = 16;    // OpFill f0 flag: wait for the running pass first
constexpr int kPassAfterDrainBit = 16;  // OpPass f0 flag: wait for the running drain first
constexpr int kDrainAfterRunBit = 16;   // OpDrain f0 flag: wait for the running pass first

struct Command {
    uint32_t f[16] = {};  // fields f0..f15 (f0 bits 7:0 opcode, 10:8 data type)
    Opcode op() const { return Opcode(f[0] & 0xff); }
};

struct LayerOptions {
    int shift = 0;       // requantisation shift, 0 <= shift < AccWidth
    bool relu = false;
    bool bias = false;   // add one A-bit bias per filter
};

struct DramRegion {
    DataType type;
    uint64_t base = 0, bytes = 0;
};

// Where each pass's data sits in the global buffer (word addresses; fixed for the layer).
struct GlbPlan {
    int64_t ifmap = 0, filter = 0, bias = 0, psum = 0;            // region bases
    // Second ifmap and filter regions when two of each fit (double_buffered): the fill for the
    // next pass then goes to the region the running pass does not read, and runs during it.
    int64_t ifmap_alt = 0, filter_alt = 0;
    bool double_buffered = false;
    // Where a last pass writes its ofmap: a region of its own when it fits (ofmap_separate; the
    // drain then reads it while the next passes run), else in place over the psums.
    int64_t ofmap = 0, ofmap_words = 0;
    bool ofmap_separate = false;
    // With one channel pass every pass is a last pass and the psum region is never read back, so
    // last passes alternate between the ofmap and psum regions: a pass then overlaps the drain of
    // the pass before it.
    bool ofmap_ping_pong = false;
    // Filter regions: 1, 2 when double buffered, or one per channel chunk (filters_resident)
    // when those fit after the regions above: a filter chunk's blocks then stay in the buffer
    // for all its image and row chunks and are loaded from DRAM once, not once per pass. With
    // one or (double buffered) two channel chunks they stay anyway. Bases: filter_regions.
    std::vector<int64_t> filter_regions;
    bool filters_resident = false;
    int64_t ifmap_words = 0, filter_words = 0, bias_words = 0, psum_words = 0;
    int64_t total_words = 0, capacity_words = 0;
    bool bank_aligned = false;  // regions start on bank boundaries (no bank shared by two)
};

struct LayerProgram {
    golden::LayerShape layer;
    Mapping mapping;
    ArrayConfig hw;
    LayerOptions options;
    GlbPlan glb;
    std::vector<Command> commands;  // ends with OpEnd
    uint64_t cmd_base = 0, ifmap_base = 0, filter_base = 0, bias_base = 0, ofmap_base = 0;
    uint64_t dram_bytes = 0;        // end of the image
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
    // Writes commands and tensors into `dram` (sized >= dram_bytes) and registers the regions.
    // Throws std::invalid_argument if a tensor's shape does not match the layer.
    void load(Dram& dram, const golden::ActTensor& ifmap, const golden::ActTensor& filter,
              const std::vector<int64_t>& bias) const;
    golden::ActTensor read_ofmap(const Dram& dram) const;
    nlohmann::json to_json() const;
};

// Throws std::invalid_argument ("layer NAME: ...") when the layer, mapping or options do not
// fit the command format or the buffer.
LayerProgram compile_layer(const golden::LayerShape& layer, const Mapping& mapping,
                           const ArrayConfig& hw, const LayerOptions& options);

}  // namespace sim
