// SPDX-License-Identifier: Apache-2.0
// Runs one pass on a Verilated rtl/array/pe_array: applies the pass configuration, feeds the
// three tagged input streams (optionally with random stalls), collects the output psums.
#pragma once
#include <cstdint>
#include <random>
#include <vector>

#include "golden/numerics.hpp"
#include "sim/array_pass.hpp"
#include "sim/bits.hpp"
#include "sim/dut.hpp"
#include "sim/pe_runner.hpp"
#include "sim/stream.hpp"

namespace sim {

struct ArrayRunResult {
    std::vector<int64_t> out;  // psums in collector order, sign-extended
    uint64_t cycles = 0;       // start to last output
    PeEvents events;           // summed over all PEs
    bool timed_out = false;
    bool assertion_failed = false;
};

template <class Model>
void apply_pass_config(Dut<Model>& dut, const ArrayPassConfig& c) {
    constexpr int kIdW = 8;
    const auto cfg = c.pe.pack();
    for (int i = 0; i < 4; ++i) dut->cfg_i[i] = cfg[i];
    for (size_t i = 0; i < c.active.size(); ++i) {
        set_bits(dut->active_i, int(i), 1, c.active[i]);
        set_bits(dut->psum_from_below_i, int(i), 1, c.from_below[i]);
        set_bits(dut->slot_top_i, int(i), 1, c.slot_top[i]);
        set_bits(dut->filt_col_id_i, int(i) * kIdW, kIdW, c.filt_col_id[i]);
        set_bits(dut->ifm_col_id_i, int(i) * kIdW, kIdW, c.ifm_col_id[i]);
        set_bits(dut->psum_col_id_i, int(i) * kIdW, kIdW, c.psum_col_id[i]);
    }
    for (size_t y = 0; y < c.filt_row_id.size(); ++y) {
        set_bits(dut->filt_row_id_i, int(y) * kIdW, kIdW, c.filt_row_id[y]);
        set_bits(dut->ifm_row_id_i, int(y) * kIdW, kIdW, c.ifm_row_id[y]);
        set_bits(dut->psum_row_id_i, int(y) * kIdW, kIdW, c.psum_row_id[y]);
    }
}

template <class Model>
ArrayRunResult run_array_pass(Dut<Model>& dut, const ArrayPassConfig& c,
                              const std::vector<Tagged>& filt_words,
                              const std::vector<Tagged>& ifm_words,
                              const std::vector<Tagged>& psum_words, size_t outputs,
                              const golden::Numerics& nx, const StreamRates& rates,
                              std::mt19937_64& rng, uint64_t max_cycles) {
    apply_pass_config(dut, c);
    StreamSource<Tagged> filt(rng, rates.filt), ifm(rng, rates.ifm);
    // Two psums share a network transfer only when they go to the same PE.
    PairStreamSource<Tagged> pin(
        rng, rates.psum_in, rates.psum_pair,
        [](const Tagged& a, const Tagged& b) { return a.row == b.row && a.col == b.col; });
    PairStreamSink<int64_t> out(rng, rates.psum_out, rates.psum_pair);
    filt.push(filt_words.begin(), filt_words.end());
    ifm.push(ifm_words.begin(), ifm_words.end());
    pin.push(psum_words.begin(), psum_words.end());
    const uint64_t dmask = (uint64_t{1} << nx.data_width) - 1;
    const uint64_t amask = (uint64_t{1} << nx.acc_width) - 1;
    auto tag = [](const Tagged& w) { return (w.row << 8) | w.col; };

    ArrayRunResult res;
    const uint64_t start = dut.cycle();
    bool started = false;
    while (true) {
        bool fv, iv, pv, p2, oready, otwo;
        Tagged fw, iw, pw, pw1;
        filt.drive(fv, fw);
        ifm.drive(iv, iw);
        pin.drive(pv, p2, pw, pw1);
        out.drive(oready, otwo);
        dut->start_i = !started;
        dut->filt_valid_i = fv;
        dut->filt_tag_i = tag(fw);
        dut->filt_data_i = uint64_t(fw.data);
        dut->ifm_valid_i = iv;
        dut->ifm_tag_i = tag(iw);
        dut->ifm_data_i = uint64_t(iw.data) & dmask;
        dut->psum_valid_i = pv;
        dut->psum_tag_i = tag(pw);
        dut->psum_two_i = p2;
        dut->psum_data_i = uint64_t(pw.data) & amask;
        dut->psum_data1_i = uint64_t(pw1.data) & amask;
        dut->out_ready_i = oready;
        dut->out_take_two_i = otwo && dut->out_two_o;
        dut.eval();
        filt.sample(dut->filt_ready_o);
        ifm.sample(dut->ifm_ready_o);
        pin.sample(dut->psum_ready_o);
        out.sample(dut->out_valid_o, dut->out_take_two_i,
                   golden::wrap(int64_t(dut->out_data_o), nx.acc_width),
                   golden::wrap(int64_t(dut->out_data1_o), nx.acc_width));
        started = true;
        if (end_job_cycle(dut, res.events, start, max_cycles, res.timed_out,
                          [&] { return out.received().size() >= outputs && !dut->busy_o; }))
            break;
    }
    res.out = out.received();
    res.cycles = dut.cycle() - start;
    res.assertion_failed = dut.failed();
    return res;
}

}  // namespace sim
