// SPDX-License-Identifier: Apache-2.0
// A DRAM image as the command compiler writes it: what to put where, and which region holds
// which kind of data (for traffic accounting). A memory model loads it (sim/dram.hpp Dram::load);
// everything not written is zero.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "rsacc/contract.hpp"

namespace compiler {

struct DramRegion {
    contract::DataType type = contract::DataType::Command;
    uint64_t base = 0, bytes = 0;
};

struct DramImage {
    uint64_t size_bytes = 0;          // memory the image needs (every address below it)
    std::vector<DramRegion> regions;  // disjoint, whole 64-bit words
    struct Block {
        uint64_t addr = 0;
        std::vector<uint8_t> bytes;
    };
    std::vector<Block> blocks;  // contents, in address order

    // The n bytes from addr as a memory loaded with the image holds them (zero where no block
    // writes).
    std::vector<uint8_t> read(uint64_t addr, uint64_t n) const {
        std::vector<uint8_t> out(n, 0);
        for (const auto& b : blocks) {
            const uint64_t lo = std::max(addr, b.addr),
                           hi = std::min(addr + n, b.addr + b.bytes.size());
            for (uint64_t a = lo; a < hi; ++a) out[a - addr] = b.bytes[a - b.addr];
        }
        return out;
    }
};

}  // namespace compiler
