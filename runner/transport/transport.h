/* SPDX-License-Identifier: MIT */
/*
 * Transports: how carecert reaches a device under test.
 *
 * One small interface for every transport (serial, BLE GATT, HTTP): open, close, send, and receive with an absolute
 * monotonic deadline, so that retries inside a step cannot stretch it. Each
 * implementation is one const struct transport_ops in transport-<kind>.c
 * (its domain folder: ble/, http/; transport/ for serial and data), listed
 * by name in transport.c's table and chosen by the profile's `kind`.
 *
 * The shared layer (transport_send/transport_recv) stamps every frame sent
 * and received with a sequence number, monotonic and wall-clock time, and
 * hands it to the traffic log before returning, so evidence can point at
 * frames; the log has it in the file before any verdict that cites it is
 * decided (trafficlog.h).
 *
 * Errors: CC_ETIMEDOUT (deadline passed, nothing received), CC_ECLOSED (the
 * device hung up), CC_EIO (the link failed), CC_ENOTSUP.
 */
#ifndef CARECERT_TRANSPORT_H
#define CARECERT_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "base/buf.h"

struct trafficlog;
struct transport;

struct frame_ref {
	uint64_t seq; /* 1-based, unique in the run's traffic log */
	int64_t mono_ns;
	struct timespec wall;
};

struct transport_ops {
	const char *kind;
	const char *const *params; /* parameter names, NULL-terminated */
	/* Check one parameter at profile load time (CC_EINVAL + message). */
	int (*check_param)(const char *key, const char *value, char *err,
			   size_t errlen);
	int (*open)(struct transport *t, char *err, size_t errlen);
	void (*close)(struct transport *t);
	int (*send)(struct transport *t, const uint8_t *p, size_t n);
	/* Wait until deadline for data; on CC_OK *got > 0 bytes are in p. */
	int (*recv)(struct transport *t, uint8_t *p, size_t cap, size_t *got,
		    int64_t deadline_ns);
	/* Human description of the open link (e.g. "/dev/ttyUSB0 115200 8N1") */
	const char *(*describe)(struct transport *t);
	/* The parameter a simulator's announced link replaces ("port"). */
	const char *sim_param;
	/* A plain byte stream (serial, tcp): a suite written for one runs
	 * over any (transport_compatible). */
	bool byte_stream;
	/* File extension of a capture this transport writes when its
	 * "capture" parameter names a path (e.g. "btsnoop"), or NULL. */
	const char *capture_ext;
	/* A protocol client that lives with the link (BLE: its GATT client,
	 * ble/gatt.h), made once the transport is open; NULL hooks: none.
	 * The core holds it as an opaque pointer and passes it to the steps
	 * of the transport's family. client_new: NULL with CC_* in *rc. */
	void *(*client_new)(struct transport *t, int *rc);
	/* The link was closed or reopened: forget its state and queue. */
	void (*client_reset)(void *client);
	/* Discard what is queued or arrives until quiet_ns of silence (stale
	 * answers of an earlier case); the number of units dropped. */
	size_t (*client_drain)(void *client, int64_t quiet_ns);
	void (*client_free)(void *client);
};

const struct transport_ops *transport_find(const char *kind);
/* "serial" (comma-separated list of known kinds) for messages. */
const char *transport_kinds(void);
/* May a suite written for kind `suite` run over a profile's `profile`?
 * The same kind, or both plain byte streams (serial, tcp). */
bool transport_compatible(const char *suite, const char *profile);

/* A transport with its own copy of the parameters (key/value pairs, n of
 * them). log may be NULL (no traffic log) and is borrowed. */
struct transport *transport_new(const struct transport_ops *ops,
				const char *const *keys,
				const char *const *values, size_t n,
				struct trafficlog *log);
void transport_free(struct transport *t); /* closes if open */

const char *transport_param(const struct transport *t, const char *key);
int transport_set_param(struct transport *t, const char *key,
			const char *value);
const struct transport_ops *transport_ops(const struct transport *t);
void *transport_priv(const struct transport *t);
void transport_set_priv(struct transport *t, void *priv);

int transport_open(struct transport *t, char *err, size_t errlen);
void transport_close(struct transport *t);
int transport_is_open(const struct transport *t);
const char *transport_describe(struct transport *t);

/* Send all of p; stamps and logs the frame. ref may be NULL. */
int transport_send(struct transport *t, const uint8_t *p, size_t n,
		   struct frame_ref *ref);
/* Receive once (waiting until deadline) and append to rx; stamps and logs
 * what arrived as one frame. ref may be NULL. */
int transport_recv(struct transport *t, struct buf *rx, int64_t deadline_ns,
		   struct frame_ref *ref);

/* For transports that move whole messages themselves (HTTP: libcurl does
 * the I/O): stamp a frame now (sequence number, monotonic and wall time),
 * and log it or an event. The frame must be logged with the ref stamped
 * for it; logging may come later than the stamp (after the exchange). */
void transport_stamp(struct transport *t, struct frame_ref *ref);
void transport_log_frame(struct transport *t, const char *dir, const uint8_t *p,
			 size_t n, const struct frame_ref *ref);
void transport_log_event(struct transport *t, const char *event,
			 const char *detail);
/* The same, stamped now and batched with the frames (trafficlog_note):
 * for events that come by the thousand. Returns the line's seq. */
uint64_t transport_log_note(struct transport *t, const char *event, const char *detail);

/* Name the link in the traffic log ("patient"): frames of a reference
 * instrument stand apart from the DUT's. */
void transport_set_label(struct transport *t, const char *label);

#endif
