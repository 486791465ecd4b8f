// SPDX-License-Identifier: Apache-2.0
// rsacc-net: trained networks (docs/network.md).
//   rsacc-net import MODEL.onnx [--out DIR] [--data-width 16|8 ...] [--calibration N]
//                    [--sc-upscale [--sc-length ..] [--sc-rng ..] [--sc-sharing ..] ...]
//       ONNX -> float description (scripts/onnx_to_network.py) -> quantised descriptions in
//       DIR/int16/ and DIR/int8/ (or the widths given; calibration images: the first N of the
//       training set); with --sc-upscale also DIR/int8sc/, scaled up for the stochastic MAC.
//   rsacc-net zoo NAME [--last LAYER] [--out DIR] [--seed S]
//       a zoo network (golden/topologies) with seeded random weights, chained with pooling,
//       quantised; run feeds it random images (performance runs on realistic activations).
//   rsacc-net sc-accuracy DIR/int8 [--images N] [--length ..] [--rng ..] [--sharing ..]
//       top-1 with the stochastic MAC's bit-true model per stream setting (tools/net_sc.cpp).
//   rsacc-net export-topology DIR --out FILE.csv
//       the conv and FC layers as a SCALE-Sim topology file (make sim TOPOLOGY=..., sweeps).
//   rsacc-net run DIR/int<D> [--images N] [--engine golden|rtl] [--batch B] [--rlc]
//                 [--objective cycles|dram|energy|edp]
//       the test images through the float network (DIR/float) and the quantised one (golden
//       engine); top-1 of both, agreement, per-layer zero fractions. With --engine rtl also
//       every conv/FC layer on this build's accelerator model, bit-exact against golden, with
//       cycles, DRAM bytes and energy per layer. --rlc: the accelerator layers' ifmaps and
//       ofmaps run-length compressed in DRAM where their rows can shrink (not one-word rows;
//       the RTL's bytes; on the golden engine the bytes computed from each layer's image).
//       Writes reports/net/<name>_int<D>.json.
//       Built without Verilator (RSACC_WITH_VERILATOR=OFF): the golden engine only.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "compiler/dram_traffic.hpp"
#include "golden/idx.hpp"
#include "golden/layer.hpp"
#include "net_plot.hpp"
#include "net_sc.hpp"
#include "sim/cli_checks.hpp"
#include "sim/layer_report.hpp"
#include "sim/network.hpp"
#include "sim/network_program.hpp"
#include "sim/output_files.hpp"
#include "sim/sc_upscale.hpp"
#if RSACC_NET_RTL
#include "Vrsacc_top.h"
#include "sim/built_hw.hpp"
#include "sim/network_runner.hpp"
#endif

namespace fs = std::filesystem;
using nlohmann::json;
using namespace sim::net;

namespace {

const std::string kFashion = kFashionDataDir;

// rsacc-net import --sc-upscale: the extra search (sim/sc_upscale.hpp) and its SC settings.
struct ScUpscaleArgs {
    bool on = false;
    std::vector<int> lengths{32, 128};
    std::vector<std::string> rngs{"sobol", "lfsr"}, sharings{"column"};
    int max_bits = 3, max_passes = 3;
};

// Per accelerator layer its shape and scales (and the extra bits of an up-scaled network).
void print_scales(const Network& q) {
    for (const Layer& l : q.layers) {
        if (!l.on_accelerator()) continue;
        std::string extra;
        if (q.upscaled) {
            int clipped = 0;
            for (int32_t v : l.qweight.data) clipped += std::abs(v) == q.numerics.data_max();
            extra = fmt::format(" (+{} weight, +{} out bits; {:.2f} % of the weights at +-{})",
                                l.upscale.weight, l.upscale.out,
                                100.0 * clipped / double(l.qweight.size()), q.numerics.data_max());
        }
        fmt::print(
            "  {:<8} {:<4} {}x{}x{} -> {}x{}x{}  weight frac {:>3}, out frac {:>3}, shift "
            "{:>2}{}{}\n",
            l.name, to_string(l.op), l.in[0], l.in[1], l.in[2], l.out[0], l.out[1], l.out[2],
            l.weight_frac, l.out_frac, l.shift, l.relu ? ", ReLU" : "", extra);
    }
}

int run_import(const std::string& onnx, std::string out, const std::vector<int>& widths, int calib,
               const std::string& data, const ScUpscaleArgs& sc) {
    if (!fs::is_regular_file(onnx)) throw std::runtime_error(fmt::format("{}: no such file", onnx));
    if (out.empty()) out = (fs::path("models") / fs::path(onnx).stem()).string();
    const std::string float_dir = (fs::path(out) / "float").string();
    const std::string cmd =
        fmt::format("/usr/bin/python3 '{}/scripts/onnx_to_network.py' '{}' --out '{}'",
                    RSACC_SOURCE_DIR, onnx, float_dir);
    if (std::system(cmd.c_str()) != 0)
        throw std::runtime_error(fmt::format("{}: import failed (message above)", onnx));
    ScUpscaleSearch search;
    if (sc.on) {  // the settings are checked before anything runs
        search.settings = sc_configs(sc.lengths, sc.rngs, sc.sharings);
        search.max_bits = sc.max_bits;
        search.max_passes = sc.max_passes;
    }
    const Network f = read_network(float_dir);
    const auto cal = load_fashion_split(data, true, calib);
    if (cal.images.dims[1] != f.input[1] || cal.images.dims[2] != f.input[2] || f.input[0] != 1)
        throw std::runtime_error(fmt::format(
            "{}: the network takes {}x{}x{}, the data set has 1x{}x{}", onnx, f.input[0],
            f.input[1], f.input[2], cal.images.dims[1], cal.images.dims[2]));
    for (const int dw : widths) {
        golden::Numerics nx;
        nx.data_width = dw;
        const Network q = quantize(f, nx, cal.images.data, int(cal.images.items()));
        const std::string qdir = (fs::path(out) / fmt::format("int{}", dw)).string();
        write_network(q, qdir);
        fmt::print("rsacc-net import: {} -> {} (float) and {} ({}-bit, {} calibration images)\n",
                   onnx, float_dir, qdir, dw, cal.images.items());
        print_scales(q);
    }
    if (!sc.on) return 0;
    // SC-aware up-scaling (docs/stochastic.md): the 8-bit quantisation, then the extra bits per
    // layer chosen on the same calibration images.
    golden::Numerics nx;
    nx.data_width = golden::sc::kDataWidth;
    const int n = int(cal.images.items());
    const auto t0 = std::chrono::steady_clock::now();
    const ScUpscaleResult r = choose_sc_upscale(quantize(f, nx, cal.images.data, n),
                                                cal.images.data, cal.labels, n, search);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::string qdir = (fs::path(out) / "int8sc").string();
    write_network(r.net, qdir);
    std::string settings;
    for (const auto& c : search.settings)
        settings += (settings.empty() ? "" : ", ") +
                    fmt::format("L={} {} {}", c.length, to_string(c.rng), to_string(c.sharing));
    fmt::print(
        "rsacc-net import: {} (8-bit, up-scaled for the SC MAC on {} calibration images: {}; "
        "0..{} extra bits per layer, {} candidates in {} pass{}; SC cross-entropy {:.3f} -> "
        "{:.3f}; {:.0f} s)\n",
        qdir, n, settings, search.max_bits, r.trials.size(), r.passes, r.passes == 1 ? "" : "es",
        r.loss_before, r.loss_after, secs);
    print_scales(r.net);
    return 0;
}

// The hardware rsacc-net maps for: this build's accelerator model, or without Verilator the
// contract's default (12 x 14, 108 KB, 16-bit).
compiler::HwConfig tool_hw() {
#if RSACC_NET_RTL
    return sim::built_hw();
#else
    return compiler::HwConfig{};
#endif
}

// The hardware a golden-engine run computes --rlc bytes for: tool_hw() at the network's width.
compiler::HwConfig golden_hw(const Network& q, compiler::HwConfig hw) {
    hw.data_width = q.numerics.data_width;
    hw.acc_width = q.numerics.acc_width;
    return hw;
}

// "12 x 14 PEs, 108 KB buffer, D = 16, mapping objective cycles"
std::string hw_line(const compiler::HwConfig& hw, const NetLayerOptions& opt) {
    return fmt::format(
        "{} x {} PEs, {} KB buffer, D = {}, mapping objective {}{}", hw.rows, hw.cols,
        hw.glb_bytes / 1024, hw.data_width, compiler::to_string(opt.objective),
        opt.cycles_within > 0 ? " (" + sim::cli::cycles_within_text(opt.cycles_within) + ")" : "");
}

// "1 234 567"
std::string grouped(int64_t v) {
    std::string d = std::to_string(v < 0 ? -v : v), r;
    for (size_t i = 0; i < d.size(); ++i) {
        if (i && (d.size() - i) % 3 == 0) r += ' ';
        r += d[i];
    }
    return (v < 0 ? "-" : "") + r;
}

#if RSACC_NET_RTL
// The conv and FC layers of the first n images on the RTL, b images at a time (pooling on the
// host); prints progress and the per-layer table, returns the predictions and the report part.
std::vector<int> run_rtl(const Network& q, const golden::ActTensor& input, int b,
                         const compiler::HwConfig& hw, const NetLayerOptions& opt, json& out) {
    const int n = input.dim[0];
    const auto run = run_network_rtl<Vrsacc_top>(
        q, input, b, hw, compiler::EnergyCosts::parse(""),
        [](const std::string& line) {
            fmt::print("  rtl       {}\n", line);
            std::fflush(stdout);
        },
        opt);
    const double wall = run.wall_seconds;
    fmt::print("  {:<10} {:<7} {:>16} {:>12} {:>6} {:>8} {:>10} {:>10} {:>9}\n", "layer", "op",
               "shape", "cycles", "util", "zeros in", "zero-gated", "DRAM B", "energy");
    json layers = json::array();
    RtlLayerTotals total;
    for (size_t i = 0; i < q.layers.size(); ++i) {
        const Layer& l = q.layers[i];
        const RtlLayerTotals& t = run.layers[i];
        const double zf = double(t.input_zeros) / double(t.inputs);
        json lj{{"name", l.name}, {"op", to_string(l.op)}, {"input_zero_fraction", zf}};
        const std::string shape = fmt::format("{}x{}x{}>{}x{}x{}", l.in[0], l.in[1], l.in[2],
                                              l.out[0], l.out[1], l.out[2]);
        if (l.on_accelerator()) {
            const double util = double(t.macs) / (double(t.cycles) * hw.rows * hw.cols);
            fmt::print(
                "  {:<10} {:<7} {:>16} {:>12} {:>5.1f}% {:>7.1f}% {:>9.1f}% {:>10} {:>9.3g}\n",
                l.name, to_string(l.op), shape, t.cycles, 100 * util, 100 * zf,
                100.0 * double(t.zero_skipped) / double(t.macs), t.dram_bytes, t.energy);
            lj.update({{"cycles", t.cycles},
                       {"macs", t.macs},
                       {"utilization", util},
                       {"zero_gated_macs", t.zero_skipped},
                       {"dram_bytes", t.dram_bytes},
                       {"energy", t.energy},
                       {"bit_exact", true}});
            if (opt.rlc && t.ifmap_bytes_uncompressed > 0) {
                // The RTL's ifmap read counter (equal to the image's bytes, or the run fails).
                fmt::print(
                    "  {:<10} rlc: ifmap bytes moved {} of {} uncompressed ({:.1f} %; the "
                    "RTL's counter)\n",
                    "", grouped(t.rlc_ifmap_bytes), grouped(t.ifmap_bytes_uncompressed),
                    100.0 * double(t.rlc_ifmap_bytes) / double(t.ifmap_bytes_uncompressed));
                lj["rlc"] = {
                    {"ifmap_bytes_moved", t.rlc_ifmap_bytes},
                    {"ifmap_bytes_uncompressed", t.ifmap_bytes_uncompressed},
                    {"ratio", double(t.rlc_ifmap_bytes) / double(t.ifmap_bytes_uncompressed)},
                    {"source", "rtl counters"}};
            } else if (opt.rlc) {
                fmt::print("  {:<10} rlc: ifmap not compressed (one-word rows cannot shrink)\n",
                           "");
                lj["rlc"] = {{"ifmap_compressed", false}, {"source", "rtl counters"}};
            }
            total.cycles += t.cycles;
            total.dram_bytes += t.dram_bytes;
            total.energy += t.energy;
        } else {
            fmt::print("  {:<10} {:<7} {:>16} {:>12} {:>6} {:>7.1f}%   (host)\n", l.name,
                       to_string(l.op), shape, "", "", 100 * zf);
        }
        layers.push_back(lj);
    }
    fmt::print(
        "  per image {} cycles ({:.3f} ms at 200 MHz), {} DRAM bytes, energy {:.3g}; "
        "{:.3g} images/s simulated\n",
        total.cycles / n, total.cycles / n / 200e3, total.dram_bytes / n, total.energy / n,
        n / wall);
    out = {{"layers", layers},
           {"batch", b},
           {"mac", hw.stochastic() ? "stochastic" : "exact"},
           {"stochastic_mac", hw.stochastic() ? sim::stochastic_mac_json(hw) : json()},
           {"cycles_per_image", double(total.cycles) / n},
           {"dram_bytes_per_image", double(total.dram_bytes) / n},
           {"energy_per_image", total.energy / n},
           {"images_per_second", n / wall},
           {"objective", compiler::to_string(opt.objective)},
           {"cycles_within", opt.cycles_within},
           {"rlc", opt.rlc},
           {"bit_exact", true}};
    return run.predictions;
}
#endif

// rsacc-net run --rlc on the golden engine: the DRAM bytes of every accelerator layer with its
// ifmap and ofmap compressed (each where its rows can shrink), computed from its image for the
// program an RTL run would use.
struct RlcCompute {
    compiler::HwConfig hw;
    int batch = 1;
    NetLayerOptions opt;
};
constexpr const char* kRlcSource =
    "computed from the image (equal to the RTL's counters by tests/top [rlc]), not simulated";

// The bytes of accelerator layer l on input x (all images), `batch` images per program as the
// RTL runs them.
RlcLayerBytes rlc_bytes_of_layer(const Network& q, const Layer& l, const golden::ActTensor& x,
                                 const RlcCompute& rc) {
    const int n = x.dim[0];
    const size_t per = x.size() / size_t(n);
    std::map<int, compiler::LayerProgram> progs;  // by batch size (the last one may be smaller)
    RlcLayerBytes sum;
    for (int first = 0; first < n; first += rc.batch) {
        const int m = std::min(rc.batch, n - first);
        golden::ActTensor xs(m, x.dim[1], x.dim[2], x.dim[3]);
        std::copy(x.data.begin() + first * per, x.data.begin() + (first + m) * per,
                  xs.data.begin());
        auto it = progs.find(m);
        if (it == progs.end())
            it = progs.emplace(m, compile_net_layer(q, l, m, rc.hw, rc.opt)).first;
        const RlcLayerBytes b = rlc_layer_bytes(it->second, l, xs);
        sum.ifmap_compressed = b.ifmap_compressed;
        sum.ofmap_compressed = b.ofmap_compressed;
        sum.ifmap_uncompressed += b.ifmap_uncompressed;
        sum.ifmap_rlc += b.ifmap_rlc;
        sum.ofmap_uncompressed += b.ofmap_uncompressed;
        sum.ofmap_rlc += b.ofmap_rlc;
        sum.total_uncompressed += b.total_uncompressed;
    }
    return sum;
}

json rlc_bytes_json(const RlcLayerBytes& b) {
    return {{"ifmap_compressed", b.ifmap_compressed},
            {"ofmap_compressed", b.ofmap_compressed},
            {"ifmap_bytes_uncompressed", b.ifmap_uncompressed},
            {"ifmap_bytes_rlc", b.ifmap_rlc},
            {"ifmap_ratio", double(b.ifmap_rlc) / double(b.ifmap_uncompressed)},
            {"ofmap_bytes_uncompressed", b.ofmap_uncompressed},
            {"ofmap_bytes_rlc", b.ofmap_rlc},
            {"ofmap_ratio", double(b.ofmap_rlc) / double(b.ofmap_uncompressed)},
            {"dram_bytes_uncompressed", b.total_uncompressed},
            {"dram_bytes_rlc", b.total_rlc()},
            {"dram_ratio", double(b.total_rlc()) / double(b.total_uncompressed)},
            {"source", kRlcSource}};
}

// `per_layer`: a layer's line, which says which tensor stays raw (one-word rows).
void print_rlc_bytes(const std::string& label, const RlcLayerBytes& b, bool per_layer) {
    const auto raw = [&](bool compressed) {
        return per_layer && !compressed ? "; raw, one-word rows" : "";
    };
    fmt::print(
        "  {:<14} ifmap DRAM bytes {} -> {} with RLC ({:.1f} %{}), ofmap {} -> {} ({:.1f} %{}), "
        "layer DRAM {} -> {} ({:.1f} %)\n",
        label, grouped(b.ifmap_uncompressed), grouped(b.ifmap_rlc),
        100.0 * double(b.ifmap_rlc) / double(b.ifmap_uncompressed), raw(b.ifmap_compressed),
        grouped(b.ofmap_uncompressed), grouped(b.ofmap_rlc),
        100.0 * double(b.ofmap_rlc) / double(b.ofmap_uncompressed), raw(b.ofmap_compressed),
        grouped(b.total_uncompressed), grouped(b.total_rlc()),
        100.0 * double(b.total_rlc()) / double(b.total_uncompressed));
}

// The quantised network on x with the golden engine, layer after layer (x becomes the output);
// prints and returns per layer the input's zero fraction and the saturated outputs, and with
// `rc` the accelerator layers' compressed-ifmap DRAM bytes (RlcCompute; `rlc_total` their sum).
json golden_forward(const Network& q, golden::ActTensor& x, const RlcCompute* rc = nullptr,
                    json* rlc_total = nullptr) {
    json layers = json::array();
    if (rc)
        fmt::print(
            "  rlc: DRAM bytes of each accelerator layer with its ifmap and ofmap run-length "
            "compressed where their rows can shrink (not one-word rows), for the program an RTL "
            "run would use ({}, batch {}): {}\n",
            hw_line(rc->hw, rc->opt), rc->batch, kRlcSource);
    RlcLayerBytes total;
    for (const Layer& l : q.layers) {
        int64_t zeros = 0;
        for (int32_t v : x.data) zeros += v == 0;
        const double zf = double(zeros) / double(x.size());
        RlcLayerBytes rb;
        const bool with_rlc = rc && l.on_accelerator();
        if (with_rlc) {
            rb = rlc_bytes_of_layer(q, l, x, *rc);
            total.ifmap_uncompressed += rb.ifmap_uncompressed;
            total.ifmap_rlc += rb.ifmap_rlc;
            total.ofmap_uncompressed += rb.ofmap_uncompressed;
            total.ofmap_rlc += rb.ofmap_rlc;
            total.total_uncompressed += rb.total_uncompressed;
        }
        x = run_golden_layer(q, l, x);
        int64_t sat = 0;
        for (int32_t v : x.data) sat += v == q.numerics.data_max() || v == q.numerics.data_min();
        fmt::print(
            "  {:<14} {:<7} {}x{}x{} -> {}x{}x{}  input zeros {:5.1f} %  saturated outputs {:5.2f} %\n",
            l.name, to_string(l.op), l.in[0], l.in[1], l.in[2], l.out[0], l.out[1], l.out[2],
            100 * zf, 100.0 * double(sat) / double(x.size()));
        layers.push_back({{"name", l.name},
                          {"op", to_string(l.op)},
                          {"input_zero_fraction", zf},
                          {"saturated_fraction", double(sat) / double(x.size())}});
        if (with_rlc) {
            print_rlc_bytes("", rb, true);
            layers.back()["rlc"] = rlc_bytes_json(rb);
        }
    }
    if (rc) {
        print_rlc_bytes("rlc total", total, false);
        if (rlc_total) {
            *rlc_total = rlc_bytes_json(total);
            (*rlc_total)["hardware"] = {{"rows", rc->hw.rows},
                                        {"cols", rc->hw.cols},
                                        {"glb_bytes", rc->hw.glb_bytes},
                                        {"data_width", rc->hw.data_width}};
            (*rlc_total)["batch"] = rc->batch;
            (*rlc_total)["objective"] = compiler::to_string(rc->opt.objective);
            (*rlc_total)["cycles_within"] = rc->opt.cycles_within;
        }
    }
    return layers;
}

void check_rtl_model(const Network& q, const std::string& dir) {
#if !RSACC_NET_RTL
    throw std::runtime_error(fmt::format(
        "{}: --engine rtl: this rsacc-net was built without Verilator (RSACC_WITH_VERILATOR=OFF), "
        "so it has the golden engine only",
        dir));
#else
    if (q.numerics.data_width != sim::built_hw().data_width ||
        q.numerics.acc_width != sim::built_hw().acc_width)
        throw std::runtime_error(fmt::format(
            "{}: the network is {}-bit (A = {}) and this build's accelerator model {}-bit (A = {}); "
            "run it on a D = {} build (make net ENGINE=rtl DW={})",
            dir, q.numerics.data_width, q.numerics.acc_width, sim::built_hw().data_width,
            sim::built_hw().acc_width, q.numerics.data_width, q.numerics.data_width));
#endif
}

// Seeded random image bytes for the network's input (zoo networks have no data set).
std::vector<uint8_t> random_images(const Network& net, int n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<uint8_t> bytes(size_t(n) * net.input[0] * net.input[1] * net.input[2]);
    for (auto& b : bytes) b = uint8_t(rng());
    return bytes;
}

// <report_dir>/<name>_int<D> (_int8sc for a network up-scaled for SC; the directory created): the
// report is <stem>.json.
std::string report_stem(const std::string& report_dir, const Network& q) {
    fs::create_directories(report_dir);
    return (fs::path(report_dir) /
            fmt::format("{}_int{}{}", q.name, q.numerics.data_width, q.upscaled ? "sc" : ""))
        .string();
}

// A network on seeded random images (a zoo network: no data set, no float form, no accuracy):
// golden layer after layer, and with rtl every conv/FC layer on the RTL, bit-exact.
int run_random(const Network& q, const std::string& dir, int n, uint64_t seed,
               const std::string& report_dir, const std::string& engine, int batch,
               const compiler::HwConfig& hw, const NetLayerOptions& opt) {
    if (engine == "rtl") check_rtl_model(q, dir);
    const golden::ActTensor input = input_tensor(q, random_images(q, n, seed), n);
    golden::ActTensor x = input;
    fmt::print("rsacc-net {}: {} random images (seed {}), golden engine ({}-bit)\n", q.name, n,
               seed, q.numerics.data_width);
    const RlcCompute rc{golden_hw(q, hw), batch, opt};
    json rlc_total;
    const json layers =
        golden_forward(q, x, opt.rlc && engine == "golden" ? &rc : nullptr, &rlc_total);
    json rtl;
#if RSACC_NET_RTL
    if (engine == "rtl") {
        fmt::print(
            "rsacc-net {}: {} images on the RTL ({}{}), batch {}\n", q.name, n, hw_line(hw, opt),
            opt.rlc ? ", activations run-length compressed where rows can shrink" : "", batch);
        run_rtl(q, input, batch, hw, opt,
                rtl);  // every layer bit-exact against golden, or it throws
    }
#endif
    json j{{"network", q.name}, {"dir", dir},
           {"images", n},       {"seed", seed},
           {"engine", engine},  {"data_width", q.numerics.data_width},
           {"layers", layers},  {"rtl", engine == "rtl" ? rtl : json()},
           {"rlc", rlc_total}};
    const std::string rep = report_stem(report_dir, q) + ".json";
    sim::write_file_atomic(rep, j.dump(1) + "\n");
    fmt::print("  report    {}\n", rep);
    return 0;
}

int run_net(const std::string& dir, int images, const std::string& data,
            const std::string& report_dir, const std::string& engine, int batch, uint64_t seed,
            const compiler::HwConfig& hw, const NetLayerOptions& opt) {
    const Network q = read_network(dir);
    if (!q.quantised)
        throw std::runtime_error(
            fmt::format("{}: a float description; run the quantised one "
                        "(rsacc-net import writes int16/ and int8/)",
                        dir));
    if (q.dataset == "random")
        return run_random(q, dir, images ? images : 4, seed, report_dir, engine, batch, hw, opt);
    if (!images) images = engine == "rtl" ? 8 : 10000;
    if (engine == "rtl") check_rtl_model(q, dir);
    const std::string float_dir = (fs::path(dir).parent_path() / "float").string();
    const Network f = read_network(float_dir);
    const auto test = load_fashion_split(data, false, images);
    const int n = int(test.images.items());
    const auto t0 = std::chrono::steady_clock::now();
    const auto float_logits = forward_float(f, test.images.data, n);
    const auto float_pred = argmax(float_logits);
    const double float_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    golden::ActTensor x = input_tensor(q, test.images.data, n);
    fmt::print("rsacc-net {}: {} test images, golden engine ({}-bit)\n", q.name, n,
               q.numerics.data_width);
    const auto t1 = std::chrono::steady_clock::now();
    const RlcCompute rc{golden_hw(q, hw), batch, opt};
    json rlc_total;
    const json layers =
        golden_forward(q, x, opt.rlc && engine == "golden" ? &rc : nullptr, &rlc_total);
    const double golden_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    const auto pred = argmax(x);
    // Logit error: the golden logits scaled back by the last layer's fractional bits, against
    // the float logits, relative to the image's largest float logit (mean and worst image).
    const int frac = q.layers.back().out_frac;
    double err_sum = 0, err_max = 0;
    for (int i = 0; i < n; ++i) {
        double big = 0, err = 0;
        for (int k = 0; k < q.classes; ++k) {
            const double fl = float_logits[size_t(i)][size_t(k)];
            big = std::max(big, std::abs(fl));
            err =
                std::max(err, std::abs(std::ldexp(x.data[size_t(i) * q.classes + k], -frac) - fl));
        }
        const double rel = big > 0 ? err / big : err;
        err_sum += rel;
        err_max = std::max(err_max, rel);
    }
    int right_f = 0, right_q = 0, agree = 0;
    for (int i = 0; i < n; ++i) {
        right_f += float_pred[size_t(i)] == test.labels[size_t(i)];
        right_q += pred[size_t(i)] == test.labels[size_t(i)];
        agree += pred[size_t(i)] == float_pred[size_t(i)];
    }
    // The other quantisations next to this one (rsacc-net import writes int16/ and int8/; for an
    // up-scaled DIR/int8sc the plain int8/ too), on the same images, so one report holds float,
    // int16 and int8 golden top-1.
    json other_top1 = json::object();
    std::string other_lines;
    for (const int w : {16, 8}) {
        const fs::path other = fs::path(dir).parent_path() / fmt::format("int{}", w);
        if (!fs::is_regular_file(other / "network.json") || fs::equivalent(other, dir)) continue;
        const Network o = read_network(other.string());
        const auto opred = classify(o, test.images.data, n);
        int right = 0;
        for (int i = 0; i < n; ++i) right += opred[size_t(i)] == test.labels[size_t(i)];
        other_top1[fmt::format("int{}", w)] = double(right) / n;
        other_lines += fmt::format("  top-1     golden int{} {:.2f} % ({} of {}; {})\n", w,
                                   100.0 * right / n, right, n, other.string());
    }
    json rtl;
    int right_rtl = 0, right_sc = 0;
    std::vector<int> rtl_pred;
    if (engine == "rtl") {
        fmt::print("rsacc-net {}: {} images on the RTL ({} x {} PEs, {} MAC), batch {}\n", q.name,
                   n, hw.rows, hw.cols,
                   hw.stochastic() ? "stochastic " + hw.sc.describe() : std::string("exact"),
                   batch);
#if RSACC_NET_RTL
        rtl_pred = run_rtl(q, input_tensor(q, test.images.data, n), batch, hw, opt, rtl);
#endif
        // The class the golden engine gives with the RTL's MAC: the exact one above, or the
        // stochastic MAC's bit-true model with the same stream settings.
        std::vector<int> ref_pred = pred;
        if (hw.stochastic()) {
            const golden::sc::ProductTable table(hw.sc);
            ref_pred = classify(q, test.images.data, n, &table);
            for (int i = 0; i < n; ++i) right_sc += ref_pred[size_t(i)] == test.labels[size_t(i)];
            rtl["golden_sc_top1"] = double(right_sc) / n;
        }
        for (int i = 0; i < n; ++i) {
            right_rtl += rtl_pred[size_t(i)] == test.labels[size_t(i)];
            // Every layer matched golden bit for bit (run_rtl_layer throws otherwise), so the
            // classes must too.
            if (rtl_pred[size_t(i)] != ref_pred[size_t(i)])
                throw std::logic_error(fmt::format("image {}: RTL class {} but golden {}", i,
                                                   rtl_pred[size_t(i)], ref_pred[size_t(i)]));
        }
        rtl["top1"] = double(right_rtl) / n;
    }
    fmt::print(
        "  top-1     float {:.2f} %, golden int{}{} {:.2f} % ({} of {}); same class as float on {:.2f} %\n",
        100.0 * right_f / n, q.numerics.data_width, q.upscaled ? "sc (exact MAC)" : "",
        100.0 * right_q / n, right_q, n, 100.0 * agree / n);
    fmt::print("{}", other_lines);
    fmt::print(
        "  logits    golden vs float: mean error {:.2f} %, worst image {:.2f} % of the largest logit\n",
        100 * err_sum / n, 100 * err_max);
    if (engine == "rtl" && hw.stochastic())
        fmt::print("  top-1     golden SC {:.2f} % ({} of {}; bit-true model, {})\n",
                   100.0 * right_sc / n, right_sc, n, hw.sc.describe());
    if (engine == "rtl")
        fmt::print("  top-1     RTL {:.2f} % ({} of {}), the golden{} class on every image\n",
                   100.0 * right_rtl / n, right_rtl, n, hw.stochastic() ? " SC" : "");
    fmt::print("  time      float {:.1f} s, golden {:.1f} s\n", float_s, golden_s);
    json j{{"network", q.name},
           {"dir", dir},
           {"images", n},
           {"engine", engine},
           {"data_width", q.numerics.data_width},
           {"float_top1", double(right_f) / n},
           {"golden_top1", double(right_q) / n},
           {"agreement_with_float", double(agree) / n},
           {"golden_top1_other_widths", other_top1},
           {"logit_error_mean", err_sum / n},
           {"logit_error_max", err_max},
           {"rtl", engine == "rtl" ? rtl : json()},
           {"rlc", rlc_total},
           {"layers", layers}};
    const std::string stem = report_stem(report_dir, q), rep = stem + ".json";
    // Every image's classes (CSV) and a picture of the first ones (scripts/plot_net.py).
    std::string csv =
        "index,label,float,golden" + std::string(engine == "rtl" ? ",rtl" : "") + "\n";
    for (int i = 0; i < n; ++i) {
        csv += fmt::format("{},{},{},{}", i, test.labels[size_t(i)], float_pred[size_t(i)],
                           pred[size_t(i)]);
        csv += engine == "rtl" ? fmt::format(",{}\n", rtl_pred[size_t(i)]) : "\n";
    }
    sim::write_file_atomic(stem + "_classes.csv", csv);
    j["classes_csv"] = stem + "_classes.csv";
    j["picture"] = stem + ".png";
    sim::write_file_atomic(rep, j.dump(1) + "\n");
    const bool plotted =
        plot_with("plot_net.py",
                  fmt::format("'{}_classes.csv' --data '{}' --out '{}.png'", stem, data, stem));
    fmt::print("  report    {} (+ {}_classes.csv{})\n", rep, stem,
               plotted ? ", " + stem + ".png" : "");
    return plotted ? 0 : 1;
}

int make_zoo(const std::string& name, const std::string& last, std::string out, int dw, int calib,
             uint64_t seed) {
    const Network f = zoo_network(name, last, seed);
    if (out.empty()) out = (fs::path("models") / f.name).string();
    const int n = std::min(calib, 4);  // AlexNet-sized images: a few are enough for the scales
    golden::Numerics nx;
    nx.data_width = dw;
    const Network q = quantize(f, nx, random_images(f, n, seed + 1), n);
    const std::string qdir = (fs::path(out) / fmt::format("int{}", dw)).string();
    write_network(q, qdir);
    fmt::print(
        "rsacc-net zoo: {} ({} layers, random weights, seed {}) -> {} ({}-bit, {} random "
        "calibration images)\n",
        q.name, q.layers.size(), seed, qdir, dw, n);
    for (const Layer& l : q.layers)
        fmt::print(
            "  {:<14} {:<7} {}x{}x{} -> {}x{}x{}{}\n", l.name, to_string(l.op), l.in[0], l.in[1],
            l.in[2], l.out[0], l.out[1], l.out[2],
            l.on_accelerator() ? fmt::format("  shift {}{}", l.shift, l.relu ? ", ReLU" : "") : "");
    return 0;
}

// The network's conv and FC layers as a SCALE-Sim topology file (docs/topology.md), named
// <network>_<layer>, so make sim, rsacc-map and sweeps can take them.
int export_topology(const std::string& dir, const std::string& out) {
    const Network net = read_network(dir);
    std::string csv =
        "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, "
        "Strides, Padding, Groups,\n";
    int n = 0;
    for (const Layer& l : net.layers) {
        if (!l.on_accelerator()) continue;
        const std::string name = net.name + "_" + l.name;
        golden::check_layer_name(name);
        if (l.pads[0] != l.pads[1] || l.pads[0] != l.pads[2] || l.pads[0] != l.pads[3])
            throw std::runtime_error(fmt::format(
                "{}: pads {},{},{},{} differ per side, and a topology file has one Padding", l.name,
                l.pads[0], l.pads[1], l.pads[2], l.pads[3]));
        if (l.stride[0] != l.stride[1])
            throw std::runtime_error(
                fmt::format("{}: strides {}x{} differ, and a topology file "
                            "has one Strides",
                            l.name, l.stride[0], l.stride[1]));
        csv += fmt::format("{}, {}, {}, {}, {}, {}, {}, {}, {}, {},\n", name, l.in[1], l.in[2], l.R,
                           l.S, l.in[0], l.M, l.stride[0], l.pads[0], l.groups);
        ++n;
    }
    if (fs::path(out).has_parent_path()) fs::create_directories(fs::path(out).parent_path());
    sim::write_file_atomic(out, csv);
    fmt::print("rsacc-net export-topology: {} layers of {} -> {}\n", n, net.name, out);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"rsacc-net: trained networks on the accelerator (docs/network.md)"};
    app.require_subcommand(1);
    std::string onnx, out, dir, data = kFashion, report_dir = "reports/net";
    int dw = 16, calib = 500, images = 0, batch = 1;
    std::vector<int> import_widths{16, 8};
    std::string engine = "golden";
    auto* imp = app.add_subcommand("import", "ONNX -> quantised network description");
    imp->add_option("model", onnx, "ONNX file")->required();
    imp->add_option("--out", out, "directory (default models/<model name>)");
    imp->add_option("--data-width", import_widths, "D: 16 and/or 8 (default both)")
        ->check(CLI::IsMember({8, 16}))
        ->capture_default_str();
    imp->add_option("--calibration", calib, "training images for calibration")
        ->check(CLI::Range(1, 60000))
        ->capture_default_str();
    imp->add_option("--data", data, "directory of the Fashion-MNIST IDX files")
        ->capture_default_str();
    ScUpscaleArgs scu;
    auto* scu_flag = imp->add_flag(
        "--sc-upscale", scu.on,
        "also DIR/int8sc: 8 bits up-scaled for the stochastic MAC (docs/stochastic.md)");
    imp->add_option("--sc-length", scu.lengths, "stream lengths the up-scaling is chosen for")
        ->delimiter(',')
        ->needs(scu_flag)
        ->capture_default_str();
    imp->add_option("--sc-rng", scu.rngs, "random sources the up-scaling is chosen for")
        ->delimiter(',')
        ->check(CLI::IsMember({"sobol", "lfsr"}))
        ->needs(scu_flag)
        ->capture_default_str();
    imp->add_option("--sc-sharing", scu.sharings, "stream starts the up-scaling is chosen for")
        ->delimiter(',')
        ->check(CLI::IsMember({"array", "column"}))
        ->needs(scu_flag)
        ->capture_default_str();
    imp->add_option("--sc-max-bits", scu.max_bits, "extra bits tried per layer (weights, outputs)")
        ->check(CLI::Range(0, 7))
        ->needs(scu_flag)
        ->capture_default_str();
    imp->add_option("--sc-passes", scu.max_passes, "passes over the layers at most")
        ->check(CLI::Range(1, 10))
        ->needs(scu_flag)
        ->capture_default_str();
    auto* run = app.add_subcommand("run", "test images through the quantised network");
    run->add_option("network", dir, "quantised network directory (e.g. models/fashion_lenet/int16)")
        ->required();
    run->add_option("--images", images, "test images (default: 10000 golden, 8 rtl)")
        ->check(CLI::Range(1, 10000));
    run->add_option("--engine", engine, "golden: the golden engine only; rtl: also the RTL")
        ->check(CLI::IsMember({"golden", "rtl"}))
        ->capture_default_str();
    run->add_option("--batch", batch, "images per accelerator run (rtl)")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    run->add_option("--data", data, "directory of the Fashion-MNIST IDX files")
        ->capture_default_str();
    run->add_option("--report-dir", report_dir, "where <name>_int<D>.json goes")
        ->capture_default_str();
    uint64_t seed = 1;
    run->add_option("--seed", seed, "random images of a zoo network")->capture_default_str();
    bool rlc = false;
    run->add_flag("--rlc", rlc,
                  "accelerator layers with the ifmap and ofmap run-length compressed in DRAM "
                  "(each where its rows can shrink): the RTL's bytes (rtl), or computed from "
                  "each layer's image (golden)");
    std::string objective = "cycles";
    run->add_option("--objective", objective,
                    "what the accelerator layers' mappings minimise (rsacc-map --objective)")
        ->check(CLI::IsMember({"cycles", "dram", "energy", "edp"}))
        ->capture_default_str();
    double cycles_within = 0;
    const auto* within_opt = sim::cli::add_cycles_within(*run, cycles_within);
    // The stochastic MAC's run-time settings, for an RTL run on a model built with it.
    int run_sc_length = 0;
    std::string run_sc_rng, run_sc_sharing;
    auto* run_sc_length_opt = run->add_option(
        "--sc-length", run_sc_length, "rtl on a stochastic build: stream length L (default 64)");
    auto* run_sc_rng_opt = run->add_option("--sc-rng", run_sc_rng,
                                           "rtl on a stochastic build: sobol (default) or lfsr");
    auto* run_sc_sharing_opt = run->add_option(
        "--sc-sharing", run_sc_sharing, "rtl on a stochastic build: column (default) or array");
    std::string zoo_name, zoo_last;
    auto* zoo = app.add_subcommand(
        "zoo", "a zoo network with seeded random weights, chained, quantised (performance runs)");
    zoo->add_option("network", zoo_name, "zoo file name: alexnet, lenet5, vgg16, ...")->required();
    zoo->add_option("--last", zoo_last, "last layer (e.g. alexnet_conv5; default: all)");
    zoo->add_option("--out", out, "directory (default models/<last layer or network>)");
    zoo->add_option("--data-width", dw, "D: 16 or 8")
        ->check(CLI::IsMember({8, 16}))
        ->capture_default_str();
    zoo->add_option("--calibration", calib, "random images for calibration")
        ->check(CLI::Range(1, 64));
    zoo->add_option("--seed", seed, "weights and calibration images")->capture_default_str();
    std::string csv_out;
    ScAccuracyArgs sca;
    sca.data = kFashion;
    sca.report_dir = report_dir;
    auto* scc = app.add_subcommand(
        "sc-accuracy",
        "top-1 of an 8-bit network with the stochastic MAC's bit-true model, per stream setting");
    scc->add_option("network", sca.dir, "quantised 8-bit network (e.g. models/fashion_lenet/int8)")
        ->required();
    scc->add_option("--images", sca.images, "test images")
        ->check(CLI::Range(1, 10000))
        ->capture_default_str();
    scc->add_option("--length", sca.lengths, "stream lengths L (powers of two, 16..128)")
        ->delimiter(',')
        ->capture_default_str();
    scc->add_option("--rng", sca.rngs, "random sources: sobol, lfsr")
        ->delimiter(',')
        ->check(CLI::IsMember({"sobol", "lfsr"}))
        ->capture_default_str();
    scc->add_option("--sharing", sca.sharings, "stream starts: array, column (docs/stochastic.md)")
        ->delimiter(',')
        ->check(CLI::IsMember({"array", "column"}))
        ->capture_default_str();
    scc->add_option("--data", sca.data, "directory of the Fashion-MNIST IDX files")
        ->capture_default_str();
    scc->add_option("--report-dir", sca.report_dir, "where <name>_sc.json goes")
        ->capture_default_str();
    auto* exp =
        app.add_subcommand("export-topology", "the conv and FC layers as a SCALE-Sim topology CSV");
    exp->add_option("network", dir, "network directory (float or quantised)")->required();
    exp->add_option("--out", csv_out, "CSV file to write")->required();
    sim::cli::one_line_errors(app);
    CLI11_PARSE(app, argc, argv);
    try {
        if (*imp) return run_import(onnx, out, import_widths, calib, data, scu);
        if (*exp) return export_topology(dir, csv_out);
        if (*scc) return run_sc_accuracy(sca);
        if (*zoo) return make_zoo(zoo_name, zoo_last, out, dw, calib, seed);
        compiler::HwConfig hw = tool_hw();
        for (const auto* opt : {run_sc_length_opt, run_sc_rng_opt, run_sc_sharing_opt}) {
            if (!opt->count()) continue;
            if (!hw.stochastic())
                throw std::invalid_argument(
                    fmt::format("{}: this rsacc-net's accelerator model has the exact MAC (make "
                                "net ENGINE=rtl DW=8 MAC=sc builds the stochastic one)",
                                opt->get_name()));
            if (engine != "rtl")
                throw std::invalid_argument(fmt::format(
                    "{}: a setting of the RTL's stochastic MAC, for --engine rtl (rsacc-net "
                    "sc-accuracy runs the bit-true model)",
                    opt->get_name()));
        }
        if (run_sc_length_opt->count()) hw.sc.length = run_sc_length;
        if (run_sc_rng_opt->count()) hw.sc.rng = golden::sc::parse_rng(run_sc_rng);
        if (run_sc_sharing_opt->count()) hw.sc.sharing = golden::sc::parse_sharing(run_sc_sharing);
        hw.validate();
        NetLayerOptions nopt;
        nopt.objective = compiler::parse_objective(objective);
        nopt.cycles_within = sim::cli::cycles_within(within_opt, cycles_within,
                                                     nopt.objective == compiler::Objective::Cycles);
        nopt.rlc = rlc;
        return run_net(dir, images, data, report_dir, engine, batch, seed, hw, nopt);
    } catch (const std::exception& e) {
        fmt::print(stderr, "rsacc-net: {}\n", e.what());
        return 1;
    }
}
