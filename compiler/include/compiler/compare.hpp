// SPDX-License-Identifier: Apache-2.0
// Element-by-element comparison of an ofmap with the golden engine's.
#pragma once
#include <cstdint>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "golden/tensor.hpp"

namespace compiler {

struct Mismatch {
    int n, m, e, f;
    int64_t expected, got;
};
// For reports: {"n", "m", "e", "f", "expected", "got"} (nlohmann::json(mismatches) gives an array).
void to_json(nlohmann::json& j, const Mismatch& m);

struct LayerCheck {
    golden::ActTensor expected, got;
    int64_t mismatches = 0;
    std::vector<Mismatch> first;  // up to 10
};
// Throws std::logic_error when the shapes differ.
LayerCheck compare_ofmaps(golden::ActTensor expected, golden::ActTensor got);

}  // namespace compiler
