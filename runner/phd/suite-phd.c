/* SPDX-License-Identifier: MIT */
/*
 * Loading the 11073-20601 steps (step_family_phd): phd_associate,
 * phd_get_mds, phd_measurement, phd_release, phd_illegal, phd_set_time
 * (docs/phd.md).
 */
#include "core/step.h"
#include "core/suite-internal.h"
#include "phd/apdu.h"
#include "phd/nomen.h"
#include "phd/phd-steps.h"
#include "transport/transport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *name; uint16_t choice; } choices[] = {
	{"AARQ", PHD_AARQ}, {"AARE", PHD_AARE}, {"RLRQ", PHD_RLRQ},
	{"RLRE", PHD_RLRE}, {"ABRT", PHD_ABRT}, {"PRST", PHD_PRST},
};

static bool choice_of(const char *s, uint16_t *c)
{
	for (size_t i = 0; i < sizeof(choices) / sizeof(choices[0]); i++)
		if (!strcmp(choices[i].name, s)) {
			*c = choices[i].choice;
			return true;
		}
	return false;
}

/* The MDS attributes phd_get_mds requires unless told (issue 21: the
 * mandatory ones a manager reads). */
static const uint16_t default_require[] = {
	PHD_ATTR_ID_MODEL, PHD_ATTR_SYS_ID, PHD_ATTR_DEV_CONFIG_ID,
	PHD_ATTR_ID_PROD_SPECN, PHD_ATTR_TIME_ABS, PHD_ATTR_REG_CERT_DATA_LIST,
};

static void load_require(struct loader *L, struct phd_step *p, const struct ynode *w)
{
	if (!ynode_expect(w, YNODE_SEQ, "require", L->d))
		return;
	for (size_t i = 0; i < w->n; i++) {
		const struct ynode *it = w->items[i];
		const char *s = yscalar_str(it, "require", L->d);
		const struct phd_nomen *n = s ? phd_nomen_by_name(s) : NULL;

		if (!s)
			continue;
		if (!n || n->kind != PHD_N_ATTR)
			ynode_error(it, L->d, "require: '%s' is no attribute of the nomenclature table (MDC_ATTR_...)", s);
		else if (p->nrequire == PHD_STEP_MAX_REQUIRE)
			ynode_error(it, L->d, "require: at most %d attributes", PHD_STEP_MAX_REQUIRE);
		else
			p->require[p->nrequire++] = n->term;
	}
}

static void load_phd(struct loader *L, struct step *st, const struct ynode *v)
{
	static const char *const assoc_keys[] = {"within", "strict", "config", "refuse_first_config", NULL};
	static const char *const mds_keys[] = {"within", "require", NULL};
	static const char *const meas_keys[] = {"within", "strict", "metric", "unit", "store", "fresh", NULL};
	static const char *const rel_keys[] = {"within", NULL};
	static const char *const ill_keys[] = {"within", "send", "expect", NULL};
	const char *const *keys = assoc_keys;
	const struct ynode *w;
	const char *s;
	struct phd_step *p = calloc(1, sizeof(*p));

	if (!p)
		return;
	st->phd = p;
	st->within_ns = 5LL * 1000000000LL;
	if (L->transport && !transport_compatible("serial", L->transport))
		ynode_error(v, L->d, "%s steps need a byte-stream link (serial, tcp; this one is %s)",
			    step_kind_name(st->kind), L->transport);
	if (!ynode_expect(v, YNODE_MAP, step_kind_name(st->kind), L->d))
		return;
	switch (st->kind) {
	case STEP_PHD_GET_MDS: keys = mds_keys; break;
	case STEP_PHD_MEASUREMENT: keys = meas_keys; break;
	case STEP_PHD_RELEASE:
	case STEP_PHD_SET_TIME: keys = rel_keys; break;
	case STEP_PHD_ILLEGAL: keys = ill_keys; break;
	default: break;
	}
	ymap_check_keys(v, keys, L->d);
	if ((w = ymap_get(v, "within")))
		yscalar_duration(w, "within", &st->within_ns, L->d);
	if ((w = ymap_get(v, "strict")))
		yscalar_bool(w, "strict", &p->strict, L->d);
	if ((w = ymap_get(v, "fresh")))
		yscalar_bool(w, "fresh", &p->fresh, L->d);
	if ((w = ymap_get(v, "refuse_first_config")))
		yscalar_bool(w, "refuse_first_config", &p->refuse_first_config, L->d);
	if ((w = ymap_get(v, "config")) && (s = yscalar_str(w, "config", L->d))) {
		if (!strcmp(s, "standard"))
			p->config = PHD_CFG_STANDARD;
		else if (!strcmp(s, "extended"))
			p->config = PHD_CFG_EXTENDED;
		else if (strcmp(s, "any"))
			ynode_error(w, L->d, "config must be standard, extended or any");
	}
	if (st->kind == STEP_PHD_GET_MDS) {
		if ((w = ymap_get(v, "require"))) {
			load_require(L, p, w);
		} else {
			memcpy(p->require, default_require, sizeof(default_require));
			p->nrequire = sizeof(default_require) / sizeof(default_require[0]);
		}
	}
	if (st->kind == STEP_PHD_MEASUREMENT) {
		const struct phd_nomen *n;

		if ((w = ymap_require(v, "metric", L->d)) && (s = yscalar_str(w, "metric", L->d))) {
			if (!(n = phd_nomen_by_name(s)) || n->kind != PHD_N_METRIC)
				ynode_error(w, L->d, "metric: '%s' is no metric of the nomenclature table (MDC_...)", s);
			p->metric = strdup(s);
		}
		if ((w = ymap_require(v, "unit", L->d)) && (s = yscalar_str(w, "unit", L->d))) {
			bool known = false;

			for (unsigned i = 0; (n = phd_nomen_at(i)); i++)
				if (n->kind == PHD_N_UNIT &&
				    ((n->unit && !strcmp(n->unit, s)) || !strcmp(n->ucum, s)))
					known = true;
			if (!known)
				ynode_error(w, L->d, "unit: '%s' is no unit of the nomenclature table", s);
			p->unit = strdup(s);
		}
		if ((w = ymap_get(v, "store")) && (s = yscalar_str(w, "store", L->d))) {
			if (!suite_valid_name(s))
				ynode_error(w, L->d, "store: a variable name (letters, digits and _)");
			p->store = strdup(s);
			suite_define_var(L, s);
			static const char *const sfx[] = {"_unit", "_ucum", "_loinc", "_time"};
			for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
				char k[128];

				snprintf(k, sizeof(k), "%s%s", s, sfx[i]);
				suite_define_var(L, k);
			}
		}
	}
	if (st->kind == STEP_PHD_ILLEGAL) {
		if ((w = ymap_require(v, "send", L->d)) && (s = yscalar_str(w, "send", L->d))) {
			if (!strcmp(s, "unknown"))
				p->send_unknown = true;
			else if (!choice_of(s, &p->send) || p->send == PHD_PRST)
				ynode_error(w, L->d, "send must be AARQ, AARE, RLRQ, RLRE, ABRT or unknown");
		}
		if ((w = ymap_require(v, "expect", L->d)) && (s = yscalar_str(w, "expect", L->d))) {
			if (strcmp(s, "nothing") && !choice_of(s, &p->expect))
				ynode_error(w, L->d, "expect must be AARQ, AARE, RLRQ, RLRE, ABRT, PRST or nothing");
		}
	}
	if (st->kind == STEP_PHD_ASSOCIATE || st->kind == STEP_PHD_GET_MDS)
		suite_define_prefix(L, "phd");
}

static void free_phd(struct step *st)
{
	if (!st->phd)
		return;
	free(st->phd->metric);
	free(st->phd->unit);
	free(st->phd->store);
	free(st->phd);
	st->phd = NULL;
}

static const enum step_kind phd_kinds[] = {
	STEP_PHD_ASSOCIATE, STEP_PHD_GET_MDS, STEP_PHD_MEASUREMENT,
	STEP_PHD_RELEASE, STEP_PHD_ILLEGAL, STEP_PHD_SET_TIME,
};

const struct step_family step_family_phd = {
	.name = "phd",
	.kinds = phd_kinds,
	.nkinds = sizeof(phd_kinds) / sizeof(phd_kinds[0]),
	.load = load_phd,
	.run = exec_phd_step,
	.free_step = free_phd,
	.case_end = exec_phd_case_end,
};
