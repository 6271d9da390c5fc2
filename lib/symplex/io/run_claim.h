#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace symplex::io {

// One process's claim on one run of a sweep folder, so that concurrent processes (shards, or
// plain runs on a shared file system) never run the same run twice. A claim is a file created
// with O_CREAT | O_EXCL, which is atomic on NFS too (flock is not, across hosts). Its owner
// refreshes its modification time (heartbeat); a claim not refreshed for `stale_after`, or one of
// a process of this host that no longer exists (its pid gone, or now a process started at
// another time: pids are reused, by a restarted container say), belongs to a process that died,
// and is taken over by renaming it away first, which only one taker can do.
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
  // Whether the claim file is still the one this claim created: false once it was deleted (the
  // whole .claims folder, say) or taken over. The claim keeps its file open, so that its inode
  // cannot be reused by a new file while it is held. Two stats, cheap enough for every step.
  bool held() const;
  const std::filesystem::path& file() const { return file_; }

 private:
  RunClaim(std::filesystem::path file, int fd) : file_(std::move(file)), fd_(fd) {}
  void release();

  std::filesystem::path file_;
  int fd_ = -1;  // the claim file, open
};

// Thrown by a run that found its claim gone or another process's: that process may be running
// the same run, so this one stops without writing anything more.
struct ClaimLost : std::runtime_error {
  explicit ClaimLost(const std::filesystem::path& file)
      : std::runtime_error("the claim " + file.string() +
                           " is gone or another process's; the run is left to that process") {}
};

// "host:pid:start", naming this process in claims; start tells this process from an earlier one
// with the same pid (the boot's id and the process's start time, from /proc).
std::string claim_owner();

}  // namespace symplex::io
