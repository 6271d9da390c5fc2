#include "symplex/core/commands.h"

#include <ATen/Context.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/cuda.h>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <optional>
#include <sstream>
#include <thread>

#include "symplex/config/spec_problem.h"
#include "symplex/core/plot_scripts.h"
#include "symplex/core/spec_loader.h"
#include "symplex/core/stop_signal.h"
#include "symplex/core/sweep_runner.h"
#include "symplex/io/atomic_file.h"
#include "symplex/io/sweep_layout.h"

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

pid_t start_worker(const std::vector<std::string>& arguments) {
  std::vector<std::string> words = {"symplex"};
  words.insert(words.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& word : words)
    argv.push_back(word.data());
  argv.push_back(nullptr);
  const pid_t child = ::fork();
  if (child == 0) {
    // A group of its own: Ctrl-C reaches the parent alone, which passes one stop request on (a
    // second signal would end a worker before it saves its checkpoint).
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // and stops when the parent is killed
    ::execv("/proc/self/exe", argv.data());
    ::_exit(127);
  }
  if (child < 0) throw std::runtime_error("cannot start a worker process");
  return child;
}

// Waits for the workers, passing a stop request on to them; returns their exit codes. A worker
// ended by a signal counts as interrupted after a stop request and as failed otherwise.
std::vector<int> wait_for_workers(std::vector<pid_t> workers) {
  std::vector<int> codes;
  bool stop_passed_on = false;
  while (!workers.empty()) {
    if (stop_requested() && !stop_passed_on) {
      for (const pid_t worker : workers)
        ::kill(worker, SIGTERM);
      stop_passed_on = true;
    }
    bool any_done = false;
    for (auto it = workers.begin(); it != workers.end();) {
      int status = 0;
      if (::waitpid(*it, &status, WNOHANG) != *it) {
        ++it;
        continue;
      }
      any_done = true;
      if (WIFEXITED(status)) {
        codes.push_back(WEXITSTATUS(status));
      } else {
        spdlog::error("worker {} ended by signal {}", *it, WTERMSIG(status));
        codes.push_back(stop_requested() ? kExitInterrupted : kExitFailure);
      }
      it = workers.erase(it);
    }
    if (!any_done) ::usleep(100000);
  }
  return codes;
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

  SweepOptions options;
  if (!command.shard.empty()) {
    try {
      options.shard = parse_shard(command.shard);
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
  install_stop_handlers(/*repeats_ignored=*/command.worker);
  bool a_worker_failed = false;
  if (command.jobs > 1) {
    // K processes on one folder run every run once (they claim runs); each gets its share of the
    // cores unless the spec or --threads says otherwise. This process then concludes.
    const int threads =
        command.threads > 0 ? command.threads
        : spec.threads > 0
            ? static_cast<int>(spec.threads)
            : std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / command.jobs);
    if (spec.experiment->timing_sensitive()) {
      err << "error: --jobs " << command.jobs << ": a " << spec.kind
          << " sweep measures time, and runs at once would share the cores; use --jobs 1\n";
      return kExitBadSpec;
    }
    options.threads = threads;  // recorded in the manifest as the runs' count
    spdlog::info("{} worker processes with {} CPU thread{} each", command.jobs, threads,
                 threads == 1 ? "" : "s");
    std::vector<pid_t> workers;
    try {
      for (int i = 0; i < command.jobs; ++i)
        workers.push_back(start_worker(worker_arguments(command, dir, options.device, threads)));
    } catch (const std::exception&) {
      request_stop();
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
  }
  try {
    const auto result = run_sweep(spec, options, out);
    if (!command.worker) out << "results: " << dir.string() << "\n";
    if (result.failed > 0) {
      spdlog::error("{} of {} runs failed; see manifest.json", result.failed, result.total);
      return kExitFailure;
    }
    return a_worker_failed ? kExitFailure : kExitOk;
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
  for (const auto& entry : experiments::spec_kinds()) {
    if (!kind.empty() && entry.name != kind) continue;
    found = true;
    out << entry.name << ": " << entry.summary << "\n";
    for (const auto& key : experiments::describe_kind(entry)) {
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

namespace {

// A sweep folder as written by symplex run: its spec, the records of its finished runs and the
// ids of the others.
struct SweepOnDisk {
  LoadedSpec spec;
  std::vector<io::RunRecord> records;
  std::vector<std::string> missing;
};

// Reads a sweep folder; prints why and returns nothing when it is not one.
std::optional<SweepOnDisk> read_sweep(const io::SweepLayout& layout, std::ostream& err) {
  if (!std::filesystem::is_regular_file(layout.manifest()) ||
      !std::filesystem::is_regular_file(layout.resolved_spec())) {
    err << "error: " << layout.dir.string()
        << " is not a sweep folder (it needs manifest.json and spec.resolved.json, as written "
           "by symplex run)\n";
    return std::nullopt;
  }
  SweepOnDisk sweep;
  try {
    sweep.spec = load_spec(layout.resolved_spec().string(), {});
  } catch (const config::SpecInvalid& invalid) {
    print_problems(invalid, err);
    return std::nullopt;
  }
  for (const auto& plan : sweep.spec.experiment->plan()) {
    if (auto record = io::load_run_record(layout, plan.id)) {
      sweep.records.push_back(std::move(*record));
    } else {
      sweep.missing.push_back(plan.id);
    }
  }
  return sweep;
}

std::string missing_runs(const SweepOnDisk& sweep) {
  std::string text = fmt::format("{} of {} runs have no summary.json:", sweep.missing.size(),
                                 sweep.missing.size() + sweep.records.size());
  for (const auto& id : sweep.missing)
    text += " " + id;
  return text;
}

}  // namespace

int summarize_command(const std::filesystem::path& sweep_dir, std::ostream& out,
                      std::ostream& err) {
  const io::SweepLayout layout{sweep_dir};
  auto sweep = read_sweep(layout, err);
  if (!sweep) return kExitBadSpec;
  io::write_sweep_summary(layout, sweep->records);
  // Processes that shared the folder each wrote the manifest as they saw it; bring it up to date.
  auto manifest = nlohmann::json::parse(io::read_file(layout.manifest()));
  for (auto& run : manifest["runs"]) {
    for (const auto& record : sweep->records) {
      if (record.id == run.value("id", "")) {
        run["status"] = record.status;
        run["seconds"] = record.seconds;
      }
    }
  }
  manifest["status"] = sweep->missing.empty() ? "finished" : "partial";
  io::write_file_atomic(layout.manifest(), manifest.dump(2) + "\n");
  sweep->spec.experiment->conclude(sweep_dir, sweep->records, out);
  if (!sweep->missing.empty()) {
    err << "warning: the summary covers the finished runs only; " << missing_runs(*sweep) << "\n";
  }
  return kExitOk;
}

int report_command(const std::filesystem::path& sweep_dir, std::ostream& out, std::ostream& err) {
  const io::SweepLayout layout{sweep_dir};
  auto sweep = read_sweep(layout, err);
  if (!sweep) return kExitBadSpec;
  if (!sweep->missing.empty()) {
    err << "error: " << sweep_dir.string() << " is not a finished sweep: " << missing_runs(*sweep)
        << "\n(run the same spec again to finish it, or use symplex summarize)\n";
    return kExitBadSpec;
  }
  const auto& spec = sweep->spec;
  std::ostringstream conclusion;
  spec.experiment->conclude(sweep_dir, sweep->records, conclusion);
  out << conclusion.str();
  const auto manifest = nlohmann::json::parse(io::read_file(layout.manifest()));
  std::string report = fmt::format(
      "# {} ({})\n\n{} runs; symplex {} ({}), LibTorch {}, device {}, started {}, ended {}.\n\n"
      "```text\n{}```\n",
      spec.name, spec.kind, sweep->records.size(), manifest.value("symplex_version", "?"),
      manifest.value("git_sha", "?"), manifest.value("libtorch_version", "?"),
      manifest.value("device", "?"), manifest.value("started", "?"),
      manifest["ended"].is_string() ? manifest["ended"].get<std::string>() : "?", conclusion.str());
  if (const auto script = plot_script(spec.kind)) {
    report += "\n";
    for (const auto& png : run_plot_script(*script, sweep_dir)) {
      report += fmt::format("![{}]({})\n", png.stem().string(), png.filename().string());
      out << png.string() << "\n";
    }
  }
  io::write_file_atomic(sweep_dir / "report.md", report);
  out << (sweep_dir / "report.md").string() << "\n";
  return kExitOk;
}

}  // namespace symplex::core
