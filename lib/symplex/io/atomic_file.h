#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace symplex::io {

// A file that could not be written (a full disk, a file-size limit, a read-only folder). What was
// on disk stays as it was, and a run that meets one keeps its last checkpoint.
struct WriteError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Writes `content` to `path` so that a reader sees the old file or the whole new one, never a
// part: a temporary file beside it is written, flushed to disk and renamed over `path`. Throws
// WriteError, leaving no temporary behind.
void write_file_atomic(const std::filesystem::path& path, const std::string& content);

// As write_file_atomic, but only when `path` does not exist yet: of several processes that try at
// once, exactly one creates it (a hard link, atomic on NFS too) and gets true; the others find
// the file in place, whole, and get false.
bool create_file_atomic(const std::filesystem::path& path, const std::string& content);

// Renames a damaged file or folder `path` to `<path>.damaged` (replacing an older one), so that
// it is kept for a look but no longer read; returns the new name.
std::filesystem::path set_aside(const std::filesystem::path& path);

// Removes the temporaries that write_file_atomic leaves in `dir` when the process is killed
// mid-write (<name>.tmp.XXXXXX); only for a folder no other process writes to at the time.
void remove_temporaries(const std::filesystem::path& dir);

std::string read_file(const std::filesystem::path& path);

}  // namespace symplex::io
