// Command compiler and DRAM image of sim/layer_program.hpp.
#include "sim/layer_program.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <tuple>

namespace sim {
namespace {

constexpr uint64_t kRegionAlign = 4096;
constexpr int64_t kBankWords = 512;

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

// Data type codes of f0 bits 10:8 (= sim::DataType order).
uint32_t op_word(Opcode op, DataType type) {
    return uint32_t(op) | (uint32_t(type) << 8);
}

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
    while (out.size() % 8) out.push_back(0);
}

}  // namespace

LayerProgram compile_layer(const golden::LayerShape& L, const Mapping& map, const ArrayConfig& hw,
                           const LayerOptions& opt) {
    L.validate();
    hw.validate();
    auto fail = [&](const std::string& what) {
        throw std::invalid_argument(fmt::format("layer {}: {}", L.name, what));
    };
    // Re-check the mapping itself (also fills in anything the caller did not).
    const Mapping m = evaluate_mapping(L, hw, map.n, map.e, map.p, map.q, map.r, map.t);
    if (opt.shift < 0 || opt.shift >= hw.acc_width)
        fail(fmt::format("requantisation shift {} outside [0, {})", opt.shift, hw.acc_width));
    // Command fields (docs/commands.md): 8-bit layer constants, 16-bit sizes.
    const std::tuple<const char*, int, int> limits[] = {
        {"R", L.R, 255}, {"S", L.S, 255}, {"stride_v", L.stride_v, 255},
        {"stride_h", L.stride_h, 255}, {"pad_top", L.pad_top, 255}, {"pad_left", L.pad_left, 255},
        {"H", L.H, 65535}, {"W", L.W, 65535}, {"F", L.F(), 65535}};
    for (auto [field, v, max] : limits)
        if (v > max) fail(fmt::format("{}={} exceeds the command field limit {}", field, v, max));

    LayerProgram prog;
    prog.layer = L;
    prog.mapping = m;
    prog.hw = hw;
    prog.options = opt;

    const int db = hw.data_bytes(), epw = 8 / db;
    const int pcb = hw.psum_container_bytes(), ppw = 8 / pcb;
    const int G = L.groups, Mg = L.M_per_group(), Cg = L.C_per_group();
    const int E = L.E(), F = L.F();
    prog.in_pitch_words = ceil_div(L.W, epw);
    prog.out_pitch_words = ceil_div(F, epw);

    // ---- global buffer plan: regions sized for a full pass, bank-aligned when that fits ----
    GlbPlan& gp = prog.glb;
    const int64_t tile_rows_max = std::min<int64_t>(L.H, int64_t(m.e - 1) * L.stride_v + L.R);
    gp.ifmap_words = int64_t(m.n) * m.q * m.r * tile_rows_max * prog.in_pitch_words;
    // Each PE's p*q*S weights are padded to whole words: the filter network moves words.
    gp.filter_words = int64_t(m.t) * m.r * L.R * ceil_div(int64_t(m.p) * m.q * L.S, epw);
    gp.bias_words = ceil_div(int64_t(m.p) * m.t, ppw);
    gp.psum_words = ceil_div(int64_t(m.n) * m.p * m.t * m.e * F, ppw);
    gp.capacity_words = hw.glb_bytes / 8;
    gp.total_words = gp.ifmap_words + gp.filter_words + gp.bias_words + gp.psum_words;
    gp.ofmap_words = ceil_div(int64_t(m.n) * m.p * m.t * m.e * F, epw);
    // Double-buffer the ifmap and filter regions when both copies fit (the mapper's cost model
    // assumes the same rule); then give the ofmap its own region when that fits too; bank-align
    // the regions when everything still fits (alignment only avoids bank conflicts).
    gp.double_buffered = gp.total_words + gp.ifmap_words + gp.filter_words <= gp.capacity_words;
    const int64_t dbuf_words = gp.double_buffered ? gp.ifmap_words + gp.filter_words : 0;
    gp.ofmap_separate = gp.total_words + dbuf_words + gp.ofmap_words <= gp.capacity_words;
    // One filter region per channel chunk, when more than the double buffer's two are needed
    // and they fit after everything above (the mapper's cost model assumes the same rule).
    const int64_t cpasses = ceil_div(Cg, int64_t(m.q) * m.r);
    const int64_t nfreg_base = gp.double_buffered ? 2 : 1;
    const int64_t extra_filter_words = std::max<int64_t>(0, cpasses - 2) * gp.filter_words;
    const bool extra_regions = gp.double_buffered && cpasses > 2 &&
                               gp.total_words + dbuf_words +
                                       (gp.ofmap_separate ? gp.ofmap_words : 0) +
                                       extra_filter_words <= gp.capacity_words;
    gp.filters_resident = cpasses <= nfreg_base || extra_regions;
    const int64_t nfreg = extra_regions ? cpasses : nfreg_base;
    std::vector<int64_t> sizes = {gp.ifmap_words, gp.filter_words, gp.bias_words, gp.psum_words,
                                  gp.double_buffered ? gp.ifmap_words : 0,
                                  gp.double_buffered ? gp.filter_words : 0,
                                  gp.ofmap_separate ? gp.ofmap_words : 0};
    for (int64_t i = 2; i < nfreg; ++i) sizes.push_back(gp.filter_words);
    int64_t aligned = 0;
    for (int64_t s : sizes) aligned += align_up(uint64_t(s), kBankWords);
    gp.bank_aligned = aligned <= gp.capacity_words;
    std::vector<int64_t> base(sizes.size());
    int64_t at = 0;
    for (size_t i = 0; i < sizes.size(); ++i) {
        base[i] = at;
        at += gp.bank_aligned ? int64_t(align_up(uint64_t(sizes[i]), kBankWords)) : sizes[i];
    }
    gp.ifmap = base[0], gp.filter = base[1], gp.bias = base[2], gp.psum = base[3];
    gp.ifmap_alt = base[4], gp.filter_alt = base[5], gp.ofmap = base[6];
    gp.filter_regions = {gp.filter};
    if (gp.double_buffered) gp.filter_regions.push_back(gp.filter_alt);
    for (size_t i = 7; i < base.size(); ++i) gp.filter_regions.push_back(base[i]);
    if (!gp.double_buffered) gp.ifmap_alt = gp.ifmap, gp.filter_alt = gp.filter;
    if (!gp.ofmap_separate) gp.ofmap = gp.psum;
    gp.ofmap_ping_pong = gp.ofmap_separate && int64_t(m.q) * m.r >= L.C_per_group();
    if (gp.total_words > gp.capacity_words)
        fail(fmt::format("the pass needs {} buffer words, more than the {} of the global buffer",
                         gp.total_words, gp.capacity_words));

    // ---- DRAM regions ----
    const uint64_t ifmap_bytes = uint64_t(L.N) * L.C * L.H * prog.in_pitch_words * 8;
    const uint64_t ofmap_bytes = uint64_t(L.N) * L.M * E * prog.out_pitch_words * 8;
    prog.ifmap_base = kRegionAlign;  // page 0 stays unused: a stray address 0 hits no region
    prog.filter_base = align_up(prog.ifmap_base + ifmap_bytes, kRegionAlign);

    // Filter and bias blocks, in the order the passes first use them.
    const int pt = m.p * m.t, qr = m.q * m.r;
    uint64_t faddr = prog.filter_base;
    for (int g = 0; g < G; ++g)
        for (int m0 = 0; m0 < Mg; m0 += pt)
            for (int c0 = 0; c0 < Cg; c0 += qr) {
                const int mm = std::min(pt, Mg - m0), cc = std::min(qr, Cg - c0);
                const int pp = int(ceil_div(mm, m.t)), tt = int(ceil_div(mm, pp));
                const int qq = int(ceil_div(cc, m.r)), rr = int(ceil_div(cc, qq));
                const int64_t words = int64_t(tt) * L.R * rr * ceil_div(int64_t(L.S) * qq * pp, epw);
                prog.filter_blocks.push_back({g, m0, mm, c0, cc, pp, tt, qq, rr, faddr, words});
                faddr += uint64_t(words) * 8;
            }
    prog.bias_base = align_up(faddr, kRegionAlign);
    uint64_t baddr = prog.bias_base;
    if (opt.bias)
        for (int g = 0; g < G; ++g)
            for (int m0 = 0; m0 < Mg; m0 += pt) {
                const int mm = std::min(pt, Mg - m0);
                const int64_t words = ceil_div(mm, ppw);
                prog.bias_blocks.push_back({g, m0, mm, baddr, words});
                baddr += uint64_t(words) * 8;
            }
    prog.ofmap_base = align_up(baddr, kRegionAlign);
    prog.cmd_base = align_up(prog.ofmap_base + ofmap_bytes, kRegionAlign);

    // ---- commands ----
    auto& cmds = prog.commands;
    // The drain of a pass's ofmap is held back: the controller decodes in order, so a fill
    // listed after a drain that waits for its pass could not start before that pass ends. It is
    // listed after the next pass when that pass writes elsewhere (its pass has then ended, so it
    // need not wait: after_run clear), else before it, or before a fill that waits for the pass.
    std::optional<Command> held_drain;
    auto release_drain = [&](bool after_run) {
        if (held_drain) {
            held_drain->f[0] |= uint32_t(after_run) << kDrainAfterRunBit;
            cmds.push_back(*held_drain);
        }
        held_drain.reset();
    };
    int64_t last_passes = 0;
    // after_run: the fill overwrites data the last pass before it reads, so it must wait for
    // that pass (docs/commands.md, "Ordering"); otherwise it runs while the pass does.
    auto fill = [&](DataType type, uint64_t dram, int64_t glb, int64_t count0, int64_t count1,
                    uint64_t stride1, int64_t count2, uint64_t stride2, bool after_run) {
        Command c;
        c.f[0] = op_word(Opcode::Fill, type) | uint32_t(after_run) << kFillAfterRunBit;
        c.f[1] = uint32_t(dram);
        c.f[2] = uint32_t(glb);
        c.f[3] = uint32_t(count0);
        c.f[4] = uint32_t(count1);
        c.f[5] = uint32_t(stride1);
        c.f[6] = uint32_t(count2);
        c.f[7] = uint32_t(stride2);
        if (after_run) release_drain(true);
        cmds.push_back(c);
        ++prog.fills;
    };
    const uint64_t in_row = uint64_t(prog.in_pitch_words) * 8, out_row = uint64_t(prog.out_pitch_words) * 8;
    // What each ifmap / filter region holds, and which region the last pass emitted reads.
    using TileKey = std::tuple<int, int, int, int>;
    const int nbuf = gp.double_buffered ? 2 : 1;
    const int64_t ifmap_region[2] = {gp.ifmap, gp.ifmap_alt};
    const std::vector<int64_t>& filter_region = gp.filter_regions;
    const bool filter_per_chunk = filter_region.size() > 2;  // region = channel chunk index
    TileKey tile_in[2] = {{-1, -1, -1, -1}, {-1, -1, -1, -1}};
    std::vector<int> filter_in(filter_region.size(), -1);
    int pass_ifmap = -1, pass_filter = -1;  // regions of the last pass emitted (-1: none yet)
    bool pass_bias = false;                 // it reads the bias region
    int loaded_bias = -1;
    // Region for new data: the one the last pass does not read (if there are two).
    auto pick = [&](int last) { return nbuf == 2 && last == 0 ? 1 : 0; };
    size_t fblock_base = 0;
    size_t bblock = 0;
    for (int g = 0; g < G; ++g) {
        for (int m0 = 0; m0 < Mg; m0 += pt) {
            const int mm = std::min(pt, Mg - m0);
            const int pp = int(ceil_div(mm, m.t)), tt = int(ceil_div(mm, pp));
            for (int b0 = 0; b0 < L.N; b0 += m.n) {
                const int nn = std::min(m.n, L.N - b0);
                for (int e0 = 0; e0 < E; e0 += m.e) {
                    const int ee = std::min(m.e, E - e0);
                    int cidx = 0;
                    for (int c0 = 0; c0 < Cg; c0 += qr, ++cidx) {
                        const auto& fb = prog.filter_blocks[fblock_base + cidx];
                        const bool first = c0 == 0, last = c0 + qr >= Cg;
                        // Ifmap tile: the unpadded rows the pass touches.
                        const int y_lo = e0 * L.stride_v - L.pad_top;
                        const int y_hi = y_lo + (ee - 1) * L.stride_v + L.R;
                        const int ty0 = std::max(0, y_lo), ty1 = std::min(L.H, y_hi);
                        const int tile_rows = std::max(0, ty1 - ty0);
                        const TileKey tile_key{g, b0, e0, c0};
                        int ireg = tile_in[0] == tile_key ? 0 : tile_in[1] == tile_key ? 1 : -1;
                        if (ireg < 0) {
                            ireg = pick(pass_ifmap);
                            if (tile_rows > 0)
                                fill(DataType::Ifmap,
                                     prog.ifmap_base + ((uint64_t(b0) * L.C + uint64_t(g) * Cg + c0) * L.H + ty0) * in_row,
                                     ifmap_region[ireg], int64_t(tile_rows) * prog.in_pitch_words, fb.cc,
                                     uint64_t(L.H) * in_row, nn, uint64_t(L.C) * L.H * in_row,
                                     ireg == pass_ifmap);
                            tile_in[ireg] = tile_key;
                        }
                        const int fkey = int(fblock_base) + cidx;
                        int freg = -1;
                        for (size_t i = 0; i < filter_in.size(); ++i)
                            if (filter_in[i] == fkey) freg = int(i);
                        if (freg < 0) {
                            freg = filter_per_chunk ? cidx : pick(pass_filter);
                            fill(DataType::Filter, fb.addr, filter_region[freg], fb.words, 1, 0, 1, 0,
                                 freg == pass_filter);
                            filter_in[freg] = fkey;
                        }
                        if (opt.bias && first && loaded_bias != int(bblock)) {
                            const auto& bb = prog.bias_blocks[bblock];
                            fill(DataType::Bias, bb.addr, gp.bias, bb.words, 1, 0, 1, 0, pass_bias);
                            loaded_bias = int(bblock);
                        }
                        pass_ifmap = ireg;
                        pass_filter = freg;
                        pass_bias = opt.bias && first;
                        Command c;
                        // A pass that writes where a drain may still read waits for it.
                        const bool after_drain = last || !gp.ofmap_separate;
                        c.f[0] = op_word(Opcode::Pass, DataType::Command) |
                                 uint32_t(after_drain) << kPassAfterDrainBit;
                        c.f[1] = uint32_t(L.R) | uint32_t(L.S) << 8 | uint32_t(L.stride_h) << 16 |
                                 uint32_t(L.stride_v) << 24;
                        c.f[2] = uint32_t(L.pad_top) | uint32_t(L.pad_left) << 8 |
                                 uint32_t(fb.r) << 16 | uint32_t(pp) << 24;
                        const uint32_t flags = uint32_t(!first) | uint32_t(opt.bias && first) << 1 |
                                               uint32_t(last) << 2 | uint32_t(opt.relu) << 3;
                        c.f[3] = uint32_t(fb.q) | uint32_t(tt) << 8 | uint32_t(ee) << 16 | flags << 24;
                        c.f[4] = uint32_t(nn) | uint32_t(F) << 16;
                        c.f[5] = uint32_t(L.H) | uint32_t(L.W) << 16;
                        c.f[6] = uint32_t(e0 * L.stride_v) | uint32_t(ty0) << 16;
                        c.f[7] = uint32_t(std::max(tile_rows, 1)) |
                                 uint32_t(prog.in_pitch_words * epw) << 16;
                        c.f[8] = uint32_t(fb.cc) | uint32_t(mm) << 16;
                        c.f[9] = uint32_t(ifmap_region[ireg]);
                        c.f[10] = uint32_t(filter_region[freg]);
                        c.f[11] = uint32_t(gp.psum);
                        c.f[12] = uint32_t(gp.bias);
                        c.f[13] = uint32_t(opt.shift);
                        const int64_t out = !last ? gp.psum
                                            : gp.ofmap_ping_pong && last_passes % 2 ? gp.psum
                                                                                    : gp.ofmap;
                        c.f[14] = uint32_t(out);
                        if (e0 * L.stride_v > 65535) fail("padded ifmap row index exceeds 16 bits");
                        if (held_drain && int64_t(held_drain->f[2]) == out) release_drain(true);
                        cmds.push_back(c);
                        release_drain(false);
                        ++prog.passes;
                        last_passes += last;
                        if (last) {
                            Command d;
                            d.f[0] = op_word(Opcode::Drain, DataType::Ofmap);
                            d.f[1] = uint32_t(prog.ofmap_base +
                                              ((uint64_t(b0) * L.M + uint64_t(g) * Mg + m0) * E + e0) * out_row);
                            d.f[2] = uint32_t(out);
                            d.f[3] = uint32_t(nn);
                            d.f[4] = uint32_t(mm);
                            d.f[5] = uint32_t(ee);
                            d.f[6] = uint32_t(F);
                            d.f[7] = uint32_t(pp);
                            d.f[8] = uint32_t(ee * tt);
                            d.f[9] = uint32_t(uint64_t(L.M) * E * out_row);
                            d.f[10] = uint32_t(uint64_t(E) * out_row);
                            d.f[11] = uint32_t(prog.out_pitch_words);
                            held_drain = d;
                            ++prog.drains;
                        }
                    }
                }
            }
            fblock_base += size_t(ceil_div(Cg, qr));
            if (opt.bias) ++bblock;
        }
    }
    release_drain(true);
    cmds.push_back(Command{});  // OpEnd
    prog.dram_bytes = align_up(prog.cmd_base + 8 + cmds.size() * kCmdWords * 8, kRegionAlign);
    if (prog.dram_bytes > (uint64_t{1} << 32))
        fail(fmt::format("the DRAM image needs {} bytes, more than the 32-bit address space",
                         prog.dram_bytes));
    return prog;
}

std::vector<DramRegion> LayerProgram::regions() const {
    std::vector<DramRegion> r = {
        {DataType::Ifmap, ifmap_base, filter_base - ifmap_base},
        {DataType::Filter, filter_base, bias_base - filter_base},
        {DataType::Ofmap, ofmap_base, cmd_base - ofmap_base},
        {DataType::Command, cmd_base, dram_bytes - cmd_base}};
    if (ofmap_base > bias_base) r.push_back({DataType::Bias, bias_base, ofmap_base - bias_base});
    r.erase(std::remove_if(r.begin(), r.end(), [](const DramRegion& x) { return x.bytes == 0; }),
            r.end());
    return r;
}

std::vector<uint64_t> LayerProgram::command_words() const {
    std::vector<uint64_t> w{uint64_t(commands.size())};
    for (const auto& c : commands)
        for (int i = 0; i < kCmdWords; ++i) w.push_back(uint64_t(c.f[2 * i]) | uint64_t(c.f[2 * i + 1]) << 32);
    return w;
}

void LayerProgram::load(Dram& dram, const golden::ActTensor& x, const golden::ActTensor& w,
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
        throw std::invalid_argument(
            fmt::format("layer {}: bias has {} entries, expected M = {}", L.name, bias.size(), L.M));
    for (const auto& r : regions()) dram.add_region(r.type, r.base, r.bytes);

    std::vector<uint8_t> bytes;
    for (int b = 0; b < L.N; ++b)
        for (int c = 0; c < L.C; ++c)
            for (int y = 0; y < L.H; ++y) {
                for (int xx = 0; xx < L.W; ++xx) put(bytes, x(b, c, y, xx), db);
                pad_to_word(bytes);
            }
    dram.write_bytes(ifmap_base, bytes);

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
        dram.write_bytes(fb.addr, bytes);
    }
    for (const auto& bb : bias_blocks) {
        bytes.clear();
        for (int k = 0; k < bb.mm; ++k) put(bytes, bias[size_t(bb.g * Mg + bb.m0 + k)], hw.psum_container_bytes());
        pad_to_word(bytes);
        dram.write_bytes(bb.addr, bytes);
    }
    bytes.clear();
    for (uint64_t word : command_words()) put(bytes, int64_t(word), 8);
    dram.write_bytes(cmd_base, bytes);
}

golden::ActTensor LayerProgram::read_ofmap(const Dram& dram) const {
    const auto& L = layer;
    const int db = hw.data_bytes(), E = L.E(), F = L.F();
    const auto bytes = dram.read_bytes(ofmap_base, size_t(L.N) * L.M * E * out_pitch_words * 8);
    golden::ActTensor y(L.N, L.M, E, F);
    size_t row = 0;
    for (int b = 0; b < L.N; ++b)
        for (int mm = 0; mm < L.M; ++mm)
            for (int e = 0; e < E; ++e, ++row)
                for (int f = 0; f < F; ++f)
                    y(b, mm, e, f) = int32_t(get(bytes, row * out_pitch_words * 8 + size_t(f) * db, db));
    return y;
}

nlohmann::json LayerProgram::to_json() const {
    return {{"commands", commands.size()},
            {"passes", passes},
            {"fills", fills},
            {"drains", drains},
            {"dram_image_bytes", dram_bytes},
            {"glb_plan",
             {{"ifmap_words", glb.ifmap_words}, {"filter_words", glb.filter_words},
              {"bias_words", glb.bias_words}, {"psum_words", glb.psum_words},
              {"total_words", glb.total_words}, {"capacity_words", glb.capacity_words},
              {"bank_aligned", glb.bank_aligned}, {"double_buffered", glb.double_buffered},
              {"ofmap_words", glb.ofmap_words}, {"ofmap_separate", glb.ofmap_separate},
              {"ofmap_ping_pong", glb.ofmap_ping_pong},
              {"filter_regions", glb.filter_regions.size()},
              {"filters_resident", glb.filters_resident}}}};
}

}  // namespace sim
