/* SPDX-License-Identifier: MIT */
/*
 * Sealing a run folder: a manifest of the SHA-256 of every file in it and
 * a detached Ed25519 signature of that manifest (OpenSSL EVP).
 *
 * <dir>/MANIFEST.sha256  one "<sha256 hex>  <path>\n" line per file, paths
 *                        relative to dir, '/'-separated, sorted bytewise;
 *                        the format of sha256sum(1), so `sha256sum -c` works
 * <dir>/MANIFEST.sig     text: format line, algorithm, the signer's raw
 *                        public key (hex), its SHA-256 fingerprint, the
 *                        manifest's SHA-256 and the signature (hex)
 *
 * Every regular file under dir is listed, in subfolders too, except the two
 * files above. Anything else (symbolic links, devices), a name holding a
 * newline or backslash, or more than SIGN_MAX_FILES files is refused when
 * signing, so that a manifest line always names exactly one file.
 *
 * Errors: functions return CC_OK or a negative cc_err and put a one-line
 * message in err (the first cause). Verification findings are not errors:
 * they are listed in struct sign_check.
 */
#ifndef CARECERT_SIGN_H
#define CARECERT_SIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/fileio.h"

#define SIGN_MANIFEST "MANIFEST.sha256"
#define SIGN_SIGNATURE "MANIFEST.sig"
#define SIGN_FORMAT "carecert-signature/1"
#define SIGN_MAX_FILES 100000
#define SIGN_MAX_DEPTH 16

/* Write a new Ed25519 key pair: the private key as PKCS#8 PEM (mode 0600,
 * refused if key_path exists) and the public key as PEM to pub_path. */
int sign_keygen(const char *key_path, const char *pub_path, char *err,
		size_t errlen);

/* The manifest text of dir as it is now (caller frees *out). */
int sign_manifest(const char *dir, char **out, size_t *len, char *err,
		  size_t errlen);

/* Write MANIFEST.sha256 and MANIFEST.sig into dir, signed with the PEM
 * private key at key_path; fpr gets the key's fingerprint (hex SHA-256 of
 * the raw public key). Both files are written atomically. */
int sign_run(const char *dir, const char *key_path,
	     char fpr[SHA256_HEX_LEN + 1], char *err, size_t errlen);

enum sign_change {
	SIGN_CHANGED, /* in the manifest with another hash */
	SIGN_ADDED,   /* in the folder, not in the manifest */
	SIGN_REMOVED, /* in the manifest, not in the folder */
};

struct sign_finding {
	enum sign_change change;
	char *path; /* relative to the run folder */
};

/* What verify found. Owns its strings; sign_check_release() frees them. */
struct sign_check {
	bool signature_ok; /* MANIFEST.sig is well-formed and signs the manifest
			    */
	bool key_ok;	   /* no trusted key given, or the signer is that key */
	bool trusted;	   /* a trusted key was given and matched */
	char fpr[SHA256_HEX_LEN +
		 1];	      /* the signer's fingerprint, "" if unknown */
	char problem[256];    /* why the signature or key failed; "" when ok */
	const char *bad_file; /* SIGN_MANIFEST or SIGN_SIGNATURE when one of
			       * them is what changed; NULL otherwise */
	struct sign_finding *findings; /* sorted by path */
	size_t nfindings;
};

/* Check dir against its manifest and signature. pubkey_path (may be NULL)
 * names a PEM public (or private) key the signer must be. CC_OK means the
 * check ran (see sign_check_ok()); an error means it could not (no
 * manifest, unreadable folder, bad key file). */
int sign_verify(const char *dir, const char *pubkey_path,
		struct sign_check *out, char *err, size_t errlen);
bool sign_check_ok(const struct sign_check *c);
void sign_check_release(struct sign_check *c);
/* "changed", "added", "removed" */
const char *sign_change_name(enum sign_change c);

#endif
