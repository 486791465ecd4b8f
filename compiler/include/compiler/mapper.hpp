// SPDX-License-Identifier: Apache-2.0
// Row-stationary mapper: chooses the processing pass (Eyeriss JSSC 2017 notation n e p q r t)
// of one layer on the PE array of docs/architecture.md ("Mapping model: slots").
//
// A pass computes m = p*t filters, q*r channels, n images and e ofmap rows (all F columns) of
// one group. Slots are PE column segments of height R*r; bands = floor(Rows / (R*r)) bands are
// stacked from the bottom, giving bands*Cols slots, of which e*t are used. Each active PE holds
// p filters x q channels of one filter row (p*q*S weights) and runs n row convolutions (the PE
// job's `rows`). Active PEs = R*r*e*t.
//
// Constraints (all checked; each refusal names the limit):
//   R <= Rows (no folding of tall filters yet)   R*r <= Rows          e*t <= bands*Cols
//   p*q*S <= FilterWords    q*S <= IfmapWords    p <= PsumWords
//   GLB: the pass's buffer plan fits (compiler/buffer_plan.hpp, the command compiler's own):
//        ifmap tile + filters + biases + psums <= GlbBytes/8 words
//   8-bit network IDs: (e-1)*stride_v + R <= 255, e*t <= 255, R*r <= 255
//   non-empty pieces: n <= N, e <= E, p <= M/G, q <= C/G, p*(t-1) < M/G, q*(r-1) < C/G
//     (every filter group and channel group of the first pass gets work)
//   PE configuration word (contract::PeCfg, sim/pe_job.hpp): stride_h*q <= 255, F <= 65535,
//     n <= 65535, ((F-1)*stride_h + S)*q < 2^20, p*q*S <= 4095
//
// Cost model (analytic estimate of cycles; GLB bank conflicts and DRAM latency ignored).
// The layer runs G groups x ceil((M/G)/(p*t)) filter passes x ceil((C/G)/(q*r)) channel
// passes x ceil(E/e) row passes x ceil(N/n) image passes. A pass works on m' <= p*t filters,
// c' <= q*r channels, e' <= e rows and n' <= n images: the full sizes, except for the last
// chunk of each dimension, which has what is left. In a pass the filters are spread evenly over
// the t filter groups and the channels over the r channel groups, so each PE holds
// p' = ceil(m'/t) filters and q' = ceil(c'/r) channels (p' = p, q' = q in full passes).
// Per pass:
//   load     = t'*R*r'*ceil(p'*q'*S/Ew)  filter network words: every PE block of p'*q'*S
//                                         weights padded to whole 64-bit words (Ew = 64/D
//                                         weights each), one word per cycle on the filter bus;
//                                         t' = ceil(m'/p'), r' = ceil(c'/q')
//   compute  = n'*F*p'*q'*S*Cm            MACs of the busiest PE, Cm cycles each: 1 exact,
//                                         max(1, L / SC_LANES) stochastic (an upper bound: a
//                                         product with a zero operand takes one cycle)
//   ifmap    = n'*c'*((e'-1)*stride_v + R)*W_padded
//                                         ifmap words, one per cycle on the ifmap bus (rows are
//                                         shared by the diagonal multicast, sent once)
//   psum_in  = 0 on the first channel pass, else psum_out    (psum bus)
//   psum_out = n'*e'*F*t'*ceil(p'/ppw)    transfers out of the collector; ppw = 2 psums per
//                                         transfer with 32-bit containers (one slot's k, k+1
//                                         in one 64-bit word, so an odd p' leaves one psum
//                                         alone), 1 with 64-bit
//   fill     = ceil((n'*c'*min(H, (e'-1)*stride_v + R)*ceil(W*Db/8)*8 + load*8)
//              / DramBytesPerCycle)       DRAM -> buffer time of the pass's ifmap tile and filters
//   pass     = load + max(compute, ifmap, psum_in, psum_out)
//   drain    = max(ceil(n'*m'*e'*ceil(F*Db/8)*8 / DramBytesPerCycle), n'*m'*e'*ceil(F*Db/8)*8/Db)
//              after a chunk's last channel pass (a chunk = one filter, row and image chunk: its
//              channel passes); the second term is the drain DMA's one element per cycle
// Per chunk, with the sums over its channel passes (double buffering, the ofmap region and
// resident filters as the buffer plan decides them, compiler/buffer_plan.hpp):
//   double buffered (two ifmap tiles and two filter blocks fit next to the rest; a pass's fill
//   runs during the pass before) and an ofmap region of its own (fits as well; the drain runs
//   during the next chunk):  max(sum pass, sum fill + drain)
//   double buffered, ofmap in place over the psums (the next pass waits for the drain):
//                            max(sum pass, sum fill) + drain
//   not double buffered:     sum fill + sum pass + drain
// plus, double buffered, the layer's first fill and, with an ofmap region, its last drain.
// Filters resident (at most 1, or double buffered 2, channel chunks, or double buffered with one
// filter region per channel chunk fitting after everything above): fills carry filters only in
// the first image and row chunk of each filter chunk.
// DRAM time beyond the passes is reported as dram_cycles. This is an estimate: the DRAM link is
// modelled as one stream of fill and drain bytes at DramBytesPerCycle, whose latency, the bias
// fills and the reuse of an ifmap tile or filter block left in the buffer are not modelled.
// (filters are loaded before the pass; the streams overlap each other and the MACs).
// Estimated cycles = sum over every chunk of every group. Ideal = ceil(MACs * Cm / (Rows*Cols)).
//
// DRAM bytes (Mapping::dram) are not estimated: they are those of the command list the compiler
// emits for the mapping (compiler/dram_traffic.hpp, schedule_traffic: the command compiler's own
// scheduler, run without encoding), by data type, command list included, with a bias per filter
// unless CostOptions::bias is false. The simulated DRAM traffic equals them byte for byte.
//
// Energy (Mapping::energy) is compiler/energy.hpp's model (EnergyCosts per access) applied to
// access counts estimated from the mapping (Mapping::counters, the performance counters' units):
//   DRAM           the exact bytes above, in 64-bit beats
//   buffer writes  every filled word (ifmap, filter, bias = their DRAM beats); psums: psum_out
//                  transfers of the passes that are not a chunk's last channel pass; ofmap: the
//                  drained words
//   buffer reads   ifmap: one per ifmap transfer (padding included: an upper bound); filter: the
//                  load words; psum: psum_in transfers; ofmap: one per ofmap element (the drain
//                  gathers elements); bias: not counted (a few words per first channel pass)
//   networks       filter: load words x 64/D weights (padding included); ifmap: ifmap transfers;
//                  psums into and out of the array: psum_in (with a bias also the first channel
//                  passes' psum_out: the bias enters as the first psums) and psum_out transfers
//                  x psums per transfer (an odd p' counted as even)
//   scratchpads    filter, ifmap and psum reads and psum writes: one per MAC each; filter and
//                  ifmap writes: one per network transfer (a multicast writes several PEs: a
//                  lower bound)
//   MACs           every MAC of the layer (zero activations are not known here); with a
//                  stochastic MAC, L lane-cycles per MAC (zero operands are not known either)
// It is an estimate for choosing between mappings, not a prediction of the counters of a run.
// EDP = energy x estimated cycles.
//
// Search (map_layer) with the objective `cycles`: exhaustive over n e p q r t under the
// constraints, pruned without losing the optimum: a lower bound (total weights / Ew +
// max(total psum_out, total ifmap, MACs/active PEs)) skips a (q, r, p, t) and a number of image
// and row passes already worse than the best; within them every n and e is costed (the exposed
// last drain depends on the last chunk's size). Objective: minimum estimated cycles; ties: more
// active PEs, then fewer GLB psum words (n*p*t*e*F), then fewer GLB bytes, then the smallest
// (n, e, p, q, r, t) in that order.
// With `dram`, `energy` or `edp` (map_layer_objectives finds all four at once): every mapping
// under the constraints, in both loop orders where the buffer allows TilesOuter, is costed with
// the cycle model and the model's own DRAM stream (the fills and drains above: bytes per pass,
// no command list or bias), which ranks them; the kScreened best of each objective by that
// ranking, and the cycles optimum, are then evaluated exactly (schedule_traffic, energy from it)
// and the best by the exact value wins (ties: the cycles order above). The winner is exact among
// those; a mapping the screen ranks lower is not evaluated (tests/mapper compare the screen with
// an exhaustive exact search on small layers). With CostOptions::cycles_within the screen and
// the exact choice skip mappings estimated slower than that factor times the cycles optimum (found
// first by the pruned search), so each objective's point is the best within the budget.
// Loop order TilesOuter (LoopOrder): the model above with every chunk loading its filter blocks
// (kept only with one filter chunk and resident filters) and only the first filter chunk of
// each image and row chunk loading the ifmap tiles. The cycles objective searches FiltersOuter
// only: rsacc-sim, the bench, sweeps and networks map with it, and their command lists stay as
// they were; TilesOuter runs bit-exact on the small RTL model (tests/top). Not modelled: with a
// bias, TilesOuter reloads the bias block before every chunk, and that fill waits for the pass
// before it (docs/performance.md measures it).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/buffer_plan.hpp"
#include "compiler/dram_traffic.hpp"
#include "compiler/energy.hpp"
#include "compiler/hw_config.hpp"
#include "golden/layer.hpp"
#include "rsacc/contract.hpp"

namespace compiler {

// What map_layer minimises: estimated cycles, DRAM bytes, estimated energy, or energy x cycles.
enum class Objective { Cycles = 0, Dram = 1, Energy = 2, Edp = 3 };
inline constexpr int kNumObjectives = 4;
const char* to_string(Objective o);  // "cycles", "dram", "energy", "edp"
// Throws std::invalid_argument: "objective 'x' is not one of cycles, dram, energy, edp".
Objective parse_objective(const std::string& name);

// What the DRAM bytes and the energy of a mapping assume.
struct CostOptions {
    bool bias = true;  // a bias per filter (as rsacc-sim runs layers)
    EnergyCosts energy;
    // false: evaluate_mapping leaves dram, counters and energy at 0 (no schedule walk, which
    // takes O(passes)); for callers that rank by cycles alone, such as exhaustive searches.
    bool dram = true;
    // The dram, energy and edp objectives consider only mappings whose estimated cycles are at
    // most this factor times the cycles optimum's (>= 1; 0: no limit). "The fewest bytes that
    // cost at most 5 % more cycles" is cycles_within = 1.05.
    double cycles_within = 0;
};
// Throws std::invalid_argument unless 0 or a finite factor >= 1 ("cycles_within 0.9 ...").
void check_cycles_within(double factor);

// The order of the passes (compiler/layer_program.hpp): FiltersOuter = group > filter chunk >
// image chunk > row chunk > channel chunk (the ifmap tiles are read again for every filter
// chunk, a filter chunk's blocks can stay); TilesOuter = group > image chunk > row chunk >
// filter chunk > channel chunk (a row chunk's ifmap tiles stay while the filter chunks cycle,
// the filter blocks are read again for every image and row chunk), only when the ifmap regions
// hold every channel chunk's tile (GlbPlan::ifmap_tiles_stay: one or two chunks, or a region
// per chunk in its own buffer plan, plan_buffer's tiles_outer).
enum class LoopOrder { FiltersOuter = 0, TilesOuter = 1 };
const char* to_string(LoopOrder o);  // "filters_outer", "tiles_outer"

// Mappings evaluated exactly per objective after the screen (mapper.hpp, "Search").
inline constexpr int kScreened = 128;

struct Mapping {
    std::string layer;
    // Pass shape (Eyeriss JSSC notation); m = p*t filters per pass.
    int n = 1, e = 1, p = 1, q = 1, r = 1, t = 1;
    int m() const { return p * t; }
    PassShape shape() const { return {n, e, p, q, r, t}; }
    LoopOrder order = LoopOrder::FiltersOuter;
    // Placement.
    int bands = 0;       // floor(Rows / (R*r))
    int slots = 0;       // bands * Cols
    int slots_used = 0;  // e * t
    int active_pes = 0;  // R*r*e*t
    int array_pes = 0;   // Rows * Cols
    // Passes: total = groups * filter * channel * row * image.
    int groups = 1;
    int64_t passes = 0, filter_passes = 0, channel_passes = 0, row_passes = 0, image_passes = 0;
    // Global buffer use of a full pass (bytes) and its psum words.
    int64_t glb_ifmap_bytes = 0, glb_filter_bytes = 0, glb_psum_bytes = 0, glb_bias_bytes = 0;
    int64_t glb_bytes_used = 0;
    int64_t glb_psum_words = 0;
    // Cost estimate (see the model above); term totals summed over all passes.
    int64_t cycles = 0;          // estimated cycles
    int64_t load_cycles = 0;     // sum of load
    int64_t compute_cycles = 0;  // sum of compute
    int64_t ifmap_words = 0;     // sum of ifmap
    int64_t psum_in_words = 0;   // sum of psum_in
    int64_t psum_out_words = 0;  // sum of psum_out
    int64_t dram_cycles = 0;     // sum of fill + drain (DRAM time not hidden behind a pass)
    // Cycles of the overlapped phase of the passes bounded by each stream (ties: compute first,
    // then ifmap, then psum): they add up to cycles - load_cycles - dram_cycles.
    int64_t bound_compute = 0, bound_ifmap = 0, bound_psum = 0;
    int64_t macs = 0;
    int64_t ideal_cycles = 0;  // ceil(macs * cycles per MAC / (Rows*Cols))
    // DRAM bytes the compiled program moves (exact, see above), the access counts estimated for
    // the energy model, the energy they cost and the options both assume.
    CostOptions cost_options;
    bool stochastic_mac = false;  // the hardware's MAC (energy: compiler/energy.hpp)
    DramTraffic dram;
    std::array<uint64_t, contract::kNumPerf> counters{};
    double energy = 0;
    double edp() const { return energy * double(cycles); }
    // The value `o` minimises: cycles, DRAM bytes, energy or EDP.
    double objective_value(Objective o) const;

    double utilization() const { return cycles ? double(macs) / (double(cycles) * array_pes) : 0; }
    // "compute", "ifmap", "psum", "load" or "dram": the largest of bound_*, load_cycles and
    // dram_cycles.
    const char* bottleneck() const;
    // One line: "alexnet_conv1: n=1 e=7 p=16 q=1 r=1 t=2 (m=32) active 154/168 ...".
    std::string to_string() const;
    nlohmann::json to_json() const;
};

// Best mapping of `layer` on `cfg` for `objective`. Throws std::invalid_argument (one line,
// starting with "layer NAME: ") naming the binding limit when no mapping fits, e.g.
//   "layer x: filter height R=13 exceeds array rows 12"
//   "layer x: filter width S=20 exceeds ifmap scratchpad (12 words)"
// or an invalid layer / array config, or a layer beyond a command field (schedule_traffic).
Mapping map_layer(const golden::LayerShape& layer, const HwConfig& cfg = {},
                  Objective objective = Objective::Cycles, const CostOptions& options = {});

// The best mapping of every objective (indexed by int(Objective)), from one search.
std::array<Mapping, kNumObjectives> map_layer_objectives(const golden::LayerShape& layer,
                                                         const HwConfig& cfg,
                                                         const CostOptions& options = {});

// Checks a given mapping (throws std::invalid_argument "layer NAME: ..." naming the violated
// constraint) and fills in placement, passes, GLB use, the cost estimate, the DRAM bytes and the
// energy.
Mapping evaluate_mapping(const golden::LayerShape& layer, const HwConfig& cfg, int n, int e, int p,
                         int q, int r, int t, const CostOptions& options = {},
                         LoopOrder order = LoopOrder::FiltersOuter);

// Eyeriss v1 on AlexNet CONV1-5, batch 4 (ISSCC 2016 poster, JSSC 2017; see
// ../shared/reference/eyeriss-v1.md). n and p are not all published: the values here are ones
// that fit our 108 KB buffer with 32-bit psums.
struct EyerissReference {
    const char* layer;  // zoo name, e.g. "alexnet_conv1"
    int active_pes;     // published
    double mcycles;     // published latency x 200 MHz, millions of cycles (DRAM-bound included)
    int n, e, p, q, r, t;
};
const std::vector<EyerissReference>& eyeriss_v1_alexnet();
// The entry for `layer_name`, or nullptr.
const EyerissReference* eyeriss_v1_reference(const std::string& layer_name);

}  // namespace compiler
