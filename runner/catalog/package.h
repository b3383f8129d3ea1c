/* SPDX-License-Identifier: MIT */
/*
 * Catalogue submission: sealed run folders, their English and Chinese PDF
 * reports and an index, in one tar file the submitting lab seals as a
 * whole, so that the catalogue can check it offline.
 *
 * PACKAGE.tar (or PACKAGE.zip: a zip archive, the same contents) holds
 * one folder, carecert-package/:
 *   index.json           schema carecert/package/1: per run its folder,
 *                        DUT identity, the standards and clauses its cases
 *                        cover with their verdicts, status, verdict, start,
 *                        end, lab, the record's SHA-256, its seal's key
 *   runs/NN-NAME/...     each run folder as sealed (MANIFEST.sig inside)
 *   MANIFEST.sha256, MANIFEST.sig   the package's own seal (seal/sign.h)
 *
 * Errors: CC_OK or a negative cc_err with a one-line message in err;
 * CC_EINVAL for a run that cannot be submitted (not sealed, seal broken,
 * not complete, a verdict its cases do not give, a PDF missing) or a
 * package refused when unpacking.
 */
#ifndef CARECERT_PACKAGE_H
#define CARECERT_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define PACKAGE_SCHEMA "carecert/package/1"
#define PACKAGE_ROOT "carecert-package"
#define PACKAGE_INDEX "index.json"
/* What a package may unpack to: bytes, and one file's bytes. */
#define PACKAGE_MAX_BYTES (4ull * 1024 * 1024 * 1024)
#define PACKAGE_MAX_FILE (1ull * 1024 * 1024 * 1024)
/* A path inside the package, at most. */
#define PACKAGE_MAX_PATH 1024

/* Build out_tar from n sealed run folders, sealing the package with the
 * PEM private key at key. pubkey (may be NULL): each run's seal must be by
 * this key. out_tar is written whole or not at all. */
int package_build(char *const *run_dirs, size_t n, const char *out_tar, const char *key,
		  const char *pubkey, char *err, size_t errlen);

/* Unpack tar (a tar or zip archive) into dest (an empty folder): only
 * regular files and folders
 * under carecert-package/, no absolute path, no "..", no link, no device,
 * no file twice, within the sizes above. */
int package_unpack(const char *tar, const char *dest, char *err, size_t errlen);

/* Check a package offline: unpacked into a temporary folder (removed
 * after), its seal (by pubkey when given), its index, and each run: its
 * seal, its record's hash and verdict as the index says, its PDFs. One
 * line per finding and per run on f; *ok when everything holds. CC_OK
 * means the check ran. */
int package_verify(const char *tar, const char *pubkey, FILE *f, bool *ok, char *err,
		   size_t errlen);

#endif
