// Project-wide types and limits. Widths of data paths are module parameters (DataWidth,
// AccWidth, scratchpad sizes) so the design space can be swept; this package holds what is
// fixed: command/config field widths and shared structs.
`default_nettype none

package acc_pkg;

  // Field widths of per-job PE configuration. They bound the parameters a PE can be built
  // with (checked at elaboration in pe.sv).
  localparam int PeCntW   = 8;   // p, S*q, U*q: at most 255
  localparam int FiltAddrW = 12; // filter words: at most 4095
  localparam int DimW     = 16;  // ofmap columns per row, rows per job
  localparam int RowWordW = 20;  // ifmap words per row: ((F-1)*U + S) * q

  // One PE job: load p*q*S filter weights, then run `rows` 1-D row convolutions with them.
  // Everything derived (products, modulo) is computed once by the mapper, not in every PE.
  typedef struct packed {
    logic [PeCntW-1:0]    p;          // filters interleaved = psum scratchpad entries in use
    logic [PeCntW-1:0]    sq;         // sliding-window size in words: S * q
    logic [PeCntW-1:0]    uq;         // window step in words: U * q (U = horizontal stride)
    logic [PeCntW-1:0]    uq_mod;     // (U * q) mod IfmapWords, for the circular window
    logic [FiltAddrW-1:0] filt_words; // p * q * S weights loaded per job
    logic [DimW-1:0]      f;          // output columns per row (F)
    logic [RowWordW-1:0]  row_words;  // ifmap words per row: ((F-1)*U + S) * q
    logic [DimW-1:0]      rows;       // row convolutions per job (e.g. images in the batch)
    logic                 psum_in_en; // add incoming psums (cross-row / cross-pass); else 0
  } pe_cfg_t;
  // Width of pe_cfg_t (Yosys 0.23 has no $bits of a type); checked against $bits in pe.sv.
  localparam int PeCfgW = 4 * PeCntW + FiltAddrW + DimW + RowWordW + DimW + 1;

  // ---- command list (docs/commands.md; the C++ side writes it, sim/src/command.cpp) ----------
  // A list starts with a header word (bits 31:0 = number of commands) followed by the commands,
  // CmdWords 64-bit words each, read as 16 little-endian 32-bit fields f0..f15.
  localparam int CmdWords = 8;
  localparam logic [7:0] OpEnd = 8'd0, OpFill = 8'd1, OpPass = 8'd2, OpDrain = 8'd3;
  // Data types, for traffic counters (order = sim::DataType).
  localparam int NumTypes = 6;
  localparam logic [2:0] TyCommand = 3'd0, TyIfmap = 3'd1, TyFilter = 3'd2, TyBias = 3'd3,
                         TyPsum = 3'd4, TyOfmap = 3'd5;
  // Status codes (host register).
  localparam logic [7:0] StatusOk = 8'd0, StatusBadOpcode = 8'd1, StatusNoEnd = 8'd2,
                         StatusBadPass = 8'd3;

  // A processing pass, decoded from an OpPass command.
  typedef struct packed {
    logic [7:0]  fr;          // filter height R
    logic [7:0]  fs;          // filter width S
    logic [7:0]  uh;          // horizontal stride
    logic [7:0]  uv;          // vertical stride
    logic [7:0]  pad_t;       // top padding
    logic [7:0]  pad_l;       // left padding
    logic [7:0]  r;           // channel groups stacked in a slot
    logic [7:0]  p;           // filters per PE
    logic [7:0]  q;           // channels per PE
    logic [7:0]  t;           // filter groups
    logic [7:0]  e;           // ofmap rows
    logic        psum_in;     // add psums from the buffer (a later channel pass)
    logic        bias_in;     // add the bias from the buffer (first channel pass)
    logic        last;        // requantise (+ ReLU) and store D-bit ofmap values
    logic        relu;
    logic [15:0] n;           // images
    logic [15:0] f;           // ofmap columns F
    logic [15:0] h;           // ifmap height (unpadded)
    logic [15:0] w;           // ifmap width (unpadded)
    logic [15:0] y_start;     // padded ifmap row of the pass's first ofmap row
    logic [15:0] tile_y0;     // first unpadded ifmap row held in the buffer tile
    logic [15:0] tile_rows;   // ifmap rows per channel in the tile
    logic [15:0] pitch;       // tile row pitch in elements (whole words)
    logic [15:0] c;           // channels of the pass (<= q*r; the rest are zero)
    logic [15:0] m;           // filters of the pass (<= p*t; the rest are zero)
    logic [31:0] ifm_base;    // buffer word addresses of the regions
    logic [31:0] filt_base;
    logic [31:0] psum_base;
    logic [31:0] bias_base;
    logic [7:0]  shift;       // requantisation shift
    logic [31:0] out_base;    // where the output writer stores (psum region, or on a last pass
                              // the ofmap region, which a drain may still be reading)
  } pass_t;

endpackage
