/* SPDX-License-Identifier: MIT */
/*
 * A GATT client over a transport that carries one ATT PDU per frame.
 *
 * One request is outstanding at a time (ATT's rule). Notifications and
 * indications that arrive meanwhile are queued for the test to take; an
 * indication is confirmed when the test takes it, so a server that sends
 * the next indication before the confirmation is caught (it must wait).
 *
 * Results: CC_OK; GATT_ERR_RSP when the server answered with an ATT Error
 * Response (in *err); CC_EPROTO with a reason for a malformed or wrong
 * response; CC_ETIMEDOUT; CC_ECLOSED / CC_EIO when the link failed.
 * The client owns its database and queue; the transport is borrowed.
 */
#ifndef CARECERT_GATT_H
#define CARECERT_GATT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ble/att.h"
#include "base/buf.h"
#include "transport/transport.h"

#define GATT_ERR_RSP 1 /* positive: not a cc_err, an answer */
#define GATT_MAX_SERVICES 32
#define GATT_MAX_CHARS 32
#define GATT_MAX_DESCS 8
#define GATT_QUEUE_MAX 256

struct gatt_char {
	uint16_t decl, value, end;
	uint8_t props;
	uint16_t uuid; /* 16-bit form, 0 for vendor UUIDs */
	struct att_uuid full; /* as discovered, vendor UUIDs too */
	uint16_t descs[GATT_MAX_DESCS]; /* descriptor UUIDs */
	uint16_t desc_handles[GATT_MAX_DESCS];
	size_t ndescs;
	uint16_t cccd; /* handle of its 0x2902 descriptor, 0 if none */
	unsigned ncccds; /* how many 0x2902 descriptors it has (at most 1) */
	uint16_t cccd_cfg; /* what this connection last wrote to it */
};

struct gatt_service {
	uint16_t start, end;
	uint16_t uuid;
	struct att_uuid full;
	struct gatt_char chars[GATT_MAX_CHARS];
	size_t nchars;
};

struct gatt_event { /* a notification or indication */
	uint8_t op;     /* ATT_NOTIFY or ATT_INDICATE */
	uint16_t handle;
	uint8_t value[ATT_MAX_VALUE];
	size_t len;
	uint64_t seq;   /* traffic-log frame */
	int64_t mono_ns;
	bool confirmed;
	bool taken; /* handed to the test, waiting for gatt_confirm() */
};

struct gatt_client {
	struct transport *t;
	uint16_t mtu;
	struct gatt_service services[GATT_MAX_SERVICES];
	size_t nservices;
	bool discovered;
	struct gatt_event *queue; /* GATT_QUEUE_MAX entries */
	size_t nqueue;
	/* protocol violations seen in passing (repeated unconfirmed
	 * indications, PDUs that fit no request, notifications whose CCCD
	 * is off, PDUs longer than ATT_MTU) */
	char violation[256];
	unsigned nviolations;
	uint64_t last_seq; /* of the last response received */
	uint16_t want_mtu; /* the ATT_MTU to ask for (profile `mtu`) */
	bool mtu_exchanged; /* on this connection */
	/* bonded (profile transport.bond): the discovery and the CCCDs
	 * outlive the connection, until a Service Changed indication says
	 * the database changed (Core Vol 3 Part G 2.5.2, 7.1) */
	bool bonded;
	bool cache_kept;     /* the database is from an earlier connection */
	unsigned service_changed; /* Service Changed indications received */
};

int gatt_client_init(struct gatt_client *c, struct transport *t);
void gatt_client_release(struct gatt_client *c);
/* After the link was reopened: MTU back to 23 (and exchanged again),
 * queue emptied, CCCDs off, and the database forgotten: without a bond,
 * discovery results hold for one connection only (Core Vol 3 Part G 2.5.2).
 * Bonded, the database and the CCCDs are kept (cache_kept) until a
 * Service Changed indication (confirmed at once) marks them stale. */
void gatt_client_reset_link(struct gatt_client *c);

/* Send one request and wait for its response (opcode rsp_op) or an Error
 * Response, which must name the request's opcode and its handle (the
 * handle asked for; a range request's start for Attribute Not Found, a
 * handle in the range otherwise). PDUs that arrived with no request
 * outstanding are violations; a response longer than ATT_MTU is CC_EPROTO.
 * rsp is reset and receives the response. */
int gatt_request(struct gatt_client *c, const struct buf *req, uint8_t rsp_op,
		 struct buf *rsp, int64_t deadline, struct att_error *err, char *why,
		 size_t whylen);
/* Take what already arrived, waiting at most until deadline for nothing
 * more: notifications and indications are queued (and judged against the
 * CCCDs), anything else is a violation (a response nobody asked for). */
void gatt_poll(struct gatt_client *c, int64_t deadline);

int gatt_exchange_mtu(struct gatt_client *c, uint16_t mtu, int64_t deadline,
		      struct att_error *err, char *why, size_t whylen);
/* Discover all primary services, their characteristics and descriptors. */
int gatt_discover(struct gatt_client *c, int64_t deadline, struct att_error *err,
		  char *why, size_t whylen);

const struct gatt_service *gatt_find_service(const struct gatt_client *c,
					     uint16_t uuid);
/* The first characteristic with this UUID (in any service when svc is 0). */
const struct gatt_char *gatt_find_char(const struct gatt_client *c,
				       uint16_t svc, uint16_t uuid);

/* The first characteristic with this UUID, of any size (vendor 128-bit
 * UUIDs too), in any service. */
const struct gatt_char *gatt_find_char_full(const struct gatt_client *c,
					    const struct att_uuid *uuid);

/* Read a value, with Read Blob for long values; appended to out. */
int gatt_read(struct gatt_client *c, uint16_t handle, struct buf *out,
	      int64_t deadline, struct att_error *err, char *why, size_t whylen);
/* Write Request (with_response) or Write Command. */
int gatt_write(struct gatt_client *c, uint16_t handle, const uint8_t *p,
	       size_t n, bool with_response, int64_t deadline,
	       struct att_error *err, char *why, size_t whylen);

/* Wait for a notification/indication of handle (any handle when 0); kinds
 * is ATT_NOTIFY, ATT_INDICATE or 0 for either. Indications are confirmed
 * when taken unless confirm is false. CC_OK or CC_ETIMEDOUT / link error. */
int gatt_wait_event(struct gatt_client *c, uint16_t handle, uint8_t kind,
		    bool confirm, int64_t deadline, struct gatt_event *out);
/* The same, but give up with GATT_STOPPED (> 0) once an event of
 * stop_handle is queued; that event stays queued for a later wait. Events
 * of handle that arrived before it are taken first, later ones stay. */
#define GATT_STOPPED 1
int gatt_wait_event_until(struct gatt_client *c, uint16_t handle, uint8_t kind,
			  bool confirm, int64_t deadline, uint16_t stop_handle,
			  struct gatt_event *out);
/* The same for events of either handle or also (a measurement and the
 * context that follows it, in arrival order); also 0: handle only. */
int gatt_wait_event_either(struct gatt_client *c, uint16_t handle, uint16_t also, uint8_t kind,
			   bool confirm, int64_t deadline, uint16_t stop_handle,
			   struct gatt_event *out);
/* Confirm the oldest unconfirmed indication taken earlier without it. */
int gatt_confirm(struct gatt_client *c);
/* Read whatever arrives until quiet_ns passes without a PDU (at most 1 s
 * or 2048 PDUs: a device that never falls quiet is a violation), confirming
 * indications; the queue is emptied. What arrives is judged as in a case
 * (a notification whose CCCD is off, a response nobody asked for are
 * violations the next case reports). Returns the number of PDUs dropped. */
size_t gatt_drain(struct gatt_client *c, int64_t quiet_ns);

#endif
