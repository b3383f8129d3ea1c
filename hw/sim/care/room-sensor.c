/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-room-sensor: a simulated room and bed sensor (radar in the
 * room, a sleep mat under the mattress) with an HTTPS API (libmicrohttpd
 * over GnuTLS), watching a scripted day (docs/behaviour-monitoring.md).
 *
 * The bench plays the day to it: POST /api/day with the day's CSV (the
 * runner's own parser, care/day.c, reads it: on a real bench the actor or
 * motion rig follows the script). The sensor then "lives" the day
 * time-compressed (--time-scale, default 86400: a day a second) and
 * classifies what it sees: each activity change 20 s late; bed exit 15 s
 * after it happens; inactivity 10 s after --inactivity-after s on the
 * floor; bathroom too long 5 s after --bathroom-max s there; heart and
 * breathing rate every 300 s in bed, within a fraction of a unit of the
 * reference. GET /api/report returns what it has reported so far, times
 * in seconds of the day, with "complete" once the day is over.
 *
 * At start it makes a test PKI (testpki.c), listens on an ephemeral
 * loopback port and prints "HTTP https://127.0.0.1:PORT ca_bundle=...".
 * Runs until SIGTERM.
 *
 * API:
 *   GET  /api/device   {"vendor","model","firmware","serial_number"}
 *   POST /api/day      the day as CSV (at most 1 MiB): 202 {"day_length",
 *                      "time_scale"}; 400 with the parser's messages
 *   GET  /api/report   {"complete","time_scale","played_s","day_length",
 *                      "activity":[{"t","class"}],"events":[{"t","type",
 *                      "id"}],"vitals":[{"t","hr","rr"}]}; 409 before a day
 */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <math.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/diag.h"
#include "care/day.h"
#include "http/testpki.h"
#include "lib/sim-fault.h"

enum fault {
	F_MISS_BED_EXIT = 1 << 0,
	F_LATE_INACTIVITY = 1 << 1,
	F_BATHROOM_AS_ABSENT = 1 << 2,
	F_FALSE_EVENTS = 1 << 3,
	F_HR_OFFSET = 1 << 4,
};

static const struct sim_fault faults[] = {
    {"miss_bed_exit", F_MISS_BED_EXIT, "bed exits are never reported"},
    {"late_inactivity", F_LATE_INACTIVITY,
     "the inactivity event comes 200 s later than it should"},
    {"bathroom_as_absent", F_BATHROOM_AS_ABSENT,
     "the bathroom is classified as absent (so no bathroom-too-long events)"},
    {"false_events", F_FALSE_EVENTS,
     "two bed exits reported while the person sleeps"},
    {"hr_offset", F_HR_OFFSET, "the sleep mat's heart rate reads 8 bpm high"},
};

#define NFAULTS (sizeof(faults) / sizeof(faults[0]))
#define LAG_CHANGE 20.0
#define LAG_BED_EXIT 15.0
#define LAG_INACTIVITY 10.0
#define LAG_BATHROOM 5.0
#define LATE_INACTIVITY 200.0
#define VITALS_EVERY 300.0
#define MAX_ITEMS 20000

struct item {
	double t;
	int kind; /* activity class, event kind (0 bed exit, 1 inactivity, 2
		     bathroom) */
	double hr, rr; /* vitals */
};

static const char *const ev_names[] = {"bed_exit", "inactivity",
				       "bathroom_too_long"};

static struct sensor {
	unsigned faults;
	double time_scale, inactivity_after, bathroom_max;
	pthread_mutex_t lock;
	bool have_day;
	double day_length;
	int64_t start_ns;
	struct item *act, *ev, *vit;
	size_t nact, nev, nvit;
} S = {.time_scale = 86400,
       .inactivity_after = 120,
       .bathroom_max = 1800,
       .lock = PTHREAD_MUTEX_INITIALIZER};

static void push(struct item *v, size_t *n, struct item it)
{
	if (*n < MAX_ITEMS)
		v[(*n)++] = it;
}

static int cmp_item(const void *a, const void *b)
{
	double x = ((const struct item *)a)->t, y = ((const struct item *)b)->t;

	return (x > y) - (x < y);
}

/* What the sensor will report for the whole day, worked out at once; GET
 * shows the part already "lived". Call with the lock held. */
static void live(const struct day *d)
{
	enum care_activity last = CARE_NONE;
	unsigned k = 0;

	S.nact = S.nev = S.nvit = 0;
	for (size_t i = 0; i < d->n; i++) {
		const struct day_segment *s = &d->v[i];
		enum care_activity a = s->act;
		double len = s->end - s->start;

		if (a == CARE_IN_BATHROOM && S.faults & F_BATHROOM_AS_ABSENT)
			a = CARE_ABSENT;
		if (a != last)
			push(S.act, &S.nact,
			     (struct item){.t = i ? s->start + LAG_CHANGE
						  : s->start,
					   .kind = a});
		last = a;
		if (i && d->v[i - 1].act == CARE_IN_BED &&
		    s->act != CARE_IN_BED && !(S.faults & F_MISS_BED_EXIT))
			push(S.ev, &S.nev,
			     (struct item){.t = s->start + LAG_BED_EXIT,
					   .kind = 0});
		if (s->act == CARE_ON_FLOOR && len >= S.inactivity_after)
			push(S.ev, &S.nev,
			     (struct item){.t = s->start + S.inactivity_after +
						LAG_INACTIVITY +
						(S.faults & F_LATE_INACTIVITY
						     ? LATE_INACTIVITY
						     : 0),
					   .kind = 1});
		if (a == CARE_IN_BATHROOM && len >= S.bathroom_max)
			push(S.ev, &S.nev,
			     (struct item){.t = s->start + S.bathroom_max +
						LAG_BATHROOM,
					   .kind = 2});
		if (s->act == CARE_IN_BED)
			for (double t =
				 ceil(s->start / VITALS_EVERY) * VITALS_EVERY;
			     t < s->end; t += VITALS_EVERY, k++) {
				/* a little deterministic scatter, well within
				 * tolerance */
				double hr =
				    isnan(s->hr)
					? NAN
					: s->hr + ((int)(k * 7 % 5) - 2) * 0.4;
				double rr =
				    isnan(s->rr)
					? NAN
					: s->rr + ((int)(k * 3 % 3) - 1) * 0.5;

				if (S.faults & F_HR_OFFSET)
					hr += 8;
				push(S.vit, &S.nvit,
				     (struct item){.t = t, .hr = hr, .rr = rr});
			}
	}
	if (S.faults & F_FALSE_EVENTS) {
		push(S.ev, &S.nev, (struct item){.t = 3 * 3600, .kind = 0});
		push(S.ev, &S.nev, (struct item){.t = 4.5 * 3600, .kind = 0});
		qsort(S.ev, S.nev, sizeof(*S.ev), cmp_item);
	}
	S.day_length = d->end;
}

/* ---- responses ---- */

struct req {
	struct buf body;
	bool too_big;
};

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status,
			     json_object *o)
{
	const char *text =
	    json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	json_object_put(o);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "application/json");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "Strict-Transport-Security",
				"max-age=31536000");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result reply_error(struct MHD_Connection *c, unsigned status,
				   const char *msg)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "error", json_object_new_string(msg));
	return reply(c, status, o);
}

static enum MHD_Result do_device(struct MHD_Connection *c)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "vendor",
			       json_object_new_string("Acme Care"));
	json_object_object_add(o, "model",
			       json_object_new_string("RS-10 Room Sensor"));
	json_object_object_add(o, "firmware", json_object_new_string("1.2.0"));
	json_object_object_add(o, "serial_number",
			       json_object_new_string("SIM-RS-0007"));
	return reply(c, 200, o);
}

static enum MHD_Result do_day(struct MHD_Connection *c, struct req *rq)
{
	struct day *d = NULL;
	struct diag dg;
	json_object *o;
	int rc;

	if (rq->too_big)
		return reply_error(c, 413, "a day is at most 1 MiB");
	diag_init(&dg);
	rc = day_parse((const char *)rq->body.data, rq->body.len, "day", &d,
		       &dg);
	if (rc) {
		char msg[512];

		snprintf(msg, sizeof(msg), "day:%u:%u: %s",
			 dg.n ? dg.v[0].line : 0, dg.n ? dg.v[0].col : 0,
			 dg.n ? dg.v[0].msg : "malformed");
		diag_release(&dg);
		return reply_error(c, 400, msg);
	}
	diag_release(&dg);
	pthread_mutex_lock(&S.lock);
	live(d);
	S.have_day = true;
	S.start_ns = mono_now_ns();
	pthread_mutex_unlock(&S.lock);
	fprintf(
	    stderr,
	    "sim: playing a day of %g s (%zu segments) at %g times real time\n",
	    d->end, d->n, S.time_scale);
	day_free(d);
	o = json_object_new_object();
	json_object_object_add(o, "day_length",
			       json_object_new_double(S.day_length));
	json_object_object_add(o, "time_scale",
			       json_object_new_double(S.time_scale));
	return reply(c, 202, o);
}

static enum MHD_Result do_report(struct MHD_Connection *c)
{
	json_object *o, *a, *ev, *vit;
	double played;

	pthread_mutex_lock(&S.lock);
	if (!S.have_day) {
		pthread_mutex_unlock(&S.lock);
		return reply_error(
		    c, 409, "no day is being played: POST /api/day first");
	}
	played = (mono_now_ns() - S.start_ns) / 1e9 * S.time_scale;
	if (played > S.day_length)
		played = S.day_length;
	o = json_object_new_object();
	a = json_object_new_array();
	ev = json_object_new_array();
	vit = json_object_new_array();
	for (size_t i = 0; i < S.nact && S.act[i].t <= played; i++) {
		json_object *x = json_object_new_object();

		json_object_object_add(x, "t",
				       json_object_new_double(S.act[i].t));
		json_object_object_add(
		    x, "class",
		    json_object_new_string(care_activity_name(S.act[i].kind)));
		json_object_array_add(a, x);
	}
	for (size_t i = 0; i < S.nev && S.ev[i].t <= played; i++) {
		json_object *x = json_object_new_object();
		char id[32];

		snprintf(id, sizeof(id), "ev-%zu", i + 1);
		json_object_object_add(x, "t",
				       json_object_new_double(S.ev[i].t));
		json_object_object_add(
		    x, "type", json_object_new_string(ev_names[S.ev[i].kind]));
		json_object_object_add(x, "id", json_object_new_string(id));
		json_object_array_add(ev, x);
	}
	for (size_t i = 0; i < S.nvit && S.vit[i].t <= played; i++) {
		json_object *x = json_object_new_object();

		json_object_object_add(x, "t",
				       json_object_new_double(S.vit[i].t));
		json_object_object_add(
		    x, "hr",
		    isnan(S.vit[i].hr)
			? NULL
			: json_object_new_double(round(S.vit[i].hr * 10) / 10));
		json_object_object_add(
		    x, "rr",
		    isnan(S.vit[i].rr)
			? NULL
			: json_object_new_double(round(S.vit[i].rr * 10) / 10));
		json_object_array_add(vit, x);
	}
	json_object_object_add(o, "complete",
			       json_object_new_boolean(played >= S.day_length));
	json_object_object_add(o, "time_scale",
			       json_object_new_double(S.time_scale));
	json_object_object_add(o, "played_s",
			       json_object_new_double(round(played)));
	json_object_object_add(o, "day_length",
			       json_object_new_double(S.day_length));
	json_object_object_add(o, "activity", a);
	json_object_object_add(o, "events", ev);
	json_object_object_add(o, "vitals", vit);
	pthread_mutex_unlock(&S.lock);
	return reply(c, 200, o);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c,
			       const char *url, const char *method,
			       const char *version, const char *upload,
			       size_t *upload_size, void **con_cls)
{
	struct req *rq = *con_cls;
	bool get = !strcmp(method, "GET"), post = !strcmp(method, "POST");

	(void)cls;
	(void)version;
	if (!rq) {
		if (!(rq = calloc(1, sizeof(*rq))))
			return MHD_NO;
		buf_init(&rq->body, DAY_MAX_BYTES);
		*con_cls = rq;
		return MHD_YES;
	}
	if (*upload_size) {
		/* bodies above the cap are read and dropped: 413, not a reset
		 */
		if (!rq->too_big && buf_append(&rq->body, upload, *upload_size))
			rq->too_big = true;
		*upload_size = 0;
		return MHD_YES;
	}
	if (!strcmp(url, "/api/device") && get)
		return do_device(c);
	if (!strcmp(url, "/api/day") && post)
		return do_day(c, rq);
	if (!strcmp(url, "/api/report") && get)
		return do_report(c);
	if (!strcmp(url, "/api/device") || !strcmp(url, "/api/day") ||
	    !strcmp(url, "/api/report"))
		return reply_error(c, 405, "method not allowed");
	return reply_error(c, 404, "no such endpoint");
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct req *rq = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (rq) {
		buf_release(&rq->body);
		free(rq);
		*con_cls = NULL;
	}
}

/* ---- start ---- */

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: carecert-sim-room-sensor [--fault NAME]... [--time-scale "
	    "X]\n"
	    "  [--inactivity-after S] [--bathroom-max S]\n"
	    "A room and bed sensor watching a scripted day over HTTPS; prints\n"
	    "\"HTTP <url> ca_bundle=...\".\n");
	sim_fault_list(f, faults, NFAULTS);
}

static bool positive(const char *s, double *out)
{
	char *end;

	*out = strtod(s, &end);
	return !*end && isfinite(*out) && *out > 0;
}

static int parse(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"fault", required_argument, NULL, 'f'},
	    {"time-scale", required_argument, NULL, 's'},
	    {"inactivity-after", required_argument, NULL, 'i'},
	    {"bathroom-max", required_argument, NULL, 'b'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (sim_fault_add(faults, NFAULTS, optarg, &S.faults)) {
				usage(stderr);
				return -1;
			}
			break;
		case 's':
		case 'i':
		case 'b':
			if (!positive(optarg, ch == 's'	  ? &S.time_scale
					      : ch == 'i' ? &S.inactivity_after
							  : &S.bathroom_max)) {
				fprintf(stderr, "sim: %s: a number above 0\n",
					optarg);
				return -1;
			}
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	return 0;
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
	struct pki_pair ca = {0}, srv = {0};
	struct MHD_Daemon *d = NULL;
	char dir[] = "/tmp/carecert-room-sensor-XXXXXX", ca_path[64] = "";
	int fd, port, sig, status = 1;
	bool made_dir = false;
	sigset_t set;
	FILE *f;

	if (parse(argc, argv))
		return 2;
	S.act = calloc(MAX_ITEMS, sizeof(*S.act));
	S.ev = calloc(MAX_ITEMS, sizeof(*S.ev));
	S.vit = calloc(MAX_ITEMS, sizeof(*S.vit));
	if (!S.act || !S.ev || !S.vit)
		goto out;
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	sim_fault_announce(faults, NFAULTS, S.faults);
	if (pki_make_ca("carecert simulator test CA", &ca) ||
	    pki_make_server(&ca, "127.0.0.1", "IP:127.0.0.1,DNS:localhost",
			    -3600, 86400, &srv) ||
	    !(made_dir = mkdtemp(dir) != NULL)) {
		fprintf(stderr, "sim: cannot make the test PKI\n");
		goto out;
	}
	snprintf(ca_path, sizeof(ca_path), "%s/ca.pem", dir);
	if (!(f = fopen(ca_path, "w")) || fputs(ca.cert_pem, f) < 0 ||
	    fclose(f)) {
		fprintf(stderr, "sim: %s: %s\n", ca_path, strerror(errno));
		goto out;
	}
	if ((fd = loopback_socket(&port)) < 0) {
		fprintf(stderr, "sim: cannot listen: %s\n", strerror(errno));
		goto out;
	}
	d = MHD_start_daemon(
	    MHD_USE_TLS | MHD_USE_THREAD_PER_CONNECTION |
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
	    0, NULL, NULL, handler, NULL, MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_HTTPS_MEM_KEY, srv.key_pem, MHD_OPTION_HTTPS_MEM_CERT,
	    srv.cert_pem, MHD_OPTION_HTTPS_PRIORITIES,
	    "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2",
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "sim: cannot start the HTTP server\n");
		goto out;
	}
	printf("HTTP https://127.0.0.1:%d ca_bundle=%s\n", port, ca_path);
	fflush(stdout);
	sigwait(&set, &sig);
	fprintf(stderr, "sim: stopping\n");
	status = 0;
out:
	if (d)
		MHD_stop_daemon(d);
	if (made_dir) {
		unlink(ca_path);
		rmdir(dir);
	}
	pki_pair_release(&ca);
	pki_pair_release(&srv);
	free(S.act);
	free(S.ev);
	free(S.vit);
	return status;
}
