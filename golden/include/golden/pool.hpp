// SPDX-License-Identifier: Apache-2.0
// Pooling on the host, between accelerator layers (docs/numerics.md, "Pooling"): max and average
// over a kernel window with strides and zero or more padding rows/columns per side, output size
// floor((H + pads - kernel) / stride) + 1 (ONNX ceil_mode = 0). Padded positions never win a max;
// an average divides by the window's real elements, or by the whole kernel with
// count_include_pad, and rounds half up like requantisation.
#pragma once
#include "golden/tensor.hpp"

namespace golden {

struct PoolShape {
    int kernel_h = 2, kernel_w = 2;
    int stride_v = 2, stride_h = 2;
    int pad_top = 0, pad_bottom = 0, pad_left = 0, pad_right = 0;
    bool count_include_pad = false;  // average pool only

    int out_h(int h) const { return (h + pad_top + pad_bottom - kernel_h) / stride_v + 1; }
    int out_w(int w) const { return (w + pad_left + pad_right - kernel_w) / stride_h + 1; }
    // Throws std::invalid_argument with one line naming the field and value: kernel and stride
    // >= 1, pads >= 0 and below the kernel (every window holds a real element), and a window
    // that fits the padded ifmap of h x w.
    void validate(int h, int w) const;
};

ActTensor max_pool(const ActTensor& x, const PoolShape& p);
ActTensor avg_pool(const ActTensor& x, const PoolShape& p);

// floor(sum / count + 1/2) for count >= 1: the average rounded half up (ties towards +inf).
inline int64_t average_half_up(int64_t sum, int64_t count) {
    const int64_t num = 2 * sum + count, den = 2 * count;
    return num >= 0 ? num / den : -((-num + den - 1) / den);  // floor division
}

}  // namespace golden
