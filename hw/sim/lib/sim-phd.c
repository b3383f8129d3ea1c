/* SPDX-License-Identifier: MIT */
/*
 * The simulated 11073-20601 agent: one poll() loop over the pty, the
 * agent's states, and its APDUs built with the runner's codec
 * (phd/apdu.h) so both sides speak the same bytes; the faults bend them.
 */
#include "lib/sim-phd.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "ble/mder.h"
#include "lib/sim-bench.h"
#include "lib/sim-fault.h"
#include "lib/sim-pty.h"
#include "phd/apdu.h"
#include "phd/nomen.h"

static const struct sim_fault faults[] = {
	{"wrong_data_proto_id", SIM_PHD_WRONG_PROTO_ID, "the AARQ offers data-proto-id 0x5080, not 20601"},
	{"std_config_mismatch", SIM_PHD_STD_CONFIG_MISMATCH,
	 "claims its standard configuration but reports an object it does not have"},
	{"missing_mds_attribute", SIM_PHD_MISSING_MDS_ATTR, "GET of the MDS leaves out System-Model"},
	{"sfloat_special", SIM_PHD_SFLOAT_SPECIAL, "the first value is SFLOAT NaN"},
	{"wrong_unit", SIM_PHD_WRONG_UNIT, "the configuration gives the first object a wrong Unit-Code"},
	{"event_before_config", SIM_PHD_EVENT_BEFORE_CONFIG,
	 "sends a measurement before its configuration is accepted"},
	{"ignore_rlrq", SIM_PHD_IGNORE_RLRQ, "never answers RLRQ"},
	{"no_config_report", SIM_PHD_NO_CONFIG_REPORT,
	 "after accepted-unknown-config, never sends its configuration"},
	{"invoke_id_reuse", SIM_PHD_INVOKE_ID_REUSE,
	 "answers a GET with its own last invoke-id, not the manager's"},
	{"length_mismatch", SIM_PHD_LENGTH_MISMATCH, "measurement reports: the PRST length is one too many"},
	{"wrong_abort_reason", SIM_PHD_WRONG_ABORT_REASON, "aborts with reason 7, which is undefined"},
	{"config_refusal_ignored", SIM_PHD_CONFIG_REFUSAL_IGNORED,
	 "takes unsupported-config as accepted and starts reporting"},
	{"set_time_ignored", SIM_PHD_SET_TIME_IGNORED,
	 "claims set-clock (Mds-Time-Info) but never answers SET-TIME"},
};
#define NFAULTS (sizeof(faults) / sizeof(faults[0]))

enum astate { A_UNASSOC, A_ASSOCIATING, A_WAIT_APPROVAL, A_OPERATING, A_DISASSOCIATING };

struct agent {
	const struct sim_phd_dev *dev;
	int fd;
	unsigned faults;
	bool extended;
	enum astate st;
	int64_t t_assoc, t_measure; /* ms deadlines; 0: none */
	int assoc_delay_ms;  /* Unassociated -> the AARQ */
	int assoc_retry_ms;  /* TO_assoc: an unanswered AARQ is repeated */
	int measure_delay_ms, interval_ms;
	uint16_t invoke, scan_no;
	unsigned refused; /* configurations refused in a row */
	const char *publish; /* readings appended to $CARECERT_BENCH/<publish> */
	bool coupled;        /* values from the bench file, a report per set point */
	struct errmodel err;
	double live[16];     /* the coupled values, in object order */
	bool have_live;
	struct timespec bench_mtime; /* of the set point last reported */
	ino_t bench_ino;             /* its file: each write is a new one */
	uint8_t rx[PHD_APDU_MAX];
	size_t rxn;
};

static const uint8_t sys_id[8] = {0x00, 0x1B, 0xC5, 0x0C, 0x00, 0x00, 0x11, 0x07};
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void write_all(int fd, const uint8_t *p, size_t n)
{
	while (n && fd >= 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd pf = {fd, POLLOUT, 0};

			poll(&pf, 1, 100);
			continue;
		}
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static void emit(struct agent *a, const struct phd_apdu *ap, bool bad_length)
{
	uint8_t out[2048];
	size_t n;
	char sum[160];

	if (phd_apdu_encode(ap, out, sizeof(out), &n))
		return;
	if (bad_length) /* the octet string says one byte more than follows */
		phd_put16(out + 4, (uint16_t)(phd_u16(out + 4) + 1));
	phd_apdu_summary(ap, sum, sizeof(sum));
	fprintf(stderr, "sim: -> %s\n", sum);
	write_all(a->fd, out, n);
}

static void simple(struct agent *a, uint16_t choice, uint16_t reason)
{
	struct phd_apdu ap;

	memset(&ap, 0, sizeof(ap));
	ap.choice = choice;
	ap.result = reason;
	emit(a, &ap, false);
}

static void abort_assoc(struct agent *a)
{
	simple(a, PHD_ABRT, a->faults & SIM_PHD_WRONG_ABORT_REASON ? 7 : PHD_ABRT_UNDEFINED);
	a->st = A_UNASSOC;
	a->t_assoc = now_ms() + a->assoc_delay_ms;
	a->t_measure = 0;
}

static uint16_t config_id(const struct agent *a)
{
	return a->extended ? 0x4000 : a->dev->std_config;
}

static void bench_baseline(struct agent *a);

static void send_aarq(struct agent *a)
{
	struct phd_apdu ap;
	uint8_t out[128];
	size_t n;
	struct phd_assoc_info *ai = &ap.proto[0].ai;

	bench_baseline(a);

	memset(&ap, 0, sizeof(ap));
	ap.choice = PHD_AARQ;
	ap.assoc_version = PHD_ASSOC_V1;
	ap.nproto = 1;
	ap.proto[0].id = PHD_PROTO_20601;
	ap.proto[0].is_20601 = true;
	ai->protocol_version = 0x80000000u;
	ai->encoding_rules = a->dev->encoding;
	ai->nomenclature_version = 0x80000000u;
	ai->system_type = PHD_SYSTYPE_AGENT;
	ai->system_id = (struct phd_blob){sys_id, 8};
	ai->dev_config_id = config_id(a);
	ai->data_req_flags = 0x0001;
	ai->data_req_agent_count = 1;
	if (phd_apdu_encode(&ap, out, sizeof(out), &n))
		return;
	if (a->faults & SIM_PHD_WRONG_PROTO_ID)
		phd_put16(out + 12, 0x5080);
	fprintf(stderr, "sim: -> AARQ dev-config-id 0x%04X\n", config_id(a));
	write_all(a->fd, out, n);
	a->st = A_ASSOCIATING;
	a->t_assoc = now_ms() + a->assoc_retry_ms; /* TO_assoc */
}

/* ---- PRST builders ---- */

static void prst(struct agent *a, uint16_t invoke, uint16_t choice, uint16_t handle,
		 uint32_t time, uint16_t type, uint16_t count, const uint8_t *arg, size_t len,
		 bool bad_length)
{
	struct phd_apdu ap;

	memset(&ap, 0, sizeof(ap));
	ap.choice = PHD_PRST;
	ap.data.invoke_id = invoke;
	ap.data.choice = choice;
	ap.data.handle = handle;
	ap.data.time = time;
	ap.data.type = type;
	ap.data.count = count;
	ap.data.arg = (struct phd_blob){arg, (uint16_t)len};
	emit(a, &ap, bad_length);
}

static size_t put16(uint8_t *p, size_t o, uint16_t v)
{
	phd_put16(p + o, v);
	return o + 2;
}

static size_t attr16(uint8_t *p, size_t o, uint16_t id, uint16_t v)
{
	o = put16(p, o, id);
	o = put16(p, o, 2);
	return put16(p, o, v);
}

static void send_config(struct agent *a)
{
	uint8_t b[1024];
	size_t o = 6;

	bench_baseline(a);

	phd_put16(b, config_id(a));
	for (size_t i = 0; i < a->dev->nobj; i++) {
		const struct sim_phd_obj *ob = &a->dev->obj[i];
		size_t start = o, nattr = 0;

		o = put16(b, o, PHD_MOC_VMO_METRIC_NU);
		o = put16(b, o, ob->handle);
		o += 4; /* count, length */
		o = put16(b, o, PHD_ATTR_ID_TYPE);
		o = put16(b, o, 4);
		o = put16(b, o, PHD_PART_SCADA);
		o = put16(b, o, ob->type_term), nattr++;
		o = attr16(b, o, PHD_ATTR_METRIC_SPEC_SMALL, 0xF040), nattr++;
		if (ob->physio) {
			o = attr16(b, o, PHD_ATTR_METRIC_STRUCT_SMALL,
				   (uint16_t)(0x0300 | ob->nphysio)), nattr++;
			o = put16(b, o, PHD_ATTR_ID_PHYSIO_LIST);
			o = put16(b, o, (uint16_t)(4 + 2 * ob->nphysio));
			o = put16(b, o, (uint16_t)ob->nphysio);
			o = put16(b, o, (uint16_t)(2 * ob->nphysio));
			for (size_t k = 0; k < ob->nphysio; k++)
				o = put16(b, o, ob->physio[k]);
			nattr++;
		}
		uint16_t unit = i == 0 && (a->faults & SIM_PHD_WRONG_UNIT) ? a->dev->wrong_unit : ob->unit;
		o = attr16(b, o, PHD_ATTR_UNIT_CODE, unit), nattr++;
		o = put16(b, o, PHD_ATTR_ATTRIBUTE_VAL_MAP);
		o = put16(b, o, 12);
		o = put16(b, o, 2);
		o = put16(b, o, 8);
		o = put16(b, o, ob->physio ? PHD_ATTR_NU_CMPD_VAL_OBS_BASIC : PHD_ATTR_NU_VAL_OBS_BASIC);
		o = put16(b, o, (uint16_t)(ob->physio ? 4 + 2 * ob->nphysio : 2));
		o = put16(b, o, PHD_ATTR_TIME_STAMP_ABS);
		o = put16(b, o, 8), nattr++;
		phd_put16(b + start + 4, (uint16_t)nattr);
		phd_put16(b + start + 6, (uint16_t)(o - start - 8));
	}
	phd_put16(b + 2, (uint16_t)a->dev->nobj);
	phd_put16(b + 4, (uint16_t)(o - 6));
	prst(a, ++a->invoke, PHD_ROIV_CEVENT, 0, 0xFFFFFFFFu, PHD_NOTI_CONFIG, 0, b, o, false);
	a->st = A_WAIT_APPROVAL;
}

static void abstime_now(uint8_t p[8])
{
	time_t t = time(NULL);
	struct tm tm;
	struct phd_abstime at;

	gmtime_r(&t, &tm);
	at = (struct phd_abstime){(unsigned)tm.tm_year + 1900, (unsigned)tm.tm_mon + 1,
				  (unsigned)tm.tm_mday, (unsigned)tm.tm_hour,
				  (unsigned)tm.tm_min, (unsigned)tm.tm_sec, 0};
	phd_abstime_encode(&at, p);
}

/* One line per reading, "YYYY-MM-DDTHH:MM:SS v1 v2...", one write(2)
 * with O_APPEND (the format carecert-sim-ble-bp --publish writes and
 * carecert-sim-http-gw --relay reads: for BP, sys dia map pulse). */
static void publish(const struct agent *a, const uint8_t t[8], const double *v, size_t n)
{
	const char *bench = getenv("CARECERT_BENCH");
	char path[4096], line[256];
	int fd, o;
	struct phd_abstime at;
	char why[64];

	if (!a->publish || !bench || !phd_abstime_decode(t, &at, why, sizeof(why)))
		return;
	snprintf(path, sizeof(path), "%s/%s", bench, a->publish);
	o = snprintf(line, sizeof(line), "%04u-%02u-%02uT%02u:%02u:%02u", at.year, at.month,
		     at.day, at.hour, at.minute, at.second);
	for (size_t i = 0; i < n && o < (int)sizeof(line) - 16; i++)
		o += snprintf(line + o, sizeof(line) - (size_t)o, " %.0f", v[i]);
	line[o++] = '\n';
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, line, (size_t)o) != o)
		fprintf(stderr, "sim: cannot publish to %s: %s\n", path, strerror(errno));
	if (fd >= 0)
		close(fd);
}

static uint16_t sfloat(double v)
{
	uint16_t raw = 0;

	sfloat_encode(v, 0, &raw);
	return raw;
}

static void send_measurement(struct agent *a)
{
	uint8_t b[512], when[8];
	size_t o = 8, n = 0, nv = 0;
	bool first = true;
	double sent[16];

	phd_put16(b, 0xF000); /* agent-initiated */
	phd_put16(b + 2, ++a->scan_no);
	for (size_t i = 0; i < a->dev->nobj; i++) {
		const struct sim_phd_obj *ob = &a->dev->obj[i];
		size_t len = (ob->physio ? 4 + 2 * ob->nphysio : 2) + 8;

		o = put16(b, o, ob->handle);
		o = put16(b, o, (uint16_t)len);
		if (ob->physio) {
			o = put16(b, o, (uint16_t)ob->nphysio);
			o = put16(b, o, (uint16_t)(2 * ob->nphysio));
		}
		for (size_t k = 0; k < (ob->physio ? ob->nphysio : 1); k++) {
			/* published readings vary, so a gateway showing an older
			 * one is caught */
			double v = a->have_live && nv < 16 ? a->live[nv]
				   : ob->values[k] +
				     (a->publish ? (double)((a->scan_no * (3 + 2 * nv)) % 11) - 5 : 0);

			o = put16(b, o, first && (a->faults & SIM_PHD_SFLOAT_SPECIAL)
					   ? sfloat_special(MDER_NAN) : sfloat(v));
			if (nv < 16)
				sent[nv++] = v;
			first = false;
		}
		abstime_now(b + o);
		memcpy(when, b + o, 8);
		o += 8;
		n++;
	}
	if (a->faults & SIM_PHD_STD_CONFIG_MISMATCH) {
		/* an object the standard configuration does not have */
		o = put16(b, o, 99);
		o = put16(b, o, 2);
		o = put16(b, o, sfloat(1));
		n++;
	}
	phd_put16(b + 4, (uint16_t)n);
	phd_put16(b + 6, (uint16_t)(o - 8));
	publish(a, when, sent, nv);
	prst(a, ++a->invoke, PHD_ROIV_CEVENT, 0, 0, PHD_NOTI_SCAN_FIXED, 0, b, o,
	     (a->faults & SIM_PHD_LENGTH_MISMATCH) != 0);
}

static void answer_get(struct agent *a, const struct phd_data *d)
{
	uint8_t b[512];
	size_t o = 0, n = 0;
	const char *mf = a->dev->manufacturer, *md = a->dev->model, *sn = "SIM-PHD-0001";

	if (!(a->faults & SIM_PHD_MISSING_MDS_ATTR)) {
		o = put16(b, o, PHD_ATTR_ID_MODEL);
		o = put16(b, o, (uint16_t)(4 + strlen(mf) + strlen(md)));
		o = put16(b, o, (uint16_t)strlen(mf));
		memcpy(b + o, mf, strlen(mf)), o += strlen(mf);
		o = put16(b, o, (uint16_t)strlen(md));
		memcpy(b + o, md, strlen(md)), o += strlen(md);
		n++;
	}
	o = put16(b, o, PHD_ATTR_SYS_ID);
	o = put16(b, o, 10);
	o = put16(b, o, 8);
	memcpy(b + o, sys_id, 8), o += 8, n++;
	o = attr16(b, o, PHD_ATTR_DEV_CONFIG_ID, config_id(a)), n++;
	o = put16(b, o, PHD_ATTR_ID_PROD_SPECN);
	o = put16(b, o, (uint16_t)(4 + 6 + strlen(sn)));
	o = put16(b, o, 1);
	o = put16(b, o, (uint16_t)(6 + strlen(sn)));
	o = put16(b, o, 1); /* serial-number */
	o = put16(b, o, 0);
	o = put16(b, o, (uint16_t)strlen(sn));
	memcpy(b + o, sn, strlen(sn)), o += strlen(sn), n++;
	o = put16(b, o, PHD_ATTR_TIME_ABS);
	o = put16(b, o, 8);
	abstime_now(b + o), o += 8, n++;
	o = put16(b, o, PHD_ATTR_REG_CERT_DATA_LIST);
	o = put16(b, o, 4 + 4 + 4);
	o = put16(b, o, 1);
	o = put16(b, o, 8);
	b[o++] = 2; /* auth-body: continua (as the sheet lists the field) */
	b[o++] = 1;
	o = put16(b, o, 4);
	o = put16(b, o, 0x0002);
	o = put16(b, o, 0x0001), n++;
	o = put16(b, o, PHD_ATTR_SYS_TYPE_SPEC_LIST);
	o = put16(b, o, 8);
	o = put16(b, o, 1);
	o = put16(b, o, 4);
	o = put16(b, o, a->dev->profile);
	o = put16(b, o, 1), n++;
	o = put16(b, o, PHD_ATTR_MDS_TIME_INFO);
	o = put16(b, o, 2);
	o = put16(b, o, 0x4000), n++; /* set-clock */
	uint16_t inv = a->faults & SIM_PHD_INVOKE_ID_REUSE ? a->invoke : d->invoke_id;
	prst(a, inv, PHD_RORS_GET, 0, 0, 0, (uint16_t)n, b, o, false);
}

/* The bench file's time and inode: a new set point is a new write, even
 * of the same pressures. The instrument writes a new file and renames it
 * into place, so consecutive set points never share an inode, while two
 * writes within one tick of the file system's clock share an mtime. */
static bool bench_mtime(const struct agent *a, struct timespec *t, ino_t *ino)
{
	const char *dir = getenv("CARECERT_BENCH");
	char path[4096];
	struct stat st;

	if (!dir || !a->dev->bench)
		return false;
	snprintf(path, sizeof(path), "%s/%s", dir, a->dev->bench);
	if (stat(path, &st))
		return false;
	*t = st.st_mtim;
	*ino = st.st_ino;
	return true;
}

/* Coupled: the set point already on the bench was measured before. Taken
 * as the agent asks to associate and as it sends its configuration, the
 * last moments before the manager can reach Operating and play the next
 * point (taken once in Operating, it raced the manager's first point). */
static void bench_baseline(struct agent *a)
{
	if (!a->coupled)
		return;
	if (!bench_mtime(a, &a->bench_mtime, &a->bench_ino)) {
		a->bench_mtime = (struct timespec){0, 0};
		a->bench_ino = 0;
	}
}

/* Coupled: a report for each set point written after the association. */
static void bench_poll(struct agent *a)
{
	struct timespec t;
	double ref[8];
	ino_t ino;

	if (!bench_mtime(a, &t, &ino) ||
	    (ino == a->bench_ino && t.tv_sec == a->bench_mtime.tv_sec &&
	     t.tv_nsec == a->bench_mtime.tv_nsec))
		return;
	a->bench_mtime = t;
	a->bench_ino = ino;
	if (a->dev->nref > 8 || sim_bench_read(a->dev->bench, ref, a->dev->nref) != a->dev->nref)
		return;
	a->have_live = a->dev->from_bench(&a->err, ref, a->live);
	if (!a->have_live) {
		fprintf(stderr, "sim: no reading of this set point (dropped or out of range)\n");
		return;
	}
	send_measurement(a);
}

static void entered_operating(struct agent *a)
{
	a->st = A_OPERATING;
	a->t_assoc = 0;
	if (a->coupled) {
		a->t_measure = 0; /* a report per set point (bench_poll) */
		return;
	}
	a->t_measure = now_ms() + a->measure_delay_ms;
}

/* ---- what arrives ---- */

static void on_apdu(struct agent *a, const uint8_t *p, size_t n)
{
	struct phd_apdu ap;
	struct phd_viol v;
	char sum[160];

	phd_viol_init(&v);
	if (phd_apdu_decode(p, n, &ap, &v)) {
		fprintf(stderr, "sim: <- malformed APDU: %s\n", v.n ? v.v[0].text : "?");
		abort_assoc(a);
		return;
	}
	phd_apdu_summary(&ap, sum, sizeof(sum));
	fprintf(stderr, "sim: <- %s\n", sum);
	switch (ap.choice) {
	case PHD_ABRT:
		if (a->st != A_UNASSOC) {
			a->st = A_UNASSOC;
			a->t_assoc = now_ms() + a->assoc_delay_ms;
			a->t_measure = 0;
		}
		return;
	case PHD_AARE:
		if (a->st != A_ASSOCIATING) {
			abort_assoc(a);
			return;
		}
		if (ap.result == PHD_AARE_ACCEPTED) {
			entered_operating(a);
		} else if (ap.result == PHD_AARE_ACCEPTED_UNKNOWN_CONFIG) {
			a->t_assoc = 0;
			if (a->faults & SIM_PHD_EVENT_BEFORE_CONFIG)
				send_measurement(a);
			if (a->faults & SIM_PHD_NO_CONFIG_REPORT)
				a->st = A_WAIT_APPROVAL; /* and never says anything */
			else
				send_config(a);
		} else {
			a->st = A_UNASSOC;
			a->t_assoc = now_ms() + a->assoc_delay_ms;
		}
		return;
	case PHD_RLRQ:
		if (a->st == A_UNASSOC || a->st == A_ASSOCIATING) {
			abort_assoc(a);
			return;
		}
		if (a->faults & SIM_PHD_IGNORE_RLRQ)
			return;
		simple(a, PHD_RLRE, 0);
		a->st = A_UNASSOC;
		a->t_assoc = now_ms() + a->assoc_delay_ms;
		a->t_measure = 0;
		return;
	case PHD_RLRE:
		if (a->st == A_DISASSOCIATING) {
			a->st = A_UNASSOC;
			a->t_assoc = now_ms() + a->assoc_delay_ms;
			return;
		}
		abort_assoc(a);
		return;
	case PHD_AARQ:
		/* an agent never accepts an association: in Unassociated it
		 * answers rejected-permanent, elsewhere it aborts */
		if (a->st == A_UNASSOC) {
			struct phd_apdu r;

			memset(&r, 0, sizeof(r));
			r.choice = PHD_AARE;
			r.result = PHD_AARE_REJ_PERMANENT;
			r.nproto = 1;
			emit(a, &r, false);
			return;
		}
		abort_assoc(a);
		return;
	default:
		break;
	}
	/* PRST */
	const struct phd_data *d = &ap.data;

	if (a->st == A_UNASSOC || a->st == A_ASSOCIATING) {
		abort_assoc(a);
		return;
	}
	if (a->st == A_WAIT_APPROVAL) {
		if (d->choice == PHD_RORS_CEVENT && d->type == PHD_NOTI_CONFIG && d->arg.len == 4) {
			if (phd_u16(d->arg.p + 2) == 0 ||
			    (a->faults & SIM_PHD_CONFIG_REFUSAL_IGNORED)) {
				a->refused = 0;
				entered_operating(a);
			} else if (phd_u16(d->arg.p + 2) == 1 && a->refused++ < 2) {
				/* unsupported-config: back to Sending-config (5.27);
				 * this agent has one configuration and offers it again */
				send_config(a);
			} else {
				a->refused = 0;
				simple(a, PHD_RLRQ, 0);
				a->st = A_DISASSOCIATING;
			}
		} else if (d->choice == PHD_ROIV_GET) {
			answer_get(a, d);
		}
		return;
	}
	if (a->st != A_OPERATING)
		return;
	switch (d->choice) {
	case PHD_ROIV_GET:
		if (d->handle == 0) {
			answer_get(a, d);
		} else {
			prst(a, d->invoke_id, PHD_ROER, 0, 0, 0, 0, NULL, 0, false);
		}
		return;
	case PHD_ROIV_CACTION:
		if (d->type == PHD_ACT_SET_TIME && !(a->faults & SIM_PHD_SET_TIME_IGNORED))
			prst(a, d->invoke_id, PHD_RORS_CACTION, 0, 0, PHD_ACT_SET_TIME, 0, NULL, 0,
			     false);
		return;
	default:
		return; /* answers to our reports, errors */
	}
}

static void usage(FILE *f, const char *name)
{
	fprintf(f,
		"usage: carecert-sim-%s [--config standard|extended] [--assoc-delay-ms N] [--assoc-retry-ms N]\n"
		"       [--measure-delay-ms N] [--interval-ms N] [--publish NAME] [--tcp] [--fault NAME]...\n"
		"  --tcp           listen on 127.0.0.1 (prints TCP 127.0.0.1:PORT) instead of a pty\n"
		"  --coupled [error model options]  a report for each set point a reference\n"
		"                  instrument writes to $CARECERT_BENCH (phd-bp: nibp), read\n"
		"                  through the error model (--bias, --noise-sd...: errmodel.h)\n"
		"  --publish NAME  varying readings, each appended to $CARECERT_BENCH/NAME\n"
		"A simulated IEEE 11073-20601 agent on a pseudo-terminal (docs/phd.md).\n",
		name);
	sim_fault_list(f, faults, NFAULTS);
}

int sim_phd_main(int argc, char **argv, const struct sim_phd_dev *dev)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},
		{"assoc-retry-ms", required_argument, NULL, 'a'},
		{"assoc-delay-ms", required_argument, NULL, 'D'},
		{"measure-delay-ms", required_argument, NULL, 'd'},
		{"interval-ms", required_argument, NULL, 'i'},
		{"fault", required_argument, NULL, 'f'},
		{"publish", required_argument, NULL, 'P'},
		{"tcp", no_argument, NULL, 'T'},
		{"coupled", no_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct agent a = {0};
	struct sigaction sa = {.sa_handler = on_signal};
	int ch, slave = -1, ls = -1;
	bool tcp = false;

	a.dev = dev;
	a.extended = dev->extended_default;
	errmodel_init(&a.err);
	if (errmodel_take_args(&a.err, "", &argc, argv))
		return 2;
	a.assoc_delay_ms = 100;
	/* TO_assoc is 10 s (§5.3); shortened, yet far above a round trip on
	 * a loaded machine, so a slow AARE never meets a second AARQ */
	a.assoc_retry_ms = 1000;
	/* late enough that a case testing something else is done first */
	a.measure_delay_ms = 1000;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			if (strcmp(optarg, "standard") && strcmp(optarg, "extended")) {
				usage(stderr, dev->name);
				return 2;
			}
			a.extended = !strcmp(optarg, "extended");
			break;
		case 'a': a.assoc_retry_ms = atoi(optarg); break;
		case 'D': a.assoc_delay_ms = atoi(optarg); break;
		case 'd': a.measure_delay_ms = atoi(optarg); break;
		case 'i': a.interval_ms = atoi(optarg); break;
		case 'f':
			if (sim_fault_add(faults, NFAULTS, optarg, &a.faults)) {
				usage(stderr, dev->name);
				return 2;
			}
			break;
		case 'T': tcp = true; break;
		case 'C':
			if (!dev->bench) {
				fprintf(stderr, "sim: %s has no bench coupling\n", dev->name);
				return 2;
			}
			a.coupled = true;
			break;
		case 'P':
			if (strchr(optarg, '/')) {
				fprintf(stderr, "sim: --publish takes a file name, not a path\n");
				return 2;
			}
			a.publish = optarg;
			break;
		case 'h': usage(stdout, dev->name); return 0;
		default: usage(stderr, dev->name); return 2;
		}
	}
	if (a.assoc_retry_ms < 10)
		a.assoc_retry_ms = 10;
	if (a.assoc_delay_ms < 0)
		a.assoc_delay_ms = 0;
	/* these faults live in the configuration exchange, or pretend to a
	 * standard configuration: the association they need */
	if (a.faults & (SIM_PHD_WRONG_UNIT | SIM_PHD_EVENT_BEFORE_CONFIG | SIM_PHD_NO_CONFIG_REPORT))
		a.extended = true;
	if (a.faults & SIM_PHD_STD_CONFIG_MISMATCH)
		a.extended = false;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sim_fault_announce(faults, NFAULTS, a.faults);
	if (tcp) {
		/* one manager at a time connects to 127.0.0.1:PORT */
		struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
		socklen_t sl = sizeof(sin);

		ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (ls < 0 || bind(ls, (struct sockaddr *)&sin, sizeof(sin)) || listen(ls, 1) ||
		    getsockname(ls, (struct sockaddr *)&sin, &sl)) {
			perror("sim: tcp");
			return 1;
		}
		a.fd = -1;
		printf("TCP 127.0.0.1:%u\n", ntohs(sin.sin_port));
		fflush(stdout);
	} else if (sim_pty_open(&a.fd, &slave)) {
		return 1;
	}
	(void)slave;
	a.t_assoc = now_ms() + a.assoc_delay_ms;
	while (!stop) {
		int64_t now = now_ms(), next = now + 1000;

		if (a.fd < 0) {
			struct pollfd lp = {ls, POLLIN, 0};

			if (poll(&lp, 1, 1000) > 0 && (a.fd = accept(ls, NULL, NULL)) >= 0) {
				fprintf(stderr, "sim: manager connected\n");
				a.st = A_UNASSOC;
				a.rxn = 0;
				a.t_assoc = now_ms() + a.assoc_delay_ms;
			}
			continue;
		}

		if (a.t_assoc && now >= a.t_assoc && (a.st == A_UNASSOC || a.st == A_ASSOCIATING))
			send_aarq(&a);
		if (a.t_measure && now >= a.t_measure && a.st == A_OPERATING) {
			send_measurement(&a);
			a.t_measure = a.interval_ms > 0 ? now + a.interval_ms : 0;
		}
		if (a.t_assoc && a.t_assoc < next)
			next = a.t_assoc;
		if (a.t_measure && a.t_measure < next)
			next = a.t_measure;
		if (a.coupled && a.st == A_OPERATING) {
			bench_poll(&a);
			if (now + 20 < next)
				next = now + 20;
		}
		struct pollfd pf = {a.fd, POLLIN, 0};
		int wait = next > now ? (int)(next - now) : 0;

		if (poll(&pf, 1, wait) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (!(pf.revents & POLLIN))
			continue;
		ssize_t r = read(a.fd, a.rx + a.rxn, sizeof(a.rx) - a.rxn);
		if (r <= 0) {
			if (r < 0 && (errno == EAGAIN || errno == EINTR || (!tcp && errno == EIO)))
				continue;
			if (!tcp)
				break;
			/* the manager hung up: wait for the next one */
			fprintf(stderr, "sim: manager disconnected\n");
			close(a.fd);
			a.fd = -1;
			a.t_measure = 0;
			continue;
		}
		a.rxn += (size_t)r;
		for (;;) {
			size_t size = 0;
			int f = phd_apdu_frame(a.rx, a.rxn, sizeof(a.rx), &size);

			if (f == 0)
				break;
			if (f < 0) {
				fprintf(stderr, "sim: <- unknown APDU header %02X%02X\n", a.rx[0], a.rx[1]);
				abort_assoc(&a);
				a.rxn = 0;
				break;
			}
			on_apdu(&a, a.rx, size);
			memmove(a.rx, a.rx + size, a.rxn - size);
			a.rxn -= size;
		}
	}
	fprintf(stderr, "sim: stopping\n");
	return 0;
}
