/*
 * rr-lab-load: the lab guest's workload (comm `rr-stress`, like the host stress workload, so the capture's filters
 * and the analysis treat it the same way). It starts "apps": each maps SIZE MiB of anonymous memory and fills it at
 * RATE MiB/s (0 = as fast as it can) with pages of which RANDOM_PCT percent of the bytes are random and the rest a
 * repeated pattern (zram compresses them to about that share), then touches its pages for HOLD seconds (85 % of the
 * touches in a hot 20 %, 30 % of them writes) and exits. A new app starts every GAP seconds while fewer than PROCS
 * run, until SECONDS have passed.
 *   steady:   PROCS=1, HOLD=SECONDS (one process filling at a bounded rate, then touching)
 *   bursty:   several apps that start and exit
 *   saturate: RATE=0, apps together larger than RAM
 * Usage: rr-lab-load SECONDS PROCS SIZE_MIB RATE_MIBS HOLD_S GAP_S RANDOM_PCT TOUCHES_PER_S SEED
 * Prints one line per app start and exit: `t_mono app N start|exit pages=… touches=…`.
 *
 * rr-lab-load probe DEVICE PAGES RANDOM_PCT SEED: the in-kernel cost of storing one such page in zram, measured in
 * the guest: PAGES pages of the same content written one page per O_DIRECT pwrite to a spare zram device (the write
 * compresses and stores the page in the calling thread, as zram_write_page does for kswapd). Prints
 * `probe pages=N cpu_ns_per_page=X wall_ns_per_page=Y` (thread CPU time, so time the vCPU was taken away is left out).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096

static double now(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static uint64_t rng;
static uint64_t next_rand(void) { /* xorshift64* */
	rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static void sleep_until(double t) {
	double d = t - now();
	if (d <= 0) return;
	struct timespec s = { (time_t)d, (long)((d - (time_t)d) * 1e9) };
	nanosleep(&s, NULL);
}

/* Random bytes for the first random_pct percent of the page, then a pattern that depends on the page number. */
static void fill_page(unsigned char *p, size_t n, int random_pct) {
	size_t r = PAGE * (size_t)random_pct / 100 / 8 * 8;
	for (size_t i = 0; i < r; i += 8) { uint64_t v = next_rand(); memcpy(p + i, &v, 8); }
	for (size_t i = r; i < PAGE; i++) p[i] = (unsigned char)(n + i / 64);
}

static void app(int id, double end, size_t size_mib, double rate_mibs, double hold_s, int random_pct, double touches_per_s) {
	size_t pages = size_mib * 256;
	unsigned char *mem = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) { perror("mmap"); exit(1); }
	double t0 = now();
	printf("%.6f app %d start size_mib=%zu\n", t0, id, size_mib);
	fflush(stdout);
	size_t filled = 0;
	for (; filled < pages && now() < end; filled++) {
		fill_page(mem + filled * PAGE, filled, random_pct);
		if (rate_mibs > 0 && filled % 256 == 255) sleep_until(t0 + (filled + 1) / 256.0 / rate_mibs);
	}
	double hold_end = now() + hold_s;
	if (hold_end > end) hold_end = end;
	unsigned long touches = 0, hot = filled / 5 ? filled / 5 : 1;
	double tt = now();
	while (filled > 0 && now() < hold_end) {
		for (int k = 0; k < 64; k++, touches++) {
			uint64_t r = next_rand();
			size_t pg = (r % 100) < 85 ? (r >> 8) % hot : (r >> 8) % filled;
			volatile unsigned char *b = mem + pg * PAGE + (r >> 40) % PAGE;
			if ((r >> 20) % 100 < 30) *b = *b + 1; else (void)*b;
		}
		if (touches_per_s > 0) sleep_until(tt + touches / touches_per_s);
	}
	printf("%.6f app %d exit pages=%zu touches=%lu\n", now(), id, filled, touches);
	fflush(stdout);
}

static double cpu_now(void) {
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static int probe(const char *dev, long pages, int random_pct, uint64_t seed) {
	unsigned char *mem;
	if (pages <= 0 || posix_memalign((void **)&mem, PAGE, (size_t)pages * PAGE)) { fprintf(stderr, "probe: bad size\n"); return 2; }
	rng = seed * 0x9E3779B97F4A7C15ULL + 1;
	for (long i = 0; i < pages; i++) fill_page(mem + i * PAGE, i, random_pct);
	int fd = open(dev, O_WRONLY | O_DIRECT);
	if (fd < 0) { perror(dev); return 1; }
	double w0 = now(), c0 = cpu_now();
	for (long i = 0; i < pages; i++) {
		if (pwrite(fd, mem + i * PAGE, PAGE, i * PAGE) != PAGE) { perror("probe: pwrite"); return 1; }
	}
	double c1 = cpu_now(), w1 = now();
	close(fd);
	printf("probe pages=%ld cpu_ns_per_page=%.0f wall_ns_per_page=%.0f random_pct=%d\n", pages, (c1 - c0) * 1e9 / pages, (w1 - w0) * 1e9 / pages, random_pct);
	return 0;
}

int main(int argc, char **argv) {
	if (argc == 6 && strcmp(argv[1], "probe") == 0) return probe(argv[2], atol(argv[3]), atoi(argv[4]), strtoull(argv[5], NULL, 10));
	if (argc != 10) {
		fprintf(stderr, "usage: %s SECONDS PROCS SIZE_MIB RATE_MIBS HOLD_S GAP_S RANDOM_PCT TOUCHES_PER_S SEED\n", argv[0]);
		return 2;
	}
	double seconds = atof(argv[1]), rate = atof(argv[4]), hold = atof(argv[5]), gap = atof(argv[6]), touches = atof(argv[8]);
	int procs = atoi(argv[2]), random_pct = atoi(argv[7]);
	size_t size = (size_t)atol(argv[3]);
	uint64_t seed = strtoull(argv[9], NULL, 10);
	if (seconds <= 0 || procs <= 0 || size == 0 || random_pct < 0 || random_pct > 100) { fprintf(stderr, "bad arguments\n"); return 2; }
	prctl(PR_SET_NAME, "rr-stress");
	setvbuf(stdout, NULL, _IOLBF, 0);
	double end = now() + seconds, next_start = now();
	int running = 0, started = 0, oom_killed = 0;
	while (now() < end) {
		if (running < procs && now() >= next_start) {
			pid_t pid = fork();
			if (pid == 0) {
				rng = seed * 0x9E3779B97F4A7C15ULL + (uint64_t)started + 1;
				app(started, end, size, rate, hold, random_pct, touches);
				_exit(0);
			}
			if (pid > 0) { running++; started++; }
			next_start = now() + gap;
		}
		int status;
		pid_t done = waitpid(-1, &status, WNOHANG);
		if (done > 0) {
			running--;
			if (WIFSIGNALED(status)) {
				oom_killed += WTERMSIG(status) == SIGKILL;
				printf("%.6f app killed by signal %d\n", now(), WTERMSIG(status));
			}
		} else {
			usleep(20000);
		}
	}
	while (running > 0 && wait(NULL) > 0) running--;
	printf("%.6f done apps=%d killed=%d\n", now(), started, oom_killed);
	return oom_killed > 0 ? 3 : 0;
}
