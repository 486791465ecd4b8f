// SPDX-License-Identifier: Apache-2.0
// Network descriptions on disk (docs/network.md): reading either form, writing the quantised one.
#include "sim/network.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "sim/npy.hpp"
#include "sim/output_files.hpp"

namespace sim::net {
namespace fs = std::filesystem;
using nlohmann::json;

const char* to_string(Op op) {
    switch (op) {
        case Op::Conv: return "conv";
        case Op::Fc: return "fc";
        case Op::MaxPool: return "maxpool";
        case Op::AvgPool: return "avgpool";
    }
    return "?";
}

golden::LayerShape Layer::shape(int batch) const {
    golden::LayerShape L;
    L.name = name;
    L.N = batch;
    L.C = in[0];
    L.H = in[1];
    L.W = in[2];
    L.M = M;
    L.R = R;
    L.S = S;
    L.stride_v = stride[0];
    L.stride_h = stride[1];
    L.pad_top = pads[0];
    L.pad_bottom = pads[1];
    L.pad_left = pads[2];
    L.pad_right = pads[3];
    L.groups = groups;
    return L;
}

namespace {

struct Reader {
    std::string file;  // for messages
    [[noreturn]] void fail(const std::string& where, const std::string& what) const {
        throw std::runtime_error(fmt::format("{}: {}: {}", file, where, what));
    }
    const json& at(const json& j, const std::string& where, const char* key) const {
        if (!j.is_object() || !j.contains(key)) fail(where, fmt::format("missing field '{}'", key));
        return j.at(key);
    }
    int integer(const json& j, const std::string& where, const char* key, int lo, int hi) const {
        const json& v = at(j, where, key);
        if (!v.is_number_integer()) fail(where + "." + key, "not an integer");
        const int64_t x = v.get<int64_t>();
        if (x < lo || x > hi)
            fail(where + "." + key, fmt::format("{} is outside [{}, {}]", x, lo, hi));
        return int(x);
    }
    template <size_t N>
    std::array<int, N> ints(const json& j, const std::string& where, const char* key, int lo,
                            int hi) const {
        const json& v = at(j, where, key);
        if (!v.is_array() || v.size() != N)
            fail(where + "." + key, fmt::format("expected {} integers", N));
        std::array<int, N> a{};
        for (size_t i = 0; i < N; ++i) {
            if (!v[i].is_number_integer() || v[i].get<int64_t>() < lo || v[i].get<int64_t>() > hi)
                fail(where + "." + key,
                     fmt::format("element {} is not an integer in [{}, {}]", i, lo, hi));
            a[i] = v[i].get<int>();
        }
        return a;
    }
    std::string text(const json& j, const std::string& where, const char* key) const {
        const json& v = at(j, where, key);
        if (!v.is_string()) fail(where + "." + key, "not a string");
        return v.get<std::string>();
    }
};

int64_t product(const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

}  // namespace

namespace {

Network read_network_json(const std::string& dir);

}  // namespace

Network read_network(const std::string& dir) {
    try {
        return read_network_json(dir);
    } catch (const json::exception& e) {  // a field of the wrong JSON type
        throw std::runtime_error(
            fmt::format("{}: {}", (fs::path(dir) / "network.json").string(), e.what()));
    }
}

namespace {

Network read_network_json(const std::string& dir) {
    const fs::path file = fs::path(dir) / "network.json";
    Reader rd{file.string()};
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error(fmt::format("{}: cannot open (no network here?)", file.string()));
    json j;
    try {
        j = json::parse(in);
    } catch (const json::exception& e) {
        throw std::runtime_error(fmt::format("{}: not JSON: {}", file.string(), e.what()));
    }
    Network net;
    const std::string format = rd.text(j, "network", "format");
    if (format != "rsacc-network" && format != "rsacc-network-float")
        rd.fail("format",
                fmt::format("'{}' is neither rsacc-network nor rsacc-network-float", format));
    net.quantised = format == "rsacc-network";
    if (rd.integer(j, "network", "version", 0, 1000) != 1)
        rd.fail("version", "only version 1 is read");
    net.name = rd.text(j, "network", "name");
    net.source = j.value("source", "");
    const json& input = rd.at(j, "network", "input");
    net.input = rd.ints<3>(input, "input", "shape", 1, 1 << 16);
    if (net.quantised) {
        net.input_shift = rd.integer(input, "input", "shift", 0, 7);
        const json& nx = rd.at(j, "network", "numerics");
        net.numerics.data_width = rd.integer(nx, "numerics", "data_width", 8, 16);
        net.numerics.acc_width = rd.integer(nx, "numerics", "acc_width", 16, 62);
        try {
            net.numerics.validate();
        } catch (const std::invalid_argument& e) {
            rd.fail("numerics", e.what());
        }
        net.calibration_images = j.value("calibration_images", 0);
    }
    const json& layers = rd.at(j, "network", "layers");
    if (!layers.is_array() || layers.empty()) rd.fail("layers", "must be a non-empty list");
    std::array<int, 3> shape = net.input;
    for (size_t i = 0; i < layers.size(); ++i) {
        const json& lj = layers[i];
        const std::string where = fmt::format("layers[{}]", i);
        Layer l;
        l.name = rd.text(lj, where, "name");
        const std::string op = rd.text(lj, where, "op");
        if (op == "conv") l.op = Op::Conv;
        else if (op == "fc") l.op = Op::Fc;
        else if (op == "maxpool") l.op = Op::MaxPool;
        else if (op == "avgpool") l.op = Op::AvgPool;
        else rd.fail(where + ".op", fmt::format("'{}' is not conv, fc, maxpool or avgpool", op));
        l.in = rd.ints<3>(lj, where, "in", 1, 1 << 16);
        l.out = rd.ints<3>(lj, where, "out", 1, 1 << 16);
        if (l.in != shape)
            rd.fail(where + ".in",
                    fmt::format("{}x{}x{} is not the previous output {}x{}x{}", l.in[0], l.in[1],
                                l.in[2], shape[0], shape[1], shape[2]));
        l.stride = rd.ints<2>(lj, where, "stride", 1, 64);
        l.pads = rd.ints<4>(lj, where, "pads", 0, 64);
        std::array<int, 3> expect{};
        if (l.on_accelerator()) {
            l.M = rd.integer(lj, where, "M", 1, 1 << 16);
            l.R = rd.integer(lj, where, "R", 1, 1 << 10);
            l.S = rd.integer(lj, where, "S", 1, 1 << 10);
            l.groups = rd.integer(lj, where, "groups", 1, 1 << 16);
            if (!rd.at(lj, where, "relu").is_boolean())
                rd.fail(where + ".relu", "not true or false");
            l.relu = lj.at("relu").get<bool>();
            try {
                l.shape(1).validate();
            } catch (const std::invalid_argument& e) {
                rd.fail(where, e.what());
            }
            expect = {l.M, l.shape(1).E(), l.shape(1).F()};
            if (l.out != expect)  // before the tensors: their sizes follow from the shape
                rd.fail(where + ".out",
                        fmt::format("{}x{}x{} does not follow from the layer ({}x{}x{})", l.out[0],
                                    l.out[1], l.out[2], expect[0], expect[1], expect[2]));
            const int64_t wn = int64_t(l.M) * (l.in[0] / l.groups) * l.R * l.S;
            const std::string wfile = (fs::path(dir) / rd.text(lj, where, "weight")).string();
            const std::string bfile = (fs::path(dir) / rd.text(lj, where, "bias")).string();
            if (net.quantised) {
                l.qweight = read_npy_tensor4(wfile);
                l.qbias = read_npy_vector(bfile);
                const std::array<int, 4> wd{l.M, l.in[0] / l.groups, l.R, l.S};
                if (l.qweight.dim != wd)
                    rd.fail(where + ".weight",
                            fmt::format("{} has shape {}x{}x{}x{}, expected "
                                        "{}x{}x{}x{}",
                                        wfile, l.qweight.dim[0], l.qweight.dim[1], l.qweight.dim[2],
                                        l.qweight.dim[3], wd[0], wd[1], wd[2], wd[3]));
                if (int64_t(l.qbias.size()) != l.M)
                    rd.fail(where + ".bias", fmt::format("{} has {} values, expected {}", bfile,
                                                         l.qbias.size(), l.M));
                l.shift = rd.integer(lj, where, "shift", 0, 62);
                l.weight_frac = rd.integer(lj, where, "weight_frac", -64, 64);
                l.out_frac = rd.integer(lj, where, "out_frac", -64, 64);
                if (lj.contains("upscale")) {
                    const auto u = rd.ints<2>(lj, where, "upscale", 0, 16);
                    l.upscale = {u[0], u[1]};
                    net.upscaled = true;
                }
            } else {
                auto w = read_npy_real(wfile);
                auto b = read_npy_real(bfile);
                if (product(w.shape) != wn)
                    rd.fail(where + ".weight", fmt::format("{} has {} values, expected {}", wfile,
                                                           product(w.shape), wn));
                if (product(b.shape) != l.M)
                    rd.fail(where + ".bias", fmt::format("{} has {} values, expected {}", bfile,
                                                         product(b.shape), l.M));
                l.weight = std::move(w.values);
                l.bias = std::move(b.values);
            }
        } else {
            const auto k = rd.ints<2>(lj, where, "kernel", 1, 64);
            l.pool.kernel_h = k[0];
            l.pool.kernel_w = k[1];
            l.pool.stride_v = l.stride[0];
            l.pool.stride_h = l.stride[1];
            l.pool.pad_top = l.pads[0];
            l.pool.pad_bottom = l.pads[1];
            l.pool.pad_left = l.pads[2];
            l.pool.pad_right = l.pads[3];
            if (lj.contains("count_include_pad") && !lj["count_include_pad"].is_boolean())
                rd.fail(where + ".count_include_pad", "not true or false");
            l.pool.count_include_pad = lj.value("count_include_pad", false);
            try {
                l.pool.validate(l.in[1], l.in[2]);
            } catch (const std::invalid_argument& e) {
                rd.fail(where, e.what());
            }
            expect = {l.in[0], l.pool.out_h(l.in[1]), l.pool.out_w(l.in[2])};
            if (net.quantised) l.out_frac = rd.integer(lj, where, "out_frac", -64, 64);
        }
        if (l.out != expect)
            rd.fail(where + ".out",
                    fmt::format("{}x{}x{} does not follow from the layer ({}x{}x{})", l.out[0],
                                l.out[1], l.out[2], expect[0], expect[1], expect[2]));
        shape = l.out;
        net.layers.push_back(std::move(l));
    }
    net.dataset = j.value("dataset", "fashion-mnist");
    if (net.dataset != "fashion-mnist" && net.dataset != "random")
        rd.fail("dataset", fmt::format("'{}' is neither fashion-mnist nor random", net.dataset));
    net.classes = shape[1] == 1 && shape[2] == 1 ? shape[0] : 0;
    return net;
}

}  // namespace

void write_network(const Network& net, const std::string& dir) {
    if (!net.quantised)
        throw std::invalid_argument("write_network: only the quantised form is written");
    fs::create_directories(dir);
    json layers = json::array();
    for (const Layer& l : net.layers) {
        json lj{{"name", l.name},        {"op", to_string(l.op)}, {"in", l.in},
                {"out", l.out},          {"stride", l.stride},    {"pads", l.pads},
                {"out_frac", l.out_frac}};
        if (l.on_accelerator()) {
            const std::string w = l.name + ".weight.npy", b = l.name + ".bias.npy";
            const NpyDtype wt = net.numerics.data_width == 8 ? NpyDtype::Int8 : NpyDtype::Int16;
            write_npy((fs::path(dir) / w).string(), l.qweight, wt);
            write_npy((fs::path(dir) / b).string(), l.qbias, NpyDtype::Int64);
            lj.update({{"M", l.M},
                       {"R", l.R},
                       {"S", l.S},
                       {"groups", l.groups},
                       {"relu", l.relu},
                       {"weight", w},
                       {"bias", b},
                       {"shift", l.shift},
                       {"weight_frac", l.weight_frac}});
            if (net.upscaled) lj["upscale"] = std::array<int, 2>{l.upscale.weight, l.upscale.out};
        } else {
            lj.update({{"kernel", std::array<int, 2>{l.pool.kernel_h, l.pool.kernel_w}},
                       {"count_include_pad", l.pool.count_include_pad}});
        }
        layers.push_back(lj);
    }
    json j{{"format", "rsacc-network"},
           {"version", 1},
           {"name", net.name},
           {"source", net.source},
           {"input", {{"shape", net.input}, {"shift", net.input_shift}}},
           {"numerics",
            {{"data_width", net.numerics.data_width}, {"acc_width", net.numerics.acc_width}}},
           {"calibration_images", net.calibration_images},
           {"dataset", net.dataset},
           {"classes", net.classes}};
    std::string text = j.dump(1);
    // A layer per line, as the float form.
    text.erase(text.size() - 2);
    text += ",\n \"layers\": [\n";
    for (size_t i = 0; i < layers.size(); ++i)
        text += "  " + layers[i].dump() + (i + 1 < layers.size() ? ",\n" : "\n");
    text += " ]\n}\n";
    write_file_atomic((fs::path(dir) / "network.json").string(), text);
}

}  // namespace sim::net
