// SPDX-License-Identifier: Apache-2.0
// Row-stationary processing element (Eyeriss v1 style).
//
// One job = load p*q*S weights into the filter scratchpad (a 64-bit network word of 64/DataWidth
// weights per cycle; the block is padded to whole words), then run `rows` 1-D row
// convolutions with them. For each output column the sliding window of S columns x q channels
// (S*q words) sits in the circular ifmap scratchpad; every window word is multiplied with the
// p filters interleaved in the filter scratchpad, one MAC per cycle, accumulating p psums.
// On the last term the incoming psum (from the PE below, or the buffer) is added and the result
// leaves through the psum output FIFO. A zero activation skips the weight read and the multiply
// (zero gating: saves energy, not cycles).
//
// Stream orders (the mapper and the NoC follow them):
//   filter : for s in S, for c in q, for k in p : w[k][c][s]
//   ifmap  : for column in ((F-1)*U + S), for c in q : x[c][column]    (padding included)
//   psum   : for f in F, for k in p                                      (in and out)
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module pe #(
  parameter int DataWidth   = acc_pkg::DefaultDataWidth,
  parameter int AccWidth    = acc_pkg::DefaultAccWidth,
  parameter int FilterWords = acc_pkg::DefaultFilterWords,
  parameter int IfmapWords  = acc_pkg::DefaultIfmapWords,
  parameter int PsumWords   = acc_pkg::DefaultPsumWords,
  parameter int FifoDepth   = acc_pkg::DefaultFifoDepth,
  // Psum FIFOs: at least p deep lets a PE finish a column's p psums while it waits for the
  // collector (or the psum network) to reach its slot, instead of stalling its MACs.
  parameter int PsumFifoDepth = acc_pkg::DefaultPsumFifoDepth,
  // Multiplier (pe_mac.sv): 0 exact, 1 stochastic computing (docs/stochastic.md; D = 8 only).
  parameter int MacKind     = acc_pkg::DefaultMacKind,
  parameter int ScLanes     = acc_pkg::DefaultScLanes,
  parameter int ScMaxLog2L  = acc_pkg::DefaultScMaxLog2L,
  localparam int FiltLanes = 64 / DataWidth,            // weights per filter network word
  localparam int FiltCntW  = $clog2(FiltLanes + 1)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // Job control: cfg_i is taken when start_i is high and the PE is not busy.
  input  acc_pkg::pe_cfg_t     cfg_i,
  input  logic                 psum_chain_i,   // psums come from the PE below: add them even
                                               // when cfg_i.psum_in_en is 0
  input  logic                 start_i,
  output logic                 busy_o,
  // Filter weights in, FiltLanes per word (weight k of the word at [k*DataWidth +: DataWidth]).
  input  logic                 filt_valid_i,
  output logic                 filt_ready_o,
  input  logic [63:0]          filt_data_i,
  // Ifmap activations in.
  input  logic                 ifm_valid_i,
  output logic                 ifm_ready_o,
  input  logic [DataWidth-1:0] ifm_data_i,
  // Psums in (from the PE below, one at a time, or the psum network, one or two at a time:
  // psum_in_two_i says psum_in_data1_i follows psum_in_data_i; ready means room for all).
  input  logic                 psum_in_valid_i,
  input  logic                 psum_in_two_i,
  output logic                 psum_in_ready_o,
  input  logic [AccWidth-1:0]  psum_in_data_i,
  input  logic [AccWidth-1:0]  psum_in_data1_i,
  // Psums out (to the PE above, one at a time, or the collector, which may take two when
  // psum_out_two_o says psum_out_data1_o holds the next one).
  output logic                 psum_out_valid_o,
  output logic                 psum_out_two_o,
  input  logic                 psum_out_ready_i,
  input  logic                 psum_out_take_two_i,
  output logic [AccWidth-1:0]  psum_out_data_o,
  output logic [AccWidth-1:0]  psum_out_data1_o,
  // Activity strobes, one bit per event per cycle, summed by whoever keeps statistics.
  output logic                 ev_mac_o,
  output logic                 ev_zero_skip_o,
  output logic                 ev_filt_rd_o,
  output logic [FiltCntW-1:0]  ev_filt_wr_o,   // weights written (padding not counted)
  output logic                 ev_ifm_rd_o,
  output logic                 ev_ifm_wr_o,
  output logic                 ev_psum_rd_o,
  output logic                 ev_psum_wr_o,
  output logic                 ev_sc_stream_o    // SC stream cycle (pe_mac.sv)
);
  localparam int FiltIdxW  = $clog2(FilterWords);
  localparam int FiltLaneW = $clog2(FiltLanes);
  localparam int FiltRows  = (FilterWords + FiltLanes - 1) / FiltLanes;
  localparam int FiltRowW  = (FiltRows > 1) ? $clog2(FiltRows) : 1;
  localparam int CfgFiltW  = acc_pkg::FiltAddrW;
  localparam int IfmAddrW  = $clog2(IfmapWords);
  localparam int PsumAddrW = $clog2(PsumWords);
  localparam int PeCntW    = acc_pkg::PeCntW;
  localparam int DimW      = acc_pkg::DimW;
  localparam int RowWordW  = acc_pkg::RowWordW;

  typedef enum logic [1:0] {StIdle, StLoad, StRun} state_e;

  // ---- input and output FIFOs ------------------------------------------------------------
  logic                 ifm_fifo_valid, ifm_fifo_ready;
  logic [DataWidth-1:0] ifm_fifo_data;
  logic                 pin_fifo_valid, pin_fifo_ready;
  logic [AccWidth-1:0]  pin_fifo_data;
  logic                 pout_fifo_valid, pout_fifo_ready;
  logic [AccWidth-1:0]  pout_fifo_data;

  fifo #(.Width(DataWidth), .Depth(FifoDepth)) u_ifm_fifo (
    .clk_i, .rst_ni,
    .in_valid_i(ifm_valid_i), .in_ready_o(ifm_ready_o), .in_data_i(ifm_data_i),
    .out_valid_o(ifm_fifo_valid), .out_ready_i(ifm_fifo_ready), .out_data_o(ifm_fifo_data));
  logic [AccWidth-1:0]  pin_fifo_data1;   // the MAC takes one psum at a time
  logic                 pin_fifo_two;
  fifo_pair #(.Width(AccWidth), .Depth(PsumFifoDepth)) u_psum_in_fifo (
    .clk_i, .rst_ni,
    .in_valid_i(psum_in_valid_i), .in_two_i(psum_in_two_i), .in_ready_o(psum_in_ready_o),
    .in_data_i({psum_in_data1_i, psum_in_data_i}),
    .out_valid_o(pin_fifo_valid), .out_two_o(pin_fifo_two), .out_ready_i(pin_fifo_ready),
    .out_take_two_i(1'b0), .out_data_o({pin_fifo_data1, pin_fifo_data}));
  fifo_pair #(.Width(AccWidth), .Depth(PsumFifoDepth)) u_psum_out_fifo (
    .clk_i, .rst_ni,
    .in_valid_i(pout_fifo_valid), .in_two_i(1'b0), .in_ready_o(pout_fifo_ready),
    .in_data_i({AccWidth'(0), pout_fifo_data}),
    .out_valid_o(psum_out_valid_o), .out_two_o(psum_out_two_o), .out_ready_i(psum_out_ready_i),
    .out_take_two_i(psum_out_take_two_i), .out_data_o({psum_out_data1_o, psum_out_data_o}));

  // ---- state ------------------------------------------------------------------------------
  state_e               state_q;
  // The job's configuration, one register per field (and the last index of each loop) rather
  // than the packed struct: cheaper to compare, and to simulate (no multi-word extracts).
  logic [PeCntW-1:0]    p_last_q, sq_q, sq_last_q, uq_q, uq_last_q, gap_q;
  logic [IfmAddrW-1:0]  uq_mod_q;
  logic [CfgFiltW-1:0]  filt_words_q;
  logic [DimW-1:0]      f_last_q, rows_last_q;
  logic [RowWordW-1:0]  row_words_q;
  logic                 psum_in_en_q;
  logic [FiltRowW-1:0]  load_row_q;                     // filter words loaded / FiltLanes
  // Ifmap window bookkeeping, in words of the current row.
  logic [RowWordW-1:0]  ifm_recv_q;                     // words received
  logic [RowWordW-1:0]  ifm_need_q;                     // words the current window needs
  logic [RowWordW-1:0]  ifm_free_q;                     // words no window will read again
  logic [PeCntW-1:0]    ifm_phase_q;                    // word position in a stride period
  logic [IfmAddrW-1:0]  ifm_wptr_q;                     // = ifm_recv mod IfmapWords
  logic [IfmAddrW-1:0]  win_base_q;                     // first window word mod IfmapWords
  // Compute loop position.
  logic [PsumAddrW-1:0] pf_q;                           // filter k in p
  logic [PeCntW-1:0]    elem_q;                         // window word in S*q
  logic [FiltIdxW-1:0]  filt_raddr_q;
  logic [DimW-1:0]      col_q;                          // output column f
  logic [DimW-1:0]      row_q;
  logic [DataWidth-1:0] x_hold_q;                       // window word, reused for all p

  logic [DataWidth-1:0] ifm_rdata;                      // ifmap scratchpad word ifm_raddr

  // ---- S1: issue --------------------------------------------------------------------------
  logic                 advance, mac_busy;
  logic                 issue, window_ready, ifm_accept, ifm_store;
  logic                 last_pf, last_elem, last_col, last_row;
  logic [IfmAddrW:0]    ifm_raddr_sum;
  logic [IfmAddrW-1:0]  ifm_raddr;
  logic [DataWidth-1:0] x_issue;
  logic [IfmAddrW:0]    win_base_sum;
  logic [RowWordW:0]    ifm_limit;
  logic [RowWordW-1:0]  ifm_free_inc;

  assign window_ready = (ifm_recv_q >= ifm_need_q);
  assign issue        = (state_q == StRun) && window_ready && advance;
  assign last_pf      = (PeCntW'(pf_q) == p_last_q);
  assign last_elem    = (elem_q == sq_last_q);
  assign last_col     = (col_q == f_last_q);
  assign last_row     = (row_q == rows_last_q);

  // Window word address: (win_base + elem) mod IfmapWords; both terms are below IfmapWords.
  assign ifm_raddr_sum = {1'b0, win_base_q} + (IfmAddrW + 1)'(elem_q);
  assign ifm_raddr     = (ifm_raddr_sum >= (IfmAddrW + 1)'(IfmapWords))
                       ? IfmAddrW'(ifm_raddr_sum - (IfmAddrW + 1)'(IfmapWords))
                       : IfmAddrW'(ifm_raddr_sum);
  // A window word is read from the scratchpad once, then held for the other p-1 filters.
  assign x_issue       = (pf_q == '0) ? ifm_rdata : x_hold_q;
  assign win_base_sum  = {1'b0, win_base_q} + (IfmAddrW + 1)'(uq_mod_q);

  // Accept ifmap words while the row is not complete and the circular window has room.
  // Words in stride gaps (phase >= S*q, only when U > S) are counted but never stored.
  assign ifm_limit      = {1'b0, ifm_free_q} + (RowWordW + 1)'(IfmapWords);
  assign ifm_accept     = (state_q != StIdle) && (ifm_recv_q < row_words_q)
                        && ({1'b0, ifm_recv_q} < ifm_limit);
  assign ifm_fifo_ready = ifm_accept;
  assign ifm_store      = ifm_accept && ifm_fifo_valid && (ifm_phase_q < sq_q);

  // A window word is dead after its last read if the next window starts beyond it (the first
  // U*q words); freeing it at once lets the next word in while this output is still computed,
  // so an 11-word window in a 12-word scratchpad does not stall. Gap words go at the end.
  always_comb begin
    ifm_free_inc = '0;
    if (elem_q < uq_q) ifm_free_inc = RowWordW'(1);
    if (last_elem) ifm_free_inc = ifm_free_inc + RowWordW'(gap_q);
  end

  // Filter words go straight from the network into the scratchpad, one per cycle while loading:
  // no FIFO in front (it could only hold the first two words of the next job; in simulation it
  // cost about 9 % of the model's time).
  assign filt_ready_o = (state_q == StLoad);

  // Filter load: ceil(filt_words / FiltLanes) words; the last may hold fewer real weights.
  logic [CfgFiltW-1:0] filt_loaded, filt_left;
  logic                last_load_row;
  assign filt_loaded   = CfgFiltW'(load_row_q) << FiltLaneW;
  assign filt_left     = filt_words_q - filt_loaded;
  assign last_load_row = filt_left <= CfgFiltW'(FiltLanes);

  // Sequencer. One always_ff with the decision tree written once: an always_comb computing a
  // _d for every register is split by Verilator into one copy of the tree per register, which
  // the simulation then runs 168 times a cycle.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q      <= StIdle;
      p_last_q     <= '0;
      sq_q         <= '0;
      sq_last_q    <= '0;
      uq_q         <= '0;
      uq_last_q    <= '0;
      uq_mod_q     <= '0;
      gap_q        <= '0;
      filt_words_q <= '0;
      f_last_q     <= '0;
      rows_last_q  <= '0;
      row_words_q  <= '0;
      psum_in_en_q <= 1'b0;
      load_row_q   <= '0;
      ifm_recv_q   <= '0;
      ifm_need_q   <= '0;
      ifm_free_q   <= '0;
      ifm_phase_q  <= '0;
      ifm_wptr_q   <= '0;
      win_base_q   <= '0;
      pf_q         <= '0;
      elem_q       <= '0;
      filt_raddr_q <= '0;
      col_q        <= '0;
      row_q        <= '0;
      x_hold_q     <= '0;
    end else begin
      if (ifm_accept && ifm_fifo_valid) begin
        ifm_recv_q  <= ifm_recv_q + 1'b1;
        ifm_wptr_q  <= (ifm_wptr_q == IfmAddrW'(IfmapWords - 1)) ? '0 : ifm_wptr_q + 1'b1;
        ifm_phase_q <= (ifm_phase_q == uq_last_q) ? '0 : ifm_phase_q + 1'b1;
      end
      // Later assignments win (a new row restarts the ifmap bookkeeping).
      unique case (state_q)
        StIdle: begin
          if (start_i && !busy_o) begin
            state_q      <= StLoad;
            p_last_q     <= cfg_i.p - 1'b1;
            sq_q         <= cfg_i.sq;
            sq_last_q    <= cfg_i.sq - 1'b1;
            uq_q         <= cfg_i.uq;
            uq_last_q    <= cfg_i.uq - 1'b1;
            uq_mod_q     <= IfmAddrW'(cfg_i.uq_mod);   // < IfmapWords (a_cfg_fits)
            gap_q        <= (cfg_i.uq > cfg_i.sq) ? cfg_i.uq - cfg_i.sq : '0;
            filt_words_q <= cfg_i.filt_words;
            f_last_q     <= cfg_i.f - 1'b1;
            rows_last_q  <= cfg_i.rows - 1'b1;
            row_words_q  <= cfg_i.row_words;
            psum_in_en_q <= cfg_i.psum_in_en || psum_chain_i;
            load_row_q   <= '0;
            ifm_recv_q   <= '0;
            ifm_need_q   <= RowWordW'(cfg_i.sq);
            ifm_free_q   <= '0;
            ifm_phase_q  <= '0;
            ifm_wptr_q   <= '0;
            win_base_q   <= '0;
            pf_q         <= '0;
            elem_q       <= '0;
            filt_raddr_q <= '0;
            col_q        <= '0;
            row_q        <= '0;
          end
        end
        StLoad: begin
          if (filt_valid_i) begin
            load_row_q <= load_row_q + 1'b1;
            if (last_load_row) state_q <= StRun;
          end
        end
        StRun: begin
          if (issue) begin
            x_hold_q     <= x_issue;
            filt_raddr_q <= filt_raddr_q + 1'b1;
            pf_q         <= pf_q + 1'b1;
            if (last_pf) begin
              pf_q       <= '0;
              elem_q     <= elem_q + 1'b1;
              ifm_free_q <= ifm_free_q + ifm_free_inc;
              if (last_elem) begin
                // Output column done: slide the window by U columns.
                elem_q       <= '0;
                filt_raddr_q <= '0;
                col_q        <= col_q + 1'b1;
                ifm_need_q   <= ifm_need_q + RowWordW'(uq_q);
                win_base_q   <= (win_base_sum >= (IfmAddrW + 1)'(IfmapWords))
                              ? IfmAddrW'(win_base_sum - (IfmAddrW + 1)'(IfmapWords))
                              : IfmAddrW'(win_base_sum);
                if (last_col) begin
                  // Row done: every word of it has been read; start the next row afresh.
                  col_q       <= '0;
                  row_q       <= row_q + 1'b1;
                  ifm_recv_q  <= '0;
                  ifm_need_q  <= RowWordW'(sq_q);
                  ifm_free_q  <= '0;
                  ifm_phase_q <= '0;
                  ifm_wptr_q  <= '0;
                  win_base_q  <= '0;
                  if (last_row) state_q <= StIdle;
                end
              end
            end
          end
        end
        default: state_q <= StIdle;
      endcase
    end
  end

  regfile #(.Width(DataWidth), .Depth(IfmapWords)) u_ifm_spad (
    .clk_i, .we_i(ifm_store), .waddr_i(ifm_wptr_q), .wdata_i(ifm_fifo_data),
    .raddr_i(ifm_raddr), .rdata_o(ifm_rdata));

  // ---- filter scratchpad --------------------------------------------------------------------
  logic                 filt_we, filt_re;
  logic [DataWidth-1:0] filt_rdata;
  assign filt_we = filt_valid_i && filt_ready_o;   // the handshake: a word is taken
  assign filt_re = issue && (x_issue != '0);
  spad_sram #(.Width(DataWidth), .Depth(FilterWords), .Lanes(FiltLanes)) u_filt_spad (
    .clk_i,
    .we_i(filt_we), .wrow_i(load_row_q), .wdata_i(filt_data_i[FiltLanes*DataWidth-1:0]),
    .re_i(filt_re), .raddr_i(filt_raddr_q), .rdata_o(filt_rdata));

  // ---- stochastic MAC settings and stream start ---------------------------------------------
  // An SC product restarts its streams at t0 = (s * L) mod 128 with `column` starts, s being the
  // kernel column of the term (window word elem = s*q + c), else at 0: a pure function of the
  // term, never of the PE or the timing (docs/stochastic.md). Only s mod (128 / L) <= 8 matters.
  logic [6:0] issue_t0;
  logic [2:0] sc_log2l_q;
  logic       sc_lfsr_q;
  if (MacKind == 1) begin : gen_sc_seq
    logic             sc_column_q;
    logic [PeCntW-1:0] q_last_q, c_q;
    logic [2:0]       s_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        sc_log2l_q  <= '0;
        sc_lfsr_q   <= 1'b0;
        sc_column_q <= 1'b0;
        q_last_q    <= '0;
        c_q         <= '0;
        s_q         <= '0;
      end else if (state_q == StIdle) begin
        if (start_i) begin
          sc_log2l_q  <= cfg_i.sc_log2l;
          sc_lfsr_q   <= cfg_i.sc_lfsr;
          sc_column_q <= cfg_i.sc_column;
          q_last_q    <= cfg_i.q - 1'b1;
        end
        c_q <= '0;
        s_q <= '0;
      end else if (issue && last_pf) begin
        if (last_elem) begin
          c_q <= '0;
          s_q <= '0;
        end else if (c_q == q_last_q) begin
          c_q <= '0;
          s_q <= s_q + 1'b1;
        end else begin
          c_q <= c_q + 1'b1;
        end
      end
    end
    assign issue_t0 = sc_column_q ? 7'(10'(s_q) << sc_log2l_q) : '0;
  end else begin : gen_exact_seq
    assign issue_t0   = '0;
    assign sc_log2l_q = '0;
    assign sc_lfsr_q  = 1'b0;
    logic unused_sc_cfg;
    assign unused_sc_cfg = ^{cfg_i.q, cfg_i.sc_log2l, cfg_i.sc_lfsr, cfg_i.sc_column};
  end

  // ---- S2, S3 -------------------------------------------------------------------------------
  pe_mac #(.DataWidth(DataWidth), .AccWidth(AccWidth), .PsumWords(PsumWords),
           .MacKind(MacKind), .ScLanes(ScLanes), .ScMaxLog2L(ScMaxLog2L)) u_mac (
    .clk_i, .rst_ni,
    .issue_valid_i(issue),
    .issue_zero_i(x_issue == '0),
    .issue_first_i(elem_q == '0),
    .issue_last_i(last_elem),
    .issue_pf_i(pf_q),
    .issue_x_i(x_issue),
    .w_i(filt_rdata),
    .issue_t0_i(issue_t0),
    .sc_log2l_i(sc_log2l_q),
    .sc_lfsr_i(sc_lfsr_q),
    .psum_in_en_i(psum_in_en_q),
    .psum_in_valid_i(pin_fifo_valid),
    .psum_in_ready_o(pin_fifo_ready),
    .psum_in_data_i(pin_fifo_data),
    .psum_out_valid_o(pout_fifo_valid),
    .psum_out_ready_i(pout_fifo_ready),
    .psum_out_data_o(pout_fifo_data),
    .advance_o(advance),
    .busy_o(mac_busy),
    .ev_mac_o,
    .ev_zero_skip_o,
    .ev_psum_rd_o,
    .ev_psum_wr_o,
    .ev_sc_stream_o);

  assign busy_o       = (state_q != StIdle) || mac_busy;
  assign ev_filt_rd_o = filt_re;
  assign ev_filt_wr_o = !filt_we ? '0
                      : last_load_row ? FiltCntW'(filt_left) : FiltCntW'(FiltLanes);
  assign ev_ifm_rd_o  = issue && (pf_q == '0);
  assign ev_ifm_wr_o  = ifm_store;

  logic unused_pin_second;
  assign unused_pin_second = ^{pin_fifo_two, pin_fifo_data1};

`ifndef SYNTHESIS
  initial begin
    if ($bits(acc_pkg::pe_cfg_t) != acc_pkg::PeCfgW)
      $fatal(1, "acc_pkg: PeCfgW=%0d but pe_cfg_t has %0d bits", acc_pkg::PeCfgW,
             $bits(acc_pkg::pe_cfg_t));
    if (DataWidth != 8 && DataWidth != 16) $fatal(1, "pe: DataWidth=%0d (8 or 16)", DataWidth);
    if (MacKind != 0 && !(MacKind == 1 && DataWidth == 8))
      $fatal(1, "pe: MacKind=%0d with DataWidth=%0d (0 exact; 1 stochastic, D = 8)", MacKind,
             DataWidth);
    if (AccWidth < 2 * DataWidth) $fatal(1, "pe: AccWidth=%0d < 2*DataWidth", AccWidth);
    if (FilterWords < 2 || FilterWords >= (1 << CfgFiltW))
      $fatal(1, "pe: FilterWords=%0d out of [2, %0d)", FilterWords, 1 << CfgFiltW);
    if (IfmapWords < 2 || IfmapWords >= (1 << PeCntW))
      $fatal(1, "pe: IfmapWords=%0d out of [2, %0d)", IfmapWords, 1 << PeCntW);
    if (PsumWords < 2 || PsumWords >= (1 << PeCntW))
      $fatal(1, "pe: PsumWords=%0d out of [2, %0d)", PsumWords, 1 << PeCntW);
  end

  // Clocked immediate assertions, for simulation speed (see fifo.sv); checked at each rising
  // edge on the values just before it, not during reset.
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // A job's configuration must fit this PE and be self-consistent (the mapper computes it).
      `RSACC_ASSERT_IMM(a_start_idle, !start_i || !busy_o,
          ("pe: start while busy"))
      `RSACC_ASSERT_IMM(a_cfg_fits, !start_i || (
          cfg_i.p >= 1 && 32'(cfg_i.p) <= PsumWords &&
          cfg_i.sq >= 1 && 32'(cfg_i.sq) <= IfmapWords &&
          32'(cfg_i.filt_words) == 32'(cfg_i.p) * 32'(cfg_i.sq) &&
          32'(cfg_i.filt_words) <= FilterWords &&
          cfg_i.uq >= 1 && 32'(cfg_i.uq_mod) == 32'(cfg_i.uq) % IfmapWords &&
          cfg_i.f >= 1 && cfg_i.rows >= 1 &&
          32'(cfg_i.row_words) == (32'(cfg_i.f) - 1) * 32'(cfg_i.uq) + 32'(cfg_i.sq)),
          ("pe: inconsistent job configuration"))
      `RSACC_ASSERT_IMM(a_ifm_waddr, !ifm_store || 32'(ifm_wptr_q) < IfmapWords,
          ("pe: ifmap write index out of range"))
      `RSACC_ASSERT_IMM(a_ifm_raddr, !issue || 32'(ifm_raddr) < IfmapWords,
          ("pe: ifmap read index out of range"))
      // The window never holds more live words than the scratchpad has.
      `RSACC_ASSERT_IMM(a_ifm_occupancy, ifm_recv_q <= ifm_free_q ||
          32'(ifm_recv_q) - 32'(ifm_free_q) <= IfmapWords,
          ("pe: ifmap window overflow"))
      // The padded block fits the rows the scratchpad has (the mapper pads p*q*S to whole words).
      `RSACC_ASSERT_IMM(a_filt_load, !filt_we || 32'(load_row_q) < FiltRows,
          ("pe: filter load row out of range"))
      `RSACC_ASSERT_IMM(a_state_valid, state_q inside {StIdle, StLoad, StRun},
          ("pe: illegal state"))
    end
  end
`endif
endmodule
