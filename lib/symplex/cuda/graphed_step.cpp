#include "symplex/cuda/graphed_step.h"

#include <stdexcept>
#include <string>

#ifdef SYMPLEX_WITH_CUDA
#include <ATen/cuda/CUDAEvent.h>
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>

#include <optional>
#endif

namespace symplex::cuda {

#ifdef SYMPLEX_WITH_CUDA

bool compiled_in() {
  return true;
}

namespace {

// Work queued on `later` starts after the work queued so far on `earlier`.
void order(const c10::cuda::CUDAStream& earlier, const c10::cuda::CUDAStream& later) {
  at::cuda::CUDAEvent event;
  event.record(earlier);
  event.block(later);
}

}  // namespace

struct GraphedStep::Graph {
  Graph(c10::DeviceIndex device, std::function<torch::Tensor()> step, int warmup_calls)
      : device(device),
        step(std::move(step)),
        warmup_calls(warmup_calls),
        stream(c10::cuda::getStreamFromPool(/*isHighPriority=*/false, device)) {}

  c10::DeviceIndex device;  // the step's tensors' device, which need not be the current one
  std::function<torch::Tensor()> step;
  int warmup_calls;
  int calls = 0;
  // Capture needs a stream other than the legacy default one; the eager warm-up runs there too,
  // so that the kernels it caches belong to the stream they are captured on.
  c10::cuda::CUDAStream stream;
  std::optional<at::cuda::CUDAGraph> graph;
  torch::Tensor loss;

  // Captures one call of the step (nothing runs). A step that throws leaves no capture open,
  // which would break every later CUDA call of the process, and no half-made graph.
  void capture() {
    graph.emplace();
    graph->capture_begin();
    try {
      loss = step();
    } catch (...) {
      try {
        graph->capture_end();
      } catch (...) {
        // the step's own error is the one to report
      }
      graph.reset();
      throw;
    }
    graph->capture_end();
  }
};

GraphedStep::GraphedStep(const torch::Device& device, std::function<torch::Tensor()> step,
                         int warmup_calls) {
  if (!device.is_cuda()) {
    throw std::runtime_error("a CUDA graph needs the run on a CUDA device (it is on " +
                             device.str() + ")");
  }
  const auto index = device.has_index() ? device.index() : c10::cuda::current_device();
  graph_ = std::make_unique<Graph>(index, std::move(step), warmup_calls);
}

GraphedStep::~GraphedStep() = default;

torch::Tensor GraphedStep::operator()() {
  auto& g = *graph_;
  const c10::cuda::CUDAGuard on_device(g.device);
  const auto caller = c10::cuda::getCurrentCUDAStream(g.device);
  order(caller, g.stream);
  {
    const c10::cuda::CUDAStreamGuard on_side_stream(g.stream);
    if (g.calls < g.warmup_calls) {
      g.loss = g.step();
    } else {
      if (!g.graph) g.capture();
      g.graph->replay();
    }
  }
  order(g.stream, caller);
  ++g.calls;
  return g.loss;
}

#else

bool compiled_in() {
  return false;
}

struct GraphedStep::Graph {};

GraphedStep::GraphedStep(const torch::Device& /*device*/, std::function<torch::Tensor()> /*step*/,
                         int /*warmup_calls*/) {
  throw std::runtime_error(
      "CUDA graphs need symplex built against a CUDA LibTorch (this build's LibTorch has no CUDA; "
      "README.md, \"Building on a GPU box\")");
}

GraphedStep::~GraphedStep() = default;

torch::Tensor GraphedStep::operator()() {
  throw std::logic_error("GraphedStep without CUDA");
}

#endif

}  // namespace symplex::cuda
