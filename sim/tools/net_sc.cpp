// SPDX-License-Identifier: Apache-2.0
// rsacc-net sc-accuracy (net_sc.hpp): the bit-true SC model over the test images, one product
// table per stream setting, against exact int8 (the same quantised network) and float.
#include "net_sc.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "golden/sc.hpp"
#include "net_plot.hpp"
#include "sim/network.hpp"
#include "sim/output_files.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace sim::net {
namespace {

double top1(const std::vector<int>& pred, const std::vector<int>& labels) {
    int right = 0;
    for (size_t i = 0; i < pred.size(); ++i) right += pred[i] == labels[i];
    return double(right) / double(pred.size());
}

double agreement(const std::vector<int>& a, const std::vector<int>& b) {
    int same = 0;
    for (size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
    return double(same) / double(a.size());
}

// Per accelerator layer its scales and, for an up-scaled network, the extra bits.
json scales(const Network& q) {
    json layers = json::array();
    for (const Layer& l : q.layers)
        if (l.on_accelerator())
            layers.push_back({{"name", l.name},
                              {"weight_frac", l.weight_frac},
                              {"out_frac", l.out_frac},
                              {"shift", l.shift},
                              {"upscale_weight", l.upscale.weight},
                              {"upscale_out", l.upscale.out}});
    return layers;
}

}  // namespace

std::vector<golden::sc::ScConfig> sc_configs(const std::vector<int>& lengths,
                                             const std::vector<std::string>& rngs,
                                             const std::vector<std::string>& sharings) {
    std::vector<golden::sc::ScConfig> configs;
    for (const auto& rng : rngs)
        for (const auto& sharing : sharings)
            for (int length : lengths) {
                golden::sc::ScConfig c;
                c.length = length;
                c.rng = golden::sc::parse_rng(rng);
                c.sharing = golden::sc::parse_sharing(sharing);
                c.validate();
                configs.push_back(c);
            }
    return configs;
}

int run_sc_accuracy(const ScAccuracyArgs& a) {
    using Clock = std::chrono::steady_clock;
    const Network q = read_network(a.dir);
    if (!q.quantised || q.numerics.data_width != golden::sc::kDataWidth)
        throw std::runtime_error(fmt::format(
            "{}: a {} network; the SC MAC is defined for 8-bit data (docs/stochastic.md): give "
            "the int8 description",
            a.dir, q.quantised ? fmt::format("{}-bit", q.numerics.data_width) : "float"));
    if (q.dataset != "fashion-mnist")
        throw std::runtime_error(
            fmt::format("{}: dataset '{}' has no labels; sc-accuracy needs a trained network",
                        a.dir, q.dataset));
    // Every setting is checked before the first one runs.
    const auto configs = sc_configs(a.lengths, a.rngs, a.sharings);
    const Network f = read_network((fs::path(a.dir).parent_path() / "float").string());
    const auto test = load_fashion_split(a.data, false, a.images);
    const int n = int(test.images.items());
    const auto float_pred = argmax(forward_float(f, test.images.data, n));
    const auto exact_pred = classify(q, test.images.data, n);
    const double float_top1 = top1(float_pred, test.labels),
                 exact_top1 = top1(exact_pred, test.labels);
    // An up-scaled network's clipping costs the exact MAC something: the plain quantisation
    // beside it (DIR/int8), when there, on the same images.
    const fs::path plain_dir = fs::path(a.dir).parent_path() / "int8";
    json plain_top1;
    std::string plain_text;
    if (q.upscaled && fs::is_regular_file(plain_dir / "network.json")) {
        plain_top1 =
            top1(classify(read_network(plain_dir.string()), test.images.data, n), test.labels);
        plain_text =
            fmt::format(" (up-scaled; plain int8 {:.2f} %)", 100 * plain_top1.get<double>());
    }
    fmt::print("rsacc-net sc-accuracy {}: {} test images; float {:.2f} %, exact int8 {:.2f} %{}\n",
               q.name, n, 100 * float_top1, 100 * exact_top1, plain_text);
    if (q.upscaled)
        for (const Layer& l : q.layers)
            if (l.on_accelerator())
                fmt::print("  {:<8} weight frac {:>3} (+{}), out frac {:>3} (+{}), shift {:>2}\n",
                           l.name, l.weight_frac, l.upscale.weight, l.out_frac, l.upscale.out,
                           l.shift);
    fmt::print("  {:>4} {:>6} {:>8} {:>8} {:>11} {:>14} {:>7}\n", "L", "rng", "sharing", "top-1",
               "vs int8", "same as int8", "time");
    json settings = json::array();
    std::string csv = "length,rng,sharing,top1,top1_minus_int8,agreement_with_int8\n";
    for (const auto& c : configs) {
        const auto t0 = Clock::now();
        const golden::sc::ProductTable table(c);
        const auto pred = classify(q, test.images.data, n, &table);
        const double s = std::chrono::duration<double>(Clock::now() - t0).count();
        const double t = top1(pred, test.labels), agree = agreement(pred, exact_pred);
        fmt::print("  {:>4} {:>6} {:>8} {:>7.2f}% {:>+10.2f}  {:>12.2f} % {:>5.1f} s\n", c.length,
                   to_string(c.rng), to_string(c.sharing), 100 * t, 100 * (t - exact_top1),
                   100 * agree, s);
        std::fflush(stdout);
        settings.push_back({{"length", c.length},
                            {"rng", to_string(c.rng)},
                            {"sharing", to_string(c.sharing)},
                            {"top1", t},
                            {"top1_minus_int8", t - exact_top1},
                            {"agreement_with_int8", agree},
                            {"seconds", s}});
        csv += fmt::format("{},{},{},{:.4f},{:.4f},{:.4f}\n", c.length, to_string(c.rng),
                           to_string(c.sharing), t, t - exact_top1, agree);
    }
    fs::create_directories(a.report_dir);
    const std::string stem =
        (fs::path(a.report_dir) / (q.name + (q.upscaled ? "_sc_upscaled" : "_sc"))).string();
    sim::write_file_atomic(stem + ".csv", csv);
    const json j{{"network", q.name},
                 {"dir", a.dir},
                 {"images", n},
                 {"float_top1", float_top1},
                 {"int8_top1", exact_top1},
                 {"upscaled", q.upscaled},
                 {"int8_plain_top1", plain_top1},
                 {"scales", scales(q)},
                 {"settings", settings},
                 {"model", "bit-true SC model, golden/src/sc.cpp (docs/stochastic.md)"},
                 {"csv", stem + ".csv"},
                 {"picture", stem + ".png"}};
    sim::write_file_atomic(stem + ".json", j.dump(1) + "\n");
    const bool plotted =
        plot_with("plot_sc_accuracy.py", fmt::format("'{}.json' --out '{}.png'", stem, stem));
    fmt::print("  report    {}.json (+ {}.csv{})\n", stem, stem,
               plotted ? ", " + stem + ".png" : "");
    return plotted ? 0 : 1;
}

}  // namespace sim::net
