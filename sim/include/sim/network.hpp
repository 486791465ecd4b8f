// SPDX-License-Identifier: Apache-2.0
// A CNN as a chain of layers (docs/network.md): convolutions and FC layers (run on the
// accelerator; an FC layer is a convolution whose filter covers its whole ifmap) and pooling (on
// the host). Two forms on disk, both a directory with network.json and one .npy per tensor:
//   float      written by scripts/onnx_to_network.py from ONNX: trained weights and biases;
//   quantised  written by quantize() + write_network(): D-bit weights, A-bit biases, a
//              requantisation shift per layer, the input's shift; what the accelerator runs.
// Every reader error is a std::runtime_error of one line naming the file and the field.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "golden/idx.hpp"
#include "golden/layer.hpp"
#include "golden/numerics.hpp"
#include "golden/pool.hpp"
#include "golden/sc.hpp"
#include "golden/tensor.hpp"

namespace sim::net {

enum class Op { Conv, Fc, MaxPool, AvgPool };
const char* to_string(Op op);

// Extra fractional bits of one accelerator layer beyond quantize()'s choice (SC-aware
// up-scaling, docs/stochastic.md): weights by 2^weight (clipped to +-data_max), outputs by 2^out
// (saturated by the requantisation).
struct Upscale {
    int weight = 0, out = 0;
    bool operator==(const Upscale& o) const { return weight == o.weight && out == o.out; }
};

struct Layer {
    std::string name;
    Op op = Op::Conv;
    std::array<int, 3> in{}, out{};  // C x H x W of one image
    // conv / fc
    int M = 0, R = 0, S = 0, groups = 1;
    std::array<int, 2> stride{1, 1};      // vertical, horizontal
    std::array<int, 4> pads{0, 0, 0, 0};  // top, bottom, left, right
    bool relu = false;
    std::vector<double> weight, bias;  // float form: M x C/G x R x S, M
    golden::ActTensor qweight;         // quantised form
    std::vector<int64_t> qbias;
    int shift = 0;                      // requantisation right shift
    int weight_frac = 0, out_frac = 0;  // fixed-point fractional bits (docs/network.md)
    Upscale upscale;                    // included in weight_frac and out_frac
    // pooling
    golden::PoolShape pool;

    bool on_accelerator() const { return op == Op::Conv || op == Op::Fc; }
    golden::LayerShape shape(int batch) const;  // conv / fc as a layer of the accelerator
};

struct Network {
    std::string name, source;
    std::array<int, 3> input{};             // C x H x W
    int classes = 0;                        // 0: no classifier (the last output is not a vector)
    std::string dataset = "fashion-mnist";  // its input images; "random": seeded random bytes
    std::vector<Layer> layers;
    bool quantised = false;
    golden::Numerics numerics;  // quantised form
    int input_shift = 0;        // image byte >> input_shift is the first layer's ifmap value
    int calibration_images = 0;
    bool upscaled = false;  // made by upscale(): every accelerator layer says its Upscale
};

// Reads either form; checks that shapes chain from layer to layer and every tensor's size.
Network read_network(const std::string& dir);
// Writes the quantised form into dir (created; network.json last, so a reader never sees a
// description whose tensors are missing).
void write_network(const Network& net, const std::string& dir);

// Quantises a float network to D-bit data and A-bit accumulation from calibration images
// (N x 1 x H x W bytes): power-of-two scales per layer chosen so that weights use the D-bit
// range, accumulators stay below 2^(A-2) and the layer's largest calibration output fits D bits.
Network quantize(const Network& float_net, const golden::Numerics& nx,
                 const std::vector<uint8_t>& calibration, int images);

// q (from quantize(), which keeps the float weights) with each accelerator layer's weight_frac and
// out_frac raised by extra[k] above quantize()'s choice (the k-th accelerator layer; missing
// entries are 0; an up-scaled q is re-scaled from quantize()'s choice): weights re-rounded and
// clipped to +-data_max, biases re-rounded, shifts recomputed; `upscaled` set. Throws
// std::invalid_argument for a negative extra, a negative shift, or a layer with a larger
// accumulator scale whose worst-case accumulator (sum |w| * data_max + |bias|) would not fit A
// bits.
Network upscale(const Network& q, const std::vector<Upscale>& extra);

// A zoo network (golden/topologies/<name>.csv) up to and including layer `last` (empty: all) as
// a float network with seeded He-normal random weights and zero biases, ReLU after every layer
// but a final classifier (1 x 1 output), and a max pooling inserted wherever a layer's output does not match the next
// layer's input: 3 x 3 stride 2 if that gives the next size, else 2 x 2 stride 2 (AlexNet's and
// LeNet-5's pooling). Its input images are random bytes (dataset "random").
Network zoo_network(const std::string& name, const std::string& last, uint64_t seed);

// Float inference of the float network on images (bytes, x = byte / 255): logits N x classes.
std::vector<std::vector<double>> forward_float(const Network& net,
                                               const std::vector<uint8_t>& images, int n);
// The quantised network's ifmap for images (bytes >> input_shift), N x C x H x W.
golden::ActTensor input_tensor(const Network& net, const std::vector<uint8_t>& images, int n);
// One layer of the quantised network with the golden engine (conv/fc: run_layer; pooling).
golden::ActTensor run_golden_layer(const Network& net, const Layer& l, const golden::ActTensor& x);
// The same with the stochastic-computing MAC (docs/stochastic.md): conv and FC products from
// `sc` (8-bit networks only), pooling unchanged.
golden::ActTensor run_sc_layer(const Network& net, const Layer& l, const golden::ActTensor& x,
                               const golden::sc::ProductTable& sc);
// Layers [first, last) of the quantised network on x: exact products, or SC products from `sc`.
golden::ActTensor run_layers(const Network& q, golden::ActTensor x, size_t first, size_t last,
                             const golden::sc::ProductTable* sc = nullptr);
// Class of each of the first n images through the quantised network, `chunk` images at a time
// (bounded memory): exact products, or SC products from `sc` when given.
std::vector<int> classify(const Network& q, const std::vector<uint8_t>& images, int n,
                          const golden::sc::ProductTable* sc = nullptr, int chunk = 500);
// Where Debian's dataset-fashion-mnist package puts the gzipped IDX files (the default --data).
inline constexpr const char* kFashionDataDir = "/usr/share/datasets/fashion-mnist";
// The first n images (0: all) of the Fashion-MNIST training or test split in directory `data`
// (gzipped IDX files, golden/idx.hpp).
golden::IdxDataset load_fashion_split(const std::string& data, bool train, int64_t n);
// Index of the largest value per image (first one on ties), from N x classes x 1 x 1 or logits.
std::vector<int> argmax(const golden::ActTensor& logits);
std::vector<int> argmax(const std::vector<std::vector<double>>& logits);

}  // namespace sim::net
