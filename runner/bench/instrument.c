/* SPDX-License-Identifier: MIT */
#include "bench/instrument.h"
#include "base/rx.h"
#include "base/units.h"
#include "base/ydoc.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_WITHIN_NS (2LL * 1000000000LL)

static char *dup_scalar(const struct ynode *n, const char *what, struct diag *d)
{
	const char *s = n ? yscalar_str(n, what, d) : NULL;

	return s ? strdup(s) : NULL;
}

static void load_command(struct instrument_command *c, const char *name, const struct ynode *n,
			 struct diag *d)
{
	static const char *const keys[] = { "send", "expect", "capture", "within", NULL };
	const struct ynode *v;

	c->name = strdup(name);
	c->within_ns = DEFAULT_WITHIN_NS;
	if (!ynode_expect(n, YNODE_MAP, "a command", d))
		return;
	ymap_check_keys(n, keys, d);
	c->send = dup_scalar(ymap_require(n, "send", d), "send", d);
	if ((v = ymap_require(n, "expect", d)) && (c->expect = dup_scalar(v, "expect", d))) {
		char msg[160];

		if (rx_compile(&c->re, c->expect, 0, msg, sizeof(msg))) {
			ynode_error(v, d, "bad regular expression: %s", msg);
			free(c->expect);
			c->expect = NULL; /* nothing compiled to free */
		}
	}
	if ((v = ymap_get(n, "capture")))
		c->capture = ynode_strv(v, "capture", d);
	if ((v = ymap_get(n, "within")))
		yscalar_duration(v, "within", &c->within_ns, d);
}

struct instrument_driver *instrument_driver_load(const char *path, struct diag *d)
{
	static const char *const keys[] = { "schema", "name", "terminator", "commands", NULL };
	size_t before = diag_count(d);
	struct ydoc *doc = ydoc_load(path, d);
	struct instrument_driver *drv;
	const struct ynode *root, *v;
	const char *s;

	if (!doc)
		return NULL;
	root = ydoc_root(doc);
	drv = calloc(1, sizeof(*drv));
	if (!drv || !ynode_expect(root, YNODE_MAP, "an instrument driver", d))
		goto out;
	drv->path = strdup(path);
	strcpy(drv->terminator, "\r\n");
	ymap_check_keys(root, keys, d);
	if ((v = ymap_require(root, "schema", d)) && (s = yscalar_str(v, "schema", d)) &&
	    strcmp(s, INSTRUMENT_SCHEMA))
		ynode_error(v, d, "unsupported schema '%s' (this carecert reads %s)", s,
			    INSTRUMENT_SCHEMA);
	drv->name = dup_scalar(ymap_require(root, "name", d), "name", d);
	if ((v = ymap_get(root, "terminator")) && (s = yscalar_str(v, "terminator", d))) {
		if (!*s || strlen(s) >= sizeof(drv->terminator))
			ynode_error(v, d, "terminator must be 1 to %zu characters",
				    sizeof(drv->terminator) - 1);
		else
			strcpy(drv->terminator, s);
	}
	if ((v = ymap_require(root, "commands", d)) &&
	    ynode_expect(v, YNODE_MAP, "commands", d) && v->n &&
	    (drv->cmd = calloc(v->n, sizeof(*drv->cmd)))) {
		for (size_t i = 0; i < v->n; i++)
			load_command(&drv->cmd[drv->ncmd++], v->pairs[i].key->str,
				     v->pairs[i].value, d);
	}
out:
	ydoc_free(doc);
	if (diag_count(d) != before) {
		instrument_driver_free(drv);
		return NULL;
	}
	return drv;
}

void instrument_driver_free(struct instrument_driver *drv)
{
	if (!drv)
		return;
	for (size_t i = 0; i < drv->ncmd; i++) {
		struct instrument_command *c = &drv->cmd[i];

		free(c->name);
		free(c->send);
		if (c->expect)
			regfree(&c->re);
		free(c->expect);
		strv_free(c->capture);
	}
	free(drv->cmd);
	free(drv->name);
	free(drv->path);
	free(drv);
}

const struct instrument_command *instrument_command_find(const struct instrument_driver *drv,
							 const char *name)
{
	for (size_t i = 0; i < drv->ncmd; i++)
		if (drv->cmd[i].name && !strcmp(drv->cmd[i].name, name))
			return &drv->cmd[i];
	return NULL;
}
