// SPDX-License-Identifier: Apache-2.0
#include "golden/layer.hpp"

#include <fmt/format.h>

#include <climits>
#include <initializer_list>
#include <stdexcept>
#include <tuple>

namespace golden {

void LayerShape::validate() const {
    // Messages name the LayerShape member as "field 'X'"; the topology reader maps X to its column.
    auto fail = [&](const char* field, int64_t value, const std::string& rule) {
        throw std::invalid_argument(fmt::format("layer {}: field '{}' = {} must be {}",
                                                printable(name), field, value, rule));
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

    // Element counts and MACs in int64. Each factor is (field blamed, its value, factor): the field
    // named is the one whose multiplication overflowed (E and F blame H and W, which they come from).
    using Factor = std::tuple<const char*, int, int64_t>;
    auto product = [&](const char* what, std::initializer_list<Factor> factors) {
        int64_t p = 1;
        for (const auto& [field, value, factor] : factors)
            if (__builtin_mul_overflow(p, factor, &p))
                throw std::invalid_argument(
                    fmt::format("layer {}: field '{}' = {} is too large: the {} overflows int64",
                                printable(name), field, value, what));
    };
    const int64_t e = E(), f = F(), c_g = C_per_group();
    product("ifmap element count N*C*H*W (padded)",
            {{"N", N, N}, {"C", C, C}, {"H", H, h_padded}, {"W", W, w_padded}});
    product("filter element count M*(C/G)*R*S",
            {{"M", M, M}, {"C", C, c_g}, {"R", R, R}, {"S", S, S}});
    product("ofmap element count N*M*E*F", {{"N", N, N}, {"M", M, M}, {"H", H, e}, {"W", W, f}});
    product("MAC count N*M*E*F*(C/G)*R*S", {{"N", N, N},
                                            {"M", M, M},
                                            {"H", H, e},
                                            {"W", W, f},
                                            {"C", C, c_g},
                                            {"R", R, R},
                                            {"S", S, S}});
}

std::string printable(std::string_view s, size_t max) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (i == max) return out + "...";
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
        else out += static_cast<char>(c);
    }
    return out;
}

std::optional<std::string> layer_name_error(std::string_view name) {
    auto alnum = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    };
    if (name.empty()) return "is empty";
    if (name.size() > kMaxLayerNameLength)
        return fmt::format("is {} characters long, more than {}", name.size(), kMaxLayerNameLength);
    for (size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (!alnum(c) && c != '_' && c != '.' && c != '+' && c != '-')
            return fmt::format("has a character outside [A-Za-z0-9_.+-] ('{}' at position {})",
                               static_cast<unsigned char>(c) < 0x80
                                   ? printable(std::string_view(&name[i], 1))
                                   : fmt::format("\\x{:02x}", static_cast<unsigned char>(c)),
                               i + 1);
    }
    if (!alnum(name[0]) && name[0] != '_')
        return std::string("must start with a letter, digit or '_'");
    if (name.find("..") != name.npos) return std::string("must not contain '..'");
    return std::nullopt;
}

void check_layer_name(std::string_view name) {
    if (const auto why = layer_name_error(name))
        throw std::invalid_argument(fmt::format("layer name '{}' {}", printable(name), *why));
}

}  // namespace golden
