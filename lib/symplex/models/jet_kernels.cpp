#include "symplex/models/jet_kernels.h"

#include <algorithm>

#include "symplex/models/fast_tanh.h"

// LibTorch's own CPU kernels are built for several instruction sets and dispatch at run time;
// these loops do the same through GCC's function clones, while symplex itself targets the
// baseline x86-64.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define SYMPLEX_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define SYMPLEX_VECTOR_CLONES
#endif

namespace symplex::models::kernels {
namespace {

// Offsets of the ∂x, ∂t and ∂xx rows, in elements.
struct Offsets {
  int64_t x, t, xx;
  explicit Offsets(JetShape s)
      : x(s.value_rows * s.width), t(x + s.points * s.width), xx(t + s.points * s.width) {}
};

template <typename T>
inline void forward_rows(const T* __restrict y, T* __restrict out, JetShape shape, int64_t begin,
                         int64_t end) {
  const Offsets o(shape);
  const int64_t w = shape.width;
  for (int64_t i = begin * w; i < end * w; ++i)
    out[i] = fast_tanh(out[i]);
  for (int64_t i = begin * w; i < std::min(end, shape.points) * w; ++i) {
    const T s = out[i];
    const T d1 = T(1) - s * s;
    const T yx = y[o.x + i];
    out[o.x + i] = d1 * yx;
    out[o.t + i] = d1 * y[o.t + i];
    out[o.xx + i] = d1 * (y[o.xx + i] - T(2) * s * yx * yx);
  }
}

// With d1 = σ' and e = y_xx − 2σ y_x²:
//   ∂σ_xx/∂v = −2σ d1 e − 2 d1² y_x²,  ∂σ_xx/∂y_x = −4 d1 σ y_x,  ∂σ_x/∂v = −2σ d1 y_x, ...
// A value-only row has ∂σ/∂v = d1 alone.
template <typename T>
inline void backward_rows(const T* __restrict y, const T* __restrict out, const T* __restrict g,
                          T* __restrict gy, JetShape shape, int64_t begin, int64_t end) {
  const Offsets o(shape);
  const int64_t w = shape.width;
  for (int64_t i = begin * w; i < std::min(end, shape.points) * w; ++i) {
    const T s = out[i];
    const T d1 = T(1) - s * s;
    const T yx = y[o.x + i];
    const T yt = y[o.t + i];
    const T e = y[o.xx + i] - T(2) * s * yx * yx;
    const T gs = g[i], ga = g[o.x + i], gc = g[o.t + i], ge = g[o.xx + i];
    gy[i] = d1 * gs - T(2) * s * d1 * (ga * yx + gc * yt + ge * e) - T(2) * ge * d1 * d1 * yx * yx;
    gy[o.x + i] = d1 * (ga - T(4) * ge * s * yx);
    gy[o.t + i] = d1 * gc;
    gy[o.xx + i] = d1 * ge;
  }
  for (int64_t i = std::max(begin, shape.points) * w; i < end * w; ++i)
    gy[i] = (T(1) - out[i] * out[i]) * g[i];
}

}  // namespace

SYMPLEX_VECTOR_CLONES void tanh_streams_forward(const float* y, float* out, JetShape shape,
                                                int64_t begin, int64_t end) {
  forward_rows(y, out, shape, begin, end);
}

SYMPLEX_VECTOR_CLONES void tanh_streams_forward(const double* y, double* out, JetShape shape,
                                                int64_t begin, int64_t end) {
  forward_rows(y, out, shape, begin, end);
}

SYMPLEX_VECTOR_CLONES void tanh_streams_backward(const float* y, const float* out, const float* g,
                                                 float* gy, JetShape shape, int64_t begin,
                                                 int64_t end) {
  backward_rows(y, out, g, gy, shape, begin, end);
}

SYMPLEX_VECTOR_CLONES void tanh_streams_backward(const double* y, const double* out,
                                                 const double* g, double* gy, JetShape shape,
                                                 int64_t begin, int64_t end) {
  backward_rows(y, out, g, gy, shape, begin, end);
}

}  // namespace symplex::models::kernels
