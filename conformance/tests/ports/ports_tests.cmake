# SPDX-License-Identifier: Apache-2.0
# Tests of `compat`, `peer`, `port` and `matrix` (spec/harness.md). The
# drivers run under Debian's /usr/bin/python3; without it they are still
# registered and say why they skip.
find_program(PSSST_PORTS_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH
             DOC "Debian's python3 for the port-checking tests")
if(PSSST_PORTS_PYTHON)
  set(ports_python ${PSSST_PORTS_PYTHON})
else()
  set(ports_python sh -c "echo 'SKIPPED: /usr/bin/python3 not found'; exit 77" --)
endif()
set(ports_tests_dir ${CMAKE_CURRENT_LIST_DIR}/..)

# Compatibility line protocol: our own compat completes the exchange.
add_test(NAME conformance.peer.own_compat
  COMMAND pssst-conform peer --timeout 5000 -- $<TARGET_FILE:pssst-conform> compat)
set_tests_properties(conformance.peer.own_compat PROPERTIES LABELS conformance
  PASS_REGULAR_EXPRESSION "\n9 passed, 0 failed\n" TIMEOUT 30)

# Against an independent implementation: a compatibility program on the
# vector generator's pssstpy, through peer and through a line-copying driver.
add_test(NAME conformance.peer.pssstpy
  COMMAND pssst-conform peer --timeout 10000 --
          ${ports_python} ${ports_tests_dir}/peers/compat_pssstpy.py)
set_tests_properties(conformance.peer.pssstpy PROPERTIES LABELS conformance
  PASS_REGULAR_EXPRESSION "\n9 passed, 0 failed\n" TIMEOUT 60)
add_test(NAME conformance.compat.line_driver
  COMMAND ${ports_python} ${ports_tests_dir}/peers/line_driver.py
          "$<TARGET_FILE:pssst-conform> compat"
          "${ports_python} ${ports_tests_dir}/peers/compat_pssstpy.py")
set_tests_properties(conformance.compat.line_driver PROPERTIES LABELS conformance
  SKIP_RETURN_CODE 77 TIMEOUT 60)

# A program that cannot be started is a usage error (exit 2), not a failed peer.
add_test(NAME conformance.peer.missing_program
  COMMAND pssst-conform peer -- ${CMAKE_CURRENT_BINARY_DIR}/no-such-peer)
set_tests_properties(conformance.peer.missing_program PROPERTIES LABELS conformance
  PASS_REGULAR_EXPRESSION "could not be run" TIMEOUT 30)

# Each fake peer's fault is reported by the exact FAIL line (check_peer.py).
foreach(mode honest flip-reply swap-requests drop-auth garbage bad-hex crash exit-early hang dribble
             wrong-key reorder duplicate long-line)
  add_test(NAME conformance.peer.fake.${mode}
    COMMAND ${ports_python} ${ports_tests_dir}/peers/check_peer.py
            $<TARGET_FILE:pssst-conform> ${mode})
  set_tests_properties(conformance.peer.fake.${mode} PROPERTIES LABELS conformance
    SKIP_RETURN_CODE 77 TIMEOUT 60)
endforeach()

# Port harness protocol: every vector passes through pssst-harness.
set(ports_vectors ${PROJECT_SOURCE_DIR}/vectors)
set(ports_work ${CMAKE_CURRENT_BINARY_DIR}/ports-tests)
file(MAKE_DIRECTORY ${ports_work})
add_test(NAME conformance.port.pssst_harness
  COMMAND ${ports_python} ${ports_tests_dir}/ports/check_clean.py $<TARGET_FILE:pssst-conform>
          ${ports_vectors} ${ports_work}/pssst-harness.json -- $<TARGET_FILE:pssst-harness>)

# A deliberately broken harness gets exactly the verdicts of its faults.
add_test(NAME conformance.port.broken_harness
  COMMAND ${ports_python} ${ports_tests_dir}/ports/check_port.py $<TARGET_FILE:pssst-conform>
          $<TARGET_FILE:pssst-harness> ${ports_vectors} ${ports_work}/broken)

set_tests_properties(conformance.port.pssst_harness conformance.port.broken_harness
  PROPERTIES LABELS conformance SKIP_RETURN_CODE 77 TIMEOUT 300)

# The Python adapter (ports/python/harness.py), run on the vector
# generator's own implementation: every vector passes, and its protocol
# handling (errors, crashes) is checked request by request.
add_test(NAME conformance.port.python_generator
  COMMAND ${ports_python} ${ports_tests_dir}/ports/check_clean.py $<TARGET_FILE:pssst-conform>
          ${ports_vectors} ${ports_work}/python-generator.json --
          ${ports_python} ${ports_tests_dir}/../ports/python/harness.py --impl generator)
add_test(NAME conformance.port.python_harness_protocol
  COMMAND ${ports_python} ${ports_tests_dir}/ports/check_python_harness.py
          ${ports_tests_dir}/../ports/python/harness.py)
set_tests_properties(conformance.port.python_generator conformance.port.python_harness_protocol
  PROPERTIES LABELS conformance SKIP_RETURN_CODE 77 TIMEOUT 300)

# The matrix of two ports renders in headless Chromium with the right counts
# (skips with a reason when Chromium is absent; CI installs it).
add_test(NAME conformance.matrix.chromium
  COMMAND ${ports_python} ${ports_tests_dir}/ports/check_matrix_html.py $<TARGET_FILE:pssst-conform>
          $<TARGET_FILE:pssst-harness> ${ports_vectors} ${ports_work}/matrix)
set_tests_properties(conformance.matrix.chromium PROPERTIES LABELS conformance
  SKIP_RETURN_CODE 77 TIMEOUT 300)

# Capabilities: groups the harness does not offer are unsupported, not run,
# and the canaries that did run still failed.
add_test(NAME conformance.port.capabilities
  COMMAND pssst-conform port --vectors ${ports_vectors}
          -- ${ports_tests_dir}/ports/server_only_harness.sh $<TARGET_FILE:pssst-harness>)
set_tests_properties(conformance.port.capabilities PROPERTIES LABELS conformance TIMEOUT 120
  PASS_REGULAR_EXPRESSION
  "canaries: [1-9][0-9]* of [0-9]+ ran and all failed, as they must\n[1-9][0-9]* passed, 0 failed, [1-9][0-9]* skipped")

# A program that does not speak the protocol is refused at the handshake.
add_test(NAME conformance.port.not_a_harness
  COMMAND pssst-conform port --vectors ${ports_vectors} -- cat)
set_tests_properties(conformance.port.not_a_harness PROPERTIES LABELS conformance TIMEOUT 60
  PASS_REGULAR_EXPRESSION "harness handshake failed: hello.implementation: required member")

# matrix costs time and memory in proportion to the tests (32,768 of them).
add_test(NAME conformance.matrix.scales_linearly
  COMMAND ${ports_python} ${ports_tests_dir}/ports/check_matrix_scale.py
          $<TARGET_FILE:pssst-conform> ${ports_vectors} ${ports_work}/matrix-scale)
set_tests_properties(conformance.matrix.scales_linearly PROPERTIES LABELS conformance TIMEOUT 60)

# matrix refuses a JSON file that is no report.
add_test(NAME conformance.matrix.not_a_report
  COMMAND pssst-conform matrix ${ports_vectors}/canary.json --html ${ports_work}/none.html)
set_tests_properties(conformance.matrix.not_a_report PROPERTIES LABELS conformance TIMEOUT 60
  PASS_REGULAR_EXPRESSION "canary.json: not a pssst-conform report")

# adapter_reference.py against a test double of the reference's documented
# API (refshape/): valid vectors pass, stray exceptions are crashes, and the
# expectations written from that run keep a second run green.
add_test(NAME conformance.port.python_reference_double
  COMMAND ${ports_python} ${ports_tests_dir}/ports/check_reference_adapter.py
          $<TARGET_FILE:pssst-conform> ${ports_vectors} ${PROJECT_SOURCE_DIR}/vectors/generator
          ${ports_work}/reference-double.json)
set_tests_properties(conformance.port.python_reference_double PROPERTIES LABELS conformance
  SKIP_RETURN_CODE 77 TIMEOUT 300)

# A harness that hangs on everything stops the run after --max-timeouts.
add_test(NAME conformance.port.max_timeouts
  COMMAND pssst-conform port --vectors ${ports_vectors} --timeout 300 --max-timeouts 2
          -- ${ports_python} ${ports_tests_dir}/ports/hanging_harness.py)
set_tests_properties(conformance.port.max_timeouts PROPERTIES LABELS conformance TIMEOUT 60
  PASS_REGULAR_EXPRESSION "STOPPED after 2 timeouts: [1-9][0-9]* tests not run")

# What a port author with one bug reads (wrong_nonce_harness.py: the reply
# nonce's label is wrong): the symptoms, the grouped failures with their MUST
# sentence and explain command, and the canary that passed, diagnosed.
add_test(NAME conformance.port.diagnosis
  COMMAND ${ports_python} ${ports_tests_dir}/expect_run.py --exit 1
          --match "^what went wrong, by symptom:"
          --match "^ +[1-9][0-9]*  FAIL: unpack_reply failed with DECRYPT_FAILED; it must succeed$"
          --match "^ +[1-9][0-9]*  FAIL: pack_reply output differs from replyPacket$"
          --match "^  MUST"
          --match "^  +explain:  pssst-conform explain --server-private [0-9a-f]{64} --request "
          --match "^CANARY PASSED canary-client-correct-reply-marked-invalid: the client refuses a correct reply"
          --match "the failures above show the same bug"
          --no-match "BROKEN RUN"
          -- $<TARGET_FILE:pssst-conform> port
          -- ${ports_python} ${ports_tests_dir}/ports/wrong_nonce_harness.py)
set_tests_properties(conformance.port.diagnosis PROPERTIES LABELS conformance TIMEOUT 120)

# A harness that stops reading its input but goes on printing fills the pipe
# to it; the runner's writes have the operation's deadline, so the run ends
# with timeouts instead of hanging (spec/harness.md 3.5).
add_test(NAME conformance.port.harness_stops_reading
  COMMAND ${ports_python} ${ports_tests_dir}/expect_run.py --exit 2
          --match "TIMEOUT: the harness did not take the begin request within 1000 ms"
          -- $<TARGET_FILE:pssst-conform> port --vectors ${ports_vectors} --timeout 1000
          -- ${ports_python} ${ports_tests_dir}/ports/deaf_harness.py)
set_tests_properties(conformance.port.harness_stops_reading PROPERTIES LABELS conformance
  TIMEOUT 90)

# A harness may not dodge the tests it would fail: answering "unsupported"
# to more than a tenth of what its capabilities cover is not a pass, while
# a few such answers are skips (spec/harness.md 3.5).
if(TARGET pssst-harness)
  add_test(NAME conformance.port.dodging_is_not_a_pass
    COMMAND ${ports_python} ${ports_tests_dir}/expect_run.py --exit 2
            --match "NOT A PASS: the harness answered \"unsupported\" to 220 of the 1314 tests"
            -- $<TARGET_FILE:pssst-conform> port --vectors ${ports_vectors}
            -- ${ports_python} ${ports_tests_dir}/ports/broken_harness.py
               --fault "unsupported=*-truncated-*" -- $<TARGET_FILE:pssst-harness>)
  add_test(NAME conformance.port.few_unsupported_are_skips
    COMMAND ${ports_python} ${ports_tests_dir}/expect_run.py --exit 0
            --match "1286 passed, 0 failed, 28 skipped"
            -- $<TARGET_FILE:pssst-conform> port --vectors ${ports_vectors}
            -- ${ports_python} ${ports_tests_dir}/ports/broken_harness.py
               --fault "unsupported=server-anon-kat-*" -- $<TARGET_FILE:pssst-harness>)
  add_test(NAME conformance.port.no_canary_ran_is_not_a_pass
    COMMAND ${ports_python} ${ports_tests_dir}/expect_run.py --exit 2
            --match "NOT A PASS: no canary vector ran" --match "1314 passed, 0 failed"
            -- $<TARGET_FILE:pssst-conform> port --vectors ${ports_vectors}
            -- ${ports_python} ${ports_tests_dir}/ports/broken_harness.py
               --fault "unsupported=canary-*" -- $<TARGET_FILE:pssst-harness>)
  set_tests_properties(conformance.port.dodging_is_not_a_pass
    conformance.port.few_unsupported_are_skips conformance.port.no_canary_ran_is_not_a_pass
    PROPERTIES LABELS conformance TIMEOUT 300)
endif()

# A harness answering with 4 MiB lines costs bounded memory and reports.
add_test(NAME conformance.port.huge_answers_bounded
  COMMAND ${ports_python} ${ports_tests_dir}/ports/check_huge_answers.py
          $<TARGET_FILE:pssst-conform> ${ports_vectors} ${ports_work}/huge-answers)
set_tests_properties(conformance.port.huge_answers_bounded PROPERTIES LABELS conformance
  TIMEOUT 300)

# What a harness's wrapper script starts is killed with the harness.
add_test(NAME conformance.port.process_group_killed
  COMMAND ${ports_python} ${ports_tests_dir}/ports/check_process_group.py
          $<TARGET_FILE:pssst-conform> ${ports_vectors} ${ports_work}/process-group)
set_tests_properties(conformance.port.process_group_killed PROPERTIES LABELS conformance
  TIMEOUT 120)

# compat refuses an overlong input line without keeping it in memory.
add_test(NAME conformance.compat.long_line
  COMMAND ${ports_python} ${ports_tests_dir}/peers/check_compat_long_line.py
          $<TARGET_FILE:pssst-conform>)
set_tests_properties(conformance.compat.long_line PROPERTIES LABELS conformance TIMEOUT 60)

# A harness's hostile words (escape sequences, a fake summary line, bad
# UTF-8) reach neither the terminal nor the reports raw; a harness that
# offers nothing the selected vectors need checked nothing (exit 2).
add_test(NAME conformance.port.hostile_words
  COMMAND ${ports_python} ${ports_tests_dir}/ports/check_hostile_words.py
          $<TARGET_FILE:pssst-conform> ${ports_vectors} ${ports_work}/hostile-words)
set_tests_properties(conformance.port.hostile_words PROPERTIES LABELS conformance TIMEOUT 120)
