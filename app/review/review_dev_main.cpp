// review-console-dev: the review console on its own, until borgerkiosk wires in --review.
#include <iostream>

#include "review/review_app.h"

int main(int argc, char** argv) {
    std::string error;
    const auto options = bk::review::ParseReviewArgs(std::vector<std::string>(argv + 1, argv + argc), &error);
    if (!options) {
        std::cerr << "review-console-dev: " << error << "\n\n" << bk::review::ReviewUsage();
        return 2;
    }
    return bk::review::RunReviewConsole(*options);
}
