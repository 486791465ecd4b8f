// SPDX-License-Identifier: Apache-2.0
// Seeds for randomised tests. Every randomised test case calls test_seed(), which prints the seed
// it uses; rerun any failure with that seed: RSACC_SEED=<seed> ctest -R <test> (or run the binary).
#pragma once
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

namespace testutil {

inline uint64_t test_seed(const std::string& what) {
    uint64_t seed;
    if (const char* env = std::getenv("RSACC_SEED"); env && *env) {
        seed = std::strtoull(env, nullptr, 0);
    } else {
        seed = (uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
    }
    std::cout << "[seed] " << what << ": RSACC_SEED=" << seed << std::endl;
    return seed;
}

}  // namespace testutil
