// SPDX-License-Identifier: Apache-2.0
// The little the area report needs from a Liberty file: every cell's area, and the NAND2 cell
// that defines one gate equivalent (GE). Yosys maps with the same file (dfflibmap, abc).
#pragma once
#include <filesystem>
#include <map>
#include <string>

namespace synth {

struct Liberty {
    std::filesystem::path path;
    std::map<std::string, double> cell_area;  // cell name -> area (the library's unit, um^2)
    std::string ge_cell;                      // the NAND2 that is one gate equivalent
    double ge_area = 0;

    // Throws std::runtime_error, one line naming the file, when it cannot be read, has no cell
    // with an area, or (ge_cell empty) no cell whose name contains NAND2. ge_cell names the GE
    // cell explicitly.
    static Liberty load(const std::filesystem::path& path, const std::string& ge_cell = "");
    double area_of(const std::map<std::string, int64_t>& cells_by_type) const;
};

}  // namespace synth
