/* SPDX-License-Identifier: MIT */
/* carecert's phrases in Chinese: elderly care: the alarm path, behaviour monitoring, falls, positioning. Row syntax: phrases.c. */
#include "report/phrases-table.h"

const struct phrase_row phrases_care[] = {
	/* the alarm path (care/exec-alarm.c) */
	{ "{n} of {n} delivered ({n} duplicate, {n} refused)", "送达 {1}/{2}（重复 {3}，被拒 {4}）" },
	/* falls (fall/exec-fall.c) */
	{ "replayed {n}x faster than real time: {n} s of motion in {n} s",
	  "以 {1} 倍于实时的速度回放：{2} s 的运动用时 {3} s" },
};

const size_t phrases_care_n = sizeof(phrases_care) / sizeof(phrases_care[0]);
