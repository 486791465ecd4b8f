// rsacc-sim: one CNN layer on the Verilated accelerator (rtl/top), checked bit for bit against
// the golden engine. `make sim LAYER=...` runs it. The hardware configuration is the one this
// binary was built with (RSACC_ROWS x RSACC_COLS, RSACC_GLB_KB; RSACC_ASSERTIONS says whether the
// model checks its SVA); make sim builds one binary per configuration.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "Vrsacc_top.h"
#include "golden/topology.hpp"
#include "sim/layer_runner.hpp"
#include "sim/npy.hpp"

using namespace sim;

namespace {

ArrayConfig built_hw() {
    ArrayConfig hw;
    hw.rows = RSACC_ROWS;
    hw.cols = RSACC_COLS;
    hw.glb_bytes = int64_t{RSACC_GLB_KB} * 1024;
    return hw;
}

void write_text(const std::string& path, const std::string& text) {
    std::filesystem::path p(path);
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
    std::ofstream f(path);
    if (!f) throw std::runtime_error(fmt::format("{}: cannot open for writing", path));
    f << text;
}

std::string mb(uint64_t bytes) { return fmt::format("{:.3f} MB", bytes / 1e6); }

}  // namespace

int main(int argc, char** argv) {
    ArrayConfig hw = built_hw();
    CLI::App app{fmt::format(
        "Run one CNN layer on the row-stationary accelerator RTL ({} x {} PEs, {} KB global "
        "buffer, {}-bit data, {}-bit psums) and compare every ofmap value with the golden engine.",
        hw.rows, hw.cols, hw.glb_bytes / 1024, hw.data_width, hw.acc_width)};
    std::string layer_name, ifmap_path, filter_path, bias_path, ofmap_out, report_dir = "reports",
                                                                          energy_spec, waves_path;
    std::vector<std::string> topologies;
    int batch = 0, shift = -1, rows = 0, cols = 0;
    uint64_t seed = 1, waves_first = 0, waves_cycles = 20000, max_cycles = 4'000'000'000;
    double zero_fraction = 0.3;
    bool relu = false, no_bias = false, waves = false, quiet = false;
    DramConfig dcfg;
    app.add_option("layer,--layer", layer_name, "layer name from the zoo or --topology (e.g. alexnet_conv1)")
        ->required();
    app.add_option("--topology", topologies, "topology CSV file(s) to search instead of the zoo");
    app.add_option("--batch", batch, "batch size N (default: the CSV's, i.e. 1)")->check(CLI::Range(1, 65535));
    app.add_option("--rows", rows, "expected PE rows: must equal the built configuration");
    app.add_option("--cols", cols, "expected PE columns: must equal the built configuration");
    app.add_option("--seed", seed, "seed of the random data and DRAM stalls");
    app.add_option("--zero-fraction", zero_fraction, "fraction of zero values in random data")
        ->check(CLI::Range(0.0, 1.0));
    app.add_option("--ifmap", ifmap_path, ".npy ifmap N x C x H x W (instead of random data)");
    app.add_option("--filter", filter_path, ".npy filters M x C/G x R x S");
    app.add_option("--bias", bias_path, ".npy bias, M values");
    app.add_flag("--no-bias", no_bias, "random data without bias");
    app.add_option("--shift", shift, "requantisation shift (default: the smallest that avoids saturation)");
    app.add_flag("--relu", relu, "apply ReLU on the output");
    app.add_option("--ofmap-out", ofmap_out, "write the RTL's ofmap to this .npy file");
    app.add_option("--report-dir", report_dir, "directory of <layer>.json");
    app.add_option("--dram-latency", dcfg.latency_cycles, "DRAM read latency in cycles")->check(CLI::Range(1, 1000000));
    app.add_option("--dram-bandwidth", dcfg.bytes_per_cycle, "DRAM bytes per core cycle")->check(CLI::Range(0.01, 8.0));
    app.add_option("--dram-stall", dcfg.stall_probability, "probability of a random DRAM stall per cycle")
        ->check(CLI::Range(0.0, 0.99));
    app.add_option("--energy-costs", energy_spec, "per-access costs, e.g. dram=200,glb=6,noc=2,spad=1,mac=1");
    app.add_flag("--waves", waves, "write an FST trace (waves/<layer>.fst) over a cycle window");
    app.add_option("--waves-file", waves_path, "trace file (default waves/<layer>.fst)");
    app.add_option("--waves-start", waves_first, "first traced cycle");
    app.add_option("--waves-cycles", waves_cycles, "traced cycles");
    app.add_option("--max-cycles", max_cycles, "stop and fail after this many cycles");
    app.add_flag("--quiet", quiet, "no progress line");
    // One line per failure, like our own errors.
    app.failure_message([](const CLI::App*, const CLI::Error& e) {
        return fmt::format("error: {} (run with --help)\n", e.what());
    });
    CLI11_PARSE(app, argc, argv);

    try {
        if ((rows && rows != hw.rows) || (cols && cols != hw.cols))
            throw std::invalid_argument(fmt::format(
                "--rows/--cols {}x{} differ from this binary's {}x{} (make sim ROWS=.. COLS=.. builds "
                "the configuration)", rows ? rows : hw.rows, cols ? cols : hw.cols, hw.rows, hw.cols));
        if (filter_path.empty() != ifmap_path.empty())
            throw std::invalid_argument("--ifmap and --filter go together");
        const auto files = topologies.empty() ? golden::zoo_files() : topologies;
        golden::LayerShape L = golden::find_layer(layer_name, files, batch ? batch : 1);
        const golden::Numerics nx{hw.data_width, hw.acc_width};
        const EnergyCosts costs = EnergyCosts::parse(energy_spec);

        // Mapping first: a layer that cannot map fails here, before any simulation.
        hw.dram_bytes_per_cycle = dcfg.bytes_per_cycle;  // the mapper weighs DRAM time with it
        const Mapping mapping = map_layer(L, hw);

        LayerData data;
        std::mt19937_64 rng(seed);
        if (!ifmap_path.empty()) {
            data.ifmap = read_npy_tensor4(ifmap_path);
            data.filter = read_npy_tensor4(filter_path);
            if (!bias_path.empty()) data.bias = read_npy_vector(bias_path);
            golden::check_conv_inputs(L, nx, data.ifmap, data.filter, data.bias);
        } else {
            if (!bias_path.empty()) throw std::invalid_argument("--bias needs --ifmap and --filter");
            data = random_layer_data(L, nx, !no_bias, zero_fraction, rng);
        }
        LayerOptions opt;
        opt.bias = !data.bias.empty();
        opt.relu = relu;
        opt.shift = shift >= 0 ? shift : auto_shift(L, nx, data);
        const LayerProgram prog = compile_layer(L, mapping, hw, opt);

        fmt::print("{}: N={} C={} H={} W={} M={} R={} S={} stride {}x{} pad {},{},{},{} groups {} "
                   "-> E={} F={}, {} MACs\n",
                   L.name, L.N, L.C, L.H, L.W, L.M, L.R, L.S, L.stride_v, L.stride_h, L.pad_top,
                   L.pad_bottom, L.pad_left, L.pad_right, L.groups, L.E(), L.F(), L.macs());
        fmt::print("  hardware  {} x {} PEs, GLB {} KB, data {} bit, psum {} bit, exact MAC\n",
                   hw.rows, hw.cols, hw.glb_bytes / 1024, hw.data_width, hw.acc_width);
        fmt::print("  mapping   {}\n", mapping.to_string());
        fmt::print("  program   {} commands: {} passes, {} fills, {} drains; shift {}{}{}\n",
                   prog.commands.size(), prog.passes, prog.fills, prog.drains, opt.shift,
                   opt.relu ? ", ReLU" : "", opt.bias ? ", bias" : "");

        dcfg.seed = seed;
        TraceOptions trace;
        if (waves) {
            trace.path = waves_path.empty() ? fmt::format("waves/{}.fst", L.name) : waves_path;
            trace.first_cycle = waves_first;
            trace.cycles = waves_cycles;
        }
        AccelRunOptions ro;
        ro.max_cycles = max_cycles;
        const bool tty = !quiet && isatty(fileno(stderr));
        const auto t0 = std::chrono::steady_clock::now();
        const double est = double(std::max<int64_t>(mapping.cycles, 1));
        if (tty)
            ro.progress = [&](uint64_t c) {
                const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                const double khz = c / s / 1e3;
                const double eta = std::max(0.0, (est - double(c)) / (khz * 1e3));
                fmt::print(stderr, "\r  {:>12} cycles  {:>6.1f} kHz  ETA ~{:.0f} s (from the mapper's estimate)   ",
                           c, khz, eta);
            };
        const LayerOutcome o = simulate_layer<Vrsacc_top>(prog, data, dcfg, trace, ro);
        if (tty) fmt::print(stderr, "\r{:100}\r", "");

        auto j = layer_report(o, costs);
        j["sim_assertions"] = bool(RSACC_ASSERTIONS);  // SVA compiled into this model?
        const std::string report = fmt::format("{}/{}.json", report_dir, L.name);
        write_text(report, j.dump(2) + "\n");
        if (!ofmap_out.empty()) write_npy(ofmap_out, o.check.got, hw.data_width == 8 ? NpyDtype::Int8 : NpyDtype::Int16);

        const auto& perf = o.run.perf;
        // Utilization needs the whole layer done (null in the report otherwise).
        const bool finished = !j["utilization"].is_null();
        const double util = finished ? j["utilization"].get<double>() : 0.0;
        const std::string util_pct = finished ? fmt::format("{:.1f} %", 100 * util) : "n/a (unfinished)";
        fmt::print("  cycles    {} (ideal {}, {} utilization; mapper estimate {})\n", o.run.cycles,
                   j["ideal_cycles"].get<int64_t>(), util_pct, mapping.cycles);
        fmt::print("            fetch {} / fill {} / PE IDs {} / pass {} / drain {}\n",
                   perf[kPerfCyclesFetch], perf[kPerfCyclesFill], perf[kPerfCyclesIds],
                   perf[kPerfCyclesRun], perf[kPerfCyclesDrain]);
        fmt::print("  MACs      {} done + {} zero-gated (of {} layer MACs; the rest are padding "
                   "filters/channels of edge passes)\n",
                   perf[kPerfMac], perf[kPerfZeroSkip], L.macs());
        uint64_t rd = 0, wr = 0;
        std::string by_type;
        for (int t = 0; t < kDataTypes; ++t) {
            rd += perf[kPerfDramRead + t] * 8;
            wr += perf[kPerfDramWrite + t] * 8;
            if (perf[kPerfDramRead + t] + perf[kPerfDramWrite + t])
                by_type += fmt::format(" {} {}", to_string(DataType(t)),
                                       mb((perf[kPerfDramRead + t] + perf[kPerfDramWrite + t]) * 8));
        }
        fmt::print("  DRAM      read {} write {} ({} ) latency {} cycles, {} B/cycle, stall {}\n", mb(rd),
                   mb(wr), by_type, dcfg.latency_cycles, dcfg.bytes_per_cycle, dcfg.stall_probability);
        fmt::print("  energy    {:.3g} (DRAM {:.3g}, GLB {:.3g}, NoC {:.3g}, spad {:.3g}, MAC {:.3g}) "
                   "= {:.2f} per MAC [estimate]\n",
                   j["energy"]["total"].get<double>(), j["energy"]["dram"]["total"].get<double>(),
                   j["energy"]["glb"]["total"].get<double>(), j["energy"]["noc"]["total"].get<double>(),
                   j["energy"]["spad"]["total"].get<double>(), j["energy"]["mac"]["total"].get<double>(),
                   j["energy"]["per_mac"].get<double>());
        fmt::print("  check     {} ofmap values, {} mismatches\n", o.check.expected.size(), o.check.mismatches);
        for (const auto& m : o.check.first)
            fmt::print("    mismatch n={} m={} e={} f={}: expected {} got {}\n", m.n, m.m, m.e, m.f,
                       m.expected, m.got);
        if (o.run.timed_out) fmt::print("  TIMEOUT after {} cycles\n", o.run.cycles);
        if (o.run.assertion_failed) fmt::print("  ASSERTION FAILED (messages above)\n");
        if (o.run.status) fmt::print("  accelerator error: {}\n", to_string(AccelStatus(o.run.status)));
        fmt::print("  sim       {:.2f} s, {:.1f} kHz, assertions {}", o.run.wall_seconds, o.run.khz(),
                   RSACC_ASSERTIONS ? "on" : "off (make sim ASSERT=0)");
        if (waves) fmt::print(", waves {} (cycles {}..{})", trace.path, waves_first, waves_first + waves_cycles);
        fmt::print("\n  report    {}\n", report);
        fmt::print("RESULT layer={} status={} cycles={} utilization={}\n", L.name,
                   o.pass() ? "PASS" : "FAIL", o.run.cycles,
                   finished ? fmt::format("{:.4f}", util) : std::string("n/a"));
        return o.pass() ? 0 : 1;
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return 2;
    }
}
