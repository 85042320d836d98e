# SPDX-License-Identifier: Apache-2.0
"""pssst_c offers the public API of pssst 0.2.1: names, signatures, key forms, results."""
import copy
import inspect
import pickle

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding, NoEncryption, PrivateFormat, PublicFormat)

import pssst_c

# The names pssst 0.2.1 exports (its __all__).
REFERENCE_NAMES = [
    "__version__", "PSSSTClient", "PSSSTServer", "generate_key_pair", "Header", "CipherSuite",
    "HeaderFlag", "PSSSTException", "PSSSTUnsupportedCipher", "PSSSTClientAuthFailed",
    "PSSSTReplyMismatch", "PSSSTNotReply", "PSSSTNotRequest", "PSSSTDecryptFailed",
    "PSSSTHandlerReused",
]
SUITE = pssst_c.CipherSuite.X25519_AESGCM128


def raw_public(key):
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def raw_private(key):
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def round_trip(client, server, message=b"request", reply=b"reply"):
    packet, client_handler = client.pack_request(message)
    received, client_key, server_handler = server.unpack_request(packet)
    assert received == message
    assert client_handler(server_handler(reply)) == reply
    return client_key


def test_exports_every_name_of_the_reference():
    assert sorted(pssst_c.__all__) == sorted(REFERENCE_NAMES)
    for name in REFERENCE_NAMES:
        assert hasattr(pssst_c, name), name


def test_constructor_arguments_and_defaults_are_the_references():
    client = inspect.signature(pssst_c.PSSSTClient)
    assert list(client.parameters) == ["server_public_key", "client_private_key", "cipher_suite"]
    assert client.parameters["client_private_key"].default is None
    assert client.parameters["cipher_suite"].default is SUITE
    server = inspect.signature(pssst_c.PSSSTServer)
    assert list(server.parameters) == ["server_private_key", "cipher_suite"]
    assert server.parameters["cipher_suite"].default is SUITE
    assert inspect.signature(pssst_c.generate_key_pair).parameters["cipher_suite"].default is SUITE


def test_cipher_suite_values_are_the_references():
    assert [(s.name, s.value) for s in pssst_c.CipherSuite] == [("NONE", 0), ("X25519_AESGCM128", 1)]
    assert int(pssst_c.HeaderFlag.REPLY) == 0x8000 and int(pssst_c.HeaderFlag.CLIENT_AUTH) == 0x4000


def test_every_exception_derives_from_pssst_exception():
    for name in REFERENCE_NAMES:
        obj = getattr(pssst_c, name)
        if name.startswith("PSSST") and isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, pssst_c.PSSSTException), name


def test_generate_key_pair_gives_cryptography_keys_that_belong_together():
    private, public = pssst_c.generate_key_pair()
    assert isinstance(private, X25519PrivateKey) and isinstance(public, X25519PublicKey)
    assert raw_public(private.public_key()) == raw_public(public)


def test_generate_key_pair_refuses_suite_none():
    with pytest.raises(pssst_c.PSSSTUnsupportedCipher) as err:
        pssst_c.generate_key_pair(pssst_c.CipherSuite.NONE)
    assert err.value.status == "UNSUPPORTED_SUITE"


@pytest.mark.parametrize("form", ["object", "bytes", "bytearray", "hex"])
def test_keys_in_every_form_the_reference_takes(form):
    server_private, server_public = pssst_c.generate_key_pair()
    client_private, client_public = pssst_c.generate_key_pair()
    convert = {
        "object": lambda key, raw: key,
        "bytes": lambda key, raw: raw,
        "bytearray": lambda key, raw: bytearray(raw),
        "hex": lambda key, raw: raw.hex(),
    }[form]
    client = pssst_c.PSSSTClient(convert(server_public, raw_public(server_public)),
                                 convert(client_private, raw_private(client_private)))
    server = pssst_c.PSSSTServer(convert(server_private, raw_private(server_private)))
    assert raw_public(round_trip(client, server)) == raw_public(client_public)


def test_anonymous_request_gives_no_client_key():
    server_private, server_public = pssst_c.generate_key_pair()
    client = pssst_c.PSSSTClient(server_public)
    assert round_trip(client, pssst_c.PSSSTServer(server_private)) is None


def test_client_auth_gives_the_client_key_as_object():
    server_private, server_public = pssst_c.generate_key_pair()
    client_private, client_public = pssst_c.generate_key_pair()
    client = pssst_c.PSSSTClient(server_public, client_private)
    key = round_trip(client, pssst_c.PSSSTServer(server_private))
    assert isinstance(key, X25519PublicKey)
    assert raw_public(key) == raw_public(client_public)


@pytest.mark.parametrize("size", [0, 1, 1000, 65536])
def test_messages_of_any_size_round_trip(size):
    server_private, server_public = pssst_c.generate_key_pair()
    client = pssst_c.PSSSTClient(server_public)
    round_trip(client, pssst_c.PSSSTServer(server_private), bytes(range(256)) * (size // 256) +
               bytes(size % 256), b"r" * size)


def test_bytes_like_messages_are_accepted():
    server_private, server_public = pssst_c.generate_key_pair()
    client = pssst_c.PSSSTClient(server_public)
    server = pssst_c.PSSSTServer(server_private)
    packet, handler = client.pack_request(bytearray(b"abc"))
    message, _, reply = server.unpack_request(memoryview(packet))
    assert message == b"abc"
    assert handler(bytearray(reply(memoryview(b"xyz")))) == b"xyz"


def test_each_handler_works_once():
    server_private, server_public = pssst_c.generate_key_pair()
    client = pssst_c.PSSSTClient(server_public)
    server = pssst_c.PSSSTServer(server_private)
    packet, client_handler = client.pack_request(b"m")
    _, _, server_handler = server.unpack_request(packet)
    reply = server_handler(b"r")
    with pytest.raises(pssst_c.PSSSTHandlerReused) as err:
        server_handler(b"r")
    assert err.value.status == "CONTEXT_USED"
    assert client_handler(reply) == b"r"
    with pytest.raises(pssst_c.PSSSTHandlerReused):
        client_handler(reply)


@pytest.mark.parametrize("bad", ["ab" * 31, "ab" * 33, "not hex", b"\x01" * 31, b"\x01" * 33])
def test_malformed_keys_raise_value_error(bad):
    _, server_public = pssst_c.generate_key_pair()
    with pytest.raises(ValueError):
        pssst_c.PSSSTClient(bad)
    with pytest.raises(ValueError):
        pssst_c.PSSSTClient(server_public, bad)
    with pytest.raises(ValueError):
        pssst_c.PSSSTServer(bad)


def test_keys_of_the_wrong_kind_raise_type_error():
    private, public = pssst_c.generate_key_pair()
    for args in ((private,), (public, public), (12345,)):
        with pytest.raises(TypeError):
            pssst_c.PSSSTClient(*args)
    with pytest.raises(TypeError):
        pssst_c.PSSSTServer(public)


def test_low_order_server_key_is_refused_at_construction():
    # spec 5.3: with a server key of order 1 every shared secret is zero.
    with pytest.raises(ValueError) as err:
        pssst_c.PSSSTClient(bytes(32))
    assert err.value.status == "BAD_KEY"


@pytest.mark.parametrize("suite", [pssst_c.CipherSuite.NONE, 2, 0xFFFF, "X25519_AESGCM128", None])
def test_unsupported_suites_are_refused(suite):
    with pytest.raises(pssst_c.PSSSTUnsupportedCipher):
        pssst_c.PSSSTClient(b"\x55" * 32, cipher_suite=suite)
    with pytest.raises(pssst_c.PSSSTUnsupportedCipher):
        pssst_c.PSSSTServer(b"\x55" * 32, cipher_suite=suite)


def test_suite_given_as_its_number_is_accepted():
    server_private, server_public = pssst_c.generate_key_pair(1)
    client = pssst_c.PSSSTClient(server_public, cipher_suite=1)
    round_trip(client, pssst_c.PSSSTServer(server_private, cipher_suite=1))


def test_library_is_reported():
    assert pssst_c.library_version() == "0.1.0"
    assert pssst_c.library_backend() in ("mbedtls", "psa", "libsodium")


def test_reply_handlers_cannot_be_copied_or_pickled():
    server_private, server_public = pssst_c.generate_key_pair()
    packet, client_handler = pssst_c.PSSSTClient(server_public).pack_request(b"m")
    _, _, server_handler = pssst_c.PSSSTServer(server_private).unpack_request(packet)
    for handler in (client_handler, server_handler):
        for duplicate in (copy.copy, copy.deepcopy, pickle.dumps):
            with pytest.raises(TypeError):
                duplicate(handler)
    assert client_handler(server_handler(b"r")) == b"r"


def test_exceptions_are_raised_as_the_references_are():
    # Code written for the reference raises and catches them with any arguments.
    with pytest.raises(pssst_c.PSSSTException) as err:
        raise pssst_c.PSSSTDecryptFailed()
    assert err.value.args == () and err.value.status is None
    assert pssst_c.PSSSTNotReply("a", 2).args == ("a", 2)
