// Theory of operation: the rows of the event list and the sequence diagram.
//
// With no filter the rows are the trace itself (no copy, so a million events cost
// nothing). With a host or link filter, the matching event indices are collected once
// when the filter or the document changes (Tracy's filtered index), never per frame;
// when the trace grows (live mode), only the new events are looked at.
// visible(pos) tells how many rows are in the past of the cursor, by binary search.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "model/trace_index.hpp"

namespace mailsim::gui {

class EventFilter {
 public:
  // `generation` names the document: a new one at a recycled address is still new.
  void update(const TraceIndex* index, std::uint64_t generation, int node, int link) {
    const std::size_t size = index ? index->size() : 0;
    const bool same = generation == generation_ && node == node_ && link == link_ && index == index_;
    if (same && size == built_) return;
    if (!same || size < built_) {
      index_ = index;
      generation_ = generation;
      node_ = node;
      link_ = link;
      built_ = 0;
      rows_.clear();
    }
    if (active())
      for (std::size_t i = built_; i < size; ++i)
        if (index->involves(i, node, link)) rows_.push_back(static_cast<std::uint32_t>(i));
    built_ = size;
  }
  bool active() const { return index_ && (node_ >= 0 || link_ >= 0); }
  std::size_t count() const { return active() ? rows_.size() : built_; }
  std::size_t at(std::size_t row) const { return active() ? rows_[row] : row; }
  // Rows whose event has happened once `pos` events have.
  std::size_t visible(std::size_t pos) const {
    if (!active()) return std::min(pos, built_);
    return static_cast<std::size_t>(std::lower_bound(rows_.begin(), rows_.end(), pos) - rows_.begin());
  }

 private:
  const TraceIndex* index_ = nullptr;
  std::uint64_t generation_ = UINT64_MAX;
  int node_ = -1, link_ = -1;
  std::size_t built_ = 0;
  std::vector<std::uint32_t> rows_;
};

}  // namespace mailsim::gui
