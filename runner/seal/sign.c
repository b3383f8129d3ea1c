/* SPDX-License-Identifier: MIT */
#include "seal/sign.h"
#include "base/buf.h"
#include "base/err.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ED25519_PUB_LEN 32
#define ED25519_SIG_LEN 64

static int fail(char *err, size_t len, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t len, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return rc;
}

struct file_list {
	char **paths;
	size_t n, alloc;
	bool lenient; /* verify: list odd entries instead of refusing them */
	char **odd;   /* non-regular entries seen when lenient */
	size_t nodd, odd_alloc;
};

static void file_list_free(struct file_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->paths[i]);
	for (size_t i = 0; i < l->nodd; i++)
		free(l->odd[i]);
	free(l->paths);
	free(l->odd);
	memset(l, 0, sizeof(*l));
}

static int push(char ***v, size_t *n, size_t *alloc, const char *s)
{
	if (*n == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 64;
		char **nv = realloc(*v, na * sizeof(*nv));

		if (!nv)
			return CC_ENOMEM;
		*v = nv;
		*alloc = na;
	}
	if (!((*v)[*n] = strdup(s)))
		return CC_ENOMEM;
	(*n)++;
	return CC_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_seal_file(const char *rel)
{
	return !strcmp(rel, SIGN_MANIFEST) || !strcmp(rel, SIGN_SIGNATURE);
}

/* Collect the regular files under root/rel (rel "" for root). */
static int walk(const char *root, const char *rel, int depth,
		struct file_list *l, char *err, size_t errlen)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int rc = CC_OK;

	if (depth > SIGN_MAX_DEPTH)
		return fail(err, errlen, CC_ETOOBIG,
			    "%s: folders nested deeper than %d", rel,
			    SIGN_MAX_DEPTH);
	snprintf(path, sizeof(path), "%s%s%s", root, *rel ? "/" : "", rel);
	if (!(d = opendir(path)))
		return fail(err, errlen, CC_EIO, "%s: %s", path,
			    strerror(errno));
	while (!rc && (de = readdir(d))) {
		char sub[PATH_MAX], full[PATH_MAX];
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s%s%s", rel,
				     *rel ? "/" : "",
				     de->d_name) >= sizeof(sub)) {
			rc = fail(err, errlen, CC_ETOOBIG, "%s: path too long",
				  de->d_name);
			break;
		}
		if (!*rel && is_seal_file(sub))
			continue;
		snprintf(full, sizeof(full), "%s/%s", root, sub);
		if (lstat(full, &st)) {
			rc = fail(err, errlen, CC_EIO, "%s: %s", sub,
				  strerror(errno));
			break;
		}
		/* a manifest line must name exactly one file */
		if (strpbrk(sub, "\n\r\\") && !l->lenient) {
			rc = fail(err, errlen, CC_EINVAL,
				  "%s: file name holds a newline or backslash",
				  sub);
		} else if (S_ISDIR(st.st_mode)) {
			rc = walk(root, sub, depth + 1, l, err, errlen);
		} else if (!S_ISREG(st.st_mode) || strpbrk(sub, "\n\r\\")) {
			if (l->lenient)
				rc =
				    push(&l->odd, &l->nodd, &l->odd_alloc, sub);
			else
				rc = fail(
				    err, errlen, CC_EINVAL,
				    "%s: not a regular file (links and devices "
				    "cannot be sealed)",
				    sub);
		} else if (l->n >= SIGN_MAX_FILES) {
			rc = fail(err, errlen, CC_ETOOBIG, "more than %d files",
				  SIGN_MAX_FILES);
		} else {
			rc = push(&l->paths, &l->n, &l->alloc, sub);
			if (rc == CC_ENOMEM)
				fail(err, errlen, rc, "out of memory");
		}
	}
	closedir(d);
	return rc;
}

static int list_files(const char *dir, bool lenient, struct file_list *l,
		      char *err, size_t errlen)
{
	int rc;

	memset(l, 0, sizeof(*l));
	l->lenient = lenient;
	rc = walk(dir, "", 0, l, err, errlen);
	if (rc) {
		file_list_free(l);
		return rc;
	}
	if (l->n)
		qsort(l->paths, l->n, sizeof(*l->paths), cmp_str);
	return CC_OK;
}

int sign_manifest(const char *dir, char **out, size_t *len, char *err,
		  size_t errlen)
{
	struct file_list l;
	struct buf b;
	int rc;

	rc = list_files(dir, false, &l, err, errlen);
	if (rc)
		return rc;
	buf_init(&b, BUF_MAX_TEXT);
	for (size_t i = 0; i < l.n && !rc; i++) {
		char path[PATH_MAX], hex[SHA256_HEX_LEN + 1];

		snprintf(path, sizeof(path), "%s/%s", dir, l.paths[i]);
		rc = sha256_file(path, hex);
		if (rc)
			fail(err, errlen, rc, "%s: cannot read", l.paths[i]);
		else if ((rc = buf_appendf(&b, "%s  %s\n", hex, l.paths[i])))
			fail(err, errlen, rc, "manifest too large");
	}
	file_list_free(&l);
	if (rc) {
		buf_release(&b);
		return rc;
	}
	*out = buf_detach(&b, len);
	return CC_OK;
}

static void hex_encode(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = 0;
}

/* Exactly 2n lower- or upper-case hex digits. */
static int hex_decode(const char *s, unsigned char *out, size_t n)
{
	if (strlen(s) != 2 * n)
		return -1;
	for (size_t i = 0; i < 2 * n; i++) {
		int c = s[i], v;

		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			return -1;
		if (i % 2)
			out[i / 2] = (unsigned char)(out[i / 2] << 4 | v);
		else
			out[i / 2] = (unsigned char)v;
	}
	return 0;
}

/* A PEM private key, or a public key (want_private false: either kind). */
static EVP_PKEY *load_key(const char *path, bool want_private, char *err,
			  size_t errlen)
{
	FILE *f = fopen(path, "r");
	EVP_PKEY *k;

	if (!f) {
		fail(err, errlen, 0, "%s: %s", path, strerror(errno));
		return NULL;
	}
	k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	if (!k && !want_private) {
		rewind(f);
		k = PEM_read_PUBKEY(f, NULL, NULL, NULL);
	}
	fclose(f);
	if (!k) {
		fail(err, errlen, 0, "%s: not a PEM %s key", path,
		     want_private ? "private" : "public or private");
		return NULL;
	}
	if (EVP_PKEY_get_id(k) != EVP_PKEY_ED25519) {
		fail(err, errlen, 0, "%s: not an Ed25519 key", path);
		EVP_PKEY_free(k);
		return NULL;
	}
	return k;
}

static int raw_public(EVP_PKEY *k, unsigned char pub[ED25519_PUB_LEN])
{
	size_t n = ED25519_PUB_LEN;

	return EVP_PKEY_get_raw_public_key(k, pub, &n) == 1 &&
		       n == ED25519_PUB_LEN
		   ? CC_OK
		   : CC_EINVAL;
}

int sign_keygen(const char *key_path, const char *pub_path, char *err,
		size_t errlen)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	FILE *f = NULL;
	int fd, rc = CC_OK;
	bool wrote, closed;

	if (!k)
		return fail(err, errlen, CC_ENOMEM,
			    "cannot generate an Ed25519 key");
	/* O_EXCL: never overwrite a lab's key */
	fd = open(key_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		rc = fail(err, errlen, CC_EIO, "%s: %s", key_path,
			  strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	/* fclose() must run whatever PEM_write did */
	wrote = PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) == 1;
	closed = fclose(f) == 0;
	if (!wrote || !closed) {
		rc = fail(err, errlen, CC_EIO, "%s: cannot write", key_path);
		goto out;
	}
	if (!(f = fopen(pub_path, "w"))) {
		rc = fail(err, errlen, CC_EIO, "%s: %s", pub_path,
			  strerror(errno));
		goto out;
	}
	wrote = PEM_write_PUBKEY(f, k) == 1;
	closed = fclose(f) == 0;
	if (!wrote || !closed)
		rc = fail(err, errlen, CC_EIO, "%s: cannot write", pub_path);
out:
	EVP_PKEY_free(k);
	return rc;
}

static void fingerprint(const unsigned char pub[ED25519_PUB_LEN],
			char fpr[SHA256_HEX_LEN + 1])
{
	sha256_hex(pub, ED25519_PUB_LEN, fpr);
}

int sign_run(const char *dir, const char *key_path,
	     char fpr[SHA256_HEX_LEN + 1], char *err, size_t errlen)
{
	unsigned char pub[ED25519_PUB_LEN], sig[ED25519_SIG_LEN];
	char pub_hex[2 * ED25519_PUB_LEN + 1], sig_hex[2 * ED25519_SIG_LEN + 1];
	char mhash[SHA256_HEX_LEN + 1], path[PATH_MAX], *manifest = NULL;
	size_t mlen, siglen = sizeof(sig);
	EVP_MD_CTX *ctx = NULL;
	EVP_PKEY *k;
	struct buf b;
	int rc;

	if (!(k = load_key(key_path, true, err, errlen)))
		return CC_EINVAL;
	rc = sign_manifest(dir, &manifest, &mlen, err, errlen);
	if (rc)
		goto out;
	/* Ed25519 signs the message itself: no digest is named */
	ctx = EVP_MD_CTX_new();
	if (!ctx || EVP_DigestSignInit(ctx, NULL, NULL, NULL, k) != 1 ||
	    EVP_DigestSign(ctx, sig, &siglen, (const unsigned char *)manifest,
			   mlen) != 1 ||
	    siglen != ED25519_SIG_LEN || raw_public(k, pub)) {
		rc = fail(err, errlen, CC_EINVAL, "signing failed");
		goto out;
	}
	hex_encode(pub, sizeof(pub), pub_hex);
	hex_encode(sig, sizeof(sig), sig_hex);
	fingerprint(pub, fpr);
	sha256_hex(manifest, mlen, mhash);
	snprintf(path, sizeof(path), "%s/%s", dir, SIGN_MANIFEST);
	if ((rc = atomic_write_file(path, manifest, mlen))) {
		fail(err, errlen, rc, "%s: %s", path, strerror(errno));
		goto out;
	}
	buf_init(&b, BUF_MAX_FRAME);
	rc = buf_appendf(&b,
			 SIGN_FORMAT
			 "\nalgorithm: ed25519\npublic-key: %s\n"
			 "key-sha256: %s\nmanifest-sha256: %s\nsignature: %s\n",
			 pub_hex, fpr, mhash, sig_hex);
	snprintf(path, sizeof(path), "%s/%s", dir, SIGN_SIGNATURE);
	if (!rc && (rc = atomic_write_file(path, b.data, b.len)))
		fail(err, errlen, rc, "%s: %s", path, strerror(errno));
	buf_release(&b);
out:
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(k);
	free(manifest);
	return rc;
}

struct sig_file {
	unsigned char pub[ED25519_PUB_LEN], sig[ED25519_SIG_LEN];
	char key_sha[SHA256_HEX_LEN + 1], manifest_sha[SHA256_HEX_LEN + 1];
};

/* The signature file, line by line in its fixed order. */
static int parse_sig(char *text, struct sig_file *s, char *why, size_t len)
{
	static const char *const keys[] = {
	    NULL,	    "algorithm: ",	 "public-key: ",
	    "key-sha256: ", "manifest-sha256: ", "signature: "};
	char *save = NULL, *line = text;
	unsigned char tmp[SHA256_HEX_LEN / 2];
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++, line = NULL) {
		const char *v;

		line = strtok_r(line, "\n", &save);
		if (!line)
			return fail(why, len, -1, "line %zu missing", i + 1);
		if (!keys[i]) {
			if (strcmp(line, SIGN_FORMAT))
				return fail(why, len, -1, "line 1 is not '%s'",
					    SIGN_FORMAT);
			continue;
		}
		if (strncmp(line, keys[i], strlen(keys[i])))
			return fail(why, len, -1, "line %zu: expected '%s'",
				    i + 1, keys[i]);
		v = line + strlen(keys[i]);
		if ((i == 1 && strcmp(v, "ed25519")) ||
		    (i == 2 && hex_decode(v, s->pub, sizeof(s->pub))) ||
		    ((i == 3 || i == 4) && hex_decode(v, tmp, sizeof(tmp))) ||
		    (i == 5 && hex_decode(v, s->sig, sizeof(s->sig))))
			return fail(why, len, -1, "line %zu: bad value", i + 1);
		if (i == 3)
			hex_encode(tmp, sizeof(tmp), s->key_sha);
		if (i == 4)
			hex_encode(tmp, sizeof(tmp), s->manifest_sha);
	}
	if (strtok_r(NULL, "\n", &save))
		return fail(why, len, -1, "text after the signature");
	return 0;
}

static bool sig_valid(const struct sig_file *s, const char *msg, size_t len)
{
	EVP_PKEY *k = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL,
						  s->pub, sizeof(s->pub));
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = k && ctx &&
		  EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, k) == 1 &&
		  EVP_DigestVerify(ctx, s->sig, sizeof(s->sig),
				   (const unsigned char *)msg, len) == 1;

	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(k);
	return ok;
}

static int add_finding(struct sign_check *c, enum sign_change ch,
		       const char *path)
{
	struct sign_finding *nf =
	    realloc(c->findings, (c->nfindings + 1) * sizeof(*nf));

	if (!nf)
		return CC_ENOMEM;
	c->findings = nf;
	nf[c->nfindings].change = ch;
	if (!(nf[c->nfindings].path = strdup(path)))
		return CC_ENOMEM;
	c->nfindings++;
	return CC_OK;
}

static int cmp_finding(const void *a, const void *b)
{
	const struct sign_finding *x = a, *y = b;

	return strcmp(x->path, y->path);
}

/* Check the signature file against the manifest bytes. */
static void check_signature(const char *dir, const char *manifest, size_t mlen,
			    struct sign_check *c)
{
	char path[PATH_MAX], mhash[SHA256_HEX_LEN + 1], why[128], *text;
	struct sig_file s;
	bool valid;

	snprintf(path, sizeof(path), "%s/%s", dir, SIGN_SIGNATURE);
	c->bad_file = SIGN_SIGNATURE;
	if (read_file(path, &text, NULL)) {
		snprintf(c->problem, sizeof(c->problem),
			 "%s: missing or unreadable", SIGN_SIGNATURE);
		return;
	}
	if (parse_sig(text, &s, why, sizeof(why))) {
		snprintf(c->problem, sizeof(c->problem), "%s: malformed (%s)",
			 SIGN_SIGNATURE, why);
		free(text);
		return;
	}
	free(text);
	fingerprint(s.pub, c->fpr);
	sha256_hex(manifest, mlen, mhash);
	valid = sig_valid(&s, manifest, mlen);
	if (strcmp(c->fpr, s.key_sha)) {
		snprintf(c->problem, sizeof(c->problem),
			 "%s: key fingerprint does not match its public key",
			 SIGN_SIGNATURE);
	} else if (strcmp(mhash, s.manifest_sha) && !valid) {
		/* a signature that still verifies means the hash line was
		 * edited */
		c->bad_file = SIGN_MANIFEST;
		snprintf(c->problem, sizeof(c->problem),
			 "%s: changed since it was signed", SIGN_MANIFEST);
	} else if (strcmp(mhash, s.manifest_sha)) {
		snprintf(c->problem, sizeof(c->problem),
			 "%s: the manifest hash it records was altered",
			 SIGN_SIGNATURE);
	} else if (!valid) {
		snprintf(c->problem, sizeof(c->problem),
			 "%s: the signature does not verify", SIGN_SIGNATURE);
	} else {
		c->signature_ok = true;
		c->bad_file = NULL;
	}
}

static int check_key(const char *pubkey_path, struct sign_check *c, char *err,
		     size_t errlen)
{
	unsigned char pub[ED25519_PUB_LEN];
	char fpr[SHA256_HEX_LEN + 1];
	EVP_PKEY *k;

	c->key_ok = true;
	if (!pubkey_path)
		return CC_OK;
	if (!(k = load_key(pubkey_path, false, err, errlen)))
		return CC_EINVAL;
	if (raw_public(k, pub)) {
		EVP_PKEY_free(k);
		return fail(err, errlen, CC_EINVAL, "%s: no public key",
			    pubkey_path);
	}
	EVP_PKEY_free(k);
	fingerprint(pub, fpr);
	if (c->fpr[0] && strcmp(fpr, c->fpr)) {
		c->key_ok = false;
		if (c->signature_ok)
			snprintf(c->problem, sizeof(c->problem),
				 "signed by key %.16s…, not by the trusted key "
				 "%.16s…",
				 c->fpr, fpr);
	}
	c->trusted = c->signature_ok && c->key_ok;
	return CC_OK;
}

/* Compare the folder with the manifest's lines. */
static int check_files(const char *dir, char *manifest, struct sign_check *c,
		       char *err, size_t errlen)
{
	struct file_list l;
	char *save = NULL, *line;
	unsigned char *seen;
	size_t lineno = 0;
	int rc;

	rc = list_files(dir, true, &l, err, errlen);
	if (rc)
		return rc;
	seen = calloc(l.n + 1, 1);
	if (!seen) {
		file_list_free(&l);
		return fail(err, errlen, CC_ENOMEM, "out of memory");
	}
	for (line = strtok_r(manifest, "\n", &save); line && !rc;
	     line = strtok_r(NULL, "\n", &save)) {
		char path[PATH_MAX], hex[SHA256_HEX_LEN + 1],
		    *rel = line + SHA256_HEX_LEN + 2;
		char **hit;

		lineno++;
		if (strlen(line) <= SHA256_HEX_LEN + 2 ||
		    line[SHA256_HEX_LEN] != ' ' ||
		    line[SHA256_HEX_LEN + 1] != ' ') {
			/* an altered manifest line names no file we can trust
			 */
			c->bad_file = SIGN_MANIFEST;
			if (!c->problem[0])
				snprintf(c->problem, sizeof(c->problem),
					 "%s: line %zu malformed",
					 SIGN_MANIFEST, lineno);
			continue;
		}
		hit =
		    l.n ? bsearch(&rel, l.paths, l.n, sizeof(*l.paths), cmp_str)
			: NULL;
		if (!hit) {
			rc = add_finding(c, SIGN_REMOVED, rel);
			continue;
		}
		seen[hit - l.paths] = 1;
		snprintf(path, sizeof(path), "%s/%s", dir, rel);
		if (sha256_file(path, hex) ||
		    strncmp(hex, line, SHA256_HEX_LEN))
			rc = add_finding(c, SIGN_CHANGED, rel);
	}
	for (size_t i = 0; i < l.n && !rc; i++)
		if (!seen[i])
			rc = add_finding(c, SIGN_ADDED, l.paths[i]);
	for (size_t i = 0; i < l.nodd && !rc; i++)
		rc = add_finding(c, SIGN_ADDED, l.odd[i]);
	free(seen);
	file_list_free(&l);
	if (rc)
		return fail(err, errlen, rc, "out of memory");
	if (c->nfindings)
		qsort(c->findings, c->nfindings, sizeof(*c->findings),
		      cmp_finding);
	return CC_OK;
}

int sign_verify(const char *dir, const char *pubkey_path, struct sign_check *c,
		char *err, size_t errlen)
{
	char path[PATH_MAX], *manifest;
	size_t mlen;
	int rc;

	memset(c, 0, sizeof(*c));
	snprintf(path, sizeof(path), "%s/%s", dir, SIGN_MANIFEST);
	rc = read_file(path, &manifest, &mlen);
	if (rc == CC_ENOTFOUND)
		return fail(err, errlen, rc,
			    "%s: no %s (the folder was not signed)", dir,
			    SIGN_MANIFEST);
	if (rc)
		return fail(err, errlen, rc, "%s: cannot read", path);
	check_signature(dir, manifest, mlen, c);
	rc = check_key(pubkey_path, c, err, errlen);
	if (!rc)
		rc = check_files(dir, manifest, c, err, errlen);
	free(manifest);
	if (rc)
		sign_check_release(c);
	return rc;
}

bool sign_check_ok(const struct sign_check *c)
{
	return c->signature_ok && c->key_ok && !c->nfindings && !c->bad_file;
}

void sign_check_release(struct sign_check *c)
{
	for (size_t i = 0; i < c->nfindings; i++)
		free(c->findings[i].path);
	free(c->findings);
	c->findings = NULL;
	c->nfindings = 0;
}

const char *sign_change_name(enum sign_change c)
{
	switch (c) {
	case SIGN_CHANGED:
		return "changed";
	case SIGN_ADDED:
		return "added";
	case SIGN_REMOVED:
		return "removed";
	}
	return "?";
}
