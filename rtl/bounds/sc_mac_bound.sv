// SPDX-License-Identifier: Apache-2.0
// Area measuring stick, not part of the accelerator (nothing instantiates it, no model is built
// from it, and it is not verified): the smallest stochastic MAC datapath this PE could have, to
// test issue 21's area goal (SC MAC datapath at most 30 % of the exact int8 `pe_mac`) against
// a design that cannot be beaten by tuning `sc_mul`. docs/stochastic.md, "Area", has the figures:
//   rsacc-synth --top sc_mac_bound [--param PsumInAdd=0]
//
// Against pe_mac with the stochastic MAC, everything that is not needed is left out:
// - one lane, and no generator at all: the two 7-bit random numbers and the stream's last-cycle
//   flag are inputs (a generator shared by a whole PE row or the array costs every PE a share);
// - no product register, no product counter and no accumulation adder: the stream is counted
//   straight into the psum, an up/down toggle chain from bit 7 + sh (the count's weight
//   2^(14 - log2 L)) on an accumulator loaded from the psum scratchpad (or 0) at the term's
//   first stream cycle and written back at its last;
// - no zero gating, no stall handshake beyond the output's, no pipelining of the issue fields;
// - PsumInAdd = 0 also drops the add of the incoming psum (a row-stationary PE cannot do
//   without it: it is the vertical accumulation). The scratchpad is outside, as the area
//   report's "MAC datapath" split leaves pe_mac's register file out too.
`default_nettype none

module sc_mac_bound #(
  parameter int AccWidth  = acc_pkg::DefaultAccWidth,
  parameter int PsumWords = acc_pkg::DefaultPsumWords,
  parameter bit PsumInAdd = 1'b1,
  localparam int PsumAddrW = $clog2(PsumWords)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 issue_valid_i,
  input  logic                 issue_first_i,
  input  logic                 issue_last_i,
  input  logic [PsumAddrW-1:0] issue_pf_i,
  input  logic [7:0]           x_i,            // held for the term's stream cycles
  input  logic [7:0]           w_i,
  input  logic [6:0]           rx_i,           // shared generator's numbers this cycle
  input  logic [6:0]           rw_i,
  input  logic                 stream_last_i,  // shared stream-cycle counter: last cycle
  input  logic [1:0]           sh_i,           // 7 - log2 L: a stream 1 weighs 2^(7 + sh)
  input  logic [AccWidth-1:0]  psum_rdata_i,   // scratchpad word pf, read
  output logic                 psum_we_o,
  output logic [PsumAddrW-1:0] psum_waddr_o,
  output logic [AccWidth-1:0]  psum_wdata_o,
  input  logic                 psum_in_en_i,
  input  logic                 psum_in_valid_i,
  input  logic [AccWidth-1:0]  psum_in_data_i,
  output logic                 psum_out_valid_o,
  output logic [AccWidth-1:0]  psum_out_data_o,
  output logic                 busy_o
);
  logic                 run_q, first_q, last_q, loaded_q;
  logic [PsumAddrW-1:0] pf_q;
  logic [AccWidth-1:0]  acc_q, acc_base, acc_next, flip;
  logic                 one, neg, next_term;

  // r < |v|, |-128| saturated to 127 (as sc_mul).
  function automatic logic below(input logic [6:0] r, input logic [7:0] v);
    logic [6:0] m;
    m = !v[7] ? v[6:0] : (v[6:0] == 7'd0 ? 7'd127 : 7'(-v[6:0]));
    below = r < m;
  endfunction

  assign one       = run_q && below(rx_i, x_i) && below(rw_i, w_i);
  assign neg       = x_i[7] ^ w_i[7];
  assign next_term = !run_q || stream_last_i;
  assign acc_base  = loaded_q ? acc_q : (first_q ? '0 : psum_rdata_i);
  always_comb begin
    logic carry;
    carry = 1'b0;
    for (int i = 0; i < AccWidth; i++) begin
      flip[i] = i >= 7 && (carry || (one && 32'(sh_i) + 32'd7 == 32'(i)));
      carry   = flip[i] && (acc_base[i] ^ neg);
    end
  end
  assign acc_next = acc_base ^ flip;

  assign psum_we_o        = run_q && stream_last_i && !last_q;
  assign psum_waddr_o     = pf_q;
  assign psum_wdata_o     = acc_next;
  assign psum_out_valid_o = run_q && stream_last_i && last_q && (!psum_in_en_i || psum_in_valid_i);
  if (PsumInAdd) begin : gen_add
    assign psum_out_data_o = acc_next + (psum_in_en_i ? psum_in_data_i : '0);
  end else begin : gen_no_add
    assign psum_out_data_o = acc_next;
    logic unused_in;
    assign unused_in = ^psum_in_data_i;
  end
  assign busy_o = run_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      run_q    <= 1'b0;
      loaded_q <= 1'b0;
    end else begin
      if (next_term) run_q <= issue_valid_i;
      loaded_q <= run_q && !stream_last_i;
    end
  end
  always_ff @(posedge clk_i) begin
    acc_q <= acc_next;
    if (next_term) begin
      first_q <= issue_first_i;
      last_q  <= issue_last_i;
      pf_q    <= issue_pf_i;
    end
  end
endmodule
