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

std::string csv_line(const std::vector<CsvCell>& cells);

// Streams rows to a CSV file with a fixed header, flushing each row so that a run that is
// killed keeps what it logged.
class CsvWriter {
 public:
  CsvWriter(const std::filesystem::path& path, std::vector<std::string> columns);
  void add_row(const std::vector<CsvCell>& cells);

 private:
  std::ofstream out_;
  size_t width_;
  std::filesystem::path path_;
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
