// What each file of a content pack holds: pack.json, a strategy, a service (its steps, and the share of a
// version run side by side), a kiosk profile, one language's UI strings. Each reads one parsed file into the
// model and reports through the FileParser; the walk through the pack folder (reader.cpp) calls them.
#pragma once
#include <map>
#include <string>

#include "content/reader_parser.h"

namespace bk::pack_reader {

void ReadPackInfo(FileParser& parser, const json& root, ContentPack& pack);
void ReadStrategy(FileParser& parser, const json& root, Strategy& strategy);
void ReadService(FileParser& parser, const json& root, Service& service);
void ReadProfile(FileParser& parser, const json& root, KioskProfile& profile);
void ReadUiStrings(FileParser& parser, const json& root, const Lang& lang, std::map<std::string, std::string>& out);

}  // namespace bk::pack_reader
