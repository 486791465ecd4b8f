// SPDX-License-Identifier: Apache-2.0
// The GTKWave view of an accelerator trace: a save file written next to the FST (same name,
// .gtkw) that opens the trace with the signals grouped by block, opcodes, controller states,
// phases and status shown by name (translate filters from the contract, waves/filters/), and the
// view zoomed on the first cycles of the traced window, where the run starts.
#pragma once
#include <cstdint>
#include <string>

namespace sim {

struct WaveView {
    std::string fst_path;      // the trace the save file opens
    uint64_t first_cycle = 0;  // first traced cycle
    uint64_t cycles = 0;       // traced cycles
    // Directory of the contract's translate filters; empty: this source tree's waves/filters.
    std::string filter_dir;
};

// The save file's text (see gtkw_path_for for where it goes).
std::string gtkw_save_file(const WaveView& view);

// "waves/x.fst" -> "waves/x.gtkw" (any other extension: appended).
std::string gtkw_path_for(const std::string& fst_path);

}  // namespace sim
