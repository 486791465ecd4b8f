// SPDX-License-Identifier: Apache-2.0
#include "sim/dram.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace sim {
namespace {

void require(bool ok, const char* field, const std::string& value, const char* rule) {
    if (!ok)
        throw std::invalid_argument(fmt::format("dram config: {} = {} {}", field, value, rule));
}

}  // namespace

nlohmann::json DramStats::to_json() const {
    nlohmann::json by_type = nlohmann::json::object();
    for (int i = 0; i < contract::kNumDataTypes; ++i)
        by_type[to_string(DataType(i))] = {{"read_bytes", read_bytes[i]},
                                           {"write_bytes", write_bytes[i]}};
    return {{"cycles", cycles},
            {"read_beats", read_beats},
            {"write_beats", write_beats},
            {"bytes", beats() * Dram::kBeatBytes},
            {"bytes_per_cycle", cycles ? double(beats() * Dram::kBeatBytes) / double(cycles) : 0.0},
            {"req_stall_cycles", req_stall_cycles},
            {"resp_stall_cycles", resp_stall_cycles},
            {"by_type", by_type}};
}

DramLink::DramLink(const DramLinkConfig& cfg) : cfg_(cfg), rng_(cfg.seed) {
    require(std::isfinite(cfg.bytes_per_cycle) && cfg.bytes_per_cycle > 0, "bytes_per_cycle",
            fmt::format("{}", cfg.bytes_per_cycle), "must be finite and > 0");
    require(cfg.max_outstanding_reads >= 1, "max_outstanding_reads",
            std::to_string(cfg.max_outstanding_reads), "must be >= 1");
    require(cfg.stall_probability >= 0 && cfg.stall_probability < 1, "stall_probability",
            fmt::format("{}", cfg.stall_probability), "must be in [0, 1)");
    // At most one request per cycle anyway, so any rate above one beat behaves like one beat.
    rate_ = std::llround(std::min(cfg.bytes_per_cycle, double(kBeatBytes)) * kCreditUnitsPerByte);
    require(rate_ > 0, "bytes_per_cycle", fmt::format("{}", cfg.bytes_per_cycle), "is below 1e-9");
    credit_ = kBeatCredit;  // idle since reset: a full beat of credit
    draw_stalls();
}

void DramLink::draw_stalls() {
    if (cfg_.stall_probability <= 0) return;
    std::uniform_real_distribution<> coin(0, 1);
    stall_req_ = coin(rng_) < cfg_.stall_probability;
    hold_resp_ = coin(rng_) < cfg_.stall_probability;
}

void DramLink::step(const DramPortIn& in, uint64_t read_data, int64_t read_latency) {
    const DramPortOut o = outputs();  // what the DUT saw this cycle
    const bool accept = in.req_valid && o.req_ready;
    if (accept && !in.req_write) {
        if (read_latency < 1)
            throw std::invalid_argument(
                fmt::format("dram link: read latency {} must be >= 1 cycle", read_latency));
        reads_.push_back({cycle_ + uint64_t(read_latency), read_data});
    }
    if (o.resp_valid && in.resp_ready) reads_.pop_front();
    resp_shown_ = o.resp_valid && !in.resp_ready;  // valid/ready: an offered response must stay
    credit_ = std::min(kBeatCredit, credit_ + rate_ - (accept ? kBeatCredit : 0));
    ++cycle_;
    draw_stalls();
}

void DramLink::rest(uint64_t cycles) {
    if (cycles == 0) return;
    const uint64_t to_full =
        uint64_t(kBeatCredit - std::min(credit_, kBeatCredit)) / uint64_t(rate_) + 1;
    credit_ = cycles >= to_full ? kBeatCredit : credit_ + int64_t(cycles) * rate_;
    cycle_ += cycles;
}

Dram::Dram(const DramConfig& cfg) : cfg_(cfg), link_(cfg.link()) {
    require(
        cfg.latency_cycles >= 1, "latency_cycles", std::to_string(cfg.latency_cycles),
        "must be >= 1 (outputs are registered: a read can be presented the next cycle at the earliest)");
    require(cfg.size_bytes > 0 && cfg.size_bytes % kBeatBytes == 0, "size_bytes",
            std::to_string(cfg.size_bytes), "must be a positive multiple of 8");
    mem_.assign(cfg.size_bytes, 0);
}

void Dram::step(const DramPortIn& in) {
    const DramPortOut o = outputs();  // what the DUT saw this cycle
    const bool accept = in.req_valid && o.req_ready;
    const uint64_t a = in.req_addr;
    const uint64_t cycle = link_.cycle();
    int type = 0;
    if (accept) {  // check before any state changes
        const char* kind = in.req_write ? "write" : "read";
        if (a % kBeatBytes != 0)
            throw std::runtime_error(fmt::format(
                "dram: {} at address {:#x} is not 8-byte aligned (cycle {})", kind, a, cycle));
        if (a > cfg_.size_bytes - kBeatBytes)
            throw std::runtime_error(
                fmt::format("dram: {} at address {:#x} is beyond memory size {:#x} (cycle {})",
                            kind, a, cfg_.size_bytes, cycle));
        type = static_cast<int>(region_of(a, in.req_write));
    }
    ++stats_.cycles;
    if (in.req_valid && !o.req_ready) ++stats_.req_stall_cycles;
    if (o.resp_valid && !in.resp_ready) ++stats_.resp_stall_cycles;

    uint64_t read_data = 0;
    if (accept) {
        if (in.req_write) {
            for (unsigned b = 0; b < kBeatBytes; ++b)
                if ((in.req_wstrb >> b) & 1u) mem_[a + b] = uint8_t(in.req_wdata >> (8 * b));
            ++stats_.write_beats;
            stats_.write_bytes[type] += kBeatBytes;
        } else {
            read_data = read_beat(a);
            ++stats_.read_beats;
            stats_.read_bytes[type] += kBeatBytes;
        }
    }
    link_.step(in, read_data, cfg_.latency_cycles);
}

void Dram::add_region(DataType type, uint64_t base, uint64_t bytes) {
    const auto where = fmt::format("dram region {} [{:#x}, +{:#x})", to_string(type), base, bytes);
    if (bytes == 0 || base % kBeatBytes || bytes % kBeatBytes)
        throw std::invalid_argument(where + ": base and size must be non-zero multiples of 8");
    if (base > cfg_.size_bytes || bytes > cfg_.size_bytes - base)
        throw std::invalid_argument(
            fmt::format("{}: extends beyond memory size {:#x}", where, cfg_.size_bytes));
    const uint64_t end = base + bytes;
    auto next = regions_.lower_bound(base);
    if (next != regions_.end() && next->first < end)
        throw std::invalid_argument(fmt::format("{}: overlaps region {} at {:#x}", where,
                                                to_string(next->second.type), next->first));
    if (next != regions_.begin() && std::prev(next)->second.end > base)
        throw std::invalid_argument(fmt::format("{}: overlaps region {} at {:#x}", where,
                                                to_string(std::prev(next)->second.type),
                                                std::prev(next)->first));
    regions_.emplace(base, Region{type, end});
}

void Dram::load(const compiler::DramImage& image) {
    if (image.size_bytes > cfg_.size_bytes)
        throw std::invalid_argument(
            fmt::format("dram: the image needs {:#x} bytes, memory has {:#x}", image.size_bytes,
                        cfg_.size_bytes));
    for (const auto& r : image.regions) add_region(r.type, r.base, r.bytes);
    for (const auto& b : image.blocks) write_bytes(b.addr, b.bytes);
}

DataType Dram::region_of(uint64_t addr, bool write) const {
    auto it = regions_.upper_bound(addr);
    if (it == regions_.begin() || std::prev(it)->second.end <= addr)
        throw std::runtime_error(
            fmt::format("dram: {} at address {:#x} is outside every registered region (cycle {})",
                        write ? "write" : "read", addr, link_.cycle()));
    return std::prev(it)->second.type;
}

void Dram::check_host_range(uint64_t addr, uint64_t n) const {
    if (addr > cfg_.size_bytes || n > cfg_.size_bytes - addr)
        throw std::out_of_range(
            fmt::format("dram: host access [{:#x}, +{:#x}) is beyond memory size {:#x}", addr, n,
                        cfg_.size_bytes));
}

void Dram::write_bytes(uint64_t addr, const std::vector<uint8_t>& bytes) {
    check_host_range(addr, bytes.size());
    std::copy(bytes.begin(), bytes.end(), mem_.begin() + addr);
}

std::vector<uint8_t> Dram::read_bytes(uint64_t addr, size_t n) const {
    check_host_range(addr, n);
    return {mem_.begin() + addr, mem_.begin() + addr + n};
}

uint64_t Dram::read_beat(uint64_t addr) const {
    check_host_range(addr, kBeatBytes);
    uint64_t v = 0;
    for (unsigned b = 0; b < kBeatBytes; ++b) v |= uint64_t(mem_[addr + b]) << (8 * b);
    return v;
}

void Dram::write_tensor(uint64_t addr, const golden::ActTensor& t, int elem_bytes) {
    if (elem_bytes != 1 && elem_bytes != 2 && elem_bytes != 4)
        throw std::invalid_argument(
            fmt::format("dram: elem_bytes = {} must be 1, 2 or 4", elem_bytes));
    check_host_range(addr, uint64_t(t.size()) * elem_bytes);
    const int64_t hi = (int64_t{1} << (8 * elem_bytes - 1)) - 1, lo = -hi - 1;
    for (size_t i = 0; i < t.size(); ++i) {
        const int32_t v = t.data[i];
        if (v < lo || v > hi)
            throw std::out_of_range(fmt::format(
                "dram: tensor element {} = {} does not fit {} bytes", i, v, elem_bytes));
        for (int b = 0; b < elem_bytes; ++b)
            mem_[addr + i * elem_bytes + b] = uint8_t(uint32_t(v) >> (8 * b));
    }
}

golden::ActTensor Dram::read_tensor(uint64_t addr, std::array<int, 4> dim, int elem_bytes) const {
    if (elem_bytes != 1 && elem_bytes != 2 && elem_bytes != 4)
        throw std::invalid_argument(
            fmt::format("dram: elem_bytes = {} must be 1, 2 or 4", elem_bytes));
    golden::ActTensor t(dim[0], dim[1], dim[2], dim[3]);
    check_host_range(addr, uint64_t(t.size()) * elem_bytes);
    const int shift = 32 - 8 * elem_bytes;
    for (size_t i = 0; i < t.size(); ++i) {
        uint32_t u = 0;
        for (int b = 0; b < elem_bytes; ++b)
            u |= uint32_t(mem_[addr + i * elem_bytes + b]) << (8 * b);
        t.data[i] = int32_t(u << shift) >> shift;  // sign-extend
    }
    return t;
}

}  // namespace sim
