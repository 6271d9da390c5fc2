#include "symplex/io/csv.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "symplex/io/atomic_file.h"

namespace symplex::io {
namespace {

std::string quoted(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

CsvCell::CsvCell(double value) : text(fmt::format("{}", value)) {}
CsvCell::CsvCell(int64_t value) : text(std::to_string(value)) {}

CsvCell number_or_empty(double value) {
  return std::isnan(value) ? CsvCell("") : CsvCell(value);
}

std::string csv_line(const std::vector<CsvCell>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += ',';
    line += quoted(cells[i].text);
  }
  return line + "\n";
}

CsvWriter::CsvWriter(const std::filesystem::path& path, std::vector<std::string> columns)
    : out_(path, std::ios::trunc | std::ios::binary), width_(columns.size()), path_(path) {
  if (!out_) throw WriteError("cannot create " + path.string());
  write(csv_line(std::vector<CsvCell>(columns.begin(), columns.end())));
}

CsvWriter::CsvWriter(const std::filesystem::path& path, std::vector<std::string> columns,
                     uint64_t keep_bytes)
    : width_(columns.size()), path_(path), bytes_(keep_bytes) {
  const std::string header = csv_line(std::vector<CsvCell>(columns.begin(), columns.end()));
  const std::string kept = read_file(path).substr(0, keep_bytes);
  if (kept.size() != keep_bytes || kept.compare(0, header.size(), header) != 0) {
    throw std::runtime_error(fmt::format(
        "{} is not the file its checkpoint accounts for ({} bytes beginning with its header)",
        path.string(), keep_bytes));
  }
  std::filesystem::resize_file(path, keep_bytes);
  out_.open(path, std::ios::app | std::ios::binary);
  if (!out_) throw WriteError("cannot append to " + path.string());
}

void CsvWriter::add_row(const std::vector<CsvCell>& cells) {
  if (cells.size() != width_) {
    throw std::logic_error(
        fmt::format("{}: row has {} cells, header has {}", path_.string(), cells.size(), width_));
  }
  write(csv_line(cells));
}

void CsvWriter::write(const std::string& text) {
  out_ << text << std::flush;
  if (!out_) throw WriteError("cannot write " + path_.string());
  bytes_ += text.size();
}

size_t CsvTable::column(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return i;
  }
  throw std::out_of_range("no CSV column '" + name + "'");
}

CsvTable parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool in_quotes = false;
  bool record_open = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    record_open = true;
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      in_quotes = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      record_open = false;
    } else if (c != '\r') {
      field += c;
    }
  }
  if (in_quotes) throw std::runtime_error("CSV ends inside a quoted field");
  if (record_open) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  CsvTable table;
  if (records.empty()) return table;
  table.columns = std::move(records.front());
  for (size_t i = 1; i < records.size(); ++i) {
    if (records[i].size() != table.columns.size()) {
      throw std::runtime_error(fmt::format("CSV row {} has {} fields, header has {}", i + 1,
                                           records[i].size(), table.columns.size()));
    }
    table.rows.push_back(std::move(records[i]));
  }
  return table;
}

CsvTable read_csv(const std::filesystem::path& path) {
  return parse_csv(read_file(path));
}

}  // namespace symplex::io
