// SPDX-License-Identifier: Apache-2.0
// SC-aware up-scaling search (sim/sc_upscale.hpp): coordinate descent over the accelerator
// layers' extra bits, each candidate scored by the network's mean cross-entropy with the bit-true
// SC MAC on calibration images.
#include "sim/sc_upscale.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

namespace sim::net {
namespace {

constexpr int kChunk = 500;  // images per layer run (bounded memory)

using Chunks = std::vector<golden::ActTensor>;

// Layers [first, last) of q on every chunk.
Chunks run_chunks(const Network& q, const Chunks& in, size_t first, size_t last,
                  const golden::sc::ProductTable& sc) {
    Chunks out;
    for (const auto& x : in) out.push_back(run_layers(q, x, first, last, &sc));
    return out;
}

// Sum over the images of -log softmax(logits * 2^-out_frac)[label].
double cross_entropy(const Network& q, const Chunks& logits, const std::vector<int>& labels) {
    const int frac = q.layers.back().out_frac;
    double sum = 0;
    size_t image = 0;
    for (const auto& t : logits)
        for (int i = 0; i < t.dim[0]; ++i, ++image) {
            const int32_t* z = t.data.data() + size_t(i) * size_t(q.classes);
            const double top = std::ldexp(*std::max_element(z, z + q.classes), -frac);
            double s = 0;
            for (int k = 0; k < q.classes; ++k) s += std::exp(std::ldexp(z[k], -frac) - top);
            sum += std::log(s) - (std::ldexp(z[labels[image]], -frac) - top);
        }
    return sum;
}

// Mean cross-entropy over the settings of layers [first, end) of q from the cached inputs.
double loss(const Network& q, const std::vector<Chunks>& inputs, size_t first,
            const std::vector<std::unique_ptr<golden::sc::ProductTable>>& tables,
            const std::vector<int>& labels, int n) {
    double sum = 0;
    for (size_t s = 0; s < tables.size(); ++s)
        sum +=
            cross_entropy(q, run_chunks(q, inputs[s], first, q.layers.size(), *tables[s]), labels);
    return sum / double(n) / double(tables.size());
}

}  // namespace

ScUpscaleResult choose_sc_upscale(const Network& q, const std::vector<uint8_t>& images,
                                  const std::vector<int>& labels, int n, const ScUpscaleSearch& s) {
    if (!q.quantised || q.numerics.data_width != golden::sc::kDataWidth)
        throw std::invalid_argument("sc upscale: needs an 8-bit quantised network");
    if (q.classes < 2) throw std::invalid_argument("sc upscale: needs a classifier");
    if (n < 1 || labels.size() < size_t(n))
        throw std::invalid_argument(
            fmt::format("sc upscale: {} labels for {} images", labels.size(), n));
    if (s.settings.empty()) throw std::invalid_argument("sc upscale: no SC settings");
    if (s.max_bits < 0 || s.max_bits > 7)
        throw std::invalid_argument(
            fmt::format("sc upscale: max_bits {} is outside [0, 7]", s.max_bits));
    if (s.max_passes < 1)
        throw std::invalid_argument(fmt::format("sc upscale: max_passes {} < 1", s.max_passes));
    std::vector<std::unique_ptr<golden::sc::ProductTable>> tables;
    for (const auto& c : s.settings)
        tables.push_back(std::make_unique<golden::sc::ProductTable>(c));
    std::vector<size_t> acc;  // indices of the accelerator layers
    for (size_t i = 0; i < q.layers.size(); ++i)
        if (q.layers[i].on_accelerator()) acc.push_back(i);

    Chunks images_in;
    const size_t per = size_t(q.input[0]) * q.input[1] * q.input[2];
    for (int first = 0; first < n; first += kChunk) {
        const int m = std::min(kChunk, n - first);
        images_in.push_back(input_tensor(
            q,
            std::vector<uint8_t>(images.begin() + first * per, images.begin() + (first + m) * per),
            m));
    }

    ScUpscaleResult r;
    r.extra.assign(acc.size(), Upscale{});
    r.net = upscale(q, r.extra);
    // best: r.net's loss throughout (the current candidate of a layer repeats it).
    double best = loss(r.net, std::vector<Chunks>(tables.size(), images_in), 0, tables, labels, n);
    r.loss_before = best;
    bool changed = true;
    for (int pass = 1; changed && pass <= s.max_passes; ++pass) {
        changed = false;
        r.passes = pass;
        // inputs[s]: the input of layer acc[k] through the layers before it as chosen, per
        // setting, in chunks.
        std::vector<Chunks> inputs(tables.size(), images_in);
        for (size_t k = 0; k < acc.size(); ++k) {
            const bool output_layer = k + 1 == acc.size();
            const Upscale current = r.extra[k];
            const double current_loss = best;
            for (int w = 0; w <= s.max_bits; ++w)
                for (int o = 0; o <= (output_layer ? 0 : s.max_bits); ++o) {
                    std::vector<Upscale> cand = r.extra;
                    cand[k] = {w, o};
                    Network c;
                    try {
                        c = upscale(q, cand);
                    } catch (const std::invalid_argument&) {
                        continue;  // a negative shift or an accumulator that could overflow
                    }
                    const double l = cand[k] == current
                                         ? current_loss
                                         : loss(c, inputs, acc[k], tables, labels, n);
                    r.trials.push_back({pass, acc[k], cand[k], l});
                    if (l < best) {
                        best = l;
                        r.extra[k] = cand[k];
                    }
                }
            if (!(r.extra[k] == current)) {
                changed = true;
                r.net = upscale(q, r.extra);
            }
            if (!output_layer)
                for (size_t t = 0; t < tables.size(); ++t)
                    inputs[t] = run_chunks(r.net, inputs[t], acc[k], acc[k + 1], *tables[t]);
        }
    }
    r.loss_after = best;
    return r;
}

}  // namespace sim::net
