// SPDX-License-Identifier: Apache-2.0
// The Yosys area flow (synth/): flop bits against hand counts, instance composition, macros,
// Liberty areas and the scaling of the array. Each case runs Yosys on small designs.
#include <catch2/catch.hpp>
#include <filesystem>

#include "synth/area_report.hpp"
#include "synth/synth_paths.hpp"

namespace fs = std::filesystem;
using namespace synth;

namespace {

const std::string kOsu = RSACC_DEFAULT_LIBERTY;
const std::string kTiny = SYNTH_TEST_DATA "/tiny.lib";

AreaReport synth_module(const std::string& top, std::vector<std::pair<std::string, int64_t>> params,
                        const std::string& liberty = kOsu, int64_t sram_min_bits = 1024,
                        const fs::path& cache_dir = {}, const std::string& run = "") {
    FlowOptions opt;
    opt.repo = RSACC_SOURCE_DIR;
    opt.sources = rtl_sources();
    opt.top = top;
    opt.params = std::move(params);
    opt.liberty = liberty;
    opt.sram_min_bits = sram_min_bits;
    std::string name = top;
    for (const auto& [k, v] : opt.params) name += "_" + k + std::to_string(v);
    opt.cache_dir = cache_dir;
    opt.work_dir = fs::path(SYNTH_TEST_WORK) / (name + "_" + fs::path(liberty).stem().string() +
                                                "_" + std::to_string(sram_min_bits) + run);
    return make_report(run_flow(opt), Liberty::load(liberty),
                       SramModel::load(RSACC_SOURCE_DIR "/synth/sram_model.json"), sram_min_bits);
}

const ModuleArea& find(const AreaReport& r, const std::string& base) {
    for (const auto& m : r.modules)
        if (m.base == base) return m;
    FAIL("no module " << base);
    throw;
}

}  // namespace

TEST_CASE("fifo and fifo_pair flop bits equal the hand count", "[synth]") {
    // fifo: Depth x Width data + two log2(Depth) pointers + a log2(Depth+1) count.
    auto f = synth_module("fifo", {{"Width", 16}, {"Depth", 4}});
    CHECK(f.total.flop_bits == 16 * 4 + 2 + 2 + 3);
    CHECK(f.total.transistors_exact);
    CHECK(f.total.transistors > 0);
    // fifo_pair: the same with Width-bit words; Depth 24 -> 5-bit pointers and count.
    auto p = synth_module("fifo_pair", {{"Width", 32}, {"Depth", 24}});
    CHECK(p.total.flop_bits == 32 * 24 + 5 + 5 + 5);
}

TEST_CASE("PE: the psum FIFOs' flop bits change the PE by exactly theirs", "[synth]") {
    const std::vector<std::pair<std::string, int64_t>> small{
        {"FilterWords", 32}, {"IfmapWords", 12}, {"PsumWords", 8}};
    auto with = [&](int64_t depth) {
        auto p = small;
        p.emplace_back("PsumFifoDepth", depth);
        return synth_module("pe", p);
    };
    const auto shallow = with(4), deep = with(24);
    const int64_t fp4 = 32 * 4 + 2 + 2 + 3, fp24 = 32 * 24 + 5 + 5 + 5;  // fifo_pair, as above
    CHECK(find(shallow, "fifo_pair").instances == 2);
    CHECK(find(shallow, "fifo_pair").own.flop_bits == fp4);
    CHECK(find(deep, "fifo_pair").own.flop_bits == fp24);
    CHECK(deep.total.flop_bits - shallow.total.flop_bits == 2 * (fp24 - fp4));
    // The composition: the PE's total is its own logic plus every child's subtree.
    const auto& pe = find(deep, "pe");
    Area sum = pe.own;
    for (const auto& [child, n] : pe.stats->children)
        for (const auto& m : deep.modules)
            if (m.name == child) sum.add(m.subtree, n);
    CHECK(sum.flop_bits == deep.total.flop_bits);
    CHECK(sum.cells == deep.total.cells);
    CHECK(sum.logic_um2 == Approx(deep.total.logic_um2));
    // Cells by type over the design add up to the cell count.
    int64_t cells = 0;
    for (const auto& [type, n] : deep.total_gates) cells += n;
    CHECK(cells == deep.total.cells);
    CHECK(deep.liberty.area_of(deep.total_lib_cells) == Approx(deep.total.logic_um2));
}

TEST_CASE("the filter scratchpad becomes an SRAM macro at the threshold", "[synth]") {
    // 224 x 16 bits = 3584 bits in 56 rows of 64.
    const std::vector<std::pair<std::string, int64_t>> params{
        {"Width", 16}, {"Depth", 224}, {"Lanes", 4}};
    auto macro = synth_module("spad_sram", params, kOsu, 3584);
    auto flops = synth_module("spad_sram", params, kOsu, 3585);
    CHECK(macro.total.sram_macros == 1);
    CHECK(macro.total.sram_bits == 3584);
    CHECK(macro.total.flop_bits == 0);
    CHECK(macro.total.sram_um2 > 0);
    CHECK(find(macro, "spad_sram").stats->sram_rows == 56);
    CHECK(find(macro, "spad_sram").stats->sram_width == 64);
    CHECK(flops.total.sram_macros == 0);
    // Memory rows + the read row register + the lane register.
    CHECK(flops.total.flop_bits == 3584 + 64 + 2);
}

TEST_CASE("a hand-written Liberty gives the area of its cells", "[synth]") {
    auto r = synth_module("fifo", {{"Width", 8}, {"Depth", 4}}, kTiny);
    CHECK(r.liberty.ge_cell == "NAND2");
    CHECK(r.liberty.ge_area == 4);
    const auto& cells = find(r, "fifo").stats->lib_cells;
    double expect = 0;
    for (const auto& [type, n] : cells) {
        INFO(type);
        REQUIRE(r.liberty.cell_area.count(type) == 1);
        expect += r.liberty.cell_area.at(type) * double(n);
    }
    CHECK(expect > 0);
    CHECK(r.total.logic_um2 == Approx(expect));
    // Every flop is a DFF or DFFR of the library: 8 x 4 data + 2 + 2 pointers + 3 count bits.
    int64_t ffs =
        (cells.count("DFF") ? cells.at("DFF") : 0) + (cells.count("DFFR") ? cells.at("DFFR") : 0);
    CHECK(ffs == r.total.flop_bits);
    CHECK(ffs == 8 * 4 + 2 + 2 + 3);
}

TEST_CASE("the per-module cache gives the same figures and is keyed by what determines them",
          "[synth]") {
    const fs::path cache = fs::path(SYNTH_TEST_WORK) / "cache";
    fs::remove_all(cache);
    const std::vector<std::pair<std::string, int64_t>> fifo{{"Width", 16}, {"Depth", 4}};
    auto first = synth_module("fifo", fifo, kOsu, 1024, cache, "_cache1");
    CHECK(first.flow.cached == 0);
    auto again = synth_module("fifo", fifo, kOsu, 1024, cache, "_cache2");
    CHECK(again.flow.cached == 1);
    CHECK(again.total.flop_bits == first.total.flop_bits);
    CHECK(again.total.transistors == first.total.transistors);
    CHECK(again.total.logic_um2 == first.total.logic_um2);
    CHECK(again.total.cells == first.total.cells);
    CHECK(find(again, "fifo").logic_depth == find(first, "fifo").logic_depth);
    // Other parameters (another module text) or another Liberty: synthesised, not reused.
    CHECK(synth_module("fifo", {{"Width", 16}, {"Depth", 8}}, kOsu, 1024, cache, "_cache3")
              .flow.cached == 0);
    CHECK(synth_module("fifo", fifo, kTiny, 1024, cache, "_cache4").flow.cached == 0);
    // A hierarchy: a second PE run takes every module (PE, MAC, scratchpads, FIFOs) from it.
    const std::vector<std::pair<std::string, int64_t>> pe{
        {"FilterWords", 32}, {"IfmapWords", 12}, {"PsumWords", 8}, {"PsumFifoDepth", 4}};
    auto p1 = synth_module("pe", pe, kOsu, 1024, cache, "_cache5");
    auto p2 = synth_module("pe", pe, kOsu, 1024, cache, "_cache6");
    CHECK(p2.flow.cached == p2.flow.groups.size());
    CHECK(p2.total.logic_um2 == p1.total.logic_um2);
    CHECK(p2.total.flop_bits == p1.total.flop_bits);
}

TEST_CASE("doubling the rows about doubles the array", "[synth]") {
    const std::vector<std::pair<std::string, int64_t>> common{
        {"Cols", 2}, {"FilterWords", 32}, {"PsumWords", 8}, {"PsumFifoDepth", 4}};
    auto with = [&](int64_t rows) {
        auto p = common;
        p.emplace_back("Rows", rows);
        return synth_module("pe_array", p);
    };
    const auto two = with(2), four = with(4);
    CHECK(find(four, "pe").instances == 2 * find(two, "pe").instances);
    const double ratio = four.total.total_um2() / two.total.total_um2();
    INFO("area ratio " << ratio);
    CHECK(ratio > 1.8);
    CHECK(ratio < 2.2);
}

TEST_CASE("Liberty files that cannot be used give one-line errors", "[synth]") {
    CHECK_THROWS_WITH(Liberty::load(SYNTH_TEST_DATA "/none.lib"),
                      Catch::Contains("none.lib: no such file"));
    CHECK_THROWS_WITH(Liberty::load(SYNTH_TEST_DATA "/not_liberty.lib"),
                      Catch::Contains("not_liberty.lib: not a Liberty file"));
    CHECK_THROWS_WITH(Liberty::load(kTiny, "NAND3"), Catch::Contains("no cell named NAND3"));
}
