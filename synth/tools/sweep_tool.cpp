// SPDX-License-Identifier: Apache-2.0
// rsacc-sweep (make sweep): a design-space sweep from a YAML file (docs/area.md, "Sweeps").
// Every point: area (rsacc-synth) and the mapper's cost model of the layer set (cycles,
// utilisation, DRAM bytes of the compiled command list). Points run in parallel (local) or as one
// Slurm job array; a finished point is never redone. Output: <out>/<name>.csv, <out>/<name>.json,
// <out>/points/<id>/result.json and PNG plots (scripts/plot_sweep.py).
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "compiler/layer_program.hpp"
#include "compiler/mapper.hpp"
#include "golden/topology.hpp"
#include "sim/cli_checks.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Sweepable parameters: YAML key, rsacc-synth option, CMake cache variable of a point's rsacc-sim
// model (both empty for a run-time setting), and for an enumeration its value names (the YAML,
// the options, the CSV and the point ids use the names; index = the contract's encoding). The
// order is the CSV's.
struct SweepParam {
    std::string key, option, cache;
    std::vector<std::string> names = {};
    // The value as the YAML, the CSV, rsacc-synth and CMake spell it.
    std::string text(int64_t v) const {
        return names.empty() ? std::to_string(v) : names.at(size_t(v));
    }
};
const std::vector<SweepParam> kParams{
    {"rows", "--rows", "RSACC_ROWS"},
    {"cols", "--cols", "RSACC_COLS"},
    {"data_width", "--data-width", "RSACC_DATA_WIDTH"},
    {"acc_width", "--acc-width", "RSACC_ACC_WIDTH"},
    {"filter_words", "--filter-words", "RSACC_FILTER_WORDS"},
    {"ifmap_words", "--ifmap-words", "RSACC_IFMAP_WORDS"},
    {"psum_words", "--psum-words", "RSACC_PSUM_WORDS"},
    {"fifo_depth", "--fifo-depth", "RSACC_FIFO_DEPTH"},
    {"psum_fifo_depth", "--psum-fifo-depth", "RSACC_PSUM_FIFO_DEPTH"},
    {"glb_kb", "--glb-kb", "RSACC_GLB_KB"},
    // The stochastic MAC (docs/stochastic.md): a build parameter (mac: exact | sc, with
    // data_width 8), its stream bits per cycle, and the run-time stream length L (the cost
    // model's and the simulation's; no area).
    {"mac", "--mac", "RSACC_MAC", {"exact", "sc"}},
    {"sc_lanes", "--sc-lanes", "RSACC_SC_LANES"},
    {"sc_length", "", ""}};

struct Sweep {
    fs::path file;
    std::string name;
    std::vector<std::map<std::string, int64_t>> points;
    std::vector<std::string> layers;
    int batch = 1;
    std::map<std::string, std::string> slurm;  // sbatch options: cpus_per_task, mem, time, partition
    // RTL simulation of every point (simulate: {layers: [...], batch: n, keep_builds: false}).
    std::vector<std::string> sim_layers;
    int sim_batch = 1;
    bool keep_builds = false;
};

[[noreturn]] void fail(const Sweep& s, const std::string& why) {
    throw std::runtime_error(fmt::format("sweep {}: {}", s.file.string(), why));
}

std::map<std::string, int64_t> read_params(const Sweep& s, const YAML::Node& n,
                                           const std::string& where) {
    std::map<std::string, int64_t> out;
    if (!n.IsMap()) fail(s, where + " must be a map of parameter: value");
    for (const auto& kv : n) {
        const auto key = kv.first.as<std::string>();
        const auto param = std::find_if(kParams.begin(), kParams.end(),
                                        [&](const auto& p) { return p.key == key; });
        if (param == kParams.end()) {
            std::string allowed;
            for (const auto& p : kParams) allowed += (allowed.empty() ? "" : ", ") + p.key;
            fail(s, fmt::format("{}: unknown parameter '{}' (allowed: {})", where, key, allowed));
        }
        if (!param->names.empty()) {
            const std::string v = kv.second.as<std::string>();
            const auto it = std::find(param->names.begin(), param->names.end(), v);
            if (it == param->names.end()) {
                std::string allowed;
                for (const auto& n : param->names) allowed += (allowed.empty() ? "" : ", ") + n;
                fail(s, fmt::format("{}: {} '{}' is not one of {}", where, key, v, allowed));
            }
            out[key] = it - param->names.begin();
            continue;
        }
        try {
            out[key] = kv.second.as<int64_t>();
        } catch (const std::exception&) {
            fail(s, fmt::format("{}: {} is not an integer", where, key));
        }
    }
    return out;
}

Sweep load_sweep(const fs::path& file) {
    Sweep s;
    s.file = file;
    YAML::Node root;
    try {
        root = YAML::LoadFile(file.string());
    } catch (const std::exception& e) {
        throw std::runtime_error(fmt::format("sweep {}: {}", file.string(), e.what()));
    }
    if (!root.IsMap()) fail(s, "not a YAML map");
    static const std::set<std::string> keys{"name",   "fixed", "grid",  "points",
                                            "layers", "batch", "slurm", "simulate"};
    for (const auto& kv : root)
        if (!keys.count(kv.first.as<std::string>()))
            fail(s, fmt::format("unknown key '{}'", kv.first.as<std::string>()));
    s.name = root["name"] ? root["name"].as<std::string>() : file.stem().string();
    const auto fixed =
        root["fixed"] ? read_params(s, root["fixed"], "fixed") : std::map<std::string, int64_t>{};
    // Points: the explicit ones (or one point of the fixed values), each crossed with the grid.
    std::vector<std::map<std::string, int64_t>> acc;
    if (root["points"]) {
        if (!root["points"].IsSequence()) fail(s, "points must be a list of maps");
        for (size_t i = 0; i < root["points"].size(); ++i) {
            auto p = fixed;
            for (const auto& [k, v] :
                 read_params(s, root["points"][i], fmt::format("points[{}]", i)))
                p[k] = v;
            acc.push_back(p);
        }
    } else {
        acc.push_back(fixed);
    }
    if (root["grid"]) {
        const auto g = root["grid"];
        if (!g.IsMap()) fail(s, "grid must be a map of parameter: [values]");
        for (const auto& kv : g) {
            const auto key = kv.first.as<std::string>();
            if (!kv.second.IsSequence() || kv.second.size() == 0)
                fail(s, fmt::format("grid: {} must be a non-empty list", key));
            std::vector<std::map<std::string, int64_t>> next;
            for (const auto& base : acc)
                for (const auto& v : kv.second) {
                    YAML::Node one;
                    one[key] = v.as<std::string>();
                    auto p = base;
                    for (const auto& [k, x] : read_params(s, one, "grid")) p[k] = x;
                    next.push_back(p);
                }
            acc = next;
        }
    }
    if (!root["points"] && !root["grid"]) fail(s, "no points (give points: and/or grid:)");
    s.points = acc;
    if (s.points.empty()) fail(s, "no points (give grid: and/or points:)");
    if (!root["layers"] || !root["layers"].IsSequence() || root["layers"].size() == 0)
        fail(s, "layers: must list at least one layer (zoo names)");
    for (const auto& l : root["layers"]) s.layers.push_back(l.as<std::string>());
    if (root["batch"]) s.batch = root["batch"].as<int>();
    if (s.batch < 1) fail(s, fmt::format("batch {} must be >= 1", s.batch));
    if (const auto sim = root["simulate"]) {
        if (!sim.IsMap() || !sim["layers"] || !sim["layers"].IsSequence() ||
            sim["layers"].size() == 0)
            fail(s, "simulate: must be a map with layers: [zoo names] (and batch:, keep_builds:)");
        for (const auto& kv : sim)
            if (!std::set<std::string>{"layers", "batch", "keep_builds"}.count(
                    kv.first.as<std::string>()))
                fail(s, fmt::format("simulate: unknown key '{}'", kv.first.as<std::string>()));
        for (const auto& l : sim["layers"]) s.sim_layers.push_back(l.as<std::string>());
        if (sim["batch"]) s.sim_batch = sim["batch"].as<int>();
        if (s.sim_batch < 1) fail(s, fmt::format("simulate: batch {} must be >= 1", s.sim_batch));
        if (sim["keep_builds"]) s.keep_builds = sim["keep_builds"].as<bool>();
    }
    if (root["slurm"])
        for (const auto& kv : root["slurm"])
            s.slurm[kv.first.as<std::string>()] = kv.second.as<std::string>();
    return s;
}

std::string point_id(const std::map<std::string, int64_t>& p) {
    std::string id;
    for (const auto& sp : kParams)
        if (p.count(sp.key)) id += fmt::format("{}{}_", sp.key, sp.text(p.at(sp.key)));
    if (id.empty()) return "default";
    id.pop_back();
    return id;
}

// Debian's python3 (where python3-matplotlib lives), even when another python3 comes first in PATH.
std::string plot_python() {
    return fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

// This binary's path, read once at start: a rebuild while a sweep runs replaces the file, after
// which /proc/self/exe names it "... (deleted)"; the path itself then holds the new binary.
const fs::path& self_exe() {
    static const fs::path exe = [] {
        std::string p = fs::read_symlink("/proc/self/exe").string();
        const std::string deleted = " (deleted)";
        if (p.size() > deleted.size() &&
            p.compare(p.size() - deleted.size(), deleted.size(), deleted) == 0)
            p.resize(p.size() - deleted.size());
        return fs::path(p);
    }();
    return exe;
}

fs::path self_dir() { return self_exe().parent_path(); }

void write_json_atomic(const fs::path& p, const json& j) {
    const fs::path tmp = p.string() + ".tmp";
    {
        std::ofstream f(tmp);
        f << j.dump(1) << "\n";
        if (!f) throw std::runtime_error(fmt::format("cannot write {}", tmp.string()));
    }
    fs::rename(tmp, p);
}

// Runs a shell command; throws with the last line of its log when it fails.
void run_logged(const std::string& what, const std::string& cmd, const fs::path& log) {
    const std::string full = fmt::format("( {} ) > '{}' 2>&1", cmd, log.string());
    if (std::system(full.c_str()) == 0) return;
    std::ifstream in(log);
    std::string line, last;
    while (std::getline(in, line))
        if (!line.empty()) last = line;
    throw std::runtime_error(fmt::format("{} failed: {} (log: {})", what, last, log.string()));
}

// What a point's simulation step was asked for (a result made for another request is redone).
json simulation_request(const Sweep& s) {
    return {{"layers", s.sim_layers}, {"batch", s.sim_batch}};
}

// The RTL simulation of the sweep's simulate layers on this point's hardware, in its own build
// directory (a quick-build Verilator model: no assertions, no PGO, no waveforms, -O1; deleted
// afterwards unless keep_builds).
void simulate_point(const Sweep& s, const std::map<std::string, int64_t>& p, const fs::path& dir,
                    json& r) {
    const fs::path build = dir / "build";
    std::string cfg = fmt::format(
        "cmake -S '{}' -B '{}' -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER='{}' -DRSACC_SIM_PGO=OFF "
        "-DRSACC_SIM_ASSERTIONS=OFF -DRSACC_SIM_QUICK_BUILD=ON",
        RSACC_SOURCE_DIR, build.string(), RSACC_CXX_COMPILER);
    for (const auto& sp : kParams)
        if (!sp.cache.empty() && p.count(sp.key))
            cfg += fmt::format(" -D{}={}", sp.cache, sp.text(p.at(sp.key)));
    const auto t0 = std::chrono::steady_clock::now();
    run_logged("configuring the point's model", cfg, dir / "build_configure.log");
    // A stale Verilator file list fails the first build once (see the Makefile): retry once.
    const std::string bld =
        fmt::format("cmake --build '{}' --target rsacc-sim -j 1", build.string());
    run_logged("building the point's model", bld + " || " + bld, dir / "build.log");
    const double build_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    json layers = json::object();
    int64_t cycles = 0, dram = 0, model = 0;
    double energy = 0;
    for (const auto& name : s.sim_layers) {
        if (r["model"]["unmapped"].contains(name)) {
            r["simulation_note"] =
                fmt::format("not simulated: {}", r["model"]["unmapped"][name].get<std::string>());
            r["simulation_skipped"] = "unmapped";
            if (!s.keep_builds) fs::remove_all(build);
            return;
        }
        const fs::path rep = dir / "sim";
        run_logged(
            fmt::format("rsacc-sim {}", name),
            fmt::format(
                "'{}' {} --batch {} --seed 1 --report-dir '{}'{}",
                (build / "sim" / "rsacc-sim").string(), name, s.sim_batch, rep.string(),
                p.count("sc_length") ? fmt::format(" --sc-length {}", p.at("sc_length")) : ""),
            dir / fmt::format("sim_{}.log", name));
        std::ifstream f(rep / (name + ".json"));
        const json j = json::parse(f);
        if (j["status"] != "PASS")
            throw std::runtime_error(
                fmt::format("rsacc-sim {}: {}", name, j["status"].get<std::string>()));
        int64_t bytes = 0;  // read and written, over every data type
        for (const char* k : {"dram_read_bytes", "dram_write_bytes"})
            for (const auto& [type, n] : j[k].items()) bytes += n.get<int64_t>();
        layers[name] = {{"status", "PASS"},
                        {"cycles", j["cycles"]},
                        {"mapper_estimate_cycles", j["mapper_estimate_cycles"]},
                        {"utilization", j["utilization"]},
                        {"dram_bytes", bytes},
                        {"energy", j["energy"]["total"]},
                        {"sim_khz", j["sim_khz"]}};
        cycles += j["cycles"].get<int64_t>();
        model += j["mapper_estimate_cycles"].get<int64_t>();
        dram += bytes;
        energy += j["energy"]["total"].get<double>();
    }
    r["simulation"] = {{"layers", layers},        {"batch", s.sim_batch},
                       {"cycles", cycles},        {"mapper_estimate_cycles", model},
                       {"dram_bytes", dram},      {"energy", energy},
                       {"build_seconds", build_s}};
    r["simulated"] = true;
    if (!s.keep_builds) fs::remove_all(build);
}

// One point, in this process: area, then the cost model of every layer.
json run_point(const Sweep& s, size_t index, const fs::path& out) {
    const auto& p = s.points[index];
    const std::string id = point_id(p);
    const fs::path dir = out / "points" / id;
    fs::create_directories(dir);
    json r{{"index", index}, {"id", id}, {"params", p}, {"status", "ok"}};
    const auto t0 = std::chrono::steady_clock::now();
    try {
        // Cost model first: a layer that does not fit fails the point before the long steps.
        compiler::HwConfig hw;
        if (p.count("rows")) hw.rows = int(p.at("rows"));
        if (p.count("cols")) hw.cols = int(p.at("cols"));
        if (p.count("data_width")) hw.data_width = int(p.at("data_width"));
        if (p.count("acc_width")) hw.acc_width = int(p.at("acc_width"));
        if (p.count("filter_words")) hw.filter_words = int(p.at("filter_words"));
        if (p.count("ifmap_words")) hw.ifmap_words = int(p.at("ifmap_words"));
        if (p.count("psum_words")) hw.psum_words = int(p.at("psum_words"));
        if (p.count("glb_kb")) hw.glb_bytes = p.at("glb_kb") * 1024;
        if (p.count("mac")) hw.mac_kind = int(p.at("mac"));
        for (const char* k : {"sc_lanes", "sc_length"})
            if (p.count(k) && !hw.stochastic())
                throw std::invalid_argument(fmt::format("{} needs mac: sc", k));
        if (p.count("sc_lanes")) hw.sc.lanes = int(p.at("sc_lanes"));
        if (p.count("sc_length")) hw.sc.length = int(p.at("sc_length"));
        if (p.count("glb_kb") && (hw.glb_bytes <= 0 || hw.glb_bytes % hw.glb_bank_bytes() != 0))
            throw std::invalid_argument(
                fmt::format("glb_kb {} is not a positive multiple of the {} KB bank",
                            p.at("glb_kb"), hw.glb_bank_bytes() / 1024));
        hw.validate();  // a bad point fails; a layer that does not fit this point is recorded
        json layers = json::object(), unmapped = json::object();
        int64_t cycles = 0, macs = 0, dram = 0;
        for (const auto& name : s.layers) {
            const auto L = golden::lookup_layer(name, {}, s.batch).layer;
            compiler::Mapping m;
            compiler::LayerProgram prog;
            try {
                m = compiler::map_layer(L, hw);
                prog = compiler::compile_layer(L, m, hw, {});
            } catch (const std::invalid_argument& e) {
                unmapped[name] = e.what();
                continue;
            }
            // DRAM bytes of the command list, as the RTL moves them (compiler/dram_traffic.hpp).
            const int64_t bytes = compiler::command_list_traffic(prog.commands).total();
            layers[name] = {{"cycles", m.cycles},
                            {"utilization", m.utilization()},
                            {"macs", m.macs},
                            {"dram_bytes", bytes},
                            {"active_pes", m.active_pes}};
            cycles += m.cycles;
            macs += m.macs;
            dram += bytes;
        }
        // Totals only when every layer maps: a partial sum would flatter the point.
        const bool all = unmapped.empty();
        r["model"] = {{"layers", layers},
                      {"unmapped", unmapped},
                      {"batch", s.batch},
                      {"cycles", all ? json(cycles) : json()},
                      {"macs", all ? json(macs) : json()},
                      {"dram_bytes", all ? json(dram) : json()},
                      {"utilization",
                       all && cycles ? json(double(macs) / (double(cycles) * hw.pes())) : json()}};
        // Area.
        // Points share per-module results (a PE of the same sizes in every array, say).
        std::string cmd = fmt::format("'{}' -q -j 1 --out '{}' --name synth --cache-dir '{}'",
                                      (self_dir() / "rsacc-synth").string(), dir.string(),
                                      (out / "synth_cache").string());
        for (const auto& sp : kParams)
            if (!sp.option.empty() && p.count(sp.key))
                cmd += fmt::format(" {} {}", sp.option, sp.text(p.at(sp.key)));
        cmd += fmt::format(" > '{}' 2> '{}'", (dir / "synth.out").string(),
                           (dir / "synth.err").string());
        if (std::system(cmd.c_str()) != 0) {
            std::ifstream e(dir / "synth.err");
            std::string line, last;
            while (std::getline(e, line))
                if (!line.empty()) last = line;
            throw std::runtime_error(last.empty() ? "rsacc-synth failed" : last);
        }
        std::ifstream af(dir / "synth.json");
        const json area = json::parse(af);
        r["area"] = area["total"];
        r["splits"] = area["splits"];
        r["yosys"] = area["tool"]["yosys"];
        r["simulated"] = false;
        if (!s.sim_layers.empty()) {
            r["simulation_request"] = simulation_request(s);
            simulate_point(s, p, dir, r);
        }
    } catch (const std::exception& e) {
        r["status"] = "failed";
        r["error"] = e.what();
    }
    r["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    write_json_atomic(dir / "result.json", r);
    return r;
}

json read_result(const fs::path& out, const Sweep& s, size_t i) {
    const fs::path p = out / "points" / point_id(s.points[i]) / "result.json";
    if (!fs::exists(p)) return json();
    std::ifstream f(p);
    try {
        return json::parse(f);
    } catch (const std::exception&) {
        return json();
    }
}

std::string csv_field(std::string v) {
    if (v.find_first_of(",\"\n") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

// Gathers every point's result into the CSV and JSON (no wall times: local and Slurm runs of the
// same sweep give the same CSV).
int gather(const Sweep& s, const fs::path& out) {
    std::vector<std::string> header{"point", "id"};
    for (const auto& sp : kParams) header.push_back(sp.key);
    for (const char* h :
         {"status",         "logic_mm2",          "sram_mm2",       "area_mm2",
          "logic_kge",      "transistors",        "flop_bits",      "sram_bits",
          "pe_mac_mm2",     "pe_scratchpads_mm2", "pe_fifos_mm2",   "pe_control_mm2",
          "array_mm2",      "buffer_mm2",         "controller_mm2", "dmas_mm2",
          "streamers_mm2",  "top_glue_mm2",       "total_cycles",   "utilization",
          "dram_bytes",     "simulated",          "sim_cycles",     "sim_model_cycles",
          "sim_dram_bytes", "sim_energy",         "notes"})
        header.push_back(h);
    for (const auto& l : s.layers) header.push_back("cycles_" + l);
    std::string csv;
    for (size_t i = 0; i < header.size(); ++i) csv += (i ? "," : "") + header[i];
    csv += "\n";
    json all = json::array();
    int failed = 0, missing = 0;
    auto split_mm2 = [](const json& r, const char* split, const char* part) -> std::string {
        if (!r.contains("splits") || !r["splits"].contains(split)) return "";
        for (const auto& e : r["splits"][split])
            if (e["part"] == part)
                return fmt::format("{:.6f}", e["area"]["total_um2"].get<double>() / 1e6);
        return "";
    };
    for (size_t i = 0; i < s.points.size(); ++i) {
        json r = read_result(out, s, i);
        std::vector<std::string> row{std::to_string(i), point_id(s.points[i])};
        for (const auto& sp : kParams)
            row.push_back(s.points[i].count(sp.key) ? sp.text(s.points[i].at(sp.key)) : "");
        if (r.is_null()) {
            ++missing;
            row.push_back("missing");
        } else {
            all.push_back(r);
            const bool ok = r["status"] == "ok";
            failed += ok ? 0 : 1;
            row.push_back(r["status"].get<std::string>());
            if (ok) {
                const auto& a = r["area"];
                row.push_back(fmt::format("{:.6f}", a["logic_um2"].get<double>() / 1e6));
                row.push_back(fmt::format("{:.6f}", a["sram_um2"].get<double>() / 1e6));
                row.push_back(fmt::format("{:.6f}", a["total_um2"].get<double>() / 1e6));
                row.push_back(fmt::format("{:.3f}", a["logic_ge"].get<double>() / 1e3));
                row.push_back(std::to_string(a["transistors"].get<int64_t>()));
                row.push_back(std::to_string(a["flop_bits"].get<int64_t>()));
                row.push_back(std::to_string(a["sram_bits"].get<int64_t>()));
                for (auto [sp, part] :
                     std::vector<std::pair<const char*, const char*>>{{"pe", "MAC datapath"},
                                                                      {"pe", "scratchpads"},
                                                                      {"pe", "FIFOs"},
                                                                      {"pe", "control"},
                                                                      {"top", "array"},
                                                                      {"top", "buffer"},
                                                                      {"top", "controller"},
                                                                      {"top", "DMAs"},
                                                                      {"top", "streamers"},
                                                                      {"top", "top glue"}})
                    row.push_back(split_mm2(r, sp, part));
                const auto& m = r["model"];
                const bool all = m["cycles"].is_number();
                row.push_back(all ? std::to_string(m["cycles"].get<int64_t>()) : "");
                row.push_back(all ? fmt::format("{:.4f}", m["utilization"].get<double>()) : "");
                row.push_back(all ? std::to_string(m["dram_bytes"].get<int64_t>()) : "");
                const bool sim = r["simulated"].get<bool>();
                row.push_back(sim ? "yes" : "no");
                row.push_back(sim ? std::to_string(r["simulation"]["cycles"].get<int64_t>()) : "");
                row.push_back(
                    sim ? std::to_string(r["simulation"]["mapper_estimate_cycles"].get<int64_t>())
                        : "");
                row.push_back(sim ? std::to_string(r["simulation"]["dram_bytes"].get<int64_t>())
                                  : "");
                row.push_back(sim ? fmt::format("{:.0f}", r["simulation"]["energy"].get<double>())
                                  : "");
                std::string notes;  // layers that do not fit this point
                for (const auto& [l, why] : m["unmapped"].items())
                    notes += (notes.empty() ? "" : "; ") + why.get<std::string>();
                if (r.contains("simulation_note"))
                    notes += (notes.empty() ? "" : "; ") + r["simulation_note"].get<std::string>();
                row.push_back(notes);
                for (const auto& l : s.layers)
                    row.push_back(m["layers"].contains(l)
                                      ? std::to_string(m["layers"][l]["cycles"].get<int64_t>())
                                      : "");
            }
        }
        while (row.size() < header.size() - s.layers.size() - 1) row.push_back("");
        if (!r.is_null() && r["status"] != "ok") row.push_back(r.value("error", ""));
        while (row.size() < header.size()) row.push_back("");
        for (size_t k = 0; k < row.size(); ++k) csv += (k ? "," : "") + csv_field(row[k]);
        csv += "\n";
    }
    const fs::path csv_path = out / (s.name + ".csv");
    std::ofstream(csv_path) << csv;
    write_json_atomic(out / (s.name + ".json"),
                      json{{"sweep", s.name}, {"file", s.file.string()}, {"points", all}});
    const std::string plot = fmt::format("{} '{}/scripts/plot_sweep.py' '{}' '{}'", plot_python(),
                                         RSACC_SOURCE_DIR, csv_path.string(), out.string());
    const int prc = std::system(plot.c_str());
    fmt::print("sweep {}: {} points, {} failed, {} missing; {}\n", s.name, s.points.size(), failed,
               missing, csv_path.string());
    if (prc != 0) fmt::print(stderr, "sweep {}: plots failed (scripts/plot_sweep.py)\n", s.name);
    return (failed || missing || prc != 0) ? 1 : 0;
}

std::vector<size_t> pending(const Sweep& s, const fs::path& out) {
    std::vector<size_t> todo;
    for (size_t i = 0; i < s.points.size(); ++i) {
        const json r = read_result(out, s, i);
        // Finished = ok and holding everything this sweep file asks for: a point run before the
        // file asked for this simulation (other layers or batch, or none) runs again.
        // A point left unsimulated for any reason but a layer that does not map (earlier
        // versions skipped 8-bit points) runs again too.
        const bool sim_missing =
            !s.sim_layers.empty() && !r.is_null() &&
            (r.value("simulation_request", json()) != simulation_request(s) ||
             (!r.value("simulated", false) && !r.contains("simulation_skipped")));
        if (r.is_null() || r["status"] != "ok" || sim_missing) todo.push_back(i);
    }
    return todo;
}

void run_local(const Sweep& s, const fs::path& out, const std::string& file, int jobs) {
    const auto todo = pending(s, out);
    fmt::print("sweep {}: {} points, {} done before, {} to run, {} at a time\n", s.name,
               s.points.size(), s.points.size() - todo.size(), todo.size(), jobs);
    std::fflush(stdout);
    std::map<pid_t, size_t> running;
    size_t next = 0, done = 0, failed = 0;
    const auto t0 = std::chrono::steady_clock::now();
    const std::string exe = self_exe().string();
    while (next < todo.size() || !running.empty()) {
        while (next < todo.size() && int(running.size()) < jobs) {
            const size_t i = todo[next++];
            const pid_t pid = fork();
            if (pid == 0) {
                const std::string idx = std::to_string(i);
                execl(exe.c_str(), exe.c_str(), file.c_str(), "--out", out.c_str(), "--point",
                      idx.c_str(), (char*)nullptr);
                _exit(127);
            }
            running[pid] = i;
        }
        int status = 0;
        const pid_t pid = wait(&status);
        if (pid < 0) break;
        const size_t i = running[pid];
        running.erase(pid);
        ++done;
        const json r = read_result(out, s, i);
        const bool ok = !r.is_null() && r["status"] == "ok";
        failed += ok ? 0 : 1;
        const double el =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double eta = el / double(done) * double(todo.size() - done);
        fmt::print(
            "sweep {}: {}/{} done, {} running, {} failed, ETA {:.0f} s  [{} {}{}]\n", s.name, done,
            todo.size(), running.size(), failed, eta, point_id(s.points[i]), ok ? "ok" : "FAILED",
            ok ? "" : ": " + (r.is_null() ? std::string("no result") : r.value("error", "")));
        std::fflush(stdout);
    }
}

void run_slurm(const Sweep& s, const fs::path& out, const std::string& file, int jobs) {
    const auto todo = pending(s, out);
    fmt::print("sweep {}: {} points, {} done before, {} to submit to Slurm\n", s.name,
               s.points.size(), s.points.size() - todo.size(), todo.size());
    std::fflush(stdout);
    if (todo.empty()) return;
    const fs::path sd = out / "slurm";
    fs::create_directories(sd);
    std::string array;
    for (size_t i : todo) array += (array.empty() ? "" : ",") + std::to_string(i);
    std::string sb = "#!/bin/bash\n";
    sb += fmt::format("#SBATCH --job-name=rsacc-sweep-{}\n#SBATCH --array={}%{}\n", s.name, array,
                      jobs);
    sb += fmt::format("#SBATCH --output={}/point_%a.log\n", fs::absolute(sd).string());
    sb += fmt::format("#SBATCH --cpus-per-task={}\n",
                      s.slurm.count("cpus_per_task") ? s.slurm.at("cpus_per_task") : "1");
    if (s.slurm.count("mem")) sb += fmt::format("#SBATCH --mem={}\n", s.slurm.at("mem"));
    if (s.slurm.count("time")) sb += fmt::format("#SBATCH --time={}\n", s.slurm.at("time"));
    if (s.slurm.count("partition"))
        sb += fmt::format("#SBATCH --partition={}\n", s.slurm.at("partition"));
    sb += fmt::format("exec '{}' '{}' --out '{}' --point \"$SLURM_ARRAY_TASK_ID\"\n",
                      self_exe().string(), fs::absolute(file).string(), fs::absolute(out).string());
    const fs::path script = sd / "sweep.sbatch";
    std::ofstream(script) << sb;
    const std::string cmd = fmt::format("sbatch --wait --parsable '{}'", script.string());
    fmt::print("sweep {}: {}\n", s.name, cmd);
    std::fflush(stdout);
    const int rc = std::system(cmd.c_str());
    if (rc != 0)
        fmt::print(stderr, "sweep {}: sbatch exited with {} (some points failed?)\n", s.name, rc);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Design-space sweep: area and cost model per point (docs/area.md)"};
    std::string file, out, runner = "local";
    int jobs = 2;
    long point = -1;
    app.add_option("sweep", file, "sweep file (YAML)")->required();
    app.add_option("--out", out, "output directory (default reports/sweep/<name>)");
    app.add_option("-j,--jobs", jobs, "points at once")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    app.add_option("--runner", runner, "local or slurm")
        ->capture_default_str()
        ->check(CLI::IsMember({"local", "slurm"}));
    app.add_option("--point", point, "run only this point (what the runners call)");
    sim::cli::one_line_errors(app);
    CLI11_PARSE(app, argc, argv);
    self_exe();
    try {
        const Sweep s = load_sweep(file);
        const fs::path o = out.empty() ? fs::path("reports/sweep") / s.name : fs::path(out);
        fs::create_directories(o);
        if (point >= 0) {
            if (size_t(point) >= s.points.size())
                throw std::runtime_error(
                    fmt::format("--point {} is beyond the {} points", point, s.points.size()));
            const json r = run_point(s, size_t(point), o);
            return r["status"] == "ok" ? 0 : 1;
        }
        if (runner == "local") run_local(s, o, file, jobs);
        else run_slurm(s, o, file, jobs);
        return gather(s, o);
    } catch (const std::exception& e) {
        fmt::print(stderr, "rsacc-sweep: {}\n", e.what());
        return 1;
    }
}
