// SPDX-License-Identifier: Apache-2.0
// Round trip of the hardware/software contract: every command kind and the PE configuration word
// are encoded with random field values by the generated C++ (rsacc/contract.hpp) and decoded by
// the RTL (contract_probe reads each field through acc_pkg's structs); both must see the same
// values. Also: decode(encode(x)) == x, and a value too wide for its field is refused by name.
#include <catch2/catch.hpp>

#include <memory>
#include <random>
#include <string>

#include "contract_probe.hpp"
#include "rsacc/contract.hpp"
#include "test_seed.hpp"

namespace {

struct Probe {
    std::unique_ptr<VerilatedContext> ctx = std::make_unique<VerilatedContext>();
    std::unique_ptr<Vcontract_probe> m = std::make_unique<Vcontract_probe>(ctx.get());
    void load(const contract::Command& c) {
        for (int i = 0; i < contract::kCmdFields; ++i) m->cmd_i[i] = c.f[i];
        m->eval();
    }
};

uint64_t random_bits(std::mt19937_64& rng, int width) {
    const uint64_t v = rng();
    // One value in four is an extreme (all ones or zero), where misplaced bits show most.
    switch (rng() % 8) {
        case 0: return 0;
        case 1: return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
        default: return width >= 64 ? v : v & ((uint64_t{1} << width) - 1);
    }
}

using contract::get_field;
using contract::set_field;

template <class Cmd>
void round_trip(const std::string& kind, Probe& probe, std::mt19937_64& rng) {
    for (int iter = 0; iter < 500; ++iter) {
        Cmd cmd;
        cmd.dtype = contract::DataType(rng() % 8);  // any 3-bit value: the field carries it
        for (const auto& m : Cmd::kMembers)
            REQUIRE(set_field(cmd, m.info.name, random_bits(rng, m.info.width)));
        const contract::Command words = cmd.encode();
        probe.load(words);
        const auto rtl = contract_probe::fields(*probe.m, kind);
        REQUIRE(rtl.size() == Cmd::kMembers.size() + 2);  // + opcode and dtype
        for (const auto& [name, value] : rtl) {
            CAPTURE(kind, name, iter);
            const uint64_t want = name == "opcode"  ? uint64_t(Cmd::kOpcode)
                                  : name == "dtype" ? uint64_t(cmd.dtype)
                                                    : get_field(cmd, name);
            CHECK(value == want);
        }
        // Reserved bits stay zero: the RTL never sees anything the fields do not name.
        const Cmd back = Cmd::decode(words);
        CHECK(back.dtype == cmd.dtype);
        for (const auto& m : Cmd::kMembers) {
            CAPTURE(kind, m.info.name);
            CHECK(back.*m.value == cmd.*m.value);
        }
        CHECK(back.encode().f == words.f);
    }
    // Too wide for its field: refused, naming the field.
    for (const auto& m : Cmd::kMembers) {
        Cmd cmd;
        cmd.*m.value = uint64_t{1} << m.info.width;
        CAPTURE(kind, m.info.name);
        CHECK_THROWS_WITH(cmd.encode(),
                          Catch::Contains(std::string("field ") + m.info.name + " = "));
    }
    Cmd none;
    CHECK_FALSE(set_field(none, "no_such_field", 1));
    CHECK_THROWS(get_field(none, "no_such_field"));
}

}  // namespace

TEST_CASE("every command kind decodes in the RTL as the C++ encoded it", "[contract]") {
    const uint64_t seed = testutil::test_seed("contract round trip");
    std::mt19937_64 rng(seed);
    Probe probe;
    // One entry per opcode: a new command kind in the contract must be added here.
    CHECK(contract::kNumOpcodes == 4);
    round_trip<contract::EndCmd>("end", probe, rng);
    round_trip<contract::FillCmd>("fill", probe, rng);
    round_trip<contract::PassCmd>("pass", probe, rng);
    round_trip<contract::DrainCmd>("drain", probe, rng);
}

TEST_CASE("the PE configuration word packs as the RTL struct reads it", "[contract]") {
    const uint64_t seed = testutil::test_seed("contract pe_cfg");
    std::mt19937_64 rng(seed);
    Probe probe;
    for (int iter = 0; iter < 500; ++iter) {
        contract::PeCfg cfg;
        for (const auto& m : contract::PeCfg::kMembers)
            REQUIRE(set_field(cfg, m.info.name, random_bits(rng, m.info.width)));
        const auto words = cfg.pack();
        for (size_t i = 0; i < words.size(); ++i) probe.m->pe_cfg_i[i] = words[i];
        probe.m->eval();
        const auto rtl = contract_probe::fields(*probe.m, "pe_cfg");
        REQUIRE(rtl.size() == contract::PeCfg::kMembers.size());
        const contract::PeCfg back = contract::PeCfg::unpack(words);
        for (const auto& [name, value] : rtl) {
            CAPTURE(name, iter);
            CHECK(value == get_field(cfg, name));
            CHECK(get_field(back, name) == get_field(cfg, name));
        }
    }
    contract::PeCfg wide;
    wide.row_words = uint64_t{1} << contract::kRowWordW;
    CHECK_THROWS_WITH(wide.pack(), Catch::Contains("field row_words = "));
}

TEST_CASE("report names and counter numbers", "[contract]") {
    CHECK(std::string(contract::to_string(contract::DataType::Ifmap)) == "ifmap");
    CHECK(std::string(contract::to_string(contract::Status::NoEnd)) ==
          "command list without OpEnd");
    CHECK(contract::kPerfCyclesInPhase + int(contract::Phase::Drain) == 5);
    CHECK(std::string(
              contract::kPerfNames[contract::kPerfDramRead + int(contract::DataType::Psum)]) ==
          "dram_read.psum");
    CHECK(contract::kNumPerf == int(contract::kPerfNames.size()));
    CHECK_FALSE(contract::is_valid_opcode(4));
    CHECK(contract::is_valid_status(3));
}
