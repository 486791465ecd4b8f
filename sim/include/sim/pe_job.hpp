// SPDX-License-Identifier: Apache-2.0
// One PE job described in layer terms (filter width, stride, p, q, ...), its translation into
// the PE's configuration word (contract::PeCfg = acc_pkg::pe_cfg_t), the data streams in the
// PE's order, and the expected psums from the golden engine. The PE's build-time parameters are
// those of a compiler::HwConfig (data_width, acc_width and the scratchpad sizes).
#pragma once
#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "compiler/hw_config.hpp"
#include "golden/numerics.hpp"
#include "golden/tensor.hpp"
#include "rsacc/contract.hpp"

namespace sim {

struct PeJob {
    int S = 3;     // filter width
    int U = 1;     // horizontal stride
    int p = 1;     // filters interleaved
    int q = 1;     // channels interleaved
    int F = 1;     // output columns per row
    int rows = 1;  // row convolutions with the same filters
    bool psum_in_en = false;
    int W() const { return (F - 1) * U + S; }  // ifmap columns per row (padding included)
    uint64_t macs() const { return uint64_t(rows) * F * p * q * S; }
};

// Throws std::invalid_argument naming the scratchpad or field limit that is exceeded. The word
// as Verilator stores the port: .pack().
contract::PeCfg pe_cfg_word(const PeJob& job, const compiler::HwConfig& hw);

struct PeJobData {
    golden::ActTensor filter;      // p x q x 1 x S
    golden::ActTensor ifmap;       // rows x q x 1 x W
    std::vector<int64_t> psum_in;  // rows x F x p, A-bit values (used when psum_in_en)
};

// Random operands: a fraction `zero_fraction` of activations are 0, about 1 in 8 of all
// values are the extremes (data_min, data_max), the rest uniform over the D-bit range.
PeJobData random_pe_job_data(const PeJob& job, const compiler::HwConfig& hw, std::mt19937_64& rng,
                             double zero_fraction);

// Streams in the order the PE consumes them (see rtl/pe/pe.sv).
std::vector<int32_t> filter_stream(const PeJob& job, const PeJobData& d);
// Weights as the filter network carries them: 64/data_width per 64-bit word (weight k of a word
// at bits [k*D, (k+1)*D)), the last word zero-padded.
std::vector<uint64_t> filter_network_words(const std::vector<int32_t>& weights, int data_width);
std::vector<int32_t> ifmap_stream(const PeJob& job, const PeJobData& d);
// Golden psums, rows x F x p, in output order: accumulate (golden engine) + incoming psum, wrapped.
std::vector<int64_t> expected_psums(const PeJob& job, const compiler::HwConfig& hw,
                                    const PeJobData& d);

}  // namespace sim
