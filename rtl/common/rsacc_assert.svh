// SPDX-License-Identifier: Apache-2.0
// Assertion macros shared by every RTL file (in the manner of lowRISC's prim_assert.sv): one
// place decides how a check is written, so concurrent SVA vs clocked immediate assertions is one
// switch. Include it by the path from the repository root (the build and the lint test pass
// -I<repo> to Verilator and Yosys; a run from the repository root finds it without -I):
//   `include "rtl/common/rsacc_assert.svh"
// For synthesis (SYNTHESIS defined, as Yosys does) it defines nothing; use the macros only under
// `ifndef SYNTHESIS.
//
// Every check is clocked on clk_i and off while rst_ni is low; the module must have both.
// Properties are boolean expressions (no SVA operators), so both forms can check them:
//   `RSACC_ASSERT(name, prop, msg)                        prop holds at every rising edge
//   `RSACC_ASSERT_IMPL(name, ante, cons, msg)             ante |-> cons
//   `RSACC_ASSERT_NEXT(name, ante, cons, msg)             ante |=> cons (cons one edge later)
//   `RSACC_ASSERT_STABLE(name, valid, ready, data, msg)   valid && !ready |=> valid && $stable(data)
//   `RSACC_ASSERT_KNOWN(name, sig, msg)                   no X/Z bits in sig (4-state simulators;
//                                                        always true in Verilator, which is 2-state)
//   `RSACC_ASSERT_IMM(name, prop, msg)                    the bare immediate statement, for use
//                                                        inside a module's own clocked block
// msg is a parenthesised $error argument list that names the block and the check, e.g.
//   `RSACC_ASSERT_IMPL(a_glb_extent, start_i, end_word <= Words,
//                      ("fill_dma: block ends at word %0d, beyond the buffer's %0d", end_word, Words))
// The simulator prints it after "Assertion failed in <instance path>.<name>:".
//
// The switch, RSACC_ASSERT_IMMEDIATE (+define+RSACC_ASSERT_IMMEDIATE): undefined (default), the
// first four macros are concurrent assertions (`assert property (@(posedge clk_i) disable iff
// (!rst_ni) ...)`); defined, clocked immediate assertions in an always_ff block, on the values
// just before each rising edge (what a concurrent assertion samples), with the past values of
// the stability check kept in registers. Verilator 5.006 copies every signal a concurrent
// assertion reads on every evaluation, so code that exists once per PE (rtl/pe, rtl/common,
// rtl/array/pe_array.sv) uses RSACC_ASSERT_IMM inside its own clocked block whatever the switch:
// the form is chosen per use there. The controller, buffer and networks exist once and use the
// switched macros.
//
// RSACC_NO_ASSERT (the --no-assert model of make sim ASSERT=0) drops the registers the immediate
// forms of the next-cycle and stability checks would add: Verilator keeps a register whose only reader was a removed
// assertion. The assertions themselves are removed by --no-assert.
`ifndef RSACC_ASSERT_SVH
`define RSACC_ASSERT_SVH
`ifndef SYNTHESIS  // simulation only: synthesis sees no assertion macros

`define RSACC_ASSERT_IMM(__name, __prop, __msg) \
  __name: assert (__prop) else $error __msg;

`ifndef RSACC_ASSERT_IMMEDIATE

`define RSACC_ASSERT(__name, __prop, __msg) \
  __name: assert property (@(posedge clk_i) disable iff (!rst_ni) (__prop)) else $error __msg;

`define RSACC_ASSERT_IMPL(__name, __ante, __cons, __msg) \
  __name: assert property (@(posedge clk_i) disable iff (!rst_ni) (__ante) |-> (__cons)) \
    else $error __msg;

`define RSACC_ASSERT_NEXT(__name, __ante, __cons, __msg) \
  __name: assert property (@(posedge clk_i) disable iff (!rst_ni) (__ante) |=> (__cons)) \
    else $error __msg;

`define RSACC_ASSERT_STABLE(__name, __valid, __ready, __data, __msg) \
  __name: assert property (@(posedge clk_i) disable iff (!rst_ni) \
      (__valid) && !(__ready) |=> (__valid) && $stable(__data)) else $error __msg;

`define RSACC_ASSERT_KNOWN(__name, __sig, __msg) \
  __name: assert property (@(posedge clk_i) disable iff (!rst_ni) !$isunknown(__sig)) \
    else $error __msg;

`else  // RSACC_ASSERT_IMMEDIATE

`define RSACC_ASSERT(__name, __prop, __msg) \
  always_ff @(posedge clk_i) begin \
    if (rst_ni) begin \
      __name: assert (__prop) else $error __msg; \
    end \
  end

`define RSACC_ASSERT_IMPL(__name, __ante, __cons, __msg) \
  always_ff @(posedge clk_i) begin \
    if (rst_ni) begin \
      __name: assert (!(__ante) || (__cons)) else $error __msg; \
    end \
  end

`define RSACC_ASSERT_KNOWN(__name, __sig, __msg) \
  always_ff @(posedge clk_i) begin \
    if (rst_ni) begin \
      __name: assert (!$isunknown(__sig)) else $error __msg; \
    end \
  end

`ifndef RSACC_NO_ASSERT
// ante held at the last edge (rst_ni high at both edges): cons must hold now.
`define RSACC_ASSERT_NEXT(__name, __ante, __cons, __msg) \
  logic __name``_ante_q; \
  always_ff @(posedge clk_i) begin \
    __name``_ante_q <= rst_ni && (__ante); \
    if (rst_ni) begin \
      __name: assert (!__name``_ante_q || (__cons)) else $error __msg; \
    end \
  end

// The handshake stalled at the last edge (rst_ni high at both edges): valid and data must hold.
`define RSACC_ASSERT_STABLE(__name, __valid, __ready, __data, __msg) \
  logic                    __name``_stalled_q; \
  logic [$bits(__data)-1:0] __name``_data_q; \
  always_ff @(posedge clk_i) begin \
    __name``_stalled_q <= rst_ni && (__valid) && !(__ready); \
    __name``_data_q    <= __data; \
    if (rst_ni) begin \
      __name: assert (!__name``_stalled_q || ((__valid) && (__data) == __name``_data_q)) \
        else $error __msg; \
    end \
  end
`else
`define RSACC_ASSERT_NEXT(__name, __ante, __cons, __msg)
`define RSACC_ASSERT_STABLE(__name, __valid, __ready, __data, __msg)
`endif  // RSACC_NO_ASSERT

`endif  // RSACC_ASSERT_IMMEDIATE

`endif  // SYNTHESIS
`endif  // RSACC_ASSERT_SVH
