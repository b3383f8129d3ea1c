/* SPDX-License-Identifier: MIT */
#include "core/record.h"
#include "base/clock.h"
#include "base/redact.h"
#include "base/utf8.h"
#include "core/dutlink.h"
#include "core/plan.h"
#include "core/profile.h"
#include "transport/transport.h"
#include "base/err.h"
#include "base/fileio.h"
#include "version.h"

#include <gnu/libc-version.h>
#include <libserialport.h>
#include <libxml/xmlversion.h>
#include <limits.h>
#include <stdbool.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>

struct record {
	json_object *root;
	json_object *cases; /* borrowed from root */
	int journal;        /* cases.jsonl while the run goes; -1 */
	int64_t journal_synced; /* mono_now_ns() of its last fdatasync */
};

#define JOURNAL_SYNC_NS (200 * NSEC_PER_MSEC)

static json_object *environment(void)
{
	json_object *env = json_object_new_object(), *libs;
	char host[256] = "unknown", os[600] = "unknown";
	struct utsname u;

	if (gethostname(host, sizeof(host)))
		snprintf(host, sizeof(host), "unknown");
	host[sizeof(host) - 1] = 0;
	if (!uname(&u))
		snprintf(os, sizeof(os), "%s %s %s %s", u.sysname, u.release,
			 u.version, u.machine);
	json_object_object_add(env, "host", json_object_new_string(host));
	json_object_object_add(env, "os", json_object_new_string(os));
	libs = json_object_new_object();
	json_object_object_add(libs, "libyaml",
			       json_object_new_string(yaml_get_version_string()));
	json_object_object_add(libs, "json-c", json_object_new_string(json_c_version()));
	json_object_object_add(libs, "libserialport",
			       json_object_new_string(sp_get_package_version_string()));
	json_object_object_add(libs, "openssl",
			       json_object_new_string(OpenSSL_version(OPENSSL_VERSION)));
	json_object_object_add(libs, "libxml2",
			       json_object_new_string(LIBXML_DOTTED_VERSION));
	json_object_object_add(libs, "glibc",
			       json_object_new_string(gnu_get_libc_version()));
	json_object_object_add(env, "libraries", libs);
	return env;
}

struct record *record_new(void)
{
	struct record *r = calloc(1, sizeof(*r));
	json_object *tool;

	if (!r)
		return NULL;
	r->journal = -1;
	r->root = json_object_new_object();
	tool = json_object_new_object();
	r->cases = json_object_new_array();
	if (!r->root || !tool || !r->cases) {
		json_object_put(tool);
		json_object_put(r->cases);
		json_object_put(r->root);
		free(r);
		return NULL;
	}
	json_object_object_add(r->root, "schema", json_object_new_string(RECORD_SCHEMA));
	json_object_object_add(tool, "name", json_object_new_string("carecert"));
	json_object_object_add(tool, "version", json_object_new_string(CARECERT_VERSION));
	json_object_object_add(tool, "git_revision",
			       json_object_new_string(CARECERT_GIT_REVISION));
	json_object_object_add(r->root, "tool", tool);
	json_object_object_add(r->root, "environment", environment());
	json_object_object_add(r->root, "status", json_object_new_string("running"));
	json_object_object_add(r->root, "cases", r->cases);
	return r;
}

void record_free(struct record *r)
{
	if (!r)
		return;
	if (r->journal >= 0)
		close(r->journal);
	json_object_put(r->root);
	free(r);
}

json_object *record_json(const struct record *r)
{
	return r->root;
}

int record_set(struct record *r, const char *key, json_object *value)
{
	/* keep "cases" last so the file reads top-down: run, then cases */
	json_object *cases = json_object_get(r->cases);
	int rc;

	json_object_object_del(r->root, "cases");
	rc = json_object_object_add(r->root, key, value);
	json_object_object_add(r->root, "cases", cases);
	return rc ? CC_ENOMEM : CC_OK;
}

int record_add_case(struct record *r, json_object *case_obj)
{
	return json_object_array_add(r->cases, case_obj) ? CC_ENOMEM : CC_OK;
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return NULL;
	return json_object_get_string(v);
}

static bool any_marginal(json_object *c)
{
	json_object *ms, *v;

	/* a record read back may be damaged: json-c asserts on a non-array */
	if (!json_object_object_get_ex(c, "measurements", &ms) ||
	    !json_object_is_type(ms, json_type_array))
		return false;
	for (size_t i = 0; i < json_object_array_length(ms); i++)
		if (json_object_object_get_ex(json_object_array_get_idx(ms, i),
					      "marginal", &v) &&
		    json_object_get_boolean(v))
			return true;
	return false;
}

void record_tally(json_object *root, struct verdict_tally *out)
{
	json_object *cases, *v;

	memset(out, 0, sizeof(*out));
	if (!json_object_object_get_ex(root, "cases", &cases) ||
	    !json_object_is_type(cases, json_type_array))
		return;
	for (size_t i = 0; i < json_object_array_length(cases); i++) {
		json_object *c = json_object_array_get_idx(cases, i);
		const char *name = jstr(c, "verdict");
		enum verdict vd;

		if (!name || verdict_from_name(name, &vd))
			continue;
		verdict_tally_add(out, vd);
		if (vd != VERDICT_PASS)
			continue;
		if (json_object_object_get_ex(c, "attempt", &v) &&
		    json_object_get_int(v) > 1)
			out->passed_on_retry++;
		if (any_marginal(c))
			out->marginal++;
	}
}

const char *record_overall(const struct verdict_tally *t, const char *status)
{
	enum verdict v = verdict_tally_overall(t);

	/* a fail or an error is a finding whatever the scope; anything
	 * better is no certification verdict when cases were left out or the
	 * run did not complete */
	if (v == VERDICT_FAIL || v == VERDICT_ERROR)
		return verdict_name(v);
	if (!status || strcmp(status, "complete"))
		return "incomplete";
	if (t->count[VERDICT_NOT_RUN])
		return "partial";
	return verdict_name(v);
}

const char *record_verdict_of(json_object *root, struct verdict_tally *out)
{
	struct verdict_tally t;
	const char *v, *scope = jstr(root, "scope");

	record_tally(root, &t);
	v = record_overall(&t, jstr(root, "status"));
	if (!strcmp(v, "pass") && scope && !strcmp(scope, "partial"))
		v = "partial";
	if (out)
		*out = t;
	return v;
}

void record_summarize(struct record *r, struct verdict_tally *out)
{
	struct verdict_tally t;
	json_object *s = json_object_new_object();
	size_t total = 0;
	const char *verdict, *scope;

	record_tally(r->root, &t);
	for (int v = VERDICT_PASS; v < VERDICT_COUNT; v++)
		total += t.count[v];
	json_object_object_add(s, "total", json_object_new_uint64(total));
	for (int v = VERDICT_PASS; v < VERDICT_COUNT; v++)
		json_object_object_add(s, verdict_name((enum verdict)v),
				       json_object_new_uint64(t.count[v]));
	json_object_object_add(s, "passed_on_retry",
			       json_object_new_uint64(t.passed_on_retry));
	json_object_object_add(s, "marginal", json_object_new_uint64(t.marginal));
	record_set(r, "summary", s);
	verdict = record_overall(&t, jstr(r->root, "status"));
	scope = jstr(r->root, "scope");
	if (!strcmp(verdict, "pass") && scope && !strcmp(scope, "partial"))
		verdict = "partial";
	record_set(r, "verdict", json_object_new_string(verdict));
	if (out)
		*out = t;
}

/* Device bytes reach the record through evidence, variables and names;
 * json-c writes string bytes as they are, so a string that is not valid
 * UTF-8 (a device's, or one cut inside a character) is repaired here, the
 * last place before the file: the record is always valid JSON text. */
static void utf8_fix(json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_string: {
		char *m;

		if (utf8_valid_str(json_object_get_string(o)))
			return;
		m = utf8_repair(json_object_get_string(o));
		json_object_set_string(o, m ? m : "(not valid UTF-8)");
		free(m);
		return;
	}
	case json_type_array:
		for (size_t i = 0; i < json_object_array_length(o); i++)
			utf8_fix(json_object_array_get_idx(o, i));
		return;
	case json_type_object: {
		json_object_object_foreach(o, key, val) {
			(void)key;
			utf8_fix(val);
		}
		return;
	}
	default:
		return;
	}
}

int record_write(const struct record *r, const char *dir)
{
	char path[PATH_MAX];
	const char *text;
	size_t n;
	char *data;
	int rc;

	utf8_fix(r->root);
	text = json_object_to_json_string_ext(
		r->root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	n = strlen(text);
	data = malloc(n + 1);

	if (!data)
		return CC_ENOMEM;
	memcpy(data, text, n);
	data[n] = '\n';
	snprintf(path, sizeof(path), "%s/%s", dir, RECORD_FILE);
	rc = atomic_write_file(path, data, n + 1);
	free(data);
	return rc;
}

static void read_journal(struct record *r, const char *record_path);

struct record *record_load(const char *path, char *err, size_t errlen)
{
	json_object *root = json_object_from_file(path), *cases;
	struct record *r;
	const char *schema;

	if (!root) {
		snprintf(err, errlen, "not a readable JSON file (%s)",
			 json_util_get_last_err());
		return NULL;
	}
	schema = jstr(root, "schema");
	if (!schema || strcmp(schema, RECORD_SCHEMA)) {
		snprintf(err, errlen, "schema is '%s', expected %s",
			 schema ? schema : "(none)", RECORD_SCHEMA);
		json_object_put(root);
		return NULL;
	}
	if (!json_object_object_get_ex(root, "cases", &cases) ||
	    !json_object_is_type(cases, json_type_array)) {
		snprintf(err, errlen, "no cases array");
		json_object_put(root);
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		json_object_put(root);
		return NULL;
	}
	r->journal = -1;
	r->root = root;
	r->cases = cases;
	if (jstr(root, "status") && !strcmp(jstr(root, "status"), "running"))
		read_journal(r, path);
	return r;
}

/* The cases a run that died had finished: its journal, line by line; a
 * line cut by the crash (no newline yet) or not a case object is left
 * out. The summary and verdict then count them. */
static void read_journal(struct record *r, const char *record_path)
{
	char *copy = strdup(record_path), path[PATH_MAX], *data = NULL;
	size_t len = 0, start = 0;

	if (!copy)
		return;
	snprintf(path, sizeof(path), "%s/%s", dirname(copy), RECORD_JOURNAL);
	free(copy);
	if (read_file(path, &data, &len))
		return;
	for (size_t i = 0; i < len; i++) {
		json_tokener *tok;
		json_object *c;

		if (data[i] != '\n')
			continue;
		tok = json_tokener_new();
		c = tok ? json_tokener_parse_ex(tok, data + start, (int)(i - start)) : NULL;
		if (c && json_tokener_get_error(tok) == json_tokener_success &&
		    json_object_is_type(c, json_type_object))
			json_object_array_add(r->cases, c);
		else
			json_object_put(c);
		json_tokener_free(tok);
		start = i + 1;
	}
	free(data);
	record_summarize(r, NULL);
}

int record_journal_open(struct record *r, const char *dir)
{
	char path[PATH_MAX];

	int fd;

	if (r->journal >= 0)
		return CC_EINVAL;
	snprintf(path, sizeof(path), "%s/%s", dir, RECORD_JOURNAL);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return CC_EIO;
	r->journal = fd;
	return CC_OK;
}

int record_journal_append(struct record *r, json_object *case_obj)
{
	const char *text = json_object_to_json_string_ext(case_obj, JSON_C_TO_STRING_PLAIN |
								     JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t n = strlen(text), off = 0;

	if (r->journal < 0)
		return CC_EIO;
	/* the line and its newline in one write: a reader sees it whole or
	 * not at all (a torn tail has no newline) */
	char *line = malloc(n + 1);

	if (!line)
		return CC_ENOMEM;
	memcpy(line, text, n);
	line[n++] = '\n';
	while (off < n) {
		ssize_t w = write(r->journal, line + off, n - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	free(line);
	if (off != n)
		return CC_EIO;
	/* written, the line survives the runner's death at once; synced to
	 * the disk at most JOURNAL_SYNC_NS apart, so a power cut loses only
	 * the last moment's cases while a sync per case would be most of a
	 * fast run's time */
	if (mono_now_ns() - r->journal_synced >= JOURNAL_SYNC_NS) {
		if (fdatasync(r->journal))
			return CC_EIO;
		r->journal_synced = mono_now_ns();
	}
	return CC_OK;
}

void record_journal_remove(struct record *r, const char *dir)
{
	char path[PATH_MAX];

	if (r->journal >= 0)
		close(r->journal);
	r->journal = -1;
	r->journal_synced = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, RECORD_JOURNAL);
	unlink(path);
}


/* ---- the run's blocks, from the run's structs ---- */

static json_object *jnew_str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *strv_json(char *const *v)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; v && v[i]; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static json_object *file_block(const char *path)
{
	json_object *o = json_object_new_object();
	char hex[SHA256_HEX_LEN + 1];

	json_object_object_add(o, "path", jnew_str(path));
	json_object_object_add(o, "sha256", sha256_file(path, hex) ? NULL : jnew_str(hex));
	return o;
}

/* A link's settings as the record keeps them: a secret (a password, a
 * token, any value from env: or file:) belongs to the bench, not to the
 * evidence (the record goes to vendors and catalogues), so only its
 * presence is kept. */
static json_object *transport_block(const char *kind, const struct param *params, size_t n)
{
	json_object *tr = json_object_new_object();

	json_object_object_add(tr, "kind", jnew_str(kind));
	for (size_t i = 0; i < n; i++)
		json_object_object_add(tr, params[i].key,
				       jnew_str(params[i].secret ? "(set, not recorded)"
								 : params[i].value));
	return tr;
}

/* A link's simulator as it was started; NULL when the link has none. */
static json_object *simulator_block(const struct dut_link *l)
{
	json_object *o;

	if (!l->sim_program)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "program", jnew_str(l->sim_program));
	json_object_object_add(o, "path", l->sim_path[0] ? jnew_str(l->sim_path) : NULL);
	json_object_object_add(o, "args", strv_json(l->sim_args));
	json_object_object_add(o, "faults", strv_json(l->sim_faults));
	json_object_object_add(o, "link", l->sim_started ? jnew_str(l->sim_link) : NULL);
	json_object_object_add(o, "exit_status", NULL);
	json_object_object_add(o, "stderr_log", jnew_str(l->sim_log));
	return o;
}

/* A link's capture file (BLE: btsnoop; browser: the browser's own log),
 * named and hashed once the link is closed; NULL when it has none. Its
 * format is told by the extension its transport gave it. */
static json_object *capture_block(const char *path)
{
	char hex[SHA256_HEX_LEN + 1];
	const char *base = strrchr(path, '/'), *format = "btsnoop";
	size_t n = strlen(path);
	json_object *cap;

	if (!path[0] || sha256_file(path, hex))
		return NULL;
	if (n > 12 && !strcmp(path + n - 12, ".browser.log"))
		format = "browser-log";
	cap = json_object_new_object();
	json_object_object_add(cap, "file", jnew_str(base ? base + 1 : path));
	json_object_object_add(cap, "format", jnew_str(format));
	json_object_object_add(cap, "sha256", jnew_str(hex));
	return cap;
}

/* Once a link is released: its simulator's exit status. */
static void simulator_stopped(json_object *sim, const struct dut_link *l)
{
	if (sim && l->sim_stopped)
		json_object_object_add(sim, "exit_status", json_object_new_int(l->sim_status));
}

void record_begin_run(struct record *r, const struct profile *p, const char *traffic_log)
{
	json_object *suites = json_object_new_array(), *dut, *tr;
	char utc[32];
	struct timespec now;

	record_set(r, "profile", file_block(p->path));
	for (size_t i = 0; i < p->nsuites; i++) {
		json_object *s = file_block(p->suites[i]->path);

		json_object_object_add(s, "id", jnew_str(p->suites[i]->id));
		json_object_object_add(s, "title", jnew_str(p->suites[i]->title));
		json_object_object_add(s, "version", jnew_str(p->suites[i]->version));
		json_object_array_add(suites, s);
	}
	record_set(r, "suites", suites);
	if (p->ndata) {
		json_object *data = json_object_new_array();

		for (size_t i = 0; i < p->ndata; i++) {
			json_object *f = file_block(p->data[i].path);

			json_object_object_add(f, "name", jnew_str(p->data[i].name));
			json_object_object_add(f, "reference", jnew_str(p->data[i].reference));
			json_object_object_add(f, "calibration_due", jnew_str(p->data[i].calibration_due));
			json_object_array_add(data, f);
		}
		record_set(r, "accuracy_data", data);
	}
	dut = json_object_new_object();
	json_object_object_add(dut, "category", jnew_str(p->dut.category));
	json_object_object_add(dut, "vendor", jnew_str(p->dut.vendor));
	json_object_object_add(dut, "model", jnew_str(p->dut.model));
	json_object_object_add(dut, "firmware", jnew_str(p->dut.firmware));
	json_object_object_add(dut, "serial_number", jnew_str(p->dut.serial_number));
	json_object_object_add(dut, "features", strv_json(p->features));
	record_set(r, "dut", dut);
	if (p->lab_name) {
		json_object *lab = json_object_new_object();

		json_object_object_add(lab, "name", jnew_str(p->lab_name));
		json_object_object_add(lab, "address", jnew_str(p->lab_address));
		json_object_object_add(lab, "accreditation", jnew_str(p->lab_accreditation));
		/* the ISO/IEC 17025 statements, as validated (core/labinfo.h) */
		if (p->lab_iso) {
			json_object_object_foreach(p->lab_iso, key, val)
				json_object_object_add(lab, key, json_object_get(val));
		}
		record_set(r, "lab", lab);
	}
	record_set(r, "transport", transport_block(p->transport_kind, p->params, p->nparams));
	record_set(r, "simulator", NULL);
	wall_now(&now);
	format_utc(&now, utc);
	record_set(r, "start", jnew_str(utc));
	record_set(r, "end", NULL);
	tr = json_object_new_object();
	json_object_object_add(tr, "file", jnew_str(traffic_log));
	json_object_object_add(tr, "sha256", NULL);
	record_set(r, "traffic_log", tr);
}

void record_set_simulator(struct record *r, const struct dut_link *l)
{
	record_set(r, "simulator", simulator_block(l));
}

void record_set_instruments(struct record *r, const struct profile *p,
			    const struct dut_link *links)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < p->ninstruments; i++) {
		const struct profile_instrument *pi = &p->instruments[i];
		const struct dut_link *l = &links[i];
		char hex[SHA256_HEX_LEN + 1];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "id", jnew_str(pi->id));
		json_object_object_add(o, "name", jnew_str(pi->drv ? pi->drv->name : pi->id));
		json_object_object_add(o, "driver", jnew_str(pi->drv ? pi->drv->name : NULL));
		json_object_object_add(o, "driver_file", jnew_str(pi->drv ? pi->drv->path : NULL));
		json_object_object_add(o, "driver_sha256",
				       pi->drv && !sha256_file(pi->drv->path, hex) ? jnew_str(hex) : NULL);
		json_object_object_add(o, "model", jnew_str(pi->model));
		json_object_object_add(o, "serial_number", jnew_str(pi->serial_number));
		json_object_object_add(o, "calibration_due", jnew_str(pi->calibration_due));
		json_object_object_add(o, "link", jnew_str(l->t ? transport_param(l->t, "port") : pi->port));
		json_object_object_add(o, "simulator", jnew_str(pi->sim.program));
		json_object_object_add(o, "error", l->up ? NULL : jnew_str(l->error));
		json_object_array_add(arr, o);
	}
	record_set(r, "instruments", arr);
}

void record_set_links(struct record *r, const struct profile *p, const struct dut_link *links)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < p->nlinks; i++) {
		const struct profile_link *pl = &p->links[i];
		const struct dut_link *l = &links[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "id", jnew_str(pl->id));
		json_object_object_add(o, "transport",
				       transport_block(pl->transport_kind, pl->params, pl->nparams));
		json_object_object_add(o, "simulator", simulator_block(l));
		json_object_object_add(o, "error", l->up ? NULL : jnew_str(l->error));
		json_object_array_add(arr, o);
	}
	record_set(r, "links", arr);
}

void record_links_closed(struct record *r, const struct dut_link *links, size_t n)
{
	json_object *arr = NULL;

	json_object_object_get_ex(r->root, "links", &arr);
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(arr, i), *so = NULL, *cap;

		if (!o)
			continue;
		if (json_object_object_get_ex(o, "simulator", &so))
			simulator_stopped(so, &links[i]);
		if ((cap = capture_block(links[i].capture)))
			json_object_object_add(o, "capture", cap);
	}
}

void record_end_run(struct record *r, const struct dut_link *main_link,
		    const char *traffic_log_path, const char *status, const char *abort_reason)
{
	json_object *tl, *so = NULL, *cap;
	char hex[SHA256_HEX_LEN + 1], utc[32];
	struct timespec now;

	if (json_object_object_get_ex(r->root, "simulator", &so))
		simulator_stopped(so, main_link);
	if (json_object_object_get_ex(r->root, "traffic_log", &tl) &&
	    !sha256_file(traffic_log_path, hex))
		json_object_object_add(tl, "sha256", jnew_str(hex));
	if ((cap = capture_block(main_link->capture)))
		record_set(r, "capture", cap);
	wall_now(&now);
	format_utc(&now, utc);
	record_set(r, "end", jnew_str(utc));
	record_set(r, "status", jnew_str(status));
	if (abort_reason)
		record_set(r, "abort_reason", jnew_str(abort_reason));
}

void record_set_selection(struct record *r, const struct plan_selection *sel,
			  const char *rerun_dir, const struct plan *plan)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "cases", sel->cases ? strv_json(sel->cases) : NULL);
	json_object_object_add(o, "tags", sel->tags ? strv_json(sel->tags) : NULL);
	json_object_object_add(o, "exclude_tags",
			       sel->exclude_tags ? strv_json(sel->exclude_tags) : NULL);
	json_object_object_add(o, "rerun_failed", jnew_str(rerun_dir));
	json_object_object_add(o, "cases_total", json_object_new_uint64(plan->n));
	json_object_object_add(o, "applicable", json_object_new_uint64(plan->applicable));
	json_object_object_add(o, "selected", json_object_new_uint64(plan->selected));
	record_set(r, "selection", o);
	record_set(r, "scope", jnew_str(plan->selected < plan->applicable ? "partial" : "complete"));
}

/* ---- cases ---- */

json_object *record_case_new(const struct plan_item *it)
{
	json_object *o = json_object_new_object(), *reqs = json_object_new_array();

	json_object_object_add(o, "suite", jnew_str(it->suite->id));
	json_object_object_add(o, "id", jnew_str(it->tc->id));
	json_object_object_add(o, "title", jnew_str(it->tc->title));
	for (size_t i = 0; i < it->tc->nreqs; i++) {
		json_object *q = json_object_new_object();

		json_object_object_add(q, "standard", jnew_str(it->tc->reqs[i].standard));
		json_object_object_add(q, "clause", jnew_str(it->tc->reqs[i].clause));
		json_object_array_add(reqs, q);
	}
	json_object_object_add(o, "requirements", reqs);
	return o;
}

static json_object *array_or_empty(json_object *a)
{
	return a ? json_object_get(a) : json_object_new_array();
}

void record_case_end(json_object *o, const struct case_outcome *c)
{
	char utc[32];

	format_utc(&c->start, utc);
	json_object_object_add(o, "verdict", jnew_str(verdict_name(c->verdict)));
	json_object_object_add(o, "reason", jnew_str(c->reason));
	json_object_object_add(o, "attempt", json_object_new_int((int)c->attempt));
	json_object_object_add(o, "attempts_allowed", json_object_new_int((int)c->allowed));
	json_object_object_add(o, "start", jnew_str(utc));
	json_object_object_add(o, "duration_s", json_object_new_double(c->duration_s));
	json_object_object_add(o, "stage", c->stage && *c->stage ? jnew_str(c->stage) : NULL);
	json_object_object_add(o, "evidence", array_or_empty(c->evidence));
	json_object_object_add(o, "accuracy", array_or_empty(c->accuracy));
	json_object_object_add(o, "measurements", array_or_empty(c->measurements));
	json_object_object_add(o, "previous_attempts", array_or_empty(c->previous));
}

json_object *record_attempt(unsigned attempt, enum verdict v, const char *reason,
			    json_object *evidence)
{
	json_object *a = json_object_new_object();

	json_object_object_add(a, "attempt", json_object_new_int((int)attempt));
	json_object_object_add(a, "verdict", jnew_str(verdict_name(v)));
	json_object_object_add(a, "reason", jnew_str(reason));
	json_object_object_add(a, "evidence", evidence ? json_object_get(evidence) : NULL);
	return a;
}

void record_redact(json_object *o, char *const *secrets)
{
	if (!secrets || !secrets[0])
		return;
	switch (json_object_get_type(o)) {
	case json_type_string: {
		char *m;

		if (!redact_contains(json_object_get_string(o), secrets))
			return;
		m = redact_str(json_object_get_string(o), secrets);
		json_object_set_string(o, m ? m : REDACT_MASK);
		free(m);
		return;
	}
	case json_type_array:
		for (size_t i = 0; i < json_object_array_length(o); i++)
			record_redact(json_object_array_get_idx(o, i), secrets);
		return;
	case json_type_object: {
		json_object_object_foreach(o, key, val) {
			(void)key;
			record_redact(val, secrets);
		}
		return;
	}
	default:
		return;
	}
}
