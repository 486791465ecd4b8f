#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generates every copy of the hardware/software contract from contract/rsacc_contract.json.

Outputs (paths relative to the repository root; all carry a "generated, do not edit" header):
  rtl/acc_pkg.sv                     SystemVerilog package: parameters, enums, counters, structs,
                                     one packed struct per command kind overlaying its 512 bits
  contract/include/rsacc/contract.hpp  C++17 header: the same, with encoders and decoders that
                                     check every field against its width
  docs/commands.md                   the tables between "<!-- generated:NAME -->" and
                                     "<!-- end generated:NAME -->" markers (the prose is hand-written)
  waves/filters/<enum>.txt           GTKWave translate filters (decimal value -> name)

  gen_contract.py [--root DIR]          write the outputs that differ (and say which)
  gen_contract.py [--root DIR] --check  write nothing; exit 1 naming every stale output
  gen_contract.py --get NAME            print a parameter's default (for the Makefile)

Python 3 standard library only. The build runs it at configure time (CMakeLists.txt).
"""
import argparse
import json
import math
import os
import re
import sys

CONTRACT = "contract/rsacc_contract.json"
GENERATED = "generated from contract/rsacc_contract.json by contract/gen_contract.py; do not edit"


class ContractError(Exception):
    pass


def camel(name):
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def sv_cmd_type(kind):
    """SystemVerilog struct of a command kind: cmd_<kind>_t unless the contract names it (a
    decoded pass is its OpPass command, acc_pkg::pass_t; Yosys 0.23 cannot reach the members
    through a typedef of a typedef, so there is no alias)."""
    return kind.get("sv_type", f"cmd_{kind['name']}_t")


def plural(name):
    return name + ("es" if name.endswith("s") else "s")


def load(root):
    path = os.path.join(root, CONTRACT)
    try:
        with open(path, encoding="utf-8") as f:
            c = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise ContractError(f"{CONTRACT}: {e}")
    validate(c)
    return c


def width_of(c, w):
    """A width is a number or the name of a constant."""
    if isinstance(w, int):
        return w
    for k in c["constants"]:
        if k["name"] == w:
            return k["value"]
    raise ContractError(f"{CONTRACT}: unknown width '{w}'")


def enum(c, name):
    for e in c["enums"]:
        if e["name"] == name:
            return e
    raise ContractError(f"{CONTRACT}: unknown enum '{name}'")


def counters(c):
    """Flat list of (index, name, group, element or None, doc)."""
    out, i = [], 0
    for g in c["counters"]["entries"]:
        if "per" in g:
            for v in enum(c, g["per"])["values"]:
                out.append((i, f"{g['name']}.{v['text']}", g, v))
                i += 1
        else:
            out.append((i, g["name"], g, None))
            i += 1
    return out


def group_base(c, group_name):
    for i, _, g, _ in counters(c):
        if g["name"] == group_name:
            return i
    raise ContractError(f"{CONTRACT}: unknown counter '{group_name}'")


def cmd_fields(c, kind):
    """Common fields + the kind's own, each with absolute bit position."""
    fields = []
    for f in c["commands"]["common"] + kind["fields"]:
        w = width_of(c, f["width"])
        fields.append(dict(f, width=w, bit=32 * f["f"] + f["lsb"]))
    return fields


def register_spans(c):
    """Registers with their end offset (a counter block spans one 8-byte slot per counter)."""
    out = []
    for r in c["host"]["registers"]["entries"]:
        n = len(counters(c)) if r.get("count") == "counters" else 1
        out.append(dict(r, n=n, end=r["offset"] + (n * r["stride"] if "stride" in r else 4)))
    return out


def validate(c):
    def fail(msg):
        raise ContractError(f"{CONTRACT}: {msg}")

    ident = re.compile(r"^[a-z][a-z0-9_]*$")
    for e in c["enums"]:
        seen = set()
        for v in e["values"]:
            if not 0 <= v["value"] < (1 << e["width"]):
                fail(f"enum {e['name']} value {v['name']}={v['value']} does not fit {e['width']} bits")
            if v["value"] in seen:
                fail(f"enum {e['name']} repeats value {v['value']}")
            seen.add(v["value"])
    for p in c["parameters"]:
        if not p["min"] <= p["default"] <= p["max"]:
            fail(f"parameter {p['name']} default {p['default']} outside [{p['min']}, {p['max']}]")
    nbits = 32 * width_of(c, "CmdFields")
    if nbits != 64 * width_of(c, "CmdWords"):
        fail("CmdFields * 32 != CmdWords * 64")
    for k in c["commands"]["kinds"]:
        used = {}
        for f in cmd_fields(c, k):
            if not ident.match(f["name"]):
                fail(f"command {k['name']}: field name '{f['name']}' is not lower_snake_case")
            if f["lsb"] + f["width"] > 32 or not 0 <= f["f"] < width_of(c, "CmdFields"):
                fail(f"command {k['name']}: field {f['name']} crosses or leaves its 32-bit field")
            for b in range(f["bit"], f["bit"] + f["width"]):
                if b in used:
                    fail(f"command {k['name']}: fields {used[b]} and {f['name']} overlap at bit {b}")
                used[b] = f["name"]
        enum(c, "opcode")  # exists
        if k["opcode"] not in [v["name"] for v in enum(c, "opcode")["values"]]:
            fail(f"command {k['name']}: unknown opcode {k['opcode']}")
    used = {}
    regs = c["host"]["registers"]
    for r in register_spans(c):
        if r["access"] not in ("ro", "wo", "rw", "rw1c"):
            fail(f"register {r['name']}: access '{r['access']}' is not ro, wo, rw or rw1c")
        if r["offset"] % 4 or r["end"] > regs["size"]:
            fail(f"register {r['name']}: offset {r['offset']} not 4-byte aligned or beyond size {regs['size']}")
        for a in range(r["offset"], r["end"], 4):
            if a in used:
                fail(f"registers {used[a]} and {r['name']} overlap at offset {a}")
            used[a] = r["name"]
        bits = set()
        for f in r["fields"]:
            if f["lsb"] + f["width"] > 32:
                fail(f"register {r['name']}: field {f['name']} leaves the 32-bit register")
            for b in range(f["lsb"], f["lsb"] + f["width"]):
                if b in bits:
                    fail(f"register {r['name']}: fields overlap at bit {b}")
                bits.add(b)


# ---------------------------------------------------------------------------------------------
# SystemVerilog package


def sv_package(c):
    L = []
    a = L.append
    a(f"""// SPDX-License-Identifier: Apache-2.0
// acc_pkg: the hardware/software contract, {GENERATED}.
// What the RTL and the C++ side share: parameter defaults, constants, enums, performance
// counter numbers, the PE configuration word and one packed struct per command kind that
// overlays the command's 512 bits (docs/commands.md). Data-path widths are module parameters;
// these are their defaults.
`default_nettype none

package acc_pkg;
""")
    a(f"  // Clock the traces and time-based figures assume: {c['clock']['default_mhz']} MHz.")
    a(f"  localparam int DefaultClockMhz = {c['clock']['default_mhz']};")
    a("")
    a("  // ---- hardware parameter defaults (rsacc_top's parameters) ----")
    for p in c["parameters"]:
        a(f"  localparam int Default{p['name']} = {p['default']};  // {p['doc']}")
    a("")
    a("  // ---- constants ----")
    for k in c["constants"]:
        a(f"  localparam int {k['name']} = {k['value']};  // {k['doc']}")
    a("")
    a("  // ---- enums ----")
    for e in c["enums"]:
        a(f"  // {e['doc']}")
        a(f"  localparam int Num{plural(camel(e['name']))} = {len(e['values'])};")
        items = ", ".join(f"{e['sv_prefix']}{v['name']} = {e['width']}'d{v['value']}" for v in e["values"])
        a(f"  typedef enum logic [{e['width'] - 1}:0] {{{items}}} {e['name']}_e;")
    a("")
    a(f"  // ---- performance counters ({c['counters']['doc']}) ----")
    for g in c["counters"]["entries"]:
        per = f" + {g['per']}" if "per" in g else ""
        a(f"  localparam int Perf{camel(g['name'])} = {group_base(c, g['name'])};  // {g['doc']}{per}")
    n = len(counters(c))
    a(f"  localparam int NumPerf = {n};")
    a(f"  localparam int PerfSelW = {max(1, math.ceil(math.log2(n)))};")
    a("")
    a("  // ---- structs ----")
    for s in c["structs"]:
        a(f"  // {s['doc']}")
        a("  typedef struct packed {")
        total = 0
        for f in s["fields"]:
            w = width_of(c, f["width"])
            total += w
            wexpr = f["width"] if isinstance(f["width"], str) else str(w)
            decl = "logic" if w == 1 else f"logic [{wexpr}-1:0]" if isinstance(f["width"], str) else f"logic [{w - 1}:0]"
            a(f"    {decl:<24} {f['name']};  // {f['doc']}")
        a(f"  }} {s['name']}_t;")
        a(f"  localparam int {camel(s['name'])}W = {total};  // Yosys 0.23 has no $bits of a type")
    a("")
    a("  // ---- commands: one struct per kind, MSB first, unnamed bits reserved (zero) ----")
    nbits = 32 * width_of(c, "CmdFields")
    a(f"  typedef logic [{nbits - 1}:0] cmd_t;")
    for k in c["commands"]["kinds"]:
        fields = sorted(cmd_fields(c, k), key=lambda f: -f["bit"])
        a(f"  // Op{k['opcode']}: {k['doc']}")
        a("  typedef struct packed {")
        # Consecutive fields of one width share a declaration (MSB first); each is described in
        # a comment line above it. Unnamed bits are reserved.
        top, group = nbits, []
        for f in fields + [None]:
            lo = f["bit"] + f["width"] if f else 0
            if group and (f is None or top > lo or f["width"] != group[0]["width"]):
                for g in group:
                    a(f"    // {g['name']}: f{g['f']}[{g['lsb'] + g['width'] - 1}:{g['lsb']}] {g['doc']}")
                w = group[0]["width"]
                decl = "logic" if w == 1 else f"logic [{w - 1}:0]"
                a(f"    {decl} {', '.join(g['name'] for g in group)};")
                group = []
            if top > lo:
                a(f"    logic [{top - lo - 1}:0] rsvd_{lo};")
            if f is None:
                break
            group.append(f)
            top = f["bit"]
        a(f"  }} {sv_cmd_type(k)};")
    a("")
    a("endpackage")
    return "\n".join(L) + "\n"


# ---------------------------------------------------------------------------------------------
# C++ header. Each command kind and struct is plain data (named uint64_t fields) plus a table of
# its fields; packing, unpacking and access by name are generic, in the hand-written
# contract/include/rsacc/contract_codec.hpp (the bases PackedStruct and CommandKind).

def cpp_header(c):
    L = []
    a = L.append
    a("// SPDX-License-Identifier: Apache-2.0")
    a(f"// The hardware/software contract of rsacc, {GENERATED}.")
    a("// Everything the C++ side shares with the RTL (rtl/acc_pkg.sv, docs/commands.md): parameter")
    a("// defaults and ranges, constants, enums with their report names, performance counter numbers,")
    a("// the PE configuration word and the commands, with encoders that check every field's width.")
    a("#pragma once")
    a("#include \"rsacc/contract_codec.hpp\"")
    a("")
    a("namespace contract {")
    a("")
    a(f"inline constexpr int kDefaultClockMhz = {c['clock']['default_mhz']};  // {c['clock']['doc']}")
    a("")
    a("// Hardware parameters: defaults and the ranges the RTL accepts.")
    a("struct ParamRange {")
    a("    const char* name;")
    a("    int64_t def, min, max;")
    a("    const char* doc;")
    a("};")
    for p in c["parameters"]:
        a(f"inline constexpr int kDefault{p['name']} = {p['default']};")
    a(f"inline constexpr std::array<ParamRange, {len(c['parameters'])}> kParams{{{{")
    for p in c["parameters"]:
        a(f"    {{\"{p['name']}\", {p['default']}, {p['min']}, {p['max']}, \"{p['doc']}\"}},")
    a("}};")
    a("")
    for k in c["constants"]:
        a(f"inline constexpr int k{k['name']} = {k['value']};  // {k['doc']}")
    a("")
    for e in c["enums"]:
        t = camel(e["name"])
        a(f"// {e['doc']}")
        a(f"enum class {t} : uint32_t {{")
        for v in e["values"]:
            a(f"    {v['name']} = {v['value']},  // {v['doc']}")
        a("};")
        a(f"inline constexpr int kNum{plural(t)} = {len(e['values'])};")
        names = ", ".join(f"{{{v['value']}, \"{v['text']}\"}}" for v in e["values"])
        a(f"inline constexpr std::array<detail::EnumName, {len(e['values'])}> k{t}Names{{{{{names}}}}};")
        a(f"inline const char* to_string({t} v) {{ return detail::name_of(k{t}Names, uint32_t(v)); }}")
        a(f"inline bool is_valid_{e['name']}(uint64_t v) {{ return detail::has(k{t}Names, v); }}")
        a("")
    a(f"// Performance counters ({c['counters']['doc']}); a group with `per` is followed by one")
    a("// counter per value of that enum: kPerfDramRead + int(DataType::Ifmap).")
    a("enum PerfCounter : int {")
    for g in c["counters"]["entries"]:
        a(f"    kPerf{camel(g['name'])} = {group_base(c, g['name'])},  // {g['doc']}")
    a(f"    kNumPerf = {len(counters(c))}")
    a("};")
    a("// Counter names for reports: \"cycles\", \"dram_read.ifmap\", ...")
    a("inline constexpr std::array<const char*, kNumPerf> kPerfNames{{")
    for i, name, _, _ in counters(c):
        a(f"    \"{name}\",")
    a("}};")
    regs = c["host"]["registers"]
    a("")
    a(f"// Registers. {regs['doc']}")
    a("namespace reg {")
    a(f"inline constexpr uint32_t kSize = {regs['size']};  // bytes of the register window")
    a(f"inline constexpr uint32_t kIdValue = {regs['magic']:#010x};")
    a("struct Field {")
    a("    int lsb, width;")
    a("    constexpr uint32_t mask() const { return uint32_t(((uint64_t{1} << width) - 1) << lsb); }")
    a("    constexpr uint32_t get(uint32_t v) const { return (v & mask()) >> lsb; }")
    a("    constexpr uint32_t put(uint32_t v) const { return (v << lsb) & mask(); }")
    a("};")
    for r in register_spans(c):
        t = camel(r["name"])
        stride = f", slot {r['stride']} bytes" if "stride" in r else ""
        a(f"inline constexpr uint32_t k{t} = {r['offset']:#05x};  // {r['access']}{stride}: {r['doc']}")
        for f in r["fields"]:
            a(f"inline constexpr Field k{t}{camel(f['name'])}{{{f['lsb']}, {f['width']}}};  // {f['doc']}")
    a("}  // namespace reg")
    for s in c["structs"]:
        t = camel(s["name"])
        total = sum(width_of(c, f["width"]) for f in s["fields"])
        words = (total + 31) // 32
        a("")
        a(f"// {s['doc']}")
        a(f"// acc_pkg::{s['name']}_t, {total} bits: pack() gives the port as Verilator stores it, {words} words.")
        a(f"struct {t} : PackedStruct<{t}, {total}> {{")
        a("    // Fields, MSB first (kMembers below says where each sits and what it means).")
        a(f"    uint64_t {' = 0, '.join(f['name'] for f in s['fields'])} = 0;")
        a(f"    static constexpr const char* kName = \"{s['name']}\";")
        a(f"    static const std::array<detail::Member<{t}>, {len(s['fields'])}> kMembers;")
        a("};")
        bit = total
        rows = []
        for f in s["fields"]:
            fw = width_of(c, f["width"])
            bit -= fw
            rows.append(f"    {{{{\"{f['name']}\", {bit // 32}, {bit % 32}, {fw}, \"{f['doc']}\"}}, &{t}::{f['name']}}},")
        a(f"inline const std::array<detail::Member<{t}>, {len(s['fields'])}> {t}::kMembers{{{{")
        L.extend(rows)
        a("}};")
    op = next(f for f in c["commands"]["common"] if f["name"] == "opcode")
    ty = next(f for f in c["commands"]["common"] if f["name"] == "dtype")
    a("")
    a(f"// {c['commands']['doc']}")
    a(f"struct CommandLayout {{ static constexpr int kFields = {width_of(c, 'CmdFields')}, "
      f"kOpcodeBit = {32 * op['f'] + op['lsb']}, kOpcodeWidth = {op['width']}, "
      f"kDtypeBit = {32 * ty['f'] + ty['lsb']}, kDtypeWidth = {ty['width']}; }};")
    a("struct Command : BasicCommand<CommandLayout, Opcode, DataType> { using Layout = CommandLayout; };")
    a("// The members of command kind T besides its fields: kOpcode, dtype, set/get by name, encode/decode.")
    a("template <class T, Opcode Op>")
    a("using CommandOf = CommandKind<T, Command, Op, DataType::Command>;")
    a("")
    for k in c["commands"]["kinds"]:
        t = camel(k["name"]) + "Cmd"
        fields = [f for f in cmd_fields(c, k) if f["name"] not in ("opcode", "dtype")]
        a(f"// Op{k['opcode']}: {k['doc']}")
        a(f"struct {t} : CommandOf<{t}, Opcode::{k['opcode']}> {{")
        if fields:
            a("    // Fields (kMembers below says where each sits and what it means).")
            a(f"    uint64_t {' = 0, '.join(f['name'] for f in fields)} = 0;")
        a(f"    static constexpr const char* kName = \"Op{k['opcode']}\";")
        a(f"    static const std::array<detail::Member<{t}>, {len(fields)}> kMembers;")
        a("};")
        a(f"inline const std::array<detail::Member<{t}>, {len(fields)}> {t}::kMembers{{{{")
        for f in fields:
            a(f"    {{{{\"{f['name']}\", {f['f']}, {f['lsb']}, {f['width']}, \"{f['doc']}\"}}, &{t}::{f['name']}}},")
        a("}};")
        a("")
    a("}  // namespace contract")
    return "\n".join(L) + "\n"


# ---------------------------------------------------------------------------------------------
# docs/commands.md tables


def md_tables(c):
    t = {}
    ops = enum(c, "opcode")
    rows = ["| op | name | what it does |", "|---|---|---|"]
    for v in ops["values"]:
        rows.append(f"| {v['value']} | `Op{v['name']}` | {v['doc']} |")
    t["opcodes"] = rows
    for k in c["commands"]["kinds"]:
        if not k["fields"]:
            continue  # OpEnd: the opcode table says it all
        rows = ["| field | bits | name | meaning |", "|---|---|---|---|"]
        for f in sorted(cmd_fields(c, k), key=lambda f: f["bit"]):
            bits = f"{f['lsb']}" if f["width"] == 1 else f"{f['lsb'] + f['width'] - 1}:{f['lsb']}"
            rows.append(f"| f{f['f']} | {bits} | `{f['name']}` | {f['doc']} |")
        t[f"cmd_{k['name']}"] = rows
    for name in ("data_type", "status", "phase", "ctrl_state"):
        e = enum(c, name)
        rows = ["| value | name | report name | meaning |", "|---|---|---|---|"]
        for v in e["values"]:
            rows.append(f"| {v['value']} | `{e['sv_prefix']}{v['name']}` | {v['text']} | {v['doc']} |")
        t[name] = rows
    rows = ["| # | counter | meaning |", "|---|---|---|"]
    for g in c["counters"]["entries"]:
        base = group_base(c, g["name"])
        if "per" in g:
            n = len(enum(c, g["per"])["values"])
            rows.append(f"| {base}-{base + n - 1} | `{g['name']}.<{g['per']}>` | {g['doc']}, one per {g['per']} ({base} + value) |")
        else:
            rows.append(f"| {base} | `{g['name']}` | {g['doc']} |")
    t["counters"] = rows
    rows = ["| port | dir | width | meaning |", "|---|---|---|---|"]
    for p in c["host"]["ports"]:
        w = p["width"]
        if isinstance(w, str) and w.startswith("enum:"):
            w = enum(c, w[5:])["width"]
        elif w == "PerfSelW":
            w = max(1, math.ceil(math.log2(len(counters(c)))))
        else:
            w = width_of(c, w)
        rows.append(f"| `{p['name']}` | {p['dir']} | {w} | {p['doc']} |")
    t["host"] = rows
    rows = ["| offset | register | access | bits | meaning |", "|---|---|---|---|---|"]
    for r in register_spans(c):
        span = f"{r['offset']:#05x}" if r["n"] == 1 else f"{r['offset']:#05x}-{r['end'] - 1:#05x}"
        rows.append(f"| {span} | `{r['name']}` | {r['access']} | | {r['doc']} |")
        for f in r["fields"]:
            bits = f"{f['lsb']}" if f["width"] == 1 else f"{f['lsb'] + f['width'] - 1}:{f['lsb']}"
            rows.append(f"| | | | {bits} `{f['name']}` | {f['doc']} |")
    t["registers"] = rows
    rows = ["| parameter | default | range | meaning |", "|---|---|---|---|"]
    for p in c["parameters"]:
        rows.append(f"| `{p['name']}` | {p['default']} | {p['min']}-{p['max']} | {p['doc']} |")
    t["parameters"] = rows
    for s in c["structs"]:
        rows = ["| field | bits | meaning |", "|---|---|---|"]
        for f in s["fields"]:
            rows.append(f"| `{f['name']}` | {width_of(c, f['width'])} | {f['doc']} |")
        t[s["name"]] = rows
    return t


def fill_markdown(text, tables, path):
    out = text
    for name, rows in tables.items():
        begin, end = f"<!-- generated:{name} -->", f"<!-- end generated:{name} -->"
        pat = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
        if not pat.search(out):
            raise ContractError(f"{path}: no '{begin}' ... '{end}' block for table {name}")
        out = pat.sub(lambda _: begin + "\n" + "\n".join(rows) + "\n" + end, out)
    return out


# ---------------------------------------------------------------------------------------------
# GTKWave translate filters


def gtkwave_filters(c):
    out = {}
    for e in c["enums"]:
        lines = [f"# {e['name']}: {GENERATED}", "# GTKWave translate filter (decimal value -> name)"]
        for v in e["values"]:
            lines.append(f"{v['value']} {e['sv_prefix']}{v['name']}")
        out[f"waves/filters/{e['name']}.txt"] = "\n".join(lines) + "\n"
    return out


# ---------------------------------------------------------------------------------------------
# Round-trip probe (tests/contract): an RTL module that reads every field through the package's
# structs, and the C++ accessors of its ports. Written into the build tree, not the repository.


def probe_sv(c):
    L = [f"// contract_probe: {GENERATED}.",
         "// Every command field and PE configuration field as the RTL reads it, through acc_pkg's",
         "// structs; tests/contract drives it with commands the C++ encoders wrote.",
         "/* verilator lint_off UNUSEDSIGNAL */  // reserved bits are not read",
         "`default_nettype none",
         "module contract_probe (",
         "  input  acc_pkg::cmd_t cmd_i,",
         ] + [f"  input  logic [acc_pkg::{camel(s['name'])}W-1:0] {s['name']}_i," for s in c["structs"]]
    body, ports = [], []
    for k in c["commands"]["kinds"]:
        body.append(f"  acc_pkg::{sv_cmd_type(k)} {k['name']}_c;")
        body.append(f"  assign {k['name']}_c = cmd_i;")
        for f in cmd_fields(c, k):
            port = f"{k['name']}_{f['name']}_o"
            ports.append(f"  output logic [{f['width'] - 1}:0] {port}")
            body.append(f"  assign {port} = {k['name']}_c.{f['name']};")
    for s in c["structs"]:
        body.append(f"  acc_pkg::{s['name']}_t {s['name']}_s;")
        body.append(f"  assign {s['name']}_s = {s['name']}_i;")
        for f in s["fields"]:
            port = f"{s['name']}_{f['name']}_o"
            ports.append(f"  output logic [{width_of(c, f['width']) - 1}:0] {port}")
            body.append(f"  assign {port} = {s['name']}_s.{f['name']};")
    L.append(",\n".join(ports))
    L.append(");")
    L += body
    L.append("endmodule")
    return "\n".join(L) + "\n"


def probe_hpp(c):
    L = [f"// Ports of contract_probe, {GENERATED}.",
         "#pragma once",
         "#include <cstdint>",
         "#include <string>",
         "#include <utility>",
         "#include <vector>",
         "",
         "#include \"Vcontract_probe.h\"",
         "",
         "namespace contract_probe {",
         "using Fields = std::vector<std::pair<std::string, uint64_t>>;",
         "// The fields of a command kind (\"fill\", \"pass\", ...) or of a struct (\"pe_cfg\") as the RTL",
         "// decoded them; empty for an unknown name.",
         "inline Fields fields(const Vcontract_probe& m, const std::string& what) {"]
    for k in c["commands"]["kinds"]:
        items = ", ".join(f"{{\"{f['name']}\", uint64_t(m.{k['name']}_{f['name']}_o)}}" for f in cmd_fields(c, k))
        L.append(f"    if (what == \"{k['name']}\") return {{{items}}};")
    for s in c["structs"]:
        items = ", ".join(f"{{\"{f['name']}\", uint64_t(m.{s['name']}_{f['name']}_o)}}" for f in s["fields"])
        L.append(f"    if (what == \"{s['name']}\") return {{{items}}};")
    L += ["    return {};", "}", "}  // namespace contract_probe"]
    return "\n".join(L) + "\n"


# ---------------------------------------------------------------------------------------------


def outputs(root, c):
    files = {
        "rtl/acc_pkg.sv": sv_package(c),
        "contract/include/rsacc/contract.hpp": cpp_header(c),
    }
    files.update(gtkwave_filters(c))
    md = "docs/commands.md"
    try:
        with open(os.path.join(root, md), encoding="utf-8") as f:
            files[md] = fill_markdown(f.read(), md_tables(c), md)
    except OSError as e:
        raise ContractError(f"{md}: {e}")
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--check", action="store_true", help="write nothing; fail if an output is stale")
    ap.add_argument("--get", metavar="PARAM", help="print a parameter's default")
    ap.add_argument("--probe-dir", metavar="DIR",
                    help="write the round-trip probe (contract_probe.sv, contract_probe.hpp) into DIR")
    args = ap.parse_args()
    try:
        c = load(args.root)
        if args.probe_dir:
            os.makedirs(args.probe_dir, exist_ok=True)
            for name, text in (("contract_probe.sv", probe_sv(c)), ("contract_probe.hpp", probe_hpp(c))):
                path = os.path.join(args.probe_dir, name)
                try:
                    with open(path, encoding="utf-8") as f:
                        if f.read() == text:
                            continue
                except OSError:
                    pass
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
            return 0
        if args.get:
            for p in c["parameters"]:
                if p["name"] == args.get:
                    print(p["default"])
                    return 0
            raise ContractError(f"{CONTRACT}: no parameter '{args.get}'")
        stale = []
        for rel, text in outputs(args.root, c).items():
            path = os.path.join(args.root, rel)
            try:
                with open(path, encoding="utf-8") as f:
                    old = f.read()
            except OSError:
                old = None
            if old == text:
                continue
            stale.append(rel)
            if not args.check:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                tmp = path + ".tmp"
                with open(tmp, "w", encoding="utf-8") as f:
                    f.write(text)
                os.replace(tmp, path)
                print(f"contract: wrote {rel}")
        if args.check and stale:
            for rel in stale:
                print(f"contract: {rel} is stale (differs from what {CONTRACT} generates); "
                      f"run python3 contract/gen_contract.py", file=sys.stderr)
            return 1
        return 0
    except ContractError as e:
        print(f"contract: {e}", file=sys.stderr)
        return 2
    except (KeyError, TypeError, ValueError) as e:
        print(f"contract: {CONTRACT}: malformed entry ({type(e).__name__}: {e})", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
