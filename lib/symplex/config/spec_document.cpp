#include "symplex/config/spec_document.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "symplex/config/spec_screening.h"

namespace symplex::config {
namespace {

std::string mark_text(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null()) return file;
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream stream(path);
  std::string part;
  while (std::getline(stream, part, '.'))
    parts.push_back(part);
  return parts;
}

// Applies one "a.b.c=value" to the tree; returns the key path, or records a problem.
std::string apply_override(YAML::Node& root, const std::string& text,
                           std::vector<SpecProblem>& problems) {
  const std::string where = "--set " + text;
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    problems.push_back({where, "", "expected key.path=value"});
    return {};
  }
  const std::string path = text.substr(0, eq);
  const auto parts = split_path(path);
  for (const auto& part : parts) {
    if (part.empty()) {
      problems.push_back({where, path, "empty component in key path"});
      return {};
    }
  }
  const std::string value_text = text.substr(eq + 1);
  if (auto screened = screen_spec_text(where, value_text); !screened.empty()) {
    for (auto& problem : screened)
      problems.push_back({where, path, problem.message});
    return {};
  }
  YAML::Node value;
  try {
    value = YAML::Load(value_text);
  } catch (const YAML::Exception& e) {
    problems.push_back({where, path, "cannot parse value: " + e.msg});
    return {};
  }
  YAML::Node cursor = root;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    YAML::Node next = cursor[parts[i]];
    if (!next.IsDefined() || next.IsNull()) {
      next = YAML::Node(YAML::NodeType::Map);
    } else if (!next.IsMap()) {
      problems.push_back({where, path, "'" + parts[i] + "' is not a mapping"});
      return {};
    }
    cursor.reset(next);
  }
  cursor[parts.back()] = value;
  return path;
}

}  // namespace

SpecDocument SpecDocument::load(const std::string& path,
                                const std::vector<std::string>& overrides) {
  SpecDocument doc;
  doc.file_ = path;
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw SpecInvalid({{path, "", "is a directory, not a spec file"}});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SpecInvalid({{path, "", "cannot open the file"}});
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) throw SpecInvalid({{path, "", "cannot read the file"}});
  if (auto problems = screen_spec_text(path, text.str()); !problems.empty()) {
    throw SpecInvalid(std::move(problems));
  }

  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text.str());
  } catch (const YAML::ParserException& e) {
    throw SpecInvalid({{mark_text(path, e.mark), "", "YAML syntax error: " + e.msg}});
  } catch (const YAML::Exception& e) {
    throw SpecInvalid({{path, "", "cannot parse YAML: " + e.msg}});
  }
  if (documents.empty() || documents.front().IsNull()) {
    throw SpecInvalid({{path, "", "the spec is empty"}});
  }
  if (documents.size() > 1) {
    throw SpecInvalid(
        {{path, "",
          "the spec has " + std::to_string(documents.size()) + " YAML documents; expected one"}});
  }
  doc.root_ = documents.front();
  if (!doc.root_.IsMap()) {
    throw SpecInvalid(
        {{mark_text(path, doc.root_.Mark()), "", "the spec must be a mapping of keys"}});
  }

  std::vector<SpecProblem> problems;
  for (const auto& text_override : overrides) {
    const std::string key = apply_override(doc.root_, text_override, problems);
    if (!key.empty()) doc.overrides_[key] = text_override;
  }
  if (!problems.empty()) throw SpecInvalid(std::move(problems));
  return doc;
}

SpecDocument SpecDocument::empty() {
  SpecDocument doc;
  doc.file_ = "<schema>";
  doc.root_ = YAML::Node(YAML::NodeType::Map);
  return doc;
}

std::string SpecDocument::where(const YAML::Node& node, const std::string& key_path) const {
  for (const auto& [path, text] : overrides_) {
    const bool inside = key_path == path || key_path.rfind(path + ".", 0) == 0;
    if (inside) return "--set " + text;
  }
  return mark_text(file_, node.Mark());
}

}  // namespace symplex::config
