// A problem found in a content pack: what is wrong, where, and how bad. The checker prints these and the
// staff screen shows them, so the message is plain English for the person who edits the JSON.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace bk {

enum class Severity {
    Warning,   // the pack still works (e.g. falls back to Danish); fix when convenient
    Error,     // the pack must not be shown to citizens; the kiosk keeps its last known good pack
};

struct Problem {
    Severity severity = Severity::Error;
    std::string file;      // relative to the pack folder, e.g. "services/mitid-app.json"; empty for the pack
    std::string pointer;   // JSON pointer inside the file, e.g. "/steps/2/body/da"; empty for the whole file
    std::string message;   // plain English: what is wrong and, where useful, what to do
};

using Problems = std::vector<Problem>;

// "error: services/x.json#/steps/2/body/da: explanation"
std::string FormatProblem(const Problem& problem);

bool HasErrors(const Problems& problems);
std::size_t CountProblems(const Problems& problems, Severity severity);

}  // namespace bk
