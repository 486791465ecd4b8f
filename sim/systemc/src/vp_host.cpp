// SPDX-License-Identifier: Apache-2.0
#include "rsacc_tlm/vp_host.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <stdexcept>

#include "compiler/compare.hpp"
#include "compiler/rlc_image.hpp"
#include "rsacc/contract.hpp"
#include "rsacc_tlm/payload.hpp"

namespace rsacc_tlm {

namespace reg = contract::reg;

VpHost::VpHost(const sc_core::sc_module_name& name, std::vector<VpJob> jobs, uint64_t accel_base,
               sc_core::sc_time clock_period, const Stats* accel_stats)
    : sc_core::sc_module(name),
      socket("socket"),
      irq("irq"),
      jobs_(std::move(jobs)),
      accel_base_(accel_base),
      clock_period_(clock_period),
      accel_stats_(accel_stats) {
    SC_HAS_PROCESS(VpHost);
    SC_THREAD(run);
}

void VpHost::transfer(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, unsigned len) {
    tlm::tlm_generic_payload t;
    set_access(t, cmd, addr, data, len);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(t, delay);
    if (t.is_response_error())
        throw std::runtime_error(fmt::format("host: {} of {} bytes at {:#x}: {}",
                                             cmd == tlm::TLM_READ_COMMAND ? "read" : "write", len,
                                             addr, t.get_response_string()));
    sc_core::wait(delay);  // loosely timed, no quantum: the host's time is the platform's
}

uint32_t VpHost::read_reg(uint32_t offset) {
    uint32_t v = 0;
    transfer(tlm::TLM_READ_COMMAND, accel_base_ + offset, reinterpret_cast<uint8_t*>(&v), 4);
    return v;
}

void VpHost::write_reg(uint32_t offset, uint32_t value) {
    transfer(tlm::TLM_WRITE_COMMAND, accel_base_ + offset, reinterpret_cast<uint8_t*>(&value), 4);
}

VpJobResult VpHost::run_job(const VpJob& job) {
    const auto t0 = std::chrono::steady_clock::now();
    const compiler::LayerProgram& prog = job.program;
    VpJobResult res{sim::LayerOutcome{prog, {}, {}, {}}, {}, {}, 0, 0};
    if (read_reg(reg::kId) != reg::kIdValue)
        throw std::runtime_error("host: no rsacc accelerator at the register base (id mismatch)");

    // The image: memory below it zeroed first (an earlier job's data must not leak in), then
    // the commands and tensors.
    std::vector<uint8_t> zeros(prog.dram_bytes, 0);
    transfer(tlm::TLM_WRITE_COMMAND, 0, zeros.data(), unsigned(zeros.size()));
    compiler::DramImage image = prog.image(job.data.ifmap, job.data.filter, job.data.bias);
    for (auto& b : image.blocks)
        transfer(tlm::TLM_WRITE_COMMAND, b.addr, b.bytes.data(), unsigned(b.bytes.size()));
    if (prog.options.rlc)  // a compressed ifmap: the bytes its fills must read
        res.outcome.rlc_expected_ifmap_bytes = compiler::rlc_ifmap_fill_bytes(prog, image);

    if (prog.cmd_base > UINT32_MAX)
        throw std::runtime_error(
            fmt::format("host: command list at {:#x} is beyond the 32-bit "
                        "cmd_base register",
                        prog.cmd_base));
    write_reg(reg::kCmdBase, uint32_t(prog.cmd_base));
    write_reg(reg::kIrqEnable, reg::kIrqEnableDone.put(1) | reg::kIrqEnableError.put(1));
    const Stats before = *accel_stats_;
    res.started = sc_core::sc_time_stamp();
    write_reg(reg::kCtrl, reg::kCtrlStart.put(1));
    if (!irq.read()) sc_core::wait(irq.posedge_event());
    res.interrupted = sc_core::sc_time_stamp();

    const uint32_t status = read_reg(reg::kStatus);
    auto& run = res.outcome.run;
    for (int i = 0; i < contract::kNumPerf; ++i) {
        uint64_t v = 0;
        transfer(tlm::TLM_READ_COMMAND, accel_base_ + reg::kPerf + 8 * uint64_t(i),
                 reinterpret_cast<uint8_t*>(&v), 8);
        run.perf[i] = v;
    }
    write_reg(reg::kIrqStatus, reg::kIrqStatusDone.put(1) | reg::kIrqStatusError.put(1));
    const Stats after = *accel_stats_;
    res.irq_rises = after.irq_rises - before.irq_rises;

    // Cycles: the clock periods from the start write to the interrupt (rsacc-sim counts the
    // same: from the cycle start_i is high to the one done_o rises in).
    run.cycles = uint64_t((res.interrupted - res.started) / clock_period_ + 0.5);
    run.status = int(reg::kStatusCode.get(status));
    run.done = reg::kStatusDone.get(status) && !reg::kStatusDramError.get(status);
    run.assertion_failed = reg::kStatusAssertion.get(status);
    // DRAM traffic as the accelerator counted it, stalls as the port saw them.
    sim::DramStats& d = res.outcome.dram;
    for (int t = 0; t < contract::kNumDataTypes; ++t) {
        d.read_bytes[t] = run.perf[contract::kPerfDramRead + t] * contract::kBeatBytes;
        d.write_bytes[t] = run.perf[contract::kPerfDramWrite + t] * contract::kBeatBytes;
        d.read_beats += run.perf[contract::kPerfDramRead + t];
        d.write_beats += run.perf[contract::kPerfDramWrite + t];
    }
    d.cycles = run.cycles;
    d.req_stall_cycles = after.req_stall_cycles - before.req_stall_cycles;
    d.resp_stall_cycles = after.resp_stall_cycles - before.resp_stall_cycles;

    std::vector<uint8_t> ofmap(prog.ofmap_bytes());
    transfer(tlm::TLM_READ_COMMAND, prog.ofmap_base, ofmap.data(), unsigned(ofmap.size()));
    const golden::OutputStage out{prog.options.shift, prog.options.relu};
    res.outcome.check = compiler::compare_ofmaps(
        compiler::reference_ofmap(prog.layer, prog.hw, job.data, out), prog.read_ofmap(ofmap));
    run.wall_seconds = res.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
}

void VpHost::run() {
    try {
        for (const VpJob& job : jobs_) results_.push_back(run_job(job));
    } catch (const std::exception& e) {
        error_ = e.what();
    }
    // No sc_stop: with the host done nothing is scheduled (an idle accelerator waits for a
    // register write), so sc_start returns.
}

}  // namespace rsacc_tlm
