// SPDX-License-Identifier: Apache-2.0
// The generic half of the contract's C++ side: how a command kind or a struct described by a
// table of fields (rsacc/contract.hpp, generated) is packed into 32-bit words, unpacked and
// accessed by name. Hand-written; the tables and the types come from the generated header.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace contract {

// Field metadata, for tables, tests and tools: bits [lsb, lsb+width) of 32-bit word f.
struct FieldInfo {
    const char* name;
    int f, lsb, width;
    const char* doc;
};

namespace detail {

// Bits [bit, bit+width) of a little-endian array of 32-bit words.
inline void put(uint32_t* w, int bit, int width, uint64_t v, const char* what, const char* field) {
    if (width < 64 && v >> width)
        throw std::invalid_argument(std::string(what) + " field " + field + " = " +
                                    std::to_string(v) + " does not fit its " +
                                    std::to_string(width) + " bits");
    for (int i = 0; i < width; ++i)
        if (v >> i & 1) w[(bit + i) / 32] |= 1u << ((bit + i) % 32);
}
inline uint64_t get(const uint32_t* w, int bit, int width) {
    uint64_t v = 0;
    for (int i = 0; i < width; ++i) v |= uint64_t(w[(bit + i) / 32] >> ((bit + i) % 32) & 1) << i;
    return v;
}

// A field of T: its metadata and where T keeps it. T::kMembers lists them all.
template <class T>
struct Member {
    FieldInfo info;
    uint64_t T::*value;
};
template <class T>
void pack(const T& t, uint32_t* w, const char* what) {
    for (const auto& m : T::kMembers)
        put(w, 32 * m.info.f + m.info.lsb, m.info.width, t.*m.value, what, m.info.name);
}
template <class T>
void unpack(T& t, const uint32_t* w) {
    for (const auto& m : T::kMembers) t.*m.value = get(w, 32 * m.info.f + m.info.lsb, m.info.width);
}
template <class T>
const Member<T>* find(const std::string& name) {
    for (const auto& m : T::kMembers)
        if (name == m.info.name) return &m;
    return nullptr;
}

// Report names of an enum's values.
struct EnumName {
    uint32_t value;
    const char* text;
};
template <size_t N>
const char* name_of(const std::array<EnumName, N>& names, uint64_t v) {
    for (const auto& n : names)
        if (n.value == v) return n.text;
    return "unknown";
}
template <size_t N>
bool has(const std::array<EnumName, N>& names, uint64_t v) {
    for (const auto& n : names)
        if (n.value == v) return true;
    return false;
}

}  // namespace detail

// A field by name, for tools and tests (T: a command kind or a struct): false / throws
// std::invalid_argument if T has no such field.
template <class T>
bool set_field(T& t, const std::string& name, uint64_t v) {
    const auto* m = detail::find<T>(name);
    if (m) t.*m->value = v;
    return m != nullptr;
}
template <class T>
uint64_t get_field(const T& t, const std::string& name) {
    if (const auto* m = detail::find<T>(name)) return t.*m->value;
    throw std::invalid_argument(std::string(T::kName) + " has no field " + name);
}

// A command as stored in DRAM (Layout: field count, where the opcode and data type sit).
template <class Layout, class Opcode, class DataType>
struct BasicCommand {
    std::array<uint32_t, Layout::kFields> f{};
    Opcode op() const {
        return Opcode(detail::get(f.data(), Layout::kOpcodeBit, Layout::kOpcodeWidth));
    }
    DataType dtype() const {
        return DataType(detail::get(f.data(), Layout::kDtypeBit, Layout::kDtypeWidth));
    }
    // The 64-bit words in DRAM: f[2i] is bits 31:0 of word i.
    std::array<uint64_t, Layout::kFields / 2> words() const {
        std::array<uint64_t, Layout::kFields / 2> w{};
        for (size_t i = 0; i < w.size(); ++i)
            w[i] = uint64_t(f[2 * i]) | uint64_t(f[2 * i + 1]) << 32;
        return w;
    }
};

// Command kind T (T::kOpcode, T::kName, t.dtype, T::kMembers) in a Command. Throws
// std::invalid_argument naming a field whose value does not fit its width.
template <class Command, class T>
Command encode_as(const T& t) {
    using L = typename Command::Layout;
    Command c;
    detail::put(c.f.data(), L::kOpcodeBit, L::kOpcodeWidth, uint64_t(T::kOpcode), T::kName,
                "opcode");
    detail::put(c.f.data(), L::kDtypeBit, L::kDtypeWidth, uint64_t(t.dtype), T::kName, "dtype");
    detail::pack(t, c.f.data(), T::kName);
    return c;
}
// Throws std::invalid_argument when c is another kind.
template <class T, class Command>
T decode_as(const Command& c) {
    if (c.op() != T::kOpcode)
        throw std::invalid_argument(std::string("not an ") + T::kName + " command (opcode " +
                                    std::to_string(uint64_t(c.op())) + ")");
    T t;
    t.dtype = c.dtype();
    detail::unpack(t, c.f.data());
    return t;
}

// The members every struct T of the contract has besides its fields (T derives from
// PackedStruct<T, Bits> and has kName and kMembers): its width, and packing into the words of a
// Verilator port of that width (word 0 = bits 31:0) and back. pack() throws std::invalid_argument
// naming a field that does not fit its width.
template <class T, int Bits>
struct PackedStruct {
    static constexpr int kBits = Bits;
    using Words = std::array<uint32_t, (Bits + 31) / 32>;
    Words pack() const {
        Words w{};
        detail::pack(static_cast<const T&>(*this), w.data(), T::kName);
        return w;
    }
    static T unpack(const Words& w) {
        T t;
        detail::unpack(t, w.data());
        return t;
    }
};

// The members every command kind T has besides its fields (T derives from
// CommandKind<T, Command, Op, Dtype> and has kName and kMembers): its opcode, the data type it
// moves (traffic counters; Dtype until set), its fields by name, and encoding into a Command and
// decoding from one (encode_as, decode_as).
template <class T, class Command, auto Op, auto Dtype>
struct CommandKind {
    static constexpr decltype(Op) kOpcode = Op;
    decltype(Dtype) dtype = Dtype;
    bool set(const std::string& name, uint64_t v) { return set_field(self(), name, v); }
    uint64_t get(const std::string& name) const { return get_field(self(), name); }
    Command encode() const { return encode_as<Command>(self()); }
    static T decode(const Command& c) { return decode_as<T>(c); }

private:
    T& self() { return static_cast<T&>(*this); }
    const T& self() const { return static_cast<const T&>(*this); }
};

}  // namespace contract
