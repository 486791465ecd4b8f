// SPDX-License-Identifier: Apache-2.0
// DRAM -> buffer copy of a 3-level block (OpFill): for i2 < count2, for i1 < count1, for
// i0 < count0: the 64-bit word at dram + i2*stride2 + i1*stride1 + i0*8 goes to the next buffer
// word from glb. Reads are issued back to back; responses come back in order and are written as
// they arrive (a response waits while the buffer bank is busy). With rlc the rows are run-length
// compressed and rlc_fill.sv copies them instead.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module fill_dma #(
  parameter int DataWidth = 16,
  parameter int MaxReads = 64,          // reads in flight at most (mem_port.sv's limit)
  parameter int AddrW = 14,
  parameter int Words = 1 << AddrW      // buffer size in words (assertions only)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             start_i,
  input  logic [31:0]      dram_i,
  input  logic [31:0]      glb_i,
  input  logic [31:0]      count0_i,
  input  logic [31:0]      count1_i,
  input  logic [31:0]      stride1_i,
  input  logic [31:0]      count2_i,
  input  logic [31:0]      stride2_i,
  input  logic             rlc_i,       // run-length compressed rows (rlc_fill.sv)
  input  logic [31:0]      lens_i,
  input  logic [31:0]      lstride1_i,
  input  logic [31:0]      lstride2_i,
  input  logic [15:0]      row_words_i,
  input  logic [15:0]      rows_i,
  output logic             done_o,
  output logic             error_o,     // with done_o: compressed data were malformed
  // DRAM reads (mem_port.sv client) and their in-order responses.
  output bus_pkg::mem_req_t    mem_req_o,
  input  bus_pkg::mem_rsp_t    mem_rsp_i,
  // Buffer write port.
  output bus_pkg::glb_wr_req_t wr_req_o,
  input  logic                 wr_gnt_i
);
  // Words still to write: at most the buffer's (a_glb_extent), so AddrW+1 bits, and the block's
  // size formed modulo 2^(AddrW+1) is exact (multipliers a third the size of 32-bit ones).
  localparam int LeftW = AddrW + 1;

  logic        issuing_q;
  logic [31:0] i0_q, i1_q, i2_q, a0_q, a1_q, a2_q;
  logic [LeftW-1:0] left_q;
  logic [AddrW-1:0] glb_q;

  // The plain copy's port signals; rlc_q selects the compressed copy's instead.
  bus_pkg::mem_req_t    plain_mem_req, rlc_mem_req;
  bus_pkg::glb_wr_req_t plain_wr_req, rlc_wr_req;
  logic                 plain_done, rlc_done, rlc_q, plain_start;
  assign plain_start = start_i && !rlc_i;
  assign plain_mem_req.valid  = issuing_q;
  assign plain_mem_req.write  = 1'b0;
  assign plain_mem_req.addr   = a0_q;
  assign plain_mem_req.wdata  = '0;
  assign plain_mem_req.wstrb  = '0;
  assign plain_mem_req.rready = wr_gnt_i;
  assign plain_wr_req.valid   = mem_rsp_i.rvalid && left_q != 0;
  assign plain_wr_req.addr    = 32'(glb_q);
  assign plain_wr_req.wdata   = mem_rsp_i.rdata;
  assign plain_wr_req.wstrb   = '1;
  assign plain_done  = !issuing_q && left_q == 0;
  assign mem_req_o   = rlc_q ? rlc_mem_req : plain_mem_req;
  assign wr_req_o    = rlc_q ? rlc_wr_req : plain_wr_req;
  assign done_o      = plain_done && rlc_done;
  logic unused_bits;
  assign unused_bits = ^glb_i[31:AddrW];

  // The compressed copy sees the port only while it is the selected one.
  bus_pkg::mem_rsp_t rlc_mem_rsp;
  always_comb begin
    rlc_mem_rsp = mem_rsp_i;
    rlc_mem_rsp.gnt = mem_rsp_i.gnt && rlc_q;
    rlc_mem_rsp.rvalid = mem_rsp_i.rvalid && rlc_q;
  end
  rlc_fill #(.DataWidth(DataWidth), .AddrW(AddrW), .MaxReads(MaxReads)) u_rlc (
    .clk_i, .rst_ni, .start_i(start_i && rlc_i), .dram_i, .glb_i, .count1_i, .stride1_i,
    .count2_i, .stride2_i, .lens_i, .lstride1_i, .lstride2_i, .row_words_i, .rows_i,
    .done_o(rlc_done), .error_o,
    .mem_req_o(rlc_mem_req), .mem_rsp_i(rlc_mem_rsp), .wr_req_o(rlc_wr_req),
    .wr_gnt_i(wr_gnt_i && rlc_q));

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      issuing_q <= 1'b0; i0_q <= '0; i1_q <= '0; i2_q <= '0;
      a0_q <= '0; a1_q <= '0; a2_q <= '0; left_q <= '0; glb_q <= '0; rlc_q <= 1'b0;
    end else if (start_i && rlc_i) begin
      rlc_q <= 1'b1;
    end else if (plain_start) begin
      rlc_q <= 1'b0;
      issuing_q <= count0_i != 0 && count1_i != 0 && count2_i != 0;
      i0_q <= '0; i1_q <= '0; i2_q <= '0;
      a0_q <= dram_i; a1_q <= dram_i; a2_q <= dram_i;
      left_q <= LeftW'(count0_i) * LeftW'(count1_i) * LeftW'(count2_i);
      glb_q <= AddrW'(glb_i);
    end else begin
      if (issuing_q && mem_rsp_i.gnt) begin
        if (i0_q != count0_i - 1) begin
          i0_q <= i0_q + 1; a0_q <= a0_q + 32'd8;
        end else begin
          i0_q <= '0;
          if (i1_q != count1_i - 1) begin
            i1_q <= i1_q + 1; a0_q <= a1_q + stride1_i; a1_q <= a1_q + stride1_i;
          end else begin
            i1_q <= '0;
            if (i2_q != count2_i - 1) begin
              i2_q <= i2_q + 1;
              a0_q <= a2_q + stride2_i; a1_q <= a2_q + stride2_i; a2_q <= a2_q + stride2_i;
            end else issuing_q <= 1'b0;
          end
        end
      end
      if (plain_wr_req.valid && wr_gnt_i) begin
        left_q <= left_q - 1;
        glb_q  <= glb_q + 1'b1;
      end
    end
  end

`ifndef SYNTHESIS
  // The controller starts a fill only once the previous one is done; its command fields hold
  // for the whole fill.
  `RSACC_ASSERT_IMPL(a_start_idle, start_i, done_o,
      ("fill_dma: started while a fill runs"))
  // The block fits the buffer: the address register is AddrW bits and would wrap silently.
  `RSACC_ASSERT_IMPL(a_rlc_rows, start_i && rlc_i,
      count0_i == 32'(rows_i) * 32'(row_words_i),
      ("fill_dma: count0=%0d is not rows %0d x row_words %0d", count0_i, rows_i, row_words_i))
  `RSACC_ASSERT_IMPL(a_glb_extent, start_i && count0_i != 0 && count1_i != 0 && count2_i != 0,
      96'(glb_i) + 96'(count0_i) * 96'(count1_i) * 96'(count2_i) <= 96'(Words),
      ("fill_dma: block of %0d x %0d x %0d words at buffer word %0d ends beyond the buffer's %0d",
       count0_i, count1_i, count2_i, glb_i, Words))
  `RSACC_ASSERT_IMPL(a_counters, issuing_q,
      i0_q < count0_i && i1_q < count1_i && i2_q < count2_i,
      ("fill_dma: counters (%0d, %0d, %0d) beyond the command's counts (%0d, %0d, %0d)",
       i0_q, i1_q, i2_q, count0_i, count1_i, count2_i))
  // The DRAM address is the command's: dram + i2*stride2 + i1*stride1 + 8*i0.
  `RSACC_ASSERT_IMPL(a_dram_addr, issuing_q,
      a0_q == dram_i + i2_q * stride2_i + i1_q * stride1_i + 32'd8 * i0_q,
      ("fill_dma: DRAM address %0h is not word (%0d, %0d, %0d) of the block at %0h",
       a0_q, i2_q, i1_q, i0_q, dram_i))
  `RSACC_ASSERT_STABLE(a_req_stable, plain_mem_req.valid, mem_rsp_i.gnt, plain_mem_req.addr,
      ("fill_dma: read request dropped or changed while waiting for the port"))
  // Every word still to be requested is still to be written.
  `RSACC_ASSERT_IMPL(a_left_issuing, issuing_q, left_q != 0,
      ("fill_dma: reads still to issue but no word left to write"))
  // No transfer while idle: a read response comes only for a word this fill requested.
  `RSACC_ASSERT_IMPL(a_resp_expected, mem_rsp_i.rvalid && !rlc_q, left_q != 0,
      ("fill_dma: read response while no word is expected"))
`endif
endmodule
