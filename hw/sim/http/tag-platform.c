/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-tag-platform: a simulated indoor positioning platform of a
 * care home (UWB anchors and tags, the server that locates them) with a
 * JSON API on loopback HTTP. Its tag is carried by the simulated walking
 * robot (carecert-sim-walker), whose scenario it reads from
 * $CARECERT_BENCH/motion (lib/sim-scenario.h); it prints
 *   HTTP http://127.0.0.1:PORT
 * and serves
 *   GET /api/v1/tags/<tag>/position -> 200 {"tag": "T1", "ts": <Unix ms of
 *       the fix>, "x": m, "y": m, "floor": n, "valid": true}, the latest
 *       1 Hz fix in its site frame (--site LAT,LON,ROTATION: the frame's
 *       origin and the x axis's angle from east, degrees); {"tag", "valid":
 *       false} before a scenario plays or after it;
 *   GET /api/v1/tags/<tag>/positions -> 200 {"tag": "T1", "count": n,
 *       "positions": [{"seq", "ts", "x", "y", "floor"}...]}, every fix of the
 *       scenario so far, oldest first (at most POS_HISTORY), seq 0, 1, ...;
 *   404 for another tag or path, 405 for another method.
 * Error model: x, y = truth + N(0, --noise-sd) each (m, default 0.3),
 * drawn once per epoch (--seed); floor = the truth's.
 * Faults: floor_error (the first floor reported as the ground floor).
 */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/errmodel.h"
#include "lib/sim-fault.h"
#include "lib/sim-scenario.h"
#include "pos/geo.h"
#include "pos/truth.h"

enum { F_FLOOR = 1 };

#define POS_HISTORY 2000 /* fixes a history answer holds at most */

static const struct sim_fault faults[] = {
    {"floor_error", F_FLOOR, "the first floor reported as the ground floor"},
};
#define NFAULTS (sizeof(faults) / sizeof(faults[0]))

struct platform {
	unsigned faults, seed;
	double noise;
	char tag[16];
	struct geo_site site;
	struct sim_scenario play;
	struct truth tr;
};

/* The fix of epoch k as JSON members: deterministic, whenever it is
 * asked for. */
static void fix_json(struct platform *p, long k, char *out, size_t len)
{
	const struct truth_point *tp = &p->tr.p[k];
	struct errmodel m;
	double x, y;
	int fl = tp->floor;

	errmodel_init(&m);
	m.seed = p->seed * 100003u + (unsigned)k;
	geo_wgs_to_site(&p->site, tp->lat, tp->lon, &x, &y);
	x += p->noise * errmodel_gauss(&m);
	y += p->noise * errmodel_gauss(&m);
	if (p->faults & F_FLOOR && fl == 1)
		fl = 0;
	snprintf(out, len,
		 "\"ts\": %.0f, \"x\": %.2f, \"y\": %.2f, \"floor\": %d",
		 (p->tr.utc_start + tp->t) * 1000.0, x, y, fl);
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status,
			     const char *body)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result rc;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "application/json");
	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c,
			       const char *url, const char *method,
			       const char *version, const char *data,
			       size_t *size, void **state)
{
	struct platform *p = cls;
	char path[96], hist[112], body[256], one[160];
	const char *route;
	double now;
	long last;

	(void)version;
	(void)data;
	(void)size;
	(void)state;
	snprintf(path, sizeof(path), "/api/v1/tags/%s/position", p->tag);
	snprintf(hist, sizeof(hist), "/api/v1/tags/%s/positions", p->tag);
	if (strncmp(url, "/api/v1/tags/", 13))
		return reply(c, 404, "{\"error\": \"not found\"}");
	if (strcmp(url, path) && strcmp(url, hist))
		return reply(c, 404, "{\"error\": \"no such tag\"}");
	if (strcmp(method, "GET"))
		return reply(c, 405, "{\"error\": \"method not allowed\"}");
	if (sim_scenario_poll("motion", &p->play)) {
		truth_free(&p->tr);
		if ((route = sim_scenario_route(p->play.route)) &&
		    p->play.epochs >= 1 &&
		    truth_route(route, (size_t)p->play.epochs, &p->tr))
			fprintf(stderr, "sim: cannot make the route\n");
		else if (route)
			fprintf(stderr,
				"sim: the tag walks %s, %.0f epochs at %.1fx\n",
				route, p->play.epochs, p->play.rate);
	}
	now = p->tr.n ? sim_scenario_now(&p->play) : -1;
	last = now < 0			? -1
	       : now >= (double)p->tr.n ? (long)p->tr.n - 1
					: (long)floor(now);
	if (!strcmp(url, hist)) {
		static char big[POS_HISTORY * 96 + 128];
		size_t k = 0;
		long first =
		    last + 1 > POS_HISTORY ? last + 1 - POS_HISTORY : 0;

		k += (size_t)snprintf(big, sizeof(big),
				      "{\"tag\": \"%s\", \"count\": %ld, "
				      "\"positions\": [",
				      p->tag, last + 1 - first);
		for (long i = first; i <= last && k < sizeof(big) - 200; i++) {
			fix_json(p, i, one, sizeof(one));
			k += (size_t)snprintf(
			    big + k, sizeof(big) - k, "%s{\"seq\": %ld, %s}",
			    i > first ? ", " : "", i - first, one);
		}
		snprintf(big + k, sizeof(big) - k, "]}");
		return reply(c, 200, big);
	}
	if (now < 0 || now >= (double)p->tr.n) {
		snprintf(body, sizeof(body),
			 "{\"tag\": \"%s\", \"valid\": false}", p->tag);
		return reply(c, 200, body);
	}
	fix_json(p, last, one, sizeof(one));
	snprintf(body, sizeof(body), "{\"tag\": \"%s\", %s, \"valid\": true}",
		 p->tag, one);
	return reply(c, 200, body);
}

static int loopback_socket(int *port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 64) ||
	    getsockname(fd, (struct sockaddr *)&sa, &len)) {
		close(fd);
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"fault", required_argument, NULL, 'f'},
	    {"site", required_argument, NULL, 's'},
	    {"tag", required_argument, NULL, 't'},
	    {"noise-sd", required_argument, NULL, 'n'},
	    {"seed", required_argument, NULL, 'S'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	struct platform p = {
	    .noise = 0.3,
	    .seed = 1,
	    .tag = "T1",
	    .site = {TRUTH_WARD_LAT, TRUTH_WARD_LON, TRUTH_WARD_ROT}};
	struct MHD_Daemon *d;
	sigset_t set;
	int ch, fd, port, sig;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (sim_fault_add(faults, NFAULTS, optarg, &p.faults))
				return 2;
			break;
		case 's':
			if (sscanf(optarg, "%lf,%lf,%lf", &p.site.lat0,
				   &p.site.lon0, &p.site.rot_deg) != 3) {
				fprintf(stderr,
					"sim: --site LAT,LON,ROTATION\n");
				return 2;
			}
			break;
		case 't':
			if (strlen(optarg) >= sizeof(p.tag) ||
			    strspn(optarg,
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") !=
				strlen(optarg)) {
				fprintf(stderr, "sim: --tag: up to 15 "
						"capitals, digits, -\n");
				return 2;
			}
			snprintf(p.tag, sizeof(p.tag), "%s", optarg);
			break;
		case 'n':
			p.noise = atof(optarg);
			break;
		case 'S':
			p.seed = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'h':
			printf("usage: carecert-sim-tag-platform [--fault "
			       "NAME]... [--site LAT,LON,ROT]\n"
			       "  [--tag ID] [--noise-sd M] [--seed N]\n"
			       "An indoor tag platform's JSON API on loopback; "
			       "prints \"HTTP <url>\".\n");
			sim_fault_list(stdout, faults, NFAULTS);
			return 0;
		default:
			return 2;
		}
	}
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	sim_fault_announce(faults, NFAULTS, p.faults);
	if ((fd = loopback_socket(&port)) < 0) {
		fprintf(stderr, "sim: cannot listen: %s\n", strerror(errno));
		return 1;
	}
	/* one thread: the handler's state needs no lock */
	d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
	    handler, &p, MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "sim: cannot start the HTTP server\n");
		return 1;
	}
	printf("HTTP http://127.0.0.1:%d\n", port);
	fflush(stdout);
	sigwait(&set, &sig);
	fprintf(stderr, "sim: stopping\n");
	MHD_stop_daemon(d);
	truth_free(&p.tr);
	return 0;
}
