// SPDX-License-Identifier: Apache-2.0
// Buffer -> DRAM copy of a pass's ofmap (OpDrain). The last pass left DataWidth-bit values in the
// psum region in collector order (b, f, slot = ti*e + ei, k). This gathers them into the DRAM
// layout, rows of `pitch` words: for image b, filter m = ti*p + k < mm, ofmap row ei, the F
// columns then zeros up to the pitch, written to dram + b*stride_b + m*stride_m + ei*pitch*8.
`default_nettype none
`ifndef SYNTHESIS
`include "rtl/common/rsacc_assert.svh"
`endif

module drain_dma #(
  parameter int DataWidth = 16,
  parameter int AddrW     = 14,
  parameter int Words     = 1 << AddrW,   // buffer size in words (assertions only)
  localparam int LaneW    = $clog2(64 / DataWidth),
  localparam int Lanes    = 64 / DataWidth,
  localparam int IdxW     = AddrW + LaneW
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             start_i,
  input  logic [31:0]      dram_i,
  input  logic [31:0]      glb_i,       // psum region (word address)
  input  logic [15:0]      n_i, mm_i, e_i, f_i, p_i, slots_i,
  input  logic [31:0]      stride_b_i,  // bytes
  input  logic [31:0]      stride_m_i,  // bytes
  input  logic [15:0]      pitch_i,     // words per ofmap row in DRAM
  output logic             done_o,
  // Buffer read port.
  output logic             rd_req_o,
  output logic [AddrW-1:0] rd_addr_o,
  input  logic             rd_gnt_i,
  input  logic             rd_valid_i,
  input  logic [63:0]      rd_data_i,
  // DRAM writes.
  output logic             req_valid_o,
  input  logic             req_ready_i,
  output logic [31:0]      req_addr_o,
  output logic [63:0]      req_data_o
);
  logic        gen_q;
  logic [15:0] b_q, m_q, k_q, ti_e_q, ei_q, fl_q;   // ti_e = ti*e
  logic [15:0] row_elems;
  logic        item_ready, idle, last_item;

  assign row_elems = pitch_i << LaneW;
  assign last_item = fl_q == row_elems - 1'b1 && ei_q == e_i - 1'b1 && m_q == mm_i - 1'b1 &&
                     b_q == n_i - 1'b1;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      gen_q <= 1'b0; b_q <= '0; m_q <= '0; k_q <= '0; ti_e_q <= '0; ei_q <= '0; fl_q <= '0;
    end else if (start_i) begin
      gen_q <= n_i != 0 && mm_i != 0;
      b_q <= '0; m_q <= '0; k_q <= '0; ti_e_q <= '0; ei_q <= '0; fl_q <= '0;
    end else if (gen_q && item_ready) begin
      if (last_item) gen_q <= 1'b0;
      if (fl_q != row_elems - 1'b1) fl_q <= fl_q + 1'b1;
      else begin
        fl_q <= '0;
        if (ei_q != e_i - 1'b1) ei_q <= ei_q + 1'b1;
        else begin
          ei_q <= '0;
          if (m_q != mm_i - 1'b1) begin
            m_q <= m_q + 1'b1;
            if (k_q != p_i - 1'b1) k_q <= k_q + 1'b1;
            else begin
              k_q <= '0; ti_e_q <= ti_e_q + e_i;
            end
          end else begin
            m_q <= '0; k_q <= '0; ti_e_q <= '0;
            b_q <= b_q + 1'b1;
          end
        end
      end
    end
  end

  logic [31:0] elem, addr;
  logic        zero;
  assign elem = (glb_i << LaneW) +
                ((32'(b_q) * 32'(f_i) + 32'(fl_q)) * 32'(slots_i) + 32'(ti_e_q) + 32'(ei_q)) *
                32'(p_i) + 32'(k_q);
  assign zero = fl_q >= f_i;
  logic unused_bits;
  assign unused_bits = ^{elem[31:IdxW], next_elem};
  assign addr = dram_i + 32'(b_q) * stride_b_i + 32'(m_q) * stride_m_i +
                ((32'(ei_q) * 32'(row_elems) + 32'(fl_q)) >> LaneW) * 32'd8;

  logic                 el_valid, el_ready;
  logic [DataWidth-1:0] el_data;
  logic [31:0]          el_addr;
  logic [DataWidth-1:0] next_elem;   // single-element items: not used
  logic [63:0]          unused_word;
  glb_reader #(.ElemW(DataWidth), .AddrW(AddrW), .TagW(32)) u_reader (
    .clk_i, .rst_ni, .restart_i(start_i),
    .item_valid_i(gen_q), .item_ready_o(item_ready), .item_idx_i(IdxW'(elem)),
    .item_zero_i(zero), .item_tag_i(addr),
    .rd_req_o, .rd_addr_o, .rd_gnt_i, .rd_valid_i, .rd_data_i,
    .out_valid_o(el_valid), .out_ready_i(el_ready), .out_data_o(el_data),
    .out_next_o(next_elem), .out_word_o(unused_word), .out_tag_o(el_addr), .idle_o(idle));

  // Pack Lanes elements into a beat; the beat's address is the tag of its elements. A full beat
  // moves to the write register while the next one fills, so an element enters every cycle
  // (a beat every Lanes cycles) as long as DRAM takes the writes.
  logic [63:0]      beat_q, beat_next, wr_beat_q;
  logic [LaneW-1:0] lane_q;
  logic             wr_pend_q, last_lane, wr_free;
  logic [31:0]      wr_addr_q;
  assign last_lane   = lane_q == LaneW'(Lanes - 1);
  assign wr_free     = !wr_pend_q || req_ready_i;
  assign el_ready    = !last_lane || wr_free;
  assign req_valid_o = wr_pend_q;
  assign req_addr_o  = wr_addr_q;
  assign req_data_o  = wr_beat_q;
  assign done_o      = !gen_q && idle && !wr_pend_q;

  always_comb begin
    beat_next = beat_q;
    beat_next[lane_q*DataWidth +: DataWidth] = el_data;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      beat_q <= '0; lane_q <= '0; wr_pend_q <= 1'b0; wr_beat_q <= '0; wr_addr_q <= '0;
    end else if (start_i) begin
      lane_q <= '0; wr_pend_q <= 1'b0;
    end else begin
      if (wr_pend_q && req_ready_i) wr_pend_q <= 1'b0;
      if (el_valid && el_ready) begin
        beat_q <= beat_next;
        lane_q <= lane_q + 1'b1;
        if (last_lane) begin
          wr_beat_q <= beat_next; wr_addr_q <= el_addr; wr_pend_q <= 1'b1;
        end
      end
    end
  end

`ifndef SYNTHESIS
  // Command fields hold for the whole drain (the controller keeps a copy); a drain of n' = 0 or
  // m' = 0 does nothing.
  `RSACC_ASSERT_IMPL(a_start_idle, start_i, done_o,
      ("drain_dma: started while a drain runs"))
  // The loop nest needs e', F, p' >= 1 and m' <= p' * t' filters (t' = slots / e').
  `RSACC_ASSERT_IMPL(a_cmd_dims, start_i && n_i != 0 && mm_i != 0,
      e_i != 0 && f_i != 0 && p_i != 0 && 32'(mm_i) * 32'(e_i) <= 32'(p_i) * 32'(slots_i),
      ("drain_dma: command shape e'=%0d F=%0d p'=%0d m'=%0d slots=%0d cannot be walked",
       e_i, f_i, p_i, mm_i, slots_i))
  // An ofmap row (F values) fits the DRAM row pitch, and the pitch in elements fits 16 bits.
  `RSACC_ASSERT_IMPL(a_row_fits, start_i && n_i != 0 && mm_i != 0,
      32'(f_i) <= 32'(pitch_i) * Lanes && 32'(pitch_i) * Lanes <= 32'hffff,
      ("drain_dma: F=%0d values do not fit a row pitch of %0d words", f_i, pitch_i))
  // The ofmap (n' * F * slots * p' values in collector order) lies inside the buffer.
  `RSACC_ASSERT_IMPL(a_glb_extent, start_i && n_i != 0 && mm_i != 0,
      (64'(glb_i) << LaneW) + 64'(n_i) * 64'(f_i) * 64'(slots_i) * 64'(p_i)
        <= 64'(Words) << LaneW,
      ("drain_dma: ofmap at buffer word %0d ends beyond the buffer's %0d words", glb_i, Words))
  `RSACC_ASSERT_IMPL(a_counters, gen_q,
      b_q < n_i && m_q < mm_i && ei_q < e_i && fl_q < row_elems && k_q < p_i &&
      32'(ti_e_q) + 32'(ei_q) < 32'(slots_i),
      ("drain_dma: counters b=%0d m=%0d e=%0d f=%0d k=%0d beyond the command", b_q, m_q, ei_q,
       fl_q, k_q))
  // No transfer while idle: the buffer is read only for an element the drain still gathers.
  `RSACC_ASSERT_IMPL(a_no_read_idle, rd_req_o, gen_q,
      ("drain_dma: buffer read while no element is due"))
  `RSACC_ASSERT_STABLE(a_req_stable, req_valid_o, req_ready_i, {req_addr_o, req_data_o},
      ("drain_dma: DRAM write dropped or changed while waiting for the port"))
  `RSACC_ASSERT_IMPL(a_req_aligned, req_valid_o, req_addr_o[2:0] == 3'b0,
      ("drain_dma: DRAM write address %0h is not 8-byte aligned", req_addr_o))
  // Rows are padded to whole words, so a drain ends on a beat boundary.
  `RSACC_ASSERT_IMPL(a_whole_beats, !gen_q && idle, lane_q == '0,
      ("drain_dma: drain ended inside a beat"))
`endif
endmodule
