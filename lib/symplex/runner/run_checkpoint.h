#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include "symplex/io/sweep_layout.h"

namespace symplex::runner {

// Thrown by a run whose checkpoint cannot be read back (torn, planted, of another version): the
// sweep sets the file aside and starts the run over.
struct DamagedCheckpoint : std::runtime_error {
  DamagedCheckpoint(const std::filesystem::path& file, const std::string& why)
      : std::runtime_error(file.string() + " is damaged (" + why + ")") {}
};

// A run's state after some step, so that a run that was stopped or killed goes on from there
// instead of from step 1. The experiment decides what goes into the archive (model, optimizer,
// generators, data order, and how many bytes of metrics.csv the state accounts for); this class
// keeps the file: written atomically, read back on resume, and due every `every_seconds` of
// computing (0: after every step).
class RunCheckpoint {
 public:
  RunCheckpoint(const io::RunLayout& run, double every_seconds);

  // The last checkpoint's archive, when the run has one.
  std::optional<torch::serialize::InputArchive> load() const;

  bool due() const;
  void save(torch::serialize::OutputArchive& archive);

 private:
  std::filesystem::path file_;
  std::chrono::duration<double> every_;
  std::chrono::steady_clock::time_point last_;
};

// What every training run's checkpoint holds beside its model and optimizer: the last step done,
// the seconds of computing so far, and how many bytes of metrics.csv that accounts for.
struct RunProgress {
  int64_t step = 0;
  double seconds = 0.0;
  uint64_t metrics_bytes = 0;
};
void write_progress(torch::serialize::OutputArchive& archive, const RunProgress& progress);
RunProgress read_progress(torch::serialize::InputArchive& archive);

// A module or optimizer (anything with save/load on archives) as an archive of its own.
template <class Part>
void write_part(torch::serialize::OutputArchive& archive, const std::string& key,
                const Part& part) {
  torch::serialize::OutputArchive inner;
  part.save(inner);
  archive.write(key, inner);
}
template <class Part>
void read_part(torch::serialize::InputArchive& archive, const std::string& key, Part& part) {
  torch::serialize::InputArchive inner;
  archive.read(key, inner);
  part.load(inner);
}

// Archive entries of the kinds a run's state needs beside modules and optimizers.
void write_int(torch::serialize::OutputArchive& archive, const std::string& key, int64_t value);
int64_t read_int(torch::serialize::InputArchive& archive, const std::string& key);
void write_double(torch::serialize::OutputArchive& archive, const std::string& key, double value);
double read_double(torch::serialize::InputArchive& archive, const std::string& key);
// A random generator's whole state (the default generator of a device, or one of a run's own).
// (at::Generator is a handle: the copy passed in is the generator itself.)
void write_generator(torch::serialize::OutputArchive& archive, const std::string& key,
                     at::Generator generator);
void read_generator(torch::serialize::InputArchive& archive, const std::string& key,
                    at::Generator generator);

}  // namespace symplex::runner
