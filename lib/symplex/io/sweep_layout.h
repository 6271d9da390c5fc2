#pragma once

#include <filesystem>
#include <string>

namespace symplex::io {

// Where the files of one run of a sweep live.
struct RunLayout {
  std::filesystem::path dir;
  // Written last and atomically: a run is finished exactly when this file exists.
  std::filesystem::path summary_json() const { return dir / "summary.json"; }
  std::filesystem::path metrics_csv() const { return dir / "metrics.csv"; }
  // The state of an unfinished run (runner/run_checkpoint.h).
  std::filesystem::path checkpoint() const { return dir / "checkpoint.pt"; }
};

// Where the files of one sweep live (docs/usage.md, "The sweep folder").
struct SweepLayout {
  std::filesystem::path dir;

  std::filesystem::path manifest() const { return dir / "manifest.json"; }
  std::filesystem::path resolved_spec() const { return dir / "spec.resolved.json"; }
  std::filesystem::path summary_csv() const { return dir / "summary.csv"; }
  std::filesystem::path summary_json() const { return dir / "summary.json"; }
  std::filesystem::path report_md() const { return dir / "report.md"; }
  RunLayout run(const std::string& run_id) const { return {dir / run_id}; }
  // Held by the process running the run (io/run_claim.h).
  std::filesystem::path run_claim(const std::string& run_id) const {
    return dir / ".claims" / run_id;
  }
};

}  // namespace symplex::io
