# SPDX-License-Identifier: Apache-2.0
"""pssst_c and the real pssst 0.2.1 in one process: each packs, the other unpacks.

The reference is imported from its unmodified source copy,
$PSSST_SHARED_DIR/peers/pypssst-0.2.1 (default: ../shared beside the
repository); without it these tests are skipped and say so.
"""
import importlib
import inspect
import os
import sys

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import (
    Encoding, NoEncryption, PrivateFormat, PublicFormat)

import pssst_c

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("PSSST_SHARED_DIR", os.path.join(HERE, "..", "..", "..", "..", "shared"))
REFERENCE_DIR = os.path.join(SHARED, "peers", "pypssst-0.2.1")
MODES = ["anonymous", "client_auth"]


def load_reference():
    if not os.path.isfile(os.path.join(REFERENCE_DIR, "pssst", "pssst.py")):
        pytest.skip("the reference pssst 0.2.1 is not at %s (set PSSST_SHARED_DIR)" % REFERENCE_DIR)
    sys.dont_write_bytecode = True
    sys.path.insert(0, REFERENCE_DIR)
    try:
        module = importlib.import_module("pssst")
    finally:
        sys.path.remove(REFERENCE_DIR)
    assert module.__version__ == "0.2.1"
    assert os.path.dirname(os.path.abspath(module.__file__)).startswith(os.path.abspath(REFERENCE_DIR))
    return module


@pytest.fixture(scope="module")
def ref():
    return load_reference()


def raw_public(key):
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def keys(mode):
    server_private = X25519PrivateKey.generate()
    client_private = X25519PrivateKey.generate() if mode == "client_auth" else None
    return server_private, client_private


@pytest.mark.parametrize("mode", MODES)
def test_reference_client_and_pssst_c_server(ref, mode):
    server_private, client_private = keys(mode)
    client = ref.PSSSTClient(server_private.public_key(), client_private)
    server = pssst_c.PSSSTServer(server_private)
    packet, reply_handler = client.pack_request(b"from the reference")
    message, client_key, server_handler = server.unpack_request(packet)
    assert message == b"from the reference"
    if client_private is None:
        assert client_key is None
    else:
        assert raw_public(client_key) == raw_public(client_private.public_key())
    assert reply_handler(server_handler(b"from pssst_c")) == b"from pssst_c"


@pytest.mark.parametrize("mode", MODES)
def test_pssst_c_client_and_reference_server(ref, mode):
    server_private, client_private = keys(mode)
    client = pssst_c.PSSSTClient(server_private.public_key(), client_private)
    server = ref.PSSSTServer(server_private)
    packet, reply_handler = client.pack_request(b"from pssst_c")
    message, client_key, server_handler = server.unpack_request(packet)
    assert message == b"from pssst_c"
    if client_private is None:
        assert client_key is None
    else:
        assert raw_public(client_key) == raw_public(client_private.public_key())
    assert reply_handler(server_handler(b"from the reference")) == b"from the reference"


def test_key_pairs_of_each_work_in_the_other(ref):
    ref_private, ref_public = ref.generate_key_pair()
    c_private, c_public = pssst_c.generate_key_pair()
    packet, handler = pssst_c.PSSSTClient(ref_public, c_private).pack_request(b"k")
    message, client_key, reply = ref.PSSSTServer(ref_private).unpack_request(packet)
    assert raw_public(client_key) == raw_public(c_public)
    assert handler(reply(message)) == b"k"
    packet, handler = ref.PSSSTClient(c_public, ref_private).pack_request(b"k")
    message, client_key, reply = pssst_c.PSSSTServer(c_private).unpack_request(packet)
    assert raw_public(client_key) == raw_public(ref_public)
    assert handler(reply(message)) == b"k"


def forged_request(ref, server_public, client_private, claimed_public, message):
    """A client-auth request (spec 6.2) built by hand with the reference's key
    derivation, whose proof names claimed_public as the client's key."""
    client_public = client_private.public_key()
    client_server = X25519PublicKey.from_public_bytes(client_private.exchange(server_public))
    ephemeral = X25519PrivateKey.generate()
    dh_param = ephemeral.exchange(client_public)
    key, request_nonce, _ = ref.pssst._DKF_SHA256(dh_param, ephemeral.exchange(client_server))
    header = ref.Header(cipher_suite=ref.CipherSuite.X25519_AESGCM128, client_auth=True)
    proof = raw_public(claimed_public) + ephemeral.private_bytes(
        Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    head = header.packet_bytes + dh_param
    return head + AESGCM(key).encrypt(request_nonce, proof + message, head[:4])


def test_forged_client_auth_is_refused(ref):
    server_private = X25519PrivateKey.generate()
    client_private = X25519PrivateKey.generate()
    server = pssst_c.PSSSTServer(server_private)
    honest = forged_request(ref, server_private.public_key(), client_private,
                            client_private.public_key(), b"m")
    message, client_key, _ = server.unpack_request(honest)
    assert message == b"m" and raw_public(client_key) == raw_public(client_private.public_key())
    other = X25519PrivateKey.generate().public_key()
    forged = forged_request(ref, server_private.public_key(), client_private, other, b"m")
    with pytest.raises(pssst_c.PSSSTClientAuthFailed):
        server.unpack_request(forged)


def test_same_public_names_and_signatures_as_the_reference(ref):
    assert sorted(pssst_c.__all__) == sorted(ref.__all__)
    for name in ("PSSSTClient", "PSSSTServer", "generate_key_pair"):
        ours = inspect.signature(getattr(pssst_c, name)).parameters
        theirs = inspect.signature(getattr(ref, name)).parameters
        assert list(ours) == list(theirs), name
        for param in theirs:
            default = theirs[param].default
            mine = ours[param].default
            if isinstance(default, ref.CipherSuite):
                assert (mine.name, mine.value) == (default.name, default.value), name
            else:
                assert mine == default, name
    for name in ref.__all__:
        theirs = getattr(ref, name)
        if isinstance(theirs, type) and issubclass(theirs, Exception):
            ours = getattr(pssst_c, name)
            assert [c.__name__ for c in ours.__mro__] == [c.__name__ for c in theirs.__mro__]
