// SPDX-License-Identifier: Apache-2.0
// Run-length encoder (docs/commands.md, "Run-length compression"; C++: compiler/rlc.hpp): a
// block of buffer words in (64/DataWidth values each, value i in bits DataWidth*i up), the
// block's canonical compressed words out, the last with bit RlcTermBit set. A block is started
// with its length in input words. One value per cycle, the drain path's rate: a zero extends the
// run (a pair (run_max, 0) when the run is full or the block ends with it), a non-zero value
// ends its pair.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module rlc_encoder #(
  parameter int DataWidth = 16,   // 8 or 16
  parameter int WordsW    = 16,   // input words per block: 1 .. 2^WordsW - 1
  localparam int RunW     = (DataWidth == 8) ? acc_pkg::RlcRunBitsD8 : acc_pkg::RlcRunBitsD16,
  localparam int Pairs    = (DataWidth == 8) ? acc_pkg::RlcPairsD8 : acc_pkg::RlcPairsD16,
  localparam int PairW    = RunW + DataWidth,
  localparam int Lanes    = 64 / DataWidth,
  localparam int LaneIdxW = $clog2(Lanes),
  localparam int PairIdxW = $clog2(Pairs)
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              start_i,      // while !busy_o: encode a block of words_i words
  input  logic [WordsW-1:0] words_i,
  output logic              busy_o,       // until the block's last compressed word is taken
  input  logic              in_valid_i,   // buffer words
  output logic              in_ready_o,
  input  logic [63:0]       in_data_i,
  output logic              out_valid_o,  // compressed words
  input  logic              out_ready_i,
  output logic [63:0]       out_data_o
);
  localparam int Term = acc_pkg::RlcTermBit;

  logic                active_q;       // encoding a block (its last value not yet taken)
  logic [WordsW-1:0]   words_left_q;   // input words still to take, the current one included
  logic [63:0]         word_q;         // the input word being encoded
  logic                have_word_q;
  logic [LaneIdxW-1:0] lane_q;         // its next value
  logic [RunW-1:0]     zeros_q;        // zeros since the last pair
  logic [63:0]         acc_q;          // compressed word being assembled
  logic [PairIdxW-1:0] slot_q;         // its next pair slot
  logic                out_valid_q;
  logic [63:0]         out_q;

  logic                 step, last_lane, last_value, is_zero, emit, word_out;
  logic [DataWidth-1:0] value;
  logic [PairW-1:0]     pair;
  logic [63:0]          acc_next;
  always_comb begin
    step       = active_q && have_word_q && (!out_valid_q || out_ready_i);
    value      = DataWidth'(word_q >> (32'(lane_q) * DataWidth));
    is_zero    = value == '0;
    last_lane  = lane_q == LaneIdxW'(Lanes - 1);
    last_value = last_lane && words_left_q == WordsW'(1);
    // A pair: at a non-zero value, at a zero that fills the run, at the block's last value.
    emit       = !is_zero || zeros_q == {RunW{1'b1}} || last_value;
    pair       = {value, zeros_q};
    acc_next   = acc_q | (64'(pair) << (32'(slot_q) * PairW));
    word_out   = step && emit && (slot_q == PairIdxW'(Pairs - 1) || last_value);
  end

  assign in_ready_o  = active_q && (!have_word_q || (step && last_lane && !last_value));
  assign out_valid_o = out_valid_q;
  assign out_data_o  = out_q;
  assign busy_o      = active_q || out_valid_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      active_q     <= 1'b0;
      words_left_q <= '0;
      word_q       <= '0;
      have_word_q  <= 1'b0;
      lane_q       <= '0;
      zeros_q      <= '0;
      acc_q        <= '0;
      slot_q       <= '0;
      out_valid_q  <= 1'b0;
      out_q        <= '0;
    end else begin
      if (out_valid_q && out_ready_i) out_valid_q <= 1'b0;
      if (start_i && !busy_o) begin
        active_q     <= 1'b1;
        words_left_q <= words_i;
        have_word_q  <= 1'b0;
        lane_q       <= '0;
        zeros_q      <= '0;
        acc_q        <= '0;
        slot_q       <= '0;
      end else begin
        if (step) begin
          zeros_q <= emit ? '0 : zeros_q + 1'b1;
          if (word_out) begin
            out_valid_q <= 1'b1;
            out_q       <= last_value ? (acc_next | (64'd1 << Term)) : acc_next;
            acc_q       <= '0;
            slot_q      <= '0;
          end else if (emit) begin
            acc_q  <= acc_next;
            slot_q <= slot_q + 1'b1;
          end
          lane_q <= last_lane ? '0 : lane_q + 1'b1;
          if (last_lane) begin
            have_word_q  <= 1'b0;
            words_left_q <= words_left_q - 1'b1;
          end
          if (last_value) active_q <= 1'b0;
        end
        if (in_valid_i && in_ready_o) begin
          word_q      <= in_data_i;
          have_word_q <= 1'b1;
        end
      end
    end
  end

`ifndef SYNTHESIS
  initial begin
    if (DataWidth != 8 && DataWidth != 16)
      $fatal(1, "rlc_encoder: DataWidth=%0d must be 8 or 16", DataWidth);
  end
  `RSACC_ASSERT_IMPL(a_start_len, start_i && !busy_o, words_i != '0,
                     ("rlc_encoder: a block of zero words"))
  `RSACC_ASSERT_STABLE(a_out_stable, out_valid_o, out_ready_i, out_data_o,
                       ("rlc_encoder: output word changed while stalled"))
`endif
endmodule
