// Data, comparison, energy and report of sim/layer_sim.hpp.
#include "sim/layer_sim.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace sim {

const char* to_string(AccelStatus s) {
    switch (s) {
        case AccelStatus::Ok: return "ok";
        case AccelStatus::BadOpcode: return "bad opcode";
        case AccelStatus::NoEnd: return "command list without OpEnd";
        case AccelStatus::BadPass: return "pass with a zero dimension";
    }
    return "unknown";
}

LayerData random_layer_data(const golden::LayerShape& L, const golden::Numerics& nx, bool bias,
                            double zero_fraction, std::mt19937_64& rng) {
    std::uniform_int_distribution<int64_t> val(nx.data_min(), nx.data_max());
    std::bernoulli_distribution zero(zero_fraction);
    auto fill = [&](golden::ActTensor& t) {
        for (auto& v : t.data) v = zero(rng) ? 0 : int32_t(val(rng));
    };
    LayerData d;
    d.ifmap = golden::ActTensor(L.N, L.C, L.H, L.W);
    d.filter = golden::ActTensor(L.M, L.C_per_group(), L.R, L.S);
    fill(d.ifmap);
    fill(d.filter);
    if (bias) {
        const int64_t lim = int64_t{1} << (nx.acc_width - 2);
        std::uniform_int_distribution<int64_t> b(-lim, lim);
        d.bias.resize(size_t(L.M));
        for (auto& v : d.bias) v = b(rng);
    }
    return d;
}

int auto_shift(const golden::LayerShape& L, const golden::Numerics& nx, const LayerData& d) {
    const auto acc = golden::accumulate(L, nx, d.ifmap, d.filter, d.bias);
    int64_t mx = 0;
    for (int64_t v : acc.data) mx = std::max(mx, v < 0 ? -(v + 1) : v);
    int bits = 0;
    while (bits < 63 && (mx >> bits) != 0) ++bits;
    return std::clamp(bits + 1 - nx.data_width, 0, nx.acc_width - 1);
}

LayerCheck compare_ofmaps(golden::ActTensor expected, golden::ActTensor got) {
    LayerCheck c;
    if (expected.dim != got.dim) throw std::logic_error("compare_ofmaps: shapes differ");
    for (int n = 0; n < expected.dim[0]; ++n)
        for (int m = 0; m < expected.dim[1]; ++m)
            for (int e = 0; e < expected.dim[2]; ++e)
                for (int f = 0; f < expected.dim[3]; ++f)
                    if (expected(n, m, e, f) != got(n, m, e, f)) {
                        if (c.first.size() < 10)
                            c.first.push_back({n, m, e, f, expected(n, m, e, f), got(n, m, e, f)});
                        ++c.mismatches;
                    }
    c.expected = std::move(expected);
    c.got = std::move(got);
    return c;
}

EnergyCosts EnergyCosts::parse(const std::string& spec) {
    EnergyCosts c;
    std::stringstream ss(spec);
    std::string item;
    std::set<std::string> seen;
    while (std::getline(ss, item, ',')) {
        const auto eq = item.find('=');
        auto bad = [&](const char* why) {
            throw std::invalid_argument(fmt::format("energy costs: item '{}' {}", item, why));
        };
        if (eq == std::string::npos) bad("is not key=value");
        const std::string key = item.substr(0, eq), val = item.substr(eq + 1);
        if (!seen.insert(key).second) bad("sets a key a second time");
        char* end = nullptr;
        const double v = std::strtod(val.c_str(), &end);
        if (val.empty() || *end != '\0' || !std::isfinite(v) || v < 0) bad("needs a finite number >= 0");
        if (key == "dram") c.dram = v;
        else if (key == "glb") c.glb = v;
        else if (key == "noc") c.noc = v;
        else if (key == "spad") c.spad = v;
        else if (key == "mac") c.mac = v;
        else bad("has an unknown key (dram, glb, noc, spad, mac)");
    }
    return c;
}

nlohmann::json EnergyCosts::to_json() const {
    return {{"dram", dram}, {"glb", glb}, {"noc", noc}, {"spad", spad}, {"mac", mac}};
}

nlohmann::json layer_report(const LayerOutcome& o, const EnergyCosts& costs) {
    const auto& P = o.program;
    const auto& L = P.layer;
    const auto& M = P.mapping;
    const auto& perf = o.run.perf;
    const int pes = P.hw.pes();
    const int64_t macs = L.macs();
    const uint64_t cycles = o.run.cycles;

    nlohmann::json j;
    j["layer"] = {{"name", L.name}, {"N", L.N}, {"C", L.C}, {"H", L.H}, {"W", L.W}, {"M", L.M},
                  {"R", L.R}, {"S", L.S}, {"E", L.E()}, {"F", L.F()},
                  {"stride_v", L.stride_v}, {"stride_h", L.stride_h},
                  {"pad", {L.pad_top, L.pad_bottom, L.pad_left, L.pad_right}}, {"groups", L.groups}};
    j["hardware"] = {{"rows", P.hw.rows}, {"cols", P.hw.cols}, {"pes", pes},
                     {"filter_spad_words", P.hw.filter_words}, {"ifmap_spad_words", P.hw.ifmap_words},
                     {"psum_spad_words", P.hw.psum_words}, {"data_width", P.hw.data_width},
                     {"acc_width", P.hw.acc_width}, {"glb_bytes", P.hw.glb_bytes},
                     {"glb_banks", P.hw.glb_banks()}, {"mac", "exact"}};
    j["mapping"] = M.to_json();
    j["mapping"]["passes"] = P.passes;
    j["program"] = P.to_json();
    j["requant"] = {{"shift", P.options.shift}, {"relu", P.options.relu}, {"bias", P.options.bias}};
    j["cycles"] = cycles;
    j["cycles_by_phase"] = {{"fetch", perf[kPerfCyclesFetch]}, {"fill", perf[kPerfCyclesFill]},
                            {"pe_ids", perf[kPerfCyclesIds]}, {"pass_run", perf[kPerfCyclesRun]},
                            {"drain", perf[kPerfCyclesDrain]}};
    j["mapper_estimate_cycles"] = M.cycles;
    j["macs"] = macs;
    j["ideal_cycles"] = (macs + pes - 1) / pes;
    // The layer's MACs over the PE-cycles it took: only meaningful for a run that finished (a
    // timed-out run did a fraction of the MACs), null otherwise.
    if (o.run.done && cycles)
        j["utilization"] = double(macs) / (double(cycles) * pes);
    else
        j["utilization"] = nullptr;
    j["active_pes"] = M.active_pes;
    j["pe_mac_ops"] = perf[kPerfMac] + perf[kPerfZeroSkip];
    j["zero_skipped_macs"] = perf[kPerfZeroSkip];

    nlohmann::json dram_r, dram_w, glb_r, glb_w;
    for (int t = 0; t < kDataTypes; ++t) {
        const char* name = to_string(DataType(t));
        dram_r[name] = perf[kPerfDramRead + t] * 8;
        dram_w[name] = perf[kPerfDramWrite + t] * 8;
        glb_r[name] = perf[kPerfGlbRead + t];
        glb_w[name] = perf[kPerfGlbWrite + t];
    }
    j["dram_read_bytes"] = dram_r;
    j["dram_write_bytes"] = dram_w;
    j["dram_model"] = o.dram.to_json();
    j["glb_reads_words64"] = glb_r;
    j["glb_writes_words64"] = glb_w;
    j["spad"] = {{"filter", {{"reads", perf[kPerfFilterSpadRead]}, {"writes", perf[kPerfFilterSpadWrite]}}},
                 {"ifmap", {{"reads", perf[kPerfIfmapSpadRead]}, {"writes", perf[kPerfIfmapSpadWrite]}}},
                 {"psum", {{"reads", perf[kPerfPsumSpadRead]}, {"writes", perf[kPerfPsumSpadWrite]}}}};
    j["noc_transfers"] = {{"filter", perf[kPerfNocFilter]}, {"ifmap", perf[kPerfNocIfmap]},
                          {"psum_in", perf[kPerfNocPsum]}, {"psum_out", perf[kPerfArrayOut]}};

    // Energy estimate (normalised units; see EnergyCosts).
    auto dram_words = [&](int t) {
        return double(perf[kPerfDramRead + t] + perf[kPerfDramWrite + t]) * 4.0;
    };
    auto glb_words = [&](int t) {
        return double(perf[kPerfGlbRead + t] + perf[kPerfGlbWrite + t]) * 4.0;
    };
    nlohmann::json e_dram, e_glb;
    double dram_total = 0, glb_total = 0;
    for (int t = 0; t < kDataTypes; ++t) {
        const char* name = to_string(DataType(t));
        e_dram[name] = costs.dram * dram_words(t);
        e_glb[name] = costs.glb * glb_words(t);
        dram_total += costs.dram * dram_words(t);
        glb_total += costs.glb * glb_words(t);
    }
    const double noc_f = costs.noc * double(perf[kPerfNocFilter]);
    const double noc_i = costs.noc * double(perf[kPerfNocIfmap]);
    const double noc_p = costs.noc * double(perf[kPerfNocPsum] + perf[kPerfArrayOut]);
    const double sp_f = costs.spad * double(perf[kPerfFilterSpadRead] + perf[kPerfFilterSpadWrite]);
    const double sp_i = costs.spad * double(perf[kPerfIfmapSpadRead] + perf[kPerfIfmapSpadWrite]);
    const double sp_p = costs.spad * double(perf[kPerfPsumSpadRead] + perf[kPerfPsumSpadWrite]);
    const double mac = costs.mac * double(perf[kPerfMac]);
    const double total = dram_total + glb_total + noc_f + noc_i + noc_p + sp_f + sp_i + sp_p + mac;
    j["energy"] = {
        {"units", "normalised to one MAC (Eyeriss JSSC 2017 costs); an estimate from access "
                  "counts, not a circuit model"},
        {"costs", costs.to_json()},
        {"dram", {{"total", dram_total}, {"by_type", e_dram}}},
        {"glb", {{"total", glb_total}, {"by_type", e_glb}}},
        {"noc", {{"total", noc_f + noc_i + noc_p},
                 {"by_type", {{"filter", noc_f}, {"ifmap", noc_i}, {"psum", noc_p}}}}},
        {"spad", {{"total", sp_f + sp_i + sp_p},
                  {"by_type", {{"filter", sp_f}, {"ifmap", sp_i}, {"psum", sp_p}}}}},
        {"mac", {{"total", mac}}},
        {"total", total},
        {"per_mac", macs ? total / double(macs) : 0.0}};

    nlohmann::json first = nlohmann::json::array();
    for (const auto& m : o.check.first)
        first.push_back({{"n", m.n}, {"m", m.m}, {"e", m.e}, {"f", m.f},
                         {"expected", m.expected}, {"got", m.got}});
    j["mismatches"] = o.check.mismatches;
    j["first_mismatches"] = first;
    j["accelerator_status"] = to_string(AccelStatus(o.run.status));
    j["timed_out"] = o.run.timed_out;
    j["assertion_failed"] = o.run.assertion_failed;
    j["status"] = o.status();
    j["sim_wall_seconds"] = o.run.wall_seconds;
    j["sim_khz"] = o.run.khz();
    return j;
}

}  // namespace sim
