/* SPDX-License-Identifier: MIT */
#include "phd/manager.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "phd/nomen.h"

#define NSEC 1000000000LL

void phd_mgr_settings_default(struct phd_mgr_settings *s)
{
	static const uint8_t eui[8] = {0x43, 0x41, 0x52, 0x45, 0x43, 0x45, 0x52, 0x54};

	memset(s, 0, sizeof(*s));
	s->to_config = 10 * NSEC;
	s->to_release = 3 * NSEC;
	s->to_response = 3 * NSEC;
	s->abort_config_timeout = PHD_ABRT_CONFIG_TIMEOUT;
	s->abort_response_timeout = PHD_ABRT_RESPONSE_TIMEOUT;
	memcpy(s->system_id, eui, 8); /* "CARECERT" */
}

/* ---- the table (§5.2; ANT fsm.c's numbers) ---- */

enum act {
	ACT_IGNORE,
	ACT_ASSOC,        /* judge the AARQ, answer AARE */
	ACT_ABRT_U,       /* ABRT undefined */
	ACT_RLRE,         /* answer RLRE */
	ACT_ROER,         /* answer ROER (a confirmed or unconfirmed ROIV) */
	ACT_CONFIG,       /* check the configuration, answer ConfigReportRsp */
	ACT_EVENT,        /* decode a scan report; RORS when confirmed */
	ACT_RORJ,         /* GET/SET/ACTION from the agent: RORJ */
	ACT_MATCH,        /* match invoke-id; an unknown one aborts */
	ACT_RELEASED,     /* RLRE to our RLRQ */
	ACT_TIMEOUT,      /* the armed timer: ABRT with its reason */
	ACT_NONE,         /* only the state changes */
};

static const struct row {
	enum phd_mstate s;
	enum phd_mevent e;
	enum act act;
	enum phd_mstate next; /* ACT_ASSOC, ACT_CONFIG, ACT_MATCH decide */
	bool illegal;
	const char *clause, *what;
} rows[] = {
	{PHD_M_UNASSOCIATED, PHD_E_AARQ, ACT_ASSOC, PHD_M_UNASSOCIATED, false, "2.9-2.11", "answer AARE"},
	{PHD_M_UNASSOCIATED, PHD_E_AARE, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "2.12", "send ABRT"},
	{PHD_M_UNASSOCIATED, PHD_E_RLRQ, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "2.16", "send ABRT"},
	{PHD_M_UNASSOCIATED, PHD_E_RLRE, ACT_IGNORE, PHD_M_UNASSOCIATED, true, "2.17", "ignore"},
	{PHD_M_UNASSOCIATED, PHD_E_ABRT, ACT_IGNORE, PHD_M_UNASSOCIATED, false, "2.18", "ignore"},
	{PHD_M_UNASSOCIATED, PHD_E_ROIV_CONFIG, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "2.19", "send ABRT"},
	{PHD_M_UNASSOCIATED, PHD_E_ROIV_CEVENT, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "2.19", "send ABRT"},
	{PHD_M_UNASSOCIATED, PHD_E_ROIV_EVENT, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "2.19", "send ABRT"},
	{PHD_M_UNASSOCIATED, PHD_E_ROIV_OTHER, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "2.19", "send ABRT"},
	{PHD_M_UNASSOCIATED, PHD_E_RORS, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "2.19", "send ABRT"},
	{PHD_M_UNASSOCIATED, PHD_E_ROER, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "2.19", "send ABRT"},
	{PHD_M_UNASSOCIATED, PHD_E_RORJ, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "2.19", "send ABRT"},

	{PHD_M_WAIT_CONFIG, PHD_E_ROIV_CONFIG, ACT_CONFIG, PHD_M_CHECK_CONFIG, false, "6.24", "check the configuration"},
	{PHD_M_WAIT_CONFIG, PHD_E_ROIV_EVENT, ACT_ROER, PHD_M_WAIT_CONFIG, true, "6.25", "send ROER"},
	/* a confirmed measurement before the configuration: answered like
	 * 6.25 (ANT ignores other ROIV) */
	{PHD_M_WAIT_CONFIG, PHD_E_ROIV_CEVENT, ACT_ROER, PHD_M_WAIT_CONFIG, true, "6.25", "send ROER"},
	{PHD_M_WAIT_CONFIG, PHD_E_ROIV_OTHER, ACT_ROER, PHD_M_WAIT_CONFIG, true, "6.25", "send ROER"},
	{PHD_M_WAIT_CONFIG, PHD_E_RORS, ACT_MATCH, PHD_M_WAIT_CONFIG, false, "6.26", "match invoke-id"},
	{PHD_M_WAIT_CONFIG, PHD_E_ROER, ACT_MATCH, PHD_M_WAIT_CONFIG, false, "6.26", "match invoke-id"},
	{PHD_M_WAIT_CONFIG, PHD_E_RORJ, ACT_MATCH, PHD_M_WAIT_CONFIG, false, "6.26", "match invoke-id"},
	{PHD_M_WAIT_CONFIG, PHD_E_AARQ, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "6.8", "send ABRT"},
	{PHD_M_WAIT_CONFIG, PHD_E_AARE, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "6.12", "send ABRT"},
	{PHD_M_WAIT_CONFIG, PHD_E_RLRE, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "6.17", "send ABRT"},
	{PHD_M_WAIT_CONFIG, PHD_E_RLRQ, ACT_RLRE, PHD_M_UNASSOCIATED, false, "6.16", "send RLRE"},
	{PHD_M_WAIT_CONFIG, PHD_E_ABRT, ACT_NONE, PHD_M_UNASSOCIATED, false, "6.18", "none"},
	{PHD_M_WAIT_CONFIG, PHD_E_TIMEOUT, ACT_TIMEOUT, PHD_M_UNASSOCIATED, false, "6.4", "send ABRT"},

	{PHD_M_OPERATING, PHD_E_ROIV_CEVENT, ACT_EVENT, PHD_M_OPERATING, false, "8.21", "process, send RORS"},
	{PHD_M_OPERATING, PHD_E_ROIV_EVENT, ACT_EVENT, PHD_M_OPERATING, false, "8.21", "process"},
	/* a configuration report once operating: refused unless the profile's
	 * tolerance (§5.2, mCRL2 model) accepts it */
	{PHD_M_OPERATING, PHD_E_ROIV_CONFIG, ACT_CONFIG, PHD_M_OPERATING, true, "8.21", "send ROER"},
	{PHD_M_OPERATING, PHD_E_ROIV_OTHER, ACT_RORJ, PHD_M_OPERATING, false, "8.21", "send RORJ"},
	{PHD_M_OPERATING, PHD_E_RORS, ACT_MATCH, PHD_M_OPERATING, false, "8.26", "match invoke-id"},
	{PHD_M_OPERATING, PHD_E_ROER, ACT_MATCH, PHD_M_OPERATING, false, "8.26", "match invoke-id"},
	{PHD_M_OPERATING, PHD_E_RORJ, ACT_MATCH, PHD_M_OPERATING, false, "8.26", "match invoke-id"},
	{PHD_M_OPERATING, PHD_E_AARQ, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "8.8", "send ABRT"},
	{PHD_M_OPERATING, PHD_E_AARE, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "8.12", "send ABRT"},
	{PHD_M_OPERATING, PHD_E_RLRE, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "8.17", "send ABRT"},
	{PHD_M_OPERATING, PHD_E_RLRQ, ACT_RLRE, PHD_M_UNASSOCIATED, false, "8.16", "send RLRE"},
	{PHD_M_OPERATING, PHD_E_ABRT, ACT_NONE, PHD_M_UNASSOCIATED, false, "8.18", "none"},
	{PHD_M_OPERATING, PHD_E_TIMEOUT, ACT_TIMEOUT, PHD_M_UNASSOCIATED, false, "8.4", "send ABRT"},

	{PHD_M_DISASSOCIATING, PHD_E_RLRE, ACT_RELEASED, PHD_M_UNASSOCIATED, false, "9.17", "none"},
	{PHD_M_DISASSOCIATING, PHD_E_RLRQ, ACT_RLRE, PHD_M_DISASSOCIATING, false, "9.16", "send RLRE"},
	{PHD_M_DISASSOCIATING, PHD_E_ROIV_CONFIG, ACT_IGNORE, PHD_M_DISASSOCIATING, false, "9.21", "ignore"},
	{PHD_M_DISASSOCIATING, PHD_E_ROIV_CEVENT, ACT_IGNORE, PHD_M_DISASSOCIATING, false, "9.21", "ignore"},
	{PHD_M_DISASSOCIATING, PHD_E_ROIV_EVENT, ACT_IGNORE, PHD_M_DISASSOCIATING, false, "9.21", "ignore"},
	{PHD_M_DISASSOCIATING, PHD_E_ROIV_OTHER, ACT_IGNORE, PHD_M_DISASSOCIATING, false, "9.21", "ignore"},
	{PHD_M_DISASSOCIATING, PHD_E_RORS, ACT_MATCH, PHD_M_DISASSOCIATING, false, "9.26", "match invoke-id"},
	{PHD_M_DISASSOCIATING, PHD_E_ROER, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "9.27", "send ABRT"},
	{PHD_M_DISASSOCIATING, PHD_E_RORJ, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "9.28", "send ABRT"},
	{PHD_M_DISASSOCIATING, PHD_E_AARQ, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "9.8", "send ABRT"},
	{PHD_M_DISASSOCIATING, PHD_E_AARE, ACT_ABRT_U, PHD_M_UNASSOCIATED, true, "9.12", "send ABRT"},
	{PHD_M_DISASSOCIATING, PHD_E_ABRT, ACT_NONE, PHD_M_UNASSOCIATED, false, "9.18", "none"},
	{PHD_M_DISASSOCIATING, PHD_E_TIMEOUT, ACT_TIMEOUT, PHD_M_UNASSOCIATED, false, "9.4", "send ABRT"},
};

bool phd_mgr_row(enum phd_mstate s, enum phd_mevent e, struct phd_transition *t,
		 bool *illegal)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (rows[i].s != s || rows[i].e != e)
			continue;
		*t = (struct phd_transition){s, rows[i].next, e, rows[i].clause, rows[i].what};
		*illegal = rows[i].illegal;
		return true;
	}
	return false;
}

static const char *const state_names[] = {
	"Disconnected", "Unassociated", "Waiting-for-config", "Checking-config",
	"Operating", "Disassociating",
};
static const char *const event_names[] = {
	"AARQ", "AARE", "RLRQ", "RLRE", "ABRT", "config report",
	"confirmed event report", "event report", "GET/SET/ACTION", "RORS",
	"ROER", "RORJ", "malformed APDU", "timeout", "disconnect",
};

const char *phd_mstate_name(enum phd_mstate s)
{
	return (unsigned)s < PHD_M_NSTATES ? state_names[s] : "?";
}

const char *phd_mevent_name(enum phd_mevent e)
{
	return (unsigned)e < PHD_E_NEVENTS ? event_names[e] : "the manager's own action";
}

/* ---- sending ---- */

static int emit(struct phd_manager *m, const struct phd_apdu *a)
{
	uint8_t out[1024];
	size_t len;
	char what[160];
	int rc = phd_apdu_encode(a, out, sizeof(out), &len);

	if (rc)
		return rc;
	phd_apdu_summary(a, what, sizeof(what));
	return m->send ? m->send(m->data, out, len, what) : CC_OK;
}

static int send_simple(struct phd_manager *m, uint16_t choice, uint16_t reason)
{
	struct phd_apdu a;

	memset(&a, 0, sizeof(a));
	a.choice = choice;
	a.result = reason;
	return emit(m, &a);
}

static int send_data(struct phd_manager *m, const struct phd_data *d)
{
	struct phd_apdu a;

	memset(&a, 0, sizeof(a));
	a.choice = PHD_PRST;
	a.data = *d;
	return emit(m, &a);
}

static int send_aare(struct phd_manager *m, uint16_t result)
{
	struct phd_apdu a;
	struct phd_assoc_info *ai = &a.proto[0].ai;

	memset(&a, 0, sizeof(a));
	a.choice = PHD_AARE;
	a.result = result;
	a.nproto = 1;
	bool reject = result != PHD_AARE_ACCEPTED && result != PHD_AARE_ACCEPTED_UNKNOWN_CONFIG;
	if (reject && m->set.reject_empty_proto) {
		a.proto[0].id = 0; /* data-proto-id 0, empty info (§2.2) */
		return emit(m, &a);
	}
	a.proto[0].id = PHD_PROTO_20601;
	a.proto[0].is_20601 = true;
	ai->protocol_version = 0x80000000u;
	ai->encoding_rules = PHD_ENC_MDER;
	ai->nomenclature_version = 0x80000000u;
	ai->system_type = PHD_SYSTYPE_MANAGER;
	ai->system_id = (struct phd_blob){m->set.system_id, 8};
	return emit(m, &a);
}

static void transition(struct phd_manager *m, enum phd_mstate to, enum phd_mevent e,
		       const char *clause, const char *what)
{
	struct phd_transition t = {m->state, to, e, clause, what};

	m->state = to;
	if (to == PHD_M_UNASSOCIATED || to == PHD_M_DISCONNECTED) {
		m->timer = PHD_T_NONE;
		m->timer_ns = 0;
		memset(m->pending, 0, sizeof(m->pending));
		m->have_scan_no = false;
	}
	if (m->on_transition)
		m->on_transition(m->data, &t);
}

void phd_mgr_init(struct phd_manager *m, const struct phd_mgr_settings *set,
		  const struct phd_spec *spec)
{
	memset(m, 0, sizeof(*m));
	m->set = *set;
	m->spec = spec;
	m->state = PHD_M_DISCONNECTED;
	m->next_invoke = 1;
	phd_viol_init(&m->viol);
}

void phd_mgr_connect(struct phd_manager *m)
{
	if (m->state == PHD_M_DISCONNECTED)
		transition(m, PHD_M_UNASSOCIATED, PHD_E_NEVENTS, "1.1", "transport up");
}

void phd_mgr_disconnect(struct phd_manager *m)
{
	transition(m, PHD_M_DISCONNECTED, PHD_E_DISCONNECT, "any", "transport down");
}

bool phd_mgr_pending(const struct phd_manager *m, uint16_t invoke)
{
	for (size_t i = 0; i < sizeof(m->pending) / sizeof(m->pending[0]); i++)
		if (m->pending[i].used && m->pending[i].invoke == invoke)
			return true;
	return false;
}

static uint16_t add_pending(struct phd_manager *m, uint16_t msg, int64_t now)
{
	uint16_t id = m->next_invoke++;

	if (m->next_invoke == 0xFFFF)
		m->next_invoke = 1;
	for (size_t i = 0; i < sizeof(m->pending) / sizeof(m->pending[0]); i++) {
		if (!m->pending[i].used) {
			m->pending[i].used = true;
			m->pending[i].invoke = id;
			m->pending[i].msg = msg;
			break;
		}
	}
	if (m->timer == PHD_T_NONE) {
		m->timer = PHD_T_RESPONSE;
		m->timer_ns = now + m->set.to_response;
	}
	return id;
}

static bool take_pending(struct phd_manager *m, uint16_t invoke)
{
	bool any = false, hit = false;

	for (size_t i = 0; i < sizeof(m->pending) / sizeof(m->pending[0]); i++) {
		if (m->pending[i].used && m->pending[i].invoke == invoke) {
			m->pending[i].used = false;
			hit = true;
		}
		any |= m->pending[i].used;
	}
	if (hit && !any && m->timer == PHD_T_RESPONSE)
		m->timer = PHD_T_NONE;
	return hit;
}

/* ---- events ---- */

static enum phd_mevent classify(const struct phd_apdu *a)
{
	switch (a->choice) {
	case PHD_AARQ: return PHD_E_AARQ;
	case PHD_AARE: return PHD_E_AARE;
	case PHD_RLRQ: return PHD_E_RLRQ;
	case PHD_RLRE: return PHD_E_RLRE;
	case PHD_ABRT: return PHD_E_ABRT;
	default: break;
	}
	switch (a->data.choice) {
	case PHD_ROIV_CEVENT:
		return a->data.type == PHD_NOTI_CONFIG ? PHD_E_ROIV_CONFIG : PHD_E_ROIV_CEVENT;
	case PHD_ROIV_EVENT:
		return PHD_E_ROIV_EVENT;
	case PHD_RORS_CEVENT:
	case PHD_RORS_GET:
	case PHD_RORS_CSET:
	case PHD_RORS_CACTION:
		return PHD_E_RORS;
	case PHD_ROER: return PHD_E_ROER;
	case PHD_RORJ: return PHD_E_RORJ;
	default: return PHD_E_ROIV_OTHER;
	}
}

static const struct phd_config *learnt(const struct phd_manager *m,
				       const uint8_t *sysid, uint16_t id)
{
	for (size_t i = 0; i < 4; i++)
		if (m->learnt[i].used && m->learnt[i].cfg.id == id &&
		    !memcmp(m->learnt[i].sysid, sysid, 8))
			return &m->learnt[i].cfg;
	return NULL;
}

/* §2.2: ANT's order of checks, then the configuration known or not. */
static int on_aarq(struct phd_manager *m, const struct phd_apdu *a, int64_t now)
{
	const struct phd_data_proto *dp = NULL;
	struct phd_viol *v = &m->viol;
	uint16_t result;

	for (size_t i = 0; i < a->nproto && i < PHD_MAX_PROTO; i++)
		if (a->proto[i].is_20601 && !dp)
			dp = &a->proto[i];
	if (!(a->assoc_version & PHD_ASSOC_V1)) {
		phd_viol_add(v, false, "assoc-version 0x%08X lacks assoc-version1", a->assoc_version);
		result = PHD_AARE_REJ_ASSOC_VERSION;
	} else if (!dp) {
		phd_viol_add(v, false, "no DataProto with data-proto-id 20601 (0x5079)");
		result = PHD_AARE_REJ_NO_COMMON_PROTOCOL;
	} else if (!(dp->ai.protocol_version & 0x80000000u) ||
		   !(dp->ai.encoding_rules & PHD_ENC_MDER) ||
		   !(dp->ai.nomenclature_version & 0x80000000u)) {
		phd_viol_add(v, false, "protocol 0x%08X, encoding 0x%04X, nomenclature 0x%08X: no common parameter",
			     dp->ai.protocol_version, dp->ai.encoding_rules, dp->ai.nomenclature_version);
		result = PHD_AARE_REJ_NO_COMMON_PARAMETER;
	} else {
		const struct phd_assoc_info *ai = &dp->ai;
		uint16_t id = ai->dev_config_id;

		if (ai->system_type != PHD_SYSTYPE_AGENT)
			phd_viol_add(v, false, "system-type 0x%08X is not agent (0x00800000)", ai->system_type);
		if (ai->system_id.len != 8)
			phd_viol_add(v, false, "system-id is %u bytes, not an EUI-64", ai->system_id.len);
		if (id == 0 || id >= 0x8000)
			phd_viol_add(v, false, "dev-config-id 0x%04X is reserved", id);
		m->agent = *ai;
		memset(m->agent_sysid, 0, 8);
		if (ai->system_id.len == 8)
			memcpy(m->agent_sysid, ai->system_id.p, 8);
		m->agent.system_id = (struct phd_blob){m->agent_sysid, 8};
		m->agent.options = (struct phd_blob){NULL, 0};
		const struct phd_config *c = phd_std_config(id);
		if (c && m->spec && !phd_spec_std_id(m->spec, id))
			phd_viol_add(v, false, "dev-config-id %u is the standard configuration of another specialization than %s",
				     id, m->spec->name);
		if (!c)
			c = learnt(m, m->agent_sysid, id);
		/* a test that refuses a configuration must first be sent one:
		 * the manager then knows no configuration, standard or learnt */
		if (m->refuse_configs)
			c = NULL;
		m->have_cfg = c != NULL;
		if (c)
			m->cfg = *c;
		result = c ? PHD_AARE_ACCEPTED : PHD_AARE_ACCEPTED_UNKNOWN_CONFIG;
	}
	m->aare_result = result;
	int rc = send_aare(m, result);
	if (result == PHD_AARE_ACCEPTED) {
		transition(m, PHD_M_OPERATING, PHD_E_AARQ, "2.9", "send AARE accepted");
	} else if (result == PHD_AARE_ACCEPTED_UNKNOWN_CONFIG) {
		m->timer = PHD_T_CONFIG;
		m->timer_ns = now + m->set.to_config;
		transition(m, PHD_M_WAIT_CONFIG, PHD_E_AARQ, "2.10", "send AARE accepted-unknown-config, start TO_config");
	} else {
		transition(m, PHD_M_UNASSOCIATED, PHD_E_AARQ, "2.11", "send AARE rejected");
	}
	return rc;
}

static int reply_cevent(struct phd_manager *m, const struct phd_data *d,
			const uint8_t *info, uint16_t len)
{
	struct phd_data r = {0};

	r.invoke_id = d->invoke_id;
	r.choice = PHD_RORS_CEVENT;
	r.handle = d->handle;
	r.time = d->time; /* currentTime: ANT echoes the event time */
	r.type = d->type;
	r.arg = (struct phd_blob){info, len};
	return send_data(m, &r);
}

static int on_config(struct phd_manager *m, const struct phd_apdu *a, int64_t now)
{
	struct phd_config c;
	struct phd_viol *v = &m->viol;
	uint8_t rsp[4];
	size_t before = v->errors;

	if (m->state == PHD_M_WAIT_CONFIG)
		transition(m, PHD_M_CHECK_CONFIG, PHD_E_ROIV_CONFIG, "6.24", "check the configuration");
	phd_config_parse(a->data.arg, &c, v);
	/* a configuration the manager cannot read is unsupported; one that
	 * breaks the specialization is accepted, as ANT does, so the test
	 * goes on, and its findings stay in viol */
	size_t parse_errors = v->errors - before;
	const struct phd_config *std = phd_std_config(c.id);
	bool unknown_std = false;

	if (c.id >= 0x4000 && c.id < 0x8000) {
		phd_config_check(&c, m->spec, v);
	} else if (std) {
		if (c.nobj)
			phd_config_match_std(&c, std, v);
		phd_config_check(c.nobj ? &c : std, m->spec, v);
	} else if (c.id && c.id < 0x4000 && !c.nobj) {
		unknown_std = true; /* ANT: standard-config-unknown */
	} else if (c.id && c.id < 0x4000) {
		phd_config_check(&c, m->spec, v);
	} else {
		phd_viol_add(v, false, "config-report-id 0x%04X is reserved", c.id);
		parse_errors++;
	}
	/* 0 accepted-config, 1 unsupported-config, 2 standard-config-unknown */
	m->cfg_result = parse_errors ? 1 : unknown_std ? 2 : 0;
	m->n_configs++;
	if (m->cfg_result == 0 && m->refuse_configs) {
		m->refuse_configs--;
		m->cfg_result = 1; /* unsupported-config, as the test asked */
	}
	phd_put16(rsp, c.id);
	phd_put16(rsp + 2, m->cfg_result);
	int rc = reply_cevent(m, &a->data, rsp, 4);
	if (m->cfg_result == 0) {
		m->cfg = c.nobj ? c : *std;
		m->have_cfg = true;
		m->timer = PHD_T_NONE;
		if (c.id >= 0x4000) {
			size_t slot = 0;
			for (size_t i = 0; i < 4; i++)
				if (!m->learnt[i].used || !memcmp(m->learnt[i].sysid, m->agent_sysid, 8)) {
					slot = i;
					break;
				}
			m->learnt[slot].used = true;
			memcpy(m->learnt[slot].sysid, m->agent_sysid, 8);
			m->learnt[slot].cfg = m->cfg;
		}
		transition(m, PHD_M_OPERATING, PHD_E_ROIV_CONFIG, "7.32", "send RORS accepted-config");
	} else {
		m->timer = PHD_T_CONFIG;
		m->timer_ns = now + m->set.to_config;
		transition(m, PHD_M_WAIT_CONFIG, PHD_E_ROIV_CONFIG, "7.31", "send RORS unsupported-config");
	}
	return rc;
}

static int on_event(struct phd_manager *m, const struct phd_apdu *a)
{
	const struct phd_data *d = &a->data;
	struct phd_viol *v = &m->viol;
	int rc = CC_OK;

	if (d->handle != 0)
		phd_viol_add(v, false, "event report on handle %u; scan reports come from the MDS (0)", d->handle);
	if (m->have_cfg) {
		phd_scan_decode(d->type, d->arg, &m->cfg, &m->scan, v);
		m->scan_new = true;
		m->n_scans++;
		if (m->have_scan_no && m->scan.scan_report_no == m->last_scan_no)
			phd_viol_add(v, false, "scan-report-no %u repeats the previous report's",
				     m->scan.scan_report_no);
		m->have_scan_no = true;
		m->last_scan_no = m->scan.scan_report_no;
	}
	if (d->choice == PHD_ROIV_CEVENT)
		rc = reply_cevent(m, d, NULL, 0);
	return rc;
}

static int send_roer(struct phd_manager *m, const struct phd_data *d, uint16_t err)
{
	struct phd_data r = {0};

	r.invoke_id = d->invoke_id;
	r.choice = PHD_ROER;
	r.code = err;
	return send_data(m, &r);
}

int phd_mgr_rx(struct phd_manager *m, const uint8_t *p, size_t n, int64_t now)
{
	struct phd_transition t;
	bool illegal = false;
	int rc = CC_OK;

	phd_viol_init(&m->viol);
	m->scan_new = false;
	m->n_rx++;
	if (n > sizeof(m->last_bytes))
		n = sizeof(m->last_bytes);
	memcpy(m->last_bytes, p, n);
	m->last_len = n;
	int drc = phd_apdu_decode(m->last_bytes, n, &m->last, &m->viol);
	enum phd_mevent e = drc ? PHD_E_MALFORMED : classify(&m->last);

	m->last_event = e;
	if (e == PHD_E_ABRT)
		m->n_aborts_rx++;
	if (e == PHD_E_MALFORMED) {
		/* §6: a broken APDU is answered with ABRT in any state */
		m->n_malformed++;
		m->last_illegal = true;
		rc = send_simple(m, PHD_ABRT, PHD_ABRT_UNDEFINED);
		transition(m, PHD_M_UNASSOCIATED, e, "6", "send ABRT");
		return rc;
	}
	if (!phd_mgr_row(m->state, e, &t, &illegal)) {
		/* Disconnected or the transient Checking-config: nothing */
		m->last_illegal = true;
		m->n_illegal++;
		return CC_OK;
	}
	m->last_illegal = illegal;
	if (illegal)
		m->n_illegal++;
	const struct row *r = NULL;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]) && !r; i++)
		if (rows[i].s == m->state && rows[i].e == e)
			r = &rows[i];
	switch (r->act) {
	case ACT_ASSOC:
		return on_aarq(m, &m->last, now);
	case ACT_IGNORE:
		break;
	case ACT_ABRT_U:
		rc = send_simple(m, PHD_ABRT, PHD_ABRT_UNDEFINED);
		break;
	case ACT_RLRE:
		rc = send_simple(m, PHD_RLRE, 0);
		break;
	case ACT_ROER:
		/* carecert's choice: the sheet gives no error value for 6.25 */
		rc = send_roer(m, &m->last.data, 23 /* protocol-violation */);
		break;
	case ACT_CONFIG:
		if (m->state == PHD_M_OPERATING && !m->set.config_in_operating) {
			rc = send_roer(m, &m->last.data, 24 /* not-allowed-by-object */);
			break;
		}
		m->last_illegal = false;
		return on_config(m, &m->last, now);
	case ACT_EVENT:
		rc = on_event(m, &m->last);
		break;
	case ACT_RORJ:
	{
		struct phd_data rj = {0};

		rj.invoke_id = m->last.data.invoke_id;
		rj.choice = PHD_RORJ;
		rj.code = 101; /* unrecognized-operation */
		rc = send_data(m, &rj);
		break;
	}
	case ACT_MATCH:
		if (take_pending(m, m->last.data.invoke_id)) {
			m->n_rors++;
			break;
		}
		m->last_illegal = true;
		m->n_illegal++;
		phd_viol_add(&m->viol, false, "%s answers invoke-id %u, which the manager never used",
			     phd_msg_name(m->last.data.choice), m->last.data.invoke_id);
		rc = send_simple(m, PHD_ABRT, PHD_ABRT_UNDEFINED);
		transition(m, PHD_M_UNASSOCIATED, e, t.clause, "unknown invoke-id: send ABRT");
		return rc;
	case ACT_RELEASED:
	case ACT_NONE:
	case ACT_TIMEOUT:
		break;
	}
	if (t.to != m->state || r->act != ACT_IGNORE)
		transition(m, t.to, e, t.clause, t.action);
	return rc;
}

int phd_mgr_tick(struct phd_manager *m, int64_t now)
{
	uint16_t reason = PHD_ABRT_UNDEFINED;
	const char *clause = "6.4";

	if (m->timer == PHD_T_NONE || now < m->timer_ns)
		return CC_OK;
	switch (m->timer) {
	case PHD_T_CONFIG: reason = m->set.abort_config_timeout; clause = "6.4"; break;
	case PHD_T_RELEASE: reason = PHD_ABRT_UNDEFINED; clause = "9.4"; break;
	case PHD_T_RESPONSE: reason = m->set.abort_response_timeout; clause = "8.4"; break;
	case PHD_T_NONE: break;
	}
	m->timer = PHD_T_NONE;
	m->n_timeouts++;
	int rc = send_simple(m, PHD_ABRT, reason);
	transition(m, PHD_M_UNASSOCIATED, PHD_E_TIMEOUT, clause, "timer expired: send ABRT");
	return rc;
}

int phd_mgr_get_mds(struct phd_manager *m, int64_t now)
{
	struct phd_data d = {0};

	if (m->state != PHD_M_OPERATING)
		return CC_EINVAL;
	d.invoke_id = add_pending(m, PHD_ROIV_GET, now);
	d.choice = PHD_ROIV_GET;
	d.handle = 0;
	return send_data(m, &d);
}

int phd_mgr_set_time(struct phd_manager *m, const struct phd_abstime *t, int64_t now)
{
	struct phd_data d = {0};
	uint8_t args[12] = {0};

	if (m->state != PHD_M_OPERATING)
		return CC_EINVAL;
	phd_abstime_encode(t, args);
	d.invoke_id = add_pending(m, PHD_ROIV_CACTION, now);
	d.choice = PHD_ROIV_CACTION;
	d.type = PHD_ACT_SET_TIME;
	d.arg = (struct phd_blob){args, sizeof(args)};
	return send_data(m, &d);
}

int phd_mgr_release(struct phd_manager *m, int64_t now)
{
	if (m->state != PHD_M_OPERATING && m->state != PHD_M_WAIT_CONFIG)
		return CC_EINVAL;
	int rc = send_simple(m, PHD_RLRQ, 0);
	transition(m, PHD_M_DISASSOCIATING, PHD_E_NEVENTS, "8.2", "send RLRQ, start TO_release");
	m->timer = PHD_T_RELEASE;
	m->timer_ns = now + m->set.to_release;
	return rc;
}

int phd_mgr_abort(struct phd_manager *m, uint16_t reason)
{
	int rc = send_simple(m, PHD_ABRT, reason);

	if (m->state != PHD_M_DISCONNECTED)
		transition(m, PHD_M_UNASSOCIATED, PHD_E_NEVENTS, "any", "send ABRT");
	return rc;
}

int phd_mgr_send_raw(struct phd_manager *m, const uint8_t *p, size_t n,
		     const char *what)
{
	return m->send ? m->send(m->data, p, n, what) : CC_OK;
}
