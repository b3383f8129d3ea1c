/* SPDX-License-Identifier: MIT */
#include "base/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
}

void diag_release(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	diag_init(d);
}

void diag_add(struct diag *d, const char *file, unsigned line, unsigned col,
	      const char *fmt, ...)
{
	struct diag_entry *e;
	va_list ap;
	char *msg = NULL;
	int n;

	if (d->n >= DIAG_MAX_ENTRIES)
		goto drop;
	if (d->n == d->alloc) {
		size_t a = d->alloc ? d->alloc * 2 : 8;
		struct diag_entry *v = realloc(d->v, a * sizeof(*v));

		if (!v)
			goto drop;
		d->v = v;
		d->alloc = a;
	}
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(msg = malloc((size_t)n + 1)))
		goto drop;
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	e = &d->v[d->n];
	e->file = file ? strdup(file) : NULL;
	e->line = line;
	e->col = col;
	e->msg = msg;
	d->n++;
	return;
drop:
	free(msg);
	d->dropped++;
}

void diag_print(const struct diag *d, FILE *f)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag_entry *e = &d->v[i];

		if (e->file && e->line)
			fprintf(f, "%s:%u:%u: %s\n", e->file, e->line, e->col,
				e->msg);
		else if (e->file)
			fprintf(f, "%s: %s\n", e->file, e->msg);
		else
			fprintf(f, "carecert: %s\n", e->msg);
	}
	if (d->dropped)
		fprintf(f, "carecert: %zu further problems not shown\n",
			d->dropped);
}
