/* SPDX-License-Identifier: MIT */
/*
 * Test suites: one YAML file per suite in suites/ (format: docs/suites.md).
 *
 * A suite declares the features its cases may require, named limits with
 * default values (profiles override them), the framing of its protocol
 * (text lines, binary frames), a catalogue of the requirements it targets,
 * and its test cases. A case has a stable id, the requirement(s) it
 * verifies, required features, a timeout, allowed retries, and steps.
 *
 * Everything is checked and compiled (regular expressions, frame formats)
 * at load time, so a run never meets a malformed suite. The struct suite
 * owns all its memory; suite_free() releases it.
 */
#ifndef CARECERT_SUITE_H
#define CARECERT_SUITE_H

#include <regex.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/diag.h"
#include "base/strmap.h"
#include "transport/framer.h"

#define SUITE_SCHEMA "carecert/suite/1"
#define SUITE_MAX_REPEAT 100000

struct requirement {
	char *standard;
	char *clause;
	char *title; /* catalogue entries only; may be NULL */
	char *title_zh; /* its Simplified Chinese title; may be NULL */
};

struct feature_def {
	char *name;
	char *description;
};

struct limit_def {
	char *name;
	char *value; /* quantity text, e.g. "500 ms" */
};

struct field_def {
	char *name;
	size_t offset;
	enum field_type type;
};

struct frame_def {
	char *name;
	struct bin_format fmt;
	struct field_def *fields;
	size_t nfields;
};

enum step_kind {
	STEP_SEND,
	STEP_EXPECT,
	STEP_SILENCE,
	STEP_ASSERT,
	STEP_STORE,
	STEP_REPEAT,
	STEP_DELAY,
	STEP_GATT_DISCOVER,
	STEP_GATT_SERVICE,
	STEP_GATT_READ,
	STEP_GATT_WRITE,
	STEP_GATT_SUBSCRIBE,
	STEP_GATT_EXPECT,
	STEP_GATT_SILENCE,
	STEP_GATT_CONFIRM,
	STEP_GATT_COLLECT,
	STEP_GATT_DATABASE, /* the GATT database held to Core Vol 3 Part G */
	STEP_LINK,
	STEP_ACCURACY,
	STEP_APPEND,      /* append a number to a case list */
	STEP_ECG_COMPARE, /* beat-by-beat comparison of a list of beat times */
	STEP_INSTRUMENT,  /* a command to a reference instrument */
	STEP_PAIR,        /* a reference/device pair into a run data set */
	STEP_HR_RESPONSE, /* heart-rate response time to a rate step */
	STEP_HTTP_REQUEST,
	STEP_HTTP_EXPECT,
	STEP_HTTP_LOAD,
	STEP_HTTP_SERVE,
	STEP_HTTP_RECEIVE,
	STEP_WEB_OPEN,       /* the browser opens a page of the app */
	STEP_WEB_AUDIT,      /* accessibility / ageing-friendly audit of the page */
	STEP_WEB_SCREENSHOT, /* a PNG of the page into the run folder */
	STEP_WEB_EXPECT,     /* an element (selector, text) on the page */
	STEP_WEB_CLICK,      /* a real mouse click on an element */
	STEP_WEB_TYPE,       /* text typed into a field */
	STEP_ON,          /* steps on another of the DUT's links */
	STEP_NMEA_TRACK,  /* a tracker's NMEA output against a scenario's truth */
	STEP_POS_JUDGE,   /* one positioning figure of a track against its limit */
	STEP_TAG_TRACK,   /* a track from case lists (an indoor platform's fixes) */
	STEP_PHD_ASSOCIATE, /* IEEE 11073-20601: the manager's side of an association */
	STEP_PHD_GET_MDS,
	STEP_PHD_MEASUREMENT,
	STEP_PHD_RELEASE,
	STEP_PHD_ILLEGAL,
	STEP_PHD_SET_TIME,
	STEP_FALL_REPLAY, /* motion trials replayed, a fall detector's alarms kept */
	STEP_FALL_JUDGE,  /* one figure of a replay judged (Se, Sp, latency...) */
	STEP_ACTIVITY_COMPARE, /* activity classes against a scripted day */
	STEP_EVENT_COMPARE,    /* behaviour events against a scripted day */
	STEP_VITALS_COMPARE,   /* a bed sensor's rates against the day's reference */
	STEP_ALARM_COLLECT,    /* alarms the DUT delivers to role 2's endpoint */
	STEP_FALL_TIMES,       /* a replay's fall impacts as Unix ms into a case list */
	STEP_GEOFENCE_TIMES,   /* a scenario's true geofence exits as Unix ms into a case list */
	STEP_KIND_COUNT
};

#define STEP_MAX_ERRORS 4


/* gatt_service: a characteristic the service must have */
struct gatt_need {
	uint16_t uuid;
	uint8_t props; /* GATT_PROP_* bits that must all be set */
	bool cccd;     /* must have a Client Characteristic Configuration */
};

struct http_step; /* http-step.h */
struct ecg_step;  /* ecg/ecg-steps.h */
struct pos_step;  /* pos/pos-steps.h */
struct phd_step;  /* phd/phd-steps.h */
struct fall_step; /* fall/fall-steps.h */
struct care_step; /* care/care-steps.h */
struct web_step;  /* web/web-step.h */

enum send_mode { SEND_LINE, SEND_TEXT, SEND_HEX };
enum expect_mode { EXPECT_LINE, EXPECT_TEXT, EXPECT_FRAME };

struct step {
	enum step_kind kind;
	unsigned line, col; /* where the step was written */

	/* send */
	enum send_mode send_mode;
	char *data; /* may contain ${var} */

	/* expect */
	enum expect_mode expect_mode;
	char *pattern; /* EXPECT_LINE/TEXT */
	regex_t re;
	bool has_re;
	char **capture;   /* names for groups 1..n (NULL-terminated) */
	char *skip;       /* frames matching this are allowed and skipped */
	regex_t skip_re;
	bool has_skip;
	const struct frame_def *frame; /* EXPECT_FRAME, borrowed */
	int64_t within_ns; /* expect, silence (duration), delay */

	/* assert */
	char *name;    /* measurement name: the assertion is recorded */
	char *value;
	char *equals;
	char **one_of;
	char *matches;
	regex_t matches_re;
	bool has_matches;
	char *min, *max; /* quantities, may use ${limit.x} */
	char *unit;      /* unit of value (may be ${var}) */
	char *in_unit;   /* unit the limits are in (default: unit) */
	char *marginal;  /* band inside each limit, in the limits' unit */
	char *when;      /* condition "A op B"; assert only when true */

	/* store */
	bool run_scope;

	/* gatt steps */
	uint16_t uuid;       /* characteristic (or service for gatt_service) */
	struct gatt_need *needs; /* gatt_service */
	size_t nneeds;
	uint8_t errors[STEP_MAX_ERRORS]; /* expected ATT error codes */
	size_t nerrors;
	uint16_t cccd_value; /* gatt_subscribe: 0 off, 1 notify, 2 indicate */
	uint8_t event_kind;  /* gatt_expect/silence: ATT_NOTIFY, ATT_INDICATE, 0 */
	bool confirm;        /* gatt_expect: confirm an indication (default) */
	bool validate;       /* decoder violations fail the step (gatt_read:
			      * default; gatt_expect: when asked) */
	bool fresh;          /* gatt_expect: only events that arrived after
			      * the last write (older queued ones are dropped) */
	bool with_response;  /* gatt_write */
	char *capture_prefix; /* variables <prefix>.<field> */
	uint16_t until_uuid;  /* gatt_collect: an event of this ends it */
	uint16_t context_uuid; /* gatt_collect: each value's context follows it */
	char *security;      /* link */

	/* accuracy: evaluate paired data by a standard's criteria */
	char *acc_method;   /* accuracy/acc-steps.h acc_methods[] */
	char *acc_data;     /* the profile's accuracy_data entry */
	char *acc_quantity; /* rows of this quantity; NULL: all */
	char *acc_unit;     /* evaluate in this unit; NULL: the data's */
	int acc_criterion;  /* iso81060-2: 1 or 2; 0: both */
	bool acc_report_only; /* figures recorded, never judged: the case's
			       * verdict is "not judged" */
	char **acc_keys, **acc_vals; /* limits: evaluator parameters (${} ok);
				      * ecg_compare: its parameters */
	size_t nacc;
	/* instrument: id and command (args in acc_keys/vals); pair: the
	 * instrument giving the reference, subject, reference (${} ok) */
	char *instrument_id, *command, *subject, *reference;
	bool missing_continue; /* pair: a missing reading fails the case but
				* the steps go on (missing: continue) */
	/* hr_response: the case lists of report times and shown rates (its
	 * numbers are in acc_keys/vals, its measurement name in name) */
	char *list_t, *list_v;
	/* http_request, http_expect, http_load (owned) */
	struct http_step *http;
	/* web_open, web_audit, web_screenshot, web_expect (owned) */
	struct web_step *web;
	/* ecg_compare: beats and reference read from files (owned) */
	struct ecg_step *ecg;
	/* nmea_track, pos_judge: the scenario, fences, figure (owned) */
	struct pos_step *pos;
	/* phd_* steps (owned) */
	struct phd_step *phd;
	/* fall_replay, fall_judge: their words and files (owned) */
	struct fall_step *fall;
	/* activity_compare, event_compare, vitals_compare: the scripted day and
	 * the report's location (owned) */
	struct care_step *care;
	/* on: the suite's link these steps use (its steps below) */
	char *link;

	/* repeat; gatt_collect (how many events at most) */
	char *count; /* may be ${var} */
	long max_iterations;
	char *until; /* condition checked after each iteration */
	struct step *steps;
	size_t nsteps;
};

struct tcase {
	char *id;
	char *title;
	char *title_zh; /* Simplified Chinese, for the report; may be NULL */
	char *description;
	struct requirement *reqs;
	size_t nreqs;
	char **requires; /* feature names; NULL-terminated */
	char **tags;     /* for selecting by tag; NULL-terminated, may be NULL */
	int64_t timeout_ns;
	unsigned retries;
	struct step *steps;
	size_t nsteps;
	/* run after the steps whatever their outcome (the SIG suites'
	 * postamble: unsubscribe, put a setting back); their failures are
	 * evidence, never the verdict */
	struct step *cleanup;
	size_t ncleanup;
	unsigned line, col;
};

/* A further link of the DUT that the suite's `on:` steps use (links:),
 * e.g. the home gateway a BLE monitor reports through; the profile says
 * how to reach it. */
struct link_def {
	char *id;
	char *transport; /* its kind: serial, ble, http */
	char *title;
	char *title_zh; /* for the report in Chinese; NULL when not given */
	unsigned line, col;
};

struct suite {
	char *path;
	char *id, *title, *version, *category, *transport;
	char *title_zh; /* may be NULL */
	struct link_def *links;
	size_t nlinks;
	struct feature_def *features;
	size_t nfeatures;
	struct limit_def *limits;
	size_t nlimits;
	struct line_format line;
	struct frame_def *frames;
	size_t nframes;
	struct requirement *catalogue;
	size_t ncatalogue;
	struct tcase *cases;
	size_t ncases;
	/* lookups by name into the arrays above (keys borrowed from them), so
	 * that loading and planning stay linear in the number of cases */
	struct strmap case_index, feature_index, limit_index, frame_index, link_index;
	struct strmap catalogue_index; /* by (standard, clause) */
};

/* Load and check a suite file. NULL with errors in d on failure. */
struct suite *suite_load(const char *path, struct diag *d);
void suite_free(struct suite *s);

const struct tcase *suite_find_case(const struct suite *s, const char *id);
const struct feature_def *suite_find_feature(const struct suite *s,
					     const char *name);
const struct limit_def *suite_find_limit(const struct suite *s,
					 const char *name);
const struct link_def *suite_find_link(const struct suite *s, const char *id);
/* The catalogue's entry for a requirement (the first, if listed twice). */
const struct requirement *suite_find_requirement(const struct suite *s, const char *standard,
						 const char *clause);
const char *step_kind_name(enum step_kind k);

/* A limit's value from YAML: a quantity ("5.0 mmHg", "255") or a table of
 * numbers ([6.95, 6.94]) kept as "6.95, 6.94". NULL after an error in d. */
struct ynode;
char *limit_value_dup(const struct ynode *v, const char *name, struct diag *d);

#endif
