// SPDX-License-Identifier: Apache-2.0
// The timing of the accelerator's DRAM port (the protocol and the cycle discipline are described
// in sim/dram.hpp): link rate as a token bucket, reads in flight, in-order responses, stall
// injection. It moves no data of its own: its owner does the access of an accepted request and
// hands a read's data and latency in. Two owners: sim::Dram (the harness's memory) and the
// SystemC wrapper (sim/systemc/rsacc_tlm.hpp), whose beats become TLM-2.0 transactions. One
// timing model for both is what makes a virtual platform run in the same cycles as rsacc-sim.
#pragma once
#include <cstdint>
#include <deque>
#include <random>

#include "rsacc/contract.hpp"

namespace sim {

struct DramPortIn {
    bool req_valid = false;
    uint64_t req_addr = 0;
    bool req_write = false;
    uint64_t req_wdata = 0;
    uint8_t req_wstrb = 0;  // bit i enables byte i (little-endian: bits 8i..8i+7 of req_wdata)
    bool resp_ready = false;
};

struct DramPortOut {
    bool req_ready = false;
    bool resp_valid = false;
    uint64_t resp_rdata = 0;  // 0 when !resp_valid
};

// Timing fields only: the latency of a read is given per read (DramLink::step).
struct DramLinkConfig {
    double bytes_per_cycle = 2.4;  // sustained link rate in core cycles
    int64_t max_outstanding_reads = 64;
    double stall_probability = 0.0;  // in [0, 1)
    uint64_t seed = 1;               // for stall injection only
};

class DramLink {
public:
    static constexpr uint64_t kBeatBytes = contract::kBeatBytes;

    // std::invalid_argument ("dram config: FIELD = VALUE ...") on a bad field.
    explicit DramLink(const DramLinkConfig& cfg);

    // This cycle's outputs, from internal state only (Moore).
    DramPortOut outputs() const {
        DramPortOut o;
        o.req_ready = !stall_req_ && credit_ + rate_ >= kBeatCredit &&
                      int64_t(reads_.size()) < cfg_.max_outstanding_reads;
        o.resp_valid =
            !reads_.empty() && reads_.front().due_cycle <= cycle_ && (resp_shown_ || !hold_resp_);
        o.resp_rdata = o.resp_valid ? reads_.front().data : 0;
        return o;
    }
    // Whether the request of `in` is accepted this cycle.
    bool accepts(const DramPortIn& in) const { return in.req_valid && outputs().req_ready; }

    // Ends the cycle: an accepted read (accepts(in) && !in.req_write) is presented from
    // cycle() + read_latency on (>= 1) with read_data; a presented response is consumed if
    // in.resp_ready. Credit, stalls and time advance.
    void step(const DramPortIn& in, uint64_t read_data = 0, int64_t read_latency = 1);

    // `cycles` cycles without requests (an owner that does not clock an idle accelerator):
    // credit refills as it would have, capped at one beat.
    void rest(uint64_t cycles);

    uint64_t cycle() const { return cycle_; }
    size_t outstanding_reads() const { return reads_.size(); }
    const DramLinkConfig& config() const { return cfg_; }

    static constexpr double kCreditUnitsPerByte = 1e9;  // decimal rates such as 2.4 are exact
    static constexpr int64_t kBeatCredit = int64_t(kBeatBytes * kCreditUnitsPerByte);

private:
    struct PendingRead {
        uint64_t due_cycle;
        uint64_t data;
    };
    void draw_stalls();

    DramLinkConfig cfg_;
    int64_t rate_;    // bytes_per_cycle in credit units (fixed point: exact, no float drift)
    int64_t credit_;  // carried into this cycle, before this cycle's refill
    std::deque<PendingRead> reads_;  // accepted, not yet consumed
    bool resp_shown_ = false;        // head presented last cycle and not consumed: hold it
    bool stall_req_ = false, hold_resp_ = false;
    std::mt19937_64 rng_;
    uint64_t cycle_ = 0;
};

}  // namespace sim
