// SPDX-License-Identifier: Apache-2.0
#include "synth/area_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <set>
#include <stdexcept>

namespace synth {
namespace fs = std::filesystem;
using nlohmann::json;

SramModel SramModel::load(const fs::path& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(fmt::format("sram model: {}: cannot be read", path.string()));
    SramModel m;
    try {
        m.doc = json::parse(in);
        m.cell = m.doc.at("cell_lambda2").get<double>();
        m.row = m.doc.at("row_periphery_lambda2").get<double>();
        m.column = m.doc.at("column_periphery_lambda2").get<double>();
        m.fixed = m.doc.at("fixed_lambda2").get<double>();
        m.ref_lambda_um = m.doc.at("reference_lambda_um").get<double>();
        m.ref_nand2_um2 = m.doc.at("reference_nand2_um2").get<double>();
    } catch (const std::exception& e) {
        throw std::runtime_error(fmt::format("sram model: {}: {}", path.string(), e.what()));
    }
    for (double v : {m.cell, m.ref_lambda_um, m.ref_nand2_um2})
        if (!(v > 0))
            throw std::runtime_error(
                fmt::format("sram model: {}: sizes must be > 0", path.string()));
    return m;
}

double SramModel::lambda_um(const Liberty& lib) const {
    return ref_lambda_um * std::sqrt(lib.ge_area / ref_nand2_um2);
}

double SramModel::area_um2(int64_t rows, int64_t width, double lam) const {
    const double l2 =
        double(rows) * double(width) * cell + double(rows) * row + double(width) * column + fixed;
    return l2 * lam * lam;
}

void Area::add(const Area& o, int64_t n) {
    cells += o.cells * n;
    flop_bits += o.flop_bits * n;
    transistors += o.transistors * n;
    sram_bits += o.sram_bits * n;
    sram_macros += o.sram_macros * n;
    logic_um2 += o.logic_um2 * double(n);
    sram_um2 += o.sram_um2 * double(n);
    transistors_exact = transistors_exact && o.transistors_exact;
}

json Area::to_json(double ge_area) const {
    return {{"cells", cells},
            {"flop_bits", flop_bits},
            {"transistors", transistors},
            {"transistors_exact", transistors_exact},
            {"logic_um2", logic_um2},
            {"logic_ge", logic_um2 / ge_area},
            {"sram_macros", sram_macros},
            {"sram_bits", sram_bits},
            {"sram_um2", sram_um2},
            {"total_um2", total_um2()}};
}

namespace {

// Splits: the first module of the chain (deepest first) whose base is listed names the category.
struct SplitDef {
    const char* name;
    const char* root;
    std::vector<std::pair<const char*, std::vector<const char*>>> categories;
};
const std::vector<SplitDef>& split_defs() {
    static const std::vector<SplitDef> defs{
        {"pe",
         "pe",
         {{"MAC datapath", {"pe_mac"}},
          {"scratchpads", {"spad_sram", "regfile"}},
          {"FIFOs", {"fifo", "fifo_pair"}},
          {"control", {"pe"}}}},
        {"array",
         "pe_array",
         {{"PEs", {"pe"}},
          {"networks", {"mc_noc", "mc_xbus"}},
          {"collector", {"psum_collector"}},
          {"array glue", {"pe_array"}}}},
        {"top",
         "rsacc_top",
         {{"array", {"pe_array"}},
          {"buffer", {"glb", "sram_1r1w"}},
          {"controller", {"controller", "cmd_fetch", "pass_ids"}},
          {"DMAs", {"fill_dma", "drain_dma", "mem_port", "out_writer"}},
          {"streamers", {"filter_streamer", "ifmap_streamer", "psum_streamer", "glb_reader"}},
          {"top glue", {"rsacc_top"}}}},
    };
    return defs;
}

std::string si(double v) {
    if (v >= 1e9) return fmt::format("{:.2f} G", v / 1e9);
    if (v >= 1e6) return fmt::format("{:.2f} M", v / 1e6);
    if (v >= 1e4) return fmt::format("{:.1f} k", v / 1e3);
    return fmt::format("{:.0f}", v);
}

}  // namespace

AreaReport make_report(FlowResult flow, Liberty lib, SramModel sram, int64_t sram_min_bits) {
    AreaReport r;
    r.flow = std::move(flow);
    r.liberty = std::move(lib);
    r.sram = std::move(sram);
    r.sram_min_bits = sram_min_bits;
    r.lambda_um = r.sram.lambda_um(r.liberty);
    const auto& mods = r.flow.modules;
    if (!mods.count(r.flow.top)) {
        // The top keeps its plain name unless parameters were set on it.
        bool found = false;
        for (const auto& [n, st] : mods)
            if (st.base == r.flow.top && !found) {
                r.flow.top = n;
                found = true;
            }
        if (!found)
            throw std::runtime_error(fmt::format("synth: top {} not in the design", r.flow.top));
    }
    // Own area of every module.
    std::map<std::string, Area> own;
    for (const auto& [name, st] : mods) {
        Area a;
        if (st.macro) {
            a.sram_macros = 1;
            a.sram_bits = st.sram_rows * st.sram_width;
            a.sram_um2 = r.sram.area_um2(st.sram_rows, st.sram_width, r.lambda_um);
        } else {
            a.cells = st.cells;
            a.flop_bits = st.flop_bits;
            a.transistors = st.transistors;
            a.transistors_exact = st.transistors_exact;
            a.logic_um2 = r.liberty.area_of(st.lib_cells);
            for (const auto& [type, n] : st.lib_cells)
                if (!r.liberty.cell_area.count(type))
                    throw std::runtime_error(
                        fmt::format("synth: module {} uses cell {} that has no area in {}", name,
                                    type, r.liberty.path.string()));
        }
        own[name] = a;
    }
    // Subtree areas (memoised) and instance counts from the top down.
    std::map<std::string, Area> sub;
    std::function<const Area&(const std::string&)> subtree =
        [&](const std::string& n) -> const Area& {
        auto it = sub.find(n);
        if (it != sub.end()) return it->second;
        Area a = own.at(n);
        for (const auto& [c, k] : mods.at(n).children) a.add(subtree(c), k);
        return sub[n] = a;
    };
    std::map<std::string, int64_t> inst;
    std::function<void(const std::string&, int64_t)> count = [&](const std::string& n, int64_t k) {
        inst[n] += k;
        for (const auto& [c, m] : mods.at(n).children) count(c, k * m);
    };
    count(r.flow.top, 1);
    r.total = subtree(r.flow.top);
    for (const auto& [n, k] : inst) {
        for (const auto& [type, c] : mods.at(n).gates) r.total_gates[type] += c * k;
        for (const auto& [type, c] : mods.at(n).lib_cells) r.total_lib_cells[type] += c * k;
    }

    // Labels: a base with several variants gets its parents' names.
    std::map<std::string, int> variants;
    for (const auto& [n, k] : inst) variants[mods.at(n).base]++;
    for (const auto& [n, k] : inst) {
        ModuleArea m;
        m.name = n;
        m.base = mods.at(n).base;
        m.instances = k;
        m.own = own.at(n);
        m.subtree = subtree(n);
        m.logic_depth = mods.at(n).logic_depth;
        m.stats = &mods.at(n);
        m.label = m.base;
        if (variants[m.base] > 1) {
            std::set<std::string> parents;
            for (const auto& [p, st] : mods)
                if (st.children.count(n) && inst.count(p)) parents.insert(st.base);
            std::string in;
            for (const auto& p : parents) in += (in.empty() ? "" : ",") + p;
            m.label = fmt::format("{} <{}> in {}", m.base,
                                  m.own.sram_macros ? fmt::format("{} bits", m.own.sram_bits)
                                                    : fmt::format("{} cells", m.own.cells),
                                  in);
        }
        r.modules.push_back(m);
    }
    std::sort(r.modules.begin(), r.modules.end(), [&](const ModuleArea& a, const ModuleArea& b) {
        if ((a.name == r.flow.top) != (b.name == r.flow.top)) return a.name == r.flow.top;
        return a.own.total_um2() * double(a.instances) > b.own.total_um2() * double(b.instances);
    });

    // Splits, for the blocks this design contains.
    for (const auto& def : split_defs()) {
        std::string root;
        for (const auto& [n, k] : inst)
            if (mods.at(n).base == def.root) root = n;
        if (root.empty()) continue;
        std::map<std::string, std::string> cat_of;
        for (const auto& [cat, bases] : def.categories)
            for (const char* b : bases) cat_of[b] = cat;
        std::map<std::string, Area> acc;
        std::function<void(const std::string&, int64_t, const std::string&)> walk =
            [&](const std::string& n, int64_t k, const std::string& inherited) {
                auto it = cat_of.find(mods.at(n).base);
                const std::string cat = it != cat_of.end() ? it->second : inherited;
                acc[cat].add(own.at(n), k);
                for (const auto& [c, m] : mods.at(n).children) walk(c, k * m, cat);
            };
        walk(root, 1, "other");
        auto& out = r.splits[def.name];
        for (const auto& [cat, bases] : def.categories) out.emplace_back(cat, acc[cat]);
        if (acc.count("other")) out.emplace_back("other", acc["other"]);
    }
    return r;
}

json AreaReport::to_json(const json& config) const {
    const double ge = liberty.ge_area;
    json j;
    j["config"] = config;
    j["tool"] = {{"yosys", flow.yosys_version}, {"seconds", flow.seconds}};
    j["liberty"] = {{"path", liberty.path.string()},
                    {"ge_cell", liberty.ge_cell},
                    {"ge_area_um2", ge},
                    {"cells", liberty.cell_area.size()}};
    j["sram"] = {{"min_bits", sram_min_bits}, {"lambda_um", lambda_um}, {"model", sram.doc}};
    j["total"] = total.to_json(ge);
    j["total"]["gates"] = total_gates;
    j["total"]["liberty_cells"] = total_lib_cells;
    json mods = json::array();
    for (const auto& m : modules) {
        json e{{"name", m.name},
               {"module", m.base},
               {"label", m.label},
               {"instances", m.instances},
               {"logic_depth", m.logic_depth},
               {"macro", m.stats->macro},
               {"own", m.own.to_json(ge)},
               {"subtree", m.subtree.to_json(ge)},
               {"gates", m.stats->gates},
               {"liberty_cells", m.stats->lib_cells}};
        if (m.stats->macro)
            e["sram_geometry"] = {{"rows", m.stats->sram_rows}, {"width", m.stats->sram_width}};
        mods.push_back(e);
    }
    j["modules"] = mods;
    json sp;
    for (const auto& [name, cats] : splits) {
        json c = json::array();
        for (const auto& [cat, a] : cats) c.push_back({{"part", cat}, {"area", a.to_json(ge)}});
        sp[name] = c;
    }
    j["splits"] = sp;
    json groups = json::array();
    for (const auto& g : flow.groups) groups.push_back(g.size());
    j["tool"]["modules_per_process"] = groups;
    j["tool"]["modules_from_cache"] = flow.cached;
    return j;
}

std::string AreaReport::table() const {
    const double ge = liberty.ge_area;
    std::string t;
    t +=
        fmt::format("{:<44} {:>6} {:>9} {:>9} {:>11} {:>11} {:>9} {:>9} {:>11} {:>5} {:>9}\n",
                    "module (per instance, own logic)", "inst", "cells", "flop bits", "transistors",
                    "logic um^2", "GE", "SRAM bits", "SRAM um^2", "depth", "all mm^2");
    for (const auto& m : modules) {
        std::string label = m.label.size() > 44 ? m.label.substr(0, 43) + "~" : m.label;
        t += fmt::format(
            "{:<44} {:>6} {:>9} {:>9} {:>11} {:>11.0f} {:>9.0f} {:>9} {:>11.0f} {:>5} {:>9.4f}\n",
            label, m.instances, m.own.cells, m.own.flop_bits, m.own.transistors, m.own.logic_um2,
            m.own.logic_um2 / ge, m.own.sram_bits, m.own.sram_um2,
            m.stats->macro ? std::string("-") : std::to_string(m.logic_depth),
            m.own.total_um2() * double(m.instances) / 1e6);
    }
    for (const auto& [name, cats] : splits) {
        t += fmt::format("\n{} split (one instance)     {:>11} {:>11} {:>11} {:>9}  share\n", name,
                         "logic kGE", "logic mm^2", "SRAM mm^2", "flop bits");
        double all = 0;
        for (const auto& [cat, a] : cats) all += a.total_um2();
        for (const auto& [cat, a] : cats)
            t += fmt::format("  {:<26} {:>11.1f} {:>11.4f} {:>11.4f} {:>9} {:>6.1f} %\n", cat,
                             a.logic_um2 / ge / 1e3, a.logic_um2 / 1e6, a.sram_um2 / 1e6,
                             a.flop_bits, all > 0 ? 100.0 * a.total_um2() / all : 0.0);
    }
    t += fmt::format(
        "\ntotal: {} cells, {} flop bits, {} transistors{} (logic), {:.1f} kGE = {:.3f} mm^2 logic "
        "+ {} SRAM macros, {} bits = {:.3f} mm^2 SRAM (model, lambda {:.3f} um) = {:.3f} mm^2\n",
        si(double(total.cells)), si(double(total.flop_bits)), si(double(total.transistors)),
        total.transistors_exact ? "" : " (lower bound)", total.logic_um2 / ge / 1e3,
        total.logic_um2 / 1e6, total.sram_macros, si(double(total.sram_bits)), total.sram_um2 / 1e6,
        lambda_um, total.total_um2() / 1e6);
    return t;
}

}  // namespace synth
