// SPDX-License-Identifier: Apache-2.0
// Float inference, quantisation and golden inference of a network (docs/network.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "golden/conv.hpp"
#include "sim/network.hpp"

namespace sim::net {
namespace {

// Activations of a batch in double: N x C x H x W, row-major.
struct FloatMap {
    int n = 0;
    std::array<int, 3> chw{};
    std::vector<double> v;
    double& at(int i, int c, int y, int x) {
        return v[((size_t(i) * chw[0] + c) * chw[1] + y) * chw[2] + x];
    }
    double at(int i, int c, int y, int x) const {
        return v[((size_t(i) * chw[0] + c) * chw[1] + y) * chw[2] + x];
    }
};

// Pre-activation of a conv/fc layer (bias added, no ReLU), `w` and `b` in float.
FloatMap conv(const Layer& l, const FloatMap& x, const std::vector<double>& w,
              const std::vector<double>& b) {
    const golden::LayerShape L = l.shape(x.n);
    FloatMap y{x.n, l.out, std::vector<double>(size_t(x.n) * l.out[0] * l.out[1] * l.out[2])};
    const int cg = L.C_per_group(), mg = L.M_per_group();
    for (int i = 0; i < x.n; ++i)
        for (int m = 0; m < L.M; ++m) {
            const int g = m / mg;
            for (int e = 0; e < L.E(); ++e)
                for (int f = 0; f < L.F(); ++f) {
                    double s = b[size_t(m)];
                    for (int c = 0; c < cg; ++c)
                        for (int r = 0; r < L.R; ++r) {
                            const int yy = e * L.stride_v + r - L.pad_top;
                            if (yy < 0 || yy >= L.H) continue;
                            for (int k = 0; k < L.S; ++k) {
                                const int xx = f * L.stride_h + k - L.pad_left;
                                if (xx < 0 || xx >= L.W) continue;
                                s += w[((size_t(m) * cg + c) * L.R + r) * L.S + k] *
                                     x.at(i, g * cg + c, yy, xx);
                            }
                        }
                    y.at(i, m, e, f) = s;
                }
        }
    return y;
}

FloatMap pool(const Layer& l, const FloatMap& x) {
    FloatMap y{x.n, l.out, std::vector<double>(size_t(x.n) * l.out[0] * l.out[1] * l.out[2])};
    const auto& p = l.pool;
    for (int i = 0; i < x.n; ++i)
        for (int c = 0; c < l.in[0]; ++c)
            for (int oy = 0; oy < l.out[1]; ++oy)
                for (int ox = 0; ox < l.out[2]; ++ox) {
                    const int y0 = oy * p.stride_v - p.pad_top, x0 = ox * p.stride_h - p.pad_left;
                    double best = -INFINITY, sum = 0;
                    int count = 0;
                    for (int yy = std::max(y0, 0); yy < std::min(y0 + p.kernel_h, l.in[1]); ++yy)
                        for (int xx = std::max(x0, 0); xx < std::min(x0 + p.kernel_w, l.in[2]);
                             ++xx) {
                            best = std::max(best, x.at(i, c, yy, xx));
                            sum += x.at(i, c, yy, xx);
                            ++count;
                        }
                    if (p.count_include_pad) count = p.kernel_h * p.kernel_w;
                    y.at(i, c, oy, ox) = l.op == Op::MaxPool ? best : sum / count;
                }
    return y;
}

FloatMap images_as_float(const Network& net, const std::vector<uint8_t>& images, int n) {
    const size_t per = size_t(net.input[0]) * net.input[1] * net.input[2];
    if (images.size() < per * size_t(n))
        throw std::invalid_argument(fmt::format("{} image bytes for {} images of {}x{}x{}",
                                                images.size(), n, net.input[0], net.input[1],
                                                net.input[2]));
    FloatMap x{n, net.input, std::vector<double>(per * size_t(n))};
    for (size_t i = 0; i < x.v.size(); ++i) x.v[i] = images[i] / 255.0;
    return x;
}

// floor(log2(limit / max)): the most fractional bits that keep max below limit.
int frac_bits(double limit, double max) {
    if (max <= 0) return 16;  // an all-zero tensor: any scale; keep it modest
    return int(std::floor(std::log2(limit / max)));
}

// x_real = x_int * 2^-frac * input_scale: 2^input_shift / 255 for the first accelerator layer,
// whose weights absorb it (the image bytes' scale), 1 for the others.
double input_scale_of(const Network& q, const Layer& l) {
    for (const Layer& first : q.layers)
        if (first.on_accelerator())
            return &first == &l ? std::ldexp(1.0, q.input_shift) / 255.0 : 1.0;
    return 1.0;
}

// Integer weights round(w * input_scale * 2^weight_frac) clipped to +-data_max (never -2^(D-1),
// which the SC MAC could not represent) and biases round(b * 2^(frac_in + weight_frac)) (an
// error if one does not fit A bits).
void set_integers(Layer& l, double input_scale, int frac_in, const golden::Numerics& nx) {
    const double dmax = double(nx.data_max());
    l.qweight = golden::ActTensor(l.M, l.in[0] / l.groups, l.R, l.S);
    for (size_t i = 0; i < l.weight.size(); ++i) {
        const double v = std::round(std::ldexp(l.weight[i] * input_scale, l.weight_frac));
        l.qweight.data[i] = int32_t(std::clamp(v, -dmax, dmax));
    }
    l.qbias.resize(size_t(l.M));
    for (size_t m = 0; m < l.qbias.size(); ++m) {
        const double v = std::round(std::ldexp(l.bias[m], frac_in + l.weight_frac));
        if (std::abs(v) > double(nx.acc_max()))
            throw std::runtime_error(fmt::format("quantize: layer {}: bias {} does not fit {} bits",
                                                 l.name, m, nx.acc_width));
        l.qbias[m] = int64_t(v);
    }
}

}  // namespace

std::vector<std::vector<double>> forward_float(const Network& net,
                                               const std::vector<uint8_t>& images, int n) {
    FloatMap x = images_as_float(net, images, n);
    for (const Layer& l : net.layers) {
        if (l.on_accelerator()) {
            x = conv(l, x, l.weight, l.bias);
            if (l.relu)
                for (double& v : x.v) v = std::max(v, 0.0);
        } else {
            x = pool(l, x);
        }
    }
    std::vector<std::vector<double>> logits(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        logits[size_t(i)].assign(x.v.begin() + i * net.classes,
                                 x.v.begin() + (i + 1) * net.classes);
    return logits;
}

Network quantize(const Network& float_net, const golden::Numerics& nx,
                 const std::vector<uint8_t>& calibration, int images) {
    if (float_net.quantised)
        throw std::invalid_argument("quantize: the network is quantised already");
    nx.validate();
    if (images < 1) throw std::invalid_argument("quantize: no calibration images");
    Network q = float_net;
    q.quantised = true;
    q.numerics = nx;
    q.calibration_images = images;
    // Image bytes 0..255 must fit the signed D-bit input: 8-bit data drops the lowest bit.
    q.input_shift = std::max(0, 8 - (nx.data_width - 1));
    const double dmax = double(nx.data_max());
    int frac = 0;
    FloatMap x = images_as_float(float_net, calibration, images);
    for (Layer& l : q.layers) {
        if (!l.on_accelerator()) {
            x = pool(l, x);
            l.out_frac = frac;
            continue;
        }
        // Largest weight -> weight_frac; largest calibration pre-activation -> accumulators stay
        // below 2^(A-2) (a factor 2 of headroom for unseen images; wrap-around is exact anyway).
        const double in_scale = input_scale_of(q, l);
        double wmax = 0;
        for (double v : l.weight) wmax = std::max(wmax, std::abs(v) * in_scale);
        const FloatMap acc = conv(l, x, l.weight, l.bias);
        double amax = 0;
        for (double v : acc.v) amax = std::max(amax, std::abs(v));
        l.weight_frac = std::min(
            {frac_bits(dmax, wmax), frac_bits(std::ldexp(1.0, nx.acc_width - 2), amax) - frac, 40});
        // Output: the largest calibration output (after ReLU) fits D bits.
        x = acc;
        if (l.relu)
            for (double& v : x.v) v = std::max(v, 0.0);
        double omax = 0;
        for (double v : x.v) omax = std::max(omax, std::abs(v));
        l.out_frac = std::min(frac_bits(dmax, omax), frac + l.weight_frac);
        l.shift = frac + l.weight_frac - l.out_frac;
        set_integers(l, in_scale, frac, nx);
        frac = l.out_frac;
    }
    return q;
}

Network upscale(const Network& q, const std::vector<Upscale>& extra) {
    if (!q.quantised) throw std::invalid_argument("upscale: the network is not quantised");
    const golden::Numerics& nx = q.numerics;
    Network u = q;
    u.upscaled = true;
    int frac = 0, frac_base = 0;  // the input's fractional bits, up-scaled and quantize()'s
    size_t k = 0;
    for (Layer& l : u.layers) {
        if (!l.on_accelerator()) {
            l.out_frac = frac;  // pooling keeps the scale
            continue;
        }
        if (l.weight.empty())
            throw std::invalid_argument(fmt::format(
                "upscale: layer {}: no float weights (a network read from disk); quantise again",
                l.name));
        const Upscale e = k < extra.size() ? extra[k] : Upscale{};
        ++k;
        if (e.weight < 0 || e.out < 0)
            throw std::invalid_argument(fmt::format(
                "upscale: layer {}: negative extra bits ({}, {})", l.name, e.weight, e.out));
        l.weight_frac += e.weight - l.upscale.weight;
        l.out_frac += e.out - l.upscale.out;
        l.upscale = e;
        l.shift = frac + l.weight_frac - l.out_frac;
        if (l.shift < 0)
            throw std::invalid_argument(fmt::format(
                "upscale: layer {}: shift {} (weight frac {}, input frac {}, out frac {})", l.name,
                l.shift, l.weight_frac, frac, l.out_frac));
        set_integers(l, input_scale_of(u, l), frac, nx);
        // quantize() kept the calibration accumulators below 2^(A-2); a layer whose accumulator
        // scale grew must fit the worst case |acc| = sum |w| * data_max + |bias| per filter.
        const size_t per = l.qweight.size() / size_t(l.M);
        for (size_t m = 0; e.weight + frac - frac_base > 0 && m < size_t(l.M); ++m) {
            double worst = std::abs(double(l.qbias[m]));
            for (size_t i = m * per; i < (m + 1) * per; ++i)
                worst += std::abs(double(l.qweight.data[i])) * double(nx.data_max());
            if (worst > double(nx.acc_max()))
                throw std::invalid_argument(fmt::format(
                    "upscale: layer {}: filter {}'s accumulator may reach {:.0f}, beyond {} bits",
                    l.name, m, worst, nx.acc_width));
        }
        frac = l.out_frac;
        frac_base = l.out_frac - e.out;
    }
    return u;
}

golden::ActTensor input_tensor(const Network& net, const std::vector<uint8_t>& images, int n) {
    golden::ActTensor x(n, net.input[0], net.input[1], net.input[2]);
    if (images.size() < x.size())
        throw std::invalid_argument(fmt::format("{} image bytes for {} images", images.size(), n));
    for (size_t i = 0; i < x.size(); ++i) x.data[i] = images[i] >> net.input_shift;
    return x;
}

golden::ActTensor run_golden_layer(const Network& net, const Layer& l, const golden::ActTensor& x) {
    switch (l.op) {
        case Op::Conv:
        case Op::Fc:
            return golden::run_layer(l.shape(x.dim[0]), net.numerics, x, l.qweight, l.qbias,
                                     {l.shift, l.relu});
        case Op::MaxPool: return golden::max_pool(x, l.pool);
        case Op::AvgPool: return golden::avg_pool(x, l.pool);
    }
    throw std::logic_error("run_golden_layer: unknown op");
}

golden::ActTensor run_sc_layer(const Network& net, const Layer& l, const golden::ActTensor& x,
                               const golden::sc::ProductTable& sc) {
    if (!l.on_accelerator()) return run_golden_layer(net, l, x);
    const golden::LayerShape L = l.shape(x.dim[0]);
    return golden::requantize(golden::sc::sc_accumulate(L, net.numerics, x, l.qweight, l.qbias, sc),
                              net.numerics, {l.shift, l.relu});
}

golden::ActTensor run_layers(const Network& q, golden::ActTensor x, size_t first, size_t last,
                             const golden::sc::ProductTable* sc) {
    for (size_t i = first; i < last; ++i)
        x = sc ? run_sc_layer(q, q.layers[i], x, *sc) : run_golden_layer(q, q.layers[i], x);
    return x;
}

std::vector<int> classify(const Network& q, const std::vector<uint8_t>& images, int n,
                          const golden::sc::ProductTable* sc, int chunk) {
    const size_t per = size_t(q.input[0]) * q.input[1] * q.input[2];
    std::vector<int> pred;
    for (int first = 0; first < n; first += chunk) {
        const int m = std::min(chunk, n - first);
        const std::vector<uint8_t> part(images.begin() + first * per,
                                        images.begin() + (first + m) * per);
        const auto p = argmax(run_layers(q, input_tensor(q, part, m), 0, q.layers.size(), sc));
        pred.insert(pred.end(), p.begin(), p.end());
    }
    return pred;
}

golden::IdxDataset load_fashion_split(const std::string& data, bool train, int64_t n) {
    const std::string p = data + "/" + (train ? "train" : "t10k");
    return golden::read_idx_dataset(p + "-images-idx3-ubyte.gz", p + "-labels-idx1-ubyte.gz", 10,
                                    n);
}

std::vector<int> argmax(const golden::ActTensor& logits) {
    std::vector<int> out;
    const int classes = logits.dim[1] * logits.dim[2] * logits.dim[3];
    for (int i = 0; i < logits.dim[0]; ++i) {
        const auto* p = logits.data.data() + size_t(i) * classes;
        out.push_back(int(std::max_element(p, p + classes) - p));
    }
    return out;
}

std::vector<int> argmax(const std::vector<std::vector<double>>& logits) {
    std::vector<int> out;
    for (const auto& v : logits)
        out.push_back(int(std::max_element(v.begin(), v.end()) - v.begin()));
    return out;
}

}  // namespace sim::net
