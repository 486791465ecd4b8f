// SPDX-License-Identifier: Apache-2.0
// Fetches the command list from DRAM: the header word at base (bits 31:0 = number of commands),
// then exactly that many commands of CmdWords words, prefetching up to Depth words ahead of the
// controller. Never reads past the list.
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module cmd_fetch #(
  parameter int Depth = 16
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        start_i,
  input  logic [31:0] base_i,
  // DRAM reads (mem_port.sv client).
  output bus_pkg::mem_req_t mem_req_o,
  input  bus_pkg::mem_rsp_t mem_rsp_i,
  // Command words, in order.
  output logic        word_valid_o,
  input  logic        word_ready_i,
  output logic [63:0] word_o,
  output logic        exhausted_o     // header read and every command word handed out
);
  localparam int CntW = $clog2(Depth + 1);

  logic        hdr_req_q, hdr_wait_q;  // header to request / awaited
  logic [31:0] total_q, issued_q, taken_q, addr_q;
  logic [CntW-1:0] credit_q;           // words the FIFO can still take, minus reads in flight
  logic        fifo_ready, hdr_resp, push, pop, issue;

  assign hdr_resp         = hdr_wait_q && mem_rsp_i.rvalid;
  assign mem_req_o.valid  = hdr_req_q || (!hdr_wait_q && issued_q != total_q && credit_q != 0);
  assign mem_req_o.write  = 1'b0;
  assign mem_req_o.addr   = addr_q;
  assign mem_req_o.wdata  = '0;
  assign mem_req_o.wstrb  = '0;
  assign mem_req_o.rready = hdr_wait_q || fifo_ready;
  assign issue            = mem_req_o.valid && mem_rsp_i.gnt;
  assign push             = mem_rsp_i.rvalid && !hdr_wait_q;
  assign pop          = word_valid_o && word_ready_i;
  assign exhausted_o  = !hdr_req_q && !hdr_wait_q && taken_q == total_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      hdr_req_q <= 1'b0; hdr_wait_q <= 1'b0; total_q <= '0; issued_q <= '0; taken_q <= '0;
      addr_q <= '0; credit_q <= CntW'(Depth);
    end else if (start_i) begin
      hdr_req_q <= 1'b1; hdr_wait_q <= 1'b1; total_q <= '0; issued_q <= '0; taken_q <= '0;
      addr_q <= base_i; credit_q <= CntW'(Depth);
    end else begin
      if (issue) begin
        addr_q <= addr_q + 32'd8;
        if (hdr_req_q) hdr_req_q <= 1'b0;
        else issued_q <= issued_q + 1;
      end
      if (hdr_resp) begin
        hdr_wait_q <= 1'b0;
        total_q    <= hdr.count * acc_pkg::CmdWords;
      end
      credit_q <= credit_q - CntW'(issue && !hdr_req_q) + CntW'(pop);
      if (pop) taken_q <= taken_q + 1;
    end
  end

  logic unused_in_ready;
  fifo #(.Width(64), .Depth(Depth)) u_words (
    .clk_i, .rst_ni,
    .in_valid_i(push), .in_ready_o(fifo_ready), .in_data_i(mem_rsp_i.rdata),
    .out_valid_o(word_valid_o), .out_ready_i(word_ready_i), .out_data_o(word_o));
  assign unused_in_ready = fifo_ready;

  // The list's header word (acc_pkg::list_header_t), valid with hdr_resp.
  acc_pkg::list_header_t hdr;
  assign hdr = mem_rsp_i.rdata;
  logic unused_bits;
  assign unused_bits = ^hdr.reserved;

`ifndef SYNTHESIS
  // A request waits for the port unchanged (a restart may withdraw it).
  `RSACC_ASSERT_STABLE(a_req_stable, mem_req_o.valid, mem_rsp_i.gnt || start_i,
      mem_req_o.addr,
      ("cmd_fetch: read request dropped or changed while waiting for the port"))
  // The header's count of commands, in words, fits the 32-bit word counters (a larger count
  // would wrap them and the list would be read short).
  `RSACC_ASSERT_IMPL(a_count_fits, hdr_resp,
      64'(hdr.count) * 64'(acc_pkg::CmdWords) <= 64'(32'hffff_ffff),
      ("cmd_fetch: header count %0d commands overflows the 32-bit word counter", hdr.count))
  // Never reads past the list.
  `RSACC_ASSERT(a_no_overread, issued_q <= total_q,
      ("cmd_fetch: %0d words requested of a list of %0d", issued_q, total_q))
  `RSACC_ASSERT(a_credit_bound, 32'(credit_q) <= Depth,
      ("cmd_fetch: credit %0d exceeds the FIFO depth %0d", credit_q, Depth))
  // The credit guarantees room for every command word in flight.
  `RSACC_ASSERT_IMPL(a_resp_room, mem_rsp_i.rvalid && !hdr_wait_q, fifo_ready,
      ("cmd_fetch: command word arrived with the word FIFO full"))
  // No transfer while idle: words are handed out only after the header, and only the list's.
  `RSACC_ASSERT_IMPL(a_word_after_header, word_valid_o, !hdr_wait_q && !hdr_req_q,
      ("cmd_fetch: command word offered before the header arrived"))
  `RSACC_ASSERT_IMPL(a_pop_in_list, pop, taken_q < total_q,
      ("cmd_fetch: word %0d handed out beyond the list of %0d", taken_q, total_q))
`endif
endmodule
