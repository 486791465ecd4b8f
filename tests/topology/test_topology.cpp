// Topology reader, layer zoo and LayerShape::validate.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "golden/topology.hpp"

using namespace golden;
using Catch::Matchers::Contains;

namespace {

const std::string kData = TOPOLOGY_TEST_DATA;
const std::string kZoo = RSACC_TOPOLOGY_DIR;

int64_t total_macs(const std::vector<LayerShape>& layers) {
    int64_t sum = 0;
    for (const auto& L : layers) sum += L.macs();
    return sum;
}

std::map<std::string, LayerShape> by_name(const std::vector<LayerShape>& layers) {
    std::map<std::string, LayerShape> m;
    for (const auto& L : layers) m.emplace(L.name, L);
    return m;
}

// The reader's error message for `path`, or "" if it read fine.
std::string read_error(const std::string& path) {
    try {
        read_topology(path);
    } catch (const TopologyError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("validate accepts sane shapes and names the bad field", "[topology]") {
    LayerShape L;
    L.name = "t";
    CHECK_NOTHROW(L.validate());
    L.R = 0;
    CHECK_THROWS_WITH(L.validate(), "layer t: field 'R' = 0 must be >= 1");
    L.R = L.S = 3;
    L.pad_left = -1;
    CHECK_THROWS_WITH(L.validate(), Contains("field 'pad_left' = -1"));
    L.pad_left = 0;
    L.H = L.W = 2;
    CHECK_THROWS_WITH(L.validate(), Contains("field 'R' = 3"));
    L.pad_top = 1;  // 2 + 1 rows: the filter fits now, width still does not
    CHECK_THROWS_WITH(L.validate(), Contains("field 'S' = 3"));
    L.S = 1;
    L.C = 6;
    L.M = 4;
    L.groups = 4;
    CHECK_THROWS_WITH(L.validate(), Contains("field 'C' = 6"));
    L.C = 8;
    L.M = 6;
    CHECK_THROWS_WITH(L.validate(), Contains("field 'M' = 6"));
    L.M = 8;
    CHECK_NOTHROW(L.validate());
    L.groups = 0;
    CHECK_THROWS_WITH(L.validate(), Contains("field 'groups' = 0"));
}

TEST_CASE("every zoo file parses and layer names are unique across the zoo", "[topology]") {
    const auto files = zoo_files();
    REQUIRE(files.size() == 5);
    std::set<std::string> names;
    size_t layers = 0;
    for (const auto& f : files) {
        INFO(f);
        for (const auto& L : read_topology(f)) {
            CHECK(names.insert(L.name).second);
            CHECK(L.name.rfind(std::filesystem::path(f).stem().string() + "_", 0) ==
                  0);  // network prefix
            ++layers;
        }
    }
    CHECK(read_topologies(files).size() == layers);
    CHECK(layers == 8 + 16 + 28 + 21 + 5);
}

TEST_CASE("AlexNet CONV1-5 MACs match Eyeriss (2663 M at batch 4)", "[topology]") {
    const auto layers = by_name(read_topology(kZoo + "/alexnet.csv"));
    const std::pair<const char*, int64_t> expected[] = {// batch 1, exact
                                                        {"alexnet_conv1", 105'415'200},
                                                        {"alexnet_conv2", 223'948'800},
                                                        {"alexnet_conv3", 149'520'384},
                                                        {"alexnet_conv4", 112'140'288},
                                                        {"alexnet_conv5", 74'760'192}};
    const double rounded_m[] = {105.4, 224.0, 149.5, 112.1, 74.8};  // as quoted (conv2: 223.95)
    int64_t batch4 = 0;
    for (size_t i = 0; i < 5; ++i) {
        auto L = layers.at(expected[i].first);
        CHECK(L.macs() == expected[i].second);
        CHECK(L.macs() / 1e6 == Approx(rounded_m[i]).margin(0.06));
        L.N = 4;
        batch4 += L.macs();
    }
    CHECK(batch4 == 2'663'139'456);
    CHECK(std::llround(batch4 / 1e6) == 2663);

    // Batch from the caller reaches every layer.
    const auto b4 = read_topology(kZoo + "/alexnet.csv", 4);
    CHECK(b4.front().N == 4);
    CHECK(total_macs({b4.begin(), b4.begin() + 5}) == 2'663'139'456);
}

TEST_CASE("known ofmap sizes", "[topology]") {
    const auto zoo = read_topologies(zoo_files());
    std::map<std::string, LayerShape> layers;
    for (const auto& e : zoo) layers.emplace(e.layer.name, e.layer);
    const std::tuple<const char*, int, int> expected[] = {{"alexnet_conv1", 55, 55},
                                                          {"alexnet_conv2", 27, 27},
                                                          {"alexnet_conv5", 13, 13},
                                                          {"alexnet_fc6", 1, 1},
                                                          {"alexnet_fc8", 1, 1},
                                                          {"vgg16_conv5_3", 14, 14},
                                                          {"vgg16_fc6", 1, 1},
                                                          {"resnet18_conv1", 112, 112},
                                                          {"resnet18_layer2_0_conv1", 28, 28},
                                                          {"resnet18_layer4_0_downsample", 7, 7},
                                                          {"mobilenet_v1_conv1", 112, 112},
                                                          {"mobilenet_v1_dw2", 56, 56},
                                                          {"mobilenet_v1_dw13", 7, 7},
                                                          {"lenet5_conv1", 28, 28},
                                                          {"lenet5_conv2", 10, 10},
                                                          {"lenet5_conv3", 1, 1}};
    for (const auto& [name, E, F] : expected) {
        INFO(name);
        const auto& L = layers.at(name);
        CHECK(L.E() == E);
        CHECK(L.F() == F);
    }
    const auto& dw = layers.at("mobilenet_v1_dw7");
    CHECK((dw.groups == dw.C && dw.C == dw.M && dw.C_per_group() == 1));
    CHECK(layers.at("alexnet_conv2").groups == 2);
}

TEST_CASE("network MAC totals match the literature", "[topology]") {
    const auto vgg = read_topology(kZoo + "/vgg16.csv");
    CHECK(total_macs({vgg.begin(), vgg.begin() + 13}) == 15'346'630'656);         // ~15.3 G, conv only
    CHECK(total_macs(read_topology(kZoo + "/resnet18.csv")) == 1'814'073'344);    // ~1.8 G incl. fc
    CHECK(total_macs(read_topology(kZoo + "/mobilenet_v1.csv")) == 568'740'352);  // ~569 M
    CHECK(total_macs(read_topology(kZoo + "/lenet5.csv")) == 416'520);
    CHECK(total_macs(read_topology(kZoo + "/alexnet.csv")) == 724'406'816);
}

TEST_CASE("SCALE-Sim's own style: no Padding/Groups, trailing commas, CRLF, blank lines", "[topology]") {
    const auto layers = read_topology(kData + "/scalesim_style.csv", 2);
    REQUIRE(layers.size() == 3);
    const auto& c1 = layers[0];
    CHECK(c1.name == "Conv1");
    CHECK((c1.N == 2 && c1.H == 224 && c1.W == 224 && c1.R == 11 && c1.S == 11));
    CHECK((c1.C == 3 && c1.M == 96 && c1.stride_v == 4 && c1.stride_h == 4));
    CHECK((c1.pad_top == 0 && c1.pad_left == 0 && c1.groups == 1));
    CHECK(c1.E() == 54);
    CHECK(layers[1].name == "Conv2");
    CHECK(layers[1].E() == 23);  // SCALE-Sim lists no padding
    CHECK(layers[2].name == "Inc5b_3x3");
    CHECK(layers[2].M == 384);
}

TEST_CASE("columns are found by name, in any order and case", "[topology]") {
    const auto layers = read_topology(kData + "/shuffled_columns.csv");
    REQUIRE(layers.size() == 2);
    const auto& wide = layers[0];
    CHECK(wide.name == "wide");
    CHECK((wide.H == 10 && wide.W == 20 && wide.R == 3 && wide.S == 5));
    CHECK((wide.C == 4 && wide.M == 8 && wide.groups == 1));
    CHECK((wide.pad_top == 1 && wide.pad_bottom == 1 && wide.pad_left == 1 && wide.pad_right == 1));
    CHECK((wide.E() == 10 && wide.F() == 18));
    const auto& grouped = layers[1];
    CHECK((grouped.groups == 4 && grouped.stride_v == 2 && grouped.stride_h == 2));
    CHECK((grouped.E() == 4 && grouped.F() == 5));
}

TEST_CASE("bad input: one-line error naming file, line and field", "[topology]") {
    struct Case {
        const char* file;
        int line;
        const char* field;  // column name or the offending header entry
    };
    const auto c = GENERATE(values<Case>({
        {"bad_missing_column.csv", 1, "'Strides'"},
        {"bad_unknown_column.csv", 1, "'Dilation'"},
        {"bad_non_numeric_text.csv", 3, "field 'IFMAP Width' = 'abc'"},
        {"bad_non_numeric_float.csv", 2, "field 'Strides' = '3.5'"},
        {"bad_non_numeric_suffix.csv", 2, "field 'Channels' = '12x'"},
        {"bad_zero_size.csv", 4, "field 'Filter Height' = 0 must be >= 1"},
        {"bad_negative_size.csv", 2, "field 'Num Filter' = -8 must be >= 1"},
        {"bad_negative_padding.csv", 2, "field 'Padding' = -1 must be >= 0"},
        {"bad_filter_too_large.csv", 2, "field 'Filter Width' = 7"},
        {"bad_groups_channels.csv", 2, "field 'Channels' = 6"},
        {"bad_groups_filters.csv", 2, "field 'Num Filter' = 6"},
        {"bad_duplicate_name.csv", 4, "field 'Layer name' = 'l1'"},
        {"bad_too_few_fields.csv", 2, "field 'Groups'"},
        {"bad_too_many_fields.csv", 2, "field '7'"},
    }));
    const std::string path = kData + "/" + c.file;
    const std::string msg = read_error(path);
    INFO(msg);
    CHECK_THAT(msg, Catch::StartsWith(path + ":" + std::to_string(c.line) + ": "));
    CHECK_THAT(msg, Contains(c.field));
    CHECK(msg.find('\n') == std::string::npos);
}

TEST_CASE("missing file and duplicates across files", "[topology]") {
    CHECK_THAT(read_error(kData + "/no_such_file.csv"), Contains("no_such_file.csv: cannot read file"));
    CHECK_THAT(read_error(kData), Contains("is a directory"));
    CHECK_THROWS_AS(read_topology(kData + "/dup_a.csv", 0), TopologyError);

    const std::vector<std::string> dup = {kData + "/dup_a.csv", kData + "/dup_b.csv"};
    CHECK_THROWS_WITH(read_topologies(dup),
                      kData + "/dup_b.csv:3: field 'Layer name' = 'shared_layer' is already defined at " +
                          kData + "/dup_a.csv:2");
    CHECK_THROWS_WITH(find_layer("other_layer", dup), Contains("already defined"));

    // A user file next to the zoo: fine unless it redefines a zoo layer.
    auto files = zoo_files();
    files.push_back(kData + "/scalesim_style.csv");
    CHECK_NOTHROW(read_topologies(files));
    files.back() = kData + "/zoo_clash.csv";
    CHECK_THROWS_WITH(
        find_layer("my_layer", files),
        Contains("zoo_clash.csv:3: field 'Layer name' = 'alexnet_conv1' is already defined at"));
}

TEST_CASE("find_layer finds by exact name and suggests close names", "[topology]") {
    const auto zoo = zoo_files();
    const auto L = find_layer("alexnet_conv3", zoo, 3);
    CHECK((L.N == 3 && L.C == 256 && L.M == 384 && L.E() == 13));
    const auto e = find_layer_entry("lenet5_conv2", zoo);
    CHECK_THAT(e.file, Contains("lenet5.csv"));
    CHECK(e.line == 3);
    CHECK_THROWS_WITH(find_layer("alexnet_cnv3", zoo), Contains("did you mean alexnet_conv3"));
    CHECK_THROWS_WITH(find_layer("no_such_layer_at_all", zoo), Contains("not found"));
}
