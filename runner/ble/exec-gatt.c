/* SPDX-License-Identifier: MIT */
/*
 * GATT steps: discovery and service checks, reads, writes, CCCD
 * subscriptions, waiting for notifications/indications (decoded by the
 * characteristic tables, every violation reported), silences, and
 * reopening the link at another security level.
 */
#include "core/exec-internal.h"
#include "ble/gatt.h"
#include "ble/gatt-db.h"
#include "ble/gatt-steps.h"
#include "base/clock.h"
#include "base/err.h"
#include "ble/gatt-codec.h"
#include "base/stats.h"
#include "base/units.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The link's GATT client (the BLE transport's client, transport_ops), or
 * NULL: every family's hook runs on every link, and another transport's
 * client (the browser link of web/) is not a GATT client. */
static struct gatt_client *gatt_of(const struct exec *e)
{
	return e->t && e->client && !strcmp(transport_ops(e->t)->kind, "ble") ? e->client : NULL;
}

#define GATT(e) gatt_of(e)

void exec_gatt_link_enter(struct exec *e)
{
	e->client_mark = GATT(e) ? GATT(e)->nviolations : 0;
	if (GATT(e))
		GATT(e)->violation[0] = 0; /* an earlier case's, reported there */
}

static void uuid_text(uint16_t uuid, char *out, size_t len)
{
	const char *name = gatt_uuid_name(uuid);

	snprintf(out, len, "0x%04X%s%s%s", uuid, name ? " (" : "", name ? name : "",
		 name ? ")" : "");
}

/* The link failed, or the server answered with something else. */
static enum verdict gatt_failure(struct exec *e, int rc, const char *what,
				 const char *why)
{
	if (rc == CC_ECLOSED || rc == CC_EIO)
		return exec_link_error(e, rc, what);
	if (rc == CC_ETIMEDOUT)
		return exec_decide(e, VERDICT_FAIL, what, "nothing", GATT(e)->last_seq, GATT(e)->last_seq,
				   "%s", why[0] ? why : "no response in time");
	return exec_decide(e, VERDICT_FAIL, what, why, GATT(e)->last_seq, GATT(e)->last_seq,
			   "%s", why);
}

/* Server misbehaviour the client noticed in passing fails the step. */
static enum verdict check_violations(struct exec *e)
{
	if (GATT(e)->nviolations == e->client_mark)
		return VERDICT_PASS;
	enum verdict v;
	unsigned n = GATT(e)->nviolations - e->client_mark;

	e->client_mark = GATT(e)->nviolations;
	v = exec_decide(e, VERDICT_FAIL, "ATT procedures followed", GATT(e)->violation, 0, 0,
			"protocol violation: %s%s", GATT(e)->violation,
			n > 1 ? " (and more)" : "");
	GATT(e)->violation[0] = 0;
	return v;
}

/* After the last step: a PDU already there (a second response to the
 * last request, a notification whose CCCD is off) belongs to this case. */
enum verdict exec_gatt_steps_end(struct exec *e)
{
	if (!GATT(e) || e->link_failed || !transport_is_open(e->t))
		return VERDICT_PASS;
	gatt_poll(GATT(e), mono_now_ns() + GATT_END_QUIET_NS);
	return check_violations(e);
}

static const struct gatt_char *need_char(struct exec *e, const struct step *st)
{
	const struct gatt_char *ch;
	char u[80];

	if (!GATT(e)->discovered) {
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
			    "suite: run gatt_discover before using characteristic 0x%04X",
			    st->uuid);
		return NULL;
	}
	ch = gatt_find_char(GATT(e), 0, st->uuid);
	if (!ch) {
		uuid_text(st->uuid, u, sizeof(u));
		exec_decide(e, VERDICT_FAIL, u, "absent", 0, 0,
			    "characteristic %s not found", u);
	}
	return ch;
}

/* An ATT error answer against the step's expect_error list. */
static enum verdict expected_error(struct exec *e, const struct step *st, int rc,
				   const struct att_error *err, const char *what,
				   const char *why)
{
	char want[200] = "";
	size_t k = 0;

	for (size_t i = 0; i < st->nerrors; i++)
		k += (size_t)snprintf(want + k, sizeof(want) - k, "%s%s", i ? " or " : "",
				      att_error_name(st->errors[i]));
	if (rc == GATT_ERR_RSP) {
		for (size_t i = 0; i < st->nerrors; i++)
			if (err->code == st->errors[i])
				return exec_decide(e, VERDICT_PASS, want, att_error_name(err->code),
						   GATT(e)->last_seq, GATT(e)->last_seq,
						   "%s refused as required", what);
		if (!st->nerrors)
			return exec_decide(e, VERDICT_FAIL, "success", why, GATT(e)->last_seq,
					   GATT(e)->last_seq, "%s refused: %s", what, why);
		return exec_decide(e, VERDICT_FAIL, want, att_error_name(err->code),
				   GATT(e)->last_seq, GATT(e)->last_seq, "%s refused with the wrong error",
				   what);
	}
	if (rc)
		return gatt_failure(e, rc, what, why);
	if (st->nerrors)
		return exec_decide(e, VERDICT_FAIL, want, "accepted", GATT(e)->last_seq,
				   GATT(e)->last_seq, "%s accepted; the device must refuse it", what);
	return VERDICT_PASS;
}

/* ---- values ---- */

static void set_var(struct exec *e, const char *prefix, const char *name,
		    const char *suffix, const char *value)
{
	char key[128];

	snprintf(key, sizeof(key), "%s.%s%s", prefix, name, suffix);
	if (vars_set(&e->vars, key, value))
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "too many variables");
}

/* Bit fields (those with reserved bits) also give <prefix>.<field>.bitN,
 * 0 or 1, so that a suite can hold feature bits against the profile. */
static void publish_bits(struct exec *e, const char *prefix, const struct gchar *gc,
			 const struct gvalue *v)
{
	for (size_t i = 0; i < gc->nfields; i++) {
		const struct gfield *f = &gc->fields[i];
		unsigned bits = f->type == GT_U8 ? 8 : f->type == GT_U16 ? 16 : f->type == GT_U24 ? 24 : 0;

		if (strcmp(f->name, v->name) || !f->reserved || !bits)
			continue;
		for (unsigned b = 0; b < bits; b++) {
			char sfx[16];

			snprintf(sfx, sizeof(sfx), ".bit%u", b);
			set_var(e, prefix, v->name, sfx, v->raw >> b & 1 ? "1" : "0");
		}
		return;
	}
}

/* Decode a value by its characteristic table; fields become variables
 * <prefix>.<field> (and .unit); violations fail the step. */
static enum verdict take_value(struct exec *e, const struct step *st,
			       const uint8_t *p, size_t n, uint64_t seq,
			       const char *what)
{
	const struct gchar *gc = gatt_char_find(st->uuid);
	const char *prefix = st->capture_prefix;
	struct gdecoded d;
	struct buf hex, msg;
	int nviol;

	buf_init(&hex, 2 * ATT_MAX_VALUE + 1);
	for (size_t i = 0; i < n; i++)
		if (buf_appendf(&hex, "%02X", p[i]))
			break;
	if (prefix) {
		set_var(e, prefix, "hex", "", buf_str(&hex));
		{
			char len[16];

			snprintf(len, sizeof(len), "%zu", n);
			set_var(e, prefix, "len", "", len);
		}
	}
	if (!gc) {
		exec_decide(e, VERDICT_PASS, what, buf_str(&hex), seq, seq, "value received");
		buf_release(&hex);
		return VERDICT_PASS;
	}
	nviol = gatt_decode(gc, p, n, &d);
	/* every field of the table is defined, empty when absent, so that a
	 * value the device failed to send fails an assertion (not the suite) */
	for (size_t i = 0; prefix && i < gc->nfields; i++) {
		set_var(e, prefix, gc->fields[i].name, "", "");
		set_var(e, prefix, gc->fields[i].name, ".unit", "");
	}
	for (size_t i = 0; prefix && i < d.n; i++) {
		const struct gvalue *v = &d.v[i];
		char num[64];

		if (!isnan(v->num) && gc->fields[0].type != GT_UTF8)
			snprintf(num, sizeof(num), "%.10g", v->num);
		else
			snprintf(num, sizeof(num), "%s", v->text);
		set_var(e, prefix, v->name, "", num);
		set_var(e, prefix, v->name, ".unit", v->unit ? v->unit : "");
		set_var(e, prefix, v->name, ".text", v->text);
		publish_bits(e, prefix, gc, v);
	}
	if (prefix && gc->flags_size) {
		char f[16];

		snprintf(f, sizeof(f), "%u", d.flags);
		set_var(e, prefix, "flags", "", f);
		/* flags.bitN: what a value says it carries, to hold against
		 * the feature bits */
		for (unsigned b = 0; !gc->ops && b < 8 * gc->flags_size; b++) {
			snprintf(f, sizeof(f), ".bit%u", b);
			set_var(e, prefix, "flags", f, d.flags >> b & 1 ? "1" : "0");
		}
	}
	buf_init(&msg, 4096);
	for (size_t i = 0; i < d.n; i++)
		if (buf_appendf(&msg, "%s%s=%s%s%s", i ? ", " : "", d.v[i].name, d.v[i].text,
				d.v[i].unit ? " " : "", d.v[i].unit ? d.v[i].unit : ""))
			break;
	if (!nviol) {
		exec_decide(e, VERDICT_PASS, gc->name, buf_str(&msg), seq, seq,
			    "%s decoded: no violation", gc->name);
	} else {
		struct buf all;

		buf_init(&all, 4096);
		for (size_t i = 0; i < d.nviol; i++)
			if (buf_appendf(&all, "%s%s", i ? "; " : "", d.violations[i]))
				break;
		/* the format is judged by the cases that check it; others
		 * keep the finding as evidence and go on */
		exec_decide(e, st->validate ? VERDICT_FAIL : VERDICT_PASS, gc->name,
			    buf_str(&hex), seq, seq, "%s: %d violation%s%s: %s", gc->name,
			    nviol, nviol == 1 ? "" : "s", st->validate ? "" : " (not judged here)",
			    buf_str(&all));
		buf_release(&all);
	}
	buf_release(&msg);
	buf_release(&hex);
	return nviol && st->validate ? VERDICT_FAIL : VERDICT_PASS;
}

/* ---- steps ---- */

/* The first difference between the kept discovery and a fresh one, or
 * "" when they agree. */
static void db_difference(const struct gatt_service *old, size_t nold,
			  const struct gatt_client *c, char *out, size_t len)
{
	out[0] = 0;
	for (size_t i = 0; i < c->nservices || i < nold; i++) {
		const struct gatt_service *a = i < nold ? &old[i] : NULL;
		const struct gatt_service *b = i < c->nservices ? &c->services[i] : NULL;

		if (!a || !b || a->start != b->start || a->end != b->end || a->uuid != b->uuid) {
			if (b)
				snprintf(out, len, "service 0x%04X at 0x%04X-0x%04X %s", b->uuid,
					 b->start, b->end, a ? "differs from the kept one" : "is new");
			else
				snprintf(out, len, "service 0x%04X at 0x%04X-0x%04X is gone", a->uuid,
					 a->start, a->end);
			return;
		}
		for (size_t k = 0; k < a->nchars || k < b->nchars; k++)
			if (k >= a->nchars || k >= b->nchars || a->chars[k].decl != b->chars[k].decl ||
			    a->chars[k].value != b->chars[k].value ||
			    a->chars[k].uuid != b->chars[k].uuid) {
				snprintf(out, len, "the characteristics of service 0x%04X changed", a->uuid);
				return;
			}
	}
}

/* gatt_discover verify: the database kept from an earlier (bonded)
 * connection, with no Service Changed since, must be what the device
 * serves now (Core Vol 3 Part G 7.1). */
static enum verdict verify_kept(struct exec *e)
{
	struct gatt_client *c = GATT(e);
	struct gatt_service *old = malloc(sizeof(c->services));
	size_t nold = c->nservices;
	struct att_error err;
	char why[256] = "", diff[160];
	int rc;

	if (!old)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "out of memory");
	memcpy(old, c->services, sizeof(c->services));
	rc = gatt_discover(c, exec_deadline(e, 20 * NSEC_PER_SEC), &err, why, sizeof(why));
	if (!rc)
		db_difference(old, nold, c, diff, sizeof(diff));
	free(old);
	if (rc)
		return gatt_failure(e, rc == GATT_ERR_RSP ? CC_EPROTO : rc, "discovery", why);
	if (diff[0])
		return exec_decide(e, VERDICT_FAIL, "the kept database, no Service Changed", diff, 0, 0,
				   "the database changed since a bonded connection discovered it (%s), "
				   "and no Service Changed indication said so", diff);
	exec_decide(e, VERDICT_PASS, "the kept database", "unchanged", 0, 0,
		    "the database kept over the bonded reconnect is what the device serves (%zu services)",
		    c->nservices);
	return check_violations(e);
}

static enum verdict do_discover(struct exec *e, const struct step *st)
{
	struct att_error err;
	char why[256] = "";
	struct buf list;
	int rc;

	/* once per connection, and again after every reconnect (Core Vol 3
	 * Part F 3.4.2: the client sends it once on a connection); at the
	 * default MTU 23 there is nothing to exchange */
	if (!GATT(e)->mtu_exchanged && GATT(e)->want_mtu > ATT_DEFAULT_MTU) {
		rc = gatt_exchange_mtu(GATT(e), GATT(e)->want_mtu,
				       exec_deadline(e, 5 * NSEC_PER_SEC), &err, why, sizeof(why));
		if (rc && rc != GATT_ERR_RSP) /* refusing a larger MTU is allowed */
			return gatt_failure(e, rc, "Exchange MTU", why);
		GATT(e)->mtu_exchanged = true;
	}
	/* bonded: a Service Changed indication comes when the link opens;
	 * it makes the kept database stale */
	if (GATT(e)->discovered && GATT(e)->cache_kept)
		gatt_poll(GATT(e), mono_now_ns() + GATT_END_QUIET_NS);
	if (GATT(e)->discovered && GATT(e)->cache_kept && st->validate)
		return verify_kept(e);
	if (GATT(e)->discovered)
		return check_violations(e); /* handles are stable on a connection */
	rc = gatt_discover(GATT(e), exec_deadline(e, 20 * NSEC_PER_SEC), &err, why, sizeof(why));
	if (rc)
		return gatt_failure(e, rc == GATT_ERR_RSP ? CC_EPROTO : rc, "discovery", why);
	buf_init(&list, 4096);
	for (size_t i = 0; i < GATT(e)->nservices; i++) {
		char u[80];

		uuid_text(GATT(e)->services[i].uuid, u, sizeof(u));
		if (buf_appendf(&list, "%s%s [0x%04X-0x%04X, %zu characteristics]", i ? "; " : "",
				u, GATT(e)->services[i].start, GATT(e)->services[i].end,
				GATT(e)->services[i].nchars))
			break;
	}
	exec_decide(e, VERDICT_PASS, "primary services", buf_str(&list), 0, 0,
		    "discovered %zu services (ATT MTU %u)%s", GATT(e)->nservices, GATT(e)->mtu,
		    GATT(e)->service_changed ? ", again after a Service Changed indication" : "");
	buf_release(&list);
	return check_violations(e);
}

static enum verdict do_service(struct exec *e, const struct step *st)
{
	const struct gatt_service *s;
	struct buf missing, want;
	char u[80];
	enum verdict v;

	if (!GATT(e)->discovered)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: run gatt_discover before gatt_service");
	uuid_text(st->uuid, u, sizeof(u));
	s = gatt_find_service(GATT(e), st->uuid);
	if (!s)
		return exec_decide(e, VERDICT_FAIL, u, "absent", 0, 0, "service %s not found", u);
	buf_init(&missing, 4096);
	buf_init(&want, 4096);
	for (size_t i = 0; i < st->nneeds; i++) {
		const struct gatt_need *nd = &st->needs[i];
		const struct gatt_char *ch = gatt_find_char(GATT(e), st->uuid, nd->uuid);
		char cu[80];
		int rc = 0;

		uuid_text(nd->uuid, cu, sizeof(cu));
		rc |= buf_appendf(&want, "%s%s props 0x%02X%s", i ? "; " : "", cu, nd->props,
				  nd->cccd ? " + CCCD" : "");
		if (!ch)
			rc |= buf_appendf(&missing, "%s%s absent", missing.len ? "; " : "", cu);
		else if ((ch->props & nd->props) != nd->props)
			rc |= buf_appendf(&missing, "%s%s has properties 0x%02X, needs 0x%02X",
					  missing.len ? "; " : "", cu, ch->props, nd->props);
		else if (nd->cccd && !ch->cccd)
			rc |= buf_appendf(&missing, "%s%s has no Client Characteristic Configuration descriptor",
					  missing.len ? "; " : "", cu);
		if (rc)
			break;
	}
	v = exec_decide(e, missing.len ? VERDICT_FAIL : VERDICT_PASS, buf_str(&want),
			missing.len ? buf_str(&missing) : "all present", 0, 0,
			"service %s%s%s", u, missing.len ? ": " : " complete",
			missing.len ? buf_str(&missing) : "");
	buf_release(&missing);
	buf_release(&want);
	return v;
}

static enum verdict do_read(struct exec *e, const struct step *st)
{
	const struct gatt_char *ch = need_char(e, st);
	struct att_error err;
	char why[256] = "", what[120], u[80];
	struct buf v;
	enum verdict vd;
	int rc;

	if (!ch)
		return e->verdict;
	uuid_text(st->uuid, u, sizeof(u));
	snprintf(what, sizeof(what), "read of %s", u);
	buf_init(&v, ATT_MAX_VALUE + 1);
	rc = gatt_read(GATT(e), ch->value, &v, exec_deadline(e, 5 * NSEC_PER_SEC), &err, why,
		       sizeof(why));
	vd = expected_error(e, st, rc, &err, what, why);
	if (vd == VERDICT_PASS && !rc)
		vd = take_value(e, st, v.data, v.len, GATT(e)->last_seq, what);
	buf_release(&v);
	return vd == VERDICT_PASS ? check_violations(e) : vd;
}

int exec_parse_hex(const char *s, uint8_t *out, size_t cap, size_t *n)
{
	*n = 0;
	while (*s) {
		unsigned v;

		if (*s == ' ') {
			s++;
			continue;
		}
		if (!strncmp(s, "u16:", 4)) {
			/* a number from a variable, little-endian as ATT sends it */
			char *end;
			unsigned long u = strtoul(s + 4, &end, 10);

			if (end == s + 4 || u > 0xFFFF || (*end && *end != ' ') || *n + 2 > cap)
				return CC_EINVAL;
			out[(*n)++] = (uint8_t)u;
			out[(*n)++] = (uint8_t)(u >> 8);
			s = end;
			continue;
		}
		if (*n == cap || !isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1]))
			return CC_EINVAL;
		sscanf(s, "%2x", &v);
		out[(*n)++] = (uint8_t)v;
		s += 2;
	}
	return CC_OK;
}

static enum verdict do_write(struct exec *e, const struct step *st, uint16_t handle,
			     const uint8_t *p, size_t n, const char *what)
{
	struct att_error err;
	char why[256] = "";
	enum verdict v;
	int rc;

	e->last_tx_ns = mono_now_ns();
	rc = gatt_write(GATT(e), handle, p, n, st->kind == STEP_GATT_SUBSCRIBE || st->with_response,
			exec_deadline(e, 5 * NSEC_PER_SEC), &err, why, sizeof(why));
	v = expected_error(e, st, rc, &err, what, why);
	if (v == VERDICT_PASS && !rc && !st->nerrors)
		exec_decide(e, VERDICT_PASS, what, "accepted", GATT(e)->last_seq, GATT(e)->last_seq,
			    "%s accepted", what);
	return v == VERDICT_PASS ? check_violations(e) : v;
}

static enum verdict do_gatt_write(struct exec *e, const struct step *st)
{
	const struct gatt_char *ch = need_char(e, st);
	uint8_t val[ATT_MAX_VALUE];
	char what[120], u[80];
	struct buf text;
	size_t n;

	if (!ch)
		return e->verdict;
	buf_init(&text, 4 * ATT_MAX_VALUE);
	if (!exec_expand(e, st->data, &text)) {
		buf_release(&text);
		return VERDICT_ERROR;
	}
	if (exec_parse_hex(buf_str(&text), val, sizeof(val), &n)) {
		buf_release(&text);
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: '%s' is not hex bytes", buf_str(&text));
	}
	buf_release(&text);
	uuid_text(st->uuid, u, sizeof(u));
	snprintf(what, sizeof(what), "write to %s", u);
	return do_write(e, st, ch->value, val, n, what);
}

/* gatt_subscribe read_back: the CCCD holds what was written. */
static enum verdict cccd_read_back(struct exec *e, const struct gatt_char *ch, const char *u,
				   uint16_t want, bool remembered)
{
	struct att_error err;
	char why[256] = "", exp[16], got[16];
	struct buf v;
	int rc;

	buf_init(&v, ATT_MAX_VALUE + 1);
	rc = gatt_read(GATT(e), ch->cccd, &v, exec_deadline(e, 5 * NSEC_PER_SEC), &err, why,
		       sizeof(why));
	if (rc) {
		buf_release(&v);
		return gatt_failure(e, rc == GATT_ERR_RSP ? CC_EPROTO : rc, "CCCD read back", why);
	}
	snprintf(exp, sizeof(exp), "%02X %02X", want & 0xFF, want >> 8);
	if (v.len == 2)
		snprintf(got, sizeof(got), "%02X %02X", v.data[0], v.data[1]);
	else
		snprintf(got, sizeof(got), "%zu bytes", v.len);
	buf_release(&v);
	if (strcmp(exp, got))
		return exec_decide(e, VERDICT_FAIL, exp, got, GATT(e)->last_seq, GATT(e)->last_seq,
				   remembered ? "CCCD of %s reads %s after a bonded reconnect; the bond must keep %s"
					      : "CCCD of %s reads back %s after %s was written",
				   u, got, exp);
	exec_decide(e, VERDICT_PASS, exp, got, GATT(e)->last_seq, GATT(e)->last_seq,
		    remembered ? "CCCD of %s kept by the bond" : "CCCD of %s reads back what was written",
		    u);
	return check_violations(e);
}

static enum verdict do_subscribe(struct exec *e, const struct step *st)
{
	static const char *const modes[] = { "off", "notifications", "indications" };
	const struct gatt_char *ch = need_char(e, st);
	uint8_t val[2] = { (uint8_t)st->cccd_value, 0 };
	char what[140], u[80];
	enum verdict v;

	if (!ch)
		return e->verdict;
	uuid_text(st->uuid, u, sizeof(u));
	if (!ch->cccd)
		return exec_decide(e, VERDICT_FAIL, "a CCCD", "none", 0, 0,
				   "%s has no Client Characteristic Configuration descriptor", u);
	if (st->fresh) {
		/* remembered: no write; the bond must have kept the value
		 * (Core Vol 3 Part G 3.3.3.3) */
		((struct gatt_char *)ch)->cccd_cfg = (uint16_t)st->cccd_value;
		return cccd_read_back(e, ch, u, (uint16_t)st->cccd_value, true);
	}
	snprintf(what, sizeof(what), "CCCD of %s set to %s", u, modes[st->cccd_value]);
	v = do_write(e, st, ch->cccd, val, 2, what);
	if (v == VERDICT_PASS && !st->nerrors && !st->cccd_value) {
		/* a notification sent before the device took the write
		 * arrives before its response; one after it is a violation
		 * of this step (in a cleanup: noted there, not left to fail
		 * the next case) */
		gatt_poll(GATT(e), mono_now_ns() + GATT_OFF_QUIET_NS);
		v = check_violations(e);
	}
	if (v != VERDICT_PASS || st->nerrors || !st->validate)
		return v;
	return cccd_read_back(e, ch, u, (uint16_t)st->cccd_value, false);
}

/* The database's own rules (gatt-db.h), each finding its own evidence. */
static enum verdict do_database(struct exec *e)
{
	struct gatt_db_report *r;
	char why[256] = "";
	enum verdict v;
	int rc;

	if (!GATT(e)->discovered)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: run gatt_discover before gatt_database");
	if (!(r = malloc(sizeof(*r))))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "out of memory");
	rc = gatt_db_check(GATT(e), exec_deadline(e, 20 * NSEC_PER_SEC), r, why, sizeof(why));
	if (rc) {
		v = gatt_failure(e, rc, "GATT database checks", why);
	} else {
		for (size_t i = 0; i < r->n; i++)
			exec_decide(e, VERDICT_FAIL, "a database as Core Vol 3 Part G requires",
				    r->findings[i], GATT(e)->last_seq, GATT(e)->last_seq,
				    "GATT database: %s", r->findings[i]);
		if (!r->n)
			exec_decide(e, VERDICT_PASS, "a database as Core Vol 3 Part G requires",
				    "conforming", 0, 0,
				    "GATT database: %zu services, %zu attributes walked, %zu ranges by type: no finding",
				    GATT(e)->nservices, r->attributes, r->by_type);
		else if (r->dropped)
			exec_decide(e, VERDICT_FAIL, NULL, NULL, 0, 0,
				    "GATT database: %zu further findings not listed", r->dropped);
		v = r->n ? VERDICT_FAIL : check_violations(e);
	}
	free(r);
	return v;
}

static void note_interval(struct exec *e, uint16_t handle, int64_t mono)
{
	size_t i;

	for (i = 0; i < e->nlast_event; i++)
		if (e->last_event[i].handle == handle)
			break;
	if (i < e->nlast_event) {
		if (vars_setf(&e->vars, "interval_ms", "%.3f",
			      (double)(mono - e->last_event[i].mono_ns) / 1e6))
			return;
	} else if (i < sizeof(e->last_event) / sizeof(e->last_event[0])) {
		e->nlast_event++;
	} else {
		return;
	}
	e->last_event[i].handle = handle;
	e->last_event[i].mono_ns = mono;
}

static enum verdict do_expect_event(struct exec *e, const struct step *st)
{
	const struct gatt_char *ch = need_char(e, st);
	const char *kind = st->event_kind == ATT_INDICATE ? "indication"
			 : st->event_kind == ATT_NOTIFY ? "notification"
			 : "notification or indication";
	char what[160], u[80], d[32];
	struct gatt_event ev;
	enum verdict v;
	int rc;

	if (!ch)
		return e->verdict;
	uuid_text(st->uuid, u, sizeof(u));
	duration_format(st->within_ns, d, sizeof(d));
	snprintf(what, sizeof(what), "%s of %s within %s", kind, u, d);
	do {
		rc = gatt_wait_event(GATT(e), ch->value, st->event_kind, st->confirm,
				     exec_deadline(e, st->within_ns), &ev);
		/* fresh: what was sent before our last write is stale */
	} while (!rc && st->fresh && e->last_tx_ns && ev.mono_ns < e->last_tx_ns);
	if (rc == CC_ETIMEDOUT)
		return exec_decide(e, VERDICT_FAIL, what, "nothing", 0, 0, "no %s of %s in time",
				   kind, u);
	if (rc)
		return gatt_failure(e, rc, what, "");
	if (e->last_tx_ns &&
	    vars_setf(&e->vars, "elapsed_ms", "%.3f", (double)(ev.mono_ns - e->last_tx_ns) / 1e6))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "too many variables");
	note_interval(e, ev.handle, ev.mono_ns);
	v = take_value(e, st, ev.value, ev.len, ev.seq, what);
	return v == VERDICT_PASS ? check_violations(e) : v;
}

/* ---- gatt_collect ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Aggregates of one numeric field over the collected values. */
struct collect_field {
	const char *name;
	double first, last, min, max;
	size_t n;
};

struct collect {
	const struct gchar *gc;
	struct collect_field f[GATT_MAX_VALUES];
	size_t nf;
	double *intervals_ms; /* GATT_COLLECT_MAX */
	size_t nintervals;
	int64_t first_ns, last_ns;
	size_t count, bad;
	char first_bad[512];
	uint64_t first_bad_seq;
	/* sequence numbers (Glucose, PLX records) are unique and increasing */
	bool have_seq_no;
	double last_seq_no;
	size_t flag_count[16]; /* values with each flag bit set */
	uint32_t any_bits[32]; /* bit fields: OR over the values, by table index */
	/* contexts paired with the value they follow (gatt_collect context) */
	const struct gchar *ctx_gc;
	uint16_t ctx_handle;
	bool ctx_due;        /* the last value announced a context not yet seen */
	bool ctx_seen;       /* ... and its context came */
	bool have_value;
	double value_seq;    /* the last value's sequence number */
	uint64_t value_frame;
	size_t contexts, ctx_bad;
	char first_ctx_bad[256];
	uint64_t first_ctx_bad_seq;
};

static void ctx_finding(struct collect *c, uint64_t frame, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void ctx_finding(struct collect *c, uint64_t frame, const char *fmt, ...)
{
	va_list ap;

	if (c->ctx_bad++)
		return; /* the first explains the rest */
	c->first_ctx_bad_seq = frame;
	va_start(ap, fmt);
	vsnprintf(c->first_ctx_bad, sizeof(c->first_ctx_bad), fmt, ap);
	va_end(ap);
}

static double seq_of(const struct gdecoded *d)
{
	const struct gvalue *sn = gatt_value(d, "sequence_number");

	return sn ? sn->num : NAN;
}

/* A value arrived: the context the previous one announced is missing if
 * it did not come; this one's flag says whether one must follow. */
static void ctx_value(struct collect *c, const struct gatt_event *ev, const struct gdecoded *d)
{
	if (c->ctx_due && !c->ctx_seen)
		ctx_finding(c, ev->seq, "measurement %g (frame %llu) announces a context, but measurement %g follows with none between",
			    c->value_seq, (unsigned long long)c->value_frame, seq_of(d));
	c->have_value = true;
	c->value_seq = seq_of(d);
	c->value_frame = ev->seq;
	c->ctx_due = d->flags & c->gc->context_flag;
	c->ctx_seen = false;
}

/* A context arrived: it must follow a value that announced it, once, with
 * that value's sequence number (Glucose 3.2). */
static void ctx_context(struct collect *c, const struct gatt_event *ev)
{
	struct gdecoded d;
	double sn;

	c->contexts++;
	if (gatt_decode(c->ctx_gc, ev->value, ev->len, &d) > 0)
		ctx_finding(c, ev->seq, "%s (frame %llu): %s", c->ctx_gc->name,
			    (unsigned long long)ev->seq, d.violations[0]);
	sn = seq_of(&d);
	if (!c->have_value)
		ctx_finding(c, ev->seq, "context %g (frame %llu) follows no measurement", sn,
			    (unsigned long long)ev->seq);
	else if (!c->ctx_due)
		ctx_finding(c, ev->seq, "context %g (frame %llu) follows measurement %g, whose flags announce none (0x%02X clear)",
			    sn, (unsigned long long)ev->seq, c->value_seq, c->gc->context_flag);
	else if (c->ctx_seen)
		ctx_finding(c, ev->seq, "a second context (frame %llu) follows measurement %g",
			    (unsigned long long)ev->seq, c->value_seq);
	else if (sn != c->value_seq)
		ctx_finding(c, ev->seq, "context (frame %llu) carries sequence number %g, the measurement it follows %g",
			    (unsigned long long)ev->seq, sn, c->value_seq);
	c->ctx_seen = true;
}

static void collect_value(struct collect *c, const struct gatt_event *ev)
{
	struct gdecoded d;
	int nviol;

	if (c->count && c->nintervals < GATT_COLLECT_MAX)
		c->intervals_ms[c->nintervals++] = (double)(ev->mono_ns - c->last_ns) / 1e6;
	if (!c->count)
		c->first_ns = ev->mono_ns;
	c->last_ns = ev->mono_ns;
	c->count++;
	if (!c->gc)
		return;
	nviol = gatt_decode(c->gc, ev->value, ev->len, &d);
	if (c->ctx_gc)
		ctx_value(c, ev, &d);
	for (unsigned b = 0; !c->gc->ops && b < 8 * c->gc->flags_size && b < 16; b++)
		c->flag_count[b] += d.flags >> b & 1;
	{
		const struct gvalue *sn = gatt_value(&d, "sequence_number");

		if (sn && !isnan(sn->num)) {
			if (c->have_seq_no && sn->num <= c->last_seq_no && d.nviol < GATT_MAX_VIOLATIONS) {
				snprintf(d.violations[d.nviol++], sizeof(d.violations[0]),
					 "sequence_number %g does not follow %g (they must increase)",
					 sn->num, c->last_seq_no);
				nviol++;
			}
			c->have_seq_no = true;
			c->last_seq_no = sn->num;
		}
	}
	if (nviol > 0 && !c->bad++) {
		size_t k = 0;

		c->first_bad_seq = ev->seq;
		for (size_t i = 0; i < d.nviol && k + 2 < sizeof(c->first_bad); i++)
			k += (size_t)snprintf(c->first_bad + k, sizeof(c->first_bad) - k, "%s%s",
					      i ? "; " : "", d.violations[i]);
	}
	for (size_t i = 0; i < d.n; i++)
		for (size_t k = 0; d.v[i].present && k < c->gc->nfields && k < 32; k++)
			if (!strcmp(c->gc->fields[k].name, d.v[i].name))
				c->any_bits[k] |= d.v[i].raw;
	for (size_t i = 0; i < d.n; i++) {
		const struct gvalue *v = &d.v[i];
		struct collect_field *f = NULL;

		if (isnan(v->num))
			continue;
		for (size_t j = 0; j < c->nf; j++)
			if (!strcmp(c->f[j].name, v->name))
				f = &c->f[j];
		if (!f) {
			if (c->nf == GATT_MAX_VALUES)
				continue;
			f = &c->f[c->nf++];
			f->name = v->name; /* static table strings */
			f->first = f->min = f->max = v->num;
			f->n = 0;
		}
		f->last = v->num;
		f->min = fmin(f->min, v->num);
		f->max = fmax(f->max, v->num);
		f->n++;
	}
}

static void collect_publish(struct exec *e, const char *prefix, struct collect *c)
{
	char num[64];

	snprintf(num, sizeof(num), "%zu", c->count);
	set_var(e, prefix, "count", "", num);
	if (c->ctx_gc) {
		snprintf(num, sizeof(num), "%zu", c->contexts);
		set_var(e, prefix, "contexts", "", num);
	}
	/* any.<field>.bitN: whether any value set bit N of a bit field (a
	 * status bit held against the Feature characteristic) */
	for (size_t k = 0; c->gc && k < c->gc->nfields && k < 32; k++) {
		const struct gfield *f = &c->gc->fields[k];
		unsigned bits = f->type == GT_U8 ? 8 : f->type == GT_U16 ? 16 : f->type == GT_U24 ? 24 : 0;

		for (unsigned b = 0; f->reserved && b < bits; b++) {
			char key[96];

			snprintf(key, sizeof(key), "any.%s.bit%u", f->name, b);
			set_var(e, prefix, key, "", c->any_bits[k] >> b & 1 ? "1" : "0");
		}
	}
	/* how many values announced each flag (a context, a status...) */
	for (unsigned b = 0; c->gc && !c->gc->ops && b < 8 * c->gc->flags_size && b < 16; b++) {
		char key[32];

		snprintf(key, sizeof(key), "flag_count.bit%u", b);
		snprintf(num, sizeof(num), "%zu", c->flag_count[b]);
		set_var(e, prefix, key, "", num);
	}
	for (size_t i = 0; i < c->nf; i++) {
		const struct collect_field *f = &c->f[i];
		const struct { const char *what; double v; } agg[] = {
			{ "first.", f->first }, { "last.", f->last },
			{ "min.", f->min }, { "max.", f->max },
		};

		for (size_t k = 0; k < 4; k++) {
			char key[96];

			snprintf(key, sizeof(key), "%s%s", agg[k].what, f->name);
			snprintf(num, sizeof(num), "%.10g", agg[k].v);
			set_var(e, prefix, key, "", num);
		}
	}
	if (c->count && e->last_tx_ns) {
		snprintf(num, sizeof(num), "%.3f", (double)(c->first_ns - e->last_tx_ns) / 1e6);
		set_var(e, prefix, "first_ms", "", num);
	}
	if (c->nintervals) {
		static const struct { const char *name; double p; } pct[] = {
			{ "interval_min_ms", 0 }, { "interval_p5_ms", 5 },
			{ "interval_p50_ms", 50 }, { "interval_p95_ms", 95 },
			{ "interval_max_ms", 100 },
		};

		qsort(c->intervals_ms, c->nintervals, sizeof(double), cmp_double);
		for (size_t k = 0; k < sizeof(pct) / sizeof(pct[0]); k++) {
			double v = NAN;

			stats_percentile_sorted(c->intervals_ms, c->nintervals, pct[k].p, &v);
			snprintf(num, sizeof(num), "%.3f", v);
			set_var(e, prefix, pct[k].name, "", num);
		}
		snprintf(num, sizeof(num), "%.3f", stats_mean(c->intervals_ms, c->nintervals));
		set_var(e, prefix, "interval_mean_ms", "", num);
	}
}

/* Collect notifications/indications of one characteristic until `count`
 * arrived, an event of `until` is queued, or `within` ends; publish their
 * count, first/last/min/max of each field and the interval percentiles. */
static enum verdict do_collect(struct exec *e, const struct step *st)
{
	const struct gatt_char *ch = need_char(e, st);
	const struct gatt_char *stop = NULL;
	struct collect c = { .gc = gatt_char_find(st->uuid) };
	char what[200], u[80], su[80] = "", d[32];
	int64_t deadline = exec_deadline(e, st->within_ns);
	long want = 0;
	enum verdict v = VERDICT_PASS;
	int rc = CC_OK;

	if (!ch)
		return e->verdict;
	if (st->until_uuid && !(stop = need_char(e, &(struct step){ .uuid = st->until_uuid })))
		return e->verdict;
	if (st->context_uuid) {
		const struct gatt_char *cc = need_char(e, &(struct step){ .uuid = st->context_uuid });

		if (!cc || !c.gc)
			return e->verdict;
		c.ctx_gc = gatt_char_find(st->context_uuid);
		c.ctx_handle = cc->value;
	}
	if (st->count) {
		struct buf t;
		double n = 0;
		bool ok;

		buf_init(&t, 64);
		ok = exec_expand(e, st->count, &t) &&
		     exec_quantity(e, "count", buf_str(&t), "", false, &n);
		buf_release(&t);
		if (!ok)
			return VERDICT_ERROR;
		if (n < 0 || n > GATT_COLLECT_MAX || n != floor(n))
			return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
					   "suite: gatt_collect count %g is "
					   "not a whole number 0..%d",
					   n, GATT_COLLECT_MAX);
		want = (long)n;
	}
	uuid_text(st->uuid, u, sizeof(u));
	if (stop)
		uuid_text(st->until_uuid, su, sizeof(su));
	duration_format(st->within_ns, d, sizeof(d));
	if (!(c.intervals_ms = calloc(GATT_COLLECT_MAX, sizeof(double))))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "out of memory");
	while (!st->count || (long)c.count < want) {
		struct gatt_event ev;

		rc = gatt_wait_event_either(GATT(e), ch->value, c.ctx_handle, st->event_kind,
					    st->confirm, deadline, stop ? stop->value : 0, &ev);
		if (rc)
			break;
		if (c.ctx_gc && ev.handle == c.ctx_handle)
			ctx_context(&c, &ev);
		else
			collect_value(&c, &ev);
	}
	if (c.ctx_gc && c.ctx_due && !c.ctx_seen)
		ctx_finding(&c, c.value_frame, "measurement %g (frame %llu) announces a context that never came",
			    c.value_seq, (unsigned long long)c.value_frame);
	if (st->capture_prefix)
		collect_publish(e, st->capture_prefix, &c);
	if (st->count)
		snprintf(what, sizeof(what), "%ld events of %s within %s", want, u, d);
	else if (stop)
		snprintf(what, sizeof(what), "events of %s until one of %s, within %s", u, su, d);
	else
		snprintf(what, sizeof(what), "events of %s for %s", u, d);
	if (rc == CC_ETIMEDOUT && st->count)
		v = exec_decide(e, VERDICT_FAIL, what, "fewer", 0, 0,
				"only %zu of %ld events of %s in time", c.count, want, u);
	else if (rc == CC_ETIMEDOUT && stop)
		v = exec_decide(e, VERDICT_FAIL, what, "no end", 0, 0,
				"%zu events of %s, but no event of %s in time", c.count, u, su);
	else if (rc && rc != CC_ETIMEDOUT && rc != GATT_STOPPED)
		v = gatt_failure(e, rc, what, "");
	else if (c.ctx_bad)
		v = exec_decide(e, VERDICT_FAIL, "each context paired with the value it follows",
				c.first_ctx_bad, c.first_ctx_bad_seq, c.first_ctx_bad_seq,
				"%zu context pairing finding%s; first: %s", c.ctx_bad,
				c.ctx_bad > 1 ? "s" : "", c.first_ctx_bad);
	else if (c.bad && st->validate)
		v = exec_decide(e, VERDICT_FAIL, c.gc->name, "violations", c.first_bad_seq,
				c.first_bad_seq, "%zu of %zu values of %s violate the format; first (frame %llu): %s",
				c.bad, c.count, u, (unsigned long long)c.first_bad_seq, c.first_bad);
	else
		exec_decide(e, VERDICT_PASS, what, "collected", 0, 0,
			    "%zu events of %s collected%s%s", c.count, u,
			    rc == GATT_STOPPED ? ", ended by " : "", rc == GATT_STOPPED ? su : "");
	free(c.intervals_ms);
	return v == VERDICT_PASS ? check_violations(e) : v;
}

static enum verdict do_silence_events(struct exec *e, const struct step *st)
{
	const struct gatt_char *ch = st->uuid ? need_char(e, st) : NULL;
	char what[120], u[80] = "any characteristic", d[32];
	int64_t start = mono_now_ns();
	struct gatt_event ev;
	int rc;

	if (st->uuid && !ch)
		return e->verdict;
	if (st->uuid)
		uuid_text(st->uuid, u, sizeof(u));
	duration_format(st->within_ns, d, sizeof(d));
	snprintf(what, sizeof(what), "no notification or indication of %s for %s", u, d);
	/* what arrived before the quiet period began is not in it */
	do
		rc = gatt_wait_event(GATT(e), ch ? ch->value : 0, st->event_kind, true,
				     exec_deadline(e, st->within_ns), &ev);
	while (!rc && ev.mono_ns < start);
	if (rc == CC_ETIMEDOUT)
		return check_violations(e);
	if (rc)
		return gatt_failure(e, rc, what, "");
	return exec_decide(e, VERDICT_FAIL, what,
			   ev.op == ATT_INDICATE ? "an indication" : "a notification", ev.seq,
			   ev.seq, "%s of handle 0x%04X sent when it must not be",
			   ev.op == ATT_INDICATE ? "indication" : "notification", ev.handle);
}

static enum verdict do_link(struct exec *e, const struct step *st)
{
	char err[256] = "";
	int rc;

	if (!e->relink)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: this link cannot be reopened");
	rc = e->relink(e->relink_data, st->security, err, sizeof(err));
	if (rc)
		return exec_link_error(e, rc, err);
	exec_decide(e, VERDICT_PASS, st->security, st->security, 0, 0,
		    "link reopened with security %s", st->security);
	e->client_mark = GATT(e)->nviolations;
	return VERDICT_PASS;
}

enum verdict exec_gatt_step(struct exec *e, const struct step *st)
{
	if (!GATT(e))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: %s needs a BLE link", step_kind_name(st->kind));
	switch (st->kind) {
	case STEP_GATT_DISCOVER:
		return do_discover(e, st);
	case STEP_GATT_SERVICE:
		return do_service(e, st);
	case STEP_GATT_READ:
		return do_read(e, st);
	case STEP_GATT_WRITE:
		return do_gatt_write(e, st);
	case STEP_GATT_SUBSCRIBE:
		return do_subscribe(e, st);
	case STEP_GATT_EXPECT:
		return do_expect_event(e, st);
	case STEP_GATT_SILENCE:
		return do_silence_events(e, st);
	case STEP_GATT_CONFIRM: {
		int rc = gatt_confirm(GATT(e));

		return rc ? exec_link_error(e, rc, "confirmation") : check_violations(e);
	}
	case STEP_GATT_COLLECT:
		return do_collect(e, st);
	case STEP_GATT_DATABASE:
		return do_database(e);
	case STEP_LINK:
		return do_link(e, st);
	default:
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "unknown GATT step");
	}
}
