// SPDX-License-Identifier: Apache-2.0
// Host side of rtl/top/rsacc_top.sv: the DRAM model behind its memory port, start/done, and
// the performance counters it exposes. The host only starts the run and waits; all data
// movement is the accelerator's.
#pragma once
#include <chrono>
#include <cstdint>

#include "sim/accel_types.hpp"
#include "sim/dram.hpp"
#include "sim/dut.hpp"

namespace sim {

// One clock cycle of the accelerator with `port` behind its DRAM port (sim::Dram, or the
// SystemC wrapper's link; anything with DramPortOut outputs() and step(const DramPortIn&)), in the
// cycle discipline of sim/dram.hpp: the port's registered outputs, the falling edge with them and
// start_i, the port takes the DUT's requests, the rising edge.
template <class Model, class Port>
void clock_cycle(Dut<Model>& dut, Port& port, bool start) {
    const DramPortOut out = port.outputs();
    dut->start_i = start;
    dut->dram_req_ready_i = out.req_ready;
    dut->dram_resp_valid_i = out.resp_valid;
    dut->dram_resp_rdata_i = out.resp_rdata;
    dut.fall();  // falling edge + the new inputs (the first time: just the inputs)
    DramPortIn in;
    in.req_valid = dut->dram_req_valid_o;
    in.req_addr = dut->dram_req_addr_o;
    in.req_write = dut->dram_req_write_o;
    in.req_wdata = dut->dram_req_wdata_o;
    in.req_wstrb = dut->dram_req_wstrb_o;
    in.resp_ready = dut->dram_resp_ready_o;
    port.step(in);
    dut.rise();
}

// Performance counter `i` (contract::PerfCounter) through perf_sel_i / perf_o. Only perf_o
// depends on perf_sel_i, so this may be called between cycles of a run.
template <class Model>
uint64_t read_counter(Dut<Model>& dut, int i) {
    dut->perf_sel_i = uint32_t(i);
    dut.eval();
    const uint64_t v = dut->perf_o;
    dut->perf_sel_i = 0;
    dut.eval();
    return v;
}

// Resets the accelerator, starts it on the command list at cmd_base and clocks it, with `dram`
// behind its memory port, until done (or max_cycles, or an assertion fails).
template <class Model>
AccelRunResult run_accelerator(Dut<Model>& dut, Dram& dram, uint64_t cmd_base,
                               const AccelRunOptions& opt = {}) {
    AccelRunResult res;
    const auto t0 = std::chrono::steady_clock::now();
    dut->start_i = 0;
    dut->cmd_base_i = uint32_t(cmd_base);
    dut->perf_sel_i = 0;
    dut.reset();
    const uint64_t start = dut.cycle();
    bool started = false;
    uint64_t next_progress = opt.progress_every;
    while (true) {
        clock_cycle(dut, dram, !started);
        started = true;
        const uint64_t done_cycles = dut.cycle() - start;
        if (dut->done_o) {
            res.done = true;
            break;
        }
        if (dut.failed()) break;
        if (done_cycles >= opt.max_cycles) {
            res.timed_out = true;
            break;
        }
        if (opt.progress && done_cycles >= next_progress) {
            opt.progress(done_cycles);
            next_progress += opt.progress_every;
        }
    }
    res.cycles = dut.cycle() - start;
    res.assertion_failed = dut.failed();
    res.status = dut->status_o;
    dut->start_i = 0;
    dut.eval();
    for (int i = 0; i < contract::kNumPerf; ++i) res.perf[i] = read_counter(dut, i);
    res.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
}

}  // namespace sim
