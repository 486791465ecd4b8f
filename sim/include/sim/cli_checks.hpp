// SPDX-License-Identifier: Apache-2.0
// Option checks the tools share (CLI11). CLI11 2.1 converts "-1" or 2^70 into an unsigned option
// by wrapping, and lets NaN through a Range check; these validators refuse both, so every bad
// value is a one-line error naming the option.
#pragma once
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace sim::cli {

// A plain decimal integer in [lo, hi] (no sign, no exponent, no hex).
inline CLI::Validator unsigned_in(uint64_t lo, uint64_t hi) {
    return CLI::Validator(
        [lo, hi](std::string& s) -> std::string {
            uint64_t v = 0;
            const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
            if (s.empty() || s[0] == '-' || s[0] == '+' || ec == std::errc::invalid_argument ||
                end != s.data() + s.size())
                return fmt::format("'{}' is not a non-negative decimal integer", s);
            if (ec == std::errc::result_out_of_range || v < lo || v > hi)
                return fmt::format("{} is outside [{}, {}]", s, lo, hi);
            return {};
        },
        fmt::format("UINT in [{}, {}]", lo, hi));
}

// A finite number in [lo, hi] (NaN and infinities refused).
inline CLI::Validator finite_in(double lo, double hi) {
    return CLI::Validator(
        [lo, hi](std::string& s) -> std::string {
            char* end = nullptr;
            const double v = std::strtod(s.c_str(), &end);
            if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v))
                return fmt::format("'{}' is not a finite number", s);
            if (v < lo || v > hi) return fmt::format("{} is outside [{}, {}]", s, lo, hi);
            return {};
        },
        fmt::format("NUMBER in [{}, {}]", lo, hi));
}

// --cycles-within F (compiler::CostOptions::cycles_within) on a tool that maps layers.
inline CLI::Option* add_cycles_within(CLI::App& app, double& factor) {
    return app
        .add_option("--cycles-within", factor,
                    "with --objective dram, energy or edp: only mappings whose estimated cycles "
                    "are within this factor of the fastest mapping's, e.g. 1.05")
        ->check(finite_in(1.0, 1000.0));
}

// The budget the option gives (0: not given); refused with the cycles objective, which it does
// not apply to.
inline double cycles_within(const CLI::Option* opt, double factor, bool cycles_objective) {
    if (!opt->count()) return 0;
    if (cycles_objective)
        throw std::invalid_argument("--cycles-within needs --objective dram, energy or edp");
    return factor;
}

// "cycles within 1.05x of the fastest", for the tools' mapping lines.
inline std::string cycles_within_text(double factor) {
    return fmt::format("cycles within {}x of the fastest", factor);
}

// One line per failure ("error: ..."), like the tools' own errors.
inline void one_line_errors(CLI::App& app) {
    app.failure_message([](const CLI::App*, const CLI::Error& e) {
        return fmt::format("error: {} (run with --help)\n", e.what());
    });
}

}  // namespace sim::cli
