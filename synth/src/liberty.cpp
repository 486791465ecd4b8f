// SPDX-License-Identifier: Apache-2.0
#include "synth/liberty.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace synth {

Liberty Liberty::load(const std::filesystem::path& path, const std::string& ge_cell) {
    auto fail = [&](const std::string& why) {
        throw std::runtime_error(fmt::format("liberty: {}: {}", path.string(), why));
    };
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) fail("no such file");
    std::ifstream in(path);
    if (!in) fail("cannot be read");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    // Comments out, then: cell ( NAME ) { ... area : X ; ... } with the area before the next cell.
    text = std::regex_replace(text, std::regex(R"(/\*[\s\S]*?\*/)"), " ");
    if (text.find("library") == std::string::npos) fail("not a Liberty file (no library group)");
    const std::regex cell_re(R"(\bcell\s*\(\s*\"?([A-Za-z0-9_$]+)\"?\s*\)\s*\{)");
    const std::regex area_re(R"(\barea\s*:\s*\"?([0-9.eE+-]+)\"?\s*;)");
    Liberty lib;
    lib.path = path;
    std::vector<std::pair<std::string, size_t>> cells;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), cell_re);
         it != std::sregex_iterator(); ++it)
        cells.emplace_back((*it)[1].str(), size_t(it->position(0) + it->length(0)));
    for (size_t i = 0; i < cells.size(); ++i) {
        const size_t end = i + 1 < cells.size() ? cells[i + 1].second : text.size();
        std::smatch m;
        const std::string body = text.substr(cells[i].second, end - cells[i].second);
        if (!std::regex_search(body, m, area_re)) continue;
        try {
            lib.cell_area[cells[i].first] = std::stod(m[1].str());
        } catch (const std::exception&) {
            fail(fmt::format("cell {}: area '{}' is not a number", cells[i].first, m[1].str()));
        }
    }
    if (lib.cell_area.empty()) fail("no cell with an area");
    if (!ge_cell.empty()) {
        auto it = lib.cell_area.find(ge_cell);
        if (it == lib.cell_area.end()) fail(fmt::format("no cell named {} (--ge-cell)", ge_cell));
        lib.ge_cell = it->first;
        lib.ge_area = it->second;
    } else {
        for (const auto& [name, area] : lib.cell_area) {
            std::string up = name;
            std::transform(up.begin(), up.end(), up.begin(),
                           [](unsigned char c) { return std::toupper(c); });
            if (up.find("NAND2") == std::string::npos || area <= 0) continue;
            if (lib.ge_cell.empty() || area < lib.ge_area) {
                lib.ge_cell = name;
                lib.ge_area = area;
            }
        }
        if (lib.ge_cell.empty())
            fail("no cell whose name contains NAND2 to define a gate equivalent (give --ge-cell)");
    }
    if (lib.ge_area <= 0)
        fail(fmt::format("gate-equivalent cell {} has area {}", lib.ge_cell, lib.ge_area));
    return lib;
}

double Liberty::area_of(const std::map<std::string, int64_t>& cells_by_type) const {
    double a = 0;
    for (const auto& [type, n] : cells_by_type) {
        auto it = cell_area.find(type);
        if (it != cell_area.end()) a += it->second * double(n);
    }
    return a;
}

}  // namespace synth
