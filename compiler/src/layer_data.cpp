// SPDX-License-Identifier: Apache-2.0
// Random layer data and the automatic shift of compiler/layer_data.hpp.
#include "compiler/layer_data.hpp"

#include <algorithm>

#include "golden/conv.hpp"

namespace compiler {

LayerData random_layer_data(const golden::LayerShape& L, const golden::Numerics& nx, bool bias,
                            double zero_fraction, std::mt19937_64& rng) {
    std::uniform_int_distribution<int64_t> val(nx.data_min(), nx.data_max());
    std::bernoulli_distribution zero(zero_fraction);
    auto fill = [&](golden::ActTensor& t) {
        for (auto& v : t.data) v = zero(rng) ? 0 : int32_t(val(rng));
    };
    LayerData d;
    d.ifmap = golden::ActTensor(L.N, L.C, L.H, L.W);
    d.filter = golden::ActTensor(L.M, L.C_per_group(), L.R, L.S);
    fill(d.ifmap);
    fill(d.filter);
    if (bias) {
        const int64_t lim = int64_t{1} << (nx.acc_width - 2);
        std::uniform_int_distribution<int64_t> b(-lim, lim);
        d.bias.resize(size_t(L.M));
        for (auto& v : d.bias) v = b(rng);
    }
    return d;
}

int auto_shift(const golden::LayerShape& L, const golden::Numerics& nx, const LayerData& d) {
    const auto acc = golden::accumulate(L, nx, d.ifmap, d.filter, d.bias);
    int64_t mx = 0;
    for (int64_t v : acc.data) mx = std::max(mx, v < 0 ? -(v + 1) : v);
    int bits = 0;
    while (bits < 63 && (mx >> bits) != 0) ++bits;
    return std::clamp(bits + 1 - nx.data_width, 0, nx.acc_width - 1);
}

golden::AccTensor reference_accumulators(const golden::LayerShape& L, const HwConfig& hw,
                                         const LayerData& d) {
    return hw.stochastic()
               ? golden::sc::sc_accumulate(L, hw.numerics(), d.ifmap, d.filter, d.bias, hw.sc)
               : golden::accumulate(L, hw.numerics(), d.ifmap, d.filter, d.bias);
}

golden::ActTensor reference_ofmap(const golden::LayerShape& L, const HwConfig& hw,
                                  const LayerData& d, const golden::OutputStage& out) {
    return golden::requantize(reference_accumulators(L, hw, d), hw.numerics(), out);
}

}  // namespace compiler
