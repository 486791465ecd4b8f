// SPDX-License-Identifier: Apache-2.0
// rsacc-sim: one CNN layer on the Verilated accelerator (rtl/top), checked bit for bit against
// the golden engine. `make sim LAYER=...` runs it. The hardware configuration is the one this
// binary was built with (RSACC_ROWS x RSACC_COLS, RSACC_GLB_KB; RSACC_ASSERTIONS says whether the
// model checks its SVA); make sim builds one binary per configuration.
//
// Outputs (README "Outputs"): the report <report-dir>/<layer>.json, and on request the ofmap
// (--ofmap-out) and an FST trace (--waves). Every option is checked before anything is allocated
// or simulated; once the command line is valid, this run's output paths are cleared of an earlier
// run's files, each output is written whole (temporary file + rename), and the report comes last
// and says what happened: PASS, FAIL, TIMEOUT or ERROR (with the message).
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <optional>
#include <random>

#include "Vrsacc_top.h"
#include "compiler/roofline.hpp"
#include "golden/topology.hpp"
#include "sim/built_hw.hpp"
#include "sim/cli_checks.hpp"
#include "sim/layer_runner.hpp"
#include "sim/npy.hpp"
#include "sim/output_files.hpp"
#include "sim/wave_view.hpp"

using namespace sim;
using namespace compiler;

namespace {

std::string mb(uint64_t bytes) { return fmt::format("{:.3f} MB", bytes / 1e6); }

uint64_t phase_cycles(const std::array<uint64_t, contract::kNumPerf>& perf, contract::Phase ph) {
    return perf[contract::kPerfCyclesInPhase + int(ph)];
}

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

bool same_file(const std::string& a, const std::string& b) {
    if (a.empty() || b.empty()) return false;
    auto resolved = [](const std::string& p) {  // symlinks resolved where the path exists
        std::error_code ec;
        auto r = std::filesystem::weakly_canonical(p, ec);
        return ec ? std::filesystem::absolute(p).lexically_normal() : r;
    };
    return resolved(a) == resolved(b);
}

// Everything the command line asks for, checked.
struct Request {
    std::string layer_name, ifmap_path, filter_path, bias_path, ofmap_out, report_dir = "reports",
                                                                           energy_spec, waves_path;
    std::vector<std::string> topologies;
    int batch = 0, shift = -1, rows = 0, cols = 0;
    uint64_t seed = 1, waves_first = 0, waves_cycles = 20000, max_cycles = 4'000'000'000,
             power_up_seed = 0;
    double zero_fraction = 0.3;
    bool relu = false, no_bias = false, waves = false, quiet = false, rlc = false;
    std::string objective = "cycles";  // what the mapping minimises (compiler/mapper.hpp)
    double cycles_within = 0;          // CostOptions::cycles_within
    std::string sc_rng, sc_sharing;    // stochastic MAC (empty: the default of HwConfig::sc)
    int sc_length = 0;
    DramConfig dcfg;
};

// The run's output files: where they go, and what is left of them when the run fails.
struct Outputs {
    std::string report, ofmap, trace, trace_view;  // trace_view: the GTKWave save file of the trace
    nlohmann::json run_info;

    // An earlier run's files at this run's paths could be read as this run's result.
    void clear_stale() const {
        for (const auto* p : {&report, &ofmap, &trace, &trace_view}) remove_stale_output(*p);
    }
    // The report of a run that stopped on an error; best effort (the error may be about the
    // report directory itself).
    void write_error_report(const std::string& layer, const std::string& message) const {
        if (report.empty()) return;
        nlohmann::json j;
        j["layer"] = {{"name", layer}};
        j["status"] = "ERROR";
        j["error"] = message;
        j["run"] = run_info;
        try {
            write_file_atomic(report, j.dump(2) + "\n");
        } catch (const std::exception&) {
        }
    }
};

// The stochastic MAC's error against the exact one on this layer and data (golden engine): what
// the user trades for its area.
struct ScAccuracy {
    golden::sc::LayerErrorStats acc;  // SC accumulators against the exact ones
    double identical = 0;             // requantised outputs equal to the exact MAC's
    nlohmann::json to_json(const HwConfig& hw) const {
        nlohmann::json j = stochastic_mac_json(hw);
        j["energy_model"] =
            "sc_lane per lane-cycle (report energy.mac), a cost borrowed from uSystolic's "
            "unary vs binary PE power, not a model of this RTL";
        j["error_vs_exact"] = {// sums of products (no bias); outputs with the bias
                               {"acc_rmse_lsb", acc.rmse},
                               {"acc_max_abs_lsb", acc.max_abs},
                               {"snr_db", std::isfinite(acc.snr_db) ? nlohmann::json(acc.snr_db)
                                                                    : nlohmann::json("inf")},
                               {"identical_output_fraction", identical}};
        return j;
    }
};

// sc_ofmap: the SC ofmap the run was checked against (the bit-true model's, already computed).
ScAccuracy sc_accuracy(const golden::LayerShape& L, const HwConfig& hw, const LayerData& data,
                       const golden::OutputStage& out, const golden::ActTensor& sc_ofmap) {
    HwConfig exact = hw;
    exact.mac_kind = 0;
    // The sums of products without the bias for RMSE and SNR (the bias is exact, and random
    // biases of up to 2^(A-2) would drown the products); the outputs with it.
    LayerData products = data;
    products.bias.clear();
    return {golden::sc::layer_error(reference_accumulators(L, hw, products),
                                    reference_accumulators(L, exact, products)),
            golden::sc::identical_fraction(
                sc_ofmap,
                golden::requantize(reference_accumulators(L, exact, data), hw.numerics(), out))};
}

}  // namespace

int main(int argc, char** argv) {
    HwConfig hw = built_hw();
    CLI::App app{fmt::format(
        "Run one CNN layer on the row-stationary accelerator RTL ({} x {} PEs, {} KB global "
        "buffer, {}-bit data, {}-bit psums) and compare every ofmap value with the golden engine.",
        hw.rows, hw.cols, hw.glb_bytes / 1024, hw.data_width, hw.acc_width)};
    Request q;
    app.add_option("layer,--layer", q.layer_name,
                   "layer name from the zoo or --topology (e.g. alexnet_conv1)")
        ->required();
    app.add_option("--topology", q.topologies,
                   "topology CSV file to search before the zoo (repeatable, one file each)")
        ->allow_extra_args(false);  // one file per --topology: a LAYER after it stays the LAYER
    app.add_option("--batch", q.batch, "batch size N (default: the CSV's, i.e. 1)")
        ->check(CLI::Range(1, 65535));
    auto* rows_opt =
        app.add_option("--rows", q.rows, "expected PE rows: must equal the built configuration")
            ->check(CLI::Range(1, 4096));
    auto* cols_opt =
        app.add_option("--cols", q.cols, "expected PE columns: must equal the built configuration")
            ->check(CLI::Range(1, 4096));
    app.add_option("--seed", q.seed, "seed of the random data and DRAM stalls")
        ->check(cli::unsigned_in(0, UINT64_MAX));
    auto* zero_opt =
        app.add_option("--zero-fraction", q.zero_fraction, "fraction of zero values in random data")
            ->check(cli::finite_in(0.0, 1.0));
    auto* ifmap_opt = app.add_option("--ifmap", q.ifmap_path,
                                     ".npy ifmap N x C x H x W (instead of random data)");
    auto* filter_opt = app.add_option("--filter", q.filter_path, ".npy filters M x C/G x R x S");
    auto* bias_opt =
        app.add_option("--bias", q.bias_path, ".npy bias, M values (with --ifmap and --filter)");
    auto* no_bias_opt = app.add_flag("--no-bias", q.no_bias, "random data without bias");
    auto* shift_opt =
        app.add_option("--shift", q.shift,
                       "requantisation shift (default: the smallest that avoids saturation)")
            ->check(CLI::Range(0, hw.acc_width - 1));
    app.add_flag("--relu", q.relu, "apply ReLU on the output");
    app.add_flag("--rlc", q.rlc,
                 "run-length compressed activations in DRAM: the ifmap stored compressed (the "
                 "fills decode it) and the ofmap written compressed (the drains encode it); rows "
                 "that would not shrink are stored raw; the run also fails unless the fills read "
                 "and the drains write exactly the bytes the data give");
    app.add_option("--ofmap-out", q.ofmap_out, "write the RTL's ofmap to this .npy file");
    app.add_option("--report-dir", q.report_dir, "directory of <layer>.json");
    app.add_option("--dram-latency", q.dcfg.latency_cycles, "DRAM read latency in cycles")
        ->check(CLI::Range(int64_t{1}, int64_t{1000000}));
    app.add_option("--dram-bandwidth", q.dcfg.bytes_per_cycle, "DRAM bytes per core cycle")
        ->check(cli::finite_in(0.01, 8.0));
    app.add_option("--dram-stall", q.dcfg.stall_probability,
                   "probability of a random DRAM stall per cycle")
        ->check(cli::finite_in(0.0, 0.99));
    app.add_option("--objective", q.objective,
                   "what the mapping minimises: cycles (estimated, the default), dram (bytes), "
                   "energy (estimated, --energy-costs) or edp (energy x cycles)");
    app.add_option("--energy-costs", q.energy_spec,
                   "per-access costs, e.g. dram=200,glb=6,noc=2,spad=1,mac=1,sc_lane=0.394");
    const auto* within_opt = cli::add_cycles_within(app, q.cycles_within);
    auto* waves_opt = app.add_flag("--waves", q.waves,
                                   "write an FST trace (waves/<layer>.fst) over a cycle window");
    app.add_option("--waves-file", q.waves_path, "trace file (default waves/<layer>.fst)")
        ->needs(waves_opt);
    app.add_option("--waves-start", q.waves_first, "first traced cycle")
        ->check(cli::unsigned_in(0, UINT64_MAX))
        ->needs(waves_opt);
    app.add_option("--waves-cycles", q.waves_cycles, "traced cycles")
        ->check(cli::unsigned_in(1, UINT64_MAX))
        ->needs(waves_opt);
    app.add_option("--max-cycles", q.max_cycles, "stop and fail (TIMEOUT) after this many cycles")
        ->check(cli::unsigned_in(1, UINT64_MAX));
    app.add_option(
           "--power-up-seed", q.power_up_seed,
           "random power-up contents of every flop and memory from this seed (0: all zeros)")
        ->check(cli::unsigned_in(0, UINT32_MAX));
    app.add_flag("--quiet", q.quiet, "no progress line");
    auto* sc_length_opt = app.add_option("--sc-length", q.sc_length,
                                         "stochastic MAC: stream length L, 16..128 (default 64)");
    auto* sc_rng_opt =
        app.add_option("--sc-rng", q.sc_rng, "stochastic MAC: sobol (default) or lfsr");
    auto* sc_sharing_opt = app.add_option(
        "--sc-sharing", q.sc_sharing, "stochastic MAC: stream starts, column (default) or array");
    // Random data or files, not a mix: options of one are refused with the other.
    ifmap_opt->needs(filter_opt);
    filter_opt->needs(ifmap_opt);
    bias_opt->needs(ifmap_opt);
    zero_opt->excludes(ifmap_opt);
    no_bias_opt->excludes(ifmap_opt)->excludes(bias_opt);
    cli::one_line_errors(app);
    CLI11_PARSE(app, argc, argv);

    // The report path first: once it is known, every failure leaves an ERROR report there.
    Outputs out;
    try {
        // The layer name becomes a file name: the documented character set, one plain component.
        golden::check_layer_name(q.layer_name);
        out.report = output_in_dir(q.report_dir, q.layer_name + ".json", "--report-dir");
        prepare_output(out.report, "report");
        for (const auto* in : {&q.ifmap_path, &q.filter_path, &q.bias_path})
            if (same_file(out.report, *in))
                throw std::invalid_argument(
                    fmt::format("the report would overwrite the input {}", *in));
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());  // nowhere to report: nothing is written
        return 2;
    }
    out.run_info = {{"command", std::vector<std::string>(argv, argv + argc)},
                    {"started_utc", utc_now()}};
    bool settled = false;  // ofmap and trace paths checked: this run owns them
    try {
        if ((rows_opt->count() && q.rows != hw.rows) || (cols_opt->count() && q.cols != hw.cols))
            throw std::invalid_argument(fmt::format(
                "--rows/--cols {}x{} differ from this binary's {}x{} (make sim ROWS=.. COLS=.. builds "
                "the configuration)",
                rows_opt->count() ? q.rows : hw.rows, cols_opt->count() ? q.cols : hw.cols, hw.rows,
                hw.cols));
        // The stochastic MAC's run-time settings: only for a model built with it.
        for (const auto* opt : {sc_length_opt, sc_rng_opt, sc_sharing_opt})
            if (opt->count() && !hw.stochastic())
                throw std::invalid_argument(
                    fmt::format("{}: this rsacc-sim has the exact MAC (make sim MAC=sc DW=8 builds "
                                "the stochastic one)",
                                opt->get_name()));
        if (sc_length_opt->count()) hw.sc.length = q.sc_length;
        if (sc_rng_opt->count()) hw.sc.rng = golden::sc::parse_rng(q.sc_rng);
        if (sc_sharing_opt->count()) hw.sc.sharing = golden::sc::parse_sharing(q.sc_sharing);
        hw.validate();
        if (q.waves && !RSACC_TOP_MODEL_WAVES)
            throw std::invalid_argument(
                "--waves: this rsacc-sim is a quick build without waveforms "
                "(RSACC_SIM_QUICK_BUILD=ON, as sweeps build it); use the make sim build");
        if (q.waves && q.waves_cycles > UINT64_MAX - q.waves_first)
            throw std::invalid_argument(
                fmt::format("--waves-start {} + --waves-cycles {} is past 2^64 cycles",
                            q.waves_first, q.waves_cycles));
        if (q.waves) {
            out.trace = q.waves_path.empty()
                            ? output_in_dir("waves", q.layer_name + ".fst", "trace")
                            : q.waves_path;
            out.trace_view = gtkw_path_for(out.trace);
        }
        out.ofmap = q.ofmap_out;
        if (!out.ofmap.empty()) prepare_output(out.ofmap, "--ofmap-out");
        if (!out.trace.empty()) prepare_output(out.trace, "trace");
        const std::pair<const char*, const std::string*> outs[] = {
            {"the report", &out.report},
            {"--ofmap-out", &out.ofmap},
            {"the trace", &out.trace},
            {"the trace's save file", &out.trace_view}};
        const std::pair<const char*, const std::string*> ins[] = {
            {"--ifmap", &q.ifmap_path}, {"--filter", &q.filter_path}, {"--bias", &q.bias_path}};
        for (size_t i = 0; i < std::size(outs); ++i) {
            for (size_t k = i + 1; k < std::size(outs); ++k)
                if (same_file(*outs[i].second, *outs[k].second))
                    throw std::invalid_argument(fmt::format("{} and {} are the same file: {}",
                                                            outs[i].first, outs[k].first,
                                                            *outs[i].second));
            for (const auto& [name, path] : ins)
                if (same_file(*outs[i].second, *path))
                    throw std::invalid_argument(fmt::format("{} would overwrite the input {}: {}",
                                                            outs[i].first, name, *path));
        }
        settled = true;
        out.clear_stale();

        // The user's topology files first, then the zoo (docs/topology.md, "Lookup").
        std::vector<std::string> warnings;
        const golden::LayerShape L =
            golden::lookup_layer(q.layer_name, q.topologies, q.batch ? q.batch : 1, &warnings).layer;
        for (const auto& w : warnings) fmt::print(stderr, "warning: {}\n", w);
        const golden::Numerics nx{hw.data_width, hw.acc_width};
        const EnergyCosts costs = EnergyCosts::parse(q.energy_spec);

        // Every hardware and format limit before any tensor is allocated: the mapping (array,
        // scratchpads, buffer), then the command fields and the DRAM image (compiled once with a
        // stand-in shift when the shift comes from the data).
        hw.dram_bytes_per_cycle = q.dcfg.bytes_per_cycle;  // the mapper weighs DRAM time with it
        LayerOptions opt;
        opt.relu = q.relu;
        opt.bias = q.ifmap_path.empty() ? !q.no_bias : !q.bias_path.empty();
        opt.rlc = opt.rlc_ofmap = q.rlc;  // the mapper's DRAM bytes stay uncompressed (they
                                          // depend on the data)
        const Objective objective = parse_objective(q.objective);
        CostOptions co{opt.bias, costs};
        co.cycles_within =
            cli::cycles_within(within_opt, q.cycles_within, objective == Objective::Cycles);
        const Mapping mapping = map_layer(L, hw, objective, co);
        opt.shift = shift_opt->count() ? q.shift : 0;
        LayerProgram prog = compile_layer(L, mapping, hw, opt);

        LayerData data;
        std::mt19937_64 rng(q.seed);
        if (!q.ifmap_path.empty()) {
            data.ifmap = read_npy_tensor4(q.ifmap_path);
            data.filter = read_npy_tensor4(q.filter_path);
            if (!q.bias_path.empty()) data.bias = read_npy_vector(q.bias_path);
            golden::check_conv_inputs(L, nx, data.ifmap, data.filter, data.bias);
        } else {
            data = random_layer_data(L, nx, opt.bias, q.zero_fraction, rng);
        }
        if (!shift_opt->count()) {
            opt.shift = auto_shift(L, nx, data);
            prog = compile_layer(L, mapping, hw, opt);
        }

        fmt::print(
            "{}: N={} C={} H={} W={} M={} R={} S={} stride {}x{} pad {},{},{},{} groups {} "
            "-> E={} F={}, {} MACs\n",
            L.name, L.N, L.C, L.H, L.W, L.M, L.R, L.S, L.stride_v, L.stride_h, L.pad_top,
            L.pad_bottom, L.pad_left, L.pad_right, L.groups, L.E(), L.F(), L.macs());
        fmt::print("  hardware  {} x {} PEs, GLB {} KB, data {} bit, psum {} bit, {}\n", hw.rows,
                   hw.cols, hw.glb_bytes / 1024, hw.data_width, hw.acc_width,
                   hw.stochastic()
                       ? fmt::format("stochastic MAC {} ({} cycles per MAC, streams up to {})",
                                     hw.sc.describe(), hw.mac_cycles(), 1 << hw.sc_max_log2_length)
                       : std::string("exact MAC"));
        fmt::print("  mapping   {} [objective {}{}]\n", mapping.to_string(), to_string(objective),
                   co.cycles_within > 0 ? ", " + cli::cycles_within_text(co.cycles_within) : "");
        fmt::print("  program   {} commands: {} passes, {} fills, {} drains; shift {}{}{}{}\n",
                   prog.commands.size(), prog.passes, prog.fills, prog.drains, opt.shift,
                   opt.relu ? ", ReLU" : "", opt.bias ? ", bias" : "",
                   opt.rlc ? ", ifmap and ofmap run-length compressed" : "");

        q.dcfg.seed = q.seed;
        TraceOptions trace;
        if (q.waves) {
            trace.path = temporary_name(out.trace);  // renamed into place once closed
            trace.first_cycle = q.waves_first;
            trace.cycles = q.waves_cycles;
        }
        AccelRunOptions ro;
        ro.max_cycles = q.max_cycles;
        ro.power_up_seed = uint32_t(q.power_up_seed);
        const bool tty = !q.quiet && isatty(fileno(stderr));
        const auto t0 = std::chrono::steady_clock::now();
        const double est = double(std::max<int64_t>(mapping.cycles, 1));
        if (tty)
            ro.progress = [&](uint64_t c) {
                const double s =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                const double khz = c / s / 1e3;
                const double eta = std::max(0.0, (est - double(c)) / (khz * 1e3));
                fmt::print(
                    stderr,
                    "\r  {:>12} cycles  {:>6.1f} kHz  ETA ~{:.0f} s (from the mapper's estimate)   ",
                    c, khz, eta);
            };
        const LayerOutcome o = simulate_layer<Vrsacc_top>(prog, data, q.dcfg, trace, ro);
        if (tty) fmt::print(stderr, "\r{:100}\r", "");
        if (q.waves) {
            if (std::rename(trace.path.c_str(), out.trace.c_str()) != 0)
                throw std::runtime_error(
                    fmt::format("{}: cannot move the trace into place", out.trace));
            write_file_atomic(out.trace_view,
                              gtkw_save_file({out.trace, q.waves_first, q.waves_cycles}));
        }

        // The ofmap only of a run that reached done (a timed-out or stopped run's DRAM holds a
        // partial one), before the report: the report is the last word.
        const bool ofmap_written = !out.ofmap.empty() && o.run.done;
        if (ofmap_written)
            write_npy(out.ofmap, o.check.got,
                      hw.data_width == 8 ? NpyDtype::Int8 : NpyDtype::Int16);

        auto j = layer_report(o, costs);
        j["sim_assertions"] = bool(RSACC_ASSERTIONS);  // SVA compiled into this model?
        j["mapping"]["objective"] = to_string(objective);
        j["mapping"]["cycles_within"] = co.cycles_within;  // 0: no cycle budget
        j["sim_power_up_seed"] = q.power_up_seed;
        const std::optional<ScAccuracy> sc_acc =
            hw.stochastic()
                ? std::optional(sc_accuracy(L, hw, data, {opt.shift, opt.relu}, o.check.expected))
                : std::nullopt;
        if (sc_acc) j["stochastic_mac"] = sc_acc->to_json(hw);
        j["run"] = out.run_info;
        j["outputs"] = {
            {"ofmap", ofmap_written ? nlohmann::json(out.ofmap) : nlohmann::json()},
            {"trace", q.waves ? nlohmann::json(out.trace) : nlohmann::json()},
            {"trace_view", q.waves ? nlohmann::json(out.trace_view) : nlohmann::json()}};
        write_file_atomic(out.report, j.dump(2) + "\n");

        const auto& perf = o.run.perf;
        // Utilization needs the whole layer done (null in the report otherwise).
        const bool finished = !j["utilization"].is_null();
        const double util = finished ? j["utilization"].get<double>() : 0.0;
        const std::string util_pct =
            finished ? fmt::format("{:.1f} %", 100 * util) : "n/a (unfinished)";
        fmt::print("  cycles    {} (ideal {}, {} utilization; mapper estimate {})\n", o.run.cycles,
                   j["ideal_cycles"].get<int64_t>(), util_pct, mapping.cycles);
        fmt::print(
            "            fetch {} / fill {} / PE IDs {} / pass {} / drain {}\n",
            phase_cycles(perf, contract::Phase::Wait), phase_cycles(perf, contract::Phase::Fill),
            phase_cycles(perf, contract::Phase::Ids), phase_cycles(perf, contract::Phase::Run),
            phase_cycles(perf, contract::Phase::Drain));
        const auto& roof = j["roofline"];
        fmt::print("  roofline  {}; {}\n", outcome_roofline(o).describe(),
                   finished ? fmt::format("this run {:.1f} % of it",
                                          100 * roof["fraction_of_roofline"].get<double>())
                            : std::string("this run n/a (unfinished)"));
        fmt::print(
            "  MACs      {} done + {} zero-gated (of {} layer MACs; the rest are padding "
            "filters/channels of edge passes)\n",
            perf[contract::kPerfMac], perf[contract::kPerfZeroSkip], L.macs());
        uint64_t rd = 0, wr = 0;
        std::string by_type;
        for (int t = 0; t < contract::kNumDataTypes; ++t) {
            const uint64_t r = perf[contract::kPerfDramRead + t],
                           w = perf[contract::kPerfDramWrite + t];
            rd += r * contract::kBeatBytes;
            wr += w * contract::kBeatBytes;
            if (r + w)
                by_type += fmt::format(" {} {}", to_string(DataType(t)),
                                       mb((r + w) * contract::kBeatBytes));
        }
        fmt::print("  DRAM      read {} write {} ({} ) latency {} cycles, {} B/cycle, stall {}\n",
                   mb(rd), mb(wr), by_type, q.dcfg.latency_cycles, q.dcfg.bytes_per_cycle,
                   q.dcfg.stall_probability);
        if (const auto& rj = j["rlc"]; !rj.is_null()) {
            const uint64_t moved = rj["ifmap_bytes_moved"].get<uint64_t>();
            const int64_t plain = rj["ifmap_bytes_uncompressed"].get<int64_t>();
            fmt::print("  RLC       ifmap read {} ({} B), {} ({} B) without RLC: {}\n", mb(moved),
                       moved, mb(uint64_t(plain)), plain,
                       plain ? fmt::format("{:.1f} %", 100.0 * double(moved) / double(plain))
                             : std::string("n/a"));
            const uint64_t omoved = rj["ofmap_bytes_moved"].get<uint64_t>();
            const int64_t oplain = rj["ofmap_bytes_uncompressed"].get<int64_t>();
            fmt::print("            ofmap written {} ({} B), {} ({} B) without RLC: {}\n",
                       mb(omoved), omoved, mb(uint64_t(oplain)), oplain,
                       oplain ? fmt::format("{:.1f} %", 100.0 * double(omoved) / double(oplain))
                              : std::string("n/a"));
            if (o.rlc_bytes_ok())
                fmt::print("            as expected from the data ({} B read, {} B written)\n",
                           *o.rlc_expected_ifmap_bytes, *o.rlc_expected_ofmap_bytes);
            else
                fmt::print(
                    "  RLC MISMATCH: the fills read {} ifmap bytes and the drains wrote {} ofmap "
                    "bytes, the data make {} and {} (FAIL)\n",
                    moved, omoved, *o.rlc_expected_ifmap_bytes, *o.rlc_expected_ofmap_bytes);
        }
        fmt::print(
            "  energy    {:.3g} (DRAM {:.3g}, GLB {:.3g}, NoC {:.3g}, spad {:.3g}, MAC {:.3g}) "
            "= {:.2f} per MAC [estimate{}]\n",
            j["energy"]["total"].get<double>(), j["energy"]["dram"]["total"].get<double>(),
            j["energy"]["glb"]["total"].get<double>(), j["energy"]["noc"]["total"].get<double>(),
            j["energy"]["spad"]["total"].get<double>(), j["energy"]["mac"]["total"].get<double>(),
            j["energy"]["per_mac"].get<double>(),
            hw.stochastic() ? "; SC MAC: sc_lane per lane-cycle, a borrowed cost" : "");
        fmt::print("  check     {} ofmap values, {} mismatches{}\n", o.check.expected.size(),
                   o.check.mismatches,
                   hw.stochastic() ? " (against the stochastic MAC's bit-true model)" : "");
        if (sc_acc)
            fmt::print(
                "  SC error  against the exact MAC: sums of products RMSE {:.4g} LSB, max {:.4g}, "
                "SNR {:.1f} dB; {:.2f} % of outputs identical\n",
                sc_acc->acc.rmse, sc_acc->acc.max_abs, sc_acc->acc.snr_db, 100 * sc_acc->identical);
        for (const auto& m : o.check.first)
            fmt::print("    mismatch n={} m={} e={} f={}: expected {} got {}\n", m.n, m.m, m.e, m.f,
                       m.expected, m.got);
        if (o.run.timed_out) fmt::print("  TIMEOUT after {} cycles\n", o.run.cycles);
        if (o.run.assertion_failed) fmt::print("  ASSERTION FAILED (messages above)\n");
        if (o.run.status)
            fmt::print("  accelerator error: {}\n", to_string(contract::Status(o.run.status)));
        fmt::print("  sim       {:.2f} s, {:.1f} kHz, assertions {}", o.run.wall_seconds,
                   o.run.khz(), RSACC_ASSERTIONS ? "on" : "off (make sim ASSERT=0)");
        if (!RSACC_TOP_MODEL_WAVES) fmt::print(", quick build (-O1, no waveforms)");
        if (q.power_up_seed) fmt::print(", random power-up (seed {})", q.power_up_seed);
        if (q.waves)
            fmt::print(", waves {} (cycles {}..{})", out.trace, q.waves_first,
                       q.waves_first + q.waves_cycles);
        fmt::print("\n");
        if (ofmap_written) fmt::print("  ofmap     {}\n", out.ofmap);
        fmt::print("  report    {}\n", out.report);
        fmt::print("{}\n", result_line(o, j));
        return o.pass() ? 0 : 1;
    } catch (const std::bad_alloc&) {
        const std::string msg =
            "out of memory (the layer's tensors or DRAM image do not fit this machine)";
        out.write_error_report(q.layer_name, msg);
        fmt::print(stderr, "error: {}\n", msg);
    } catch (const std::exception& e) {
        out.write_error_report(q.layer_name, e.what());
        fmt::print(stderr, "error: {}\n", e.what());
    }
    // Only the ERROR report stands; an ofmap or trace at this run's (checked) paths goes, be it
    // an earlier run's or half of this one's. Unchecked paths are not touched (one may name an
    // input file).
    if (settled) {
        remove_stale_output(out.ofmap);
        if (!out.trace.empty()) {
            remove_stale_output(temporary_name(out.trace));
            remove_stale_output(out.trace);
        }
    }
    return 2;
}
