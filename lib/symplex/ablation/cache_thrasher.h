#pragma once

#include <cstddef>
#include <vector>

namespace symplex::ablation {

// The `thrash` memory ablation (docs/memory_ablation.md): writing a buffer larger than the
// last-level cache evicts whatever a training step had cached, without touching the step's values.
class CacheThrasher {
 public:
  explicit CacheThrasher(size_t bytes);

  // Writes every byte of the buffer, with a value that changes from call to call.
  void thrash();

 private:
  std::vector<unsigned char> buffer_;
  unsigned char value_ = 0;
};

}  // namespace symplex::ablation
