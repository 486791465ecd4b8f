// SPDX-License-Identifier: Apache-2.0
// rsacc-net's pictures: scripts/<script> under Debian's python3 (python3-matplotlib).
#pragma once
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace sim::net {

// Runs RSACC_SOURCE_DIR/scripts/<script> <args>; true on success, else one line on stderr naming
// the script (its own message is printed above it).
inline bool plot_with(const std::string& script, const std::string& args) {
    const std::string cmd =
        fmt::format("/usr/bin/python3 '{}/scripts/{}' {}", RSACC_SOURCE_DIR, script, args);
    if (std::system(cmd.c_str()) == 0) return true;
    fmt::print(stderr, "rsacc-net: the picture failed (scripts/{}, message above)\n", script);
    return false;
}

}  // namespace sim::net
