// Valid/ready stream endpoints for test benches, with random back-pressure.
// Protocol (checked by SVA in the RTL): once valid is high, valid and data hold until accepted.
#pragma once
#include <cstdint>
#include <deque>
#include <random>
#include <vector>

namespace sim {

// Drives a stream from a queue. `rate` is the probability of offering a word in a cycle when
// none is pending (1.0 = never idle).
template <class T>
class StreamSource {
public:
    StreamSource(std::mt19937_64& rng, double rate) : rng_(rng), rate_(rate) {}
    void push(T v) { queue_.push_back(v); }
    template <class It> void push(It b, It e) { queue_.insert(queue_.end(), b, e); }
    bool empty() const { return queue_.empty() && !valid_; }
    size_t pending() const { return queue_.size() + (valid_ ? 1 : 0); }

    // Before the clock edge: decide what to present this cycle.
    void drive(bool& valid, T& data) {
        if (!valid_ && !queue_.empty() && chance(rate_)) {
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
    bool chance(double p) { return p >= 1.0 || std::uniform_real_distribution<>(0, 1)(rng_) < p; }
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
        ready_ = rate_ >= 1.0 || std::uniform_real_distribution<>(0, 1)(rng_) < rate_;
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

}  // namespace sim
