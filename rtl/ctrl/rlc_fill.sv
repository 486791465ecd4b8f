// SPDX-License-Identifier: Apache-2.0
// DRAM -> buffer copy of run-length compressed rows (OpFill with rlc; docs/commands.md, "Run-length
// compression"). Block (i2, i1) of the fill has `rows` rows; row k sits compressed at the start of
// its slot, dram + i2*stride2 + i1*stride1 + k*row_words*8, and its length in 64-bit words is the
// 16-bit entry at lens + i2*lstride2 + i1*lstride1 + 2k of the length table. Each row decodes to
// row_words buffer words, written to consecutive words from glb as an uncompressed fill would.
// An entry with bit RlcRawBit set marks a raw row: its row_words words are stored uncompressed
// (what the compiler writes when compression would not shrink the row) and bypass the decoder.
//
// A row's reads cannot be issued before its length is known (reading to the end bit would fetch
// up to the port's 64 reads in flight past it), so three cursors run at their own pace on the one
// in-order read port:
//   table  issues, per block, the table words that hold its entries, as far ahead as the length
//          FIFO has room for every entry they can carry;
//   unpack takes the table words from the response stream and pushes one entry per cycle;
//   data   pops a length per row and issues the row's words.
// A FIFO of tags, one per read in flight, tells table words from data words in the responses and
// marks each row's last word, whose end bit the decoder must see there. Data words go through
// rlc_decoder.sv (one pair per cycle, faster than the link) to the buffer write port.
//
// Malformed data (a length of 0 or beyond the row's worst case, a raw entry whose length is not
// row_words, an end bit where the table does
// not end the row or none where it does, a stream the decoder rejects) stops the fill: no further
// reads are issued, the ones in flight are taken and dropped, and error_o is held with done_o.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module rlc_fill #(
  parameter int DataWidth = 16,
  parameter int AddrW     = 14,
  parameter int MaxReads  = 64,   // reads in flight at most (mem_port.sv's limit)
  parameter int LenDepth  = 32,   // row lengths read ahead (a table word carries up to four)
  localparam int Lanes    = 64 / DataWidth,
  localparam int Pairs    = (DataWidth == 8) ? acc_pkg::RlcPairsD8 : acc_pkg::RlcPairsD16
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             start_i,
  input  logic [31:0]      dram_i,
  input  logic [31:0]      glb_i,
  input  logic [31:0]      count1_i,
  input  logic [31:0]      stride1_i,
  input  logic [31:0]      count2_i,
  input  logic [31:0]      stride2_i,
  input  logic [31:0]      lens_i,
  input  logic [31:0]      lstride1_i,
  input  logic [31:0]      lstride2_i,
  input  logic [15:0]      row_words_i,
  input  logic [15:0]      rows_i,
  output logic             done_o,
  output logic             error_o,     // with done_o: the data were malformed
  output bus_pkg::mem_req_t    mem_req_o,
  input  bus_pkg::mem_rsp_t    mem_rsp_i,
  output bus_pkg::glb_wr_req_t wr_req_o,
  input  logic                 wr_gnt_i
);
  localparam int LeftW = AddrW + 1;             // rows of the fill, at most the buffer's words
  localparam int LenCntW = $clog2(LenDepth + 1);
  localparam int TagCntW = $clog2(MaxReads + 1);

  logic empty;   // nothing to do
  assign empty = count1_i == 0 || count2_i == 0 || rows_i == 0 || row_words_i == 0;

  logic run_q, err_q;
  logic [LeftW-1:0] rows_left_q;        // rows still to start (compressed) or pass (raw)
  logic [AddrW-1:0] glb_q;

  // ---- the request register: one read offered to the port, held until granted ----------------
  logic        req_valid_q, req_table_q, req_last_q, req_raw_q, load;
  logic [31:0] req_addr_q;
  assign load = !req_valid_q || mem_rsp_i.gnt;

  // ---- table cursor: the words holding each block's entries -----------------------------------
  logic        t_on_q;                  // table words still to issue
  logic        t_fresh_q;               // at a block's first word (t_word_q not yet set)
  logic [31:0] t_block, t_word_q, t_word, t_last_word;
  logic        t_block_last, t_step;
  logic [LenCntW-1:0] len_count_q;      // entries in the length FIFO
  logic [LenCntW:0]   t_credit_q;       // table words issued and not yet unpacked
  logic        t_room, t_issue;
  block_cursor u_tcur (
    .clk_i, .rst_ni, .start_i, .base_i(lens_i), .count1_i, .stride1_i(lstride1_i),
    .count2_i, .stride2_i(lstride2_i), .step_i(t_step), .active_i(run_q), .addr_o(t_block), .last_o(t_block_last));
  // The last word of a block: the one with its last entry, at byte t_block + 2*rows - 2.
  assign t_word      = t_fresh_q ? t_block & ~32'd7 : t_word_q;
  assign t_last_word = (t_block + {15'b0, rows_i, 1'b0} - 32'd2) & ~32'd7;
  assign t_room  = 32'(len_count_q) + 32'd4 * (32'(t_credit_q) + 32'd1) <= 32'(LenDepth);
  assign t_issue = run_q && !err_q && t_on_q && t_room && load;
  assign t_step  = t_issue && t_word == t_last_word && !t_block_last;

  // ---- data cursor: a row's words once its length is known -------------------------------------
  logic        d_on_q, d_have_q;        // rows still to issue; a row is being issued
  logic        d_fresh_q;               // at a block's first row (d_row_q not yet set)
  logic [31:0] d_block, d_row_q, d_row, d_addr_q;
  logic [15:0] d_left_q, d_k_q;         // words of the row still to issue; row in the block
  logic        d_block_last, d_step, d_issue, d_pop, d_row_end, len_bad, len_raw, d_raw_q;
  logic        len_valid;
  logic [15:0] len_data;
  block_cursor u_dcur (
    .clk_i, .rst_ni, .start_i, .base_i(dram_i), .count1_i, .stride1_i, .count2_i, .stride2_i,
    .step_i(d_step), .active_i(run_q), .addr_o(d_block), .last_o(d_block_last));
  assign d_row     = d_fresh_q ? d_block : d_row_q;
  assign d_issue   = run_q && !err_q && d_have_q && !t_issue && load;
  assign d_row_end = d_issue && d_left_q == 16'd1;
  // A length fits when 1 <= len <= ceil(row values / pairs), the worst case of the canonical code.
  // A raw entry (bit RlcRawBit) must give the row's own length.
  assign len_raw   = len_data[acc_pkg::RlcRawBit];
  assign len_bad   = len_raw ? len_data[14:0] != row_words_i[14:0] || row_words_i[15] :
                     len_data == 0 ||
                     (32'(len_data) - 32'd1) * Pairs >= 32'(row_words_i) * Lanes;
  assign d_pop     = run_q && !err_q && d_on_q && !d_have_q && len_valid;
  assign d_step    = d_row_end && d_k_q == rows_i - 1 && !d_block_last;

  // ---- tags of the reads in flight: {table word, last word of its row} ------------------------
  logic       tag_valid, tag_table, tag_last, tag_raw, tag_pop, tag_ready;
  logic [2:0] tag_data;
  logic [TagCntW-1:0] inflight_q;
  fifo #(.Width(3), .Depth(MaxReads)) u_tags (
    .clk_i, .rst_ni,
    .in_valid_i(req_valid_q && mem_rsp_i.gnt), .in_ready_o(tag_ready),
    .in_data_i({req_table_q, req_last_q, req_raw_q}),
    .out_valid_o(tag_valid), .out_ready_i(tag_pop), .out_data_o(tag_data));
  assign {tag_table, tag_last, tag_raw} = tag_data;

  // ---- unpack cursor: one entry per cycle from the table word at the head of the responses ----
  logic        u_block_last, u_step, u_push, u_word_done, u_last_lane;
  logic [31:0] u_block;
  logic [1:0]  u_lane;                  // lane of the entry in its table word
  logic        len_ready;
  logic [15:0] u_k_q;                   // entry of the block
  logic [15:0] u_value;
  logic        rsp_table, rsp_data, head_raw, raw_take;
  block_cursor u_ucur (
    .clk_i, .rst_ni, .start_i, .base_i(lens_i), .count1_i, .stride1_i(lstride1_i),
    .count2_i, .stride2_i(lstride2_i), .step_i(u_step), .active_i(run_q), .addr_o(u_block), .last_o(u_block_last));
  assign rsp_table   = mem_rsp_i.rvalid && tag_valid && tag_table;
  assign rsp_data    = mem_rsp_i.rvalid && tag_valid && !tag_table && !tag_raw;
  assign head_raw    = tag_valid && !tag_table && tag_raw;
  assign u_lane      = u_block[2:1] + u_k_q[1:0];   // entry at u_block + 2k, u_block even
  assign u_value     = mem_rsp_i.rdata[{u_lane, 4'b0} +: 16];
  assign u_push      = rsp_table && !err_q;    // room is reserved by the table credit
  // The word is used up at its last lane or at the block's last entry (the next block's table
  // words were issued for it alone).
  assign u_last_lane = u_lane == 2'd3 || u_k_q == rows_i - 1;
  assign u_word_done = u_push && u_last_lane;
  assign u_step      = u_push && u_k_q == rows_i - 1 && !u_block_last;

  fifo #(.Width(16), .Depth(LenDepth)) u_lens (
    .clk_i, .rst_ni, .in_valid_i(u_push), .in_ready_o(len_ready), .in_data_i(u_value),
    .out_valid_o(len_valid), .out_ready_i(d_pop || (err_q && len_valid)),
    .out_data_o(len_data));

  // ---- decoder ----------------------------------------------------------------------------------
  logic dec_start, dec_busy, dec_error, dec_in_ready, dec_out_valid, dec_out_ready, term_bad;
  logic out_valid;
  logic [63:0] dec_out, out_data;
  // The decoder starts a row when the word at the head of the responses is a compressed row's
  // first (it is idle, so the row before has ended); a raw row's words bypass it, in order.
  assign dec_start = run_q && !err_q && !dec_busy && tag_valid && !tag_table && !tag_raw;
  assign raw_take  = mem_rsp_i.rvalid && head_raw && !err_q && !dec_busy && dec_out_ready;
  rlc_decoder #(.DataWidth(DataWidth), .WordsW(16)) u_dec (
    .clk_i, .rst_ni, .clear_i(err_q), .start_i(dec_start), .words_i(row_words_i),
    .busy_o(dec_busy), .error_o(dec_error),
    .in_valid_i(rsp_data && !err_q), .in_ready_o(dec_in_ready), .in_data_i(mem_rsp_i.rdata),
    .out_valid_o(dec_out_valid), .out_ready_i(dec_out_ready), .out_data_o(dec_out));
  // Decoded words wait here for the buffer's write port, so the decoder's input handshake (and
  // the port's response ready) does not depend on the buffer's grant.
  fifo #(.Width(64), .Depth(2)) u_out (
    .clk_i, .rst_ni, .in_valid_i((dec_out_valid || raw_take) && !err_q),
    .in_ready_o(dec_out_ready), .in_data_i(dec_out_valid ? dec_out : mem_rsp_i.rdata), .out_valid_o(out_valid), .out_ready_i(wr_gnt_i || err_q),
    .out_data_o(out_data));
  // The row's end bit must be in the word the table ends it with, and only there.
  assign term_bad = rsp_data && !err_q && dec_in_ready &&
                    mem_rsp_i.rdata[acc_pkg::RlcTermBit] != tag_last;

  // Responses: table words as they are unpacked, data words as the decoder takes them, and after
  // an error every word at once (dropped).
  // (From state only, not from rvalid: the port routes responses by its owner FIFO.)
  logic mem_rsp_rready;
  assign mem_rsp_rready = err_q ? 1'b1 : tag_valid && tag_table ? u_last_lane :
                          head_raw ? !dec_busy && dec_out_ready : dec_in_ready;
  assign tag_pop = mem_rsp_i.rvalid && mem_rsp_rready;

  assign mem_req_o.valid  = req_valid_q;
  assign mem_req_o.write  = 1'b0;
  assign mem_req_o.addr   = req_addr_q;
  assign mem_req_o.wdata  = '0;
  assign mem_req_o.wstrb  = '0;
  assign mem_req_o.rready = mem_rsp_rready;
  assign wr_req_o.valid   = out_valid && !err_q;
  assign wr_req_o.addr    = 32'(glb_q);
  assign wr_req_o.wdata   = out_data;
  assign wr_req_o.wstrb   = '1;
  assign done_o  = !run_q;
  assign error_o = err_q;
  logic unused_bits;
  // Ready outputs the credit and the port's limit make always true (checked below).
  assign unused_bits = ^{glb_i[31:AddrW], u_block[31:3], u_block[0], tag_ready, len_ready};

  // The fill is over when every row is decoded and written and no read is left, or, after an
  // error, when every read in flight has come back.
  logic finished;
  assign finished = !req_valid_q && inflight_q == 0 &&
                    (err_q || (!t_on_q && !d_on_q && !d_have_q && rows_left_q == 0 &&
                               !dec_busy && !out_valid));

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      run_q <= 1'b0; err_q <= 1'b0; rows_left_q <= '0; glb_q <= '0; req_raw_q <= 1'b0;
      d_raw_q <= 1'b0;
      req_valid_q <= 1'b0; req_table_q <= 1'b0; req_last_q <= 1'b0; req_addr_q <= '0;
      t_on_q <= 1'b0; t_fresh_q <= 1'b0; t_word_q <= '0; t_credit_q <= '0; len_count_q <= '0;
      d_on_q <= 1'b0; d_fresh_q <= 1'b0; d_have_q <= 1'b0; d_row_q <= '0; d_addr_q <= '0; d_left_q <= '0;
      d_k_q <= '0; u_k_q <= '0; inflight_q <= '0;
    end else if (start_i) begin
      run_q <= !empty; err_q <= 1'b0;
      rows_left_q <= LeftW'(rows_i) * LeftW'(count1_i) * LeftW'(count2_i);
      glb_q <= AddrW'(glb_i);
      t_on_q <= !empty; t_fresh_q <= 1'b1; t_credit_q <= '0; len_count_q <= '0;
      d_on_q <= !empty; d_fresh_q <= 1'b1; d_have_q <= 1'b0; d_k_q <= '0; u_k_q <= '0;
    end else begin
      if (run_q && finished) run_q <= 1'b0;
      if (len_bad && d_pop || term_bad || dec_error) err_q <= 1'b1;

      // Request register.
      if (mem_rsp_i.gnt) req_valid_q <= 1'b0;
      if (t_issue) begin
        req_valid_q <= 1'b1; req_table_q <= 1'b1; req_last_q <= 1'b0; req_raw_q <= 1'b0;
        req_addr_q <= t_word;
      end else if (d_issue) begin
        req_valid_q <= 1'b1; req_table_q <= 1'b0; req_last_q <= d_left_q == 16'd1;
        req_raw_q <= d_raw_q;
        req_addr_q <= d_addr_q;
      end
      inflight_q <= inflight_q + TagCntW'(req_valid_q && mem_rsp_i.gnt) - TagCntW'(tag_pop);

      // Table cursor and its credit (freed as a word is unpacked).
      if (t_issue) begin
        if (t_word != t_last_word) begin
          t_word_q <= t_word + 32'd8; t_fresh_q <= 1'b0;
        end else if (t_block_last) t_on_q <= 1'b0;
        else t_fresh_q <= 1'b1;   // the cursor steps to the next block
      end
      t_credit_q <= t_credit_q + (LenCntW+1)'(t_issue) - (LenCntW+1)'(u_word_done);
      len_count_q <= len_count_q + LenCntW'(u_push) - LenCntW'(d_pop || (err_q && len_valid));

      // Unpack cursor.
      if (u_push) u_k_q <= u_k_q == rows_i - 1 ? '0 : u_k_q + 1'b1;

      // Data cursor.
      if (d_pop) begin
        d_have_q <= 1'b1; d_raw_q <= len_raw; d_addr_q <= d_row;
        d_left_q <= len_raw ? row_words_i : len_data;
      end
      if (d_issue) begin
        d_left_q <= d_left_q - 1'b1; d_addr_q <= d_addr_q + 32'd8;
        if (d_left_q == 16'd1) begin
          d_have_q <= 1'b0;
          if (d_k_q != rows_i - 1) begin
            d_k_q <= d_k_q + 1'b1; d_fresh_q <= 1'b0;
            d_row_q <= d_row + {13'b0, row_words_i, 3'b0};
          end else begin
            d_k_q <= '0; d_fresh_q <= 1'b1;   // the cursor steps to the next block
            if (d_block_last) d_on_q <= 1'b0;
          end
        end
      end

      // Decoder rows and buffer writes.
      if (dec_start || (raw_take && tag_last)) rows_left_q <= rows_left_q - 1'b1;
      if (wr_req_o.valid && wr_gnt_i) glb_q <= glb_q + 1'b1;
    end
  end

`ifndef SYNTHESIS
  `RSACC_ASSERT_IMPL(a_start_idle, start_i, done_o, ("rlc_fill: started while a fill runs"))
  `RSACC_ASSERT_IMPL(a_glb_extent, start_i && !empty,
      96'(glb_i) + 96'(rows_i) * 96'(row_words_i) * 96'(count1_i) * 96'(count2_i) <= 96'(1 << AddrW),
      ("rlc_fill: %0d x %0d rows of %0d words at buffer word %0d end beyond the buffer", count2_i,
       count1_i * rows_i, row_words_i, glb_i))
  `RSACC_ASSERT_IMPL(a_lens_aligned, start_i && !empty, lens_i[0] == 1'b0 &&
      lstride1_i[0] == 1'b0 && lstride2_i[0] == 1'b0,
      ("rlc_fill: length table address %0h or strides %0h, %0h not 2-byte aligned", lens_i,
       lstride1_i, lstride2_i))
  `RSACC_ASSERT_IMPL(a_dram_aligned, start_i && !empty, dram_i[2:0] == 3'b0 &&
      stride1_i[2:0] == 3'b0 && stride2_i[2:0] == 3'b0,
      ("rlc_fill: row address %0h or strides %0h, %0h not 8-byte aligned", dram_i, stride1_i,
       stride2_i))
  `RSACC_ASSERT_STABLE(a_req_stable, mem_req_o.valid, mem_rsp_i.gnt, mem_req_o.addr,
      ("rlc_fill: read request dropped or changed while waiting for the port"))
  `RSACC_ASSERT_IMPL(a_resp_expected, mem_rsp_i.rvalid, tag_valid,
      ("rlc_fill: read response while no read is in flight"))
  `RSACC_ASSERT(a_len_room, !u_push || len_ready,
      ("rlc_fill: a length entry arrived with the length FIFO full (credit broken)"))
  `RSACC_ASSERT(a_inflight,
      inflight_q <= TagCntW'(MaxReads) && (!(req_valid_q && mem_rsp_i.gnt) || tag_ready),
      ("rlc_fill: %0d reads in flight, more than %0d", inflight_q, MaxReads))
  `RSACC_ASSERT_IMPL(a_rows_left, dec_start || (raw_take && tag_last), rows_left_q != 0,
      ("rlc_fill: a row beyond the fill's rows"))
  `RSACC_ASSERT_IMPL(a_done_clean, run_q && finished && !err_q,
      !len_valid && !tag_valid && !dec_out_valid && !out_valid,
      ("rlc_fill: finished with lengths, tags or a decoded word left over"))
`endif
endmodule
