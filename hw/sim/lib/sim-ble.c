/* SPDX-License-Identifier: MIT */
#define _XOPEN_SOURCE 700

#include "lib/sim-ble.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ble/att.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int64_t sim_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

size_t sim_put_u16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	return 2;
}

size_t sim_put_sfloat(uint8_t *p, int mantissa, int exponent)
{
	return sim_put_u16(p, (unsigned)(exponent & 0xF) << 12 | (unsigned)(mantissa & 0xFFF));
}

size_t sim_put_datetime(uint8_t *p, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	sim_put_u16(p, (unsigned)tm.tm_year + 1900);
	p[2] = (uint8_t)(tm.tm_mon + 1);
	p[3] = (uint8_t)tm.tm_mday;
	p[4] = (uint8_t)tm.tm_hour;
	p[5] = (uint8_t)tm.tm_min;
	p[6] = (uint8_t)tm.tm_sec;
	return 7;
}

static void usage(FILE *f, const char *prog, const char *about,
		  const struct sim_fault *faults, size_t nfaults,
		  const struct sim_options *extra)
{
	fprintf(f, "usage: %s [--fault NAME]... [--vendor S] [--model S]\n"
		   "  [--firmware S] [--serial S] [--interval-ms N] [--bonding]%s\n%s\n"
		   "--bonding: the device keeps a bond (CCCDs per bond) and has the GATT service\n"
		   "  with Service Changed (simulated: no SMP runs on this link)\n"
		   "Serves the GATT database over a SEQPACKET socket; prints \"UNIX <path>\".\n",
		prog, extra && extra->opts ? " [device options]" : "", about);
	if (extra && extra->usage)
		fprintf(f, "device options:\n%s", extra->usage);
	sim_fault_list(f, faults, nfaults);
	fprintf(f, "ATT and GATT database ");
	sim_fault_list(f, gsrv_faults, gsrv_nfaults);
}

/* "Acme" and an overlong '/' (C0 AF), a lone continuation byte and 0xFF:
 * none of them UTF-8 */
const char sim_ble_bad_vendor[] = "Acme\xC0\xAF\x80 Medical\xFF";

int sim_ble_fault_add(const struct sim_fault *faults, size_t nfaults, const char *name,
		      unsigned *bits, unsigned *gsrv_bits)
{
	for (size_t i = 0; i < gsrv_nfaults; i++)
		if (!strcmp(gsrv_faults[i].name, name)) {
			*gsrv_bits |= gsrv_faults[i].bit;
			return 0;
		}
	return sim_fault_add(faults, nfaults, name, bits);
}

int sim_ble_parse(struct sim_ble *d, int argc, char **argv, const char *prog,
		  const char *about, const struct sim_fault *faults, size_t nfaults,
		  const struct sim_options *extra, void *data)
{
	static const struct option common[] = {
		{ "fault", required_argument, NULL, 'f' },
		{ "vendor", required_argument, NULL, 'v' },
		{ "model", required_argument, NULL, 'm' },
		{ "firmware", required_argument, NULL, 'w' },
		{ "serial", required_argument, NULL, 'n' },
		{ "interval-ms", required_argument, NULL, 'I' },
		{ "bonding", no_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
	};
	struct option opts[32];
	size_t n = 0;
	int ch;

	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		opts[n++] = common[i];
	for (size_t i = 0; extra && extra->opts && extra->opts[i].name && n + 1 < 32; i++)
		opts[n++] = extra->opts[i];
	memset(&opts[n], 0, sizeof(opts[n]));
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (sim_ble_fault_add(faults, nfaults, optarg, &d->faults, &d->srv.faults)) {
				usage(stderr, prog, about, faults, nfaults, extra);
				return -1;
			}
			break;
		case 'v': d->vendor = optarg; break;
		case 'm': d->model = optarg; break;
		case 'w': d->firmware = optarg; break;
		case 'n': d->serial = optarg; break;
		case 'I': d->interval_ms = atoi(optarg); break;
		case 'B': d->srv.bonding = true; break;
		case 'h':
			usage(stdout, prog, about, faults, nfaults, extra);
			exit(0);
		default:
			if (ch >= 256 && extra && extra->on_option &&
			    !extra->on_option(data, ch, optarg))
				break;
			usage(stderr, prog, about, faults, nfaults, extra);
			return -1;
		}
	}
	if (d->interval_ms < 20) {
		fprintf(stderr, "sim: bad interval\n");
		return -1;
	}
	return 0;
}

void sim_ble_add_dis(struct sim_ble *d)
{
	gsrv_service(&d->srv, 0x180A);
	if (d->srv.faults & GF_DIS_INVALID_UTF8)
		gsrv_char(&d->srv, 0x2A29, GATT_PROP_READ, GSRV_READ, sim_ble_bad_vendor,
			  strlen(sim_ble_bad_vendor));
	else
		gsrv_char(&d->srv, 0x2A29, GATT_PROP_READ, GSRV_READ, d->vendor,
			  strlen(d->vendor));
	gsrv_char(&d->srv, 0x2A24, GATT_PROP_READ, GSRV_READ, d->model, strlen(d->model));
	gsrv_char(&d->srv, 0x2A25, GATT_PROP_READ, GSRV_READ, d->serial, strlen(d->serial));
	gsrv_char(&d->srv, 0x2A26, GATT_PROP_READ, GSRV_READ, d->firmware, strlen(d->firmware));
	if (d->srv.bonding)
		gsrv_add_gatt_service(&d->srv);
}

int sim_ble_run(struct sim_ble *d, const struct sim_fault *faults, size_t nfaults,
		int64_t (*next_ms)(void *data), void (*tick)(void *data), void *data)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sim_fault_announce(faults, nfaults, d->faults);
	sim_fault_announce(gsrv_faults, gsrv_nfaults, d->srv.faults);
	if (gsrv_listen(&d->srv)) {
		fprintf(stderr, "sim: cannot listen: %s\n", strerror(errno));
		return 1;
	}
	while (!stop) {
		struct pollfd pfd = { .fd = gsrv_poll_fd(&d->srv), .events = POLLIN };
		int64_t due = d->srv.fd >= 0 ? next_ms(data) : 0, t = sim_now_ms();
		int timeout = due ? (due > t ? (int)(due - t) : 0) : -1;

		if (poll(&pfd, 1, timeout) < 0 && errno != EINTR)
			break;
		if (pfd.revents & (POLLIN | POLLHUP))
			gsrv_service_input(&d->srv);
		if (d->srv.fd < 0)
			continue;
		due = next_ms(data);
		if (due && sim_now_ms() >= due)
			tick(data);
	}
	gsrv_shutdown(&d->srv);
	fprintf(stderr, "sim: stopping\n");
	return 0;
}
