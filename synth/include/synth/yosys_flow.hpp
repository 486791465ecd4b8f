// SPDX-License-Identifier: Apache-2.0
// Hierarchical Yosys flow (docs/area.md). Pass 1 elaborates the design with its parameters and
// lists every distinct module (a parameterised module once per parameter set). Memories of the
// macro kinds at or above the size threshold become black boxes (SRAM macros). Every other
// module is synthesised once, whatever its instance count, by a Yosys process of its own (the
// rest as port-only black boxes), `jobs` processes at a time, largest first. Per module:
//   generic gates (synth; abc)            cells by type, flop bits, logic depth (ltp -noff)
//   flops legalised to $_DFF_P_           transistors (stat -tech cmos)
//   dfflibmap + abc -liberty              standard cells of the Liberty (area, GE)
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace synth {

struct FlowOptions {
    std::filesystem::path repo;        // include path of the RTL (`include "rtl/...")
    std::vector<std::string> sources;  // RTL files, in compile order
    std::string top = "rsacc_top";
    std::vector<std::pair<std::string, int64_t>> params;  // top-level parameters to set
    std::filesystem::path liberty;
    std::filesystem::path work_dir;  // scripts, logs and Yosys outputs
    int64_t sram_min_bits = 256;     // macro threshold
    std::vector<std::string> macro_kinds{"spad_sram", "sram_1r1w"};  // synchronous-read memories
    int jobs = 2;
    // Per-module results kept by a hash of everything that determines them (module, child
    // ports, script, Liberty, Yosys version) and reused by later runs; empty: no cache.
    std::filesystem::path cache_dir;
    std::string yosys = "yosys";
    std::function<void(const std::string&)> progress;  // one line per step (may be empty)
};

struct ModuleStats {
    std::string name;  // Yosys's name of the (derived) module, without a leading backslash
    std::string base;  // the RTL module it comes from
    std::map<std::string, int64_t> children;  // module name -> instances in this module
    // Own logic (child instances excluded):
    std::map<std::string, int64_t> gates;  // generic gate-level cells by type
    int64_t cells = 0;                     // generic cells
    int64_t flop_bits = 0;
    int64_t transistors = 0;  // CMOS, flops as plain DFFs
    bool transistors_exact = true;
    std::map<std::string, int64_t> lib_cells;  // standard cells by type
    int logic_depth = 0;                       // longest path in generic gates, flops cut
    // SRAM macro (a black box of this kind and size): geometry of its memory.
    bool macro = false;
    int64_t sram_rows = 0, sram_width = 0;
    int64_t memory_bits = 0;  // RTL memory bits (macro or not)
};

struct FlowResult {
    std::string top;
    std::map<std::string, ModuleStats> modules;  // by name
    std::string yosys_version;
    std::vector<std::vector<std::string>> groups;  // the module(s) each Yosys process synthesised
    size_t cached = 0;                             // modules whose results came from the cache
    double seconds = 0;
};

// Throws std::runtime_error with one line (the Yosys ERROR line and the log's path) on failure.
FlowResult run_flow(const FlowOptions& opt);

// "$paramod$<hash>\fifo" / "$paramod\mem_port\MaxReads=..." / "\pe" -> "fifo" / "mem_port" / "pe".
std::string base_name(const std::string& name);

}  // namespace synth
