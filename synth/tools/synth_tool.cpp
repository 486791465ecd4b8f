// SPDX-License-Identifier: Apache-2.0
// rsacc-synth (make synth): area of one configuration of the accelerator, or of any RTL module,
// with Yosys and a standard-cell Liberty (docs/area.md).
//   rsacc-synth [--rows R --cols C --data-width D --filter-words F ...] [--liberty L] [--out DIR]
//   rsacc-synth --top fifo --param Width=16 --param Depth=4
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "compiler/hw_config.hpp"
#include "rsacc/contract.hpp"
#include "sim/cli_checks.hpp"
#include "synth/area_report.hpp"
#include "synth/synth_paths.hpp"

namespace fs = std::filesystem;

namespace {

int64_t contract_range(const char* name, int64_t v) {
    for (const auto& p : contract::kParams) {
        if (std::string(p.name) != name) continue;
        if (v < p.min || v > p.max)
            throw std::invalid_argument(fmt::format("parameter {} = {} is outside [{}, {}] ({})",
                                                    name, v, p.min, p.max, p.doc));
        return v;
    }
    throw std::logic_error(fmt::format("no contract parameter {}", name));
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "Area of the accelerator (or one RTL module) with Yosys and a Liberty; docs/area.md"};
    compiler::HwConfig hw;
    int fifo_depth = contract::kDefaultFifoDepth, psum_fifo = contract::kDefaultPsumFifoDepth;
    int64_t glb_kb = hw.glb_bytes / 1024;
    std::string top = "rsacc_top", liberty = RSACC_DEFAULT_LIBERTY, ge_cell,
                sram_model = RSACC_SOURCE_DIR "/synth/sram_model.json", out = "reports/synth", name,
                yosys = "yosys", cache_dir;
    std::vector<std::string> params;
    int64_t sram_min_bits = 256;  // docs/area.md: every filter scratchpad of the sweeps is a macro
    int jobs = 2;
    bool json_out = false, quiet = false;
    app.add_option("--rows", hw.rows, "PE rows")->capture_default_str();
    app.add_option("--cols", hw.cols, "PE columns")->capture_default_str();
    app.add_option("--data-width", hw.data_width, "D: activation/weight bits (8 or 16)")
        ->capture_default_str();
    app.add_option("--acc-width", hw.acc_width, "A: psum bits")->capture_default_str();
    app.add_option("--filter-words", hw.filter_words, "filter scratchpad words per PE")
        ->capture_default_str();
    app.add_option("--ifmap-words", hw.ifmap_words, "ifmap scratchpad words per PE")
        ->capture_default_str();
    app.add_option("--psum-words", hw.psum_words, "psum scratchpad words per PE")
        ->capture_default_str();
    std::string mac = "exact";
    app.add_option("--mac", mac, "PE multiplier: exact, or sc (stochastic; --data-width 8)")
        ->check(CLI::IsMember({"exact", "sc"}))
        ->capture_default_str();
    app.add_option("--sc-lanes", hw.sc.lanes, "stochastic MAC: stream bits per cycle (1..128)")
        ->capture_default_str();
    app.add_option("--sc-max-log2l", hw.sc_max_log2_length,
                   "stochastic MAC: log2 of the longest stream (4..7)")
        ->capture_default_str();
    app.add_option("--fifo-depth", fifo_depth, "PE input FIFO entries")->capture_default_str();
    app.add_option("--psum-fifo-depth", psum_fifo, "PE psum FIFO entries")->capture_default_str();
    app.add_option("--glb-kb", glb_kb, "global buffer KB (a multiple of the 4 KB bank)")
        ->capture_default_str();
    app.add_option("--top", top, "synthesise this RTL module instead of the accelerator")
        ->capture_default_str();
    app.add_option("--param", params,
                   "NAME=VALUE: a parameter of --top (other than rsacc_top), repeatable");
    app.add_option("--liberty", liberty, "standard-cell Liberty file")->capture_default_str();
    app.add_option("--ge-cell", ge_cell,
                   "cell that is one gate equivalent (default: the smallest *NAND2*)");
    app.add_option("--sram-min-bits", sram_min_bits,
                   "spad_sram / sram_1r1w memories of at least this many bits become SRAM macros")
        ->capture_default_str()
        ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
    app.add_option("--sram-model", sram_model, "SRAM macro area model (JSON)")
        ->capture_default_str();
    app.add_option("--out", out,
                   "report directory: <out>/<name>.json and <out>/<name>/ (Yosys logs)")
        ->capture_default_str();
    app.add_option("--name", name, "configuration name (default: from the parameters)");
    app.add_option("-j,--jobs", jobs, "Yosys processes")
        ->capture_default_str()
        ->check(CLI::Range(1, 64));
    app.add_option("--yosys", yosys, "Yosys binary")->capture_default_str();
    app.add_option("--cache-dir", cache_dir,
                   "keep per-module results here and reuse them (sweeps share one; docs/area.md)");
    app.add_flag("--json", json_out, "print the JSON report instead of the table");
    app.add_flag("-q,--quiet", quiet, "no progress lines");
    sim::cli::one_line_errors(app);
    CLI11_PARSE(app, argc, argv);

    try {
        synth::FlowOptions opt;
        opt.repo = RSACC_SOURCE_DIR;
        opt.sources = synth::rtl_sources();
        opt.top = top;
        opt.yosys = yosys;
        opt.jobs = jobs;
        opt.cache_dir = cache_dir;
        opt.sram_min_bits = sram_min_bits;
        nlohmann::json config;
        if (top == "rsacc_top") {
            if (!params.empty())
                throw std::invalid_argument(
                    "--param is for --top other than rsacc_top; use --rows, --cols, ...");
            if (glb_kb <= 0 || (glb_kb * 1024) % hw.glb_bank_bytes() != 0)
                throw std::invalid_argument(
                    fmt::format("--glb-kb {} is not a positive multiple of the {} KB bank", glb_kb,
                                hw.glb_bank_bytes() / 1024));
            hw.glb_bytes = glb_kb * 1024;
            hw.mac_kind = mac == "sc" ? 1 : 0;
            hw.sc.length = std::min(hw.sc.length, 1 << hw.sc_max_log2_length);  // run-time only
            hw.validate();
            opt.params = {{"Rows", contract_range("Rows", hw.rows)},
                          {"Cols", contract_range("Cols", hw.cols)},
                          {"DataWidth", contract_range("DataWidth", hw.data_width)},
                          {"AccWidth", contract_range("AccWidth", hw.acc_width)},
                          {"FilterWords", contract_range("FilterWords", hw.filter_words)},
                          {"IfmapWords", contract_range("IfmapWords", hw.ifmap_words)},
                          {"PsumWords", contract_range("PsumWords", hw.psum_words)},
                          {"FifoDepth", contract_range("FifoDepth", fifo_depth)},
                          {"PsumFifoDepth", contract_range("PsumFifoDepth", psum_fifo)},
                          {"GlbBanks", contract_range("GlbBanks", hw.glb_banks())},
                          {"GlbBankWords", contract_range("GlbBankWords", hw.glb_bank_words)},
                          {"MacKind", contract_range("MacKind", hw.mac_kind)},
                          {"ScLanes", contract_range("ScLanes", hw.sc.lanes)},
                          {"ScMaxLog2L", contract_range("ScMaxLog2L", hw.sc_max_log2_length)}};
            config = {{"rows", hw.rows},
                      {"cols", hw.cols},
                      {"data_width", hw.data_width},
                      {"acc_width", hw.acc_width},
                      {"filter_words", hw.filter_words},
                      {"ifmap_words", hw.ifmap_words},
                      {"psum_words", hw.psum_words},
                      {"fifo_depth", fifo_depth},
                      {"psum_fifo_depth", psum_fifo},
                      {"glb_kb", glb_kb},
                      {"mac", mac}};
            if (hw.stochastic())
                config.update(
                    {{"sc_lanes", hw.sc.lanes}, {"sc_max_length", 1 << hw.sc_max_log2_length}});
            if (name.empty())
                name = fmt::format("{}x{}_d{}_a{}_f{}_i{}_p{}_fifo{}_pf{}_{}kb{}", hw.rows, hw.cols,
                                   hw.data_width, hw.acc_width, hw.filter_words, hw.ifmap_words,
                                   hw.psum_words, fifo_depth, psum_fifo, glb_kb,
                                   hw.stochastic() ? fmt::format("_sc{}_l{}", hw.sc.lanes,
                                                                 1 << hw.sc_max_log2_length)
                                                   : "");
        } else {
            std::string auto_name = top;
            for (const auto& p : params) {
                const auto eq = p.find('=');
                int64_t v = 0;
                size_t used = 0;
                try {
                    if (eq == std::string::npos || eq == 0) throw std::invalid_argument("");
                    v = std::stoll(p.substr(eq + 1), &used);
                } catch (const std::exception&) {
                    used = std::string::npos;
                }
                if (eq == std::string::npos || used != p.size() - eq - 1)
                    throw std::invalid_argument(fmt::format("--param '{}' is not NAME=INTEGER", p));
                opt.params.emplace_back(p.substr(0, eq), v);
                config[p.substr(0, eq)] = v;
                auto_name += fmt::format("_{}{}", p.substr(0, eq), v);
            }
            if (name.empty()) name = auto_name;
        }
        config["top"] = top;
        config["name"] = name;
        if (name.find('/') != std::string::npos || name.empty() || name[0] == '.')
            throw std::invalid_argument(fmt::format("--name '{}' must be a plain file name", name));
        auto lib = synth::Liberty::load(liberty, ge_cell);
        auto sram = synth::SramModel::load(sram_model);
        opt.liberty = fs::absolute(liberty);
        opt.work_dir = fs::path(out) / name;
        if (!quiet)
            opt.progress = [&](const std::string& s) {
                fmt::print(stderr, "rsacc-synth {}: {}\n", name, s);
            };
        auto flow = synth::run_flow(opt);
        auto report =
            synth::make_report(std::move(flow), std::move(lib), std::move(sram), sram_min_bits);
        const auto j = report.to_json(config);
        const fs::path json_path = fs::path(out) / (name + ".json");
        {
            std::ofstream f(json_path);
            f << j.dump(1) << "\n";
            if (!f) throw std::runtime_error(fmt::format("cannot write {}", json_path.string()));
        }
        if (json_out) {
            std::cout << j.dump(1) << "\n";
        } else {
            fmt::print(
                "rsacc-synth {}: {}, Liberty {} (1 GE = {} = {} um^2), SRAM macros: spad_sram/"
                "sram_1r1w >= {} bits; {:.0f} s\n\n",
                name, report.flow.yosys_version, report.liberty.path.filename().string(),
                report.liberty.ge_cell, report.liberty.ge_area, sram_min_bits, report.flow.seconds);
            fmt::print("{}", report.table());
            fmt::print(
                "SRAM area is a model (synth/sram_model.json, docs/area.md), not a memory "
                "compiler's figure.\nreport: {}  Yosys logs: {}/\n",
                json_path.string(), opt.work_dir.string());
        }
    } catch (const std::exception& e) {
        fmt::print(stderr, "rsacc-synth: {}\n", e.what());
        return 1;
    }
    return 0;
}
