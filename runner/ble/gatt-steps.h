/* SPDX-License-Identifier: MIT */
/*
 * The GATT family's steps (step_family_gatt, suite-gatt.c loads them;
 * exec-gatt.c runs them on the link's GATT client, exec->client).
 */
#ifndef CARECERT_GATT_STEPS_H
#define CARECERT_GATT_STEPS_H

#include "core/exec.h"

#define GATT_COLLECT_MAX 1000 /* events one gatt_collect keeps */

enum verdict exec_gatt_step(struct exec *e, const struct step *st);
/* The steps see another link: protocol violations count from here. */
void exec_gatt_link_enter(struct exec *e);
/* The case's steps passed: what arrived after the last one is judged.
 * Waits GATT_END_QUIET_NS for a PDU already on its way. */
#define GATT_END_QUIET_NS (20LL * 1000000LL)
enum verdict exec_gatt_steps_end(struct exec *e);
/* After a CCCD is turned off, the quiet a notification already on its way
 * is looked for in (Core Vol 3 Part G 3.3.3.3: nothing once disabled). */
#define GATT_OFF_QUIET_NS (20LL * 1000000LL)

#endif
