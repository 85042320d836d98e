# SPDX-License-Identifier: Apache-2.0
# Installation: the header, libpssst.a, libpssst.so(.0), the `pssst` tool,
# manual pages, a pkg-config file (pssst.pc) and a CMake package (find_package(pssst)
# gives pssst::pssst, shared, and pssst::pssst_static). Both the .pc file and
# the CMake package locate the prefix from their own location, so an
# installed tree can be moved as a whole.
include(CMakePackageConfigHelpers)

set(PSSST_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/pssst")

# The static archive needs mbedcrypto (and libsodium with that backend) at
# the user's link time. In the build tree these are the absolute paths that
# were found; an installed package names them instead, so that it carries
# no path of the build machine.
# An mbedTLS outside the system's paths (PSSST_MBEDTLS_ROOT) is named by
# its full path: the system's own mbedcrypto may be another release.
set(PSSST_INSTALL_LINK_NAMES mbedcrypto)
set(PSSST_PC_LIBS_PRIVATE "-lmbedcrypto")
if(NOT PSSST_MBEDTLS_ROOT STREQUAL "" AND IS_ABSOLUTE "${MBEDCRYPTO_LIBRARY}")
  set(PSSST_INSTALL_LINK_NAMES ${MBEDCRYPTO_LIBRARY})
  get_filename_component(_pssst_mbedtls_libdir "${MBEDCRYPTO_LIBRARY}" DIRECTORY)
  set(PSSST_PC_LIBS_PRIVATE "-L${_pssst_mbedtls_libdir} -lmbedcrypto")
endif()
if(PSSST_WITH_LIBSODIUM)
  list(APPEND PSSST_INSTALL_LINK_NAMES sodium)
endif()
set(_pssst_static_interface "")
foreach(lib IN LISTS PSSST_LINK_LIBS)
  list(APPEND _pssst_static_interface "$<BUILD_INTERFACE:${lib}>")
endforeach()
foreach(lib IN LISTS PSSST_INSTALL_LINK_NAMES)
  list(APPEND _pssst_static_interface "$<INSTALL_INTERFACE:${lib}>")
endforeach()
set_property(TARGET pssst_static PROPERTY INTERFACE_LINK_LIBRARIES "${_pssst_static_interface}")

install(TARGETS pssst_shared pssst_static
  EXPORT pssstTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/include/pssst.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(TARGET pssst_cli)
  install(TARGETS pssst_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

# Manual pages: the library's, and those of the installed programs
# (pssst-bench is not installed, so neither is its page).
install(FILES ${PROJECT_SOURCE_DIR}/man/libpssst.3 ${PROJECT_SOURCE_DIR}/man/pssst_keypair_generate.3
              ${PROJECT_SOURCE_DIR}/man/pssst_client_init.3 ${PROJECT_SOURCE_DIR}/man/pssst_server_init.3
              ${PROJECT_SOURCE_DIR}/man/pssst_status_name.3
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man3)
if(TARGET pssst_cli)
  install(FILES ${PROJECT_SOURCE_DIR}/man/pssst.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()
if(TARGET pssst-conform)
  install(FILES ${PROJECT_SOURCE_DIR}/man/pssst-conform.1 ${PROJECT_SOURCE_DIR}/man/pssst-harness.1
          DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

# CMake package.
install(EXPORT pssstTargets
  NAMESPACE pssst::
  FILE pssstTargets.cmake
  DESTINATION ${PSSST_INSTALL_CMAKEDIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/pssstConfig.cmake.in
  ${PROJECT_BINARY_DIR}/package/pssstConfig.cmake
  INSTALL_DESTINATION ${PSSST_INSTALL_CMAKEDIR})
# 0.x: a new minor version may change the interface.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/package/pssstConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/package/pssstConfig.cmake
              ${PROJECT_BINARY_DIR}/package/pssstConfigVersion.cmake
        DESTINATION ${PSSST_INSTALL_CMAKEDIR})

# pkg-config file. prefix is given relative to ${pcfiledir} (the folder
# holding pssst.pc) when the install folders are relative to the prefix.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(PSSST_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(PSSST_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
  set(PSSST_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
  # From <prefix>/<libdir>/pkgconfig back up to <prefix>.
  file(RELATIVE_PATH _pssst_up "/pssst-prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/pssst-prefix")
  string(REGEX REPLACE "/$" "" _pssst_up "${_pssst_up}")
  set(PSSST_PC_PREFIX "\${pcfiledir}/${_pssst_up}")
  set(PSSST_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(PSSST_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
# libsodium ships a .pc file; Debian's mbedTLS 2.28 does not, hence -l.
set(PSSST_PC_REQUIRES_PRIVATE_LINE "")
if(PSSST_WITH_LIBSODIUM)
  set(PSSST_PC_REQUIRES_PRIVATE_LINE "Requires.private: libsodium")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/pssst.pc.in ${PROJECT_BINARY_DIR}/package/pssst.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/package/pssst.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
