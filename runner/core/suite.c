/* SPDX-License-Identifier: MIT */
#include "core/suite.h"
#include "core/suite-internal.h"
#include "base/err.h"
#include "base/rx.h"
#include "base/units.h"
#include "base/ydoc.h"
#include "core/vars.h"
#include "core/step.h"
#include "transport/transport.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_CASE_TIMEOUT_NS (30LL * 1000000000LL)
#define DEFAULT_EXPECT_NS (2LL * 1000000000LL)
#define MAX_RETRIES 10

static const char *const step_names[STEP_KIND_COUNT] = {
	[STEP_SEND] = "send",     [STEP_EXPECT] = "expect",
	[STEP_SILENCE] = "silence", [STEP_ASSERT] = "assert",
	[STEP_STORE] = "store",   [STEP_REPEAT] = "repeat",
	[STEP_DELAY] = "delay",
	[STEP_GATT_DISCOVER] = "gatt_discover",
	[STEP_GATT_SERVICE] = "gatt_service",
	[STEP_GATT_READ] = "gatt_read",
	[STEP_GATT_WRITE] = "gatt_write",
	[STEP_GATT_SUBSCRIBE] = "gatt_subscribe",
	[STEP_GATT_EXPECT] = "gatt_expect",
	[STEP_GATT_SILENCE] = "gatt_silence",
	[STEP_GATT_CONFIRM] = "gatt_confirm",
	[STEP_GATT_COLLECT] = "gatt_collect",
	[STEP_GATT_DATABASE] = "gatt_database",
	[STEP_LINK] = "link",
	[STEP_ACCURACY] = "accuracy",
	[STEP_APPEND] = "append",
	[STEP_ECG_COMPARE] = "ecg_compare",
	[STEP_INSTRUMENT] = "instrument",
	[STEP_PAIR] = "pair",
	[STEP_HR_RESPONSE] = "hr_response",
	[STEP_ACTIVITY_COMPARE] = "activity_compare",
	[STEP_EVENT_COMPARE] = "event_compare",
	[STEP_VITALS_COMPARE] = "vitals_compare",
	[STEP_ALARM_COLLECT] = "alarm_collect",
	[STEP_HTTP_REQUEST] = "http_request",
	[STEP_HTTP_EXPECT] = "http_expect",
	[STEP_HTTP_LOAD] = "http_load",
	[STEP_HTTP_SERVE] = "http_serve",
	[STEP_HTTP_RECEIVE] = "http_receive",
	[STEP_WEB_OPEN] = "web_open",
	[STEP_WEB_AUDIT] = "web_audit",
	[STEP_WEB_SCREENSHOT] = "web_screenshot",
	[STEP_WEB_EXPECT] = "web_expect",
	[STEP_WEB_CLICK] = "web_click",
	[STEP_WEB_TYPE] = "web_type",
	[STEP_ON] = "on",
	[STEP_NMEA_TRACK] = "nmea_track",
	[STEP_POS_JUDGE] = "pos_judge",
	[STEP_TAG_TRACK] = "tag_track",
	[STEP_PHD_ASSOCIATE] = "phd_associate",
	[STEP_PHD_GET_MDS] = "phd_get_mds",
	[STEP_PHD_MEASUREMENT] = "phd_measurement",
	[STEP_PHD_RELEASE] = "phd_release",
	[STEP_PHD_ILLEGAL] = "phd_illegal",
	[STEP_PHD_SET_TIME] = "phd_set_time",
	[STEP_FALL_REPLAY] = "fall_replay",
	[STEP_FALL_JUDGE] = "fall_judge",
	[STEP_FALL_TIMES] = "fall_times",
	[STEP_GEOFENCE_TIMES] = "geofence_times",
};

const char *step_kind_name(enum step_kind k)
{
	return (unsigned)k < STEP_KIND_COUNT ? step_names[k] : "unknown";
}


char *suite_dup_str(const struct ynode *n, const char *what, struct diag *d)
{
	const char *s = n ? yscalar_str(n, what, d) : NULL;

	return s ? strdup(s) : NULL;
}

/* An optional string member; NULL when absent or invalid. */
static char *opt_str(const struct ynode *map, const char *key,
		     struct diag *d)
{
	return suite_dup_str(ymap_get(map, key), key, d);
}

static char *req_str(const struct ynode *map, const char *key,
		     struct diag *d)
{
	return suite_dup_str(ymap_require(map, key, d), key, d);
}

bool suite_compile_re(const struct ynode *n, const char *pattern, regex_t *re,
		       struct diag *d)
{
	char msg[160];

	if (!rx_compile(re, pattern, 0, msg, sizeof(msg)))
		return true;
	ynode_error(n, d, "bad regular expression '%s': %s", pattern, msg);
	return false;
}

/* Suite ids name files; case ids may also take the '/' of the SIG test
 * ids (GLS/SEN/SPR/BV-01-C) that labs map results onto. */
static bool valid_id(const char *s, const char *extra)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.", *s) && !strchr(extra, *s))
			return false;
	return true;
}

bool suite_valid_name(const char *s)
{
	if (!*s || isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* ---- framing ---- */

static int parse_hex_bytes(const char *s, uint8_t *out, size_t cap,
			   size_t *len)
{
	size_t n = 0;

	while (*s) {
		unsigned v;
		int used;

		if (isspace((unsigned char)*s)) {
			s++;
			continue;
		}
		if (sscanf(s, "%2x%n", &v, &used) != 1 || used != 2 ||
		    n == cap)
			return CC_EINVAL;
		out[n++] = (uint8_t)v;
		s += 2;
	}
	*len = n;
	return CC_OK;
}

static void load_line_format(struct loader *L, const struct ynode *n)
{
	static const char *const keys[] = { "prefix", "terminator", "checksum",
					    "separator", "max_length", NULL };
	struct line_format *f = &L->s->line;
	const struct ynode *v;
	const char *str;
	long l;

	/* defaults: plain text lines ending in CR LF */
	strcpy(f->terminator, "\r\n");
	f->max_len = 256;
	if (!n || !ynode_expect(n, YNODE_MAP, "line", L->d))
		return;
	ymap_check_keys(n, keys, L->d);
	if ((v = ymap_get(n, "prefix")) && (str = yscalar_str(v, "prefix", L->d))) {
		if (strlen(str) >= sizeof(f->prefix))
			ynode_error(v, L->d, "prefix longer than %zu bytes",
				    sizeof(f->prefix) - 1);
		else
			strcpy(f->prefix, str);
	}
	if ((v = ymap_get(n, "terminator")) &&
	    (str = yscalar_str(v, "terminator", L->d))) {
		/* framer.h: never empty (no line would ever end) */
		if (!*str || strlen(str) >= sizeof(f->terminator))
			ynode_error(v, L->d, "terminator must be 1 to %zu bytes",
				    sizeof(f->terminator) - 1);
		else
			strcpy(f->terminator, str);
	}
	if ((v = ymap_get(n, "checksum")) &&
	    (str = yscalar_str(v, "checksum", L->d)) &&
	    checksum_from_name(str, &f->checksum))
		ynode_error(v, L->d, "unknown checksum '%s' (known: %s)", str,
			    checksum_names());
	if ((v = ymap_get(n, "separator")) &&
	    (str = yscalar_str(v, "separator", L->d))) {
		if (strlen(str) != 1)
			ynode_error(v, L->d, "separator must be one character");
		else
			f->checksum_sep = str[0];
	}
	if (f->checksum && !f->checksum_sep)
		ynode_error(n, L->d, "a line checksum needs a 'separator'");
	if ((v = ymap_get(n, "max_length")) &&
	    yscalar_long(v, "max_length", 4, BUF_MAX_FRAME, &l, L->d))
		f->max_len = (size_t)l;
}

static void load_fields(struct loader *L, struct frame_def *fd,
			const struct ynode *n)
{
	static const char *const keys[] = { "name", "offset", "type", NULL };

	if (!ynode_expect(n, YNODE_SEQ, "fields", L->d))
		return;
	fd->fields = calloc(n->n, sizeof(*fd->fields));
	if (!fd->fields)
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *f = n->items[i], *v;
		struct field_def *def = &fd->fields[fd->nfields];
		const char *t;
		long off;

		if (!ynode_expect(f, YNODE_MAP, "a field", L->d))
			continue;
		ymap_check_keys(f, keys, L->d);
		def->name = req_str(f, "name", L->d);
		if (def->name && !suite_valid_name(def->name))
			ynode_error(f, L->d, "field name '%s' must be letters, digits and _",
				    def->name);
		if ((v = ymap_require(f, "offset", L->d)))
			if (yscalar_long(v, "offset", 0, BUF_MAX_FRAME, &off, L->d))
				def->offset = (size_t)off;
		if ((v = ymap_require(f, "type", L->d)) &&
		    (t = yscalar_str(v, "type", L->d)) &&
		    field_type_from_name(t, &def->type))
			ynode_error(v, L->d,
				    "unknown field type '%s' (u8, i8, u16le, u16be, i16le, i16be, u32le, u32be, i32le, i32be)",
				    t);
		fd->nfields++;
	}
}

static void load_frame_def(struct loader *L, struct frame_def *fd,
			   const struct ynode *n)
{
	static const char *const keys[] = { "header", "length", "checksum",
					    "min_length", "max_length",
					    "fields", NULL };
	static const char *const len_keys[] = { "offset", "size", "endian",
						"adjust", NULL };
	static const char *const cs_keys[] = { "algorithm", "from", "endian",
					       NULL };
	struct bin_format *f = &fd->fmt;
	const struct ynode *v, *m;
	const char *str;
	long l = 0;

	f->max_len = 1024;
	if (!ynode_expect(n, YNODE_MAP, "a frame format", L->d))
		return;
	ymap_check_keys(n, keys, L->d);
	if ((v = ymap_get(n, "header")) && (str = yscalar_str(v, "header", L->d)) &&
	    parse_hex_bytes(str, f->header, sizeof(f->header), &f->header_len))
		ynode_error(v, L->d, "header must be up to 8 hex bytes, e.g. \"A5 5A\"");
	if ((m = ymap_require(n, "length", L->d)) &&
	    ynode_expect(m, YNODE_MAP, "length", L->d)) {
		ymap_check_keys(m, len_keys, L->d);
		if ((v = ymap_require(m, "offset", L->d)) &&
		    yscalar_long(v, "length offset", 0, 1024, &l, L->d))
			f->len_offset = (size_t)l;
		f->len_size = 1;
		if ((v = ymap_get(m, "size"))) {
			if (yscalar_long(v, "length size", 1, 4, &l, L->d) &&
			    (l == 3))
				ynode_error(v, L->d, "length size must be 1, 2 or 4");
			else if (l >= 1 && l <= 4)
				f->len_size = (size_t)l;
		}
		if ((v = ymap_get(m, "endian")) &&
		    (str = yscalar_str(v, "endian", L->d))) {
			if (!strcmp(str, "big"))
				f->len_big_endian = true;
			else if (strcmp(str, "little"))
				ynode_error(v, L->d, "endian must be big or little");
		}
		if ((v = ymap_get(m, "adjust")) &&
		    yscalar_long(v, "length adjust", -1024, 1024, &l, L->d))
			f->len_adjust = l;
	}
	if ((m = ymap_get(n, "checksum")) &&
	    ynode_expect(m, YNODE_MAP, "checksum", L->d)) {
		ymap_check_keys(m, cs_keys, L->d);
		if ((v = ymap_require(m, "algorithm", L->d)) &&
		    (str = yscalar_str(v, "algorithm", L->d)) &&
		    checksum_from_name(str, &f->checksum))
			ynode_error(v, L->d, "unknown checksum '%s' (known: %s)",
				    str, checksum_names());
		if ((v = ymap_get(m, "from")) &&
		    yscalar_long(v, "checksum from", 0, 1024, &l, L->d))
			f->checksum_from = (size_t)l;
		if ((v = ymap_get(m, "endian")) &&
		    (str = yscalar_str(v, "endian", L->d))) {
			if (!strcmp(str, "big"))
				f->checksum_big_endian = true;
			else if (strcmp(str, "little"))
				ynode_error(v, L->d, "endian must be big or little");
		}
	}
	if ((v = ymap_get(n, "min_length")) &&
	    yscalar_long(v, "min_length", 1, BUF_MAX_FRAME, &l, L->d))
		f->min_len = (size_t)l;
	if ((v = ymap_get(n, "max_length")) &&
	    yscalar_long(v, "max_length", 1, BUF_MAX_FRAME, &l, L->d))
		f->max_len = (size_t)l;
	if ((v = ymap_get(n, "fields")))
		load_fields(L, fd, v);
}

static void load_frames(struct loader *L, const struct ynode *n)
{
	if (!ynode_expect(n, YNODE_MAP, "frames", L->d))
		return;
	L->s->frames = calloc(n->n, sizeof(*L->s->frames));
	if (!L->s->frames)
		return;
	for (size_t i = 0; i < n->n; i++) {
		struct frame_def *fd = &L->s->frames[L->s->nframes++];

		fd->name = strdup(n->pairs[i].key->str);
		if (fd->name)
			strmap_put(&L->s->frame_index, fd->name, fd, NULL);
		load_frame_def(L, fd, n->pairs[i].value);
	}
}

static const struct frame_def *find_frame(const struct suite *s,
					  const char *name)
{
	return strmap_get(&s->frame_index, name);
}

/* ---- requirements, features, limits ---- */

static bool load_requirement(struct loader *L, struct requirement *r,
			     const struct ynode *n, bool catalogue)
{
	static const char *const keys[] = { "standard", "clause", "title",
					    "title_zh", NULL };
	static const char *const case_keys[] = { "standard", "clause", NULL };

	if (!ynode_expect(n, YNODE_MAP, "a requirement", L->d))
		return false;
	ymap_check_keys(n, catalogue ? keys : case_keys, L->d);
	r->standard = req_str(n, "standard", L->d);
	r->clause = req_str(n, "clause", L->d);
	if (catalogue) {
		r->title = opt_str(n, "title", L->d);
		r->title_zh = opt_str(n, "title_zh", L->d);
	}
	if (r->standard && r->clause)
		return true;
	/* the entry is not kept: what it did have goes (the error is out) */
	free(r->standard);
	free(r->clause);
	free(r->title);
	free(r->title_zh);
	memset(r, 0, sizeof(*r));
	return false;
}

static void load_catalogue(struct loader *L, const struct ynode *n)
{
	if (!ynode_expect(n, YNODE_SEQ, "requirements", L->d))
		return;
	L->s->catalogue = calloc(n->n, sizeof(*L->s->catalogue));
	if (!L->s->catalogue)
		return;
	for (size_t i = 0; i < n->n; i++) {
		struct requirement *r = &L->s->catalogue[L->s->ncatalogue];

		if (!load_requirement(L, r, n->items[i], true))
			continue;
		L->s->ncatalogue++;
		strmap_put2(&L->s->catalogue_index, r->standard, r->clause, r, NULL);
	}
}

static void load_features(struct loader *L, const struct ynode *n)
{
	if (!ynode_expect(n, YNODE_MAP, "features", L->d))
		return;
	L->s->features = calloc(n->n, sizeof(*L->s->features));
	if (!L->s->features)
		return;
	for (size_t i = 0; i < n->n; i++) {
		struct feature_def *f = &L->s->features[L->s->nfeatures++];
		const struct ynode *k = n->pairs[i].key;

		if (!suite_valid_name(k->str))
			ynode_error(k, L->d, "feature name '%s' must be letters, digits and _",
				    k->str);
		f->name = strdup(k->str);
		if (f->name)
			strmap_put(&L->s->feature_index, f->name, f, NULL);
		f->description = suite_dup_str(n->pairs[i].value, "feature description",
					 L->d);
	}
}

static void load_limits(struct loader *L, const struct ynode *n)
{
	if (!ynode_expect(n, YNODE_MAP, "limits", L->d))
		return;
	L->s->limits = calloc(n->n, sizeof(*L->s->limits));
	if (!L->s->limits)
		return;
	for (size_t i = 0; i < n->n; i++) {
		struct limit_def *lim = &L->s->limits[L->s->nlimits++];
		const struct ynode *k = n->pairs[i].key, *v = n->pairs[i].value;
		struct quantity q;
		char err[160];

		if (!suite_valid_name(k->str))
			ynode_error(k, L->d, "limit name '%s' must be letters, digits and _",
				    k->str);
		lim->name = strdup(k->str);
		if (lim->name)
			strmap_put(&L->s->limit_index, lim->name, lim, NULL);
		lim->value = limit_value_dup(v, k->str, L->d);
		(void)q;
		(void)err;
	}
}

char *limit_value_dup(const struct ynode *v, const char *name, struct diag *d)
{
	struct quantity q;
	char err[160];

	if (v->type == YNODE_SEQ) {
		/* a table of numbers, kept as "a, b, c" */
		size_t len = 1;
		char *s;

		for (size_t i = 0; i < v->n; i++) {
			double x;

			if (v->items[i]->type != YNODE_SCALAR || !parse_number(v->items[i]->str, &x)) {
				ynode_error(v->items[i], d, "limit %s: a table of numbers only", name);
				return NULL;
			}
			len += strlen(v->items[i]->str) + 2;
		}
		if (!(s = calloc(1, len)))
			return NULL;
		for (size_t i = 0; i < v->n; i++) {
			if (i)
				strcat(s, ", ");
			strcat(s, v->items[i]->str);
		}
		return s;
	}
	if (!yscalar_str(v, name, d))
		return NULL;
	if (quantity_parse(v->str, &q, err, sizeof(err))) {
		ynode_error(v, d, "limit %s: %s", name, err);
		return NULL;
	}
	return strdup(v->str);
}

/* ---- steps ---- */

static void load_steps(struct loader *L, const struct ynode *n,
		       struct step **out, size_t *nout, unsigned depth);

bool suite_check_vars(struct loader *L, const struct ynode *n, const char *s)
{
	/* ${...} must be closed and name something plausible; what it names
	 * is only known at run time (captures), except limits */
	const char *p = s;

	while ((p = strstr(p, "${"))) {
		const char *e = strchr(p, '}');
		char name[128];
		size_t len;

		if (!e) {
			ynode_error(n, L->d, "unterminated ${ in '%s'", s);
			return false;
		}
		len = (size_t)(e - p - 2);
		if (!len || len >= sizeof(name)) {
			ynode_error(n, L->d, "bad variable reference in '%s'", s);
			return false;
		}
		memcpy(name, p + 2, len);
		name[len] = 0;
		if (!strncmp(name, "limit.", 6) &&
		    !suite_find_limit(L->s, name + 6)) {
			ynode_error(n, L->d, "unknown limit '%s' (define it under limits:)",
				    name + 6);
			return false;
		}
		if (!strncmp(name, "link.", 5)) { /* link.ID.PARAM */
			char *dot = strchr(name + 5, '.');

			if (dot)
				*dot = 0;
			if (!dot || !dot[1] || !suite_find_link(L->s, name + 5)) {
				ynode_error(n, L->d,
					    "'%s' names no link the suite declares under links: (${link.ID.PARAMETER})",
					    s);
				return false;
			}
			*dot = '.';
		}
		/* what defines it is known once the whole suite is loaded */
		suite_vars_use(L, n, name);
		p = e + 1;
	}
	return true;
}

/* The limit a text is exactly a reference to (${limit.NAME}), or NULL. */
static const struct limit_def *lone_limit(struct loader *L, const char *text)
{
	const char *end;
	char name[128];
	size_t len;

	if (strncmp(text, "${limit.", 8) || !(end = strchr(text, '}')) ||
	    end[1])
		return NULL;
	len = (size_t)(end - text - 8);
	if (len >= sizeof(name))
		return NULL;
	memcpy(name, text + 8, len);
	name[len] = 0;
	return suite_find_limit(L->s, name);
}

bool suite_check_quantity(struct loader *L, const struct ynode *n,
			  const char *key, const char *text, const char *unit,
			  bool delta, double *value)
{
	const struct limit_def *l = lone_limit(L, text);
	struct quantity q;
	char err[256];
	double v;

	if (value)
		*value = NAN;
	if (l) {
		if (!l->value)
			return false; /* reported with the limit */
		if (quantity_parse(l->value, &q, err, sizeof(err))) {
			ynode_error(
			    n, L->d,
			    "%s: limit %s is a table (%s), not one number", key,
			    l->name, l->value);
			return false;
		}
		if (quantity_in(key, l->value, unit, delta, &v, err,
				sizeof(err))) {
			ynode_error(n, L->d, "%s (limit %s)", err, l->name);
			return false;
		}
		return true;
	}
	if (strstr(text, "${"))
		return true; /* a capture or a stored value: checked when it
				runs */
	if (quantity_in(key, text, unit, delta, &v, err, sizeof(err))) {
		ynode_error(n, L->d, "%s", err);
		return false;
	}
	if (value)
		*value = v;
	return true;
}

/* The unit a literal or a lone limit carries into out ("" for a bare
 * number); false when only a run knows it or it is no quantity. */
static bool text_unit(struct loader *L, const char *text,
		      char out[UNIT_NAME_MAX])
{
	const struct limit_def *l;
	struct quantity q;
	char err[160];

	if (!text)
		return false;
	if ((l = lone_limit(L, text)))
		text = l->value;
	else if (strstr(text, "${"))
		return false;
	if (!text || quantity_parse(text, &q, err, sizeof(err)))
		return false;
	snprintf(out, UNIT_NAME_MAX, "%s", q.unit);
	return true;
}

void suite_check_range_units(struct loader *L, const struct ynode *map,
			     const char *in_unit, const char *unit)
{
	static const char *const keys[] = {"min", "max", "marginal"};
	char u[UNIT_NAME_MAX] = "";
	const struct ynode *w;

	if (in_unit && !strstr(in_unit, "${") && unit_known(in_unit))
		snprintf(u, sizeof(u), "%s", in_unit);
	else if (unit && !strstr(unit, "${") && unit_known(unit))
		snprintf(u, sizeof(u), "%s", unit);
	for (size_t i = 0; i < 3 && !u[0]; i++)
		if ((w = ymap_get(map, keys[i])) && w->type == YNODE_SCALAR)
			text_unit(L, w->str, u);
	if (!u[0])
		return; /* bare numbers, or only a run knows */
	for (size_t i = 0; i < 3; i++)
		if ((w = ymap_get(map, keys[i])) && w->type == YNODE_SCALAR)
			suite_check_quantity(L, w, keys[i], w->str, u, i == 2,
					     NULL);
}

char *suite_resolve_path(struct loader *L, const char *name)
{
	const char *slash = strrchr(L->s->path, '/');
	size_t n;
	char *path;

	if (name[0] == '/' || !slash)
		return strdup(name);
	n = (size_t)(slash - L->s->path) + strlen(name) + 2;
	if ((path = malloc(n)))
		snprintf(path, n, "%.*s/%s", (int)(slash - L->s->path),
			 L->s->path, name);
	return path;
}

char *suite_step_str(struct loader *L, const struct ynode *map,
		      const char *key)
{
	const struct ynode *v = ymap_get(map, key);
	char *s = suite_dup_str(v, key, L->d);

	if (s)
		suite_check_vars(L, v, s);
	return s;
}

/* A condition compares plain numbers (or text): a limit with a unit in it
 * would be compared as text, "12.5 >= 10 s", so it is refused. */
static bool condition_limits_plain(struct loader *L, const struct ynode *n,
				   const char *c)
{
	const char *p = c, *end;
	char name[128], u[UNIT_NAME_MAX];

	while ((p = strstr(p, "${limit.")) && (end = strchr(p, '}'))) {
		size_t len = (size_t)(end - p - 8);
		const struct limit_def *l;

		p = end + 1;
		if (len >= sizeof(name))
			continue;
		memcpy(name, end - len, len);
		name[len] = 0;
		l = suite_find_limit(L->s, name);
		if (l && text_unit(L, l->value, u) && u[0]) {
			ynode_error(n, L->d,
				    "condition '%s' compares plain numbers; "
				    "limit %s is %s: give it without a unit, "
				    "or hold the value with assert",
				    c, name, l->value);
			return false;
		}
	}
	return true;
}

bool suite_check_condition(struct loader *L, const struct ynode *n,
			    const char *c)
{
	static const char *const ops[] = { " == ", " != ", " <= ", " >= ",
					   " < ", " > ", NULL };

	for (size_t i = 0; ops[i]; i++)
		if (strstr(c, ops[i]))
			return suite_check_vars(L, n, c) &&
			       condition_limits_plain(L, n, c);
	ynode_error(n, L->d,
		    "condition '%s' must be 'A OP B' with OP one of == != < <= > >= (spaces around OP)",
		    c);
	return false;
}

static void load_send(struct loader *L, struct step *st, const struct ynode *v)
{
	static const char *const keys[] = { "line", "text", "hex", NULL };
	static const char *const modes[] = { [SEND_LINE] = "line",
					     [SEND_TEXT] = "text",
					     [SEND_HEX] = "hex" };
	int found = 0;

	if (!ynode_expect(v, YNODE_MAP, "send", L->d))
		return;
	ymap_check_keys(v, keys, L->d);
	for (int m = 0; m < 3; m++) {
		if (!ymap_get(v, modes[m]))
			continue;
		if (found++) /* the error below; the first is kept */
			continue;
		st->send_mode = (enum send_mode)m;
		st->data = suite_step_str(L, v, modes[m]);
	}
	if (found != 1)
		ynode_error(v, L->d, "send needs exactly one of line, text, hex");
	if (st->send_mode == SEND_LINE && !L->s->line.terminator[0])
		ynode_error(v, L->d, "send line needs the suite's line: format");
}

static void load_expect(struct loader *L, struct step *st,
			const struct ynode *v)
{
	static const char *const keys[] = { "line", "text", "frame", "within",
					    "capture", "skip", NULL };
	const struct ynode *w;
	int found = 0;

	st->within_ns = DEFAULT_EXPECT_NS;
	if (!ynode_expect(v, YNODE_MAP, "expect", L->d))
		return;
	ymap_check_keys(v, keys, L->d);
	if ((w = ymap_get(v, "line"))) {
		found++;
		st->expect_mode = EXPECT_LINE;
	}
	if ((w = ymap_get(v, "text")) && ++found)
		st->expect_mode = EXPECT_TEXT;
	if ((w = ymap_get(v, "frame")) && ++found)
		st->expect_mode = EXPECT_FRAME;
	if (found != 1) {
		ynode_error(v, L->d, "expect needs exactly one of line, text, frame");
		return;
	}
	if (st->expect_mode == EXPECT_FRAME) {
		const char *name = yscalar_str(ymap_get(v, "frame"), "frame", L->d);

		if (name && !(st->frame = find_frame(L->s, name)))
			ynode_error(ymap_get(v, "frame"), L->d,
				    "unknown frame format '%s' (define it under frames:)",
				    name);
		for (size_t i = 0; st->frame && i < st->frame->nfields; i++)
			suite_define_var(L, st->frame->fields[i].name);
		if (ymap_get(v, "capture") || ymap_get(v, "skip"))
			ynode_error(v, L->d,
				    "frame expectations capture their fields; capture/skip apply to lines");
	} else {
		w = ymap_get(v, st->expect_mode == EXPECT_LINE ? "line" : "text");
		st->pattern = suite_dup_str(w, "pattern", L->d);
		if (st->pattern)
			st->has_re = suite_compile_re(w, st->pattern, &st->re, L->d);
		if ((w = ymap_get(v, "capture"))) {
			st->capture = ynode_strv(w, "capture", L->d);
			for (size_t i = 0; st->capture && st->capture[i]; i++)
				suite_define_var(L, st->capture[i]);
			if (st->has_re && strv_len(st->capture) > st->re.re_nsub)
				ynode_error(w, L->d,
					    "%zu capture names but the pattern has %zu groups",
					    strv_len(st->capture), st->re.re_nsub);
		}
		if ((w = ymap_get(v, "skip"))) {
			st->skip = suite_dup_str(w, "skip", L->d);
			if (st->skip)
				st->has_skip = suite_compile_re(w, st->skip, &st->skip_re,
							  L->d);
		}
	}
	if ((w = ymap_get(v, "within")))
		yscalar_duration(w, "within", &st->within_ns, L->d);
}

static void load_assert(struct loader *L, struct step *st,
			const struct ynode *v)
{
	static const char *const keys[] = { "name", "value", "equals", "one_of",
					    "matches", "min", "max", "unit",
					    "in_unit", "marginal", "when", NULL };
	const struct ynode *w;

	if (!ynode_expect(v, YNODE_MAP, "assert", L->d))
		return;
	ymap_check_keys(v, keys, L->d);
	st->name = suite_step_str(L, v, "name");
	if (ymap_require(v, "value", L->d))
		st->value = suite_step_str(L, v, "value");
	st->equals = suite_step_str(L, v, "equals");
	if ((w = ymap_get(v, "one_of")))
		st->one_of = ynode_strv(w, "one_of", L->d);
	if ((w = ymap_get(v, "matches"))) {
		st->matches = suite_dup_str(w, "matches", L->d);
		if (st->matches)
			st->has_matches = suite_compile_re(w, st->matches,
						     &st->matches_re, L->d);
	}
	st->min = suite_step_str(L, v, "min");
	st->max = suite_step_str(L, v, "max");
	st->unit = suite_step_str(L, v, "unit");
	st->in_unit = suite_step_str(L, v, "in_unit");
	st->marginal = suite_step_str(L, v, "marginal");
	if ((w = ymap_get(v, "when")) &&
	    (st->when = suite_dup_str(w, "when", L->d)))
		suite_check_condition(L, w, st->when);
	if (!st->equals && !st->one_of && !st->matches && !st->min && !st->max)
		ynode_error(v, L->d,
			    "assert needs a check: equals, one_of, matches, min or max");
	if (st->marginal && !st->min && !st->max)
		ynode_error(v, L->d, "marginal needs min or max");
	if (st->in_unit && !unit_known(st->in_unit))
		ynode_error(ymap_get(v, "in_unit"), L->d, "unknown unit '%s'",
			    st->in_unit);
	if (st->unit && !strstr(st->unit, "${") && !unit_known(st->unit))
		ynode_error(ymap_get(v, "unit"), L->d, "unknown unit '%s'",
			    st->unit);
	suite_check_range_units(L, v, st->in_unit, st->unit);
}

static void load_store(struct loader *L, struct step *st,
		       const struct ynode *v)
{
	static const char *const keys[] = { "name", "value", "scope", NULL };
	const struct ynode *w;
	const char *scope;

	if (!ynode_expect(v, YNODE_MAP, "store", L->d))
		return;
	ymap_check_keys(v, keys, L->d);
	st->name = req_str(v, "name", L->d);
	if (st->name && !suite_valid_name(st->name))
		ynode_error(v, L->d, "variable name '%s' must be letters, digits and _",
			    st->name);
	suite_define_var(L, st->name);
	if (ymap_require(v, "value", L->d))
		st->value = suite_step_str(L, v, "value");
	if ((w = ymap_get(v, "scope")) && (scope = yscalar_str(w, "scope", L->d))) {
		if (!strcmp(scope, "run"))
			st->run_scope = true;
		else if (strcmp(scope, "case"))
			ynode_error(w, L->d, "scope must be case or run");
	}
}

static void load_repeat(struct loader *L, struct step *st,
			const struct ynode *v, unsigned depth)
{
	static const char *const keys[] = { "count", "max", "until", "steps",
					    NULL };
	const struct ynode *w;
	long l;

	st->max_iterations = 1000;
	if (!ynode_expect(v, YNODE_MAP, "repeat", L->d))
		return;
	ymap_check_keys(v, keys, L->d);
	st->count = suite_step_str(L, v, "count");
	if (st->count && !strstr(st->count, "${")) {
		if (yscalar_long(ymap_get(v, "count"), "count", 0,
				 SUITE_MAX_REPEAT, &l, L->d))
			st->max_iterations = l;
	} else if (st->count) {
		suite_check_quantity(L, ymap_get(v, "count"), "count",
				     st->count, "", false, NULL);
	}
	if ((w = ymap_get(v, "max")) &&
	    yscalar_long(w, "max", 1, SUITE_MAX_REPEAT, &l, L->d))
		st->max_iterations = l;
	if ((w = ymap_get(v, "until")) && (st->until = suite_dup_str(w, "until", L->d)))
		suite_check_condition(L, w, st->until);
	if (!st->count && !st->until)
		ynode_error(v, L->d, "repeat needs count or until");
	if ((w = ymap_require(v, "steps", L->d)))
		load_steps(L, w, &st->steps, &st->nsteps, depth + 1);
}

/* on: {link: gateway, steps: [...]}: the steps run on one of the suite's
 * links; they are checked against that link's transport. */
static void load_on(struct loader *L, struct step *st, const struct ynode *v,
		    unsigned depth)
{
	static const char *const keys[] = { "link", "steps", NULL };
	const struct link_def *ld = NULL;
	const struct ynode *w;
	const char *outer = L->transport;

	if (!ynode_expect(v, YNODE_MAP, "on", L->d))
		return;
	ymap_check_keys(v, keys, L->d);
	if ((w = ymap_require(v, "link", L->d)) &&
	    (st->link = suite_dup_str(w, "link", L->d)) &&
	    !(ld = suite_find_link(L->s, st->link)))
		ynode_error(w, L->d, "unknown link '%s': the suite declares its links under links:",
			    st->link);
	if (!(w = ymap_require(v, "steps", L->d)))
		return;
	/* an unknown link's steps are checked for all but their transport */
	L->transport = ld ? ld->transport : NULL;
	load_steps(L, w, &st->steps, &st->nsteps, depth + 1);
	L->transport = outer;
}

/* links: {gateway: {transport: http, title: ...}} */
static void load_links(struct loader *L, const struct ynode *n)
{
	static const char *const keys[] = { "transport", "title", "title_zh", NULL };

	if (!ynode_expect(n, YNODE_MAP, "links", L->d))
		return;
	L->s->links = calloc(n->n ? n->n : 1, sizeof(*L->s->links));
	if (!L->s->links)
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *k = n->pairs[i].key, *v = n->pairs[i].value;
		struct link_def *ld = &L->s->links[L->s->nlinks++];

		ld->id = strdup(k->str);
		if (ld->id)
			strmap_put(&L->s->link_index, ld->id, ld, NULL);
		ld->line = k->line;
		ld->col = k->col;
		if (!valid_id(k->str, ""))
			ynode_error(k, L->d, "bad link id '%s'", k->str);
		if (!ynode_expect(v, YNODE_MAP, "a link", L->d))
			continue;
		ymap_check_keys(v, keys, L->d);
		ld->transport = req_str(v, "transport", L->d);
		ld->title = opt_str(v, "title", L->d);
		ld->title_zh = opt_str(v, "title_zh", L->d);
		if (ld->transport && !transport_find(ld->transport))
			ynode_error(ymap_get(v, "transport"), L->d,
				    "unknown transport kind '%s' (known: %s)", ld->transport,
				    transport_kinds());
	}
}

const struct link_def *suite_find_link(const struct suite *s, const char *id)
{
	return strmap_get(&s->link_index, id);
}

/* append: {list: beats, value: "${t}", when: COND} */
static void load_append(struct loader *L, struct step *st, const struct ynode *v)
{
	static const char *const keys[] = { "list", "value", "when", NULL };

	if (!ynode_expect(v, YNODE_MAP, "append", L->d))
		return;
	ymap_check_keys(v, keys, L->d);
	if (ymap_require(v, "list", L->d))
		st->name = suite_step_str(L, v, "list");
	if (st->name && !suite_valid_name(st->name))
		ynode_error(ymap_get(v, "list"), L->d, "list must be letters, digits and _");
	suite_define_var(L, st->name);
	suite_define_prefix(L, st->name);
	if (ymap_require(v, "value", L->d))
		st->value = suite_step_str(L, v, "value");
	if (ymap_get(v, "when"))
		st->when = suite_step_str(L, v, "when");
}

static void load_step(struct loader *L, struct step *st, const struct ynode *n,
		      unsigned depth)
{
	const struct ynode *k, *v;
	int kind = -1;

	st->line = n->line;
	st->col = n->col;
	if (!ynode_expect(n, YNODE_MAP, "a step", L->d))
		return;
	if (n->n != 1) {
		ynode_error(n, L->d, "a step is a mapping with one key (its kind: send, expect, assert, gatt_read...)");
		return;
	}
	k = n->pairs[0].key;
	v = n->pairs[0].value;
	for (int i = 0; i < STEP_KIND_COUNT; i++)
		if (!strcmp(k->str, step_names[i]))
			kind = i;
	if (kind < 0) {
		/* the list from the names table: every family's steps */
		char known[2048] = "";
		size_t off = 0;

		for (int i = 0; i < STEP_KIND_COUNT && off + 1 < sizeof(known); i++)
			if (step_names[i]) {
				int w = snprintf(known + off, sizeof(known) - off, "%s%s",
						 off ? ", " : "", step_names[i]);

				off = w < 0 ? sizeof(known) : off + (size_t)w;
			}
		ynode_error(k, L->d,
			    "unknown step '%s' (expected one of: %s)",
			    k->str, known);
		return;
	}
	st->kind = (enum step_kind)kind;
	switch (st->kind) {
	case STEP_SEND:
		load_send(L, st, v);
		break;
	case STEP_EXPECT:
		load_expect(L, st, v);
		break;
	case STEP_SILENCE:
	case STEP_DELAY:
		yscalar_duration(v, k->str, &st->within_ns, L->d);
		break;
	case STEP_ASSERT:
		load_assert(L, st, v);
		break;
	case STEP_STORE:
		load_store(L, st, v);
		break;
	case STEP_APPEND:
		load_append(L, st, v);
		break;
	case STEP_REPEAT:
		load_repeat(L, st, v, depth);
		break;
	case STEP_ON:
		load_on(L, st, v, depth);
		break;
	default: {
		const struct step_family *f = step_family_of(st->kind);

		if (f)
			f->load(L, st, v);
		break;
	}
	}
}

static void load_steps(struct loader *L, const struct ynode *n,
		       struct step **out, size_t *nout, unsigned depth)
{
	if (depth > 8) {
		ynode_error(n, L->d, "repeat nested too deep");
		return;
	}
	if (!ynode_expect(n, YNODE_SEQ, "steps", L->d))
		return;
	if (!n->n) {
		ynode_error(n, L->d, "steps must not be empty");
		return;
	}
	*out = calloc(n->n, sizeof(**out));
	if (!*out)
		return;
	*nout = n->n;
	for (size_t i = 0; i < n->n; i++)
		load_step(L, &(*out)[i], n->items[i], depth);
}

/* ---- cases ---- */

static void load_case_reqs(struct loader *L, struct tcase *c,
			   const struct ynode *n)
{
	size_t count = n->type == YNODE_SEQ ? n->n : 1;

	if (n->type == YNODE_SCALAR) {
		ynode_error(n, L->d,
			    "requirement must be {standard: ..., clause: ...} or a list of them");
		return;
	}
	c->reqs = calloc(count, sizeof(*c->reqs));
	if (!c->reqs)
		return;
	for (size_t i = 0; i < count; i++)
		if (load_requirement(L, &c->reqs[c->nreqs],
				     n->type == YNODE_SEQ ? n->items[i] : n,
				     false))
			c->nreqs++;
}

static void load_case(struct loader *L, struct tcase *c, const struct ynode *n)
{
	static const char *const keys[] = { "id", "title", "title_zh", "description",
					    "requirement", "requirements",
					    "requires", "tags", "timeout", "retries",
					    "steps", "cleanup", NULL };
	const struct ynode *v;
	long l;

	c->line = n->line;
	c->col = n->col;
	c->timeout_ns = DEFAULT_CASE_TIMEOUT_NS;
	if (!ynode_expect(n, YNODE_MAP, "a test case", L->d))
		return;
	ymap_check_keys(n, keys, L->d);
	c->id = req_str(n, "id", L->d);
	if (c->id && !valid_id(c->id, "/"))
		ynode_error(ymap_get(n, "id"), L->d,
			    "case id '%s' may only use letters, digits, '-', '_', '.' and '/'",
			    c->id);
	c->title = req_str(n, "title", L->d);
	c->title_zh = opt_str(n, "title_zh", L->d);
	c->description = opt_str(n, "description", L->d);
	v = ymap_get(n, "requirement");
	if (!v)
		v = ymap_get(n, "requirements");
	if (!v)
		ynode_error(n, L->d, "missing required key 'requirement'");
	else
		load_case_reqs(L, c, v);
	if ((v = ymap_get(n, "requires"))) {
		c->requires = ynode_strv(v, "requires", L->d);
		for (size_t i = 0; c->requires && c->requires[i]; i++)
			if (!suite_find_feature(L->s, c->requires[i]))
				ynode_error(v, L->d,
					    "case %s requires feature '%s', which the suite does not declare under features:",
					    c->id ? c->id : "?", c->requires[i]);
	}
	if ((v = ymap_get(n, "tags"))) { /* for --tag / --exclude-tag */
		c->tags = ynode_strv(v, "tags", L->d);
		for (size_t i = 0; c->tags && c->tags[i]; i++)
			if (!valid_id(c->tags[i], ""))
				ynode_error(v, L->d, "tag '%s' may only use letters, digits, '-', '_' and '.'",
					    c->tags[i]);
	}
	if ((v = ymap_get(n, "timeout")))
		yscalar_duration(v, "timeout", &c->timeout_ns, L->d);
	if ((v = ymap_get(n, "retries")) &&
	    yscalar_long(v, "retries", 0, MAX_RETRIES, &l, L->d))
		c->retries = (unsigned)l;
	if ((v = ymap_require(n, "steps", L->d)))
		load_steps(L, v, &c->steps, &c->nsteps, 0);
	if ((v = ymap_get(n, "cleanup")))
		load_steps(L, v, &c->cleanup, &c->ncleanup, 0);
}

static void load_cases(struct loader *L, const struct ynode *n)
{
	struct suite *s = L->s;

	if (!ynode_expect(n, YNODE_SEQ, "cases", L->d))
		return;
	s->cases = calloc(n->n ? n->n : 1, sizeof(*s->cases));
	if (!s->cases)
		return;
	for (size_t i = 0; i < n->n; i++) {
		struct tcase *c = &s->cases[s->ncases];
		void *first;

		load_case(L, c, n->items[i]);
		s->ncases++;
		if (c->id && strmap_put(&s->case_index, c->id, c, &first) == CC_EINVAL)
			ynode_error(ymap_get(n->items[i], "id"), L->d,
				    "duplicate case id '%s' (first at line %u)", c->id,
				    ((const struct tcase *)first)->line);
	}
	if (!n->n)
		ynode_error(n, L->d, "a suite needs at least one case");
}

struct suite *suite_load(const char *path, struct diag *d)
{
	static const char *const keys[] = { "schema", "id", "title", "title_zh", "version",
					    "category", "transport", "links",
					    "description", "features",
					    "limits", "line", "frames",
					    "requirements", "cases", NULL };
	size_t before = diag_count(d);
	struct loader L = { .d = d };
	struct ydoc *doc = ydoc_load(path, d);
	const struct ynode *root, *v;
	const char *schema;

	if (!doc)
		return NULL;
	L.vars = suite_vars_new();
	root = ydoc_root(doc);
	L.s = calloc(1, sizeof(*L.s));
	if (!L.s || !ynode_expect(root, YNODE_MAP, "a suite file", d))
		goto out;
	L.s->path = strdup(path);
	ymap_check_keys(root, keys, d);
	if ((v = ymap_require(root, "schema", d)) &&
	    (schema = yscalar_str(v, "schema", d)) &&
	    strcmp(schema, SUITE_SCHEMA))
		ynode_error(v, d, "unsupported schema '%s' (this carecert reads %s)",
			    schema, SUITE_SCHEMA);
	L.s->id = req_str(root, "id", d);
	if (L.s->id && !valid_id(L.s->id, ""))
		ynode_error(ymap_get(root, "id"), d, "bad suite id '%s'", L.s->id);
	L.s->title = req_str(root, "title", d);
	L.s->title_zh = opt_str(root, "title_zh", d);
	L.s->version = opt_str(root, "version", d);
	L.s->category = req_str(root, "category", d);
	L.s->transport = req_str(root, "transport", d);
	L.transport = L.s->transport ? L.s->transport : "";
	if ((v = ymap_get(root, "links")))
		load_links(&L, v);
	if ((v = ymap_get(root, "features")))
		load_features(&L, v);
	if ((v = ymap_get(root, "limits")))
		load_limits(&L, v);
	load_line_format(&L, ymap_get(root, "line"));
	if ((v = ymap_get(root, "frames")))
		load_frames(&L, v);
	if ((v = ymap_get(root, "requirements")))
		load_catalogue(&L, v);
	if ((v = ymap_require(root, "cases", d)))
		load_cases(&L, v);
	/* a step that did not load defines nothing: no undefined-variable
	 * errors on top of its own */
	if (diag_count(d) == before)
		suite_vars_check(&L);
out:
	suite_vars_free(L.vars);
	ydoc_free(doc);
	if (diag_count(d) != before) {
		suite_free(L.s);
		return NULL;
	}
	return L.s;
}

static void steps_free(struct step *steps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct step *st = &steps[i];
		const struct step_family *f;

		free(st->data);
		free(st->pattern);
		if (st->has_re)
			regfree(&st->re);
		strv_free(st->capture);
		free(st->skip);
		if (st->has_skip)
			regfree(&st->skip_re);
		free(st->name);
		free(st->value);
		free(st->equals);
		strv_free(st->one_of);
		free(st->matches);
		if (st->has_matches)
			regfree(&st->matches_re);
		free(st->min);
		free(st->max);
		free(st->unit);
		free(st->in_unit);
		free(st->marginal);
		free(st->when);
		free(st->count);
		free(st->until);
		free(st->needs);
		free(st->capture_prefix);
		free(st->acc_method);
		free(st->acc_data);
		free(st->acc_quantity);
		free(st->acc_unit);
		for (size_t k = 0; k < st->nacc; k++) {
			free(st->acc_keys[k]);
			free(st->acc_vals[k]);
		}
		free(st->acc_keys);
		free(st->acc_vals);
		free(st->instrument_id);
		free(st->command);
		free(st->subject);
		free(st->reference);
		free(st->list_t);
		free(st->list_v);
		free(st->security);
		if ((f = step_family_of(st->kind)) && f->free_step)
			f->free_step(st);
		free(st->link);
		steps_free(st->steps, st->nsteps);
	}
	free(steps);
}

static void reqs_free(struct requirement *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].standard);
		free(r[i].clause);
		free(r[i].title);
		free(r[i].title_zh);
	}
	free(r);
}

void suite_free(struct suite *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ncases; i++) {
		struct tcase *c = &s->cases[i];

		free(c->id);
		free(c->title);
		free(c->title_zh);
		free(c->description);
		reqs_free(c->reqs, c->nreqs);
		strv_free(c->requires);
		strv_free(c->tags);
		steps_free(c->steps, c->nsteps);
		steps_free(c->cleanup, c->ncleanup);
	}
	free(s->cases);
	for (size_t i = 0; i < s->nlinks; i++) {
		free(s->links[i].id);
		free(s->links[i].transport);
		free(s->links[i].title);
		free(s->links[i].title_zh);
	}
	free(s->links);
	for (size_t i = 0; i < s->nfeatures; i++) {
		free(s->features[i].name);
		free(s->features[i].description);
	}
	free(s->features);
	for (size_t i = 0; i < s->nlimits; i++) {
		free(s->limits[i].name);
		free(s->limits[i].value);
	}
	free(s->limits);
	for (size_t i = 0; i < s->nframes; i++) {
		free(s->frames[i].name);
		for (size_t j = 0; j < s->frames[i].nfields; j++)
			free(s->frames[i].fields[j].name);
		free(s->frames[i].fields);
	}
	free(s->frames);
	reqs_free(s->catalogue, s->ncatalogue);
	strmap_release(&s->case_index);
	strmap_release(&s->feature_index);
	strmap_release(&s->limit_index);
	strmap_release(&s->frame_index);
	strmap_release(&s->link_index);
	strmap_release(&s->catalogue_index);
	free(s->path);
	free(s->id);
	free(s->title);
	free(s->title_zh);
	free(s->version);
	free(s->category);
	free(s->transport);
	free(s);
}

const struct tcase *suite_find_case(const struct suite *s, const char *id)
{
	return strmap_get(&s->case_index, id);
}

const struct feature_def *suite_find_feature(const struct suite *s,
					     const char *name)
{
	return strmap_get(&s->feature_index, name);
}

const struct limit_def *suite_find_limit(const struct suite *s,
					 const char *name)
{
	return strmap_get(&s->limit_index, name);
}

const struct requirement *suite_find_requirement(const struct suite *s, const char *standard,
						 const char *clause)
{
	return strmap_get2(&s->catalogue_index, standard, clause);
}
