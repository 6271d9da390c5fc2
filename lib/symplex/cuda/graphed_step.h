#pragma once

#include <torch/types.h>

#include <functional>
#include <memory>

namespace symplex::cuda {

// Whether this build has the CUDA paths (built against a CUDA LibTorch). A CPU LibTorch, such as
// Debian's, has none, and a graphed step then cannot be made.
bool compiled_in();

// A whole training step (forward, backward and optimizer step) as a CUDA graph. Every call is one
// real step: the first `warmup_calls` run it eagerly on a side stream (the allocator and the
// optimizer's state settle), the next captures it once and replays it, and every later call
// replays it. `step` must read and write the same tensors each time (static inputs, gradients
// zeroed in place, an optimizer such as optim::CapturableAdam) and return its loss; a call
// returns that loss tensor, overwritten by the next call. Throws std::runtime_error, saying why,
// in a build without CUDA or when `device` (where the step's tensors are) is not a CUDA device.
class GraphedStep {
 public:
  GraphedStep(const torch::Device& device, std::function<torch::Tensor()> step,
              int warmup_calls = 3);
  ~GraphedStep();
  GraphedStep(const GraphedStep&) = delete;
  GraphedStep& operator=(const GraphedStep&) = delete;

  torch::Tensor operator()();

 private:
  struct Graph;
  std::unique_ptr<Graph> graph_;
};

}  // namespace symplex::cuda
