/* SPDX-License-Identifier: MIT */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *tu_mkdtemp(void)
{
	const char *tmp = getenv("TMPDIR");
	char *path = malloc(4096);

	snprintf(path, 4096, "%s/carecert-test-XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(path)) {
		free(path);
		return NULL;
	}
	return path;
}

void tu_rmdir(char *dir)
{
	char cmd[4200];

	if (!dir)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", dir);
	free(dir);
}

char *tu_write(const char *dir, const char *name, const char *text)
{
	char *path = malloc(4096);
	char *slash;
	FILE *f;

	snprintf(path, 4096, "%s/%s", dir, name);
	slash = strrchr(path, '/');
	if (slash && slash != path) {
		char sub[4096];

		snprintf(sub, sizeof(sub), "%.*s", (int)(slash - path), path);
		mkdir(sub, 0755);
	}
	f = fopen(path, "w");
	if (!f)
		return path;
	fputs(text, f);
	fclose(f);
	return path;
}

char *tu_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = malloc((size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	if (s)
		s[n] = 0;
	fclose(f);
	return s;
}

const char *tu_top(void)
{
	const char *t = getenv("CARECERT_TOP");

	return t ? t : ".";
}

const char *tu_bindir(void)
{
	const char *b = getenv("CARECERT_BIN");

	return b ? b : "build";
}

int tu_run(const char *cmd, char **out)
{
	size_t n = 0, cap = 1 << 20;
	char *full;
	int status;
	FILE *p;

	*out = NULL;
	if (!(full = malloc(strlen(cmd) + 4200)))
		return -1;
	sprintf(full, "cd '%s' && %s 2>&1", tu_top(), cmd);
	p = popen(full, "r");
	free(full);
	if (!p || !(*out = malloc(cap))) {
		if (p)
			pclose(p);
		return -1;
	}
	while (n < cap - 1) {
		size_t r = fread(*out + n, 1, cap - 1 - n, p);

		if (!r)
			break;
		n += r;
	}
	(*out)[n] = 0;
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void tu_run_parallel(char *const *cmds, size_t n, size_t k)
{
	size_t started = 0, running = 0;

	while (started < n || running) {
		if (started < n && running < k) {
			pid_t pid = fork();

			if (pid == 0) {
				execl("/bin/sh", "sh", "-c", cmds[started], (char *)NULL);
				_exit(127);
			}
			started++;
			running += pid > 0;
			continue;
		}
		if (wait(NULL) > 0)
			running--;
		else
			running = 0;
	}
}
