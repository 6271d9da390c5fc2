#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace symplex::runner {

// A script of the scripts folder (the source tree's, or $SYMPLEX_SCRIPTS when set), if it exists.
std::optional<std::filesystem::path> find_script(const std::string& file_name);

// Runs a Python script with Debian's python3 (or $SYMPLEX_PYTHON) and returns what it printed;
// throws with its exit status when it fails.
std::string run_python(const std::filesystem::path& script,
                       const std::vector<std::string>& arguments);

// Runs a plot script on a sweep folder and returns the PNGs it wrote.
std::vector<std::filesystem::path> run_plot_script(const std::filesystem::path& script,
                                                   const std::filesystem::path& sweep_dir);

}  // namespace symplex::runner
