/* SPDX-License-Identifier: MIT */
#include "lib/sim-fault.h"

#include <string.h>

int sim_fault_add(const struct sim_fault *tab, size_t n, const char *name, unsigned *bits)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(tab[i].name, name)) {
			*bits |= tab[i].bit;
			return 0;
		}
	fprintf(stderr, "sim: unknown fault '%s'\n", name);
	return -1;
}

void sim_fault_list(FILE *f, const struct sim_fault *tab, size_t n)
{
	fprintf(f, "faults:\n");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-28s %s\n", tab[i].name, tab[i].effect);
}

void sim_fault_announce(const struct sim_fault *tab, size_t n, unsigned bits)
{
	for (size_t i = 0; i < n; i++)
		if (bits & tab[i].bit)
			fprintf(stderr, "sim: fault %s: %s\n", tab[i].name, tab[i].effect);
}
