/* SPDX-License-Identifier: MIT */
/*
 * Live stimulus: commands to the bench's reference instruments (a patient
 * simulator sets a pressure, a reference thermometer is read) through
 * their YAML drivers, and pair steps that put the reference value next to
 * what the device reported, into a run-scoped data set that an accuracy
 * step then judges like an imported study.
 */
#include "core/exec-internal.h"
#include "accuracy/acc-steps.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "bench/instrument.h"
#include "bench/pairs.h"
#include "transport/transport.h"
#include "base/units.h"
#include "core/vars.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INSTR_LINE_MAX 512

static struct exec_instrument *find_instrument(struct exec *e, const char *id)
{
	for (size_t i = 0; i < e->ninstruments; i++)
		if (e->instruments[i].id && !strcmp(e->instruments[i].id, id))
			return &e->instruments[i];
	return NULL;
}

/* One reply line (without the terminator) into line; CC_ETIMEDOUT,
 * CC_ETOOBIG or a link error. */
static int read_line(struct exec_instrument *x, int64_t deadline, struct buf *line)
{
	const char *term = x->drv->terminator;
	size_t tl = strlen(term);

	for (;;) {
		struct buf *q = &x->rx->data;

		for (size_t i = 0; i + tl <= q->len; i++) {
			if (memcmp(q->data + i, term, tl))
				continue;
			buf_reset(line);
			if (buf_append(line, q->data, i))
				return CC_ETOOBIG;
			rxq_consume(x->rx, i + tl);
			return CC_OK;
		}
		if (q->len > INSTR_LINE_MAX)
			return CC_ETOOBIG;
		int rc = rxq_read(x->rx, x->t, deadline);

		if (rc)
			return rc;
	}
}

enum verdict exec_instrument_step(struct exec *e, const struct step *st)
{
	struct exec_instrument *x = find_instrument(e, st->instrument_id);
	const struct instrument_command *c;
	struct buf out, line;
	regmatch_t m[10];
	enum verdict v;
	char what[160];
	int rc;

	if (!x)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "profile: no instrument '%s' on this bench", st->instrument_id);
	if (!x->t)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "instrument %s unavailable: %s", x->id, x->error);
	if (!x->drv || !(c = instrument_command_find(x->drv, st->command)))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: instrument %s's driver has no command '%s'", x->id,
				   st->command);
	/* the step's args are variables of the send template */
	for (size_t i = 0; i < st->nacc; i++) {
		struct buf a;

		buf_init(&a, 256);
		if (!exec_expand(e, st->acc_vals[i], &a) ||
		    vars_set(&e->vars, st->acc_keys[i], buf_str(&a))) {
			buf_release(&a);
			return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
					   "instrument %s: argument %s", x->id, st->acc_keys[i]);
		}
		buf_release(&a);
	}
	buf_init(&out, INSTR_LINE_MAX + 16);
	buf_init(&line, INSTR_LINE_MAX + 16);
	if (!exec_expand(e, c->send, &out) || buf_append_str(&out, x->drv->terminator)) {
		v = e->verdict ? e->verdict : VERDICT_ERROR;
		goto done;
	}
	snprintf(what, sizeof(what), "%s %s: reply matching /%s/", x->id, c->name, c->expect);
	rxq_clear(x->rx); /* a reply to this command, not an old one */
	if ((rc = transport_send(x->t, out.data, out.len, NULL))) {
		v = exec_decide(e, VERDICT_ERROR, what, cc_strerror(rc), 0, 0,
				"instrument %s: cannot send: %s", x->id, cc_strerror(rc));
		goto done;
	}
	rc = read_line(x, exec_deadline(e, c->within_ns), &line);
	if (rc) {
		v = exec_decide(e, VERDICT_ERROR, what, rc == CC_ETIMEDOUT ? "nothing" : cc_strerror(rc),
				0, 0, "instrument %s did not answer %s", x->id, c->name);
		goto done;
	}
	if (regexec(&c->re, buf_str(&line), 10, m, 0)) {
		/* a reference the lab cannot trust: the comparison cannot stand */
		v = exec_decide(e, VERDICT_ERROR, what, buf_str(&line), 0, 0,
				"instrument %s refused or misunderstood %s", x->id, c->name);
		goto done;
	}
	for (size_t g = 0; c->capture && c->capture[g] && g + 1 < 10; g++) {
		char key[160];
		const char *s = buf_str(&line);

		if (m[g + 1].rm_so < 0)
			continue;
		snprintf(key, sizeof(key), "%s%s%s", st->capture_prefix ? st->capture_prefix : "",
			 st->capture_prefix ? "." : "", c->capture[g]);
		{
			char val[INSTR_LINE_MAX + 1];

			snprintf(val, sizeof(val), "%.*s", (int)(m[g + 1].rm_eo - m[g + 1].rm_so),
				 s + m[g + 1].rm_so);
			if (vars_set(&e->vars, key, val)) {
				v = exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "too many variables");
				goto done;
			}
		}
	}
	v = exec_decide(e, VERDICT_PASS, what, buf_str(&line), 0, 0, "instrument %s: %s", x->id,
			c->name);
done:
	buf_release(&out);
	buf_release(&line);
	return v;
}

static size_t index_of(char ***names, size_t *n, const char *name, bool *fail)
{
	char **grown;

	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*names)[i], name))
			return i;
	if (!(grown = realloc(*names, (*n + 1) * sizeof(char *))) ||
	    !(grown[*n] = strdup(name))) {
		if (grown)
			*names = grown;
		*fail = true;
		return 0;
	}
	*names = grown;
	return (*n)++;
}

/* A reading in the pair's unit: a bare number is in it, a reading with a
 * unit of its dimension is converted ("16 kPa" for mmHg). 1: a number; 0:
 * no number at all (NaN, INF, text: a missing reading); -1: a quantity of
 * another dimension, or a unit where the pair declares none (err). */
static int reading(const char *what, const char *text, const char *unit,
		   double *out, char *err, size_t errlen)
{
	struct quantity q;

	if (parse_number(text, out))
		return 1;
	if (quantity_parse(text, &q, err, errlen))
		return 0;
	return quantity_in(what, text, unit ? unit : "", false, out, err,
			   errlen)
		   ? -1
		   : 1;
}

enum verdict exec_pair_step(struct exec *e, const struct step *st)
{
	char err[256];
	int rr, rd;
	struct run_pair_set *rs = NULL;
	struct buf ref, dev, subj;
	struct pair p = { .quantity = PAIRS_NO_QUANTITY };
	struct pair_set *s;
	enum verdict v = VERDICT_PASS;
	bool fail = false;

	if (!e->run_pairs)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "no run data sets here");
	if (!exec_when_holds(e, st)) /* e.g. only the lines that carry a reading */
		return e->verdict == VERDICT_ERROR ? VERDICT_ERROR : VERDICT_PASS;
	buf_init(&ref, 128);
	buf_init(&dev, 128);
	buf_init(&subj, 128);
	if (!exec_expand(e, st->reference, &ref) || !exec_expand(e, st->value, &dev) ||
	    !exec_expand(e, st->subject ? st->subject : "bench", &subj)) {
		v = VERDICT_ERROR;
		goto out;
	}
	rr = reading("reference", buf_str(&ref), st->acc_unit, &p.reference,
		     err, sizeof(err));
	rd = reading("device", buf_str(&dev), st->acc_unit, &p.device, err,
		     sizeof(err));
	if (rr < 0 || rd < 0) {
		v = exec_decide(e, VERDICT_FAIL,
				st->acc_unit ? st->acc_unit : "a plain number",
				rr < 0 ? buf_str(&ref) : buf_str(&dev), 0, 0,
				"pair: %s", err);
		goto out;
	}
	if (st->missing_continue && rr && !rd) {
		/* a lab records the missing reading and plays the next point; the
		 * case fails, and the sample-size rules judge what was paired */
		exec_decide(e, VERDICT_FAIL, "a reading", buf_str(&dev), 0, 0,
			    "pair: no reading from the device at %s (reference %s)", buf_str(&subj),
			    buf_str(&ref));
		goto out;
	}
	if (!rr || !rd) {
		v = exec_decide(e, VERDICT_FAIL, "numbers",
				rr ? buf_str(&dev) : buf_str(&ref), 0, 0,
				"pair: the reference or the device reading is "
				"not a number");
		goto out;
	}
	for (size_t i = 0; i < e->run_pairs->n; i++)
		if (!strcmp(e->run_pairs->v[i].name, st->acc_data))
			rs = &e->run_pairs->v[i];
	if (!rs) {
		if (e->run_pairs->n == sizeof(e->run_pairs->v) / sizeof(e->run_pairs->v[0])) {
			v = exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "too many run data sets");
			goto out;
		}
		rs = &e->run_pairs->v[e->run_pairs->n];
		rs->name = strdup(st->acc_data);
		rs->set = calloc(1, sizeof(*rs->set));
		if (!rs->name || !rs->set || !(rs->set->file = strdup("(live)"))) {
			v = exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "out of memory");
			goto out;
		}
		e->run_pairs->n++;
	}
	if (st->instrument_id && !rs->instrument)
		rs->instrument = strdup(st->instrument_id);
	s = rs->set;
	p.subject = index_of(&s->subjects, &s->n_subjects, buf_str(&subj), &fail);
	if (st->acc_quantity)
		p.quantity = index_of(&s->quantities, &s->n_quantities, st->acc_quantity, &fail);
	if (st->acc_unit)
		snprintf(p.unit, sizeof(p.unit), "%s", st->acc_unit);
	if (!fail) {
		struct pair *grown = realloc(s->v, (s->n + 1) * sizeof(*s->v));

		if (grown) {
			s->v = grown;
			s->v[s->n++] = p;
		} else {
			fail = true;
		}
	}
	if (fail)
		v = exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "out of memory");
out:
	buf_release(&ref);
	buf_release(&dev);
	buf_release(&subj);
	return v;
}
