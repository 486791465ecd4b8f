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

endpackage
