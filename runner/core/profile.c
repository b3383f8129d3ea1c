/* SPDX-License-Identifier: MIT */
#include "core/profile.h"
#include "core/junit.h"
#include "base/err.h"
#include "base/fileio.h"
#include "base/redact.h"
#include "transport/simproc.h"
#include "transport/transport.h"
#include "base/units.h"
#include "bench/pairs.h"
#include "base/ydoc.h"
#include "core/labinfo.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

const char *const dut_categories[] = {
	"blood_pressure", "glucose",     "pulse_oximeter", "heart_rate",
	"ecg",            "thermometer", "fall_detection", "alarm",
	"behaviour_monitor", /* a room or bed sensor watching activity */
	"gateway", /* a home hub relaying several devices' measurements */
	"location_tracker", /* a GNSS watch or an indoor tag: positioning */
	NULL,
};

static char *dup_req(const struct ynode *map, const char *key, struct diag *d)
{
	const struct ynode *v = ymap_require(map, key, d);
	const char *s = v ? yscalar_str(v, key, d) : NULL;

	return s ? strdup(s) : NULL;
}

static void load_dut(struct profile *p, const struct ynode *n, struct diag *d)
{
	static const char *const keys[] = { "category", "vendor", "model",
					    "firmware", "serial_number", NULL };
	const struct ynode *v;
	size_t i;

	if (!ynode_expect(n, YNODE_MAP, "dut", d))
		return;
	ymap_check_keys(n, keys, d);
	p->dut.category = dup_req(n, "category", d);
	p->dut.vendor = dup_req(n, "vendor", d);
	p->dut.model = dup_req(n, "model", d);
	p->dut.firmware = dup_req(n, "firmware", d);
	p->dut.serial_number = dup_req(n, "serial_number", d);
	if (!p->dut.category)
		return;
	for (i = 0; dut_categories[i]; i++)
		if (!strcmp(dut_categories[i], p->dut.category))
			return;
	v = ymap_get(n, "category");
	ynode_error(v, d,
		    "unknown category '%s' (blood_pressure, glucose, pulse_oximeter, heart_rate, ecg, thermometer, fall_detection, alarm, behaviour_monitor, gateway, location_tracker)",
		    p->dut.category);
}

#define SECRET_FILE_MAX (64u * 1024u)

/* {env: NAME}: the variable's value. */
static char *value_from_env(const struct ynode *name, const char *key, struct diag *d)
{
	const char *s = yscalar_str(name, "env", d), *v;

	if (!s)
		return NULL;
	if (!*s) {
		ynode_error(name, d, "%s: env needs the name of an environment variable", key);
		return NULL;
	}
	if (!(v = getenv(s))) {
		ynode_error(name, d, "%s: environment variable %s is not set", key, s);
		return NULL;
	}
	if (!*v) {
		ynode_error(name, d, "%s: environment variable %s is empty", key, s);
		return NULL;
	}
	return strdup(v);
}

/* {file: PATH}: the file's text, relative to the profile's folder, without
 * its trailing newline. */
static char *value_from_file(const struct ynode *file, const char *key, const char *dir,
			     struct diag *d)
{
	const char *s = yscalar_str(file, "file", d);
	char path[PATH_MAX], *text = NULL;
	size_t len = 0;
	int rc;

	if (!s)
		return NULL;
	if (!*s) {
		ynode_error(file, d, "%s: file needs a path", key);
		return NULL;
	}
	snprintf(path, sizeof(path), "%s%s%s", s[0] == '/' ? "" : dir, s[0] == '/' ? "" : "/", s);
	if (access(path, R_OK)) {
		ynode_error(file, d, "%s: cannot read %s: %s", key, path, strerror(errno));
		return NULL;
	}
	if ((rc = read_file(path, &text, &len))) {
		ynode_error(file, d, "%s: cannot read %s: %s", key, path, cc_strerror(rc));
		return NULL;
	}
	if (len > SECRET_FILE_MAX || strlen(text) != len) {
		ynode_error(file, d, "%s: %s is not a short line of text", key, path);
		free(text);
		return NULL;
	}
	if (len && text[len - 1] == '\n')
		text[--len] = 0;
	if (len && text[len - 1] == '\r')
		text[--len] = 0;
	if (!len) {
		ynode_error(file, d, "%s: %s is empty", key, path);
		free(text);
		return NULL;
	}
	return text;
}

/* A transport parameter's value: a scalar, or {env: NAME} or {file: PATH}
 * so that a credential need not be written in the profile. *from_outside
 * is set for the latter two: such a value is secret. NULL after an error
 * in d; the error never quotes the value. */
static char *param_value(const struct ynode *v, const char *key, const char *dir,
			 bool *from_outside, struct diag *d)
{
	const struct ynode *w;
	const char *s;

	*from_outside = false;
	if (v->type != YNODE_MAP) {
		s = yscalar_str(v, key, d);
		return s ? strdup(s) : NULL;
	}
	*from_outside = true;
	if (v->n == 1 && (w = ymap_get(v, "env")))
		return value_from_env(w, key, d);
	if (v->n == 1 && (w = ymap_get(v, "file")))
		return value_from_file(w, key, dir, d);
	ynode_error(v, d, "%s: a value, {env: VARIABLE} or {file: PATH}", key);
	return NULL;
}

/* A check_param message about a secret value must not quote it. */
static void secret_error(const struct ynode *v, const char *msg, const char *value,
			 struct diag *d)
{
	char *const secrets[] = { (char *)value, NULL };
	char *masked;

	if (strlen(value) < REDACT_MIN_LEN || !strstr(msg, value)) {
		ynode_error(v, d, "%s", strstr(msg, value) ? "invalid value (not shown: secret)"
							   : msg);
		return;
	}
	masked = redact_str(msg, secrets);
	ynode_error(v, d, "%s", masked ? masked : "invalid value (not shown: secret)");
	free(masked);
}

/* transport: {kind: K, params...} into *kind and the params (a link of
 * the DUT: the profile's own, or one under links:). A value may come from
 * the environment or a file (relative to dir, the profile's folder). */
static void load_transport(const struct ynode *n, const char *dir, char **kind_out,
			   struct param **params_out, size_t *nparams_out,
			   struct diag *d)
{
	const struct transport_ops *ops = NULL;
	const struct ynode *kind;
	const char *s;

	if (!ynode_expect(n, YNODE_MAP, "transport", d))
		return;
	kind = ymap_require(n, "kind", d);
	if (kind && (s = yscalar_str(kind, "kind", d))) {
		*kind_out = strdup(s);
		ops = transport_find(s);
		if (!ops)
			ynode_error(kind, d, "unknown transport kind '%s' (known: %s)",
				    s, transport_kinds());
	}
	*params_out = calloc(n->n ? n->n : 1, sizeof(**params_out));
	if (!*params_out)
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *k = n->pairs[i].key, *v = n->pairs[i].value;
		struct param *par;
		char err[200];
		size_t j;

		char *value;
		bool outside;

		if (!strcmp(k->str, "kind"))
			continue;
		if (!(value = param_value(v, k->str, dir, &outside, d)))
			continue;
		s = value;
		par = &(*params_out)[(*nparams_out)++];
		par->key = strdup(k->str);
		par->value = value;
		par->secret = outside || redact_secret_name(k->str, strlen(k->str));
		par->line = v->line;
		par->col = v->col;
		if (!ops)
			continue;
		for (j = 0; ops->params[j]; j++)
			if (!strcmp(ops->params[j], k->str))
				break;
		if (!ops->params[j]) {
			char list[300] = "";

			for (j = 0; ops->params[j]; j++) {
				size_t l = strlen(list);

				snprintf(list + l, sizeof(list) - l, "%s%s",
					 j ? ", " : "", ops->params[j]);
			}
			ynode_error(k, d,
				    "unknown key '%s' for %s transport (expected one of: kind, %s)",
				    k->str, ops->kind, list);
			continue;
		}
		if (ops->check_param && ops->check_param(k->str, s, err, sizeof(err))) {
			if (par->secret)
				secret_error(v, err, s, d);
			else
				ynode_error(v, d, "%s", err);
		}
	}
}

/* A simulator that is not installed is found now, not as an error of
 * every case of the run. */
static void check_sim_program(const struct ynode *v, const char *name, struct diag *d)
{
	char path[PATH_MAX];

	if (simproc_locate(name, path, sizeof(path)))
		ynode_error(v, d,
			    "simulator '%s' not found: no executable carecert-sim-%s beside carecert, in $CARECERT_SIM_DIR or on PATH",
			    name, name);
}

static void load_simulator(struct simulator_cfg *sim, const struct ynode *n,
			   struct diag *d)
{
	static const char *const keys[] = { "program", "faults", "args", NULL };
	const struct ynode *v;
	const char *s;

	if (!ynode_expect(n, YNODE_MAP, "simulator", d))
		return;
	ymap_check_keys(n, keys, d);
	if ((v = ymap_require(n, "program", d)) &&
	    (s = yscalar_str(v, "program", d))) {
		if (strchr(s, '/')) {
			ynode_error(v, d,
				    "program is a simulator name such as 'serial-bp' (run as carecert-sim-<name>), not a path");
		} else {
			sim->program = strdup(s);
			check_sim_program(v, s, d);
		}
	}
	if ((v = ymap_get(n, "faults")))
		sim->faults = ynode_strv(v, "faults", d);
	if ((v = ymap_get(n, "args")))
		sim->args = ynode_strv(v, "args", d);
}

/* links: {gateway: {transport: {...}, simulator: {...}}}: the DUT's
 * further links, which suites declare and use in on: steps. */
static void load_links(struct profile *p, const struct ynode *n, const char *dir,
		       struct diag *d)
{
	static const char *const keys[] = { "transport", "simulator", NULL };

	if (!ynode_expect(n, YNODE_MAP, "links", d))
		return;
	p->links = calloc(n->n ? n->n : 1, sizeof(*p->links));
	if (!p->links)
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *k = n->pairs[i].key, *v = n->pairs[i].value, *w;
		struct profile_link *l = &p->links[p->nlinks++];

		l->id = strdup(k->str);
		l->line = k->line;
		l->col = k->col;
		if (!ynode_expect(v, YNODE_MAP, "a link", d))
			continue;
		ymap_check_keys(v, keys, d);
		if ((w = ymap_require(v, "transport", d)))
			load_transport(w, dir, &l->transport_kind, &l->params, &l->nparams, d);
		if ((w = ymap_get(v, "simulator")))
			load_simulator(&l->sim, w, d);
	}
}

static void load_limits(struct profile *p, const struct ynode *n,
			struct diag *d)
{
	if (!ynode_expect(n, YNODE_MAP, "limits", d))
		return;
	p->limits = calloc(n->n ? n->n : 1, sizeof(*p->limits));
	if (!p->limits)
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *k = n->pairs[i].key, *v = n->pairs[i].value;
		struct limit_override *o = &p->limits[p->nlimits];
		char *s = limit_value_dup(v, k->str, d);

		if (!s)
			continue;
		o->name = strdup(k->str);
		o->value = s;
		o->line = k->line;
		o->col = k->col;
		o->vline = v->line;
		o->vcol = v->col;
		p->nlimits++;
	}
}

static void load_output(struct profile *p, const struct ynode *n,
			struct diag *d)
{
	static const char *const keys[] = { "dir", "junit", "junit_dialect", NULL };
	const struct ynode *v;
	const char *s;
	enum junit_dialect dialect;

	if (!ynode_expect(n, YNODE_MAP, "output", d))
		return;
	ymap_check_keys(n, keys, d);
	if ((v = ymap_get(n, "dir")) && (s = yscalar_str(v, "dir", d)))
		p->output_dir = strdup(s);
	if ((v = ymap_get(n, "junit")) && (s = yscalar_str(v, "junit", d)))
		p->junit = strdup(s);
	if ((v = ymap_get(n, "junit_dialect")) && (s = yscalar_str(v, "junit_dialect", d))) {
		if (junit_dialect_parse(s, &dialect))
			ynode_error(v, d, "unknown JUnit dialect '%s' (known: %s)", s,
				    junit_dialect_names);
		else
			p->junit_dialect = (int)dialect;
	}
}

static char *dir_of(const char *path)
{
	char *copy = strdup(path);
	char *dir;

	if (!copy)
		return NULL;
	dir = strdup(dirname(copy));
	free(copy);
	return dir;
}

/* Lexically drop "." and "dir/.." from a path, so records name files
 * the way people write them ("profiles/../suites/x" -> "suites/x"). */
static void path_tidy(char *path)
{
	char *parts[256], *save = NULL, *tok, out[PATH_MAX];
	size_t n = 0, k = 0;
	bool abs = path[0] == '/';

	for (tok = strtok_r(path, "/", &save); tok && n < 256;
	     tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..") && n && strcmp(parts[n - 1], ".."))
			n--;
		else
			parts[n++] = tok;
	}
	out[0] = 0;
	if (abs)
		k += (size_t)snprintf(out, sizeof(out), "/");
	for (size_t i = 0; i < n && k < sizeof(out); i++)
		k += (size_t)snprintf(out + k, sizeof(out) - k, "%s%s",
				      i ? "/" : "", parts[i]);
	if (!n && !abs)
		snprintf(out, sizeof(out), ".");
	strcpy(path, out);
}

static bool suite_has_limit(const struct profile *p, const char *name)
{
	for (size_t i = 0; i < p->nsuites; i++)
		if (suite_find_limit(p->suites[i], name))
			return true;
	return false;
}

static bool suite_has_feature(const struct profile *p, const char *name)
{
	for (size_t i = 0; i < p->nsuites; i++)
		if (suite_find_feature(p->suites[i], name))
			return true;
	return false;
}

static void load_suites(struct profile *p, const struct ynode *n,
			const char *suites_dir, struct diag *d)
{
	if (!ynode_expect(n, YNODE_SEQ, "suites", d))
		return;
	if (!n->n)
		ynode_error(n, d, "suites must name at least one suite");
	p->suites = calloc(n->n ? n->n : 1, sizeof(*p->suites));
	if (!p->suites)
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *v = n->items[i];
		const char *name = yscalar_str(v, "suite name", d);
		char path[PATH_MAX];
		struct suite *s;
		FILE *f;

		if (!name)
			continue;
		if (strchr(name, '/') || name[0] == '.') {
			ynode_error(v, d, "suite '%s' must be a name from the suites directory, not a path",
				    name);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s.yaml", suites_dir, name);
		path_tidy(path);
		f = fopen(path, "r");
		if (!f) {
			ynode_error(v, d, "unknown suite '%s' (no %s)", name, path);
			continue;
		}
		fclose(f);
		s = suite_load(path, d);
		if (!s)
			continue;
		for (size_t j = 0; j < p->nsuites; j++)
			if (!strcmp(p->suites[j]->id, s->id))
				ynode_error(v, d, "suite '%s' listed twice", s->id);
		if (s->id && strcmp(s->id, name))
			ynode_error(v, d, "suite file %s declares id '%s'; name and id must match",
				    path, s->id);
		if (p->dut.category && strcmp(s->category, p->dut.category))
			ynode_error(v, d, "suite '%s' is for category %s, the DUT is %s",
				    name, s->category, p->dut.category);
		if (p->transport_kind && !transport_compatible(s->transport, p->transport_kind))
			ynode_error(v, d, "suite '%s' needs transport %s, the profile uses %s",
				    name, s->transport, p->transport_kind);
		for (size_t j = 0; j < s->nlinks; j++) {
			const struct link_def *ld = &s->links[j];
			const struct profile_link *pl = profile_link_find(p, ld->id);

			if (!pl)
				ynode_error(v, d, "suite '%s' needs link '%s' (%s%s%s): add it under links:",
					    name, ld->id, ld->transport,
					    ld->title ? ", " : "", ld->title ? ld->title : "");
			else if (pl->transport_kind && ld->transport &&
				 strcmp(pl->transport_kind, ld->transport))
				diag_add(d, p->path, pl->line, pl->col,
					 "link '%s' is %s, suite '%s' needs it to be %s",
					 ld->id, pl->transport_kind, name, ld->transport);
		}
		p->suites[p->nsuites++] = s;
	}
}

/* An override measures what the suite's limit measures: a bare number
 * takes the suite's unit, another unit of the same dimension is kept (and
 * converted where the limit is used, as a level or as a difference), any
 * other dimension, or a unit on a plain-number limit, is refused. A table
 * (c2_table) is only numbers. */
static void check_limit_unit(struct profile *p, struct limit_override *o,
			     const struct suite *s, const struct limit_def *l,
			     struct diag *d)
{
	struct quantity want, got;
	char err[256];
	double v;

	if (!l->value || quantity_parse(l->value, &want, err, sizeof(err)))
		return; /* a table */
	if (quantity_parse(o->value, &got, err, sizeof(err))) {
		diag_add(d, p->path, o->vline, o->vcol,
			 "limit %s: suite %s gives it as one quantity (%s), "
			 "not a table",
			 o->name, s->id, l->value);
		return;
	}
	if (quantity_in(o->name, o->value, want.unit, false, &v, err,
			sizeof(err))) {
		diag_add(d, p->path, o->vline, o->vcol,
			 "limit %s (suite %s: %s)", err, s->id, l->value);
		return;
	}
	if (want.unit[0] && !got.unit[0]) {
		size_t n = strlen(o->value) + strlen(want.unit) + 2;
		char *t = malloc(n);

		if (!t)
			return;
		snprintf(t, n, "%s %s", o->value, want.unit);
		free(o->value);
		o->value = t;
	}
}

/* Features and limits can only be checked once the suites are known. */
/* Does any step (nested ones too) of kind gather pairs into the set? */
static bool steps_fill_set(const struct step *v, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if ((v[i].kind == STEP_PAIR && v[i].acc_data && !strcmp(v[i].acc_data, set)) ||
		    steps_fill_set(v[i].steps, v[i].nsteps, set))
			return true;
	return false;
}

static bool suites_fill_set(const struct profile *p, const char *set)
{
	for (size_t j = 0; j < p->nsuites; j++)
		for (size_t c = 0; c < p->suites[j]->ncases; c++) {
			const struct tcase *tc = &p->suites[j]->cases[c];

			if (steps_fill_set(tc->steps, tc->nsteps, set) ||
			    steps_fill_set(tc->cleanup, tc->ncleanup, set))
				return true;
		}
	return false;
}

/* The data an accuracy step judges is there and has the rows the step
 * needs: a study without the quantity is the profile's mistake, found by
 * validate, not a test-system fault at run time. */
static void check_step_data(const struct profile *p, const struct suite *s,
			    const struct step *v, size_t n, struct diag *d)
{
	for (size_t i = 0; i < n; i++) {
		const struct step *st = &v[i];
		const struct profile_data *pd;
		struct pair *pairs = NULL;
		struct diag why;
		size_t np = 0;
		int rc;

		check_step_data(p, s, st->steps, st->nsteps, d);
		if (st->kind != STEP_ACCURACY || !st->acc_data || strstr(st->acc_data, "${"))
			continue;
		pd = profile_data_find(p, st->acc_data);
		if (!pd) {
			if (!suites_fill_set(p, st->acc_data))
				diag_add(d, s->path, st->line, st->col,
					 "accuracy data '%s': not in the profile's accuracy_data, and no pair step of its suites gathers it",
					 st->acc_data);
			continue;
		}
		if (!pd->set || (st->acc_quantity && strstr(st->acc_quantity, "${")) ||
		    (st->acc_unit && strstr(st->acc_unit, "${")))
			continue;
		diag_init(&why);
		rc = pairs_select(pd->set, st->acc_quantity, st->acc_unit, &pairs, &np, &why);
		free(pairs);
		if (rc && rc != CC_ENOMEM)
			diag_add(d, p->path, pd->line, pd->col,
				 "accuracy data '%s' (%s) cannot be judged by %s:%u:%u: %s",
				 pd->name, pd->path, s->path, st->line, st->col,
				 why.n ? why.v[0].msg : "no pairs to select");
		diag_release(&why);
	}
}

static void check_against_suites(struct profile *p, const struct ynode *root,
				 struct diag *d)
{
	for (size_t j = 0; j < p->nsuites; j++)
		for (size_t c = 0; c < p->suites[j]->ncases; c++) {
			const struct tcase *tc = &p->suites[j]->cases[c];

			check_step_data(p, p->suites[j], tc->steps, tc->nsteps, d);
		}

	const struct ynode *v = ymap_get(root, "features");

	for (size_t i = 0; v && p->features && p->features[i]; i++) {
		const struct ynode *item = v->type == YNODE_SEQ ? v->items[i] : v;

		if (!suite_has_feature(p, p->features[i]))
			ynode_error(item, d,
				    "feature '%s' is not declared by any of the profile's suites",
				    p->features[i]);
	}
	for (size_t i = 0; i < p->nlimits; i++) {
		const struct limit_def *l;

		if (!suite_has_limit(p, p->limits[i].name))
			diag_add(d, p->path, p->limits[i].line, p->limits[i].col,
				 "unknown limit '%s': none of the profile's suites defines it",
				 p->limits[i].name);
		for (size_t j = 0; j < p->nsuites; j++)
			if ((l = suite_find_limit(p->suites[j],
						  p->limits[i].name)))
				check_limit_unit(p, &p->limits[i], p->suites[j],
						 l, d);
	}
}

static bool valid_date(const char *s)
{
	int y, m, dd;
	char end;

	return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &end) == 3 &&
	       y >= 1900 && m >= 1 && m <= 12 && dd >= 1 && dd <= 31;
}

/* accuracy_data: {NAME: FILE} or {NAME: {file: F, reference: R,
 * calibration_due: YYYY-MM-DD}}; files are relative to the profile and
 * parsed now, so a bad row is reported as file:line:column. */
static void load_data(struct profile *p, const struct ynode *n, const char *dir,
		      struct diag *d)
{
	static const char *const keys[] = { "file", "reference", "calibration_due", NULL };

	if (!ynode_expect(n, YNODE_MAP, "accuracy_data", d))
		return;
	p->data = calloc(n->n ? n->n : 1, sizeof(*p->data));
	if (!p->data)
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *k = n->pairs[i].key, *v = n->pairs[i].value, *w;
		struct profile_data *pd = &p->data[p->ndata];
		const struct ynode *file_node = v;
		const char *file = NULL;
		size_t len;

		pd->line = k->line;
		pd->col = k->col;
		if (v->type == YNODE_MAP) {
			ymap_check_keys(v, keys, d);
			if ((w = ymap_require(v, "file", d))) {
				file = yscalar_str(w, "file", d);
				file_node = w;
			}
			if ((w = ymap_get(v, "reference")) && yscalar_str(w, "reference", d))
				pd->reference = strdup(w->str);
			if ((w = ymap_get(v, "calibration_due")) &&
			    yscalar_str(w, "calibration_due", d)) {
				if (!valid_date(w->str))
					ynode_error(w, d, "calibration_due must be a date YYYY-MM-DD");
				pd->calibration_due = strdup(w->str);
			}
		} else {
			file = yscalar_str(v, "accuracy_data file", d);
		}
		pd->name = strdup(k->str);
		p->ndata++;
		if (!file)
			continue;
		len = strlen(dir) + strlen(file) + 2;
		if (!(pd->path = malloc(len)))
			continue;
		snprintf(pd->path, len, "%s%s%s", file[0] == '/' ? "" : dir,
			 file[0] == '/' ? "" : "/", file);
		path_tidy(pd->path);
		if (access(pd->path, R_OK)) {
			ynode_error(file_node, d, "cannot read accuracy data %s: %s", pd->path,
				    strerror(errno));
			continue;
		}
		pairs_read(pd->path, NULL, &pd->set, d);
	}
}

/* instruments: [{id, driver, port, baud, model, serial_number,
 * calibration_due, simulator: {program, args}}]; drivers relative to the
 * profile, loaded now. */
static void load_instruments(struct profile *p, const struct ynode *n, const char *dir,
			     struct diag *d)
{
	static const char *const keys[] = { "id", "driver", "port", "baud", "model",
					    "serial_number", "calibration_due", "simulator",
					    NULL };
	static const char *const skeys[] = { "program", "args", NULL };

	if (!ynode_expect(n, YNODE_SEQ, "instruments", d) || !n->n)
		return;
	if (!(p->instruments = calloc(n->n, sizeof(*p->instruments))))
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *m = n->items[i], *w;
		struct profile_instrument *pi = &p->instruments[p->ninstruments];
		const char *s;

		if (!ynode_expect(m, YNODE_MAP, "an instrument", d))
			continue;
		p->ninstruments++;
		pi->line = m->line;
		pi->col = m->col;
		ymap_check_keys(m, keys, d);
		if ((w = ymap_require(m, "id", d)) && (s = yscalar_str(w, "id", d))) {
			if (profile_instrument_find(p, s))
				ynode_error(w, d, "instrument '%s' is listed twice", s);
			pi->id = strdup(s);
		}
		if ((w = ymap_require(m, "port", d)) && (s = yscalar_str(w, "port", d)))
			pi->port = strdup(s);
		if ((w = ymap_get(m, "baud")) && (s = yscalar_str(w, "baud", d)))
			pi->baud = strdup(s);
		if ((w = ymap_get(m, "model")) && (s = yscalar_str(w, "model", d)))
			pi->model = strdup(s);
		if ((w = ymap_get(m, "serial_number")) && (s = yscalar_str(w, "serial_number", d)))
			pi->serial_number = strdup(s);
		if ((w = ymap_get(m, "calibration_due")) && (s = yscalar_str(w, "calibration_due", d))) {
			if (!valid_date(s))
				ynode_error(w, d, "calibration_due must be a date YYYY-MM-DD");
			pi->calibration_due = strdup(s);
		}
		if ((w = ymap_get(m, "simulator")) && ynode_expect(w, YNODE_MAP, "simulator", d)) {
			const struct ynode *x;

			ymap_check_keys(w, skeys, d);
			if ((x = ymap_require(w, "program", d)) && (s = yscalar_str(x, "program", d))) {
				pi->sim.program = strdup(s);
				check_sim_program(x, s, d);
			}
			if ((x = ymap_get(w, "args")))
				pi->sim.args = ynode_strv(x, "args", d);
		}
		if ((w = ymap_require(m, "driver", d)) && (s = yscalar_str(w, "driver", d))) {
			size_t len = strlen(dir) + strlen(s) + 2;
			char *path = malloc(len);

			if (!path)
				continue;
			snprintf(path, len, "%s%s%s", s[0] == '/' ? "" : dir, s[0] == '/' ? "" : "/", s);
			path_tidy(path);
			if (access(path, R_OK))
				ynode_error(w, d, "cannot read instrument driver %s: %s", path,
					    strerror(errno));
			else
				pi->drv = instrument_driver_load(path, d);
			free(path);
		}
	}
}

const struct profile_instrument *profile_instrument_find(const struct profile *p, const char *id)
{
	for (size_t i = 0; i < p->ninstruments; i++)
		if (p->instruments[i].id && !strcmp(p->instruments[i].id, id))
			return &p->instruments[i];
	return NULL;
}

const struct profile_link *profile_link_find(const struct profile *p, const char *id)
{
	for (size_t i = 0; i < p->nlinks; i++)
		if (!strcmp(p->links[i].id, id))
			return &p->links[i];
	return NULL;
}

const struct profile_data *profile_data_find(const struct profile *p, const char *name)
{
	for (size_t i = 0; i < p->ndata; i++)
		if (p->data[i].name && !strcmp(p->data[i].name, name))
			return &p->data[i];
	return NULL;
}

struct profile *profile_load(const char *path, const char *suites_dir,
			     struct diag *d)
{
	static const char *const keys[] = { "schema", "dut", "transport",
					    "simulator", "features", "suites",
					    "suites_dir", "limits", "output",
					    "accuracy_data", "instruments", "lab", "links",
					    NULL };
	size_t before = diag_count(d);
	struct ydoc *doc = ydoc_load(path, d);
	const struct ynode *root, *v;
	struct profile *p;
	char *dir = NULL, *sdir = NULL;
	const char *s;

	if (!doc)
		return NULL;
	root = ydoc_root(doc);
	p = calloc(1, sizeof(*p));
	if (!p || !ynode_expect(root, YNODE_MAP, "a profile", d))
		goto out;
	p->path = strdup(path);
	ymap_check_keys(root, keys, d);
	if ((v = ymap_require(root, "schema", d)) &&
	    (s = yscalar_str(v, "schema", d)) && strcmp(s, PROFILE_SCHEMA))
		ynode_error(v, d, "unsupported schema '%s' (this carecert reads %s)",
			    s, PROFILE_SCHEMA);
	dir = dir_of(path);
	if (!dir)
		goto out;
	if ((v = ymap_require(root, "dut", d)))
		load_dut(p, v, d);
	if ((v = ymap_require(root, "transport", d)))
		load_transport(v, dir, &p->transport_kind, &p->params, &p->nparams, d);
	if ((v = ymap_get(root, "simulator")))
		load_simulator(&p->sim, v, d);
	if ((v = ymap_get(root, "links")))
		load_links(p, v, dir, d);
	if ((v = ymap_get(root, "features")))
		p->features = ynode_strv(v, "features", d);
	if ((v = ymap_get(root, "limits")))
		load_limits(p, v, d);
	if ((v = ymap_get(root, "output")))
		load_output(p, v, d);
	if ((v = ymap_get(root, "accuracy_data")) && dir)
		load_data(p, v, dir, d);
	if ((v = ymap_get(root, "instruments")) && dir)
		load_instruments(p, v, dir, d);
	if ((v = ymap_get(root, "lab")) && ynode_expect(v, YNODE_MAP, "lab", d)) {
		/* who tests: the report's cover and approval */
		static const char *const own[] = { "name", "address", "accreditation" };
		const char *lkeys[16], *ids[64];
		size_t nk = 0, nid = 0;
		const struct ynode *w;

		for (size_t i = 0; i < 3; i++)
			lkeys[nk++] = own[i];
		for (size_t i = 0; labinfo_keys[i] && nk < 15; i++)
			lkeys[nk++] = labinfo_keys[i];
		lkeys[nk] = NULL;
		ymap_check_keys(v, lkeys, d);
		for (size_t i = 0; i < p->ninstruments && nid < 64; i++)
			ids[nid++] = p->instruments[i].id;
		/* what ISO/IEC 17025 7.8 asks the report to state */
		p->lab_iso = labinfo_load(v, ids, nid, d);
		if ((w = ymap_require(v, "name", d)) && yscalar_str(w, "name", d))
			p->lab_name = strdup(w->str);
		if ((w = ymap_get(v, "address")) && yscalar_str(w, "address", d))
			p->lab_address = strdup(w->str);
		if ((w = ymap_get(v, "accreditation")) && yscalar_str(w, "accreditation", d))
			p->lab_accreditation = strdup(w->str);
	}
	if (suites_dir) {
		sdir = strdup(suites_dir);
	} else if ((v = ymap_get(root, "suites_dir")) &&
		   (s = yscalar_str(v, "suites_dir", d))) {
		size_t len = strlen(dir) + strlen(s) + 2;

		sdir = malloc(len);
		if (sdir)
			snprintf(sdir, len, "%s/%s", s[0] == '/' ? "" : dir, s);
	} else {
		size_t len = strlen(dir) + sizeof("/../suites");

		sdir = malloc(len);
		if (sdir)
			snprintf(sdir, len, "%s/../suites", dir);
	}
	if ((v = ymap_require(root, "suites", d)) && sdir) {
		size_t n = diag_count(d);

		load_suites(p, v, sdir, d);
		/* against broken suites every claim would look unknown */
		if (diag_count(d) == n)
			check_against_suites(p, root, d);
	}
out:
	free(dir);
	free(sdir);
	ydoc_free(doc);
	if (diag_count(d) != before) {
		profile_free(p);
		return NULL;
	}
	return p;
}

static void params_free(struct param *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].value);
	}
	free(v);
}

static void sim_cfg_free(struct simulator_cfg *sc)
{
	free(sc->program);
	strv_free(sc->faults);
	strv_free(sc->args);
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	free(p->path);
	free(p->dut.category);
	free(p->dut.vendor);
	free(p->dut.model);
	free(p->dut.firmware);
	free(p->dut.serial_number);
	free(p->transport_kind);
	free(p->lab_name);
	free(p->lab_address);
	free(p->lab_accreditation);
	json_object_put(p->lab_iso);
	for (size_t i = 0; i < p->ndata; i++) {
		free(p->data[i].name);
		free(p->data[i].path);
		free(p->data[i].reference);
		free(p->data[i].calibration_due);
		pairs_free(p->data[i].set);
	}
	free(p->data);
	for (size_t i = 0; i < p->ninstruments; i++) {
		struct profile_instrument *pi = &p->instruments[i];

		free(pi->id);
		free(pi->port);
		free(pi->baud);
		free(pi->model);
		free(pi->serial_number);
		free(pi->calibration_due);
		free(pi->sim.program);
		strv_free(pi->sim.args);
		instrument_driver_free(pi->drv);
	}
	free(p->instruments);
	for (size_t i = 0; i < p->nlinks; i++) {
		struct profile_link *l = &p->links[i];

		free(l->id);
		free(l->transport_kind);
		params_free(l->params, l->nparams);
		sim_cfg_free(&l->sim);
	}
	free(p->links);
	params_free(p->params, p->nparams);
	sim_cfg_free(&p->sim);
	strv_free(p->features);
	for (size_t i = 0; i < p->nsuites; i++)
		suite_free(p->suites[i]);
	free(p->suites);
	for (size_t i = 0; i < p->nlimits; i++) {
		free(p->limits[i].name);
		free(p->limits[i].value);
	}
	free(p->limits);
	free(p->output_dir);
	free(p->junit);
	free(p);
}

bool profile_claims(const struct profile *p, const char *feature)
{
	return strv_contains(p->features, feature);
}

const char *profile_param(const struct profile *p, const char *key)
{
	for (size_t i = 0; i < p->nparams; i++)
		if (!strcmp(p->params[i].key, key))
			return p->params[i].value;
	return NULL;
}

static int push_secrets(char ***v, size_t *n, const struct param *params, size_t np)
{
	for (size_t i = 0; i < np; i++) {
		char **nv;

		/* "sim": the simulator's own value replaces it */
		if (!params[i].secret || !strcmp(params[i].value, "sim"))
			continue;
		if (!(nv = realloc(*v, (*n + 2) * sizeof(*nv))))
			return CC_ENOMEM;
		*v = nv;
		if (!(nv[*n] = strdup(params[i].value)))
			return CC_ENOMEM;
		nv[++*n] = NULL;
	}
	return CC_OK;
}

int profile_secrets(const struct profile *p, char ***out)
{
	char **v = calloc(1, sizeof(*v));
	size_t n = 0;
	int rc;

	if (!v)
		return CC_ENOMEM;
	rc = push_secrets(&v, &n, p->params, p->nparams);
	for (size_t i = 0; !rc && i < p->nlinks; i++)
		rc = push_secrets(&v, &n, p->links[i].params, p->links[i].nparams);
	if (rc) {
		strv_free(v);
		v = NULL;
	}
	*out = v;
	return rc;
}

const char *profile_limit(const struct profile *p, const char *name)
{
	const struct limit_def *l;

	for (size_t i = 0; i < p->nlimits; i++)
		if (!strcmp(p->limits[i].name, name))
			return p->limits[i].value;
	for (size_t i = 0; i < p->nsuites; i++)
		if ((l = suite_find_limit(p->suites[i], name)))
			return l->value;
	return NULL;
}
