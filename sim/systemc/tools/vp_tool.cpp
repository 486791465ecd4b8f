// SPDX-License-Identifier: Apache-2.0
// rsacc-vp: layers on the example SystemC/TLM-2.0 virtual platform (docs/systemc.md). The host
// thread maps and compiles each layer with the compiler library, writes the DRAM image through
// its initiator socket, starts the accelerator (rsacc_tlm around this build's Verilated model)
// through its registers, sleeps until the interrupt, reads the ofmap and compares it with the
// golden engine. Several layers run one after another on the same platform, without a reset.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <random>

#include "Vrsacc_top.h"
#include "golden/topology.hpp"
#include "rsacc_tlm/vp.hpp"
#include "sim/built_hw.hpp"
#include "sim/cli_checks.hpp"
#include "sim/output_files.hpp"

namespace {

struct Request {
    std::vector<std::string> layers, topologies;
    int batch = 0;
    uint64_t seed = 1;
    int64_t latency = sim::DramConfig{}.latency_cycles;
    double bytes_per_cycle = sim::DramConfig{}.bytes_per_cycle;
    std::string report_dir = "reports/vp";
};

}  // namespace

int sc_main(int argc, char** argv) {
    compiler::HwConfig hw = sim::built_hw();
    CLI::App app{fmt::format(
        "Run CNN layers on the SystemC/TLM-2.0 virtual platform: a host thread, a TLM memory and "
        "the accelerator ({} x {} PEs, {} KB, {}-bit data) as rsacc_tlm; each layer is compared "
        "with the golden engine.",
        hw.rows, hw.cols, hw.glb_bytes / 1024, hw.data_width)};
    Request q;
    app.add_option("layers", q.layers,
                   "layer names from the zoo or --topology, run in this order (e.g. alexnet_conv1)")
        ->required();
    app.add_option("--topology", q.topologies,
                   "topology CSV file to search before the zoo (repeatable, one file each)")
        ->allow_extra_args(false);
    app.add_option("--batch", q.batch, "batch size N (default: the CSV's, i.e. 1)")
        ->check(CLI::Range(1, 65535));
    app.add_option("--seed", q.seed, "seed of the random data (layer i uses seed + i)")
        ->check(sim::cli::unsigned_in(0, UINT64_MAX));
    app.add_option("--dram-latency", q.latency,
                   "TLM memory latency in clock cycles (rsacc-sim's --dram-latency)")
        ->check(CLI::Range(int64_t{1}, int64_t{1000000}));
    app.add_option("--dram-bandwidth", q.bytes_per_cycle,
                   "DRAM port link rate in bytes per clock cycle (rsacc-sim's --dram-bandwidth)")
        ->check(sim::cli::finite_in(0.01, 8.0));
    app.add_option("--report-dir", q.report_dir, "directory of vp.json");
    sim::cli::one_line_errors(app);
    CLI11_PARSE(app, argc, argv);

    try {
        const std::string report = sim::output_in_dir(q.report_dir, "vp.json", "--report-dir");
        sim::prepare_output(report, "report");
        sim::remove_stale_output(report);

        // Every layer compiled before the platform is built: a bad name or a layer that does not
        // map fails here, in one line.
        std::vector<rsacc_tlm::VpJob> jobs;
        const golden::Numerics nx{hw.data_width, hw.acc_width};
        hw.dram_bytes_per_cycle = q.bytes_per_cycle;
        for (size_t i = 0; i < q.layers.size(); ++i) {
            golden::check_layer_name(q.layers[i]);
            std::vector<std::string> warnings;
            const golden::LayerShape L =
                golden::lookup_layer(q.layers[i], q.topologies, q.batch ? q.batch : 1, &warnings)
                    .layer;
            for (const auto& w : warnings) fmt::print(stderr, "warning: {}\n", w);
            const compiler::Mapping mapping = compiler::map_layer(L, hw);
            compiler::LayerOptions opt;
            opt.bias = true;
            std::mt19937_64 rng(q.seed + i);
            compiler::LayerData data = compiler::random_layer_data(L, nx, opt.bias, 0.3, rng);
            opt.shift = compiler::auto_shift(L, nx, data);
            jobs.push_back({compiler::compile_layer(L, mapping, hw, opt), std::move(data)});
        }

        rsacc_tlm::VpConfig cfg;
        cfg.memory_latency_cycles = q.latency;
        cfg.accel.link.bytes_per_cycle = q.bytes_per_cycle;
        const auto t0 = std::chrono::steady_clock::now();
        rsacc_tlm::VirtualPlatform<Vrsacc_top> vp(std::move(jobs), cfg);
        vp.run();
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!vp.host.error().empty()) throw std::runtime_error(vp.host.error());

        const compiler::EnergyCosts costs;
        nlohmann::json j;
        j["platform"] = {
            {"systemc_time_ns", sc_core::sc_time_stamp().to_seconds() * 1e9},
            {"clock_period_ns", cfg.accel.clock_period.to_seconds() * 1e9},
            {"memory_latency_cycles", q.latency},
            {"link_bytes_per_cycle", q.bytes_per_cycle},
            {"wall_seconds", wall},
            {"model_seconds", vp.accel.model_seconds()},
            {"accel_cycles", vp.accel.stats().cycles},
            {"dram_transactions", vp.accel.stats().dram_reads + vp.accel.stats().dram_writes}};
        bool pass = true;
        for (const auto& r : vp.host.results()) {
            const auto& o = r.outcome;
            nlohmann::json lj = sim::layer_report(o, costs);
            lj["systemc"] = {{"started_ns", r.started.to_seconds() * 1e9},
                             {"interrupted_ns", r.interrupted.to_seconds() * 1e9},
                             {"interrupts", r.irq_rises},
                             {"wall_seconds", r.wall_seconds}};
            const bool ok = o.pass() && r.irq_rises == 1;
            pass = pass && ok;
            fmt::print(
                "{}: {} ofmap values, {} mismatches; DRAM {} B; started at {:.1f} ns, "
                "interrupt at {:.1f} ns ({}); {:.2f} s\n",
                o.program.layer.name, o.check.expected.size(), o.check.mismatches,
                o.dram.beats() * contract::kBeatBytes, r.started.to_seconds() * 1e9,
                r.interrupted.to_seconds() * 1e9,
                r.irq_rises == 1 ? std::string("once")
                                 : fmt::format("{} times: expected once", r.irq_rises),
                r.wall_seconds);
            fmt::print("{}\n", sim::result_line(o, lj));
            j["layers"].push_back(lj);
        }
        j["status"] = pass ? "PASS" : "FAIL";
        sim::write_file_atomic(report, j.dump(2) + "\n");
        fmt::print("VP systemc_time={:.3f} us wall={:.2f} s (model {:.2f} s) report {}\n",
                   sc_core::sc_time_stamp().to_seconds() * 1e6, wall, vp.accel.model_seconds(),
                   report);
        return pass ? 0 : 1;
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return 2;
    }
}

// SystemC's banner would be a second line on stderr (an error is one line): off unless the user
// sets SYSTEMC_DISABLE_COPYRIGHT_MESSAGE. The library prints it before sc_main, so this main
// replaces the library's and hands over to it.
int main(int argc, char** argv) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    return sc_core::sc_elab_and_sim(argc, argv);
}
