/* SPDX-License-Identifier: MIT */
#include "lib/gatt-server.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ble/att.h"
#include "base/buf.h"

#define SERVER_MTU 247

const struct sim_fault gsrv_faults[] = {
	{ "char_discovery_error", GF_CHAR_DISCOVERY_ERROR,
	  "characteristic discovery past the first service gets Unlikely Error" },
	{ "error_wrong_handle", GF_ERROR_WRONG_HANDLE,
	  "Error Responses to reads and writes name the next handle" },
	{ "oversized_pdu", GF_OVERSIZED_PDU,
	  "the Read Response of Model Number is longer than ATT_MTU" },
	{ "double_response", GF_DOUBLE_RESPONSE,
	  "the Read Response of Firmware Revision is sent twice" },
	{ "write_cmd_response", GF_WRITE_CMD_RESPONSE,
	  "Write Commands get a Write Response or an Error Response" },
	{ "find_by_type_range", GF_FIND_BY_TYPE_RANGE,
	  "Find By Type Value gives each service's range one handle short" },
	{ "hidden_attribute", GF_HIDDEN_ATTRIBUTE,
	  "the last service's range leaves out its last attribute" },
	{ "duplicate_cccd", GF_DUPLICATE_CCCD,
	  "the first characteristic with a CCCD has two" },
	{ "cccd_reads_zero", GF_CCCD_READS_ZERO, "CCCDs read 0000 whatever was written" },
	{ "dis_invalid_utf8", GF_DIS_INVALID_UTF8,
	  "the Manufacturer Name String holds bytes that are not UTF-8" },
	{ "error_wrong_opcode", GF_ERROR_WRONG_OPCODE,
	  "Error Responses to reads name Write Request, to writes Read Request" },
	{ "wrong_response", GF_WRONG_RESPONSE,
	  "a Read Request of Serial Number is answered with a Read Blob Response" },
	{ "value_handle_gap", GF_VALUE_HANDLE_GAP,
	  "Firmware Revision's value lies two handles after its declaration" },
	{ "service_overlap", GF_SERVICE_OVERLAP,
	  "Read By Group Type gives the first service an end inside the second" },
	{ "notify_after_disable", GF_NOTIFY_AFTER_DISABLE,
	  "a notification follows the Write Response that disables its CCCD" },
	{ "no_service_changed", GF_NO_SERVICE_CHANGED,
	  "the database changes without a Service Changed indication (with --bonding)" },
	{ "bond_cccd_forgotten", GF_BOND_CCCD_FORGOTTEN,
	  "a bonded reconnect finds every CCCD off (with --bonding)" },
	{ "silent_walk", GF_SILENT_WALK,
	  "Find Information over the whole handle space 0x0001-0xFFFF gets no response" },
};

const size_t gsrv_nfaults = sizeof(gsrv_faults) / sizeof(gsrv_faults[0]);

void gsrv_init(struct gsrv *s, const struct gsrv_ops *ops, void *data)
{
	unsigned faults = s->faults; /* chosen on the command line, before */
	bool bonding = s->bonding;

	memset(s, 0, sizeof(*s));
	s->faults = faults;
	s->bonding = bonding;
	s->listen_fd = s->fd = -1;
	s->mtu = ATT_DEFAULT_MTU;
	s->ops = ops;
	s->data = data;
}

static struct gsrv_attr *add(struct gsrv *s, uint16_t type)
{
	struct gsrv_attr *a;

	if (s->n == GSRV_MAX_ATTRS) {
		fprintf(stderr, "sim: attribute table full\n");
		exit(1);
	}
	a = &s->attrs[s->n];
	memset(a, 0, sizeof(*a));
	a->handle = (uint16_t)(++s->n);
	a->type = type;
	/* the enclosing service grows to cover the new attribute */
	for (size_t i = s->n; i-- > 0;)
		if (s->attrs[i].type == GATT_PRIMARY_SERVICE) {
			s->attrs[i].end = a->handle;
			break;
		}
	return a;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

uint16_t gsrv_service(struct gsrv *s, uint16_t uuid)
{
	struct gsrv_attr *a = add(s, GATT_PRIMARY_SERVICE);

	put16(a->value, uuid);
	a->len = 2;
	a->perm = GSRV_READ;
	a->end = a->handle;
	return a->handle;
}

uint16_t gsrv_char(struct gsrv *s, uint16_t uuid, uint8_t props, unsigned perm,
		   const void *value, size_t len)
{
	struct gsrv_attr *d = add(s, GATT_CHARACTERISTIC), *v;

	d->perm = GSRV_READ;
	d->value[0] = props;
	put16(d->value + 1, (uint16_t)(d->handle + 1));
	put16(d->value + 3, uuid);
	d->len = 5;
	if ((s->faults & GF_VALUE_HANDLE_GAP) && uuid == 0x2A26) {
		/* fault: an attribute between declaration and value (a
		 * consistent table: reads of the declared handle work) */
		struct gsrv_attr *pad = add(s, 0x2901);

		pad->perm = GSRV_READ;
		memcpy(pad->value, "pad", 3);
		pad->len = 3;
		put16(d->value + 1, (uint16_t)(d->handle + 2));
	}
	v = add(s, uuid);
	v->perm = perm;
	v->props = props;
	if (len > GSRV_VALUE_MAX)
		len = GSRV_VALUE_MAX;
	if (len) /* value may be NULL for an empty initial value */
		memcpy(v->value, value, len);
	v->len = len;
	return v->handle;
}

uint16_t gsrv_service128(struct gsrv *s, const uint8_t uuid[16])
{
	struct gsrv_attr *a = add(s, GATT_PRIMARY_SERVICE);

	memcpy(a->value, uuid, 16);
	a->len = 16;
	a->perm = GSRV_READ;
	a->end = a->handle;
	return a->handle;
}

uint16_t gsrv_char128(struct gsrv *s, const uint8_t uuid[16], uint8_t props,
		      unsigned perm, const void *value, size_t len)
{
	struct gsrv_attr *d = add(s, GATT_CHARACTERISTIC), *v;

	d->perm = GSRV_READ;
	d->value[0] = props;
	put16(d->value + 1, (uint16_t)(d->handle + 1));
	memcpy(d->value + 3, uuid, 16);
	d->len = 19;
	v = add(s, 0);
	memcpy(v->type128, uuid, 16);
	v->perm = perm;
	v->props = props;
	if (len > GSRV_VALUE_MAX)
		len = GSRV_VALUE_MAX;
	if (len)
		memcpy(v->value, value, len);
	v->len = len;
	return v->handle;
}

uint16_t gsrv_cccd(struct gsrv *s, unsigned perm)
{
	struct gsrv_attr *a = add(s, GATT_CCCD);
	uint16_t h = a->handle;

	a->perm = GSRV_READ | GSRV_WRITE | perm;
	a->len = 2;
	if ((s->faults & GF_DUPLICATE_CCCD) && !s->cccd_doubled) {
		s->cccd_doubled = true;
		a = add(s, GATT_CCCD);
		a->perm = GSRV_READ | GSRV_WRITE | perm;
		a->len = 2;
	}
	return h;
}

void gsrv_add_gatt_service(struct gsrv *s)
{
	static const uint8_t range[4] = { 0x01, 0x00, 0xFF, 0xFF };

	gsrv_service(s, 0x1801);
	s->h_sc = gsrv_char(s, 0x2A05, GATT_PROP_INDICATE, 0, range, sizeof(range));
	gsrv_cccd(s, 0);
}

struct gsrv_attr *gsrv_attr(struct gsrv *s, uint16_t handle)
{
	return handle >= 1 && handle <= s->n ? &s->attrs[handle - 1] : NULL;
}

uint16_t gsrv_cccd_of(struct gsrv *s, uint16_t value_handle)
{
	for (size_t i = value_handle; i < s->n; i++) {
		struct gsrv_attr *a = &s->attrs[i];

		if (a->type == GATT_CHARACTERISTIC || a->type == GATT_PRIMARY_SERVICE)
			break;
		if (a->type == GATT_CCCD)
			return (uint16_t)(a->value[0] | a->value[1] << 8);
	}
	return 0;
}

int gsrv_listen(struct gsrv *s)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	snprintf(s->dir, sizeof(s->dir), "/tmp/carecert-sim-XXXXXX");
	if (!mkdtemp(s->dir))
		return -1;
	snprintf(s->path, sizeof(s->path), "%s/att.sock", s->dir);
	strcpy(sa.sun_path, s->path);
	s->listen_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (s->listen_fd < 0 || bind(s->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(s->listen_fd, 4))
		return -1;
	printf("UNIX %s\n", s->path);
	fflush(stdout);
	return 0;
}

void gsrv_shutdown(struct gsrv *s)
{
	gsrv_disconnect(s);
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	unlink(s->path);
	rmdir(s->dir);
}

int gsrv_poll_fd(const struct gsrv *s)
{
	return s->fd >= 0 ? s->fd : s->listen_fd;
}

void gsrv_disconnect(struct gsrv *s)
{
	if (s->fd < 0)
		return;
	close(s->fd);
	s->fd = -1;
	/* the bond keeps the CCCDs; without one they return to 0 on a new
	 * connection */
	if (s->bonded) {
		for (size_t i = 0; i < s->n; i++)
			memcpy(s->bond_cccd[i], s->attrs[i].value, 2);
		s->have_bond = true;
	}
	for (size_t i = 0; i < s->n; i++)
		if (s->attrs[i].type == GATT_CCCD)
			memset(s->attrs[i].value, 0, 2);
	s->awaiting_confirm = false;
	if (s->ops->on_disconnect)
		s->ops->on_disconnect(s, s->data);
}

static void send_pdu(struct gsrv *s, const struct buf *b)
{
	if (s->fd >= 0 && send(s->fd, b->data, b->len, MSG_NOSIGNAL) < 0)
		fprintf(stderr, "sim: send: %s\n", strerror(errno));
}

static void error_rsp(struct gsrv *s, uint8_t op, uint16_t handle, uint8_t code)
{
	struct buf b;

	if ((s->faults & GF_ERROR_WRONG_HANDLE) &&
	    (op == ATT_READ_REQ || op == ATT_READ_BLOB_REQ || op == ATT_WRITE_REQ))
		handle++;
	if (s->faults & GF_ERROR_WRONG_OPCODE)
		op = op == ATT_WRITE_REQ ? ATT_READ_REQ
		   : op == ATT_READ_REQ || op == ATT_READ_BLOB_REQ ? ATT_WRITE_REQ : op;
	buf_init(&b, 8);
	if (!att_build_error(&b, op, handle, code))
		send_pdu(s, &b);
	buf_release(&b);
	fprintf(stderr, "sim: %s handle 0x%04X -> %s\n", att_opcode_name(op), handle,
		att_error_name(code));
}

/* Permission and security: 0 when allowed, else the ATT error. */
static uint8_t check(struct gsrv *s, const struct gsrv_attr *a, unsigned need)
{
	if (!(a->perm & need))
		return need == GSRV_READ ? 0x02 : 0x03;
	if ((a->perm & GSRV_ENCRYPTED) && s->security < 2 && !s->secure_all)
		return 0x0F; /* insufficient encryption */
	return 0;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint16_t group_end(const struct gsrv *s, const struct gsrv_attr *a);

/* A service's last handle as the server tells it. */
static uint16_t group_end(const struct gsrv *s, const struct gsrv_attr *a)
{
	if ((s->faults & GF_HIDDEN_ATTRIBUTE) && a->end == s->n && a->end > a->handle)
		return (uint16_t)(a->end - 1);
	return a->end;
}

/* Find By Type Value: primary services by UUID (GATT's only use). */
static void find_by_type(struct gsrv *s, const uint8_t *p, size_t n)
{
	uint16_t start, end;
	struct buf b;

	if (n < 7)
		return error_rsp(s, p[0], 0, 0x04);
	start = get16(p + 1);
	end = get16(p + 3);
	if (!start || start > end)
		return error_rsp(s, p[0], start, 0x01);
	buf_init(&b, s->mtu);
	if (buf_append(&b, (uint8_t[]){ ATT_FIND_BY_TYPE_RSP }, 1))
		return;
	for (size_t i = 0; i < s->n; i++) {
		const struct gsrv_attr *a = &s->attrs[i];
		uint8_t e[4];

		if (a->type != get16(p + 5) || a->handle < start || a->handle > end ||
		    a->len != n - 7 || memcmp(a->value, p + 7, n - 7))
			continue;
		put16(e, a->handle);
		put16(e + 2, a->type == GATT_PRIMARY_SERVICE
				     ? (uint16_t)(group_end(s, a) -
						  (s->faults & GF_FIND_BY_TYPE_RANGE ? 1 : 0))
				     : a->handle);
		if (b.len + 4 > s->mtu || buf_append(&b, e, 4))
			break;
	}
	if (b.len == 1)
		error_rsp(s, p[0], start, 0x0A);
	else
		send_pdu(s, &b);
	buf_release(&b);
}

static void read_by_group(struct gsrv *s, const uint8_t *p, size_t n)
{
	uint16_t start, end;
	struct buf b;

	if (n != 7)
		return error_rsp(s, p[0], 0, 0x04);
	start = get16(p + 1);
	end = get16(p + 3);
	if (get16(p + 5) != GATT_PRIMARY_SERVICE)
		return error_rsp(s, p[0], start, 0x10);
	buf_init(&b, s->mtu);
	if (buf_append(&b, (uint8_t[]){ ATT_READ_BY_GROUP_RSP, 0 }, 2))
		return;
	for (size_t i = 0; i < s->n; i++) {
		const struct gsrv_attr *a = &s->attrs[i];
		uint8_t e[20];
		size_t el = 4 + a->len;

		if (a->type != GATT_PRIMARY_SERVICE || a->handle < start || a->handle > end)
			continue;
		if (!b.data[1])
			b.data[1] = (uint8_t)el;
		if (el != b.data[1])
			break; /* entries of one response share a length */
		put16(e, a->handle);
		put16(e + 2, group_end(s, a));
		if ((s->faults & GF_SERVICE_OVERLAP) && i == 0)
			put16(e + 2, (uint16_t)(a->end + 1)); /* the second service's declaration */
		memcpy(e + 4, a->value, a->len);
		if (b.len + el > s->mtu || buf_append(&b, e, el))
			break;
	}
	if (b.len == 2)
		error_rsp(s, p[0], start, 0x0A);
	else
		send_pdu(s, &b);
	buf_release(&b);
}

static void read_by_type(struct gsrv *s, const uint8_t *p, size_t n)
{
	uint16_t start, end, type;
	size_t entry = 0;
	struct buf b;

	if (n != 7)
		return error_rsp(s, p[0], 0, 0x04);
	start = get16(p + 1);
	end = get16(p + 3);
	type = get16(p + 5);
	if ((s->faults & GF_CHAR_DISCOVERY_ERROR) && type == GATT_CHARACTERISTIC && start > 1 &&
	    s->n && !(start <= s->attrs[0].end))
		return error_rsp(s, p[0], start, 0x0E);
	buf_init(&b, s->mtu);
	if (buf_append(&b, (uint8_t[]){ ATT_READ_BY_TYPE_RSP, 0 }, 2))
		return;
	for (size_t i = 0; i < s->n; i++) {
		const struct gsrv_attr *a = &s->attrs[i];
		uint8_t h[2];
		uint8_t code;

		if (a->type != type || a->handle < start || a->handle > end)
			continue;
		if ((code = check(s, a, GSRV_READ))) {
			if (b.len == 2)
				error_rsp(s, p[0], a->handle, code);
			else
				send_pdu(s, &b);
			buf_release(&b);
			return;
		}
		if (!entry)
			entry = a->len + 2 < (size_t)s->mtu - 2 ? a->len + 2 : (size_t)s->mtu - 2;
		if (a->len + 2 != entry || b.len + entry > s->mtu)
			break; /* entries of one response share a length */
		put16(h, a->handle);
		if (buf_append(&b, h, 2) || buf_append(&b, a->value, entry - 2))
			break;
	}
	b.data[1] = (uint8_t)entry;
	if (b.len == 2)
		error_rsp(s, p[0], start, 0x0A);
	else
		send_pdu(s, &b);
	buf_release(&b);
}

static void find_info(struct gsrv *s, const uint8_t *p, size_t n)
{
	uint16_t start, end;
	struct buf b;

	if (n != 5)
		return error_rsp(s, p[0], 0, 0x04);
	start = get16(p + 1);
	end = get16(p + 3);
	if ((s->faults & GF_SILENT_WALK) && start == 0x0001 && end == 0xFFFF) {
		fprintf(stderr, "sim: fault: no response to Find Information 0x0001-0xFFFF\n");
		return;
	}
	buf_init(&b, s->mtu);
	if (buf_append(&b, (uint8_t[]){ ATT_FIND_INFO_RSP, 0 }, 2))
		return;
	for (size_t i = 0; i < s->n; i++) {
		const struct gsrv_attr *a = &s->attrs[i];
		uint8_t e[18], format = a->type ? 1 : 2; /* 16- or 128-bit */
		size_t el = format == 1 ? 4 : 18;

		if (a->handle < start || a->handle > end)
			continue;
		if (!b.data[1])
			b.data[1] = format;
		if (format != b.data[1])
			break; /* one UUID format per response */
		put16(e, a->handle);
		if (format == 1)
			put16(e + 2, a->type);
		else
			memcpy(e + 2, a->type128, 16);
		if (b.len + el > s->mtu || buf_append(&b, e, el))
			break;
	}
	if (b.len == 2)
		error_rsp(s, p[0], start, 0x0A);
	else
		send_pdu(s, &b);
	buf_release(&b);
}

static void read_value(struct gsrv *s, const uint8_t *p, size_t n)
{
	bool blob = p[0] == ATT_READ_BLOB_REQ;
	struct gsrv_attr *a;
	uint16_t offset = 0;
	uint8_t code;
	struct buf b;
	size_t len;

	if (n != (blob ? 5u : 3u))
		return error_rsp(s, p[0], 0, 0x04);
	a = gsrv_attr(s, get16(p + 1));
	if (!a)
		return error_rsp(s, p[0], get16(p + 1), 0x01);
	if ((code = check(s, a, GSRV_READ)))
		return error_rsp(s, p[0], a->handle, code);
	if (a->perm & GSRV_DROP_ON_READ) {
		fprintf(stderr, "sim: fault: dropping the link on a read of 0x%04X\n", a->handle);
		gsrv_disconnect(s);
		return;
	}
	if (blob)
		offset = get16(p + 3);
	if (offset > a->len)
		return error_rsp(s, p[0], a->handle, 0x07);
	len = a->len - offset;
	if (len > (size_t)s->mtu - 1)
		len = (size_t)s->mtu - 1;
	buf_init(&b, ATT_MAX_MTU + 64);
	if ((s->faults & GF_WRONG_RESPONSE) && a->type == 0x2A25)
		blob = true; /* fault: the response of the other request */
	if (!buf_append(&b, (uint8_t[]){ blob ? ATT_READ_BLOB_RSP : ATT_READ_RSP }, 1) &&
	    !buf_append(&b, a->type == GATT_CCCD && (s->faults & GF_CCCD_READS_ZERO)
				    ? (const uint8_t *)"\0\0" : a->value + offset, len)) {
		if ((s->faults & GF_OVERSIZED_PDU) && a->type == 0x2A24) {
			uint8_t pad[64];

			memset(pad, ' ', sizeof(pad));
			while (b.len <= s->mtu && !buf_append(&b, pad, sizeof(pad)))
				;
		}
		send_pdu(s, &b);
		if ((s->faults & GF_DOUBLE_RESPONSE) && a->type == 0x2A26)
			send_pdu(s, &b);
	}
	buf_release(&b);
}

/* Fault: the notification that was already on its way when the CCCD
 * was disabled, sent anyway (the value last notified). */
static void notify_late(struct gsrv *s, const struct gsrv_attr *cccd)
{
	for (size_t i = cccd->handle - 1; i-- > 0;) {
		const struct gsrv_attr *v = &s->attrs[i];

		if (v->type == GATT_CHARACTERISTIC || v->type == GATT_PRIMARY_SERVICE)
			return;
		if (v->props & GATT_PROP_NOTIFY) {
			struct buf b;

			buf_init(&b, ATT_MAX_MTU);
			if (!att_build_write(&b, ATT_NOTIFY, v->handle, v->value,
					     v->len < (size_t)s->mtu - 3 ? v->len : (size_t)s->mtu - 3))
				send_pdu(s, &b);
			buf_release(&b);
			fprintf(stderr, "sim: fault: notified 0x%04X after its CCCD was disabled\n",
				v->handle);
			return;
		}
	}
}

static void write_value(struct gsrv *s, const uint8_t *p, size_t n)
{
	bool cmd = p[0] == ATT_WRITE_CMD;
	struct gsrv_attr *a;
	bool was_notifying = false;
	uint8_t code;

	if (n < 3)
		return cmd ? (void)0 : error_rsp(s, p[0], 0, 0x04);
	a = gsrv_attr(s, get16(p + 1));
	code = !a ? 0x01 : check(s, a, GSRV_WRITE);
	if (!code && n - 3 > GSRV_VALUE_MAX)
		code = 0x0D;
	if (!code && a->type == GATT_CCCD && n - 3 != 2)
		code = 0x0D;
	if (!code) {
		uint8_t old[GSRV_VALUE_MAX];
		size_t oldlen = a->len;

		memcpy(old, a->value, a->len);
		was_notifying = a->type == GATT_CCCD && (a->value[0] & 0x01);
		memcpy(a->value, p + 3, n - 3);
		a->len = n - 3;
		if (s->ops->on_write && (code = s->ops->on_write(s, a, s->data))) {
			memcpy(a->value, old, oldlen); /* refused: keep the old value */
			a->len = oldlen;
		}
	}
	if (cmd && (s->faults & GF_WRITE_CMD_RESPONSE))
		cmd = false; /* fault: answered as if it were a request */
	if (code) {
		if (!cmd)
			error_rsp(s, p[0], get16(p + 1), code);
		return;
	}
	if (!cmd) {
		struct buf b;

		buf_init(&b, 4);
		if (!buf_append(&b, (uint8_t[]){ ATT_WRITE_RSP }, 1))
			send_pdu(s, &b);
		buf_release(&b);
	}
	if ((s->faults & GF_NOTIFY_AFTER_DISABLE) && was_notifying && !(a->value[0] & 0x01))
		notify_late(s, a);
}

static void mtu_exchange(struct gsrv *s, const uint8_t *p, size_t n)
{
	uint16_t client;
	struct buf b;

	if (n != 3)
		return error_rsp(s, p[0], 0, 0x04);
	client = get16(p + 1);
	s->mtu = client < SERVER_MTU ? (client < ATT_DEFAULT_MTU ? ATT_DEFAULT_MTU : client)
				     : SERVER_MTU;
	buf_init(&b, 4);
	if (!buf_append(&b, (uint8_t[]){ ATT_MTU_RSP, SERVER_MTU & 0xFF, SERVER_MTU >> 8 }, 3))
		send_pdu(s, &b);
	buf_release(&b);
}

static void pdu(struct gsrv *s, const uint8_t *p, size_t n)
{
	switch (p[0]) {
	case ATT_MTU_REQ:
		mtu_exchange(s, p, n);
		break;
	case ATT_READ_BY_GROUP_REQ:
		read_by_group(s, p, n);
		break;
	case ATT_READ_BY_TYPE_REQ:
		read_by_type(s, p, n);
		break;
	case ATT_FIND_BY_TYPE_REQ:
		find_by_type(s, p, n);
		break;
	case ATT_FIND_INFO_REQ:
		find_info(s, p, n);
		break;
	case ATT_READ_REQ:
	case ATT_READ_BLOB_REQ:
		read_value(s, p, n);
		break;
	case ATT_WRITE_REQ:
	case ATT_WRITE_CMD:
		write_value(s, p, n);
		break;
	case ATT_CONFIRM:
		s->awaiting_confirm = false;
		break;
	default:
		if (!(p[0] & 0x40)) /* commands get no answer */
			error_rsp(s, p[0], 0, 0x06);
	}
}

/* A bonded peer is back: its CCCDs as it left them; the database change
 * (once) and its Service Changed indication. */
static void bond_resume(struct gsrv *s)
{
	if (s->have_bond && !(s->faults & GF_BOND_CCCD_FORGOTTEN))
		for (size_t i = 0; i < s->n; i++)
			if (s->attrs[i].type == GATT_CCCD)
				memcpy(s->attrs[i].value, s->bond_cccd[i], 2);
	if (s->h_sc && !s->db_changed && (gsrv_cccd_of(s, s->h_sc) & 0x0002)) {
		static const uint8_t full = 100;
		uint8_t range[4];
		uint16_t start = gsrv_service(s, 0x180F);

		gsrv_char(s, 0x2A19, GATT_PROP_READ, GSRV_READ, &full, 1);
		s->db_changed = true;
		put16(range, start);
		put16(range + 2, (uint16_t)s->n);
		fprintf(stderr, "sim: database changed: Battery service at 0x%04X-0x%04X\n", start,
			(unsigned)s->n);
		if (s->faults & GF_NO_SERVICE_CHANGED)
			fprintf(stderr, "sim: fault: no Service Changed indication\n");
		else
			gsrv_send_value(s, s->h_sc, range, sizeof(range), true);
	}
}

void gsrv_service_input(struct gsrv *s)
{
	uint8_t p[ATT_MAX_MTU + 1];
	ssize_t n;

	if (s->fd < 0) {
		char hello[64] = "";

		s->fd = accept(s->listen_fd, NULL, NULL);
		if (s->fd < 0)
			return;
		n = recv(s->fd, hello, sizeof(hello) - 1, 0);
		s->security = 1;
		if (n > 0 && strstr(hello, "security=")) {
			const char *lv = strstr(hello, "security=") + 9;

			s->security = !strncmp(lv, "fips", 4) ? 4 : !strncmp(lv, "high", 4) ? 3
				    : !strncmp(lv, "medium", 6) ? 2 : 1;
		}
		s->mtu = ATT_DEFAULT_MTU;
		s->bonded = s->bonding && n > 0 && strstr(hello, "bond=1");
		fprintf(stderr, "sim: client connected, security level %d%s\n", s->security,
			s->bonded ? ", bonded" : "");
		if (s->bonded)
			bond_resume(s);
		if (s->ops->on_connect)
			s->ops->on_connect(s, s->data);
		return;
	}
	n = recv(s->fd, p, sizeof(p), 0);
	if (n <= 0) {
		fprintf(stderr, "sim: client left\n");
		gsrv_disconnect(s);
		return;
	}
	pdu(s, p, (size_t)n);
}

bool gsrv_send_value(struct gsrv *s, uint16_t handle, const void *value,
		     size_t len, bool indicate)
{
	struct buf b;

	if (s->fd < 0)
		return false;
	buf_init(&b, ATT_MAX_MTU);
	if (len > (size_t)s->mtu - 3)
		len = (size_t)s->mtu - 3;
	if (!att_build_write(&b, indicate ? ATT_INDICATE : ATT_NOTIFY, handle, value, len))
		send_pdu(s, &b);
	if ((s->faults & GF_NOTIFY_AFTER_DISABLE) && gsrv_attr(s, handle)) {
		/* kept for the late notification */
		memcpy(gsrv_attr(s, handle)->value, value, len);
		gsrv_attr(s, handle)->len = len;
	}
	buf_release(&b);
	if (indicate)
		s->awaiting_confirm = true;
	return true;
}
