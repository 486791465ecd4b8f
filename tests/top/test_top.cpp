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
#include "test_seed.hpp"

using namespace sim;
using namespace compiler;
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

// Runs L with the mapper's mapping, or with `mapping` when given.
LayerOutcome run(const golden::LayerShape& L, const HwConfig& hw, std::mt19937_64& rng, bool bias,
                 bool relu, double zeros, const DramConfig& dcfg = {},
                 const std::optional<Mapping>& mapping = std::nullopt) {
    const golden::Numerics nx{hw.data_width, hw.acc_width};
    const auto data = random_layer_data(L, nx, bias, zeros, rng);
    LayerOptions opt;
    opt.bias = bias;
    opt.relu = relu;
    opt.shift = auto_shift(L, nx, data);
    const auto prog = compile_layer(L, mapping ? *mapping : map_layer(L, hw), hw, opt);
    AccelRunOptions ro;
    ro.max_cycles = 20'000'000;
    return simulate_layer<Vrsacc_top_small>(prog, data, dcfg, {}, ro);
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
}

}  // namespace

TEST_CASE("a small convolution runs bit-exact from DRAM to DRAM", "[top]") {
    std::mt19937_64 rng(testutil::test_seed("top small conv"));
    golden::LayerShape L;
    L.name = "small";
    L.N = 1;
    L.C = 2;
    L.H = 6;
    L.W = 6;
    L.M = 3;
    L.R = 3;
    L.S = 3;
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
    DramConfig dcfg;
    dcfg.stall_probability = 0.2;
    dcfg.seed = seed;
    int ran = 0;
    for (int i = 0; i < 40; ++i) {
        const auto L = random_layer(rng, i);
        std::bernoulli_distribution coin(0.5);
        const bool bias = coin(rng), relu = coin(rng);
        const auto o = run(L, hw, rng, bias, relu, 0.4, dcfg);
        require_pass(o);
        ++ran;
    }
    CHECK(ran == 40);
}

// The buffer plans the compiler chooses between (compiler/buffer_plan.hpp GlbPlan): the ofmap in place
// over the psums (every pass waits for the drain before it), in a region of its own (only the
// next last pass waits), and alternating between two regions when every pass is a last pass.
TEST_CASE("each ofmap buffer plan runs bit-exact, and hides drains where it should", "[top][glb]") {
    std::mt19937_64 rng(testutil::test_seed("top glb plans"));
    const auto hw = small_hw();
    DramConfig dcfg;
    dcfg.stall_probability = 0.2;
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
        golden::LayerShape L;
        L.name = c.name;
        L.N = 1;
        L.C = c.C;
        L.H = c.H;
        L.W = c.W;
        L.M = c.M;
        L.R = 3;
        L.S = 3;
        std::optional<Mapping> mapping;
        if (c.forced) mapping = evaluate_mapping(L, hw, 1, 5, 16, 1, 1, 1);
        const auto o = run(L, hw, rng, true, false, 0.3, dcfg, mapping);
        const auto& gp = o.program.glb;
        CAPTURE(c.name, gp.ofmap_separate, gp.ofmap_ping_pong, o.program.drains);
        require_pass(o);
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
    DramConfig dcfg;
    dcfg.stall_probability = 0.2;
    // 6 channel chunks (q*r = 1) x 2 filter chunks, each used by 2 images x 2 row chunks.
    golden::LayerShape L;
    L.name = "resident_filters";
    L.N = 2;
    L.C = 6;
    L.H = 12;
    L.W = 12;
    L.M = 4;
    L.R = 3;
    L.S = 3;
    const auto o =
        run(L, hw, rng, true, true, 0.3, dcfg, evaluate_mapping(L, hw, 1, 5, 2, 1, 1, 1));
    const auto& gp = o.program.glb;
    require_pass(o);
    CHECK(gp.filters_resident);
    CHECK(gp.filter_region_count == 6);
    uint64_t block_bytes = 0;
    for (const auto& fb : o.program.filter_blocks) block_bytes += uint64_t(fb.words) * 8;
    CHECK(o.program.filter_blocks.size() == 12);
    CHECK(o.dram.read_bytes[size_t(DataType::Filter)] == block_bytes);
    // The mapper sizes a filter region as the compiler does.
    const auto m = evaluate_mapping(L, hw, 1, 5, 2, 1, 1, 1);
    CHECK(m.glb_filter_bytes == int64_t(gp.filter_words) * 8);
}

TEST_CASE("the ofmap does not depend on DRAM latency, bandwidth or stalls; the cycles do",
          "[top][dram]") {
    const uint64_t seed = testutil::test_seed("top dram invariance");
    std::mt19937_64 rng(seed);
    const auto hw = small_hw();
    golden::LayerShape L;
    L.name = "dram_invariance";
    L.N = 2;
    L.C = 5;
    L.H = 9;
    L.W = 8;
    L.M = 7;
    L.R = 3;
    L.S = 3;
    L.pad_top = L.pad_bottom = L.pad_left = L.pad_right = 1;
    const golden::Numerics nx{hw.data_width, hw.acc_width};
    const auto data = random_layer_data(L, nx, true, 0.3, rng);
    LayerOptions opt;
    opt.bias = true;
    opt.relu = true;
    opt.shift = auto_shift(L, nx, data);
    const auto prog = compile_layer(L, map_layer(L, hw), hw, opt);
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
    golden::LayerShape L;
    L.name = "errors";
    L.C = 2;
    L.H = 5;
    L.W = 5;
    L.M = 2;
    L.R = 2;
    L.S = 2;
    const golden::Numerics nx{hw.data_width, hw.acc_width};
    const auto data = random_layer_data(L, nx, false, 0.3, rng);
    const auto good = compile_layer(L, map_layer(L, hw), hw, {});
    AccelRunOptions ro;
    ro.max_cycles = 200000;

    auto prog = good;
    prog.commands[1].f[0] = 9;  // no such opcode (no encoder writes one: the raw field)
    auto o = simulate_layer<Vrsacc_top_small>(prog, data, {}, {}, ro);
    CHECK(o.run.done);
    CHECK(o.run.status == int(contract::Status::BadOpcode));
    CHECK_FALSE(o.pass());

    prog = good;
    prog.commands.pop_back();  // no OpEnd
    o = simulate_layer<Vrsacc_top_small>(prog, data, {}, {}, ro);
    CHECK(o.run.done);
    CHECK(o.run.status == int(contract::Status::NoEnd));

    prog = good;
    for (auto& c : prog.commands)
        if (c.op() == contract::Opcode::Pass) {
            auto pass = contract::PassCmd::decode(c);
            pass.p = 0;
            c = pass.encode();
        }
    o = simulate_layer<Vrsacc_top_small>(prog, data, {}, {}, ro);
    CHECK(o.run.done);
    CHECK(o.run.status == int(contract::Status::BadPass));
}

TEST_CASE("a firing assertion fails the run", "[top][errors]") {
    std::mt19937_64 rng(testutil::test_seed("top assertion"));
    const auto hw = small_hw();
    golden::LayerShape L;
    L.name = "assertion";
    L.C = 1;
    L.H = 6;
    L.W = 6;
    L.M = 2;
    L.R = 3;
    L.S = 3;
    const golden::Numerics nx{hw.data_width, hw.acc_width};
    const auto data = random_layer_data(L, nx, false, 0.0, rng);
    auto prog = compile_layer(L, map_layer(L, hw), hw, {});
    for (auto& c : prog.commands)
        if (c.op() == contract::Opcode::Pass) {
            auto pass = contract::PassCmd::decode(c);
            pass.tile_rows = 1;  // a tile of 1 row
            c = pass.encode();
        }
    AccelRunOptions ro;
    ro.max_cycles = 200000;
    const auto o = simulate_layer<Vrsacc_top_small>(prog, data, {}, {}, ro);
    CHECK(o.run.assertion_failed);
    CHECK_FALSE(o.pass());
}

TEST_CASE("layers that do not fit are refused before simulation, naming the limit",
          "[top][errors]") {
    const auto hw = small_hw();
    golden::LayerShape L;
    L.name = "too_tall";
    L.C = 1;
    L.H = 8;
    L.W = 8;
    L.M = 1;
    L.R = 5;
    L.S = 3;
    REQUIRE_THROWS_WITH(map_layer(L, hw), Catch::Contains("R=5 exceeds array rows 4"));
    L.name = "too_big";
    L.R = 3;
    L.C = 1;
    L.H = 200;
    L.W = 2000;
    L.M = 1;
    REQUIRE_THROWS_WITH(map_layer(L, hw), Catch::Contains("global buffer"));
}

TEST_CASE("requantisation on the last pass: ties round up, saturation, ReLU, bias once",
          "[top][numerics]") {
    std::mt19937_64 rng(testutil::test_seed("top requant"));
    const auto hw = small_hw();
    const golden::Numerics nx{hw.data_width, hw.acc_width};
    golden::LayerShape L;
    L.name = "requant";
    L.N = 2;
    L.C = 6;
    L.H = 7;
    L.W = 7;
    L.M = 6;
    L.R = 3;
    L.S = 3;
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
        LayerOptions opt;
        opt.bias = true;
        opt.relu = c.relu;
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
    const golden::Numerics nx{hw.data_width, hw.acc_width};

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

    DramConfig dcfg;
    dcfg.stall_probability = 0.2;
    dcfg.seed = seed;
    for (int i = 0; i < 6; ++i) {
        const auto L = random_layer(rng, i);
        const auto data = random_layer_data(L, nx, true, 0.3, rng);
        LayerOptions opt;
        opt.bias = true;
        opt.relu = i % 2;
        opt.shift = auto_shift(L, nx, data);
        const auto prog = compile_layer(L, map_layer(L, hw), hw, opt);
        AccelRunOptions ro;
        ro.max_cycles = 20'000'000;
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
