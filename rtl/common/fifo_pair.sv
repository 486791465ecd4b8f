// SPDX-License-Identifier: Apache-2.0
// Synchronous valid/ready FIFO (first-word fall-through) that takes and gives up to two entries
// per cycle. The PE's psum FIFOs use it: one side moves one psum per cycle (the MAC, the vertical
// link), the other two (the 64-bit psum network and output collector).
// Input: in_two_i says in_data_i carries two entries {second, first}; in_ready_o is high when
// there is room for all of them. Output: out_valid_o when one entry is held, out_two_o when two;
// the consumer pops one, or two if it raises out_take_two_i (only allowed with out_two_o).
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module fifo_pair #(
  parameter int Width = 32,
  parameter int Depth = 4
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               in_valid_i,
  input  logic               in_two_i,
  output logic               in_ready_o,
  input  logic [2*Width-1:0] in_data_i,
  output logic               out_valid_o,
  output logic               out_two_o,
  input  logic               out_ready_i,
  input  logic               out_take_two_i,
  output logic [2*Width-1:0] out_data_o
);
  localparam int PtrW = $clog2(Depth);
  localparam int CntW = $clog2(Depth + 1);

  logic [Width-1:0] mem_q [Depth];
  logic [PtrW-1:0]  wptr_q, rptr_q, wptr_next, rptr_next;
  logic [CntW-1:0]  count_q;
  logic [1:0]       n_push, n_pop;

  // Pointer + 1 modulo Depth (Depth need not be a power of two).
  function automatic logic [PtrW-1:0] inc(input logic [PtrW-1:0] ptr);
    if (ptr == PtrW'(Depth - 1)) inc = '0;
    else inc = ptr + 1'b1;
  endfunction

  assign wptr_next   = inc(wptr_q);
  assign rptr_next   = inc(rptr_q);
  assign in_ready_o  = (CntW + 1)'(count_q) + (in_two_i ? (CntW + 1)'(2) : (CntW + 1)'(1))
                       <= (CntW + 1)'(Depth);
  assign out_valid_o = (count_q != '0);
  assign out_two_o   = (count_q > CntW'(1));
  assign out_data_o  = {mem_q[rptr_next], mem_q[rptr_q]};
  assign n_push      = (in_valid_i && in_ready_o) ? (in_two_i ? 2'd2 : 2'd1) : 2'd0;
  assign n_pop       = (out_valid_o && out_ready_i) ? (out_take_two_i ? 2'd2 : 2'd1) : 2'd0;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wptr_q  <= '0;
      rptr_q  <= '0;
      count_q <= '0;
    end else begin
      if (n_push == 2'd1) wptr_q <= wptr_next;
      if (n_push == 2'd2) wptr_q <= inc(wptr_next);
      if (n_pop == 2'd1) rptr_q <= rptr_next;
      if (n_pop == 2'd2) rptr_q <= inc(rptr_next);
      count_q <= count_q + CntW'(n_push) - CntW'(n_pop);
    end
  end

  // Storage has no reset: contents are only read once written.
  always_ff @(posedge clk_i) begin
    if (n_push != 2'd0) mem_q[wptr_q] <= in_data_i[Width-1:0];
    if (n_push == 2'd2) mem_q[wptr_next] <= in_data_i[2*Width-1:Width];
  end

`ifndef SYNTHESIS
  initial begin
    if (Depth < 2) $fatal(1, "fifo_pair: Depth=%0d must be >= 2", Depth);
  end
  // Clocked immediate assertions, for simulation speed (see fifo.sv); a reset at either edge
  // disables a check. Without assertions (RSACC_NO_ASSERT) the registers go too (see fifo.sv).
`ifndef RSACC_NO_ASSERT
  logic               stalled_q, stalled_two_q;
  logic [2*Width-1:0] stalled_data_q;
  always_ff @(posedge clk_i) begin
    stalled_q      <= rst_ni && in_valid_i && !in_ready_o;
    stalled_two_q  <= in_two_i;
    stalled_data_q <= in_data_i;
    if (rst_ni) begin
      `RSACC_ASSERT_IMM(a_in_stable, !stalled_q || (in_valid_i && in_two_i == stalled_two_q &&
          in_data_i[Width-1:0] == stalled_data_q[Width-1:0] &&
          (!in_two_i || in_data_i[2*Width-1:Width] == stalled_data_q[2*Width-1:Width])),
          ("fifo_pair: input valid/data changed while stalled"))
      `RSACC_ASSERT_IMM(a_take_two, !(out_valid_o && out_ready_i && out_take_two_i) || out_two_o,
          ("fifo_pair: two entries taken while fewer are held"))
      `RSACC_ASSERT_IMM(a_count_bound, count_q <= CntW'(Depth),
          ("fifo_pair: count %0d exceeds depth %0d", count_q, Depth))
    end
  end
`endif  // RSACC_NO_ASSERT
`endif
endmodule
