/* SPDX-License-Identifier: MIT */
#include "ble/gatt.h"
#include "base/clock.h"
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for any PDU the transport hands over (one recv() of up to 4096
 * bytes): a PDU longer than ATT_MTU is judged, never an overflow. */
#define GATT_PDU_CAP 4096
/* PDUs one poll or drain takes before it stops reading, and the longest
 * a drain waits for the device to fall quiet */
#define GATT_FLOOD_MAX 2048
#define GATT_DRAIN_MAX_NS (1000LL * 1000000LL)

static void violation(struct gatt_client *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void violation(struct gatt_client *c, const char *fmt, ...)
{
	va_list ap;

	/* the first one since the last was reported is kept: it explains
	 * the rest */
	c->nviolations++;
	if (!c->violation[0]) {
		va_start(ap, fmt);
		vsnprintf(c->violation, sizeof(c->violation), fmt, ap);
		va_end(ap);
	}
}

int gatt_client_init(struct gatt_client *c, struct transport *t)
{
	memset(c, 0, sizeof(*c));
	c->t = t;
	c->mtu = ATT_DEFAULT_MTU;
	c->queue = calloc(GATT_QUEUE_MAX, sizeof(*c->queue));
	return c->queue ? CC_OK : CC_ENOMEM;
}

void gatt_client_release(struct gatt_client *c)
{
	free(c->queue);
	c->queue = NULL;
}

void gatt_client_reset_link(struct gatt_client *c)
{
	c->mtu = ATT_DEFAULT_MTU;
	c->mtu_exchanged = false;
	c->nqueue = 0;
	if (c->bonded && c->discovered) {
		c->cache_kept = true;
		return;
	}
	c->nservices = 0;
	c->discovered = false;
	c->cache_kept = false;
}

/* The characteristic whose value handle this is, or NULL. */
static struct gatt_char *char_of_value(struct gatt_client *c, uint16_t handle)
{
	for (size_t i = 0; i < c->nservices; i++)
		for (size_t k = 0; k < c->services[i].nchars; k++)
			if (c->services[i].chars[k].value == handle)
				return &c->services[i].chars[k];
	return NULL;
}

static struct gatt_char *char_of_cccd(struct gatt_client *c, uint16_t handle)
{
	for (size_t i = 0; handle && i < c->nservices; i++)
		for (size_t k = 0; k < c->services[i].nchars; k++)
			if (c->services[i].chars[k].cccd == handle)
				return &c->services[i].chars[k];
	return NULL;
}

static size_t unconfirmed(const struct gatt_client *c)
{
	size_t n = 0;

	for (size_t i = 0; i < c->nqueue; i++)
		n += c->queue[i].op == ATT_INDICATE && !c->queue[i].confirmed;
	return n;
}

static int send_confirm(struct gatt_client *c)
{
	static const uint8_t conf[] = { ATT_CONFIRM };

	return transport_send(c->t, conf, 1, NULL);
}

/* An unsolicited PDU: queue notifications and indications. */
static void enqueue(struct gatt_client *c, const uint8_t *p, size_t n,
		    const struct frame_ref *ref)
{
	struct gatt_event *ev;
	struct att_hv hv;
	char why[160];

	if (att_parse_hv(p, n, &hv, why, sizeof(why))) {
		violation(c, "frame %llu: %s", (unsigned long long)ref->seq, why);
		return;
	}
	if (n > c->mtu)
		violation(c, "frame %llu: %s of %zu bytes exceeds ATT_MTU %u",
			  (unsigned long long)ref->seq, att_opcode_name(p[0]), n, c->mtu);
	{
		const struct gatt_char *sc = char_of_value(c, hv.handle);

		/* Service Changed (GATT 7.1): the kept database is stale; the
		 * client's stack confirms it at once (no step takes it) */
		if (sc && sc->uuid == 0x2A05 && p[0] == ATT_INDICATE && (sc->cccd_cfg & 0x0002)) {
			c->service_changed++;
			c->discovered = false;
			c->cache_kept = false;
			send_confirm(c);
			return;
		}
	}
	/* Core Vol 3 Part G 3.3.3.3: nothing is sent before the client
	 * configured it, on this connection */
	{
		const struct gatt_char *ch = char_of_value(c, hv.handle);
		uint16_t bit = p[0] == ATT_NOTIFY ? 0x0001 : 0x0002;

		if (!ch)
			violation(c, "frame %llu: %s of handle 0x%04X, %s",
				  (unsigned long long)ref->seq, att_opcode_name(p[0]), hv.handle,
				  c->discovered ? "which is no characteristic value"
						: "before any CCCD was written");
		else if (!(ch->cccd_cfg & bit))
			violation(c, "frame %llu: %s of handle 0x%04X while its CCCD is 0x%04X (%s not enabled)",
				  (unsigned long long)ref->seq, att_opcode_name(p[0]), hv.handle,
				  ch->cccd_cfg, bit == 1 ? "notifications" : "indications");
	}
	if (p[0] == ATT_INDICATE && unconfirmed(c))
		violation(c, "frame %llu: indication sent before the previous one was confirmed",
			  (unsigned long long)ref->seq);
	if (c->nqueue == GATT_QUEUE_MAX) {
		violation(c, "more than %d unread notifications", GATT_QUEUE_MAX);
		return;
	}
	ev = &c->queue[c->nqueue++];
	ev->op = p[0];
	ev->handle = hv.handle;
	ev->len = hv.len < ATT_MAX_VALUE ? hv.len : ATT_MAX_VALUE;
	memcpy(ev->value, hv.value, ev->len);
	ev->seq = ref->seq;
	ev->mono_ns = ref->mono_ns;
	ev->confirmed = false;
	ev->taken = false;
}

/* Receive one PDU into pdu (reset first). */
static int receive(struct gatt_client *c, struct buf *pdu, int64_t deadline,
		   struct frame_ref *ref)
{
	buf_reset(pdu);
	return transport_recv(c->t, pdu, deadline, ref);
}

/* Whether an Error Response's handle is the one its request asked about
 * (Core Vol 3 Part F 3.4.1.1). */
static bool error_handle_ok(const struct buf *req, const struct att_error *err,
			    char *want, size_t wantlen)
{
	const uint8_t *q = req->data;
	uint16_t h = req->len >= 3 ? (uint16_t)(q[1] | q[2] << 8) : 0;
	uint16_t end = req->len >= 5 ? (uint16_t)(q[3] | q[4] << 8) : 0;

	switch (q[0]) {
	case ATT_READ_REQ:
	case ATT_READ_BLOB_REQ:
	case ATT_WRITE_REQ:
		snprintf(want, wantlen, "0x%04X", h);
		return err->handle == h;
	case ATT_FIND_INFO_REQ:
	case ATT_FIND_BY_TYPE_REQ:
	case ATT_READ_BY_TYPE_REQ:
	case ATT_READ_BY_GROUP_REQ:
		if (err->code == 0x0A) { /* not found: the starting handle */
			snprintf(want, wantlen, "0x%04X (the starting handle)", h);
			return err->handle == h;
		}
		snprintf(want, wantlen, "a handle in 0x%04X..0x%04X", h, end);
		return err->handle >= h && err->handle <= end;
	case ATT_MTU_REQ:
		snprintf(want, wantlen, "0x0000");
		return err->handle == 0;
	default:
		return true;
	}
}

/* One PDU that came with no request outstanding. */
static void unsolicited(struct gatt_client *c, const struct buf *pdu,
			const struct frame_ref *ref)
{
	if (!pdu->len)
		return;
	if (pdu->data[0] == ATT_NOTIFY || pdu->data[0] == ATT_INDICATE)
		enqueue(c, pdu->data, pdu->len, ref);
	else
		violation(c, "frame %llu: unexpected %s with no request outstanding",
			  (unsigned long long)ref->seq, att_opcode_name(pdu->data[0]));
}

void gatt_poll(struct gatt_client *c, int64_t deadline)
{
	struct frame_ref ref;
	struct buf pdu;

	buf_init(&pdu, GATT_PDU_CAP);
	/* bounded: a device that never stops sending cannot hold us here */
	for (size_t n = 0; n < GATT_FLOOD_MAX && !receive(c, &pdu, deadline, &ref); n++)
		unsolicited(c, &pdu, &ref);
	buf_release(&pdu);
}

int gatt_request(struct gatt_client *c, const struct buf *req, uint8_t rsp_op,
		 struct buf *rsp, int64_t deadline, struct att_error *err, char *why,
		 size_t whylen)
{
	struct frame_ref ref;
	char want[64];
	int rc;

	/* a second response to the last request (or one to none) is not
	 * this request's answer */
	gatt_poll(c, 0);
	if ((rc = transport_send(c->t, req->data, req->len, NULL)))
		return rc;
	for (;;) {
		/* a flood of notifications does not stretch the deadline (the
		 * transport returns what is there before looking at it) */
		rc = mono_now_ns() >= deadline ? CC_ETIMEDOUT : receive(c, rsp, deadline, &ref);
		if (rc == CC_ETIMEDOUT) {
			snprintf(why, whylen, "no response to %s", att_opcode_name(req->data[0]));
			return rc;
		}
		if (rc)
			return rc;
		if (!rsp->len)
			continue;
		c->last_seq = ref.seq;
		if (rsp->data[0] == ATT_NOTIFY || rsp->data[0] == ATT_INDICATE) {
			enqueue(c, rsp->data, rsp->len, &ref);
			continue;
		}
		if (rsp->len > c->mtu) {
			snprintf(why, whylen, "frame %llu: %s of %zu bytes exceeds ATT_MTU %u",
				 (unsigned long long)ref.seq, att_opcode_name(rsp->data[0]),
				 rsp->len, c->mtu);
			return CC_EPROTO;
		}
		if (rsp->data[0] == ATT_ERROR_RSP) {
			rc = att_parse_error(rsp->data, rsp->len, err, why, whylen);
			if (rc)
				return rc;
			if (err->req_op != req->data[0]) {
				snprintf(why, whylen, "Error Response names %s, the request was %s",
					 att_opcode_name(err->req_op), att_opcode_name(req->data[0]));
				return CC_EPROTO;
			}
			if (!error_handle_ok(req, err, want, sizeof(want))) {
				snprintf(why, whylen,
					 "Error Response (%s) to %s names handle 0x%04X, must name %s",
					 att_error_name(err->code), att_opcode_name(req->data[0]),
					 err->handle, want);
				return CC_EPROTO;
			}
			snprintf(why, whylen, "%s: %s (0x%02X) for handle 0x%04X",
				 att_opcode_name(req->data[0]), att_error_name(err->code),
				 err->code, err->handle);
			return GATT_ERR_RSP;
		}
		if (rsp->data[0] != rsp_op) {
			snprintf(why, whylen, "%s answered with %s",
				 att_opcode_name(req->data[0]), att_opcode_name(rsp->data[0]));
			return CC_EPROTO;
		}
		return CC_OK;
	}
}

int gatt_exchange_mtu(struct gatt_client *c, uint16_t mtu, int64_t deadline,
		      struct att_error *err, char *why, size_t whylen)
{
	struct buf req, rsp;
	uint16_t server;
	int rc;

	buf_init(&req, 8);
	buf_init(&rsp, GATT_PDU_CAP);
	rc = att_build_mtu_req(&req, mtu);
	if (!rc)
		rc = gatt_request(c, &req, ATT_MTU_RSP, &rsp, deadline, err, why, whylen);
	if (!rc)
		rc = att_parse_mtu(rsp.data, rsp.len, &server, why, whylen);
	if (!rc) {
		c->mtu = server < mtu ? server : mtu;
		c->mtu_exchanged = true;
	}
	buf_release(&req);
	buf_release(&rsp);
	return rc;
}

/* One discovery sweep step: a ranged request; 0x0A ends the sweep. */
static int sweep(struct gatt_client *c, uint8_t op, uint16_t start, uint16_t end,
		 uint16_t type, struct buf *rsp, int64_t deadline,
		 struct att_error *err, char *why, size_t whylen, bool *done)
{
	struct buf req;
	int rc;

	buf_init(&req, 16);
	rc = att_build_range(&req, op, start, end, type);
	if (!rc)
		rc = gatt_request(c, &req, (uint8_t)(op + 1), rsp, deadline, err, why, whylen);
	buf_release(&req);
	*done = rc == GATT_ERR_RSP && err->code == 0x0A;
	return *done ? CC_OK : rc;
}

static int discover_services(struct gatt_client *c, struct buf *rsp,
			     int64_t deadline, struct att_error *err, char *why,
			     size_t whylen)
{
	uint32_t start = 1;

	while (start <= 0xFFFF) {
		struct att_group g[ATT_MAX_ENTRIES];
		size_t n;
		bool done;
		int rc = sweep(c, ATT_READ_BY_GROUP_REQ, (uint16_t)start, 0xFFFF,
			       GATT_PRIMARY_SERVICE, rsp, deadline, err, why, whylen,
			       &done);

		if (rc || done)
			return rc;
		rc = att_parse_groups(rsp->data, rsp->len, g, ATT_MAX_ENTRIES, &n, why, whylen);
		if (rc)
			return rc;
		for (size_t i = 0; i < n; i++) {
			struct gatt_service *s;

			if (g[i].start < start) {
				snprintf(why, whylen,
					 "service at 0x%04X lies inside the range of an earlier one (which ends at 0x%04X)",
					 g[i].start, (unsigned)(start - 1));
				return CC_EPROTO;
			}
			if (c->nservices == GATT_MAX_SERVICES)
				return CC_ETOOBIG;
			s = &c->services[c->nservices++];
			memset(s, 0, sizeof(*s));
			s->start = g[i].start;
			s->end = g[i].end;
			s->uuid = att_uuid16(&g[i].uuid);
			s->full = g[i].uuid;
			start = (uint32_t)g[i].end + 1;
		}
	}
	return CC_OK;
}

static int discover_chars(struct gatt_client *c, struct gatt_service *s,
			  struct buf *rsp, int64_t deadline, struct att_error *err,
			  char *why, size_t whylen)
{
	uint32_t start = s->start;

	while (start <= s->end) {
		struct att_chardecl d[ATT_MAX_ENTRIES];
		size_t n;
		bool done;
		int rc = sweep(c, ATT_READ_BY_TYPE_REQ, (uint16_t)start, s->end,
			       GATT_CHARACTERISTIC, rsp, deadline, err, why, whylen, &done);

		if (rc)
			return rc; /* a timeout or wrong answer is no end of the list */
		if (done)
			break;
		rc = att_parse_chardecls(rsp->data, rsp->len, d, ATT_MAX_ENTRIES, &n, why,
					 whylen);
		if (rc)
			return rc;
		for (size_t i = 0; i < n; i++) {
			struct gatt_char *ch;

			if (d[i].handle < start || d[i].handle > s->end) {
				snprintf(why, whylen, "characteristic at 0x%04X outside its service 0x%04X..0x%04X",
					 d[i].handle, s->start, s->end);
				return CC_EPROTO;
			}
			if (s->nchars == GATT_MAX_CHARS)
				return CC_ETOOBIG;
			ch = &s->chars[s->nchars++];
			memset(ch, 0, sizeof(*ch));
			ch->decl = d[i].handle;
			ch->value = d[i].value_handle;
			ch->props = d[i].props;
			ch->uuid = att_uuid16(&d[i].uuid);
			ch->full = d[i].uuid;
			start = (uint32_t)d[i].handle + 1;
		}
	}
	for (size_t i = 0; i < s->nchars; i++)
		s->chars[i].end = i + 1 < s->nchars ? s->chars[i + 1].decl - 1 : s->end;
	return CC_OK;
}

static int discover_descs(struct gatt_client *c, struct gatt_char *ch,
			  struct buf *rsp, int64_t deadline, struct att_error *err,
			  char *why, size_t whylen)
{
	uint32_t start = (uint32_t)ch->value + 1;

	while (start <= ch->end) {
		struct att_info inf[ATT_MAX_ENTRIES];
		size_t n;
		bool done;
		int rc = sweep(c, ATT_FIND_INFO_REQ, (uint16_t)start, ch->end, 0, rsp,
			       deadline, err, why, whylen, &done);

		if (rc || done)
			return rc;
		rc = att_parse_info(rsp->data, rsp->len, inf, ATT_MAX_ENTRIES, &n, why, whylen);
		if (rc)
			return rc;
		for (size_t i = 0; i < n; i++) {
			uint16_t u = att_uuid16(&inf[i].uuid);

			if (inf[i].handle < start) {
				snprintf(why, whylen, "descriptor handle 0x%04X goes backwards",
					 inf[i].handle);
				return CC_EPROTO;
			}
			if (ch->ndescs < GATT_MAX_DESCS) {
				ch->descs[ch->ndescs] = u;
				ch->desc_handles[ch->ndescs++] = inf[i].handle;
			}
			if (u == GATT_CCCD && !ch->ncccds++)
				ch->cccd = inf[i].handle;
			start = (uint32_t)inf[i].handle + 1;
		}
	}
	return CC_OK;
}

/* Name the procedure in front of the reason it failed. */
static void prefix(char *why, size_t whylen, const char *what)
{
	char tmp[512];

	snprintf(tmp, sizeof(tmp), "%s%s", what, why);
	snprintf(why, whylen, "%s", tmp);
}

int gatt_discover(struct gatt_client *c, int64_t deadline, struct att_error *err,
		  char *why, size_t whylen)
{
	struct buf rsp;
	int rc;

	struct kept_cfg {
		uint16_t svc, uuid, cfg;
	} kept[64];
	size_t nkept = 0;

	/* a bond keeps what was written to the CCCDs over a new discovery */
	for (size_t i = 0; c->bonded && i < c->nservices; i++)
		for (size_t k = 0; k < c->services[i].nchars && nkept < 64; k++)
			if (c->services[i].chars[k].cccd_cfg)
				kept[nkept++] = (struct kept_cfg){ c->services[i].uuid,
								   c->services[i].chars[k].uuid,
								   c->services[i].chars[k].cccd_cfg };
	c->nservices = 0;
	c->discovered = false;
	c->cache_kept = false;
	buf_init(&rsp, GATT_PDU_CAP);
	rc = discover_services(c, &rsp, deadline, err, why, whylen);
	if (rc)
		prefix(why, whylen, "primary service discovery: ");
	for (size_t s = 0; !rc && s < c->nservices; s++) {
		struct gatt_service *sv = &c->services[s];
		char what[96];

		rc = discover_chars(c, sv, &rsp, deadline, err, why, whylen);
		snprintf(what, sizeof(what), "characteristic discovery of service 0x%04X: ",
			 sv->uuid);
		for (size_t i = 0; !rc && i < sv->nchars; i++) {
			rc = discover_descs(c, &sv->chars[i], &rsp, deadline, err, why, whylen);
			snprintf(what, sizeof(what),
				 "descriptor discovery of characteristic 0x%04X: ",
				 sv->chars[i].uuid);
		}
		if (rc)
			prefix(why, whylen, what);
	}
	buf_release(&rsp);
	for (size_t i = 0; !rc && i < c->nservices; i++)
		for (size_t k = 0; k < c->services[i].nchars; k++)
			for (size_t j = 0; j < nkept; j++)
				if (kept[j].svc == c->services[i].uuid &&
				    kept[j].uuid == c->services[i].chars[k].uuid)
					c->services[i].chars[k].cccd_cfg = kept[j].cfg;
	c->discovered = !rc;
	return rc;
}

const struct gatt_service *gatt_find_service(const struct gatt_client *c,
					     uint16_t uuid)
{
	for (size_t i = 0; i < c->nservices; i++)
		if (c->services[i].uuid == uuid)
			return &c->services[i];
	return NULL;
}

const struct gatt_char *gatt_find_char(const struct gatt_client *c,
				       uint16_t svc, uint16_t uuid)
{
	for (size_t i = 0; i < c->nservices; i++) {
		if (svc && c->services[i].uuid != svc)
			continue;
		for (size_t k = 0; k < c->services[i].nchars; k++)
			if (c->services[i].chars[k].uuid == uuid)
				return &c->services[i].chars[k];
	}
	return NULL;
}

const struct gatt_char *gatt_find_char_full(const struct gatt_client *c,
					    const struct att_uuid *uuid)
{
	for (size_t i = 0; i < c->nservices; i++)
		for (size_t k = 0; k < c->services[i].nchars; k++)
			if (att_uuid_equal(&c->services[i].chars[k].full, uuid))
				return &c->services[i].chars[k];
	return NULL;
}

int gatt_read(struct gatt_client *c, uint16_t handle, struct buf *out,
	      int64_t deadline, struct att_error *err, char *why, size_t whylen)
{
	struct buf req, rsp;
	int rc;

	buf_init(&req, 8);
	buf_init(&rsp, GATT_PDU_CAP);
	rc = att_build_handle(&req, ATT_READ_REQ, handle);
	if (!rc)
		rc = gatt_request(c, &req, ATT_READ_RSP, &rsp, deadline, err, why, whylen);
	while (!rc) {
		size_t got = rsp.len - 1;

		if (out->len + got > ATT_MAX_VALUE) {
			snprintf(why, whylen, "value longer than %d bytes", ATT_MAX_VALUE);
			rc = CC_EPROTO;
			break;
		}
		rc = buf_append(out, rsp.data + 1, got);
		/* a full PDU may mean more: continue with Read Blob */
		if (rc || got < (size_t)c->mtu - 1)
			break;
		buf_reset(&req);
		rc = att_build_read_blob(&req, handle, (uint16_t)out->len);
		if (!rc)
			rc = gatt_request(c, &req, ATT_READ_BLOB_RSP, &rsp, deadline, err, why,
				     whylen);
		/* "attribute not long" / "invalid offset" end a value that was
		 * exactly one PDU long */
		if (rc == GATT_ERR_RSP && (err->code == 0x0B || err->code == 0x07)) {
			rc = CC_OK;
			break;
		}
	}
	buf_release(&req);
	buf_release(&rsp);
	return rc;
}

int gatt_write(struct gatt_client *c, uint16_t handle, const uint8_t *p,
	       size_t n, bool with_response, int64_t deadline,
	       struct att_error *err, char *why, size_t whylen)
{
	struct buf req, rsp;
	int rc;

	if (n + 3 > c->mtu) {
		snprintf(why, whylen, "%zu-byte value does not fit the ATT MTU %u", n, c->mtu);
		return CC_EINVAL;
	}
	buf_init(&req, ATT_MAX_MTU);
	buf_init(&rsp, GATT_PDU_CAP);
	rc = att_build_write(&req, with_response ? ATT_WRITE_REQ : ATT_WRITE_CMD,
			     handle, p, n);
	if (!rc && with_response)
		rc = gatt_request(c, &req, ATT_WRITE_RSP, &rsp, deadline, err, why, whylen);
	else if (!rc)
		rc = transport_send(c->t, req.data, req.len, NULL);
	if (!rc && with_response && n == 2 && char_of_cccd(c, handle))
		char_of_cccd(c, handle)->cccd_cfg = (uint16_t)(p[0] | p[1] << 8);
	buf_release(&req);
	buf_release(&rsp);
	return rc;
}

static bool matches(const struct gatt_event *ev, uint16_t handle, uint16_t also, uint8_t kind)
{
	return (!handle || ev->handle == handle || (also && ev->handle == also)) &&
	       (!kind || ev->op == kind);
}

/* Take queue entry i out into *out, confirming as asked. */
static int take(struct gatt_client *c, size_t i, bool confirm,
		struct gatt_event *out)
{
	int rc = CC_OK;

	if (c->queue[i].op == ATT_INDICATE && confirm && !c->queue[i].confirmed) {
		rc = send_confirm(c);
		c->queue[i].confirmed = true;
	}
	c->queue[i].taken = true;
	*out = c->queue[i];
	if (out->op == ATT_INDICATE && !out->confirmed)
		return rc; /* stays queued, unconfirmed, until gatt_confirm() */
	memmove(&c->queue[i], &c->queue[i + 1], (c->nqueue - i - 1) * sizeof(*c->queue));
	c->nqueue--;
	return rc;
}

int gatt_wait_event(struct gatt_client *c, uint16_t handle, uint8_t kind,
		    bool confirm, int64_t deadline, struct gatt_event *out)
{
	return gatt_wait_event_until(c, handle, kind, confirm, deadline, 0, out);
}

int gatt_wait_event_until(struct gatt_client *c, uint16_t handle, uint8_t kind,
			  bool confirm, int64_t deadline, uint16_t stop_handle,
			  struct gatt_event *out)
{
	return gatt_wait_event_either(c, handle, 0, kind, confirm, deadline, stop_handle, out);
}

int gatt_wait_event_either(struct gatt_client *c, uint16_t handle, uint16_t also, uint8_t kind,
			   bool confirm, int64_t deadline, uint16_t stop_handle,
			   struct gatt_event *out)
{
	struct buf pdu;
	int rc = CC_OK;

	buf_init(&pdu, GATT_PDU_CAP);
	for (;;) {
		struct frame_ref ref;
		size_t i;

		/* in arrival order: an event of stop_handle ends the wait
		 * before anything that came after it */
		for (i = 0; i < c->nqueue; i++) {
			if (c->queue[i].taken)
				continue;
			if (stop_handle && c->queue[i].handle == stop_handle)
				break;
			if (matches(&c->queue[i], handle, also, kind))
				break;
		}
		if (i < c->nqueue && stop_handle && c->queue[i].handle == stop_handle) {
			rc = GATT_STOPPED;
			break;
		}
		if (i < c->nqueue) {
			rc = take(c, i, confirm, out);
			break;
		}
		rc = mono_now_ns() >= deadline ? CC_ETIMEDOUT
					       : receive(c, &pdu, deadline, &ref);
		if (rc)
			break;
		unsolicited(c, &pdu, &ref);
	}
	buf_release(&pdu);
	return rc;
}

int gatt_confirm(struct gatt_client *c)
{
	for (size_t i = 0; i < c->nqueue; i++) {
		if (c->queue[i].taken && !c->queue[i].confirmed) {
			memmove(&c->queue[i], &c->queue[i + 1],
				(c->nqueue - i - 1) * sizeof(*c->queue));
			c->nqueue--;
			return send_confirm(c);
		}
	}
	return CC_OK;
}

size_t gatt_drain(struct gatt_client *c, int64_t quiet_ns)
{
	size_t dropped = c->nqueue;
	int64_t t0 = mono_now_ns();
	struct frame_ref ref;
	struct buf pdu;

	for (size_t i = 0; i < c->nqueue; i++)
		if (c->queue[i].op == ATT_INDICATE && !c->queue[i].confirmed)
			send_confirm(c);
	c->nqueue = 0;
	buf_init(&pdu, GATT_PDU_CAP);
	/* what arrives between cases is judged as it would be in one: the
	 * next case's steps report it (the steps see violations from the
	 * start of the case) */
	while (!receive(c, &pdu, mono_now_ns() + quiet_ns, &ref)) {
		if (++dropped > GATT_FLOOD_MAX || mono_now_ns() - t0 > GATT_DRAIN_MAX_NS) {
			violation(c, "frame %llu: still sending after %zu PDUs with no pause of %lld ms",
				  (unsigned long long)ref.seq, dropped,
				  (long long)(quiet_ns / 1000000));
			break;
		}
		unsolicited(c, &pdu, &ref);
		if (pdu.len && pdu.data[0] == ATT_INDICATE)
			send_confirm(c);
		c->nqueue = 0;
	}
	buf_release(&pdu);
	return dropped;
}
