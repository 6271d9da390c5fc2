#include "symplex/io/run_claim.h"

#include <fcntl.h>
#include <unistd.h>

#include <signal.h>

#include <cerrno>
#include <cstdlib>
#include <system_error>

#include "symplex/io/atomic_file.h"

namespace symplex::io {
namespace {

// Creates `file` only if it does not exist; true when this call created it.
bool create_exclusively(const std::filesystem::path& file, const std::string& owner) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw std::system_error(errno, std::generic_category(), "cannot create " + file.string());
  }
  const std::string text = owner + "\n";
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!written) {
    throw std::system_error(errno, std::generic_category(), "cannot write " + file.string());
  }
  return true;
}

bool is_stale(const std::filesystem::path& file, std::chrono::seconds stale_after) {
  std::error_code error;
  const auto modified = std::filesystem::last_write_time(file, error);
  if (error) return false;  // gone meanwhile: not stale, just retry
  return std::filesystem::file_time_type::clock::now() - modified > stale_after;
}

// A claim by a process of this host that no longer exists (killed with SIGKILL, say) need not
// wait for its heartbeat to go stale.
bool owner_died_here(const std::filesystem::path& file, const std::string& me) {
  std::string owner;
  try {
    owner = read_file(file);
  } catch (const std::exception&) {
    return false;
  }
  const auto colon = owner.rfind(':');
  const auto my_colon = me.rfind(':');
  if (colon == std::string::npos || owner.compare(0, colon, me, 0, my_colon) != 0 ||
      colon != my_colon) {
    return false;
  }
  const long pid = std::strtol(owner.c_str() + colon + 1, nullptr, 10);
  return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

}  // namespace

std::optional<RunClaim> RunClaim::try_acquire(const std::filesystem::path& file,
                                              const std::string& owner,
                                              std::chrono::seconds stale_after) {
  std::filesystem::create_directories(file.parent_path());
  if (create_exclusively(file, owner)) return RunClaim(file, owner);
  if (!is_stale(file, stale_after) && !owner_died_here(file, owner)) return std::nullopt;
  // Of several processes that find the same dead claim, only one renames it away.
  const auto tombstone = file.string() + ".stale." + owner;
  if (::rename(file.c_str(), tombstone.c_str()) != 0) return std::nullopt;
  std::filesystem::remove(tombstone);
  if (create_exclusively(file, owner)) return RunClaim(file, owner);
  return std::nullopt;
}

RunClaim::RunClaim(RunClaim&& other) noexcept
    : file_(std::move(other.file_)), owner_(std::move(other.owner_)) {
  other.file_.clear();
}

RunClaim& RunClaim::operator=(RunClaim&& other) noexcept {
  if (this != &other) {
    release();
    file_ = std::move(other.file_);
    owner_ = std::move(other.owner_);
    other.file_.clear();
  }
  return *this;
}

RunClaim::~RunClaim() {
  release();
}

void RunClaim::release() {
  if (file_.empty()) return;
  try {
    if (read_file(file_) == owner_ + "\n") std::filesystem::remove(file_);
  } catch (const std::exception&) {
    // Gone already, or unreadable: nothing of ours to remove.
  }
  file_.clear();
}

void RunClaim::heartbeat() const {
  std::error_code ignored;
  std::filesystem::last_write_time(file_, std::filesystem::file_time_type::clock::now(), ignored);
}

std::string claim_owner() {
  char host[256] = {};
  ::gethostname(host, sizeof(host) - 1);
  return std::string(host) + ":" + std::to_string(static_cast<long>(::getpid()));
}

}  // namespace symplex::io
