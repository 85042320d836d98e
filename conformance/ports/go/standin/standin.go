// SPDX-License-Identifier: Apache-2.0

// Package gopssst here is a stand-in with the exported API of the Go port,
// written from spec/pssst.md, to exercise the adapter and the replay
// program where the port itself cannot be fetched. It is not the port.
package gopssst

import (
	"bytes"
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"io"

	"golang.org/x/crypto/curve25519"
)

const CipherSuiteX25519AESGCM = 1

type ReplyHandler func(data []byte) (reply []byte, err error)

type Server interface {
	UnpackIncoming(packetBytes []byte) (data []byte, replyHandler ReplyHandler, clientPublicKey crypto.PublicKey, err error)
}

type Client interface {
	PackOutgoing(data []byte) (packetBytes []byte, replyHandler ReplyHandler, err error)
}

type PSSSTError struct{ message string }

func (e *PSSSTError) Error() string { return "PSSST Error: " + e.message }

type server struct{ priv []byte }
type client struct{ spub, cpriv []byte }

func NewServer(suite int, key crypto.PrivateKey) (Server, error) {
	if suite != CipherSuiteX25519AESGCM {
		return nil, &PSSSTError{"Unsuported cipher suite"}
	}
	k, ok := key.([]byte)
	if !ok {
		return nil, &PSSSTError{"Incompatible key"}
	}
	return &server{k}, nil
}

func NewClient(suite int, spub crypto.PublicKey, cpriv crypto.PrivateKey) (Client, error) {
	if suite != CipherSuiteX25519AESGCM {
		return nil, &PSSSTError{"Unsuported cipher suite"}
	}
	s, _ := spub.([]byte)
	var c []byte
	if cpriv != nil {
		c, _ = cpriv.([]byte)
	}
	return &client{s, c}, nil
}

func clamp(k []byte) []byte {
	c := append([]byte(nil), k...)
	c[0] &= 248
	c[31] &= 127
	c[31] |= 64
	return c
}

func GenerateKeyPair(suite int, random io.Reader) (crypto.PrivateKey, crypto.PublicKey, error) {
	if random == nil {
		random = rand.Reader
	}
	k := make([]byte, 32)
	if _, err := io.ReadFull(random, k); err != nil {
		return nil, nil, err
	}
	k = clamp(k)
	p, err := curve25519.X25519(k, curve25519.Basepoint)
	return k, p, err
}

func keys(dh, shared []byte) (cipher.AEAD, []byte, []byte) {
	h := sha256.Sum256(append(append([]byte(nil), dh...), shared...))
	b, _ := aes.NewCipher(h[:16])
	g, _ := cipher.NewGCM(b)
	return g, append(append([]byte(nil), h[16:24]...), "RQST"...), append(append([]byte(nil), h[24:32]...), "RPLY"...)
}

func (c *client) PackOutgoing(data []byte) ([]byte, ReplyHandler, error) {
	e, _, err := GenerateKeyPair(1, nil)
	if err != nil {
		return nil, nil, err
	}
	eb := e.([]byte)
	flags := uint16(0)
	var dh, shared []byte
	if c.cpriv != nil {
		flags = 0x4000
		C, err := curve25519.X25519(c.cpriv, curve25519.Basepoint)
		if err != nil {
			return nil, nil, err
		}
		CS, err := curve25519.X25519(c.cpriv, c.spub)
		if err != nil {
			return nil, nil, err
		}
		if dh, err = curve25519.X25519(eb, C); err != nil {
			return nil, nil, err
		}
		if shared, err = curve25519.X25519(eb, CS); err != nil {
			return nil, nil, err
		}
		data = append(append(append([]byte(nil), C...), eb...), data...)
	} else {
		if dh, err = curve25519.X25519(eb, curve25519.Basepoint); err != nil {
			return nil, nil, err
		}
		if shared, err = curve25519.X25519(eb, c.spub); err != nil {
			return nil, nil, err
		}
	}
	g, cn, sn := keys(dh, shared)
	hdr := make([]byte, 4)
	binary.BigEndian.PutUint16(hdr, flags)
	binary.BigEndian.PutUint16(hdr[2:], 1)
	pkt := append(append(append([]byte(nil), hdr...), dh...), g.Seal(nil, cn, data, hdr)...)
	want := []byte{byte((flags | 0x8000) >> 8), 0, 0, 1}
	return pkt, func(r []byte) ([]byte, error) {
		if len(r) < 52 {
			return nil, io.ErrUnexpectedEOF
		}
		if r[0]&0x80 == 0 {
			return nil, &PSSSTError{"Packet is not a reply"}
		}
		if !bytes.Equal(r[:4], want) || !bytes.Equal(r[4:36], dh) {
			return nil, &PSSSTError{"Request/reply mismatch"}
		}
		return g.Open(nil, sn, r[36:], r[:4])
	}, nil
}

func (s *server) UnpackIncoming(p []byte) ([]byte, ReplyHandler, crypto.PublicKey, error) {
	if len(p) < 52 {
		return nil, nil, nil, io.ErrUnexpectedEOF
	}
	if p[0]&0x80 != 0 {
		return nil, nil, nil, &PSSSTError{"Packet is a reply"}
	}
	if binary.BigEndian.Uint16(p[2:]) != 1 {
		return nil, nil, nil, &PSSSTError{"Unsuported cipher suite"}
	}
	dh := p[4:36]
	shared, err := curve25519.X25519(s.priv, dh)
	if err != nil {
		return nil, nil, nil, err
	}
	g, cn, sn := keys(dh, shared)
	pt, err := g.Open(nil, cn, p[36:], p[:4])
	if err != nil {
		return nil, nil, nil, err
	}
	var ck crypto.PublicKey
	if p[0]&0x40 != 0 {
		if len(pt) < 64 {
			return nil, nil, nil, &PSSSTError{"Client authentication failed"}
		}
		chk, err := curve25519.X25519(pt[32:64], pt[:32])
		if err != nil || !bytes.Equal(chk, dh) {
			return nil, nil, nil, &PSSSTError{"Client authentication failed"}
		}
		ck = append([]byte(nil), pt[:32]...)
		pt = pt[64:]
	}
	hdr := []byte{0x80 | (p[0] & 0x40), 0, 0, 1}
	return pt, func(m []byte) ([]byte, error) {
		return append(append(append([]byte(nil), hdr...), dh...), g.Seal(nil, sn, m, hdr)...), nil
	}, ck, nil
}
