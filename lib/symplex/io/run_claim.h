#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace symplex::io {

// One process's claim on one run of a sweep folder, so that concurrent processes (shards, or
// plain runs on a shared file system) never run the same run twice. A claim is a file created
// with O_CREAT | O_EXCL, which is atomic on NFS too (flock is not, across hosts). Its owner
// refreshes its modification time (heartbeat); a claim not refreshed for `stale_after`, or one of
// a process of this host that no longer exists, belongs to a process that died, and is taken
// over by renaming it away first, which only one taker can do.
class RunClaim {
 public:
  // The claim, or nothing when a live process holds it. `owner` is written into the file.
  static std::optional<RunClaim> try_acquire(const std::filesystem::path& file,
                                             const std::string& owner,
                                             std::chrono::seconds stale_after);

  RunClaim(RunClaim&& other) noexcept;
  RunClaim& operator=(RunClaim&& other) noexcept;
  RunClaim(const RunClaim&) = delete;
  RunClaim& operator=(const RunClaim&) = delete;
  // Releases the claim, unless another process has taken it over meanwhile.
  ~RunClaim();

  void heartbeat() const;  // marks the owner as alive
  const std::filesystem::path& file() const { return file_; }

 private:
  RunClaim(std::filesystem::path file, std::string owner)
      : file_(std::move(file)), owner_(std::move(owner)) {}
  void release();

  std::filesystem::path file_;
  std::string owner_;
};

// "host:pid", naming this process in claims.
std::string claim_owner();

}  // namespace symplex::io
