// SPDX-License-Identifier: Apache-2.0
// A TLM-2.0 generic payload for a plain access: `len` bytes at `data` from `addr`, no byte
// enables, no streaming, the response status still incomplete.
#pragma once
#include <tlm>

#include <cstdint>

namespace rsacc_tlm {

inline void set_access(tlm::tlm_generic_payload& t, tlm::tlm_command cmd, uint64_t addr, void* data,
                       unsigned len) {
    t.set_command(cmd);
    t.set_address(addr);
    t.set_data_ptr(static_cast<uint8_t*>(data));
    t.set_data_length(len);
    t.set_streaming_width(len);
    t.set_byte_enable_ptr(nullptr);
    t.set_byte_enable_length(0);
    t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
}

}  // namespace rsacc_tlm
