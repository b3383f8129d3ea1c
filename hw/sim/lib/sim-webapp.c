/* SPDX-License-Identifier: MIT */
#include "lib/sim-webapp.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_MAX (64 * 1024)

const struct sim_fault sim_webapp_faults[] = {
    {"web_small_text", WEBAPP_SMALL_TEXT, "the elderly mode's text is 14 px"},
    {"web_low_contrast", WEBAPP_LOW_CONTRAST,
     "the readings are grey on white (2.6:1)"},
    {"web_small_buttons", WEBAPP_SMALL_BUTTONS,
     "the elderly mode's buttons are 30 x 30 px"},
    {"web_ad_popup", WEBAPP_AD_POPUP,
     "an advertising pop-up covers the elderly mode"},
    {"web_no_elderly_entry", WEBAPP_NO_ENTRY,
     "the home page has no 长辈版 entry"},
    {"web_no_keyboard", WEBAPP_NO_KEYBOARD,
     "the settings' save button cannot be reached by Tab"},
    {"web_no_focus_ring", WEBAPP_NO_FOCUS_RING,
     "focus is not drawn (outline: none)"},
    {"web_no_alt", WEBAPP_NO_ALT, "the chart image has no alt text"},
    {"web_no_zoom", WEBAPP_NO_ZOOM,
     "the viewport forbids zooming (user-scalable=no)"},
    {"web_session_60s", WEBAPP_SESSION_60S,
     "the session ends after 60 s without a warning"},
    {"web_tight_lines", WEBAPP_TIGHT_LINES,
     "the elderly mode's line height is 1.1"},
    {"web_no_label", WEBAPP_NO_LABEL,
     "the settings' phone field has only a placeholder, no label"},
    {"web_induced_button", WEBAPP_INDUCED,
     "the elderly mode has a 立即下载APP领红包 button (诱导下载)"},
    {"web_zoom_overflow", WEBAPP_NO_ZOOM_REFLOW,
     "the elderly mode is 360 px wide: at 200 % zoom it scrolls sideways"},
    {"web_fixed_width", WEBAPP_FIXED_WIDTH,
     "a 640 px wide table makes the home page scroll sideways at 320 px"},
};
const size_t sim_webapp_nfaults =
    sizeof(sim_webapp_faults) / sizeof(sim_webapp_faults[0]);

/* A 1-pixel-high bar chart as an inline SVG image. */
#define CHART                                                                  \
	"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' "        \
	"width='200' height='60'%3E"                                           \
	"%3Crect x='10' y='20' width='30' height='40' fill='%23205080'/%3E"    \
	"%3Crect x='60' y='10' width='30' height='50' "                        \
	"fill='%23205080'/%3E%3C/svg%3E"

struct page {
	char *p;
	size_t len;
	int bad;
};

static void add(struct page *pg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void add(struct page *pg, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (pg->bad)
		return;
	va_start(ap, fmt);
	n = vsnprintf(pg->p + pg->len, PAGE_MAX - pg->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= PAGE_MAX - pg->len)
		pg->bad = 1;
	else
		pg->len += (size_t)n;
}

static void head(struct page *pg, unsigned f, const char *title, bool elder)
{
	double text = elder ? (f & WEBAPP_SMALL_TEXT ? 14 : 22) : 18;
	double lh = elder && f & WEBAPP_TIGHT_LINES ? 1.1 : 1.5;
	int btn = elder ? (f & WEBAPP_SMALL_BUTTONS ? 30 : 64) : 48;

	add(pg,
	    "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta "
	    "charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1%s\">\n"
	    "<title>%s</title>\n<style>\n"
	    "body { margin: 0; font-family: 'Noto Sans CJK SC', 'Liberation "
	    "Sans', sans-serif;"
	    " font-size: %.0fpx; line-height: %.2f; color: #1a1a1a; "
	    "background: #ffffff; }\n"
	    "main { padding: 12px; max-width: 100%%; box-sizing: border-box; "
	    "%s}\n"
	    "h1 { font-size: %.0fpx; margin: 8px 0; }\n"
	    "nav a, .btn, button { display: inline-block; box-sizing: "
	    "border-box; min-width: %dpx;"
	    " min-height: %dpx; padding: 8px 12px; margin: 4px; border: 2px "
	    "solid #205080;"
	    " border-radius: 8px; background: #ffffff; color: #0b3a6e; "
	    "text-decoration: none;"
	    " font-size: inherit; line-height: 1.5; %s}\n"
	    "input { min-height: %dpx; font-size: inherit; width: 100%%; "
	    "box-sizing: border-box;"
	    " border: 2px solid #555555; }\n"
	    "label { display: block; margin-top: 8px; }\n"
	    ".reading { font-size: %.0fpx; color: %s; }\n"
	    "table { border-collapse: collapse; %s }\n td, th { border: 1px "
	    "solid #555555; padding: 4px; text-align: left; }\n"
	    "%s"
	    ".ad { position: fixed; left: 5%%; top: 10%%; width: 90%%; height: "
	    "80%%;"
	    " background: #fff4d6; color: #1a1a1a; border: 3px solid #8a5a00; "
	    "padding: 16px;"
	    " box-sizing: border-box; }\n"
	    "</style>\n",
	    f & WEBAPP_NO_ZOOM ? ", maximum-scale=1, user-scalable=no" : "",
	    title, text, lh,
	    elder && f & WEBAPP_NO_ZOOM_REFLOW ? "min-width: 360px; " : "",
	    elder ? 34.0 : 28.0, btn, btn,
	    elder && f & WEBAPP_SMALL_BUTTONS
		? "padding: 0 4px; font-size: 18px; line-height: 1.3; "
		: "",
	    btn, elder ? 30.0 : 22.0,
	    f & WEBAPP_LOW_CONTRAST ? "#a0a0a0" : "#1a1a1a",
	    f & WEBAPP_FIXED_WIDTH ? "width: 640px;" : "width: 100%;",
	    f & WEBAPP_NO_FOCUS_RING
		? "*:focus, *:focus-visible { outline: none !important; }\n"
		: "");
	/* the session: a warning 60 s before it ends, with a way to extend;
	 * the fault ends it after 60 s with none */
	if (f & WEBAPP_SESSION_60S)
		add(pg, "<script>setTimeout(function () { location.href = "
			"'/app/login?expired=1'; }, 60000);</script>\n");
	else
		add(pg, "<script>\nvar ccEnd;\nfunction ccArm() {\n"
			" clearTimeout(ccEnd);\n"
			" ccEnd = setTimeout(function () { location.href = "
			"'/app/login?expired=1'; }, 900000);\n"
			" setTimeout(function () { var d = "
			"document.getElementById('timeout');"
			" if (d) d.hidden = false; }, 840000);\n}\n"
			"ccArm();\n</script>\n");
	add(pg, "</head><body>\n");
}

static void tail(struct page *pg, unsigned f)
{
	(void)f;
	add(pg, "<div id=\"timeout\" role=\"alertdialog\" "
		"aria-labelledby=\"timeout-t\" hidden>"
		"<p id=\"timeout-t\">会话将在 1 分钟后结束。</p>"
		"<button type=\"button\" onclick=\"ccArm(); "
		"this.parentNode.hidden = true;\">继续使用</button></div>\n"
		"</body></html>\n");
}

static void readings(struct page *pg, unsigned f)
{
	add(pg,
	    "<table><caption>今天的测量</caption>\n"
	    "<tr><th scope=\"col\">项目</th><th scope=\"col\">数值</th><th "
	    "scope=\"col\">时间</th></tr>\n"
	    "<tr><td>血压</td><td class=\"reading\">128/82 "
	    "mmHg</td><td>08:10</td></tr>\n"
	    "<tr><td>心率</td><td class=\"reading\">72 "
	    "次/分</td><td>08:10</td></tr>\n"
	    "</table>\n<p><img src=\"%s\" width=\"200\" height=\"60\"%s></p>\n",
	    CHART,
	    f & WEBAPP_NO_ALT ? ""
			      : " alt=\"本周血压：周一 126/80，周二 128/82\"");
}

static void home(struct page *pg, unsigned f)
{
	head(pg, f, "家庭健康门户", false);
	add(pg,
	    "<main><h1>家庭健康门户</h1>\n<nav aria-label=\"主菜单\">%s"
	    "<a href=\"/app/settings\">设置</a></nav>\n",
	    f & WEBAPP_NO_ENTRY ? "" : "<a href=\"/app/elder\">长辈版</a>");
	readings(pg, f);
	add(pg, "<p>数据来自家中的血压计，由网关每天同步。</p></main>\n");
	tail(pg, f);
}

static void elder(struct page *pg, unsigned f)
{
	head(pg, f, "长辈版", true);
	add(pg,
	    "<main><h1>长辈版</h1>\n<p>今天的血压：<span "
	    "class=\"reading\">128/82</span></p>\n"
	    "<p>今天的心率：<span class=\"reading\">72</span></p>\n"
	    "<p><a class=\"btn\" href=\"/app/\">返回标准版</a>"
	    "<button type=\"button\">呼叫家人</button>%s</p></main>\n",
	    f & WEBAPP_INDUCED
		? "<a class=\"btn\" href=\"/app/\">立即下载APP领红包</a>"
		: "");
	if (f & WEBAPP_AD_POPUP)
		add(pg, "<div class=\"ad\" "
			"id=\"ad\"><p>限时特惠！保健品买一送一。</p>"
			"<button type=\"button\" "
			"onclick=\"document.getElementById('ad').remove()\">"
			"关闭</button></div>\n");
	tail(pg, f);
}

static void settings(struct page *pg, unsigned f)
{
	head(pg, f, "设置", false);
	add(pg,
	    "<main><h1>设置</h1>\n<nav aria-label=\"设置菜单\"><a "
	    "href=\"/app/elder\">长辈版</a>"
	    "<a href=\"/app/\">首页</a></nav>\n"
	    "<form onsubmit=\"return false\"><label "
	    "for=\"name\">家人姓名</label>"
	    "<input id=\"name\" name=\"name\" autocomplete=\"name\" "
	    "value=\"张三\">\n"
	    "%s\n%s</form></main>\n",
	    f & WEBAPP_NO_LABEL
		? "<input id=\"phone\" name=\"phone\" type=\"tel\" "
		  "autocomplete=\"tel\" placeholder=\"家人电话\">"
		: "<label for=\"phone\">家人电话</label><input id=\"phone\" "
		  "name=\"phone\" type=\"tel\" autocomplete=\"tel\">",
	    f & WEBAPP_NO_KEYBOARD
		? "<p><span class=\"btn\" role=\"button\" onclick=\"void "
		  "0\">保存</span></p>"
		: "<p><button type=\"submit\">保存</button></p>");
	tail(pg, f);
}

static void login(struct page *pg, unsigned f)
{
	head(pg, f, "登录", false);
	add(pg, "<main><h1>登录</h1><p>会话已结束，请重新登录。</p></main>\n");
	tail(pg, f);
}

char *sim_webapp_page(const char *path, unsigned faults)
{
	struct page pg = {.p = malloc(PAGE_MAX)};

	if (!pg.p)
		return NULL;
	pg.p[0] = 0;
	if (!strcmp(path, "/app/") || !strcmp(path, "/app"))
		home(&pg, faults);
	else if (!strcmp(path, "/app/elder"))
		elder(&pg, faults);
	else if (!strcmp(path, "/app/settings"))
		settings(&pg, faults);
	else if (!strcmp(path, "/app/login"))
		login(&pg, faults);
	else
		pg.bad = 1;
	if (pg.bad) {
		free(pg.p);
		return NULL;
	}
	return pg.p;
}
