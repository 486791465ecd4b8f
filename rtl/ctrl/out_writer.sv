// SPDX-License-Identifier: Apache-2.0
// Takes the psums leaving the array (collector order) and stores them linearly from the pass's
// out_base (the psum region, or on a last pass the ofmap region when the compiler gives it one):
// as PsumW-bit containers between channel passes, or on the last pass requantised (+ ReLU) to
// DataWidth-bit ofmap values. Writing in place over the psums the pass reads is safe: a word is
// written only after every output in it has been produced, and those needed every psum in the
// words before and including it.
// Takes two outputs per cycle when both land in the word being filled (in_take_two_o), so a
// 64-bit word of two 32-bit psums is written per cycle; one when only one lane is left.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module out_writer #(
  parameter int DataWidth = 16,
  parameter int AccWidth  = 32,
  parameter int PsumW     = 32,
  parameter int AddrW     = 14,
  parameter int Words     = 1 << AddrW   // buffer size in words (assertions only)
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                start_i,
  input  acc_pkg::pass_t      pass_i,
  output logic                done_o,       // every output of the pass written
  input  logic                in_valid_i,
  input  logic                in_two_i,     // in_data1_i is the next output too
  output logic                in_ready_o,
  output logic                in_take_two_o,
  input  logic [AccWidth-1:0] in_data_i,
  input  logic [AccWidth-1:0] in_data1_i,
  output bus_pkg::glb_wr_req_t wr_req_o,   // buffer write port
  input  logic                wr_gnt_i
);
  localparam int DLanes = 64 / DataWidth;
  localparam int PLanes = 64 / PsumW;
  // A pass's outputs fill at most the buffer, Words * DLanes < 2^(AddrW+4) values (a_glb_extent):
  // counted in CntW bits, the product of the pass's dimensions is exact when formed modulo
  // 2^CntW, which takes multipliers a third the size of 32-bit ones.
  localparam int CntW   = AddrW + 4;

  logic [CntW-1:0]  left_q;       // outputs still to come
  logic [AddrW-1:0] addr_q;       // word being filled
  logic [63:0]      word_q;
  logic [3:0]       lane_q;
  logic [AddrW-1:0] wr_addr_q;    // full (or final) word waiting for its write; the next word
  logic [63:0]      wr_word_q;    // fills meanwhile, so a word can be written every cycle
  logic             wr_pend_q;
  logic             active_q;
  logic [CntW-1:0]  total;
  logic [3:0]       lanes;
  logic [DataWidth-1:0] y, y1;
  logic             two;          // two outputs taken this cycle
  logic [3:0]       n_in;

  assign total = CntW'(pass_i.n) * CntW'(pass_i.f) * CntW'(pass_i.e) * CntW'(pass_i.t) *
                 CntW'(pass_i.p);
  assign lanes = pass_i.last ? 4'(DLanes) : 4'(PLanes);
  // Of the pass the writer reads its shape, out_base and the requantisation fields.
  logic unused_bits;
  assign unused_bits = ^pass_i;

  requant #(.DataWidth(DataWidth), .AccWidth(AccWidth)) u_requant (
    .acc_i(in_data_i), .shift_i(pass_i.shift), .relu_i(pass_i.relu), .y_o(y));
  requant #(.DataWidth(DataWidth), .AccWidth(AccWidth)) u_requant1 (
    .acc_i(in_data1_i), .shift_i(pass_i.shift), .relu_i(pass_i.relu), .y_o(y1));

  assign in_take_two_o = in_two_i && (lane_q + 4'd2 <= lanes) && (left_q >= CntW'(2));
  assign two           = in_take_two_o;
  assign n_in          = two ? 4'd2 : 4'd1;

  logic [63:0] word_d;
  always_comb begin
    word_d = word_q;
    if (pass_i.last) begin
      word_d[lane_q*DataWidth +: DataWidth] = y;
      if (two) word_d[(32'(lane_q) + 1)*DataWidth +: DataWidth] = y1;
    end else begin
      word_d[lane_q*PsumW +: PsumW] = PsumW'($signed(in_data_i));
      if (two) word_d[(32'(lane_q) + 1)*PsumW +: PsumW] = PsumW'($signed(in_data1_i));
    end
  end

  // Input is taken while the write register is free or frees this cycle.
  logic accept, complete, wr_done;
  assign in_ready_o = active_q && (!wr_pend_q || wr_gnt_i);
  assign accept     = in_valid_i && in_ready_o;
  assign complete   = lane_q + n_in == lanes || left_q == CntW'(n_in);
  assign wr_done    = wr_pend_q && wr_gnt_i;
  assign wr_req_o.valid = wr_pend_q;
  assign wr_req_o.addr  = 32'(wr_addr_q);
  assign wr_req_o.wdata = wr_word_q;
  assign wr_req_o.wstrb = '1;
  assign done_o     = !active_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      left_q <= '0; addr_q <= '0; word_q <= '0; lane_q <= '0; active_q <= 1'b0;
      wr_addr_q <= '0; wr_word_q <= '0; wr_pend_q <= 1'b0;
    end else if (start_i) begin
      left_q <= total; addr_q <= AddrW'(pass_i.out_base); word_q <= '0; lane_q <= '0;
      wr_pend_q <= 1'b0; active_q <= total != 0;
    end else begin
      if (wr_done) wr_pend_q <= 1'b0;
      if (accept) begin
        left_q <= left_q - CntW'(n_in);
        if (complete) begin
          wr_word_q <= word_d; wr_addr_q <= addr_q; wr_pend_q <= 1'b1;
          word_q <= '0; lane_q <= '0; addr_q <= addr_q + 1'b1;
        end else begin
          word_q <= word_d; lane_q <= lane_q + n_in;
        end
      end
      // Done once every output is taken and the last word is written.
      if (wr_done && !accept && left_q == 0) active_q <= 1'b0;
    end
  end

`ifndef SYNTHESIS
  `RSACC_ASSERT_IMPL(a_start_idle, start_i, done_o,
      ("out_writer: started while a pass's outputs are being written"))
  // The words the pass's n'*F*e'*t'*p' outputs fill lie inside the buffer (the address register
  // is AddrW bits and would wrap silently); then the CntW-bit count is exact.
  logic [63:0] total_exact;
  assign total_exact = 64'(pass_i.n) * 64'(pass_i.f) * 64'(pass_i.e) * 64'(pass_i.t) *
                       64'(pass_i.p);
  `RSACC_ASSERT_IMPL(a_glb_extent, start_i,
      64'(pass_i.out_base) + (total_exact + 64'(lanes) - 1) / 64'(lanes) <= 64'(Words) &&
      64'(total) == total_exact,
      ("out_writer: %0d outputs at buffer word %0d end beyond the buffer's %0d words",
       total_exact, pass_i.out_base, Words))
  `RSACC_ASSERT_IMPL(a_lane_bound, active_q, lane_q < lanes,
      ("out_writer: lane %0d of a %0d-lane word", lane_q, lanes))
  // No transfer while idle: the array offers outputs only during a pass, and no more than
  // the pass's count.
  `RSACC_ASSERT_IMPL(a_in_idle, in_valid_i, active_q,
      ("out_writer: output offered while no pass runs"))
  `RSACC_ASSERT_IMPL(a_in_count, in_valid_i && in_ready_o, left_q >= CntW'(n_in),
      ("out_writer: output taken beyond the pass's %0d", total))
  `RSACC_ASSERT_IMPL(a_take_two, in_take_two_o, in_two_i,
      ("out_writer: two outputs taken while one is offered"))
  `RSACC_ASSERT_STABLE(a_wr_stable, wr_req_o.valid, wr_gnt_i, {wr_req_o.addr, wr_req_o.wdata},
      ("out_writer: buffer write dropped or changed while waiting for its bank"))
`endif
endmodule
