// SPDX-License-Identifier: Apache-2.0
// Loop-nest reference for the Eigen engine: wraps after every single addition, exactly as a
// chain of A-bit adders would, so it independently checks the engine's "wrap once at the end".
#include "golden/conv.hpp"

namespace golden::reference {

AccTensor accumulate(const LayerShape& L, const Numerics& nx, const ActTensor& ifmap,
                     const ActTensor& filter, const std::vector<int64_t>& bias) {
    return accumulate_terms(L, nx, ifmap, filter, bias,
                            [](int32_t x, int32_t w, int) { return int64_t{w} * x; });
}

}  // namespace golden::reference
