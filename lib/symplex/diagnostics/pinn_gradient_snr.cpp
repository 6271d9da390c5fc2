#include "symplex/diagnostics/pinn_gradient_snr.h"

#include <torch/autograd.h>

namespace symplex::diagnostics {

namespace {

// ∂loss/∂weights, each flattened and in float64.
std::vector<torch::Tensor> flat_gradients(const torch::Tensor& value,
                                          const std::vector<torch::Tensor>& weights) {
  auto gradients = torch::autograd::grad({value}, weights, {}, /*retain_graph=*/false,
                                         /*create_graph=*/false, /*allow_unused=*/true);
  for (size_t i = 0; i < gradients.size(); ++i) {
    gradients[i] =
        gradients[i].defined()
            ? gradients[i].flatten().to(torch::kFloat64)
            : torch::zeros({weights[i].numel()}, weights[i].options().dtype(torch::kFloat64));
  }
  return gradients;
}

}  // namespace

PinnSnrMeasurement measure_pinn_snr(const pde::PinnLoss& loss,
                                    const std::vector<torch::Tensor>& weights,
                                    const torch::Tensor& rba_weights, const torch::Tensor& order,
                                    int64_t batches, int64_t bins) {
  const auto& residual_points = loss.points.residual;
  const auto conditions = flat_gradients(pde::condition_loss(loss), weights);
  std::vector<std::vector<torch::Tensor>> with(weights.size()), without(weights.size());
  auto abs_residual = torch::empty({residual_points.size(0)}, torch::kFloat64);
  // Exactly B batches, their sizes differing by at most one.
  for (const auto& batch : order.to(residual_points.device()).tensor_split(batches)) {
    torch::Tensor r;
    const auto batch_loss = pde::residual_loss(
        loss, residual_points.index_select(0, batch),
        rba_weights.defined() ? rba_weights.index_select(0, batch) : rba_weights, &r);
    const auto gradients = flat_gradients(batch_loss, weights);
    for (size_t l = 0; l < weights.size(); ++l) {
      without[l].push_back(gradients[l]);
      with[l].push_back(gradients[l] + conditions[l]);
    }
    abs_residual.index_copy_(0, batch.cpu(),
                             r.detach().abs().reshape({-1}).cpu().to(torch::kFloat64));
  }
  const auto stacked = [](const std::vector<std::vector<torch::Tensor>>& layers) {
    std::vector<torch::Tensor> matrices;
    for (const auto& layer : layers)
      matrices.push_back(torch::stack(layer));
    return matrices;
  };
  PinnSnrMeasurement m;
  m.with_conditions = gradient_snr(stacked(with));
  m.without_conditions = gradient_snr(stacked(without));
  m.abs_residual = abs_residual;
  const auto box = loss.problem.box();
  m.cell_means = binned_means(residual_points, abs_residual, {box[0].lower, box[1].lower},
                              {box[0].upper - box[0].lower, box[1].upper - box[1].lower}, bins);
  m.homogeneity = coefficient_of_variation(m.cell_means);
  return m;
}

}  // namespace symplex::diagnostics
