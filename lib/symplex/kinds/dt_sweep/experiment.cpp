#include "symplex/kinds/dt_sweep/experiment.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include "symplex/ablation/cache_thrasher.h"
#include "symplex/ablation/fresh_storage.h"
#include "symplex/data/augmentation.h"
#include "symplex/io/csv.h"
#include "symplex/kinds/dt_sweep/energy_log.h"
#include "symplex/kinds/dt_sweep/report.h"
#include "symplex/models/autocast.h"
#include "symplex/models/classification_accuracy.h"
#include "symplex/models/memory_layout.h"
#include "symplex/models/parameter_count.h"
#include "symplex/models/resnet18.h"
#include "symplex/optim/leapfrog.h"
#include "symplex/optim/velocity_accounting.h"
#include "symplex/runner/compute_environment.h"
#include "symplex/runner/run_checkpoint.h"
#include "symplex/runner/shuffled_batches.h"
#include "symplex/runner/training_loop.h"

namespace symplex::kinds {
namespace {

const std::vector<double>& step_sizes(const DtSweepSpec& spec, optim::EnergyOptimizer optimizer) {
  switch (optimizer) {
    case optim::EnergyOptimizer::leapfrog:
      return spec.leapfrog_dt;
    case optim::EnergyOptimizer::adamw:
      return spec.adamw_lr;
    case optim::EnergyOptimizer::sgd:
      return spec.sgd_lr;
  }
  throw std::logic_error("unknown optimizer");
}

models::ResNet18Options resnet_options(const DtSweepSpec& spec, int64_t channels) {
  return models::ResNet18Options(channels, 10).width(spec.width);
}

// L_B(θ_t) by a float64 copy of the model: the reference of the arithmetic floor.
double twin_loss(models::ResNet18& model, models::ResNet18& twin, const torch::Tensor& x,
                 const torch::Tensor& y) {
  torch::NoGradGuard no_grad;
  const auto source = model->parameters();
  auto target = twin->parameters();
  for (size_t i = 0; i < source.size(); ++i)
    target[i].copy_(source[i]);
  const auto source_buffers = model->buffers();
  auto target_buffers = twin->buffers();
  for (size_t i = 0; i < source_buffers.size(); ++i)
    target_buffers[i].copy_(source_buffers[i]);
  return torch::cross_entropy_loss(twin->forward(x.to(torch::kFloat64)), y).item<double>();
}

// The model's logits on a batch in the run's arithmetic and memory layout. Under bf16 they come
// back as float32, so that the loss, the energy's L, is a float32 reduction.
torch::Tensor forward(const DtSweepSpec& spec, models::ResNet18& model, const torch::Tensor& x) {
  const auto input = x.contiguous(models::torch_memory_format(spec.memory_format));
  if (spec.precision != ResNetPrecision::bf16) return model->forward(input);
  const models::Bf16Autocast autocast(x.device().type());
  return model->forward(input).to(torch::kFloat32);
}

std::unique_ptr<optim::EnergyStepper> make_stepper(const DtSweepSpec& spec,
                                                   const runner::RunPlan& plan,
                                                   std::vector<torch::Tensor> parameters) {
  const auto optimizer = runner::param_value(plan, "optimizer", optim::kEnergyOptimizerNames);
  const double step_size = plan.params.at("step_size");
  if (optimizer == optim::EnergyOptimizer::leapfrog) {
    return std::make_unique<optim::LeapfrogStepper>(
        std::move(parameters), optim::LeapfrogOptions(step_size)
                                   .gamma(plan.params.at("gamma").get<double>())
                                   .cap_alpha(spec.cap_alpha)
                                   .mass_preconditioning(spec.mass_preconditioning));
  }
  if (optimizer == optim::EnergyOptimizer::adamw) {
    return std::make_unique<optim::VelocityAccounting>(
        std::make_unique<torch::optim::AdamW>(
            std::move(parameters),
            torch::optim::AdamWOptions(step_size).weight_decay(spec.adamw_weight_decay)),
        step_size);
  }
  return std::make_unique<optim::VelocityAccounting>(
      std::make_unique<torch::optim::SGD>(
          std::move(parameters), torch::optim::SGDOptions(step_size).momentum(spec.sgd_momentum)),
      step_size);
}

// The training of one run: a minibatch per step in a shuffled order, one energy-accounted step of
// the optimizer, a row of the energy log. Its checkpoint holds what the steps change: the model
// with its batch-norm statistics, the optimizer, the data order and its generator, and the
// energy log.
class EnergyTraining : public runner::TrainingSteps {
 public:
  EnergyTraining(const DtSweepSpec& spec, const data::ImageSplits& data,
                 const runner::RunContext& context, models::ResNet18& model,
                 optim::EnergyStepper& stepper, at::Generator& generator)
      : spec_(spec),
        data_(data),
        metrics_csv_(context.files.metrics_csv()),
        device_(context.device),
        dtype_(model->parameters().front().scalar_type()),
        model_(model),
        stepper_(stepper),
        generator_(generator),
        batches_(data.train_inputs.size(0), spec.batch_size, generator) {}

  std::function<void()> before_step;         // the scramble ablation moves memory here
  std::function<void()> mid_step;            // the thrash ablation disturbs the cache here
  models::ResNet18* float64_twin = nullptr;  // measures the arithmetic floor, when set

  void start() override { log_.emplace(metrics_csv_); }

  void resume(torch::serialize::InputArchive& archive, uint64_t metrics_bytes) override {
    runner::read_part(archive, "model", *model_);
    runner::read_part(archive, "optimizer", stepper_);
    runner::read_generator(archive, "generator", generator_);
    batches_.load(archive);
    torch::Tensor steps;
    archive.read("energy_log", steps, /*is_buffer=*/true);
    EnergyLog::Snapshot snapshot;
    snapshot.steps.assign(steps.data_ptr<double>(), steps.data_ptr<double>() + steps.numel());
    snapshot.metrics_bytes = metrics_bytes;
    log_.emplace(metrics_csv_, snapshot);
  }

  void save(torch::serialize::OutputArchive& archive) const override {
    runner::write_part(archive, "model", *model_);
    runner::write_part(archive, "optimizer", stepper_);
    runner::write_generator(archive, "generator", generator_);
    batches_.save(archive);
    archive.write("energy_log", torch::tensor(log_->snapshot().steps, torch::kFloat64),
                  /*is_buffer=*/true);
  }

  uint64_t metrics_bytes() const override { return log_->metrics_bytes(); }

  bool step(int64_t step, const runner::RunClock& clock) override {
    if (before_step) before_step();
    const auto index = batches_.next();
    auto x = data_.train_inputs.index_select(0, index);
    if (spec_.augment) x = data::random_crop_and_flip(x, 4, generator_);
    x = x.to(device_, dtype_);
    const auto y = data_.train.labels.index_select(0, index).to(device_);

    std::optional<double> float64_loss;
    if (float64_twin && (step - 1) % spec_.floor_every == 0) {
      float64_loss = twin_loss(model_, *float64_twin, x, y);
    }
    const auto loss_only = [&] { return torch::cross_entropy_loss(forward(spec_, model_, x), y); };
    const auto closure = [&] {
      model_->zero_grad();
      auto loss = loss_only();
      loss.backward();
      return loss;
    };
    const optim::EnergyStep energy = stepper_.step(
        closure,
        [&] {
          torch::NoGradGuard no_grad;
          return loss_only();
        },
        mid_step);
    if (!std::isfinite(energy.energy_after()) || !std::isfinite(energy.loss_before)) return false;
    std::optional<double> floor_gap;
    if (float64_loss) floor_gap = std::fabs(energy.loss_before - *float64_loss);
    log_->add(step, energy, floor_gap, clock.seconds());
    return true;
  }

  // Writes the last row of the energy log; call once the loop has ended.
  void close() { log_->close(); }
  nlohmann::json figures() const { return log_->figures(); }

 private:
  const DtSweepSpec& spec_;
  const data::ImageSplits& data_;
  std::filesystem::path metrics_csv_;
  torch::Device device_;
  torch::Dtype dtype_;
  models::ResNet18& model_;
  optim::EnergyStepper& stepper_;
  at::Generator& generator_;
  runner::ShuffledBatches batches_;
  std::optional<EnergyLog> log_;
};

}  // namespace

std::vector<runner::RunPlan> DtSweep::plan() const {
  const data::ImageSource source = data::resolve_image_source(spec_.images);
  const int64_t channels = source == data::ImageSource::fashion_mnist ? 1 : 3;
  models::ResNet18 probe(resnet_options(spec_, channels));
  const int64_t parameters = models::parameter_count(*probe);
  std::vector<runner::RunPlan> plans;
  for (const auto optimizer : spec_.optimizers) {
    const bool leapfrog = optimizer == optim::EnergyOptimizer::leapfrog;
    const std::string step_name = leapfrog ? "dt" : "lr";
    // The baselines have no damping: one pass with γ NaN, which no run records.
    const std::vector<double> gammas = leapfrog ? spec_.gamma : std::vector<double>{NAN};
    for (size_t g = 0; g < gammas.size(); ++g) {
      // The paper's series keeps the optimizer's name; a damping control is named by its γ.
      const std::string name = io::name_of(optim::kEnergyOptimizerNames, optimizer) +
                               (g == 0 ? "" : fmt::format("_gamma{}", gammas[g]));
      for (const double step_size : step_sizes(spec_, optimizer)) {
        for (const bool tf32 : spec_.tf32) {
          for (const int64_t seed : spec_.seeds) {
            runner::RunPlan plan;
            plan.id =
                fmt::format("{}_{}{}{}_s{}", name, step_name, step_size, tf32 ? "_tf32" : "", seed);
            plan.params = {
                {"optimizer", io::name_of(optim::kEnergyOptimizerNames, optimizer)},
                {"series", name + (tf32 ? "+tf32" : "")},
                {"step_name", step_name},
                {"step_size", step_size},
                {"seed", seed},
                {"tf32", tf32},
                {"dataset", io::name_of(data::kImageSourceNames, source)},
                {"parameters", parameters},
                {"dtype", io::name_of(kResNetPrecisionNames, spec_.precision)},
                {"memory_format", io::name_of(models::kMemoryFormatNames, spec_.memory_format)}};
            if (leapfrog) plan.params["gamma"] = gammas[g];
            plans.push_back(std::move(plan));
          }
        }
      }
    }
  }
  return plans;
}

std::string DtSweep::describe(const runner::RunPlan& plan) const {
  return fmt::format("{} steps of batch {} on {}, ResNet-18 width {} ({} parameters)", spec_.steps,
                     spec_.batch_size, plan.params["dataset"].get<std::string>(), spec_.width,
                     plan.params["parameters"].get<int64_t>());
}

std::string DtSweep::headline(const io::RunRecord& record) const {
  if (record.status != "finished") {
    return fmt::format("non-finite loss at step {}", record.diverged_step.value_or(-1));
  }
  const auto& f = record.figures;
  const auto optional_figure = [&](const char* label, const char* name) {
    return f.contains(name) ? fmt::format(", {} {:.3e}", label, f[name].get<double>())
                            : std::string();
  };
  return fmt::format("drift {:.3e}{}{}, cap {:.1f}%, train loss {:.3f}, test acc {:.1f}%",
                     f["drift"].get<double>(), optional_figure("consecutive", "drift_consecutive"),
                     optional_figure("floor", "floor"), 100.0 * f["cap_engagement"].get<double>(),
                     f["train_loss_tail"].get<double>(), 100.0 * f["test_accuracy"].get<double>());
}

runner::RunOutcome DtSweep::run(const runner::RunPlan& plan,
                                const runner::RunContext& context) const {
  return train(plan, context, MemoryDisturbance{});
}

runner::RunOutcome DtSweep::train(const runner::RunPlan& plan, const runner::RunContext& context,
                                  const MemoryDisturbance& disturbance) const {
  const auto& d = images_.get();
  const torch::Device device(context.device);
  const auto seed = static_cast<uint64_t>(plan.params["seed"].get<int64_t>());

  torch::manual_seed(seed);
  auto generator = at::detail::createCPUGenerator(seed);
  const bool tf32 = plan.params.at("tf32").get<bool>();
  runner::set_tf32(tf32);
  if (!device.is_cuda() && tf32) {
    spdlog::warn("{}: tf32 has no effect on the CPU; this run repeats its tf32=false twin",
                 plan.id);
  }
  const auto dtype =
      spec_.precision == ResNetPrecision::float64 ? torch::kFloat64 : torch::kFloat32;
  models::ResNet18 model(resnet_options(spec_, d.train_inputs.size(1)));
  model->to(device, dtype);
  models::set_memory_format(*model, spec_.memory_format);
  model->train();
  const auto stepper = make_stepper(spec_, plan, model->parameters());

  std::optional<ablation::CacheThrasher> thrasher;
  if (disturbance.mode == ablation::MemoryMode::thrash) thrasher.emplace(disturbance.thrash_bytes);
  std::optional<models::ResNet18> twin;
  if (spec_.floor_every > 0) {
    twin.emplace(resnet_options(spec_, d.train_inputs.size(1)));
    (*twin)->to(device, torch::kFloat64);
    (*twin)->train();
  }

  EnergyTraining training(spec_, d, context, model, *stepper, generator);
  if (thrasher) training.mid_step = [&] { thrasher->thrash(); };
  if (disturbance.mode == ablation::MemoryMode::scramble) {
    training.before_step = [&] {
      ablation::move_module_to_fresh_storage(*model);
      ablation::move_optimizer_state_to_fresh_storage(stepper->optimizer());
    };
  }
  if (twin) training.float64_twin = &*twin;
  const auto trained = runner::train(training, spec_.steps, context, plan.id);
  training.close();

  auto outcome = runner::outcome_of(trained);
  if (outcome.diverged_step) return outcome;
  outcome.figures = training.figures();
  outcome.figures["seconds_per_step"] = trained.seconds / static_cast<double>(spec_.steps);
  outcome.figures["test_accuracy"] = models::classification_accuracy(
      *model, [&](const torch::Tensor& x) { return forward(spec_, model, x); }, d.test_inputs,
      d.test.labels, device, dtype, 500);
  return outcome;
}

void DtSweep::conclude(const std::filesystem::path& sweep_dir,
                       const std::vector<io::RunRecord>& records, std::ostream& out) const {
  out << write_dt_sweep_report(sweep_dir, records, spec_);
}

std::unique_ptr<runner::Experiment> make_experiment(DtSweepSpec spec) {
  return std::make_unique<DtSweep>(std::move(spec));
}

}  // namespace symplex::kinds
