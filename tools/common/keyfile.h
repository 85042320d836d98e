/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keyfile.h - key files of the command-line tools.
 *
 * A key file holds one X25519 key (spec 2.1) as the library writes it
 * (pssst.h, pssst_key_text_write): a first line "pssst private key v1" or
 * "pssst public key v1", then 64 hexadecimal digits and a line end. Files
 * of the older format, 64 digits and at most one line end, are private
 * keys. The library checks and decodes the text; this layer adds the file
 * system, and says in words what is wrong with a refused file.
 *
 * Two layers, so that fuzz harnesses and the conformance runner can use the
 * parser without touching the file system:
 *  - keyfile_parse: checks and decodes the CONTENTS of a key file held in
 *    memory. No I/O, no allocation, no exit, no output.
 *  - keyfile_read / keyfile_write: the file system side.
 * Neither prints anything; callers build messages with keyfile_strerror.
 *
 * Not part of the library API.
 */
#ifndef PSSST_TOOLS_KEYFILE_H
#define PSSST_TOOLS_KEYFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pssst.h>

/* Characters of the key itself: two hex digits per byte. */
#define KEYFILE_HEX_DIGITS (2 * PSSST_KEY_SIZE)
/* Largest file keyfile_read looks at: a valid file has at most 88 bytes. */
#define KEYFILE_MAX_READ 4096

typedef enum {
    KEYFILE_OK = 0,
    KEYFILE_ERR_EMPTY,        /* no bytes at all */
    KEYFILE_ERR_TOO_SHORT,    /* fewer than 64 hex digits */
    KEYFILE_ERR_TOO_LONG,     /* more than 64 hex digits, or more after the key's line */
    KEYFILE_ERR_BAD_DIGIT,    /* a character that is not a hex digit */
    KEYFILE_ERR_BAD_HEADER,   /* a first line that is neither key header */
    KEYFILE_ERR_WRONG_KIND,   /* a public key where a private one is needed, or back */
    KEYFILE_ERR_OPEN,         /* the file could not be opened (see errno_value) */
    KEYFILE_ERR_READ,         /* reading failed (see errno_value) */
    KEYFILE_ERR_NOT_REGULAR,  /* a directory, device, FIFO, ... */
    KEYFILE_ERR_EXISTS,       /* keyfile_write: the file exists and force is off */
    KEYFILE_ERR_WRITE,        /* creating, writing or syncing failed (see errno_value) */
    KEYFILE_ERR_INVALID_ARGUMENT
} keyfile_status;

/* Details of a failure, and what a reader should warn about. */
typedef struct {
    size_t offset;              /* TOO_SHORT, TOO_LONG, BAD_DIGIT, BAD_HEADER: offset
                                   of the first byte that does not fit the format */
    pssst_key_kind found;       /* WRONG_KIND: the kind the file holds */
    int errno_value;            /* OPEN, READ, WRITE: errno of the failed call */
    bool group_or_world_access; /* keyfile_read: the mode lets others than the owner in */
    unsigned int mode;          /* keyfile_read: permission bits of the file */
} keyfile_detail;

/* A short English description of a keyfile_status, e.g. "not a hex digit". */
const char *keyfile_strerror(keyfile_status s);

/* "private key" or "public key". */
const char *keyfile_kind_name(pssst_key_kind kind);

/*
 * Parses the contents of a key file, text[0..len), that must hold a key of
 * kind want. On success key holds the 32 bytes; on failure key is wiped.
 * detail may be NULL.
 */
keyfile_status keyfile_parse(const char *text, size_t len, pssst_key_kind want,
                             uint8_t key[PSSST_KEY_SIZE], keyfile_detail *detail);

/*
 * Reads what is left of an open file or pipe (at most KEYFILE_MAX_READ
 * bytes; a longer input is refused as too long) and parses it. Every copy
 * of the key made on the way is wiped. detail may be NULL.
 */
keyfile_status keyfile_read_fd(int fd, pssst_key_kind want, uint8_t key[PSSST_KEY_SIZE],
                               keyfile_detail *detail);

/*
 * Reads and parses the key file at path. The file must be a regular file
 * of at most KEYFILE_MAX_READ bytes. Every copy of the key made on the way
 * is wiped. A file readable or writable by group or others is accepted, but
 * detail->group_or_world_access is set so that the caller can warn.
 */
keyfile_status keyfile_read(const char *path, pssst_key_kind want, uint8_t key[PSSST_KEY_SIZE],
                            keyfile_detail *detail);

/*
 * Writes key as a key file of its kind (pssst_key_text_write), in a file
 * created with mode 0600 for a private key and 0644 for a public one
 * (exactly: the umask cannot widen or narrow it) and flushed to disk with
 * fsync before returning. An existing path is refused with
 * KEYFILE_ERR_EXISTS unless force is true. The key is written to a new
 * file beside path (path.XXXXXX), synced, and then put in path's place in
 * one step (a rename with force, so that no old mode, owner or link
 * survives): a failure at any point leaves an old key as it was, and the
 * new file is removed.
 */
keyfile_status keyfile_write(const char *path, pssst_key_kind kind,
                             const uint8_t key[PSSST_KEY_SIZE], bool force,
                             keyfile_detail *detail);

/* Overwrites len bytes at p with zeros in a way the compiler must keep. */
void keyfile_wipe(void *p, size_t len);

#endif
