// SPDX-License-Identifier: Apache-2.0
#include "sim/pe_job.hpp"

#include <stdexcept>
#include <string>

#include "golden/conv.hpp"

namespace sim {
namespace {

void require(bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument("pe job: " + what);
}

}  // namespace

contract::PeCfg pe_cfg_word(const PeJob& j, const compiler::HwConfig& hw) {
    require(j.S >= 1 && j.U >= 1 && j.p >= 1 && j.q >= 1 && j.F >= 1 && j.rows >= 1,
            "S, U, p, q, F, rows must all be >= 1");
    require(j.p <= hw.psum_words, "p=" + std::to_string(j.p) + " exceeds psum scratchpad (" +
                                      std::to_string(hw.psum_words) + " words)");
    require(j.S * j.q <= hw.ifmap_words, "S*q=" + std::to_string(j.S * j.q) +
                                             " exceeds ifmap scratchpad (" +
                                             std::to_string(hw.ifmap_words) + " words)");
    require(j.p * j.q * j.S <= hw.filter_words, "p*q*S=" + std::to_string(j.p * j.q * j.S) +
                                                    " exceeds filter scratchpad (" +
                                                    std::to_string(hw.filter_words) + " words)");
    // Field widths of the configuration word (contract::PeCfg).
    const int cnt_max = (1 << contract::kPeCntW) - 1, dim_limit = 1 << contract::kDimW;
    require(j.U * j.q <= cnt_max,
            "U*q=" + std::to_string(j.U * j.q) + " exceeds " + std::to_string(cnt_max));
    require(j.F < dim_limit && j.rows < dim_limit,
            "F and rows must be < " + std::to_string(dim_limit));
    require(uint64_t(j.W()) * j.q < (uint64_t{1} << contract::kRowWordW),
            "row of " + std::to_string(j.W() * j.q) + " words exceeds 2^" +
                std::to_string(contract::kRowWordW));
    contract::PeCfg c;
    c.p = j.p;
    c.sq = j.S * j.q;
    c.uq = j.U * j.q;
    c.uq_mod = c.uq % hw.ifmap_words;
    c.filt_words = j.p * j.q * j.S;
    c.f = j.F;
    c.row_words = j.W() * j.q;
    c.rows = j.rows;
    c.psum_in_en = j.psum_in_en;
    c.q = j.q;
    if (hw.stochastic()) {  // the stochastic MAC's run-time settings (docs/stochastic.md)
        c.sc_log2l = hw.sc.log2_length();
        c.sc_lfsr = hw.sc.rng == golden::sc::Rng::Lfsr;
        c.sc_column = hw.sc.sharing == golden::sc::Sharing::Column;
    }
    return c;
}

PeJobData random_pe_job_data(const PeJob& j, const compiler::HwConfig& hw, std::mt19937_64& rng,
                             double zero_fraction) {
    const auto nx = hw.numerics();
    std::uniform_real_distribution<> coin(0, 1);
    std::uniform_int_distribution<int64_t> any(nx.data_min(), nx.data_max());
    auto value = [&](double zeros) -> int32_t {
        const double r = coin(rng);
        if (r < zeros) return 0;
        if (r < zeros + 0.0625) return int32_t(nx.data_min());
        if (r < zeros + 0.125) return int32_t(nx.data_max());
        return int32_t(any(rng));
    };
    PeJobData d;
    d.filter = golden::ActTensor(j.p, j.q, 1, j.S);
    for (auto& w : d.filter.data) w = value(0.05);
    d.ifmap = golden::ActTensor(j.rows, j.q, 1, j.W());
    for (auto& x : d.ifmap.data) x = value(zero_fraction);
    std::uniform_int_distribution<int64_t> acc(nx.acc_min(), nx.acc_max());
    d.psum_in.resize(size_t(j.rows) * j.F * j.p);
    for (auto& v : d.psum_in) v = acc(rng);
    return d;
}

std::vector<int32_t> filter_stream(const PeJob& j, const PeJobData& d) {
    std::vector<int32_t> out;
    for (int s = 0; s < j.S; ++s)
        for (int c = 0; c < j.q; ++c)
            for (int k = 0; k < j.p; ++k) out.push_back(d.filter(k, c, 0, s));
    return out;
}

std::vector<uint64_t> filter_network_words(const std::vector<int32_t>& weights, int data_width) {
    const int lanes = 64 / data_width;
    const uint64_t mask = (uint64_t{1} << data_width) - 1;
    std::vector<uint64_t> out((weights.size() + lanes - 1) / lanes, 0);
    for (size_t i = 0; i < weights.size(); ++i)
        out[i / lanes] |= (uint64_t(int64_t(weights[i])) & mask) << (data_width * (i % lanes));
    return out;
}

std::vector<int32_t> ifmap_stream(const PeJob& j, const PeJobData& d) {
    std::vector<int32_t> out;
    for (int r = 0; r < j.rows; ++r)
        for (int col = 0; col < j.W(); ++col)
            for (int c = 0; c < j.q; ++c) out.push_back(d.ifmap(r, c, 0, col));
    return out;
}

std::vector<int64_t> expected_psums(const PeJob& j, const compiler::HwConfig& hw,
                                    const PeJobData& d) {
    // A row convolution is a layer with H = R = 1: rows -> N, q -> C, p -> M.
    golden::LayerShape L;
    L.name = "pe_row_conv";
    L.N = j.rows;
    L.C = j.q;
    L.H = 1;
    L.W = j.W();
    L.M = j.p;
    L.R = 1;
    L.S = j.S;
    L.stride_h = j.U;
    const auto nx = hw.numerics();
    const golden::AccTensor acc = golden::accumulate(L, nx, d.ifmap, d.filter);
    std::vector<int64_t> out;
    for (int r = 0; r < j.rows; ++r)
        for (int f = 0; f < j.F; ++f)
            for (int k = 0; k < j.p; ++k) {
                int64_t v = acc(r, k, 0, f);
                if (j.psum_in_en)
                    v = golden::wrap(v + d.psum_in[(size_t(r) * j.F + f) * j.p + k], nx.acc_width);
                out.push_back(v);
            }
    return out;
}

}  // namespace sim
