// SPDX-License-Identifier: Apache-2.0
//! Replays the vector files straight into pssst.rs 0.0.1, without the runner.
//!
//! Usage: replay VECTORS_DIR [--compare PORT_REPORT.json]
//!
//! A cross-check of `pssst-conform port` and the adapter (src/main.rs): this
//! program reads vectors/*.json itself (spec/vectors.md), drives the port
//! through the role procedures of vectors.md section 3 and the reply
//! sequences of section 6 with its own code, and gives each test a verdict.
//! With --compare it lists every test whose verdict differs from the one in
//! the runner's JSON report and exits 1 when any differ.
//!
//! It shares only the injected random source (getrandom-inject) with the
//! adapter, since the port offers no other way to use a given key.

use std::collections::BTreeMap;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use pssst::{Client, ClientReplyHandler, Error, Server, ServerReplier};
use serde_json::Value;

enum Step {
    Ok,
    Differs(String),
    Refused(&'static str),
    Crashed(String),
    Unsupported(String),
}

fn name(err: Error, server: bool) -> &'static str {
    match err {
        Error::Truncated => "MALFORMED",
        Error::InsufficientBuffer(_) => "BUFFER_TOO_SMALL",
        Error::UnexpectedCiphersuite => "UNSUPPORTED_SUITE",
        Error::UnexpectedResponse => {
            if server {
                "NOT_REQUEST"
            } else {
                "NOT_REPLY"
            }
        }
        Error::UnexpectedHeader => "REPLY_MISMATCH",
        Error::DecryptFailed => "DECRYPT_FAILED",
        Error::ClientAuthFailed => "CLIENT_AUTH_FAILED",
    }
}

fn caught<T>(f: impl FnOnce() -> T) -> Result<T, Step> {
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|e| {
        let msg = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        Step::Crashed(format!("panic: {}", msg))
    })
}

fn hx(t: &Value, field: &str) -> Vec<u8> {
    t.get(field).and_then(Value::as_str).map(|s| hex::decode(s).expect("bad hex in a vector")).unwrap_or_default()
}

fn key(t: &Value, field: &str) -> [u8; 32] {
    let mut k = [0u8; 32];
    k.copy_from_slice(&hx(t, field));
    k
}

struct Test<'a> {
    t: &'a Value,
    auth: bool,
    client: Option<Client>,
    handler: Option<ClientReplyHandler>,
    server: Option<Server>,
    replier: Option<ServerReplier>,
}

impl<'a> Test<'a> {
    fn client_init(&mut self) -> Step {
        let server_pub = key(self.t, "serverPublic");
        let r = if self.auth {
            getrandom::inject(&key(self.t, "clientPrivate"));
            let c = caught(|| Client::generate(&server_pub));
            getrandom::take_leftover();
            c
        } else {
            caught(|| Client::unauthenticated(&server_pub))
        };
        match r {
            Err(s) => s,
            Ok(c) => {
                if self.auth && c.public_key().map(|k| k.to_vec()) != Some(hx(self.t, "clientPublic")) {
                    return Step::Differs("client public key".into());
                }
                self.client = Some(c);
                Step::Ok
            }
        }
    }

    fn pack_request(&mut self) -> Step {
        let eph = key(self.t, "ephemeralPrivate");
        let mut clamped = eph;
        clamped[0] &= 248;
        clamped[31] &= 127;
        clamped[31] |= 64;
        if self.auth && clamped != eph {
            return Step::Unsupported("unclamped client-auth ephemeral".into());
        }
        let msg = hx(self.t, "request");
        let mut out = vec![0u8; 36 + if self.auth { 64 } else { 0 } + msg.len() + 16];
        getrandom::inject(&eph);
        let client = self.client.as_ref().expect("client");
        let r = caught(|| client.encrypt_request(&msg, &mut out).map(|(p, h)| (p.to_vec(), h)));
        getrandom::take_leftover();
        match r {
            Err(s) => s,
            Ok(Err(e)) => Step::Refused(name(e, false)),
            Ok(Ok((packet, h))) => {
                self.handler = Some(h);
                if packet == hx(self.t, "requestPacket") {
                    Step::Ok
                } else {
                    Step::Differs("request packet".into())
                }
            }
        }
    }

    fn unpack_reply(&mut self, packet: Vec<u8>, want: Option<Vec<u8>>) -> Step {
        let h = match self.handler.take() {
            Some(h) => h,
            // Taken by value by an earlier call: the port cannot use it again.
            None => return Step::Refused("CONTEXT_USED"),
        };
        let mut out = vec![0u8; packet.len().saturating_sub(52)];
        match caught(|| h.decrypt_reply(&packet, &mut out).map(|m| m.to_vec())) {
            Err(s) => s,
            Ok(Err(e)) => Step::Refused(name(e, false)),
            Ok(Ok(m)) => match want {
                Some(w) if w != m => Step::Differs("reply message".into()),
                _ => Step::Ok,
            },
        }
    }

    fn server_init(&mut self) -> Step {
        let k = key(self.t, "serverPrivate");
        match caught(|| Server::import(&k)) {
            Err(s) => s,
            Ok(s) => {
                let public = s.public_key().to_vec();
                self.server = Some(s);
                if public == hx(self.t, "serverPublic") {
                    Step::Ok
                } else {
                    Step::Differs("server public key".into())
                }
            }
        }
    }

    fn unpack_request(&mut self) -> Step {
        let packet = hx(self.t, "requestPacket");
        let mut out = vec![0u8; packet.len().saturating_sub(36)];
        let server = self.server.as_ref().expect("server");
        let r = caught(|| {
            server
                .decrypt_request(&packet, &mut out)
                .map(|(got, rep)| (got.message.to_vec(), got.client_public, rep))
        });
        match r {
            Err(s) => s,
            Ok(Err(e)) => Step::Refused(name(e, true)),
            Ok(Ok((m, cp, rep))) => {
                self.replier = Some(rep);
                let want_cp = if self.auth { Some(hx(self.t, "clientPublic")) } else { None };
                if m != hx(self.t, "request") {
                    Step::Differs("request message".into())
                } else if cp.map(|k| k.to_vec()) != want_cp {
                    Step::Differs("authenticated client key".into())
                } else {
                    Step::Ok
                }
            }
        }
    }

    fn pack_reply(&mut self) -> Step {
        let rep = match self.replier.take() {
            Some(r) => r,
            None => return Step::Refused("CONTEXT_USED"),
        };
        let msg = hx(self.t, "reply");
        let mut out = vec![0u8; 36 + msg.len() + 16];
        match caught(|| rep.encrypt_reply(&msg, &mut out).map(|p| p.to_vec())) {
            Err(s) => s,
            Ok(Err(e)) => Step::Refused(name(e, true)),
            Ok(Ok(p)) => {
                if p == hx(self.t, "replyPacket") {
                    Step::Ok
                } else {
                    Step::Differs("reply packet".into())
                }
            }
        }
    }
}

fn strs(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
        .unwrap_or_default()
}

/// The verdict of one test, by the rules of vectors.md sections 3 and 6.
fn judge(t: &Value, role: &str, auth: bool) -> (String, String) {
    let stage = t.get("stage").and_then(Value::as_str).unwrap_or("");
    let errors = strs(t.get("errors"));
    let invalid = t.get("result").and_then(Value::as_str) == Some("invalid");
    let mut test = Test { t, auth, client: None, handler: None, server: None, replier: None };
    // A packet of repliesBefore refused with another error than listed does
    // not stop the test (the lenient reading of vectors.md 4 and 6 that
    // pssst-conform applies without --strict-errors): the test runs on, and
    // if it would pass it is a wrong-error.
    let mut pending: Option<String> = None;
    let mut names: Vec<String> = Vec::new();
    if role == "client" {
        names.push("client_init".into());
        names.push("pack_request".into());
        let n = t.get("repliesBefore").and_then(Value::as_array).map_or(0, |a| a.len());
        for i in 0..n {
            names.push(format!("repliesBefore[{}]", i));
        }
        names.push("unpack_reply".into());
    } else {
        names.extend(["server_init".to_string(), "unpack_request".into(), "pack_reply".into()]);
    }
    if stage == "reuse" {
        names.push("reuse".into());
    }
    for n in &names {
        let step = match n.as_str() {
            "client_init" => test.client_init(),
            "pack_request" => test.pack_request(),
            "unpack_reply" => test.unpack_reply(hx(t, "replyPacket"), Some(hx(t, "reply"))),
            "server_init" => test.server_init(),
            "unpack_request" => test.unpack_request(),
            "pack_reply" => test.pack_reply(),
            "reuse" if role == "client" => test.unpack_reply(hx(t, "replyPacket"), None),
            "reuse" => test.pack_reply(),
            _ => {
                let i: usize = n[14..n.len() - 1].parse().unwrap();
                let before = &t["repliesBefore"][i];
                match test.unpack_reply(hx(before, "packet"), None) {
                    Step::Refused(s) => {
                        let allowed = strs(before.get("errors"));
                        if !allowed.iter().any(|a| a == s) && pending.is_none() {
                            pending = Some(format!("{}: {}", n, s));
                        }
                        // The handler was consumed by the refusal; what
                        // follows meets the port's own single use.
                        continue;
                    }
                    Step::Ok | Step::Differs(_) => return ("fail".into(), format!("{} accepted", n)),
                    Step::Crashed(c) => return ("crash".into(), format!("{}: {}", n, c)),
                    Step::Unsupported(u) => return ("unsupported".into(), u),
                }
            }
        };
        match step {
            Step::Crashed(c) => return ("crash".into(), format!("{}: {}", n, c)),
            Step::Unsupported(u) => return ("unsupported".into(), u),
            Step::Refused(s) => {
                let at_stage = invalid && n == stage;
                let early = invalid && stage == "client_init" && n == "pack_request";
                if at_stage || early {
                    if errors.iter().any(|e| e == s) {
                        return finish(pending);
                    }
                    return ("wrong-error".into(), format!("{}: {}", n, s));
                }
                return ("fail".into(), format!("{} refused with {}", n, s));
            }
            Step::Differs(d) => return ("fail".into(), format!("{}: {} differs", n, d)),
            Step::Ok => {
                if invalid && n == stage && stage == "client_init" {
                    continue; // early refusal: the key may be checked when packing
                }
                if invalid && stage == "client_init" && n == "pack_request" {
                    return ("fail".into(), "client_init and pack_request succeeded".into());
                }
                if invalid && n == stage {
                    return ("fail".into(), format!("{} succeeded; it must fail", n));
                }
            }
        }
    }
    if invalid {
        return ("fail".into(), "no operation failed".into());
    }
    finish(pending)
}

fn finish(pending: Option<String>) -> (String, String) {
    match pending {
        Some(why) => ("wrong-error".into(), why),
        None => ("pass".into(), String::new()),
    }
}

fn main() {
    panic::set_hook(Box::new(|_| {}));
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 2 && !(args.len() == 4 && args[2] == "--compare") {
        eprintln!("usage: replay VECTORS_DIR [--compare PORT_REPORT.json]");
        std::process::exit(2);
    }
    let mut files: Vec<_> = fs::read_dir(Path::new(&args[1]))
        .expect("cannot read the vectors folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().map_or(false, |x| x == "json"))
        .collect();
    files.sort();
    let mut verdicts: BTreeMap<String, (String, String)> = BTreeMap::new();
    for f in files {
        let doc: Value = serde_json::from_str(&fs::read_to_string(&f).unwrap()).expect("vector file is not JSON");
        let groups = match doc.get("testGroups").and_then(Value::as_array) {
            Some(g) => g,
            None => continue,
        };
        for g in groups {
            let role = g["role"].as_str().unwrap_or("");
            let auth = g["mode"].as_str() == Some("client_auth");
            if g["suite"].as_u64() != Some(1) {
                continue;
            }
            for t in g["tests"].as_array().into_iter().flatten() {
                let id = t["tcId"].as_str().unwrap_or("").to_string();
                verdicts.insert(id, judge(t, role, auth));
            }
        }
    }
    if args.len() == 2 {
        for (id, (v, why)) in &verdicts {
            println!("{} {} {}", v, id, why);
        }
        return;
    }
    let report: Value = serde_json::from_str(&fs::read_to_string(&args[3]).expect("cannot read the report"))
        .expect("report is not JSON");
    let tests = report["tests"].as_array().expect("report has no tests");
    let mut differ = 0;
    for t in tests {
        let id = t["tcId"].as_str().unwrap_or("");
        let runner = t["verdict"].as_str().unwrap_or("");
        match verdicts.get(id) {
            None => {
                println!("MISSING {}: not replayed here", id);
                differ += 1;
            }
            Some((v, why)) if v != runner => {
                println!(
                    "DIFFER  {}: runner {} ({}), here {} ({})",
                    id,
                    runner,
                    t["reason"].as_str().unwrap_or(""),
                    v,
                    why
                );
                differ += 1;
            }
            _ => {}
        }
    }
    println!(
        "{} tests compared with the runner's report: {} agree, {} differ",
        tests.len(),
        tests.len() - differ,
        differ
    );
    std::process::exit(if differ > 0 { 1 } else { 0 });
}
