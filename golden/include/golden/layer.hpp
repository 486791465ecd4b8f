// Shape of one CNN layer in Eyeriss notation.
//   ifmap  N x C x H x W
//   filter M x (C/G) x R x S
//   ofmap  N x M x E x F
// FC layers are convolutions whose ofmap is 1 x 1 (R = H + pads, S = W + pads).
#pragma once
#include <cstdint>
#include <string>

namespace golden {

struct LayerShape {
    std::string name;
    int N = 1;  // batch
    int C = 1;  // input channels
    int H = 1;  // ifmap height (unpadded)
    int W = 1;  // ifmap width (unpadded)
    int M = 1;  // filters = output channels
    int R = 1;  // filter height
    int S = 1;  // filter width
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
    int64_t macs() const {
        return int64_t{N} * M * E() * F() * C_per_group() * R * S;
    }

    // Throws std::invalid_argument with a one-line message naming the field and value.
    void validate() const;
};

}  // namespace golden
