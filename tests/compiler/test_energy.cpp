// SPDX-License-Identifier: Apache-2.0
// The energy estimate (compiler/energy.hpp): accesses x cost per level, the stochastic MAC's
// lane-cycles in place of MACs, and the cost string's errors.
#include <catch2/catch.hpp>

#include "compiler/energy.hpp"

using namespace compiler;
using namespace contract;

TEST_CASE("energy: accesses times costs and the stochastic MAC's lane-cycles", "[energy]") {
    std::array<uint64_t, kNumPerf> perf{};
    perf[kPerfDramRead + int(DataType::Ifmap)] = 10;  // beats: 4 words each
    perf[kPerfGlbWrite + int(DataType::Psum)] = 3;
    perf[kPerfNocIfmap] = 7;
    perf[kPerfPsumSpadRead] = 5;
    perf[kPerfMac] = 1000;
    perf[kPerfScLaneCycles] = 64000;
    const EnergyCosts c = EnergyCosts::parse("");
    const EnergyBreakdown exact = energy_breakdown(perf, c, false);
    CHECK(exact.dram == 200.0 * 40);
    CHECK(exact.glb == 6.0 * 12);
    CHECK(exact.noc() == 2.0 * 7);
    CHECK(exact.spad() == 5.0);
    CHECK(exact.mac == 1000.0);
    // Stochastic: sc_lane per lane-cycle replaces mac per MAC; the other levels are unchanged.
    const EnergyBreakdown sc = energy_breakdown(perf, c, true);
    CHECK(sc.mac == Approx(0.394 * 64000));
    CHECK(sc.total() - sc.mac == exact.total() - exact.mac);
    const EnergyBreakdown sc2 =
        energy_breakdown(perf, EnergyCosts::parse("sc_lane=0.5,mac=3"), true);
    CHECK(sc2.mac == 0.5 * 64000);
    const nlohmann::json j = energy_estimate(perf, c, 1000, true);
    CHECK(j["mac"]["lane_cycles"] == 64000);
    CHECK(j["costs"]["sc_lane"] == 0.394);
    CHECK(j["per_mac"].get<double>() == Approx(sc.total() / 1000));
    CHECK(energy_estimate(perf, c, 1000, false)["mac"]["model"] == "exact: mac per MAC");
}

TEST_CASE("energy: a bad cost string names the item", "[energy]") {
    CHECK_THROWS_WITH(EnergyCosts::parse("sc_lane=-1"),
                      "energy costs: item 'sc_lane=-1' needs a finite number >= 0");
    CHECK_THROWS_WITH(EnergyCosts::parse("lane=1"),
                      "energy costs: item 'lane=1' has an unknown key (dram, glb, noc, spad, mac, "
                      "sc_lane)");
}
