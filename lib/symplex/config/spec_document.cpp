#include "symplex/config/spec_document.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>

#include "symplex/config/spec_screening.h"

namespace symplex::config {
namespace {

std::string mark_text(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null()) return file;
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// "a.b.c" as {"a", "b", "c"}; empty components are kept ("train." is {"train", ""}).
std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', start)) {
    parts.push_back(path.substr(start, dot - start));
    start = dot + 1;
  }
  parts.push_back(path.substr(start));
  return parts;
}

// Records every explicitly tagged node under `node` (`!!str 20`, `!!python/object`): a spec's
// values are plain YAML, and yaml-cpp would otherwise drop a tag without a word. `where` gives
// a node's location in messages.
void find_tags(const YAML::Node& node, const std::function<std::string(const YAML::Node&)>& where,
               std::vector<SpecProblem>& problems) {
  const std::string& tag = node.Tag();
  if (!tag.empty() && tag != "?" && tag != "!") {
    problems.push_back({where(node), "", "YAML tags are not part of a spec ('" + tag + "')"});
  }
  if (node.IsMap()) {
    for (const auto& entry : node) {
      find_tags(entry.first, where, problems);
      find_tags(entry.second, where, problems);
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node)
      find_tags(item, where, problems);
  }
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
    if (std::isspace(static_cast<unsigned char>(part.front())) ||
        std::isspace(static_cast<unsigned char>(part.back()))) {
      problems.push_back({where, path, "a key has no spaces around it"});
      return {};
    }
  }
  const std::string value_text = text.substr(eq + 1);
  if (auto screened = screen_spec_text(where, value_text); !screened.empty()) {
    for (auto& problem : screened)
      problems.push_back({where, path, problem.message});
    return {};
  }
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(value_text);
  } catch (const YAML::Exception& e) {
    problems.push_back({where, path, "cannot parse value: " + e.msg});
    return {};
  }
  if (documents.size() > 1) {
    problems.push_back(
        {where, path,
         "the value is " + std::to_string(documents.size()) + " YAML documents; expected one"});
    return {};
  }
  YAML::Node value = documents.empty() ? YAML::Node() : documents.front();
  const size_t problems_before = problems.size();
  find_tags(
      value, [&](const YAML::Node&) { return where; }, problems);
  if (problems.size() != problems_before) return {};
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
  const auto status = std::filesystem::status(path, error);
  if (std::filesystem::is_directory(status)) {
    throw SpecInvalid({{path, "", "is a directory, not a spec file"}});
  }
  // A FIFO would block the read and a device (/dev/zero) would never end it.
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    throw SpecInvalid({{path, "", "is not a regular file (a FIFO, a device or a socket)"}});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SpecInvalid({{path, "", "cannot open the file"}});
  // Read at most one byte past the limit: the file may grow while it is read.
  std::string bytes(kMaxSpecBytes + 1, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (in.bad()) throw SpecInvalid({{path, "", "cannot read the file"}});
  bytes.resize(static_cast<size_t>(in.gcount()));
  if (bytes.size() > kMaxSpecBytes) {
    throw SpecInvalid({{path, "",
                        "is larger than " + std::to_string(kMaxSpecBytes >> 10) +
                            " KiB; a spec is a page of YAML"}});
  }
  if (auto problems = screen_spec_text(path, bytes); !problems.empty()) {
    throw SpecInvalid(std::move(problems));
  }

  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(bytes);
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
  find_tags(
      doc.root_, [&](const YAML::Node& node) { return mark_text(path, node.Mark()); }, problems);
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
    // A mapping that is not in the file (no mark) was made by the --set of a key inside it.
    const bool made_by = node.Mark().is_null() && path.rfind(key_path + ".", 0) == 0;
    if (inside || made_by) return "--set " + text;
  }
  return mark_text(file_, node.Mark());
}

}  // namespace symplex::config
