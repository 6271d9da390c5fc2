#include "symplex/runner/sweep_runner.h"

#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <set>
#include <thread>

#include "symplex/config/spec_difference.h"
#include "symplex/io/atomic_file.h"
#include "symplex/io/manifest_file.h"
#include "symplex/io/run_claim.h"
#include "symplex/runner/build_info.h"
#include "symplex/runner/compute_environment.h"
#include "symplex/runner/error_message.h"
#include "symplex/runner/run_checkpoint.h"
#include "symplex/runner/stop_signal.h"

namespace symplex::runner {
namespace {

using Clock = std::chrono::steady_clock;

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

std::string duration_text(double seconds) {
  const auto total = static_cast<long>(seconds + 0.5);
  if (total < 60) return fmt::format("{}s", total);
  if (total < 3600) return fmt::format("{}m{:02}s", total / 60, total % 60);
  return fmt::format("{}h{:02}m", total / 3600, (total % 3600) / 60);
}

uint64_t fnv1a(const std::string& text) {
  uint64_t hash = 1469598103934665603ull;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

nlohmann::json distinct_param(const std::vector<RunPlan>& plans, const std::string& key) {
  std::set<nlohmann::json> values;
  for (const auto& plan : plans) {
    if (plan.params.contains(key)) values.insert(plan.params.at(key));
  }
  return nlohmann::json(std::vector<nlohmann::json>(values.begin(), values.end()));
}

// The sweep's manifest.json, rewritten atomically whenever a run changes state.
class Manifest {
 public:
  Manifest(const LoadedSpec& spec, const SweepOptions& options, const std::vector<RunPlan>& plans,
           const io::SweepLayout& layout)
      : layout_(layout) {
    auto stored = io::read_manifest(layout);
    if (!stored.damage.empty()) {
      // Everything in it is rebuilt from the spec and the runs' own records.
      spdlog::warn("{} is damaged ({}); it is made again from the runs", layout.manifest().string(),
                   stored.damage);
    }
    previous_ = std::move(stored.manifest).value_or(nlohmann::json::object());
    json_ = {{"symplex_version", symplex_version()},
             {"git_sha", git_sha()},
             {"libtorch_version", libtorch_version()},
             {"spec_file", spec.file},
             {"kind", spec.kind},
             {"name", spec.name},
             {"spec", spec.resolved},
             {"device", options.device},
             {"environment", compute_environment(options.device)},
             {"dtypes", distinct_param(plans, "dtype")},
             {"tf32", distinct_param(plans, "tf32")},  // empty where a kind has no such switch
             {"memory_formats", distinct_param(plans, "memory_format")},
             {"seeds", distinct_param(plans, "seed")},
             {"started", previous_.contains("started") && previous_["started"].is_string()
                             ? previous_["started"]
                             : nlohmann::json(utc_now())},
             {"ended", nullptr},
             {"status", "running"},
             {"runs", nlohmann::json::array()}};
    for (const auto& plan : plans) {
      json_["runs"].push_back({{"id", plan.id}, {"params", plan.params}, {"status", "pending"}});
    }
  }

  // The compute environment that sweep last ran in, if any.
  nlohmann::json previous_environment() const {
    const auto environment = previous_.value("environment", nlohmann::json::object());
    return environment.is_object() ? environment : nlohmann::json::object();
  }
  const nlohmann::json& environment() const { return json_.at("environment"); }

  // Records a run's state in memory; set_run also saves the manifest.
  void note_run(size_t index, const std::string& status, const nlohmann::json& extra = {}) {
    auto& run = json_["runs"][index];
    run["status"] = status;
    if (extra.is_object()) run.update(extra);
  }
  void set_run(size_t index, const std::string& status, const nlohmann::json& extra = {}) {
    note_run(index, status, extra);
    save();
  }

  void end(const std::string& status) {
    json_["status"] = status;
    json_["ended"] = utc_now();
    save();
  }

  void save() const { io::write_file_atomic(layout_.manifest(), json_.dump(2) + "\n"); }

 private:
  io::SweepLayout layout_;
  nlohmann::json previous_ = nlohmann::json::object();
  nlohmann::json json_;
};

// A claim not refreshed for this long belongs to a process that died; its run is taken over.
constexpr std::chrono::seconds kClaimStaleAfter{300};
constexpr std::chrono::seconds kHeartbeatEvery{30};

// Refreshes a run's claim from a thread of its own while the run computes.
class Heartbeat {
 public:
  explicit Heartbeat(const io::RunClaim& claim)
      : thread_([this, &claim] {
          std::unique_lock<std::mutex> lock(mutex_);
          while (!wake_.wait_for(lock, kHeartbeatEvery, [this] { return stopping_; }))
            claim.heartbeat();
        }) {}
  ~Heartbeat() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// The spec as far as it decides the runs: its free-text description left out, so that editing
// the description does not make a sweep folder refuse the spec it was made from.
nlohmann::json run_defining(nlohmann::json spec) {
  if (spec.is_object()) spec.erase("description");
  return spec;
}

// The record of run `plan` when it has finished, read without changing anything (other processes
// may be at the run).
std::optional<io::RunRecord> finished_record(const io::SweepLayout& layout, const RunPlan& plan) {
  return io::read_run_record(layout, plan.id, plan.params).record;
}

// Sets a run's folder aside as <run>.damaged, keeping what is in it for a look; the run is then
// done afresh in a new folder. Only for a run whose claim this process holds.
void set_run_folder_aside(const io::RunLayout& run, const std::string& damage,
                          const char* consequence) {
  const auto aside = io::set_aside(run.dir);
  spdlog::warn("{}; the run's folder is set aside as {}, and the run {}", damage,
               aside.filename().string(), consequence);
}

}  // namespace

void own_sweep_folder(const LoadedSpec& spec, const SweepOptions& options) {
  const io::SweepLayout layout{options.dir};
  std::filesystem::create_directories(layout.dir);
  const auto refuse_other = [&](const nlohmann::json& held) {
    if (held.is_null() || run_defining(held) == run_defining(spec.resolved) || options.force)
      return;
    throw SweepOfAnotherSpec(fmt::format(
        "{} holds a sweep of a different spec (it differs in {}); use another --out, or --force "
        "to resume it with this spec",
        layout.dir.string(),
        config::differing_keys(run_defining(held), run_defining(spec.resolved))));
  };
  // A folder whose spec record is gone (deleted by hand) still names its spec in the manifest.
  // (A damaged one cannot say; run_sweep makes it again.)
  if (!std::filesystem::exists(layout.resolved_spec())) {
    if (const auto stored = io::read_manifest(layout); stored.manifest)
      refuse_other(stored.manifest->value("spec", nlohmann::json()));
  }
  const std::string record = spec.resolved.dump(2) + "\n";
  if (io::create_file_atomic(layout.resolved_spec(), record)) return;
  nlohmann::json held;
  try {
    held = nlohmann::json::parse(io::read_file(layout.resolved_spec()));
  } catch (const std::exception& e) {
    if (!options.force) {
      throw SweepOfAnotherSpec(fmt::format(
          "{} is damaged ({}), so the spec of the runs in {} is unknown; use another --out, or "
          "--force to resume it with this spec",
          layout.resolved_spec().string(), e.what(), layout.dir.string()));
    }
  }
  refuse_other(held);
  if (held != spec.resolved) io::write_file_atomic(layout.resolved_spec(), record);
}

std::filesystem::path default_sweep_dir(const LoadedSpec& spec, const std::filesystem::path& root) {
  const std::string stem = std::filesystem::path(spec.file).stem().string();
  const std::string hash = fmt::format("{:016x}", fnv1a(spec.resolved.dump())).substr(0, 8);
  return root / spec.name / (stem + "-" + hash);
}

SweepResult run_sweep(const LoadedSpec& spec, const SweepOptions& options, std::ostream& out) {
  const io::SweepLayout layout{options.dir};
  std::filesystem::create_directories(layout.dir);
  const int64_t threads = options.threads > 0 ? options.threads : spec.threads;
  if (threads > 0) set_cpu_threads(static_cast<int>(threads));
  const auto plans = spec.experiment->plan();
  Manifest manifest(spec, options, plans, layout);
  if (const auto changes =
          environment_changes(manifest.previous_environment(), manifest.environment());
      !changes.empty()) {
    spdlog::warn(
        "resuming {} with {}: runs finished before may differ from new ones in their "
        "last bits",
        layout.dir.string(), changes);
  }
  manifest.save();

  SweepResult result;
  result.total = plans.size();
  std::vector<size_t> to_run;
  size_t finished_before = 0;
  for (size_t i = 0; i < plans.size(); ++i) {
    if (auto record = finished_record(layout, plans[i])) {
      std::filesystem::remove(layout.run(plans[i].id).checkpoint());
      manifest.set_run(i, record->status, {{"seconds", record->seconds}});
      ++finished_before;
    } else if (options.run_runs && options.shard.contains(i)) {
      to_run.push_back(i);
    }
  }
  if (options.longest_first) {
    // Workers sharing a grid finish together when no long run is left for last.
    std::stable_sort(to_run.begin(), to_run.end(), [&](size_t a, size_t b) {
      return spec.experiment->relative_cost(plans[a]) > spec.experiment->relative_cost(plans[b]);
    });
  }
  const std::string shard =
      options.shard.count > 1
          ? fmt::format(" (shard {}/{})", options.shard.index, options.shard.count)
          : "";
  spdlog::info("{}: {} runs, {} finished before, {} to run{}, in {}", spec.name, plans.size(),
               finished_before, to_run.size(), shard, layout.dir.string());

  double cost_to_run = 0.0;
  for (const size_t i : to_run)
    cost_to_run += spec.experiment->relative_cost(plans[i]);
  // With --jobs, workers share to_run: progress and ETA count every run of it that any of them
  // has finished (it has a record) and the runs that failed here, so that each worker's line
  // speaks for the whole sweep.
  size_t failed_here = 0;
  double failed_cost_here = 0.0;
  const auto progress = [&] {
    std::pair<size_t, double> runs_and_cost{failed_here, failed_cost_here};
    for (const size_t j : to_run) {
      if (!std::filesystem::exists(layout.run(plans[j].id).summary_json())) continue;
      ++runs_and_cost.first;
      runs_and_cost.second += spec.experiment->relative_cost(plans[j]);
    }
    return runs_and_cost;
  };
  const auto sweep_start = Clock::now();
  const std::string owner = io::claim_owner();
  for (const size_t i : to_run) {
    const auto& plan = plans[i];
    if (stop_requested()) {
      manifest.end("interrupted");
      spdlog::warn("stopped before {}; finished runs are kept, run the same command to resume",
                   plan.id);
      throw Interrupted();
    }
    auto claim = io::RunClaim::try_acquire(layout.run_claim(plan.id), owner, kClaimStaleAfter);
    const auto stored =
        claim ? io::read_run_record(layout, plan.id, plan.params) : io::StoredRecord{};
    if (!claim || stored.record) {
      spdlog::info("{} is run or was finished by another process; skipping it", plan.id);
      continue;
    }
    const Heartbeat heartbeat(*claim);
    const auto run_files = layout.run(plan.id);
    // Another process may be running the run (from its checkpoint): nothing of it is touched.
    const auto leave_to_other_process = [&](const io::ClaimLost& lost) {
      ++result.lost;
      manifest.set_run(i, "pending");
      spdlog::error("{} stopped: {}", plan.id, lost.what());
    };
    if (!claim->held()) {
      leave_to_other_process(io::ClaimLost(claim->file()));
      continue;
    }
    if (!stored.damage.empty()) {
      set_run_folder_aside(
          run_files,
          fmt::format("{} is damaged ({})", run_files.summary_json().string(), stored.damage),
          "is done again");
    }
    // An unfinished earlier attempt either left a checkpoint the run goes on from, or nothing
    // to keep; the half-written files of one killed mid-write are never kept.
    if (!std::filesystem::exists(run_files.checkpoint())) {
      std::filesystem::remove_all(run_files.dir);
    } else {
      io::remove_temporaries(run_files.dir);
    }
    std::filesystem::create_directories(run_files.dir);
    io::RunRecord record;
    record.id = plan.id;
    record.params = plan.params;
    record.started = utc_now();
    manifest.set_run(i, "running", {{"started", record.started}});
    const auto run_start = Clock::now();
    try {
      const auto run = [&] {
        return spec.experiment->run(
            plan, {run_files, options.device, options.checkpoint_seconds, &*claim});
      };
      RunOutcome outcome;
      try {
        outcome = run();
      } catch (const DamagedCheckpoint& damaged) {
        set_run_folder_aside(run_files, damaged.what(), "starts over");
        std::filesystem::create_directories(run_files.dir);
        outcome = run();
      }
      if (!claim->held()) throw io::ClaimLost(claim->file());
      record.status = outcome.status;
      record.diverged_step = outcome.diverged_step;
      record.figures = outcome.figures;
    } catch (const Interrupted&) {
      manifest.set_run(i, "interrupted");
      manifest.end("interrupted");
      spdlog::warn(
          "stopped during {}; finished runs are kept, run the same command to resume (a run "
          "with a checkpoint goes on from it)",
          plan.id);
      throw;
    } catch (const io::ClaimLost& lost) {
      leave_to_other_process(lost);
      continue;
    } catch (const std::exception& e) {
      // A write that failed (a full disk, a size limit) keeps the run's last checkpoint, whole
      // by construction, to go on from once there is room. After any other failure the next
      // attempt starts afresh: the checkpoint may be what the failure came from.
      const bool write_failed = dynamic_cast<const io::WriteError*>(&e) != nullptr;
      if (!write_failed) std::filesystem::remove(run_files.checkpoint());
      ++result.failed;
      ++failed_here;
      failed_cost_here += spec.experiment->relative_cost(plan);
      const std::string message = error_message(e);
      manifest.set_run(i, "failed", {{"error", message}});
      spdlog::error(
          "[{}/{}] {} failed: {}{}", progress().first, to_run.size(), plan.id, message,
          write_failed ? " (its checkpoint is kept: the same command goes on from it)" : "");
      continue;
    }
    record.seconds = std::chrono::duration<double>(Clock::now() - run_start).count();
    record.ended = utc_now();
    io::save_run_record(layout, record);
    std::filesystem::remove(run_files.checkpoint());
    manifest.set_run(i, record.status, {{"seconds", record.seconds}, {"ended", record.ended}});
    const auto [done, cost_done] = progress();
    const double elapsed = std::chrono::duration<double>(Clock::now() - sweep_start).count();
    const double eta = elapsed / cost_done * std::max(0.0, cost_to_run - cost_done);
    spdlog::info("[{}/{}] {} {}: {} | {} | elapsed {}, ETA {}", done, to_run.size(), plan.id,
                 record.status, spec.experiment->headline(record), duration_text(record.seconds),
                 duration_text(elapsed), duration_text(eta));
  }

  // Runs other processes finished meanwhile (shards, concurrent runs) count as this one's do.
  for (size_t i = 0; i < plans.size(); ++i) {
    if (auto record = finished_record(layout, plans[i])) {
      manifest.note_run(i, record->status, {{"seconds", record->seconds}});
      result.records.push_back(*record);
    }
  }
  if (!options.conclude) {
    manifest.end("partial");
    return result;
  }
  // Runs missing after --jobs workers failed in a worker (its log says why); the sweep is put
  // together from the others, as a sweep with failed runs of its own is.
  if (result.records.size() < plans.size() && result.failed == 0 && !options.a_worker_failed) {
    spdlog::info(
        "{}{} done; {} runs of the sweep are not finished yet (other shards): "
        "symplex summarize {} once they are",
        spec.name, shard, plans.size() - result.records.size(), layout.dir.string());
    manifest.end("partial");
    return result;
  }
  io::write_sweep_summary(layout, result.records);
  manifest.end(result.failed == 0 && !options.a_worker_failed ? "finished" : "failed");
  spec.experiment->conclude(layout.dir, result.records, out);
  return result;
}

}  // namespace symplex::runner
