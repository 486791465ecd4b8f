// SPDX-License-Identifier: Apache-2.0
// Golden engine: hand-computed numbers, numerics rules, and input validation.
#include <catch2/catch.hpp>

#include "golden/conv.hpp"

using namespace golden;
using Catch::Matchers::Contains;

namespace {

ActTensor tensor(std::array<int, 4> dim, std::vector<int32_t> values) {
    ActTensor t(dim[0], dim[1], dim[2], dim[3]);
    t.data = std::move(values);  // a wrong count shows up as a dims/size mismatch in the checks
    return t;
}

AccTensor acc_tensor(std::array<int, 4> dim, std::vector<int64_t> values) {
    AccTensor t(dim[0], dim[1], dim[2], dim[3]);
    t.data = std::move(values);
    return t;
}

LayerShape layer(int C, int H, int W, int M, int R, int S) {
    LayerShape L;
    L.name = "hand";
    L.C = C, L.H = H, L.W = W, L.M = M, L.R = R, L.S = S;
    return L;
}

// x = 1..9 row by row, w = [[1, 2], [3, 4]].
const ActTensor kIfmap3x3 = tensor({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
const ActTensor kFilter2x2 = tensor({1, 1, 2, 2}, {1, 2, 3, 4});

}  // namespace

TEST_CASE("wrap reduces modulo 2^bits into the signed range", "[golden]") {
    CHECK(wrap(127, 8) == 127);
    CHECK(wrap(128, 8) == -128);
    CHECK(wrap(255, 8) == -1);
    CHECK(wrap(256, 8) == 0);
    CHECK(wrap(-129, 8) == 127);
    CHECK(wrap(-128, 8) == -128);
    CHECK(wrap(2, 2) == -2);
    CHECK(wrap(-3, 2) == 1);
    CHECK(wrap(int64_t{1} << 15, 16) == -(int64_t{1} << 15));
    CHECK(wrap((int64_t{1} << 31) + 5, 32) == -(int64_t{1} << 31) + 5);
    CHECK(wrap(-(int64_t{1} << 31) - 1, 32) == (int64_t{1} << 31) - 1);
    CHECK(wrap(int64_t{1} << 39, 40) == -(int64_t{1} << 39));
    CHECK(wrap(int64_t{1} << 61, 62) == -(int64_t{1} << 61));
    CHECK(wrap((int64_t{1} << 61) - 1, 62) == (int64_t{1} << 61) - 1);
    CHECK(wrap(int64_t{1} << 62, 62) == 0);
}

TEST_CASE("requantize_value rounds half up, saturates, applies ReLU", "[golden]") {
    const Numerics d8{8, 32}, d16{16, 32};
    SECTION("shift 1: ties go towards +infinity") {
        CHECK(requantize_value(3, 1, false, d16) == 2);
        CHECK(requantize_value(-3, 1, false, d16) == -1);
        CHECK(requantize_value(-1, 1, false, d16) == 0);
        CHECK(requantize_value(1, 1, false, d16) == 1);
        CHECK(requantize_value(2, 1, false, d16) == 1);
        CHECK(requantize_value(-2, 1, false, d16) == -1);
    }
    SECTION("larger shifts") {
        CHECK(requantize_value(5, 2, false, d16) == 1);    // 1.25
        CHECK(requantize_value(6, 2, false, d16) == 2);    // 1.5 -> 2
        CHECK(requantize_value(-6, 2, false, d16) == -1);  // -1.5 -> -1
        CHECK(requantize_value(-7, 2, false, d16) == -2);  // -1.75
        CHECK(requantize_value((int64_t{1} << 31) - 1, 31, false, d16) == 1);
        CHECK(requantize_value(-(int64_t{1} << 31), 31, false, d16) == -1);
    }
    SECTION("shift 0 is the identity inside the D-bit range") {
        for (int64_t v : {-32768, -5, 0, 7, 32767}) CHECK(requantize_value(v, 0, false, d16) == v);
    }
    SECTION("saturation at both limits") {
        CHECK(requantize_value(127, 0, false, d8) == 127);
        CHECK(requantize_value(128, 0, false, d8) == 127);
        CHECK(requantize_value(-128, 0, false, d8) == -128);
        CHECK(requantize_value(-129, 0, false, d8) == -128);
        CHECK(requantize_value(1 << 20, 0, false, d8) == 127);
        CHECK(requantize_value(32768, 0, false, d16) == 32767);
        CHECK(requantize_value(-32769, 0, false, d16) == -32768);
        CHECK(requantize_value(-(int64_t{1} << 31), 0, false, d16) == -32768);
        CHECK(requantize_value(255, 1, false, d8) == 127);    // 127.5 rounds up to 128, saturates
        CHECK(requantize_value(-257, 1, false, d8) == -128);  // -128.5 -> -128
        CHECK(requantize_value(-259, 1, false, d8) == -128);  // -129.5 -> -129, saturates
    }
    SECTION("ReLU after saturation") {
        CHECK(requantize_value(-5, 0, true, d16) == 0);
        CHECK(requantize_value(5, 0, true, d16) == 5);
        CHECK(requantize_value(-100000, 0, true, d16) == 0);
        CHECK(requantize_value(100000, 0, true, d16) == 32767);
        CHECK(requantize_value(-1, 1, true, d16) == 0);
        CHECK(requantize_value(3, 1, true, d8) == 2);
    }
}

TEST_CASE("3x3 ifmap, 2x2 filter: hand-computed accumulators", "[golden]") {
    const Numerics nx{16, 32};
    LayerShape L = layer(1, 3, 3, 1, 2, 2);
    SECTION("stride 1, no padding") {
        // (0,0) = 1*1 + 2*2 + 4*3 + 5*4 = 37, and so on.
        CHECK(accumulate(L, nx, kIfmap3x3, kFilter2x2) ==
              acc_tensor({1, 1, 2, 2}, {37, 47, 67, 77}));
    }
    SECTION("bias is added once") {
        CHECK(accumulate(L, nx, kIfmap3x3, kFilter2x2, {-40}) ==
              acc_tensor({1, 1, 2, 2}, {-3, 7, 27, 37}));
    }
    SECTION("pad 1 on every side, stride 2") {
        L.pad_top = L.pad_bottom = L.pad_left = L.pad_right = 1;
        L.stride_v = L.stride_h = 2;
        // Windows start at (-1,-1), (-1,1), (1,-1), (1,1): 1*4, 2*3+3*4, 4*2+7*4, 5+12+24+36.
        CHECK(accumulate(L, nx, kIfmap3x3, kFilter2x2) ==
              acc_tensor({1, 1, 2, 2}, {4, 18, 36, 77}));
    }
    SECTION("asymmetric padding, stride 2 down and 1 across") {
        L.pad_bottom = 1, L.pad_left = 1, L.stride_v = 2;
        // Windows start at rows 0 and 2 (row 3 is padding) and columns -1, 0, 1:
        // (0,0) = 1*2 + 4*4, (1,0) = 7*2, (1,2) = 8*1 + 9*2.
        CHECK(accumulate(L, nx, kIfmap3x3, kFilter2x2) ==
              acc_tensor({1, 1, 2, 3}, {18, 37, 47, 14, 23, 26}));
    }
    SECTION("loop-nest reference and float reference agree") {
        CHECK(reference::accumulate(L, nx, kIfmap3x3, kFilter2x2, {5}) ==
              acc_tensor({1, 1, 2, 2}, {42, 52, 72, 82}));
        CHECK(conv_float(L, kIfmap3x3, kFilter2x2, {5}).data ==
              std::vector<double>{42, 52, 72, 82});
    }
}

TEST_CASE("grouped and depthwise 1x1 convolutions keep groups apart", "[golden]") {
    const Numerics nx{8, 32};
    LayerShape L = layer(4, 1, 2, 4, 1, 1);
    const ActTensor x = tensor({1, 4, 1, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
    SECTION("depthwise: G = C = M") {
        L.groups = 4;
        const ActTensor w = tensor({4, 1, 1, 1}, {1, -1, 2, -2});
        CHECK(accumulate(L, nx, x, w) ==
              acc_tensor({1, 4, 1, 2}, {1, 2, -3, -4, 10, 12, -14, -16}));
    }
    SECTION("two groups of two channels") {
        L.groups = 2;
        const ActTensor w = tensor({4, 2, 1, 1}, {1, 1, 1, -1, 1, 1, 1, -1});
        // Filters 0,1 see channels 0,1; filters 2,3 see channels 2,3.
        CHECK(accumulate(L, nx, x, w) == acc_tensor({1, 4, 1, 2}, {4, 6, -2, -2, 12, 14, -2, -2}));
    }
}

TEST_CASE("D=8, A=16: two extreme products wrap, then saturate on output", "[golden]") {
    const Numerics nx{8, 16};
    const LayerShape L = layer(2, 1, 1, 1, 1, 1);  // FC with K = 2
    const ActTensor x = tensor({1, 2, 1, 1}, {-128, -128});
    const ActTensor w = tensor({1, 2, 1, 1}, {-128, -128});
    // 2 * 16384 = 32768 wraps to -32768 in 16 bits.
    CHECK(accumulate(L, nx, x, w) == acc_tensor({1, 1, 1, 1}, {-32768}));
    CHECK(reference::accumulate(L, nx, x, w) == acc_tensor({1, 1, 1, 1}, {-32768}));
    CHECK(conv_float(L, x, w).data == std::vector<double>{32768});
    CHECK(accumulate(L, nx, x, w, {-1}) == acc_tensor({1, 1, 1, 1}, {32767}));
    CHECK(run_layer(L, nx, x, w, {}, {}) == tensor({1, 1, 1, 1}, {-128}));
    CHECK(run_layer(L, nx, x, w, {}, {0, true}) == tensor({1, 1, 1, 1}, {0}));
    CHECK(run_layer(L, nx, x, w, {-1}, {8, false}) ==
          tensor({1, 1, 1, 1}, {127}));  // 127.996 -> 128 -> 127
}

TEST_CASE("run_layer = accumulate then requantize, element by element", "[golden]") {
    const Numerics nx{16, 32};
    const LayerShape L = layer(1, 3, 3, 1, 2, 2);
    const ActTensor y = run_layer(L, nx, kIfmap3x3, kFilter2x2, {-40}, {2, true});
    CHECK(y == tensor({1, 1, 2, 2}, {0, 2, 7, 9}));  // -3, 7, 27, 37 >> 2 rounded, ReLU
}

TEST_CASE("sums beyond 2^53 stay exact (K > 2^23 at D=16 leaves the double GEMM)", "[golden]") {
    const Numerics nx{16, 62};
    const LayerShape L = layer(3, 1673, 1673, 1, 1673, 1673);  // FC, K = 8396787 > 2^23
    ActTensor x(1, 3, 1673, 1673, -32768), w(1, 3, 1673, 1673, -32768);
    x.data[0] = w.data[0] = 1;
    const int64_t K = int64_t{3} * 1673 * 1673;
    const int64_t exact = ((K - 1) << 30) + 1;  // odd and above 2^53: no double can hold it
    CHECK(accumulate(L, nx, x, w).data == std::vector<int64_t>{exact});
    CHECK(reference::accumulate(L, nx, x, w).data == std::vector<int64_t>{exact});
    CHECK(static_cast<int64_t>(conv_float(L, x, w).data[0]) != exact);
}

TEST_CASE("bad inputs throw std::invalid_argument naming the field", "[golden]") {
    const Numerics nx{8, 32};
    LayerShape L = layer(2, 3, 3, 2, 2, 2);
    const ActTensor x(1, 2, 3, 3, 1), w(2, 2, 2, 2, 1);
    REQUIRE_NOTHROW(accumulate(L, nx, x, w, {1, 2}));

    CHECK_THROWS_WITH(accumulate(L, nx, ActTensor(1, 2, 3, 4), w), Contains("ifmap dims 1x2x3x4"));
    CHECK_THROWS_WITH(accumulate(L, nx, ActTensor(2, 2, 3, 3), w), Contains("ifmap"));
    CHECK_THROWS_WITH(accumulate(L, nx, x, ActTensor(2, 1, 2, 2)), Contains("filter dims 2x1x2x2"));
    CHECK_THROWS_WITH(accumulate(L, nx, x, w, {1, 2, 3}), Contains("bias has 3 entries"));
    CHECK_THROWS_WITH(conv_float(L, x, w, {1}), Contains("bias"));
    CHECK_THROWS_WITH(reference::accumulate(L, nx, x, ActTensor(1, 2, 2, 2)), Contains("filter"));
    ActTensor short_data = x;
    short_data.data.pop_back();
    CHECK_THROWS_WITH(accumulate(L, nx, short_data, w), Contains("ifmap"));

    ActTensor hot = x;
    hot(0, 1, 2, 0) = 128;
    CHECK_THROWS_WITH(accumulate(L, nx, hot, w), Contains("ifmap[0,1,2,0] = 128"));
    ActTensor cold = w;
    cold(1, 0, 1, 1) = -129;
    CHECK_THROWS_WITH(accumulate(L, nx, x, cold), Contains("filter[1,0,1,1] = -129"));
    CHECK_THROWS_WITH(accumulate(L, Numerics{8, 16}, x, w, {0, 1 << 15}),
                      Contains("bias[1] = 32768"));

    CHECK_THROWS_WITH(accumulate(L, Numerics{12, 32}, x, w), Contains("data_width"));
    CHECK_THROWS_WITH(accumulate(L, Numerics{16, 31}, x, w), Contains("acc_width"));
    CHECK_THROWS_WITH(accumulate(L, Numerics{16, 63}, x, w), Contains("acc_width"));

    CHECK_THROWS_WITH(requantize(AccTensor(1, 1, 1, 1), nx, {32, false}), Contains("shift"));
    CHECK_THROWS_WITH(requantize(AccTensor(1, 1, 1, 1), nx, {-1, false}), Contains("shift"));
    CHECK_THROWS_WITH(requantize(AccTensor(1, 1, 1, 1, int64_t{1} << 31), nx, {}), Contains("acc"));
    CHECK_THROWS_WITH(run_layer(L, nx, hot, w, {}, {}), Contains("ifmap"));

    L.groups = 2;  // C/G = 1 now, so the filter shape above is wrong ...
    CHECK_THROWS_WITH(accumulate(L, nx, x, w), Contains("filter"));
    L.C = 3;  // ... and C is no longer divisible by G: the layer itself is rejected
    CHECK_THROWS_AS(accumulate(L, nx, x, w), std::invalid_argument);
}
