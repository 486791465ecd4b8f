// SPDX-License-Identifier: Apache-2.0
// Per-pass network IDs and psum routing of every PE (docs/architecture.md, "Mapping model:
// slots"), computed by walking the array one PE per cycle with counters (no dividers):
// PE (y, x) sits at height h = y mod (R*r) of band y / (R*r), in slot s = band*Cols + x, which
// works on filter group t_idx = s / e and ofmap row e_idx = s mod e; active iff its band is
// whole and s < e*t.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module pass_ids #(
  parameter int Rows = 12,
  parameter int Cols = 14,
  parameter int IdW  = 8,
  localparam int NumPes = Rows * Cols
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  start_i,
  input  acc_pkg::pass_t        pass_i,
  output logic                  done_o,
  output logic [NumPes-1:0]     active_o,
  output logic [NumPes-1:0]     from_below_o,
  output logic [NumPes-1:0]     slot_top_o,
  output logic [Rows*IdW-1:0]   filt_row_id_o,
  output logic [NumPes*IdW-1:0] filt_col_id_o,
  output logic [Rows*IdW-1:0]   ifm_row_id_o,
  output logic [NumPes*IdW-1:0] ifm_col_id_o,
  output logic [Rows*IdW-1:0]   psum_row_id_o,
  output logic [NumPes*IdW-1:0] psum_col_id_o,
  output logic [15:0]           active_count_o
);
  localparam logic [IdW-1:0] None = '1;

  logic        walk_q;
  logic [$clog2(NumPes)-1:0] pe_q;       // y*Cols + x
  logic [7:0]  y_q, x_q, h_q, i_q, ri_q, band_y_q;
  logic [15:0] s_q, row_s_q;             // slot; slot of x = 0 in this row
  logic [7:0]  ti_q, ei_q, row_ti_q, row_ei_q;
  logic [7:0]  height;
  logic [15:0] slots;
  logic        band_ok, act;

  assign height  = 8'(pass_i.fr * pass_i.r);
  assign slots   = 16'(pass_i.e * pass_i.t);
  assign band_ok = 9'(band_y_q) + 9'(height) <= 9'(Rows);
  assign act     = band_ok && s_q < slots;
  assign done_o  = !walk_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      walk_q <= 1'b0; pe_q <= '0; y_q <= '0; x_q <= '0; h_q <= '0; i_q <= '0; ri_q <= '0;
      band_y_q <= '0; s_q <= '0; row_s_q <= '0; ti_q <= '0; ei_q <= '0;
      row_ti_q <= '0; row_ei_q <= '0;
      active_count_o <= '0;
      active_o <= '0; from_below_o <= '0; slot_top_o <= '0;
      filt_row_id_o <= '1; ifm_row_id_o <= '1; psum_row_id_o <= '1;
      filt_col_id_o <= '1; ifm_col_id_o <= '1; psum_col_id_o <= '1;
    end else if (start_i) begin
      active_count_o <= '0;
      walk_q <= 1'b1; pe_q <= '0; y_q <= '0; x_q <= '0; h_q <= '0; i_q <= '0; ri_q <= '0;
      band_y_q <= '0; s_q <= '0; row_s_q <= '0; ti_q <= '0; ei_q <= '0;
      row_ti_q <= '0; row_ei_q <= '0;
    end else if (walk_q) begin
      // This PE.
      active_o[pe_q]     <= act;
      active_count_o     <= active_count_o + 16'(act);
      from_below_o[pe_q] <= act && h_q != 0;
      slot_top_o[pe_q]   <= act && h_q == height - 1'b1;
      filt_col_id_o[pe_q*IdW +: IdW] <= act ? IdW'(ti_q) : None;
      ifm_col_id_o[pe_q*IdW +: IdW]  <= act ? IdW'(ei_q * pass_i.uv + i_q) : None;
      psum_col_id_o[pe_q*IdW +: IdW] <= act && h_q == 0 ? IdW'(s_q) : None;
      if (x_q == 0) begin
        filt_row_id_o[y_q*IdW +: IdW] <= band_ok ? IdW'(h_q) : None;
        ifm_row_id_o[y_q*IdW +: IdW]  <= band_ok ? IdW'(ri_q) : None;
        psum_row_id_o[y_q*IdW +: IdW] <= band_ok && h_q == 0 ? '0 : None;
      end
      // Next PE.
      pe_q <= pe_q + 1'b1;
      if (x_q != 8'(Cols - 1)) begin
        x_q <= x_q + 1'b1;
        s_q <= s_q + 1'b1;
        if (ei_q != pass_i.e - 1'b1) ei_q <= ei_q + 1'b1;
        else begin
          ei_q <= '0; ti_q <= ti_q + 1'b1;
        end
      end else begin
        x_q <= '0;
        if (y_q == 8'(Rows - 1)) walk_q <= 1'b0;
        y_q <= y_q + 1'b1;
        if (h_q != height - 1'b1) begin
          // Same band: the row starts at the band's first slot again.
          h_q <= h_q + 1'b1;
          s_q <= row_s_q; ti_q <= row_ti_q; ei_q <= row_ei_q;
          if (i_q != pass_i.fr - 1'b1) i_q <= i_q + 1'b1;
          else begin
            i_q <= '0; ri_q <= ri_q + 1'b1;
          end
        end else begin
          // Next band: its first slot follows this row's last one.
          h_q <= '0; i_q <= '0; ri_q <= '0;
          band_y_q <= y_q + 1'b1;
          s_q <= s_q + 1'b1; row_s_q <= s_q + 1'b1;
          if (ei_q != pass_i.e - 1'b1) begin
            ei_q <= ei_q + 1'b1; row_ei_q <= ei_q + 1'b1; row_ti_q <= ti_q;
          end else begin
            ei_q <= '0; row_ei_q <= '0; ti_q <= ti_q + 1'b1; row_ti_q <= ti_q + 1'b1;
          end
        end
      end
    end
  end

  logic unused_bits;
  assign unused_bits = ^pass_i;

`ifndef SYNTHESIS
  `RSACC_ASSERT_IMPL(a_start_idle, start_i, done_o,
      ("pass_ids: started while walking"))
  // The pass register loads with the start, so the pass is checked while the walk runs: its
  // slots fit the array (e*t <= bands * Cols, bands = Rows / (R*r)) and its IDs 8 bits.
  `RSACC_ASSERT_IMPL(a_slots_fit, walk_q,
      32'(pass_i.fr) * 32'(pass_i.r) >= 1 && 32'(pass_i.fr) * 32'(pass_i.r) <= Rows &&
      32'(pass_i.e) * 32'(pass_i.t) <= (Rows / (32'(pass_i.fr) * 32'(pass_i.r))) * Cols,
      ("pass_ids: e*t = %0d slots of height R*r = %0d do not fit the %0d x %0d array",
       32'(pass_i.e) * 32'(pass_i.t), 32'(pass_i.fr) * 32'(pass_i.r), Rows, Cols))
  `RSACC_ASSERT_IMPL(a_ids_fit, walk_q,
      32'(pass_i.e) * 32'(pass_i.t) <= 255 &&
      (32'(pass_i.e) - 1) * 32'(pass_i.uv) + 32'(pass_i.fr) <= 255,
      ("pass_ids: slot or ifmap-row IDs of the pass exceed %0d bits", IdW))
  // The walk's counters: PE (y, x) = pe, its height, filter row, channel group and slot row.
  `RSACC_ASSERT_IMPL(a_counters, walk_q,
      32'(pe_q) == 32'(y_q) * Cols + 32'(x_q) && 32'(y_q) < Rows && 32'(x_q) < Cols &&
      h_q < height && i_q < pass_i.fr && ri_q < pass_i.r && ei_q < pass_i.e,
      ("pass_ids: walk counters pe=%0d y=%0d x=%0d h=%0d i=%0d ri=%0d e=%0d inconsistent",
       pe_q, y_q, x_q, h_q, i_q, ri_q, ei_q))
  `RSACC_ASSERT_IMPL(a_active_group, walk_q && act, ti_q < pass_i.t,
      ("pass_ids: active PE %0d on filter group %0d of %0d", pe_q, ti_q, pass_i.t))
  // At the last PE the active count is R*r*e*t.
  `RSACC_ASSERT_IMPL(a_active_count, walk_q && 32'(pe_q) == NumPes - 1,
      32'(active_count_o) + 32'(act) ==
        32'(pass_i.fr) * 32'(pass_i.r) * 32'(pass_i.e) * 32'(pass_i.t),
      ("pass_ids: %0d active PEs, the pass needs R*r*e*t = %0d",
       32'(active_count_o) + 32'(act),
       32'(pass_i.fr) * 32'(pass_i.r) * 32'(pass_i.e) * 32'(pass_i.t)))
  // No update while idle: the IDs change only during a walk.
  `RSACC_ASSERT_STABLE(a_idle_stable, !walk_q, start_i,
      {active_o, from_below_o, slot_top_o, active_count_o},
      ("pass_ids: PE IDs changed while no walk runs"))
`endif
endmodule
