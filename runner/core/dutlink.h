/* SPDX-License-Identifier: MIT */
/*
 * A link to the DUT as a run holds it: its simulator (if any), its
 * transport with the simulator's announced address applied, the bytes
 * received but not yet consumed and, on BLE, the GATT client. A run has
 * the profile's own link and one per entry of the profile's links: (a
 * gateway the monitor reports through, say); each is opened, reset after
 * a failure and released the same way.
 *
 * The struct owns its transport, simulator process and GATT client;
 * dut_link_release() frees them. Errors: CC_* codes, with the reason in
 * l->error.
 */
#ifndef CARECERT_DUTLINK_H
#define CARECERT_DUTLINK_H

#include <limits.h>
#include <stdbool.h>

#include "core/exec.h"
#include "core/profile.h"

struct trafficlog;
struct simproc;

struct dut_link {
	const char *id;   /* NULL: the profile's own link; else its links: key */
	const char *kind; /* the transport kind */
	struct transport *t;
	struct simproc *sim;
	struct rxq rx;
	void *client; /* the transport's protocol client (BLE: GATT), or NULL */
	char sim_link[PATH_MAX];  /* what the simulator announced */
	char capture[PATH_MAX];   /* the transport's capture file, or "" */
	char error[256];
	bool up; /* dut_link_open succeeded (it may fail later: see the steps) */
	/* the simulator as it was started, for the record (core/record.c) */
	const char *sim_program;  /* NULL: the link has no simulator */
	char **sim_args;          /* owned array of borrowed strings */
	char *const *sim_faults;  /* borrowed */
	char sim_log[PATH_MAX];   /* its stderr log's name in the run folder */
	char sim_path[PATH_MAX];  /* the program as found */
	bool sim_started;         /* it announced its link */
	bool sim_stopped;         /* it ran and was stopped and reaped */
	int sim_status;           /* its exit status once stopped, else -1 */
};

void dut_link_init(struct dut_link *l, const char *id, const char *kind);

/* Start sc's simulator with faults (NULL: sc's own) and args; its stderr
 * goes to out_dir. What was started stays in l for the record, also on
 * failure. */
int dut_link_start_sim(struct dut_link *l, const struct simulator_cfg *sc,
		       char *const *faults, const char *out_dir, struct trafficlog *log);

/* Make the transport from the profile's parameters (the simulator's
 * address in place of `sim`), set its capture file in out_dir, make the
 * GATT client on BLE, and open it. The transport exists after CC_OK and
 * after an open failure (a case may retry the open). */
int dut_link_open(struct dut_link *l, const struct param *params, size_t n,
		  const char *out_dir, struct trafficlog *log);

/* A further link or an instrument: its simulator (if sc names one, with
 * sc's own faults) started, then dut_link_open; CC_OK or the first error,
 * with l->error saying why. */
int dut_link_bring_up(struct dut_link *l, const struct simulator_cfg *sc,
		      const struct param *params, size_t n, const char *out_dir,
		      struct trafficlog *log);

/* After a link failure: closed, queues emptied; the next use reopens. */
void dut_link_reset(struct dut_link *l);
/* The link was reopened at other settings: its client forgets its state. */
void dut_link_client_reset(struct dut_link *l);

/* Free everything; l->sim_status (and *sim_status) gets the simulator's
 * exit status (-1 when
 * there was none). */
void dut_link_release(struct dut_link *l, int *sim_status);

#endif
