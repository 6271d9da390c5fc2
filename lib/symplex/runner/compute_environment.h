#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace symplex::runner {

// What the numbers of a sweep may depend on besides its spec, for the manifest: LibTorch's thread
// counts, the CPU's vector capability, the device, cuDNN and TF32 settings and whether
// deterministic algorithms were asked for.
nlohmann::json compute_environment(const std::string& device);

// The differences between two such records that can change results in their last bits (threads,
// CPU capability, device), as text; empty when there are none.
std::string environment_changes(const nlohmann::json& before, const nlohmann::json& now);

// Sets LibTorch's CPU threads and OpenBLAS's own pool to `threads` (LibTorch leaves OpenBLAS at
// every core, and a 2-thread OpenBLAS made an 8000x10 by 10x10 product 7x slower than one thread
// on the 2-core machine). OPENBLAS_NUM_THREADS is set too, so that a child process (the PyTorch
// reference of a bench) runs under the same threading.
void set_cpu_threads(int threads);

// TF32 tensor cores for CUDA's float32 matrix products (cuBLAS) and convolutions (cuDNN), both or
// neither; compute_environment reads the two flags back. LibTorch keeps the flags on the CPU too,
// where they change nothing.
void set_tf32(bool allowed);

}  // namespace symplex::runner
