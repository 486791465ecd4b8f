// SPDX-License-Identifier: Apache-2.0
#include "golden/idx.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <filesystem>
#include <memory>

namespace golden {
namespace {

// zlib's gz* functions read gzip and plain files alike.
struct GzFile {
    gzFile f = nullptr;
    explicit GzFile(const std::string& path) : f(gzopen(path.c_str(), "rb")) {}
    ~GzFile() {
        if (f) gzclose(f);
    }
    GzFile(const GzFile&) = delete;
    GzFile& operator=(const GzFile&) = delete;
    // Reads up to n bytes; returns how many (fewer only at the end of the data), throws on a
    // corrupt stream.
    size_t read(void* dst, size_t n, const std::string& path) {
        size_t got = 0;
        auto* p = static_cast<unsigned char*>(dst);
        while (got < n) {
            const unsigned chunk = unsigned(std::min<size_t>(n - got, 1u << 30));
            const int r = gzread(f, p + got, chunk);
            if (r < 0) {
                int err = 0;
                const char* msg = gzerror(f, &err);
                throw IdxError(fmt::format("{}: cannot read: {}", path, msg ? msg : "zlib error"));
            }
            if (r == 0) break;
            got += size_t(r);
        }
        return got;
    }
};

uint32_t big_endian(const unsigned char* b) {
    return uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | uint32_t(b[2]) << 8 | uint32_t(b[3]);
}

}  // namespace

int64_t IdxArray::item_size() const {
    int64_t n = 1;
    for (size_t i = 1; i < dims.size(); ++i) n *= dims[i];
    return n;
}

IdxArray read_idx(const std::string& path, int64_t max_items) {
    if (!std::filesystem::is_regular_file(path))
        throw IdxError(fmt::format("{}: no such file", path));
    GzFile in(path);
    if (!in.f) throw IdxError(fmt::format("{}: cannot open", path));
    unsigned char head[4];
    if (in.read(head, 4, path) != 4)
        throw IdxError(fmt::format("{}: not an IDX file (shorter than its 4-byte magic)", path));
    if (head[0] != 0 || head[1] != 0)
        throw IdxError(fmt::format("{}: not an IDX file (magic {:02x} {:02x} {:02x} {:02x})", path,
                                   head[0], head[1], head[2], head[3]));
    if (head[2] != 0x08)
        throw IdxError(
            fmt::format("{}: element type 0x{:02x} is not supported (only unsigned bytes, 0x08)",
                        path, head[2]));
    const int rank = head[3];
    if (rank < 1 || rank > 4)
        throw IdxError(fmt::format("{}: rank {} is not supported (1 to 4)", path, rank));
    IdxArray a;
    int64_t total = 1;
    for (int d = 0; d < rank; ++d) {
        unsigned char b[4];
        if (in.read(b, 4, path) != 4)
            throw IdxError(
                fmt::format("{}: truncated header (dimension {} of {})", path, d + 1, rank));
        const int64_t n = big_endian(b);
        if (n == 0 || n > (int64_t(1) << 28))
            throw IdxError(fmt::format("{}: dimension {} is {} (expected 1 to 2^28)", path, d, n));
        a.dims.push_back(n);
        total *= n;
        if (total > (int64_t(1) << 32))
            throw IdxError(
                fmt::format("{}: {} elements is more than this reader takes", path, total));
    }
    const int64_t stored = a.dims[0];
    if (max_items > 0 && max_items < stored) a.dims[0] = max_items;
    const int64_t want = a.dims[0] * a.item_size();
    a.data.resize(size_t(want));
    const size_t got = in.read(a.data.data(), a.data.size(), path);
    if (int64_t(got) != want)
        throw IdxError(fmt::format("{}: truncated: {} of {} data bytes", path, got, want));
    if (a.dims[0] == stored) {
        unsigned char extra;
        if (in.read(&extra, 1, path) != 0)
            throw IdxError(fmt::format("{}: bytes after the {} the header announces", path, want));
    }
    return a;
}

IdxDataset read_idx_dataset(const std::string& images_path, const std::string& labels_path,
                            int classes, int64_t max_items) {
    IdxDataset ds;
    ds.images = read_idx(images_path, max_items);
    if (ds.images.dims.size() != 3)
        throw IdxError(fmt::format("{}: expected images N x H x W, got rank {}", images_path,
                                   ds.images.dims.size()));
    const IdxArray labels = read_idx(labels_path, max_items);
    if (labels.dims.size() != 1)
        throw IdxError(
            fmt::format("{}: expected labels N, got rank {}", labels_path, labels.dims.size()));
    if (labels.dims[0] != ds.images.dims[0])
        throw IdxError(fmt::format("{}: {} labels for the {} images of {}", labels_path,
                                   labels.dims[0], ds.images.dims[0], images_path));
    ds.labels.reserve(labels.data.size());
    for (size_t i = 0; i < labels.data.size(); ++i) {
        if (labels.data[i] >= classes)
            throw IdxError(fmt::format("{}: label {} of item {} is not below {} classes",
                                       labels_path, labels.data[i], i, classes));
        ds.labels.push_back(labels.data[i]);
    }
    return ds;
}

}  // namespace golden
