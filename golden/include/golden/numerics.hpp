// SPDX-License-Identifier: Apache-2.0
// Exact integer numerics shared by every golden computation (docs/numerics.md).
// Header-only so test harnesses can apply the same rules to single values.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace golden {

struct Numerics {
    int data_width = 16;  // D: signed activations and weights
    int acc_width = 32;   // A: signed accumulator, wraps modulo 2^A

    int64_t data_min() const { return -(int64_t{1} << (data_width - 1)); }
    int64_t data_max() const { return (int64_t{1} << (data_width - 1)) - 1; }
    int64_t acc_min() const { return -(int64_t{1} << (acc_width - 1)); }
    int64_t acc_max() const { return (int64_t{1} << (acc_width - 1)) - 1; }

    // Throws std::invalid_argument naming the offending field.
    void validate() const {
        if (data_width != 8 && data_width != 16)
            throw std::invalid_argument("numerics: data_width=" + std::to_string(data_width) +
                                        " (supported: 8, 16)");
        if (acc_width < 2 * data_width || acc_width > 62)
            throw std::invalid_argument("numerics: acc_width=" + std::to_string(acc_width) +
                                        " (must be in [2*data_width, 62])");
    }
};

// wrap_A(v): two's-complement wrap of v to `bits` bits, sign-extended back to int64.
inline int64_t wrap(int64_t v, int bits) {
    const uint64_t mask = (uint64_t{1} << bits) - 1;
    uint64_t u = static_cast<uint64_t>(v) & mask;
    if (u >> (bits - 1)) u |= ~mask;  // sign-extend
    return static_cast<int64_t>(u);
}

// Requantisation of one accumulator: round-half-up shift, saturate to D bits, optional ReLU.
inline int64_t requantize_value(int64_t acc, int shift, bool relu, const Numerics& nx) {
    int64_t y = acc;
    if (shift > 0) {
        // acc is at most 62 bits, so the +2^(sh-1) cannot overflow int64; >> is arithmetic.
        y = (acc + (int64_t{1} << (shift - 1))) >> shift;
    }
    if (y < nx.data_min()) y = nx.data_min();
    if (y > nx.data_max()) y = nx.data_max();
    if (relu && y < 0) y = 0;
    return y;
}

}  // namespace golden
