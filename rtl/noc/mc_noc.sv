// SPDX-License-Identifier: Apache-2.0
// Multicast input network (Eyeriss style): one Y bus feeding one X bus per PE row. A transfer
// tagged (row, col) reaches, in one cycle, every PE whose X bus has row ID `row` and whose own
// column ID is `col`; it is sent only when all of them are ready, so every target receives it
// exactly once. IDs are set per pass; the all-ones ID ("none") matches no tag.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module mc_noc #(
  parameter int Rows  = acc_pkg::DefaultRows,
  parameter int Cols  = acc_pkg::DefaultCols,
  parameter int Width = 16,
  parameter int IdW   = acc_pkg::IdW
) (
  input  logic                               clk_i,   // for assertions only
  input  logic                               rst_ni,  // for assertions only
  // Flattened arrays (Yosys 0.23 has no multi-dimensional packed ports): row y's ID at
  // row_id_i[y*IdW +: IdW]; PE (y, x)'s column ID at col_id_i[(y*Cols + x)*IdW +: IdW];
  // PE (y, x)'s valid/ready at bit y*Cols + x.
  input  logic [Rows*IdW-1:0]                row_id_i,
  input  logic [Rows*Cols*IdW-1:0]           col_id_i,
  // Source (the global buffer side).
  input  logic                               src_valid_i,
  output logic                               src_ready_o,
  input  logic [IdW-1:0]                     src_tag_row_i,
  input  logic [IdW-1:0]                     src_tag_col_i,
  input  logic [Width-1:0]                   src_data_i,
  // Destinations: the data wires are shared by all PEs, valid is per PE.
  output logic [Rows*Cols-1:0]               pe_valid_o,
  input  logic [Rows*Cols-1:0]               pe_ready_i,
  output logic [Width-1:0]                   pe_data_o
);
  localparam logic [IdW-1:0] IdNone = '1;

  logic [Rows-1:0] row_ready, row_any;
  logic            go;

  for (genvar y = 0; y < Rows; y++) begin : gen_row
    mc_xbus #(.Cols(Cols), .IdW(IdW)) u_xbus (
      .row_sel_i (row_id_i[y*IdW +: IdW] == src_tag_row_i),
      .tag_col_i (src_tag_col_i),
      .col_id_i  (col_id_i[y*Cols*IdW +: Cols*IdW]),
      .go_i      (go),
      .pe_ready_i(pe_ready_i[y*Cols +: Cols]),
      .pe_valid_o(pe_valid_o[y*Cols +: Cols]),
      .ready_o   (row_ready[y]),
      .any_o     (row_any[y]));
  end

  assign go          = src_valid_i && (&row_ready);
  assign src_ready_o = &row_ready;
  assign pe_data_o   = src_data_i;

`ifndef SYNTHESIS
  // A transfer nobody receives is a mapping or controller bug, never silently dropped.
  `RSACC_ASSERT_IMPL(a_has_target, src_valid_i, |row_any,
      ("mc_noc: tag (%0d, %0d) matches no PE", src_tag_row_i, src_tag_col_i))
  `RSACC_ASSERT_IMPL(a_tag_not_none, src_valid_i,
      src_tag_row_i != IdNone && src_tag_col_i != IdNone,
      ("mc_noc: tag uses the reserved ID 'none'"))
  `RSACC_ASSERT_STABLE(a_src_stable, src_valid_i, src_ready_o,
      {src_data_i, src_tag_row_i, src_tag_col_i},
      ("mc_noc: source changed while stalled"))
`endif
endmodule
