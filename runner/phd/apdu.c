/* SPDX-License-Identifier: MIT */
#include "phd/apdu.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"

void phd_viol_init(struct phd_viol *v)
{
	memset(v, 0, sizeof(*v));
}

int phd_viol_add(struct phd_viol *v, bool warning, const char *fmt, ...)
{
	if (!warning)
		v->errors++;
	if (v->n < PHD_VIOL_MAX) {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(v->v[v->n].text, sizeof(v->v[v->n].text), fmt, ap);
		va_end(ap);
		v->v[v->n++].warning = warning;
	} else {
		v->dropped++;
	}
	return warning ? CC_OK : CC_EPROTO;
}

/* ---- bounded reader: a short read is one finding, then reads give 0 ---- */

struct rd {
	const uint8_t *p;
	size_t n, off;
	bool short_read;
	struct phd_viol *v;
	const char *where;
};

static bool rd_have(struct rd *r, size_t k, const char *what)
{
	if (r->short_read)
		return false;
	if (r->n - r->off >= k)
		return true;
	r->short_read = true;
	phd_viol_add(r->v, false, "%s: %s needs %zu bytes at offset %zu, %zu left",
		     r->where, what, k, r->off, r->n - r->off);
	return false;
}

static uint16_t rd16(struct rd *r, const char *what)
{
	if (!rd_have(r, 2, what))
		return 0;
	r->off += 2;
	return phd_u16(r->p + r->off - 2);
}

static uint32_t rd32(struct rd *r, const char *what)
{
	if (!rd_have(r, 4, what))
		return 0;
	r->off += 4;
	return phd_u32(r->p + r->off - 4);
}

static uint8_t rd8(struct rd *r, const char *what)
{
	if (!rd_have(r, 1, what))
		return 0;
	return r->p[r->off++];
}

static struct phd_blob rdblob(struct rd *r, size_t k, const char *what)
{
	struct phd_blob b = {NULL, 0};

	if (rd_have(r, k, what)) {
		b.p = r->p + r->off;
		b.len = (uint16_t)k;
		r->off += k;
	}
	return b;
}

/* A sub-reader over the next k bytes (a length-prefixed field). */
static struct rd rd_sub(struct rd *r, size_t k, const char *where)
{
	struct rd s = {r->p + r->off, 0, 0, false, r->v, where};

	if (rd_have(r, k, where)) {
		s.n = k;
		r->off += k;
	} else {
		/* read what there is, so the inner fields are still reported */
		s.n = r->n - r->off;
		r->off = r->n;
	}
	return s;
}

static void rd_end(struct rd *r)
{
	if (!r->short_read && r->off != r->n)
		phd_viol_add(r->v, false, "%s: %zu bytes left over after the last field",
			     r->where, r->n - r->off);
}

/* ---- names ---- */

struct name { uint16_t v; const char *s; };

static const char *name_of(const struct name *t, size_t n, uint16_t v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].v == v)
			return t[i].s;
	return "unknown";
}
#define NAME_OF(t, v) name_of(t, sizeof(t) / sizeof(t[0]), v)

static const struct name choices[] = {
	{PHD_AARQ, "AARQ"}, {PHD_AARE, "AARE"}, {PHD_RLRQ, "RLRQ"},
	{PHD_RLRE, "RLRE"}, {PHD_ABRT, "ABRT"}, {PHD_PRST, "PRST"},
};
static const struct name aare_results[] = {
	{0, "accepted"}, {1, "rejected-permanent"}, {2, "rejected-transient"},
	{3, "accepted-unknown-config"}, {4, "rejected-no-common-protocol"},
	{5, "rejected-no-common-parameter"}, {6, "rejected-unknown"},
	{7, "rejected-unauthorized"}, {8, "rejected-unsupported-assoc-version"},
};
static const struct name abort_reasons[] = {
	{0, "undefined"}, {1, "buffer-overflow"}, {2, "response-timeout"},
	{3, "configuration-timeout"},
};
static const struct name roer_names[] = {
	{1, "no-such-object-instance"}, {2, "access-denied"},
	{9, "no-such-action"}, {17, "invalid-object-instance"},
	{23, "protocol-violation"}, {24, "not-allowed-by-object"},
	{25, "action-timed-out"}, {26, "action-aborted"},
};
static const struct name rorj_names[] = {
	{0, "unrecognized-apdu"}, {2, "badly-structured-apdu"},
	{101, "unrecognized-operation"}, {103, "resource-limitation"},
	{303, "unexpected-error"},
};

const char *phd_choice_name(uint16_t c) { return NAME_OF(choices, c); }
const char *phd_aare_result_name(uint16_t r) { return NAME_OF(aare_results, r); }
const char *phd_abort_reason_name(uint16_t r) { return NAME_OF(abort_reasons, r); }
const char *phd_roer_name(uint16_t e) { return NAME_OF(roer_names, e); }
const char *phd_rorj_name(uint16_t p) { return NAME_OF(rorj_names, p); }

bool phd_choice_known(uint16_t c)
{
	return strcmp(phd_choice_name(c), "unknown") != 0;
}

/* ---- DataApdu message layouts (§1.2), one row per message ----
 * fields, in order: H obj-handle, T RelativeTime, Y OID (event/action
 * type), C u16 code, A ANY (u16 length + bytes), L SEQUENCE OF (count,
 * length, elements) of the row's element kind. */
enum list_kind { LIST_NONE, LIST_OID, LIST_ATTR, LIST_MOD };

static const struct layout {
	uint16_t choice;
	const char *name;
	const char *fields;
	enum list_kind list;
} layouts[] = {
	{PHD_ROIV_EVENT, "roiv-cmip-event-report", "HTYA", LIST_NONE},
	{PHD_ROIV_CEVENT, "roiv-cmip-confirmed-event-report", "HTYA", LIST_NONE},
	{PHD_ROIV_GET, "roiv-cmip-get", "HL", LIST_OID},
	{PHD_ROIV_SET, "roiv-cmip-set", "HL", LIST_MOD},
	{PHD_ROIV_CSET, "roiv-cmip-confirmed-set", "HL", LIST_MOD},
	{PHD_ROIV_ACTION, "roiv-cmip-action", "HYA", LIST_NONE},
	{PHD_ROIV_CACTION, "roiv-cmip-confirmed-action", "HYA", LIST_NONE},
	{PHD_RORS_CEVENT, "rors-cmip-confirmed-event-report", "HTYA", LIST_NONE},
	{PHD_RORS_GET, "rors-cmip-get", "HL", LIST_ATTR},
	{PHD_RORS_CSET, "rors-cmip-confirmed-set", "HL", LIST_ATTR},
	{PHD_RORS_CACTION, "rors-cmip-confirmed-action", "HYA", LIST_NONE},
	{PHD_ROER, "roer", "CA", LIST_NONE},
	{PHD_RORJ, "rorj", "C", LIST_NONE},
};

static const struct layout *layout_of(uint16_t choice)
{
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (layouts[i].choice == choice)
			return &layouts[i];
	return NULL;
}

const char *phd_msg_name(uint16_t msg)
{
	const struct layout *l = layout_of(msg);

	return l ? l->name : "unknown";
}

/* ---- attribute lists ---- */

bool phd_attr_next(struct phd_blob list, size_t *off, struct phd_attr *a)
{
	size_t o = *off;

	if (o + 4 > list.len)
		return false;
	a->id = phd_u16(list.p + o);
	a->value.len = phd_u16(list.p + o + 2);
	if (o + 4 + a->value.len > list.len)
		return false;
	a->value.p = list.p + o + 4;
	*off = o + 4 + a->value.len;
	return true;
}

int phd_attr_list_check(struct phd_blob list, uint16_t count, const char *what,
			struct phd_viol *v)
{
	struct phd_attr a;
	size_t off = 0, n = 0;

	while (phd_attr_next(list, &off, &a))
		n++;
	if (off != list.len)
		return phd_viol_add(v, false,
				    "%s: attribute %zu is cut short (%zu of %u bytes used)",
				    what, n + 1, off, list.len);
	if (n != count)
		return phd_viol_add(v, false, "%s: count says %u attributes, its %u bytes hold %zu",
				    what, count, list.len, n);
	return CC_OK;
}

/* The elements of a SEQUENCE OF against its count. */
static void list_check(enum list_kind k, struct phd_blob b, uint16_t count,
		       const char *what, struct phd_viol *v)
{
	size_t off = 0, n = 0;

	switch (k) {
	case LIST_OID:
		if (b.len != 2u * count)
			phd_viol_add(v, false, "%s: count %u OIDs needs %u bytes, length says %u",
				     what, count, 2u * count, b.len);
		return;
	case LIST_ATTR:
		phd_attr_list_check(b, count, what, v);
		return;
	case LIST_MOD:
		/* {modify-operator u16, AVA {id u16, len u16, value}} */
		while (off + 6 <= b.len && off + 6 + phd_u16(b.p + off + 4) <= b.len) {
			if (phd_u16(b.p + off) > 3)
				phd_viol_add(v, false, "%s: modify-operator %u is not 0-3",
					     what, phd_u16(b.p + off));
			off += 6 + phd_u16(b.p + off + 4);
			n++;
		}
		if (off != b.len || n != count)
			phd_viol_add(v, false, "%s: count says %u modifications, its %u bytes hold %zu%s",
				     what, count, b.len, n, off != b.len ? " and a cut one" : "");
		return;
	case LIST_NONE:
		return;
	}
}

/* ---- association information ---- */

static void assoc_info_read(struct rd *r, struct phd_assoc_info *ai)
{
	ai->protocol_version = rd32(r, "protocol-version");
	ai->encoding_rules = rd16(r, "encoding-rules");
	ai->nomenclature_version = rd32(r, "nomenclature-version");
	ai->functional_units = rd32(r, "functional-units");
	ai->system_type = rd32(r, "system-type");
	uint16_t idlen = rd16(r, "system-id length");
	ai->system_id = rdblob(r, idlen, "system-id");
	ai->dev_config_id = rd16(r, "dev-config-id");
	ai->data_req_flags = rd16(r, "data-req-mode-flags");
	ai->data_req_agent_count = rd8(r, "data-req-init-agent-count");
	ai->data_req_manager_count = rd8(r, "data-req-init-manager-count");
	ai->option_count = rd16(r, "option-list count");
	uint16_t olen = rd16(r, "option-list length");
	ai->options = rdblob(r, olen, "option-list");
	if (!r->short_read)
		phd_attr_list_check(ai->options, ai->option_count, "option-list", r->v);
	rd_end(r);
}

static void data_proto_read(struct rd *r, struct phd_data_proto *dp)
{
	dp->id = rd16(r, "data-proto-id");
	uint16_t len = rd16(r, "data-proto-info length");
	struct rd s = rd_sub(r, len, "data-proto-info");

	dp->is_20601 = dp->id == PHD_PROTO_20601;
	if (dp->is_20601) {
		assoc_info_read(&s, &dp->ai);
		dp->info = (struct phd_blob){s.p, (uint16_t)s.n};
	} else {
		memset(&dp->ai, 0, sizeof(dp->ai));
		dp->info = (struct phd_blob){s.p, (uint16_t)s.n};
	}
}

/* ---- decode ---- */

size_t phd_apdu_size(const uint8_t *p, size_t n)
{
	return n < PHD_HDR_LEN ? 0 : (size_t)phd_u16(p + 2) + PHD_HDR_LEN;
}

int phd_apdu_frame(const uint8_t *p, size_t n, size_t cap, size_t *size)
{
	if (n < PHD_HDR_LEN)
		return 0;
	*size = phd_apdu_size(p, n);
	if (!phd_choice_known(phd_u16(p)) || *size > cap)
		return -1;
	return n >= *size ? 1 : 0;
}

static void data_read(struct rd *r, struct phd_data *d)
{
	d->invoke_id = rd16(r, "invoke-id");
	d->choice = rd16(r, "message choice");
	uint16_t mlen = rd16(r, "message length");
	const struct layout *l = layout_of(d->choice);
	char where[64];

	snprintf(where, sizeof(where), "%s", l ? l->name : "message");
	struct rd m = rd_sub(r, mlen, where);

	if (!l) {
		if (!r->short_read)
			phd_viol_add(r->v, false, "unknown DataApdu message choice 0x%04X",
				     d->choice);
		d->arg = (struct phd_blob){m.p, (uint16_t)m.n};
		return;
	}
	for (const char *f = l->fields; *f; f++) {
		switch (*f) {
		case 'H': d->handle = rd16(&m, "obj-handle"); break;
		case 'T': d->time = rd32(&m, "time"); break;
		case 'Y': d->type = rd16(&m, "type OID"); break;
		case 'C': d->code = rd16(&m, "code"); break;
		case 'A': {
			uint16_t len = rd16(&m, "ANY length");
			d->arg = rdblob(&m, len, "ANY");
			break;
		}
		case 'L': {
			d->count = rd16(&m, "list count");
			uint16_t len = rd16(&m, "list length");
			d->arg = rdblob(&m, len, "list");
			if (!m.short_read)
				list_check(l->list, d->arg, d->count, l->name, r->v);
			break;
		}
		}
	}
	rd_end(&m);
}

int phd_apdu_decode(const uint8_t *p, size_t n, struct phd_apdu *a,
		    struct phd_viol *v)
{
	size_t before = v->errors;
	struct rd r = {p, n, 0, false, v, "APDU"};

	memset(a, 0, sizeof(*a));
	a->choice = rd16(&r, "choice");
	a->length = rd16(&r, "length");
	if (r.short_read)
		return CC_EPROTO;
	if (!phd_choice_known(a->choice))
		return phd_viol_add(v, false, "unknown APDU choice 0x%04X", a->choice);
	if (a->length != n - PHD_HDR_LEN)
		phd_viol_add(v, false, "APDU length says %u bytes, %zu follow the header",
			     a->length, n - PHD_HDR_LEN);
	struct rd b = rd_sub(&r, a->length, phd_choice_name(a->choice));

	switch (a->choice) {
	case PHD_AARQ: {
		a->assoc_version = rd32(&b, "assoc-version");
		a->nproto = rd16(&b, "data-proto-list count");
		uint16_t len = rd16(&b, "data-proto-list length");
		struct rd l = rd_sub(&b, len, "data-proto-list");
		size_t k = 0;

		while (l.off < l.n && !l.short_read) {
			struct phd_data_proto dp;

			data_proto_read(&l, &dp);
			if (k < PHD_MAX_PROTO)
				a->proto[k] = dp;
			k++;
		}
		if (!l.short_read && k != a->nproto)
			phd_viol_add(v, false, "data-proto-list: count says %u, its %u bytes hold %zu",
				     a->nproto, len, k);
		break;
	}
	case PHD_AARE:
		a->result = rd16(&b, "result");
		data_proto_read(&b, &a->proto[0]);
		a->nproto = 1;
		break;
	case PHD_RLRQ:
	case PHD_RLRE:
	case PHD_ABRT:
		a->result = rd16(&b, "reason");
		break;
	case PHD_PRST: {
		uint16_t olen = rd16(&b, "octet string length");

		if (!b.short_read && olen != b.n - 2)
			phd_viol_add(v, false, "PRST octet string says %u bytes, the APDU holds %zu",
				     olen, b.n - 2);
		struct rd d = rd_sub(&b, olen, "DataApdu");

		data_read(&d, &a->data);
		rd_end(&d);
		break;
	}
	}
	rd_end(&b);
	return v->errors > before ? CC_EPROTO : CC_OK;
}

/* ---- encode ---- */

struct wr {
	uint8_t *p;
	size_t cap, off;
	bool over;
};

static void w16(struct wr *w, uint16_t x)
{
	if (w->off + 2 > w->cap) { w->over = true; return; }
	phd_put16(w->p + w->off, x);
	w->off += 2;
}

static void w32(struct wr *w, uint32_t x)
{
	if (w->off + 4 > w->cap) { w->over = true; return; }
	phd_put32(w->p + w->off, x);
	w->off += 4;
}

static void w8(struct wr *w, uint8_t x)
{
	if (w->off + 1 > w->cap) { w->over = true; return; }
	w->p[w->off++] = x;
}

static void wbytes(struct wr *w, struct phd_blob b)
{
	if (w->off + b.len > w->cap) { w->over = true; return; }
	if (b.len)
		memcpy(w->p + w->off, b.p, b.len);
	w->off += b.len;
}

/* Reserve a u16 length; patch it with phd_len_end once the body is out. */
static size_t wlen_begin(struct wr *w)
{
	size_t at = w->off;

	w16(w, 0);
	return at;
}

static bool wlen_end(struct wr *w, size_t at)
{
	size_t len = w->off - at - 2;

	if (w->over)
		return true;
	if (len > 0xFFFF)
		return false;
	phd_put16(w->p + at, (uint16_t)len);
	return true;
}

static bool data_proto_write(struct wr *w, const struct phd_data_proto *dp)
{
	w16(w, dp->id);
	if (!dp->is_20601) {
		w16(w, dp->info.len);
		wbytes(w, dp->info);
		return true;
	}
	const struct phd_assoc_info *ai = &dp->ai;
	size_t at = wlen_begin(w);

	w32(w, ai->protocol_version);
	w16(w, ai->encoding_rules);
	w32(w, ai->nomenclature_version);
	w32(w, ai->functional_units);
	w32(w, ai->system_type);
	w16(w, ai->system_id.len);
	wbytes(w, ai->system_id);
	w16(w, ai->dev_config_id);
	w16(w, ai->data_req_flags);
	w8(w, ai->data_req_agent_count);
	w8(w, ai->data_req_manager_count);
	w16(w, ai->option_count);
	w16(w, ai->options.len);
	wbytes(w, ai->options);
	return wlen_end(w, at);
}

int phd_apdu_encode(const struct phd_apdu *a, uint8_t *out, size_t cap,
		    size_t *len)
{
	struct wr w = {out, cap, 0, false};
	bool ok = true;

	*len = 0;
	if (!phd_choice_known(a->choice))
		return CC_EINVAL;
	w16(&w, a->choice);
	size_t top = wlen_begin(&w);

	switch (a->choice) {
	case PHD_AARQ: {
		size_t k = a->nproto < PHD_MAX_PROTO ? a->nproto : PHD_MAX_PROTO;

		w32(&w, a->assoc_version);
		w16(&w, (uint16_t)k);
		size_t at = wlen_begin(&w);

		for (size_t i = 0; i < k; i++)
			ok = data_proto_write(&w, &a->proto[i]) && ok;
		ok = wlen_end(&w, at) && ok;
		break;
	}
	case PHD_AARE:
		w16(&w, a->result);
		ok = data_proto_write(&w, &a->proto[0]);
		break;
	case PHD_RLRQ:
	case PHD_RLRE:
	case PHD_ABRT:
		w16(&w, a->result);
		break;
	case PHD_PRST: {
		const struct phd_data *d = &a->data;
		const struct layout *l = layout_of(d->choice);
		size_t oct = wlen_begin(&w);

		if (!l)
			return CC_EINVAL;
		w16(&w, d->invoke_id);
		w16(&w, d->choice);
		size_t msg = wlen_begin(&w);

		for (const char *f = l->fields; *f; f++) {
			switch (*f) {
			case 'H': w16(&w, d->handle); break;
			case 'T': w32(&w, d->time); break;
			case 'Y': w16(&w, d->type); break;
			case 'C': w16(&w, d->code); break;
			case 'A': w16(&w, d->arg.len); wbytes(&w, d->arg); break;
			case 'L':
				w16(&w, d->count);
				w16(&w, d->arg.len);
				wbytes(&w, d->arg);
				break;
			}
		}
		ok = wlen_end(&w, msg) && wlen_end(&w, oct);
		break;
	}
	}
	ok = wlen_end(&w, top) && ok;
	if (w.over)
		return CC_ETOOBIG;
	if (!ok)
		return CC_EINVAL;
	*len = w.off;
	return CC_OK;
}

void phd_apdu_summary(const struct phd_apdu *a, char *out, size_t outlen)
{
	const struct phd_data *d = &a->data;

	switch (a->choice) {
	case PHD_AARQ:
		snprintf(out, outlen, "AARQ dev-config-id 0x%04X",
			 a->proto[0].ai.dev_config_id);
		break;
	case PHD_AARE:
		snprintf(out, outlen, "AARE %s", phd_aare_result_name(a->result));
		break;
	case PHD_RLRQ:
	case PHD_RLRE:
		snprintf(out, outlen, "%s reason %u", phd_choice_name(a->choice),
			 a->result);
		break;
	case PHD_ABRT:
		snprintf(out, outlen, "ABRT %s", phd_abort_reason_name(a->result));
		break;
	case PHD_PRST:
		if (d->choice == PHD_ROER)
			snprintf(out, outlen, "PRST invoke %u roer %s", d->invoke_id,
				 phd_roer_name(d->code));
		else if (d->choice == PHD_RORJ)
			snprintf(out, outlen, "PRST invoke %u rorj %s", d->invoke_id,
				 phd_rorj_name(d->code));
		else
			snprintf(out, outlen, "PRST invoke %u %s handle %u type 0x%04X",
				 d->invoke_id, phd_msg_name(d->choice), d->handle,
				 d->type);
		break;
	default:
		snprintf(out, outlen, "unknown APDU 0x%04X", a->choice);
	}
}

/* ---- AbsoluteTime ---- */

static int bcd(uint8_t b)
{
	return (b >> 4) > 9 || (b & 15) > 9 ? -1 : (b >> 4) * 10 + (b & 15);
}

bool phd_abstime_decode(const uint8_t p[8], struct phd_abstime *t, char *why,
			size_t whylen)
{
	static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int f[8];

	for (int i = 0; i < 8; i++) {
		f[i] = bcd(p[i]);
		if (f[i] < 0) {
			snprintf(why, whylen, "byte %d (0x%02X) is not BCD", i, p[i]);
			return false;
		}
	}
	t->year = (unsigned)(f[0] * 100 + f[1]);
	t->month = (unsigned)f[2];
	t->day = (unsigned)f[3];
	t->hour = (unsigned)f[4];
	t->minute = (unsigned)f[5];
	t->second = (unsigned)f[6];
	t->frac = (unsigned)f[7];
	if (t->month < 1 || t->month > 12) {
		snprintf(why, whylen, "month %u", t->month);
		return false;
	}
	bool leap = (t->year % 4 == 0 && t->year % 100 != 0) || t->year % 400 == 0;
	unsigned md = t->month == 2 && !leap ? 28 : mdays[t->month - 1];
	if (t->day < 1 || t->day > md) {
		snprintf(why, whylen, "day %u of month %u", t->day, t->month);
		return false;
	}
	if (t->hour > 23 || t->minute > 59 || t->second > 59) {
		snprintf(why, whylen, "time %02u:%02u:%02u", t->hour, t->minute,
			 t->second);
		return false;
	}
	return true;
}

static uint8_t tobcd(unsigned v)
{
	v %= 100;
	return (uint8_t)((v / 10) << 4 | v % 10);
}

void phd_abstime_encode(const struct phd_abstime *t, uint8_t p[8])
{
	p[0] = tobcd(t->year / 100);
	p[1] = tobcd(t->year);
	p[2] = tobcd(t->month);
	p[3] = tobcd(t->day);
	p[4] = tobcd(t->hour);
	p[5] = tobcd(t->minute);
	p[6] = tobcd(t->second);
	p[7] = tobcd(t->frac);
}
