// SPDX-License-Identifier: Apache-2.0
// Valid/ready stream endpoints for test benches, with random back-pressure.
// Protocol (checked by SVA in the RTL): once valid is high, valid and data hold until accepted.
#pragma once
#include <cstdint>
#include <deque>
#include <random>
#include <vector>

namespace sim {

// True with probability p (always when p >= 1, without drawing from rng).
inline bool chance(std::mt19937_64& rng, double p) {
    return p >= 1.0 || std::uniform_real_distribution<>(0, 1)(rng) < p;
}

// Drives a stream from a queue. `rate` is the probability of offering a word in a cycle when
// none is pending (1.0 = never idle).
template <class T>
class StreamSource {
public:
    StreamSource(std::mt19937_64& rng, double rate) : rng_(rng), rate_(rate) {}
    void push(T v) { queue_.push_back(v); }
    template <class It>
    void push(It b, It e) {
        queue_.insert(queue_.end(), b, e);
    }
    bool empty() const { return queue_.empty() && !valid_; }
    size_t pending() const { return queue_.size() + (valid_ ? 1 : 0); }

    // Before the clock edge: decide what to present this cycle.
    void drive(bool& valid, T& data) {
        if (!valid_ && !queue_.empty() && chance(rng_, rate_)) {
            valid_ = true;
            data_ = queue_.front();
            queue_.pop_front();
        }
        valid = valid_;
        data = valid_ ? data_ : T{};
    }
    // After combinational settle, before the edge: was the word taken this cycle?
    void sample(bool ready) {
        if (valid_ && ready) valid_ = false;
    }

private:
    std::mt19937_64& rng_;
    double rate_;
    std::deque<T> queue_;
    bool valid_ = false;
    T data_{};
};

// Accepts a stream with ready high in a fraction `rate` of cycles.
template <class T>
class StreamSink {
public:
    StreamSink(std::mt19937_64& rng, double rate) : rng_(rng), rate_(rate) {}
    bool drive() {
        ready_ = chance(rng_, rate_);
        return ready_;
    }
    void sample(bool valid, T data) {
        if (valid && ready_) received_.push_back(data);
    }
    const std::vector<T>& received() const { return received_; }
    void clear() { received_.clear(); }

private:
    std::mt19937_64& rng_;
    double rate_;
    bool ready_ = false;
    std::vector<T> received_;
};

// Drives a two-lane stream (valid, two, {data1, data}: the RTL's 64-bit psum paths) from a
// queue: offers two words with probability `pair_rate` when the next two may travel together.
template <class T>
class PairStreamSource {
public:
    using Pairable = bool (*)(const T&, const T&);
    PairStreamSource(
        std::mt19937_64& rng, double rate, double pair_rate,
        Pairable pairable = [](const T&, const T&) { return true; })
        : rng_(rng), rate_(rate), pair_rate_(pair_rate), pairable_(pairable) {}
    void push(T v) { queue_.push_back(v); }
    template <class It>
    void push(It b, It e) {
        queue_.insert(queue_.end(), b, e);
    }
    size_t pending() const { return queue_.size() + size_t(n_); }

    void drive(bool& valid, bool& two, T& data, T& data1) {
        if (n_ == 0 && !queue_.empty() && chance(rng_, rate_)) {
            n_ = 1;
            d_[0] = queue_.front();
            queue_.pop_front();
            if (!queue_.empty() && pairable_(d_[0], queue_.front()) && chance(rng_, pair_rate_)) {
                n_ = 2;
                d_[1] = queue_.front();
                queue_.pop_front();
            }
        }
        valid = n_ > 0;
        two = n_ == 2;
        data = n_ > 0 ? d_[0] : T{};
        data1 = n_ == 2 ? d_[1] : T{};
    }
    void sample(bool ready) {
        if (n_ > 0 && ready) n_ = 0;
    }

private:
    std::mt19937_64& rng_;
    double rate_, pair_rate_;
    Pairable pairable_;
    std::deque<T> queue_;
    int n_ = 0;
    T d_[2]{};
};

// Accepts a two-lane stream: ready in a fraction `rate` of cycles, and when two words are
// offered takes both with probability `pair_rate`.
template <class T>
class PairStreamSink {
public:
    PairStreamSink(std::mt19937_64& rng, double rate, double pair_rate)
        : rng_(rng), rate_(rate), pair_rate_(pair_rate) {}
    // Before settle: ready and take_two for this cycle.
    void drive(bool& ready, bool& take_two) {
        ready_ = chance(rng_, rate_);
        take_two_ = chance(rng_, pair_rate_);
        ready = ready_;
        take_two = take_two_;
    }
    void sample(bool valid, bool two, T data, T data1) {
        if (!valid || !ready_) return;
        received_.push_back(data);
        if (two && take_two_) received_.push_back(data1);
    }
    const std::vector<T>& received() const { return received_; }

private:
    std::mt19937_64& rng_;
    double rate_, pair_rate_;
    bool ready_ = false, take_two_ = false;
    std::vector<T> received_;
};

}  // namespace sim
