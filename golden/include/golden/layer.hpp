// SPDX-License-Identifier: Apache-2.0
// Shape of one CNN layer in Eyeriss notation.
//   ifmap  N x C x H x W
//   filter M x (C/G) x R x S
//   ofmap  N x M x E x F
// FC layers are convolutions whose ofmap is 1 x 1 (R = H + pads, S = W + pads).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace golden {

struct LayerShape {
    std::string name;
    int N = 1;         // batch
    int C = 1;         // input channels
    int H = 1;         // ifmap height (unpadded)
    int W = 1;         // ifmap width (unpadded)
    int M = 1;         // filters = output channels
    int R = 1;         // filter height
    int S = 1;         // filter width
    int stride_v = 1;  // vertical stride
    int stride_h = 1;  // horizontal stride
    int pad_top = 0, pad_bottom = 0, pad_left = 0, pad_right = 0;
    int groups = 1;  // G: C and M split into G independent groups (depthwise: G = C = M)

    int C_per_group() const { return C / groups; }
    int M_per_group() const { return M / groups; }
    int H_padded() const { return H + pad_top + pad_bottom; }
    int W_padded() const { return W + pad_left + pad_right; }
    int E() const { return (H_padded() - R) / stride_v + 1; }  // ofmap height
    int F() const { return (W_padded() - S) / stride_h + 1; }  // ofmap width
    int64_t macs() const { return int64_t{N} * M * E() * F() * C_per_group() * R * S; }

    // Throws std::invalid_argument with a one-line message naming the field and value: sizes >= 1,
    // pads >= 0, groups divide C and M, the filter fits the padded ifmap, and the ifmap, filter and
    // ofmap element counts and macs() fit in int64 (so macs(), E() and F() cannot overflow after it).
    // Does not check `name`: see check_layer_name.
    void validate() const;
};

// Layer names become file names (reports/<name>.json, waves/<name>.fst), so they are restricted
// (docs/topology.md, "Layer names"): 1 to kMaxLayerNameLength characters from [A-Za-z0-9_.+-],
// starting with a letter, digit or '_', and no "..".
constexpr size_t kMaxLayerNameLength = 100;

// Why `name` is not a valid layer name, as the rest of a sentence about it ("has a character outside
// [A-Za-z0-9_.+-] ('/' at position 3)"), or nullopt when it is valid.
std::optional<std::string> layer_name_error(std::string_view name);

// Throws std::invalid_argument("layer name '<name>' <reason>") unless `name` is valid.
void check_layer_name(std::string_view name);

// `s` made safe for a one-line message: control bytes and DEL as \xNN, and cut after `max`
// characters with "..." (hostile input must not break the one-line error convention).
std::string printable(std::string_view s, size_t max = 60);

}  // namespace golden
