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
  return {jet.value_rows(), jet.points, jet.rows.size(1), jet.streams.count,
          jet.streams.square_weight};
}

// Runs `loop(begin, end)` over the value rows of a jet, split between threads: the rows with
// derivatives and the value-only rows (a fraction of the work each) are split separately.
template <typename Loop>
void for_value_rows(const kernels::JetShape& shape, const Loop& loop) {
  const int64_t grain = std::max<int64_t>(1, kGrain / shape.width);
  at::parallel_for(0, shape.points, grain, loop);
  at::parallel_for(shape.points, shape.value_rows, grain, loop);
}

// The rows of a jet as the kernels read them: a matrix with (k + 2)n + m rows and a bias per
// column.
void check_jet(const torch::Tensor& rows, const torch::Tensor& bias, int64_t points,
               const JetStreams& streams) {
  TORCH_CHECK(streams.count >= 1 && streams.count <= kMaxJetStreams, "a jet carries 1 to ",
              kMaxJetStreams, " first-derivative streams, got ", streams.count);
  TORCH_CHECK(rows.dim() == 2 && points >= 0 && rows.size(0) >= (streams.count + 2) * points,
              "jet rows must be a matrix of at least ", streams.count + 2,
              "n rows for n = ", points, " points, got ", rows.sizes());
  TORCH_CHECK(bias.dim() == 1 && bias.size(0) == rows.size(1) &&
                  bias.scalar_type() == rows.scalar_type() && bias.device() == rows.device(),
              "the bias must be a vector of the jet's width, dtype and device");
}

}  // namespace

torch::Tensor tanh_streams(const Jet& y) {
  const auto values = torch::tanh(y.values());
  const auto s = values.narrow(0, 0, y.points);
  const auto d1 = 1 - s * s;
  std::vector<torch::Tensor> rows{values};
  auto q = y.op();
  for (int64_t j = 0; j < y.streams.count; ++j) {
    const auto yj = y.first(j);
    rows.push_back(d1 * yj);
    q = q + y.streams.square_weight[j] * s * yj * yj;
  }
  rows.push_back(d1 * q);
  return torch::cat(rows);
}

torch::Tensor tanh_streams_backward(const Jet& y, const torch::Tensor& out,
                                    const torch::Tensor& g) {
  const int64_t points = y.points;
  const Jet grad{g, points, y.streams};
  const auto values = Jet{out, points, y.streams}.values();
  const auto value_grad = (1 - values * values) * grad.values();
  const auto s = values.narrow(0, 0, points);
  const auto d1 = 1 - s * s;
  const auto gc = grad.op();
  auto q = y.op();
  torch::Tensor along, squares;
  std::vector<torch::Tensor> stream_grads;
  for (int64_t j = 0; j < y.streams.count; ++j) {
    const double weight = y.streams.square_weight[j];
    const auto yj = y.first(j);
    const auto gj = grad.first(j);
    q = q + weight * s * yj * yj;
    along = j == 0 ? gj * yj : along + gj * yj;
    squares = j == 0 ? weight * gc * d1 * d1 * yj * yj : squares + weight * gc * d1 * d1 * yj * yj;
    stream_grads.push_back(d1 * (gj + 2 * weight * gc * s * yj));
  }
  const auto extra_rows = value_grad.size(0) - points;
  std::vector<torch::Tensor> rows{
      value_grad.narrow(0, 0, points) - 2 * s * d1 * (along + gc * q) + squares,
      value_grad.narrow(0, points, extra_rows)};
  rows.insert(rows.end(), stream_grads.begin(), stream_grads.end());
  rows.push_back(d1 * gc);
  return torch::cat(rows);
}

namespace {

// tanh of the jet rows y, with `bias` added to the values first. Once differentiable: a
// first-order backward is all a training step needs.
class JetTanh : public torch::autograd::Function<JetTanh> {
 public:
  static torch::Tensor forward(AutogradContext* context, const torch::Tensor& input,
                               const torch::Tensor& bias, int64_t points, int64_t stream_count,
                               double weight0, double weight1) {
    const JetStreams streams{stream_count, {weight0, weight1}};
    check_jet(input, bias, points, streams);
    const Jet jet{input.contiguous(), points, streams};
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
      out =
          tanh_streams({torch::cat({jet.values() + bias, jet.derivative_rows()}), points, streams});
    }
    context->save_for_backward({y, out});
    context->saved_data["points"] = points;
    context->saved_data["streams"] = stream_count;
    context->saved_data["weight0"] = weight0;
    context->saved_data["weight1"] = weight1;
    return out;
  }

  static tensor_list backward(AutogradContext* context, tensor_list grads) {
    TORCH_CHECK(!torch::GradMode::is_enabled(),
                "the fused tanh has no second derivative (backward with create_graph)");
    const auto saved = context->get_saved_variables();
    const auto& y = saved[0];
    const auto& out = saved[1];
    const Jet jet{y, context->saved_data["points"].toInt(),
                  JetStreams{context->saved_data["streams"].toInt(),
                             {context->saved_data["weight0"].toDouble(),
                              context->saved_data["weight1"].toDouble()}}};
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
    return {gy,
            Jet{gy, jet.points, jet.streams}.values().sum(0),
            torch::Tensor(),
            torch::Tensor(),
            torch::Tensor(),
            torch::Tensor()};
  }
};

}  // namespace

Jet linear(const Jet& h, const torch::Tensor& weight, const torch::Tensor& bias) {
  if (!bias.defined()) return {torch::mm(h.rows, weight.t()), h.points, h.streams};
  return {torch::cat({torch::addmm(bias, h.values(), weight.t()),
                      torch::mm(h.derivative_rows(), weight.t())}),
          h.points, h.streams};
}

Jet tanh(const Jet& y, const torch::Tensor& bias) {
  static_assert(kMaxJetStreams == 2 && kernels::kMaxStreams == kMaxJetStreams);
  return {JetTanh::apply(y.rows, bias, y.points, y.streams.count, y.streams.square_weight[0],
                         y.streams.square_weight[1]),
          y.points, y.streams};
}

Jet tanh_layer(const Jet& h, const torch::Tensor& weight, const torch::Tensor& bias) {
  return tanh(linear(h, weight, torch::Tensor()), bias);
}

Jet add_linear(const Jet& h, const Jet& x, const torch::Tensor& weight, const torch::Tensor& bias,
               double scale) {
  auto rows = torch::addmm(h.rows, x.rows, weight.t(), /*beta=*/1.0, /*alpha=*/scale);
  // In place on addmm's result, which its backward does not keep.
  if (bias.defined()) rows.narrow(0, 0, h.value_rows()).add_(bias, scale);
  return {rows, h.points, h.streams};
}

Jet concat(const Jet& a, const Jet& b) {
  return {torch::cat({a.rows, b.rows}, 1), a.points, a.streams};
}

}  // namespace symplex::models
