// SPDX-License-Identifier: Apache-2.0
// SCALE-Sim topology files (CSV) and the layer zoo in golden/topologies. Format: docs/topology.md.
//
// The library never prints. Functions that read files take an optional `warnings` out-parameter:
// when non-null, each warning (one line "file:line: ...", e.g. a header whose first eight names
// differ from SCALE-Sim's, or an ignored unknown column) is appended to it, at most once per file
// and kind; tools print them as "warning: <text>" on stderr. Errors are thrown as TopologyError.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "golden/layer.hpp"

namespace golden {

// One-line message "file:line: ..." naming the offending field.
struct TopologyError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A layer plus where it was defined, so later messages (ambiguous names) can point at it.
struct TopologyEntry {
    LayerShape layer;
    std::string file;
    int line = 0;
};

// Layers of one file in file order; `batch` becomes N of every layer. Names are checked with
// layer_name_error and must be unique within the file. Throws TopologyError.
std::vector<TopologyEntry> read_topology_entries(const std::string& path, int batch = 1,
                                                 std::vector<std::string>* warnings = nullptr);
std::vector<LayerShape> read_topology(const std::string& path, int batch = 1,
                                      std::vector<std::string>* warnings = nullptr);

// Layers of several files in order. A name may appear in more than one file (SCALE-Sim's networks
// all have a "Conv1"); find_layer_entry reports such a name as ambiguous.
std::vector<TopologyEntry> read_topologies(const std::vector<std::string>& files, int batch = 1,
                                           std::vector<std::string>* warnings = nullptr);

// Sorted *.csv files of the layer zoo.
std::vector<std::string> zoo_files(const std::string& dir = RSACC_TOPOLOGY_DIR);

// The layer called `name` in exactly these `files` (no zoo fallback). A name defined in more than
// one of them is an error listing every file:line; an unknown name's error suggests close names.
TopologyEntry find_layer_entry(const std::string& name, const std::vector<std::string>& files,
                               int batch = 1, std::vector<std::string>* warnings = nullptr);
LayerShape find_layer(const std::string& name, const std::vector<std::string>& files, int batch = 1,
                      std::vector<std::string>* warnings = nullptr);

// What tools call with the user's --topology files (possibly none): the layer called `name`,
// searched first in `user_files` (a name in more than one of them is ambiguous), and only when it
// is in none of them, in the layer zoo (`zoo_files()`; zoo files the user also gave are searched
// once). A user file's layer wins over a zoo layer of the same name. The not-found error names the
// files searched and suggests close names from all of them.
TopologyEntry lookup_layer(const std::string& name, const std::vector<std::string>& user_files,
                           int batch = 1, std::vector<std::string>* warnings = nullptr);

}  // namespace golden
