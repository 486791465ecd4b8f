// SPDX-License-Identifier: Apache-2.0
// rsacc-sc: the stochastic-computing MAC model (docs/stochastic.md) from the command line:
// per-product error tables for every setting, the generators' raw sequences, and a search of
// extended-LFSR variants (taps, seed, weight offset and reversal) by their per-product error.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
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

// ---- lfsr-search ---------------------------------------------------------------------------

// One LFSR variant: taps, S(0), weight offset and reversal; its per-product RMSE with `column`
// starts (the aligned windows pooled) and `array` starts (t0 = 0) at L = 16, 32, 64, and the
// full period's RMSE and bias.
struct LfsrVariant {
    uint32_t taps = 0, seed = 0;
    int offset = 0;
    bool reversed = false;
    double column[3] = {}, array[3] = {};  // L = 16, 32, 64
    double rmse128 = 0, bias128 = 0;
    // The ranking: the worse of both rules at L = 32, plus a tenth of the L = 16 and 64 figures.
    double score() const {
        return std::max(column[1], array[1]) + 0.1 * (column[0] + array[0] + column[2] + array[2]);
    }
};

std::string feedback_text(uint32_t taps) {
    std::string s;
    for (int b = 6; b >= 0; --b)
        if (taps >> b & 1) s += fmt::format("{}r{}", s.empty() ? "" : "^", b);
    return s;
}

std::vector<int> aligned_starts(int length) {
    std::vector<int> t0;
    for (int s = 0; s < kPeriod; s += length) t0.push_back(s);
    return t0;
}

LfsrVariant measure_variant(const std::vector<uint32_t>& rx, const std::vector<uint32_t>& rw,
                            LfsrVariant v) {
    const int lengths[3] = {16, 32, 64};
    for (int i = 0; i < 3; ++i) {
        v.column[i] = product_stats(rx, rw, lengths[i], aligned_starts(lengths[i]), false).rmse;
        v.array[i] = product_stats(rx, rw, lengths[i], {0}, false).rmse;
    }
    const ProductStats full = product_stats(rx, rw, kPeriod, {0}, false);
    v.rmse128 = full.rmse;
    v.bias128 = full.bias;
    return v;
}

// Streams of a variant: Rx(t) = S(t), Rw(t) = S(t + offset), bit-reversed when `reversed`.
void variant_streams(const std::vector<uint32_t>& period, int seed_index, int offset, bool reversed,
                     std::vector<uint32_t>& rx, std::vector<uint32_t>& rw) {
    for (int t = 0; t < kPeriod; ++t) {
        rx[size_t(t)] = period[size_t((seed_index + t) % kPeriod)];
        const uint32_t w = period[size_t((seed_index + t + offset) % kPeriod)];
        rw[size_t(t)] = reversed ? bit_reverse(w, kMagBits) : w;
    }
}

void print_variant(const LfsrVariant& v, const char* label) {
    fmt::print(
        "{:<5} 0x{:02x} {:<17} {:>4} {:>6} {:>4} | {:.4f} {:.4f} {:.4f} | {:.4f} {:.4f} "
        "{:.4f} | {:.4f} {:+.4f} | {:.4f}\n",
        label, v.taps, feedback_text(v.taps), v.seed, v.offset, v.reversed ? "yes" : "no",
        v.column[0], v.column[1], v.column[2], v.array[0], v.array[1], v.array[2], v.rmse128,
        v.bias128, v.score());
}

int run_lfsr_search(const std::vector<std::string>& taps_text, int top, double max_bias,
                    double max_rmse128) {
    std::vector<uint32_t> taps_list;
    for (const auto& t : taps_text) {
        size_t end = 0;
        unsigned long v = 0;
        try {
            v = std::stoul(t, &end, 0);
        } catch (const std::exception&) {
            end = 0;
        }
        if (end != t.size() || !lfsr_taps_maximal(uint32_t(v)))
            throw std::invalid_argument(fmt::format(
                "--taps: '{}' is not a feedback mask (bit 6 set) of a maximal 7-bit LFSR", t));
        taps_list.push_back(uint32_t(v));
    }
    if (taps_list.empty())
        for (uint32_t t = 0x40; t < 0x80; ++t)
            if (lfsr_taps_maximal(t)) taps_list.push_back(t);
    std::vector<uint32_t> rx(kPeriod), rw(kPeriod);
    std::vector<LfsrVariant> best;  // sorted by score, at most `top`
    for (uint32_t taps : taps_list) {
        std::vector<uint32_t> period(kPeriod);
        uint32_t r = 0;
        for (auto& s : period) s = std::exchange(r, lfsr_next(r, taps));
        for (int k = 0; k < kPeriod; ++k)
            for (int offset = 0; offset < kPeriod; ++offset)
                for (bool reversed : {false, true}) {
                    variant_streams(period, k, offset, reversed, rx, rw);
                    // score >= the L = 32 column RMSE: skip what cannot enter the list.
                    const double col32 = product_stats(rx, rw, 32, aligned_starts(32), false).rmse;
                    if (int(best.size()) == top && col32 >= best.back().score()) continue;
                    LfsrVariant v{taps, period[size_t(k)], offset, reversed};
                    v = measure_variant(rx, rw, v);
                    if (std::abs(v.bias128) > max_bias || v.rmse128 > max_rmse128) continue;
                    if (int(best.size()) == top && v.score() >= best.back().score()) continue;
                    best.insert(std::upper_bound(best.begin(), best.end(), v,
                                                 [](const LfsrVariant& a, const LfsrVariant& b) {
                                                     return a.score() < b.score();
                                                 }),
                                v);
                    if (int(best.size()) > top) best.pop_back();
                }
    }
    fmt::print(
        "# extended 7-bit LFSRs: {} tap masks x 128 seeds x 128 weight offsets x weight "
        "bits reversed or not; |bias| at L = 128 <= {}, RMSE at L = 128 <= {}\n",
        taps_list.size(), max_bias, max_rmse128);
    fmt::print(
        "# per-product RMSE (full scale), column = aligned windows pooled, array = t0 = 0; "
        "score = max(column, array at L = 32) + 0.1 x (both at L = 16 and 64)\n");
    fmt::print("{:<5} {:<4} {:<17} {:>4} {:>6} {:>4} | {:<20} | {:<20} | {:<14} | {}\n", "", "taps",
               "feedback", "S(0)", "offset", "rev", "column L=16 32 64", "array L=16 32 64",
               "L=128 rmse bias", "score");
    for (size_t i = 0; i < best.size(); ++i)
        print_variant(best[i], fmt::format("{}", i + 1).c_str());
    // The spec's generator (docs/stochastic.md), for comparison: the model's own streams.
    for (int t = 0; t < kPeriod; ++t) {
        rx[size_t(t)] = random_x(Rng::Lfsr, uint32_t(t));
        rw[size_t(t)] = random_w(Rng::Lfsr, uint32_t(t));
    }
    print_variant(measure_variant(rx, rw, {kLfsrTaps, kLfsrSeed, int(kLfsrWeightOffset), true}),
                  "spec");
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

    std::vector<std::string> taps;
    int top = 10;
    double max_bias = 0.0025, max_rmse128 = 0.0085;
    auto* search = app.add_subcommand(
        "lfsr-search",
        "Rank extended 7-bit LFSR variants (feedback taps, seed, weight offset, weight bits "
        "reversed) by per-product RMSE at L = 32 with both start rules (about a minute per tap "
        "mask; all 18 masks by default)");
    search->add_option("--taps", taps, "feedback masks to try, e.g. 0x60,0x6a (bit 6 set)")
        ->delimiter(',');
    search->add_option("--top", top, "how many variants to list")->check(CLI::Range(1, 1000));
    search->add_option("--max-bias", max_bias, "largest |bias| over the full period")
        ->check(CLI::Range(0.0, 1.0));
    search->add_option("--max-rmse128", max_rmse128, "largest RMSE over the full period")
        ->check(CLI::Range(0.0, 1.0));

    CLI11_PARSE(app, argc, argv);
    try {
        if (*products) return run_products(lengths, rngs, sharings, json_file);
        if (*search) return run_lfsr_search(taps, top, max_bias, max_rmse128);
        return run_sequence(rng, dim, n, bits);
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return 1;
    }
}
