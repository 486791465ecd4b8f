// SPDX-License-Identifier: Apache-2.0
// Runs one job on a Verilated PE: feeds the filter, ifmap and psum streams with optional random
// back-pressure, collects the output psums and counts the PE's activity strobes.
#pragma once
#include <cstdint>
#include <random>
#include <vector>

#include "golden/numerics.hpp"
#include "sim/dut.hpp"
#include "sim/pe_job.hpp"
#include "sim/stream.hpp"

namespace sim {

// Probability per cycle that each stream offers / accepts a word (1.0 = no back-pressure).
struct StreamRates {
    double filt = 1.0, ifm = 1.0, psum_in = 1.0, psum_out = 1.0;
    // Probability that the psum source offers two words at once / the sink takes two.
    double psum_pair = 0.5;
};

struct PeEvents {
    uint64_t mac = 0, zero_skip = 0, filt_rd = 0, filt_wr = 0;
    uint64_t ifm_rd = 0, ifm_wr = 0, psum_rd = 0, psum_wr = 0;
};

// Adds this cycle's activity strobes (a PE's single bits, or the array's per-cycle counts).
template <class Model>
void add_events(PeEvents& e, const Model& m) {
    e.mac += m.ev_mac_o;
    e.zero_skip += m.ev_zero_skip_o;
    e.filt_rd += m.ev_filt_rd_o;
    e.filt_wr += m.ev_filt_wr_o;
    e.ifm_rd += m.ev_ifm_rd_o;
    e.ifm_wr += m.ev_ifm_wr_o;
    e.psum_rd += m.ev_psum_rd_o;
    e.psum_wr += m.ev_psum_wr_o;
}

// Ends one cycle of a job driver (PE or array) whose inputs are applied and outputs sampled:
// counts the activity strobes, clocks the model, drops start and lets the inputs settle. True
// when the job is over: done() holds after the edge, or the cycle budget is spent (then
// timed_out is set).
template <class Model, class Done>
bool end_job_cycle(Dut<Model>& dut, PeEvents& events, uint64_t start, uint64_t max_cycles,
                   bool& timed_out, Done&& done) {
    add_events(events, *dut);
    dut.tick();
    dut->start_i = 0;
    dut.eval();
    if (done()) return true;
    if (dut.cycle() - start > max_cycles) {
        timed_out = true;
        return true;
    }
    return false;
}

struct PeRunResult {
    std::vector<int64_t> psums;  // rows x F x p, sign-extended from AccWidth
    uint64_t cycles = 0;         // from start to the last psum leaving the PE
    PeEvents events;
    bool timed_out = false;
    bool assertion_failed = false;
};

template <class Model>
PeRunResult run_pe_job(Dut<Model>& dut, const PeJob& job, const compiler::HwConfig& hw,
                       const PeJobData& data, const StreamRates& rates, std::mt19937_64& rng,
                       uint64_t max_cycles) {
    const auto cfg = pe_cfg_word(job, hw).pack();
    for (int i = 0; i < 4; ++i) dut->cfg_i[i] = cfg[i];
    dut->psum_chain_i = 0;  // a lone PE: cfg's psum_in_en alone says whether psums come in

    StreamSource<uint64_t> filt(rng, rates.filt);
    StreamSource<int32_t> ifm(rng, rates.ifm);
    PairStreamSource<int64_t> pin(rng, rates.psum_in, rates.psum_pair);
    PairStreamSink<int64_t> pout(rng, rates.psum_out, rates.psum_pair);
    const auto fs = filter_network_words(filter_stream(job, data), hw.data_width);
    const auto is = ifmap_stream(job, data);
    filt.push(fs.begin(), fs.end());
    ifm.push(is.begin(), is.end());
    if (job.psum_in_en) pin.push(data.psum_in.begin(), data.psum_in.end());

    const size_t expected = size_t(job.rows) * job.F * job.p;
    const uint64_t data_mask = (uint64_t{1} << hw.data_width) - 1;
    const uint64_t acc_mask = (uint64_t{1} << hw.acc_width) - 1;
    PeRunResult res;
    const uint64_t start = dut.cycle();
    bool started = false;
    while (true) {
        bool fv, iv, pv, p2, pready, ptwo;
        uint64_t fd;
        int32_t id;
        int64_t pd, pd1;
        filt.drive(fv, fd);
        ifm.drive(iv, id);
        pin.drive(pv, p2, pd, pd1);
        pout.drive(pready, ptwo);
        dut->start_i = !started;
        dut->filt_valid_i = fv;
        dut->filt_data_i = fd;
        dut->ifm_valid_i = iv;
        dut->ifm_data_i = uint64_t(id) & data_mask;
        dut->psum_in_valid_i = pv;
        dut->psum_in_two_i = p2;
        dut->psum_in_data_i = uint64_t(pd) & acc_mask;
        dut->psum_in_data1_i = uint64_t(pd1) & acc_mask;
        dut->psum_out_ready_i = pready;
        dut->psum_out_take_two_i = ptwo && dut->psum_out_two_o;
        dut.eval();
        if (!started && dut->busy_o) break;  // cannot start: previous job still running
        filt.sample(dut->filt_ready_o);
        ifm.sample(dut->ifm_ready_o);
        pin.sample(dut->psum_in_ready_o);
        pout.sample(dut->psum_out_valid_o, dut->psum_out_take_two_i,
                    golden::wrap(int64_t(dut->psum_out_data_o), hw.acc_width),
                    golden::wrap(int64_t(dut->psum_out_data1_o), hw.acc_width));
        started = true;
        if (end_job_cycle(dut, res.events, start, max_cycles, res.timed_out,
                          [&] { return pout.received().size() >= expected && !dut->busy_o; }))
            break;
    }
    res.psums = pout.received();
    res.cycles = dut.cycle() - start;
    res.assertion_failed = dut.failed();
    return res;
}

}  // namespace sim
