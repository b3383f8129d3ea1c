/* SPDX-License-Identifier: MIT */
/*
 * Test certificates made at run time with OpenSSL, so that no key is ever
 * committed: a CA, server certificates it issues (or self-signed ones),
 * valid, expired or for another host, and the SHA-256 public-key pin curl
 * takes ("sha256//BASE64").
 *
 * Keys: EC P-256 for CAs; RSA 2048 for servers, so that a simulator can
 * still offer TLS 1.0 when a fault asks for it. PEM text is malloc'd and
 * owned by the struct pki_pair (pki_pair_release). Errors: CC_ENOMEM,
 * CC_EINVAL (bad names), CC_ESYS (OpenSSL failed).
 */
#ifndef CARECERT_TESTPKI_H
#define CARECERT_TESTPKI_H

#include <stddef.h>

struct pki_pair {
	char *cert_pem;
	char *key_pem;
};

/* A self-signed CA valid for a day. */
int pki_make_ca(const char *cn, struct pki_pair *out);

/* A server certificate for san ("DNS:localhost,IP:127.0.0.1"), valid from
 * now + from_s to now + to_s seconds (negative: in the past), issued by ca,
 * or self-signed when ca is NULL. */
int pki_make_server(const struct pki_pair *ca, const char *cn, const char *san,
		    long from_s, long to_s, struct pki_pair *out);

void pki_pair_release(struct pki_pair *p);

/* "sha256//" + base64 of the SHA-256 of the certificate's public key
 * (DER SubjectPublicKeyInfo), as curl's CURLOPT_PINNEDPUBLICKEY takes. */
int pki_pin(const char *cert_pem, char *out, size_t len);

#endif
