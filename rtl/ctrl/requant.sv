// SPDX-License-Identifier: Apache-2.0
// Requantisation of one accumulator (docs/numerics.md): round-half-up arithmetic shift computed
// in AccWidth+1 bits, saturation to DataWidth bits, optional ReLU.
`default_nettype none

module requant #(
  parameter int DataWidth = acc_pkg::DefaultDataWidth,
  parameter int AccWidth  = acc_pkg::DefaultAccWidth
) (
  input  logic [AccWidth-1:0]  acc_i,
  input  logic [7:0]           shift_i,   // < AccWidth
  input  logic                 relu_i,
  output logic [DataWidth-1:0] y_o
);
  localparam logic signed [AccWidth:0] Max = (AccWidth+1)'((1 << (DataWidth - 1)) - 1);
  localparam logic signed [AccWidth:0] Min = -(AccWidth+1)'(1 << (DataWidth - 1));

  logic signed [AccWidth:0] wide, rounded, shifted;
  always_comb begin
    wide    = $signed({acc_i[AccWidth-1], acc_i});
    rounded = (shift_i == 0) ? wide : wide + ((AccWidth+1)'(1) << (shift_i - 1'b1));
    shifted = rounded >>> shift_i;
    if (shifted > Max) y_o = DataWidth'(Max);
    else if (shifted < Min) y_o = DataWidth'(Min);
    else y_o = shifted[DataWidth-1:0];
    if (relu_i && y_o[DataWidth-1]) y_o = '0;
  end
endmodule
