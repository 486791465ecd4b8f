// SPDX-License-Identifier: Apache-2.0
// Stochastic-computing (SC) multiplier: one 8 x 8 signed product as a unipolar stream product,
// bit-true to docs/stochastic.md and golden::sc::sc_product (golden/src/sc.cpp).
//
// Per stream cycle k, lane j (0 .. Lanes-1) forms the stream bit of index t = t0 + k*Lanes + j:
// (Rx(t) < |x|) AND (Rw(t) < |w|), lanes j >= L masked. The 1s are counted up, or down when the
// signs differ, in a counter cleared per product; prod_o = count << (14 - log2 L).
//
// Timing. A non-zero product runs C = max(1, L/Lanes) stream cycles (ev_stream_o high); ready_o
// rises in the last of them (prod_o is then the counter plus that cycle's bits, combinationally),
// so a product accepted at once occupies exactly C cycles (one per cycle when Lanes >= L, like the
// exact MAC). Without accept_i the module holds the product (ready_o high, prod_o stable, no
// stream cycles) until accept_i. A zero operand (|x| = 0 or |w| = 0: the product is 0 for every
// setting) is ready at once, in its first cycle, with no stream cycle: the cycle count is
// data-dependent, zero operands save C - 1 cycles and all of the stream activity.
//
// Stream starts. Both sharing rules give t0 = 0 or (s*L) mod 128, a multiple of L; the hardware
// relies on it (asserted): within a product t0 and k*Lanes + j have disjoint bits, so the index is
// t0 | k*Lanes | j (no adder, no wrap) and t0[3:0] is not read.
//
// Area (one instance per PE). Choices measured with Yosys 0.23 and the OSU 0.18 Liberty:
// - Sobol is linear over GF(2): R_d(t) = XOR of V_d over the set bits of Gray(t), and Gray is
//   linear, so R_d(base | j) = R_d(base) ^ R_d(j) for disjoint bits. One small XOR network of the
//   cycle's base index serves all lanes; each lane XORs a constant (inverters that the
//   comparator absorbs), and its number differs from the others only in the top log2 Lanes bits.
//   No state.
// - LFSR, Lanes < 64: S(t) is a 7-bit window of one bit sequence, so the lanes' states are
//   consecutive windows of Lanes + 6 bits, each new bit one feedback step (XOR and a 6-input zero
//   detect) from the 7 before it. Two 7-bit registers hold S(base) and S(base + 89) and advance
//   by Lanes per cycle; a product's first cycle takes them from an 8-entry start table (t0 = 16 m).
//   Per-lane tables of S(t) (below) would cost 1.8-1.9x the module at 1 and 8 lanes, 1.1x at 32.
// - LFSR, Lanes >= 64: no registers; each lane's numbers are constant tables indexed by the index
//   bits j leaves free, selected with the Sobol numbers by the RNG input. A lane j runs only when
//   j < L, and then t0's bits below j's bit length are 0: lanes 64..127 read a constant index,
//   lanes 32..63 one free bit, and so on. Registers would cost 1.2x at 64 lanes.
// - Comparators: Rx < |x| without forming |x|: for x < 0 (not -128) Rx < -x <=> Rx <= ~x, so
//   every lane compares with x ^ {7{sign}} and the sign (except -128, which saturates to 127)
//   turns the strict comparison into <=: the carry-out of Rx + ~c + cin.
// - The datapath registers (index, LFSR states, counter) have neither reset nor enable, and the
//   counter holds the product in units of 2^(14 - MaxLog2L), so prod_o needs no shifter.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module sc_mul #(
  parameter int Lanes    = 8,   // SC_LANES: stream bits formed per cycle, power of two, 1..128
  parameter int MaxLog2L = 7    // largest stream length 2^MaxLog2L, 4..7 (sizes the counters)
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // Run-time settings, constant during a layer.
  input  logic [2:0]  log2l_i,     // log2 L, 4..MaxLog2L (L = 16..128)
  input  logic        rng_lfsr_i,  // 0: Sobol, 1: extended LFSR
  // One product. x_i, w_i, t0_i are held stable while valid_i is high until accept_i.
  input  logic        valid_i,
  input  logic [7:0]  x_i,         // activation, 8-bit two's complement
  input  logic [7:0]  w_i,         // weight, 8-bit two's complement
  input  logic [6:0]  t0_i,        // stream start index (the PE computes it from s and sharing)
  input  logic        accept_i,    // prod_o taken this cycle; only when ready_o && valid_i
  output logic        ready_o,     // prod_o is final this cycle
  output logic [15:0] prod_o,      // signed: (up/down count) << (14 - log2 L), two's complement
  output logic        ev_stream_o  // one stream cycle ran this cycle (activity, for energy)
);
  localparam int LanesLog2 = $clog2(Lanes);
  localparam bit OneCycle  = LanesLog2 >= MaxLog2L;             // every L takes one cycle
  localparam int CntW      = MaxLog2L + 2;                      // up/down counter
  localparam int ProdShift = 14 - MaxLog2L;                     // prod_o = counter << ProdShift
  localparam int OnesW     = LanesLog2 + 1;                     // stream 1s per cycle, [0, Lanes]
  // From this many lanes on, the LFSR numbers are per-lane tables instead of stepped registers
  // (see the header).
  localparam int LfsrTableLanes = 64;
  localparam bit LfsrTable      = Lanes >= LfsrTableLanes;
  localparam int WeightOffset   = 89;                           // Rw(t) = rev(S(t + 89))

  // ---- Generators (docs/stochastic.md, "Random sources") ---------------------------------
  // Sobol dimension 1 (dim2 = 0) or 2, Gray-code order, 7-bit outputs.
  function automatic logic [6:0] sobol7(input logic dim2, input logic [6:0] t);
    logic [6:0]  g;
    logic [48:0] v;
    g = t ^ (t >> 1);
    v = dim2 ? {7'd85, 7'd102, 7'd68, 7'd120, 7'd80, 7'd96, 7'd64}
             : {7'd1, 7'd2, 7'd4, 7'd8, 7'd16, 7'd32, 7'd64};
    sobol7 = '0;
    for (int k = 0; k < 7; k++) begin
      if (g[k]) sobol7 = sobol7 ^ v[k*7 +: 7];
    end
  endfunction

  function automatic logic [6:0] rev7(input logic [6:0] v);
    for (int i = 0; i < 7; i++) rev7[i] = v[6-i];
  endfunction

  // Extended (de Bruijn) LFSR x^7 + x^6 + 1, shifting left: S(0) = 79.
  function automatic logic [6:0] lfsr_next(input logic [6:0] r);
    lfsr_next = {r[5:0], r[6] ^ r[5] ^ (r[5:0] == 6'd0)};
  endfunction

  // S(t + offset) for t = 0, step, 2*step, ...: `entries` 7-bit states, entry 0 in the low bits.
  function automatic logic [128*7-1:0] lfsr_states(input int offset, input int step,
                                                   input int entries);
    logic [6:0] r;
    r = 7'd79;
    for (int i = 0; i < offset; i++) r = lfsr_next(r);
    lfsr_states = '0;
    for (int e = 0; e < entries; e++) begin
      lfsr_states[e*7 +: 7] = r;
      for (int i = 0; i < step; i++) r = lfsr_next(r);
    end
  endfunction

  // The bit sequence from state s on: bit n of the result is the MSB of S(t + n) (bits 0..6 are
  // s reversed), so S(t + j) = rev7(result[j +: 7]) for j = 0 .. Lanes.
  function automatic logic [Lanes+6:0] lfsr_bits(input logic [6:0] s);
    lfsr_bits = '0;
    lfsr_bits[6:0] = rev7(s);
    for (int n = 7; n < Lanes + 7; n++)
      lfsr_bits[n] = lfsr_bits[n-7] ^ lfsr_bits[n-6] ^ !(|lfsr_bits[n-6 +: 6]);
  endfunction

  // ---- Operands --------------------------------------------------------------------------
  // Rx < |x| is Rx < cx (x >= 0, or x = -128: |-128| saturates to 127 = ~x[6:0]) or
  // Rx <= cx (x < 0 otherwise: |x| - 1 = ~x[6:0]), with cx = x[6:0] ^ {7{sign}}.
  logic       x_nz7, w_nz7, zero, neg;
  logic [6:0] cx_n, cw_n;            // ~cx, ~cw: the comparators' second addend
  logic       cinx, cinw;            // 1: strict '<'; 0: '<='
  assign x_nz7 = |x_i[6:0];
  assign w_nz7 = |w_i[6:0];
  assign zero  = !(x_nz7 || x_i[7]) || !(w_nz7 || w_i[7]);
  assign neg   = x_i[7] ^ w_i[7];
  assign cx_n  = x_i[6:0] ^ {7{!x_i[7]}};
  assign cw_n  = w_i[6:0] ^ {7{!w_i[7]}};
  assign cinx  = !(x_i[7] && x_nz7);
  assign cinw  = !(w_i[7] && w_nz7);

  // ---- Control ---------------------------------------------------------------------------
  // The datapath registers (base index, LFSR states, count) have no reset and no enable: they
  // are written every cycle and read only while busy, i.e. from the second stream cycle of a
  // product on, when every cycle is a stream cycle (valid_i is held until accept_i). The first
  // stream cycle starts from t0, the start table and a zero count instead.
  logic       busy, done_q;        // a product has run stream cycles / all of them, not accepted
  logic       run, last;
  logic [6:0] base, start;         // index of lane 0 in this stream cycle; in the first one
  assign run         = valid_i && !zero && !done_q;
  assign ev_stream_o = run;
  assign ready_o     = valid_i && (zero || done_q || last);
  assign start       = {t0_i[6:4], 4'd0};

  if (OneCycle) begin : gen_one_cycle
    // Every product is one stream cycle: running and done are the same state.
    assign busy = done_q;
    assign base = start;
    assign last = 1'b1;
  end else begin : gen_multi_cycle
    logic       busy_q;
    logic [6:0] base_q;
    logic [6:LanesLog2] cyc_mask;    // bits of the cycle number in the index: (L - 1) >> log2 Lanes
    assign cyc_mask = (7-LanesLog2)'(((32'd16 << log2l_i[1:0]) - 32'd1) >> LanesLog2);
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) busy_q <= 1'b0;
      else if (accept_i) busy_q <= 1'b0;
      else if (run) busy_q <= 1'b1;
    end
    always_ff @(posedge clk_i) base_q <= base + 7'(Lanes);
    assign busy = busy_q;
    assign base = busy_q ? base_q : start;
    // Last cycle: base's bits log2 Lanes .. log2 L - 1 (the cycle number) all ones.
    assign last = &(base[6:LanesLog2] | ~cyc_mask);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) done_q <= 1'b0;
    else if (accept_i) done_q <= 1'b0;
    else if (run) done_q <= last;
  end

  // ---- Stream bits ----------------------------------------------------------------------------
  // r < |operand|, as the carry-out of r + ~c + cin being 0 (see Operands).
  function automatic logic below(input logic [6:0] r, input logic [6:0] cn, input logic cin);
    logic c;
    c = cin;
    for (int i = 0; i < 7; i++) c = (r[i] & cn[i]) | (c & (r[i] | cn[i]));
    below = !c;
  endfunction

  logic [Lanes-1:0] lane_bit, bits;
  logic [6:0]       sob_x_base, sob_w_base;
  assign sob_x_base = sobol7(1'b0, base);
  assign sob_w_base = sobol7(1'b1, base);

  if (LfsrTable) begin : gen_lfsr_table
    // A lane's numbers depend on the RNG select and the few index bits j leaves free: select
    // the numbers (synthesis folds each into a small function), then one comparator pair.
    localparam logic [128*7-1:0] TabX = lfsr_states(0, 1, 128);
    localparam logic [128*7-1:0] TabW = lfsr_states(WeightOffset, 1, 128);
    for (genvar j = 0; j < Lanes; j++) begin : gen_lane
      // A lane that runs has j < L, and L divides t0: t0's bits below j's bit length are 0,
      // so they are left out of the lane's index (fewer inputs per table).
      // (A localparam: Yosys 0.23 misreads a unary operator before a sized cast, ~7'(..).)
      localparam logic [6:0] JMask = 7'((1 << $clog2(j + 1)) - 1);  // j's bit length
      logic [6:0] t, rx, rw;
      assign t  = (base & ~JMask) | 7'(j);
      assign rx = rng_lfsr_i ? TabX[t*7 +: 7] : sob_x_base ^ sobol7(1'b0, 7'(j));
      assign rw = rng_lfsr_i ? rev7(TabW[t*7 +: 7]) : sob_w_base ^ sobol7(1'b1, 7'(j));
      assign lane_bit[j] = below(rx, cx_n, cinx) && below(rw, cw_n, cinw);
    end
  end else begin : gen_lfsr_step
    // States at t0 = 16 m, m = t0[6:4].
    localparam logic [8*7-1:0] StartX = 56'(lfsr_states(0, 16, 8));
    localparam logic [8*7-1:0] StartW = 56'(lfsr_states(WeightOffset, 16, 8));
    logic [6:0]       sx_q, sw_q;        // S(base), S(base + 89) (no reset, no enable)
    logic [6:0]       sx, sw;
    logic [Lanes+6:0] qx, qw;            // bit sequences: S(base + j) = rev(q[j +: 7])
    assign sx = busy ? sx_q : StartX[t0_i[6:4]*7 +: 7];   // S(t0)
    assign sw = busy ? sw_q : StartW[t0_i[6:4]*7 +: 7];   // S(t0 + 89)
    assign qx = lfsr_bits(sx);
    assign qw = lfsr_bits(sw);
    always_ff @(posedge clk_i) begin
      sx_q <= rev7(qx[Lanes +: 7]);
      sw_q <= rev7(qw[Lanes +: 7]);
    end
    // Separate Sobol and LFSR comparators, then the RNG select (rather than selecting the
    // numbers for one comparator pair): the Sobol numbers of one cycle differ only in their top
    // log2 Lanes bits, so the lanes share the low part of the Sobol comparators' carry chains
    // (2 to 16 % less area at 2 to 16 lanes, the same at 1).
    for (genvar j = 0; j < Lanes; j++) begin : gen_lane
      logic sob, lfsr;
      assign sob  = below(sob_x_base ^ sobol7(1'b0, 7'(j)), cx_n, cinx) &&
                    below(sob_w_base ^ sobol7(1'b1, 7'(j)), cw_n, cinw);
      assign lfsr = below(rev7(qx[j +: 7]), cx_n, cinx) && below(qw[j +: 7], cw_n, cinw);
      assign lane_bit[j] = rng_lfsr_i ? lfsr : sob;
    end
  end

  for (genvar j = 0; j < Lanes; j++) begin : gen_bit
    logic active;                      // lane j < L (lanes beyond L are masked)
    if (j < 16) begin : gen_always
      assign active = 1'b1;
    end else begin : gen_masked
      assign active = (8'(j) >> (3'd4 + 3'(log2l_i[1:0]))) == 8'd0;
    end
    assign bits[j] = lane_bit[j] && active;
  end

  logic [OnesW-1:0] ones;
  always_comb begin
    ones = '0;
    for (int j = 0; j < Lanes; j++) ones = ones + OnesW'(bits[j]);
  end

  // The counter holds count << (MaxLog2L - log2 L), i.e. the product in units of
  // 2^(14 - MaxLog2L): a stream 1 counts 2^(MaxLog2L - log2 L) (up, or down when the signs
  // differ), so prod_o needs no shifter. Range [-2^MaxLog2L, 2^MaxLog2L]: MaxLog2L + 2 bits.
  logic [CntW-1:0] cnt_q;              // no reset, no enable (see Control)
  logic [CntW-1:0] cnt_base, cnt_sum;
  logic [1:0]      sh;                 // MaxLog2L - log2 L
  assign sh       = 2'(MaxLog2L - 4) - log2l_i[1:0];
  assign cnt_base = busy ? cnt_q : '0;
  if (Lanes == 1) begin : gen_count_step
    // One stream bit per cycle: the counter steps by +-2^sh, a toggle chain from bit sh up
    // (bit i flips when the step reaches it; the carry, or the borrow when counting down, goes
    // on past a 1, or a 0): 3 % less area than the adder below.
    logic [CntW-1:0] flip;
    always_comb begin
      logic carry;
      carry = 1'b0;
      for (int i = 0; i < CntW; i++) begin
        flip[i] = carry || (ones[0] && !done_q && 32'(sh) == i);
        carry   = flip[i] && (cnt_base[i] ^ neg);
      end
    end
    assign cnt_sum = cnt_base ^ flip;
  end else begin : gen_count_add
    logic [CntW-1:0] delta;
    logic            neg_run;
    assign neg_run = neg && !done_q;
    assign delta   = ((done_q ? '0 : CntW'(ones)) << sh) ^ {CntW{neg_run}};
    assign cnt_sum = cnt_base + delta + CntW'(neg_run);
  end
  always_ff @(posedge clk_i) cnt_q <= cnt_sum;
  assign prod_o   = {cnt_sum, {ProdShift{1'b0}}};

  logic unused_in;
  assign unused_in = ^{log2l_i[2], t0_i[3:0]};

`ifndef SYNTHESIS
  initial begin
    if (Lanes < 1 || Lanes > 128 || (Lanes & (Lanes - 1)) != 0)
      $fatal(1, "sc_mul: Lanes=%0d must be a power of two in [1, 128]", Lanes);
    if (MaxLog2L < 4 || MaxLog2L > 7)
      $fatal(1, "sc_mul: MaxLog2L=%0d out of [4, 7]", MaxLog2L);
  end
  // Clocked immediate assertions, for simulation speed (see fifo.sv); a reset at either edge
  // disables a check. Without assertions (RSACC_NO_ASSERT) the registers go too.
`ifndef RSACC_NO_ASSERT
  logic        held_q, stalled_q;
  logic [26:0] held_in_q;
  logic [15:0] stalled_prod_q;
  always_ff @(posedge clk_i) begin
    held_q         <= rst_ni && valid_i && !accept_i;
    held_in_q      <= {x_i, w_i, t0_i, log2l_i, rng_lfsr_i};
    stalled_q      <= rst_ni && ready_o && !accept_i;
    stalled_prod_q <= prod_o;
    if (rst_ni) begin
      `RSACC_ASSERT_IMM(a_accept_ready, !accept_i || (valid_i && ready_o),
          ("sc_mul: accept_i without valid_i && ready_o"))
      `RSACC_ASSERT_IMM(a_log2l_range, !valid_i || log2l_i - 3'd4 <= 3'(MaxLog2L - 4),
          ("sc_mul: log2l_i=%0d out of [4, %0d]", log2l_i, MaxLog2L))
      `RSACC_ASSERT_IMM(a_t0_aligned, !valid_i || 32'(t0_i) % (32'd1 << log2l_i) == 0,
          ("sc_mul: t0_i=%0d is not a multiple of L=%0d", t0_i, 32'd1 << log2l_i))
      `RSACC_ASSERT_IMM(a_operands_held, !held_q ||
          (valid_i && {x_i, w_i, t0_i, log2l_i, rng_lfsr_i} == held_in_q),
          ("sc_mul: valid_i, x_i, w_i, t0_i or the settings changed before accept_i"))
      `RSACC_ASSERT_IMM(a_prod_held, !stalled_q || (ready_o && prod_o == stalled_prod_q),
          ("sc_mul: ready_o fell or prod_o changed before accept_i"))
    end
  end
`endif  // RSACC_NO_ASSERT
`endif
endmodule
