// SPDX-License-Identifier: Apache-2.0
#include "sim/array_pass.hpp"

#include <set>
#include <stdexcept>
#include <string>

#include "golden/conv.hpp"

namespace sim {
namespace {

void require(bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument("array pass: " + what);
}

}  // namespace

ArrayPassConfig ArrayPass::config(const compiler::HwConfig& hw) const {
    const auto& L = layer;
    require(L.groups == 1 && L.N == n && L.M == p * t && L.C == q * r,
            "layer must be exactly one pass: N=n, M=p*t, C=q*r, groups=1");
    require(e <= L.E(), "e=" + std::to_string(e) + " exceeds E=" + std::to_string(L.E()));
    const int H = slot_height();
    require(H <= hw.rows, "R*r=" + std::to_string(H) + " exceeds array rows");
    const int bands = hw.rows / H;
    require(e * t <= bands * hw.cols, "e*t=" + std::to_string(e * t) + " exceeds slots (" +
                                          std::to_string(bands * hw.cols) + ")");
    require((e - 1) * L.stride_v + L.R <= int(kIdNone), "ifmap rows of the pass exceed 8-bit IDs");
    require(e * t <= int(kIdNone), "e*t=" + std::to_string(e * t) + " slots exceed 8-bit IDs");

    ArrayPassConfig c;
    c.pe = pe_cfg_word(PeJob{L.S, L.stride_h, p, q, L.F(), n, psum_in}, hw);
    const int npe = hw.rows * hw.cols;
    c.active.assign(npe, 0);
    c.from_below.assign(npe, 0);
    c.slot_top.assign(npe, 0);
    c.filt_row_id.assign(hw.rows, kIdNone);
    c.ifm_row_id.assign(hw.rows, kIdNone);
    c.psum_row_id.assign(hw.rows, kIdNone);
    c.filt_col_id.assign(npe, kIdNone);
    c.ifm_col_id.assign(npe, kIdNone);
    c.psum_col_id.assign(npe, kIdNone);
    for (int y = 0; y < bands * H; ++y) {
        const int h = y % H, ri = h / L.R, i = h % L.R;
        c.filt_row_id[y] = h;
        c.ifm_row_id[y] = ri;
        c.psum_row_id[y] = h == 0 ? 0 : kIdNone;
        for (int x = 0; x < hw.cols; ++x) {
            const int s = (y / H) * hw.cols + x;  // slot
            if (s >= e * t) continue;
            const int pe = y * hw.cols + x;
            c.active[pe] = 1;
            c.from_below[pe] = h > 0;
            c.slot_top[pe] = h == H - 1;
            c.filt_col_id[pe] = s / e;                    // filter group t_idx
            c.ifm_col_id[pe] = (s % e) * L.stride_v + i;  // ifmap row of the pass
            c.psum_col_id[pe] = h == 0 ? s : kIdNone;
        }
    }
    return c;
}

std::vector<Tagged> ArrayPass::filter_stream(const golden::ActTensor& w, int data_width) const {
    std::vector<Tagged> out;
    for (int ti = 0; ti < t; ++ti)
        for (int h = 0; h < slot_height(); ++h) {
            const int ri = h / layer.R, i = h % layer.R;
            std::vector<int32_t> block;
            for (int s = 0; s < layer.S; ++s)  // the PE's filter order (rtl/pe/pe.sv)
                for (int c = 0; c < q; ++c)
                    for (int k = 0; k < p; ++k) block.push_back(w(ti * p + k, ri * q + c, i, s));
            for (uint64_t word : filter_network_words(block, data_width))
                out.push_back({uint32_t(h), uint32_t(ti), int64_t(word)});
        }
    return out;
}

std::vector<Tagged> ArrayPass::ifmap_stream(const golden::ActTensor& x) const {
    const auto& L = layer;
    std::set<int> rows;  // padded ifmap rows some PE of the pass needs
    for (int ei = 0; ei < e; ++ei)
        for (int i = 0; i < L.R; ++i) rows.insert(ei * L.stride_v + i);
    const int width = (L.F() - 1) * L.stride_h + L.S;  // columns a PE consumes
    std::vector<Tagged> out;
    // Column by column across all rows, so every PE's window advances together.
    for (int b = 0; b < n; ++b)
        for (int col = 0; col < width; ++col)
            for (int y : rows)
                for (int ri = 0; ri < r; ++ri)
                    for (int c = 0; c < q; ++c) {
                        const int yy = y - L.pad_top, xx = col - L.pad_left;
                        const bool inside = yy >= 0 && yy < L.H && xx >= 0 && xx < L.W;
                        out.push_back(
                            {uint32_t(ri), uint32_t(y), inside ? x(b, ri * q + c, yy, xx) : 0});
                    }
    return out;
}

std::vector<Tagged> ArrayPass::psum_stream(const std::vector<int64_t>& psums) const {
    std::vector<Tagged> out;
    size_t idx = 0;
    for (int b = 0; b < n; ++b)
        for (int f = 0; f < layer.F(); ++f)
            for (int s = 0; s < e * t; ++s)
                for (int k = 0; k < p; ++k) out.push_back({0, uint32_t(s), psums.at(idx++)});
    return out;
}

std::vector<int64_t> ArrayPass::expected(const golden::ActTensor& x, const golden::ActTensor& w,
                                         const std::vector<int64_t>& psums,
                                         const golden::Numerics& nx) const {
    const auto acc = golden::accumulate(layer, nx, x, w);
    std::vector<int64_t> out;
    size_t idx = 0;
    for (int b = 0; b < n; ++b)
        for (int f = 0; f < layer.F(); ++f)
            for (int s = 0; s < e * t; ++s)
                for (int k = 0; k < p; ++k) {
                    int64_t v = acc(b, (s / e) * p + k, s % e, f);
                    if (psum_in) v = golden::wrap(v + psums.at(idx), nx.acc_width);
                    ++idx;
                    out.push_back(v);
                }
    return out;
}

}  // namespace sim
