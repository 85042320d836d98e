// SPDX-License-Identifier: Apache-2.0

// Command pssst-port-harness is a port harness (spec/harness.md section 3)
// for the Go port, module github.com/nickovs/gopssst: one JSON request per
// line on stdin, one response per line on stdout.
//
// The port reports refusals as returned errors; statusOf maps them to the
// status names of spec 10.1 (spec/harness.md section 9). A panic inside
// the port is recovered and answered as status "crash" with the panic value
// and the port's source line, so the runner goes on without a restart.
//
// Packets are handed to the port as slices whose capacity equals their
// length (a full slice expression), so that re-slicing past the packet
// (packet[4:36] on a 20-byte packet) panics instead of reading whatever
// bytes follow in a larger backing array.
//
// The port draws every ephemeral scalar from crypto/rand.Reader at the time
// of PackOutgoing; the adapter puts a reader there that serves the vector's
// ephemeral. The port clamps what it draws and sends the clamped value in a
// client-auth proof, so a client-auth ephemeral that clamping changes cannot
// be injected and that pack_request is answered "unsupported".
package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/nickovs/gopssst"
)

const portModule = "github.com/nickovs/gopssst"

// injector stands in for crypto/rand.Reader: bytes queued by inject are the
// next draw; with nothing queued it reads the real generator.
type injector struct {
	real    io.Reader
	pending []byte
}

func (r *injector) Read(p []byte) (int, error) {
	if r.pending == nil {
		return r.real.Read(p)
	}
	if len(p) > len(r.pending) {
		r.pending = nil
		return 0, errors.New("random draw larger than the injected bytes")
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	if len(r.pending) == 0 {
		r.pending = nil
	}
	return n, nil
}

var random = &injector{real: rand.Reader}

type response map[string]interface{}

// crashError is a panic recovered from the port.
type crashError struct{ reason string }

func (e *crashError) Error() string { return e.reason }

// requestError is a malformed request (status "error").
type requestError struct{ reason string }

func (e *requestError) Error() string { return e.reason }

type unsupportedError struct{ reason string }

func (e *unsupportedError) Error() string { return e.reason }

// statusOf maps an error the port returned to a status name. The port has
// one error type, *gopssst.PSSSTError, told apart only by its message; it
// also passes on errors of the packages it calls: encoding/binary's
// io.EOF or io.ErrUnexpectedEOF when a packet is shorter than the 4-byte
// header, x/crypto/curve25519's error for an all-zero result, and
// crypto/cipher's error for a failed tag. A returned error is always a
// refusal, never a crash: only a panic is a crash.
func statusOf(err error, serverSide bool) string {
	var pe *gopssst.PSSSTError
	if errors.As(err, &pe) {
		msg := pe.Error()
		switch {
		case strings.Contains(msg, "Unsuported cipher suite"):
			return "UNSUPPORTED_SUITE"
		case strings.Contains(msg, "Packet is a reply"):
			return "NOT_REQUEST"
		case strings.Contains(msg, "Packet is not a reply"):
			return "NOT_REPLY"
		case strings.Contains(msg, "Reply client auth mismatch"), strings.Contains(msg, "Request/reply mismatch"):
			return "REPLY_MISMATCH"
		case strings.Contains(msg, "Client authentication failed"):
			return "CLIENT_AUTH_FAILED"
		case strings.Contains(msg, "Incompatible"):
			return "INVALID_ARGUMENT"
		}
		// A PSSSTError this adapter does not know: a name that matches no vector.
		return "UNKNOWN_PSSST_ERROR"
	}
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "MALFORMED"
	case strings.Contains(err.Error(), "low order point"):
		return "BAD_KEY"
	case strings.Contains(err.Error(), "message authentication failed"):
		return "DECRYPT_FAILED"
	}
	return "UNKNOWN_ERROR"
}

// portLine is the deepest frame of a panic's stack inside the port module.
func portLine(skip int) string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(skip, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if strings.HasPrefix(f.Function, portModule) {
			return fmt.Sprintf("%s:%d in %s", filepath.Base(f.File), f.Line,
				strings.TrimPrefix(f.Function, portModule+"."))
		}
		if !more {
			return ""
		}
	}
}

// guard runs f and turns a panic into a crashError naming the port's line.
func guard(what string, f func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			reason := fmt.Sprintf("%s panicked: %v", what, v)
			// Frames: Callers, portLine, this func, runtime panic machinery, ... port.
			if at := portLine(1); at != "" {
				reason += " (at " + at + ")"
			}
			err = &crashError{reason}
		}
	}()
	return f()
}

func exact(b []byte) []byte { return b[:len(b):len(b)] }

func clamp(k []byte) []byte {
	c := append([]byte(nil), k...)
	c[0] &= 248
	c[31] &= 127
	c[31] |= 64
	return c
}

type session struct {
	client      gopssst.Client
	clientAuth  bool
	server      gopssst.Server
	replyClient gopssst.ReplyHandler
	replyServer gopssst.ReplyHandler
	// A request reached the port in this session, so its reply context
	// (the handler) is the only one: nil after a refusal (spec 8.2).
	clientRequestMade, serverRequestMade bool
}

func hexArg(req map[string]interface{}, name string, size int) ([]byte, error) {
	s, ok := req[name].(string)
	if !ok {
		return nil, &requestError{name + ": expected a hex string"}
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, &requestError{fmt.Sprintf("%s: not hex (%v)", name, err)}
	}
	if size >= 0 && len(b) != size {
		return nil, &requestError{fmt.Sprintf("%s: %d bytes, expected %d", name, len(b), size)}
	}
	return exact(b), nil
}

func refused(err error, serverSide bool) (response, error) {
	switch err.(type) {
	case *crashError, *requestError, *unsupportedError:
		return nil, err
	}
	return response{"status": statusOf(err, serverSide)}, nil
}

func (s *session) run(op string, req map[string]interface{}) (response, error) {
	switch op {
	case "client_init":
		server, err := hexArg(req, "serverPublic", 32)
		if err != nil {
			return nil, err
		}
		var client gopssst.Client
		if req["clientPrivate"] == nil {
			// An untyped nil: a nil []byte in the interface would be a client key.
			err = guard("NewClient", func() (e error) {
				client, e = gopssst.NewClient(gopssst.CipherSuiteX25519AESGCM, server, nil)
				return
			})
			s.clientAuth = false
		} else {
			key, kerr := hexArg(req, "clientPrivate", 32)
			if kerr != nil {
				return nil, kerr
			}
			err = guard("NewClient", func() (e error) {
				client, e = gopssst.NewClient(gopssst.CipherSuiteX25519AESGCM, server, key)
				return
			})
			s.clientAuth = true
		}
		if err != nil {
			return refused(err, false)
		}
		s.client = client
		return response{"status": "OK"}, nil
	case "pack_request":
		eph, err := hexArg(req, "ephemeralPrivate", 32)
		if err != nil {
			return nil, err
		}
		msg, err := hexArg(req, "message", -1)
		if err != nil {
			return nil, err
		}
		if s.client == nil {
			return nil, &requestError{"pack_request before client_init"}
		}
		if s.clientAuth && !bytes.Equal(clamp(eph), eph) {
			return nil, &unsupportedError{"the port clamps the ephemeral it draws and sends the clamped value in the " +
				"client-auth proof, so this unclamped ephemeral cannot be injected"}
		}
		var packet []byte
		var handler gopssst.ReplyHandler
		// spec 8.2: a refused request leaves no reply context to use.
		s.replyClient, s.clientRequestMade = nil, true
		random.pending = append([]byte(nil), eph...)
		err = guard("PackOutgoing", func() (e error) {
			packet, handler, e = s.client.PackOutgoing(msg)
			return
		})
		left := len(random.pending)
		random.pending = nil
		if err != nil {
			return refused(err, false)
		}
		if left != 0 {
			return nil, &crashError{fmt.Sprintf("PackOutgoing left %d of the injected random bytes undrawn: "+
				"the port did not draw its ephemeral as this adapter expects", left)}
		}
		s.replyClient = handler
		return response{"status": "OK", "packet": hex.EncodeToString(packet)}, nil
	case "unpack_reply":
		packet, err := hexArg(req, "packet", -1)
		if err != nil {
			return nil, err
		}
		if s.replyClient == nil && s.clientRequestMade {
			return response{"status": "CONTEXT_USED"}, nil
		}
		if s.replyClient == nil {
			return nil, &requestError{"unpack_reply before pack_request"}
		}
		// The port's handler is a closure that may be called any number of
		// times; whatever it does on a second call is the port's behaviour.
		var msg []byte
		err = guard("reply handler (client)", func() (e error) {
			msg, e = s.replyClient(packet)
			return
		})
		if err != nil {
			return refused(err, false)
		}
		return response{"status": "OK", "message": hex.EncodeToString(msg)}, nil
	case "server_init":
		key, err := hexArg(req, "serverPrivate", 32)
		if err != nil {
			return nil, err
		}
		var server gopssst.Server
		err = guard("NewServer", func() (e error) {
			server, e = gopssst.NewServer(gopssst.CipherSuiteX25519AESGCM, key)
			return
		})
		if err != nil {
			return refused(err, true)
		}
		s.server = server
		return response{"status": "OK"}, nil
	case "unpack_request":
		packet, err := hexArg(req, "packet", -1)
		if err != nil {
			return nil, err
		}
		if s.server == nil {
			return nil, &requestError{"unpack_request before server_init"}
		}
		var data []byte
		var handler gopssst.ReplyHandler
		var clientKey interface{}
		s.replyServer, s.serverRequestMade = nil, true
		err = guard("UnpackIncoming", func() (e error) {
			data, handler, clientKey, e = s.server.UnpackIncoming(packet)
			return
		})
		if err != nil {
			return refused(err, true)
		}
		s.replyServer = handler
		resp := response{"status": "OK", "message": hex.EncodeToString(data), "clientPublic": nil}
		if clientKey != nil {
			raw, ok := clientKey.([]byte)
			if !ok {
				return nil, &crashError{fmt.Sprintf("UnpackIncoming returned a client key of type %T", clientKey)}
			}
			resp["clientPublic"] = hex.EncodeToString(raw)
		}
		return resp, nil
	case "pack_reply":
		msg, err := hexArg(req, "message", -1)
		if err != nil {
			return nil, err
		}
		if s.replyServer == nil && s.serverRequestMade {
			return response{"status": "CONTEXT_USED"}, nil
		}
		if s.replyServer == nil {
			return nil, &requestError{"pack_reply before unpack_request"}
		}
		var packet []byte
		err = guard("reply handler (server)", func() (e error) {
			packet, e = s.replyServer(msg)
			return
		})
		if err != nil {
			return refused(err, true)
		}
		return response{"status": "OK", "packet": hex.EncodeToString(packet)}, nil
	case "public_key":
		key, err := hexArg(req, "privateKey", 32)
		if err != nil {
			return nil, err
		}
		// The port derives a public key only in GenerateKeyPair, from the
		// reader it is given: a reader that yields this key.
		var pub interface{}
		err = guard("GenerateKeyPair", func() (e error) {
			_, pub, e = gopssst.GenerateKeyPair(gopssst.CipherSuiteX25519AESGCM, bytes.NewReader(key))
			return
		})
		if err != nil {
			return refused(err, true)
		}
		raw, ok := pub.([]byte)
		if !ok {
			return nil, &crashError{fmt.Sprintf("GenerateKeyPair returned a public key of type %T", pub)}
		}
		return response{"status": "OK", "publicKey": hex.EncodeToString(raw)}, nil
	}
	return nil, &requestError{fmt.Sprintf("unknown op %q", op)}
}

func answer(s *session, line []byte) response {
	var req map[string]interface{}
	dec := json.NewDecoder(bytes.NewReader(line))
	// Ids are echoed as the digits they came with (spec/harness.md 3.1).
	dec.UseNumber()
	if err := dec.Decode(&req); err != nil {
		return response{"status": "error", "reason": "not a JSON object: " + err.Error()}
	}
	op, _ := req["op"].(string)
	var resp response
	var err error
	switch op {
	case "hello":
		resp = response{"status": "OK", "protocol": 1, "implementation": "gopssst (Go)",
			"suites": []int{1}, "roles": []string{"client", "server"},
			"modes": []string{"anonymous", "client_auth"}, "ephemeral": true, "publicKey": true}
	case "begin":
		*s = session{}
		random.pending = nil
		if n, ok := req["suite"].(json.Number); !ok || n.String() != "1" {
			// The port's constructors take a suite number, but it has only suite 1.
			err = &unsupportedError{"the port implements only suite 1"}
		} else {
			resp = response{"status": "OK"}
		}
	default:
		resp, err = s.run(op, req)
	}
	if err != nil {
		switch e := err.(type) {
		case *crashError:
			resp = response{"status": "crash", "reason": e.reason}
		case *unsupportedError:
			resp = response{"status": "unsupported", "reason": e.reason}
		default:
			resp = response{"status": "error", "reason": err.Error()}
		}
	}
	if id, ok := req["id"]; ok {
		resp["id"] = id
	}
	return resp
}

func main() {
	rand.Reader = random
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	s := &session{}
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			b, merr := json.Marshal(answer(s, line))
			if merr != nil {
				b = []byte(`{"status":"error","reason":"cannot encode the response"}`)
			}
			out.Write(b)
			out.WriteByte('\n')
			if out.Flush() != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
