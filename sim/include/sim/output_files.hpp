// SPDX-License-Identifier: Apache-2.0
// Files the tools write for the user (reports, ofmaps, traces): each lands inside the place the
// user chose, appears whole or not at all (temporary file + rename), and errors name the path.
// docs/outputs.md states the contract the tools build on these.
#pragma once
#include <string>

namespace sim {

// `dir`/`file_name` for an output named after something the user does not spell out as a path
// (a layer name). `file_name` must be one plain path component (no '/', not "." or ".."), and
// `dir` must be non-empty: std::invalid_argument naming `what` otherwise. The result lies directly
// inside `dir`.
std::string output_in_dir(const std::string& dir, const std::string& file_name, const char* what);

// Checks, before a long run, that `path` can be written: not empty, not a directory, its parent
// directory exists or can be created. Creates that parent. std::runtime_error naming the path.
void prepare_output(const std::string& path, const char* what);

// Writes `bytes` to `path` atomically: a temporary file in the same directory, then rename, so
// a reader sees the old file or the whole new one, never a partial one. The directory must exist
// (prepare_output makes it). std::runtime_error "<path>: <problem>" on failure (the temporary
// file is removed).
void write_file_atomic(const std::string& path, const std::string& bytes);

// Removes `path` if it is a regular file (an earlier run's output this run did not replace).
void remove_stale_output(const std::string& path);

// A temporary name next to `path` for an output written incrementally and renamed when whole.
std::string temporary_name(const std::string& path);

}  // namespace sim
