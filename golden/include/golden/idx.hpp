// SPDX-License-Identifier: Apache-2.0
// IDX files (the MNIST / Fashion-MNIST format; Debian's dataset-fashion-mnist ships them gzipped):
// a big-endian header 0x00 0x00 <type> <rank>, <rank> 32-bit big-endian dimensions, then the
// elements in row-major order. Only unsigned bytes (type 0x08) are read, the type of every image
// and label file of those data sets. Plain and gzip-compressed files are both accepted.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace golden {

// One line naming the file and what is wrong with it.
struct IdxError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct IdxArray {
    std::vector<int64_t> dims;  // e.g. {10000, 28, 28} for images, {10000} for labels
    std::vector<uint8_t> data;  // product(dims) bytes, row-major
    int64_t items() const { return dims.empty() ? 0 : dims[0]; }
    int64_t item_size() const;  // product of dims[1..]
};

// Reads the whole file; `max_items` > 0 stops after that many items of dims[0] (dims[0] is then
// the number read). Throws IdxError: missing file, bad magic, element type, rank 0 or > 4, a
// zero or huge dimension, a file shorter than its header says, or bytes after the data.
IdxArray read_idx(const std::string& path, int64_t max_items = 0);

// The images and labels of one split of an MNIST-style data set: images N x H x W, labels N
// values 0..classes-1. Throws IdxError when the files disagree (counts) or a label is out of range.
struct IdxDataset {
    IdxArray images;
    std::vector<int> labels;
};
IdxDataset read_idx_dataset(const std::string& images_path, const std::string& labels_path,
                            int classes, int64_t max_items = 0);

}  // namespace golden
