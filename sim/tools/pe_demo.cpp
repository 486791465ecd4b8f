// SPDX-License-Identifier: Apache-2.0
// PE demo: one row-stationary row convolution on the Verilated PE, checked bit for bit against
// the golden engine. Prints a summary, writes a JSON report, optionally an FST trace.
#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <fmt/core.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "Vpe_d16.h"
#include "sim/pe_runner.hpp"

namespace sim {
// The report's "events": one key per activity strobe, named as PeEvents names it.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PeEvents, mac, zero_skip, filt_rd, filt_wr, ifm_rd, ifm_wr,
                                   psum_rd, psum_wr)
}  // namespace sim

int main(int argc, char** argv) {
    CLI::App app{
        "Run one row convolution on the row-stationary PE (16-bit Eyeriss v1 PE) and "
        "compare with the golden engine. Default: an AlexNet CONV1 row."};
    sim::PeJob job{11, 4, 16, 1, 55, 1, true};
    uint64_t seed = 1;
    double zero_fraction = 0.3, rate = 1.0;
    std::string waves, json_out = "reports/pe_demo.json";
    app.add_option("--S", job.S, "filter width")->check(CLI::PositiveNumber);
    app.add_option("--U", job.U, "horizontal stride")->check(CLI::PositiveNumber);
    app.add_option("--p", job.p, "filters interleaved")->check(CLI::PositiveNumber);
    app.add_option("--q", job.q, "channels interleaved")->check(CLI::PositiveNumber);
    app.add_option("--F", job.F, "output columns")->check(CLI::PositiveNumber);
    app.add_option("--rows", job.rows, "row convolutions with the same filters")
        ->check(CLI::PositiveNumber);
    app.add_option("--seed", seed, "random data seed");
    app.add_option("--zero-fraction", zero_fraction, "fraction of zero activations")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--stream-rate", rate, "probability per cycle that each FIFO moves a word")
        ->check(CLI::Range(0.01, 1.0));
    app.add_option("--waves", waves, "write an FST trace to this file (e.g. waves/pe_demo.fst)");
    app.add_option("--json", json_out, "JSON report path");
    CLI11_PARSE(app, argc, argv);

    const compiler::HwConfig hw;  // the contract defaults: matches Vpe_d16
    try {
        sim::pe_cfg_word(job, hw);
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return 2;
    }
    std::mt19937_64 rng(seed);
    const auto data = sim::random_pe_job_data(job, hw, rng, zero_fraction);
    sim::Dut<Vpe_d16> dut(sim::TraceOptions{waves});
    dut.reset();
    const auto t0 = std::chrono::steady_clock::now();
    const auto res = sim::run_pe_job(dut, job, hw, data, {rate, rate, rate, rate}, rng,
                                     100 * job.macs() + 100000);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto want = sim::expected_psums(job, hw, data);

    size_t mismatches = want.size() > res.psums.size() ? want.size() - res.psums.size() : 0;
    for (size_t i = 0; i < std::min(want.size(), res.psums.size()); ++i) {
        if (want[i] != res.psums[i]) {
            if (mismatches < 10)
                fmt::print("mismatch psum {} (row {}, col {}, filter {}): expected {} got {}\n", i,
                           i / (job.F * job.p), (i / job.p) % job.F, i % job.p, want[i],
                           res.psums[i]);
            ++mismatches;
        }
    }
    const bool pass = mismatches == 0 && !res.timed_out && !res.assertion_failed;
    const double util = double(job.macs()) / double(res.cycles);
    const auto& e = res.events;
    fmt::print("PE row convolution: S={} U={} p={} q={} F={} rows={} (W={}), seed {}\n", job.S,
               job.U, job.p, job.q, job.F, job.rows, job.W(), seed);
    fmt::print("  psums checked      {:>10}  mismatches {}\n", want.size(), mismatches);
    fmt::print("  cycles             {:>10}  (MACs {}, {:.1f} % of one MAC/cycle)\n", res.cycles,
               job.macs(), 100 * util);
    fmt::print("  multiplies done    {:>10}  zero-gated {} ({:.1f} %)\n", e.mac, e.zero_skip,
               100.0 * e.zero_skip / double(job.macs()));
    fmt::print("  filter spad rd/wr  {:>10} / {}\n", e.filt_rd, e.filt_wr);
    fmt::print("  ifmap spad rd/wr   {:>10} / {}\n", e.ifm_rd, e.ifm_wr);
    fmt::print("  psum spad rd/wr    {:>10} / {}\n", e.psum_rd, e.psum_wr);
    fmt::print("  simulation         {:>10.3f} s  ({:.0f} kHz)\n", wall,
               res.cycles / wall / 1000.0);
    if (res.timed_out) fmt::print("  TIMEOUT: the PE stopped making progress\n");
    if (res.assertion_failed) fmt::print("  ASSERTION FAILED (see messages above)\n");
    if (!waves.empty()) fmt::print("  waves              {}\n", waves);

    nlohmann::json j = {{"job",
                         {{"S", job.S},
                          {"U", job.U},
                          {"p", job.p},
                          {"q", job.q},
                          {"F", job.F},
                          {"rows", job.rows},
                          {"psum_in", job.psum_in_en}}},
                        {"seed", seed},
                        {"cycles", res.cycles},
                        {"macs", job.macs()},
                        {"utilization", util},
                        {"events", e},
                        {"mismatches", mismatches},
                        {"status", pass ? "PASS" : "FAIL"},
                        {"wall_seconds", wall},
                        {"sim_khz", res.cycles / wall / 1000.0}};
    if (!json_out.empty()) {
        std::filesystem::path p(json_out);
        if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
        std::ofstream(json_out) << j.dump(2) << "\n";
    }
    fmt::print("RESULT layer=pe_demo status={} cycles={} utilization={:.3f}\n",
               pass ? "PASS" : "FAIL", res.cycles, util);
    return pass ? 0 : 1;
}
