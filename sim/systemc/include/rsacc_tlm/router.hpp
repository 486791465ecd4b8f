// SPDX-License-Identifier: Apache-2.0
// An address decoder for the example virtual platform: one target socket, one initiator socket
// per address range (bound in the order the ranges are added). A transaction is forwarded with
// its address made relative to its range; an address in no range gets
// TLM_ADDRESS_ERROR_RESPONSE.
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <string>
#include <vector>

namespace rsacc_tlm {

class Router : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<Router> target;
    tlm_utils::multi_passthrough_initiator_socket<Router> init;

    explicit Router(const sc_core::sc_module_name& name);

    // The next range: init's next binding serves [base, base + size). std::invalid_argument for
    // an empty or overlapping range.
    void add_range(const std::string& what, uint64_t base, uint64_t size);

private:
    struct Range {
        std::string what;
        uint64_t base, size;
    };
    // The index of the range holding [addr, addr + len), or -1.
    int decode(uint64_t addr, unsigned len) const;
    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& t);

    std::vector<Range> ranges_;
};

}  // namespace rsacc_tlm
