// SPDX-License-Identifier: Apache-2.0
// Data for a layer: random tensors for tests and tools, and the automatic requantisation shift.
#pragma once
#include <cstdint>
#include <random>
#include <vector>

#include "compiler/hw_config.hpp"
#include "golden/conv.hpp"
#include "golden/layer.hpp"
#include "golden/numerics.hpp"
#include "golden/tensor.hpp"

namespace compiler {

struct LayerData {
    golden::ActTensor ifmap, filter;
    std::vector<int64_t> bias;  // empty: no bias
};

// Uniform D-bit values, each zero with probability zero_fraction (activations after a ReLU are
// mostly zeros; zero gating is then visible). Biases are uniform in +-2^(A-2) when wanted.
LayerData random_layer_data(const golden::LayerShape& L, const golden::Numerics& nx, bool bias,
                            double zero_fraction, std::mt19937_64& rng);

// Smallest shift for which no golden accumulator saturates the D-bit output (so random data
// gives informative outputs): max(0, bits(max |acc|) + 1 - D).
int auto_shift(const golden::LayerShape& L, const golden::Numerics& nx, const LayerData& d);

// What the accelerator `hw` must compute for the layer, bit for bit: the golden engine's exact
// accumulators, or with the stochastic MAC (hw.stochastic()) its bit-true model with the
// run-time settings hw.sc (docs/stochastic.md).
golden::AccTensor reference_accumulators(const golden::LayerShape& L, const HwConfig& hw,
                                         const LayerData& d);
golden::ActTensor reference_ofmap(const golden::LayerShape& L, const HwConfig& hw,
                                  const LayerData& d, const golden::OutputStage& out);

}  // namespace compiler
