// Starts the GUI: opens the session (database + embedded pipeline) and shows the main window.
#pragma once

#include "config.h"

namespace eos {

class ConsoleApp {
public:
    static int run(const Config &config);  // QApplication must exist
};

}  // namespace eos
