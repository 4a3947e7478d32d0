# Read-aloud with libespeak-ng on a worker thread. Included from app/platform/CMakeLists.txt:
#   include(${CMAKE_CURRENT_LIST_DIR}/speech.cmake)
# espeak-ng has process-wide state: one EspeakSpeech per process (see speech_espeak.h).
add_library(bk_speech STATIC ${CMAKE_CURRENT_LIST_DIR}/speech_espeak.cpp)
target_include_directories(bk_speech PUBLIC ${CMAKE_SOURCE_DIR}/app)
target_link_libraries(bk_speech PUBLIC bk_core PRIVATE PkgConfig::ESPEAK Threads::Threads)
bk_warnings(bk_speech)
