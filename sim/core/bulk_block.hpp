// Theory of operation: memory for append-only stores that grow for as long as a run does.
//
// The trace records every protocol line of a run; in live mode it grows by a few
// kilobytes per message, tens of thousands of messages a second. A BulkBlock is one large
// zero-filled block mapped from the system (mmap), not from malloc: nothing is ever
// copied to grow it, and it goes back to the system whole. Its pages are committed as
// they are first written, a fault each. Committing the whole block when it is made
// (MAP_POPULATE) takes fewer faults but was measured slower in live mode on a virtual
// machine whose host takes free memory back: a fresh page then costs 5 to 10 us, and the
// loop stopped answering every client for the whole block at once (about 0.5 ms), where
// one page at a time leaves the clients' work and the server's interleaved. Blocks are
// move-only and never resized: what is placed in one stays at its address until the
// block goes.
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
