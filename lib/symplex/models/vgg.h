#pragma once

#include <vector>

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/linear.h>

#include "symplex/models/symmetric_classifier.h"

namespace symplex::models {

// A VGG-style stack: 3×3 convolutions (with biases) each followed by a batch norm when
// `batch_norm`, and a ReLU; a 0 in `channels` is a 2×2 max pool. Then a global average pool and
// one Linear layer to the classes. VGG-16 is channels {64, 64, 0, 128, 128, 0, 256, 256, 256, 0,
// 512, 512, 512, 0, 512, 512, 512, 0}.
// Symmetries: translation of the last layer; with batch norm, scale of each convolution's output
// channels (weights and bias) and rescale of the norm's affine pair against the next layer's input
// channel; without, rescale of each convolution's output channels against the next layer's.
class Vgg : public SymmetricClassifier {
 public:
  Vgg(int64_t in_channels, const std::vector<int64_t>& channels, bool batch_norm, int64_t classes);

  torch::Tensor forward(const torch::Tensor& images) override;
  std::vector<diagnostics::SymmetryFamily> symmetry_families() const override;

 private:
  std::vector<int64_t> layout_;  // the channels as given, pools included
  bool batch_norm_;
  torch::nn::ModuleList convs_, norms_;
  torch::nn::Linear classifier_{nullptr};
};

}  // namespace symplex::models
