// SPDX-License-Identifier: Apache-2.0
// NumPy .npy files of little-endian signed integers, C order: the exchange format for layer
// tensors (4-D, NCHW or MCRS) and biases (1-D). Reads format versions 1.0 and 2.0, writes 1.0 as
// numpy.save does. Every error is a std::runtime_error with one line "<path>: <problem>".
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "golden/tensor.hpp"

namespace sim {

enum class NpyDtype { Int8, Int16, Int32, Int64 };  // '|i1', '<i2', '<i4', '<i8'

// A 4-D array of any supported dtype whose values all fit int32.
golden::ActTensor read_npy_tensor4(const std::string& path);
// A 1-D array of any supported dtype.
std::vector<int64_t> read_npy_vector(const std::string& path);

// Any integer dtype or float32/float64 ('<f4', '<f8') as doubles, with its shape (trained
// weights, docs/network.md). Refuses NaN and infinities.
struct NpyReal {
    std::vector<int64_t> shape;
    std::vector<double> values;
};
NpyReal read_npy_real(const std::string& path);

// Throw if a value does not fit the dtype.
void write_npy(const std::string& path, const golden::ActTensor& t, NpyDtype dtype);
void write_npy(const std::string& path, const std::vector<int64_t>& v, NpyDtype dtype);

}  // namespace sim
