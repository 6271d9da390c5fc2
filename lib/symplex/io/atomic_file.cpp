#include "symplex/io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace symplex::io {
namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  throw WriteError(what + " " + path.string() + ": " + std::strerror(errno));
}

void sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;  // best effort: some file systems do not allow it
  ::fsync(fd);
  ::close(fd);
}

// Writes `content` to a fresh temporary beside `path`, flushed to disk, and returns its name.
std::filesystem::path write_temporary(const std::filesystem::path& path,
                                      const std::string& content) {
  // A fresh name, created exclusively: a link planted at a predictable name (anyone who can
  // write a shared sweep folder could) is never followed out of the folder.
  std::string temp_name = path.string() + ".tmp.XXXXXX";
  const int fd = ::mkstemp(temp_name.data());
  const std::filesystem::path temp = temp_name;
  if (fd < 0) fail("cannot create", temp);
  // Nothing half-written stays behind (a full disk must not fill up with partial copies).
  bool open = true;
  const auto give_up = [&](const char* what, const std::filesystem::path& where) {
    const int error = errno;
    if (open) ::close(fd);
    ::unlink(temp.c_str());
    errno = error;
    fail(what, where);
  };
  if (::fchmod(fd, 0644) != 0) give_up("cannot set the mode of", temp);
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      give_up("cannot write", temp);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) give_up("cannot flush", temp);
  open = false;
  if (::close(fd) != 0) give_up("cannot flush", temp);
  return temp;
}

}  // namespace

void write_file_atomic(const std::filesystem::path& path, const std::string& content) {
  const auto temp = write_temporary(path, content);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    errno = error;
    fail("cannot rename onto", path);
  }
  sync_directory(path.parent_path());
}

bool create_file_atomic(const std::filesystem::path& path, const std::string& content) {
  const auto temp = write_temporary(path, content);
  bool created = ::link(temp.c_str(), path.c_str()) == 0;
  int error = errno;
  if (!created && (error == EPERM || error == EOPNOTSUPP || error == ENOTSUP)) {
    // A file system without hard links (some FUSE and CIFS mounts): renaming onto a name that an
    // exclusive create made for us is atomic too, for all but the moment between the two.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    created = fd >= 0;
    error = errno;
    if (created) {
      ::close(fd);
      created = ::rename(temp.c_str(), path.c_str()) == 0;
      error = errno;
    }
  }
  ::unlink(temp.c_str());
  if (!created && error != EEXIST) {
    errno = error;
    fail("cannot create", path);
  }
  if (created) sync_directory(path.parent_path());
  return created;
}

std::filesystem::path set_aside(const std::filesystem::path& path) {
  auto aside = path;
  aside += ".damaged";
  std::filesystem::remove_all(aside);
  std::filesystem::rename(path, aside);
  return aside;
}

void remove_temporaries(const std::filesystem::path& dir) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    const auto at = name.rfind(".tmp.");
    if (at != std::string::npos && name.size() == at + 5 + 6) {
      std::filesystem::remove(entry.path(), error);
    }
  }
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace symplex::io
