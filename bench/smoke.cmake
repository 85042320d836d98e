# SPDX-License-Identifier: Apache-2.0
# Runs pssst-bench briefly with --json and checks that the output parses
# and names the backend and every operation kind.
execute_process(COMMAND ${BENCH} --json --time 40 --rounds 2 --threads 2 --thread-time 40
                OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pssst-bench exited with ${rc}")
endif()
string(JSON backend ERROR_VARIABLE err GET "${out}" backend)
if(err)
  message(FATAL_ERROR "pssst-bench --json printed invalid JSON: ${err}\n${out}")
endif()
# 14 protocol operations, SHA-256 and AES-GCM; PSA's key handling as well
# with the PSA backend.
string(JSON nops LENGTH "${out}" operations)
set(want 16)
if(backend STREQUAL "psa")
  set(want 17)
endif()
if(NOT nops EQUAL want)
  message(FATAL_ERROR "expected ${want} operations with backend ${backend}, got ${nops}")
endif()
math(EXPR last "${nops} - 1")
foreach(i RANGE ${last})
  string(JSON ratio GET "${out}" operations ${i} median_ratio)
  if(NOT ratio GREATER 0)
    message(FATAL_ERROR "operation ${i} has no positive ratio: ${ratio}")
  endif()
endforeach()
string(JSON nthreads LENGTH "${out}" server_threads)
if(NOT nthreads EQUAL 2)
  message(FATAL_ERROR "expected 2 thread measurements, got ${nthreads}")
endif()
message(STATUS "pssst-bench --json ok, backend ${backend}")
