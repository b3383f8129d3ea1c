/* SPDX-License-Identifier: MIT */
/*
 * Carecert's own phrases in Chinese (see phrases.h). Rows are matched on
 * word boundaries, the longest match at a place winning, so an identifier
 * that contains a phrase ("valueQuantity") is left alone.
 *
 * A row's English may hold slots:
 *   {n}  a number as carecert prints it (-1.25, 3e-05, 45), copied
 *   {w}  a run of characters without space (an id, a path, 300x's "300"
 *        is a {n}), copied
 *   {s}  any text up to what follows in the row, copied as it is (device
 *        data, names)
 *   {t}  any text up to what follows in the row, itself translated
 *   {v}  a name without space (a suite's measurement or variable): in
 *        Chinese when it is one of carecert's words as a whole
 *        (systolic), else copied
 * and its Chinese names them by position, {1} to {9}. A slot never spans a
 * line.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/phrases.h"
#include "report/phrases-table.h"

#define MAX_SLOTS 9
#define MAX_SLOT_LEN 400
#define MAX_DEPTH 3

/* carecert's core words: steps, limits, accuracy figures */
static const struct phrase_row core_rows[] = {

    {"no reply within the deadline", "截止时间内无应答"},
    /* the suites' own standards (their catalogues' standard:) */
    {"carecert BLE timing", "carecert BLE 时序"},
    {"carecert HTTP timing", "carecert HTTP 时序"},
    {"carecert bench", "carecert 试验台"},
    {"carecert positioning", "carecert 定位方法"},
    {"carecert consistency", "carecert 一致性"},
    {"carecert gateway API", "carecert 网关 API"},
    {"MIIT APP ageing-friendly {n}", "工信部《移动互联网应用（APP）适老化通用设计规范》（{1}）"},
    {"MIIT website ageing-friendly {n}", "工信部《互联网网站适老化通用设计规范》（{1}）"},
    {"one of: {s}", "以下之一：{1}"},
    {"{v} equals", "{1} 相等"},
    {"{v} within limits", "{1} 在限值内"},
    {"{v} within limits (marginal)", "{1} 在限值内（临界）"},
    {"{v} outside limits", "{1} 超出限值"},
    {"{v} is one of the allowed values", "{1} 为允许值之一"},
    {"passed on attempt {n} of {n}", "第 {1} 次尝试（共 {2} 次）通过"},
    {"link '{w}' unavailable: {s}", "链路 '{1}' 不可用：{2}"},
    {"receive: {t}", "接收：{1}"},
    {"cleanup did not complete: {t} (the verdict stands)", "清理未完成：{1}（判定不变）"},
    {"connection closed by peer (device disconnected)", "对端关闭了连接（设备已断开）"},
    {"a number", "一个数值"},
    {"further evidence items not recorded (limit reached)", "其余证据项未记录（已达上限）"},
    {"within limits (marginal)", "在限值内（临界）"},
    {"systolic", "收缩压"},
    {"diastolic", "舒张压"},
    {"glucose", "血糖"},
    {"temperature", "温度"},
    {"criterion {n}", "准则 {1}"},
    {"a reply", "一个应答"},
    {"the host's clock: two readings of CLOCK_MONOTONIC, written to 0.001 ms",
     "主机时钟：CLOCK_MONOTONIC 的两次读数，记录至 0.001 ms"},
    {"conditional pass (ILAC-G8 guarded acceptance)", "有条件通过（ILAC-G8 保护接受）"},
    {"worst |difference| beyond its tolerance", "超出容差最多的 |差值|"},
    {"results within limits (%)", "在限值内的结果（%）"},
    {"results in zones A+B (%)", "位于 A+B 区的结果（%）"},
    {"but its uncertainty is not evaluated, so no guard band can be applied",
     "，但其不确定度未评定，无法施加保护带"},
    {"but inside the guard band", "，但位于保护带内"},
    {"have no evaluated uncertainty, so no guard band can be applied",
     "没有已评定的不确定度，无法施加保护带"},
    {"the figures of", "以下标准的指标"},
    {"is within its limit", "未超出其限值"},
    {"SD of differences", "差值的标准差"},
    {"not applicable: DUT does not claim feature", "不适用：被测设备未声明功能"},
    {"decoded: no violation", "已解码：无违规"},
    {"is one of the allowed values", "为允许值之一"},
    {"the DUT sent a request", "被测设备发出了请求"},
    {"SD of subject means", "受试者均值的标准差"},
    {"body must not match", "响应体不得匹配"},
    {"mean difference", "平均差"},
    {"outside limits", "超出限值"},
    {"within limits", "在限值内"},
    {"must be absent", "必须不存在"},
    {"frame received", "收到帧"},
    {"text matching", "匹配文本"},
    {"line matching", "匹配行"},
    {"reply matching", "应答匹配"},
    {"not selected", "未选择"},
    {"record frame", "记录帧"},
    {"computed at", "计算于"},
    {"a request", "一个请求"},
    {"subject means", "受试者均值"},
    {"subjects", "名受试者"},
    {"criterion", "准则"},
    {"instrument", "仪器"},
    {"observed", "观测值"},
    {"expected", "预期值"},
    {"response", "响应"},
    {"matches", "匹配"},
    {"equals", "相等"},
    {"within", "时限"},
    {"one of", "以下之一"},
    {"header", "响应头"},
    {"pairs", "组配对"},
    {"value", "值"},
    {"mean", "均值"},
    {"SD", "标准差"},
    {"or", "或"},
};

static const char *const exact[][2] = {
    {"present", "存在"},     {"absent", "不存在"},
    {"all present", "全部存在"}, {"accepted", "已接受"},
    {"conforms", "符合"},    {"no match", "无匹配"},
    {"response", "响应"},    {"a request", "一个请求"},
    {"none", "无"},          {"nothing", "无"},
    {"valid", "有效"},       {"released", "已释放"},
    {"low", "低"},           {"medium", "中"},
    {"high", "高"},          {"no request", "无请求"},
    {"open", "打开"},        {"expired", "已过期"},
    {"settled", "已稳定"},
    {"(set, not recorded)", "（已设置，未记录）"},
    {"fips", "FIPS"},
    {"status", "状态"},
};

static bool word_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch == '$' || ch == '{';
}

static const struct {
	const struct phrase_row *rows;
	const size_t *n;
} tables[] = {
	{ core_rows, NULL },
	{ phrases_ble, &phrases_ble_n },
	{ phrases_care, &phrases_care_n },
	{ phrases_misc, &phrases_misc_n },
};

#define NTABLES (sizeof(tables) / sizeof(tables[0]))

static size_t table_len(size_t t)
{
	return tables[t].n ? *tables[t].n : sizeof(core_rows) / sizeof(core_rows[0]);
}

static const struct phrase_row *row_at(size_t i)
{
	for (size_t t = 0; t < NTABLES; t++) {
		if (i < table_len(t))
			return &tables[t].rows[i];
		i -= table_len(t);
	}
	return NULL;
}

size_t label_phrase_count(void)
{
	size_t n = 0;

	for (size_t t = 0; t < NTABLES; t++)
		n += table_len(t);
	return n;
}

const char *label_phrase_en(size_t i)
{
	return row_at(i) ? row_at(i)->en : NULL;
}

const char *label_phrase_zh(size_t i)
{
	return row_at(i) ? row_at(i)->zh : NULL;
}

const char *label_phrase_exact(enum label_lang lang, const char *s)
{
	for (size_t i = 0; s && lang == LANG_ZH && i < sizeof(exact) / sizeof(exact[0]); i++)
		if (!strcmp(s, exact[i][0]))
			return exact[i][1];
	return s;
}

struct slot {
	const char *p;
	size_t n;
	char kind;
};

/* Length of a number at s ([-+]digits[.digits][e[-+]digits]), 0 if none. */
static size_t number_len(const char *s)
{
	size_t i = 0, d = 0;

	/* printf's words for a figure that could not be computed */
	if (!strncmp(s + (*s == '-'), "nan", 3) || !strncmp(s + (*s == '-'), "inf", 3))
		return 3 + (*s == '-');

	if (s[i] == '-' || s[i] == '+')
		i++;
	while (s[i] >= '0' && s[i] <= '9')
		i++, d++;
	if (s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
		i++;
		while (s[i] >= '0' && s[i] <= '9')
			i++, d++;
	}
	if (!d)
		return 0;
	if ((s[i] == 'e' || s[i] == 'E') &&
	    ((s[i + 1] >= '0' && s[i + 1] <= '9') ||
	     ((s[i + 1] == '-' || s[i + 1] == '+') && s[i + 2] >= '0' && s[i + 2] <= '9'))) {
		i += 2;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	return i;
}

static bool is_slot(const char *t)
{
	return t[0] == '{' && t[1] && strchr("nwstv", t[1]) && t[2] == '}';
}

/* Matches template t against s; returns the length of s matched, or 0,
 * with the slots filled in order. Slots other than {n} take the shortest
 * text that lets the rest match. */
static size_t match(const char *t, const char *s, struct slot *sl, int nsl)
{
	const char *start = s;

	while (*t) {
		if (is_slot(t)) {
			char kind = t[1];
			size_t n;

			if (nsl >= MAX_SLOTS)
				return 0;
			if (kind == 'n') {
				if (!(n = number_len(s)))
					return 0;
				sl[nsl] = (struct slot){ s, n, kind };
				if (!(n = match(t + 3, s + n, sl, nsl + 1)) && t[3])
					return 0;
				return (size_t)(s - start) + sl[nsl].n + n;
			}
			for (n = 1; n <= MAX_SLOT_LEN && s[n - 1] && s[n - 1] != '\n' &&
				    ((kind != 'w' && kind != 'v') || s[n - 1] != ' ');
			     n++) {
				size_t rest;

				sl[nsl] = (struct slot){ s, n, kind };
				if (!t[3]) {
					/* a slot that ends the row takes the rest of a
					 * {w} word, or of the line */
					while (s[n] && s[n] != '\n' &&
					       ((kind != 'w' && kind != 'v') || s[n] != ' ') &&
					       n < MAX_SLOT_LEN)
						n++;
					sl[nsl].n = n;
					return (size_t)(s - start) + n;
				}
				if ((rest = match(t + 3, s + n, sl, nsl + 1)))
					return (size_t)(s - start) + n + rest;
			}
			return 0;
		}
		if (*t != *s)
			return 0;
		t++, s++;
	}
	/* a row ending in a word character ends on a word boundary */
	if (s > start && word_char(s[-1]) && word_char(*s))
		return 0;
	return (size_t)(s - start);
}

struct out {
	char *p;
	size_t k, len;
	bool full, mask;
	bool observed_shown; /* label_observed: an unmatched value is shown */
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->full || o->k + n >= o->len) {
		o->full = true;
		return;
	}
	memcpy(o->p + o->k, s, n);
	o->k += n;
	o->p[o->k] = 0;
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void translate(const char *s, size_t len, struct out *o, int depth);
static bool whole(const char *s, size_t n, struct out *o, int depth);

/* Row r's Chinese with its slots put in. */
static void emit(const struct phrase_row *r, const struct slot *sl, int nsl, struct out *o,
		 int depth)
{
	const char *z = r->zh;

	while (*z) {
		if (z[0] == '{' && z[1] >= '1' && z[1] <= '9' && z[2] == '}') {
			int k = z[1] - '1';

			if (k < nsl) {
				if (sl[k].kind == 't' && depth < MAX_DEPTH)
					translate(sl[k].p, sl[k].n, o, depth + 1);
				else if (sl[k].kind == 'v' && depth < MAX_DEPTH &&
					 whole(sl[k].p, sl[k].n, o, depth + 1))
					;
				else if (o->mask && sl[k].kind != 'n')
					put(o, "\u2026", strlen("\u2026"));
				else
					put(o, sl[k].p, sl[k].n);
			}
			z += 3;
			continue;
		}
		put(o, z, 1);
		z++;
	}
}

/* Each row's longest literal piece: a row whose anchor is not in a
 * string cannot match anywhere in it, so a string is tried only against
 * the rows whose anchor it holds (a Chinese report of 10,000 cases puts
 * every reason through here). Built once; the report is single-threaded. */
struct anchored {
	const struct phrase_row *row;
	char anchor[40];
};

static struct anchored *anchors;
static size_t nanchors;

static void anchors_build(void)
{
	size_t n = label_phrase_count(), k = 0;

	if (anchors || !(anchors = calloc(n, sizeof(*anchors))))
		return;
	for (size_t t = 0; t < NTABLES; t++)
		for (size_t r = 0; r < table_len(t); r++, k++) {
			const char *e = tables[t].rows[r].en, *best = e;
			size_t bl = 0;

			anchors[k].row = &tables[t].rows[r];
			for (const char *p = e; *p;) {
				size_t l = 0;

				if (is_slot(p)) {
					p += 3;
					continue;
				}
				while (p[l] && !is_slot(p + l))
					l++;
				if (l > bl)
					best = p, bl = l;
				p += l;
			}
			if (bl >= sizeof(anchors[k].anchor))
				bl = sizeof(anchors[k].anchor) - 1;
			memcpy(anchors[k].anchor, best, bl);
		}
	nanchors = n;
}

static void translate(const char *s, size_t len, struct out *o, int depth)
{
	char *copy = NULL;
	const char *end;
	const struct phrase_row **cand = NULL;
	size_t ncand = 0;

	/* a {t} slot or part of a reason is matched as a string of its own */
	if (len != (size_t)-1) {
		if (!(copy = strndup(s, len))) {
			put(o, s, len);
			return;
		}
		s = copy;
	}
	anchors_build();
	if (anchors && (cand = malloc(nanchors * sizeof(*cand))))
		for (size_t k = 0; k < nanchors; k++)
			if (strstr(s, anchors[k].anchor))
				cand[ncand++] = anchors[k].row;
	end = s + strlen(s);
	for (const char *p = s; *p && !o->full;) {
		size_t best = 0;
		const struct phrase_row *br = NULL;
		struct slot bsl[MAX_SLOTS], tsl[MAX_SLOTS];

		if (cand && (p == s || !word_char(p[-1]) || !word_char(*p)))
			for (size_t k = 0; k < ncand; k++) {
				const struct phrase_row *row = cand[k];
				size_t n;

				if (row->en[0] != *p && !is_slot(row->en))
					continue;
				n = match(row->en, p, tsl, 0);
				if (n > best) {
					best = n;
					br = row;
					memcpy(bsl, tsl, sizeof(bsl));
				}
			}
		if (best) {
			int nsl = 0;

			for (const char *t = br->en; *t; t++)
				if (is_slot(t))
					nsl++;
			emit(br, bsl, nsl, o, depth);
			p += best;
			continue;
		}
		/* copy one word (or one byte of anything else) as it is */
		do
			put(o, p++, 1);
		while (p < end && word_char(p[-1]) && word_char(*p) && !o->full);
	}
	free(cand);
	free(copy);
}

void label_phrases(enum label_lang lang, const char *s, char *out, size_t len)
{
	struct out o = { out, 0, len, false, false, false };

	if (!len)
		return;
	out[0] = 0;
	if (!s)
		return;
	if (lang != LANG_ZH || label_phrase_exact(lang, s) != s) {
		snprintf(out, len, "%s", label_phrase_exact(lang, s));
		return;
	}
	translate(s, (size_t)-1, &o, 0);
}

void label_phrases_masked(enum label_lang lang, const char *s, char *out, size_t len)
{
	struct out o = { out, 0, len, false, true, false };

	if (!len)
		return;
	out[0] = 0;
	if (!s)
		return;
	if (lang != LANG_ZH || label_phrase_exact(lang, s) != s) {
		snprintf(out, len, "%s", label_phrase_exact(lang, s));
		return;
	}
	translate(s, (size_t)-1, &o, 0);
}

/* A row that matches all of s[0..n), emitted; false if none does. */
static bool whole(const char *s, size_t n, struct out *o, int depth)
{
	char *copy = strndup(s, n);
	bool done = false;

	if (!copy)
		return false;
	if (label_phrase_exact(LANG_ZH, copy) != copy) {
		puts_(o, label_phrase_exact(LANG_ZH, copy));
		free(copy);
		return true;
	}
	for (size_t t = 0; t < NTABLES && !done; t++)
		for (size_t r = 0; r < table_len(t) && !done; r++) {
			const struct phrase_row *row = &tables[t].rows[r];
			struct slot sl[MAX_SLOTS];
			int nsl = 0;

			if (match(row->en, copy, sl, 0) != n)
				continue;
			for (const char *x = row->en; *x; x++)
				if (is_slot(x))
					nsl++;
			emit(row, sl, nsl, o, depth);
			done = true;
		}
	free(copy);
	return done;
}

/* An observed value: the device's, copied; carecert's own when it is one
 * of its words or one of its sentences as a whole. */
static void observed(enum label_lang lang, const char *s, size_t n, struct out *o)
{
	char buf[256];

	if (n < sizeof(buf)) {
		const char *w;

		memcpy(buf, s, n);
		buf[n] = 0;
		w = label_phrase_exact(lang, buf);
		if (w != buf) {
			puts_(o, w);
			return;
		}
	}
	if (lang == LANG_ZH && whole(s, n, o, 0))
		return;
	if (o->mask && !o->observed_shown)
		puts_(o, "\u2026");
	else
		put(o, s, n);
}

void label_observed(enum label_lang lang, const char *s, bool mask, char *out, size_t len)
{
	struct out o = { out, 0, len, false, mask, true };

	if (!len)
		return;
	out[0] = 0;
	if (s)
		observed(lang, s, strlen(s), &o);
}

void label_reason(enum label_lang lang, const char *s, bool mask, char *out, size_t len)
{
	struct out o = { out, 0, len, false, mask, false };
	const char *obs, *exp, *rest = s;
	unsigned line;
	int n = 0;
	char kind[64], head[32];

	if (!len)
		return;
	out[0] = 0;
	if (!s)
		return;
	if (lang != LANG_ZH) {
		snprintf(out, len, "%s", s);
		return;
	}
	/* "line N (kind): what; observed X; expected Y" (core/exec.c) */
	if (sscanf(s, "line %u (%63[^)]): %n", &line, kind, &n) == 2 && n) {
		snprintf(head, sizeof(head), "第 %u 行（", line);
		puts_(&o, head);
		/* the suite's step keyword, shown as written */
		puts_(&o, mask ? "\u2026" : kind);
		puts_(&o, "）：");
		rest = s + n;
	}
	obs = strstr(rest, "; observed ");
	exp = strstr(rest, "; expected ");
	if (!obs || (exp && exp < obs)) {
		translate(rest, (size_t)-1, &o, 0);
		return;
	}
	/* what was checked: a whole word of carecert's ("status"), or words */
	if (!strncmp(rest, "status;", 7))
		puts_(&o, label_phrase_exact(lang, "status"));
	else
		translate(rest, (size_t)(obs - rest), &o, 0);
	puts_(&o, "；观测值 ");
	obs += strlen("; observed ");
	if (exp) {
		observed(lang, obs, (size_t)(exp - obs), &o);
		puts_(&o, "；预期值 ");
		exp += strlen("; expected ");
		if (label_phrase_exact(lang, exp) != exp)
			puts_(&o, label_phrase_exact(lang, exp));
		else
			translate(exp, (size_t)-1, &o, 0);
	} else {
		observed(lang, obs, strlen(obs), &o);
	}
}
