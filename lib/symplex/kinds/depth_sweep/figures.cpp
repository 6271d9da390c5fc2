#include "symplex/kinds/depth_sweep/figures.h"

#include <fmt/format.h>

#include <cmath>

namespace symplex::kinds {

diagnostics::CensoredValue censored_figure(const io::RunRecord& record,
                                           const std::string& pointer) {
  const auto& figures = record.figures;
  const nlohmann::json::json_pointer value_at(pointer);
  const nlohmann::json::json_pointer flag_at(pointer + "_censored");
  const bool has_value = figures.contains(value_at) && figures.at(value_at).is_number();
  return {has_value ? figures.at(value_at).get<double>() : NAN,
          figures.contains(flag_at) && figures.at(flag_at).get<bool>()};
}

std::string censored_text(const diagnostics::CensoredValue& value) {
  return fmt::format("{}{:.3e}", value.censored ? "<" : "", value.value);
}

}  // namespace symplex::kinds
