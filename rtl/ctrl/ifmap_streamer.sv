// SPDX-License-Identifier: Apache-2.0
// Sends a pass's ifmap activations from the buffer tile to the ifmap network, in the order every
// PE consumes them (rtl/pe/pe.sv): for image b, for padded column, for ifmap row y of the pass,
// for channel group ri, for channel c of the group. Tag = {row: ri, col: y}: the diagonal
// multicast reaches every PE whose ofmap row e_idx and filter row i satisfy e_idx*Uv + i = y.
// Rows no PE needs (y mod Uv >= R, when the vertical stride exceeds R) are skipped; padding and
// the channels beyond the pass's c are sent as zeros without a buffer read.
// Tile layout (words from ifm_base): [b][channel][tile row][pitch elements].
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module ifmap_streamer #(
  parameter int DataWidth = 16,
  parameter int AddrW     = 14,
  parameter int IdW       = 8,
  parameter int Words     = 1 << AddrW,   // buffer size in words (assertions only)
  localparam int LaneW    = $clog2(64 / DataWidth),
  localparam int IdxW     = AddrW + LaneW
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
  output logic [DataWidth-1:0] noc_data_o
);
  logic        gen_q;
  logic [15:0] b_q, col_q;
  logic [7:0]  y_q, ym_q, ri_q, c_q;     // ym = y mod Uv
  logic [15:0] width, yspan;
  logic        item_ready, idle;

  assign width = (pass_i.f - 16'd1) * 16'(pass_i.uh) + 16'(pass_i.fs);   // padded columns
  assign yspan = (16'(pass_i.e) - 16'd1) * 16'(pass_i.uv) + 16'(pass_i.fr);   // ifmap rows of the pass

  // Element of the current item.
  logic signed [17:0] yy, xx;
  logic [15:0]        ch_q, chb_q;   // ri*q + c and ri*q, counted (no multiplier)
  logic [IdxW-1:0]    bc_q;          // b*c', counted (modulo 2^IdxW, as the index)
  logic               in_tensor;
  logic [IdxW-1:0]    elem;
  assign yy     = $signed({2'b0, pass_i.y_start}) + $signed({10'b0, y_q}) -
                  $signed({10'b0, pass_i.pad_t});
  assign xx     = $signed({2'b0, col_q}) - $signed({10'b0, pass_i.pad_l});
  assign in_tensor = ch_q < pass_i.c && yy >= 0 && yy < $signed({2'b0, pass_i.h}) &&
                  xx >= 0 && xx < $signed({2'b0, pass_i.w});
  assign elem   = IdxW'(pass_i.ifm_base << LaneW) +
                  ((bc_q + IdxW'(ch_q)) * IdxW'(pass_i.tile_rows) +
                   (IdxW'(yy[15:0]) - IdxW'(pass_i.tile_y0))) * IdxW'(pass_i.pitch) +
                  IdxW'(xx[15:0]);

  // Next needed row: y+1 while in_tensor the R rows of the current stride window, else the start
  // of the next window.
  logic [15:0] y_next;
  logic [7:0]  ym_next;
  always_comb begin
    if (9'(ym_q) + 1'b1 < 9'(pass_i.uv) && 9'(ym_q) + 1'b1 < 9'(pass_i.fr)) begin
      y_next = 16'(y_q) + 1'b1;  ym_next = ym_q + 1'b1;
    end else begin
      y_next = 16'(y_q) - 16'(ym_q) + 16'(pass_i.uv);  ym_next = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      gen_q <= 1'b0; b_q <= '0; col_q <= '0; y_q <= '0; ym_q <= '0; ri_q <= '0; c_q <= '0;
      ch_q <= '0; chb_q <= '0; bc_q <= '0;
    end else if (start_i) begin
      gen_q <= 1'b1; b_q <= '0; col_q <= '0; y_q <= '0; ym_q <= '0; ri_q <= '0; c_q <= '0;
      ch_q <= '0; chb_q <= '0; bc_q <= '0;
    end else if (gen_q && item_ready) begin
      if (c_q != pass_i.q - 1'b1) begin
        c_q <= c_q + 1'b1; ch_q <= ch_q + 1'b1;
      end else begin
        c_q <= '0;
        if (ri_q != pass_i.r - 1'b1) begin
          ri_q <= ri_q + 1'b1;
          chb_q <= chb_q + 16'(pass_i.q); ch_q <= chb_q + 16'(pass_i.q);
        end else begin
          ri_q <= '0; chb_q <= '0; ch_q <= '0;
          if (y_next < yspan) begin
            y_q <= y_next[7:0]; ym_q <= ym_next;
          end else begin
            y_q <= '0; ym_q <= '0;
            if (col_q != width - 1'b1) col_q <= col_q + 1'b1;
            else begin
              col_q <= '0;
              if (b_q != pass_i.n - 1'b1) begin
                b_q <= b_q + 1'b1; bc_q <= bc_q + IdxW'(pass_i.c);
              end
              else gen_q <= 1'b0;
            end
          end
        end
      end
    end
  end

  logic [DataWidth-1:0] next_elem;   // single-element items: not used
  logic [63:0]          unused_word;
  glb_reader #(.ElemW(DataWidth), .AddrW(AddrW), .TagW(2 * IdW)) u_reader (
    .clk_i, .rst_ni, .restart_i(start_i),
    .item_valid_i(gen_q), .item_ready_o(item_ready), .item_idx_i(elem),
    .item_zero_i(!in_tensor), .item_tag_i({IdW'(ri_q), IdW'(y_q)}),
    .rd_req_o, .rd_rsp_i,
    .out_valid_o(noc_valid_o), .out_ready_i(noc_ready_i), .out_data_o(noc_data_o),
    .out_next_o(next_elem), .out_word_o(unused_word),
    .out_tag_o(noc_tag_o), .idle_o(idle));

  assign busy_o = gen_q || !idle;

  logic unused_bits;
  assign unused_bits = ^{pass_i, yy, xx, next_elem};

`ifndef SYNTHESIS
  `RSACC_ASSERT_IMPL(a_start_idle, start_i, !busy_o,
      ("ifmap_streamer: started while streaming"))
  // The pass's ifmap rows, (e-1)*stride_v + R, have 8-bit network IDs (255 is 'none').
  `RSACC_ASSERT_IMPL(a_rows_fit, start_i,
      (32'(pass_i.e) - 1) * 32'(pass_i.uv) + 32'(pass_i.fr) <= 255,
      ("ifmap_streamer: %0d ifmap rows exceed the 8-bit IDs",
       (32'(pass_i.e) - 1) * 32'(pass_i.uv) + 32'(pass_i.fr)))
  // The tile, [n'][c'][tile rows][pitch] elements, lies inside the buffer.
  `RSACC_ASSERT_IMPL(a_glb_extent, start_i,
      (64'(pass_i.ifm_base) << LaneW) + 64'(pass_i.n) * 64'(pass_i.c) * 64'(pass_i.tile_rows) *
        64'(pass_i.pitch) <= 64'(Words) << LaneW,
      ("ifmap_streamer: tile at buffer word %0d ends beyond the buffer's %0d words",
       pass_i.ifm_base, Words))
  `RSACC_ASSERT_IMPL(a_counters, gen_q,
      c_q < pass_i.q && ri_q < pass_i.r && 16'(y_q) < yspan && ym_q < pass_i.uv &&
      col_q < width && b_q < pass_i.n,
      ("ifmap_streamer: counters b=%0d col=%0d y=%0d ri=%0d c=%0d beyond the pass", b_q, col_q,
       y_q, ri_q, c_q))
  // An element read from the buffer is inside the tile: its row, and its column within the
  // row pitch (a narrower pitch would read the next row's elements).
  `RSACC_ASSERT_IMPL(a_tile_row, gen_q && in_tensor,
      yy[15:0] >= pass_i.tile_y0 && yy[15:0] - pass_i.tile_y0 < pass_i.tile_rows,
      ("ifmap_streamer: ifmap row %0d outside the buffer tile", yy))
  `RSACC_ASSERT_IMPL(a_tile_col, gen_q && in_tensor, xx[15:0] < pass_i.pitch,
      ("ifmap_streamer: ifmap column %0d beyond the tile's row pitch %0d", xx, pass_i.pitch))
  `RSACC_ASSERT_IMPL(a_image, gen_q, bc_q == IdxW'(32'(b_q) * 32'(pass_i.c)),
      ("ifmap_streamer: image base %0d is not b*c' = %0d*%0d", bc_q, b_q, pass_i.c))
  `RSACC_ASSERT_IMPL(a_channel, gen_q, ch_q == 16'(ri_q * pass_i.q) + 16'(c_q),
      ("ifmap_streamer: channel %0d is not ri*q + c = %0d*%0d + %0d", ch_q, ri_q, pass_i.q, c_q))
  // No transfer while idle.
  `RSACC_ASSERT_IMPL(a_no_read_idle, rd_req_o.valid, gen_q,
      ("ifmap_streamer: buffer read while no element is due"))
  `RSACC_ASSERT_STABLE(a_noc_stable, noc_valid_o, noc_ready_i, {noc_tag_o, noc_data_o},
      ("ifmap_streamer: network transfer dropped or changed while stalled"))
`endif
endmodule
