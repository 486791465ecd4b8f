#include "golden/topology.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

namespace golden {
namespace {

// clang-format off
enum Column { kName, kIfmapH, kIfmapW, kFilterH, kFilterW, kChannels, kFilters, kStrides, kPadding, kGroups,
              kColumnCount };
// clang-format on

// Spelling as SCALE-Sim writes it (used in messages); matching is case-insensitive.
constexpr std::array<const char*, kColumnCount> kColumnNames = {
    "Layer name", "IFMAP Height", "IFMAP Width", "Filter Height", "Filter Width",
    "Channels",   "Num Filter",   "Strides",     "Padding",       "Groups"};
constexpr int kRequiredColumns = kStrides + 1;  // Padding and Groups are our optional extensions

// LayerShape member (as named by LayerShape::validate) -> column it comes from.
const std::map<std::string, Column> kColumnOfMember = {
    {"C", kChannels},      {"H", kIfmapH},           {"W", kIfmapW},         {"M", kFilters},
    {"R", kFilterH},       {"S", kFilterW},          {"stride_v", kStrides}, {"stride_h", kStrides},
    {"pad_top", kPadding}, {"pad_bottom", kPadding}, {"pad_left", kPadding}, {"pad_right", kPadding},
    {"groups", kGroups}};

std::string trim(std::string_view s) {
    const auto* ws = " \t\r\n\v\f";
    const auto b = s.find_first_not_of(ws);
    return b == s.npos ? "" : std::string(s.substr(b, s.find_last_not_of(ws) - b + 1));
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Trimmed comma-separated fields; trailing empty fields (SCALE-Sim ends rows with ',') dropped.
std::vector<std::string> split_fields(std::string_view line) {
    std::vector<std::string> fields;
    for (size_t start = 0;;) {
        const auto comma = line.find(',', start);
        fields.push_back(trim(line.substr(start, comma - start)));
        if (comma == line.npos) break;
        start = comma + 1;
    }
    while (!fields.empty() && fields.back().empty()) fields.pop_back();
    return fields;
}

// validate()'s "layer L: field 'R' = 0 ..." as "field 'Filter Height' = 0 ...": the caller's file:line
// already identifies the layer, and the user knows columns, not LayerShape members.
std::string in_column_terms(std::string msg, const std::string& layer) {
    if (const std::string prefix = "layer " + layer + ": "; msg.rfind(prefix, 0) == 0)
        msg.erase(0, prefix.size());
    const std::string marker = "field '";
    const auto b = msg.find(marker);
    if (b == msg.npos) return msg;
    const auto e = msg.find('\'', b + marker.size());
    if (e == msg.npos) return msg;
    const auto it = kColumnOfMember.find(msg.substr(b + marker.size(), e - b - marker.size()));
    if (it == kColumnOfMember.end()) return msg;
    return msg.replace(b + marker.size(), e - b - marker.size(), kColumnNames[it->second]);
}

size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
            diag = up;
        }
    }
    return row[b.size()];
}

}  // namespace

std::vector<TopologyEntry> read_topology_entries(const std::string& path, int batch) {
    if (batch < 1) throw TopologyError(fmt::format("{}: batch = {} must be >= 1", path, batch));
    if (std::filesystem::is_directory(path))
        throw TopologyError(fmt::format("{}: is a directory, expected a topology CSV file", path));
    std::ifstream in(path);
    if (!in) throw TopologyError(fmt::format("{}: cannot read file: {}", path, std::strerror(errno)));

    std::vector<TopologyEntry> entries;
    std::vector<int> column_of_field;  // header position -> Column
    std::map<std::string, int> line_of_name;
    std::string text;
    int line = 0;
    while (std::getline(in, text)) {
        ++line;
        if (line == 1 && text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // UTF-8 BOM
        const auto fields = split_fields(text);
        if (fields.empty()) continue;  // blank line
        auto fail = [&](const std::string& what) {
            return TopologyError(fmt::format("{}:{}: {}", path, line, what));
        };

        if (column_of_field.empty()) {  // first non-blank line is the header
            std::array<bool, kColumnCount> seen{};
            for (const auto& f : fields) {
                const auto* it = std::find_if(kColumnNames.begin(), kColumnNames.end(),
                                              [&](const char* n) { return lower(n) == lower(f); });
                if (it == kColumnNames.end())
                    throw fail(
                        fmt::format("unknown column '{}' (known: {})", f, fmt::join(kColumnNames, ", ")));
                const int col = static_cast<int>(it - kColumnNames.begin());
                if (seen[col]) throw fail(fmt::format("column '{}' appears twice", f));
                seen[col] = true;
                column_of_field.push_back(col);
            }
            for (int col = 0; col < kRequiredColumns; ++col)
                if (!seen[col])
                    throw fail(fmt::format("missing required column '{}'", kColumnNames[col]));
            continue;
        }

        if (fields.size() < column_of_field.size())
            throw fail(fmt::format("row has {} fields, header has {}: no value for field '{}'",
                                   fields.size(), column_of_field.size(),
                                   kColumnNames[column_of_field[fields.size()]]));
        if (fields.size() > column_of_field.size())
            throw fail(fmt::format("row has {} fields, header has {}: unexpected extra field '{}'",
                                   fields.size(), column_of_field.size(),
                                   fields[column_of_field.size()]));
        std::array<std::optional<int>, kColumnCount> value;
        std::string name;
        for (size_t i = 0; i < fields.size(); ++i) {
            const int col = column_of_field[i];
            const auto& f = fields[i];
            if (col == kName) {
                name = f;
                continue;
            }
            int v = 0;
            const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
            if (f.empty() || ec != std::errc() || end != f.data() + f.size())
                throw fail(fmt::format("field '{}' = '{}' is not an integer{}", kColumnNames[col], f,
                                       ec == std::errc::result_out_of_range ? " in int range" : ""));
            value[col] = v;
        }
        if (name.empty()) throw fail(fmt::format("field '{}' is empty", kColumnNames[kName]));
        if (auto [it, fresh] = line_of_name.emplace(name, line); !fresh)
            throw fail(fmt::format("field '{}' = '{}' duplicates the layer on line {}",
                                   kColumnNames[kName], name, it->second));

        LayerShape L;
        L.name = name;
        L.N = batch;
        L.H = *value[kIfmapH];
        L.W = *value[kIfmapW];
        L.R = *value[kFilterH];
        L.S = *value[kFilterW];
        L.C = *value[kChannels];
        L.M = *value[kFilters];
        L.stride_v = L.stride_h = *value[kStrides];
        L.pad_top = L.pad_bottom = L.pad_left = L.pad_right = value[kPadding].value_or(0);
        L.groups = value[kGroups].value_or(1);
        try {
            L.validate();
        } catch (const std::invalid_argument& e) {
            throw fail(in_column_terms(e.what(), L.name));
        }
        entries.push_back({std::move(L), path, line});
    }
    if (in.bad()) throw TopologyError(fmt::format("{}: read error: {}", path, std::strerror(errno)));
    if (column_of_field.empty())
        throw TopologyError(fmt::format("{}:{}: no header line", path, std::max(line, 1)));
    if (entries.empty())
        throw TopologyError(fmt::format("{}:{}: no layers after the header", path, line));
    return entries;
}

std::vector<LayerShape> read_topology(const std::string& path, int batch) {
    std::vector<LayerShape> layers;
    for (auto& e : read_topology_entries(path, batch)) layers.push_back(std::move(e.layer));
    return layers;
}

std::vector<TopologyEntry> read_topologies(const std::vector<std::string>& files, int batch) {
    std::vector<TopologyEntry> all;
    std::map<std::string, const TopologyEntry*> first;
    for (const auto& file : files) {
        auto entries = read_topology_entries(file, batch);
        all.insert(all.end(), std::make_move_iterator(entries.begin()),
                   std::make_move_iterator(entries.end()));
    }
    for (const auto& e : all)
        if (auto [it, fresh] = first.emplace(e.layer.name, &e); !fresh)
            throw TopologyError(fmt::format("{}:{}: field '{}' = '{}' is already defined at {}:{}",
                                            e.file, e.line, kColumnNames[kName], e.layer.name,
                                            it->second->file, it->second->line));
    return all;
}

std::vector<std::string> zoo_files(const std::string& dir) {
    std::error_code ec;
    std::vector<std::string> files;
    for (const auto& f : std::filesystem::directory_iterator(dir, ec))
        if (f.is_regular_file() && f.path().extension() == ".csv") files.push_back(f.path().string());
    if (ec) throw TopologyError(fmt::format("{}: cannot list topology directory: {}", dir, ec.message()));
    std::sort(files.begin(), files.end());
    return files;
}

TopologyEntry find_layer_entry(const std::string& name, const std::vector<std::string>& files,
                               int batch) {
    auto entries = read_topologies(files, batch);
    for (auto& e : entries)
        if (e.layer.name == name) return std::move(e);

    // Close names: small edit distance or containing the query (e.g. "conv1" -> every network's conv1).
    std::vector<std::pair<size_t, std::string>> close;
    for (const auto& e : entries) {
        const size_t d = edit_distance(name, e.layer.name);
        if (d <= std::max<size_t>(2, name.size() / 4) || e.layer.name.find(name) != std::string::npos)
            close.emplace_back(d, e.layer.name);
    }
    std::sort(close.begin(), close.end());
    close.resize(std::min<size_t>(close.size(), 5));
    std::vector<std::string> names;
    for (auto& c : close) names.push_back(c.second);
    throw TopologyError(
        fmt::format("layer '{}' not found in {} topology file(s){}", name, files.size(),
                    names.empty() ? "" : fmt::format("; did you mean {}?", fmt::join(names, ", "))));
}

LayerShape find_layer(const std::string& name, const std::vector<std::string>& files, int batch) {
    return find_layer_entry(name, files, batch).layer;
}

}  // namespace golden
