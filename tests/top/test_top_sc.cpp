// SPDX-License-Identifier: Apache-2.0
// The stochastic-MAC accelerator (Vrsacc_top_small_sc: 5 x 6 PEs, 16 KB, D = 8, A = 32,
// SC_LANES = 8, streams up to 128): random layers drawn like the soak's, each with its own
// run-time stream length, random source and stream starts, bit-exact against the bit-true model
// of docs/stochastic.md; an AlexNet-shaped layer under DRAM stalls; cycles that follow
// L / SC_LANES; a LeNet-5 chained on the RTL with the bit-true model's classes, and the trained
// Fashion-MNIST model on real images; and passes the MAC cannot run refused with StatusBadPass.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <random>
#include <tuple>

#include "Vrsacc_top_small_sc.h"
#include "compiler/energy.hpp"
#include "sim/layer_runner.hpp"
#include "sim/network.hpp"
#include "sim/network_runner.hpp"
#include "sim/random_layer.hpp"
#include "small_hw.hpp"
#include "test_seed.hpp"

using namespace compiler;
using namespace sim;
using golden::sc::Rng;
using golden::sc::Sharing;

namespace {

HwConfig sc_hw(int length, Rng rng, Sharing sharing) {
    HwConfig hw = testutil::small_sc_hw();
    hw.sc.length = length;
    hw.sc.rng = rng;
    hw.sc.sharing = sharing;
    return hw;
}

// One layer with its data on the SC model; the expected ofmap is the bit-true model's.
LayerOutcome run_sc(const golden::LayerShape& L, const HwConfig& hw, uint64_t seed,
                    DramConfig dram = {}) {
    std::mt19937_64 rng(seed);
    const LayerData data = random_layer_data(L, hw.numerics(), true, 0.3, rng);
    LayerOptions opt;
    opt.bias = true;
    opt.relu = true;
    opt.shift = auto_shift(L, hw.numerics(), data);
    const LayerProgram prog = compile_layer(L, map_layer(L, hw), hw, opt);
    AccelRunOptions ro;
    ro.max_cycles = 2'000'000;  // a hang fails as TIMEOUT
    return simulate_layer<Vrsacc_top_small_sc>(prog, data, dram, {}, ro);
}

}  // namespace

TEST_CASE("random layers run bit-exact on the stochastic-MAC accelerator, every L and source",
          "[top][sc][random]") {
    const uint64_t seed = testutil::test_seed("top sc random layers");
    const int lengths[] = {16, 32, 64, 128};
    const int layers = 32;
    int passed = 0, differs_from_exact = 0;
    for (uint64_t i = 0; i < layers; ++i) {
        const HwConfig hw = sc_hw(lengths[i % 4], i % 8 < 4 ? Rng::Sobol : Rng::Lfsr,
                                  i % 16 < 8 ? Sharing::Column : Sharing::Array);
        const SoakDraw d = draw_soak_layer(seed, i, hw, SoakLimits{60'000});
        const SoakDraw::Prepared r = d.prepare(hw);
        const LayerOutcome o =
            simulate_layer<Vrsacc_top_small_sc>(r.program, r.data, d.dram, {}, r.run);
        INFO("layer " << i << ": " << d.describe() << " | " << hw.sc.describe() << " | "
                      << d.mapping.to_string());
        INFO("status " << o.status() << ", " << o.check.mismatches << " mismatches");
        REQUIRE(o.pass());
        // Every product with two non-zero operands ran L lane-cycles, no other product any.
        CHECK(o.run.perf[contract::kPerfScLaneCycles] ==
              uint64_t(hw.sc.length) *
                  uint64_t(golden::sc::sc_stream_products(d.layer, r.data.ifmap, r.data.filter)));
        // The check is against the SC model, not the exact engine: their sums differ.
        HwConfig exact = hw;
        exact.mac_kind = 0;
        differs_from_exact += reference_accumulators(d.layer, exact, r.data).data !=
                              reference_accumulators(d.layer, hw, r.data).data;
        ++passed;
    }
    CHECK(passed == layers);
    CHECK(differs_from_exact >= layers * 3 / 4);
}

TEST_CASE("an AlexNet-shaped SC layer under DRAM stalls is bit-exact, cycles follow L / lanes",
          "[top][sc]") {
    const uint64_t seed = testutil::test_seed("top sc alexnet-shaped");
    // CONV3-like: 3 x 3, pad 1, stride 1, reduced channels and size for the 4 x 5 array.
    golden::LayerShape L{"conv3_reduced", 1, 16, 7, 7, 8, 3, 3, 1, 1, 1, 1, 1, 1};
    DramConfig dram;
    dram.stall_probability = 0.3;
    dram.seed = seed;
    int64_t cycles_16 = 0, cycles_128 = 0;
    for (int length : {16, 128}) {
        const HwConfig hw = sc_hw(length, Rng::Sobol, Sharing::Column);
        const LayerOutcome o = run_sc(L, hw, seed, dram);
        INFO(hw.sc.describe() << ": status " << o.status() << ", " << o.check.mismatches
                              << " mismatches");
        REQUIRE(o.pass());
        (length == 16 ? cycles_16 : cycles_128) = int64_t(o.run.cycles);
    }
    // A MAC holds a PE max(1, L / 8) cycles: 2 at L = 16, 16 at L = 128. Compute dominates this
    // layer, so the run is several times longer (zero activations take one cycle either way).
    CHECK(cycles_128 > 4 * cycles_16);
}

TEST_CASE("an 8-bit LeNet-5 on the stochastic accelerator: every layer and class as the model's",
          "[top][sc][net]") {
    const uint64_t seed = testutil::test_seed("top sc lenet5");
    const HwConfig hw = sc_hw(32, Rng::Lfsr, Sharing::Array);
    const net::Network f = net::zoo_network("lenet5", "", seed);
    std::mt19937_64 rng(seed);
    const int n = 3;
    std::vector<uint8_t> images(size_t(n) * f.input[0] * f.input[1] * f.input[2]);
    for (auto& b : images) b = uint8_t(rng());
    const net::Network q = net::quantize(f, hw.numerics(), images, 2);
    // The bit-true model, layer after layer, on all images; and the exact MAC's classes.
    const golden::sc::ProductTable table(hw.sc);
    golden::ActTensor x = net::input_tensor(q, images, n), exact = x;
    for (const auto& l : q.layers) {
        x = net::run_sc_layer(q, l, x, table);
        exact = net::run_golden_layer(q, l, exact);
    }
    // The RTL in batches of 2 and 1; run_rtl_layer checks every conv/FC layer against the
    // bit-true model (the program's hardware is stochastic) and throws on a mismatch.
    const auto run = net::run_network_rtl<Vrsacc_top_small_sc>(q, net::input_tensor(q, images, n),
                                                               2, hw, EnergyCosts::parse(""));
    CHECK(run.predictions == net::argmax(x));
    CHECK(x.data != exact.data);  // the SC logits are not the exact ones
}

// The committed Fashion-MNIST model's 8-bit form (the directory in RSACC_FASHION_INT8, written
// by the net tests' import: tests/top/CMakeLists.txt runs this case on its own after them) on
// real test images: every conv and FC layer bit-exact against the bit-true model, the same
// classes. Hidden from the listing, so it runs only there.
TEST_CASE("trained Fashion-MNIST images on the stochastic accelerator: the bit-true model's classes",
          "[.fashion][top][sc][net]") {
    const char* dir = std::getenv("RSACC_FASHION_INT8");
    REQUIRE(dir != nullptr);
    const net::Network q = net::read_network(dir);
    REQUIRE(q.numerics.data_width == 8);
    const int n = 2;
    const auto test = net::load_fashion_split(net::kFashionDataDir, false, n);
    for (const auto& [length, rng, sharing] : {std::tuple{32, Rng::Lfsr, Sharing::Column},
                                               std::tuple{128, Rng::Sobol, Sharing::Array}}) {
        const HwConfig hw = sc_hw(length, rng, sharing);
        INFO(hw.sc.describe());
        const golden::sc::ProductTable table(hw.sc);
        const auto expected = net::classify(q, test.images.data, n, &table);
        const auto run = net::run_network_rtl<Vrsacc_top_small_sc>(
            q, net::input_tensor(q, test.images.data, n), n, hw, EnergyCosts::parse(""));
        CHECK(run.predictions == expected);
    }
}

TEST_CASE("a pass the MAC cannot run stops with StatusBadPass", "[top][sc][errors]") {
    golden::LayerShape L{"small", 1, 4, 6, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1};
    // An exact-MAC program (no stream length) on the stochastic accelerator: refused, not run
    // with some default length.
    HwConfig exact = testutil::small_sc_hw();
    exact.mac_kind = 0;
    std::mt19937_64 rng(1);
    const LayerData data = random_layer_data(L, exact.numerics(), false, 0.0, rng);
    const LayerProgram prog = compile_layer(L, map_layer(L, exact), exact, LayerOptions{});
    const LayerOutcome o = simulate_layer<Vrsacc_top_small_sc>(prog, data, DramConfig{});
    CHECK(o.run.status == int(contract::Status::BadPass));
    CHECK_FALSE(o.pass());
}
