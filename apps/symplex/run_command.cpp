#include <ATen/Context.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/cuda.h>

#include <algorithm>
#include <thread>

#include "commands.h"
#include "spec_loader.h"
#include "symplex/runner/stop_signal.h"
#include "symplex/runner/sweep_runner.h"
#include "workers.h"

namespace symplex::cli {
namespace {

std::string resolve_device(const std::string& requested) {
  const bool has_cuda = torch::cuda::is_available();
  if (requested == "cuda" && !has_cuda) {
    throw std::runtime_error("--device cuda was asked for, but LibTorch sees no CUDA device");
  }
  if (requested == "auto") return has_cuda ? "cuda" : "cpu";
  return requested;
}

// The -v or -q that gave this process its log level, so that workers log as their parent does.
std::vector<std::string> log_level_arguments() {
  const auto level = spdlog::get_level();
  if (level >= spdlog::level::warn) return {"--quiet"};
  if (level <= spdlog::level::debug) return {"--verbose"};
  return {};
}

// The command line of one worker of --jobs: the same sweep, run but not concluded.
std::vector<std::string> worker_arguments(const RunCommand& command,
                                          const std::filesystem::path& dir,
                                          const std::string& device, int threads) {
  std::vector<std::string> arguments = log_level_arguments();
  arguments.insert(arguments.end(),
                   {"run", command.spec, "--out", dir.string(), "--device", device,
                    "--checkpoint-every", fmt::format("{}", command.checkpoint_seconds),
                    "--threads", std::to_string(threads), "--worker"});
  for (const auto& override_text : command.overrides) {
    arguments.push_back("--set");
    arguments.push_back(override_text);
  }
  if (!command.shard.empty()) arguments.insert(arguments.end(), {"--shard", command.shard});
  if (command.deterministic) arguments.push_back("--deterministic");
  if (command.force) arguments.push_back("--force");
  return arguments;
}

}  // namespace

int run_command(const RunCommand& command, std::ostream& out, std::ostream& err) {
  runner::LoadedSpec spec;
  try {
    spec = load_spec(command.spec, command.overrides, kinds::runnable_kinds());
  } catch (const config::SpecInvalid& invalid) {
    print_problems(invalid, err);
    return kExitBadSpec;
  }
  const std::filesystem::path dir = command.out.empty()
                                        ? runner::default_sweep_dir(spec, command.results_root)
                                        : std::filesystem::path(command.out);

  runner::SweepOptions options;
  if (!command.shard.empty()) {
    try {
      options.shard = runner::parse_shard(command.shard);
    } catch (const std::invalid_argument& e) {
      err << "error: --shard " << command.shard << ": " << e.what() << "\n";
      return kExitBadSpec;
    }
  }

  if (command.dry_run) {
    const auto plans = spec.experiment->plan();
    out << fmt::format("{} ({}): {} runs -> {}\n", spec.name, spec.kind, plans.size(),
                       dir.string());
    for (size_t i = 0; i < plans.size(); ++i) {
      if (!options.shard.contains(i)) continue;
      out << fmt::format("  {:<28} {}\n", plans[i].id, spec.experiment->describe(plans[i]));
    }
    return kExitOk;
  }

  if (command.jobs > 1 && spec.experiment->timing_sensitive()) {
    err << "error: --jobs " << command.jobs << ": a " << spec.kind
        << " sweep measures time, and runs at once would share the cores; use --jobs 1\n";
    return kExitBadSpec;
  }
  options.dir = dir;
  options.device = resolve_device(command.device);
  options.force = command.force;
  options.checkpoint_seconds = command.checkpoint_seconds;
  if (command.deterministic) {
    at::globalContext().setDeterministicAlgorithms(true, /*warn_only=*/false);
    at::globalContext().setDeterministicCuDNN(true);
    at::globalContext().setBenchmarkCuDNN(false);
  }
  options.threads = command.threads;
  options.conclude = !command.worker;
  options.longest_first = command.worker;
  runner::install_stop_handlers(/*repeats_ignored=*/command.worker);
  try {
    runner::own_sweep_folder(spec, options);
  } catch (const runner::SweepOfAnotherSpec& e) {
    err << "error: " << e.what() << "\n";
    return kExitBadSpec;
  }
  bool a_worker_failed = false;
  if (command.jobs > 1) {
    // K processes on one folder run every run once (they claim runs); each gets its share of the
    // cores unless the spec or --threads says otherwise. This process then concludes.
    const int threads =
        command.threads > 0 ? command.threads
        : spec.threads > 0
            ? static_cast<int>(spec.threads)
            : std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / command.jobs);
    options.threads = threads;  // recorded in the manifest as the runs' count
    spdlog::info("{} worker processes with {} CPU thread{} each", command.jobs, threads,
                 threads == 1 ? "" : "s");
    std::vector<pid_t> workers;
    try {
      for (int i = 0; i < command.jobs; ++i)
        workers.push_back(start_worker(worker_arguments(command, dir, options.device, threads)));
    } catch (const std::exception&) {
      runner::request_stop();
      wait_for_workers(workers);
      throw;
    }
    const auto codes = wait_for_workers(workers);
    if (std::count(codes.begin(), codes.end(), kExitInterrupted) > 0) return kExitInterrupted;
    for (const int code : codes) {
      if (code == kExitBadSpec) return kExitBadSpec;
      a_worker_failed = a_worker_failed || code != kExitOk;
    }
    options.run_runs = false;
    options.a_worker_failed = a_worker_failed;
  }
  try {
    const auto result = runner::run_sweep(spec, options, out);
    if (!command.worker) out << "results: " << dir.string() << "\n";
    if (result.failed > 0) {
      spdlog::error("{} of {} runs failed; see manifest.json", result.failed, result.total);
      return kExitFailure;
    }
    if (result.lost > 0) return kExitFailure;
    // Without --shard the whole grid was asked for: runs that other processes hold (their claims
    // are in .claims/) are not done, and a script must not take the sweep for finished.
    const size_t unfinished = result.total - result.records.size();
    if (!command.worker && command.shard.empty() && unfinished > 0 && !a_worker_failed) {
      spdlog::error(
          "{} of {} runs are not finished: other processes hold them; run the same command again "
          "once they are done",
          unfinished, result.total);
      return kExitFailure;
    }
    return a_worker_failed ? kExitFailure : kExitOk;
  } catch (const runner::Interrupted&) {
    return kExitInterrupted;
  }
}

}  // namespace symplex::cli
