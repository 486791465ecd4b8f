// SPDX-License-Identifier: Apache-2.0
// Command compiler and DRAM image of compiler/layer_program.hpp. compile_layer runs five steps:
// check the inputs, plan the buffer (compiler/buffer_plan.hpp), lay out the DRAM image, schedule
// the fills, passes and drains (Scheduler: which region holds what), and emit them through the
// contract's encoders (rsacc/contract.hpp); no field is packed here.
#include "compiler/layer_program.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "compiler/rlc.hpp"
#include "int_math.hpp"

namespace compiler {
namespace {

using contract::DataType;
using detail::align_up;
using detail::ceil_div;

constexpr uint64_t kRegionAlign = 4096;  // DRAM regions start on 4 KB pages

// Little-endian two's-complement bytes of v (elem_bytes wide) appended to out.
void put(std::vector<uint8_t>& out, int64_t v, int elem_bytes) {
    for (int i = 0; i < elem_bytes; ++i) out.push_back(uint8_t(uint64_t(v) >> (8 * i)));
}

int64_t get(const std::vector<uint8_t>& in, size_t at, int elem_bytes) {
    uint64_t u = 0;
    for (int i = 0; i < elem_bytes; ++i) u |= uint64_t(in[at + i]) << (8 * i);
    const int bits = 8 * elem_bytes;
    if (bits < 64 && (u >> (bits - 1)) & 1) u |= ~uint64_t{0} << bits;
    return int64_t(u);
}

void pad_to_word(std::vector<uint8_t>& out) {
    while (out.size() % contract::kBeatBytes) out.push_back(0);
}

[[noreturn]] void fail(const golden::LayerShape& L, const std::string& what) {
    throw std::invalid_argument(fmt::format("layer {}: {}", L.name, what));
}

// ---- step 1: check. The mapping again (also fills in anything the caller did not), the
// options, and the layer constants against their command fields (docs/commands.md), with
// messages in layer terms; the encoders check every field again.
void check_layer_fields(const golden::LayerShape& L) {
    const int u8 = 255, u16 = (1 << contract::kDimW) - 1;
    const std::tuple<const char*, int, int> limits[] = {{"R", L.R, u8},
                                                        {"S", L.S, u8},
                                                        {"stride_v", L.stride_v, u8},
                                                        {"stride_h", L.stride_h, u8},
                                                        {"pad_top", L.pad_top, u8},
                                                        {"pad_left", L.pad_left, u8},
                                                        {"H", L.H, u16},
                                                        {"W", L.W, u16},
                                                        {"F", L.F(), u16}};
    for (auto [field, v, max] : limits)
        if (v > max)
            fail(L, fmt::format("{}={} exceeds the command field limit {}", field, v, max));
}

Mapping check(const golden::LayerShape& L, const Mapping& map, const HwConfig& hw,
              const LayerOptions& opt) {
    L.validate();
    hw.validate();
    CostOptions co;
    co.bias = opt.bias;
    Mapping m = evaluate_mapping(L, hw, map.n, map.e, map.p, map.q, map.r, map.t, co, map.order);
    if (opt.shift < 0 || opt.shift >= hw.acc_width)
        fail(L, fmt::format("requantisation shift {} outside [0, {})", opt.shift, hw.acc_width));
    check_layer_fields(L);
    if (opt.rlc || opt.rlc_ofmap) {
        try {
            rlc::format_for(hw.data_width);
        } catch (const std::invalid_argument& e) {
            fail(L, e.what());
        }
    }
    return m;
}

// ---- step 3: layout. Regions of the DRAM image and the filter and bias blocks, in the order
// the passes first use them (the command region's size is known after scheduling).
void layout_dram(LayerProgram& prog) {
    const auto& L = prog.layer;
    const auto& m = prog.mapping;
    const int epw = contract::kBeatBytes / prog.hw.data_bytes();
    const int ppw = contract::kBeatBytes / prog.hw.psum_container_bytes();
    const int G = L.groups, Mg = L.M_per_group(), Cg = L.C_per_group();
    prog.in_pitch_words = row_pitch_words(L.W, prog.hw);
    prog.out_pitch_words = row_pitch_words(L.F(), prog.hw);
    const uint64_t ifmap_bytes =
        uint64_t(L.N) * L.C * L.H * prog.in_pitch_words * contract::kBeatBytes;
    const uint64_t ofmap_bytes =
        uint64_t(L.N) * L.M * L.E() * prog.out_pitch_words * contract::kBeatBytes;
    prog.ifmap_base = kRegionAlign;  // page 0 stays unused: a stray address 0 hits no region
    uint64_t ifmap_end = prog.ifmap_base + ifmap_bytes;
    if (prog.options.rlc) {  // the length table: one 16-bit entry per ifmap row
        prog.ifmap_lens_base = align_up(ifmap_end, kRegionAlign);
        ifmap_end = prog.ifmap_lens_base + uint64_t(L.N) * L.C * L.H * 2;
    }
    prog.filter_base = align_up(ifmap_end, kRegionAlign);

    const int pt = m.p * m.t, qr = m.q * m.r;
    uint64_t faddr = prog.filter_base;
    for (int g = 0; g < G; ++g)
        for (int m0 = 0; m0 < Mg; m0 += pt)
            for (int c0 = 0; c0 < Cg; c0 += qr) {
                const int mm = std::min(pt, Mg - m0), cc = std::min(qr, Cg - c0);
                const int pp = int(ceil_div(mm, m.t)), tt = int(ceil_div(mm, pp));
                const int qq = int(ceil_div(cc, m.r)), rr = int(ceil_div(cc, qq));
                const int64_t words =
                    int64_t(tt) * L.R * rr * ceil_div(int64_t(L.S) * qq * pp, epw);
                prog.filter_blocks.push_back({g, m0, mm, c0, cc, pp, tt, qq, rr, faddr, words});
                faddr += uint64_t(words) * contract::kBeatBytes;
            }
    prog.bias_base = align_up(faddr, kRegionAlign);
    uint64_t baddr = prog.bias_base;
    if (prog.options.bias)
        for (int g = 0; g < G; ++g)
            for (int m0 = 0; m0 < Mg; m0 += pt) {
                const int mm = std::min(pt, Mg - m0);
                const int64_t words = ceil_div(mm, ppw);
                prog.bias_blocks.push_back({g, m0, mm, baddr, words});
                baddr += uint64_t(words) * contract::kBeatBytes;
            }
    prog.ofmap_base = align_up(baddr, kRegionAlign);
    uint64_t ofmap_end = prog.ofmap_base + ofmap_bytes;
    if (prog.options.rlc_ofmap) {  // the length table the drains write: [N][M][E] entries
        prog.ofmap_lens_base = align_up(ofmap_end, kRegionAlign);
        ofmap_end = prog.ofmap_lens_base + prog.ofmap_lens_bytes();
    }
    prog.cmd_base = align_up(ofmap_end, kRegionAlign);
}

// ---- step 4: schedule. The commands in order, as the contract's command structs.
using Step = std::variant<contract::FillCmd, contract::PassCmd, contract::DrainCmd>;

// Walks the passes (groups, filter chunks, image chunks, row chunks, channel chunks) and keeps
// the state of the buffer regions: which ifmap tile and filter block each region holds, which
// regions the last pass emitted reads, which bias block is loaded, and the held drain. From it
// follow the fills a pass needs, where they go, and the ordering flags (after_run, after_drain).
// With `count` set the steps are not kept, only their DRAM traffic added to it (the mapper's
// DRAM bytes, schedule_traffic).
class Scheduler {
public:
    explicit Scheduler(LayerProgram& prog, DramTraffic* count = nullptr)
        : prog_(prog),
          L_(prog.layer),
          m_(prog.mapping),
          gp_(prog.glb),
          opt_(prog.options),
          count_(count),
          tile_in_(size_t(prog.glb.ifmap_region_count), TileKey{-1, -1, -1, -1}),
          filter_in_(size_t(prog.glb.filter_region_count), -1) {}

    std::vector<Step> run() {
        const int G = L_.groups, Mg = L_.M_per_group(), Cg = L_.C_per_group(), E = L_.E();
        const int pt = m_.p * m_.t, qr = m_.q * m_.r;
        const size_t fchunks = size_t(ceil_div(Mg, pt)), cchunks = size_t(ceil_div(Cg, qr));
        // One (group, filter, image, row) chunk: its channel passes. Filter and bias blocks are
        // laid out per group and filter chunk (layout_dram).
        const auto chunk = [&](int g, int m0, int b0, int e0) {
            const size_t fi = size_t(g) * fchunks + size_t(m0 / pt);
            int cidx = 0;
            for (int c0 = 0; c0 < Cg; c0 += qr, ++cidx)
                pass(Chunk{g, m0, b0, e0, c0, cidx, fi * cchunks, opt_.bias ? fi : 0});
        };
        for (int g = 0; g < G; ++g) {
            if (m_.order == LoopOrder::TilesOuter) {
                for (int b0 = 0; b0 < L_.N; b0 += m_.n)
                    for (int e0 = 0; e0 < E; e0 += m_.e)
                        for (int m0 = 0; m0 < Mg; m0 += pt) chunk(g, m0, b0, e0);
            } else {
                for (int m0 = 0; m0 < Mg; m0 += pt)
                    for (int b0 = 0; b0 < L_.N; b0 += m_.n)
                        for (int e0 = 0; e0 < E; e0 += m_.e) chunk(g, m0, b0, e0);
            }
        }
        release_drain(true);
        return std::move(steps_);
    }

private:
    struct Chunk {
        int g, m0, b0, e0, c0, cidx;
        size_t fblock_base, bblock;
    };
    using TileKey = std::tuple<int, int, int, int>;

    // Region for new data: the one the last pass does not read (if there are two).
    int pick(int last) const { return gp_.double_buffered && last == 0 ? 1 : 0; }

    // The region of data `key` of channel chunk `cidx`, given what each region holds (`held`) and
    // which one the last pass read (`last`), and whether it holds the data already. With one
    // region per channel chunk (more than two) region cidx, the only one that can hold it; else
    // either of the one or two regions that holds it, or the one pick() gives.
    template <class Key>
    std::pair<int, bool> region_for(const std::vector<Key>& held, const Key& key, int cidx,
                                    int last) const {
        if (held.size() > 2) return {cidx, held[size_t(cidx)] == key};
        for (size_t i = 0; i < held.size(); ++i)
            if (held[i] == key) return {int(i), true};
        return {pick(last), false};
    }

    // Every step goes through here: kept, or with `count_` counted.
    template <class Cmd>
    void push(const Cmd& c) {
        if (!count_) {
            steps_.push_back(c);
            return;
        }
        if constexpr (!std::is_same_v<Cmd, contract::PassCmd>) count_->add(c);
        ++counted_steps_;
    }

public:
    int64_t counted_steps() const { return counted_steps_; }

private:
    // after_run: the fill overwrites data the last pass before it reads, so it must wait for
    // that pass (docs/commands.md, "Ordering"); otherwise it runs while the pass does.
    // rlc_rows > 0: a run-length compressed ifmap fill (LayerOptions::rlc) of blocks of rlc_rows
    // rows, whose first row's length entry is at `lens`.
    void fill(DataType type, uint64_t dram, int64_t glb, int64_t count0, int64_t count1,
              uint64_t stride1, int64_t count2, uint64_t stride2, bool after_run,
              int64_t rlc_rows = 0, uint64_t lens = 0) {
        contract::FillCmd c;
        c.dtype = type;
        c.after_run = after_run;
        c.dram = dram;
        c.glb = uint64_t(glb);
        c.count0 = uint64_t(count0);
        c.count1 = uint64_t(count1);
        c.stride1 = stride1;
        c.count2 = uint64_t(count2);
        c.stride2 = stride2;
        if (rlc_rows > 0) {  // rows of in_pitch_words words: lengths [N][C][H] (layout_dram)
            c.rlc = 1;
            c.lens = lens;
            c.lstride1 = uint64_t(L_.H) * 2;
            c.lstride2 = uint64_t(L_.C) * L_.H * 2;
            c.row_words = uint64_t(prog_.in_pitch_words);
            c.rows = uint64_t(rlc_rows);
        }
        if (after_run) release_drain(true);
        push(c);
        ++prog_.fills;
    }

    // The drain of a pass's ofmap is held back: the controller decodes in order, so a fill
    // listed after a drain that waits for its pass could not start before that pass ends. It is
    // listed after the next pass when that pass writes elsewhere (its pass has then ended, so it
    // need not wait: after_run clear), else before it, or before a fill that waits for the pass.
    void release_drain(bool after_run) {
        if (held_drain_) {
            held_drain_->after_run = after_run;
            push(*held_drain_);
        }
        held_drain_.reset();
    }

    // Fills for the ifmap tile and filter block of the pass (unless a region holds them), the
    // bias fill of a first channel pass, the pass, and the drain after its last channel pass.
    void pass(const Chunk& k) {
        const auto& L = L_;
        const int Mg = L.M_per_group(), Cg = L.C_per_group(), E = L.E(), F = L.F();
        const int pt = m_.p * m_.t, qr = m_.q * m_.r;
        const int epw = contract::kBeatBytes / prog_.hw.data_bytes();
        const int mm = std::min(pt, Mg - k.m0);
        const int pp = int(ceil_div(mm, m_.t)), tt = int(ceil_div(mm, pp));
        const int nn = std::min(m_.n, L.N - k.b0), ee = std::min(m_.e, E - k.e0);
        const uint64_t in_row = uint64_t(prog_.in_pitch_words) * contract::kBeatBytes;
        const uint64_t out_row = uint64_t(prog_.out_pitch_words) * contract::kBeatBytes;
        const auto& fb = prog_.filter_blocks[k.fblock_base + size_t(k.cidx)];
        const bool first = k.c0 == 0, last = k.c0 + qr >= Cg;

        // Ifmap tile: the unpadded rows the pass touches.
        const int y_lo = k.e0 * L.stride_v - L.pad_top;
        const int y_hi = y_lo + (ee - 1) * L.stride_v + L.R;
        const int ty0 = std::max(0, y_lo), ty1 = std::min(L.H, y_hi);
        const int tile_rows = std::max(0, ty1 - ty0);
        const TileKey tile_key{k.g, k.b0, k.e0, k.c0};
        const auto [ireg, tile_held] = region_for(tile_in_, tile_key, k.cidx, pass_ifmap_);
        if (!tile_held) {
            // The tile's first row: (image b0, channel g*Cg + c0, row ty0).
            const uint64_t row0 = (uint64_t(k.b0) * L.C + uint64_t(k.g) * Cg + k.c0) * L.H + ty0;
            if (tile_rows > 0)
                fill(DataType::Ifmap, prog_.ifmap_base + row0 * in_row, gp_.ifmap_region(ireg),
                     int64_t(tile_rows) * prog_.in_pitch_words, fb.cc, uint64_t(L.H) * in_row, nn,
                     uint64_t(L.C) * L.H * in_row, ireg == pass_ifmap_, opt_.rlc ? tile_rows : 0,
                     prog_.ifmap_lens_base + row0 * 2);
            tile_in_[size_t(ireg)] = tile_key;
        }
        const int fkey = int(k.fblock_base) + k.cidx;
        const auto [freg, block_held] = region_for(filter_in_, fkey, k.cidx, pass_filter_);
        if (!block_held) {
            fill(DataType::Filter, fb.addr, gp_.filter_region(freg), fb.words, 1, 0, 1, 0,
                 freg == pass_filter_);
            filter_in_[size_t(freg)] = fkey;
        }
        if (opt_.bias && first && loaded_bias_ != int(k.bblock)) {
            const auto& bb = prog_.bias_blocks[k.bblock];
            fill(DataType::Bias, bb.addr, gp_.bias, bb.words, 1, 0, 1, 0, pass_bias_);
            loaded_bias_ = int(k.bblock);
        }
        pass_ifmap_ = ireg;
        pass_filter_ = freg;
        pass_bias_ = opt_.bias && first;

        if (k.e0 * L.stride_v > (1 << contract::kDimW) - 1)
            fail(L, fmt::format("padded ifmap row index exceeds {} bits", contract::kDimW));
        const int64_t out = !last                                     ? gp_.psum
                            : gp_.ofmap_ping_pong && last_passes_ % 2 ? gp_.psum
                                                                      : gp_.ofmap;
        contract::PassCmd c;
        // A pass that writes where a drain may still read waits for it.
        c.after_drain = last || !gp_.ofmap_separate;
        c.fr = L.R, c.fs = L.S, c.uh = L.stride_h, c.uv = L.stride_v;
        c.pad_t = L.pad_top, c.pad_l = L.pad_left;
        c.r = fb.r, c.p = pp, c.q = fb.q, c.t = tt, c.e = ee;
        c.psum_in = !first, c.bias_in = opt_.bias && first, c.last = last, c.relu = opt_.relu;
        c.n = nn, c.f = F, c.h = L.H, c.w = L.W;
        c.y_start = k.e0 * L.stride_v, c.tile_y0 = ty0;
        c.tile_rows = std::max(tile_rows, 1), c.pitch = prog_.in_pitch_words * epw;
        c.c = fb.cc, c.m = mm;
        c.ifm_base = gp_.ifmap_region(ireg), c.filt_base = gp_.filter_region(freg);
        c.psum_base = gp_.psum, c.bias_base = gp_.bias, c.shift = opt_.shift, c.out_base = out;
        if (prog_.hw.stochastic()) {  // run-time settings of the stochastic MAC
            c.sc_log2l = prog_.hw.sc.log2_length();
            c.sc_lfsr = prog_.hw.sc.rng == golden::sc::Rng::Lfsr;
            c.sc_column = prog_.hw.sc.sharing == golden::sc::Sharing::Column;
        }
        if (held_drain_ && held_drain_->glb == uint64_t(out)) release_drain(true);
        push(c);
        release_drain(false);
        ++prog_.passes;
        last_passes_ += last;
        if (last) {
            contract::DrainCmd d;
            d.dtype = DataType::Ofmap;
            d.dram = prog_.ofmap_base +
                     ((uint64_t(k.b0) * L.M + uint64_t(k.g) * Mg + k.m0) * E + k.e0) * out_row;
            d.glb = out;
            d.n = nn, d.m = mm, d.e = ee, d.f = F, d.p = pp, d.slots = ee * tt;
            d.stride_n = uint64_t(L.M) * E * out_row;
            d.stride_m = uint64_t(E) * out_row;
            d.pitch = prog_.out_pitch_words;
            if (opt_.rlc_ofmap) {  // entries [N][M][E] (layout_dram)
                d.rlc = 1;
                d.lens = prog_.ofmap_lens_base +
                         ((uint64_t(k.b0) * L.M + uint64_t(k.g) * Mg + k.m0) * E + k.e0) * 2;
                d.lstride_n = uint64_t(L.M) * E * 2;
                d.lstride_m = uint64_t(E) * 2;
            }
            held_drain_ = d;
            ++prog_.drains;
        }
    }

    LayerProgram& prog_;
    const golden::LayerShape& L_;
    const Mapping& m_;
    const GlbPlan& gp_;
    const LayerOptions& opt_;
    DramTraffic* count_;
    int64_t counted_steps_ = 0;
    std::vector<TileKey> tile_in_;  // what each ifmap region holds
    std::vector<int> filter_in_;    // filter block index each filter region holds (-1: none)
    int pass_ifmap_ = -1, pass_filter_ = -1;  // regions of the last pass emitted (-1: none yet)
    bool pass_bias_ = false;                  // it reads the bias region
    int loaded_bias_ = -1;
    std::optional<contract::DrainCmd> held_drain_;
    int64_t last_passes_ = 0;
    std::vector<Step> steps_;
};

// ---- step 5: emit. Every field is packed (and its width checked) by the contract's encoders.
std::vector<contract::Command> emit(const golden::LayerShape& L, const std::vector<Step>& steps) {
    std::vector<contract::Command> cmds;
    cmds.reserve(steps.size() + 1);
    try {
        for (const auto& s : steps)
            cmds.push_back(std::visit([](const auto& c) { return c.encode(); }, s));
    } catch (const std::invalid_argument& e) {
        fail(L, e.what());
    }
    cmds.push_back(contract::EndCmd{}.encode());
    return cmds;
}

}  // namespace

DramTraffic schedule_traffic(const golden::LayerShape& L, const PassShape& s, const HwConfig& hw,
                             bool bias, LoopOrder order) {
    check_layer_fields(L);
    LayerProgram prog;
    prog.layer = L;
    prog.hw = hw;
    prog.options.bias = bias;
    prog.mapping.n = int(s.n), prog.mapping.e = int(s.e), prog.mapping.p = int(s.p);
    prog.mapping.q = int(s.q), prog.mapping.r = int(s.r), prog.mapping.t = int(s.t);
    prog.mapping.order = order;
    prog.glb = plan_buffer(L, s, hw, order == LoopOrder::TilesOuter);
    layout_dram(prog);
    DramTraffic t;
    Scheduler sched(prog, &t);
    sched.run();
    t.add_command_list(sched.counted_steps() + 1);  // and OpEnd
    return t;
}

LayerProgram compile_layer(const golden::LayerShape& L, const Mapping& map, const HwConfig& hw,
                           const LayerOptions& opt) {
    LayerProgram prog;
    prog.mapping = check(L, map, hw, opt);
    prog.layer = L;
    prog.hw = hw;
    prog.options = opt;
    prog.glb =
        plan_buffer(L, prog.mapping.shape(), hw, prog.mapping.order == LoopOrder::TilesOuter);
    if (!prog.glb.fits())
        fail(L, fmt::format("the pass needs {} buffer words, more than the {} of the global buffer",
                            prog.glb.total_words, prog.glb.capacity_words));
    layout_dram(prog);
    const std::vector<Step> steps = Scheduler(prog).run();
    const uint64_t ncmds = steps.size() + 1;  // and OpEnd
    prog.dram_bytes = align_up(
        prog.cmd_base + contract::kBeatBytes + ncmds * contract::kCmdWords * contract::kBeatBytes,
        kRegionAlign);
    if (prog.dram_bytes > (uint64_t{1} << contract::kDramAddrW))
        fail(L, fmt::format("the DRAM image needs {} bytes, more than the {}-bit address space",
                            prog.dram_bytes, contract::kDramAddrW));
    prog.commands = emit(L, steps);
    return prog;
}

std::vector<DramRegion> LayerProgram::regions() const {
    // With rlc the ifmap region ends at the length table, a region of its own (also Ifmap).
    const uint64_t ifmap_end = options.rlc ? ifmap_lens_base : filter_base;
    std::vector<DramRegion> r = {{DataType::Ifmap, ifmap_base, ifmap_end - ifmap_base},
                                 {DataType::Filter, filter_base, bias_base - filter_base},
                                 {DataType::Ofmap, ofmap_base,
                                  (options.rlc_ofmap ? ofmap_lens_base : cmd_base) - ofmap_base},
                                 {DataType::Command, cmd_base, dram_bytes - cmd_base}};
    if (ofmap_base > bias_base) r.push_back({DataType::Bias, bias_base, ofmap_base - bias_base});
    if (options.rlc) r.push_back({DataType::Ifmap, ifmap_lens_base, filter_base - ifmap_lens_base});
    if (options.rlc_ofmap)
        r.push_back({DataType::Ofmap, ofmap_lens_base, cmd_base - ofmap_lens_base});
    r.erase(std::remove_if(r.begin(), r.end(), [](const DramRegion& x) { return x.bytes == 0; }),
            r.end());
    return r;
}

std::vector<uint64_t> LayerProgram::command_words() const {
    std::vector<uint64_t> w{uint64_t(commands.size())};
    for (const auto& c : commands)
        for (uint64_t word : c.words()) w.push_back(word);
    return w;
}

DramImage LayerProgram::image(const golden::ActTensor& x, const golden::ActTensor& w,
                              const std::vector<int64_t>& bias) const {
    const auto& L = layer;
    const int db = hw.data_bytes();
    auto check = [&](const char* what, const golden::ActTensor& t, std::array<int, 4> want) {
        if (t.dim != want)
            throw std::invalid_argument(fmt::format(
                "layer {}: {} has shape {}x{}x{}x{}, expected {}x{}x{}x{}", L.name, what, t.dim[0],
                t.dim[1], t.dim[2], t.dim[3], want[0], want[1], want[2], want[3]));
    };
    check("ifmap", x, {L.N, L.C, L.H, L.W});
    check("filter", w, {L.M, L.C_per_group(), L.R, L.S});
    if (options.bias && bias.size() != size_t(L.M))
        throw std::invalid_argument(fmt::format("layer {}: bias has {} entries, expected M = {}",
                                                L.name, bias.size(), L.M));
    DramImage img;
    img.size_bytes = dram_bytes;
    img.regions = regions();

    std::vector<uint8_t> bytes;
    if (options.rlc) {
        // Each row (its padding to whole words included) compressed at the start of its slot,
        // the rest of the slot zero, or raw when that would not take fewer words than the slot
        // (rlc::store_row); its entry in the length table.
        const int64_t row_values = in_pitch_words * (contract::kBeatBytes / db);
        const size_t slot = size_t(in_pitch_words) * contract::kBeatBytes;
        std::vector<uint8_t> lens;
        std::vector<int32_t> row(size_t(row_values), 0);
        for (int b = 0; b < L.N; ++b)
            for (int c = 0; c < L.C; ++c)
                for (int y = 0; y < L.H; ++y) {
                    for (int xx = 0; xx < L.W; ++xx) row[size_t(xx)] = x(b, c, y, xx);
                    const rlc::StoredRow r = rlc::store_row(row, hw.data_width);
                    const size_t at = bytes.size();
                    for (uint64_t w : r.words) put(bytes, int64_t(w), contract::kBeatBytes);
                    bytes.resize(at + slot, 0);
                    put(lens, int64_t(r.entry), 2);
                }
        img.blocks.push_back({ifmap_base, std::move(bytes)});
        pad_to_word(lens);
        img.blocks.push_back({ifmap_lens_base, std::move(lens)});
        bytes.clear();
    } else {
        for (int b = 0; b < L.N; ++b)
            for (int c = 0; c < L.C; ++c)
                for (int y = 0; y < L.H; ++y) {
                    for (int xx = 0; xx < L.W; ++xx) put(bytes, x(b, c, y, xx), db);
                    pad_to_word(bytes);
                }
        img.blocks.push_back({ifmap_base, std::move(bytes)});
    }

    const int Mg = L.M_per_group();
    for (const auto& fb : filter_blocks) {
        bytes.clear();
        for (int ti = 0; ti < fb.t; ++ti)
            for (int h = 0; h < L.R * fb.r; ++h) {
                const int ri = h / L.R, i = h % L.R;
                for (int s = 0; s < L.S; ++s)
                    for (int c = 0; c < fb.q; ++c)
                        for (int k = 0; k < fb.p; ++k) {
                            const int mi = ti * fb.p + k, ch = ri * fb.q + c;
                            const bool real = mi < fb.mm && ch < fb.cc;
                            put(bytes, real ? w(fb.g * Mg + fb.m0 + mi, fb.c0 + ch, i, s) : 0, db);
                        }
                pad_to_word(bytes);  // one PE's block: whole filter network words
            }
        img.blocks.push_back({fb.addr, std::move(bytes)});
    }
    for (const auto& bb : bias_blocks) {
        bytes.clear();
        for (int k = 0; k < bb.mm; ++k)
            put(bytes, bias[size_t(bb.g * Mg + bb.m0 + k)], hw.psum_container_bytes());
        pad_to_word(bytes);
        img.blocks.push_back({bb.addr, std::move(bytes)});
    }
    bytes.clear();
    for (uint64_t word : command_words()) put(bytes, int64_t(word), contract::kBeatBytes);
    img.blocks.push_back({cmd_base, std::move(bytes)});
    return img;
}

uint64_t LayerProgram::ofmap_bytes() const {
    return uint64_t(layer.N) * layer.M * layer.E() * out_pitch_words * contract::kBeatBytes;
}

uint64_t LayerProgram::ofmap_lens_bytes() const {
    return options.rlc_ofmap ? uint64_t(layer.N) * layer.M * layer.E() * 2 : 0;
}

golden::ActTensor LayerProgram::read_ofmap(const std::vector<uint8_t>& bytes,
                                           const std::vector<uint8_t>& lens) const {
    const auto& L = layer;
    const int db = hw.data_bytes(), E = L.E(), F = L.F();
    if (bytes.size() < ofmap_bytes())
        throw std::invalid_argument(fmt::format("layer {}: {} ofmap bytes, expected {}", L.name,
                                                bytes.size(), ofmap_bytes()));
    if (lens.size() < ofmap_lens_bytes())
        throw std::invalid_argument(
            fmt::format("layer {}: {} ofmap length-table bytes, expected {}", L.name, lens.size(),
                        ofmap_lens_bytes()));
    golden::ActTensor y(L.N, L.M, E, F);
    const size_t slot = size_t(out_pitch_words) * contract::kBeatBytes;
    size_t row = 0;
    for (int b = 0; b < L.N; ++b)
        for (int mm = 0; mm < L.M; ++mm)
            for (int e = 0; e < E; ++e, ++row) {
                const size_t at = row * slot;
                if (!options.rlc_ofmap) {
                    for (int f = 0; f < F; ++f)
                        y(b, mm, e, f) = int32_t(get(bytes, at + size_t(f) * db, db));
                    continue;
                }
                const uint16_t entry = uint16_t(lens[2 * row] | lens[2 * row + 1] << 8);
                try {
                    const std::vector<int32_t> v =
                        rlc::load_row(&bytes[at], slot, entry, hw.data_width);
                    for (int f = 0; f < F; ++f) y(b, mm, e, f) = v[size_t(f)];
                } catch (const std::invalid_argument& ex) {
                    throw std::invalid_argument(
                        fmt::format("layer {}: compressed ofmap row (n {}, m {}, e {}): {}", L.name,
                                    b, mm, e, ex.what()));
                }
            }
    return y;
}

nlohmann::json LayerProgram::to_json() const {
    return {{"commands", commands.size()},
            {"rlc", options.rlc},
            {"rlc_ofmap", options.rlc_ofmap},
            {"passes", passes},
            {"fills", fills},
            {"drains", drains},
            {"dram_image_bytes", dram_bytes},
            {"glb_plan",
             {{"ifmap_words", glb.ifmap_words},
              {"filter_words", glb.filter_words},
              {"bias_words", glb.bias_words},
              {"psum_words", glb.psum_words},
              {"total_words", glb.total_words},
              {"capacity_words", glb.capacity_words},
              {"bank_aligned", glb.bank_aligned},
              {"double_buffered", glb.double_buffered},
              {"ofmap_words", glb.ofmap_words},
              {"ofmap_separate", glb.ofmap_separate},
              {"ofmap_ping_pong", glb.ofmap_ping_pong},
              {"filter_regions", glb.filter_region_count},
              {"filters_resident", glb.filters_resident},
              {"ifmap_regions", glb.ifmap_region_count},
              {"ifmap_resident", glb.ifmap_resident}}}};
}

}  // namespace compiler
