/* SPDX-License-Identifier: MIT */
#include "base/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t utf8_seq_len(const uint8_t *p, size_t n)
{
	uint8_t c;
	size_t len;
	uint32_t cp;

	if (!n)
		return 0;
	c = p[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, cp = c & 0x07;
	else
		return 0; /* continuation byte, C0/C1 (overlong) or F5..FF */
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0; /* overlong, beyond Unicode, or a surrogate */
	return len;
}

size_t utf8_check(const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t len = utf8_seq_len(p + i, n - i);

		if (!len)
			return i;
		i += len;
	}
	return n;
}

bool utf8_escape(const uint8_t *p, size_t n, char *out, size_t cap)
{
	size_t k = 0, i = 0;
	bool clean = true;

	if (!cap)
		return false;
	while (i < n) {
		size_t len = utf8_seq_len(p + i, n - i);

		if (len && p[i]) {
			if (k + len >= cap)
				break;
			memcpy(out + k, p + i, len);
			k += len;
			i += len;
			continue;
		}
		clean = false;
		if (k + 4 >= cap)
			break;
		snprintf(out + k, 5, "\\x%02X", p[i]);
		k += 4;
		i++;
	}
	out[k] = 0;
	return clean && i == n;
}

bool utf8_valid_str(const char *s)
{
	size_t n = strlen(s);

	return utf8_check((const uint8_t *)s, n) == n;
}

char *utf8_repair(const char *s)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = strlen(s), k = 0;
	char *out = malloc(3 * n + 1); /* each bad byte becomes 3 */

	if (!out)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t len = utf8_seq_len(p + i, n - i);

		if (len) {
			memcpy(out + k, p + i, len);
			k += len;
			i += len;
		} else {
			memcpy(out + k, "\xEF\xBF\xBD", 3);
			k += 3;
			i++;
		}
	}
	out[k] = 0;
	return out;
}
