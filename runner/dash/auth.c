/* SPDX-License-Identifier: MIT */
/* Dashboard accounts: scrypt password hashes, in-memory sessions. */
#include "dash/auth.h"

#include "base/buf.h"
#include "base/err.h"
#include "base/fileio.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SALT_LEN 16
#define HASH_LEN 32

struct account {
	char user[64];
	unsigned logn, r, p;
	unsigned char salt[SALT_LEN], hash[HASH_LEN];
};

struct session {
	char token[65];
	char user[64];
	time_t expires; /* 0: free */
};

struct dash_auth {
	size_t n;
	struct account acc[DASH_MAX_ACCOUNTS];
	struct session s[DASH_MAX_SESSIONS];
};

static int hex_decode(const char *hex, unsigned char *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1 || !strchr("0123456789abcdef", hex[2 * i]) ||
		    !strchr("0123456789abcdef", hex[2 * i + 1]))
			return -1;
		out[i] = (unsigned char)v;
	}
	return hex[2 * n] ? -1 : 0;
}

static void hex_encode(const unsigned char *in, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", in[i]);
	out[2 * n] = 0;
}

static int derive(const char *password, const unsigned char *salt, unsigned logn, unsigned r,
		  unsigned p, unsigned char out[HASH_LEN])
{
	/* 2^20 * r * 128 bytes at most: the file may not make us allocate more */
	if (logn < 10 || logn > 20 || r < 1 || r > 16 || p < 1 || p > 4)
		return CC_EINVAL;
	return EVP_PBE_scrypt(password, strlen(password), salt, SALT_LEN, (uint64_t)1 << logn, r,
			      p, 64ull * 1024 * 1024 * r, out, HASH_LEN) == 1
		       ? CC_OK
		       : CC_ESYS;
}

/* "USER scrypt$LOGN$R$P$SALT$HASH" */
static int parse_line(const char *line, struct account *a)
{
	char user[64], rest[256], salt[2 * SALT_LEN + 2], hash[2 * HASH_LEN + 2];

	if (sscanf(line, "%63s %255s", user, rest) != 2 ||
	    sscanf(rest, "scrypt$%u$%u$%u$%33[0-9a-f]$%65[0-9a-f]", &a->logn, &a->r, &a->p, salt,
		   hash) != 5 ||
	    hex_decode(salt, a->salt, SALT_LEN) || hex_decode(hash, a->hash, HASH_LEN) ||
	    a->logn < 10 || a->logn > 20 || a->r < 1 || a->r > 16 || a->p < 1 || a->p > 4)
		return -1;
	snprintf(a->user, sizeof(a->user), "%s", user);
	return 0;
}

int dash_auth_load(const char *path, struct dash_auth **out, char *err, size_t errlen)
{
	struct dash_auth *a = calloc(1, sizeof(*a));
	FILE *f = fopen(path, "r");
	char line[512];
	int ln = 0;

	*out = NULL;
	if (!a || !f) {
		snprintf(err, errlen, "%s: %s", path, f ? "out of memory" : strerror(errno));
		free(a);
		if (f)
			fclose(f);
		return CC_EINVAL;
	}
	while (fgets(line, sizeof(line), f)) {
		ln++;
		line[strcspn(line, "#\r\n")] = 0;
		if (!line[strspn(line, " \t")])
			continue;
		if (a->n >= DASH_MAX_ACCOUNTS || parse_line(line, &a->acc[a->n])) {
			snprintf(err, errlen, "%s:%d:1: expected 'USER scrypt$LOGN$R$P$SALT$HASH'"
				 " (carecert passwd writes it)", path, ln);
			fclose(f);
			free(a);
			return CC_EINVAL;
		}
		a->n++;
	}
	fclose(f);
	if (!a->n) {
		snprintf(err, errlen, "%s: no account", path);
		free(a);
		return CC_EINVAL;
	}
	*out = a;
	return CC_OK;
}

void dash_auth_free(struct dash_auth *a)
{
	if (a)
		OPENSSL_cleanse(a, sizeof(*a));
	free(a);
}

int dash_auth_set_password(const char *path, const char *user, const char *password, char *err,
			   size_t errlen)
{
	unsigned char salt[SALT_LEN], hash[HASH_LEN];
	char salt_hex[2 * SALT_LEN + 1], hash_hex[2 * HASH_LEN + 1], *old = NULL, *line, *save;
	struct buf out;
	size_t len;
	int rc;

	if (!*user || strlen(user) > 63 || strpbrk(user, " \t\r\n#$")) {
		snprintf(err, errlen, "a user name is 1 to 63 characters, no space, '#' or '$'");
		return CC_EINVAL;
	}
	if (strlen(password) < 8) {
		snprintf(err, errlen, "a password has at least 8 characters");
		return CC_EINVAL;
	}
	if (RAND_bytes(salt, sizeof(salt)) != 1 ||
	    derive(password, salt, DASH_SCRYPT_LOGN, DASH_SCRYPT_R, DASH_SCRYPT_P, hash)) {
		snprintf(err, errlen, "scrypt failed");
		return CC_ESYS;
	}
	hex_encode(salt, SALT_LEN, salt_hex);
	hex_encode(hash, HASH_LEN, hash_hex);
	buf_init(&out, 1024 * 1024);
	rc = CC_OK;
	/* keep every other account's line */
	if (!read_file(path, &old, &len))
		for (line = strtok_r(old, "\n", &save); line && !rc; line = strtok_r(NULL, "\n", &save)) {
			size_t ul = strlen(user);

			if (!strncmp(line, user, ul) && (line[ul] == ' ' || line[ul] == '\t'))
				continue;
			rc = buf_appendf(&out, "%s\n", line);
		}
	free(old);
	if (!rc)
		rc = buf_appendf(&out, "%s scrypt$%d$%d$%d$%s$%s\n", user, DASH_SCRYPT_LOGN,
				 DASH_SCRYPT_R, DASH_SCRYPT_P, salt_hex, hash_hex);
	/* the new file is never readable by others, not even for a moment */
	{
		mode_t old_mask = umask(077);

		if (!rc)
			rc = atomic_write_file(path, buf_str(&out), out.len);
		umask(old_mask);
	}
	if (!rc && chmod(path, 0600))
		rc = CC_ESYS;
	buf_release(&out);
	if (rc)
		snprintf(err, errlen, "%s: cannot write", path);
	return rc;
}

bool dash_auth_login(struct dash_auth *a, const char *user, const char *password,
		     char token[65])
{
	unsigned char hash[HASH_LEN], raw[32];
	const struct account *acc = NULL;
	time_t now = time(NULL);
	size_t slot = DASH_MAX_SESSIONS;

	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->acc[i].user, user))
			acc = &a->acc[i];
	if (!acc) {
		/* the same work as for an account, so the time does not tell */
		static const unsigned char zero[SALT_LEN];

		derive(password, zero, DASH_SCRYPT_LOGN, DASH_SCRYPT_R, DASH_SCRYPT_P, hash);
		return false;
	}
	if (derive(password, acc->salt, acc->logn, acc->r, acc->p, hash) ||
	    CRYPTO_memcmp(hash, acc->hash, HASH_LEN))
		return false;
	/* a free or expired slot, else the one that expires first */
	for (size_t i = 0; i < DASH_MAX_SESSIONS; i++) {
		if (a->s[i].expires <= now) {
			slot = i;
			break;
		}
		if (slot == DASH_MAX_SESSIONS || a->s[i].expires < a->s[slot].expires)
			slot = i;
	}
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return false;
	hex_encode(raw, sizeof(raw), a->s[slot].token);
	snprintf(a->s[slot].user, sizeof(a->s[slot].user), "%s", acc->user);
	a->s[slot].expires = now + DASH_SESSION_HOURS * 3600;
	memcpy(token, a->s[slot].token, 65);
	return true;
}

/* The cookie's token, 64 hex digits, or NULL. */
static const char *cookie_token(const char *hdr, char out[65])
{
	const char *p = hdr;
	size_t nl = strlen(DASH_SESSION_COOKIE);

	while (p && *p) {
		p += strspn(p, " ;");
		if (!strncmp(p, DASH_SESSION_COOKIE, nl) && p[nl] == '=') {
			p += nl + 1;
			if (strspn(p, "0123456789abcdef") != 64)
				return NULL;
			memcpy(out, p, 64);
			out[64] = 0;
			return out;
		}
		p = strchr(p, ';');
	}
	return NULL;
}

static struct session *find(struct dash_auth *a, const char *hdr)
{
	char tok[65];
	time_t now = time(NULL);
	struct session *hit = NULL;

	if (!hdr || !cookie_token(hdr, tok))
		return NULL;
	for (size_t i = 0; i < DASH_MAX_SESSIONS; i++)
		if (a->s[i].expires > now && !CRYPTO_memcmp(a->s[i].token, tok, 64))
			hit = &a->s[i];
	return hit;
}

bool dash_auth_session(struct dash_auth *a, const char *hdr, char *user, size_t userlen)
{
	struct session *s = find(a, hdr);

	if (s)
		snprintf(user, userlen, "%s", s->user);
	return s != NULL;
}

void dash_auth_logout(struct dash_auth *a, const char *hdr)
{
	struct session *s = find(a, hdr);

	if (s)
		memset(s, 0, sizeof(*s));
}
