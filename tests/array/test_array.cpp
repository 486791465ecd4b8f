// SPDX-License-Identifier: Apache-2.0
// One processing pass on the PE array (rtl/array) against the golden engine: random layers
// placed with the slot model (docs/architecture.md), driven through the three multicast
// networks with random stalls; outputs in collector order.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <sstream>

#include "Vpe_array_4x5.h"
#include "sim/array_runner.hpp"
#include "test_seed.hpp"

using namespace sim;

namespace {

struct RandomPass {
    ArrayPass pass;
    golden::ActTensor ifmap, filter;
    std::vector<int64_t> psums;
};

std::string describe(const ArrayPass& a) {
    const auto& L = a.layer;
    std::ostringstream os;
    os << "N=" << L.N << " C=" << L.C << " H=" << L.H << " W=" << L.W << " M=" << L.M
       << " R=" << L.R << " S=" << L.S << " U=" << L.stride_v << "/" << L.stride_h
       << " pad=" << L.pad_top << "," << L.pad_bottom << "," << L.pad_left << "," << L.pad_right
       << " | n=" << a.n << " e=" << a.e << " p=" << a.p << " q=" << a.q << " r=" << a.r
       << " t=" << a.t << " psum_in=" << a.psum_in;
    return os.str();
}

RandomPass random_pass(const compiler::HwConfig& hw, std::mt19937_64& rng) {
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    RandomPass rp;
    ArrayPass& a = rp.pass;
    auto& L = a.layer;
    L.name = "random_pass";
    L.R = pick(1, hw.rows);
    a.r = pick(1, hw.rows / L.R);
    const int slots = (hw.rows / (L.R * a.r)) * hw.cols;
    a.e = pick(1, std::min(slots, 6));
    a.t = pick(1, slots / a.e);
    L.S = pick(1, 5);
    a.q = pick(1, std::min(3, hw.ifmap_words / L.S));
    a.p = pick(1, std::min({4, hw.psum_words, hw.filter_words / (L.S * a.q)}));
    a.n = pick(1, 2);
    a.psum_in = pick(0, 1);
    L.stride_v = pick(1, 3);
    L.stride_h = pick(1, 3);
    L.pad_top = pick(0, 1);
    L.pad_bottom = pick(0, 1);
    L.pad_left = pick(0, 1);
    L.pad_right = pick(0, 1);
    const int E = a.e + pick(0, 2), F = pick(1, 5);
    L.H = std::max(1,
                   (E - 1) * L.stride_v + L.R + pick(0, L.stride_v - 1) - L.pad_top - L.pad_bottom);
    L.W = std::max(1,
                   (F - 1) * L.stride_h + L.S + pick(0, L.stride_h - 1) - L.pad_left - L.pad_right);
    // Padding may make the input smaller than the filter needs: re-derive until valid.
    while (L.H_padded() < L.R) ++L.H;
    while (L.W_padded() < L.S) ++L.W;
    while (L.E() < a.e) ++L.H;
    L.N = a.n;
    L.C = a.q * a.r;
    L.M = a.p * a.t;

    const double zeros = pick(0, 2) * 0.3;
    std::uniform_int_distribution<int> val(-32768, 32767);
    std::uniform_real_distribution<> coin(0, 1);
    rp.ifmap = golden::ActTensor(L.N, L.C, L.H, L.W);
    for (auto& v : rp.ifmap.data) v = coin(rng) < zeros ? 0 : val(rng);
    rp.filter = golden::ActTensor(L.M, L.C, L.R, L.S);
    for (auto& v : rp.filter.data) v = val(rng);
    std::uniform_int_distribution<int64_t> acc(INT32_MIN, INT32_MAX);
    rp.psums.resize(a.outputs());
    for (auto& v : rp.psums) v = acc(rng);
    return rp;
}

}  // namespace

TEST_CASE("Array: randomized passes on a 4 x 5 array match the golden engine", "[array][random]") {
    const uint64_t seed = testutil::test_seed("array_random_4x5");
    std::mt19937_64 rng(seed);
    compiler::HwConfig hw;
    hw.rows = 4;
    hw.cols = 5;
    const golden::Numerics nx{hw.data_width, hw.acc_width};
    Dut<Vpe_array_4x5> dut;
    dut.reset();
    const double rates[] = {1.0, 0.6, 0.3};
    uint64_t checked = 0, macs = 0, cycles = 0;
    const int passes = 150;
    for (int it = 0; it < passes; ++it) {
        const RandomPass rp = random_pass(hw, rng);
        const ArrayPass& a = rp.pass;
        INFO("seed " << seed << ", pass " << it << ": " << describe(a));
        const auto cfg = a.config(hw);
        const auto want = a.expected(rp.ifmap, rp.filter, rp.psums, nx);
        StreamRates sr{rates[rng() % 3], rates[rng() % 3], rates[rng() % 3], rates[rng() % 3]};
        const auto res = run_array_pass(dut, cfg, a.filter_stream(rp.filter, hw.data_width),
                                        a.ifmap_stream(rp.ifmap),
                                        a.psum_in ? a.psum_stream(rp.psums) : std::vector<Tagged>{},
                                        a.outputs(), nx, sr, rng, 200000);
        REQUIRE_FALSE(res.timed_out);
        REQUIRE_FALSE(res.assertion_failed);
        REQUIRE(res.out.size() == want.size());
        for (size_t i = 0; i < want.size(); ++i) {
            INFO("output " << i);
            REQUIRE(res.out[i] == want[i]);
        }
        const uint64_t active = uint64_t(a.layer.R) * a.r * a.e * a.t;
        const uint64_t pass_macs = active * a.n * a.layer.F() * a.p * a.q * a.layer.S;
        CHECK(res.events.mac + res.events.zero_skip == pass_macs);
        checked += want.size();
        macs += pass_macs;
        cycles += res.cycles;
    }
    std::cout << "[array] 4x5: " << passes << " passes, " << checked << " psums, " << macs
              << " MACs in " << cycles << " cycles, 0 mismatches" << std::endl;
}
