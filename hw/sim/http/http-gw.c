/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-http-gw: a simulated home health gateway with an HTTPS API
 * (libmicrohttpd over GnuTLS), publishing its measurements as HL7 FHIR R4
 * vital-signs Observations.
 *
 * At start it makes a test PKI (testpki.c: a CA and a server certificate
 * for 127.0.0.1 and localhost), listens on an ephemeral loopback port and
 * prints one line:
 *   HTTP https://127.0.0.1:PORT ca_bundle=/tmp/.../ca.pem
 *        plain_url=http://127.0.0.1:PORT2 pinned_public_key=sha256//...
 * The plain-HTTP port is reserved (bound, never listened on), so it is
 * closed, unless a fault opens it. Runs until SIGTERM; the PKI directory
 * is removed then.
 *
 * API (docs/http-gw-simulator.md):
 *   POST /api/login            {"username","password"} (JSON) ->
 *                              {"access_token","token_type":"Bearer"}; 401
 *                              when wrong; 429 for --lockout-s seconds after
 *                              5 failures of one user name, even when right
 *   GET  /fhir/metadata        CapabilityStatement (no authentication)
 *   GET  /fhir/Observation     searchset Bundle (?code=LOINC filters)
 *   GET  /fhir/Observation/ID  one Observation
 *   POST /fhir/Observation     create: 201 + Location; 400 for bad JSON or
 *                              a resource that is not an Observation; 413
 *                              above 64 KiB
 *   POST /api/uploader         {"url": "https://..."}: uploader mode, the
 *                              five stored Observations are POSTed to url
 *                              (one request each, application/fhir+json),
 *                              the server certificate checked against the
 *                              simulator's CA; 202, 400 for a URL that is
 *                              not https
 * Data endpoints and the uploader need "Authorization: Bearer <token>"
 * (401 otherwise). The CA's certificate and key are announced as
 * upload_ca_cert and upload_ca_key: the trust anchor a bench provisions on
 * the gateway, with which carecert issues its endpoint's certificates.
 * Every HTTPS response carries Strict-Transport-Security; TRACE gets 405.
 * TLS 1.2 and 1.3 only.
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
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lib/sim-fault.h"
#include "lib/sim-webapp.h"
#include "http/testpki.h"

enum fault {
	F_PLAIN_HTTP = 1 << 0,
	F_TLS10 = 1 << 1,
	F_NO_AUTH = 1 << 2,
	F_DEFAULT_CREDS = 1 << 3,
	F_NO_LOCKOUT = 1 << 4,
	F_ERROR_500 = 1 << 5,
	F_STACK_TRACE = 1 << 6,
	F_WRONG_LOINC = 1 << 7,
	F_WRONG_UCUM = 1 << 8,
	F_SLOW = 1 << 9,
	F_TRACE = 1 << 10,
	F_NO_HSTS = 1 << 11,
	F_UPLOAD_NO_VERIFY = 1 << 12,
	F_RELAY_STALE = 1 << 13,
	F_RELAY_SWAPPED = 1 << 14,
};

static const struct sim_fault faults[] = {
	{ "plain_http", F_PLAIN_HTTP, "the API is also served over plain HTTP" },
	{ "tls10_enabled", F_TLS10, "TLS 1.0 and 1.1 are accepted" },
	{ "no_auth", F_NO_AUTH, "data endpoints answer without credentials" },
	{ "default_credentials", F_DEFAULT_CREDS, "admin/admin logs in" },
	{ "no_lockout", F_NO_LOCKOUT, "failed logins are never throttled" },
	{ "error_500", F_ERROR_500, "malformed JSON gets 500 Internal Server Error" },
	{ "stack_trace", F_STACK_TRACE, "error bodies carry a stack trace and the patient's name" },
	{ "wrong_loinc", F_WRONG_LOINC, "heart rate is coded LOINC 8889-8 instead of 8867-4" },
	{ "wrong_ucum", F_WRONG_UCUM, "heart rate is in 'bpm' instead of UCUM '/min'" },
	{ "slow_responses", F_SLOW, "data endpoints answer after 600 ms" },
	{ "trace_enabled", F_TRACE, "TRACE echoes the request" },
	{ "no_hsts", F_NO_HSTS, "no Strict-Transport-Security header" },
	{ "uploader_ignores_cert_errors", F_UPLOAD_NO_VERIFY,
	  "the uploader posts despite a self-signed, expired or wrong-host certificate" },
	{ "relay_stale", F_RELAY_STALE,
	  "relayed readings are read once: later ones from the monitor never appear" },
	{ "relay_swapped", F_RELAY_SWAPPED,
	  "relayed blood pressure has systolic and diastolic swapped" },
};

#define NFAULTS (sizeof(faults) / sizeof(faults[0]))
#define MAX_BODY (64 * 1024)
#define MAX_OBS 64
#define MAX_TOKENS 64
#define MAX_USERS 32
#define LOCK_AFTER 5
#define SLOW_MS 600
#define PATIENT "Patient/sim-patient-1"

struct user_state {
	char name[64];
	int failures;
	time_t locked_until;
};

static struct gw {
	unsigned faults;
	unsigned web_faults; /* the companion web app's (lib/sim-webapp.h) */
	const char *username, *password;
	int lockout_s;
	pthread_mutex_t lock;
	json_object *obs[MAX_OBS];
	size_t nobs, next_id;
	char tokens[MAX_TOKENS][33];
	size_t ntokens;
	struct user_state users[MAX_USERS];
	size_t nusers;
	char ca_path[64]; /* what the uploader trusts */
	const char *relay; /* monitor's readings file in $CARECERT_BENCH, or NULL */
	size_t relayed;    /* its lines already turned into Observations */
	bool relay_frozen; /* relay_stale: stopped reading it */
	size_t relay_last; /* index in obs of the latest relayed panel (0: none) */
} gw = { .username = "clinician", .password = "Vit4l-Signs-2026", .lockout_s = 300,
	 .lock = PTHREAD_MUTEX_INITIALIZER };

/* ---- observations ---- */

static json_object *coding(const char *system, const char *code, const char *display)
{
	json_object *c = json_object_new_object();

	json_object_object_add(c, "system", json_object_new_string(system));
	json_object_object_add(c, "code", json_object_new_string(code));
	if (display)
		json_object_object_add(c, "display", json_object_new_string(display));
	return c;
}

static json_object *concept(const char *system, const char *code, const char *display)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();

	json_object_array_add(a, coding(system, code, display));
	json_object_object_add(o, "coding", a);
	json_object_object_add(o, "text", json_object_new_string(display));
	return o;
}

static json_object *quantity(double v, const char *unit, const char *code)
{
	json_object *q = json_object_new_object();

	json_object_object_add(q, "value", json_object_new_double(v));
	json_object_object_add(q, "unit", json_object_new_string(unit));
	json_object_object_add(q, "system", json_object_new_string("http://unitsofmeasure.org"));
	json_object_object_add(q, "code", json_object_new_string(code));
	return q;
}

static json_object *observation(const char *id, const char *loinc, const char *display,
				const char *when)
{
	json_object *o = json_object_new_object(), *cats = json_object_new_array();

	json_object_object_add(o, "resourceType", json_object_new_string("Observation"));
	json_object_object_add(o, "id", json_object_new_string(id));
	json_object_object_add(o, "status", json_object_new_string("final"));
	json_object_array_add(cats, concept("http://terminology.hl7.org/CodeSystem/observation-category",
					    "vital-signs", "Vital Signs"));
	json_object_object_add(o, "category", cats);
	json_object_object_add(o, "code", concept("http://loinc.org", loinc, display));
	{
		json_object *s = json_object_new_object();

		json_object_object_add(s, "reference", json_object_new_string(PATIENT));
		json_object_object_add(o, "subject", s);
	}
	json_object_object_add(o, "effectiveDateTime", json_object_new_string(when));
	return o;
}

static json_object *bp_panel(const char *id, const char *when, double sys, double dia)
{
	json_object *o = observation(id, "85354-9", "Blood pressure panel", when);
	json_object *comps = json_object_new_array(), *c;

	c = json_object_new_object();
	json_object_object_add(c, "code", concept("http://loinc.org", "8480-6", "Systolic blood pressure"));
	json_object_object_add(c, "valueQuantity", quantity(sys, "mmHg", "mm[Hg]"));
	json_object_array_add(comps, c);
	c = json_object_new_object();
	json_object_object_add(c, "code", concept("http://loinc.org", "8462-4", "Diastolic blood pressure"));
	json_object_object_add(c, "valueQuantity", quantity(dia, "mmHg", "mm[Hg]"));
	json_object_array_add(comps, c);
	json_object_object_add(o, "component", comps);
	return o;
}

static json_object *heart_rate(const char *id, const char *when, double bpm)
{
	bool loinc = gw.faults & F_WRONG_LOINC, ucum = gw.faults & F_WRONG_UCUM;
	/* 8889-8 is heart rate by pulse oximetry: a real code, the wrong one */
	json_object *o = observation(id, loinc ? "8889-8" : "8867-4", "Heart rate", when);

	json_object_object_add(o, "valueQuantity", ucum ? quantity(bpm, "beats/minute", "bpm")
							: quantity(bpm, "beats/minute", "/min"));
	return o;
}

static void seed(void)
{
	json_object *o;

	gw.obs[gw.nobs++] = bp_panel("bp-1", "2026-11-24T07:00:00Z", 128, 82);
	gw.obs[gw.nobs++] = heart_rate("hr-1", "2026-11-24T07:00:00Z", 72);
	o = observation("spo2-1", "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry",
			"2026-11-24T07:00:05Z");
	json_object_object_add(o, "valueQuantity", quantity(97, "%", "%"));
	gw.obs[gw.nobs++] = o;
	o = observation("glu-1", "2339-0", "Glucose [Mass/volume] in Blood", "2026-11-24T07:05:00Z");
	json_object_object_add(o, "valueQuantity", quantity(105, "mg/dL", "mg/dL"));
	gw.obs[gw.nobs++] = o;
	o = observation("temp-1", "8310-5", "Body temperature", "2026-11-24T07:10:00Z");
	json_object_object_add(o, "valueQuantity", quantity(36.8, "C", "Cel"));
	gw.obs[gw.nobs++] = o;
	gw.next_id = 1;
}

static const char *obs_loinc(json_object *o)
{
	json_object *code, *codings, *c, *v;

	if (!json_object_object_get_ex(o, "code", &code) ||
	    !json_object_object_get_ex(code, "coding", &codings) ||
	    !(c = json_object_array_get_idx(codings, 0)) ||
	    !json_object_object_get_ex(c, "code", &v))
		return "";
	return json_object_get_string(v);
}

/* ---- relay: the readings of a paired monitor ---- */

/* New lines of $CARECERT_BENCH/<relay> (carecert-sim-ble-bp --publish:
 * "TIME SYS DIA MAP PULSE", the monitor's clock in UTC) become a blood
 * pressure panel and a heart rate each, as a gateway stores what its
 * paired monitor sends. Called with gw.lock held. */
static void relay_sync(void)
{
	const char *bench = getenv("CARECERT_BENCH");
	char path[4096], line[160];
	size_t n = 0;
	FILE *f;

	if (!gw.relay || !bench || gw.relay_frozen)
		return;
	snprintf(path, sizeof(path), "%s/%s", bench, gw.relay);
	if (!(f = fopen(path, "r")))
		return;
	while (fgets(line, sizeof(line), f)) {
		char when[32], id[32], at[40];
		int sys, dia, map, pulse;

		if (!strchr(line, '\n'))
			break; /* being written: next time */
		if (n++ < gw.relayed)
			continue;
		gw.relayed = n;
		if (sscanf(line, "%31s %d %d %d %d", when, &sys, &dia, &map, &pulse) != 5 ||
		    gw.nobs + 2 > MAX_OBS)
			continue;
		snprintf(at, sizeof(at), "%sZ", when);
		gw.relay_last = gw.nobs;
		snprintf(id, sizeof(id), "relay-bp-%zu", n);
		gw.obs[gw.nobs++] = gw.faults & F_RELAY_SWAPPED ? bp_panel(id, at, dia, sys)
								 : bp_panel(id, at, sys, dia);
		snprintf(id, sizeof(id), "relay-hr-%zu", n);
		gw.obs[gw.nobs++] = heart_rate(id, at, pulse);
		fprintf(stderr, "sim: relayed reading %zu (%s %d/%d, pulse %d)\n", n, when, sys,
			dia, pulse);
	}
	fclose(f);
	if (gw.relayed && gw.faults & F_RELAY_STALE)
		gw.relay_frozen = true;
}

/* ---- responses ---- */

struct req {
	char *body;
	size_t len;
	bool too_big;
	bool plain; /* came over the plain-HTTP daemon */
};

static enum MHD_Result reply(struct MHD_Connection *c, const struct req *rq, unsigned status,
			     const char *type, const char *body, const char *h1, const char *v1)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (!rq->plain && !(gw.faults & F_NO_HSTS))
		MHD_add_response_header(r, "Strict-Transport-Security",
					"max-age=31536000; includeSubDomains");
	if (h1)
		MHD_add_response_header(r, h1, v1);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result reply_json(struct MHD_Connection *c, const struct req *rq, unsigned status,
				  json_object *o, const char *h1, const char *v1)
{
	enum MHD_Result ret = reply(c, rq, status, "application/fhir+json",
				    json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
									      JSON_C_TO_STRING_NOSLASHESCAPE),
				    h1, v1);

	json_object_put(o);
	return ret;
}

/* An OperationOutcome; with the stack_trace fault it leaks internals and
 * personal data, as careless error pages do. */
static enum MHD_Result reply_error(struct MHD_Connection *c, const struct req *rq,
				   unsigned status, const char *code, const char *text,
				   const char *h1, const char *v1)
{
	json_object *o = json_object_new_object(), *issues = json_object_new_array(),
		    *i = json_object_new_object();

	json_object_object_add(o, "resourceType", json_object_new_string("OperationOutcome"));
	json_object_object_add(i, "severity", json_object_new_string("error"));
	json_object_object_add(i, "code", json_object_new_string(code));
	json_object_object_add(i, "diagnostics", json_object_new_string(text));
	if (gw.faults & F_STACK_TRACE)
		json_object_object_add(i, "details", json_object_new_string(
			"Traceback: handle_request (http-gw.c:412) <- gw_dispatch (http-gw.c:530) "
			"<- MHD_connection_handle_idle; patient Jane Doe, born 1948-03-02"));
	json_object_array_add(issues, i);
	json_object_object_add(o, "issue", issues);
	return reply_json(c, rq, status, o, h1, v1);
}

/* ---- authentication ---- */

static bool authorized(struct MHD_Connection *c)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	bool ok = false;

	if (gw.faults & F_NO_AUTH)
		return true;
	if (!h || strncmp(h, "Bearer ", 7))
		return false;
	pthread_mutex_lock(&gw.lock);
	for (size_t i = 0; i < gw.ntokens && !ok; i++)
		ok = !strcmp(gw.tokens[i], h + 7);
	pthread_mutex_unlock(&gw.lock);
	return ok;
}

static struct user_state *user(const char *name)
{
	for (size_t i = 0; i < gw.nusers; i++)
		if (!strcmp(gw.users[i].name, name))
			return &gw.users[i];
	if (gw.nusers == MAX_USERS)
		return &gw.users[MAX_USERS - 1]; /* the rest share a slot */
	snprintf(gw.users[gw.nusers].name, sizeof(gw.users[0].name), "%s", name);
	return &gw.users[gw.nusers++];
}

static void new_token(char out[33])
{
	static const char hex[] = "0123456789abcdef";
	FILE *f = fopen("/dev/urandom", "rb");
	unsigned char b[16] = { 0 };

	if (f) {
		if (fread(b, 1, sizeof(b), f) != sizeof(b))
			memset(b, 0x5a, sizeof(b));
		fclose(f);
	}
	for (int i = 0; i < 16; i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 15];
	}
	out[32] = 0;
}

static enum MHD_Result do_login(struct MHD_Connection *c, struct req *rq)
{
	json_object *o = rq->body ? json_tokener_parse(rq->body) : NULL, *u = NULL, *p = NULL;
	const char *name = NULL, *pass = NULL;
	struct user_state *us;
	bool right, locked;
	char token[33], retry[16];

	if (json_object_is_type(o, json_type_object)) {
		json_object_object_get_ex(o, "username", &u);
		json_object_object_get_ex(o, "password", &p);
		name = u ? json_object_get_string(u) : NULL;
		pass = p ? json_object_get_string(p) : NULL;
	}
	if (!name || !pass) {
		json_object_put(o);
		return reply_error(c, rq, gw.faults & F_ERROR_500 && rq->body && !o ? 500 : 400,
				   "invalid", "username and password are required", NULL, NULL);
	}
	right = (!strcmp(name, gw.username) && !strcmp(pass, gw.password)) ||
		(gw.faults & F_DEFAULT_CREDS && !strcmp(name, "admin") && !strcmp(pass, "admin"));
	pthread_mutex_lock(&gw.lock);
	us = user(name);
	locked = !(gw.faults & F_NO_LOCKOUT) && us->failures >= LOCK_AFTER &&
		 time(NULL) < us->locked_until;
	if (!locked && right) {
		us->failures = 0;
		new_token(token);
		if (gw.ntokens == MAX_TOKENS)
			gw.ntokens = 0; /* oldest tokens go first */
		memcpy(gw.tokens[gw.ntokens++], token, sizeof(token));
	} else if (!locked && ++us->failures >= LOCK_AFTER) {
		us->locked_until = time(NULL) + gw.lockout_s;
	}
	pthread_mutex_unlock(&gw.lock);
	json_object_put(o);
	if (locked) {
		snprintf(retry, sizeof(retry), "%d", gw.lockout_s);
		return reply_error(c, rq, 429, "throttled", "too many failed logins; try later",
				   "Retry-After", retry);
	}
	if (!right)
		return reply_error(c, rq, 401, "login", "wrong user name or password", NULL, NULL);
	o = json_object_new_object();
	json_object_object_add(o, "access_token", json_object_new_string(token));
	json_object_object_add(o, "token_type", json_object_new_string("Bearer"));
	json_object_object_add(o, "expires_in", json_object_new_int(3600));
	{
		enum MHD_Result ret = reply(c, rq, 200, "application/json",
					    json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
					    NULL, NULL);

		json_object_put(o);
		return ret;
	}
}

/* ---- FHIR ---- */

static enum MHD_Result do_metadata(struct MHD_Connection *c, struct req *rq)
{
	json_object *o = json_object_new_object(), *rest = json_object_new_array(),
		    *r = json_object_new_object(), *res = json_object_new_array(),
		    *ob = json_object_new_object();

	json_object_object_add(o, "resourceType", json_object_new_string("CapabilityStatement"));
	json_object_object_add(o, "status", json_object_new_string("active"));
	json_object_object_add(o, "kind", json_object_new_string("instance"));
	json_object_object_add(o, "fhirVersion", json_object_new_string("4.0.1"));
	json_object_object_add(o, "format", json_object_new_array());
	json_object_array_add(json_object_object_get(o, "format"),
			      json_object_new_string("application/fhir+json"));
	json_object_object_add(r, "mode", json_object_new_string("server"));
	json_object_object_add(ob, "type", json_object_new_string("Observation"));
	json_object_array_add(res, ob);
	json_object_object_add(r, "resource", res);
	json_object_array_add(rest, r);
	json_object_object_add(o, "rest", rest);
	return reply_json(c, rq, 200, o, NULL, NULL);
}

static enum MHD_Result do_search(struct MHD_Connection *c, struct req *rq)
{
	const char *code = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "code");
	json_object *b = json_object_new_object(), *entries = json_object_new_array();
	enum MHD_Result ret;
	size_t n = 0;

	json_object_object_add(b, "resourceType", json_object_new_string("Bundle"));
	json_object_object_add(b, "type", json_object_new_string("searchset"));
	pthread_mutex_lock(&gw.lock);
	relay_sync();
	for (size_t i = 0; i < gw.nobs; i++) {
		json_object *e;
		char url[128];

		if (code && strcmp(code, obs_loinc(gw.obs[i])))
			continue;
		e = json_object_new_object();
		snprintf(url, sizeof(url), "Observation/%s",
			 json_object_get_string(json_object_object_get(gw.obs[i], "id")));
		json_object_object_add(e, "fullUrl", json_object_new_string(url));
		json_object_object_add(e, "resource", json_object_get(gw.obs[i]));
		json_object_array_add(entries, e);
		n++;
	}
	json_object_object_add(b, "total", json_object_new_int((int)n));
	json_object_object_add(b, "entry", entries);
	/* the bundle holds the stored Observations themselves: json-c's
	 * reference counts and the string it caches in each object are not
	 * thread-safe, so the reply is written and released under the lock
	 * (two concurrent searches crashed the simulator) */
	ret = reply_json(c, rq, 200, b, NULL, NULL);
	pthread_mutex_unlock(&gw.lock);
	return ret;
}

static enum MHD_Result do_read(struct MHD_Connection *c, struct req *rq, const char *id)
{
	json_object *found = NULL;
	enum MHD_Result ret;

	pthread_mutex_lock(&gw.lock);
	relay_sync();
	for (size_t i = 0; i < gw.nobs && !found; i++)
		if (!strcmp(id, json_object_get_string(json_object_object_get(gw.obs[i], "id"))))
			found = json_object_get(gw.obs[i]);
	if (!found) {
		pthread_mutex_unlock(&gw.lock);
		return reply_error(c, rq, 404, "not-found", "no such Observation", NULL, NULL);
	}
	/* a stored Observation itself: written under the lock (do_search) */
	ret = reply_json(c, rq, 200, found, NULL, NULL);
	pthread_mutex_unlock(&gw.lock);
	return ret;
}

static enum MHD_Result do_create(struct MHD_Connection *c, struct req *rq)
{
	json_object *o = rq->body ? json_tokener_parse(rq->body) : NULL, *rt;
	char id[32], loc[64];
	enum MHD_Result ret;

	if (!o)
		return reply_error(c, rq, gw.faults & F_ERROR_500 ? 500 : 400, "structure",
				   "the body is not valid JSON", NULL, NULL);
	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "resourceType", &rt) ||
	    strcmp(json_object_get_string(rt), "Observation")) {
		json_object_put(o);
		return reply_error(c, rq, 400, "invalid", "the resource is not an Observation",
				   NULL, NULL);
	}
	pthread_mutex_lock(&gw.lock);
	snprintf(id, sizeof(id), "obs-%zu", gw.next_id++);
	json_object_object_add(o, "id", json_object_new_string(id));
	if (gw.nobs == MAX_OBS) { /* the oldest posted one makes room */
		json_object_put(gw.obs[5]);
		memmove(&gw.obs[5], &gw.obs[6], (MAX_OBS - 6) * sizeof(gw.obs[0]));
		gw.nobs--;
	}
	gw.obs[gw.nobs++] = json_object_get(o);
	snprintf(loc, sizeof(loc), "/fhir/Observation/%s/_history/1", id);
	/* stored now, so written under the lock (do_search) */
	ret = reply_json(c, rq, 201, o, "Location", loc);
	pthread_mutex_unlock(&gw.lock);
	return ret;
}

/* ---- uploader ---- */

#define UPLOAD_SEED 5 /* the seeded observations are what gets uploaded */

static size_t sink(char *p, size_t size, size_t n, void *data)
{
	(void)p;
	(void)data;
	return size * n;
}

/* One thread per /api/uploader request: POST each seeded Observation (as
 * a client creates it: no id) to the URL, checking the server's
 * certificate chain and host name unless the fault says otherwise. The
 * first failure ends the upload, as a device that gives up until later. */
static void *uploader(void *arg)
{
	char *url = arg, errbuf[CURL_ERROR_SIZE];
	struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/fhir+json");
	CURL *h = curl_easy_init();
	size_t first = 0, count = UPLOAD_SEED;

	/* a gateway relaying a monitor uploads the latest reading: its blood
	 * pressure panel and heart rate */
	pthread_mutex_lock(&gw.lock);
	relay_sync();
	if (gw.relay) {
		first = gw.relay_last;
		count = gw.relay_last ? 2 : 0;
	}
	pthread_mutex_unlock(&gw.lock);
	for (size_t i = first; h && hdr && i < first + count; i++) {
		json_object *o;
		char *body;
		CURLcode c;
		long status = 0;

		pthread_mutex_lock(&gw.lock);
		o = json_tokener_parse(json_object_to_json_string(gw.obs[i]));
		pthread_mutex_unlock(&gw.lock);
		if (!o)
			break;
		json_object_object_del(o, "id");
		body = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
								    JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
		if (!body)
			break;
		errbuf[0] = 0;
		curl_easy_reset(h);
		curl_easy_setopt(h, CURLOPT_URL, url);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
		curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
		curl_easy_setopt(h, CURLOPT_TIMEOUT, 5L);
		curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
		curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
		curl_easy_setopt(h, CURLOPT_CAINFO, gw.ca_path);
		if (gw.faults & F_UPLOAD_NO_VERIFY) {
			curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
			curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
		}
		c = curl_easy_perform(h);
		free(body);
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		if (c != CURLE_OK) {
			fprintf(stderr, "sim: upload to %s refused: %s\n", url,
				errbuf[0] ? errbuf : curl_easy_strerror(c));
			break;
		}
		fprintf(stderr, "sim: uploaded observation %zu to %s: HTTP %ld\n", i + 1, url, status);
	}
	curl_easy_cleanup(h);
	curl_slist_free_all(hdr);
	free(url);
	return NULL;
}

static enum MHD_Result do_uploader(struct MHD_Connection *c, struct req *rq)
{
	json_object *o = rq->body ? json_tokener_parse(rq->body) : NULL, *u, *ans;
	pthread_attr_t attr;
	pthread_t th;
	char *url;

	if (!o || !json_object_object_get_ex(o, "url", &u) ||
	    !json_object_is_type(u, json_type_string) ||
	    strncmp(json_object_get_string(u), "https://", 8) ||
	    json_object_get_string_len(u) > 1000) {
		json_object_put(o);
		return reply_error(c, rq, 400, "invalid", "the body must be {\"url\": \"https://...\"}",
				   NULL, NULL);
	}
	url = strdup(json_object_get_string(u));
	json_object_put(o);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (!url || pthread_create(&th, &attr, uploader, url)) {
		pthread_attr_destroy(&attr);
		free(url);
		return reply_error(c, rq, 503, "transient", "the uploader cannot start", NULL, NULL);
	}
	pthread_attr_destroy(&attr);
	ans = json_object_new_object();
	json_object_object_add(ans, "status", json_object_new_string("uploading"));
	pthread_mutex_lock(&gw.lock);
	relay_sync();
	json_object_object_add(ans, "count", json_object_new_int(gw.relay ? (gw.relay_last ? 2 : 0)
									    : UPLOAD_SEED));
	pthread_mutex_unlock(&gw.lock);
	return reply_json(c, rq, 202, ans, NULL, NULL);
}

/* ---- dispatch ---- */

static void slow(void)
{
	struct timespec ts = { .tv_sec = SLOW_MS / 1000, .tv_nsec = (SLOW_MS % 1000) * 1000000L };

	if (gw.faults & F_SLOW)
		nanosleep(&ts, NULL);
}

static enum MHD_Result trace_echo(struct MHD_Connection *c, struct req *rq, const char *url)
{
	char text[512];

	snprintf(text, sizeof(text), "TRACE %s HTTP/1.1\r\nAuthorization: %s\r\n", url,
		 MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization")
			 ? MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization")
			 : "");
	return reply(c, rq, 200, "message/http", text, NULL, NULL);
}

/* The companion web app (lib/sim-webapp.c): its pages need no login, as a
 * family portal's overview on a home network often does. */
static enum MHD_Result do_app(struct MHD_Connection *c, struct req *rq, const char *url)
{
	char *page = sim_webapp_page(url, gw.web_faults);
	enum MHD_Result ret;

	if (!page)
		return reply_error(c, rq, 404, "not-found", "no such page", NULL, NULL);
	ret = reply(c, rq, 200, "text/html; charset=utf-8", page, NULL, NULL);
	free(page);
	return ret;
}

static enum MHD_Result dispatch(struct MHD_Connection *c, struct req *rq, const char *url,
				const char *method)
{
	bool get = !strcmp(method, "GET"), post = !strcmp(method, "POST");

	if (!strcmp(method, "TRACE"))
		return gw.faults & F_TRACE ? trace_echo(c, rq, url)
					   : reply_error(c, rq, 405, "not-supported",
							 "TRACE is not allowed", "Allow", "GET, POST");
	if (rq->too_big)
		return reply_error(c, rq, 413, "too-long", "the request body exceeds 64 KiB", NULL,
				   NULL);
	if (!strcmp(url, "/api/login"))
		return post ? do_login(c, rq)
			    : reply_error(c, rq, 405, "not-supported", "use POST", "Allow", "POST");
	if (!strcmp(url, "/api/uploader")) {
		if (!authorized(c))
			return reply_error(c, rq, 401, "login", "authentication required",
					   "WWW-Authenticate", "Bearer realm=\"carecert-sim\"");
		return post ? do_uploader(c, rq)
			    : reply_error(c, rq, 405, "not-supported", "use POST", "Allow", "POST");
	}
	if (!strncmp(url, "/app", 4) && (!url[4] || url[4] == '/'))
		return get ? do_app(c, rq, url)
			   : reply_error(c, rq, 405, "not-supported", "use GET", "Allow", "GET");
	if (!strcmp(url, "/fhir/metadata"))
		return get ? do_metadata(c, rq)
			   : reply_error(c, rq, 405, "not-supported", "use GET", "Allow", "GET");
	if (!strcmp(url, "/fhir/Observation") || !strncmp(url, "/fhir/Observation/", 18)) {
		if (!authorized(c))
			return reply_error(c, rq, 401, "login", "authentication required",
					   "WWW-Authenticate", "Bearer realm=\"carecert-sim\"");
		slow();
		if (url[17] == '/' && get)
			return do_read(c, rq, url + 18);
		if (url[17] == 0 && get)
			return do_search(c, rq);
		if (url[17] == 0 && post)
			return do_create(c, rq);
		return reply_error(c, rq, 405, "not-supported", "method not allowed", "Allow",
				   "GET, POST");
	}
	return reply_error(c, rq, 404, "not-found", "no such endpoint", NULL, NULL);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
			       const char *method, const char *version, const char *upload,
			       size_t *upload_size, void **con_cls)
{
	struct req *rq = *con_cls;

	(void)version;
	if (!rq) {
		if (!(rq = calloc(1, sizeof(*rq))))
			return MHD_NO;
		rq->plain = cls != NULL;
		*con_cls = rq;
		return MHD_YES;
	}
	if (*upload_size) {
		/* bodies above the cap are read and dropped: 413, not a reset */
		if (!rq->too_big && rq->len + *upload_size <= MAX_BODY) {
			char *nb = realloc(rq->body, rq->len + *upload_size + 1);

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

static int loopback_socket(bool do_listen, int *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    (do_listen && listen(fd, 64)) || getsockname(fd, (struct sockaddr *)&sa, &len)) {
		close(fd);
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: carecert-sim-http-gw [--fault NAME]... [--username U] [--password P]\n"
		   "  [--lockout-s N] [--relay NAME]\n"
		   "--relay NAME: readings of a paired monitor, from $CARECERT_BENCH/NAME\n"
		   "A home gateway serving FHIR R4 Observations over HTTPS; prints\n"
		   "\"HTTP <url> ca_bundle=... plain_url=... pinned_public_key=...\".\n");
	sim_fault_list(f, faults, NFAULTS);
	sim_fault_list(f, sim_webapp_faults, sim_webapp_nfaults);
}

static int parse(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fault", required_argument, NULL, 'f' },
		{ "username", required_argument, NULL, 'u' },
		{ "password", required_argument, NULL, 'p' },
		{ "lockout-s", required_argument, NULL, 'l' },
		{ "relay", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			/* web_*: the companion web app's faults */
			if (!strncmp(optarg, "web_", 4)
				    ? sim_fault_add(sim_webapp_faults, sim_webapp_nfaults, optarg, &gw.web_faults)
				    : sim_fault_add(faults, NFAULTS, optarg, &gw.faults)) {
				usage(stderr);
				return -1;
			}
			break;
		case 'u': gw.username = optarg; break;
		case 'p': gw.password = optarg; break;
		case 'l': gw.lockout_s = atoi(optarg); break;
		case 'r':
			if (strchr(optarg, '/')) {
				fprintf(stderr, "sim: --relay takes a file name, not a path\n");
				return -1;
			}
			gw.relay = optarg;
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

int main(int argc, char **argv)
{
	/* TLS 1.2 and 1.3 only (EN 303 645 5.5-1); the fault adds 1.0/1.1 */
	static const char *const good = "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2";
	static const char *const old =
		"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:+VERS-TLS1.1:+VERS-TLS1.0";
	struct pki_pair ca = { 0 }, srv = { 0 };
	struct MHD_Daemon *d = NULL, *plain = NULL;
	char dir[] = "/tmp/carecert-http-gw-XXXXXX", ca_path[64] = "", key_path[64] = "", pin[128];
	int fd, pfd, port, pport, sig, status = 1;
	bool made_dir = false;
	sigset_t set;
	FILE *f;

	if (parse(argc, argv))
		return 2;
	signal(SIGPIPE, SIG_IGN);
	/* MHD's threads inherit the mask, so SIGTERM reaches sigwait here */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	sim_fault_announce(faults, NFAULTS, gw.faults);
	sim_fault_announce(sim_webapp_faults, sim_webapp_nfaults, gw.web_faults);
	seed();
	if (pki_make_ca("carecert simulator test CA", &ca) ||
	    pki_make_server(&ca, "127.0.0.1", "IP:127.0.0.1,DNS:localhost", -3600, 86400, &srv) ||
	    pki_pin(srv.cert_pem, pin, sizeof(pin)) || !(made_dir = mkdtemp(dir) != NULL)) {
		fprintf(stderr, "sim: cannot make the test PKI\n");
		goto out;
	}
	snprintf(ca_path, sizeof(ca_path), "%s/ca.pem", dir);
	snprintf(gw.ca_path, sizeof(gw.ca_path), "%s", ca_path);
	if (!(f = fopen(ca_path, "w")) || fputs(ca.cert_pem, f) < 0 || fclose(f)) {
		fprintf(stderr, "sim: %s: %s\n", ca_path, strerror(errno));
		goto out;
	}
	/* the CA's key, for the bench (carecert) to issue its endpoint's
	 * certificates: a throw-away key of this run, readable by us only */
	snprintf(key_path, sizeof(key_path), "%s/ca-key.pem", dir);
	{
		int kfd = open(key_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

		if (kfd < 0 || !(f = fdopen(kfd, "w")) || fputs(ca.key_pem, f) < 0 || fclose(f)) {
			fprintf(stderr, "sim: %s: %s\n", key_path, strerror(errno));
			goto out;
		}
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
		fprintf(stderr, "sim: libcurl initialisation failed\n");
		goto out;
	}
	fd = loopback_socket(true, &port);
	/* the plain port: bound so nobody else takes it, closed unless the
	 * fault serves the API there */
	pfd = loopback_socket(gw.faults & F_PLAIN_HTTP, &pport);
	if (fd < 0 || pfd < 0) {
		fprintf(stderr, "sim: cannot listen: %s\n", strerror(errno));
		goto out;
	}
	d = MHD_start_daemon(MHD_USE_TLS | MHD_USE_THREAD_PER_CONNECTION |
				     MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
			     0, NULL, NULL, handler, NULL, MHD_OPTION_LISTEN_SOCKET, fd,
			     MHD_OPTION_HTTPS_MEM_KEY, srv.key_pem, MHD_OPTION_HTTPS_MEM_CERT,
			     srv.cert_pem, MHD_OPTION_HTTPS_PRIORITIES,
			     gw.faults & F_TLS10 ? old : good, MHD_OPTION_CONNECTION_TIMEOUT,
			     (unsigned)10, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
			     MHD_OPTION_END);
	if (d && gw.faults & F_PLAIN_HTTP)
		plain = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION |
						 MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
					 0, NULL, NULL, handler, (void *)"plain",
					 MHD_OPTION_LISTEN_SOCKET, pfd,
					 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
					 MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
					 MHD_OPTION_END);
	if (!d || (gw.faults & F_PLAIN_HTTP && !plain)) {
		fprintf(stderr, "sim: cannot start the HTTP server\n");
		goto out;
	}
	printf("HTTP https://127.0.0.1:%d ca_bundle=%s plain_url=http://127.0.0.1:%d "
	       "pinned_public_key=%s upload_ca_cert=%s upload_ca_key=%s\n", port, ca_path, pport,
	       pin, ca_path, key_path);
	fflush(stdout);
	sigwait(&set, &sig);
	fprintf(stderr, "sim: stopping\n");
	status = 0;
out:
	if (plain)
		MHD_stop_daemon(plain);
	if (d)
		MHD_stop_daemon(d);
	for (size_t i = 0; i < gw.nobs; i++)
		json_object_put(gw.obs[i]);
	if (made_dir) {
		unlink(ca_path);
		unlink(key_path);
		rmdir(dir);
	}
	pki_pair_release(&ca);
	pki_pair_release(&srv);
	return status;
}
