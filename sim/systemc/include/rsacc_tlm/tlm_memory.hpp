// SPDX-License-Identifier: Apache-2.0
// A loosely-timed TLM-2.0 memory for the example virtual platform (docs/systemc.md): any number
// of initiators, byte enables, a fixed latency per read and per write annotated on the delay,
// the debug transport. An access beyond its size gets TLM_ADDRESS_ERROR_RESPONSE.
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include <cstdint>
#include <vector>

namespace rsacc_tlm {

class TlmMemory : public sc_core::sc_module {
public:
    tlm_utils::multi_passthrough_target_socket<TlmMemory> socket;

    // std::invalid_argument for a zero size.
    TlmMemory(const sc_core::sc_module_name& name, uint64_t size_bytes,
              const sc_core::sc_time& read_latency, const sc_core::sc_time& write_latency);

    uint64_t size() const { return mem_.size(); }
    uint64_t reads() const { return reads_; }    // b_transport reads served
    uint64_t writes() const { return writes_; }  // b_transport writes served

private:
    // false (and the response status set) for an access it cannot serve.
    bool serve(tlm::tlm_generic_payload& t);
    void b_transport(int id, tlm::tlm_generic_payload& t, sc_core::sc_time& delay);
    unsigned transport_dbg(int id, tlm::tlm_generic_payload& t);

    std::vector<uint8_t> mem_;
    sc_core::sc_time read_latency_, write_latency_;
    uint64_t reads_ = 0, writes_ = 0;
};

}  // namespace rsacc_tlm
