/* SPDX-License-Identifier: MIT */
/*
 * Reading PhysioNet WFDB records: the header (.hea), format-212 signal files
 * and MIT-format annotation files (.atr), as described in WFDB's header(5),
 * signal(5) and annot(5) pages. Only what ECG accuracy work needs: single-
 * segment records, format 212, one sample per signal per frame.
 *
 * Ownership: every _read and _parse function allocates its result and hands it
 * to the caller, who releases it with the matching *_free (NULL-safe). On
 * failure *out is NULL and nothing needs freeing.
 *
 * Errors: CC_OK, or CC_ENOTFOUND (no such file), CC_EIO (read failed),
 * CC_EINVAL (malformed or truncated input), CC_ENOTSUP (valid WFDB this
 * reader does not handle: other formats, multi-segment records...),
 * CC_ETOOBIG (a WFDB_MAX_* cap), CC_ENOMEM. With an error, err (if not NULL)
 * gets a message naming the file and, for binary files, the byte offset
 * ("100s.atr: byte 36: ..."), for headers the line ("100s.hea:2: ...").
 * Corrupt input never crashes a reader.
 */
#ifndef CARECERT_WFDB_H
#define CARECERT_WFDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WFDB_MAX_SIGNALS 32		     /* as WFDB_MAXSIG in old WFDB */
#define WFDB_MAX_HEADER (1024u * 1024u)	     /* bytes of a .hea file */
#define WFDB_MAX_FILE (512u * 1024u * 1024u) /* bytes of a .dat or .atr */
#define WFDB_DEFAULT_FS 250.0		     /* header(5): fs when absent */
#define WFDB_DEFAULT_GAIN 200.0		     /* header(5): gain 0 or absent */
#define WFDB_212_INVALID (-2048)	     /* format 212 "no sample" value */

/* ---- header ---------------------------------------------------------- */

struct wfdb_signal {
	char file[256];	 /* signal file as named, relative to the header */
	int format;	 /* e.g. 212; only 212 can be read */
	int spf;	 /* samples per frame (1 unless "212x2") */
	int skew;	 /* ":skew" in samples (0 unless given) */
	long offset;	 /* "+offset": bytes to skip at the file's start */
	double gain;	 /* adu per unit; WFDB_DEFAULT_GAIN if 0 or absent */
	bool calibrated; /* false when the header gave no or zero gain */
	int baseline;	 /* adu of 0 units; adc_zero unless "(b)" given */
	char units[32];	 /* physical units, "mV" when absent */
	int adc_res;	 /* ADC resolution in bits; 12 for 212 when absent/0 */
	int adc_zero;	 /* adu at the middle of the ADC range, default 0 */
	int init_value;	 /* first sample, default adc_zero */
	bool has_checksum;
	int checksum;	/* 16-bit signed sum of all samples, if given */
	int block_size; /* 0 = not a block device */
	char desc[128]; /* description, "" when absent */
};

/*
 * A parsed header. Invariants: 0 <= nsig <= WFDB_MAX_SIGNALS, fs > 0,
 * nsamples >= 0 (0 = not stated; the signal reader then counts frames).
 */
struct wfdb_header {
	char record[64];
	int nsig;
	double fs;	     /* frames per second */
	double counter_freq; /* "fs/cf": counter frequency; fs when absent */
	long nsamples;	     /* frames per signal, 0 when not stated */
	char base_time[32];  /* "hh:mm:ss" as written, "" when absent */
	char base_date[32];  /* "dd/mm/yyyy" as written, "" when absent */
	struct wfdb_signal sig[WFDB_MAX_SIGNALS];
};

/* Parse header text (len bytes, need not be NUL-terminated); name is used
 * in messages only. Multi-segment records give CC_ENOTSUP. */
int wfdb_header_parse(const char *text, size_t len, const char *name,
		      struct wfdb_header **out, char *err, size_t errlen);
int wfdb_header_read(const char *path, struct wfdb_header **out, char *err,
		     size_t errlen);
void wfdb_header_free(struct wfdb_header *h);

/* ---- signals ----------------------------------------------------------- */

/*
 * Samples of all signals, frame-interleaved: v[frame * nsig + signal], in
 * adu (raw ADC units, sign-extended). Invariant: v holds nframes * nsig ints.
 */
struct wfdb_samples {
	int nsig;
	size_t nframes;
	int *v;
};

/*
 * Decode format 212: each 3 bytes hold two 12-bit two's-complement samples,
 * the first in byte 0 plus the low nibble of byte 1, the second in byte 2
 * plus the high nibble of byte 1. A lone last sample takes 2 bytes.
 * Decodes n samples into out; returns the number of bytes used, or 0 if
 * len is too short for n samples (out is then untouched).
 */
size_t wfdb_212_decode(const uint8_t *buf, size_t len, int *out, size_t n);

/*
 * Read every signal of h from the files it names, looked up in dir (NULL:
 * the current directory). Names that are absolute or contain ".." are
 * refused (CC_EINVAL), so a header cannot read outside dir. Reads
 * h->nsamples frames (a shorter file is CC_EINVAL with the byte offset where
 * data ran out; extra bytes are ignored), or all complete frames when the
 * header gives no count. Checksums in the header are verified (CC_EINVAL on
 * mismatch). Formats other than 212, spf != 1 or skew give CC_ENOTSUP.
 */
int wfdb_samples_read(const struct wfdb_header *h, const char *dir,
		      struct wfdb_samples **out, char *err, size_t errlen);
void wfdb_samples_free(struct wfdb_samples *s);

/* adu to physical units: (adu - baseline) / gain. NaN for WFDB_212_INVALID. */
double wfdb_physical(const struct wfdb_signal *sig, int adu);

/* ---- annotations ------------------------------------------------------- */

#define WFDB_ACMAX 49 /* largest annotation code (ecgcodes.h ACMAX) */

/* Codes used by name in carecert; the full table is wfdb_code_mnemonic(). */
enum wfdb_code {
	WFDB_NOTQRS = 0,
	WFDB_NORMAL = 1,  /* N */
	WFDB_PVC = 5,	  /* V */
	WFDB_APC = 8,	  /* A */
	WFDB_NOISE = 14,  /* ~ */
	WFDB_RHYTHM = 28, /* + */
	WFDB_FLWAV = 31,  /* ! */
	WFDB_VFON = 32,	  /* [ */
	WFDB_VFOFF = 33,  /* ] */
	/* pseudo-annotation codes, never stored as an annotation */
	WFDB_SKIP = 59,
	WFDB_NUM = 60,
	WFDB_SUB = 61,
	WFDB_CHN = 62,
	WFDB_AUX = 63,
};

/*
 * One annotation. time is in samples from the record's start; num and chan
 * carry over from the previous annotation unless a NUM/CHN pseudo-
 * annotation changes them (annot(5)); subtype is 0 unless a SUB follows.
 * num, subtype and chan hold the 10-bit field as stored (WFDB's own reader
 * keeps only the low 8 bits, as signed char for num and subtype).
 */
struct wfdb_ann {
	long time;
	int code; /* 1..WFDB_ACMAX */
	int subtype, chan, num;
	char *aux;	/* NULL, or aux_len bytes plus a NUL the file lacked */
	size_t aux_len; /* bytes as stored (an aux string may include a NUL) */
};

/* Annotations in file order (times never decrease in valid files). The set
 * owns every aux string. */
struct wfdb_annset {
	size_t n;
	struct wfdb_ann *v;
};

/*
 * Parse an MIT-format annotation file: 16-bit little-endian words, code in
 * the top 6 bits, time difference (or pseudo-annotation data) in the low 10.
 * SKIP (59) is followed by a 32-bit signed interval (high 16-bit word first,
 * each word little-endian) and adjusts the next annotation's time; NUM, SUB,
 * CHN and AUX (60-63) modify the annotation before them; AUX's data (I bytes,
 * plus a pad byte if I is odd) follows its word. The file must end with the
 * end word 0x0000 (anything after it is ignored). Codes 50-58, code 0 with a
 * nonzero time, SUB/AUX before any annotation, negative times and truncated
 * words or data are CC_EINVAL with the byte offset.
 */
int wfdb_ann_parse(const uint8_t *buf, size_t len, const char *name,
		   struct wfdb_annset **out, char *err, size_t errlen);
int wfdb_ann_read(const char *path, struct wfdb_annset **out, char *err,
		  size_t errlen);
void wfdb_annset_free(struct wfdb_annset *a);

/*
 * Whether a code denotes a QRS complex: WFDB's isqrs() table (ecgmap.h).
 * Beats: N L R a V F J A S E j / Q B ? ! e n f r (codes 1-13, 25, 30, 31,
 * 34, 35, 38, 41). Note that WFDB counts '?' (learning) and '!' (ventricular
 * flutter wave) as QRS; EC57 removes flutter episodes ('[' to ']') from beat
 * comparison instead. Everything else (+ ~ | " x [ ] p t u ( ) ...) is not.
 */
bool wfdb_is_beat(int code);

/* WFDB mnemonic of a code ("N", "+", "[", ...); "" for unused codes. */
const char *wfdb_code_mnemonic(int code);

/* Times (seconds, time / fs) of the beat annotations of a, in file order,
 * into a malloc'd array the caller frees; *times is NULL when *n is 0.
 * CC_EINVAL if fs <= 0. */
int wfdb_ann_beat_times(const struct wfdb_annset *a, double fs, double **times,
			size_t *n);

#endif
