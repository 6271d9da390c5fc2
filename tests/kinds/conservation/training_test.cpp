// The conservation kind's training on LibTorch in float64: the exact recursions hold to round-off
// for the real updates of LibTorch's SGD, heavy ball and the leapfrog on real networks, while the
// flows, AdamW and batch norm's ε visibly depart.
#include "symplex/kinds/conservation/experiment_training.h"

#include <gtest/gtest.h>
#include <torch/torch.h>
#include <unistd.h>

#include <ATen/CPUGeneratorImpl.h>
#include <filesystem>

#include "symplex/models/relu_mlp.h"
#include "symplex/models/vgg.h"

namespace {

namespace fs = std::filesystem;
using symplex::diagnostics::UpdateConstants;
using symplex::diagnostics::UpdateRule;
using symplex::kinds::ConservationSpec;
using symplex::kinds::ConservationTraining;

const symplex::data::ImageSplits& images() {
  static const auto splits = [] {
    symplex::data::ImageSplitsOptions options;
    options.source = symplex::data::ImageSource::synthetic;
    options.train_subset = 256;
    options.test_subset = 128;
    return symplex::data::load_image_splits(options);
  }();
  return splits;
}

// Trains `model` (float64) for `steps` steps and returns the final figures.
nlohmann::json train(symplex::models::SymmetricClassifier& model, const UpdateConstants& c,
                     int64_t steps, const std::string& name) {
  ConservationSpec spec;
  spec.precision = symplex::models::Precision::float64;
  spec.batch_size = 32;
  spec.log_every = 10;
  spec.plot_units = 2;
  spec.initial_momentum = 0.05;
  model.to(torch::kFloat64);
  model.train();
  symplex::runner::RunContext context;
  context.files.dir = fs::temp_directory_path() /
                      ("symplex_conservation_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(context.files.dir);
  fs::create_directories(context.files.dir);
  context.device = "cpu";
  ConservationTraining training(spec, context, images(), model, c, steps,
                                at::make_generator<at::CPUGeneratorImpl>(5));
  const auto result = symplex::runner::train(training, steps, context, name);
  EXPECT_FALSE(result.diverged_step);
  fs::remove_all(context.files.dir);
  return training.figures();
}

double error(const nlohmann::json& figures, const char* symmetry, const char* prediction,
             const char* statistic = "worst") {
  return figures.at(symmetry).at(prediction).at(statistic).get<double>();
}

UpdateConstants constants(UpdateRule rule, double lr, double weight_decay) {
  UpdateConstants c;
  c.rule = rule;
  c.lr = lr;
  c.weight_decay = weight_decay;
  if (rule == UpdateRule::momentum) c.momentum = 0.9;
  return c;
}

std::shared_ptr<symplex::models::ReluMlp> mlp() {
  torch::manual_seed(0);
  return std::make_shared<symplex::models::ReluMlp>(3 * 16 * 16, std::vector<int64_t>{24, 16}, 10);
}

// LibTorch's SGD, its heavy ball, and the heavy ball with dampening (whose first buffer has none).
TEST(ConservationTraining, SgdAndMomentumRecursionsHoldToRoundOffOnAnMlp) {
  for (const double dampening : {-1.0, 0.0, 0.3}) {
    SCOPED_TRACE(dampening);
    const auto rule = dampening < 0.0 ? UpdateRule::sgd : UpdateRule::momentum;
    auto c = constants(rule, rule == UpdateRule::sgd ? 0.1 : 0.02, 0.05);
    if (rule == UpdateRule::momentum) c.dampening = dampening;
    const auto model = mlp();
    const auto f = train(*model, c, 60, "recursion");
    EXPECT_LT(error(f, "translation", "recursion"), 1e-12);
    EXPECT_LT(error(f, "rescale", "recursion"), 1e-12);
    EXPECT_LT(error(f, "translation", "constraint"), 1e-12);
    EXPECT_LT(error(f, "rescale", "constraint"), 1e-12);
    // The flows are approximations of the same steps: the modified flow far closer.
    EXPECT_GT(error(f, "rescale", "gradient_flow", "median"), 1e-6);
    EXPECT_LT(error(f, "rescale", "modified_flow", "median"),
              0.3 * error(f, "rescale", "gradient_flow", "median"));
  }
}

TEST(ConservationTraining, LeapfrogKeepsItsChargeAndMovesTheSumAsPredicted) {
  for (const double gamma : {0.0, 2.0}) {
    SCOPED_TRACE(gamma);
    auto c = constants(UpdateRule::leapfrog, 0.01, 0.0);
    c.gamma = gamma;
    const auto model = mlp();
    const auto f = train(*model, c, 40, "leapfrog");
    EXPECT_LT(error(f, "translation", "charge"), 1e-13);
    EXPECT_LT(error(f, "translation", "recursion"), 1e-12);
    // p₀ ≠ 0: the sum is not conserved, it moves.
    EXPECT_GT(error(f, "translation", "gradient_flow", "median"), 1e-6);
  }
}

TEST(ConservationTraining, AdamwBreaksTranslation) {
  const auto model = mlp();
  const auto f = train(*model, constants(UpdateRule::adamw, 1e-3, 0.0), 30, "adamw");
  EXPECT_FALSE(f.at("translation").contains("recursion"));
  EXPECT_GT(error(f, "translation", "gradient_flow", "median"), 1e-4);
  EXPECT_LT(error(f, "translation", "constraint"), 1e-12);  // the gradient still obeys it
}

// Batch norm's ε = 1e-5 makes the loss only nearly scale invariant: the scale constraint is
// measurably above round-off, while the rescale of the same network holds exactly.
TEST(ConservationTraining, BatchNormEpsilonBreaksScaleOnlySlightly) {
  torch::manual_seed(0);
  const auto model =
      std::make_shared<symplex::models::Vgg>(3, std::vector<int64_t>{6, 0, 8}, true, 10);
  const auto f = train(*model, constants(UpdateRule::sgd, 0.05, 0.01), 20, "vgg_bn");
  EXPECT_GT(error(f, "scale", "constraint"), 1e-10);
  EXPECT_LT(error(f, "scale", "constraint"), 1e-2);
  EXPECT_LT(error(f, "scale", "recursion"), 1e-3);
  EXPECT_LT(error(f, "rescale", "constraint"), 1e-12);
  EXPECT_LT(error(f, "rescale", "recursion"), 1e-12);
  EXPECT_LT(error(f, "translation", "recursion"), 1e-12);
}

// Without batch norm, rescale holds across the max pool and the global average pool.
TEST(ConservationTraining, VggWithoutBatchNormKeepsRescaleAcrossItsPools) {
  torch::manual_seed(0);
  const auto model =
      std::make_shared<symplex::models::Vgg>(3, std::vector<int64_t>{6, 0, 8}, false, 10);
  const auto f = train(*model, constants(UpdateRule::sgd, 0.05, 0.01), 20, "vgg");
  EXPECT_LT(error(f, "rescale", "constraint"), 1e-12);
  EXPECT_LT(error(f, "rescale", "recursion"), 1e-12);
  EXPECT_LT(error(f, "translation", "recursion"), 1e-12);
}

TEST(ConservationTraining, VggWithoutBatchNormHasNoScaleFamilies) {
  torch::manual_seed(0);
  const symplex::models::Vgg model(3, {4, 0, 6}, false, 10);
  for (const auto& family : model.symmetry_families())
    EXPECT_NE(family.symmetry, symplex::diagnostics::Symmetry::scale) << family.name;
  EXPECT_EQ(model.symmetry_families().size(), 2u + 2u);  // classifier weight, bias; 2 convs
}

}  // namespace
