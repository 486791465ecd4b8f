// SPDX-License-Identifier: Apache-2.0
// Ofmap comparison of compiler/compare.hpp.
#include "compiler/compare.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <utility>

namespace compiler {

LayerCheck compare_ofmaps(golden::ActTensor expected, golden::ActTensor got) {
    LayerCheck c;
    if (expected.dim != got.dim) throw std::logic_error("compare_ofmaps: shapes differ");
    for (int n = 0; n < expected.dim[0]; ++n)
        for (int m = 0; m < expected.dim[1]; ++m)
            for (int e = 0; e < expected.dim[2]; ++e)
                for (int f = 0; f < expected.dim[3]; ++f)
                    if (expected(n, m, e, f) != got(n, m, e, f)) {
                        if (c.first.size() < 10)
                            c.first.push_back({n, m, e, f, expected(n, m, e, f), got(n, m, e, f)});
                        ++c.mismatches;
                    }
    c.expected = std::move(expected);
    c.got = std::move(got);
    return c;
}

void to_json(nlohmann::json& j, const Mismatch& m) {
    j = {{"n", m.n}, {"m", m.m}, {"e", m.e}, {"f", m.f}, {"expected", m.expected}, {"got", m.got}};
}

}  // namespace compiler
