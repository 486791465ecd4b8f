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
// A bad opcode, a pass with a zero dimension or a list without OpEnd stops with an error status
// (after the units that are running have finished).
`default_nettype none
`ifndef SYNTHESIS
`include "rtl/common/rsacc_assert.svh"
`endif

module controller (
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
  // Current command (fields of OpFill / OpDrain are read by the DMAs from here).
  output logic [511:0]       cmd_o,
  output logic [255:0]       fill_cmd_o,   // the running fill's command (fields 0-7)
  output logic [383:0]       drain_cmd_o,  // the running drain's command (fields 0-11)
  output acc_pkg::pass_t     pass_o,
  // Units.
  output logic               fill_start_o,
  input  logic               fill_done_i,
  output logic               drain_start_o,
  input  logic               drain_done_i,
  input  logic               port_idle_i,  // no request queued at the DRAM port: writes are out
  output logic               ids_start_o,
  input  logic               ids_done_i,
  output logic               run_start_o,  // array, streamers and output writer
  input  logic               run_done_i,   // writer done, array and streamers idle
  // Phase, for cycle accounting: each cycle goes to the first active one of 3 pass, 2 ids,
  // 4 drain, 1 fill, else 0 (fetch or waiting), so fills and drains count only where they are
  // not hidden behind a pass.
  output logic [2:0]         phase_o,
  output logic               cmd_taken_o   // a command was started this cycle
);
  typedef enum logic [1:0] {StIdle, StLoad, StExec, StIds} state_e;

  state_e          st_q, st_d;
  logic [511:0]    cmd_q;
  logic [2:0]      word_cnt_q;
  acc_pkg::pass_t  pass_q, pass_dec;
  logic            done_q;
  logic [7:0]      status_q;
  logic [7:0]      op;
  logic            bad_pass;
  logic            fill_busy_q, drain_busy_q, run_busy_q, all_idle, fill_after_run;
  logic            pass_after_drain, drain_after_run;
  logic            ids_same;
  logic [255:0]    fill_cmd_q;
  logic [383:0]    drain_cmd_q;

  // Field i of the command is cmd_q[32*i +: 32].
  logic unused_fields;
  assign unused_fields = ^{cmd_q[511:480], cmd_q[31:17], cmd_q[15:8]};

  assign op = cmd_q[7:0];
  assign fill_after_run = cmd_q[16];   // OpFill: wait for the running pass
  assign pass_after_drain = cmd_q[16]; // OpPass: wait for the running drain
  assign drain_after_run = cmd_q[16];  // OpDrain: wait for the running pass
  // Done means the ofmap is in DRAM: the drain's last writes must have left the port's queue.
  assign all_idle = !fill_busy_q && !drain_busy_q && !run_busy_q && port_idle_i;

  // OpPass fields (docs/commands.md).
  always_comb begin
    pass_dec.fr        = cmd_q[32 +: 8];
    pass_dec.fs        = cmd_q[40 +: 8];
    pass_dec.uh        = cmd_q[48 +: 8];
    pass_dec.uv        = cmd_q[56 +: 8];
    pass_dec.pad_t     = cmd_q[64 +: 8];
    pass_dec.pad_l     = cmd_q[72 +: 8];
    pass_dec.r         = cmd_q[80 +: 8];
    pass_dec.p         = cmd_q[88 +: 8];
    pass_dec.q         = cmd_q[96 +: 8];
    pass_dec.t         = cmd_q[104 +: 8];
    pass_dec.e         = cmd_q[112 +: 8];
    pass_dec.psum_in   = cmd_q[120];
    pass_dec.bias_in   = cmd_q[121];
    pass_dec.last      = cmd_q[122];
    pass_dec.relu      = cmd_q[123];
    pass_dec.n         = cmd_q[128 +: 16];
    pass_dec.f         = cmd_q[144 +: 16];
    pass_dec.h         = cmd_q[160 +: 16];
    pass_dec.w         = cmd_q[176 +: 16];
    pass_dec.y_start   = cmd_q[192 +: 16];
    pass_dec.tile_y0   = cmd_q[208 +: 16];
    pass_dec.tile_rows = cmd_q[224 +: 16];
    pass_dec.pitch     = cmd_q[240 +: 16];
    pass_dec.c         = cmd_q[256 +: 16];
    pass_dec.m         = cmd_q[272 +: 16];
    pass_dec.ifm_base  = cmd_q[288 +: 32];
    pass_dec.filt_base = cmd_q[320 +: 32];
    pass_dec.psum_base = cmd_q[352 +: 32];
    pass_dec.bias_base = cmd_q[384 +: 32];
    pass_dec.shift     = cmd_q[416 +: 8];
    pass_dec.out_base  = cmd_q[448 +: 32];
  end
  // The PE IDs of the previous pass still hold (pass_ids keeps them; a zero fr is never valid,
  // so the reset value of pass_q never matches).
  assign ids_same = pass_q.fr != 0 && pass_dec.fr == pass_q.fr && pass_dec.r == pass_q.r &&
                    pass_dec.e == pass_q.e && pass_dec.t == pass_q.t && pass_dec.uv == pass_q.uv;
  assign bad_pass = pass_dec.fr == 0 || pass_dec.fs == 0 || pass_dec.uh == 0 ||
                    pass_dec.uv == 0 || pass_dec.r == 0 || pass_dec.p == 0 || pass_dec.q == 0 ||
                    pass_dec.t == 0 || pass_dec.e == 0 || pass_dec.n == 0 || pass_dec.f == 0;

  assign word_ready_o = st_q == StLoad;
  assign cmd_o        = cmd_q;
  // A DMA reads its fields from the cycle of its start on; the copy is taken at that edge.
  assign fill_cmd_o   = fill_start_o ? cmd_q[255:0] : fill_cmd_q;
  assign drain_cmd_o  = drain_start_o ? cmd_q[383:0] : drain_cmd_q;
  assign pass_o       = pass_q;
  assign busy_o       = st_q != StIdle;
  assign done_o       = done_q;
  assign status_o     = status_q;
  assign cmd_taken_o  = st_q == StExec && st_d != StExec;

  logic [7:0] status_d;
  logic       done_d;
  always_comb begin
    st_d = st_q;
    status_d = status_q;
    done_d = done_q;
    fill_start_o = 1'b0; drain_start_o = 1'b0; ids_start_o = 1'b0; run_start_o = 1'b0;
    unique case (st_q)
      StIdle: if (start_i) begin
        st_d = StLoad; status_d = acc_pkg::StatusOk; done_d = 1'b0;
      end
      StLoad: begin
        if (word_valid_i && word_cnt_q == 3'(acc_pkg::CmdWords - 1)) st_d = StExec;
        else if (!word_valid_i && exhausted_i) begin
          st_d = StIdle; status_d = acc_pkg::StatusNoEnd; done_d = 1'b1;
        end
      end
      StExec: begin
        unique case (op)
          acc_pkg::OpEnd: if (all_idle) begin st_d = StIdle; done_d = 1'b1; end
          acc_pkg::OpFill: if (!fill_busy_q && !(fill_after_run && run_busy_q)) begin
            st_d = StLoad; fill_start_o = 1'b1;
          end
          acc_pkg::OpDrain: if (!drain_busy_q && !(drain_after_run && run_busy_q)) begin
            st_d = StLoad; drain_start_o = 1'b1;
          end
          // A pass needs its fills done; with after_drain it writes where the drain reads.
          acc_pkg::OpPass: begin
            if (bad_pass) begin
              if (all_idle) begin st_d = StIdle; status_d = acc_pkg::StatusBadPass; done_d = 1'b1; end
            end else if (!fill_busy_q && !run_busy_q && !(pass_after_drain && drain_busy_q)) begin
              st_d = StIds; ids_start_o = !ids_same;  // else StIds sees ids_done next cycle
            end
          end
          default: if (all_idle) begin
            st_d = StIdle; status_d = acc_pkg::StatusBadOpcode; done_d = 1'b1;
          end
        endcase
      end
      StIds:   if (ids_done_i) begin st_d = StLoad; run_start_o = 1'b1; end
      default: st_d = StIdle;
    endcase
  end

  always_comb begin
    if (run_busy_q) phase_o = 3'd3;
    else if (st_q == StIds) phase_o = 3'd2;
    else if (drain_busy_q) phase_o = 3'd4;
    else if (fill_busy_q) phase_o = 3'd1;
    else phase_o = 3'd0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q <= StIdle; cmd_q <= '0; word_cnt_q <= '0; pass_q <= '0; done_q <= 1'b0;
      status_q <= acc_pkg::StatusOk;
      fill_busy_q <= 1'b0; drain_busy_q <= 1'b0; run_busy_q <= 1'b0;
      fill_cmd_q <= '0; drain_cmd_q <= '0;
    end else begin
      // A unit is busy from its start until its done (done is low from the cycle after start).
      if (fill_start_o) begin
        fill_busy_q <= 1'b1; fill_cmd_q <= cmd_q[255:0];
      end else if (fill_done_i) fill_busy_q <= 1'b0;
      if (drain_start_o) begin
        drain_busy_q <= 1'b1; drain_cmd_q <= cmd_q[383:0];
      end else if (drain_done_i) drain_busy_q <= 1'b0;
      if (run_start_o) run_busy_q <= 1'b1;
      else if (run_done_i) run_busy_q <= 1'b0;
      st_q     <= st_d;
      status_q <= status_d;
      done_q   <= done_d;
      if (st_q == StIdle) word_cnt_q <= '0;
      if (word_valid_i && word_ready_o) begin
        cmd_q[word_cnt_q*64 +: 64] <= word_i;
        word_cnt_q <= word_cnt_q + 1'b1;
      end
      if (st_q == StExec && st_d == StIds) pass_q <= pass_dec;
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
