// SPDX-License-Identifier: Apache-2.0
// rsacc-map: row-stationary mapping of zoo layers on the PE array (compiler/mapper.hpp).
//   rsacc-map LAYER [--topology F]... [--batch N] [--rows R --cols C ...] [--objective O] [--json]
//   rsacc-map --all [--batch N] [--objective O] [--json]
//   rsacc-map --roofline-table NET,... [--batches 1,4] [--out-dir DIR]
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "compiler/mapper.hpp"
#include "compiler/roofline.hpp"
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

std::string params(const Mapping& m) {
    return fmt::format("n={} e={} p={} q={} r={} t={}{}", m.n, m.e, m.p, m.q, m.r, m.t,
                       m.order == LoopOrder::TilesOuter ? " tiles_outer" : "");
}

// The four figures of a mapping: "cycles 4.00 M, DRAM 8.54 MB, energy 2.31e+09, EDP 9.2e+15".
std::string figures(const Mapping& m) {
    return fmt::format("cycles {}, DRAM {:.2f} MB, energy {:.4g}, EDP {:.4g}", mcycles(m.cycles),
                       m.dram.total() / 1e6, m.energy, m.edp());
}

nlohmann::json figures_json(const Mapping& m) {
    return {{"mapping", {m.n, m.e, m.p, m.q, m.r, m.t}},
            {"loop_order", to_string(m.order)},
            {"cycles", m.cycles},
            {"dram_bytes", m.dram.total()},
            {"energy", m.energy},
            {"edp", m.edp()}};
}

// The chosen point against the best point of each objective (issue 22: what each choice costs).
struct Choice {
    Objective objective;
    Mapping chosen;
    std::array<Mapping, kNumObjectives> best;  // map_layer_objectives
    bool fixed = false;                        // chosen is a --mapping, not a best point
};

nlohmann::json choice_json(const Choice& c) {
    nlohmann::json best;
    for (int o = 0; o < kNumObjectives; ++o)
        best[to_string(Objective(o))] = figures_json(c.best[size_t(o)]);
    // cycles_within: the dram, energy and edp points' cycle budget (0: none).
    return {{"objective", to_string(c.objective)},
            {"cycles_within", c.chosen.cost_options.cycles_within},
            {"chosen", figures_json(c.chosen)},
            {"best", best}};
}

void print_one(const golden::TopologyEntry& entry, const HwConfig& cfg, const Choice& choice,
               bool json, double search_ms, bool bias) {
    const auto& L = entry.layer;
    const Mapping& m = choice.chosen;
    const auto* ref = eyeriss_v1_reference(L.name);
    const Roofline roof = roofline(L, cfg, bias);
    if (json) {
        auto j = m.to_json();
        j["batch"] = L.N;
        j["roofline"] = roof.to_json(m.cycles);
        j["search_ms"] = search_ms;
        j["objectives"] = choice_json(choice);
        j["mac"] = cfg.stochastic() ? nlohmann::json{{"kind", "sc"},
                                                     {"sc_lanes", cfg.sc.lanes},
                                                     {"sc_length", cfg.sc.length},
                                                     {"cycles_per_mac", cfg.mac_cycles()}}
                                    : nlohmann::json{{"kind", "exact"}, {"cycles_per_mac", 1}};
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
    if (cfg.stochastic())
        fmt::print(
            "  MAC         stochastic, {} lanes, L = {}: {} cycles per MAC; energy L "
            "lane-cycles per MAC at sc_lane each (a borrowed cost, docs/stochastic.md)\n",
            cfg.sc.lanes, cfg.sc.length, cfg.mac_cycles());
    fmt::print("  layer       C={} M={} H={} W={} R={} S={} stride {}x{} groups {} -> E={} F={}\n",
               L.C, L.M, L.H, L.W, L.R, L.S, L.stride_v, L.stride_h, L.groups, L.E(), L.F());
    fmt::print(
        "  mapping     n={} e={} p={} q={} r={} t={}  (m = p*t = {} filters, q*r = {} "
        "channels per pass), loop order {}\n",
        m.n, m.e, m.p, m.q, m.r, m.t, m.m(), m.q * m.r, to_string(m.order));
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
    // A stochastic MAC holds its PE mac_cycles() cycles; the peak stays one MAC per PE-cycle.
    const std::string per_mac =
        cfg.mac_cycles() > 1 ? fmt::format(" x {} cycles", cfg.mac_cycles()) : "";
    fmt::print("  cycles      {} estimated ({}), ideal MACs{}/{} = {} ({}): {:.1f} % of peak{}\n",
               m.cycles, mcycles(m.cycles), per_mac, m.array_pes, m.ideal_cycles,
               mcycles(m.ideal_cycles), 100 * m.utilization(),
               per_mac.empty() ? "" : " (one MAC per PE-cycle)");
    if (ref)
        fmt::print(
            "              Eyeriss v1 published: {:.2f} M cycles at batch 4 (DRAM-bound "
            "chip)\n",
            ref->mcycles);
    fmt::print("  roofline    {}; the estimate is {:.1f} % of it\n", roof.describe(),
               100 * roof.fraction_of(m.cycles));
    fmt::print(
        "  terms       load {}, compute {}, ifmap {}, psum in {}, psum out {}; "
        "{}-bound\n",
        m.load_cycles, m.compute_cycles, m.ifmap_words, m.psum_in_words, m.psum_out_words,
        m.bottleneck());
    std::string types;
    for (int t = 0; t < contract::kNumDataTypes; ++t)
        if (const int64_t b = m.dram.bytes(contract::DataType(t)))
            types += fmt::format("{}{} {}", types.empty() ? "" : ", ",
                                 contract::to_string(contract::DataType(t)), b);
    fmt::print("  DRAM        {} bytes ({:.2f} MB{}: {}), as the compiled commands move them\n",
               m.dram.total(), m.dram.total() / 1e6, bias ? ", with biases" : "", types);
    fmt::print("  energy      {:.4g} ({:.2f} per MAC; DRAM {:.3g}), EDP {:.4g} [estimate]\n",
               m.energy, m.macs ? m.energy / double(m.macs) : 0.0,
               energy_breakdown(m.counters, m.cost_options.energy, m.stochastic_mac).dram, m.edp());
    const double within = m.cost_options.cycles_within;
    fmt::print("  objective   {}{}: this point {}\n", to_string(choice.objective),
               within > 0
                   ? fmt::format(" (dram, energy, edp: {})", sim::cli::cycles_within_text(within))
                   : "",
               figures(m));
    for (int o = 0; o < kNumObjectives; ++o)
        if (Objective(o) != choice.objective || choice.fixed)
            fmt::print("              best {:<6}  {}  ({})\n", to_string(Objective(o)),
                       figures(choice.best[size_t(o)]), params(choice.best[size_t(o)]));
    fmt::print("  search      {:.2f} ms\n", search_ms);
}

void print_all(const std::vector<golden::TopologyEntry>& entries, const HwConfig& cfg, bool json,
               bool bias, Objective objective, const CostOptions& co) {
    size_t w = 5;
    for (const auto& e : entries) w = std::max(w, e.layer.name.size());
    auto j = nlohmann::json::array();
    if (!json)
        fmt::print(
            "{:<{}}  {:>3}  {:>3} {:>3} {:>3} {:>3} {:>3} {:>3}  {:>9}  {:>8}  {:>13}  "
            "{:>13}  {:>5}  {:>7}  {:>6} {:>7}  {:>8}  {:>9}  {:>13}  {}\n",
            "layer", w, "N", "n", "e", "p", "q", "r", "t", "active", "passes", "est cycles",
            "ideal", "util", "bound", "roof", "binds", "DRAM MB", "energy", "loop order",
            "Eyeriss v1");
    int64_t total = 0, ideal = 0, roof_total = 0;
    // Per objective, the sums over the mapped layers of each layer's best point.
    struct Sums {
        int64_t cycles = 0, dram = 0;
        double energy = 0, edp = 0;
    };
    std::array<Sums, kNumObjectives> sums{};
    int refused = 0;
    double ms_total = 0;
    for (const auto& entry : entries) {
        const auto t0 = std::chrono::steady_clock::now();
        Mapping m;
        Choice choice{objective, {}, {}, false};
        try {
            choice.best = map_layer_objectives(entry.layer, cfg, co);
            m = choice.chosen = choice.best[size_t(objective)];
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
        const Roofline roof = roofline(entry.layer, cfg, bias);
        total += m.cycles;
        ideal += m.ideal_cycles;
        roof_total += roof.bound_cycles();
        for (int o = 0; o < kNumObjectives; ++o) {
            const Mapping& b = choice.best[size_t(o)];
            auto& x = sums[size_t(o)];
            x.cycles += b.cycles, x.dram += b.dram.total(), x.energy += b.energy, x.edp += b.edp();
        }
        const auto* ref = eyeriss_v1_reference(m.layer);
        if (json) {
            auto mj = m.to_json();
            mj["batch"] = entry.layer.N;
            mj["roofline"] = roof.to_json(m.cycles);
            mj["objectives"] = choice_json(choice);
            j.push_back(mj);
            continue;
        }
        const std::string eyeriss =
            ref ? fmt::format("{} PEs {}, {:.2f} M cycles", ref->active_pes,
                              verdict(m.active_pes, ref->active_pes), ref->mcycles)
                : "";
        fmt::print(
            "{:<{}}  {:>3}  {:>3} {:>3} {:>3} {:>3} {:>3} {:>3}  {:>4}/{:<4}  {:>8}  {:>13}  "
            "{:>13}  {:>4.1f}%  {:>7}  {:>5.1f}% {:>7}  {:>8.3f}  {:>9.3g}  {:>13}  {}\n",
            m.layer, w, entry.layer.N, m.n, m.e, m.p, m.q, m.r, m.t, m.active_pes, m.array_pes,
            m.passes, m.cycles, m.ideal_cycles, 100 * m.utilization(), m.bottleneck(),
            100 * roof.fraction_of(m.cycles), roof.binding(), m.dram.total() / 1e6, m.energy,
            to_string(m.order), eyeriss);
    }
    if (json) {
        fmt::print("{}\n", j.dump(2));
        return;
    }
    fmt::print("# objective {}; each objective's best point per layer, summed:\n",
               to_string(objective));
    for (int o = 0; o < kNumObjectives; ++o) {
        const auto& x = sums[size_t(o)];
        fmt::print("#   {:<6}  cycles {}, DRAM {:.2f} MB, energy {:.4g}, EDP {:.4g}{}\n",
                   to_string(Objective(o)), mcycles(x.cycles), x.dram / 1e6, x.energy, x.edp,
                   Objective(o) == objective ? "  (chosen)" : "");
    }
    fmt::print(
        "# {} layers{}: {} estimated cycles, ideal {} ({:.1f} % of peak), roofline {} ({:.1f} % "
        "of it); search {:.1f} ms\n",
        entries.size(), refused ? fmt::format(" ({} refused)", refused) : "", total, ideal,
        total ? 100.0 * ideal / total : 0.0, roof_total, total ? 100.0 * roof_total / total : 0.0,
        ms_total);
}

// ---- --roofline-table: % of roofline per layer and per network (docs/performance.md).

// A zoo network's name (golden/topologies/<name>.csv) or a topology CSV file.
std::string network_file(const std::string& net) {
    namespace fs = std::filesystem;
    if (net.find('/') != std::string::npos || fs::path(net).extension() == ".csv") return net;
    const std::string f = std::string(RSACC_TOPOLOGY_DIR) + "/" + net + ".csv";
    if (fs::exists(f)) return f;
    std::string zoo;
    for (const auto& z : golden::zoo_files())
        zoo += (zoo.empty() ? "" : ", ") + fs::path(z).stem().string();
    throw std::invalid_argument(fmt::format("--roofline-table: unknown network '{}' (zoo: {})",
                                            golden::printable(net), zoo));
}

struct TableRow {
    std::string net, layer, source;  // source: "model" (mapper), "rtl" (a report), "unmapped"
    int batch = 1;
    int64_t cycles = 0, mapper_cycles = 0;
    int64_t bound = 0;  // the layer's bound; of a TOTAL row the sum of its layers' bounds
    Roofline roof;
    double util = 0;
    std::string note;
};

// The cycles of a passing rsacc-sim report of this layer, batch and hardware in `dir`, if any.
std::optional<int64_t> simulated_cycles(const std::string& dir, const golden::LayerShape& L,
                                        const HwConfig& cfg, bool bias) {
    if (dir.empty()) return std::nullopt;
    std::ifstream f(dir + "/" + L.name + ".json");
    if (!f) return std::nullopt;
    const auto j = nlohmann::json::parse(f, nullptr, false);
    if (j.is_discarded() || j.value("status", "") != "PASS" || !j.contains("roofline"))
        return std::nullopt;
    const auto& h = j["hardware"];
    const bool same = j["layer"].value("N", 0) == L.N && j["layer"].value("C", 0) == L.C &&
                      j["layer"].value("M", 0) == L.M && j["layer"].value("H", 0) == L.H &&
                      h.value("rows", 0) == cfg.rows && h.value("cols", 0) == cfg.cols &&
                      h.value("glb_bytes", int64_t{0}) == cfg.glb_bytes &&
                      h.value("data_width", 0) == cfg.data_width &&
                      h.value("mac_cycles", 0) == cfg.mac_cycles() &&
                      j["requant"].value("bias", !bias) == bias &&
                      j["roofline"].value("dram_bytes_per_cycle", 0.0) == cfg.dram_bytes_per_cycle;
    if (!same) return std::nullopt;
    return j["cycles"].get<int64_t>();
}

std::string csv_field(const std::string& s) {
    return s.find_first_of(",\"\n") == std::string::npos ? s : "\"" + [&] {
        std::string o;
        for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
        return o;
    }() + "\"";
}

void roofline_table(const std::vector<std::string>& nets, const std::vector<int>& batches,
                    const HwConfig& cfg, bool bias, const std::string& sim_dir,
                    const std::string& out_dir) {
    if (!out_dir.empty()) std::filesystem::create_directories(out_dir);  // before any output
    std::vector<std::pair<std::string, std::string>> files;              // network name, file
    for (const auto& n : nets)
        files.emplace_back(std::filesystem::path(n).stem().string(), network_file(n));
    fmt::print(
        "Roofline on {} x {} PEs, GLB {} B, {}-bit data, {} B/cycle DRAM{}: bound = max(compute "
        "ceil(MACs/PEs) x {} cycle(s) per MAC, DRAM compulsory bytes / link rate, uncompressed); % "
        "roof = bound / cycles\n",
        cfg.rows, cfg.cols, cfg.glb_bytes, cfg.data_width, cfg.dram_bytes_per_cycle,
        bias ? ", with biases" : "", cfg.mac_cycles());
    fmt::print(
        "cycles: 'model' = the mapper's estimate (whole zoo networks are not simulated: they do "
        "not fit the bench's time), 'rtl' = a passing rsacc-sim report{}\n\n",
        sim_dir.empty() ? " (none read)" : " from " + sim_dir);
    std::vector<TableRow> rows;
    auto nets_json = nlohmann::json::array();
    std::vector<std::string> summary;
    for (const auto& [net, file] : files)
        for (const int batch : batches) {
            std::vector<std::string> warnings;
            const auto entries = golden::read_topology_entries(file, batch, &warnings);
            for (const auto& w : warnings) fmt::print(stderr, "warning: {}\n", w);
            size_t w = 5;
            for (const auto& e : entries) w = std::max(w, e.layer.name.size());
            fmt::print("{} (batch {})\n", net, batch);
            fmt::print("  {:<{}}  {:>6}  {:>13}  {:>13}  {:>13}  {:>7}  {:>6}  {:>6}\n", "layer", w,
                       "source", "cycles", "compute bound", "DRAM bound", "binds", "roof", "peak");
            int64_t tc = 0, tb = 0, tcomp = 0, tdram = 0;
            int unmapped = 0, dram_bound = 0, simulated = 0;
            auto layers = nlohmann::json::array();
            for (const auto& entry : entries) {
                TableRow row;
                row.net = net, row.layer = entry.layer.name, row.batch = batch;
                row.roof = roofline(entry.layer, cfg, bias);
                row.bound = row.roof.bound_cycles();
                try {
                    const Mapping m = map_layer(entry.layer, cfg);
                    if (const auto sim = simulated_cycles(sim_dir, entry.layer, cfg, bias)) {
                        row.cycles = *sim, row.source = "rtl";
                        row.note = fmt::format("mapper estimate {}", m.cycles);
                        row.mapper_cycles = m.cycles;
                        ++simulated;
                    } else {
                        row.cycles = m.cycles, row.source = "model";
                    }
                    row.util = double(entry.layer.macs()) / (double(row.cycles) * cfg.pes());
                } catch (const std::invalid_argument& e) {
                    row.source = "unmapped";
                    const std::string why = e.what(), prefix = "layer " + row.layer + ": ";
                    row.note = why.rfind(prefix, 0) == 0 ? why.substr(prefix.size()) : why;
                }
                const auto& r = row.roof;
                nlohmann::json lj = {{"layer", row.layer}, {"source", row.source}};
                if (row.source == "unmapped") {
                    ++unmapped;
                    fmt::print("  {:<{}}  unmapped: {}  (bound {}, {}-bound)\n", row.layer, w,
                               row.note, r.bound_cycles(), r.binding());
                    lj["error"] = row.note;
                    lj["roofline"] = r.to_json();
                } else {
                    tc += row.cycles, tb += r.bound_cycles(), tcomp += r.compute_cycles,
                        tdram += r.dram_cycles;
                    dram_bound += r.dram_cycles > r.compute_cycles;
                    fmt::print(
                        "  {:<{}}  {:>6}  {:>13}  {:>13}  {:>13}  {:>7}  {:>5.1f}%  {:>5.1f}%{}\n",
                        row.layer, w, row.source, row.cycles, r.compute_cycles, r.dram_cycles,
                        r.binding(), 100 * r.fraction_of(row.cycles), 100 * row.util,
                        row.note.empty() ? "" : "  (" + row.note + ")");
                    lj["cycles"] = row.cycles;
                    lj["roofline"] = r.to_json(row.cycles);
                    lj["utilization"] = row.util;
                    if (row.source == "rtl") lj["mapper_estimate_cycles"] = row.mapper_cycles;
                }
                layers.push_back(lj);
                rows.push_back(std::move(row));
            }
            const std::string tail =
                unmapped ? fmt::format("; {} unmapped layer(s) not in the totals", unmapped) : "";
            fmt::print(
                "  {:<{}}  {:>6}  {:>13}  {:>13}  {:>13}  {:>7}  {:>5.1f}%  (sum of bounds {}; "
                "{} of {} layers DRAM-bound{})\n\n",
                "network", w, simulated ? "mixed" : "model", tc, tcomp, tdram, "",
                tc ? 100.0 * tb / tc : 0.0, tb, dram_bound, entries.size() - unmapped, tail);
            summary.push_back(fmt::format(
                "  {:<14} {:>5}  {:>14}  {:>14}  {:>6.1f}%  {:>4}/{:<4} {}", net, batch, tc, tb,
                tc ? 100.0 * tb / tc : 0.0, dram_bound, entries.size() - unmapped,
                unmapped ? fmt::format("{} unmapped", unmapped) : ""));
            TableRow total;
            total.net = net, total.layer = "TOTAL", total.batch = batch, total.cycles = tc;
            total.source = simulated ? "mixed" : "model";
            total.roof.compute_cycles = tcomp, total.roof.dram_cycles = tdram;
            total.note =
                unmapped ? fmt::format("{} unmapped layer(s) not in the totals", unmapped) : "";
            total.bound = tb;
            rows.push_back(total);
            nets_json.push_back({{"network", net},
                                 {"file", file},
                                 {"batch", batch},
                                 {"cycles", tc},
                                 {"sum_bound_cycles", tb},
                                 {"sum_compute_bound_cycles", tcomp},
                                 {"sum_dram_bound_cycles", tdram},
                                 {"fraction_of_roofline", tc ? double(tb) / tc : 0.0},
                                 {"dram_bound_layers", dram_bound},
                                 {"simulated_layers", simulated},
                                 {"unmapped_layers", unmapped},
                                 {"layers", layers}});
        }
    fmt::print(
        "per network (cycles of the mapped layers; roof = sum of per-layer bounds / cycles)\n");
    fmt::print("  {:<14} {:>5}  {:>14}  {:>14}  {:>7}  {}\n", "network", "batch", "cycles",
               "sum of bounds", "roof", "DRAM-bound layers");
    for (const auto& l : summary) fmt::print("{}\n", l);
    if (out_dir.empty()) return;
    std::string csv =
        "network,batch,layer,source,cycles,compute_bound_cycles,dram_bound_cycles,bound_cycles,"
        "binding,pct_of_roofline,pct_of_peak,compulsory_dram_bytes,note\n";
    for (const auto& r : rows) {
        const bool is_total = r.layer == "TOTAL", mapped = r.source != "unmapped";
        const int64_t bound = r.bound;
        csv +=
            fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", r.net, r.batch, r.layer,
                        r.source, mapped ? std::to_string(r.cycles) : "", r.roof.compute_cycles,
                        r.roof.dram_cycles, bound, is_total ? "" : r.roof.binding(),
                        mapped && r.cycles ? fmt::format("{:.2f}", 100.0 * bound / r.cycles) : "",
                        mapped && !is_total ? fmt::format("{:.2f}", 100 * r.util) : "",
                        is_total ? "" : std::to_string(r.roof.compulsory_bytes), csv_field(r.note));
    }
    const std::string csv_path = out_dir + "/roofline.csv", json_path = out_dir + "/roofline.json";
    const auto write = [](const std::string& path, const std::string& text) {
        std::ofstream f(path);
        f << text;
        if (!f.flush()) throw std::runtime_error(fmt::format("{}: cannot write", path));
    };
    write(csv_path, csv);
    nlohmann::json j = {{"hardware",
                         {{"rows", cfg.rows},
                          {"cols", cfg.cols},
                          {"glb_bytes", cfg.glb_bytes},
                          {"data_width", cfg.data_width},
                          {"mac_cycles", cfg.mac_cycles()},
                          {"dram_bytes_per_cycle", cfg.dram_bytes_per_cycle}}},
                        {"bias", bias},
                        {"sources",
                         {{"model", "the mapper's estimate (compiler/mapper.hpp)"},
                          {"rtl", "cycles of a passing rsacc-sim report"}}},
                        {"networks", nets_json}};
    write(json_path, j.dump(2) + "\n");
    fmt::print("wrote {} and {}\n", csv_path, json_path);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Row-stationary mapping of a layer on the PE array (docs/architecture.md)",
                 "rsacc-map"};
    std::string layer_name;
    std::vector<std::string> files;
    int batch = 1;
    bool all = false, json = false, no_bias = false;
    double cycles_within = 0;
    std::vector<int> fixed;
    std::vector<std::string> table_nets;
    std::vector<int> batches;
    std::string out_dir, sim_dir, objective_name = "cycles", energy_spec,
                                  order_name = "filters_outer";
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
    std::string mac_name = "exact";
    app.add_option("--mac", mac_name,
                   "the PE's MAC: exact, or sc (stochastic computing, --data-width 8; "
                   "docs/stochastic.md): cycles per MAC max(1, L / lanes), energy L lane-cycles")
        ->check(CLI::IsMember({"exact", "sc"}))
        ->capture_default_str();
    auto* sc_lanes_opt =
        app.add_option("--sc-lanes", cfg.sc.lanes, "--mac sc: stream bits per cycle (SC_LANES)")
            ->capture_default_str();
    auto* sc_length_opt = app.add_option("--sc-length", cfg.sc.length, "--mac sc: stream length L")
                              ->capture_default_str();
    app.add_option("--dram-bandwidth", cfg.dram_bytes_per_cycle,
                   "DRAM bytes per core cycle the cost model assumes")
        ->check(sim::cli::finite_in(0.01, 1024))
        ->capture_default_str();
    app.add_option("--mapping", fixed, "evaluate this mapping instead of searching: n,e,p,q,r,t")
        ->delimiter(',')
        ->expected(6);
    app.add_option("--objective", objective_name,
                   "what the mapping minimises: cycles (estimated), dram (bytes), energy "
                   "(estimated, --energy-costs) or edp (energy x cycles); the report also gives "
                   "each other objective's best point")
        ->capture_default_str();
    app.add_option("--energy-costs", energy_spec,
                   "energy per access for the energy and edp objectives, e.g. "
                   "dram=200,glb=6,noc=2,spad=1,mac=1,sc_lane=0.394 (the default)");
    const auto* within_opt = sim::cli::add_cycles_within(app, cycles_within);
    app.add_option(
           "--loop-order", order_name,
           "with --mapping: the order of its passes, filters_outer (filter chunk outermost) "
           "or tiles_outer (a row chunk's ifmap tiles stay while the filter chunks cycle)")
        ->check(CLI::IsMember({"filters_outer", "tiles_outer"}))
        ->capture_default_str();
    app.add_flag("--json", json, "machine-readable output");
    app.add_flag("--no-bias", no_bias,
                 "layers without a bias (the roofline's compulsory bytes; default: with one, as "
                 "rsacc-sim runs them)");
    app.add_option("--roofline-table", table_nets,
                   "% of roofline per layer and per network of these zoo networks (alexnet, "
                   "vgg16, resnet18, mobilenet_v1, lenet5) or topology CSV files, comma-separated")
        ->delimiter(',')
        ->allow_extra_args(false);  // a LAYER after it stays the LAYER (and is refused)
    app.add_option("--batches", batches,
                   "--roofline-table: batch sizes, e.g. 1,4 (default: --batch)")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->check(CLI::Range(1, 1 << 20));
    app.add_option("--sim-reports", sim_dir,
                   "--roofline-table: take the cycles of a layer from a passing rsacc-sim report "
                   "<dir>/<layer>.json of the same layer, batch and hardware (marked rtl)");
    app.add_option("--out-dir", out_dir,
                   "--roofline-table: also write roofline.csv and roofline.json here");

    try {
        app.parse(argc, argv);
        const bool table = !table_nets.empty();
        if (table &&
            (all || !layer_name.empty() || !fixed.empty() || json || app.count("--objective") ||
             !energy_spec.empty() || app.count("--cycles-within")))
            throw CLI::ValidationError(
                "--roofline-table takes no LAYER, --all, --mapping, --objective, --energy-costs, "
                "--cycles-within or --json (it writes JSON with --out-dir; its cycles are the "
                "cycles objective's)");
        if (!table && (!batches.empty() || !out_dir.empty() || !sim_dir.empty()))
            throw CLI::ValidationError(
                "--batches, --out-dir and --sim-reports need --roofline-table");
        if (!table && all == !layer_name.empty())
            throw CLI::ValidationError("give either a LAYER or --all");
        if (all && !fixed.empty()) throw CLI::ValidationError("--mapping needs a LAYER, not --all");
        if (app.count("--loop-order") && fixed.empty())
            throw CLI::ValidationError("--loop-order needs --mapping");
        if (mac_name != "sc" && (sc_lanes_opt->count() || sc_length_opt->count()))
            throw CLI::ValidationError("--sc-lanes and --sc-length need --mac sc");
        cfg.mac_kind = mac_name == "sc" ? 1 : 0;
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        fmt::print(stderr, "error: {} (run with --help)\n", e.what());
        return 1;
    }
    try {
        cfg.validate();
        Objective objective;
        try {
            objective = parse_objective(objective_name);
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(std::string("--objective: ") + e.what());
        }
        CostOptions co;
        co.bias = !no_bias;
        if (!energy_spec.empty()) co.energy = EnergyCosts::parse(energy_spec);
        co.cycles_within =
            sim::cli::cycles_within(within_opt, cycles_within, objective == Objective::Cycles);
        if (co.cycles_within > 0 && !fixed.empty())
            throw std::invalid_argument("--cycles-within needs a search, not --mapping");
        std::vector<std::string> warnings;  // printed only when the command succeeds
        if (!table_nets.empty()) {
            if (batches.empty()) batches = {batch};
            roofline_table(table_nets, batches, cfg, !no_bias, sim_dir, out_dir);
        } else if (all) {
            const auto list = files.empty() ? golden::zoo_files() : files;
            if (list.empty())
                throw std::runtime_error(fmt::format("no *.csv files in {}", RSACC_TOPOLOGY_DIR));
            const auto entries = golden::read_topologies(list, batch, &warnings);
            for (const auto& w : warnings) fmt::print(stderr, "warning: {}\n", w);
            print_all(entries, cfg, json, !no_bias, objective, co);
        } else {
            // The --topology files first, then the zoo (docs/topology.md).
            const auto entry = golden::lookup_layer(layer_name, files, batch, &warnings);
            for (const auto& w : warnings) fmt::print(stderr, "warning: {}\n", w);
            const auto t0 = std::chrono::steady_clock::now();
            Choice choice{objective, {}, {}, !fixed.empty()};
            if (!fixed.empty())  // checked (and refused) before the search
                choice.chosen = evaluate_mapping(
                    entry.layer, cfg, fixed[0], fixed[1], fixed[2], fixed[3], fixed[4], fixed[5],
                    co,
                    order_name == "tiles_outer" ? LoopOrder::TilesOuter : LoopOrder::FiltersOuter);
            choice.best = map_layer_objectives(entry.layer, cfg, co);
            if (fixed.empty()) choice.chosen = choice.best[size_t(objective)];
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count();
            print_one(entry, cfg, choice, json, ms, !no_bias);
        }
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return 1;
    }
    return 0;
}
