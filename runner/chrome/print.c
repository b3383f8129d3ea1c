/* SPDX-License-Identifier: MIT */
#include "chrome/print.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"

/* A file being written from decoded base64: tmp beside path, then
 * renamed over it by out_commit(). */
struct out {
	char path[PATH_MAX], tmp[PATH_MAX + 32];
	int fd;
	EVP_ENCODE_CTX *ctx;
	unsigned long long len, max;
};

static int out_open(struct out *o, const char *path, unsigned long long max,
		    char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	o->fd = -1;
	o->max = max;
	if (strlen(path) >= sizeof(o->path)) {
		snprintf(err, errlen, "path too long: %.200s", path);
		return CC_EINVAL;
	}
	snprintf(o->path, sizeof(o->path), "%s", path);
	snprintf(o->tmp, sizeof(o->tmp), "%s.tmp.%ld", path, (long)getpid());
	if (!(o->ctx = EVP_ENCODE_CTX_new()))
		return CC_ENOMEM;
	EVP_DecodeInit(o->ctx);
	o->fd = open(o->tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (o->fd < 0) {
		snprintf(err, errlen, "cannot write %s: %s", o->tmp,
			 strerror(errno));
		EVP_ENCODE_CTX_free(o->ctx);
		o->ctx = NULL;
		return CC_EIO;
	}
	return CC_OK;
}

static int out_write(struct out *o, const unsigned char *p, size_t n,
		     char *err, size_t errlen)
{
	o->len += n;
	if (o->len > o->max) {
		snprintf(err, errlen, "%s: over %llu bytes", o->path, o->max);
		return CC_ETOOBIG;
	}
	while (n) {
		ssize_t w = write(o->fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			snprintf(err, errlen, "cannot write %s: %s", o->tmp,
				 strerror(errno));
			return CC_EIO;
		}
		p += w;
		n -= (size_t)w;
	}
	return CC_OK;
}

/* Decode base64 text of any length in slices (EVP_DecodeUpdate keeps the
 * partial quantum between calls). */
static int out_b64(struct out *o, const char *s, size_t n, char *err,
		   size_t errlen)
{
	unsigned char dec[3 * 16384 / 4 + 80];

	while (n) {
		size_t k = n > 16384 ? 16384 : n;
		int got = 0, rc;

		if (EVP_DecodeUpdate(o->ctx, dec, &got,
				     (const unsigned char *)s, (int)k) < 0) {
			snprintf(err, errlen,
				 "the browser's data is not base64");
			return CC_EIO;
		}
		if (got > 0 && (rc = out_write(o, dec, (size_t)got, err,
					       errlen)))
			return rc;
		s += k;
		n -= k;
	}
	return CC_OK;
}

static void out_abort(struct out *o)
{
	if (o->fd >= 0) {
		close(o->fd);
		unlink(o->tmp);
	}
	o->fd = -1;
	EVP_ENCODE_CTX_free(o->ctx);
	o->ctx = NULL;
}

/* Finish decoding, check the file starts with magic, sync and rename. */
static int out_commit(struct out *o, const char *magic, char *err,
		      size_t errlen)
{
	unsigned char dec[80], head[8] = {0};
	size_t ml = strlen(magic);
	int got = 0, rc;

	if (EVP_DecodeFinal(o->ctx, dec, &got) < 0) {
		snprintf(err, errlen, "the browser's data is not base64");
		out_abort(o);
		return CC_EIO;
	}
	if (got > 0 && (rc = out_write(o, dec, (size_t)got, err, errlen))) {
		out_abort(o);
		return rc;
	}
	if (pread(o->fd, head, ml, 0) != (ssize_t)ml ||
	    memcmp(head, magic, ml)) {
		snprintf(err, errlen, "the browser's answer is not a %s file",
			 magic[0] == '%' ? "PDF" : "PNG");
		out_abort(o);
		return CC_EPROTO;
	}
	if (fsync(o->fd) || close(o->fd)) {
		o->fd = -1;
		unlink(o->tmp);
		snprintf(err, errlen, "cannot write %s: %s", o->tmp,
			 strerror(errno));
		EVP_ENCODE_CTX_free(o->ctx);
		o->ctx = NULL;
		return CC_EIO;
	}
	o->fd = -1;
	EVP_ENCODE_CTX_free(o->ctx);
	o->ctx = NULL;
	if (rename(o->tmp, o->path)) {
		snprintf(err, errlen, "cannot write %s: %s", o->path,
			 strerror(errno));
		unlink(o->tmp);
		return CC_EIO;
	}
	return CC_OK;
}

/* file:// URL of a path, every byte outside the unreserved set and '/'
 * percent-encoded. */
static int file_url(const char *path, char *url, size_t len)
{
	char abs[PATH_MAX];
	size_t k;

	if (!realpath(path, abs))
		return CC_ENOTFOUND;
	k = (size_t)snprintf(url, len, "file://");
	for (const unsigned char *p = (const unsigned char *)abs; *p; p++) {
		if (k + 4 >= len)
			return CC_EINVAL;
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
			url[k++] = (char)*p;
		else
			k += (size_t)snprintf(url + k, len - k, "%%%02X", *p);
	}
	url[k] = 0;
	return CC_OK;
}

int chrome_load_file(struct browser *b, const char *html_path,
		     int64_t deadline_ns, char *err, size_t errlen)
{
	char url[PATH_MAX * 3 + 16];
	json_object *p, *res = NULL, *e;
	int rc;

	if (file_url(html_path, url, sizeof(url))) {
		snprintf(err, errlen, "%.200s: %s", html_path,
			 strerror(errno ? errno : EINVAL));
		return CC_ENOTFOUND;
	}
	browser_clear_events(b);
	p = json_object_new_object();
	json_object_object_add(p, "url", json_object_new_string(url));
	if ((rc = browser_call(b, "Page.navigate", p, deadline_ns, &res, err,
			       errlen)))
		return rc;
	if (json_object_object_get_ex(res, "errorText", &e)) {
		snprintf(err, errlen, "%.200s: %s", html_path,
			 json_object_get_string(e));
		json_object_put(res);
		return CC_EPROTO;
	}
	json_object_put(res);
	if ((rc = browser_wait_event(b, "Page.loadEventFired", deadline_ns,
				     NULL)))
		snprintf(err, errlen, "%.200s: not loaded in time: %s",
			 html_path, cc_strerror(rc));
	return rc;
}

static const char *str_member(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) &&
		       json_object_is_type(v, json_type_string)
		   ? json_object_get_string(v)
		   : NULL;
}

static bool bool_member(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) &&
	       json_object_get_boolean(v);
}

/* Read the stream handle to its end into o. */
static int read_stream(struct browser *b, const char *handle, struct out *o,
		       int64_t deadline_ns, char *err, size_t errlen)
{
	for (;;) {
		json_object *p = json_object_new_object(), *res = NULL, *d;
		bool eof;
		int rc;

		json_object_object_add(p, "handle",
				       json_object_new_string(handle));
		json_object_object_add(p, "size",
				       json_object_new_int(CHROME_IO_CHUNK));
		if ((rc = browser_call(b, "IO.read", p, deadline_ns, &res, err,
				       errlen)))
			return rc;
		if (!json_object_object_get_ex(res, "data", &d) ||
		    !json_object_is_type(d, json_type_string)) {
			json_object_put(res);
			snprintf(err, errlen, "IO.read: no data");
			return CC_EPROTO;
		}
		rc = bool_member(res, "base64Encoded")
			 ? out_b64(o, json_object_get_string(d),
				   (size_t)json_object_get_string_len(d), err,
				   errlen)
			 : out_write(o,
				     (const unsigned char *)
					 json_object_get_string(d),
				     (size_t)json_object_get_string_len(d),
				     err, errlen);
		eof = bool_member(res, "eof");
		json_object_put(res);
		if (rc)
			return rc;
		if (eof)
			return CC_OK;
	}
}

int chrome_print_pdf(struct browser *b, const char *pdf_path,
		     int64_t deadline_ns, char *err, size_t errlen)
{
	json_object *p = json_object_new_object(), *res = NULL;
	const char *handle;
	struct out o;
	int rc;

	/* the document's @page rules say paper, margins and furniture */
	json_object_object_add(p, "preferCSSPageSize",
			       json_object_new_boolean(1));
	json_object_object_add(p, "printBackground",
			       json_object_new_boolean(1));
	json_object_object_add(p, "displayHeaderFooter",
			       json_object_new_boolean(0));
	json_object_object_add(p, "generateDocumentOutline",
			       json_object_new_boolean(1));
	json_object_object_add(p, "transferMode",
			       json_object_new_string("ReturnAsStream"));
	if ((rc = browser_call(b, "Page.printToPDF", p, deadline_ns, &res, err,
			       errlen)))
		return rc;
	if (!(handle = str_member(res, "stream"))) {
		json_object_put(res);
		snprintf(err, errlen, "Page.printToPDF: no stream");
		return CC_EPROTO;
	}
	if ((rc = out_open(&o, pdf_path, CHROME_PDF_MAX, err, errlen))) {
		json_object_put(res);
		return rc;
	}
	rc = read_stream(b, handle, &o, deadline_ns, err, errlen);
	{
		json_object *c = json_object_new_object();
		char e2[64];

		json_object_object_add(c, "handle",
				       json_object_new_string(handle));
		browser_call(b, "IO.close", c, deadline_ns, NULL, e2,
			     sizeof(e2));
	}
	json_object_put(res);
	if (rc) {
		out_abort(&o);
		return rc;
	}
	return out_commit(&o, "%PDF", err, errlen);
}

int chrome_screenshot(struct browser *b, int width, int height, int full,
		      const char *png_path, int64_t deadline_ns, char *err,
		      size_t errlen)
{
	static const char png_magic[] = "\x89PNG";
	json_object *p = json_object_new_object(), *res = NULL, *d;
	double h = height;
	struct out o;
	int rc;

	json_object_object_add(p, "width", json_object_new_int(width));
	json_object_object_add(p, "height", json_object_new_int(height));
	json_object_object_add(p, "deviceScaleFactor",
			       json_object_new_double(1));
	json_object_object_add(p, "mobile", json_object_new_boolean(0));
	if ((rc = browser_call(b, "Emulation.setDeviceMetricsOverride", p,
			       deadline_ns, NULL, err, errlen)))
		return rc;
	if (full && !browser_call(b, "Page.getLayoutMetrics", NULL,
				  deadline_ns, &res, err, errlen)) {
		json_object *cs, *hv;

		if (json_object_object_get_ex(res, "cssContentSize", &cs) &&
		    json_object_object_get_ex(cs, "height", &hv)) {
			double ch = json_object_get_double(hv);

			if (ch > 0 && ch < h)
				h = ch;
		}
		json_object_put(res);
		res = NULL;
	}
	p = json_object_new_object();
	json_object_object_add(p, "format", json_object_new_string("png"));
	json_object_object_add(p, "captureBeyondViewport",
			       json_object_new_boolean(full != 0));
	if (full) {
		json_object *clip = json_object_new_object();

		json_object_object_add(clip, "x", json_object_new_int(0));
		json_object_object_add(clip, "y", json_object_new_int(0));
		json_object_object_add(clip, "width",
				       json_object_new_int(width));
		json_object_object_add(clip, "height",
				       json_object_new_double(h));
		json_object_object_add(clip, "scale",
				       json_object_new_double(1));
		json_object_object_add(p, "clip", clip);
	}
	if ((rc = browser_call(b, "Page.captureScreenshot", p, deadline_ns,
			       &res, err, errlen)))
		return rc;
	if (!json_object_object_get_ex(res, "data", &d) ||
	    !json_object_is_type(d, json_type_string)) {
		json_object_put(res);
		snprintf(err, errlen, "Page.captureScreenshot: no data");
		return CC_EPROTO;
	}
	if ((rc = out_open(&o, png_path, CDP_MAX_MESSAGE, err, errlen))) {
		json_object_put(res);
		return rc;
	}
	rc = out_b64(&o, json_object_get_string(d),
		     (size_t)json_object_get_string_len(d), err, errlen);
	json_object_put(res);
	if (rc) {
		out_abort(&o);
		return rc;
	}
	return out_commit(&o, png_magic, err, errlen);
}
