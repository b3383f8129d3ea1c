/* SPDX-License-Identifier: MIT */
/*
 * carecert error codes.
 *
 * Every function that can fail returns an int: CC_OK (0) or one of the
 * negative codes below. Codes are stable; cc_strerror() names each one.
 */
#ifndef CARECERT_ERR_H
#define CARECERT_ERR_H

enum cc_err {
	CC_OK = 0,
	CC_ENOMEM = -1,    /* allocation failed */
	CC_EINVAL = -2,    /* bad argument or malformed input */
	CC_ETIMEDOUT = -3, /* deadline passed before the event */
	CC_EIO = -4,       /* read/write failed (errno kept by the caller) */
	CC_ECLOSED = -5,   /* peer closed or hung up */
	CC_ETOOBIG = -6,   /* a capped buffer would overflow */
	CC_ENOTFOUND = -7, /* no such file, port, suite, key... */
	CC_EPROTO = -8,    /* the peer broke the protocol */
	CC_ENOTSUP = -9,   /* operation not offered by this transport */
	CC_ESYS = -10,     /* other system call failure */
	CC_ERR_MIN = -10,
};

/* Name of an error code; never NULL (unknown codes give "unknown error"). */
const char *cc_strerror(int err);

#endif
