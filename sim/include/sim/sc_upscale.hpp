// SPDX-License-Identifier: Apache-2.0
// SC-aware quantisation (docs/stochastic.md, "Weight normalisation and up-scaling"): a count of
// the stochastic MAC resolves 2^14 / L product LSBs whatever the operands, so operands should
// fill the 8-bit range. quantize() scales each layer so that its LARGEST weight and calibration
// output fit D bits; this search raises each accelerator layer's weight_frac and out_frac by
// 0..max_bits further bits (power-of-two scales, the hardware unchanged), clipping outliers.
// Coordinate descent: layer after layer in network order, every (weight, out) pair of the layer
// is tried with the other layers as chosen so far, and the layer keeps the pair whose network
// gives the lowest mean cross-entropy with the SC MAC over the given settings on labelled
// calibration images; passes repeat until one changes nothing (at most max_passes). The output
// layer's out_frac is left alone (no SC product reads it).
#pragma once
#include <cstdint>
#include <vector>

#include "golden/sc.hpp"
#include "sim/network.hpp"

namespace sim::net {

struct ScUpscaleSearch {
    std::vector<golden::sc::ScConfig> settings;  // the loss is the mean over these
    int max_bits = 3;                            // extra bits tried per layer: 0 .. max_bits each
    int max_passes = 3;                          // over all layers
};

struct ScUpscaleTrial {
    int pass = 1;
    size_t layer = 0;  // index into Network::layers
    Upscale extra;
    double loss = 0;  // mean cross-entropy (nats per image) over the settings
};

struct ScUpscaleResult {
    Network net;                 // upscale(q, extra)
    std::vector<Upscale> extra;  // per accelerator layer, in order
    std::vector<ScUpscaleTrial> trials;
    double loss_before = 0, loss_after = 0;  // q's and net's loss
    int passes = 0;                          // the last one changed nothing, or max_passes
};

// q from quantize() (8-bit data, float weights kept, a classifier); images: n x C x H x W bytes
// with their labels. Throws std::invalid_argument on bad arguments.
ScUpscaleResult choose_sc_upscale(const Network& q, const std::vector<uint8_t>& images,
                                  const std::vector<int>& labels, int n, const ScUpscaleSearch& s);

}  // namespace sim::net
