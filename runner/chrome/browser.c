/* SPDX-License-Identifier: MIT */
#include "chrome/browser.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/fileio.h"
#include "transport/transport.h"
#include "chrome/cdp-msg.h"

#define MAX_EVENTS 64	       /* kept for browser_wait_event */
#define LOG_CAP (256u * 1024u) /* bytes of one message in the traffic log */
#define STOP_WAIT_MS 2000

struct browser {
	pid_t pid;
	int cmd_fd, reply_fd;
	char dir[128];
	char session[64];
	int64_t next_id;
	struct cdp_reader rd;
	struct buf msg;
	struct transport *log;
	struct ev {
		char *method;
		json_object *params;
	} ev[MAX_EVENTS];
	size_t nev;
	unsigned dialogs;
	bool dead;
	bool ready;	   /* the page is open (browser_connect done) */
	int64_t create_id; /* Target.createTarget, sent at launch */
	char gone[64];	   /* why it died before browser_connect */
	const volatile sig_atomic_t *stop;
};

void browser_set_stop(struct browser *b, const volatile sig_atomic_t *stop)
{
	b->stop = stop;
}

static bool stopped(const struct browser *b)
{
	return b->stop && *b->stop;
}

static void log_frame(struct browser *b, const char *dir, const char *p,
		      size_t n)
{
	struct frame_ref ref;

	if (!b->log)
		return;
	transport_stamp(b->log, &ref);
	transport_log_frame(b->log, dir, (const uint8_t *)p,
			    n > LOG_CAP ? LOG_CAP : n, &ref);
	if (n > LOG_CAP) {
		char d[96];

		snprintf(d, sizeof(d),
			 "%s message of %zu bytes: the first %u logged", dir, n,
			 LOG_CAP);
		transport_log_event(b->log, "frame-cut", d);
	}
}

/* write(2) with SIGPIPE blocked, and one it raised consumed: a browser
 * that died must give CC_ECLOSED, not kill the runner. */
static ssize_t write_nosigpipe(int fd, const char *p, size_t n)
{
	sigset_t pipe_set, old, pending;
	ssize_t w;
	int e;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe_set, &old);
	w = write(fd, p, n);
	e = errno;
	if (w < 0 && e == EPIPE && !sigpending(&pending) &&
	    sigismember(&pending, SIGPIPE) && !sigismember(&old, SIGPIPE)) {
		struct timespec zero = {0, 0};

		sigtimedwait(&pipe_set, NULL, &zero);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = e;
	return w;
}

static int write_all(struct browser *b, const char *p, size_t n,
		     int64_t deadline)
{
	while (n) {
		struct pollfd pfd = {.fd = b->cmd_fd, .events = POLLOUT};
		ssize_t w;
		int r = poll(&pfd, 1, deadline_to_poll_ms(deadline));

		if (r < 0 && errno == EINTR && stopped(b))
			return CC_ETIMEDOUT;
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return CC_EIO;
		if (r == 0)
			return CC_ETIMEDOUT;
		if (pfd.revents & (POLLERR | POLLHUP))
			return CC_ECLOSED;
		w = write_nosigpipe(b->cmd_fd, p, n);
		if (w < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (w < 0)
			return errno == EPIPE ? CC_ECLOSED : CC_EIO;
		p += w;
		n -= (size_t)w;
	}
	return CC_OK;
}

static int send_msg(struct browser *b, const char *method, json_object *params,
		    bool page, int64_t deadline, int64_t *id)
{
	json_object *o = json_object_new_object();
	const char *s;
	size_t n;
	int rc;

	if (!o) {
		json_object_put(params);
		return CC_ENOMEM;
	}
	*id = ++b->next_id;
	json_object_object_add(o, "id", json_object_new_int64(*id));
	json_object_object_add(o, "method", json_object_new_string(method));
	json_object_object_add(o, "params",
			       params ? params : json_object_new_object());
	if (page && b->session[0])
		json_object_object_add(o, "sessionId",
				       json_object_new_string(b->session));
	s = json_object_to_json_string_length(
	    o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &n);
	log_frame(b, "tx", s, n);
	rc = write_all(b, s, n + 1, deadline); /* with its NUL */
	json_object_put(o);
	if (rc == CC_ECLOSED || rc == CC_EIO)
		b->dead = true;
	return rc;
}

static void keep_event(struct browser *b, struct cdp_msg *m)
{
	if (m->session && strcmp(m->session, b->session))
		return; /* another target's */
	if (!strcmp(m->method, "Page.javascriptDialogOpening")) {
		json_object *p = json_object_new_object();
		int64_t id;

		/* a page must not stall the run: accept, and count it */
		b->dialogs++;
		json_object_object_add(p, "accept", json_object_new_boolean(1));
		send_msg(b, "Page.handleJavaScriptDialog", p, true,
			 mono_now_ns() + NSEC_PER_SEC, &id);
	}
	if (b->nev == MAX_EVENTS) {
		free(b->ev[0].method);
		json_object_put(b->ev[0].params);
		memmove(&b->ev[0], &b->ev[1],
			sizeof(b->ev[0]) * (MAX_EVENTS - 1));
		b->nev--;
	}
	b->ev[b->nev].method = strdup(m->method);
	b->ev[b->nev].params = json_object_get(m->params);
	b->nev++;
}

/* Read until a reply with id arrives (id 0: until the event want).
 * Events are kept; replies to other ids dropped. */
static int pump(struct browser *b, int64_t id, const char *want,
		int64_t deadline, json_object **out, char *err, size_t errlen)
{
	char chunk[CDP_READ_CHUNK];

	for (;;) {
		struct cdp_msg m;
		int rc;

		while ((rc = cdp_reader_next(&b->rd, &b->msg)) == 1) {
			log_frame(b, "rx", buf_str(&b->msg), b->msg.len);
			if (cdp_parse(buf_str(&b->msg), b->msg.len, &m)) {
				snprintf(
				    err, errlen,
				    "the browser sent a malformed message");
				b->dead = true;
				return CC_EPROTO;
			}
			if (m.method) {
				keep_event(b, &m);
				if (want && !strcmp(m.method, want) &&
				    (!m.session ||
				     !strcmp(m.session, b->session))) {
					if (out)
						*out =
						    json_object_get(m.params);
					b->nev--; /* taken */
					free(b->ev[b->nev].method);
					json_object_put(b->ev[b->nev].params);
					cdp_msg_release(&m);
					return CC_OK;
				}
			} else if (m.id == id) {
				if (m.error) {
					snprintf(err, errlen, "%s", m.error);
					cdp_msg_release(&m);
					return CC_EPROTO;
				}
				if (out)
					*out = json_object_get(m.result);
				cdp_msg_release(&m);
				return CC_OK;
			}
			cdp_msg_release(&m);
		}
		if (rc < 0) {
			snprintf(err, errlen,
				 "a message from the browser exceeds %u bytes",
				 CDP_MAX_MESSAGE);
			b->dead = true;
			return rc;
		}
		struct pollfd pfd = {.fd = b->reply_fd, .events = POLLIN};
		int r = poll(&pfd, 1, deadline_to_poll_ms(deadline));
		ssize_t n;

		if (r < 0 && errno == EINTR && stopped(b)) {
			snprintf(err, errlen, "interrupted");
			return CC_ETIMEDOUT;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0) {
			snprintf(err, errlen,
				 "no answer from the browser in time");
			return CC_ETIMEDOUT;
		}
		n = r < 0 ? -1 : read(b->reply_fd, chunk, sizeof(chunk));
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0) {
			snprintf(err, errlen, "the browser closed its pipe");
			b->dead = true;
			return CC_ECLOSED;
		}
		if ((rc = cdp_reader_feed(&b->rd, chunk, (size_t)n))) {
			snprintf(err, errlen,
				 "a message from the browser exceeds %u bytes",
				 CDP_MAX_MESSAGE);
			b->dead = true;
			return rc;
		}
	}
}

static int call(struct browser *b, const char *method, json_object *params,
		bool page, int64_t deadline, json_object **result, char *err,
		size_t errlen)
{
	int64_t id;
	int rc;

	if (result)
		*result = NULL;
	if (b->dead) {
		json_object_put(params);
		snprintf(err, errlen, "the browser is gone");
		return CC_ECLOSED;
	}
	if ((rc = send_msg(b, method, params, page, deadline, &id))) {
		snprintf(err, errlen, "%s: cannot send: %s", method,
			 cc_strerror(rc));
		return rc;
	}
	return pump(b, id, NULL, deadline, result, err, errlen);
}

int browser_call(struct browser *b, const char *method, json_object *params,
		 int64_t deadline_ns, json_object **result, char *err,
		 size_t errlen)
{
	int rc;

	if (result)
		*result = NULL;
	if (!b->ready && (rc = browser_connect(b, deadline_ns, err, errlen))) {
		json_object_put(params);
		return rc;
	}
	return call(b, method, params, true, deadline_ns, result, err, errlen);
}

void browser_clear_events(struct browser *b)
{
	for (size_t i = 0; i < b->nev; i++) {
		free(b->ev[i].method);
		json_object_put(b->ev[i].params);
	}
	b->nev = 0;
}

int browser_wait_event(struct browser *b, const char *method,
		       int64_t deadline_ns, json_object **params)
{
	char err[160];

	if (params)
		*params = NULL;
	for (size_t i = 0; i < b->nev; i++)
		if (!strcmp(b->ev[i].method, method)) {
			if (params)
				*params = json_object_get(b->ev[i].params);
			free(b->ev[i].method);
			json_object_put(b->ev[i].params);
			memmove(&b->ev[i], &b->ev[i + 1],
				sizeof(b->ev[0]) * (b->nev - i - 1));
			b->nev--;
			return CC_OK;
		}
	if (b->dead)
		return CC_ECLOSED;
	if (!b->ready && browser_connect(b, deadline_ns, err, sizeof(err)))
		return b->dead ? CC_ECLOSED : CC_ETIMEDOUT;
	return pump(b, 0, method, deadline_ns, params, err, sizeof(err));
}

unsigned browser_dialogs(const struct browser *b)
{
	return b->dialogs;
}

pid_t browser_pid(const struct browser *b)
{
	return b->pid;
}

const char *browser_profile_dir(const struct browser *b)
{
	return b->dir;
}

/* In the child: the pipe ends on fds 3 and 4, whatever numbers they had. */
static void child(const struct browser_opts *o, const char *dir, int cmd_rd,
		  int reply_wr, pid_t parent)
{
	char udd[160], pins[512];
	const char *argv[24];
	size_t n = 0;
	int in = fcntl(cmd_rd, F_DUPFD, 10), out = fcntl(reply_wr, F_DUPFD, 10);
	int errfd = o->stderr_path ? open(o->stderr_path,
					  O_WRONLY | O_CREAT | O_APPEND, 0644)
				   : open("/dev/null", O_WRONLY);
	int devnull = open("/dev/null", O_RDONLY);

	/* dies with the runner, even a SIGKILLed one; its own group */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
		_exit(126);
	setpgid(0, 0);
	if (in < 0 || out < 0 || dup2(in, 3) < 0 || dup2(out, 4) < 0)
		_exit(126);
	if (devnull >= 0)
		dup2(devnull, 0);
	if (errfd >= 0) {
		dup2(errfd, 1);
		dup2(errfd, 2);
	}
	for (int fd = 5; fd < 1024; fd++)
		close(fd);
	snprintf(udd, sizeof(udd), "--user-data-dir=%s", dir);
	/* the browser's own temporary files inside the profile, removed with
	 * it: its process-singleton socket folder outlives a killed browser
	 * otherwise (one left in /tmp per report). A socket path holds at
	 * most 107 bytes: the folder adds 46. */
	if (strlen(dir) + 46 < 108)
		setenv("TMPDIR", dir, 1);
	argv[n++] = o->exe;
	argv[n++] = "--headless";
	argv[n++] = "--remote-debugging-pipe";
	argv[n++] = udd;
	argv[n++] = "--no-first-run";
	argv[n++] = "--no-default-browser-check";
	argv[n++] = "--disable-gpu";
	argv[n++] = "--disable-extensions";
	argv[n++] = "--disable-sync";
	argv[n++] = "--disable-background-networking";
	argv[n++] = "--disable-component-update";
	argv[n++] = "--mute-audio";
	/* colours measured as the sRGB values the page asked for */
	argv[n++] = "--force-color-profile=srgb";
	argv[n++] = "--hide-scrollbars";
	if (geteuid() == 0)
		argv[n++] =
		    "--no-sandbox"; /* Chromium refuses root otherwise */
	if (o->spki_pins && *o->spki_pins) {
		snprintf(pins, sizeof(pins),
			 "--ignore-certificate-errors-spki-list=%s",
			 o->spki_pins);
		argv[n++] = pins;
	}
	/* no window of its own at start (it opened an about:blank tab, with a
	 * renderer process, beside the page made over the pipe) */
	argv[n++] = "--no-startup-window";
	/* no omnibox popup: the headless window's toolbar loaded it as two
	 * WebUI pages in a renderer of their own as the first tab opened,
	 * 0.8-1.1 s of CPU per browser, more than the report's own page
	 * (docs/report.md). Names Chromium does not know are ignored. */
	argv[n++] = "--disable-features=WebUIOmniboxPopup,"
		    "WebUIOmniboxAimPopup,WebUIOmniboxFullPopup";
	argv[n] = NULL;
	execvp(o->exe, (char *const *)argv);
	dprintf(2, "carecert: cannot run %s: %s\n", o->exe, strerror(errno));
	_exit(127);
}

const char *browser_profile_parent(void)
{
	const char *tmp = getenv("TMPDIR");
	struct statvfs fs;
	struct stat st;

	if (tmp && *tmp && strlen(tmp) < 80)
		return tmp;
	/* a tmpfs: the browser writes a dozen databases into its profile as
	 * it starts, all removed at the stop; on a busy disk that doubled the
	 * start and the removal took 0.1 s. A profile holds about 2 MB; a
	 * container's small /dev/shm (64 MB by default) is left to the
	 * browser's own shared memory. */
	if (!stat("/dev/shm", &st) && S_ISDIR(st.st_mode) &&
	    !access("/dev/shm", W_OK | X_OK) && !statvfs("/dev/shm", &fs) &&
	    (unsigned long long)fs.f_bavail * fs.f_frsize >= 256ull << 20)
		return "/dev/shm";
	return "/tmp";
}

int browser_launch(const struct browser_opts *o, int64_t deadline_ns,
		   struct browser **out, char *err, size_t errlen)
{
	struct browser *b = calloc(1, sizeof(*b));
	json_object *p;
	int cmd[2] = {-1, -1}, reply[2] = {-1, -1}, rc;
	pid_t parent = getpid();

	*out = NULL;
	if (!b)
		return CC_ENOMEM;
	b->cmd_fd = b->reply_fd = -1;
	b->log = o->log;
	cdp_reader_init(&b->rd, 0);
	buf_init(&b->msg, CDP_MAX_MESSAGE);
	snprintf(b->dir, sizeof(b->dir), "%s/carecert-browser-XXXXXX",
		 browser_profile_parent());
	if (!mkdtemp(b->dir)) {
		snprintf(err, errlen, "cannot make a profile folder %s: %s",
			 b->dir, strerror(errno));
		b->dir[0] = 0;
		browser_stop(b);
		return CC_ESYS;
	}
	if (pipe(cmd) || pipe(reply)) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		rc = CC_ESYS;
		goto fail;
	}
	for (int i = 0; i < 2; i++) {
		fcntl(cmd[i], F_SETFD, FD_CLOEXEC);
		fcntl(reply[i], F_SETFD, FD_CLOEXEC);
	}
	b->pid = fork();
	if (b->pid == 0)
		child(o, b->dir, cmd[0], reply[1], parent);
	if (b->pid < 0) {
		b->pid = 0;
		snprintf(err, errlen, "fork: %s", strerror(errno));
		rc = CC_ESYS;
		goto fail;
	}
	setpgid(b->pid,
		b->pid); /* also here: no race with a kill of the group */
	close(cmd[0]);
	close(reply[1]);
	b->cmd_fd = cmd[1];
	b->reply_fd = reply[0];
	cmd[0] = cmd[1] = reply[0] = reply[1] =
	    -1; /* the browser's and ours now */
	fcntl(b->cmd_fd, F_SETFL, O_NONBLOCK);
	fcntl(b->reply_fd, F_SETFL, O_NONBLOCK);
	if (b->log) {
		char d[256];

		snprintf(d, sizeof(d), "%s pid %ld profile %s", o->exe,
			 (long)b->pid, b->dir);
		transport_log_event(b->log, "browser-started", d);
	}
	/* a page of our own, asked for now: the pipe holds the request until
	 * the browser reads it, and the page opens while the caller works */
	p = json_object_new_object();
	json_object_object_add(p, "url", json_object_new_string("about:blank"));
	if ((rc = send_msg(b, "Target.createTarget", p, false, deadline_ns,
			   &b->create_id))) {
		if (rc != CC_ECLOSED && rc != CC_EIO) {
			snprintf(err, errlen,
				 "Target.createTarget: cannot send: %s",
				 cc_strerror(rc));
			goto fail;
		}
		/* it died at once: browser_connect says so, as it would have
		 * had the browser lived a little longer */
		snprintf(b->gone, sizeof(b->gone),
			 "the browser closed its pipe");
	}
	*out = b;
	return CC_OK;
fail:
	for (int i = 0; i < 2; i++) {
		if (cmd[i] >= 0)
			close(cmd[i]);
		if (reply[i] >= 0)
			close(reply[i]);
	}
	browser_stop(b);
	return rc;
}

int browser_connect(struct browser *b, int64_t deadline_ns, char *err,
		    size_t errlen)
{
	json_object *res = NULL, *p;
	int rc;

	if (b->ready)
		return CC_OK;
	if (b->dead) {
		snprintf(err, errlen, "%s",
			 b->gone[0] ? b->gone : "the browser is gone");
		return CC_ECLOSED;
	}
	/* the page asked for at launch, attached with a flat session */
	if ((rc = pump(b, b->create_id, NULL, deadline_ns, &res, err, errlen)))
		goto fail;
	if (!json_object_object_get_ex(res, "targetId", &p) ||
	    !json_object_is_type(p, json_type_string)) {
		snprintf(err, errlen, "Target.createTarget: no targetId");
		rc = CC_EPROTO;
		goto fail;
	}
	{
		json_object *a = json_object_new_object(), *r2 = NULL, *sid;

		json_object_object_add(a, "targetId", json_object_get(p));
		json_object_object_add(a, "flatten",
				       json_object_new_boolean(1));
		rc = call(b, "Target.attachToTarget", a, false, deadline_ns,
			  &r2, err, errlen);
		if (!rc && (!json_object_object_get_ex(r2, "sessionId", &sid) ||
			    !json_object_is_type(sid, json_type_string) ||
			    json_object_get_string_len(sid) >=
				(int)sizeof(b->session))) {
			snprintf(err, errlen,
				 "Target.attachToTarget: no sessionId");
			rc = CC_EPROTO;
		}
		if (!rc)
			snprintf(b->session, sizeof(b->session), "%s",
				 json_object_get_string(sid));
		json_object_put(r2);
		if (rc)
			goto fail;
	}
	json_object_put(res);
	res = NULL;
	b->ready = true; /* Page.enable goes to the page's session */
	if ((rc = call(b, "Page.enable", NULL, true, deadline_ns, NULL, err,
		       errlen)))
		goto fail;
	return CC_OK;
fail:
	json_object_put(res);
	b->ready = false;
	b->dead = true; /* a half-open browser is of no further use */
	return rc;
}

int browser_start(const struct browser_opts *o, int64_t deadline_ns,
		  struct browser **out, char *err, size_t errlen)
{
	int rc = browser_launch(o, deadline_ns, out, err, errlen);

	if (rc)
		return rc;
	if ((rc = browser_connect(*out, deadline_ns, err, errlen))) {
		browser_stop(*out);
		*out = NULL;
	}
	return rc;
}

/* Whether a process of the group still runs (after the leader was
 * reaped). Zombies do not count: the leader's children are reparented to
 * init, which reaps them when it will (some containers' init takes
 * seconds), and a zombie runs nothing. */
static bool group_alive(pid_t pgid)
{
	DIR *d;
	struct dirent *de;
	bool alive = false;

	if (kill(-pgid, 0) < 0)
		return false;
	if (!(d = opendir("/proc")))
		return true;
	while (!alive && (de = readdir(d))) {
		char path[64], buf[512], *rp, state;
		long pgrp;
		FILE *f;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%.20s/stat", de->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		buf[fread(buf, 1, sizeof(buf) - 1, f)] = 0;
		fclose(f);
		/* pid (comm) state ppid pgrp: comm may hold anything, so from
		 * the last ')' */
		if ((rp = strrchr(buf, ')')) &&
		    sscanf(rp + 1, " %c %*d %ld", &state, &pgrp) == 2 &&
		    pgrp == (long)pgid && state != 'Z' && state != 'X')
			alive = true;
	}
	closedir(d);
	return alive;
}

void browser_stop(struct browser *b)
{
	if (!b)
		return;
	if (b->cmd_fd >= 0)
		close(b->cmd_fd);
	if (b->reply_fd >= 0)
		close(b->reply_fd);
	if (b->pid > 0) {
		int64_t until = mono_now_ns() + STOP_WAIT_MS * NSEC_PER_MSEC;
		int st;

		/* the profile is thrown away: no need for a clean shutdown */
		kill(-b->pid, SIGKILL);
		kill(b->pid, SIGKILL);
		while (waitpid(b->pid, &st, 0) < 0 && errno == EINTR)
			;
		while (group_alive(b->pid) && mono_now_ns() < until) {
			kill(-b->pid, SIGKILL);
			usleep(5000);
		}
		if (b->log) {
			char d[64];

			snprintf(d, sizeof(d), "pid %ld%s", (long)b->pid,
				 group_alive(b->pid)
				     ? " (children still exiting)"
				     : "");
			transport_log_event(b->log, "browser-stopped", d);
		}
	}
	if (b->dir[0]) {
		remove_tree_contents(b->dir);
		rmdir(b->dir);
	}
	browser_clear_events(b);
	cdp_reader_release(&b->rd);
	buf_release(&b->msg);
	free(b);
}
