// SPDX-License-Identifier: Apache-2.0
// The accelerator: PE array, global buffer, streamers, DMAs and the layer controller behind one
// DRAM port and a small host interface. The host writes a command list into DRAM, sets
// cmd_base_i and pulses start_i; the accelerator runs the layer by itself and raises done_o
// with status_o (acc_pkg::Status*). Performance counters (docs/commands.md, "Performance
// counters") are read through perf_sel_i / perf_o; they restart at every start.
// Inputs are registered before they reach any logic (start_i here, the DRAM side in mem_port):
// the accelerator acts on start_i the cycle after it is seen.
`default_nettype none

module rsacc_top #(
  parameter int Rows         = acc_pkg::DefaultRows,
  parameter int Cols         = acc_pkg::DefaultCols,
  parameter int DataWidth    = acc_pkg::DefaultDataWidth,
  parameter int AccWidth     = acc_pkg::DefaultAccWidth,
  parameter int FilterWords  = acc_pkg::DefaultFilterWords,
  parameter int IfmapWords   = acc_pkg::DefaultIfmapWords,
  parameter int PsumWords    = acc_pkg::DefaultPsumWords,
  parameter int FifoDepth    = acc_pkg::DefaultFifoDepth,
  parameter int PsumFifoDepth = acc_pkg::DefaultPsumFifoDepth,   // PE psum FIFOs (>= p keeps PEs computing; see pe.sv)
  parameter int GlbBanks     = acc_pkg::DefaultGlbBanks,
  parameter int GlbBankWords = acc_pkg::DefaultGlbBankWords,   // 27 x 512 x 8 B = 108 KB
  parameter int MaxReads     = acc_pkg::DefaultMaxReads,
  // PE multiplier (docs/stochastic.md): 0 exact, 1 stochastic computing (DataWidth 8 only).
  parameter int MacKind      = acc_pkg::DefaultMacKind,
  parameter int ScLanes      = acc_pkg::DefaultScLanes,     // SC stream bits per cycle
  parameter int ScMaxLog2L   = acc_pkg::DefaultScMaxLog2L,  // longest SC stream: 2^ScMaxLog2L
  localparam int NumPes      = Rows * Cols,
  localparam int IdW         = acc_pkg::IdW,
  localparam int GlbWords    = GlbBanks * GlbBankWords,
  localparam int GlbAddrW    = $clog2(GlbWords),
  localparam int PsumW       = (AccWidth <= 32) ? 32 : 64,
  localparam int EvW         = $clog2(NumPes + 1),
  localparam int FiltLanes   = 64 / DataWidth,      // weights per filter network transfer
  localparam int FwCntW      = $clog2(FiltLanes + 1),
  localparam int FwrW        = $clog2(NumPes * FiltLanes + 1),
  localparam int NumPerf     = acc_pkg::NumPerf
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // Host interface.
  input  logic        start_i,
  input  logic [acc_pkg::DramAddrW-1:0] cmd_base_i,
  output logic        busy_o,
  output logic        done_o,
  output logic [7:0]  status_o,
  input  logic [acc_pkg::PerfSelW-1:0] perf_sel_i,
  output logic [63:0] perf_o,
  // DRAM port (sim/include/sim/dram.hpp): single-beat requests, in-order read responses.
  output logic        dram_req_valid_o,
  input  logic        dram_req_ready_i,
  output logic [31:0] dram_req_addr_o,
  output logic        dram_req_write_o,
  output logic [63:0] dram_req_wdata_o,
  output logic [7:0]  dram_req_wstrb_o,
  input  logic        dram_resp_valid_i,
  output logic        dram_resp_ready_o,
  input  logic [63:0] dram_resp_rdata_i
);
  // ---- controller and command fetch ---------------------------------------------------------
  logic           cmd_word_valid, cmd_word_ready, cmd_exhausted;
  logic [63:0]    cmd_word;
  acc_pkg::cmd_fill_t  fill_cmd;  // commands of the running fill and drain (they run while the
  acc_pkg::cmd_drain_t drain_cmd; // controller decodes the next commands)
  acc_pkg::pass_t pass;
  logic fill_error;   // the last fill's compressed data were malformed (with fill_done)
  logic fill_start, fill_done, drain_start, drain_done, ids_start, ids_done, run_start, run_done;
  acc_pkg::phase_e phase;
  logic           cmd_taken;
  logic           start_q;
  logic           port_idle;      // the DRAM port has no request queued

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) start_q <= 1'b0;
    else         start_q <= start_i;
  end

  controller #(.MacKind(MacKind), .ScMaxLog2L(ScMaxLog2L)) u_ctrl (
    .clk_i, .rst_ni, .start_i(start_q), .busy_o, .done_o, .status_o,
    .word_valid_i(cmd_word_valid), .word_ready_o(cmd_word_ready), .word_i(cmd_word),
    .exhausted_i(cmd_exhausted), .fill_cmd_o(fill_cmd), .drain_cmd_o(drain_cmd),
    .pass_o(pass),
    .fill_start_o(fill_start), .fill_done_i(fill_done), .fill_error_i(fill_error),
    .drain_start_o(drain_start), .drain_done_i(drain_done), .port_idle_i(port_idle),
    .ids_start_o(ids_start), .ids_done_i(ids_done),
    .run_start_o(run_start), .run_done_i(run_done),
    .phase_o(phase), .cmd_taken_o(cmd_taken));

  // ---- DRAM port ----------------------------------------------------------------------------
  bus_pkg::mem_req_t cmd_mem_req, fill_mem_req, drain_mem_req;
  bus_pkg::mem_rsp_t cmd_mem_rsp, fill_mem_rsp, drain_mem_rsp;
  logic              dram_wait;

  mem_port #(.MaxReads(MaxReads)) u_mem (
    .clk_i, .rst_ni,
    .cmd_req_i(cmd_mem_req), .cmd_rsp_o(cmd_mem_rsp),
    .fill_req_i(fill_mem_req), .fill_rsp_o(fill_mem_rsp),
    .drain_req_i(drain_mem_req), .drain_rsp_o(drain_mem_rsp),
    .dram_req_valid_o, .dram_req_ready_i, .dram_req_addr_o, .dram_req_write_o,
    .dram_req_wdata_o, .dram_req_wstrb_o, .dram_resp_valid_i, .dram_resp_ready_o,
    .dram_resp_rdata_i, .wait_o(dram_wait), .idle_o(port_idle));

  cmd_fetch u_fetch (
    .clk_i, .rst_ni, .start_i(start_q && !busy_o), .base_i(cmd_base_i),
    .mem_req_o(cmd_mem_req), .mem_rsp_i(cmd_mem_rsp),
    .word_valid_o(cmd_word_valid), .word_ready_i(cmd_word_ready), .word_o(cmd_word),
    .exhausted_o(cmd_exhausted));

  // ---- global buffer: read clients ifmap, filter, psum/bias, drain (client 0 first, which
  //      wins a bank); write clients fill, output writer. The buffer's ports are one vector per
  //      field (bus_pkg: Yosys 0.23 has no arrays of structs); each client's bundle is joined
  //      here, in client order. ----------------------------------------------------------------
  bus_pkg::glb_rd_req_t ifm_rd_req, filt_rd_req, psum_rd_req, drain_rd_req;
  bus_pkg::glb_rd_rsp_t ifm_rd_rsp, filt_rd_rsp, psum_rd_rsp, drain_rd_rsp;
  bus_pkg::glb_wr_req_t fill_wr_req, out_wr_req;
  logic                 fill_wr_gnt, out_wr_gnt;

  glb #(.Banks(GlbBanks), .BankWords(GlbBankWords), .NumRd(4), .NumWr(2)) u_glb (
    .clk_i, .rst_ni,
    .rd_req_i ({drain_rd_req.valid, psum_rd_req.valid, filt_rd_req.valid, ifm_rd_req.valid}),
    .rd_addr_i({drain_rd_req.addr[GlbAddrW-1:0], psum_rd_req.addr[GlbAddrW-1:0],
                filt_rd_req.addr[GlbAddrW-1:0], ifm_rd_req.addr[GlbAddrW-1:0]}),
    .rd_gnt_o  ({drain_rd_rsp.gnt, psum_rd_rsp.gnt, filt_rd_rsp.gnt, ifm_rd_rsp.gnt}),
    .rd_valid_o({drain_rd_rsp.rvalid, psum_rd_rsp.rvalid, filt_rd_rsp.rvalid, ifm_rd_rsp.rvalid}),
    .rd_data_o ({drain_rd_rsp.rdata, psum_rd_rsp.rdata, filt_rd_rsp.rdata, ifm_rd_rsp.rdata}),
    .wr_req_i ({out_wr_req.valid, fill_wr_req.valid}),
    .wr_addr_i({out_wr_req.addr[GlbAddrW-1:0], fill_wr_req.addr[GlbAddrW-1:0]}),
    .wr_data_i({out_wr_req.wdata, fill_wr_req.wdata}),
    .wr_strb_i({out_wr_req.wstrb, fill_wr_req.wstrb}),
    .wr_gnt_o ({out_wr_gnt, fill_wr_gnt}));
  // The buffer decodes GlbAddrW address bits; the clients' addresses are below GlbWords
  // (their assertions), so the upper bits are zero.
  logic unused_addr_bits;
  assign unused_addr_bits = ^{ifm_rd_req.addr[31:GlbAddrW], filt_rd_req.addr[31:GlbAddrW],
                              psum_rd_req.addr[31:GlbAddrW], drain_rd_req.addr[31:GlbAddrW],
                              fill_wr_req.addr[31:GlbAddrW], out_wr_req.addr[31:GlbAddrW]};

  fill_dma #(.DataWidth(DataWidth), .MaxReads(MaxReads), .AddrW(GlbAddrW), .Words(GlbWords))
      u_fill (
    .clk_i, .rst_ni, .start_i(fill_start),
    .dram_i(fill_cmd.dram), .glb_i(fill_cmd.glb), .count0_i(fill_cmd.count0),
    .count1_i(fill_cmd.count1), .stride1_i(fill_cmd.stride1),
    .count2_i(fill_cmd.count2), .stride2_i(fill_cmd.stride2),
    .rlc_i(fill_cmd.rlc), .lens_i(fill_cmd.lens), .lstride1_i(fill_cmd.lstride1),
    .lstride2_i(fill_cmd.lstride2), .row_words_i(fill_cmd.row_words), .rows_i(fill_cmd.rows),
    .done_o(fill_done), .error_o(fill_error),
    .mem_req_o(fill_mem_req), .mem_rsp_i(fill_mem_rsp),
    .wr_req_o(fill_wr_req), .wr_gnt_i(fill_wr_gnt));

  drain_dma #(.DataWidth(DataWidth), .AddrW(GlbAddrW), .Words(GlbWords)) u_drain (
    .clk_i, .rst_ni, .start_i(drain_start),
    .dram_i(drain_cmd.dram), .glb_i(drain_cmd.glb), .n_i(drain_cmd.n),
    .mm_i(drain_cmd.m), .e_i(drain_cmd.e), .f_i(drain_cmd.f),
    .p_i(drain_cmd.p), .slots_i(drain_cmd.slots),
    .stride_b_i(drain_cmd.stride_n), .stride_m_i(drain_cmd.stride_m),
    .pitch_i(drain_cmd.pitch), .rlc_i(drain_cmd.rlc), .lens_i(drain_cmd.lens),
    .lstride_n_i(drain_cmd.lstride_n), .lstride_m_i(drain_cmd.lstride_m), .done_o(drain_done),
    .rd_req_o(drain_rd_req), .rd_rsp_i(drain_rd_rsp),
    .mem_req_o(drain_mem_req), .mem_rsp_i(drain_mem_rsp));

  // ---- the pass: IDs, streamers, array, output writer ------------------------------------------
  logic [NumPes-1:0]     active, from_below, slot_top;
  logic [15:0]           n_active;
  logic [Rows*IdW-1:0]   filt_row_id, ifm_row_id, psum_row_id;
  logic [NumPes*IdW-1:0] filt_col_id, ifm_col_id, psum_col_id;

  pass_ids #(.Rows(Rows), .Cols(Cols), .IdW(IdW)) u_ids (
    .clk_i, .rst_ni, .start_i(ids_start), .pass_i(pass), .done_o(ids_done),
    .active_o(active), .from_below_o(from_below), .slot_top_o(slot_top),
    .filt_row_id_o(filt_row_id), .filt_col_id_o(filt_col_id),
    .ifm_row_id_o(ifm_row_id), .ifm_col_id_o(ifm_col_id),
    .psum_row_id_o(psum_row_id), .psum_col_id_o(psum_col_id), .active_count_o(n_active));

  // PE job of the pass (acc_pkg::pe_cfg_t).
  acc_pkg::pe_cfg_t pe_cfg;
  always_comb begin
    pe_cfg.p          = pass.p;
    pe_cfg.sq         = 8'(pass.fs * pass.q);
    pe_cfg.uq         = 8'(pass.uh * pass.q);
    // U*q fits PeCntW (the PE's contract), so its remainder is 8 bits wide: a 16-bit one cost
    // five times the logic.
    pe_cfg.uq_mod     = pe_cfg.uq % 8'(IfmapWords);
    pe_cfg.filt_words = 12'(pass.p * pass.q * pass.fs);
    pe_cfg.f          = pass.f;
    pe_cfg.row_words  = ((20'(pass.f) - 20'd1) * 20'(pass.uh) + 20'(pass.fs)) * 20'(pass.q);
    pe_cfg.rows       = pass.n;
    pe_cfg.psum_in_en = pass.psum_in || pass.bias_in;
    pe_cfg.q          = pass.q;
    pe_cfg.sc_log2l   = pass.sc_log2l;
    pe_cfg.sc_lfsr    = pass.sc_lfsr;
    pe_cfg.sc_column  = pass.sc_column;
  end

  logic                 f_valid, f_ready, i_valid, i_ready, p_valid, p_ready, o_valid, o_ready;
  logic [2*IdW-1:0]     f_tag, i_tag, p_tag;
  logic [DataWidth-1:0] i_data;
  logic [63:0]          f_data;                  // 64/DataWidth weights per transfer
  logic [FwCntW-1:0]    f_weights;               // real weights in f_data
  logic [AccWidth-1:0]  p_data, p_data1, o_data, o_data1;
  logic                 p_two, o_two, o_take_two;
  logic                 f_busy, i_busy, p_busy, array_busy, writer_done;

  filter_streamer #(.DataWidth(DataWidth), .AddrW(GlbAddrW), .IdW(IdW), .Words(GlbWords))
  u_fstream (
    .clk_i, .rst_ni, .start_i(run_start), .pass_i(pass), .busy_o(f_busy),
    .rd_req_o(filt_rd_req), .rd_rsp_i(filt_rd_rsp),
    .noc_valid_o(f_valid), .noc_ready_i(f_ready), .noc_tag_o(f_tag), .noc_data_o(f_data),
    .noc_weights_o(f_weights));

  ifmap_streamer #(.DataWidth(DataWidth), .AddrW(GlbAddrW), .IdW(IdW), .Words(GlbWords))
  u_istream (
    .clk_i, .rst_ni, .start_i(run_start), .pass_i(pass), .busy_o(i_busy),
    .rd_req_o(ifm_rd_req), .rd_rsp_i(ifm_rd_rsp),
    .noc_valid_o(i_valid), .noc_ready_i(i_ready), .noc_tag_o(i_tag), .noc_data_o(i_data));

  psum_streamer #(.AccWidth(AccWidth), .PsumW(PsumW), .AddrW(GlbAddrW), .IdW(IdW),
                .Words(GlbWords)) u_pstream (
    .clk_i, .rst_ni, .start_i(run_start), .pass_i(pass), .busy_o(p_busy),
    .rd_req_o(psum_rd_req), .rd_rsp_i(psum_rd_rsp),
    .noc_valid_o(p_valid), .noc_two_o(p_two), .noc_ready_i(p_ready), .noc_tag_o(p_tag),
    .noc_data_o(p_data), .noc_data1_o(p_data1));

  logic [EvW-1:0] ev_mac, ev_zero, ev_frd, ev_ird, ev_iwr, ev_prd, ev_pwr, ev_scs;
  logic [FwrW-1:0] ev_fwr;
  pe_array #(.Rows(Rows), .Cols(Cols), .DataWidth(DataWidth), .AccWidth(AccWidth),
             .FilterWords(FilterWords), .IfmapWords(IfmapWords), .PsumWords(PsumWords),
             .FifoDepth(FifoDepth), .PsumFifoDepth(PsumFifoDepth), .IdW(IdW),
             .MacKind(MacKind), .ScLanes(ScLanes), .ScMaxLog2L(ScMaxLog2L)) u_array (
    .clk_i, .rst_ni, .cfg_i(pe_cfg), .active_i(active), .psum_from_below_i(from_below),
    .slot_top_i(slot_top), .filt_row_id_i(filt_row_id), .filt_col_id_i(filt_col_id),
    .ifm_row_id_i(ifm_row_id), .ifm_col_id_i(ifm_col_id), .psum_row_id_i(psum_row_id),
    .psum_col_id_i(psum_col_id), .start_i(run_start), .busy_o(array_busy),
    .filt_valid_i(f_valid), .filt_ready_o(f_ready), .filt_tag_i(f_tag), .filt_data_i(f_data),
    .ifm_valid_i(i_valid), .ifm_ready_o(i_ready), .ifm_tag_i(i_tag), .ifm_data_i(i_data),
    .psum_valid_i(p_valid), .psum_two_i(p_two), .psum_ready_o(p_ready), .psum_tag_i(p_tag),
    .psum_data_i(p_data), .psum_data1_i(p_data1),
    .out_valid_o(o_valid), .out_two_o(o_two), .out_ready_i(o_ready),
    .out_take_two_i(o_take_two), .out_data_o(o_data), .out_data1_o(o_data1),
    .ev_mac_o(ev_mac), .ev_zero_skip_o(ev_zero), .ev_filt_rd_o(ev_frd), .ev_filt_wr_o(ev_fwr),
    .ev_ifm_rd_o(ev_ird), .ev_ifm_wr_o(ev_iwr), .ev_psum_rd_o(ev_prd), .ev_psum_wr_o(ev_pwr),
    .ev_sc_stream_o(ev_scs));

  out_writer #(.DataWidth(DataWidth), .AccWidth(AccWidth), .PsumW(PsumW), .AddrW(GlbAddrW),
               .Words(GlbWords))
  u_writer (
    .clk_i, .rst_ni, .start_i(run_start), .pass_i(pass), .done_o(writer_done),
    .in_valid_i(o_valid), .in_two_i(o_two), .in_ready_o(o_ready),
    .in_take_two_o(o_take_two), .in_data_i(o_data), .in_data1_i(o_data1),
    .wr_req_o(out_wr_req), .wr_gnt_i(out_wr_gnt));

  // The array's busy_o rises the cycle after its start, when the writer is already active.
  assign run_done = writer_done && !array_busy && !f_busy && !i_busy && !p_busy;

  // ---- performance counters -------------------------------------------------------------------
  logic [63:0] perf_q [NumPerf];
  logic [63:0] inc [NumPerf];
  logic [2:0] fill_ty, psum_rd_ty, out_wr_ty;  // acc_pkg::data_type_e values
  assign fill_ty    = fill_cmd.dtype;
  assign psum_rd_ty = pass.psum_in ? acc_pkg::TyPsum : acc_pkg::TyBias;
  assign out_wr_ty  = pass.last ? acc_pkg::TyOfmap : acc_pkg::TyPsum;

  // A stochastic stream cycle compares min(ScLanes, L) lanes (docs/stochastic.md, "Energy").
  localparam int ScLanesLog2 = $clog2(ScLanes);
  logic [2:0] sc_lane_shift;
  assign sc_lane_shift = 32'(pass.sc_log2l) < ScLanesLog2 ? pass.sc_log2l : 3'(ScLanesLog2);

  // Counter numbers: acc_pkg::Perf* (docs/commands.md); a group counted by data type or phase
  // adds the enum's value to its first number.
  always_comb begin
    for (int i = 0; i < NumPerf; i++) inc[i] = '0;
    inc[acc_pkg::PerfCycles] = 64'(busy_o);
    inc[acc_pkg::PerfCyclesInPhase + 32'(phase)] = 64'(busy_o);
    inc[acc_pkg::PerfCommands] = 64'(cmd_taken);
    inc[acc_pkg::PerfPasses]   = 64'(run_start);
    inc[acc_pkg::PerfDramRead + 32'(acc_pkg::TyCommand)] = 64'(cmd_mem_rsp.gnt);
    inc[acc_pkg::PerfDramRead + 32'(fill_ty)]           += 64'(fill_mem_rsp.gnt);
    inc[acc_pkg::PerfDramWrite + 32'(acc_pkg::TyOfmap)]  = 64'(drain_mem_rsp.gnt);
    inc[acc_pkg::PerfGlbRead + 32'(acc_pkg::TyIfmap)]    = 64'(ifm_rd_rsp.gnt);
    inc[acc_pkg::PerfGlbRead + 32'(acc_pkg::TyFilter)]   = 64'(filt_rd_rsp.gnt);
    inc[acc_pkg::PerfGlbRead + 32'(psum_rd_ty)]         += 64'(psum_rd_rsp.gnt);
    inc[acc_pkg::PerfGlbRead + 32'(acc_pkg::TyOfmap)]   += 64'(drain_rd_rsp.gnt);
    inc[acc_pkg::PerfGlbWrite + 32'(fill_ty)]            = 64'(fill_wr_gnt);
    inc[acc_pkg::PerfGlbWrite + 32'(out_wr_ty)]         += 64'(out_wr_gnt);
    inc[acc_pkg::PerfMac]             = 64'(ev_mac);
    inc[acc_pkg::PerfZeroSkip]        = 64'(ev_zero);
    inc[acc_pkg::PerfFilterSpadRead]  = 64'(ev_frd);
    inc[acc_pkg::PerfFilterSpadWrite] = 64'(ev_fwr);
    inc[acc_pkg::PerfIfmapSpadRead]   = 64'(ev_ird);
    inc[acc_pkg::PerfIfmapSpadWrite]  = 64'(ev_iwr);
    inc[acc_pkg::PerfPsumSpadRead]    = 64'(ev_prd);
    inc[acc_pkg::PerfPsumSpadWrite]   = 64'(ev_pwr);
    inc[acc_pkg::PerfScLaneCycles]    = 64'(ev_scs) << sc_lane_shift;
    // Network transfers (one per multicast, whatever the number of receivers); filter
    // transfers count the weights they carry (up to 64/DataWidth, padding not counted).
    inc[acc_pkg::PerfNocFilter] = (f_valid && f_ready) ? 64'(f_weights) : '0;
    inc[acc_pkg::PerfNocIfmap]  = 64'(i_valid && i_ready);
    inc[acc_pkg::PerfNocPsum]   = (p_valid && p_ready) ? (p_two ? 64'd2 : 64'd1) : '0;  // psums
    inc[acc_pkg::PerfArrayOut]  = (o_valid && o_ready) ? (o_take_two ? 64'd2 : 64'd1) : '0;
    inc[acc_pkg::PerfDramStall] = 64'(dram_wait);
    // Active PEs of the pass summed over its run cycles.
    inc[acc_pkg::PerfActivePeCycles] =
        (busy_o && phase == acc_pkg::PhaseRun) ? 64'(n_active) : '0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int i = 0; i < NumPerf; i++) perf_q[i] <= '0;
    end else if (start_q && !busy_o) begin
      for (int i = 0; i < NumPerf; i++) perf_q[i] <= '0;
    end else begin
      for (int i = 0; i < NumPerf; i++) perf_q[i] <= perf_q[i] + inc[i];
    end
  end
  assign perf_o = (32'(perf_sel_i) < NumPerf) ? perf_q[perf_sel_i] : '0;

  // The DMAs read their fields; the rest of their commands (opcode, flags, reserved) is unused.
  logic unused_bits;
  assign unused_bits = ^{fill_cmd, drain_cmd};
endmodule
