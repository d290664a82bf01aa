// Theory of operation: a move-only `void()` callable that the event heap can move as
// plain bytes.
//
// std::function moves through an indirect call, and the kernel's heap moves entries at
// every push and pop. A Callback stores a small trivially copyable callable (the usual
// `[this, id]` lambda) inline in 24 bytes and anything else on the heap behind a pointer,
// so moving it is a copy of 32 bytes and a null in the source, whatever it holds.
#pragma once
#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace mailsim {

class Callback {
 public:
  Callback() = default;
  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, Callback>>>
  Callback(F&& f) {  // NOLINT: implicit, like std::function
    using Fn = std::decay_t<F>;
    if constexpr (sizeof(Fn) <= kInline && alignof(Fn) <= alignof(void*) &&
                  std::is_trivially_copyable_v<Fn> && std::is_trivially_destructible_v<Fn>) {
      ::new (static_cast<void*>(storage_)) Fn(std::forward<F>(f));
      ops_ = &kInlineOps<Fn>;
    } else {
      Fn* boxed = new Fn(std::forward<F>(f));
      std::memcpy(storage_, &boxed, sizeof boxed);
      ops_ = &kBoxedOps<Fn>;
    }
  }
  Callback(Callback&& other) noexcept : ops_(other.ops_) {
    std::memcpy(storage_, other.storage_, kInline);
    other.ops_ = nullptr;
  }
  Callback& operator=(Callback&& other) noexcept {
    if (this != &other) {
      reset();
      ops_ = other.ops_;
      std::memcpy(storage_, other.storage_, kInline);
      other.ops_ = nullptr;
    }
    return *this;
  }
  Callback(const Callback&) = delete;
  Callback& operator=(const Callback&) = delete;
  ~Callback() { reset(); }

  explicit operator bool() const { return ops_ != nullptr; }
  void operator()() { ops_->invoke(storage_); }

 private:
  static constexpr std::size_t kInline = 24;
  struct Ops {
    void (*invoke)(void*);
    void (*destroy)(void*);  // null: nothing to free
  };
  template <typename Fn>
  static constexpr Ops kInlineOps{[](void* p) { (*std::launder(static_cast<Fn*>(p)))(); }, nullptr};
  template <typename Fn>
  static constexpr Ops kBoxedOps{[](void* p) {
                                   Fn* f;
                                   std::memcpy(&f, p, sizeof f);
                                   (*f)();
                                 },
                                 [](void* p) {
                                   Fn* f;
                                   std::memcpy(&f, p, sizeof f);
                                   delete f;
                                 }};
  void reset() {
    if (ops_ && ops_->destroy) ops_->destroy(storage_);
    ops_ = nullptr;
  }

  const Ops* ops_ = nullptr;
  alignas(void*) unsigned char storage_[kInline];
};

}  // namespace mailsim
