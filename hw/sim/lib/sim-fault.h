/* SPDX-License-Identifier: MIT */
/*
 * A simulator's injectable faults as a table: --fault NAME sets the
 * fault's bit; the usage text lists the table; the active faults are
 * logged at start, so the run folder's stderr log says what was broken.
 */
#ifndef CARECERT_SIM_FAULT_H
#define CARECERT_SIM_FAULT_H

#include <stddef.h>
#include <stdio.h>

struct sim_fault {
	const char *name;
	unsigned bit;
	const char *effect; /* what the device does wrong, for usage and logs */
};

/* Set the bit of the fault called name in *bits. 0, or -1 after saying on
 * stderr that there is no such fault. */
int sim_fault_add(const struct sim_fault *tab, size_t n, const char *name, unsigned *bits);

/* "faults:" and one line per fault, for a usage text. */
void sim_fault_list(FILE *f, const struct sim_fault *tab, size_t n);

/* One stderr line per active fault: "sim: fault NAME: EFFECT". */
void sim_fault_announce(const struct sim_fault *tab, size_t n, unsigned bits);

#endif
