// SPDX-License-Identifier: Apache-2.0
// acc_pkg: the hardware/software contract, generated from contract/rsacc_contract.json by contract/gen_contract.py; do not edit.
// What the RTL and the C++ side share: parameter defaults, constants, enums, performance
// counter numbers, the PE configuration word and one packed struct per command kind that
// overlays the command's 512 bits (docs/commands.md). Data-path widths are module parameters;
// these are their defaults.
`default_nettype none

package acc_pkg;

  // Clock the traces and time-based figures assume: 200 MHz.
  localparam int DefaultClockMhz = 200;

  // ---- hardware parameter defaults (rsacc_top's parameters) ----
  localparam int DefaultRows = 12;  // PE rows
  localparam int DefaultCols = 14;  // PE columns
  localparam int DefaultDataWidth = 16;  // D: bits of an activation or weight (docs/numerics.md)
  localparam int DefaultAccWidth = 32;  // A: bits of a partial sum (docs/numerics.md)
  localparam int DefaultFilterWords = 224;  // filter scratchpad words per PE
  localparam int DefaultIfmapWords = 12;  // ifmap scratchpad words per PE
  localparam int DefaultPsumWords = 24;  // psum scratchpad words per PE
  localparam int DefaultFifoDepth = 4;  // PE input FIFO entries
  localparam int DefaultPsumFifoDepth = 24;  // PE psum FIFO entries (>= p keeps PEs computing)
  localparam int DefaultGlbBanks = 27;  // global buffer banks (27 x 4 KB = 108 KB)
  localparam int DefaultGlbBankWords = 512;  // 64-bit words per buffer bank (512 = 4 KB)
  localparam int DefaultMaxReads = 64;  // DRAM reads in flight at the memory port
  localparam int DefaultMacKind = 0;  // PE multiplier: 0 exact, 1 stochastic computing (D = 8 only; docs/stochastic.md)
  localparam int DefaultScLanes = 8;  // SC stream bits per cycle, a power of two: a product takes max(1, L / ScLanes) cycles
  localparam int DefaultScMaxLog2L = 7;  // log2 of the longest SC stream length L the counters are built for

  // ---- constants ----
  localparam int BeatBytes = 8;  // bytes per DRAM beat and per buffer word (64-bit)
  localparam int DramAddrW = 32;  // DRAM byte address width
  localparam int IdW = 8;  // network ID width; all ones matches no tag
  localparam int PeCntW = 8;  // PE job counts p, S*q, U*q: at most 255
  localparam int FiltAddrW = 12;  // filter words per PE job: at most 4095
  localparam int DimW = 16;  // ofmap columns per row, rows per PE job
  localparam int RowWordW = 20;  // ifmap words per row: ((F-1)*U + S) * q
  localparam int CmdWords = 8;  // 64-bit words per command (sixteen 32-bit fields f0..f15)
  localparam int CmdFields = 16;  // 32-bit fields per command
  localparam int RlcTermBit = 63;  // run-length compression (docs/commands.md): the bit of a 64-bit word that ends a block
  localparam int RlcRawBit = 15;  // RLC length table: an entry with this bit set marks a raw row, stored uncompressed (its low bits give the row's words), as a row is when compression would not shrink it
  localparam int RlcMaxRowWords = 16;  // RLC: rows of more 64-bit words than this are always stored raw (the drain's encoder buffers one row of this size; the compiler's images follow the same rule)
  localparam int RlcRunBitsD16 = 5;  // RLC, D = 16: bits of a zero run (Eyeriss's format: up to 31 zeros before a value)
  localparam int RlcPairsD16 = 3;  // RLC, D = 16: (run, value) pairs per 64-bit word, 21 bits each from bit 0
  localparam int RlcRunBitsD8 = 4;  // RLC, D = 8: bits of a zero run (up to 15 zeros before a value)
  localparam int RlcPairsD8 = 5;  // RLC, D = 8: (run, value) pairs per 64-bit word, 12 bits each from bit 0

  // ---- enums ----
  // command opcode, f0 bits 7:0
  localparam int NumOpcodes = 4;
  typedef enum logic [7:0] {OpEnd = 8'd0, OpFill = 8'd1, OpPass = 8'd2, OpDrain = 8'd3} opcode_e;
  // what a DRAM or buffer access moves, f0 bits 10:8 (traffic counters)
  localparam int NumDataTypes = 6;
  typedef enum logic [2:0] {TyCommand = 3'd0, TyIfmap = 3'd1, TyFilter = 3'd2, TyBias = 3'd3, TyPsum = 3'd4, TyOfmap = 3'd5} data_type_e;
  // status_o at done
  localparam int NumStatuses = 5;
  typedef enum logic [7:0] {StatusOk = 8'd0, StatusBadOpcode = 8'd1, StatusNoEnd = 8'd2, StatusBadPass = 8'd3, StatusBadRlc = 8'd4} status_e;
  // what a busy cycle is counted as: the first active one of run, ids, drain, fill; else wait (fetching or waiting)
  localparam int NumPhases = 5;
  typedef enum logic [2:0] {PhaseWait = 3'd0, PhaseFill = 3'd1, PhaseIds = 3'd2, PhaseRun = 3'd3, PhaseDrain = 3'd4} phase_e;
  // controller state (rtl/ctrl/controller.sv st_q); for traces
  localparam int NumCtrlStates = 4;
  typedef enum logic [1:0] {StIdle = 2'd0, StLoad = 2'd1, StExec = 2'd2, StIds = 2'd3} ctrl_state_e;

  // ---- performance counters (64-bit performance counters, read through perf_sel_i / perf_o; cleared at start) ----
  localparam int PerfCycles = 0;  // cycles busy, start to done
  localparam int PerfCyclesInPhase = 1;  // busy cycles by phase (each cycle counts once) + phase
  localparam int PerfCommands = 6;  // commands started
  localparam int PerfPasses = 7;  // passes started
  localparam int PerfDramRead = 8;  // 64-bit DRAM beats read + data_type
  localparam int PerfDramWrite = 14;  // 64-bit DRAM beats written + data_type
  localparam int PerfGlbRead = 20;  // 64-bit buffer words read + data_type
  localparam int PerfGlbWrite = 26;  // 64-bit buffer words written + data_type
  localparam int PerfMac = 32;  // MACs done (zero activations excluded)
  localparam int PerfZeroSkip = 33;  // MACs gated by a zero activation
  localparam int PerfFilterSpadRead = 34;  // filter scratchpad reads
  localparam int PerfFilterSpadWrite = 35;  // filter scratchpad writes
  localparam int PerfIfmapSpadRead = 36;  // ifmap scratchpad reads
  localparam int PerfIfmapSpadWrite = 37;  // ifmap scratchpad writes
  localparam int PerfPsumSpadRead = 38;  // psum scratchpad reads
  localparam int PerfPsumSpadWrite = 39;  // psum scratchpad writes
  localparam int PerfNocFilter = 40;  // filter weights carried by the filter network (up to 64/D per transfer, padding not counted)
  localparam int PerfNocIfmap = 41;  // ifmap network transfers (one per multicast)
  localparam int PerfNocPsum = 42;  // psums into the array
  localparam int PerfArrayOut = 43;  // psums leaving the array
  localparam int PerfDramStall = 44;  // cycles a DRAM request waited for ready
  localparam int PerfActivePeCycles = 45;  // active PEs summed over pass-running cycles
  localparam int PerfScLaneCycles = 46;  // stochastic-MAC lane-cycles: stream cycles x min(SC_LANES, L), summed over PEs (L per product with two non-zero operands; 0 on an exact MAC)
  localparam int NumPerf = 47;
  localparam int PerfSelW = 6;

  // ---- structs ----
  // The word before the commands of a list (at the host-given base address).
  typedef struct packed {
    logic [31:0]             reserved;  // zero
    logic [31:0]             count;  // number of commands that follow
  } list_header_t;
  localparam int ListHeaderW = 64;  // Yosys 0.23 has no $bits of a type
  // One PE job: load p*q*S filter weights, then run `rows` 1-D row convolutions with them. Everything derived is computed once per pass at the top level, not in every PE.
  typedef struct packed {
    logic [PeCntW-1:0]       p;  // filters interleaved = psum scratchpad entries in use
    logic [PeCntW-1:0]       sq;  // sliding-window size in words: S * q
    logic [PeCntW-1:0]       uq;  // window step in words: U * q (U = horizontal stride)
    logic [PeCntW-1:0]       uq_mod;  // (U * q) mod IfmapWords, for the circular window
    logic [FiltAddrW-1:0]    filt_words;  // p * q * S weights loaded per job
    logic [DimW-1:0]         f;  // output columns per row (F)
    logic [RowWordW-1:0]     row_words;  // ifmap words per row: ((F-1)*U + S) * q
    logic [DimW-1:0]         rows;  // row convolutions per job (e.g. images in the batch)
    logic                    psum_in_en;  // add incoming psums (cross-row / cross-pass); else 0
    logic [PeCntW-1:0]       q;  // channels per PE (the SC MAC counts the kernel column s = window word / q)
    logic [2:0]              sc_log2l;  // SC stream length log2 L (4..7); 0 on an exact-MAC accelerator
    logic                    sc_lfsr;  // SC random source: 0 Sobol, 1 extended LFSR
    logic                    sc_column;  // SC stream starts: 0 array (t0 = 0), 1 column (t0 = s * L mod 128)
  } pe_cfg_t;
  localparam int PeCfgW = 110;  // Yosys 0.23 has no $bits of a type

  // ---- commands: one struct per kind, MSB first, unnamed bits reserved (zero) ----
  typedef logic [511:0] cmd_t;
  // OpEnd: done: the controller raises done_o once every unit is idle
  typedef struct packed {
    logic [500:0] rsvd_11;
    // dtype: f0[10:8] data type the command moves (traffic counters)
    logic [2:0] dtype;
    // opcode: f0[7:0] opcode
    logic [7:0] opcode;
  } cmd_end_t;
  // OpFill: DRAM -> buffer. Word i0 of block (i2, i1) is read from dram + i2*stride2 + i1*stride1 + 8*i0 and written to the next buffer word from glb.
  typedef struct packed {
    logic [127:0] rsvd_384;
    // rows: f11[31:16] with rlc: rows per block (count0 = rows * row_words)
    // row_words: f11[15:0] with rlc: words per uncompressed row (the row's slot in DRAM and in the buffer)
    logic [15:0] rows, row_words;
    // lstride2: f10[31:0] with rlc: bytes between the length entries of consecutive groups
    // lstride1: f9[31:0] with rlc: bytes between the length entries of consecutive blocks
    // lens: f8[31:0] with rlc: DRAM byte address (2-byte aligned) of the 16-bit length entry of block (0, 0)'s first row; a block's rows have consecutive entries
    // stride2: f7[31:0] bytes between groups
    // count2: f6[31:0] groups
    // stride1: f5[31:0] bytes between blocks
    // count1: f4[31:0] blocks per group
    // count0: f3[31:0] contiguous words per block
    // glb: f2[31:0] buffer word address
    // dram: f1[31:0] DRAM byte address
    logic [31:0] lstride2, lstride1, lens, stride2, count2, stride1, count1, count0, glb, dram;
    logic [13:0] rsvd_18;
    // rlc: f0[17:17] the block's rows are run-length compressed (docs/commands.md, RLC): each row of row_words words sits compressed at the start of its slot, its length in the length table
    // after_run: f0[16:16] wait for the running pass first (the fill overwrites its data)
    logic rlc, after_run;
    logic [4:0] rsvd_11;
    // dtype: f0[10:8] data type the command moves (traffic counters)
    logic [2:0] dtype;
    // opcode: f0[7:0] opcode
    logic [7:0] opcode;
  } cmd_fill_t;
  // OpPass: one processing pass; the controller holds it for the pass's duration (acc_pkg::pass_t)
  typedef struct packed {
    logic [31:0] rsvd_480;
    // out_base: f14[31:0] buffer word address the output writer stores to: psum_base (in place), or on a last pass the ofmap region
    logic [31:0] out_base;
    logic [18:0] rsvd_429;
    // sc_column: f13[12:12] stochastic MAC: stream starts, 0 array (t0 = 0), 1 column (t0 = s * L mod 128)
    // sc_lfsr: f13[11:11] stochastic MAC: random source, 0 Sobol, 1 extended LFSR (docs/stochastic.md)
    logic sc_column, sc_lfsr;
    // sc_log2l: f13[10:8] stochastic MAC: log2 of the stream length L, 4..ScMaxLog2L; must be 0 on an exact-MAC accelerator (else StatusBadPass)
    logic [2:0] sc_log2l;
    // shift: f13[7:0] requantisation shift
    logic [7:0] shift;
    // bias_base: f12[31:0] buffer word address of the biases
    // psum_base: f11[31:0] buffer word address of the psums
    // filt_base: f10[31:0] buffer word address of the filters
    // ifm_base: f9[31:0] buffer word address of the ifmap tile
    logic [31:0] bias_base, psum_base, filt_base, ifm_base;
    // m: f8[31:16] filters m' of the pass (<= p*t; the rest are zero)
    // c: f8[15:0] channels c' of the pass (<= q*r; the rest are zero)
    // pitch: f7[31:16] tile row pitch in elements (whole words)
    // tile_rows: f7[15:0] ifmap rows per channel in the tile
    // tile_y0: f6[31:16] first unpadded ifmap row held in the buffer tile
    // y_start: f6[15:0] padded ifmap row of the pass's first ofmap row (e0 * stride_v)
    // w: f5[31:16] ifmap width W (unpadded)
    // h: f5[15:0] ifmap height H (unpadded)
    // f: f4[31:16] ofmap columns F
    // n: f4[15:0] images
    logic [15:0] m, c, pitch, tile_rows, tile_y0, y_start, w, h, f, n;
    logic [3:0] rsvd_124;
    // relu: f3[27:27] ReLU on the last pass
    // last: f3[26:26] requantise (+ ReLU) and store D-bit ofmap values
    // bias_in: f3[25:25] add the bias from the buffer (first channel pass)
    // psum_in: f3[24:24] add the buffer's psums (a later channel pass)
    logic relu, last, bias_in, psum_in;
    // e: f3[23:16] ofmap rows
    // t: f3[15:8] filter groups
    // q: f3[7:0] channels per PE
    // p: f2[31:24] filters per PE
    // r: f2[23:16] channel groups stacked in a slot
    // pad_l: f2[15:8] left padding
    // pad_t: f2[7:0] top padding
    // uv: f1[31:24] vertical stride
    // uh: f1[23:16] horizontal stride
    // fs: f1[15:8] filter width S
    // fr: f1[7:0] filter height R
    logic [7:0] e, t, q, p, r, pad_l, pad_t, uv, uh, fs, fr;
    logic [14:0] rsvd_17;
    // after_drain: f0[16:16] wait for the running drain first (the pass writes where it reads)
    logic after_drain;
    logic [4:0] rsvd_11;
    // dtype: f0[10:8] data type the command moves (traffic counters)
    logic [2:0] dtype;
    // opcode: f0[7:0] opcode
    logic [7:0] opcode;
  } pass_t;
  // OpDrain: buffer -> DRAM, the ofmap of a pass
  typedef struct packed {
    logic [31:0] rsvd_480;
    // lstride_m: f14[31:0] with rlc: bytes between the length entries of filters
    // lstride_n: f13[31:0] with rlc: bytes between the length entries of images
    // lens: f12[31:0] with rlc: DRAM byte address (2-byte aligned) of the length entry of row (b0, m0, e0); a filter's e' rows have consecutive entries
    logic [31:0] lstride_m, lstride_n, lens;
    logic [15:0] rsvd_368;
    // pitch: f11[15:0] ofmap row pitch in DRAM (words)
    logic [15:0] pitch;
    // stride_m: f10[31:0] DRAM bytes between filters
    // stride_n: f9[31:0] DRAM bytes between images
    logic [31:0] stride_m, stride_n;
    logic [15:0] rsvd_272;
    // slots: f8[15:0] slots e'*t'
    logic [15:0] slots;
    logic [15:0] rsvd_240;
    // p: f7[15:0] filters per PE p'
    logic [15:0] p;
    logic [15:0] rsvd_208;
    // f: f6[15:0] ofmap columns F
    logic [15:0] f;
    logic [15:0] rsvd_176;
    // e: f5[15:0] ofmap rows e'
    logic [15:0] e;
    logic [15:0] rsvd_144;
    // m: f4[15:0] filters m'
    logic [15:0] m;
    logic [15:0] rsvd_112;
    // n: f3[15:0] images n'
    logic [15:0] n;
    // glb: f2[31:0] buffer word address of the ofmap (out_base of the last pass)
    // dram: f1[31:0] DRAM byte address of (b0, m0, e0)
    logic [31:0] glb, dram;
    logic [13:0] rsvd_18;
    // rlc: f0[17:17] write the rows run-length compressed (docs/commands.md, RLC): each row at the start of its slot, or raw when compression would not shrink it, and its 16-bit entry in the length table
    // after_run: f0[16:16] wait for the running pass first (whose ofmap it copies)
    logic rlc, after_run;
    logic [4:0] rsvd_11;
    // dtype: f0[10:8] data type the command moves (traffic counters)
    logic [2:0] dtype;
    // opcode: f0[7:0] opcode
    logic [7:0] opcode;
  } cmd_drain_t;

endpackage
