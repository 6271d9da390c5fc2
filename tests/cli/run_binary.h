#pragma once

#include <string>

// The outcome of running the symplex binary as a user would, from the source folder.
struct BinaryResult {
  int exit_code;
  std::string out;
  std::string err;
};

// Runs `symplex <arguments>` (a shell-quoted string) with the source folder as working folder.
BinaryResult run_symplex(const std::string& arguments);
