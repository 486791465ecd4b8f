// The hardware/software contract of rsacc, generated from contract/rsacc_contract.json by contract/gen_contract.py; do not edit.
// Everything the C++ side shares with the RTL (rtl/acc_pkg.sv, docs/commands.md): parameter
// defaults, constants, enums with their report names, performance counter numbers, the PE
// configuration word and the commands, with encoders that check every field's width.
#pragma once
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace contract {

namespace detail {
// Bits [bit, bit+width) of a little-endian array of 32-bit words.
inline void put(uint32_t* w, int bit, int width, uint64_t v, const char* what, const char* field) {
    if (width < 64 && v >> width)
        throw std::invalid_argument(std::string(what) + " field " + field + " = " + std::to_string(v) +
                                    " does not fit its " + std::to_string(width) + " bits");
    for (int i = 0; i < width; ++i)
        if (v >> i & 1) w[(bit + i) / 32] |= 1u << ((bit + i) % 32);
}
inline uint64_t get(const uint32_t* w, int bit, int width) {
    uint64_t v = 0;
    for (int i = 0; i < width; ++i) v |= uint64_t(w[(bit + i) / 32] >> ((bit + i) % 32) & 1) << i;
    return v;
}
}  // namespace detail

inline constexpr int kDefaultClockMhz = 200;  // trace time unit = one period

// Hardware parameters: defaults and the ranges the RTL accepts.
struct ParamRange {
    const char* name;
    int64_t def, min, max;
    const char* doc;
};
inline constexpr int kDefaultRows = 12;  // PE rows
inline constexpr int kDefaultCols = 14;  // PE columns
inline constexpr int kDefaultDataWidth = 16;  // D: bits of an activation or weight (docs/numerics.md)
inline constexpr int kDefaultAccWidth = 32;  // A: bits of a partial sum (docs/numerics.md)
inline constexpr int kDefaultFilterWords = 224;  // filter scratchpad words per PE
inline constexpr int kDefaultIfmapWords = 12;  // ifmap scratchpad words per PE
inline constexpr int kDefaultPsumWords = 24;  // psum scratchpad words per PE
inline constexpr int kDefaultFifoDepth = 4;  // PE input FIFO entries
inline constexpr int kDefaultPsumFifoDepth = 24;  // PE psum FIFO entries (>= p keeps PEs computing)
inline constexpr int kDefaultGlbBanks = 27;  // global buffer banks (27 x 4 KB = 108 KB)
inline constexpr int kDefaultGlbBankWords = 512;  // 64-bit words per buffer bank (512 = 4 KB)
inline constexpr int kDefaultMaxReads = 64;  // DRAM reads in flight at the memory port
inline constexpr std::array<ParamRange, 12> kParams{{
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

// command opcode, f0 bits 7:0
enum class Opcode : uint32_t {
    End = 0,  // done: the controller raises done_o once every unit is idle
    Fill = 1,  // DRAM -> buffer (fill DMA)
    Pass = 2,  // one processing pass on the array
    Drain = 3,  // buffer -> DRAM, the ofmap of a pass (drain DMA)
};
inline constexpr int kNumOpcodes = 4;
inline const char* to_string(Opcode v) {
    switch (v) {
        case Opcode::End: return "end";
        case Opcode::Fill: return "fill";
        case Opcode::Pass: return "pass";
        case Opcode::Drain: return "drain";
    }
    return "unknown";
}
inline bool is_valid_opcode(uint64_t v) {
    switch (v) {
        case 0:
        case 1:
        case 2:
        case 3:
            return true;
    }
    return false;
}

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
inline const char* to_string(DataType v) {
    switch (v) {
        case DataType::Command: return "command";
        case DataType::Ifmap: return "ifmap";
        case DataType::Filter: return "filter";
        case DataType::Bias: return "bias";
        case DataType::Psum: return "psum";
        case DataType::Ofmap: return "ofmap";
    }
    return "unknown";
}
inline bool is_valid_data_type(uint64_t v) {
    switch (v) {
        case 0:
        case 1:
        case 2:
        case 3:
        case 4:
        case 5:
            return true;
    }
    return false;
}

// status_o at done
enum class Status : uint32_t {
    Ok = 0,  // the list ran to OpEnd
    BadOpcode = 1,  // an unknown opcode (after the running units finish)
    NoEnd = 2,  // the list ran out without OpEnd
    BadPass = 3,  // an OpPass with a zero R, S, stride, r, p, q, t, e, n or F
};
inline constexpr int kNumStatuses = 4;
inline const char* to_string(Status v) {
    switch (v) {
        case Status::Ok: return "ok";
        case Status::BadOpcode: return "bad opcode";
        case Status::NoEnd: return "command list without OpEnd";
        case Status::BadPass: return "pass with a zero dimension";
    }
    return "unknown";
}
inline bool is_valid_status(uint64_t v) {
    switch (v) {
        case 0:
        case 1:
        case 2:
        case 3:
            return true;
    }
    return false;
}

// what a busy cycle is counted as: the first active one of run, ids, drain, fill; else wait (fetching or waiting)
enum class Phase : uint32_t {
    Wait = 0,  // fetching commands or waiting
    Fill = 1,  // a fill runs (not hidden behind a pass)
    Ids = 2,  // walking the array to set the PE IDs
    Run = 3,  // a pass runs on the array
    Drain = 4,  // a drain runs (not hidden behind a pass)
};
inline constexpr int kNumPhases = 5;
inline const char* to_string(Phase v) {
    switch (v) {
        case Phase::Wait: return "fetch";
        case Phase::Fill: return "fill";
        case Phase::Ids: return "pe_ids";
        case Phase::Run: return "pass_run";
        case Phase::Drain: return "drain";
    }
    return "unknown";
}
inline bool is_valid_phase(uint64_t v) {
    switch (v) {
        case 0:
        case 1:
        case 2:
        case 3:
        case 4:
            return true;
    }
    return false;
}

// controller state (rtl/ctrl/controller.sv st_q); for traces
enum class CtrlState : uint32_t {
    Idle = 0,  // waiting for start_i
    Load = 1,  // taking the next command's words
    Exec = 2,  // starting the command once its units are free
    Ids = 3,  // the PE ID walk of a pass
};
inline constexpr int kNumCtrlStates = 4;
inline const char* to_string(CtrlState v) {
    switch (v) {
        case CtrlState::Idle: return "idle";
        case CtrlState::Load: return "load";
        case CtrlState::Exec: return "exec";
        case CtrlState::Ids: return "ids";
    }
    return "unknown";
}
inline bool is_valid_ctrl_state(uint64_t v) {
    switch (v) {
        case 0:
        case 1:
        case 2:
        case 3:
            return true;
    }
    return false;
}

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
    kNumPerf = 46
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
}};

// Field metadata, for tables, tests and tools: 32-bit word f (field f of a command), lsb.
struct FieldInfo {
    const char* name;
    int f, lsb, width;
    const char* doc;
};

// One PE job: load p*q*S filter weights, then run `rows` 1-D row convolutions with them. Everything derived is computed once per pass at the top level, not in every PE.
// Fields of acc_pkg::pe_cfg_t in declaration order (MSB first); 97 bits.
struct PeCfg {
    uint64_t p = 0;  // 8 bits: filters interleaved = psum scratchpad entries in use
    uint64_t sq = 0;  // 8 bits: sliding-window size in words: S * q
    uint64_t uq = 0;  // 8 bits: window step in words: U * q (U = horizontal stride)
    uint64_t uq_mod = 0;  // 8 bits: (U * q) mod IfmapWords, for the circular window
    uint64_t filt_words = 0;  // 12 bits: p * q * S weights loaded per job
    uint64_t f = 0;  // 16 bits: output columns per row (F)
    uint64_t row_words = 0;  // 20 bits: ifmap words per row: ((F-1)*U + S) * q
    uint64_t rows = 0;  // 16 bits: row convolutions per job (e.g. images in the batch)
    bool psum_in_en = 0;  // 1 bits: add incoming psums (cross-row / cross-pass); else 0
    static constexpr int kBits = 97;
    static constexpr std::array<FieldInfo, 9> kFields{{
        {"p", 2, 25, 8, "filters interleaved = psum scratchpad entries in use"},
        {"sq", 2, 17, 8, "sliding-window size in words: S * q"},
        {"uq", 2, 9, 8, "window step in words: U * q (U = horizontal stride)"},
        {"uq_mod", 2, 1, 8, "(U * q) mod IfmapWords, for the circular window"},
        {"filt_words", 1, 21, 12, "p * q * S weights loaded per job"},
        {"f", 1, 5, 16, "output columns per row (F)"},
        {"row_words", 0, 17, 20, "ifmap words per row: ((F-1)*U + S) * q"},
        {"rows", 0, 1, 16, "row convolutions per job (e.g. images in the batch)"},
        {"psum_in_en", 0, 0, 1, "add incoming psums (cross-row / cross-pass); else 0"},
    }};
    bool set(const std::string& name, uint64_t v) {
        if (name == "p") return p = v, true;
        if (name == "sq") return sq = v, true;
        if (name == "uq") return uq = v, true;
        if (name == "uq_mod") return uq_mod = v, true;
        if (name == "filt_words") return filt_words = v, true;
        if (name == "f") return f = v, true;
        if (name == "row_words") return row_words = v, true;
        if (name == "rows") return rows = v, true;
        if (name == "psum_in_en") return psum_in_en = v != 0, true;
        return false;
    }
    uint64_t get(const std::string& name) const {
        if (name == "p") return uint64_t(p);
        if (name == "sq") return uint64_t(sq);
        if (name == "uq") return uint64_t(uq);
        if (name == "uq_mod") return uint64_t(uq_mod);
        if (name == "filt_words") return uint64_t(filt_words);
        if (name == "f") return uint64_t(f);
        if (name == "row_words") return uint64_t(row_words);
        if (name == "rows") return uint64_t(rows);
        if (name == "psum_in_en") return uint64_t(psum_in_en);
        throw std::invalid_argument("pe_cfg has no field " + name);
    }
    // As Verilator stores the 97-bit port: word 0 holds bits 31:0. Throws
    // std::invalid_argument naming a field that does not fit its width.
    std::array<uint32_t, 4> pack() const {
        std::array<uint32_t, 4> words_{};
        detail::put(words_.data(), 89, 8, uint64_t(p), "pe_cfg", "p");
        detail::put(words_.data(), 81, 8, uint64_t(sq), "pe_cfg", "sq");
        detail::put(words_.data(), 73, 8, uint64_t(uq), "pe_cfg", "uq");
        detail::put(words_.data(), 65, 8, uint64_t(uq_mod), "pe_cfg", "uq_mod");
        detail::put(words_.data(), 53, 12, uint64_t(filt_words), "pe_cfg", "filt_words");
        detail::put(words_.data(), 37, 16, uint64_t(f), "pe_cfg", "f");
        detail::put(words_.data(), 17, 20, uint64_t(row_words), "pe_cfg", "row_words");
        detail::put(words_.data(), 1, 16, uint64_t(rows), "pe_cfg", "rows");
        detail::put(words_.data(), 0, 1, uint64_t(psum_in_en), "pe_cfg", "psum_in_en");
        return words_;
    }
    static PeCfg unpack(const std::array<uint32_t, 4>& words_) {
        PeCfg s_;
        s_.p = uint64_t(detail::get(words_.data(), 89, 8));
        s_.sq = uint64_t(detail::get(words_.data(), 81, 8));
        s_.uq = uint64_t(detail::get(words_.data(), 73, 8));
        s_.uq_mod = uint64_t(detail::get(words_.data(), 65, 8));
        s_.filt_words = uint64_t(detail::get(words_.data(), 53, 12));
        s_.f = uint64_t(detail::get(words_.data(), 37, 16));
        s_.row_words = uint64_t(detail::get(words_.data(), 17, 20));
        s_.rows = uint64_t(detail::get(words_.data(), 1, 16));
        s_.psum_in_en = bool(detail::get(words_.data(), 0, 1));
        return s_;
    }
};

// A command as stored in DRAM: 16 32-bit fields f0..f15 (At the host-given base address (8-byte aligned): one header word, bits 31:0 = number of commands, then the commands, each CmdWords little-endian 64-bit words = sixteen 32-bit fields f0..f15 (f[2i] is bits 31:0 of word i, f[2i+1] bits 63:32).)
struct Command {
    std::array<uint32_t, 16> f{};
    Opcode op() const { return Opcode(detail::get(f.data(), 0, 8)); }
    DataType dtype() const { return DataType(detail::get(f.data(), 8, 3)); }
    // The command's CmdWords 64-bit words, as stored in DRAM.
    std::array<uint64_t, 8> words() const {
        std::array<uint64_t, 8> w{};
        for (int i = 0; i < 8; ++i) w[i] = uint64_t(f[2 * i]) | uint64_t(f[2 * i + 1]) << 32;
        return w;
    }
};

// OpEnd: done: the controller raises done_o once every unit is idle
struct EndCmd {
    static constexpr Opcode kOpcode = Opcode::End;
    DataType dtype = DataType::Command;  // what the command moves (traffic counters)
    static constexpr std::array<FieldInfo, 2> kFields{{
        {"opcode", 0, 0, 8, "opcode"},
        {"dtype", 0, 8, 3, "data type the command moves (traffic counters)"},
    }};
    // A field by name (for tools and tests); false / std::invalid_argument if unknown.
    bool set(const std::string& name, uint64_t v) {
        if (name == "dtype") return dtype = DataType(v), true;
        return false;
    }
    uint64_t get(const std::string& name) const {
        if (name == "opcode") return uint64_t(kOpcode);
        if (name == "dtype") return uint64_t(dtype);
        throw std::invalid_argument("OpEnd has no field " + name);
    }
    // Throws std::invalid_argument naming a field whose value does not fit its width.
    Command encode() const {
        Command cmd_;
        detail::put(cmd_.f.data(), 0, 8, uint64_t(kOpcode), "OpEnd", "opcode");
        detail::put(cmd_.f.data(), 8, 3, uint64_t(dtype), "OpEnd", "dtype");
        return cmd_;
    }
    // Throws std::invalid_argument when the command is another kind.
    static EndCmd decode(const Command& cmd_) {
        if (cmd_.op() != kOpcode)
            throw std::invalid_argument("not an OpEnd command (opcode " + std::to_string(uint32_t(cmd_.op())) + ")");
        EndCmd dec_;
        dec_.dtype = cmd_.dtype();
        return dec_;
    }
};

// OpFill: DRAM -> buffer. Word i0 of block (i2, i1) is read from dram + i2*stride2 + i1*stride1 + 8*i0 and written to the next buffer word from glb.
struct FillCmd {
    static constexpr Opcode kOpcode = Opcode::Fill;
    DataType dtype = DataType::Command;  // what the command moves (traffic counters)
    bool after_run = 0;  // f0[16:16]: wait for the running pass first (the fill overwrites its data)
    uint64_t dram = 0;  // f1[31:0]: DRAM byte address
    uint64_t glb = 0;  // f2[31:0]: buffer word address
    uint64_t count0 = 0;  // f3[31:0]: contiguous words per block
    uint64_t count1 = 0;  // f4[31:0]: blocks per group
    uint64_t stride1 = 0;  // f5[31:0]: bytes between blocks
    uint64_t count2 = 0;  // f6[31:0]: groups
    uint64_t stride2 = 0;  // f7[31:0]: bytes between groups
    static constexpr std::array<FieldInfo, 10> kFields{{
        {"opcode", 0, 0, 8, "opcode"},
        {"dtype", 0, 8, 3, "data type the command moves (traffic counters)"},
        {"after_run", 0, 16, 1, "wait for the running pass first (the fill overwrites its data)"},
        {"dram", 1, 0, 32, "DRAM byte address"},
        {"glb", 2, 0, 32, "buffer word address"},
        {"count0", 3, 0, 32, "contiguous words per block"},
        {"count1", 4, 0, 32, "blocks per group"},
        {"stride1", 5, 0, 32, "bytes between blocks"},
        {"count2", 6, 0, 32, "groups"},
        {"stride2", 7, 0, 32, "bytes between groups"},
    }};
    // A field by name (for tools and tests); false / std::invalid_argument if unknown.
    bool set(const std::string& name, uint64_t v) {
        if (name == "dtype") return dtype = DataType(v), true;
        if (name == "after_run") return after_run = v != 0, true;
        if (name == "dram") return dram = v, true;
        if (name == "glb") return glb = v, true;
        if (name == "count0") return count0 = v, true;
        if (name == "count1") return count1 = v, true;
        if (name == "stride1") return stride1 = v, true;
        if (name == "count2") return count2 = v, true;
        if (name == "stride2") return stride2 = v, true;
        return false;
    }
    uint64_t get(const std::string& name) const {
        if (name == "opcode") return uint64_t(kOpcode);
        if (name == "dtype") return uint64_t(dtype);
        if (name == "after_run") return uint64_t(after_run);
        if (name == "dram") return uint64_t(dram);
        if (name == "glb") return uint64_t(glb);
        if (name == "count0") return uint64_t(count0);
        if (name == "count1") return uint64_t(count1);
        if (name == "stride1") return uint64_t(stride1);
        if (name == "count2") return uint64_t(count2);
        if (name == "stride2") return uint64_t(stride2);
        throw std::invalid_argument("OpFill has no field " + name);
    }
    // Throws std::invalid_argument naming a field whose value does not fit its width.
    Command encode() const {
        Command cmd_;
        detail::put(cmd_.f.data(), 0, 8, uint64_t(kOpcode), "OpFill", "opcode");
        detail::put(cmd_.f.data(), 8, 3, uint64_t(dtype), "OpFill", "dtype");
        detail::put(cmd_.f.data(), 16, 1, uint64_t(after_run), "OpFill", "after_run");
        detail::put(cmd_.f.data(), 32, 32, uint64_t(dram), "OpFill", "dram");
        detail::put(cmd_.f.data(), 64, 32, uint64_t(glb), "OpFill", "glb");
        detail::put(cmd_.f.data(), 96, 32, uint64_t(count0), "OpFill", "count0");
        detail::put(cmd_.f.data(), 128, 32, uint64_t(count1), "OpFill", "count1");
        detail::put(cmd_.f.data(), 160, 32, uint64_t(stride1), "OpFill", "stride1");
        detail::put(cmd_.f.data(), 192, 32, uint64_t(count2), "OpFill", "count2");
        detail::put(cmd_.f.data(), 224, 32, uint64_t(stride2), "OpFill", "stride2");
        return cmd_;
    }
    // Throws std::invalid_argument when the command is another kind.
    static FillCmd decode(const Command& cmd_) {
        if (cmd_.op() != kOpcode)
            throw std::invalid_argument("not an OpFill command (opcode " + std::to_string(uint32_t(cmd_.op())) + ")");
        FillCmd dec_;
        dec_.dtype = cmd_.dtype();
        dec_.after_run = bool(detail::get(cmd_.f.data(), 16, 1));
        dec_.dram = uint64_t(detail::get(cmd_.f.data(), 32, 32));
        dec_.glb = uint64_t(detail::get(cmd_.f.data(), 64, 32));
        dec_.count0 = uint64_t(detail::get(cmd_.f.data(), 96, 32));
        dec_.count1 = uint64_t(detail::get(cmd_.f.data(), 128, 32));
        dec_.stride1 = uint64_t(detail::get(cmd_.f.data(), 160, 32));
        dec_.count2 = uint64_t(detail::get(cmd_.f.data(), 192, 32));
        dec_.stride2 = uint64_t(detail::get(cmd_.f.data(), 224, 32));
        return dec_;
    }
};

// OpPass: one processing pass; the controller holds it for the pass's duration (acc_pkg::pass_t)
struct PassCmd {
    static constexpr Opcode kOpcode = Opcode::Pass;
    DataType dtype = DataType::Command;  // what the command moves (traffic counters)
    bool after_drain = 0;  // f0[16:16]: wait for the running drain first (the pass writes where it reads)
    uint64_t fr = 0;  // f1[7:0]: filter height R
    uint64_t fs = 0;  // f1[15:8]: filter width S
    uint64_t uh = 0;  // f1[23:16]: horizontal stride
    uint64_t uv = 0;  // f1[31:24]: vertical stride
    uint64_t pad_t = 0;  // f2[7:0]: top padding
    uint64_t pad_l = 0;  // f2[15:8]: left padding
    uint64_t r = 0;  // f2[23:16]: channel groups stacked in a slot
    uint64_t p = 0;  // f2[31:24]: filters per PE
    uint64_t q = 0;  // f3[7:0]: channels per PE
    uint64_t t = 0;  // f3[15:8]: filter groups
    uint64_t e = 0;  // f3[23:16]: ofmap rows
    bool psum_in = 0;  // f3[24:24]: add the buffer's psums (a later channel pass)
    bool bias_in = 0;  // f3[25:25]: add the bias from the buffer (first channel pass)
    bool last = 0;  // f3[26:26]: requantise (+ ReLU) and store D-bit ofmap values
    bool relu = 0;  // f3[27:27]: ReLU on the last pass
    uint64_t n = 0;  // f4[15:0]: images
    uint64_t f = 0;  // f4[31:16]: ofmap columns F
    uint64_t h = 0;  // f5[15:0]: ifmap height H (unpadded)
    uint64_t w = 0;  // f5[31:16]: ifmap width W (unpadded)
    uint64_t y_start = 0;  // f6[15:0]: padded ifmap row of the pass's first ofmap row (e0 * stride_v)
    uint64_t tile_y0 = 0;  // f6[31:16]: first unpadded ifmap row held in the buffer tile
    uint64_t tile_rows = 0;  // f7[15:0]: ifmap rows per channel in the tile
    uint64_t pitch = 0;  // f7[31:16]: tile row pitch in elements (whole words)
    uint64_t c = 0;  // f8[15:0]: channels c' of the pass (<= q*r; the rest are zero)
    uint64_t m = 0;  // f8[31:16]: filters m' of the pass (<= p*t; the rest are zero)
    uint64_t ifm_base = 0;  // f9[31:0]: buffer word address of the ifmap tile
    uint64_t filt_base = 0;  // f10[31:0]: buffer word address of the filters
    uint64_t psum_base = 0;  // f11[31:0]: buffer word address of the psums
    uint64_t bias_base = 0;  // f12[31:0]: buffer word address of the biases
    uint64_t shift = 0;  // f13[7:0]: requantisation shift
    uint64_t out_base = 0;  // f14[31:0]: buffer word address the output writer stores to: psum_base (in place), or on a last pass the ofmap region
    static constexpr std::array<FieldInfo, 34> kFields{{
        {"opcode", 0, 0, 8, "opcode"},
        {"dtype", 0, 8, 3, "data type the command moves (traffic counters)"},
        {"after_drain", 0, 16, 1, "wait for the running drain first (the pass writes where it reads)"},
        {"fr", 1, 0, 8, "filter height R"},
        {"fs", 1, 8, 8, "filter width S"},
        {"uh", 1, 16, 8, "horizontal stride"},
        {"uv", 1, 24, 8, "vertical stride"},
        {"pad_t", 2, 0, 8, "top padding"},
        {"pad_l", 2, 8, 8, "left padding"},
        {"r", 2, 16, 8, "channel groups stacked in a slot"},
        {"p", 2, 24, 8, "filters per PE"},
        {"q", 3, 0, 8, "channels per PE"},
        {"t", 3, 8, 8, "filter groups"},
        {"e", 3, 16, 8, "ofmap rows"},
        {"psum_in", 3, 24, 1, "add the buffer's psums (a later channel pass)"},
        {"bias_in", 3, 25, 1, "add the bias from the buffer (first channel pass)"},
        {"last", 3, 26, 1, "requantise (+ ReLU) and store D-bit ofmap values"},
        {"relu", 3, 27, 1, "ReLU on the last pass"},
        {"n", 4, 0, 16, "images"},
        {"f", 4, 16, 16, "ofmap columns F"},
        {"h", 5, 0, 16, "ifmap height H (unpadded)"},
        {"w", 5, 16, 16, "ifmap width W (unpadded)"},
        {"y_start", 6, 0, 16, "padded ifmap row of the pass's first ofmap row (e0 * stride_v)"},
        {"tile_y0", 6, 16, 16, "first unpadded ifmap row held in the buffer tile"},
        {"tile_rows", 7, 0, 16, "ifmap rows per channel in the tile"},
        {"pitch", 7, 16, 16, "tile row pitch in elements (whole words)"},
        {"c", 8, 0, 16, "channels c' of the pass (<= q*r; the rest are zero)"},
        {"m", 8, 16, 16, "filters m' of the pass (<= p*t; the rest are zero)"},
        {"ifm_base", 9, 0, 32, "buffer word address of the ifmap tile"},
        {"filt_base", 10, 0, 32, "buffer word address of the filters"},
        {"psum_base", 11, 0, 32, "buffer word address of the psums"},
        {"bias_base", 12, 0, 32, "buffer word address of the biases"},
        {"shift", 13, 0, 8, "requantisation shift"},
        {"out_base", 14, 0, 32, "buffer word address the output writer stores to: psum_base (in place), or on a last pass the ofmap region"},
    }};
    // A field by name (for tools and tests); false / std::invalid_argument if unknown.
    bool set(const std::string& name, uint64_t v) {
        if (name == "dtype") return dtype = DataType(v), true;
        if (name == "after_drain") return after_drain = v != 0, true;
        if (name == "fr") return fr = v, true;
        if (name == "fs") return fs = v, true;
        if (name == "uh") return uh = v, true;
        if (name == "uv") return uv = v, true;
        if (name == "pad_t") return pad_t = v, true;
        if (name == "pad_l") return pad_l = v, true;
        if (name == "r") return r = v, true;
        if (name == "p") return p = v, true;
        if (name == "q") return q = v, true;
        if (name == "t") return t = v, true;
        if (name == "e") return e = v, true;
        if (name == "psum_in") return psum_in = v != 0, true;
        if (name == "bias_in") return bias_in = v != 0, true;
        if (name == "last") return last = v != 0, true;
        if (name == "relu") return relu = v != 0, true;
        if (name == "n") return n = v, true;
        if (name == "f") return f = v, true;
        if (name == "h") return h = v, true;
        if (name == "w") return w = v, true;
        if (name == "y_start") return y_start = v, true;
        if (name == "tile_y0") return tile_y0 = v, true;
        if (name == "tile_rows") return tile_rows = v, true;
        if (name == "pitch") return pitch = v, true;
        if (name == "c") return c = v, true;
        if (name == "m") return m = v, true;
        if (name == "ifm_base") return ifm_base = v, true;
        if (name == "filt_base") return filt_base = v, true;
        if (name == "psum_base") return psum_base = v, true;
        if (name == "bias_base") return bias_base = v, true;
        if (name == "shift") return shift = v, true;
        if (name == "out_base") return out_base = v, true;
        return false;
    }
    uint64_t get(const std::string& name) const {
        if (name == "opcode") return uint64_t(kOpcode);
        if (name == "dtype") return uint64_t(dtype);
        if (name == "after_drain") return uint64_t(after_drain);
        if (name == "fr") return uint64_t(fr);
        if (name == "fs") return uint64_t(fs);
        if (name == "uh") return uint64_t(uh);
        if (name == "uv") return uint64_t(uv);
        if (name == "pad_t") return uint64_t(pad_t);
        if (name == "pad_l") return uint64_t(pad_l);
        if (name == "r") return uint64_t(r);
        if (name == "p") return uint64_t(p);
        if (name == "q") return uint64_t(q);
        if (name == "t") return uint64_t(t);
        if (name == "e") return uint64_t(e);
        if (name == "psum_in") return uint64_t(psum_in);
        if (name == "bias_in") return uint64_t(bias_in);
        if (name == "last") return uint64_t(last);
        if (name == "relu") return uint64_t(relu);
        if (name == "n") return uint64_t(n);
        if (name == "f") return uint64_t(f);
        if (name == "h") return uint64_t(h);
        if (name == "w") return uint64_t(w);
        if (name == "y_start") return uint64_t(y_start);
        if (name == "tile_y0") return uint64_t(tile_y0);
        if (name == "tile_rows") return uint64_t(tile_rows);
        if (name == "pitch") return uint64_t(pitch);
        if (name == "c") return uint64_t(c);
        if (name == "m") return uint64_t(m);
        if (name == "ifm_base") return uint64_t(ifm_base);
        if (name == "filt_base") return uint64_t(filt_base);
        if (name == "psum_base") return uint64_t(psum_base);
        if (name == "bias_base") return uint64_t(bias_base);
        if (name == "shift") return uint64_t(shift);
        if (name == "out_base") return uint64_t(out_base);
        throw std::invalid_argument("OpPass has no field " + name);
    }
    // Throws std::invalid_argument naming a field whose value does not fit its width.
    Command encode() const {
        Command cmd_;
        detail::put(cmd_.f.data(), 0, 8, uint64_t(kOpcode), "OpPass", "opcode");
        detail::put(cmd_.f.data(), 8, 3, uint64_t(dtype), "OpPass", "dtype");
        detail::put(cmd_.f.data(), 16, 1, uint64_t(after_drain), "OpPass", "after_drain");
        detail::put(cmd_.f.data(), 32, 8, uint64_t(fr), "OpPass", "fr");
        detail::put(cmd_.f.data(), 40, 8, uint64_t(fs), "OpPass", "fs");
        detail::put(cmd_.f.data(), 48, 8, uint64_t(uh), "OpPass", "uh");
        detail::put(cmd_.f.data(), 56, 8, uint64_t(uv), "OpPass", "uv");
        detail::put(cmd_.f.data(), 64, 8, uint64_t(pad_t), "OpPass", "pad_t");
        detail::put(cmd_.f.data(), 72, 8, uint64_t(pad_l), "OpPass", "pad_l");
        detail::put(cmd_.f.data(), 80, 8, uint64_t(r), "OpPass", "r");
        detail::put(cmd_.f.data(), 88, 8, uint64_t(p), "OpPass", "p");
        detail::put(cmd_.f.data(), 96, 8, uint64_t(q), "OpPass", "q");
        detail::put(cmd_.f.data(), 104, 8, uint64_t(t), "OpPass", "t");
        detail::put(cmd_.f.data(), 112, 8, uint64_t(e), "OpPass", "e");
        detail::put(cmd_.f.data(), 120, 1, uint64_t(psum_in), "OpPass", "psum_in");
        detail::put(cmd_.f.data(), 121, 1, uint64_t(bias_in), "OpPass", "bias_in");
        detail::put(cmd_.f.data(), 122, 1, uint64_t(last), "OpPass", "last");
        detail::put(cmd_.f.data(), 123, 1, uint64_t(relu), "OpPass", "relu");
        detail::put(cmd_.f.data(), 128, 16, uint64_t(n), "OpPass", "n");
        detail::put(cmd_.f.data(), 144, 16, uint64_t(f), "OpPass", "f");
        detail::put(cmd_.f.data(), 160, 16, uint64_t(h), "OpPass", "h");
        detail::put(cmd_.f.data(), 176, 16, uint64_t(w), "OpPass", "w");
        detail::put(cmd_.f.data(), 192, 16, uint64_t(y_start), "OpPass", "y_start");
        detail::put(cmd_.f.data(), 208, 16, uint64_t(tile_y0), "OpPass", "tile_y0");
        detail::put(cmd_.f.data(), 224, 16, uint64_t(tile_rows), "OpPass", "tile_rows");
        detail::put(cmd_.f.data(), 240, 16, uint64_t(pitch), "OpPass", "pitch");
        detail::put(cmd_.f.data(), 256, 16, uint64_t(c), "OpPass", "c");
        detail::put(cmd_.f.data(), 272, 16, uint64_t(m), "OpPass", "m");
        detail::put(cmd_.f.data(), 288, 32, uint64_t(ifm_base), "OpPass", "ifm_base");
        detail::put(cmd_.f.data(), 320, 32, uint64_t(filt_base), "OpPass", "filt_base");
        detail::put(cmd_.f.data(), 352, 32, uint64_t(psum_base), "OpPass", "psum_base");
        detail::put(cmd_.f.data(), 384, 32, uint64_t(bias_base), "OpPass", "bias_base");
        detail::put(cmd_.f.data(), 416, 8, uint64_t(shift), "OpPass", "shift");
        detail::put(cmd_.f.data(), 448, 32, uint64_t(out_base), "OpPass", "out_base");
        return cmd_;
    }
    // Throws std::invalid_argument when the command is another kind.
    static PassCmd decode(const Command& cmd_) {
        if (cmd_.op() != kOpcode)
            throw std::invalid_argument("not an OpPass command (opcode " + std::to_string(uint32_t(cmd_.op())) + ")");
        PassCmd dec_;
        dec_.dtype = cmd_.dtype();
        dec_.after_drain = bool(detail::get(cmd_.f.data(), 16, 1));
        dec_.fr = uint64_t(detail::get(cmd_.f.data(), 32, 8));
        dec_.fs = uint64_t(detail::get(cmd_.f.data(), 40, 8));
        dec_.uh = uint64_t(detail::get(cmd_.f.data(), 48, 8));
        dec_.uv = uint64_t(detail::get(cmd_.f.data(), 56, 8));
        dec_.pad_t = uint64_t(detail::get(cmd_.f.data(), 64, 8));
        dec_.pad_l = uint64_t(detail::get(cmd_.f.data(), 72, 8));
        dec_.r = uint64_t(detail::get(cmd_.f.data(), 80, 8));
        dec_.p = uint64_t(detail::get(cmd_.f.data(), 88, 8));
        dec_.q = uint64_t(detail::get(cmd_.f.data(), 96, 8));
        dec_.t = uint64_t(detail::get(cmd_.f.data(), 104, 8));
        dec_.e = uint64_t(detail::get(cmd_.f.data(), 112, 8));
        dec_.psum_in = bool(detail::get(cmd_.f.data(), 120, 1));
        dec_.bias_in = bool(detail::get(cmd_.f.data(), 121, 1));
        dec_.last = bool(detail::get(cmd_.f.data(), 122, 1));
        dec_.relu = bool(detail::get(cmd_.f.data(), 123, 1));
        dec_.n = uint64_t(detail::get(cmd_.f.data(), 128, 16));
        dec_.f = uint64_t(detail::get(cmd_.f.data(), 144, 16));
        dec_.h = uint64_t(detail::get(cmd_.f.data(), 160, 16));
        dec_.w = uint64_t(detail::get(cmd_.f.data(), 176, 16));
        dec_.y_start = uint64_t(detail::get(cmd_.f.data(), 192, 16));
        dec_.tile_y0 = uint64_t(detail::get(cmd_.f.data(), 208, 16));
        dec_.tile_rows = uint64_t(detail::get(cmd_.f.data(), 224, 16));
        dec_.pitch = uint64_t(detail::get(cmd_.f.data(), 240, 16));
        dec_.c = uint64_t(detail::get(cmd_.f.data(), 256, 16));
        dec_.m = uint64_t(detail::get(cmd_.f.data(), 272, 16));
        dec_.ifm_base = uint64_t(detail::get(cmd_.f.data(), 288, 32));
        dec_.filt_base = uint64_t(detail::get(cmd_.f.data(), 320, 32));
        dec_.psum_base = uint64_t(detail::get(cmd_.f.data(), 352, 32));
        dec_.bias_base = uint64_t(detail::get(cmd_.f.data(), 384, 32));
        dec_.shift = uint64_t(detail::get(cmd_.f.data(), 416, 8));
        dec_.out_base = uint64_t(detail::get(cmd_.f.data(), 448, 32));
        return dec_;
    }
};

// OpDrain: buffer -> DRAM, the ofmap of a pass
struct DrainCmd {
    static constexpr Opcode kOpcode = Opcode::Drain;
    DataType dtype = DataType::Command;  // what the command moves (traffic counters)
    bool after_run = 0;  // f0[16:16]: wait for the running pass first (whose ofmap it copies)
    uint64_t dram = 0;  // f1[31:0]: DRAM byte address of (b0, m0, e0)
    uint64_t glb = 0;  // f2[31:0]: buffer word address of the ofmap (out_base of the last pass)
    uint64_t n = 0;  // f3[15:0]: images n'
    uint64_t m = 0;  // f4[15:0]: filters m'
    uint64_t e = 0;  // f5[15:0]: ofmap rows e'
    uint64_t f = 0;  // f6[15:0]: ofmap columns F
    uint64_t p = 0;  // f7[15:0]: filters per PE p'
    uint64_t slots = 0;  // f8[15:0]: slots e'*t'
    uint64_t stride_n = 0;  // f9[31:0]: DRAM bytes between images
    uint64_t stride_m = 0;  // f10[31:0]: DRAM bytes between filters
    uint64_t pitch = 0;  // f11[15:0]: ofmap row pitch in DRAM (words)
    static constexpr std::array<FieldInfo, 14> kFields{{
        {"opcode", 0, 0, 8, "opcode"},
        {"dtype", 0, 8, 3, "data type the command moves (traffic counters)"},
        {"after_run", 0, 16, 1, "wait for the running pass first (whose ofmap it copies)"},
        {"dram", 1, 0, 32, "DRAM byte address of (b0, m0, e0)"},
        {"glb", 2, 0, 32, "buffer word address of the ofmap (out_base of the last pass)"},
        {"n", 3, 0, 16, "images n'"},
        {"m", 4, 0, 16, "filters m'"},
        {"e", 5, 0, 16, "ofmap rows e'"},
        {"f", 6, 0, 16, "ofmap columns F"},
        {"p", 7, 0, 16, "filters per PE p'"},
        {"slots", 8, 0, 16, "slots e'*t'"},
        {"stride_n", 9, 0, 32, "DRAM bytes between images"},
        {"stride_m", 10, 0, 32, "DRAM bytes between filters"},
        {"pitch", 11, 0, 16, "ofmap row pitch in DRAM (words)"},
    }};
    // A field by name (for tools and tests); false / std::invalid_argument if unknown.
    bool set(const std::string& name, uint64_t v) {
        if (name == "dtype") return dtype = DataType(v), true;
        if (name == "after_run") return after_run = v != 0, true;
        if (name == "dram") return dram = v, true;
        if (name == "glb") return glb = v, true;
        if (name == "n") return n = v, true;
        if (name == "m") return m = v, true;
        if (name == "e") return e = v, true;
        if (name == "f") return f = v, true;
        if (name == "p") return p = v, true;
        if (name == "slots") return slots = v, true;
        if (name == "stride_n") return stride_n = v, true;
        if (name == "stride_m") return stride_m = v, true;
        if (name == "pitch") return pitch = v, true;
        return false;
    }
    uint64_t get(const std::string& name) const {
        if (name == "opcode") return uint64_t(kOpcode);
        if (name == "dtype") return uint64_t(dtype);
        if (name == "after_run") return uint64_t(after_run);
        if (name == "dram") return uint64_t(dram);
        if (name == "glb") return uint64_t(glb);
        if (name == "n") return uint64_t(n);
        if (name == "m") return uint64_t(m);
        if (name == "e") return uint64_t(e);
        if (name == "f") return uint64_t(f);
        if (name == "p") return uint64_t(p);
        if (name == "slots") return uint64_t(slots);
        if (name == "stride_n") return uint64_t(stride_n);
        if (name == "stride_m") return uint64_t(stride_m);
        if (name == "pitch") return uint64_t(pitch);
        throw std::invalid_argument("OpDrain has no field " + name);
    }
    // Throws std::invalid_argument naming a field whose value does not fit its width.
    Command encode() const {
        Command cmd_;
        detail::put(cmd_.f.data(), 0, 8, uint64_t(kOpcode), "OpDrain", "opcode");
        detail::put(cmd_.f.data(), 8, 3, uint64_t(dtype), "OpDrain", "dtype");
        detail::put(cmd_.f.data(), 16, 1, uint64_t(after_run), "OpDrain", "after_run");
        detail::put(cmd_.f.data(), 32, 32, uint64_t(dram), "OpDrain", "dram");
        detail::put(cmd_.f.data(), 64, 32, uint64_t(glb), "OpDrain", "glb");
        detail::put(cmd_.f.data(), 96, 16, uint64_t(n), "OpDrain", "n");
        detail::put(cmd_.f.data(), 128, 16, uint64_t(m), "OpDrain", "m");
        detail::put(cmd_.f.data(), 160, 16, uint64_t(e), "OpDrain", "e");
        detail::put(cmd_.f.data(), 192, 16, uint64_t(f), "OpDrain", "f");
        detail::put(cmd_.f.data(), 224, 16, uint64_t(p), "OpDrain", "p");
        detail::put(cmd_.f.data(), 256, 16, uint64_t(slots), "OpDrain", "slots");
        detail::put(cmd_.f.data(), 288, 32, uint64_t(stride_n), "OpDrain", "stride_n");
        detail::put(cmd_.f.data(), 320, 32, uint64_t(stride_m), "OpDrain", "stride_m");
        detail::put(cmd_.f.data(), 352, 16, uint64_t(pitch), "OpDrain", "pitch");
        return cmd_;
    }
    // Throws std::invalid_argument when the command is another kind.
    static DrainCmd decode(const Command& cmd_) {
        if (cmd_.op() != kOpcode)
            throw std::invalid_argument("not an OpDrain command (opcode " + std::to_string(uint32_t(cmd_.op())) + ")");
        DrainCmd dec_;
        dec_.dtype = cmd_.dtype();
        dec_.after_run = bool(detail::get(cmd_.f.data(), 16, 1));
        dec_.dram = uint64_t(detail::get(cmd_.f.data(), 32, 32));
        dec_.glb = uint64_t(detail::get(cmd_.f.data(), 64, 32));
        dec_.n = uint64_t(detail::get(cmd_.f.data(), 96, 16));
        dec_.m = uint64_t(detail::get(cmd_.f.data(), 128, 16));
        dec_.e = uint64_t(detail::get(cmd_.f.data(), 160, 16));
        dec_.f = uint64_t(detail::get(cmd_.f.data(), 192, 16));
        dec_.p = uint64_t(detail::get(cmd_.f.data(), 224, 16));
        dec_.slots = uint64_t(detail::get(cmd_.f.data(), 256, 16));
        dec_.stride_n = uint64_t(detail::get(cmd_.f.data(), 288, 32));
        dec_.stride_m = uint64_t(detail::get(cmd_.f.data(), 320, 32));
        dec_.pitch = uint64_t(detail::get(cmd_.f.data(), 352, 16));
        return dec_;
    }
};

}  // namespace contract
