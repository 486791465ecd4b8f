// SPDX-License-Identifier: Apache-2.0
// Area of a synthesised design: per module and composed by instance count, in cells, flop bits,
// transistors, um^2 and gate equivalents, with SRAM macros from a documented model, and the
// PE / array / top-level splits (docs/area.md).
#pragma once
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "synth/liberty.hpp"
#include "synth/yosys_flow.hpp"

namespace synth {

// SRAM macro area (synth/sram_model.json): (rows*width*cell + rows*row + width*column + fixed)
// lambda^2, lambda scaled from the reference process by the Liberty's NAND2 area.
struct SramModel {
    double cell = 0, row = 0, column = 0, fixed = 0, ref_lambda_um = 0, ref_nand2_um2 = 0;
    nlohmann::json doc;  // the file, for the report
    static SramModel load(const std::filesystem::path& path);
    double lambda_um(const Liberty& lib) const;
    double area_um2(int64_t rows, int64_t width, double lambda_um) const;
};

struct Area {
    int64_t cells = 0, flop_bits = 0, transistors = 0, sram_bits = 0, sram_macros = 0;
    double logic_um2 = 0, sram_um2 = 0;
    bool transistors_exact = true;
    void add(const Area& o, int64_t times);
    double total_um2() const { return logic_um2 + sram_um2; }
    nlohmann::json to_json(double ge_area) const;
};

struct ModuleArea {
    std::string name, base, label;  // label: base, plus where it sits when a base has variants
    int64_t instances = 0;          // in the whole design
    Area own;                       // this module's own logic (or macro), one instance
    Area subtree;                   // with everything below it, one instance
    int logic_depth = 0;
    const ModuleStats* stats = nullptr;
};

struct AreaReport {
    FlowResult flow;
    Liberty liberty;
    SramModel sram;
    double lambda_um = 0;
    int64_t sram_min_bits = 0;
    std::vector<ModuleArea> modules;  // top first, then by total area
    Area total;
    std::map<std::string, int64_t> total_gates, total_lib_cells;  // by type, whole design
    // split name ("pe", "array", "top") -> category -> area of one instance of that block
    std::map<std::string, std::vector<std::pair<std::string, Area>>> splits;

    nlohmann::json to_json(const nlohmann::json& config) const;
    std::string table() const;
};

AreaReport make_report(FlowResult flow, Liberty lib, SramModel sram, int64_t sram_min_bits);

}  // namespace synth
