/* SPDX-License-Identifier: MIT */
/*
 * What every carecert-sim-ble-* program shares around its GATT server: the
 * command line (--fault NAME, the Device Information strings, the
 * measurement interval, the device's own options), the Device Information
 * service, value encoders and the poll loop that serves the link and runs
 * the device's timer until SIGTERM.
 *
 * A device model embeds struct sim_ble, describes its faults as a table and
 * supplies two callbacks: when it next wants to run, and what it does then.
 */
#ifndef CARECERT_SIM_BLE_H
#define CARECERT_SIM_BLE_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/gatt-server.h"
#include "lib/sim-fault.h"

struct sim_ble {
	struct gsrv srv;
	unsigned faults;
	const char *vendor, *model, *firmware, *serial;
	int interval_ms; /* between measurements; >= 20 */
};

/* A device's own long options: getopt_long entries whose `val` is >= 256,
 * handled by on_option (return 0, or -1 for a bad value). */
struct sim_options {
	const struct option *opts; /* {0}-ended; may be NULL */
	const char *usage;         /* lines describing them */
	int (*on_option)(void *data, int val, const char *arg);
};

/* Parse the command line into d (defaults already set by the caller).
 * Prints usage and exits 0 for --help; returns -1 (after a message) on a
 * bad argument. */
int sim_ble_parse(struct sim_ble *d, int argc, char **argv, const char *prog,
		  const char *about, const struct sim_fault *faults, size_t nfaults,
		  const struct sim_options *extra, void *data);

/* Add Device Information 0x180A: manufacturer, model, serial, firmware. */
void sim_ble_add_dis(struct sim_ble *d);
/* The Manufacturer Name String of GF_DIS_INVALID_UTF8 (bytes that are not
 * UTF-8), for a device that builds its own Device Information. */
extern const char sim_ble_bad_vendor[];
/* --fault NAME of the shared GATT server's table into *gsrv_bits, else of
 * the device's own into *bits; -1 when neither knows it. */
int sim_ble_fault_add(const struct sim_fault *faults, size_t nfaults, const char *name,
		      unsigned *bits, unsigned *gsrv_bits);

int64_t sim_now_ms(void);

/* Little-endian encoders; each returns the bytes written. */
size_t sim_put_u16(uint8_t *p, unsigned v);
size_t sim_put_sfloat(uint8_t *p, int mantissa, int exponent);
/* Date Time (0x2A08) of a UTC time_t. */
size_t sim_put_datetime(uint8_t *p, long long t);

/* Listen, log the active faults, then serve until SIGTERM/SIGINT. Before
 * each wait next_ms(data) gives the monotonic ms at which tick(data) is
 * due, or 0 for no timer; tick runs only while a client is connected.
 * Returns the exit status. */
int sim_ble_run(struct sim_ble *d, const struct sim_fault *faults, size_t nfaults,
		int64_t (*next_ms)(void *data), void (*tick)(void *data), void *data);

#endif
