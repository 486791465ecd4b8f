// SPDX-License-Identifier: Apache-2.0
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
constexpr int kRequiredColumns =
    kStrides + 1;  // read by position; Padding and Groups by name after them
constexpr size_t kMaxLineBytes = size_t{1}
                                 << 16;  // a longer line is not a topology CSV (/dev/zero)

// LayerShape member (as named by LayerShape::validate) -> column it comes from.
const std::map<std::string, Column> kColumnOfMember = {
    {"C", kChannels},         {"H", kIfmapH},         {"W", kIfmapW},
    {"M", kFilters},          {"R", kFilterH},        {"S", kFilterW},
    {"stride_v", kStrides},   {"stride_h", kStrides}, {"pad_top", kPadding},
    {"pad_bottom", kPadding}, {"pad_left", kPadding}, {"pad_right", kPadding},
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

bool is_integer(const std::string& f) {
    int v = 0;
    const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
    return !f.empty() && ec == std::errc() && end == f.data() + f.size();
}

// Header entry `field` at position `col` (< kRequiredColumns) has the documented name, ignoring case
// and surrounding whitespace. SCALE-Sim's own files also write "Layer" for "Layer name".
bool documented_name(int col, const std::string& field) {
    const auto f = lower(field);
    return f == lower(kColumnNames[col]) || (col == kName && f == "layer");
}

// Reads one line (without its '\n') into `line`; false at the end of the input. Refuses lines longer
// than kMaxLineBytes and NUL bytes, so a binary file or a device fails fast instead of filling memory.
bool next_line(std::streambuf& buf, std::string& line, const std::string& path, int line_no) {
    using traits = std::streambuf::traits_type;
    line.clear();
    for (;;) {
        const auto c = buf.sbumpc();
        if (traits::eq_int_type(c, traits::eof())) return !line.empty();
        if (c == '\n') return true;
        if (c == '\0')
            throw TopologyError(
                fmt::format("{}:{}: contains a NUL byte: not a topology CSV file", path, line_no));
        if (line.size() == kMaxLineBytes)
            throw TopologyError(
                fmt::format("{}:{}: line longer than {} bytes: not a topology CSV file", path,
                            line_no, kMaxLineBytes));
        line.push_back(traits::to_char_type(c));
    }
}

// "a.csv, b.csv" for up to three files, else "N topology files".
std::string describe_files(const std::vector<std::string>& files) {
    if (files.size() <= 3) return fmt::format("{}", fmt::join(files, ", "));
    return fmt::format("{} topology files", files.size());
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

// Up to five names of `entries` close to `name`: small edit distance or containing it
// (e.g. "conv1" -> every network's conv1), each once.
std::vector<std::string> close_names(const std::string& name,
                                     const std::vector<TopologyEntry>& entries) {
    std::vector<std::pair<size_t, std::string>> close;
    for (const auto& e : entries) {
        const size_t d = edit_distance(name, e.layer.name);
        if (d <= std::max<size_t>(2, name.size() / 4) ||
            e.layer.name.find(name) != std::string::npos)
            close.emplace_back(d, e.layer.name);
    }
    std::sort(close.begin(), close.end());
    close.erase(std::unique(close.begin(), close.end()), close.end());
    close.resize(std::min<size_t>(close.size(), 5));
    std::vector<std::string> names;
    for (auto& c : close) names.push_back(c.second);
    return names;
}

// The one entry called `name`; nullptr if none; throws if several (files may share names).
const TopologyEntry* unique_match(const std::string& name,
                                  const std::vector<TopologyEntry>& entries) {
    std::vector<const TopologyEntry*> hits;
    for (const auto& e : entries)
        if (e.layer.name == name) hits.push_back(&e);
    if (hits.size() <= 1) return hits.empty() ? nullptr : hits.front();
    std::vector<std::string> where;
    for (const auto* e : hits) where.push_back(fmt::format("{}:{}", e->file, e->line));
    throw TopologyError(
        fmt::format("layer '{}' is ambiguous: defined in {}; pass --topology FILE to choose", name,
                    fmt::join(where, ", ")));
}

std::string not_found(const std::string& name, const std::string& searched,
                      const std::vector<TopologyEntry>& entries) {
    const auto names = close_names(name, entries);
    return fmt::format(
        "layer '{}' not found in {}{}", printable(name), searched,
        names.empty() ? "" : fmt::format("; did you mean {}?", fmt::join(names, ", ")));
}

}  // namespace

std::vector<TopologyEntry> read_topology_entries(const std::string& path, int batch,
                                                 std::vector<std::string>* warnings) {
    if (batch < 1) throw TopologyError(fmt::format("{}: batch = {} must be >= 1", path, batch));
    if (std::filesystem::is_directory(path))
        throw TopologyError(fmt::format("{}: is a directory, expected a topology CSV file", path));
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw TopologyError(fmt::format("{}: cannot read file: {}", path, std::strerror(errno)));

    std::vector<TopologyEntry> entries;
    std::vector<int> column_of_field;     // header position -> Column, or -1 for an ignored column
    std::vector<std::string> field_name;  // header position -> name used in messages
    std::map<std::string, int> line_of_name;
    std::string text;
    int line = 0;
    while (next_line(*in.rdbuf(), text, path, line + 1)) {
        ++line;
        if (line == 1 && text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // UTF-8 BOM
        const auto fields = split_fields(text);
        if (fields.empty()) continue;  // blank line
        auto fail = [&](const std::string& what) {
            return TopologyError(fmt::format("{}:{}: {}", path, line, what));
        };

        if (column_of_field.empty()) {  // first non-blank line is the header
            // The first eight columns by position, as SCALE-Sim reads them, whatever their names.
            const size_t named = std::min<size_t>(fields.size(), kRequiredColumns);
            if (fields.size() >= 2 &&
                std::all_of(fields.begin() + 1, fields.begin() + named, is_integer))
                throw fail(
                    fmt::format("'{}' looks like a data row, not a header: the first line must be "
                                "the header ({}, ...)",
                                printable(text),
                                fmt::join(kColumnNames.begin(), kColumnNames.begin() + 3, ", ")));
            if (fields.size() < kRequiredColumns)
                throw fail(fmt::format(
                    "header has {} fields, a topology needs at least {}: missing required column '{}'",
                    fields.size(), kRequiredColumns, kColumnNames[fields.size()]));
            std::vector<std::string> differs;
            for (int col = 0; col < kRequiredColumns; ++col) {
                if (!documented_name(col, fields[col]))
                    differs.push_back(fmt::format("column {} is '{}', expected '{}'", col + 1,
                                                  printable(fields[col]), kColumnNames[col]));
                column_of_field.push_back(col);
                field_name.push_back(kColumnNames[col]);
            }
            if (!differs.empty() && warnings)
                warnings->push_back(fmt::format(
                    "{}:{}: header names differ from SCALE-Sim's ({}); the first {} columns are read by "
                    "position, as SCALE-Sim does",
                    path, line, fmt::join(differs, "; "), kRequiredColumns));
            // Later columns by name: Padding and Groups; anything else is ignored with a warning,
            // unless it looks like a misspelt Padding or Groups (that would silently change shapes).
            std::array<bool, kColumnCount> seen{};
            std::vector<std::string> ignored;
            for (size_t i = kRequiredColumns; i < fields.size(); ++i) {
                const auto f = lower(fields[i]);
                int col = -1;
                for (int c = kRequiredColumns; c < kColumnCount; ++c) {
                    if (f == lower(kColumnNames[c])) col = c;
                    else if (!f.empty() && edit_distance(f, lower(kColumnNames[c])) <= 2)
                        throw fail(
                            fmt::format("unknown column '{}' (column {}): did you mean '{}'?",
                                        printable(fields[i]), i + 1, kColumnNames[c]));
                }
                if (col >= 0 && seen[col])
                    throw fail(fmt::format("column '{}' appears twice", kColumnNames[col]));
                if (col >= 0) seen[col] = true;
                else
                    ignored.push_back(fmt::format("'{}' (column {})", printable(fields[i]), i + 1));
                column_of_field.push_back(col);
                field_name.push_back(col >= 0 ? kColumnNames[col] : printable(fields[i]));
            }
            if (!ignored.empty() && warnings)
                warnings->push_back(fmt::format(
                    "{}:{}: ignoring unknown column{} {} (known after the first {}: {}, {})", path,
                    line, ignored.size() > 1 ? "s" : "", fmt::join(ignored, ", "), kRequiredColumns,
                    kColumnNames[kPadding], kColumnNames[kGroups]));
            continue;
        }

        if (fields.size() < column_of_field.size())
            throw fail(fmt::format("row has {} fields, header has {}: no value for field '{}'",
                                   fields.size(), column_of_field.size(),
                                   field_name[fields.size()]));
        if (fields.size() > column_of_field.size())
            throw fail(fmt::format("row has {} fields, header has {}: unexpected extra field '{}'",
                                   fields.size(), column_of_field.size(),
                                   printable(fields[column_of_field.size()])));
        std::array<std::optional<int>, kColumnCount> value;
        std::string name;
        for (size_t i = 0; i < fields.size(); ++i) {
            const int col = column_of_field[i];
            const auto& f = fields[i];
            if (col < 0) continue;  // ignored column
            if (col == kName) {
                name = f;
                continue;
            }
            int v = 0;
            const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
            if (f.empty() || ec != std::errc() || end != f.data() + f.size())
                throw fail(fmt::format(
                    "field '{}' = '{}' is not an integer{}", kColumnNames[col], printable(f),
                    ec == std::errc::result_out_of_range ? " in int range" : ""));
            value[col] = v;
        }
        if (const auto why = layer_name_error(name))
            throw fail(
                fmt::format("field '{}' = '{}' {}", kColumnNames[kName], printable(name), *why));
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
    if (in.bad())
        throw TopologyError(fmt::format("{}: read error: {}", path, std::strerror(errno)));
    if (column_of_field.empty())
        throw TopologyError(fmt::format("{}:{}: no header line", path, std::max(line, 1)));
    if (entries.empty())
        throw TopologyError(fmt::format("{}:{}: no layers after the header", path, line));
    return entries;
}

std::vector<LayerShape> read_topology(const std::string& path, int batch,
                                      std::vector<std::string>* warnings) {
    std::vector<LayerShape> layers;
    for (auto& e : read_topology_entries(path, batch, warnings))
        layers.push_back(std::move(e.layer));
    return layers;
}

std::vector<TopologyEntry> read_topologies(const std::vector<std::string>& files, int batch,
                                           std::vector<std::string>* warnings) {
    std::vector<TopologyEntry> all;
    for (const auto& file : files) {
        auto entries = read_topology_entries(file, batch, warnings);
        all.insert(all.end(), std::make_move_iterator(entries.begin()),
                   std::make_move_iterator(entries.end()));
    }
    return all;
}

std::vector<std::string> zoo_files(const std::string& dir) {
    std::error_code ec;
    std::vector<std::string> files;
    for (const auto& f : std::filesystem::directory_iterator(dir, ec))
        if (f.is_regular_file() && f.path().extension() == ".csv")
            files.push_back(f.path().string());
    if (ec)
        throw TopologyError(
            fmt::format("{}: cannot list topology directory: {}", dir, ec.message()));
    std::sort(files.begin(), files.end());
    return files;
}

TopologyEntry find_layer_entry(const std::string& name, const std::vector<std::string>& files,
                               int batch, std::vector<std::string>* warnings) {
    const auto entries = read_topologies(files, batch, warnings);
    if (const auto* e = unique_match(name, entries)) return *e;
    throw TopologyError(not_found(name, describe_files(files), entries));
}

LayerShape find_layer(const std::string& name, const std::vector<std::string>& files, int batch,
                      std::vector<std::string>* warnings) {
    return find_layer_entry(name, files, batch, warnings).layer;
}

TopologyEntry lookup_layer(const std::string& name, const std::vector<std::string>& user_files,
                           int batch, std::vector<std::string>* warnings) {
    // A file given twice (or under two paths) is searched once, so it cannot make a name ambiguous.
    const auto same_file = [](const std::string& a, const std::string& b) {
        std::error_code ec;
        return a == b || std::filesystem::equivalent(a, b, ec);
    };
    std::vector<std::string> files;
    for (const auto& f : user_files)
        if (std::none_of(files.begin(), files.end(),
                         [&](const std::string& g) { return same_file(f, g); }))
            files.push_back(f);
    auto entries = read_topologies(files, batch, warnings);
    if (const auto* e = unique_match(name, entries)) return *e;

    // Not in the user's files: the zoo, minus any zoo file the user gave (already searched).
    std::vector<std::string> zoo;
    std::string zoo_problem;
    try {
        zoo = zoo_files();
    } catch (const TopologyError& e) {
        if (files.empty()) throw;
        zoo_problem = e.what();  // the user's files were searched; say why the zoo was not
    }
    zoo.erase(std::remove_if(zoo.begin(), zoo.end(),
                             [&](const std::string& z) {
                                 return std::any_of(
                                     files.begin(), files.end(),
                                     [&](const std::string& u) { return same_file(z, u); });
                             }),
              zoo.end());
    auto zoo_entries = read_topologies(zoo, batch, warnings);
    if (const auto* e = unique_match(name, zoo_entries)) return *e;

    const std::string zoo_text = zoo_problem.empty()
                                     ? fmt::format("the layer zoo ({} file{} in {})", zoo.size(),
                                                   zoo.size() == 1 ? "" : "s", RSACC_TOPOLOGY_DIR)
                                     : fmt::format("the layer zoo ({})", zoo_problem);
    const std::string searched =
        files.empty() ? zoo_text : fmt::format("{}, nor in {}", describe_files(files), zoo_text);
    entries.insert(entries.end(), std::make_move_iterator(zoo_entries.begin()),
                   std::make_move_iterator(zoo_entries.end()));
    throw TopologyError(not_found(name, searched, entries));
}

}  // namespace golden
