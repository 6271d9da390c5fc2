#include "symplex/models/jet_kernels.h"

#include <algorithm>

#include "symplex/models/fast_tanh.h"

// LibTorch's own CPU kernels are built for several instruction sets and dispatch at run time;
// these loops do the same through GCC's function clones, while symplex itself targets the
// baseline x86-64.
#if defined(__GNUC__) && __GNUC__ >= 11 && !defined(__clang__) && defined(__x86_64__)
#define SYMPLEX_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define SYMPLEX_VECTOR_CLONES
#endif

namespace symplex::models::kernels {
namespace {

// Offsets of the ∂x and the ∂t − α∂xx rows, in elements.
struct Offsets {
  int64_t x, c;
  explicit Offsets(JetShape s) : x(s.value_rows * s.width), c(x + s.points * s.width) {}
};

template <typename T>
inline void forward_rows(const T* __restrict y, T* __restrict out, JetShape shape, int64_t begin,
                         int64_t end) {
  const Offsets o(shape);
  const int64_t w = shape.width;
  const T two_alpha = T(2 * shape.alpha);
  for (int64_t i = begin * w; i < end * w; ++i)
    out[i] = fast_tanh(out[i]);
  for (int64_t i = begin * w; i < std::min(end, shape.points) * w; ++i) {
    const T s = out[i];
    const T d1 = T(1) - s * s;
    const T yx = y[o.x + i];
    out[o.x + i] = d1 * yx;
    out[o.c + i] = d1 * (y[o.c + i] + two_alpha * s * yx * yx);
  }
}

// With d1 = σ' (∂d1/∂v = −2σ d1) and q = c + 2ασ y_x²:
//   ∂σ/∂v = d1,  ∂σ_x/∂v = −2σ d1 y_x,  ∂σ_x/∂y_x = d1,
//   ∂c(σ)/∂v = −2σ d1 q + 2α d1² y_x²,  ∂c(σ)/∂y_x = 4α d1 σ y_x,  ∂c(σ)/∂c = d1.
// A value-only row has ∂σ/∂v = d1 alone.
template <typename T>
inline void backward_rows(const T* __restrict y, const T* __restrict out, const T* __restrict g,
                          T* __restrict gy, JetShape shape, int64_t begin, int64_t end) {
  const Offsets o(shape);
  const int64_t w = shape.width;
  const T two_alpha = T(2 * shape.alpha);
  for (int64_t i = begin * w; i < std::min(end, shape.points) * w; ++i) {
    const T s = out[i];
    const T d1 = T(1) - s * s;
    const T yx = y[o.x + i];
    const T q = y[o.c + i] + two_alpha * s * yx * yx;
    const T gs = g[i], gx = g[o.x + i], gc = g[o.c + i];
    gy[i] = d1 * gs - T(2) * s * d1 * (gx * yx + gc * q) + two_alpha * gc * d1 * d1 * yx * yx;
    gy[o.x + i] = d1 * (gx + T(2) * two_alpha * gc * s * yx);
    gy[o.c + i] = d1 * gc;
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
