# Telemetry benchmarks; included from tests/bench/CMakeLists.txt:
#   include(${CMAKE_CURRENT_SOURCE_DIR}/telemetry.cmake)
if(NOT TARGET telemetry_bench)
  add_executable(telemetry_bench ${CMAKE_CURRENT_LIST_DIR}/telemetry_bench.cpp)
  # The in-process stand-in registry is shared with the telemetry tests.
  target_include_directories(telemetry_bench PRIVATE ${CMAKE_SOURCE_DIR}/tests/telemetry)
  target_link_libraries(telemetry_bench PRIVATE bk_telemetry PkgConfig::HTTPLIB)
  bk_warnings(telemetry_bench)
endif()
