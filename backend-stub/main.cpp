// registry-stub: the municipality's central strategy registry, small. Wiring only: the command line is
// src/cli.cpp (`registry-stub --help`), the server src/server.cpp.
#include "src/cli/cli.h"

int main(int argc, char** argv) { return bk::registry::RunCommandLine(argc, argv); }
