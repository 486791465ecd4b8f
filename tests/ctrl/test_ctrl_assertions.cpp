// SPDX-License-Identifier: Apache-2.0
// The controller blocks' assertions fire (docs/architecture.md, "Assertions"). Each test compiles
// a real layer for the small accelerator (4 x 5 PEs, 16 KB buffer), corrupts one command field
// (or the list's header) so that exactly one block breaks its invariant, and checks that the run
// fails on an assertion of that block: the run reports assertion_failed and does not pass, and
// every "Assertion failed" line Verilator printed names that block's instance and its message
// names the block. The corruptions are malformed input the hardware would otherwise accept
// silently (most of them wrap an address register and run to the end).
#include <catch2/catch.hpp>
#include <cstdio>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "Vrsacc_top_small.h"
#include "sim/layer_runner.hpp"
#include "small_hw.hpp"
#include "test_layers.hpp"
#include "test_seed.hpp"

using namespace sim;
using namespace compiler;
using testutil::for_each_command;
using testutil::small_hw;

namespace {

// Everything written to stdout and stderr (Verilator prints assertion failures with printf)
// while it lives goes to a temporary file; text() restores both and returns what was written.
class CapturedOutput {
public:
    CapturedOutput() {
        std::fflush(stdout);
        std::fflush(stderr);
        file_ = std::tmpfile();
        REQUIRE(file_ != nullptr);
        saved_out_ = dup(1);
        saved_err_ = dup(2);
        dup2(fileno(file_), 1);
        dup2(fileno(file_), 2);
    }
    ~CapturedOutput() {
        restore();
        if (file_) std::fclose(file_);
    }
    CapturedOutput(const CapturedOutput&) = delete;
    CapturedOutput& operator=(const CapturedOutput&) = delete;

    std::string text() {
        restore();
        std::string s;
        std::rewind(file_);
        char buf[4096];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, file_)) > 0) s.append(buf, n);
        return s;
    }

private:
    void restore() {
        if (saved_out_ < 0) return;
        std::fflush(stdout);
        std::fflush(stderr);
        dup2(saved_out_, 1);
        dup2(saved_err_, 2);
        close(saved_out_);
        close(saved_err_);
        saved_out_ = saved_err_ = -1;
    }
    std::FILE* file_ = nullptr;
    int saved_out_ = -1, saved_err_ = -1;
};

struct Run {
    LayerOutcome o;
    std::string log;  // what the model printed
};

// simulate_layer(), with a hook that may alter the DRAM image after it is loaded, and the
// model's output captured.
Run run(const LayerProgram& prog, const LayerData& data,
        const std::function<void(Dram&)>& tamper = {}) {
    Run r{{prog, {}, {}, {}}, {}};
    DramConfig dcfg;
    dcfg.size_bytes = prog.dram_bytes;
    Dram dram(dcfg);
    dram.load(prog.image(data.ifmap, data.filter, data.bias));
    if (tamper) tamper(dram);
    AccelRunOptions ro;
    ro.max_cycles = 200'000;
    {
        CapturedOutput cap;
        {
            Dut<Vrsacc_top_small> dut;
            r.o.run = run_accelerator(dut, dram, prog.cmd_base, ro);
        }
        r.log = cap.text();
    }
    const golden::Numerics nx{prog.hw.data_width, prog.hw.acc_width};
    const golden::OutputStage out{prog.options.shift, prog.options.relu};
    r.o.check =
        compare_ofmaps(golden::run_layer(prog.layer, nx, data.ifmap, data.filter, data.bias, out),
                       read_ofmap(prog, dram));
    return r;
}

std::vector<std::string> assertion_lines(const std::string& log) {
    std::vector<std::string> lines;
    std::istringstream is(log);
    for (std::string line; std::getline(is, line);)
        if (line.find("Assertion failed in") != std::string::npos) lines.push_back(line);
    return lines;
}

// The run failed on assertions of one block only: instance `inst` (e.g. "u_fill"), module name
// `module` at the start of each message, and among them the check `check`.
void require_fired(const Run& r, const std::string& inst, const std::string& module,
                   const std::string& check) {
    INFO("model output:\n" << r.log);
    CHECK(r.o.run.assertion_failed);
    CHECK_FALSE(r.o.pass());
    const auto lines = assertion_lines(r.log);
    REQUIRE_FALSE(lines.empty());
    bool found = false;
    for (const auto& line : lines) {
        CAPTURE(line);
        CHECK(line.find(".rsacc_top." + inst + ".a_") != std::string::npos);
        CHECK(line.find(": " + module + ": ") != std::string::npos);
        found = found || line.find("." + inst + "." + check + ":") != std::string::npos;
    }
    CHECK(found);
}

// A layer whose first pass streams filters, ifmap and biases (bias on), with a fill of each, one
// pass per filter chunk and a drain per pass.
testutil::CompiledLayer layer(const char* what) {
    std::mt19937_64 rng(testutil::test_seed(what));
    return testutil::compile_random(testutil::conv_layer("ctrl_assert", 1, 2, 6, 6, 3, 3, 3),
                                    small_hw(), rng, 0.2, testutil::options(true, false));
}
using contract::DrainCmd;
using contract::FillCmd;
using contract::PassCmd;

// Far beyond any buffer: the blocks' AddrW-bit address registers would wrap onto real words.
constexpr uint32_t kBeyond = 1u << 16;

// The layer (seed printed as "ctrl <module>") with `corrupt` applied to each of its commands of
// kind Cmd (it has some) fails on assertions of block `module` (instance `inst`) only, among them
// `check`.
template <class Cmd>
void require_corruption_fires(const std::function<void(Cmd&)>& corrupt, const std::string& inst,
                              const std::string& module, const std::string& check) {
    auto l = layer(("ctrl " + module).c_str());
    REQUIRE(for_each_command<Cmd>(l.prog, corrupt) > 0);
    require_fired(run(l.prog, l.data), inst, module, check);
}

}  // namespace

TEST_CASE("the uncorrupted layer passes and prints no assertion", "[ctrl][assert]") {
    auto l = layer("ctrl control");
    const auto r = run(l.prog, l.data);
    INFO("model output:\n" << r.log);
    CHECK(r.o.pass());
    CHECK(assertion_lines(r.log).empty());
}

TEST_CASE("fill_dma: a fill beyond the buffer fires its assertion", "[ctrl][assert]") {
    bool first = true;
    require_corruption_fires<FillCmd>(
        [&](FillCmd& c) {
            if (first) c.glb += kBeyond;  // buffer word address
            first = false;
        },
        "u_fill", "fill_dma", "a_glb_extent");
}

TEST_CASE("drain_dma: an ofmap row wider than the DRAM pitch fires its assertion",
          "[ctrl][assert]") {
    require_corruption_fires<DrainCmd>([](DrainCmd& c) { c.pitch = 0; }, "u_drain", "drain_dma",
                                       "a_row_fits");
}

TEST_CASE("cmd_fetch: a header count that overflows the word counter fires its assertion",
          "[ctrl][assert]") {
    auto l = layer("ctrl cmd_fetch");
    // 2^29 more commands: times 8 words the count wraps to the real list, which would then run.
    const auto tamper = [&](Dram& dram) {
        const uint64_t header = dram.read_beat(l.prog.cmd_base) + (uint64_t{1} << 29);
        std::vector<uint8_t> bytes(8);
        for (int i = 0; i < 8; ++i) bytes[size_t(i)] = uint8_t(header >> (8 * i));
        dram.write_bytes(l.prog.cmd_base, bytes);
    };
    require_fired(run(l.prog, l.data, tamper), "u_fetch", "cmd_fetch", "a_count_fits");
}

TEST_CASE("filter_streamer: a filter block beyond the buffer fires its assertion",
          "[ctrl][assert]") {
    require_corruption_fires<PassCmd>([](PassCmd& c) { c.filt_base += kBeyond; }, "u_fstream",
                                      "filter_streamer", "a_glb_extent");
}

TEST_CASE("ifmap_streamer: a tile pitch narrower than the ifmap fires its assertion",
          "[ctrl][assert]") {
    // One element per tile row (W = 6): column 1 would be read from the next row.
    require_corruption_fires<PassCmd>([](PassCmd& c) { c.pitch = 1; }, "u_istream",
                                      "ifmap_streamer", "a_tile_col");
}

TEST_CASE("psum_streamer: biases beyond the buffer fire its assertion", "[ctrl][assert]") {
    require_corruption_fires<PassCmd>([](PassCmd& c) { c.bias_base += kBeyond; }, "u_pstream",
                                      "psum_streamer", "a_bias_extent");
}

TEST_CASE("out_writer: an output region beyond the buffer fires its assertion", "[ctrl][assert]") {
    require_corruption_fires<PassCmd>([](PassCmd& c) { c.out_base += kBeyond; }, "u_writer",
                                      "out_writer", "a_glb_extent");
}

TEST_CASE("pass_ids: more slots than the array has fires its assertion", "[ctrl][assert]") {
    // t = 6 filter groups: e*t >= 6 slots, the 4 x 5 array has at most 5 of height R = 3.
    require_corruption_fires<PassCmd>([](PassCmd& c) { c.t = 6; }, "u_ids", "pass_ids",
                                      "a_slots_fit");
}
