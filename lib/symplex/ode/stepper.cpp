#include "symplex/ode/stepper.h"

#include <algorithm>

namespace symplex::ode {
namespace {

// The stage coefficients as a tensor like y.
torch::Tensor coefficient_matrix(const ButcherTableau& tableau, const torch::Tensor& like) {
  return torch::tensor(tableau.a, like.options()).view({tableau.stages, tableau.stages});
}

// f at every stage: [batch, stages, dim].
torch::Tensor stage_derivatives(const VectorField& field, const torch::Tensor& stages) {
  std::vector<torch::Tensor> values;
  for (int64_t j = 0; j < stages.size(1); ++j)
    values.push_back(field(stages.select(1, j)));
  return torch::stack(values, 1);
}

// I − h [a_ij J_j], [batch, s·dim, s·dim], from the stages' Jacobians [batch, s, dim, dim].
torch::Tensor newton_matrix(const torch::Tensor& a, const torch::Tensor& jacobians, double h) {
  const int64_t batch = jacobians.size(0), s = a.size(0), dim = jacobians.size(2);
  const auto blocks = a.view({1, s, 1, s, 1}) * jacobians.permute({0, 2, 1, 3}).unsqueeze(1);
  const auto eye = torch::eye(s * dim, jacobians.options()).expand({batch, s * dim, s * dim});
  return eye - h * blocks.reshape({batch, s * dim, s * dim});
}

// Solves Y = C + h (A ⊗ I) F(Y) for the stages Y [batch, s, dim], given C [batch, s, dim].
torch::Tensor implicit_stages(const VectorField& field, const torch::Tensor& a,
                              const torch::Tensor& constant, double h, const NewtonOptions& newton,
                              NewtonReport& report) {
  const int64_t batch = constant.size(0), s = a.size(0), dim = constant.size(2);
  const auto flat = [&](const torch::Tensor& t) { return t.reshape({batch, s * dim, 1}); };
  const auto residual = [&](const torch::Tensor& stages) {
    return stages - constant - h * torch::matmul(a, stage_derivatives(field, stages));
  };
  const auto jacobians = [&](const torch::Tensor& stages) {
    std::vector<torch::Tensor> per_stage;
    for (int64_t j = 0; j < s; ++j)
      per_stage.push_back(field.jacobian(stages.select(1, j)));
    return torch::stack(per_stage, 1);
  };
  if (field.linear()) {
    report.max_iterations = std::max(report.max_iterations, 1);
    const auto matrix = newton_matrix(a, jacobians(constant), h);
    return torch::linalg_solve(matrix, flat(constant)).view({batch, s, dim});
  }
  torch::Tensor stages = constant.detach();
  torch::Tensor matrix;
  bool converged = false;
  int iterations = 0;
  {
    torch::NoGradGuard off_graph;
    while (iterations < newton.max_iterations && !converged) {
      ++iterations;
      matrix = newton_matrix(a, jacobians(stages), h);
      const auto update = torch::linalg_solve(matrix, flat(residual(stages))).view({batch, s, dim});
      stages = stages - update;
      const double scale = std::max(1.0, stages.abs().max().item<double>());
      converged = update.abs().max().item<double>() <= newton.tolerance * scale;
    }
    matrix = newton_matrix(a, jacobians(stages), h);
  }
  report.max_iterations = std::max(report.max_iterations, iterations);
  report.converged = report.converged && converged;
  return stages - torch::linalg_solve(matrix, flat(residual(stages))).view({batch, s, dim});
}

}  // namespace

torch::Tensor runge_kutta_step(const VectorField& field, const ButcherTableau& tableau,
                               const torch::Tensor& y, double h, const NewtonOptions& newton,
                               NewtonReport& report) {
  const int64_t s = tableau.stages;
  const auto a = coefficient_matrix(tableau, y);
  torch::Tensor derivatives;  // [batch, s, dim]
  torch::Tensor stages;
  if (tableau.explicit_stages()) {
    std::vector<torch::Tensor> f;
    for (int64_t i = 0; i < s; ++i) {
      auto stage = y;
      for (int64_t j = 0; j < i; ++j) {
        if (tableau.at(static_cast<int>(i), static_cast<int>(j)) != 0.0)
          stage = stage + h * tableau.at(static_cast<int>(i), static_cast<int>(j)) * f[j];
      }
      f.push_back(field(stage));
    }
    derivatives = torch::stack(f, 1);
  } else {
    stages = implicit_stages(field, a, y.unsqueeze(1).expand({y.size(0), s, y.size(1)}), h, newton,
                             report);
    if (tableau.stiffly_accurate()) return stages.select(1, s - 1);
    derivatives = stage_derivatives(field, stages);
  }
  const auto b = torch::tensor(tableau.b, y.options());
  return y + h * torch::matmul(b, derivatives);
}

torch::Tensor bdf2_step(const VectorField& field, const torch::Tensor& y_previous,
                        const torch::Tensor& y, double h, const NewtonOptions& newton,
                        NewtonReport& report) {
  const auto a = torch::full({1, 1}, 2.0 / 3.0, y.options());
  const auto constant = ((4.0 * y - y_previous) / 3.0).unsqueeze(1);
  return implicit_stages(field, a, constant, h, newton, report).select(1, 0);
}

torch::Tensor solve(const VectorField& field, Method method, const torch::Tensor& y0, double h,
                    int64_t steps, const NewtonOptions& newton, NewtonReport& report) {
  std::vector<torch::Tensor> trajectory{y0};
  if (method == Method::bdf2) {
    if (steps >= 1) {
      trajectory.push_back(
          runge_kutta_step(field, tableau_of(Method::implicit_euler), y0, h, newton, report));
    }
    for (int64_t k = 2; k <= steps; ++k) {
      trajectory.push_back(bdf2_step(field, trajectory[static_cast<size_t>(k - 2)],
                                     trajectory[static_cast<size_t>(k - 1)], h, newton, report));
    }
  } else {
    const auto tableau = tableau_of(method);
    for (int64_t k = 1; k <= steps; ++k) {
      trajectory.push_back(runge_kutta_step(field, tableau, trajectory.back(), h, newton, report));
    }
  }
  return torch::stack(trajectory);
}

}  // namespace symplex::ode
