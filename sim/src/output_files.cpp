// SPDX-License-Identifier: Apache-2.0
// sim/output_files.hpp.
#include "sim/output_files.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace sim {

std::string output_in_dir(const std::string& dir, const std::string& file_name, const char* what) {
    if (dir.empty())
        throw std::invalid_argument(
            fmt::format("{} directory is empty (give a directory, e.g. '.')", what));
    // One component that is neither "." nor "..": dir/name is then inside dir by construction.
    const fs::path name(file_name);
    if (file_name.empty() || file_name == "." || file_name == ".." ||
        file_name.find('/') != std::string::npos || file_name.find('\0') != std::string::npos)
        throw std::invalid_argument(
            fmt::format("{} file name '{}' is not a plain file name", what, file_name));
    return (fs::path(dir) / name).string();
}

void prepare_output(const std::string& path, const char* what) {
    if (path.empty()) throw std::runtime_error(fmt::format("{} path is empty", what));
    std::error_code ec;
    const fs::path p(path);
    if (fs::is_directory(p, ec))
        throw std::runtime_error(fmt::format("{}: {} path is a directory", path, what));
    if (!p.filename().has_filename() || p.filename() == "." || p.filename() == "..")
        throw std::runtime_error(fmt::format("{}: {} path names no file", path, what));
    if (p.has_parent_path()) {
        fs::create_directories(p.parent_path(), ec);
        if (ec || !fs::is_directory(p.parent_path()))
            throw std::runtime_error(fmt::format("{}: cannot create the {} directory '{}': {}",
                                                 path, what, p.parent_path().string(),
                                                 ec ? ec.message() : "not a directory"));
    }
    const std::string dir = p.has_parent_path() ? p.parent_path().string() : std::string(".");
    if (::access(dir.c_str(), W_OK) != 0)
        throw std::runtime_error(fmt::format("{}: {} directory '{}' is not writable: {}", path,
                                             what, dir, std::strerror(errno)));
}

std::string temporary_name(const std::string& path) {
    const fs::path p(path);
    return (p.parent_path() / fmt::format(".{}.tmp{}", p.filename().string(), ::getpid())).string();
}

void write_file_atomic(const std::string& path, const std::string& bytes) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) throw std::runtime_error(path + ": is a directory");
    const std::string tmp = temporary_name(path);
    auto fail = [&](const std::string& what) {
        const int err = errno;
        std::remove(tmp.c_str());
        throw std::runtime_error(fmt::format("{}: {}: {}", path, what, std::strerror(err)));
    };
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) fail("cannot create file");
    const bool wrote = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    const bool flushed = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
    if (std::fclose(f) != 0 || !wrote || !flushed) fail("write error");
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
        fail("cannot rename the temporary file into place");
}

void remove_stale_output(const std::string& path) {
    std::error_code ec;
    if (!path.empty() && fs::is_regular_file(path, ec)) fs::remove(path, ec);
}

}  // namespace sim
