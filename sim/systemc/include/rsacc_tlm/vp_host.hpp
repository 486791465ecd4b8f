// SPDX-License-Identifier: Apache-2.0
// The host CPU of the example virtual platform (docs/systemc.md), as a software thread would
// drive the accelerator: for each compiled layer it writes the DRAM image (commands and tensors)
// into memory through its initiator socket, programs rsacc_tlm's registers, starts it, sleeps
// until the interrupt, reads the status and every counter through the registers, acknowledges
// the interrupt, reads the ofmap back and compares it with the golden engine.
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/layer_data.hpp"
#include "compiler/layer_program.hpp"
#include "rsacc_tlm/rsacc_tlm_stats.hpp"
#include "sim/layer_report.hpp"

namespace rsacc_tlm {

struct VpJob {
    compiler::LayerProgram program;
    compiler::LayerData data;
};

struct VpJobResult {
    sim::LayerOutcome outcome;  // as rsacc-sim's (run.cycles: start to interrupt, in clocks)
    sc_core::sc_time started, interrupted;  // SystemC time of the start write and the interrupt
    uint64_t irq_rises = 0;                 // interrupts during this job (one expected)
    double wall_seconds = 0;                // this job, loading and checking included
};

class VpHost : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<VpHost> socket;
    sc_core::sc_in<bool> irq;

    // accel_base: where the router puts rsacc_tlm's registers; memory sits at 0.
    // accel_stats: the wrapper's own observations (resp stalls, interrupts) for the report.
    VpHost(const sc_core::sc_module_name& name, std::vector<VpJob> jobs, uint64_t accel_base,
           sc_core::sc_time clock_period, const Stats* accel_stats);

    const std::vector<VpJobResult>& results() const { return results_; }
    // Non-empty when the host stopped on an error (a TLM error response to its own access).
    const std::string& error() const { return error_; }

private:
    void run();
    VpJobResult run_job(const VpJob& job);
    // One access through the socket; throws std::runtime_error naming it on an error response.
    void transfer(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, unsigned len);
    uint32_t read_reg(uint32_t offset);
    void write_reg(uint32_t offset, uint32_t value);

    std::vector<VpJob> jobs_;
    uint64_t accel_base_;
    sc_core::sc_time clock_period_;
    const Stats* accel_stats_;
    std::vector<VpJobResult> results_;
    std::string error_;
};

}  // namespace rsacc_tlm
