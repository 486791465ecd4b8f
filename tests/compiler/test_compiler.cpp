// SPDX-License-Identifier: Apache-2.0
// The compiler library (compiler/): the command words it emits, its buffer plan and its DRAM
// image, without any RTL model.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "compiler/buffer_plan.hpp"
#include "compiler/layer_program.hpp"
#include "compiler/mapper.hpp"
#include "golden/topology.hpp"
#include "small_hw.hpp"

using namespace compiler;
using Catch::Matchers::StartsWith;

namespace {

// FNV-style hash of the command list as stored in DRAM (header word + commands).
uint64_t words_hash(const LayerProgram& p) {
    uint64_t h = 1469598103934665603ull;
    for (uint64_t w : p.command_words()) {
        h ^= w;
        h *= 1099511628211ull;
        h ^= h >> 29;
    }
    return h;
}

HwConfig hw_named(const std::string& name) {
    HwConfig hw;
    if (name == "small") hw = testutil::small_hw();
    if (name == "d8") hw.data_width = 8, hw.acc_width = 24;
    if (name == "a40") hw.acc_width = 40, hw.glb_bytes = 64 * 1024;
    return hw;
}

LayerOptions options(bool bias) {
    LayerOptions o;
    o.bias = o.relu = bias;
    o.shift = 3;
    return o;
}

golden::LayerShape small_layer(const char* name, int N, int C, int H, int W, int M) {
    golden::LayerShape L;
    L.name = name;
    L.N = N, L.C = C, L.H = H, L.W = W, L.M = M, L.R = 3, L.S = 3;
    L.pad_top = L.pad_bottom = L.pad_left = L.pad_right = 1;
    return L;
}

}  // namespace

// The command lists of 2ffade1's compiler (field by field packing, before the contract's
// encoders), for zoo layers with the mapper's mappings and for forced mappings that take the
// other buffer plans: the words must not change.
TEST_CASE("command words are those of the reference compiler", "[compiler][words]") {
    struct Zoo {
        const char* hw;
        int batch;
        bool bias;
        const char* layer;
        size_t cmds;
        uint64_t hash;
    };
    const Zoo zoo[] = {
        {"default", 1, false, "alexnet_conv1", 237, 0xa59541e4c9324dddull},
        {"default", 1, false, "alexnet_conv2", 993, 0xa2d9f33d3599cdc2ull},
        {"default", 1, false, "alexnet_fc6", 5384, 0x0bf52dbf5f8e58f3ull},
        {"default", 1, false, "lenet5_conv1", 14, 0x56eb7bb7397db429ull},
        {"default", 1, false, "mobilenet_v1_dw2", 257, 0x47b5fe29661e8c68ull},
        {"default", 1, false, "resnet18_layer2_0_conv1", 201, 0x269949fc1752ba24ull},
        {"default", 1, false, "resnet18_layer4_0_downsample", 81, 0xf3c0b36c023370d3ull},
        {"default", 1, false, "vgg16_conv1_1", 1123, 0x5c4b19f3be6a9876ull},
        {"small", 3, true, "mobilenet_v1_dw2", 7041, 0x349b0f379e9154aaull},
        {"small", 3, true, "mobilenet_v1_pw2", 9103, 0xccb942f4ab3c52fbull},
        {"small", 3, true, "resnet18_layer1_0_conv1", 38032, 0x3cd39c203f384de4ull},
        {"d8", 1, true, "alexnet_conv3", 1089, 0x42c55419903957b9ull},
        {"d8", 1, true, "vgg16_conv3_1", 1609, 0x583f38a507c8e616ull},
        {"d8", 1, false, "lenet5_conv2", 21, 0xb338c9ecd00b3f56ull},
        {"d8", 3, false, "resnet18_layer3_0_downsample", 73, 0x3aaed12428ef1312ull},
        {"a40", 3, true, "lenet5_conv2", 14, 0x3532790bde84bd4full},
        {"a40", 3, true, "resnet18_conv1", 4737, 0x649d2c0c637efc32ull},
        {"a40", 3, false, "lenet5_fc4", 92, 0xbf9e65a178644223ull},
        {"a40", 1, false, "mobilenet_v1_dw1", 321, 0xfed3c4f65ac59bd7ull},
    };
    for (const auto& z : zoo) {
        CAPTURE(z.hw, z.batch, z.bias, z.layer);
        const HwConfig hw = hw_named(z.hw);
        const auto L = golden::lookup_layer(z.layer, {}, z.batch).layer;
        const auto p = compile_layer(L, map_layer(L, hw), hw, options(z.bias));
        CHECK(p.commands.size() == z.cmds);
        CHECK(words_hash(p) == z.hash);
    }
    // Small-array plans the zoo's best mappings do not take: the ofmap in place, one filter
    // region per channel chunk, a single ifmap and filter region.
    struct Forced {
        golden::LayerShape L;
        int n, e, p, q, r, t;
        size_t cmds;
        uint64_t hash;
        bool dbuf, separate;
    };
    const Forced forced[] = {
        {small_layer("in_place", 1, 4, 40, 40, 16), 1, 5, 16, 1, 1, 1, 78, 0x5e603e240a61da05ull,
         true, false},
        {small_layer("resident_filters", 2, 6, 12, 12, 4), 1, 5, 2, 1, 1, 1, 171,
         0x925e1d3be8d15e35ull, true, true},
        {small_layer("single_buffer", 2, 8, 40, 40, 8), 1, 5, 4, 4, 1, 1, 167,
         0xc5685a5d2bfea294ull, true, true},
        {small_layer("single_buffer2", 2, 8, 40, 60, 8), 2, 5, 2, 4, 1, 1, 229,
         0xa0076f3494e8c7c0ull, false, true},
        {small_layer("single_buffer3", 1, 8, 40, 100, 8), 1, 5, 4, 4, 1, 1, 115,
         0x2c2e72c2925ccbc1ull, false, false},
    };
    const HwConfig hw = testutil::small_hw();
    for (const auto& f : forced) {
        CAPTURE(f.L.name);
        LayerOptions o;
        o.bias = o.relu = true;
        o.shift = 5;
        const auto p =
            compile_layer(f.L, evaluate_mapping(f.L, hw, f.n, f.e, f.p, f.q, f.r, f.t), hw, o);
        CHECK(p.glb.double_buffered == f.dbuf);
        CHECK(p.glb.ofmap_separate == f.separate);
        CHECK(p.commands.size() == f.cmds);
        CHECK(words_hash(p) == f.hash);
    }
}

// One plan for both: the mapper's buffer numbers are the compiler's plan in bytes, and the plan's
// regions are disjoint, inside the buffer, and bank-aligned when it says so.
TEST_CASE("the buffer plan: the mapper's numbers, disjoint regions, bank alignment",
          "[compiler][glb]") {
    int plans = 0;
    for (const char* name : {"default", "small", "d8", "a40"}) {
        const HwConfig hw = hw_named(name);
        for (const auto& e : golden::read_topologies(golden::zoo_files(), 2)) {
            Mapping m;
            try {
                m = map_layer(e.layer, hw);
            } catch (const std::invalid_argument&) {
                continue;  // refused on this array
            }
            CAPTURE(name, e.layer.name);
            const GlbPlan gp = plan_buffer(e.layer, m.shape(), hw);
            REQUIRE(gp.fits());
            CHECK(m.glb_bytes_used == gp.total_words * 8);
            CHECK(m.glb_ifmap_bytes == gp.ifmap_words * 8);
            CHECK(m.glb_filter_bytes == gp.filter_words * 8);
            CHECK(m.glb_psum_bytes == gp.psum_words * 8);
            CHECK(m.glb_psum_words == gp.psum_values);
            struct Region {
                int64_t base, words;
            };
            std::vector<Region> rs = {
                {gp.ifmap, gp.ifmap_words}, {gp.bias, gp.bias_words}, {gp.psum, gp.psum_words}};
            if (gp.double_buffered) rs.push_back({gp.ifmap_alt, gp.ifmap_words});
            if (gp.ofmap_separate) rs.push_back({gp.ofmap, gp.ofmap_words});
            for (int64_t i = 0; i < gp.filter_region_count; ++i)
                rs.push_back({gp.filter_region(i), gp.filter_words});
            CHECK(gp.filter_region_count == (gp.filters_resident && gp.channel_chunks > 2
                                                 ? gp.channel_chunks
                                             : gp.double_buffered ? 2
                                                                  : 1));
            std::sort(rs.begin(), rs.end(), [](auto a, auto b) { return a.base < b.base; });
            for (size_t i = 0; i < rs.size(); ++i) {
                if (rs[i].words == 0) continue;
                if (gp.bank_aligned) CHECK(rs[i].base % hw.glb_bank_words == 0);
                CHECK(rs[i].base + rs[i].words <= gp.capacity_words);
                if (i + 1 < rs.size()) CHECK(rs[i].base + rs[i].words <= rs[i + 1].base);
            }
            ++plans;
        }
    }
    CHECK(plans > 250);
}

TEST_CASE("every command decodes as the encoder wrote it, and the DRAM image fits its regions",
          "[compiler][image]") {
    const HwConfig hw = testutil::small_hw();
    const auto L = small_layer("img", 2, 6, 12, 12, 4);
    const auto p = compile_layer(L, evaluate_mapping(L, hw, 1, 5, 2, 1, 1, 1), hw, options(true));
    int fills = 0, passes = 0, drains = 0;
    for (const auto& c : p.commands) {
        switch (c.op()) {
            case contract::Opcode::Fill:
                ++fills;
                CHECK(contract::FillCmd::decode(c).encode().f == c.f);
                break;
            case contract::Opcode::Pass:
                ++passes;
                CHECK(contract::PassCmd::decode(c).encode().f == c.f);
                break;
            case contract::Opcode::Drain:
                ++drains;
                CHECK(contract::DrainCmd::decode(c).encode().f == c.f);
                break;
            case contract::Opcode::End: CHECK(&c == &p.commands.back()); break;
        }
    }
    CHECK(fills == p.fills);
    CHECK(passes == p.passes);
    CHECK(drains == p.drains);
    CHECK(p.commands.back().op() == contract::Opcode::End);

    golden::ActTensor x(L.N, L.C, L.H, L.W), w(L.M, L.C, L.R, L.S);
    const auto img = p.image(x, w, std::vector<int64_t>(size_t(L.M), 7));
    CHECK(img.size_bytes == p.dram_bytes);
    for (const auto& b : img.blocks) {
        CAPTURE(b.addr, b.bytes.size());
        const auto in =
            std::find_if(img.regions.begin(), img.regions.end(), [&](const DramRegion& r) {
                return b.addr >= r.base && b.addr + b.bytes.size() <= r.base + r.bytes;
            });
        CHECK(in != img.regions.end());
    }
    CHECK_THROWS_WITH(p.image(w, w, {}), StartsWith("layer img: ifmap has shape 4x6x3x3"));
    // The ofmap region as the accelerator would leave it: all zero.
    const auto y = p.read_ofmap(std::vector<uint8_t>(p.ofmap_bytes(), 0));
    CHECK(y.dim == std::array<int, 4>{L.N, L.M, L.E(), L.F()});
}

TEST_CASE("compile_layer refuses what the commands cannot say, naming the layer", "[compiler]") {
    const HwConfig hw;
    auto L = small_layer("x", 1, 4, 8, 8, 4);
    const auto m = map_layer(L, hw);
    LayerOptions o;
    o.shift = 32;
    CHECK_THROWS_WITH(compile_layer(L, m, hw, o),
                      "layer x: requantisation shift 32 outside [0, 32)");
    L.pad_left = 300;
    L.W = 8;
    CHECK_THROWS_WITH(compile_layer(L, m, hw, {}), StartsWith("layer x: "));
}

// The mapper's DRAM bytes (Mapping::dram, from the command compiler's scheduler run without
// encoding) are those of the compiled command list, type by type, on every zoo layer (its
// cycles mapping, its dram one at batch 4 with biases, and the cycles one in the tiles-outer
// order where the buffer allows it); the list's
// own bytes and the ofmap's are checked against the program independently of DramTraffic.
TEST_CASE("the mapper's DRAM bytes are those of the compiled commands on every zoo layer",
          "[compiler][dram]") {
    const HwConfig hw;
    const int epw = contract::kBeatBytes / hw.data_bytes();
    int layers = 0, tiles_outer = 0;
    for (const int batch : {1, 4})
        for (const auto& e : golden::read_topologies(golden::zoo_files(), batch))
            for (const bool bias : {true, false}) {
                const auto& L = e.layer;
                CAPTURE(L.name, batch, bias);
                CostOptions co;
                co.bias = bias;
                const Mapping fast = map_layer(L, hw, Objective::Cycles, co);
                std::vector<Mapping> ms{fast};
                if (batch == 4 && bias)  // the bench's setting (a dram search takes a while)
                    ms.push_back(map_layer(L, hw, Objective::Dram, co));
                if (plan_buffer(L, fast.shape(), hw, true).ifmap_tiles_stay())
                    ms.push_back(evaluate_mapping(L, hw, fast.n, fast.e, fast.p, fast.q, fast.r,
                                                  fast.t, co, LoopOrder::TilesOuter));
                for (const Mapping& m : ms) {
                    CAPTURE(to_string(m.order));
                    const LayerProgram p = compile_layer(L, m, hw, options(bias));
                    const DramTraffic counted = command_list_traffic(p.commands);
                    for (int t = 0; t < contract::kNumDataTypes; ++t) {
                        CAPTURE(contract::to_string(contract::DataType(t)));
                        CHECK(m.dram.read[size_t(t)] == counted.read[size_t(t)]);
                        CHECK(m.dram.write[size_t(t)] == counted.write[size_t(t)]);
                    }
                    CHECK(p.mapping.dram == m.dram);  // compile_layer's own evaluation
                    using contract::DataType;
                    CHECK(m.dram.read[size_t(DataType::Command)] ==
                          int64_t(p.command_words().size()) * 8);
                    CHECK(m.dram.write[size_t(DataType::Ofmap)] ==
                          int64_t(L.N) * L.M * L.E() * ((L.F() + epw - 1) / epw) * 8);
                    CHECK(m.dram.write_total() == m.dram.write[size_t(DataType::Ofmap)]);
                    CHECK((m.dram.read[size_t(DataType::Bias)] > 0) == bias);
                    CHECK(m.dram.read[size_t(DataType::Psum)] == 0);
                    // Every filter block is read at least once.
                    int64_t blocks = 0;
                    for (const auto& fb : p.filter_blocks) blocks += fb.words * 8;
                    CHECK(m.dram.read[size_t(DataType::Filter)] >= blocks);
                    tiles_outer += m.order == LoopOrder::TilesOuter;
                }
                ++layers;
            }
    CHECK(layers == 4 * 78);
    CHECK(tiles_outer > 50);
}
