#include "symplex/models/autocast.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include <stdexcept>

namespace symplex::models {
namespace {

// LibTorch 2.x names a device's autocast state by device type; 1.x has a function per device
// (deprecated in 2.x, so each version calls its own).
bool enabled(c10::DeviceType device) {
#if TORCH_VERSION_MAJOR >= 2
  return at::autocast::is_autocast_enabled(device);
#else
  return device == c10::DeviceType::CUDA ? at::autocast::is_enabled()
                                         : at::autocast::is_cpu_enabled();
#endif
}

c10::ScalarType dtype(c10::DeviceType device) {
#if TORCH_VERSION_MAJOR >= 2
  return at::autocast::get_autocast_dtype(device);
#else
  return device == c10::DeviceType::CUDA ? at::autocast::get_autocast_gpu_dtype()
                                         : at::autocast::get_autocast_cpu_dtype();
#endif
}

void set(c10::DeviceType device, bool on, c10::ScalarType type) {
#if TORCH_VERSION_MAJOR >= 2
  at::autocast::set_autocast_enabled(device, on);
  at::autocast::set_autocast_dtype(device, type);
#else
  if (device == c10::DeviceType::CUDA) {
    at::autocast::set_enabled(on);
    at::autocast::set_autocast_gpu_dtype(type);
  } else {
    at::autocast::set_cpu_enabled(on);
    at::autocast::set_autocast_cpu_dtype(type);
  }
#endif
}

}  // namespace

Bf16Autocast::Bf16Autocast(c10::DeviceType device)
    : device_(device), was_enabled_(enabled(device)), previous_dtype_(dtype(device)) {
  if (device != c10::DeviceType::CPU && device != c10::DeviceType::CUDA) {
    throw std::invalid_argument("bfloat16 autocast: CPU or CUDA devices only");
  }
  set(device_, true, c10::kBFloat16);
  at::autocast::increment_nesting();
}

Bf16Autocast::~Bf16Autocast() {
  // As Python's autocast: the cache of bfloat16 weight copies lives until the outermost exits.
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  set(device_, was_enabled_, previous_dtype_);
}

}  // namespace symplex::models
