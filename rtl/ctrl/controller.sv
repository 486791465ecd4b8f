// Layer controller: takes command words from the fetcher, decodes one command (CmdWords words,
// docs/commands.md) at a time and runs it to completion:
//   OpFill  - fill DMA, DRAM -> buffer
//   OpPass  - compute the PE IDs of the pass (pass_ids), then start the array, the three
//             streamers and the output writer; done when every output is in the buffer
//   OpDrain - drain DMA, ofmap from the buffer to DRAM
//   OpEnd   - done
// A bad opcode, a pass with a zero dimension or a list without OpEnd stops with an error status.
`default_nettype none

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
  output acc_pkg::pass_t     pass_o,
  // Units.
  output logic               fill_start_o,
  input  logic               fill_done_i,
  output logic               drain_start_o,
  input  logic               drain_done_i,
  output logic               ids_start_o,
  input  logic               ids_done_i,
  output logic               run_start_o,  // array, streamers and output writer
  input  logic               run_done_i,   // writer done, array and streamers idle
  // Phase, for cycle accounting: 0 idle/fetch, 1 fill, 2 ids, 3 run, 4 drain.
  output logic [2:0]         phase_o,
  output logic               cmd_taken_o   // a command was decoded this cycle
);
  typedef enum logic [2:0] {StIdle, StLoad, StExec, StFill, StIds, StRun, StDrain} state_e;

  state_e          st_q, st_d;
  logic [511:0]    cmd_q;
  logic [2:0]      word_cnt_q;
  acc_pkg::pass_t  pass_q, pass_dec;
  logic            done_q;
  logic [7:0]      status_q;
  logic [7:0]      op;
  logic            bad_pass;

  // Field i of the command is cmd_q[32*i +: 32].
  logic unused_fields;
  assign unused_fields = ^{cmd_q[511:448], cmd_q[31:8]};

  assign op = cmd_q[7:0];

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
  end
  assign bad_pass = pass_dec.fr == 0 || pass_dec.fs == 0 || pass_dec.uh == 0 ||
                    pass_dec.uv == 0 || pass_dec.r == 0 || pass_dec.p == 0 || pass_dec.q == 0 ||
                    pass_dec.t == 0 || pass_dec.e == 0 || pass_dec.n == 0 || pass_dec.f == 0;

  assign word_ready_o = st_q == StLoad;
  assign cmd_o        = cmd_q;
  assign pass_o       = pass_q;
  assign busy_o       = st_q != StIdle;
  assign done_o       = done_q;
  assign status_o     = status_q;
  assign cmd_taken_o  = st_q == StExec;

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
          acc_pkg::OpEnd:  begin st_d = StIdle; done_d = 1'b1; end
          acc_pkg::OpFill: begin st_d = StFill; fill_start_o = 1'b1; end
          acc_pkg::OpDrain: begin st_d = StDrain; drain_start_o = 1'b1; end
          acc_pkg::OpPass: begin
            if (bad_pass) begin
              st_d = StIdle; status_d = acc_pkg::StatusBadPass; done_d = 1'b1;
            end else begin
              st_d = StIds; ids_start_o = 1'b1;
            end
          end
          default: begin st_d = StIdle; status_d = acc_pkg::StatusBadOpcode; done_d = 1'b1; end
        endcase
      end
      StFill:  if (fill_done_i) st_d = StLoad;
      StDrain: if (drain_done_i) st_d = StLoad;
      StIds:   if (ids_done_i) begin st_d = StRun; run_start_o = 1'b1; end
      StRun:   if (run_done_i) st_d = StLoad;
      default: st_d = StIdle;
    endcase
  end

  always_comb begin
    unique case (st_q)
      StFill:  phase_o = 3'd1;
      StIds:   phase_o = 3'd2;
      StRun:   phase_o = 3'd3;
      StDrain: phase_o = 3'd4;
      default: phase_o = 3'd0;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q <= StIdle; cmd_q <= '0; word_cnt_q <= '0; pass_q <= '0; done_q <= 1'b0;
      status_q <= acc_pkg::StatusOk;
    end else begin
      st_q     <= st_d;
      status_q <= status_d;
      done_q   <= done_d;
      if (st_q == StIdle) word_cnt_q <= '0;
      if (word_valid_i && word_ready_o) begin
        cmd_q[word_cnt_q*64 +: 64] <= word_i;
        word_cnt_q <= word_cnt_q + 1'b1;
      end
      if (st_q == StExec && op == acc_pkg::OpPass) pass_q <= pass_dec;
    end
  end

`ifndef SYNTHESIS
  // A unit reports done only for work it was given.
  a_run_done: assert property (@(posedge clk_i) disable iff (!rst_ni)
      run_start_o |=> !run_done_i || st_q != StRun)
    else $error("controller: pass reported done right after its start");
`endif
endmodule
