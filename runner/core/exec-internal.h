/* SPDX-License-Identifier: MIT */
/*
 * Shared between the step executors: exec.c for the core's steps, and each
 * step family's executor (ble/exec-gatt.c, http/exec-http.c,
 * accuracy/exec-acc.c and exec-instr.c, ecg/exec-ecg.c); not for other
 * modules.
 */
#ifndef CARECERT_EXEC_INTERNAL_H
#define CARECERT_EXEC_INTERNAL_H

#include "core/exec.h"

/* Record evidence; decide the attempt's verdict when it is not a pass
 * (the first non-pass wins; NOT_JUDGED is evidence only). Returns v. */
enum verdict exec_decide(struct exec *e, enum verdict v, const char *expected,
			 const char *observed, uint64_t first, uint64_t last,
			 const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* The link failed: error verdict, and the link must be reopened. */
enum verdict exec_link_error(struct exec *e, int rc, const char *what);
/* Expand ${...} into out (reset first); false (with an error verdict) when
 * the suite refers to something undefined. */
bool exec_expand(struct exec *e, const char *template, struct buf *out);
/* text (expanded already) as a number in unit, the unit the step declares
 * for parameter key (base/units.h quantity_in: "" a plain number; delta
 * for a difference); false with an error verdict naming the unit problem
 * ("suite: start: '5 kPa' is a pressure; start is a time in s"). */
bool exec_quantity(struct exec *e, const char *key, const char *text,
		   const char *unit, bool delta, double *out);
/* Absolute deadline for a step: now + within, capped by the case's. */
int64_t exec_deadline(const struct exec *e, int64_t within);


/* An assert-style range check of value_text against st's min, max, unit,
 * in_unit, marginal and name (a measurement when named). */
enum verdict exec_assert_range(struct exec *e, const struct step *st,
			       const char *value_text);
/* Whether the step's `when` holds (true without one); false with an error
 * verdict when the condition cannot be evaluated. */
bool exec_when_holds(struct exec *e, const struct step *st);
/* Record a measurement with an upper limit (in unit) and its verdict. */
void exec_measurement_max(struct exec *e, const char *name, double value, const char *unit,
			  double max, enum verdict v);
/* The same with a lower limit. */
void exec_measurement_min(struct exec *e, const char *name, double value, const char *unit,
			  double min, enum verdict v);
/* Add key: value (taken) to the evidence item recorded last (a step
 * family's own detail: the web steps' offending elements and screenshot);
 * dropped when there is none. */
void exec_evidence_attach(struct exec *e, const char *key, json_object *value);
/* Equal as numbers (1e-9 relative) when both are numbers, else as text. */
bool exec_same_value(const char *a, const char *b);

/* Parse gatt_write's value: hex byte pairs, spaces allowed, and "u16:N"
 * tokens (decimal N as two little-endian bytes, for operands taken from
 * variables). CC_EINVAL on anything else or when cap would be exceeded. */
int exec_parse_hex(const char *s, uint8_t *out, size_t cap, size_t *n);

/* Append a number to a case list (the append step). */
enum verdict exec_append_step(struct exec *e, const struct step *st);
/* Append x to the case list name (made when new): CC_OK, or CC_ENOMEM
 * (too many lists, or more than EXEC_LIST_MAX numbers). */
int exec_list_push(struct exec *e, const char *name, double x);

/* Receive into the queue until deadline (CC_OK when bytes came); drop n
 * bytes from its front. */
int rxq_read(struct rxq *q, struct transport *t, int64_t deadline);
void rxq_consume(struct rxq *q, size_t n);

#endif
