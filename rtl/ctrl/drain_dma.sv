// SPDX-License-Identifier: Apache-2.0
// Buffer -> DRAM copy of a pass's ofmap (OpDrain). The last pass left DataWidth-bit values in the
// psum region in collector order (b, f, slot = ti*e + ei, k). This gathers them into the DRAM
// layout, rows of `pitch` words: for image b, filter m = ti*p + k < mm, ofmap row ei, the F
// columns then zeros up to the pitch, written to dram + b*stride_b + m*stride_m + ei*pitch*8.
// With rlc each row is written compressed (or raw) in that slot, and its length entry to the
// length table (rlc_drain.sv).
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

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
  input  logic             rlc_i,       // rows run-length compressed (rlc_drain.sv)
  input  logic [31:0]      lens_i,
  input  logic [31:0]      lstride_n_i,
  input  logic [31:0]      lstride_m_i,
  output logic             done_o,
  // Buffer read port.
  output bus_pkg::glb_rd_req_t rd_req_o,
  input  bus_pkg::glb_rd_rsp_t rd_rsp_i,
  // DRAM writes (mem_port.sv client).
  output bus_pkg::mem_req_t    mem_req_o,
  input  bus_pkg::mem_rsp_t    mem_rsp_i
);
  logic        gen_q;
  logic [15:0] b_q, m_q, k_q, ti_e_q, ei_q, fl_q;   // ti_e = ti*e
  logic [15:0] row_elems;
  logic        item_ready, idle, last_item;
  logic        step_fl, step_ei, step_k, step_ti, step_b;   // which loop advances

  assign row_elems = pitch_i << LaneW;
  assign last_item = fl_q == row_elems - 1'b1 && ei_q == e_i - 1'b1 && m_q == mm_i - 1'b1 &&
                     b_q == n_i - 1'b1;
  always_comb begin
    step_fl = 1'b0; step_ei = 1'b0; step_k = 1'b0; step_ti = 1'b0; step_b = 1'b0;
    if (gen_q && item_ready) begin
      if (fl_q != row_elems - 1'b1) step_fl = 1'b1;
      else if (ei_q != e_i - 1'b1) step_ei = 1'b1;
      else if (m_q != mm_i - 1'b1) begin
        if (k_q != p_i - 1'b1) step_k = 1'b1;
        else                   step_ti = 1'b1;
      end else step_b = 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      gen_q <= 1'b0; b_q <= '0; m_q <= '0; k_q <= '0; ti_e_q <= '0; ei_q <= '0; fl_q <= '0;
    end else if (start_i) begin
      gen_q <= n_i != 0 && mm_i != 0;
      b_q <= '0; m_q <= '0; k_q <= '0; ti_e_q <= '0; ei_q <= '0; fl_q <= '0;
    end else begin
      if (gen_q && item_ready && last_item) gen_q <= 1'b0;
      if (step_fl) fl_q <= fl_q + 1'b1;
      if (step_ei) begin fl_q <= '0; ei_q <= ei_q + 1'b1; end
      if (step_k || step_ti) begin fl_q <= '0; ei_q <= '0; m_q <= m_q + 1'b1; end
      if (step_k) k_q <= k_q + 1'b1;
      if (step_ti) begin k_q <= '0; ti_e_q <= ti_e_q + e_i; end
      if (step_b) begin
        fl_q <= '0; ei_q <= '0; m_q <= '0; k_q <= '0; ti_e_q <= '0; b_q <= b_q + 1'b1;
      end
    end
  end

  // Address generators: stride counters, one base register per loop level, so no address is
  // multiplied out per element. Buffer element index (IdxW bits; a_glb_extent keeps every index
  // read below 2^IdxW, so sums modulo 2^IdxW are exact):
  //   (glb << LaneW) + ((b*F + fl)*slots + ti_e + ei)*p' + k
  //   = b_base + fl*slots*p' + ti_e*p' + k + ei*p'
  // DRAM byte address: dram + b*stride_b + m*stride_m + ei*pitch*8 + (fl >> LaneW)*8.
  logic [IdxW-1:0] sp, ep, fsp;            // strides of fl, ti, b (the pass's shape)
  logic [IdxW-1:0] el_q, row_q, mb_q, tb_q, bb_q;   // at (fl), (fl=0), (ei=0), (k=0), (m=0)
  logic [31:0]     aw_q, ar_q, am_q, ab_q;          // at (fl), (fl=0), (ei=0), (m=0)
  logic [31:0]     row_bytes;
  assign sp  = IdxW'(slots_i) * IdxW'(p_i);
  assign ep  = IdxW'(e_i) * IdxW'(p_i);
  assign fsp = IdxW'(f_i) * sp;
  assign row_bytes = {13'b0, pitch_i, 3'b0};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      el_q <= '0; row_q <= '0; mb_q <= '0; tb_q <= '0; bb_q <= '0;
      aw_q <= '0; ar_q <= '0; am_q <= '0; ab_q <= '0;
    end else if (start_i) begin
      el_q <= IdxW'(glb_i << LaneW); row_q <= IdxW'(glb_i << LaneW);
      mb_q <= IdxW'(glb_i << LaneW); tb_q <= IdxW'(glb_i << LaneW);
      bb_q <= IdxW'(glb_i << LaneW);
      aw_q <= dram_i; ar_q <= dram_i; am_q <= dram_i; ab_q <= dram_i;
    end else begin
      if (step_fl) begin
        el_q <= el_q + sp;
        if (&fl_q[LaneW-1:0]) aw_q <= aw_q + 32'd8;   // the next element starts a new word
      end
      if (step_ei) begin
        row_q <= row_q + IdxW'(p_i); el_q <= row_q + IdxW'(p_i);
        ar_q <= ar_q + row_bytes;    aw_q <= ar_q + row_bytes;
      end
      if (step_k) begin
        mb_q <= mb_q + 1'b1; row_q <= mb_q + 1'b1; el_q <= mb_q + 1'b1;
      end
      if (step_ti) begin
        tb_q <= tb_q + ep; mb_q <= tb_q + ep; row_q <= tb_q + ep; el_q <= tb_q + ep;
      end
      if (step_k || step_ti) begin
        am_q <= am_q + stride_m_i; ar_q <= am_q + stride_m_i; aw_q <= am_q + stride_m_i;
      end
      if (step_b) begin
        bb_q <= bb_q + fsp; tb_q <= bb_q + fsp; mb_q <= bb_q + fsp; row_q <= bb_q + fsp;
        el_q <= bb_q + fsp;
        ab_q <= ab_q + stride_b_i; am_q <= ab_q + stride_b_i; ar_q <= ab_q + stride_b_i;
        aw_q <= ab_q + stride_b_i;
      end
    end
  end

  logic [IdxW-1:0] elem;
  logic [31:0]     addr;
  logic            zero;
  assign elem = el_q;
  assign addr = aw_q;
  assign zero = fl_q >= f_i;
  logic unused_bits;
  assign unused_bits = ^{glb_i[31:AddrW], next_elem, mem_rsp_i.rvalid, mem_rsp_i.rdata};

  logic                 el_valid, el_ready;
  logic [DataWidth-1:0] el_data;
  logic [31:0]          el_addr;
  logic [DataWidth-1:0] next_elem;   // single-element items: not used
  logic [63:0]          unused_word;
  glb_reader #(.ElemW(DataWidth), .AddrW(AddrW), .TagW(32)) u_reader (
    .clk_i, .rst_ni, .restart_i(start_i),
    .item_valid_i(gen_q), .item_ready_o(item_ready), .item_idx_i(elem),
    .item_zero_i(zero), .item_tag_i(addr),
    .rd_req_o, .rd_rsp_i,
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
  assign wr_free     = !wr_pend_q || mem_rsp_i.gnt;
  assign el_ready    = !last_lane || (rlc_q ? rlc_beat_ready : wr_free);
  assign plain_req.valid  = wr_pend_q;
  assign plain_req.write  = 1'b1;
  assign plain_req.addr   = wr_addr_q;
  assign plain_req.wdata  = wr_beat_q;
  assign plain_req.wstrb  = '1;
  assign plain_req.rready = 1'b0;   // writes only
  assign mem_req_o   = rlc_q ? rlc_req : plain_req;
  assign done_o      = !gen_q && idle && !wr_pend_q && rlc_idle;

  // With rlc the full beats go to rlc_drain.sv, which writes each row compressed or raw and its
  // length entry; it sees the port only while selected.
  logic                 rlc_q, rlc_beat_ready, rlc_idle;
  bus_pkg::mem_req_t    plain_req, rlc_req;
  bus_pkg::mem_rsp_t    rlc_rsp;
  always_comb begin
    rlc_rsp = mem_rsp_i;
    rlc_rsp.gnt = mem_rsp_i.gnt && rlc_q;
  end
  rlc_drain #(.DataWidth(DataWidth)) u_rlc (
    .clk_i, .rst_ni, .start_i(start_i && rlc_i), .n_i, .mm_i, .e_i, .pitch_i, .lens_i,
    .lstride_n_i, .lstride_m_i,
    .beat_valid_i(rlc_q && el_valid && last_lane), .beat_ready_o(rlc_beat_ready),
    .beat_i(beat_next), .beat_addr_i(el_addr), .idle_o(rlc_idle),
    .mem_req_o(rlc_req), .mem_rsp_i(rlc_rsp));

  always_comb begin
    beat_next = beat_q;
    beat_next[lane_q*DataWidth +: DataWidth] = el_data;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      beat_q <= '0; lane_q <= '0; wr_pend_q <= 1'b0; wr_beat_q <= '0; wr_addr_q <= '0;
      rlc_q <= 1'b0;
    end else if (start_i) begin
      lane_q <= '0; wr_pend_q <= 1'b0; rlc_q <= rlc_i;
    end else begin
      if (wr_pend_q && mem_rsp_i.gnt) wr_pend_q <= 1'b0;
      if (el_valid && el_ready) begin
        beat_q <= beat_next;
        lane_q <= lane_q + 1'b1;
        if (last_lane && !rlc_q) begin
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
  // The stride counters give the loop nest's addresses.
  `RSACC_ASSERT_IMPL(a_elem, gen_q && !zero,
      elem == IdxW'((glb_i << LaneW) + ((32'(b_q) * 32'(f_i) + 32'(fl_q)) * 32'(slots_i) +
                    32'(ti_e_q) + 32'(ei_q)) * 32'(p_i) + 32'(k_q)),
      ("drain_dma: element index %0d is not that of (b=%0d f=%0d e=%0d k=%0d)", elem, b_q, fl_q,
       ti_e_q + ei_q, k_q))
  `RSACC_ASSERT_IMPL(a_addr, gen_q,
      addr == dram_i + 32'(b_q) * stride_b_i + 32'(m_q) * stride_m_i +
              32'(ei_q) * row_bytes + (32'(fl_q) >> LaneW) * 32'd8,
      ("drain_dma: DRAM address %0h is not that of (b=%0d m=%0d e=%0d f=%0d)", addr, b_q, m_q,
       ei_q, fl_q))
  // No transfer while idle: the buffer is read only for an element the drain still gathers.
  `RSACC_ASSERT_IMPL(a_no_read_idle, rd_req_o.valid, gen_q,
      ("drain_dma: buffer read while no element is due"))
  `RSACC_ASSERT_STABLE(a_req_stable, plain_req.valid, mem_rsp_i.gnt,
      {plain_req.addr, plain_req.wdata},
      ("drain_dma: DRAM write dropped or changed while waiting for the port"))
  `RSACC_ASSERT_IMPL(a_req_aligned, mem_req_o.valid, mem_req_o.addr[2:0] == 3'b0,
      ("drain_dma: DRAM write address %0h is not 8-byte aligned", mem_req_o.addr))
  // Rows are padded to whole words, so a drain ends on a beat boundary.
  `RSACC_ASSERT_IMPL(a_whole_beats, !gen_q && idle, lane_q == '0,
      ("drain_dma: drain ended inside a beat"))
`endif
endmodule
