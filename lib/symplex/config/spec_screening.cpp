#include "symplex/config/spec_screening.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <sstream>

namespace symplex::config {
namespace {

std::string position(const std::string& where, size_t line, size_t column) {
  return where + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string position(const std::string& where, const YAML::Mark& mark) {
  return position(where, static_cast<size_t>(mark.line) + 1, static_cast<size_t>(mark.column) + 1);
}

// The length of the UTF-8 sequence that starts at text[i], or 0 when it is not valid UTF-8
// (overlong forms, surrogates and code points above U+10FFFF included).
size_t utf8_length(const std::string& text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

// The first NUL byte or invalid UTF-8 sequence, as a problem; empty when the text is clean.
std::vector<SpecProblem> encoding_problems(const std::string& where, const std::string& text) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '\0') {
      return {{position(where, line, column), "", "not a text file (NUL byte)"}};
    }
    const size_t length = utf8_length(text, i);
    if (length == 0) {
      return {{position(where, line, column), "",
               "not valid UTF-8 (a spec is UTF-8 text; was it saved in another encoding?)"}};
    }
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += length;
  }
  return {};
}

struct TooDeep {
  YAML::Mark mark;
};

// Walks the parser's events without building a tree: records aliases, stops at deep nesting.
class Screen : public YAML::EventHandler {
 public:
  explicit Screen(std::string where) : where_(std::move(where)) {}
  std::vector<SpecProblem> problems;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    if (aliases_++ == 0) first_alias_ = mark;
  }
  // One problem for all aliases, at the first.
  void report_aliases() {
    if (aliases_ == 0) return;
    problems.push_back(
        {position(where_, first_alias_), "",
         "YAML aliases (*name) are not allowed in a spec: write the value out" +
             (aliases_ > 1 ? " (" + std::to_string(aliases_) + " aliases, the first here)"
                           : std::string())});
  }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    enter(mark);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    enter(mark);
  }
  void OnMapEnd() override { --depth_; }

 private:
  void enter(const YAML::Mark& mark) {
    if (++depth_ > kMaxSpecNesting) throw TooDeep{mark};
  }
  std::string where_;
  int depth_ = 0;
  size_t aliases_ = 0;
  YAML::Mark first_alias_;
};

}  // namespace

std::vector<SpecProblem> screen_spec_text(const std::string& where, const std::string& text) {
  auto problems = encoding_problems(where, text);
  if (!problems.empty()) return problems;
  Screen screen(where);
  std::istringstream in(text);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(screen)) {
    }
  } catch (const TooDeep& deep) {
    screen.problems.push_back(
        {position(where, deep.mark), "",
         "nesting too deep (more than " + std::to_string(kMaxSpecNesting) + " levels)"});
  } catch (const YAML::Exception&) {
    // A syntax error: the loader reports it with its position.
  }
  screen.report_aliases();
  return screen.problems;
}

}  // namespace symplex::config
