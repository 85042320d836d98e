// SPDX-License-Identifier: Apache-2.0
//! getrandom 0.1's interface (the part rand_core 0.5 uses), with a queue of
//! injected bytes in front of the kernel's generator.
//!
//! The harness adapter queues the 32 bytes of a test vector's key before
//! the port draws it; `getrandom` then serves the draw from the queue. A draw
//! larger than what is queued is an error rather than a mix of queued and
//! random bytes, so that the adapter learns that the port did not draw what
//! it expected. With nothing queued, bytes come from /dev/urandom.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::num::NonZeroU32;

#[derive(Copy, Clone, Eq, PartialEq)]
pub struct Error(NonZeroU32);

impl Error {
    /// getrandom 0.1's code for an unknown failure.
    pub const UNKNOWN: Error = Error(match NonZeroU32::new(Self::INTERNAL_START + 1) {
        Some(c) => c,
        None => unreachable!(),
    });
    /// The draw asked for more bytes than were injected.
    pub const INJECTION_SHORT: Error = Error(match NonZeroU32::new(Self::INTERNAL_START + 100) {
        Some(c) => c,
        None => unreachable!(),
    });
    pub const INTERNAL_START: u32 = 1 << 31;

    pub fn code(self) -> NonZeroU32 {
        self.0
    }

    pub fn raw_os_error(self) -> Option<i32> {
        if self.0.get() < Self::INTERNAL_START {
            Some(self.0.get() as i32)
        } else {
            None
        }
    }
}

impl From<NonZeroU32> for Error {
    fn from(code: NonZeroU32) -> Self {
        Error(code)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error {{ code: {} }}", self.0)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Self::INJECTION_SHORT {
            write!(f, "random draw larger than the injected bytes")
        } else {
            write!(f, "getrandom error {}", self.0)
        }
    }
}

impl std::error::Error for Error {}

impl From<Error> for std::io::Error {
    fn from(err: Error) -> Self {
        match err.raw_os_error() {
            Some(errno) => std::io::Error::from_raw_os_error(errno),
            None => std::io::Error::new(std::io::ErrorKind::Other, err),
        }
    }
}

thread_local! {
    static QUEUE: RefCell<VecDeque<u8>> = RefCell::new(VecDeque::new());
}

/// Queue bytes to be the output of the next draws (on this thread).
pub fn inject(bytes: &[u8]) {
    QUEUE.with(|q| q.borrow_mut().extend(bytes.iter().copied()));
}

/// How many injected bytes have not been drawn; drops them.
pub fn take_leftover() -> usize {
    QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        let n = q.len();
        q.clear();
        n
    })
}

pub fn getrandom(dest: &mut [u8]) -> Result<(), Error> {
    let served = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        if q.is_empty() {
            return None;
        }
        if q.len() < dest.len() {
            q.clear();
            return Some(Err(Error::INJECTION_SHORT));
        }
        for b in dest.iter_mut() {
            *b = q.pop_front().unwrap_or(0);
        }
        Some(Ok(()))
    });
    if let Some(result) = served {
        return result;
    }
    File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(dest))
        .map_err(|e| match e.raw_os_error().and_then(|n| NonZeroU32::new(n as u32)) {
            Some(code) => Error(code),
            None => Error::UNKNOWN,
        })
}
