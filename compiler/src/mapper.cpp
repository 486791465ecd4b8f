// SPDX-License-Identifier: Apache-2.0
// Row-stationary mapper: constraints, cost model and search of compiler/mapper.hpp.
#include "compiler/mapper.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>

#include "int_math.hpp"

namespace compiler {
namespace {

using detail::ceil_div;
using detail::kSat;
using detail::smul;

// Field limits of the PE configuration word and the network IDs (rsacc/contract.hpp): counts
// such as U*q, 16-bit dimensions (F, rows per job), ifmap row words; IDs, all ones meaning none.
constexpr int64_t kPeCntMax = (int64_t{1} << contract::kPeCntW) - 1;
constexpr int64_t kDimMax = (int64_t{1} << contract::kDimW) - 1;
constexpr int64_t kRowWordMax = (int64_t{1} << contract::kRowWordW) - 1;
constexpr int64_t kIdMax = (int64_t{1} << contract::kIdW) - 1;

// Layer and array constants, widened to int64.
struct Problem {
    std::string name;
    int64_t N, G, Mg, Cg, H, W, E, F, R, S, sv, sh, Wp, macs;
    int64_t rows, cols, filter_words, ifmap_words, psum_words, glb, db;
    int64_t epw, ppw;    // data elements and psum containers per 64-bit buffer word
    double dram_bw;      // bytes per cycle
    int64_t mac_cycles;  // cycles per MAC (HwConfig::mac_cycles)
    int64_t sc_length;   // stochastic MAC: stream length L; 0: exact MAC
    bool stochastic() const { return sc_length > 0; }
    BufferPlanner planner;

    Problem(const golden::LayerShape& L, const HwConfig& c)
        : name(L.name),
          N(L.N),
          G(L.groups),
          Mg(L.M_per_group()),
          Cg(L.C_per_group()),
          H(L.H),
          W(L.W),
          E(L.E()),
          F(L.F()),
          R(L.R),
          S(L.S),
          sv(L.stride_v),
          sh(L.stride_h),
          Wp(L.W_padded()),
          macs(L.macs()),
          rows(c.rows),
          cols(c.cols),
          filter_words(c.filter_words),
          ifmap_words(c.ifmap_words),
          psum_words(c.psum_words),
          glb(c.glb_bytes),
          db(c.data_bytes()),
          epw(contract::kBeatBytes / c.data_bytes()),
          ppw(contract::kBeatBytes / c.psum_container_bytes()),
          dram_bw(c.dram_bytes_per_cycle),
          mac_cycles(c.mac_cycles()),
          sc_length(c.stochastic() ? c.sc.length : 0),
          planner(L, c) {}

    int64_t pe_row_words() const { return (F - 1) * sh + S; }  // PE job's W (ifmap row length)
    // The buffer plan of a pass (the command compiler's, compiler/buffer_plan.hpp), without the
    // region addresses.
    GlbPlan plan(int64_t n, int64_t e, int64_t p, int64_t q, int64_t r, int64_t t,
                 LoopOrder order = LoopOrder::FiltersOuter) const {
        return planner.plan(PassShape{n, e, p, q, r, t}, false, order == LoopOrder::TilesOuter);
    }
};

// Filter network transfers of a pass (= its filter buffer words): every PE's p*q*S weights
// travel as whole 64-bit words, its block padded to a word (docs/architecture.md).
int64_t filter_transfers(const Problem& P, int64_t p, int64_t q, int64_t r, int64_t t) {
    return smul(t, P.R * r, ceil_div(smul(p, q, P.S), P.epw));
}

// One dimension split into chunks: up to two sizes (full chunks, then the remainder).
struct Chunks {
    int n = 0;
    std::array<int64_t, 2> size{}, count{};
    Chunks(int64_t total, int64_t chunk) {
        if (total / chunk) size[n] = chunk, count[n++] = total / chunk;
        if (total % chunk) size[n] = total % chunk, count[n++] = 1;
    }
};

struct Cost {
    int64_t cycles = 0, load = 0, compute = 0, ifmap = 0, psum_in = 0, psum_out = 0, dram = 0;
    int64_t b_compute = 0, b_ifmap = 0, b_psum = 0;
    int64_t psum_out_last = 0;   // psum_out of the chunks' last channel passes
    int64_t psum_out_first = 0;  // psum_out of the chunks' first channel passes
    // The model's own DRAM stream (fills and drains as costed above; the screen of the search).
    int64_t stream_ifmap = 0, stream_filter = 0, stream_ofmap = 0;
};

// The cost model of mapper.hpp, summed over all passes, for the pass with buffer plan `plan`.
// Detail = also the term totals.
template <bool Detail>
Cost layer_cost(const Problem& P, const GlbPlan& plan, int64_t n, int64_t e, int64_t p, int64_t q,
                int64_t r, int64_t t, LoopOrder order = LoopOrder::FiltersOuter) {
    const Chunks fc(P.Mg, p * t), ec(P.E, e), nc(P.N, n);
    // Channels: the first channel pass has no incoming psums, so it is a class of its own.
    struct ChannelClass {
        int64_t size, count;
        bool first;
    };
    std::array<ChannelClass, 3> cc{};
    int ncc = 0;
    const int64_t cpass = ceil_div(P.Cg, q * r);
    cc[ncc++] = {std::min(q * r, P.Cg), 1, true};
    if (cpass > 1) {
        const int64_t rem = P.Cg % (q * r);
        const int64_t middle = cpass - 1 - (rem ? 1 : 0);
        if (middle) cc[ncc++] = {q * r, middle, false};
        if (rem) cc[ncc++] = {rem, 1, false};
    }
    // The buffer plan decides what overlaps: double buffered, the fills of a pass run during
    // the one before; with an ofmap region of its own, drains run during the next passes; with
    // resident filters, a filter chunk's blocks are loaded once for all its image and row chunks.
    const bool dbuf = plan.double_buffered, ofmap_separate = plan.ofmap_separate;
    const bool resident = plan.filters_resident;
    const auto dram_time = [&](int64_t bytes) {
        return int64_t(std::ceil(double(bytes) / P.dram_bw));
    };
    const int64_t in_row = ceil_div(P.W, P.epw) * 8, out_row = ceil_div(P.F, P.epw) * 8;
    Cost c;
    for (int fi = 0; fi < fc.n; ++fi) {
        const int64_t mp = fc.size[fi], pp = ceil_div(mp, t);
        for (int ei = 0; ei < ec.n; ++ei) {
            const int64_t ep = ec.size[ei];
            const int64_t rows_in = (ep - 1) * P.sv + P.R;
            for (int ni = 0; ni < nc.n; ++ni) {
                const int64_t np = nc.size[ni];
                const int64_t cnt = fc.count[fi] * ec.count[ei] * nc.count[ni] * P.G;
                // One (filter, row, image) chunk: its channel passes, then its drain.
                // fills: with the filter blocks; fills_nf: ifmap tiles only (filters resident).
                // fills_nt: filter blocks only (TilesOuter: the tiles stay).
                int64_t work = 0, fills = 0, fills_nf = 0, fills_nt = 0, first_fill = 0;
                int64_t tile_bytes = 0, load_bytes = 0;  // summed over the channel passes
                for (int ci = 0; ci < ncc; ++ci) {
                    const int64_t cp = cc[ci].size, qp = ceil_div(cp, r), k = cc[ci].count;
                    const int64_t load =
                        filter_transfers(P, pp, qp, ceil_div(cp, qp), ceil_div(mp, pp));
                    const int64_t compute = np * P.F * pp * qp * P.S * P.mac_cycles;
                    const int64_t ifmap = np * cp * rows_in * P.Wp;
                    // Two 32-bit psums per transfer (64-bit psum paths), both from one slot: each
                    // of the t'*e' slots sends ceil(p'/2) transfers per image and column.
                    const int64_t psum_out = np * ep * P.F * ceil_div(mp, pp) * ceil_div(pp, P.ppw);
                    const int64_t psum_in = cc[ci].first ? 0 : psum_out;
                    const int64_t busy = std::max({compute, ifmap, psum_in, psum_out});
                    const int64_t tile = np * cp * std::min(P.H, rows_in) * in_row;
                    const int64_t fill = dram_time(tile + load * 8);
                    if (cc[ci].first) first_fill = fill;
                    work += k * (load + busy);
                    fills += k * fill;
                    fills_nf += k * dram_time(tile);
                    fills_nt += k * dram_time(load * 8);
                    if constexpr (Detail) {
                        tile_bytes += k * tile;
                        load_bytes += k * load * 8;
                        if (ci == ncc - 1) c.psum_out_last += cnt * psum_out;
                        if (cc[ci].first) c.psum_out_first += cnt * psum_out;
                        c.load += cnt * k * load;
                        c.compute += cnt * k * compute;
                        c.ifmap += cnt * k * ifmap;
                        c.psum_in += cnt * k * psum_in;
                        c.psum_out += cnt * k * psum_out;
                        (busy == compute ? c.b_compute
                         : busy == ifmap ? c.b_ifmap
                                         : c.b_psum) += cnt * k * busy;
                    }
                }
                // The drain DMA gathers one element per cycle (rows padded to whole words).
                const int64_t drain =
                    std::max(dram_time(np * mp * ep * out_row), np * mp * ep * out_row / P.db);
                const auto chunk_time = [&](int64_t f) {
                    return !dbuf            ? work + f + drain
                           : ofmap_separate ? std::max(work, f + drain)
                                            : std::max(work, f) + drain;
                };
                // FiltersOuter: every chunk loads its ifmap tiles; filters all, or with resident
                // filters only the first image and row chunk of each filter chunk.
                // TilesOuter: every chunk loads its filters; the tiles only the first filter
                // chunk of each image and row chunk.
                // (TilesOuter with one filter chunk: its resident blocks stay as well.)
                const bool tiles_outer = order == LoopOrder::TilesOuter;
                const bool filters_stay = resident && (!tiles_outer || fc.count[0] + fc.n == 2);
                const int64_t loading_f = !filters_stay        ? cnt
                                          : ei == 0 && ni == 0 ? fc.count[fi] * P.G
                                                               : 0;
                const int64_t loading_i = !tiles_outer ? cnt
                                          : fi == 0    ? ec.count[ei] * nc.count[ni] * P.G
                                                       : 0;
                int64_t time =
                    tiles_outer
                        ? loading_i * chunk_time(fills) + (cnt - loading_i) * chunk_time(fills_nt)
                        : loading_f * chunk_time(fills) + (cnt - loading_f) * chunk_time(fills_nf);
                // Not hidden: with double buffering the layer's first fill, with an ofmap region
                // as well its last drain.
                if (dbuf && fi == 0 && ei == 0 && ni == 0) time += first_fill;
                if (dbuf && ofmap_separate && fi == fc.n - 1 && ei == ec.n - 1 && ni == nc.n - 1)
                    time += drain;
                c.cycles += time;
                if constexpr (Detail) {
                    c.dram += time - cnt * work;
                    c.stream_ifmap += loading_i * tile_bytes;
                    c.stream_filter += loading_f * load_bytes;
                    c.stream_ofmap += cnt * np * mp * ep * out_row;
                }
            }
        }
    }
    return c;
}

// The access counts of mapper.hpp ("Energy"), in the performance counters' units, from the cost
// terms `c` and the DRAM traffic `d` (with a bias per filter when `bias`).
std::array<uint64_t, contract::kNumPerf> estimate_counters(const Problem& P, const Cost& c,
                                                           const DramTraffic& d, bool bias) {
    using namespace contract;
    std::array<uint64_t, kNumPerf> k{};
    const auto beats = [](int64_t bytes) { return uint64_t(bytes / kBeatBytes); };
    for (int t = 0; t < kNumDataTypes; ++t) {
        k[size_t(kPerfDramRead + t)] = beats(d.read[size_t(t)]);
        k[size_t(kPerfDramWrite + t)] = beats(d.write[size_t(t)]);
    }
    const auto at = [](int first, DataType t) { return size_t(first + int(t)); };
    for (DataType t : {DataType::Ifmap, DataType::Filter, DataType::Bias})
        k[at(kPerfGlbWrite, t)] = beats(d.read[size_t(t)]);
    const uint64_t drained = beats(d.write[size_t(DataType::Ofmap)]);  // words
    k[at(kPerfGlbWrite, DataType::Psum)] = uint64_t(c.psum_out - c.psum_out_last);
    k[at(kPerfGlbWrite, DataType::Ofmap)] = drained;
    k[at(kPerfGlbRead, DataType::Ifmap)] = uint64_t(c.ifmap);
    k[at(kPerfGlbRead, DataType::Filter)] = uint64_t(c.load);
    k[at(kPerfGlbRead, DataType::Psum)] = uint64_t(c.psum_in);
    k[at(kPerfGlbRead, DataType::Ofmap)] = uint64_t(P.N * P.G * P.Mg * P.E * P.F);
    k[kPerfNocFilter] = uint64_t(c.load * P.epw);
    k[kPerfNocIfmap] = uint64_t(c.ifmap);
    k[kPerfNocPsum] = uint64_t((c.psum_in + (bias ? c.psum_out_first : 0)) * P.ppw);
    k[kPerfArrayOut] = uint64_t(c.psum_out * P.ppw);
    k[kPerfMac] = uint64_t(P.macs);
    // A stochastic product compares L lanes in all (max(1, L/lanes) cycles of min(lanes, L)).
    k[kPerfScLaneCycles] = uint64_t(P.macs * P.sc_length);
    for (int i : {kPerfFilterSpadRead, kPerfIfmapSpadRead, kPerfPsumSpadRead, kPerfPsumSpadWrite})
        k[size_t(i)] = uint64_t(P.macs);
    k[kPerfFilterSpadWrite] = k[kPerfNocFilter];
    k[kPerfIfmapSpadWrite] = uint64_t(c.ifmap);
    return k;
}

// The model's own DRAM stream of `c` as traffic (the search's screen): fills and drains only.
DramTraffic stream_traffic(const Cost& c) {
    DramTraffic d;
    d.read[size_t(contract::DataType::Ifmap)] = c.stream_ifmap;
    d.read[size_t(contract::DataType::Filter)] = c.stream_filter;
    d.write[size_t(contract::DataType::Ofmap)] = c.stream_ofmap;
    return d;
}

// Lower bound of layer_cost: total load + max(total psum_out, total ifmap, MACs / active PEs).
// Load counts `load_rpass` row passes; the ifmap total (exact for a given number of row passes:
// E*stride_v + rpass*(R - stride_v) ifmap rows per image, channel and filter pass) counts
// `ifmap_rpass`. For a bound over a range of row passes, pass its smallest count as load_rpass
// and, as ifmap_rpass, the smallest count if R >= stride_v, else the largest (E).
int64_t cost_lower_bound(const Problem& P, int64_t load_rpass, int64_t ifmap_rpass, int64_t ipass,
                         int64_t cpass, int64_t fpass, int64_t active) {
    const int64_t load = ceil_div(smul(P.G, P.Mg, P.Cg, P.R * P.S, load_rpass, ipass), P.epw);
    const int64_t psum = ceil_div(smul(P.G, P.N, P.Mg, P.E, P.F, cpass), P.ppw);
    const int64_t ifmap =
        smul(P.G, fpass, P.N, P.Cg, P.Wp, P.E * P.sv + ifmap_rpass * (P.R - P.sv));
    return std::min(kSat, load + std::max({psum, ifmap, ceil_div(P.macs, active)}));
}

// "" if n e p q r t satisfies every constraint, else what is violated (one line, no layer name).
std::string violation(const Problem& P, int64_t n, int64_t e, int64_t p, int64_t q, int64_t r,
                      int64_t t) {
    if (P.R > P.rows) return fmt::format("filter height R={} exceeds array rows {}", P.R, P.rows);
    const std::pair<const char*, int64_t> params[] = {{"n", n}, {"e", e}, {"p", p},
                                                      {"q", q}, {"r", r}, {"t", t}};
    for (auto [name, v] : params)
        if (v < 1) return fmt::format("{}={} must be >= 1", name, v);
    if (n > P.N) return fmt::format("n={} exceeds the batch N={}", n, P.N);
    if (e > P.E) return fmt::format("e={} exceeds the ofmap height E={}", e, P.E);
    if (p > P.Mg) return fmt::format("p={} exceeds the filters per group M/G={}", p, P.Mg);
    if (q > P.Cg) return fmt::format("q={} exceeds the channels per group C/G={}", q, P.Cg);
    if (p * (t - 1) >= P.Mg)
        return fmt::format("t={} leaves a filter group empty: p*(t-1)={} >= M/G={}", t, p * (t - 1),
                           P.Mg);
    if (q * (r - 1) >= P.Cg)
        return fmt::format("r={} leaves a channel group empty: q*(r-1)={} >= C/G={}", r,
                           q * (r - 1), P.Cg);
    if (P.R * r > P.rows)
        return fmt::format("R*r={} exceeds array rows {} (R={}, r={})", P.R * r, P.rows, P.R, r);
    const int64_t bands = P.rows / (P.R * r), slots = bands * P.cols;
    if (e * t > slots)
        return fmt::format(
            "e*t={} exceeds the slots ({} band(s) of height R*r={} x {} columns = {})", e * t,
            bands, P.R * r, P.cols, slots);
    if (q * P.S > P.ifmap_words)
        return q == 1 ? fmt::format("filter width S={} exceeds ifmap scratchpad ({} words)", P.S,
                                    P.ifmap_words)
                      : fmt::format("q*S={} exceeds ifmap scratchpad ({} words)", q * P.S,
                                    P.ifmap_words);
    // Weights arrive as whole 64-bit words, so a PE's block is padded to one (filter_transfers).
    const int64_t padded = ceil_div(p * q * P.S, P.epw) * P.epw;
    if (padded > P.filter_words) {
        const std::string pad =
            padded == p * q * P.S ? "" : fmt::format(", {} padded to whole 64-bit words", padded);
        return p * q == 1 ? fmt::format("filter width S={}{} exceeds filter scratchpad ({} words)",
                                        P.S, pad, P.filter_words)
                          : fmt::format("p*q*S={}{} exceeds filter scratchpad ({} words)",
                                        p * q * P.S, pad, P.filter_words);
    }
    if (p > P.psum_words)
        return fmt::format("p={} exceeds psum scratchpad ({} words)", p, P.psum_words);
    // Fields of the PE configuration word (sim/pe_job.hpp).
    if (P.sh * q > kPeCntMax)
        return q == 1 ? fmt::format("horizontal stride {} exceeds the PE limit {}", P.sh, kPeCntMax)
                      : fmt::format("stride_h*q={} exceeds the PE limit {}", P.sh * q, kPeCntMax);
    if (P.F > kDimMax) return fmt::format("ofmap width F={} exceeds the PE limit {}", P.F, kDimMax);
    if (n > kDimMax) return fmt::format("n={} exceeds the PE limit of {} rows per job", n, kDimMax);
    if (smul(P.pe_row_words(), q) > kRowWordMax)
        return fmt::format("ifmap row of {} words ((F-1)*stride_h+S)*q exceeds the PE limit 2^{}-1",
                           smul(P.pe_row_words(), q), contract::kRowWordW);
    // Network IDs are kIdW bits, all ones meaning "none" (docs/architecture.md).
    if ((e - 1) * P.sv + P.R > kIdMax)
        return fmt::format(
            "the pass's ifmap rows (e-1)*stride_v+R={} exceed the {}-bit ifmap IDs ({})",
            (e - 1) * P.sv + P.R, contract::kIdW, kIdMax);
    if (e * t > kIdMax)
        return fmt::format("e*t={} slots exceed the {}-bit psum IDs ({})", e * t, contract::kIdW,
                           kIdMax);
    if (P.R * r > kIdMax)
        return fmt::format("slot height R*r={} exceeds the {}-bit filter IDs", P.R * r,
                           contract::kIdW);
    const GlbPlan g = P.plan(n, e, p, q, r, t);
    if (!g.fits()) {
        const bool smallest = n == 1 && e == 1 && p == 1 && q == 1 && r == 1 && t == 1;
        return fmt::format(
            "{} needs {} bytes of global buffer (ifmap rows {}, filters {}, "
            "biases {}, psums {}), more than its {} bytes",
            smallest ? "even the smallest pass (n=e=p=q=r=t=1)" : "the pass",
            GlbPlan::bytes(g.total_words), GlbPlan::bytes(g.ifmap_words),
            GlbPlan::bytes(g.filter_words), GlbPlan::bytes(g.bias_words),
            GlbPlan::bytes(g.psum_words), P.glb);
    }
    return "";
}

// Objective: cycles, then more active PEs, fewer GLB psum words, fewer GLB bytes, smallest params.
struct Candidate {
    int64_t cycles = 0, active = 0, psum_words = 0, glb = 0;
    std::array<int64_t, 7> params{};  // n e p q r t, int(LoopOrder)
    auto key() const { return std::tie(cycles, active, psum_words, glb, params); }
    bool better_than(const Candidate& o) const {
        if (cycles != o.cycles) return cycles < o.cycles;
        if (active != o.active) return active > o.active;
        if (psum_words != o.psum_words) return psum_words < o.psum_words;
        if (glb != o.glb) return glb < o.glb;
        return params < o.params;
    }
};

// Distinct values ceil(total/k), k = 1..total, largest first, with the range of chunk sizes
// [lo, hi] that give the same number of chunks k.
template <class Fn>
void for_each_chunk_count(int64_t total, Fn&& fn) {
    int64_t k = 1;
    while (k <= total) {
        const int64_t lo = ceil_div(total, k);
        const int64_t kk = ceil_div(total, lo);  // chunks actually made with size lo (<= k)
        const int64_t hi = kk == 1 ? total : (total - 1) / (kk - 1);
        if (!fn(lo, hi, kk)) return;
        if (lo == 1) return;
        // Next distinct lo: the smallest k with ceil(total/k) < lo.
        k = ceil_div(total, lo - 1);
    }
}

}  // namespace

const char* to_string(Objective o) {
    switch (o) {
        case Objective::Cycles: return "cycles";
        case Objective::Dram: return "dram";
        case Objective::Energy: return "energy";
        case Objective::Edp: return "edp";
    }
    return "?";
}

Objective parse_objective(const std::string& name) {
    for (int i = 0; i < kNumObjectives; ++i)
        if (name == to_string(Objective(i))) return Objective(i);
    throw std::invalid_argument(fmt::format(
        "objective '{}' is not one of cycles, dram, energy, edp", golden::printable(name)));
}

const char* to_string(LoopOrder o) {
    return o == LoopOrder::TilesOuter ? "tiles_outer" : "filters_outer";
}

double Mapping::objective_value(Objective o) const {
    switch (o) {
        case Objective::Cycles: return double(cycles);
        case Objective::Dram: return double(dram.total());
        case Objective::Energy: return energy;
        case Objective::Edp: return edp();
    }
    return 0;
}

const char* Mapping::bottleneck() const {
    const std::pair<const char*, int64_t> parts[] = {{"compute", bound_compute},
                                                     {"ifmap", bound_ifmap},
                                                     {"psum", bound_psum},
                                                     {"load", load_cycles},
                                                     {"dram", dram_cycles}};
    return std::max_element(std::begin(parts), std::end(parts),
                            [](auto a, auto b) { return a.second < b.second; })
        ->first;
}

std::string Mapping::to_string() const {
    return fmt::format(
        "{}: n={} e={} p={} q={} r={} t={} (m={}) active {}/{} PEs, slots {}/{}, passes {} "
        "({} group x {} filter x {} channel x {} row x {} image), GLB {} B, cycles {} "
        "(ideal {}, {:.1f} % of peak, {}-bound), DRAM {} B, energy {:.4g}{}",
        layer, n, e, p, q, r, t, m(), active_pes, array_pes, slots_used, slots, passes, groups,
        filter_passes, channel_passes, row_passes, image_passes, glb_bytes_used, cycles,
        ideal_cycles, 100 * utilization(), bottleneck(), dram.total(), energy,
        order == LoopOrder::TilesOuter ? ", loop order tiles_outer" : "");
}

nlohmann::json Mapping::to_json() const {
    // clang-format off
    return {
        {"layer", layer},
        {"n", n}, {"e", e}, {"p", p}, {"q", q}, {"r", r}, {"t", t}, {"m", m()},
        {"loop_order", compiler::to_string(order)},
        {"bands", bands}, {"slots", slots}, {"slots_used", slots_used},
        {"active_pes", active_pes}, {"array_pes", array_pes},
        {"groups", groups}, {"passes", passes}, {"filter_passes", filter_passes},
        {"channel_passes", channel_passes}, {"row_passes", row_passes},
        {"image_passes", image_passes},
        {"glb_bytes_used", glb_bytes_used}, {"glb_ifmap_bytes", glb_ifmap_bytes},
        {"glb_filter_bytes", glb_filter_bytes}, {"glb_psum_bytes", glb_psum_bytes},
        {"glb_bias_bytes", glb_bias_bytes},
        {"glb_psum_words", glb_psum_words},
        {"cycles", cycles}, {"ideal_cycles", ideal_cycles}, {"macs", macs},
        {"utilization", utilization()}, {"bottleneck", bottleneck()},
        {"load_cycles", load_cycles}, {"dram_cycles", dram_cycles}, {"compute_cycles", compute_cycles},
        {"ifmap_words", ifmap_words}, {"psum_in_words", psum_in_words},
        {"psum_out_words", psum_out_words},
        {"bound_compute", bound_compute}, {"bound_ifmap", bound_ifmap}, {"bound_psum", bound_psum},
        {"bias", cost_options.bias}, {"dram_bytes", dram.to_json()},
        {"energy", energy_estimate(counters, cost_options.energy, macs, stochastic_mac)},
        {"edp", edp()}};
    // clang-format on
}

Mapping evaluate_mapping(const golden::LayerShape& L, const HwConfig& cfg, int n, int e, int p,
                         int q, int r, int t, const CostOptions& options, LoopOrder order) {
    L.validate();
    cfg.validate();
    const Problem P(L, cfg);
    if (auto why = violation(P, n, e, p, q, r, t); !why.empty())
        throw std::invalid_argument(fmt::format("layer {}: {}", L.name, why));
    Mapping m;
    m.layer = L.name;
    m.n = n, m.e = e, m.p = p, m.q = q, m.r = r, m.t = t;
    m.order = order;
    m.bands = int(P.rows / (P.R * r));
    m.slots = int(m.bands * P.cols);
    m.slots_used = e * t;
    m.active_pes = int(P.R * r * e * t);
    m.array_pes = cfg.pes();
    m.groups = L.groups;
    m.filter_passes = ceil_div(P.Mg, int64_t{p} * t);
    m.channel_passes = ceil_div(P.Cg, int64_t{q} * r);
    m.row_passes = ceil_div(P.E, e);
    m.image_passes = ceil_div(P.N, n);
    m.passes = P.G * m.filter_passes * m.channel_passes * m.row_passes * m.image_passes;
    const GlbPlan g = P.plan(n, e, p, q, r, t, order);
    if (order == LoopOrder::TilesOuter && !g.ifmap_tiles_stay())
        throw std::invalid_argument(fmt::format(
            "layer {}: loop order tiles_outer needs every channel chunk's ifmap tile in the buffer: "
            "{} channel chunks, room for {} ifmap region(s)",
            L.name, g.channel_chunks, g.ifmap_region_count));
    m.glb_ifmap_bytes = GlbPlan::bytes(g.ifmap_words);
    m.glb_filter_bytes = GlbPlan::bytes(g.filter_words);
    m.glb_psum_bytes = GlbPlan::bytes(g.psum_words);
    m.glb_bias_bytes = GlbPlan::bytes(g.bias_words);
    m.glb_bytes_used = GlbPlan::bytes(g.total_words);
    m.glb_psum_words = g.psum_values;
    const Cost c = layer_cost<true>(P, g, n, e, p, q, r, t, order);
    m.cycles = c.cycles;
    m.load_cycles = c.load;
    m.dram_cycles = c.dram;
    m.compute_cycles = c.compute;
    m.ifmap_words = c.ifmap;
    m.psum_in_words = c.psum_in;
    m.psum_out_words = c.psum_out;
    m.bound_compute = c.b_compute;
    m.bound_ifmap = c.b_ifmap;
    m.bound_psum = c.b_psum;
    m.macs = P.macs;
    m.ideal_cycles = ceil_div(P.macs * P.mac_cycles, cfg.pes());
    m.stochastic_mac = P.stochastic();
    m.cost_options = options;
    if (!options.dram) return m;
    m.dram = schedule_traffic(L, m.shape(), cfg, options.bias, order);
    m.counters = estimate_counters(P, c, m.dram, options.bias);
    m.energy = energy_breakdown(m.counters, options.energy, P.stochastic()).total();
    return m;
}

namespace {

// The largest estimate within `factor` of the cycles optimum `fastest` (CostOptions::cycles_within).
int64_t budget(int64_t fastest, double factor) {
    return int64_t(std::floor(double(fastest) * factor + 1e-9));
}

// The screen of mapper.hpp ("Search"): the kScreened best mappings of each objective but cycles
// by the values the cost model alone gives (its own DRAM stream for the bytes).
struct Screen {
    const Problem& P;
    const CostOptions& options;
    struct Entry {
        double value;
        Candidate c;
    };
    // Per objective, a heap whose top is the worst entry kept.
    std::array<std::vector<Entry>, kNumObjectives> kept;

    static bool better(const Entry& a, const Entry& b) {
        return a.value != b.value ? a.value < b.value : a.c.better_than(b.c);
    }
    int64_t max_cycles = std::numeric_limits<int64_t>::max();  // CostOptions::cycles_within

    void offer(const Candidate& c, const Cost& cost) {
        if (cost.cycles > max_cycles) return;
        const DramTraffic stream = stream_traffic(cost);
        const double energy = energy_breakdown(estimate_counters(P, cost, stream, options.bias),
                                               options.energy, P.stochastic())
                                  .total();
        const double values[kNumObjectives] = {double(cost.cycles), double(stream.total()), energy,
                                               energy * double(cost.cycles)};
        for (int o = 1; o < kNumObjectives; ++o) {
            auto& h = kept[size_t(o)];
            const Entry x{values[o], c};
            if (h.size() == size_t(kScreened) && !better(x, h.front())) continue;
            h.push_back(x);
            std::push_heap(h.begin(), h.end(), better);
            if (h.size() > size_t(kScreened)) {
                std::pop_heap(h.begin(), h.end(), better);
                h.pop_back();
            }
        }
    }
};

// The cycles optimum of layer P (the search of mapper.hpp); with a screen, every mapping is
// offered to it too, and nothing is pruned.
Candidate search(const Problem& P, const golden::LayerShape& L, Screen* screen) {
    // Every constraint only gets harder as any of n e p q r t grows, so a layer has a mapping
    // exactly when the smallest pass fits; otherwise its first violation is the binding limit.
    if (auto why = violation(P, 1, 1, 1, 1, 1, 1); !why.empty())
        throw std::invalid_argument(fmt::format("layer {}: {}", L.name, why));
    const bool prune = screen == nullptr;

    // Channel pieces (q, r), most channels per pass first: good candidates come early and the
    // psum bound then prunes the rest.
    std::vector<std::pair<int64_t, int64_t>> qrs;
    const int64_t q_max =
        std::min({P.Cg, P.ifmap_words / P.S, kPeCntMax / P.sh, kRowWordMax / P.pe_row_words()});
    for (int64_t q = 1; q <= q_max; ++q)
        for (int64_t r = 1; P.R * r <= P.rows && q * (r - 1) < P.Cg; ++r) qrs.emplace_back(q, r);
    std::stable_sort(qrs.begin(), qrs.end(),
                     [](auto a, auto b) { return a.first * a.second > b.first * b.second; });

    Candidate best;
    bool have = false;
    auto candidate = [&](int64_t n, int64_t e, int64_t p, int64_t q, int64_t r, int64_t t,
                         int64_t cycles, const GlbPlan& g, LoopOrder order) {
        Candidate c;
        c.cycles = cycles;
        c.active = P.R * r * e * t;
        c.psum_words = g.psum_values;
        c.glb = GlbPlan::bytes(g.total_words);
        c.params = {n, e, p, q, r, t, int64_t(order)};
        return c;
    };
    // The cycles optimum is searched over the FiltersOuter order only.
    auto consider = [&](int64_t n, int64_t e, int64_t p, int64_t q, int64_t r, int64_t t,
                        int64_t cycles, const GlbPlan& g) {
        const Candidate c = candidate(n, e, p, q, r, t, cycles, g, LoopOrder::FiltersOuter);
        if (!have || c.better_than(best)) best = c, have = true;
        return c;
    };
    for (const auto& qr : qrs) {
        const int64_t q = qr.first, r = qr.second;  // named copies: the lambdas below capture them
        const int64_t cpass = ceil_div(P.Cg, q * r);
        // Bound over everything below: one row pass, one image pass, the full array.
        if (prune && have &&
            cost_lower_bound(P, 1, P.R >= P.sv ? 1 : P.E, 1, cpass, 1, P.rows * P.cols) >
                best.cycles)
            continue;
        const int64_t slots = (P.rows / (P.R * r)) * P.cols;
        // p*q*S, padded to whole words, fits the filter scratchpad (violation()).
        const int64_t p_max =
            std::min({P.psum_words, P.Mg, P.filter_words / P.epw * P.epw / (q * P.S)});
        for (int64_t p = p_max; p >= 1; --p) {
            const int64_t t_max = std::min(slots, ceil_div(P.Mg, p));
            for (int64_t t = t_max; t >= 1; --t) {
                if (!P.plan(1, 1, p, q, r, t).fits()) continue;  // smaller t may fit
                const int64_t fpass = ceil_div(P.Mg, p * t);
                const int64_t e_max = std::min(P.E, slots / t);
                const int64_t rp_min = ceil_div(P.E, e_max);
                // Bound over every e <= e_max and n <= N.
                if (prune && have &&
                    cost_lower_bound(P, rp_min, P.R >= P.sv ? rp_min : P.E, 1, cpass, fpass,
                                     P.R * r * e_max * t) > best.cycles)
                    continue;
                for_each_chunk_count(P.E, [&](int64_t e_lo, int64_t e_hi, int64_t rpass) {
                    if (e_lo > e_max) return true;  // too many slots: try smaller e
                    e_hi = std::min(e_hi, e_max);
                    // Images, then rows: every n and e with the same number of passes. The
                    // pass terms depend only on the counts, but the exposed last drain on the
                    // size of the last chunk (mapper.hpp), so a larger n or e can be cheaper.
                    for_each_chunk_count(P.N, [&](int64_t n_lo, int64_t n_hi, int64_t ipass) {
                        if (n_lo > kDimMax) return true;  // PE job limit: more image passes
                        if (!P.plan(n_lo, e_lo, p, q, r, t).fits())
                            return true;  // a smaller n may fit
                        if (prune && have &&
                            cost_lower_bound(P, rpass, rpass, ipass, cpass, fpass,
                                             P.R * r * e_lo * t) > best.cycles)
                            return true;
                        for (int64_t n = n_lo; n <= std::min<int64_t>(n_hi, kDimMax); ++n)
                            for (int64_t e = e_lo; e <= e_hi; ++e) {
                                const GlbPlan g = P.plan(n, e, p, q, r, t);
                                if (!g.fits()) break;
                                if (!screen) {
                                    consider(n, e, p, q, r, t,
                                             layer_cost<false>(P, g, n, e, p, q, r, t).cycles, g);
                                    continue;
                                }
                                const Cost cost = layer_cost<true>(P, g, n, e, p, q, r, t);
                                screen->offer(consider(n, e, p, q, r, t, cost.cycles, g), cost);
                                // The other loop order, for the objectives that weigh DRAM bytes
                                // (not the cycles optimum: mapper.hpp, "Search").
                                const GlbPlan gt =
                                    g.channel_chunks > 2
                                        ? P.plan(n, e, p, q, r, t, LoopOrder::TilesOuter)
                                        : g;
                                if (!gt.ifmap_tiles_stay()) continue;
                                const Cost tiles = layer_cost<true>(P, gt, n, e, p, q, r, t,
                                                                    LoopOrder::TilesOuter);
                                screen->offer(candidate(n, e, p, q, r, t, tiles.cycles, gt,
                                                        LoopOrder::TilesOuter),
                                              tiles);
                            }
                        return true;
                    });
                    return true;
                });
            }
        }
    }
    if (!have)  // cannot happen: the smallest pass fits
        throw std::logic_error(fmt::format("layer {}: mapper found no mapping", L.name));
    return best;
}

Mapping evaluate(const golden::LayerShape& L, const HwConfig& cfg, const Candidate& c,
                 const CostOptions& options) {
    const auto& b = c.params;
    return evaluate_mapping(L, cfg, int(b[0]), int(b[1]), int(b[2]), int(b[3]), int(b[4]),
                            int(b[5]), options, LoopOrder(b[6]));
}

// The search's tie order (Candidate) of an evaluated mapping.
Candidate candidate_of(const Mapping& m) {
    Candidate c;
    c.cycles = m.cycles;
    c.active = m.active_pes;
    c.psum_words = m.glb_psum_words;
    c.glb = m.glb_bytes_used;
    c.params = {m.n, m.e, m.p, m.q, m.r, m.t, int64_t(m.order)};
    return c;
}

}  // namespace

void check_cycles_within(double factor) {
    if (factor != 0 && !(std::isfinite(factor) && factor >= 1))
        throw std::invalid_argument(
            fmt::format("cycles_within {} is not a factor >= 1 (or 0 for no limit)", factor));
}

Mapping map_layer(const golden::LayerShape& L, const HwConfig& cfg, Objective objective,
                  const CostOptions& options) {
    if (objective != Objective::Cycles)
        return map_layer_objectives(L, cfg, options)[size_t(objective)];
    L.validate();
    cfg.validate();
    const Problem P(L, cfg);
    return evaluate(L, cfg, search(P, L, nullptr), options);
}

std::array<Mapping, kNumObjectives> map_layer_objectives(const golden::LayerShape& L,
                                                         const HwConfig& cfg,
                                                         const CostOptions& options) {
    L.validate();
    cfg.validate();
    const Problem P(L, cfg);
    Screen screen{P, options, {}};
    check_cycles_within(options.cycles_within);
    if (options.cycles_within > 0)  // the budget needs the optimum first (a pruned search)
        screen.max_cycles = budget(search(P, L, nullptr).cycles, options.cycles_within);
    const Candidate fastest = search(P, L, &screen);
    // Exact values for the cycles optimum and every screened mapping (each evaluated once).
    std::vector<Mapping> evaluated{evaluate(L, cfg, fastest, options)};
    std::vector<std::array<int64_t, 7>> seen{fastest.params};
    for (const auto& kept : screen.kept)
        for (const auto& x : kept)
            if (std::find(seen.begin(), seen.end(), x.c.params) == seen.end()) {
                seen.push_back(x.c.params);
                evaluated.push_back(evaluate(L, cfg, x.c, options));
            }
    std::array<Mapping, kNumObjectives> best;
    best[size_t(Objective::Cycles)] = evaluated[0];  // FiltersOuter only (mapper.hpp, "Search")
    for (int o = 1; o < kNumObjectives; ++o) {
        const Mapping* b = nullptr;
        for (const auto& m : evaluated) {
            if (m.cycles > screen.max_cycles) continue;  // the optimum itself never is
            const double v = m.objective_value(Objective(o));
            if (!b || v < b->objective_value(Objective(o)) ||
                (v == b->objective_value(Objective(o)) &&
                 candidate_of(m).better_than(candidate_of(*b))))
                b = &m;
        }
        best[size_t(o)] = *b;
    }
    return best;
}

const std::vector<EyerissReference>& eyeriss_v1_alexnet() {
    // n, e, p, q, r, t: JSSC 2017 where published (eyeriss-v1.md); the open ones (CONV2 n and p,
    // CONV3 p, CONV4/5 n and p) chosen to fit 108 KB with 32-bit psums.
    static const std::vector<EyerissReference> refs = {
        {"alexnet_conv1", 154, 4.18, 1, 7, 16, 1, 1, 2},
        {"alexnet_conv2", 135, 8.38, 1, 27, 16, 2, 1, 1},
        {"alexnet_conv3", 156, 4.72, 4, 13, 8, 4, 1, 4},
        {"alexnet_conv4", 156, 3.68, 4, 13, 16, 3, 2, 2},
        {"alexnet_conv5", 156, 2.10, 4, 13, 16, 3, 2, 2},
    };
    return refs;
}

const EyerissReference* eyeriss_v1_reference(const std::string& layer_name) {
    for (const auto& r : eyeriss_v1_alexnet())
        if (layer_name == r.layer) return &r;
    return nullptr;
}

}  // namespace compiler
