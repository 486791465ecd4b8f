// SPDX-License-Identifier: Apache-2.0
// DRAM traffic of a command list (compiler/dram_traffic.hpp). schedule_traffic is in
// layer_program.cpp, next to the scheduler it runs.
#include "compiler/dram_traffic.hpp"

#include <numeric>

namespace compiler {

using contract::DataType;

int64_t DramTraffic::read_total() const {
    return std::accumulate(read.begin(), read.end(), int64_t{0});
}

int64_t DramTraffic::write_total() const {
    return std::accumulate(write.begin(), write.end(), int64_t{0});
}

void DramTraffic::add_command_list(int64_t commands) {
    read[size_t(DataType::Command)] += (1 + commands * contract::kCmdWords) * contract::kBeatBytes;
}

void DramTraffic::add(const contract::FillCmd& c) {
    read[size_t(c.dtype)] += int64_t(c.count0 * c.count1 * c.count2) * contract::kBeatBytes;
}

void DramTraffic::add(const contract::DrainCmd& c) {
    write[size_t(c.dtype)] += int64_t(c.n * c.m * c.e * c.pitch) * contract::kBeatBytes;
}

nlohmann::json DramTraffic::to_json() const {
    nlohmann::json r, w;
    for (int t = 0; t < contract::kNumDataTypes; ++t) {
        r[contract::to_string(DataType(t))] = read[size_t(t)];
        w[contract::to_string(DataType(t))] = write[size_t(t)];
    }
    return {{"total", total()}, {"read", r}, {"write", w}};
}

DramTraffic command_list_traffic(const std::vector<contract::Command>& commands) {
    DramTraffic t;
    t.add_command_list(int64_t(commands.size()));
    for (const auto& c : commands) {
        if (c.op() == contract::FillCmd::kOpcode) t.add(contract::FillCmd::decode(c));
        else if (c.op() == contract::DrainCmd::kOpcode) t.add(contract::DrainCmd::decode(c));
    }
    return t;
}

}  // namespace compiler
