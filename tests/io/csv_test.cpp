#include "symplex/io/csv.h"

#include <gtest/gtest.h>

#include <cmath>

namespace symplex::io {
namespace {

TEST(Csv, NumbersRoundTripExactly) {
  const double values[] = {0.1, 1.0 / 3.0, 6.02214076e23, -2.5e-300, 0.0};
  for (const double v : values) {
    const auto table = parse_csv("x\n" + csv_line({v}));
    EXPECT_EQ(std::stod(table.rows.at(0).at(0)), v);
  }
  EXPECT_EQ(CsvCell(int64_t{-42}).text, "-42");
}

TEST(Csv, QuotedFieldsParseBack) {
  const std::vector<CsvCell> row = {"plain", "with,comma", "with \"quotes\"", "two\nlines"};
  const auto table = parse_csv(csv_line({"a", "b", "c", "d"}) + csv_line(row));
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0][1], "with,comma");
  EXPECT_EQ(table.rows[0][2], "with \"quotes\"");
  EXPECT_EQ(table.rows[0][3], "two\nlines");
  EXPECT_EQ(table.column("c"), 2u);
  EXPECT_THROW(table.column("missing"), std::out_of_range);
}

TEST(Csv, RaggedRowsAndOpenQuotesAreErrors) {
  EXPECT_THROW(parse_csv("a,b\n1\n"), std::runtime_error);
  EXPECT_THROW(parse_csv("a\n\"open\n"), std::runtime_error);
}

TEST(Csv, WriterStreamsRowsAndChecksWidth) {
  const auto path = std::filesystem::temp_directory_path() / "symplex_csv_writer_test.csv";
  {
    CsvWriter writer(path, {"step", "loss"});
    writer.add_row({int64_t{1}, 0.5});
    writer.add_row({int64_t{2}, 0.25});
    EXPECT_THROW(writer.add_row({int64_t{3}}), std::logic_error);
  }
  const auto table = read_csv(path);
  EXPECT_EQ(table.columns, (std::vector<std::string>{"step", "loss"}));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[1][1], "0.25");
  std::filesystem::remove(path);
}

TEST(Csv, ResumedWriterCutsBackToTheCheckpointAndDropsATornLine) {
  const auto path = std::filesystem::temp_directory_path() / "symplex_csv_resume_test.csv";
  uint64_t at_checkpoint = 0;
  {
    CsvWriter writer(path, {"step", "loss"});
    writer.add_row({int64_t{1}, 0.5});
    at_checkpoint = writer.bytes();
    EXPECT_EQ(at_checkpoint, std::filesystem::file_size(path));
    writer.add_row({int64_t{2}, 0.25});
  }
  {
    std::ofstream torn(path, std::ios::app);
    torn << "3,0.12";  // a kill in the middle of a row
  }
  {
    CsvWriter writer(path, {"step", "loss"}, at_checkpoint);
    writer.add_row({int64_t{2}, 0.375});
  }
  const auto table = read_csv(path);
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[1], (std::vector<std::string>{"2", "0.375"}));

  EXPECT_THROW(CsvWriter(path, {"step", "energy"}, at_checkpoint), std::runtime_error);
  EXPECT_THROW(CsvWriter(path, {"step", "loss"}, 1000), std::runtime_error);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace symplex::io
