// SPDX-License-Identifier: Apache-2.0
// The write side of a run-length compressed drain (OpDrain with rlc; docs/commands.md,
// "Run-length compression"). drain_dma.sv gathers the ofmap into beats, row by row (a row is
// `pitch` beats, the first at the row's slot address); here each row is stored in its slot
// compressed, or raw when compression would not give fewer words than the slot (as
// compiler::rlc::store_row decides), and its 16-bit length entry goes to the length table:
//   row (b, m, ei) of the drain -> entry at lens + b*lstride_n + m*lstride_m + 2*ei.
// A row's beats enter the encoder (rlc_encoder.sv, one value per cycle: the gather's rate) and a
// FIFO of raw beats at once; its compressed words queue in a second FIFO (no more than pitch - 1:
// a row that needs more is stored raw). Once the encoder ends the row, a decision (raw or not, the
// words queued, the slot) goes to the writer, which writes the chosen words to the slot, drops
// the others, and merges the entry into a table word it writes (with byte strobes) when the next
// entry falls in another word or the drain ends. Rows longer than MaxRowWords are all stored raw.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module rlc_drain #(
  parameter int DataWidth   = 16,
  // Longer rows are stored raw (16 words: 64 values at D = 16, AlexNet's widest ofmap row is 55).
  parameter int MaxRowWords = acc_pkg::RlcMaxRowWords
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        start_i,
  input  logic [15:0] n_i, mm_i, e_i, // images, filters, rows of the drain
  input  logic [15:0] pitch_i,        // words per row slot
  input  logic [31:0] lens_i,
  input  logic [31:0] lstride_n_i,
  input  logic [31:0] lstride_m_i,
  // Beats in row order, each with its DRAM address (the slot's for a row's first beat).
  input  logic        beat_valid_i,
  output logic        beat_ready_o,
  input  logic [63:0] beat_i,
  input  logic [31:0] beat_addr_i,
  output logic        idle_o,         // every row and entry written
  output bus_pkg::mem_req_t mem_req_o,
  input  bus_pkg::mem_rsp_t mem_rsp_i
);

  logic raw_all_q;     // pitch > MaxRowWords: every row raw, no encoding
  logic [47:0] rows_left_q;   // rows whose decision is still to come

  // ---- input side: a row's beats into the encoder and the raw FIFO ---------------------------
  logic [15:0] in_beat_q;     // beat of the row being taken
  logic [31:0] in_slot_q;     // its slot (the first beat's address)
  logic        enc_busy, enc_in_ready, enc_out_valid, enc_start, in_take, row_first;
  logic [63:0] enc_out;
  logic        raw_in_ready, raw_out_valid, raw_pop, comp_in_ready, comp_out_valid, comp_pop;
  logic [63:0] raw_out, comp_out;
  logic        enc_started_q; // the encoder holds the current row (started, not yet ended)
  assign row_first    = in_beat_q == 0;
  // A row's first beat waits for the encoder to be free (the previous row ended).
  assign enc_start    = !raw_all_q && beat_valid_i && row_first && !enc_started_q && !enc_busy;
  assign beat_ready_o = raw_in_ready &&
                        (raw_all_q ? !row_first || dec_ready : enc_started_q && enc_in_ready);
  assign in_take      = beat_valid_i && beat_ready_o;

  rlc_encoder #(.DataWidth(DataWidth), .WordsW(16)) u_enc (
    .clk_i, .rst_ni, .start_i(enc_start), .words_i(pitch_i), .busy_o(enc_busy),
    .in_valid_i(beat_valid_i && !raw_all_q && enc_started_q && raw_in_ready),
    .in_ready_o(enc_in_ready), .in_data_i(beat_i),
    .out_valid_o(enc_out_valid), .out_ready_i(enc_out_ready), .out_data_o(enc_out));

  fifo #(.Width(64), .Depth(MaxRowWords)) u_raw (
    .clk_i, .rst_ni, .in_valid_i(in_take), .in_ready_o(raw_in_ready), .in_data_i(beat_i),
    .out_valid_o(raw_out_valid), .out_ready_i(raw_pop), .out_data_o(raw_out));

  // Compressed words: the first pitch - 1 of a row are kept, more mean the row is stored raw.
  logic [15:0] comp_count_q;  // compressed words of the row so far
  logic        comp_keep, enc_out_ready, enc_last;
  assign comp_keep     = 32'(comp_count_q) + 1 < 32'(pitch_i);
  assign enc_out_ready = (!comp_keep || comp_in_ready) &&
                         (!enc_out[acc_pkg::RlcTermBit] || dec_ready);
  assign enc_last      = enc_out_valid && enc_out_ready && enc_out[acc_pkg::RlcTermBit];
  // A kept word enters only as the encoder lets it go (its row's last word waits for room for
  // the decision), so no word is queued twice.
  fifo #(.Width(64), .Depth(MaxRowWords)) u_comp (
    .clk_i, .rst_ni,
    .in_valid_i(enc_out_valid && comp_keep && (!enc_out[acc_pkg::RlcTermBit] || dec_ready)),
    .in_ready_o(comp_in_ready),
    .in_data_i(enc_out),
    .out_valid_o(comp_out_valid), .out_ready_i(comp_pop), .out_data_o(comp_out));

  // ---- decisions: {raw, compressed words kept, slot} ------------------------------------------
  logic        dec_valid, dec_ready, dec_push, dec_raw, new_raw;
  logic [15:0] dec_kept, new_kept;
  logic [31:0] dec_slot, new_slot;
  // A raw-all row is decided at its first beat; otherwise when the encoder ends it.
  assign dec_push = raw_all_q ? in_take && row_first : enc_last;
  assign new_raw  = raw_all_q || !comp_keep;     // the last word would be word pitch or later
  // Words kept: all of the row's when its last is kept, else the first pitch - 1.
  assign new_kept = raw_all_q ? 16'd0 : comp_keep ? comp_count_q + 1'b1 : pitch_i - 1'b1;
  assign new_slot = raw_all_q ? beat_addr_i : in_slot_q;
  fifo #(.Width(1 + 16 + 32), .Depth(4)) u_dec (
    .clk_i, .rst_ni, .in_valid_i(dec_push), .in_ready_o(dec_ready),
    .in_data_i({new_raw, new_kept, new_slot}),
    .out_valid_o(dec_valid), .out_ready_i(wr_take), .out_data_o({dec_raw, dec_kept, dec_slot}));

  // ---- the entry cursor: (m, ei) of the row the writer takes next; images by their stride ----
  logic [15:0] em_q, ee_q;
  logic [31:0] ent_q, entm_q, entb_q;  // entry of (b, m, ei), of (b, m, 0), of (b, 0, 0)
  logic        wr_take;

  // ---- writer -------------------------------------------------------------------------------------
  logic        w_busy_q, w_raw_q, w_entry_q;   // writing a row's words; its entry is due
  logic [15:0] w_left_q, w_drop_q, w_len_q;    // words to write, to drop from the other FIFO
  logic [31:0] w_addr_q, w_ent_q;
  logic        req_valid_q;
  logic [31:0] req_addr_q;
  logic [63:0] req_data_q;
  logic [7:0]  req_strb_q;
  logic        tbl_valid_q;                    // a table word being assembled
  logic [31:0] tbl_addr_q;
  logic [63:0] tbl_data_q;
  logic [7:0]  tbl_strb_q;
  logic        req_free, w_src_valid, w_issue, tbl_flush, tbl_merge, w_drop_pop, end_flush;
  logic [15:0] entry_value;
  logic [63:0] w_src;
  assign req_free    = !req_valid_q || mem_rsp_i.gnt;
  assign wr_take     = dec_valid && !w_busy_q && !w_entry_q;
  assign w_src_valid = w_raw_q ? raw_out_valid : comp_out_valid;
  assign w_src       = w_raw_q ? raw_out : comp_out;
  assign w_issue     = w_busy_q && w_left_q != 0 && w_src_valid && req_free;
  assign w_drop_pop  = w_busy_q && w_drop_q != 0 && (w_raw_q ? comp_out_valid : raw_out_valid);
  assign raw_pop     = (w_issue && w_raw_q) || (w_drop_pop && !w_raw_q);
  assign comp_pop    = (w_issue && !w_raw_q) || (w_drop_pop && w_raw_q);
  // The entry, once the row's words are issued and the other FIFO's dropped: flush the table word
  // first if it is another word.
  assign entry_value = w_raw_q ? (16'(1) << acc_pkg::RlcRawBit) | pitch_i : w_len_q;
  assign tbl_flush   = w_entry_q && tbl_valid_q && tbl_addr_q != (w_ent_q & ~32'd7) && req_free;
  assign tbl_merge   = w_entry_q && (!tbl_valid_q || tbl_addr_q == (w_ent_q & ~32'd7));
  logic rows_done;
  assign rows_done   = rows_left_q == 0 && !dec_valid && !w_busy_q && !w_entry_q;
  assign end_flush   = rows_done && tbl_valid_q && req_free;

  assign mem_req_o.valid  = req_valid_q;
  assign mem_req_o.write  = 1'b1;
  assign mem_req_o.addr   = req_addr_q;
  assign mem_req_o.wdata  = req_data_q;
  assign mem_req_o.wstrb  = req_strb_q;
  assign mem_req_o.rready = 1'b0;
  assign idle_o = rows_done && !tbl_valid_q && !req_valid_q && !raw_out_valid && !comp_out_valid;
  logic unused_rsp;
  assign unused_rsp = ^{mem_rsp_i.rvalid, mem_rsp_i.rdata};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      raw_all_q <= 1'b0; rows_left_q <= '0; in_beat_q <= '0; in_slot_q <= '0;
      enc_started_q <= 1'b0; comp_count_q <= '0;
      em_q <= '0; ee_q <= '0; ent_q <= '0; entm_q <= '0; entb_q <= '0;
      w_busy_q <= 1'b0; w_raw_q <= 1'b0; w_entry_q <= 1'b0; w_left_q <= '0; w_drop_q <= '0;
      w_len_q <= '0; w_addr_q <= '0; w_ent_q <= '0;
      req_valid_q <= 1'b0; req_addr_q <= '0; req_data_q <= '0; req_strb_q <= '0;
      tbl_valid_q <= 1'b0; tbl_addr_q <= '0; tbl_data_q <= '0; tbl_strb_q <= '0;
    end else if (start_i) begin
      raw_all_q <= 32'(pitch_i) > MaxRowWords;
      rows_left_q <= 48'(n_i) * 48'(mm_i) * 48'(e_i);
      in_beat_q <= '0; enc_started_q <= 1'b0; comp_count_q <= '0;
      em_q <= '0; ee_q <= '0; ent_q <= lens_i; entm_q <= lens_i; entb_q <= lens_i;
    end else begin
      // Input side.
      if (enc_start) begin
        enc_started_q <= 1'b1; in_slot_q <= beat_addr_i; comp_count_q <= '0;
      end
      if (in_take) in_beat_q <= in_beat_q == pitch_i - 1'b1 ? '0 : in_beat_q + 1'b1;
      if (enc_out_valid && enc_out_ready) begin
        comp_count_q <= comp_count_q + 1'b1;
        if (enc_out[acc_pkg::RlcTermBit]) enc_started_q <= 1'b0;
      end
      if (dec_push) rows_left_q <= rows_left_q - 1'b1;

      // Writer: take a decision, write its words, drop the others, then the entry.
      if (mem_rsp_i.gnt) req_valid_q <= 1'b0;
      if (wr_take) begin
        w_busy_q <= 1'b1; w_raw_q <= dec_raw; w_addr_q <= dec_slot; w_ent_q <= ent_q;
        w_left_q <= dec_raw ? pitch_i : dec_kept; w_len_q <= dec_kept;
        w_drop_q <= dec_raw ? dec_kept : (raw_all_q ? 16'd0 : pitch_i);
        // Next row's entry: ei, then m, then b.
        if (ee_q != e_i - 1'b1) begin
          ee_q <= ee_q + 1'b1; ent_q <= ent_q + 32'd2;
        end else if (em_q != mm_i - 1'b1) begin
          ee_q <= '0; em_q <= em_q + 1'b1;
          ent_q <= entm_q + lstride_m_i; entm_q <= entm_q + lstride_m_i;
        end else begin
          ee_q <= '0; em_q <= '0;
          ent_q <= entb_q + lstride_n_i; entm_q <= entb_q + lstride_n_i;
          entb_q <= entb_q + lstride_n_i;
        end
      end
      if (w_issue) begin
        req_valid_q <= 1'b1; req_addr_q <= w_addr_q; req_data_q <= w_src; req_strb_q <= '1;
        w_addr_q <= w_addr_q + 32'd8; w_left_q <= w_left_q - 1'b1;
      end
      if (w_drop_pop) w_drop_q <= w_drop_q - 1'b1;
      if (w_busy_q && w_left_q == 0 && w_drop_q == 0) begin
        w_busy_q <= 1'b0; w_entry_q <= 1'b1;
      end
      if (tbl_flush || end_flush) begin
        req_valid_q <= 1'b1; req_addr_q <= tbl_addr_q; req_data_q <= tbl_data_q;
        req_strb_q <= tbl_strb_q; tbl_valid_q <= 1'b0;
      end
      if (tbl_merge) begin
        tbl_valid_q <= 1'b1; tbl_addr_q <= w_ent_q & ~32'd7;
        tbl_data_q <= (tbl_valid_q ? tbl_data_q : 64'd0) |
                      (64'(entry_value) << {w_ent_q[2:1], 4'b0});
        tbl_strb_q <= (tbl_valid_q ? tbl_strb_q : 8'd0) | (8'b11 << {w_ent_q[2:1], 1'b0});
        w_entry_q <= 1'b0;
      end
    end
  end

`ifndef SYNTHESIS
  `RSACC_ASSERT_IMPL(a_lens_aligned, start_i, lens_i[0] == 1'b0 && lstride_n_i[0] == 1'b0 &&
      lstride_m_i[0] == 1'b0,
      ("rlc_drain: length table address %0h or strides %0h, %0h not 2-byte aligned", lens_i,
       lstride_n_i, lstride_m_i))
  `RSACC_ASSERT_IMPL(a_pitch, start_i, pitch_i != 0 && pitch_i[15] == 1'b0,
      ("rlc_drain: a row pitch of %0d (1 to 2^15 - 1 words)", pitch_i))
  `RSACC_ASSERT_IMPL(a_dec_room, dec_push, dec_ready, ("rlc_drain: decision FIFO full"))
  `RSACC_ASSERT_IMPL(a_rows, dec_push, rows_left_q != 0, ("rlc_drain: a row beyond the drain"))
  // Once every row is written, no word is left queued (a leftover would shift the next drain's).
  `RSACC_ASSERT_IMPL(a_drained, rows_done && !tbl_valid_q, !raw_out_valid && !comp_out_valid,
      ("rlc_drain: words left in the row FIFOs after the drain's last row"))
  `RSACC_ASSERT_IMPL(a_slot, enc_start || (raw_all_q && in_take && row_first),
      beat_addr_i[2:0] == 3'b0, ("rlc_drain: slot address %0h not 8-byte aligned", beat_addr_i))
  `RSACC_ASSERT_STABLE(a_req_stable, mem_req_o.valid, mem_rsp_i.gnt,
      {mem_req_o.addr, mem_req_o.wdata, mem_req_o.wstrb},
      ("rlc_drain: DRAM write dropped or changed while waiting for the port"))
  // One source of the request register per cycle.
  `RSACC_ASSERT(a_one_req, !(w_issue && (tbl_flush || end_flush)),
      ("rlc_drain: a row word and a table word issued in one cycle"))
`endif
endmodule
