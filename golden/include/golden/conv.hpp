// SPDX-License-Identifier: Apache-2.0
// The golden engine: convolution layers with the exact numerics of docs/numerics.md.
#pragma once
#include <cstdint>
#include <vector>

#include "golden/layer.hpp"
#include "golden/numerics.hpp"
#include "golden/tensor.hpp"

namespace golden {

struct OutputStage {
    int shift = 0;      // requantisation right shift (round half up)
    bool relu = false;  // ReLU after saturation
};

// Raw wrapped A-bit accumulators, N x M x E x F. `bias` is empty or has M entries.
// ifmap: N x C x H x W; filter: M x (C/G) x R x S. Throws std::invalid_argument on shape errors.
AccTensor accumulate(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                     const ActTensor& filter, const std::vector<int64_t>& bias = {});

// Requantise every accumulator (requantize_value).
ActTensor requantize(const AccTensor& acc, const Numerics& nx, const OutputStage& out);

// accumulate + requantize.
ActTensor run_layer(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                    const ActTensor& filter, const std::vector<int64_t>& bias,
                    const OutputStage& out);

// Throws std::invalid_argument (one line naming the tensor or field) unless L and nx are valid, the
// tensors have the dims above, ifmap/filter values fit D bits and bias values fit A bits.
// Shared by every entry point here so the engine and its references reject the same inputs.
void check_conv_inputs(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                       const ActTensor& filter, const std::vector<int64_t>& bias);

// Same convolution in double precision: no wrap, no rounding (yardstick for approximate MACs).
FloatTensor conv_float(const LayerShape& L, const ActTensor& ifmap, const ActTensor& filter,
                       const std::vector<int64_t>& bias = {});

namespace reference {
// Plain seven-deep loop nest, written for obviousness; tests check the Eigen path against it.
AccTensor accumulate(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                     const ActTensor& filter, const std::vector<int64_t>& bias = {});

// The same loop nest with another multiplier: product(x, w, s) for activation x (0 in the
// padding), weight w and kernel column s; wraps to A bits after every addition, as a chain of
// A-bit adders would. accumulate() is this with x * w; the SC tests use the SC product.
template <class Product>
AccTensor accumulate_terms(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                           const ActTensor& filter, const std::vector<int64_t>& bias,
                           Product&& product) {
    check_conv_inputs(L, nx, ifmap, filter, bias);
    const int Cg = L.C_per_group(), Mg = L.M_per_group();
    AccTensor acc(L.N, L.M, L.E(), L.F());
    for (int n = 0; n < L.N; ++n)
        for (int m = 0; m < L.M; ++m)
            for (int e = 0; e < L.E(); ++e)
                for (int f = 0; f < L.F(); ++f) {
                    const int g = m / Mg;
                    int64_t sum = bias.empty() ? 0 : bias[m];
                    for (int c = 0; c < Cg; ++c)
                        for (int r = 0; r < L.R; ++r)
                            for (int s = 0; s < L.S; ++s) {
                                const int h = e * L.stride_v + r - L.pad_top;
                                const int w = f * L.stride_h + s - L.pad_left;
                                const bool inside = h >= 0 && h < L.H && w >= 0 && w < L.W;
                                const int32_t x = inside ? ifmap(n, g * Cg + c, h, w) : 0;
                                sum = wrap(sum + int64_t{product(x, filter(m, c, r, s), s)},
                                           nx.acc_width);
                            }
                    acc(n, m, e, f) = sum;
                }
    return acc;
}
}  // namespace reference

}  // namespace golden
