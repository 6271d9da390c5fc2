// Mutated real configs (deleted, duplicated, retyped and misspelt keys, truncated files, random
// bytes): each must validate or be refused with located messages, quickly, and never crash. Runs
// in the sanitizer build too (scripts/test.sh).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "config/spec_test_util.h"
#include "symplex/kinds/spec_validation.h"

namespace symplex::kinds {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines)
    text += line + "\n";
  return text;
}

// One random mutation of a spec's text.
std::string mutate(const std::string& text, std::mt19937& rng) {
  auto lines = lines_of(text);
  const auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  if (lines.empty()) return text + static_cast<char>(pick(256));
  static const std::vector<std::string> values = {
      "ten",      "-1",    ".nan", "3000000000", "[]",    "{}",           "~", "true", "\"\"",
      "[1, [2]]", "1e999", "0x10", "{a: 1}",     "-.inf", "[[[[[[]]]]]]", "é"};
  switch (pick(6)) {
    case 0:  // delete a line
      lines.erase(lines.begin() + static_cast<long>(pick(lines.size())));
      break;
    case 1: {  // duplicate a line
      const size_t i = pick(lines.size());
      lines.insert(lines.begin() + static_cast<long>(i), lines[i]);
      break;
    }
    case 2: {  // retype a value
      auto& line = lines[pick(lines.size())];
      const auto colon = line.find(':');
      if (colon != std::string::npos)
        line = line.substr(0, colon + 1) + " " + values[pick(values.size())];
      break;
    }
    case 3: {  // misspell a key
      auto& line = lines[pick(lines.size())];
      const auto start = line.find_first_not_of(' ');
      const auto colon = line.find(':');
      if (start != std::string::npos && colon != std::string::npos && colon > start + 1) {
        std::swap(line[start + pick(colon - start - 1)], line[colon - 1]);
        line.insert(start + pick(colon - start), 1, static_cast<char>('a' + pick(26)));
      }
      break;
    }
    case 4:  // truncate
      return text.substr(0, pick(text.size()));
    default: {  // random bytes at a random place
      std::string mutated = text;
      const size_t at = pick(mutated.size());
      for (size_t i = 0, n = 1 + pick(16); i < n; ++i)
        mutated.insert(at, 1, static_cast<char>(pick(256)));
      return mutated;
    }
  }
  return joined(lines);
}

std::vector<fs::path> shipped_configs() {
  std::vector<fs::path> configs;
  for (const auto& entry : fs::recursive_directory_iterator(SYMPLEX_SOURCE_DIR "/configs")) {
    if (entry.path().extension() == ".yaml") configs.push_back(entry.path());
  }
  std::sort(configs.begin(), configs.end());
  return configs;
}

TEST(SpecFuzz, MutatedConfigsAreAcceptedOrRefusedWithLocatedMessages) {
  const auto configs = shipped_configs();
  ASSERT_GE(configs.size(), 8u);
  std::mt19937 rng(20261123);
  size_t accepted = 0, refused = 0;
  for (int round = 0; round < 40; ++round) {
    for (const auto& config : configs) {
      std::ifstream in(config);
      std::stringstream text;
      text << in.rdbuf();
      std::string mutated = text.str();
      for (int n = 0; n <= round % 3; ++n)
        mutated = mutate(mutated, rng);
      TempSpec spec(mutated);
      const auto start = std::chrono::steady_clock::now();
      try {
        validate_spec(spec.path(), {});
        ++accepted;
      } catch (const config::SpecInvalid& invalid) {
        ++refused;
        ASSERT_FALSE(invalid.problems().empty());
        for (const auto& problem : invalid.problems()) {
          EXPECT_FALSE(problem.message.empty());
          EXPECT_EQ(problem.where.rfind(spec.path(), 0), 0u) << problem.to_string();
        }
      }
      EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1))
          << config << ":\n"
          << mutated;
    }
  }
  EXPECT_GE(accepted + refused, 200u);
  EXPECT_GT(refused, accepted);  // most mutations break a spec
  std::cout << "mutated specs: " << accepted << " accepted, " << refused << " refused\n";
}

}  // namespace
}  // namespace symplex::kinds
