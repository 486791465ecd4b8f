// SPDX-License-Identifier: Apache-2.0
// IDX reader (golden/src/idx.cpp): plain and gzipped files written here, every malformed case,
// and Debian's Fashion-MNIST test set.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "golden/idx.hpp"

namespace fs = std::filesystem;
using golden::IdxError;
using golden::read_idx;

namespace {

using Bytes = std::vector<unsigned char>;

Bytes header(unsigned char type, std::vector<uint32_t> dims) {
    Bytes b{0, 0, type, static_cast<unsigned char>(dims.size())};
    for (uint32_t d : dims)
        for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<unsigned char>(d >> s));
    return b;
}

Bytes counting(size_t n) {
    Bytes b(n);
    for (size_t i = 0; i < n; ++i) b[i] = static_cast<unsigned char>(i * 7 + 1);
    return b;
}

Bytes operator+(Bytes a, const Bytes& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::string write(const std::string& name, const Bytes& b, bool gz = false) {
    const fs::path dir = fs::temp_directory_path() / "rsacc_test_idx";
    fs::create_directories(dir);
    const std::string p = (dir / name).string();
    if (gz) {
        gzFile f = gzopen(p.c_str(), "wb");
        REQUIRE(f);
        REQUIRE(gzwrite(f, b.data(), unsigned(b.size())) == int(b.size()));
        gzclose(f);
    } else {
        std::ofstream(p, std::ios::binary)
            .write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
    }
    return p;
}

std::string error_of(const std::string& path, int64_t max_items = 0) {
    try {
        read_idx(path, max_items);
    } catch (const IdxError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("IDX: plain and gzipped files give the same array", "[idx]") {
    const Bytes file = header(0x08, {2, 3, 4}) + counting(24);
    for (bool gz : {false, true}) {
        INFO("gzip " << gz);
        const auto a = read_idx(write(gz ? "good.idx.gz" : "good.idx", file, gz));
        CHECK(a.dims == std::vector<int64_t>{2, 3, 4});
        CHECK(a.items() == 2);
        CHECK(a.item_size() == 12);
        CHECK(a.data == counting(24));
    }
    // max_items reads a prefix.
    const auto first = read_idx(write("good.idx", file), 1);
    CHECK(first.dims == std::vector<int64_t>{1, 3, 4});
    CHECK(first.data == counting(12));
}

TEST_CASE("IDX: malformed files give one line naming the file and the problem", "[idx]") {
    CHECK_THAT(error_of("/nonexistent/x.idx"), Catch::Matches("/nonexistent/x.idx: no such file"));
    CHECK_THAT(error_of(write("short.idx", {0, 0})),
               Catch::Matches(".*short.idx: not an IDX file \\(shorter than its 4-byte magic\\)"));
    CHECK_THAT(error_of(write("magic.idx", {'P', 'K', 3, 4, 0, 0, 0, 1, 9})),
               Catch::Matches(".*magic.idx: not an IDX file \\(magic 50 4b 03 04\\)"));
    CHECK_THAT(error_of(write("float.idx", header(0x0D, {2}) + counting(8))),
               Catch::Matches(".*float.idx: element type 0x0d is not supported.*"));
    CHECK_THAT(error_of(write("rank0.idx", header(0x08, {}))),
               Catch::Matches(".*rank0.idx: rank 0 is not supported \\(1 to 4\\)"));
    CHECK_THAT(error_of(write("zero.idx", header(0x08, {0, 5}))),
               Catch::Matches(".*zero.idx: dimension 0 is 0 .*"));
    Bytes cut = header(0x08, {2, 3});
    cut.resize(cut.size() - 2);
    CHECK_THAT(error_of(write("cuthead.idx", cut)),
               Catch::Matches(".*cuthead.idx: truncated header \\(dimension 2 of 2\\)"));
    CHECK_THAT(error_of(write("cutdata.idx.gz", header(0x08, {2, 3}) + counting(5), true)),
               Catch::Matches(".*cutdata.idx.gz: truncated: 5 of 6 data bytes"));
    CHECK_THAT(error_of(write("extra.idx", header(0x08, {2, 3}) + counting(7))),
               Catch::Matches(".*extra.idx: bytes after the 6 the header announces"));
    // A gzip stream cut in the middle.
    const std::string gz = write("full.idx.gz", header(0x08, {64, 64}) + counting(4096), true);
    const auto size = fs::file_size(gz);
    fs::resize_file(gz, size / 2);
    CHECK_THAT(error_of(gz), Catch::Matches(".*full.idx.gz: .*"));
    CHECK(error_of(gz) != "no error");
}

TEST_CASE("IDX data set: images and labels must agree", "[idx]") {
    const std::string img = write("img.idx", header(0x08, {3, 2, 2}) + counting(12));
    const std::string lab = write("lab.idx", header(0x08, {3}) + Bytes{0, 9, 4});
    const auto ds = golden::read_idx_dataset(img, lab, 10);
    CHECK(ds.labels == std::vector<int>{0, 9, 4});
    CHECK(ds.images.dims == std::vector<int64_t>{3, 2, 2});
    CHECK_THROWS_WITH(golden::read_idx_dataset(img, lab, 9),
                      Catch::Matches(".*lab.idx: label 9 of item 1 is not below 9 classes"));
    const std::string two = write("two.idx", header(0x08, {2}) + Bytes{1, 2});
    CHECK_THROWS_WITH(golden::read_idx_dataset(img, two, 10),
                      Catch::Matches(".*two.idx: 2 labels for the 3 images of .*img.idx"));
    CHECK_THROWS_WITH(golden::read_idx_dataset(lab, lab, 10),
                      Catch::Matches(".*lab.idx: expected images N x H x W, got rank 1"));
}

TEST_CASE("IDX: Debian's Fashion-MNIST test set (dataset-fashion-mnist)", "[idx]") {
    const std::string dir = "/usr/share/datasets/fashion-mnist/";
    const auto ds = golden::read_idx_dataset(dir + "t10k-images-idx3-ubyte.gz",
                                             dir + "t10k-labels-idx1-ubyte.gz", 10);
    CHECK(ds.images.dims == std::vector<int64_t>{10000, 28, 28});
    // The test split is balanced: 1000 images of each class.
    std::vector<int> per_class(10);
    for (int l : ds.labels) ++per_class[size_t(l)];
    CHECK(per_class == std::vector<int>(10, 1000));
}
