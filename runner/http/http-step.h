/* SPDX-License-Identifier: MIT */
/*
 * The HTTP steps of a suite as loaded (suite-http.c) and run
 * (exec-http.c): http_request, http_expect, http_load, and for role 2
 * (the DUT calls, carecert serves) http_serve and http_receive. Syntax in
 * docs/suites.md. Everything is checked at load time (regular expressions
 * compiled, JSON paths and inline JSON parsed, outcome and TLS names
 * known); strings that may hold ${...} are templates expanded at run time.
 * A struct http_step owns all its memory (suite_free_http).
 */
#ifndef CARECERT_HTTP_STEP_H
#define CARECERT_HTTP_STEP_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"

#define HTTP_STEP_MAX_STATUS 8
#define HTTP_STEP_FILL_MAX (16u * 1024u * 1024u)

struct http_pair {
	char *name;
	char *value; /* template */
	regex_t re;  /* http_expect headers: value is a regex */
	bool has_re;
};

enum http_body_kind { HTTP_BODY_NONE, HTTP_BODY_TEXT, HTTP_BODY_JSON, HTTP_BODY_FORM,
		      HTTP_BODY_FILE, HTTP_BODY_FILL };

/* What to send (http_request, http_load). */
struct http_req_spec {
	char *method;
	char *path; /* template, after the transport's base URL */
	char *url;  /* template, absolute (http_request only) */
	struct http_pair *headers;
	size_t nheaders;
	enum http_body_kind body_kind;
	char *body; /* text or JSON template; for FILE the resolved path */
	struct http_pair *form;
	size_t nform;
	size_t fill; /* FILL: that many bytes of 'x' */
	char *bearer;
	char *user, *password;
	enum http_tls_version tls_min, tls_max;
};

/* One check on the JSON body. */
struct http_json_check {
	char *path;
	int present; /* 1 must be present (default), 0 must be absent */
	char *type;  /* jpath type word or NULL */
	char *equals;
	char **one_of;
	char *matches;
	regex_t re;
	bool has_re;
	char *min, *max, *unit, *unit_path, *name; /* range, as assert */
	char *capture; /* variable that receives the value */
	unsigned line;
};

enum http_recv_expect {
	HTTP_RECV_REQUEST, /* a request comes within the time */
	HTTP_RECV_NONE,    /* no request comes */
	HTTP_RECV_REFUSED, /* the DUT connects but never sends a request */
};

struct http_step {
	struct http_req_spec req;
	int64_t within_ns;
	char *capture;          /* variable prefix; default "http" */
	unsigned outcomes;      /* bit per enum http_outcome allowed */

	/* http_expect */
	char *when;
	long status[HTTP_STEP_MAX_STATUS]; /* 200, or 2 for "2xx" */
	size_t nstatus;
	struct http_pair *hdr_checks; /* name: regex */
	size_t nhdr_checks;
	char **absent_headers;
	char *body_matches, *body_not_matches;
	regex_t body_re, body_not_re;
	bool has_body_re, has_body_not_re;
	struct http_json_check *json;
	size_t njson;
	char *fhir;       /* "Observation" or "Bundle" */
	char *fhir_loinc; /* template */
	char *fhir_capture;
	long fhir_min;    /* Bundle: at least this many observations */

	/* http_serve */
	int serve_cert;   /* enum http_srv_cert */
	char *serve_host; /* template: the name the certificate is for */
	char *serve_bind; /* template: the address to listen on */
	long serve_port;
	int64_t serve_refuse_ns;   /* refuse_for: answer refuse_status this long */
	long serve_refuse_status;
	int64_t serve_down_ns; /* unreachable_for: no platform this long */
	int serve_down;        /* enum http_srv_down: unreachable_as */

	/* http_receive */
	int recv_expect;  /* enum http_recv_expect */
	char *recv_method;
	char *recv_path;  /* regex on the path */
	regex_t recv_path_re;
	bool has_recv_path_re;

	/* http_load */
	char *count; /* template */
	long concurrency;
	long ok_status[HTTP_STEP_MAX_STATUS];
	size_t nok;
};

struct loader;
struct ynode;
struct step;
struct exec;
enum verdict;

/* suite-http.c: load one HTTP step into st->http; free it. */
void suite_load_http(struct loader *L, struct step *st, const struct ynode *v);
void suite_free_http(struct http_step *h);
/* exec-http.c: run one; release the attempt's last response and endpoint. */
enum verdict exec_http_step(struct exec *e, const struct step *st);
void exec_http_case_end(struct exec *e);

struct http_srv_item;
/* For other families' steps that consume what the DUT sends to role 2's
 * endpoint (care/exec-alarm.c): take the next request http_serve's
 * endpoint received before deadline (monotonic). Connections closed
 * without a request are logged and skipped; the request is logged (an rx
 * and a tx frame, as http_receive does) and becomes the last exchange.
 * CC_OK with *it (the caller frees it with http_srv_item_free) and its rx
 * frame's sequence number; CC_ETIMEDOUT; CC_ENOTFOUND when no http_serve
 * runs; CC_ENOMEM. */
int exec_http_take_request(struct exec *e, int64_t deadline, struct http_srv_item **it,
			   uint64_t *rx_seq);

#endif
