// SPDX-License-Identifier: Apache-2.0
// The DRAM model driven by a small requester: random request streams and random back-pressure,
// checked against a shadow memory; latency, bandwidth, outstanding-read limit, stall injection,
// traffic accounting, errors and determinism.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>

#include "sim/dram.hpp"
#include "test_seed.hpp"

using namespace sim;
using Catch::Matchers::Contains;

namespace {

using Rng = std::mt19937_64;

struct Req {
    bool write = false;
    uint64_t addr = 0, wdata = 0;
    uint8_t strb = 0;
};

struct Region {
    DataType type;
    uint64_t base, bytes;
};

double coin(Rng& rng) { return std::uniform_real_distribution<>(0, 1)(rng); }
uint64_t pick(Rng& rng, uint64_t lo, uint64_t hi) {
    return std::uniform_int_distribution<uint64_t>(lo, hi)(rng);
}

// One region per DataType, random sizes and gaps (so unmapped holes exist between them).
std::vector<Region> random_regions(Rng& rng) {
    std::vector<Region> rs;
    uint64_t at = 8 * pick(rng, 0, 8);
    for (int t = 0; t < contract::kNumDataTypes; ++t) {
        const uint64_t bytes = 8 * pick(rng, 1, 512);
        rs.push_back({DataType(t), at, bytes});
        at += bytes + 8 * pick(rng, 0, 8);
    }
    std::shuffle(rs.begin(), rs.end(), rng);  // registration order must not matter
    return rs;
}

Dram make_dram(const DramConfig& cfg, const std::vector<Region>& regions, Rng& rng) {
    Dram d(cfg);
    for (const auto& r : regions) d.add_region(r.type, r.base, r.bytes);
    std::vector<uint8_t> init(cfg.size_bytes);
    for (auto& b : init) b = uint8_t(rng());
    d.write_bytes(0, init);
    return d;
}

std::vector<Req> random_requests(Rng& rng, const std::vector<Region>& regions, size_t n,
                                 double read_fraction) {
    std::vector<Req> reqs(n);
    for (auto& q : reqs) {
        const Region& r = regions[pick(rng, 0, regions.size() - 1)];
        q.write = coin(rng) >= read_fraction;
        q.addr = r.base + 8 * pick(rng, 0, r.bytes / 8 - 1);
        q.wdata = rng();
        q.strb = uint8_t(coin(rng) < 0.5 ? 0xff : rng());
    }
    return reqs;
}

struct Traffic {
    double issue_rate = 1.0;  // chance of offering the next request in a cycle with none pending
    double ready_rate = 1.0;  // chance of resp_ready in a cycle
};

struct Outcome {
    uint64_t cycles = 0, responses = 0, mismatches = 0, early = 0, hold_violations = 0;
    size_t max_outstanding = 0;
    std::vector<uint64_t> accept_cycles;
    std::array<uint64_t, contract::kNumDataTypes> read_bytes{}, write_bytes{};
    uint64_t trace = 1469598103934665603ull;  // FNV-1a over every cycle's outputs
};

// The requester: holds a request until accepted, keeps a shadow memory updated at acceptance
// (the model's documented ordering) and checks every response against it, in order.
Outcome simulate(Dram& dram, const std::vector<Region>& regions, const std::vector<Req>& reqs,
                 const Traffic& tr, Rng& rng, uint64_t max_cycles = 5'000'000) {
    Outcome out;
    std::vector<uint8_t> shadow = dram.read_bytes(0, dram.config().size_bytes);
    std::deque<std::pair<uint64_t, uint64_t>> expected;  // (data, accept cycle)
    size_t next = 0;
    bool pending = false, last_offered = false;
    Req cur;
    uint64_t last_data = 0;
    auto type_of = [&](uint64_t a) {
        for (const auto& r : regions)
            if (a >= r.base && a < r.base + r.bytes) return int(r.type);
        FAIL("request generated outside every region");
        return 0;
    };
    while (next < reqs.size() || pending || !expected.empty()) {
        if (dram.cycle() >= max_cycles) FAIL("no progress after " << max_cycles << " cycles");
        const uint64_t now = dram.cycle();
        const DramPortOut o = dram.outputs();
        if (!pending && next < reqs.size() && coin(rng) < tr.issue_rate)
            pending = true, cur = reqs[next++];
        DramPortIn in;
        in.req_valid = pending;
        if (pending)
            in.req_addr = cur.addr, in.req_write = cur.write, in.req_wdata = cur.wdata,
            in.req_wstrb = cur.strb;
        in.resp_ready = coin(rng) < tr.ready_rate;

        if (last_offered && !(o.resp_valid && o.resp_rdata == last_data)) ++out.hold_violations;
        if (in.req_valid && o.req_ready) {
            const int t = type_of(cur.addr);
            if (cur.write) {
                for (int b = 0; b < 8; ++b)
                    if ((cur.strb >> b) & 1) shadow[cur.addr + b] = uint8_t(cur.wdata >> (8 * b));
                out.write_bytes[t] += 8;
            } else {
                uint64_t v = 0;
                for (int b = 0; b < 8; ++b) v |= uint64_t(shadow[cur.addr + b]) << (8 * b);
                expected.emplace_back(v, now);
                out.read_bytes[t] += 8;
            }
            out.accept_cycles.push_back(now);
            pending = false;
        }
        if (o.resp_valid && in.resp_ready) {
            if (expected.empty() || expected.front().first != o.resp_rdata) ++out.mismatches;
            if (!expected.empty()) {
                if (now < expected.front().second + uint64_t(dram.config().latency_cycles))
                    ++out.early;
                expected.pop_front();
            }
            ++out.responses;
        }
        last_offered = o.resp_valid && !in.resp_ready;
        last_data = o.resp_rdata;
        for (const uint64_t x : {uint64_t(o.req_ready), uint64_t(o.resp_valid), o.resp_rdata})
            out.trace = (out.trace ^ x) * 1099511628211ull;
        dram.step(in);
        out.max_outstanding = std::max(out.max_outstanding, dram.outstanding_reads());
    }
    out.cycles = dram.cycle();
    CHECK(dram.read_bytes(0, shadow.size()) == shadow);  // writes landed, strobes honoured
    return out;
}

void check_clean(const Outcome& o, const Dram& d, size_t reads) {
    CHECK(o.mismatches == 0);
    CHECK(o.early == 0);
    CHECK(o.hold_violations == 0);
    CHECK(o.responses == reads);
    CHECK(o.max_outstanding <= size_t(d.config().max_outstanding_reads));
}

size_t count_reads(const std::vector<Req>& reqs) {
    return size_t(std::count_if(reqs.begin(), reqs.end(), [](const Req& q) { return !q.write; }));
}

DramConfig random_config(Rng& rng) {
    const double rates[] = {0.5, 1.0, 2.4, 3.3, 8.0, 20.0};
    DramConfig c;
    c.latency_cycles = int64_t(pick(rng, 1, 120));
    c.bytes_per_cycle = rates[pick(rng, 0, 5)];
    c.max_outstanding_reads = int64_t(pick(rng, 1, 80));
    c.size_bytes = 64 << 10;
    c.seed = rng();
    return c;
}

Traffic random_traffic(Rng& rng) {
    const double rates[] = {1.0, 0.7, 0.2};
    return {rates[pick(rng, 0, 2)], rates[pick(rng, 0, 2)]};
}

std::string describe(const DramConfig& c, const Traffic& t) {
    return fmt::format(
        "latency={} bytes_per_cycle={} max_outstanding={} stall={} issue={} ready={}",
        c.latency_cycles, c.bytes_per_cycle, c.max_outstanding_reads, c.stall_probability,
        t.issue_rate, t.ready_rate);
}

// Bytes per cycle between the first and the last accepted request.
double measured_rate(const Outcome& o) {
    return 8.0 * double(o.accept_cycles.size() - 1) /
           double(o.accept_cycles.back() - o.accept_cycles.front());
}

}  // namespace

TEST_CASE("random traffic: read data equals memory contents, in order", "[dram]") {
    Rng rng(testutil::test_seed("dram random traffic"));
    for (int trial = 0; trial < 40; ++trial) {
        const DramConfig cfg = random_config(rng);
        const Traffic tr = random_traffic(rng);
        const auto regions = random_regions(rng);
        Dram dram = make_dram(cfg, regions, rng);
        const auto reqs = random_requests(rng, regions, 1500, 0.6);
        INFO("trial " << trial << ": " << describe(cfg, tr));
        const Outcome o = simulate(dram, regions, reqs, tr, rng);
        check_clean(o, dram, count_reads(reqs));
        CHECK(dram.stats().beats() == reqs.size());
        CHECK(dram.stats().cycles == o.cycles);
    }
}

TEST_CASE("isolated read: data after exactly latency_cycles", "[dram]") {
    for (const int64_t latency : {1, 2, 7, 100}) {
        for (const double rate : {2.4, 8.0, 0.5}) {
            DramConfig cfg;
            cfg.latency_cycles = latency;
            cfg.bytes_per_cycle = rate;
            cfg.size_bytes = 4096;
            Dram dram(cfg);
            dram.add_region(DataType::Ifmap, 0, 4096);
            dram.write_bytes(0x100, {1, 2, 3, 4, 5, 6, 7, 8});
            INFO("latency " << latency << ", bytes_per_cycle " << rate);
            for (int i = 0; i < 50; ++i) dram.step({});  // idle: bucket full
            const uint64_t t0 = dram.cycle();
            REQUIRE(dram.outputs().req_ready);
            DramPortIn rd;
            rd.req_valid = true, rd.req_addr = 0x100, rd.resp_ready = true;
            dram.step(rd);
            DramPortIn idle;
            idle.resp_ready = true;
            while (!dram.outputs().resp_valid) {
                REQUIRE(dram.cycle() < t0 + 1000);
                dram.step(idle);
            }
            CHECK(dram.cycle() - t0 == uint64_t(latency));
            CHECK(dram.outputs().resp_rdata == 0x0807060504030201ull);
            dram.step(idle);
            CHECK(!dram.outputs().resp_valid);
            CHECK(dram.outstanding_reads() == 0);
        }
    }
}

TEST_CASE("sustained throughput equals bytes_per_cycle", "[dram]") {
    Rng rng(testutil::test_seed("dram throughput"));
    struct Case {
        double rate;
        int64_t max_outstanding;
        double read_fraction;
    };
    // Reads at 8 B/cycle need latency + 1 reads in flight (Little's law), hence 128.
    for (const Case c :
         {Case{2.4, 64, 1.0}, Case{2.4, 64, 0.0}, Case{2.4, 64, 0.5}, Case{8.0, 128, 1.0},
          Case{8.0, 64, 0.0}, Case{1.0, 64, 1.0}, Case{5.5, 128, 0.5}}) {
        DramConfig cfg;  // Eyeriss defaults otherwise: latency 100
        cfg.bytes_per_cycle = c.rate;
        cfg.max_outstanding_reads = c.max_outstanding;
        cfg.size_bytes = 64 << 10;
        const std::vector<Region> regions{{DataType::Filter, 0, 64 << 10}};
        Dram dram = make_dram(cfg, regions, rng);
        const auto reqs = random_requests(rng, regions, 12000, c.read_fraction);
        const Outcome o = simulate(dram, regions, reqs, {}, rng);
        check_clean(o, dram, count_reads(reqs));
        const double got = measured_rate(o);
        std::cout << fmt::format(
            "[measure] bytes_per_cycle={} reads={:.0f}%: {:.4f} B/cycle over {} beats, {} cycles\n",
            c.rate, 100 * c.read_fraction, got, reqs.size(), o.cycles);
        CHECK(got == Approx(c.rate).epsilon(0.01));
    }
}

TEST_CASE("max_outstanding_reads bounds reads in flight and read throughput", "[dram]") {
    Rng rng(testutil::test_seed("dram outstanding"));
    for (const int64_t max : {1, 3, 64}) {
        DramConfig cfg;
        cfg.bytes_per_cycle = 8.0;
        cfg.latency_cycles = 10;
        cfg.max_outstanding_reads = max;
        cfg.size_bytes = 4096;
        Dram dram = make_dram(cfg, {{DataType::Psum, 0, 4096}}, rng);
        // No resp_ready for 1000 cycles: exactly `max` reads get in, then req_ready stays low.
        DramPortIn in;
        in.req_valid = true;
        uint64_t accepted = 0;
        for (int i = 0; i < 1000; ++i) {
            in.req_addr = 8 * (accepted % 512);
            accepted += dram.outputs().req_ready;
            dram.step(in);
        }
        CHECK(accepted == uint64_t(max));
        CHECK(dram.outstanding_reads() == size_t(max));
        CHECK(dram.stats().req_stall_cycles == 1000 - uint64_t(max));
        CHECK(dram.outputs().resp_valid);
    }
    // Little's law: with 64 in flight and 100 cycles latency, one read completes per 101 cycles
    // per slot (accepted at t, consumed at t + 100, slot free for a new read at t + 101).
    DramConfig cfg;
    cfg.bytes_per_cycle = 8.0;
    cfg.size_bytes = 4096;
    const std::vector<Region> regions{{DataType::Ifmap, 0, 4096}};
    Dram dram = make_dram(cfg, regions, rng);
    const auto reqs = random_requests(rng, regions, 12000, 1.0);
    const Outcome o = simulate(dram, regions, reqs, {}, rng);
    check_clean(o, dram, reqs.size());
    CHECK(o.max_outstanding == 64);
    std::cout << fmt::format(
        "[measure] reads, 8 B/cycle link, 64 outstanding, latency 100: {:.4f} B/cycle\n",
        measured_rate(o));
    CHECK(measured_rate(o) == Approx(8.0 * 64 / 101).epsilon(0.01));
}

TEST_CASE("stall injection: same data and order, more cycles", "[dram]") {
    Rng rng(testutil::test_seed("dram stalls"));
    for (int trial = 0; trial < 20; ++trial) {
        DramConfig cfg = random_config(rng);
        const auto regions = random_regions(rng);
        const auto reqs = random_requests(rng, regions, 1500, 0.6);
        const uint64_t init_seed = rng();
        INFO("trial " << trial << ": " << describe(cfg, {}));
        // Full-rate requester, so the model alone sets the pace: stalls can only cost cycles.
        Outcome runs[2];
        for (int i = 0; i < 2; ++i) {
            cfg.stall_probability = i ? 0.3 : 0.0;
            Rng init(init_seed);
            Dram dram = make_dram(cfg, regions, init);
            runs[i] = simulate(dram, regions, reqs, {}, rng);
            check_clean(runs[i], dram, count_reads(reqs));
            if (i) CHECK(dram.stats().req_stall_cycles > 0);
        }
        CHECK(runs[1].cycles > runs[0].cycles);
        CHECK(runs[1].read_bytes == runs[0].read_bytes);
        CHECK(runs[1].write_bytes == runs[0].write_bytes);
        // And under random back-pressure too (responses held back must still be held stable).
        Rng init(init_seed);
        Dram dram = make_dram(cfg, regions, init);
        check_clean(simulate(dram, regions, reqs, random_traffic(rng), rng), dram,
                    count_reads(reqs));
    }
}

TEST_CASE("per-type byte counts are exact", "[dram]") {
    Rng rng(testutil::test_seed("dram accounting"));
    for (int trial = 0; trial < 10; ++trial) {
        DramConfig cfg = random_config(rng);
        cfg.stall_probability = 0.1;
        const auto regions = random_regions(rng);
        Dram dram = make_dram(cfg, regions, rng);
        const auto reqs = random_requests(rng, regions, 3000, 0.5);
        const Outcome o = simulate(dram, regions, reqs, random_traffic(rng), rng);
        const DramStats& s = dram.stats();
        CHECK(s.read_bytes == o.read_bytes);
        CHECK(s.write_bytes == o.write_bytes);  // whole beats, whatever the strobes
        CHECK(s.read_beats == count_reads(reqs));
        CHECK(s.write_beats == reqs.size() - count_reads(reqs));
        CHECK(s.cycles == o.cycles);
        const nlohmann::json j = s.to_json();
        CHECK(j["cycles"] == o.cycles);
        CHECK(j["bytes"] == 8 * reqs.size());
        CHECK(j["req_stall_cycles"] == s.req_stall_cycles);
        for (int t = 0; t < contract::kNumDataTypes; ++t) {
            CHECK(j["by_type"][to_string(DataType(t))]["read_bytes"] == o.read_bytes[t]);
            CHECK(j["by_type"][to_string(DataType(t))]["write_bytes"] == o.write_bytes[t]);
        }
    }
}

TEST_CASE("same seed, same cycle-by-cycle behaviour", "[dram]") {
    const uint64_t seed = testutil::test_seed("dram determinism");
    auto run = [](uint64_t dram_seed, uint64_t traffic_seed) {
        Rng rng(traffic_seed);
        DramConfig cfg = random_config(rng);
        cfg.stall_probability = 0.3;
        cfg.seed = dram_seed;
        const auto regions = random_regions(rng);
        Dram dram = make_dram(cfg, regions, rng);
        const auto reqs = random_requests(rng, regions, 2000, 0.6);
        const Outcome o = simulate(dram, regions, reqs, random_traffic(rng), rng);
        return std::make_pair(o.trace, dram.stats().to_json());
    };
    const auto a = run(7, seed), b = run(7, seed), c = run(8, seed);
    CHECK(a.first == b.first);
    CHECK(a.second == b.second);
    CHECK(a.first != c.first);  // the stall pattern does depend on the seed
}

TEST_CASE("bad configuration is rejected, naming the field", "[dram]") {
    auto bad = [](auto edit, const char* field) {
        DramConfig c;
        edit(c);
        INFO(field);
        try {
            Dram d(c);
            FAIL("no exception");
        } catch (const std::invalid_argument& e) {
            const std::string msg = e.what();
            CHECK_THAT(msg, Contains(field));
            CHECK(msg.find('\n') == std::string::npos);
        }
    };
    bad([](DramConfig& c) { c.latency_cycles = -1; }, "latency_cycles = -1");
    bad([](DramConfig& c) { c.latency_cycles = 0; }, "latency_cycles = 0");
    bad([](DramConfig& c) { c.bytes_per_cycle = 0; }, "bytes_per_cycle = 0");
    bad([](DramConfig& c) { c.bytes_per_cycle = -2.4; }, "bytes_per_cycle = -2.4");
    bad([](DramConfig& c) { c.bytes_per_cycle = std::nan(""); }, "bytes_per_cycle = nan");
    bad([](DramConfig& c) { c.bytes_per_cycle = HUGE_VAL; }, "bytes_per_cycle = inf");
    bad([](DramConfig& c) { c.max_outstanding_reads = 0; }, "max_outstanding_reads = 0");
    bad([](DramConfig& c) { c.stall_probability = 1.0; }, "stall_probability = 1");
    bad([](DramConfig& c) { c.stall_probability = -0.1; }, "stall_probability = -0.1");
    bad([](DramConfig& c) { c.size_bytes = 1001; }, "size_bytes = 1001");
    bad([](DramConfig& c) { c.size_bytes = 0; }, "size_bytes = 0");
}

TEST_CASE("bad request addresses throw, naming the address", "[dram]") {
    DramConfig cfg;
    cfg.size_bytes = 0x1000;
    auto request = [&](uint64_t addr, bool write) {
        Dram d(cfg);
        d.add_region(DataType::Command, 0, 0x100);
        d.add_region(DataType::Ofmap, 0x800, 0x800);
        DramPortIn in;
        in.req_valid = true, in.req_addr = addr, in.req_write = write, in.req_wstrb = 0xff;
        d.step(in);
    };
    auto throws = [&](uint64_t addr, bool write, const std::string& what) {
        INFO(what);
        try {
            request(addr, write);
            FAIL("no exception");
        } catch (const std::runtime_error& e) {
            const std::string msg = e.what();
            CHECK_THAT(msg, Contains(fmt::format("{:#x}", addr)) && Contains(what));
            CHECK(msg.find('\n') == std::string::npos);
        }
    };
    CHECK_NOTHROW(request(0xf8, false));
    CHECK_NOTHROW(request(0xff8, true));
    throws(0x104, false, "not 8-byte aligned");
    throws(0x803, true, "not 8-byte aligned");
    throws(0x1000, false, "beyond memory size");
    throws(0xfffffffffffffff8ull, true, "beyond memory size");
    throws(0x100, false, "outside every registered region");
    throws(0x7f8, true, "outside every registered region");
}

TEST_CASE("regions: overlap, alignment and bounds are checked", "[dram]") {
    DramConfig cfg;
    cfg.size_bytes = 0x1000;
    Dram d(cfg);
    d.add_region(DataType::Ifmap, 0x100, 0x100);
    d.add_region(DataType::Filter, 0x300, 0x100);
    CHECK_NOTHROW(d.add_region(DataType::Bias, 0x200, 0x100));  // exactly fills the gap
    for (const auto& [base, bytes] : std::vector<std::pair<uint64_t, uint64_t>>{
             {0x100, 0x8}, {0xf8, 0x10}, {0x1f8, 0x10}, {0x0, 0x1000}, {0x208, 0x8}, {0x3f8, 0x10}}) {
        INFO(fmt::format("[{:#x}, +{:#x})", base, bytes));
        CHECK_THROWS_WITH(d.add_region(DataType::Psum, base, bytes), Contains("overlaps"));
    }
    CHECK_THROWS_WITH(d.add_region(DataType::Psum, 0x404, 0x8), Contains("multiples of 8"));
    CHECK_THROWS_WITH(d.add_region(DataType::Psum, 0x400, 0x0), Contains("multiples of 8"));
    CHECK_THROWS_WITH(d.add_region(DataType::Psum, 0xff8, 0x10), Contains("beyond memory size"));
    CHECK_NOTHROW(d.add_region(DataType::Psum, 0xff8, 0x8));
    CHECK_THROWS_AS(d.read_bytes(0xff8, 9), std::out_of_range);
    CHECK_THROWS_AS(d.write_bytes(0x1000, {1}), std::out_of_range);
}

TEST_CASE("tensor helpers pack little-endian and sign-extend", "[dram]") {
    Rng rng(testutil::test_seed("dram tensors"));
    Dram d(DramConfig{});
    for (const int eb : {1, 2, 4}) {
        golden::ActTensor t(2, 3, 4, 5);
        const int64_t hi = (int64_t{1} << (8 * eb - 1)) - 1;
        for (auto& v : t.data)
            v = int32_t(std::uniform_int_distribution<int64_t>(-hi - 1, hi)(rng));
        t.data[0] = int32_t(-hi - 1), t.data[1] = int32_t(hi), t.data[2] = -1;
        d.write_tensor(0x40, t, eb);
        CHECK(d.read_tensor(0x40, t.dim, eb) == t);
        CHECK(d.read_bytes(0x40 + eb * 2, eb) == std::vector<uint8_t>(eb, 0xff));  // -1
        t.data[5] = int32_t(hi + 1 > INT32_MAX ? INT32_MAX : hi + 1);
        if (eb < 4) CHECK_THROWS_AS(d.write_tensor(0x40, t, eb), std::out_of_range);
    }
    golden::ActTensor small(1, 1, 1, 2);
    small.data = {0x1234, -2};
    d.write_tensor(0, small, 2);
    CHECK(d.read_beat(0) == 0xfffe1234ull);
}
