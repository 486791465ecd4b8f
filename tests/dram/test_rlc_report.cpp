// SPDX-License-Identifier: Apache-2.0
// The run report's RLC check (sim/layer_report.hpp) without an RTL model: a run whose ifmap read
// counter shows the compressed bytes the image needs passes, one byte word more or less fails,
// and the report gives moved, uncompressed, ratio, expected and whether they match.
#include <catch2/catch.hpp>

#include "compiler/dram_traffic.hpp"
#include "compiler/layer_program.hpp"
#include "compiler/mapper.hpp"
#include "compiler/rlc_image.hpp"
#include "sim/layer_report.hpp"
#include "small_hw.hpp"
#include "test_layers.hpp"

using contract::DataType;

TEST_CASE("the report's rlc object and a run whose compressed bytes differ fails",
          "[report][rlc]") {
    const compiler::HwConfig hw = testutil::small_hw();
    const auto L = testutil::conv_layer("rlc_report", 1, 3, 9, 11, 4, 3, 3);
    compiler::LayerOptions opt;
    opt.rlc = true;
    const auto prog = compiler::compile_layer(L, compiler::map_layer(L, hw), hw, opt);
    golden::ActTensor x(L.N, L.C, L.H, L.W), w(L.M, L.C, L.R, L.S);
    x(0, 1, 4, 7) = 5;  // sparse: every row fits its slot
    const auto img = prog.image(x, w, {});
    const uint64_t expected = compiler::rlc_ifmap_fill_bytes(prog, img);
    const int64_t plain =
        compiler::command_list_traffic(prog.commands).read[size_t(DataType::Ifmap)];
    REQUIRE(expected > 0);
    CHECK(int64_t(expected) < plain);

    sim::LayerOutcome o{prog, {}, {}, {}};
    o.run.done = true;
    o.rlc_expected_ifmap_bytes = expected;
    uint64_t& counter = o.run.perf[contract::kPerfDramRead + int(DataType::Ifmap)];
    counter = expected / contract::kBeatBytes;
    CHECK(o.pass());
    auto j = sim::rlc_report(o);
    CHECK(j.at("ifmap_bytes_moved") == expected);
    CHECK(j.at("ifmap_bytes_uncompressed") == plain);
    CHECK(j.at("ratio").get<double>() == Approx(double(expected) / double(plain)));
    CHECK(j.at("expected_ifmap_bytes") == expected);
    CHECK(j.at("bytes_match") == true);

    for (const uint64_t wrong : {counter + 1, counter - 1}) {
        counter = wrong;
        CHECK_FALSE(o.pass());
        CHECK(std::string(o.status()) == "FAIL");
        CHECK(sim::rlc_report(o).at("bytes_match") == false);
    }
    counter = expected / contract::kBeatBytes;

    // A compressed ofmap: its write counter is checked the same way.
    o.program.options.rlc_ofmap = true;
    o.rlc_expected_ofmap_bytes = 4096;
    uint64_t& written = o.run.perf[contract::kPerfDramWrite + int(DataType::Ofmap)];
    written = 4096 / contract::kBeatBytes;
    CHECK(o.pass());
    j = sim::rlc_report(o);
    CHECK(j.at("ofmap_bytes_moved") == 4096);
    CHECK(j.at("expected_ofmap_bytes") == 4096);
    CHECK(j.at("ofmap_bytes_uncompressed") ==
          compiler::command_list_traffic(prog.commands).write[size_t(DataType::Ofmap)]);
    written += 1;
    CHECK_FALSE(o.pass());
    CHECK(sim::rlc_report(o).at("bytes_match") == false);

    // Without rlc: no object, no check.
    sim::LayerOutcome plain_run{compiler::compile_layer(L, prog.mapping, hw, {}), {}, {}, {}};
    plain_run.run.done = true;
    CHECK(sim::rlc_report(plain_run).is_null());
    CHECK(plain_run.pass());
}
