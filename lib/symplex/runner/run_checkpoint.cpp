#include "symplex/runner/run_checkpoint.h"

#include <ATen/core/Generator.h>
#include <torch/torch.h>

#include <mutex>
#include <sstream>

#include "symplex/io/atomic_file.h"

namespace symplex::runner {

RunCheckpoint::RunCheckpoint(const io::RunLayout& run, double every_seconds)
    : file_(run.checkpoint()), every_(every_seconds), last_(std::chrono::steady_clock::now()) {}

std::optional<torch::serialize::InputArchive> RunCheckpoint::load() const {
  if (!std::filesystem::exists(file_)) return std::nullopt;
  torch::serialize::InputArchive archive;
  archive.load_from(file_.string());
  return archive;
}

bool RunCheckpoint::due() const {
  return std::chrono::steady_clock::now() - last_ >= every_;
}

void RunCheckpoint::save(torch::serialize::OutputArchive& archive) {
  std::ostringstream bytes;
  archive.save_to(bytes);
  io::write_file_atomic(file_, bytes.str());
  last_ = std::chrono::steady_clock::now();
}

void write_progress(torch::serialize::OutputArchive& archive, const RunProgress& progress) {
  write_int(archive, "step", progress.step);
  write_double(archive, "seconds", progress.seconds);
  write_int(archive, "metrics_bytes", static_cast<int64_t>(progress.metrics_bytes));
}

RunProgress read_progress(torch::serialize::InputArchive& archive) {
  return {read_int(archive, "step"), read_double(archive, "seconds"),
          static_cast<uint64_t>(read_int(archive, "metrics_bytes"))};
}

void write_int(torch::serialize::OutputArchive& archive, const std::string& key, int64_t value) {
  archive.write(key, c10::IValue(value));
}

int64_t read_int(torch::serialize::InputArchive& archive, const std::string& key) {
  c10::IValue value;
  archive.read(key, value);
  return value.toInt();
}

void write_double(torch::serialize::OutputArchive& archive, const std::string& key, double value) {
  archive.write(key, c10::IValue(value));
}

double read_double(torch::serialize::InputArchive& archive, const std::string& key) {
  c10::IValue value;
  archive.read(key, value);
  return value.toDouble();
}

void write_generator(torch::serialize::OutputArchive& archive, const std::string& key,
                     at::Generator generator) {
  std::lock_guard<std::mutex> lock(generator.mutex());
  archive.write(key, generator.get_state());
}

void read_generator(torch::serialize::InputArchive& archive, const std::string& key,
                    at::Generator generator) {
  torch::Tensor state;
  archive.read(key, state);
  std::lock_guard<std::mutex> lock(generator.mutex());
  generator.set_state(state);
}

}  // namespace symplex::runner
