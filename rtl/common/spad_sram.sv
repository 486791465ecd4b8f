// Scratchpad with one synchronous read port and one write port (SRAM-like: read data
// appears the cycle after the read and holds until the next read).
`default_nettype none

module spad_sram #(
  parameter int Width = 16,
  parameter int Depth = 224,
  localparam int AddrW = $clog2(Depth)
) (
  input  logic             clk_i,
  input  logic             we_i,
  input  logic [AddrW-1:0] waddr_i,
  input  logic [Width-1:0] wdata_i,
  input  logic             re_i,
  input  logic [AddrW-1:0] raddr_i,
  output logic [Width-1:0] rdata_o
);
  logic [Width-1:0] mem_q [Depth];
  logic [Width-1:0] rdata_q;

  always_ff @(posedge clk_i) begin
    if (we_i) mem_q[waddr_i] <= wdata_i;
    if (re_i) rdata_q <= mem_q[raddr_i];
  end
  assign rdata_o = rdata_q;

`ifndef SYNTHESIS
  a_waddr: assert property (@(posedge clk_i) we_i |-> 32'(waddr_i) < Depth)
    else $error("spad_sram: write address %0d >= depth %0d", waddr_i, Depth);
  a_raddr: assert property (@(posedge clk_i) re_i |-> 32'(raddr_i) < Depth)
    else $error("spad_sram: read address %0d >= depth %0d", raddr_i, Depth);
`endif
endmodule
