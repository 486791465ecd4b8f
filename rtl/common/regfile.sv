// SPDX-License-Identifier: Apache-2.0
// Register file: one write port, one combinational read port. The PE's ifmap and psum
// scratchpads; a read in the cycle of a write to the same word returns the old word. Kept in its
// own module so synthesis reports it separately (synth/, docs/area.md); combinational reads
// rule out an SRAM macro, so it is always built from flops.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module regfile #(
  parameter int Width = 16,
  parameter int Depth = 12,
  localparam int AddrW = $clog2(Depth)
) (
  input  logic             clk_i,
  input  logic             we_i,
  input  logic [AddrW-1:0] waddr_i,
  input  logic [Width-1:0] wdata_i,
  input  logic [AddrW-1:0] raddr_i,
  output logic [Width-1:0] rdata_o
);
  logic [Width-1:0] mem_q [Depth];

  always_ff @(posedge clk_i) begin
    if (we_i) mem_q[waddr_i] <= wdata_i;
  end
  assign rdata_o = mem_q[raddr_i];

`ifndef SYNTHESIS
  always_ff @(posedge clk_i) begin
    `RSACC_ASSERT_IMM(a_waddr, !we_i || 32'(waddr_i) < Depth,
        ("regfile: write address %0d >= depth %0d", waddr_i, Depth))
  end
`endif
endmodule
