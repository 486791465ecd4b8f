// SPDX-License-Identifier: Apache-2.0
// The 8-bit accelerator (Vrsacc_top_small8: 5 x 6 PEs, 16 KB buffer, D = 8, A = 32): random
// layers drawn like the soak's (sim/random_layer.hpp: shapes, edges, output stage, DRAM link,
// power-up state) and a chained 8-bit network, each bit-exact against the golden engine. The
// same compiler, buffer layout (8 values per 64-bit word) and RTL as the 16-bit runs.
#include <catch2/catch.hpp>
#include <random>

#include "Vrsacc_top_small8.h"
#include "compiler/energy.hpp"
#include "sim/layer_runner.hpp"
#include "sim/network.hpp"
#include "sim/network_runner.hpp"
#include "sim/random_layer.hpp"
#include "small_hw.hpp"
#include "test_seed.hpp"

using namespace compiler;
using namespace sim;

TEST_CASE("random layers at D = 8 run bit-exact on the 8-bit accelerator", "[top][d8][random]") {
    const uint64_t seed = testutil::test_seed("top d8 random layers");
    const HwConfig hw = testutil::small8_hw();
    const golden::Numerics nx = hw.numerics();
    int saturated_layers = 0, passed = 0;
    for (uint64_t i = 0; i < 40; ++i) {
        const SoakDraw d = draw_soak_layer(seed, i, hw);
        const SoakDraw::Prepared r = d.prepare(hw);
        const LayerOutcome o =
            simulate_layer<Vrsacc_top_small8>(r.program, r.data, d.dram, {}, r.run);
        INFO("layer " << i << ": " << d.describe() << " | " << d.mapping.to_string());
        INFO("status " << o.status() << ", " << o.check.mismatches << " mismatches");
        REQUIRE(o.pass());
        // The draws exercise the 8-bit range: outputs at both saturation limits appear.
        for (auto v : o.check.expected.data)
            if (v == nx.data_max() || v == nx.data_min()) {
                ++saturated_layers;
                break;
            }
        ++passed;
    }
    CHECK(passed == 40);
    CHECK(saturated_layers > 0);
}

TEST_CASE("an 8-bit LeNet-5 runs layer after layer on the 8-bit accelerator, bit-exact",
          "[top][d8][net]") {
    const uint64_t seed = testutil::test_seed("top d8 lenet5");
    const HwConfig hw = testutil::small8_hw();
    const net::Network f = net::zoo_network("lenet5", "", seed);
    std::mt19937_64 rng(seed);
    std::vector<uint8_t> images(size_t(3) * f.input[0] * f.input[1] * f.input[2]);
    for (auto& b : images) b = uint8_t(rng());
    const net::Network q = net::quantize(f, hw.numerics(), images, 2);
    REQUIRE(q.numerics.data_width == 8);
    // Golden, layer after layer, on all three images.
    golden::ActTensor x = net::input_tensor(q, images, 3);
    for (const auto& l : q.layers) x = net::run_golden_layer(q, l, x);
    const auto golden_pred = net::argmax(x);
    // The RTL in batches of 2 and 1 (every conv/FC layer checked bit for bit inside).
    int layers_run = 0;
    const auto run = net::run_network_rtl<Vrsacc_top_small8>(q, net::input_tensor(q, images, 3), 2,
                                                             hw, EnergyCosts::parse(""),
                                                             [&](const std::string& line) {
                                                                 ++layers_run;
                                                                 INFO(line);
                                                             });
    CHECK(run.predictions == golden_pred);
    int on_accel = 0;
    for (const auto& l : q.layers) on_accel += l.on_accelerator();
    CHECK(layers_run == 2 * on_accel);
    for (size_t i = 0; i < q.layers.size(); ++i)
        if (q.layers[i].on_accelerator()) CHECK(run.layers[i].cycles > 0);
}

TEST_CASE("a 16-bit network is refused by the 8-bit accelerator, naming both widths",
          "[top][d8][errors]") {
    const net::Network f = net::zoo_network("lenet5", "", 1);
    std::vector<uint8_t> images(size_t(f.input[0]) * f.input[1] * f.input[2], 7);
    const net::Network q = net::quantize(f, golden::Numerics{16, 32}, images, 1);
    const auto x = net::input_tensor(q, images, 1);
    REQUIRE_THROWS_WITH(net::run_network_rtl<Vrsacc_top_small8>(q, x, 1, testutil::small8_hw(),
                                                                EnergyCosts::parse("")),
                        Catch::Contains("the network is 16-bit (A = 32), this accelerator "
                                        "model 8-bit (A = 32)"));
}
