// The registry-stub command line (CLI11, help generated): serve, kiosk add|rotate|revoke, reader add|revoke, staff add|revoke.
// Exit codes: 0 done; 1 the command failed (kiosk exists, nothing to revoke, database or server error);
// 2 a bad command line (unknown or missing option, a number that is not one, a bad id).
#pragma once

namespace bk::registry {

int RunCommandLine(int argc, char** argv);

}  // namespace bk::registry
