// SPDX-License-Identifier: Apache-2.0
// Layer controller: takes command words from the fetcher and decodes one command (CmdWords words,
// docs/commands.md) at a time. The fill DMA, the pass (array, streamers, output writer) and the
// drain DMA run concurrently: a command starts as soon as the units it depends on are free, and
// the controller goes on to the next command while it runs (docs/commands.md, "Ordering"):
//   OpFill  - fill DMA, DRAM -> buffer; waits for the previous fill, and also for the running
//             pass when its flag after_run (f0 bit 16) is set (it overwrites the pass's data)
//   OpPass  - waits until no fill or pass runs and, with its flag after_drain (f0 bit 16), no
//             drain (the pass writes where the drain reads); computes the PE IDs (pass_ids)
//             unless the fields they depend on (R, r, e, t, stride_v) equal the previous pass's,
//             then starts the array, the three streamers and the output writer
//   OpDrain - drain DMA, a pass's ofmap from the buffer to DRAM; waits for the previous drain
//             and, with its flag after_run (f0 bit 16), the running pass (whose ofmap it copies;
//             clear when the drain is listed after the next pass, so its pass has ended)
//   OpEnd   - done once every unit is idle
// A bad opcode, a pass with a zero dimension or SC settings the MAC cannot run (docs/stochastic.md),
// a fill whose run-length compressed data are malformed (rlc_fill.sv) or a list without OpEnd
// stops with an error status (after the units that are running have finished).
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module controller #(
  parameter int MacKind    = acc_pkg::DefaultMacKind,     // 1: stochastic MAC (pass checks)
  parameter int ScMaxLog2L = acc_pkg::DefaultScMaxLog2L
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               start_i,
  output logic               busy_o,
  output logic               done_o,      // high from the end of a run until the next start
  output logic [7:0]         status_o,
  // Command words.
  input  logic               word_valid_i,
  output logic               word_ready_o,
  input  logic [63:0]        word_i,
  input  logic               exhausted_i,
  // The running fill's and drain's commands (their DMAs read the fields from here) and the
  // running pass's.
  output acc_pkg::cmd_fill_t  fill_cmd_o,
  output acc_pkg::cmd_drain_t drain_cmd_o,
  output acc_pkg::pass_t     pass_o,
  // Units.
  output logic               fill_start_o,
  input  logic               fill_done_i,
  input  logic               fill_error_i,   // with fill_done_i: the fill stopped on bad data
  output logic               drain_start_o,
  input  logic               drain_done_i,
  input  logic               port_idle_i,  // no request queued at the DRAM port: writes are out
  output logic               ids_start_o,
  input  logic               ids_done_i,
  output logic               run_start_o,  // array, streamers and output writer
  input  logic               run_done_i,   // writer done, array and streamers idle
  // Phase, for cycle accounting: each cycle goes to the first active one of run, ids, drain,
  // fill, else wait (fetch or waiting), so fills and drains count only where they are not
  // hidden behind a pass.
  output acc_pkg::phase_e    phase_o,
  output logic               cmd_taken_o   // a command was started this cycle
);
  // The command being decoded, viewed as each kind (acc_pkg::cmd_*_t overlay the same bits).
  acc_pkg::ctrl_state_e st_q, st_d;
  acc_pkg::cmd_t   cmd_q;
  acc_pkg::cmd_fill_t  cmd_fill;
  acc_pkg::cmd_drain_t cmd_drain;
  logic [2:0]      word_cnt_q;
  acc_pkg::pass_t  pass_q, pass_dec;
  logic            done_q;
  logic [7:0]      status_q;
  logic [7:0]      op;
  logic            bad_pass, sc_ok;
  logic            fill_busy_q, drain_busy_q, run_busy_q, all_idle, fill_after_run;
  logic            fill_err_q;   // a fill of this run stopped on malformed compressed data
  logic            pass_after_drain, drain_after_run;
  logic            ids_same;
  acc_pkg::cmd_fill_t  fill_cmd_q;
  acc_pkg::cmd_drain_t drain_cmd_q;

  assign cmd_fill  = cmd_q;
  assign cmd_drain = cmd_q;
  assign pass_dec  = cmd_q;
  assign op = pass_dec.opcode;                      // the same bits in every kind
  assign fill_after_run = cmd_fill.after_run;       // OpFill: wait for the running pass
  assign pass_after_drain = pass_dec.after_drain;   // OpPass: wait for the running drain
  assign drain_after_run = cmd_drain.after_run;     // OpDrain: wait for the running pass
  // Done means the ofmap is in DRAM: the drain's last writes must have left the port's queue.
  assign all_idle = !fill_busy_q && !drain_busy_q && !run_busy_q && port_idle_i;

  // The PE IDs of the previous pass still hold (pass_ids keeps them; a zero fr is never valid,
  // so the reset value of pass_q never matches).
  assign ids_same = pass_q.fr != 0 && pass_dec.fr == pass_q.fr && pass_dec.r == pass_q.r &&
                    pass_dec.e == pass_q.e && pass_dec.t == pass_q.t && pass_dec.uv == pass_q.uv;
  assign bad_pass = pass_dec.fr == 0 || pass_dec.fs == 0 || pass_dec.uh == 0 ||
                    pass_dec.uv == 0 || pass_dec.r == 0 || pass_dec.p == 0 || pass_dec.q == 0 ||
                    pass_dec.t == 0 || pass_dec.e == 0 || pass_dec.n == 0 || pass_dec.f == 0 ||
                    !sc_ok;
  // The stream length must suit the MAC: 16..2^ScMaxLog2L on a stochastic one, absent (0, with
  // the other SC fields) on an exact one, so an SC layer never runs silently exact.
  if (MacKind == 1 && ScMaxLog2L >= 7) begin : gen_sc_check   // (any 3-bit log2 L <= 7)
    assign sc_ok = pass_dec.sc_log2l >= 3'd4;
  end else if (MacKind == 1) begin : gen_sc_check_max
    assign sc_ok = pass_dec.sc_log2l >= 3'd4 && pass_dec.sc_log2l <= 3'(ScMaxLog2L);
  end else begin : gen_exact_check
    assign sc_ok = pass_dec.sc_log2l == 3'd0 && !pass_dec.sc_lfsr && !pass_dec.sc_column;
  end

  assign word_ready_o = st_q == acc_pkg::StLoad;
  // A DMA reads its fields from the cycle of its start on; the copy is taken at that edge.
  assign fill_cmd_o   = fill_start_o ? cmd_fill : fill_cmd_q;
  assign drain_cmd_o  = drain_start_o ? cmd_drain : drain_cmd_q;
  assign pass_o       = pass_q;
  assign busy_o       = st_q != acc_pkg::StIdle;
  assign done_o       = done_q;
  assign status_o     = status_q;
  assign cmd_taken_o  = st_q == acc_pkg::StExec && st_d != acc_pkg::StExec;

  logic [7:0] status_d;
  logic       done_d;
  always_comb begin
    st_d = st_q;
    status_d = status_q;
    done_d = done_q;
    fill_start_o = 1'b0; drain_start_o = 1'b0; ids_start_o = 1'b0; run_start_o = 1'b0;
    unique case (st_q)
      acc_pkg::StIdle: if (start_i) begin
        st_d = acc_pkg::StLoad; status_d = acc_pkg::StatusOk; done_d = 1'b0;
      end
      // A fill that stopped on malformed compressed data ends the run once every unit is idle.
      acc_pkg::StLoad, acc_pkg::StExec: if (fill_err_q) begin
        if (all_idle) begin st_d = acc_pkg::StIdle; status_d = acc_pkg::StatusBadRlc; done_d = 1'b1; end
      end else if (st_q == acc_pkg::StLoad) begin
        if (word_valid_i && word_cnt_q == 3'(acc_pkg::CmdWords - 1)) st_d = acc_pkg::StExec;
        else if (!word_valid_i && exhausted_i) begin
          st_d = acc_pkg::StIdle; status_d = acc_pkg::StatusNoEnd; done_d = 1'b1;
        end
      end else begin
        unique case (op)
          acc_pkg::OpEnd: if (all_idle) begin st_d = acc_pkg::StIdle; done_d = 1'b1; end
          acc_pkg::OpFill: if (!fill_busy_q && !(fill_after_run && run_busy_q)) begin
            st_d = acc_pkg::StLoad; fill_start_o = 1'b1;
          end
          acc_pkg::OpDrain: if (!drain_busy_q && !(drain_after_run && run_busy_q)) begin
            st_d = acc_pkg::StLoad; drain_start_o = 1'b1;
          end
          // A pass needs its fills done; with after_drain it writes where the drain reads.
          acc_pkg::OpPass: begin
            if (bad_pass) begin
              if (all_idle) begin st_d = acc_pkg::StIdle; status_d = acc_pkg::StatusBadPass; done_d = 1'b1; end
            end else if (!fill_busy_q && !run_busy_q && !(pass_after_drain && drain_busy_q)) begin
              st_d = acc_pkg::StIds; ids_start_o = !ids_same;  // else acc_pkg::StIds sees ids_done next cycle
            end
          end
          default: if (all_idle) begin
            st_d = acc_pkg::StIdle; status_d = acc_pkg::StatusBadOpcode; done_d = 1'b1;
          end
        endcase
      end
      acc_pkg::StIds:   if (ids_done_i) begin st_d = acc_pkg::StLoad; run_start_o = 1'b1; end
      default: st_d = acc_pkg::StIdle;
    endcase
  end

  always_comb begin
    if (run_busy_q) phase_o = acc_pkg::PhaseRun;
    else if (st_q == acc_pkg::StIds) phase_o = acc_pkg::PhaseIds;
    else if (drain_busy_q) phase_o = acc_pkg::PhaseDrain;
    else if (fill_busy_q) phase_o = acc_pkg::PhaseFill;
    else phase_o = acc_pkg::PhaseWait;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q <= acc_pkg::StIdle; cmd_q <= '0; word_cnt_q <= '0; pass_q <= '0; done_q <= 1'b0;
      status_q <= acc_pkg::StatusOk;
      fill_busy_q <= 1'b0; drain_busy_q <= 1'b0; run_busy_q <= 1'b0; fill_err_q <= 1'b0;
      fill_cmd_q <= '0; drain_cmd_q <= '0;
    end else begin
      // A unit is busy from its start until its done (done is low from the cycle after start).
      if (fill_start_o) begin
        fill_busy_q <= 1'b1; fill_cmd_q <= cmd_fill;
      end else if (fill_done_i) fill_busy_q <= 1'b0;
      if (st_q == acc_pkg::StIdle) fill_err_q <= 1'b0;
      else if (fill_busy_q && fill_done_i && fill_error_i) fill_err_q <= 1'b1;
      if (drain_start_o) begin
        drain_busy_q <= 1'b1; drain_cmd_q <= cmd_drain;
      end else if (drain_done_i) drain_busy_q <= 1'b0;
      if (run_start_o) run_busy_q <= 1'b1;
      else if (run_done_i) run_busy_q <= 1'b0;
      st_q     <= st_d;
      status_q <= status_d;
      done_q   <= done_d;
      if (st_q == acc_pkg::StIdle) word_cnt_q <= '0;
      if (word_valid_i && word_ready_o) begin
        cmd_q[word_cnt_q*64 +: 64] <= word_i;
        word_cnt_q <= word_cnt_q + 1'b1;
      end
      if (st_q == acc_pkg::StExec && st_d == acc_pkg::StIds) pass_q <= pass_dec;
    end
  end

`ifndef SYNTHESIS
  // A unit reports done only for work it was given.
  `RSACC_ASSERT_NEXT(a_run_done, run_start_o, !run_done_i,
      ("controller: pass reported done right after its start"))
  // One unit starts per cycle, and only a free one.
  `RSACC_ASSERT(a_one_start, $onehot0({fill_start_o, drain_start_o, ids_start_o, run_start_o}),
      ("controller: two units started in one cycle"))
  `RSACC_ASSERT_IMPL(a_start_free, fill_start_o || drain_start_o || run_start_o,
      !(fill_start_o && fill_busy_q) && !(drain_start_o && drain_busy_q) &&
      !(run_start_o && run_busy_q),
      ("controller: a unit started while busy"))
`endif
endmodule
