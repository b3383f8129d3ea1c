/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-ble-glucose: a simulated Bluetooth LE glucose meter with a
 * record store.
 *
 * GATT: Glucose service 0x1808 (Measurement 0x2A18 notify, Measurement
 * Context 0x2A34 notify, Glucose Feature 0x2A51 read, Record Access Control
 * Point 0x2A52 write + indicate; all of them need an encrypted link) and
 * Device Information 0x180A.
 *
 * Store: --records N (default 5) measurements with sequence numbers
 * 1..N, an hour apart from 2026-11-24 07:00 UTC, 95 + 7k mg/dL of capillary
 * whole blood from a finger, each but every fourth announcing and followed by
 * a context (meal: alternately preprandial and postprandial). The RACP (GLS 1.0 section 3.3 / GATT
 * supplement) reports, counts and deletes records by all, <=, >=, range,
 * first and last on the sequence number, one record every --interval-ms
 * (default 20), and answers every malformed request with the response code
 * the service defines. A user-facing-time filter is not supported.
 *
 * Serves a SOCK_SEQPACKET Unix socket and prints "UNIX <path>"; runs until
 * SIGTERM. --fault NAME breaks one behaviour (see usage).
 */
#define _XOPEN_SOURCE 700

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ble/att.h"
#include "lib/sim-ble.h"

enum fault {
	F_WRONG_RESPONSE = 1 << 0,
	F_OPERATOR_UNCHECKED = 1 << 1,
	F_OPERAND_UNCHECKED = 1 << 2,
	F_ABORT_IGNORED = 1 << 3,
	F_NO_CCCD_CHECK = 1 << 4,
	F_NO_BUSY_CHECK = 1 << 5,
	F_WRONG_COUNT = 1 << 6,
	F_CONTEXT_MISMATCH = 1 << 7,
	F_FLAG_LENGTH = 1 << 8,
	F_RESERVED_BIT = 1 << 9,
	F_DISCONNECT = 1 << 10,
	F_NO_ENCRYPTION = 1 << 11,
	F_MISSING_DESCRIPTOR = 1 << 12,
	F_FILTER_IGNORED = 1 << 13,
	F_SLOW_FIRST = 1 << 14,
	F_SEQUENCE_REPEAT = 1 << 15,
	F_CONTEXT_UNANNOUNCED = 1 << 16,
	F_CONTEXT_MISSING = 1 << 17,
	F_STATUS_UNSUPPORTED = 1 << 18,
};

static const struct sim_fault faults[] = {
	{ "racp_wrong_response", F_WRONG_RESPONSE, "unsupported RACP op codes are answered 'success'" },
	{ "operator_unchecked", F_OPERATOR_UNCHECKED, "a report with the null operator reports all records" },
	{ "operand_unchecked", F_OPERAND_UNCHECKED, "a range whose upper bound is below the lower gives 'no records found'" },
	{ "abort_ignored", F_ABORT_IGNORED, "abort is answered 'success' but the report goes on" },
	{ "no_cccd_check", F_NO_CCCD_CHECK, "RACP requests are accepted while its indications are off" },
	{ "no_busy_check", F_NO_BUSY_CHECK, "a request during a report is accepted (no error 0x80)" },
	{ "wrong_count", F_WRONG_COUNT, "the number of stored records is reported one too high" },
	{ "context_mismatch", F_CONTEXT_MISMATCH, "contexts carry the next record's sequence number" },
	{ "flag_length_mismatch", F_FLAG_LENGTH, "measurements announce a sensor status they do not carry" },
	{ "reserved_bit", F_RESERVED_BIT, "sensor status has reserved bit 13 set" },
	{ "disconnect", F_DISCONNECT, "the link drops after the second record of a report" },
	{ "no_encryption", F_NO_ENCRYPTION, "glucose data is served on an unencrypted link" },
	{ "missing_descriptor", F_MISSING_DESCRIPTOR, "the RACP has no CCCD" },
	{ "filter_ignored", F_FILTER_IGNORED, "<=, >= and range filters report all records" },
	{ "slow_first", F_SLOW_FIRST, "the first record of a report comes after 1.5 s" },
	{ "context_unannounced", F_CONTEXT_UNANNOUNCED,
	  "record 2's measurement does not announce the context that follows it" },
	{ "status_unsupported", F_STATUS_UNSUPPORTED,
	  "the Glucose Feature denies low battery detection, record 3 still reports a low battery" },
	{ "context_missing", F_CONTEXT_MISSING,
	  "record 3's measurement announces a context that is never sent" },
	{ "sequence_repeat", F_SEQUENCE_REPEAT,
	  "record 3 is reported with the sequence number of record 2" },
};

#define NFAULTS (sizeof(faults) / sizeof(faults[0]))
#define MAX_RECORDS 200
#define BASE_TIME 1795503600LL /* 2026-11-24T07:00:00Z */

/* RACP op codes, operators and response values (GLS 1.0, 3.3.1) */
enum { OP_REPORT = 1, OP_DELETE, OP_ABORT, OP_NUMBER, OP_NUMBER_RSP, OP_RESPONSE };
enum { OPR_NULL, OPR_ALL, OPR_LE, OPR_GE, OPR_RANGE, OPR_FIRST, OPR_LAST };
enum {
	RSP_SUCCESS = 1, RSP_OP_UNSUPPORTED, RSP_INVALID_OPERATOR, RSP_OPERATOR_UNSUPPORTED,
	RSP_INVALID_OPERAND, RSP_NO_RECORDS, RSP_ABORT_FAILED, RSP_NOT_COMPLETED,
	RSP_OPERAND_UNSUPPORTED,
};
/* GLS ATT application errors */
#define ERR_IN_PROGRESS 0x80
#define ERR_CCCD_IMPROPER 0x81

struct record {
	uint16_t seq;
	int mg_dl;
	bool deleted;
};

struct glucose {
	struct sim_ble dev;
	uint16_t h_meas, h_ctx, h_racp;
	struct record rec[MAX_RECORDS];
	size_t nrec;
	/* a report in progress: the matching records, the next to send */
	size_t report[MAX_RECORDS], nreport, sent;
	bool reporting, respond_pending;
	uint8_t respond_op, respond_code;
	int64_t next; /* ms of the next report step; 0: none */
};

static void indicate_response(struct glucose *g, uint8_t op, uint8_t code)
{
	uint8_t v[4] = { OP_RESPONSE, OPR_NULL, op, code };

	gsrv_send_value(&g->dev.srv, g->h_racp, v, sizeof(v), true);
}

static void send_record(struct glucose *g, const struct record *r)
{
	uint8_t v[32];
	size_t n = 0;
	bool status = r->seq == 3; /* one record carries an annunciation */
	bool context = r->seq % 4 != 0; /* every fourth record has none */

	/* b0 time offset, b1 concentration/type (kg/L), b3 status, b4 context */
	v[n++] = 0x03 | (context ? 0x10 : 0) |
		 (status || (g->dev.faults & F_FLAG_LENGTH) ? 0x08 : 0);
	if (r->seq == 2 && (g->dev.faults & F_CONTEXT_UNANNOUNCED))
		v[0] &= (uint8_t)~0x10; /* b4: no context follows (but one does) */
	uint16_t seq = r->seq == 3 && (g->dev.faults & F_SEQUENCE_REPEAT) ? 2 : r->seq;

	n += sim_put_u16(v + n, seq);
	n += sim_put_datetime(v + n, BASE_TIME + 3600LL * (r->seq - 1));
	n += sim_put_u16(v + n, 0); /* time offset 0 min */
	n += sim_put_sfloat(v + n, r->mg_dl, -5); /* mg/dL x 10^-5 = kg/L */
	v[n++] = 0x11; /* capillary whole blood, finger */
	if (status)
		n += sim_put_u16(v + n, 0x0001 | (g->dev.faults & F_RESERVED_BIT ? 0x2000 : 0));
	gsrv_send_value(&g->dev.srv, g->h_meas, v, n, false);
	/* the context only to a client that configured it (GLS 3.2) */
	if (!context || !(gsrv_cccd_of(&g->dev.srv, g->h_ctx) & 0x0001))
		return;
	if (r->seq == 3 && (g->dev.faults & F_CONTEXT_MISSING))
		return; /* announced above, never sent */
	n = 0;
	v[n++] = 0x02; /* meal */
	n += sim_put_u16(v + n, seq + (g->dev.faults & F_CONTEXT_MISMATCH ? 1 : 0));
	v[n++] = r->seq % 2 ? 1 : 2;
	gsrv_send_value(&g->dev.srv, g->h_ctx, v, n, false);
}

/* Which records an operator selects; an RACP response value on error. */
static int select_records(struct glucose *g, uint8_t op, uint8_t opr, const uint8_t *operand,
			  size_t len, size_t *out, size_t *nout)
{
	unsigned lo = 0, hi = 0xFFFF;
	size_t first = SIZE_MAX, last = SIZE_MAX;

	*nout = 0;
	if (opr == OPR_NULL && !(g->dev.faults & F_OPERATOR_UNCHECKED))
		return RSP_INVALID_OPERATOR;
	if (opr > OPR_LAST)
		return RSP_OPERATOR_UNSUPPORTED;
	if (opr == OPR_LE || opr == OPR_GE || opr == OPR_RANGE) {
		size_t need = opr == OPR_RANGE ? 5 : 3;

		if (len >= 1 && operand[0] != 0x01)
			return RSP_OPERAND_UNSUPPORTED; /* only sequence numbers */
		if (len != need)
			return RSP_INVALID_OPERAND;
		if (opr == OPR_LE) {
			hi = operand[1] | operand[2] << 8;
		} else {
			lo = operand[1] | operand[2] << 8;
			if (opr == OPR_RANGE)
				hi = operand[3] | operand[4] << 8;
		}
		if (lo > hi && !(g->dev.faults & F_OPERAND_UNCHECKED))
			return RSP_INVALID_OPERAND;
		if (g->dev.faults & F_FILTER_IGNORED)
			lo = 0, hi = 0xFFFF;
	} else if (len) {
		return RSP_INVALID_OPERAND; /* all, first, last take none */
	}
	(void)op;
	for (size_t i = 0; i < g->nrec; i++) {
		if (g->rec[i].deleted || g->rec[i].seq < lo || g->rec[i].seq > hi)
			continue;
		if (first == SIZE_MAX)
			first = i;
		last = i;
		if (opr != OPR_FIRST && opr != OPR_LAST)
			out[(*nout)++] = i;
	}
	if (opr == OPR_FIRST && first != SIZE_MAX)
		out[(*nout)++] = first;
	if (opr == OPR_LAST && last != SIZE_MAX)
		out[(*nout)++] = last;
	return *nout ? RSP_SUCCESS : RSP_NO_RECORDS;
}

static void respond_later(struct glucose *g, uint8_t op, uint8_t code)
{
	g->respond_pending = true;
	g->respond_op = op;
	g->respond_code = code;
	g->next = sim_now_ms();
}

static uint8_t on_racp(struct glucose *g, const uint8_t *p, size_t n)
{
	size_t sel[MAX_RECORDS], nsel;
	int rc;

	if (!(gsrv_cccd_of(&g->dev.srv, g->h_racp) & 0x0002) &&
	    !(g->dev.faults & F_NO_CCCD_CHECK))
		return ERR_CCCD_IMPROPER;
	if (n < 2)
		return 0x0D; /* invalid attribute value length */
	if (p[0] == OP_ABORT) {
		if (p[1] != OPR_NULL || n != 2) {
			respond_later(g, OP_ABORT, p[1] != OPR_NULL ? RSP_INVALID_OPERATOR
								     : RSP_INVALID_OPERAND);
			return 0;
		}
		if (!(g->dev.faults & F_ABORT_IGNORED)) {
			g->reporting = false;
			g->nreport = 0;
		}
		respond_later(g, OP_ABORT, RSP_SUCCESS);
		return 0;
	}
	if ((g->reporting || g->respond_pending) && !(g->dev.faults & F_NO_BUSY_CHECK))
		return ERR_IN_PROGRESS;
	switch (p[0]) {
	case OP_REPORT:
	case OP_DELETE:
	case OP_NUMBER:
		rc = select_records(g, p[0], p[1], p + 2, n - 2, sel, &nsel);
		break;
	default:
		respond_later(g, p[0], g->dev.faults & F_WRONG_RESPONSE ? RSP_SUCCESS
									 : RSP_OP_UNSUPPORTED);
		return 0;
	}
	if (p[0] == OP_NUMBER && (rc == RSP_SUCCESS || rc == RSP_NO_RECORDS)) {
		uint8_t v[4] = { OP_NUMBER_RSP, OPR_NULL };

		sim_put_u16(v + 2, (unsigned)nsel + (g->dev.faults & F_WRONG_COUNT ? 1 : 0));
		gsrv_send_value(&g->dev.srv, g->h_racp, v, sizeof(v), true);
		return 0;
	}
	if (p[0] == OP_DELETE && rc == RSP_SUCCESS)
		for (size_t i = 0; i < nsel; i++)
			g->rec[sel[i]].deleted = true;
	if (p[0] == OP_REPORT && rc == RSP_SUCCESS) {
		memcpy(g->report, sel, nsel * sizeof(sel[0]));
		g->nreport = nsel;
		g->sent = 0;
		g->reporting = true;
		g->next = sim_now_ms() + (g->dev.faults & F_SLOW_FIRST ? 1500 : g->dev.interval_ms);
		return 0;
	}
	respond_later(g, p[0], (uint8_t)rc);
	return 0;
}

static uint8_t on_write(struct gsrv *s, struct gsrv_attr *a, void *data)
{
	struct glucose *g = data;

	(void)s;
	if (a->handle == g->h_racp)
		return on_racp(g, a->value, a->len);
	if (a->type != GATT_CCCD)
		return 0x03; /* write not permitted */
	if ((a->value[0] | a->value[1] << 8) > 3)
		return 0x13; /* value not allowed */
	return 0;
}

static void on_connect(struct gsrv *s, void *data)
{
	struct glucose *g = data;

	(void)s;
	/* a procedure does not survive its link */
	g->reporting = g->respond_pending = false;
	g->next = 0;
}

static const struct gsrv_ops ops = {
	.on_write = on_write,
	.on_connect = on_connect,
	.on_disconnect = on_connect,
};

static int64_t next_ms(void *data)
{
	struct glucose *g = data;

	/* an indication waits for the confirmation of the one before */
	return g->dev.srv.awaiting_confirm ? 0 : g->next;
}

static void tick(void *data)
{
	struct glucose *g = data;

	g->next = 0;
	if (g->respond_pending) {
		g->respond_pending = false;
		indicate_response(g, g->respond_op, g->respond_code);
		if (g->reporting) /* an ignored abort: the report goes on */
			g->next = sim_now_ms() + g->dev.interval_ms;
		return;
	}
	if (!g->reporting)
		return;
	if (g->sent == g->nreport) {
		g->reporting = false;
		indicate_response(g, OP_REPORT, RSP_SUCCESS);
		return;
	}
	if ((g->dev.faults & F_DISCONNECT) && g->sent == 2) {
		gsrv_disconnect(&g->dev.srv);
		return;
	}
	send_record(g, &g->rec[g->report[g->sent++]]);
	g->next = sim_now_ms() + g->dev.interval_ms;
}

static void build(struct glucose *g)
{
	/* low battery, sensor malfunction, sample size, strip insertion,
	 * strip type, result high-low, temperature, read interrupt, general
	 * fault, time fault detection; no multiple bonds */
	uint8_t features[2] = { 0xFF, 0x03 };
	struct gsrv *s = &g->dev.srv;

	if (g->dev.faults & F_STATUS_UNSUPPORTED)
		features[0] &= (uint8_t)~0x01; /* fault: b0 low battery detection denied */

	gsrv_service(s, 0x1808);
	g->h_meas = gsrv_char(s, 0x2A18, GATT_PROP_NOTIFY, GSRV_ENCRYPTED, NULL, 0);
	gsrv_cccd(s, GSRV_ENCRYPTED);
	g->h_ctx = gsrv_char(s, 0x2A34, GATT_PROP_NOTIFY, GSRV_ENCRYPTED, NULL, 0);
	gsrv_cccd(s, GSRV_ENCRYPTED);
	gsrv_char(s, 0x2A51, GATT_PROP_READ, GSRV_READ | GSRV_ENCRYPTED, features, 2);
	g->h_racp = gsrv_char(s, 0x2A52, GATT_PROP_WRITE | GATT_PROP_INDICATE,
			      GSRV_WRITE | GSRV_ENCRYPTED, NULL, 0);
	if (!(g->dev.faults & F_MISSING_DESCRIPTOR))
		gsrv_cccd(s, GSRV_ENCRYPTED);
	sim_ble_add_dis(&g->dev);
	s->secure_all = g->dev.faults & F_NO_ENCRYPTION;
}

enum { OPT_RECORDS = 256 };

static int on_option(void *data, int val, const char *arg)
{
	struct glucose *g = data;
	long n = strtol(arg, NULL, 10);

	if (val != OPT_RECORDS || n < 0 || n > MAX_RECORDS)
		return -1;
	g->nrec = (size_t)n;
	return 0;
}

int main(int argc, char **argv)
{
	static struct glucose g = {
		.dev = { .vendor = "Acme Medical", .model = "GL-50 BLE", .firmware = "3.1.4",
			 .serial = "SIM-GL-0005", .interval_ms = 20 },
		.nrec = 5,
	};
	static const struct option opts[] = {
		{ "records", required_argument, NULL, OPT_RECORDS },
		{ 0 },
	};
	static const struct sim_options extra = {
		.opts = opts,
		.usage = "  --records N                stored records (default 5, at most 200)\n",
		.on_option = on_option,
	};

	if (sim_ble_parse(&g.dev, argc, argv, "carecert-sim-ble-glucose",
			  "A Bluetooth LE glucose meter with a record store.", faults, NFAULTS,
			  &extra, &g))
		return 2;
	for (size_t i = 0; i < g.nrec; i++) {
		g.rec[i].seq = (uint16_t)(i + 1);
		g.rec[i].mg_dl = 95 + 7 * (int)i;
	}
	gsrv_init(&g.dev.srv, &ops, &g);
	build(&g);
	return sim_ble_run(&g.dev, faults, NFAULTS, next_ms, tick, &g);
}
