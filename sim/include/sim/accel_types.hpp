// What the host sees of rtl/top/rsacc_top.sv: performance counter numbers, status codes and the
// result of one run (no Verilator dependency; sim/accel.hpp runs the model).
#pragma once
#include <array>
#include <cstdint>
#include <functional>

namespace sim {

// Performance counter numbers (perf_sel_i), as in rtl/top/rsacc_top.sv.
enum PerfCounter : int {
    kPerfCycles = 0,            // start to done
    kPerfCyclesFetch = 1,       // waiting for command words
    kPerfCyclesFill = 2,        // OpFill running
    kPerfCyclesIds = 3,         // computing PE IDs of a pass
    kPerfCyclesRun = 4,         // a pass running on the array
    kPerfCyclesDrain = 5,       // OpDrain running
    kPerfCommands = 6,
    kPerfPasses = 7,
    kPerfDramRead = 8,          // + DataType: 64-bit beats read
    kPerfDramWrite = 14,        // + DataType: 64-bit beats written
    kPerfGlbRead = 20,          // + DataType: 64-bit buffer words read
    kPerfGlbWrite = 26,         // + DataType: 64-bit buffer words written
    kPerfMac = 32,              // MACs done (zero activations excluded)
    kPerfZeroSkip = 33,         // MACs gated by a zero activation
    kPerfFilterSpadRead = 34,
    kPerfFilterSpadWrite = 35,
    kPerfIfmapSpadRead = 36,
    kPerfIfmapSpadWrite = 37,
    kPerfPsumSpadRead = 38,
    kPerfPsumSpadWrite = 39,
    kPerfNocFilter = 40,        // transfers (one per multicast)
    kPerfNocIfmap = 41,
    kPerfNocPsum = 42,
    kPerfArrayOut = 43,         // psums leaving the array
    kPerfDramStall = 44,        // cycles a DRAM request waited for ready
    kPerfActivePeCycles = 45,   // active PEs summed over pass-run cycles
    kNumPerf = 46
};

enum class AccelStatus : int { Ok = 0, BadOpcode = 1, NoEnd = 2, BadPass = 3 };
const char* to_string(AccelStatus s);

struct AccelRunResult {
    std::array<uint64_t, kNumPerf> perf{};
    uint64_t cycles = 0;        // harness cycles from start to done (= perf[kPerfCycles] + 1)
    int status = 0;             // AccelStatus
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
