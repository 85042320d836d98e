// SPDX-License-Identifier: Apache-2.0
// A stand-in with the exported API of the Go port, written from
// spec/pssst.md (check-standin.sh says what for). It takes the port's module
// path only so that the adapter builds against it unchanged, through a
// replace directive in a build copy; it is not the port.
module github.com/nickovs/gopssst

go 1.22

require golang.org/x/crypto v0.0.0-20200728195943-123391ffb6de
