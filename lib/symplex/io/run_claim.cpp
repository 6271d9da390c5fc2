#include "symplex/io/run_claim.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <signal.h>

#include <cerrno>
#include <cstdlib>
#include <sstream>
#include <system_error>

#include "symplex/io/atomic_file.h"

namespace symplex::io {
namespace {

// Creates `file` only if it does not exist; an open descriptor of it when this call created it.
std::optional<int> create_exclusively(const std::filesystem::path& file, const std::string& owner) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == EEXIST) return std::nullopt;
    throw std::system_error(errno, std::generic_category(), "cannot create " + file.string());
  }
  const std::string text = owner + "\n";
  if (::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    const int error = errno;
    ::close(fd);
    ::unlink(file.c_str());  // an empty claim would hold the run for everyone until it is stale
    throw std::system_error(error, std::generic_category(), "cannot write " + file.string());
  }
  return fd;
}

// Whether a claim file whose status is `claim` was last refreshed more than `stale_after` ago.
bool is_stale(const struct stat& claim, std::chrono::seconds stale_after) {
  const auto modified = std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::seconds(claim.st_mtim.tv_sec) +
          std::chrono::nanoseconds(claim.st_mtim.tv_nsec)));
  return std::chrono::system_clock::now() - modified > stale_after;
}

// Where process `pid` was started, as "<boot id>.<start time in clock ticks since boot>"; empty
// when /proc cannot tell.
std::string process_start(long pid) {
  std::string stat;
  std::string boot;
  try {
    stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    boot = read_file("/proc/sys/kernel/random/boot_id");
  } catch (const std::exception&) {
    return "";
  }
  // Field 22 is the start time; the command name (field 2, in parentheses) may hold spaces.
  const auto name_end = stat.rfind(')');
  if (name_end == std::string::npos) return "";
  std::istringstream fields(stat.substr(name_end + 1));
  std::string field;
  for (int number = 3; number <= 22; ++number)
    fields >> field;  // field 22 is read last
  if (!fields) return "";
  return boot.substr(0, 8) + "." + field;
}

struct Owner {
  std::string host;
  long pid = 0;
  std::string start;  // empty in claims of symplex versions before the start was recorded
};

Owner parse_owner(const std::string& text) {
  Owner owner;
  std::istringstream parts(text.substr(0, text.find('\n')));
  std::string pid;
  std::getline(parts, owner.host, ':');
  std::getline(parts, pid, ':');
  std::getline(parts, owner.start);
  owner.pid = std::strtol(pid.c_str(), nullptr, 10);
  return owner;
}

// A claim by a process of this host that no longer exists (killed with SIGKILL, say) need not
// wait for its heartbeat to go stale.
bool owner_died_here(const std::filesystem::path& file, const std::string& me) {
  Owner owner;
  try {
    owner = parse_owner(read_file(file));
  } catch (const std::exception&) {
    return false;
  }
  if (owner.host != parse_owner(me).host || owner.pid <= 0) return false;
  if (::kill(static_cast<pid_t>(owner.pid), 0) != 0 && errno == ESRCH) return true;
  // A live process with the claim's pid is another process when it started at another time.
  const std::string start_now = process_start(owner.pid);
  return !owner.start.empty() && !start_now.empty() && start_now != owner.start;
}

}  // namespace

std::optional<RunClaim> RunClaim::try_acquire(const std::filesystem::path& file,
                                              const std::string& owner,
                                              std::chrono::seconds stale_after) {
  std::filesystem::create_directories(file.parent_path());
  if (const auto fd = create_exclusively(file, owner)) return RunClaim(file, *fd);
  struct stat judged {};
  if (::stat(file.c_str(), &judged) != 0) return std::nullopt;  // gone meanwhile: taken over
  if (!is_stale(judged, stale_after) && !owner_died_here(file, owner)) return std::nullopt;
  // Of several processes that find the same dead claim, only one renames it away. One that
  // judged it a moment late may find the winner's fresh claim at the name instead: that goes
  // back (a link, which fails should yet another claim have been made meanwhile).
  const auto tombstone = file.string() + ".stale." + owner;
  if (::rename(file.c_str(), tombstone.c_str()) != 0) return std::nullopt;
  struct stat moved {};
  if (::lstat(tombstone.c_str(), &moved) != 0 || moved.st_ino != judged.st_ino ||
      moved.st_dev != judged.st_dev) {
    ::link(tombstone.c_str(), file.c_str());
    ::unlink(tombstone.c_str());
    return std::nullopt;
  }
  std::filesystem::remove(tombstone);
  if (const auto fd = create_exclusively(file, owner)) return RunClaim(file, *fd);
  return std::nullopt;
}

RunClaim::RunClaim(RunClaim&& other) noexcept : file_(std::move(other.file_)), fd_(other.fd_) {
  other.file_.clear();
  other.fd_ = -1;
}

RunClaim& RunClaim::operator=(RunClaim&& other) noexcept {
  if (this != &other) {
    release();
    file_ = std::move(other.file_);
    fd_ = other.fd_;
    other.file_.clear();
    other.fd_ = -1;
  }
  return *this;
}

RunClaim::~RunClaim() {
  release();
}

void RunClaim::release() {
  if (file_.empty()) return;
  std::error_code ignored;  // gone already: nothing of ours to remove
  if (held()) std::filesystem::remove(file_, ignored);
  ::close(fd_);
  fd_ = -1;
  file_.clear();
}

void RunClaim::heartbeat() const {
  ::futimens(fd_, nullptr);  // the file this claim made, not whatever is at its name now
}

bool RunClaim::held() const {
  struct stat at_path {};
  struct stat ours {};
  return ::stat(file_.c_str(), &at_path) == 0 && ::fstat(fd_, &ours) == 0 &&
         at_path.st_dev == ours.st_dev && at_path.st_ino == ours.st_ino;
}

std::string claim_owner() {
  char host[256] = {};
  ::gethostname(host, sizeof(host) - 1);
  const long pid = static_cast<long>(::getpid());
  return std::string(host) + ":" + std::to_string(pid) + ":" + process_start(pid);
}

}  // namespace symplex::io
