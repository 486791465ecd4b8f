// SPDX-License-Identifier: Apache-2.0
// Stochastic-computing multiplier (docs/stochastic.md): sign-magnitude operands, unipolar
// streams compared against two random sources, AND, up/down count, shift to product units.
// Lanes stream bits per cycle: a product takes max(1, L / Lanes) cycles, none when an operand
// is 0. Sobol numbers are a pure function of the index (XOR of direction numbers over the Gray
// code), computed per lane; the LFSR states are registers stepped Lanes times per cycle,
// started from a table of the states at t0 = 16 i (every start the spec uses).
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module sc_mul #(
  parameter int Lanes    = 8,   // SC_LANES: stream bits per cycle, a power of two, 1..128
  parameter int MaxLog2L = 7    // longest stream 2^MaxLog2L, 4..7
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [2:0]  log2l_i,     // log2 L, 4..MaxLog2L
  input  logic        rng_lfsr_i,  // 0 Sobol, 1 extended LFSR
  input  logic        valid_i,     // x_i, w_i, t0_i held while valid_i until accept_i
  input  logic [7:0]  x_i,
  input  logic [7:0]  w_i,
  input  logic [6:0]  t0_i,        // stream start: a multiple of 16
  input  logic        accept_i,
  output logic        ready_o,
  output logic [15:0] prod_o,      // (up/down count) << (14 - log2 L)
  output logic        ev_stream_o
);
  localparam int CntW  = MaxLog2L + 2;   // signed count in [-L, L]
  localparam int LaneW = $clog2(Lanes) + 1;

  // ---- operands: sign-magnitude, |-128| = 127 ----
  logic [6:0] a, b;
  logic       neg, zero;
  function automatic logic [6:0] mag(input logic [7:0] v);
    mag = (v == 8'h80) ? 7'd127 : v[7] ? 7'(-v) : v[6:0];
  endfunction
  assign a    = mag(x_i);
  assign b    = mag(w_i);
  assign neg  = x_i[7] ^ w_i[7];
  assign zero = (a == '0) || (b == '0);

  // ---- random sources ----
  function automatic logic [6:0] sobol1(input logic [6:0] t);
    logic [6:0] g;
    g = t ^ (t >> 1);
    sobol1 = {g[0], g[1], g[2], g[3], g[4], g[5], g[6]};   // V_1 = 64, 32, ..., 1: bit reverse
  endfunction
  function automatic logic [6:0] sobol2(input logic [6:0] t);
    logic [6:0] g, r;
    g = t ^ (t >> 1);
    r = '0;
    if (g[0]) r = r ^ 7'd64;
    if (g[1]) r = r ^ 7'd96;
    if (g[2]) r = r ^ 7'd80;
    if (g[3]) r = r ^ 7'd120;
    if (g[4]) r = r ^ 7'd68;
    if (g[5]) r = r ^ 7'd102;
    if (g[6]) r = r ^ 7'd85;
    sobol2 = r;
  endfunction
  function automatic logic [6:0] lfsr_step(input logic [6:0] r);
    lfsr_step = {r[5:0], r[6] ^ r[5] ^ (r[5:0] == 6'd0)};
  endfunction
  function automatic logic [6:0] rev7(input logic [6:0] v);
    rev7 = {v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
  endfunction
  // LFSR states at indices 16 i (activation) and 16 i + 89 (weight).
  function automatic logic [6:0] lfsr_x_start(input logic [2:0] i);
    case (i)
      3'd0: lfsr_x_start = 7'd79;  3'd1: lfsr_x_start = 7'd68;  3'd2: lfsr_x_start = 7'd91;
      3'd3: lfsr_x_start = 7'd82;  3'd4: lfsr_x_start = 7'd101; 3'd5: lfsr_x_start = 7'd64;
      3'd6: lfsr_x_start = 7'd5;   default: lfsr_x_start = 7'd69;
    endcase
  endfunction
  function automatic logic [6:0] lfsr_w_start(input logic [2:0] i);
    case (i)
      3'd0: lfsr_w_start = 7'd3;   3'd1: lfsr_w_start = 7'd60;  3'd2: lfsr_w_start = 7'd58;
      3'd3: lfsr_w_start = 7'd67;  3'd4: lfsr_w_start = 7'd54;  3'd5: lfsr_w_start = 7'd49;
      3'd6: lfsr_w_start = 7'd92;  default: lfsr_w_start = 7'd63;
    endcase
  endfunction

  // ---- stream state ----
  logic            run_q, done_q;      // streams running / product finished and held
  logic [6:0]      k_q;                // stream cycles done
  logic [6:0]      tx_q;               // index of lane 0 this cycle
  logic [6:0]      sx_q, sw_q;         // LFSR states at tx_q (activation, weight)
  logic signed [CntW-1:0] cnt_q;
  logic [15:0]     prod_q;

  // This cycle's index and LFSR states: the start's on the first cycle.
  logic [6:0] t_now, sx_now, sw_now;
  assign t_now  = run_q ? tx_q : t0_i;
  assign sx_now = run_q ? sx_q : lfsr_x_start(t0_i[6:4]);
  assign sw_now = run_q ? sw_q : lfsr_w_start(t0_i[6:4]);

  // Bits of this cycle.
  logic [7:0]  len;          // L
  logic [LaneW-1:0] ones;
  logic [6:0]  sx_next, sw_next;
  logic [7:0]  pos0;         // stream position of lane 0
  assign len  = 8'd1 << log2l_i;
  assign pos0 = 8'(k_q) * 8'(Lanes);
  logic [6:0] sx, sw, t, rx, rw;   // per-lane temporaries of the loop below
  always_comb begin
    sx = sx_now;
    sw = sw_now;
    ones = '0;
    for (int j = 0; j < Lanes; j++) begin
      t  = t_now + 7'(j);
      rx = rng_lfsr_i ? sx : sobol1(t);
      rw = rng_lfsr_i ? rev7(sw) : sobol2(t);
      if ((run_q ? pos0 : 8'd0) + 8'(j) < len && rx < a && rw < b) ones = ones + 1'b1;
      sx = lfsr_step(sx);
      sw = lfsr_step(sw);
    end
    sx_next = sx;
    sw_next = sw;
  end

  // Last stream cycle: L / Lanes cycles (one when Lanes >= L).
  logic       last;
  logic [7:0] cycles;
  logic signed [CntW-1:0] cnt_base, cnt_sum;
  assign cycles   = (8'(Lanes) >= len) ? 8'd1 : 8'(len / 8'(Lanes));
  assign last     = (run_q ? 8'(k_q) + 8'd1 : 8'd1) == cycles;
  assign cnt_base = run_q ? cnt_q : '0;
  assign cnt_sum  = neg ? cnt_base - CntW'(ones) : cnt_base + CntW'(ones);

  logic stream;   // a stream cycle runs now
  assign stream      = valid_i && !done_q && !zero;
  assign ev_stream_o = stream;
  assign ready_o     = valid_i && (done_q || zero || last);
  logic [15:0] prod_now;
  assign prod_now = 16'($signed(cnt_sum)) << (4'd14 - 4'(log2l_i));
  assign prod_o   = done_q ? prod_q : zero ? '0 : prod_now;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      run_q  <= 1'b0;
      done_q <= 1'b0;
    end else if (accept_i) begin
      run_q  <= 1'b0;
      done_q <= 1'b0;
    end else if (stream) begin
      run_q  <= !last;
      done_q <= last;
    end
  end

  always_ff @(posedge clk_i) begin
    if (stream) begin
      k_q    <= run_q ? k_q + 1'b1 : 7'd1;
      tx_q   <= t_now + 7'(Lanes);
      sx_q   <= sx_next;
      sw_q   <= sw_next;
      cnt_q  <= cnt_sum;
      prod_q <= prod_now;
    end
  end

`ifndef SYNTHESIS
`ifndef RSACC_NO_ASSERT
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      `RSACC_ASSERT_IMM(a_accept_ready, !accept_i || ready_o,
          ("sc_mul: accept without ready"))
      // (log2 L <= MaxLog2L: the controller refuses longer streams, StatusBadPass.)
      `RSACC_ASSERT_IMM(a_log2l, !valid_i || log2l_i >= 3'd4,
          ("sc_mul: log2 L = %0d below 4", log2l_i))
      `RSACC_ASSERT_IMM(a_t0, !valid_i || t0_i[3:0] == 4'd0,
          ("sc_mul: stream start %0d not a multiple of 16", t0_i))
    end
  end
`endif
`endif
endmodule
