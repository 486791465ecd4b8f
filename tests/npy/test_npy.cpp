// SPDX-License-Identifier: Apache-2.0
// .npy I/O: round trips of every dtype, the exact bytes numpy.save writes (header written out by
// hand here, so numpy is not needed), format 2.0, and one test per kind of bad file.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>

#include "sim/npy.hpp"
#include "test_seed.hpp"

using namespace sim;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
namespace fs = std::filesystem;

namespace {

// A fresh directory per test process (ctest may run test cases in parallel processes).
fs::path tmp(const std::string& name) {
    static const fs::path dir = [] {
        const fs::path d = fs::temp_directory_path() / fmt::format("rsacc_test_npy_{}", getpid());
        fs::create_directories(d);
        return d;
    }();
    return dir / name;
}

std::string write_raw(const std::string& name, const std::string& bytes) {
    const std::string p = tmp(name).string();
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// Version 1.0 file as numpy >= 1.24 writes it: 21 - len(str(shape[0])) spare spaces, then pad
// to a 64-byte boundary with spaces and a newline.
std::string npy_v1(const std::string& dict, const std::string& data) {
    std::string h = dict + std::string(20, ' ');
    h.append(64 - (10 + h.size() + 1) % 64, ' ');
    h += '\n';
    return std::string("\x93NUMPY\x01\x00", 8) + char(h.size() & 0xff) + char(h.size() >> 8) + h +
           data;
}

std::string header(const char* descr, const char* shape, const char* fortran = "False") {
    return fmt::format("{{'descr': '{}', 'fortran_order': {}, 'shape': {}, }}", descr, fortran,
                       shape);
}

const std::string k24zeros(24, '\0');  // data of a (1, 1, 2, 3) <i4 or (3,) <i8 array

void expect_error(const std::string& path, const std::string& what, bool vector = false) {
    INFO(path << ": expecting " << what);
    try {
        if (vector) read_npy_vector(path);
        else read_npy_tensor4(path);
        FAIL("no exception");
    } catch (const std::runtime_error& e) {
        const std::string msg = e.what();
        CHECK_THAT(msg, StartsWith(path + ": ") && Contains(what));
        CHECK(msg.find('\n') == std::string::npos);
    }
}

}  // namespace

TEST_CASE("round trip of every dtype", "[npy]") {
    std::mt19937_64 rng(testutil::test_seed("npy round trip"));
    const std::pair<NpyDtype, int> dtypes[] = {
        {NpyDtype::Int8, 1}, {NpyDtype::Int16, 2}, {NpyDtype::Int32, 4}, {NpyDtype::Int64, 8}};
    for (const auto& [dtype, bytes] : dtypes) {
        for (int trial = 0; trial < 20; ++trial) {
            auto dim = [&] {
                return std::uniform_int_distribution<int>(trial == 0 ? 0 : 1, 6)(rng);
            };
            golden::ActTensor t(dim(), dim(), dim(), dim());
            const int64_t hi = bytes >= 4 ? INT32_MAX : (int64_t{1} << (8 * bytes - 1)) - 1;
            for (auto& v : t.data)
                v = int32_t(std::uniform_int_distribution<int64_t>(-hi - 1, hi)(rng));
            if (t.size() >= 2) t.data[0] = int32_t(-hi - 1), t.data[1] = int32_t(hi);
            const std::string p = tmp(fmt::format("rt_{}.npy", bytes)).string();
            write_npy(p, t, dtype);
            CHECK(read_npy_tensor4(p) == t);
            const size_t file = fs::file_size(p), data = t.size() * bytes;
            CHECK((file - data) % 64 == 0);  // data 64-byte aligned, as numpy writes it

            std::vector<int64_t> v(std::uniform_int_distribution<size_t>(0, 40)(rng));
            const int64_t vhi = bytes == 8 ? INT64_MAX : (int64_t{1} << (8 * bytes - 1)) - 1;
            for (auto& x : v) x = std::uniform_int_distribution<int64_t>(-vhi - 1, vhi)(rng);
            if (v.size() >= 2) v[0] = -vhi - 1, v[1] = vhi;
            write_npy(p, v, dtype);
            CHECK(read_npy_vector(p) == v);
        }
    }
}

TEST_CASE("exact bytes of a hand-written version 1.0 file", "[npy]") {
    // numpy.save('x.npy', numpy.array([1, -2, 300], dtype='<i2').reshape(1, 1, 1, 3))
    const std::string dict = "{'descr': '<i2', 'fortran_order': False, 'shape': (1, 1, 1, 3), }";
    const std::string bytes = std::string("\x93NUMPY\x01\x00\x76\x00", 10) + dict +
                              std::string(20 + 32, ' ') + "\n" +
                              std::string("\x01\x00\xfe\xff\x2c\x01", 6);
    REQUIRE(bytes.size() == 128 + 6);
    const std::string p = write_raw("hand.npy", bytes);
    golden::ActTensor t(1, 1, 1, 3);
    t.data = {1, -2, 300};
    CHECK(read_npy_tensor4(p) == t);
    const std::string q = tmp("hand_written_by_us.npy").string();
    write_npy(q, t, NpyDtype::Int16);
    CHECK(slurp(q) == bytes);

    // int8 is '|i1' (no byte order); '<i1' is read too. 1-D bias vector of int64.
    CHECK(read_npy_vector(write_raw("i1.npy", npy_v1(header("|i1", "(3,)"), "\x7f\x80\xff"))) ==
          std::vector<int64_t>{127, -128, -1});
    CHECK(read_npy_vector(write_raw("i1le.npy", npy_v1(header("<i1", "(1,)"), "\x05"))) ==
          std::vector<int64_t>{5});
    std::vector<int64_t> bias{-1, 2};
    write_npy(q, bias, NpyDtype::Int64);
    CHECK(slurp(q) == npy_v1(header("<i8", "(2,)"), std::string("\xff\xff\xff\xff\xff\xff\xff\xff"
                                                                "\x02\x00\x00\x00\x00\x00\x00\x00",
                                                                16)));
}

TEST_CASE("version 2.0 header, keys in any order", "[npy]") {
    const std::string h = "{\"shape\": (2, 1, 1, 1), 'fortran_order': False, 'descr': '<i4'}\n";
    const std::string len{char(h.size()), 0, 0, 0};
    const std::string p =
        write_raw("v2.npy", std::string("\x93NUMPY\x02\x00", 8) + len + h +
                                std::string("\x07\x00\x00\x00\xf9\xff\xff\xff", 8));
    golden::ActTensor t(2, 1, 1, 1);
    t.data = {7, -7};
    CHECK(read_npy_tensor4(p) == t);
}

TEST_CASE("bad files: one-line error naming the file and the problem", "[npy]") {
    const std::string ok4 = header("<i4", "(1, 1, 2, 3)");
    expect_error(tmp("no_such_file.npy").string(), "cannot open file");
    expect_error(write_raw("empty.npy", ""), "bad magic");
    expect_error(write_raw("magic.npy", "PK\x03\x04 this is a zip"), "bad magic");
    expect_error(write_raw("v3.npy", std::string("\x93NUMPY\x03\x00", 8) + std::string(60, ' ')),
                 "unsupported .npy format version 3.0");
    expect_error(write_raw("short_len.npy", std::string("\x93NUMPY\x02\x00\x10", 9)),
                 "truncated header");
    expect_error(write_raw("short_hdr.npy", npy_v1(ok4, "").substr(0, 40)), "truncated header");
    // A header with this dtype and shape, then 24 zero bytes.
    struct BadHeader {
        const char *file, *descr, *shape, *error;
    };
    const BadHeader bad_headers[] = {
        {"f4.npy", "<f4", "(1, 1, 2, 3)", "unsupported dtype '<f4'"},
        {"be.npy", ">i4", "(1, 1, 2, 3)", "unsupported dtype '>i4'"},
        {"u2.npy", "<u2", "(1, 1, 2, 6)", "unsupported dtype '<u2'"},
        {"rank3.npy", "<i4", "(2, 3, 1)", "shape (2, 3, 1) has rank 3"},
        {"rank2.npy", "<i4", "(2, 3)", "shape (2, 3) has rank 2"},
        {"rank1.npy", "<i4", "(6,)", "shape (6,) has rank 1"}};
    for (const auto& b : bad_headers)
        expect_error(write_raw(b.file, npy_v1(header(b.descr, b.shape), k24zeros)), b.error);
    expect_error(
        write_raw("rec.npy",
                  npy_v1("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }",
                         std::string(4, '\0'))),
        "unsupported dtype");
    expect_error(write_raw("fortran.npy", npy_v1(header("<i4", "(1, 1, 2, 3)", "True"), k24zeros)),
                 "fortran_order is True");
    expect_error(write_raw("trunc.npy", npy_v1(ok4, std::string(23, '\0'))),
                 "truncated data: shape (1, 1, 2, 3) of <i4 needs 24 bytes, file has 23");
    expect_error(write_raw("trailing.npy", npy_v1(ok4, std::string(25, '\0'))),
                 "1 unexpected bytes after the data");
    expect_error(write_raw("rank0.npy", npy_v1(header("<i4", "()"), std::string(4, '\0'))),
                 "shape () has rank 0");
    expect_error(write_raw("vec4.npy", npy_v1(ok4, k24zeros)), "shape (1, 1, 2, 3) has rank 4",
                 true);
    expect_error(
        write_raw("big.npy",
                  npy_v1(header("<i8", "(1, 1, 1, 3)"),
                         std::string(8, '\0') + std::string("\x00\x00\x00\x80\x00\x00\x00\x00", 8) +
                             std::string(8, '\0'))),
        "element 1 = 2147483648 does not fit int32");
    expect_error(write_raw("nodict.npy", npy_v1("[1, 2, 3]", "")), "malformed header");
    expect_error(write_raw("badshape.npy", npy_v1(header("<i4", "(1, -1, 2, 3)"), k24zeros)),
                 "malformed header");
    expect_error(
        write_raw("newline.npy", npy_v1("{'descr': '<i4',\n 'shape': (1, 1, 2, 3)}", k24zeros)),
        "missing key 'fortran_order'");
    expect_error(write_raw("extra.npy",
                           npy_v1("{'descr': '<i4', 'fortran_order': False, 'shape': (1, 1, 2, 3), "
                                  "'extra': 1}",
                                  k24zeros)),
                 "unexpected key 'extra'");
}

TEST_CASE("write errors name the file", "[npy]") {
    golden::ActTensor t(1, 1, 1, 2);
    t.data = {-128, 128};
    const std::string p = tmp("overflow.npy").string();
    CHECK_THROWS_WITH(write_npy(p, t, NpyDtype::Int8),
                      p + ": element 1 = 128 does not fit dtype '|i1'");
    CHECK_NOTHROW(write_npy(p, t, NpyDtype::Int16));
    CHECK_THROWS_WITH(write_npy(p, std::vector<int64_t>{int64_t{1} << 31}, NpyDtype::Int32),
                      Contains("does not fit dtype '<i4'"));
    const std::string bad = tmp("no_such_dir/x.npy").string();
    CHECK_THROWS_WITH(write_npy(bad, t, NpyDtype::Int16), StartsWith(bad + ": cannot create file"));
}

TEST_CASE("float32 and float64 files read as doubles, integer readers refuse them", "[npy]") {
    auto bytes_of = [](auto v) { return std::string(reinterpret_cast<const char*>(&v), sizeof v); };
    const std::string f4 =
        write_raw("f4.npy", npy_v1(header("<f4", "(2, 1)"), bytes_of(0.5f) + bytes_of(-1.25f)));
    const auto r = sim::read_npy_real(f4);
    CHECK(r.shape == std::vector<int64_t>{2, 1});
    CHECK(r.values == std::vector<double>{0.5, -1.25});
    const std::string f8 = write_raw("f8.npy", npy_v1(header("<f8", "(1,)"), bytes_of(1e-3)));
    CHECK(sim::read_npy_real(f8).values == std::vector<double>{1e-3});
    // Integers read as reals too.
    CHECK(sim::read_npy_real(write_raw("i2r.npy", npy_v1(header("<i2", "(1,)"), "\xfe\xff")))
              .values == std::vector<double>{-2});
    expect_error(f8, "unsupported dtype '<f8' (reads |i1, <i2, <i4, <i8)", true);
    const std::string nan =
        write_raw("nan.npy",
                  npy_v1(header("<f4", "(1,)"), bytes_of(std::numeric_limits<float>::quiet_NaN())));
    CHECK_THROWS_WITH(sim::read_npy_real(nan), Contains("nan.npy: element 0 is nan"));
    CHECK_THROWS_WITH(sim::read_npy_real(write_raw("f2.npy", npy_v1(header("<f2", "(1,)"), "ab"))),
                      Contains("unsupported dtype '<f2' (reads |i1, <i2, <i4, <i8, <f4, <f8)"));
}
