#include "symplex/models/jet_kernels.h"

#include <algorithm>
#include <stdexcept>

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

// Offsets of the first stream's rows and of the operator's rows, and the size of one stream's
// block, in elements.
struct Offsets {
  int64_t first, block, op;
  Offsets(const JetShape& s, int64_t streams)
      : first(s.value_rows * s.width), block(s.points * s.width), op(first + streams * block) {}
};

// Inlined into each clone of the entry points below, so that every clone vectorises its own copy.
#define SYMPLEX_INLINE inline __attribute__((always_inline))

// The number of streams is a template parameter, so that the loop over them unrolls and the loop
// over the elements vectorises.
template <int K, typename T>
SYMPLEX_INLINE void forward_rows(const T* __restrict y, T* __restrict out, const JetShape& shape,
                                 int64_t begin, int64_t end) {
  const Offsets o(shape, K);
  const int64_t w = shape.width;
  T weight[K];
  for (int j = 0; j < K; ++j)
    weight[j] = T(shape.square_weight[j]);
  for (int64_t i = begin * w; i < end * w; ++i)
    out[i] = fast_tanh(out[i]);
  for (int64_t i = begin * w; i < std::min(end, shape.points) * w; ++i) {
    const T s = out[i];
    const T d1 = T(1) - s * s;
    T q = y[o.op + i];
    for (int j = 0; j < K; ++j) {
      const T yj = y[o.first + j * o.block + i];
      out[o.first + j * o.block + i] = d1 * yj;
      q = q + weight[j] * s * yj * yj;
    }
    out[o.op + i] = d1 * q;
  }
}

// With d1 = σ' (∂d1/∂v = −2σ d1) and q = L + σ Σ_j w_j y_j²:
//   ∂σ/∂v = d1,  ∂σ_j/∂v = −2σ d1 y_j,  ∂σ_j/∂y_j = d1,
//   ∂L(σ)/∂v = −2σ d1 q + d1² Σ_j w_j y_j²,  ∂L(σ)/∂y_j = 2 w_j d1 σ y_j,  ∂L(σ)/∂L = d1.
// A value-only row has ∂σ/∂v = d1 alone.
template <int K, typename T>
SYMPLEX_INLINE void backward_rows(const T* __restrict y, const T* __restrict out,
                                  const T* __restrict g, T* __restrict gy, const JetShape& shape,
                                  int64_t begin, int64_t end) {
  const Offsets o(shape, K);
  const int64_t w = shape.width;
  T weight[K];
  for (int j = 0; j < K; ++j)
    weight[j] = T(shape.square_weight[j]);
  for (int64_t i = begin * w; i < std::min(end, shape.points) * w; ++i) {
    const T s = out[i];
    const T d1 = T(1) - s * s;
    const T gc = g[o.op + i];
    T q = y[o.op + i];
    T along = T(0);    // Σ_j g_j y_j
    T squares = T(0);  // Σ_j w_j gc d1² y_j²
    for (int j = 0; j < K; ++j) {
      const T yj = y[o.first + j * o.block + i];
      const T gj = g[o.first + j * o.block + i];
      q = q + weight[j] * s * yj * yj;
      along = j == 0 ? gj * yj : along + gj * yj;
      squares = j == 0 ? weight[j] * gc * d1 * d1 * yj * yj
                       : squares + weight[j] * gc * d1 * d1 * yj * yj;
      gy[o.first + j * o.block + i] = d1 * (gj + T(2) * weight[j] * gc * s * yj);
    }
    gy[i] = d1 * g[i] - T(2) * s * d1 * (along + gc * q) + squares;
    gy[o.op + i] = d1 * gc;
  }
  for (int64_t i = std::max(begin, shape.points) * w; i < end * w; ++i)
    gy[i] = (T(1) - out[i] * out[i]) * g[i];
}

template <typename T>
SYMPLEX_INLINE void forward_any(const T* y, T* out, const JetShape& shape, int64_t begin,
                                int64_t end) {
  switch (shape.streams) {
    case 1:
      return forward_rows<1>(y, out, shape, begin, end);
    case 2:
      return forward_rows<2>(y, out, shape, begin, end);
  }
  throw std::invalid_argument("a jet carries 1 or 2 first-derivative streams");
}

template <typename T>
SYMPLEX_INLINE void backward_any(const T* y, const T* out, const T* g, T* gy, const JetShape& shape,
                                 int64_t begin, int64_t end) {
  switch (shape.streams) {
    case 1:
      return backward_rows<1>(y, out, g, gy, shape, begin, end);
    case 2:
      return backward_rows<2>(y, out, g, gy, shape, begin, end);
  }
  throw std::invalid_argument("a jet carries 1 or 2 first-derivative streams");
}

}  // namespace

SYMPLEX_VECTOR_CLONES void tanh_streams_forward(const float* y, float* out, const JetShape& shape,
                                                int64_t begin, int64_t end) {
  forward_any(y, out, shape, begin, end);
}

SYMPLEX_VECTOR_CLONES void tanh_streams_forward(const double* y, double* out, const JetShape& shape,
                                                int64_t begin, int64_t end) {
  forward_any(y, out, shape, begin, end);
}

SYMPLEX_VECTOR_CLONES void tanh_streams_backward(const float* y, const float* out, const float* g,
                                                 float* gy, const JetShape& shape, int64_t begin,
                                                 int64_t end) {
  backward_any(y, out, g, gy, shape, begin, end);
}

SYMPLEX_VECTOR_CLONES void tanh_streams_backward(const double* y, const double* out,
                                                 const double* g, double* gy, const JetShape& shape,
                                                 int64_t begin, int64_t end) {
  backward_any(y, out, g, gy, shape, begin, end);
}

}  // namespace symplex::models::kernels
