// Theory of operation: memory for append-only stores that grow for as long as a run does.
//
// The trace records every protocol line of a run; in live mode it grows by a few
// kilobytes per message, tens of thousands of messages a second. Taken from malloc, that
// growth costs a page fault each time a fresh page is first written, inside the hot path.
// A BulkBlock is one large zero-filled block whose pages the system commits when it is
// made (mmap with MAP_POPULATE on Linux: one call instead of a fault per page), so
// filling it later touches only memory that is already there. Blocks are move-only and
// never resized: what is placed in one stays at its address until the block goes.
#pragma once
#include <cstddef>

namespace mailsim {

class BulkBlock {
 public:
  explicit BulkBlock(std::size_t bytes);  // throws std::bad_alloc when the system refuses
  ~BulkBlock();
  BulkBlock(BulkBlock&& other) noexcept;
  BulkBlock& operator=(BulkBlock&& other) noexcept;
  BulkBlock(const BulkBlock&) = delete;
  BulkBlock& operator=(const BulkBlock&) = delete;

  char* data() const { return data_; }

 private:
  void release();
  char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace mailsim
