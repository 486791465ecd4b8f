// SPDX-License-Identifier: Apache-2.0
// The report of sim/layer_report.hpp.
#include "sim/layer_report.hpp"

#include <fmt/format.h>

#include "compiler/dram_traffic.hpp"
#include "compiler/roofline.hpp"

namespace sim {

nlohmann::json layer_sizes_json(const golden::LayerShape& L) {
    return {{"N", L.N},
            {"C", L.C},
            {"H", L.H},
            {"W", L.W},
            {"M", L.M},
            {"R", L.R},
            {"S", L.S},
            {"E", L.E()},
            {"F", L.F()},
            {"stride_v", L.stride_v},
            {"stride_h", L.stride_h},
            {"groups", L.groups}};
}

nlohmann::json stochastic_mac_json(const compiler::HwConfig& hw) {
    return {{"length", hw.sc.length},
            {"rng", golden::sc::to_string(hw.sc.rng)},
            {"sharing", golden::sc::to_string(hw.sc.sharing)},
            {"lanes", hw.sc.lanes},
            {"max_length", 1 << hw.sc_max_log2_length},
            {"cycles_per_mac", hw.mac_cycles()}};
}

nlohmann::json rlc_report(const LayerOutcome& o) {
    const auto& opt = o.program.options;
    if (!opt.rlc && !opt.rlc_ofmap) return nullptr;
    const auto plain = compiler::command_list_traffic(o.program.commands);
    const auto opt_json = [](const std::optional<uint64_t>& v) {
        return v ? nlohmann::json(*v) : nlohmann::json();
    };
    const auto ratio = [](uint64_t moved, int64_t unc) {
        return unc ? nlohmann::json(double(moved) / double(unc)) : nlohmann::json();
    };
    nlohmann::json j = {{"bytes_match", o.rlc_bytes_ok()}};
    if (opt.rlc) {
        const int64_t unc = plain.read[size_t(contract::DataType::Ifmap)];
        j.update({{"ifmap_bytes_moved", o.ifmap_read_bytes()},
                  {"ifmap_bytes_uncompressed", unc},
                  {"ratio", ratio(o.ifmap_read_bytes(), unc)},
                  {"expected_ifmap_bytes", opt_json(o.rlc_expected_ifmap_bytes)}});
    }
    if (opt.rlc_ofmap) {
        const int64_t unc = plain.write[size_t(contract::DataType::Ofmap)];
        j.update({{"ofmap_bytes_moved", o.ofmap_write_bytes()},
                  {"ofmap_bytes_uncompressed", unc},
                  {"ofmap_ratio", ratio(o.ofmap_write_bytes(), unc)},
                  {"expected_ofmap_bytes", opt_json(o.rlc_expected_ofmap_bytes)}});
    }
    return j;
}

compiler::Roofline outcome_roofline(const LayerOutcome& o) {
    const auto& P = o.program;
    compiler::Roofline roof = compiler::roofline(P.layer, P.hw, P.options.bias);
    if (o.rlc_activation_bytes)
        roof.rlc_bytes = int64_t(*o.rlc_activation_bytes) + roof.filter_bytes + roof.bias_bytes;
    return roof;
}

nlohmann::json layer_report(const LayerOutcome& o, const compiler::EnergyCosts& costs) {
    using namespace contract;
    const auto& P = o.program;
    const auto& L = P.layer;
    const auto& M = P.mapping;
    const auto& perf = o.run.perf;
    const int pes = P.hw.pes();
    const int64_t macs = L.macs();
    const uint64_t cycles = o.run.cycles;

    nlohmann::json j;
    j["layer"] = layer_sizes_json(L);
    j["layer"]["name"] = L.name;
    j["layer"]["pad"] = {L.pad_top, L.pad_bottom, L.pad_left, L.pad_right};
    j["hardware"] = {{"rows", P.hw.rows},
                     {"cols", P.hw.cols},
                     {"pes", pes},
                     {"filter_spad_words", P.hw.filter_words},
                     {"ifmap_spad_words", P.hw.ifmap_words},
                     {"psum_spad_words", P.hw.psum_words},
                     {"data_width", P.hw.data_width},
                     {"acc_width", P.hw.acc_width},
                     {"glb_bytes", P.hw.glb_bytes},
                     {"glb_banks", P.hw.glb_banks()},
                     {"mac", P.hw.stochastic() ? "sc" : "exact"},
                     {"mac_cycles", P.hw.mac_cycles()}};
    if (P.hw.stochastic())
        j["hardware"].update({{"sc_lanes", P.hw.sc.lanes},
                              {"sc_max_length", 1 << P.hw.sc_max_log2_length},
                              {"sc_length", P.hw.sc.length},
                              {"sc_rng", golden::sc::to_string(P.hw.sc.rng)},
                              {"sc_sharing", golden::sc::to_string(P.hw.sc.sharing)}});
    j["mapping"] = M.to_json();
    j["mapping"]["passes"] = P.passes;
    j["program"] = P.to_json();
    j["requant"] = {{"shift", P.options.shift}, {"relu", P.options.relu}, {"bias", P.options.bias}};
    j["rlc"] = rlc_report(o);
    j["cycles"] = cycles;
    nlohmann::json by_phase;
    for (int ph = 0; ph < kNumPhases; ++ph)
        by_phase[to_string(Phase(ph))] = perf[kPerfCyclesInPhase + ph];
    j["cycles_by_phase"] = by_phase;
    j["mapper_estimate_cycles"] = M.cycles;
    j["macs"] = macs;
    // A stochastic MAC holds its PE mac_cycles() cycles (HwConfig::mac_cycles).
    j["ideal_cycles"] = (macs * P.hw.mac_cycles() + pes - 1) / pes;
    // The layer's MACs over the PE-cycles it took: only meaningful for a run that finished (a
    // timed-out run did a fraction of the MACs), null otherwise.
    if (o.run.done && cycles) j["utilization"] = double(macs) / (double(cycles) * pes);
    else j["utilization"] = nullptr;
    // The roofline (compiler/roofline.hpp): compute and DRAM bounds at the link rate the mapper
    // assumed, the run's cycles against the larger (null unless the run finished).
    const compiler::Roofline roof = outcome_roofline(o);
    j["roofline"] = roof.to_json(o.run.done ? int64_t(cycles) : 0);
    if (!o.run.done || !cycles) j["roofline"]["fraction_of_roofline"] = nullptr;
    j["roofline"]["mapper_estimate_fraction"] = roof.fraction_of(M.cycles);
    j["active_pes"] = M.active_pes;
    j["pe_mac_ops"] = perf[kPerfMac] + perf[kPerfZeroSkip];
    j["zero_skipped_macs"] = perf[kPerfZeroSkip];

    nlohmann::json dram_r, dram_w, glb_r, glb_w;
    for (int t = 0; t < kNumDataTypes; ++t) {
        const char* name = to_string(DataType(t));
        dram_r[name] = perf[kPerfDramRead + t] * kBeatBytes;
        dram_w[name] = perf[kPerfDramWrite + t] * kBeatBytes;
        glb_r[name] = perf[kPerfGlbRead + t];
        glb_w[name] = perf[kPerfGlbWrite + t];
    }
    j["dram_read_bytes"] = dram_r;
    j["dram_write_bytes"] = dram_w;
    j["dram_model"] = o.dram.to_json();
    j["glb_reads_words64"] = glb_r;
    j["glb_writes_words64"] = glb_w;
    j["spad"] = {
        {"filter", {{"reads", perf[kPerfFilterSpadRead]}, {"writes", perf[kPerfFilterSpadWrite]}}},
        {"ifmap", {{"reads", perf[kPerfIfmapSpadRead]}, {"writes", perf[kPerfIfmapSpadWrite]}}},
        {"psum", {{"reads", perf[kPerfPsumSpadRead]}, {"writes", perf[kPerfPsumSpadWrite]}}}};
    j["noc_transfers"] = {{"filter", perf[kPerfNocFilter]},
                          {"ifmap", perf[kPerfNocIfmap]},
                          {"psum_in", perf[kPerfNocPsum]},
                          {"psum_out", perf[kPerfArrayOut]}};

    // Energy estimate (normalised units; see EnergyCosts).
    j["energy"] = compiler::energy_estimate(perf, costs, macs, P.hw.stochastic());

    j["mismatches"] = o.check.mismatches;
    j["first_mismatches"] = o.check.first;
    j["accelerator_status"] = to_string(Status(o.run.status));
    j["timed_out"] = o.run.timed_out;
    j["assertion_failed"] = o.run.assertion_failed;
    j["status"] = o.status();
    j["sim_wall_seconds"] = o.run.wall_seconds;
    j["sim_khz"] = o.run.khz();
    return j;
}

std::string result_line(const LayerOutcome& o, const nlohmann::json& report) {
    const auto& util = report.at("utilization");
    return fmt::format(
        "RESULT layer={} status={} cycles={} utilization={}", o.program.layer.name, o.status(),
        o.run.cycles,
        util.is_null() ? std::string("n/a") : fmt::format("{:.4f}", util.get<double>()));
}

}  // namespace sim
