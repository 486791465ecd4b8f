// SPDX-License-Identifier: Apache-2.0
// The accelerator's single DRAM port, shared by the command fetcher (reads), the fill DMA
// (reads) and the drain DMA (writes). One request per cycle, fixed priority drain > fill >
// commands. Read responses return in order; a FIFO of owners routes each to its reader.
// Every DRAM-side wire is registered (see below).
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module mem_port #(
  parameter int MaxReads = 64          // reads in flight (owner FIFO depth)
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // Clients (bus_pkg::mem_req_t / mem_rsp_t): the command fetcher and the fill DMA read, the
  // drain DMA writes.
  input  bus_pkg::mem_req_t cmd_req_i,
  output bus_pkg::mem_rsp_t cmd_rsp_o,
  input  bus_pkg::mem_req_t fill_req_i,
  output bus_pkg::mem_rsp_t fill_rsp_o,
  input  bus_pkg::mem_req_t drain_req_i,
  output bus_pkg::mem_rsp_t drain_rsp_o,
  // DRAM.
  output logic        dram_req_valid_o,
  input  logic        dram_req_ready_i,
  output logic [31:0] dram_req_addr_o,
  output logic        dram_req_write_o,
  output logic [63:0] dram_req_wdata_o,
  output logic [7:0]  dram_req_wstrb_o,
  input  logic        dram_resp_valid_i,
  output logic        dram_resp_ready_o,
  input  logic [63:0] dram_resp_rdata_i,
  output logic        wait_o,          // registered: a request waited on DRAM last cycle
  output logic        idle_o           // no request queued (every write has reached DRAM)
);
  // No DRAM input reaches the clients combinationally: requests wait in a two-entry queue whose
  // head drives the request wires, responses land in a two-entry queue before the readers see
  // them. Both sustain one beat per cycle and add one cycle of latency each way. (In a
  // Verilated model a combinational path from a top-level input re-evaluates everything behind
  // it on every input change: the whole PE array, through the drain and fill paths.)
  localparam int ReqW = 1 + 32 + 64 + 8;   // {write, addr, wdata, wstrb}

  logic own_in_ready, own_valid, own_fill;
  logic sel_drain, sel_fill, sel_cmd, req_room, req_push, read_push;
  logic resp_valid, resp_take;
  logic [ReqW-1:0] req_head;
  logic [63:0] resp_data;

  assign sel_drain = drain_req_i.valid;
  assign sel_fill  = !drain_req_i.valid && fill_req_i.valid && own_in_ready;
  assign sel_cmd   = !drain_req_i.valid && !fill_req_i.valid && cmd_req_i.valid && own_in_ready;
  assign req_push  = (sel_drain || sel_fill || sel_cmd) && req_room;
  assign read_push = (sel_fill || sel_cmd) && req_room;
  assign drain_rsp_o.gnt = sel_drain && req_room;
  assign fill_rsp_o.gnt  = sel_fill && req_room;
  assign cmd_rsp_o.gnt   = sel_cmd && req_room;

  fifo #(.Width(ReqW), .Depth(2)) u_req (
    .clk_i, .rst_ni,
    .in_valid_i(req_push), .in_ready_o(req_room),
    .in_data_i({sel_drain,
                sel_drain ? drain_req_i.addr : sel_fill ? fill_req_i.addr : cmd_req_i.addr,
                drain_req_i.wdata, drain_req_i.wstrb}),
    .out_valid_o(dram_req_valid_o), .out_ready_i(dram_req_ready_i), .out_data_o(req_head));
  assign dram_req_write_o = req_head[ReqW-1];
  assign dram_req_addr_o  = req_head[72 +: 32];
  assign dram_req_wdata_o = req_head[8 +: 64];
  assign dram_req_wstrb_o = req_head[ReqW-1] ? req_head[7:0] : 8'h00;
  assign idle_o           = !dram_req_valid_o;

  // Owner of every read in flight, queued when the read enters the request queue.
  fifo #(.Width(1), .Depth(MaxReads)) u_owner (
    .clk_i, .rst_ni,
    .in_valid_i(read_push), .in_ready_o(own_in_ready), .in_data_i(sel_fill),
    .out_valid_o(own_valid), .out_ready_i(resp_take), .out_data_o(own_fill));

  fifo #(.Width(64), .Depth(2)) u_resp (
    .clk_i, .rst_ni,
    .in_valid_i(dram_resp_valid_i), .in_ready_o(dram_resp_ready_o), .in_data_i(dram_resp_rdata_i),
    .out_valid_o(resp_valid), .out_ready_i(resp_take), .out_data_o(resp_data));

  // Read data goes to both readers; rvalid says whose it is.
  assign fill_rsp_o.rvalid  = resp_valid && own_valid && own_fill;
  assign fill_rsp_o.rdata   = resp_data;
  assign cmd_rsp_o.rvalid   = resp_valid && own_valid && !own_fill;
  assign cmd_rsp_o.rdata    = resp_data;
  assign drain_rsp_o.rvalid = 1'b0;
  assign drain_rsp_o.rdata  = '0;
  assign resp_take          = resp_valid && own_valid && (own_fill ? fill_req_i.rready
                                                                   : cmd_req_i.rready);
  // Each client's role is fixed: the readers' write fields and the writer's read fields are
  // not used.
  logic unused_fields;
  assign unused_fields = ^{cmd_req_i.write, cmd_req_i.wdata, cmd_req_i.wstrb, fill_req_i.write,
                           fill_req_i.wdata, fill_req_i.wstrb, drain_req_i.write,
                           drain_req_i.rready};

  // A request that waits on DRAM this cycle, counted the next one (a performance counter).
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) wait_o <= 1'b0;
    else         wait_o <= dram_req_valid_o && !dram_req_ready_i;
  end

`ifndef SYNTHESIS
  `RSACC_ASSERT_IMPL(a_no_orphan, resp_valid, own_valid,
      ("mem_port: read response with no outstanding read"))
`endif
endmodule
