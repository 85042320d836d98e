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
/* The only modes a new key file gets: a private key for its owner alone. */
#define KEYFILE_PRIVATE_MODE 0600u
#define KEYFILE_PUBLIC_MODE 0644u

void keyfile_wipe(void *p, size_t len)
{
    volatile unsigned char *v = p;
    for (size_t i = 0; i < len; i++)
        v[i] = 0;
}

static void clear_detail(keyfile_detail *detail)
{
    *detail = (keyfile_detail){0};
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

keyfile_status keyfile_read_fd(int fd, pssst_key_kind want, uint8_t key[PSSST_KEY_SIZE],
                               keyfile_detail *detail)
{
    keyfile_detail scratch;
    if (detail == NULL)
        detail = &scratch;
    clear_detail(detail);
    if (key == NULL)
        return KEYFILE_ERR_INVALID_ARGUMENT;
    keyfile_wipe(key, PSSST_KEY_SIZE);
    /* A valid file has at most 88 bytes, so a bounded prefix decides. */
    char text[KEYFILE_MAX_READ];
    size_t got = 0;
    int err = read_bounded(fd, text, sizeof text, &got);
    keyfile_status s;
    if (err != 0) {
        s = KEYFILE_ERR_READ;
        detail->errno_value = err;
    } else {
        s = keyfile_parse(text, got, want, key, detail);
    }
    keyfile_wipe(text, sizeof text);
    return s;
}

keyfile_status keyfile_read(const char *path, pssst_key_kind want, uint8_t key[PSSST_KEY_SIZE],
                            keyfile_detail *detail)
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
    keyfile_status s = keyfile_read_fd(fd, want, key, detail);
    close(fd);
    detail->group_or_world_access = (st.st_mode & KEYFILE_OTHERS_MASK) != 0;
    detail->mode = (unsigned int)(st.st_mode & 07777);
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
static int fill_new_file(int fd, pssst_key_kind kind, const uint8_t key[PSSST_KEY_SIZE])
{
    if (fchmod(fd, kind == PSSST_KEY_PRIVATE ? KEYFILE_PRIVATE_MODE : KEYFILE_PUBLIC_MODE) != 0)
        return errno;
    char text[PSSST_KEY_TEXT_MAX];
    size_t len = 0;
    if (pssst_key_text_write(kind, key, text, sizeof text, &len) != PSSST_OK)
        return EINVAL;
    int err = write_all(fd, text, len);
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

keyfile_status keyfile_write(const char *path, pssst_key_kind kind,
                             const uint8_t key[PSSST_KEY_SIZE], bool force,
                             keyfile_detail *detail)
{
    keyfile_detail scratch;
    if (detail == NULL)
        detail = &scratch;
    clear_detail(detail);
    if (path == NULL || key == NULL || (kind != PSSST_KEY_PRIVATE && kind != PSSST_KEY_PUBLIC))
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
    int err = fd < 0 ? errno : fill_new_file(fd, kind, key);
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
