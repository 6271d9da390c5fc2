#include "symplex/diagnostics/gradient_snr.h"

#include <cmath>

namespace symplex::diagnostics {

GradientSnr gradient_snr(const std::vector<torch::Tensor>& batch_gradients) {
  GradientSnr snr;
  double signal = 0.0, noise = 0.0;
  for (const auto& layer : batch_gradients) {
    const auto g = layer.to(torch::kFloat64);
    const double mean_norm2 = g.mean(0).pow(2).sum().item<double>();
    const double std_norm2 = g.var(0, /*unbiased=*/false).sum().item<double>();
    snr.per_layer.push_back(std::sqrt(mean_norm2 / std_norm2));
    signal += mean_norm2;
    noise += std_norm2;
  }
  snr.global = std::sqrt(signal / noise);
  return snr;
}

double adam_snr(const std::vector<torch::Tensor>& first_moments,
                const std::vector<torch::Tensor>& denominators) {
  double signal = 0.0, noise = 0.0;
  for (size_t i = 0; i < first_moments.size(); ++i) {
    signal += first_moments[i].to(torch::kFloat64).pow(2).sum().item<double>();
    noise += denominators[i].to(torch::kFloat64).pow(2).sum().item<double>();
  }
  return std::sqrt(signal / noise);
}

torch::Tensor binned_means(const torch::Tensor& points, const torch::Tensor& values,
                           const std::array<double, 2>& lower, const std::array<double, 2>& size,
                           int64_t bins) {
  const auto p = points.to(torch::kCPU, torch::kFloat64);
  const auto cell = [&](int64_t i) {
    return ((p.select(1, i) - lower[i]) / size[i] * static_cast<double>(bins))
        .floor()
        .clamp(0, static_cast<double>(bins - 1))
        .to(torch::kLong);
  };
  const auto index = cell(0) * bins + cell(1);
  const auto options = torch::TensorOptions().dtype(torch::kFloat64);
  const auto sums =
      torch::zeros({bins * bins}, options)
          .index_add_(0, index, values.reshape({-1}).to(torch::kCPU, torch::kFloat64));
  const auto counts = torch::zeros({bins * bins}, options)
                          .index_add_(0, index, torch::ones({index.size(0)}, options));
  return (sums / counts).reshape({bins, bins});  // 0 / 0 = NaN in an empty cell
}

double coefficient_of_variation(const torch::Tensor& cell_means) {
  const auto flat = cell_means.reshape({-1});
  const auto filled = flat.masked_select(~torch::isnan(flat));
  return (filled.std(/*unbiased=*/false) / filled.mean()).item<double>();
}

}  // namespace symplex::diagnostics
