// SPDX-License-Identifier: Apache-2.0
// The stochastic-computing multiplier (rtl/pe/sc_mul.sv) against the bit-true model
// golden::sc::sc_product (docs/stochastic.md): every signed operand pair, stream length, RNG and
// stream start, on five SC_LANES variants (1, 8, 32, 64, 128; MaxLog2L = 7), with exact cycle
// counts; random accept delays, idle gaps and power-up contents; assertions that must fire; and a
// guard that the comparison would catch a wrong multiplier.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <random>
#include <sstream>
#include <tuple>
#include <vector>

#include "Vsc_mul_l1.h"
#include "Vsc_mul_l128.h"
#include "Vsc_mul_l32.h"
#include "Vsc_mul_l64.h"
#include "Vsc_mul_l8.h"
#include "golden/sc.hpp"
#include "sim/dut.hpp"
#include "test_seed.hpp"

using golden::sc::Rng;
using golden::sc::ScConfig;
using golden::sc::Sharing;

namespace {

// t0 in the RTL is the stream start the PE computes; the test maps the kernel column s to it
// with the Column rule, t0 = (s * L) mod 128, and takes s = 0 .. 128/L - 1: every window of L.
ScConfig config(int log2l, Rng rng, Sharing sharing = Sharing::Column) {
    ScConfig cfg;
    cfg.length = 1 << log2l;
    cfg.rng = rng;
    cfg.sharing = sharing;
    return cfg;
}

size_t pair_index(int x, int w) { return size_t(w + 128) * 256 + size_t(x + 128); }

// sc_product of all 256 x 256 pairs of one (L, rng, s), computed once per test run.
const std::vector<int32_t>& expected(int log2l, Rng rng, int s) {
    static std::map<std::tuple<int, int, int>, std::vector<int32_t>> cache;
    auto& v = cache[{log2l, int(rng), s}];
    if (v.empty()) {
        const ScConfig cfg = config(log2l, rng);
        v.resize(256 * 256);
        for (int w = -128; w < 128; ++w)
            for (int x = -128; x < 128; ++x)
                v[pair_index(x, w)] = golden::sc::sc_product(x, w, s, cfg);
    }
    return v;
}

// Stream cycles of one product: max(1, L / Lanes), none for a zero operand.
int stream_cycles(int x, int w, int log2l, int lanes) {
    if (x == 0 || w == 0) return 0;
    return std::max(1, (1 << log2l) / lanes);
}

template <class Model>
void idle_inputs(sim::Dut<Model>& dut) {
    dut->valid_i = 0;
    dut->accept_i = 0;
    dut->x_i = 0;
    dut->w_i = 0;
    dut->t0_i = 0;
    dut->log2l_i = 4;
    dut->rng_lfsr_i = 0;
}

// Back-to-back products, each accepted in its ready cycle. Per product: the cycles from valid_i
// to ready_o (inclusive) and the stream cycles must be stream_cycles() (1 and 0 for a zero
// operand), and prod_o must be sc_product. Returns the products in pair_index order.
struct SweepResult {
    uint64_t mismatches = 0, cycle_errors = 0, cycles = 0;
    std::string first_error;
};

template <class Model>
SweepResult sweep_pairs(sim::Dut<Model>& dut, int lanes, int log2l, Rng rng, int s,
                        std::vector<int32_t>* products = nullptr) {
    const int length = 1 << log2l;
    const int t0 = (s * length) % 128;
    const auto& want = expected(log2l, rng, s);
    SweepResult r;
    dut->log2l_i = log2l;
    dut->rng_lfsr_i = rng == Rng::Lfsr;
    dut->t0_i = t0;
    dut->valid_i = 1;
    if (products) products->assign(256 * 256, 0);
    for (int w = -128; w < 128; ++w)
        for (int x = -128; x < 128; ++x) {
            dut->x_i = uint8_t(x);
            dut->w_i = uint8_t(w);
            dut.fall();  // the new operands settle (the clock is low)
            const int want_streams = stream_cycles(x, w, log2l, lanes);
            const int limit = std::max(1, want_streams);
            int cycles = 1, streams = dut->ev_stream_o;
            while (!dut->ready_o && cycles <= limit) {
                dut.tick();
                ++cycles;
                streams += dut->ev_stream_o;
            }
            const int32_t got = int16_t(dut->prod_o);
            const int32_t exp = want[pair_index(x, w)];
            if (products) (*products)[pair_index(x, w)] = got;
            const bool bad_value = got != exp;
            const bool bad_cycles = !dut->ready_o || cycles != limit || streams != want_streams;
            if ((bad_value || bad_cycles) && r.first_error.empty()) {
                std::ostringstream os;
                os << "x=" << x << " w=" << w << " L=" << length << " " << to_string(rng)
                   << " s=" << s << " t0=" << t0 << " lanes=" << lanes << ": prod " << got
                   << " (sc_product " << exp << "), ready " << int(dut->ready_o) << " after "
                   << cycles << " cycles, " << streams << " stream cycles (want " << limit << ", "
                   << want_streams << ")";
                r.first_error = os.str();
            }
            r.mismatches += bad_value;
            r.cycle_errors += bad_cycles;
            r.cycles += cycles;
            dut->accept_i = 1;
            dut.rise();
            dut->accept_i = 0;
        }
    dut->valid_i = 0;
    dut.fall();
    return r;
}

// Every pair, L, RNG and window (s = 0 .. 128/L - 1).
template <class Model>
void exhaustive(int lanes) {
    sim::Dut<Model> dut;
    idle_inputs(dut);
    dut.reset();
    const auto start = std::chrono::steady_clock::now();
    uint64_t products = 0, cycles = 0;
    for (int log2l = 4; log2l <= 7; ++log2l)
        for (Rng rng : {Rng::Sobol, Rng::Lfsr})
            for (int s = 0; s < (128 >> log2l); ++s) {
                const SweepResult r = sweep_pairs(dut, lanes, log2l, rng, s);
                INFO(r.first_error);
                CAPTURE(lanes, log2l, to_string(rng), s);
                CHECK(r.mismatches == 0);
                CHECK(r.cycle_errors == 0);
                products += 256 * 256;
                cycles += r.cycles;
            }
    REQUIRE_FALSE(dut.failed());
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "[sc_mul] Lanes=" << lanes << ": " << products << " products, " << cycles
              << " cycles, " << secs << " s" << std::endl;
}

// Random products with random settings, stream starts of both sharing rules (kernel columns s
// up to 10, so (s*L) mod 128 wraps), zero and -128 operands, idle gaps with garbage inputs,
// accept delays of 0..4 cycles after ready_o (the product must hold), and random power-up
// contents (the datapath registers have no reset).
template <class Model>
void random_hold(int lanes, const std::string& name, int count) {
    const uint64_t seed = testutil::test_seed(name);
    std::mt19937_64 rng(seed);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    auto operand = [&] {
        const int k = pick(0, 19);
        return k == 0 ? 0 : k == 1 ? -128 : k == 2 ? 127 : pick(-128, 127);
    };
    sim::Dut<Model> dut({}, sim::PowerUp{true, uint32_t(seed % 1000003) + 1});
    idle_inputs(dut);
    dut.reset();
    uint64_t errors = 0, held_cycles = 0;
    std::string first;
    for (int i = 0; i < count; ++i) {
        // Idle: valid_i low, inputs anything. Nothing runs, nothing is ready.
        for (int g = pick(0, 2); g > 0; --g) {
            dut->valid_i = 0;
            dut->x_i = uint8_t(pick(0, 255));
            dut->w_i = uint8_t(pick(0, 255));
            dut->t0_i = uint8_t(pick(0, 127));
            dut->log2l_i = uint8_t(pick(0, 7));
            dut->rng_lfsr_i = pick(0, 1);
            dut.fall();
            errors += dut->ready_o || dut->ev_stream_o;
            dut.rise();
        }
        const int log2l = pick(4, 7);
        const ScConfig cfg = config(log2l, pick(0, 1) ? Rng::Lfsr : Rng::Sobol,
                                    pick(0, 3) ? Sharing::Column : Sharing::Array);
        const int s = pick(0, 10), x = operand(), w = operand();
        const int32_t want = golden::sc::sc_product(x, w, s, cfg);
        const int want_streams = stream_cycles(x, w, log2l, lanes);
        dut->valid_i = 1;
        dut->x_i = uint8_t(x);
        dut->w_i = uint8_t(w);
        dut->t0_i = uint8_t(golden::sc::stream_start(cfg, s));
        dut->log2l_i = uint8_t(log2l);
        dut->rng_lfsr_i = cfg.rng == Rng::Lfsr;
        dut.fall();
        int cycles = 1, streams = dut->ev_stream_o;
        while (!dut->ready_o && cycles <= want_streams) {
            dut.tick();
            ++cycles;
            streams += dut->ev_stream_o;
        }
        const int32_t got = int16_t(dut->prod_o);
        bool bad = got != want || !dut->ready_o || cycles != std::max(1, want_streams) ||
                   streams != want_streams;
        for (int d = pick(0, 4); d > 0; --d) {  // downstream stalls: the product holds
            dut.tick();
            ++held_cycles;
            bad |= !dut->ready_o || int16_t(dut->prod_o) != got || dut->ev_stream_o;
        }
        if (bad && first.empty()) {
            std::ostringstream os;
            os << "product " << i << ": x=" << x << " w=" << w << " s=" << s << " "
               << cfg.describe() << ": prod " << got << " (sc_product " << want << "), " << cycles
               << " cycles, " << streams << " stream cycles (want " << std::max(1, want_streams)
               << ", " << want_streams << ")";
            first = os.str();
        }
        errors += bad;
        dut->accept_i = 1;
        dut.rise();
        dut->accept_i = 0;
    }
    INFO("seed " << seed << ": " << first);
    CHECK(errors == 0);
    CHECK(held_cycles > 0);
    REQUIRE_FALSE(dut.failed());
}

// ---- Negative guard: a wrong multiplier must not pass ------------------------------------------
struct Wrong {
    enum Kind {
        None,           // the spec, written again here: must agree with the RTL everywhere
        LessEqual,      // '<=' instead of '<'
        SameNumber,     // one random number for both operands
        Swapped,        // activation and weight sources swapped
        LfsrNotRev,     // LFSR weight number S(t + 89) without the bit reversal
        StartIgnored,   // every product from t0 = 0
        NoSaturation,   // |-128| = 128 (every Rx < 128)
        SignIgnored,    // counts up for every sign
        ShiftOffByOne,  // count << (15 - log2 L)
        Count
    };
    static const char* name(int k) {
        static const char* const names[] = {"none",
                                            "<=",
                                            "same number",
                                            "swapped sources",
                                            "LFSR weight not reversed",
                                            "start ignored",
                                            "|-128| = 128",
                                            "sign ignored",
                                            "shift + 1"};
        return names[k];
    }
};

// Products of all 256 x 256 pairs (pair_index order) for one setting, written as the spec
// says but with the mistake `how`.
std::vector<int32_t> wrong_products(int log2l, Rng rng, int t0, int how) {
    using namespace golden::sc;
    std::vector<uint32_t> rx(kPeriod), rw(kPeriod);
    for (int t = 0; t < kPeriod; ++t) {
        rx[t] = random_x(rng, t);
        rw[t] = random_w(rng, t);
        if (how == Wrong::SameNumber) rw[t] = rx[t];
        if (how == Wrong::Swapped) std::swap(rx[t], rw[t]);
        if (how == Wrong::LfsrNotRev && rng == Rng::Lfsr) rw[t] = lfsr_state(t + kLfsrWeightOffset);
    }
    const int start = how == Wrong::StartIgnored ? 0 : t0;
    const int shift = 2 * kMagBits - log2l + (how == Wrong::ShiftOffByOne ? 1 : 0);
    std::vector<int32_t> out(256 * 256);
    for (int w = -128; w < 128; ++w)
        for (int x = -128; x < 128; ++x) {
            uint32_t a = magnitude(x), b = magnitude(w);
            if (how == Wrong::NoSaturation) {
                if (x == -128) a = 128;
                if (w == -128) b = 128;
            }
            int count = 0;
            for (int i = 0; i < (1 << log2l); ++i) {
                const int t = (start + i) % kPeriod;
                const bool bx = how == Wrong::LessEqual ? rx[t] <= a : rx[t] < a;
                const bool bw = how == Wrong::LessEqual ? rw[t] <= b : rw[t] < b;
                count += bx && bw;
            }
            const bool neg = how != Wrong::SignIgnored && (x < 0) != (w < 0);
            out[pair_index(x, w)] = (neg ? -count : count) * (int32_t{1} << shift);
        }
    return out;
}

}  // namespace

TEST_CASE("sc_mul: every operand pair, L, RNG and window against sc_product, Lanes=1", "[pe][sc]") {
    exhaustive<Vsc_mul_l1>(1);
}

TEST_CASE("sc_mul: every operand pair, L, RNG and window against sc_product, Lanes=8", "[pe][sc]") {
    exhaustive<Vsc_mul_l8>(8);
}

TEST_CASE("sc_mul: every operand pair, L, RNG and window against sc_product, Lanes=32",
          "[pe][sc]") {
    exhaustive<Vsc_mul_l32>(32);
}

TEST_CASE("sc_mul: every operand pair, L, RNG and window against sc_product, Lanes=64",
          "[pe][sc]") {
    exhaustive<Vsc_mul_l64>(64);
}

TEST_CASE("sc_mul: every operand pair, L, RNG and window against sc_product, Lanes=128",
          "[pe][sc]") {
    exhaustive<Vsc_mul_l128>(128);
}

TEST_CASE("sc_mul: random accept delays, idle gaps and power-up contents", "[pe][sc][random]") {
    random_hold<Vsc_mul_l1>(1, "sc_mul Lanes=1", 3000);
    random_hold<Vsc_mul_l8>(8, "sc_mul Lanes=8", 3000);
    random_hold<Vsc_mul_l32>(32, "sc_mul Lanes=32", 3000);
    random_hold<Vsc_mul_l64>(64, "sc_mul Lanes=64", 3000);
    random_hold<Vsc_mul_l128>(128, "sc_mul Lanes=128", 3000);
}

TEST_CASE("sc_mul: the comparison catches a wrong multiplier", "[pe][sc][guard]") {
    // The RTL's products on all pairs of a few settings (windows other than 0 included) against
    // the spec written again here, and against deliberately wrong variants of it: the right one
    // must agree everywhere, every wrong one must differ somewhere.
    sim::Dut<Vsc_mul_l128> dut;
    idle_inputs(dut);
    dut.reset();
    const std::vector<std::tuple<int, Rng, int>> settings = {{4, Rng::Sobol, 1},
                                                             {4, Rng::Lfsr, 3},
                                                             {5, Rng::Lfsr, 2},
                                                             {7, Rng::Sobol, 0},
                                                             {7, Rng::Lfsr, 0}};
    std::vector<uint64_t> differ(Wrong::Count, 0);
    for (const auto& [log2l, rng, s] : settings) {
        std::vector<int32_t> rtl;
        const SweepResult r = sweep_pairs(dut, 128, log2l, rng, s, &rtl);
        REQUIRE(r.mismatches == 0);
        const int t0 = (s << log2l) % 128;
        for (int how = 0; how < Wrong::Count; ++how) {
            const auto model = wrong_products(log2l, rng, t0, how);
            for (size_t i = 0; i < model.size(); ++i) differ[how] += rtl[i] != model[i];
        }
    }
    REQUIRE_FALSE(dut.failed());
    CHECK(differ[Wrong::None] == 0);
    for (int how = Wrong::None + 1; how < Wrong::Count; ++how) {
        CAPTURE(Wrong::name(how));
        CHECK(differ[how] > 0);
        std::cout << "[guard] wrong multiplier (" << Wrong::name(how) << ") differs on "
                  << differ[how] << " of " << 256 * 256 * settings.size() << " products"
                  << std::endl;
    }
}

TEST_CASE("sc_mul: assertions fire on protocol and range violations", "[pe][sc][sva]") {
    auto fresh = [] {
        auto dut = std::make_unique<sim::Dut<Vsc_mul_l8>>();
        idle_inputs(*dut);
        (*dut)->x_i = 5;
        (*dut)->w_i = 7;
        dut->reset();
        return dut;
    };
    SECTION("accept_i before ready_o") {
        std::cout << "[sva] the next assertion error is expected (accept before ready)"
                  << std::endl;
        auto dut = fresh();
        (*dut)->valid_i = 1;
        (*dut)->accept_i = 1;  // L = 16 on 8 lanes: two stream cycles, not ready in the first
        dut->eval();
        REQUIRE_FALSE((*dut)->ready_o);
        dut->tick();
        REQUIRE(dut->failed());
    }
    SECTION("t0_i not a multiple of L") {
        std::cout << "[sva] the next assertion error is expected (t0 not aligned)" << std::endl;
        auto dut = fresh();
        (*dut)->valid_i = 1;
        (*dut)->t0_i = 8;
        dut->tick();
        REQUIRE(dut->failed());
    }
    SECTION("log2l_i out of range") {
        std::cout << "[sva] the next assertion error is expected (log2 L = 3)" << std::endl;
        auto dut = fresh();
        (*dut)->valid_i = 1;
        (*dut)->log2l_i = 3;
        dut->tick();
        REQUIRE(dut->failed());
    }
    SECTION("an operand changes before accept_i") {
        std::cout << "[sva] the next assertion error is expected (operand changed)" << std::endl;
        auto dut = fresh();
        (*dut)->valid_i = 1;
        dut->tick();
        REQUIRE_FALSE(dut->failed());
        (*dut)->w_i = 9;
        dut->tick();
        REQUIRE(dut->failed());
    }
}
