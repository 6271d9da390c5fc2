#include "symplex/experiments/dt_sweep.h"

#include <ATen/Context.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <optional>

#include "symplex/ablation/cache_thrasher.h"
#include "symplex/ablation/fresh_storage.h"
#include "symplex/core/run_checkpoint.h"
#include "symplex/core/stop_signal.h"
#include "symplex/data/augmentation.h"
#include "symplex/data/cifar10.h"
#include "symplex/data/idx.h"
#include "symplex/data/synthetic.h"
#include "symplex/experiments/dt_sweep_report.h"
#include "symplex/experiments/energy_log.h"
#include "symplex/io/csv.h"
#include "symplex/models/parameter_count.h"
#include "symplex/models/resnet18.h"
#include "symplex/optim/leapfrog.h"
#include "symplex/optim/velocity_accounting.h"

namespace symplex::experiments {
namespace {

const std::vector<double>& step_sizes(const DtSweepSpec& spec, const std::string& optimizer) {
  if (optimizer == "leapfrog") return spec.leapfrog_dt;
  if (optimizer == "adamw") return spec.adamw_lr;
  return spec.sgd_lr;
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

double accuracy(models::ResNet18& model, const torch::Tensor& inputs, const torch::Tensor& labels,
                const torch::Device& device) {
  torch::NoGradGuard no_grad;
  const auto dtype = model->parameters().front().scalar_type();
  model->eval();
  int64_t correct = 0;
  for (int64_t start = 0; start < inputs.size(0); start += 500) {
    const int64_t n = std::min<int64_t>(500, inputs.size(0) - start);
    const auto logits = model->forward(inputs.narrow(0, start, n).to(device, dtype));
    correct += (logits.argmax(1).cpu() == labels.narrow(0, start, n)).sum().item<int64_t>();
  }
  model->train();
  return static_cast<double>(correct) / static_cast<double>(inputs.size(0));
}

}  // namespace

std::string DtSweep::dataset_name() const {
  if (spec_.dataset != "auto") return spec_.dataset;
  const bool has_cifar10 =
      !spec_.cifar10_dir.empty() &&
      std::filesystem::exists(std::filesystem::path(spec_.cifar10_dir) / "data_batch_1.bin");
  return has_cifar10 ? "cifar10" : "fashion_mnist";
}

const DtSweep::Data& DtSweep::data() const {
  std::call_once(data_loaded_, [&] {
    Data loaded;
    loaded.name = dataset_name();
    if (loaded.name == "cifar10") {
      loaded.train = data::read_cifar10_split(spec_.cifar10_dir, true);
      loaded.test = data::read_cifar10_split(spec_.cifar10_dir, false);
    } else if (loaded.name == "fashion_mnist") {
      loaded.train = data::read_idx_split(spec_.fashion_mnist_dir, true);
      loaded.test = data::read_idx_split(spec_.fashion_mnist_dir, false);
    } else {
      loaded.train =
          data::synthetic_images(std::max<int64_t>(spec_.train_subset, 256), 3, 16, 10, 1);
      loaded.test = data::synthetic_images(std::max<int64_t>(spec_.test_subset, 128), 3, 16, 10, 2);
    }
    loaded.train = data::take_first(loaded.train, spec_.train_subset);
    loaded.test = data::take_first(loaded.test, spec_.test_subset);
    const auto statistics = data::channel_statistics(loaded.train);
    loaded.train_inputs = data::normalised_images(loaded.train, statistics);
    loaded.test_inputs = data::normalised_images(loaded.test, statistics);
    spdlog::info("{}: {} training and {} test images of shape {}x{}x{}", loaded.name,
                 loaded.train.size(), loaded.test.size(), loaded.train.images.size(1),
                 loaded.train.images.size(2), loaded.train.images.size(3));
    data_ = std::move(loaded);
  });
  return *data_;
}

std::vector<core::RunPlan> DtSweep::plan() const {
  const int64_t channels = dataset_name() == "fashion_mnist" ? 1 : 3;
  models::ResNet18 probe(resnet_options(spec_, channels));
  const int64_t parameters = models::parameter_count(*probe);
  std::vector<core::RunPlan> plans;
  for (const auto& optimizer : spec_.optimizers) {
    const std::string step_name = optimizer == "leapfrog" ? "dt" : "lr";
    for (const double step_size : step_sizes(spec_, optimizer)) {
      for (const bool tf32 : spec_.tf32) {
        for (const int64_t seed : spec_.seeds) {
          core::RunPlan plan;
          plan.id = fmt::format("{}_{}{}{}_s{}", optimizer, step_name, step_size,
                                tf32 ? "_tf32" : "", seed);
          plan.params = {{"optimizer", optimizer},
                         {"step_name", step_name},
                         {"step_size", step_size},
                         {"seed", seed},
                         {"tf32", tf32},
                         {"dataset", dataset_name()},
                         {"parameters", parameters},
                         {"dtype", spec_.precision}};
          plans.push_back(std::move(plan));
        }
      }
    }
  }
  return plans;
}

std::string DtSweep::describe(const core::RunPlan& plan) const {
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

core::RunOutcome DtSweep::run(const core::RunPlan& plan, const core::RunContext& context) const {
  return train(plan, context, MemoryDisturbance{});
}

core::RunOutcome DtSweep::train(const core::RunPlan& plan, const core::RunContext& context,
                                const MemoryDisturbance& disturbance) const {
  const auto& d = data();
  const torch::Device device(context.device);
  const std::string optimizer_name = plan.params["optimizer"];
  const double step_size = plan.params["step_size"];
  const auto seed = static_cast<uint64_t>(plan.params["seed"].get<int64_t>());

  torch::manual_seed(seed);
  auto generator = at::detail::createCPUGenerator(seed);
  const bool tf32 = plan.params.at("tf32").get<bool>();
  if (device.is_cuda()) {
    at::globalContext().setAllowTF32CuDNN(tf32);
    at::globalContext().setAllowTF32CuBLAS(tf32);
  } else if (tf32) {
    spdlog::warn("{}: tf32 has no effect on the CPU; this run repeats its tf32=false twin",
                 plan.id);
  }
  const auto dtype = spec_.precision == "float64" ? torch::kFloat64 : torch::kFloat32;
  models::ResNet18 model(resnet_options(spec_, d.train_inputs.size(1)));
  model->to(device, dtype);
  model->train();

  std::unique_ptr<optim::Leapfrog> leapfrog;
  std::unique_ptr<optim::VelocityAccounting> baseline;
  if (optimizer_name == "leapfrog") {
    leapfrog = std::make_unique<optim::Leapfrog>(
        model->parameters(), optim::LeapfrogOptions(step_size)
                                 .gamma(spec_.gamma)
                                 .cap_alpha(spec_.cap_alpha)
                                 .mass_preconditioning(spec_.mass_preconditioning));
  } else if (optimizer_name == "adamw") {
    baseline = std::make_unique<optim::VelocityAccounting>(
        std::make_unique<torch::optim::AdamW>(
            model->parameters(),
            torch::optim::AdamWOptions(step_size).weight_decay(spec_.adamw_weight_decay)),
        step_size);
  } else {
    baseline = std::make_unique<optim::VelocityAccounting>(
        std::make_unique<torch::optim::SGD>(
            model->parameters(), torch::optim::SGDOptions(step_size).momentum(spec_.sgd_momentum)),
        step_size);
  }

  torch::optim::Optimizer& optimizer = leapfrog ? *leapfrog : baseline->optimizer();
  std::optional<ablation::CacheThrasher> thrasher;
  if (disturbance.mode == "thrash") thrasher.emplace(disturbance.thrash_bytes);
  std::function<void()> between_half_steps;
  if (thrasher) between_half_steps = [&] { thrasher->thrash(); };

  std::optional<models::ResNet18> twin;
  if (spec_.floor_every > 0) {
    twin.emplace(resnet_options(spec_, d.train_inputs.size(1)));
    (*twin)->to(device, torch::kFloat64);
    (*twin)->train();
  }

  const auto metrics_csv = context.dir / "metrics.csv";
  const int64_t n = d.train_inputs.size(0);
  torch::Tensor order;
  int64_t cursor = n;
  // A checkpoint holds what the steps change: the model with its batch-norm statistics, the
  // optimizer, the data order and its generator, and the energy log. The rest follows from the
  // seed.
  core::RunCheckpoint checkpoint(context.dir, context.checkpoint_seconds);
  std::optional<EnergyLog> log;
  int64_t first_step = 1;
  auto start = std::chrono::steady_clock::now();
  if (auto archive = checkpoint.load()) {
    core::read_part(*archive, "model", *model);
    if (leapfrog) {
      core::read_part(*archive, "optimizer", *leapfrog);
    } else {
      core::read_part(*archive, "optimizer", *baseline);
    }
    core::read_generator(*archive, "generator", generator);
    if (core::read_int(*archive, "has_order")) archive->read("order", order, /*is_buffer=*/true);
    cursor = core::read_int(*archive, "cursor");
    torch::Tensor steps;
    archive->read("energy_log", steps, /*is_buffer=*/true);
    const auto progress = core::read_progress(*archive);
    EnergyLog::Snapshot snapshot;
    snapshot.steps.assign(steps.data_ptr<double>(), steps.data_ptr<double>() + steps.numel());
    snapshot.metrics_bytes = progress.metrics_bytes;
    log.emplace(metrics_csv, snapshot);
    first_step = progress.step + 1;
    start = core::started_seconds_ago(progress.seconds);
    spdlog::info("{}: going on after step {} from its checkpoint", plan.id, first_step - 1);
  } else {
    log.emplace(metrics_csv);
  }
  const auto save_checkpoint = [&](int64_t step) {
    torch::serialize::OutputArchive archive;
    core::write_part(archive, "model", *model);
    if (leapfrog) {
      core::write_part(archive, "optimizer", *leapfrog);
    } else {
      core::write_part(archive, "optimizer", *baseline);
    }
    core::write_generator(archive, "generator", generator);
    core::write_int(archive, "has_order", order.defined() ? 1 : 0);
    if (order.defined()) archive.write("order", order, /*is_buffer=*/true);
    core::write_int(archive, "cursor", cursor);
    const auto snapshot = log->snapshot();
    archive.write("energy_log", torch::tensor(snapshot.steps, torch::kFloat64),
                  /*is_buffer=*/true);
    core::write_progress(archive, {step, core::seconds_since(start), snapshot.metrics_bytes});
    checkpoint.save(archive);
  };

  core::RunOutcome outcome;
  for (int64_t step = first_step; step <= spec_.steps; ++step) {
    if (core::stop_requested()) {
      save_checkpoint(step - 1);
      throw core::Interrupted();
    }
    if (disturbance.mode == "scramble") {
      ablation::move_module_to_fresh_storage(*model);
      ablation::move_optimizer_state_to_fresh_storage(optimizer);
    }
    if (cursor + spec_.batch_size > n) {
      order = torch::randperm(n, generator, torch::kInt64);
      cursor = 0;
    }
    const auto index = order.narrow(0, cursor, std::min(spec_.batch_size, n));
    cursor += spec_.batch_size;
    auto x = d.train_inputs.index_select(0, index);
    if (spec_.augment) x = data::random_crop_and_flip(x, 4, generator);
    x = x.to(device, dtype);
    const auto y = d.train.labels.index_select(0, index).to(device);

    std::optional<double> float64_loss;
    if (twin && (step - 1) % spec_.floor_every == 0) float64_loss = twin_loss(model, *twin, x, y);
    const auto loss_only = [&] { return torch::cross_entropy_loss(model->forward(x), y); };
    const auto closure = [&] {
      model->zero_grad();
      auto loss = loss_only();
      loss.backward();
      return loss;
    };
    const optim::EnergyStep energy = leapfrog
                                         ? leapfrog->step_with_energy(closure, between_half_steps)
                                         : baseline->step(
                                               closure,
                                               [&] {
                                                 torch::NoGradGuard no_grad;
                                                 return loss_only();
                                               },
                                               between_half_steps);
    if (!std::isfinite(energy.energy_after()) || !std::isfinite(energy.loss_before)) {
      outcome.status = "diverged";
      outcome.diverged_step = step;
      break;
    }
    std::optional<double> floor_gap;
    if (float64_loss) floor_gap = std::fabs(energy.loss_before - *float64_loss);
    log->add(step, energy, floor_gap, core::seconds_since(start));
    if (checkpoint.due() && step < spec_.steps) save_checkpoint(step);
  }
  log->close();
  if (outcome.status != "finished") return outcome;

  outcome.figures = log->figures();
  outcome.figures["seconds_per_step"] =
      core::seconds_since(start) / static_cast<double>(spec_.steps);
  outcome.figures["test_accuracy"] = accuracy(model, d.test_inputs, d.test.labels, device);
  return outcome;
}

void DtSweep::conclude(const std::filesystem::path& sweep_dir,
                       const std::vector<io::RunRecord>& records, std::ostream& out) const {
  out << write_dt_sweep_report(sweep_dir, records, spec_);
}

}  // namespace symplex::experiments
