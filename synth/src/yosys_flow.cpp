// SPDX-License-Identifier: Apache-2.0
#include "synth/yosys_flow.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace synth {
namespace fs = std::filesystem;
using nlohmann::json;

std::string base_name(const std::string& raw) {
    std::string n = (!raw.empty() && raw[0] == '\\') ? raw.substr(1) : raw;
    if (n.rfind("$paramod$", 0) == 0) return n.substr(n.rfind('\\') + 1);
    if (n.rfind("$paramod\\", 0) == 0) {
        const size_t a = n.find('\\') + 1, b = n.find('\\', a);
        return n.substr(a, b == std::string::npos ? std::string::npos : b - a);
    }
    return n;
}

namespace {

std::string strip(const std::string& raw) {
    return (!raw.empty() && raw[0] == '\\') ? raw.substr(1) : raw;
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p);
    if (!in) throw std::runtime_error(fmt::format("synth: cannot read {}", p.string()));
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_text(const fs::path& p, const std::string& text) {
    std::ofstream out(p);
    out << text;
    if (!out) throw std::runtime_error(fmt::format("synth: cannot write {}", p.string()));
}

// Yosys 0.23's `stat -json` without a top module leaves a trailing comma before the last brace.
json read_stat_json(const fs::path& p) {
    std::string t = read_text(p);
    t = std::regex_replace(t, std::regex(R"(,\s*\}\s*$)"), "}");
    try {
        return json::parse(t);
    } catch (const std::exception& e) {
        throw std::runtime_error(fmt::format("synth: {}: not JSON ({})", p.string(), e.what()));
    }
}

// Starts Yosys on a script; returns its pid.
pid_t start_yosys(const FlowOptions& opt, const fs::path& script, const fs::path& log) {
    std::vector<std::string> args{opt.yosys, "-q", "-l", log.string(), "-s", script.string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    // Yosys's own stdout/stderr (warnings) go to a file next to the log, not the terminal.
    const std::string out = log.string() + ".stderr";
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, opt.yosys.c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        throw std::runtime_error(
            fmt::format("synth: cannot run '{}' ({}); run scripts/install-deps.sh", opt.yosys,
                        std::strerror(rc)));
    return pid;
}

// The first ERROR line of a failed run, for a one-line message.
std::string yosys_error(const fs::path& log) {
    for (const auto& p : {log, fs::path(log.string() + ".stderr")}) {
        std::ifstream in(p);
        std::string line;
        while (std::getline(in, line)) {
            const auto k = line.find("ERROR:");
            if (k != std::string::npos) return line.substr(k);
        }
    }
    return "failed without an ERROR line";
}

void wait_all(const std::vector<std::pair<pid_t, fs::path>>& runs) {
    std::string first_error;
    for (const auto& [pid, log] : runs) {
        int status = 0;
        waitpid(pid, &status, 0);
        const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        if (!ok && first_error.empty())
            first_error = fmt::format("yosys: {} (log: {})", yosys_error(log), log.string());
    }
    if (!first_error.empty()) throw std::runtime_error(first_error);
}

// RTLIL text split into modules: name -> full text (attributes included), and a black-box stub
// (ports only) for the processes that do not synthesise it.
struct RtlilModule {
    std::string text, stub;
    std::vector<std::pair<int64_t, int64_t>> memories;  // (width, size)
};

std::map<std::string, RtlilModule> split_rtlil(const std::string& il) {
    std::map<std::string, RtlilModule> mods;
    std::istringstream in(il);
    std::string line, pending, name, body, ports;
    std::vector<std::pair<int64_t, int64_t>> mems;
    bool inside = false;
    const std::regex mem_re(R"(^\s*memory\s.*\bwidth (\d+).*\bsize (\d+))");
    while (std::getline(in, line)) {
        if (!inside) {
            if (line.rfind("attribute ", 0) == 0) pending += line + "\n";
            if (line.rfind("module ", 0) == 0) {
                inside = true;
                name = strip(line.substr(7));
                body = pending + line + "\n";
                ports.clear();
                mems.clear();
                pending.clear();
            } else if (line.rfind("attribute ", 0) != 0) {
                pending.clear();
            }
            continue;
        }
        body += line + "\n";
        if (line.rfind("  wire ", 0) == 0 && (line.find(" input ") != std::string::npos ||
                                              line.find(" output ") != std::string::npos ||
                                              line.find(" inout ") != std::string::npos))
            ports += line + "\n";
        std::smatch m;
        if (std::regex_search(line, m, mem_re))
            mems.emplace_back(std::stoll(m[1]), std::stoll(m[2]));
        if (line == "end") {
            const std::string raw =
                body.substr(body.find("module ") + 7,
                            body.find('\n', body.find("module ")) - body.find("module ") - 7);
            mods[name] = {body, "attribute \\blackbox 1\nmodule " + raw + "\n" + ports + "end\n",
                          mems};
            inside = false;
        }
    }
    return mods;
}

bool is_flop(const std::string& type) {
    static const std::vector<std::string> prefixes{"$_DFF",    "$_SDFF",  "$_ALDFF",
                                                   "$_DLATCH", "$_SR_",   "$_DFFSR",
                                                   "$_DFFE",   "$_SDFFE", "$_SDFFCE"};
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](const std::string& p) { return type.rfind(p, 0) == 0; });
}

// Cell types stat -tech cmos counts exactly (yosys kernel/cost.h).
bool cmos_known(const std::string& type) {
    static const std::set<std::string> known{
        "$_BUF_",    "$_NOT_",   "$_AND_", "$_NAND_", "$_OR_",    "$_NOR_",
        "$_ANDNOT_", "$_ORNOT_", "$_XOR_", "$_XNOR_", "$_AOI3_",  "$_OAI3_",
        "$_AOI4_",   "$_OAI4_",  "$_MUX_", "$_NMUX_", "$_DFF_P_", "$_DFF_N_"};
    return known.count(type) > 0;
}

std::string yosys_version(const FlowOptions& opt) {
    const std::string cmd = opt.yosys + " -V 2>/dev/null";
    std::string out;
    if (FILE* f = popen(cmd.c_str(), "r")) {
        char buf[256];
        while (fgets(buf, sizeof buf, f)) out += buf;
        pclose(f);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

}  // namespace

// 64-bit FNV-1a over the parts (each followed by a separator): a cache key, not a checksum.
uint64_t fnv1a(std::initializer_list<std::string> parts) {
    uint64_t h = 1469598103934665603ull;
    for (const auto& p : parts) {
        for (unsigned char c : p) h = (h ^ c) * 1099511628211ull;
        h = (h ^ 0xffu) * 1099511628211ull;
    }
    return h;
}

// Copies a finished module's outputs into the cache: into a private directory first, then
// renamed into place, so a reader never sees half an entry and two writers do not collide.
template <size_t N>
void store_in_cache(const fs::path& entry, const std::string& prefix,
                    const char* const (&files)[N]) {
    std::error_code ec;
    fs::create_directories(entry.parent_path(), ec);
    const fs::path tmp = entry.string() + fmt::format(".tmp{}", getpid());
    fs::remove_all(tmp, ec);
    fs::create_directories(tmp, ec);
    for (const char* f : files) fs::copy_file(prefix + f, tmp / f, ec);
    if (ec) {
        fs::remove_all(tmp, ec);
        return;  // a cache that cannot be written only costs time
    }
    fs::rename(tmp, entry, ec);
    if (ec) fs::remove_all(tmp, ec);  // another process stored it first
}

FlowResult run_flow(const FlowOptions& opt) {
    const auto t0 = std::chrono::steady_clock::now();
    auto say = [&](const std::string& s) {
        if (opt.progress) opt.progress(s);
    };
    FlowResult res;
    res.top = opt.top;
    res.yosys_version = yosys_version(opt);
    if (res.yosys_version.empty())
        throw std::runtime_error(
            fmt::format("synth: cannot run '{}'; run scripts/install-deps.sh", opt.yosys));
    fs::create_directories(opt.work_dir);
    const fs::path wd = fs::absolute(opt.work_dir);

    // ---- pass 1: elaborate --------------------------------------------------------------
    std::string s = fmt::format("read_verilog -sv -DSYNTHESIS -I{} -defer", opt.repo.string());
    for (const auto& f : opt.sources) s += " " + f;
    s += "\n";
    if (!opt.params.empty()) {
        s += "chparam";
        for (const auto& [k, v] : opt.params) s += fmt::format(" -set {} {}", k, v);
        s += " " + opt.top + "\n";
    }
    s += fmt::format("hierarchy -check -top {}\nsetattr -mod -unset top\n", opt.top);
    s += fmt::format("tee -q -o {} stat -json\nwrite_rtlil {}\n", (wd / "elab_stat.json").string(),
                     (wd / "elab.il").string());
    write_text(wd / "elab.ys", s);
    say("elaborating");
    wait_all({{start_yosys(opt, wd / "elab.ys", wd / "yosys_elab.log"), wd / "yosys_elab.log"}});

    const json elab = read_stat_json(wd / "elab_stat.json");
    auto rtlil = split_rtlil(read_text(wd / "elab.il"));
    std::map<std::string, double> weight;
    for (const auto& [raw, m] : elab.at("modules").items()) {
        ModuleStats st;
        st.name = strip(raw);
        st.base = base_name(st.name);
        st.memory_bits = m.value("num_memory_bits", int64_t{0});
        res.modules[st.name] = st;
        weight[st.name] = double(m.value("num_wire_bits", 0)) + 4.0 * m.value("num_cells", 0) +
                          double(st.memory_bits);
    }
    for (const auto& [raw, m] : elab.at("modules").items()) {
        for (const auto& [type, n] : m.at("num_cells_by_type").items()) {
            const std::string t = strip(type);
            if (res.modules.count(t)) res.modules[strip(raw)].children[t] += n.get<int64_t>();
        }
    }
    // ---- macros -------------------------------------------------------------------------
    for (auto& [name, st] : res.modules) {
        const bool kind = std::find(opt.macro_kinds.begin(), opt.macro_kinds.end(), st.base) !=
                          opt.macro_kinds.end();
        if (!kind || st.memory_bits < opt.sram_min_bits) continue;
        const auto& mems = rtlil.at(name).memories;
        if (mems.size() != 1)
            throw std::runtime_error(
                fmt::format("synth: macro {} has {} memories, expected 1", name, mems.size()));
        st.macro = true;
        st.sram_width = mems[0].first;
        st.sram_rows = mems[0].second;
    }
    // ---- one Yosys process per module, heaviest first, at most `jobs` at a time ----------
    // (a module's netlist then does not depend on what else a process holds, nor on jobs)
    std::vector<std::string> order;
    for (const auto& [name, st] : res.modules)
        if (!st.macro) order.push_back(name);
    std::sort(order.begin(), order.end(),
              [&](const std::string& a, const std::string& b) { return weight[a] > weight[b]; });
    for (const auto& name : order) res.groups.push_back({name});
    // ---- pass 2 -------------------------------------------------------------------------
    // A module's process holds the module and port-only stubs of the modules it instantiates.
    // Its results depend on nothing else, so with a cache directory they are kept under a hash
    // of that input, the script, the Liberty and the Yosys version, and reused by later runs
    // (sweep points sharing a PE, say) instead of being synthesised again.
    const std::string lib = opt.liberty.string();
    const std::string lib_text = read_text(opt.liberty);
    static const char* const kOutputs[] = {"generic.json", "ltp.txt", "cmos.json", "liberty.json"};
    auto script = [](const std::string& ilp, const std::string& out_prefix, const std::string& l) {
        auto out = [&](const char* what) { return out_prefix + what; };
        std::string ys = fmt::format("read_rtlil {}\n", ilp);
        ys += "synth\nsetattr -mod -unset top\n";
        ys += fmt::format("tee -q -o {} stat -json\n", out("generic.json"));
        // Gate cells and wires only: a child instance would count as one combinational hop.
        ys += fmt::format("tee -q -o {} ltp -noff */t:$_* */w:*\n", out("ltp.txt"));
        ys += "design -save generic\nasync2sync\ndfflegalize -cell $_DFF_P_ 01\n";
        ys += fmt::format("tee -q -o {} stat -json -tech cmos\n", out("cmos.json"));
        ys += "design -load generic\n";
        ys += fmt::format("dfflibmap -liberty {}\nabc -liberty {}\nopt_clean\n", l, l);
        ys += fmt::format("tee -q -o {} stat -json\n", out("liberty.json"));
        return ys;
    };
    std::vector<fs::path> logs;                            // one per group
    std::vector<fs::path> cache_entry(res.groups.size());  // where a miss's results go
    std::vector<size_t> to_run;
    for (size_t g = 0; g < res.groups.size(); ++g) {
        std::set<std::string> mine(res.groups[g].begin(), res.groups[g].end());
        std::set<std::string> stubs;
        for (const auto& name : mine)
            for (const auto& [child, n] : res.modules.at(name).children)
                if (!mine.count(child)) stubs.insert(child);
        std::string il;
        for (const auto& [name, m] : rtlil)
            if (mine.count(name)) il += m.text;
            else if (stubs.count(name)) il += m.stub;
        const fs::path ilp = wd / fmt::format("group{}.il", g);
        write_text(ilp, il);
        const std::string prefix = (wd / fmt::format("group{}_", g)).string();
        write_text(wd / fmt::format("group{}.ys", g), script(ilp.string(), prefix, lib));
        const fs::path log = wd / fmt::format("yosys_group{}.log", g);
        logs.push_back(log);
        if (!opt.cache_dir.empty()) {
            const fs::path entry =
                opt.cache_dir /
                fmt::format("{:016x}", fnv1a({res.yosys_version, lib_text,
                                              script("@IL@", "@OUT@", "@LIB@"), il}));
            if (fs::exists(entry / kOutputs[3])) {
                for (const char* f : kOutputs)
                    fs::copy_file(entry / f, prefix + f, fs::copy_options::overwrite_existing);
                write_text(log,
                           fmt::format("taken from the synthesis cache: {}\n", entry.string()));
                ++res.cached;
                continue;
            }
            cache_entry[g] = entry;
        }
        to_run.push_back(g);
    }
    const int jobs = std::max(1, opt.jobs);
    say(fmt::format("synthesising {} modules, {} Yosys processes at a time ({} SRAM macros{})",
                    order.size(), jobs, res.modules.size() - order.size(),
                    res.cached ? fmt::format(", {} modules from the cache", res.cached) : ""));
    {
        std::map<pid_t, size_t> running;
        std::string first_error;
        size_t next = 0;
        while (next < to_run.size() || !running.empty()) {
            while (next < to_run.size() && int(running.size()) < jobs && first_error.empty()) {
                const size_t g = to_run[next++];
                running[start_yosys(opt, wd / fmt::format("group{}.ys", g), logs[g])] = g;
            }
            if (running.empty()) break;
            int status = 0;
            const pid_t pid = waitpid(-1, &status, 0);
            if (pid < 0) break;
            auto it = running.find(pid);
            if (it == running.end()) continue;
            const size_t g = it->second;
            const fs::path log = logs[g];
            running.erase(it);
            if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
                if (first_error.empty())
                    first_error =
                        fmt::format("yosys: {} (log: {})", yosys_error(log), log.string());
            } else if (!cache_entry[g].empty()) {
                store_in_cache(cache_entry[g], (wd / fmt::format("group{}_", g)).string(),
                               kOutputs);
            }
        }
        if (!first_error.empty()) throw std::runtime_error(first_error);
    }

    // ---- collect ------------------------------------------------------------------------
    const std::regex ltp_re(R"(Longest topological path in (\S+) \(length=(\d+)\))");
    for (size_t g = 0; g < res.groups.size(); ++g) {
        std::set<std::string> mine(res.groups[g].begin(), res.groups[g].end());
        auto path = [&](const char* what) { return wd / fmt::format("group{}_{}", g, what); };
        const json gen = read_stat_json(path("generic.json"));
        const json cmos = read_stat_json(path("cmos.json"));
        const json lj = read_stat_json(path("liberty.json"));
        for (const auto& [raw, m] : gen.at("modules").items()) {
            const std::string name = strip(raw);
            if (!mine.count(name)) continue;
            auto& st = res.modules.at(name);
            for (const auto& [type, n] : m.at("num_cells_by_type").items()) {
                const std::string t = strip(type);
                if (res.modules.count(t)) continue;  // a child instance
                st.gates[t] = n.get<int64_t>();
                st.cells += n.get<int64_t>();
                if (is_flop(t)) st.flop_bits += n.get<int64_t>();
            }
        }
        for (const auto& [raw, m] : cmos.at("modules").items()) {
            const std::string name = strip(raw);
            if (!mine.count(name)) continue;
            auto& st = res.modules.at(name);
            std::string tr = m.contains("estimated_num_transistors")
                                 ? m["estimated_num_transistors"].get<std::string>()
                                 : "0";
            if (!tr.empty() && tr.back() == '+') tr.pop_back();
            st.transistors = std::stoll(tr);
            for (const auto& [type, n] : m.at("num_cells_by_type").items()) {
                const std::string t = strip(type);
                if (!res.modules.count(t) && !cmos_known(t)) st.transistors_exact = false;
            }
        }
        for (const auto& [raw, m] : lj.at("modules").items()) {
            const std::string name = strip(raw);
            if (!mine.count(name)) continue;
            auto& st = res.modules.at(name);
            for (const auto& [type, n] : m.at("num_cells_by_type").items()) {
                const std::string t = strip(type);
                if (!res.modules.count(t)) st.lib_cells[t] = n.get<int64_t>();
            }
        }
        const std::string ltp = read_text(path("ltp.txt"));
        for (auto it = std::sregex_iterator(ltp.begin(), ltp.end(), ltp_re);
             it != std::sregex_iterator(); ++it) {
            const std::string name = strip((*it)[1].str());
            if (mine.count(name)) res.modules.at(name).logic_depth = std::stoi((*it)[2].str());
        }
    }
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
}

}  // namespace synth
