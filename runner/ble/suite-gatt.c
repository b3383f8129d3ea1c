/* SPDX-License-Identifier: MIT */
/*
 * Loading the GATT steps (step_family_gatt): gatt_discover, gatt_service,
 * gatt_read, gatt_write, gatt_subscribe, gatt_expect, gatt_silence,
 * gatt_confirm, gatt_collect, gatt_database and link; everything checked at
 * load time.
 */
#include "core/suite-internal.h"
#include "core/step.h"
#include "ble/att.h"
#include "ble/ble-link.h"
#include "ble/gatt-codec.h"
#include "ble/gatt-steps.h"
#include "base/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- GATT steps ---- */

static bool parse_uuid16(struct loader *L, const struct ynode *n, uint16_t *out)
{
	const char *s = yscalar_str(n, "uuid", L->d);
	unsigned v;
	int used = 0;

	if (!s)
		return false;
	if (strlen(s) != 4 || sscanf(s, "%4x%n", &v, &used) != 1 || used != 4) {
		ynode_error(n, L->d, "uuid '%s' must be 4 hex digits (a 16-bit SIG UUID such as 2A35)",
			    s);
		return false;
	}
	*out = (uint16_t)v;
	return true;
}

static void load_props(struct loader *L, const struct ynode *n, uint8_t *props)
{
	static const struct { const char *name; uint8_t bit; } names[] = {
		{ "read", GATT_PROP_READ }, { "write", GATT_PROP_WRITE },
		{ "write_without_response", GATT_PROP_WRITE_NO_RSP },
		{ "notify", GATT_PROP_NOTIFY }, { "indicate", GATT_PROP_INDICATE },
	};
	char **v = ynode_strv(n, "properties", L->d);

	for (size_t i = 0; v && v[i]; i++) {
		size_t k;

		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (!strcmp(names[k].name, v[i]))
				break;
		if (k == sizeof(names) / sizeof(names[0]))
			ynode_error(n, L->d,
				    "unknown property '%s' (read, write, write_without_response, notify, indicate)",
				    v[i]);
		else
			*props |= names[k].bit;
	}
	strv_free(v);
}

static void load_errors(struct loader *L, struct step *st, const struct ynode *n)
{
	char **v = ynode_strv(n, "expect_error", L->d);

	for (size_t i = 0; v && v[i]; i++) {
		if (st->nerrors == STEP_MAX_ERRORS) {
			ynode_error(n, L->d, "at most %d expected errors", STEP_MAX_ERRORS);
			break;
		}
		if (att_error_from_name(v[i], &st->errors[st->nerrors]))
			ynode_error(n, L->d, "unknown ATT error '%s' (e.g. insufficient_encryption, attribute_not_found)",
				    v[i]);
		else
			st->nerrors++;
	}
	strv_free(v);
}

static void load_gatt_service(struct loader *L, struct step *st,
			      const struct ynode *v)
{
	static const char *const keys[] = { "uuid", "characteristics", NULL };
	static const char *const ckeys[] = { "uuid", "properties", "cccd", NULL };
	const struct ynode *w, *c;

	ymap_check_keys(v, keys, L->d);
	if ((w = ymap_require(v, "uuid", L->d)))
		parse_uuid16(L, w, &st->uuid);
	if (!(w = ymap_get(v, "characteristics")) ||
	    !ynode_expect(w, YNODE_SEQ, "characteristics", L->d))
		return;
	st->needs = calloc(w->n ? w->n : 1, sizeof(*st->needs));
	for (size_t i = 0; st->needs && i < w->n; i++) {
		struct gatt_need *nd = &st->needs[st->nneeds];

		c = w->items[i];
		if (!ynode_expect(c, YNODE_MAP, "a characteristic", L->d))
			continue;
		ymap_check_keys(c, ckeys, L->d);
		if (ymap_require(c, "uuid", L->d))
			parse_uuid16(L, ymap_get(c, "uuid"), &nd->uuid);
		if (ymap_get(c, "properties"))
			load_props(L, ymap_get(c, "properties"), &nd->props);
		if (ymap_get(c, "cccd"))
			yscalar_bool(ymap_get(c, "cccd"), "cccd", &nd->cccd, L->d);
		st->nneeds++;
	}
}

/* gatt_collect context: only a characteristic whose values announce a
 * context (its table's context_uuid) has one to pair. */
static void load_context(struct loader *L, struct step *st, const struct ynode *v,
			 const struct ynode *w)
{
	const struct ynode *u = ymap_get(v, "uuid");
	const struct gchar *gc;
	uint16_t uuid = 0;

	parse_uuid16(L, w, &st->context_uuid);
	if (u)
		parse_uuid16(L, u, &uuid);
	gc = uuid ? gatt_char_find(uuid) : NULL;
	if (uuid && st->context_uuid && (!gc || gc->context_uuid != st->context_uuid))
		ynode_error(w, L->d, "values of %04X announce no context %04X", uuid,
			    st->context_uuid);
}

static void load_gatt(struct loader *L, struct step *st, const struct ynode *v)
{
	static const char *const read_keys[] = { "uuid", "capture", "expect_error", NULL };
	static const char *const write_keys[] = { "uuid", "hex", "response", "expect_error", NULL };
	static const char *const sub_keys[] = { "uuid", "mode", "read_back", "remembered",
						"expect_error", NULL };
	static const char *const discover_keys[] = { "verify", NULL };
	static const char *const expect_keys[] = { "uuid", "kind", "within", "capture",
						   "confirm", "validate", "fresh", NULL };
	static const char *const silence_keys[] = { "uuid", "for", NULL };
	static const char *const collect_keys[] = { "uuid", "kind", "until", "count", "within",
						    "capture", "confirm", "validate", "context",
						    NULL };
	static const char *const none[] = { NULL };
	static const char *const link_keys[] = { "security", NULL };
	const struct ynode *w;
	const char *s;

	st->confirm = true;
	st->with_response = true;
	st->validate = st->kind == STEP_GATT_READ;
	st->within_ns = 2LL * 1000000000LL;
	if (L->transport && strcmp(L->transport, "ble"))
		ynode_error(v, L->d, "%s steps need a ble link (this one is %s)",
			    step_kind_name(st->kind), L->transport);
	if (!ynode_expect(v, YNODE_MAP, step_kind_name(st->kind), L->d))
		return;
	switch (st->kind) {
	case STEP_GATT_DISCOVER:
		/* verify: a database kept over a bonded reconnect is checked
		 * against a fresh discovery */
		ymap_check_keys(v, discover_keys, L->d);
		st->validate = false;
		if ((w = ymap_get(v, "verify")))
			yscalar_bool(w, "verify", &st->validate, L->d);
		return;
	case STEP_GATT_DATABASE:
	case STEP_GATT_CONFIRM:
		ymap_check_keys(v, none, L->d);
		return;
	case STEP_GATT_SERVICE:
		load_gatt_service(L, st, v);
		return;
	case STEP_LINK:
		ymap_check_keys(v, link_keys, L->d);
		if ((w = ymap_require(v, "security", L->d)) &&
		    (s = yscalar_str(w, "security", L->d))) {
			int level;

			if (ble_security_level(s, &level))
				ynode_error(w, L->d, "security must be low, medium, high or fips");
			st->security = strdup(s);
		}
		return;
	case STEP_GATT_READ:
		ymap_check_keys(v, read_keys, L->d);
		break;
	case STEP_GATT_WRITE:
		ymap_check_keys(v, write_keys, L->d);
		if (ymap_require(v, "hex", L->d))
			st->data = suite_step_str(L, v, "hex");
		if ((w = ymap_get(v, "response")))
			yscalar_bool(w, "response", &st->with_response, L->d);
		break;
	case STEP_GATT_SUBSCRIBE:
		ymap_check_keys(v, sub_keys, L->d);
		if ((w = ymap_require(v, "mode", L->d)) && (s = yscalar_str(w, "mode", L->d))) {
			if (!strcmp(s, "notify"))
				st->cccd_value = 1;
			else if (!strcmp(s, "indicate"))
				st->cccd_value = 2;
			else if (strcmp(s, "off"))
				ynode_error(w, L->d, "mode must be notify, indicate or off");
		}
		/* read_back: the CCCD is read after the write and must hold it */
		st->validate = false;
		if ((w = ymap_get(v, "read_back")))
			yscalar_bool(w, "read_back", &st->validate, L->d);
		/* remembered: no write, the CCCD is read and must hold mode
		 * (a bond keeps it); `fresh` carries it */
		if ((w = ymap_get(v, "remembered")))
			yscalar_bool(w, "remembered", &st->fresh, L->d);
		break;
	case STEP_GATT_COLLECT:
		ymap_check_keys(v, collect_keys, L->d);
		if ((w = ymap_get(v, "until")))
			parse_uuid16(L, w, &st->until_uuid);
		if ((w = ymap_get(v, "context")))
			load_context(L, st, v, w);
		if ((w = ymap_get(v, "count"))) {
			long n;

			st->count = suite_step_str(L, v, "count");
			if (st->count && !strstr(st->count, "${"))
				yscalar_long(w, "count", 1, GATT_COLLECT_MAX, &n, L->d);
			else if (st->count)
				suite_check_quantity(L, w, "count", st->count,
						     "", false, NULL);
		}
		if (!ymap_get(v, "within"))
			ynode_error(v, L->d, "gatt_collect needs 'within' (how long to collect at most)");
		/* fall through */
	case STEP_GATT_EXPECT:
	case STEP_GATT_SILENCE:
		if (st->kind != STEP_GATT_COLLECT)
			ymap_check_keys(v, st->kind == STEP_GATT_EXPECT ? expect_keys
								  : silence_keys, L->d);
		if ((w = ymap_get(v, "kind")) && (s = yscalar_str(w, "kind", L->d))) {
			if (!strcmp(s, "notification"))
				st->event_kind = ATT_NOTIFY;
			else if (!strcmp(s, "indication"))
				st->event_kind = ATT_INDICATE;
			else
				ynode_error(w, L->d, "kind must be notification or indication");
		}
		if ((w = ymap_get(v, "confirm")))
			yscalar_bool(w, "confirm", &st->confirm, L->d);
		if ((w = ymap_get(v, "validate")))
			yscalar_bool(w, "validate", &st->validate, L->d);
		if ((w = ymap_get(v, "fresh")))
			yscalar_bool(w, "fresh", &st->fresh, L->d);
		if ((w = ymap_get(v, st->kind != STEP_GATT_SILENCE ? "within" : "for")))
			yscalar_duration(w, "duration", &st->within_ns, L->d);
		else if (st->kind == STEP_GATT_SILENCE)
			ynode_error(v, L->d, "gatt_silence needs 'for'");
		break;
	default:
		return;
	}
	if ((w = ymap_get(v, "uuid")))
		parse_uuid16(L, w, &st->uuid);
	else if (st->kind != STEP_GATT_SILENCE)
		ynode_error(v, L->d, "missing required key 'uuid'");
	if ((w = ymap_get(v, "capture"))) {
		st->capture_prefix = suite_dup_str(w, "capture", L->d);
		if (st->capture_prefix && !suite_valid_name(st->capture_prefix))
			ynode_error(w, L->d, "capture must be letters, digits and _");
		suite_define_prefix(L, st->capture_prefix); /* <capture>.<field> */
	}
	if ((w = ymap_get(v, "expect_error")))
		load_errors(L, st, w);
}

static const enum step_kind gatt_kinds[] = {
	STEP_GATT_DISCOVER, STEP_GATT_SERVICE, STEP_GATT_READ,	  STEP_GATT_WRITE,
	STEP_GATT_SUBSCRIBE, STEP_GATT_EXPECT, STEP_GATT_SILENCE, STEP_GATT_CONFIRM,
	STEP_GATT_COLLECT,  STEP_GATT_DATABASE, STEP_LINK,
};

const struct step_family step_family_gatt = {
	.name = "gatt",
	.kinds = gatt_kinds,
	.nkinds = sizeof(gatt_kinds) / sizeof(gatt_kinds[0]),
	.load = load_gatt,
	.run = exec_gatt_step,
	.link_enter = exec_gatt_link_enter,
	.steps_end = exec_gatt_steps_end,
};
