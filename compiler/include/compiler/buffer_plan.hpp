// SPDX-License-Identifier: Apache-2.0
// The global-buffer plan of a layer's passes: how many 64-bit words each region of a full pass
// takes, which optional regions fit (a second ifmap tile and filter block, an ofmap region of its
// own, one filter region per channel chunk) and where every region starts. One function decides
// it, and both the mapper's cost model (which mappings fit, which fills and drains overlap the
// passes) and the command compiler (the buffer addresses in the commands) use it.
//
// Regions, in buffer order (docs/commands.md, "Global buffer"):
//   ifmap     n * q*r channels * min(H, (e-1)*stride_v + R) unpadded rows * ceil(W / (64/D)) words
//   filter    t * R*r PE blocks of p*q*S weights, each padded to whole words (the filter network
//             moves 64-bit words)
//   bias      ceil(p*t / psums per word)
//   psum      ceil(n*p*t*e*F / psums per word)             (32-bit containers, 64-bit if A > 32)
//   ifmap_alt, filter_alt   second copies when both fit (double_buffered): the fill for the next
//             pass then goes to the region the running pass does not read, and runs during it
//   ofmap     ceil(n*p*t*e*F / (64/D)) when it fits after the above (ofmap_separate; the drain
//             then reads it while the next passes run), else the ofmap is written over the psums
//   filter regions 3.. one per channel chunk when more than two chunks and they fit after
//             everything above (filters_resident: a filter chunk's blocks stay in the buffer for
//             all its image and row chunks); with one or (double buffered) two chunks they stay
//             anyway
//   or, for the tiles_outer loop order (compiler/mapper.hpp LoopOrder), ifmap regions 3.. in
//             their place: one per channel chunk when more than two chunks and they fit
//             (ifmap_resident: a row chunk's tiles stay in the buffer while its filter chunks
//             cycle)
// Regions start on bank boundaries when everything still fits rounded up to whole banks
// (bank_aligned; alignment only avoids bank conflicts).
#pragma once
#include <cstdint>

#include "compiler/hw_config.hpp"
#include "golden/layer.hpp"

namespace compiler {

// The pass shape of a mapping (Eyeriss JSSC 2017 notation): n images, e ofmap rows, p filters
// and q channels per PE, r channel groups and t filter groups.
struct PassShape {
    int64_t n = 1, e = 1, p = 1, q = 1, r = 1, t = 1;
};

struct GlbPlan {
    // Sizes of a full pass's regions in 64-bit words (saturated far above any buffer, so an
    // absurd shape cannot overflow) and the buffer's capacity.
    int64_t ifmap_words = 0, filter_words = 0, bias_words = 0, psum_words = 0;
    int64_t total_words = 0;     // ifmap + filter + bias + psum: what a pass needs at least
    int64_t capacity_words = 0;  // glb_bytes / 8
    int64_t ofmap_words = 0;     // a pass's requantised ofmap (packed D-bit values)
    int64_t psum_values = 0;     // n*p*t*e*F psums of a pass
    int64_t channel_chunks = 0;  // ceil((C/G) / (q*r)): channel passes per output chunk

    bool double_buffered = false;
    bool ofmap_separate = false;
    // With one channel pass every pass is a last pass and the psum region is never read back, so
    // last passes alternate between the ofmap and psum regions: a pass then overlaps the drain of
    // the pass before it.
    bool ofmap_ping_pong = false;
    bool filters_resident = false;
    bool ifmap_resident = false;  // one ifmap region per channel chunk (tiles_outer plans only)
    bool bank_aligned = false;    // regions start on bank boundaries (no bank shared by two)

    // Region bases (word addresses; fixed for the layer; all 0 when the plan does not fit).
    // Without double buffering ifmap_alt = ifmap and filter_alt = filter; without an ofmap
    // region ofmap = psum.
    int64_t ifmap = 0, filter = 0, bias = 0, psum = 0, ifmap_alt = 0, filter_alt = 0, ofmap = 0;
    // Filter regions: 1, 2 when double buffered, or channel_chunks (filters resident in regions
    // of their own). Region 0 is `filter`, 1 `filter_alt`, the rest follow the ofmap region.
    int64_t filter_region_count = 1;
    int64_t filter_region(int64_t i) const {
        return i == 0   ? filter
               : i == 1 ? filter_alt
                        : extra_filter_base_ + (i - 2) * extra_filter_step_;
    }

    // Ifmap regions likewise: 1, 2 when double buffered, or channel_chunks (ifmap_resident).
    int64_t ifmap_region_count = 1;
    int64_t ifmap_region(int64_t i) const {
        return i == 0   ? ifmap
               : i == 1 ? ifmap_alt
                        : extra_ifmap_base_ + (i - 2) * extra_ifmap_step_;
    }

    bool fits() const { return total_words <= capacity_words; }
    // The ifmap regions hold every channel chunk's tile of a row chunk (one chunk, two when
    // double buffered, or one region per chunk), so the tiles can stay while the filter chunks
    // cycle (LoopOrder TilesOuter, compiler/mapper.hpp).
    bool ifmap_tiles_stay() const {
        return ifmap_resident || channel_chunks <= (double_buffered ? 2 : 1);
    }
    // Bytes of `words` buffer words, saturated like the sizes.
    static int64_t bytes(int64_t words);

    int64_t extra_filter_base_ = 0, extra_filter_step_ = 0;  // filter regions 2..
    int64_t extra_ifmap_base_ = 0, extra_ifmap_step_ = 0;    // ifmap regions 2..
};

// The plan of pass shape `s` of `layer` on `hw` (computed whether or not it fits: see fits()).
// The shape is not checked; the mapper checks it (evaluate_mapping). tiles_outer: the plan of
// the tiles_outer loop order (regions 3.. hold ifmap tiles, not filter blocks).
GlbPlan plan_buffer(const golden::LayerShape& layer, const PassShape& s, const HwConfig& hw,
                    bool tiles_outer = false);

// plan_buffer with what depends only on the layer and the hardware worked out once (the mapper
// plans every pass shape it considers). With place = false the plan has sizes and decisions
// only (region bases 0, bank_aligned false): all the mapper's cost model needs.
class BufferPlanner {
public:
    BufferPlanner(const golden::LayerShape& layer, const HwConfig& hw);
    GlbPlan plan(const PassShape& s, bool place = true, bool tiles_outer = false) const;

private:
    int64_t H_, R_, S_, stride_v_, F_, Cg_;
    int64_t epw_, ppw_;  // D-bit values and psums per 64-bit word
    int64_t row_words_;  // ceil(W / epw): an ifmap row in whole words
    int64_t capacity_words_;
    uint64_t bank_words_;
};

}  // namespace compiler
