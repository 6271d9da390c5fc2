#include "symplex/core/commands.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/cuda.h>

#include "symplex/config/spec_problem.h"
#include "symplex/core/spec_loader.h"
#include "symplex/core/stop_signal.h"
#include "symplex/core/sweep_runner.h"

namespace symplex::core {
namespace {

std::string resolve_device(const std::string& requested) {
  const bool has_cuda = torch::cuda::is_available();
  if (requested == "cuda" && !has_cuda) {
    throw std::runtime_error("--device cuda was asked for, but LibTorch sees no CUDA device");
  }
  if (requested == "auto") return has_cuda ? "cuda" : "cpu";
  return requested;
}

void print_problems(const config::SpecInvalid& invalid, std::ostream& err) {
  for (const auto& problem : invalid.problems())
    err << "error: " << problem.to_string() << "\n";
}

}  // namespace

int run_command(const RunCommand& command, std::ostream& out, std::ostream& err) {
  LoadedSpec spec;
  try {
    spec = load_spec(command.spec, command.overrides);
  } catch (const config::SpecInvalid& invalid) {
    print_problems(invalid, err);
    return kExitBadSpec;
  }
  const std::filesystem::path dir = command.out.empty()
                                        ? default_sweep_dir(spec, command.results_root)
                                        : std::filesystem::path(command.out);

  if (command.dry_run) {
    const auto plans = spec.experiment->plan();
    out << fmt::format("{} ({}): {} runs -> {}\n", spec.name, spec.kind, plans.size(),
                       dir.string());
    for (const auto& plan : plans) {
      out << fmt::format("  {:<28} {}\n", plan.id, spec.experiment->describe(plan));
    }
    return kExitOk;
  }

  SweepOptions options;
  options.dir = dir;
  options.device = resolve_device(command.device);
  options.force = command.force;
  install_stop_handlers();
  try {
    const auto result = run_sweep(spec, options, out);
    out << "results: " << dir.string() << "\n";
    if (result.failed > 0) {
      spdlog::error("{} of {} runs failed; see manifest.json", result.failed, result.total);
      return kExitFailure;
    }
    return kExitOk;
  } catch (const Interrupted&) {
    return kExitInterrupted;
  }
}

int validate_command(const std::vector<std::string>& specs,
                     const std::vector<std::string>& overrides, std::ostream& out,
                     std::ostream& err) {
  int code = kExitOk;
  for (const auto& path : specs) {
    try {
      const auto spec = load_spec(path, overrides);
      out << fmt::format("{}: valid {} spec, {} runs\n", path, spec.kind,
                         spec.experiment->plan().size());
    } catch (const config::SpecInvalid& invalid) {
      print_problems(invalid, err);
      code = kExitBadSpec;
    }
  }
  return code;
}

int list_command(const std::string& kind, std::ostream& out, std::ostream& err) {
  bool found = kind.empty();
  for (const auto& entry : experiment_kinds()) {
    if (!kind.empty() && entry.name != kind) continue;
    found = true;
    out << entry.name << ": " << entry.summary << "\n";
    for (const auto& key : describe_kind(entry)) {
      if (key.type == "mapping") {
        out << fmt::format("  {}:  {}\n", key.path, key.doc);
      } else {
        out << fmt::format("  {:<32} {:<16} {:<24} {}\n", key.path, key.type, key.default_value,
                           key.doc);
      }
    }
    out << "\n";
  }
  if (!found) {
    err << "error: no experiment kind '" << kind << "'\n";
    return kExitBadSpec;
  }
  return kExitOk;
}

}  // namespace symplex::core
