// Buffer -> DRAM copy of a pass's ofmap (OpDrain). The last pass left DataWidth-bit values in the
// psum region in collector order (b, f, slot = ti*e + ei, k). This gathers them into the DRAM
// layout, rows of `pitch` words: for image b, filter m = ti*p + k < mm, ofmap row ei, the F
// columns then zeros up to the pitch, written to dram + b*stride_b + m*stride_m + ei*pitch*8.
`default_nettype none

module drain_dma #(
  parameter int DataWidth = 16,
  parameter int AddrW     = 14,
  localparam int LaneW    = $clog2(64 / DataWidth),
  localparam int Lanes    = 64 / DataWidth,
  localparam int IdxW     = AddrW + LaneW
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             start_i,
  input  logic [31:0]      dram_i,
  input  logic [31:0]      glb_i,       // psum region (word address)
  input  logic [15:0]      n_i, mm_i, e_i, f_i, p_i, slots_i,
  input  logic [31:0]      stride_b_i,  // bytes
  input  logic [31:0]      stride_m_i,  // bytes
  input  logic [15:0]      pitch_i,     // words per ofmap row in DRAM
  output logic             done_o,
  // Buffer read port.
  output logic             rd_req_o,
  output logic [AddrW-1:0] rd_addr_o,
  input  logic             rd_gnt_i,
  input  logic             rd_valid_i,
  input  logic [63:0]      rd_data_i,
  // DRAM writes.
  output logic             req_valid_o,
  input  logic             req_ready_i,
  output logic [31:0]      req_addr_o,
  output logic [63:0]      req_data_o
);
  logic        gen_q;
  logic [15:0] b_q, m_q, k_q, ti_e_q, ei_q, fl_q;   // ti_e = ti*e
  logic [15:0] row_elems;
  logic        item_ready, idle, last_item;

  assign row_elems = pitch_i << LaneW;
  assign last_item = fl_q == row_elems - 1'b1 && ei_q == e_i - 1'b1 && m_q == mm_i - 1'b1 &&
                     b_q == n_i - 1'b1;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      gen_q <= 1'b0; b_q <= '0; m_q <= '0; k_q <= '0; ti_e_q <= '0; ei_q <= '0; fl_q <= '0;
    end else if (start_i) begin
      gen_q <= n_i != 0 && mm_i != 0;
      b_q <= '0; m_q <= '0; k_q <= '0; ti_e_q <= '0; ei_q <= '0; fl_q <= '0;
    end else if (gen_q && item_ready) begin
      if (last_item) gen_q <= 1'b0;
      if (fl_q != row_elems - 1'b1) fl_q <= fl_q + 1'b1;
      else begin
        fl_q <= '0;
        if (ei_q != e_i - 1'b1) ei_q <= ei_q + 1'b1;
        else begin
          ei_q <= '0;
          if (m_q != mm_i - 1'b1) begin
            m_q <= m_q + 1'b1;
            if (k_q != p_i - 1'b1) k_q <= k_q + 1'b1;
            else begin
              k_q <= '0; ti_e_q <= ti_e_q + e_i;
            end
          end else begin
            m_q <= '0; k_q <= '0; ti_e_q <= '0;
            b_q <= b_q + 1'b1;
          end
        end
      end
    end
  end

  logic [31:0] elem, addr;
  logic        zero;
  assign elem = (glb_i << LaneW) +
                ((32'(b_q) * 32'(f_i) + 32'(fl_q)) * 32'(slots_i) + 32'(ti_e_q) + 32'(ei_q)) *
                32'(p_i) + 32'(k_q);
  assign zero = fl_q >= f_i;
  logic unused_bits;
  assign unused_bits = ^{elem[31:IdxW], next_elem};
  assign addr = dram_i + 32'(b_q) * stride_b_i + 32'(m_q) * stride_m_i +
                ((32'(ei_q) * 32'(row_elems) + 32'(fl_q)) >> LaneW) * 32'd8;

  logic                 el_valid, el_ready;
  logic [DataWidth-1:0] el_data;
  logic [31:0]          el_addr;
  logic [DataWidth-1:0] next_elem;   // single-element items: not used
  glb_reader #(.ElemW(DataWidth), .AddrW(AddrW), .TagW(32)) u_reader (
    .clk_i, .rst_ni, .restart_i(start_i),
    .item_valid_i(gen_q), .item_ready_o(item_ready), .item_idx_i(IdxW'(elem)),
    .item_zero_i(zero), .item_tag_i(addr),
    .rd_req_o, .rd_addr_o, .rd_gnt_i, .rd_valid_i, .rd_data_i,
    .out_valid_o(el_valid), .out_ready_i(el_ready), .out_data_o(el_data),
    .out_next_o(next_elem), .out_tag_o(el_addr), .idle_o(idle));

  // Pack Lanes elements into a beat; the beat's address is the tag of its elements.
  logic [63:0]      beat_q;
  logic [LaneW-1:0] lane_q;
  logic             pend_q;
  logic [31:0]      addr_q;
  assign el_ready    = !pend_q;
  assign req_valid_o = pend_q;
  assign req_addr_o  = addr_q;
  assign req_data_o  = beat_q;
  assign done_o      = !gen_q && idle && !pend_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      beat_q <= '0; lane_q <= '0; pend_q <= 1'b0; addr_q <= '0;
    end else if (start_i) begin
      lane_q <= '0; pend_q <= 1'b0;
    end else begin
      if (el_valid && el_ready) begin
        beat_q[lane_q*DataWidth +: DataWidth] <= el_data;
        addr_q <= el_addr;
        lane_q <= lane_q + 1'b1;
        if (lane_q == LaneW'(Lanes - 1)) pend_q <= 1'b1;
      end
      if (pend_q && req_ready_i) pend_q <= 1'b0;
    end
  end
endmodule
