// Sends a pass's filter weights from the buffer to the filter network. The compiler stores them
// in stream order (docs/commands.md): for filter group ti, for slot height h, the p*q*S weights
// of that PE in the PE's own order. Tag = {row: h, col: ti}: one transfer reaches the PEs at
// height h of all e slots of filter group ti.
`default_nettype none

module filter_streamer #(
  parameter int DataWidth = 16,
  parameter int AddrW     = 14,
  parameter int IdW       = 8,
  localparam int LaneW    = $clog2(64 / DataWidth),
  localparam int IdxW     = AddrW + LaneW
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 start_i,
  input  acc_pkg::pass_t       pass_i,
  output logic                 busy_o,
  output logic                 rd_req_o,
  output logic [AddrW-1:0]     rd_addr_o,
  input  logic                 rd_gnt_i,
  input  logic                 rd_valid_i,
  input  logic [63:0]          rd_data_i,
  output logic                 noc_valid_o,
  input  logic                 noc_ready_i,
  output logic [2*IdW-1:0]     noc_tag_o,
  output logic [DataWidth-1:0] noc_data_o
);
  logic             gen_q;                 // items left to issue
  logic [IdxW-1:0]  idx_q;
  logic [11:0]      j_q, block;            // word within a PE's block (p*q*S <= 4095)
  logic [7:0]       h_q, ti_q, height;
  logic             item_ready, last_item, idle;

  assign block     = 12'(pass_i.p * pass_i.q * pass_i.fs);
  assign height    = 8'(pass_i.fr * pass_i.r);
  assign last_item = j_q == block - 1'b1 && h_q == height - 1'b1 && ti_q == pass_i.t - 1'b1;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      gen_q <= 1'b0; idx_q <= '0; j_q <= '0; h_q <= '0; ti_q <= '0;
    end else if (start_i) begin
      gen_q <= 1'b1;
      idx_q <= IdxW'(pass_i.filt_base) << LaneW;
      j_q <= '0; h_q <= '0; ti_q <= '0;
    end else if (gen_q && item_ready) begin
      idx_q <= idx_q + 1'b1;
      if (last_item) gen_q <= 1'b0;
      if (j_q != block - 1'b1) j_q <= j_q + 1'b1;
      else begin
        j_q <= '0;
        if (h_q != height - 1'b1) h_q <= h_q + 1'b1;
        else begin
          h_q  <= '0;
          ti_q <= ti_q + 1'b1;
        end
      end
    end
  end

  logic [DataWidth-1:0] next_elem;   // single-element items: not used
  glb_reader #(.ElemW(DataWidth), .AddrW(AddrW), .TagW(2 * IdW)) u_reader (
    .clk_i, .rst_ni, .restart_i(start_i),
    .item_valid_i(gen_q), .item_ready_o(item_ready), .item_idx_i(idx_q), .item_zero_i(1'b0),
    .item_tag_i({IdW'(h_q), IdW'(ti_q)}),
    .rd_req_o, .rd_addr_o, .rd_gnt_i, .rd_valid_i, .rd_data_i,
    .out_valid_o(noc_valid_o), .out_ready_i(noc_ready_i), .out_data_o(noc_data_o),
    .out_next_o(next_elem),
    .out_tag_o(noc_tag_o), .idle_o(idle));

  assign busy_o = gen_q || !idle;

  logic unused_bits;
  assign unused_bits = ^{pass_i, next_elem};
endmodule
