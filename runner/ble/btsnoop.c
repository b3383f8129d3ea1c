/* SPDX-License-Identifier: MIT */
#include "ble/btsnoop.h"
#include "ble/att.h"
#include "base/err.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* microseconds from 0000-01-01 to 1970-01-01, as btsnoop counts time */
#define BTSNOOP_EPOCH_DELTA 0x00dcddb30f2f8000ULL
#define RECORD_HEADER 24
#define WRAP 9 /* H4 type, ACL header, L2CAP header */

struct btsnoop {
	int fd;
};

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

size_t btsnoop_record(bool received, const struct timespec *wall,
		      const uint8_t *pdu, size_t n, uint8_t *out, size_t outlen)
{
	uint64_t ts = BTSNOOP_EPOCH_DELTA + (uint64_t)wall->tv_sec * 1000000u +
		      (uint64_t)wall->tv_nsec / 1000u;
	uint32_t len = (uint32_t)(n + WRAP);
	uint8_t *r = out + RECORD_HEADER;

	if (outlen < RECORD_HEADER + WRAP + n || n > ATT_MAX_MTU)
		return 0;
	be32(out, len);           /* original length */
	be32(out + 4, len);       /* included length */
	be32(out + 8, received ? 1 : 0); /* direction; data, not command */
	be32(out + 12, 0);        /* cumulative drops */
	be32(out + 16, (uint32_t)(ts >> 32));
	be32(out + 20, (uint32_t)ts);
	r[0] = 0x02;              /* H4: ACL data */
	le16(r + 1, BTSNOOP_ACL_HANDLE | 0x2000); /* first, auto-flushable */
	le16(r + 3, (uint16_t)(n + 4));
	le16(r + 5, (uint16_t)n); /* L2CAP basic header */
	le16(r + 7, ATT_CID);
	memcpy(r + WRAP, pdu, n);
	return RECORD_HEADER + WRAP + n;
}

struct btsnoop *btsnoop_open(const char *path)
{
	uint8_t hdr[16] = { 'b', 't', 's', 'n', 'o', 'o', 'p', 0 };
	struct btsnoop *b = calloc(1, sizeof(*b));
	int e;

	if (!b)
		return NULL;
	/* a reopened link continues the same capture */
	b->fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_APPEND, 0644);
	if (b->fd < 0)
		goto fail;
	if (lseek(b->fd, 0, SEEK_END) > 0)
		return b;
	be32(hdr + 8, 1);
	be32(hdr + 12, BTSNOOP_DATALINK_H4);
	if (write(b->fd, hdr, sizeof(hdr)) != sizeof(hdr))
		goto fail;
	return b;
fail:
	e = errno;
	if (b->fd >= 0)
		close(b->fd);
	free(b);
	errno = e;
	return NULL;
}

int btsnoop_write(struct btsnoop *b, bool received, const struct timespec *wall,
		  const uint8_t *pdu, size_t n)
{
	uint8_t rec[RECORD_HEADER + WRAP + ATT_MAX_MTU];
	size_t len;

	if (!b)
		return CC_OK;
	len = btsnoop_record(received, wall, pdu, n, rec, sizeof(rec));
	if (!len)
		return CC_ETOOBIG;
	return write(b->fd, rec, len) == (ssize_t)len ? CC_OK : CC_EIO;
}

int btsnoop_close(struct btsnoop *b)
{
	int rc = CC_OK;

	if (!b)
		return CC_OK;
	if (fsync(b->fd) || close(b->fd))
		rc = CC_EIO;
	free(b);
	return rc;
}
