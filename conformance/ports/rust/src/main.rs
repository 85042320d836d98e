// SPDX-License-Identifier: Apache-2.0
//! Port harness (spec/harness.md section 3) for the Rust port, crate
//! pssst 0.0.1: one JSON request per line on stdin, one response per line
//! on stdout.
//!
//! The port reports refusals as values of `pssst::Error`; they map to the
//! status names of spec 10.1 (`status_of`). A panic inside the port is
//! caught and answered as status "crash" with its message and the source
//! line it came from, so the runner goes on without a restart.
//!
//! Buffers: packets are handed over as slices of exactly the packet's
//! length, so a read past the packet panics instead of reading stale bytes;
//! output buffers are exactly as large as the port's API demands for the
//! operation (see `server_output_len` and the packing calls), no larger.
//!
//! Keys the port draws itself (the ephemeral scalar of every request, the
//! client key of `Client::generate`) are injected through the patched
//! getrandom (getrandom-inject/). The port clamps what it draws before use
//! and sends the clamped ephemeral in a client-auth proof, so an ephemeral
//! that clamping changes cannot be injected into a client-auth request:
//! such a `pack_request` is answered "unsupported".

use std::cell::RefCell;
use std::io::{self, BufRead, Write};
use std::panic::{self, AssertUnwindSafe};

use pssst::{Client, ClientReplyHandler, Error, Server, ServerReplier};
use serde_json::{json, Map, Value};

const KEY_LEN: usize = 32;
const HEADER_LEN: usize = 36;
const TAG_LEN: usize = 16;
const PROOF_LEN: usize = 64;

thread_local! {
    /// Message and location of the last panic, set by the panic hook.
    static LAST_PANIC: RefCell<Option<String>> = RefCell::new(None);
}

enum Answer {
    Ok(Map<String, Value>),
    /// A PSSST refusal, as a status name of spec 10.1.
    Refused(&'static str),
    Unsupported(String),
    Crash(String),
    /// The request itself was malformed.
    BadRequest(String),
}

#[derive(Default)]
struct Session {
    client: Option<Client>,
    client_auth: bool,
    reply_handler: Option<ClientReplyHandler>,
    /// A request reached the port in this session: its reply context is the
    /// only one, filled (and maybe spent since) or, after a refusal, empty.
    client_request_made: bool,
    server: Option<Server>,
    replier: Option<ServerReplier>,
    server_request_made: bool,
}

/// `pssst::Error` -> status name. The same value means different things at
/// the two ends: `UnexpectedResponse` is a reply given to a server
/// (NOT_REQUEST) or a request given to a client (NOT_REPLY).
fn status_of(err: Error, server_side: bool) -> Answer {
    Answer::Refused(match err {
        Error::Truncated => "MALFORMED",
        Error::InsufficientBuffer(_) => "BUFFER_TOO_SMALL",
        Error::UnexpectedCiphersuite => "UNSUPPORTED_SUITE",
        Error::UnexpectedResponse if server_side => "NOT_REQUEST",
        Error::UnexpectedResponse => "NOT_REPLY",
        // The reply header differs from the one expected: suite, flags or dh_param.
        Error::UnexpectedHeader => "REPLY_MISMATCH",
        Error::DecryptFailed => "DECRYPT_FAILED",
        Error::ClientAuthFailed => "CLIENT_AUTH_FAILED",
    })
}

/// Runs f, turning a panic into Answer::Crash with the port's message and line.
fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, Answer> {
    LAST_PANIC.with(|p| p.borrow_mut().take());
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => Ok(v),
        Err(_) => {
            let detail = LAST_PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_else(|| "panic without a message".to_string());
            Err(Answer::Crash(format!("{} panicked: {}", what, detail)))
        }
    }
}

fn hex_arg(req: &Value, name: &str, size: Option<usize>) -> Result<Vec<u8>, Answer> {
    let s = req
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| Answer::BadRequest(format!("{}: expected a hex string", name)))?;
    let raw = hex::decode(s).map_err(|e| Answer::BadRequest(format!("{}: not hex ({})", name, e)))?;
    if let Some(n) = size {
        if raw.len() != n {
            return Err(Answer::BadRequest(format!("{}: {} bytes, expected {}", name, raw.len(), n)));
        }
    }
    Ok(raw)
}

fn key_arg(req: &Value, name: &str) -> Result<[u8; KEY_LEN], Answer> {
    let raw = hex_arg(req, name, Some(KEY_LEN))?;
    let mut key = [0u8; KEY_LEN];
    key.copy_from_slice(&raw);
    Ok(key)
}

fn clamp(mut k: [u8; KEY_LEN]) -> [u8; KEY_LEN] {
    k[0] &= 248;
    k[31] &= 127;
    k[31] |= 64;
    k
}

fn ok() -> Map<String, Value> {
    Map::new()
}

fn ok_with(pairs: &[(&str, Value)]) -> Map<String, Value> {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert((*k).to_string(), v.clone());
    }
    m
}

/// Checks that the port drew exactly the injected bytes.
fn injected_all_drawn(what: &str) -> Result<(), Answer> {
    let left = getrandom::take_leftover();
    if left != 0 {
        return Err(Answer::Crash(format!(
            "{} left {} of the injected random bytes undrawn: the port did not draw its key as this adapter expects",
            what, left
        )));
    }
    Ok(())
}

/// The output buffer `Server::decrypt_request` demands: the whole body
/// after the 36-byte header (ciphertext and tag), else InsufficientBuffer.
fn server_output_len(packet_len: usize) -> usize {
    packet_len.saturating_sub(HEADER_LEN)
}

impl Session {
    fn client_init(&mut self, req: &Value) -> Result<Answer, Answer> {
        let server_public = key_arg(req, "serverPublic")?;
        let client_private = match req.get("clientPrivate") {
            None | Some(Value::Null) => None,
            Some(_) => Some(key_arg(req, "clientPrivate")?),
        };
        let client = match client_private {
            None => guarded("Client::unauthenticated", || Client::unauthenticated(&server_public))?,
            Some(key) => {
                // The port has no constructor taking a client key: Client::generate
                // draws one, and draws the key given here. Its clamping does not
                // change the public key or any shared secret (spec 2.1).
                getrandom::inject(&key);
                let c = guarded("Client::generate", || Client::generate(&server_public));
                let left = injected_all_drawn("Client::generate");
                let c = c?;
                left?;
                c
            }
        };
        self.client_auth = client_private.is_some();
        self.client = Some(client);
        Ok(Answer::Ok(ok()))
    }

    fn pack_request(&mut self, req: &Value) -> Result<Answer, Answer> {
        let ephemeral = key_arg(req, "ephemeralPrivate")?;
        let message = hex_arg(req, "message", None)?;
        let client = self
            .client
            .as_ref()
            .ok_or_else(|| Answer::BadRequest("pack_request before client_init".into()))?;
        if self.client_auth && clamp(ephemeral) != ephemeral {
            return Ok(Answer::Unsupported(
                "the port clamps every scalar it draws and sends the clamped ephemeral in the \
                 client-auth proof, so this unclamped ephemeral cannot be injected"
                    .into(),
            ));
        }
        let proof = if self.client_auth { PROOF_LEN } else { 0 };
        let mut out = vec![0u8; HEADER_LEN + proof + message.len() + TAG_LEN];
        getrandom::inject(&ephemeral);
        let result = guarded("Client::encrypt_request", || {
            client
                .encrypt_request(&message, &mut out)
                .map(|(packet, handler)| (packet.to_vec(), handler))
        });
        let left = injected_all_drawn("Client::encrypt_request");
        let result = result?;
        left?;
        // spec 8.2: a refused request leaves no reply context to use.
        self.reply_handler = None;
        self.client_request_made = true;
        match result {
            Ok((packet, handler)) => {
                self.reply_handler = Some(handler);
                Ok(Answer::Ok(ok_with(&[("packet", json!(hex::encode(packet)))])))
            }
            Err(e) => Ok(status_of(e, false)),
        }
    }

    fn unpack_reply(&mut self, req: &Value) -> Result<Answer, Answer> {
        let packet = hex_arg(req, "packet", None)?;
        // decrypt_reply takes the handler by value, whatever its outcome: the
        // port's type system makes a context single use, also after a refusal.
        let handler = match self.reply_handler.take() {
            Some(h) => h,
            None if self.client_request_made => return Ok(Answer::Refused("CONTEXT_USED")),
            None => return Err(Answer::BadRequest("unpack_reply before pack_request".into())),
        };
        // Room for exactly the message a reply of this length carries.
        let mut out = vec![0u8; packet.len().saturating_sub(HEADER_LEN + TAG_LEN)];
        let result = guarded("ClientReplyHandler::decrypt_reply", || {
            handler.decrypt_reply(&packet, &mut out).map(|m| m.to_vec())
        })?;
        Ok(match result {
            Ok(message) => Answer::Ok(ok_with(&[("message", json!(hex::encode(message)))])),
            Err(e) => status_of(e, false),
        })
    }

    fn server_init(&mut self, req: &Value) -> Result<Answer, Answer> {
        let key = key_arg(req, "serverPrivate")?;
        self.server = Some(guarded("Server::import", || Server::import(&key))?);
        Ok(Answer::Ok(ok()))
    }

    fn unpack_request(&mut self, req: &Value) -> Result<Answer, Answer> {
        let packet = hex_arg(req, "packet", None)?;
        let server = self
            .server
            .as_ref()
            .ok_or_else(|| Answer::BadRequest("unpack_request before server_init".into()))?;
        let mut out = vec![0u8; server_output_len(packet.len())];
        let result = guarded("Server::decrypt_request", || {
            server
                .decrypt_request(&packet, &mut out)
                .map(|(received, replier)| (received.message.to_vec(), received.client_public, replier))
        })?;
        self.replier = None;
        self.server_request_made = true;
        Ok(match result {
            Ok((message, client_public, replier)) => {
                self.replier = Some(replier);
                Answer::Ok(ok_with(&[
                    ("message", json!(hex::encode(message))),
                    ("clientPublic", client_public.map_or(Value::Null, |k| json!(hex::encode(k)))),
                ]))
            }
            Err(e) => status_of(e, true),
        })
    }

    fn pack_reply(&mut self, req: &Value) -> Result<Answer, Answer> {
        let message = hex_arg(req, "message", None)?;
        let replier = match self.replier.take() {
            Some(r) => r,
            // encrypt_reply takes the replier by value: a second reply cannot be sealed.
            None if self.server_request_made => return Ok(Answer::Refused("CONTEXT_USED")),
            None => return Err(Answer::BadRequest("pack_reply before unpack_request".into())),
        };
        let mut out = vec![0u8; HEADER_LEN + message.len() + TAG_LEN];
        let result = guarded("ServerReplier::encrypt_reply", || {
            replier.encrypt_reply(&message, &mut out).map(|p| p.to_vec())
        })?;
        Ok(match result {
            Ok(packet) => Answer::Ok(ok_with(&[("packet", json!(hex::encode(packet)))])),
            Err(e) => status_of(e, true),
        })
    }

    fn public_key(&mut self, req: &Value) -> Result<Answer, Answer> {
        let key = key_arg(req, "privateKey")?;
        // The port derives a public key only through a server it imports the key into.
        let public = guarded("Server::import", || Server::import(&key).public_key())?;
        Ok(Answer::Ok(ok_with(&[("publicKey", json!(hex::encode(public)))])))
    }
}

fn hello() -> Answer {
    Answer::Ok(ok_with(&[
        ("protocol", json!(1)),
        ("implementation", json!("pssst.rs 0.0.1 (Rust, crate pssst)")),
        ("suites", json!([1])),
        ("roles", json!(["client", "server"])),
        ("modes", json!(["anonymous", "client_auth"])),
        ("ephemeral", json!(true)),
        ("publicKey", json!(true)),
    ]))
}

fn answer(session: &mut Session, line: &str) -> Value {
    let req: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return json!({"status": "error", "reason": format!("not JSON: {}", e)}),
    };
    if !req.is_object() {
        return json!({"status": "error", "reason": "not a JSON object"});
    }
    let op = req.get("op").and_then(Value::as_str).unwrap_or("");
    let result = match op {
        "hello" => Ok(hello()),
        "begin" => {
            let suite = req.get("suite").and_then(Value::as_u64);
            match suite {
                None => Err(Answer::BadRequest("begin needs a suite".into())),
                // The port has one suite and no way to name another.
                Some(s) if s != 1 => Ok(Answer::Unsupported(format!("suite {}: the port has only suite 1", s))),
                Some(_) => {
                    *session = Session::default();
                    getrandom::take_leftover();
                    Ok(Answer::Ok(ok()))
                }
            }
        }
        "client_init" => session.client_init(&req),
        "pack_request" => session.pack_request(&req),
        "unpack_reply" => session.unpack_reply(&req),
        "server_init" => session.server_init(&req),
        "unpack_request" => session.unpack_request(&req),
        "pack_reply" => session.pack_reply(&req),
        "public_key" => session.public_key(&req),
        _ => Err(Answer::BadRequest(format!("unknown op {:?}", op))),
    };
    let mut resp = match result.unwrap_or_else(|a| a) {
        Answer::Ok(mut m) => {
            m.insert("status".into(), json!("OK"));
            Value::Object(m)
        }
        Answer::Refused(s) => json!({ "status": s }),
        Answer::Unsupported(r) => json!({"status": "unsupported", "reason": r}),
        Answer::Crash(r) => json!({"status": "crash", "reason": r}),
        Answer::BadRequest(r) => json!({"status": "error", "reason": r}),
    };
    if let Some(id) = req.get("id") {
        resp["id"] = id.clone();
    }
    resp
}

fn main() {
    // Record a panic's message and line for the response instead of
    // printing it: the runner reads the reason from the response.
    panic::set_hook(Box::new(|info| {
        let msg = if let Some(s) = info.payload().downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = info.payload().downcast_ref::<String>() {
            s.clone()
        } else {
            "non-string panic payload".to_string()
        };
        let at = info
            .location()
            .map(|l| format!(" (at {}:{})", short_path(l.file()), l.line()))
            .unwrap_or_default();
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{}{}", msg, at)));
    }));
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut session = Session::default();
    for line in stdin.lock().lines() {
        let line = match line {
            Ok(l) => l,
            Err(_) => break,
        };
        if line.trim().is_empty() {
            continue;
        }
        let resp = answer(&mut session, &line);
        let mut out = stdout.lock();
        if writeln!(out, "{}", resp).and_then(|_| out.flush()).is_err() {
            break;
        }
    }
}

/// "pssst-rs-0.0.1/src/lib.rs" rather than the absolute path of this machine;
/// crates of the registry keep their "name-version/..." part.
fn short_path(file: &str) -> String {
    let parts: Vec<&str> = file.split('/').collect();
    if let Some(i) = parts.iter().rposition(|p| *p == "src") {
        if i > 0 {
            return parts[i - 1..].join("/");
        }
    }
    file.to_string()
}
