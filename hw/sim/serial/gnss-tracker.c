/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-gnss-tracker: a GNSS location tracker for older people (a
 * watch or pendant with a geofence), speaking NMEA 0183 on a
 * pseudo-terminal, its antenna on the simulated GNSS signal simulator
 * (carecert-sim-gnss) through the bench file $CARECERT_BENCH/gnss.
 *
 * While a scenario plays it computes one fix per 1 Hz epoch of scenario
 * time (the route's truth, pos/truth.c, through the error model below) and
 * sends GNRMC, GNGGA and GNVTG, GNZDA at the first epoch, GNGSA, GPGSV and
 * BDGSV every 10th; for TAIL epochs after the route it goes on without
 * satellites, then falls silent. With --fence ID,LAT,LON,RADIUS it
 * watches a circular geofence: after HYST fixes in a row outside it sends
 * $PCCGF,EXIT,<hhmmss.ss>,<ID>; after HYST inside, $PCCGF,ENTER,...
 *
 * Error model (documented in docs/positioning.md):
 *   position = truth + (bias-e, bias-n) + N(0, noise-sd) per axis (m);
 *   altitude = truth + N(0, 2 noise-sd); a share --dropout of epochs
 *   without a fix; no fix before --ttff s (time to first fix); without
 *   satellites (the route's outage, the tail) no fix: RMC V, GGA quality 0;
 *   a fix again at the first epoch with satellites (a warm start).
 */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/errmodel.h"
#include "lib/sim-bench.h"
#include "lib/sim-fault.h"
#include "lib/sim-pty.h"
#include "lib/sim-scenario.h"
#include "pos/geo.h"
#include "pos/truth.h"

#define TAIL 12		  /* epochs sent after the route, without satellites */
#define HYST 3		  /* fixes in a row to change the geofence state */
#define LATENCY_EPOCHS 10 /* latency_10s: fixes sent this many epochs late */
#define LATE_ALARM 45	  /* geofence_late: s */
#define KN_PER_MS 1.943844

enum {
	F_CHECKSUM = 1,
	F_OFFSET30 = 2,
	F_CE95 = 4,
	F_ALT = 8,
	F_TTFF = 16,
	F_DROPOUT = 32,
	F_LATENCY = 64,
	F_FREEZE = 128,
	F_GF_LATE = 256,
	F_GF_MISSING = 512,
	F_GF_INSIDE = 1024,
	F_REACQ = 2048,
};

#define SLOW_REACQUIRE 12 /* slow_reacquire: s without a fix after an outage   \
			   */

static const struct sim_fault faults[] = {
    {"bad_checksum", F_CHECKSUM, "every 7th RMC carries a wrong checksum"},
    {"offset_30m", F_OFFSET30, "every position 30 m east of the truth"},
    {"ce95_high", F_CE95,
     "multipath: one fix in eight 15 to 25 m off (CE95 over 10 m)"},
    {"altitude_bias", F_ALT, "altitudes 25 m high"},
    {"slow_first_fix", F_TTFF, "first fix after 40 s"},
    {"dropouts", F_DROPOUT, "a fifth of the epochs without a fix"},
    {"latency_10s", F_LATENCY, "every fix sent 10 s after its time"},
    {"freeze", F_FREEZE, "without satellites, the last fix again, still valid"},
    {"geofence_late", F_GF_LATE, "exit alarms 45 s after the exit is seen"},
    {"geofence_missing", F_GF_MISSING, "no exit alarm"},
    {"alarm_inside", F_GF_INSIDE,
     "exit alarms at 10 s and 20 s, inside the fence"},
    {"slow_reacquire", F_REACQ,
     "no fix for 12 s after the signal returns from an outage"},
};
#define NFAULTS (sizeof(faults) / sizeof(faults[0]))

struct fix {
	bool valid;
	double lat, lon, alt;
};

struct tracker {
	int fd;
	unsigned faults;
	struct errmodel rng;
	double noise, bias_e, bias_n, ttff, dropout;
	struct geo_fence fence;
	bool has_fence;
	/* the scenario */
	struct sim_scenario play;
	struct truth tr;
	long next, rmc_count;
	struct fix
	    fixes[LATENCY_EPOCHS + 1]; /* ring: the fixes of the last epochs */
	struct fix last_valid;
	bool inside;
	int run;
	long late_alarm_at; /* geofence_late: epoch to send the exit alarm at;
			       -1 none */
	long reacq_until;   /* slow_reacquire: no fix before this epoch */
	double late_alarm_tod;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void say(struct tracker *tk, const char *body, bool bad)
{
	unsigned x = 0;
	char line[128];

	for (const char *p = body; *p; p++)
		x ^= (unsigned char)*p;
	if (bad)
		x ^= 0x5A;
	snprintf(line, sizeof(line), "$%s*%02X", body, x);
	sim_pty_say(tk->fd, line);
}

/* ddmm.mmmmm,N or dddmm.mmmmm,E */
static void coord(char *out, size_t len, double v, int degdigits, char pos,
		  char neg)
{
	double a = fabs(v), deg = floor(a),
	       min = round((a - deg) * 60 * 1e5) / 1e5;

	if (min >= 60) {
		deg += 1;
		min -= 60;
	}
	snprintf(out, len, "%0*d%08.5f,%c", degdigits, (int)deg, min,
		 v < 0 ? neg : pos);
}

static void hhmmss(char *out, size_t len, double unix_s, int *d, int *m, int *y)
{
	time_t t = (time_t)floor(unix_s);
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, len, "%02d%02d%05.2f", tm.tm_hour, tm.tm_min,
		 tm.tm_sec + (unix_s - floor(unix_s)));
	*d = tm.tm_mday;
	*m = tm.tm_mon + 1;
	*y = tm.tm_year + 1900;
}

static struct fix compute_fix(struct tracker *tk, long k)
{
	const struct truth_point *p = &tk->tr.p[k];
	struct fix f = {0};
	double sd = tk->noise;
	double e = tk->bias_e + sd * errmodel_gauss(&tk->rng);
	double n = tk->bias_n + sd * errmodel_gauss(&tk->rng);
	double mp = errmodel_uniform(&tk->rng),
	       dir = 2 * M_PI * errmodel_uniform(&tk->rng);
	double up = 2 * tk->noise * errmodel_gauss(&tk->rng);
	bool drop = errmodel_uniform(&tk->rng) <
		    (tk->faults & F_DROPOUT ? 0.2 : tk->dropout);
	double ttff = tk->faults & F_TTFF ? 40 : tk->ttff;

	if (k > 0 && p->signal && !tk->tr.p[k - 1].signal &&
	    tk->faults & F_REACQ)
		tk->reacq_until = k + SLOW_REACQUIRE;
	if (!p->signal || (double)k < ttff || drop || k < tk->reacq_until) {
		if (tk->faults & F_FREEZE && !p->signal && tk->last_valid.valid)
			return tk->last_valid;
		return f;
	}
	if (tk->faults & F_OFFSET30)
		e += 30;
	if (tk->faults & F_CE95 && mp < 0.125) { /* a reflected signal */
		e += (15 + 80 * mp) * cos(dir);
		n += (15 + 80 * mp) * sin(dir);
	}
	geo_from_en(p->lat, p->lon, e, n, &f.lat, &f.lon);
	f.alt = p->alt + up + (tk->faults & F_ALT ? 25 : 0);
	f.valid = true;
	tk->last_valid = f;
	return f;
}

static void send_alarm(struct tracker *tk, bool exit, const char *tod)
{
	char body[64];

	snprintf(body, sizeof(body), "PCCGF,%s,%s,%s", exit ? "EXIT" : "ENTER",
		 tod, tk->fence.id);
	say(tk, body, false);
}

static void watch_fence(struct tracker *tk, const struct fix *f, long k,
			const char *tod)
{
	bool in;

	if (!tk->has_fence)
		return;
	if (tk->faults & F_GF_INSIDE && (k == 10 || k == 20) && tk->inside)
		send_alarm(tk, true, tod);
	if (tk->late_alarm_at == k) {
		char t[16];
		int d, m, y;

		hhmmss(t, sizeof(t), tk->late_alarm_tod, &d, &m, &y);
		send_alarm(tk, true, t);
		tk->late_alarm_at = -1;
	}
	if (!f->valid)
		return;
	in = geo_fence_inside(&tk->fence, f->lat, f->lon);
	tk->run = in == tk->inside ? 0 : tk->run + 1;
	if (tk->run < HYST)
		return;
	tk->inside = in;
	tk->run = 0;
	if (in) {
		send_alarm(tk, false, tod);
	} else if (tk->faults & F_GF_LATE) {
		tk->late_alarm_at = k + LATE_ALARM;
		tk->late_alarm_tod = tk->tr.utc_start + (double)k;
	} else if (!(tk->faults & F_GF_MISSING)) {
		send_alarm(tk, true, tod);
	}
}

static void send_epoch(struct tracker *tk, long k)
{
	struct fix *f = &tk->fixes[k % (LATENCY_EPOCHS + 1)];
	long sk = tk->faults & F_LATENCY ? k - LATENCY_EPOCHS
					 : k; /* the epoch sent */
	const struct fix *s;
	char body[128], tod[16], stod[16], lat[24], lon[24];
	int d, m, y, sd, sm, sy;
	double speed = 1.2 * KN_PER_MS;

	*f = compute_fix(tk, k);
	hhmmss(tod, sizeof(tod), tk->tr.utc_start + (double)k, &d, &m, &y);
	watch_fence(tk, f, k, tod);
	if (k == 0) {
		snprintf(body, sizeof(body), "GNZDA,%s,%02d,%02d,%04d,00,00",
			 tod, d, m, y);
		say(tk, body, false);
	}
	if (sk < 0)
		return;
	s = &tk->fixes[sk % (LATENCY_EPOCHS + 1)];
	hhmmss(stod, sizeof(stod), tk->tr.utc_start + (double)sk, &sd, &sm,
	       &sy);
	tk->rmc_count++;
	if (s->valid) {
		coord(lat, sizeof(lat), s->lat, 2, 'N', 'S');
		coord(lon, sizeof(lon), s->lon, 3, 'E', 'W');
		snprintf(body, sizeof(body),
			 "GNRMC,%s,A,%s,%s,%.2f,,%02d%02d%02d,,,A", stod, lat,
			 lon, speed, sd, sm, sy % 100);
		say(tk, body,
		    tk->faults & F_CHECKSUM && tk->rmc_count % 7 == 0);
		snprintf(body, sizeof(body),
			 "GNGGA,%s,%s,%s,1,12,0.8,%.1f,M,9.0,M,,", stod, lat,
			 lon, s->alt);
		say(tk, body, false);
		snprintf(body, sizeof(body), "GNVTG,,T,,M,%.2f,N,%.2f,K,A",
			 speed, speed * 1.852);
		say(tk, body, false);
	} else {
		snprintf(body, sizeof(body),
			 "GNRMC,%s,V,,,,,,,%02d%02d%02d,,,N", stod, sd, sm,
			 sy % 100);
		say(tk, body,
		    tk->faults & F_CHECKSUM && tk->rmc_count % 7 == 0);
		snprintf(body, sizeof(body), "GNGGA,%s,,,,,0,00,,,M,,M,,",
			 stod);
		say(tk, body, false);
		say(tk, "GNVTG,,T,,M,,N,,K,N", false);
	}
	if (k % 10 == 0) {
		snprintf(body, sizeof(body),
			 "GNGSA,A,%d,05,12,15,20,24,25,,,,,,,1.5,0.8,1.2",
			 s->valid ? 3 : 1);
		say(tk, body, false);
		say(tk,
		    "GPGSV,2,1,06,05,45,120,42,12,30,200,40,15,60,045,44,20,10,"
		    "300,31",
		    false);
		say(tk, "GPGSV,2,2,06,24,25,080,38,25,55,260,43", false);
		say(tk, "BDGSV,1,1,02,21,40,150,41,34,65,010,45", false);
	}
}

/* A new scenario in the bench file: start it. */
static void poll_bench(struct tracker *tk)
{
	const char *route;

	if (!sim_scenario_poll("gnss", &tk->play))
		return;
	truth_free(&tk->tr);
	tk->next = -1;
	if (!(route = sim_scenario_route(tk->play.route)) ||
	    tk->play.epochs < 1)
		return;
	if (truth_route(route, (size_t)tk->play.epochs + TAIL, &tk->tr)) {
		fprintf(stderr, "sim: cannot make the route\n");
		return;
	}
	for (size_t i = (size_t)tk->play.epochs; i < tk->tr.n; i++)
		tk->tr.p[i].signal = false; /* the route ended: no satellites */
	tk->next = 0;
	tk->rmc_count = 0;
	tk->inside = true; /* the fence was set up around the start */
	tk->run = 0;
	tk->late_alarm_at = -1;
	tk->reacq_until = 0;
	tk->last_valid.valid = false;
	fprintf(stderr, "sim: playing %s, %.0f epochs at %.1fx\n", route,
		tk->play.epochs, tk->play.rate);
}

static void serve(struct tracker *tk)
{
	char in[256];

	while (!stop) {
		struct pollfd pfd = {.fd = tk->fd, .events = POLLIN};
		double now;

		if (poll(&pfd, 1, 1) > 0 && read(tk->fd, in, sizeof(in)) < 0 &&
		    errno != EAGAIN && errno != EIO)
			break; /* what the host sends is not listened to */
		poll_bench(tk);
		if (tk->next < 0)
			continue;
		now = sim_scenario_now(&tk->play);
		while (tk->next < (long)tk->tr.n && (double)tk->next <= now)
			send_epoch(tk, tk->next++);
	}
}

static int fence_arg(struct geo_fence *f, const char *arg)
{
	char id[sizeof(f->id)];

	memset(f, 0, sizeof(*f));
	if (sscanf(arg, "%15[A-Za-z0-9_-],%lf,%lf,%lf", id, &f->lat, &f->lon,
		   &f->radius) != 4 ||
	    !(f->radius > 0)) {
		fprintf(stderr, "sim: --fence ID,LAT,LON,RADIUS\n");
		return -1;
	}
	memcpy(f->id, id, sizeof(id));
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"fault", required_argument, NULL, 'f'},
	    {"fence", required_argument, NULL, 'g'},
	    {"noise-sd", required_argument, NULL, 'n'},
	    {"bias-e", required_argument, NULL, 'e'},
	    {"bias-n", required_argument, NULL, 'N'},
	    {"ttff", required_argument, NULL, 't'},
	    {"dropout", required_argument, NULL, 'd'},
	    {"seed", required_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	struct tracker tk = {.noise = 1.5, .ttff = 5, .next = -1};
	struct sigaction sa = {.sa_handler = on_signal};
	int ch, slave;

	errmodel_init(&tk.rng);
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (sim_fault_add(faults, NFAULTS, optarg, &tk.faults))
				return 2;
			break;
		case 'g':
			if (fence_arg(&tk.fence, optarg))
				return 2;
			tk.has_fence = true;
			break;
		case 'n':
			tk.noise = atof(optarg);
			break;
		case 'e':
			tk.bias_e = atof(optarg);
			break;
		case 'N':
			tk.bias_n = atof(optarg);
			break;
		case 't':
			tk.ttff = atof(optarg);
			break;
		case 'd':
			tk.dropout = atof(optarg);
			break;
		case 's':
			tk.rng.seed = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'h':
			printf("usage: carecert-sim-gnss-tracker [--fault "
			       "NAME]... [--fence ID,LAT,LON,RADIUS]\n"
			       "  [--noise-sd M] [--bias-e M] [--bias-n M] "
			       "[--ttff S] [--dropout F] [--seed N]\n");
			sim_fault_list(stdout, faults, NFAULTS);
			return 0;
		default:
			return 2;
		}
	}
	sim_fault_announce(faults, NFAULTS, tk.faults);
	if (sim_pty_open(&tk.fd, &slave)) {
		fprintf(stderr, "sim: cannot open a pty: %s\n",
			strerror(errno));
		return 1;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	serve(&tk);
	truth_free(&tk.tr);
	fprintf(stderr, "sim: stopping\n");
	return 0;
}
