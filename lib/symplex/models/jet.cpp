#include "symplex/models/jet.h"

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <torch/autograd.h>

namespace symplex::models {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

// Elements per task of the CPU loops: enough to amortise a task, few enough to use every thread.
constexpr int64_t kGrain = 4096;

// The derivative streams of σ from the pre-activation streams y = (v, y_x, y_t, y_xx), each of m
// elements, and σ itself, already in out[0, m) (LibTorch's vectorised tanh is several times
// faster than std::tanh in a loop).
template <typename T>
void tanh_forward(const T* y, T* out, int64_t m) {
  at::parallel_for(0, m, kGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const T s = out[i];
      const T d1 = T(1) - s * s;
      const T yx = y[m + i];
      out[m + i] = d1 * yx;
      out[2 * m + i] = d1 * y[2 * m + i];
      out[3 * m + i] = d1 * (y[3 * m + i] - T(2) * s * yx * yx);
    }
  });
}

// The vector-Jacobian product of tanh_forward: g holds ∂L/∂(σ, σ_x, σ_t, σ_xx), the result
// ∂L/∂(v, y_x, y_t, y_xx). With d1 = σ' and e = y_xx − 2σ y_x²:
//   ∂σ_xx/∂v = −2σ d1 e − 2 d1² y_x²,  ∂σ_xx/∂y_x = −4 d1 σ y_x,  ∂σ_x/∂v = −2σ d1 y_x, ...
template <typename T>
void tanh_backward(const T* y, const T* out, const T* g, T* gy, int64_t m) {
  at::parallel_for(0, m, kGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const T s = out[i];
      const T d1 = T(1) - s * s;
      const T yx = y[m + i];
      const T yt = y[2 * m + i];
      const T e = y[3 * m + i] - T(2) * s * yx * yx;
      const T gs = g[i], ga = g[m + i], gc = g[2 * m + i], ge = g[3 * m + i];
      gy[i] =
          d1 * gs - T(2) * s * d1 * (ga * yx + gc * yt + ge * e) - T(2) * ge * d1 * d1 * yx * yx;
      gy[m + i] = d1 * (ga - T(4) * ge * s * yx);
      gy[2 * m + i] = d1 * gc;
      gy[3 * m + i] = d1 * ge;
    }
  });
}

}  // namespace

torch::Tensor tanh_streams(const torch::Tensor& y) {
  const auto s = torch::tanh(y[0]);
  const auto d1 = 1 - s * s;
  const auto yx = y[1];
  return torch::stack({s, d1 * yx, d1 * y[2], d1 * (y[3] - 2 * s * yx * yx)});
}

torch::Tensor tanh_streams_backward(const torch::Tensor& y, const torch::Tensor& out,
                                    const torch::Tensor& g) {
  const auto s = out[0];
  const auto d1 = 1 - s * s;
  const auto yx = y[1];
  const auto e = y[3] - 2 * s * yx * yx;
  return torch::stack(
      {d1 * g[0] - 2 * s * d1 * (g[1] * yx + g[2] * y[2] + g[3] * e) - 2 * g[3] * d1 * d1 * yx * yx,
       d1 * (g[1] - 4 * g[3] * s * yx), d1 * g[2], d1 * g[3]});
}

namespace {

// tanh of the streams y, with `bias` added to the value first. Once differentiable: a first-order
// backward is all a training step needs.
class JetTanh : public torch::autograd::Function<JetTanh> {
 public:
  static torch::Tensor forward(AutogradContext* context, const torch::Tensor& input,
                               const torch::Tensor& bias) {
    const auto y = input.contiguous();
    const auto value = y.select(0, 0) + bias;
    torch::Tensor out;
    if (y.is_cpu()) {
      out = torch::empty_like(y);
      auto out_value = out.select(0, 0);
      torch::tanh_out(out_value, value);
      const int64_t m = y.numel() / 4;
      AT_DISPATCH_FLOATING_TYPES(y.scalar_type(), "jet_tanh_forward", [&] {
        tanh_forward(y.data_ptr<scalar_t>(), out.data_ptr<scalar_t>(), m);
      });
    } else {
      out = tanh_streams(torch::cat({value.unsqueeze(0), y.narrow(0, 1, 3)}));
    }
    context->save_for_backward({y, out});
    return out;
  }

  static tensor_list backward(AutogradContext* context, tensor_list grads) {
    TORCH_CHECK(!torch::GradMode::is_enabled(),
                "the fused tanh has no second derivative (backward with create_graph)");
    const auto saved = context->get_saved_variables();
    const auto& y = saved[0];
    const auto& out = saved[1];
    const auto g = grads[0].contiguous();
    torch::Tensor gy;
    if (y.is_cpu()) {
      gy = torch::empty_like(y);
      const int64_t m = y.numel() / 4;
      AT_DISPATCH_FLOATING_TYPES(y.scalar_type(), "jet_tanh_backward", [&] {
        tanh_backward(y.data_ptr<scalar_t>(), out.data_ptr<scalar_t>(), g.data_ptr<scalar_t>(),
                      gy.data_ptr<scalar_t>(), m);
      });
    } else {
      gy = tanh_streams_backward(y, out, g);
    }
    // The bias moves the value only: its gradient is the value's, summed over the points.
    return {gy, gy.select(0, 0).reshape({-1, gy.size(-1)}).sum(0)};
  }
};

}  // namespace

Jet linear(const Jet& h, const torch::Tensor& weight, const torch::Tensor& bias) {
  const auto out = torch::matmul(h.streams, weight.t());
  if (!bias.defined()) return {out};
  // The bias as a (4, 1, w) block that is zero on the derivative streams.
  const auto padded =
      torch::cat({bias.unsqueeze(0), torch::zeros({3, bias.size(0)}, bias.options())});
  return {out + padded.unsqueeze(1)};
}

Jet tanh(const Jet& y, const torch::Tensor& bias) {
  return {JetTanh::apply(y.streams, bias)};
}

Jet tanh_layer(const Jet& h, const torch::Tensor& weight, const torch::Tensor& bias) {
  return tanh(linear(h, weight, torch::Tensor()), bias);
}

Jet add(const Jet& a, const Jet& b, double scale) {
  return {torch::add(a.streams, b.streams, scale)};
}

Jet concat(const Jet& a, const Jet& b) {
  return {torch::cat({a.streams, b.streams}, 2)};
}

}  // namespace symplex::models
