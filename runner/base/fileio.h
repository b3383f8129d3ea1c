/* SPDX-License-Identifier: MIT */
/*
 * Files written so that readers never see half of them, and hashes of
 * files for the record's traceability block.
 */
#ifndef CARECERT_FILEIO_H
#define CARECERT_FILEIO_H

#include <stddef.h>

#define SHA256_HEX_LEN 64

/* Write data to path via "<path>.tmp.<pid>", fsync, rename, fsync of the
 * directory. On failure the old file (if any) is untouched. */
int atomic_write_file(const char *path, const void *data, size_t len);

/* SHA-256 of a regular file's bytes as lower-case hex (out gets 65 bytes,
 * NUL included). CC_ENOTFOUND / CC_EIO on failure; CC_EINVAL for anything
 * but a regular file (a device or FIFO a record names is never read). */
int sha256_file(const char *path, char out[SHA256_HEX_LEN + 1]);
/* SHA-256 of memory, lower-case hex. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN + 1]);

/* Create a directory and its parents (mode 0755); existing is fine. */
int mkdir_p(const char *path);
/* Remove everything inside dir (not following links), keeping dir;
 * CC_ESYS with errno on the first failure. */
int remove_tree_contents(const char *dir);

/* Read a whole file into a NUL-terminated malloc'd buffer (caller frees). */
int read_file(const char *path, char **out, size_t *len);

#endif
