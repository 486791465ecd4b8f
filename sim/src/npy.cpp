// SPDX-License-Identifier: Apache-2.0
#include "sim/npy.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>

#include "sim/output_files.hpp"

namespace sim {
namespace {

const char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicLen = 6;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw std::runtime_error(path + ": " + what);
}

std::string shape_str(const std::vector<int64_t>& shape) {  // as Python prints a tuple
    if (shape.size() == 1) return fmt::format("({},)", shape[0]);
    return fmt::format("({})", fmt::join(shape, ", "));
}

// Just enough of a Python literal parser for the header dict, e.g.
// {'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }
class HeaderParser {
public:
    HeaderParser(const std::string& path, std::string text) : path_(path), s_(std::move(text)) {
        while (!s_.empty() && std::isspace(static_cast<unsigned char>(s_.back()))) s_.pop_back();
    }
    std::string descr;
    bool fortran_order = false;
    std::vector<int64_t> shape;

    void parse() {
        bool seen[3] = {false, false, false};
        expect('{');
        while (!accept('}')) {
            const std::string key = string();
            expect(':');
            if (key == "descr") {
                if (peek() != '\'' && peek() != '"')
                    bad("unsupported dtype: descr is not a simple type string");
                descr = string(), seen[0] = true;
            } else if (key == "fortran_order") {
                fortran_order = boolean(), seen[1] = true;
            } else if (key == "shape") {
                shape = tuple(), seen[2] = true;
            } else {
                bad(fmt::format("unexpected key '{}'", key));
            }
            if (!accept(',')) {
                expect('}');
                break;
            }
        }
        skip_space();
        if (pos_ != s_.size()) bad("text after the closing '}'");
        const char* keys[3] = {"descr", "fortran_order", "shape"};
        for (int k = 0; k < 3; ++k)
            if (!seen[k]) bad(fmt::format("missing key '{}'", keys[k]));
    }

private:
    [[noreturn]] void bad(const std::string& what) const {
        fail(path_, fmt::format("malformed header {:?}: {}", s_, what));
    }
    void skip_space() {
        while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    char peek() {
        skip_space();
        return pos_ < s_.size() ? s_[pos_] : '\0';
    }
    bool accept(char c) {
        if (peek() != c) return false;
        ++pos_;
        return true;
    }
    void expect(char c) {
        if (!accept(c)) bad(fmt::format("expected '{}' at offset {}", c, pos_));
    }
    std::string string() {
        const char q = peek();
        if (q != '\'' && q != '"') bad(fmt::format("expected a string at offset {}", pos_));
        const size_t end = s_.find(q, ++pos_);
        if (end == std::string::npos) bad("unterminated string");
        std::string v = s_.substr(pos_, end - pos_);
        pos_ = end + 1;
        return v;
    }
    bool boolean() {
        skip_space();
        for (const bool v : {true, false}) {
            const char* word = v ? "True" : "False";
            if (s_.compare(pos_, std::strlen(word), word) == 0) {
                pos_ += std::strlen(word);
                return v;
            }
        }
        bad(fmt::format("expected True or False at offset {}", pos_));
    }
    std::vector<int64_t> tuple() {
        std::vector<int64_t> v;
        expect('(');
        while (!accept(')')) {
            skip_space();
            const size_t start = pos_;
            int64_t d = 0;
            while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) {
                if (d > (std::numeric_limits<int64_t>::max() - 9) / 10) bad("dimension too large");
                d = d * 10 + (s_[pos_++] - '0');
            }
            if (pos_ == start)
                bad(fmt::format("expected a non-negative integer at offset {}", pos_));
            if (pos_ < s_.size() && s_[pos_] == 'L') ++pos_;  // Python 2 long suffix
            v.push_back(d);
            if (!accept(',')) {
                expect(')');
                break;
            }
        }
        return v;
    }

    const std::string& path_;
    std::string s_;
    size_t pos_ = 0;
};

// A whole .npy file in memory, header checked.
struct NpyFile {
    std::string path, bytes;
    std::vector<int64_t> shape;
    int elem_bytes = 0;
    bool floating = false;  // '<f4' / '<f8' (read_npy_real only)
    size_t data_offset = 0, count = 1;

    int64_t at(size_t i) const {  // little-endian two's complement, sign-extended
        const auto* p =
            reinterpret_cast<const unsigned char*>(bytes.data() + data_offset + i * elem_bytes);
        uint64_t u = 0;
        for (int b = 0; b < elem_bytes; ++b) u |= uint64_t(p[b]) << (8 * b);
        const int shift = 64 - 8 * elem_bytes;
        return int64_t(u << shift) >> shift;
    }
    double real(size_t i) const {  // any dtype as a double
        if (!floating) return double(at(i));
        const char* p = bytes.data() + data_offset + i * elem_bytes;
        if (elem_bytes == 4) {
            float v;
            std::memcpy(&v, p, 4);
            return v;
        }
        double v;
        std::memcpy(&v, p, 8);
        return v;
    }
};

NpyFile load(const std::string& path, bool allow_float = false) {
    // A directory opens as a stream on Linux and fails on the first read with a libstdc++
    // message that does not name the file.
    if (std::error_code ec; std::filesystem::is_directory(path, ec))
        fail(path, "is a directory, expected a .npy file");
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(path, fmt::format("cannot open file: {}", std::strerror(errno)));
    NpyFile f;
    f.path = path;
    try {
        f.bytes.assign(std::istreambuf_iterator<char>(in), {});
    } catch (const std::exception& e) {
        fail(path, fmt::format("read error: {}", e.what()));
    }
    if (in.bad()) fail(path, fmt::format("read error: {}", std::strerror(errno)));
    const std::string& b = f.bytes;

    if (b.size() < kMagicLen + 2 || b.compare(0, kMagicLen, kMagic) != 0)
        fail(path, "not a .npy file (bad magic)");
    const int major = static_cast<unsigned char>(b[6]), minor = static_cast<unsigned char>(b[7]);
    if ((major != 1 && major != 2) || minor != 0)
        fail(path, fmt::format("unsupported .npy format version {}.{} (reads 1.0 and 2.0)", major,
                               minor));
    const size_t len_bytes = major == 1 ? 2 : 4, header_start = 8 + len_bytes;
    if (b.size() < header_start) fail(path, "truncated header");
    size_t header_len = 0;
    for (size_t i = 0; i < len_bytes; ++i)
        header_len |= size_t(static_cast<unsigned char>(b[8 + i])) << (8 * i);
    if (b.size() - header_start < header_len)
        fail(path, fmt::format("truncated header: {} bytes announced, {} present", header_len,
                               b.size() - header_start));

    HeaderParser h(path, b.substr(header_start, header_len));
    h.parse();
    if (h.descr == "|i1" || h.descr == "<i1") f.elem_bytes = 1;
    else if (h.descr == "<i2") f.elem_bytes = 2;
    else if (h.descr == "<i4") f.elem_bytes = 4;
    else if (h.descr == "<i8") f.elem_bytes = 8;
    else if (allow_float && (h.descr == "<f4" || h.descr == "<f8")) {
        f.elem_bytes = h.descr == "<f4" ? 4 : 8;
        f.floating = true;
    } else if (allow_float)
        fail(path,
             fmt::format("unsupported dtype '{}' (reads |i1, <i2, <i4, <i8, <f4, <f8)", h.descr));
    else fail(path, fmt::format("unsupported dtype '{}' (reads |i1, <i2, <i4, <i8)", h.descr));
    if (h.fortran_order) fail(path, "fortran_order is True (only C order is supported)");
    f.shape = h.shape;
    for (const int64_t d : f.shape) {
        if (d != 0 && f.count > std::numeric_limits<size_t>::max() / 8 / size_t(d))
            fail(path, fmt::format("shape {} is too large", shape_str(f.shape)));
        f.count *= size_t(d);
    }
    f.data_offset = header_start + header_len;
    const size_t need = f.count * f.elem_bytes, have = b.size() - f.data_offset;
    if (have < need)
        fail(path, fmt::format("truncated data: shape {} of {} needs {} bytes, file has {}",
                               shape_str(f.shape), h.descr, need, have));
    if (have > need)
        fail(path, fmt::format("{} unexpected bytes after the data of shape {}", have - need,
                               shape_str(f.shape)));
    return f;
}

const char* descr(NpyDtype t) {
    switch (t) {
        case NpyDtype::Int8: return "|i1";
        case NpyDtype::Int16: return "<i2";
        case NpyDtype::Int32: return "<i4";
        case NpyDtype::Int64: return "<i8";
    }
    return "?";
}

// As numpy.save (numpy >= 1.24): sorted keys, spare room to grow the first axis, header padded
// with spaces and a newline so that the data starts at a multiple of 64 bytes.
template <class T>
void save(const std::string& path, const std::vector<int64_t>& shape, const std::vector<T>& values,
          NpyDtype dtype) {
    const int elem_bytes = 1 << static_cast<int>(dtype);
    const int64_t hi = elem_bytes == 8 ? std::numeric_limits<int64_t>::max()
                                       : (int64_t{1} << (8 * elem_bytes - 1)) - 1;
    std::string header = fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': {}, }}",
                                     descr(dtype), shape_str(shape));
    if (!shape.empty()) header.append(21 - std::to_string(shape[0]).size(), ' ');
    const size_t hlen = header.size() + 1, pad = 64 - (kMagicLen + 2 + 2 + hlen) % 64;
    header.append(pad, ' ');
    header.push_back('\n');
    if (header.size() > 0xffff) fail(path, "header too long for format 1.0");

    std::string out(kMagic, kMagicLen);
    out += {'\x01', '\x00', char(header.size() & 0xff), char(header.size() >> 8)};
    out += header;
    out.reserve(out.size() + values.size() * elem_bytes);
    for (size_t i = 0; i < values.size(); ++i) {
        const int64_t v = values[i];
        if (v > hi || v < -hi - 1)
            fail(path, fmt::format("element {} = {} does not fit dtype '{}'", i, v, descr(dtype)));
        for (int b = 0; b < elem_bytes; ++b) out.push_back(char(uint64_t(v) >> (8 * b)));
    }
    write_file_atomic(path, out);  // a reader never sees half a file
}

}  // namespace

golden::ActTensor read_npy_tensor4(const std::string& path) {
    const NpyFile f = load(path);
    if (f.shape.size() != 4)
        fail(path, fmt::format("shape {} has rank {}, expected a 4-D tensor", shape_str(f.shape),
                               f.shape.size()));
    for (const int64_t d : f.shape)
        if (d > std::numeric_limits<int>::max())
            fail(path, fmt::format("shape {} is too large", shape_str(f.shape)));
    golden::ActTensor t(int(f.shape[0]), int(f.shape[1]), int(f.shape[2]), int(f.shape[3]));
    for (size_t i = 0; i < f.count; ++i) {
        const int64_t v = f.at(i);
        if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max())
            fail(path, fmt::format("element {} = {} does not fit int32", i, v));
        t.data[i] = int32_t(v);
    }
    return t;
}

std::vector<int64_t> read_npy_vector(const std::string& path) {
    const NpyFile f = load(path);
    if (f.shape.size() != 1)
        fail(path, fmt::format("shape {} has rank {}, expected a 1-D vector", shape_str(f.shape),
                               f.shape.size()));
    std::vector<int64_t> v(f.count);
    for (size_t i = 0; i < f.count; ++i) v[i] = f.at(i);
    return v;
}

NpyReal read_npy_real(const std::string& path) {
    const NpyFile f = load(path, true);
    NpyReal r{f.shape, std::vector<double>(f.count)};
    for (size_t i = 0; i < f.count; ++i) {
        r.values[i] = f.real(i);
        if (!std::isfinite(r.values[i]))
            fail(path, fmt::format("element {} is {} (not a finite number)", i, r.values[i]));
    }
    return r;
}

void write_npy(const std::string& path, const golden::ActTensor& t, NpyDtype dtype) {
    save(path, {t.dim[0], t.dim[1], t.dim[2], t.dim[3]}, t.data, dtype);
}

void write_npy(const std::string& path, const std::vector<int64_t>& v, NpyDtype dtype) {
    save(path, {int64_t(v.size())}, v, dtype);
}

}  // namespace sim
