#include "schema/json_schema.h"

#include <bitset>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string_view>

namespace bk::registry {

namespace {

using nlohmann::json;

enum TypeBit : unsigned {
    kNull = 1u << 0,
    kBoolean = 1u << 1,
    kInteger = 1u << 2,
    kNumber = 1u << 3,  // any number, integers included
    kString = 1u << 4,
    kArray = 1u << 5,
    kObject = 1u << 6,
};

unsigned TypeBitFromName(const std::string& name) {
    if (name == "null") return kNull;
    if (name == "boolean") return kBoolean;
    if (name == "integer") return kInteger;
    if (name == "number") return kNumber;
    if (name == "string") return kString;
    if (name == "array") return kArray;
    if (name == "object") return kObject;
    throw SchemaCompileError("unknown type name '" + name + "'");
}

// JSON Schema counts 1.0 as an integer.
bool IsIntegral(const json& value) {
    if (value.is_number_integer()) return true;
    if (!value.is_number_float()) return false;
    const double d = value.get<double>();
    return std::isfinite(d) && std::floor(d) == d;
}

bool MatchesType(const json& value, unsigned mask) {
    switch (value.type()) {
        case json::value_t::null: return mask & kNull;
        case json::value_t::boolean: return mask & kBoolean;
        case json::value_t::number_integer:
        case json::value_t::number_unsigned: return mask & (kInteger | kNumber);
        case json::value_t::number_float: return (mask & kNumber) || ((mask & kInteger) && IsIntegral(value));
        case json::value_t::string: return mask & kString;
        case json::value_t::array: return mask & kArray;
        case json::value_t::object: return mask & kObject;
        default: return false;
    }
}

std::string TypeNames(unsigned mask) {
    static const char* kNames[] = {"null", "boolean", "integer", "number", "string", "array", "object"};
    std::string out;
    for (int i = 0; i < 7; ++i) {
        if (mask & (1u << i)) out += (out.empty() ? "" : " or ") + std::string(kNames[i]);
    }
    return out;
}

// Code points, not bytes, as the spec says for minLength/maxLength.
std::size_t Utf8Length(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) {
        if ((c & 0xC0) != 0x80) ++n;
    }
    return n;
}

std::string EscapePointerToken(const std::string& token) {
    std::string out;
    for (char c : token) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

std::string NumberText(double d) {
    if (std::floor(d) == d && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
    return json(d).dump();
}

// The instance path as a chain on the stack; only turned into a string when an error is reported,
// because building it for every member made validation several times slower.
struct PathLink {
    const PathLink* parent = nullptr;
    std::string_view key;   // member name, or empty with is_index
    std::size_t index = 0;
    bool is_index = false;
};

std::string PathText(const PathLink* link) {
    if (!link) return {};
    std::string text = PathText(link->parent);
    text += '/';
    text += link->is_index ? std::to_string(link->index) : EscapePointerToken(std::string(link->key));
    return text;
}

// A matcher for the common shape of schema patterns: anchored ^...$, literals, classes [...], \d \w \s, '.',
// greedy quantifiers and groups used with '?'. std::regex costs about half a microsecond per call, which
// mattered at tens of thousands of events per second. Anything else (alternation, lazy quantifiers,
// backreferences...) makes Compile() fail and the caller keeps std::regex.
class FastPattern {
public:
    static std::optional<FastPattern> Compile(const std::string& pattern) {
        if (pattern.size() < 2 || pattern.front() != '^' || pattern.back() != '$') return std::nullopt;
        if (pattern.size() >= 3 && pattern[pattern.size() - 2] == '\\') return std::nullopt;
        FastPattern out;
        std::size_t pos = 1;
        if (!ParseSequence(pattern, pos, pattern.size() - 1, out.m_atoms) || pos != pattern.size() - 1) return std::nullopt;
        return out;
    }
    // nullopt = gave up (step budget); the caller falls back to std::regex.
    std::optional<bool> Matches(std::string_view text) const {
        int budget = 10000;
        std::vector<const Atom*> rest;
        for (const auto& atom : m_atoms) rest.push_back(&atom);
        const bool matched = MatchFrom(rest, 0, text, 0, budget);
        if (budget < 0) return std::nullopt;
        return matched;
    }

private:
    struct Atom {
        std::bitset<256> set;
        bool is_group = false;
        std::vector<Atom> children;
        int min = 1;
        int max = 1;
    };
    std::vector<Atom> m_atoms;

    static bool ParseEscape(char c, std::bitset<256>& set) {
        auto range = [&](int from, int to) { for (int i = from; i <= to; ++i) set.set(static_cast<std::size_t>(i)); };
        if (c == 'd') range('0', '9');
        else if (c == 'w') { range('0', '9'); range('a', 'z'); range('A', 'Z'); set.set('_'); }
        else if (c == 's') { for (char w : {' ', '\t', '\n', '\r', '\f', '\v'}) set.set(static_cast<unsigned char>(w)); }
        else if (std::isalnum(static_cast<unsigned char>(c))) return false;  // \b, \D, \u... not handled here
        else set.set(static_cast<unsigned char>(c));
        return true;
    }
    static bool ParseClass(const std::string& p, std::size_t& pos, std::bitset<256>& set) {
        ++pos;  // '['
        if (pos < p.size() && (p[pos] == '^' || p[pos] == ']')) return false;  // negation; "[]" differs by dialect
        while (pos < p.size() && p[pos] != ']') {
            unsigned char c = static_cast<unsigned char>(p[pos]);
            if (c == '\\') {
                if (++pos >= p.size() || !ParseEscape(p[pos], set)) return false;
                ++pos;
                continue;
            }
            if (pos + 2 < p.size() && p[pos + 1] == '-' && p[pos + 2] != ']') {
                const unsigned char to = static_cast<unsigned char>(p[pos + 2]);
                if (to < c || to == '\\') return false;
                for (int i = c; i <= to; ++i) set.set(static_cast<std::size_t>(i));
                pos += 3;
                continue;
            }
            set.set(c);
            ++pos;
        }
        if (pos >= p.size()) return false;
        ++pos;  // ']'
        return true;
    }
    static bool ParseQuantifier(const std::string& p, std::size_t& pos, Atom& atom) {
        if (pos >= p.size()) return true;
        const char c = p[pos];
        if (c == '?') { atom.min = 0; atom.max = 1; ++pos; }
        else if (c == '*') { atom.min = 0; atom.max = 1 << 30; ++pos; }
        else if (c == '+') { atom.min = 1; atom.max = 1 << 30; ++pos; }
        else if (c == '{') {
            const std::size_t close = p.find('}', pos);
            if (close == std::string::npos) return false;
            const std::string body = p.substr(pos + 1, close - pos - 1);
            const std::size_t comma = body.find(',');
            try {
                atom.min = std::stoi(body.substr(0, comma));
                atom.max = comma == std::string::npos ? atom.min
                           : comma + 1 == body.size() ? 1 << 30 : std::stoi(body.substr(comma + 1));
            } catch (const std::exception&) {
                return false;
            }
            if (atom.min < 0 || atom.max < atom.min) return false;
            pos = close + 1;
        } else {
            return true;
        }
        return pos >= p.size() || (p[pos] != '?' && p[pos] != '+');  // lazy/possessive: not here
    }
    static bool ParseSequence(const std::string& p, std::size_t& pos, std::size_t end, std::vector<Atom>& out) {
        while (pos < end && p[pos] != ')') {
            Atom atom;
            const char c = p[pos];
            if (c == '[') {
                if (!ParseClass(p, pos, atom.set)) return false;
            } else if (c == '(') {
                ++pos;
                if (pos < end && p[pos] == '?') return false;  // (?:...), lookarounds
                atom.is_group = true;
                if (!ParseSequence(p, pos, end, atom.children) || pos >= end || p[pos] != ')') return false;
                ++pos;
            } else if (c == '\\') {
                if (pos + 1 >= end || !ParseEscape(p[pos + 1], atom.set)) return false;
                pos += 2;
            } else if (c == '.') {
                atom.set.set();
                atom.set.reset('\n');
                atom.set.reset('\r');
                ++pos;
            } else if (std::string_view("^$|*+?{}]").find(c) != std::string_view::npos) {
                return false;
            } else {
                atom.set.set(static_cast<unsigned char>(c));
                ++pos;
            }
            if (!ParseQuantifier(p, pos, atom)) return false;
            if (atom.is_group && atom.max > 1) return false;  // repeated groups: leave to std::regex
            out.push_back(std::move(atom));
        }
        return true;
    }
    // Matches atoms[i..] against text[pos..] up to the end of the text.
    static bool MatchFrom(const std::vector<const Atom*>& atoms, std::size_t i, std::string_view text, std::size_t pos,
                          int& budget) {
        if (--budget < 0) return false;
        if (i == atoms.size()) return pos == text.size();
        const Atom& atom = *atoms[i];
        if (atom.is_group) {  // min 0 or 1, max 1: try the group, then (if optional) without it
            std::vector<const Atom*> with;
            for (const auto& child : atom.children) with.push_back(&child);
            with.insert(with.end(), atoms.begin() + static_cast<std::ptrdiff_t>(i) + 1, atoms.end());
            if (MatchFrom(with, 0, text, pos, budget)) return true;
            return atom.min == 0 && MatchFrom(atoms, i + 1, text, pos, budget);
        }
        std::size_t count = 0;
        while (count < static_cast<std::size_t>(atom.max) && pos + count < text.size() &&
               atom.set.test(static_cast<unsigned char>(text[pos + count]))) {
            ++count;
        }
        for (std::size_t n = count + 1; n-- > static_cast<std::size_t>(atom.min);) {
            if (MatchFrom(atoms, i + 1, text, pos + n, budget)) return true;
            if (budget < 0) return false;
        }
        return false;
    }
};

struct Node {
    bool always_false = false;  // the boolean schema `false`
    unsigned type_mask = 0;     // 0 = no "type" keyword
    std::vector<std::string> required;
    std::map<std::string, int, std::less<>> properties;
    bool additional_forbidden = false;
    int additional = -1;
    std::optional<json> const_value;
    std::optional<std::vector<json>> enum_values;
    std::optional<double> minimum, maximum;
    std::optional<std::size_t> min_length, max_length, max_items;
    std::optional<std::regex> pattern;
    std::optional<FastPattern> fast_pattern;
    std::string pattern_text;
    int items = -1;
    std::vector<int> all_of;
    int if_node = -1, then_node = -1, else_node = -1;
    bool has_ref = false;
    int ref = -1;
    std::string ref_text;
};

}  // namespace

struct JsonSchema::Impl {
    std::vector<Node> nodes;
    json document;
    std::map<std::string, int> by_pointer;  // compiled node per JSON pointer, for $ref

    int CompileAt(const std::string& pointer);
    void ResolveRefs();
    bool Check(int node_index, const json& value, const PathLink* path, std::vector<SchemaError>* errors,
               std::size_t max_errors, int depth) const;
};

int JsonSchema::Impl::CompileAt(const std::string& pointer) {
    if (auto it = by_pointer.find(pointer); it != by_pointer.end()) return it->second;
    const json& schema = document.at(json::json_pointer(pointer));
    const int index = static_cast<int>(nodes.size());
    nodes.emplace_back();
    by_pointer[pointer] = index;

    if (schema.is_boolean()) {
        nodes[index].always_false = !schema.get<bool>();
        return index;
    }
    if (!schema.is_object()) throw SchemaCompileError(pointer + ": a schema must be an object or a boolean");

    // Build into a local and store at the end: recursive compiles may reallocate `nodes`.
    Node node;
    for (const auto& [key, value] : schema.items()) {
        const std::string here = pointer + "/" + EscapePointerToken(key);
        if (key == "$schema" || key == "$id" || key == "title" || key == "description" || key == "$comment" ||
            key == "default" || key == "examples") {
            continue;
        } else if (key == "$defs") {
            if (!value.is_object()) throw SchemaCompileError(here + ": must be an object");
            for (const auto& [name, unused] : value.items()) CompileAt(here + "/" + EscapePointerToken(name));
        } else if (key == "type") {
            if (value.is_string()) {
                node.type_mask = TypeBitFromName(value.get<std::string>());
            } else if (value.is_array() && !value.empty()) {
                for (const auto& t : value) {
                    if (!t.is_string()) throw SchemaCompileError(here + ": type names must be strings");
                    node.type_mask |= TypeBitFromName(t.get<std::string>());
                }
            } else {
                throw SchemaCompileError(here + ": must be a string or a non-empty array");
            }
        } else if (key == "required") {
            if (!value.is_array()) throw SchemaCompileError(here + ": must be an array");
            for (const auto& name : value) {
                if (!name.is_string()) throw SchemaCompileError(here + ": must hold strings");
                node.required.push_back(name.get<std::string>());
            }
        } else if (key == "properties") {
            if (!value.is_object()) throw SchemaCompileError(here + ": must be an object");
            for (const auto& [name, unused] : value.items()) {
                node.properties[name] = CompileAt(here + "/" + EscapePointerToken(name));
            }
        } else if (key == "additionalProperties") {
            if (value.is_boolean()) node.additional_forbidden = !value.get<bool>();
            else node.additional = CompileAt(here);
        } else if (key == "enum") {
            if (!value.is_array()) throw SchemaCompileError(here + ": must be an array");
            node.enum_values = value.get<std::vector<json>>();
        } else if (key == "const") {
            node.const_value = value;
        } else if (key == "minimum" || key == "maximum") {
            if (!value.is_number()) throw SchemaCompileError(here + ": must be a number");
            (key == "minimum" ? node.minimum : node.maximum) = value.get<double>();
        } else if (key == "minLength" || key == "maxLength" || key == "maxItems") {
            if (!value.is_number_unsigned() && !(value.is_number_integer() && value.get<long long>() >= 0)) {
                throw SchemaCompileError(here + ": must be a non-negative integer");
            }
            const auto n = value.get<std::size_t>();
            if (key == "minLength") node.min_length = n;
            else if (key == "maxLength") node.max_length = n;
            else node.max_items = n;
        } else if (key == "pattern") {
            if (!value.is_string()) throw SchemaCompileError(here + ": must be a string");
            node.pattern_text = value.get<std::string>();
            try {
                node.pattern.emplace(node.pattern_text, std::regex::ECMAScript | std::regex::optimize);
                node.fast_pattern = FastPattern::Compile(node.pattern_text);
            } catch (const std::regex_error& e) {
                throw SchemaCompileError(here + ": bad regular expression: " + e.what());
            }
        } else if (key == "items") {
            node.items = CompileAt(here);
        } else if (key == "allOf") {
            if (!value.is_array() || value.empty()) throw SchemaCompileError(here + ": must be a non-empty array");
            for (std::size_t i = 0; i < value.size(); ++i) node.all_of.push_back(CompileAt(here + "/" + std::to_string(i)));
        } else if (key == "if") {
            node.if_node = CompileAt(here);
        } else if (key == "then") {
            node.then_node = CompileAt(here);
        } else if (key == "else") {
            node.else_node = CompileAt(here);
        } else if (key == "$ref") {
            if (!value.is_string() || value.get<std::string>().rfind("#", 0) != 0) {
                throw SchemaCompileError(here + ": only same-document references (\"#/...\") are supported");
            }
            node.has_ref = true;
            node.ref_text = value.get<std::string>().substr(1);
        } else {
            throw SchemaCompileError(here + ": keyword '" + key + "' is not supported by this validator");
        }
    }
    nodes[index] = std::move(node);
    return index;
}

void JsonSchema::Impl::ResolveRefs() {
    // Resolving may compile new nodes (a $ref to a sub-schema outside $defs), so loop by index.
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (!nodes[i].has_ref || nodes[i].ref >= 0) continue;
        const std::string target = nodes[i].ref_text;
        try {
            const int resolved = CompileAt(target);
            nodes[i].ref = resolved;
        } catch (const json::exception&) {
            throw SchemaCompileError("$ref '#" + target + "' does not resolve");
        }
    }
}

bool JsonSchema::Impl::Check(int node_index, const json& value, const PathLink* path,
                             std::vector<SchemaError>* errors, std::size_t max_errors, int depth) const {
    const Node& node = nodes[static_cast<std::size_t>(node_index)];
    bool ok = true;
    // errors == nullptr: only the verdict is wanted (inside "if"); stop at the first failure.
    auto fail = [&](std::string message) {
        ok = false;
        if (errors && errors->size() < max_errors) errors->push_back({PathText(path), std::move(message)});
    };
    auto full = [&]() { return !errors ? !ok : errors->size() >= max_errors; };

    if (depth > 64) {  // a $ref cycle or absurd nesting; never recurse without bound
        fail("schema nesting too deep");
        return false;
    }
    if (node.always_false) {
        fail("is not allowed here");
        return false;
    }
    if (node.ref >= 0 && !Check(node.ref, value, path, errors, max_errors, depth + 1)) ok = false;
    if (full()) return ok;

    if (node.type_mask && !MatchesType(value, node.type_mask)) {
        fail("must be of type " + TypeNames(node.type_mask));
        return false;  // the other keywords would only add noise
    }
    if (node.const_value && value != *node.const_value) fail("must be " + node.const_value->dump());
    if (node.enum_values) {
        bool found = false;
        for (const auto& candidate : *node.enum_values) {
            if (candidate == value) { found = true; break; }
        }
        if (!found) {
            std::string allowed;
            for (const auto& candidate : *node.enum_values) allowed += (allowed.empty() ? "" : ", ") + candidate.dump();
            fail("must be one of " + allowed);
        }
    }
    if (full()) return ok;

    if (value.is_number()) {
        const double d = value.get<double>();
        if (node.minimum && !(d >= *node.minimum)) fail("must be >= " + NumberText(*node.minimum));
        if (node.maximum && !(d <= *node.maximum)) fail("must be <= " + NumberText(*node.maximum));
    } else if (value.is_string()) {
        const auto& s = value.get_ref<const std::string&>();
        if (node.min_length || node.max_length) {
            const std::size_t length = Utf8Length(s);
            if (node.min_length && length < *node.min_length) {
                fail("must be at least " + std::to_string(*node.min_length) + " characters");
            }
            if (node.max_length && length > *node.max_length) {
                fail("must be at most " + std::to_string(*node.max_length) + " characters");
            }
        }
        if (node.pattern) {
            std::optional<bool> matched;
            if (node.fast_pattern) matched = node.fast_pattern->Matches(s);
            if (!matched) matched = std::regex_search(s, *node.pattern);
            if (!*matched) fail("must match " + node.pattern_text);
        }
    } else if (value.is_array()) {
        if (node.max_items && value.size() > *node.max_items) {
            fail("must have at most " + std::to_string(*node.max_items) + " items");
        }
        if (node.items >= 0) {
            for (std::size_t i = 0; i < value.size() && !full(); ++i) {
                const PathLink item{path, {}, i, true};
                if (!Check(node.items, value[i], &item, errors, max_errors, depth + 1)) ok = false;
            }
        }
    } else if (value.is_object()) {
        for (const auto& name : node.required) {
            if (!value.contains(name)) fail("missing required property '" + name + "'");
        }
        if (!node.additional_forbidden && node.additional < 0) {
            // Only the named properties matter: look them up instead of walking every member (the
            // if/then branches of the event schema each name just "type").
            for (const auto& [name, sub] : node.properties) {
                if (full()) break;
                auto member = value.find(name);
                if (member == value.end()) continue;
                const PathLink member_path{path, name, 0, false};
                if (!Check(sub, *member, &member_path, errors, max_errors, depth + 1)) ok = false;
            }
        } else {
        for (const auto& [name, member] : value.items()) {
            if (full()) break;
            const PathLink member_path{path, name, 0, false};
            if (auto it = node.properties.find(name); it != node.properties.end()) {
                if (!Check(it->second, member, &member_path, errors, max_errors, depth + 1)) ok = false;
            } else if (node.additional_forbidden) {
                ok = false;
                if (errors && errors->size() < max_errors) {
                    errors->push_back({PathText(&member_path), "is not an allowed property"});
                }
            } else if (node.additional >= 0) {
                if (!Check(node.additional, member, &member_path, errors, max_errors, depth + 1)) ok = false;
            }
        }
        }
    }
    if (full()) return ok;

    for (int sub : node.all_of) {
        if (!Check(sub, value, path, errors, max_errors, depth + 1)) ok = false;
        if (full()) return ok;
    }
    if (node.if_node >= 0) {
        const bool condition = Check(node.if_node, value, path, nullptr, 0, depth + 1);
        const int branch = condition ? node.then_node : node.else_node;
        if (branch >= 0 && !Check(branch, value, path, errors, max_errors, depth + 1)) ok = false;
    }
    return ok;
}

JsonSchema::JsonSchema() = default;
JsonSchema::~JsonSchema() = default;
JsonSchema::JsonSchema(JsonSchema&&) noexcept = default;
JsonSchema& JsonSchema::operator=(JsonSchema&&) noexcept = default;

JsonSchema JsonSchema::Compile(const nlohmann::json& schema) {
    JsonSchema out;
    out.m_impl = std::make_unique<Impl>();
    out.m_impl->document = schema;
    out.m_impl->CompileAt("");
    out.m_impl->ResolveRefs();
    return out;
}

std::vector<SchemaError> JsonSchema::Validate(const nlohmann::json& instance, std::size_t max_errors) const {
    std::vector<SchemaError> errors;
    if (!m_impl) {
        errors.push_back({"", "schema not compiled"});
        return errors;
    }
    if (max_errors == 0) max_errors = 1;
    if (!m_impl->Check(0, instance, nullptr, &errors, max_errors, 0) && errors.empty()) {
        errors.push_back({"", "is invalid"});
    }
    return errors;
}

std::string FormatSchemaError(const SchemaError& error) {
    return (error.path.empty() ? std::string("(root)") : error.path) + ": " + error.message;
}

}  // namespace bk::registry
