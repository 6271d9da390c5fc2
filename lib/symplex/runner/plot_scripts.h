#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace symplex::runner {

// A script of the scripts folder (the source tree's, or $SYMPLEX_SCRIPTS when set), if it exists.
std::optional<std::filesystem::path> find_script(const std::string& file_name);

// Runs a Python script with `python` (empty: $SYMPLEX_PYTHON, else Debian's /usr/bin/python3)
// and returns what it printed; throws with its exit status when it fails.
std::string run_python(const std::filesystem::path& script,
                       const std::vector<std::string>& arguments, const std::string& python = "");

// `path` as it is when absolute, else taken from the source tree's root (the folder that holds
// the scripts folder).
std::filesystem::path source_tree_path(const std::string& path);

// Runs a plot script on a sweep folder and returns the PNGs it wrote.
std::vector<std::filesystem::path> run_plot_script(const std::filesystem::path& script,
                                                   const std::filesystem::path& sweep_dir);

}  // namespace symplex::runner
