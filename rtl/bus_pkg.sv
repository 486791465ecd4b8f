// SPDX-License-Identifier: Apache-2.0
// bus_pkg: the bundles of the on-chip ports, one packed struct per direction, so a client's port
// is two signals and its fields are read by name. Internal to the RTL (the host-facing pins of
// rsacc_top stay flat: contract/rsacc_contract.json, "host ports").
// Yosys 0.23 drops arrays of structs and structs declared in generate blocks, so the
// N-client arbiter (glb.sv) takes per-field vectors; rsacc_top joins each client's fields there.
`default_nettype none

package bus_pkg;

  // A global-buffer read port. The client holds valid and addr until gnt; the word arrives with
  // rvalid on the cycle after the grant.
  typedef struct packed {
    logic        valid;
    logic [31:0] addr;     // buffer word address (the buffer decodes its low $clog2(words) bits)
  } glb_rd_req_t;
  typedef struct packed {
    logic        gnt;
    logic        rvalid;
    logic [63:0] rdata;
  } glb_rd_rsp_t;

  // A global-buffer write port: the client holds the request until the buffer's grant (a plain
  // logic signal, the port's only response).
  typedef struct packed {
    logic        valid;
    logic [31:0] addr;     // buffer word address
    logic [63:0] wdata;
    logic [7:0]  wstrb;    // byte enables
  } glb_wr_req_t;

  // A client of the DRAM port (mem_port.sv): one 64-bit beat per request, held until gnt; read
  // data returns in request order with rvalid and is taken with rready.
  typedef struct packed {
    logic        valid;
    logic        write;
    logic [31:0] addr;     // byte address, 8-byte aligned
    logic [63:0] wdata;
    logic [7:0]  wstrb;    // byte enables of a write (the drain's length-table entries)
    logic        rready;
  } mem_req_t;
  typedef struct packed {
    logic        gnt;
    logic        rvalid;
    logic [63:0] rdata;
  } mem_rsp_t;

endpackage
