# SPDX-License-Identifier: Apache-2.0
# CTests of pssst-conform (label "conformance"; the shipped-vector runs also
# carry "vectors"). Included from conformance/CMakeLists.txt.

set(CONFORM_TESTS ${CMAKE_CURRENT_SOURCE_DIR}/tests)
set(CONFORM_REFERENCE ${PROJECT_SOURCE_DIR}/vectors/reference/pssst-0.2.1.json)
set(CONFORM_VECTORS_DIR ${PROJECT_SOURCE_DIR}/vectors)
set(CONFORM_OUT ${CMAKE_CURRENT_BINARY_DIR}/test-output)

# Scripts use Debian's interpreter (python3-cryptography is not needed here).
find_program(CONFORM_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)

# A test that reports why it cannot run.
function(conform_skipped name reason labels)
  add_test(NAME ${name} COMMAND sh -c "echo 'SKIPPED: ${reason}'; exit 77")
  set_tests_properties(${name} PROPERTIES LABELS "${labels}" SKIP_RETURN_CODE 77)
endfunction()

# conform_expect(NAME EXIT [MATCH re...] [NO_MATCH re...] [LABELS l...] COMMAND args...)
function(conform_expect name exit_code)
  cmake_parse_arguments(A "" "" "MATCH;NO_MATCH;LABELS;COMMAND" ${ARGN})
  set(labels conformance ${A_LABELS})
  if(NOT CONFORM_PYTHON)
    conform_skipped(${name} "/usr/bin/python3 not found" "${labels}")
    return()
  endif()
  set(args --exit ${exit_code})
  foreach(m IN LISTS A_MATCH)
    list(APPEND args --match "${m}")
  endforeach()
  foreach(m IN LISTS A_NO_MATCH)
    list(APPEND args --no-match "${m}")
  endforeach()
  add_test(NAME ${name}
           COMMAND ${CONFORM_PYTHON} ${CONFORM_TESTS}/expect_run.py ${args} -- ${A_COMMAND})
  set_tests_properties(${name} PROPERTIES LABELS "${labels}" TIMEOUT 300)
endfunction()

# ---- verdict rules of the replay, against a scripted backend -------------
add_executable(conform_test_replay ${CONFORM_TESTS}/unit/test_replay.c)
target_link_libraries(conform_test_replay PRIVATE pssst_conform_core)
add_test(NAME conform.replay.verdict-rules COMMAND conform_test_replay)
set_tests_properties(conform.replay.verdict-rules PROPERTIES LABELS "conformance;unit")

# ---- report writers and reader, on run_reports built by hand -----------
add_executable(conform_test_reports ${CONFORM_TESTS}/unit/test_reports.c
                                    ${CONFORM_TESTS}/unit/test_report_html.c)
target_link_libraries(conform_test_reports PRIVATE pssst_conform_core)
add_test(NAME conform.reports.writers COMMAND conform_test_reports ${CONFORM_OUT})
set_tests_properties(conform.reports.writers PROPERTIES LABELS "conformance;unit")

# The section titles of the reports follow spec/pssst.md.
if(CONFORM_PYTHON)
  add_test(NAME conform.spec-sections.up-to-date
           COMMAND ${CONFORM_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/spec_sections.py --check
                   ${PROJECT_SOURCE_DIR}/spec/pssst.md ${CMAKE_CURRENT_SOURCE_DIR}/spec_sections.c)
  set_tests_properties(conform.spec-sections.up-to-date PROPERTIES LABELS conformance)
endif()

# ---- reference transcripts (spec/vectors.md "Transcripts") ---------------
conform_expect(conform.transcripts.reference-both-roles 0
  MATCH "group 0 \\(client, anonymous, suite 1\\): 16 passed, 0 failed"
        "group 3 \\(server, client_auth, suite 1\\): 16 passed, 0 failed"
        "^64 passed, 0 failed$"
  COMMAND $<TARGET_FILE:pssst-conform> transcripts ${CONFORM_REFERENCE})

conform_expect(conform.transcripts.id-glob-selects 0
  MATCH "^22 passed, 0 failed$"
  COMMAND $<TARGET_FILE:pssst-conform> transcripts --id "transcript-1*" ${CONFORM_REFERENCE})

conform_expect(conform.transcripts.id-exact-selects 0
  MATCH "^2 passed, 0 failed$"
  COMMAND $<TARGET_FILE:pssst-conform> transcripts --id transcript-7 ${CONFORM_REFERENCE})

conform_expect(conform.transcripts.no-selection-is-input-error 2
  MATCH "no test matches the selection"
  COMMAND $<TARGET_FILE:pssst-conform> transcripts --id nothing-like-this ${CONFORM_REFERENCE})

if(CONFORM_PYTHON)
  add_test(NAME conform.reports.transcripts-json-junit
           COMMAND ${CONFORM_PYTHON} ${CONFORM_TESTS}/check_reports.py
                   --out-dir ${CONFORM_OUT}/transcripts
                   -- $<TARGET_FILE:pssst-conform> transcripts ${CONFORM_REFERENCE})
  set_tests_properties(conform.reports.transcripts-json-junit PROPERTIES LABELS conformance)
endif()

# ---- shipped vectors ------------------------------------------------------
file(GLOB CONFORM_SHIPPED CONFIGURE_DEPENDS ${CONFORM_VECTORS_DIR}/*.json)
list(FILTER CONFORM_SHIPPED EXCLUDE REGEX "(canary|\\.schema)\\.json$")
if(CONFORM_SHIPPED)
  conform_expect(conform.vectors.shipped 0
    MATCH "^[1-9][0-9]* passed, 0 failed$"
    LABELS vectors
    COMMAND $<TARGET_FILE:pssst-conform> vectors)
  # spec/vectors.md: conformance needs the right error; the default is strict.
  conform_expect(conform.vectors.shipped-no-wrong-error 0
    MATCH "^[1-9][0-9]* passed, 0 failed$"
    NO_MATCH "(client|server)_[a-z_]+[.]json: .*wrong-error"
    LABELS vectors
    COMMAND $<TARGET_FILE:pssst-conform> vectors --lenient ${CONFORM_VECTORS_DIR})
  if(CONFORM_PYTHON)
    add_test(NAME conform.reports.vectors-json-junit
             COMMAND ${CONFORM_PYTHON} ${CONFORM_TESTS}/check_reports.py
                     --out-dir ${CONFORM_OUT}/vectors
                     -- $<TARGET_FILE:pssst-conform> vectors ${CONFORM_VECTORS_DIR})
    add_test(NAME conform.vectors.section-filter-7.1
             COMMAND ${CONFORM_PYTHON} ${CONFORM_TESTS}/check_reports.py
                     --out-dir ${CONFORM_OUT}/section --section 7.1
                     -- $<TARGET_FILE:pssst-conform> vectors ${CONFORM_VECTORS_DIR})
    set_tests_properties(conform.reports.vectors-json-junit conform.vectors.section-filter-7.1
                         PROPERTIES LABELS "conformance;vectors" TIMEOUT 300)
  endif()
else()
  message(STATUS "conformance: no vectors/*.json yet; conform.vectors.* are skipped")
  conform_skipped(conform.vectors.shipped "no vectors/*.json in the source tree at configure time"
                  "conformance;vectors")
endif()

if(EXISTS ${CONFORM_VECTORS_DIR}/canary.json)
  # spec/vectors.md: every canary must fail; a runner that passes one is broken.
  conform_expect(conform.vectors.canaries-all-fail 0
    MATCH "canaries: 12 of 12 ran and all failed, as they must" "^0 passed, 0 failed$"
    LABELS vectors
    COMMAND $<TARGET_FILE:pssst-conform> vectors ${CONFORM_VECTORS_DIR}/canary.json)
  conform_expect(conform.vectors.canaries-run-from-folder 0
    MATCH "canaries: [1-9][0-9]* of [1-9][0-9]* ran and all failed, as they must"
    LABELS vectors
    COMMAND $<TARGET_FILE:pssst-conform> vectors ${CONFORM_VECTORS_DIR})
else()
  message(STATUS "conformance: no vectors/canary.json yet; conform.vectors.canaries-all-fail is skipped")
  conform_skipped(conform.vectors.canaries-all-fail "no vectors/canary.json at configure time"
                  "conformance;vectors")
endif()

file(GLOB CONFORM_GENERATED_TRANSCRIPTS CONFIGURE_DEPENDS ${CONFORM_VECTORS_DIR}/transcripts/*.json)
if(CONFORM_GENERATED_TRANSCRIPTS)
  conform_expect(conform.transcripts.generated 0
    MATCH "^[1-9][0-9]* passed, 0 failed$"
    LABELS vectors
    COMMAND $<TARGET_FILE:pssst-conform> transcripts ${CONFORM_GENERATED_TRANSCRIPTS})
endif()

# ---- malformed inputs: exit 2 and a message naming file and JSON path -----
conform_expect(conform.bad.control-vectors-loads 0
  MATCH "^1 passed, 0 failed$"
  COMMAND $<TARGET_FILE:pssst-conform> vectors ${CONFORM_TESTS}/bad/control.json)
conform_expect(conform.bad.control-transcript-loads 0
  MATCH "^2 passed, 0 failed$"
  COMMAND $<TARGET_FILE:pssst-conform> transcripts ${CONFORM_TESTS}/bad/transcript-control.json)
# One loader: either command reads either kind of file, told by its members.
conform_expect(conform.bad.control-transcript-loads-as-vectors 0
  MATCH "^2 passed, 0 failed$"
  COMMAND $<TARGET_FILE:pssst-conform> vectors ${CONFORM_TESTS}/bad/transcript-control.json)
conform_expect(conform.bad.neither-kind 2
  MATCH "coverage\\.json: \\(top level\\): neither \"testGroups\" \\(a vector file\\) nor \"transcripts\""
  COMMAND $<TARGET_FILE:pssst-conform> vectors ${CONFORM_VECTORS_DIR}/coverage.json)
file(STRINGS ${CONFORM_TESTS}/bad/cases.txt CONFORM_BAD_CASES REGEX "^[^#]")
foreach(line IN LISTS CONFORM_BAD_CASES)
  if(NOT line MATCHES "^([^|]+)[|]([a-z]+)[|]")
    message(FATAL_ERROR "conformance/tests/bad/cases.txt: bad line: ${line}")
  endif()
  set(file ${CMAKE_MATCH_1})
  set(cmd ${CMAKE_MATCH_2})
  string(REGEX REPLACE "\\.json$" "" stem "${file}")
  if(CONFORM_PYTHON)
    add_test(NAME conform.bad.${cmd}.${stem}
             COMMAND ${CONFORM_PYTHON} ${CONFORM_TESTS}/expect_run.py
                     --bad-case ${CONFORM_TESTS}/bad/cases.txt ${file} ${cmd}
                     -- $<TARGET_FILE:pssst-conform>)
    set_tests_properties(conform.bad.${cmd}.${stem} PROPERTIES LABELS conformance)
  endif()
endforeach()

conform_expect(conform.usage.no-command 2
  MATCH "missing command"
  COMMAND $<TARGET_FILE:pssst-conform>)
conform_expect(conform.usage.unknown-option 2
  MATCH "unknown option --bogus"
  COMMAND $<TARGET_FILE:pssst-conform> vectors --bogus)
conform_expect(conform.usage.option-without-value 2
  MATCH "--json needs a value"
  COMMAND $<TARGET_FILE:pssst-conform> transcripts ${CONFORM_REFERENCE} --json)
conform_expect(conform.usage.unwritable-report 2
  MATCH "/nonexistent-folder/r\\.json: cannot create"
  COMMAND $<TARGET_FILE:pssst-conform> transcripts --id transcript-0 --json
          /nonexistent-folder/r.json ${CONFORM_REFERENCE})

# ---- explain --------------------------------------------------------------
# Packets of transcripts 0 (anonymous) and 3 (client-auth, unclamped keys).
file(READ ${CONFORM_REFERENCE} conform_ref_json)
string(JSON t3_sp GET "${conform_ref_json}" transcripts 3 server_private)
string(JSON t3_cp GET "${conform_ref_json}" transcripts 3 client_private)
string(JSON t3_req GET "${conform_ref_json}" transcripts 3 request_packet)
string(JSON t3_rep GET "${conform_ref_json}" transcripts 3 reply_packet)
string(JSON t0_sp GET "${conform_ref_json}" transcripts 0 server_private)
string(JSON t0_req GET "${conform_ref_json}" transcripts 0 request_packet)
string(JSON t0_spub GET "${conform_ref_json}" transcripts 0 server_public)
string(JSON t3_spub GET "${conform_ref_json}" transcripts 3 server_public)
string(JSON t1_cp GET "${conform_ref_json}" transcripts 1 client_private)
# The same request with the last tag digit changed: fails authentication.
string(LENGTH "${t3_req}" len)
math(EXPR last "${len} - 1")
string(SUBSTRING "${t3_req}" ${last} 1 digit)
string(SUBSTRING "${t3_req}" 0 ${last} t3_req_forged)
if(digit STREQUAL "0")
  string(APPEND t3_req_forged "1")
else()
  string(APPEND t3_req_forged "0")
endif()
string(SUBSTRING "${t3_req}" 0 80 t3_req_short)
string(SUBSTRING "${t3_req}" 4 ${last} t3_tail)
set(t3_req_reserved "4001${t3_tail}")
string(SUBSTRING "${t3_tail}" 0 ${last} t3_tail)
file(WRITE ${CONFORM_OUT}/t3-server.key "${t3_sp}\n")

conform_expect(conform.explain.valid-client-auth-request 0
  MATCH "^verdict: OK \\(spec 7\\.3" "library: pssst_unpack_request -> OK \\(agrees\\)"
        "11\\. X25519\\(e, C\\) == dh_param +ok" "--client-private X25519\\(c, 9\\) matches C"
        "REPLY=0 CLIENT_AUTH=1 reserved=0x0000"
  COMMAND $<TARGET_FILE:pssst-conform> explain --server-private ${t3_sp}
          --client-private ${t3_cp} ${t3_req})
conform_expect(conform.explain.matching-server-public 0
  MATCH "--server-public +matches"
  COMMAND $<TARGET_FILE:pssst-conform> explain --server-private ${t3_sp} --server-public ${t3_spub}
          ${t3_req})
conform_expect(conform.explain.other-server-public 0
  MATCH "--server-public +DIFFERS from X25519\\(server_private, 9\\)"
  COMMAND $<TARGET_FILE:pssst-conform> explain --server-private ${t3_sp} --server-public ${t0_spub}
          ${t3_req})
conform_expect(conform.explain.other-client-key 0
  MATCH "--client-private X25519\\(c, 9\\) DIFFERS from C"
  COMMAND $<TARGET_FILE:pssst-conform> explain --server-private ${t3_sp} --client-private ${t1_cp}
          ${t3_req})
conform_expect(conform.explain.key-file 0
  MATCH "^verdict: OK \\(spec 7\\.3"
  COMMAND $<TARGET_FILE:pssst-conform> explain --server-private ${CONFORM_OUT}/t3-server.key ${t3_req})
conform_expect(conform.explain.forged-tag-decrypt-failed 1
  MATCH "^verdict: DECRYPT_FAILED \\(spec 7\\.1 step 10; 7\\.2 Decryption\\)"
        "library: pssst_unpack_request -> DECRYPT_FAILED \\(agrees\\)"
  COMMAND $<TARGET_FILE:pssst-conform> explain --server-private ${t3_sp} ${t3_req_forged})
conform_expect(conform.explain.wrong-server-key-decrypt-failed 1
  MATCH "^verdict: DECRYPT_FAILED" "\\(agrees\\)"
  COMMAND $<TARGET_FILE:pssst-conform> explain --server-private ${t0_sp} ${t3_req})
conform_expect(conform.explain.short-client-auth-request 1
  MATCH "^verdict: MALFORMED \\(spec 7\\.1 step 6; 4\\.4 Lengths\\)" "\\(agrees\\)"
  COMMAND $<TARGET_FILE:pssst-conform> explain --server-private ${t3_sp} ${t3_req_short})
conform_expect(conform.explain.reserved-bit-malformed 1
  MATCH "reserved=0x0001 \\(bits 0 set" "^verdict: MALFORMED \\(spec 7\\.1 step 5; 4\\.3 Reserved bits\\)"
  COMMAND $<TARGET_FILE:pssst-conform> explain ${t3_req_reserved})
conform_expect(conform.explain.no-key-undecided 0
  MATCH "^verdict: undecided" "needs --server-private"
  COMMAND $<TARGET_FILE:pssst-conform> explain ${t3_req})
conform_expect(conform.explain.valid-reply 0
  MATCH "checks of a client receiving a reply \\(spec 9\\.1\\)" "^verdict: OK \\(spec 9\\.2: reply accepted\\)"
  COMMAND $<TARGET_FILE:pssst-conform> explain --server-private ${t3_sp} --request ${t3_req} ${t3_rep})
conform_expect(conform.explain.reply-to-other-request 1
  MATCH "^verdict: REPLY_MISMATCH \\(spec 9\\.1 step 6"
  COMMAND $<TARGET_FILE:pssst-conform> explain --server-private ${t3_sp} --request ${t0_req} ${t3_rep})
conform_expect(conform.explain.request-given-to-client 1
  MATCH "^verdict: NOT_REPLY \\(spec 9\\.1 step 3"
  COMMAND $<TARGET_FILE:pssst-conform> explain --request ${t0_req} ${t3_req})
conform_expect(conform.explain.bad-hex-input-error 2
  MATCH "PACKET_HEX: not valid hex \\(character 3, 'x'"
  COMMAND $<TARGET_FILE:pssst-conform> explain 00x0)
conform_expect(conform.explain.bad-key-input-error 2
  MATCH "--server-private: /nonexistent.key"
  COMMAND $<TARGET_FILE:pssst-conform> explain --server-private /nonexistent.key ${t3_req})
# Input forms: usage, hex with spaces, line breaks and 0x, --json.
string(REGEX REPLACE "(..)" "\\1 " t3_req_spaced "${t3_req}")
# Every command answers --help with its usage on stdout and exit status 0.
foreach(cmd vectors transcripts port explain compat peer matrix version)
  conform_expect(conform.usage.help-${cmd} 0
    MATCH "^usage: pssst-conform ${cmd}"
    COMMAND $<TARGET_FILE:pssst-conform> ${cmd} --help)
endforeach()
conform_expect(conform.usage.help-short-after-options 0
  MATCH "^usage: pssst-conform explain"
  COMMAND $<TARGET_FILE:pssst-conform> explain --json -h)
conform_expect(conform.usage.bare-lists-every-command 2
  MATCH "commands: vectors transcripts port explain compat peer matrix version"
  COMMAND $<TARGET_FILE:pssst-conform>)
conform_expect(conform.explain.spaced-packet 0
  MATCH "^verdict: OK \\(spec 7\\.3" "library: pssst_unpack_request -> OK \\(agrees\\)"
  COMMAND $<TARGET_FILE:pssst-conform> explain --server-private ${t3_sp} "0x${t3_req_spaced}")
conform_expect(conform.explain.spaced-bad-hex-position 2
  MATCH "PACKET_HEX: not valid hex \\(character 7, 'g', is not a hex digit\\)"
  COMMAND $<TARGET_FILE:pssst-conform> explain "0x00 0g")
conform_expect(conform.explain.json-forged-tag 1
  MATCH "\"status\":\t\"DECRYPT_FAILED\"" "\"rule\":\t\"spec 7\\.1 step 10; 7\\.2 Decryption\""
        "\"agrees\":\ttrue"
  NO_MATCH "^verdict:"
  COMMAND $<TARGET_FILE:pssst-conform> explain --json --server-private ${t3_sp} ${t3_req_forged})
if(CONFORM_PYTHON)
  add_test(NAME conform.explain.input-forms-and-json
           COMMAND ${CONFORM_PYTHON} ${CONFORM_TESTS}/explain_input.py
                   $<TARGET_FILE:pssst-conform> ${CONFORM_VECTORS_DIR})
  set_tests_properties(conform.explain.input-forms-and-json
                       PROPERTIES LABELS conformance TIMEOUT 300)
endif()
if(CONFORM_PYTHON)
  add_test(NAME conform.explain.survives-truncated-and-mutated-packets
           COMMAND ${CONFORM_PYTHON} ${CONFORM_TESTS}/explain_robustness.py
                   $<TARGET_FILE:pssst-conform> ${CONFORM_REFERENCE})
  set_tests_properties(conform.explain.survives-truncated-and-mutated-packets
                       PROPERTIES LABELS conformance TIMEOUT 600)
endif()

# ---- memcheck (label valgrind only: about a minute) -----------------------
if(CONFORM_PYTHON)
  add_test(NAME conform.valgrind.inputs-reports-explain
           COMMAND ${CONFORM_PYTHON} ${CONFORM_TESTS}/valgrind_inputs.py
                   $<TARGET_FILE:pssst-conform> ${PROJECT_SOURCE_DIR} ${CONFORM_OUT}/valgrind)
  set_tests_properties(conform.valgrind.inputs-reports-explain
                       PROPERTIES LABELS valgrind SKIP_RETURN_CODE 77 TIMEOUT 1200)
endif()
