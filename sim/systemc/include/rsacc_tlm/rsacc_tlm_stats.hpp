// SPDX-License-Identifier: Apache-2.0
// What rsacc_tlm (rsacc_tlm.hpp) observed itself, for a platform's reports; the accelerator's
// own counters are in its registers.
#pragma once
#include <cstdint>

namespace rsacc_tlm {

struct Stats {
    uint64_t cycles = 0;                       // clocked cycles, reset cycles included
    uint64_t runs = 0;                         // runs started
    uint64_t dram_reads = 0, dram_writes = 0;  // TLM transactions on `dram`
    uint64_t req_stall_cycles =
        0;  // the DRAM port held a request back (link rate, reads in flight)
    uint64_t resp_stall_cycles = 0;  // a read response waited for the accelerator
    uint64_t irq_rises = 0;
};

}  // namespace rsacc_tlm
