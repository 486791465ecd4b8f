// SPDX-License-Identifier: Apache-2.0
// Layers for the tests that compile and run them: a plain convolution by its sizes, and a layer
// compiled with random data.
#pragma once
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <utility>

#include "compiler/hw_config.hpp"
#include "compiler/layer_data.hpp"
#include "compiler/layer_program.hpp"
#include "compiler/mapper.hpp"
#include "golden/layer.hpp"

namespace testutil {

// N images of C x H x W, M filters of C x R x S: stride 1, no padding, one group.
inline golden::LayerShape conv_layer(std::string name, int N, int C, int H, int W, int M, int R,
                                     int S) {
    return {std::move(name), N, C, H, W, M, R, S};
}

// Random data for L on hw (biases when `bias`; `zeros`: the fraction of zero values).
inline compiler::LayerData random_data(const golden::LayerShape& L, const compiler::HwConfig& hw,
                                       std::mt19937_64& rng, bool bias, double zeros) {
    return compiler::random_layer_data(L, golden::Numerics{hw.data_width, hw.acc_width}, bias,
                                       zeros, rng);
}

struct CompiledLayer {
    compiler::LayerProgram prog;
    compiler::LayerData data;
};

// Random data for L (biases when opt.bias; `zeros`: the fraction of zero values) and L compiled
// for hw with opt, the shift that auto_shift() finds for that data, and the mapper's mapping (or
// `mapping`, when given).
inline CompiledLayer compile_random(const golden::LayerShape& L, const compiler::HwConfig& hw,
                                    std::mt19937_64& rng, double zeros, compiler::LayerOptions opt,
                                    const std::optional<compiler::Mapping>& mapping = std::nullopt) {
    auto data = random_data(L, hw, rng, opt.bias, zeros);
    opt.shift = compiler::auto_shift(L, golden::Numerics{hw.data_width, hw.acc_width}, data);
    auto prog =
        compiler::compile_layer(L, mapping ? *mapping : compiler::map_layer(L, hw), hw, opt);
    return {std::move(prog), std::move(data)};
}

// LayerOptions with bias and ReLU as given (the shift is compile_random's).
inline compiler::LayerOptions options(bool bias, bool relu) {
    compiler::LayerOptions opt;
    opt.bias = bias;
    opt.relu = relu;
    return opt;
}

// Applies f to every command of kind Cmd in prog (decoded, changed, encoded again); returns how
// many there were.
template <class Cmd>
int for_each_command(compiler::LayerProgram& prog, const std::function<void(Cmd&)>& f) {
    int n = 0;
    for (auto& c : prog.commands)
        if (c.op() == Cmd::kOpcode) {
            Cmd cmd = Cmd::decode(c);
            f(cmd);
            c = cmd.encode();
            ++n;
        }
    return n;
}

}  // namespace testutil
