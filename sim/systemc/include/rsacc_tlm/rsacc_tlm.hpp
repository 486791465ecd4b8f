// SPDX-License-Identifier: Apache-2.0
// rsacc_tlm: the accelerator as a SystemC/TLM-2.0 component for virtual platforms
// (docs/systemc.md). It wraps a Verilated C++ model of rtl/top/rsacc_top.sv (any build: the
// template parameter) and clocks it from an SC_THREAD, one wait() per clock period while a run
// is in progress and none while the accelerator is idle.
//
//   regs  TLM-2.0 target socket: the register map of contract::reg (docs/commands.md,
//         "Registers"), b_transport and transport_dbg.
//   dram  TLM-2.0 initiator socket: every request of the RTL's DRAM port becomes one 8-byte
//         b_transport (reads; writes with byte enables from the strobes), issued in the cycle the
//         port accepts it. The port's timing (link rate, reads in flight, in-order responses) is
//         sim::DramLink, the same model rsacc-sim's DRAM uses; a read's data is presented
//         ceil(annotated delay / clock period) cycles later (at least one).
//   irq   level interrupt: high while (irq_status & irq_enable) != 0.
//
// The target behind `dram` must return from b_transport without waiting (loosely timed); time a
// target spends in wait() stops the accelerator's clock for that long.
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "rsacc/contract.hpp"
#include "rsacc_tlm/payload.hpp"
#include "rsacc_tlm/rsacc_tlm_stats.hpp"
#include "sim/accel.hpp"
#include "sim/dram_link.hpp"
#include "sim/dut.hpp"

namespace rsacc_tlm {

struct Config {
    // One clock period; the contract's default clock (200 MHz) unless set.
    sc_core::sc_time clock_period{1e6 / contract::kDefaultClockMhz, sc_core::SC_PS};
    // Link rate and reads in flight of the DRAM port (stall injection is for sim::Dram's tests
    // only and must stay 0 here: the wrapper skips idle cycles).
    sim::DramLinkConfig link;
    sim::TraceOptions trace;  // an FST of the RTL (cycles counted from power-up)
    sim::PowerUp power_up;
};

template <class Model>
class RsaccTlm : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<RsaccTlm> regs;
    tlm_utils::simple_initiator_socket<RsaccTlm> dram;
    sc_core::sc_out<bool> irq;

    RsaccTlm(const sc_core::sc_module_name& name, const Config& cfg = {})
        : sc_core::sc_module(name),
          regs("regs"),
          dram("dram"),
          irq("irq"),
          cfg_(cfg),
          dut_(cfg.trace, cfg.power_up),
          port_(*this) {
        if (cfg_.link.stall_probability != 0)
            throw std::invalid_argument("rsacc_tlm: link.stall_probability must be 0");
        if (cfg_.clock_period <= sc_core::SC_ZERO_TIME)
            throw std::invalid_argument("rsacc_tlm: clock_period must be > 0");
        regs.register_b_transport(this, &RsaccTlm::b_transport);
        regs.register_transport_dbg(this, &RsaccTlm::transport_dbg);
        dut_->start_i = 0;
        dut_->perf_sel_i = 0;
        dut_->cmd_base_i = 0;
        dut_.reset();  // power-on reset, before time 0
        SC_HAS_PROCESS(RsaccTlm);
        SC_THREAD(clock_thread);
        SC_METHOD(drive_irq);
        sensitive << irq_changed_;
    }

    const Stats& stats() const { return stats_; }
    const Config& config() const { return cfg_; }
    // Why status.dram_error is set: the failing transaction and its response ("" otherwise).
    const std::string& dram_error_text() const { return error_text_; }
    // Wall time spent in the model's clock cycles (the rest of a VP's time is SystemC and the
    // platform's own).
    double model_seconds() const { return model_seconds_; }

private:
    // The DRAM port: sim::DramLink's timing, the data through the initiator socket.
    struct Port {
        explicit Port(RsaccTlm& owner) : self(owner), link(owner.cfg_.link) {}
        sim::DramPortOut outputs() const { return link.outputs(); }
        void step(const sim::DramPortIn& in) {
            const sim::DramPortOut o = link.outputs();
            if (in.req_valid && !o.req_ready) ++self.stats_.req_stall_cycles;
            if (o.resp_valid && !in.resp_ready) ++self.stats_.resp_stall_cycles;
            uint64_t data = 0;
            int64_t latency = 1;
            if (link.accepts(in) && !self.dram_error_) latency = self.transact(in, data);
            link.step(in, data, latency);
        }
        RsaccTlm& self;
        sim::DramLink link;
    };

    // One beat through `dram`; returns the read latency in cycles.
    int64_t transact(const sim::DramPortIn& in, uint64_t& data) {
        tlm::tlm_generic_payload t;
        std::array<uint8_t, 8> buf{}, enables{};
        set_access(t, in.req_write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, in.req_addr,
                   buf.data(), 8);
        if (in.req_write) {
            std::memcpy(buf.data(), &in.req_wdata, 8);  // little-endian host, as TLM's data
            for (int b = 0; b < 8; ++b)
                enables[b] = ((in.req_wstrb >> b) & 1) ? TLM_BYTE_ENABLED : TLM_BYTE_DISABLED;
            if (in.req_wstrb != 0xff) {
                t.set_byte_enable_ptr(enables.data());
                t.set_byte_enable_length(8);
            }
            ++stats_.dram_writes;
        } else {
            ++stats_.dram_reads;
        }
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        dram->b_transport(t, delay);
        if (t.is_response_error()) {
            dram_error_ = true;
            error_text_ = fmt::format("DRAM {} at {:#x}: {}", in.req_write ? "write" : "read",
                                      in.req_addr, t.get_response_string());
            return 1;
        }
        if (!in.req_write) std::memcpy(&data, buf.data(), 8);
        const double cycles = delay / cfg_.clock_period;
        return std::max<int64_t>(1, int64_t(std::ceil(cycles - 1e-9)));
    }

    void clock_thread() {
        while (true) {
            sc_core::wait(wake_);
            if (reset_pending_) do_reset();
            if (!start_pending_) continue;
            start_pending_ = false;
            // The link rested while the accelerator was idle and not clocked.
            const sc_core::sc_time now = sc_core::sc_time_stamp();
            port_.link.rest(uint64_t((now - idle_since_) / cfg_.clock_period));
            dut_->cmd_base_i = cmd_base_;
            ++stats_.runs;
            bool first = true;
            // done_o stays high from the last run until the RTL takes the start: the run ends
            // when it rises again.
            bool done_low = !dut_->done_o;
            while (true) {
                const auto t0 = std::chrono::steady_clock::now();
                sim::clock_cycle(dut_, port_, first);
                model_seconds_ +=
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                first = false;
                ++stats_.cycles;
                sc_core::wait(cfg_.clock_period);
                if (reset_pending_) break;
                done_low = done_low || !dut_->done_o;
                if ((done_low && dut_->done_o) || dut_.failed() || dram_error_) break;
            }
            dut_->start_i = 0;
            dut_.eval();
            idle_since_ = sc_core::sc_time_stamp();
            if (reset_pending_) {
                do_reset();
                continue;
            }
            irq_status_ |= contract::reg::kIrqStatusDone.put(1);
            if (dut_.failed() || dram_error_ || dut_->status_o != uint32_t(contract::Status::Ok))
                irq_status_ |= contract::reg::kIrqStatusError.put(1);
            update_irq();
        }
    }

    void do_reset() {
        reset_pending_ = false;
        dut_->start_i = 0;
        dut_.reset();  // two cycles with rst_ni low
        stats_.cycles += 2;
        dram_error_ = false;
        dut_.clear_failed();
        error_text_.clear();
        port_.link = sim::DramLink(cfg_.link);
        sc_core::wait(2 * cfg_.clock_period);
        idle_since_ = sc_core::sc_time_stamp();
    }

    void update_irq() {
        const bool level = (irq_status_ & irq_enable_) != 0;
        if (level && !irq_level_) ++stats_.irq_rises;
        irq_level_ = level;
        irq_changed_.notify(sc_core::SC_ZERO_TIME);  // one process drives irq: drive_irq
    }
    void drive_irq() { irq.write(irq_level_); }

    bool busy() { return dut_->busy_o || start_pending_; }

    uint32_t status_word() {
        namespace r = contract::reg;
        return r::kStatusBusy.put(busy()) | r::kStatusDone.put(dut_->done_o) |
               r::kStatusDramError.put(dram_error_) | r::kStatusAssertion.put(dut_.failed()) |
               r::kStatusCode.put(dut_->status_o);
    }

    // Register access; false for an address, size or command the map does not allow.
    bool access(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, unsigned len, bool debug,
                tlm::tlm_response_status& why) {
        namespace r = contract::reg;
        why = tlm::TLM_ADDRESS_ERROR_RESPONSE;
        if (addr >= r::kPerf && addr < r::kPerf + 8 * uint64_t(contract::kNumPerf)) {
            if (cmd != tlm::TLM_READ_COMMAND || (len != 4 && len != 8) || addr % len) {
                why = tlm::TLM_COMMAND_ERROR_RESPONSE;
                return false;
            }
            const uint64_t v = sim::read_counter(dut_, int((addr - r::kPerf) / 8));
            const uint64_t word = len == 8 ? v : (addr % 8 ? v >> 32 : v & 0xffffffffu);
            std::memcpy(data, &word, len);
            return true;
        }
        if (addr >= r::kSize) return false;
        if (len != 4 || addr % 4) {
            why = tlm::TLM_BURST_ERROR_RESPONSE;
            return false;
        }
        uint32_t v = 0;
        if (cmd == tlm::TLM_READ_COMMAND) {
            switch (addr) {
                case r::kId: v = r::kIdValue; break;
                case r::kCtrl: v = 0; break;
                case r::kStatus: v = status_word(); break;
                case r::kCmdBase: v = cmd_base_; break;
                case r::kIrqEnable: v = irq_enable_; break;
                case r::kIrqStatus: v = irq_status_; break;
                default: return false;
            }
            std::memcpy(data, &v, 4);
            return true;
        }
        if (cmd != tlm::TLM_WRITE_COMMAND) {
            why = tlm::TLM_COMMAND_ERROR_RESPONSE;
            return false;
        }
        std::memcpy(&v, data, 4);
        why = tlm::TLM_COMMAND_ERROR_RESPONSE;
        switch (addr) {
            case r::kId:
            case r::kStatus: return false;  // read-only
            case r::kCtrl:
                if (debug) return false;  // a debugger does not start or reset the hardware
                if (r::kCtrlReset.get(v)) {
                    reset_pending_ = true;
                    start_pending_ = false;
                    wake_.notify(sc_core::SC_ZERO_TIME);
                } else if (r::kCtrlStart.get(v) && !busy()) {
                    start_pending_ = true;
                    wake_.notify(sc_core::SC_ZERO_TIME);
                }
                return true;
            case r::kCmdBase: cmd_base_ = v; return true;
            case r::kIrqEnable:
                if (debug) return false;  // it would move the interrupt line
                irq_enable_ = v & (r::kIrqEnableDone.mask() | r::kIrqEnableError.mask());
                update_irq();
                return true;
            case r::kIrqStatus:
                if (debug) return false;
                irq_status_ &= ~v;
                update_irq();
                return true;
            default: why = tlm::TLM_ADDRESS_ERROR_RESPONSE; return false;
        }
    }

    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay) {
        if (t.get_byte_enable_ptr() || t.get_streaming_width() != t.get_data_length()) {
            t.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
            return;
        }
        tlm::tlm_response_status why;
        const bool ok = access(t.get_command(), t.get_address(), t.get_data_ptr(),
                               t.get_data_length(), false, why);
        t.set_response_status(ok ? tlm::TLM_OK_RESPONSE : why);
        delay += cfg_.clock_period;  // a register access takes one cycle
    }

    unsigned transport_dbg(tlm::tlm_generic_payload& t) {
        tlm::tlm_response_status why;
        return access(t.get_command(), t.get_address(), t.get_data_ptr(), t.get_data_length(), true,
                      why)
                   ? t.get_data_length()
                   : 0;
    }

    Config cfg_;
    sim::Dut<Model> dut_;
    Port port_;
    sc_core::sc_event wake_, irq_changed_;
    sc_core::sc_time idle_since_ = sc_core::SC_ZERO_TIME;
    bool start_pending_ = false, reset_pending_ = false;
    bool dram_error_ = false;
    std::string error_text_;
    uint32_t cmd_base_ = 0, irq_enable_ = 0, irq_status_ = 0;
    bool irq_level_ = false;
    Stats stats_;
    double model_seconds_ = 0;
};

}  // namespace rsacc_tlm
