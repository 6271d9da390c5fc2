#pragma once

#include <torch/arg.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include <vector>

namespace symplex::models {

struct ResNet18Options {
  ResNet18Options(int64_t in_channels, int64_t classes)
      : in_channels_(in_channels), classes_(classes) {}
  TORCH_ARG(int64_t, in_channels);
  TORCH_ARG(int64_t, classes);
  // Channels of the four stages are round(64, 128, 256, 512 × width); 1.0 is the standard net.
  TORCH_ARG(double, width) = 1.0;
};

// Two 3×3 convolutions with batch norm and a shortcut (a 1×1 convolution where the shape changes).
class BasicBlockImpl : public torch::nn::Module {
 public:
  BasicBlockImpl(int64_t in_channels, int64_t out_channels, int64_t stride);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr};
  torch::nn::BatchNorm2d bn1_{nullptr}, bn2_{nullptr};
  torch::nn::Sequential shortcut_{nullptr};
};
TORCH_MODULE(BasicBlock);

// ResNet-18 with the CIFAR stem (one 3×3 convolution, no max-pool): 11,173,962 parameters for
// 3 input channels, 10 classes and width 1.
class ResNet18Impl : public torch::nn::Module {
 public:
  explicit ResNet18Impl(const ResNet18Options& options);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv2d stem_{nullptr};
  torch::nn::BatchNorm2d stem_bn_{nullptr};
  std::vector<BasicBlock> blocks_;
  torch::nn::Linear head_{nullptr};
};
TORCH_MODULE(ResNet18);

}  // namespace symplex::models
