/* SPDX-License-Identifier: MIT */
#include "http/testpki.h"
#include "base/err.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *bio_text(BIO *b)
{
	char *p, *s;
	long n = BIO_get_mem_data(b, &p);

	if (n < 0 || !(s = malloc((size_t)n + 1)))
		return NULL;
	memcpy(s, p, (size_t)n);
	s[n] = 0;
	return s;
}

static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	int ok;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (!ext)
		return 0;
	ok = X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return ok;
}

static EVP_PKEY *load_key(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;

	BIO_free(b);
	return k;
}

static X509 *load_cert(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;

	BIO_free(b);
	return x;
}

/* Build, sign and export one certificate. */
static int make(EVP_PKEY *key, const char *cn, X509 *issuer, EVP_PKEY *issuer_key,
		bool ca, const char *san, long from_s, long to_s, struct pki_pair *out)
{
	X509 *x = X509_new();
	X509_NAME *name = X509_NAME_new();
	BIO *cb = BIO_new(BIO_s_mem()), *kb = BIO_new(BIO_s_mem());
	unsigned char serial[16];
	BIGNUM *bn = NULL;
	int rc = CC_ESYS, ok = 1;

	memset(out, 0, sizeof(*out));
	if (!x || !name || !cb || !kb)
		goto out;
	RAND_bytes(serial, sizeof(serial));
	serial[0] &= 0x7F; /* positive */
	bn = BN_bin2bn(serial, sizeof(serial), NULL);
	ok &= bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
	ok &= X509_set_version(x, 2);
	ok &= X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
					 (const unsigned char *)"carecert test PKI", -1, -1, 0);
	ok &= X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn,
					 -1, -1, 0);
	ok &= X509_set_subject_name(x, name);
	ok &= X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);
	ok &= X509_gmtime_adj(X509_getm_notBefore(x), from_s) != NULL;
	ok &= X509_gmtime_adj(X509_getm_notAfter(x), to_s) != NULL;
	ok &= X509_set_pubkey(x, key);
	if (!ok)
		goto out;
	ok &= add_ext(x, issuer ? issuer : x, NID_subject_key_identifier, "hash");
	ok &= add_ext(x, issuer ? issuer : x, NID_authority_key_identifier, "keyid:always");
	if (ca) {
		ok &= add_ext(x, x, NID_basic_constraints, "critical,CA:TRUE");
		ok &= add_ext(x, x, NID_key_usage, "critical,keyCertSign,cRLSign");
	} else {
		ok &= add_ext(x, x, NID_basic_constraints, "critical,CA:FALSE");
		ok &= add_ext(x, x, NID_key_usage, "critical,digitalSignature,keyEncipherment");
		ok &= add_ext(x, x, NID_ext_key_usage, "serverAuth");
		if (san && *san)
			ok &= add_ext(x, x, NID_subject_alt_name, san);
	}
	if (!ok || !X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()))
		goto out;
	if (!PEM_write_bio_X509(cb, x) ||
	    !PEM_write_bio_PrivateKey(kb, key, NULL, NULL, 0, NULL, NULL))
		goto out;
	out->cert_pem = bio_text(cb);
	out->key_pem = bio_text(kb);
	rc = out->cert_pem && out->key_pem ? CC_OK : CC_ENOMEM;
	if (rc)
		pki_pair_release(out);
out:
	BN_free(bn);
	BIO_free(cb);
	BIO_free(kb);
	X509_NAME_free(name);
	X509_free(x);
	return rc;
}

int pki_make_ca(const char *cn, struct pki_pair *out)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	int rc;

	if (!key)
		return CC_ESYS;
	rc = make(key, cn, NULL, NULL, true, NULL, -3600, 86400, out);
	EVP_PKEY_free(key);
	return rc;
}

int pki_make_server(const struct pki_pair *ca, const char *cn, const char *san,
		    long from_s, long to_s, struct pki_pair *out)
{
	EVP_PKEY *key = EVP_RSA_gen(2048), *ca_key = NULL;
	X509 *ca_cert = NULL;
	int rc = CC_ESYS;

	memset(out, 0, sizeof(*out));
	if (!key)
		return CC_ESYS;
	if (ca && (!(ca_key = load_key(ca->key_pem)) || !(ca_cert = load_cert(ca->cert_pem))))
		goto out;
	rc = make(key, cn, ca_cert, ca_key, false, san, from_s, to_s, out);
out:
	EVP_PKEY_free(key);
	EVP_PKEY_free(ca_key);
	X509_free(ca_cert);
	return rc;
}

void pki_pair_release(struct pki_pair *p)
{
	if (!p)
		return;
	free(p->cert_pem);
	free(p->key_pem);
	p->cert_pem = p->key_pem = NULL;
}

int pki_pin(const char *cert_pem, char *out, size_t len)
{
	X509 *x = load_cert(cert_pem);
	unsigned char *der = NULL, md[32], b64[64];
	unsigned mdlen = 0;
	int n, rc = CC_EINVAL;

	if (!x)
		return CC_EINVAL;
	n = i2d_PUBKEY(X509_get0_pubkey(x), &der);
	if (n > 0 && EVP_Digest(der, (size_t)n, md, &mdlen, EVP_sha256(), NULL) && mdlen == 32) {
		EVP_EncodeBlock(b64, md, 32);
		snprintf(out, len, "sha256//%s", b64);
		rc = CC_OK;
	}
	OPENSSL_free(der);
	X509_free(x);
	return rc;
}
