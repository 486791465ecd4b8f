// SPDX-License-Identifier: Apache-2.0
// rsacc-sc: the stochastic-computing MAC model (docs/stochastic.md) from the command line:
// per-product error tables for every setting, and the generators' raw sequences.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "golden/sc.hpp"

using namespace golden::sc;

namespace {

// "--l 16,32": CLI11 splits at ',' (delimiter); each value is checked here, one line per error.
template <class T, class Parse>
std::vector<T> parse_list(const char* option, const std::vector<std::string>& names, Parse parse) {
    std::vector<T> out;
    for (const auto& n : names) {
        try {
            out.push_back(parse(n));
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(fmt::format("{}: {}", option, e.what()));
        }
    }
    return out;
}

int run_products(const std::vector<int>& lengths, const std::vector<std::string>& rng_names,
                 const std::vector<std::string>& sharing_names, const std::string& json_file) {
    const auto rngs = parse_list<Rng>("--rng", rng_names, parse_rng);
    const auto sharings = parse_list<Sharing>("--sharing", sharing_names, parse_sharing);
    for (int l : lengths) {
        ScConfig probe;
        probe.length = l;
        try {
            probe.validate();
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(fmt::format("--l: {}", e.what()));
        }
    }
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    fmt::print(
        "# per-product error over all magnitude pairs (a, b) in [0,127]^2, full scale 2^14\n");
    fmt::print("{:>4} {:>6} {:>7} {:>7} {:>9} {:>10} {:>8} {:>11} {:>7}\n", "L", "rng", "sharing",
               "classes", "rmse", "bias", "max_abs", "rmse_signed", "cycles");
    for (Rng rng : rngs)
        for (Sharing sharing : sharings)
            for (int l : lengths) {
                ScConfig cfg;
                cfg.length = l;
                cfg.rng = rng;
                cfg.sharing = sharing;
                const ProductStats st = product_stats(cfg);
                fmt::print("{:>4} {:>6} {:>7} {:>7} {:>9.5f} {:>+10.5f} {:>8.4f} {:>11.5f} {:>7}\n",
                           l, to_string(rng), to_string(sharing), st.classes, st.rmse, st.bias,
                           st.max_abs, st.rmse_signed, cfg.cycles_per_mac());
                rows.push_back({{"length", l},
                                {"rng", to_string(rng)},
                                {"sharing", to_string(sharing)},
                                {"classes", st.classes},
                                {"rmse", st.rmse},
                                {"bias", st.bias},
                                {"max_abs", st.max_abs},
                                {"rmse_signed", st.rmse_signed}});
            }
    if (!json_file.empty()) {
        std::ofstream f(json_file);
        f << nlohmann::ordered_json{{"full_scale", kFullScale}, {"products", rows}}.dump(2) << "\n";
        if (!f) throw std::runtime_error(fmt::format("--json: cannot write '{}'", json_file));
    }
    return 0;
}

int run_sequence(const std::string& rng_name, int dim, int n, int bits) {
    Rng rng;
    try {
        rng = parse_rng(rng_name);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(fmt::format("--rng: {}", e.what()));
    }
    if (rng == Rng::Lfsr && bits != kMagBits)
        throw std::invalid_argument(
            fmt::format("--bits: {} (the LFSR has {} bits)", bits, kMagBits));
    for (int t = 0; t < n; ++t) {
        uint32_t v;
        if (rng == Rng::Sobol) v = sobol(dim, uint32_t(t), bits);
        else v = dim == 1 ? random_x(rng, uint32_t(t)) : random_w(rng, uint32_t(t));
        fmt::print("{}\n", v);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Stochastic-computing MAC model (docs/stochastic.md)", "rsacc-sc"};
    app.failure_message([](const CLI::App*, const CLI::Error& e) {
        return fmt::format("error: {} (run with --help)\n", e.what());
    });
    app.require_subcommand(1);

    std::vector<int> lengths = {16, 32, 64, 128};
    std::vector<std::string> rngs = {"sobol", "lfsr"}, sharings = {"array", "column"};
    std::string json_file;
    auto* products = app.add_subcommand("products", "Per-product RMSE / bias table per setting");
    products->add_option("--l", lengths, "stream lengths L, comma separated (16..128, powers of 2)")
        ->delimiter(',');
    products->add_option("--rng", rngs, "random sources: sobol, lfsr")->delimiter(',');
    products->add_option("--sharing", sharings, "stream-start rules: array, column")->delimiter(',');
    products->add_option("--json", json_file, "also write the table as JSON to FILE");

    std::string rng = "sobol";
    int dim = 1, n = 16, bits = kMagBits;
    auto* sequence = app.add_subcommand(
        "sequence",
        "Generator outputs for t = 0 .. n-1, one per line (dim 1: activation, 2: weight)");
    sequence->add_option("--rng", rng, "sobol or lfsr");
    sequence->add_option("--dim", dim, "1 (activation stream) or 2 (weight stream)")
        ->check(CLI::Range(1, 2));
    sequence->add_option("--n", n, "how many numbers")->check(CLI::Range(0, 1 << 20));
    sequence->add_option("--bits", bits, "output bits (Sobol: 1..8; LFSR: 7)")
        ->check(CLI::Range(1, 8));

    CLI11_PARSE(app, argc, argv);
    try {
        if (*products) return run_products(lengths, rngs, sharings, json_file);
        return run_sequence(rng, dim, n, bits);
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return 1;
    }
}
