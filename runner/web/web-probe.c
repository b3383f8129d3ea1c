/* SPDX-License-Identifier: MIT */
#include "web/web-probe.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "chrome/browser.h"
#include "chrome/cdp-msg.h"

int web_eval_string(struct browser *b, const char *expr, int64_t deadline,
		    char **out, char *err, size_t errlen)
{
	json_object *p = json_object_new_object(), *res = NULL, *r, *v;
	int rc;

	*out = NULL;
	json_object_object_add(p, "expression", json_object_new_string(expr));
	json_object_object_add(p, "returnByValue", json_object_new_boolean(1));
	json_object_object_add(p, "awaitPromise", json_object_new_boolean(1));
	if ((rc = browser_call(b, "Runtime.evaluate", p, deadline, &res, err,
			       errlen)))
		return rc;
	if (json_object_object_get_ex(res, "exceptionDetails", &v)) {
		json_object *ex, *d;
		const char *what = "an exception";

		if (json_object_object_get_ex(v, "exception", &ex) &&
		    json_object_object_get_ex(ex, "description", &d) &&
		    json_object_is_type(d, json_type_string))
			what = json_object_get_string(d);
		snprintf(err, errlen, "the page's script failed: %.200s", what);
		json_object_put(res);
		return CC_EPROTO;
	}
	if (!json_object_object_get_ex(res, "result", &r) ||
	    !json_object_object_get_ex(r, "value", &v) ||
	    !json_object_is_type(v, json_type_string)) {
		snprintf(err, errlen, "the page's script gave no text");
		json_object_put(res);
		return CC_EPROTO;
	}
	*out = strdup(json_object_get_string(v));
	json_object_put(res);
	return *out ? CC_OK : CC_ENOMEM;
}

int web_probe(struct browser *b, const char *mode, const char *arg,
	      int64_t deadline, json_object **out, char *err, size_t errlen)
{
	struct buf expr;
	json_tokener *tok;
	char *text = NULL;
	size_t len;
	int rc;

	*out = NULL;
	buf_init(&expr, BUF_MAX_TEXT);
	if (buf_appendf(&expr, "%s(\"%s\", %s)", web_probe_js, mode,
			arg ? arg : "null")) {
		buf_release(&expr);
		return CC_ENOMEM;
	}
	rc = web_eval_string(b, buf_str(&expr), deadline, &text, err, errlen);
	buf_release(&expr);
	if (rc)
		return rc;
	len = strlen(text);
	if (len > WEB_PROBE_MAX_ANSWER ||
	    !(tok = json_tokener_new_ex(CDP_MAX_DEPTH))) {
		snprintf(err, errlen,
			 "the page's answer is too long (%zu bytes)", len);
		free(text);
		return CC_EPROTO;
	}
	*out = json_tokener_parse_ex(tok, text, (int)len);
	if (json_tokener_get_error(tok) != json_tokener_success ||
	    !json_object_is_type(*out, json_type_object)) {
		json_object_put(*out);
		*out = NULL;
		snprintf(err, errlen, "the page's answer is not a JSON object");
		rc = CC_EPROTO;
	}
	json_tokener_free(tok);
	free(text);
	return rc;
}

const char *web_item_str(json_object *o, const char *key)
{
	json_object *v;

	if (json_object_object_get_ex(o, key, &v) &&
	    json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	return "";
}

double web_item_num(json_object *o, const char *key)
{
	json_object *v;
	double d;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !(json_object_is_type(v, json_type_double) ||
	      json_object_is_type(v, json_type_int)))
		return NAN;
	d = json_object_get_double(v);
	return isfinite(d) ? d : NAN;
}

int web_item_bool(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) &&
	       json_object_is_type(v, json_type_boolean) &&
	       json_object_get_boolean(v);
}
