#pragma once

#include <filesystem>
#include <optional>
#include <vector>

namespace symplex::core {

// The matplotlib script that draws a kind's plots (scripts/plot_<kind>.py), if it has one. The
// scripts folder is the source tree's, or $SYMPLEX_SCRIPTS when set.
std::optional<std::filesystem::path> plot_script(const std::string& kind);

// Runs a plot script on a sweep folder with Debian's python3 (or $SYMPLEX_PYTHON) and returns
// the PNGs it wrote; throws with the script's exit status when it fails.
std::vector<std::filesystem::path> run_plot_script(const std::filesystem::path& script,
                                                   const std::filesystem::path& sweep_dir);

}  // namespace symplex::core
