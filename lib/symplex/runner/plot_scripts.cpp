#include "symplex/runner/plot_scripts.h"

#include <fmt/format.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

namespace symplex::runner {
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

std::filesystem::path scripts_dir() {
  return environment_or("SYMPLEX_SCRIPTS", SYMPLEX_SCRIPTS_DIR);
}

}  // namespace

std::optional<std::filesystem::path> find_script(const std::string& file_name) {
  const std::filesystem::path script = scripts_dir() / file_name;
  if (!std::filesystem::exists(script)) return std::nullopt;
  return script;
}

std::filesystem::path source_tree_path(const std::string& path) {
  const std::filesystem::path given(path);
  return given.is_absolute() ? given : scripts_dir().parent_path() / given;
}

std::string run_python(const std::filesystem::path& script,
                       const std::vector<std::string>& arguments, const std::string& python) {
  const std::string interpreter =
      python.empty() ? environment_or("SYMPLEX_PYTHON", "/usr/bin/python3") : python;
  std::string command =
      fmt::format("{} {}", shell_quoted(interpreter), shell_quoted(script.string()));
  for (const auto& argument : arguments) {
    command += ' ';
    command += shell_quoted(argument);
  }
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot start " + command);
  std::string output;
  for (int c = std::fgetc(pipe.get()); c != EOF; c = std::fgetc(pipe.get()))
    output += static_cast<char>(c);
  const int status = pclose(pipe.release());
  if (status != 0) {
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    throw std::runtime_error(fmt::format("{} {} failed ({})", interpreter,
                                         script.filename().string(),
                                         code == 127 ? std::string("not found")
                                         : code >= 0 ? fmt::format("exit status {}", code)
                                                     : std::string("killed by a signal")));
  }
  return output;
}

std::vector<std::filesystem::path> run_plot_script(const std::filesystem::path& script,
                                                   const std::filesystem::path& sweep_dir) {
  std::vector<std::filesystem::path> pngs;
  std::istringstream lines(run_python(script, {sweep_dir.string()}));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) pngs.emplace_back(line);
  }
  return pngs;
}

}  // namespace symplex::runner
