/* SPDX-License-Identifier: MIT */
#include "phd/phdc.h"

#include <string.h>

#include "base/err.h"

static const char signature[16] = {'P', 'h', 'd', 'c', 'Q', 'o', 'S', 'S',
				   'i', 'g', 'n', 'a', 't', 'u', 'r', 'e'};

/* bmLatencyReliability: exactly one bin (which bit is which bin is not in
 * the sources carecert has, so no bit is singled out) */
static bool one_bin(uint8_t b)
{
	return b && !(b & (b - 1));
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

int phdc_parse_config(const uint8_t *p, size_t n, struct phdc_info *in,
		      struct phd_viol *v)
{
	size_t before = v->errors, off = 0;
	bool inside = false;
	struct phdc_ep *last = NULL;

	memset(in, 0, sizeof(*in));
	in->interface = -1;
	if (n < 9 || p[1] != 2)
		return phd_viol_add(v, false, "not a configuration descriptor (%zu bytes, type %u)",
				    n, n > 1 ? p[1] : 0);
	if (le16(p + 2) != n)
		phd_viol_add(v, false, "wTotalLength says %u bytes, %zu were read", le16(p + 2), n);
	while (off + 2 <= n) {
		uint8_t len = p[off], type = p[off + 1];
		const uint8_t *d = p + off;

		if (len < 2 || off + len > n) {
			phd_viol_add(v, false, "descriptor at offset %zu: bLength %u %s", off, len,
				     len < 2 ? "is too small" : "runs past the configuration");
			break;
		}
		if (type == 4) { /* interface */
			if (len < 9) {
				phd_viol_add(v, false, "interface descriptor of %u bytes", len);
			} else if (d[5] == PHDC_CLASS) {
				if (in->interface >= 0)
					phd_viol_add(v, true, "a second PHDC interface (%u) is ignored", d[2]);
				inside = in->interface < 0;
				if (inside) {
					in->interface = d[2];
					if (d[6] || d[7])
						phd_viol_add(v, false, "PHDC interface subclass %u protocol %u, both must be 0",
							     d[6], d[7]);
				}
			} else {
				inside = false;
			}
			last = NULL;
		} else if (inside && type == PHDC_DT_CLASS_FUNCTION) {
			if (len != 4) {
				phd_viol_add(v, false, "PHDC class function descriptor of %u bytes, not 4", len);
			} else {
				in->data_code = d[2];
				in->metadata = d[3] & 1;
				if (d[2] != PHDC_DATA_CODE_11073 && d[2] != PHDC_DATA_CODE_VENDOR)
					phd_viol_add(v, false, "bPHDCDataCode %u is neither 11073-20601 (2) nor vendor (1)",
						     d[2]);
			}
		} else if (inside && type == PHDC_DT_11073_EXTENSION) {
			in->have_extension = true;
			if (len < 4 || len != 4 + 2 * d[3]) {
				phd_viol_add(v, false, "11073 function extension: %u bytes for %u specializations",
					     len, len >= 4 ? d[3] : 0);
			} else {
				for (size_t i = 0; i < d[3] && in->nspecs < PHDC_MAX_SPECS; i++)
					in->specs[in->nspecs++] = le16(d + 4 + 2 * i);
			}
		} else if (inside && type == 5) { /* endpoint */
			struct phdc_ep *ep = NULL;

			if (len < 7) {
				phd_viol_add(v, false, "endpoint descriptor of %u bytes", len);
			} else {
				uint8_t addr = d[2], kind = d[3] & 3;
				bool is_in = addr & 0x80;

				if (kind == 2)
					ep = is_in ? &in->bulk_in : &in->bulk_out;
				else if (kind == 3 && is_in)
					ep = &in->int_in;
				else
					phd_viol_add(v, false, "endpoint 0x%02X: a PHDC interface has bulk IN, bulk OUT and an optional interrupt IN",
						     addr);
				if (ep && ep->address)
					phd_viol_add(v, false, "endpoint 0x%02X repeats a kind the interface has", addr);
				else if (ep)
					*ep = (struct phdc_ep){addr, le16(d + 4), false, 0};
			}
			if (last && !last->qos)
				phd_viol_add(v, false, "endpoint 0x%02X has no QoS descriptor", last->address);
			last = ep;
		} else if (inside && type == PHDC_DT_QOS) {
			if (len != 4 || d[2] != 1)
				phd_viol_add(v, false, "QoS descriptor: %u bytes, encoding version %u (4 and 1)",
					     len, len > 2 ? d[2] : 0);
			else if (!last)
				phd_viol_add(v, false, "QoS descriptor at offset %zu follows no endpoint", off);
			else if (!one_bin(d[3]) && last != &in->bulk_in)
				phd_viol_add(v, false, "endpoint 0x%02X: bmLatencyReliability 0x%02X is not one bin",
					     last->address, d[3]);
			if (last && len == 4) {
				last->qos = true;
				last->latency_reliability = d[3];
			}
		} else if (inside && type == PHDC_DT_METADATA) {
			in->have_metadata_desc = true;
		}
		off += len;
	}
	if (last && !last->qos)
		phd_viol_add(v, false, "endpoint 0x%02X has no QoS descriptor", last->address);
	if (in->interface < 0)
		return phd_viol_add(v, false, "no interface of class 0x0F (PHDC)");
	if (!in->data_code)
		phd_viol_add(v, false, "the PHDC interface has no class function descriptor (0x20)");
	if (!in->bulk_in.address || !in->bulk_out.address)
		phd_viol_add(v, false, "the PHDC interface lacks a bulk %s endpoint",
			     !in->bulk_in.address ? "IN" : "OUT");
	if (in->data_code == PHDC_DATA_CODE_11073 && !in->have_extension)
		phd_viol_add(v, true, "11073-20601 data without the function extension descriptor (0x30)");
	return v->errors > before ? CC_EPROTO : CC_OK;
}

bool phdc_is_preamble(const uint8_t *p, size_t n)
{
	return n >= sizeof(signature) && !memcmp(p, signature, sizeof(signature));
}

int phdc_parse_preamble(const uint8_t *p, size_t n, struct phdc_preamble *out,
			struct phd_viol *v)
{
	size_t before = v->errors;

	memset(out, 0, sizeof(*out));
	if (n < PHDC_PREAMBLE_MIN || !phdc_is_preamble(p, n))
		return phd_viol_add(v, false, "not a metadata preamble (%zu bytes)", n);
	out->num_transfers = p[16];
	out->latency_reliability = p[18];
	out->opaque = (struct phd_blob){p + 19, (uint16_t)(n - 19 > 0xFFFF ? 0xFFFF : n - 19)};
	if (!p[16])
		phd_viol_add(v, false, "preamble announces 0 transfers");
	if (p[17] != 1)
		phd_viol_add(v, false, "preamble QoS encoding version %u, not 1", p[17]);
	if (!one_bin(p[18]))
		phd_viol_add(v, false, "preamble bmLatencyReliability 0x%02X is not one bin", p[18]);
	return v->errors > before ? CC_EPROTO : CC_OK;
}
