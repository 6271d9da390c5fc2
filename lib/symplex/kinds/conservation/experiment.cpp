#include "symplex/kinds/conservation/experiment.h"

#include <ATen/CPUGeneratorImpl.h>
#include <fmt/format.h>
#include <torch/torch.h>

#include "symplex/kinds/conservation/experiment_training.h"
#include "symplex/kinds/conservation/report.h"
#include "symplex/models/classification_accuracy.h"
#include "symplex/models/dtype.h"
#include "symplex/models/parameter_count.h"
#include "symplex/models/relu_mlp.h"
#include "symplex/models/vgg.h"

namespace symplex::kinds {
namespace {

using diagnostics::UpdateRule;

std::shared_ptr<models::SymmetricClassifier> make_network(const ConservationSpec& spec,
                                                          ConservationNetwork network,
                                                          const torch::Tensor& images) {
  const int64_t channels = images.size(1);
  if (network == ConservationNetwork::mlp) {
    return std::make_shared<models::ReluMlp>(
        images[0].numel(), std::vector<int64_t>(spec.mlp_hidden_layers, spec.mlp_width), 10);
  }
  return std::make_shared<models::Vgg>(channels, spec.vgg_channels,
                                       network == ConservationNetwork::vgg_bn, 10);
}

}  // namespace

std::vector<runner::RunPlan> Conservation::plan() const {
  const auto dataset =
      io::name_of(data::kImageSourceNames, data::resolve_image_source(spec_.images));
  std::vector<runner::RunPlan> plans;
  for (const auto network : spec_.networks) {
    const auto network_name = io::name_of(kConservationNetworkNames, network);
    for (const auto rule : spec_.optimizers) {
      const auto rule_name = io::name_of(diagnostics::kUpdateRuleNames, rule);
      const bool leapfrog = rule == UpdateRule::leapfrog;
      // The leapfrog's series are its dampings; the others' their weight decays.
      const auto& series = leapfrog ? spec_.leapfrog_gamma : spec_.weight_decay;
      const auto& sizes = step_sizes(spec_, rule);
      for (const double setting : series) {
        const auto series_name =
            fmt::format("{}_{}{}", rule_name, leapfrog ? "gamma" : "wd", setting);
        for (const double lr : sizes.lr) {
          for (const int64_t seed : spec_.seeds) {
            runner::RunPlan plan;
            plan.id = fmt::format("{}_{}_lr{}_s{}", network_name, series_name, lr, seed);
            plan.params = {{"network", network_name},
                           {"optimizer", rule_name},
                           {"series", series_name},
                           {"lr", lr},
                           {"weight_decay", leapfrog ? 0.0 : setting},
                           {"gamma", leapfrog ? setting : 0.0},
                           {"seed", seed},
                           {"steps", conservation_steps(sizes, lr)},
                           {"horizon", sizes.horizon},
                           {"dataset", dataset},
                           {"dtype", io::name_of(models::kPrecisionNames, spec_.precision)}};
            plans.push_back(std::move(plan));
          }
        }
      }
    }
  }
  return plans;
}

std::string Conservation::describe(const runner::RunPlan& plan) const {
  const auto& p = plan.params;
  return fmt::format("{} steps of batch {} on {} to t = {}", p.at("steps").get<int64_t>(),
                     spec_.batch_size, p.at("dataset").get<std::string>(),
                     p.at("horizon").get<double>());
}

double Conservation::relative_cost(const runner::RunPlan& plan) const {
  const double network = plan.params.at("network") == "mlp" ? 1.0 : 10.0;
  const double evaluations = plan.params.at("optimizer") == "leapfrog" ? 2.0 : 1.0;
  return network * evaluations * plan.params.at("steps").get<double>();
}

std::string Conservation::headline(const io::RunRecord& record) const {
  if (record.status != "finished") {
    return fmt::format("non-finite loss at step {}", record.diverged_step.value_or(-1));
  }
  const auto& f = record.figures;
  std::string out = fmt::format("loss {:.3f}, test acc {:.1f}%", f.at("final_loss").get<double>(),
                                100.0 * f.at("test_accuracy").get<double>());
  for (const char* symmetry : {"translation", "scale", "rescale"}) {
    if (!f.contains(symmetry)) continue;
    const auto& s = f.at(symmetry);
    const char* best = s.contains("recursion") ? "recursion" : "gradient_flow";
    out += fmt::format(", {} {} err {:.1e}", symmetry, best, s.at(best).at("median").get<double>());
  }
  return out;
}

runner::RunOutcome Conservation::run(const runner::RunPlan& plan,
                                     const runner::RunContext& context) const {
  const auto& p = plan.params;
  const auto& d = images_.get();
  const torch::Device device(context.device);
  const auto dtype = models::dtype_of(spec_.precision);
  const auto seed = static_cast<uint64_t>(p.at("seed").get<int64_t>());
  torch::manual_seed(seed);
  auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  const auto model = make_network(
      spec_, runner::param_value(plan, "network", kConservationNetworkNames), d.train_inputs);
  model->to(device, dtype);
  model->train();

  diagnostics::UpdateConstants constants;
  constants.rule = runner::param_value(plan, "optimizer", diagnostics::kUpdateRuleNames);
  constants.lr = p.at("lr").get<double>();
  constants.weight_decay = p.at("weight_decay").get<double>();
  constants.gamma = p.at("gamma").get<double>();
  if (constants.rule == UpdateRule::momentum) {
    constants.momentum = spec_.beta;
    constants.dampening = spec_.dampening;
  }
  const int64_t steps = p.at("steps").get<int64_t>();
  ConservationTraining training(spec_, context, d, *model, constants, steps, generator);
  const auto trained = runner::train(training, steps, context, plan.id);

  auto outcome = runner::outcome_of(trained);
  outcome.figures["parameters"] = models::parameter_count(*model);
  if (outcome.diverged_step) return outcome;
  outcome.figures.update(training.figures());
  outcome.figures["final_loss"] = training.last_loss();
  outcome.figures["test_accuracy"] = models::classification_accuracy(
      *model, [&](const torch::Tensor& x) { return model->forward(x); }, d.test_inputs,
      d.test.labels, device, dtype, 1000);
  outcome.figures["seconds_per_step"] = trained.seconds / static_cast<double>(steps);
  return outcome;
}

void Conservation::conclude(const std::filesystem::path& sweep_dir,
                            const std::vector<io::RunRecord>& records, std::ostream& out) const {
  out << write_conservation_report(sweep_dir, records);
}

std::unique_ptr<runner::Experiment> make_experiment(ConservationSpec spec) {
  return std::make_unique<Conservation>(std::move(spec));
}

}  // namespace symplex::kinds
