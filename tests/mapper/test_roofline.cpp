// SPDX-License-Identifier: Apache-2.0
// The roofline (compiler/roofline.hpp): compulsory DRAM bytes by hand, which bound binds, the
// mapper's estimate against it over the zoo, the stochastic MAC's compute bound.
#include <catch2/catch.hpp>

#include "compiler/mapper.hpp"
#include "compiler/roofline.hpp"
#include "golden/topology.hpp"

using compiler::HwConfig;
using compiler::roofline;
using golden::LayerShape;

namespace {

LayerShape zoo(const std::string& name, int batch = 1) {
    return golden::find_layer(name, golden::zoo_files(), batch);
}

}  // namespace

TEST_CASE("roofline.compulsory_bytes_by_hand", "[roofline]") {
    // 2 images, 3 x 5 x 6 ifmap, 4 filters 3 x 3, stride 1, pads 1: E = 5, F = 6.
    LayerShape L;
    L.name = "small";
    L.N = 2, L.C = 3, L.H = 5, L.W = 6, L.M = 4, L.R = 3, L.S = 3;
    L.pad_top = L.pad_bottom = L.pad_left = L.pad_right = 1;
    const HwConfig hw;  // 16-bit data, 32-bit bias containers, 12 x 14 PEs, 2.4 B/cycle
    const auto r = roofline(L, hw, true);
    CHECK(r.ifmap_bytes == 2 * 3 * 5 * 6 * 2);   // 360: every element once, no padding
    CHECK(r.filter_bytes == 4 * 3 * 3 * 3 * 2);  // 216
    CHECK(r.bias_bytes == 4 * 4);                // 16
    CHECK(r.ofmap_bytes == 2 * 4 * 5 * 6 * 2);   // 480
    CHECK(r.compulsory_bytes == 1072);
    CHECK(roofline(L, hw, false).compulsory_bytes == 1056);
    CHECK(r.macs == 6480);
    CHECK(r.compute_cycles == 39);  // ceil(6480 / 168)
    CHECK(r.dram_cycles == 447);    // ceil(1072 / 2.4)
    CHECK(r.bound_cycles() == 447);
    CHECK(std::string(r.binding()) == "dram");
    CHECK(r.fraction_of(894) == Approx(0.5));
    CHECK(r.fraction_of(0) == 0);

    // 8-bit data halves the tensors, not the 32-bit bias words.
    HwConfig d8;
    d8.data_width = 8;
    CHECK(roofline(L, d8, true).compulsory_bytes == (360 + 216 + 480) / 2 + 16);

    // A 1 x 1 filter at stride 2 reads every other row and column: the rest need not move.
    LayerShape s;
    s.name = "skip";
    s.N = 1, s.C = 2, s.H = 6, s.W = 7, s.M = 3, s.R = 1, s.S = 1, s.stride_v = 2, s.stride_h = 2;
    const auto rs = roofline(s, hw, false);
    CHECK(rs.ifmap_bytes == 2 * 3 * 4 * 2);  // rows 0, 2, 4; columns 0, 2, 4, 6
    CHECK(rs.ofmap_bytes == 3 * 3 * 4 * 2);
}

TEST_CASE("roofline.binding_bound", "[roofline]") {
    const HwConfig hw;
    // Depthwise: 9 MACs per output, every ifmap and ofmap element still crosses the link.
    const auto dw = roofline(zoo("mobilenet_v1_dw2"), hw, true);
    CHECK(std::string(dw.binding()) == "dram");
    CHECK(dw.dram_cycles > 10 * dw.compute_cycles);
    // AlexNet CONV3: 384 filters of 256 x 3 x 3 on a 13 x 13 map.
    for (int batch : {1, 4}) {
        const auto c3 = roofline(zoo("alexnet_conv3", batch), hw, true);
        CHECK(std::string(c3.binding()) == "compute");
        CHECK(c3.compute_cycles == (c3.macs + 167) / 168);
        CHECK(c3.bound_cycles() == c3.compute_cycles);
    }
}

// The mapper's estimate models the DRAM link as one stream of the bytes it moves (at least the
// compulsory ones: rows padded to words, re-reads) and the MACs of the busiest PE (at least
// MACs / PEs): it can never beat the roofline. A failure here is a cost-model bug.
TEST_CASE("roofline.mapper_never_below_bound", "[roofline]") {
    const HwConfig hw;
    int mapped = 0;
    for (const auto& e : golden::read_topologies(golden::zoo_files(), 1)) {
        compiler::Mapping m;
        try {
            m = compiler::map_layer(e.layer, hw);
        } catch (const std::invalid_argument&) {
            continue;
        }
        ++mapped;
        for (bool bias : {false, true}) {
            INFO(e.layer.name << " bias " << bias);
            const auto r = roofline(e.layer, hw, bias);
            CHECK(m.cycles >= r.bound_cycles());
            CHECK(r.fraction_of(m.cycles) <= 1.0);
        }
    }
    CHECK(mapped >= 70);
}

TEST_CASE("roofline.stochastic_mac_multiplies_compute", "[roofline]") {
    const LayerShape L = zoo("alexnet_conv3", 4);
    HwConfig exact;
    exact.data_width = 8;
    HwConfig sc = exact;
    sc.mac_kind = 1;
    sc.sc.length = 64;
    sc.sc.lanes = 4;
    REQUIRE(sc.mac_cycles() == 16);
    const auto a = roofline(L, exact, true), b = roofline(L, sc, true);
    CHECK(b.compute_cycles == 16 * a.compute_cycles);
    CHECK(b.dram_cycles == a.dram_cycles);  // same bytes
    CHECK(b.mac_cycles == 16);
    CHECK(b.to_json()["mac_cycles"] == 16);
}

TEST_CASE("roofline.json", "[roofline]") {
    const auto r = roofline(zoo("mobilenet_v1_dw2"), HwConfig{}, true);
    const auto j = r.to_json(r.bound_cycles() * 2);
    CHECK(j["binding"] == "dram");
    CHECK(j["bound_cycles"] == r.dram_cycles);
    CHECK(j["fraction_of_roofline"].get<double>() == Approx(0.5));
    CHECK(j["rlc"].is_null());
    CHECK(j["compulsory_dram_bytes"] == r.compulsory_bytes);
    CHECK_FALSE(r.to_json().contains("fraction_of_roofline"));
    CHECK(r.describe().find("dram-bound") != std::string::npos);
}

TEST_CASE("roofline.bad_input", "[roofline]") {
    LayerShape L;
    L.name = "bad";
    L.R = 3;  // larger than the 1 x 1 ifmap
    CHECK_THROWS_AS(roofline(L, HwConfig{}, true), std::invalid_argument);
    HwConfig hw;
    hw.rows = 0;
    CHECK_THROWS_AS(roofline(LayerShape{}, hw, true), std::invalid_argument);
}
