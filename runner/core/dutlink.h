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

#include <json-c/json.h>
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
};

void dut_link_init(struct dut_link *l, const char *id, const char *kind);

/* Start sc's simulator with faults (NULL: sc's own) and args; its stderr
 * goes to out_dir. *block gets the record's description of it (new
 * reference, also on failure). */
int dut_link_start_sim(struct dut_link *l, const struct simulator_cfg *sc,
		       char *const *faults, const char *out_dir, struct trafficlog *log,
		       json_object **block);

/* Make the transport from the profile's parameters (the simulator's
 * address in place of `sim`), set its capture file in out_dir, make the
 * GATT client on BLE, and open it. The transport exists after CC_OK and
 * after an open failure (a case may retry the open). */
int dut_link_open(struct dut_link *l, const struct param *params, size_t n,
		  const char *out_dir, struct trafficlog *log);

/* After a link failure: closed, queues emptied; the next use reopens. */
void dut_link_reset(struct dut_link *l);
/* The link was reopened at other settings: its client forgets its state. */
void dut_link_client_reset(struct dut_link *l);

/* Free everything; *sim_status gets the simulator's exit status (-1 when
 * there was none). */
void dut_link_release(struct dut_link *l, int *sim_status);

#endif
