#include "symplex/models/resnet18.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/pooling.h>

#include <cmath>
#include <string>

namespace symplex::models {
namespace {

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride) {
  return torch::nn::Conv2d(
      torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false));
}

}  // namespace

BasicBlockImpl::BasicBlockImpl(int64_t in_channels, int64_t out_channels, int64_t stride) {
  conv1_ = register_module("conv1", conv(in_channels, out_channels, 3, stride));
  bn1_ = register_module("bn1", torch::nn::BatchNorm2d(out_channels));
  conv2_ = register_module("conv2", conv(out_channels, out_channels, 3, 1));
  bn2_ = register_module("bn2", torch::nn::BatchNorm2d(out_channels));
  shortcut_ = register_module("shortcut", torch::nn::Sequential());
  if (stride != 1 || in_channels != out_channels) {
    shortcut_->push_back(conv(in_channels, out_channels, 1, stride));
    shortcut_->push_back(torch::nn::BatchNorm2d(out_channels));
  }
}

torch::Tensor BasicBlockImpl::forward(const torch::Tensor& x) {
  auto out = torch::relu(bn1_->forward(conv1_->forward(x)));
  out = bn2_->forward(conv2_->forward(out));
  const auto skip = shortcut_->is_empty() ? x : shortcut_->forward(x);
  return torch::relu(out + skip);
}

ResNet18Impl::ResNet18Impl(const ResNet18Options& options) {
  const auto channels = [&](int64_t base) {
    return std::max<int64_t>(1, std::lround(static_cast<double>(base) * options.width()));
  };
  stem_ = register_module("stem", conv(options.in_channels(), channels(64), 3, 1));
  stem_bn_ = register_module("stem_bn", torch::nn::BatchNorm2d(channels(64)));
  int64_t in = channels(64);
  int index = 0;
  for (const int64_t base : {64, 128, 256, 512}) {
    for (int block = 0; block < 2; ++block) {
      const int64_t stride = (block == 0 && base != 64) ? 2 : 1;
      blocks_.push_back(register_module("block" + std::to_string(index++),
                                        BasicBlock(in, channels(base), stride)));
      in = channels(base);
    }
  }
  head_ = register_module("head", torch::nn::Linear(in, options.classes()));
}

torch::Tensor ResNet18Impl::forward(const torch::Tensor& x) {
  auto h = torch::relu(stem_bn_->forward(stem_->forward(x)));
  for (auto& block : blocks_)
    h = block->forward(h);
  h = torch::adaptive_avg_pool2d(h, {1, 1}).flatten(1);
  return head_->forward(h);
}

}  // namespace symplex::models
