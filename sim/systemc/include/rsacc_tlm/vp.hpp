// SPDX-License-Identifier: Apache-2.0
// The example virtual platform (docs/systemc.md): a host thread (VpHost) and the accelerator
// (rsacc_tlm on a Verilated model, any rsacc_top build) on a router, one TLM memory behind it
// that both use: the host loads images and reads ofmaps through it, the accelerator's DRAM
// port reads and writes it. Memory at 0, the accelerator's registers at accel_base.
//
//   host.socket -> bus.target;  bus.init[0] -> memory (0, memory size)
//                               bus.init[1] -> accel.regs (accel_base, contract::reg::kSize)
//   accel.dram -> memory;       accel.irq -> irq signal -> host.irq
#pragma once
#include <systemc>

#include <algorithm>
#include <utility>
#include <vector>

#include "rsacc_tlm/router.hpp"
#include "rsacc_tlm/rsacc_tlm.hpp"
#include "rsacc_tlm/tlm_memory.hpp"
#include "rsacc_tlm/vp_host.hpp"

namespace rsacc_tlm {

struct VpConfig {
    Config accel;  // clock, DRAM link rate and reads in flight, trace
    // Memory latency per read and per write, in clock periods (rsacc-sim's --dram-latency: a
    // read is presented this many cycles after the port accepted it). Writes are posted: the
    // accelerator does not wait for their latency, the host does.
    int64_t memory_latency_cycles = 100;
    uint64_t accel_base = 0x4000'0000;
};

template <class Model>
class VirtualPlatform {
public:
    // Elaborates the platform (once per process: SystemC cannot elaborate twice).
    VirtualPlatform(std::vector<VpJob> jobs, const VpConfig& cfg)
        : memory("memory", memory_bytes(jobs, cfg),
                 cfg.memory_latency_cycles * cfg.accel.clock_period,
                 cfg.memory_latency_cycles * cfg.accel.clock_period),
          bus("bus"),
          accel("accel", cfg.accel),
          host("host", std::move(jobs), cfg.accel_base, cfg.accel.clock_period, &accel.stats()),
          irq("irq") {
        bus.add_range("memory", 0, memory.size());
        bus.add_range("rsacc registers", cfg.accel_base, contract::reg::kSize);
        host.socket.bind(bus.target);
        bus.init.bind(memory.socket);
        bus.init.bind(accel.regs);
        accel.dram.bind(memory.socket);
        accel.irq.bind(irq);
        host.irq.bind(irq);
    }

    // Runs every job to the end; the results are host.results(), host.error().
    void run() { sc_core::sc_start(); }

    TlmMemory memory;
    Router bus;
    RsaccTlm<Model> accel;
    VpHost host;
    sc_core::sc_signal<bool> irq;

private:
    // Enough for the largest image, below the registers (std::invalid_argument otherwise).
    static uint64_t memory_bytes(const std::vector<VpJob>& jobs, const VpConfig& cfg) {
        uint64_t bytes = 4096;
        for (const auto& j : jobs)
            bytes = std::max(bytes, (j.program.dram_bytes + 4095) / 4096 * 4096);
        if (bytes > cfg.accel_base)
            throw std::invalid_argument("vp: the DRAM images do not fit below the register base");
        return bytes;
    }
};

}  // namespace rsacc_tlm
