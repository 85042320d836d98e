// SPDX-License-Identifier: Apache-2.0

// Command replay replays the vector files straight into gopssst, without
// the runner:
//
//	replay VECTORS_DIR [--compare PORT_REPORT.json]
//
// A cross-check of `pssst-conform port` and the adapter (../main.go): it
// reads vectors/*.json itself (spec/vectors.md), drives the port through
// the role procedures of vectors.md section 3 and the reply sequences of
// section 6 with its own code, and gives each test a verdict. With
// --compare it lists every test whose verdict differs from the runner's
// JSON report and exits 1 when any differ. Like the runner without
// --strict-errors, a packet of repliesBefore refused with an unlisted error
// lets the test run on, and what would pass becomes wrong-error.
//
// It has not run yet: the module proxy reached here refuses the port
// (README.md).
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nickovs/gopssst"
)

type fixedReader struct{ next []byte }

func (r *fixedReader) Read(p []byte) (int, error) {
	if len(r.next) < len(p) {
		return 0, errors.New("no injected bytes left")
	}
	n := copy(p, r.next)
	r.next = r.next[n:]
	return n, nil
}

var injected = &fixedReader{}

type vtest map[string]interface{}

func (t vtest) str(k string) string { s, _ := t[k].(string); return s }

func (t vtest) bytes(k string) []byte {
	b, err := hex.DecodeString(t.str(k))
	if err != nil {
		panic(fmt.Sprintf("bad hex in %s", k))
	}
	return b[:len(b):len(b)]
}

func (t vtest) list(k string) []string {
	var out []string
	if a, ok := t[k].([]interface{}); ok {
		for _, x := range a {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// status of a returned error, by what it says (spec/harness.md 9.1).
func status(err error) string {
	msg := err.Error()
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "MALFORMED"
	case strings.Contains(msg, "Unsuported cipher suite"):
		return "UNSUPPORTED_SUITE"
	case strings.Contains(msg, "Packet is a reply"):
		return "NOT_REQUEST"
	case strings.Contains(msg, "Packet is not a reply"):
		return "NOT_REPLY"
	case strings.Contains(msg, "mismatch"):
		return "REPLY_MISMATCH"
	case strings.Contains(msg, "Client authentication failed"):
		return "CLIENT_AUTH_FAILED"
	case strings.Contains(msg, "low order point"):
		return "BAD_KEY"
	case strings.Contains(msg, "message authentication failed"):
		return "DECRYPT_FAILED"
	}
	return "UNKNOWN_ERROR"
}

// outcome of one step: "" ok, "differs: ...", "refused:STATUS", "crash: ...", "unsupported: ...".
func step(f func() (string, error)) (out string) {
	defer func() {
		if v := recover(); v != nil {
			out = fmt.Sprintf("crash: %v", v)
		}
	}()
	d, err := f()
	if err != nil {
		return "refused:" + status(err)
	}
	return d
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func judge(t vtest, role string, auth bool) (string, string) {
	stage := t.str("stage")
	errs := t.list("errors")
	invalid := t.str("result") == "invalid"
	pending := ""
	finish := func() (string, string) {
		if pending != "" {
			return "wrong-error", pending
		}
		return "pass", ""
	}
	var client gopssst.Client
	var server gopssst.Server
	var clientReply, serverReply gopssst.ReplyHandler
	type op struct {
		name string
		run  func() (string, error)
	}
	var ops []op
	if role == "client" {
		ops = append(ops, op{"client_init", func() (string, error) {
			var err error
			if auth {
				client, err = gopssst.NewClient(gopssst.CipherSuiteX25519AESGCM, t.bytes("serverPublic"), t.bytes("clientPrivate"))
			} else {
				client, err = gopssst.NewClient(gopssst.CipherSuiteX25519AESGCM, t.bytes("serverPublic"), nil)
			}
			return "", err
		}})
		ops = append(ops, op{"pack_request", func() (string, error) {
			eph := t.bytes("ephemeralPrivate")
			c := append([]byte(nil), eph...)
			c[0] &= 248
			c[31] &= 127
			c[31] |= 64
			if auth && !bytes.Equal(c, eph) {
				return "unsupported: unclamped client-auth ephemeral", nil
			}
			injected.next = eph
			packet, h, err := client.PackOutgoing(t.bytes("request"))
			injected.next = nil
			if err != nil {
				return "", err
			}
			clientReply = h
			if !bytes.Equal(packet, t.bytes("requestPacket")) {
				return "differs: request packet", nil
			}
			return "", nil
		}})
		if rb, ok := t["repliesBefore"].([]interface{}); ok {
			for i := range rb {
				b := vtest(rb[i].(map[string]interface{}))
				ops = append(ops, op{fmt.Sprintf("repliesBefore[%d]", i), func() (string, error) {
					_, err := clientReply(b.bytes("packet"))
					return "", err
				}})
			}
		}
		ops = append(ops, op{"unpack_reply", func() (string, error) {
			m, err := clientReply(t.bytes("replyPacket"))
			if err == nil && !bytes.Equal(m, t.bytes("reply")) {
				return "differs: reply message", nil
			}
			return "", err
		}})
		if stage == "reuse" {
			ops = append(ops, op{"reuse", func() (string, error) {
				_, err := clientReply(t.bytes("replyPacket"))
				return "", err
			}})
		}
	} else {
		ops = append(ops, op{"server_init", func() (string, error) {
			var err error
			server, err = gopssst.NewServer(gopssst.CipherSuiteX25519AESGCM, t.bytes("serverPrivate"))
			if err != nil {
				return "", err
			}
			_, pub, err := gopssst.GenerateKeyPair(gopssst.CipherSuiteX25519AESGCM, bytes.NewReader(t.bytes("serverPrivate")))
			if err == nil && !bytes.Equal(pub.([]byte), t.bytes("serverPublic")) {
				return "differs: server public key", nil
			}
			return "", err
		}})
		ops = append(ops, op{"unpack_request", func() (string, error) {
			m, h, ck, err := server.UnpackIncoming(t.bytes("requestPacket"))
			if err != nil {
				return "", err
			}
			serverReply = h
			if !bytes.Equal(m, t.bytes("request")) {
				return "differs: request message", nil
			}
			if auth {
				if k, ok := ck.([]byte); !ok || !bytes.Equal(k, t.bytes("clientPublic")) {
					return "differs: authenticated client key", nil
				}
			} else if ck != nil {
				return "differs: a client key authenticated in anonymous mode", nil
			}
			return "", nil
		}})
		ops = append(ops, op{"pack_reply", func() (string, error) {
			p, err := serverReply(t.bytes("reply"))
			if err == nil && !bytes.Equal(p, t.bytes("replyPacket")) {
				return "differs: reply packet", nil
			}
			return "", err
		}})
		if stage == "reuse" {
			ops = append(ops, op{"reuse", func() (string, error) {
				_, err := serverReply(t.bytes("reply"))
				return "", err
			}})
		}
	}
	for _, o := range ops {
		out := step(o.run)
		switch {
		case strings.HasPrefix(out, "crash"), strings.HasPrefix(out, "unsupported"):
			return strings.SplitN(out, ":", 2)[0], o.name + ": " + out
		case strings.HasPrefix(o.name, "repliesBefore"):
			if !strings.HasPrefix(out, "refused:") {
				return "fail", o.name + " accepted"
			}
			var idx int
			fmt.Sscanf(o.name, "repliesBefore[%d]", &idx)
			b := vtest(t["repliesBefore"].([]interface{})[idx].(map[string]interface{}))
			if s := strings.TrimPrefix(out, "refused:"); !contains(b.list("errors"), s) && pending == "" {
				pending = o.name + ": " + s
			}
		case strings.HasPrefix(out, "refused:"):
			s := strings.TrimPrefix(out, "refused:")
			if invalid && (o.name == stage || (stage == "client_init" && o.name == "pack_request")) {
				if contains(errs, s) {
					return finish()
				}
				return "wrong-error", o.name + ": " + s
			}
			return "fail", o.name + " refused with " + s
		case out != "":
			return "fail", o.name + ": " + out
		case invalid && o.name == stage && stage == "client_init":
			// Early refusal: the server key may be checked when packing.
		case invalid && stage == "client_init" && o.name == "pack_request":
			return "fail", "client_init and pack_request succeeded"
		case invalid && o.name == stage:
			return "fail", o.name + " succeeded; it must fail"
		}
	}
	if invalid {
		return "fail", "no operation failed"
	}
	return finish()
}

func main() {
	rand.Reader = injected
	if len(os.Args) != 2 && !(len(os.Args) == 4 && os.Args[2] == "--compare") {
		fmt.Fprintln(os.Stderr, "usage: replay VECTORS_DIR [--compare PORT_REPORT.json]")
		os.Exit(2)
	}
	files, _ := filepath.Glob(filepath.Join(os.Args[1], "*.json"))
	sort.Strings(files)
	verdicts := map[string][2]string{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			panic(err)
		}
		var doc map[string]interface{}
		if json.Unmarshal(raw, &doc) != nil {
			panic("not JSON: " + f)
		}
		groups, _ := doc["testGroups"].([]interface{})
		for _, g := range groups {
			grp := vtest(g.(map[string]interface{}))
			if n, _ := grp["suite"].(float64); n != 1 {
				continue
			}
			for _, x := range grp["tests"].([]interface{}) {
				t := vtest(x.(map[string]interface{}))
				v, why := judge(t, grp.str("role"), grp.str("mode") == "client_auth")
				verdicts[t.str("tcId")] = [2]string{v, why}
			}
		}
	}
	if len(os.Args) == 2 {
		for id, v := range verdicts {
			fmt.Println(v[0], id, v[1])
		}
		return
	}
	raw, err := os.ReadFile(os.Args[3])
	if err != nil {
		panic(err)
	}
	var report struct {
		Tests []struct {
			TcID    string `json:"tcId"`
			Verdict string `json:"verdict"`
			Reason  string `json:"reason"`
		} `json:"tests"`
	}
	if json.Unmarshal(raw, &report) != nil {
		panic("the report is not JSON")
	}
	differ := 0
	for _, t := range report.Tests {
		v, ok := verdicts[t.TcID]
		if !ok {
			fmt.Printf("MISSING %s: not replayed here\n", t.TcID)
			differ++
		} else if v[0] != t.Verdict {
			fmt.Printf("DIFFER  %s: runner %s (%s), here %s (%s)\n", t.TcID, t.Verdict, t.Reason, v[0], v[1])
			differ++
		}
	}
	fmt.Printf("%d tests compared with the runner's report: %d agree, %d differ\n",
		len(report.Tests), len(report.Tests)-differ, differ)
	if differ > 0 {
		os.Exit(1)
	}
}
