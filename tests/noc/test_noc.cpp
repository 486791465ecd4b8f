// SPDX-License-Identifier: Apache-2.0
// The multicast NoC (rtl/noc) against a C++ model of its contract: a tagged transfer reaches
// exactly the PEs whose (row ID, column ID) match, only when all of them are ready.
#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "Vmc_noc_eyeriss.h"
#include "Vmc_noc_small.h"
#include "sim/bits.hpp"
#include "sim/dut.hpp"
#include "test_seed.hpp"

using namespace sim;

namespace {

template <class Model>
void random_multicast(int rows, int cols, int id_w, int width, const char* name, int cycles) {
    const uint64_t seed = testutil::test_seed(name);
    std::mt19937_64 rng(seed);
    const uint32_t none = (1u << id_w) - 1;
    Dut<Model> dut;
    dut.reset();
    uint64_t delivered = 0, stalled = 0;
    for (int epoch = 0; epoch < cycles / 100; ++epoch) {
        // New IDs per "pass": few distinct values so that multicast really happens.
        const uint32_t distinct = 1 + rng() % 3;
        std::vector<uint32_t> row_id(rows), col_id(rows * cols);
        for (int y = 0; y < rows; ++y) {
            row_id[y] = rng() % 5 == 0 ? none : uint32_t(rng() % distinct);
            set_bits(dut->row_id_i, y * id_w, id_w, row_id[y]);
        }
        for (int i = 0; i < rows * cols; ++i) {
            col_id[i] = rng() % 6 == 0 ? none : uint32_t(rng() % distinct);
            set_bits(dut->col_id_i, i * id_w, id_w, col_id[i]);
        }
        // At least one PE must be addressable, or no legal tag exists this epoch.
        const int anchor = int(rng() % (rows * cols));
        if (row_id[anchor / cols] == none) row_id[anchor / cols] = 0;
        if (col_id[anchor] == none) col_id[anchor] = 0;
        set_bits(dut->row_id_i, (anchor / cols) * id_w, id_w, row_id[anchor / cols]);
        set_bits(dut->col_id_i, anchor * id_w, id_w, col_id[anchor]);
        for (int c = 0; c < 100; ++c) {
            // A tag that matches at least one PE (the RTL asserts that).
            int target;
            do target = int(rng() % (rows * cols));
            while (row_id[target / cols] == none || col_id[target] == none);
            const uint32_t tr = row_id[target / cols], tc = col_id[target];
            const uint64_t data = rng() & ((width >= 64) ? ~0ull : ((1ull << width) - 1));
            std::vector<bool> ready(rows * cols);
            const double p_ready = (c % 3 == 0) ? 1.0 : 0.8;
            for (int i = 0; i < rows * cols; ++i) {
                ready[i] = std::uniform_real_distribution<>(0, 1)(rng) < p_ready;
                set_bits(dut->pe_ready_i, i, 1, ready[i]);
            }
            const bool valid = rng() % 4 != 0;
            dut->src_valid_i = valid;
            dut->src_tag_row_i = tr;
            dut->src_tag_col_i = tc;
            dut->src_data_i = data;
            dut.eval();
            bool all_ready = true;
            for (int i = 0; i < rows * cols; ++i)
                if (row_id[i / cols] == tr && col_id[i] == tc && !ready[i]) all_ready = false;
            INFO("seed " << seed << " epoch " << epoch << " cycle " << c << " tag (" << tr << ", "
                         << tc << ")");
            REQUIRE(bool(dut->src_ready_o) == all_ready);
            REQUIRE(uint64_t(dut->pe_data_o) == data);
            for (int i = 0; i < rows * cols; ++i) {
                const bool want = valid && all_ready && row_id[i / cols] == tr && col_id[i] == tc;
                INFO("PE (" << i / cols << ", " << i % cols << ")");
                REQUIRE(get_bit(dut->pe_valid_o, i) == want);
                delivered += want;
            }
            stalled += valid && !all_ready;
            // Hold an unaccepted transfer, as the protocol requires: retry it next cycle.
            dut.tick();
            if (valid && !all_ready) {
                for (int i = 0; i < rows * cols; ++i) set_bits(dut->pe_ready_i, i, 1, 1);
                dut.eval();
                REQUIRE(dut->src_ready_o);
                dut.tick();
            }
        }
    }
    REQUIRE_FALSE(dut.failed());
    std::cout << "[noc] " << name << ": " << delivered << " PE deliveries, " << stalled
              << " stalled offers, 0 mismatches" << std::endl;
}

}  // namespace

TEST_CASE("NoC: random multicast, 3 x 4 array", "[noc][random]") {
    random_multicast<Vmc_noc_small>(3, 4, 3, 16, "noc_small", 20000);
}

TEST_CASE("NoC: random multicast, 12 x 14 Eyeriss array, 64-bit data", "[noc][random]") {
    random_multicast<Vmc_noc_eyeriss>(12, 14, 8, 64, "noc_eyeriss", 5000);
}

TEST_CASE("NoC: diagonal ifmap IDs deliver one row to a whole diagonal", "[noc]") {
    // Slots of height R = 3 in a 3 x 4 array: PE (i, x) needs ifmap row x + i (stride 1).
    Dut<Vmc_noc_small> dut;
    dut.reset();
    for (int y = 0; y < 3; ++y) set_bits(dut->row_id_i, y * 3, 3, 0);
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 4; ++x) set_bits(dut->col_id_i, (y * 4 + x) * 3, 3, x + y);
    dut->pe_ready_i = 0xfff;
    dut->src_valid_i = 1;
    dut->src_tag_row_i = 0;
    dut->src_tag_col_i = 2;  // ifmap row 2: PEs (0, 2), (1, 1), (2, 0)
    dut.eval();
    const uint32_t want = (1u << (0 * 4 + 2)) | (1u << (1 * 4 + 1)) | (1u << (2 * 4 + 0));
    REQUIRE(uint32_t(dut->pe_valid_o) == want);
    REQUIRE(dut->src_ready_o);
}

TEST_CASE("NoC: a tag that matches no PE fires an assertion", "[noc][sva]") {
    std::cout << "[sva] the next assertion error is expected (tag matches no PE)" << std::endl;
    Dut<Vmc_noc_small> dut;
    dut.reset();
    for (int y = 0; y < 3; ++y) set_bits(dut->row_id_i, y * 3, 3, 1);
    dut->src_valid_i = 1;
    dut->src_tag_row_i = 2;
    dut->src_tag_col_i = 0;
    dut.eval();
    dut.tick();
    REQUIRE(dut.failed());
}
