// SPDX-License-Identifier: Apache-2.0
// Bit fields of Verilated ports, whatever C++ type Verilator chose for them (CData ... QData
// for up to 64 bits, VlWide<N> above), so harness code can address flattened RTL arrays.
#pragma once
#include <cstdint>
#include <type_traits>

#include <verilated.h>

namespace sim {

template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
void set_bits(T& port, int lsb, int width, uint64_t value) {
    for (int b = 0; b < width; ++b) {
        const T bit = T(1) << (lsb + b);
        port = ((value >> b) & 1u) ? (port | bit) : (port & ~bit);
    }
}

template <std::size_t N>
void set_bits(VlWide<N>& port, int lsb, int width, uint64_t value) {
    for (int b = 0; b < width; ++b) {
        const int i = lsb + b;
        const EData bit = EData(1) << (i % 32);
        port[i / 32] = ((value >> b) & 1u) ? (port[i / 32] | bit) : (port[i / 32] & ~bit);
    }
}

template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
bool get_bit(const T& port, int i) {
    return (port >> i) & 1u;
}

template <std::size_t N>
bool get_bit(const VlWide<N>& port, int i) {
    return (port[i / 32] >> (i % 32)) & 1u;
}

}  // namespace sim
