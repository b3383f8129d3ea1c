/* SPDX-License-Identifier: MIT */
/*
 * Bluetooth LE transport: one ATT PDU per send and per receive.
 *
 * Real hardware: an L2CAP LE socket on the ATT fixed channel (libbluetooth),
 * with the BT_SECURITY level the profile or case asks for. Simulators: a
 * SOCK_SEQPACKET Unix socket ("unix:/path"), which keeps PDU boundaries as
 * L2CAP does; the same ATT code runs on top. The requested security level
 * reaches the simulator as the link's first message ("LINK security=medium"),
 * standing in for pairing and encryption, so that it can answer with
 * Insufficient Authentication / Encryption as a real device would.
 *
 * Every PDU also goes to a btsnoop capture when the `capture` parameter
 * names one.
 */
#include "transport/transport.h"
#include "ble/ble-link.h"
#include "ble/btsnoop.h"
#include "ble/gatt.h"
#include "base/clock.h"
#include "base/err.h"
#include "ble/att.h"

#include <bluetooth/bluetooth.h>
#include <bluetooth/l2cap.h>
#include <errno.h>
#include <stdbool.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

struct ble {
	int fd;
	int security;
	bool bonded;
	struct btsnoop *snoop;
	char desc[160];
};

static const char *const ble_params[] = {
	"address", "address_type", "security", "mtu", "capture", "bond", NULL,
};

static int ble_check_param(const char *key, const char *value, char *err,
			   size_t errlen)
{
	int level;
	char *end;
	long l;

	if (!strcmp(key, "address") && strcmp(value, "sim") &&
	    strncmp(value, "unix:", 5) && !ble_addr_valid(value)) {
		snprintf(err, errlen,
			 "bad Bluetooth address '%s' (AA:BB:CC:DD:EE:FF, or sim)", value);
		return CC_EINVAL;
	}
	if (!strcmp(key, "address_type") && strcmp(value, "public") &&
	    strcmp(value, "random")) {
		snprintf(err, errlen, "address_type must be public or random");
		return CC_EINVAL;
	}
	if (!strcmp(key, "security") && ble_security_level(value, &level)) {
		snprintf(err, errlen, "security must be low, medium, high or fips");
		return CC_EINVAL;
	}
	if (!strcmp(key, "bond") && strcmp(value, "true") && strcmp(value, "false")) {
		snprintf(err, errlen, "bond must be true or false");
		return CC_EINVAL;
	}
	if (!strcmp(key, "mtu")) {
		l = strtol(value, &end, 10);
		if (*end || l < ATT_DEFAULT_MTU || l > ATT_MAX_MTU) {
			snprintf(err, errlen, "mtu must be %d..%d", ATT_DEFAULT_MTU,
				 ATT_MAX_MTU);
			return CC_EINVAL;
		}
	}
	return CC_OK;
}

static int open_unix(struct ble *b, const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char hello[64];
	int n;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "socket path too long: %s", path);
		return CC_EINVAL;
	}
	strcpy(sa.sun_path, path);
	b->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (b->fd < 0 || connect(b->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return CC_ENOTFOUND;
	}
	/* bond=1: the simulator takes the link as its bonded peer's (the
	 * bond stands in for SMP pairing, which this link does not run) */
	n = snprintf(hello, sizeof(hello), "LINK security=%s%s",
		     ble_security_name(b->security), b->bonded ? " bond=1" : "");
	if (send(b->fd, hello, (size_t)n, MSG_NOSIGNAL) != n) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return CC_EIO;
	}
	snprintf(b->desc, sizeof(b->desc), "ATT over %s (simulated link, security %s)",
		 path, ble_security_name(b->security));
	return CC_OK;
}

static int open_l2cap(struct ble *b, const char *addr, const char *type,
		      char *err, size_t errlen)
{
	struct sockaddr_l2 local, peer;
	struct bt_security sec;

	if (ble_peer_addr(addr, type, &peer)) {
		snprintf(err, errlen, "bad Bluetooth address %s", addr);
		return CC_EINVAL;
	}
	ble_local_addr(&local);
	ble_security_opt(b->security, &sec);
	b->fd = socket(PF_BLUETOOTH, SOCK_SEQPACKET | SOCK_CLOEXEC, BTPROTO_L2CAP);
	if (b->fd < 0) {
		snprintf(err, errlen, "Bluetooth L2CAP socket: %s%s", strerror(errno),
			 errno == EAFNOSUPPORT ? " (this kernel has no Bluetooth)" : "");
		return CC_ENOTSUP;
	}
	if (bind(b->fd, (struct sockaddr *)&local, sizeof(local)) ||
	    setsockopt(b->fd, SOL_BLUETOOTH, BT_SECURITY, &sec, sizeof(sec)) ||
	    connect(b->fd, (struct sockaddr *)&peer, sizeof(peer))) {
		snprintf(err, errlen, "%s: %s", addr, strerror(errno));
		return CC_ENOTFOUND;
	}
	snprintf(b->desc, sizeof(b->desc), "ATT over L2CAP LE to %s (%s), security %s",
		 addr, type ? type : "public", ble_security_name(b->security));
	return CC_OK;
}

static void ble_close(struct transport *t)
{
	struct ble *b = transport_priv(t);

	if (!b)
		return;
	if (b->fd >= 0)
		close(b->fd);
	btsnoop_close(b->snoop);
	free(b);
	transport_set_priv(t, NULL);
}

static int ble_open(struct transport *t, char *err, size_t errlen)
{
	const char *addr = transport_param(t, "address");
	const char *sec = transport_param(t, "security");
	const char *capture = transport_param(t, "capture");
	struct ble *b;
	int rc;

	if (!addr || !strcmp(addr, "sim")) {
		snprintf(err, errlen, addr ? "address 'sim' needs a simulator in the profile"
					   : "no Bluetooth address given");
		return CC_EINVAL;
	}
	b = calloc(1, sizeof(*b));
	if (!b)
		return CC_ENOMEM;
	b->fd = -1;
	b->security = BT_SECURITY_LOW;
	b->bonded = transport_param(t, "bond") && !strcmp(transport_param(t, "bond"), "true");
	transport_set_priv(t, b);
	if (sec && ble_security_level(sec, &b->security)) {
		snprintf(err, errlen, "bad security level %s", sec);
		ble_close(t);
		return CC_EINVAL;
	}
	if (capture && !(b->snoop = btsnoop_open(capture))) {
		snprintf(err, errlen, "%s: %s", capture, strerror(errno));
		ble_close(t);
		return CC_EIO;
	}
	if (!strncmp(addr, "unix:", 5))
		rc = open_unix(b, addr + 5, err, errlen);
	else
		rc = open_l2cap(b, addr, transport_param(t, "address_type"), err, errlen);
	if (rc)
		ble_close(t);
	return rc;
}

static int ble_send(struct transport *t, const uint8_t *p, size_t n)
{
	struct ble *b = transport_priv(t);
	struct timespec now;
	ssize_t w;

	wall_now(&now);
	btsnoop_write(b->snoop, false, &now, p, n);
	w = send(b->fd, p, n, MSG_NOSIGNAL);
	if (w == (ssize_t)n)
		return CC_OK;
	return errno == EPIPE || errno == ECONNRESET || errno == ENOTCONN
		       ? CC_ECLOSED : CC_EIO;
}

static int ble_recv(struct transport *t, uint8_t *p, size_t cap, size_t *got,
		    int64_t deadline_ns)
{
	struct ble *b = transport_priv(t);

	for (;;) {
		struct pollfd pfd = { .fd = b->fd, .events = POLLIN };
		ssize_t r = recv(b->fd, p, cap, MSG_DONTWAIT);
		int rc;

		if (r > 0) {
			struct timespec now;

			wall_now(&now);
			btsnoop_write(b->snoop, true, &now, p, (size_t)r);
			*got = (size_t)r;
			return CC_OK;
		}
		if (r == 0)
			return CC_ECLOSED; /* SEQPACKET peer closed */
		if (errno == ECONNRESET || errno == ENOTCONN)
			return CC_ECLOSED;
		if (errno != EAGAIN && errno != EINTR)
			return CC_EIO;
		if (mono_now_ns() >= deadline_ns)
			return CC_ETIMEDOUT;
		rc = poll(&pfd, 1, deadline_to_poll_ms(deadline_ns));
		if (rc < 0 && errno != EINTR)
			return CC_EIO;
		if (rc > 0 && (pfd.revents & (POLLHUP | POLLERR)) &&
		    !(pfd.revents & POLLIN))
			return CC_ECLOSED;
	}
}

static const char *ble_describe(struct transport *t)
{
	struct ble *b = transport_priv(t);

	return b ? b->desc : "ble";
}

/* The link's GATT client, for the engine (transport_ops client hooks). */
static void *ble_client_new(struct transport *t, int *rc)
{
	struct gatt_client *c = calloc(1, sizeof(*c));

	if (!c) {
		*rc = CC_ENOMEM;
		return NULL;
	}
	if ((*rc = gatt_client_init(c, t))) {
		free(c);
		return NULL;
	}
	/* checked by ble_check_param: 23..517 */
	c->want_mtu = transport_param(t, "mtu") ? (uint16_t)atoi(transport_param(t, "mtu"))
						: ATT_MAX_MTU;
	/* profile transport.bond: the device was paired and bonded before
	 * (by the OS on a bench; simulated on a simulator's link) */
	c->bonded = transport_param(t, "bond") && !strcmp(transport_param(t, "bond"), "true");
	return c;
}

static void ble_client_reset(void *c)
{
	gatt_client_reset_link(c);
}

static size_t ble_client_drain(void *c, int64_t quiet_ns)
{
	return gatt_drain(c, quiet_ns);
}

static void ble_client_free(void *c)
{
	if (c)
		gatt_client_release(c);
	free(c);
}

const struct transport_ops transport_ble_ops = {
	.kind = "ble",
	.params = ble_params,
	.check_param = ble_check_param,
	.open = ble_open,
	.close = ble_close,
	.send = ble_send,
	.recv = ble_recv,
	.describe = ble_describe,
	.sim_param = "address",
	.capture_ext = "btsnoop",
	.client_new = ble_client_new,
	.client_reset = ble_client_reset,
	.client_drain = ble_client_drain,
	.client_free = ble_client_free,
};
