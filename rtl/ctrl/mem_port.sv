// SPDX-License-Identifier: Apache-2.0
// The accelerator's single DRAM port, shared by the command fetcher (reads), the fill DMA
// (reads) and the drain DMA (writes). One request per cycle, fixed priority drain > fill >
// commands. Read responses return in order; a FIFO of owners routes each to its reader.
// Every DRAM-side wire is registered (see below).
`default_nettype none
`ifndef SYNTHESIS
`include "rtl/common/rsacc_assert.svh"
`endif

module mem_port #(
  parameter int MaxReads = 64          // reads in flight (owner FIFO depth)
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // Clients.
  input  logic        cmd_req_i,
  output logic        cmd_gnt_o,
  input  logic [31:0] cmd_addr_i,
  output logic        cmd_resp_valid_o,
  input  logic        cmd_resp_ready_i,
  input  logic        fill_req_i,
  output logic        fill_gnt_o,
  input  logic [31:0] fill_addr_i,
  output logic        fill_resp_valid_o,
  input  logic        fill_resp_ready_i,
  input  logic        drain_req_i,
  output logic        drain_gnt_o,
  input  logic [31:0] drain_addr_i,
  input  logic [63:0] drain_data_i,
  output logic [63:0] resp_data_o,     // shared by both readers
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
  localparam int ReqW = 1 + 32 + 64;   // {write, addr, wdata}

  logic own_in_ready, own_valid, own_fill;
  logic sel_drain, sel_fill, sel_cmd, req_room, req_push, read_push;
  logic resp_valid, resp_take;
  logic [ReqW-1:0] req_head;

  assign sel_drain = drain_req_i;
  assign sel_fill  = !drain_req_i && fill_req_i && own_in_ready;
  assign sel_cmd   = !drain_req_i && !fill_req_i && cmd_req_i && own_in_ready;
  assign req_push  = (sel_drain || sel_fill || sel_cmd) && req_room;
  assign read_push = (sel_fill || sel_cmd) && req_room;
  assign drain_gnt_o = sel_drain && req_room;
  assign fill_gnt_o  = sel_fill && req_room;
  assign cmd_gnt_o   = sel_cmd && req_room;

  fifo #(.Width(ReqW), .Depth(2)) u_req (
    .clk_i, .rst_ni,
    .in_valid_i(req_push), .in_ready_o(req_room),
    .in_data_i({sel_drain, sel_drain ? drain_addr_i : sel_fill ? fill_addr_i : cmd_addr_i,
                drain_data_i}),
    .out_valid_o(dram_req_valid_o), .out_ready_i(dram_req_ready_i), .out_data_o(req_head));
  assign dram_req_write_o = req_head[ReqW-1];
  assign dram_req_addr_o  = req_head[64 +: 32];
  assign dram_req_wdata_o = req_head[63:0];
  assign dram_req_wstrb_o = req_head[ReqW-1] ? 8'hff : 8'h00;
  assign idle_o           = !dram_req_valid_o;

  // Owner of every read in flight, queued when the read enters the request queue.
  fifo #(.Width(1), .Depth(MaxReads)) u_owner (
    .clk_i, .rst_ni,
    .in_valid_i(read_push), .in_ready_o(own_in_ready), .in_data_i(sel_fill),
    .out_valid_o(own_valid), .out_ready_i(resp_take), .out_data_o(own_fill));

  fifo #(.Width(64), .Depth(2)) u_resp (
    .clk_i, .rst_ni,
    .in_valid_i(dram_resp_valid_i), .in_ready_o(dram_resp_ready_o), .in_data_i(dram_resp_rdata_i),
    .out_valid_o(resp_valid), .out_ready_i(resp_take), .out_data_o(resp_data_o));

  assign fill_resp_valid_o = resp_valid && own_valid && own_fill;
  assign cmd_resp_valid_o  = resp_valid && own_valid && !own_fill;
  assign resp_take         = resp_valid && own_valid && (own_fill ? fill_resp_ready_i
                                                                  : cmd_resp_ready_i);

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
