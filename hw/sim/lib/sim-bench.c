/* SPDX-License-Identifier: MIT */
#define _XOPEN_SOURCE 700

#include "lib/sim-bench.h"

#include <stdio.h>
#include <stdlib.h>

static int bench_path(const char *name, char *path, size_t len)
{
	const char *bench = getenv("CARECERT_BENCH");

	if (!bench)
		return -1;
	snprintf(path, len, "%s/%s", bench, name);
	return 0;
}

int sim_bench_write(const char *name, const double *v, size_t n, int decimals)
{
	char path[4096], tmp[4200];
	FILE *f;

	if (bench_path(name, path, sizeof(path)))
		return 0;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (!(f = fopen(tmp, "w")))
		return -1;
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%.*f", i ? " " : "", decimals, v[i]);
	fputc('\n', f);
	if (fclose(f) || rename(tmp, path))
		return -1;
	return 0;
}

size_t sim_bench_read(const char *name, double *v, size_t n)
{
	char path[4096];
	size_t k = 0;
	FILE *f;

	if (bench_path(name, path, sizeof(path)) || !(f = fopen(path, "r")))
		return 0;
	while (k < n && fscanf(f, "%lf", &v[k]) == 1)
		k++;
	fclose(f);
	return k;
}
