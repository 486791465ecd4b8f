// SPDX-License-Identifier: Apache-2.0
// The global-buffer plan of compiler/buffer_plan.hpp.
#include "compiler/buffer_plan.hpp"

#include <algorithm>

#include "int_math.hpp"

namespace compiler {

using detail::align_up;
using detail::ceil_div;
using detail::sadd;
using detail::smul;

int64_t GlbPlan::bytes(int64_t words) { return smul(words, contract::kBeatBytes); }

GlbPlan plan_buffer(const golden::LayerShape& L, const PassShape& s, const HwConfig& hw,
                    bool tiles_outer) {
    return BufferPlanner(L, hw).plan(s, true, tiles_outer);
}

BufferPlanner::BufferPlanner(const golden::LayerShape& L, const HwConfig& hw)
    : H_(L.H),
      R_(L.R),
      S_(L.S),
      stride_v_(L.stride_v),
      F_(L.F()),
      Cg_(L.C_per_group()),
      epw_(contract::kBeatBytes / hw.data_bytes()),
      ppw_(contract::kBeatBytes / hw.psum_container_bytes()),
      row_words_(ceil_div(L.W, epw_)),
      capacity_words_(hw.glb_bytes / contract::kBeatBytes),
      bank_words_(uint64_t(hw.glb_bank_words)) {}

GlbPlan BufferPlanner::plan(const PassShape& s, bool place, bool tiles_outer) const {
    GlbPlan gp;
    const int64_t tile_rows = std::min(H_, (s.e - 1) * stride_v_ + R_);
    gp.ifmap_words = smul(s.n, s.q * s.r, tile_rows, row_words_);
    gp.filter_words = smul(s.t, R_ * s.r, ceil_div(smul(s.p, s.q, S_), epw_));
    gp.bias_words = ceil_div(s.p * s.t, ppw_);
    gp.psum_values = smul(s.n, s.p * s.t, s.e, F_);
    gp.psum_words = ceil_div(gp.psum_values, ppw_);
    gp.ofmap_words = ceil_div(gp.psum_values, epw_);
    gp.total_words =
        sadd(sadd(gp.ifmap_words, gp.filter_words), sadd(gp.bias_words, gp.psum_words));
    gp.capacity_words = capacity_words_;
    gp.channel_chunks = ceil_div(Cg_, s.q * s.r);

    // Double-buffer the ifmap and filter regions when both copies fit; then give the ofmap its
    // own region when that fits too; then one filter region (tiles_outer: ifmap region) per
    // channel chunk when more than the double buffer's two are needed and they fit after
    // everything above.
    const int64_t cap = gp.capacity_words;
    gp.double_buffered = gp.total_words + gp.ifmap_words + gp.filter_words <= cap;
    const int64_t dbuf_words = gp.double_buffered ? gp.ifmap_words + gp.filter_words : 0;
    gp.ofmap_separate = gp.total_words + dbuf_words + gp.ofmap_words <= cap;
    const int64_t extra_chunks = std::max<int64_t>(0, gp.channel_chunks - 2);
    const int64_t extra_words = tiles_outer ? gp.ifmap_words : gp.filter_words;
    const bool extra_regions = gp.double_buffered && extra_chunks > 0 &&
                               gp.total_words + dbuf_words +
                                       (gp.ofmap_separate ? gp.ofmap_words : 0) +
                                       smul(extra_chunks, extra_words) <=
                                   cap;
    const int64_t dbuf_regions = gp.double_buffered ? 2 : 1;
    const bool filter_regions = extra_regions && !tiles_outer;
    gp.ifmap_resident = extra_regions && tiles_outer;
    gp.filters_resident = gp.channel_chunks <= dbuf_regions || filter_regions;
    gp.filter_region_count = filter_regions ? gp.channel_chunks : dbuf_regions;
    gp.ifmap_region_count = gp.ifmap_resident ? gp.channel_chunks : dbuf_regions;
    gp.ofmap_ping_pong = gp.ofmap_separate && s.q * s.r >= Cg_;

    // Bases, in the order of the header; bank-aligned when that still fits. (Not for a plan that
    // does not fit: the mapper skips it, the compiler refuses it.)
    if (!place || !gp.fits()) return gp;
    const int64_t sizes[] = {gp.ifmap_words,
                             gp.filter_words,
                             gp.bias_words,
                             gp.psum_words,
                             gp.double_buffered ? gp.ifmap_words : 0,
                             gp.double_buffered ? gp.filter_words : 0,
                             gp.ofmap_separate ? gp.ofmap_words : 0};
    const uint64_t bank = bank_words_;
    // Whole banks (a mask for the usual power-of-two bank: the mapper plans millions of passes).
    auto aligned = [&](int64_t words) {
        return int64_t((bank & (bank - 1)) == 0 ? (uint64_t(words) + bank - 1) & ~(bank - 1)
                                                : align_up(uint64_t(words), bank));
    };
    int64_t aligned_total = extra_regions ? extra_chunks * aligned(extra_words) : 0;
    for (int64_t w : sizes) aligned_total += aligned(w);
    gp.bank_aligned = aligned_total <= cap;
    int64_t base[7], at = 0;
    for (int i = 0; i < 7; ++i) {
        base[i] = at;
        at += gp.bank_aligned ? aligned(sizes[i]) : sizes[i];
    }
    gp.ifmap = base[0], gp.filter = base[1], gp.bias = base[2], gp.psum = base[3];
    gp.ifmap_alt = gp.double_buffered ? base[4] : gp.ifmap;
    gp.filter_alt = gp.double_buffered ? base[5] : gp.filter;
    gp.ofmap = gp.ofmap_separate ? base[6] : gp.psum;
    // Regions 2.. of the kind that has them follow the ofmap region.
    const int64_t step = gp.bank_aligned ? aligned(extra_words) : extra_words;
    (tiles_outer ? gp.extra_ifmap_base_ : gp.extra_filter_base_) = at;
    (tiles_outer ? gp.extra_ifmap_step_ : gp.extra_filter_step_) = step;
    return gp;
}

}  // namespace compiler
