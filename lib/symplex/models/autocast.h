#pragma once

#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

namespace symplex::models {

// LibTorch's autocast on one device for the guard's lifetime, as Python's torch.autocast: from
// float32 parameters, convolutions and matrix products run in bfloat16 while reductions, softmax
// and losses stay in float32. Wrap the forward pass only; backward follows its graph's dtypes.
class Bf16Autocast {
 public:
  explicit Bf16Autocast(c10::DeviceType device);
  ~Bf16Autocast();
  Bf16Autocast(const Bf16Autocast&) = delete;
  Bf16Autocast& operator=(const Bf16Autocast&) = delete;

 private:
  c10::DeviceType device_;
  bool was_enabled_;
  c10::ScalarType previous_dtype_;
};

}  // namespace symplex::models
