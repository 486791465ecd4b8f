// SPDX-License-Identifier: Apache-2.0
// rsacc_tlm and the example virtual platform (docs/systemc.md) on the small accelerator
// (Vrsacc_top_small, 4 x 5 PEs). SystemC elaborates once per process, so ctest runs each test
// case in a process of its own (tests/systemc/CMakeLists.txt); Catch2 runs inside sc_main.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <functional>

#include "Vrsacc_top_small.h"
#include "rsacc_tlm/payload.hpp"
#include "rsacc_tlm/vp.hpp"
#include "sim/layer_runner.hpp"
#include "small_hw.hpp"
#include "test_layers.hpp"
#include "test_seed.hpp"

using rsacc_tlm::VpJob;
namespace reg = contract::reg;

int sc_main(int argc, char** argv) { return Catch::Session().run(argc, argv); }
int main(int argc, char** argv) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);  // no banner in the log (before sc_main)
    return sc_core::sc_elab_and_sim(argc, argv);
}

namespace {

// Three layers of different shapes (batch, stride, padding, channels beyond one pass).
std::vector<VpJob> test_jobs(uint64_t seed) {
    const compiler::HwConfig hw = testutil::small_hw();
    std::mt19937_64 rng(seed);
    std::vector<VpJob> jobs;
    golden::LayerShape a = testutil::conv_layer("vp_a", 2, 3, 9, 9, 6, 3, 3);
    golden::LayerShape b = testutil::conv_layer("vp_b", 1, 8, 11, 11, 5, 3, 3);
    b.stride_v = b.stride_h = 2;
    b.pad_top = b.pad_bottom = b.pad_left = b.pad_right = 1;
    golden::LayerShape c = testutil::conv_layer("vp_c", 1, 12, 6, 7, 9, 1, 1);
    for (const auto& [L, relu] : {std::pair{a, true}, std::pair{b, false}, std::pair{c, true}}) {
        auto cl = testutil::compile_random(L, hw, rng, 0.3, testutil::options(true, relu));
        jobs.push_back({std::move(cl.prog), std::move(cl.data)});
    }
    return jobs;
}

// A test's own initiator on the platform's bus: `body` runs in an SC_THREAD; sc_start returns
// when it has ended (nothing else is scheduled then).
struct Probe : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<Probe> socket{"socket"};
    sc_core::sc_in<bool> irq{"irq"};
    std::function<void(Probe&)> body;
    std::string failure;  // an exception out of body
    explicit Probe(const sc_core::sc_module_name& n) : sc_core::sc_module(n) {
        SC_HAS_PROCESS(Probe);
        SC_THREAD(run);
    }
    void run() {
        try {
            body(*this);
        } catch (const std::exception& e) {
            failure = e.what();
        }
    }
    // The response status of one access (the time annotation waited for).
    tlm::tlm_response_status access(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len) {
        tlm::tlm_generic_payload t;
        rsacc_tlm::set_access(t, cmd, addr, data, len);
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        socket->b_transport(t, delay);
        sc_core::wait(delay);
        return t.get_response_status();
    }
    unsigned debug(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len) {
        tlm::tlm_generic_payload t;
        rsacc_tlm::set_access(t, cmd, addr, data, len);
        return socket->transport_dbg(t);
    }
};

constexpr uint64_t kRegs = 0x4000'0000;  // the registers' base on the probe platform
constexpr uint64_t kMemBytes = 1 << 20;

// Memory, bus, accelerator and a probe in the place of the host.
struct ProbePlatform {
    rsacc_tlm::TlmMemory memory{"memory", kMemBytes, sc_core::sc_time(500, sc_core::SC_NS),
                                sc_core::sc_time(500, sc_core::SC_NS)};
    rsacc_tlm::Router bus{"bus"};
    rsacc_tlm::RsaccTlm<Vrsacc_top_small> accel{"accel"};
    Probe probe{"probe"};
    sc_core::sc_signal<bool> irq{"irq"};
    uint64_t irq_rises = 0;
    ProbePlatform() {
        bus.add_range("memory", 0, kMemBytes);
        bus.add_range("regs", kRegs, reg::kSize);
        probe.socket.bind(bus.target);
        bus.init.bind(memory.socket);
        bus.init.bind(accel.regs);
        accel.dram.bind(memory.socket);
        accel.irq.bind(irq);
        probe.irq.bind(irq);
    }
};

uint32_t rd(Probe& p, uint32_t off) {
    uint32_t v = 0;
    REQUIRE(p.access(tlm::TLM_READ_COMMAND, kRegs + off, &v, 4) == tlm::TLM_OK_RESPONSE);
    return v;
}
void wr(Probe& p, uint32_t off, uint32_t v) {
    REQUIRE(p.access(tlm::TLM_WRITE_COMMAND, kRegs + off, &v, 4) == tlm::TLM_OK_RESPONSE);
}
// Writes a DRAM image's blocks into the memory.
void load(Probe& p, compiler::DramImage image) {
    for (auto& b : image.blocks)
        REQUIRE(p.access(tlm::TLM_WRITE_COMMAND, b.addr, b.bytes.data(),
                         unsigned(b.bytes.size())) == tlm::TLM_OK_RESPONSE);
}
// Starts the accelerator on the list at cmd_base and waits for the interrupt.
void run_and_wait(Probe& p, uint32_t cmd_base) {
    wr(p, reg::kCmdBase, cmd_base);
    wr(p, reg::kIrqEnable, reg::kIrqEnableDone.put(1) | reg::kIrqEnableError.put(1));
    wr(p, reg::kCtrl, reg::kCtrlStart.put(1));
    sc_core::wait(p.irq.posedge_event());
}

}  // namespace

TEST_CASE(
    "vp: layers on the virtual platform are bit-exact in rsacc-sim's cycles with one interrupt each",
    "[vp]") {
    const uint64_t seed = testutil::test_seed("vp layers");
    std::vector<VpJob> jobs = test_jobs(seed);
    const std::vector<VpJob> copy = jobs;
    rsacc_tlm::VirtualPlatform<Vrsacc_top_small> vp(std::move(jobs), {});
    vp.run();
    REQUIRE(vp.host.error() == "");
    const auto& results = vp.host.results();
    REQUIRE(results.size() == copy.size());
    for (size_t i = 0; i < copy.size(); ++i) {
        const auto& r = results[i];
        const auto& o = r.outcome;
        INFO(o.program.layer.name);
        CHECK(o.pass());
        CHECK(o.check.mismatches == 0);
        CHECK(o.check.expected.size() > 0);
        CHECK(r.irq_rises == 1);
        // rsacc-sim's harness on a fresh model and DRAM with the same data.
        const sim::LayerOutcome ref =
            sim::simulate_layer<Vrsacc_top_small>(copy[i].program, copy[i].data, sim::DramConfig{});
        REQUIRE(ref.pass());
        CHECK(o.run.cycles == ref.run.cycles);
        // The harness counts the cycle start_i is high in and the one done_o rises in.
        CHECK(o.run.cycles == o.run.perf[contract::kPerfCycles] + 2);
        CHECK(o.run.perf == ref.run.perf);
        CHECK(o.dram.to_json() == ref.dram.to_json());
        // SystemC time from the start write to the interrupt: the cycles at 5 ns.
        CHECK(r.interrupted - r.started == double(ref.run.cycles) * vp.accel.config().clock_period);
    }
    CHECK(vp.accel.stats().runs == copy.size());
    CHECK(vp.accel.stats().irq_rises == copy.size());
}

TEST_CASE("vp: registers through the target socket and TLM error responses for bad accesses",
          "[vp]") {
    ProbePlatform pf;
    pf.probe.body = [](Probe& p) {
        CHECK(rd(p, reg::kId) == reg::kIdValue);
        CHECK(rd(p, reg::kStatus) == 0);  // idle, nothing ran
        wr(p, reg::kCmdBase, 0x1230);
        CHECK(rd(p, reg::kCmdBase) == 0x1230);
        wr(p, reg::kIrqEnable, 0xffffffff);  // only the defined bits stick
        CHECK(rd(p, reg::kIrqEnable) == (reg::kIrqEnableDone.mask() | reg::kIrqEnableError.mask()));
        wr(p, reg::kIrqEnable, 0);
        CHECK(rd(p, reg::kCtrl) == 0);
        uint64_t perf = 1;
        CHECK(p.access(tlm::TLM_READ_COMMAND, kRegs + reg::kPerf, &perf, 8) ==
              tlm::TLM_OK_RESPONSE);
        CHECK(perf == 0);

        uint32_t v = 0;
        uint64_t w = 0;
        // Not in the map, inside the window and beyond it (the router's answer).
        CHECK(p.access(tlm::TLM_READ_COMMAND, kRegs + 0x80, &v, 4) ==
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
        CHECK(p.access(tlm::TLM_WRITE_COMMAND, kRegs + 0xffc, &v, 4) ==
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
        CHECK(p.access(tlm::TLM_READ_COMMAND, kRegs + reg::kSize, &v, 4) ==
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
        CHECK(p.access(tlm::TLM_READ_COMMAND, kMemBytes, &v, 4) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
        // Misaligned, or not 4 bytes, on a register.
        CHECK(p.access(tlm::TLM_READ_COMMAND, kRegs + reg::kStatus + 2, &v, 4) ==
              tlm::TLM_BURST_ERROR_RESPONSE);
        CHECK(p.access(tlm::TLM_READ_COMMAND, kRegs + reg::kStatus, &w, 8) ==
              tlm::TLM_BURST_ERROR_RESPONSE);
        // Writes to read-only registers and counters; a misaligned counter read.
        CHECK(p.access(tlm::TLM_WRITE_COMMAND, kRegs + reg::kId, &v, 4) ==
              tlm::TLM_COMMAND_ERROR_RESPONSE);
        CHECK(p.access(tlm::TLM_WRITE_COMMAND, kRegs + reg::kStatus, &v, 4) ==
              tlm::TLM_COMMAND_ERROR_RESPONSE);
        CHECK(p.access(tlm::TLM_WRITE_COMMAND, kRegs + reg::kPerf, &w, 8) ==
              tlm::TLM_COMMAND_ERROR_RESPONSE);
        CHECK(p.access(tlm::TLM_READ_COMMAND, kRegs + reg::kPerf + 4, &w, 8) ==
              tlm::TLM_COMMAND_ERROR_RESPONSE);
        CHECK(rd(p, reg::kId) == reg::kIdValue);  // still answering

        // The debug transport: reads without side effects, no start or acknowledge.
        uint32_t id = 0;
        CHECK(p.debug(tlm::TLM_READ_COMMAND, kRegs + reg::kId, &id, 4) == 4);
        CHECK(id == reg::kIdValue);
        uint32_t base = 0x40;
        CHECK(p.debug(tlm::TLM_WRITE_COMMAND, kRegs + reg::kCmdBase, &base, 4) == 4);
        CHECK(rd(p, reg::kCmdBase) == 0x40);
        uint32_t start = reg::kCtrlStart.put(1);
        CHECK(p.debug(tlm::TLM_WRITE_COMMAND, kRegs + reg::kCtrl, &start, 4) == 0);
        uint32_t all = 3;
        CHECK(p.debug(tlm::TLM_WRITE_COMMAND, kRegs + reg::kIrqEnable, &all, 4) == 0);
        CHECK(p.debug(tlm::TLM_WRITE_COMMAND, kRegs + reg::kIrqStatus, &all, 4) == 0);
        CHECK(rd(p, reg::kIrqEnable) == 0);
        CHECK(p.debug(tlm::TLM_READ_COMMAND, kRegs + 0x80, &id, 4) == 0);
        sc_core::wait(100, sc_core::SC_NS);
        CHECK(rd(p, reg::kStatus) == 0);  // the debug start did not start anything
    };
    sc_core::sc_start();
    CHECK(pf.probe.failure == "");
}

TEST_CASE("vp: failing runs raise the error interrupt and a reset recovers for the next run",
          "[vp]") {
    const uint64_t seed = testutil::test_seed("vp errors");
    std::vector<VpJob> jobs = test_jobs(seed);
    const VpJob& job = jobs[1];
    ProbePlatform pf;
    pf.probe.body = [&](Probe& p) {
        // 1. A list without OpEnd: zeroed memory has a header of zero commands.
        run_and_wait(p, 0x100);
        uint32_t st = rd(p, reg::kStatus);
        CHECK(reg::kStatusDone.get(st) == 1);
        CHECK(reg::kStatusCode.get(st) == uint32_t(contract::Status::NoEnd));
        CHECK(rd(p, reg::kIrqStatus) == (reg::kIrqStatusDone.put(1) | reg::kIrqStatusError.put(1)));
        wr(p, reg::kIrqStatus, reg::kIrqStatusDone.put(1));  // write 1 to clear: one bit
        CHECK(rd(p, reg::kIrqStatus) == reg::kIrqStatusError.put(1));
        CHECK(p.irq.read());
        wr(p, reg::kIrqStatus, reg::kIrqStatusError.put(1));
        CHECK(!p.irq.read());

        // 2. A command list beyond the memory: the fetch gets an address error response.
        run_and_wait(p, uint32_t(kMemBytes + 0x1000));
        st = rd(p, reg::kStatus);
        CHECK(reg::kStatusDramError.get(st) == 1);
        CHECK(reg::kStatusBusy.get(st) == 1);  // stopped mid-run
        CHECK(rd(p, reg::kIrqStatus) & reg::kIrqStatusError.mask());
        CHECK(pf.accel.dram_error_text().find("ADDRESS_ERROR") != std::string::npos);
        wr(p, reg::kCtrl, reg::kCtrlStart.put(1));  // ignored while busy
        sc_core::wait(1, sc_core::SC_US);
        CHECK(pf.accel.stats().runs == 2);
        wr(p, reg::kIrqStatus, 3);

        // 3. An RTL assertion (a drain command with a zero DRAM pitch, as test_ctrl breaks it):
        //    the run stops with status.assertion and the error interrupt.
        wr(p, reg::kCtrl, reg::kCtrlReset.put(1));
        sc_core::wait(100, sc_core::SC_NS);
        compiler::LayerProgram broken = job.program;
        REQUIRE(testutil::for_each_command<contract::DrainCmd>(
                    broken, [](contract::DrainCmd& c) { c.pitch = 0; }) > 0);
        load(p, broken.image(job.data.ifmap, job.data.filter, job.data.bias));
        run_and_wait(p, uint32_t(broken.cmd_base));
        st = rd(p, reg::kStatus);
        CHECK(reg::kStatusAssertion.get(st) == 1);
        CHECK(reg::kStatusDramError.get(st) == 0);
        CHECK(rd(p, reg::kIrqStatus) & reg::kIrqStatusError.mask());
        wr(p, reg::kIrqStatus, 3);

        // 4. Reset clears the flags; then the real layer: bit-exact.
        wr(p, reg::kCtrl, reg::kCtrlReset.put(1));
        sc_core::wait(100, sc_core::SC_NS);
        CHECK(rd(p, reg::kStatus) == 0);
        load(p, job.program.image(job.data.ifmap, job.data.filter, job.data.bias));
        const uint64_t rises = pf.accel.stats().irq_rises;
        run_and_wait(p, uint32_t(job.program.cmd_base));
        st = rd(p, reg::kStatus);
        CHECK(st == reg::kStatusDone.put(1));  // ok, not busy, no error
        CHECK(rd(p, reg::kIrqStatus) == reg::kIrqStatusDone.put(1));
        CHECK(pf.accel.stats().irq_rises == rises + 1);
        std::vector<uint8_t> ofmap(job.program.ofmap_bytes());
        REQUIRE(p.access(tlm::TLM_READ_COMMAND, job.program.ofmap_base, ofmap.data(),
                         unsigned(ofmap.size())) == tlm::TLM_OK_RESPONSE);
        const auto check = compiler::compare_ofmaps(
            compiler::reference_ofmap(job.program.layer, job.program.hw, job.data,
                                      {job.program.options.shift, job.program.options.relu}),
            job.program.read_ofmap(ofmap));
        CHECK(check.mismatches == 0);
    };
    sc_core::sc_start();
    CHECK(pf.probe.failure == "");
}
