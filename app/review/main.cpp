// borgerkiosk-review: the service designers' review console, its own program so no public kiosk ships
// a report reader. Wiring only: the command line, then the console (review_app.cpp).
#include <iostream>

#include "platform/runner.h"
#include "review/review_app.h"

int main(int argc, char** argv) {
    const bk::review::ParsedReviewOptions parsed = bk::review::ParseReviewArgs(std::vector<std::string>(argv + 1, argv + argc));
    if (!parsed.options) {
        (parsed.exit_code == 0 ? std::cout : std::cerr) << parsed.message;
        return parsed.exit_code;
    }
    bk::BlockStopSignals();  // before the report client's worker starts: only the runner's watcher gets them
    return bk::review::RunReviewConsole(*parsed.options);
}
