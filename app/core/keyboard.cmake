# On-screen keyboard model (plain C++). Included from app/core/CMakeLists.txt:
#   include(${CMAKE_CURRENT_LIST_DIR}/keyboard.cmake)
add_library(bk_keyboard STATIC ${CMAKE_CURRENT_LIST_DIR}/keyboard.cpp)
target_include_directories(bk_keyboard PUBLIC ${CMAKE_SOURCE_DIR}/app)
# ICU gives each letter its capital by the language's own rules (Turkish i -> İ).
target_link_libraries(bk_keyboard PRIVATE ICU::uc)
bk_warnings(bk_keyboard)
