// SPDX-License-Identifier: Apache-2.0
// The RTL run-length codec (rtl/common/rlc_decoder.sv, rlc_encoder.sv) against the C++ codec
// (compiler/rlc.hpp) at D = 16 and D = 8: blocks from 0 % to 100 % zeros, runs longer than the
// longest pair, all-zero and zero-free blocks, blocks back to back on one stream, random
// back-pressure on both sides; malformed streams set the decoder's error.
#include <catch2/catch.hpp>

#include <deque>
#include <random>

#include "Vrlc_decoder_d16.h"
#include "Vrlc_decoder_d8.h"
#include "Vrlc_encoder_d16.h"
#include "Vrlc_encoder_d8.h"
#include "compiler/rlc.hpp"
#include "sim/dut.hpp"
#include "test_seed.hpp"

namespace {

using Block = std::vector<int32_t>;  // a whole number of 64-bit words of values

// Values packed into 64-bit buffer words, value i of a word in bits d*i up.
std::vector<uint64_t> pack(const Block& b, int d) {
    const int lanes = 64 / d;
    std::vector<uint64_t> w(b.size() / lanes, 0);
    const uint64_t mask = (uint64_t{1} << d) - 1;
    for (size_t i = 0; i < b.size(); ++i)
        w[i / lanes] |= (uint64_t(uint32_t(b[i])) & mask) << (d * (i % lanes));
    return w;
}

Block random_block(std::mt19937_64& rng, int d, double zero_fraction, size_t words) {
    const int lanes = 64 / d;
    const int32_t hi = (1 << (d - 1)) - 1;
    std::bernoulli_distribution zero(zero_fraction);
    std::uniform_int_distribution<int32_t> value(-hi - 1, hi);
    Block b(words * lanes);
    for (auto& x : b) {
        if (zero(rng)) continue;
        do x = value(rng);
        while (x == 0);
    }
    return b;
}

// Blocks covering the cases: every zero fraction from 0 to 100 % in steps of 10, long runs at
// both ends and in the middle, single words.
std::vector<Block> test_blocks(std::mt19937_64& rng, int d) {
    const int lanes = 64 / d;
    std::vector<Block> blocks;
    for (int pct = 0; pct <= 100; pct += 10)
        for (int i = 0; i < 6; ++i)
            blocks.push_back(random_block(rng, d, pct / 100.0,
                                          std::uniform_int_distribution<size_t>(1, 40)(rng)));
    blocks.push_back(Block(size_t(lanes), 0));       // one all-zero word
    blocks.push_back(Block(size_t(lanes) * 50, 0));  // runs of every length up to the longest
    Block middle(size_t(lanes) * 30, 0);
    middle[0] = 1;
    middle.back() = -1;
    blocks.push_back(middle);
    Block dense(size_t(lanes) * 7, 3);
    blocks.push_back(dense);
    std::shuffle(blocks.begin(), blocks.end(), rng);
    return blocks;
}

// Streams `blocks` through a codec model: each block started with its length in `len_words`
// (input words for the encoder, output words for the decoder), its input words from `in`, all
// on one input stream with random valid gaps and random output back-pressure. Returns the output
// words of each block (the decoder's error flag, when it ends a block, in `errors`).
template <class Model, bool kDecoder>
std::vector<std::vector<uint64_t>> stream(std::mt19937_64& rng,
                                          const std::vector<std::vector<uint64_t>>& in,
                                          const std::vector<size_t>& len_words,
                                          std::vector<bool>* errors = nullptr) {
    sim::Dut<Model> dut;
    if constexpr (kDecoder) dut->clear_i = 0;
    dut->start_i = 0;
    dut->in_valid_i = 0;
    dut->out_ready_i = 0;
    dut.reset();
    std::deque<uint64_t> words;
    for (const auto& b : in) words.insert(words.end(), b.begin(), b.end());
    std::vector<std::vector<uint64_t>> out;
    std::bernoulli_distribution offer(0.7), take(0.6);
    size_t started = 0;
    bool in_valid = false;
    uint64_t guard = 0;
    while (true) {
        REQUIRE(++guard < 2'000'000);
        REQUIRE(!dut.failed());
        const bool idle = !dut->busy_o;
        if (idle && started == in.size()) break;
        dut->start_i = idle && started < in.size();
        dut->words_i = uint32_t(dut->start_i ? len_words[started] : 0);
        if (!in_valid && !words.empty()) in_valid = offer(rng);  // a valid stays until taken
        dut->in_valid_i = in_valid;
        dut->in_data_i = in_valid ? words.front() : 0;
        dut->out_ready_i = take(rng);
        dut.eval();
        if (dut->start_i) {
            if constexpr (kDecoder)
                if (errors && started > 0) errors->push_back(dut->error_o);
            out.emplace_back();
            ++started;
        }
        if (in_valid && dut->in_ready_o) {
            words.pop_front();
            in_valid = false;
        }
        if (dut->out_valid_o && dut->out_ready_i) out.back().push_back(dut->out_data_o);
        dut.tick();
    }
    dut.eval();
    bool failed = false;
    if constexpr (kDecoder) {
        if (errors) errors->push_back(dut->error_o);
        failed = dut->error_o;
    }
    if (!failed) CHECK(words.empty());  // a failed block leaves the rest of its words unread
    return out;
}

template <class Encoder, class Decoder>
void check_codec(int d) {
    const uint64_t seed = testutil::test_seed("rlc rtl D=" + std::to_string(d));
    std::mt19937_64 rng(seed);
    const int lanes = 64 / d;
    const auto blocks = test_blocks(rng, d);
    std::vector<std::vector<uint64_t>> packed, compressed;
    std::vector<size_t> words;
    for (const auto& b : blocks) {
        packed.push_back(pack(b, d));
        compressed.push_back(compiler::rlc::encode(b, d));
        words.push_back(b.size() / lanes);
    }
    SECTION("the encoder writes the C++ codec's words") {
        const auto got = stream<Encoder, false>(rng, packed, words);
        REQUIRE(got.size() == blocks.size());
        for (size_t i = 0; i < blocks.size(); ++i) {
            INFO("block " << i << " of " << blocks[i].size() << " values");
            CHECK(got[i] == compressed[i]);
        }
    }
    SECTION("the decoder gives back every block") {
        std::vector<bool> errors;
        const auto got = stream<Decoder, true>(rng, compressed, words, &errors);
        REQUIRE(got.size() == blocks.size());
        for (size_t i = 0; i < blocks.size(); ++i) {
            INFO("block " << i << " of " << blocks[i].size() << " values");
            CHECK(got[i] == packed[i]);
            CHECK(!errors[i]);
        }
    }
    SECTION("the decoder flags malformed streams") {
        const Block b = random_block(rng, d, 0.5, 6);
        const auto good = compiler::rlc::encode(b, d);
        const uint64_t term = uint64_t{1} << 63;
        std::vector<std::vector<uint64_t>> bad;
        std::vector<size_t> lens;
        // The last word without its end bit (then the next block's words would be taken: the
        // stream is a block of its own, and the decoder runs out of pairs: a pair past the end).
        auto no_term = good;
        no_term.back() &= ~term;
        no_term.push_back(compiler::rlc::encode(Block(size_t(lanes), 0), d).front());
        bad.push_back(no_term);
        lens.push_back(6);
        auto early = good;  // an end bit on the first word of a longer block
        if (early.size() > 1) {
            early.front() |= term;
            bad.push_back(early);
            lens.push_back(6);
        }
        bad.push_back(good);  // one word too few for the block
        lens.push_back(7);
        // Each bad block alone on the stream (a failed block leaves its rest unread).
        for (size_t i = 0; i < bad.size(); ++i) {
            std::vector<bool> e;
            (void)stream<Decoder, true>(rng, {bad[i]}, {lens[i]}, &e);
            REQUIRE(e.size() == 1);
            INFO("malformed stream " << i);
            CHECK(e[0]);
        }
    }
}

}  // namespace

TEST_CASE("rlc rtl: 16-bit encoder and decoder match the C++ codec", "[rlc]") {
    check_codec<Vrlc_encoder_d16, Vrlc_decoder_d16>(16);
}

TEST_CASE("rlc rtl: 8-bit encoder and decoder match the C++ codec", "[rlc]") {
    check_codec<Vrlc_encoder_d8, Vrlc_decoder_d8>(8);
}
