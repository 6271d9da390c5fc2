#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "symplex/io/sweep_layout.h"

namespace symplex::io {

// The outcome of one run of a sweep, as stored in its summary.json.
struct RunRecord {
  std::string id;
  nlohmann::json params = nlohmann::json::object();   // the grid point and what follows from it
  std::string status;                                 // finished | diverged
  std::optional<int64_t> diverged_step;               // first step with a non-finite loss
  nlohmann::json figures = nlohmann::json::object();  // the run's final measurements
  double seconds = 0.0;
  std::string started;
  std::string ended;
};

void to_json(nlohmann::json& j, const RunRecord& record);
void from_json(const nlohmann::json& j, RunRecord& record);

// A run's summary.json as read back.
struct StoredRecord {
  std::optional<RunRecord> record;  // the run's record when its summary.json is there and whole
  std::string damage;               // what is wrong with a summary.json that is there but unusable
};

// The record of run `run_id`, the grid point `params`, checked against them: a summary.json that
// does not parse, lacks a field, names another run or other parameters, or of a finished run
// without figures, is damaged (a file is never trusted for a path or a grid point).
StoredRecord read_run_record(const SweepLayout& layout, const std::string& run_id,
                             const nlohmann::json& params);
void save_run_record(const SweepLayout& layout, const RunRecord& record);

// The scalar leaves of a JSON object as (dotted name, value) pairs, in the object's order, e.g.
// ("trained.sigma_min", 0.21); arrays are left out.
std::vector<std::pair<std::string, nlohmann::json>> scalar_leaves(const nlohmann::json& value,
                                                                  const std::string& prefix = "");

// summary.json (the records) and summary.csv (one row per run, params and figures flattened).
void write_sweep_summary(const SweepLayout& layout, const std::vector<RunRecord>& records);

}  // namespace symplex::io
