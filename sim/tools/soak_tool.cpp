// SPDX-License-Identifier: Apache-2.0
// rsacc-soak (make soak, docs/soak.md): N random layers through the accelerator of this build
// (RSACC_ROWS x RSACC_COLS, RSACC_GLB_KB, with its SVA when RSACC_ASSERTIONS), each compared bit
// for bit with the golden engine.
//
// Parent:  rsacc-soak --n N --seed S --jobs J --out DIR
//   runs layers 0..N-1, J at a time, each in a child process of its own (below), so that a
//   crash, hang or assertion in one layer cannot stop the soak; tallies the results, prints a
//   progress line and a table, writes DIR/summary.json (and DIR/layers.jsonl, DIR/failures/).
// Child:   rsacc-soak --seed S --index I [--json]
//   draws layer I of soak S (sim/random_layer.hpp: from S and I alone), runs it and prints a
//   summary; --json adds one JSON line for the parent. This command, without --json, is the
//   reproduce command recorded for a failure.
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "Vrsacc_top.h"
#include "sim/built_hw.hpp"
#include "sim/layer_runner.hpp"
#include "sim/output_files.hpp"
#include "sim/random_layer.hpp"

extern char** environ;

using namespace sim;
using namespace compiler;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

const char* const kStatuses[] = {"PASS", "FAIL", "ASSERTION", "TIMEOUT", "ERROR", "CRASH"};

// ---------------------------------------------------------------------------------------------
// Child: one layer.

// Test hook for the parent's handling of dying children (tests/soak): RSACC_SOAK_INJECT=
// "I=crash,J=hang,K=exit" makes child I die from SIGSEGV, J hang, K exit 3 without a result.
void injected_fault(uint64_t index) {
    const char* env = std::getenv("RSACC_SOAK_INJECT");
    if (!env) return;
    std::stringstream ss(env);
    std::string item;
    while (std::getline(ss, item, ',')) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || std::strtoull(item.c_str(), nullptr, 10) != index) continue;
        const std::string what = item.substr(eq + 1);
        fmt::print(stderr, "RSACC_SOAK_INJECT: {} in layer {}\n", what, index);
        std::fflush(stderr);
        if (what == "crash") raise(SIGSEGV);
        if (what == "hang")
            for (;;) pause();
        if (what == "exit") _exit(3);
    }
}

int run_child(uint64_t seed, uint64_t index, bool as_json) {
    const auto t0 = Clock::now();
    injected_fault(index);
    const HwConfig hw = built_hw();
    const golden::Numerics nx{hw.data_width, hw.acc_width};
    // A draw that cannot be made is an error of the tool, not of the layer.
    const SoakDraw d = draw_soak_layer(seed, index, hw);
    json j = d.to_json();
    j["desc"] = d.describe();
    j["categories"] = d.categories(hw);
    fmt::print("soak layer {} of seed {}: {}\n", index, seed, d.describe());
    fmt::print("  mapping   {}\n", d.mapping.to_string());
    std::fflush(stdout);

    std::string status = "PASS", reason;
    try {
        const SoakDraw::Prepared run = d.prepare(hw);
        const LayerData& data = run.data;
        const int auto_s = run.auto_shift;
        const LayerOptions& opt = run.options;
        const LayerProgram& prog = run.program;
        const AccelRunOptions& ro = run.run;
        fmt::print(
            "  program   {} commands: {} passes, {} fills, {} drains; shift {} (auto {}){}{}; "
            "estimate {} cycles, limit {}\n",
            prog.commands.size(), prog.passes, prog.fills, prog.drains, opt.shift, auto_s,
            opt.relu ? ", ReLU" : "", opt.bias ? ", bias" : "", d.est_cycles, d.max_cycles);
        std::fflush(stdout);
        const LayerOutcome o = simulate_layer<Vrsacc_top>(prog, data, d.dram, {}, ro);

        int64_t saturated = 0;
        for (auto v : o.check.expected.data)
            if (v == nx.data_max() || (v == nx.data_min() && !opt.relu)) ++saturated;
        j["shift"] = opt.shift;
        j["auto_shift"] = auto_s;
        j["saturated_outputs"] = saturated;
        j["outputs"] = o.check.expected.size();
        j["cycles"] = o.run.cycles;
        j["macs"] = d.layer.macs();
        j["sim_seconds"] = o.run.wall_seconds;
        j["khz"] = o.run.khz();
        j["mismatches"] = o.check.mismatches;
        j["accel_status"] = o.run.status;
        j["first_mismatches"] = o.check.first;
        if (o.run.assertion_failed) {
            status = "ASSERTION";
            reason = fmt::format("assertion failed at cycle {}", o.run.cycles);
        } else if (o.run.status) {
            status = "ERROR";
            reason = fmt::format("accelerator status {} ({})", o.run.status,
                                 to_string(contract::Status(o.run.status)));
        } else if (o.run.timed_out) {
            status = "TIMEOUT";
            reason =
                fmt::format("not done after {} cycles (estimate {})", o.run.cycles, d.est_cycles);
        } else if (!o.run.done) {
            status = "ERROR";
            reason = "run ended without done";
        } else if (o.check.mismatches) {
            status = "FAIL";
            reason = fmt::format("{} of {} ofmap values differ", o.check.mismatches,
                                 o.check.expected.size());
        }
        fmt::print("  cycles    {} (estimate {}), {:.2f} s, {:.1f} kHz; {} saturated outputs\n",
                   o.run.cycles, d.est_cycles, o.run.wall_seconds, o.run.khz(), saturated);
        fmt::print("  check     {} ofmap values, {} mismatches\n", o.check.expected.size(),
                   o.check.mismatches);
        for (const auto& m : o.check.first)
            fmt::print("    mismatch n={} m={} e={} f={}: expected {} got {}\n", m.n, m.m, m.e, m.f,
                       m.expected, m.got);
    } catch (const std::exception& e) {  // e.g. the DRAM model refusing an access: a hardware bug
        status = "ERROR";
        reason = fmt::format("exception: {}", e.what());
    }
    j["status"] = status;
    j["reason"] = reason;
    j["wall_seconds"] = seconds_since(t0);
    fmt::print("RESULT soak seed={} index={} status={}{}\n", seed, index, status,
               reason.empty() ? "" : " (" + reason + ")");
    if (as_json) fmt::print("{}\n", j.dump());
    std::fflush(stdout);
    return status == "PASS" ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// Parent: N children, J at a time.

struct Child {
    uint64_t index = 0;
    pid_t pid = -1;
    int fd[2] = {-1, -1};  // stdout, stderr read ends
    std::string text[2];
    Clock::time_point start;
    bool killed = false;
};

constexpr size_t kMaxCapture = 4 << 20;

std::string self_exe(const char* argv0) {
    std::error_code ec;
    auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) p = std::filesystem::absolute(argv0);
    return p.string();
}

std::vector<std::string> child_args(const std::string& exe, uint64_t seed, uint64_t index,
                                    bool allow_no_assertions) {
    std::vector<std::string> a{exe, "--seed", std::to_string(seed), "--index",
                               std::to_string(index)};
    if (allow_no_assertions) a.push_back("--allow-no-assertions");
    return a;
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
    return s;
}

Child spawn(const std::vector<std::string>& args, uint64_t index) {
    Child c;
    c.index = index;
    int p_out[2], p_err[2];
    if (pipe2(p_out, O_CLOEXEC) || pipe2(p_err, O_CLOEXEC))
        throw std::runtime_error(fmt::format("pipe: {}", std::strerror(errno)));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p_out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, p_err[1], 2);
    std::vector<char*> argv;
    for (const auto& s : args) argv.push_back(const_cast<char*>(s.c_str()));
    argv.push_back(nullptr);
    const int rc = posix_spawn(&c.pid, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    close(p_out[1]);
    close(p_err[1]);
    if (rc) {
        close(p_out[0]);
        close(p_err[0]);
        throw std::runtime_error(fmt::format("cannot start {}: {}", argv[0], std::strerror(rc)));
    }
    c.fd[0] = p_out[0];
    c.fd[1] = p_err[0];
    c.start = Clock::now();
    return c;
}

std::string last_line(const std::string& s) {
    size_t end = s.find_last_not_of('\n');
    if (end == std::string::npos) return "";
    size_t b = s.rfind('\n', end);
    return s.substr(b == std::string::npos ? 0 : b + 1,
                    end - (b == std::string::npos ? 0 : b + 1) + 1);
}

// The child's JSON line: the last stdout line that starts with '{' and parses.
std::optional<json> result_json(const std::string& out) {
    size_t end = out.size();
    while (end > 0) {
        size_t b = out.rfind('\n', end - 1);
        const size_t start = b == std::string::npos ? 0 : b + 1;
        const std::string line = out.substr(start, end - start);
        if (!line.empty() && line[0] == '{') {
            try {
                return json::parse(line);
            } catch (const std::exception&) {
            }
        }
        if (b == std::string::npos) break;
        end = b;
    }
    return std::nullopt;
}

std::string signal_name(int sig) {
    const char* d = strsignal(sig);
    return fmt::format("signal {} ({})", sig, d ? d : "?");
}

// The record of a finished child: its own JSON, or one made here when it died without one.
json finish(const Child& c, int wstatus, uint64_t seed, const std::vector<std::string>& cmd,
            double timeout_s) {
    auto j = result_json(c.text[0]);
    json r;
    if (j) r = *j;
    std::string status, reason;
    if (c.killed) {
        status = "TIMEOUT";
        reason = fmt::format("wall-clock limit {:.0f} s exceeded: killed", timeout_s);
    } else if (WIFSIGNALED(wstatus)) {
        status = "CRASH";
        reason = signal_name(WTERMSIG(wstatus));
    } else if (!j) {
        status = "ERROR";
        const std::string err = last_line(c.text[1]);
        reason = fmt::format("exit status {} without a result{}", WEXITSTATUS(wstatus),
                             err.empty() ? "" : ": " + err);
    } else {
        status = r.value("status", "ERROR");
        reason = r.value("reason", "");
        const bool exit_ok = WEXITSTATUS(wstatus) == 0;
        if (exit_ok != (status == "PASS")) {
            status = "ERROR";
            reason = fmt::format("exit status {} disagrees with result {}", WEXITSTATUS(wstatus),
                                 r.value("status", "?"));
        }
    }
    if (!j) {  // describe the layer from the draw (the same one the child made)
        try {
            const HwConfig hw = built_hw();
            const SoakDraw d = draw_soak_layer(seed, c.index, hw);
            r = d.to_json();
            r["desc"] = d.describe();
            r["categories"] = d.categories(hw);
        } catch (const std::exception& e) {
            r["desc"] = fmt::format("(draw failed: {})", e.what());
        }
    }
    r["index"] = c.index;
    r["status"] = status;
    r["reason"] = reason;
    r["command"] = join(cmd);
    r["process_seconds"] = seconds_since(c.start);
    return r;
}

std::string duration(double s) {
    if (s < 120) return fmt::format("{:.0f} s", s);
    if (s < 7200) return fmt::format("{:.0f} min {:02.0f} s", std::floor(s / 60), std::fmod(s, 60));
    return fmt::format("{:.1f} h", s / 3600);
}

struct ParentOptions {
    uint64_t n = 0, seed = 1;
    int jobs = 1;
    std::string out = "reports/soak";
    double timeout_s = 600;
    bool allow_no_assertions = false, quiet = false;
};

int run_parent(const ParentOptions& po, const std::string& exe) {
    namespace fs = std::filesystem;
    const HwConfig hw = built_hw();
    const fs::path out(po.out);
    {  // an unwritable --out fails now, not after an hour; an earlier soak's results go
        prepare_output((out / "summary.json").string(), "--out");
        remove_stale_output((out / "summary.json").string());
        remove_stale_output((out / "layers.jsonl").string());
        std::error_code ec;
        fs::remove_all(out / "failures", ec);
    }
    const auto t0 = Clock::now();
    const bool tty = !po.quiet && isatty(fileno(stderr));
    std::vector<json> records(po.n);
    std::map<std::string, int64_t> tally;
    for (const char* s : kStatuses) tally[s] = 0;
    uint64_t next = 0, done = 0, failed = 0;
    std::vector<Child> running;
    auto last_progress = Clock::now();
    uint64_t last_progress_done = 0;

    auto last_tty = Clock::now();
    // After each layer, and between layers: in place on a terminal (twice a second), else a
    // line every 10 layers or 10 s.
    auto progress = [&](bool final_line) {
        if (tty && !final_line && done == last_progress_done && seconds_since(last_tty) < 0.5)
            return;
        if (!tty && !final_line && done - last_progress_done < 10 &&
            seconds_since(last_progress) < 10)
            return;
        const double el = seconds_since(t0);
        const double per = done ? el / double(done) : 0;
        const std::string line = fmt::format(
            "soak: {}/{} done, {} failed, {:.2f} s/layer, elapsed {}, ETA {}", done, po.n, failed,
            per, duration(el), done ? duration(per * double(po.n - done)) : std::string("?"));
        if (tty) {
            fmt::print(stderr, "\r{:<100}{}", line, final_line ? "\n" : "");
            last_tty = Clock::now();
        } else if (!po.quiet) {
            fmt::print(stderr, "{}\n", line);
            last_progress = Clock::now();
        }
        last_progress_done = done;
    };

    while (done < po.n) {
        while (next < po.n && int(running.size()) < po.jobs) {
            const auto args = child_args(exe, po.seed, next, po.allow_no_assertions);
            auto a = args;
            a.push_back("--json");
            running.push_back(spawn(a, next));
            ++next;
        }
        std::vector<pollfd> fds;
        std::vector<std::pair<size_t, int>> who;
        for (size_t i = 0; i < running.size(); ++i)
            for (int k = 0; k < 2; ++k)
                if (running[i].fd[k] >= 0) {
                    fds.push_back({running[i].fd[k], POLLIN, 0});
                    who.push_back({i, k});
                }
        if (!fds.empty() && poll(fds.data(), fds.size(), 250) < 0 && errno != EINTR)
            throw std::runtime_error(fmt::format("poll: {}", std::strerror(errno)));
        for (size_t f = 0; f < fds.size(); ++f) {
            if (!(fds[f].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            Child& c = running[who[f].first];
            const int k = who[f].second;
            char buf[65536];
            const ssize_t got = read(c.fd[k], buf, sizeof buf);
            if (got > 0) {
                if (c.text[k].size() < kMaxCapture) c.text[k].append(buf, size_t(got));
            } else if (got == 0 || errno != EINTR) {
                close(c.fd[k]);
                c.fd[k] = -1;
            }
        }
        progress(false);
        for (size_t i = 0; i < running.size();) {
            Child& c = running[i];
            if (!c.killed && seconds_since(c.start) > po.timeout_s) {
                kill(c.pid, SIGKILL);
                c.killed = true;
            }
            if (c.fd[0] >= 0 || c.fd[1] >= 0) {
                ++i;
                continue;
            }
            int ws = 0;
            while (waitpid(c.pid, &ws, 0) < 0 && errno == EINTR) {
            }
            const auto cmd = child_args(exe, po.seed, c.index, po.allow_no_assertions);
            json r = finish(c, ws, po.seed, cmd, po.timeout_s);
            const std::string st = r["status"];
            ++tally[st];
            ++done;
            if (st != "PASS") {
                ++failed;
                fs::create_directories(out / "failures");
                write_file_atomic(
                    (out / "failures" / fmt::format("{}.log", c.index)).string(),
                    fmt::format("# {}\n# {}: {}\n# --- stdout\n{}\n# --- stderr\n{}\n", join(cmd),
                                st, r.value("reason", ""), c.text[0], c.text[1]));
                if (tty) fmt::print(stderr, "\r{:100}\r", "");
                fmt::print(stderr, "soak: layer {} {}: {} | {}\n", c.index, st,
                           r.value("reason", ""), join(cmd));
            }
            records[c.index] = std::move(r);
            running.erase(running.begin() + long(i));
            progress(false);
        }
    }
    progress(true);
    const double wall = seconds_since(t0);

    // Distribution of the draws, failures, totals.
    std::map<std::string, int64_t> dist;
    std::map<std::string, std::map<std::string, int64_t>> dist_values;
    json failures = json::array();
    int64_t total_cycles = 0, total_macs = 0, redraw_unmappable = 0, redraw_budget = 0,
            saturated = 0;
    double child_seconds = 0;
    std::string layers_jsonl;
    for (const auto& r : records) {
        layers_jsonl += r.dump() + "\n";
        if (r.contains("categories"))
            for (const auto& [k, v] : r["categories"].items()) {
                if (v.is_boolean()) dist[k] += v.get<bool>() ? 1 : 0;
                else if (v.is_string()) ++dist_values[k][v.get<std::string>()];
            }
        total_cycles += r.value("cycles", int64_t{0});
        total_macs += r.value("macs", int64_t{0});
        redraw_unmappable += r.value("redraws_unmappable", 0);
        redraw_budget += r.value("redraws_budget", 0);
        if (r.value("saturated_outputs", int64_t{0}) > 0) ++saturated;
        child_seconds += r.value("process_seconds", 0.0);
        if (r["status"] != "PASS")
            failures.push_back({{"index", r["index"]},
                                {"status", r["status"]},
                                {"reason", r["reason"]},
                                {"layer", r.value("desc", "")},
                                {"command", r["command"]}});
    }
    json jd = dist;
    for (const auto& [k, m] : dist_values) jd[k] = m;
    jd["saturated_outputs_gt0"] = saturated;
    const uint64_t passed = uint64_t(tally["PASS"]);
    json summary = {
        {"tool", "rsacc-soak"},
        {"seed", po.seed},
        {"n", po.n},
        {"jobs", po.jobs},
        {"wall_seconds", wall},
        {"mean_layer_seconds", child_seconds / double(po.n)},
        {"model",
         {{"rows", hw.rows},
          {"cols", hw.cols},
          {"glb_kb", hw.glb_bytes / 1024},
          {"assertions", bool(RSACC_ASSERTIONS)}}},
        {"budget_cycles", SoakLimits{}.budget_cycles},
        {"tally", tally},
        {"passed", passed},
        {"failed", po.n - passed},
        {"distribution", jd},
        {"redraws", {{"unmappable", redraw_unmappable}, {"over_budget", redraw_budget}}},
        {"total_cycles", total_cycles},
        {"total_macs", total_macs},
        {"reproduce",
         "each failure's command, run from any directory (absolute path of this binary)"},
        {"failures", failures},
    };
    write_file_atomic((out / "layers.jsonl").string(), layers_jsonl);
    write_file_atomic((out / "summary.json").string(), summary.dump(2) + "\n");

    fmt::print(
        "soak seed {}: {} layers on {} x {} PEs, {} KB buffer, assertions {}; {} job{}, wall {} "
        "({:.2f} s per layer per job), {} cycles\n",
        po.seed, po.n, hw.rows, hw.cols, hw.glb_bytes / 1024, RSACC_ASSERTIONS ? "on" : "off",
        po.jobs, po.jobs == 1 ? "" : "s", duration(wall), child_seconds / double(po.n),
        total_cycles);
    for (const char* s : kStatuses) fmt::print("  {:<10} {:>6}\n", s, tally[s]);
    std::string drawn;
    for (const auto& [k, v] : dist) drawn += fmt::format(" {} {},", k, v);
    fmt::print("  drawn:{} saturated_outputs_gt0 {}\n", drawn, saturated);
    for (const auto& [k, m] : dist_values) {
        std::string s;
        for (const auto& [v, c] : m) s += fmt::format(" {} {},", v, c);
        if (!s.empty()) s.pop_back();
        fmt::print("  {}:{}\n", k, s);
    }
    for (const auto& f : failures)
        fmt::print("  failed {} {}: {}\n    {}\n    reproduce: {}\n", f["index"].get<uint64_t>(),
                   f["status"].get<std::string>(), f["reason"].get<std::string>(),
                   f["layer"].get<std::string>(), f["command"].get<std::string>());
    fmt::print("  summary   {}\n", (out / "summary.json").string());
    fmt::print("soak: {} passed, {} failed\n", passed, po.n - passed);
    return passed == po.n ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const HwConfig hw = built_hw();
    CLI::App app{fmt::format(
        "Soak test: random layers on the accelerator RTL ({} x {} PEs, {} KB buffer, assertions "
        "{}), each compared with the golden engine. With --n: the whole soak, one child process "
        "per layer. With --index: that one layer (the reproduce command of a failure).",
        hw.rows, hw.cols, hw.glb_bytes / 1024, RSACC_ASSERTIONS ? "on" : "off")};
    ParentOptions po;
    uint64_t index = 0;
    bool as_json = false;
    auto* o_n = app.add_option("--n", po.n, "number of layers (parent mode)")
                    ->check(CLI::Range(uint64_t{1}, uint64_t{1'000'000}));
    app.add_option("--seed", po.seed, "soak seed: layer i is drawn from (seed, i) alone");
    auto* o_jobs = app.add_option("--jobs", po.jobs, "layers run at once (one core each)")
                       ->check(CLI::Range(1, 1024));
    auto* o_out =
        app.add_option("--out", po.out, "directory of summary.json, layers.jsonl, failures/");
    auto* o_timeout = app.add_option("--timeout", po.timeout_s,
                                     "wall-clock seconds per layer before it is killed")
                          ->check(CLI::Range(1.0, 1e6));
    auto* o_index = app.add_option("--index", index, "run this one layer (child mode)");
    auto* o_json = app.add_flag("--json", as_json, "child mode: also print one JSON line");
    app.add_flag("--allow-no-assertions", po.allow_no_assertions,
                 "run even though this model was built without its SVA");
    app.add_flag("--quiet", po.quiet, "no progress line");
    o_index->excludes(o_n)->excludes(o_jobs)->excludes(o_out)->excludes(o_timeout);
    o_json->needs(o_index);
    app.failure_message([](const CLI::App*, const CLI::Error& e) {
        return fmt::format("error: {} (run with --help)\n", e.what());
    });
    CLI11_PARSE(app, argc, argv);

    try {
        if (!RSACC_ASSERTIONS && !po.allow_no_assertions)
            throw std::invalid_argument(
                "this model was built without assertions (RSACC_SIM_ASSERTIONS=OFF); a soak checks "
                "them: build with them, or pass --allow-no-assertions");
        if (o_index->count()) return run_child(po.seed, index, as_json);
        if (!o_n->count())
            throw std::invalid_argument("give --n N (a soak) or --index I (one layer)");
        return run_parent(po, self_exe(argv[0]));
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return 2;
    }
}
