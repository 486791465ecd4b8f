// SPDX-License-Identifier: Apache-2.0
// Synchronous valid/ready FIFO (first-word fall-through). Depth need not be a power of two.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module fifo #(
  parameter int Width = 16,
  parameter int Depth = 4
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             in_valid_i,
  output logic             in_ready_o,
  input  logic [Width-1:0] in_data_i,
  output logic             out_valid_o,
  input  logic             out_ready_i,
  output logic [Width-1:0] out_data_o
);
  localparam int PtrW = $clog2(Depth);
  localparam int CntW = $clog2(Depth + 1);
  // A power-of-two depth wraps by itself: no compare (cheaper to simulate, same hardware).
  localparam bit Pow2 = (Depth & (Depth - 1)) == 0;

  logic [Width-1:0] mem_q [Depth];
  logic [PtrW-1:0]  wptr_q, wptr_d, rptr_q, rptr_d;
  logic [CntW-1:0]  count_q, count_d;
  logic             push, pop;

  assign in_ready_o  = (count_q != CntW'(Depth));
  assign out_valid_o = (count_q != '0);
  assign out_data_o  = mem_q[rptr_q];
  assign push        = in_valid_i && in_ready_o;
  assign pop         = out_valid_o && out_ready_i;

  always_comb begin
    wptr_d  = wptr_q;
    rptr_d  = rptr_q;
    count_d = count_q;
    if (push) wptr_d = (Pow2 || wptr_q != PtrW'(Depth - 1)) ? wptr_q + 1'b1 : '0;
    if (pop)  rptr_d = (Pow2 || rptr_q != PtrW'(Depth - 1)) ? rptr_q + 1'b1 : '0;
    if (push && !pop) count_d = count_q + 1'b1;
    if (pop && !push) count_d = count_q - 1'b1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wptr_q  <= '0;
      rptr_q  <= '0;
      count_q <= '0;
    end else begin
      wptr_q  <= wptr_d;
      rptr_q  <= rptr_d;
      count_q <= count_d;
    end
  end

  // Storage has no reset: contents are only read once written.
  always_ff @(posedge clk_i) begin
    if (push) mem_q[wptr_q] <= in_data_i;
  end

`ifndef SYNTHESIS
  initial begin
    if (Depth < 2) $fatal(1, "fifo: Depth=%0d must be >= 2", Depth);
  end
  // Checked at each rising edge on the values just before it, as a concurrent assertion samples
  // them; written as immediate assertions in a clocked block because Verilator copies every
  // signal a concurrent assertion reads on every evaluation (most of the simulation time with
  // the FIFOs in each of 168 PEs). A reset at either edge disables a check.
  // RSACC_NO_ASSERT (the --no-assert model) also drops the registers the checks use: Verilator
  // keeps a register whose only reader was a removed assertion.
`ifndef RSACC_NO_ASSERT
  logic             stalled_q;       // producer offered and was refused at the last edge
  logic [Width-1:0] stalled_data_q;
  always_ff @(posedge clk_i) begin
    stalled_q      <= rst_ni && in_valid_i && !in_ready_o;
    stalled_data_q <= in_data_i;
    if (rst_ni) begin
      // Producer side of the handshake: once offered, valid and data hold until accepted.
      `RSACC_ASSERT_IMM(a_in_stable, !stalled_q || (in_valid_i && in_data_i == stalled_data_q),
          ("fifo: input valid/data changed while stalled"))
      `RSACC_ASSERT_IMM(a_count_bound, count_q <= CntW'(Depth),
          ("fifo: count %0d exceeds depth %0d", count_q, Depth))
      `RSACC_ASSERT_IMM(a_ptr_bound, 32'(wptr_q) < Depth && 32'(rptr_q) < Depth,
          ("fifo: pointer out of range"))
    end
  end
`endif  // RSACC_NO_ASSERT
`endif
endmodule
