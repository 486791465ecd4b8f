// SPDX-License-Identifier: Apache-2.0
// Output collector: drains the psums leaving the top PE of every slot in a fixed order, so the
// consumer knows what each word is without tags: for each output column, slots in ascending PE
// index (= slot number, bands from the bottom), p psums from each (the PE's own output order).
// Up to two psums move per cycle (the 64-bit path to the buffer holds two 32-bit psums), both
// from the current slot: a slot's p psums never share a transfer with the next slot's.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module psum_collector #(
  parameter int NumPes   = acc_pkg::DefaultRows * acc_pkg::DefaultCols,
  parameter int AccWidth = acc_pkg::DefaultAccWidth,
  localparam int IdxW    = $clog2(NumPes)
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       start_i,      // a pass begins: restart at the first slot
  input  logic [acc_pkg::PeCntW-1:0] p_i,          // psums per slot per output column
  input  logic [NumPes-1:0]          slot_top_i,   // PEs whose psums leave the array
  input  logic [NumPes-1:0]          pe_valid_i,
  input  logic [NumPes-1:0]          pe_two_i,     // PE holds two psums
  output logic [NumPes-1:0]          pe_ready_o,
  output logic                       pe_take_two_o,
  output logic [IdxW-1:0]            sel_o,        // the PE being drained; its psums come
  input  logic [AccWidth-1:0]        sel_data_i,   // back on sel_data_i / sel_data1_i
  input  logic [AccWidth-1:0]        sel_data1_i,
  output logic                       out_valid_o,
  output logic                       out_two_o,    // out_data1_o is the next psum too
  input  logic                       out_ready_i,
  input  logic                       out_take_two_i,
  output logic [AccWidth-1:0]        out_data_o,
  output logic [AccWidth-1:0]        out_data1_o
);
  logic [IdxW-1:0]            ptr_q, ptr_d, first_idx, next_idx;
  logic [acc_pkg::PeCntW-1:0] cnt_q, cnt_d;
  logic                       found_next, take;

  // First slot top, and the next one after ptr_q (wrapping to the first). Lowest set bit as
  // x & -x (Yosys maps the negation to a Brent-Kung carry chain), then index bit b = OR of the
  // one-hot bits whose index has bit b: logic depth grows with log2(NumPes). A loop that stops
  // at the first hit is a chain of NumPes muxes (770 gate levels at 16 x 16, docs/area.md).
  logic [NumPes-1:0] above, first_hot, next_hot;
  logic [IdxW-1:0]   next_above;
  always_comb begin
    for (int i = 0; i < NumPes; i++) above[i] = slot_top_i[i] && IdxW'(i) > ptr_q;
  end
  assign first_hot  = slot_top_i & (~slot_top_i + 1'b1);
  assign next_hot   = above & (~above + 1'b1);
  assign found_next = |above;
  for (genvar b = 0; b < IdxW; b++) begin : g_index
    logic [NumPes-1:0] has_bit;  // constant: PE indices with bit b set
    for (genvar i = 0; i < NumPes; i++) begin : g_pe
      assign has_bit[i] = ((i >> b) & 1) == 1;
    end
    assign first_idx[b]  = |(first_hot & has_bit);
    assign next_above[b] = |(next_hot & has_bit);
  end
  assign next_idx = found_next ? next_above : first_idx;

  logic [acc_pkg::PeCntW-1:0] n_take;
  assign out_valid_o   = pe_valid_i[ptr_q];
  assign out_two_o     = pe_two_i[ptr_q] && cnt_q != p_i - 1'b1;
  assign sel_o         = ptr_q;
  assign out_data_o    = sel_data_i;
  assign out_data1_o   = sel_data1_i;
  assign take          = out_valid_o && out_ready_i;
  assign n_take        = (out_two_o && out_take_two_i) ? 2 : 1;
  assign pe_take_two_o = out_two_o && out_take_two_i;
  always_comb begin
    pe_ready_o        = '0;
    pe_ready_o[ptr_q] = out_ready_i;
  end

  always_comb begin
    ptr_d = ptr_q;
    cnt_d = cnt_q;
    if (start_i) begin
      ptr_d = first_idx;
      cnt_d = '0;
    end else if (take) begin
      cnt_d = cnt_q + n_take;
      if (cnt_q + n_take == p_i) begin
        cnt_d = '0;
        ptr_d = next_idx;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ptr_q <= '0;
      cnt_q <= '0;
    end else begin
      ptr_q <= ptr_d;
      cnt_q <= cnt_d;
    end
  end

`ifndef SYNTHESIS
  `RSACC_ASSERT_IMPL(a_ptr_is_slot, out_valid_o, slot_top_i[ptr_q],
      ("psum_collector: draining PE %0d, which is not a slot top", ptr_q))
  `RSACC_ASSERT_IMPL(a_take_two, take && out_take_two_i, out_two_o,
      ("psum_collector: two psums taken while fewer are offered"))
`endif
endmodule
