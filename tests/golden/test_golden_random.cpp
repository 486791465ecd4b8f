// SPDX-License-Identifier: Apache-2.0
// Randomized layers: the Eigen engine against the loop-nest reference (which wraps at every add)
// and against the float reference, including layers built to overflow the accumulator.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "golden/conv.hpp"
#include "test_seed.hpp"

using namespace golden;

namespace {

using Rng = std::mt19937_64;

int64_t uniform(Rng& rng, int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

struct Case {
    LayerShape L;
    Numerics nx;
    ActTensor ifmap, filter;
    std::vector<int64_t> bias;
};

std::string describe(const Case& c) {
    const LayerShape& L = c.L;
    return fmt::format(
        "N={} C={} H={} W={} M={} R={} S={} stride(v,h)=({},{}) pad(t,b,l,r)=({},{},{},{}) G={} "
        "-> E={} F={}; D={} A={} bias={}",
        L.N, L.C, L.H, L.W, L.M, L.R, L.S, L.stride_v, L.stride_h, L.pad_top, L.pad_bottom,
        L.pad_left, L.pad_right, L.groups, L.E(), L.F(), c.nx.data_width, c.nx.acc_width,
        c.bias.empty() ? "none" : "yes");
}

// Plain, grouped, depthwise or fully-connected (1x1 output); odd, rectangular, padded past the
// filter sometimes (whole windows of padding then yield just the bias).
LayerShape random_shape(Rng& rng) {
    LayerShape L;
    L.name = "random";
    L.N = int(uniform(rng, 1, 3));
    const int kind = int(uniform(rng, 0, 9));
    if (kind <= 1) {  // depthwise
        L.groups = L.C = L.M = int(uniform(rng, 1, 6));
    } else {
        L.groups = kind <= 3 ? int(uniform(rng, 2, 4)) : 1;
        L.C = L.groups * int(uniform(rng, 1, 6));
        L.M = L.groups * int(uniform(rng, 1, 5));
    }
    L.stride_v = int(uniform(rng, 1, 3));
    L.stride_h = int(uniform(rng, 1, 3));
    L.pad_top = int(uniform(rng, 0, 3)), L.pad_bottom = int(uniform(rng, 0, 3));
    L.pad_left = int(uniform(rng, 0, 3)), L.pad_right = int(uniform(rng, 0, 3));
    L.R = int(uniform(rng, 1, 5));
    L.S = int(uniform(rng, 1, 5));
    L.H = int(uniform(rng, std::max(1, L.R - L.pad_top - L.pad_bottom), 14));
    L.W = int(uniform(rng, std::max(1, L.S - L.pad_left - L.pad_right), 14));
    if (kind == 9) {  // FC: the filter covers the whole padded ifmap
        L.R = L.H_padded();
        L.S = L.W_padded();
    }
    return L;
}

Numerics random_numerics(Rng& rng) {
    Numerics nx;
    nx.data_width = uniform(rng, 0, 1) ? 16 : 8;
    const int D2 = 2 * nx.data_width;
    const int widths[] = {D2, D2 + 1, 32, 40, 48, 62, int(uniform(rng, D2, 62))};
    nx.acc_width = widths[uniform(rng, 0, 6)];
    return nx;
}

// Zeros, both extremes and small values are over-represented: that is where bugs hide.
int32_t random_value(Rng& rng, const Numerics& nx) {
    switch (uniform(rng, 0, 9)) {
        case 0: return 0;
        case 1: return int32_t(nx.data_min());
        case 2: return int32_t(nx.data_max());
        case 3: return int32_t(uniform(rng, -2, 2));
        default: return int32_t(uniform(rng, nx.data_min(), nx.data_max()));
    }
}

std::vector<int64_t> random_bias(Rng& rng, const LayerShape& L, int64_t lo, int64_t hi) {
    std::vector<int64_t> bias;
    if (uniform(rng, 0, 1)) return bias;
    for (int m = 0; m < L.M; ++m) {
        const int64_t pick = uniform(rng, 0, 5);
        bias.push_back(pick == 0 ? 0 : pick == 1 ? lo : pick == 2 ? hi : uniform(rng, lo, hi));
    }
    return bias;
}

Case random_case(Rng& rng, int64_t max_bias_magnitude) {
    Case c{random_shape(rng), random_numerics(rng), {}, {}, {}};
    const LayerShape& L = c.L;
    c.ifmap = ActTensor(L.N, L.C, L.H, L.W);
    c.filter = ActTensor(L.M, L.C_per_group(), L.R, L.S);
    for (auto& v : c.ifmap.data) v = random_value(rng, c.nx);
    for (auto& v : c.filter.data) v = random_value(rng, c.nx);
    const int64_t limit = std::min(c.nx.acc_max(), max_bias_magnitude);
    c.bias = random_bias(rng, L, -limit - (limit == c.nx.acc_max()), limit);
    return c;
}

// Empty when equal; otherwise the first differing element and how many differ.
template <class T, class U>
std::string mismatches(const Tensor4<T>& got, const Tensor4<U>& want) {
    if (got.dim != want.dim) return "dims differ";
    size_t count = 0, first = 0;
    for (size_t i = 0; i < got.size(); ++i)
        if (got.data[i] != static_cast<T>(want.data[i]) && count++ == 0) first = i;
    if (count == 0) return {};
    return fmt::format("{} of {} elements differ; first at flat index {}: got {}, want {}", count,
                       got.size(), first, got.data[first], want.data[first]);
}

}  // namespace

TEST_CASE("Eigen engine matches the loop-nest reference on random layers", "[golden]") {
    Rng rng(testutil::test_seed("Eigen engine matches the loop-nest reference on random layers"));
    int overflowing_layers = 0;
    for (int i = 0; i < 500; ++i) {
        const Case c = random_case(rng, int64_t{1} << 61);
        INFO("layer " << i << ": " << describe(c));
        const AccTensor acc = accumulate(c.L, c.nx, c.ifmap, c.filter, c.bias);
        REQUIRE(mismatches(acc, reference::accumulate(c.L, c.nx, c.ifmap, c.filter, c.bias)) == "");

        // run_layer is requantize_value applied to each accumulator.
        const OutputStage out{int(uniform(rng, 0, c.nx.acc_width - 1)), uniform(rng, 0, 1) == 1};
        INFO("shift=" << out.shift << " relu=" << out.relu);
        const ActTensor y = run_layer(c.L, c.nx, c.ifmap, c.filter, c.bias, out);
        for (size_t k = 0; k < acc.size(); ++k)
            REQUIRE(y.data[k] == requantize_value(acc.data[k], out.shift, out.relu, c.nx));

        const FloatTensor exact = conv_float(c.L, c.ifmap, c.filter, c.bias);
        overflowing_layers += std::any_of(exact.data.begin(), exact.data.end(), [&](double v) {
            return v > double(c.nx.acc_max()) || v < double(c.nx.acc_min());
        });
    }
    INFO("layers whose accumulator overflowed: " << overflowing_layers);
    CHECK(overflowing_layers > 0);  // A = 2D makes overflow common even without trying
}

TEST_CASE("accumulators wrap modulo 2^A on layers built to overflow", "[golden]") {
    Rng rng(testutil::test_seed("accumulators wrap modulo 2^A on layers built to overflow"));
    for (int i = 0; i < 120; ++i) {
        // No padding, so the first window sees all K taps; products all share one sign and K is
        // large enough that K * E|product| exceeds the A-bit range ~8-fold, whatever the bias.
        Case c;
        c.nx.data_width = uniform(rng, 0, 1) ? 16 : 8;
        c.nx.acc_width = 2 * c.nx.data_width + int(uniform(rng, 0, 4));
        const int64_t K_min = int64_t{16} << (c.nx.acc_width - 2 * c.nx.data_width + 1);
        LayerShape& L = c.L;
        L.name = "overflow";
        L.N = int(uniform(rng, 1, 2));
        L.stride_v = int(uniform(rng, 1, 2)), L.stride_h = int(uniform(rng, 1, 2));
        if (uniform(rng, 0, 3) == 0) {  // depthwise: K = R * S alone
            L.groups = L.C = L.M = int(uniform(rng, 1, 3));
            L.R = L.S = int(std::ceil(std::sqrt(double(K_min))));
        } else {
            L.groups = int(uniform(rng, 1, 3));
            L.R = int(uniform(rng, 1, 4)), L.S = int(uniform(rng, 1, 4));
            L.C = L.groups * int((K_min + L.R * L.S - 1) / (L.R * L.S));
            L.M = L.groups * int(uniform(rng, 1, 3));
        }
        L.H = L.R + int(uniform(rng, 0, 3)), L.W = L.S + int(uniform(rng, 0, 3));
        const int32_t x_sign = uniform(rng, 0, 1) ? 1 : -1;
        const int32_t w_sign = uniform(rng, 0, 1) ? 1 : -1;  // x_sign * w_sign: overflow direction
        auto signed_value = [&](int32_t sign) {
            const int64_t extreme = sign > 0 ? c.nx.data_max() : c.nx.data_min();
            const int64_t pick = uniform(rng, 0, 9);
            return int32_t(pick == 0   ? 0
                           : pick <= 5 ? extreme
                                       : uniform(rng, 0, extreme * sign) * sign);
        };
        c.ifmap = ActTensor(L.N, L.C, L.H, L.W);
        c.filter = ActTensor(L.M, L.C_per_group(), L.R, L.S);
        for (auto& v : c.ifmap.data) v = signed_value(x_sign);
        for (auto& v : c.filter.data) v = signed_value(w_sign);
        c.bias = random_bias(rng, L, c.nx.acc_min(), c.nx.acc_max());
        INFO("layer " << i << ": " << describe(c));

        const AccTensor acc = accumulate(c.L, c.nx, c.ifmap, c.filter, c.bias);
        REQUIRE(mismatches(acc, reference::accumulate(c.L, c.nx, c.ifmap, c.filter, c.bias)) == "");
        // Sums stay far below 2^53 here, so the float reference is exact: wrapping it must give acc.
        const FloatTensor exact = conv_float(c.L, c.ifmap, c.filter, c.bias);
        size_t overflowed = 0;
        for (size_t k = 0; k < acc.size(); ++k) {
            const int64_t sum = static_cast<int64_t>(exact.data[k]);
            REQUIRE(double(sum) == exact.data[k]);
            REQUIRE(acc.data[k] == wrap(sum, c.nx.acc_width));
            overflowed += sum != acc.data[k];
        }
        REQUIRE(overflowed > 0);  // the wrap was really exercised
    }
}

TEST_CASE("float reference equals the integer result when nothing overflows", "[golden]") {
    Rng rng(
        testutil::test_seed("float reference equals the integer result when nothing overflows"));
    for (int i = 0; i < 150; ++i) {
        Case c = random_case(rng, int64_t{1} << 40);  // bias and sums stay exact in double
        const int64_t K = int64_t{c.L.C_per_group()} * c.L.R * c.L.S;
        const int64_t bound = (K << (2 * c.nx.data_width - 2)) + (int64_t{1} << 40);
        if (bound > c.nx.acc_max()) c.nx.acc_width = 62;  // widen until no sum can overflow
        INFO("layer " << i << ": " << describe(c));
        const AccTensor acc = accumulate(c.L, c.nx, c.ifmap, c.filter, c.bias);
        REQUIRE(mismatches(conv_float(c.L, c.ifmap, c.filter, c.bias), acc) == "");
    }
}

TEST_CASE("large layers split into filter and output-row blocks give the same result", "[golden]") {
    Rng rng(testutil::test_seed(
        "large layers split into filter and output-row blocks give the same result"));
    // K = 2^20 taps: the engine takes 4 filters and 1 output row per GEMM, so the 5 filters and
    // 2 output rows here cross both block boundaries.
    Case c;
    c.nx = {16, 32};
    LayerShape& L = c.L;
    L.name = "blocked";
    L.C = 16, L.H = 258, L.W = 260, L.M = 5, L.R = L.S = 256, L.stride_v = 2, L.pad_top = 1;
    c.ifmap = ActTensor(L.N, L.C, L.H, L.W);
    c.filter = ActTensor(L.M, L.C, L.R, L.S);
    for (auto& v : c.ifmap.data) v = random_value(rng, c.nx);
    for (auto& v : c.filter.data) v = random_value(rng, c.nx);
    c.bias = {1, -2, 3, -4, 5};
    INFO(describe(c));
    REQUIRE(L.E() == 2);
    REQUIRE(L.F() == 5);
    REQUIRE(mismatches(accumulate(L, c.nx, c.ifmap, c.filter, c.bias),
                       reference::accumulate(L, c.nx, c.ifmap, c.filter, c.bias)) == "");
}
