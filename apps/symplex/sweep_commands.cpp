#include <fmt/format.h>

#include <optional>
#include <sstream>
#include <string>

#include "commands.h"
#include "spec_loader.h"
#include "symplex/config/spec_difference.h"
#include "symplex/io/atomic_file.h"
#include "symplex/io/manifest_file.h"
#include "symplex/io/summary_comparison.h"
#include "symplex/io/sweep_layout.h"
#include "symplex/kinds/kind_views.h"
#include "symplex/runner/plot_scripts.h"

namespace symplex::cli {

namespace {

// A sweep folder as written by symplex run: its spec, the records of its finished runs and the
// ids of the others.
struct SweepOnDisk {
  runner::LoadedSpec spec;
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
    sweep.spec = load_spec(layout.resolved_spec().string(), {}, kinds::runnable_kinds());
  } catch (const config::SpecInvalid& invalid) {
    print_problems(invalid, err);
    return std::nullopt;
  }
  for (const auto& plan : sweep.spec.experiment->plan()) {
    auto stored = io::read_run_record(layout, plan.id, plan.params);
    if (stored.record) {
      sweep.records.push_back(std::move(*stored.record));
      continue;
    }
    sweep.missing.push_back(plan.id);
    if (!stored.damage.empty()) {
      err << "warning: " << layout.run(plan.id).summary_json().string() << " is damaged ("
          << stored.damage << "); symplex run does the run again\n";
    }
  }
  return sweep;
}

// The comparison with a reference outcome as a table: per figure, how many runs agree to the last
// bit and the largest relative difference.
std::string comparison_text(const io::SummaryComparison& c,
                            const std::filesystem::path& reference) {
  std::string text = fmt::format("against {}:\n", reference.string());
  const auto list = [&](const char* what, const std::vector<std::string>& ids) {
    if (ids.empty()) return;
    text += fmt::format("  {} ({}):", what, ids.size());
    for (const auto& id : ids)
      text += " " + id;
    text += "\n";
  };
  list("runs only in this sweep", c.only_in_sweep);
  list("runs only in the reference", c.only_in_reference);
  list("runs with other parameters, not compared", c.params_differ);
  list("runs that finished in one and diverged in the other", c.status_differs);
  text += fmt::format("  {:<32} {:>5} {:>9} {:>14} {:>9}  {}\n", "figure", "runs", "bit-equal",
                      "max rel. diff", "unmatched", "in run");
  for (const auto& f : c.figures) {
    text += fmt::format("  {:<32} {:>5} {:>9} {:>14.3e} {:>9}  {}\n", f.figure, f.runs, f.equal,
                        f.max_relative_difference, f.unmatched,
                        f.worst_run.empty() ? "-" : f.worst_run);
  }
  return text;
}

// The sweep's manifest.json, or nothing, with a warning, when it is damaged: it is a log of the
// sweep that `symplex run` makes again from the spec and the runs.
std::optional<nlohmann::json> read_manifest(const io::SweepLayout& layout, std::ostream& err) {
  auto stored = io::read_manifest(layout);
  if (!stored.damage.empty()) {
    err << "warning: " << layout.manifest().string() << " is damaged (" << stored.damage
        << "); symplex run with the sweep's spec makes it again\n";
  }
  return std::move(stored.manifest);
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
  if (auto manifest = read_manifest(layout, err)) {
    for (auto& run : (*manifest)["runs"]) {
      for (const auto& record : sweep->records) {
        if (run.is_object() && run.value("id", nlohmann::json()) == record.id) {
          run["status"] = record.status;
          run["seconds"] = record.seconds;
        }
      }
    }
    (*manifest)["status"] = sweep->missing.empty() ? "finished" : "partial";
    io::write_file_atomic(layout.manifest(), manifest->dump(2) + "\n");
  }
  sweep->spec.experiment->conclude(sweep_dir, sweep->records, out);
  if (!sweep->missing.empty()) {
    err << "warning: the summary covers the finished runs only; " << missing_runs(*sweep) << "\n";
  }
  return kExitOk;
}

int report_command(const std::filesystem::path& sweep_dir,
                   const std::filesystem::path& reference_dir, std::ostream& out,
                   std::ostream& err) {
  const io::SweepLayout layout{sweep_dir};
  auto sweep = read_sweep(layout, err);
  if (!sweep) return kExitBadSpec;
  std::optional<std::vector<io::RunRecord>> reference;
  if (!reference_dir.empty()) {
    const io::SweepLayout reference_layout{reference_dir};
    std::filesystem::path reading = reference_layout.summary_json();
    try {
      reference = nlohmann::json::parse(io::read_file(reading)).get<std::vector<io::RunRecord>>();
      reading = reference_layout.resolved_spec();
      if (std::filesystem::is_regular_file(reading)) {
        const auto keys = config::differing_keys(nlohmann::json::parse(io::read_file(reading)),
                                                 sweep->spec.resolved);
        if (!keys.empty()) {
          err << "warning: " << reference_dir.string()
              << " was made from another spec (it differs in " << keys
              << "); figures of runs with the same id are compared\n";
        }
      }
    } catch (const std::exception& e) {
      err << "error: " << reading.string() << " is not as symplex writes it (" << e.what() << ")\n";
      return kExitBadSpec;
    }
  }
  if (!sweep->missing.empty()) {
    err << "error: " << sweep_dir.string() << " is not a finished sweep: " << missing_runs(*sweep)
        << "\n(run the same spec again to finish it, or use symplex summarize)\n";
    return kExitBadSpec;
  }
  const auto& spec = sweep->spec;
  std::ostringstream conclusion;
  spec.experiment->conclude(sweep_dir, sweep->records, conclusion);
  out << conclusion.str();
  const auto manifest = read_manifest(layout, err).value_or(nlohmann::json::object());
  const auto logged = [&](const char* key) {
    const auto value = manifest.value(key, nlohmann::json());
    return value.is_string() ? value.get<std::string>() : std::string("?");
  };
  std::string report = fmt::format(
      "# {} ({})\n\n{} runs; symplex {} ({}), LibTorch {}, device {}, started {}, ended {}.\n\n"
      "```text\n{}```\n",
      spec.name, spec.kind, sweep->records.size(), logged("symplex_version"), logged("git_sha"),
      logged("libtorch_version"), logged("device"), logged("started"), logged("ended"),
      conclusion.str());
  const auto& plot = kinds::kind_views().at(static_cast<size_t>(kinds::find_kind(spec.kind)));
  const auto script =
      plot.plot_script.empty() ? std::nullopt : runner::find_script(plot.plot_script);
  if (script) {
    report += "\n";
    for (const auto& png : runner::run_plot_script(*script, sweep_dir)) {
      report += fmt::format("![{}]({})\n", png.stem().string(), png.filename().string());
      out << png.string() << "\n";
    }
  }
  if (reference) {
    const auto comparison =
        comparison_text(io::compare_with_reference(sweep->records, *reference), reference_dir);
    out << comparison;
    report += "\n## Against a reference\n\n```text\n" + comparison + "```\n";
  }
  io::write_file_atomic(layout.report_md(), report);
  out << layout.report_md().string() << "\n";
  return kExitOk;
}

}  // namespace symplex::cli
