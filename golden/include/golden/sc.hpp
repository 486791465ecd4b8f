// SPDX-License-Identifier: Apache-2.0
// Stochastic-computing (SC) MAC: the bit-true model of docs/stochastic.md.
//
// One SC product is a pure function of (x, w, kernel column s, ScConfig): it never depends on
// time, PE position, channel or mapping, so the RTL can match it bit for bit whatever the
// mapping and however the PEs stall. Products are summed with the ordinary A-bit wrap-around
// accumulation and requantised exactly as docs/numerics.md says.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "golden/conv.hpp"
#include "golden/layer.hpp"
#include "golden/numerics.hpp"
#include "golden/tensor.hpp"

namespace golden::sc {

constexpr int kDataWidth = 8;                    // D: SC is defined for 8-bit data only
constexpr int kMagBits = 7;                      // M = D - 1: sign-magnitude, 7-bit magnitude
constexpr int kMagMax = (1 << kMagBits) - 1;     // 127: |-128| saturates to this
constexpr int kPeriod = 1 << kMagBits;           // 128: both generators repeat after 2^M indices
constexpr int kFullScale = 1 << (2 * kMagBits);  // 2^(2M) = 16384: product full scale
constexpr int kMinLength = 16;
constexpr int kMaxLength = kPeriod;

enum class Rng { Sobol, Lfsr };
// t0(s): where the random-number indices of a product in kernel column s start.
//   Array : t0(s) = 0                 (every term reads the same window)
//   Column: t0(s) = (s * L) mod 2^M   (each kernel column its own aligned window)
enum class Sharing { Array, Column };

struct ScConfig {
    int length = 64;  // L: stream length, a power of two in [16, 128]
    Rng rng = Rng::Sobol;
    Sharing sharing = Sharing::Column;
    int lanes = 1;  // SC_LANES: stream bits per cycle, a power of two in [1, 128]; cycles only

    int log2_length() const;
    int shift() const { return 2 * kMagBits - log2_length(); }  // count -> product units
    int cycles_per_mac() const { return lanes < length ? length / lanes : 1; }
    // Throws std::invalid_argument naming the field and value.
    void validate() const;
    std::string describe() const;  // e.g. "L=64 sobol column lanes=1"
};

std::string to_string(Rng rng);
std::string to_string(Sharing sharing);
// Throw std::invalid_argument naming the value and the accepted names.
Rng parse_rng(std::string_view name);
Sharing parse_sharing(std::string_view name);

// ---- Random sources: pure functions of the index t ----------------------------------------
uint32_t bit_reverse(uint32_t v, int bits);
// Sobol dimension 1 or 2, Gray-code order, `bits`-bit outputs (1..8); t is taken mod 2^bits.
// Equals floor(2^bits * scipy.stats.qmc.Sobol(d=2, scramble=False) point t, column dim-1).
uint32_t sobol(int dim, uint32_t t, int bits = kMagBits);
// The extended (de Bruijn) 7-bit LFSR: left shift, feedback r6 ^ r5 ^ (r[5:0] == 0).
constexpr uint32_t kLfsrTaps = 0x60;        // feedback = parity(r & taps): r6 ^ r5
constexpr uint32_t kLfsrSeed = 79;          // state at index 0
constexpr uint32_t kLfsrWeightOffset = 89;  // weight stream reads the state 89 indices ahead
// Next state with feedback parity(state & taps) ^ (state[5:0] == 0); `taps` must hold bit 6.
uint32_t lfsr_next(uint32_t state, uint32_t taps = kLfsrTaps);
// Whether `taps` (bit 6 set) make the extended LFSR visit all 128 states (a maximal LFSR).
bool lfsr_taps_maximal(uint32_t taps);
uint32_t lfsr_state(uint32_t t);  // state at index t (mod 128); S(0) = kLfsrSeed
// The M-bit random numbers compared with |x| (activation) and |w| (weight) at index t.
uint32_t random_x(Rng rng, uint32_t t);
uint32_t random_w(Rng rng, uint32_t t);

// ---- One product ------------------------------------------------------------------------------
int magnitude(int32_t v);                      // |v|, with |-128| saturated to 127
int stream_start(const ScConfig& cfg, int s);  // t0(s)
// count = #{ t in t0 .. t0+L-1 (mod 128) : Rx(t) < a and Rw(t) < b }, a, b in [0, 127].
int sc_count(int a, int b, int t0, const ScConfig& cfg);
// sign(x) * sign(w) * count << shift: the SC estimate of x * w in product units.
int32_t sc_product(int32_t x, int32_t w, int s, const ScConfig& cfg);

// The same product as the hardware forms it: SC_LANES stream bits per cycle into an up/down
// counter (down when the signs differ), then the shift. Tests check it equals sc_product.
struct StreamedProduct {
    int32_t value = 0;
    int cycles = 0;
    int counter_min = 0, counter_max = 0;  // range the up/down counter passed through
};
StreamedProduct sc_product_streamed(int32_t x, int32_t w, int s, const ScConfig& cfg);

// All 256 x 256 products of one configuration, one table per offset class (distinct t0).
class ProductTable {
public:
    explicit ProductTable(const ScConfig& cfg);
    const ScConfig& config() const { return cfg_; }
    int classes() const { return int(t0_.size()); }
    int class_of(int s) const;  // which table kernel column s uses
    // Row of weight w: indexed by x + 128.
    const int32_t* row(int s, int32_t w) const {
        return &table_[(size_t(class_of(s)) * 256 + size_t(w + 128)) * 256];
    }
    int32_t operator()(int32_t x, int32_t w, int s) const { return row(s, w)[x + 128]; }

private:
    ScConfig cfg_;
    std::vector<int> t0_;  // per class
    std::vector<int32_t> table_;
};

// ---- Layers: same interface and semantics as golden::accumulate / run_layer -------------------
// Throws std::invalid_argument unless nx.data_width == 8 and the inputs pass check_conv_inputs.
AccTensor sc_accumulate(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                        const ActTensor& filter, const std::vector<int64_t>& bias,
                        const ScConfig& cfg);
// Faster for repeated calls: the table is built once by the caller.
AccTensor sc_accumulate(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                        const ActTensor& filter, const std::vector<int64_t>& bias,
                        const ProductTable& table);
ActTensor sc_run_layer(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                       const ActTensor& filter, const std::vector<int64_t>& bias,
                       const OutputStage& out, const ScConfig& cfg);

// Products of the layer with two non-zero operands: those that run a stream (L lane-cycles each,
// docs/stochastic.md "Energy"); padding and zero operands take none. Inputs as sc_accumulate.
int64_t sc_stream_products(const LayerShape& L, const ActTensor& ifmap, const ActTensor& filter);

// One PE's 1-D row convolution: psum[f] = sum over s of sc_product(x[f*stride + s], w[s], s).
// x holds the padded ifmap row; returns F = (x.size() - S) / stride + 1 unwrapped sums.
std::vector<int64_t> sc_row_conv(const std::vector<int32_t>& w, const std::vector<int32_t>& x,
                                 int stride, const ScConfig& cfg);

// ---- Error statistics ---------------------------------------------------------------------------
// Per product, over all magnitude pairs (a, b) in [0, 127]^2 and every offset class the sharing
// rule produces (s = 0 .. 128/L - 1 for Column, one class for Array); errors in units of the full
// scale 2^(2M): e = (count << shift - a * b) / 2^(2M).
struct ProductStats {
    double rmse = 0;         // sqrt(mean e^2)
    double bias = 0;         // mean e
    double max_abs = 0;      // max |e|
    double rmse_signed = 0;  // over all 2^16 signed (x, w) against the exact x * w (has -128)
    int classes = 0;
};
ProductStats product_stats(const ScConfig& cfg);
// The same statistics for arbitrary period-long random sequences rx, rw (each kPeriod M-bit
// numbers) and stream starts: lets tests show what a wrong decorrelation does, and rsacc-sc
// lfsr-search rank generators. Without `with_signed` rmse_signed is left 0 (4x faster).
ProductStats product_stats(const std::vector<uint32_t>& rx, const std::vector<uint32_t>& rw,
                           int length, const std::vector<int>& t0s, bool with_signed = true);

struct LayerErrorStats {
    double rmse = 0;     // in accumulator LSBs
    double max_abs = 0;  // in accumulator LSBs
    double snr_db = 0;   // 10 log10(sum ref^2 / sum err^2); +inf when identical
    size_t count = 0;
};
// approx against the exact integer (or the float) accumulators of the same layer.
LayerErrorStats layer_error(const AccTensor& approx, const AccTensor& exact);
LayerErrorStats layer_error(const AccTensor& approx, const FloatTensor& reference);
// Fraction of equal elements (e.g. requantised SC outputs against exact ones).
double identical_fraction(const ActTensor& a, const ActTensor& b);

}  // namespace golden::sc
