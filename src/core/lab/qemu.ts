// The QEMU command line of a lab run: TCG with one host thread per vCPU (hardware KVM does not boot inside the VMs
// these tools run in), no display, the serial console into a file, the output folder shared read-write over
// virtio-9p (the only thing the guest can touch on the host), no network, no reboot on panic.
import { GUEST_SHARE_TAG } from './initramfs';

export interface QemuRun {
  kernel: string;
  initrd: string;
  cpus: number;
  memMiB: number;
  /** Shared into the guest as /out. */
  outDir: string;
  consoleLog: string;
  /** Extra kernel command-line words (e.g. a design's module parameters). */
  append?: string[];
}

export const QEMU_BINARY = 'qemu-system-x86_64';

export function qemuArgs(r: QemuRun): string[] {
  const append = ['console=ttyS0', 'panic=-1', 'loglevel=4', 'rdinit=/init', ...(r.append ?? [])].join(' ');
  return [
    '-accel', 'tcg,thread=multi',
    '-smp', String(r.cpus),
    '-m', `${r.memMiB}M`,
    '-kernel', r.kernel,
    '-initrd', r.initrd,
    '-append', append,
    '-display', 'none', '-vga', 'none', '-monitor', 'none', '-nic', 'none',
    '-serial', `file:${r.consoleLog}`,
    '-virtfs', `local,path=${r.outDir},mount_tag=${GUEST_SHARE_TAG},security_model=none,id=${GUEST_SHARE_TAG}`,
    '-no-reboot',
  ];
}
