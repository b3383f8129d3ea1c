/* SPDX-License-Identifier: MIT */
#include "transport/transport.h"
#include "base/clock.h"
#include "base/err.h"
#include "transport/trafficlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct transport_ops transport_serial_ops;
extern const struct transport_ops transport_ble_ops;
extern const struct transport_ops transport_data_ops;
extern const struct transport_ops transport_http_ops;
extern const struct transport_ops transport_tcp_ops;
extern const struct transport_ops transport_phdc_ops; /* phd/transport-phdc.c */
extern const struct transport_ops transport_web_ops; /* web/transport-web.c */

/* Chosen by the profile's transport kind. */
static const struct transport_ops *const transports[] = {
	&transport_serial_ops,
	&transport_ble_ops,
	&transport_data_ops,
	&transport_http_ops,
	&transport_tcp_ops,
	&transport_phdc_ops,
	&transport_web_ops,
};

#define RECV_CHUNK 4096

struct transport {
	const struct transport_ops *ops;
	char **keys, **values;
	size_t nparams;
	struct trafficlog *log;
	uint64_t seq; /* used when there is no traffic log */
	void *priv;
	int open;
	char label[32]; /* "" for the DUT's link; else named in the log */
};

void transport_set_label(struct transport *t, const char *label)
{
	snprintf(t->label, sizeof(t->label), "%s", label ? label : "");
}

const struct transport_ops *transport_find(const char *kind)
{
	for (size_t i = 0; i < sizeof(transports) / sizeof(transports[0]); i++)
		if (!strcmp(transports[i]->kind, kind))
			return transports[i];
	return NULL;
}

const char *transport_kinds(void)
{
	return "serial, ble, http, tcp, phdc";
}

bool transport_compatible(const char *suite, const char *profile)
{
	const struct transport_ops *a = transport_find(suite), *b = transport_find(profile);

	if (!strcmp(suite, profile))
		return true;
	return a && b && a->byte_stream && b->byte_stream;
}

struct transport *transport_new(const struct transport_ops *ops,
				const char *const *keys,
				const char *const *values, size_t n,
				struct trafficlog *log)
{
	struct transport *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->ops = ops;
	t->log = log;
	t->keys = calloc(n + 1, sizeof(char *));
	t->values = calloc(n + 1, sizeof(char *));
	if (!t->keys || !t->values)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		t->keys[i] = strdup(keys[i]);
		t->values[i] = strdup(values[i]);
		t->nparams++;
		if (!t->keys[i] || !t->values[i])
			goto fail;
	}
	return t;
fail:
	transport_free(t);
	return NULL;
}

void transport_free(struct transport *t)
{
	if (!t)
		return;
	transport_close(t);
	for (size_t i = 0; i < t->nparams; i++) {
		free(t->keys[i]);
		free(t->values[i]);
	}
	free(t->keys);
	free(t->values);
	free(t);
}

const char *transport_param(const struct transport *t, const char *key)
{
	for (size_t i = 0; i < t->nparams; i++)
		if (!strcmp(t->keys[i], key))
			return t->values[i];
	return NULL;
}

int transport_set_param(struct transport *t, const char *key,
			const char *value)
{
	char *v = strdup(value), *k, **nk, **nv;

	if (!v)
		return CC_ENOMEM;
	for (size_t i = 0; i < t->nparams; i++) {
		if (!strcmp(t->keys[i], key)) {
			free(t->values[i]);
			t->values[i] = v;
			return CC_OK;
		}
	}
	k = strdup(key);
	nk = realloc(t->keys, (t->nparams + 2) * sizeof(char *));
	if (nk)
		t->keys = nk;
	nv = realloc(t->values, (t->nparams + 2) * sizeof(char *));
	if (nv)
		t->values = nv;
	if (!k || !nk || !nv) {
		free(k);
		free(v);
		return CC_ENOMEM;
	}
	t->keys[t->nparams] = k;
	t->values[t->nparams] = v;
	t->nparams++;
	return CC_OK;
}

const struct transport_ops *transport_ops(const struct transport *t)
{
	return t->ops;
}

void *transport_priv(const struct transport *t)
{
	return t->priv;
}

void transport_set_priv(struct transport *t, void *priv)
{
	t->priv = priv;
}

int transport_is_open(const struct transport *t)
{
	return t->open;
}

const char *transport_describe(struct transport *t)
{
	if (!t->open || !t->ops->describe)
		return t->ops->kind;
	return t->ops->describe(t);
}

int transport_open(struct transport *t, char *err, size_t errlen)
{
	int rc;

	if (t->open)
		return CC_OK;
	rc = t->ops->open(t, err, errlen);
	if (rc == CC_OK) {
		t->open = 1;
		trafficlog_event(t->log, "open", transport_describe(t));
	} else {
		trafficlog_event(t->log, "open-failed", err);
	}
	return rc;
}

void transport_close(struct transport *t)
{
	if (!t->open)
		return;
	t->ops->close(t);
	t->open = 0;
	trafficlog_event(t->log, "close", t->ops->kind);
}

static void stamp(struct transport *t, struct frame_ref *ref)
{
	ref->seq = t->log ? trafficlog_next_seq(t->log) : ++t->seq;
	ref->mono_ns = mono_now_ns();
	wall_now(&ref->wall);
}

void transport_stamp(struct transport *t, struct frame_ref *ref)
{
	stamp(t, ref);
}

void transport_log_frame(struct transport *t, const char *dir, const uint8_t *p,
			 size_t n, const struct frame_ref *ref)
{
	trafficlog_frame_on(t->log, t->label[0] ? t->label : NULL, dir, p, n, ref);
}

void transport_log_event(struct transport *t, const char *event,
			 const char *detail)
{
	trafficlog_event(t->log, event, detail);
}

uint64_t transport_log_note(struct transport *t, const char *event, const char *detail)
{
	struct frame_ref ref;

	stamp(t, &ref);
	trafficlog_note(t->log, event, detail, &ref);
	return ref.seq;
}

int transport_send(struct transport *t, const uint8_t *p, size_t n,
		   struct frame_ref *ref)
{
	struct frame_ref local;
	int rc;

	if (!t->open)
		return CC_ECLOSED;
	if (!ref)
		ref = &local;
	/* stamp and log before the bytes leave: the log shows the attempt
	 * even if the write then fails */
	stamp(t, ref);
	trafficlog_frame_on(t->log, t->label[0] ? t->label : NULL, "tx", p, n, ref);
	rc = t->ops->send(t, p, n);
	if (rc)
		trafficlog_event(t->log, "send-failed", cc_strerror(rc));
	return rc;
}

int transport_recv(struct transport *t, struct buf *rx, int64_t deadline_ns,
		   struct frame_ref *ref)
{
	uint8_t chunk[RECV_CHUNK];
	struct frame_ref local;
	size_t got = 0;
	int rc;

	if (!t->open)
		return CC_ECLOSED;
	if (!ref)
		ref = &local;
	rc = t->ops->recv(t, chunk, sizeof(chunk), &got, deadline_ns);
	if (rc)
		return rc;
	stamp(t, ref);
	trafficlog_frame_on(t->log, t->label[0] ? t->label : NULL, "rx", chunk, got, ref);
	return buf_append(rx, chunk, got);
}
