// SCALE-Sim topology files (CSV) and the layer zoo in golden/topologies. Format: docs/topology.md.
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

// A layer plus where it was defined, so later checks (duplicates across files) can point at it.
struct TopologyEntry {
    LayerShape layer;
    std::string file;
    int line = 0;
};

// Layers of one file in file order; `batch` becomes N of every layer. Throws TopologyError.
std::vector<TopologyEntry> read_topology_entries(const std::string& path, int batch = 1);
std::vector<LayerShape> read_topology(const std::string& path, int batch = 1);

// Layers of several files in order; also rejects a layer name defined in more than one file.
std::vector<TopologyEntry> read_topologies(const std::vector<std::string>& files, int batch = 1);

// Sorted *.csv files of the layer zoo.
std::vector<std::string> zoo_files(const std::string& dir = RSACC_TOPOLOGY_DIR);

// The layer called `name` in `files`; the error for an unknown name suggests close names.
TopologyEntry find_layer_entry(const std::string& name, const std::vector<std::string>& files,
                               int batch = 1);
LayerShape find_layer(const std::string& name, const std::vector<std::string>& files, int batch = 1);

}  // namespace golden
