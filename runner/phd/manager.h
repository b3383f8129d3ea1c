/* SPDX-License-Identifier: MIT */
/*
 * The IEEE 11073-20601 manager carecert plays against an agent under test
 * (../shared/reference/ieee11073-20601.md §5): the manager states, and one
 * table of (state, event) -> (action, next state), each row citing the
 * standard's state-table number as ANT's fsm.c carries it. Pure: APDUs
 * come in as bytes with the time they arrived; what the manager sends
 * goes out through a callback, and every transition is told to another,
 * so the caller logs them as frames of the traffic log.
 *
 * Besides playing its part, the manager records what the agent did wrong
 * (struct phd_viol findings of the last APDU, and counters the steps read):
 * an APDU the table does not allow in the state, a malformed APDU, a
 * configuration that breaks the specialization, an answer to an unknown
 * invoke-id.
 */
#ifndef CARECERT_PHD_MANAGER_H
#define CARECERT_PHD_MANAGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phd/apdu.h"
#include "phd/dim.h"

enum phd_mstate {
	PHD_M_DISCONNECTED,
	PHD_M_UNASSOCIATED,
	PHD_M_WAIT_CONFIG,  /* Configuring: Waiting-for-config */
	PHD_M_CHECK_CONFIG, /* Configuring: Checking-config */
	PHD_M_OPERATING,
	PHD_M_DISASSOCIATING,
	PHD_M_NSTATES,
};

enum phd_mevent {
	PHD_E_AARQ,
	PHD_E_AARE,
	PHD_E_RLRQ,
	PHD_E_RLRE,
	PHD_E_ABRT,
	PHD_E_ROIV_CONFIG, /* confirmed event report, MDC_NOTI_CONFIG */
	PHD_E_ROIV_CEVENT, /* other confirmed event report */
	PHD_E_ROIV_EVENT,  /* unconfirmed event report */
	PHD_E_ROIV_OTHER,  /* GET, SET, ACTION from the agent */
	PHD_E_RORS,
	PHD_E_ROER,
	PHD_E_RORJ,
	PHD_E_MALFORMED,   /* unknown choice or broken lengths */
	PHD_E_TIMEOUT,     /* the armed timer expired */
	PHD_E_DISCONNECT,
	PHD_E_NEVENTS,
};

/* Profile settings where the sources disagree (§2.2, §5.3): defaults in
 * phd_mgr_settings_default(). Times in ns. */
struct phd_mgr_settings {
	int64_t to_config;   /* TO_config: 10 s */
	int64_t to_release;  /* TO_release: 3 s (ANT 10 s) */
	int64_t to_response; /* TO_get / confirmed action / set: 3 s */
	uint16_t abort_config_timeout;   /* reason sent when TO_config expires: 3 (ANT 0) */
	uint16_t abort_response_timeout; /* after TO_get etc.: 2 */
	bool reject_empty_proto;     /* a rejecting AARE carries data-proto-id 0 */
	bool config_in_operating;    /* accept a config report in Operating */
	uint8_t system_id[8];        /* the manager's EUI-64 */
};

void phd_mgr_settings_default(struct phd_mgr_settings *s);

/* What a transition was: told to the caller for the traffic log. */
struct phd_transition {
	enum phd_mstate from, to;
	enum phd_mevent event;
	const char *clause; /* "2.10", "8.16"... */
	const char *action; /* "send AARE accepted-unknown-config"... */
};

struct phd_manager {
	enum phd_mstate state;
	struct phd_mgr_settings set;
	const struct phd_spec *spec; /* the specialization claimed; may be NULL */

	/* the association */
	struct phd_assoc_info agent; /* the last acceptable AARQ's (blobs copied below) */
	uint8_t agent_sysid[8];
	uint16_t aare_result;        /* what was answered */
	struct phd_config cfg;       /* the active configuration */
	bool have_cfg;
	uint16_t cfg_result;         /* the last ConfigReportRsp's result */
	struct { uint8_t sysid[8]; struct phd_config cfg; bool used; } learnt[4];

	/* the manager's own requests */
	uint16_t next_invoke;
	struct { uint16_t invoke, msg; bool used; } pending[8];
	int64_t timer_ns; /* 0: none armed */
	enum { PHD_T_NONE, PHD_T_CONFIG, PHD_T_RELEASE, PHD_T_RESPONSE } timer;

	/* what the last APDU was, for the steps */
	struct phd_apdu last;        /* blobs point into last_bytes */
	uint8_t last_bytes[PHD_APDU_MAX];
	size_t last_len;
	enum phd_mevent last_event;
	struct phd_viol viol;        /* findings of the last APDU */
	bool last_illegal;           /* the table does not allow it in the state */
	struct phd_scan scan;        /* the last scan report decoded */
	bool scan_new;
	bool have_scan_no;
	uint16_t last_scan_no;

	/* counters the steps compare before and after */
	unsigned n_rx, n_illegal, n_malformed, n_scans, n_aborts_rx;
	unsigned n_configs;          /* configuration reports answered */
	/* the next N readable configuration reports are answered
	 * unsupported-config (a test of the agent's next move); while N > 0
	 * the manager also knows no configuration, so an agent with a
	 * standard one is asked for its report too */
	unsigned refuse_configs;
	unsigned n_rors;             /* answers to the manager's requests */
	unsigned n_timeouts;         /* timers that expired (the manager aborted) */

	/* callbacks; send returns CC_* */
	int (*send)(void *data, const uint8_t *p, size_t n, const char *what);
	void (*on_transition)(void *data, const struct phd_transition *t);
	void *data;
};

void phd_mgr_init(struct phd_manager *m, const struct phd_mgr_settings *set,
		  const struct phd_spec *spec);
/* The transport is up: Disconnected -> Unassociated. */
void phd_mgr_connect(struct phd_manager *m);

/* One whole APDU (framed by its header) arrived at now_ns. Returns the
 * send callback's error, else CC_OK (an agent's fault is not an error:
 * see viol, last_illegal). */
int phd_mgr_rx(struct phd_manager *m, const uint8_t *p, size_t n, int64_t now_ns);
/* Run the timer: when it expired by now_ns, act (ABRT...). */
int phd_mgr_tick(struct phd_manager *m, int64_t now_ns);
void phd_mgr_disconnect(struct phd_manager *m);

/* The manager's requests (Operating): GET of all MDS attributes, release,
 * abort, SET-TIME (SetTimeInvoke with accuracy 0), or any raw APDU (a
 * test sending what the table forbids; no state change). */
int phd_mgr_get_mds(struct phd_manager *m, int64_t now_ns);
int phd_mgr_release(struct phd_manager *m, int64_t now_ns);
int phd_mgr_abort(struct phd_manager *m, uint16_t reason);
int phd_mgr_set_time(struct phd_manager *m, const struct phd_abstime *t,
		     int64_t now_ns);
int phd_mgr_send_raw(struct phd_manager *m, const uint8_t *p, size_t n,
		     const char *what);

/* True when invoke is one of the manager's outstanding requests. */
bool phd_mgr_pending(const struct phd_manager *m, uint16_t invoke);

const char *phd_mstate_name(enum phd_mstate s);
const char *phd_mevent_name(enum phd_mevent e);
/* The table's row for (state, event) into *t (its next state, clause and
 * action; for the tests that walk it); false when there is none. illegal:
 * the agent broke the protocol by sending it in that state. */
bool phd_mgr_row(enum phd_mstate s, enum phd_mevent e, struct phd_transition *t,
		 bool *illegal);

#endif
