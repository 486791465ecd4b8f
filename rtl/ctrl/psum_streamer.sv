// Sends psums into the bottom PE of every slot over the psum network, in the order the PEs add
// them (rtl/array/psum_collector.sv order): for image b, for column f, for slot s = ti*e + ei,
// for filter k. On a later channel pass they are the previous pass's psums, read linearly from
// the psum region; on the first channel pass of a layer with bias they are bias[ti*p + k] (zero
// for the filters beyond the pass's m). Psums and biases are PsumW-bit containers in the buffer.
`default_nettype none

module psum_streamer #(
  parameter int AccWidth = 32,
  parameter int PsumW    = 32,          // container: 32 when AccWidth <= 32, else 64
  parameter int AddrW    = 14,
  parameter int IdW      = 8,
  localparam int LaneW   = $clog2(64 / PsumW),
  localparam int IdxW    = AddrW + LaneW
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 start_i,      // starts only if pass_i.psum_in or bias_in
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
  output logic [AccWidth-1:0]  noc_data_o
);
  logic        gen_q;
  logic [IdxW-1:0] lin_q;              // linear psum index
  logic [15:0] b_q, f_q, mi_q, mbase_q; // mi = ti*p + k, mbase = ti*p
  logic [7:0]  k_q, ei_q, ti_q, s_q;
  logic        item_ready, idle, last_item;
  logic [PsumW-1:0] data;

  assign last_item = k_q == pass_i.p - 1'b1 && ei_q == pass_i.e - 1'b1 &&
                     ti_q == pass_i.t - 1'b1 && f_q == pass_i.f - 1'b1 && b_q == pass_i.n - 1'b1;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      gen_q <= 1'b0; lin_q <= '0; b_q <= '0; f_q <= '0; mi_q <= '0; mbase_q <= '0;
      k_q <= '0; ei_q <= '0; ti_q <= '0; s_q <= '0;
    end else if (start_i) begin
      gen_q <= pass_i.psum_in || pass_i.bias_in;
      lin_q <= IdxW'(pass_i.psum_base) << LaneW;
      b_q <= '0; f_q <= '0; mi_q <= '0; mbase_q <= '0;
      k_q <= '0; ei_q <= '0; ti_q <= '0; s_q <= '0;
    end else if (gen_q && item_ready) begin
      lin_q <= lin_q + 1'b1;
      if (last_item) gen_q <= 1'b0;
      if (k_q != pass_i.p - 1'b1) begin
        k_q <= k_q + 1'b1; mi_q <= mi_q + 1'b1;
      end else begin
        k_q <= '0;
        s_q <= s_q + 1'b1;
        if (ei_q != pass_i.e - 1'b1) begin
          ei_q <= ei_q + 1'b1; mi_q <= mbase_q;
        end else begin
          ei_q <= '0;
          if (ti_q != pass_i.t - 1'b1) begin
            ti_q <= ti_q + 1'b1; mi_q <= mbase_q + 16'(pass_i.p); mbase_q <= mbase_q + 16'(pass_i.p);
          end else begin
            ti_q <= '0; s_q <= '0; mi_q <= '0; mbase_q <= '0;
            if (f_q != pass_i.f - 1'b1) f_q <= f_q + 1'b1;
            else begin
              f_q <= '0;
              b_q <= b_q + 1'b1;
            end
          end
        end
      end
    end
  end

  logic [IdxW-1:0] idx;
  logic            zero;
  assign idx  = pass_i.psum_in ? lin_q : (IdxW'(pass_i.bias_base) << LaneW) + IdxW'(mi_q);
  assign zero = !pass_i.psum_in && mi_q >= pass_i.m;

  glb_reader #(.ElemW(PsumW), .AddrW(AddrW), .TagW(2 * IdW)) u_reader (
    .clk_i, .rst_ni, .restart_i(start_i),
    .item_valid_i(gen_q), .item_ready_o(item_ready), .item_idx_i(idx), .item_zero_i(zero),
    .item_tag_i({IdW'(0), IdW'(s_q)}),
    .rd_req_o, .rd_addr_o, .rd_gnt_i, .rd_valid_i, .rd_data_i,
    .out_valid_o(noc_valid_o), .out_ready_i(noc_ready_i), .out_data_o(data),
    .out_tag_o(noc_tag_o), .idle_o(idle));
  assign noc_data_o = data[AccWidth-1:0];

  assign busy_o = gen_q || !idle;

  logic unused_bits;
  assign unused_bits = ^{pass_i, data};
endmodule
