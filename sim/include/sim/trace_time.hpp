// SPDX-License-Identifier: Apache-2.0
// Time in traces: real time at the contract's default clock (contract::kDefaultClockMhz), in the
// models' time precision (1 ps). Cycle c starts at c * kClockPeriodPs; the clock rises half a
// period into it.
#pragma once
#include <cstdint>

#include "rsacc/contract.hpp"

namespace sim {

inline constexpr uint64_t kClockPeriodPs = 1'000'000 / contract::kDefaultClockMhz;
static_assert(1'000'000 % contract::kDefaultClockMhz == 0 && kClockPeriodPs % 2 == 0,
              "the default clock period must be an even number of picoseconds");

}  // namespace sim
