/* SPDX-License-Identifier: MIT */
#include "base/err.h"

static const char *const err_names[] = {
	[0] = "success",
	[-CC_ENOMEM] = "out of memory",
	[-CC_EINVAL] = "invalid argument or input",
	[-CC_ETIMEDOUT] = "timed out",
	[-CC_EIO] = "input/output error",
	[-CC_ECLOSED] = "connection closed by peer",
	[-CC_ETOOBIG] = "data exceeds size limit",
	[-CC_ENOTFOUND] = "not found",
	[-CC_EPROTO] = "protocol error",
	[-CC_ENOTSUP] = "not supported",
	[-CC_ESYS] = "system error",
};

const char *cc_strerror(int err)
{
	if (err > 0 || err < CC_ERR_MIN || !err_names[-err])
		return "unknown error";
	return err_names[-err];
}
