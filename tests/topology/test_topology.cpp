// SPDX-License-Identifier: Apache-2.0
// Topology reader, layer zoo and LayerShape::validate.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <climits>
#include <cmath>
#include <filesystem>
#include <fstream>
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

// lookup_layer's error message, or "" if it found the layer.
std::string lookup_error(const std::string& name, const std::vector<std::string>& files) {
    try {
        lookup_layer(name, files);
    } catch (const TopologyError& e) {
        return e.what();
    }
    return "";
}

// A file under the build's temporary directory with `content`; removed when the test ends.
struct TempFile {
    std::string path;
    explicit TempFile(const std::string& name, const std::string& content)
        : path((std::filesystem::temp_directory_path() /
                ("rsacc_topology_" + std::to_string(::getpid()) + "_" + name))
                   .string()) {
        std::ofstream(path, std::ios::binary) << content;
    }
    ~TempFile() { std::filesystem::remove(path); }
};

const std::string kHeader8 =
    "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n";

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

TEST_CASE("validate rejects shapes whose element or MAC counts overflow int64", "[topology]") {
    LayerShape L;
    L.name = "big";
    L.N = L.C = L.H = L.W = 1 << 15;  // ifmap and MACs 2^60: fit
    CHECK_NOTHROW(L.validate());
    CHECK(L.macs() == int64_t{1} << 60);
    L.N = 1 << 16;  // 2^61: still fits
    CHECK_NOTHROW(L.validate());
    CHECK(L.macs() == int64_t{1} << 61);

    L.N = L.C = L.H = L.W = 1 << 30;  // ifmap 2^120
    CHECK_THROWS_WITH(L.validate(),
                      "layer big: field 'H' = 1073741824 is too large: the ifmap element "
                      "count N*C*H*W (padded) overflows int64");

    L.N = 1;  // ifmap 2^60 fits, filter M*C*R*S = 2^70 does not
    L.C = L.H = L.W = L.R = L.S = 1 << 20;
    L.M = 1 << 10;
    CHECK_THROWS_WITH(L.validate(),
                      Contains("field 'S' = 1048576 is too large: the filter element count"));

    L.C = L.M = 1 << 22;  // ifmap 2^42, filter 2^44, ofmap 2^42, MACs 2^64
    L.H = L.W = 1 << 10;
    L.R = L.S = 1;
    CHECK_THROWS_WITH(L.validate(), Contains("field 'C' = 4194304 is too large: the MAC count"));
    L.C = 1 << 21;  // MACs 2^63: one too many
    CHECK_THROWS_WITH(L.validate(), Contains("the MAC count"));
    L.C = 1 << 20;  // 2^62
    CHECK_NOTHROW(L.validate());
    CHECK(L.macs() == int64_t{1} << 62);

    // INT_MAX everywhere: the first product to overflow is named, nothing wraps.
    LayerShape X;
    X.name = "max";
    X.N = X.C = X.H = X.W = X.M = INT_MAX;
    CHECK_THROWS_WITH(X.validate(), Contains("is too large"));
}

TEST_CASE("layer names: one rule, usable as file names", "[topology]") {
    for (const char* ok : {"a", "Conv1", "_x", "0", "alexnet_conv1", "Inc5b_3x3", "a-b.c+d", "x.y",
                           "resnet18_layer4_0_downsample"})
        CHECK_FALSE(layer_name_error(ok));
    CHECK_NOTHROW(check_layer_name(std::string(kMaxLayerNameLength, 'a')));
    const std::pair<std::string, const char*> bad[] = {
        {"", "is empty"},
        {"../x", "has a character outside [A-Za-z0-9_.+-] ('/' at position 3)"},
        {"a/b", "('/' at position 2)"},
        {"a\\b", "('\\' at position 2)"},
        {"/abs", "('/' at position 1)"},
        {"a b", "(' ' at position 2)"},
        {"tab\there", "('\\x09' at position 4)"},
        {"esc\x1b[31m", "('\\x1b' at position 4)"},
        {"caf\xc3\xa9", "position 4"},
        {".hidden", "must start with a letter, digit or '_'"},
        {"..", "must start with"},
        {"-rf", "must start with"},
        {"+1", "must start with"},
        {"a..b", "must not contain '..'"},
        {std::string(kMaxLayerNameLength + 1, 'a'), "is 101 characters long, more than 100"},
    };
    for (const auto& [name, why] : bad) {
        INFO(name);
        const auto err = layer_name_error(name);
        REQUIRE(err);
        CHECK_THAT(*err, Contains(why));
        CHECK_THROWS_AS(check_layer_name(name), std::invalid_argument);
    }
    CHECK_THROWS_WITH(
        check_layer_name("../x"),
        "layer name '../x' has a character outside [A-Za-z0-9_.+-] ('/' at position 3)");
    // Control characters never reach a message raw.
    CHECK_THROWS_WITH(check_layer_name("a\nb"), Contains("'a\\x0ab'"));
    CHECK(printable(std::string(100, 'x'), 10) == "xxxxxxxxxx...");

    // Every zoo name passes (the reader checks them too).
    for (const auto& e : read_topologies(zoo_files())) {
        INFO(e.layer.name);
        CHECK_FALSE(layer_name_error(e.layer.name));
    }
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
    CHECK(total_macs({vgg.begin(), vgg.begin() + 13}) == 15'346'630'656);  // ~15.3 G, conv only
    CHECK(total_macs(read_topology(kZoo + "/resnet18.csv")) == 1'814'073'344);    // ~1.8 G incl. fc
    CHECK(total_macs(read_topology(kZoo + "/mobilenet_v1.csv")) == 568'740'352);  // ~569 M
    CHECK(total_macs(read_topology(kZoo + "/lenet5.csv")) == 416'520);
    CHECK(total_macs(read_topology(kZoo + "/alexnet.csv")) == 724'406'816);
}

TEST_CASE("SCALE-Sim's own style: no Padding/Groups, trailing commas, CRLF, blank lines",
          "[topology]") {
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

TEST_CASE("SCALE-Sim's topologies folder: 'Layer' header, trailing spaces, blank lines",
          "[topology]") {
    std::vector<std::string> warnings;
    const auto layers = read_topology(kData + "/scalesim_alexnet.csv", 1, &warnings);
    CHECK(warnings.empty());  // "Layer" is SCALE-Sim's other spelling of "Layer name"
    REQUIRE(layers.size() == 6);
    const std::tuple<const char*, int, int, int, int, int, int> expected[] = {
        // name, H = W, R = S, C, M, stride, E
        {"Conv1", 224, 11, 3, 96, 4, 54},  {"Conv2", 27, 5, 96, 256, 1, 23},
        {"Conv3", 13, 3, 256, 384, 1, 11}, {"Conv4", 13, 3, 384, 384, 1, 11},
        {"Conv5", 13, 3, 384, 256, 1, 11}, {"FC6", 6, 6, 256, 4096, 1, 1}};
    for (size_t i = 0; i < layers.size(); ++i) {
        const auto& [name, hw, rs, c, m, stride, e] = expected[i];
        const auto& L = layers[i];
        INFO(name);
        CHECK(L.name == name);
        CHECK((L.H == hw && L.W == hw && L.R == rs && L.S == rs && L.C == c && L.M == m));
        CHECK((L.stride_v == stride && L.stride_h == stride && L.groups == 1 && L.pad_top == 0));
        CHECK((L.E() == e && L.F() == e));
    }
    CHECK(layers[0].macs() == int64_t{96} * 54 * 54 * 3 * 11 * 11);
    const auto e = read_topology_entries(kData + "/scalesim_alexnet.csv");
    CHECK((e[2].line == 5 && e[3].line == 6));  // after the blank line 4

    // A column name written twice: read by position, one warning naming file:line and the column.
    warnings.clear();
    const auto rep = read_topology(kData + "/scalesim_repeated_column.csv", 1, &warnings);
    REQUIRE(rep.size() == 2);
    CHECK((rep[0].name == "Conv1" && rep[0].H == 28 && rep[0].W == 32 && rep[0].R == 5 &&
           rep[0].S == 3));
    CHECK((rep[0].E() == 24 && rep[0].F() == 30));
    CHECK((rep[1].C == 6 && rep[1].M == 16 && rep[1].stride_v == 2));
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Catch::StartsWith(kData + "/scalesim_repeated_column.csv:1: "));
    CHECK_THAT(warnings[0], Contains("column 3 is 'IFMAP Height', expected 'IFMAP Width'"));
    CHECK(warnings[0].find('\n') == std::string::npos);
}

TEST_CASE("the first eight columns are read by position, whatever the header says", "[topology]") {
    // The header's names for columns 2-7 are shuffled and its Groups/Padding swapped: position wins
    // for the first eight (a by-name reader would give H = 20, W = 10, C = 8, M = 4), name wins after.
    std::vector<std::string> warnings;
    const auto layers = read_topology(kData + "/shuffled_columns.csv", 1, &warnings);
    REQUIRE(layers.size() == 2);
    const auto& wide = layers[0];
    CHECK(wide.name == "wide");
    CHECK((wide.H == 10 && wide.W == 20 && wide.R == 3 && wide.S == 5));
    CHECK((wide.C == 4 && wide.M == 8 && wide.groups == 1));
    CHECK((wide.pad_top == 1 && wide.pad_bottom == 1 && wide.pad_left == 1 && wide.pad_right == 1));
    CHECK((wide.E() == 10 && wide.F() == 18));
    const auto& grouped = layers[1];
    CHECK((grouped.groups == 4 && grouped.stride_v == 2 && grouped.stride_h == 2));
    CHECK((grouped.C == 4 && grouped.M == 8 && grouped.pad_top == 0));
    CHECK((grouped.E() == 4 && grouped.F() == 5));
    // One warning for the whole header, naming every column that differs.
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Catch::StartsWith(kData + "/shuffled_columns.csv:1: "));
    CHECK_THAT(warnings[0], Contains("column 2 is 'IFMAP WIDTH', expected 'IFMAP Height'"));
    CHECK_THAT(warnings[0], Contains("column 7 is 'channels', expected 'Num Filter'"));
    CHECK_THAT(warnings[0], !Contains("column 1 ") && !Contains("column 8 "));  // case differs only
    // Without the out-parameter the reader stays silent and reads the same.
    CHECK(read_topology(kData + "/shuffled_columns.csv").size() == 2);

    // Unknown columns after the eighth are ignored with one warning; known ones still apply.
    warnings.clear();
    const auto extra = read_topology(kData + "/extra_unknown_columns.csv", 1, &warnings);
    REQUIRE(extra.size() == 1);
    CHECK((extra[0].pad_top == 1 && extra[0].E() == 8 && extra[0].groups == 1));
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0],
               Contains("extra_unknown_columns.csv:1: ignoring unknown columns 'Sparsity' "
                        "(column 9), 'Note' (column 11)"));
    // The documented header gives no warning.
    warnings.clear();
    read_topologies(zoo_files(), 1, &warnings);
    CHECK(warnings.empty());
}

TEST_CASE("bad input: one-line error naming file, line and field", "[topology]") {
    struct Case {
        const char* file;
        int line;
        const char* field;  // column name or the offending header entry
    };
    const auto c = GENERATE(values<Case>({
        {"bad_missing_column.csv", 1,
         "header has 7 fields, a topology needs at least 8: missing "
         "required column 'Strides'"},
        {"bad_misspelt_extra_column.csv", 1,
         "unknown column 'Pading' (column 9): did you mean 'Padding'?"},
        {"bad_header_is_data.csv", 1, "looks like a data row, not a header"},
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
        {"bad_name_path.csv", 3,
         "field 'Layer name' = '../x' has a character outside [A-Za-z0-9_.+-] ('/' at position 3)"},
        {"bad_overflow.csv", 2,
         "field 'IFMAP Width' = 1073741824 is too large: the ifmap element count N*C*H*W (padded) "
         "overflows int64"},
    }));
    const std::string path = kData + "/" + c.file;
    const std::string msg = read_error(path);
    INFO(msg);
    CHECK_THAT(msg, Catch::StartsWith(path + ":" + std::to_string(c.line) + ": "));
    CHECK_THAT(msg, Contains(c.field));
    CHECK(msg.find('\n') == std::string::npos);
}

TEST_CASE("I/O errors and hostile files name the file", "[topology]") {
    CHECK_THAT(read_error(kData + "/no_such_file.csv"),
               Contains("no_such_file.csv: cannot read file"));
    CHECK(read_error(kData) == kData + ": is a directory, expected a topology CSV file");
    CHECK_THROWS_AS(read_topology(kData + "/dup_a.csv", 0), TopologyError);
    CHECK(read_error("/dev/zero") == "/dev/zero:1: contains a NUL byte: not a topology CSV file");
    {
        TempFile f("long_line.csv", std::string(100'000, 'a'));
        CHECK(read_error(f.path) ==
              f.path + ":1: line longer than 65536 bytes: not a topology CSV file");
    }
    {
        TempFile f("empty.csv", "");
        CHECK(read_error(f.path) == f.path + ":1: no header line");
    }
    {
        TempFile f("header_only.csv", kHeader8 + "\n ,, \n");
        CHECK(read_error(f.path) == f.path + ":3: no layers after the header");
    }
    {
        TempFile f("unreadable.csv", kHeader8 + "l1, 8, 8, 3, 3, 4, 4, 1,\n");
        std::filesystem::permissions(f.path, std::filesystem::perms::none);
        if (::access(f.path.c_str(), R_OK) != 0)  // root reads anything: nothing to test then
            CHECK(read_error(f.path) == f.path + ": cannot read file: Permission denied");
    }
    {
        // Control characters in a name or a number: escaped, the message stays one line.
        TempFile f("control.csv", kHeader8 + "l1\x1b[2J, 8, 8, 3, 3, 4, 4, 1,\n");
        const auto msg = read_error(f.path);
        CHECK(msg == f.path +
                         ":2: field 'Layer name' = 'l1\\x1b[2J' has a character outside "
                         "[A-Za-z0-9_.+-] ('\\x1b' at position 3)");
        TempFile g("control2.csv", kHeader8 + "l2, 8, 8\r5, 3, 3, 4, 4, 1,\n");
        CHECK(read_error(g.path) ==
              g.path + ":2: field 'IFMAP Width' = '8\\x0d5' is not an integer");
    }
    {
        TempFile f("long_name.csv", kHeader8 + std::string(150, 'n') + ", 8, 8, 3, 3, 4, 4, 1,\n");
        CHECK_THAT(read_error(f.path), Contains(":2: field 'Layer name' = 'nnn") &&
                                           Contains("...' is 150 characters long, more than 100"));
    }
}

TEST_CASE("names may repeat across files, and a lookup that matches several is ambiguous",
          "[topology]") {
    const std::vector<std::string> dup = {kData + "/dup_a.csv", kData + "/dup_b.csv"};
    const auto all = read_topologies(dup);
    CHECK(all.size() == 3);  // shared_layer twice, each with its own file:line
    CHECK((all[0].file == dup[0] && all[0].line == 2 && all[2].file == dup[1] && all[2].line == 3));
    CHECK(find_layer_entry("other_layer", dup).line == 2);
    CHECK_THROWS_WITH(find_layer("shared_layer", dup),
                      "layer 'shared_layer' is ambiguous: defined in " + kData + "/dup_a.csv:2, " +
                          kData + "/dup_b.csv:3; pass --topology FILE to choose");
    // Within one file a name must still be unique (bad_duplicate_name.csv above).

    // A user file next to the zoo may reuse a zoo name now.
    auto files = zoo_files();
    files.push_back(kData + "/zoo_clash.csv");
    CHECK(read_topologies(files).size() == 78 + 2);
    CHECK(find_layer("my_layer", files).H == 8);
    CHECK_THROWS_WITH(find_layer("alexnet_conv1", files),
                      Contains("layer 'alexnet_conv1' is ambiguous: defined in " + kZoo +
                               "/alexnet.csv:2, " + kData + "/zoo_clash.csv:3"));
}

TEST_CASE("lookup_layer: the user's files first, then the zoo", "[topology]") {
    const std::string alexnet = kData + "/scalesim_alexnet.csv";
    const std::string style = kData + "/scalesim_style.csv";
    const std::string clash = kData + "/zoo_clash.csv";

    // Ambiguous among the user's files: both candidates listed.
    CHECK(lookup_error("Conv1", {alexnet, style}) == "layer 'Conv1' is ambiguous: defined in " +
                                                         alexnet + ":2, " + style +
                                                         ":2; pass --topology FILE to choose");
    // The same file twice is one file.
    CHECK(lookup_layer("Conv1", {alexnet, alexnet}).file == alexnet);
    // One user file has it: used.
    CHECK(lookup_layer("Conv2", {alexnet}).layer.H == 27);
    CHECK(lookup_layer("Inc5b_3x3", {alexnet, style}).file == style);

    // The user's file wins over the zoo's layer of the same name (100 x 100 there, 227 in the zoo).
    const auto mine = lookup_layer("alexnet_conv1", {clash}, 2);
    CHECK((mine.file == clash && mine.line == 3 && mine.layer.H == 100 && mine.layer.N == 2));
    // Not in the user's files: the zoo.
    const auto zoo = lookup_layer("alexnet_conv2", {clash}, 4);
    CHECK((zoo.file == kZoo + "/alexnet.csv" && zoo.line == 3 && zoo.layer.N == 4 &&
           zoo.layer.groups == 2));
    // No user files: the zoo only.
    CHECK(lookup_layer("lenet5_conv2", {}).line == 3);
    // A zoo file given as a user file is searched once, not reported as ambiguous with itself.
    CHECK(lookup_layer("alexnet_conv3", {kZoo + "/alexnet.csv"}).line == 4);
    CHECK(lookup_layer("vgg16_conv1_1", {kZoo + "/alexnet.csv"}).file == kZoo + "/vgg16.csv");

    // Not found anywhere: the message names what was searched and suggests close names.
    CHECK(lookup_error("Conv9", {alexnet}) ==
          "layer 'Conv9' not found in " + alexnet + ", nor in the layer zoo (5 files in " + kZoo +
              "); did you mean Conv1, Conv2, Conv3, Conv4, Conv5?");
    CHECK(lookup_error("no_such_layer_at_all", {}) ==
          "layer 'no_such_layer_at_all' not found in the layer zoo (5 files in " + kZoo + ")");
    CHECK_THAT(lookup_error("alexnet_cnv3", {clash}), Contains("did you mean alexnet_conv3"));
    // A bad user file is an error even when the zoo has the layer.
    CHECK_THAT(lookup_error("alexnet_conv1", {kData + "/bad_zero_size.csv"}),
               Contains("bad_zero_size.csv:4: field 'Filter Height' = 0"));
    // Warnings come back through the out-parameter.
    std::vector<std::string> warnings;
    CHECK(lookup_layer("grouped", {kData + "/shuffled_columns.csv"}, 1, &warnings).layer.groups ==
          4);
    CHECK(warnings.size() == 1);
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
