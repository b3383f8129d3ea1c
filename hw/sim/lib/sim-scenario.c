/* SPDX-License-Identifier: MIT */
#define _XOPEN_SOURCE 700

#include "lib/sim-scenario.h"
#include "lib/sim-bench.h"
#include "lib/sim-pty.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define MAX_EPOCHS (7 * 86400)

static const char *const routes[] = {NULL, "park-walk", "ward-round"};

const char *sim_scenario_route(int code)
{
	return code > 0 && code < (int)(sizeof(routes) / sizeof(routes[0]))
		   ? routes[code]
		   : NULL;
}

double sim_scenario_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

double sim_scenario_now(const struct sim_scenario *s)
{
	return (sim_scenario_mono() - s->start) * s->rate;
}

struct player {
	const char *idn, *bench;
	struct sim_scenario cur;
};

static int publish(const struct player *p)
{
	const double v[4] = {p->cur.route, p->cur.epochs, p->cur.rate,
			     p->cur.start};

	return sim_bench_write(p->bench, v, 4, 6);
}

static void on_line(int fd, const char *in, void *data)
{
	struct player *p = data;
	char route[32], out[96];
	long epochs;
	double rate;
	int code = 0;

	if (!strcmp(in, "*IDN?")) {
		sim_pty_say(fd, p->idn);
	} else if (sscanf(in, "PLAY %31[a-z-],%ld,%lf", route, &epochs,
			  &rate) == 3) {
		for (int i = 1; sim_scenario_route(i); i++)
			if (!strcmp(route, sim_scenario_route(i)))
				code = i;
		if (!code || epochs < 1 || epochs > MAX_EPOCHS ||
		    !(rate >= 0.1 && rate <= 1000)) {
			sim_pty_say(fd, "ERR,range");
			return;
		}
		p->cur = (struct sim_scenario){.route = code,
					       .epochs = (double)epochs,
					       .rate = rate,
					       .start = sim_scenario_mono()};
		sim_pty_say(fd, publish(p) ? "ERR,coupling" : "OK,PLAY");
	} else if (!strcmp(in, "STOP")) {
		p->cur.route = 0;
		sim_pty_say(fd, publish(p) ? "ERR,coupling" : "OK,STOP");
	} else if (!strcmp(in, "STATE?")) {
		snprintf(out, sizeof(out), "STATE,%s,%.3f",
			 p->cur.route ? sim_scenario_route(p->cur.route) : "-",
			 p->cur.route ? sim_scenario_now(&p->cur) : 0.0);
		sim_pty_say(fd, out);
	} else {
		sim_pty_say(fd, "ERR");
	}
}

int sim_scenario_run(const char *idn, const char *bench)
{
	struct player p = {.idn = idn, .bench = bench};

	return sim_pty_run(on_line, &p);
}

bool sim_scenario_poll(const char *bench, struct sim_scenario *cur)
{
	double v[4] = {0};

	if (sim_bench_read(bench, v, 4) != 4 ||
	    (v[0] == cur->route && v[1] == cur->epochs && v[2] == cur->rate &&
	     v[3] == cur->start))
		return false;
	*cur = (struct sim_scenario){
	    .route = (int)v[0], .epochs = v[1], .rate = v[2], .start = v[3]};
	return true;
}
