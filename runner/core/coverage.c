/* SPDX-License-Identifier: MIT */
#include "core/coverage.h"
#include "base/buf.h"
#include "base/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct cov_req {
	const char *standard, *clause, *title;
	struct buf cases;
	size_t ncases;
};

struct cov_set {
	struct cov_req *v;
	size_t n, cap;
	struct strmap index; /* (standard, clause) -> 1 + its place in v */
};

static struct cov_req *find_or_add(struct cov_set *set, const struct requirement *r)
{
	uintptr_t at = (uintptr_t)strmap_get2(&set->index, r->standard, r->clause);
	struct cov_req *nv;

	if (at)
		return &set->v[at - 1];
	if (set->n == set->cap) {
		size_t cap = set->cap ? 2 * set->cap : 64;

		if (!(nv = realloc(set->v, cap * sizeof(*nv))))
			return NULL;
		set->v = nv;
		set->cap = cap;
	}
	if (strmap_put2(&set->index, r->standard, r->clause, (void *)(uintptr_t)(set->n + 1),
			NULL))
		return NULL;
	nv = &set->v[set->n];
	memset(nv, 0, sizeof(*nv));
	nv->standard = r->standard;
	nv->clause = r->clause;
	buf_init(&nv->cases, BUF_MAX_TEXT);
	return &set->v[set->n++];
}

int coverage_clause_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			long x = strtol(a, (char **)&a, 10);
			long y = strtol(b, (char **)&b, 10);

			if (x != y)
				return x < y ? -1 : 1;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

static int req_cmp(const void *pa, const void *pb)
{
	const struct cov_req *a = pa, *b = pb;
	int c = strcmp(a->standard, b->standard);

	return c ? c : coverage_clause_cmp(a->clause, b->clause);
}

size_t coverage_print(struct suite *const *suites, size_t n, FILE *out)
{
	struct cov_set set = { .v = NULL };
	struct cov_req *v, *r;
	size_t nv, uncovered = 0;

	for (size_t s = 0; s < n; s++) {
		for (size_t i = 0; i < suites[s]->ncatalogue; i++)
			if ((r = find_or_add(&set, &suites[s]->catalogue[i])))
				r->title = suites[s]->catalogue[i].title;
		for (size_t c = 0; c < suites[s]->ncases; c++) {
			const struct tcase *tc = &suites[s]->cases[c];

			for (size_t q = 0; q < tc->nreqs; q++) {
				r = find_or_add(&set, &tc->reqs[q]);
				if (!r || buf_appendf(&r->cases, "%s%s",
						      r->ncases ? ", " : "", tc->id))
					continue;
				r->ncases++;
			}
		}
	}
	strmap_release(&set.index); /* v is sorted in place below */
	v = set.v;
	nv = set.n;
	if (nv)
		qsort(v, nv, sizeof(*v), req_cmp);
	fprintf(out, "%-36s %-8s %-5s %s\n", "STANDARD", "CLAUSE", "CASES",
		"VERIFIED BY");
	for (size_t i = 0; i < nv; i++) {
		fprintf(out, "%-36s %-8s %-5zu %s%s%s\n", v[i].standard,
			v[i].clause, v[i].ncases,
			v[i].ncases ? buf_str(&v[i].cases) : "-",
			v[i].title ? "  # " : "", v[i].title ? v[i].title : "");
		uncovered += !v[i].ncases;
	}
	if (uncovered) {
		fprintf(out, "\nRequirements with no case:\n");
		for (size_t i = 0; i < nv; i++)
			if (!v[i].ncases)
				fprintf(out, "  %s %s%s%s\n", v[i].standard,
					v[i].clause, v[i].title ? ": " : "",
					v[i].title ? v[i].title : "");
	}
	fprintf(out, "\n%zu requirements, %zu verified by at least one case, %zu without a case\n",
		nv, nv - uncovered, uncovered);
	for (size_t i = 0; i < nv; i++)
		buf_release(&v[i].cases);
	free(v);
	return uncovered;
}
