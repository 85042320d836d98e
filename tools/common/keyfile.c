/* SPDX-License-Identifier: Apache-2.0 */
/* open/fstat/fsync/fchmod and O_CLOEXEC/O_NOFOLLOW are POSIX.1-2008. */
#define _POSIX_C_SOURCE 200809L

#include "keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "hex.h"

/* Permission bits that give anyone but the owner access. */
#define KEYFILE_OTHERS_MASK 077u
/* The only mode a new key file gets. */
#define KEYFILE_MODE 0600u

void keyfile_wipe(void *p, size_t len)
{
    volatile unsigned char *v = p;
    for (size_t i = 0; i < len; i++)
        v[i] = 0;
}

const char *keyfile_strerror(keyfile_status s)
{
    switch (s) {
    case KEYFILE_OK:
        return "valid key file";
    case KEYFILE_ERR_EMPTY:
        return "file is empty";
    case KEYFILE_ERR_TOO_SHORT:
        return "fewer than 64 hex digits";
    case KEYFILE_ERR_TOO_LONG:
        return "more than 64 hex digits and one line ending";
    case KEYFILE_ERR_BAD_DIGIT:
        return "character that is not a hex digit";
    case KEYFILE_ERR_OPEN:
        return "cannot open";
    case KEYFILE_ERR_READ:
        return "cannot read";
    case KEYFILE_ERR_NOT_REGULAR:
        return "not a regular file";
    case KEYFILE_ERR_EXISTS:
        return "file exists";
    case KEYFILE_ERR_WRITE:
        return "cannot write";
    case KEYFILE_ERR_INVALID_ARGUMENT:
        return "invalid argument";
    }
    return "unknown key file error";
}

static bool is_line_end(char c)
{
    return c == '\n' || c == '\r';
}

/* What may follow the 64 digits: nothing, "\n" or "\r\n". */
static bool is_allowed_tail(const char *tail, size_t len)
{
    if (len == 0)
        return true;
    if (len == 1)
        return tail[0] == '\n';
    return len == 2 && tail[0] == '\r' && tail[1] == '\n';
}

static void clear_detail(keyfile_detail *detail)
{
    detail->offset = 0;
    detail->errno_value = 0;
    detail->group_or_world_access = false;
    detail->mode = 0;
}

keyfile_status keyfile_parse(const char *text, size_t len, uint8_t key[PSSST_KEY_SIZE],
                             keyfile_detail *detail)
{
    keyfile_detail scratch;
    if (detail == NULL)
        detail = &scratch;
    clear_detail(detail);
    if (key == NULL)
        return KEYFILE_ERR_INVALID_ARGUMENT;
    keyfile_wipe(key, PSSST_KEY_SIZE);
    if (text == NULL && len != 0)
        return KEYFILE_ERR_INVALID_ARGUMENT;
    if (len == 0)
        return KEYFILE_ERR_EMPTY;

    /* The digits are the key: hex_digit_run reads them without branching
     * on their values; only where they end decides what follows. */
    size_t digits = hex_digit_run(text, len);
    if (digits < len && !is_line_end(text[digits])) {
        detail->offset = digits;
        return KEYFILE_ERR_BAD_DIGIT;
    }
    detail->offset = digits;
    if (digits < KEYFILE_HEX_DIGITS)
        return KEYFILE_ERR_TOO_SHORT;
    if (digits > KEYFILE_HEX_DIGITS)
        return KEYFILE_ERR_TOO_LONG;
    if (!is_allowed_tail(text + digits, len - digits))
        return KEYFILE_ERR_TOO_LONG;

    size_t decoded = 0;
    if (hex_decode(text, KEYFILE_HEX_DIGITS, key, PSSST_KEY_SIZE, &decoded, NULL) != HEX_OK ||
        decoded != PSSST_KEY_SIZE) {
        keyfile_wipe(key, PSSST_KEY_SIZE);
        return KEYFILE_ERR_BAD_DIGIT; /* unreachable: every digit was checked above */
    }
    detail->offset = 0;
    return KEYFILE_OK;
}

/* Reads at most size bytes from fd into buf; *got is the count. 0 or errno. */
static int read_bounded(int fd, char *buf, size_t size, size_t *got)
{
    *got = 0;
    while (*got < size) {
        ssize_t n = read(fd, buf + *got, size - *got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno;
        if (n == 0)
            break;
        *got += (size_t)n;
    }
    return 0;
}

keyfile_status keyfile_read(const char *path, uint8_t key[PSSST_KEY_SIZE], keyfile_detail *detail)
{
    keyfile_detail scratch;
    if (detail == NULL)
        detail = &scratch;
    clear_detail(detail);
    if (path == NULL || key == NULL)
        return KEYFILE_ERR_INVALID_ARGUMENT;
    keyfile_wipe(key, PSSST_KEY_SIZE);

    /* O_NONBLOCK: a FIFO given by mistake must not hang the tool. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        detail->errno_value = errno;
        return KEYFILE_ERR_OPEN;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        detail->errno_value = errno;
        close(fd);
        return KEYFILE_ERR_READ;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return KEYFILE_ERR_NOT_REGULAR;
    }
    bool others = (st.st_mode & KEYFILE_OTHERS_MASK) != 0;
    unsigned int mode = (unsigned int)(st.st_mode & 07777);

    /* A valid file has at most 66 bytes, so a bounded prefix decides. */
    char text[KEYFILE_MAX_READ];
    size_t got = 0;
    int err = read_bounded(fd, text, sizeof text, &got);
    close(fd);
    keyfile_status s;
    if (err != 0) {
        s = KEYFILE_ERR_READ;
        detail->errno_value = err;
    } else {
        s = keyfile_parse(text, got, key, detail);
    }
    keyfile_wipe(text, sizeof text);
    detail->group_or_world_access = others;
    detail->mode = mode;
    return s;
}

/* Writes all len bytes, retrying short writes. 0 or errno. */
static int write_all(int fd, const char *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, buf + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno;
        done += (size_t)n;
    }
    return 0;
}

/* Fills an already created file: exact mode, contents, fsync. 0 or errno. */
static int fill_new_file(int fd, const uint8_t key[PSSST_KEY_SIZE])
{
    if (fchmod(fd, KEYFILE_MODE) != 0)
        return errno;
    char text[KEYFILE_HEX_DIGITS + 2];
    hex_encode(key, PSSST_KEY_SIZE, text);
    text[KEYFILE_HEX_DIGITS] = '\n';
    text[KEYFILE_HEX_DIGITS + 1] = '\0';
    int err = write_all(fd, text, KEYFILE_HEX_DIGITS + 1);
    keyfile_wipe(text, sizeof text);
    if (err != 0)
        return err;
    if (fsync(fd) != 0)
        return errno;
    return 0;
}

/* Makes a rename or link in path's folder durable (best effort: some file
 * systems cannot sync a folder, and the key itself is already synced). */
static void sync_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *folder = slash == NULL ? strdup(".") : strndup(path, (size_t)(slash - path) + 1);
    int fd = folder != NULL ? open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(folder);
}

/*
 * Puts the finished file tmp at path: rename replaces an old file in one
 * step (force); link fails when path exists (no force), like O_EXCL. Never
 * through an existing file or link: both act on the name itself.
 */
static int put_in_place(const char *tmp, const char *path, bool force)
{
    if (force)
        return rename(tmp, path) == 0 ? 0 : errno;
    int err = link(tmp, path) == 0 ? 0 : errno;
    unlink(tmp);
    return err;
}

keyfile_status keyfile_write(const char *path, const uint8_t key[PSSST_KEY_SIZE], bool force,
                             keyfile_detail *detail)
{
    keyfile_detail scratch;
    if (detail == NULL)
        detail = &scratch;
    clear_detail(detail);
    if (path == NULL || key == NULL)
        return KEYFILE_ERR_INVALID_ARGUMENT;

    /* The key is written to a new file beside path and synced before it
     * takes path's place, so a failed write leaves an old key as it was. */
    static const char suffix[] = ".XXXXXX";
    size_t n = strlen(path);
    char *tmp = malloc(n + sizeof suffix);
    if (tmp == NULL) {
        detail->errno_value = ENOMEM;
        return KEYFILE_ERR_WRITE;
    }
    memcpy(tmp, path, n);
    memcpy(tmp + n, suffix, sizeof suffix);
    int fd = mkstemp(tmp); /* O_EXCL, mode 0600 */
    int err = fd < 0 ? errno : fill_new_file(fd, key);
    if (fd >= 0 && close(fd) != 0 && err == 0)
        err = errno;
    if (err == 0)
        err = put_in_place(tmp, path, force);
    else if (fd >= 0)
        unlink(tmp);
    if (err == 0)
        sync_folder(path);
    free(tmp);
    if (err != 0) {
        detail->errno_value = err;
        return err == EEXIST ? KEYFILE_ERR_EXISTS : KEYFILE_ERR_WRITE;
    }
    return KEYFILE_OK;
}
