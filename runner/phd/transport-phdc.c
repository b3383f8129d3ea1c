/* SPDX-License-Identifier: MIT */
/*
 * The `phdc` transport: a USB Personal Healthcare Device Class device
 * through libusb-1.0 (../shared/reference/ieee11073-20601.md §6). The
 * device is found by `device: usb:VID:PID[:SERIAL]`; its configuration
 * descriptor is read raw and parsed by phdc.c (a device whose PHDC
 * descriptors are broken is refused with the first finding); the PHDC
 * interface is claimed and its bulk OUT, bulk IN and optional interrupt
 * IN endpoints carry the byte stream. One APDU may span several bulk
 * transfers: the steps cut the stream by the APDU header, as on serial
 * and TCP. The host never sends SET_FEATURE(metadata), so no preamble is
 * due; one that comes anyway is parsed, logged and dropped.
 *
 * Not run here: no USB device on the build machines. What is tested is
 * the descriptor and preamble parsing (tests/test-phd-phdc.c).
 */
#include "transport/transport.h"

#include <libusb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/err.h"
#include "phd/phdc.h"

#define PHDC_WRITE_TIMEOUT_MS 5000
#define PHDC_INT_POLL_MS 1

struct phdc {
	libusb_context *ctx;
	libusb_device_handle *h;
	struct phdc_info info;
	bool claimed;
	char desc[160];
};

static const char *const phdc_params[] = {"device", NULL};

static int parse_device(const char *s, unsigned *vid, unsigned *pid, char *sn, size_t snlen)
{
	int used = 0;

	sn[0] = 0;
	if (strncmp(s, "usb:", 4) || sscanf(s + 4, "%4x:%4x%n", vid, pid, &used) != 2)
		return CC_EINVAL;
	if (s[4 + used] == ':')
		snprintf(sn, snlen, "%s", s + 5 + used);
	else if (s[4 + used])
		return CC_EINVAL;
	return CC_OK;
}

static int phdc_check_param(const char *key, const char *value, char *err, size_t errlen)
{
	unsigned v, p;
	char sn[128];

	if (!strcmp(key, "device") && parse_device(value, &v, &p, sn, sizeof(sn))) {
		snprintf(err, errlen, "device must be usb:VID:PID[:SERIAL] (hex)");
		return CC_EINVAL;
	}
	return CC_OK;
}

static void phdc_close(struct transport *t)
{
	struct phdc *c = transport_priv(t);

	if (!c)
		return;
	if (c->claimed)
		libusb_release_interface(c->h, c->info.interface);
	if (c->h)
		libusb_close(c->h);
	if (c->ctx)
		libusb_exit(c->ctx);
	free(c);
	transport_set_priv(t, NULL);
}

static libusb_device_handle *find(struct phdc *c, unsigned vid, unsigned pid, const char *sn)
{
	libusb_device **list;
	libusb_device_handle *found = NULL;
	ssize_t n = libusb_get_device_list(c->ctx, &list);

	for (ssize_t i = 0; i < n && !found; i++) {
		struct libusb_device_descriptor d;
		libusb_device_handle *h;
		unsigned char s[128];

		if (libusb_get_device_descriptor(list[i], &d) || d.idVendor != vid ||
		    d.idProduct != pid || libusb_open(list[i], &h))
			continue;
		if (sn[0] && (!d.iSerialNumber ||
			      libusb_get_string_descriptor_ascii(h, d.iSerialNumber, s, sizeof(s)) < 0 ||
			      strcmp((const char *)s, sn))) {
			libusb_close(h);
			continue;
		}
		found = h;
	}
	if (n >= 0)
		libusb_free_device_list(list, 1);
	return found;
}

static int phdc_open(struct transport *t, char *err, size_t errlen)
{
	const char *dev = transport_param(t, "device");
	unsigned vid, pid;
	char sn[128];
	uint8_t head[9], *cfg = NULL;
	struct phd_viol v;
	struct phdc *c;
	int rc;

	if (!dev || parse_device(dev, &vid, &pid, sn, sizeof(sn))) {
		snprintf(err, errlen, "phdc needs device: usb:VID:PID[:SERIAL]");
		return CC_EINVAL;
	}
	if (!(c = calloc(1, sizeof(*c))))
		return CC_ENOMEM;
	transport_set_priv(t, c);
	if (libusb_init(&c->ctx)) {
		snprintf(err, errlen, "libusb could not start");
		phdc_close(t);
		return CC_ESYS;
	}
	if (!(c->h = find(c, vid, pid, sn))) {
		snprintf(err, errlen, "no USB device %04x:%04x%s%s that carecert may open", vid, pid,
			 sn[0] ? " with serial " : "", sn);
		phdc_close(t);
		return CC_ENOTFOUND;
	}
	/* the raw configuration descriptor: its class descriptors are what
	 * PHDC adds and what libusb's parsed form keeps only as extra bytes */
	rc = libusb_get_descriptor(c->h, LIBUSB_DT_CONFIG, 0, head, sizeof(head));
	size_t total = rc == (int)sizeof(head) ? (size_t)(head[2] | head[3] << 8) : 0;
	if (total < sizeof(head) || !(cfg = malloc(total)) ||
	    libusb_get_descriptor(c->h, LIBUSB_DT_CONFIG, 0, cfg, (int)total) != (int)total) {
		snprintf(err, errlen, "cannot read the configuration descriptor");
		free(cfg);
		phdc_close(t);
		return CC_EIO;
	}
	phd_viol_init(&v);
	rc = phdc_parse_config(cfg, total, &c->info, &v);
	free(cfg);
	if (rc) {
		snprintf(err, errlen, "not a usable PHDC device: %s%s", v.n ? v.v[0].text : "?",
			 v.errors > 1 ? " (and more)" : "");
		phdc_close(t);
		return CC_EPROTO;
	}
	libusb_set_auto_detach_kernel_driver(c->h, 1);
	if ((rc = libusb_claim_interface(c->h, c->info.interface))) {
		snprintf(err, errlen, "cannot claim interface %d: %s", c->info.interface,
			 libusb_strerror(rc));
		phdc_close(t);
		return CC_EIO;
	}
	c->claimed = true;
	snprintf(c->desc, sizeof(c->desc), "usb %04x:%04x PHDC interface %d, bulk 0x%02X/0x%02X%s",
		 vid, pid, c->info.interface, c->info.bulk_out.address, c->info.bulk_in.address,
		 c->info.int_in.address ? ", interrupt IN" : "");
	return CC_OK;
}

static int usb_rc(int rc)
{
	return rc == LIBUSB_ERROR_NO_DEVICE ? CC_ECLOSED
	       : rc == LIBUSB_ERROR_TIMEOUT ? CC_ETIMEDOUT : CC_EIO;
}

static int phdc_send(struct transport *t, const uint8_t *p, size_t n)
{
	struct phdc *c = transport_priv(t);
	int done = 0;
	int rc = libusb_bulk_transfer(c->h, c->info.bulk_out.address, (unsigned char *)p, (int)n,
				      &done, PHDC_WRITE_TIMEOUT_MS);

	return rc ? usb_rc(rc) : (size_t)done == n ? CC_OK : CC_EIO;
}

/* One transfer from ep; a metadata preamble is logged and dropped. */
static int take(struct transport *t, uint8_t ep, bool interrupt, uint8_t *p, size_t cap,
		size_t *got, unsigned ms)
{
	struct phdc *c = transport_priv(t);
	int n = 0;
	int rc = interrupt ? libusb_interrupt_transfer(c->h, ep, p, (int)cap, &n, ms)
			   : libusb_bulk_transfer(c->h, ep, p, (int)cap, &n, ms);

	if (rc)
		return usb_rc(rc);
	if (phdc_is_preamble(p, (size_t)n)) {
		struct phdc_preamble pr;
		struct phd_viol v;

		phd_viol_init(&v);
		phdc_parse_preamble(p, (size_t)n, &pr, &v);
		transport_log_event(t, "phdc-preamble", v.n ? v.v[0].text
				     : "a metadata preamble the host did not enable");
		return CC_ETIMEDOUT;
	}
	*got = (size_t)n;
	return n ? CC_OK : CC_ETIMEDOUT;
}

static int phdc_recv(struct transport *t, uint8_t *p, size_t cap, size_t *got,
		     int64_t deadline_ns)
{
	struct phdc *c = transport_priv(t);

	for (;;) {
		int64_t left = deadline_ns - mono_now_ns();
		unsigned ms = left <= 0 ? 1 : left / 1000000 + 1 > 1000 ? 1000 : (unsigned)(left / 1000000 + 1);
		int rc;

		if (c->info.int_in.address) {
			rc = take(t, c->info.int_in.address, true, p, cap, got, PHDC_INT_POLL_MS);
			if (rc != CC_ETIMEDOUT)
				return rc;
		}
		rc = take(t, c->info.bulk_in.address, false, p, cap, got, ms);
		if (rc != CC_ETIMEDOUT)
			return rc;
		if (mono_now_ns() >= deadline_ns)
			return CC_ETIMEDOUT;
	}
}

static const char *phdc_describe(struct transport *t)
{
	struct phdc *c = transport_priv(t);

	return c ? c->desc : "phdc";
}

const struct transport_ops transport_phdc_ops = {
	.kind = "phdc",
	.params = phdc_params,
	.check_param = phdc_check_param,
	.open = phdc_open,
	.close = phdc_close,
	.send = phdc_send,
	.recv = phdc_recv,
	.describe = phdc_describe,
	.byte_stream = true,
};
