// SPDX-License-Identifier: Apache-2.0
// Run-length decoder (docs/commands.md, "Run-length compression"; C++: compiler/rlc.hpp): a
// block of compressed 64-bit words in, the block's values out as buffer words of 64/DataWidth
// values each (value i of a word in bits DataWidth*i up). A block is started with its length in
// output words; its stream must end, with bit RlcTermBit set, in the word that holds its last
// value. One (run, value) pair per cycle: a word of three 16-bit pairs takes three cycles or
// more, faster than the 2.4 B/cycle DRAM link delivers one (3.3 cycles). A malformed stream (a
// word ends the block early or late, a pair runs past it, bits beyond the pairs) ends the block
// with error_o set until the next start.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module rlc_decoder #(
  parameter int DataWidth = 16,   // 8 or 16
  parameter int WordsW    = 16,   // output words per block: 1 .. 2^WordsW - 1
  localparam int RunW     = (DataWidth == 8) ? acc_pkg::RlcRunBitsD8 : acc_pkg::RlcRunBitsD16,
  localparam int Pairs    = (DataWidth == 8) ? acc_pkg::RlcPairsD8 : acc_pkg::RlcPairsD16,
  localparam int PairW    = RunW + DataWidth,
  localparam int Lanes    = 64 / DataWidth,
  localparam int LaneW    = $clog2(Lanes + 1),
  localparam int PairIdxW = $clog2(Pairs)
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              clear_i,      // abandon the block (a fill stopped on an error)
  input  logic              start_i,      // while !busy_o: decode a block of words_i words
  input  logic [WordsW-1:0] words_i,
  output logic              busy_o,       // until the block's last word has been taken
  output logic              error_o,      // the last block's stream was malformed
  input  logic              in_valid_i,   // compressed words
  output logic              in_ready_o,
  input  logic [63:0]       in_data_i,
  output logic              out_valid_o,  // buffer words
  input  logic              out_ready_i,
  output logic [63:0]       out_data_o
);
  localparam int Term = acc_pkg::RlcTermBit;

  logic              active_q;          // decoding a block (its last word not yet produced)
  logic [WordsW-1:0] words_left_q;      // output words still to produce
  logic [63:0]       word_q;            // the compressed word being decoded
  logic              have_word_q;
  logic [PairIdxW-1:0] pair_q;          // its current pair
  logic              started_q;         // the current pair's run is partly placed
  logic [RunW-1:0]   run_left_q;        // zeros of the current pair not yet placed, if started
  logic [63:0]       acc_q;             // output word being assembled
  logic [LaneW-1:0]  lane_q;            // its next free lane
  logic              out_valid_q;
  logic [63:0]       out_q;
  logic              error_q;

  // ---- the current pair -----------------------------------------------------------------------
  logic [PairW-1:0]     cur_pair;
  logic [RunW-1:0]      pair_run, run;
  logic [DataWidth-1:0] pair_value;
  logic [63:0]          beyond_pair;     // bits of the word after the current pair (term cleared)
  logic [63:0]          beyond_pairs;    // bits of the word after its last pair slot
  always_comb begin
    cur_pair     = PairW'(word_q >> (32'(pair_q) * PairW));
    pair_run     = cur_pair[RunW-1:0];
    pair_value   = cur_pair[PairW-1:RunW];
    beyond_pair  = {1'b0, word_q[62:0]} >> ((32'(pair_q) + 1) * PairW);
    beyond_pairs = {1'b0, word_q[62:0]} >> (Pairs * PairW);
    run          = started_q ? run_left_q : pair_run;
  end

  // ---- one step: zeros into free lanes, then the value if its run is placed --------------------
  logic             step, place_val, word_out, last_out, pair_last_slot, word_done, malformed;
  logic [LaneW-1:0] free, zeros, lane_z, lane_next;
  logic [RunW-1:0]  run_rest;
  logic [63:0]      acc_next;
  always_comb begin
    step      = active_q && have_word_q && (!out_valid_q || out_ready_i);
    free      = LaneW'(Lanes) - lane_q;
    // min(run, free): run < free needs the run widened to the lane count's width or more
    place_val = 32'(run) < 32'(free);
    zeros     = place_val ? LaneW'(run) : free;
    lane_z    = lane_q + zeros;
    run_rest  = run - RunW'(zeros);
    lane_next = lane_z + LaneW'(place_val);
    acc_next  = acc_q;
    if (place_val) acc_next = acc_q | (64'(pair_value) << (32'(lane_z) * DataWidth));
    word_out       = step && lane_next == LaneW'(Lanes);
    last_out       = word_out && words_left_q == WordsW'(1);
    pair_last_slot = pair_q == PairIdxW'(Pairs - 1);
    // The compressed word is used up: its last pair placed, or the block's last value.
    word_done = step && place_val && (pair_last_slot || last_out);
    // Malformed: the block's last value not in a last word without more pairs, a pair running
    // past the block, a word with its pairs used up before the block's end that ends it.
    malformed = step && ((last_out && (!place_val || !word_q[Term] || beyond_pair != '0)) ||
                         (word_done && !last_out && (word_q[Term] || beyond_pairs != '0)));
  end

  assign in_ready_o  = active_q && !(have_word_q && !(word_done && !last_out && !malformed));
  assign out_valid_o = out_valid_q;
  assign out_data_o  = out_q;
  assign busy_o      = active_q || out_valid_q;
  assign error_o     = error_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      active_q     <= 1'b0;
      words_left_q <= '0;
      word_q       <= '0;
      have_word_q  <= 1'b0;
      pair_q       <= '0;
      started_q    <= 1'b0;
      run_left_q   <= '0;
      acc_q        <= '0;
      lane_q       <= '0;
      out_valid_q  <= 1'b0;
      out_q        <= '0;
      error_q      <= 1'b0;
    end else begin
      if (out_valid_q && out_ready_i) out_valid_q <= 1'b0;
      if (clear_i) begin
        active_q    <= 1'b0;
        have_word_q <= 1'b0;
        out_valid_q <= 1'b0;
        error_q     <= 1'b0;
      end else if (start_i && !busy_o) begin
        active_q     <= 1'b1;
        words_left_q <= words_i;
        have_word_q  <= 1'b0;
        acc_q        <= '0;
        lane_q       <= '0;
        error_q      <= 1'b0;
      end else if (malformed) begin
        active_q    <= 1'b0;
        have_word_q <= 1'b0;
        error_q     <= 1'b1;
      end else begin
        if (step) begin
          started_q  <= !place_val;
          run_left_q <= run_rest;
          if (word_out) begin
            out_valid_q  <= 1'b1;
            out_q        <= acc_next;
            acc_q        <= '0;
            lane_q       <= '0;
            words_left_q <= words_left_q - 1'b1;
            if (last_out) active_q <= 1'b0;
          end else begin
            acc_q  <= acc_next;
            lane_q <= lane_next;
          end
          if (place_val) pair_q <= pair_last_slot ? '0 : pair_q + 1'b1;
          if (word_done) have_word_q <= 1'b0;
        end
        if (in_valid_i && in_ready_o) begin
          word_q      <= in_data_i;
          have_word_q <= 1'b1;
          pair_q      <= '0;
          started_q   <= 1'b0;
        end
      end
    end
  end

`ifndef SYNTHESIS
  initial begin
    if (DataWidth != 8 && DataWidth != 16)
      $fatal(1, "rlc_decoder: DataWidth=%0d must be 8 or 16", DataWidth);
  end
  `RSACC_ASSERT_IMPL(a_start_len, start_i && !busy_o, words_i != '0,
                     ("rlc_decoder: a block of zero words"))
  `RSACC_ASSERT_STABLE(a_out_stable, out_valid_o, out_ready_i, out_data_o,
                       ("rlc_decoder: output word changed while stalled"))
`endif
endmodule
