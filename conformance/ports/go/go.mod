// SPDX-License-Identifier: Apache-2.0
// Harness adapter for the Go port, module github.com/nickovs/gopssst.
// The port is not required here: conformance/ports/common.sh adds it in a
// copy of this folder in the build folder with
// `go get github.com/nickovs/gopssst@<commit>` (the commit pinned there), so
// that the module proxy maps the commit to its pseudo-version and the
// checksum database checks it. README.md says why go.sum is not committed
// yet.
module pssst-c/conformance/ports/go

go 1.22
