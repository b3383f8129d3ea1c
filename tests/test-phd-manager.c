/* SPDX-License-Identifier: MIT */
/* The 11073-20601 manager (phd/manager.c): its table walked row by row
 * (every row's reply and next state), then whole sessions as the sheet's
 * worked APDUs play them (§8), timers and unknown invoke-ids. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "phd/manager.h"
#include "phd/nomen.h"

#define MS 1000000LL

static uint8_t sent[8][1024];
static size_t sent_len[8], nsent;
static unsigned ntrans;

static int cb_send(void *data, const uint8_t *p, size_t n, const char *what)
{
	(void)data;
	(void)what;
	if (nsent < 8 && n <= sizeof(sent[0])) {
		memcpy(sent[nsent], p, n);
		sent_len[nsent] = n;
	}
	nsent++;
	return CC_OK;
}

static void cb_trans(void *data, const struct phd_transition *t)
{
	(void)data;
	ck_assert_ptr_nonnull(t->clause);
	ntrans++;
}

static size_t hex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned v;
	int used;

	while (n < cap && sscanf(s, " %2x%n", &v, &used) == 1) {
		out[n++] = (uint8_t)v;
		s += used;
	}
	return n;
}

static const char *aarq_ext =
    "E2 00 00 32 80 00 00 00 00 01 00 2A 50 79 00 26 80 00 00 00 80 00 80 00 "
    "00 00 00 00 00 00 00 80 00 00 00 08 00 22 09 22 58 08 03 CC 40 00 00 01 "
    "01 00 00 00 00 00";
static const char *config_bp =
    "E7 00 00 B0 00 AE 00 01 01 01 00 A8 00 00 FF FF FF FF 0D 1C 00 9E 40 00 "
    "00 03 00 98 "
    "00 06 00 01 00 06 00 38 09 2F 00 04 00 02 4A 04 0A 46 00 02 F0 40 0A 73 "
    "00 02 03 03 09 96 00 02 0F 20 0A 76 00 0A 00 03 00 06 4A 05 4A 06 4A 07 "
    "0A 55 00 0C 00 02 00 08 0A 75 00 0A 09 90 00 08 "
    "00 06 00 02 00 04 00 24 09 2F 00 04 00 02 48 2A 0A 46 00 02 F0 40 09 96 "
    "00 02 0A A0 0A 55 00 0C 00 02 00 08 0A 4C 00 02 09 90 00 08 "
    "00 06 00 03 00 04 00 24 09 2F 00 04 00 02 F0 12 0A 46 00 02 F0 40 09 96 "
    "00 02 02 00 0A 55 00 0C 00 02 00 08 0A 4C 00 02 09 90 00 08";
static const char *config_rsp =
    "E7 00 00 16 00 14 00 01 02 01 00 0E 00 00 FF FF FF FF 0D 1C 00 04 40 00 00 00";
static const char *mp_fixed =
    "E7 00 00 52 00 50 00 02 01 01 00 4A 00 00 FF FF FF FF 0D 1F 00 40 F0 00 "
    "00 01 00 01 00 38 00 42 00 03 00 32 00 01 00 12 00 03 00 06 00 71 00 47 "
    "00 55 20 10 07 21 15 35 53 00 00 02 00 0A 00 47 20 10 07 21 15 35 53 00 "
    "00 03 00 0A 00 00 20 10 07 21 15 35 53 00";
static const char *mp_fixed_rsp =
    "E7 00 00 12 00 10 00 02 02 01 00 0A 00 00 FF FF FF FF 0D 1F 00 00";

/* one APDU per event, as an agent would send it */
static size_t event_bytes(enum phd_mevent e, uint8_t *p)
{
	size_t n;

	switch (e) {
	case PHD_E_AARQ: return hex(aarq_ext, p, 512);
	case PHD_E_AARE: return hex("E3 00 00 2C 00 00 50 79 00 26 80 00 00 00 80 00 80 00 00 00 "
				    "00 00 00 00 80 00 00 00 00 08 11 22 33 44 55 66 77 88 00 00 "
				    "00 00 00 00 00 00 00 00", p, 512);
	case PHD_E_RLRQ: return hex("E4 00 00 02 00 00", p, 512);
	case PHD_E_RLRE: return hex("E5 00 00 02 00 00", p, 512);
	case PHD_E_ABRT: return hex("E6 00 00 02 00 00", p, 512);
	case PHD_E_ROIV_CONFIG: return hex(config_bp, p, 512);
	case PHD_E_ROIV_CEVENT: return hex(mp_fixed, p, 512);
	case PHD_E_ROIV_EVENT:
		n = hex(mp_fixed, p, 512);
		p[9] = 0x00; /* 0x0100 unconfirmed */
		return n;
	case PHD_E_ROIV_OTHER: return hex("E7 00 00 0E 00 0C 00 07 01 03 00 06 00 00 00 00 00 00", p, 512);
	case PHD_E_RORS: return hex("E7 00 00 0E 00 0C 00 09 02 03 00 06 00 00 00 00 00 00", p, 512);
	case PHD_E_ROER: return hex("E7 00 00 0C 00 0A 00 09 03 00 00 04 00 17 00 00", p, 512);
	case PHD_E_RORJ: return hex("E7 00 00 0A 00 08 00 09 04 00 00 02 00 02", p, 512);
	default: return 0;
	}
}

static void setup(struct phd_manager *m, const char *spec)
{
	struct phd_mgr_settings s;

	phd_mgr_settings_default(&s);
	phd_mgr_init(m, &s, spec ? phd_spec_find(spec) : NULL);
	m->send = cb_send;
	m->on_transition = cb_trans;
	nsent = 0;
	ntrans = 0;
	phd_mgr_connect(m);
}

static uint16_t sent_choice(size_t i)
{
	return phd_u16(sent[i]);
}

START_TEST(test_table_rows)
{
	static struct phd_manager m;
	uint8_t p[512];

	for (int s = PHD_M_UNASSOCIATED; s < PHD_M_NSTATES; s++) {
		for (int e = 0; e < PHD_E_NEVENTS; e++) {
			struct phd_transition t;
			bool illegal;

			if (!phd_mgr_row(s, e, &t, &illegal) || e == PHD_E_TIMEOUT)
				continue;
			setup(&m, "10407");
			m.state = s;
			if (s == PHD_M_OPERATING || s == PHD_M_DISASSOCIATING) {
				struct phd_viol v;
				struct phd_apdu a;
				size_t n = hex(config_bp, p, sizeof(p));

				phd_viol_init(&v);
				phd_apdu_decode(p, n, &a, &v);
				phd_config_parse(a.data.arg, &m.cfg, &v);
				m.have_cfg = true;
			}
			/* the RORS/ROER/RORJ of the rows answer invoke 9 */
			m.pending[0].used = true;
			m.pending[0].invoke = 9;
			size_t n = event_bytes(e, p);
			ck_assert_uint_gt(n, 0);
			nsent = 0;
			ck_assert_int_eq(phd_mgr_rx(&m, p, n, 0), CC_OK);
			ck_assert_int_eq(m.last_event, e);
			if (e != PHD_E_AARQ && e != PHD_E_ROIV_CONFIG)
				ck_assert_msg(m.state == t.to, "row %s/%s: state %s, table says %s",
					      phd_mstate_name(s), phd_mevent_name(e),
					      phd_mstate_name(m.state), phd_mstate_name(t.to));
			/* what the row says is sent is what went out */
			uint16_t want = !strcmp(t.action, "send ABRT") ? PHD_ABRT
				: !strcmp(t.action, "send RLRE") ? PHD_RLRE
				: !strncmp(t.action, "send RO", 7) || !strncmp(t.action, "process, send", 13) ? PHD_PRST
				: !strcmp(t.action, "answer AARE") ? PHD_AARE : 0;
			if (want)
				ck_assert_msg(nsent >= 1 && sent_choice(0) == want,
					      "row %s %s (%s): sent %zu APDUs, first 0x%04X",
					      t.clause, phd_mevent_name(e), t.action, nsent,
					      nsent ? sent_choice(0) : 0);
			else if (strcmp(t.action, "match invoke-id") && strcmp(t.action, "check the configuration"))
				ck_assert_msg(nsent == 0, "row %s sent %zu", t.clause, nsent);
			ck_assert_int_eq(m.last_illegal, illegal);
		}
	}
}
END_TEST

START_TEST(test_session_extended)
{
	static struct phd_manager m;
	uint8_t p[512], want[512];
	size_t n, wn;

	setup(&m, "10407");
	ck_assert_int_eq(m.state, PHD_M_UNASSOCIATED);
	n = hex(aarq_ext, p, sizeof(p));
	ck_assert_int_eq(phd_mgr_rx(&m, p, n, 0), CC_OK);
	ck_assert_int_eq(m.state, PHD_M_WAIT_CONFIG);
	ck_assert_uint_eq(nsent, 1);
	ck_assert_uint_eq(sent_len[0], 48);
	ck_assert_uint_eq(phd_u16(sent[0] + 4), PHD_AARE_ACCEPTED_UNKNOWN_CONFIG);
	ck_assert_uint_eq(m.agent.dev_config_id, 0x4000);
	n = hex(config_bp, p, sizeof(p));
	ck_assert_int_eq(phd_mgr_rx(&m, p, n, 1 * MS), CC_OK);
	ck_assert_int_eq(m.state, PHD_M_OPERATING);
	ck_assert_uint_eq(m.viol.errors, 0);
	/* the reply is the sheet's §8.3 bytes */
	wn = hex(config_rsp, want, sizeof(want));
	ck_assert_uint_eq(sent_len[1], wn);
	ck_assert_mem_eq(sent[1], want, wn);
	n = hex(mp_fixed, p, sizeof(p));
	ck_assert_int_eq(phd_mgr_rx(&m, p, n, 2 * MS), CC_OK);
	ck_assert(m.scan_new);
	ck_assert_uint_eq(m.scan.nobs, 5);
	wn = hex(mp_fixed_rsp, want, sizeof(want));
	ck_assert_mem_eq(sent[2], want, wn);
	/* GET MDS, answered with our invoke-id */
	ck_assert_int_eq(phd_mgr_get_mds(&m, 3 * MS), CC_OK);
	uint16_t inv = phd_u16(sent[3] + 6);
	ck_assert(phd_mgr_pending(&m, inv));
	n = hex("E7 00 00 0E 00 0C 00 00 02 03 00 06 00 00 00 00 00 00", p, sizeof(p));
	phd_put16(p + 6, inv);
	ck_assert_int_eq(phd_mgr_rx(&m, p, n, 4 * MS), CC_OK);
	ck_assert(!phd_mgr_pending(&m, inv));
	ck_assert_uint_eq(m.n_rors, 1);
	/* release */
	ck_assert_int_eq(phd_mgr_release(&m, 5 * MS), CC_OK);
	ck_assert_int_eq(m.state, PHD_M_DISASSOCIATING);
	ck_assert_uint_eq(sent_choice(4), PHD_RLRQ);
	n = event_bytes(PHD_E_RLRE, p);
	ck_assert_int_eq(phd_mgr_rx(&m, p, n, 6 * MS), CC_OK);
	ck_assert_int_eq(m.state, PHD_M_UNASSOCIATED);
	/* the extended configuration is remembered for this system-id */
	nsent = 0;
	n = hex(aarq_ext, p, sizeof(p));
	phd_mgr_rx(&m, p, n, 7 * MS);
	ck_assert_int_eq(m.state, PHD_M_OPERATING);
	ck_assert_uint_eq(phd_u16(sent[0] + 4), PHD_AARE_ACCEPTED);
}
END_TEST

START_TEST(test_standard_and_rejections)
{
	static struct phd_manager m;
	uint8_t p[512];
	size_t n;

	/* 1700 (glucose) is known: straight to Operating */
	setup(&m, "10417");
	n = hex(aarq_ext, p, sizeof(p));
	phd_put16(p + 44, 1700);
	phd_mgr_rx(&m, p, n, 0);
	ck_assert_int_eq(m.state, PHD_M_OPERATING);
	ck_assert(m.have_cfg);
	ck_assert_uint_eq(m.cfg.obj[0].type_term, 29112);
	/* wrong data-proto-id: rejected-no-common-protocol, stays */
	setup(&m, "10417");
	n = hex(aarq_ext, p, sizeof(p));
	p[12] = 0x50;
	p[13] = 0x80;
	phd_mgr_rx(&m, p, n, 0);
	ck_assert_int_eq(m.state, PHD_M_UNASSOCIATED);
	ck_assert_uint_eq(phd_u16(sent[0] + 4), PHD_AARE_REJ_NO_COMMON_PROTOCOL);
	ck_assert_uint_eq(m.viol.errors, 1);
	/* the rejection form is a setting: data-proto-id 0, empty info */
	setup(&m, "10417");
	m.set.reject_empty_proto = true;
	phd_mgr_rx(&m, p, n, 0);
	ck_assert_uint_eq(sent_len[0], 10);
	/* no MDER bit */
	setup(&m, "10417");
	n = hex(aarq_ext, p, sizeof(p));
	p[20] = 0x20;
	phd_mgr_rx(&m, p, n, 0);
	ck_assert_uint_eq(phd_u16(sent[0] + 4), PHD_AARE_REJ_NO_COMMON_PARAMETER);
	/* 700 claimed by a glucose meter */
	setup(&m, "10417");
	n = hex(aarq_ext, p, sizeof(p));
	phd_put16(p + 44, 700);
	phd_mgr_rx(&m, p, n, 0);
	ck_assert_uint_eq(m.viol.errors, 1);
}
END_TEST

START_TEST(test_timers_and_invoke)
{
	static struct phd_manager m;
	uint8_t p[512];
	size_t n;

	/* TO_config: ABRT with the configured reason */
	setup(&m, "10407");
	n = hex(aarq_ext, p, sizeof(p));
	phd_mgr_rx(&m, p, n, 0);
	ck_assert_int_eq(m.state, PHD_M_WAIT_CONFIG);
	nsent = 0;
	ck_assert_int_eq(phd_mgr_tick(&m, 9999 * MS), CC_OK);
	ck_assert_uint_eq(nsent, 0);
	ck_assert_int_eq(phd_mgr_tick(&m, 10000 * MS), CC_OK);
	ck_assert_uint_eq(nsent, 1);
	ck_assert_uint_eq(sent_choice(0), PHD_ABRT);
	ck_assert_uint_eq(phd_u16(sent[0] + 4), PHD_ABRT_CONFIG_TIMEOUT);
	ck_assert_int_eq(m.state, PHD_M_UNASSOCIATED);
	/* a RORS to an invoke-id never used: ABRT */
	setup(&m, "10417");
	n = hex(aarq_ext, p, sizeof(p));
	phd_put16(p + 44, 1700);
	phd_mgr_rx(&m, p, n, 0);
	phd_mgr_get_mds(&m, 0);
	nsent = 0;
	n = event_bytes(PHD_E_RORS, p);
	phd_put16(p + 6, 0x0777);
	phd_mgr_rx(&m, p, n, 0);
	ck_assert_int_eq(m.state, PHD_M_UNASSOCIATED);
	ck_assert_uint_eq(sent_choice(0), PHD_ABRT);
	ck_assert(m.last_illegal);
	/* TO_get: no answer within to_response, reason 2 */
	setup(&m, "10417");
	n = hex(aarq_ext, p, sizeof(p));
	phd_put16(p + 44, 1700);
	phd_mgr_rx(&m, p, n, 0);
	phd_mgr_get_mds(&m, 0);
	nsent = 0;
	phd_mgr_tick(&m, 3000 * MS);
	ck_assert_uint_eq(phd_u16(sent[0] + 4), PHD_ABRT_RESPONSE_TIMEOUT);
	/* a malformed APDU: ABRT in any state */
	setup(&m, "10417");
	n = hex(aarq_ext, p, sizeof(p));
	p[3] = 0x33; /* says 51 bytes follow, 50 do */
	nsent = 0;
	phd_mgr_rx(&m, p, n, 0);
	ck_assert_uint_eq(m.n_malformed, 1);
	ck_assert_uint_eq(sent_choice(0), PHD_ABRT);
	ck_assert_int_eq(m.state, PHD_M_UNASSOCIATED);
}
END_TEST

/* a refused configuration (7.31): back to Waiting-for-config, TO_config
 * armed again; the next report is accepted; a standard id is then
 * unknown too */
START_TEST(test_refused_config)
{
	static struct phd_manager m;
	uint8_t p[512];
	size_t n;

	setup(&m, "10417");
	m.refuse_configs = 1;
	n = hex(aarq_ext, p, sizeof(p));
	phd_put16(p + 44, 1700);
	phd_mgr_rx(&m, p, n, 0);
	ck_assert_int_eq(m.state, PHD_M_WAIT_CONFIG);
	ck_assert_uint_eq(phd_u16(sent[0] + 4), PHD_AARE_ACCEPTED_UNKNOWN_CONFIG);
	setup(&m, "10407");
	m.refuse_configs = 1;
	n = hex(aarq_ext, p, sizeof(p));
	phd_mgr_rx(&m, p, n, 0);
	n = hex(config_bp, p, sizeof(p));
	nsent = 0;
	phd_mgr_rx(&m, p, n, 1000 * MS);
	ck_assert_int_eq(m.state, PHD_M_WAIT_CONFIG);
	ck_assert_uint_eq(phd_u16(sent[0] + 24), 1); /* unsupported-config */
	ck_assert_int_eq(m.timer_ns, 11000 * MS);
	nsent = 0;
	phd_mgr_rx(&m, p, n, 2000 * MS);
	ck_assert_int_eq(m.state, PHD_M_OPERATING);
	ck_assert_uint_eq(phd_u16(sent[0] + 24), 0);
	ck_assert_uint_eq(m.n_configs, 2);
}
END_TEST

Suite *suite_phd_manager(void)
{
	Suite *s = suite_create("phd_manager");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_table_rows);
	tcase_add_test(tc, test_session_extended);
	tcase_add_test(tc, test_standard_and_rejections);
	tcase_add_test(tc, test_timers_and_invoke);
	tcase_add_test(tc, test_refused_config);
	suite_add_tcase(s, tc);
	return s;
}
