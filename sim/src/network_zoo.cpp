// SPDX-License-Identifier: Apache-2.0
// Zoo networks with seeded random weights, chained layer after layer (docs/network.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include "golden/topology.hpp"
#include "sim/network.hpp"

namespace sim::net {

Network zoo_network(const std::string& name, const std::string& last, uint64_t seed) {
    const std::string file = std::string(RSACC_TOPOLOGY_DIR) + "/" + name + ".csv";
    const auto shapes = golden::read_topology(file);
    if (!last.empty() && std::none_of(shapes.begin(), shapes.end(),
                                      [&](const golden::LayerShape& L) { return L.name == last; }))
        throw std::runtime_error(fmt::format("{}: no layer named '{}'", file, last));
    Network net;
    net.name = last.empty() ? name : last;
    net.source = fmt::format("{}.csv, random weights (seed {})", name, seed);
    net.dataset = "random";
    std::mt19937_64 rng(seed);
    for (size_t i = 0; i < shapes.size(); ++i) {
        const golden::LayerShape& L = shapes[i];
        if (!net.layers.empty()) {  // chain: the previous output must be this input
            const Layer& prev = net.layers.back();
            const std::array<int, 3> in{L.C, L.H, L.W};
            if (prev.out != in) {
                Layer pool;
                pool.op = Op::MaxPool;
                pool.in = prev.out;
                for (int k : {3, 2}) {
                    pool.pool = golden::PoolShape{k, k, 2, 2};
                    if (prev.out[0] == L.C && prev.out[1] >= k && prev.out[2] >= k &&
                        pool.pool.out_h(prev.out[1]) == L.H && pool.pool.out_w(prev.out[2]) == L.W)
                        break;
                    pool.pool.kernel_h = 0;
                }
                if (pool.pool.kernel_h == 0)
                    throw std::runtime_error(fmt::format(
                        "{}: {}'s output {}x{}x{} does not chain into {}'s input {}x{}x{} (no 3 x 3 "
                        "or 2 x 2 stride-2 pooling gives it)",
                        file, prev.name, prev.out[0], prev.out[1], prev.out[2], L.name, L.C, L.H,
                        L.W));
                pool.name = "pool_" + prev.name;
                pool.stride = {2, 2};
                pool.out = {L.C, L.H, L.W};
                net.layers.push_back(pool);
            }
        } else {
            net.input = {L.C, L.H, L.W};
        }
        Layer l;
        l.name = L.name;
        l.op = L.E() == 1 && L.F() == 1 && L.R == L.H_padded() && L.S == L.W_padded() ? Op::Fc
                                                                                      : Op::Conv;
        l.in = {L.C, L.H, L.W};
        l.out = {L.M, L.E(), L.F()};
        l.M = L.M;
        l.R = L.R;
        l.S = L.S;
        l.groups = L.groups;
        l.stride = {L.stride_v, L.stride_h};
        l.pads = {L.pad_top, L.pad_bottom, L.pad_left, L.pad_right};
        // He-normal: the activations keep their scale from layer to layer.
        const int fan_in = L.C_per_group() * L.R * L.S;
        std::normal_distribution<double> w(0.0, std::sqrt(2.0 / fan_in));
        l.weight.resize(size_t(L.M) * fan_in);
        for (double& v : l.weight) v = w(rng);
        l.bias.assign(size_t(L.M), 0.0);
        l.relu = true;
        net.layers.push_back(std::move(l));
        if (L.name == last) break;
    }
    const auto& out = net.layers.back().out;
    net.classes = out[1] == 1 && out[2] == 1 ? out[0] : 0;
    if (net.classes) net.layers.back().relu = false;  // a classifier's raw logits
    return net;
}

}  // namespace sim::net
