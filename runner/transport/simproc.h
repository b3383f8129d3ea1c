/* SPDX-License-Identifier: MIT */
/*
 * Simulated devices as child processes. A simulator is the executable
 * carecert-sim-<name>, looked up beside the carecert binary, then in
 * $CARECERT_SIM_DIR, then on PATH. It announces its link on stdout with one
 * line: "PTY /dev/pts/N" (serial; the link is the path), "UNIX /path"
 * (a SEQPACKET socket for BLE; the link is "unix:/path") or
 * "HTTP <url> [key=value]..." (an HTTP(S) server; the link is everything
 * after "HTTP ": the URL, then transport parameters that replace the
 * profile's `sim` values, e.g. the simulator's test CA as ca_bundle). Its
 * stderr goes to a file in the run folder.
 * simproc_stop() ends it (SIGTERM, then SIGKILL) and reaps it.
 */
#ifndef CARECERT_SIMPROC_H
#define CARECERT_SIMPROC_H

#include <stddef.h>

/* A simulator announces its link in well under a second; on a loaded
 * machine (a test table running browsers side by side) it can take
 * seconds: a slow start is not the device's fault. */
#define SIMPROC_START_TIMEOUT_MS 15000
#define SIMPROC_STOP_TIMEOUT_MS 2000

struct simproc;

/* Where carecert-sim-<name> is: beside the carecert binary, in
 * $CARECERT_SIM_DIR, or on PATH, as simproc_start looks for it. CC_OK with
 * its path, or CC_ENOTFOUND (profile_load reports it, so that `validate`
 * catches a simulator that is not installed). */
int simproc_locate(const char *name, char *path, size_t len);

/* Start carecert-sim-<name> with args (NULL-terminated, may be NULL).
 * On success *out is the running simulator and link holds the announced
 * address (e.g. the pty path). On failure err says why. */
int simproc_start(const char *name, char *const args[], const char *stderr_path,
		  char *link, size_t linklen, struct simproc **out, char *err,
		  size_t errlen);

/* Path of the executable that was started. */
const char *simproc_path(const struct simproc *s);

/* Stop and reap; *status gets the exit status (128+signal when killed by
 * a signal other than our SIGTERM, -1 if unknown). NULL-safe. */
void simproc_stop(struct simproc *s, int *status);

#endif
