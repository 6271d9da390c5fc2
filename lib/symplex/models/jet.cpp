#include "symplex/models/jet.h"

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <torch/autograd.h>

#include <algorithm>

#include "symplex/models/jet_kernels.h"

namespace symplex::models {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

// Elements per task of the CPU loops: enough to amortise a task, few enough to use every thread.
constexpr int64_t kGrain = 4096;

kernels::JetShape shape_of(const Jet& jet) {
  return {jet.value_rows(), jet.points, jet.rows.size(1), jet.alpha};
}

// Runs `loop(begin, end)` over the value rows of a jet, split between threads: the rows with
// derivatives and the value-only rows (a fraction of the work each) are split separately.
template <typename Loop>
void for_value_rows(const kernels::JetShape& shape, const Loop& loop) {
  const int64_t grain = std::max<int64_t>(1, kGrain / shape.width);
  at::parallel_for(0, shape.points, grain, loop);
  at::parallel_for(shape.points, shape.value_rows, grain, loop);
}

// The rows of a jet as the kernels read them: a matrix with 2n + m rows and a bias per column.
void check_jet(const torch::Tensor& rows, const torch::Tensor& bias, int64_t points) {
  TORCH_CHECK(rows.dim() == 2 && points >= 0 && rows.size(0) >= 3 * points,
              "jet rows must be a matrix of at least 3n rows for n = ", points, " points, got ",
              rows.sizes());
  TORCH_CHECK(bias.dim() == 1 && bias.size(0) == rows.size(1) &&
                  bias.scalar_type() == rows.scalar_type() && bias.device() == rows.device(),
              "the bias must be a vector of the jet's width, dtype and device");
}

}  // namespace

torch::Tensor tanh_streams(const Jet& y) {
  const auto values = torch::tanh(y.values());
  const auto s = values.narrow(0, 0, y.points);
  const auto d1 = 1 - s * s;
  return torch::cat({values, d1 * y.dx(), d1 * (y.heat() + 2 * y.alpha * s * y.dx() * y.dx())});
}

torch::Tensor tanh_streams_backward(const Jet& y, const torch::Tensor& out,
                                    const torch::Tensor& g) {
  const int64_t points = y.points;
  const double alpha = y.alpha;
  const Jet grad{g, points, alpha};
  const auto values = Jet{out, points, alpha}.values();
  const auto value_grad = (1 - values * values) * grad.values();
  const auto s = values.narrow(0, 0, points);
  const auto d1 = 1 - s * s;
  const auto yx = y.dx();
  const auto q = y.heat() + 2 * alpha * s * yx * yx;
  const auto interior_extra = -2 * s * d1 * (grad.dx() * yx + grad.heat() * q) +
                              2 * alpha * grad.heat() * d1 * d1 * yx * yx;
  const auto extra_rows = value_grad.size(0) - points;
  return torch::cat({value_grad.narrow(0, 0, points) + interior_extra,
                     value_grad.narrow(0, points, extra_rows),
                     d1 * (grad.dx() + 4 * alpha * grad.heat() * s * yx), d1 * grad.heat()});
}

namespace {

// tanh of the jet rows y, with `bias` added to the values first. Once differentiable: a
// first-order backward is all a training step needs.
class JetTanh : public torch::autograd::Function<JetTanh> {
 public:
  static torch::Tensor forward(AutogradContext* context, const torch::Tensor& input,
                               const torch::Tensor& bias, int64_t points, double alpha) {
    check_jet(input, bias, points);
    const Jet jet{input.contiguous(), points, alpha};
    const auto& y = jet.rows;
    const auto shape = shape_of(jet);
    torch::Tensor out;
    if (y.is_cpu()) {
      out = torch::empty_like(y);
      auto out_values = out.narrow(0, 0, shape.value_rows);
      torch::add_out(out_values, jet.values(), bias);
      AT_DISPATCH_FLOATING_TYPES(y.scalar_type(), "jet_tanh_forward", [&] {
        for_value_rows(shape, [&](int64_t begin, int64_t end) {
          kernels::tanh_streams_forward(y.data_ptr<scalar_t>(), out.data_ptr<scalar_t>(), shape,
                                        begin, end);
        });
      });
    } else {
      out = tanh_streams({torch::cat({jet.values() + bias, jet.derivative_rows()}), points, alpha});
    }
    context->save_for_backward({y, out});
    context->saved_data["points"] = points;
    context->saved_data["alpha"] = alpha;
    return out;
  }

  static tensor_list backward(AutogradContext* context, tensor_list grads) {
    TORCH_CHECK(!torch::GradMode::is_enabled(),
                "the fused tanh has no second derivative (backward with create_graph)");
    const auto saved = context->get_saved_variables();
    const auto& y = saved[0];
    const auto& out = saved[1];
    const Jet jet{y, context->saved_data["points"].toInt(),
                  context->saved_data["alpha"].toDouble()};
    const auto shape = shape_of(jet);
    const auto g = grads[0].contiguous();
    torch::Tensor gy;
    if (y.is_cpu()) {
      gy = torch::empty_like(y);
      AT_DISPATCH_FLOATING_TYPES(y.scalar_type(), "jet_tanh_backward", [&] {
        for_value_rows(shape, [&](int64_t begin, int64_t end) {
          kernels::tanh_streams_backward(y.data_ptr<scalar_t>(), out.data_ptr<scalar_t>(),
                                         g.data_ptr<scalar_t>(), gy.data_ptr<scalar_t>(), shape,
                                         begin, end);
        });
      });
    } else {
      gy = tanh_streams_backward(jet, out, g);
    }
    // The bias moves the values only: its gradient is theirs, summed over the points.
    return {gy, Jet{gy, jet.points, jet.alpha}.values().sum(0), torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

Jet linear(const Jet& h, const torch::Tensor& weight, const torch::Tensor& bias) {
  if (!bias.defined()) return {torch::mm(h.rows, weight.t()), h.points, h.alpha};
  return {torch::cat({torch::addmm(bias, h.values(), weight.t()),
                      torch::mm(h.derivative_rows(), weight.t())}),
          h.points, h.alpha};
}

Jet tanh(const Jet& y, const torch::Tensor& bias) {
  return {JetTanh::apply(y.rows, bias, y.points, y.alpha), y.points, y.alpha};
}

Jet tanh_layer(const Jet& h, const torch::Tensor& weight, const torch::Tensor& bias) {
  return tanh(linear(h, weight, torch::Tensor()), bias);
}

Jet add_linear(const Jet& h, const Jet& x, const torch::Tensor& weight, const torch::Tensor& bias,
               double scale) {
  auto rows = torch::addmm(h.rows, x.rows, weight.t(), /*beta=*/1.0, /*alpha=*/scale);
  // In place on addmm's result, which its backward does not keep.
  if (bias.defined()) rows.narrow(0, 0, h.value_rows()).add_(bias, scale);
  return {rows, h.points, h.alpha};
}

Jet concat(const Jet& a, const Jet& b) {
  return {torch::cat({a.rows, b.rows}, 1), a.points, a.alpha};
}

}  // namespace symplex::models
