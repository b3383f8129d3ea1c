/* SPDX-License-Identifier: MIT */
#include "report/html.h"
#include "base/err.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none.
 * Overlong forms and surrogates are invalid too. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] >> 5) == 6) {
		len = 2;
		cp = s[0] & 0x1F;
	} else if ((s[0] >> 4) == 14) {
		len = 3;
		cp = s[0] & 0x0F;
	} else if ((s[0] >> 3) == 30) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] >> 6) != 2)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	/* C1 controls are not allowed in HTML text either */
	if (cp >= 0x80 && cp < 0xA0)
		return 0;
	return len;
}

int html_esc(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = s ? strlen(s) : 0, i = 0, run = 0;
	int rc = CC_OK;

	while (i < n && !rc) {
		const char *rep = NULL;
		size_t len = utf8_len(p + i, n - i);

		if (!len || (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n') ||
		    p[i] == 0x7F)
			rep = "\xEF\xBF\xBD";
		else if (p[i] == '&')
			rep = "&amp;";
		else if (p[i] == '<')
			rep = "&lt;";
		else if (p[i] == '>')
			rep = "&gt;";
		else if (p[i] == '"')
			rep = "&quot;";
		else if (p[i] == '\'')
			rep = "&#39;";
		if (!rep) {
			i += len;
			run += len;
			continue;
		}
		/* copy the clean run before the replaced byte in one append */
		rc = buf_append(b, p + i - run, run);
		if (!rc)
			rc = buf_append_str(b, rep);
		run = 0;
		i++;
	}
	if (!rc && run)
		rc = buf_append(b, p + i - run, run);
	return rc;
}

int html_escf(struct buf *b, const char *fmt, ...)
{
	char small[512], *text = small;
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return CC_EINVAL;
	if ((size_t)n >= sizeof(small)) {
		if (!(text = malloc((size_t)n + 1)))
			return CC_ENOMEM;
		va_start(ap, fmt);
		vsnprintf(text, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	rc = html_esc(b, text);
	if (text != small)
		free(text);
	return rc;
}

int html_elem(struct buf *b, const char *tag, const char *cls, const char *text)
{
	int rc = cls ? buf_appendf(b, "<%s class=\"%s\">", tag, cls)
		     : buf_appendf(b, "<%s>", tag);

	if (!rc)
		rc = html_esc(b, text);
	if (!rc)
		rc = buf_appendf(b, "</%s>", tag);
	return rc;
}

int html_base64(struct buf *b, const void *data, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = data;
	char out[4];
	int rc = CC_OK;

	for (size_t i = 0; i < n && !rc; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		size_t left = n - i;

		if (left > 1)
			v |= (unsigned)p[i + 1] << 8;
		if (left > 2)
			v |= p[i + 2];
		out[0] = tab[v >> 18 & 63];
		out[1] = tab[v >> 12 & 63];
		out[2] = left > 1 ? tab[v >> 6 & 63] : '=';
		out[3] = left > 2 ? tab[v & 63] : '=';
		rc = buf_append(b, out, 4);
	}
	return rc;
}
