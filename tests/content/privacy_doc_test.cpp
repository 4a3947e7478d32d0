// docs/privacy.md cannot drift from the event schema: every field an event can carry (every name under any
// "properties" of backend-stub/event.schema.json) is described in a table row of the document, in English and in
// Danish. A field added to the schema without a word to the data-protection officer fails here.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

namespace {

std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void CollectProperties(const nlohmann::json& node, std::set<std::string>& names) {
    if (node.is_object()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (it.key() == "properties" && it->is_object())
                for (auto field = it->begin(); field != it->end(); ++field) names.insert(field.key());
            CollectProperties(*it, names);
        }
    } else if (node.is_array()) {
        for (const auto& item : node) CollectProperties(item, names);
    }
}

// The table rows ("| `field` ..." lines) of one part of the document.
std::string TableRows(const std::string& part) {
    std::istringstream lines(part);
    std::string line, rows;
    while (std::getline(lines, line))
        if (line.rfind("| `", 0) == 0) rows += line + "\n";
    return rows;
}

TEST(PrivacyDoc, DescribesEveryEventFieldInEnglishAndDanish) {
    const nlohmann::json schema = nlohmann::json::parse(ReadFile(std::string(BK_SOURCE_DIR) + "/backend-stub/event.schema.json"));
    std::set<std::string> fields;
    CollectProperties(schema, fields);
    ASSERT_GT(fields.size(), 20u) << "the schema's fields were not found";

    const std::string doc = ReadFile(std::string(BK_SOURCE_DIR) + "/docs/privacy.md");
    const auto english = doc.find("\n## English\n");
    const auto danish = doc.find("\n## Dansk\n");
    ASSERT_NE(english, std::string::npos);
    ASSERT_NE(danish, std::string::npos);
    ASSERT_LT(english, danish);
    const std::string english_rows = TableRows(doc.substr(english, danish - english));
    const std::string danish_rows = TableRows(doc.substr(danish));
    for (const std::string& field : fields) {
        const std::string quoted = "`" + field + "`";
        EXPECT_NE(english_rows.find(quoted), std::string::npos) << field << " is not described in docs/privacy.md (English)";
        EXPECT_NE(danish_rows.find(quoted), std::string::npos) << field << " is not described in docs/privacy.md (Dansk)";
    }
}

}  // namespace
