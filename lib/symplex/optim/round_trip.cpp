#include "symplex/optim/round_trip.h"

#include <torch/torch.h>

#include "symplex/optim/euler.h"
#include "symplex/optim/leapfrog.h"
#include "symplex/optim/mass_preconditioner.h"

namespace symplex::optim {
namespace {

double relative_distance(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  double difference = 0.0;
  double reference = 0.0;
  for (size_t i = 0; i < a.size(); ++i) {
    difference += (a[i].to(torch::kFloat64) - b[i].to(torch::kFloat64)).pow(2).sum().item<double>();
    reference += b[i].to(torch::kFloat64).pow(2).sum().item<double>();
  }
  return std::sqrt(difference / reference);
}

std::vector<torch::Tensor> copies(const std::vector<torch::Tensor>& tensors) {
  std::vector<torch::Tensor> out;
  for (const auto& t : tensors)
    out.push_back(t.detach().clone());
  return out;
}

}  // namespace

RoundTripError round_trip(Integrator integrator, const std::vector<torch::Tensor>& parameters,
                          const std::vector<torch::Tensor>& initial_momenta,
                          const torch::optim::Optimizer::LossClosure& closure, double dt,
                          int64_t steps) {
  const auto theta0 = copies(parameters);
  std::vector<torch::Tensor> momenta = copies(initial_momenta);
  std::vector<double> inverse_masses;
  for (const auto& p : parameters)
    inverse_masses.push_back(inverse_mass(p));

  std::unique_ptr<Leapfrog> leapfrog;
  if (integrator == Integrator::leapfrog) {
    leapfrog = std::make_unique<Leapfrog>(parameters, LeapfrogOptions(dt));
    // The leapfrog's state holds the very tensors of `momenta`, so both see every update.
    for (size_t i = 0; i < momenta.size(); ++i)
      leapfrog->momentum(parameters[i]) = momenta[i];
  }
  const auto kind = integrator == Integrator::explicit_euler ? EulerKind::explicit_euler
                                                             : EulerKind::symplectic_euler;
  const auto run = [&] {
    for (int64_t step = 0; step < steps; ++step) {
      if (leapfrog) {
        leapfrog->step_with_energy(closure);
      } else {
        euler_step(kind, parameters, momenta, inverse_masses, closure, dt);
      }
    }
  };
  torch::NoGradGuard no_grad;
  run();
  for (auto& m : momenta)
    m.neg_();
  run();
  for (auto& m : momenta)
    m.neg_();
  return {relative_distance(parameters, theta0), relative_distance(momenta, initial_momenta)};
}

}  // namespace symplex::optim
