// SPDX-License-Identifier: Apache-2.0
// The hardware/software contract of rsacc, generated from contract/rsacc_contract.json by contract/gen_contract.py; do not edit.
// Everything the C++ side shares with the RTL (rtl/acc_pkg.sv, docs/commands.md): parameter
// defaults and ranges, constants, enums with their report names, performance counter numbers,
// the PE configuration word and the commands, with encoders that check every field's width.
#pragma once
#include "rsacc/contract_codec.hpp"

namespace contract {

inline constexpr int kDefaultClockMhz = 200;  // Clock frequency the traces and the time-based figures assume (Eyeriss v1 ran its core at 200 MHz). A trace's time unit is then one clock period of 5 ns.

// Hardware parameters: defaults and the ranges the RTL accepts.
struct ParamRange {
    const char* name;
    int64_t def, min, max;
    const char* doc;
};
inline constexpr int kDefaultRows = 12;
inline constexpr int kDefaultCols = 14;
inline constexpr int kDefaultDataWidth = 16;
inline constexpr int kDefaultAccWidth = 32;
inline constexpr int kDefaultFilterWords = 224;
inline constexpr int kDefaultIfmapWords = 12;
inline constexpr int kDefaultPsumWords = 24;
inline constexpr int kDefaultFifoDepth = 4;
inline constexpr int kDefaultPsumFifoDepth = 24;
inline constexpr int kDefaultGlbBanks = 27;
inline constexpr int kDefaultGlbBankWords = 512;
inline constexpr int kDefaultMaxReads = 64;
inline constexpr int kDefaultMacKind = 0;
inline constexpr int kDefaultScLanes = 8;
inline constexpr int kDefaultScMaxLog2L = 7;
inline constexpr std::array<ParamRange, 15> kParams{{
    {"Rows", 12, 1, 255, "PE rows"},
    {"Cols", 14, 1, 255, "PE columns"},
    {"DataWidth", 16, 2, 32, "D: bits of an activation or weight (docs/numerics.md)"},
    {"AccWidth", 32, 2, 64, "A: bits of a partial sum (docs/numerics.md)"},
    {"FilterWords", 224, 1, 4095, "filter scratchpad words per PE"},
    {"IfmapWords", 12, 1, 255, "ifmap scratchpad words per PE"},
    {"PsumWords", 24, 1, 255, "psum scratchpad words per PE"},
    {"FifoDepth", 4, 2, 64, "PE input FIFO entries"},
    {"PsumFifoDepth", 24, 2, 64, "PE psum FIFO entries (>= p keeps PEs computing)"},
    {"GlbBanks", 27, 1, 1024, "global buffer banks (27 x 4 KB = 108 KB)"},
    {"GlbBankWords", 512, 16, 65536, "64-bit words per buffer bank (512 = 4 KB)"},
    {"MaxReads", 64, 2, 256, "DRAM reads in flight at the memory port"},
    {"MacKind", 0, 0, 1, "PE multiplier: 0 exact, 1 stochastic computing (D = 8 only; docs/stochastic.md)"},
    {"ScLanes", 8, 1, 128, "SC stream bits per cycle, a power of two: a product takes max(1, L / ScLanes) cycles"},
    {"ScMaxLog2L", 7, 4, 7, "log2 of the longest SC stream length L the counters are built for"},
}};

inline constexpr int kBeatBytes = 8;  // bytes per DRAM beat and per buffer word (64-bit)
inline constexpr int kDramAddrW = 32;  // DRAM byte address width
inline constexpr int kIdW = 8;  // network ID width; all ones matches no tag
inline constexpr int kPeCntW = 8;  // PE job counts p, S*q, U*q: at most 255
inline constexpr int kFiltAddrW = 12;  // filter words per PE job: at most 4095
inline constexpr int kDimW = 16;  // ofmap columns per row, rows per PE job
inline constexpr int kRowWordW = 20;  // ifmap words per row: ((F-1)*U + S) * q
inline constexpr int kCmdWords = 8;  // 64-bit words per command (sixteen 32-bit fields f0..f15)
inline constexpr int kCmdFields = 16;  // 32-bit fields per command
inline constexpr int kRlcTermBit = 63;  // run-length compression (docs/commands.md): the bit of a 64-bit word that ends a block
inline constexpr int kRlcRawBit = 15;  // RLC length table: an entry with this bit set marks a raw row, stored uncompressed (its low bits give the row's words), as a row is when compression would not shrink it
inline constexpr int kRlcMaxRowWords = 16;  // RLC: rows of more 64-bit words than this are always stored raw (the drain's encoder buffers one row of this size; the compiler's images follow the same rule)
inline constexpr int kRlcRunBitsD16 = 5;  // RLC, D = 16: bits of a zero run (Eyeriss's format: up to 31 zeros before a value)
inline constexpr int kRlcPairsD16 = 3;  // RLC, D = 16: (run, value) pairs per 64-bit word, 21 bits each from bit 0
inline constexpr int kRlcRunBitsD8 = 4;  // RLC, D = 8: bits of a zero run (up to 15 zeros before a value)
inline constexpr int kRlcPairsD8 = 5;  // RLC, D = 8: (run, value) pairs per 64-bit word, 12 bits each from bit 0

// command opcode, f0 bits 7:0
enum class Opcode : uint32_t {
    End = 0,  // done: the controller raises done_o once every unit is idle
    Fill = 1,  // DRAM -> buffer (fill DMA)
    Pass = 2,  // one processing pass on the array
    Drain = 3,  // buffer -> DRAM, the ofmap of a pass (drain DMA)
};
inline constexpr int kNumOpcodes = 4;
inline constexpr std::array<detail::EnumName, 4> kOpcodeNames{{{0, "end"}, {1, "fill"}, {2, "pass"}, {3, "drain"}}};
inline const char* to_string(Opcode v) { return detail::name_of(kOpcodeNames, uint32_t(v)); }
inline bool is_valid_opcode(uint64_t v) { return detail::has(kOpcodeNames, v); }

// what a DRAM or buffer access moves, f0 bits 10:8 (traffic counters)
enum class DataType : uint32_t {
    Command = 0,  // the command list
    Ifmap = 1,  // input activations
    Filter = 2,  // weights
    Bias = 3,  // biases (A-bit, in psum containers)
    Psum = 4,  // partial sums
    Ofmap = 5,  // output activations
};
inline constexpr int kNumDataTypes = 6;
inline constexpr std::array<detail::EnumName, 6> kDataTypeNames{{{0, "command"}, {1, "ifmap"}, {2, "filter"}, {3, "bias"}, {4, "psum"}, {5, "ofmap"}}};
inline const char* to_string(DataType v) { return detail::name_of(kDataTypeNames, uint32_t(v)); }
inline bool is_valid_data_type(uint64_t v) { return detail::has(kDataTypeNames, v); }

// status_o at done
enum class Status : uint32_t {
    Ok = 0,  // the list ran to OpEnd
    BadOpcode = 1,  // an unknown opcode (after the running units finish)
    NoEnd = 2,  // the list ran out without OpEnd
    BadPass = 3,  // an OpPass with a zero R, S, stride, r, p, q, t, e, n or F, or stochastic-MAC fields (sc_*) the MAC cannot run: a stream length outside 16..2^ScMaxLog2L on a stochastic MAC, any sc_* set on an exact one
    BadRlc = 4,  // a compressed fill's data do not decode: a row's stream ends before or after the words its length entry gives, a length of 0 or beyond the row's worst case, or a malformed word (the fill stops, the run ends after the running units finish)
};
inline constexpr int kNumStatuses = 5;
inline constexpr std::array<detail::EnumName, 5> kStatusNames{{{0, "ok"}, {1, "bad opcode"}, {2, "command list without OpEnd"}, {3, "pass with a zero dimension or SC settings the MAC cannot run"}, {4, "run-length compressed data malformed"}}};
inline const char* to_string(Status v) { return detail::name_of(kStatusNames, uint32_t(v)); }
inline bool is_valid_status(uint64_t v) { return detail::has(kStatusNames, v); }

// what a busy cycle is counted as: the first active one of run, ids, drain, fill; else wait (fetching or waiting)
enum class Phase : uint32_t {
    Wait = 0,  // fetching commands or waiting
    Fill = 1,  // a fill runs (not hidden behind a pass)
    Ids = 2,  // walking the array to set the PE IDs
    Run = 3,  // a pass runs on the array
    Drain = 4,  // a drain runs (not hidden behind a pass)
};
inline constexpr int kNumPhases = 5;
inline constexpr std::array<detail::EnumName, 5> kPhaseNames{{{0, "fetch"}, {1, "fill"}, {2, "pe_ids"}, {3, "pass_run"}, {4, "drain"}}};
inline const char* to_string(Phase v) { return detail::name_of(kPhaseNames, uint32_t(v)); }
inline bool is_valid_phase(uint64_t v) { return detail::has(kPhaseNames, v); }

// controller state (rtl/ctrl/controller.sv st_q); for traces
enum class CtrlState : uint32_t {
    Idle = 0,  // waiting for start_i
    Load = 1,  // taking the next command's words
    Exec = 2,  // starting the command once its units are free
    Ids = 3,  // the PE ID walk of a pass
};
inline constexpr int kNumCtrlStates = 4;
inline constexpr std::array<detail::EnumName, 4> kCtrlStateNames{{{0, "idle"}, {1, "load"}, {2, "exec"}, {3, "ids"}}};
inline const char* to_string(CtrlState v) { return detail::name_of(kCtrlStateNames, uint32_t(v)); }
inline bool is_valid_ctrl_state(uint64_t v) { return detail::has(kCtrlStateNames, v); }

// Performance counters (64-bit performance counters, read through perf_sel_i / perf_o; cleared at start); a group with `per` is followed by one
// counter per value of that enum: kPerfDramRead + int(DataType::Ifmap).
enum PerfCounter : int {
    kPerfCycles = 0,  // cycles busy, start to done
    kPerfCyclesInPhase = 1,  // busy cycles by phase (each cycle counts once)
    kPerfCommands = 6,  // commands started
    kPerfPasses = 7,  // passes started
    kPerfDramRead = 8,  // 64-bit DRAM beats read
    kPerfDramWrite = 14,  // 64-bit DRAM beats written
    kPerfGlbRead = 20,  // 64-bit buffer words read
    kPerfGlbWrite = 26,  // 64-bit buffer words written
    kPerfMac = 32,  // MACs done (zero activations excluded)
    kPerfZeroSkip = 33,  // MACs gated by a zero activation
    kPerfFilterSpadRead = 34,  // filter scratchpad reads
    kPerfFilterSpadWrite = 35,  // filter scratchpad writes
    kPerfIfmapSpadRead = 36,  // ifmap scratchpad reads
    kPerfIfmapSpadWrite = 37,  // ifmap scratchpad writes
    kPerfPsumSpadRead = 38,  // psum scratchpad reads
    kPerfPsumSpadWrite = 39,  // psum scratchpad writes
    kPerfNocFilter = 40,  // filter weights carried by the filter network (up to 64/D per transfer, padding not counted)
    kPerfNocIfmap = 41,  // ifmap network transfers (one per multicast)
    kPerfNocPsum = 42,  // psums into the array
    kPerfArrayOut = 43,  // psums leaving the array
    kPerfDramStall = 44,  // cycles a DRAM request waited for ready
    kPerfActivePeCycles = 45,  // active PEs summed over pass-running cycles
    kPerfScLaneCycles = 46,  // stochastic-MAC lane-cycles: stream cycles x min(SC_LANES, L), summed over PEs (L per product with two non-zero operands; 0 on an exact MAC)
    kNumPerf = 47
};
// Counter names for reports: "cycles", "dram_read.ifmap", ...
inline constexpr std::array<const char*, kNumPerf> kPerfNames{{
    "cycles",
    "cycles_in_phase.fetch",
    "cycles_in_phase.fill",
    "cycles_in_phase.pe_ids",
    "cycles_in_phase.pass_run",
    "cycles_in_phase.drain",
    "commands",
    "passes",
    "dram_read.command",
    "dram_read.ifmap",
    "dram_read.filter",
    "dram_read.bias",
    "dram_read.psum",
    "dram_read.ofmap",
    "dram_write.command",
    "dram_write.ifmap",
    "dram_write.filter",
    "dram_write.bias",
    "dram_write.psum",
    "dram_write.ofmap",
    "glb_read.command",
    "glb_read.ifmap",
    "glb_read.filter",
    "glb_read.bias",
    "glb_read.psum",
    "glb_read.ofmap",
    "glb_write.command",
    "glb_write.ifmap",
    "glb_write.filter",
    "glb_write.bias",
    "glb_write.psum",
    "glb_write.ofmap",
    "mac",
    "zero_skip",
    "filter_spad_read",
    "filter_spad_write",
    "ifmap_spad_read",
    "ifmap_spad_write",
    "psum_spad_read",
    "psum_spad_write",
    "noc_filter",
    "noc_ifmap",
    "noc_psum",
    "array_out",
    "dram_stall",
    "active_pe_cycles",
    "sc_lane_cycles",
}};

// Registers. The memory-mapped view of these ports that the SystemC/TLM-2.0 wrapper rsacc_tlm implements (docs/systemc.md): 32-bit registers at byte offsets from the accelerator's base, little-endian. A register takes aligned 4-byte accesses; a counter also an aligned 8-byte read of both halves. Any other access, and any offset not listed, gets a TLM address or burst error response.
namespace reg {
inline constexpr uint32_t kSize = 4096;  // bytes of the register window
inline constexpr uint32_t kIdValue = 0x52534143;
struct Field {
    int lsb, width;
    constexpr uint32_t mask() const { return uint32_t(((uint64_t{1} << width) - 1) << lsb); }
    constexpr uint32_t get(uint32_t v) const { return (v & mask()) >> lsb; }
    constexpr uint32_t put(uint32_t v) const { return (v << lsb) & mask(); }
};
inline constexpr uint32_t kId = 0x000;  // ro: 0x52534143 ('RSAC'): this is an rsacc accelerator
inline constexpr uint32_t kCtrl = 0x004;  // wo: commands; reads as zero
inline constexpr Field kCtrlStart{0, 1};  // 1: run the command list at cmd_base (start_i for one cycle); ignored while busy
inline constexpr Field kCtrlReset{1, 1};  // 1: reset the accelerator (rst_ni low for two cycles); clears done, the status and the counters
inline constexpr uint32_t kStatus = 0x008;  // ro: state of the accelerator
inline constexpr Field kStatusBusy{0, 1};  // a run is in progress (busy_o)
inline constexpr Field kStatusDone{1, 1};  // the last run ended (done_o); cleared by the next start
inline constexpr Field kStatusDramError{2, 1};  // a DRAM transaction got an error response: the run was stopped (cleared by reset)
inline constexpr Field kStatusAssertion{3, 1};  // an RTL assertion fired: the run was stopped (simulation only; cleared by reset)
inline constexpr Field kStatusCode{8, 8};  // status_o of the last run (status enum)
inline constexpr uint32_t kCmdBase = 0x00c;  // rw: byte address of the command list header (cmd_base_i)
inline constexpr uint32_t kIrqEnable = 0x010;  // rw: which irq_status bits raise the interrupt
inline constexpr Field kIrqEnableDone{0, 1};  // a run ended
inline constexpr Field kIrqEnableError{1, 1};  // a run ended with a status other than ok, a DRAM error response or an assertion
inline constexpr uint32_t kIrqStatus = 0x014;  // rw1c: interrupt causes, set by the hardware, cleared by writing 1; the interrupt is high while (irq_status & irq_enable) != 0
inline constexpr Field kIrqStatusDone{0, 1};  // a run ended
inline constexpr Field kIrqStatusError{1, 1};  // a run ended with a status other than ok, a DRAM error response or an assertion
inline constexpr uint32_t kPerf = 0x100;  // ro, slot 8 bytes: performance counter i (counters) at 256 + 8 i: bits 31:0, and at + 4 bits 63:32 (perf_sel_i / perf_o)
}  // namespace reg

// The word before the commands of a list (at the host-given base address).
// acc_pkg::list_header_t, 64 bits: pack() gives the port as Verilator stores it, 2 words.
struct ListHeader : PackedStruct<ListHeader, 64> {
    // Fields, MSB first (kMembers below says where each sits and what it means).
    uint64_t reserved = 0, count = 0;
    static constexpr const char* kName = "list_header";
    static const std::array<detail::Member<ListHeader>, 2> kMembers;
};
inline const std::array<detail::Member<ListHeader>, 2> ListHeader::kMembers{{
    {{"reserved", 1, 0, 32, "zero"}, &ListHeader::reserved},
    {{"count", 0, 0, 32, "number of commands that follow"}, &ListHeader::count},
}};

// One PE job: load p*q*S filter weights, then run `rows` 1-D row convolutions with them. Everything derived is computed once per pass at the top level, not in every PE.
// acc_pkg::pe_cfg_t, 110 bits: pack() gives the port as Verilator stores it, 4 words.
struct PeCfg : PackedStruct<PeCfg, 110> {
    // Fields, MSB first (kMembers below says where each sits and what it means).
    uint64_t p = 0, sq = 0, uq = 0, uq_mod = 0, filt_words = 0, f = 0, row_words = 0, rows = 0, psum_in_en = 0, q = 0, sc_log2l = 0, sc_lfsr = 0, sc_column = 0;
    static constexpr const char* kName = "pe_cfg";
    static const std::array<detail::Member<PeCfg>, 13> kMembers;
};
inline const std::array<detail::Member<PeCfg>, 13> PeCfg::kMembers{{
    {{"p", 3, 6, 8, "filters interleaved = psum scratchpad entries in use"}, &PeCfg::p},
    {{"sq", 2, 30, 8, "sliding-window size in words: S * q"}, &PeCfg::sq},
    {{"uq", 2, 22, 8, "window step in words: U * q (U = horizontal stride)"}, &PeCfg::uq},
    {{"uq_mod", 2, 14, 8, "(U * q) mod IfmapWords, for the circular window"}, &PeCfg::uq_mod},
    {{"filt_words", 2, 2, 12, "p * q * S weights loaded per job"}, &PeCfg::filt_words},
    {{"f", 1, 18, 16, "output columns per row (F)"}, &PeCfg::f},
    {{"row_words", 0, 30, 20, "ifmap words per row: ((F-1)*U + S) * q"}, &PeCfg::row_words},
    {{"rows", 0, 14, 16, "row convolutions per job (e.g. images in the batch)"}, &PeCfg::rows},
    {{"psum_in_en", 0, 13, 1, "add incoming psums (cross-row / cross-pass); else 0"}, &PeCfg::psum_in_en},
    {{"q", 0, 5, 8, "channels per PE (the SC MAC counts the kernel column s = window word / q)"}, &PeCfg::q},
    {{"sc_log2l", 0, 2, 3, "SC stream length log2 L (4..7); 0 on an exact-MAC accelerator"}, &PeCfg::sc_log2l},
    {{"sc_lfsr", 0, 1, 1, "SC random source: 0 Sobol, 1 extended LFSR"}, &PeCfg::sc_lfsr},
    {{"sc_column", 0, 0, 1, "SC stream starts: 0 array (t0 = 0), 1 column (t0 = s * L mod 128)"}, &PeCfg::sc_column},
}};

// At the host-given base address (8-byte aligned): one header word, bits 31:0 = number of commands, then the commands, each CmdWords little-endian 64-bit words = sixteen 32-bit fields f0..f15 (f[2i] is bits 31:0 of word i, f[2i+1] bits 63:32).
struct CommandLayout { static constexpr int kFields = 16, kOpcodeBit = 0, kOpcodeWidth = 8, kDtypeBit = 8, kDtypeWidth = 3; };
struct Command : BasicCommand<CommandLayout, Opcode, DataType> { using Layout = CommandLayout; };
// The members of command kind T besides its fields: kOpcode, dtype, set/get by name, encode/decode.
template <class T, Opcode Op>
using CommandOf = CommandKind<T, Command, Op, DataType::Command>;

// OpEnd: done: the controller raises done_o once every unit is idle
struct EndCmd : CommandOf<EndCmd, Opcode::End> {
    static constexpr const char* kName = "OpEnd";
    static const std::array<detail::Member<EndCmd>, 0> kMembers;
};
inline const std::array<detail::Member<EndCmd>, 0> EndCmd::kMembers{{
}};

// OpFill: DRAM -> buffer. Word i0 of block (i2, i1) is read from dram + i2*stride2 + i1*stride1 + 8*i0 and written to the next buffer word from glb.
struct FillCmd : CommandOf<FillCmd, Opcode::Fill> {
    // Fields (kMembers below says where each sits and what it means).
    uint64_t after_run = 0, dram = 0, glb = 0, count0 = 0, count1 = 0, stride1 = 0, count2 = 0, stride2 = 0, rlc = 0, lens = 0, lstride1 = 0, lstride2 = 0, row_words = 0, rows = 0;
    static constexpr const char* kName = "OpFill";
    static const std::array<detail::Member<FillCmd>, 14> kMembers;
};
inline const std::array<detail::Member<FillCmd>, 14> FillCmd::kMembers{{
    {{"after_run", 0, 16, 1, "wait for the running pass first (the fill overwrites its data)"}, &FillCmd::after_run},
    {{"dram", 1, 0, 32, "DRAM byte address"}, &FillCmd::dram},
    {{"glb", 2, 0, 32, "buffer word address"}, &FillCmd::glb},
    {{"count0", 3, 0, 32, "contiguous words per block"}, &FillCmd::count0},
    {{"count1", 4, 0, 32, "blocks per group"}, &FillCmd::count1},
    {{"stride1", 5, 0, 32, "bytes between blocks"}, &FillCmd::stride1},
    {{"count2", 6, 0, 32, "groups"}, &FillCmd::count2},
    {{"stride2", 7, 0, 32, "bytes between groups"}, &FillCmd::stride2},
    {{"rlc", 0, 17, 1, "the block's rows are run-length compressed (docs/commands.md, RLC): each row of row_words words sits compressed at the start of its slot, its length in the length table"}, &FillCmd::rlc},
    {{"lens", 8, 0, 32, "with rlc: DRAM byte address (2-byte aligned) of the 16-bit length entry of block (0, 0)'s first row; a block's rows have consecutive entries"}, &FillCmd::lens},
    {{"lstride1", 9, 0, 32, "with rlc: bytes between the length entries of consecutive blocks"}, &FillCmd::lstride1},
    {{"lstride2", 10, 0, 32, "with rlc: bytes between the length entries of consecutive groups"}, &FillCmd::lstride2},
    {{"row_words", 11, 0, 16, "with rlc: words per uncompressed row (the row's slot in DRAM and in the buffer)"}, &FillCmd::row_words},
    {{"rows", 11, 16, 16, "with rlc: rows per block (count0 = rows * row_words)"}, &FillCmd::rows},
}};

// OpPass: one processing pass; the controller holds it for the pass's duration (acc_pkg::pass_t)
struct PassCmd : CommandOf<PassCmd, Opcode::Pass> {
    // Fields (kMembers below says where each sits and what it means).
    uint64_t after_drain = 0, fr = 0, fs = 0, uh = 0, uv = 0, pad_t = 0, pad_l = 0, r = 0, p = 0, q = 0, t = 0, e = 0, psum_in = 0, bias_in = 0, last = 0, relu = 0, n = 0, f = 0, h = 0, w = 0, y_start = 0, tile_y0 = 0, tile_rows = 0, pitch = 0, c = 0, m = 0, ifm_base = 0, filt_base = 0, psum_base = 0, bias_base = 0, shift = 0, sc_log2l = 0, sc_lfsr = 0, sc_column = 0, out_base = 0;
    static constexpr const char* kName = "OpPass";
    static const std::array<detail::Member<PassCmd>, 35> kMembers;
};
inline const std::array<detail::Member<PassCmd>, 35> PassCmd::kMembers{{
    {{"after_drain", 0, 16, 1, "wait for the running drain first (the pass writes where it reads)"}, &PassCmd::after_drain},
    {{"fr", 1, 0, 8, "filter height R"}, &PassCmd::fr},
    {{"fs", 1, 8, 8, "filter width S"}, &PassCmd::fs},
    {{"uh", 1, 16, 8, "horizontal stride"}, &PassCmd::uh},
    {{"uv", 1, 24, 8, "vertical stride"}, &PassCmd::uv},
    {{"pad_t", 2, 0, 8, "top padding"}, &PassCmd::pad_t},
    {{"pad_l", 2, 8, 8, "left padding"}, &PassCmd::pad_l},
    {{"r", 2, 16, 8, "channel groups stacked in a slot"}, &PassCmd::r},
    {{"p", 2, 24, 8, "filters per PE"}, &PassCmd::p},
    {{"q", 3, 0, 8, "channels per PE"}, &PassCmd::q},
    {{"t", 3, 8, 8, "filter groups"}, &PassCmd::t},
    {{"e", 3, 16, 8, "ofmap rows"}, &PassCmd::e},
    {{"psum_in", 3, 24, 1, "add the buffer's psums (a later channel pass)"}, &PassCmd::psum_in},
    {{"bias_in", 3, 25, 1, "add the bias from the buffer (first channel pass)"}, &PassCmd::bias_in},
    {{"last", 3, 26, 1, "requantise (+ ReLU) and store D-bit ofmap values"}, &PassCmd::last},
    {{"relu", 3, 27, 1, "ReLU on the last pass"}, &PassCmd::relu},
    {{"n", 4, 0, 16, "images"}, &PassCmd::n},
    {{"f", 4, 16, 16, "ofmap columns F"}, &PassCmd::f},
    {{"h", 5, 0, 16, "ifmap height H (unpadded)"}, &PassCmd::h},
    {{"w", 5, 16, 16, "ifmap width W (unpadded)"}, &PassCmd::w},
    {{"y_start", 6, 0, 16, "padded ifmap row of the pass's first ofmap row (e0 * stride_v)"}, &PassCmd::y_start},
    {{"tile_y0", 6, 16, 16, "first unpadded ifmap row held in the buffer tile"}, &PassCmd::tile_y0},
    {{"tile_rows", 7, 0, 16, "ifmap rows per channel in the tile"}, &PassCmd::tile_rows},
    {{"pitch", 7, 16, 16, "tile row pitch in elements (whole words)"}, &PassCmd::pitch},
    {{"c", 8, 0, 16, "channels c' of the pass (<= q*r; the rest are zero)"}, &PassCmd::c},
    {{"m", 8, 16, 16, "filters m' of the pass (<= p*t; the rest are zero)"}, &PassCmd::m},
    {{"ifm_base", 9, 0, 32, "buffer word address of the ifmap tile"}, &PassCmd::ifm_base},
    {{"filt_base", 10, 0, 32, "buffer word address of the filters"}, &PassCmd::filt_base},
    {{"psum_base", 11, 0, 32, "buffer word address of the psums"}, &PassCmd::psum_base},
    {{"bias_base", 12, 0, 32, "buffer word address of the biases"}, &PassCmd::bias_base},
    {{"shift", 13, 0, 8, "requantisation shift"}, &PassCmd::shift},
    {{"sc_log2l", 13, 8, 3, "stochastic MAC: log2 of the stream length L, 4..ScMaxLog2L; must be 0 on an exact-MAC accelerator (else StatusBadPass)"}, &PassCmd::sc_log2l},
    {{"sc_lfsr", 13, 11, 1, "stochastic MAC: random source, 0 Sobol, 1 extended LFSR (docs/stochastic.md)"}, &PassCmd::sc_lfsr},
    {{"sc_column", 13, 12, 1, "stochastic MAC: stream starts, 0 array (t0 = 0), 1 column (t0 = s * L mod 128)"}, &PassCmd::sc_column},
    {{"out_base", 14, 0, 32, "buffer word address the output writer stores to: psum_base (in place), or on a last pass the ofmap region"}, &PassCmd::out_base},
}};

// OpDrain: buffer -> DRAM, the ofmap of a pass
struct DrainCmd : CommandOf<DrainCmd, Opcode::Drain> {
    // Fields (kMembers below says where each sits and what it means).
    uint64_t after_run = 0, dram = 0, glb = 0, n = 0, m = 0, e = 0, f = 0, p = 0, slots = 0, stride_n = 0, stride_m = 0, pitch = 0, rlc = 0, lens = 0, lstride_n = 0, lstride_m = 0;
    static constexpr const char* kName = "OpDrain";
    static const std::array<detail::Member<DrainCmd>, 16> kMembers;
};
inline const std::array<detail::Member<DrainCmd>, 16> DrainCmd::kMembers{{
    {{"after_run", 0, 16, 1, "wait for the running pass first (whose ofmap it copies)"}, &DrainCmd::after_run},
    {{"dram", 1, 0, 32, "DRAM byte address of (b0, m0, e0)"}, &DrainCmd::dram},
    {{"glb", 2, 0, 32, "buffer word address of the ofmap (out_base of the last pass)"}, &DrainCmd::glb},
    {{"n", 3, 0, 16, "images n'"}, &DrainCmd::n},
    {{"m", 4, 0, 16, "filters m'"}, &DrainCmd::m},
    {{"e", 5, 0, 16, "ofmap rows e'"}, &DrainCmd::e},
    {{"f", 6, 0, 16, "ofmap columns F"}, &DrainCmd::f},
    {{"p", 7, 0, 16, "filters per PE p'"}, &DrainCmd::p},
    {{"slots", 8, 0, 16, "slots e'*t'"}, &DrainCmd::slots},
    {{"stride_n", 9, 0, 32, "DRAM bytes between images"}, &DrainCmd::stride_n},
    {{"stride_m", 10, 0, 32, "DRAM bytes between filters"}, &DrainCmd::stride_m},
    {{"pitch", 11, 0, 16, "ofmap row pitch in DRAM (words)"}, &DrainCmd::pitch},
    {{"rlc", 0, 17, 1, "write the rows run-length compressed (docs/commands.md, RLC): each row at the start of its slot, or raw when compression would not shrink it, and its 16-bit entry in the length table"}, &DrainCmd::rlc},
    {{"lens", 12, 0, 32, "with rlc: DRAM byte address (2-byte aligned) of the length entry of row (b0, m0, e0); a filter's e' rows have consecutive entries"}, &DrainCmd::lens},
    {{"lstride_n", 13, 0, 32, "with rlc: bytes between the length entries of images"}, &DrainCmd::lstride_n},
    {{"lstride_m", 14, 0, 32, "with rlc: bytes between the length entries of filters"}, &DrainCmd::lstride_m},
}};

}  // namespace contract
