# Registry benchmarks; included from tests/bench/CMakeLists.txt:
#   include(${CMAKE_CURRENT_SOURCE_DIR}/registry.cmake)
# Run: build/tests/bench/registry_bench [total_events=5000000] [timed_events=200000] [connections=4] [kiosks=20]
if(NOT TARGET registry_bench)
  # The fixture source is compiled in (not linked as bk_test_registry) so the bench builds with tests off.
  add_executable(registry_bench
    ${CMAKE_CURRENT_LIST_DIR}/registry_bench.cpp
    ${CMAKE_SOURCE_DIR}/tests/support/registry_fixture.cpp
    ${CMAKE_SOURCE_DIR}/tests/support/postgres_server.cpp
    ${CMAKE_SOURCE_DIR}/tests/support/process.cpp)
  target_include_directories(registry_bench PRIVATE ${CMAKE_SOURCE_DIR}/tests/support)
  target_compile_definitions(registry_bench PRIVATE
    BK_POSTGRES_SERVER_NO_GTEST
    BK_REGISTRY_STUB_PATH="$<TARGET_FILE:registry-stub>"
    BK_REGISTRY_TEST_STRATEGIES="${CMAKE_SOURCE_DIR}/tests/registry/data/strategies"
    BK_REGISTRY_TEST_SERVICES="${CMAKE_SOURCE_DIR}/tests/registry/data/services")
  target_link_libraries(registry_bench PRIVATE PkgConfig::HTTPLIB PkgConfig::SQLITE nlohmann_json::nlohmann_json Threads::Threads)
  add_dependencies(registry_bench registry-stub)
  bk_warnings(registry_bench)
endif()
