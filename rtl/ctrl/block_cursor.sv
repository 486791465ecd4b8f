// SPDX-License-Identifier: Apache-2.0
// Walks the blocks of a fill's 2-level nest (for i2 < count2, for i1 < count1) and gives each
// block's base address: base + i2*stride2 + i1*stride1, formed by adding strides (one base
// register per level), never by multiplying. rlc_fill.sv runs three of them, each at its own
// pace: the length-table reads, the unpacking of their entries, and the data reads.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module block_cursor (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        start_i,    // restart at block (0, 0)
  input  logic [31:0] base_i,
  input  logic [31:0] count1_i,   // >= 1 while stepping
  input  logic [31:0] stride1_i,
  input  logic [31:0] count2_i,   // >= 1 while stepping
  input  logic [31:0] stride2_i,
  input  logic        step_i,     // go to the next block
  input  logic        active_i,   // the fields are those of the walk started last (assertions)
  output logic [31:0] addr_o,     // base address of the current block
  output logic        last_o      // the current block is the last
);
  logic [31:0] i1_q, i2_q, a1_q, a2_q;
  assign addr_o = a1_q;
  assign last_o = i1_q == count1_i - 1 && i2_q == count2_i - 1;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      i1_q <= '0; i2_q <= '0; a1_q <= '0; a2_q <= '0;
    end else if (start_i) begin
      i1_q <= '0; i2_q <= '0; a1_q <= base_i; a2_q <= base_i;
    end else if (step_i) begin
      if (i1_q != count1_i - 1) begin
        i1_q <= i1_q + 1; a1_q <= a1_q + stride1_i;
      end else begin
        i1_q <= '0; i2_q <= i2_q + 1;
        a1_q <= a2_q + stride2_i; a2_q <= a2_q + stride2_i;
      end
    end
  end

  logic unused_active;
  assign unused_active = active_i;   // read by the assertions only

`ifndef SYNTHESIS
  `RSACC_ASSERT_IMPL(a_step_in_range, step_i && !start_i, !last_o,
      ("block_cursor: stepped beyond the last block"))
  `RSACC_ASSERT_IMPL(a_addr, active_i && !start_i, addr_o == base_i + i2_q * stride2_i + i1_q * stride1_i,
      ("block_cursor: address %0h is not that of block (%0d, %0d)", addr_o, i2_q, i1_q))
`endif
endmodule
