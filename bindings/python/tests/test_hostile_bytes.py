# SPDX-License-Identifier: Apache-2.0
"""Whatever the bytes, pssst_c refuses with a PSSST exception and nothing else."""
import os
import random

import pytest

import pssst_c

ROUNDS = 200
SEED = 20201  # the mutations are random but the same in every run


@pytest.fixture(scope="module", params=["anonymous", "client_auth"])
def pair(request):
    server_private, server_public = pssst_c.generate_key_pair()
    client_private = pssst_c.generate_key_pair()[0] if request.param == "client_auth" else None
    return pssst_c.PSSSTClient(server_public, client_private), pssst_c.PSSSTServer(server_private)


def mutations(packet, rng):
    """Truncations, bit flips, changed bytes and appended bytes: never the packet itself."""
    yield b""
    for cut in (1, 3, 4, 35, 36, 51, 52, 99, 100, len(packet) - 1):
        if cut < len(packet):
            yield packet[:cut]
    for _ in range(ROUNDS):
        data = bytearray(packet)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        yield bytes(data)
        data = bytearray(packet)
        data[rng.randrange(len(data))] ^= rng.randrange(1, 256)
        yield bytes(data) + bytes(rng.randrange(3))
    for _ in range(ROUNDS // 10):
        yield os.urandom(rng.randrange(200))


def refuse(call, data):
    """call(data) is refused with a PSSST exception that says its status."""
    try:
        call(data)
    except pssst_c.PSSSTException as err:
        assert err.status is not None
        return err
    return None


def test_server_refuses_mutated_requests_only_with_pssst_exceptions(pair):
    client, server = pair
    rng = random.Random(SEED)
    packet, _ = client.pack_request(b"a request of some length")
    accepted = 0
    for data in mutations(packet, rng):
        if refuse(server.unpack_request, data) is None:
            accepted += 1
    # Only the untouched packet could pass; every mutation changes it.
    assert accepted == 0


def test_client_refuses_mutated_replies_only_with_pssst_exceptions(pair):
    client, server = pair
    rng = random.Random(SEED + 1)
    for data in mutations(b"\x80" + bytes(99), rng):
        _, handler = client.pack_request(b"q")
        err = refuse(handler, data)
        assert err is not None


def test_a_short_packet_is_malformed_and_a_pssst_exception(pair):
    _, server = pair
    err = refuse(server.unpack_request, b"\x00\x00\x00")
    assert type(err) is pssst_c.PSSSTException and err.status == "MALFORMED"


def test_low_order_dh_param_is_a_decrypt_failure(pair):
    client, server = pair
    packet, _ = client.pack_request(b"x")
    forged = packet[:4] + bytes(32) + packet[36:]
    err = refuse(server.unpack_request, forged)
    assert isinstance(err, pssst_c.PSSSTDecryptFailed) and err.status in ("BAD_KEY",
                                                                          "CLIENT_AUTH_FAILED")


def test_reply_with_suite_none_is_a_mismatch_as_in_the_reference(pair):
    client, server = pair
    packet, handler = client.pack_request(b"x")
    reply = bytearray(server.unpack_request(packet)[2](b"y"))
    reply[2:4] = b"\x00\x00"
    err = refuse(handler, bytes(reply))
    assert type(err) is pssst_c.PSSSTReplyMismatch and err.status == "UNSUPPORTED_SUITE"
    reply[0] &= 0x7F
    err = refuse(handler, bytes(reply))
    assert type(err) is pssst_c.PSSSTNotReply and err.status == "UNSUPPORTED_SUITE"


def test_refused_reply_before_decryption_leaves_handler_ready(pair):
    client, server = pair
    packet, handler = client.pack_request(b"x")
    reply = server.unpack_request(packet)[2](b"y")
    assert isinstance(refuse(handler, reply[:10]), pssst_c.PSSSTException)
    assert handler(reply) == b"y"


def test_forged_reply_uses_the_handler_up(pair):
    client, server = pair
    packet, handler = client.pack_request(b"x")
    reply = bytearray(server.unpack_request(packet)[2](b"y"))
    reply[-1] ^= 1
    assert type(refuse(handler, bytes(reply))) is pssst_c.PSSSTDecryptFailed
    # spec 8.2: a reply that reached decryption consumed the reply context.
    assert type(refuse(handler, bytes(reply))) is pssst_c.PSSSTHandlerReused


@pytest.mark.parametrize("value", ["text", 12, None, [1, 2]])
def test_what_is_not_bytes_is_a_type_error(pair, value):
    client, server = pair
    _, handler = client.pack_request(b"x")
    for call in (server.unpack_request, handler, client.pack_request):
        with pytest.raises(TypeError):
            call(value)


def test_header_from_packet_refuses_with_pssst_exceptions():
    for data in (b"", b"\x00", b"\x00" * 5):
        assert refuse(pssst_c.Header.from_packet, data).status == "MALFORMED"
    assert type(refuse(pssst_c.Header.from_packet, b"\x00\x00\x00\x07")) is \
        pssst_c.PSSSTUnsupportedCipher
