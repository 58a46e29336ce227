/*
 * rr-lab-agent: the capture agent inside the lab guest. It writes the files `reclaim-replay capture` writes, in the
 * same layouts (src/core/record/formats.ts), so that the product's own parsers read them:
 *   vmstat_snapshots.txt   `# t_mono=… t_epoch=…` then /proc/vmstat, every period
 *   meminfo_snapshots.txt  the same for /proc/meminfo, every Nth period
 *   zram_mm_stat.txt, zram_io_stat.txt   `t_mono t_epoch <fields>` under the capture's headers
 *   kswapd_cpu.txt         `t_mono t_epoch utime stime sum_exec_runtime run_delay timeslices` for kswapd0
 *   kcompressd_cpu_<comm>.txt   the same for every kcompressd thread (found again every second: v1 starts its
 *                          workers on first use)
 *   cpu_stat.txt           `t_mono t_epoch` before each `cpu*` line of /proc/stat, then `loadavg …` (the other load)
 *   ftrace.txt             the top-level trace_pipe, drained without blocking every 250 ms by a child process (a
 *                          flood of events must never hold up the 100 ms samples)
 * t_mono is CLOCK_MONOTONIC (ftrace's `mono` trace_clock), t_epoch CLOCK_REALTIME, both with 6 decimals.
 * Usage: rr-lab-agent OUTDIR [PERIOD_MS [MEMINFO_EVERY [PROC [SYS [TRACING]]]]]; stops on SIGTERM/SIGINT.
 * PROC/SYS/TRACING default to /proc, /sys and /sys/kernel/tracing (tests point them elsewhere; TRACING "-" = none).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 16
#define BUF (64 * 1024)

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void)sig; stop = 1; }

static const char *out_dir, *proc = "/proc", *sys_dir = "/sys", *tracing = "/sys/kernel/tracing";
static char buf[BUF];

struct thread { int pid; char comm[32]; FILE *f; };
static struct thread threads[MAX_THREADS];
static int nthreads;

static FILE *open_out(const char *name, const char *header) {
	char path[512];
	snprintf(path, sizeof path, "%s/%s", out_dir, name);
	FILE *f = fopen(path, "w");
	if (!f) { perror(path); exit(1); }
	if (header) fputs(header, f);
	return f;
}

/* The whole file from offset 0 into buf; -1 if it cannot be read. */
static ssize_t read_all(int fd) {
	ssize_t n = 0, r = 0;
	while (n < BUF - 1 && (r = pread(fd, buf + n, BUF - 1 - n, n)) > 0) n += r;
	if (r < 0 && n == 0) return -1;
	buf[n] = 0;
	return n;
}

/* A file opened once (read once). */
static ssize_t slurp(const char *path) {
	int fd = open(path, O_RDONLY);
	if (fd < 0) return -1;
	ssize_t n = read_all(fd);
	close(fd);
	return n;
}

/* A file read every sample: kept open and read again from offset 0, so a sample allocates no struct file and no
 * seq_file buffer (the sampler stalled up to 5.9 s in direct reclaim on such GFP_KERNEL allocations). */
#define MAX_KEPT 64
static struct { char path[256]; int fd; } kept[MAX_KEPT];
static int nkept;
static ssize_t slurp_kept(const char *path) {
	for (int i = 0; i < nkept; i++)
		if (strcmp(kept[i].path, path) == 0) return read_all(kept[i].fd);
	int fd = open(path, O_RDONLY);
	if (fd < 0) return -1;
	if (nkept == MAX_KEPT) { ssize_t n = read_all(fd); close(fd); return n; }
	snprintf(kept[nkept].path, sizeof kept[nkept].path, "%s", path);
	kept[nkept++].fd = fd;
	return read_all(fd);
}

static void stamp(char *mono, char *epoch) {
	struct timespec m, e;
	clock_gettime(CLOCK_MONOTONIC, &m);
	clock_gettime(CLOCK_REALTIME, &e);
	sprintf(mono, "%ld.%06ld", (long)m.tv_sec, m.tv_nsec / 1000);
	sprintf(epoch, "%ld.%06ld", (long)e.tv_sec, e.tv_nsec / 1000);
}

/* snapshotBlock(): header line, then the file verbatim, newline-terminated. */
static void snapshot(FILE *f, const char *path, const char *mono, const char *epoch) {
	ssize_t n = slurp_kept(path);
	if (n < 0) return;
	fprintf(f, "# t_mono=%s t_epoch=%s\n%s", mono, epoch, buf);
	if (n == 0 || buf[n - 1] != '\n') fputc('\n', f);
}

static int blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* seriesLine(): the stamp, then the file trimmed, each blank run holding a newline made one space. */
static void series(FILE *f, const char *path, const char *mono, const char *epoch) {
	ssize_t n = slurp_kept(path);
	if (n < 0) return;
	char *b = buf, *e = buf + n;
	while (b < e && blank(*b)) b++;
	while (e > b && blank(e[-1])) e--;
	fprintf(f, "%s %s ", mono, epoch);
	for (char *p = b; p < e;) {
		if (!blank(*p)) { fputc(*p++, f); continue; }
		char *q = p;
		int newline = 0;
		while (q < e && blank(*q)) newline |= *q++ == '\n';
		if (newline) fputc(' ', f); else fwrite(p, 1, q - p, f);
		p = q;
	}
	fputc('\n', f);
}

/* cpuStatLines(): each `cpu*` line of /proc/stat verbatim (trailing blanks cut), then /proc/loadavg trimmed; both
 * are read before anything is written, so a sample is whole or absent. */
static char stat_buf[BUF];
static void cpu_stat(FILE *f, const char *stat_path, const char *loadavg_path, const char *mono, const char *epoch) {
	ssize_t n = slurp_kept(stat_path);
	if (n < 0) return;
	memcpy(stat_buf, buf, n + 1);
	n = slurp_kept(loadavg_path);
	if (n < 0) return;
	for (char *line = stat_buf, *next; *line; line = next) {
		char *nl = strchr(line, '\n');
		next = nl ? nl + 1 : line + strlen(line);
		if (strncmp(line, "cpu", 3) != 0) continue;
		char *e = nl ? nl : next;
		while (e > line && blank(e[-1])) e--;
		fprintf(f, "%s %s %.*s\n", mono, epoch, (int)(e - line), line);
	}
	char *b = buf, *e = buf + n;
	while (b < e && blank(*b)) b++;
	while (e > b && blank(e[-1])) e--;
	fprintf(f, "%s %s loadavg %.*s\n", mono, epoch, (int)(e - b), b);
}

/* kswapdLine(): utime and stime (fields 14 and 15 of stat, counted after the `)` of the comm) and schedstat. */
static void task_line(struct thread *t, const char *mono, const char *epoch) {
	char path[256];
	snprintf(path, sizeof path, "%s/%d/stat", proc, t->pid);
	if (slurp_kept(path) < 0) return;
	char *rest = strrchr(buf, ')');
	if (!rest) return;
	char utime[32] = "0", stime[32] = "0";
	int field = 2;
	for (char *tok = strtok(rest + 1, " \n"); tok; tok = strtok(NULL, " \n")) {
		field++;
		if (field == 14) snprintf(utime, sizeof utime, "%s", tok);
		if (field == 15) { snprintf(stime, sizeof stime, "%s", tok); break; }
	}
	snprintf(path, sizeof path, "%s/%d/schedstat", proc, t->pid);
	if (slurp_kept(path) < 0) return;
	char sum[32] = "0", delay[32] = "0", slices[32] = "0";
	sscanf(buf, "%31s %31s %31s", sum, delay, slices);
	fprintf(t->f, "%s %s %s %s %s %s %s\n", mono, epoch, utime, stime, sum, delay, slices);
}

/* Adds kswapd0 and kcompressd* threads not seen before. */
static void find_threads(void) {
	DIR *d = opendir(proc);
	if (!d) return;
	struct dirent *e;
	while ((e = readdir(d)) && nthreads < MAX_THREADS) {
		int pid = atoi(e->d_name);
		if (pid <= 0) continue;
		int known = 0;
		for (int i = 0; i < nthreads; i++) known |= threads[i].pid == pid;
		if (known) continue;
		char path[256];
		snprintf(path, sizeof path, "%s/%d/comm", proc, pid);
		if (slurp(path) <= 0) continue;
		buf[strcspn(buf, "\n")] = 0;
		int kswapd = strcmp(buf, "kswapd0") == 0;
		if (!kswapd && strncmp(buf, "kcompressd", 10) != 0) continue;
		struct thread *t = &threads[nthreads++];
		t->pid = pid;
		snprintf(t->comm, sizeof t->comm, "%.31s", buf);
		char name[96], header[320];
		if (kswapd) {
			snprintf(name, sizeof name, "kswapd_cpu.txt");
			/* formats.ts kswapdHeader() */
			snprintf(header, sizeof header, "# t_mono t_epoch utime_ticks stime_ticks sum_exec_runtime_ns run_delay_ns timeslices   "
				"(kswapd pid %d %s; ticks are USER_HZ=100; /proc/PID/stat fields 14,15 and /proc/PID/schedstat)\n", pid, t->comm);
		} else {
			char safe[32];
			snprintf(safe, sizeof safe, "%s", t->comm + 10);
			for (char *c = safe; *c; c++) if (*c == ':' || *c == '/') *c = '_';
			snprintf(name, sizeof name, "kcompressd_cpu%s%s.txt", safe[0] == '_' ? "" : "_", safe);
			snprintf(header, sizeof header, "# t_mono t_epoch utime_ticks stime_ticks sum_exec_runtime_ns run_delay_ns timeslices   "
				"(%s pid %d; ticks are USER_HZ=100; /proc/PID/stat fields 14,15 and /proc/PID/schedstat)\n", t->comm, pid);
		}
		t->f = open_out(name, header);
	}
	closedir(d);
}

/* The drainer process: copies what trace_pipe holds (O_NONBLOCK: up to EAGAIN, at most 4 MiB a round) every 250 ms
 * until SIGTERM, then once more up to EAGAIN. Memory locks are not inherited across fork(): it takes its own, or
 * under pressure it waits on swap-in while the ring buffer fills (/init appends what it left unread). */
static void drainer(int pipe_fd, FILE *f) {
	static char tbuf[BUF];
	mlockall(MCL_CURRENT | MCL_FUTURE);
	for (;;) {
		int last = stop;
		ssize_t n, round = 0;
		while ((last || round < (4 << 20)) && (n = read(pipe_fd, tbuf, BUF)) > 0) {
			fwrite(tbuf, 1, n, f);
			round += n;
		}
		fflush(f);
		if (last) break;
		if (round < (4 << 20)) usleep(250000);
	}
	fclose(f);
	_exit(0);
}

static void add_ms(struct timespec *t, long ms) {
	t->tv_nsec += ms * 1000000L;
	while (t->tv_nsec >= 1000000000L) { t->tv_nsec -= 1000000000L; t->tv_sec++; }
}

int main(int argc, char **argv) {
	if (argc < 2) { fprintf(stderr, "usage: %s OUTDIR [PERIOD_MS [MEMINFO_EVERY [PROC [SYS [TRACING]]]]]\n", argv[0]); return 2; }
	out_dir = argv[1];
	long period = argc > 2 ? atol(argv[2]) : 100;
	long meminfo_every = argc > 3 ? atol(argv[3]) : 10;
	if (argc > 4) proc = argv[4];
	if (argc > 5) sys_dir = argv[5];
	if (argc > 6) tracing = strcmp(argv[6], "-") == 0 ? NULL : argv[6];
	if (period <= 0 || meminfo_every <= 0) { fprintf(stderr, "bad period\n"); return 2; }
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	mlockall(MCL_CURRENT | MCL_FUTURE); /* the sampler itself must not wait on swap-in */

	FILE *vm = open_out("vmstat_snapshots.txt", NULL), *mi = open_out("meminfo_snapshots.txt", NULL);
	/* formats.ts ZRAM_MM_HEADER and ZRAM_IO_HEADER */
	FILE *mm = open_out("zram_mm_stat.txt", "# t_mono t_epoch orig_data_size compr_data_size mem_used_total mem_limit mem_used_max same_pages pages_compacted huge_pages huge_pages_since   (sizes in bytes, *_pages in pages; /sys/block/zram0/mm_stat)\n");
	FILE *io = open_out("zram_io_stat.txt", "# t_mono t_epoch failed_reads failed_writes invalid_io notify_free [...]   (/sys/block/zram0/io_stat)\n");
	/* formats.ts CPU_STAT_HEADER */
	FILE *cs = open_out("cpu_stat.txt", "# t_mono t_epoch <'cpu*' lines of /proc/stat: name user nice system idle iowait irq softirq steal guest guest_nice (USER_HZ ticks)> then 'loadavg' line\n");
	FILE *ft = NULL;
	int pipe_fd = -1;
	pid_t drain_pid = -1;
	char path[512], mono[32], epoch[32];
	if (tracing) {
		snprintf(path, sizeof path, "%s/trace_pipe", tracing);
		pipe_fd = open(path, O_RDONLY | O_NONBLOCK);
		if (pipe_fd >= 0) ft = open_out("ftrace.txt", NULL);
		/* capture.ts clock check: markers whose ftrace time minus the written t_mono is the clock offset */
		snprintf(path, sizeof path, "%s/trace_marker", tracing);
		int mk = open(path, O_WRONLY);
		for (int i = 0; mk >= 0 && i < 5; i++) {
			stamp(mono, epoch);
			dprintf(mk, "reclaim-replay clock_check t_mono=%s\n", mono);
		}
		if (mk >= 0) close(mk);
		if (ft) {
			drain_pid = fork();
			if (drain_pid == 0) drainer(pipe_fd, ft);
			fclose(ft); /* the child owns it */
			ft = NULL;
		}
	}
	char vmstat[256], meminfo[256], mm_stat[256], io_stat[256], stat[256], loadavg[256];
	snprintf(stat, sizeof stat, "%s/stat", proc);
	snprintf(loadavg, sizeof loadavg, "%s/loadavg", proc);
	snprintf(vmstat, sizeof vmstat, "%s/vmstat", proc);
	snprintf(meminfo, sizeof meminfo, "%s/meminfo", proc);
	snprintf(mm_stat, sizeof mm_stat, "%s/block/zram0/mm_stat", sys_dir);
	snprintf(io_stat, sizeof io_stat, "%s/block/zram0/io_stat", sys_dir);

	struct timespec next;
	clock_gettime(CLOCK_MONOTONIC, &next);
	long samples = 0, find_every = 1000 / period > 0 ? 1000 / period : 1;
	while (!stop) {
		if (samples % find_every == 0) {
			find_threads();
			/* flushed every second: a guest that hangs or OOMs still leaves the capture up to then */
			fflush(vm); fflush(mi); fflush(mm); fflush(io); fflush(cs);
			for (int i = 0; i < nthreads; i++) fflush(threads[i].f);
		}
		stamp(mono, epoch);
		/* the CPU counters first, closest to the stamp: a late read would make run time outpace wall time */
		for (int i = 0; i < nthreads; i++) task_line(&threads[i], mono, epoch);
		cpu_stat(cs, stat, loadavg, mono, epoch);
		snapshot(vm, vmstat, mono, epoch);
		if (samples % meminfo_every == 0) snapshot(mi, meminfo, mono, epoch);
		series(mm, mm_stat, mono, epoch);
		series(io, io_stat, mono, epoch);
		samples++;
		add_ms(&next, period);
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > next.tv_sec || (now.tv_sec == next.tv_sec && now.tv_nsec > next.tv_nsec)) next = now; /* skip missed ticks */
		while (!stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR) {}
	}
	if (drain_pid > 0) {
		kill(drain_pid, SIGTERM);
		waitpid(drain_pid, NULL, 0);
	}
	fclose(vm); fclose(mi); fclose(mm); fclose(io); fclose(cs);
	for (int i = 0; i < nthreads; i++) fclose(threads[i].f);
	fprintf(stderr, "rr-lab-agent: %ld samples, %d reclaim threads\n", samples, nthreads);
	return 0;
}
