#pragma once

#include <filesystem>
#include <string>

namespace symplex::io {

// Where the files of one sweep live (DESIGN.md, "Runs and artifacts").
struct SweepLayout {
  std::filesystem::path dir;

  std::filesystem::path manifest() const { return dir / "manifest.json"; }
  std::filesystem::path resolved_spec() const { return dir / "spec.resolved.json"; }
  std::filesystem::path summary_csv() const { return dir / "summary.csv"; }
  std::filesystem::path summary_json() const { return dir / "summary.json"; }
  std::filesystem::path run_dir(const std::string& run_id) const { return dir / run_id; }
  // Written last and atomically: a run is finished exactly when this file exists.
  std::filesystem::path run_summary(const std::string& run_id) const {
    return run_dir(run_id) / "summary.json";
  }
  std::filesystem::path run_metrics(const std::string& run_id) const {
    return run_dir(run_id) / "metrics.csv";
  }
  // Held by the process running the run (io/run_claim.h).
  std::filesystem::path run_claim(const std::string& run_id) const {
    return dir / ".claims" / run_id;
  }
};

}  // namespace symplex::io
