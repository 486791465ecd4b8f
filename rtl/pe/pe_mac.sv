// SPDX-License-Identifier: Apache-2.0
// PE datapath, pipeline stages 2 and 3 (stage 1, issue, is the sequencer in pe.sv).
//   S2: multiply weight x activation (gated when the activation is zero).
//   S3: accumulate into the psum scratchpad; on the last term of an output, add the incoming
//       psum instead of writing back, and push the result out.
// Sums wrap modulo 2^AccWidth (docs/numerics.md). The psum scratchpad is a register file read
// in S3 and written at the clock edge, so back-to-back terms of one psum need no forwarding.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module pe_mac #(
  parameter int DataWidth = acc_pkg::DefaultDataWidth,
  parameter int AccWidth  = acc_pkg::DefaultAccWidth,
  parameter int PsumWords = acc_pkg::DefaultPsumWords,
  parameter int MacKind    = acc_pkg::DefaultMacKind,     // 0 exact, 1 stochastic (sc_mul.sv)
  parameter int ScLanes    = acc_pkg::DefaultScLanes,
  parameter int ScMaxLog2L = acc_pkg::DefaultScMaxLog2L,
  localparam int PsumAddrW = $clog2(PsumWords)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // Issued operation (from S1), taken into S2 when advance_o is high.
  input  logic                 issue_valid_i,
  input  logic                 issue_zero_i,   // activation is zero: skip the multiply
  input  logic                 issue_first_i,  // first term of this output: start from 0
  input  logic                 issue_last_i,   // last term: finish and push out
  input  logic [PsumAddrW-1:0] issue_pf_i,     // which of the p interleaved filters
  input  logic [DataWidth-1:0] issue_x_i,      // activation
  input  logic [DataWidth-1:0] w_i,            // weight, read in S1, valid in S2
  // Stochastic MAC only (else unused): the term's stream start, and the layer's settings.
  input  logic [6:0]           issue_t0_i,
  input  logic [2:0]           sc_log2l_i,
  input  logic                 sc_lfsr_i,
  input  logic                 psum_in_en_i,
  // Incoming psum (from the PE below or the buffer) and outgoing psum.
  input  logic                 psum_in_valid_i,
  output logic                 psum_in_ready_o,
  input  logic [AccWidth-1:0]  psum_in_data_i,
  output logic                 psum_out_valid_o,
  input  logic                 psum_out_ready_i,
  output logic [AccWidth-1:0]  psum_out_data_o,
  // Pipeline control and activity.
  output logic                 advance_o,      // whole pipeline moves this cycle
  output logic                 busy_o,         // S2 or S3 holds an operation
  output logic                 ev_mac_o,       // a multiply was done
  output logic                 ev_zero_skip_o, // a multiply was skipped (zero gating)
  output logic                 ev_psum_rd_o,
  output logic                 ev_psum_wr_o,
  output logic                 ev_sc_stream_o  // a stochastic product ran a stream cycle
);
  localparam int ProdW = 2 * DataWidth;

  // S2 registers.
  logic                 s2_valid_q, s2_zero_q, s2_first_q, s2_last_q;
  logic [PsumAddrW-1:0] s2_pf_q;
  logic [DataWidth-1:0] s2_x_q;
  logic [6:0]           s2_t0_q;
  // S3 registers.
  logic                 s3_valid_q, s3_first_q, s3_last_q;
  logic [PsumAddrW-1:0] s3_pf_q;
  logic [AccWidth-1:0]  s3_prod_q;
  logic [AccWidth-1:0]  psum_rdata;           // psum scratchpad word s3_pf_q

  // ---- S2: multiply ----------------------------------------------------------------------
  logic signed [ProdW-1:0] prod_raw, prod;
  logic [AccWidth-1:0]     prod_ext;
  logic                    s2_wait;   // S2 holds a product still being computed
  // Kept separate from the mux below: inside `?:` with an unsigned '0 the operands would be
  // zero-extended. Zero gating: the weight is not read and s2_x_q is not reloaded, so the
  // multiplier inputs do not toggle; the product is forced to 0.
  if (MacKind == 1) begin : gen_sc_mul
    // Stochastic: the product takes max(1, L / ScLanes) cycles in S2 (none when an operand is
    // 0), holding the whole pipeline meanwhile; S3 keeps accumulating binary psums.
    logic sc_valid, sc_ready;
    assign sc_valid = s2_valid_q && !s2_zero_q;
    assign s2_wait  = sc_valid && !sc_ready;
    sc_mul #(.Lanes(ScLanes), .MaxLog2L(ScMaxLog2L)) u_sc_mul (
      .clk_i, .rst_ni, .log2l_i(sc_log2l_i), .rng_lfsr_i(sc_lfsr_i),
      .valid_i(sc_valid), .x_i(s2_x_q), .w_i(w_i), .t0_i(s2_t0_q),
      .accept_i(sc_valid && advance_o), .ready_o(sc_ready), .prod_o(prod_raw),
      .ev_stream_o(ev_sc_stream_o));
  end else begin : gen_exact_mul
    assign s2_wait  = 1'b0;
    assign prod_raw = $signed(w_i) * $signed(s2_x_q);
    assign ev_sc_stream_o = 1'b0;
    logic unused_sc;
    assign unused_sc = ^{s2_t0_q, sc_log2l_i, sc_lfsr_i};
  end
  assign prod     = s2_zero_q ? '0 : prod_raw;
  if (AccWidth > ProdW) begin : gen_sext
    assign prod_ext = {{(AccWidth - ProdW){prod[ProdW-1]}}, prod};
  end else begin : gen_noext
    assign prod_ext = prod;
  end

  // ---- S3: accumulate ---------------------------------------------------------------------
  logic [AccWidth-1:0] acc_base, acc_sum, psum_in_term;
  logic                s3_out, io_ok;
  assign acc_base     = s3_first_q ? '0 : psum_rdata;
  assign acc_sum      = acc_base + s3_prod_q;                 // wraps modulo 2^AccWidth
  assign psum_in_term = psum_in_en_i ? psum_in_data_i : '0;
  assign s3_out       = s3_valid_q && s3_last_q;
  // An output needs its incoming psum (if enabled) and room downstream; otherwise all stall.
  assign io_ok        = psum_out_ready_i && (!psum_in_en_i || psum_in_valid_i);
  assign advance_o    = !(s3_out && !io_ok) && !s2_wait;

  // The output handshake completes only in a cycle the pipeline advances: not while S2 still
  // computes a stochastic product (S3 waits with it; the throughput is S2's either way).
  assign psum_out_valid_o = s3_out && (!psum_in_en_i || psum_in_valid_i) && !s2_wait;
  assign psum_out_data_o  = acc_sum + psum_in_term;           // wraps modulo 2^AccWidth
  assign psum_in_ready_o  = s3_out && psum_in_en_i && psum_out_ready_i && !s2_wait;

  assign busy_o         = s2_valid_q || s3_valid_q;
  assign ev_mac_o       = advance_o && s2_valid_q && !s2_zero_q;
  assign ev_zero_skip_o = advance_o && s2_valid_q && s2_zero_q;
  assign ev_psum_rd_o   = advance_o && s3_valid_q && !s3_first_q;
  assign ev_psum_wr_o   = advance_o && s3_valid_q && !s3_last_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s2_valid_q <= 1'b0;
      s3_valid_q <= 1'b0;
    end else if (advance_o) begin
      s2_valid_q <= issue_valid_i;
      s3_valid_q <= s2_valid_q;
    end
  end

  // Datapath registers without reset: qualified by the valid bits above.
  always_ff @(posedge clk_i) begin
    if (advance_o) begin
      s2_zero_q  <= issue_zero_i;
      s2_first_q <= issue_first_i;
      s2_last_q  <= issue_last_i;
      s2_pf_q    <= issue_pf_i;
      if (issue_valid_i && !issue_zero_i) s2_x_q <= issue_x_i;
      s2_t0_q    <= issue_t0_i;
      s3_first_q <= s2_first_q;
      s3_last_q  <= s2_last_q;
      s3_pf_q    <= s2_pf_q;
      s3_prod_q  <= prod_ext;
    end
  end

  // Psum scratchpad: read and written at the same word (s3_pf_q).
  regfile #(.Width(AccWidth), .Depth(PsumWords)) u_psum_spad (
    .clk_i, .we_i(ev_psum_wr_o), .waddr_i(s3_pf_q), .wdata_i(acc_sum),
    .raddr_i(s3_pf_q), .rdata_o(psum_rdata));

`ifndef SYNTHESIS
  initial begin
    if (MacKind == 1 && (ScLanes < 1 || ScLanes > 128 || (ScLanes & (ScLanes - 1)) != 0 ||
                         ScMaxLog2L < 4 || ScMaxLog2L > 7 || DataWidth != 8))
      $fatal(1, "pe_mac: stochastic MAC with ScLanes=%0d ScMaxLog2L=%0d DataWidth=%0d",
             ScLanes, ScMaxLog2L, DataWidth);
  end
  // Clocked immediate assertions, for simulation speed (see fifo.sv); a reset at either edge
  // disables a check. Without assertions (RSACC_NO_ASSERT) the registers go too (see fifo.sv).
`ifndef RSACC_NO_ASSERT
  logic                out_stalled_q;
  logic [AccWidth-1:0] out_stalled_data_q;
  always_ff @(posedge clk_i) begin
    out_stalled_q      <= rst_ni && psum_out_valid_o && !psum_out_ready_i;
    out_stalled_data_q <= psum_out_data_o;
    if (rst_ni) begin
      `RSACC_ASSERT_IMM(a_pf_range, !s3_valid_q || 32'(s3_pf_q) < PsumWords,
          ("pe_mac: psum index %0d >= PsumWords %0d", s3_pf_q, PsumWords))
      `RSACC_ASSERT_IMM(a_out_stable, !out_stalled_q ||
          (psum_out_valid_o && psum_out_data_o == out_stalled_data_q),
          ("pe_mac: psum output changed while stalled"))
    end
  end
`endif  // RSACC_NO_ASSERT
`endif
endmodule
