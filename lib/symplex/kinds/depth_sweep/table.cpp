#include "symplex/kinds/depth_sweep/table.h"

#include <fmt/format.h>

#include <map>
#include <utility>

#include "symplex/kinds/depth_sweep/figures.h"

namespace symplex::kinds {
namespace {

struct Row {
  int64_t width = 0;
  int64_t parameters = 0;
  int diverged = 0;
  std::map<std::string, std::vector<diagnostics::CensoredValue>> values;
};

const std::vector<std::pair<std::string, std::string>> kColumns = {
    {"/final_loss", "loss"},
    {"/relative_l2", "rel L2"},
    {"/init/sigma_min", "σmin init"},
    {"/init/sigma_median", "σmed init"},
    {"/init/sigma_max", "σmax init"},
    {"/trained/sigma_min", "σmin trained"},
    {"/trained/sigma_median", "σmed trained"},
    {"/trained/sigma_max", "σmax trained"}};

std::string cell(const std::string& text) {
  return fmt::format(" {:>12}", text);
}

}  // namespace

std::string depth_sweep_table(const std::vector<io::RunRecord>& records) {
  std::map<std::pair<std::string, int64_t>, Row> rows;
  std::vector<std::pair<std::string, int64_t>> order;
  for (const auto& record : records) {
    const std::pair<std::string, int64_t> key{record.params["architecture"].get<std::string>(),
                                              record.params["depth"].get<int64_t>()};
    if (!rows.count(key)) order.push_back(key);
    Row& row = rows[key];
    row.width = record.params["width"].get<int64_t>();
    row.parameters = record.params["parameters"].get<int64_t>();
    if (record.status != "finished") {
      ++row.diverged;
      continue;
    }
    for (const auto& column : kColumns)
      row.values[column.first].push_back(censored_figure(record, column.first));
  }

  std::string text =
      fmt::format("{:<13} {:>5} {:>5} {:>7}", "architecture", "depth", "width", "params");
  for (const auto& column : kColumns)
    text += cell(column.second);
  text += "  runs\n";
  for (const auto& key : order) {
    const Row& row = rows[key];
    text +=
        fmt::format("{:<13} {:>5} {:>5} {:>7}", key.first, key.second, row.width, row.parameters);
    const size_t finished = row.values.empty() ? 0 : row.values.begin()->second.size();
    for (const auto& column : kColumns) {
      text += cell(finished == 0 ? "-"
                                 : censored_text(diagnostics::median(row.values.at(column.first))));
    }
    text += fmt::format("  {}", finished);
    if (row.diverged > 0) text += fmt::format(" (+{} diverged)", row.diverged);
    text += "\n";
  }
  return text;
}

}  // namespace symplex::kinds
