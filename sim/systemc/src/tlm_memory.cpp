// SPDX-License-Identifier: Apache-2.0
#include "rsacc_tlm/tlm_memory.hpp"

#include <cstring>
#include <stdexcept>

namespace rsacc_tlm {

TlmMemory::TlmMemory(const sc_core::sc_module_name& name, uint64_t size_bytes,
                     const sc_core::sc_time& read_latency, const sc_core::sc_time& write_latency)
    : sc_core::sc_module(name),
      socket("socket"),
      read_latency_(read_latency),
      write_latency_(write_latency) {
    if (size_bytes == 0) throw std::invalid_argument("tlm memory: size must be > 0");
    mem_.assign(size_bytes, 0);
    socket.register_b_transport(this, &TlmMemory::b_transport);
    socket.register_transport_dbg(this, &TlmMemory::transport_dbg);
}

bool TlmMemory::serve(tlm::tlm_generic_payload& t) {
    const uint64_t a = t.get_address();
    const unsigned n = t.get_data_length();
    if (a > mem_.size() || n > mem_.size() - a) {
        t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return false;
    }
    if (t.get_streaming_width() < n) {  // streaming (one address, several beats): not a memory's
        t.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return false;
    }
    uint8_t* data = t.get_data_ptr();
    const uint8_t* be = t.get_byte_enable_ptr();
    const unsigned be_len = t.get_byte_enable_length();
    if (be && be_len == 0) {
        t.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return false;
    }
    switch (t.get_command()) {
        case tlm::TLM_READ_COMMAND:
            for (unsigned i = 0; i < n; ++i)
                if (!be || be[i % be_len] == TLM_BYTE_ENABLED) data[i] = mem_[a + i];
            break;
        case tlm::TLM_WRITE_COMMAND:
            if (!be) std::memcpy(&mem_[a], data, n);
            else
                for (unsigned i = 0; i < n; ++i)
                    if (be[i % be_len] == TLM_BYTE_ENABLED) mem_[a + i] = data[i];
            break;
        case tlm::TLM_IGNORE_COMMAND: break;
    }
    t.set_response_status(tlm::TLM_OK_RESPONSE);
    return true;
}

void TlmMemory::b_transport(int, tlm::tlm_generic_payload& t, sc_core::sc_time& delay) {
    if (!serve(t)) return;
    if (t.is_read()) {
        ++reads_;
        delay += read_latency_;
    } else if (t.is_write()) {
        ++writes_;
        delay += write_latency_;
    }
}

unsigned TlmMemory::transport_dbg(int, tlm::tlm_generic_payload& t) {
    return serve(t) ? t.get_data_length() : 0;
}

}  // namespace rsacc_tlm
