// SPDX-License-Identifier: Apache-2.0
// The golden engine: im2col + Eigen GEMM per (group, image), wrapped to A bits once at the end
// (addition modulo 2^A is order-free, docs/numerics.md, so one final wrap equals wrapping every add).
#include "golden/conv.hpp"

#include <Eigen/Core>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <stdexcept>

namespace golden {
namespace {

template <class T>
using RowMajorMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

void check_dims(const LayerShape& L, const char* tensor, const ActTensor& t,
                const std::array<int, 4>& want, const char* layout) {
    if (t.dim != want || t.size() != static_cast<size_t>(want[0]) * want[1] * want[2] * want[3])
        throw std::invalid_argument(fmt::format("layer {}: {} dims {} must be {} = {}", L.name,
                                                tensor, fmt::join(t.dim, "x"), layout,
                                                fmt::join(want, "x")));
}

void check_values(const LayerShape& L, const char* tensor, const ActTensor& t, const Numerics& nx) {
    for (size_t i = 0; i < t.size(); ++i) {
        if (t.data[i] >= nx.data_min() && t.data[i] <= nx.data_max()) continue;
        const size_t i3 = i % t.dim[3], i2 = i / t.dim[3] % t.dim[2];
        const size_t i1 = i / t.dim[3] / t.dim[2] % t.dim[1],
                     i0 = i / t.dim[3] / t.dim[2] / t.dim[1];
        throw std::invalid_argument(fmt::format(
            "layer {}: {}[{},{},{},{}] = {} outside the {}-bit range [{}, {}]", L.name, tensor, i0,
            i1, i2, i3, t.data[i], nx.data_width, nx.data_min(), nx.data_max()));
    }
}

// A double GEMM is exact when every partial sum, in any order and with or without FMA, is an
// integer below 2^53: |product| <= 2^(2D-2), so K * 2^(2D-2) < 2^53 suffices.
bool double_gemm_is_exact(int64_t K, int data_width) {
    return K < (int64_t{1} << (55 - 2 * data_width));
}

// GEMM result as a value modulo 2^64 (a double sum is an exact integer below 2^53).
uint64_t to_modular(double v) { return static_cast<uint64_t>(static_cast<int64_t>(v)); }
uint64_t to_modular(uint64_t v) { return v; }

// Rows are the group's (c, r, s) taps in the filter's MCRS order; columns are the ofmap pixels
// of output rows [e_begin, e_end).
template <class T>
void im2col(const LayerShape& L, const ActTensor& ifmap, int n, int g, int e_begin, int e_end,
            RowMajorMatrix<T>& cols) {
    const int F = L.F(), Cg = L.C_per_group();
    cols.resize(int64_t{Cg} * L.R * L.S, int64_t{e_end - e_begin} * F);
    T* out = cols.data();
    for (int c = 0; c < Cg; ++c)
        for (int r = 0; r < L.R; ++r)
            for (int s = 0; s < L.S; ++s)
                for (int e = e_begin; e < e_end; ++e) {
                    const int h = e * L.stride_v + r - L.pad_top;
                    if (h < 0 || h >= L.H) {
                        std::fill_n(out, F, T{0});  // padding row
                        out += F;
                        continue;
                    }
                    const int32_t* row = &ifmap(n, g * Cg + c, h, 0);
                    for (int f = 0; f < F; ++f) {
                        const int w = f * L.stride_h + s - L.pad_left;
                        *out++ = (w >= 0 && w < L.W) ? static_cast<T>(row[w]) : T{0};
                    }
                }
}

// Filters and output rows are taken in blocks of about this many matrix entries, so that e.g.
// VGG FC6 weights or a VGG conv1 im2col never need hundreds of MB of temporaries.
constexpr int64_t kBlockEntries = int64_t{1} << 22;

// T = double (exact, see double_gemm_is_exact) or uint64_t (exact modulo 2^64 for any K, and
// unsigned overflow is defined, so wrapping to A <= 62 bits afterwards is still exact).
template <class T>
AccTensor accumulate_with(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                          const ActTensor& filter, const std::vector<int64_t>& bias) {
    const int Mg = L.M_per_group(), E = L.E(), F = L.F();
    const int64_t K = int64_t{L.C_per_group()} * L.R * L.S;
    const int m_block = int(std::clamp<int64_t>(kBlockEntries / K, 1, Mg));
    const int e_block = int(std::clamp<int64_t>(kBlockEntries / (K * F), 1, E));
    AccTensor acc(L.N, L.M, E, F);
    RowMajorMatrix<T> weights, cols, sums;
    for (int g = 0; g < L.groups; ++g)
        for (int m0 = g * Mg; m0 < (g + 1) * Mg; m0 += m_block) {
            const int rows = std::min(m_block, (g + 1) * Mg - m0);
            weights = Eigen::Map<const RowMajorMatrix<int32_t>>(&filter.data[m0 * K], rows, K)
                          .template cast<T>();
            for (int n = 0; n < L.N; ++n)
                for (int e0 = 0; e0 < E; e0 += e_block) {
                    const int e1 = std::min(E, e0 + e_block);
                    im2col(L, ifmap, n, g, e0, e1, cols);
                    sums.noalias() = weights * cols;
                    for (int m = 0; m < rows; ++m) {
                        const uint64_t b = bias.empty() ? 0 : static_cast<uint64_t>(bias[m0 + m]);
                        int64_t* out = &acc(n, m0 + m, e0, 0);
                        for (int64_t p = 0; p < sums.cols(); ++p)  // bias added modulo 2^64
                            out[p] = wrap(static_cast<int64_t>(to_modular(sums(m, p)) + b),
                                          nx.acc_width);
                    }
                }
        }
    return acc;
}

}  // namespace

void check_conv_inputs(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                       const ActTensor& filter, const std::vector<int64_t>& bias) {
    L.validate();
    nx.validate();
    check_dims(L, "ifmap", ifmap, {L.N, L.C, L.H, L.W}, "N x C x H x W");
    check_dims(L, "filter", filter, {L.M, L.C_per_group(), L.R, L.S}, "M x C/G x R x S");
    if (!bias.empty() && bias.size() != static_cast<size_t>(L.M))
        throw std::invalid_argument(fmt::format(
            "layer {}: bias has {} entries, must be 0 or M = {}", L.name, bias.size(), L.M));
    check_values(L, "ifmap", ifmap, nx);
    check_values(L, "filter", filter, nx);
    for (size_t m = 0; m < bias.size(); ++m)
        if (bias[m] < nx.acc_min() || bias[m] > nx.acc_max())
            throw std::invalid_argument(
                fmt::format("layer {}: bias[{}] = {} outside the {}-bit range", L.name, m, bias[m],
                            nx.acc_width));
}

AccTensor accumulate(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                     const ActTensor& filter, const std::vector<int64_t>& bias) {
    check_conv_inputs(L, nx, ifmap, filter, bias);
    const int64_t K = int64_t{L.C_per_group()} * L.R * L.S;
    return double_gemm_is_exact(K, nx.data_width)
               ? accumulate_with<double>(L, nx, ifmap, filter, bias)
               : accumulate_with<uint64_t>(L, nx, ifmap, filter, bias);
}

ActTensor requantize(const AccTensor& acc, const Numerics& nx, const OutputStage& out) {
    nx.validate();
    if (out.shift < 0 || out.shift >= nx.acc_width)
        throw std::invalid_argument(
            fmt::format("output stage: shift = {} must be in [0, {})", out.shift, nx.acc_width));
    ActTensor y(acc.dim[0], acc.dim[1], acc.dim[2], acc.dim[3]);
    for (size_t i = 0; i < acc.size(); ++i) {
        if (acc.data[i] < nx.acc_min() || acc.data[i] > nx.acc_max())
            throw std::invalid_argument(fmt::format(
                "requantize: acc[{}] = {} outside the {}-bit range", i, acc.data[i], nx.acc_width));
        y.data[i] = static_cast<int32_t>(requantize_value(acc.data[i], out.shift, out.relu, nx));
    }
    return y;
}

ActTensor run_layer(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                    const ActTensor& filter, const std::vector<int64_t>& bias,
                    const OutputStage& out) {
    return requantize(accumulate(L, nx, ifmap, filter, bias), nx, out);
}

}  // namespace golden
