// The accelerator's single DRAM port, shared by the command fetcher (reads), the fill DMA
// (reads) and the drain DMA (writes). One request per cycle, fixed priority drain > fill >
// commands. Read responses return in order; a FIFO of owners routes each to its reader.
`default_nettype none

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
  input  logic [63:0] dram_resp_rdata_i
);
  logic own_in_ready, own_valid, own_fill, read_accept;
  logic sel_drain, sel_fill, sel_cmd;

  assign sel_drain = drain_req_i;
  assign sel_fill  = !drain_req_i && fill_req_i && own_in_ready;
  assign sel_cmd   = !drain_req_i && !fill_req_i && cmd_req_i && own_in_ready;

  assign dram_req_valid_o = sel_drain || sel_fill || sel_cmd;
  assign dram_req_write_o = sel_drain;
  assign dram_req_addr_o  = sel_drain ? drain_addr_i : sel_fill ? fill_addr_i : cmd_addr_i;
  assign dram_req_wdata_o = drain_data_i;
  assign dram_req_wstrb_o = sel_drain ? 8'hff : 8'h00;
  assign drain_gnt_o      = sel_drain && dram_req_ready_i;
  assign fill_gnt_o       = sel_fill && dram_req_ready_i;
  assign cmd_gnt_o        = sel_cmd && dram_req_ready_i;
  assign read_accept      = (sel_fill || sel_cmd) && dram_req_ready_i;

  fifo #(.Width(1), .Depth(MaxReads)) u_owner (
    .clk_i, .rst_ni,
    .in_valid_i(read_accept), .in_ready_o(own_in_ready), .in_data_i(sel_fill),
    .out_valid_o(own_valid), .out_ready_i(dram_resp_valid_i && dram_resp_ready_o),
    .out_data_o(own_fill));

  assign fill_resp_valid_o = dram_resp_valid_i && own_valid && own_fill;
  assign cmd_resp_valid_o  = dram_resp_valid_i && own_valid && !own_fill;
  assign dram_resp_ready_o = own_valid && (own_fill ? fill_resp_ready_i : cmd_resp_ready_i);
  assign resp_data_o       = dram_resp_rdata_i;

`ifndef SYNTHESIS
  a_no_orphan: assert property (@(posedge clk_i) disable iff (!rst_ni)
      dram_resp_valid_i |-> own_valid)
    else $error("mem_port: read response with no outstanding read");
`endif
endmodule
