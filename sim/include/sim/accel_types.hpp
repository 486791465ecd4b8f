// SPDX-License-Identifier: Apache-2.0
// What the host sees of rtl/top/rsacc_top.sv: the result of one run (no Verilator dependency;
// sim/accel.hpp runs the model). Counter numbers and status codes are the contract's
// (contract::PerfCounter, contract::Status in rsacc/contract.hpp).
#pragma once
#include <array>
#include <cstdint>
#include <functional>

#include "rsacc/contract.hpp"

namespace sim {

struct AccelRunResult {
    std::array<uint64_t, contract::kNumPerf> perf{};  // by contract::PerfCounter
    // Harness cycles, from the one start_i is high in to the one done_o rises in: the busy
    // cycles perf[kPerfCycles] + 2 (start_i is registered; tests/systemc checks it).
    uint64_t cycles = 0;
    int status = 0;  // contract::Status
    bool done = false, timed_out = false, assertion_failed = false;
    double wall_seconds = 0;
    double khz() const { return wall_seconds > 0 ? double(cycles) / wall_seconds / 1e3 : 0; }
};

struct AccelRunOptions {
    uint64_t max_cycles = 2'000'000'000;
    // Called about every `progress_every` cycles with the cycles done so far.
    std::function<void(uint64_t)> progress;
    uint64_t progress_every = 1 << 18;
    // Random power-up contents of flops and memories (sim/dut.hpp PowerUp): 0 = all zeros,
    // otherwise the seed of the random contents.
    uint32_t power_up_seed = 0;
};

}  // namespace sim
