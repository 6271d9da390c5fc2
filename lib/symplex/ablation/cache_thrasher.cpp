#include "symplex/ablation/cache_thrasher.h"

#include <cstring>

namespace symplex::ablation {

CacheThrasher::CacheThrasher(size_t bytes) : buffer_(bytes) {}

void CacheThrasher::thrash() {
  std::memset(buffer_.data(), ++value_, buffer_.size());
}

}  // namespace symplex::ablation
