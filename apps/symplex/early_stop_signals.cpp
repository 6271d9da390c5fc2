// A signal that arrives while the shared libraries are loaded (LibTorch's take some tenths of a
// second, before main) would end symplex with the signal's own exit status instead of 130. The
// launcher (apps/launcher) starts this program with the stop signals blocked; the executable's
// .preinit_array, which runs before any library's initializers, installs the stop handlers and
// unblocks them, so that a signal that came meanwhile is a stop like any other. main then keeps
// the handlers (run) or restores the signals' default action.
#include "symplex/runner/stop_signal.h"

namespace {

void install_stop_handlers_first(int /*argc*/, char** /*argv*/, char** /*envp*/) {
  symplex::runner::install_stop_handlers();
  symplex::runner::set_stop_signals_blocked(false);
}

__attribute__((section(".preinit_array"),
               used)) void (*const kInstallFirst)(int, char**,
                                                  char**) = &install_stop_handlers_first;

}  // namespace
