// SPDX-License-Identifier: Apache-2.0
// Stochastic-computing MAC model (docs/stochastic.md). sc_count is the spec written as a loop;
// ProductTable computes the same counts from a 2-D prefix histogram of (Rx, Rw) pairs, so the
// fast layer path and the direct path are independent implementations that tests compare.
#include "golden/sc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace golden::sc {
namespace {

bool is_pow2(int v) { return v > 0 && (v & (v - 1)) == 0; }

// Sobol direction vectors, 8 bits, v_1 first (bit 0 of gray(t) selects v_1).
constexpr std::array<uint32_t, 8> kSobolDim1 = {128, 64, 32, 16, 8, 4, 2, 1};
constexpr std::array<uint32_t, 8> kSobolDim2 = {128, 192, 160, 240, 136, 204, 170, 255};

// S(t) for t = 0 .. 127.
std::array<uint32_t, kPeriod> make_lfsr_table() {
    std::array<uint32_t, kPeriod> s{};
    uint32_t r = kLfsrSeed;
    for (auto& v : s) {
        v = r;
        r = lfsr_next(r);
    }
    return s;
}
const std::array<uint32_t, kPeriod>& lfsr_table() {
    static const auto table = make_lfsr_table();
    return table;
}

// cum[a][b] = #{ i in window : rx < a and rw < b } for a, b in [0, 128]: a 2-D prefix sum.
using Cum = std::vector<int>;  // 129 x 129
Cum window_counts(const std::vector<uint32_t>& rx, const std::vector<uint32_t>& rw, int t0,
                  int length) {
    constexpr int n = kPeriod + 1;
    Cum cum(size_t(n) * n, 0);
    for (int i = 0; i < length; ++i) {
        const int t = (t0 + i) % kPeriod;
        ++cum[size_t(rx[t] + 1) * n + rw[t] + 1];
    }
    for (int a = 1; a < n; ++a)
        for (int b = 1; b < n; ++b)
            cum[size_t(a) * n + b] += cum[size_t(a - 1) * n + b] + cum[size_t(a) * n + b - 1] -
                                      cum[size_t(a - 1) * n + b - 1];
    return cum;
}
int cum_at(const Cum& cum, int a, int b) { return cum[size_t(a) * (kPeriod + 1) + b]; }

std::vector<uint32_t> period_of(Rng rng, bool weight) {
    std::vector<uint32_t> v(kPeriod);
    for (int t = 0; t < kPeriod; ++t) v[t] = weight ? random_w(rng, t) : random_x(rng, t);
    return v;
}

// The distinct stream starts of a configuration, in class order (class k = t0 k * L for Column).
std::vector<int> class_starts(const ScConfig& cfg) {
    if (cfg.sharing == Sharing::Array) return {0};
    std::vector<int> t0;
    for (int k = 0; k < kPeriod / cfg.length; ++k) t0.push_back(k * cfg.length);
    return t0;
}

void check_sc_numerics(const Numerics& nx) {
    if (nx.data_width != kDataWidth)
        throw std::invalid_argument(
            fmt::format("sc: data_width={} (the SC MAC is defined for D = 8: sign and 7-bit "
                        "magnitude)",
                        nx.data_width));
}

}  // namespace

// ---- Configuration ---------------------------------------------------------------------------

int ScConfig::log2_length() const {
    int l = 0;
    while ((1 << l) < length) ++l;
    return l;
}

void ScConfig::validate() const {
    if (!is_pow2(length) || length < kMinLength || length > kMaxLength)
        throw std::invalid_argument(
            fmt::format("sc: length L={} (must be a power of two in [{}, {}])", length, kMinLength,
                        kMaxLength));
    if (!is_pow2(lanes) || lanes > kMaxLength)
        throw std::invalid_argument(
            fmt::format("sc: lanes={} (must be a power of two in [1, {}])", lanes, kMaxLength));
    if (rng != Rng::Sobol && rng != Rng::Lfsr)
        throw std::invalid_argument(fmt::format("sc: rng={} unknown", int(rng)));
    if (sharing != Sharing::Array && sharing != Sharing::Column)
        throw std::invalid_argument(fmt::format("sc: sharing={} unknown", int(sharing)));
}

std::string ScConfig::describe() const {
    return fmt::format("L={} {} {} lanes={}", length, to_string(rng), to_string(sharing), lanes);
}

std::string to_string(Rng rng) { return rng == Rng::Sobol ? "sobol" : "lfsr"; }
std::string to_string(Sharing sharing) { return sharing == Sharing::Array ? "array" : "column"; }

Rng parse_rng(std::string_view name) {
    if (name == "sobol") return Rng::Sobol;
    if (name == "lfsr") return Rng::Lfsr;
    throw std::invalid_argument(fmt::format("rng '{}' unknown (sobol, lfsr)", printable(name)));
}

Sharing parse_sharing(std::string_view name) {
    if (name == "array") return Sharing::Array;
    if (name == "column") return Sharing::Column;
    throw std::invalid_argument(
        fmt::format("sharing '{}' unknown (array, column)", printable(name)));
}

// ---- Random sources ----------------------------------------------------------------------------

uint32_t bit_reverse(uint32_t v, int bits) {
    uint32_t out = 0;
    for (int i = 0; i < bits; ++i)
        if ((v >> i) & 1) out |= 1u << (bits - 1 - i);
    return out;
}

uint32_t sobol(int dim, uint32_t t, int bits) {
    if (dim != 1 && dim != 2)
        throw std::invalid_argument(fmt::format("sobol: dim={} (1 or 2)", dim));
    if (bits < 1 || bits > 8)
        throw std::invalid_argument(fmt::format("sobol: bits={} (1 to 8)", bits));
    const auto& v = dim == 1 ? kSobolDim1 : kSobolDim2;
    t &= (1u << bits) - 1;
    const uint32_t gray = t ^ (t >> 1);
    uint32_t x = 0;
    for (int k = 0; k < bits; ++k)
        if ((gray >> k) & 1) x ^= v[k];
    return x >> (8 - bits);
}

uint32_t lfsr_next(uint32_t r, uint32_t taps) {
    uint32_t fb = uint32_t(__builtin_parity(r & taps & 0x7f));  // spec taps: x^7 + x^6 + 1
    if ((r & 0x3f) == 0) fb ^= 1;  // de Bruijn: 1000000 -> 0000000 -> 0000001
    return ((r << 1) & 0x7f) | fb;
}

bool lfsr_taps_maximal(uint32_t taps) {
    if (!(taps & 0x40) || taps > 0x7f) return false;
    std::array<bool, kPeriod> seen{};
    uint32_t r = 0;
    for (int i = 0; i < kPeriod; ++i, r = lfsr_next(r, taps)) {
        if (seen[r]) return false;
        seen[r] = true;
    }
    return r == 0;
}

uint32_t lfsr_state(uint32_t t) { return lfsr_table()[t % kPeriod]; }

uint32_t random_x(Rng rng, uint32_t t) {
    return rng == Rng::Sobol ? sobol(1, t, kMagBits) : lfsr_state(t);
}

uint32_t random_w(Rng rng, uint32_t t) {
    return rng == Rng::Sobol ? sobol(2, t, kMagBits)
                             : bit_reverse(lfsr_state(t + kLfsrWeightOffset), kMagBits);
}

// ---- One product ---------------------------------------------------------------------------------

int magnitude(int32_t v) {
    if (v < -128 || v > 127)
        throw std::invalid_argument(fmt::format("sc: operand {} is not an 8-bit value", v));
    return std::min(v < 0 ? -v : v, kMagMax);
}

int stream_start(const ScConfig& cfg, int s) {
    if (s < 0) throw std::invalid_argument(fmt::format("sc: kernel column s={} < 0", s));
    return cfg.sharing == Sharing::Array ? 0 : int((int64_t{s} * cfg.length) % kPeriod);
}

int sc_count(int a, int b, int t0, const ScConfig& cfg) {
    int count = 0;
    for (int i = 0; i < cfg.length; ++i) {
        const uint32_t t = uint32_t(t0 + i) % kPeriod;
        count += (random_x(cfg.rng, t) < uint32_t(a)) && (random_w(cfg.rng, t) < uint32_t(b));
    }
    return count;
}

int32_t sc_product(int32_t x, int32_t w, int s, const ScConfig& cfg) {
    cfg.validate();
    const int count = sc_count(magnitude(x), magnitude(w), stream_start(cfg, s), cfg);
    const bool negative = (x < 0) != (w < 0);
    return (negative ? -count : count) * (int32_t{1} << cfg.shift());
}

StreamedProduct sc_product_streamed(int32_t x, int32_t w, int s, const ScConfig& cfg) {
    cfg.validate();
    const uint32_t a = magnitude(x), b = magnitude(w);
    const bool down = (x < 0) != (w < 0);
    const int t0 = stream_start(cfg, s);
    StreamedProduct p;
    int counter = 0;
    for (int i = 0; i < cfg.length; i += cfg.lanes) {  // one cycle
        int ones = 0;
        for (int lane = 0; lane < cfg.lanes && i + lane < cfg.length; ++lane) {
            const uint32_t t = uint32_t(t0 + i + lane) % kPeriod;
            ones += (random_x(cfg.rng, t) < a) & (random_w(cfg.rng, t) < b);
        }
        counter += down ? -ones : ones;
        p.counter_min = std::min(p.counter_min, counter);
        p.counter_max = std::max(p.counter_max, counter);
        ++p.cycles;
    }
    p.value = counter * (int32_t{1} << cfg.shift());
    return p;
}

ProductTable::ProductTable(const ScConfig& cfg) : cfg_(cfg) {
    cfg.validate();
    t0_ = class_starts(cfg);
    const auto rx = period_of(cfg.rng, false), rw = period_of(cfg.rng, true);
    table_.assign(t0_.size() * 256 * 256, 0);
    for (size_t k = 0; k < t0_.size(); ++k) {
        const Cum cum = window_counts(rx, rw, t0_[k], cfg.length);
        for (int w = -128; w < 128; ++w)
            for (int x = -128; x < 128; ++x) {
                const int count = cum_at(cum, magnitude(x), magnitude(w));
                const bool negative = (x < 0) != (w < 0);
                table_[(k * 256 + size_t(w + 128)) * 256 + size_t(x + 128)] =
                    (negative ? -count : count) * (int32_t{1} << cfg.shift());
            }
    }
}

int ProductTable::class_of(int s) const {
    return cfg_.sharing == Sharing::Array ? 0 : stream_start(cfg_, s) / cfg_.length;
}

// ---- Layers --------------------------------------------------------------------------------------

AccTensor sc_accumulate(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                        const ActTensor& filter, const std::vector<int64_t>& bias,
                        const ProductTable& table) {
    check_conv_inputs(L, nx, ifmap, filter, bias);
    check_sc_numerics(nx);
    const int Cg = L.C_per_group(), Mg = L.M_per_group(), E = L.E(), F = L.F();
    // Sums are kept in int64 and wrapped once at the end (addition modulo 2^A is order-free):
    // |bias| < 2^61 and K products of at most 2^14 each cannot reach 2^63 for any valid layer
    // small enough to hold in memory.
    // Loop order: one weight (one table row, 1 KB, stays in L1) over every image and output
    // pixel it touches; the image loop is inside so FC layers (E = F = 1) still run long loops.
    AccTensor acc(L.N, L.M, E, F);
    const size_t plane = size_t(E) * F;
    for (int m = 0; m < L.M; ++m) {
        const int g = m / Mg;
        for (int n = 0; n < L.N; ++n)
            std::fill_n(&acc(n, m, 0, 0), plane, bias.empty() ? 0 : bias[m]);
        for (int c = 0; c < Cg; ++c)
            for (int r = 0; r < L.R; ++r)
                for (int s = 0; s < L.S; ++s) {
                    const int32_t wv = filter(m, c, r, s);
                    if (wv == 0) continue;  // every product with w = 0 is 0
                    const int32_t* row = table.row(s, wv) + 128;
                    // Output columns whose input column f*U + s - pad_left is inside [0, W).
                    const int off = s - L.pad_left;
                    if (L.W - off <= 0) continue;
                    const int f_lo = off < 0 ? (-off + L.stride_h - 1) / L.stride_h : 0;
                    const int f_hi = std::min(F, (L.W - off + L.stride_h - 1) / L.stride_h);
                    for (int n = 0; n < L.N; ++n)
                        for (int e = 0; e < E; ++e) {
                            const int h = e * L.stride_v + r - L.pad_top;
                            if (h < 0 || h >= L.H) continue;  // padding: products are 0
                            const int32_t* xrow = &ifmap(n, g * Cg + c, h, 0);
                            int64_t* out = &acc(n, m, e, 0);
                            for (int f = f_lo; f < f_hi; ++f)
                                out[f] += row[xrow[f * L.stride_h + off]];
                        }
                }
        for (int n = 0; n < L.N; ++n) {
            int64_t* out = &acc(n, m, 0, 0);
            for (size_t i = 0; i < plane; ++i) out[i] = wrap(out[i], nx.acc_width);
        }
    }
    return acc;
}

AccTensor sc_accumulate(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                        const ActTensor& filter, const std::vector<int64_t>& bias,
                        const ScConfig& cfg) {
    cfg.validate();
    return sc_accumulate(L, nx, ifmap, filter, bias, ProductTable(cfg));
}

ActTensor sc_run_layer(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                       const ActTensor& filter, const std::vector<int64_t>& bias,
                       const OutputStage& out, const ScConfig& cfg) {
    return requantize(sc_accumulate(L, nx, ifmap, filter, bias, cfg), nx, out);
}

int64_t sc_stream_products(const LayerShape& L, const ActTensor& ifmap, const ActTensor& filter) {
    const int Cg = L.C_per_group(), Mg = L.M_per_group(), E = L.E(), F = L.F();
    int64_t n_products = 0;
    for (int m = 0; m < L.M; ++m)
        for (int c = 0; c < Cg; ++c)
            for (int r = 0; r < L.R; ++r)
                for (int s = 0; s < L.S; ++s) {
                    if (filter(m, c, r, s) == 0) continue;
                    for (int n = 0; n < L.N; ++n)
                        for (int e = 0; e < E; ++e) {
                            const int h = e * L.stride_v + r - L.pad_top;
                            if (h < 0 || h >= L.H) continue;
                            for (int f = 0; f < F; ++f) {
                                const int w = f * L.stride_h + s - L.pad_left;
                                if (w >= 0 && w < L.W && ifmap(n, (m / Mg) * Cg + c, h, w) != 0)
                                    ++n_products;
                            }
                        }
                }
    return n_products;
}

std::vector<int64_t> sc_row_conv(const std::vector<int32_t>& w, const std::vector<int32_t>& x,
                                 int stride, const ScConfig& cfg) {
    if (w.empty() || stride < 1 || x.size() < w.size())
        throw std::invalid_argument(
            fmt::format("sc_row_conv: S={} W={} stride={} (need 1 <= S <= W, stride >= 1)",
                        w.size(), x.size(), stride));
    const int S = int(w.size()), F = int((x.size() - w.size()) / stride) + 1;
    std::vector<int64_t> psum(F, 0);
    for (int f = 0; f < F; ++f)
        for (int s = 0; s < S; ++s) psum[f] += sc_product(x[size_t(f) * stride + s], w[s], s, cfg);
    return psum;
}

// ---- Error statistics ------------------------------------------------------------------------------

ProductStats product_stats(const std::vector<uint32_t>& rx, const std::vector<uint32_t>& rw,
                           int length, const std::vector<int>& t0s, bool with_signed) {
    if (rx.size() != size_t(kPeriod) || rw.size() != size_t(kPeriod) || t0s.empty())
        throw std::invalid_argument("product_stats: rx and rw need 128 entries, t0s one or more");
    int l = 0;
    while ((1 << l) < length) ++l;
    const double unit = double(1 << (2 * kMagBits - l)) / kFullScale;  // one count, full scale
    double se = 0, sum = 0, se_signed = 0, max_abs = 0;
    for (int t0 : t0s) {
        const Cum cum = window_counts(rx, rw, t0, length);
        for (int a = 0; a <= kMagMax; ++a)
            for (int b = 0; b <= kMagMax; ++b) {
                const double e = cum_at(cum, a, b) * unit - double(a * b) / kFullScale;
                se += e * e;
                sum += e;
                max_abs = std::max(max_abs, std::abs(e));
            }
        if (!with_signed) continue;
        for (int x = -128; x < 128; ++x)
            for (int w = -128; w < 128; ++w) {
                const int count = cum_at(cum, magnitude(x), magnitude(w));
                const double p = ((x < 0) != (w < 0) ? -count : count) * unit;
                const double e = p - double(x * w) / kFullScale;
                se_signed += e * e;
            }
    }
    const double n = double(t0s.size()) * kPeriod * kPeriod;
    ProductStats st;
    st.rmse = std::sqrt(se / n);
    st.bias = sum / n;
    st.max_abs = max_abs;
    st.rmse_signed = std::sqrt(se_signed / (double(t0s.size()) * 65536));
    st.classes = int(t0s.size());
    return st;
}

ProductStats product_stats(const ScConfig& cfg) {
    cfg.validate();
    return product_stats(period_of(cfg.rng, false), period_of(cfg.rng, true), cfg.length,
                         class_starts(cfg));
}

namespace {
template <class Ref>
LayerErrorStats layer_error_impl(const AccTensor& approx, const Ref& ref) {
    if (approx.dim != ref.dim)
        throw std::invalid_argument(fmt::format(
            "layer_error: dims {}x{}x{}x{} and {}x{}x{}x{}", approx.dim[0], approx.dim[1],
            approx.dim[2], approx.dim[3], ref.dim[0], ref.dim[1], ref.dim[2], ref.dim[3]));
    LayerErrorStats st;
    st.count = approx.size();
    double se = 0, sig = 0;
    for (size_t i = 0; i < approx.size(); ++i) {
        const double r = double(ref.data[i]), e = double(approx.data[i]) - r;
        se += e * e;
        sig += r * r;
        st.max_abs = std::max(st.max_abs, std::abs(e));
    }
    st.rmse = st.count ? std::sqrt(se / double(st.count)) : 0;
    st.snr_db = se == 0 ? std::numeric_limits<double>::infinity() : 10 * std::log10(sig / se);
    return st;
}
}  // namespace

LayerErrorStats layer_error(const AccTensor& approx, const AccTensor& exact) {
    return layer_error_impl(approx, exact);
}

LayerErrorStats layer_error(const AccTensor& approx, const FloatTensor& reference) {
    return layer_error_impl(approx, reference);
}

double identical_fraction(const ActTensor& a, const ActTensor& b) {
    if (a.dim != b.dim) throw std::invalid_argument("identical_fraction: dims differ");
    if (a.size() == 0) return 1.0;
    size_t same = 0;
    for (size_t i = 0; i < a.size(); ++i) same += a.data[i] == b.data[i];
    return double(same) / double(a.size());
}

}  // namespace golden::sc
