// SPDX-License-Identifier: Apache-2.0
#include "golden/pool.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace golden {

void PoolShape::validate(int h, int w) const {
    auto at_least = [](const char* field, int v, int min) {
        if (v < min)
            throw std::invalid_argument(
                fmt::format("pool: {} = {} (must be >= {})", field, v, min));
    };
    at_least("kernel_h", kernel_h, 1);
    at_least("kernel_w", kernel_w, 1);
    at_least("stride_v", stride_v, 1);
    at_least("stride_h", stride_h, 1);
    struct Pad {
        const char* field;
        int value, kernel;
    };
    for (const Pad& pad :
         {Pad{"pad_top", pad_top, kernel_h}, Pad{"pad_bottom", pad_bottom, kernel_h},
          Pad{"pad_left", pad_left, kernel_w}, Pad{"pad_right", pad_right, kernel_w}}) {
        at_least(pad.field, pad.value, 0);
        if (pad.value >= pad.kernel)
            throw std::invalid_argument(fmt::format(
                "pool: {} = {} (must be below the kernel's {}: a window of padding only)",
                pad.field, pad.value, pad.kernel));
    }
    if (h + pad_top + pad_bottom < kernel_h || w + pad_left + pad_right < kernel_w)
        throw std::invalid_argument(
            fmt::format("pool: kernel {}x{} is larger than the padded {}x{} "
                        "ifmap",
                        kernel_h, kernel_w, h + pad_top + pad_bottom, w + pad_left + pad_right));
}

namespace {

// Calls f(n, c, oy, ox, window) for every output, window = the real (unpadded) rows and columns.
template <class F>
ActTensor pool(const ActTensor& x, const PoolShape& p, F f) {
    p.validate(x.dim[2], x.dim[3]);
    const int H = x.dim[2], W = x.dim[3], E = p.out_h(H), Fw = p.out_w(W);
    ActTensor y(x.dim[0], x.dim[1], E, Fw);
    for (int n = 0; n < x.dim[0]; ++n)
        for (int c = 0; c < x.dim[1]; ++c)
            for (int oy = 0; oy < E; ++oy)
                for (int ox = 0; ox < Fw; ++ox) {
                    const int y0 = oy * p.stride_v - p.pad_top, x0 = ox * p.stride_h - p.pad_left;
                    const int ya = std::max(y0, 0), yb = std::min(y0 + p.kernel_h, H);
                    const int xa = std::max(x0, 0), xb = std::min(x0 + p.kernel_w, W);
                    y(n, c, oy, ox) = f(n, c, ya, yb, xa, xb);
                }
    return y;
}

}  // namespace

ActTensor max_pool(const ActTensor& x, const PoolShape& p) {
    return pool(x, p, [&](int n, int c, int ya, int yb, int xa, int xb) {
        int32_t m = std::numeric_limits<int32_t>::min();
        for (int yy = ya; yy < yb; ++yy)
            for (int xx = xa; xx < xb; ++xx) m = std::max(m, x(n, c, yy, xx));
        return m;
    });
}

ActTensor avg_pool(const ActTensor& x, const PoolShape& p) {
    return pool(x, p, [&](int n, int c, int ya, int yb, int xa, int xb) {
        int64_t sum = 0;
        for (int yy = ya; yy < yb; ++yy)
            for (int xx = xa; xx < xb; ++xx) sum += x(n, c, yy, xx);
        const int64_t count =
            p.count_include_pad ? int64_t{p.kernel_h} * p.kernel_w : int64_t{yb - ya} * (xb - xa);
        return static_cast<int32_t>(average_half_up(sum, count));
    });
}

}  // namespace golden
