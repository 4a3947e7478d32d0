#include "content/problem.h"

#include <algorithm>

namespace bk {

std::string FormatProblem(const Problem& problem) {
    std::string text = problem.severity == Severity::Error ? "error: " : "warning: ";
    std::string where = problem.file;
    if (!problem.pointer.empty()) where += "#" + problem.pointer;
    if (where.empty()) where = "(pack)";
    text += where;
    text += ": ";
    text += problem.message;
    return text;
}

bool HasErrors(const Problems& problems) {
    return CountProblems(problems, Severity::Error) > 0;
}

std::size_t CountProblems(const Problems& problems, Severity severity) {
    return static_cast<std::size_t>(std::count_if(problems.begin(), problems.end(),
                                                  [&](const Problem& p) { return p.severity == severity; }));
}

}  // namespace bk
