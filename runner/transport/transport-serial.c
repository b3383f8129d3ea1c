/* SPDX-License-Identifier: MIT */
/*
 * Serial transport. Real ports are opened and configured by libserialport;
 * a pseudo-terminal (the simulators' link) is refused by libserialport 0.1.1
 * (it looks ports up under /sys/class/tty), so it is configured with termios
 * instead. Either way all I/O then goes through the same file-descriptor
 * code below (sp_get_port_handle gives a real port's fd), so the code the
 * simulators exercise is the code that talks to hardware.
 */
#include "transport/transport.h"
#include "base/clock.h"
#include "base/err.h"
#include "transport/serial-port.h"

#include <errno.h>
#include <fcntl.h>
#include <libserialport.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define SERIAL_WRITE_TIMEOUT_NS (5LL * NSEC_PER_SEC)

struct serial {
	int fd;
	struct sp_port *port; /* NULL for a termios-configured tty */
	struct serial_settings set;
	char path[PATH_MAX];
	char desc[PATH_MAX + 64];
	bool sent; /* a frame went out since the last read: its answer is not here yet */
};

static const char *const serial_params[] = {
	"port", "baud", "data_bits", "parity", "stop_bits", "flow_control",
	NULL,
};


static int parse_settings(const struct transport *t, struct serial_settings *s,
			  char *err, size_t errlen)
{
	const char *v;

	s->baud = 115200;
	s->data_bits = 8;
	s->parity = 'N';
	s->stop_bits = 1;
	s->flow = FLOW_NONE;
	if ((v = transport_param(t, "baud")))
		s->baud = atoi(v);
	if ((v = transport_param(t, "data_bits")))
		s->data_bits = atoi(v);
	if ((v = transport_param(t, "stop_bits")))
		s->stop_bits = atoi(v);
	if ((v = transport_param(t, "parity")))
		s->parity = (char)(v[0] - 'a' + 'A');
	if ((v = transport_param(t, "flow_control"))) {
		if (!strcmp(v, "rtscts"))
			s->flow = FLOW_RTSCTS;
		else if (!strcmp(v, "xonxoff"))
			s->flow = FLOW_XONXOFF;
		else if (!strcmp(v, "dtrdsr"))
			s->flow = FLOW_DTRDSR;
	}
	(void)err;
	(void)errlen;
	return CC_OK;
}

static int serial_check_param(const char *key, const char *value, char *err,
			      size_t errlen)
{
	char *end;
	long l = strtol(value, &end, 10);

	if (!strcmp(key, "port")) {
		unsigned vid, pid;
		char sn[128];

		if (!strncmp(value, "usb:", 4) &&
		    serial_parse_usb_id(value, &vid, &pid, sn, sizeof(sn))) {
			snprintf(err, errlen,
				 "bad USB port id '%s' (usb:VID:PID[:SERIAL], VID and PID 4 hex digits)",
				 value);
			return CC_EINVAL;
		}
		return CC_OK;
	}
	if (!strcmp(key, "baud")) {
		if (!*end && serial_baud_supported(l))
			return CC_OK;
		snprintf(err, errlen, "unsupported baud rate '%s' (1200 ... 921600)",
			 value);
		return CC_EINVAL;
	}
	if (!strcmp(key, "data_bits") && (*end || l < 5 || l > 8)) {
		snprintf(err, errlen, "data_bits must be 5, 6, 7 or 8");
		return CC_EINVAL;
	}
	if (!strcmp(key, "stop_bits") && (*end || (l != 1 && l != 2))) {
		snprintf(err, errlen, "stop_bits must be 1 or 2");
		return CC_EINVAL;
	}
	if (!strcmp(key, "parity") && strcmp(value, "none") &&
	    strcmp(value, "odd") && strcmp(value, "even") &&
	    strcmp(value, "mark") && strcmp(value, "space")) {
		snprintf(err, errlen, "parity must be none, odd, even, mark or space");
		return CC_EINVAL;
	}
	if (!strcmp(key, "flow_control") && strcmp(value, "none") &&
	    strcmp(value, "rtscts") && strcmp(value, "xonxoff") &&
	    strcmp(value, "dtrdsr")) {
		snprintf(err, errlen,
			 "flow_control must be none, rtscts, xonxoff or dtrdsr");
		return CC_EINVAL;
	}
	return CC_OK;
}

static int termios_configure(int fd, const struct serial_settings *s,
			     char *err, size_t errlen)
{
	struct termios tio;

	if (tcgetattr(fd, &tio)) {
		snprintf(err, errlen, "tcgetattr: %s", strerror(errno));
		return CC_EIO;
	}
	if (serial_termios(s, &tio)) {
		snprintf(err, errlen, "unsupported baud rate %d", s->baud);
		return CC_EINVAL;
	}
	if (tcsetattr(fd, TCSANOW, &tio)) {
		snprintf(err, errlen, "tcsetattr: %s", strerror(errno));
		return CC_EIO;
	}
	return CC_OK;
}

static int sp_fail(const char *what, char *err, size_t errlen)
{
	char *msg = sp_last_error_message();

	snprintf(err, errlen, "%s: %s", what, msg ? msg : "failed");
	sp_free_error_message(msg);
	return CC_EIO;
}

static int sp_configure(struct serial *s, char *err, size_t errlen)
{
	static const enum sp_parity par[256] = {
		['N'] = SP_PARITY_NONE, ['O'] = SP_PARITY_ODD,
		['E'] = SP_PARITY_EVEN, ['M'] = SP_PARITY_MARK,
		['S'] = SP_PARITY_SPACE,
	};
	static const enum sp_flowcontrol flow[] = {
		[FLOW_NONE] = SP_FLOWCONTROL_NONE,
		[FLOW_RTSCTS] = SP_FLOWCONTROL_RTSCTS,
		[FLOW_XONXOFF] = SP_FLOWCONTROL_XONXOFF,
		[FLOW_DTRDSR] = SP_FLOWCONTROL_DTRDSR,
	};
	struct sp_port_config *cfg;
	int rc = CC_OK;

	if (sp_new_config(&cfg) != SP_OK)
		return sp_fail("sp_new_config", err, errlen);
	if (sp_set_config_baudrate(cfg, s->set.baud) != SP_OK ||
	    sp_set_config_bits(cfg, s->set.data_bits) != SP_OK ||
	    sp_set_config_parity(cfg, par[(unsigned char)s->set.parity]) != SP_OK ||
	    sp_set_config_stopbits(cfg, s->set.stop_bits) != SP_OK ||
	    sp_set_config_flowcontrol(cfg, flow[s->set.flow]) != SP_OK ||
	    sp_set_config(s->port, cfg) != SP_OK)
		rc = sp_fail("configuring port", err, errlen);
	sp_free_config(cfg);
	return rc;
}

/* Open through libserialport when it knows the port, else with termios. */
static int serial_open_fd(struct serial *s, char *err, size_t errlen)
{
	int flags;

	if (sp_get_port_by_name(s->path, &s->port) == SP_OK) {
		if (sp_open(s->port, SP_MODE_READ_WRITE) != SP_OK) {
			sp_fail(s->path, err, errlen);
			sp_free_port(s->port);
			s->port = NULL;
			return CC_ENOTFOUND;
		}
		if (sp_configure(s, err, errlen) ||
		    sp_get_port_handle(s->port, &s->fd) != SP_OK)
			return CC_EIO;
	} else {
		s->fd = open(s->path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
		if (s->fd < 0) {
			snprintf(err, errlen, "%s: %s", s->path, strerror(errno));
			return CC_ENOTFOUND;
		}
		if (!isatty(s->fd)) {
			snprintf(err, errlen, "%s is not a serial port or terminal",
				 s->path);
			return CC_EINVAL;
		}
		if (termios_configure(s->fd, &s->set, err, errlen))
			return CC_EIO;
	}
	flags = fcntl(s->fd, F_GETFL);
	if (flags < 0 || fcntl(s->fd, F_SETFL, flags | O_NONBLOCK) < 0) {
		snprintf(err, errlen, "fcntl: %s", strerror(errno));
		return CC_EIO;
	}
	/* stale bytes from before this open are not the DUT's answer */
	tcflush(s->fd, TCIOFLUSH);
	return CC_OK;
}

static void serial_close(struct transport *t)
{
	struct serial *s = transport_priv(t);

	if (!s)
		return;
	if (s->port) {
		sp_close(s->port);
		sp_free_port(s->port);
	} else if (s->fd >= 0) {
		close(s->fd);
	}
	free(s);
	transport_set_priv(t, NULL);
}

static int serial_open(struct transport *t, char *err, size_t errlen)
{
	const char *port = transport_param(t, "port");
	struct serial *s;
	int rc;

	if (!port || !strcmp(port, "sim")) {
		snprintf(err, errlen, port ? "port 'sim' needs a simulator in the profile"
					   : "no serial port given");
		return CC_EINVAL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return CC_ENOMEM;
	s->fd = -1;
	transport_set_priv(t, s);
	parse_settings(t, &s->set, err, errlen);
	if (!strncmp(port, "usb:", 4)) {
		unsigned vid, pid;
		char sn[128];

		rc = serial_parse_usb_id(port, &vid, &pid, sn, sizeof(sn));
		if (!rc)
			rc = serial_find_usb(vid, pid, sn, s->path,
					     sizeof(s->path), err, errlen);
	} else {
		snprintf(s->path, sizeof(s->path), "%s", port);
		rc = CC_OK;
	}
	if (!rc)
		rc = serial_open_fd(s, err, errlen);
	if (rc) {
		serial_close(t);
		return rc;
	}
	snprintf(s->desc, sizeof(s->desc), "%s %d %d%c%d flow %s%s", s->path,
		 s->set.baud, s->set.data_bits, s->set.parity, s->set.stop_bits,
		 s->set.flow == FLOW_NONE ? "none" : s->set.flow == FLOW_RTSCTS
		 ? "rtscts" : s->set.flow == FLOW_XONXOFF ? "xonxoff" : "dtrdsr",
		 s->port ? "" : " (termios)");
	return CC_OK;
}

static int serial_send(struct transport *t, const uint8_t *p, size_t n)
{
	struct serial *s = transport_priv(t);
	int64_t deadline = 0; /* set when a write first has to wait */

	while (n) {
		struct pollfd pfd = { .fd = s->fd, .events = POLLOUT };
		ssize_t w = write(s->fd, p, n);

		if (w > 0) {
			p += w;
			n -= (size_t)w;
			s->sent = true;
			continue;
		}
		if (w < 0 && errno != EAGAIN && errno != EINTR)
			return errno == EIO ? CC_ECLOSED : CC_EIO;
		if (!deadline)
			deadline = mono_now_ns() + SERIAL_WRITE_TIMEOUT_NS;
		if (poll(&pfd, 1, deadline_to_poll_ms(deadline)) == 0)
			return CC_ETIMEDOUT; /* flow control holding us */
	}
	return CC_OK;
}

static int serial_recv(struct transport *t, uint8_t *p, size_t cap,
		       size_t *got, int64_t deadline_ns)
{
	struct serial *s = transport_priv(t);
	bool readable = false, wait_first = s->sent;

	/* Right after a send the answer cannot be here yet: wait first (the
	 * read that would say "nothing yet" is a syscall a round trip saved). */
	s->sent = false;
	for (;;) {
		struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
		ssize_t r = wait_first ? -1 : read(s->fd, p, cap);
		int64_t now, left_ms;
		int rc;

		if (wait_first) {
			errno = EAGAIN;
			wait_first = false;
		}

		if (r > 0) {
			*got = (size_t)r;
			return CC_OK;
		}
		/* With VMIN = VTIME = 0 a tty read returns 0 when there is
		 * nothing to read; only after poll said "readable" is 0 EOF. */
		if (r == 0 && readable)
			return CC_ECLOSED;
		if (r < 0 && errno == EIO)
			return CC_ECLOSED; /* tty hung up: device gone */
		if (r < 0 && errno != EAGAIN && errno != EINTR)
			return CC_EIO;
		now = mono_now_ns();
		if (now >= deadline_ns)
			return CC_ETIMEDOUT;
		/* rounded up: poll never returns just before the deadline */
		left_ms = (deadline_ns - now + NSEC_PER_MSEC - 1) / NSEC_PER_MSEC;
		rc = poll(&pfd, 1, left_ms > INT32_MAX ? INT32_MAX : (int)left_ms);
		if (rc < 0 && errno != EINTR)
			return CC_EIO;
		if (rc > 0 && (pfd.revents & (POLLHUP | POLLERR)) &&
		    !(pfd.revents & POLLIN))
			return CC_ECLOSED;
		readable = rc > 0 && (pfd.revents & POLLIN);
	}
}

static const char *serial_describe(struct transport *t)
{
	struct serial *s = transport_priv(t);

	return s ? s->desc : "serial";
}

const struct transport_ops transport_serial_ops = {
	.kind = "serial",
	.params = serial_params,
	.check_param = serial_check_param,
	.open = serial_open,
	.close = serial_close,
	.send = serial_send,
	.recv = serial_recv,
	.describe = serial_describe,
	.sim_param = "port",
	.byte_stream = true,
};
