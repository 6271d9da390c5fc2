#pragma once

#include <filesystem>
#include <string>

namespace symplex::io {

// Writes `content` to `path` so that a reader sees the old file or the whole new one, never a
// part: a temporary file beside it is written, flushed to disk and renamed over `path`.
void write_file_atomic(const std::filesystem::path& path, const std::string& content);

std::string read_file(const std::filesystem::path& path);

}  // namespace symplex::io
