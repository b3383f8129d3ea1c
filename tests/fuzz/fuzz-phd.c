/* SPDX-License-Identifier: MIT */
/*
 * IEEE 11073-20601 APDUs from an agent (phd/apdu.c, phd/dim.c): the input
 * is cut into APDUs by their 4-byte header as the byte-stream transport
 * does; each is decoded, a well-formed one re-encoded byte-identical, a
 * configuration report parsed and checked against every specialization,
 * and scan reports decoded against the last configuration and against
 * every standard one; the same stream also drives a manager (phd/manager.c)
 * from Unassociated, its timer ticking between APDUs, whose replies must
 * be well-formed APDUs.
 * The input is also parsed as a USB PHDC configuration descriptor and a
 * metadata preamble (phd/phdc.c).
 * Generated seeds: the worked APDUs of ../shared/reference/ieee11073-20601.md
 * §8, alone and as one stream.
 */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "fuzz.h"
#include "phd/apdu.h"
#include "phd/dim.h"
#include "phd/manager.h"
#include "phd/nomen.h"
#include "phd/phdc.h"

static void check_viol(const struct phd_viol *v)
{
	fuzz_assert(v->n <= PHD_VIOL_MAX);
	for (size_t i = 0; i < v->n; i++)
		fuzz_assert(memchr(v->v[i].text, 0, sizeof(v->v[i].text)));
}

static void one(const uint8_t *p, size_t n, struct phd_config *cfg, bool *have_cfg)
{
	static uint8_t out[PHD_APDU_MAX];
	struct phd_apdu a;
	struct phd_viol v;
	size_t len;
	char sum[160];

	phd_viol_init(&v);
	int rc = phd_apdu_decode(p, n, &a, &v);
	check_viol(&v);
	fuzz_assert(rc == CC_OK || v.errors > 0);
	phd_apdu_summary(&a, sum, sizeof(sum));
	if (rc == CC_OK && a.nproto <= PHD_MAX_PROTO) {
		fuzz_assert(phd_apdu_encode(&a, out, sizeof(out), &len) == CC_OK);
		fuzz_assert(len == n && !memcmp(out, p, n));
	}
	if (a.choice != PHD_PRST || (a.data.choice != PHD_ROIV_CEVENT &&
				     a.data.choice != PHD_ROIV_EVENT))
		return;
	if (a.data.arg.p && a.data.type == PHD_NOTI_CONFIG) {
		phd_viol_init(&v);
		phd_config_parse(a.data.arg, cfg, &v);
		fuzz_assert(cfg->nobj <= PHD_MAX_OBJ);
		for (size_t i = 0; phd_spec_at(i); i++)
			phd_config_check(cfg, phd_spec_at(i), &v);
		if (phd_std_config(cfg->id))
			phd_config_match_std(cfg, phd_std_config(cfg->id), &v);
		check_viol(&v);
		*have_cfg = true;
		return;
	}
	static struct phd_scan s;
	static const uint16_t std[] = {400, 401, 700, 1500, 1700};
	struct phd_blob arg = a.data.arg.p ? a.data.arg : (struct phd_blob){p, 0};

	for (size_t k = 0; k <= sizeof(std) / sizeof(std[0]); k++) {
		const struct phd_config *c = k < sizeof(std) / sizeof(std[0])
						 ? phd_std_config(std[k]) : (*have_cfg ? cfg : NULL);
		if (!c)
			continue;
		phd_viol_init(&v);
		phd_scan_decode(a.data.type, arg, c, &s, &v);
		fuzz_assert(s.nobs <= PHD_MAX_OBS);
		for (size_t i = 0; i < s.nobs; i++) {
			phd_obs_format(&s.obs[i], sum, sizeof(sum));
			fuzz_assert(phd_config_obj(c, s.obs[i].handle));
		}
		check_viol(&v);
	}
}

/* What the manager sends must decode without a finding. */
static int mgr_send(void *data, const uint8_t *p, size_t n, const char *what)
{
	struct phd_apdu a;
	struct phd_viol v;

	(void)data;
	fuzz_assert(what && *what);
	phd_viol_init(&v);
	fuzz_assert(phd_apdu_decode(p, n, &a, &v) == CC_OK);
	return CC_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct phd_config cfg;
	static struct phd_manager m;
	struct phd_mgr_settings set;
	bool have_cfg = false;
	size_t off = 0;
	int64_t now = 0;

	/* the same bytes as a USB configuration descriptor and a preamble */
	struct phdc_info pi;
	struct phdc_preamble pp;
	struct phd_viol pv;

	phd_viol_init(&pv);
	if (phdc_parse_config(data, size, &pi, &pv) == CC_OK)
		fuzz_assert(pi.interface >= 0 && pi.bulk_in.address && pi.bulk_out.address);
	fuzz_assert(pi.nspecs <= PHDC_MAX_SPECS);
	if (phdc_parse_preamble(data, size, &pp, &pv) == CC_OK)
		fuzz_assert(pp.opaque.p == data + 19);
	check_viol(&pv);

	phd_mgr_settings_default(&set);
	phd_mgr_init(&m, &set, phd_spec_at(size % 5));
	m.send = mgr_send;
	phd_mgr_connect(&m);

	while (size - off >= PHD_HDR_LEN) {
		size_t n = phd_apdu_size(data + off, size - off);

		fuzz_assert(n >= PHD_HDR_LEN);
		if (n > size - off)
			n = size - off; /* the stream ended mid-APDU: decode what came */
		one(data + off, n, &cfg, &have_cfg);
		phd_mgr_rx(&m, data + off, n, now);
		fuzz_assert(m.state < PHD_M_NSTATES && m.viol.n <= PHD_VIOL_MAX);
		if (m.state == PHD_M_OPERATING && (data[off] & 1))
			phd_mgr_get_mds(&m, now);
		now += 4000000000LL; /* past TO_release and TO_get, not TO_config */
		phd_mgr_tick(&m, now);
		off += n;
	}
	return 0;
}

/* ---- seeds ---- */

static const struct { const char *name, *hex; } vectors[] = {
	{"aarq-bp", "E2 00 00 32 80 00 00 00 00 01 00 2A 50 79 00 26 80 00 00 00 80 00 80 00 "
		    "00 00 00 00 00 00 00 80 00 00 00 08 00 22 09 22 58 08 03 CC 40 00 00 01 "
		    "01 00 00 00 00 00"},
	{"aare-unknown", "E3 00 00 2C 00 03 50 79 00 26 80 00 00 00 80 00 80 00 00 00 00 00 00 00 "
			 "80 00 00 00 00 08 11 22 33 44 55 66 77 88 00 00 00 00 00 00 00 00 00 00"},
	{"config-bp", "E7 00 00 B0 00 AE 00 01 01 01 00 A8 00 00 FF FF FF FF 0D 1C 00 9E 40 00 "
		      "00 03 00 98 "
		      "00 06 00 01 00 06 00 38 09 2F 00 04 00 02 4A 04 0A 46 00 02 F0 40 0A 73 "
		      "00 02 03 03 09 96 00 02 0F 20 0A 76 00 0A 00 03 00 06 4A 05 4A 06 4A 07 "
		      "0A 55 00 0C 00 02 00 08 0A 75 00 0A 09 90 00 08 "
		      "00 06 00 02 00 04 00 24 09 2F 00 04 00 02 48 2A 0A 46 00 02 F0 40 09 96 "
		      "00 02 0A A0 0A 55 00 0C 00 02 00 08 0A 4C 00 02 09 90 00 08 "
		      "00 06 00 03 00 04 00 24 09 2F 00 04 00 02 F0 12 0A 46 00 02 F0 40 09 96 "
		      "00 02 02 00 0A 55 00 0C 00 02 00 08 0A 4C 00 02 09 90 00 08"},
	{"mp-fixed", "E7 00 00 52 00 50 00 01 01 01 00 4A 00 00 FF FF FF FF 0D 1F 00 40 F0 00 "
		     "00 01 00 01 00 38 00 42 00 03 00 32 00 01 00 12 00 03 00 06 00 71 00 47 "
		     "00 55 20 10 07 21 15 35 53 00 00 02 00 0A 00 47 20 10 07 21 15 35 53 00 "
		     "00 03 00 0A 00 00 20 10 07 21 15 35 53 00"},
	{"glucose-fixed", "E7 00 00 2A 00 28 00 02 01 01 00 22 00 00 00 00 00 00 0D 1D 00 18 F0 00 "
			  "00 01 00 01 00 10 00 01 00 0C 00 5A 20 26 12 06 07 30 00 00"},
	{"get-mds", "E7 00 00 0E 00 0C 00 05 01 03 00 06 00 00 00 00 00 00"},
	{"roer", "E7 00 00 0C 00 0A 00 03 03 00 00 04 00 17 00 00"},
	{"rorj", "E7 00 00 0A 00 08 00 03 04 00 00 02 00 02"},
	{"release", "E4 00 00 02 00 00 E5 00 00 02 00 00 E6 00 00 02 00 03"},
};

static size_t hex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned x;
	int used;

	while (n < cap && sscanf(s, " %2x%n", &x, &used) == 1) {
		out[n++] = (uint8_t)x;
		s += used;
	}
	return n;
}

static void generate(void)
{
	static uint8_t all[4096], one_apdu[512];
	size_t na = 0;

	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		char name[64];
		size_t n = hex(vectors[i].hex, one_apdu, sizeof(one_apdu));

		snprintf(name, sizeof(name), "gen-%s", vectors[i].name);
		fuzz_seed(name, one_apdu, n);
		memcpy(all + na, one_apdu, n);
		na += n;
	}
	fuzz_seed("gen-stream", all, na);
	static const uint8_t scale[] = {
		0x09, 0x02, 0x3D, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32, 0x09, 0x04, 0x00, 0x00,
		0x03, 0x0F, 0x00, 0x00, 0x00, 0x04, 0x20, 0x02, 0x00, 0x06, 0x30, 0x00, 0x01,
		0x0F, 0x10, 0x07, 0x05, 0x81, 0x02, 0x40, 0x00, 0x00, 0x04, 0x21, 0x01, 0x08,
		0x07, 0x05, 0x02, 0x02, 0x40, 0x00, 0x00, 0x04, 0x21, 0x01, 0x08, 0x07, 0x05,
		0x83, 0x03, 0x08, 0x00, 0x0A, 0x04, 0x21, 0x01, 0x01,
	};
	fuzz_seed("gen-phdc-config", scale, sizeof(scale));
	fuzz_seed("gen-phdc-preamble", "PhdcQoSSignature\x01\x01\x04\xAA", 20);
}

const struct fuzz_harness fuzz_harness = {.name = "phd", .generate = generate};
