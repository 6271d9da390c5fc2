#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace symplex::io {

// One CSV field; numbers are written in their shortest exact form, so they parse back equal.
struct CsvCell {
  std::string text;
  CsvCell(double value);
  CsvCell(int64_t value);
  CsvCell(int value) : CsvCell(static_cast<int64_t>(value)) {}
  CsvCell(std::string value) : text(std::move(value)) {}
  CsvCell(const char* value) : text(value) {}
};

// A number, or an empty field where there is none (NaN).
CsvCell number_or_empty(double value);

std::string csv_line(const std::vector<CsvCell>& cells);

// Streams rows to a CSV file with a fixed header, flushing each row so that a run that is
// killed keeps what it logged.
class CsvWriter {
 public:
  CsvWriter(const std::filesystem::path& path, std::vector<std::string> columns);
  // Goes on with a file such a writer began: keeps its first `keep_bytes` bytes (what a
  // checkpoint accounted for; rows after it, and a line torn by a kill, lie beyond) and appends.
  CsvWriter(const std::filesystem::path& path, std::vector<std::string> columns,
            uint64_t keep_bytes);
  void add_row(const std::vector<CsvCell>& cells);
  // The size of the file written so far.
  uint64_t bytes() const { return bytes_; }

 private:
  void write(const std::string& text);

  std::ofstream out_;
  size_t width_;
  std::filesystem::path path_;
  uint64_t bytes_ = 0;
};

struct CsvTable {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;

  // Index of a column; throws when it is absent.
  size_t column(const std::string& name) const;
};

CsvTable parse_csv(const std::string& text);
CsvTable read_csv(const std::filesystem::path& path);

}  // namespace symplex::io
