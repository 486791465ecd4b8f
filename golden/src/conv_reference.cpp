// SPDX-License-Identifier: Apache-2.0
// Loop-nest reference for the Eigen engine: wraps after every single addition, exactly as a
// chain of A-bit adders would, so it independently checks the engine's "wrap once at the end".
#include "golden/conv.hpp"

namespace golden::reference {

AccTensor accumulate(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                     const ActTensor& filter, const std::vector<int64_t>& bias) {
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
                                const int64_t x =
                                    inside ? ifmap(n, g * Cg + c, h, w) : 0;  // zero pad
                                sum = wrap(sum + int64_t{filter(m, c, r, s)} * x, nx.acc_width);
                            }
                    acc(n, m, e, f) = sum;
                }
    return acc;
}

}  // namespace golden::reference
