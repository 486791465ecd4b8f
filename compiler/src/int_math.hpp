// SPDX-License-Identifier: Apache-2.0
// Integer helpers of the compiler's sources (not installed).
#pragma once
#include <climits>
#include <cstdint>

namespace compiler::detail {

constexpr int64_t kSat = INT64_MAX / 4;  // saturation value: "more than anything that fits"

inline int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
inline uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

// a*b (non-negative), saturated at kSat so that buffer checks of absurd shapes cannot overflow.
inline int64_t smul(int64_t a, int64_t b) {
    int64_t r;
    if (__builtin_mul_overflow(a, b, &r) || r > kSat) return kSat;
    return r;
}
template <class... T>
int64_t smul(int64_t a, int64_t b, T... rest) {
    return smul(smul(a, b), rest...);
}
// a+b (non-negative, each at most kSat), saturated at kSat.
inline int64_t sadd(int64_t a, int64_t b) { return a + b > kSat ? kSat : a + b; }

}  // namespace compiler::detail
