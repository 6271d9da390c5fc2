#include "symplex/diagnostics/conservation_predictions.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace symplex::diagnostics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using Matrix3 = double[3][3];

void multiply(const Matrix3& a, const Matrix3& b, Matrix3& out) {
  Matrix3 product = {};
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      for (int k = 0; k < 3; ++k)
        product[i][j] += a[i][k] * b[k][j];
    }
  }
  std::copy(&product[0][0], &product[0][0] + 9, &out[0][0]);
}

// e^M by scaling and squaring with a Taylor series: M is small here (‖M‖ ≈ 2γh ≤ 2), so 20
// terms after scaling to ‖M‖ < 1/2 are exact to round-off.
void exponential(const Matrix3& m, Matrix3& out) {
  double norm = 0.0;
  for (int i = 0; i < 3; ++i) {
    double row = 0.0;
    for (int j = 0; j < 3; ++j)
      row += std::fabs(m[i][j]);
    norm = std::max(norm, row);
  }
  const int squarings = norm > 0.5 ? static_cast<int>(std::ceil(std::log2(norm / 0.5))) : 0;
  const double scale = std::ldexp(1.0, -squarings);
  Matrix3 scaled, term = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, sum = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j)
      scaled[i][j] = m[i][j] * scale;
  }
  for (int n = 1; n <= 20; ++n) {
    multiply(term, scaled, term);
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 3; ++j) {
        term[i][j] /= n;
        sum[i][j] += term[i][j];
      }
    }
  }
  for (int s = 0; s < squarings; ++s)
    multiply(sum, sum, sum);
  std::copy(&sum[0][0], &sum[0][0] + 9, &out[0][0]);
}

// 1 for the translation's ⟨θ, 1⟩, 2 for the squared norms: the power of the weight decay's
// factor in each.
double decay_power(Symmetry symmetry) {
  return symmetry == Symmetry::translation ? 1.0 : 2.0;
}

}  // namespace

double flow_time(const UpdateConstants& c, int64_t step) {
  const double k = static_cast<double>(step);
  return c.rule == UpdateRule::momentum ? c.lr * (1.0 - c.dampening) * k : c.lr * k;
}

ConservationPredictions::ConservationPredictions(Symmetry symmetry,
                                                 const UpdateConstants& constants,
                                                 std::vector<double> initial,
                                                 std::vector<double> initial_charge)
    : symmetry_(symmetry), c_(constants), initial_(std::move(initial)) {
  const size_t n = initial_.size();
  const bool leapfrog_translation =
      c_.rule == UpdateRule::leapfrog && symmetry_ == Symmetry::translation;
  if (leapfrog_translation != !initial_charge.empty() ||
      (leapfrog_translation && initial_charge.size() != n)) {
    throw std::invalid_argument(
        "ConservationPredictions: a charge per unit is given for the leapfrog's translation and "
        "only there");
  }
  charge_ = leapfrog_translation ? std::move(initial_charge) : std::vector<double>(n, kNaN);
  recursion_ = has_recursion() ? initial_ : std::vector<double>(n, kNaN);
  recursion_aux_.assign(n, 0.0);
  flow_ = has_modified_flow() ? initial_ : std::vector<double>(n, kNaN);
  flow_rate_.assign(n, 0.0);  // the momentum oscillator starts at rest, as the buffer does
  if (c_.rule == UpdateRule::momentum) {
    // docs/conservation.md eq. (M): ẍ + 2γ ẋ + ω² x = f in t = η(1−d)k, with the constant forcing
    // of a step entering through the augmented matrix [[A, e₂], [0, 0]].
    const double h = c_.lr * (1.0 - c_.dampening);
    const double damping = (1.0 - c_.momentum) / (h * (1.0 + c_.momentum));
    const double omega2 =
        2.0 * decay_power(symmetry_) * c_.weight_decay / (h * (1.0 + c_.momentum));
    const Matrix3 generator = {{0.0, h, 0.0}, {-omega2 * h, -2.0 * damping * h, h}, {0, 0, 0}};
    Matrix3 propagator;
    exponential(generator, propagator);
    for (int i = 0; i < 2; ++i) {
      for (int j = 0; j < 2; ++j)
        phi_[i][j] = propagator[i][j];
      psi_[i] = propagator[i][2];
    }
  }
}

bool ConservationPredictions::has_recursion() const {
  if (c_.rule == UpdateRule::adamw) return false;
  return c_.rule != UpdateRule::leapfrog || symmetry_ == Symmetry::translation;
}

bool ConservationPredictions::has_modified_flow() const {
  return c_.rule == UpdateRule::sgd || c_.rule == UpdateRule::momentum;
}

void ConservationPredictions::advance(const StepForcing& forcing) {
  const size_t n = initial_.size();
  const bool squares = symmetry_ != Symmetry::translation;
  if (squares && c_.rule == UpdateRule::sgd && forcing.gradient_square.size() != n) {
    throw std::invalid_argument("ConservationPredictions: SGD needs Σ±‖g‖² per unit");
  }
  if (squares && c_.rule == UpdateRule::momentum && forcing.buffer_square.size() != n) {
    throw std::invalid_argument("ConservationPredictions: momentum needs Σ±‖b‖² per unit");
  }
  if (has_recursion()) advance_recursion(forcing);
  if (has_modified_flow()) advance_modified_flow(forcing);
  ++step_;
}

void ConservationPredictions::advance_recursion(const StepForcing& forcing) {
  const double eta = c_.lr, lambda = c_.weight_decay, beta = c_.momentum;
  const bool translation = symmetry_ == Symmetry::translation;
  for (size_t u = 0; u < recursion_.size(); ++u) {
    double& x = recursion_[u];
    double& aux = recursion_aux_[u];
    switch (c_.rule) {
      case UpdateRule::sgd:
        // eq. (R1): s ← (1−ηλ)s; ‖θ‖² ← (1−ηλ)²‖θ‖² + η²‖g‖², since ⟨θ, g⟩ = 0.
        x = translation ? (1.0 - eta * lambda) * x
                        : (1.0 - eta * lambda) * (1.0 - eta * lambda) * x +
                              eta * eta * forcing.gradient_square[u];
        break;
      case UpdateRule::momentum: {
        // eq. (R2): LibTorch's first buffer carries no dampening.
        const double fresh = step_ == 0 ? 1.0 : 1.0 - c_.dampening;
        if (translation) {
          aux = beta * aux + fresh * lambda * x;  // Σ_A b_{k+1}, as ⟨g, 1⟩ = 0
          x -= eta * aux;
        } else {
          const double inner = beta * aux + fresh * lambda * x;  // Σ±⟨θ_k, b_{k+1}⟩
          const double b2 = forcing.buffer_square[u];
          x = x - 2.0 * eta * inner + eta * eta * b2;
          aux = inner - eta * b2;  // Σ±⟨θ_{k+1}, b_{k+1}⟩
        }
        break;
      }
      case UpdateRule::leapfrog: {
        // eq. (L): Σ_A p_{k+½} = e^{−γdt/2} Σ_A p_k, as Σ_A ∇L = 0; the sum moves by dt M⁻¹ of it.
        const double half = std::exp(-c_.gamma * eta / 2.0);
        x += eta * c_.inverse_mass * half * charge_[u];
        charge_[u] *= half * half;
        break;
      }
      case UpdateRule::adamw:
        break;
    }
  }
}

void ConservationPredictions::advance_modified_flow(const StepForcing& forcing) {
  const double eta = c_.lr, lambda = c_.weight_decay;
  const bool translation = symmetry_ == Symmetry::translation;
  if (c_.rule == UpdateRule::sgd) {
    // eq. (F1) over [ηk, η(k+1)] with ‖g‖² held at ‖g_k‖²: the factor e^{−pλη} and
    // η ∫ e^{−2λ(η−τ)} dτ = η (1 − e^{−2λη}) / (2λ).
    const double p = decay_power(symmetry_);
    const double factor = std::exp(-p * lambda * eta);
    const double integral = lambda > 0.0 ? -std::expm1(-2.0 * lambda * eta) / (2.0 * lambda) : eta;
    for (size_t u = 0; u < flow_.size(); ++u) {
      flow_[u] =
          factor * flow_[u] + (translation ? 0.0 : eta * integral * forcing.gradient_square[u]);
    }
    return;
  }
  // Momentum, eq. (M): the forcing 2‖θ̇‖² with θ̇ = −η b / h = −b / (1−d).
  const double forcing_scale = 2.0 / ((1.0 - c_.dampening) * (1.0 - c_.dampening));
  for (size_t u = 0; u < flow_.size(); ++u) {
    const double f = translation ? 0.0 : forcing_scale * forcing.buffer_square[u];
    const double x = flow_[u], v = flow_rate_[u];
    flow_[u] = phi_[0][0] * x + phi_[0][1] * v + psi_[0] * f;
    flow_rate_[u] = phi_[1][0] * x + phi_[1][1] * v + psi_[1] * f;
  }
}

std::vector<double> ConservationPredictions::gradient_flow() const {
  const double p = decay_power(symmetry_);
  double time = flow_time(c_, step_);
  // With momentum, gradient flow is the overdamped limit θ̇ = −∇F in t = η(1−d)k / (1−β).
  if (c_.rule == UpdateRule::momentum) time /= 1.0 - c_.momentum;
  const double lambda = c_.rule == UpdateRule::leapfrog ? 0.0 : c_.weight_decay;
  const double factor = std::exp(-p * lambda * time);
  std::vector<double> out(initial_.size());
  for (size_t u = 0; u < out.size(); ++u)
    out[u] = factor * initial_[u];
  return out;
}

std::vector<double> ConservationPredictions::state() const {
  std::vector<double> out{static_cast<double>(step_)};
  for (const auto* part : {&initial_, &recursion_, &recursion_aux_, &flow_, &flow_rate_, &charge_})
    out.insert(out.end(), part->begin(), part->end());
  return out;
}

void ConservationPredictions::restore(const std::vector<double>& state) {
  const size_t n = initial_.size();
  if (state.size() != 1 + 6 * n) {
    throw std::invalid_argument("ConservationPredictions: a state of another family");
  }
  step_ = static_cast<int64_t>(state[0]);
  auto at = state.begin() + 1;
  for (auto* part : {&initial_, &recursion_, &recursion_aux_, &flow_, &flow_rate_, &charge_}) {
    part->assign(at, at + static_cast<std::ptrdiff_t>(n));
    at += static_cast<std::ptrdiff_t>(n);
  }
}

std::vector<double> relative_errors(const std::vector<double>& prediction,
                                    const std::vector<double>& measured,
                                    const std::vector<double>& magnitude) {
  if (prediction.size() != measured.size() || magnitude.size() != measured.size()) {
    throw std::invalid_argument("relative_errors: vectors of different units");
  }
  std::vector<double> out(measured.size());
  for (size_t u = 0; u < out.size(); ++u) {
    out[u] = magnitude[u] > 0.0 ? std::fabs(prediction[u] - measured[u]) / magnitude[u] : kNaN;
  }
  return out;
}

}  // namespace symplex::diagnostics
