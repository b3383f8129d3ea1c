/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-sos-gw: a simulated SOS pendant with its home gateway, the
 * device end of an emergency-alarm path (docs/alarm-path.md). The
 * gateway serves an HTTPS API (libmicrohttpd over GnuTLS) and delivers
 * each alarm to the care platform's endpoint with libcurl, as a FHIR R4
 * Communication: who (subject), what (category: sos, or fall), when (sent:
 * the moment it was raised, UTC with ms; an event-time extension: the
 * press, or the fall's impact), where (a location extension), its
 * id (identifier[0].value, the same on every retry: the platform
 * de-duplicates by it) and its escalation level.
 *
 * Delivery is at least once and in order: an alarm the platform does not
 * take (no connection, or a status other than 2xx) stays at the head of
 * the queue and is retried every 200 ms, the ones raised meanwhile behind
 * it. The carer acknowledges an alarm through the gateway's API (the
 * platform calls POST /api/alarms/ID/ack); one not acknowledged within
 * ack_within_s of its delivery (the setting when it was delivered) is sent
 * again with escalation 1 (to the next carer on the platform's rota), once.
 *
 * Alarms are raised by the pendant's button: with --coupled the button is
 * pressed by the bench's actuator (carecert-sim-actuator writes each press
 * to the bench file "sos"); or by an IP pendant posting to the gateway's
 * ingest API a message authenticated with HMAC-SHA256 over
 * "pendant|counter|event" with the pairing key, the counter above the last
 * one taken (a replayed message is refused). With --coupled the pendant
 * also rides the motion bench (the motion replay instrument writes the
 * bench file "motion"): its fall detector (hw/sim/lib/falldet.c, the
 * simulated fall wearable's) raises a fall alarm for each fall it finds.
 *
 * API (all but the pendant's ingest need the installer's basic auth):
 *   GET  /api/device               vendor, model, firmware, serial_number
 *   POST /api/platform             {"url": "https://...", "ack_within_s": 2}
 *   POST /api/alarms/ID/ack        the carer acknowledged: 200; 404
 *   POST /api/pendant/alarm        {"pendant","counter","event","mac"}: 202;
 *                                  401 bad MAC or pendant; 409 replayed
 * At start it prints "HTTP https://127.0.0.1:PORT ca_bundle=...
 * upload_ca_cert=... upload_ca_key=..." (its test CA: the trust anchor a
 * bench provisions, from which carecert issues the platform's
 * certificate). Runs until SIGTERM.
 */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <json-c/json.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "http/testpki.h"
#include "lib/falldet.h"
#include "lib/sim-bench.h"
#include "lib/sim-fault.h"
#include "lib/sim-motion.h"
#include "lib/sim-scenario.h"
#include "pos/geo.h"
#include "pos/truth.h"

enum fault {
	F_LATE = 1 << 0,
	F_LOST = 1 << 1,
	F_DUPLICATES = 1 << 2,
	F_OUT_OF_ORDER = 1 << 3,
	F_NO_ESCALATION = 1 << 4,
	F_WRONG_CONTENT = 1 << 5,
	F_ACCEPTS_FORGED = 1 << 6,
	F_LOST_UNREACHABLE = 1 << 7,
	F_FALL_AS_SOS = 1 << 8,
	F_NO_GEOFENCE = 1 << 9,
};

static const struct sim_fault faults[] = {
    {"late_delivery", F_LATE,
     "each alarm leaves the gateway 1.5 s after it was raised"},
    {"lost_during_outage", F_LOST,
     "an alarm the platform refuses is dropped, never retried"},
    {"duplicates", F_DUPLICATES, "every alarm is delivered twice"},
    {"out_of_order", F_OUT_OF_ORDER,
     "after an outage the queue is sent newest first"},
    {"no_escalation", F_NO_ESCALATION,
     "an alarm nobody acknowledges is never escalated"},
    {"wrong_content", F_WRONG_CONTENT, "alarms carry no location (where)"},
    {"accepts_forged", F_ACCEPTS_FORGED,
     "the pendant ingest takes any message: no MAC check, no replay check"},
    {"lost_while_unreachable", F_LOST_UNREACHABLE,
     "an alarm that gets no answer at all (connection refused, timeout) is "
     "dropped; one refused with an HTTP error is still retried"},
    {"fall_as_sos", F_FALL_AS_SOS,
     "a fall the pendant detects is delivered as an SOS alarm (what: sos)"},
    {"no_geofence_alarm", F_NO_GEOFENCE,
     "the pendant's geofence exits never become alarms (the gateway "
     "forwards SOS and falls only)"},
};

#define NFAULTS (sizeof(faults) / sizeof(faults[0]))
#define MAX_ALARMS 256
#define MAX_BODY (16 * 1024)
#define RETRY_MS 200
#define LATE_MS 1500
#define PENDANT "PD-7"
#define RESIDENT "Patient/sim-resident-1"
#define LOCATION "Flat 12, Rosenweg 3, bedroom"
#define FENCE_HYST 3 /* fixes in a row outside: an exit (as the tracker) */

enum alarm_kind { ALARM_SOS, ALARM_FALL, ALARM_EXIT };

struct alarm {
	char id[32];
	enum alarm_kind kind;
	long long raised_ms; /* Unix ms */
	long long event_ms;  /* Unix ms: the press, the fall's impact, the
				exit's first fix outside */
	double lat, lon;     /* an exit: the fix outside */
	bool delivered, acked, escalation_queued;
	int64_t delivered_ns;
	int64_t ack_by_ns; /* the acknowledgement time allowed when it was
			      delivered */
};

struct pending {
	int alarm;	/* index */
	int escalation; /* 0 first delivery, 1 escalated */
	bool tried;
};

static struct sos {
	unsigned faults;
	const char *user, *password, *key;
	char auth[256]; /* "Basic ..." expected */
	char ca_path[80];
	bool coupled;
	pthread_mutex_t lock;
	char url[1024];
	double ack_within_s;
	struct alarm a[MAX_ALARMS];
	int na;
	struct pending q[2 * MAX_ALARMS];
	int nq;
	bool outage_seen; /* a delivery failed since the queue was last empty */
	long long last_counter;
	double presses_seen;
	struct geo_fence fence; /* --fence: the pendant's safe zone */
	bool has_fence;
	volatile sig_atomic_t stop;
} G = {.user = "installer",
       .password = "Sos-Inst4ller-2026",
       .key = "demo-pendant-key-0001",
       .ack_within_s = 2,
       .lock = PTHREAD_MUTEX_INITIALIZER};

static long long unix_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Raise an alarm (lock held): queued for delivery behind the others. */
static struct alarm *raise_kind(enum alarm_kind kind, long long raised_ms,
				long long event_ms, const char *why)
{
	struct alarm *al;

	if (G.na == MAX_ALARMS || G.nq == 2 * MAX_ALARMS)
		return NULL;
	al = &G.a[G.na];
	memset(al, 0, sizeof(*al));
	snprintf(al->id, sizeof(al->id), "ALM-%d", G.na + 1);
	al->kind = kind;
	al->raised_ms = raised_ms;
	al->event_ms = event_ms;
	G.q[G.nq++] = (struct pending){.alarm = G.na, .escalation = 0};
	G.na++;
	fprintf(stderr, "sim: alarm %s raised (%s)\n", al->id, why);
	return al;
}

static void raise_alarm(long long raised_ms, const char *why)
{
	raise_kind(ALARM_SOS, raised_ms, raised_ms, why);
}

/* "2026-12-06T07:40:00.123Z" */
static void iso_ms(long long ms, char *out, size_t len)
{
	time_t s = (time_t)(ms / 1000);
	struct tm tm;

	gmtime_r(&s, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + strlen(out), len - strlen(out), ".%03lldZ", ms % 1000);
}

static char *alarm_body(const struct alarm *al, int escalation)
{
	json_object *o = json_object_new_object(), *a, *x, *c;
	char sent[40], event[40];
	bool fall = al->kind == ALARM_FALL && !(G.faults & F_FALL_AS_SOS);
	const char *code = fall ? "fall"
			   : al->kind == ALARM_EXIT ? "geofence-exit"
						    : "sos",
		   *display = fall ? "Fall detected"
			      : al->kind == ALARM_EXIT ? "Left the safe zone"
						       : "SOS button pressed";
	char *text;

	iso_ms(al->raised_ms, sent, sizeof(sent));
	iso_ms(al->event_ms, event, sizeof(event));
	json_object_object_add(o, "resourceType",
			       json_object_new_string("Communication"));
	json_object_object_add(o, "id", json_object_new_string(al->id));
	a = json_object_new_array();
	x = json_object_new_object();
	json_object_object_add(x, "system",
			       json_object_new_string("urn:acme-care:alarm"));
	json_object_object_add(x, "value", json_object_new_string(al->id));
	json_object_array_add(a, x);
	json_object_object_add(o, "identifier", a);
	json_object_object_add(o, "status",
			       json_object_new_string("in-progress"));
	json_object_object_add(o, "priority", json_object_new_string("stat"));
	c = json_object_new_object();
	x = json_object_new_object();
	json_object_object_add(
	    x, "system", json_object_new_string("urn:acme-care:alarm-type"));
	json_object_object_add(x, "code", json_object_new_string(code));
	json_object_object_add(x, "display", json_object_new_string(display));
	a = json_object_new_array();
	json_object_array_add(a, x);
	json_object_object_add(c, "coding", a);
	a = json_object_new_array();
	json_object_array_add(a, c);
	json_object_object_add(o, "category", a);
	x = json_object_new_object();
	json_object_object_add(x, "reference",
			       json_object_new_string(RESIDENT));
	json_object_object_add(o, "subject", x);
	json_object_object_add(o, "sent", json_object_new_string(sent));
	a = json_object_new_array();
	if (!(G.faults & F_WRONG_CONTENT)) {
		char where[96];

		/* an exit is where the pendant was found outside */
		if (al->kind == ALARM_EXIT)
			snprintf(where, sizeof(where), "%.7f,%.7f outside %s",
				 al->lat, al->lon, G.fence.id);
		else
			snprintf(where, sizeof(where), "%s", LOCATION);
		x = json_object_new_object();
		json_object_object_add(
		    x, "url", json_object_new_string("urn:acme-care:location"));
		json_object_object_add(x, "valueString",
				       json_object_new_string(where));
		json_object_array_add(a, x);
	}
	x = json_object_new_object();
	json_object_object_add(
	    x, "url", json_object_new_string("urn:acme-care:event-time"));
	json_object_object_add(x, "valueDateTime",
			       json_object_new_string(event));
	json_object_array_add(a, x);
	x = json_object_new_object();
	json_object_object_add(
	    x, "url", json_object_new_string("urn:acme-care:escalation"));
	json_object_object_add(x, "valueInteger",
			       json_object_new_int(escalation));
	json_object_array_add(a, x);
	json_object_object_add(o, "extension", a);
	text = strdup(json_object_to_json_string_ext(
	    o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return text;
}

static size_t sink(char *p, size_t size, size_t n, void *data)
{
	(void)p;
	(void)data;
	return size * n;
}

/* One POST; the HTTP status, or 0 when no response came. */
static long post(CURL *h, const char *url, const char *body)
{
	struct curl_slist *hdr =
	    curl_slist_append(NULL, "Content-Type: application/fhir+json");
	char errbuf[CURL_ERROR_SIZE] = "";
	long status = 0;
	CURLcode c;

	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 3L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	curl_easy_setopt(h, CURLOPT_CAINFO, G.ca_path);
	c = curl_easy_perform(h);
	if (c == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	else
		fprintf(stderr, "sim: delivery to %s failed: %s\n", url,
			errbuf[0] ? errbuf : curl_easy_strerror(c));
	curl_slist_free_all(hdr);
	return status;
}

/* The bench's actuator pressed the button (--coupled). Lock held. */
static void poll_button(void)
{
	double v[2];

	if (G.coupled && sim_bench_read("sos", v, 2) == 2 &&
	    v[0] > G.presses_seen) {
		for (; G.presses_seen < v[0]; G.presses_seen++)
			raise_alarm((long long)v[1],
				    "button pressed by the bench's actuator");
	}
}

/* Alarms delivered and not acknowledged in time go again, escalated. */
static void escalate(void)
{
	int64_t now = mono_now_ns();

	if (G.faults & F_NO_ESCALATION)
		return;
	for (int i = 0; i < G.na; i++) {
		struct alarm *al = &G.a[i];

		if (al->delivered && !al->acked && !al->escalation_queued &&
		    now > al->ack_by_ns && G.nq < 2 * MAX_ALARMS) {
			al->escalation_queued = true;
			G.q[G.nq++] =
			    (struct pending){.alarm = i, .escalation = 1};
			fprintf(stderr,
				"sim: alarm %s not acknowledged in time: "
				"escalating\n",
				al->id);
		}
	}
}

/* A failed delivery the faults drop instead of retrying (status 0: no
 * answer came, the platform unreachable). */
static bool drop(long status)
{
	return G.faults & F_LOST || (G.faults & F_LOST_UNREACHABLE && !status);
}

static void *deliverer(void *arg)
{
	CURL *h = curl_easy_init();

	(void)arg;
	while (h && !G.stop) {
		struct pending p;
		char url[1024], *body;
		int k;
		long status;

		usleep(10000);
		pthread_mutex_lock(&G.lock);
		poll_button();
		escalate();
		if (!G.url[0] || !G.nq) {
			G.outage_seen = G.nq ? G.outage_seen : false;
			pthread_mutex_unlock(&G.lock);
			continue;
		}
		/* in order: the head of the queue; the fault sends the newest
		 * first once the platform has been down */
		k = G.faults & F_OUT_OF_ORDER && G.outage_seen ? G.nq - 1 : 0;
		p = G.q[k];
		G.q[k].tried = true;
		snprintf(url, sizeof(url), "%s", G.url);
		body = alarm_body(&G.a[p.alarm], p.escalation);
		pthread_mutex_unlock(&G.lock);
		if (!body)
			continue;
		if (G.faults & F_LATE && !p.tried)
			usleep(LATE_MS * 1000);
		status = post(h, url, body);
		if (status >= 200 && status < 300 && G.faults & F_DUPLICATES &&
		    !p.escalation)
			post(h, url, body);
		free(body);
		pthread_mutex_lock(&G.lock);
		/* the entry may have moved: find it again */
		for (k = 0; k < G.nq; k++)
			if (G.q[k].alarm == p.alarm &&
			    G.q[k].escalation == p.escalation)
				break;
		if (status >= 200 && status < 300) {
			fprintf(stderr, "sim: alarm %s%s delivered: HTTP %ld\n",
				G.a[p.alarm].id,
				p.escalation ? " (escalated)" : "", status);
			if (!p.escalation) {
				G.a[p.alarm].delivered = true;
				G.a[p.alarm].delivered_ns = mono_now_ns();
				G.a[p.alarm].ack_by_ns =
				    G.a[p.alarm].delivered_ns +
				    (int64_t)(G.ack_within_s * 1e9);
			}
		} else {
			G.outage_seen = true;
			fprintf(
			    stderr, "sim: alarm %s not taken (HTTP %ld)%s\n",
			    G.a[p.alarm].id, status,
			    drop(status) ? ": dropped" : ": will retry");
		}
		if (k < G.nq &&
		    ((status >= 200 && status < 300) || drop(status))) {
			memmove(&G.q[k], &G.q[k + 1],
				(size_t)(G.nq - k - 1) * sizeof(G.q[0]));
			G.nq--;
		}
		pthread_mutex_unlock(&G.lock);
		if (!(status >= 200 && status < 300))
			usleep(RETRY_MS * 1000);
	}
	curl_easy_cleanup(h);
	return NULL;
}

/* ---- the pendant's fall detector (--coupled: it rides the motion bench) ---- */

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts); /* the motion bench's clock */
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* A moment of the motion clock (s) as Unix ms. */
static long long motion_unix_ms(const struct motion_session *m, double t)
{
	int64_t at = m->start_ns + (int64_t)(t / m->compression * 1e9);

	return unix_ms() - (mono_ns() - at) / 1000000;
}

/* The pendant's GNSS on the bench's scenario (the GNSS signal simulator
 * writes the bench file gnss, as for the tracker): a fix at each 1 Hz
 * epoch of the route's truth; FENCE_HYST fixes in a row outside the fence
 * is an exit, raised with the first of them as its event time. */
struct gnss_walk {
	struct sim_scenario play;
	struct truth tr;
	long next; /* the next epoch; -1 none playing */
	bool inside;
	int run;
	long first_out;
};

static void walk(struct gnss_walk *w)
{
	const char *route;
	double now;

	if (sim_scenario_poll("gnss", &w->play)) {
		truth_free(&w->tr);
		w->next = -1;
		if ((route = sim_scenario_route(w->play.route)) &&
		    w->play.epochs >= 1 &&
		    !truth_route(route, (size_t)w->play.epochs, &w->tr)) {
			w->next = 0;
			w->inside = true; /* set up around the start */
			w->run = 0;
			fprintf(stderr, "sim: the pendant walks %s at %gx\n",
				route, w->play.rate);
		}
	}
	if (w->next < 0)
		return;
	now = sim_scenario_now(&w->play);
	for (; w->next < (long)w->tr.n && (double)w->next <= now; w->next++) {
		const struct truth_point *p = &w->tr.p[w->next];
		bool in = geo_fence_inside(&G.fence, p->lat, p->lon);

		if (in == w->inside) {
			w->run = 0;
			continue;
		}
		if (!w->run++)
			w->first_out = w->next;
		if (w->run < FENCE_HYST)
			continue;
		w->inside = in;
		w->run = 0;
		if (in || G.faults & F_NO_GEOFENCE)
			continue;
		{
			/* scenario time -> Unix ms, through the shared
			 * monotonic clock */
			struct alarm *al;
			double ago = sim_scenario_mono() -
				     (w->play.start +
				      (double)w->first_out / w->play.rate);
			const struct truth_point *o = &w->tr.p[w->first_out];

			pthread_mutex_lock(&G.lock);
			al = raise_kind(ALARM_EXIT, unix_ms(),
					unix_ms() - (long long)(ago * 1000),
					"the pendant left its geofence");
			if (al) {
				al->lat = o->lat;
				al->lon = o->lon;
			}
			pthread_mutex_unlock(&G.lock);
		}
	}
}

/* Feels what the motion replay instrument plays (the bench file motion),
 * sample by sample as its time comes, through the threshold detector the
 * fall wearable uses (hw/sim/lib/falldet.c); a fall raises an alarm with
 * the impact as its event time. The long-lie alarm is not forwarded. */
static void *pendant(void *arg)
{
	struct motion_session m = {0};
	struct falldet_cfg cfg;
	struct falldet det;
	size_t played = 0;
	int64_t next_poll = 0;
	struct gnss_walk gw = {.next = -1};

	(void)arg;
	falldet_cfg_default(&cfg, 200);
	falldet_init(&det, &cfg);
	while (!G.stop) {
		int64_t now = mono_ns();
		double t;
		size_t upto;

		usleep(10000);
		if (G.has_fence)
			walk(&gw);
		if (now >= next_poll) {
			int rc = motion_poll(&m);

			if (rc < 0)
				fprintf(stderr, "sim: the bench's motion file "
						"cannot be read\n");
			if (rc == 1) {
				cfg.fs = m.fs;
				falldet_init(&det, &cfg);
				played = 0;
				fprintf(stderr,
					"sim: the pendant feels %zu samples at "
					"%g Hz, %gx\n",
					m.n, m.fs, m.compression);
			}
			next_poll = now + 100000000;
		}
		t = (double)(now - m.start_ns) / 1e9 * m.compression;
		if (!m.n || t < 0)
			continue;
		upto = t * m.fs >= (double)m.n ? m.n : (size_t)(t * m.fs);
		for (; played < upto; played++) {
			struct falldet_event ev[4];
			size_t k = falldet_push(&det, m.s[played], ev, 4);

			for (size_t i = 0; i < k; i++) {
				if (ev[i].kind != FALLDET_FALL)
					continue;
				pthread_mutex_lock(&G.lock);
				raise_kind(ALARM_FALL,
					   motion_unix_ms(&m, ev[i].raised),
					   motion_unix_ms(&m, ev[i].event_time),
					   "fall detected by the pendant");
				pthread_mutex_unlock(&G.lock);
			}
		}
	}
	motion_release(&m);
	truth_free(&gw.tr);
	return NULL;
}

/* ---- API ---- */

struct req {
	char *body;
	size_t len;
	bool too_big;
};

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status,
			     const char *key, const char *msg)
{
	json_object *o = json_object_new_object();
	const char *text;
	struct MHD_Response *r;
	enum MHD_Result ret;

	json_object_object_add(o, key, json_object_new_string(msg));
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	r = MHD_create_response_from_buffer(strlen(text), (void *)text,
					    MHD_RESPMEM_MUST_COPY);
	json_object_put(o);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "application/json");
	MHD_add_response_header(r, "Strict-Transport-Security",
				"max-age=31536000");
	if (status == 401)
		MHD_add_response_header(r, "WWW-Authenticate",
					"Basic realm=\"sos-gw\"");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static bool installer(struct MHD_Connection *c)
{
	const char *h =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");

	return h && !strcmp(h, G.auth);
}

static json_object *body_json(const struct req *rq)
{
	return rq->body ? json_tokener_parse(rq->body) : NULL;
}

static enum MHD_Result do_device(struct MHD_Connection *c)
{
	json_object *o = json_object_new_object();
	const char *text;
	struct MHD_Response *r;
	enum MHD_Result ret;

	json_object_object_add(o, "vendor",
			       json_object_new_string("Acme Care"));
	json_object_object_add(
	    o, "model", json_object_new_string("SOS-3 Pendant + HG-5 Gateway"));
	json_object_object_add(o, "firmware", json_object_new_string("3.0.1"));
	json_object_object_add(o, "serial_number",
			       json_object_new_string("SIM-SOS-0003"));
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	r = MHD_create_response_from_buffer(strlen(text), (void *)text,
					    MHD_RESPMEM_MUST_COPY);
	json_object_put(o);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "application/json");
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result do_platform(struct MHD_Connection *c, struct req *rq)
{
	json_object *o = body_json(rq), *u = NULL, *a = NULL;
	const char *url;

	if (!o || !json_object_object_get_ex(o, "url", &u) ||
	    !json_object_is_type(u, json_type_string) ||
	    strncmp((url = json_object_get_string(u)), "https://", 8) ||
	    strlen(url) > 1000) {
		json_object_put(o);
		return reply(c, 400, "error", "url: an https URL");
	}
	pthread_mutex_lock(&G.lock);
	snprintf(G.url, sizeof(G.url), "%s", url);
	if (json_object_object_get_ex(o, "ack_within_s", &a) &&
	    json_object_get_double(a) > 0)
		G.ack_within_s = json_object_get_double(a);
	pthread_mutex_unlock(&G.lock);
	fprintf(stderr, "sim: alarms go to %s (acknowledge within %g s)\n", url,
		G.ack_within_s);
	json_object_put(o);
	return reply(c, 200, "status", "configured");
}

static enum MHD_Result do_ack(struct MHD_Connection *c, const char *id)
{
	pthread_mutex_lock(&G.lock);
	for (int i = 0; i < G.na; i++)
		if (!strcmp(G.a[i].id, id)) {
			G.a[i].acked = true;
			pthread_mutex_unlock(&G.lock);
			fprintf(stderr, "sim: alarm %s acknowledged\n", id);
			return reply(c, 200, "status", "acknowledged");
		}
	pthread_mutex_unlock(&G.lock);
	return reply(c, 404, "error", "no such alarm");
}

/* HMAC-SHA256(key, "pendant|counter|event") as lower-case hex. */
static void mac_hex(const char *pendant, long long counter, const char *event,
		    char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	char msg[256];

	snprintf(msg, sizeof(msg), "%s|%lld|%s", pendant, counter, event);
	HMAC(EVP_sha256(), G.key, (int)strlen(G.key),
	     (const unsigned char *)msg, strlen(msg), md, &n);
	for (unsigned i = 0; i < n && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	out[64] = 0;
}

static enum MHD_Result do_pendant(struct MHD_Connection *c, struct req *rq)
{
	json_object *o = body_json(rq), *p = NULL, *n = NULL, *ev = NULL,
		    *m = NULL;
	char want[65];
	long long counter;
	bool forged;

	if (!o || !json_object_object_get_ex(o, "pendant", &p) ||
	    !json_object_object_get_ex(o, "counter", &n) ||
	    !json_object_object_get_ex(o, "event", &ev) ||
	    !json_object_is_type(p, json_type_string) ||
	    !json_object_is_type(n, json_type_int) ||
	    !json_object_is_type(ev, json_type_string) ||
	    strcmp(json_object_get_string(ev), "sos")) {
		json_object_put(o);
		return reply(c, 400, "error",
			     "pendant, counter and event sos required");
	}
	counter = json_object_get_int64(n);
	mac_hex(json_object_get_string(p), counter, "sos", want);
	forged = strcmp(json_object_get_string(p), PENDANT) ||
		 !json_object_object_get_ex(o, "mac", &m) ||
		 !json_object_is_type(m, json_type_string) ||
		 strcmp(json_object_get_string(m), want);
	json_object_put(o);
	pthread_mutex_lock(&G.lock);
	if (!(G.faults & F_ACCEPTS_FORGED)) {
		if (forged) {
			pthread_mutex_unlock(&G.lock);
			fprintf(stderr, "sim: pendant message refused: bad MAC "
					"or unknown pendant\n");
			return reply(c, 401, "error",
				     "not from a paired pendant");
		}
		if (counter <= G.last_counter) {
			pthread_mutex_unlock(&G.lock);
			fprintf(stderr,
				"sim: pendant message refused: counter %lld "
				"replayed\n",
				counter);
			return reply(c, 409, "error", "replayed message");
		}
		G.last_counter = counter;
	}
	raise_alarm(unix_ms(), "pendant message");
	pthread_mutex_unlock(&G.lock);
	return reply(c, 202, "status", "alarm raised");
}

static enum MHD_Result dispatch(struct MHD_Connection *c, struct req *rq,
				const char *url, const char *method)
{
	bool post = !strcmp(method, "POST");

	if (rq->too_big)
		return reply(c, 413, "error", "body too large");
	if (!strcmp(url, "/api/device"))
		return !strcmp(method, "GET")
			   ? do_device(c)
			   : reply(c, 405, "error", "use GET");
	if (!strcmp(url, "/api/pendant/alarm"))
		return post ? do_pendant(c, rq)
			    : reply(c, 405, "error", "use POST");
	if (!strcmp(url, "/api/platform") ||
	    !strncmp(url, "/api/alarms/", 12)) {
		if (!installer(c))
			return reply(c, 401, "error",
				     "authentication required");
		if (!post)
			return reply(c, 405, "error", "use POST");
		if (!strcmp(url, "/api/platform"))
			return do_platform(c, rq);
		{
			char id[64];
			size_t n = strcspn(url + 12, "/");

			if (n >= sizeof(id) || strcmp(url + 12 + n, "/ack"))
				return reply(c, 404, "error",
					     "no such endpoint");
			memcpy(id, url + 12, n);
			id[n] = 0;
			return do_ack(c, id);
		}
	}
	return reply(c, 404, "error", "no such endpoint");
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c,
			       const char *url, const char *method,
			       const char *version, const char *upload,
			       size_t *upload_size, void **con_cls)
{
	struct req *rq = *con_cls;

	(void)cls;
	(void)version;
	if (!rq) {
		if (!(rq = calloc(1, sizeof(*rq))))
			return MHD_NO;
		*con_cls = rq;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!rq->too_big && rq->len + *upload_size <= MAX_BODY) {
			char *nb =
			    realloc(rq->body, rq->len + *upload_size + 1);

			if (!nb)
				return MHD_NO;
			rq->body = nb;
			memcpy(rq->body + rq->len, upload, *upload_size);
			rq->len += *upload_size;
			rq->body[rq->len] = 0;
		} else {
			rq->too_big = true;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	return dispatch(c, rq, url, method);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct req *rq = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (rq) {
		free(rq->body);
		free(rq);
		*con_cls = NULL;
	}
}

/* ---- start ---- */

static void usage(FILE *f)
{
	fprintf(f, "usage: carecert-sim-sos-gw [--fault NAME]... [--coupled] "
		   "[--user U]\n"
		   "  [--password P] [--pendant-key K] [--fence ID,LAT,LON,RADIUS]\n"
		   "An SOS pendant and its gateway delivering alarms to a care "
		   "platform over\n"
		   "HTTPS; prints \"HTTP <url> ca_bundle=... "
		   "upload_ca_cert=... upload_ca_key=...\".\n");
	sim_fault_list(f, faults, NFAULTS);
}

static int parse(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"fault", required_argument, NULL, 'f'},
	    {"coupled", no_argument, NULL, 'c'},
	    {"user", required_argument, NULL, 'u'},
	    {"password", required_argument, NULL, 'p'},
	    {"pendant-key", required_argument, NULL, 'k'},
	    {"fence", required_argument, NULL, 'g'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (sim_fault_add(faults, NFAULTS, optarg, &G.faults)) {
				usage(stderr);
				return -1;
			}
			break;
		case 'c':
			G.coupled = true;
			break;
		case 'u':
			G.user = optarg;
			break;
		case 'p':
			G.password = optarg;
			break;
		case 'k':
			G.key = optarg;
			break;
		case 'g': {
			char id[sizeof(G.fence.id)];

			memset(&G.fence, 0, sizeof(G.fence));
			if (sscanf(optarg, "%15[A-Za-z0-9_-],%lf,%lf,%lf", id,
				   &G.fence.lat, &G.fence.lon,
				   &G.fence.radius) != 4 ||
			    !(G.fence.radius > 0)) {
				fprintf(stderr,
					"sim: --fence ID,LAT,LON,RADIUS\n");
				return -1;
			}
			memcpy(G.fence.id, id, sizeof(id));
			G.has_fence = true;
			break;
		}
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

static int write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f || fputs(text, f) < 0 || fclose(f)) {
		fprintf(stderr, "sim: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct pki_pair ca = {0}, srv = {0};
	struct MHD_Daemon *d = NULL;
	char dir[] = "/tmp/carecert-sos-gw-XXXXXX", key_path[80] = "",
	     cred[200];
	unsigned char b64[300];
	int fd, port, sig, status = 1;
	bool made_dir = false, started = false, pendant_started = false;
	pthread_t th, pth;
	sigset_t set;

	if (parse(argc, argv))
		return 2;
	snprintf(cred, sizeof(cred), "%s:%s", G.user, G.password);
	EVP_EncodeBlock(b64, (const unsigned char *)cred, (int)strlen(cred));
	snprintf(G.auth, sizeof(G.auth), "Basic %s", b64);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	sim_fault_announce(faults, NFAULTS, G.faults);
	if (pki_make_ca("carecert simulator test CA", &ca) ||
	    pki_make_server(&ca, "127.0.0.1", "IP:127.0.0.1,DNS:localhost",
			    -3600, 86400, &srv) ||
	    !(made_dir = mkdtemp(dir) != NULL)) {
		fprintf(stderr, "sim: cannot make the test PKI\n");
		goto out;
	}
	snprintf(G.ca_path, sizeof(G.ca_path), "%s/ca.pem", dir);
	snprintf(key_path, sizeof(key_path), "%s/ca-key.pem", dir);
	if (write_file(G.ca_path, ca.cert_pem, 0644) ||
	    write_file(key_path, ca.key_pem, 0600))
		goto out;
	if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
		fprintf(stderr, "sim: libcurl initialisation failed\n");
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
	if (!d || pthread_create(&th, NULL, deliverer, NULL)) {
		fprintf(stderr, "sim: cannot start the HTTP server\n");
		goto out;
	}
	started = true;
	if (G.coupled && !pthread_create(&pth, NULL, pendant, NULL))
		pendant_started = true;
	printf("HTTP https://127.0.0.1:%d ca_bundle=%s upload_ca_cert=%s "
	       "upload_ca_key=%s\n",
	       port, G.ca_path, G.ca_path, key_path);
	fflush(stdout);
	sigwait(&set, &sig);
	fprintf(stderr, "sim: stopping\n");
	status = 0;
out:
	G.stop = 1;
	if (started)
		pthread_join(th, NULL);
	if (pendant_started)
		pthread_join(pth, NULL);
	if (d)
		MHD_stop_daemon(d);
	if (made_dir) {
		unlink(G.ca_path);
		unlink(key_path);
		rmdir(dir);
	}
	pki_pair_release(&ca);
	pki_pair_release(&srv);
	return status;
}
