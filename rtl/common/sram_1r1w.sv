// SPDX-License-Identifier: Apache-2.0
// Two-port SRAM: one synchronous read port and one write port with byte enables; read data
// appear the cycle after the read and hold until the next read. A global buffer bank. Synthesis
// replaces it by an SRAM macro above a size threshold (synth/, docs/area.md).
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module sram_1r1w #(
  parameter int Width = 64,             // a multiple of 8
  parameter int Depth = 512,
  localparam int AddrW = $clog2(Depth),
  localparam int Bytes = Width / 8
) (
  input  logic             clk_i,
  input  logic             re_i,
  input  logic [AddrW-1:0] raddr_i,
  output logic [Width-1:0] rdata_o,
  input  logic             we_i,
  input  logic [AddrW-1:0] waddr_i,
  input  logic [Width-1:0] wdata_i,
  input  logic [Bytes-1:0] wstrb_i
);
  logic [Width-1:0] mem_q [Depth];

  always_ff @(posedge clk_i) begin
    if (re_i) rdata_o <= mem_q[raddr_i];
    if (we_i) begin
      for (int k = 0; k < Bytes; k++) begin
        if (wstrb_i[k]) mem_q[waddr_i][k*8 +: 8] <= wdata_i[k*8 +: 8];
      end
    end
  end

`ifndef SYNTHESIS
  initial begin
    if (Width % 8 != 0) $fatal(1, "sram_1r1w: Width=%0d must be a multiple of 8", Width);
  end
  always_ff @(posedge clk_i) begin
    `RSACC_ASSERT_IMM(a_raddr, !re_i || 32'(raddr_i) < Depth,
        ("sram_1r1w: read address %0d >= depth %0d", raddr_i, Depth))
    `RSACC_ASSERT_IMM(a_waddr, !we_i || 32'(waddr_i) < Depth,
        ("sram_1r1w: write address %0d >= depth %0d", waddr_i, Depth))
  end
`endif
endmodule
