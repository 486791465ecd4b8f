// SPDX-License-Identifier: Apache-2.0
// rsacc-topology: list the layer zoo, show one layer, check topology files (docs/topology.md).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "golden/topology.hpp"

using namespace golden;

namespace {

std::string stride_text(const LayerShape& L) {
    return L.stride_v == L.stride_h ? fmt::format("{}", L.stride_v)
                                    : fmt::format("{}x{}", L.stride_v, L.stride_h);
}

std::string pad_text(const LayerShape& L) {
    const bool uniform =
        L.pad_top == L.pad_bottom && L.pad_top == L.pad_left && L.pad_top == L.pad_right;
    return uniform ? fmt::format("{}", L.pad_top)
                   : fmt::format("{},{},{},{}", L.pad_top, L.pad_bottom, L.pad_left, L.pad_right);
}

void print_table(const std::vector<TopologyEntry>& entries) {
    // Each layer's MACs fit in int64 (validate()), their sum may not: refuse before printing.
    int64_t sum = 0;
    for (const auto& e : entries)
        if (__builtin_add_overflow(sum, e.layer.macs(), &sum))
            throw TopologyError(fmt::format("{}:{}: total MACs up to layer '{}' overflow int64",
                                            e.file, e.line, e.layer.name));
    size_t w = 5;
    for (const auto& e : entries) w = std::max(w, e.layer.name.size());
    const auto print_row = [w](const auto& name, const auto&... cols) {
        fmt::print(
            "{:<{}}  {:>4} {:>5} {:>4} {:>4}  {:>5} {:>2} {:>2}  {:>6} {:>7} {:>6}  {:>4} {:>4}  "
            "{:>14}\n",
            name, w, cols...);
    };
    print_row("layer", "N", "C", "H", "W", "M", "R", "S", "stride", "pad", "groups", "E", "F",
              "MACs");
    int64_t total = 0, file_total = 0;
    int file_layers = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
        const auto& L = entries[i].layer;
        print_row(L.name, L.N, L.C, L.H, L.W, L.M, L.R, L.S, stride_text(L), pad_text(L), L.groups,
                  L.E(), L.F(), L.macs());
        file_total += L.macs();
        ++file_layers;
        if (i + 1 == entries.size() || entries[i + 1].file != entries[i].file) {
            fmt::print("# {}: {} layers, {} MACs ({:.1f} M)\n", entries[i].file, file_layers,
                       file_total, file_total / 1e6);
            total += file_total;
            file_total = file_layers = 0;
        }
    }
    fmt::print("# total: {} layers, {} MACs ({:.1f} M)\n", entries.size(), total, total / 1e6);
}

void print_layer(const TopologyEntry& e, bool json) {
    const auto& L = e.layer;
    if (json) {
        // clang-format off
        const nlohmann::ordered_json j = {
            {"name", L.name}, {"file", e.file}, {"line", e.line},
            {"N", L.N}, {"C", L.C}, {"H", L.H}, {"W", L.W}, {"M", L.M}, {"R", L.R}, {"S", L.S},
            {"stride_v", L.stride_v}, {"stride_h", L.stride_h},
            {"pad_top", L.pad_top}, {"pad_bottom", L.pad_bottom}, {"pad_left", L.pad_left},
            {"pad_right", L.pad_right}, {"groups", L.groups}, {"E", L.E()}, {"F", L.F()}, {"macs", L.macs()}};
        // clang-format on
        fmt::print("{}\n", j.dump(2));
        return;
    }
    fmt::print("{} ({}:{})\n", L.name, e.file, e.line);
    fmt::print("  ifmap   N x C x H x W    = {} x {} x {} x {}\n", L.N, L.C, L.H, L.W);
    fmt::print("  filter  M x C/G x R x S  = {} x {} x {} x {}\n", L.M, L.C_per_group(), L.R, L.S);
    fmt::print("  ofmap   N x M x E x F    = {} x {} x {} x {}\n", L.N, L.M, L.E(), L.F());
    fmt::print("  stride  {}   pad {}   groups {}\n", stride_text(L), pad_text(L), L.groups);
    fmt::print("  MACs    {} ({:.1f} M)\n", L.macs(), L.macs() / 1e6);
}

// Names defined in more than one file: fine to read, but a lookup by name must choose a file.
void print_duplicate_notes(const std::vector<TopologyEntry>& entries) {
    std::map<std::string, std::vector<std::string>> where;
    for (const auto& e : entries)
        where[e.layer.name].push_back(fmt::format("{}:{}", e.file, e.line));
    for (const auto& [name, places] : where)
        if (places.size() > 1)
            fmt::print(
                "note: layer '{}' is defined in {} files ({}): a lookup by name needs --topology "
                "FILE to choose\n",
                name, places.size(), fmt::join(places, ", "));
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Layer zoo and SCALE-Sim topology files (docs/topology.md)", "rsacc-topology"};
    // One line per failure, like our own errors.
    app.failure_message([](const CLI::App*, const CLI::Error& e) {
        return fmt::format("error: {} (run with --help)\n", e.what());
    });
    app.require_subcommand(1);

    std::vector<std::string> files;
    int batch = 1;
    std::string layer_name;
    bool json = false;
    // One file per --topology (repeatable), so "show --topology a.csv LAYER" keeps LAYER positional.
    const auto add_topology = [&](CLI::App* sub, const char* help) {
        sub->add_option("--topology,-t", files, help)->allow_extra_args(false);
    };

    auto* list = app.add_subcommand("list", "Table of layers: shape, ofmap size, MACs");
    add_topology(
        list,
        "topology CSV file, one per --topology, repeatable (default: every file of the layer zoo)");
    list->add_option("--batch,-n", batch, "batch size N")->check(CLI::Range(1, 1 << 20));

    auto* show = app.add_subcommand("show", "One layer's shape");
    show->add_option("layer", layer_name, "layer name, e.g. alexnet_conv1")->required();
    add_topology(
        show,
        "topology CSV file searched first, one per --topology, repeatable; the layer zoo is "
        "searched when the layer is in none of them");
    show->add_option("--batch,-n", batch, "batch size N")->check(CLI::Range(1, 1 << 20));
    show->add_flag("--json", json, "machine-readable output");

    auto* check =
        app.add_subcommand("check", "Validate topology files (names unique within each file)");
    check->add_option("files", files, "topology CSV files (default: the layer zoo)");

    CLI11_PARSE(app, argc, argv);
    // Warnings (docs/topology.md) go to stderr, only when the command succeeds: a failure prints
    // exactly one "error: " line.
    std::vector<std::string> warnings;
    const auto print_warnings = [&] {
        for (const auto& w : warnings) fmt::print(stderr, "warning: {}\n", w);
    };
    try {
        if (*show) {  // the user's files first, then the zoo
            const auto entry = lookup_layer(layer_name, files, batch, &warnings);
            print_warnings();
            print_layer(entry, json);
            return 0;
        }
        if (files.empty()) files = zoo_files();
        if (files.empty())
            throw TopologyError(fmt::format("no *.csv files in {}", RSACC_TOPOLOGY_DIR));
        // A file named twice is read once (its layers are not duplicates of themselves).
        std::vector<std::string> unique_files;
        for (const auto& f : files)
            if (std::find(unique_files.begin(), unique_files.end(), f) == unique_files.end())
                unique_files.push_back(f);
        files = std::move(unique_files);
        if (*list) {
            const auto entries = read_topologies(files, batch, &warnings);
            print_warnings();
            print_table(entries);
        } else if (*check) {
            const auto entries = read_topologies(files, 1, &warnings);
            print_warnings();
            for (const auto& file : files)
                fmt::print("{}: ok: {} layers\n", file,
                           std::count_if(entries.begin(), entries.end(),
                                         [&](const TopologyEntry& e) { return e.file == file; }));
            print_duplicate_notes(entries);
        }
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return 1;
    }
    return 0;
}
