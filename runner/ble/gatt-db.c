/* SPDX-License-Identifier: MIT */
#include "ble/gatt-db.h"
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void finding(struct gatt_db_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void finding(struct gatt_db_report *r, const char *fmt, ...)
{
	va_list ap;

	if (r->n == GATT_DB_MAX_FINDINGS) {
		r->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(r->findings[r->n++], sizeof(r->findings[0]), fmt, ap);
	va_end(ap);
}

/* An Error Response other than Attribute Not Found ends a check too. */
static int answered(int rc, const struct att_error *err, bool *done)
{
	*done = rc == GATT_ERR_RSP && err->code == 0x0A;
	if (*done)
		return CC_OK;
	return rc == GATT_ERR_RSP ? CC_EPROTO : rc;
}

/* Find By Type Value of one service UUID over the whole handle space. */
static int by_type(struct gatt_client *c, const struct gatt_service *sv, int64_t deadline,
		   struct gatt_db_report *r, char *why, size_t whylen)
{
	uint8_t uuid[2] = { (uint8_t)sv->uuid, (uint8_t)(sv->uuid >> 8) };
	uint32_t start = 1;
	bool own = false;
	struct buf req, rsp;
	int rc = CC_OK;

	buf_init(&req, 16);
	buf_init(&rsp, 4096);
	while (!rc && start <= 0xFFFF) {
		struct att_handles h[ATT_MAX_ENTRIES];
		struct att_error err;
		size_t n;
		bool done;

		buf_reset(&req);
		rc = att_build_find_by_type(&req, (uint16_t)start, 0xFFFF, GATT_PRIMARY_SERVICE,
					    uuid, 2);
		if (!rc)
			rc = answered(gatt_request(c, &req, ATT_FIND_BY_TYPE_RSP, &rsp, deadline, &err,
						   why, whylen), &err, &done);
		if (rc || done)
			break;
		if ((rc = att_parse_handles(rsp.data, rsp.len, h, ATT_MAX_ENTRIES, &n, why, whylen)))
			break;
		for (size_t i = 0; i < n; i++) {
			const struct gatt_service *g = NULL;

			if (h[i].found < start) {
				snprintf(why, whylen, "Find By Type Value went back to 0x%04X",
					 h[i].found);
				rc = CC_EPROTO;
				break;
			}
			r->by_type++;
			for (size_t k = 0; k < c->nservices; k++)
				if (c->services[k].start == h[i].found)
					g = &c->services[k];
			if (!g || g->uuid != sv->uuid)
				finding(r, "Find By Type Value of service 0x%04X found 0x%04X..0x%04X, which Read By Group Type did not",
					sv->uuid, h[i].found, h[i].end);
			else if (g->end != h[i].end)
				finding(r, "service 0x%04X ends at 0x%04X by Find By Type Value, at 0x%04X by Read By Group Type",
					sv->uuid, h[i].end, g->end);
			own |= g == sv;
			start = (uint32_t)h[i].end + 1;
			if (h[i].end == 0xFFFF)
				start = 0x10000;
		}
	}
	if (!rc && !own)
		finding(r, "Find By Type Value of service 0x%04X does not find it at 0x%04X",
			sv->uuid, sv->start);
	if (rc)
		snprintf(why + strlen(why), whylen - strlen(why), " (Find By Type Value of 0x%04X)",
			 sv->uuid);
	buf_release(&req);
	buf_release(&rsp);
	return rc;
}

static const struct gatt_service *service_holding(const struct gatt_client *c, uint16_t h)
{
	for (size_t i = 0; i < c->nservices; i++)
		if (h >= c->services[i].start && h <= c->services[i].end)
			return &c->services[i];
	return NULL;
}

/* Find Information over 0x0001..0xFFFF: every attribute in a service. */
static int walk(struct gatt_client *c, int64_t deadline, struct gatt_db_report *r, char *why,
		size_t whylen)
{
	uint32_t start = 1;
	struct buf req, rsp;
	int rc = CC_OK;

	buf_init(&req, 16);
	buf_init(&rsp, 4096);
	while (!rc && start <= 0xFFFF) {
		struct att_info inf[ATT_MAX_ENTRIES];
		struct att_error err;
		size_t n;
		bool done;

		buf_reset(&req);
		rc = att_build_range(&req, ATT_FIND_INFO_REQ, (uint16_t)start, 0xFFFF, 0);
		if (!rc)
			rc = answered(gatt_request(c, &req, ATT_FIND_INFO_RSP, &rsp, deadline, &err,
						   why, whylen), &err, &done);
		if (rc || done)
			break;
		if ((rc = att_parse_info(rsp.data, rsp.len, inf, ATT_MAX_ENTRIES, &n, why, whylen)))
			break;
		for (size_t i = 0; i < n; i++) {
			if (inf[i].handle < start) {
				snprintf(why, whylen, "Find Information went back to 0x%04X",
					 inf[i].handle);
				rc = CC_EPROTO;
				break;
			}
			r->attributes++;
			if (!service_holding(c, inf[i].handle))
				finding(r, "attribute 0x%04X (type 0x%04X) lies in no service",
					inf[i].handle, att_uuid16(&inf[i].uuid));
			start = (uint32_t)inf[i].handle + 1;
		}
	}
	if (rc)
		snprintf(why + strlen(why), whylen - strlen(why), " (Find Information walk)");
	buf_release(&req);
	buf_release(&rsp);
	return rc;
}

int gatt_db_check(struct gatt_client *c, int64_t deadline, struct gatt_db_report *r,
		  char *why, size_t whylen)
{
	int rc = CC_OK;

	memset(r, 0, sizeof(*r));
	why[0] = 0;
	if (!c->discovered) {
		snprintf(why, whylen, "the database was not discovered");
		return CC_EINVAL;
	}
	for (size_t i = 0; i < c->nservices; i++) {
		const struct gatt_service *s = &c->services[i];

		for (size_t k = 0; k < c->nservices; k++)
			if (k != i && c->services[k].start >= s->start &&
			    c->services[k].start <= s->end)
				finding(r, "services 0x%04X (0x%04X..0x%04X) and 0x%04X (0x%04X..0x%04X) overlap",
					s->uuid, s->start, s->end, c->services[k].uuid,
					c->services[k].start, c->services[k].end);
		for (size_t k = 0; k < s->nchars; k++) {
			const struct gatt_char *ch = &s->chars[k];

			if (ch->value != ch->decl + 1)
				finding(r, "characteristic 0x%04X declared at 0x%04X has its value at 0x%04X (must be 0x%04X)",
					ch->uuid, ch->decl, ch->value, ch->decl + 1);
			if (ch->value > s->end)
				finding(r, "characteristic 0x%04X has its value at 0x%04X, past its service's end 0x%04X",
					ch->uuid, ch->value, s->end);
			if (ch->ncccds > 1)
				finding(r, "characteristic 0x%04X has %u CCCDs (at most one)", ch->uuid,
					ch->ncccds);
		}
	}
	for (size_t i = 0; !rc && i < c->nservices; i++) {
		bool seen = false;

		for (size_t k = 0; k < i; k++) /* one search per UUID */
			seen |= c->services[k].uuid == c->services[i].uuid;
		if (!seen)
			rc = by_type(c, &c->services[i], deadline, r, why, whylen);
	}
	if (!rc)
		rc = walk(c, deadline, r, why, whylen);
	return rc;
}
