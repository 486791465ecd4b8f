// SPDX-License-Identifier: Apache-2.0
#include "rsacc_tlm/router.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace rsacc_tlm {

Router::Router(const sc_core::sc_module_name& name)
    : sc_core::sc_module(name), target("target"), init("init") {
    target.register_b_transport(this, &Router::b_transport);
    target.register_transport_dbg(this, &Router::transport_dbg);
}

void Router::add_range(const std::string& what, uint64_t base, uint64_t size) {
    if (size == 0 || base + size < base)
        throw std::invalid_argument(fmt::format("router: range {} is empty or wraps", what));
    for (const auto& r : ranges_)
        if (base < r.base + r.size && r.base < base + size)
            throw std::invalid_argument(fmt::format("router: range {} [{:#x}, +{:#x}) overlaps {}",
                                                    what, base, size, r.what));
    ranges_.push_back({what, base, size});
}

int Router::decode(uint64_t addr, unsigned len) const {
    for (size_t i = 0; i < ranges_.size(); ++i) {
        const auto& r = ranges_[i];
        if (addr >= r.base && addr - r.base <= r.size && len <= r.size - (addr - r.base))
            return int(i);
    }
    return -1;
}

void Router::b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay) {
    const uint64_t addr = t.get_address();
    const int i = decode(addr, t.get_data_length());
    if (i < 0) {
        t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    t.set_address(addr - ranges_[i].base);
    init[i]->b_transport(t, delay);
    t.set_address(addr);
}

unsigned Router::transport_dbg(tlm::tlm_generic_payload& t) {
    const uint64_t addr = t.get_address();
    const int i = decode(addr, t.get_data_length());
    if (i < 0) return 0;
    t.set_address(addr - ranges_[i].base);
    const unsigned n = init[i]->transport_dbg(t);
    t.set_address(addr);
    return n;
}

}  // namespace rsacc_tlm
