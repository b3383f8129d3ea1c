/* SPDX-License-Identifier: MIT */
#include "phd/dim.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "phd/nomen.h"

/* ---- standard configurations (§3.1, as ANT's specializations hold them) */

#define MAP_BASIC_ABS {{PHD_ATTR_NU_VAL_OBS_BASIC, 2}, {PHD_ATTR_TIME_STAMP_ABS, 8}}
#define NU PHD_MOC_VMO_METRIC_NU

static const struct phd_config std_700 = {
	.id = 700, .nobj = 2, .obj = {
		{.klass = NU, .handle = 1, .type_part = 2, .type_term = 18948,
		 .unit = 3872, .metric_spec = 0xF040, .ms_struct = 3, .ms_comp_no = 3,
		 .physio = {18949, 18950, 18951}, .nphysio = 3,
		 .map = {{PHD_ATTR_NU_CMPD_VAL_OBS_BASIC, 10}, {PHD_ATTR_TIME_STAMP_ABS, 8}},
		 .nmap = 2},
		{.klass = NU, .handle = 2, .type_part = 2, .type_term = 18474,
		 .unit = 2720, .metric_spec = 0xF040, .map = MAP_BASIC_ABS, .nmap = 2},
	}};

static const struct phd_config std_1700 = {
	.id = 1700, .nobj = 1, .obj = {
		{.klass = NU, .handle = 1, .type_part = 2, .type_term = 29112,
		 .unit = 2130, .metric_spec = 0xF040, .map = MAP_BASIC_ABS, .nmap = 2},
	}};

static const struct phd_config std_400 = {
	.id = 400, .nobj = 2, .obj = {
		{.klass = NU, .handle = 1, .type_part = 2, .type_term = 19384,
		 .unit = 544, .metric_spec = 0xF040,
		 .map = {{PHD_ATTR_NU_VAL_OBS_BASIC, 2}}, .nmap = 1},
		{.klass = NU, .handle = 10, .type_part = 2, .type_term = 18458,
		 .unit = 2720, .metric_spec = 0xF040,
		 .map = {{PHD_ATTR_NU_VAL_OBS_BASIC, 2}}, .nmap = 1},
	}};

static const struct phd_config std_401 = {
	.id = 401, .nobj = 2, .obj = {
		{.klass = NU, .handle = 1, .type_part = 2, .type_term = 19384,
		 .unit = 544, .metric_spec = 0xF040, .map = MAP_BASIC_ABS, .nmap = 2},
		{.klass = NU, .handle = 10, .type_part = 2, .type_term = 18458,
		 .unit = 2720, .metric_spec = 0xF040, .map = MAP_BASIC_ABS, .nmap = 2},
	}};

static const struct phd_config std_1500 = {
	.id = 1500, .nobj = 1, .obj = {
		{.klass = NU, .handle = 1, .type_part = 2, .type_term = 57664,
		 .unit = 1731, .metric_spec = 0xF040,
		 .map = {{PHD_ATTR_NU_VAL_OBS_SIMP, 4}, {PHD_ATTR_TIME_STAMP_ABS, 8}},
		 .nmap = 2},
	}};

/* 10408's id 800 is unconfirmed (the sheet, §3.1) and its content unknown:
 * it has no standard configuration here, so a manager answers
 * accepted-unknown-config and learns it from the agent's report. */
static const struct phd_spec specs[] = {
	{"10404", "pulse oximeter", 4100, {&std_400, &std_401},
	 {{{19384}, {544}}, {{18458}, {2720}}}, 2},
	{"10407", "blood pressure", 4103, {&std_700, NULL},
	 {{{18948}, {3872, 3843}}}, 1},
	{"10408", "thermometer", 4104, {NULL, NULL},
	 {{{19292, 57352, 57356}, {6048, 4416}}}, 1},
	{"10415", "weighing scale", 4111, {&std_1500, NULL},
	 {{{57664}, {1731, 1760}}}, 1},
	{"10417", "glucose meter", 4113, {&std_1700, NULL},
	 {{{29112, 29116, 28948}, {2130, 4722}}}, 1},
};
#define NSPECS (sizeof(specs) / sizeof(specs[0]))

const struct phd_spec *phd_spec_find(const char *name)
{
	for (size_t i = 0; i < NSPECS; i++)
		if (!strcmp(specs[i].name, name))
			return &specs[i];
	return NULL;
}

const struct phd_spec *phd_spec_at(size_t i)
{
	return i < NSPECS ? &specs[i] : NULL;
}

const struct phd_config *phd_std_config(uint16_t id)
{
	for (size_t i = 0; i < NSPECS; i++)
		for (size_t k = 0; k < 2; k++)
			if (specs[i].std[k] && specs[i].std[k]->id == id)
				return specs[i].std[k];
	return NULL;
}

bool phd_spec_std_id(const struct phd_spec *s, uint16_t id)
{
	for (size_t k = 0; k < 2; k++)
		if (s->std[k] && s->std[k]->id == id)
			return true;
	return false;
}

const struct phd_obj *phd_config_obj(const struct phd_config *c, uint16_t h)
{
	for (size_t i = 0; i < c->nobj; i++)
		if (c->obj[i].handle == h)
			return &c->obj[i];
	return NULL;
}

/* ---- configuration report ---- */

/* A SEQUENCE OF of u16 elements (physio list, map entries as pairs). */
static bool u16_list(struct phd_blob b, unsigned per, uint16_t *out, size_t max,
		     size_t *n, const char *what, uint16_t handle,
		     struct phd_viol *v)
{
	*n = 0;
	if (b.len < 4) {
		phd_viol_add(v, false, "handle %u: %s shorter than its header", handle, what);
		return false;
	}
	uint16_t count = phd_u16(b.p), len = phd_u16(b.p + 2);

	if (len != b.len - 4 || len != 2u * per * count) {
		phd_viol_add(v, false, "handle %u: %s count %u needs %u bytes; length says %u, the attribute holds %u",
			     handle, what, count, 2u * per * count, len, b.len - 4);
		return false;
	}
	if ((size_t)count * per > max) {
		phd_viol_add(v, false, "handle %u: %s has %u entries, at most %zu are kept",
			     handle, what, count, max / per);
		return false;
	}
	for (size_t i = 0; i < (size_t)count * per; i++)
		out[i] = phd_u16(b.p + 4 + 2 * i);
	*n = count;
	return true;
}

static void obj_attr(struct phd_obj *o, const struct phd_attr *a,
		     struct phd_viol *v)
{
	const struct phd_blob *b = &a->value;
	uint16_t pairs[2 * PHD_MAX_MAP];
	size_t n;

	switch (a->id) {
	case PHD_ATTR_ID_TYPE:
		if (b->len != 4) {
			phd_viol_add(v, false, "handle %u: Type is %u bytes, not 4", o->handle, b->len);
			return;
		}
		o->type_part = phd_u16(b->p);
		o->type_term = phd_u16(b->p + 2);
		return;
	case PHD_ATTR_UNIT_CODE:
		if (b->len != 2) {
			phd_viol_add(v, false, "handle %u: Unit-Code is %u bytes, not 2", o->handle, b->len);
			return;
		}
		o->unit = phd_u16(b->p);
		if (!phd_nomen_find(PHD_PART_DIM, o->unit))
			phd_viol_add(v, false, "handle %u: Unit-Code %u (0x%04X) is no unit of the nomenclature",
				     o->handle, o->unit, o->unit);
		return;
	case PHD_ATTR_METRIC_SPEC_SMALL:
		if (b->len != 2)
			phd_viol_add(v, false, "handle %u: Metric-Spec-Small is %u bytes, not 2", o->handle, b->len);
		else
			o->metric_spec = phd_u16(b->p);
		return;
	case PHD_ATTR_METRIC_STRUCT_SMALL:
		if (b->len != 2) {
			phd_viol_add(v, false, "handle %u: Metric-Structure-Small is %u bytes, not 2", o->handle, b->len);
			return;
		}
		o->ms_struct = b->p[0];
		o->ms_comp_no = b->p[1];
		return;
	case PHD_ATTR_ID_PHYSIO_LIST:
		u16_list(*b, 1, o->physio, PHD_MAX_PHYSIO, &o->nphysio,
			 "Metric-Id-List", o->handle, v);
		return;
	case PHD_ATTR_ATTRIBUTE_VAL_MAP:
		if (u16_list(*b, 2, pairs, 2 * PHD_MAX_MAP, &n,
			     "Attribute-Value-Map", o->handle, v)) {
			o->nmap = n;
			for (size_t i = 0; i < n; i++)
				o->map[i] = (struct phd_map){pairs[2 * i], pairs[2 * i + 1]};
		}
		return;
	default:
		return; /* other attributes are allowed and not needed here */
	}
}

int phd_config_parse(struct phd_blob info, struct phd_config *c,
		     struct phd_viol *v)
{
	size_t before = v->errors;

	memset(c, 0, sizeof(*c));
	if (info.len < 6)
		return phd_viol_add(v, false, "config report of %u bytes is shorter than its header",
				    info.len);
	c->id = phd_u16(info.p);
	uint16_t count = phd_u16(info.p + 2), len = phd_u16(info.p + 4);
	if (len != info.len - 6)
		phd_viol_add(v, false, "config-obj-list length says %u, the report holds %u",
			     len, info.len - 6);
	size_t off = 6, k = 0, end = info.len;

	while (off + 8 <= end) {
		uint16_t klass = phd_u16(info.p + off), h = phd_u16(info.p + off + 2);
		uint16_t acount = phd_u16(info.p + off + 4), alen = phd_u16(info.p + off + 6);

		if (off + 8 + alen > end) {
			phd_viol_add(v, false, "object %zu (handle %u): attribute list of %u bytes runs past the report",
				     k + 1, h, alen);
			off = end + 1;
			break;
		}
		struct phd_blob al = {info.p + off + 8, alen};
		char what[48];

		snprintf(what, sizeof(what), "handle %u attributes", h);
		phd_attr_list_check(al, acount, what, v);
		if (h == 0)
			phd_viol_add(v, false, "object %zu uses handle 0, the MDS's", k + 1);
		if (phd_config_obj(c, h))
			phd_viol_add(v, false, "handle %u is configured twice", h);
		if (c->nobj < PHD_MAX_OBJ) {
			struct phd_obj *o = &c->obj[c->nobj++];
			struct phd_attr a;
			size_t ao = 0;

			memset(o, 0, sizeof(*o));
			o->klass = klass;
			o->handle = h;
			while (phd_attr_next(al, &ao, &a))
				obj_attr(o, &a, v);
		} else if (k == PHD_MAX_OBJ) {
			phd_viol_add(v, false, "more than %d objects", PHD_MAX_OBJ);
		}
		off += 8 + alen;
		k++;
	}
	if (off != end)
		phd_viol_add(v, false, "config-obj-list: %zu bytes do not make a whole object",
			     end > off ? end - off : 0);
	if (k != count)
		phd_viol_add(v, false, "config-obj-list: count says %u objects, its bytes hold %zu",
			     count, k);
	return v->errors > before ? CC_EPROTO : CC_OK;
}

/* Bytes an attribute takes in an observation (0: variable or unknown). */
static int attr_size(const struct phd_obj *o, uint16_t id)
{
	switch (id) {
	case PHD_ATTR_NU_VAL_OBS_BASIC: return 2;
	case PHD_ATTR_NU_VAL_OBS_SIMP: return 4;
	case PHD_ATTR_NU_CMPD_VAL_OBS_BASIC: return 4 + 2 * (int)o->nphysio;
	case PHD_ATTR_NU_CMPD_VAL_OBS_SIMP: return 4 + 4 * (int)o->nphysio;
	case PHD_ATTR_TIME_STAMP_ABS: return 8;
	case PHD_ATTR_TIME_STAMP_REL: return 4;
	case PHD_ATTR_MSMT_STAT: return 2;
	case PHD_ATTR_NU_VAL_OBS: return 10;
	default: return 0;
	}
}

static bool term_allowed(const uint16_t *t, size_t n, uint16_t x)
{
	for (size_t i = 0; i < n && t[i]; i++)
		if (t[i] == x)
			return true;
	return false;
}

int phd_config_check(const struct phd_config *c, const struct phd_spec *s,
		     struct phd_viol *v)
{
	size_t before = v->errors;

	for (size_t i = 0; i < c->nobj; i++) {
		const struct phd_obj *o = &c->obj[i];

		if (o->klass != PHD_MOC_VMO_METRIC_NU)
			continue;
		if (!o->type_term)
			phd_viol_add(v, false, "handle %u: numeric object without a Type", o->handle);
		else if (o->type_part != PHD_PART_SCADA ||
			 !phd_nomen_find(o->type_part, o->type_term))
			phd_viol_add(v, true, "handle %u: Type %u/%u is not in carecert's nomenclature table",
				     o->handle, o->type_part, o->type_term);
		if (!o->unit)
			phd_viol_add(v, false, "handle %u: numeric object without a Unit-Code", o->handle);
		if (!o->nmap)
			phd_viol_add(v, false, "handle %u: no Attribute-Value-Map, so fixed reports cannot be read",
				     o->handle);
		for (size_t m = 0; m < o->nmap; m++) {
			int want = attr_size(o, o->map[m].id);

			if (want && want != o->map[m].len)
				phd_viol_add(v, false, "handle %u: value map gives attribute %u %u bytes, it takes %d",
					     o->handle, o->map[m].id, o->map[m].len, want);
		}
		if (o->ms_struct && o->nphysio != o->ms_comp_no)
			phd_viol_add(v, false, "handle %u: compound of %u but %zu metric ids",
				     o->handle, o->ms_comp_no, o->nphysio);
	}
	for (size_t k = 0; s && k < s->nmand; k++) {
		const struct phd_mand *md = &s->mand[k];
		const struct phd_obj *hit = NULL;

		for (size_t i = 0; i < c->nobj && !hit; i++)
			if (term_allowed(md->terms, 3, c->obj[i].type_term))
				hit = &c->obj[i];
		const struct phd_nomen *nm = phd_nomen_find(PHD_PART_SCADA, md->terms[0]);
		if (!hit)
			phd_viol_add(v, false, "%s %s: mandatory object %s is missing", s->name,
				     s->label, nm ? nm->name : "?");
		else if (!term_allowed(md->units, 3, hit->unit))
			phd_viol_add(v, false, "handle %u (%s): Unit-Code %u is not a unit %s allows",
				     hit->handle, nm ? nm->name : "?", hit->unit, s->name);
	}
	return v->errors > before ? CC_EPROTO : CC_OK;
}

int phd_config_match_std(const struct phd_config *got,
			 const struct phd_config *std, struct phd_viol *v)
{
	size_t before = v->errors;

	if (got->nobj != std->nobj)
		phd_viol_add(v, false, "standard configuration %u has %zu objects, the report %zu",
			     std->id, std->nobj, got->nobj);
	for (size_t i = 0; i < std->nobj; i++) {
		const struct phd_obj *w = &std->obj[i], *o = phd_config_obj(got, w->handle);

		if (!o) {
			phd_viol_add(v, false, "standard configuration %u: handle %u is missing",
				     std->id, w->handle);
			continue;
		}
		if (o->type_term != w->type_term || o->unit != w->unit)
			phd_viol_add(v, false, "handle %u: Type %u unit %u where configuration %u has Type %u unit %u",
				     w->handle, o->type_term, o->unit, std->id, w->type_term, w->unit);
		bool same = o->nmap == w->nmap;
		for (size_t m = 0; same && m < w->nmap; m++)
			same = o->map[m].id == w->map[m].id && o->map[m].len == w->map[m].len;
		if (!same)
			phd_viol_add(v, false, "handle %u: value map differs from configuration %u's",
				     w->handle, std->id);
	}
	return v->errors > before ? CC_EPROTO : CC_OK;
}

/* ---- scan reports ---- */

static void add_obs(struct phd_scan *s, const struct phd_obj *o, uint16_t person,
		    uint16_t term, struct mder_value val, struct phd_viol *v)
{
	if (s->nobs >= PHD_MAX_OBS) {
		phd_viol_add(v, false, "more than %d observations in one report", PHD_MAX_OBS);
		return;
	}
	struct phd_obs *ob = &s->obs[s->nobs++];

	memset(ob, 0, sizeof(*ob));
	ob->handle = o->handle;
	ob->person = person;
	ob->term = term;
	ob->unit = o->unit;
	ob->val = val;
}

static struct mder_value sfloat_v(uint16_t raw, uint16_t h, struct phd_viol *v)
{
	struct mder_value m;
	int32_t mant = raw & 0x0FFF;

	sfloat_decode(raw, &m);
	/* ANT reads a special by its mantissa whatever the exponent (§1.3) */
	if (m.kind == MDER_NUMBER && (raw >> 12) != 0 && mant >= 0x07FE && mant <= 0x0802)
		phd_viol_add(v, true, "handle %u: SFLOAT 0x%04X has a special's mantissa with exponent %d",
			     h, raw, m.exponent);
	return m;
}

static struct mder_value float_v(uint32_t raw, uint16_t h, struct phd_viol *v)
{
	struct mder_value m;
	uint32_t mant = raw & 0xFFFFFF;

	float_decode(raw, &m);
	if (m.kind == MDER_NUMBER && (raw >> 24) != 0 && mant >= 0x7FFFFE && mant <= 0x800002)
		phd_viol_add(v, true, "handle %u: FLOAT 0x%08X has a special's mantissa with exponent %d",
			     h, raw, m.exponent);
	return m;
}

/* One attribute's value of object o into s; *time set by time stamps. */
static void obs_attr(struct phd_scan *s, const struct phd_obj *o, uint16_t person,
		     uint16_t id, struct phd_blob b, struct phd_abstime *time,
		     bool *has_time, struct phd_viol *v)
{
	uint16_t h = o->handle;
	int want = attr_size(o, id);

	if (want && b.len != want) {
		phd_viol_add(v, false, "handle %u: attribute %u carries %u bytes, it takes %d",
			     h, id, b.len, want);
		return;
	}
	switch (id) {
	case PHD_ATTR_NU_VAL_OBS_BASIC:
		add_obs(s, o, person, o->type_term, sfloat_v(phd_u16(b.p), h, v), v);
		return;
	case PHD_ATTR_NU_VAL_OBS_SIMP:
		add_obs(s, o, person, o->type_term, float_v(phd_u32(b.p), h, v), v);
		return;
	case PHD_ATTR_NU_CMPD_VAL_OBS_BASIC:
	case PHD_ATTR_NU_CMPD_VAL_OBS_SIMP: {
		bool basic = id == PHD_ATTR_NU_CMPD_VAL_OBS_BASIC;
		uint16_t count = phd_u16(b.p), len = phd_u16(b.p + 2);
		unsigned each = basic ? 2 : 4;

		if (count != o->nphysio || len != each * count) {
			phd_viol_add(v, false, "handle %u: compound of count %u, length %u where the configuration lists %zu metrics",
				     h, count, len, o->nphysio);
			return;
		}
		for (size_t i = 0; i < count; i++) {
			const uint8_t *q = b.p + 4 + each * i;

			add_obs(s, o, person, o->physio[i],
				basic ? sfloat_v(phd_u16(q), h, v) : float_v(phd_u32(q), h, v), v);
		}
		return;
	}
	case PHD_ATTR_TIME_STAMP_ABS: {
		char why[64];

		if (!phd_abstime_decode(b.p, time, why, sizeof(why)))
			phd_viol_add(v, false, "handle %u: Absolute-Time-Stamp invalid: %s", h, why);
		else
			*has_time = true;
		return;
	}
	default:
		return;
	}
}

static void obs_done(struct phd_scan *s, size_t from, bool has_time,
		     const struct phd_abstime *t)
{
	for (size_t i = from; has_time && i < s->nobs; i++) {
		s->obs[i].has_time = true;
		s->obs[i].time = *t;
	}
}

/* obs-scan-fixed or obs-scan-var list at b (count, length, elements). */
static size_t scan_list(struct phd_scan *s, bool fixed, struct phd_blob b, size_t off,
			const struct phd_config *c, uint16_t person, struct phd_viol *v)
{
	if (off + 4 > b.len) {
		phd_viol_add(v, false, "observation list header cut at offset %zu", off);
		return b.len;
	}
	uint16_t count = phd_u16(b.p + off), len = phd_u16(b.p + off + 2);
	size_t start = off + 4, end = start + len, k = 0;

	if (end > b.len) {
		phd_viol_add(v, false, "observation list of %u bytes runs past the report", len);
		end = b.len;
	}
	off = start;
	while (off + 4 <= end) {
		uint16_t h = phd_u16(b.p + off);
		const struct phd_obj *o = phd_config_obj(c, h);
		size_t olen, first = s->nobs;
		struct phd_abstime t;
		bool has_time = false;

		if (fixed) {
			olen = phd_u16(b.p + off + 2);
			if (off + 4 + olen > end) {
				phd_viol_add(v, false, "handle %u: obs-val-data of %zu bytes runs past the list", h, olen);
				return b.len;
			}
			struct phd_blob d = {b.p + off + 4, (uint16_t)olen};

			off += 4 + olen;
			k++;
			if (!o) {
				phd_viol_add(v, false, "handle %u is not in configuration %u", h, c->id);
				continue;
			}
			size_t sum = 0;
			for (size_t m = 0; m < o->nmap; m++)
				sum += o->map[m].len;
			if (sum != olen) {
				phd_viol_add(v, false, "handle %u: obs-val-data is %zu bytes, the value map adds up to %zu",
					     h, olen, sum);
				continue;
			}
			size_t p = 0;
			for (size_t m = 0; m < o->nmap; m++) {
				obs_attr(s, o, person, o->map[m].id,
					 (struct phd_blob){d.p + p, o->map[m].len}, &t, &has_time, v);
				p += o->map[m].len;
			}
		} else {
			if (off + 6 > end) {
				phd_viol_add(v, false, "handle %u: attribute list header cut", h);
				return b.len;
			}
			uint16_t acount = phd_u16(b.p + off + 2);
			olen = phd_u16(b.p + off + 4);
			if (off + 6 + olen > end) {
				phd_viol_add(v, false, "handle %u: attribute list of %zu bytes runs past the list", h, olen);
				return b.len;
			}
			struct phd_blob al = {b.p + off + 6, (uint16_t)olen};
			char what[40];

			off += 6 + olen;
			k++;
			snprintf(what, sizeof(what), "handle %u observation", h);
			if (phd_attr_list_check(al, acount, what, v) || !o) {
				if (!o)
					phd_viol_add(v, false, "handle %u is not in configuration %u", h, c->id);
				continue;
			}
			struct phd_attr a;
			size_t ao = 0;
			while (phd_attr_next(al, &ao, &a))
				obs_attr(s, o, person, a.id, a.value, &t, &has_time, v);
		}
		obs_done(s, first, has_time, &t);
	}
	if (off != end)
		phd_viol_add(v, false, "observation list: %zu bytes do not make a whole entry", end - off);
	if (k != count)
		phd_viol_add(v, false, "observation list: count says %u, its bytes hold %zu", count, k);
	return end;
}

int phd_scan_decode(uint16_t event_type, struct phd_blob info,
		    const struct phd_config *c, struct phd_scan *s,
		    struct phd_viol *v)
{
	size_t before = v->errors, off;
	bool fixed = event_type == PHD_NOTI_SCAN_FIXED || event_type == PHD_NOTI_SCAN_MP_FIXED;
	bool mp = event_type == PHD_NOTI_SCAN_MP_FIXED || event_type == PHD_NOTI_SCAN_MP_VAR;

	memset(s, 0, sizeof(*s));
	if (event_type < PHD_NOTI_SCAN_FIXED || event_type > PHD_NOTI_SCAN_MP_VAR)
		return phd_viol_add(v, false, "event type %u is not a scan report this decoder reads",
				    event_type);
	if (info.len < 4)
		return phd_viol_add(v, false, "scan report of %u bytes is shorter than its header", info.len);
	s->data_req_id = phd_u16(info.p);
	s->scan_report_no = phd_u16(info.p + 2);
	if (!mp) {
		off = scan_list(s, fixed, info, 4, c, 0xFFFF, v);
	} else {
		if (info.len < 8)
			return phd_viol_add(v, false, "multi-person scan report of %u bytes is cut", info.len);
		uint16_t count = phd_u16(info.p + 4), len = phd_u16(info.p + 6);
		size_t end = 8 + (size_t)len, k = 0;

		if (end != info.len)
			phd_viol_add(v, false, "person list length says %u, the report holds %u",
				     len, info.len - 8);
		if (end > info.len)
			end = info.len;
		off = 8;
		while (off + 2 <= end) {
			uint16_t person = phd_u16(info.p + off);

			off = scan_list(s, fixed, (struct phd_blob){info.p, (uint16_t)end},
					off + 2, c, person, v);
			k++;
		}
		if (k != count)
			phd_viol_add(v, false, "person list: count says %u, its bytes hold %zu", count, k);
	}
	if (off < info.len)
		phd_viol_add(v, false, "scan report: %zu bytes left over", info.len - off);
	return v->errors > before ? CC_EPROTO : CC_OK;
}

void phd_obs_format(const struct phd_obs *o, char *out, size_t outlen)
{
	mder_format(&o->val, out, outlen);
}
