/* SPDX-License-Identifier: MIT */
/*
 * A headless Chromium driven over the DevTools protocol on
 * --remote-debugging-pipe (commands on the browser's fd 3, replies and
 * events on its fd 4; framing in cdp-msg.h). The process life is here and
 * only here: a private profile folder made for each start and removed at
 * the stop, the browser in its own process group (a terminal's Ctrl-C
 * reaches only the runner, which stops it in order) that dies with the
 * runner (PR_SET_PDEATHSIG), every call bounded by an absolute monotonic
 * deadline, and browser_stop() killing the whole group and reaping it.
 *
 * One page (a target made at start, attached with a flat session) receives
 * every page-level call. Every message in both directions is a frame of
 * the link's traffic log (through the transport named in the options);
 * JavaScript dialogs (alert, confirm) are accepted as they open and
 * counted, so a page cannot stall the run.
 *
 * Errors: CC_ETIMEDOUT (deadline), CC_ECLOSED (the browser went away),
 * CC_EPROTO (a malformed message, or an error reply: its message in err),
 * CC_ESYS (spawn), CC_ENOMEM.
 */
#ifndef CARECERT_BROWSER_H
#define CARECERT_BROWSER_H

#include <json-c/json.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

struct transport;
struct browser;

struct browser_opts {
	const char *exe; /* "chromium" (looked up on PATH) or a path */
	const char
	    *spki_pins;		 /* base64 SHA-256 of certificate keys to trust
				  * (a test CA's server), comma-separated; may be NULL */
	const char *stderr_path; /* the browser's own log; NULL: /dev/null */
	struct transport *log;	 /* frames are logged through it; may be NULL */
};

/* Start the browser and open its page; within deadline. On an error
 * nothing of it is left (*out is NULL). */
int browser_start(const struct browser_opts *o, int64_t deadline_ns,
		  struct browser **out, char *err, size_t errlen);
/* browser_start in two halves, so that the browser starts while the
 * caller works: browser_launch makes the profile, spawns the browser and
 * asks for its page, without waiting (errors: CC_ESYS, CC_ENOMEM; nothing
 * left on an error). browser_connect waits until the page is open (errors
 * as browser_start's; the browser is then unusable, and still the
 * caller's to stop); done once, later calls return CC_OK. browser_call
 * and browser_wait_event connect first if it was not done. */
int browser_launch(const struct browser_opts *o, int64_t deadline_ns,
		   struct browser **out, char *err, size_t errlen);
int browser_connect(struct browser *b, int64_t deadline_ns, char *err,
		    size_t errlen);
/* The folder the profiles are made in: $TMPDIR, else /dev/shm (a tmpfs)
 * when it is a writable folder with 256 MiB free, else /tmp. */
const char *browser_profile_parent(void);
/* Call method on the page (params taken, NULL for none). On CC_OK *result
 * (if result is not NULL) is the reply's result, owned by the caller. */
int browser_call(struct browser *b, const char *method, json_object *params,
		 int64_t deadline_ns, json_object **result, char *err,
		 size_t errlen);
/* Forget the events received so far (before a navigation). */
void browser_clear_events(struct browser *b);
/* Wait until the page sends event method (one already received counts);
 * CC_OK and, if params is not NULL, its params (owned by the caller). */
int browser_wait_event(struct browser *b, const char *method,
		       int64_t deadline_ns, json_object **params);
/* A flag a signal handler sets (the run is interrupted): a wait that a
 * signal interrupts then ends at once with CC_ETIMEDOUT. May be NULL. */
void browser_set_stop(struct browser *b, const volatile sig_atomic_t *stop);
/* JavaScript dialogs the page opened (and the runner accepted) so far. */
unsigned browser_dialogs(const struct browser *b);
pid_t browser_pid(const struct browser *b);
const char *browser_profile_dir(const struct browser *b);
/* Kill the browser's process group, reap it, remove its profile folder.
 * NULL-safe. */
void browser_stop(struct browser *b);

#endif
