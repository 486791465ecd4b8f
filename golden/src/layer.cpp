#include "golden/layer.hpp"

#include <fmt/format.h>

#include <climits>
#include <stdexcept>

namespace golden {

void LayerShape::validate() const {
    // Messages name the LayerShape member as "field 'X'"; the topology reader maps X to its column.
    auto fail = [&](const char* field, int64_t value, const std::string& rule) {
        throw std::invalid_argument(
            fmt::format("layer {}: field '{}' = {} must be {}", name, field, value, rule));
    };
    const std::pair<const char*, int> sizes[] = {{"N", N},
                                                 {"C", C},
                                                 {"H", H},
                                                 {"W", W},
                                                 {"M", M},
                                                 {"R", R},
                                                 {"S", S},
                                                 {"stride_v", stride_v},
                                                 {"stride_h", stride_h},
                                                 {"groups", groups}};
    for (auto [field, value] : sizes)
        if (value < 1) fail(field, value, ">= 1");
    const std::pair<const char*, int> pads[] = {{"pad_top", pad_top},
                                                {"pad_bottom", pad_bottom},
                                                {"pad_left", pad_left},
                                                {"pad_right", pad_right}};
    for (auto [field, value] : pads)
        if (value < 0) fail(field, value, ">= 0");
    if (C % groups) fail("C", C, fmt::format("divisible by groups ({})", groups));
    if (M % groups) fail("M", M, fmt::format("divisible by groups ({})", groups));
    // int64: H + pads must not overflow before E()/F() use it.
    const int64_t h_padded = int64_t{H} + pad_top + pad_bottom;
    const int64_t w_padded = int64_t{W} + pad_left + pad_right;
    if (h_padded > INT_MAX) fail("H", H, "<= INT_MAX including padding");
    if (w_padded > INT_MAX) fail("W", W, "<= INT_MAX including padding");
    if (R > h_padded) fail("R", R, fmt::format("<= padded ifmap height ({})", h_padded));
    if (S > w_padded) fail("S", S, fmt::format("<= padded ifmap width ({})", w_padded));
}

}  // namespace golden
