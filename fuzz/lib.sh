# SPDX-License-Identifier: Apache-2.0
# Shared by the fuzz scripts: paths, the harness list, and which dictionary
# and libFuzzer options go with which harness.
FUZZ_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(dirname "$FUZZ_DIR")
WORK_DIR=${PSSST_FUZZ_WORK:-$FUZZ_DIR/work}

# Every harness of fuzz/CMakeLists.txt, in campaign priority order.
fuzz_all_harnesses() {
    echo header unpack_request unpack_reply sealed roundtrip hex keyfile x25519_diff \
        vector_load transcript_load compat_line harness_request harness_response replay faults
}

# The dictionary file of a harness, or nothing.
fuzz_dict_for() {
    case "$1" in
        header|unpack_request|unpack_reply) echo "$FUZZ_DIR/dict/packet.dict" ;;
        vector_load|transcript_load) echo "$FUZZ_DIR/dict/json.dict" ;;
        keyfile) echo "$FUZZ_DIR/dict/hex.dict" ;;
        compat_line) echo "$FUZZ_DIR/dict/compat.dict" ;;
        harness_request|harness_response|replay) echo "$FUZZ_DIR/dict/harness.dict" ;;
        report_writers) echo "$FUZZ_DIR/dict/report.dict" ;;
        *) [ -f "$FUZZ_DIR/dict/$1.dict" ] && echo "$FUZZ_DIR/dict/$1.dict" ;;
    esac
    return 0
}

# Largest input worth trying: packets up to a jumbo datagram, hex and
# round-trip inputs a little more.
fuzz_max_len_for() {
    case "$1" in
        roundtrip|harness_response|replay) echo 4096 ;;
        harness_request) echo 8192 ;;
        vector_load|transcript_load) echo 65536 ;;
        x25519_diff) echo 64 ;;
        faults) echo 4 ;;
        *) echo 2048 ;;
    esac
}

# The input folders of a harness that exist: seeds, merged corpus, regressions.
fuzz_inputs_for() {
    local d
    for d in "$FUZZ_DIR/seeds/$1" "$FUZZ_DIR/corpus/$1" "$FUZZ_DIR/regressions/$1"; do
        [ -d "$d" ] && echo "$d"
    done
    return 0
}

fuzz_die() {
    echo "error: $*" >&2
    exit 2
}

fuzz_check_harness() {
    local h
    for h in $(fuzz_all_harnesses); do
        [ "$h" = "$1" ] && return 0
    done
    fuzz_die "unknown harness '$1' (known: $(fuzz_all_harnesses))"
}
