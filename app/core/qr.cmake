# QR code matrices over libqrencode (plain C++). Included from app/core/CMakeLists.txt:
#   include(${CMAKE_CURRENT_LIST_DIR}/qr.cmake)
add_library(bk_qr STATIC ${CMAKE_CURRENT_LIST_DIR}/qr_code.cpp)
target_include_directories(bk_qr PUBLIC ${CMAKE_SOURCE_DIR}/app)
target_link_libraries(bk_qr PRIVATE PkgConfig::QRENCODE)
bk_warnings(bk_qr)
