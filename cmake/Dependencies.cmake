# SPDX-License-Identifier: Apache-2.0
# Finds Debian's mbedTLS (libmbedtls-dev 2.28), and libsodium / cJSON when used.
find_path(MBEDTLS_INCLUDE_DIR mbedtls/gcm.h)
find_library(MBEDCRYPTO_LIBRARY mbedcrypto)
if(NOT MBEDTLS_INCLUDE_DIR OR NOT MBEDCRYPTO_LIBRARY)
  message(FATAL_ERROR "mbedTLS not found: install libmbedtls-dev (scripts/install-deps.sh)")
endif()
add_library(pssst_mbedcrypto INTERFACE)
target_include_directories(pssst_mbedcrypto SYSTEM INTERFACE ${MBEDTLS_INCLUDE_DIR})
target_link_libraries(pssst_mbedcrypto INTERFACE ${MBEDCRYPTO_LIBRARY})

if(PSSST_X25519 STREQUAL "libsodium")
  find_path(SODIUM_INCLUDE_DIR sodium.h)
  find_library(SODIUM_LIBRARY sodium)
  if(NOT SODIUM_INCLUDE_DIR OR NOT SODIUM_LIBRARY)
    message(FATAL_ERROR "PSSST_X25519=libsodium needs libsodium-dev")
  endif()
elseif(NOT PSSST_X25519 STREQUAL "mbedtls")
  message(FATAL_ERROR "PSSST_X25519 must be mbedtls or libsodium, not '${PSSST_X25519}'")
endif()

find_path(CJSON_INCLUDE_DIR cjson/cJSON.h)
find_library(CJSON_LIBRARY cjson)
