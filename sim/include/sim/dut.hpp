// SPDX-License-Identifier: Apache-2.0
// RAII wrapper around a Verilated model: owns the context, the model and an optional FST trace
// restricted to a cycle window (tracing is slow; trace only what you will look at). Trace time is
// real time at the contract's default clock (contract::kDefaultClockMhz, 200 MHz): cycle c starts
// at c * kClockPeriodPs picoseconds, so a viewer shows 5 ns per cycle.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include <verilated.h>
#include <verilated_fst_c.h>

#include "sim/trace_time.hpp"

namespace sim {

struct TraceOptions {
    std::string path;              // empty: no trace
    uint64_t first_cycle = 0;      // first cycle written
    uint64_t cycles = UINT64_MAX;  // window length
};

// Power-up contents of every flop and memory. The models are built with --x-initial unique, so
// Verilator's rand-reset setting decides: all zeros by default, or random bits from a seed (the
// command-line equivalent is +verilator+rand+reset+2 +verilator+seed+S). Results must not depend
// on it: the reset has to initialise everything that matters.
struct PowerUp {
    bool random = false;
    uint32_t seed = 0;  // with random: Verilator's rand seed (0 would mean "pick one": not used)
};

template <class Model>
class Dut {
public:
    explicit Dut(const TraceOptions& trace = {}, const PowerUp& power_up = {})
        : ctx_(std::make_unique<VerilatedContext>()) {
        // A failing assertion ($error) is recorded, not fatal, so the test can report it.
        ctx_->fatalOnError(false);
        if (power_up.random) {  // before the model is built: its constructor sets the state
            ctx_->randReset(2);
            ctx_->randSeed(int(power_up.seed ? power_up.seed : 1));
        }
        ctx_->traceEverOn(!trace.path.empty());
        top_ = std::make_unique<Model>(ctx_.get(), "top");
        if (!trace.path.empty()) {
            std::filesystem::path p(trace.path);
            if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
            fst_ = std::make_unique<VerilatedFstC>();
            top_->trace(fst_.get(), 99);
            fst_->open(trace.path.c_str());
            if (!fst_->isOpen()) throw std::runtime_error("cannot open trace file " + trace.path);
            trace_first_ = trace.first_cycle;
            trace_last_ =
                trace.cycles == UINT64_MAX ? UINT64_MAX : trace.first_cycle + trace.cycles;
        }
        top_->clk_i = 0;
        top_->rst_ni = 1;
        top_->eval();
    }
    ~Dut() {
        make_current();  // Verilator erases the model's scopes from the current context
        if (fst_) fst_->close();
        top_->final();
    }
    Dut(const Dut&) = delete;
    Dut& operator=(const Dut&) = delete;

    Model& operator*() { return *top_; }
    Model* operator->() { return top_.get(); }

    // Settle combinational logic after inputs changed (clock low).
    void eval() {
        make_current();
        top_->eval();
    }

    // One full clock cycle: rising edge, then falling edge.
    void tick() {
        rise();
        fall();
    }

    // The same cycle split for a loop that changes inputs every cycle: rise() is the rising
    // edge; fall() lowers the clock and settles the inputs set since, in one evaluation
    // instead of tick()'s falling-edge evaluation plus a separate one for the new inputs.
    void rise() {
        make_current();
        top_->clk_i = 1;
        top_->eval();
        dump(cycle_, kClockPeriodPs / 2);
        ++cycle_;
    }
    void fall() {
        make_current();
        top_->clk_i = 0;
        top_->eval();
        dump(cycle_, 0);
    }

    // Asynchronous active-low reset held for `cycles` clocks.
    void reset(int cycles = 2) {
        top_->rst_ni = 0;
        eval();
        for (int i = 0; i < cycles; ++i) tick();
        top_->rst_ni = 1;
        eval();
    }

    uint64_t cycle() const { return cycle_; }
    // True once any assertion or $error fired.
    bool failed() const { return ctx_->gotError(); }
    // Forgets that (a reset of the hardware starts over).
    void clear_failed() { ctx_->gotError(false); }

private:
    // Several models may be alive at once (a virtual platform's next to a reference run), and
    // Verilator's runtime reports $error and assertions to the thread's current context, not the
    // model's: make this model's context current before it runs.
    void make_current() { Verilated::threadContextp(ctx_.get()); }

    // The clock rises half a period into the cycle (the falling edge that settles the inputs
    // starts it).
    void dump(uint64_t cycle, uint64_t offset_ps) {
        if (fst_ && cycle >= trace_first_ && cycle < trace_last_)
            fst_->dump(cycle * kClockPeriodPs + offset_ps);
    }

    std::unique_ptr<VerilatedContext> ctx_;
    std::unique_ptr<Model> top_;
    std::unique_ptr<VerilatedFstC> fst_;
    uint64_t cycle_ = 0;
    uint64_t trace_first_ = 0;
    uint64_t trace_last_ = 0;
};

}  // namespace sim
