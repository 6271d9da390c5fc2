#include "symplex/models/pinn_net.h"

#include <torch/nn/init.h>

#include <algorithm>
#include <stdexcept>

#include "symplex/models/mlp_trunk.h"
#include "symplex/models/residual_trunk.h"
#include "symplex/models/symplectic_trunk.h"

namespace symplex::models {

std::shared_ptr<TrunkImpl> make_trunk(Architecture architecture, int64_t width, int64_t depth,
                                      double symplectic_step) {
  switch (architecture) {
    case Architecture::mlp:
      return std::make_shared<MlpTrunkImpl>(MlpTrunkOptions(width, depth));
    case Architecture::residual_mlp:
      return std::make_shared<ResidualTrunkImpl>(ResidualTrunkOptions(width, depth));
    case Architecture::symplectic:
      return std::make_shared<SymplecticTrunkImpl>(
          SymplecticTrunkOptions(width, depth).step(symplectic_step));
  }
  throw std::logic_error("make_trunk: unknown architecture");
}

PinnNetImpl::PinnNetImpl(const PinnNetOptions& options) : options_(options) {
  const auto& box = options.box();
  const double half0 = 0.5 * (box[0].upper - box[0].lower);
  const double half1 = 0.5 * (box[1].upper - box[1].lower);
  input_shift_ =
      register_buffer("input_shift", torch::tensor({box[0].lower + half0, box[1].lower + half1}));
  input_scale_ = register_buffer("input_scale", torch::tensor({1.0 / half0, 1.0 / half1}));
  encoder_ = register_module("encoder", torch::nn::Linear(2, options.width()));
  trunk_ = register_module("trunk", make_trunk(options.architecture(), options.width(),
                                               options.depth(), options.symplectic_step()));
  head_ = register_module("head", torch::nn::Linear(options.width(), 1));

  torch::NoGradGuard no_grad;
  for (auto& module : modules(/*include_self=*/false)) {
    if (auto* linear = module->as<torch::nn::Linear>()) {
      torch::nn::init::xavier_normal_(linear->weight);
      torch::nn::init::zeros_(linear->bias);
    }
  }
}

torch::Tensor PinnNetImpl::encode(const torch::Tensor& points) {
  return torch::tanh(encoder_->forward((points - input_shift_) * input_scale_));
}

torch::Tensor PinnNetImpl::forward(const torch::Tensor& points) {
  return head_->forward(trunk_->forward(encode(points)));
}

Jet PinnNetImpl::forward_jet(const torch::Tensor& points, const torch::Tensor& value_points,
                             const pde::DifferentialOperator& op) {
  // The encoder's pre-activation is affine in the inputs: its ∂_i is column i of W times the
  // input scale, the same at every point, and its second derivatives are zero, so L of it is
  // Σ_i a_i ∂_i.
  const auto& w = encoder_->weight;
  const auto pre =
      torch::mm((torch::cat({points, value_points}) - input_shift_) * input_scale_, w.t());
  const std::vector<int64_t> sizes{points.size(0), w.size(0)};
  const auto along = [&](int64_t i) { return w.select(1, i) * input_scale_[i]; };
  std::vector<torch::Tensor> rows{pre};
  JetStreams streams{static_cast<int64_t>(op.derivatives.size()), {}};
  TORCH_CHECK(streams.count >= 1 && streams.count <= kMaxJetStreams,
              "the fused derivatives take 1 or 2 inputs to differentiate along");
  for (int64_t j = 0; j < streams.count; ++j) {
    const int64_t i = op.derivatives[j];
    rows.push_back(along(i).expand(sizes));
    streams.square_weight[j] = -2.0 * op.second[i];
  }
  for (int64_t i = 0; i < 2; ++i) {
    const bool carried =
        std::find(op.derivatives.begin(), op.derivatives.end(), i) != op.derivatives.end();
    TORCH_CHECK(op.second[i] == 0.0 || carried,
                "a second derivative along an input needs its first derivative carried");
  }
  torch::Tensor lu;
  for (int64_t i = 0; i < 2; ++i) {
    if (op.first[i] == 0.0) continue;
    const auto term = op.first[i] == 1.0 ? along(i) : op.first[i] * along(i);
    lu = lu.defined() ? lu + term : term;
  }
  rows.push_back((lu.defined() ? lu : torch::zeros({w.size(0)}, w.options())).expand(sizes));
  return linear(
      trunk_->forward_jet(tanh(Jet{torch::cat(rows), points.size(0), streams}, encoder_->bias)),
      head_->weight, head_->bias);
}

PinnNet copy_pinn(PinnNet& source, torch::Dtype dtype) {
  PinnNet copy(source->options());
  copy->to(source->parameters().front().device(), dtype);
  torch::NoGradGuard no_grad;
  const auto from = source->named_parameters();
  for (auto& item : copy->named_parameters())
    item.value().copy_(from[item.key()]);
  return copy;
}

}  // namespace symplex::models
