/* SPDX-License-Identifier: MIT */
/*
 * The "data" transport: no link at all. A paired-data import (a clinical
 * validation study's CSV named under the profile's accuracy_data) is
 * judged without a device attached; its suites use accuracy steps only, and
 * any step that would talk to a device gets CC_ENOTSUP (an error verdict
 * naming the cause), never a silent pass.
 */
#include <stddef.h>

#include "base/err.h"
#include "transport/transport.h"

static const char *const data_params[] = { NULL };

static int data_check_param(const char *key, const char *value, char *err, size_t errlen)
{
	(void)key;
	(void)value;
	(void)err;
	(void)errlen;
	return CC_EINVAL; /* it takes none */
}

static int data_open(struct transport *t, char *err, size_t errlen)
{
	(void)t;
	(void)err;
	(void)errlen;
	return CC_OK;
}

static void data_close(struct transport *t)
{
	(void)t;
}

static int data_send(struct transport *t, const uint8_t *p, size_t n)
{
	(void)t;
	(void)p;
	(void)n;
	return CC_ENOTSUP;
}

static int data_recv(struct transport *t, uint8_t *p, size_t cap, size_t *got,
		     int64_t deadline_ns)
{
	(void)t;
	(void)p;
	(void)cap;
	(void)deadline_ns;
	*got = 0;
	return CC_ENOTSUP;
}

static const char *data_describe(struct transport *t)
{
	(void)t;
	return "no device link (paired data)";
}

const struct transport_ops transport_data_ops = {
	.kind = "data",
	.params = data_params,
	.check_param = data_check_param,
	.open = data_open,
	.close = data_close,
	.send = data_send,
	.recv = data_recv,
	.describe = data_describe,
};
