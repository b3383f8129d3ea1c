/* SPDX-License-Identifier: MIT */
#define _XOPEN_SOURCE 700

#include "lib/errmodel.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void errmodel_init(struct errmodel *m)
{
	*m = (struct errmodel){ .seed = 1 };
}

/* glibc's rand_r (stdlib/rand_r.c): three LCG steps, 11 + 10 + 10 bits */
int errmodel_next(struct errmodel *m)
{
	unsigned next = m->seed;
	unsigned result;

	next = next * 1103515245u + 12345u;
	result = (next / 65536u) % 2048u;
	next = next * 1103515245u + 12345u;
	result <<= 10;
	result ^= (next / 65536u) % 1024u;
	next = next * 1103515245u + 12345u;
	result <<= 10;
	result ^= (next / 65536u) % 1024u;
	m->seed = next;
	return (int)result;
}

double errmodel_uniform(struct errmodel *m)
{
	return (errmodel_next(m) + 1.0) / ((double)ERRMODEL_RAND_MAX + 2.0);
}

double errmodel_gauss(struct errmodel *m)
{
	double u1 = errmodel_uniform(m);
	double u2 = errmodel_uniform(m);

	return sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
}

bool errmodel_dropped(struct errmodel *m)
{
	return m->dropout > 0 && errmodel_uniform(m) < m->dropout;
}

enum errmodel_result errmodel_read(struct errmodel *m, double ref, double *reading)
{
	double v = ref * (1 + m->gain) + m->bias + m->noise_sd * errmodel_gauss(m);

	if (m->quantum > 0)
		v = round(v / m->quantum) * m->quantum;
	*reading = v;
	if (m->lo < m->hi && v < m->lo)
		return ERRMODEL_BELOW;
	if (m->lo < m->hi && v > m->hi)
		return ERRMODEL_ABOVE;
	return ERRMODEL_OK;
}

/* A whole, finite decimal number. */
static int number(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return end != s && !*end && !errno && isfinite(*out) ? 0 : -1;
}

/* Apply one option (name without "--" and prefix); -1 for a bad value. */
static int apply(struct errmodel *m, const char *name, const char *val)
{
	double x, y;
	char *colon, *end;

	if (!strcmp(name, "range")) {
		char lo[64];

		if (!(colon = strchr(val, ':')) || (size_t)(colon - val) >= sizeof(lo))
			return -1;
		snprintf(lo, sizeof(lo), "%.*s", (int)(colon - val), val);
		if (number(lo, &x) || number(colon + 1, &y) || x >= y)
			return -1;
		m->lo = x;
		m->hi = y;
		return 0;
	}
	if (!strcmp(name, "seed")) {
		unsigned long s;

		errno = 0;
		s = strtoul(val, &end, 10);
		if (end == val || *end || errno || *val == '-' || s > 0xFFFFFFFFul)
			return -1;
		m->seed = (unsigned)s;
		return 0;
	}
	if (number(val, &x))
		return -1;
	if (!strcmp(name, "bias"))
		m->bias = x;
	else if (!strcmp(name, "noise-sd") && x >= 0)
		m->noise_sd = x;
	else if (!strcmp(name, "gain") && x > -1)
		m->gain = x;
	else if (!strcmp(name, "quantum") && x >= 0)
		m->quantum = x;
	else if (!strcmp(name, "dropout") && x >= 0 && x <= 1)
		m->dropout = x;
	else
		return -1;
	return 0;
}

int errmodel_take_args(struct errmodel *m, const char *prefix, int *argc, char **argv)
{
	static const char *const names[] = { "bias",    "noise-sd", "gain", "quantum",
					     "dropout", "range",    "seed" };
	size_t pl = strlen(prefix);
	int i = 1, out = 1;

	while (i < *argc) {
		const char *a = argv[i], *val = NULL, *name = NULL;
		size_t k, nl = 0;

		if (!strcmp(a, "--"))
			break;
		if (!strncmp(a, "--", 2) && !strncmp(a + 2, prefix, pl)) {
			for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
				nl = strlen(names[k]);
				if (!strncmp(a + 2 + pl, names[k], nl) &&
				    (a[2 + pl + nl] == 0 || a[2 + pl + nl] == '=')) {
					name = names[k];
					break;
				}
			}
		}
		if (!name) {
			argv[out++] = argv[i++];
			continue;
		}
		if (a[2 + pl + nl] == '=')
			val = a + 3 + pl + nl;
		else if (i + 1 < *argc)
			val = argv[++i];
		if (!val || apply(m, name, val)) {
			fprintf(stderr, "sim: bad or missing value for --%s%s%s%s\n", prefix, name,
				val ? ": " : "", val ? val : "");
			return -1;
		}
		i++;
	}
	while (i < *argc)
		argv[out++] = argv[i++];
	*argc = out;
	argv[out] = NULL;
	return 0;
}
