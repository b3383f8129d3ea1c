/* SPDX-License-Identifier: MIT */
/*
 * The bench between simulated instruments and simulated devices: a
 * reference instrument writes what it presents (a pressure, a saturation,
 * a bath temperature) to $CARECERT_BENCH/<name> as one line of numbers,
 * and a coupled device reads it when it measures. The engine sets
 * CARECERT_BENCH to the run folder for every simulator of a run.
 */
#ifndef CARECERT_SIM_BENCH_H
#define CARECERT_SIM_BENCH_H

#include <stddef.h>

/* Write "v[0] v[1] ...\n" (each with %.*f, decimals) to the bench file
 * name: whole, then renamed into place, so a reader never sees half of
 * it. Without CARECERT_BENCH there is no bench and nothing is written.
 * Returns 0, or -1 (errno set) when the file cannot be written. */
int sim_bench_write(const char *name, const double *v, size_t n, int decimals);

/* Read up to n numbers from the bench file name. Returns how many were
 * read: 0 when there is no bench, no file or no number (no set point yet;
 * the device keeps what it had). */
size_t sim_bench_read(const char *name, double *v, size_t n);

#endif
