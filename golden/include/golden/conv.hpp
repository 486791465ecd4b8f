// SPDX-License-Identifier: Apache-2.0
// The golden engine: convolution layers with the exact numerics of docs/numerics.md.
#pragma once
#include <cstdint>
#include <vector>

#include "golden/layer.hpp"
#include "golden/numerics.hpp"
#include "golden/tensor.hpp"

namespace golden {

struct OutputStage {
    int shift = 0;      // requantisation right shift (round half up)
    bool relu = false;  // ReLU after saturation
};

// Raw wrapped A-bit accumulators, N x M x E x F. `bias` is empty or has M entries.
// ifmap: N x C x H x W; filter: M x (C/G) x R x S. Throws std::invalid_argument on shape errors.
AccTensor accumulate(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                     const ActTensor& filter, const std::vector<int64_t>& bias = {});

// Requantise every accumulator (requantize_value).
ActTensor requantize(const AccTensor& acc, const Numerics& nx, const OutputStage& out);

// accumulate + requantize.
ActTensor run_layer(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                    const ActTensor& filter, const std::vector<int64_t>& bias,
                    const OutputStage& out);

// Throws std::invalid_argument (one line naming the tensor or field) unless L and nx are valid, the
// tensors have the dims above, ifmap/filter values fit D bits and bias values fit A bits.
// Shared by every entry point here so the engine and its references reject the same inputs.
void check_conv_inputs(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                       const ActTensor& filter, const std::vector<int64_t>& bias);

// Same convolution in double precision: no wrap, no rounding (yardstick for approximate MACs).
FloatTensor conv_float(const LayerShape& L, const ActTensor& ifmap, const ActTensor& filter,
                       const std::vector<int64_t>& bias = {});

namespace reference {
// Plain seven-deep loop nest, written for obviousness; tests check the Eigen path against it.
AccTensor accumulate(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                     const ActTensor& filter, const std::vector<int64_t>& bias = {});
}  // namespace reference

}  // namespace golden
