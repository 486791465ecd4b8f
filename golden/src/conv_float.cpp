// SPDX-License-Identifier: Apache-2.0
// Float yardstick (docs/numerics.md): the same convolution in double, no wrap, no rounding.
#include "golden/conv.hpp"

#include <algorithm>

namespace golden {

FloatTensor conv_float(const LayerShape& L, const ActTensor& ifmap, const ActTensor& filter,
                       const std::vector<int64_t>& bias) {
    // Accept whatever the widest integer configuration accepts.
    check_conv_inputs(L, Numerics{16, 62}, ifmap, filter, bias);
    const int Cg = L.C_per_group(), Mg = L.M_per_group(), E = L.E(), F = L.F();
    FloatTensor out(L.N, L.M, E, F);
    // (e, f) innermost so each filter tap sweeps a whole output plane.
    for (int n = 0; n < L.N; ++n)
        for (int m = 0; m < L.M; ++m) {
            double* plane = &out(n, m, 0, 0);
            std::fill_n(plane, size_t(E) * F, bias.empty() ? 0.0 : double(bias[m]));
            const int g = m / Mg;
            for (int c = 0; c < Cg; ++c)
                for (int r = 0; r < L.R; ++r)
                    for (int s = 0; s < L.S; ++s) {
                        const double weight = filter(m, c, r, s);
                        for (int e = 0; e < E; ++e) {
                            const int h = e * L.stride_v + r - L.pad_top;
                            if (h < 0 || h >= L.H) continue;  // zero padding
                            for (int f = 0; f < F; ++f) {
                                const int w = f * L.stride_h + s - L.pad_left;
                                if (w >= 0 && w < L.W)
                                    plane[e * F + f] += weight * ifmap(n, g * Cg + c, h, w);
                            }
                        }
                    }
        }
    return out;
}

}  // namespace golden
