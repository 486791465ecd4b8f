// SPDX-License-Identifier: Apache-2.0
// Sends psums into the bottom PE of every slot over the psum network, in the order the PEs add
// them (rtl/array/psum_collector.sv order): for image b, for column f, for slot s = ti*e + ei,
// for filter k. On a later channel pass they are the previous pass's psums, read linearly from
// the psum region; on the first channel pass of a layer with bias they are bias[ti*p + k] (zero
// for the filters beyond the pass's m). Psums and biases are PsumW-bit containers in the buffer.
// A transfer carries two psums (k, k+1) of one slot when both sit in one buffer word, else one:
// with 32-bit containers that is two per cycle, the rate at which a layer's slots consume them.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module psum_streamer #(
  parameter int AccWidth = 32,
  parameter int PsumW    = 32,          // container: 32 when AccWidth <= 32, else 64
  parameter int AddrW    = 14,
  parameter int IdW      = 8,
  parameter int Words    = 1 << AddrW,    // buffer size in words (assertions only)
  localparam int LaneW   = $clog2(64 / PsumW),
  localparam int IdxW    = AddrW + LaneW
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 start_i,      // starts only if pass_i.psum_in or bias_in
  input  acc_pkg::pass_t       pass_i,
  output logic                 busy_o,
  output bus_pkg::glb_rd_req_t rd_req_o,
  input  bus_pkg::glb_rd_rsp_t rd_rsp_i,
  output logic                 noc_valid_o,
  output logic                 noc_two_o,    // noc_data1_o carries the slot's next psum
  input  logic                 noc_ready_i,
  output logic [2*IdW-1:0]     noc_tag_o,
  output logic [AccWidth-1:0]  noc_data_o,
  output logic [AccWidth-1:0]  noc_data1_o
);
  localparam int PLanes = 64 / PsumW;
  logic        gen_q;
  logic [IdxW-1:0] lin_q;              // linear psum index
  logic [15:0] b_q, f_q, mi_q, mbase_q; // mi = ti*p + k, mbase = ti*p
  logic [7:0]  k_q, ei_q, ti_q, s_q;
  logic        item_ready, idle, last_item, pair, slot_done;
  logic [7:0]  n_item;               // psums in this item: 1 or 2
  logic [PsumW-1:0] data, data1;
  logic [IdxW-1:0]  idx;
  logic             zero, zero1;

  // Two psums of the same slot in the same buffer word go together.
  assign pair      = k_q != pass_i.p - 1'b1 && 32'(idx) % PLanes != PLanes - 1;
  assign n_item    = pair ? 8'd2 : 8'd1;
  assign slot_done = k_q + n_item == pass_i.p;
  assign last_item = slot_done && ei_q == pass_i.e - 1'b1 &&
                     ti_q == pass_i.t - 1'b1 && f_q == pass_i.f - 1'b1 && b_q == pass_i.n - 1'b1;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      gen_q <= 1'b0; lin_q <= '0; b_q <= '0; f_q <= '0; mi_q <= '0; mbase_q <= '0;
      k_q <= '0; ei_q <= '0; ti_q <= '0; s_q <= '0;
    end else if (start_i) begin
      gen_q <= pass_i.psum_in || pass_i.bias_in;
      lin_q <= IdxW'(pass_i.psum_base) << LaneW;
      b_q <= '0; f_q <= '0; mi_q <= '0; mbase_q <= '0;
      k_q <= '0; ei_q <= '0; ti_q <= '0; s_q <= '0;
    end else if (gen_q && item_ready) begin
      lin_q <= lin_q + IdxW'(n_item);
      if (last_item) gen_q <= 1'b0;
      if (!slot_done) begin
        k_q <= k_q + n_item; mi_q <= mi_q + 16'(n_item);
      end else begin
        k_q <= '0;
        s_q <= s_q + 1'b1;
        if (ei_q != pass_i.e - 1'b1) begin
          ei_q <= ei_q + 1'b1; mi_q <= mbase_q;
        end else begin
          ei_q <= '0;
          if (ti_q != pass_i.t - 1'b1) begin
            ti_q <= ti_q + 1'b1; mi_q <= mbase_q + 16'(pass_i.p); mbase_q <= mbase_q + 16'(pass_i.p);
          end else begin
            ti_q <= '0; s_q <= '0; mi_q <= '0; mbase_q <= '0;
            if (f_q != pass_i.f - 1'b1) f_q <= f_q + 1'b1;
            else begin
              f_q <= '0;
              b_q <= b_q + 1'b1;
            end
          end
        end
      end
    end
  end

  assign idx   = pass_i.psum_in ? lin_q : (IdxW'(pass_i.bias_base) << LaneW) + IdxW'(mi_q);
  assign zero  = !pass_i.psum_in && mi_q >= pass_i.m;
  assign zero1 = !pass_i.psum_in && mi_q + 16'd1 >= pass_i.m;

  logic out_zero1;
  logic [63:0] unused_word;
  glb_reader #(.ElemW(PsumW), .AddrW(AddrW), .TagW(2 * IdW + 2)) u_reader (
    .clk_i, .rst_ni, .restart_i(start_i),
    .item_valid_i(gen_q), .item_ready_o(item_ready), .item_idx_i(idx), .item_zero_i(zero),
    .item_tag_i({pair, zero1, IdW'(0), IdW'(s_q)}),
    .rd_req_o, .rd_rsp_i,
    .out_valid_o(noc_valid_o), .out_ready_i(noc_ready_i), .out_data_o(data),
    .out_next_o(data1), .out_word_o(unused_word), .out_tag_o({noc_two_o, out_zero1, noc_tag_o}),
    .idle_o(idle));
  assign noc_data_o  = data[AccWidth-1:0];
  assign noc_data1_o = out_zero1 ? '0 : data1[AccWidth-1:0];

  assign busy_o = gen_q || !idle;

  logic unused_bits;
  assign unused_bits = ^{pass_i, data, data1};

`ifndef SYNTHESIS
  `RSACC_ASSERT_IMPL(a_start_idle, start_i, !busy_o,
      ("psum_streamer: started while streaming"))
  // The psums read back (n' * F * e' * t' * p' containers) lie inside the buffer.
  `RSACC_ASSERT_IMPL(a_psum_extent, start_i && pass_i.psum_in,
      (64'(pass_i.psum_base) << LaneW) + 64'(pass_i.n) * 64'(pass_i.f) * 64'(pass_i.e) *
        64'(pass_i.t) * 64'(pass_i.p) <= 64'(Words) << LaneW,
      ("psum_streamer: psums at buffer word %0d end beyond the buffer's %0d words",
       pass_i.psum_base, Words))
  // The biases (m' containers) lie inside the buffer.
  `RSACC_ASSERT_IMPL(a_bias_extent, start_i && pass_i.bias_in && !pass_i.psum_in,
      (64'(pass_i.bias_base) << LaneW) + 64'(pass_i.m) <= 64'(Words) << LaneW,
      ("psum_streamer: biases at buffer word %0d end beyond the buffer's %0d words",
       pass_i.bias_base, Words))
  // Counters within the pass; the slot, filter and filter-group base follow them.
  `RSACC_ASSERT_IMPL(a_counters, gen_q,
      k_q < pass_i.p && ei_q < pass_i.e && ti_q < pass_i.t && f_q < pass_i.f && b_q < pass_i.n &&
      32'(s_q) == 32'(ti_q) * 32'(pass_i.e) + 32'(ei_q) &&
      32'(mbase_q) == 32'(ti_q) * 32'(pass_i.p) && 32'(mi_q) == 32'(mbase_q) + 32'(k_q),
      ("psum_streamer: counters b=%0d f=%0d ti=%0d e=%0d k=%0d s=%0d inconsistent with the pass",
       b_q, f_q, ti_q, ei_q, k_q, s_q))
  // A transfer of two psums stays inside one slot.
  `RSACC_ASSERT_IMPL(a_pair_in_slot, gen_q && pair, 32'(k_q) + 2 <= 32'(pass_i.p),
      ("psum_streamer: psum pair %0d, %0d crosses the slot's p=%0d", k_q, k_q + 1, pass_i.p))
  // No transfer while idle.
  `RSACC_ASSERT_IMPL(a_no_read_idle, rd_req_o.valid, gen_q,
      ("psum_streamer: buffer read while no psum is due"))
  `RSACC_ASSERT_STABLE(a_noc_stable, noc_valid_o, noc_ready_i,
      {noc_two_o, noc_tag_o, noc_data_o, noc_data1_o},
      ("psum_streamer: network transfer dropped or changed while stalled"))
`endif
endmodule
