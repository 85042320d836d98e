# SPDX-License-Identifier: Apache-2.0
# Finds the crypto libraries of the library part, and cJSON for the rest.
#
# mbedTLS, in this order:
#   1. a target MbedTLS::mbedcrypto (or mbedcrypto) the parent project
#      already has, e.g. from its own add_subdirectory(mbedtls);
#   2. the installation under PSSST_MBEDTLS_ROOT, when set (nothing else);
#   3. mbedTLS's CMake package (find_package(MbedTLS CONFIG), 3.x installs
#      one), unless MBEDTLS_INCLUDE_DIR and MBEDCRYPTO_LIBRARY are given;
#   4. the headers and library on the system's search paths (Debian 12's
#      libmbedtls-dev 2.28 has no CMake package).
# Sets PSSST_MBEDTLS_VERSION (e.g. 3.6.6) from the headers found, and
# gives the interface target pssst_mbedcrypto.
set(PSSST_MBEDTLS_ROOT "" CACHE PATH "Prefix of the mbedTLS installation to build with")

# Reads MBEDTLS_VERSION_STRING from the headers under include_dir.
function(pssst_mbedtls_version include_dir out)
  set(_version "")
  foreach(header build_info.h version.h)
    set(_file "${include_dir}/mbedtls/${header}")
    if(_version STREQUAL "" AND EXISTS "${_file}")
      file(STRINGS "${_file}" _line REGEX "^#define[ \t]+MBEDTLS_VERSION_STRING[ \t]+\"")
      if(_line)
        string(REGEX REPLACE ".*\"([0-9.]+)\".*" "\\1" _version "${_line}")
      endif()
    endif()
  endforeach()
  set(${out} "${_version}" PARENT_SCOPE)
endfunction()

add_library(pssst_mbedcrypto INTERFACE)
set(_pssst_mbedtls_target "")
foreach(candidate MbedTLS::mbedcrypto mbedcrypto)
  if(_pssst_mbedtls_target STREQUAL "" AND TARGET ${candidate})
    set(_pssst_mbedtls_target ${candidate})
  endif()
endforeach()
if(_pssst_mbedtls_target STREQUAL "" AND PSSST_MBEDTLS_ROOT STREQUAL ""
   AND NOT (MBEDTLS_INCLUDE_DIR AND MBEDCRYPTO_LIBRARY))
  find_package(MbedTLS CONFIG QUIET)
  if(TARGET MbedTLS::mbedcrypto)
    set(_pssst_mbedtls_target MbedTLS::mbedcrypto)
  endif()
endif()

if(NOT _pssst_mbedtls_target STREQUAL "")
  get_target_property(_dirs ${_pssst_mbedtls_target} INTERFACE_INCLUDE_DIRECTORIES)
  foreach(dir IN LISTS _dirs)
    string(REGEX REPLACE "^\\$<BUILD_INTERFACE:(.*)>$" "\\1" dir "${dir}")
    if(NOT MBEDTLS_INCLUDE_DIR AND EXISTS "${dir}/mbedtls/version.h")
      set(MBEDTLS_INCLUDE_DIR "${dir}")
    endif()
  endforeach()
  target_link_libraries(pssst_mbedcrypto INTERFACE ${_pssst_mbedtls_target})
  set(MBEDCRYPTO_LIBRARY ${_pssst_mbedtls_target})
else()
  if(NOT PSSST_MBEDTLS_ROOT STREQUAL "")
    set(_pssst_where HINTS "${PSSST_MBEDTLS_ROOT}" NO_DEFAULT_PATH)
  else()
    set(_pssst_where "")
  endif()
  find_path(MBEDTLS_INCLUDE_DIR mbedtls/version.h PATH_SUFFIXES include ${_pssst_where})
  find_library(MBEDCRYPTO_LIBRARY mbedcrypto PATH_SUFFIXES lib lib64 ${_pssst_where})
  if(NOT MBEDTLS_INCLUDE_DIR OR NOT MBEDCRYPTO_LIBRARY)
    message(FATAL_ERROR "mbedTLS not found: install libmbedtls-dev (scripts/install-deps.sh) "
                        "or set PSSST_MBEDTLS_ROOT to an mbedTLS installation prefix")
  endif()
  target_include_directories(pssst_mbedcrypto SYSTEM INTERFACE ${MBEDTLS_INCLUDE_DIR})
  target_link_libraries(pssst_mbedcrypto INTERFACE ${MBEDCRYPTO_LIBRARY})
endif()
find_package(Threads REQUIRED)
target_link_libraries(pssst_mbedcrypto INTERFACE Threads::Threads)
# Installed programs and libraries find an mbedTLS outside the system's
# paths (PSSST_MBEDTLS_ROOT, which may lie inside this source tree).
if(NOT PSSST_MBEDTLS_ROOT STREQUAL "" AND IS_ABSOLUTE "${MBEDCRYPTO_LIBRARY}")
  get_filename_component(_pssst_mbedtls_libdir "${MBEDCRYPTO_LIBRARY}" DIRECTORY)
  list(APPEND CMAKE_INSTALL_RPATH "${_pssst_mbedtls_libdir}")
endif()

pssst_mbedtls_version("${MBEDTLS_INCLUDE_DIR}" PSSST_MBEDTLS_VERSION)
if(PSSST_MBEDTLS_VERSION STREQUAL "")
  message(FATAL_ERROR "no MBEDTLS_VERSION_STRING in the headers under ${MBEDTLS_INCLUDE_DIR}")
endif()
if(PSSST_MBEDTLS_VERSION VERSION_LESS 2.16)
  message(FATAL_ERROR "mbedTLS ${PSSST_MBEDTLS_VERSION} is too old: pssst-c needs 2.16 or later")
endif()
if(PSSST_MBEDTLS_VERSION VERSION_GREATER_EQUAL 4.0)
  message(FATAL_ERROR "mbedTLS ${PSSST_MBEDTLS_VERSION}: 4.x (TF-PSA-Crypto) is not supported yet; "
                      "use 3.6 LTS or 2.28")
endif()
message(STATUS "pssst: mbedTLS ${PSSST_MBEDTLS_VERSION} (${MBEDCRYPTO_LIBRARY})")

if(PSSST_WITH_LIBSODIUM)
  find_path(SODIUM_INCLUDE_DIR sodium.h)
  find_library(SODIUM_LIBRARY sodium)
  if(NOT SODIUM_INCLUDE_DIR OR NOT SODIUM_LIBRARY)
    message(FATAL_ERROR "the libsodium backend needs libsodium (Debian: libsodium-dev)")
  endif()
endif()

# cJSON, for tools, tests and the conformance runner (not the library).
if(PSSST_BUILD_TOOLS OR PSSST_BUILD_TESTS OR PSSST_BUILD_CONFORMANCE OR PSSST_BUILD_FUZZ)
  # cJSON's CMake package sets CJSON_INCLUDE_DIR and CJSON_LIBRARY (a target).
  if(NOT CJSON_INCLUDE_DIR OR NOT CJSON_LIBRARY)
    find_package(cJSON CONFIG QUIET)
  endif()
  if(NOT cJSON_FOUND)
    find_path(CJSON_INCLUDE_DIR cjson/cJSON.h)
    find_library(CJSON_LIBRARY cjson)
  endif()
endif()
