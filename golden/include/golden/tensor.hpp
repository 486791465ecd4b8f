// SPDX-License-Identifier: Apache-2.0
// A dense 4-D tensor in row-major NCHW order (also used for MCRS filters).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace golden {

template <class T>
struct Tensor4 {
    std::array<int, 4> dim{0, 0, 0, 0};
    std::vector<T> data;

    Tensor4() = default;
    Tensor4(int d0, int d1, int d2, int d3, T fill = T{})
        : dim{d0, d1, d2, d3}, data(static_cast<size_t>(d0) * d1 * d2 * d3, fill) {}

    size_t index(int i0, int i1, int i2, int i3) const {
        return ((static_cast<size_t>(i0) * dim[1] + i1) * dim[2] + i2) * dim[3] + i3;
    }
    T& operator()(int i0, int i1, int i2, int i3) { return data[index(i0, i1, i2, i3)]; }
    const T& operator()(int i0, int i1, int i2, int i3) const {
        return data[index(i0, i1, i2, i3)];
    }
    size_t size() const { return data.size(); }
    bool operator==(const Tensor4& o) const { return dim == o.dim && data == o.data; }
    bool operator!=(const Tensor4& o) const { return !(*this == o); }
};

using ActTensor = Tensor4<int32_t>;  // D-bit activations or weights, stored sign-extended
using AccTensor = Tensor4<int64_t>;  // A-bit accumulators, stored sign-extended
using FloatTensor = Tensor4<double>;

}  // namespace golden
