// SPDX-License-Identifier: Apache-2.0
// A DRAM image as the command compiler writes it: what to put where, and which region holds
// which kind of data (for traffic accounting). A memory model loads it (sim/dram.hpp Dram::load);
// everything not written is zero.
#pragma once
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
};

}  // namespace compiler
