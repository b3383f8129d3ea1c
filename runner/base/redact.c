/* SPDX-License-Identifier: MIT */
#include "base/redact.h"
#include "base/err.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool ends_with_ci(const char *s, size_t len, const char *suffix)
{
	size_t k = strlen(suffix);

	return len >= k && !strncasecmp(s + len - k, suffix, k);
}

bool redact_secret_name(const char *name, size_t len)
{
	static const char *const names[] = { "password", "passphrase", "passwd", "secret",
					     "token", NULL };
	static const char *const suffixes[] = { "_password", "_secret", "_token", "-token",
						NULL };

	for (size_t i = 0; names[i]; i++)
		if (len == strlen(names[i]) && !strncasecmp(name, names[i], len))
			return true;
	for (size_t i = 0; suffixes[i]; i++)
		if (ends_with_ci(name, len, suffixes[i]))
			return true;
	return false;
}

/* The longest secret value at p (n bytes left), or 0. */
static size_t secret_at(const uint8_t *p, size_t n, char *const *secrets)
{
	size_t best = 0;

	for (size_t i = 0; secrets && secrets[i]; i++) {
		size_t k = strlen(secrets[i]);

		if (k >= REDACT_MIN_LEN && k <= n && k > best && !memcmp(p, secrets[i], k))
			best = k;
	}
	return best;
}

static int mask_values(const uint8_t *p, size_t n, char *const *secrets, struct buf *out)
{
	size_t i = 0, from = 0;
	int rc = CC_OK;

	while (i < n && !rc) {
		size_t k = secret_at(p + i, n - i, secrets);

		if (!k) {
			i++;
			continue;
		}
		if (!(rc = buf_append(out, p + from, i - from)))
			rc = buf_append_str(out, REDACT_MASK);
		i += k;
		from = i;
	}
	return rc ? rc : buf_append(out, p + from, n - from);
}

static bool line_start(const uint8_t *p, size_t i)
{
	return i == 0 || p[i - 1] == '\n';
}

/* A header line whose value is a credential: the length of "Name:". */
static size_t credential_header(const uint8_t *p, size_t n)
{
	static const char *const names[] = { "authorization:", "proxy-authorization:",
					     "cookie:", "set-cookie:", NULL };

	for (size_t i = 0; names[i]; i++) {
		size_t k = strlen(names[i]);

		if (n >= k && !strncasecmp((const char *)p, names[i], k))
			return k;
	}
	return 0;
}

/* End of a JSON string whose opening quote is at p[i]: the index of the
 * closing quote, or n. */
static size_t json_string_end(const uint8_t *p, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		if (p[i] == '\\')
			i++;
		else if (p[i] == '"')
			return i;
	}
	return n;
}

static bool name_char(uint8_t c)
{
	return isalnum(c) || c == '_' || c == '-';
}

/* Where the credential value starting at i ends: a JSON member's string
 * value ("password": "x"), a form or query field (password=x&...), or
 * i when there is none. *vstart gets where the value starts. */
static size_t credential_value(const uint8_t *p, size_t n, size_t i, size_t *vstart)
{
	size_t j, end;

	if (p[i] == '"') {
		end = json_string_end(p, n, i);
		if (end >= n || !redact_secret_name((const char *)p + i + 1, end - i - 1))
			return i;
		for (j = end + 1; j < n && isspace(p[j]); j++)
			;
		if (j >= n || p[j] != ':')
			return i;
		for (j++; j < n && isspace(p[j]); j++)
			;
		if (j >= n || p[j] != '"')
			return i;
		*vstart = j + 1;
		return json_string_end(p, n, j);
	}
	if (i && name_char(p[i - 1]))
		return i;
	for (j = i; j < n && name_char(p[j]); j++)
		;
	if (j == i || j >= n || p[j] != '=' || !redact_secret_name((const char *)p + i, j - i))
		return i;
	*vstart = j + 1;
	for (end = j + 1; end < n && p[end] != '&' && p[end] != '"' && !isspace(p[end]); end++)
		;
	return end;
}

static int mask_credentials(const uint8_t *p, size_t n, struct buf *out)
{
	size_t i = 0, from = 0;
	int rc = CC_OK;

	while (i < n && !rc) {
		size_t k, vstart = 0, end;

		if (line_start(p, i) && (k = credential_header(p + i, n - i))) {
			for (end = i + k; end < n && p[end] != '\r' && p[end] != '\n'; end++)
				;
			if (!(rc = buf_append(out, p + from, i + k - from)))
				rc = buf_append_str(out, " " REDACT_MASK);
			i = from = end;
			continue;
		}
		end = credential_value(p, n, i, &vstart);
		if (end == i) {
			i++;
			continue;
		}
		if (!(rc = buf_append(out, p + from, vstart - from)))
			rc = buf_append_str(out, REDACT_MASK);
		i = from = end;
	}
	return rc ? rc : buf_append(out, p + from, n - from);
}

int redact_bytes(const uint8_t *p, size_t n, char *const *secrets, bool credentials,
		 struct buf *out)
{
	struct buf tmp;
	int rc;

	if (!credentials)
		return mask_values(p, n, secrets, out);
	buf_init(&tmp, out->max);
	rc = mask_values(p, n, secrets, &tmp);
	if (!rc)
		rc = mask_credentials(tmp.data ? tmp.data : (const uint8_t *)"", tmp.len, out);
	buf_release(&tmp);
	return rc;
}

bool redact_contains(const char *s, char *const *secrets)
{
	for (size_t i = 0; secrets && secrets[i]; i++)
		if (strlen(secrets[i]) >= REDACT_MIN_LEN && strstr(s, secrets[i]))
			return true;
	return false;
}

char *redact_str(const char *s, char *const *secrets)
{
	struct buf b;
	size_t len;

	buf_init(&b, strlen(s) + 1);
	if (mask_values((const uint8_t *)s, strlen(s), secrets, &b)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, &len);
}
