// SPDX-License-Identifier: Apache-2.0
// A run-length compressed ifmap in the DRAM image (LayerOptions::rlc, compiler/layer_program.hpp,
// docs/commands.md "Run-length compression"): on random layers at D = 16 and D = 8 and zero
// fractions 0 to 1, every ifmap fill block decoded from the image as the fill DMA does it (length
// table words, then each row's compressed words) gives the buffer words of the same fill on the
// uncompressed image; the bytes it reads are rlc_ifmap_fill_bytes's; the commands are those
// without rlc but for the ifmap fills' run-length fields; and rows that would not shrink are
// stored raw.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "compiler/dram_traffic.hpp"
#include "compiler/layer_program.hpp"
#include "compiler/mapper.hpp"
#include "compiler/rlc.hpp"
#include "compiler/rlc_image.hpp"
#include "small_hw.hpp"
#include "test_layers.hpp"
#include "test_seed.hpp"

using namespace compiler;
using Catch::Matchers::Contains;
using contract::DataType;
using contract::FillCmd;

namespace {

uint64_t word_at(const DramImage& img, uint64_t addr) {
    const auto b = img.read(addr, 8);
    uint64_t w = 0;
    for (int i = 0; i < 8; ++i) w |= uint64_t(b[size_t(i)]) << (8 * i);
    return w;
}

// The buffer words of an uncompressed fill: word i0 of block (i2, i1) from dram + i2*stride2 +
// i1*stride1 + 8*i0.
std::vector<uint64_t> plain_fill(const FillCmd& c, const DramImage& img) {
    std::vector<uint64_t> out;
    for (uint64_t i2 = 0; i2 < c.count2; ++i2)
        for (uint64_t i1 = 0; i1 < c.count1; ++i1)
            for (uint64_t i0 = 0; i0 < c.count0; ++i0)
                out.push_back(word_at(img, c.dram + i2 * c.stride2 + i1 * c.stride1 + 8 * i0));
    return out;
}

// A compressed fill as the fill DMA runs it (docs/commands.md, OpFill with rlc): per block, the
// table words spanning its entries, then each row's `length` words from the start of its slot,
// decoded into row_words buffer words. `words_read` counts the 64-bit words read; `lengths`
// gets each row's (slot address, length entry).
std::vector<uint64_t> rlc_fill(const FillCmd& c, const DramImage& img, int d, uint64_t& words_read,
                               std::vector<std::pair<uint64_t, uint64_t>>& lengths) {
    REQUIRE(c.rlc == 1);
    REQUIRE(c.rows * c.row_words == c.count0);
    REQUIRE(c.lens % 2 == 0);
    const int epw = 64 / d;
    std::vector<uint64_t> out;
    for (uint64_t i2 = 0; i2 < c.count2; ++i2)
        for (uint64_t i1 = 0; i1 < c.count1; ++i1) {
            const uint64_t s = c.lens + i2 * c.lstride2 + i1 * c.lstride1;
            // The table words, as whole 8-byte words, then the entries from them.
            std::vector<uint8_t> table;
            for (uint64_t a = s / 8 * 8; a <= (s + 2 * c.rows - 1) / 8 * 8; a += 8) {
                const uint64_t w = word_at(img, a);
                for (int i = 0; i < 8; ++i) table.push_back(uint8_t(w >> (8 * i)));
                ++words_read;
            }
            const uint64_t off = s % 8;
            for (uint64_t k = 0; k < c.rows; ++k) {
                const uint64_t len = uint64_t(table[off + 2 * k]) | uint64_t(table[off + 2 * k + 1])
                                                                        << 8;
                const uint64_t slot =
                    c.dram + i2 * c.stride2 + i1 * c.stride1 + k * c.row_words * 8;
                lengths.emplace_back(slot, len);
                REQUIRE(len >= 1);
                if (len >> contract::kRlcRawBit) {  // a raw row: its words as they are
                    REQUIRE((len & 0x7fff) == c.row_words);
                    for (uint64_t i = 0; i < c.row_words; ++i)
                        out.push_back(word_at(img, slot + 8 * i));
                    words_read += c.row_words;
                    continue;
                }
                REQUIRE(len < c.row_words);  // compressed only when that takes fewer words
                std::vector<uint64_t> comp;
                for (uint64_t i = 0; i < len; ++i) comp.push_back(word_at(img, slot + 8 * i));
                words_read += len;
                size_t used = 0;
                const auto v =
                    rlc::decode(comp.data(), comp.size(), size_t(c.row_words) * epw, d, &used);
                REQUIRE(used == len);  // the row ends exactly at its length
                for (uint64_t w = 0; w < c.row_words; ++w) {
                    uint64_t word = 0;
                    for (int j = 0; j < epw; ++j)
                        word |=
                            (uint64_t(uint32_t(v[size_t(w * epw + j)])) & ((uint64_t{1} << d) - 1))
                            << (d * j);
                    out.push_back(word);
                }
            }
        }
    return out;
}

// A random layer that maps and compiles on hw (redrawn until it does).
golden::LayerShape random_layer(std::mt19937_64& rng, const HwConfig& hw, int index) {
    auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    for (;;) {
        golden::LayerShape L;
        L.name = "rlc" + std::to_string(index);
        L.N = uni(1, 3), L.C = uni(1, 8), L.H = uni(1, 20), L.W = uni(1, 40);
        L.M = uni(1, 8), L.R = uni(1, 5), L.S = uni(1, 5);
        L.stride_v = uni(1, 2), L.stride_h = uni(1, 2);
        L.pad_top = uni(0, 2), L.pad_bottom = uni(0, 2), L.pad_left = uni(0, 2);
        L.pad_right = uni(0, 2);
        if (uni(0, 3) == 0) L.groups = L.M = L.C;  // depthwise
        try {
            L.validate();
            compile_layer(L, map_layer(L, hw), hw, {});
            return L;
        } catch (const std::invalid_argument&) {
        }
    }
}

// Does some ifmap row (padding to whole words included) not compress to fewer words than its
// slot (so it is stored raw)?
bool some_row_raw(const LayerProgram& p, const golden::ActTensor& x) {
    const auto& L = p.layer;
    const int epw = 64 / p.hw.data_width;
    std::vector<int32_t> row(size_t(p.in_pitch_words * epw), 0);
    for (int b = 0; b < L.N; ++b)
        for (int c = 0; c < L.C; ++c)
            for (int y = 0; y < L.H; ++y) {
                for (int xx = 0; xx < L.W; ++xx) row[size_t(xx)] = x(b, c, y, xx);
                if (rlc::encoded_words(row, p.hw.data_width) >= size_t(p.in_pitch_words) ||
                    p.in_pitch_words > contract::kRlcMaxRowWords)
                    return true;
            }
    return false;
}

}  // namespace

TEST_CASE("rlc ifmap: fills decode to the uncompressed fills' words, bytes as counted",
          "[compiler][rlc]") {
    const uint64_t seed = testutil::test_seed("rlc ifmap fills");
    std::mt19937_64 rng(seed);
    int decoded_layers = 0, raw_layers = 0;
    for (const auto& hw : {testutil::small_hw(), testutil::small8_hw()}) {
        const int d = hw.data_width, epw = 64 / d;
        for (const double zeros : {0.0, 0.3, 0.9, 1.0})
            for (int i = 0; i < 6; ++i) {
                const auto L = random_layer(rng, hw, i);
                INFO("D " << d << ", zeros " << zeros << ", layer " << L.N << "x" << L.C << "x"
                          << L.H << "x" << L.W << " M " << L.M << " R " << L.R << " S " << L.S
                          << " stride " << L.stride_v << "," << L.stride_h << " groups "
                          << L.groups);
                LayerOptions opt = testutil::options(i % 2 == 0, i % 3 == 0);
                const auto plain = testutil::compile_random(L, hw, rng, zeros, opt);
                opt = plain.prog.options;
                opt.rlc = true;
                const LayerProgram p = compile_layer(L, plain.prog.mapping, hw, opt);
                const LayerProgram& p0 = plain.prog;
                const auto& x = plain.data;
                CHECK(p.to_json().at("rlc") == true);
                CHECK(p0.to_json().at("rlc") == false);

                // The layout: the table after the ifmap, 4 KB aligned, [N][C][H] entries.
                CHECK(p0.ifmap_lens_base == 0);
                CHECK(p.ifmap_lens_base % 4096 == 0);
                CHECK(p.ifmap_lens_base >=
                      p.ifmap_base + uint64_t(L.N) * L.C * L.H * p.in_pitch_words * 8);
                CHECK(p.filter_base >= p.ifmap_lens_base + uint64_t(L.N) * L.C * L.H * 2);
                int ifmap_regions = 0;
                for (const auto& r : p.regions()) ifmap_regions += r.type == DataType::Ifmap;
                CHECK(ifmap_regions == 2);

                // The commands: those without rlc, but for the ifmap fills' run-length fields
                // and the addresses after the length table.
                REQUIRE(p.commands.size() == p0.commands.size());
                const uint64_t shift = p.filter_base - p0.filter_base;
                CHECK(p.bias_base - p0.bias_base == shift);
                CHECK(p.ofmap_base - p0.ofmap_base == shift);
                CHECK(p.cmd_base - p0.cmd_base == shift);
                std::vector<std::pair<FillCmd, FillCmd>> ifmap_fills;  // (rlc, plain)
                for (size_t k = 0; k < p.commands.size(); ++k) {
                    const auto &c = p.commands[k], &c0 = p0.commands[k];
                    REQUIRE(c.op() == c0.op());
                    if (c.op() == FillCmd::kOpcode) {
                        FillCmd f = FillCmd::decode(c);
                        const FillCmd f0 = FillCmd::decode(c0);
                        CHECK(f0.rlc == 0);
                        CHECK(f0.lens + f0.lstride1 + f0.lstride2 + f0.row_words + f0.rows == 0);
                        if (f.dtype == DataType::Ifmap) {
                            CHECK(f.rlc == 1);
                            CHECK(f.row_words == uint64_t(p.in_pitch_words));
                            CHECK(f.rows * f.row_words == f.count0);
                            CHECK(f.lstride1 == uint64_t(L.H) * 2);
                            CHECK(f.lstride2 == uint64_t(L.C) * L.H * 2);
                            CHECK(f.lens == p.ifmap_lens_base + (f.dram - p.ifmap_base) /
                                                                    (p.in_pitch_words * 8) * 2);
                            ifmap_fills.emplace_back(f, f0);
                            f.rlc = f.lens = f.lstride1 = f.lstride2 = f.row_words = f.rows = 0;
                        } else {
                            CHECK(f.rlc == 0);
                            f.dram -= shift;
                        }
                        CHECK(f.encode().f == c0.f);
                    } else if (c.op() == contract::DrainCmd::kOpcode) {
                        auto dr = contract::DrainCmd::decode(c);
                        dr.dram -= shift;
                        CHECK(dr.encode().f == c0.f);
                    } else {
                        CHECK(c.f == c0.f);
                    }
                }

                const DramImage img0 = p0.image(x.ifmap, x.filter, x.bias);
                raw_layers += some_row_raw(p, x.ifmap);
                const DramImage img = p.image(x.ifmap, x.filter, x.bias);
                for (const auto& b : img.blocks) {  // every block inside one region
                    int in = 0;
                    for (const auto& r : img.regions)
                        in += b.addr >= r.base && b.addr + b.bytes.size() <= r.base + r.bytes;
                    CHECK(in == 1);
                }

                // Every ifmap fill, decoded as the fill DMA does, gives the uncompressed words.
                uint64_t words_read = 0;
                std::vector<std::pair<uint64_t, uint64_t>> lengths;
                for (const auto& [f, f0] : ifmap_fills) {
                    CHECK(rlc_fill(f, img, d, words_read, lengths) == plain_fill(f0, img0));
                    // The same words as the uncompressed image's for the same fill.
                }
                // The table entries are the rows' compressed sizes, from the tensor.
                std::vector<int32_t> row(size_t(p.in_pitch_words * epw), 0);
                for (const auto& [slot, len] : lengths) {
                    const uint64_t r = (slot - p.ifmap_base) / (p.in_pitch_words * 8);
                    const int y = int(r % L.H), c = int(r / L.H % L.C), b = int(r / L.H / L.C);
                    for (int xx = 0; xx < L.W; ++xx) row[size_t(xx)] = x.ifmap(b, c, y, xx);
                    const size_t enc = rlc::encoded_words(row, d);
                    if (enc < size_t(p.in_pitch_words) &&
                        p.in_pitch_words <= contract::kRlcMaxRowWords)
                        CHECK(len == enc);
                    else CHECK(len == ((1u << contract::kRlcRawBit) | uint64_t(p.in_pitch_words)));
                }
                // The bytes: this walk's, and the uncompressed count without rlc.
                CHECK(rlc_ifmap_fill_bytes(p, img) == words_read * 8);
                CHECK(int64_t(rlc_ifmap_fill_bytes(p0, img0)) ==
                      command_list_traffic(p0.commands).read[size_t(DataType::Ifmap)]);
                ++decoded_layers;
            }
    }
    // Dense data has raw rows (compressed, up to 33 % / 60 % more words than its slot).
    CHECK(raw_layers >= 6);
    CHECK(decoded_layers >= 40);
}

TEST_CASE("rlc ifmap: a row that would not shrink is stored raw", "[compiler][rlc]") {
    // D = 8, W = 16: 2-word slots of 16 values.
    const HwConfig hw = testutil::small8_hw();
    const auto L = testutil::conv_layer("dense", 1, 2, 4, 16, 2, 3, 3);
    LayerOptions opt;
    opt.rlc = true;
    const auto p = compile_layer(L, map_layer(L, hw), hw, opt);
    golden::ActTensor x(L.N, L.C, L.H, L.W), w(L.M, L.C, L.R, L.S);
    const auto entry = [&](const DramImage& img, int c, int y) {
        const auto b = img.read(p.ifmap_lens_base + uint64_t(c * L.H + y) * 2, 2);
        return unsigned(b[0] | b[1] << 8);
    };
    CHECK(entry(p.image(x, w, {}), 1, 2) == 1);                             // all zeros: one word
    for (int xx = 0; xx < L.W; ++xx) x(0, 1, 2, xx) = int32_t(xx % 3) - 1;  // 16 values, 5 zero
    x(0, 1, 2, 15) = -128;
    const auto img = p.image(x, w, {});
    // 11 pairs of 5 per word: 3 words, not fewer than the slot's 2: raw, entry 0x8000 | 2.
    CHECK(rlc::encoded_words(std::vector<int32_t>(16, 1), 8) == 4);
    CHECK(entry(img, 1, 2) == 0x8002);
    const uint64_t slot = p.ifmap_base + uint64_t(1 * L.H + 2) * 2 * 8;
    const auto bytes = img.read(slot, 16);
    for (int xx = 0; xx < L.W; ++xx) CHECK(int8_t(bytes[size_t(xx)]) == x(0, 1, 2, xx));
    CHECK(entry(img, 1, 1) == 1);
    // The store_row rule on its own: fewer words than the slot, or raw.
    const auto r = rlc::store_row(std::vector<int32_t>(8, 0), 16);
    CHECK((r.entry == 1 && !r.raw() && r.words.size() == 1));
    const auto q = rlc::store_row({1, 2, 3, 4}, 16);
    CHECK((q.raw() && q.entry == 0x8001 && q.words == std::vector<uint64_t>{0x0004000300020001}));
    CHECK_THROWS_WITH(rlc::store_row({1, 2, 3}, 16), Contains("not 1 to 2^15 - 1 whole words"));
    // Slots of more than kRlcMaxRowWords words are raw, however many zeros (the drain's rule).
    const size_t max_values = size_t(contract::kRlcMaxRowWords) * 4;
    CHECK(rlc::store_row(std::vector<int32_t>(max_values, 0), 16).entry == 1);
    const auto wide = rlc::store_row(std::vector<int32_t>(max_values + 4, 0), 16);
    CHECK((wide.raw() && wide.words.size() == size_t(contract::kRlcMaxRowWords) + 1));
    CHECK(rlc::entry_words(0x8007, 7) == 7);
    CHECK(rlc::entry_words(3, 7) == 3);
}

TEST_CASE("rlc ifmap: the length table in the image, the table words a fill reads",
          "[compiler][rlc]") {
    // D = 16, W = 5: 2-word slots of 8 values. A row of 2 non-zero values and 6 zeros: 3 pairs,
    // 1 word; an all-zero row: 1 pair, 1 word.
    const HwConfig hw = testutil::small_hw();
    const auto L = testutil::conv_layer("table", 2, 3, 5, 5, 2, 3, 3);
    LayerOptions opt;
    opt.rlc = true;
    const auto p = compile_layer(L, map_layer(L, hw), hw, opt);
    golden::ActTensor x(L.N, L.C, L.H, L.W), w(L.M, L.C, L.R, L.S);
    x(1, 2, 4, 0) = 1;
    x(1, 2, 4, 1) = -2;
    const auto img = p.image(x, w, {});
    const auto lens = img.read(p.ifmap_lens_base, 2 * 2 * 3 * 5);
    for (size_t i = 0; i < lens.size(); i += 2) {
        CHECK(lens[i] == 1);
        CHECK(lens[i + 1] == 0);
    }
    // A fill of 2 images x 2 channels of 3 rows from row 1 of channel 1: entries at byte
    // offsets (b*15 + c*5 + 1)*2: 12, 22, 42, 52, six bytes each -> table words 8 and 16, 16
    // and 24, 40, 48 and 56 (7, the shared word 16 read by both blocks), + 12 one-word rows.
    FillCmd f;
    f.dtype = DataType::Ifmap;
    f.rlc = 1;
    f.count0 = 6, f.count1 = 2, f.count2 = 2, f.row_words = 2, f.rows = 3;
    f.lens = p.ifmap_lens_base + 12, f.lstride1 = 10, f.lstride2 = 30;
    CHECK(fill_read_words(f, img) == 7 + 12);
    f.lens = p.ifmap_lens_base + 16;  // 8-byte aligned: 6 bytes in one word
    f.lstride1 = 8, f.lstride2 = 16;
    CHECK(fill_read_words(f, img) == 4 * (1 + 3));
    f.rlc = 0;
    CHECK(fill_read_words(f, img) == 24);
}
