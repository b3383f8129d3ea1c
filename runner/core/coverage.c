/* SPDX-License-Identifier: MIT */
#include "core/coverage.h"
#include "base/buf.h"

#include <stdlib.h>
#include <string.h>

struct cov_req {
	const char *standard, *clause, *title;
	struct buf cases;
	size_t ncases;
};

static struct cov_req *find_or_add(struct cov_req **v, size_t *n,
				   const struct requirement *r)
{
	struct cov_req *nv;

	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].standard, r->standard) &&
		    !strcmp((*v)[i].clause, r->clause))
			return &(*v)[i];
	nv = realloc(*v, (*n + 1) * sizeof(**v));
	if (!nv)
		return NULL;
	*v = nv;
	memset(&nv[*n], 0, sizeof(nv[*n]));
	nv[*n].standard = r->standard;
	nv[*n].clause = r->clause;
	buf_init(&nv[*n].cases, BUF_MAX_TEXT);
	return &nv[(*n)++];
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
	struct cov_req *v = NULL, *r;
	size_t nv = 0, uncovered = 0;

	for (size_t s = 0; s < n; s++) {
		for (size_t i = 0; i < suites[s]->ncatalogue; i++)
			if ((r = find_or_add(&v, &nv, &suites[s]->catalogue[i])))
				r->title = suites[s]->catalogue[i].title;
		for (size_t c = 0; c < suites[s]->ncases; c++) {
			const struct tcase *tc = &suites[s]->cases[c];

			for (size_t q = 0; q < tc->nreqs; q++) {
				r = find_or_add(&v, &nv, &tc->reqs[q]);
				if (!r || buf_appendf(&r->cases, "%s%s",
						      r->ncases ? ", " : "", tc->id))
					continue;
				r->ncases++;
			}
		}
	}
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
