// SPDX-License-Identifier: Apache-2.0
// Reads a stream of elements (ElemW bits, 64/ElemW per buffer word) from one global-buffer read
// port, in order. Each item names an element index (or asks for a literal zero, e.g. padding)
// and carries a tag that comes out with the element. Consecutive items in the same word cost one
// buffer read: a word is read only when an item needs a different word than the one before.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module glb_reader #(
  parameter int ElemW = 16,
  parameter int AddrW = 14,             // buffer word address
  parameter int TagW  = 16,
  parameter int Depth = 4,              // items in flight; >= 2 for one element per cycle
  localparam int LaneW = $clog2(64 / ElemW),
  localparam int IdxW  = AddrW + LaneW  // element index
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             restart_i,   // forget the cached word (buffer contents changed)
  // Items.
  input  logic             item_valid_i,
  output logic             item_ready_o,
  input  logic [IdxW-1:0]  item_idx_i,
  input  logic             item_zero_i,
  input  logic [TagW-1:0]  item_tag_i,
  // Buffer read port (glb.sv client).
  output bus_pkg::glb_rd_req_t rd_req_o,
  input  bus_pkg::glb_rd_rsp_t rd_rsp_i,
  // Elements, in item order.
  output logic             out_valid_o,
  input  logic             out_ready_i,
  output logic [ElemW-1:0] out_data_o,
  output logic [ElemW-1:0] out_next_o,  // the element after it in the same word (0 past the end)
  output logic [63:0]      out_word_o,  // the whole buffer word holding it (0 for a zero item)
  output logic [TagW-1:0]  out_tag_o,
  output logic             idle_o       // nothing in flight
);
  localparam int ItemW = TagW + LaneW + 2;  // {tag, lane, zero, new_word}

  logic [AddrW-1:0] word;
  logic [AddrW-1:0] last_word_q;
  logic             last_valid_q;
  logic             need_word, fifo_ready, push;

  assign word      = item_idx_i[IdxW-1:LaneW];
  assign need_word = !item_zero_i && !(last_valid_q && word == last_word_q);
  assign rd_req_o.valid = item_valid_i && need_word && fifo_ready;
  assign rd_req_o.addr  = 32'(word);
  assign item_ready_o = fifo_ready && (!need_word || rd_rsp_i.gnt);
  assign push      = item_valid_i && item_ready_o;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      last_word_q  <= '0;
      last_valid_q <= 1'b0;
    end else if (restart_i) begin
      last_valid_q <= 1'b0;
    end else if (push && need_word) begin
      last_word_q  <= word;
      last_valid_q <= 1'b1;
    end
  end

  // Items wait here for their word; words arrive one cycle after their grant.
  logic             it_valid, it_ready;
  logic [ItemW-1:0] it_data;
  logic [TagW-1:0]  it_tag;
  logic [LaneW-1:0] it_lane;
  logic             it_zero, it_new;
  fifo #(.Width(ItemW), .Depth(Depth)) u_items (
    .clk_i, .rst_ni,
    .in_valid_i(push), .in_ready_o(fifo_ready),
    .in_data_i({item_tag_i, item_idx_i[LaneW-1:0], item_zero_i, need_word}),
    .out_valid_o(it_valid), .out_ready_i(it_ready), .out_data_o(it_data));
  assign {it_tag, it_lane, it_zero, it_new} = it_data;

  logic        w_valid, w_ready;
  logic [63:0] w_data;
  logic        unused_w_in_ready;
  fifo #(.Width(64), .Depth(Depth)) u_words (
    .clk_i, .rst_ni,
    .in_valid_i(rd_rsp_i.rvalid), .in_ready_o(unused_w_in_ready), .in_data_i(rd_rsp_i.rdata),
    .out_valid_o(w_valid), .out_ready_i(w_ready), .out_data_o(w_data));

  logic [63:0] cur_q, src;
  assign src         = it_new ? w_data : cur_q;
  assign out_valid_o = it_valid && (!it_new || w_valid);
  assign out_data_o  = it_zero ? '0 : src[it_lane*ElemW +: ElemW];
  logic [63:0] src_next;
  assign src_next    = src >> ((32'(it_lane) + 1) * ElemW);
  assign out_next_o  = it_zero ? '0 : src_next[ElemW-1:0];
  assign out_word_o  = it_zero ? '0 : src;
  logic unused_next;
  assign unused_next = ^src_next[63:ElemW];
  assign out_tag_o   = it_tag;
  assign it_ready    = out_ready_i && out_valid_o;
  assign w_ready     = it_ready && it_new;
  assign idle_o      = !it_valid;

  always_ff @(posedge clk_i) begin
    if (w_ready) cur_q <= w_data;
  end

`ifndef SYNTHESIS
  initial begin
    if (64 % ElemW != 0) $fatal(1, "glb_reader: ElemW=%0d must divide 64", ElemW);
  end
  // Words never outnumber the items waiting for them, so the word FIFO cannot overflow.
  `RSACC_ASSERT_IMPL(a_word_room, rd_rsp_i.rvalid, unused_w_in_ready,
      ("glb_reader: word FIFO overflow"))
`endif
endmodule
