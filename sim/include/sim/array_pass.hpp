// SPDX-License-Identifier: Apache-2.0
// One processing pass on rtl/array/pe_array, derived from the slot mapping model of
// docs/architecture.md: the per-pass configuration (IDs, active PEs, psum routing), the tagged
// filter / ifmap / psum streams the global buffer sends, and the expected output order.
// Test benches use it to drive the array; it is also the reference for the RTL controller.
#pragma once
#include <cstdint>
#include <vector>

#include "compiler/hw_config.hpp"
#include "golden/layer.hpp"
#include "golden/numerics.hpp"
#include "golden/tensor.hpp"
#include "rsacc/contract.hpp"
#include "sim/pe_job.hpp"

namespace sim {

constexpr uint32_t kIdNone = (1u << contract::kIdW) - 1;  // all ones matches no tag

struct Tagged {
    uint32_t row = 0, col = 0;
    int64_t data = 0;
};

struct ArrayPassConfig {
    contract::PeCfg pe{};                                        // job of every active PE
    std::vector<uint8_t> active, from_below, slot_top;           // per PE, i = y*cols + x
    std::vector<uint32_t> filt_row_id, ifm_row_id, psum_row_id;  // per PE row
    std::vector<uint32_t> filt_col_id, ifm_col_id, psum_col_id;  // per PE
};

// The first pass of a layer whose N, M and C are exactly one pass (n, p*t, q*r) and groups = 1:
// images [0, n), filters [0, p*t), channels [0, q*r), ofmap rows [0, e). `psum_in`: the
// bottom PE of each slot adds incoming psums (as on a later channel pass).
struct ArrayPass {
    golden::LayerShape layer;
    int n = 1, e = 1, p = 1, q = 1, r = 1, t = 1;
    bool psum_in = false;

    // Throws std::invalid_argument naming the violated limit.
    ArrayPassConfig config(const compiler::HwConfig& hw) const;
    // Filter network words (data = 64/D weights, filter_network_words), one PE block at a time.
    std::vector<Tagged> filter_stream(const golden::ActTensor& filter, int data_width) const;
    std::vector<Tagged> ifmap_stream(const golden::ActTensor& ifmap) const;
    // Incoming psums, one per output in output order (images, columns, slots, filters).
    std::vector<Tagged> psum_stream(const std::vector<int64_t>& psums) const;
    size_t outputs() const { return size_t(n) * layer.F() * e * t * p; }
    // Golden psums in collector order: for image, for column f, for slot, for filter k.
    std::vector<int64_t> expected(const golden::ActTensor& ifmap, const golden::ActTensor& filter,
                                  const std::vector<int64_t>& psums,
                                  const golden::Numerics& nx) const;

private:
    int slot_height() const { return layer.R * r; }
};

}  // namespace sim
