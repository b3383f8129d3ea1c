/* SPDX-License-Identifier: MIT */
#include "core/dutlink.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "transport/simproc.h"
#include "transport/trafficlog.h"
#include "transport/transport.h"

void dut_link_init(struct dut_link *l, const char *id, const char *kind)
{
	memset(l, 0, sizeof(*l));
	l->id = id;
	l->kind = kind;
	l->sim_status = -1;
	rxq_init(&l->rx);
}

static size_t strv_len(char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

int dut_link_start_sim(struct dut_link *l, const struct simulator_cfg *sc,
		       char *const *faults, const char *out_dir, struct trafficlog *log)
{
	size_t n, k = 0;
	char **args, *name = l->sim_log, path[PATH_MAX];
	int rc;

	if (!faults)
		faults = sc->faults;
	l->sim_program = sc->program;
	l->sim_faults = faults;
	n = 2 * strv_len(faults) + strv_len(sc->args);
	if (!(args = l->sim_args = calloc(n + 1, sizeof(*args)))) {
		snprintf(l->error, sizeof(l->error), "out of memory");
		return CC_ENOMEM;
	}
	for (size_t i = 0; faults && faults[i]; i++) {
		args[k++] = (char *)"--fault";
		args[k++] = faults[i];
	}
	for (size_t i = 0; sc->args && sc->args[i]; i++)
		args[k++] = sc->args[i];
	/* the profile's own simulator keeps the plain name older run folders
	 * have; a further link's is named after the link too */
	if (l->id)
		snprintf(name, sizeof(l->sim_log), "sim-%s.%s.stderr.log", sc->program, l->id);
	else
		snprintf(name, sizeof(l->sim_log), "sim-%s.stderr.log", sc->program);
	snprintf(path, sizeof(path), "%s/%s", out_dir, name);
	rc = simproc_start(sc->program, args, path, l->sim_link, sizeof(l->sim_link), &l->sim,
			   l->error, sizeof(l->error));
	if (l->sim)
		snprintf(l->sim_path, sizeof(l->sim_path), "%s", simproc_path(l->sim));
	l->sim_started = !rc;
	if (!rc) {
		char ev[PATH_MAX + 64];

		snprintf(ev, sizeof(ev), "%s%s%s", l->id ? l->id : "", l->id ? ": " : "",
			 l->sim_link);
		trafficlog_event(log, "simulator-started", ev);
	}
	return rc;
}

/* The simulator's announced link replaces `port: sim` / `address: sim` /
 * `url: sim`; "key=value" words after it replace other parameters the
 * profile set to `sim` (an HTTP simulator's test CA, its plain-HTTP port). */
static int apply_sim_link(struct dut_link *l)
{
	const char *param = transport_ops(l->t)->sim_param;
	char link[sizeof(l->sim_link)], *save = NULL, *word;
	int rc = CC_OK;
	bool first = true;

	if (!param)
		return CC_OK;
	/* serial and BLE links are one word (a path); an HTTP simulator's
	 * (for the http and browser transports) is its URL and key=value words */
	if (strncmp(l->sim_link, "http://", 7) && strncmp(l->sim_link, "https://", 8))
		return transport_set_param(l->t, param, l->sim_link);
	snprintf(link, sizeof(link), "%s", l->sim_link);
	for (word = strtok_r(link, " ", &save); word && !rc; word = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(word, '=');
		const char *cur;

		if (first) {
			rc = transport_set_param(l->t, param, word);
			first = false;
			continue;
		}
		if (!eq)
			continue;
		*eq = 0;
		cur = transport_param(l->t, word);
		if (cur && !strcmp(cur, "sim"))
			rc = transport_set_param(l->t, word, eq + 1);
	}
	return rc;
}

int dut_link_open(struct dut_link *l, const struct param *params, size_t n,
		  const char *out_dir, struct trafficlog *log)
{
	const char **keys = calloc(n + 1, sizeof(*keys));
	const char **vals = calloc(n + 1, sizeof(*vals));
	const struct transport_ops *ops;
	int rc;

	if (!keys || !vals) {
		free(keys);
		free(vals);
		snprintf(l->error, sizeof(l->error), "out of memory");
		return CC_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		keys[i] = params[i].key;
		vals[i] = params[i].value;
	}
	l->t = transport_new(transport_find(l->kind), keys, vals, n, log);
	free(keys);
	free(vals);
	if (!l->t) {
		snprintf(l->error, sizeof(l->error), "out of memory");
		return CC_ENOMEM;
	}
	if (l->id)
		transport_set_label(l->t, l->id);
	if (l->sim && (rc = apply_sim_link(l))) {
		snprintf(l->error, sizeof(l->error), "the simulator's link: %s", cc_strerror(rc));
		return rc;
	}
	ops = transport_ops(l->t);
	if (ops->capture_ext) {
		if (l->id)
			snprintf(l->capture, sizeof(l->capture), "%s/traffic.%s.%s", out_dir, l->id,
				 ops->capture_ext);
		else
			snprintf(l->capture, sizeof(l->capture), "%s/traffic.%s", out_dir,
				 ops->capture_ext);
		if ((rc = transport_set_param(l->t, "capture", l->capture)))
			return rc;
	}
	if (ops->client_new && !(l->client = ops->client_new(l->t, &rc)))
		return rc;
	rc = transport_open(l->t, l->error, sizeof(l->error));
	l->up = !rc;
	return rc;
}

int dut_link_bring_up(struct dut_link *l, const struct simulator_cfg *sc,
		      const struct param *params, size_t n, const char *out_dir,
		      struct trafficlog *log)
{
	int rc = CC_OK;

	if (sc->program)
		rc = dut_link_start_sim(l, sc, NULL, out_dir, log);
	return rc ? rc : dut_link_open(l, params, n, out_dir, log);
}

void dut_link_reset(struct dut_link *l)
{
	if (l->t)
		transport_close(l->t);
	rxq_clear(&l->rx);
	dut_link_client_reset(l);
}

void dut_link_client_reset(struct dut_link *l)
{
	if (l->client)
		transport_ops(l->t)->client_reset(l->client);
}

void dut_link_release(struct dut_link *l, int *sim_status)
{
	const struct transport_ops *ops = l->t ? transport_ops(l->t) : NULL;

	transport_free(l->t);
	l->t = NULL;
	if (l->client)
		ops->client_free(l->client);
	l->client = NULL;
	rxq_release(&l->rx);
	l->sim_status = -1;
	if (l->sim) {
		simproc_stop(l->sim, &l->sim_status);
		l->sim_stopped = true;
	}
	*sim_status = l->sim_status;
	l->sim = NULL;
	free(l->sim_args);
	l->sim_args = NULL;
}
