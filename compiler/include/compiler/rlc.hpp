// SPDX-License-Identifier: Apache-2.0
// Run-length compression of activations (docs/commands.md, "Run-length compression"): Eyeriss's
// format (JSSC 2017), for D = 16 three (5-bit run, 16-bit value) pairs per 64-bit word and for
// D = 8 five (4-bit run, 8-bit value) pairs, bit 63 ending a block. The widths are the
// contract's (kRlc*); rtl/common/rlc_decoder.sv and rlc_encoder.sv implement the same format.
//
// A block of n >= 1 values is a sequence of pairs, in word order and from bit 0 up within a
// word: each pair stands for `run` zeros followed by `value`. The encoder is canonical: zeros
// before a non-zero value go into its pair while they fit (run <= run_max); a longer run first
// takes pairs (run_max, 0), each standing for run_max + 1 zeros; zeros at the end of the block
// are pairs (r, 0) of r + 1 zeros, as long as possible. The decoder stops after n values: the
// word that holds the n-th value has bit 63 set and its unused pairs are zero.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace compiler::rlc {

struct Format {
    int data_width;  // D: 16 or 8
    int run_bits;    // bits of a run
    int pairs;       // pairs per 64-bit word
    int run_max() const { return (1 << run_bits) - 1; }
    int pair_bits() const { return run_bits + data_width; }
};

// The format for D-bit data; std::invalid_argument for D other than 8 or 16.
Format format_for(int data_width);

// The block `values` (n >= 1 signed D-bit values) compressed. std::invalid_argument for an
// empty block or a value that does not fit D bits.
std::vector<uint64_t> encode(const std::vector<int32_t>& values, int data_width);

// The first `n` values of the block starting at words[0] (sign-extended); `*used` = words it
// takes. Any pair sequence decodes (a canonical one or not); std::invalid_argument
// ("rlc: word W: ...") for a malformed stream: it ends before n values, a pair runs past the
// n-th value, a word before the last has bit 63 set, the last one has it clear, or a word has
// bits set beyond its pairs.
std::vector<int32_t> decode(const uint64_t* words, size_t n_words, size_t n, int data_width,
                            size_t* used = nullptr);

// Words encode() gives for `values`, without building them.
size_t encoded_words(const std::vector<int32_t>& values, int data_width);

// A row as DRAM stores it in its slot of `values.size() / (64/D)` words, with its length-table
// entry (docs/commands.md, "A compressed ifmap in DRAM"): compressed when the slot has at most
// kRlcMaxRowWords words and compression takes fewer words than the slot, else raw, the values
// packed as an uncompressed row, with entry kRlcRawBit | slot words (the drain's rule too, so a
// compressed ofmap is what the compiler would write). A stored row never exceeds its slot.
struct StoredRow {
    uint16_t entry = 0;
    std::vector<uint64_t> words;
    bool raw() const;
};
// std::invalid_argument unless values.size() is a non-zero multiple of 64/D below 2^15 words.
StoredRow store_row(const std::vector<int32_t>& values, int data_width);

// The DRAM words a length-table entry stands for: the slot's for a raw row, else the entry.
uint64_t entry_words(uint16_t entry, uint64_t slot_words);

// The values of a stored row from its slot (`slot_bytes` bytes, whole words) and its entry: the
// inverse of store_row. std::invalid_argument for an entry of 0, a raw entry of another length,
// more words than the slot, or compressed words that do not end exactly at the entry's length.
std::vector<int32_t> load_row(const uint8_t* slot, size_t slot_bytes, uint16_t entry,
                              int data_width);

}  // namespace compiler::rlc
