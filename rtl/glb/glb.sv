// SPDX-License-Identifier: Apache-2.0
// Global buffer: Banks x BankWords words of 64 bits. Every bank is a two-port SRAM (one read,
// one write per cycle); bank = word address / BankWords (contiguous banks, as Eyeriss's 27 x 4 KB
// layout), so clients working in different regions rarely meet. Per bank, the lowest-numbered
// requesting read client and the lowest-numbered write client are granted; a client keeps its
// request up until granted. Read data appears on the cycle after the grant (rd_valid_o).
`default_nettype none
`include "rtl/common/rsacc_assert.svh"

module glb #(
  parameter int Banks     = 27,
  parameter int BankWords = 512,    // power of two
  parameter int NumRd     = 4,
  parameter int NumWr     = 2,
  localparam int Words    = Banks * BankWords,
  localparam int AddrW    = $clog2(Words),
  localparam int OffW     = $clog2(BankWords),
  localparam int BankW    = (Banks > 1) ? $clog2(Banks) : 1
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic [NumRd-1:0]       rd_req_i,
  input  logic [NumRd*AddrW-1:0] rd_addr_i,
  output logic [NumRd-1:0]       rd_gnt_o,
  output logic [NumRd-1:0]       rd_valid_o,
  output logic [NumRd*64-1:0]    rd_data_o,
  input  logic [NumWr-1:0]       wr_req_i,
  input  logic [NumWr*AddrW-1:0] wr_addr_i,
  input  logic [NumWr*64-1:0]    wr_data_i,
  input  logic [NumWr*8-1:0]     wr_strb_i,     // byte enables
  output logic [NumWr-1:0]       wr_gnt_o
);
  // Bank of each client's address.
  logic [NumRd*BankW-1:0] rd_bank;
  logic [NumWr*BankW-1:0] wr_bank;
  for (genvar c = 0; c < NumRd; c++) begin : gen_rd_bank
    assign rd_bank[c*BankW +: BankW] = BankW'(rd_addr_i[c*AddrW + OffW +: AddrW - OffW]);
  end
  for (genvar c = 0; c < NumWr; c++) begin : gen_wr_bank
    assign wr_bank[c*BankW +: BankW] = BankW'(wr_addr_i[c*AddrW + OffW +: AddrW - OffW]);
  end

  logic [NumRd*BankW-1:0] rd_bank_q;   // bank whose data a granted client gets next cycle
  logic [Banks*64-1:0]    bank_rdata;
  logic [Banks*NumRd-1:0] rgnt_all;    // per bank, the client it granted
  logic [Banks*NumWr-1:0] wgnt_all;

  for (genvar b = 0; b < Banks; b++) begin : gen_bank
    logic [63:0]     rdata_q;
    logic            re, we;
    logic [OffW-1:0] raddr, waddr;
    logic [63:0]     wdata;
    logic [7:0]      wstrb;
    logic [NumRd-1:0] rgnt;
    logic [NumWr-1:0] wgnt;

    always_comb begin
      re = 1'b0; raddr = '0; rgnt = '0;
      for (int c = 0; c < NumRd; c++) begin
        if (!re && rd_req_i[c] && rd_bank[c*BankW +: BankW] == BankW'(b)) begin
          re      = 1'b1;
          raddr   = rd_addr_i[c*AddrW +: OffW];
          rgnt[c] = 1'b1;
        end
      end
      we = 1'b0; waddr = '0; wdata = '0; wstrb = '0; wgnt = '0;
      for (int c = 0; c < NumWr; c++) begin
        if (!we && wr_req_i[c] && wr_bank[c*BankW +: BankW] == BankW'(b)) begin
          we      = 1'b1;
          waddr   = wr_addr_i[c*AddrW +: OffW];
          wdata   = wr_data_i[c*64 +: 64];
          wstrb   = wr_strb_i[c*8 +: 8];
          wgnt[c] = 1'b1;
        end
      end
    end

    sram_1r1w #(.Width(64), .Depth(BankWords)) u_sram (
      .clk_i, .re_i(re), .raddr_i(raddr), .rdata_o(rdata_q),
      .we_i(we), .waddr_i(waddr), .wdata_i(wdata), .wstrb_i(wstrb));
    assign bank_rdata[b*64 +: 64] = rdata_q;

    assign rgnt_all[b*NumRd +: NumRd] = rgnt;
    assign wgnt_all[b*NumWr +: NumWr] = wgnt;
  end

  always_comb begin
    rd_gnt_o = '0;
    wr_gnt_o = '0;
    for (int b = 0; b < Banks; b++) begin
      rd_gnt_o = rd_gnt_o | rgnt_all[b*NumRd +: NumRd];
      wr_gnt_o = wr_gnt_o | wgnt_all[b*NumWr +: NumWr];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_valid_o <= '0;
      rd_bank_q  <= '0;
    end else begin
      rd_valid_o <= rd_gnt_o;
      rd_bank_q  <= rd_bank;
    end
  end
  for (genvar c = 0; c < NumRd; c++) begin : gen_rd_data
    assign rd_data_o[c*64 +: 64] = bank_rdata[rd_bank_q[c*BankW +: BankW]*64 +: 64];
  end

`ifndef SYNTHESIS
  initial begin
    if (BankWords != (1 << OffW)) $fatal(1, "glb: BankWords=%0d must be a power of two", BankWords);
  end
  for (genvar c = 0; c < NumRd; c++) begin : gen_sva_rd
    `RSACC_ASSERT_IMPL(a_rd_range, rd_req_i[c], 32'(rd_addr_i[c*AddrW +: AddrW]) < Words,
        ("glb: read client %0d address %0d beyond %0d words", c, rd_addr_i[c*AddrW +: AddrW],
         Words))
  end
  for (genvar c = 0; c < NumWr; c++) begin : gen_sva_wr
    `RSACC_ASSERT_IMPL(a_wr_range, wr_req_i[c], 32'(wr_addr_i[c*AddrW +: AddrW]) < Words,
        ("glb: write client %0d address %0d beyond %0d words", c, wr_addr_i[c*AddrW +: AddrW],
         Words))
  end
`endif
endmodule
