#include "symplex/core/run_checkpoint.h"

#include <ATen/core/Generator.h>
#include <torch/torch.h>

#include <mutex>
#include <sstream>

#include "symplex/io/atomic_file.h"

namespace symplex::core {

RunCheckpoint::RunCheckpoint(const std::filesystem::path& run_dir, double every_seconds)
    : file_(file(run_dir)), every_(every_seconds), last_(std::chrono::steady_clock::now()) {}

std::filesystem::path RunCheckpoint::file(const std::filesystem::path& run_dir) {
  return run_dir / "checkpoint.pt";
}

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

std::chrono::steady_clock::time_point started_seconds_ago(double seconds) {
  return std::chrono::steady_clock::now() -
         std::chrono::duration_cast<std::chrono::steady_clock::duration>(
             std::chrono::duration<double>(seconds));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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

}  // namespace symplex::core
