// SPDX-License-Identifier: Apache-2.0
// Whole layers on the small accelerator (4 x 5 PEs, 16 KB buffer): the C++ side only compiles
// commands and lays out DRAM; the RTL runs the layer. Every ofmap element is compared with the
// golden engine.
#include <catch2/catch.hpp>
#include <optional>
#include <random>
#include <sstream>

#include "Vrsacc_top_small.h"
#include "sim/layer_runner.hpp"
#include "small_hw.hpp"
#include "test_layers.hpp"
#include "test_seed.hpp"

using namespace sim;
using namespace compiler;
using testutil::compile_random;
using testutil::conv_layer;
using testutil::for_each_command;
using testutil::options;
using testutil::small_hw;

namespace {

std::string describe(const golden::LayerShape& L, const Mapping& m) {
    std::ostringstream os;
    os << "N=" << L.N << " C=" << L.C << " H=" << L.H << " W=" << L.W << " M=" << L.M
       << " R=" << L.R << " S=" << L.S << " U=" << L.stride_v << "/" << L.stride_h
       << " pad=" << L.pad_top << "," << L.pad_bottom << "," << L.pad_left << "," << L.pad_right
       << " G=" << L.groups << " | " << m.to_string();
    return os.str();
}

// Room for the biggest random layer.
AccelRunOptions long_run() {
    AccelRunOptions ro;
    ro.max_cycles = 20'000'000;
    return ro;
}

// DRAM with random stalls (seed: the model's default unless given).
DramConfig stalling_dram(uint64_t seed = DramConfig{}.seed) {
    DramConfig dcfg;
    dcfg.stall_probability = 0.2;
    dcfg.seed = seed;
    return dcfg;
}

// Runs a corrupted program: it stops (or trips an assertion) long before 200000 cycles.
LayerOutcome run_broken(const LayerProgram& prog, const LayerData& data) {
    AccelRunOptions ro;
    ro.max_cycles = 200000;
    return simulate_layer<Vrsacc_top_small>(prog, data, {}, {}, ro);
}

// Runs L with the mapper's mapping, or with `mapping` when given.
LayerOutcome run(const golden::LayerShape& L, const HwConfig& hw, std::mt19937_64& rng, bool bias,
                 bool relu, double zeros, const DramConfig& dcfg = {},
                 const std::optional<Mapping>& mapping = std::nullopt) {
    const auto l = compile_random(L, hw, rng, zeros, options(bias, relu), mapping);
    return simulate_layer<Vrsacc_top_small>(l.prog, l.data, dcfg, {}, long_run());
}

void require_pass(const LayerOutcome& o) {
    INFO(describe(o.program.layer, o.program.mapping));
    INFO("cycles " << o.run.cycles << " status " << o.run.status << " done " << o.run.done
                   << " timed_out " << o.run.timed_out << " assertion " << o.run.assertion_failed
                   << " mismatches " << o.check.mismatches);
    for (const auto& m : o.check.first)
        INFO("mismatch n=" << m.n << " m=" << m.m << " e=" << m.e << " f=" << m.f
                           << " expected=" << m.expected << " got=" << m.got);
    REQUIRE(o.pass());
    CHECK(o.run.perf[contract::kPerfScLaneCycles] == 0);  // an exact MAC runs no stream
}

// The simulated DRAM bytes, type by type, are the mapper's (Mapping::dram: the command
// compiler's schedule, counted without running anything).
void check_dram_bytes(const LayerOutcome& o) {
    const auto& pm = o.program.mapping;
    CostOptions co;
    co.bias = o.program.options.bias;
    const Mapping m = evaluate_mapping(o.program.layer, o.program.hw, pm.n, pm.e, pm.p, pm.q, pm.r,
                                       pm.t, co, pm.order);
    INFO(describe(o.program.layer, m));
    for (int t = 0; t < contract::kNumDataTypes; ++t) {
        CAPTURE(contract::to_string(DataType(t)));
        CHECK(int64_t(o.dram.read_bytes[size_t(t)]) == m.dram.read[size_t(t)]);
        CHECK(int64_t(o.dram.write_bytes[size_t(t)]) == m.dram.write[size_t(t)]);
    }
}

}  // namespace

TEST_CASE("a small convolution runs bit-exact from DRAM to DRAM", "[top]") {
    std::mt19937_64 rng(testutil::test_seed("top small conv"));
    const auto L = conv_layer("small", 1, 2, 6, 6, 3, 3, 3);
    const auto o = run(L, small_hw(), rng, false, false, 0.3);
    require_pass(o);
}

namespace {

// A random small layer that the 4 x 5 accelerator can map: R <= 4 rows, small maps.
golden::LayerShape random_layer(std::mt19937_64& rng, int idx) {
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    golden::LayerShape L;
    L.name = "rand" + std::to_string(idx);
    L.groups = pick(0, 3) == 0 ? pick(2, 3) : 1;
    const bool depthwise = pick(0, 5) == 0;
    L.R = pick(1, 4);
    L.S = pick(1, 5);
    L.stride_v = pick(1, 3);
    L.stride_h = pick(1, 3);
    L.pad_top = pick(0, L.R - 1);
    L.pad_bottom = pick(0, L.R - 1);
    L.pad_left = pick(0, L.S - 1);
    L.pad_right = pick(0, L.S - 1);
    L.N = pick(1, 3);
    if (depthwise) {
        L.groups = pick(2, 6);
        L.C = L.M = L.groups;
    } else {
        L.C = L.groups * pick(1, 5);
        L.M = L.groups * pick(1, 7);
    }
    L.H = std::max(1, L.R - L.pad_top - L.pad_bottom + pick(0, 9));
    L.W = std::max(1, L.S - L.pad_left - L.pad_right + pick(0, 9));
    return L;
}

}  // namespace

TEST_CASE("random small layers run bit-exact with DRAM stalls", "[top][random]") {
    const uint64_t seed = testutil::test_seed("top random layers");
    std::mt19937_64 rng(seed);
    const auto hw = small_hw();
    const auto dcfg = stalling_dram(seed);
    int ran = 0;
    for (int i = 0; i < 40; ++i) {
        const auto L = random_layer(rng, i);
        std::bernoulli_distribution coin(0.5);
        const bool bias = coin(rng), relu = coin(rng);
        const auto o = run(L, hw, rng, bias, relu, 0.4, dcfg);
        require_pass(o);
        check_dram_bytes(o);
        ++ran;
    }
    CHECK(ran == 40);
}

// The tiles-outer loop order (compiler/mapper.hpp LoopOrder): a row chunk's ifmap tiles stay in
// the buffer while the filter chunks cycle. Random layers in that order where the buffer allows it
// (the dram objective's mapping, or that mapping reordered), bit-exact, with the mapper's DRAM
// bytes; and a layer whose ifmap the filters-outer order reads once per filter chunk (4 chunks)
// that the tiles-outer order reads once.
TEST_CASE("layers run bit-exact in the tiles-outer loop order, reading the ifmap once",
          "[top][random]") {
    const uint64_t seed = testutil::test_seed("top tiles outer");
    std::mt19937_64 rng(seed);
    const auto hw = small_hw();
    const auto dcfg = stalling_dram(seed);
    int ran = 0, resident = 0;
    for (int i = 0; i < 60 && ran < 20; ++i) {
        const auto L = random_layer(rng, i);
        std::optional<Mapping> m;
        try {
            const Mapping d = map_layer(L, hw, Objective::Dram);
            if (d.order == LoopOrder::TilesOuter) m = d;
            else
                m = evaluate_mapping(L, hw, d.n, d.e, d.p, d.q, d.r, d.t, {},
                                     LoopOrder::TilesOuter);
        } catch (const std::invalid_argument&) {
            continue;  // unmappable, or the tiles do not all fit the buffer
        }
        std::bernoulli_distribution coin(0.5);
        const bool bias = coin(rng), relu = coin(rng);
        const auto o = run(L, hw, rng, bias, relu, 0.4, dcfg, m);
        REQUIRE(o.program.mapping.order == LoopOrder::TilesOuter);
        require_pass(o);
        check_dram_bytes(o);
        ++ran;
        resident += o.program.glb.ifmap_resident;
    }
    CHECK(ran >= 15);
    std::cout << "[tiles outer] " << ran << " random layers, " << resident
              << " with one ifmap region per channel chunk" << std::endl;

    // 2 images x 5 row chunks x 4 filter chunks, with one channel chunk and with three (one
    // ifmap region per chunk, GlbPlan::ifmap_resident): tiles_outer reads the ifmap once,
    // filters_outer once per filter chunk.
    for (const int C : {2, 6}) {
        const auto L = conv_layer("tiles_outer_c" + std::to_string(C), 2, C, 12, 12, 8, 3, 3);
        const Mapping filters = evaluate_mapping(L, hw, 2, 2, 2, 2, 1, 1);
        const Mapping tiles = evaluate_mapping(L, hw, 2, 2, 2, 2, 1, 1, {}, LoopOrder::TilesOuter);
        const auto o = run(L, hw, rng, true, true, 0.4, dcfg, tiles);
        require_pass(o);
        check_dram_bytes(o);
        const auto f = run(L, hw, rng, true, true, 0.4, dcfg, filters);
        require_pass(f);
        check_dram_bytes(f);
        std::cout << "[tiles outer] " << L.name << ": tiles_outer " << o.run.cycles
                  << " cycles (model " << tiles.cycles << "), filters_outer " << f.run.cycles
                  << " (model " << filters.cycles << ")" << std::endl;
        CHECK(filters.filter_passes == 4);
        CHECK(filters.channel_passes == C / 2);
        CHECK(o.program.glb.ifmap_resident == (C == 6));
        CHECK(o.dram.read_bytes[size_t(DataType::Ifmap)] * 4 ==
              uint64_t(filters.dram.read[size_t(DataType::Ifmap)]));
        CHECK(tiles.dram.total() < filters.dram.total());
    }
    // Random shapes with 3 to 8 channel chunks in one region each.
    int resident_runs = 0;
    for (int i = 0; i < 20 && resident_runs < 6; ++i) {
        std::uniform_int_distribution<int> d(1, 2), hw_d(6, 14), rs(1, 3);
        const int q = d(rng), chunks = 3 + i % 6, k = rs(rng);
        const auto Lr = conv_layer("tiles_resident_" + std::to_string(i), d(rng), q * chunks,
                                   hw_d(rng), hw_d(rng), 2 + 2 * d(rng), k, k);
        CAPTURE(Lr.N, Lr.C, Lr.H, Lr.W, Lr.M, Lr.R);
        std::optional<Mapping> m;
        try {
            m = evaluate_mapping(Lr, hw, 1, d(rng), d(rng), q, 1, 1, {}, LoopOrder::TilesOuter);
        } catch (const std::invalid_argument&) {
            continue;  // the tiles do not all fit the buffer
        }
        const auto r = run(Lr, hw, rng, true, false, 0.4, dcfg, m);
        REQUIRE(r.program.glb.ifmap_resident);
        require_pass(r);
        check_dram_bytes(r);
        ++resident_runs;
    }
    CHECK(resident_runs >= 3);
}

// The buffer plans the compiler chooses between (compiler/buffer_plan.hpp GlbPlan): the ofmap in place
// over the psums (every pass waits for the drain before it), in a region of its own (only the
// next last pass waits), and alternating between two regions when every pass is a last pass.
TEST_CASE("each ofmap buffer plan runs bit-exact, and hides drains where it should", "[top][glb]") {
    std::mt19937_64 rng(testutil::test_seed("top glb plans"));
    const auto hw = small_hw();
    const auto dcfg = stalling_dram();
    // in_place: 16 filters x 5 rows of 38 psums leave no room for an ofmap region in 16 KB.
    struct Case {
        const char* name;
        int C, H, W, M;
        bool forced, separate, ping_pong;
    };
    const Case cases[] = {{"ping_pong", 1, 8, 8, 4, false, true, true},
                          {"separate", 16, 8, 8, 4, false, true, false},
                          {"in_place", 4, 40, 40, 16, true, false, false}};
    for (const auto& c : cases) {
        const auto L = conv_layer(c.name, 1, c.C, c.H, c.W, c.M, 3, 3);
        std::optional<Mapping> mapping;
        if (c.forced) mapping = evaluate_mapping(L, hw, 1, 5, 16, 1, 1, 1);
        const auto o = run(L, hw, rng, true, false, 0.3, dcfg, mapping);
        const auto& gp = o.program.glb;
        CAPTURE(c.name, gp.ofmap_separate, gp.ofmap_ping_pong, o.program.drains);
        require_pass(o);
        check_dram_bytes(o);
        CHECK(gp.ofmap_separate == c.separate);
        CHECK(gp.ofmap_ping_pong == c.ping_pong);
        REQUIRE(o.program.drains >= 2);
        // A drain may skip waiting for the running pass (after_run clear) only when the list
        // has a pass between it and the pass it copies, i.e. when that pass has ended.
        int cleared = 0;
        for (const auto& cmd : o.program.commands)
            if (cmd.op() == contract::Opcode::Drain && !contract::DrainCmd::decode(cmd).after_run)
                ++cleared;
        if (c.separate) CHECK(cleared > 0);
        else CHECK(cleared == 0);
    }
}

TEST_CASE("filter blocks stay in the buffer for a whole filter chunk: each is read from DRAM once",
          "[top][glb]") {
    std::mt19937_64 rng(testutil::test_seed("top resident filters"));
    const auto hw = small_hw();
    // 6 channel chunks (q*r = 1) x 2 filter chunks, each used by 2 images x 2 row chunks.
    const auto L = conv_layer("resident_filters", 2, 6, 12, 12, 4, 3, 3);
    const auto o = run(L, hw, rng, true, true, 0.3, stalling_dram(),
                       evaluate_mapping(L, hw, 1, 5, 2, 1, 1, 1));
    const auto& gp = o.program.glb;
    require_pass(o);
    CHECK(gp.filters_resident);
    CHECK(gp.filter_region_count == 6);
    uint64_t block_bytes = 0;
    for (const auto& fb : o.program.filter_blocks) block_bytes += uint64_t(fb.words) * 8;
    CHECK(o.program.filter_blocks.size() == 12);
    CHECK(o.dram.read_bytes[size_t(DataType::Filter)] == block_bytes);
    check_dram_bytes(o);
    // The mapper sizes a filter region as the compiler does.
    const auto m = evaluate_mapping(L, hw, 1, 5, 2, 1, 1, 1);
    CHECK(m.glb_filter_bytes == int64_t(gp.filter_words) * 8);
}

TEST_CASE("the ofmap does not depend on DRAM latency, bandwidth or stalls, but the cycles do",
          "[top][dram]") {
    const uint64_t seed = testutil::test_seed("top dram invariance");
    std::mt19937_64 rng(seed);
    const auto hw = small_hw();
    auto L = conv_layer("dram_invariance", 2, 5, 9, 8, 7, 3, 3);
    L.pad_top = L.pad_bottom = L.pad_left = L.pad_right = 1;
    const auto [prog, data] = compile_random(L, hw, rng, 0.3, options(true, true));
    struct Case {
        int64_t latency;
        double bw, stall;
    };
    const Case cases[] = {
        {100, 2.4, 0.0}, {1, 8.0, 0.0}, {400, 0.5, 0.0}, {100, 2.4, 0.5}, {37, 1.3, 0.3}};
    std::vector<uint64_t> cycles;
    golden::ActTensor first;
    for (const auto& c : cases) {
        DramConfig d;
        d.latency_cycles = c.latency;
        d.bytes_per_cycle = c.bw;
        d.stall_probability = c.stall;
        d.seed = seed;
        const auto o = simulate_layer<Vrsacc_top_small>(prog, data, d);
        CAPTURE(c.latency, c.bw, c.stall);
        require_pass(o);
        if (cycles.empty()) first = o.check.got;
        CHECK(o.check.got == first);
        cycles.push_back(o.run.cycles);
    }
    // Slower memory costs cycles: latency 1 / 8 B per cycle beats the default, 0.5 B per cycle
    // loses to it.
    CHECK(cycles[1] < cycles[0]);
    CHECK(cycles[2] > cycles[0]);
    CHECK(cycles[3] > cycles[0]);
}

TEST_CASE("bad command lists stop the controller with an error status", "[top][errors]") {
    std::mt19937_64 rng(testutil::test_seed("top errors"));
    const auto hw = small_hw();
    const auto L = conv_layer("errors", 1, 2, 5, 5, 2, 2, 2);
    const auto data = testutil::random_data(L, hw, rng, false, 0.3);
    const auto good = compile_layer(L, map_layer(L, hw), hw, {});

    auto prog = good;
    prog.commands[1].f[0] = 9;  // no such opcode (no encoder writes one: the raw field)
    auto o = run_broken(prog, data);
    CHECK(o.run.done);
    CHECK(o.run.status == int(contract::Status::BadOpcode));
    CHECK_FALSE(o.pass());

    prog = good;
    prog.commands.pop_back();  // no OpEnd
    o = run_broken(prog, data);
    CHECK(o.run.done);
    CHECK(o.run.status == int(contract::Status::NoEnd));

    prog = good;
    for_each_command<contract::PassCmd>(prog, [](contract::PassCmd& pass) { pass.p = 0; });
    o = run_broken(prog, data);
    CHECK(o.run.done);
    CHECK(o.run.status == int(contract::Status::BadPass));
}

TEST_CASE("a firing assertion fails the run", "[top][errors]") {
    std::mt19937_64 rng(testutil::test_seed("top assertion"));
    const auto hw = small_hw();
    const auto L = conv_layer("assertion", 1, 1, 6, 6, 2, 3, 3);
    const auto data = testutil::random_data(L, hw, rng, false, 0.0);
    auto prog = compile_layer(L, map_layer(L, hw), hw, {});
    for_each_command<contract::PassCmd>(
        prog, [](contract::PassCmd& pass) { pass.tile_rows = 1; });  // a tile of 1 row
    const auto o = run_broken(prog, data);
    CHECK(o.run.assertion_failed);
    CHECK_FALSE(o.pass());
}

TEST_CASE("layers that do not fit are refused before simulation, naming the limit",
          "[top][errors]") {
    const auto hw = small_hw();
    REQUIRE_THROWS_WITH(map_layer(conv_layer("too_tall", 1, 1, 8, 8, 1, 5, 3), hw),
                        Catch::Contains("R=5 exceeds array rows 4"));
    REQUIRE_THROWS_WITH(map_layer(conv_layer("too_big", 1, 1, 200, 2000, 1, 3, 3), hw),
                        Catch::Contains("global buffer"));
}

TEST_CASE("requantisation on the last pass: ties round up, saturation, ReLU, bias once",
          "[top][numerics]") {
    std::mt19937_64 rng(testutil::test_seed("top requant"));
    const auto hw = small_hw();
    const golden::Numerics nx{hw.data_width, hw.acc_width};
    auto L = conv_layer("requant", 2, 6, 7, 7, 6, 3, 3);
    L.pad_top = L.pad_left = 1;
    struct Case {
        int lo, hi, shift;
        bool relu;
    };
    // Small values with shifts 1 and 2: many exact ties (+ and -). Full-range values with
    // shift 0: most outputs saturate at both ends.
    const Case cases[] = {
        {-3, 3, 1, false}, {-3, 3, 2, true}, {-32768, 32767, 0, false}, {-32768, 32767, 0, true}};
    for (const auto& c : cases) {
        LayerData d;
        d.ifmap = golden::ActTensor(L.N, L.C, L.H, L.W);
        d.filter = golden::ActTensor(L.M, L.C, L.R, L.S);
        std::uniform_int_distribution<int> v(c.lo, c.hi);
        for (auto& x : d.ifmap.data) x = v(rng);
        for (auto& x : d.filter.data) x = v(rng);
        d.bias.resize(size_t(L.M));
        for (auto& b : d.bias) b = v(rng);
        auto opt = options(true, c.relu);
        opt.shift = c.shift;
        const auto prog = compile_layer(L, map_layer(L, hw), hw, opt);
        const auto o = simulate_layer<Vrsacc_top_small>(prog, d, {});
        CAPTURE(c.lo, c.hi, c.shift, c.relu);
        require_pass(o);
        // The cases do what they claim: ties exist / outputs saturate.
        const auto acc = golden::accumulate(L, nx, d.ifmap, d.filter, d.bias);
        int ties = 0, sat = 0;
        for (int64_t a : acc.data) {
            if (c.shift > 0 && (a & ((int64_t{1} << c.shift) - 1)) == (int64_t{1} << (c.shift - 1)))
                ++ties;
            if (a > nx.data_max() || a < nx.data_min()) ++sat;
        }
        if (c.shift > 0) CHECK(ties > 10);
        else CHECK(sat > 10);
    }
}

// Power-up state (the models are built with --x-initial unique): with random contents in every
// flop and memory before reset, a layer gives the same ofmap in the same cycles, so the reset
// initialises everything that matters.
TEST_CASE("results and cycles do not depend on the power-up contents of flops and memories",
          "[top][reset]") {
    const uint64_t seed = testutil::test_seed("top power-up");
    std::mt19937_64 rng(seed);
    const auto hw = small_hw();

    // The setting takes effect: before reset, registered outputs hold what power-up left.
    auto before_reset = [](const PowerUp& p) {
        Dut<Vrsacc_top_small> dut({}, p);
        return std::vector<uint64_t>{dut->dram_req_addr_o, dut->perf_o, dut->dram_req_wdata_o,
                                     uint64_t(dut->dram_req_valid_o), uint64_t(dut->status_o)};
    };
    const auto zeros = before_reset({});
    CHECK(zeros == std::vector<uint64_t>(zeros.size(), 0));
    CHECK(before_reset({true, 11}) != zeros);
    CHECK(before_reset({true, 11}) != before_reset({true, 12}));
    CHECK(before_reset({true, 11}) == before_reset({true, 11}));

    const auto dcfg = stalling_dram(seed);
    for (int i = 0; i < 6; ++i) {
        const auto [prog, data] =
            compile_random(random_layer(rng, i), hw, rng, 0.3, options(true, i % 2));
        auto ro = long_run();
        const auto ref = simulate_layer<Vrsacc_top_small>(prog, data, dcfg, {}, ro);
        require_pass(ref);
        for (const uint32_t power_up : {1u, 2u, uint32_t(rng() | 1)}) {
            ro.power_up_seed = power_up;
            const auto o = simulate_layer<Vrsacc_top_small>(prog, data, dcfg, {}, ro);
            CAPTURE(i, power_up);
            require_pass(o);
            CHECK(o.run.cycles == ref.run.cycles);
            CHECK(o.run.perf == ref.run.perf);
            CHECK(o.check.got == ref.check.got);
        }
    }
}

// Run-length compressed ifmaps and ofmaps (LayerOptions::rlc and rlc_ofmap, rtl/ctrl/rlc_fill.sv
// and rlc_drain.sv): random layers from 0 % to 100 % zeros, with DRAM stalls, bit-exact; the
// ifmap bytes the fills read are exactly those the image gives and the ofmap bytes the drains
// write those the expected ofmap gives (compiler/rlc_image.hpp; LayerOutcome::pass checks both),
// every other type's are the mapper's; and a layer of wide sparse rows reads less than half its
// uncompressed bytes.
TEST_CASE("run-length compressed ifmaps and ofmaps run bit-exact with the bytes their data give",
          "[top][rlc]") {
    const uint64_t seed = testutil::test_seed("top rlc");
    std::mt19937_64 rng(seed);
    const auto hw = small_hw();
    int ran = 0;
    for (double zeros : {0.0, 0.3, 0.7, 0.95, 1.0}) {
        uint64_t moved = 0, uncompressed = 0;
        for (int i = 0; i < 6; ++i) {
            const auto L = random_layer(rng, i);
            std::bernoulli_distribution coin(0.5);
            auto opt = options(coin(rng), coin(rng));
            opt.rlc = true;
            opt.rlc_ofmap = i % 2 == 0;
            const auto l = compile_random(L, hw, rng, zeros, opt);
            // A slow, stalling link on some: the drain's writer then backs up into the encoder.
            DramConfig dcfg = coin(rng) ? stalling_dram(seed + uint64_t(i)) : DramConfig{};
            if (i % 3 == 2) {
                dcfg.latency_cycles = 600;
                dcfg.bytes_per_cycle = 0.3;
                dcfg.stall_probability = 0.5;
            }
            const auto o = simulate_layer<Vrsacc_top_small>(l.prog, l.data, dcfg, {}, long_run());
            CAPTURE(zeros);
            require_pass(o);
            REQUIRE(o.rlc_expected_ifmap_bytes);
            CHECK(o.ifmap_read_bytes() == *o.rlc_expected_ifmap_bytes);
            REQUIRE(bool(o.rlc_expected_ofmap_bytes) == opt.rlc_ofmap);
            if (opt.rlc_ofmap) CHECK(o.ofmap_write_bytes() == *o.rlc_expected_ofmap_bytes);
            const auto& m = o.program.mapping;
            for (int t = 0; t < contract::kNumDataTypes; ++t) {
                CAPTURE(contract::to_string(DataType(t)));
                if (t != int(DataType::Ifmap))
                    CHECK(int64_t(o.dram.read_bytes[size_t(t)]) == m.dram.read[size_t(t)]);
                if (t != int(DataType::Ofmap) || !opt.rlc_ofmap)
                    CHECK(int64_t(o.dram.write_bytes[size_t(t)]) == m.dram.write[size_t(t)]);
            }
            moved += o.ifmap_read_bytes();
            uncompressed += uint64_t(m.dram.read[size_t(DataType::Ifmap)]);
            ++ran;
        }
        // (Rows of these layers are 1-4 words: the length table can outweigh what compression
        // saves, and a row that would not shrink is stored raw.)
        std::cout << "[rlc] zeros " << zeros << ": ifmap bytes " << moved << " against "
                  << uncompressed << " uncompressed" << std::endl;
    }
    CHECK(ran == 30);

    // Rows of 40 values (10 words) with 90 % zeros: about 4 non-zero values, 2 words a row, plus
    // a table word per 4 rows.
    const auto L = conv_layer("rlc_wide", 2, 3, 8, 40, 4, 3, 3);
    auto opt = options(true, true);
    opt.rlc = true;
    const auto l = compile_random(L, hw, rng, 0.9, opt);
    const auto o = simulate_layer<Vrsacc_top_small>(l.prog, l.data, {}, {}, long_run());
    require_pass(o);
    const auto plain = compile_layer(L, l.prog.mapping, hw, options(true, true));
    const uint64_t unc = uint64_t(plain.mapping.dram.read[size_t(DataType::Ifmap)]);
    std::cout << "[rlc] " << L.name << ": ifmap bytes " << o.ifmap_read_bytes() << " against "
              << unc << " uncompressed" << std::endl;
    CHECK(o.ifmap_read_bytes() * 2 < unc);

    // Many short rows drained over a slow, stalling link: the writer falls behind, decisions queue
    // up and the encoder waits for room (a word queued twice there once shifted a drain).
    const auto Ls = conv_layer("rlc_slow_drain", 2, 2, 16, 8, 6, 1, 1);
    auto opts = options(true, true);
    opts.rlc = opts.rlc_ofmap = true;
    const auto ls = compile_random(Ls, hw, rng, 0.5, opts);
    DramConfig slow;
    slow.latency_cycles = 300;
    slow.bytes_per_cycle = 0.1;
    slow.stall_probability = 0.5;
    require_pass(simulate_layer<Vrsacc_top_small>(ls.prog, ls.data, slow, {}, long_run()));

    // Rows of more than kRlcMaxRowWords words (72 and 70 values: 18 words) are stored raw, the
    // ofmap's by the drain without encoding: bit-exact, with the bytes the data give.
    const auto Lw = conv_layer("rlc_too_wide", 1, 2, 5, 72, 2, 3, 3);
    auto optw = options(false, true);
    optw.rlc = optw.rlc_ofmap = true;
    const auto lw = compile_random(Lw, hw, rng, 0.9, optw);
    REQUIRE(lw.prog.in_pitch_words > contract::kRlcMaxRowWords);
    REQUIRE(lw.prog.out_pitch_words > contract::kRlcMaxRowWords);
    require_pass(simulate_layer<Vrsacc_top_small>(lw.prog, lw.data, {}, {}, long_run()));
}

// Malformed compressed data stop the run with status BadRlc (no hang, no assertion): a length
// entry of 0, one word too many or too few, beyond the row's worst case, a raw entry of the
// wrong length, and a row whose end bit is cleared.
TEST_CASE("malformed compressed ifmaps stop the run with status BadRlc", "[top][rlc]") {
    std::mt19937_64 rng(testutil::test_seed("top rlc malformed"));
    const auto hw = small_hw();
    const auto L = conv_layer("rlc_bad", 1, 2, 6, 16, 3, 3, 3);
    auto data = testutil::random_data(L, hw, rng, false, 0.7);
    // Row (0, 0, 0): 8 non-zero values of 16 (slot 4 words): 8 pairs, 3 words.
    for (int x = 0; x < L.W; ++x) data.ifmap(0, 0, 0, x) = x % 2 ? x + 1 : 0;
    LayerOptions opt;
    opt.rlc = true;
    const auto prog = compile_layer(L, map_layer(L, hw), hw, opt);
    const DramImage good = prog.image(data.ifmap, data.filter, data.bias);
    const uint64_t entry_at = prog.ifmap_lens_base, slot = prog.ifmap_base;
    REQUIRE(good.read(entry_at, 2) == std::vector<uint8_t>{3, 0});

    const auto run_image = [&](const DramImage& img) {
        DramConfig dcfg;
        dcfg.size_bytes = prog.dram_bytes;
        Dram dram(dcfg);
        dram.load(img);
        Dut<Vrsacc_top_small> dut;
        AccelRunOptions ro;
        ro.max_cycles = 200000;
        return run_accelerator(dut, dram, prog.cmd_base, ro);
    };
    const auto patched = [&](uint64_t addr, std::vector<uint8_t> bytes) {
        DramImage img = good;
        img.blocks.push_back({addr, std::move(bytes)});  // later blocks win when loading
        return img;
    };
    const auto ok = run_image(good);
    CHECK(ok.status == int(contract::Status::Ok));
    // The row's last compressed word with its end bit cleared.
    auto last = good.read(slot + 16, 8);
    last[7] &= 0x7f;
    const std::pair<const char*, DramImage> cases[] = {
        {"entry 0", patched(entry_at, {0, 0})},
        {"one word too many", patched(entry_at, {4, 0})},
        {"one word too few", patched(entry_at, {2, 0})},
        {"beyond the worst case", patched(entry_at, {0xff, 0x7f})},
        {"raw of the wrong length", patched(entry_at, {5, 0x80})},
        {"end bit cleared", patched(slot + 16, last)},
    };
    for (const auto& [what, img] : cases) {
        CAPTURE(what);
        const auto r = run_image(img);
        CHECK(r.done);
        CHECK_FALSE(r.timed_out);
        CHECK_FALSE(r.assertion_failed);
        CHECK(r.status == int(contract::Status::BadRlc));
    }
}

// A compressed ofmap read back by the next layer's fill: layer 1 writes its ReLU output compressed
// (rows in their slots, the length table), the host copies those bytes unchanged into layer 2's
// ifmap and length-table regions (the layouts agree: [N][M][E] rows of the same pitch), and
// layer 2's fills decode them; both layers bit-exact, each with the bytes its data give.
TEST_CASE("a compressed ofmap is read back by the next layer's fill", "[top][rlc]") {
    std::mt19937_64 rng(testutil::test_seed("top rlc chain"));
    const auto hw = small_hw();
    const auto L1 = conv_layer("rlc_chain1", 2, 3, 10, 26, 4, 3, 3);
    auto L2 = conv_layer("rlc_chain2", 2, 4, 8, 24, 5, 3, 3);
    L2.pad_top = L2.pad_bottom = L2.pad_left = L2.pad_right = 1;
    auto o1 = options(true, true);
    o1.rlc_ofmap = true;
    const auto l1 = compile_random(L1, hw, rng, 0.3, o1);
    const golden::OutputStage out1{l1.prog.options.shift, true};
    const auto y1 = reference_ofmap(L1, hw, l1.data, out1);

    auto run_on = [&](Dram& dram, const LayerProgram& prog) {
        Dut<Vrsacc_top_small> dut;
        const auto r = run_accelerator(dut, dram, prog.cmd_base, long_run());
        REQUIRE(r.done);
        REQUIRE_FALSE(r.assertion_failed);
        REQUIRE(r.status == int(contract::Status::Ok));
        return r;
    };
    DramConfig d1;
    d1.size_bytes = l1.prog.dram_bytes;
    Dram dram1(d1);
    dram1.load(l1.prog.image(l1.data.ifmap, l1.data.filter, l1.data.bias));
    const auto r1 = run_on(dram1, l1.prog);
    CHECK(read_ofmap(l1.prog, dram1) == y1);
    const auto ofmap_bytes = dram1.read_bytes(l1.prog.ofmap_base, l1.prog.ofmap_bytes());
    const auto lens_bytes = dram1.read_bytes(l1.prog.ofmap_lens_base, l1.prog.ofmap_lens_bytes());
    CHECK(r1.perf[contract::kPerfDramWrite + int(DataType::Ofmap)] * 8 ==
          rlc_ofmap_drain_bytes(l1.prog, y1));

    // Layer 2 on y1, its ifmap region and table replaced by layer 1's bytes.
    LayerData data2 = testutil::random_data(L2, hw, rng, true, 0.3);
    data2.ifmap = y1;
    auto o2 = options(true, false);
    o2.rlc = true;
    o2.shift = auto_shift(L2, hw.numerics(), data2);
    const auto p2 = compile_layer(L2, map_layer(L2, hw), hw, o2);
    DramImage img2 = p2.image(data2.ifmap, data2.filter, data2.bias);
    REQUIRE(p2.in_pitch_words == l1.prog.out_pitch_words);
    img2.blocks.push_back({p2.ifmap_base, ofmap_bytes});  // later blocks win when loading
    img2.blocks.push_back({p2.ifmap_lens_base, lens_bytes});
    DramConfig d2;
    d2.size_bytes = p2.dram_bytes;
    Dram dram2(d2);
    dram2.load(img2);
    const auto r2 = run_on(dram2, p2);
    const auto y2 = reference_ofmap(L2, hw, data2, {o2.shift, false});
    CHECK(read_ofmap(p2, dram2) == y2);
    CHECK(r2.perf[contract::kPerfDramRead + int(DataType::Ifmap)] * 8 ==
          rlc_ifmap_fill_bytes(p2, img2));
    std::cout << "[rlc chain] layer 1 ofmap "
              << r1.perf[contract::kPerfDramWrite + int(DataType::Ofmap)] * 8 << " bytes written ("
              << l1.prog.ofmap_bytes() << " uncompressed), layer 2 ifmap "
              << r2.perf[contract::kPerfDramRead + int(DataType::Ifmap)] * 8 << " bytes read"
              << std::endl;
}
