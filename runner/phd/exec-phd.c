/* SPDX-License-Identifier: MIT */
/*
 * Running the 11073-20601 steps: carecert is the manager (phd/manager.c)
 * of one attempt; the link is a byte stream cut into APDUs by their 4-byte
 * header (§6 of the sheet). Every APDU goes through the traffic log as a
 * frame (the transport's own logging), with a "phd" event naming it, and
 * every state transition is a "phd-state" event beside it.
 */
#include "phd/phd-steps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/units.h"
#include "core/exec-internal.h"
#include "phd/manager.h"
#include "phd/nomen.h"

struct phd_session {
	struct phd_manager m;
	struct exec *e;
	int send_rc;
	struct phd_viol acc;   /* the agent's findings during the step */
	uint64_t first_seq, last_seq;
	unsigned sent[8];      /* APDUs sent, by choice (0xE2.. -> 0..5) */
	/* the last rors-cmip-get, copied */
	uint8_t get_rsp[PHD_APDU_MAX];
	size_t get_len;
	uint16_t get_invoke;
	bool get_seen;
	/* the last APDU of the choice phd_illegal waits for */
	uint16_t awaited;
	bool awaited_seen;
	uint16_t awaited_reason;
};

static int sess_send(void *data, const uint8_t *p, size_t n, const char *what)
{
	struct phd_session *s = data;
	struct frame_ref ref;
	int rc = transport_send(s->e->t, p, n, &ref);

	transport_log_event(s->e->t, "phd", what);
	if (rc && !s->send_rc)
		s->send_rc = rc;
	if (!rc && n >= 2 && p[0] >= 0xE2 && p[0] <= 0xE7)
		s->sent[p[0] - 0xE2]++;
	return rc;
}

static void sess_transition(void *data, const struct phd_transition *t)
{
	struct phd_session *s = data;
	char msg[200];

	snprintf(msg, sizeof(msg), "%s -> %s on %s (%s: %s)", phd_mstate_name(t->from),
		 phd_mstate_name(t->to), phd_mevent_name(t->event), t->clause, t->action);
	transport_log_event(s->e->t, "phd-state", msg);
}

/* A limit of the suite as a duration, else dflt. */
static int64_t limit_ns(struct exec *e, const char *name, int64_t dflt)
{
	struct buf b;
	char ref[64], err[160];
	int64_t ns = dflt;
	bool declared = false;

	for (size_t i = 0; e->suite && i < e->suite->nlimits; i++)
		declared |= !strcmp(e->suite->limits[i].name, name);
	if (!declared)
		return dflt;
	snprintf(ref, sizeof(ref), "${limit.%s}", name);
	buf_init(&b, 256);
	if (exec_expand(e, ref, &b) && duration_parse(buf_str(&b), &ns, err, sizeof(err)))
		ns = dflt;
	buf_release(&b);
	return ns;
}

/* A plain-number limit of the suite (a setting), else dflt. */
static double limit_num(struct exec *e, const char *name, double dflt)
{
	struct quantity q;
	struct buf b;
	char ref[64], err[160];
	double v = dflt;
	bool declared = false;

	for (size_t i = 0; e->suite && i < e->suite->nlimits; i++)
		declared |= !strcmp(e->suite->limits[i].name, name);
	if (!declared)
		return dflt;
	snprintf(ref, sizeof(ref), "${limit.%s}", name);
	buf_init(&b, 256);
	if (exec_expand(e, ref, &b) && !quantity_parse(buf_str(&b), &q, err, sizeof(err)) &&
	    !q.unit[0])
		v = q.value;
	buf_release(&b);
	return v;
}

static struct phd_session *session(struct exec *e, const struct step *st)
{
	struct phd_session *s = e->phd;
	struct phd_mgr_settings set;
	const struct phd_spec *spec = NULL;

	if (s) {
		s->e = e;
		return s;
	}
	if (!(s = calloc(1, sizeof(*s))))
		return NULL;
	phd_mgr_settings_default(&set);
	set.to_config = limit_ns(e, "phd_to_config", set.to_config);
	set.to_release = limit_ns(e, "phd_to_release", set.to_release);
	set.to_response = limit_ns(e, "phd_to_response", set.to_response);
	/* where the sources disagree (§2.2, §5.2, §5.3): settings */
	set.abort_config_timeout = (uint16_t)limit_num(e, "phd_abort_reason_config_timeout",
						       set.abort_config_timeout);
	set.abort_response_timeout = (uint16_t)limit_num(e, "phd_abort_reason_response_timeout",
							 set.abort_response_timeout);
	set.reject_empty_proto = limit_num(e, "phd_reject_empty_proto", 0) != 0;
	set.config_in_operating = limit_num(e, "phd_config_in_operating", 0) != 0;
	/* the suite's category names the specialization it certifies */
	if (e->suite && e->suite->category) {
		static const struct { const char *cat, *spec; } map[] = {
			{"blood_pressure", "10407"}, {"glucose", "10417"},
			{"pulse_oximeter", "10404"}, {"thermometer", "10408"},
			{"weighing_scale", "10415"},
		};
		for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (!strcmp(map[i].cat, e->suite->category))
				spec = phd_spec_find(map[i].spec);
	}
	phd_mgr_init(&s->m, &set, spec);
	s->m.send = sess_send;
	s->m.on_transition = sess_transition;
	s->m.data = s;
	s->e = e;
	e->phd = s;
	phd_mgr_connect(&s->m);
	(void)st;
	return s;
}

void exec_phd_case_end(struct exec *e)
{
	struct phd_session *s = e->phd;

	if (!s)
		return;
	/* a case never leaves an association behind: the next one starts
	 * from Unassociated, as the agent does after an ABRT */
	s->e = e;
	if (!e->link_failed && s->m.state != PHD_M_UNASSOCIATED &&
	    s->m.state != PHD_M_DISCONNECTED)
		phd_mgr_abort(&s->m, PHD_ABRT_UNDEFINED);
	free(s);
	e->phd = NULL;
}

/* The findings of the APDU just handled, into the step's. */
static void collect(struct phd_session *s)
{
	const struct phd_manager *m = &s->m;

	for (size_t i = 0; i < m->viol.n; i++)
		phd_viol_add(&s->acc, m->viol.v[i].warning, "%s", m->viol.v[i].text);
	if (m->last_illegal && m->last_event != PHD_E_MALFORMED) {
		char sum[160];

		phd_apdu_summary(&m->last, sum, sizeof(sum));
		phd_viol_add(&s->acc, false, "%s is not allowed from the agent here (%s)", sum,
			     phd_mevent_name(m->last_event));
	}
}

typedef bool (*done_fn)(struct phd_session *s, void *arg);

/* Receive, frame and hand APDUs to the manager, run its timer, until done
 * says so (CC_OK), the deadline (CC_ETIMEDOUT) or a link error. */
static int pump(struct phd_session *s, int64_t deadline, done_fn done, void *arg)
{
	struct exec *e = s->e;
	struct rxq *q = e->rx;

	for (;;) {
		size_t size = 0;
		int f;

		while ((f = phd_apdu_frame(q->data.data, q->data.len, PHD_RX_APDU_MAX, &size)) != 0) {
			if (q->nchunks)
				s->last_seq = q->chunks[q->nchunks - 1].seq;
			if (!s->first_seq)
				s->first_seq = s->last_seq;
			if (f < 0) {
				/* §6: an unknown choice or an APDU beyond the buffer:
				 * ABRT (buffer-overflow for the latter) */
				phd_viol_add(&s->acc, false, "APDU header %02X%02X with length %zu: %s",
					     q->data.data[0], q->data.data[1], size,
					     phd_choice_known(phd_u16(q->data.data)) ? "too long" : "unknown choice");
				s->m.n_malformed++;
				phd_mgr_abort(&s->m, phd_choice_known(phd_u16(q->data.data))
							 ? PHD_ABRT_BUFFER_OVERFLOW : PHD_ABRT_UNDEFINED);
				rxq_consume(q, q->data.len);
				break;
			}
			phd_mgr_rx(&s->m, q->data.data, size, mono_now_ns());
			collect(s);
			rxq_consume(q, size);
			if (s->send_rc)
				return s->send_rc;
			if (done(s, arg))
				return CC_OK;
		}
		phd_mgr_tick(&s->m, mono_now_ns());
		if (s->send_rc)
			return s->send_rc;
		if (done(s, arg))
			return CC_OK;
		int64_t now = mono_now_ns(), until = deadline;

		if (now >= deadline)
			return CC_ETIMEDOUT;
		if (s->m.timer != 0 && s->m.timer_ns < until)
			until = s->m.timer_ns > now ? s->m.timer_ns : now + 1000000;
		int rc = rxq_read(q, e->t, until);

		if (rc && rc != CC_ETIMEDOUT)
			return rc;
	}
}

static void findings_text(const struct phd_viol *v, bool errors_only, char *out, size_t len)
{
	size_t o = 0;

	out[0] = 0;
	for (size_t i = 0; i < v->n && o + 4 < len; i++) {
		if (errors_only && v->v[i].warning)
			continue;
		int k = snprintf(out + o, len - o, "%s%s%s", o ? "; " : "",
				 v->v[i].warning ? "warning: " : "", v->v[i].text);
		if (k < 0)
			break;
		o += (size_t)k < len - o ? (size_t)k : len - o - 1;
	}
	if (v->dropped && o + 24 < len)
		snprintf(out + o, len - o, "; %zu more", v->dropped);
}

static void step_begin(struct phd_session *s)
{
	phd_viol_init(&s->acc);
	s->first_seq = s->last_seq = 0;
}

/* A variable for later steps; failing to keep it is an error verdict. */
static void setv(struct exec *e, const char *name, const char *value)
{
	if (vars_set(&e->vars, name, value))
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "cannot store %s", name);
}

/* ---- phd_associate ---- */

static bool assoc_done(struct phd_session *s, void *arg)
{
	unsigned *aare0 = arg;

	if (s->m.state == PHD_M_OPERATING)
		return true;
	/* answered (or aborted) and back to Unassociated */
	return s->sent[1] > *aare0 && s->m.state == PHD_M_UNASSOCIATED; /* sent[1]: AARE */
}

static enum verdict do_associate(struct exec *e, const struct step *st, struct phd_session *s)
{
	struct phd_manager *m = &s->m;
	unsigned aare0;
	char obs[900], sysid[24] = "";

	if (m->state != PHD_M_UNASSOCIATED)
		phd_mgr_abort(m, PHD_ABRT_UNDEFINED);
	aare0 = s->sent[1];
	unsigned configs0 = m->n_configs;
	m->refuse_configs = st->phd->refuse_first_config ? 1 : 0;
	int rc = pump(s, exec_deadline(e, st->within_ns), assoc_done, &aare0);

	if (rc && rc != CC_ETIMEDOUT)
		return exec_link_error(e, rc, "phd_associate");
	if (s->sent[1] == aare0)
		return exec_decide(e, VERDICT_FAIL, "an AARQ", "no AARQ", s->first_seq, s->last_seq,
				   "the agent did not ask to associate within %.1f s",
				   st->within_ns / 1e9);
	for (size_t i = 0; i < 8; i++)
		snprintf(sysid + 2 * i, 3, "%02X", m->agent_sysid[i]);
	char num[16];

	snprintf(num, sizeof(num), "%u", m->agent.dev_config_id);
	setv(e, "phd.dev_config_id", num);
	setv(e, "phd.system_id", sysid);
	setv(e, "phd.aare_result", phd_aare_result_name(m->aare_result));
	findings_text(&s->acc, false, obs, sizeof(obs));
	if (m->state != PHD_M_OPERATING) {
		const char *why = m->aare_result != PHD_AARE_ACCEPTED &&
					  m->aare_result != PHD_AARE_ACCEPTED_UNKNOWN_CONFIG
				      ? "the AARQ was refused"
			      : m->n_aborts_rx ? "the agent aborted"
			      : m->n_timeouts ? "TO_config expired without a configuration report; the manager aborted"
			      : rc == CC_ETIMEDOUT ? "no configuration report in time"
						    : "the association ended before Operating";
		return exec_decide(e, VERDICT_FAIL, "Operating", obs[0] ? obs : phd_mstate_name(m->state),
				   s->first_seq, s->last_seq, "association not reached: %s (AARE %s)", why,
				   phd_aare_result_name(m->aare_result));
	}
	snprintf(num, sizeof(num), "%u", m->cfg_result);
	setv(e, "phd.config_result", num);
	uint16_t id = m->agent.dev_config_id;
	if (st->phd->config == PHD_CFG_STANDARD && m->aare_result != PHD_AARE_ACCEPTED)
		return exec_decide(e, VERDICT_FAIL, "a standard configuration the manager knows",
				   obs, s->first_seq, s->last_seq,
				   "dev-config-id 0x%04X is not a standard configuration of this specialization", id);
	if (st->phd->config == PHD_CFG_EXTENDED && (id < 0x4000 || id >= 0x8000))
		return exec_decide(e, VERDICT_FAIL, "dev-config-id 0x4000-0x7FFF", obs,
				   s->first_seq, s->last_seq, "dev-config-id 0x%04X is not extended", id);
	if (st->phd->refuse_first_config && m->n_configs - configs0 < 2)
		return exec_decide(e, VERDICT_FAIL, "a configuration report after unsupported-config",
				   obs[0] ? obs : "none", s->first_seq, s->last_seq,
				   "the agent sent no configuration again after unsupported-config (dev-config-id 0x%04X)",
				   id);
	if (st->phd->strict && s->acc.errors)
		return exec_decide(e, VERDICT_FAIL, "an association without findings", obs,
				   s->first_seq, s->last_seq, "the agent broke 11073-20601 while associating");
	return exec_decide(e, VERDICT_PASS, NULL, obs[0] ? obs : NULL, s->first_seq, s->last_seq,
			   "associated: dev-config-id 0x%04X, AARE %s, system-id %s", id,
			   phd_aare_result_name(m->aare_result), sysid);
}

/* ---- phd_get_mds ---- */

static bool get_done(struct phd_session *s, void *arg)
{
	uint16_t inv = *(uint16_t *)arg;
	const struct phd_manager *m = &s->m;

	if (m->last.choice == PHD_PRST && m->last.data.choice == PHD_RORS_GET &&
	    m->last.data.invoke_id == inv && !s->get_seen) {
		s->get_seen = true;
		s->get_len = m->last.data.arg.len;
		if (s->get_len)
			memcpy(s->get_rsp, m->last.data.arg.p, s->get_len);
		s->get_invoke = m->last.data.count; /* the list's count */
	}
	return s->get_seen || m->state != PHD_M_OPERATING || !phd_mgr_pending(m, inv);
}

/* One required attribute's value: "" when well-formed, else why not. */
static void check_attr(const struct phd_manager *m, uint16_t id, struct phd_blob v,
		       char *why, size_t len, struct exec *e)
{
	why[0] = 0;
	switch (id) {
	case PHD_ATTR_ID_MODEL: {
		if (v.len < 2 || 2u + phd_u16(v.p) + 2 > v.len ||
		    2u + phd_u16(v.p) + 2 + phd_u16(v.p + 2 + phd_u16(v.p)) != v.len) {
			snprintf(why, len, "not two OCTET STRINGs (manufacturer, model)");
			return;
		}
		char txt[64];
		uint16_t a = phd_u16(v.p), b = phd_u16(v.p + 2 + a);
		struct buf eb;

		buf_init(&eb, 256);
		escape_bytes(v.p + 2, a, 40, &eb);
		setv(e, "phd.manufacturer", buf_str(&eb));
		buf_reset(&eb);
		escape_bytes(v.p + 4 + a, b, 40, &eb);
		snprintf(txt, sizeof(txt), "%s", buf_str(&eb));
		setv(e, "phd.model", txt);
		buf_release(&eb);
		return;
	}
	case PHD_ATTR_SYS_ID:
		if (v.len != 10 || phd_u16(v.p) != 8)
			snprintf(why, len, "not an 8-byte EUI-64 OCTET STRING (%u bytes)", v.len);
		else if (memcmp(v.p + 2, m->agent_sysid, 8))
			snprintf(why, len, "differs from the AARQ's system-id");
		return;
	case PHD_ATTR_DEV_CONFIG_ID:
		if (v.len != 2)
			snprintf(why, len, "%u bytes, not 2", v.len);
		else if (phd_u16(v.p) != m->agent.dev_config_id)
			snprintf(why, len, "0x%04X, the AARQ said 0x%04X", phd_u16(v.p),
				 m->agent.dev_config_id);
		return;
	case PHD_ATTR_TIME_ABS: {
		struct phd_abstime t;
		char w[64];

		if (v.len != 8)
			snprintf(why, len, "%u bytes, not 8", v.len);
		else if (!phd_abstime_decode(v.p, &t, w, sizeof(w)))
			snprintf(why, len, "invalid: %s", w);
		return;
	}
	case PHD_ATTR_ID_PROD_SPECN:
	case PHD_ATTR_REG_CERT_DATA_LIST: {
		/* SEQUENCE OF {u16 u16 | u8 u8, OCTET STRING / ANY} */
		if (v.len < 4 || phd_u16(v.p + 2) != v.len - 4) {
			snprintf(why, len, "list length disagrees with the attribute's");
			return;
		}
		/* ProdSpecEntry {spec-type u16, component-id u16, OCTET STRING};
		 * RegCertData {auth-body u8, struc-type u8, ANY} */
		size_t off = 4, k = 0, hdr = id == PHD_ATTR_ID_PROD_SPECN ? 6 : 4;
		while (off + hdr <= v.len && off + hdr + phd_u16(v.p + off + hdr - 2) <= v.len) {
			if (id == PHD_ATTR_ID_PROD_SPECN && phd_u16(v.p + off) > 7) {
				snprintf(why, len, "spec-type %u is not 0-7", phd_u16(v.p + off));
				return;
			}
			off += hdr + phd_u16(v.p + off + hdr - 2);
			k++;
		}
		if (off != v.len || k != phd_u16(v.p))
			snprintf(why, len, "count %u, entries %zu", phd_u16(v.p), k);
		return;
	}
	default:
		return;
	}
}

static enum verdict do_get_mds(struct exec *e, const struct step *st, struct phd_session *s)
{
	struct phd_manager *m = &s->m;
	char obs[900], miss[400] = "";
	size_t o = 0;

	if (m->state != PHD_M_OPERATING)
		return exec_decide(e, VERDICT_FAIL, "Operating", phd_mstate_name(m->state), 0, 0,
				   "phd_get_mds needs an association (phd_associate first)");
	uint16_t inv = m->next_invoke;
	s->get_seen = false;
	if (phd_mgr_get_mds(m, mono_now_ns()) || s->send_rc)
		return exec_link_error(e, s->send_rc ? s->send_rc : CC_EIO, "phd_get_mds");
	int rc = pump(s, exec_deadline(e, st->within_ns), get_done, &inv);
	if (rc && rc != CC_ETIMEDOUT)
		return exec_link_error(e, rc, "phd_get_mds");
	findings_text(&s->acc, true, obs, sizeof(obs));
	if (!s->get_seen)
		return exec_decide(e, VERDICT_FAIL, "rors-cmip-get echoing the invoke-id",
				   obs[0] ? obs : "no answer", s->first_seq, s->last_seq,
				   "no answer to GET of the MDS attributes (invoke-id %u); state %s", inv,
				   phd_mstate_name(m->state));
	struct phd_blob list = {s->get_rsp, (uint16_t)s->get_len};
	struct phd_viol v;

	phd_viol_init(&v);
	if (phd_attr_list_check(list, s->get_invoke, "MDS attributes", &v))
		return exec_decide(e, VERDICT_FAIL, "a well-formed AttributeList", v.v[0].text,
				   s->first_seq, s->last_seq, "the MDS attribute list is malformed");
	for (size_t i = 0; i < st->phd->nrequire; i++) {
		uint16_t id = st->phd->require[i];
		const struct phd_nomen *n = phd_nomen_find(PHD_PART_OBJ, id);
		struct phd_attr a;
		size_t off = 0;
		bool found = false;
		char why[160] = "";

		while (!found && phd_attr_next(list, &off, &a))
			if (a.id == id) {
				found = true;
				check_attr(m, id, a.value, why, sizeof(why), e);
			}
		if (!found || why[0]) {
			int k = snprintf(miss + o, sizeof(miss) - o, "%s%s %s", o ? "; " : "",
					 n ? n->label : "?", found ? why : "missing");
			if (k > 0)
				o += (size_t)k < sizeof(miss) - o ? (size_t)k : sizeof(miss) - o - 1;
		}
	}
	if (miss[0])
		return exec_decide(e, VERDICT_FAIL, "every mandatory MDS attribute, well-formed", miss,
				   s->first_seq, s->last_seq, "MDS attributes: %s", miss);
	return exec_decide(e, VERDICT_PASS, NULL, NULL, s->first_seq, s->last_seq,
			   "%zu mandatory MDS attributes present and well-formed", st->phd->nrequire);
}

/* ---- phd_measurement ---- */

struct meas_arg {
	uint16_t term;
	int hit; /* index in the scan, -1 none */
};

static bool meas_done(struct phd_session *s, void *arg)
{
	struct meas_arg *a = arg;

	if (s->m.scan_new)
		for (size_t i = 0; i < s->m.scan.nobs; i++)
			if (s->m.scan.obs[i].term == a->term) {
				a->hit = (int)i;
				return true;
			}
	return s->m.state != PHD_M_OPERATING;
}

static bool unit_matches(const struct phd_nomen *n, const char *want)
{
	return n && ((n->unit && !strcmp(n->unit, want)) || !strcmp(n->ucum, want));
}

static enum verdict do_measurement(struct exec *e, const struct step *st, struct phd_session *s)
{
	struct phd_manager *m = &s->m;
	const struct phd_nomen *metric = phd_nomen_by_name(st->phd->metric);
	struct meas_arg a = {metric ? metric->term : 0, -1};
	char obs[900], val[32];

	if (m->state != PHD_M_OPERATING)
		return exec_decide(e, VERDICT_FAIL, "Operating", phd_mstate_name(m->state), 0, 0,
				   "phd_measurement needs an association (phd_associate first)");
	if (st->phd->fresh)
		m->scan_new = false; /* the report must come during this step */
	int rc = pump(s, exec_deadline(e, st->within_ns), meas_done, &a);
	if (rc && rc != CC_ETIMEDOUT)
		return exec_link_error(e, rc, "phd_measurement");
	findings_text(&s->acc, !st->phd->strict, obs, sizeof(obs));
	if (a.hit < 0)
		return exec_decide(e, VERDICT_FAIL, st->phd->metric, obs[0] ? obs : "no report",
				   s->first_seq, s->last_seq,
				   "no event report carried %s within %.1f s (state %s)", st->phd->metric,
				   st->within_ns / 1e9, phd_mstate_name(m->state));
	const struct phd_obs *ob = &m->scan.obs[a.hit];
	const struct phd_nomen *u = phd_nomen_find(PHD_PART_DIM, ob->unit);

	phd_obs_format(ob, val, sizeof(val));
	if (s->acc.errors)
		return exec_decide(e, VERDICT_FAIL, "a well-formed report", obs, s->first_seq,
				   s->last_seq, "the report of %s breaks 11073-20601", st->phd->metric);
	if (ob->val.kind != MDER_NUMBER)
		return exec_decide(e, VERDICT_FAIL, "a number", val, s->first_seq, s->last_seq,
				   "%s is %s where a value is due", st->phd->metric, val);
	if (!unit_matches(u, st->phd->unit))
		return exec_decide(e, VERDICT_FAIL, st->phd->unit, u ? u->name : "unknown unit",
				   s->first_seq, s->last_seq, "%s in Unit-Code %u (%s)", st->phd->metric,
				   ob->unit, u ? u->label : "not in the nomenclature");
	if (st->phd->strict && s->acc.n)
		return exec_decide(e, VERDICT_FAIL, "no findings", obs, s->first_seq, s->last_seq,
				   "the report of %s has findings", st->phd->metric);
	if (st->phd->store) {
		/* the value, and what a FHIR Observation of it carries: the
		 * metric's LOINC code, the unit's UCUM code, the time stamp */
		const struct phd_nomen *mn = phd_nomen_find(PHD_PART_SCADA, ob->term);
		char k[96], t[32] = "";

		setv(e, st->phd->store, val);
		snprintf(k, sizeof(k), "%s_unit", st->phd->store);
		setv(e, k, st->phd->unit);
		snprintf(k, sizeof(k), "%s_ucum", st->phd->store);
		setv(e, k, u->ucum);
		snprintf(k, sizeof(k), "%s_loinc", st->phd->store);
		setv(e, k, mn && mn->loinc ? mn->loinc : "");
		if (ob->has_time)
			snprintf(t, sizeof(t), "%04u-%02u-%02uT%02u:%02u:%02u", ob->time.year,
				 ob->time.month, ob->time.day, ob->time.hour, ob->time.minute,
				 ob->time.second);
		snprintf(k, sizeof(k), "%s_time", st->phd->store);
		setv(e, k, t);
	}
	return exec_decide(e, VERDICT_PASS, NULL, val, s->first_seq, s->last_seq,
			   "%s = %s %s (handle %u)", st->phd->metric, val, u->label, ob->handle);
}

/* ---- phd_release ---- */

static bool rel_done(struct phd_session *s, void *arg)
{
	(void)arg;
	return s->m.state == PHD_M_UNASSOCIATED || s->m.state == PHD_M_DISCONNECTED;
}

static enum verdict do_release(struct exec *e, const struct step *st, struct phd_session *s)
{
	struct phd_manager *m = &s->m;

	if (m->state != PHD_M_OPERATING)
		return exec_decide(e, VERDICT_FAIL, "Operating", phd_mstate_name(m->state), 0, 0,
				   "phd_release needs an association (phd_associate first)");
	int64_t t0 = mono_now_ns();
	if (phd_mgr_release(m, t0) || s->send_rc)
		return exec_link_error(e, s->send_rc ? s->send_rc : CC_EIO, "phd_release");
	int rc = pump(s, exec_deadline(e, st->within_ns), rel_done, NULL);
	if (rc && rc != CC_ETIMEDOUT)
		return exec_link_error(e, rc, "phd_release");
	char got[64];

	snprintf(got, sizeof(got), "%s after %.0f ms", m->last_event == PHD_E_RLRE ? "RLRE" :
		 m->last_event == PHD_E_ABRT ? "ABRT" : "nothing", (mono_now_ns() - t0) / 1e6);
	if (m->state != PHD_M_UNASSOCIATED || m->last_event != PHD_E_RLRE)
		return exec_decide(e, VERDICT_FAIL, "RLRE within TO_release", got, s->first_seq,
				   s->last_seq, "release not answered with RLRE (TO_release %.1f s)",
				   m->set.to_release / 1e9);
	return exec_decide(e, VERDICT_PASS, NULL, got, s->first_seq, s->last_seq, "released");
}

/* ---- phd_illegal ---- */

static bool ill_done(struct phd_session *s, void *arg)
{
	const struct phd_manager *m = &s->m;

	(void)arg;
	if (m->last.choice && m->last.choice != PHD_PRST && !s->awaited_seen) {
		s->awaited_seen = true;
		s->awaited = m->last.choice;
		s->awaited_reason = m->last.result;
	}
	return s->awaited_seen;
}

static enum verdict do_illegal(struct exec *e, const struct step *st, struct phd_session *s)
{
	struct phd_manager *m = &s->m;
	struct phd_apdu a;
	uint8_t out[128];
	size_t n = 0;
	char what[64];
	enum phd_mstate before = m->state;

	memset(&a, 0, sizeof(a));
	if (st->phd->send_unknown) {
		static const uint8_t unk[] = {0xE8, 0x00, 0x00, 0x02, 0x00, 0x00};

		memcpy(out, unk, sizeof(unk));
		n = sizeof(unk);
		snprintf(what, sizeof(what), "APDU of unknown choice 0xE800");
	} else {
		a.choice = st->phd->send;
		a.assoc_version = PHD_ASSOC_V1;
		a.nproto = 1;
		a.proto[0].id = PHD_PROTO_20601;
		a.proto[0].is_20601 = true;
		a.proto[0].ai.protocol_version = 0x80000000u;
		a.proto[0].ai.encoding_rules = PHD_ENC_MDER;
		a.proto[0].ai.nomenclature_version = 0x80000000u;
		a.proto[0].ai.system_type = PHD_SYSTYPE_MANAGER;
		a.proto[0].ai.system_id = (struct phd_blob){m->set.system_id, 8};
		if (phd_apdu_encode(&a, out, sizeof(out), &n))
			return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "cannot encode the APDU");
		snprintf(what, sizeof(what), "%s in %s (not allowed)", phd_choice_name(a.choice),
			 phd_mstate_name(before));
	}
	s->awaited_seen = false;
	m->last.choice = 0;
	if (phd_mgr_send_raw(m, out, n, what) || s->send_rc)
		return exec_link_error(e, s->send_rc ? s->send_rc : CC_EIO, "phd_illegal");
	int rc = pump(s, exec_deadline(e, st->within_ns), ill_done, NULL);
	if (rc && rc != CC_ETIMEDOUT)
		return exec_link_error(e, rc, "phd_illegal");
	const char *want = st->phd->expect ? phd_choice_name(st->phd->expect) : "nothing";
	char got[96];

	if (!s->awaited_seen)
		snprintf(got, sizeof(got), "nothing within %.1f s", st->within_ns / 1e9);
	else if (s->awaited == PHD_ABRT)
		snprintf(got, sizeof(got), "ABRT reason %u (%s)", s->awaited_reason,
			 phd_abort_reason_name(s->awaited_reason));
	else
		snprintf(got, sizeof(got), "%s", phd_choice_name(s->awaited));
	bool ok = st->phd->expect ? s->awaited_seen && s->awaited == st->phd->expect
				  : !s->awaited_seen;
	if (!ok)
		return exec_decide(e, VERDICT_FAIL, want, got, s->first_seq, s->last_seq,
				   "the agent's answer to %s", what);
	/* ABRT reasons are 0-3 (§1.1): another one is no reason at all */
	if (s->awaited_seen && s->awaited == PHD_ABRT && s->awaited_reason > 3)
		return exec_decide(e, VERDICT_FAIL, "an ABRT reason 0-3", got, s->first_seq,
				   s->last_seq, "the agent aborted with an undefined reason");
	return exec_decide(e, VERDICT_PASS, want, got, s->first_seq, s->last_seq,
			   "the agent answered %s with %s", what, got);
}

/* ---- phd_set_time ---- */

static bool settime_done(struct phd_session *s, void *arg)
{
	const struct phd_manager *m = &s->m;
	uint16_t inv = *(uint16_t *)arg;

	return m->state != PHD_M_OPERATING ||
	       (m->last.choice == PHD_PRST && m->last.data.invoke_id == inv &&
		(m->last.data.choice == PHD_RORS_CACTION || m->last.data.choice == PHD_ROER ||
		 m->last.data.choice == PHD_RORJ));
}

static enum verdict do_set_time(struct exec *e, const struct step *st, struct phd_session *s)
{
	struct phd_manager *m = &s->m;
	struct phd_abstime now;
	time_t t = time(NULL);
	struct tm tm;
	char got[96];

	if (m->state != PHD_M_OPERATING)
		return exec_decide(e, VERDICT_FAIL, "Operating", phd_mstate_name(m->state), 0, 0,
				   "phd_set_time needs an association (phd_associate first)");
	gmtime_r(&t, &tm);
	now = (struct phd_abstime){(unsigned)tm.tm_year + 1900, (unsigned)tm.tm_mon + 1,
				   (unsigned)tm.tm_mday, (unsigned)tm.tm_hour, (unsigned)tm.tm_min,
				   (unsigned)tm.tm_sec, 0};
	uint16_t inv = m->next_invoke;
	m->last.choice = 0;
	if (phd_mgr_set_time(m, &now, mono_now_ns()) || s->send_rc)
		return exec_link_error(e, s->send_rc ? s->send_rc : CC_EIO, "phd_set_time");
	int rc = pump(s, exec_deadline(e, st->within_ns), settime_done, &inv);
	if (rc && rc != CC_ETIMEDOUT)
		return exec_link_error(e, rc, "phd_set_time");
	const struct phd_data *d = &m->last.data;
	bool answered = m->last.choice == PHD_PRST && d->invoke_id == inv;

	if (!answered)
		snprintf(got, sizeof(got), "no answer (state %s)", phd_mstate_name(m->state));
	else if (d->choice == PHD_ROER)
		snprintf(got, sizeof(got), "roer %s", phd_roer_name(d->code));
	else if (d->choice == PHD_RORJ)
		snprintf(got, sizeof(got), "rorj %s", phd_rorj_name(d->code));
	else
		snprintf(got, sizeof(got), "rors-cmip-confirmed-action type 0x%04X", d->type);
	if (!answered || d->choice != PHD_RORS_CACTION || d->type != PHD_ACT_SET_TIME)
		return exec_decide(e, VERDICT_FAIL, "rors-cmip-confirmed-action MDC_ACT_SET_TIME", got,
				   s->first_seq, s->last_seq,
				   "SET-TIME (invoke-id %u) not confirmed within TO confirmed action %.1f s",
				   inv, m->set.to_response / 1e9);
	return exec_decide(e, VERDICT_PASS, NULL, got, s->first_seq, s->last_seq,
			   "the agent confirmed SET-TIME %04u-%02u-%02uT%02u:%02u:%02u", now.year,
			   now.month, now.day, now.hour, now.minute, now.second);
}

enum verdict exec_phd_step(struct exec *e, const struct step *st)
{
	struct phd_session *s = session(e, st);

	if (!s)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "out of memory");
	if (!e->t || !e->rx)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "%s needs a byte-stream link", step_kind_name(st->kind));
	step_begin(s);
	switch (st->kind) {
	case STEP_PHD_ASSOCIATE: return do_associate(e, st, s);
	case STEP_PHD_GET_MDS: return do_get_mds(e, st, s);
	case STEP_PHD_MEASUREMENT: return do_measurement(e, st, s);
	case STEP_PHD_RELEASE: return do_release(e, st, s);
	case STEP_PHD_ILLEGAL: return do_illegal(e, st, s);
	case STEP_PHD_SET_TIME: return do_set_time(e, st, s);
	default: return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "not a phd step");
	}
}
