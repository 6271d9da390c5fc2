#include "symplex/runner/compute_environment.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <dlfcn.h>
#include <fmt/format.h>
#include <torch/cuda.h>

#include <cstdlib>
#include <fstream>
#include <thread>

namespace symplex::runner {
namespace {

// The vector instructions LibTorch's CPU kernels dispatch to, as its build summary names them
// ("CPU capability usage: AVX2").
std::string cpu_capability() {
  const std::string config = at::show_config();
  const std::string label = "CPU capability usage: ";
  const auto at = config.find(label);
  if (at == std::string::npos) return "unknown";
  const auto start = at + label.size();
  return config.substr(start, config.find('\n', start) - start);
}

// The processor's name as the kernel reports it (Linux: /proc/cpuinfo), for the record of where
// a sweep ran.
std::string cpu_model() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) != 0) continue;
    const auto start = line.find_first_not_of(" \t:", line.find(':'));
    if (start != std::string::npos) return line.substr(start);
  }
  return "unknown";
}

}  // namespace

nlohmann::json compute_environment(const std::string& device) {
  auto& context = at::globalContext();
  return {{"device", device},
          {"cuda_devices", torch::cuda::device_count()},
          {"threads", at::get_num_threads()},
          {"interop_threads", at::get_num_interop_threads()},
          {"hardware_threads", std::thread::hardware_concurrency()},
          {"cpu_model", cpu_model()},
          {"cpu_capability", cpu_capability()},
          {"deterministic_algorithms", context.deterministicAlgorithms()},
          {"cudnn",
           {{"enabled", context.userEnabledCuDNN()},
            {"benchmark", context.benchmarkCuDNN()},
            {"deterministic", context.deterministicCuDNN()},
            {"allow_tf32", context.allowTF32CuDNN()}}},
          {"cublas_allow_tf32", context.allowTF32CuBLAS()}};
}

std::string environment_changes(const nlohmann::json& before, const nlohmann::json& now) {
  std::string changes;
  for (const char* key : {"device", "threads", "cpu_capability"}) {
    if (!before.contains(key) || before.at(key) == now.at(key)) continue;
    changes += fmt::format("{}{} {} (was {})", changes.empty() ? "" : ", ", key, now.at(key).dump(),
                           before.at(key).dump());
  }
  return changes;
}

void set_cpu_threads(int threads) {
  at::set_num_threads(threads);
  ::setenv("OPENBLAS_NUM_THREADS", std::to_string(threads).c_str(), 1);
  // Present when the BLAS LibTorch calls is OpenBLAS (libopenblas0-*), absent otherwise.
  using SetThreads = void (*)(int);
  if (auto* openblas =
          reinterpret_cast<SetThreads>(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
    openblas(threads);
}

void set_tf32(bool allowed) {
  auto& context = at::globalContext();
  context.setAllowTF32CuBLAS(allowed);
  context.setAllowTF32CuDNN(allowed);
}

}  // namespace symplex::runner
