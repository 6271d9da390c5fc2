#include "symplex/models/classification_accuracy.h"

#include <torch/torch.h>

#include <algorithm>

namespace symplex::models {

double classification_accuracy(torch::nn::Module& model,
                               const std::function<torch::Tensor(const torch::Tensor&)>& logits,
                               const torch::Tensor& inputs, const torch::Tensor& labels,
                               const torch::Device& device, torch::Dtype dtype, int64_t batch) {
  torch::NoGradGuard no_grad;
  model.eval();
  int64_t correct = 0;
  for (int64_t start = 0; start < inputs.size(0); start += batch) {
    const int64_t n = std::min<int64_t>(batch, inputs.size(0) - start);
    const auto predicted = logits(inputs.narrow(0, start, n).to(device, dtype)).argmax(1).cpu();
    correct += (predicted == labels.narrow(0, start, n)).sum().item<int64_t>();
  }
  model.train();
  return static_cast<double>(correct) / static_cast<double>(inputs.size(0));
}

}  // namespace symplex::models
