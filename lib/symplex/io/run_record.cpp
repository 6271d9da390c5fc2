#include "symplex/io/run_record.h"

#include <algorithm>
#include <filesystem>

#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"

namespace symplex::io {

void to_json(nlohmann::json& j, const RunRecord& record) {
  j = {{"id", record.id},
       {"params", record.params},
       {"status", record.status},
       {"diverged_step",
        record.diverged_step ? nlohmann::json(*record.diverged_step) : nlohmann::json(nullptr)},
       {"figures", record.figures},
       {"seconds", record.seconds},
       {"started", record.started},
       {"ended", record.ended}};
}

void from_json(const nlohmann::json& j, RunRecord& record) {
  record.id = j.at("id").get<std::string>();
  record.params = j.at("params");
  record.status = j.at("status").get<std::string>();
  const auto& step = j.at("diverged_step");
  record.diverged_step =
      step.is_null() ? std::nullopt : std::optional<int64_t>(step.get<int64_t>());
  record.figures = j.at("figures");
  record.seconds = j.at("seconds").get<double>();
  record.started = j.at("started").get<std::string>();
  record.ended = j.at("ended").get<std::string>();
}

StoredRecord read_run_record(const SweepLayout& layout, const std::string& run_id,
                             const nlohmann::json& params) {
  const auto path = layout.run(run_id).summary_json();
  if (!std::filesystem::exists(path)) return {};
  RunRecord record;
  try {
    record = nlohmann::json::parse(read_file(path)).get<RunRecord>();
  } catch (const std::exception& e) {
    return {std::nullopt, e.what()};
  }
  if (record.id != run_id) {
    return {std::nullopt, "it is the record of run \"" + record.id + "\", not of " + run_id};
  }
  if (record.params != params) return {std::nullopt, "its parameters are not the run's"};
  if (record.status != "finished" && record.status != "diverged") {
    return {std::nullopt, "its status \"" + record.status + "\" is not finished or diverged"};
  }
  if (!record.figures.is_object() || (record.status == "finished" && record.figures.empty())) {
    return {std::nullopt, "it has no figures"};
  }
  return {std::move(record), ""};
}

void save_run_record(const SweepLayout& layout, const RunRecord& record) {
  write_file_atomic(layout.run(record.id).summary_json(), nlohmann::json(record).dump(2) + "\n");
}

std::vector<std::pair<std::string, nlohmann::json>> scalar_leaves(const nlohmann::json& value,
                                                                  const std::string& prefix) {
  std::vector<std::pair<std::string, nlohmann::json>> leaves;
  if (!value.is_object()) {
    if (!value.is_array()) leaves.emplace_back(prefix, value);
    return leaves;
  }
  for (const auto& [key, item] : value.items()) {
    auto inner = scalar_leaves(item, prefix.empty() ? key : prefix + "." + key);
    leaves.insert(leaves.end(), inner.begin(), inner.end());
  }
  return leaves;
}

namespace {

// A scalar as a CSV cell: numbers in their shortest exact form, null as an empty cell.
std::string cell_text(const nlohmann::json& value) {
  if (value.is_number_float()) return CsvCell(value.get<double>()).text;
  if (value.is_number_integer()) return CsvCell(value.get<int64_t>()).text;
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return "";
}

}  // namespace

void write_sweep_summary(const SweepLayout& layout, const std::vector<RunRecord>& records) {
  write_file_atomic(layout.summary_json(), nlohmann::json(records).dump(2) + "\n");

  std::vector<std::string> columns;
  std::vector<std::vector<std::pair<std::string, std::string>>> rows;
  for (const auto& record : records) {
    std::vector<std::pair<std::string, std::string>> cells = {
        {"id", record.id},
        {"status", record.status},
        {"diverged_step", record.diverged_step ? std::to_string(*record.diverged_step) : ""},
        {"seconds", CsvCell(record.seconds).text}};
    for (const auto* part : {&record.params, &record.figures}) {
      for (const auto& [name, value] : scalar_leaves(*part))
        cells.emplace_back(name, cell_text(value));
    }
    for (const auto& [name, text] : cells) {
      if (std::find(columns.begin(), columns.end(), name) == columns.end()) columns.push_back(name);
    }
    rows.push_back(std::move(cells));
  }
  std::vector<CsvCell> header(columns.begin(), columns.end());
  std::string text = csv_line(header);
  for (const auto& cells : rows) {
    std::vector<CsvCell> line(columns.size(), CsvCell(""));
    for (const auto& [name, value] : cells) {
      line[std::find(columns.begin(), columns.end(), name) - columns.begin()] = CsvCell(value);
    }
    text += csv_line(line);
  }
  write_file_atomic(layout.summary_csv(), text);
}

}  // namespace symplex::io
