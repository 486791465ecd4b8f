// SPDX-License-Identifier: Apache-2.0
// Sends a pass's filter weights from the buffer to the filter network, one 64-bit buffer word
// (64/DataWidth weights) per transfer. The compiler stores them in stream order
// (docs/commands.md): for filter group ti, for slot height h, the p*q*S weights of that PE in
// the PE's own order, padded to whole words. Tag = {row: h, col: ti}: one transfer reaches the
// PEs at height h of all e slots of filter group ti.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module filter_streamer #(
  parameter int DataWidth = 16,
  parameter int AddrW     = 14,
  parameter int IdW       = 8,
  parameter int Words     = 1 << AddrW,   // buffer size in words (assertions only)
  localparam int Lanes    = 64 / DataWidth,
  localparam int LaneW    = $clog2(Lanes),
  localparam int CntW     = $clog2(Lanes + 1)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 start_i,
  input  acc_pkg::pass_t       pass_i,
  output logic                 busy_o,
  output bus_pkg::glb_rd_req_t rd_req_o,
  input  bus_pkg::glb_rd_rsp_t rd_rsp_i,
  output logic                 noc_valid_o,
  input  logic                 noc_ready_i,
  output logic [2*IdW-1:0]     noc_tag_o,
  output logic [63:0]          noc_data_o,
  output logic [CntW-1:0]      noc_weights_o   // real weights in the word (the rest is padding)
);
  logic             gen_q;                 // words left to issue
  logic [AddrW-1:0] word_q;
  logic [11:0]      j_q, block;            // weight offset in a PE's block (p*q*S <= 4095)
  logic [7:0]       h_q, ti_q, height;
  logic             item_ready, last_word, last_item, idle;

  assign block     = 12'(pass_i.p * pass_i.q * pass_i.fs);
  assign height    = 8'(pass_i.fr * pass_i.r);
  assign last_word = j_q + 12'(Lanes) >= block;
  assign last_item = last_word && h_q == height - 1'b1 && ti_q == pass_i.t - 1'b1;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      gen_q <= 1'b0; word_q <= '0; j_q <= '0; h_q <= '0; ti_q <= '0;
    end else if (start_i) begin
      gen_q  <= 1'b1;
      word_q <= AddrW'(pass_i.filt_base);
      j_q <= '0; h_q <= '0; ti_q <= '0;
    end else if (gen_q && item_ready) begin
      word_q <= word_q + 1'b1;
      if (last_item) gen_q <= 1'b0;
      if (!last_word) j_q <= j_q + 12'(Lanes);
      else begin
        j_q <= '0;
        if (h_q != height - 1'b1) h_q <= h_q + 1'b1;
        else begin
          h_q  <= '0;
          ti_q <= ti_q + 1'b1;
        end
      end
    end
  end

  // The weight count rides in the tag so it leaves with its word.
  logic [CntW-1:0]      weights;
  logic [DataWidth-1:0] unused_elem, unused_next;
  assign weights = last_word ? CntW'(block - j_q) : CntW'(Lanes);
  glb_reader #(.ElemW(DataWidth), .AddrW(AddrW), .TagW(2 * IdW + CntW)) u_reader (
    .clk_i, .rst_ni, .restart_i(start_i),
    .item_valid_i(gen_q), .item_ready_o(item_ready), .item_idx_i({word_q, LaneW'(0)}),
    .item_zero_i(1'b0), .item_tag_i({weights, IdW'(h_q), IdW'(ti_q)}),
    .rd_req_o, .rd_rsp_i,
    .out_valid_o(noc_valid_o), .out_ready_i(noc_ready_i), .out_data_o(unused_elem),
    .out_next_o(unused_next), .out_word_o(noc_data_o),
    .out_tag_o({noc_weights_o, noc_tag_o}), .idle_o(idle));

  assign busy_o = gen_q || !idle;

  logic unused_bits;
  assign unused_bits = ^{pass_i, unused_elem, unused_next};

`ifndef SYNTHESIS
  // The pass's fields hold while it runs (the controller's pass register).
  `RSACC_ASSERT_IMPL(a_start_idle, start_i, !busy_o,
      ("filter_streamer: started while streaming"))
  // A PE's block, p*q*S weights, fits the 12-bit weight counter and the slot height 8 bits.
  `RSACC_ASSERT_IMPL(a_block_fits, start_i,
      32'(pass_i.p) * 32'(pass_i.q) * 32'(pass_i.fs) <= 4095 &&
      32'(pass_i.fr) * 32'(pass_i.r) <= 255,
      ("filter_streamer: block p*q*S = %0d or height R*r = %0d does not fit its counter",
       32'(pass_i.p) * 32'(pass_i.q) * 32'(pass_i.fs), 32'(pass_i.fr) * 32'(pass_i.r)))
  // The pass's t * R*r blocks, each padded to whole words, lie inside the buffer.
  `RSACC_ASSERT_IMPL(a_glb_extent, start_i,
      64'(pass_i.filt_base) + 64'(pass_i.t) * 64'(pass_i.fr) * 64'(pass_i.r) *
        ((64'(pass_i.p) * 64'(pass_i.q) * 64'(pass_i.fs) + 64'(Lanes) - 1) / 64'(Lanes)) <=
        64'(Words),
      ("filter_streamer: filter block at buffer word %0d ends beyond the buffer's %0d words",
       pass_i.filt_base, Words))
  `RSACC_ASSERT_IMPL(a_counters, gen_q,
      j_q < block && h_q < height && ti_q < pass_i.t,
      ("filter_streamer: counters j=%0d h=%0d ti=%0d beyond the pass", j_q, h_q, ti_q))
  // The word read is one of the pass's filter words.
  `RSACC_ASSERT_IMPL(a_word_in_block, gen_q,
      32'(AddrW'(word_q - AddrW'(pass_i.filt_base))) <
        32'(pass_i.t) * 32'(height) * ((32'(block) + Lanes - 1) / Lanes),
      ("filter_streamer: buffer word %0d outside the pass's filter block", word_q))
  // No transfer while idle.
  `RSACC_ASSERT_IMPL(a_no_read_idle, rd_req_o.valid, gen_q,
      ("filter_streamer: buffer read while no word is due"))
  `RSACC_ASSERT_STABLE(a_noc_stable, noc_valid_o, noc_ready_i,
      {noc_tag_o, noc_data_o, noc_weights_o},
      ("filter_streamer: network transfer dropped or changed while stalled"))
  `RSACC_ASSERT_IMPL(a_weights, noc_valid_o, noc_weights_o != 0 && 32'(noc_weights_o) <= Lanes,
      ("filter_streamer: transfer carries %0d weights", noc_weights_o))
`endif
endmodule
