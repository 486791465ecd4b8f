// SPDX-License-Identifier: Apache-2.0
// AlexNet CONV1-5 on the Eyeriss-size accelerator (the build's rsacc-sim configuration, 12 x 14
// by default), reduced so the whole set runs in CI: every layer keeps its filter size, stride,
// padding and groups and is run with Eyeriss v1's own mapping (n e p q r t, JSSC 2017), so the
// array holds Eyeriss's placements (154 / 135 / 156 active PEs). Channels, filters, rows and
// columns are cut to a few passes, with an uneven last filter chunk (edge passes) and several
// channel passes (psums folded through the buffer). DRAM stalls are on. The full layers run in
// `make bench`.
#include <catch2/catch.hpp>
#include <iostream>
#include <random>

#include "Vrsacc_top.h"
#include "sim/layer_runner.hpp"
#include "test_seed.hpp"

using namespace sim;
using namespace compiler;

TEST_CASE("AlexNet CONV1-5, reduced, with Eyeriss's mappings, bit-exact", "[top][alexnet]") {
    struct Case {
        const char* ref;  // zoo name of the Eyeriss reference
        int N, C, M, H, W, R, U, pad, G;
        int active;  // Eyeriss v1's published active PEs
    };
    // H gives E = e (one row pass) except CONV2 (E = 27 = e); W gives a few output columns.
    const Case cases[] = {
        {"alexnet_conv1", 1, 3, 40, 35, 19, 11, 4, 0, 1, 154},
        {"alexnet_conv2", 1, 8, 40, 27, 4, 5, 1, 2, 2, 135},
        {"alexnet_conv3", 4, 12, 40, 13, 3, 3, 1, 1, 1, 156},
        {"alexnet_conv4", 4, 24, 80, 13, 2, 3, 1, 1, 2, 156},
        {"alexnet_conv5", 4, 24, 72, 13, 2, 3, 1, 1, 2, 156},
    };
    const uint64_t seed = testutil::test_seed("top alexnet reduced");
    std::mt19937_64 rng(seed);
    HwConfig hw;
    hw.rows = RSACC_ROWS;
    hw.cols = RSACC_COLS;
    hw.glb_bytes = int64_t{RSACC_GLB_KB} * 1024;
    REQUIRE(hw.rows == 12);  // this test is about the Eyeriss-size array
    REQUIRE(hw.cols == 14);
    const golden::Numerics nx{hw.data_width, hw.acc_width};
    DramConfig dcfg;
    dcfg.stall_probability = 0.1;
    dcfg.seed = seed;
    for (const auto& c : cases) {
        golden::LayerShape L;
        L.name = std::string(c.ref) + "_reduced";
        L.N = c.N;
        L.C = c.C;
        L.M = c.M;
        L.H = c.H;
        L.W = c.W;
        L.R = L.S = c.R;
        L.stride_v = L.stride_h = c.U;
        L.pad_top = L.pad_bottom = L.pad_left = L.pad_right = c.pad;
        L.groups = c.G;
        const auto* ref = eyeriss_v1_reference(c.ref);
        REQUIRE(ref);
        const Mapping m = evaluate_mapping(L, hw, ref->n, ref->e, ref->p, ref->q, ref->r, ref->t);
        CHECK(m.active_pes == c.active);
        CHECK(m.channel_passes >= 2);
        const auto data = random_layer_data(L, nx, true, 0.4, rng);
        LayerOptions opt;
        opt.bias = true;
        opt.relu = true;
        opt.shift = auto_shift(L, nx, data);
        const auto prog = compile_layer(L, m, hw, opt);
        const auto o = simulate_layer<Vrsacc_top>(prog, data, dcfg);
        INFO(m.to_string());
        INFO("cycles " << o.run.cycles << " status " << o.run.status << " mismatches "
                       << o.check.mismatches << " assertion " << o.run.assertion_failed);
        for (const auto& x : o.check.first)
            INFO("mismatch n=" << x.n << " m=" << x.m << " e=" << x.e << " f=" << x.f
                               << " expected=" << x.expected << " got=" << x.got);
        REQUIRE(o.pass());
        CHECK(o.run.perf[contract::kPerfMac] + o.run.perf[contract::kPerfZeroSkip] >=
              uint64_t(L.macs()));
        std::cout << "[alexnet] " << L.name << ": " << m.active_pes << " active PEs, " << m.passes
                  << " passes, " << o.run.cycles << " cycles, " << L.macs() << " MACs, "
                  << o.run.khz() << " kHz" << std::endl;
    }
}
