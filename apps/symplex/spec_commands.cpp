#include <fmt/format.h>

#include "commands.h"
#include "spec_loader.h"
#include "symplex/kinds/kind_views.h"
#include "symplex/kinds/spec_validation.h"

namespace symplex::cli {

int validate_command(const std::vector<std::string>& specs,
                     const std::vector<std::string>& overrides, std::ostream& out,
                     std::ostream& err) {
  int code = kExitOk;
  for (const auto& path : specs) {
    try {
      const auto spec = load_spec(path, overrides, kinds::runnable_kinds());
      out << fmt::format("{}: valid {} spec, {} runs\n", path, spec.kind,
                         spec.experiment->plan().size());
    } catch (const config::SpecInvalid& invalid) {
      print_problems(invalid, err);
      code = kExitBadSpec;
    }
  }
  return code;
}

int list_command(const std::string& kind, std::ostream& out, std::ostream& err) {
  bool found = kind.empty();
  for (const auto& entry : kinds::kind_views()) {
    if (!kind.empty() && entry.name != kind) continue;
    found = true;
    out << entry.name << ": " << entry.summary << "\n";
    for (const auto& key : kinds::describe_kind(entry)) {
      if (key.type == "mapping") {
        out << fmt::format("  {}:  {}\n", key.path, key.doc);
      } else {
        out << fmt::format("  {:<32} {:<16} {:<24} {}\n", key.path, key.type, key.default_value,
                           key.doc);
      }
    }
    out << "\n";
  }
  if (!found) {
    err << "error: no experiment kind '" << kind << "'\n";
    return kExitBadSpec;
  }
  return kExitOk;
}

}  // namespace symplex::cli
