// SPDX-License-Identifier: Apache-2.0
// Cycle-based model of the DRAM behind the accelerator's single memory port (plain C++; an
// adapter binds it to the RTL's ports).
//
// Port: single-beat requests of 64 bits at 8-byte-aligned byte addresses, at most one per cycle,
// valid/ready handshake. Reads return their data in request order on the response channel
// (valid/ready; once resp_valid is high, it and resp_rdata hold until consumed). Writes carry
// byte strobes and get no response. A read returns memory as it was when the read was accepted,
// so every request sees all earlier-accepted writes and none of the later ones.
//
// Cycle discipline (Moore: no combinational path through the model), once per cycle:
//   1. out = dram.outputs();   // this cycle's outputs, from internal state only
//   2. evaluate the DUT with `out`, collect its outputs into a DramPortIn;
//   3. dram.step(in);          // request accepted iff req_valid && req_ready, response
//                              // consumed iff resp_valid && resp_ready; time advances 1 cycle
//
// Timing: a read accepted in cycle t is presented from cycle t + latency_cycles on (so latency
// must be >= 1). Bandwidth is a token bucket in bytes: each cycle adds bytes_per_cycle, a request
// (read or write) is accepted only when the credit covers a whole beat (8 bytes) and spends it,
// and credit left over at the end of a cycle is capped at one beat, so an idle link cannot build
// up a burst above the rate. req_ready is also low while max_outstanding_reads reads are accepted
// but not yet consumed; since ready cannot depend on req_write, this holds off writes too.
// With stall_probability p, req_ready is forced low in a random fraction p of cycles and,
// independently, a due response not yet presented is held back a cycle with probability p.
//
// Traffic accounting: every accepted beat counts 8 bytes (the link moves whole beats, so a write
// with partial strobes still counts 8) to the DataType of the registered region that holds its
// address. Regions must not overlap; an access outside every region, misaligned or beyond memory
// is a hardware bug and throws std::runtime_error.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "compiler/dram_image.hpp"
#include "golden/tensor.hpp"
#include "rsacc/contract.hpp"
#include "sim/dram_link.hpp"

namespace sim {

// Defaults are Eyeriss v1's off-chip link: 64 bits per 60 MHz link cycle against a 200 MHz core.
struct DramConfig {
    int64_t latency_cycles = 100;  // read acceptance to first cycle the data can be presented
    double bytes_per_cycle = 2.4;  // sustained link rate in core cycles
    int64_t max_outstanding_reads = 64;
    double stall_probability = 0.0;  // in [0, 1)
    uint64_t seed = 1;               // for stall injection only
    uint64_t size_bytes = uint64_t{64} << 20;
    DramLinkConfig link() const {
        return {bytes_per_cycle, max_outstanding_reads, stall_probability, seed};
    }
};

// What a beat moves, for traffic accounting (the contract's data types; contract::to_string
// gives their report names).
using DataType = contract::DataType;

struct DramStats {
    std::array<uint64_t, contract::kNumDataTypes> read_bytes{}, write_bytes{};  // by DataType
    uint64_t read_beats = 0, write_beats = 0;
    uint64_t cycles = 0;
    uint64_t req_stall_cycles = 0;   // req_valid && !req_ready
    uint64_t resp_stall_cycles = 0;  // resp_valid && !resp_ready (back-pressure from the DUT)
    uint64_t beats() const { return read_beats + write_beats; }
    nlohmann::json to_json() const;
};

class Dram {
public:
    static constexpr uint64_t kBeatBytes = contract::kBeatBytes;

    explicit Dram(const DramConfig& cfg = {});  // std::invalid_argument on a bad field

    DramPortOut outputs() const { return link_.outputs(); }
    void step(const DramPortIn& in);

    // Region for traffic accounting; base and size whole beats, inside memory, no overlap
    // (std::invalid_argument otherwise).
    void add_region(DataType type, uint64_t base, uint64_t bytes);
    // A compiled DRAM image (compiler/dram_image.hpp): its regions and contents. Memory must hold
    // it (std::invalid_argument otherwise).
    void load(const compiler::DramImage& image);

    // Host access (no timing, no accounting); std::out_of_range outside memory.
    void write_bytes(uint64_t addr, const std::vector<uint8_t>& bytes);
    std::vector<uint8_t> read_bytes(uint64_t addr, size_t n) const;
    uint64_t read_beat(uint64_t addr) const;  // little-endian 64-bit word at addr
    // Tensors in C order, elem_bytes (1, 2, 4) little-endian two's complement per element;
    // write throws std::out_of_range if a value does not fit, read sign-extends.
    void write_tensor(uint64_t addr, const golden::ActTensor& t, int elem_bytes);
    golden::ActTensor read_tensor(uint64_t addr, std::array<int, 4> dim, int elem_bytes) const;

    const DramConfig& config() const { return cfg_; }
    const DramStats& stats() const { return stats_; }
    uint64_t cycle() const { return link_.cycle(); }
    size_t outstanding_reads() const { return link_.outstanding_reads(); }

private:
    struct Region {
        DataType type;
        uint64_t end;
    };
    void check_host_range(uint64_t addr, uint64_t n) const;
    DataType region_of(uint64_t addr, bool write) const;

    DramConfig cfg_;
    DramLink link_;  // the port's timing
    std::vector<uint8_t> mem_;
    std::map<uint64_t, Region> regions_;  // by base
    DramStats stats_;
};

}  // namespace sim
