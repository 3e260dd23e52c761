# Stand-ins for ns-3's build_lib()/build_lib_example() when the module is
# built on its own against an installed ns-3 (find_package(ns3)).

set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE RelWithDebInfo)
endif()

# Debian's ns3ConfigVersion.cmake demands an exact version: ask for none.
find_package(ns3 REQUIRED)

# ns-3 module variables, as an ns-3 source tree defines them.
foreach(
  module
  core network internet applications csma point-to-point bridge
  fd-net-device tap-bridge stats traffic-control wifi mobility
)
  set(lib${module} ns3::lib${module})
endforeach()

option(MLD_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
set(MLD_COMPILE_DEFINITIONS NS3_LOG_ENABLE NS3_ASSERT_ENABLE)
set(MLD_COMPILE_OPTIONS -Wall -Wextra -Wno-unused-parameter)
set(MLD_LINK_OPTIONS)
if(MLD_SANITIZE)
  list(APPEND MLD_COMPILE_OPTIONS -fsanitize=address,undefined -fno-omit-frame-pointer)
  list(APPEND MLD_LINK_OPTIONS -fsanitize=address,undefined)
endif()

# Headers are included as "ns3/<name>.h", as in an ns-3 tree.
set(MLD_HEADER_DIR ${CMAKE_BINARY_DIR}/include)
set(CMAKE_RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
set(CMAKE_LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib)

function(build_lib)
  cmake_parse_arguments(BLIB "" "LIBNAME" "SOURCE_FILES;HEADER_FILES;LIBRARIES_TO_LINK;TEST_SOURCES" ${ARGN})
  foreach(header ${BLIB_HEADER_FILES})
    get_filename_component(name ${header} NAME)
    configure_file(${CMAKE_CURRENT_SOURCE_DIR}/${header} ${MLD_HEADER_DIR}/ns3/${name} COPYONLY)
  endforeach()
  # ns-3 modules provide ns3/<module>-module.h
  set(module_header ${MLD_HEADER_DIR}/ns3/${BLIB_LIBNAME}-module.h)
  set(content "#ifndef NS3_MODULE_MLD\n#define NS3_MODULE_MLD\n")
  foreach(header ${BLIB_HEADER_FILES})
    get_filename_component(name ${header} NAME)
    string(APPEND content "#include \"ns3/${name}\"\n")
  endforeach()
  string(APPEND content "#endif\n")
  file(WRITE ${module_header}.tmp "${content}")
  configure_file(${module_header}.tmp ${module_header} COPYONLY)

  add_library(lib${BLIB_LIBNAME} SHARED ${BLIB_SOURCE_FILES})
  set_target_properties(lib${BLIB_LIBNAME} PROPERTIES OUTPUT_NAME ns3-${BLIB_LIBNAME})
  target_include_directories(lib${BLIB_LIBNAME} PUBLIC ${MLD_HEADER_DIR})
  target_compile_definitions(lib${BLIB_LIBNAME} PUBLIC ${MLD_COMPILE_DEFINITIONS})
  target_compile_options(lib${BLIB_LIBNAME} PRIVATE ${MLD_COMPILE_OPTIONS})
  target_link_options(lib${BLIB_LIBNAME} PUBLIC ${MLD_LINK_OPTIONS})
  target_link_libraries(lib${BLIB_LIBNAME} PUBLIC ${BLIB_LIBRARIES_TO_LINK} ${libcore} ${libnetwork})
  set(lib${BLIB_LIBNAME} lib${BLIB_LIBNAME} PARENT_SCOPE)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/examples/CMakeLists.txt)
    add_subdirectory(examples)
  endif()
endfunction()

function(build_lib_example)
  cmake_parse_arguments(BLIB_EXAMPLE "IGNORE_PCH" "NAME" "SOURCE_FILES;HEADER_FILES;LIBRARIES_TO_LINK" ${ARGN})
  # As ns-3 does: no example whose libraries are not all there.
  foreach(library ${BLIB_EXAMPLE_LIBRARIES_TO_LINK})
    if(NOT TARGET ${library})
      message(STATUS "mld: example ${BLIB_EXAMPLE_NAME} left out, no ${library}")
      return()
    endif()
  endforeach()
  add_executable(${BLIB_EXAMPLE_NAME} ${BLIB_EXAMPLE_SOURCE_FILES})
  target_compile_options(${BLIB_EXAMPLE_NAME} PRIVATE ${MLD_COMPILE_OPTIONS})
  target_link_libraries(${BLIB_EXAMPLE_NAME} PRIVATE lib${BLIB_LIBNAME} ${BLIB_EXAMPLE_LIBRARIES_TO_LINK})
endfunction()
