// SPDX-License-Identifier: Apache-2.0
// rsacc-map: row-stationary mapping of zoo layers on the PE array (compiler/mapper.hpp).
//   rsacc-map LAYER [--topology F]... [--batch N] [--rows R --cols C ...] [--json]
//   rsacc-map --all [--batch N] [--json]
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "compiler/mapper.hpp"
#include "golden/topology.hpp"
#include "sim/cli_checks.hpp"

using namespace compiler;

namespace {

// "matches" / "beats" / "below" Eyeriss's published active PEs.
const char* verdict(int ours, int theirs) {
    return ours == theirs ? "matches" : ours > theirs ? "beats" : "below";
}

bool is_eyeriss_array(const HwConfig& c) {
    const HwConfig d;
    return c.rows == d.rows && c.cols == d.cols && c.filter_words == d.filter_words &&
           c.ifmap_words == d.ifmap_words && c.psum_words == d.psum_words &&
           c.data_width == d.data_width && c.glb_bytes == d.glb_bytes;
}

std::string mcycles(int64_t c) { return fmt::format("{:.2f} M", c / 1e6); }

void print_one(const golden::TopologyEntry& entry, const HwConfig& cfg, const Mapping& m, bool json,
               double search_ms) {
    const auto& L = entry.layer;
    const auto* ref = eyeriss_v1_reference(L.name);
    if (json) {
        auto j = m.to_json();
        j["batch"] = L.N;
        j["search_ms"] = search_ms;
        if (ref)
            j["eyeriss"] = {{"active_pes", ref->active_pes},
                            {"cycles", int64_t(ref->mcycles * 1e6)},
                            {"verdict", verdict(m.active_pes, ref->active_pes)}};
        fmt::print("{}\n", j.dump(2));
        return;
    }
    fmt::print("{} (batch {}, {}:{}) on {} x {} PEs, GLB {} B, scratchpads {}/{}/{} words\n",
               L.name, L.N, entry.file, entry.line, cfg.rows, cfg.cols, cfg.glb_bytes,
               cfg.filter_words, cfg.ifmap_words, cfg.psum_words);
    fmt::print("  layer       C={} M={} H={} W={} R={} S={} stride {}x{} groups {} -> E={} F={}\n",
               L.C, L.M, L.H, L.W, L.R, L.S, L.stride_v, L.stride_h, L.groups, L.E(), L.F());
    fmt::print(
        "  mapping     n={} e={} p={} q={} r={} t={}  (m = p*t = {} filters, q*r = {} "
        "channels per pass)\n",
        m.n, m.e, m.p, m.q, m.r, m.t, m.m(), m.q * m.r);
    fmt::print("  slots       {} band(s) of height R*r = {} x {} columns = {} slots, {} used\n",
               m.bands, L.R * m.r, cfg.cols, m.slots, m.slots_used);
    fmt::print("  active PEs  {} of {} ({:.1f} %)", m.active_pes, m.array_pes,
               100.0 * m.active_pes / m.array_pes);
    if (ref)
        fmt::print("   Eyeriss v1: {} -> {}{}", ref->active_pes,
                   verdict(m.active_pes, ref->active_pes),
                   is_eyeriss_array(cfg) ? "" : " (array differs from Eyeriss's)");
    fmt::print("\n");
    fmt::print("  passes      {} = {} group(s) x {} filter x {} channel x {} row x {} image\n",
               m.passes, m.groups, m.filter_passes, m.channel_passes, m.row_passes, m.image_passes);
    fmt::print("  GLB         {} of {} B (ifmap rows {}, filters {}, psums {} = {} words)\n",
               m.glb_bytes_used, cfg.glb_bytes, m.glb_ifmap_bytes, m.glb_filter_bytes,
               m.glb_psum_bytes, m.glb_psum_words);
    fmt::print("  cycles      {} estimated ({}), ideal MACs/{} = {} ({}): {:.1f} % of peak\n",
               m.cycles, mcycles(m.cycles), m.array_pes, m.ideal_cycles, mcycles(m.ideal_cycles),
               100 * m.utilization());
    if (ref)
        fmt::print(
            "              Eyeriss v1 published: {:.2f} M cycles at batch 4 (DRAM-bound "
            "chip)\n",
            ref->mcycles);
    fmt::print(
        "  terms       load {}, compute {}, ifmap {}, psum in {}, psum out {}; "
        "{}-bound\n",
        m.load_cycles, m.compute_cycles, m.ifmap_words, m.psum_in_words, m.psum_out_words,
        m.bottleneck());
    fmt::print("  search      {:.2f} ms\n", search_ms);
}

void print_all(const std::vector<golden::TopologyEntry>& entries, const HwConfig& cfg, bool json) {
    size_t w = 5;
    for (const auto& e : entries) w = std::max(w, e.layer.name.size());
    auto j = nlohmann::json::array();
    if (!json)
        fmt::print(
            "{:<{}}  {:>3}  {:>3} {:>3} {:>3} {:>3} {:>3} {:>3}  {:>9}  {:>8}  {:>13}  "
            "{:>13}  {:>5}  {:>7}  {}\n",
            "layer", w, "N", "n", "e", "p", "q", "r", "t", "active", "passes", "est cycles",
            "ideal", "util", "bound", "Eyeriss v1");
    int64_t total = 0, ideal = 0;
    int refused = 0;
    double ms_total = 0;
    for (const auto& entry : entries) {
        const auto t0 = std::chrono::steady_clock::now();
        Mapping m;
        try {
            m = map_layer(entry.layer, cfg);
        } catch (const std::invalid_argument& e) {
            // A layer this array cannot run: listed with the reason, the others still mapped.
            ++refused;
            const std::string why = e.what();
            const std::string prefix = "layer " + entry.layer.name + ": ";
            const std::string reason = why.rfind(prefix, 0) == 0 ? why.substr(prefix.size()) : why;
            if (json)
                j.push_back(
                    {{"layer", entry.layer.name}, {"batch", entry.layer.N}, {"error", why}});
            else
                fmt::print("{:<{}}  {:>3}  refused: {}\n", entry.layer.name, w, entry.layer.N,
                           reason);
            continue;
        }
        ms_total +=
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        total += m.cycles;
        ideal += m.ideal_cycles;
        const auto* ref = eyeriss_v1_reference(m.layer);
        if (json) {
            auto mj = m.to_json();
            mj["batch"] = entry.layer.N;
            j.push_back(mj);
            continue;
        }
        const std::string eyeriss =
            ref ? fmt::format("{} PEs {}, {:.2f} M cycles", ref->active_pes,
                              verdict(m.active_pes, ref->active_pes), ref->mcycles)
                : "";
        fmt::print(
            "{:<{}}  {:>3}  {:>3} {:>3} {:>3} {:>3} {:>3} {:>3}  {:>4}/{:<4}  {:>8}  {:>13}  "
            "{:>13}  {:>4.1f}%  {:>7}  {}\n",
            m.layer, w, entry.layer.N, m.n, m.e, m.p, m.q, m.r, m.t, m.active_pes, m.array_pes,
            m.passes, m.cycles, m.ideal_cycles, 100 * m.utilization(), m.bottleneck(), eyeriss);
    }
    if (json) {
        fmt::print("{}\n", j.dump(2));
        return;
    }
    fmt::print(
        "# {} layers{}: {} estimated cycles, ideal {} ({:.1f} % of peak); search {:.1f} ms\n",
        entries.size(), refused ? fmt::format(" ({} refused)", refused) : "", total, ideal,
        total ? 100.0 * ideal / total : 0.0, ms_total);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Row-stationary mapping of a layer on the PE array (docs/architecture.md)",
                 "rsacc-map"};
    std::string layer_name;
    std::vector<std::string> files;
    int batch = 1;
    bool all = false, json = false;
    std::vector<int> fixed;
    HwConfig cfg;
    app.add_option("layer", layer_name, "layer name, e.g. alexnet_conv1");
    app.add_flag("--all", all, "map every layer of the topology files, one line each");
    app.add_option(
           "--topology,-t", files,
           "topology CSV file, repeatable, one file each; a LAYER is looked up in these first, then in "
           "the zoo; --all maps these files' layers (default: the zoo's)")
        ->allow_extra_args(false);  // one file per --topology: a LAYER after it stays the LAYER
    app.add_option("--batch,-n", batch, "batch size N")->check(CLI::Range(1, 1 << 20));
    app.add_option("--rows", cfg.rows, "PE rows")->capture_default_str();
    app.add_option("--cols", cfg.cols, "PE columns")->capture_default_str();
    app.add_option("--filter-words", cfg.filter_words, "filter scratchpad words")
        ->capture_default_str();
    app.add_option("--ifmap-words", cfg.ifmap_words, "ifmap scratchpad words")
        ->capture_default_str();
    app.add_option("--psum-words", cfg.psum_words, "psum scratchpad words")->capture_default_str();
    app.add_option("--data-width", cfg.data_width, "activation/weight bits")->capture_default_str();
    app.add_option("--acc-width", cfg.acc_width, "psum bits")->capture_default_str();
    app.add_option("--glb-bytes", cfg.glb_bytes, "global buffer bytes")->capture_default_str();
    app.add_option("--dram-bandwidth", cfg.dram_bytes_per_cycle,
                   "DRAM bytes per core cycle the cost model assumes")
        ->check(sim::cli::finite_in(0.01, 1024))
        ->capture_default_str();
    app.add_option("--mapping", fixed, "evaluate this mapping instead of searching: n,e,p,q,r,t")
        ->delimiter(',')
        ->expected(6);
    app.add_flag("--json", json, "machine-readable output");

    try {
        app.parse(argc, argv);
        if (all == !layer_name.empty()) throw CLI::ValidationError("give either a LAYER or --all");
        if (all && !fixed.empty()) throw CLI::ValidationError("--mapping needs a LAYER, not --all");
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        fmt::print(stderr, "error: {} (run with --help)\n", e.what());
        return 1;
    }
    try {
        cfg.validate();
        std::vector<std::string> warnings;  // printed only when the command succeeds
        if (all) {
            const auto list = files.empty() ? golden::zoo_files() : files;
            if (list.empty())
                throw std::runtime_error(fmt::format("no *.csv files in {}", RSACC_TOPOLOGY_DIR));
            const auto entries = golden::read_topologies(list, batch, &warnings);
            for (const auto& w : warnings) fmt::print(stderr, "warning: {}\n", w);
            print_all(entries, cfg, json);
        } else {
            // The --topology files first, then the zoo (docs/topology.md).
            const auto entry = golden::lookup_layer(layer_name, files, batch, &warnings);
            for (const auto& w : warnings) fmt::print(stderr, "warning: {}\n", w);
            const auto t0 = std::chrono::steady_clock::now();
            const Mapping m = fixed.empty()
                                  ? map_layer(entry.layer, cfg)
                                  : evaluate_mapping(entry.layer, cfg, fixed[0], fixed[1], fixed[2],
                                                     fixed[3], fixed[4], fixed[5]);
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count();
            print_one(entry, cfg, m, json, ms);
        }
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return 1;
    }
    return 0;
}
