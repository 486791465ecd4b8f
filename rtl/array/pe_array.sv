// SPDX-License-Identifier: Apache-2.0
// Array of Rows x Cols row-stationary PEs with Eyeriss's three multicast input networks
// (filter, ifmap, psum), vertical psum links inside each slot and an output collector.
// Everything here is configured per pass (docs/architecture.md, "Mapping model: slots"):
// network IDs, which PEs are active, where each PE's psums come from and go to.
// PE (y, x) has index i = y*Cols + x; row 0 is the bottom row.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module pe_array #(
  parameter int Rows        = acc_pkg::DefaultRows,
  parameter int Cols        = acc_pkg::DefaultCols,
  parameter int DataWidth   = acc_pkg::DefaultDataWidth,
  parameter int AccWidth    = acc_pkg::DefaultAccWidth,
  parameter int FilterWords = acc_pkg::DefaultFilterWords,
  parameter int IfmapWords  = acc_pkg::DefaultIfmapWords,
  parameter int PsumWords   = acc_pkg::DefaultPsumWords,
  parameter int FifoDepth   = acc_pkg::DefaultFifoDepth,
  parameter int PsumFifoDepth = acc_pkg::DefaultPsumFifoDepth,
  parameter int IdW         = acc_pkg::IdW,
  parameter int MacKind     = acc_pkg::DefaultMacKind,
  parameter int ScLanes     = acc_pkg::DefaultScLanes,
  parameter int ScMaxLog2L  = acc_pkg::DefaultScMaxLog2L,
  localparam int NumPes     = Rows * Cols,
  localparam int EvW        = $clog2(NumPes + 1),
  localparam int FiltLanes  = 64 / DataWidth,          // weights per filter network word
  localparam int FwrW       = $clog2(NumPes * FiltLanes + 1)
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  // Pass configuration, stable while busy_o.
  input  acc_pkg::pe_cfg_t         cfg_i,             // job of every active PE; psum_in_en
                                                      // applies to slot-bottom PEs
  input  logic [NumPes-1:0]        active_i,
  input  logic [NumPes-1:0]        psum_from_below_i, // psums in from PE (y-1, x), else psum network
  input  logic [NumPes-1:0]        slot_top_i,        // psums out to the collector, else up
  input  logic [Rows*IdW-1:0]      filt_row_id_i,
  input  logic [NumPes*IdW-1:0]    filt_col_id_i,
  input  logic [Rows*IdW-1:0]      ifm_row_id_i,
  input  logic [NumPes*IdW-1:0]    ifm_col_id_i,
  input  logic [Rows*IdW-1:0]      psum_row_id_i,
  input  logic [NumPes*IdW-1:0]    psum_col_id_i,
  input  logic                     start_i,
  output logic                     busy_o,
  // Input networks (from the global buffer side).
  input  logic                     filt_valid_i,
  output logic                     filt_ready_o,
  input  logic [2*IdW-1:0]         filt_tag_i,        // {row, col}
  input  logic [63:0]              filt_data_i,       // FiltLanes weights
  input  logic                     ifm_valid_i,
  output logic                     ifm_ready_o,
  input  logic [2*IdW-1:0]         ifm_tag_i,
  input  logic [DataWidth-1:0]     ifm_data_i,
  input  logic                     psum_valid_i,       // one psum, or two with psum_two_i
  input  logic                     psum_two_i,
  output logic                     psum_ready_o,
  input  logic [2*IdW-1:0]         psum_tag_i,
  input  logic [AccWidth-1:0]      psum_data_i,
  input  logic [AccWidth-1:0]      psum_data1_i,
  // Psums leaving the array (to the global buffer), in collector order, one or two per cycle
  // (out_two_o offers out_data1_o as well; out_take_two_i takes both).
  output logic                     out_valid_o,
  output logic                     out_two_o,
  input  logic                     out_ready_i,
  input  logic                     out_take_two_i,
  output logic [AccWidth-1:0]      out_data_o,
  output logic [AccWidth-1:0]      out_data1_o,
  // Activity this cycle: number of PEs with each event.
  output logic [EvW-1:0]           ev_mac_o,
  output logic [EvW-1:0]           ev_zero_skip_o,
  output logic [EvW-1:0]           ev_filt_rd_o,
  output logic [FwrW-1:0]          ev_filt_wr_o,      // weights written, not PEs
  output logic [EvW-1:0]           ev_ifm_rd_o,
  output logic [EvW-1:0]           ev_ifm_wr_o,
  output logic [EvW-1:0]           ev_psum_rd_o,
  output logic [EvW-1:0]           ev_psum_wr_o,
  output logic [EvW-1:0]           ev_sc_stream_o     // PEs running an SC stream cycle
);
  // Per-PE wires.
  localparam int PnocW = 2 * AccWidth + 1;              // {two, second psum, first psum}
  logic [NumPes-1:0]          filt_v, filt_r, ifm_v, ifm_r, pnoc_v, pnoc_r;
  logic [DataWidth-1:0]       ifm_d;
  logic [63:0]                filt_d;
  logic [PnocW-1:0]           pnoc_d;
  logic [NumPes-1:0]          pout_v, pout_two, coll_r, busy;
  // Read by one other PE only: unpacked, so each is a plain store rather than a bit insert
  // into a NumPes-bit vector (which Verilator redoes for every PE on every evaluation).
  logic                       pin_r [NumPes];
  // Unpacked, one entry per PE: a packed NumPes*AccWidth vector driven slice by slice from the
  // PEs is rebuilt by Verilator as a chain of ever wider concatenations on every evaluation.
  logic [AccWidth-1:0]        pout_d [NumPes];
  logic [AccWidth-1:0]        pout_d1 [NumPes];
  logic [$clog2(NumPes)-1:0]  coll_sel;
  logic                       coll_take_two;
  logic [NumPes-1:0]          e_mac, e_zero, e_frd, e_ird, e_iwr, e_prd, e_pwr, e_scs;
  localparam int FcW = $clog2(FiltLanes + 1);
  logic [NumPes*FcW-1:0]      e_fwr;                   // weights written per PE

  // ---- input networks ---------------------------------------------------------------------
  mc_noc #(.Rows(Rows), .Cols(Cols), .Width(64), .IdW(IdW)) u_filt_noc (
    .clk_i, .rst_ni, .row_id_i(filt_row_id_i), .col_id_i(filt_col_id_i),
    .src_valid_i(filt_valid_i), .src_ready_o(filt_ready_o),
    .src_tag_row_i(filt_tag_i[2*IdW-1:IdW]), .src_tag_col_i(filt_tag_i[IdW-1:0]),
    .src_data_i(filt_data_i), .pe_valid_o(filt_v), .pe_ready_i(filt_r), .pe_data_o(filt_d));
  mc_noc #(.Rows(Rows), .Cols(Cols), .Width(DataWidth), .IdW(IdW)) u_ifm_noc (
    .clk_i, .rst_ni, .row_id_i(ifm_row_id_i), .col_id_i(ifm_col_id_i),
    .src_valid_i(ifm_valid_i), .src_ready_o(ifm_ready_o),
    .src_tag_row_i(ifm_tag_i[2*IdW-1:IdW]), .src_tag_col_i(ifm_tag_i[IdW-1:0]),
    .src_data_i(ifm_data_i), .pe_valid_o(ifm_v), .pe_ready_i(ifm_r), .pe_data_o(ifm_d));
  mc_noc #(.Rows(Rows), .Cols(Cols), .Width(PnocW), .IdW(IdW)) u_psum_noc (
    .clk_i, .rst_ni, .row_id_i(psum_row_id_i), .col_id_i(psum_col_id_i),
    .src_valid_i(psum_valid_i), .src_ready_o(psum_ready_o),
    .src_tag_row_i(psum_tag_i[2*IdW-1:IdW]), .src_tag_col_i(psum_tag_i[IdW-1:0]),
    .src_data_i({psum_two_i, psum_data1_i, psum_data_i}), .pe_valid_o(pnoc_v),
    .pe_ready_i(pnoc_r), .pe_data_o(pnoc_d));

  // ---- PEs and vertical psum links --------------------------------------------------------
  for (genvar y = 0; y < Rows; y++) begin : gen_row
    for (genvar x = 0; x < Cols; x++) begin : gen_col
      localparam int I = y * Cols + x;
      logic                 below_v;
      logic [AccWidth-1:0]  below_d;
      logic                 above_r;

      if (y > 0) begin : gen_below
        assign below_v = pout_v[I-Cols] && !slot_top_i[I-Cols];
        assign below_d = pout_d[I-Cols];
      end else begin : gen_no_below
        assign below_v = 1'b0;
        assign below_d = '0;
      end
      if (y < Rows - 1) begin : gen_above
        assign above_r = pin_r[I+Cols] && psum_from_below_i[I+Cols];
      end else begin : gen_no_above
        assign above_r = 1'b0;
      end

      // Every PE but a slot's bottom one adds the psum of the PE below (psum_chain_i).
      logic [AccWidth-1:0] pin_d, pin_d1;
      logic                pin_v, pin_two, pout_r;
      assign pin_v     = psum_from_below_i[I] ? below_v : pnoc_v[I];
      assign pin_two   = !psum_from_below_i[I] && pnoc_d[PnocW-1];
      assign pin_d     = psum_from_below_i[I] ? below_d : pnoc_d[AccWidth-1:0];
      assign pin_d1    = pnoc_d[2*AccWidth-1:AccWidth];
      assign pnoc_r[I] = !psum_from_below_i[I] && pin_r[I];
      assign pout_r    = slot_top_i[I] ? coll_r[I] : above_r;

      pe #(.DataWidth(DataWidth), .AccWidth(AccWidth), .FilterWords(FilterWords),
           .IfmapWords(IfmapWords), .PsumWords(PsumWords), .FifoDepth(FifoDepth),
           .PsumFifoDepth(PsumFifoDepth), .MacKind(MacKind), .ScLanes(ScLanes),
           .ScMaxLog2L(ScMaxLog2L)) u_pe (
        .clk_i, .rst_ni,
        .cfg_i, .psum_chain_i(psum_from_below_i[I]), .start_i(start_i && active_i[I]), .busy_o(busy[I]),
        .filt_valid_i(filt_v[I]), .filt_ready_o(filt_r[I]), .filt_data_i(filt_d),
        .ifm_valid_i(ifm_v[I]), .ifm_ready_o(ifm_r[I]), .ifm_data_i(ifm_d),
        .psum_in_valid_i(pin_v), .psum_in_two_i(pin_two), .psum_in_ready_o(pin_r[I]),
        .psum_in_data_i(pin_d), .psum_in_data1_i(pin_d1),
        .psum_out_valid_o(pout_v[I]), .psum_out_two_o(pout_two[I]), .psum_out_ready_i(pout_r),
        .psum_out_take_two_i(slot_top_i[I] && coll_take_two),
        .psum_out_data_o(pout_d[I]),
        .psum_out_data1_o(pout_d1[I]),
        .ev_mac_o(e_mac[I]), .ev_zero_skip_o(e_zero[I]), .ev_filt_rd_o(e_frd[I]),
        .ev_filt_wr_o(e_fwr[I*FcW +: FcW]), .ev_ifm_rd_o(e_ird[I]), .ev_ifm_wr_o(e_iwr[I]),
        .ev_psum_rd_o(e_prd[I]), .ev_psum_wr_o(e_pwr[I]), .ev_sc_stream_o(e_scs[I]));
    end
  end

  // ---- output collector ---------------------------------------------------------------------
  psum_collector #(.NumPes(NumPes), .AccWidth(AccWidth)) u_collector (
    .clk_i, .rst_ni, .start_i, .p_i(cfg_i.p), .slot_top_i,
    .pe_valid_i(pout_v & slot_top_i), .pe_two_i(pout_two & slot_top_i), .pe_ready_o(coll_r),
    .pe_take_two_o(coll_take_two), .sel_o(coll_sel), .sel_data_i(pout_d[coll_sel]),
    .sel_data1_i(pout_d1[coll_sel]),
    .out_valid_o, .out_two_o, .out_ready_i, .out_take_two_i, .out_data_o, .out_data1_o);

  assign busy_o = |busy;

  // ---- activity counts ----------------------------------------------------------------------
  // $countones rather than a loop of additions: Verilator turns it into a few popcounts.
  assign ev_mac_o       = EvW'($countones(e_mac));
  assign ev_zero_skip_o = EvW'($countones(e_zero));
  assign ev_filt_rd_o   = EvW'($countones(e_frd));
  assign ev_ifm_rd_o    = EvW'($countones(e_ird));
  assign ev_ifm_wr_o    = EvW'($countones(e_iwr));
  assign ev_psum_rd_o   = EvW'($countones(e_prd));
  assign ev_psum_wr_o   = EvW'($countones(e_pwr));
  assign ev_sc_stream_o = EvW'($countones(e_scs));
  always_comb begin
    ev_filt_wr_o = '0;
    for (int i = 0; i < NumPes; i++) ev_filt_wr_o = ev_filt_wr_o + FwrW'(e_fwr[i*FcW +: FcW]);
  end

`ifndef SYNTHESIS
  // A PE that is not a slot top hands its psums to an active PE above that takes them.
  // (Clocked immediate assertions, for simulation speed: see fifo.sv.)
  for (genvar i = 0; i < NumPes; i++) begin : gen_sva
    if (i + Cols < NumPes) begin : gen_chain
      always_ff @(posedge clk_i) begin
        if (rst_ni) begin
          `RSACC_ASSERT_IMM(a_chain, !(start_i && active_i[i] && !slot_top_i[i]) ||
              (active_i[i+Cols] && psum_from_below_i[i+Cols]),
              ("pe_array: PE %0d's psums have nowhere to go", i))
        end
      end
    end else begin : gen_top
      always_ff @(posedge clk_i) begin
        if (rst_ni) begin
          `RSACC_ASSERT_IMM(a_top, !(start_i && active_i[i]) || slot_top_i[i],
              ("pe_array: top-row PE %0d must be a slot top", i))
        end
      end
    end
  end
`endif
endmodule
