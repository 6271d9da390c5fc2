#pragma once

#include <array>
#include <cstdint>

// The elementwise loops of the fused tanh (models/jet.h) on raw arrays, free of LibTorch so that
// the compiler can vectorise them (built with -fno-trapping-math, and with GCC 11+ on x86-64 also
// for AVX2, chosen at load time). The arrays hold jet rows of `width` elements: `value_rows`
// values, the first `points` of which also have `streams` first-derivative rows and an operator
// row after them. Each call does value rows [begin, end) and their derivative rows, so that a
// caller can split the rows between threads.
namespace symplex::models::kernels {

inline constexpr int64_t kMaxStreams = 2;

struct JetShape {
  int64_t value_rows, points, width;
  int64_t streams;                                  // 1 to kMaxStreams
  std::array<double, kMaxStreams> square_weight{};  // w_j of L(σ) = σ' (L(y) + σ Σ_j w_j y_j²)
};

// out = tanh of the pre-activation rows y = (v, y_1, …, y_k, L):
//   σ = tanh(v),  σ_j = σ' y_j,  L(σ) = σ' (L + σ Σ_j w_j y_j²),  σ' = 1 − σ².
// The values v are read from out's value rows, where the caller has put them with the bias added
// (a loop over flat rows vectorises better than one that adds the bias itself); y's value rows
// are not read.
void tanh_streams_forward(const float* y, float* out, const JetShape& shape, int64_t begin,
                          int64_t end);
void tanh_streams_forward(const double* y, double* out, const JetShape& shape, int64_t begin,
                          int64_t end);

// The vector-Jacobian product of tanh_streams_forward: g is ∂L/∂out, gy receives ∂L/∂y.
void tanh_streams_backward(const float* y, const float* out, const float* g, float* gy,
                           const JetShape& shape, int64_t begin, int64_t end);
void tanh_streams_backward(const double* y, const double* out, const double* g, double* gy,
                           const JetShape& shape, int64_t begin, int64_t end);

}  // namespace symplex::models::kernels
