// SPDX-License-Identifier: Apache-2.0
#include "sim/wave_view.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include <fmt/format.h>

#include "sim/trace_time.hpp"

namespace sim {
namespace {

// GTKWave trace flags (the '@' lines): hex, decimal, binary, right-justified, signed, and
// "translated by a filter file" (the '^N file' line before the signal names it).
constexpr unsigned kHex = 0x2, kDec = 0x4, kBin = 0x8, kRight = 0x20, kSigned = 0x400,
                   kFileFilter = 0x2000;

struct Signal {
    const char* name;  // below top.rsacc_top.
    unsigned flags;
    const char* filter = nullptr;  // waves/filters/<filter>.txt (decimal values)
};
struct Group {
    const char* title;
    std::initializer_list<Signal> signals;
};

const Group kGroups[] = {
    {"Host interface",
     {{"clk_i", kBin},
      {"start_i", kBin},
      {"busy_o", kBin},
      {"done_o", kBin},
      {"status_o[7:0]", kDec, "status"}}},
    {"Controller",
     {{"u_ctrl.st_q[1:0]", kDec, "ctrl_state"},
      {"u_ctrl.op[7:0]", kDec, "opcode"},
      {"phase[2:0]", kDec, "phase"},
      {"u_ctrl.word_cnt_q[2:0]", kDec},
      {"u_ctrl.fill_start_o", kBin},
      {"u_ctrl.ids_start_o", kBin},
      {"u_ctrl.run_start_o", kBin},
      {"u_ctrl.drain_start_o", kBin},
      {"u_ctrl.run_done_i", kBin}}},
    {"DRAM port",
     {{"dram_req_valid_o", kBin},
      {"dram_req_ready_i", kBin},
      {"dram_req_write_o", kBin},
      {"dram_req_addr_o[31:0]", kHex},
      {"dram_req_wdata_o[63:0]", kHex},
      {"dram_resp_valid_i", kBin},
      {"dram_resp_ready_o", kBin},
      {"dram_resp_rdata_i[63:0]", kHex}}},
    {"Networks (valid/ready/tag/data at the array's inputs and output)",
     {{"f_valid", kBin},
      {"f_ready", kBin},
      {"f_tag[15:0]", kHex},
      {"f_data[63:0]", kHex},
      {"i_valid", kBin},
      {"i_ready", kBin},
      {"i_tag[15:0]", kHex},
      {"i_data[15:0]", kSigned},
      {"p_valid", kBin},
      {"p_ready", kBin},
      {"p_tag[15:0]", kHex},
      {"p_data[31:0]", kSigned},
      {"o_valid", kBin},
      {"o_ready", kBin},
      {"o_data[31:0]", kSigned}}},
    {"PE (0,0)",
     {{"u_array.gen_row[0].gen_col[0].u_pe.busy_o", kBin},
      {"u_array.gen_row[0].gen_col[0].u_pe.filt_valid_i", kBin},
      {"u_array.gen_row[0].gen_col[0].u_pe.filt_ready_o", kBin},
      {"u_array.gen_row[0].gen_col[0].u_pe.ifm_valid_i", kBin},
      {"u_array.gen_row[0].gen_col[0].u_pe.ifm_ready_o", kBin},
      {"u_array.gen_row[0].gen_col[0].u_pe.psum_in_valid_i", kBin},
      {"u_array.gen_row[0].gen_col[0].u_pe.psum_out_valid_o", kBin},
      {"u_array.gen_row[0].gen_col[0].u_pe.ev_mac_o", kBin},
      {"u_array.gen_row[0].gen_col[0].u_pe.ev_zero_skip_o", kBin}}},
};

// Cycles the view opens on, and the window's width in pixels ([size] below, minus the names).
constexpr uint64_t kZoomCycles = 200;
constexpr double kWavePixels = 1300;

}  // namespace

std::string gtkw_path_for(const std::string& fst_path) {
    std::filesystem::path p(fst_path);
    if (p.extension() == ".fst") return p.replace_extension(".gtkw").string();
    return fst_path + ".gtkw";
}

std::string gtkw_save_file(const WaveView& v) {
    std::ostringstream o;
    const uint64_t start_ps = v.first_cycle * kClockPeriodPs;
    const uint64_t shown = std::max<uint64_t>(1, std::min(v.cycles, kZoomCycles));
    // GTKWave shows zoombase^-zoom time units (ps) per pixel, zoombase 2.
    const double zoom = -std::log2(double(shown * kClockPeriodPs) / kWavePixels);
    o << "[*] GTKWave save file written by rsacc-sim with the trace (sim/src/wave_view.cpp).\n"
      << fmt::format(
             "[*] Time is real time at {} MHz: one cycle = {} ps; cycle c starts at c * {} ps.\n",
             contract::kDefaultClockMhz, kClockPeriodPs, kClockPeriodPs)
      << fmt::format("[*] Opens on cycles {}..{} of the traced window {}..{}.\n", v.first_cycle,
                     v.first_cycle + shown - 1, v.first_cycle, v.first_cycle + v.cycles - 1)
      << fmt::format("[dumpfile] \"{}\"\n", std::filesystem::absolute(v.fst_path).string())
      << fmt::format("[timestart] {}\n", start_ps) << "[size] 1600 900\n"
      << fmt::format(
             "*{:.6f} {} -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1\n",
             zoom, start_ps)
      << "[treeopen] top.\n[treeopen] top.rsacc_top.\n";
    const std::string filter_dir = v.filter_dir.empty() ? RSACC_WAVE_FILTER_DIR : v.filter_dir;
    int filter_slot = 0;
    for (const Group& g : kGroups) {
        o << "@800200\n-" << g.title << "\n";
        for (const Signal& s : g.signals) {
            unsigned flags = s.flags | kRight;
            if (s.filter) {
                flags |= kFileFilter;
                o << fmt::format(
                    "@{:x}\n^{} {}\n", flags, ++filter_slot,
                    (std::filesystem::path(filter_dir) / (std::string(s.filter) + ".txt")).string());
            } else {
                o << fmt::format("@{:x}\n", flags);
            }
            o << "top.rsacc_top." << s.name << "\n";
        }
        o << "@1000200\n-" << g.title << "\n";
    }
    return o.str();
}

}  // namespace sim
