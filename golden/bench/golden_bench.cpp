// SPDX-License-Identifier: Apache-2.0
// Golden-engine throughput on AlexNet CONV2 (batch 1, D=16, A=32, seeded random data), and the
// loop-nest reference on a smaller slice of the same layer for comparison.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <random>

#include "golden/conv.hpp"

namespace {
using namespace golden;

ActTensor random_tensor(const std::array<int, 4>& dim, const Numerics& nx, std::mt19937_64& rng) {
    ActTensor t(dim[0], dim[1], dim[2], dim[3]);
    std::uniform_int_distribution<int32_t> value(int32_t(nx.data_min()), int32_t(nx.data_max()));
    for (auto& v : t.data) v = value(rng);
    return t;
}

struct Timing {
    double seconds;
    AccTensor result;
};

// Best of `runs` wall-clock times, so one-off page faults and frequency ramps don't count.
template <class Conv>
Timing time_best(int runs, Conv&& conv) {
    Timing best{1e300, {}};
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        AccTensor acc = conv();
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (s < best.seconds) best = {s, std::move(acc)};
    }
    return best;
}

void print_figures(const char* what, const LayerShape& L, double seconds) {
    fmt::print("{} {}: wall {:.4f} s\n", what, L.name, seconds);
    fmt::print("{} {}: {:.1f} M MACs\n", what, L.name, L.macs() / 1e6);
    fmt::print("{} {}: {:.3f} GMAC/s\n", what, L.name, L.macs() / seconds / 1e9);
}

}  // namespace

int main() {
    const Numerics nx{16, 32};
    LayerShape conv2;
    conv2.name = "alexnet_conv2";
    conv2.C = 96, conv2.H = conv2.W = 27, conv2.M = 256, conv2.R = conv2.S = 5, conv2.groups = 2;
    conv2.pad_top = conv2.pad_bottom = conv2.pad_left = conv2.pad_right = 2;
    LayerShape slice = conv2;  // the reference is ~100x slower: 1/16 of the filters
    slice.name = "alexnet_conv2_m16";
    slice.M = 16;

    std::mt19937_64 rng(20240601);
    const ActTensor ifmap = random_tensor({conv2.N, conv2.C, conv2.H, conv2.W}, nx, rng);
    const ActTensor filter =
        random_tensor({conv2.M, conv2.C_per_group(), conv2.R, conv2.S}, nx, rng);
    ActTensor slice_filter(slice.M, slice.C_per_group(), slice.R, slice.S);
    std::copy_n(filter.data.begin(), slice_filter.size(), slice_filter.data.begin());

    const Timing golden = time_best(3, [&] { return accumulate(conv2, nx, ifmap, filter); });
    const Timing golden_slice =
        time_best(3, [&] { return accumulate(slice, nx, ifmap, slice_filter); });
    const Timing loops =
        time_best(1, [&] { return reference::accumulate(slice, nx, ifmap, slice_filter); });
    const bool match = golden_slice.result == loops.result;

    print_figures("golden", conv2, golden.seconds);
    print_figures("golden", slice, golden_slice.seconds);
    print_figures("reference", slice, loops.seconds);
    fmt::print("golden vs reference on {}: {}\n", slice.name, match ? "bit-exact" : "MISMATCH");
    fmt::print(R"({{"layer":"{}","macs":{},"seconds":{:.6f},"gmacs":{:.4f},)"
               R"("reference_layer":"{}","reference_macs":{},"reference_seconds":{:.6f},)"
               R"("reference_gmacs":{:.4f},"golden_slice_seconds":{:.6f},"match":{}}})"
               "\n",
               conv2.name, conv2.macs(), golden.seconds, conv2.macs() / golden.seconds / 1e9,
               slice.name, slice.macs(), loops.seconds, slice.macs() / loops.seconds / 1e9,
               golden_slice.seconds, match);
    return match ? 0 : 1;
}
