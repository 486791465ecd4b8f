// SPDX-License-Identifier: Apache-2.0
// DRAM bytes a layer's command list moves, by data type (contract::DataType), as the accelerator
// moves them: the command fetch reads the list (a header word and kCmdWords words per command),
// a fill reads count0 * count1 * count2 words, a drain writes n * m * e ofmap rows of `pitch`
// words. These per-command rules are the only place the bytes are worked out; both the compiled
// program (command_list_traffic, from its encoded commands) and the mapper (schedule_traffic,
// running the command compiler's own scheduler without emitting) count with them.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/buffer_plan.hpp"
#include "compiler/hw_config.hpp"
#include "golden/layer.hpp"
#include "rsacc/contract.hpp"

namespace compiler {

struct DramTraffic {
    // Bytes read and written, by contract::DataType.
    std::array<int64_t, contract::kNumDataTypes> read{}, write{};

    int64_t bytes(contract::DataType t) const { return read[size_t(t)] + write[size_t(t)]; }
    int64_t read_total() const;
    int64_t write_total() const;
    int64_t total() const { return read_total() + write_total(); }
    // The list itself: header word + kCmdWords words per command (OpEnd included).
    void add_command_list(int64_t commands);
    void add(const contract::FillCmd& c);   // count0 * count1 * count2 words read
    void add(const contract::DrainCmd& c);  // n * m * e rows of pitch words written
    bool operator==(const DramTraffic& o) const { return read == o.read && write == o.write; }
    // {"total": bytes, "read": {"command": .., ..}, "write": {..}} (every data type listed).
    nlohmann::json to_json() const;
};

// The traffic of an encoded command list (ending with OpEnd), from its fills and drains.
DramTraffic command_list_traffic(const std::vector<contract::Command>& commands);

// The traffic of the program compile_layer would emit for pass shape `s` of `layer` on `hw`
// (with a bias per filter when `bias`) in loop order `order` (compiler/mapper.hpp), from the
// same scheduler, without encoding it. Throws
// std::invalid_argument ("layer NAME: ...") when the layer exceeds a command field (the checks
// compile_layer makes on the layer); the shape itself is not checked (evaluate_mapping does).
enum class LoopOrder;
DramTraffic schedule_traffic(const golden::LayerShape& layer, const PassShape& s,
                             const HwConfig& hw, bool bias, LoopOrder order);

}  // namespace compiler
