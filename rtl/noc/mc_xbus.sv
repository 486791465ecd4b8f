// SPDX-License-Identifier: Apache-2.0
// One X bus of a multicast network: delivers a transfer to every PE of this row whose column
// ID equals the tag's column, and reports whether all of those PEs can take it this cycle.
`default_nettype none

module mc_xbus #(
  parameter int Cols = acc_pkg::DefaultCols,
  parameter int IdW  = acc_pkg::IdW
) (
  input  logic                     row_sel_i,    // this row's ID equals the tag's row
  input  logic [IdW-1:0]           tag_col_i,
  input  logic [Cols*IdW-1:0]      col_id_i,     // per-PE column IDs, PE x at [x*IdW +: IdW]
  input  logic                     go_i,         // every target in the array is ready
  input  logic [Cols-1:0]          pe_ready_i,
  output logic [Cols-1:0]          pe_valid_o,
  output logic                     ready_o,      // all targets in this row are ready
  output logic                     any_o         // at least one target in this row
);
  logic [Cols-1:0] match;
  for (genvar x = 0; x < Cols; x++) begin : gen_pe
    assign match[x] = row_sel_i && (col_id_i[x*IdW +: IdW] == tag_col_i);
  end
  assign ready_o    = &(~match | pe_ready_i);
  assign any_o      = |match;
  assign pe_valid_o = go_i ? match : '0;
endmodule
