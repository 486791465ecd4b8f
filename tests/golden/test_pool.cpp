// SPDX-License-Identifier: Apache-2.0
// Host pooling (golden/src/pool.cpp): hand-computed windows, padding, rounding of averages,
// randomised shapes against a double-precision reference, and bad shapes.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "golden/pool.hpp"
#include "test_seed.hpp"

using golden::ActTensor;
using golden::PoolShape;

namespace {

ActTensor from(int h, int w, std::vector<int32_t> v) {
    ActTensor t(1, 1, h, w);
    t.data = std::move(v);
    return t;
}

}  // namespace

TEST_CASE("max pool: 2 x 2, stride 2, and padding that never wins", "[pool]") {
    const auto x = from(4, 4,
                        {1, 5, -2, 0,   //
                         3, 2, -7, -1,  //
                         -9, -8, 4, 4,  //
                         -6, -5, 4, 3});
    const auto y = golden::max_pool(x, PoolShape{});
    CHECK(y.dim == std::array<int, 4>{1, 1, 2, 2});
    CHECK(y.data == std::vector<int32_t>{5, 0, -5, 4});
    // 3 x 3, stride 2, one padding row/column each side over all-negative data: a padded zero
    // would win every border window.
    const auto neg = from(3, 3, {-1, -2, -3, -4, -5, -6, -7, -8, -9});
    PoolShape p{3, 3, 2, 2, 1, 1, 1, 1};
    const auto yn = golden::max_pool(neg, p);
    CHECK(yn.dim == std::array<int, 4>{1, 1, 2, 2});
    CHECK(yn.data == std::vector<int32_t>{-1, -2, -4, -5});
}

TEST_CASE("average pool rounds half up, with and without the padding counted", "[pool]") {
    CHECK(golden::average_half_up(2, 4) == 1);    // 0.5 -> 1
    CHECK(golden::average_half_up(-2, 4) == 0);   // -0.5 -> 0 (ties towards +inf)
    CHECK(golden::average_half_up(-6, 4) == -1);  // -1.5 -> -1
    CHECK(golden::average_half_up(-7, 4) == -2);  // -1.75 -> -2
    CHECK(golden::average_half_up(7, 3) == 2);    // 2.33 -> 2
    const auto x = from(2, 2, {1, 1, 0, 0});
    CHECK(golden::avg_pool(x, PoolShape{}).data == std::vector<int32_t>{1});  // 0.5 -> 1
    // 2 x 2 windows, stride 2, pad 1 on top/left over 3 x 3: the corner window holds one real value.
    const auto z = from(3, 3, {8, 1, 2, 3, 4, 5, 6, 7, 9});
    PoolShape p{2, 2, 2, 2, 1, 0, 1, 0};
    CHECK(golden::avg_pool(z, p).data == std::vector<int32_t>{8, 2, 5, 6});
    p.count_include_pad = true;  // 8/4, (1+2)/4, (3+6)/4, (4+5+7+9)/4
    CHECK(golden::avg_pool(z, p).data == std::vector<int32_t>{2, 1, 2, 6});
}

TEST_CASE("pooling on random shapes matches a double-precision reference", "[pool]") {
    std::mt19937_64 rng(testutil::test_seed("pool random"));
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    for (int t = 0; t < 200; ++t) {
        PoolShape p;
        p.kernel_h = pick(1, 4);
        p.kernel_w = pick(1, 4);
        p.stride_v = pick(1, 3);
        p.stride_h = pick(1, 3);
        p.pad_top = pick(0, p.kernel_h - 1);
        p.pad_bottom = pick(0, p.kernel_h - 1);
        p.pad_left = pick(0, p.kernel_w - 1);
        p.pad_right = pick(0, p.kernel_w - 1);
        p.count_include_pad = pick(0, 1);
        const int h = pick(p.kernel_h, 12), w = pick(p.kernel_w, 12);
        ActTensor x(pick(1, 2), pick(1, 3), h, w);
        for (auto& v : x.data) v = pick(-32768, 32767);
        const auto mx = golden::max_pool(x, p), av = golden::avg_pool(x, p);
        for (int n = 0; n < x.dim[0]; ++n)
            for (int c = 0; c < x.dim[1]; ++c)
                for (int oy = 0; oy < p.out_h(h); ++oy)
                    for (int ox = 0; ox < p.out_w(w); ++ox) {
                        double best = -1e9, sum = 0, count = 0;
                        for (int ky = 0; ky < p.kernel_h; ++ky)
                            for (int kx = 0; kx < p.kernel_w; ++kx) {
                                const int yy = oy * p.stride_v - p.pad_top + ky;
                                const int xx = ox * p.stride_h - p.pad_left + kx;
                                const bool real = yy >= 0 && yy < h && xx >= 0 && xx < w;
                                if (real) {
                                    best = std::max(best, double(x(n, c, yy, xx)));
                                    sum += x(n, c, yy, xx);
                                }
                                if (real || p.count_include_pad) ++count;
                            }
                        INFO("trial " << t << " at " << n << "," << c << "," << oy << "," << ox);
                        REQUIRE(mx(n, c, oy, ox) == best);
                        REQUIRE(av(n, c, oy, ox) == std::floor(sum / count + 0.5));
                    }
    }
}

TEST_CASE("bad pool shapes give one line naming the field", "[pool]") {
    const ActTensor x(1, 1, 4, 4);
    auto err = [&](PoolShape p) {
        try {
            golden::max_pool(x, p);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(err({0, 2, 2, 2}) == "pool: kernel_h = 0 (must be >= 1)");
    CHECK(err({2, 2, 2, 0}) == "pool: stride_h = 0 (must be >= 1)");
    CHECK(err({2, 2, 2, 2, -1}) == "pool: pad_top = -1 (must be >= 0)");
    CHECK(err({2, 2, 2, 2, 0, 0, 0, 2}) ==
          "pool: pad_right = 2 (must be below the kernel's 2: a window of padding only)");
    CHECK(err({5, 2, 1, 1}) == "pool: kernel 5x2 is larger than the padded 4x4 ifmap");
}
