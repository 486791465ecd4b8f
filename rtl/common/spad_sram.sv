// SPDX-License-Identifier: Apache-2.0
// Scratchpad SRAM with one synchronous read port and one write port. It is Lanes words wide:
// a write stores a whole row of Lanes words (weights arrive as 64-bit network words), a read
// returns one word (read data appear the cycle after the read and hold until the next read).
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module spad_sram #(
  parameter int Width = 16,
  parameter int Depth = 224,            // words; rows = ceil(Depth / Lanes)
  parameter int Lanes = 4,              // words per row, a power of two >= 2
  localparam int AddrW  = $clog2(Depth),
  localparam int LaneW  = $clog2(Lanes),
  localparam int NumRows = (Depth + Lanes - 1) / Lanes,
  localparam int RowAW  = (NumRows > 1) ? $clog2(NumRows) : 1
) (
  input  logic                   clk_i,
  input  logic                   we_i,
  input  logic [RowAW-1:0]       wrow_i,    // row = word address / Lanes
  input  logic [Lanes*Width-1:0] wdata_i,   // word Lanes*row + k at [k*Width +: Width]
  input  logic                   re_i,
  input  logic [AddrW-1:0]       raddr_i,   // word address
  output logic [Width-1:0]       rdata_o
);
  logic [Lanes*Width-1:0] mem_q [NumRows];
  logic [Lanes*Width-1:0] row_q;
  logic [LaneW-1:0]       lane_q;

  always_ff @(posedge clk_i) begin
    if (we_i) mem_q[wrow_i] <= wdata_i;
    if (re_i) begin
      row_q  <= mem_q[RowAW'(raddr_i >> LaneW)];
      lane_q <= raddr_i[LaneW-1:0];
    end
  end
  assign rdata_o = row_q[lane_q*Width +: Width];

`ifndef SYNTHESIS
  initial begin
    if (Lanes < 2 || (Lanes & (Lanes - 1)) != 0)
      $fatal(1, "spad_sram: Lanes=%0d must be a power of two >= 2", Lanes);
  end
  // Clocked immediate assertions, for simulation speed (see fifo.sv).
  always_ff @(posedge clk_i) begin
    `RSACC_ASSERT_IMM(a_waddr, !we_i || 32'(wrow_i) < NumRows,
        ("spad_sram: write row %0d >= %0d rows", wrow_i, NumRows))
    `RSACC_ASSERT_IMM(a_raddr, !re_i || 32'(raddr_i) < Depth,
        ("spad_sram: read address %0d >= depth %0d", raddr_i, Depth))
  end
`endif
endmodule
