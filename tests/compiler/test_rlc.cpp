// SPDX-License-Identifier: Apache-2.0
// The C++ run-length codec (compiler/rlc.hpp, docs/commands.md "Run-length compression"): the
// format bit for bit on hand examples, round trips of random blocks from 0 % to 100 % zeros, long
// runs, all-zero and zero-free blocks, block ends, the size bound, and malformed streams.
#include <catch2/catch.hpp>

#include <random>

#include "compiler/rlc.hpp"
#include "rsacc/contract.hpp"
#include "test_seed.hpp"

using compiler::rlc::decode;
using compiler::rlc::encode;
using compiler::rlc::encoded_words;
using compiler::rlc::format_for;

namespace {

constexpr uint64_t kTerm = uint64_t{1} << 63;

// A D = 16 pair at slot k: run in bits 21k..21k+4, value in 21k+5..21k+20.
uint64_t pair16(int k, uint64_t run, int value) {
    return (run | (uint64_t(uint16_t(value)) << 5)) << (21 * k);
}
uint64_t pair8(int k, uint64_t run, int value) {
    return (run | (uint64_t(uint8_t(value)) << 4)) << (12 * k);
}

std::vector<int32_t> round_trip(const std::vector<int32_t>& v, int d) {
    const auto words = encode(v, d);
    size_t used = 0;
    auto back = decode(words.data(), words.size(), v.size(), d, &used);
    CHECK(used == words.size());
    CHECK(encoded_words(v, d) == words.size());
    return back;
}

}  // namespace

TEST_CASE("rlc: the formats are the contract's (Eyeriss's for 16 bits)", "[rlc]") {
    CHECK(format_for(16).run_bits == 5);
    CHECK(format_for(16).pairs == 3);
    CHECK(format_for(16).pairs * format_for(16).pair_bits() == 63);
    CHECK(format_for(8).pairs * format_for(8).pair_bits() <= 63);
    CHECK(contract::kRlcTermBit == 63);
    CHECK_THROWS_WITH(format_for(12), "rlc: data width 12 has no run-length format (8 or 16)");
}

TEST_CASE("rlc: hand-encoded words", "[rlc]") {
    // 0 0 5 -3, 40 zeros, 7: pairs (2,5) (0,-3) (31,0) (8,7): 4 pairs -> 2 words.
    std::vector<int32_t> v{0, 0, 5, -3};
    v.insert(v.end(), 40, 0);
    v.push_back(7);
    const auto w = encode(v, 16);
    REQUIRE(w.size() == 2);
    CHECK(w[0] == (pair16(0, 2, 5) | pair16(1, 0, -3) | pair16(2, 31, 0)));
    CHECK(w[1] == (pair16(0, 8, 7) | kTerm));
    CHECK(decode(w.data(), w.size(), v.size(), 16) == v);
    // Trailing zeros: 1 then 5 zeros -> (0,1) (4,0); 32 zeros -> (31,0); 33 -> (31,0) (0,0).
    CHECK(encode({1, 0, 0, 0, 0, 0}, 16) ==
          std::vector<uint64_t>{pair16(0, 0, 1) | pair16(1, 4, 0) | kTerm});
    CHECK(encode(std::vector<int32_t>(32, 0), 16) ==
          std::vector<uint64_t>{pair16(0, 31, 0) | kTerm});
    CHECK(encode(std::vector<int32_t>(33, 0), 16) ==
          std::vector<uint64_t>{pair16(0, 31, 0) | pair16(1, 0, 0) | kTerm});
    // The extremes of a 16-bit value, and 8-bit pairs.
    CHECK(encode({-32768, 32767}, 16) ==
          std::vector<uint64_t>{pair16(0, 0, -32768) | pair16(1, 0, 32767) | kTerm});
    CHECK(encode({0, -128, 0, 0, 127, 1}, 8) ==
          std::vector<uint64_t>{pair8(0, 1, -128) | pair8(1, 2, 127) | pair8(2, 0, 1) | kTerm});
    CHECK(encode(std::vector<int32_t>(17, 0), 8) ==
          std::vector<uint64_t>{pair8(0, 15, 0) | pair8(1, 0, 0) | kTerm});
}

TEST_CASE("rlc: random blocks from 0 to 100 % zeros round-trip within the size bound", "[rlc]") {
    const uint64_t seed = testutil::test_seed("rlc round trips");
    std::mt19937_64 rng(seed);
    for (const int d : {16, 8}) {
        const auto f = format_for(d);
        const int32_t hi = (1 << (d - 1)) - 1;
        for (int pct = 0; pct <= 100; pct += 5) {
            for (int trial = 0; trial < 40; ++trial) {
                const size_t n = std::uniform_int_distribution<size_t>(1, 600)(rng);
                std::vector<int32_t> v(n);
                std::bernoulli_distribution zero(pct / 100.0);
                std::uniform_int_distribution<int32_t> value(-hi - 1, hi);
                for (auto& x : v) {
                    if (zero(rng)) x = 0;
                    else do
                            x = value(rng);
                        while (x == 0);
                }
                INFO("D " << d << ", " << pct << " % zeros, n " << n);
                REQUIRE(round_trip(v, d) == v);
                // At most one pair per value: ceil(n / pairs) words.
                CHECK(encoded_words(v, d) <= (n + f.pairs - 1) / size_t(f.pairs));
            }
        }
    }
}

TEST_CASE("rlc: long runs, all-zero and zero-free blocks, block ends", "[rlc]") {
    for (const int d : {16, 8}) {
        const auto f = format_for(d);
        const size_t span = size_t(f.run_max()) + 1;  // zeros one (run_max, 0) pair stands for
        INFO("D " << d);
        for (size_t n : {size_t{1}, span - 1, span, span + 1, 3 * span, 1000 * span + 7}) {
            const std::vector<int32_t> zeros(n, 0);
            CHECK(round_trip(zeros, d) == zeros);
            const size_t pairs = (n + span - 1) / span;
            CHECK(encoded_words(zeros, d) == (pairs + f.pairs - 1) / size_t(f.pairs));
            std::vector<int32_t> dense(n, -1);
            CHECK(round_trip(dense, d) == dense);
            CHECK(encoded_words(dense, d) == (n + f.pairs - 1) / size_t(f.pairs));
            // A non-zero value after a long run, and one at each end.
            std::vector<int32_t> v = zeros;
            v.back() = 3;
            CHECK(round_trip(v, d) == v);
            v.front() = -2;
            CHECK(round_trip(v, d) == v);
        }
    }
    // Blocks back to back: the decoder takes exactly one block's words.
    const std::vector<int32_t> a{0, 0, 0, 9, 1}, b(70, 0);
    auto words = encode(a, 16);
    const auto wb = encode(b, 16);
    words.insert(words.end(), wb.begin(), wb.end());
    size_t used = 0;
    CHECK(decode(words.data(), words.size(), a.size(), 16, &used) == a);
    CHECK(decode(words.data() + used, words.size() - used, b.size(), 16) == b);
}

TEST_CASE("rlc: malformed streams and bad blocks are refused naming the word", "[rlc]") {
    const std::vector<int32_t> v{1, 2, 3, 4, 0, 0, 5};
    const auto w = encode(v, 16);
    REQUIRE(w.size() == 2);
    CHECK_THROWS_WITH(decode(w.data(), 1, v.size(), 16),
                      "rlc: the stream ends after 3 of 7 values");
    auto early = w;
    early[0] |= kTerm;
    CHECK_THROWS_WITH(decode(early.data(), early.size(), v.size(), 16),
                      "rlc: word 0: bit 63 set after 3 of 7 values");
    auto no_term = w;
    no_term[1] &= ~kTerm;
    CHECK_THROWS_WITH(decode(no_term.data(), no_term.size(), v.size(), 16),
                      "rlc: word 1: the block's last value but bit 63 is clear");
    auto junk = w;
    junk[1] |= uint64_t{1} << 50;
    CHECK_THROWS_WITH(decode(junk.data(), junk.size(), v.size(), 16),
                      "rlc: word 1: bits set beyond its 2 pairs");
    CHECK_THROWS_WITH(decode(w.data(), w.size(), 5, 16),
                      "rlc: word 1: pair 1 runs past the block's 5 values");
    CHECK_THROWS_WITH(encode({}, 16), "rlc: an empty block");
    CHECK_THROWS_WITH(encode({1, 128}, 8), "rlc: value 1 = 128 does not fit 8 bits");
    CHECK_THROWS_WITH(encode({-32769}, 16), "rlc: value 0 = -32769 does not fit 16 bits");
}
