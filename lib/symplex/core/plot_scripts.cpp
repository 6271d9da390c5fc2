#include "symplex/core/plot_scripts.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

namespace symplex::core {
namespace {

std::string environment_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

// Single quotes for the shell: 'it'\''s'.
std::string shell_quoted(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

std::optional<std::filesystem::path> plot_script(const std::string& kind) {
  const std::filesystem::path script =
      std::filesystem::path(environment_or("SYMPLEX_SCRIPTS", SYMPLEX_SCRIPTS_DIR)) /
      ("plot_" + kind + ".py");
  if (!std::filesystem::exists(script)) return std::nullopt;
  return script;
}

std::vector<std::filesystem::path> run_plot_script(const std::filesystem::path& script,
                                                   const std::filesystem::path& sweep_dir) {
  const std::string command =
      fmt::format("{} {} {}", shell_quoted(environment_or("SYMPLEX_PYTHON", "/usr/bin/python3")),
                  shell_quoted(script.string()), shell_quoted(sweep_dir.string()));
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot start " + command);
  std::vector<std::filesystem::path> pngs;
  std::string line;
  for (int c = std::fgetc(pipe.get()); c != EOF; c = std::fgetc(pipe.get())) {
    if (c != '\n') {
      line += static_cast<char>(c);
    } else if (!line.empty()) {
      pngs.emplace_back(line);
      line.clear();
    }
  }
  const int status = pclose(pipe.release());
  if (status != 0) {
    throw std::runtime_error(fmt::format("{} failed (status {})", command, status));
  }
  return pngs;
}

}  // namespace symplex::core
