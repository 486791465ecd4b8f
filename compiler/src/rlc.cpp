// SPDX-License-Identifier: Apache-2.0
#include "compiler/rlc.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "rsacc/contract.hpp"

namespace compiler::rlc {

Format format_for(int data_width) {
    if (data_width == 16) return {16, contract::kRlcRunBitsD16, contract::kRlcPairsD16};
    if (data_width == 8) return {8, contract::kRlcRunBitsD8, contract::kRlcPairsD8};
    throw std::invalid_argument(
        fmt::format("rlc: data width {} has no run-length format (8 or 16)", data_width));
}

namespace {

// Calls pair(run, value) for each pair of the canonical encoding of `values`.
template <class F>
void for_each_pair(const std::vector<int32_t>& values, const Format& f, F&& pair) {
    if (values.empty()) throw std::invalid_argument("rlc: an empty block");
    const int64_t hi = (int64_t{1} << (f.data_width - 1)) - 1, lo = -hi - 1;
    int64_t zeros = 0;
    for (size_t i = 0; i < values.size(); ++i) {
        const int32_t v = values[i];
        if (v < lo || v > hi)
            throw std::invalid_argument(
                fmt::format("rlc: value {} = {} does not fit {} bits", i, v, f.data_width));
        if (v == 0) {
            ++zeros;
            continue;
        }
        for (; zeros > f.run_max(); zeros -= f.run_max() + 1) pair(f.run_max(), 0);
        pair(int(zeros), v);
        zeros = 0;
    }
    while (zeros > 0) {  // trailing zeros: (r, 0) stands for r + 1 of them
        const int r = int(std::min<int64_t>(zeros - 1, f.run_max()));
        pair(r, 0);
        zeros -= r + 1;
    }
}

}  // namespace

std::vector<uint64_t> encode(const std::vector<int32_t>& values, int data_width) {
    const Format f = format_for(data_width);
    const uint64_t value_mask = (uint64_t{1} << f.data_width) - 1;
    std::vector<uint64_t> words;
    int slot = f.pairs;  // pairs used in the last word
    for_each_pair(values, f, [&](int run, int32_t value) {
        if (slot == f.pairs) {
            words.push_back(0);
            slot = 0;
        }
        const uint64_t pair =
            uint64_t(run) | ((uint64_t(uint32_t(value)) & value_mask) << f.run_bits);
        words.back() |= pair << (slot * f.pair_bits());
        ++slot;
    });
    words.back() |= uint64_t{1} << contract::kRlcTermBit;
    return words;
}

size_t encoded_words(const std::vector<int32_t>& values, int data_width) {
    const Format f = format_for(data_width);
    size_t pairs = 0;
    for_each_pair(values, f, [&](int, int32_t) { ++pairs; });
    return (pairs + f.pairs - 1) / f.pairs;
}

std::vector<int32_t> decode(const uint64_t* words, size_t n_words, size_t n, int data_width,
                            size_t* used) {
    const Format f = format_for(data_width);
    if (n == 0) throw std::invalid_argument("rlc: an empty block");
    const uint64_t run_mask = (uint64_t{1} << f.run_bits) - 1;
    const uint64_t value_mask = (uint64_t{1} << f.data_width) - 1;
    const int shift = 32 - f.data_width;
    const uint64_t term = uint64_t{1} << contract::kRlcTermBit;
    std::vector<int32_t> out;
    out.reserve(n);
    for (size_t w = 0; w < n_words; ++w) {
        const uint64_t word = words[w];
        int slot = 0;
        for (; slot < f.pairs && out.size() < n; ++slot) {
            const uint64_t pair = word >> (slot * f.pair_bits());
            const size_t run = size_t(pair & run_mask);
            if (out.size() + run + 1 > n)
                throw std::invalid_argument(fmt::format(
                    "rlc: word {}: pair {} runs past the block's {} values", w, slot, n));
            out.insert(out.end(), run, 0);
            const uint32_t raw = uint32_t((pair >> f.run_bits) & value_mask);
            out.push_back(int32_t(raw << shift) >> shift);
        }
        const bool last = out.size() == n;
        const int bits_used = slot * f.pair_bits();  // < 64: at most 63 bits of pairs
        if (((word & ~term) >> bits_used) != 0)
            throw std::invalid_argument(
                fmt::format("rlc: word {}: bits set beyond its {} pairs", w, slot));
        if (last) {
            if (!(word & term))
                throw std::invalid_argument(
                    fmt::format("rlc: word {}: the block's last value but bit {} is clear", w,
                                contract::kRlcTermBit));
            if (used) *used = w + 1;
            return out;
        }
        if (word & term)
            throw std::invalid_argument(
                fmt::format("rlc: word {}: bit {} set after {} of {} values", w,
                            contract::kRlcTermBit, out.size(), n));
    }
    throw std::invalid_argument(
        fmt::format("rlc: the stream ends after {} of {} values", out.size(), n));
}

bool StoredRow::raw() const { return (entry >> contract::kRlcRawBit) & 1; }

StoredRow store_row(const std::vector<int32_t>& values, int data_width) {
    const Format f = format_for(data_width);
    const size_t lanes = size_t(64 / data_width);
    const size_t slot = values.size() / lanes;
    if (values.empty() || values.size() % lanes || slot >= (size_t{1} << contract::kRlcRawBit))
        throw std::invalid_argument(fmt::format(
            "rlc: a stored row of {} values is not 1 to 2^{} - 1 whole words of {} values",
            values.size(), contract::kRlcRawBit, lanes));
    StoredRow r;
    if (slot <= size_t(contract::kRlcMaxRowWords) && encoded_words(values, data_width) < slot) {
        r.words = encode(values, data_width);
        r.entry = uint16_t(r.words.size());
        return r;
    }
    const uint64_t mask = (uint64_t{1} << f.data_width) - 1;
    r.words.assign(slot, 0);
    for (size_t i = 0; i < values.size(); ++i)
        r.words[i / lanes] |= (uint64_t(uint32_t(values[i])) & mask) << (data_width * (i % lanes));
    r.entry = uint16_t((1u << contract::kRlcRawBit) | slot);
    return r;
}

uint64_t entry_words(uint16_t entry, uint64_t slot_words) {
    return (entry >> contract::kRlcRawBit) & 1 ? slot_words : entry;
}

std::vector<int32_t> load_row(const uint8_t* slot, size_t slot_bytes, uint16_t entry,
                              int data_width) {
    format_for(data_width);
    const size_t lanes = size_t(64 / data_width), words = slot_bytes / 8;
    std::vector<uint64_t> w(words, 0);
    for (size_t i = 0; i < slot_bytes; ++i) w[i / 8] |= uint64_t(slot[i]) << (8 * (i % 8));
    const size_t n = words * lanes;
    const bool raw = (entry >> contract::kRlcRawBit) & 1;
    if (raw) {
        if ((entry & 0x7fff) != words)
            throw std::invalid_argument(
                fmt::format("rlc: raw entry 0x{:04x} for a slot of {} words", entry, words));
        std::vector<int32_t> v(n);
        const int shift = 64 - data_width;
        for (size_t i = 0; i < n; ++i)
            v[i] = int32_t(int64_t(w[i / lanes] << (shift - data_width * int(i % lanes))) >> shift);
        return v;
    }
    if (entry == 0 || entry > words)
        throw std::invalid_argument(
            fmt::format("rlc: entry {} for a slot of {} words", entry, words));
    size_t used = 0;
    std::vector<int32_t> v = decode(w.data(), entry, n, data_width, &used);
    if (used != entry)
        throw std::invalid_argument(
            fmt::format("rlc: the row ends after {} words, its entry says {}", used, entry));
    return v;
}

}  // namespace compiler::rlc
