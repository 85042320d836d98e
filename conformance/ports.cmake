# SPDX-License-Identifier: Apache-2.0
# Checking other ports (spec/harness.md): the compatibility line protocol
# (compat, peer), the port harness runner (port), matrix reports, and
# pssst-harness, the harness program of this library.
add_library(pssst_conform_ports STATIC
  compat.c
  peer.c
  compat_stdio.c
  matrix.c
)
target_link_libraries(pssst_conform_ports PUBLIC pssst_conform_core)
# getline, strsignal, explicit_bzero.
target_compile_definitions(pssst_conform_ports PRIVATE _DEFAULT_SOURCE)

# The harness program of this library: JSON lines answered by harness_serve.c.
add_executable(pssst-harness harness/pssst_harness.c)
target_link_libraries(pssst-harness PRIVATE pssst_conform_ports)
# getline.
target_compile_definitions(pssst-harness PRIVATE _DEFAULT_SOURCE)

if(BUILD_TESTING)
  include(${CMAKE_CURRENT_LIST_DIR}/tests/ports/ports_tests.cmake)
endif()
