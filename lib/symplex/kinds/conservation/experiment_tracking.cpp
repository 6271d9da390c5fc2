#include "symplex/kinds/conservation/experiment_tracking.h"

#include <torch/torch.h>

#include <cmath>
#include <limits>

#include "symplex/diagnostics/median.h"

namespace symplex::kinds {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool all_nan(const std::vector<double>& values) {
  for (const double v : values) {
    if (!std::isnan(v)) return false;
  }
  return true;
}

// The median of the values that are not NaN (0/0 where a unit's terms are all zero).
double median_of(const std::vector<double>& values) {
  std::vector<double> kept;
  for (const double v : values) {
    if (!std::isnan(v)) kept.push_back(v);
  }
  return diagnostics::median(kept);
}

double worst(const std::vector<double>& values) {
  double out = kNaN;
  for (const double v : values) {
    if (!std::isnan(v) && !(v <= out)) out = v;
  }
  return out;
}

std::vector<double> ratio(const std::vector<double>& numerator,
                          const std::vector<double>& denominator) {
  std::vector<double> out(numerator.size());
  for (size_t u = 0; u < out.size(); ++u)
    out[u] = std::fabs(numerator[u]) / denominator[u];
  return out;
}

}  // namespace

const std::vector<std::string> kFamilyColumns = {"step",
                                                 "t",
                                                 "family",
                                                 "symmetry",
                                                 "units",
                                                 "measured_median",
                                                 "recursion_median",
                                                 "recursion_worst",
                                                 "modified_flow_median",
                                                 "modified_flow_worst",
                                                 "gradient_flow_median",
                                                 "gradient_flow_worst",
                                                 "constraint_median",
                                                 "constraint_worst",
                                                 "charge_median",
                                                 "charge_worst"};
const std::vector<std::string> kUnitColumns = {"step",
                                               "t",
                                               "family",
                                               "unit",
                                               "measured",
                                               "magnitude",
                                               "recursion",
                                               "modified_flow",
                                               "gradient_flow",
                                               "charge_measured",
                                               "charge_predicted"};

ElementTerms ElementTerms::of(const std::vector<torch::Tensor>& tensors) {
  ElementTerms terms;
  for (const auto& t : tensors) {
    // A copy even of a float64 tensor: the terms outlive the optimizer's next in-place step.
    auto x = t.detach().to(torch::kFloat64, /*non_blocking=*/false, /*copy=*/true);
    terms.magnitude.push_back(x.abs());
    terms.square.push_back(x * x);
    terms.value.push_back(std::move(x));
  }
  return terms;
}

GradientTerms GradientTerms::of(const ElementTerms& parameters,
                                const std::vector<torch::Tensor>& gradients) {
  GradientTerms terms{ElementTerms::of(gradients), {}, {}};
  for (size_t i = 0; i < gradients.size(); ++i) {
    terms.inner.push_back(parameters.value[i] * terms.gradient.value[i]);
    terms.inner_magnitude.push_back(terms.inner.back().abs());
  }
  return terms;
}

FamilyTracker::FamilyTracker(diagnostics::SymmetryFamily family,
                             const diagnostics::UpdateConstants& constants,
                             const ElementTerms& parameters, const ElementTerms* momenta)
    : family_(std::move(family)) {
  diagnostics::unit_count(family_, parameters.value);  // throws when the pieces disagree
  remeasure(parameters, momenta);
  const bool leapfrog_translation =
      constants.rule == diagnostics::UpdateRule::leapfrog && !squares() && momenta != nullptr;
  predictions_.emplace(family_.symmetry, constants, measured_,
                       leapfrog_translation ? charge_ : std::vector<double>{});
  constraint_.assign(measured_.size(), kNaN);
}

void FamilyTracker::record_gradient(const GradientTerms& terms) {
  if (squares()) {
    constraint_ = ratio(diagnostics::unit_sums(family_, terms.inner),
                        diagnostics::unit_sums(family_, terms.inner_magnitude, false));
    forcing_.gradient_square = diagnostics::unit_sums(family_, terms.gradient.square);
  } else {
    constraint_ = ratio(diagnostics::unit_sums(family_, terms.gradient.value),
                        diagnostics::unit_sums(family_, terms.gradient.magnitude, false));
  }
}

void FamilyTracker::record_buffer(const ElementTerms& buffers) {
  if (squares()) forcing_.buffer_square = diagnostics::unit_sums(family_, buffers.square);
}

void FamilyTracker::advance(const ElementTerms& parameters, const ElementTerms* momenta) {
  predictions_->advance(forcing_);
  remeasure(parameters, momenta);
}

void FamilyTracker::remeasure(const ElementTerms& parameters, const ElementTerms* momenta) {
  if (squares()) {
    measured_ = diagnostics::unit_sums(family_, parameters.square);
    magnitude_ = diagnostics::unit_sums(family_, parameters.square, false);
  } else {
    measured_ = diagnostics::unit_sums(family_, parameters.value);
    magnitude_ = diagnostics::unit_sums(family_, parameters.magnitude, false);
  }
  if (momenta && !squares()) {
    charge_ = diagnostics::unit_sums(family_, momenta->value);
    charge_magnitude_ = diagnostics::unit_sums(family_, momenta->magnitude, false);
  } else {
    charge_.assign(measured_.size(), kNaN);
    charge_magnitude_.assign(measured_.size(), kNaN);
  }
}

std::vector<std::pair<std::string, std::vector<double>>> FamilyTracker::unit_errors() const {
  std::vector<std::pair<std::string, std::vector<double>>> out;
  const auto add = [&](const char* name, const std::vector<double>& prediction) {
    if (!all_nan(prediction))
      out.emplace_back(name, diagnostics::relative_errors(prediction, measured_, magnitude_));
  };
  add("recursion", predictions_->recursion());
  add("modified_flow", predictions_->modified_flow());
  add("gradient_flow", predictions_->gradient_flow());
  if (!all_nan(predictions_->charge())) {
    out.emplace_back(
        "charge", diagnostics::relative_errors(predictions_->charge(), charge_, charge_magnitude_));
  }
  if (!all_nan(constraint_)) out.emplace_back("constraint", constraint_);
  return out;
}

void FamilyTracker::write(int64_t step, double time, io::CsvWriter& families, io::CsvWriter& units,
                          int64_t plot_units) const {
  const auto errors = unit_errors();
  const auto summary = [&](const char* name) -> std::pair<io::CsvCell, io::CsvCell> {
    for (const auto& [key, values] : errors) {
      if (key == name) {
        return {io::number_or_empty(median_of(values)), io::number_or_empty(worst(values))};
      }
    }
    return {io::CsvCell(""), io::CsvCell("")};
  };
  std::vector<io::CsvCell> row = {step,
                                  time,
                                  family_.name,
                                  io::name_of(diagnostics::kSymmetryNames, family_.symmetry),
                                  static_cast<int64_t>(measured_.size()),
                                  median_of(measured_)};
  for (const char* name : {"recursion", "modified_flow", "gradient_flow", "constraint", "charge"}) {
    const auto [median, max] = summary(name);
    row.push_back(median);
    row.push_back(max);
  }
  families.add_row(row);

  const auto gradient_flow = predictions_->gradient_flow();
  const auto cell = io::number_or_empty;
  const auto n = std::min<int64_t>(plot_units, static_cast<int64_t>(measured_.size()));
  for (int64_t u = 0; u < n; ++u) {
    units.add_row({step, time, family_.name, u, measured_[u], magnitude_[u],
                   cell(predictions_->recursion()[u]), cell(predictions_->modified_flow()[u]),
                   cell(gradient_flow[u]), cell(charge_[u]), cell(predictions_->charge()[u])});
  }
}

nlohmann::json FamilyTracker::errors() const {
  nlohmann::json out = {{"symmetry", io::name_of(diagnostics::kSymmetryNames, family_.symmetry)},
                        {"units", measured_.size()}};
  for (const auto& [name, values] : unit_errors())
    out[name] = {{"median", median_of(values)}, {"worst", worst(values)}};
  return out;
}

}  // namespace symplex::kinds
