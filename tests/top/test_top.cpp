// Whole layers on the small accelerator (4 x 5 PEs, 16 KB buffer): the C++ side only compiles
// commands and lays out DRAM; the RTL runs the layer. Every ofmap element is compared with the
// golden engine.
#include <catch2/catch.hpp>
#include <random>
#include <sstream>

#include "Vrsacc_top_small.h"
#include "sim/layer_runner.hpp"
#include "test_seed.hpp"

using namespace sim;

namespace {

ArrayConfig small_hw() {
    ArrayConfig hw;
    hw.rows = 4;
    hw.cols = 5;
    hw.glb_bytes = 16 * 1024;
    return hw;
}

std::string describe(const golden::LayerShape& L, const Mapping& m) {
    std::ostringstream os;
    os << "N=" << L.N << " C=" << L.C << " H=" << L.H << " W=" << L.W << " M=" << L.M << " R=" << L.R
       << " S=" << L.S << " U=" << L.stride_v << "/" << L.stride_h << " pad=" << L.pad_top << ","
       << L.pad_bottom << "," << L.pad_left << "," << L.pad_right << " G=" << L.groups << " | "
       << m.to_string();
    return os.str();
}

LayerOutcome run(const golden::LayerShape& L, const ArrayConfig& hw, std::mt19937_64& rng,
                 bool bias, bool relu, double zeros, const DramConfig& dcfg = {}) {
    const golden::Numerics nx{hw.data_width, hw.acc_width};
    const auto data = random_layer_data(L, nx, bias, zeros, rng);
    LayerOptions opt;
    opt.bias = bias;
    opt.relu = relu;
    opt.shift = auto_shift(L, nx, data);
    const auto prog = compile_layer(L, map_layer(L, hw), hw, opt);
    AccelRunOptions ro;
    ro.max_cycles = 20'000'000;
    return simulate_layer<Vrsacc_top_small>(prog, data, dcfg, {}, ro);
}

void require_pass(const LayerOutcome& o) {
    INFO(describe(o.program.layer, o.program.mapping));
    INFO("cycles " << o.run.cycles << " status " << o.run.status << " done " << o.run.done
                   << " timed_out " << o.run.timed_out << " assertion " << o.run.assertion_failed
                   << " mismatches " << o.check.mismatches);
    for (const auto& m : o.check.first)
        INFO("mismatch n=" << m.n << " m=" << m.m << " e=" << m.e << " f=" << m.f
                           << " expected=" << m.expected << " got=" << m.got);
    REQUIRE(o.pass());
}

}  // namespace

TEST_CASE("a small convolution runs bit-exact from DRAM to DRAM", "[top]") {
    std::mt19937_64 rng(testutil::test_seed("top small conv"));
    golden::LayerShape L;
    L.name = "small";
    L.N = 1; L.C = 2; L.H = 6; L.W = 6; L.M = 3; L.R = 3; L.S = 3;
    const auto o = run(L, small_hw(), rng, false, false, 0.3);
    require_pass(o);
}

namespace {

// A random small layer that the 4 x 5 accelerator can map: R <= 4 rows, small maps.
golden::LayerShape random_layer(std::mt19937_64& rng, int idx) {
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    golden::LayerShape L;
    L.name = "rand" + std::to_string(idx);
    L.groups = pick(0, 3) == 0 ? pick(2, 3) : 1;
    const bool depthwise = pick(0, 5) == 0;
    L.R = pick(1, 4);
    L.S = pick(1, 5);
    L.stride_v = pick(1, 3);
    L.stride_h = pick(1, 3);
    L.pad_top = pick(0, L.R - 1);
    L.pad_bottom = pick(0, L.R - 1);
    L.pad_left = pick(0, L.S - 1);
    L.pad_right = pick(0, L.S - 1);
    L.N = pick(1, 3);
    if (depthwise) {
        L.groups = pick(2, 6);
        L.C = L.M = L.groups;
    } else {
        L.C = L.groups * pick(1, 5);
        L.M = L.groups * pick(1, 7);
    }
    L.H = std::max(1, L.R - L.pad_top - L.pad_bottom + pick(0, 9));
    L.W = std::max(1, L.S - L.pad_left - L.pad_right + pick(0, 9));
    return L;
}

}  // namespace

TEST_CASE("random small layers run bit-exact with DRAM stalls", "[top][random]") {
    const uint64_t seed = testutil::test_seed("top random layers");
    std::mt19937_64 rng(seed);
    const auto hw = small_hw();
    DramConfig dcfg;
    dcfg.stall_probability = 0.2;
    dcfg.seed = seed;
    int ran = 0;
    for (int i = 0; i < 40; ++i) {
        const auto L = random_layer(rng, i);
        std::bernoulli_distribution coin(0.5);
        const bool bias = coin(rng), relu = coin(rng);
        const auto o = run(L, hw, rng, bias, relu, 0.4, dcfg);
        require_pass(o);
        ++ran;
    }
    CHECK(ran == 40);
}
