/* SPDX-License-Identifier: MIT */
#include "zhwords.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/phrases.h"

/* lower-case words that are names in Chinese text too */
static const char *const allowed[] = {
	"carecert", "invoke-id", "system-id", "text",
	/* the demo benches' instrument ids */
	"sos", "searchset", "count", "nan", "fall", "geofence-exit", "bpm", "kappa", "axe", "http", "https", "fhir", "json", "utf", "nmea", "px",
};

/* the steps whose observed value is carecert's summary, not the device's */
static const char *const summary_kinds[] = {
	"alarm_collect", "fall_replay", "fall_judge", "fall_times", "geofence_times",
	"event_compare", "activity_compare", "vitals_compare", "hr_response", "pos_judge",
	"web_audit", "accuracy", "ecg_compare", "http_load", "phd_release", "phd_set_time",
	"phd_illegal",
};

static bool is_lower(char ch)
{
	return ch >= 'a' && ch <= 'z';
}

static bool is_alpha(char ch)
{
	return is_lower(ch) || (ch >= 'A' && ch <= 'Z');
}

static bool ident_char(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch && strchr("_./:$[]=#@{}<>\\-", ch)) || is_alpha(ch);
}

bool zh_english_word(const char *zh, char *word, size_t len)
{
	for (const char *p = zh; *p;) {
		/* quoted text and regular expressions are the suite's or the device's */
		if (*p == '\'' || *p == '"' || (*p == '/' && (p == zh || p[-1] == ' '))) {
			const char *q = strchr(p + 1, *p);

			p = q ? q + 1 : p + 1;
			continue;
		}
		if (is_alpha(*p) && (p == zh || !ident_char(p[-1]))) {
			const char *q = p;
			bool lower = true;

			while (is_alpha(*q) || (*q == '-' && is_alpha(q[1])))
				lower &= !(*q >= 'A' && *q <= 'Z'), q++;
			size_t hyphens = 0;

			for (const char *h = p; h < q; h++)
				hyphens += *h == '-';
			/* two hyphens or more: a protocol's name (dev-config-id,
			 * rors-cmip-confirmed-action), written as its standard does */
			if (lower && q - p >= 3 && !ident_char(*q) && hyphens < 2) {
				size_t n = (size_t)(q - p), k;

				for (k = 0; k < sizeof(allowed) / sizeof(allowed[0]); k++)
					if (strlen(allowed[k]) == n && !strncmp(allowed[k], p, n))
						break;
				if (k == sizeof(allowed) / sizeof(allowed[0])) {
					snprintf(word, len, "%.*s", (int)n, p);
					return true;
				}
			}
			p = q;
			continue;
		}
		p++;
	}
	return false;
}

enum how { AS_PHRASE, AS_REASON, AS_OBSERVED };

struct walk {
	zh_leftover_fn cb;
	void *arg;
	size_t n;
};

static void check(struct walk *w, const char *where, json_object *o, const char *key, enum how how)
{
	json_object *v;
	const char *s;
	size_t len;
	char *t, word[64];

	if (!o || !json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return;
	s = json_object_get_string(v);
	/* a one-word name (ce95, ttff, measurement_interval) is an identifier */
	if (!strcmp(key, "name") && !strchr(s, ' '))
		return;
	len = 4 * strlen(s) + 64;
	if (!(t = malloc(len)))
		return;
	if (how == AS_REASON)
		label_reason(LANG_ZH, s, true, t, len);
	else if (how == AS_OBSERVED)
		label_observed(LANG_ZH, s, true, t, len);
	else
		label_phrases_masked(LANG_ZH, s, t, len);
	if (zh_english_word(t, word, sizeof(word))) {
		char path[128];

		snprintf(path, sizeof(path), "%s.%s", where, key);
		w->n++;
		if (w->cb)
			w->cb(w->arg, path, s, t, word);
	}
	free(t);
}

static json_object *member(json_object *o, const char *key)
{
	json_object *v = NULL;

	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static size_t alen(json_object *a)
{
	return a && json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

static void evidence(struct walk *w, json_object *ev)
{
	for (size_t i = 0; i < alen(ev); i++) {
		json_object *e = json_object_array_get_idx(ev, i), *k = member(e, "kind");

		check(w, "evidence", e, "message", AS_PHRASE);
		check(w, "evidence", e, "expected", AS_PHRASE);
		for (size_t j = 0; k && j < sizeof(summary_kinds) / sizeof(summary_kinds[0]); j++)
			if (!strcmp(json_object_get_string(k), summary_kinds[j]))
				check(w, "evidence", e, "observed", AS_OBSERVED);
	}
}

size_t zh_leftovers(json_object *root, zh_leftover_fn cb, void *arg)
{
	struct walk w = { cb, arg, 0 };
	json_object *cases = member(root, "cases");

	for (size_t i = 0; i < alen(cases); i++) {
		json_object *c = json_object_array_get_idx(cases, i), *a;

		check(&w, "case", c, "reason", AS_REASON);
		a = member(c, "requirements");
		for (size_t j = 0; j < alen(a); j++)
			check(&w, "requirement", json_object_array_get_idx(a, j), "standard", AS_PHRASE);
		evidence(&w, member(c, "evidence"));
		a = member(c, "previous_attempts");
		for (size_t j = 0; j < alen(a); j++) {
			check(&w, "attempt", json_object_array_get_idx(a, j), "reason", AS_REASON);
			evidence(&w, member(json_object_array_get_idx(a, j), "evidence"));
		}
		a = member(c, "accuracy");
		for (size_t j = 0; j < alen(a); j++) {
			json_object *e = json_object_array_get_idx(a, j), *l;

			check(&w, "accuracy", e, "standard", AS_PHRASE);
			check(&w, "accuracy", e, "clause", AS_PHRASE);
			check(&w, "accuracy", e, "why", AS_REASON);
			check(&w, "accuracy", e, "status", AS_PHRASE);
			check(&w, "accuracy.replay", member(e, "replay"), "statement", AS_PHRASE);
			check(&w, "accuracy.source", member(e, "source"), "file", AS_PHRASE);
			check(&w, "accuracy", e, "quantity", AS_PHRASE);
			l = member(e, "types");
			for (size_t k = 0; k < alen(l); k++)
				check(&w, "accuracy.type", json_object_array_get_idx(l, k), "title", AS_PHRASE);
			l = member(e, "criteria");
			for (size_t k = 0; k < alen(l); k++) {
				json_object *cr = json_object_array_get_idx(l, k);

				check(&w, "criterion", cr, "name", AS_PHRASE);
				check(&w, "criterion", cr, "clause", AS_PHRASE);
				check(&w, "criterion", cr, "observed", AS_PHRASE);
				check(&w, "criterion", cr, "limit", AS_PHRASE);
			}
			l = member(e, "figures");
			for (size_t k = 0; k < alen(l); k++) {
				check(&w, "figure", json_object_array_get_idx(l, k), "name", AS_PHRASE);
				check(&w, "figure", json_object_array_get_idx(l, k), "source", AS_PHRASE);
			}
		}
		a = member(c, "measurements");
		for (size_t j = 0; j < alen(a); j++) {
			check(&w, "measurement", json_object_array_get_idx(a, j), "name", AS_PHRASE);
			check(&w, "measurement.uncertainty",
			      member(json_object_array_get_idx(a, j), "uncertainty"), "source", AS_PHRASE);
		}
	}
	return w.n;
}
