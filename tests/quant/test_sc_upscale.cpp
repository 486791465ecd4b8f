// SPDX-License-Identifier: Apache-2.0
// SC-aware up-scaling (docs/stochastic.md, "Weight normalisation and up-scaling"): upscale()
// re-derives a quantised network's integers with extra power-of-two bits per layer (no extra
// bits give quantize()'s network exactly), the extra bits survive write/read, and the search
// (sim/sc_upscale.hpp) keeps each layer's best candidate and lowers the SC loss. Networks: the
// LeNet-5 zoo topology with seeded random weights on random images.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>

#include "sim/network.hpp"
#include "sim/sc_upscale.hpp"
#include "test_seed.hpp"

using namespace sim::net;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

std::vector<uint8_t> random_bytes(const Network& f, int n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<uint8_t> b(size_t(n) * f.input[0] * f.input[1] * f.input[2]);
    for (auto& v : b) v = uint8_t(rng());
    return b;
}

Network quantised_lenet(uint64_t seed, int dw = 8, int images = 4) {
    const Network f = zoo_network("lenet5", "", seed);
    golden::Numerics nx;
    nx.data_width = dw;
    return quantize(f, nx, random_bytes(f, images, seed + 1), images);
}

std::vector<size_t> accelerator_layers(const Network& q) {
    std::vector<size_t> acc;
    for (size_t i = 0; i < q.layers.size(); ++i)
        if (q.layers[i].on_accelerator()) acc.push_back(i);
    return acc;
}

}  // namespace

TEST_CASE("upscale: no extra bits give quantize()'s integers, scales and shifts") {
    const uint64_t seed = testutil::test_seed("upscale identity");
    for (int dw : {8, 16}) {
        const Network q = quantised_lenet(seed, dw);
        const Network u = upscale(q, {});
        CHECK(u.upscaled);
        CHECK_FALSE(q.upscaled);
        for (size_t i = 0; i < q.layers.size(); ++i) {
            const Layer &a = q.layers[i], &b = u.layers[i];
            CHECK(a.out_frac == b.out_frac);
            if (!a.on_accelerator()) continue;
            CHECK(a.qweight.data == b.qweight.data);
            CHECK(a.qbias == b.qbias);
            CHECK(a.shift == b.shift);
            CHECK(a.weight_frac == b.weight_frac);
            CHECK(b.upscale == Upscale{});
        }
    }
}

TEST_CASE("upscale: extra bits scale weights (clipped to +-127) and move the shifts") {
    const uint64_t seed = testutil::test_seed("upscale bits");
    const Network q = quantised_lenet(seed);
    const auto acc = accelerator_layers(q);
    REQUIRE(acc.size() == 5);
    // Second accelerator layer: weights x4, outputs x2.
    const Network u = upscale(q, {{}, {2, 1}});
    const Layer &a = q.layers[acc[1]], &b = u.layers[acc[1]];
    CHECK(b.weight_frac == a.weight_frac + 2);
    CHECK(b.out_frac == a.out_frac + 1);
    CHECK(b.shift == a.shift + 1);
    CHECK(b.upscale == Upscale{2, 1});
    int clipped = 0;
    for (size_t i = 0; i < a.weight.size(); ++i) {
        const double exact = std::round(std::ldexp(a.weight[i], b.weight_frac));
        CHECK(b.qweight.data[i] == int32_t(std::clamp(exact, -127.0, 127.0)));
        clipped += std::abs(exact) > 127;
    }
    CHECK(clipped > 0);  // the largest weights of a 4x up-scaled layer no longer fit
    for (size_t m = 0; m < a.qbias.size(); ++m)
        CHECK(b.qbias[m] == int64_t(std::round(std::ldexp(a.bias[m], b.shift + b.out_frac))));
    // The pooling after it keeps the new scale; the next layer's input has one more bit.
    for (size_t i = acc[1] + 1; i < acc[2]; ++i) CHECK(u.layers[i].out_frac == b.out_frac);
    CHECK(u.layers[acc[2]].shift == q.layers[acc[2]].shift + 1);
    CHECK(u.layers[acc[2]].qweight.data == q.layers[acc[2]].qweight.data);
    // Re-scaling an up-scaled network starts from quantize()'s choice again.
    const Network back = upscale(u, {});
    CHECK(back.layers[acc[1]].qweight.data == a.qweight.data);
    CHECK(back.layers[acc[1]].shift == a.shift);
}

TEST_CASE("upscale: negative bits, negative shifts and networks without float weights throw") {
    const Network q = quantised_lenet(3);
    CHECK_THROWS_WITH(upscale(q, {{-1, 0}}), Contains("negative extra bits"));
    CHECK_THROWS_WITH(upscale(q, {{0, 40}}), Contains("shift"));
    const fs::path dir = fs::temp_directory_path() / fmt::format("rsacc_test_quant_{}", getpid());
    write_network(q, dir.string());
    CHECK_THROWS_WITH(upscale(read_network(dir.string()), {}), Contains("no float weights"));
    // The extra bits go to disk and come back; a plain network has none.
    CHECK_FALSE(read_network(dir.string()).upscaled);
    write_network(upscale(q, {{1, 2}, {0, 1}}), dir.string());
    const Network r = read_network(dir.string());
    CHECK(r.upscaled);
    const auto acc = accelerator_layers(r);
    CHECK(r.layers[acc[0]].upscale == Upscale{1, 2});
    CHECK(r.layers[acc[1]].upscale == Upscale{0, 1});
    CHECK(r.layers[acc[2]].upscale == Upscale{});
    fs::remove_all(dir);
}

// Labels: the float network's own classes. The search must lower the SC loss at L = 32 (random
// He-normal weights are bell-shaped, so their small values gain from up-scaling), keep per layer
// its best candidate, and return the network of its choice.
TEST_CASE("choose_sc_upscale: each layer keeps its best candidate and the SC loss falls") {
    const Network f = zoo_network("lenet5", "", 11);
    const auto acc = accelerator_layers(f);
    const int n = 48;
    const auto images = random_bytes(f, n, 12);
    golden::Numerics nx;
    nx.data_width = 8;
    const Network q = quantize(f, nx, images, n);
    const auto labels = argmax(forward_float(f, images, n));
    ScUpscaleSearch s;
    golden::sc::ScConfig c;
    c.length = 32;
    s.settings = {c};
    s.max_bits = 2;
    const ScUpscaleResult r = choose_sc_upscale(q, images, labels, n, s);
    REQUIRE(r.extra.size() == acc.size());
    REQUIRE(r.passes >= 1);
    REQUIRE(r.passes <= s.max_passes);
    // Per pass 9 candidates per layer; the output layer's outputs are not up-scaled (3).
    REQUIRE(r.trials.size() == size_t(r.passes) * (4 * 9 + 3));
    CHECK(r.extra.back().out == 0);
    CHECK(r.loss_after < 0.9 * r.loss_before);
    // In the last pass each layer's choice has the least loss of its candidates.
    for (size_t k = 0; k < acc.size(); ++k) {
        double least = INFINITY, chosen = INFINITY;
        for (const auto& t : r.trials)
            if (t.pass == r.passes && t.layer == acc[k]) {
                least = std::min(least, t.loss);
                if (t.extra == r.extra[k]) chosen = t.loss;
            }
        CHECK(chosen == least);
        CHECK(r.net.layers[acc[k]].upscale == r.extra[k]);
        if (k + 1 == acc.size()) CHECK(least == r.loss_after);
    }
    CHECK(r.net.layers[acc[1]].qweight.data == upscale(q, r.extra).layers[acc[1]].qweight.data);
    CHECK_THROWS_WITH(choose_sc_upscale(q, images, labels, n, ScUpscaleSearch{}),
                      Contains("no SC settings"));
    s.max_passes = 0;
    CHECK_THROWS_WITH(choose_sc_upscale(q, images, labels, n, s), Contains("max_passes"));
}
